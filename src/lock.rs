//! The repository lock: two `ect` runs that write agendas must not
//! interleave on one repository. A run that writes takes `plans/.ect.lock`
//! and lets it go when it ends, also on an error.
//!
//! The lock file is created with create-new semantics (it must not exist)
//! and names the process holding it. The holder also keeps an operating
//! system lock on the open file, which the system lets go of when the
//! process dies however it dies (`kill -9`, a power cut): so a lock file
//! whose operating system lock is free was left by a run that was killed,
//! and is taken over rather than blocking every later run. A lock file whose
//! operating system lock is busy is held: the run stops with the holder's
//! process id and how to remove the file if no `ect` is running (a lock
//! copied with the repository, a file system without such locks).
//!
//! The holder also removes the temporary files killed runs left in the
//! agenda folders (see [`write`](crate::write): a write goes to a temporary
//! file first, then is renamed over the agenda).

use anyhow::{Context, Result, bail};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The lock file's name, inside the plans folder.
pub const LOCK_FILE: &str = ".ect.lock";

/// A held lock; dropping it removes the file and lets the lock go.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    /// Open for as long as the lock is held: the operating system lock lives
    /// with it.
    file: File,
}

impl Lock {
    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // remove the file while still holding the lock, so no other run can
        // take over a file that is about to go (see `same_file`)
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Takes the lock of the repository at `root` whose plans folder is `plans`
/// (as `ect.yaml` names it). `command` is written into the file for whoever
/// finds it held. `Ok(None)` when there is no plans folder (or it is a
/// symbolic link, never followed): nothing will be written there.
pub fn acquire(root: &Path, plans: &str, command: &str) -> Result<Option<Lock>> {
    let dir = root.join(plans);
    match std::fs::symlink_metadata(&dir) {
        Ok(m) if m.is_dir() => {}
        _ => return Ok(None),
    }
    let shown = format!("{}/{LOCK_FILE}", plans.trim_end_matches('/'));
    let path = dir.join(LOCK_FILE);
    // a few rounds: a lock let go, or taken over, between two looks
    for _ in 0..5 {
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => {
                // Another run may have found this file, still empty, and
                // taken it over before we locked it: then this waits for
                // that run, which removes the file when it is done.
                lock_now(&file, &path)?;
                if !same_file(&file, &path) {
                    let _ = file.unlock();
                    continue;
                }
                return stamp(file, path, command, false).map(Some);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot create `{shown}`"));
            }
        }
        // A lock file that is a link (symbolic or hard) could make a
        // takeover rewrite a file elsewhere: refuse it before opening it,
        // and again once open (it may have been swapped in between).
        refuse_link(std::fs::symlink_metadata(&path).ok().as_ref(), &shown)?;
        let mut file = match OpenOptions::new().read(true).write(true).open(&path) {
            Ok(f) => f,
            // let go just now: try again
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot open `{shown}`")),
        };
        refuse_link(file.metadata().ok().as_ref(), &shown)?;
        match file.try_lock() {
            Err(TryLockError::WouldBlock) => {
                let holder = read_holder(&mut file);
                bail!(held_message(&shown, holder.as_ref()));
            }
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock `{shown}`"));
            }
            Ok(()) => {}
        }
        // The lock is ours, yet the file was there first.
        let holder = read_holder(&mut file);
        if !same_file(&file, &path) {
            // its holder removed it as we opened it: start again
            let _ = file.unlock();
            continue;
        }
        // The lock was free: its holder died without removing the file
        // (killed, or the computer stopped), after stamping it or between
        // creating and locking it. Take it over; a run that was just about
        // to lock an empty file waits for this one (see above).
        let who = holder.and_then(|h| h.pid).map_or_else(
            || "an empty lock file".to_string(),
            |pid| format!("process {pid}"),
        );
        crate::errln!("note: `{shown}` was left by a run that stopped ({who}); taking it over");
        return stamp(file, path, command, true).map(Some);
    }
    bail!(held_message(&shown, None))
}

/// Refuses a lock file that is a symbolic link, not a plain file, or a
/// plain file with other names (a hard link): `ect` never writes through
/// one.
fn refuse_link(meta: Option<&std::fs::Metadata>, shown: &str) -> Result<()> {
    let Some(meta) = meta else { return Ok(()) };
    let linked = !meta.file_type().is_file() || links(meta) > 1;
    if linked {
        bail!(
            "`{shown}` is not a plain lock file (it is a link, a folder or has other names); `ect` never writes through it. If no `ect` is running, delete `{shown}` and run again"
        );
    }
    Ok(())
}

#[cfg(unix)]
fn links(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_meta: &std::fs::Metadata) -> u64 {
    1
}

