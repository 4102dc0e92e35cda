//! The repository: found by walking up to `ect.yaml` (like git and cargo
//! find theirs), its settings, and reading `curriculum/` from disk.
//!
//! This is the only module that reads the curriculum from disk. It never
//! follows a symbolic link and never leaves the repository.

use crate::config::{Config, ConfigError};
use crate::curriculum::Curriculum;
use crate::curriculum::document;
use crate::curriculum::path::Listed;
use crate::diag::{Diagnostic, FileDiagnostics, at_file_start};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Largest file `ect` reads; bigger ones are reported, not read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A repository `ect` works on.
#[derive(Debug)]
pub struct Repo {
    pub root: PathBuf,
    pub config: Config,
    /// Warnings about `ect.yaml` itself (unknown keys).
    pub config_warnings: Vec<Diagnostic>,
    /// Whether an `ect.yaml` was found.
    pub has_config: bool,
    /// The text of `ect.yaml` (empty without one), for checks that point into it.
    pub config_text: String,
}

/// Why the repository could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// `ect.yaml` is there but unusable: a diagnostic says where.
    Config(Box<Diagnostic>),
    Other(anyhow::Error),
}

impl From<anyhow::Error> for OpenError {
    fn from(e: anyhow::Error) -> Self {
        OpenError::Other(e)
    }
}

impl Repo {
    /// Opens the repository at `root`, or the nearest folder at or above
    /// `cwd` holding `ect.yaml` (else `cwd` itself, with default settings).
    pub fn open(cwd: &Path, root: Option<&Path>) -> Result<Repo, OpenError> {
        let root = match root {
            Some(r) => {
                let r = if r.is_absolute() {
                    r.to_path_buf()
                } else {
                    cwd.join(r)
                };
                if !r.is_dir() {
                    return Err(OpenError::Other(anyhow::anyhow!(
                        "`{}` is not a folder; give `--root` the repository's folder",
                        r.display()
                    )));
                }
                r
            }
            None => find_root(cwd).unwrap_or_else(|| cwd.to_path_buf()),
        };
        let config_path = root.join("ect.yaml");
        let (config, config_warnings, config_text) = if config_path.is_file() {
            let text = read_text(&config_path)?;
            match Config::parse("ect.yaml", &text) {
                Ok((c, w)) => (c, w, Some(text)),
                Err(ConfigError(d)) => return Err(OpenError::Config(d)),
            }
        } else {
            (Config::default(), Vec::new(), None)
        };
        Ok(Repo {
            root,
            config,
            config_warnings,
            has_config: config_text.is_some(),
            config_text: config_text.unwrap_or_default(),
        })
    }

    pub fn curriculum_dir(&self) -> PathBuf {
        self.root.join(&self.config.curriculum)
    }

    /// `plans:` as paths in messages show it: `plans`, not `./plans/`.
    pub fn plans_rel(&self) -> &str {
        normalise_rel(&self.config.plans)
    }

    /// `curriculum:` as paths in messages show it.
    pub fn curriculum_rel(&self) -> &str {
        normalise_rel(&self.config.curriculum)
    }

    pub fn plans_dir(&self) -> PathBuf {
        self.root.join(&self.config.plans)
    }

    /// Reads and parses every file under `curriculum/`, in parallel, for
    /// the commands that use its content. Returns the curriculum and the
    /// problems met reading it (the single-file rules are `validate`'s:
    /// they do not run here).
    pub fn load_curriculum(&self) -> Result<(Curriculum, Vec<Diagnostic>)> {
        self.load(Keep::Content)
    }

    /// [`Repo::load_curriculum`] for `validate`: the single-file rules run
    /// on each file, then each document keeps only what the checks across
    /// files read (places, links, overviews' headings, front matter), so
    /// that a large curriculum fits in little memory.
    pub fn load_curriculum_for_checks(&self) -> Result<(Curriculum, Vec<Diagnostic>)> {
        self.load(Keep::Places)
    }

    fn load(&self, keep: Keep) -> Result<(Curriculum, Vec<Diagnostic>)> {
        let dir = self.curriculum_dir();
        self.check_curriculum_dir(&dir)?;
        let mut curriculum = Curriculum {
            prefix: self.curriculum_rel().to_string(),
            ..Curriculum::default()
        };
        let mut diagnostics = Vec::new();
        let mut md_files = self.list_curriculum(&dir, &mut curriculum, &mut diagnostics);
        type Read = (
            Vec<Option<document::Document>>,
            (Vec<Vec<Diagnostic>>, Vec<Vec<Diagnostic>>),
        );
        let (docs, (found, broken)): Read = md_files
            .par_iter_mut()
            .map(|listed| {
                // the path moves into its document: the list is left
                // holding empty names, which free nothing
                let rel = std::mem::take(&mut listed.rel);
                let path = listed.path.take().unwrap_or_else(|| dir.join(&rel));
                let repo_rel = curriculum.repo_path(&rel);
                let (mut doc, found) = read_and_check(rel, repo_rel, &path, keep);
                // `validate` resolves each page's links while they are at
                // hand (every file is listed by now), not all together
                // after the reading, when each link is fetched from memory
                // again; the checks across files take them as they are
                let mut broken = Vec::new();
                if keep == Keep::Places
                    && let Some(doc) = &mut doc
                {
                    broken = crate::rules::cross::resolve_as_read(&curriculum, doc);
                }
                (doc, (found, broken))
            })
            .unzip();
        // `filter_map` over the vector's own iterator reuses its buffer, so
        // the documents are never held twice; `flatten` (clippy's choice)
        // allocates a second vector
        #[allow(clippy::filter_map_identity)]
        let docs = docs.into_iter().filter_map(|d| d).collect();
        curriculum.docs = docs;
        diagnostics.extend(found.into_iter().flatten());
        // the links that lead nowhere last, in page order, where the checks
        // across files would report them
        diagnostics.extend(broken.into_iter().flatten());
        // already in order (the files were sorted before reading): a stable
        // sort would still allocate room for a copy of every document
        if !curriculum.docs.is_sorted_by(|a, b| a.rel <= b.rel) {
            curriculum.docs.sort_by(|a, b| a.rel.cmp(&b.rel));
        }
        Ok((curriculum, diagnostics))
    }

