//! The records an induction tutor keeps, beside the mentors' files:
//! `plans/<pair>/reviews/<date>-progress-review.md` and
//! `<date>-formal-assessment.md`, and `plans/<pair>/observations/<date>.md`.
//! Their text when new (the parts the tutor completes), reading them back,
//! and their checks (rule `induction-record`).
//!
//! Records hold judgements about a person: no message here ever quotes
//! what a record says, only where a problem is (path, line, rule).

use super::calendar::EventKind;
use crate::diag::{Diagnostic, FileDiagnostics, Severity};
use chrono::NaiveDate;
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The rule id of every check here.
pub const RULE: &str = "induction-record";

/// A review or assessment file found in `plans/<pair>/reviews/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFile {
    pub date: NaiveDate,
    /// The kind the file name says.
    pub kind: EventKind,
    pub path: PathBuf,
}

/// The name of a review file: `2027-03-24-progress-review.md`.
pub fn review_file_name(date: NaiveDate, kind: EventKind) -> String {
    format!("{date}-{}.md", kind.as_str())
}

/// Reads a review file name back.
pub fn parse_review_file_name(name: &str) -> Option<(NaiveDate, EventKind)> {
    let stem = name.strip_suffix(".md")?;
    let (date, kind) = (stem.get(..10)?, stem.get(10..)?);
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some((date, EventKind::parse(kind.strip_prefix('-')?)?))
}

/// The review files of the pair in `pair_dir`, by date (plain files only).
pub fn list_reviews(pair_dir: &Path) -> Vec<ReviewFile> {
    let mut found: Vec<ReviewFile> =
        crate::repo::files_named(&pair_dir.join("reviews"), parse_review_file_name)
            .into_iter()
            .map(|((date, kind), path)| ReviewFile { date, kind, path })
            .collect();
    found.sort_by_key(|r| (r.date, r.kind));
    found
}

/// The observation files of the pair in `pair_dir`, by date.
pub fn list_observations(pair_dir: &Path) -> Vec<(NaiveDate, PathBuf)> {
    crate::repo::dated_files(&pair_dir.join("observations"))
}

/// What a review's front matter says.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ReviewFront {
    pub pair: Option<String>,
    pub kind: Option<String>,
    pub term: Option<u32>,
    pub period: Option<Period>,
    pub status: Option<String>,
}

/// The days a review's evidence covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
pub struct Period {
    /// The first day: the term's start, or the induction's.
    pub from: NaiveDate,
    /// The last day: the review's date, or the term's end.
    pub to: NaiveDate,
}

/// Whether a record is complete.
#[allow(dead_code)]
#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RecordStatus {
    /// Being written: nothing is required yet.
    Draft,
    /// Everyone has signed: `ect validate` checks every required part is filled.
    Signed,
}

/// The front matter of a progress review or formal assessment
/// (`plans/<pair>/reviews/<date>-<kind>.md`), for `ect schema`.
#[allow(dead_code)]
#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct ReviewFrontMatter {
    /// The pair's id: the folder the record is in.
    pub pair: String,
    /// `progress-review` or `formal-assessment`, as in the file name.
    pub kind: EventKind,
    /// The induction term, from 1 (`ect induction` lists them).
    #[schemars(range(min = 1))]
    pub term: u32,
    /// The days the evidence covers.
    pub period: Period,
    /// `draft` (the default) or `signed`.
    pub status: Option<RecordStatus>,
}

/// The front matter of an observation record
/// (`plans/<pair>/observations/<date>.md`), for `ect schema`.
#[allow(dead_code)]
#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct ObservationFrontMatter {
    /// The pair's id: the folder the record is in.
    pub pair: String,
    /// The observation's date: also the file's name.
    pub date: Option<NaiveDate>,
    /// Who observed.
    pub by: Option<String>,
    /// The Teachers' Standards observed, 1 to 8.
    #[serde(default)]
    #[schemars(inner(range(min = 1, max = 8)))]
    pub focus: Vec<u8>,
    /// `draft` (the default) or `signed`, once the follow-up meeting is recorded.
    pub status: Option<RecordStatus>,
}

/// Reads a review's front matter (`None` when it has none or it is broken).
pub fn review_front(text: &str) -> Option<ReviewFront> {
    let split = crate::front_matter::split(text).ok()?;
    serde_yaml::from_str(split.yaml).ok()
}

