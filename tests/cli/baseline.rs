//! `ect validate --write-baseline FILE` and `--baseline FILE`: CI that
//! accepts today's problems and fails on new ones.

use crate::support::{Scratch, copy_dir};
use std::path::Path;

const WEEK3: &str = "curriculum/demo/year-1-routines/autumn-week-3-mentor-materials.md";

fn read(s: &Scratch, rel: &str) -> String {
    std::fs::read_to_string(s.path().join(rel)).unwrap()
}

#[test]
fn a_baseline_accepts_todays_problems_and_reports_only_new_ones() {
    let s = Scratch::of("defects");
    let all = s.ect(&["validate", "--format", "json"]);
    all.code(1);
    let v: serde_json::Value = serde_json::from_str(&all.stdout).unwrap();
    let total = v["diagnostics"].as_array().unwrap().len();
    assert!(total > 10);

    let run = s.ect(&["validate", "--write-baseline", "ect-baseline.json"]);
    run.code(0);
    assert!(
        run.stdout.starts_with(&format!(
            "created  ect-baseline.json: {total} known problems in "
        )),
        "{}",
        run.stdout
    );
    let b: serde_json::Value = serde_json::from_str(&read(&s, "ect-baseline.json")).unwrap();
    assert_eq!(b["format"], "ect validate baseline");
    for e in b["problems"].as_array().unwrap() {
        assert!(e.get("line").is_none(), "no line numbers: {e}");
        assert_eq!(e["fingerprint"].as_str().unwrap().len(), 16);
    }

    let run = s.ect(&["validate", "--baseline", "ect-baseline.json"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        format!(
            "checked 11 files: 0 errors, 0 warnings\nbaseline `ect-baseline.json`: {total} known problems not shown\n"
        )
    );

    // lines added above every problem move them; none becomes new
    let text = read(&s, WEEK3);
    let body = text.find("\n---\n").unwrap() + 5;
    let moved = format!(
        "{}\nA paragraph a content author added.\n\nAnd another one here.\n\n{}",
        &text[..body],
        &text[body..]
    );
    s.write(WEEK3, &moved);
    s.ect(&["validate", "--baseline", "ect-baseline.json"])
        .code(0);

    // a new broken link is reported, with the known ones counted
    s.write(
        WEEK3,
        &format!("{moved}\nSee [the rota](/demo/no-such-rota) too.\n"),
    );
    let run = s.ect(&["validate", "--baseline", "ect-baseline.json"]);
    run.code(1);
    assert!(run.stdout.contains("error[broken-link]"), "{}", run.stdout);
    assert!(run.stdout.contains("/demo/no-such-rota"), "{}", run.stdout);
    assert_eq!(run.stdout.matches("error[").count(), 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "checked 11 files: 1 error, 0 warnings\nbaseline `ect-baseline.json`: {total} known problems not shown\n"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn fixed_entries_are_named_so_they_can_be_dropped() {
    let s = Scratch::of("defects");
    s.ect(&["validate", "--write-baseline", "base.json"])
        .code(0);
    let text = read(&s, WEEK3);
    assert!(text.contains("about:blank"));
    s.write(
        WEEK3,
        &text.replace("(about:blank)", "(https://example.org/rota)"),
    );
    let run = s.ect(&["validate", "--baseline", "base.json"]);
    run.code(0);
    assert!(
        run.stdout.contains(
            "baseline `base.json`: 1 problem fixed and can be dropped (`ect validate --write-baseline base.json` rewrites it):\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "  {WEEK3}: broken-link: link goes nowhere: `about:blank`"
        )),
        "{}",
        run.stdout
    );
    // JSON and GitHub say the same
    let json = s.ect(&["validate", "--baseline", "base.json", "--format", "json"]);
    json.code(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["baseline"]["file"], "base.json");
    assert_eq!(v["baseline"]["fixed"].as_array().unwrap().len(), 1);
    assert_eq!(v["baseline"]["fixed"][0]["rule"], "broken-link");
    assert!(v["baseline"]["known"].as_u64().unwrap() > 10);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0);
    let gh = s.ect(&["validate", "--baseline", "base.json", "--format", "github"]);
    gh.code(0);
    assert!(
        gh.stdout.starts_with(&format!(
            "::notice file={WEEK3},title=fixed%3A broken-link::"
        )),
        "{}",
        gh.stdout
    );
    assert!(
        gh.stderr.contains("known problems not shown"),
        "{}",
        gh.stderr
    );
    // rewriting drops it
    let run = s.ect(&["validate", "--write-baseline", "base.json"]);
    run.code(0);
    assert!(
        run.stdout.starts_with("updated  base.json"),
        "{}",
        run.stdout
    );
    let run = s.ect(&["validate", "--baseline", "base.json"]);
    assert!(!run.stdout.contains("fixed"), "{}", run.stdout);
}

#[test]
fn the_baseline_file_can_be_anywhere_but_never_replaces_another_file() {
    let s = Scratch::of("defects");
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("known.json");
    let f = file.to_str().unwrap();
    s.ect(&["validate", "--write-baseline", f]).code(0);
    s.ect(&["validate", "--baseline", f]).code(0);
    // a file a person wrote is not replaced
    s.write("notes.json", "{\"mine\": true}\n");
    let run = s.ect(&["validate", "--write-baseline", "notes.json"]);
    run.code(2);
    assert!(
        run.stderr.contains("is not a file `ect` wrote"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&s, "notes.json"), "{\"mine\": true}\n");
    // nor is another file read as a baseline
    let run = s.ect(&["validate", "--baseline", "notes.json"]);
    run.code(2);
    assert!(
        run.stderr.contains("`notes.json` is not an `ect` baseline"),
        "{}",
        run.stderr
    );
    let run = s.ect(&["validate", "--baseline", "missing.json"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("cannot read the baseline `missing.json`")
            && run
                .stderr
                .contains("ect validate --write-baseline missing.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn paths_narrow_the_report_and_entries_of_other_files_are_not_fixed() {
    let s = Scratch::of("defects");
    s.ect(&["validate", "--write-baseline", "b.json"]).code(0);
    let run = s.ect(&["validate", "--baseline", "b.json", WEEK3]);
    run.code(0);
    assert!(!run.stdout.contains("fixed"), "{}", run.stdout);
}

fn corpus() -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dfe-cip");
    if p.is_dir() {
        return Some(p);
    }
    assert!(
        !crate::support::in_ci(),
        "{} is missing: under CI=true this test may not skip",
        p.display()
    );
    eprintln!("skipped: {} is not here", p.display());
    None
}

/// `ect init`, then the provider's published materials, is made green with
/// one baseline command.
#[test]
fn init_and_real_provider_content_go_green_with_one_baseline_command() {
    let Some(corpus) = corpus() else { return };
    let s = Scratch::empty();
    s.ect(&["init", "school"]).code(0);
    let school = s.path().join("school");
    copy_dir(&corpus, &school.join("curriculum"));
    let ect = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("ect")
            .unwrap()
            .current_dir(&school)
            .env("ECT_TODAY", "2026-11-23")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, _) = ect(&["validate", "--format", "github"]);
    assert_eq!(code, 1, "the published materials have known defects");
    let (code, _) = ect(&["validate", "--write-baseline", "ect-baseline.json"]);
    assert_eq!(code, 0);
    let (code, out) = ect(&[
        "validate",
        "--format",
        "github",
        "--baseline",
        "ect-baseline.json",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("::error"), "{out}");
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(school.join("ect-baseline.json")).unwrap())
            .unwrap();
    let entries = b["problems"].as_array().unwrap();
    let counted: u64 = entries.iter().map(|e| e["count"].as_u64().unwrap()).sum();
    assert!(counted >= 30, "{counted}");
}
