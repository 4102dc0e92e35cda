//! What mentors write in `plans/<pair>/`: meeting agendas (their task lists
//! of agreed actions) and action plans (SMART targets). Reading only; the
//! files are written by `generate` through `write`.

pub mod action_plan;
pub mod agenda;
pub mod ledger;
pub mod tasks;

use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The files `YYYY-MM-DD.md` directly in `dir` (plain files only; a `dir`
/// that is a symbolic link is not followed), sorted by date.
pub fn dated_files(dir: &Path) -> Vec<(NaiveDate, PathBuf)> {
    let mut found = crate::repo::files_named(dir, |name| {
        NaiveDate::parse_from_str(name.strip_suffix(".md")?, "%Y-%m-%d").ok()
    });
    found.sort();
    found
}