/// The text of a new review of `kind`: front matter, the evidence summary
/// (already written as Markdown), and the parts the tutor completes.
pub struct NewReview<'a> {
    pub pair: &'a str,
    pub kind: EventKind,
    pub term: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub ect: &'a str,
    pub evidence: &'a str,
    /// Whether this is the induction's last term (the final assessment).
    pub last: bool,
}

pub fn render_review(r: &NewReview<'_>) -> String {
    let mut s = String::new();
    s.push_str("---\n");
    s.push_str(&format!("pair: {}\n", r.pair));
    s.push_str(&format!("kind: {}\n", r.kind.as_str()));
    s.push_str(&format!("term: {}          # induction term\n", r.term));
    s.push_str(&format!("period: {{from: {}, to: {}}}\n", r.from, r.to));
    s.push_str(match r.kind {
        EventKind::ProgressReview => {
            "status: draft    # `signed` once the ECT and the tutor have signed\n---\n\n"
        }
        EventKind::FormalAssessment => {
            "status: draft    # `signed` once the ECT, the tutor and the headteacher have signed\n---\n\n"
        }
    });
    match r.kind {
        EventKind::ProgressReview => s.push_str(&format!(
            "# Progress review, induction term {}: {}\n\n\
A record of the induction tutor's progress review: whether the ECT is on \
track to meet the Teachers' Standards by the end of induction, the evidence \
it rests on, and the targets agreed. The appropriate body is told the outcome.\n\n",
            r.term, r.ect
        )),
        EventKind::FormalAssessment => {
            let which = if r.last { "final" } else { "first" };
            s.push_str(&format!(
                "# Formal assessment ({which}), induction term {}: {}\n\n\
A judgement of the ECT's progress against the Teachers' Standards (not \
against the ITTECF), signed by the ECT, the induction tutor and the \
headteacher.",
                r.term, r.ect
            ));
            if r.last {
                s.push_str(
                    " The final assessment goes to the appropriate body within ten working days of the meeting.",
                );
            }
            s.push_str("\n\n");
        }
    }
    s.push_str("## Evidence from the repository\n\n");
    s.push_str(
        "_Written by `ect review new` from the pair's files; add any other evidence below._\n\n",
    );
    s.push_str(r.evidence.trim_end());
    s.push_str("\n\n## Outcome\n\n");
    match r.kind {
        EventKind::ProgressReview => s.push_str(
            "_Yes or no: is the ECT on track to meet the Teachers' Standards by the end of induction?_\n\nOn track: \n\n",
        ),
        EventKind::FormalAssessment if r.last => s.push_str(
            "_Meets the Teachers' Standards, does not meet them, or an extension is recommended._\n\nRecommendation: \n\n",
        ),
        EventKind::FormalAssessment => s.push_str(
            "_Satisfactory or unsatisfactory progress against the Teachers' Standards._\n\nProgress: \n\n",
        ),
    }
    s.push_str(
        "## Strengths\n\n_One line per Teachers' Standard (1 to 8), e.g. `- Standard 4: ...`._\n\n- Standard : \n\n\
## Areas for development\n\n- Standard : \n\n\
## Induction targets\n\n\
_The induction tutor's targets, each linked to a Teachers' Standard; kept apart from the mentor's weekly action steps._\n\n\
- [ ] Standard : (by YYYY-MM-DD)\n\n\
## Sign-off\n\n\
_Each person writes their name and the date they signed, e.g. `- ECT: <name>, YYYY-MM-DD`._\n\n\
- ECT: \n- Induction tutor: \n",
    );
    if r.kind == EventKind::FormalAssessment {
        s.push_str("- Headteacher: \n");
    }
    s
}

