//! The rule list: every check `ect validate` makes, with its id, default
//! severity and the text `ect explain` prints. The checks themselves live in
//! the modules below: `file` for one file at a time, `cross` for checks that
//! need the whole curriculum.

pub mod cross;
pub mod file;

use crate::diag::Severity;

/// One rule.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// One line: what it checks.
    pub summary: &'static str,
    /// Why it matters and how to fix it.
    pub explain: &'static str,
}

use Severity::{Error, Warning};

/// Every rule, in the order the README lists them.
pub const RULES: &[Rule] = &[
    Rule {
        id: "front-matter",
        severity: Error,
        summary: "front matter is missing, unclosed, not valid YAML, has no `title` or a value of the wrong type",
        explain: "Every curriculum page starts with YAML front matter between two `---` lines, and needs at least a `title`. \
Without it the provider's site cannot show the page and `ect` cannot tell what the page is.\n\n\
Fix: start the file with `---`, a line `title: \"...\"`, and another `---`. Quote values that contain `: ` \
(`title: \"Year 1: Autumn\"`). Indent YAML with spaces, never tabs.",
    },
    Rule {
        id: "caption-mismatch",
        severity: Error,
        summary: "a session's title, heading or caption disagrees with its path",
        explain: "Mentor materials are found by their path (`year-1-.../summer-week-6-mentor-materials.md`), but mentors read \
the title. When the two disagree, a mentor may run the wrong week's session.\n\n\
Fix: make the title `Year 1 Summer week 6 mentor materials`, the heading `Mentor materials` and the caption \
`Summer week 6`, or move the file to the path that matches its title. An ECT part's title should match its \
file name (`autumn-week-2-ect-reading.md` is titled `Reading`).",
    },
    Rule {
        id: "broken-link",
        severity: Error,
        summary: "an internal link, image, asset, `next_path` or `previous_path` resolves to no file, or goes nowhere",
        explain: "Links are site-absolute without `.md`: `/ucl/year-1-module/autumn-week-1-mentor-materials` must be a file \
`curriculum/ucl/year-1-module/autumn-week-1-mentor-materials.md`, and `/assets/x.pdf` a file `curriculum/assets/x.pdf`. \
A link to `about:blank` or an empty target goes nowhere.\n\n\
Fix: correct the path (check spelling, the week number and the module folder) or remove the link.",
    },
    Rule {
        id: "bad-url",
        severity: Warning,
        summary: "an external URL is malformed, a staging or security-proxy rewrite of a real address, or a `javascript:` link",
        explain: "An address with a space inside breaks in most renderers. Addresses copied out of an email often carry a \
security-proxy rewrite (`safelinks.protection.outlook.com`, `urldefense`) or point at a staging site that \
readers cannot open. A `javascript:` or `vbscript:` link runs a script instead of opening a page.\n\nFix: paste the real public address, with spaces written as `%20`.",
    },
    Rule {
        id: "pagination",
        severity: Error,
        summary: "`next_path` and `previous_path` of ECT parts do not point back at each other",
        explain: "ECT self-study parts form a chain: each part's `next_path` names the next part, whose `previous_path` must \
name it back. A broken chain sends an ECT to the wrong page or skips one.\n\n\
Fix: make page B's `previous_path` the path of page A when A's `next_path` is B (and the titles match).",
    },
    Rule {
        id: "overview",
        severity: Error,
        summary: "the programme or a module overview disagrees with the files: missing modules, wrong weeks, pages linked from nowhere",
        explain: "The programme overview (`curriculum/<programme>.md`) is the table of contents: it gives the order of \
modules. A module it lists must exist; a module folder it does not list is never scheduled. A module \
overview's `## Week N` section should link to week N's pages, and every session page should be linked \
from somewhere, or readers cannot find it.\n\n\
Fix: add or correct the `### [Title](/<programme>/<module>)` line, or the week link.",
    },
    Rule {
        id: "unbalanced-block",
        severity: Error,
        summary: "a GOV.UK extension block (`{details}` ... `{/details}`) is unclosed, unopened or in the wrong case",
        explain: "GOV.UK Markdown blocks open with `{name}` and close with `{/name}`, in lowercase. An unclosed block hides \
the rest of the page; `{Details}` is not recognised and shows as text.\n\n\
Fix: pair every `{details}` with a `{/details}`, both in lowercase.",
    },
    Rule {
        id: "govspeak-leftover",
        severity: Error,
        summary: "unconverted Govspeak markers such as `$CTA` ... `$EndCTA` are left in the text",
        explain: "Content moved from GOV.UK's Govspeak keeps markers like `$CTA`, `$I`, `$C` that this site does not \
render: readers see the raw markers.\n\nFix: remove the markers, or use a `{details}` block or plain text.",
    },
    Rule {
        id: "stray-html",
        severity: Error,
        summary: "truncated or unbalanced HTML (`<br /`, a lone `<`, an unclosed `<ol>`), or `<img>` without `src`",
        explain: "Raw HTML in Markdown must be well formed: a truncated tag swallows the text after it, an unclosed list \
breaks the layout, and an image without `src` shows nothing.\n\n\
Fix: prefer Markdown (`-` lists, `![alt](/assets/x.png)`); otherwise close every tag and give `<img>` a `src`.",
    },
    Rule {
        id: "timing-budget",
        severity: Warning,
        summary: "a section's timed activities do not add up to its declared `Duration`",
        explain: "When a session says `Duration: 50 minutes` and lists timed activities (`Review: 10 mins`, ...), mentors \
plan the meeting by those numbers. If they do not add up, the meeting overruns or something is skipped. \
Budgets are per `##` section, since some files hold two sessions.\n\n\
Fix: correct the minutes of an activity or the declared duration.",
    },
    Rule {
        id: "week-sequence",
        severity: Error,
        summary: "two files claim the same programme, module, term, week and part",
        explain: "Each week of a module has at most one file of each part (one mentor materials, one of each ECT part). \
Two files for the same week mean one of them is never used. Gaps in week numbers are normal (self-study \
weeks) and are not reported.\n\nFix: renumber or remove the duplicate.",
    },
    Rule {
        id: "empty-section",
        severity: Warning,
        summary: "a heading has no content under it",
        explain: "A heading followed straight by another heading of the same or a higher level has nothing under it: \
usually text was lost in a copy.\n\nFix: add the missing text or remove the heading.",
    },
    Rule {
        id: "duplicate-paragraph",
        severity: Warning,
        summary: "the same paragraph appears twice in one file",
        explain: "A paragraph repeated word for word in one file is usually a copy-and-paste slip.\n\n\
Fix: remove one copy, or reword it if both are meant.",
    },
    Rule {
        id: "unreferenced-asset",
        severity: Warning,
        summary: "a file under `assets/` that no page links to",
        explain: "Assets that nothing links to are never seen and make the repository heavier.\n\n\
Fix: link it from the page it belongs to, or delete it.",
    },
    Rule {
        id: "unreadable",
        severity: Error,
        summary: "a file cannot be read as UTF-8 text, is binary or too large, or is a symbolic link (never followed)",
        explain: "`ect` reads curriculum and plan files as UTF-8 text. A file saved in another encoding, a binary file \
with a `.md` name, or one too large to be a page is reported and skipped. Symbolic links are never followed, so a \
link cannot lead `ect` out of the repository.\n\nFix: save the file as UTF-8 text; replace a link with the file itself.",
    },
    Rule {
        id: "agenda",
        severity: Error,
        summary: "an agenda's front matter is missing or broken, or disagrees with its folder or file name",
        explain: "`ect agenda` writes `plans/<pair>/agendas/<date>.md` with front matter it reads back (the pair, the \
date, the sessions). Mentors type below it; if the front matter is damaged, `ect` cannot carry the agenda's \
actions forward.\n\nFix: undo the change to the `---` block at the top; the `pair` must be the folder's pair \
and `date` the file name's date.",
    },
    Rule {
        id: "agenda-task",
        severity: Warning,
        summary: "a line of an agenda looks like an action but is not a task, so it is not carried (`- []`, `- [ x]`, a box with no list marker)",
        explain: "Actions are task-list items: a list marker (`-`, `*`, `+`, `1.` or `1)`), a space, a box and the text: `- [ ] Phone home by Friday`. `[x]` ticks it done and `[-]` drops it. A box written `[]` or `[ x]`, or with no list marker before it, is plain text to GitHub and to `ect`: the action would never reach the next agenda.\n\n\
Fix: write the box as `[ ]` (one space), `[x]` or `[-]`, after `- `.",
    },
    Rule {
        id: "agenda-name",
        severity: Warning,
        summary: "an agenda file is not named by its meeting date; an error when its date cannot be read at all, so its actions are not carried",
        explain: "`ect` finds a meeting's agenda by its name, `plans/<pair>/agendas/YYYY-MM-DD.md`. A renamed agenda still counts when its date can be read from its front matter (`date: 2026-11-24`) or from a date in its name, but `ect agenda` will write a new file beside it for that meeting. When the date cannot be read, the actions in it are not carried to any later agenda.\n\n\
Fix: rename the file `YYYY-MM-DD.md` after the meeting date.",
    },
    Rule {
        id: "agenda-conflict",
        severity: Warning,
        summary: "`ect agenda` could not merge a change into an agenda a person edited: both changed the same lines, and the person's text was kept",
        explain: "When an agenda's inputs change after a person edited it (an action agreed at an earlier meeting, a changed session, a new next-meeting date), `ect agenda` merges the change into the file as `git merge-file` does. Where the person changed the very lines the change touches, the person's text is kept and the lines `ect` wanted to write are shown here. The record is kept in `plans/<pair>/.ect/base/`.\n\n\
Fix: copy what you need of the new lines into the agenda (for example an action to review). The warning goes when the lines are changed or the agenda is merged cleanly again.",
    },
    Rule {
        id: "agenda-moved",
        severity: Warning,
        summary: "an edited agenda's date is no longer a meeting of the pair (a closure, a new meeting day or a pause moved it)",
        explain: "`ect agenda` moves or removes an agenda it wrote when its date stops being a meeting, but an agenda a person typed into is kept where it is. Mentors may then open the wrong file.\n\n\
Fix: move what you typed into the agenda of the new date (the message names it) and delete the old file, or rename the old file to the new date if the new one has not been written yet.",
    },
    Rule {
        id: "config",
        severity: Error,
        summary: "`ect.yaml` has a problem: bad term dates, overlapping terms, unknown keys (warning)",
        explain: "`ect.yaml` holds the school calendar and the repository's settings. Term dates must exist, run in order \
and not overlap; breaks must sit inside their term.\n\nFix: correct the date the message points at.",
    },
    Rule {
        id: "pair",
        severity: Error,
        summary: "a `plans/<pair>/pair.yaml` has a problem: missing keys, a bad id, weekday or time, an unknown programme, a start outside every term, pauses out of order; unknown keys (warning)",
        explain: "Each mentor-ECT pair is a folder `plans/<pair-id>/` (lowercase letters, digits and hyphens) with a `pair.yaml` \
naming `mentor`, `ect`, `programme` (or a default `programme:` in `ect.yaml`), `start` (the ECT's first week) and \
`meeting: {day: tuesday, time: \"15:30\", minutes: 50}`. Meetings and agendas are worked out from it: a wrong date or \
weekday puts every meeting on the wrong day, and a pair `ect` cannot read gets no agenda.\n\n\
Fix: correct the value the message points at. `start` must fall inside a term of `ect.yaml`; a pause's `end` comes \
after its `start`, and pauses must not overlap. A folder with no `pair.yaml` is skipped.",
    },
    Rule {
        id: "plan",
        severity: Error,
        summary: "an action plan's front matter is missing or broken, names another pair, has an unknown status, or the pair has two active plans; unknown keys and misnamed files (warning)",
        explain: "An action plan is `plans/<pair>/action-plans/<YYYY-MM-DD>.md` with front matter naming the `pair`, the \
day it was `created`, the `review` date and its `status` (`active` or `closed`). A pair has one active plan: its \
targets are carried into agendas and into the next plan, so two active plans (or a plan in the wrong folder) \
send the wrong targets forward.\n\n\
Fix: write `pair:` as the folder's name; mark the older plan `status: closed` with `superseded_by: <newer file>` \
(`ect plan new` does this for you); name plan files by their date. `docs/plans.md` has a full example.",
    },
    Rule {
        id: "induction-record",
        severity: Error,
        summary: "a progress review, formal assessment or observation record has broken front matter, a Teachers' Standard outside 1 to 8, or is marked signed with parts unfilled; a formal assessment with no observation in its period (warning)",
        explain: "The induction tutor's records live beside the mentors' files: `plans/<pair>/reviews/<date>-progress-review.md`, \
`<date>-formal-assessment.md` and `plans/<pair>/observations/<date>.md` (`ect review new`, `ect observe new`). Their front \
matter names the pair, the kind, the induction term and the period the evidence covers. An appropriate body expects a \
signed record to be complete, and a formal assessment to rest on observations.\n\n\
Fix: keep `status: draft` until the record is complete; once `signed`, fill the outcome line (`On track:`, `Progress:` or \
`Recommendation:`) and give each signature a name and a date (`- ECT: <name>, YYYY-MM-DD`). Number the Teachers' \
Standards 1 to 8. Messages never quote what a record says: records hold personal data.",
    },
    Rule {
        id: "plan-target",
        severity: Error,
        summary: "a target of an action plan has no measure or due date, a standard outside 1 to 8 or an unknown status; more than three open targets, a target not written yet, a plan with no targets (warning)",
        explain: "Targets are SMART: specific, measurable, achievable, relevant and time-bound. A target with no `Measure:` \
cannot be reviewed, and one with no `Due:` date never becomes overdue. A `Standard:` names the Teachers' Standard \
it serves, numbered 1 to 8 (the plan is developmental, not an assessment against them). Mentoring guidance is to \
work on at most three targets at a time.\n\n\
Fix: under each `## Target: <text>` heading write `- Measure: ...`, `- Due: YYYY-MM-DD`, optionally \
`- Standard: 4`, and `- Status: open`, `met` or `dropped`. Replace or delete the prompts in brackets that \
`ect plan new` writes.",
    },
    Rule {
        id: "plan-dates",
        severity: Error,
        summary: "an action plan's date is not a date, a due or review date comes before the plan was written; an active plan with no review date or one that has passed (warning)",
        explain: "A plan's `review` date goes in the diary: it is the meeting at which the targets are reviewed and the next \
plan is written. A due date before the plan was written is usually a slip of the year, or a target carried \
from an earlier plan that needs a new date. Dates are written `YYYY-MM-DD` (`15/01/2027` and `15 January 2027` \
are read too).\n\n\
Fix: correct the date the message points at. When a review date has passed, hold the review: mark targets \
`met` or `dropped` and run `ect plan new`, or set a later `review:`.",
    },
];

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// A rule's severity before `ect.yaml` changes it.
pub fn default_severity(id: &str) -> Severity {
    find(id).map_or(Severity::Error, |r| r.severity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for id in ids {
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
        }
    }
}
