//! `ect schema`: the committed schemas are current, and an independent JSON
//! Schema validator (Python's `jsonschema`, installed by `.ci/run` under
//! `target/pyenv`) accepts the example files and rejects bad ones.

use crate::support::{Scratch, copy_dir};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn python() -> Option<std::path::PathBuf> {
    let py = root().join("target/pyenv/bin/python");
    let ok = py.is_file()
        && std::process::Command::new(&py)
            .args(["-c", "import jsonschema, yaml"])
            .status()
            .is_ok_and(|s| s.success());
    if ok {
        return Some(py);
    }
    crate::support::skip("no target/pyenv with jsonschema and pyyaml");
    None
}

fn check(py: &Path, schema: &str, files: &[&Path]) -> Vec<String> {
    crate::support::tool_lines(
        std::process::Command::new(py)
            .arg(root().join("tests/tools/check_schema.py"))
            .arg(root().join("schemas").join(schema))
            .args(files),
    )
}

#[test]
fn committed_schemas_are_current() {
    let s = Scratch::empty();
    std::fs::copy(root().join("ect.yaml"), s.path().join("ect.yaml")).unwrap();
    copy_dir(&root().join("schemas"), &s.path().join("schemas"));
    let run = s.ect(&["schema"]);
    run.code(0);
    assert_eq!(
        run.stdout.matches("unchanged").count(),
        ect::schema::all().len(),
        "run `cargo run -- schema` and commit: {}",
        run.stdout
    );
    // a schema a person wrote is never replaced
    s.write("schemas/pair.schema.json", "{\"mine\": true}\n");
    let kept = s.ect(&["schema"]);
    kept.code(1);
    assert!(
        kept.stdout
            .contains("kept (not written by `ect schema`)  schemas/pair.schema.json")
    );
    assert_eq!(
        std::fs::read_to_string(s.path().join("schemas/pair.schema.json")).unwrap(),
        "{\"mine\": true}\n"
    );
}