/// The text of a new observation record.
pub fn render_observation(pair: &str, date: NaiveDate, by: &str) -> String {
    format!(
        "---\n\
pair: {pair}\n\
date: {date}\n\
by: {by}\n\
focus: []         # the Teachers' Standards observed, e.g. [1, 4, 7]\n\
status: draft     # `signed` once the follow-up meeting is held and recorded\n\
---\n\n\
# Observation, {date}\n\n\
A brief record of a lesson observation by a qualified teacher, followed by a \
review meeting with the ECT.\n\n\
## Focus\n\n\
_What the observation looked at, agreed with the ECT beforehand._\n\n\
## Strengths\n\n\
_One line per Teachers' Standard (1 to 8), e.g. `- Standard 7: ...`._\n\n\
- Standard : \n\n\
## Development points\n\n\
- Standard : \n\n\
## Follow-up meeting\n\n\
Date: \n\
Agreed next steps: \n"
    )
}

static STANDARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:teachers'? standards?|standards?|TS)\s*(\d+)\b").expect("regex")
});

/// A line `Label: value` in the body (outside comments): its span and value.
fn labelled<'t>(
    text: &'t str,
    body: usize,
    label: &str,
) -> Option<(std::ops::Range<usize>, &'t str)> {
    let mut offset = body;
    for line in text[body..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        let bare = trimmed.trim_start_matches(['-', ' ']);
        if let Some(rest) = bare.strip_prefix(label).and_then(|r| r.strip_prefix(':')) {
            return Some((offset..offset + trimmed.len(), rest.trim()));
        }
        offset += line.len();
    }
    None
}

/// Every `Standard N` written outside comments with N not from 1 to 8.
fn check_standards(text: &str, body: usize, d: &mut FileDiagnostics<'_>) {
    let mut offset = body;
    let mut in_comment = false;
    for line in text[body..].split_inclusive('\n') {
        let visible = if in_comment || line.contains("<!--") {
            in_comment = !line.contains("-->") && (in_comment || line.contains("<!--"));
            ""
        } else {
            line
        };
        for c in STANDARD.captures_iter(visible) {
            let m = c.get(1).expect("group");
            let ok = m
                .as_str()
                .parse::<u32>()
                .is_ok_and(|n| (1..=8).contains(&n));
            if !ok {
                push(
                    d,
                    offset + m.start()..offset + m.end(),
                    Severity::Error,
                    format!("there is no Teachers' Standard {}", m.as_str()),
                    "the Teachers' Standards are numbered 1 to 8",
                );
            }
        }
        offset += line.len();
    }
}

fn push(
    d: &mut FileDiagnostics<'_>,
    span: std::ops::Range<usize>,
    severity: Severity,
    message: String,
    hint: &str,
) {
    d.push_at(RULE, severity, span, message, hint);
}

static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4}-\d{2}-\d{2})\b").expect("regex"));

/// Checks a status value and, once `signed`, that every line in `required`
/// is filled and every signature in `signatures` has a name and a date.
fn check_signed(
    text: &str,
    body: usize,
    status: Option<&str>,
    required: &[&str],
    signatures: &[&str],
    d: &mut FileDiagnostics<'_>,
) {
    let status_span = line_of_key(text, "status").unwrap_or(0..1);
    match status.map(str::trim) {
        None | Some("draft") => return,
        Some("signed") => {}
        Some(_) => {
            push(
                d,
                status_span,
                Severity::Error,
                "`status` is neither `draft` nor `signed`".into(),
                "write `status: draft` while the record is being written, `status: signed` once everyone has signed",
            );
            return;
        }
    }
    for label in required {
        match labelled(text, body, label) {
            None => push(
                d,
                status_span.clone(),
                Severity::Error,
                format!("the record is signed but has no `{label}:` line"),
                &format!("add a line `{label}: ...` and fill it in"),
            ),
            Some((span, "")) => push(
                d,
                span,
                Severity::Error,
                format!("the record is signed but `{label}:` is empty"),
                "fill it in, or set `status: draft` until it is complete",
            ),
            Some(_) => {}
        }
    }
    for who in signatures {
        match labelled(text, body, who) {
            None => push(
                d,
                status_span.clone(),
                Severity::Error,
                format!("the record is signed but has no `- {who}:` signature line"),
                &format!("add `- {who}: <name>, YYYY-MM-DD` under `## Sign-off`"),
            ),
            Some((span, value)) => {
                let date_ok = DATE
                    .captures(value)
                    .and_then(|c| NaiveDate::parse_from_str(&c[1], "%Y-%m-%d").ok())
                    .is_some();
                let name = DATE.replace_all(value, "");
                let named = name
                    .trim_matches([',', ' ', '-'])
                    .chars()
                    .any(char::is_alphabetic);
                if !date_ok || !named {
                    push(
                        d,
                        span,
                        Severity::Error,
                        format!(
                            "the record is signed but the {who} signature has no {}",
                            if named { "date" } else { "name" }
                        ),
                        &format!(
                            "write `- {who}: <name>, YYYY-MM-DD`, or set `status: draft` until everyone has signed"
                        ),
                    );
                }
            }
        }
    }
}