    /// An error unless the curriculum folder `dir` is there and a folder.
    fn check_curriculum_dir(&self, dir: &Path) -> Result<()> {
        if dir.exists() && !dir.is_dir() {
            bail!(
                "`{}` in `{}` is a file, not a folder; the curriculum is a folder of Markdown files: rename the file, or set `curriculum:` in `ect.yaml`",
                self.config.curriculum,
                self.root.display()
            );
        }
        if !dir.is_dir() {
            bail!(
                "no curriculum folder `{}` in `{}`; create it, or set `curriculum:` in `ect.yaml`",
                self.config.curriculum,
                self.root.display()
            );
        }
        Ok(())
    }

    /// Walks the curriculum folder `dir` (hidden entries skipped, links not
    /// followed but reported): every file goes into `curriculum.files`,
    /// assets into `curriculum.assets`; returns the Markdown files to read
    /// in path order (see [`MdFile`]). The top level is read first,
    /// then each folder under it is walked on any core (a provider's
    /// programmes, a school's own): the walk was the longest part of
    /// `validate` on one thread.
    fn list_curriculum(
        &self,
        dir: &Path,
        curriculum: &mut Curriculum,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<MdFile> {
        let whole: &Curriculum = curriculum;
        let mut top = Found::default();
        let mut folders = Vec::new();
        for entry in walkdir::WalkDir::new(dir).follow_links(false).max_depth(1) {
            if let Some(folder) = self.visit(dir, whole, entry, &mut top) {
                folders.push(folder);
            }
        }
        let under: Vec<Found> = folders
            .par_iter()
            .map(|folder| {
                let mut listing = Found::default();
                // the folder itself was seen at the top
                for entry in walkdir::WalkDir::new(folder).follow_links(false) {
                    if entry.as_ref().is_ok_and(|e| e.depth() == 0) {
                        continue;
                    }
                    self.visit(dir, whole, entry, &mut listing);
                }
                listing
            })
            .collect();
        let listings: Vec<Found> = std::iter::once(top).chain(under).collect();
        let mut md_files = Vec::with_capacity(listings.iter().map(|l| l.md_files.len()).sum());
        let mut files = Vec::with_capacity(listings.len());
        for listing in listings {
            md_files.extend(listing.md_files);
            files.push(listing.files);
            curriculum.assets.extend(listing.assets);
            diagnostics.extend(listing.diagnostics);
        }
        // the Markdown files put in path order (so the documents come out
        // sorted: paths are cheap to move, parsed documents are not) on one
        // core while the set of every file is filled on the other
        let set = &mut curriculum.files;
        rayon::join(
            || md_files.sort_unstable_by(|a, b| a.rel.cmp(&b.rel)),
            || {
                // room for every file at once: growing the set as it
                // filled made it hash every path again at each doubling
                set.reserve(files.iter().map(Vec::len).sum());
                set.extend(files.into_iter().flatten());
            },
        );
        curriculum.assets.sort_unstable();
        md_files
    }

    /// One entry of the walk of `dir` into `listing`. A folder at the top
    /// (not a link) is returned for the caller to walk; a walk under the
    /// top goes down by itself and ignores what is returned.
    fn visit(
        &self,
        dir: &Path,
        curriculum: &Curriculum,
        entry: walkdir::Result<walkdir::DirEntry>,
        listing: &mut Found,
    ) -> Option<PathBuf> {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| rel_path(&self.root, p))
                    .unwrap_or_else(|| curriculum.prefix.clone());
                listing.diagnostics.push(at_file_start(
                    "unreadable",
                    &path,
                    format!("cannot read this folder: {}", io_reason(&e.to_string())),
                    Some("check its permissions".into()),
                ));
                return None;
            }
        };
        // a folder at the top is walked whatever its name (a hidden one
        // for problems reading it alone); a link to one is not followed
        let folder =
            (entry.depth() == 1 && entry.file_type().is_dir()).then(|| entry.path().to_path_buf());
        let rel = rel_path(dir, entry.path());
        if entry.depth() == 0 || rel.split('/').any(|p| p.starts_with('.')) {
            return folder;
        }
        if entry.path_is_symlink() {
            listing.diagnostics.push(crate::diag::symlink_not_followed(
                &curriculum.repo_path(&rel),
                "replace the link with the file itself",
            ));
            return folder;
        }
        // a name that is not UTF-8 cannot be linked to or reported as it is
        if entry.file_name().to_str().is_none() {
            listing.diagnostics.push(at_file_start(
                "unreadable",
                &curriculum.repo_path(&rel),
                "file name is not UTF-8 text, so no link can name it",
                Some("rename it with letters, digits and hyphens".into()),
            ));
            return folder;
        }
        if !entry.file_type().is_file() {
            return folder;
        }
        let listed = crate::curriculum::path::listed(&rel);
        listing.files.push(rel.clone());
        match listed {
            Listed::Asset => listing.assets.push(rel),
            Listed::Other => {}
            Listed::Markdown => {
                // the path on disk is kept only when the folder and `rel`
                // do not make it again (a name read lossily); else it is
                // made on the core that reads the file, and the walk keeps
                // one allocation a file fewer
                let path = (!joins_to(dir, &rel, entry.path())).then(|| entry.into_path());
                listing.md_files.push(MdFile { rel, path });
            }
        }
        None
    }
}

