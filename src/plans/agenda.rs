//! Reading a pair's agendas: which exist, and the actions still open in the
//! latest one before a date.

use super::tasks::tasks_under;
use chrono::NaiveDate;
use std::path::Path;

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

/// Splits a carried suffix off an action's text.
fn split_carried(text: &str) -> (String, Option<NaiveDate>) {
    if let Some(start) = text.rfind(" _(agreed ")
        && let Some(date) = text[start + 10..]
            .strip_suffix(")_")
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        return (text[..start].trim_end().to_string(), Some(date));
    }
    (text.to_string(), None)
}

/// The actions an agenda leaves open: unticked items of its "Actions agreed"
/// list, and carried items of its "Review" that were not ticked either.
pub fn open_actions(text: &str, agenda_date: NaiveDate) -> Vec<OpenAction> {
    let mut out: Vec<OpenAction> = Vec::new();
    for t in tasks_under(text, "Review") {
        let (body, agreed) = split_carried(&t.text);
        if let Some(agreed) = agreed
            && !t.done
        {
            out.push(OpenAction { text: body, agreed });
        }
    }
    for t in tasks_under(text, "Actions agreed") {
        if !t.done {
            out.push(OpenAction {
                text: t.text,
                agreed: agenda_date,
            });
        }
    }
    out
}

/// Agenda files of a pair (`agendas/YYYY-MM-DD.md`), sorted by date. An
/// `agendas` that is a symbolic link is not followed (it may lead out of the
/// repository): it lists nothing.
pub fn list(pair_dir: &Path) -> Vec<(NaiveDate, std::path::PathBuf)> {
    super::dated_files(&pair_dir.join("agendas"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
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
pub fn check(repo: &crate::repo::Repo) -> Vec<crate::diag::Diagnostic> {
    let mut out = Vec::new();
    let plans = repo.plans_dir();
    let Ok(entries) = std::fs::read_dir(&plans) else {
        return out;
    };
    let mut pair_dirs: Vec<_> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .collect();
    pair_dirs.sort_by_key(|e| e.file_name());
    for pair_dir in pair_dirs {
        let pair = pair_dir.file_name().to_string_lossy().into_owned();
        let agendas = pair_dir.path().join("agendas");
        if std::fs::symlink_metadata(&agendas).is_ok_and(|m| m.file_type().is_symlink()) {
            out.push(crate::diag::symlink_not_followed(
                &format!("{}/{pair}/agendas", repo.config.plans),
                "make `agendas` a real folder inside the repository",
            ));
        }
        for (date, path) in list(&pair_dir.path()) {
            let rel = format!("{}/{pair}/agendas/{date}.md", repo.config.plans);
            match crate::repo::read_checked(&path) {
                Ok(text) => out.extend(check_one(&rel, &text, &pair, date)),
                Err(why) => out.push(crate::diag::at_file_start(
                    "unreadable",
                    &rel,
                    why,
                    Some("save the file as UTF-8 text".into()),
                )),
            }
        }
    }
    out
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
    let find = |key: &str| {
        crate::config::key_offset(split.yaml, key).map_or(0..3, |o| {
            split.yaml_start + o..split.yaml_start + o + key.len()
        })
    };
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