/// The span of the front matter line `key: ...`.
fn line_of_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(key) && line[key.len()..].trim_start().starts_with(':') {
            return Some(offset..offset + line.trim_end().len());
        }
        offset += line.len();
        if offset > 0 && line.trim_end() == "---" && offset > 4 {
            break;
        }
    }
    None
}

/// Front matter split and parsed, or the diagnostic saying why not.
fn front<T: serde::de::DeserializeOwned>(
    text: &str,
    d: &mut FileDiagnostics<'_>,
    what: &str,
) -> Option<(T, usize)> {
    let split = match crate::front_matter::split(text) {
        Ok(s) => s,
        Err(_) => {
            push(
                d,
                0..1,
                Severity::Error,
                format!("the {what} has no front matter between `---` lines"),
                "restore the `---` block at the top that `ect` wrote",
            );
            return None;
        }
    };
    match serde_yaml::from_str::<T>(split.yaml) {
        Ok(v) => Some((v, split.body_start)),
        Err(e) => {
            let at = split.yaml_start + e.location().map_or(0, |l| l.index());
            let at = at.min(text.len().saturating_sub(1));
            let message = e.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            push(
                d,
                at..at + 1,
                Severity::Error,
                format!("the {what}'s front matter cannot be read: {message}"),
                "dates are written YYYY-MM-DD; see the tutor guide for every key",
            );
            None
        }
    }
}

/// Records hold judgements about a person: a diagnostic shows the line's
/// label (up to its first `:`, e.g. `On track:` or `- Standard 9:`) and
/// never what was written after it.
fn without_source(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    for d in &mut found {
        let loc = &mut d.location;
        let label = loc.source_line.find(':').map_or(0, |i| i + 1);
        loc.source_line.truncate(label);
        if loc.source_line.is_empty() {
            loc.source_line.push('…');
        }
        let end = loc.source_line.len();
        loc.line_span = if loc.line_span.start < end {
            loc.line_span.start..loc.line_span.end.min(end)
        } else {
            0..end
        };
    }
    found.sort_by_key(|f| (f.location.line, f.location.column));
    found
}

/// Checks one review file (`rel`, of pair `pair`, named for `date` and
/// `kind`). `observed` says whether the pair has an observation in a period.
pub fn check_review(
    rel: &str,
    text: &str,
    pair: &str,
    kind: EventKind,
    observed: &dyn Fn(NaiveDate, NaiveDate) -> bool,
) -> Vec<Diagnostic> {
    let text = crate::front_matter::strip_bom(text);
    let mut d = FileDiagnostics::new(rel, text);
    if let Some((f, body)) = front::<ReviewFront>(text, &mut d, "review") {
        check_names(text, &f, pair, kind, &mut d);
        check_period(text, f.period, kind, observed, &mut d);
        check_standards(text, body, &mut d);
        let (required, signatures) = required_and_signatures(text, body, kind);
        check_signed(
            text,
            body,
            f.status.as_deref(),
            required,
            signatures,
            &mut d,
        );
    }
    without_source(d.found)
}

/// Checks that a review's `pair`, `kind` and `term` are those of its folder
/// and file name.
fn check_names(
    text: &str,
    f: &ReviewFront,
    pair: &str,
    kind: EventKind,
    d: &mut FileDiagnostics<'_>,
) {
    if f.pair.as_deref().map(str::trim) != Some(pair) {
        push(
            d,
            line_of_key(text, "pair").unwrap_or(0..1),
            Severity::Error,
            format!("the review must name its pair: `pair: {pair}`"),
            "a review belongs to the pair whose folder it is in",
        );
    }
    if f.kind.as_deref().and_then(EventKind::parse) != Some(kind) {
        push(
            d,
            line_of_key(text, "kind").unwrap_or(0..1),
            Severity::Error,
            format!("the file name says `{}` but `kind` does not", kind.as_str()),
            "`kind` is `progress-review` or `formal-assessment`, as in the file name",
        );
    }
    if f.term.is_none_or(|t| t == 0) {
        push(
            d,
            line_of_key(text, "term").unwrap_or(0..1),
            Severity::Error,
            "`term` must be the induction term, from 1".into(),
            "`ect induction` lists each induction term",
        );
    }
}