#[test]
fn the_example_files_match_their_schemas() {
    let Some(py) = python() else { return };
    let s = Scratch::example();
    let ect = s.path().join("ect.yaml");
    assert_eq!(
        check(&py, "ect.schema.json", &[&ect]),
        [format!("ok {}", ect.display())]
    );
    let pairs: Vec<_> = std::fs::read_dir(s.path().join("plans"))
        .unwrap()
        .map(|e| e.unwrap().path().join("pair.yaml"))
        .collect();
    assert!(pairs.len() >= 4, "{pairs:?}");
    let refs: Vec<&Path> = pairs.iter().map(|p| p.as_path()).collect();
    for line in check(&py, "pair.schema.json", &refs) {
        assert!(line.starts_with("ok "), "{line}");
    }
    s.ect(&["agenda", "--week", "2026-11-23"]).code(0);
    let agendas: Vec<_> = walkdir::WalkDir::new(s.path().join("plans"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        // the agendas only: the example also holds induction records
        .filter(|e| e.path().components().any(|c| c.as_os_str() == "agendas"))
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(!agendas.is_empty());
    let refs: Vec<&Path> = agendas.iter().map(|p| p.as_path()).collect();
    for line in check(&py, "agenda.schema.json", &refs) {
        assert!(line.starts_with("ok "), "{line}");
    }
    let run = s.ect(&[
        "plan",
        "new",
        "--pair",
        "priya-shah-tom-okafor",
        "--no-edit",
    ]);
    run.code(0);
    let plan = s
        .path()
        .join("plans/priya-shah-tom-okafor/action-plans/2026-11-23.md");
    assert_eq!(
        check(&py, "plan.schema.json", &[&plan]),
        [format!("ok {}", plan.display())]
    );
    // the induction tutor's records
    for (schema, folder) in [
        ("review.schema.json", "reviews"),
        ("observation.schema.json", "observations"),
    ] {
        let records: Vec<_> = walkdir::WalkDir::new(s.path().join("plans"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .filter(|e| e.path().components().any(|c| c.as_os_str() == folder))
            .map(|e| e.path().to_path_buf())
            .collect();
        assert!(!records.is_empty(), "the example has {folder}");
        let refs: Vec<&Path> = records.iter().map(|p| p.as_path()).collect();
        for line in check(&py, schema, &refs) {
            assert!(line.starts_with("ok "), "{line}");
        }
    }
    s.write(
        "bad-review.md",
        "---\npair: a-b\nkind: review\nterm: 0\nperiod: {from: 2027-01-04, to: 2027-03-24}\n---\n",
    );
    let bad = check(
        &py,
        "review.schema.json",
        &[&s.path().join("bad-review.md")],
    );
    assert!(bad[0].starts_with("invalid "), "{bad:?}");
    s.write("bad-observation.md", "---\npair: a-b\nfocus: [9]\n---\n");
    let bad = check(
        &py,
        "observation.schema.json",
        &[&s.path().join("bad-observation.md")],
    );
    assert!(bad[0].starts_with("invalid "), "{bad:?}");
    s.write("bad-plan.md", "---\npair: a-b\nstatus: finished\n---\n");
    let bad = check(&py, "plan.schema.json", &[&s.path().join("bad-plan.md")]);
    assert!(bad[0].starts_with("invalid "), "{bad:?}");
}

#[test]
fn the_schemas_reject_bad_files() {
    let Some(py) = python() else { return };
    let s = Scratch::empty();
    let cases = [
        (
            "pair.schema.json",
            "no-ect.yaml",
            "mentor: A\nstart: 2026-09-02\nmeeting: {day: monday}\n",
        ),
        (
            "pair.schema.json",
            "weekend.yaml",
            "mentor: A\nect: B\nstart: 2026-09-02\nmeeting: {day: saturday}\n",
        ),
        (
            "pair.schema.json",
            "bad-time.yaml",
            "mentor: A\nect: B\nstart: 2026-09-02\nmeeting: {day: monday, time: \"25:00\"}\n",
        ),
        (
            "pair.schema.json",
            "cadence.yaml",
            "mentor: A\nect: B\nstart: 2026-09-02\nmeeting: {day: monday}\ncadence: {year1: daily}\n",
        ),
        (
            "ect.schema.json",
            "term-name.yaml",
            "terms:\n  - {name: winter, start: 2026-09-02, end: 2026-12-18}\n",
        ),
        (
            "ect.schema.json",
            "rule-level.yaml",
            "rules: {timing-budget: loud}\n",
        ),
        (
            "ect.schema.json",
            "break-key.yaml",
            "terms:\n  - {name: autumn, start: 2026-09-02, end: 2026-12-18, breaks: [{from: 2026-10-26}]}\n",
        ),
    ];
    for (schema, name, text) in cases {
        s.write(name, text);
        let lines = check(&py, schema, &[&s.path().join(name)]);
        assert!(
            lines[0].starts_with("invalid "),
            "{name} was accepted: {lines:?}"
        );
    }
}

#[test]
fn out_is_honoured_inside_and_outside_the_repository() {
    let s = Scratch::empty();
    std::fs::copy(root().join("ect.yaml"), s.path().join("ect.yaml")).unwrap();
    let run = s.ect(&["schema", "--out", "editor/schemas"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("created  editor/schemas/ect.schema.json\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("$schema=editor/schemas/ect.schema.json` and each `pair.yaml` with `# yaml-language-server: $schema=../../editor/schemas/pair.schema.json`"),
        "{}",
        run.stdout
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("shared-schemas");
    let run = s.ect(&["schema", "--out", out.to_str().unwrap()]);
    run.code(0);
    for name in ["ect", "pair", "agenda", "plan"] {
        let file = out.join(format!("{name}.schema.json"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    }
    assert!(
        run.stdout.contains(&format!(
            "$schema={}/ect.schema.json",
            out.canonicalize().unwrap().display()
        )),
        "{}",
        run.stdout
    );
    // relative to the current folder, as any command's paths are
    std::fs::create_dir_all(s.path().join("plans")).unwrap();
    let from_plans = assert_cmd::Command::cargo_bin("ect")
        .unwrap()
        .current_dir(s.path().join("plans"))
        .args(["schema", "--out", "here"])
        .output()
        .unwrap();
    assert_eq!(from_plans.status.code(), Some(0));
    assert!(s.path().join("plans/here/pair.schema.json").is_file());
    // a schema a person wrote there is kept
    std::fs::write(out.join("pair.schema.json"), "{\"mine\": true}\n").unwrap();
    s.ect(&["schema", "--out", out.to_str().unwrap()]).code(1);
    assert_eq!(
        std::fs::read_to_string(out.join("pair.schema.json")).unwrap(),
        "{\"mine\": true}\n"
    );
}
