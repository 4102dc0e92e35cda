//! No lost work (issue 5): `ect agenda` killed at random moments never
//! leaves a partial or empty agenda, and two runs at once on one repository
//! do not interleave (the lock in `src/lock.rs`).
//!
//! `ECT_KILL_RUNS=N` changes the number of runs to kill (default 50) and
//! `ECT_KILL_SEED=N` the random moments.

use crate::support::{Run, Scratch};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PAIRS: usize = 1_000;
const LOCK: &str = "plans/.ect.lock";
/// The programme overview: its module title is in every agenda.
const OVERVIEW: &str = "curriculum/demo.md";

/// The `bad/base` school with `n` pairs instead of two, meeting on every
/// weekday; with `pauses`, every seventh pair pauses in the week of 16 November.
fn school(n: usize, pauses: bool) -> Scratch {
    let s = Scratch::of("bad/base");
    std::fs::remove_dir_all(s.path().join("plans")).unwrap();
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    for i in 0..n {
        let pause = if pauses && i % 7 == 0 {
            "pauses:\n  - {start: 2026-11-16, end: 2026-11-20}\n"
        } else {
            ""
        };
        s.write(
            &format!("plans/pair-{i:04}/pair.yaml"),
            &format!(
                "mentor: Mentor {i}\nect: Teacher {i}\nstart: 2026-09-02\nmeeting: {{day: {}}}\n{pause}",
                days[i % 5]
            ),
        );
    }
    s
}

fn ect(s: &Scratch, args: &[&str]) -> Command {
    use assert_cmd::cargo::CommandCargoExt;
    let mut cmd = Command::cargo_bin("ect").unwrap();
    cmd.current_dir(s.path())
        .env("ECT_TODAY", "2026-11-23")
        .env_remove("NO_COLOR")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn finish(child: Child) -> Run {
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every agenda file under `plans/`, with its text; panics on one that is
/// not whole: empty, not UTF-8, without front matter or a checksum that
/// does not match (a partial write).
fn agendas(s: &Scratch) -> BTreeMap<PathBuf, String> {
    let mut found = BTreeMap::new();
    for e in walkdir::WalkDir::new(s.path().join("plans")) {
        let e = e.unwrap();
        let p = e.path();
        if !e.file_type().is_file()
            || p.parent().and_then(Path::file_name) != Some("agendas".as_ref())
        {
            continue;
        }
        let name = e.file_name().to_string_lossy();
        if name.starts_with(".ect-") && name.ends_with(".tmp") {
            // a temporary file the killed run had not yet renamed: never an agenda
            continue;
        }
        let bytes = std::fs::read(p).unwrap();
        assert!(!bytes.is_empty(), "{} is empty", p.display());
        let text =
            String::from_utf8(bytes).unwrap_or_else(|_| panic!("{} is not UTF-8", p.display()));
        assert!(
            ect::front_matter::split(&text).is_ok(),
            "{} has no whole front matter:\n{text}",
            p.display()
        );
        assert!(
            ect::checksum::is_untouched(&text),
            "{} is partial: its checksum does not match\n{text}",
            p.display()
        );
        found.insert(p.to_path_buf(), text);
    }
    found
}

/// Leftover temporary files (of killed runs).
fn temporaries(s: &Scratch) -> usize {
    walkdir::WalkDir::new(s.path().join("plans"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy();
            n.starts_with(".ect-") && n.ends_with(".tmp")
        })
        .count()
}

/// Files outside `plans/`, to prove a run wrote nowhere else.
fn outside_plans(s: &Scratch) -> Vec<(PathBuf, Vec<u8>)> {
    s.snapshot()
        .into_iter()
        .filter(|(p, _)| !p.starts_with("plans"))
        .collect()
}

/// A small random number generator (xorshift), so a failing run can be
/// repeated with the same seed.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn agendas_killed_at_random_moments_are_never_partial() {
    let runs = env_number("ECT_KILL_RUNS", 50);
    let seed = env_number("ECT_KILL_SEED", 0x5eed_2026_1123);
    let mut random = Random(seed | 1);
    let s = school(PAIRS, true);
    let overview = std::fs::read_to_string(s.path().join(OVERVIEW)).unwrap();
    let rest = outside_plans(&s);

    // how long a whole run takes here, to kill inside that time
    let started = Instant::now();
    let first = finish(
        ect(&s, &["agenda", "--week", "2026-11-09"])
            .spawn()
            .unwrap(),
    );
    first.code(0);
    let whole = started.elapsed();
    let mut estimate = whole;
    assert_eq!(agendas(&s).len(), PAIRS);

    // three weeks, and a module title that changes every run, so that every
    // run writes, creating new agendas or replacing generated ones
    let weeks = ["2026-11-09", "2026-11-16", "2026-11-23"];
    let mut killed = 0;
    let mut finished = 0;
    for run in 0..runs {
        s.write(
            OVERVIEW,
            &overview.replace("[Routines]", &format!("[Routines, run {run}]")),
        );
        let week = weeks[random.below(3) as usize];
        let spawned = Instant::now();
        let mut child = ect(&s, &["agenda", "--week", week]).spawn().unwrap();
        let wait = random.below(estimate.as_micros() as u64);
        std::thread::sleep(Duration::from_micros(wait));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL on Unix
            killed += 1;
        } else {
            // it was quicker than thought: aim inside its time from now on
            estimate = spawned.elapsed();
            finished += 1;
        }
        let end = finish(child);
        assert!(
            !end.stderr.contains("panicked"),
            "run {run} (seed {seed}): {}",
            end.stderr
        );
        agendas(&s);
    }
    // a killed run leaves the lock behind, free: the next run takes it over,
    // and removes the temporary files killed runs left
    let leftover = temporaries(&s);
    s.write(OVERVIEW, &overview);
    let last = finish(
        ect(&s, &["agenda", "--week", "2026-11-23"])
            .spawn()
            .unwrap(),
    );
    last.code(0);
    assert!(!s.path().join(LOCK).exists(), "the lock outlived the run");
    let all = agendas(&s);
    assert_eq!(temporaries(&s), 0, "temporary files outlived the next run");
    eprintln!(
        "{runs} runs on {PAIRS} pairs (a whole run: {whole:?}): {killed} killed, {finished} finished first; {} agendas, all whole; {leftover} temporary files left by killed runs, removed by the next",
        all.len()
    );
    assert!(
        killed * 3 >= runs as usize,
        "too few runs were killed: {killed}"
    );
    assert!(outside_plans(&s) == rest, "a run wrote outside `plans/`");
}

