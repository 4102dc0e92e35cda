//! Helpers: copy a fixture into a scratch folder, run `ect`, compare output.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    project().join("tests/fixtures")
}

/// This project's own folder.
pub fn project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// True under `CI=true` (or any `CI` but `false`/`0`), where no test may pass
/// by skipping.
pub fn in_ci() -> bool {
    ci_value_means_ci(std::env::var("CI").ok().as_deref())
}

/// Whether a value of `CI` (`None`: not set) means a CI run.
pub fn ci_value_means_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A test that cannot run here says why; under CI that is a failure, not a
/// pass.
pub fn skip(why: &str) {
    skip_in(in_ci(), why);
}

/// [`skip`] with the CI reading given: panics when `ci`.
pub fn skip_in(ci: bool, why: &str) {
    if ci {
        panic!(
            "{why} (under CI no test may pass by skipping: .ci/run installs what the tests need)"
        );
    }
    eprintln!("skipped: {why}");
}

/// Whether expected-output files are rewritten: only with `ECT_BLESS=1`, and
/// never under CI.
pub fn bless_wanted(bless: Option<&str>, ci: bool) -> bool {
    bless == Some("1") && !ci
}

#[test]
fn the_test_guards_fail_under_ci_and_bless_only_when_asked() {
    for v in ["true", "1", "yes", "True"] {
        assert!(ci_value_means_ci(Some(v)), "CI={v}");
    }
    for v in [None, Some(""), Some("false"), Some("0")] {
        assert!(!ci_value_means_ci(v), "CI={v:?}");
    }
    // a skip is a failure under CI, a note elsewhere
    assert!(std::panic::catch_unwind(|| skip_in(true, "no tool")).is_err());
    assert!(std::panic::catch_unwind(|| skip_in(false, "no tool")).is_ok());
    assert!(bless_wanted(Some("1"), false));
    for (b, ci) in [
        (Some("0"), false),
        (Some("true"), false),
        (None, false),
        (Some("1"), true),
    ] {
        assert!(!bless_wanted(b, ci), "ECT_BLESS={b:?} CI={ci}");
    }
}

/// Whether a path of the project's tree is example content a test may copy:
/// never an agenda (the README's main command writes agendas into the
/// working tree) nor anything hidden (`.ect/` merge bases, the lock).
pub fn is_example_content(rel: &Path) -> bool {
    rel.components().all(|c| {
        let name = c.as_os_str().to_string_lossy();
        !name.starts_with('.') && name != "agendas"
    })
}

#[test]
fn generated_files_are_never_example_content() {
    for generated in [
        "plans/ana-ben/agendas/2026-11-24.md",
        "plans/ana-ben/.ect/base/2026-11-24.md",
        "plans/.ect.lock",
        "plans/ana-ben/agendas/.ect-1a2b.tmp",
    ] {
        assert!(!is_example_content(Path::new(generated)), "{generated}");
    }
    for kept in [
        "ect.yaml",
        "plans/ana-ben/pair.yaml",
        "curriculum/example.md",
    ] {
        assert!(is_example_content(Path::new(kept)), "{kept}");
    }
}

/// The example content's files as committed: what `git ls-files` lists, or,
/// outside a git checkout, every file under `ect.yaml`, `curriculum/` and
/// `plans/` except generated agendas and hidden files.
fn example_files() -> Vec<PathBuf> {
    let listed = std::process::Command::new("git")
        .current_dir(project())
        .args(["ls-files", "-z", "--", "ect.yaml", "curriculum", "plans"])
        .output();
    if let Ok(out) = listed
        && out.status.success()
        && !out.stdout.is_empty()
    {
        return out
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
            .filter(|p| is_example_content(p) && project().join(p).is_file())
            .collect();
    }
    let mut files = vec![PathBuf::from("ect.yaml")];
    for top in ["curriculum", "plans"] {
        let walk = walkdir::WalkDir::new(project().join(top))
            .into_iter()
            .filter_entry(|e| is_example_content(Path::new(e.file_name())));
        for e in walk.filter_map(Result::ok) {
            if e.file_type().is_file() {
                files.push(e.path().strip_prefix(project()).unwrap().to_path_buf());
            }
        }
    }
    files
}

