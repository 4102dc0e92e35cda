//! The validate baseline: the problems a repository accepts today, so that
//! CI fails only on new ones (`ect validate --write-baseline FILE`, then
//! `ect validate --baseline FILE`).
//!
//! A problem is known by its rule, its file and a fingerprint of the text it
//! points at (and of its message with numbers masked), never by its line: an
//! edit elsewhere in the file moves a problem without making it new. Equal
//! problems in one file are counted, as PHPStan does, so a second copy of a
//! known problem is new.

use crate::diag::Diagnostic;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the file's first key says, so that `--write-baseline` only ever
/// replaces a baseline and `--baseline` refuses any other JSON file.
const FORMAT: &str = "ect validate baseline";

/// The baseline file: one entry per rule, file and fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Always `ect validate baseline`.
    pub format: String,
    /// Format version, 1.
    pub version: u32,
    /// Sorted by file, rule and fingerprint, so that a diff reads well.
    pub problems: Vec<Entry>,
}

/// One known problem (or several equal ones in one file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The rule id, such as `broken-link`.
    pub rule: String,
    /// The file, repository-relative with `/`.
    pub path: String,
    /// 16 hex digits: FNV-1a of the offending text and the masked message.
    pub fingerprint: String,
    /// How many equal problems the file holds.
    #[serde(default = "one")]
    pub count: usize,
    /// The message when the baseline was written, for people reading it;
    /// not used to match.
    #[serde(default)]
    pub message: String,
}

fn one() -> usize {
    1
}

type Key = (String, String, String);

impl Entry {
    fn key(&self) -> Key {
        (
            self.path.clone(),
            self.rule.clone(),
            self.fingerprint.clone(),
        )
    }
}

/// Runs of white space as one space, trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every run of digits as `#`: line numbers and counts in a message must
/// not make a moved problem new.
fn mask_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_digits = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// The text a diagnostic points at: its span, or the whole line when the
/// span is empty, white space squeezed.
fn offending_text(d: &Diagnostic) -> String {
    let loc = &d.location;
    let span = loc.source_line.get(loc.line_span.clone()).unwrap_or("");
    if span.trim().is_empty() {
        squeeze(&loc.source_line)
    } else {
        squeeze(span)
    }
}

/// The stable fingerprint of a diagnostic: independent of its line and
/// column, of its severity and of edits to other lines.
pub fn fingerprint(d: &Diagnostic) -> String {
    let text = format!(
        "{}\u{1f}{}\u{1f}{}",
        d.rule,
        offending_text(d),
        mask_numbers(&squeeze(&d.message))
    );
    format!("{:016x}", crate::checksum::fnv1a(&text))
}

impl Baseline {
    /// The baseline of `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Baseline {
        let mut entries: BTreeMap<Key, Entry> = BTreeMap::new();
        for d in diagnostics {
            let e = Entry {
                rule: d.rule.to_string(),
                path: d.path.clone(),
                fingerprint: fingerprint(d),
                count: 1,
                message: d.message.clone(),
            };
            entries
                .entry(e.key())
                .and_modify(|old| old.count += 1)
                .or_insert(e);
        }
        Baseline {
            format: FORMAT.into(),
            version: 1,
            problems: entries.into_values().collect(),
        }
    }

    /// The file's text: pretty JSON ending in a newline.
    pub fn to_text(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("baseline serializes");
        s.push('\n');
        s
    }

    /// Reads a baseline file's text; `shown` names it in errors.
    pub fn parse(text: &str, shown: &str) -> Result<Baseline> {
        let b: Baseline = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .with_context(|| {
                format!(
                    "`{shown}` is not an `ect` baseline; write one with `ect validate --write-baseline {shown}`"
                )
            })?;
        if b.format != FORMAT {
            bail!(
                "`{shown}` is not an `ect` baseline (its `format` is not `{FORMAT}`); write one with `ect validate --write-baseline {shown}`"
            );
        }
        if b.version != 1 {
            bail!(
                "`{shown}` is a baseline of version {}, which this `ect` does not know; upgrade `ect` or write it again",
                b.version
            );
        }
        Ok(b)
    }

    /// Whether `text` is a baseline (so `--write-baseline` may replace it).
    pub fn is_baseline(text: &str) -> bool {
        Baseline::parse(text, "").is_ok()
    }
}

/// What a baseline leaves of a run.
#[derive(Debug, Default)]
pub struct Filtered {
    /// The problems not in the baseline: these are reported.
    pub new: Vec<Diagnostic>,
    /// How many problems the baseline accounts for.
    pub known: usize,
    /// Baseline entries no longer found (or found fewer times): fixed, and
    /// can be dropped. `count` says how many of them are gone.
    pub fixed: Vec<Entry>,
}

