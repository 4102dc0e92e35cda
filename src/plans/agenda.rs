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

/// Agenda files of a pair (`agendas/YYYY-MM-DD.md`), sorted by date.
pub fn list(pair_dir: &Path) -> Vec<(NaiveDate, std::path::PathBuf)> {
    let mut found: Vec<_> = std::fs::read_dir(pair_dir.join("agendas"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let date = NaiveDate::parse_from_str(name.strip_suffix(".md")?, "%Y-%m-%d").ok()?;
            Some((date, e.path()))
        })
        .collect();
    found.sort();
    found
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