/// A scratch copy of fixture `name` (so nothing a test does touches the
/// fixture itself).
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    /// A scratch copy of fixture `name`: its `repo/` folder, or, when the
    /// case holds an `overlay-of` file naming another fixture, that
    /// fixture's repository, less the paths listed in the case's `removed`
    /// file, with the case's `repo/` laid over it. So a bad-input case holds
    /// only what differs from the base.
    pub fn of(name: &str) -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        let case = fixtures().join(name);
        if let Ok(base) = std::fs::read_to_string(case.join("overlay-of")) {
            copy_dir(&fixtures().join(base.trim()).join("repo"), dir.path());
        }
        // removed first, so a case may put a folder where the base has a file
        if let Ok(removed) = std::fs::read_to_string(case.join("removed")) {
            for rel in removed.lines().filter(|l| !l.trim().is_empty()) {
                let path = dir.path().join(rel.trim());
                if path.is_dir() {
                    std::fs::remove_dir_all(&path).unwrap();
                } else {
                    std::fs::remove_file(&path)
                        .unwrap_or_else(|e| panic!("{name}: removed `{rel}`: {e}"));
                }
                // and the folders that held only what was removed
                for folder in path.ancestors().skip(1) {
                    if folder == dir.path() || std::fs::remove_dir(folder).is_err() {
                        break;
                    }
                }
            }
        }
        if case.join("repo").is_dir() {
            copy_dir(&case.join("repo"), dir.path());
        }
        Scratch { dir }
    }

    pub fn empty() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A scratch copy of the repository's own example content as committed
    /// (`ect.yaml`, `curriculum/`, `plans/`), never the files a run of the
    /// README's main command generated in the working tree: the tests stay
    /// hermetic whatever was run in the clone before them.
    pub fn example() -> Scratch {
        let s = Scratch::empty();
        for rel in example_files() {
            let target = s.path().join(&rel);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(project().join(&rel), &target).unwrap();
        }
        s
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// `ect ARGS` run in the scratch folder, with a fixed date and no colour.
    pub fn ect(&self, args: &[&str]) -> Run {
        let out = Command::cargo_bin("ect")
            .unwrap()
            .current_dir(self.path())
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .env("ECT_TODAY", "2026-11-23")
            // never the person's own cargo records (`ect init` reads them)
            .env("CARGO_HOME", self.path().join(".no-cargo-home"))
            .env_remove("CARGO_INSTALL_ROOT")
            .args(args)
            .output()
            .expect("ect runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Every file under the scratch folder (relative to it) with its bytes,
    /// to prove a run changed nothing, or that two scratch folders hold the
    /// same.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut all: Vec<_> = walkdir::WalkDir::new(self.path())
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(self.path()).unwrap().to_path_buf();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        all.sort();
        all
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Compares stdout with `tests/fixtures/<case>/<file>`; with
    /// `ECT_BLESS=1` writes it instead.
    pub fn stdout_matches(&self, case: &str, file: &str) -> &Self {
        expect_file(&fixtures().join(case).join(file), &self.stdout);
        self
    }

    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn expect_file(path: &Path, actual: &str) {
    if bless_wanted(std::env::var("ECT_BLESS").ok().as_deref(), in_ci()) {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing {}; run with ECT_BLESS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "output differs from {}\n--- expected\n{expected}\n--- actual\n{actual}\n(run with ECT_BLESS=1 to accept)",
            path.display()
        );
    }
}

/// Runs an outside checker (`tests/tools/`) and returns its output lines,
/// failing the test with what it said if it fails.
pub fn tool_lines(command: &mut std::process::Command) -> Vec<String> {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Holds the repository lock at `lock` as another running `ect` would
/// (the file with its holder, and the operating-system lock on it) until the
/// returned file is dropped.
pub fn hold_lock(lock: &Path) -> std::fs::File {
    let holder = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(lock)
        .unwrap();
    holder.lock().unwrap();
    std::io::Write::write_all(
        &mut &holder,
        b"pid: 4242\nstarted: 2026-11-23 09:00:00\ncommand: ect agenda\n",
    )
    .unwrap();
    holder
}