/// What a walk of part of the curriculum found: Markdown files to read,
/// every file, the assets, and problems with names and folders.
#[derive(Default)]
struct Found {
    md_files: Vec<MdFile>,
    files: Vec<String>,
    assets: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

/// A Markdown file a walk found: its path relative to the curriculum
/// root, and its path on disk when that is not the root's joined to `rel`.
struct MdFile {
    rel: String,
    path: Option<PathBuf>,
}

/// Whether `path` is `dir` joined to `rel`, the way a walk of `dir` that
/// named it `rel` found it.
fn joins_to(dir: &Path, rel: &str, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let (d, p) = (dir.as_os_str().as_bytes(), path.as_os_str().as_bytes());
        p.strip_prefix(d)
            .and_then(|r| r.strip_prefix(b"/"))
            .is_some_and(|r| r == rel.as_bytes())
    }
    #[cfg(not(unix))]
    {
        dir.join(rel) == path
    }
}

/// Reads one Markdown file, parses it and runs the single-file rules. The
/// paths (curriculum-relative and repository-relative) become the
/// document's.
fn read_and_check(
    rel: String,
    repo_rel: String,
    path: &Path,
    keep: Keep,
) -> (Option<document::Document>, Vec<Diagnostic>) {
    // read into a buffer the text is borrowed from: no second look at the
    // bytes to own them as a `String`
    let mut buf = Vec::new();
    let text = match read_checked_into(path, &mut buf) {
        Ok(t) => t,
        Err(why) => {
            return (
                None,
                vec![at_file_start(
                    "unreadable",
                    &repo_rel,
                    why,
                    Some(
                        "save the file as UTF-8 text (most editors: \"Save with encoding\")".into(),
                    ),
                )],
            );
        }
    };
    let mut d = FileDiagnostics::new(&repo_rel, text);
    // `validate` reads no learning intentions: no rule looks at them
    let reading = match keep {
        Keep::Content => document::Reading::Content,
        Keep::Places => document::Reading::Checks,
    };
    // the path problems name the file by is the document's once they are
    // all found
    let mut doc = document::parse_named(rel, String::new(), text, &mut d, reading);
    // only `validate` reports what the single-file rules find
    if keep == Keep::Places {
        crate::rules::file::check(&doc, text, &mut d);
    }
    // what only the single-file rules needed; a session keeps the
    // paragraphs and list items that ask something (agendas list questions)
    if doc.kind == crate::curriculum::path::FileKind::Session {
        doc.paragraphs.retain(|(p, _)| p.contains('?'));
        doc.paragraphs.shrink_to_fit();
        doc.items.retain(|(i, _)| i.contains('?'));
        doc.items.shrink_to_fit();
    } else {
        doc.paragraphs = Vec::new();
        doc.items = Vec::new();
    }
    doc.html = Vec::new();
    doc.text_with_lt = Vec::new();
    if keep == Keep::Places {
        doc.keep_places_only();
    }
    let found = d.found;
    doc.path = repo_rel;
    (Some(doc), found)
}

/// What the curriculum is loaded for, and so what each document keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Everything agendas and `inspect` use; no rules run.
    Content,
    /// `validate`: the single-file rules run, then each document keeps
    /// what the checks across files read.
    Places,
}

/// What a path is, looked at without following a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
    /// A symbolic link: never followed (it may lead out of the repository).
    Link,
    /// A pipe, a socket or a device.
    Other,
}

/// What `path` is, without following a link; `None` if nothing is there.
pub fn kind_of(path: &Path) -> Option<Kind> {
    Some(Kind::of(std::fs::symlink_metadata(path).ok()?.file_type()))
}

impl Kind {
    fn of(t: std::fs::FileType) -> Kind {
        if t.is_symlink() {
            Kind::Link
        } else if t.is_dir() {
            Kind::Folder
        } else if t.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }
}

/// One entry of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name (lossy where it is not UTF-8).
    pub name: String,
    pub path: PathBuf,
    pub kind: Kind,
}

