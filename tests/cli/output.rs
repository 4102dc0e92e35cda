//! Standard output and standard error as the best command-line tools treat
//! them: a reader that closes the pipe early ends the run quietly (exit 0,
//! nothing on standard error); a disk that is full is an error (exit 2),
//! never a panic (exit 101) or a truncated file reported as success.

use crate::support::Scratch;
use std::process::{Command, Stdio};

fn ect(s: &Scratch, args: &[&str]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("ect"));
    cmd.current_dir(s.path())
        .env("ECT_TODAY", "2026-11-23")
        .env_remove("NO_COLOR")
        .args(args);
    cmd
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    // `ect explain | head -1`, `ect inspect FILE | head -3`: exit 101,
    // "failed printing to stdout"
    let s = Scratch::example();
    let session = "curriculum/example/year-1-how-pupils-learn/autumn-week-1-mentor-materials.md";
    for args in [
        &["explain"][..],
        &["inspect", session],
        &["schedule", "--pair", "priya-shah-tom-okafor", "--ics"],
        &["man"],
    ] {
        let mut child = ect(&s, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // the reader goes away before a byte is written
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_not_a_success() {
    // `ect schedule --all --ics > full-disk/x.ics` exited 0 with a
    // truncated calendar
    let s = Scratch::example();
    for args in [
        &["schedule", "--pair", "priya-shah-tom-okafor", "--ics"][..],
        &["explain"],
        &["validate"],
        &["man"],
    ] {
        stdout_to_a_full_disk_is_exit_2(&s, args);
    }
}

/// Runs `args` with standard output on `/dev/full`: exit 2, the error on
/// standard error, no panic.
#[cfg(target_os = "linux")]
fn stdout_to_a_full_disk_is_exit_2(s: &Scratch, args: &[&str]) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = ect(s, args)
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(
        stderr.starts_with("error: cannot write to standard output"),
        "{args:?}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_standard_error_that_cannot_be_written_gives_exit_2_not_a_panic() {
    // any command exited 101 when standard error was full
    let s = Scratch::example();
    for (args, usual) in [
        (&["explain", "no-such-rule"][..], 2),
        (&["agenda", "--week", "not-a-week"], 2),
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = ect(&s, args)
            .stdout(Stdio::null())
            .stderr(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(usual), "{args:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn render_and_status_to_a_full_disk_are_errors_not_successes() {
    // the first test ran `schedule`, `explain`, `validate` and `man` only
    let s = Scratch::example();
    let made = ect(&s, &["agenda", "--week", "2026-11-23"])
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0));
    for args in [
        &["render", "plans", "--html"][..],
        &["status"],
        &["status", "--format", "json"],
    ] {
        // with somewhere to write, the run succeeds and prints something
        let fine = ect(&s, args).output().unwrap();
        assert_eq!(fine.status.code(), Some(0), "{args:?}");
        assert!(!fine.stdout.is_empty(), "{args:?}");
        stdout_to_a_full_disk_is_exit_2(&s, args);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_standard_error_that_cannot_be_written_turns_exit_0_and_1_into_2() {
    // the first test ran only commands that end with exit 2 anyway
    let s = Scratch::example();
    // `validate --format github` says its summary on standard error; an
    // empty `plans/` gives `agenda` a note there
    let empty = Scratch::example();
    std::fs::remove_dir_all(empty.path().join("plans")).unwrap();
    std::fs::create_dir(empty.path().join("plans")).unwrap();
    let cases: [(&Scratch, &[&str], i32); 3] = [
        (&s, &["validate", "--format", "github"], 0),
        (&empty, &["agenda", "--week", "2026-11-23"], 0),
        (&s, &["validate", "--format", "github"], 1),
    ];
    for (i, (repo, args, usual)) in cases.into_iter().enumerate() {
        if i == 2 {
            // a pair with no `start`: an error, exit 1
            std::fs::write(
                repo.path().join("plans/priya-shah-tom-okafor/pair.yaml"),
                "mentor: Priya Shah\nect: Tom Okafor\nmeeting: {day: tuesday}\n",
            )
            .unwrap();
        }
        // with somewhere to write, the run ends `usual` and says something
        // on standard error
        let fine = ect(repo, args).output().unwrap();
        let said = String::from_utf8_lossy(&fine.stderr);
        assert_eq!(fine.status.code(), Some(usual), "{args:?}: {said}");
        assert!(!said.is_empty(), "{args:?}");
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = ect(repo, args)
            .stdout(Stdio::null())
            .stderr(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}, usually {usual}");
    }
}
