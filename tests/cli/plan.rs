//! `ect plan new` and `ect plan list`, and action plans in `ect validate`
//! and `ect agenda`: open targets carry forward, the old plan is closed
//! without losing a word, and nothing is ever overwritten.

use crate::support::{Run, Scratch};
use std::path::Path;

const OLD: &str = "plans/ana-ben/action-plans/2026-10-06.md";
const NEW: &str = "plans/ana-ben/action-plans/2026-11-23.md";

fn read(s: &Scratch, rel: &str) -> String {
    std::fs::read_to_string(s.path().join(rel)).unwrap()
}

/// `ect ARGS` in folder `dir` of the scratch repository, with extra
/// environment variables.
fn ect_in(s: &Scratch, dir: &str, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("ect").unwrap();
    cmd.current_dir(s.path().join(dir))
        .env_remove("NO_COLOR")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env("ECT_TODAY", "2026-11-23")
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("ect runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_new_plan_carries_open_targets_and_closes_the_old_one() {
    let s = Scratch::of("plans-school");
    let old_before = read(&s, OLD);
    let run = s.ect(&["plan", "new", "--pair", "ana-ben", "--no-edit"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "created  plans/ana-ben/action-plans/2026-11-23.md\n\
         \x20 review  Tuesday 5 January 2027, the first meeting after the next break\n\
         \x20 carried 2 open targets from `plans/ana-ben/action-plans/2026-10-06.md`\n\
         \x20 closed  `plans/ana-ben/action-plans/2026-10-06.md`\n"
    );
    let new = read(&s, NEW);
    assert!(new.starts_with(
        "---\npair: ana-ben\ncreated: 2026-11-23\nreview: 2027-01-05\nstatus: active\n---\n"
    ));
    // the open targets, as the mentor wrote them, with where they came from
    assert!(new.contains(
        "## Target: Start every Year 9 lesson with a silent retrieval starter\n\n\
         - Carried from: [2026-10-06](2026-10-06.md)\n\
         - Measure: pupils are writing within two minutes of the bell in three lessons running\n"
    ));
    assert!(new.contains("- [x] Watch Ana's Year 9 start of lesson (2026-10-08)\n"));
    assert!(new.contains(
        "## Target: Check understanding with mini whiteboards before independent work\n\n\
         Carried from: [2026-10-06](2026-10-06.md)\nMeasure: every pupil"
    ));
    // the met target stays behind; one empty SMART target follows
    assert!(!new.contains("reward system"));
    assert!(new.contains("## Target: (specific: what the ECT will do differently"));
    assert!(new.contains("- Measure: (measurable:"));
    // the old plan: closed and linked to the new one, every other byte kept
    assert_eq!(
        read(&s, OLD),
        old_before.replace(
            "status: active\n",
            "status: closed\nsuperseded_by: 2026-11-23.md\n"
        )
    );
    // the carried target that is overdue keeps its old date and asks for a
    // new one: a warning, never a plan `validate` rejects
    assert!(new.contains(
        "- Was due: 2026-11-13 (overdue when carried on 2026-11-23)\n\
         - Due: (a new date to agree, YYYY-MM-DD)\n"
    ));
    assert!(
        new.contains("Due: 2026-12-11\n"),
        "not overdue: kept as written"
    );
    assert!(
        run.stderr.contains(
            "warning[plan-target]: target was due on 2026-11-13 and was carried overdue: agree a new due date"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning[plan-target]: target is not written yet")
    );
    // the pair has one active plan now
    let v = s.ect(&["validate"]);
    assert!(!v.stdout.contains("two active plans"), "{}", v.stdout);
    assert!(!v.stdout.contains("2026-10-06.md"), "{}", v.stdout);
    assert!(!v.stdout.contains("error[plan"), "{}", v.stdout);
}

#[test]
fn a_plan_that_cannot_be_valid_is_not_written_and_says_why() {
    let s = Scratch::of("plans-school");
    let broken = read(&s, OLD).replace(
        "Measure: every pupil shows an answer before the task starts, in two observed lessons\n",
        "",
    );
    s.write(OLD, &broken);
    let before = s.snapshot();
    let run = s.ect(&["plan", "new", "--pair", "ana-ben", "--no-edit"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("would not pass `ect validate`, so nothing was written")
            && run.stderr.contains("target has no measure")
            && run
                .stderr
                .contains("fix the targets of `plans/ana-ben/action-plans/2026-10-06.md`"),
        "{}",
        run.stderr
    );
    assert_eq!(s.snapshot(), before, "something was written");
}

#[test]
fn a_plan_for_the_same_day_is_never_overwritten() {
    let s = Scratch::of("plans-school");
    s.ect(&["plan", "new", "--pair", "ana-ben", "--no-edit"])
        .code(0);
    let edited = read(&s, NEW).replace(
        "## Target: (specific: what the ECT will do differently, in one sentence)",
        "## Target: Use cold calling with 8C",
    );
    std::fs::write(s.path().join(NEW), &edited).unwrap();
    let before = s.snapshot();
    let again = s.ect(&["plan", "new", "--pair", "ana-ben", "--no-edit"]);
    again.code(1);
    assert!(
        again.stderr.contains(
            "`plans/ana-ben/action-plans/2026-11-23.md` exists already; it was not changed"
        ),
        "{}",
        again.stderr
    );
    assert_eq!(before, s.snapshot());
    // nor is a plan written before a later one
    let older = s.ect(&[
        "plan",
        "new",
        "--pair",
        "ana-ben",
        "--date",
        "2026-11-01",
        "--no-edit",
    ]);
    older.code(1);
    assert!(
        older.stderr.contains("has a later plan"),
        "{}",
        older.stderr
    );
    assert_eq!(before, s.snapshot());
}

#[test]
fn the_pair_comes_from_the_current_folder_or_must_be_named() {
    let s = Scratch::of("plans-school");
    let run = ect_in(
        &s,
        "plans/cy-dee/agendas",
        &[],
        &["plan", "new", "--no-edit"],
    );
    run.code(0);
    assert!(
        run.stdout
            .starts_with("created  plans/cy-dee/action-plans/2026-11-23.md\n"),
        "{}",
        run.stdout
    );
    let plan = read(&s, "plans/cy-dee/action-plans/2026-11-23.md");
    assert!(plan.contains("# Action plan: Cy Moss and Dee Hart, Monday 23 November 2026"));
    // a first plan carries nothing and closes nothing
    assert!(!run.stdout.contains("carried"), "{}", run.stdout);
    let before = s.snapshot();
    let root = s.ect(&["plan", "new", "--no-edit"]);
    root.code(2);
    assert!(
        root.stderr.contains("say which pair with `--pair ID`"),
        "{}",
        root.stderr
    );
    assert!(root.stderr.contains("`ana-ben`, `cy-dee`, `eli-fay`"));
    let unknown = s.ect(&["plan", "new", "--pair", "zed", "--no-edit"]);
    unknown.code(2);
    assert!(
        unknown.stderr.contains("no pair `zed`"),
        "{}",
        unknown.stderr
    );
    assert_eq!(before, s.snapshot());
}

#[test]
fn review_and_date_can_be_given() {
    let s = Scratch::of("plans-school");
    let run = s.ect(&[
        "plan",
        "new",
        "--pair",
        "eli-fay",
        "--date",
        "2027-01-06",
        "--review",
        "24/03/2027",
        "--no-edit",
    ]);
    run.code(0);
    assert!(
        run.stdout.contains("  review  Wednesday 24 March 2027\n"),
        "{}",
        run.stdout
    );
    let plan = read(&s, "plans/eli-fay/action-plans/2027-01-06.md");
    assert!(plan.contains("\ncreated: 2027-01-06\nreview: 2027-03-24\n"));
    // the plan's week has a meeting with a session: the plan names it
    assert!(
        plan.contains(
            "session: \"curriculum/demo/year-1-routines/autumn-week-1-mentor-materials.md\""
        ),
        "{plan}"
    );
    let bad = s.ect(&[
        "plan",
        "new",
        "--pair",
        "cy-dee",
        "--review",
        "2026-11-01",
        "--no-edit",
    ]);
    bad.code(2);
    assert!(bad.stderr.contains("must come after"), "{}", bad.stderr);
    let bad = s.ect(&[
        "plan",
        "new",
        "--pair",
        "cy-dee",
        "--date",
        "someday",
        "--no-edit",
    ]);
    bad.code(2);
    assert!(
        bad.stderr.contains("`--date someday` is not a date"),
        "{}",
        bad.stderr
    );
    assert!(!s.path().join("plans/cy-dee/action-plans").exists());
}

#[cfg(target_os = "linux")]
#[test]
fn the_editor_runs_without_a_shell_on_a_terminal_and_the_plan_is_checked_after() {
    use std::os::unix::fs::PermissionsExt;
    if !Path::new("/usr/bin/script").exists() {
        crate::support::skip("`script` (util-linux) is needed to give `ect` a terminal");
        return;
    }
    let s = Scratch::of("plans-school");
    // a fake editor: records its arguments and fills in the empty target
    let editor = s.path().join("fake editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/editor-args\"\n\
         for f; do :; done\n\
         sed -i 's/^## Target: (specific.*/## Target: Cold call in 8C/; s/^- Measure: (measurable.*/- Measure: every pupil answers/; s/^- Due: (time-bound.*/- Due: 2026-12-04/' \"$f\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let visual = format!("'{}' --wait", editor.display());
    let ect = assert_cmd::cargo::cargo_bin("ect");
    let out = std::process::Command::new("/usr/bin/script")
        .args([
            "-qec",
            &format!("'{}' plan new --pair cy-dee", ect.display()),
            "/dev/null",
        ])
        .current_dir(s.path())
        .env("ECT_TODAY", "2026-11-23")
        .env("VISUAL", &visual)
        .env("EDITOR", "false")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let args = read(&s, "editor-args");
    let plan_path = s.path().join("plans/cy-dee/action-plans/2026-11-23.md");
    assert_eq!(args, format!("--wait\n{}\n", plan_path.display()));
    let plan = std::fs::read_to_string(&plan_path).unwrap();
    assert!(plan.contains("## Target: Cold call in 8C"));
    // checked after the editor closed: the target is filled in, so the only
    // warning left is none about it
    assert!(!text.contains("not written yet"), "{text}");

    // an editor that fails: the plan is kept and the failure said
    let out = std::process::Command::new("/usr/bin/script")
        .args([
            "-qec",
            &format!("'{}' plan new --pair ana-ben", ect.display()),
            "/dev/null",
        ])
        .current_dir(s.path())
        .env("ECT_TODAY", "2026-11-23")
        .env_remove("VISUAL")
        .env("EDITOR", "false")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("the editor `false` ended with"), "{text}");
    assert!(s.path().join(NEW).is_file());
}

#[test]
fn without_a_terminal_no_editor_is_started() {
    let s = Scratch::of("plans-school");
    let run = ect_in(
        &s,
        ".",
        &[("VISUAL", "false"), ("EDITOR", "false")],
        &["plan", "new", "--pair", "cy-dee"],
    );
    run.code(0);
    assert!(!run.stderr.contains("editor"), "{}", run.stderr);
}

#[test]
fn list_shows_targets_and_filters_open_and_overdue() {
    let s = Scratch::of("plans-school");
    let all = s.ect(&["plan", "list"]);
    all.code(0);
    assert_eq!(
        all.stdout,
        "ana-ben  `plans/ana-ben/action-plans/2026-10-06.md` (active, review 2026-11-03)\n\
         \x20 overdue  due 2026-11-13  TS1,7  Start every Year 9 lesson with a silent retrieval starter\n\
         \x20 met      due 2026-10-23  TS7    Use the school's reward system with 8C\n\
         \x20 open     due 2026-12-11  TS6    Check understanding with mini whiteboards before independent work\n"
    );
    let open = s.ect(&["plan", "list", "--open"]);
    assert_eq!(open.stdout.lines().count(), 3, "{}", open.stdout);
    let overdue = s.ect(&["plan", "list", "--overdue", "--format", "json"]);
    overdue.code(0);
    let v: serde_json::Value = serde_json::from_str(&overdue.stdout).unwrap();
    let targets = v["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 1);
    let t = &targets[0];
    assert_eq!(t["pair"], "ana-ben");
    assert_eq!(t["plan"], OLD);
    assert_eq!(t["line"], 12);
    assert_eq!(t["due"], "2026-11-13");
    assert_eq!(t["status"], "open");
    assert_eq!(t["overdue"], true);
    assert_eq!(t["standards"], serde_json::json!([1, 7]));
    assert_eq!(t["steps"], serde_json::json!({"done": 1, "total": 2}));
    let none = s.ect(&["plan", "list", "--pair", "cy-dee"]);
    none.code(0);
    assert_eq!(
        none.stdout,
        "no targets: write a plan with `ect plan new`\n"
    );
    s.ect(&["plan", "list", "--open", "--overdue"]).code(2);
}

#[test]
fn agendas_review_the_open_targets_of_the_plan_in_force() {
    let s = Scratch::of("plans-school");
    let run = s.ect(&["agenda", "--pair", "ana-ben", "--stdout"]);
    run.code(0);
    assert!(
        run.stdout.contains("Open targets of the action plan:"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "- [ ] Target: Start every Year 9 lesson with a silent retrieval starter (from `plans/ana-ben/action-plans/2026-10-06.md`, due 2026-11-13)"
    ));
    assert!(!run.stdout.contains("reward system"));
    // before the plan was written there was none in force
    let early = s.ect(&[
        "agenda",
        "--pair",
        "ana-ben",
        "--week",
        "2026-09-29",
        "--stdout",
    ]);
    assert!(!early.stdout.contains("Open targets"), "{}", early.stdout);
}

#[test]
fn validate_reports_every_plan_problem_with_its_place() {
    let s = Scratch::of("plans-defects");
    let before = s.snapshot();
    s.ect(&["validate"])
        .code(1)
        .stdout_matches("plans-defects", "expected.out");
    assert_eq!(before, s.snapshot(), "validate changed a file");
    // the rules can be turned down like any other
    s.write(
        "ect.yaml",
        &format!(
            "{}rules: {{plan: off, plan-target: off, plan-dates: warning}}\n",
            read(&s, "ect.yaml")
        ),
    );
    s.ect(&["validate"]).code(0);
    let explain = s.ect(&["explain", "plan-target"]);
    explain.code(0);
    assert!(explain.stdout.contains("SMART"), "{}", explain.stdout);
}

#[test]
fn a_healthy_plan_validates_with_only_its_passed_review_date() {
    let s = Scratch::of("plans-school");
    let run = s.ect(&["validate"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("warning[plan-dates]: review date 2026-11-03 has passed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("0 errors, 1 warning\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn plan_new_never_writes_while_another_run_holds_the_lock() {
    // `plan new` took no lock: it could close an old plan while `agenda`
    // read it
    let s = Scratch::of("plans-school");
    let lock = s.path().join("plans/.ect.lock");
    let holder = crate::support::hold_lock(&lock);
    let before = s.snapshot();
    let run = s.ect(&["plan", "new", "--pair", "ana-ben", "--no-edit"]);
    run.code(2);
    assert!(
        run.stderr.contains("holds `plans/.ect.lock`"),
        "{}",
        run.stderr
    );
    assert_eq!(before, s.snapshot());
    drop(holder);
    std::fs::remove_file(&lock).unwrap();
    s.ect(&["plan", "new", "--pair", "ana-ben", "--no-edit"])
        .code(0);
    assert!(!lock.exists(), "the lock is let go after the writes");
}

#[test]
fn a_plan_dated_far_ahead_is_reported_and_blocks_nothing() {
    // a plan named 9999-12-31.md blocked every later plan
    let s = Scratch::of("plans-school");
    let far = "plans/ana-ben/action-plans/9999-12-31.md";
    s.write(
        far,
        "---\npair: ana-ben\ncreated: 2026-11-01\nstatus: open\n---\n\n# Action plan\n",
    );
    let check = s.ect(&["validate", "--format", "json"]);
    assert!(
        check
            .stdout
            .contains("is dated 9999-12-31, more than a year from today"),
        "{}",
        check.stdout
    );
    let run = s.ect(&["plan", "new", "--pair", "ana-ben", "--no-edit"]);
    run.code(0);
    assert!(
        run.stderr.contains("`plans/ana-ben/action-plans/9999-12-31.md` is dated 9999-12-31, more than a year ahead; it is left out"),
        "{}",
        run.stderr
    );
    assert!(s.path().join(NEW).is_file());
    assert!(s.path().join(far).is_file(), "the odd plan is kept");
}