/// A folder's entries, or why there are none.
#[derive(Debug)]
pub enum Listing {
    /// Nothing at the path.
    Missing,
    /// The path is a symbolic link: not followed.
    Link,
    /// The path is a file, a pipe or a device.
    NotFolder,
    /// The folder is there but cannot be read (the reason).
    Unreadable(String),
    /// The entries, sorted by name.
    Entries(Vec<Entry>),
}

impl Listing {
    /// The entries; none for a folder that is missing, a link, not a folder
    /// or unreadable.
    pub fn entries(self) -> Vec<Entry> {
        match self {
            Listing::Entries(e) => e,
            _ => Vec::new(),
        }
    }
}

/// The entries directly in `dir`, sorted by name. The one folder walk of
/// `ect`: neither `dir` nor anything in it is followed when it is a
/// symbolic link (an entry that is a link is listed as [`Kind::Link`]).
pub fn list(dir: &Path) -> Listing {
    match kind_of(dir) {
        None => return Listing::Missing,
        Some(Kind::Link) => return Listing::Link,
        Some(Kind::Folder) => {}
        Some(_) => return Listing::NotFolder,
    }
    let read = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) => return Listing::Unreadable(io_reason(&e.to_string())),
    };
    let mut entries: Vec<Entry> = read
        .filter_map(Result::ok)
        .filter_map(|e| {
            Some(Entry {
                kind: Kind::of(e.file_type().ok()?),
                name: e.file_name().to_string_lossy().into_owned(),
                path: e.path(),
            })
        })
        .collect();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Listing::Entries(entries)
}

/// The plain files directly in `dir` whose name `read` understands, with
/// what it made of the name, in name order (see [`list`]: no link is
/// followed).
pub fn files_named<T>(dir: &Path, read: impl Fn(&str) -> Option<T>) -> Vec<(T, PathBuf)> {
    list(dir)
        .entries()
        .into_iter()
        .filter(|e| e.kind == Kind::File)
        .filter_map(|e| Some((read(&e.name)?, e.path)))
        .collect()
}

/// The files `YYYY-MM-DD.md` directly in `dir` (plain files only; a `dir`
/// that is a symbolic link is not followed), sorted by date.
pub fn dated_files(dir: &Path) -> Vec<(NaiveDate, PathBuf)> {
    let mut found = files_named(dir, |name| {
        NaiveDate::parse_from_str(name.strip_suffix(".md")?, "%Y-%m-%d").ok()
    });
    found.sort();
    found
}

/// The folders directly in `dir` (see [`list`]), in name order.
pub fn folders(dir: &Path) -> Vec<Entry> {
    list(dir)
        .entries()
        .into_iter()
        .filter(|e| e.kind == Kind::Folder)
        .collect()
}

/// Reads a text file, refusing ones too large, binary or not UTF-8, and
/// never through a symbolic link or into a pipe (see [`read_checked_into`]).
pub fn read_checked(path: &Path) -> Result<String, String> {
    let mut buf = Vec::new();
    read_bytes(open_no_follow(None, path), &mut buf)?;
    // the buffer becomes the text after one look at its UTF-8 (checking
    // it as `&str` first, then again to own it, was 1% of `validate`);
    // the problems are found and worded as `read_checked_into` does
    match String::from_utf8(buf) {
        Ok(text) => match binary(text.as_bytes()) {
            Some(why) => Err(why),
            None => Ok(text),
        },
        Err(e) => Err(text_of(e.as_bytes()).expect_err("not UTF-8").to_string()),
    }
}

/// Reads a text file with the path in the error.
pub fn read_text(path: &Path) -> Result<String> {
    read_checked(path).map_err(|why| {
        // the encoding hint helps only with what is in the file
        let hint = if why.contains("UTF-8") || why.contains("binary") {
            "; save it as UTF-8 text (in most editors: \"Save with encoding\")"
        } else {
            ""
        };
        anyhow::anyhow!("`{}`: {why}{hint}", path.display())
    })
}

fn io_reason(s: &str) -> String {
    s.split(" (os error").next().unwrap_or(s).to_lowercase()
}

/// The nearest folder at or above `start` that holds `ect.yaml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("ect.yaml").is_file())
        .map(Path::to_path_buf)
}

/// `path` relative to `base`, `/`-separated.
pub fn rel_path(base: &Path, path: &Path) -> String {
    // a walk's path is its folder's text, `/`, then plain names: the rest
    // is the answer, without taking both paths apart
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if let Some(rest) = path
            .as_os_str()
            .as_bytes()
            .strip_prefix(base.as_os_str().as_bytes())
            .and_then(|r| r.strip_prefix(b"/"))
            && let Ok(text) = std::str::from_utf8(rest)
            && text
                .split('/')
                .all(|c| !c.is_empty() && c != "." && c != "..")
        {
            return text.to_string();
        }
    }
    let Ok(rel) = path.strip_prefix(base) else {
        // not under `base`: shown as it is (it was `//work/...`)
        return path.display().to_string();
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A configured folder as paths in messages show it: `./plans/` → `plans`.
fn normalise_rel(s: &str) -> &str {
    s.trim_start_matches("./").trim_end_matches('/')
}

/// Whether a configured relative path stays inside the repository.
pub fn is_inside_path(s: &str) -> bool {
    let p = Path::new(s);
    !s.is_empty()
        && !p.is_absolute()
        && !s.starts_with('/')
        && !s.starts_with('\\')
        && p.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
}

/// [`read_checked`] into `buf`, for the many files a run reads one after
/// another (every agenda of every pair), reused from file to file. One path
/// lookup: the open, which follows no symbolic link and waits on no pipe;
/// what it opened is then looked at through the handle.
pub fn read_checked_into<'b>(path: &Path, buf: &'b mut Vec<u8>) -> Result<&'b str, String> {
    read_opened(open_no_follow(None, path), buf)
}