#[test]
fn a_held_lock_stops_a_second_run_with_the_holders_pid() {
    let s = school(3, false);
    let before = s.snapshot();
    // this test process holds the lock, as a running `ect` would
    let path = s.path().join(LOCK);
    let mut holder = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .unwrap();
    holder.lock().unwrap();
    let pid = std::process::id();
    std::io::Write::write_all(
        &mut holder,
        format!("pid: {pid}\nstarted: 2026-11-23 09:00:00\ncommand: ect agenda\n").as_bytes(),
    )
    .unwrap();
    let run = finish(
        ect(&s, &["agenda", "--week", "2026-11-09"])
            .spawn()
            .unwrap(),
    );
    run.code(2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "error: `ect agenda` (process {pid}, started 2026-11-23 09:00:00) is writing in this repository and holds `plans/.ect.lock`; wait for it to finish and run again. If no `ect` is running (a computer that restarted, a copied folder), delete `plans/.ect.lock`\n"
        )
    );
    // looking writes nothing, so it needs no lock
    let dry = finish(
        ect(&s, &["agenda", "--week", "2026-11-09", "--dry-run"])
            .spawn()
            .unwrap(),
    );
    dry.code(0);
    let stdout = finish(
        ect(&s, &["agenda", "--week", "2026-11-09", "--stdout"])
            .spawn()
            .unwrap(),
    );
    stdout.code(0);
    let mut files = before.clone();
    let lock = path.strip_prefix(s.path()).unwrap().to_path_buf();
    files.push((lock, std::fs::read(&path).unwrap()));
    files.sort();
    assert_eq!(s.snapshot(), files, "a refused run changed a file");

    // let go: the next run writes, and removes the lock when it is done
    holder.unlock().unwrap();
    drop(holder);
    std::fs::remove_file(&path).unwrap();
    let run = finish(
        ect(&s, &["agenda", "--week", "2026-11-09"])
            .spawn()
            .unwrap(),
    );
    run.code(0);
    assert_eq!(run.stdout.lines().count(), 3);
    assert!(!path.exists());
}

