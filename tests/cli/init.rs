//! `ect init`: a ready repository in an empty folder, which validates and
//! plans meetings at once; nothing written when anything is in the way.

use crate::support::Scratch;
use std::path::Path;

const FILES: &[&str] = &[
    "ect.yaml",
    "curriculum/example.md",
    "curriculum/example/year-1-first-weeks.md",
    "curriculum/example/year-1-first-weeks/autumn-week-1-mentor-materials.md",
    "curriculum/example/year-1-first-weeks/autumn-week-2-mentor-materials.md",
    "curriculum/example/year-1-first-weeks/autumn-week-3-mentor-materials.md",
    "plans/README.md",
    "plans/jo-smith-alex-lee/pair.yaml",
    ".github/workflows/ect.yml",
    ".gitignore",
    "schemas/ect.schema.json",
    "schemas/pair.schema.json",
    "schemas/agenda.schema.json",
    "schemas/plan.schema.json",
];

/// `ect ARGS` in `dir` with `ECT_TODAY=today` and `PATH` as given (`None`:
/// the test's own).
fn ect_in(dir: &Path, today: &str, path: Option<&str>, args: &[&str]) -> (i32, String, String) {
    let mut cmd = assert_cmd::Command::cargo_bin("ect").unwrap();
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env("ECT_TODAY", today)
        .env("CARGO_HOME", dir.join(".no-cargo-home"))
        .env_remove("CARGO_INSTALL_ROOT")
        .args(args);
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn has_git() -> bool {
    std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn an_empty_folder_becomes_a_repository_that_validates_and_plans_meetings() {
    let s = Scratch::empty();
    let run = s.ect(&["init"]);
    run.code(0);
    for f in FILES {
        assert!(s.path().join(f).is_file(), "{f} missing");
        assert!(
            run.stdout.contains(&format!("created  {f}\n")),
            "{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("local authority"), "{}", run.stdout);
    // editors find the schemas from the first line of the YAML files
    let ect_yaml = std::fs::read_to_string(s.path().join("ect.yaml")).unwrap();
    assert!(ect_yaml.starts_with("# yaml-language-server: $schema=schemas/ect.schema.json\n"));
    let pair_yaml =
        std::fs::read_to_string(s.path().join("plans/jo-smith-alex-lee/pair.yaml")).unwrap();
    assert!(
        pair_yaml.starts_with("# yaml-language-server: $schema=../../schemas/pair.schema.json\n")
    );
    s.ect(&["schema"]).code(0);

    let check = s.ect(&["validate", "--deny-warnings"]);
    check.code(0);
    assert_eq!(check.stdout, "checked 7 files: 0 errors, 0 warnings\n");

    // ECT_TODAY is Monday 23 November 2026: the example pair starts this week
    let agenda = s.ect(&["agenda", "--week", "2026-11-23"]);
    agenda.code(0);
    assert_eq!(
        agenda.stdout,
        "jo-smith-alex-lee  created  plans/jo-smith-alex-lee/agendas/2026-11-24.md\n"
    );
    let text = std::fs::read_to_string(
        s.path()
            .join("plans/jo-smith-alex-lee/agendas/2026-11-24.md"),
    )
    .unwrap();
    assert!(text.contains("## Contracting"), "{text}");
    assert!(text.contains("Starting out together"), "{text}");
    assert!(
        text.contains("Next meeting: Tuesday 1 December 2026."),
        "{text}"
    );
    // and the weeks after follow the module
    let next = s.ect(&["agenda", "--week", "next"]);
    next.code(0);
    assert_eq!(
        next.stdout,
        "jo-smith-alex-lee  created  plans/jo-smith-alex-lee/agendas/2026-12-01.md\n"
    );
    let text = std::fs::read_to_string(
        s.path()
            .join("plans/jo-smith-alex-lee/agendas/2026-12-01.md"),
    )
    .unwrap();
    assert!(text.contains("Instructions pupils can follow"), "{text}");
}

#[test]
fn term_dates_cover_this_school_year_and_the_next_with_a_warning_to_check_them() {
    let s = Scratch::empty();
    s.ect(&["init"]).code(0);
    let text = std::fs::read_to_string(s.path().join("ect.yaml")).unwrap();
    for want in [
        "# 2026-27\n  - name: autumn\n    start: 2026-09-02\n    end: 2026-12-18\n",
        "{start: 2026-10-26, end: 2026-10-30}   # half-term",
        "# 2027-28\n",
        "  - name: summer\n    start: 2028-04-24\n    end: 2028-07-21\n",
        "CHECK\n# EVERY DATE against the term dates your local authority",
        "  - 2027-05-03   # early May bank holiday\n",
    ] {
        assert!(text.contains(want), "{want:?} not in\n{text}");
    }
    assert_eq!(text.matches("  - name: ").count(), 6);
    let pair = std::fs::read_to_string(s.path().join("plans/jo-smith-alex-lee/pair.yaml")).unwrap();
    assert!(pair.contains("start: 2026-11-23"), "{pair}");
}

#[test]
fn in_the_summer_holidays_the_coming_school_year_is_planned() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = ect_in(dir.path(), "2027-08-10", None, &["init", "school"]);
    assert_eq!(code, 0, "{err}");
    let root = dir.path().join("school");
    let text = std::fs::read_to_string(root.join("ect.yaml")).unwrap();
    assert!(
        text.contains("the 2027-28 and 2028-29 school years"),
        "{text}"
    );
    let pair = std::fs::read_to_string(root.join("plans/jo-smith-alex-lee/pair.yaml")).unwrap();
    assert!(pair.contains("start: 2027-09-01"), "{pair}");
    let (code, out, err) = ect_in(&root, "2027-08-10", None, &["validate", "--deny-warnings"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = ect_in(
        &root,
        "2027-08-10",
        None,
        &["agenda", "--week", "2027-09-06"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "jo-smith-alex-lee  created  plans/jo-smith-alex-lee/agendas/2027-09-07.md\n"
    );
}

#[test]
fn the_workflow_installs_a_fixed_ect_and_uses_the_baseline_when_there_is_one() {
    let s = Scratch::empty();
    s.ect(&["init"]).code(0);
    let text = std::fs::read_to_string(s.path().join(".github/workflows/ect.yml")).unwrap();
    let y: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert!(y["on"].get("push").is_some(), "{text}");
    assert!(y["on"].get("pull_request").is_some(), "{text}");
    assert_eq!(
        y["env"]["ECT_VERSION"].as_str(),
        Some(env!("CARGO_PKG_VERSION")),
        "{text}"
    );
    let runs: Vec<&str> = y["jobs"]["validate"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert!(
        runs[0].contains("cargo install --locked --git \"$ECT_GIT\" --tag \"v$ECT_VERSION\" ect"),
        "{text}"
    );
    // run the check step as CI would, with this `ect` on PATH
    let check = *runs.last().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_ect")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let step = || {
        let out = std::process::Command::new("sh")
            .args(["-e", "-c", check])
            .current_dir(s.path())
            .env("PATH", &path)
            .env("ECT_TODAY", "2026-11-23")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    assert_eq!(step().0, Some(0));
    let week = "curriculum/example/year-1-first-weeks/autumn-week-2-mentor-materials.md";
    let text = std::fs::read_to_string(s.path().join(week)).unwrap();
    s.write(
        week,
        &format!("{text}\nRead [the old page](/example/gone-away).\n"),
    );
    let (code, out) = step();
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("::error file="), "{out}");
    s.ect(&["validate", "--write-baseline", "ect-baseline.json"])
        .code(0);
    assert_eq!(step(), (Some(0), String::new()));
    // and init told the tutor how
    let fresh = Scratch::empty();
    let run = fresh.ect(&["init"]);
    assert!(
        run.stdout
            .contains("ect validate --write-baseline ect-baseline.json"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_existing_gitignore_is_kept_with_a_note() {
    let s = Scratch::empty();
    s.write(".gitignore", "*.bak\n");
    let run = s.ect(&["init"]);
    run.code(0);
    assert_eq!(
        std::fs::read_to_string(s.path().join(".gitignore")).unwrap(),
        "*.bak\n"
    );
    assert!(
        !run.stdout.contains("created  .gitignore"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("note: kept your `.gitignore`; add the lines `.ect.lock` and `.ect-*.tmp`"),
        "{}",
        run.stderr
    );
}

#[test]
fn git_ignores_the_lock_and_temporary_files_but_not_agendas() {
    if !has_git() {
        assert!(!crate::support::in_ci(), "git is missing under CI=true");
        eprintln!("skipped: git is not installed");
        return;
    }
    let s = Scratch::empty();
    s.ect(&["init"]).code(0);
    s.write("plans/.ect.lock", "12345\n");
    s.write("plans/jo-smith-alex-lee/agendas/.ect-AbC123.tmp", "half");
    s.write("plans/jo-smith-alex-lee/agendas/2026-11-24.md", "# notes\n");
    let out = std::process::Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=all"])
        .current_dir(s.path())
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(!listed.contains(".ect.lock"), "{listed}");
    assert!(!listed.contains(".tmp"), "{listed}");
    assert!(listed.contains("agendas/2026-11-24.md"), "{listed}");
    assert!(listed.contains(".gitignore"), "{listed}");
}

#[test]
fn nothing_is_written_when_any_file_exists() {
    let s = Scratch::empty();
    s.write("plans/README.md", "our own notes\n");
    s.write("ect.yaml", "terms: []\n");
    let before = s.snapshot();
    let run = s.ect(&["init"]);
    run.code(1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("wrote nothing"), "{}", run.stderr);
    assert!(run.stderr.contains("\n  ect.yaml\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains("\n  plans/README.md\n"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("curriculum"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("help: run `ect init` in a new or empty folder")
    );
    assert_eq!(s.snapshot(), before);
    assert!(!s.path().join("curriculum").exists());
    assert!(!s.path().join(".git").exists());
}

#[test]
fn a_file_where_a_folder_goes_blocks_it_too() {
    let s = Scratch::empty();
    s.write("curriculum", "not a folder\n");
    let run = s.ect(&["init"]);
    run.code(1);
    assert!(run.stderr.contains("\n  curriculum\n"), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("curriculum").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(!s.path().join("ect.yaml").exists());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_on_the_way_is_never_written_through() {
    let s = Scratch::empty();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), s.path().join("plans")).unwrap();
    let run = s.ect(&["init"]);
    run.code(1);
    assert!(run.stderr.contains("\n  plans\n"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert!(!s.path().join("ect.yaml").exists());
}

#[test]
fn other_files_in_the_folder_are_left_alone() {
    let s = Scratch::empty();
    s.write("notes/minutes.md", "kept\n");
    s.write("curriculum/ucl.md", "---\ntitle: x\n---\n");
    s.ect(&["init"]).code(0);
    assert_eq!(
        std::fs::read_to_string(s.path().join("notes/minutes.md")).unwrap(),
        "kept\n"
    );
    assert!(s.path().join("curriculum/example.md").is_file());
}

#[test]
fn git_init_runs_only_outside_a_repository_and_only_with_git() {
    if !has_git() {
        crate::support::skip("`git` is not installed");
        return;
    }
    let s = Scratch::empty();
    let run = s.ect(&["init"]);
    run.code(0);
    assert!(s.path().join(".git").is_dir());
    assert!(
        run.stdout.contains("created  .git (git init)"),
        "{}",
        run.stdout
    );

    // inside that repository, a second one is not started
    let run = s.ect(&["init", "second"]);
    run.code(0);
    assert!(s.path().join("second/ect.yaml").is_file());
    assert!(!s.path().join("second/.git").exists());
    assert!(!run.stdout.contains("git init"), "{}", run.stdout);

    // without git on PATH: the files are written and a note says what to do
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = ect_in(dir.path(), "2026-11-23", Some(""), &["init"]);
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("ect.yaml").is_file());
    assert!(!dir.path().join(".git").exists());
    assert!(!out.contains("git init"), "{out}");
    assert!(err.contains("`git` is not installed"), "{err}");
    assert!(err.contains("git init"), "{err}");
}

#[test]
fn quiet_prints_nothing_and_a_named_folder_is_created() {
    let s = Scratch::empty();
    let run = s.ect(&["-q", "init", "deep/school"]);
    run.code(0);
    assert_eq!(run.stdout, "");
    assert!(s.path().join("deep/school/ect.yaml").is_file());
    let check = s.ect(&["--root", "deep/school", "validate"]);
    check.code(0);
}

#[test]
fn init_on_a_file_says_what_to_do() {
    let s = Scratch::empty();
    s.write("school", "a file\n");
    let run = s.ect(&["init", "school"]);
    run.code(2);
    assert!(run.stderr.contains("`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("is a file, not a folder"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("new or empty folder"), "{}", run.stderr);
}

/// The composite action at the root of this repository: installs `ect` from
/// its own checkout and runs `ect validate --format github`, with the
/// baseline when one is given or present.
#[test]
fn the_github_action_validates_with_an_optional_baseline() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml")).unwrap();
    let y: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(y["runs"]["using"].as_str(), Some("composite"));
    assert!(y["inputs"]["baseline"]["required"].as_bool() == Some(false));
    let steps = y["runs"]["steps"].as_sequence().unwrap();
    assert!(
        steps[0]["run"]
            .as_str()
            .unwrap()
            .contains("cargo install --locked --quiet --path \"$GITHUB_ACTION_PATH\""),
        "{text}"
    );
    let check = steps[1]["run"].as_str().unwrap();
    assert!(
        !check.contains("${{"),
        "inputs reach the script only through env"
    );
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(!crate::support::in_ci(), "bash missing under CI=true");
        eprintln!("skipped: bash is not installed");
        return;
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_ect")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let s = Scratch::empty();
    s.ect(&["init", "school"]).code(0);
    let step = |baseline: &str| {
        let out = std::process::Command::new("bash")
            .args(["-e", "-c", check])
            .current_dir(s.path())
            .env("PATH", &path)
            .env("ECT_TODAY", "2026-11-23")
            .env("ECT_BASELINE", baseline)
            .env("ECT_ROOT", "school")
            .env("ECT_DENY_WARNINGS", "false")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    assert_eq!(step("").0, Some(0));
    let week = "school/curriculum/example/year-1-first-weeks/autumn-week-3-mentor-materials.md";
    let text = std::fs::read_to_string(s.path().join(week)).unwrap();
    s.write(
        week,
        &format!("{text}\nSee [the rota](/example/not-here).\n"),
    );
    let (code, out) = step("");
    assert_eq!(code, Some(1));
    assert!(out.starts_with("::error file=curriculum/"), "{out}");
    // a baseline named in the input, anywhere in the repository
    let ran = assert_cmd::Command::cargo_bin("ect")
        .unwrap()
        .current_dir(s.path().join("school"))
        .env("ECT_TODAY", "2026-11-23")
        .args(["validate", "--write-baseline", "ci/known.json"])
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(0));
    assert_eq!(step("ci/known.json"), (Some(0), String::new()));
    assert_eq!(step("").0, Some(1), "no ect-baseline.json: not used");
    std::fs::rename(
        s.path().join("school/ci/known.json"),
        s.path().join("school/ect-baseline.json"),
    )
    .unwrap();
    assert_eq!(step("").0, Some(0), "ect-baseline.json is found by itself");
}

#[test]
fn init_takes_the_repository_lock() {
    // `ect init` wrote without the lock every other writer takes
    let s = Scratch::empty();
    std::fs::create_dir_all(s.path().join("plans")).unwrap();
    let lock = s.path().join("plans/.ect.lock");
    let holder = crate::support::hold_lock(&lock);
    let run = s.ect(&["init"]);
    run.code(2);
    assert!(
        run.stderr.contains("holds `plans/.ect.lock`"),
        "{}",
        run.stderr
    );
    assert!(
        !s.path().join("ect.yaml").exists(),
        "init wrote while the lock was held"
    );
    drop(holder);
    std::fs::remove_file(&lock).unwrap();
    s.ect(&["init"]).code(0);
    assert!(s.path().join("ect.yaml").is_file());
    assert!(!lock.exists(), "the lock is let go");
}

/// `ect init ARGS` in a new folder with `CARGO_HOME` a temporary folder
/// holding `crates2` as its `.crates2.json` (none when `None`): the exit
/// code, stdout, stderr, the workflow's `env` and its install step.
struct Installed {
    code: i32,
    stdout: String,
    stderr: String,
    env: serde_yaml::Value,
    install: String,
    cargo_home: tempfile::TempDir,
}

fn init_installed_as(crates2: Option<&str>, args: &[&str]) -> Installed {
    let cargo_home = tempfile::tempdir().unwrap();
    if let Some(text) = crates2 {
        std::fs::write(cargo_home.path().join(".crates2.json"), text).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("ect")
        .unwrap()
        .current_dir(dir.path())
        .env("ECT_TODAY", "2026-11-23")
        .env("CARGO_HOME", cargo_home.path())
        .env_remove("CARGO_INSTALL_ROOT")
        .arg("init")
        .args(args)
        .output()
        .unwrap();
    let text =
        std::fs::read_to_string(dir.path().join(".github/workflows/ect.yml")).unwrap_or_default();
    let y: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_default();
    Installed {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        env: y["env"].clone(),
        install: y["jobs"]["validate"]["steps"][1]["run"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        cargo_home,
    }
}

/// A `.crates2.json` as cargo writes it, with ripgrep beside `ect`.
fn crates2(ect_key: &str) -> String {
    format!(
        r#"{{"installs":{{"ripgrep 14.1.1 (registry+https://github.com/rust-lang/crates.io-index)":{{"version_req":null,"bins":["rg"],"features":[],"all_features":false,"no_default_features":false,"profile":"release","target":"x86_64-unknown-linux-gnu","rustc":"rustc 1.91.0 (f8297e351 2025-10-28)"}},"{ect_key}":{{"version_req":null,"bins":["ect"],"features":[],"all_features":false,"no_default_features":false,"profile":"release","target":"x86_64-unknown-linux-gnu","rustc":"rustc 1.91.0 (f8297e351 2025-10-28)"}}}}}}"#
    )
}

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The install step run by `sh` as CI would, with the workflow's `env` and a
/// stand-in `cargo` that prints its arguments one a line.
#[cfg(unix)]
fn cargo_args(run: &Installed) -> String {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let cargo = bin.path().join("cargo");
    std::fs::write(&cargo, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n").unwrap();
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut sh = std::process::Command::new("sh");
    sh.args(["-e", "-c", &run.install]).env(
        "PATH",
        format!(
            "{}:{}",
            bin.path().display(),
            std::env::var("PATH").unwrap_or_default()
        ),
    );
    for (k, v) in run.env.as_mapping().unwrap() {
        sh.env(k.as_str().unwrap(), v.as_str().unwrap());
    }
    let out = sh.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The workflow installs from a known source: no placeholder, no note.
fn assert_no_placeholder(run: &Installed) {
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.install.contains("CHANGE-ME"), "{}", run.install);
    assert!(!run.stderr.contains("ECT_GIT"), "{}", run.stderr);
    assert!(!run.stdout.contains("ECT_GIT"), "{}", run.stdout);
}

#[test]
fn the_workflow_installs_ect_from_the_git_tag_it_was_installed_from() {
    let run = init_installed_as(
        Some(&crates2(&format!(
            "ect {VERSION} (git+https://git.example.net/schools/ect?tag=v{VERSION}#5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f)"
        ))),
        &[],
    );
    assert_no_placeholder(&run);
    assert_eq!(
        run.env["ECT_GIT"].as_str(),
        Some("https://git.example.net/schools/ect")
    );
    assert_eq!(run.env["ECT_VERSION"].as_str(), Some(VERSION));
    assert_eq!(
        run.install,
        "cargo install --locked --git \"$ECT_GIT\" --tag \"v$ECT_VERSION\" ect\n"
    );
    assert_eq!(run.stderr, "");
    #[cfg(unix)]
    assert_eq!(
        cargo_args(&run),
        format!(
            "install\n--locked\n--git\nhttps://git.example.net/schools/ect\n--tag\nv{VERSION}\nect\n"
        )
    );
}

#[test]
fn a_git_install_without_a_tag_is_pinned_to_the_commit_built() {
    let run = init_installed_as(
        Some(&crates2(&format!(
            "ect {VERSION} (git+https://code.example.org/tutors/ect.git?branch=trunk#c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00)"
        ))),
        &[],
    );
    assert_no_placeholder(&run);
    assert_eq!(
        run.env["ECT_GIT"].as_str(),
        Some("https://code.example.org/tutors/ect.git")
    );
    assert_eq!(
        run.env["ECT_REV"].as_str(),
        Some("c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00")
    );
    assert_eq!(
        run.install,
        "cargo install --locked --git \"$ECT_GIT\" --rev \"$ECT_REV\" ect\n"
    );
    #[cfg(unix)]
    assert_eq!(
        cargo_args(&run),
        "install\n--locked\n--git\nhttps://code.example.org/tutors/ect.git\n--rev\nc0ffee00c0ffee00c0ffee00c0ffee00c0ffee00\nect\n"
    );
}

#[test]
fn a_crates_io_install_installs_the_same_version_from_crates_io() {
    let run = init_installed_as(
        Some(&crates2(&format!(
            "ect {VERSION} (registry+https://github.com/rust-lang/crates.io-index)"
        ))),
        &[],
    );
    assert_no_placeholder(&run);
    assert!(run.env.get("ECT_GIT").is_none(), "{:?}", run.env);
    assert_eq!(run.env["ECT_VERSION"].as_str(), Some(VERSION));
    assert_eq!(
        run.install,
        "cargo install --locked ect --version \"$ECT_VERSION\"\n"
    );
    #[cfg(unix)]
    assert_eq!(
        cargo_args(&run),
        format!("install\n--locked\nect\n--version\n{VERSION}\n")
    );
}

#[test]
fn a_local_clone_stands_for_its_origin() {
    let clone = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(clone.path().join(".git")).unwrap();
    std::fs::write(
        clone.path().join(".git/config"),
        "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@github.com:a-school/ect.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n",
    )
    .unwrap();
    let run = init_installed_as(
        Some(&crates2(&format!(
            "ect {VERSION} (path+file://{})",
            clone.path().display()
        ))),
        &[],
    );
    assert_no_placeholder(&run);
    assert_eq!(
        run.env["ECT_GIT"].as_str(),
        Some("https://github.com/a-school/ect.git")
    );
    assert!(
        run.install.contains("--tag \"v$ECT_VERSION\""),
        "{}",
        run.install
    );
    assert!(
        run.stderr
            .contains(&format!("the `origin` of `{}`", clone.path().display())),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("`v{VERSION}`")),
        "{}",
        run.stderr
    );

    // a linked worktree of that clone: its `.git` file leads to the config
    let worktree = tempfile::tempdir().unwrap();
    let linked = clone.path().join(".git/worktrees/side");
    std::fs::create_dir_all(&linked).unwrap();
    std::fs::write(linked.join("commondir"), "../..\n").unwrap();
    std::fs::write(
        worktree.path().join(".git"),
        format!("gitdir: {}\n", linked.display()),
    )
    .unwrap();
    let run = init_installed_as(
        Some(&crates2(&format!(
            "ect {VERSION} (path+file://{})",
            worktree.path().display()
        ))),
        &[],
    );
    assert_no_placeholder(&run);
    assert_eq!(
        run.env["ECT_GIT"].as_str(),
        Some("https://github.com/a-school/ect.git")
    );

    // a clone with no origin: nothing to go on
    std::fs::write(clone.path().join(".git/config"), "[core]\n\tbare = false\n").unwrap();
    let run = init_installed_as(
        Some(&crates2(&format!(
            "ect {VERSION} (path+file://{})",
            clone.path().display()
        ))),
        &[],
    );
    assert_eq!(run.code, 0);
    assert_eq!(run.env["ECT_GIT"].as_str(), Some("CHANGE-ME"));
    assert!(
        run.stderr
            .contains("not a git clone with an `origin` remote"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("set `ECT_GIT`"), "{}", run.stderr);
}

#[test]
fn ect_source_wins_over_what_cargo_recorded() {
    let record = crates2(&format!(
        "ect {VERSION} (registry+https://github.com/rust-lang/crates.io-index)"
    ));
    let run = init_installed_as(
        Some(&record),
        &["--ect-source", "https://git.example.com/our/ect"],
    );
    assert_no_placeholder(&run);
    assert_eq!(
        run.env["ECT_GIT"].as_str(),
        Some("https://git.example.com/our/ect")
    );
    assert!(
        run.install.contains("--tag \"v$ECT_VERSION\""),
        "{}",
        run.install
    );
    let run = init_installed_as(None, &["--ect-source", "crates.io"]);
    assert_no_placeholder(&run);
    assert!(run.install.contains("cargo install --locked ect --version"));
    let run = init_installed_as(None, &["--ect-source", ""]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn with_nothing_to_go_on_the_workflow_says_what_to_set() {
    let run = init_installed_as(None, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.env["ECT_GIT"].as_str(), Some("CHANGE-ME"));
    assert!(
        run.install
            .contains("::error file=.github/workflows/ect.yml::set ECT_GIT")
    );
    for want in [
        "warning: the CI workflow cannot install `ect` yet: `ect init` could not tell where this `ect` was installed from",
        "set `ECT_GIT` in `.github/workflows/ect.yml`",
        &format!("`v{VERSION}`"),
        "`ect init --ect-source GIT_URL`",
    ] {
        assert!(run.stderr.contains(want), "{want:?} not in {}", run.stderr);
    }
    assert!(run.stdout.contains("set `ECT_GIT`"), "{}", run.stdout);
    // a problem for CI, so said under `--quiet` too
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = ect_in(dir.path(), "2026-11-23", None, &["-q", "init"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(
        err.contains("warning: the CI workflow cannot install `ect` yet"),
        "{err}"
    );
}

#[test]
fn a_broken_cargo_record_is_named_and_left_alone() {
    let broken = r#"{"installs": {"ect 0.1.0 (git+https://e.org/ect"#;
    let run = init_installed_as(Some(broken), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.env["ECT_GIT"].as_str(), Some("CHANGE-ME"));
    let file = run.cargo_home.path().join(".crates2.json");
    assert!(
        run.stderr.contains(&format!(
            "warning: `{}` is not a record cargo wrote",
            file.display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("set `ECT_GIT`"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
}

#[test]
fn another_version_of_ect_installed_is_not_this_ones_source() {
    let run = init_installed_as(
        Some(&crates2(&format!(
            "ect {VERSION}9 (git+https://git.example.net/schools/ect?tag=v{VERSION}9#abc123)"
        ))),
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.env["ECT_GIT"].as_str(), Some("CHANGE-ME"));
    assert!(run.stderr.contains("could not tell"), "{}", run.stderr);
}

#[test]
fn another_registry_is_named_and_not_followed() {
    let run = init_installed_as(
        Some(&crates2(&format!(
            "ect {VERSION} (sparse+https://crates.example.com/index/)"
        ))),
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.env["ECT_GIT"].as_str(), Some("CHANGE-ME"));
    assert!(
        run.stderr
            .contains("came from the registry `https://crates.example.com/index/`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_ect_installed_under_another_root_is_found_there() {
    let record = crates2(&format!(
        "ect {VERSION} (git+https://git.example.org/root/ect?tag=v{VERSION}#0a0b0c)"
    ));
    // `cargo install --root DIR`: `DIR/bin/ect`, its record in `DIR`
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    std::fs::create_dir(root.path().join("bin")).unwrap();
    let bin = root.path().join("bin/ect");
    if std::fs::hard_link(env!("CARGO_BIN_EXE_ect"), &bin).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_ect"), &bin).unwrap();
    }
    std::fs::write(root.path().join(".crates2.json"), &record).unwrap();
    let empty_home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(&bin)
        .current_dir(dir.path())
        .env("ECT_TODAY", "2026-11-23")
        .env("CARGO_HOME", empty_home.path())
        .env_remove("CARGO_INSTALL_ROOT")
        .args(["-q", "init"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let text = std::fs::read_to_string(dir.path().join(".github/workflows/ect.yml")).unwrap();
    assert!(
        text.contains("ECT_GIT: \"https://git.example.org/root/ect\"\n"),
        "{text}"
    );

    // `CARGO_INSTALL_ROOT`, the binary elsewhere
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("ect")
        .unwrap()
        .current_dir(dir.path())
        .env("ECT_TODAY", "2026-11-23")
        .env("CARGO_HOME", empty_home.path())
        .env("CARGO_INSTALL_ROOT", root.path())
        .args(["-q", "init"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let text = std::fs::read_to_string(dir.path().join(".github/workflows/ect.yml")).unwrap();
    assert!(
        text.contains("ECT_GIT: \"https://git.example.org/root/ect\"\n"),
        "{text}"
    );
}
