//! `ect render FILE... --html [-o DIR]`: agendas and action plans as one
//! printable HTML page, on standard output or written to `DIR`.
//!
//! Every file is read and checked before anything is written: a missing
//! file, one that is not UTF-8 or not an agenda or plan stops the run with
//! exit code 2 and writes nothing.

use crate::Output;
use crate::cli::{Cli, RenderArgs};
use crate::generate::html::{self, PrintDoc};
use crate::repo::{read_checked, rel_path};
use anyhow::{Result, bail};
use std::path::{Component, Path, PathBuf};

/// The folders whose Markdown files a FOLDER argument renders.
const PRINTED_FOLDERS: [&str; 2] = ["agendas", "action-plans"];

/// Folders of the induction tutor's records: printed when named themselves
/// (`ect render plans/<pair>/reviews --html`), never as part of a larger
/// folder, so printing a pair's agendas does not print its assessments.
const RECORD_FOLDERS: [&str; 2] = ["reviews", "observations"];

pub(crate) fn run(cli: &Cli, args: &RenderArgs, out: Output) -> Result<i32> {
    let cwd = super::cwd()?;
    let root = root(cli, &cwd)?;
    let mut problems = Vec::new();
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut docs: Vec<PrintDoc> = Vec::new();
    let mut folders = 0;
    // links in the files are relative to each file's folder: the page
    // lives in the named folder (or, on standard output, is taken to be
    // saved in the current one), so they are rebased to it
    let page_dir = match &args.output {
        Some(dir) => lexical(&cwd.join(dir)),
        None => cwd.clone(),
    };
    for arg in &args.files {
        let found = match inputs(&cwd, &root, arg) {
            Ok((found, is_folder)) => {
                folders += usize::from(is_folder);
                found
            }
            Err(why) => {
                problems.push(why);
                continue;
            }
        };
        for (abs, shown) in found {
            if files.iter().any(|(seen, _)| *seen == abs) {
                continue;
            }
            let from = abs.parent().unwrap_or(&cwd).to_path_buf();
            let rebase = |link: &str| html::rebase_link(link, &from, &page_dir);
            match read_checked(&abs).and_then(|text| {
                html::document_from(&shown, &text, &rebase).map_err(|why| why.to_string())
            }) {
                Ok(doc) => docs.push(doc),
                Err(why) => problems.push(format!("`{shown}`: {why}")),
            }
            files.push((abs, shown));
        }
    }
    match problems.as_slice() {
        [] => {}
        [one] => bail!("{one}; nothing was written"),
        many => bail!(
            "cannot render {} of the files; nothing was written:\n  {}",
            many.len(),
            many.join("\n  ")
        ),
    }
    let page = html::page(&docs);
    let Some(dir) = &args.output else {
        crate::print_stdout(&crate::checksum::stamp_page(&page))?;
        return Ok(crate::exit::OK);
    };
    // a folder the person names is honoured wherever it is
    let dir_abs = crate::write::named_folder(&cwd, dir)?;
    let name = match files.as_slice() {
        [(file, _)] if args.files.len() == 1 && folders == 0 => file_page_name(file),
        _ => combined_name(files.iter().map(|(f, _)| f.as_path())),
    };
    let target = Path::new(&name);
    let outcome = crate::write::write_page(&dir_abs, target, &page)?;
    if !out.quiet {
        crate::print_stdout(&format!(
            "{}  {}\n",
            outcome.as_str(),
            dir.join(target).display()
        ))?;
    }
    Ok(crate::exit::OK)
}

/// The repository root: `--root`, else the nearest folder with `ect.yaml`,
/// else the current folder. `ect.yaml` itself is not needed to print.
fn root(cli: &Cli, cwd: &Path) -> Result<PathBuf> {
    let root = match &cli.root {
        Some(r) => cwd.join(r),
        None => crate::repo::find_root(cwd).unwrap_or_else(|| cwd.to_path_buf()),
    };
    match root.canonicalize() {
        Ok(r) if r.is_dir() => Ok(r),
        _ => bail!(
            "`{}` is not a folder; give `--root` the repository's folder",
            root.display()
        ),
    }
}