#[test]
fn a_lock_left_by_a_killed_run_is_taken_over() {
    let s = school(3, false);
    s.write(
        LOCK,
        "pid: 4000000\nstarted: 2026-11-20 16:00:00\ncommand: ect agenda\n",
    );
    let run = finish(
        ect(&s, &["agenda", "--week", "2026-11-09"])
            .spawn()
            .unwrap(),
    );
    run.code(0);
    assert_eq!(
        run.stderr,
        "note: `plans/.ect.lock` was left by a run that stopped (process 4000000); taking it over\n"
    );
    assert_eq!(run.stdout.lines().count(), 3);
    assert!(!s.path().join(LOCK).exists());
}

#[test]
fn the_lock_is_let_go_when_a_run_fails() {
    let s = school(3, false);
    let before = s.snapshot();
    for args in [
        &["agenda", "--week", "not-a-week"][..],
        &["agenda", "--week", "2026-11-09", "--pair", "nobody"],
    ] {
        let run = finish(ect(&s, args).spawn().unwrap());
        run.code(2);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(!s.path().join(LOCK).exists(), "{args:?} left the lock");
    }
    assert_eq!(s.snapshot(), before);
}

#[test]
fn two_runs_at_once_do_not_interleave() {
    let s = school(PAIRS, false);
    for (round, week) in ["2026-11-09", "2026-11-16", "2026-11-23"]
        .iter()
        .enumerate()
    {
        let a = ect(&s, &["agenda", "--week", week]).spawn().unwrap();
        let b = ect(&s, &["agenda", "--week", week]).spawn().unwrap();
        let (a, b) = (finish(a), finish(b));
        let created = |r: &Run| {
            r.stdout
                .lines()
                .filter(|l| l.contains("  created  "))
                .count()
        };
        match (a.code, b.code) {
            // one ran, the other found the lock held
            (0, 2) | (2, 0) => {
                let (ran, refused) = if a.code == 0 { (&a, &b) } else { (&b, &a) };
                assert_eq!(created(ran), PAIRS, "round {round}");
                assert!(
                    refused.stderr.contains("holds `plans/.ect.lock`"),
                    "round {round}: {}",
                    refused.stderr
                );
                assert_eq!(refused.stdout, "");
            }
            // one after the other: the second found every agenda written
            (0, 0) => {
                let (first, second) = if created(&a) > 0 { (&a, &b) } else { (&b, &a) };
                assert_eq!(created(first), PAIRS, "round {round}: runs interleaved");
                assert_eq!(created(second), 0, "round {round}: runs interleaved");
            }
            codes => panic!(
                "round {round}: exit codes {codes:?}\n{}\n{}",
                a.stderr, b.stderr
            ),
        }
        assert_eq!(agendas(&s).len(), PAIRS * (round + 1));
        assert!(!s.path().join(LOCK).exists());
    }
}

#[test]
fn pair_add_and_import_wait_for_the_lock_too() {
    let s = school(1, false);
    let path = s.path().join(LOCK);
    let mut holder = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .unwrap();
    holder.lock().unwrap();
    std::io::Write::write_all(
        &mut holder,
        format!(
            "pid: {}\nstarted: 2026-11-23 09:00:00\ncommand: ect agenda\n",
            std::process::id()
        )
        .as_bytes(),
    )
    .unwrap();
    let before = s.snapshot();
    let add = finish(
        ect(
            &s,
            &[
                "pair",
                "add",
                "--mentor",
                "Kim Ode",
                "--ect",
                "Lu Ng",
                "--start",
                "2026-09-02",
                "--day",
                "monday",
                "--programme",
                "demo",
            ],
        )
        .spawn()
        .unwrap(),
    );
    add.code(2);
    assert!(
        add.stderr.contains("holds `plans/.ect.lock`"),
        "{}",
        add.stderr
    );
    s.write(
        "pairs.csv",
        "mentor,ect,start,programme,meeting day\nKim Ode,Lu Ng,2026-09-02,demo,monday\n",
    );
    let before_import = s.snapshot();
    let import = finish(ect(&s, &["pair", "import", "pairs.csv"]).spawn().unwrap());
    import.code(2);
    assert_eq!(s.snapshot(), before_import);
    assert!(
        before
            .iter()
            .all(|(p, _)| !p.ends_with("kim-ode-lu-ng/pair.yaml"))
    );
}