/// Waits for the operating system lock of a file this run created (another
/// run holds it only if it took the file over while it was empty).
fn lock_now(file: &File, path: &Path) -> Result<()> {
    file.lock()
        .with_context(|| format!("cannot lock `{}`", path.display()))
}

/// Removes the temporary files (`.ect-*.tmp`, see `write.rs`) that runs
/// killed before their rename left anywhere `ect` writes under the plans
/// folder: the folder itself, each pair's folder, the folders in it
/// (agendas, action plans, records) and the merge bases in
/// `<pair>/.ect/base/`. Only a run holding the lock writes
/// there, so none of them is in use. Links are not followed.
fn sweep_temporaries(plans: &Path) {
    let walk = walkdir::WalkDir::new(plans)
        .max_depth(4)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok);
    for e in walk {
        let name = e.file_name().to_string_lossy();
        if name.starts_with(".ect-") && name.ends_with(".tmp") && e.file_type().is_file() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes who holds the lock into its file, then clears what killed
/// holders left behind.
/// `took_over` says the lock file was left by a run that stopped: only then
/// can temporary files of a killed run be lying about (a run that ends
/// removes the lock file; one that is killed cannot), so only then is the
/// whole plans folder swept, not on every run.
fn stamp(mut file: File, path: PathBuf, command: &str, took_over: bool) -> Result<Lock> {
    let text = format!(
        "pid: {}\nstarted: {}\ncommand: ect {command}\n",
        std::process::id(),
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
    );
    use std::io::Seek;
    // what killed runs left goes first: on a full disk it may be the room
    // this run needs
    if took_over && let Some(plans) = path.parent() {
        sweep_temporaries(plans);
    }
    // a lock taken over was read first: write from the start
    let written = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(text.as_bytes()))
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        // no empty lock file is left behind (a full disk): remove it while
        // the lock is still held
        let _ = std::fs::remove_file(&path);
        return Err(e).with_context(|| format!("cannot write `{}`", path.display()));
    }
    Ok(Lock { path, file })
}

/// What a lock file says of its holder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holder {
    pub pid: Option<u32>,
    pub started: Option<String>,
    pub command: Option<String>,
}

/// Reads `pid:`, `started:` and `command:` lines; `None` for an empty file.
fn read_holder(file: &mut File) -> Option<Holder> {
    use std::io::Seek;
    let mut text = String::new();
    file.rewind().ok()?;
    // a lock file is a few lines; never read more than a little of one
    file.take(4096).read_to_string(&mut text).ok()?;
    parse_holder(&text)
}

/// The holder a lock file's text names; `None` when it names nothing.
pub fn parse_holder(text: &str) -> Option<Holder> {
    let mut h = Holder::default();
    for line in text.lines() {
        if let Some((key, value)) = line.split_once(':') {
            let value = value.trim().to_string();
            match key.trim() {
                "pid" => h.pid = value.parse().ok(),
                "started" => h.started = Some(value),
                "command" => h.command = Some(value),
                _ => {}
            }
        }
    }
    (h != Holder::default()).then_some(h)
}

fn held_message(shown: &str, holder: Option<&Holder>) -> String {
    let who = match holder {
        Some(Holder {
            pid: Some(pid),
            started,
            command,
        }) => format!(
            "`{}` (process {pid}{})",
            command.as_deref().unwrap_or("ect"),
            started
                .as_deref()
                .map(|s| format!(", started {s}"))
                .unwrap_or_default()
        ),
        _ => "another `ect`".to_string(),
    };
    format!(
        "{who} is writing in this repository and holds `{shown}`; wait for it to finish and run again. \
If no `ect` is running (a computer that restarted, a copied folder), delete `{shown}`"
    )
}