/// A folder whose files are read one after another by name: opened once
/// (not through a symbolic link), so that each read looks up one name, not
/// the whole path again. Where it cannot be opened, or off Unix, the files
/// are read by their paths.
pub struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    fd: Option<std::os::fd::OwnedFd>,
}

impl Folder {
    pub fn open(dir: &Path) -> Folder {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            Folder {
                path: dir.to_path_buf(),
                fd: rustix::fs::open(dir, flags, Mode::empty()).ok(),
            }
        }
        #[cfg(not(unix))]
        Folder {
            path: dir.to_path_buf(),
        }
    }

    /// [`read_checked_into`] of the file `name` in this folder.
    pub fn read_checked_into<'b>(
        &self,
        name: &std::ffi::OsStr,
        buf: &'b mut Vec<u8>,
    ) -> Result<&'b str, String> {
        #[cfg(unix)]
        let at = self.fd.as_ref();
        #[cfg(not(unix))]
        let at = None;
        let opened = match at {
            Some(fd) => open_no_follow(Some(fd), Path::new(name)),
            None => open_no_follow(None, &self.path.join(name)),
        };
        read_opened(opened, buf)
    }
}

/// The checks of [`read_checked`] on a file just opened (or the reason it
/// could not be), its text read into `buf`.
fn read_opened(file: Result<std::fs::File, String>, buf: &mut Vec<u8>) -> Result<&str, String> {
    read_bytes(file, buf)?;
    text_of(buf)
}

