//! `ect init [DIR]`: a ready repository (settings with term dates, an
//! example programme and pair, a CI workflow), written only where nothing
//! exists yet; then `git init` when the folder is not in a git repository.

use crate::Output;
use crate::cli::{Cli, InitArgs};
use anyhow::{Context, Result};
use std::path::Path;

const GITIGNORE: &str = ".gitignore";

pub(crate) fn run(cli: &Cli, args: &InitArgs, out: Output) -> Result<i32> {
    let cwd = super::cwd()?;
    let dir = match args.dir.as_deref().or(cli.root.as_deref()) {
        Some(d) if d.is_absolute() => d.to_path_buf(),
        Some(d) => cwd.join(d),
        None => cwd.clone(),
    };
    let today = crate::weekspec::today()?;
    let files = crate::init::files(today, crate::init::ect_git());
    if let Ok(meta) = std::fs::metadata(&dir)
        && !meta.is_dir()
    {
        anyhow::bail!(
            "`{}` is a file, not a folder; give `ect init` a new or empty folder",
            dir.display()
        );
    }
    // every target first: write nothing if any is there already
    // an existing `.gitignore` is the person's: kept, with a note
    let mut taken: Vec<String> = files
        .iter()
        .filter(|(rel, _)| rel != GITIGNORE || !dir.join(rel).exists())
        .filter_map(|(rel, _)| blocker(&dir, rel))
        .collect();
    taken.dedup();
    if !taken.is_empty() {
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
        crate::out::eprint(&text);
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
    let mut report = String::new();
    for (rel, text) in &files {
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
        crate::write::write_new(&dir, Path::new(rel), text)?;
        if !out.quiet {
            report.push_str(&format!("created  {rel}\n"));
        }
    }
    drop(lock);
    let git = git_init(&dir);
    if let Some(line) = match &git {
        Git::Initialised => (!out.quiet).then(|| "created  .git (git init)".to_string()),
        Git::AlreadyIn => None,
        Git::NotFound => Some(
            "note: `git` is not installed, so this folder is not a git repository yet; install git and run `git init` in it".to_string(),
        ),
        Git::Failed(why) => Some(format!(
            "note: `git init` failed ({why}); run `git init` in `{}` yourself",
            dir.display()
        )),
    } {
        if line.starts_with("note:") {
            crate::errln!("{line}");
        } else {
            report.push_str(&line);
            report.push('\n');
        }
    }
    if !out.quiet {
        report.push_str(&next_steps(&dir, &cwd));
    }
    crate::print_stdout(&report)?;
    Ok(crate::exit::OK)
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

fn next_steps(dir: &Path, cwd: &Path) -> String {
    let cd = match dir.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => String::new(),
        Ok(rel) => format!("cd {} && ", rel.display()),
        Err(_) => format!("cd {} && ", dir.display()),
    };
    let mut s = format!(
        "\nnext:\n  1. check the term dates in `ect.yaml` against your local authority's calendar, and add INSET days\n  2. add your pairs: {cd}ect pair add --mentor NAME --ect NAME --start YYYY-MM-DD --day DAY\n     (or from a spreadsheet: ect pair import pairs.csv), and delete `plans/{}/`\n  3. each Friday: {cd}ect agenda --week next\n  4. if `ect validate` finds problems in a provider's materials you cannot fix: {cd}ect validate --write-baseline ect-baseline.json\n     and commit the file; CI then fails only on new problems\n",
        crate::init::EXAMPLE_PAIR
    );
    if crate::init::ect_git() == crate::init::GIT_PLACEHOLDER {
        s.push_str("  5. set `ECT_GIT` in `.github/workflows/ect.yml` to the git address you installed `ect` from\n");
    }
    s
}
