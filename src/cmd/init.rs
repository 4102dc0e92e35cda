//! `ect init [DIR]`: a ready repository (settings with term dates, an
//! example programme and pair, a CI workflow), written only where nothing
//! exists yet; then `git init` when the folder is not in a git repository.

use crate::Output;
use crate::cli::{Cli, InitArgs};
use crate::init::EctSource;
use crate::init::source::{self, Installed};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

const GITIGNORE: &str = ".gitignore";

pub(crate) fn run(cli: &Cli, args: &InitArgs, out: Output) -> Result<i32> {
    let cwd = super::cwd()?;
    let dir = match args.dir.as_deref().or(cli.root.as_deref()) {
        Some(d) if d.is_absolute() => d.to_path_buf(),
        Some(d) => cwd.join(d),
        None => cwd.clone(),
    };
    let today = super::today()?;
    let (ect, notes) = ect_source(args);
    let files = crate::init::files(today, &ect);
    if let Ok(meta) = std::fs::metadata(&dir)
        && !meta.is_dir()
    {
        anyhow::bail!(
            "`{}` is a file, not a folder; give `ect init` a new or empty folder",
            dir.display()
        );
    }
    if let Some(refusal) = taken(&dir, &files, out) {
        crate::out::eprint(&refusal);
        return Ok(crate::exit::PROBLEMS);
    }
    std::fs::create_dir_all(dir.join("plans"))
        .with_context(|| format!("cannot create `{}`; check the path", dir.display()))?;
    // the repository lock, as every writer takes it: two `ect init` at once
    // (or one beside another command) never interleave their files
    let lock = crate::lock::acquire(&dir, "plans", "init")?;
    // looked at again under the lock: another run may have written since
    if let Some(rel) = files
        .iter()
        .filter(|(rel, _)| rel != GITIGNORE)
        .find_map(|(rel, _)| blocker(&dir, rel))
    {
        anyhow::bail!(
            "`{rel}` appeared in `{}` while `ect init` was starting; nothing was written",
            dir.display()
        );
    }
    let mut report = write_files(&dir, &files, out)?;
    drop(lock);
    if let Some(line) = git_line(&git_init(&dir), &dir, out.quiet) {
        if line.starts_with("note:") {
            crate::errln!("{line}");
        } else {
            report.push_str(&line);
            report.push('\n');
        }
    }
    // warnings always; notes (what was found) not with `--quiet`
    for note in notes
        .iter()
        .filter(|n| !out.quiet || !n.starts_with("note:"))
    {
        crate::errln!("{note}");
    }
    if !out.quiet {
        report.push_str(&next_steps(&dir, &cwd, &ect));
    }
    crate::print_stdout(&report)?;
    Ok(crate::exit::OK)
}

/// The message refusing to write when any of `files` exists already under
/// `dir` (an existing `.gitignore` is the person's: kept, with a note).
fn taken(dir: &Path, files: &[(String, String)], out: Output) -> Option<String> {
    let mut taken: Vec<String> = files
        .iter()
        .filter(|(rel, _)| rel != GITIGNORE || !dir.join(rel).exists())
        .filter_map(|(rel, _)| blocker(dir, rel))
        .collect();
    taken.dedup();
    if taken.is_empty() {
        return None;
    }
    let mut text = format!(
        "{}: `ect init` wrote nothing: these exist already in `{}`:\n",
        super::error_label(out),
        dir.display()
    );
    for rel in &taken {
        text.push_str(&format!("  {rel}\n"));
    }
    text.push_str(
        "  = help: run `ect init` in a new or empty folder, or move these files away first\n",
    );
    Some(text)
}

/// Writes `files` under `dir`, keeping a `.gitignore` already there (with a
/// note when it lacks `ect`'s lines); the report's `created` lines.
fn write_files(dir: &Path, files: &[(String, String)], out: Output) -> Result<String> {
    let mut report = String::new();
    for (rel, text) in files {
        if rel == GITIGNORE && dir.join(rel).exists() {
            let has = |p: &str| {
                std::fs::read_to_string(dir.join(rel))
                    .is_ok_and(|t| t.lines().any(|l| l.trim() == p))
            };
            if !has(crate::lock::LOCK_FILE) || !has(".ect-*.tmp") {
                crate::errln!(
                    "note: kept your `.gitignore`; add the lines `{}` and `.ect-*.tmp` to it so the lock and temporary files of `ect` are never committed",
                    crate::lock::LOCK_FILE
                );
            }
            continue;
        }
        crate::write::write_new(dir, Path::new(rel), text)?;
        if !out.quiet {
            report.push_str(&format!("created  {rel}\n"));
        }
    }
    Ok(report)
}