/// Reads an opened plain file whole into `buf`, refusing a folder, a pipe
/// or device, and a file over the size `ect` reads.
fn read_bytes(file: Result<std::fs::File, String>, buf: &mut Vec<u8>) -> Result<(), String> {
    use std::io::Read;
    let file = file?;
    let meta = file.metadata().map_err(|e| io_reason(&e.to_string()))?;
    if meta.is_dir() {
        return Err("this is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Err("this is not a plain file (a pipe or a device)".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "file is {} MB, more than the {} MB `ect` reads",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    buf.clear();
    buf.reserve(usize::try_from(meta.len()).unwrap_or(0));
    // a file that grew since the look is read no further than the cap
    (&file)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(buf)
        .map_err(|e| format!("cannot read file: {}", io_reason(&e.to_string())))?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "file is more than the {} MB `ect` reads",
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}

/// What is wrong with a file's bytes as text: a NUL byte (binary), said
/// first, with its line and offset.
fn binary(buf: &[u8]) -> Option<String> {
    let nul = memchr::memchr(0, buf)?;
    // one NUL pasted into a text file makes it binary too: say where
    let line = memchr::memchr_iter(b'\n', &buf[..nul]).count() + 1;
    Some(format!(
        "file is binary, not text (a NUL byte on line {line}, at offset {nul})"
    ))
}

/// A file's bytes as text, or what is wrong with them: binary first, then
/// not UTF-8 (with the offset of the first bad byte).
fn text_of(buf: &[u8]) -> Result<&str, String> {
    if let Some(why) = binary(buf) {
        return Err(why);
    }
    // `simdutf8` checks text in wide vector steps (std's check was a
    // fiftieth of `validate`); std's says where the first bad byte is
    simdutf8::basic::from_utf8(buf).or_else(|_| {
        std::str::from_utf8(buf).map_err(|e| {
            format!(
                "file is not UTF-8 text (bad byte at offset {})",
                e.valid_up_to()
            )
        })
    })
}

/// Opens `path` (in the folder `at`, when given) for reading, refusing a
/// symbolic link (`O_NOFOLLOW`) and not waiting on a named pipe
/// (`O_NONBLOCK`); errors as `read_checked` words them.
#[cfg(unix)]
fn open_no_follow(at: Option<&std::os::fd::OwnedFd>, path: &Path) -> Result<std::fs::File, String> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let opened = match at {
        Some(dir) => rustix::fs::openat(dir, path, flags, Mode::empty()),
        None => rustix::fs::open(path, flags, Mode::empty()),
    };
    opened.map(std::fs::File::from).map_err(|errno| {
        let e = std::io::Error::from(errno);
        if errno == rustix::io::Errno::LOOP {
            "symbolic link is not followed".into()
        } else if e.kind() == std::io::ErrorKind::NotFound {
            io_reason(&e.to_string())
        } else {
            format!("cannot read file: {}", io_reason(&e.to_string()))
        }
    })
}

/// Without those flags: a look at the path first, then the open.
#[cfg(not(unix))]
fn open_no_follow(_at: Option<&()>, path: &Path) -> Result<std::fs::File, String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| io_reason(&e.to_string()))?;
    if meta.file_type().is_symlink() {
        return Err("symbolic link is not followed".into());
    }
    std::fs::File::open(path)
        .map_err(|e| format!("cannot read file: {}", io_reason(&e.to_string())))
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// A path under the base reads as its components joined by `/`,
        /// whether it is plain (the text itself) or not (`.`, doubled or
        /// trailing `/`, `..`).
        #[test]
        fn relative_paths_are_their_components_joined(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "b c", "é", ".", "..", "", ".hidden", "x.md"]),
                0..6,
            ),
        ) {
            let base = std::path::Path::new("/r/base");
            let path = std::path::PathBuf::from(format!("/r/base/{}", parts.join("/")));
            let want = path
                .strip_prefix(base)
                .expect("under the base")
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            proptest::prop_assert_eq!(super::rel_path(base, &path), want);
        }
    }

    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_walk_never_follows_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("b-folder")).unwrap();
        std::fs::write(d.join("c-file.md"), "x").unwrap();
        std::fs::write(d.join("a-file.md"), "x").unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path(), d.join("d-link")).unwrap();
        let listed: Vec<(String, Kind)> = list(d)
            .entries()
            .into_iter()
            .map(|e| (e.name, e.kind))
            .collect();
        assert_eq!(
            listed,
            [
                ("a-file.md".to_string(), Kind::File),
                ("b-folder".to_string(), Kind::Folder),
                ("c-file.md".to_string(), Kind::File),
                ("d-link".to_string(), Kind::Link),
            ]
        );
        // a folder reached through a link lists nothing
        assert!(matches!(list(&d.join("d-link")), Listing::Link));
        assert!(files_named(&d.join("d-link"), |n| Some(n.to_string())).is_empty());
        assert!(matches!(list(&d.join("c-file.md")), Listing::NotFolder));
        assert!(matches!(list(&d.join("none")), Listing::Missing));
        assert_eq!(
            folders(d).into_iter().map(|e| e.name).collect::<Vec<_>>(),
            ["b-folder"]
        );
        assert_eq!(
            files_named(d, |n| n.strip_suffix(".md").map(str::to_string))
                .into_iter()
                .map(|(n, _)| n)
                .collect::<Vec<_>>(),
            ["a-file", "c-file"]
        );
    }

    /// The reader of many files says what `read_checked` says of each kind
    /// of file, follows no link and does not wait on a pipe.
    #[cfg(unix)]
    #[test]
    fn reading_into_a_buffer_checks_as_read_checked_does() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("text.md"), "# Agenda\n\n- [ ] one\n").unwrap();
        std::fs::write(d.join("nul.md"), "a\nb\0c").unwrap();
        std::fs::write(d.join("latin1.md"), b"caf\xe9\n").unwrap();
        // both wrong: binary is said first, whichever comes first
        std::fs::write(d.join("both.md"), b"caf\xe9\nx\0y").unwrap();
        std::fs::create_dir(d.join("folder.md")).unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "secret\n").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), d.join("link.md")).unwrap();
        let fifo = d.join("pipe.md");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let mut buf = b"left over from the last file".to_vec();
        let folder = Folder::open(d);
        assert!(folder.fd.is_some());
        let refused = |why: &str| Err(why.to_string());
        for (name, want) in [
            ("text.md", Ok("# Agenda\n\n- [ ] one\n".to_string())),
            (
                "nul.md",
                refused("file is binary, not text (a NUL byte on line 2, at offset 3)"),
            ),
            (
                "latin1.md",
                refused("file is not UTF-8 text (bad byte at offset 3)"),
            ),
            (
                "both.md",
                refused("file is binary, not text (a NUL byte on line 2, at offset 6)"),
            ),
            ("folder.md", refused("this is a folder, not a file")),
            ("link.md", refused("symbolic link is not followed")),
            (
                "pipe.md",
                refused("this is not a plain file (a pipe or a device)"),
            ),
            ("missing.md", refused("no such file or directory")),
        ] {
            let path = d.join(name);
            assert_eq!(read_checked(&path), want, "{name}");
            let many = read_checked_into(&path, &mut buf).map(str::to_string);
            assert_eq!(many, want, "{name} into a buffer");
            let by_name = folder
                .read_checked_into(std::ffi::OsStr::new(name), &mut buf)
                .map(str::to_string);
            assert_eq!(by_name, want, "{name} by name");
        }
        assert_eq!(
            read_checked_into(&d.join("link.md"), &mut buf),
            Err("symbolic link is not followed".to_string())
        );
        assert_eq!(
            read_checked_into(&d.join("text.md"), &mut buf),
            Ok("# Agenda\n\n- [ ] one\n")
        );
        // a folder reached through a link is not opened: its files are
        // read by path, each refused or read as `read_checked` would
        std::os::unix::fs::symlink(d, outside.path().join("link-folder")).unwrap();
        let linked = Folder::open(&outside.path().join("link-folder"));
        assert!(linked.fd.is_none());
        assert_eq!(
            linked
                .read_checked_into(std::ffi::OsStr::new("text.md"), &mut buf)
                .map(str::to_string),
            read_checked(&outside.path().join("link-folder/text.md"))
        );
    }

    #[test]
    fn inside_paths() {
        assert!(is_inside_path("curriculum"));
        assert!(is_inside_path("./content/cip"));
        assert!(!is_inside_path("../x"));
        assert!(!is_inside_path("/etc"));
        assert!(!is_inside_path("a/../../b"));
        assert!(!is_inside_path(""));
    }
}

