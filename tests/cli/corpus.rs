//! The real published provider materials in `../shared/corpus/dfe-cip`:
//! `ect validate` reads all of it and finds exactly its known defects.
//! Skips, saying why, when `../shared` is not there (a user's fresh clone).

use crate::support::{Scratch, copy_dir};
use std::collections::BTreeMap;
use std::path::Path;

fn corpus() -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dfe-cip");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is not here (it ships beside the project in CI only)",
            p.display()
        );
        None
    }
}

#[test]
fn corpus_defects_by_rule() {
    let Some(corpus) = corpus() else { return };
    let s = Scratch::empty();
    copy_dir(&corpus, &s.path().join("curriculum"));
    let run = s.ect(&["validate", "--format", "json"]);
    run.code(1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in v["diagnostics"].as_array().unwrap() {
        *counts
            .entry(format!(
                "{} {}",
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap()
            ))
            .or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = [
        ("bad-url warning", 16),
        ("broken-link error", 5),
        ("duplicate-paragraph warning", 1),
        ("empty-section warning", 1),
        ("pagination error", 6),
        ("stray-html error", 9),
        ("timing-budget warning", 3),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_string(), n))
    .collect();
    assert_eq!(counts, expected);
    assert_eq!(v["summary"]["files"], 325);
    // every error is in a file with a real defect: the mentor materials and
    // overviews that are well formed get none
    let with_errors: std::collections::BTreeSet<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(with_errors.len(), 14);
}

#[test]
fn corpus_sessions_are_understood() {
    let Some(corpus) = corpus() else { return };
    let s = Scratch::empty();
    copy_dir(&corpus, &s.path().join("curriculum"));
    // every mentor session of both providers: count those with timed
    // activities and learning intentions
    let mut sessions = 0;
    let mut timed = 0;
    let mut with_intentions = 0;
    for entry in walkdir::WalkDir::new(s.path().join("curriculum")).sort_by_file_name() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with("-mentor-materials.md") {
            continue;
        }
        sessions += 1;
        let run = s.ect(&[
            "inspect",
            entry.path().to_str().unwrap(),
            "--format",
            "json",
        ]);
        run.code(0);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert!(v["week"].as_u64().is_some(), "{name}");
        assert_eq!(v["part"], "mentor-materials");
        if !v["segments"].as_array().unwrap().is_empty() {
            timed += 1;
        }
        if !v["learning_intentions"].as_array().unwrap().is_empty() {
            with_intentions += 1;
        }
    }
    assert_eq!(sessions, 95);
    assert_eq!(timed, 58);
    assert_eq!(with_intentions, 39);
}