/// Checks a review's `period`: there, in order, and for a formal
/// assessment holding an observation (`observed`).
fn check_period(
    text: &str,
    period: Option<Period>,
    kind: EventKind,
    observed: &dyn Fn(NaiveDate, NaiveDate) -> bool,
    d: &mut FileDiagnostics<'_>,
) {
    match period {
        Some(p) if p.to < p.from => push(
            d,
            line_of_key(text, "period").unwrap_or(0..1),
            Severity::Error,
            format!(
                "the period ends on {}, before it starts on {}",
                p.to, p.from
            ),
            "write `period: {from: YYYY-MM-DD, to: YYYY-MM-DD}`",
        ),
        Some(p) if kind == EventKind::FormalAssessment && !observed(p.from, p.to) => push(
            d,
            line_of_key(text, "period").unwrap_or(0..1),
            Severity::Warning,
            format!(
                "no observation of the ECT from {} to {}, the period this formal assessment covers",
                p.from, p.to
            ),
            "record observations with `ect observe new`; an assessment rests on them",
        ),
        Some(_) => {}
        None => push(
            d,
            0..1,
            Severity::Error,
            "the review has no `period`".into(),
            "write `period: {from: YYYY-MM-DD, to: YYYY-MM-DD}`, the days its evidence covers",
        ),
    }
}

/// The labelled lines a review of `kind` must fill in, and whose signatures
/// it needs.
fn required_and_signatures(
    text: &str,
    body: usize,
    kind: EventKind,
) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        EventKind::ProgressReview => (&["On track"], &["ECT", "Induction tutor"]),
        EventKind::FormalAssessment => (
            // the final assessment recommends; the first judges progress
            if labelled(text, body, "Recommendation").is_some() {
                &["Recommendation"]
            } else {
                &["Progress"]
            },
            &["ECT", "Induction tutor", "Headteacher"],
        ),
    }
}

/// What an observation's front matter says.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ObservationFront {
    pub pair: Option<String>,
    pub date: Option<NaiveDate>,
    pub by: Option<String>,
    #[serde(default)]
    pub focus: Vec<u32>,
    pub status: Option<String>,
}

/// Checks one observation file (`rel`, of pair `pair`, named for `date`).
pub fn check_observation(rel: &str, text: &str, pair: &str, date: NaiveDate) -> Vec<Diagnostic> {
    let text = crate::front_matter::strip_bom(text);
    let mut d = FileDiagnostics::new(rel, text);
    if let Some((f, body)) = front::<ObservationFront>(text, &mut d, "observation") {
        if f.pair.as_deref().map(str::trim) != Some(pair) {
            push(
                &mut d,
                line_of_key(text, "pair").unwrap_or(0..1),
                Severity::Error,
                format!("the observation must name its pair: `pair: {pair}`"),
                "an observation belongs to the pair whose folder it is in",
            );
        }
        if f.date.is_some_and(|x| x != date) {
            push(
                &mut d,
                line_of_key(text, "date").unwrap_or(0..1),
                Severity::Error,
                format!("`date` disagrees with the file name's date {date}"),
                "name the file by the observation's date, YYYY-MM-DD.md",
            );
        }
        if f.focus.iter().any(|n| !(1..=8).contains(n)) {
            push(
                &mut d,
                line_of_key(text, "focus").unwrap_or(0..1),
                Severity::Error,
                "`focus` lists a Teachers' Standard outside 1 to 8".into(),
                "the Teachers' Standards are numbered 1 to 8: `focus: [1, 4]`",
            );
        }
        check_standards(text, body, &mut d);
        if f.status.as_deref().map(str::trim) == Some("signed")
            && f.by.as_deref().is_none_or(|b| b.trim().is_empty())
        {
            push(
                &mut d,
                line_of_key(text, "by").unwrap_or(0..1),
                Severity::Error,
                "the observation is signed but does not say who observed".into(),
                "write the observer's name after `by:`",
            );
        }
        check_signed(text, body, f.status.as_deref(), &["Date"], &[], &mut d);
    }
    d.found
        .sort_by_key(|f| (f.location.line, f.location.column));
    d.found
}

