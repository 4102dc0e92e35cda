//! Reading a pair's agendas: which exist (also renamed ones, dated by their
//! front matter or a date in their name), and the actions each one holds.

pub mod ledger;
pub mod meeting_plan;
pub mod tasks;
pub mod text;

use self::tasks::tasks_under;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// An action still open, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAction {
    pub text: String,
    /// The meeting it was agreed at.
    pub agreed: NaiveDate,
}

/// Marks a carried action in the Review list: ` _(agreed 2026-11-17)_`.
pub fn carried_suffix(date: NaiveDate) -> String {
    format!(" _(agreed {date})_")
}

/// [`split_carried`] of a text the caller no longer needs: cut in place,
/// not copied.
pub(crate) fn split_carried_owned(mut text: String) -> (String, Option<NaiveDate>) {
    match carried_at(&text) {
        Some((end, date)) => {
            text.truncate(end);
            (text, Some(date))
        }
        None => (text, None),
    }
}

/// Where the text before a carried suffix ends, and the suffix's date.
fn carried_at(text: &str) -> Option<(usize, NaiveDate)> {
    let start = text.rfind(" _(agreed ")?;
    let date = text[start + 10..].strip_suffix(")_").and_then(ymd)?;
    Some((text[..start].trim_end().len(), date))
}