/// What to say of `git init` in `dir`: a report line, a `note:`, or nothing.
fn git_line(git: &Git, dir: &Path, quiet: bool) -> Option<String> {
    match git {
        Git::Initialised => (!quiet).then(|| "created  .git (git init)".to_string()),
        Git::AlreadyIn => None,
        Git::NotFound => Some(
            "note: `git` is not installed, so this folder is not a git repository yet; install git and run `git init` in it".to_string(),
        ),
        Git::Failed(why) => Some(format!(
            "note: `git init` failed ({why}); run `git init` in `{}` yourself",
            dir.display()
        )),
    }
}

/// What stops `rel` being written under `dir`, if anything: the file
/// itself, a file where a folder on its way should be, or a symbolic link on
/// the way (`ect` never writes through one). Repository-relative.
fn blocker(dir: &Path, rel: &str) -> Option<String> {
    let mut p = dir.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        p.push(part);
        match std::fs::symlink_metadata(&p) {
            Err(_) => return None,
            Ok(m) if i + 1 == parts.len() || m.file_type().is_symlink() || !m.is_dir() => {
                return Some(parts[..=i].join("/"));
            }
            Ok(_) => {}
        }
    }
    None
}

enum Git {
    Initialised,
    AlreadyIn,
    NotFound,
    Failed(String),
}

/// `git init` in `dir` unless it is inside a git repository already.
fn git_init(dir: &Path) -> Git {
    if dir.ancestors().any(|a| a.join(".git").exists()) {
        return Git::AlreadyIn;
    }
    match std::process::Command::new("git")
        .arg("init")
        .arg("--quiet")
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
    {
        Ok(o) if o.status.success() => Git::Initialised,
        Ok(o) => Git::Failed(
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .next()
                .unwrap_or("no message")
                .trim()
                .to_string(),
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Git::NotFound,
        Err(e) => Git::Failed(e.to_string()),
    }
}

fn next_steps(dir: &Path, cwd: &Path, ect: &EctSource) -> String {
    let cd = match dir.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => String::new(),
        Ok(rel) => format!("cd {} && ", rel.display()),
        Err(_) => format!("cd {} && ", dir.display()),
    };
    let mut s = format!(
        "\nnext:\n  1. check the term dates in `ect.yaml` against your local authority's calendar, and add INSET days\n  2. add your pairs: {cd}ect pair add --mentor NAME --ect NAME --start YYYY-MM-DD --day DAY\n     (or from a spreadsheet: ect pair import pairs.csv), and delete `plans/{}/`\n  3. each Friday: {cd}ect agenda --week next\n  4. if `ect validate` finds problems in a provider's materials you cannot fix: {cd}ect validate --write-baseline ect-baseline.json\n     and commit the file; CI then fails only on new problems\n",
        crate::init::EXAMPLE_PAIR
    );
    if *ect == EctSource::Unknown {
        s.push_str("  5. set `ECT_GIT` in `.github/workflows/ect.yml` to the git address you installed `ect` from\n");
    }
    s
}

/// Where the CI workflow installs `ect` from, first found: `--ect-source`;
/// cargo's record of how this `ect` was installed (a local clone stands for
/// its `origin`); the `repository` this build names; else not known. With
/// the notes and warnings to print once the files are written.
fn ect_source(args: &InitArgs) -> (EctSource, Vec<String>) {
    let version = env!("CARGO_PKG_VERSION");
    let release = || source::release_tag(version);
    let mut notes = Vec::new();
    if let Some(given) = &args.ect_source {
        let ect = if given.eq_ignore_ascii_case("crates.io") {
            EctSource::CratesIo
        } else {
            EctSource::GitTag {
                url: given.clone(),
                tag: release(),
            }
        };
        return (ect, notes);
    }
    for root in install_roots() {
        let Some(installed) = install_record(&root, version, &mut notes) else {
            continue;
        };
        if let Some(ect) = from_installed(installed, version, &mut notes) {
            return (ect, notes);
        }
        break;
    }
    if let Some(url) = crate::init::built_from() {
        return (
            EctSource::GitTag {
                url: url.to_string(),
                tag: release(),
            },
            notes,
        );
    }
    notes.push(format!(
        "warning: the CI workflow cannot install `ect` yet: `ect init` could not tell where this `ect` was installed from; set `ECT_GIT` in `.github/workflows/ect.yml` to the git address of ect's source (it installs the tag `{}`), or next time pass `ect init --ect-source GIT_URL`",
        release()
    ));
    (EctSource::Unknown, notes)
}