/// The check of a file's bytes, held to std's.
#[cfg(test)]
mod text_tests {
    use proptest::strategy::Strategy as _;

    /// [`super::text_of`] with std's check alone: the reference.
    fn text_of_by_std(buf: &[u8]) -> Result<&str, String> {
        if let Some(why) = super::binary(buf) {
            return Err(why);
        }
        std::str::from_utf8(buf).map_err(|e| {
            format!(
                "file is not UTF-8 text (bad byte at offset {})",
                e.valid_up_to()
            )
        })
    }

    /// Bytes from text of one to four bytes a character, long ASCII runs
    /// (the vector steps' widths), and bytes no text has: lone
    /// continuation bytes, cut sequences, overlong forms, surrogates, NUL.
    fn bytes() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(vec![
                    b"plain words ".to_vec(),
                    "é".as_bytes().to_vec(),
                    "’".as_bytes().to_vec(),
                    "𝔸".as_bytes().to_vec(),
                    b"a".repeat(31),
                    b"b".repeat(64),
                    vec![0x80],
                    vec![0xC3],
                    vec![0xE2, 0x80],
                    vec![0xC0, 0xAF],
                    vec![0xED, 0xA0, 0x80],
                    vec![0xF4, 0x90, 0x80, 0x80],
                    vec![0xFF],
                    vec![0],
                    b"\n".to_vec(),
                ]),
                proptest::collection::vec(proptest::num::u8::ANY, 1..4),
            ],
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        #[test]
        fn bytes_are_judged_as_std_judges_them(buf in bytes()) {
            proptest::prop_assert_eq!(super::text_of(&buf), text_of_by_std(&buf), "{:?}", buf);
        }
    }

    /// The bytes are text, not text and binary many times each.
    #[test]
    fn generated_bytes_reach_every_verdict() {
        use proptest::strategy::ValueTree as _;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut text, mut bad, mut binary) = (0, 0, 0);
        for _ in 0..5000 {
            let buf = bytes().new_tree(&mut runner).expect("bytes").current();
            match text_of_by_std(&buf) {
                Ok(_) => text += 1,
                Err(why) if why.contains("UTF-8") => bad += 1,
                Err(_) => binary += 1,
            }
        }
        assert!(
            text >= 200 && bad >= 200 && binary >= 200,
            "{text} {bad} {binary}"
        );
    }
}

#[cfg(test)]
mod keep_tests {
    use super::*;

    /// What `validate` drops of each document is nothing the checks across
    /// files read: on every fixture curriculum they find the same problems,
    /// at the same places, with the documents whole or trimmed.
    #[test]
    fn trimmed_documents_give_the_same_cross_file_problems() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut seen = 0;
        for case in ["defects", "shapes", "school", "clean", "bad"] {
            let root = fixtures.join(case).join("repo");
            if !root.join("curriculum").is_dir() {
                continue;
            }
            let repo = Repo::open(&root, Some(&root)).expect("fixture opens");
            let (whole, _) = repo.load(Keep::Content).expect("loads");
            let (trimmed, read) = repo.load_curriculum_for_checks().expect("loads");
            let mut a = crate::rules::cross::check(&whole);
            // the trimmed documents' links were resolved as they were read:
            // the links that lead nowhere came with the reading, last
            let broken = read.iter().rev().take_while(|d| {
                d.rule == "broken-link" && d.message.ends_with("resolves to no file")
            });
            let mut b: Vec<Diagnostic> = broken.cloned().collect();
            b.reverse();
            b.extend(crate::rules::cross::check(&trimmed));
            assert!(
                trimmed.docs.iter().all(|d| {
                    d.link_files.len() == d.links.len()
                        && d.file.is_some()
                        && d.file.map(|f| f as usize) == trimmed.files.get_index_of(d.rel.as_str())
                }) && whole
                    .docs
                    .iter()
                    .all(|d| d.link_files.is_empty() && d.file.is_none()),
                "{case}: only `validate` resolves links as it reads"
            );
            assert!(
                !a.is_empty() || case != "defects",
                "the defects have cross-file problems"
            );
            // placed and given their lines as `validate` does: the trimmed
            // documents kept only where their links and headings are
            for found in [&mut a, &mut b] {
                crate::diag::fill_sources(found, |path| read_checked(&root.join(path)).ok());
            }
            assert!(b.iter().all(|d| d.location.line > 0), "{case}");
            assert_eq!(a, b, "{case}");
            seen += 1;
        }
        assert!(seen >= 3, "fixture curricula found: {seen}");
    }
}

