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
    } else if crate::support::in_ci() {
        panic!(
            "{} is missing: under CI the corpus tests must run",
            p.display()
        );
    } else {
        crate::support::skip(&format!(
            "{} is not here (it ships beside the project in CI)",
            p.display()
        ));
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
        // the groups hold the same intentions as the flat list
        let grouped: usize = v["learning_intention_groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["items"].as_array().unwrap().len())
            .sum();
        assert_eq!(
            grouped,
            v["learning_intentions"].as_array().unwrap().len(),
            "{name}"
        );
        // a total is the activities' sum: nothing counted twice or dropped
        let sum: u64 = v["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["minutes"].as_u64().unwrap())
            .sum();
        if sum > 0 {
            assert_eq!(v["total_minutes"].as_u64(), Some(sum), "{name}");
        }
    }
    assert_eq!(sessions, 95);
    assert_eq!(timed, 58);
    assert_eq!(with_intentions, 51);
}

/// Agendas for a term of each provider's sessions: every one links its
/// session file, lists activities (timed, or the session's parts with a
/// suggested split), and every relative link in it reaches a file.
#[test]
fn corpus_agendas_carry_the_session() {
    let Some(corpus) = corpus() else { return };
    let s = Scratch::empty();
    copy_dir(&corpus, &s.path().join("curriculum"));
    s.write(
        "ect.yaml",
        "terms:\n  - name: autumn\n    start: 2026-09-02\n    end: 2026-12-18\n    breaks:\n      - {start: 2026-10-26, end: 2026-10-30}\n",
    );
    for (id, programme) in [("amb", "ambition-institute"), ("ucl", "ucl")] {
        s.write(
            &format!("plans/{id}/pair.yaml"),
            &format!("mentor: A B\nect: C D\nprogramme: {programme}\nstart: 2026-09-07\nmeeting: {{day: tuesday, minutes: 60}}\n"),
        );
    }
    let mut monday = chrono::NaiveDate::from_ymd_opt(2026, 9, 7).unwrap();
    while monday < chrono::NaiveDate::from_ymd_opt(2026, 12, 14).unwrap() {
        s.ect(&["agenda", "--week", &monday.to_string()]).code(0);
        monday += chrono::Duration::days(7);
    }
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut with_session = BTreeMap::new();
    let mut untimed = 0;
    for id in ["amb", "ucl"] {
        let dir = s.path().join(format!("plans/{id}/agendas"));
        for entry in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            if !text.contains("\nSession: ") {
                continue;
            }
            *with_session.entry(id).or_insert(0) += 1;
            assert!(text.contains("\nSession: [Year "), "{text}");
            assert!(text.contains("\n### 1. "), "{text}");
            untimed += usize::from(text.contains("The provider gives no times for these."));
            for c in link.captures_iter(&text) {
                let target = &c[1];
                if target.contains("://") {
                    continue;
                }
                let decoded = target
                    .replace("%20", " ")
                    .replace("%28", "(")
                    .replace("%29", ")");
                assert!(dir.join(&decoded).is_file(), "{target}");
            }
        }
    }
    // Ambition: one session a week for its twelve autumn weeks; UCL: two
    // modules over the thirteen teaching weeks
    assert_eq!(with_session.get("amb"), Some(&12));
    assert_eq!(with_session.get("ucl"), Some(&13));
    // the Ambition sessions give no times, nor does one UCL session: each
    // gets a plan from its parts
    assert_eq!(untimed, 13);
}
