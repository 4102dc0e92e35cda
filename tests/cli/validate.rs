//! `ect validate`: exit codes, the three output formats, `ect.yaml` rule
//! settings, path filters, and that validating never changes a file.

use crate::support::Scratch;

#[test]
fn clean_repository_passes() {
    let s = Scratch::of("clean");
    s.ect(&["validate"])
        .code(0)
        .stdout_matches("clean", "expected.out");
}

#[test]
fn every_defect_is_reported_with_its_place() {
    let s = Scratch::of("defects");
    let before = s.snapshot();
    s.ect(&["validate"])
        .code(1)
        .stdout_matches("defects", "expected.out");
    assert_eq!(before, s.snapshot(), "validate changed a file");
}

#[test]
fn json_output_has_the_documented_shape() {
    let s = Scratch::of("defects");
    let run = s.ect(&["validate", "--format", "json"]);
    run.code(1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let diags = v["diagnostics"].as_array().unwrap();
    let summary = &v["summary"];
    assert_eq!(summary["files"], 11);
    let errors = diags.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(summary["errors"], errors);
    assert_eq!(summary["warnings"], diags.len() - errors);
    for d in diags {
        for key in [
            "rule",
            "severity",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "hint",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        assert!(!d["path"].as_str().unwrap().starts_with('/'));
    }
    let broken: Vec<_> = diags
        .iter()
        .filter(|d| d["rule"] == "broken-link")
        .collect();
    assert_eq!(broken.len(), 5);
    let blank = broken
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("about:blank"))
        .unwrap();
    assert_eq!(
        blank["path"],
        "curriculum/demo/year-1-routines/autumn-week-3-mentor-materials.md"
    );
    assert_eq!(
        (blank["line"].as_u64(), blank["column"].as_u64()),
        (Some(21), Some(133))
    );
    crate::support::expect_file(
        &crate::support::fixtures().join("defects/expected.json"),
        &run.stdout,
    );
}

#[test]
fn github_output_is_workflow_commands() {
    let s = Scratch::of("defects");
    let run = s.ect(&["validate", "--format", "github"]);
    run.code(1);
    let lines: Vec<_> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 30);
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file="))
    );
    assert!(lines.contains(&"::error file=curriculum/demo/year-1-routines/autumn-week-3-mentor-materials.md,line=21,col=133,endLine=21,endColumn=152,title=broken-link::link goes nowhere: `about:blank`%0Ahint: give it the page's path, e.g. `/programme/module/page`, or remove it"), "{}", run.stdout);
}

