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
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Vec::new();
    }
    let mut found: Vec<_> = std::fs::read_dir(dir)
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