#[cfg(test)]
mod walk_tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt as _;

    /// The curriculum walked in one pass on one thread, as `list_curriculum`
    /// did before it walked the top level's folders on any core: the
    /// reference it is held to.
    fn one_walk(repo: &Repo, dir: &Path) -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>) {
        let prefix = repo.curriculum_rel().to_string();
        let c = Curriculum {
            prefix: prefix.clone(),
            ..Curriculum::default()
        };
        let (mut md, mut files, mut assets, mut problems) = (vec![], vec![], vec![], vec![]);
        for entry in walkdir::WalkDir::new(dir).follow_links(false) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| rel_path(&repo.root, p))
                        .unwrap_or(prefix.clone());
                    problems.push(format!("unreadable {path}"));
                    continue;
                }
            };
            let rel = rel_path(dir, entry.path());
            if entry.depth() == 0 || rel.split('/').any(|p| p.starts_with('.')) {
                continue;
            }
            if entry.path_is_symlink() {
                problems.push(format!("symlink {}", c.repo_path(&rel)));
                continue;
            }
            if entry.file_name().to_str().is_none() {
                problems.push(format!("unreadable {}", c.repo_path(&rel)));
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            files.push(rel.clone());
            match crate::curriculum::path::listed(&rel) {
                Listed::Asset => assets.push(rel),
                Listed::Other => {}
                Listed::Markdown => md.push(rel),
            }
        }
        for v in [&mut md, &mut files, &mut assets, &mut problems] {
            v.sort();
        }
        (md, files, assets, problems)
    }

    /// Files at the top and deep down, hidden folders at the top and
    /// deeper, links to files and folders at both depths, a name that is
    /// not UTF-8 at both depths, an empty folder and assets: the walk by
    /// folders finds what one walk finds.
    #[test]
    fn walking_the_top_folders_apart_finds_what_one_walk_finds() {
        let tmp = tempfile::tempdir().expect("temporary folder");
        let root = tmp.path();
        std::fs::write(root.join("ect.yaml"), "").expect("config");
        let cur = root.join("curriculum");
        let folders = [
            "p/year-1-m",
            "p/year-2-n/deep/deeper",
            ".hidden/inner",
            "p/.drafts",
            "assets/img",
            "empty",
            "school",
        ];
        for f in folders {
            std::fs::create_dir_all(cur.join(f)).expect("folder");
        }
        for f in [
            "p.md",
            "index.md",
            "notes.txt",
            "p/year-1-m.md",
            "p/year-1-m/autumn-week-1-mentor-materials.md",
            "p/year-2-n/deep/deeper/x.md",
            ".hidden/inner/y.md",
            ".top.md",
            "p/.drafts/z.md",
            "assets/img/a.png",
            "assets/sheet.pdf",
            "school/autumn-week-2-mentor-materials.md",
        ] {
            std::fs::write(cur.join(f), "# x\n").expect("file");
        }
        std::os::unix::fs::symlink("p", cur.join("linked-folder")).expect("link");
        std::os::unix::fs::symlink("../p.md", cur.join("p/linked.md")).expect("link");
        let odd = std::ffi::OsStr::from_bytes(b"caf\xe9");
        std::fs::create_dir_all(cur.join(odd)).expect("odd folder");
        std::fs::write(cur.join(odd).join("w.md"), "# w\n").expect("file");
        std::fs::write(cur.join("p").join(odd), "x").expect("odd file");
        let repo = Repo::open(root, Some(root)).expect("opens");
        let mut c = Curriculum {
            prefix: repo.curriculum_rel().to_string(),
            ..Curriculum::default()
        };
        let mut found = Vec::new();
        let listed = repo.list_curriculum(&cur, &mut c, &mut found);
        assert!(listed.is_sorted_by(|a, b| a.rel < b.rel), "in path order");
        // each file's path on disk is the folder's joined to its name, but
        // for the file under the folder whose name is not UTF-8 (read
        // lossily), which keeps the path the walk found
        for f in &listed {
            let on_disk = f.path.clone().unwrap_or_else(|| cur.join(&f.rel));
            assert!(on_disk.is_file(), "{} at {}", f.rel, on_disk.display());
            assert_eq!(f.path.is_some(), f.rel.ends_with("/w.md"), "{}", f.rel);
        }
        let mut md: Vec<String> = listed.into_iter().map(|f| f.rel).collect();
        md.sort();
        let mut files: Vec<String> = c.files.iter().cloned().collect();
        files.sort();
        let mut problems: Vec<String> = found
            .iter()
            .map(|d| {
                let kind = if d.message.starts_with("symbolic link") {
                    "symlink"
                } else {
                    d.rule
                };
                format!("{kind} {}", d.path)
            })
            .collect();
        problems.sort();
        let want = one_walk(&repo, &cur);
        assert_eq!((md, files, c.assets.clone(), problems), want);
        // and the walk reached every depth, the odd folder's file included
        assert!(want.0.iter().any(|f| f.ends_with("deeper/x.md")));
        assert!(want.0.iter().any(|f| f.ends_with("/w.md")));
        assert_eq!(want.2, ["assets/img/a.png", "assets/sheet.pdf"]);
        assert_eq!(want.3.len(), 4, "{:?}", want.3);
    }
}