/// The files one FILE argument stands for, each with the name to show: the
/// file itself, or a folder's agendas and plans sorted by path (and `true`).
type Found = (Vec<(PathBuf, String)>, bool);

fn inputs(cwd: &Path, root: &Path, arg: &Path) -> Result<Found, String> {
    let abs = normalise(&cwd.join(arg));
    let shown = |p: &Path| match p.strip_prefix(root) {
        Ok(_) => rel_path(root, p),
        Err(_) => p.display().to_string(),
    };
    let meta = match std::fs::metadata(&abs) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("`{}` does not exist", arg.display()));
        }
        Err(e) => return Err(format!("`{}`: cannot read it: {e}", arg.display())),
    };
    if meta.is_file() {
        if !is_markdown(&abs) {
            return Err(format!(
                "`{}` is not a Markdown file: `ect render` prints agendas and action plans (`.md` files)",
                arg.display()
            ));
        }
        return Ok((vec![(abs.clone(), shown(&abs))], false));
    }
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(&abs)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        // never through a symbolic link, never a hidden or temporary file
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| is_markdown(e.path()))
        .filter(|e| {
            e.path()
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|d| {
                    PRINTED_FOLDERS.iter().any(|p| d == *p)
                        || (RECORD_FOLDERS.iter().any(|p| d == *p)
                            && e.path().parent() == Some(abs.as_path()))
                })
        })
        .map(walkdir::DirEntry::into_path)
        .collect();
    if found.is_empty() {
        return Err(format!(
            "`{}` holds no agendas or action plans (`.md` files in `agendas/` or `action-plans/` folders)",
            arg.display()
        ));
    }
    found.sort();
    let found = found
        .into_iter()
        .map(|p| {
            let s = shown(&p);
            (p, s)
        })
        .collect();
    Ok((found, true))
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// The page's file name when one file is rendered: `<pair>-<date>.html`
/// for an agenda, `<pair>-action-plan-<date>.html` for a plan, else
/// `<name>.html`. (Several files, or a folder: [`combined_name`].)
fn file_page_name(file: &Path) -> String {
    let name = |p: Option<&Path>| {
        p.and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
    };
    let stem = name(Some(file.with_extension("").as_path())).unwrap_or_else(|| "agenda".into());
    match (
        name(file.parent()).as_deref(),
        name(file.parent().and_then(Path::parent)),
    ) {
        (Some("agendas"), Some(pair)) => format!("{pair}-{stem}.html"),
        (Some("action-plans"), Some(pair)) => format!("{pair}-action-plan-{stem}.html"),
        _ => format!("{stem}.html"),
    }
}

/// The page's file name when several files are rendered: what it holds
/// (`agendas`, `action-plans`, or `agendas-and-action-plans`), after the
/// pair's id when every file is one pair's: `jo-smith-alex-lee-agendas.html`.
fn combined_name<'a>(files: impl Iterator<Item = &'a Path>) -> String {
    let name = |p: Option<&Path>| {
        p.and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
    };
    let mut kinds = std::collections::BTreeSet::new();
    let mut pairs = std::collections::BTreeSet::new();
    for f in files {
        let kind = name(f.parent());
        kinds.insert(kind.clone().unwrap_or_default());
        pairs.insert(name(f.parent().and_then(Path::parent)));
    }
    let has = |k: &str| kinds.contains(k);
    let what = if kinds.len() == 1 && has("action-plans") {
        "action-plans"
    } else if kinds.len() == 2 && has("action-plans") && has("agendas") {
        "agendas-and-action-plans"
    } else if kinds.len() == 1 && has("agendas") {
        "agendas"
    } else {
        "agendas-and-action-plans"
    };
    match pairs.into_iter().collect::<Vec<_>>().as_slice() {
        [Some(pair)] if kinds.iter().all(|k| PRINTED_FOLDERS.contains(&k.as_str())) => {
            format!("{pair}-{what}.html")
        }
        _ => format!("{what}.html"),
    }
}

/// `a/./b/../c` → `a/c`, without touching the disk (so a symbolic link on
/// the way is still seen, and refused, when writing).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` with `.` and `..` worked out by name (the folder may not exist
/// yet), for rebasing links.
fn lexical(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
