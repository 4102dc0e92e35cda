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
    let mut found = files_named(dir, |name| {
        NaiveDate::parse_from_str(name.strip_suffix(".md")?, "%Y-%m-%d").ok()
    });
    found.sort();
    found
}

/// The plain files directly in `dir` whose name `read` understands, with
/// what it made of the name (unsorted). A `dir` that is a symbolic link is
/// not followed, nor is a link inside it.
pub fn files_named<T>(dir: &Path, read: impl Fn(&str) -> Option<T>) -> Vec<(T, PathBuf)> {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Vec::new();
    }
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| Some((read(&e.file_name().to_string_lossy())?, e.path())))
        .collect()
}