/// Whether `file` is still the file at `path` (not removed or replaced
/// since it was opened).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so it is still the one.
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plans() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("plans")).unwrap();
        dir
    }

    #[test]
    fn a_second_taker_is_refused_with_the_holders_pid() {
        let dir = plans();
        let lock = acquire(dir.path(), "plans", "agenda").unwrap().unwrap();
        let text = std::fs::read_to_string(lock.path()).unwrap();
        assert!(
            text.starts_with(&format!("pid: {}\n", std::process::id())),
            "{text}"
        );
        let err = acquire(dir.path(), "plans", "agenda")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!(
                "`ect agenda` (process {}, started ",
                std::process::id()
            )),
            "{err}"
        );
        assert!(err.contains("holds `plans/.ect.lock`"), "{err}");
        assert!(err.contains("delete `plans/.ect.lock`"), "{err}");
        drop(lock);
        assert!(!dir.path().join("plans/.ect.lock").exists());
        let again = acquire(dir.path(), "plans", "agenda").unwrap();
        assert!(again.is_some());
    }

    #[test]
    fn a_lock_left_by_a_killed_run_is_taken_over() {
        let dir = plans();
        let path = dir.path().join("plans/.ect.lock");
        std::fs::write(
            &path,
            "pid: 4000000\nstarted: 2026-11-23 10:00:00\ncommand: ect agenda\n",
        )
        .unwrap();
        let lock = acquire(dir.path(), "plans", "agenda").unwrap().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(&format!("pid: {}\n", std::process::id())),
            "{text}"
        );
        drop(lock);
        assert!(!path.exists());
    }

    #[test]
    fn an_empty_lock_file_with_a_free_lock_is_taken_over() {
        // a run killed between creating the file and locking it leaves this
        let dir = plans();
        let path = dir.path().join("plans/.ect.lock");
        std::fs::write(&path, "").unwrap();
        let lock = acquire(dir.path(), "plans", "agenda").unwrap().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(&format!("pid: {}\n", std::process::id())),
            "{text}"
        );
        drop(lock);
        assert!(!path.exists());
    }

    #[test]
    fn an_empty_lock_file_someone_holds_is_held() {
        let dir = plans();
        let path = dir.path().join("plans/.ect.lock");
        let holder = File::create(&path).unwrap();
        holder.lock().unwrap();
        let err = acquire(dir.path(), "plans", "agenda")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("another `ect` is writing"), "{err}");
        assert!(path.exists(), "a lock that is not ours is never removed");
    }

    #[test]
    fn no_plans_folder_or_a_linked_one_takes_no_lock() {
        let dir = tempfile::tempdir().unwrap();
        assert!(acquire(dir.path(), "plans", "agenda").unwrap().is_none());
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(outside.path(), dir.path().join("plans")).unwrap();
            assert!(acquire(dir.path(), "plans", "agenda").unwrap().is_none());
            assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        }
    }

    #[test]
    fn taking_the_lock_clears_temporary_files_of_killed_runs() {
        let dir = plans();
        let agendas = dir.path().join("plans/jo-alex/agendas");
        std::fs::create_dir_all(&agendas).unwrap();
        for name in [".ect-a1b2.tmp", "2026-11-24.md", ".ect-notes.md", "x.tmp"] {
            std::fs::write(agendas.join(name), "x").unwrap();
        }
        // every folder `ect` writes to: a killed `pair import` leaves one
        // beside `pair.yaml`, a killed `plan new` in `action-plans/`
        let plans = dir.path().join("plans");
        let action_plans = plans.join("jo-alex/action-plans");
        std::fs::create_dir_all(&action_plans).unwrap();
        for folder in [&plans, &plans.join("jo-alex"), &action_plans] {
            std::fs::write(folder.join(".ect-9z8y.tmp"), "x").unwrap();
        }
        // a run that ends cleanly leaves no temporary files: nothing is
        // swept (a walk of the whole plans folder on every run)
        drop(acquire(dir.path(), "plans", "agenda").unwrap().unwrap());
        assert!(action_plans.join(".ect-9z8y.tmp").exists());
        // a killed run leaves its lock file: the next run takes it over and
        // sweeps what the killed one left
        std::fs::write(
            plans.join(LOCK_FILE),
            "pid: 4242\nstarted: 2026-11-23 09:00:00\ncommand: ect agenda\n",
        )
        .unwrap();
        let _lock = acquire(dir.path(), "plans", "agenda").unwrap().unwrap();
        let names = |d: &Path| {
            let mut n: Vec<_> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            n.sort();
            n
        };
        assert_eq!(names(&agendas), [".ect-notes.md", "2026-11-24.md", "x.tmp"]);
        assert_eq!(names(&action_plans), Vec::<String>::new());
        assert_eq!(names(&plans.join("jo-alex")), ["action-plans", "agendas"]);
        assert_eq!(names(&plans), [LOCK_FILE, "jo-alex"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_file_that_is_a_link_is_never_written_through() {
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim.txt");
        std::fs::write(&victim, "precious\n").unwrap();
        // a hard link
        let dir = plans();
        std::fs::hard_link(&victim, dir.path().join("plans").join(LOCK_FILE)).unwrap();
        let err = acquire(dir.path(), "plans", "agenda")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a plain lock file"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
        // a symbolic link
        let dir = plans();
        std::os::unix::fs::symlink(&victim, dir.path().join("plans").join(LOCK_FILE)).unwrap();
        let err = acquire(dir.path(), "plans", "agenda")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a plain lock file"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    }

    #[test]
    fn reads_what_a_lock_file_says() {
        assert_eq!(parse_holder(""), None);
        assert_eq!(parse_holder("garbage\n"), None);
        assert_eq!(
            parse_holder("pid: 12\nstarted: today\ncommand: ect agenda\n"),
            Some(Holder {
                pid: Some(12),
                started: Some("today".into()),
                command: Some("ect agenda".into()),
            })
        );
    }
}