/// A warning for each `.md` file in `reviews/` or `observations/` whose
/// name `ect` cannot read (so it is neither checked nor counted).
fn misnamed(pair_dir: &Path, rel_dir: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (folder, wanted, ok) in [
        (
            "reviews",
            "`YYYY-MM-DD-progress-review.md` or `YYYY-MM-DD-formal-assessment.md`",
            (|n: &str| parse_review_file_name(n).is_some()) as fn(&str) -> bool,
        ),
        ("observations", "`YYYY-MM-DD.md`", |n: &str| {
            n.strip_suffix(".md")
                .is_some_and(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
        }),
    ] {
        let names: Vec<String> = crate::repo::list(&pair_dir.join(folder))
            .entries()
            .into_iter()
            .filter(|e| e.kind == crate::repo::Kind::File)
            .map(|e| e.name)
            .filter(|n| n.ends_with(".md") && !n.starts_with('.') && !ok(n))
            .collect();
        for name in names {
            let mut d = crate::diag::at_file_start(
                RULE,
                &format!("{rel_dir}/{folder}/{name}"),
                format!("`{name}` is not named as a record, so it is not read"),
                Some(format!("name it {wanted}")),
            );
            d.severity = Severity::Warning;
            out.push(d);
        }
    }
    out
}

/// Every problem in the records under `plans/*/` for `ect validate`.
pub fn check_repo(repo: &crate::repo::Repo) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let plans = &repo.config.plans;
    for dir in crate::repo::folders(&repo.plans_dir()) {
        let pair = dir.name;
        if pair.starts_with('.') {
            continue;
        }
        out.extend(misnamed(&dir.path, &format!("{plans}/{pair}")));
        let observations = list_observations(&dir.path);
        let observed = |from: NaiveDate, to: NaiveDate| {
            observations.iter().any(|(d, _)| from <= *d && *d <= to)
        };
        for (date, path) in &observations {
            let rel = format!("{plans}/{pair}/observations/{date}.md");
            match crate::repo::read_checked(path) {
                Ok(text) => out.extend(check_observation(&rel, &text, &pair, *date)),
                Err(why) => out.push(crate::diag::at_file_start("unreadable", &rel, why, None)),
            }
        }
        for r in list_reviews(&dir.path) {
            let rel = format!(
                "{plans}/{pair}/reviews/{}",
                review_file_name(r.date, r.kind)
            );
            match crate::repo::read_checked(&r.path) {
                Ok(text) => out.extend(check_review(&rel, &text, &pair, r.kind, &observed)),
                Err(why) => out.push(crate::diag::at_file_start("unreadable", &rel, why, None)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn new_review(kind: EventKind, last: bool) -> String {
        render_review(&NewReview {
            pair: "jo-al",
            kind,
            term: 2,
            from: day("2027-01-04"),
            to: day("2027-03-24"),
            ect: "Al Moss",
            evidence: "- 3 held (an agenda written in) of 4 scheduled\n",
            last,
        })
    }

    fn found(text: &str, kind: EventKind, observed: bool) -> Vec<(usize, Severity, String)> {
        check_review("plans/jo-al/reviews/x.md", text, "jo-al", kind, &|_, _| {
            observed
        })
        .into_iter()
        .map(|d| (d.location.line, d.severity, d.message))
        .collect()
    }

    #[test]
    fn misnamed_records_are_warned_about() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("reviews")).unwrap();
        std::fs::create_dir_all(dir.path().join("observations")).unwrap();
        for f in [
            "reviews/2027-03-24-progress-review.md",
            "reviews/march review.md",
            "observations/2027-02-03.md",
            "observations/2027-02-03-lesson.md",
            "observations/notes.txt",
        ] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        let found: Vec<String> = misnamed(dir.path(), "plans/jo-al")
            .into_iter()
            .map(|d| d.path)
            .collect();
        assert_eq!(
            found,
            [
                "plans/jo-al/reviews/march review.md",
                "plans/jo-al/observations/2027-02-03-lesson.md"
            ]
        );
    }

    #[test]
    fn file_names_round_trip() {
        let name = review_file_name(day("2027-03-24"), EventKind::FormalAssessment);
        assert_eq!(name, "2027-03-24-formal-assessment.md");
        assert_eq!(
            parse_review_file_name(&name),
            Some((day("2027-03-24"), EventKind::FormalAssessment))
        );
        assert_eq!(parse_review_file_name("2027-03-24-review.md"), None);
        assert_eq!(
            parse_review_file_name("2027-02-30-progress-review.md"),
            None
        );
    }

    #[test]
    fn new_records_are_clean_drafts() {
        for (kind, last) in [
            (EventKind::ProgressReview, false),
            (EventKind::FormalAssessment, false),
            (EventKind::FormalAssessment, true),
        ] {
            assert_eq!(found(&new_review(kind, last), kind, true), [], "{kind:?}");
        }
        let obs = render_observation("jo-al", day("2027-02-03"), "\"Kit Moor\"");
        assert_eq!(
            check_observation(
                "plans/jo-al/observations/2027-02-03.md",
                &obs,
                "jo-al",
                day("2027-02-03")
            ),
            []
        );
    }

    #[test]
    fn a_signed_assessment_needs_every_part() {
        let text = new_review(EventKind::FormalAssessment, false)
            .replace("status: draft ", "status: signed");
        let f = found(&text, EventKind::FormalAssessment, false);
        let line = |label: &str| text.lines().position(|l| l.starts_with(label)).unwrap() + 1;
        let messages: Vec<(usize, &str)> = f.iter().map(|f| (f.0, f.2.as_str())).collect();
        assert!(messages.contains(&(line("period:"), "no observation of the ECT from 2027-01-04 to 2027-03-24, the period this formal assessment covers")), "{messages:?}");
        assert!(
            messages.contains(&(
                line("Progress:"),
                "the record is signed but `Progress:` is empty"
            )),
            "{messages:?}"
        );
        for who in ["- ECT:", "- Induction tutor:", "- Headteacher:"] {
            assert!(
                f.iter().any(|f| f.0 == line(who) && f.1 == Severity::Error),
                "{who}: {f:?}"
            );
        }
        // the kind must match the file name
        let f = found(&text, EventKind::ProgressReview, true);
        assert!(
            f.iter()
                .any(|f| f.0 == 3 && f.2.contains("the file name says `progress-review`")),
            "{f:?}"
        );
    }

    #[test]
    fn standards_in_comments_are_not_read() {
        let text = "---\npair: jo-al\nkind: progress-review\nterm: 1\nperiod: {from: 2027-01-04, to: 2027-03-24}\n---\n<!-- Standard 11 -->\n- Standard 0: x\n- TS9: y\n";
        let f = found(text, EventKind::ProgressReview, true);
        let lines: Vec<usize> = f.iter().map(|f| f.0).collect();
        assert_eq!(lines, [8, 9], "{f:?}");
    }

    proptest! {
        /// Whatever a tutor writes in a signed record, no diagnostic carries it.
        #[test]
        fn diagnostics_never_carry_what_a_record_says(
            words in proptest::collection::vec("[A-Za-z]{6,12}", 1..4),
            standard in 0u32..20,
        ) {
            let secret = words.join(" ");
            let text = new_review(EventKind::ProgressReview, false)
                .replace("status: draft ", "status: signed")
                .replace("On track: \n", &format!("On track: {secret}\n"))
                .replace("- Standard : \n\n## Areas", &format!("- Standard {standard}: {secret}\n\n## Areas"))
                .replace("- ECT: \n", &format!("- ECT: {secret}\n"));
            for d in check_review("plans/jo-al/reviews/x.md", &text, "jo-al", EventKind::ProgressReview, &|_, _| true) {
                let shown = format!("{} {:?} {}", d.message, d.hint, d.location.source_line);
                for w in &words {
                    prop_assert!(!shown.contains(w.as_str()), "{} in {}", w, shown);
                }
                let rendered = crate::diag::render::human(&d, false);
                for w in &words {
                    prop_assert!(!rendered.contains(w.as_str()), "{} in {}", w, rendered);
                }
            }
        }
    }
}