/// `YYYY-MM-DD` as `NaiveDate::parse_from_str(s, "%Y-%m-%d")` reads it.
/// Every agenda's name and carried action holds one, and chrono reads its
/// format string again at each call: the usual shape (four, two and two
/// digits) is read here, any other is left to chrono.
pub(crate) fn ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
    {
        return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Splits a carried suffix off an action's text.
pub(crate) fn split_carried(text: &str) -> (String, Option<NaiveDate>) {
    split_carried_owned(text.to_string())
}

/// The actions an agenda leaves open: unticked items of its "Actions agreed"
/// list, and carried items of its "Review" that were not ticked either.
pub fn open_actions(text: &str, agenda_date: NaiveDate) -> Vec<OpenAction> {
    let mut out: Vec<OpenAction> = Vec::new();
    for t in tasks_under(text, "Review") {
        let (body, agreed) = split_carried(&t.text);
        if let Some(agreed) = agreed
            && t.is_open()
        {
            out.push(OpenAction { text: body, agreed });
        }
    }
    for t in tasks_under(text, "Actions agreed") {
        if t.is_open() {
            out.push(OpenAction {
                text: t.text,
                agreed: agenda_date,
            });
        }
    }
    out
}

/// `onto` with the boxes of its carried actions set as `from` has them:
/// a tick (`[x]`) or a drop (`[-]`) a person made in the Review is applied to
/// the text `ect` wrote and is about to write, before the three-way merge,
/// so that ticking an action never clashes with a new action listed below it.
pub fn carry_marks(from: &str, onto: &str) -> String {
    let mut marks: std::collections::HashMap<(String, NaiveDate), String> =
        std::collections::HashMap::new();
    let from_lines: Vec<&str> = from.lines().collect();
    for (_, t) in self::tasks::tasks(from) {
        if t.is_open() {
            continue;
        }
        let (body, Some(agreed)) = split_carried(&t.text) else {
            continue;
        };
        if let Some(b) = from_lines.get(t.line - 1).and_then(|l| box_of(l)) {
            marks.insert(self::ledger::key(&body, agreed), b.to_string());
        }
    }
    if marks.is_empty() {
        return onto.to_string();
    }
    let mut wanted: std::collections::HashMap<usize, &str> = std::collections::HashMap::new();
    for (_, t) in self::tasks::tasks(onto) {
        let (body, Some(agreed)) = split_carried(&t.text) else {
            continue;
        };
        if let Some(b) = marks.get(&self::ledger::key(&body, agreed)) {
            wanted.insert(t.line, b);
        }
    }
    let mut out = String::with_capacity(onto.len());
    for (i, line) in onto.split_inclusive('\n').enumerate() {
        match (wanted.get(&(i + 1)), box_of(line)) {
            (Some(b), Some(old)) => {
                let at = line.find(old).unwrap_or(0);
                out.push_str(&line[..at]);
                out.push_str(b);
                out.push_str(&line[at + old.len()..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// The task box of a list line: `[ ]`, `[x]`, `[X]` or `[-]`.
fn box_of(line: &str) -> Option<&str> {
    ["[ ]", "[x]", "[X]", "[-]"]
        .into_iter()
        .filter_map(|b| line.find(b).map(|i| (i, &line[i..i + 3])))
        .min_by_key(|(i, _)| *i)
        .map(|(_, b)| b)
}

// The keys `text.rs` writes (a test reads generated agendas back into this
// type, and finds no key it lacks) and the schema `ect schema` publishes.
// The checks read only `pair` and `date`, key by key, so a person's edit
// elsewhere in the block is never an error.
/// The front matter of a generated agenda
/// (`plans/<pair>/agendas/<date>.md`).
#[allow(dead_code)] // read by serde in tests and by schemars, not by the checks
#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct AgendaFrontMatter {
    /// The pair's id: its folder under `plans/`.
    pub pair: String,
    /// The mentor's name.
    pub mentor: String,
    /// The early career teacher's name.
    pub ect: String,
    /// The meeting date, YYYY-MM-DD: also the file's name.
    pub date: NaiveDate,
    /// The meeting time, `HH:MM`.
    #[schemars(schema_with = "crate::schema::time")]
    pub time: Option<String>,
    /// The programme: `curriculum/<programme>.md`.
    pub programme: String,
    /// Programme year, 1 or 2.
    #[schemars(range(min = 1, max = 2))]
    pub year: u8,
    /// Programme term.
    pub term: crate::curriculum::Term,
    /// The module folder.
    pub module: Option<String>,
    /// The module week.
    #[schemars(range(min = 1))]
    pub week: Option<u32>,
    /// Repository-relative paths of the sessions the meeting covers.
    pub sessions: Vec<String>,
    /// The date of the next meeting, if the calendar has one.
    pub next_meeting: Option<NaiveDate>,
    /// `ect`'s hash of the file as it wrote it: leave it alone.
    #[schemars(regex(pattern = r"^[0-9a-f]{16}$"))]
    pub checksum: Option<String>,
}

/// Agenda files of a pair (`agendas/YYYY-MM-DD.md`), sorted by date. An
/// `agendas` that is a symbolic link is not followed (it may lead out of the
/// repository): it lists nothing.
pub fn list(pair_dir: &Path) -> Vec<(NaiveDate, std::path::PathBuf)> {
    crate::repo::dated_files(&pair_dir.join("agendas"))
}

/// One Markdown file in a pair's `agendas/` folder.
#[derive(Debug, Clone)]
pub struct AgendaFile {
    pub path: PathBuf,
    /// The file name.
    pub name: String,
    /// The meeting date: from a `YYYY-MM-DD.md` name, else from the front
    /// matter's `date`, else from a date anywhere in the name.
    pub date: Option<NaiveDate>,
    /// Named `YYYY-MM-DD.md`, as `ect` writes it.
    pub named_by_date: bool,
    /// The text, when it was read to find the date (a renamed file).
    pub text: Option<String>,
    /// Why a renamed file could not be read.
    pub unreadable: Option<String>,
}

/// Every `.md` file of a pair's `agendas/` folder (plain files; a folder
/// that is a symbolic link lists nothing), sorted by date, undated last.
/// Files named by date are not read; a renamed one is read once, to date it.
pub fn files(pair_dir: &Path) -> Vec<AgendaFile> {
    let mut found: Vec<AgendaFile> = crate::repo::list(&pair_dir.join("agendas"))
        .entries()
        .into_iter()
        .filter(|e| e.kind == crate::repo::Kind::File)
        .filter_map(|e| {
            let name = e.name;
            let stem = name.strip_suffix(".md")?;
            if stem.starts_with('.') {
                return None;
            }
            if let Some(date) = ymd(stem)
                && stem.len() == 10
            {
                return Some(AgendaFile {
                    path: e.path,
                    name,
                    date: Some(date),
                    named_by_date: true,
                    text: None,
                    unreadable: None,
                });
            }
            let (text, unreadable) = match crate::repo::read_checked(&e.path) {
                Ok(t) => (Some(t), None),
                Err(why) => (None, Some(why)),
            };
            let date = text
                .as_deref()
                .and_then(front_matter_date)
                .or_else(|| date_in(stem));
            Some(AgendaFile {
                path: e.path,
                name,
                date,
                named_by_date: false,
                text,
                unreadable,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        (a.date.is_none(), a.date, !a.named_by_date, &a.name).cmp(&(
            b.date.is_none(),
            b.date,
            !b.named_by_date,
            &b.name,
        ))
    });
    found
}

/// The `date:` line of a front matter, read line by line so that a broken
/// YAML elsewhere in the block does not hide it.
pub fn front_matter_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for line in lines {
        let line = line.trim_end();
        if line == "---" || line == "..." {
            break;
        }
        if let Some(v) = line.strip_prefix("date:") {
            let v = v.trim().trim_matches(['"', '\'']);
            return NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
        }
    }
    None
}

/// A `YYYY-MM-DD` date anywhere in a file name (`2026-11-24 notes`).
fn date_in(name: &str) -> Option<NaiveDate> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = name.get(i..i + 10)?;
        let boundary = |j: usize| b.get(j).is_none_or(|c| !c.is_ascii_digit());
        if (i == 0 || boundary(i - 1)) && boundary(i + 10) {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
        } else {
            None
        }
    })
}

/// The text of an agenda [`files`] listed (and did not read), read through
/// its folder opened once.
pub fn read_listed<'b>(
    folder: &crate::repo::Folder,
    f: &AgendaFile,
    buf: &'b mut Vec<u8>,
) -> Result<&'b str, String> {
    match f.path.file_name() {
        Some(name) => folder.read_checked_into(name, buf),
        None => crate::repo::read_checked_into(&f.path, buf),
    }
}

/// The ledger of a pair's actions from every agenda it has (each read
/// once), and the files found. An agenda that cannot be read is an error
/// naming it: its actions would otherwise be lost without a word.
pub fn ledger(pair_dir: &Path) -> anyhow::Result<(self::ledger::Ledger, Vec<AgendaFile>)> {
    let found = files(pair_dir);
    let mut ledger = self::ledger::Ledger::new();
    let folder = crate::repo::Folder::open(&pair_dir.join("agendas"));
    let mut buf = Vec::new();
    for f in &found {
        if let Some(why) = &f.unreadable {
            anyhow::bail!("`{}`: {why}", f.path.display());
        }
        let Some(date) = f.date else { continue };
        match &f.text {
            Some(text) => ledger.add(date, text),
            None => {
                let text = read_listed(&folder, f, &mut buf)
                    .map_err(|why| anyhow::anyhow!("`{}`: {why}", f.path.display()))?;
                ledger.add(date, text)
            }
        };
    }
    Ok((ledger, found))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_are_read_as_chrono_reads_them() {
        for s in [
            "2026-11-24",
            "2026-02-29",
            "2028-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-11-31",
            "0000-01-01",
            "2026-1-5",
            "2026-01-5x",
            "+2026-01-05",
            "2026-01-05 ",
            "2026/01/05",
            "20260105",
            "",
            "٢٠٢٦-01-05",
        ] {
            assert_eq!(
                ymd(s),
                NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn a_carried_suffix_is_cut_in_place_as_it_is_copied() {
        for text in [
            "Phone home _(agreed 2026-11-10)_",
            "Phone home   _(agreed 2026-11-10)_",
            "Phone home _(agreed 2026-11-31)_",
            "Phone home _(agreed 2026-11-10)_ ",
            "A _(agreed 2026-11-03)_ then _(agreed 2026-11-10)_",
            " _(agreed 2026-11-10)_",
            "No suffix",
            "",
        ] {
            assert_eq!(
                split_carried_owned(text.to_string()),
                split_carried(text),
                "{text:?}"
            );
        }
        assert_eq!(
            split_carried("Phone home _(agreed 2026-11-10)_"),
            ("Phone home".to_string(), Some(d("2026-11-10")))
        );
    }

    #[test]
    fn carries_unticked_actions_and_unticked_carried_ones() {
        let text = format!(
            "## Review\n\n- [ ] Old one{}\n- [x] Done one{}\n- [ ] a note, not carried\n\n## Actions agreed\n\n- [ ] New one\n- [x] Ticked\n",
            carried_suffix(d("2026-11-10")),
            carried_suffix(d("2026-11-10"))
        );
        let open = open_actions(&text, d("2026-11-17"));
        assert_eq!(
            open,
            [
                OpenAction {
                    text: "Old one".into(),
                    agreed: d("2026-11-10")
                },
                OpenAction {
                    text: "New one".into(),
                    agreed: d("2026-11-17")
                },
            ]
        );
    }
}

/// Checks the front matter of every agenda under `plans/*/agendas/` (rule
/// `agenda`): it must split and parse, name the pair whose folder it is in,
/// and carry the date its file name says.
pub fn check(
    repo: &crate::repo::Repo,
    curriculum: &crate::curriculum::Curriculum,
    today: NaiveDate,
) -> Vec<crate::diag::Diagnostic> {
    let (mut out, edited) = check_files(repo, crate::calendar::monday_of(today));
    out.extend(check_moved(repo, curriculum, &edited));
    out
}

/// The checks on each agenda file, and the agendas a person typed into
/// (pair id, file), read once each.
fn check_files(
    repo: &crate::repo::Repo,
    from: NaiveDate,
) -> (Vec<crate::diag::Diagnostic>, Vec<(String, AgendaFile)>) {
    use rayon::prelude::*;
    // pairs on all cores, their findings put back in folder order
    let checked: Vec<_> = crate::repo::folders(&repo.plans_dir())
        .into_par_iter()
        .map(|pair_dir| check_pair_files(repo, pair_dir, from))
        .collect();
    let mut out = Vec::new();
    let mut edited = Vec::new();
    for (o, e) in checked {
        out.extend(o);
        edited.extend(e);
    }
    (out, edited)
}

/// [`check_files`] for one pair's folder: its problems, and its edited
/// agendas dated `from` on (the ones [`check_moved`] looks at).
fn check_pair_files(
    repo: &crate::repo::Repo,
    pair_dir: crate::repo::Entry,
    from: NaiveDate,
) -> (Vec<crate::diag::Diagnostic>, Vec<(String, AgendaFile)>) {
    let mut out = Vec::new();
    let mut edited = Vec::new();
    let pair = pair_dir.name;
    if crate::repo::kind_of(&pair_dir.path.join("agendas")) == Some(crate::repo::Kind::Link) {
        out.push(crate::diag::symlink_not_followed(
            &format!("{}/{pair}/agendas", repo.config.plans),
            "make `agendas` a real folder inside the repository",
        ));
    }
    for f in files(&pair_dir.path) {
        let rel = format!("{}/{pair}/agendas/{}", repo.config.plans, f.name);
        let text = match (&f.text, &f.unreadable) {
            (Some(t), _) => Ok(t.clone()),
            (None, Some(why)) => Err(why.clone()),
            (None, None) => crate::repo::read_checked(&f.path),
        };
        let text = match text {
            Ok(t) => t,
            Err(why) => {
                out.push(crate::diag::at_file_start(
                    "unreadable",
                    &rel,
                    why,
                    Some("save the file as UTF-8 text".into()),
                ));
                continue;
            }
        };
        match f.date {
            Some(date) => {
                out.extend(check_one(&rel, &text, &pair, date));
                if !f.named_by_date {
                    out.push(crate::diag::at_file_start(
                        "agenda-name",
                        &rel,
                        format!("agenda `{}` is not named by its meeting date: it is read as the agenda of {date}", f.name),
                        Some(format!("rename it `{date}.md`; `ect agenda` looks for that name and would write a second agenda for the meeting")),
                    ));
                }
            }
            None => {
                let mut d = crate::diag::at_file_start(
                    "agenda-name",
                    &rel,
                    format!("cannot tell which meeting `{}` is for, so the actions in it are not carried", f.name),
                    Some("rename it `YYYY-MM-DD.md` after its meeting date, or put back `date: YYYY-MM-DD` in its front matter".into()),
                );
                d.severity = crate::diag::Severity::Error;
                out.push(d);
            }
        }
        // an agenda exactly as `ect` wrote it has no near misses and
        // nothing to merge: only what a person typed is looked at
        if crate::checksum::is_untouched(&text) {
            continue;
        }
        out.extend(check_tasks(&rel, &text));
        if f.named_by_date && f.date.is_some_and(|d| d >= from) {
            edited.push((pair.clone(), f.clone()));
        }
        if let Some(date) = f.date {
            let named = format!("{}/{pair}/agendas/{date}.md", repo.config.plans);
            let record = repo
                .root
                .join(crate::write::conflicts_path(std::path::Path::new(&named)));
            if let Ok(json) = crate::repo::read_checked(&record) {
                out.extend(check_conflicts(&rel, &text, &json));
            }
        }
    }
    (out, edited)
}

/// Agendas a person edited (`edited`: pair id and file, from the week of
/// today on, as [`check_files`] keeps them: earlier agendas record meetings
/// that were held) whose date is no longer a meeting of the pair (rule
/// `agenda-moved`). A pair's schedule is laid out only when it has such an
/// agenda.
fn check_moved(
    repo: &crate::repo::Repo,
    curriculum: &crate::curriculum::Curriculum,
    edited: &[(String, AgendaFile)],
) -> Vec<crate::diag::Diagnostic> {
    let mut out = Vec::new();
    let mut by_pair: std::collections::HashMap<&str, Vec<&AgendaFile>> =
        std::collections::HashMap::new();
    for (id, f) in edited {
        by_pair.entry(id.as_str()).or_default().push(f);
    }
    if repo.config.terms.is_empty() || by_pair.is_empty() {
        return out;
    }
    let (pairs, _) = crate::pair::load_pairs(repo);
    let calendar = crate::calendar::Calendar::new(&repo.config);
    let mut programmes = std::collections::HashMap::new();
    for pair in &pairs {
        let Some(dated) = by_pair.get(pair.id.as_str()) else {
            continue;
        };
        let Some(programme) = programmes
            .entry(pair.programme.clone())
            .or_insert_with(|| {
                crate::schedule::ProgrammeSessions::from_curriculum(curriculum, &pair.programme)
            })
            .as_ref()
        else {
            continue;
        };
        let schedule = crate::schedule::build(&calendar, pair, programme);
        for f in dated {
            let Some(date) = f.date else { continue };
            if schedule.meetings().any(|m| m.date == date) {
                continue;
            }
            let rel = format!("{}/{}/agendas/{}", repo.config.plans, pair.id, f.name);
            let now = schedule
                .meeting_in_week(date)
                .or_else(|| schedule.next_meeting_after(date));
            out.push(crate::diag::at_file_start(
                "agenda-moved",
                &rel,
                match now {
                    Some(m) => format!(
                        "{date} is no longer a meeting of `{}`: the meeting is now on {}",
                        pair.id, m.date
                    ),
                    None => format!(
                        "{date} is no longer a meeting of `{}`, and no meeting is planned after it",
                        pair.id
                    ),
                },
                Some(match now {
                    Some(m) => format!(
                        "move what you typed into `{}.md` (run `ect agenda --week {}` to write it) and delete this file",
                        m.date, m.date
                    ),
                    None => "keep what you typed elsewhere and delete this file".into(),
                }),
            ));
        }
    }
    out
}

/// Task lines that would not count (rule `agenda-task`).
pub fn check_tasks(rel: &str, text: &str) -> Vec<crate::diag::Diagnostic> {
    let mut d = crate::diag::FileDiagnostics::new(rel, text);
    for m in self::tasks::near_misses(text) {
        d.push("agenda-task", m.span, m.message, Some(m.hint));
    }
    d.found
}

/// The merge clashes `ect agenda` recorded for an agenda (rule
/// `agenda-conflict`), while the person's lines are still there.
pub fn check_conflicts(rel: &str, text: &str, json: &str) -> Vec<crate::diag::Diagnostic> {
    let Ok(conflicts) = serde_json::from_str::<Vec<crate::write::Conflict>>(json) else {
        return Vec::new();
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut d = crate::diag::FileDiagnostics::new(rel, text);
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    for c in conflicts {
        let at = if c.yours.is_empty() {
            Some(c.line.clamp(1, lines.len().max(1)) - 1)
        } else {
            // where the person's lines still stand, nearest the recorded line
            (0..lines.len())
                .filter(|&i| {
                    c.yours.iter().enumerate().all(|(k, y)| {
                        lines.get(i + k).map(|l| l.trim_end_matches('\r')) == Some(y.as_str())
                    })
                })
                .min_by_key(|&i| i.abs_diff(c.line.saturating_sub(1)))
        };
        let Some(at) = at else { continue };
        let start = starts.get(at).copied().unwrap_or(0);
        let end = start + lines.get(at).map_or(0, |l| l.len());
        let shown: Vec<String> = c.generated.iter().map(|l| format!("`{l}`")).collect();
        d.push(
            "agenda-conflict",
            start..end,
            format!(
                "`ect agenda` could not merge its change here: you changed {} and so did the new agenda; your text was kept",
                if c.yours.len() == 1 { "this line".to_string() } else { format!("these {} lines", c.yours.len()) }
            ),
            Some(if shown.is_empty() {
                "the new agenda removed these lines; delete them if they are no longer needed".into()
            } else {
                format!("the new agenda had: {}; copy what you need", shown.join(" / "))
            }),
        );
    }
    d.found
}

/// Checks one agenda's front matter.
pub fn check_one(
    rel: &str,
    text: &str,
    pair: &str,
    date: NaiveDate,
) -> Vec<crate::diag::Diagnostic> {
    use crate::front_matter::{SplitError, parse_yaml, split};
    let mut d = crate::diag::FileDiagnostics::new(rel, text);
    let split = match split(text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            d.push(
                "agenda",
                0..0,
                "agenda has no front matter",
                Some("put back the `---` block `ect` wrote at the top, or delete the file and run `ect agenda` again".into()),
            );
            return d.found;
        }
        Err(SplitError::Unterminated(span)) => {
            d.push(
                "agenda",
                span,
                "agenda front matter is never closed",
                Some("add a `---` line after the last front matter key".into()),
            );
            return d.found;
        }
    };
    let value = match parse_yaml(&split) {
        Ok(v) => v,
        Err(e) => {
            d.push(
                "agenda",
                e.offset..e.offset + 1,
                format!("agenda front matter is not valid YAML: {}", e.message),
                Some("undo the last change to the `---` block at the top".into()),
            );
            return d.found;
        }
    };
    let pos = crate::yaml_pos::Positions::new(split.yaml, split.yaml_start);
    let find = |key: &str| pos.key(crate::yaml_pos::ypath![key]).unwrap_or(0..3);
    match value.get("pair").and_then(|v| v.as_str()) {
        Some(p) if p == pair => {}
        Some(p) => d.push(
            "agenda",
            find("pair"),
            format!("`pair: {p}` but the agenda is in the folder of `{pair}`"),
            Some(format!(
                "write `pair: {pair}`, or move the file to `plans/{p}/agendas/`"
            )),
        ),
        None => d.push(
            "agenda",
            0..3,
            "agenda front matter has no `pair`",
            Some(format!("add `pair: {pair}`")),
        ),
    }
    let written = value.get("date").and_then(|v| match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        _ => None,
    });
    match written {
        Some(s) => match NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
            Ok(w) if w == date => {}
            Ok(w) => d.push(
                "agenda",
                find("date"),
                format!("`date: {w}` but the file is named `{date}.md`"),
                Some("rename the file after the meeting date, or correct the date".into()),
            ),
            Err(_) => d.push(
                "agenda",
                find("date"),
                format!("`date: {s}` is not a date"),
                Some("write the date as YYYY-MM-DD, e.g. `date: 2026-11-24`".into()),
            ),
        },
        None => d.push(
            "agenda",
            0..3,
            "agenda front matter has no `date`",
            Some(format!("add `date: {date}`")),
        ),
    }
    d.found
}

#[cfg(test)]
mod check_tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn agrees_with_folder_and_file_name() {
        let ok = "---\npair: a-b\ndate: 2026-11-24\n---\n# x\n";
        assert!(
            check_one(
                "plans/a-b/agendas/2026-11-24.md",
                ok,
                "a-b",
                d("2026-11-24")
            )
            .is_empty()
        );
        let wrong = "---\npair: c-d\ndate: 2026-11-25\n---\n";
        let found = check_one(
            "plans/a-b/agendas/2026-11-24.md",
            wrong,
            "a-b",
            d("2026-11-24"),
        );
        let lines: Vec<_> = found
            .iter()
            .map(|x| (x.location.line, x.message.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (2, "`pair: c-d` but the agenda is in the folder of `a-b`"),
                (
                    3,
                    "`date: 2026-11-25` but the file is named `2026-11-24.md`"
                ),
            ]
        );
        let broken = "---\npair: a-b\ndate: [\n---\n";
        let found = check_one("x.md", broken, "a-b", d("2026-11-24"));
        assert!(
            found[0]
                .message
                .starts_with("agenda front matter is not valid YAML")
        );
        assert!(
            check_one("x.md", "# notes only\n", "a-b", d("2026-11-24"))[0].message
                == "agenda has no front matter"
        );
    }
}