/// Splits `diagnostics` into new and known, and finds the fixed entries.
/// `in_scope` says which files were checked (entries of other files are
/// neither fixed nor known).
pub fn filter(
    baseline: &Baseline,
    diagnostics: Vec<Diagnostic>,
    in_scope: impl Fn(&str) -> bool,
) -> Filtered {
    let mut left: BTreeMap<Key, usize> = BTreeMap::new();
    for e in &baseline.problems {
        *left.entry(e.key()).or_default() += e.count;
    }
    let mut out = Filtered::default();
    for d in diagnostics {
        let key = (d.path.clone(), d.rule.to_string(), fingerprint(&d));
        match left.get_mut(&key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                out.known += 1;
            }
            _ => out.new.push(d),
        }
    }
    for e in &baseline.problems {
        if !in_scope(&e.path) {
            continue;
        }
        let gone = left.get(&e.key()).copied().unwrap_or(0).min(e.count);
        if gone > 0 {
            // later entries with the same key share what is left
            if let Some(n) = left.get_mut(&e.key()) {
                *n -= gone;
            }
            out.fixed.push(Entry {
                count: gone,
                ..e.clone()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{LineIndex, Severity};
    use proptest::prelude::*;

    fn diag(text: &str, needle: &str, rule: &'static str, message: &str) -> Diagnostic {
        let start = text.find(needle).expect("needle in text");
        Diagnostic {
            rule,
            severity: Severity::Error,
            path: "curriculum/p/m/autumn-week-2-mentor-materials.md".into(),
            location: LineIndex::new(text).locate(start..start + needle.len()),
            message: message.into(),
            hint: None,
        }
    }

    const TEXT: &str = "# Week two\n\nRead [the notes](/nowhere/at-all) first.\n";

    #[test]
    fn a_problem_moved_by_an_edit_elsewhere_keeps_its_fingerprint() {
        let before = diag(
            TEXT,
            "[the notes](/nowhere/at-all)",
            "broken-link",
            "link `/nowhere/at-all` (line 3) goes nowhere",
        );
        let moved_text = format!("# Week two\n\nA new paragraph.\n\nMore.\n{}", &TEXT[11..]);
        let after = diag(
            &moved_text,
            "[the notes](/nowhere/at-all)",
            "broken-link",
            "link `/nowhere/at-all` (line 6) goes nowhere",
        );
        assert_ne!(before.location.line, after.location.line);
        assert_eq!(fingerprint(&before), fingerprint(&after));
        let changed = diag(
            &TEXT.replace("at-all", "elsewhere"),
            "[the notes](/nowhere/elsewhere)",
            "broken-link",
            "link `/nowhere/elsewhere` goes nowhere",
        );
        assert_ne!(fingerprint(&before), fingerprint(&changed));
        let other_rule = Diagnostic {
            rule: "bad-url",
            ..before.clone()
        };
        assert_ne!(fingerprint(&before), fingerprint(&other_rule));
    }

    #[test]
    fn equal_problems_are_counted_and_a_further_copy_is_new() {
        let d = diag(
            TEXT,
            "[the notes](/nowhere/at-all)",
            "broken-link",
            "link goes nowhere",
        );
        let b = Baseline::of(&[d.clone(), d.clone()]);
        assert_eq!(b.problems.len(), 1);
        assert_eq!(b.problems[0].count, 2);
        let f = filter(&b, vec![d.clone(), d.clone(), d.clone()], |_| true);
        assert_eq!((f.new.len(), f.known, f.fixed.len()), (1, 2, 0));
        let f = filter(&b, vec![d.clone()], |_| true);
        assert_eq!((f.new.len(), f.known), (0, 1));
        assert_eq!(f.fixed.len(), 1);
        assert_eq!(f.fixed[0].count, 1);
        let f = filter(&b, vec![], |p| !p.starts_with("curriculum/"));
        assert!(f.fixed.is_empty(), "files not checked are not fixed");
    }

    #[test]
    fn the_file_round_trips_and_other_json_is_refused() {
        let d = diag(
            TEXT,
            "[the notes](/nowhere/at-all)",
            "broken-link",
            "link goes nowhere",
        );
        let b = Baseline::of(&[d]);
        let text = b.to_text();
        assert_eq!(Baseline::parse(&text, "b.json").unwrap(), b);
        assert!(Baseline::is_baseline(&text));
        assert!(!Baseline::is_baseline("{\"name\": \"a package\"}"));
        let err = Baseline::parse("not json", "b.json").unwrap_err();
        assert!(format!("{err:#}").contains("--write-baseline b.json"));
        let v2 = text.replace("\"version\": 1", "\"version\": 2");
        assert!(
            Baseline::parse(&v2, "b.json")
                .unwrap_err()
                .to_string()
                .contains("version 2")
        );
    }

    proptest! {
        /// Whatever lines come before a problem, and however its line's
        /// white space is laid out, it is matched by the baseline.
        #[test]
        fn inserted_lines_never_make_a_problem_new(
            before in proptest::collection::vec("[a-z #*-]{0,30}", 0..8),
            pad in "[ \t]{0,4}",
            target in "[a-z]{1,12}",
        ) {
            let line = format!("{pad}see <{target}> here");
            let needle = format!("<{target}>");
            let base_text = format!("# T\n{line}\n");
            let d0 = diag(&base_text, &needle, "stray-html", "stray `<x>` on line 2");
            let b = Baseline::of(std::slice::from_ref(&d0));
            let text = format!("# T\n{}\n{line}\n", before.join("\n"));
            let d1 = diag(&text, &needle, "stray-html", &format!("stray `<x>` on line {}", before.len() + 3));
            let f = filter(&b, vec![d1], |_| true);
            prop_assert_eq!(f.known, 1);
            prop_assert!(f.new.is_empty());
            prop_assert!(f.fixed.is_empty());
        }
    }
}