#[test]
fn rules_can_be_turned_off_or_made_errors() {
    let s = Scratch::of("defects");
    s.write(
        "ect.yaml",
        "rules:\n  timing-budget: off\n  empty-section: error\n  colour: off\n",
    );
    let run = s.ect(&["validate", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.iter().any(|d| d["rule"] == "timing-budget"));
    let empty = diags.iter().find(|d| d["rule"] == "empty-section").unwrap();
    assert_eq!(empty["severity"], "error");
    let unknown = diags.iter().find(|d| d["path"] == "ect.yaml").unwrap();
    assert_eq!(unknown["line"], 4);
    assert_eq!(unknown["severity"], "warning");
}

#[test]
fn warnings_fail_only_when_denied() {
    let s = Scratch::of("clean");
    s.write(
        "curriculum/demo/year-1-routines/autumn-week-2-mentor-materials.md",
        &std::fs::read_to_string(
            s.path()
                .join("curriculum/demo/year-1-routines/autumn-week-2-mentor-materials.md"),
        )
        .unwrap()
        .replace("Next Steps 5 mins", "### Extra\n\nNext Steps 5 mins"),
    );
    // `### Extra` sits right before the `### ...` that follows? no: it has content
    s.write("curriculum/assets/unused.txt", "x");
    s.ect(&["validate"]).code(0);
    s.ect(&["validate", "--deny-warnings"]).code(1);
}

#[test]
fn paths_limit_what_is_reported() {
    let s = Scratch::of("defects");
    let run = s.ect(&[
        "validate",
        "--format",
        "json",
        "curriculum/demo/year-1-extra",
    ]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    assert!(diags.iter().all(|d| {
        d["path"]
            .as_str()
            .unwrap()
            .starts_with("curriculum/demo/year-1-extra/")
    }));
    assert_eq!(v["summary"]["files"], 5);
    let missing = s.ect(&["validate", "no/such/path"]);
    missing.code(2);
    assert!(
        missing.stderr.contains("`no/such/path` does not exist"),
        "{}",
        missing.stderr
    );
}

#[test]
fn finds_the_repository_from_a_subfolder_and_with_root() {
    let s = Scratch::of("clean");
    s.write("ect.yaml", "curriculum: curriculum\n");
    let out = assert_cmd::Command::cargo_bin("ect")
        .unwrap()
        .current_dir(s.path().join("curriculum/demo"))
        .args(["validate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("checked 5 files"));
    let elsewhere = Scratch::empty();
    let run = elsewhere.ect(&["validate", "--root", s.path().to_str().unwrap()]);
    run.code(0);
}

#[test]
fn an_invalid_ect_yaml_cannot_run() {
    let s = Scratch::of("clean");
    s.write("ect.yaml", "curriculum: curriculum\nterms:\n  - name: autumn\n    start: 2026-09-31\n    end: 2026-12-18\n");
    let run = s.ect(&["validate"]);
    run.code(2);
    assert!(run.stderr.contains("ect.yaml:4:"), "{}", run.stderr);
}

#[test]
fn a_missing_curriculum_folder_cannot_run() {
    let s = Scratch::empty();
    let run = s.ect(&["validate"]);
    run.code(2);
    assert!(
        run.stderr.contains("no curriculum folder `curriculum`"),
        "{}",
        run.stderr
    );
}

#[test]
fn no_colour_when_piped_colour_when_asked() {
    let s = Scratch::of("defects");
    assert!(!s.ect(&["validate"]).stdout.contains('\x1b'));
    assert!(
        s.ect(&["validate", "--color", "always"])
            .stdout
            .contains('\x1b')
    );
}

#[test]
fn explain_names_every_rule() {
    let s = Scratch::empty();
    let run = s.ect(&["explain"]);
    run.code(0);
    for rule in [
        "front-matter",
        "broken-link",
        "timing-budget",
        "unreferenced-asset",
    ] {
        assert!(run.stdout.contains(rule));
    }
    let one = s.ect(&["explain", "timing-budget"]);
    one.code(0);
    assert!(one.stdout.contains("Duration"));
    s.ect(&["explain", "no-such-rule"]).code(2);
}

#[test]
fn inspect_prints_what_was_understood() {
    let s = Scratch::of("clean");
    let run = s.ect(&[
        "inspect",
        "curriculum/demo/year-1-routines/autumn-week-1-mentor-materials.md",
        "--format",
        "json",
    ]);
    run.code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["programme"], "demo");
    assert_eq!(v["year"], 1);
    assert_eq!(v["term"], "autumn");
    assert_eq!(v["week"], 1);
    assert_eq!(v["module"], "year-1-routines");
    assert_eq!(v["part"], "mentor-materials");
    assert_eq!(v["title"], "Year 1 Autumn week 1 mentor materials");
    assert_eq!(v["learning_intentions"].as_array().unwrap().len(), 2);
    assert_eq!(v["total_minutes"], 50);
    assert_eq!(v["sections"][0]["minutes"], 50);
    assert_eq!(v["sections"][0]["line"], 7);
    let labels: Vec<_> = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap().to_string(),
                s["minutes"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        labels,
        [
            ("Review".to_string(), 10),
            ("Theory to Practice".to_string(), 35),
            ("Next Steps".to_string(), 5)
        ]
    );
}

#[test]
fn inspect_reads_a_file_outside_the_curriculum_by_its_place_in_the_layout() {
    // a session outside `curriculum/` was taken to be a programme named
    // after its file, and its path was shown as `//...`
    let s = crate::support::Scratch::example();
    let outside = tempfile::tempdir().unwrap();
    let file = outside
        .path()
        .join("our-programme/year-2-talk/spring-week-3-mentor-materials.md");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(
        &file,
        "---\ntitle: \"Year 2 Spring week 3 mentor materials\"\n---\n\n## Talk moves\n\n### Rehearse the move (20 minutes)\n",
    )
    .unwrap();
    let run = s.ect(&["inspect", file.to_str().unwrap(), "--format", "json"]);
    run.code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["programme"], "our-programme");
    assert_eq!(v["module"], "year-2-talk");
    assert_eq!(v["year"], 2);
    assert_eq!(v["week"], 3);
    assert_eq!(v["path"], file.display().to_string());
    assert_eq!(v["total_minutes"], 20);
}