/// How cargo's `.crates2.json` under `root` says this `ect` (`version`) was
/// installed; `None` when it has no such record (a warning added to `notes`
/// when the file cannot be read or is not cargo's).
fn install_record(root: &Path, version: &str, notes: &mut Vec<String>) -> Option<Installed> {
    let record = root.join(".crates2.json");
    let text = match std::fs::read_to_string(&record) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            notes.push(format!(
                "warning: cannot read `{}` ({e}); it is how `ect init` finds where `ect` was installed from",
                record.display()
            ));
            return None;
        }
    };
    match source::from_crates2(&text, version) {
        Ok(installed) => installed,
        Err(why) => {
            notes.push(format!(
                "warning: `{}` is not a record cargo wrote ({why}); `ect init` left it alone and could not use it",
                record.display()
            ));
            None
        }
    }
}

/// Where the workflow can install `ect` from, given how it was `installed`;
/// `None` (with a note) when that is no use to the workflow.
fn from_installed(
    installed: Installed,
    version: &str,
    notes: &mut Vec<String>,
) -> Option<EctSource> {
    let release = || source::release_tag(version);
    match installed {
        Installed::Git {
            url,
            reference,
            commit,
        } => Some(source::git_source(
            &url,
            reference.as_ref(),
            commit.as_deref(),
            version,
        )),
        Installed::CratesIo => Some(EctSource::CratesIo),
        Installed::Path(clone) => {
            if let Some(url) = clone_origin(&clone) {
                let url = source::fetchable(&url);
                notes.push(format!(
                    "note: the CI workflow installs `ect` from `{url}` (the `origin` of `{}`, which this `ect` was built from) at the tag `{}`; push that tag there, or pass `--ect-source GIT_URL` next time",
                    clone.display(),
                    release()
                ));
                return Some(EctSource::GitTag {
                    url,
                    tag: release(),
                });
            }
            notes.push(format!(
                "note: this `ect` was built from `{}`, which is not a git clone with an `origin` remote",
                clone.display()
            ));
            None
        }
        Installed::OtherRegistry(index) => {
            notes.push(format!(
                "note: this `ect` came from the registry `{index}`, which the workflow cannot install from without its settings"
            ));
            None
        }
    }
}

/// The folders `cargo install` may have put this `ect` in, each holding its
/// `.crates2.json`: the one above this program's `bin/`, then
/// `$CARGO_INSTALL_ROOT`, then `$CARGO_HOME` (default `~/.cargo`).
fn install_roots() -> Vec<PathBuf> {
    let mut roots = Vec::new();
    if let Ok(exe) = std::env::current_exe()
        && let Some(bin) = exe.parent()
        && bin.file_name().is_some_and(|n| n == "bin")
        && let Some(root) = bin.parent()
    {
        roots.push(root.to_path_buf());
    }
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(root) = var("CARGO_INSTALL_ROOT") {
        roots.push(PathBuf::from(root));
    }
    if let Some(home) = var("CARGO_HOME") {
        roots.push(PathBuf::from(home));
    } else if let Some(home) = std::env::home_dir() {
        roots.push(home.join(".cargo"));
    }
    let mut seen = Vec::new();
    roots.retain(|r| {
        let new = !seen.contains(r);
        seen.push(r.clone());
        new
    });
    roots
}

/// The `origin` remote of the git clone at `dir`, read from its config (a
/// worktree's `.git` file leads to the clone's).
fn clone_origin(dir: &Path) -> Option<String> {
    let dot_git = dir.join(".git");
    let git_dir = if dot_git.is_dir() {
        dot_git
    } else {
        let text = std::fs::read_to_string(&dot_git).ok()?;
        let linked = dir.join(text.strip_prefix("gitdir:")?.trim());
        match std::fs::read_to_string(linked.join("commondir")) {
            Ok(common) => linked.join(common.trim()),
            Err(_) => linked,
        }
    };
    source::origin_url(&std::fs::read_to_string(git_dir.join("config")).ok()?)
}
