//! The only code that writes files. Every write is atomic (a temporary file
//! in the same folder, flushed to disk, then renamed over the target), stays
//! inside the repository (or a folder or file the person named on the command
//! line), and never replaces a file a person has edited.
//!
//! Generated files carry a `checksum:` line in their front matter: the hash
//! of the file as `ect` wrote it. A file whose text no longer matches its
//! checksum was edited by a person and is kept as it is.

use crate::checksum::{is_untouched, page_is_untouched, stamp, stamp_page};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// What happened to one generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file did not exist and was written.
    Created,
    /// The file was generated earlier, not edited since, and its inputs changed.
    Updated,
    /// The file is exactly what would be written.
    Unchanged,
    /// A person edited the file (or wrote it): it was left alone.
    Kept,
    /// A person edited the file and its inputs changed: the changes to the
    /// generated parts were merged in, keeping every edit.
    Merged,
    /// As `Merged`, but the person changed lines the new text changes too:
    /// those lines keep the person's text, and the clash is recorded for
    /// `ect validate`.
    Conflict,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Kept => "kept",
            Outcome::Merged => "merged",
            Outcome::Conflict => "conflict",
        }
    }
}

/// Where `ect` keeps what it last wrote to a generated file a person may
/// edit, the base of the next three-way merge:
/// `plans/<pair>/agendas/D.md` → `plans/<pair>/.ect/base/D.md`.
pub fn base_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default();
    let folder = path
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new(""));
    folder.join(".ect").join("base").join(name)
}

/// Where the lines of an unresolved merge are recorded for `ect validate`:
/// beside the base, `D.conflicts.json`.
pub fn conflicts_path(path: &Path) -> PathBuf {
    let mut p = base_path(path);
    let stem = p
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    p.set_file_name(format!("{stem}.conflicts.json"));
    p
}

/// One place where a person's text and the new generated text both changed
/// the same lines: the person's text was kept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Conflict {
    /// 1-based line in the file as written where the person's lines start.
    pub line: usize,
    /// The person's lines, kept.
    pub yours: Vec<String>,
    /// The generated lines that were not applied.
    pub generated: Vec<String>,
}

/// Writes a generated agenda (`text`, not yet stamped) to `path`: creates
/// it, refreshes it when untouched, and when a person edited it and its
/// inputs changed, merges the change into the person's file (three-way,
/// against the base kept by the last write). Where both changed the same
/// lines the person's text is kept and the lines are returned. Writes
/// nothing when `write` is false. A file edited before `ect` kept bases is
/// left alone (`Kept`).
pub fn write_agenda(
    root: &Path,
    path: &Path,
    text: &str,
    write: bool,
) -> Result<(Outcome, Vec<Conflict>)> {
    write_agenda_as(root, path, path, text, write)
}

/// As [`write_agenda`], into `path`, a file a person renamed from `named`
/// (the name `ect` gave it, which names its base).
pub fn write_agenda_as(
    root: &Path,
    path: &Path,
    named: &Path,
    text: &str,
    write: bool,
) -> Result<(Outcome, Vec<Conflict>)> {
    let w = AgendaWrite {
        root,
        path,
        stamped: stamp(text),
        base_rel: base_path(named),
        conflicts_rel: conflicts_path(named),
        write,
    };
    let target = inside(root, path)?;
    let Some(existing) = read_existing(&target)? else {
        if write && !atomic_write(&target, &w.stamped, Guard::New)? {
            // a file appeared since the look: it is not replaced
            return Ok((Outcome::Kept, Vec::new()));
        }
        w.save_base(&[])?;
        return Ok((Outcome::Created, Vec::new()));
    };
    let Existing::Text(existing) = existing else {
        return Ok((Outcome::Kept, Vec::new()));
    };
    if existing == w.stamped {
        // checked for links on the way only when written to
        if write && std::fs::symlink_metadata(root.join(&w.base_rel)).is_err() {
            w.save_base(&[])?;
        }
        return Ok((Outcome::Unchanged, Vec::new()));
    }
    if is_untouched(&existing) {
        if write && !atomic_write(&target, &w.stamped, Guard::Holds(existing.as_bytes()))? {
            // a person saved the file since it was read: theirs stays
            return Ok((Outcome::Kept, Vec::new()));
        }
        w.save_base(&[])?;
        return Ok((Outcome::Updated, Vec::new()));
    }
    w.merge_edited(&existing)
}

/// An agenda file already there: its text, or bytes that are not text
/// (left alone).
enum Existing {
    Text(String),
    NotText,
}

/// What is at `target`: nothing (`None`), text, or bytes that are not
/// text; an error when it is not a plain file or cannot be read.
fn read_existing(target: &Path) -> Result<Option<Existing>> {
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() || !meta.is_file() => {
            bail!(
                "`{}` is not a plain file; move it away to let `ect` write there",
                target.display()
            );
        }
        Ok(_) => {
            let bytes = std::fs::read(target)
                .with_context(|| format!("cannot read `{}`", target.display()))?;
            Ok(Some(match String::from_utf8(bytes) {
                Ok(t) => Existing::Text(t),
                Err(_) => Existing::NotText,
            }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read `{}`", target.display())),
    }
}

/// One agenda being written: where, the stamped text, the paths of its
/// base and conflicts record, and whether to write at all (else a preview).
struct AgendaWrite<'a> {
    root: &'a Path,
    path: &'a Path,
    stamped: String,
    base_rel: PathBuf,
    conflicts_rel: PathBuf,
    write: bool,
}

impl AgendaWrite<'_> {
    /// Keeps the stamped text as the next merge's base, and records the
    /// `conflicts` (removing an old record when there are none).
    fn save_base(&self, conflicts: &[Conflict]) -> Result<()> {
        if !self.write {
            return Ok(());
        }
        let root = self.root;
        // a copy `ect` can lose (a lost or cut base costs a merge, never a
        // word a person typed): written in place, not flushed
        write_quick(&inside(root, &self.base_rel)?, &self.stamped)?;
        let record = root.join(&self.conflicts_rel);
        if conflicts.is_empty() {
            if std::fs::symlink_metadata(&record).is_ok() {
                let record = inside(root, &self.conflicts_rel)?;
                std::fs::remove_file(&record)
                    .with_context(|| format!("cannot remove `{}`", record.display()))?;
            }
        } else {
            let json = serde_json::to_string_pretty(conflicts)? + "\n";
            atomic_write(&inside(root, &self.conflicts_rel)?, &json, Guard::Any)?;
        }
        Ok(())
    }

    /// A file edited by a person: merged against what `ect` last wrote, if
    /// it kept it; the person's lines win every clash.
    fn merge_edited(&self, existing: &str) -> Result<(Outcome, Vec<Conflict>)> {
        // never read a base through a link: it could lead out of the repository
        let base_target = inside(self.root, &self.base_rel)?;
        if std::fs::symlink_metadata(&base_target).is_ok_and(|m| !m.is_file()) {
            return Ok((Outcome::Kept, Vec::new()));
        }
        let Ok(base) = std::fs::read_to_string(&base_target) else {
            return Ok((Outcome::Kept, Vec::new()));
        };
        if base == self.stamped {
            return Ok((Outcome::Kept, Vec::new()));
        }
        // the person's ticks and drops of carried actions, applied to both the
        // base and the new text: a tick never clashes with a new line below it
        let marked_base = crate::agenda::carry_marks(existing, &base);
        let marked_new = crate::agenda::carry_marks(existing, &self.stamped);
        let (merged, conflicts) = merge_keeping_theirs(&marked_base, existing, &marked_new);
        if merged == existing && conflicts.is_empty() {
            self.save_base(&[])?;
            return Ok((Outcome::Kept, Vec::new()));
        }
        if self.write
            && merged != existing
            && !replace_if_unchanged(self.root, self.path, existing, &merged)?
        {
            // saved again by a person while this run merged: the next run merges
            return Ok((Outcome::Kept, Vec::new()));
        }
        self.save_base(&conflicts)?;
        let outcome = if conflicts.is_empty() {
            Outcome::Merged
        } else {
            Outcome::Conflict
        };
        Ok((outcome, conflicts))
    }
}

/// Three-way merge of `person` and `generated` from `base`, as
/// `git merge-file` does (with `diffy`); where both changed the same lines
/// the person's lines are kept and the clash is returned. Line endings and
/// a byte order mark follow the person's file.
pub fn merge_keeping_theirs(base: &str, person: &str, generated: &str) -> (String, Vec<Conflict>) {
    let bom = person.starts_with('\u{feff}');
    let body = person.trim_start_matches('\u{feff}');
    let crlf = body.contains("\r\n");
    let unify = |t: &str| {
        let t = t.trim_start_matches('\u{feff}');
        if crlf {
            t.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            t.to_string()
        }
    };
    let (base, generated) = (unify(base), unify(generated));
    let mut options = diffy::MergeOptions::new();
    options
        .set_conflict_style(diffy::ConflictStyle::Merge)
        .set_conflict_marker_length(MARKER_LEN)
        .set_incomplete_hunk_style(diffy::IncompleteHunkStyle::Git);
    let merged = match options.merge(&base, body, &generated) {
        Ok(m) => return (if bom { format!("\u{feff}{m}") } else { m }, Vec::new()),
        Err(with_markers) => with_markers,
    };
    let open = "<".repeat(MARKER_LEN);
    let middle = "=".repeat(MARKER_LEN);
    let close = ">".repeat(MARKER_LEN);
    let mut out = String::with_capacity(merged.len());
    let mut conflicts = Vec::new();
    let mut lines_out = 0usize;
    // 0: outside, 1: person's lines, 2: generated lines
    let mut state = 0u8;
    let mut current: Option<Conflict> = None;
    for line in merged.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if state == 0 && bare.starts_with(&open) {
            state = 1;
            current = Some(Conflict {
                line: lines_out + 1,
                yours: Vec::new(),
                generated: Vec::new(),
            });
            continue;
        }
        if state == 1 && bare == middle {
            state = 2;
            continue;
        }
        if state == 2 && bare.starts_with(&close) {
            state = 0;
            conflicts.extend(current.take());
            continue;
        }
        match state {
            1 => {
                if let Some(c) = current.as_mut() {
                    c.yours.push(bare.to_string());
                }
                out.push_str(line);
                lines_out += 1;
            }
            2 => {
                if let Some(c) = current.as_mut() {
                    c.generated.push(bare.to_string());
                }
            }
            _ => {
                out.push_str(line);
                lines_out += 1;
            }
        }
    }
    // a person's last line without a line ending got one from the markers
    if !body.is_empty()
        && !body.ends_with('\n')
        && out.ends_with('\n')
        && out
            .trim_end_matches(['\n', '\r'])
            .ends_with(body.rsplit('\n').next().unwrap_or(""))
    {
        out.pop();
        if out.ends_with('\r') {
            out.pop();
        }
    }
    if bom {
        out.insert(0, '\u{feff}');
    }
    (out, conflicts)
}

/// Long enough that no line a person types starts like a marker.
const MARKER_LEN: usize = 41;

/// Removes a generated file `path` (and its merge base) if `ect` wrote it
/// and nobody changed it since: `true` when it is (or, with `write` false,
/// would be) removed, `false` when a person edited it and it stays.
pub fn remove_if_untouched(root: &Path, path: &Path, write: bool) -> Result<bool> {
    let target = inside(root, path)?;
    let Ok(text) = std::fs::read_to_string(&target) else {
        return Ok(false);
    };
    if !is_untouched(&text) {
        return Ok(false);
    }
    if write {
        std::fs::remove_file(&target)
            .with_context(|| format!("cannot remove `{}`", target.display()))?;
        for extra in [base_path(path), conflicts_path(path)] {
            if let Ok(p) = inside(root, &extra) {
                let _ = std::fs::remove_file(p);
            }
        }
    }
    Ok(true)
}

/// Writes a generated page (`text`, not yet stamped) to `path` under
/// `root`: creates it, or replaces it only if `ect` wrote it and nobody
/// changed it since. Any other file there is an error and is not changed.
pub fn write_page(root: &Path, path: &Path, text: &str) -> Result<Outcome> {
    let stamped = stamp_page(text);
    let target = inside(root, path)?;
    match std::fs::symlink_metadata(&target) {
        Ok(meta) if meta.file_type().is_symlink() || !meta.is_file() => bail!(
            "`{}` is not a plain file; nothing was written",
            target.display()
        ),
        Ok(_) => {
            let existing = std::fs::read(&target)
                .with_context(|| format!("cannot read `{}`", target.display()))?;
            if existing == stamped.as_bytes() {
                return Ok(Outcome::Unchanged);
            }
            let not_ours = || {
                anyhow::anyhow!(
                    "`{}` exists and was not written by `ect` (or was changed since); nothing was written: move it away or choose another folder",
                    target.display()
                )
            };
            if !std::str::from_utf8(&existing).is_ok_and(page_is_untouched)
                || !atomic_write(&target, &stamped, Guard::Holds(&existing))?
            {
                return Err(not_ours());
            }
            Ok(Outcome::Updated)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !atomic_write(&target, &stamped, Guard::New)? {
                bail!(
                    "`{}` appeared while `ect` was writing; nothing was written: move it away or run again",
                    target.display()
                );
            }
            Ok(Outcome::Created)
        }
        Err(e) => Err(e).with_context(|| format!("cannot read `{}`", target.display())),
    }
}

/// Writes a new file that must not exist yet (an action plan a person will
/// edit). Fails if it exists.
pub fn write_new(root: &Path, path: &Path, text: &str) -> Result<()> {
    let target = inside(root, path)?;
    // looked at first for a clear message; the no-clobber rename makes sure
    // a file that appears in between is not replaced either
    if std::fs::symlink_metadata(&target).is_ok() || !atomic_write(&target, text, Guard::New)? {
        bail!(
            "`{}` exists already and was not changed; choose another name or date, or move the file away first",
            target.display()
        );
    }
    Ok(())
}

/// Replaces a file a person may have edited with `text`, only if it still
/// holds `expected` (what we read a moment ago): used to mark an old plan
/// closed without losing an edit made in between.
pub fn replace_if_unchanged(root: &Path, path: &Path, expected: &str, text: &str) -> Result<bool> {
    let target = inside(root, path)?;
    let now = std::fs::read_to_string(&target)
        .with_context(|| format!("cannot read `{}`", target.display()))?;
    if now != expected {
        return Ok(false);
    }
    atomic_write(&target, text, Guard::Holds(expected.as_bytes()))
}

/// Resolves `path` (relative to `root`, or absolute under it) and refuses
/// anything that would lead outside `root`, through `..` or a symbolic link
/// in a folder on the way.
pub fn inside(root: &Path, path: &Path) -> Result<PathBuf> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        bail!(
            "`{}` is outside the repository; nothing was written",
            path.display()
        );
    }
    let mut dir = root.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for c in &parts[..parts.len().saturating_sub(1)] {
        dir.push(c);
        if let Ok(meta) = std::fs::symlink_metadata(&dir)
            && meta.file_type().is_symlink()
        {
            bail!(
                "`{}` is a symbolic link; `ect` does not write through links",
                dir.display()
            );
        }
    }
    Ok(root.join(rel))
}

/// Writes `text` in place, without a temporary file or flushing to disk:
/// for copies `ect` keeps for itself (merge bases), whose loss costs
/// nothing a person wrote. Never over anything but a plain file.
fn write_quick(target: &Path, text: &str) -> Result<()> {
    match std::fs::symlink_metadata(target) {
        Ok(m) if !m.is_file() => bail!(
            "`{}` is not a plain file; move it away to let `ect` write there",
            target.display()
        ),
        Ok(_) => {}
        Err(_) => {
            let dir = target.parent().unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
    }
    std::fs::write(target, text).with_context(|| format!("cannot write `{}`", target.display()))
}

/// A folder a person named on the command line (`render -o DIR`, `schema
/// --out DIR`): honoured wherever it is, like `pandoc -o` or `cargo doc
/// --target-dir`, relative to `cwd` when not absolute, and created if
/// need be. Only the person's own choice goes through here: paths that come
/// from content (pair ids, links) stay inside the repository ([`inside`]),
/// and the file names written under this folder are checked against it the
/// same way.
pub fn named_folder(cwd: &Path, named: &Path) -> Result<PathBuf> {
    let dir = cwd.join(named);
    if let Ok(meta) = std::fs::metadata(&dir)
        && !meta.is_dir()
    {
        bail!(
            "`{}` is a file, not a folder; name a folder to write in",
            named.display()
        );
    }
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create `{}`", named.display()))?;
    dir.canonicalize()
        .with_context(|| format!("cannot open `{}`", named.display()))
}

/// Writes `text` to a file a person named on the command line (such as
/// `validate --write-baseline FILE`), wherever it is: creates it, or
/// replaces it only if `ours` says the file there is one `ect` wrote
/// (otherwise nothing is written and the error says why).
pub fn write_named(
    cwd: &Path,
    named: &Path,
    text: &str,
    ours: fn(&str) -> bool,
) -> Result<Outcome> {
    let target = cwd.join(named);
    match std::fs::symlink_metadata(&target) {
        Ok(meta) if meta.file_type().is_symlink() || !meta.is_file() => bail!(
            "`{}` is not a plain file; nothing was written",
            named.display()
        ),
        Ok(_) => {
            let existing = std::fs::read(&target)
                .with_context(|| format!("cannot read `{}`", named.display()))?;
            if existing == text.as_bytes() {
                return Ok(Outcome::Unchanged);
            }
            if !std::str::from_utf8(&existing).is_ok_and(ours) {
                bail!(
                    "`{}` exists and is not a file `ect` wrote; nothing was written: move it away or name another file",
                    named.display()
                );
            }
            if !atomic_write(&target, text, Guard::Holds(&existing))? {
                bail!(
                    "`{}` changed while `ect` was writing it; nothing was written: run again",
                    named.display()
                );
            }
            Ok(Outcome::Updated)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !atomic_write(&target, text, Guard::New)? {
                bail!(
                    "`{}` appeared while `ect` was writing; nothing was written: run again",
                    named.display()
                );
            }
            Ok(Outcome::Created)
        }
        Err(e) => Err(e).with_context(|| format!("cannot read `{}`", named.display())),
    }
}

/// What must hold at `target` at the moment a write lands.
#[derive(Clone, Copy)]
enum Guard<'a> {
    /// Nothing is there: the file is created, never replaced (a no-clobber
    /// rename; a file that appeared since the check is kept).
    New,
    /// The file still holds these bytes (what was read and compared): an
    /// edit saved since is kept.
    Holds(&'a [u8]),
    /// Whatever is there: only for files `ect` keeps for itself (a record
    /// of merge conflicts), which no person writes.
    Any,
}

/// Same-folder temporary file, flushed, then moved to `target` only if
/// `guard` still holds; then the folder is flushed too, so the new name
/// survives a power cut. `Ok(false)` when the guard failed: nothing was
/// written and the temporary file is gone.
///
/// For [`Guard::Holds`] the file is read again just before the rename; an
/// edit saved in the microseconds between that read and the rename is the
/// one window left (no portable call renames only over unchanged bytes).
fn atomic_write(target: &Path, text: &str, guard: Guard<'_>) -> Result<bool> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let made = create_folders(dir)?;
    let written = write_in(dir, target, text, guard);
    if !matches!(written, Ok(true)) {
        // nothing landed: the folders made for it go too (a full disk left
        // an empty pair folder)
        for folder in made.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
    written
}

/// Creates `dir` and the folders above it that are missing; returns those it
/// made, outermost first.
fn create_folders(dir: &Path) -> Result<Vec<PathBuf>> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && std::fs::symlink_metadata(a).is_err())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    Ok(missing.into_iter().rev().collect())
}

/// The temporary file, its flush and the guarded move (see [`atomic_write`]).
fn write_in(dir: &Path, target: &Path, text: &str, guard: Guard<'_>) -> Result<bool> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ect-").suffix(".tmp");
    // a new file gets the usual permissions (0666 less the umask), as an
    // editor would give it; a replaced file keeps its own
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(target).map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in `{}`", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write `{}`", target.display()))?;
    match guard {
        Guard::New => match tmp.persist_noclobber(target) {
            Ok(_) => {}
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
            Err(e) => {
                return Err(e.error)
                    .with_context(|| format!("cannot write `{}`", target.display()));
            }
        },
        Guard::Holds(expected) if !holds(target, expected) => return Ok(false),
        Guard::Holds(_) | Guard::Any => {
            tmp.persist(target)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write `{}`", target.display()))?;
        }
    }
    sync_folder(dir);
    Ok(true)
}

/// Whether the plain file at `target` holds exactly `expected`, read now.
fn holds(target: &Path, expected: &[u8]) -> bool {
    std::fs::symlink_metadata(target).is_ok_and(|m| m.is_file())
        && std::fs::read(target).is_ok_and(|now| now == expected)
}

/// Flushes a folder's entries to disk (the rename just made); where the
/// system cannot, the write is still atomic, only less durable.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "---\npair: a\n---\n\n# Agenda\n";

    #[test]
    fn a_guarded_write_lands_only_if_the_guard_still_holds() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("plan.md");
        // no-clobber: a file that appeared after the look is not replaced
        std::fs::write(&target, "a person's file\n").unwrap();
        assert!(!atomic_write(&target, "ect's text\n", Guard::New).unwrap());
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "a person's file\n"
        );
        // an edit saved after the compare is kept
        assert!(!atomic_write(&target, "ect's text\n", Guard::Holds(b"what was read\n")).unwrap());
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "a person's file\n"
        );
        // the guard holds: written
        assert!(atomic_write(&target, "ect's text\n", Guard::Holds(b"a person's file\n")).unwrap());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "ect's text\n");
        let fresh = dir.path().join("new.md");
        assert!(atomic_write(&fresh, "new\n", Guard::New).unwrap());
        // no temporary file is left by a write that did not land
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn refuses_paths_out_of_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_agenda(dir.path(), Path::new("../x.md"), TEXT, true).is_err());
        assert!(write_agenda(dir.path(), Path::new("/etc/x.md"), TEXT, true).is_err());
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(outside.path(), dir.path().join("plans")).unwrap();
            let err = write_agenda(dir.path(), Path::new("plans/a.md"), TEXT, true).unwrap_err();
            assert!(err.to_string().contains("symbolic link"), "{err}");
            assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        }
    }

    #[test]
    fn pages_are_replaced_only_when_ect_wrote_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let p = Path::new("print/agendas.html");
        let page = "<!DOCTYPE html>\n<p>checksum: not this one</p>\n";
        assert!(page_is_untouched(&stamp_page(page)));
        assert!(!page_is_untouched(page));
        assert_eq!(write_page(root, p, page).unwrap(), Outcome::Created);
        assert_eq!(write_page(root, p, page).unwrap(), Outcome::Unchanged);
        assert_eq!(
            write_page(root, p, "<p>v2</p>\n").unwrap(),
            Outcome::Updated
        );
        let full = root.join(p);
        let edited = std::fs::read_to_string(&full)
            .unwrap()
            .replace("v2", "my own");
        std::fs::write(&full, &edited).unwrap();
        let err = write_page(root, p, page).unwrap_err();
        assert!(err.to_string().contains("not written by `ect`"), "{err}");
        assert_eq!(std::fs::read_to_string(&full).unwrap(), edited);
        let other = Path::new("print/mine.html");
        std::fs::write(root.join(other), "<p>a page I made</p>\n").unwrap();
        assert!(write_page(root, other, page).is_err());
        assert!(write_page(root, Path::new("../x.html"), page).is_err());
        let left: Vec<_> = std::fs::read_dir(full.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 2, "no temporary files left behind");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_replaced_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = Path::new("plans/a/agendas/2026-11-24.md");
        write_agenda(dir.path(), p, TEXT, true).unwrap();
        let full = dir.path().join(p);
        let mode = std::fs::metadata(&full).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode & 0o044,
            0o044,
            "mode {mode:o}: group and others cannot read"
        );
        std::fs::set_permissions(&full, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_agenda(dir.path(), p, &TEXT.replace("Agenda", "Agenda 2"), true).unwrap();
        assert_eq!(
            std::fs::metadata(&full).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn merges_keep_every_edit_and_the_person_wins_a_clash() {
        let base = "a\nb\nc\nd\ne\n";
        let generated = "a\nB2\nc\nd\ne\nf\n";
        // edits elsewhere: both kept, no clash
        let (m, c) = merge_keeping_theirs(base, "a\nb\nc\nmine\ne\n", generated);
        assert_eq!(m, "a\nB2\nc\nmine\ne\nf\n");
        assert!(c.is_empty());
        // the same line: the person's text, and the clash recorded
        let (m, c) = merge_keeping_theirs(base, "a\nmy b\nc\nd\ne\n", generated);
        assert_eq!(m, "a\nmy b\nc\nd\ne\nf\n");
        assert_eq!(
            c,
            [Conflict {
                line: 2,
                yours: vec!["my b".into()],
                generated: vec!["B2".into()]
            }]
        );
        // an editor that saved CRLF and a byte order mark: no clash from that
        let person = "\u{feff}a\r\nb\r\nc\r\nmine\r\ne\r\n";
        let (m, c) = merge_keeping_theirs(base, person, generated);
        assert_eq!(m, "\u{feff}a\r\nB2\r\nc\r\nmine\r\ne\r\nf\r\n");
        assert!(c.is_empty());
        // a last line without a line ending stays so
        let (m, _) = merge_keeping_theirs("x\n", "mine", "theirs\n");
        assert_eq!(m, "mine");
    }

    #[test]
    fn a_tick_in_the_review_never_clashes_with_an_action_added_below_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let p = Path::new("plans/a/agendas/2026-11-24.md");
        let item = |t: &str, b: &str| format!("- {b} {t} _(agreed 2026-11-10)_\n");
        let v1 = format!(
            "---\npair: a\n---\n\n## Review\n\n{}{}\n## Notes\n\n",
            item("One", "[ ]"),
            item("Two", "[ ]")
        );
        write_agenda(root, p, &v1, true).unwrap();
        let full = root.join(p);
        let ticked = std::fs::read_to_string(&full)
            .unwrap()
            .replace("- [ ] Two", "- [X] Two")
            .replace("- [ ] One", "- [-] One")
            + "We met.\n";
        std::fs::write(&full, &ticked).unwrap();
        let v2 = v1.replacen(
            &item("Two", "[ ]"),
            &(item("Two", "[ ]") + &item("Three", "[ ]")),
            1,
        );
        let (outcome, conflicts) = write_agenda(root, p, &v2, true).unwrap();
        assert_eq!((outcome, conflicts), (Outcome::Merged, vec![]));
        let merged = std::fs::read_to_string(&full).unwrap();
        assert!(
            merged.contains(&(item("One", "[-]") + &item("Two", "[X]") + &item("Three", "[ ]"))),
            "{merged}"
        );
        assert!(merged.ends_with("We met.\n"));
    }

    #[test]
    fn agendas_keep_a_base_and_merge_edits() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let p = Path::new("plans/a/agendas/2026-11-24.md");
        let v1 = "---\npair: a\n---\n\n## Review\n\nNone.\n\n## Notes\n\n";
        assert_eq!(write_agenda(root, p, v1, true).unwrap().0, Outcome::Created);
        let base = root.join("plans/a/.ect/base/2026-11-24.md");
        assert_eq!(std::fs::read_to_string(&base).unwrap(), stamp(v1));
        let full = root.join(p);
        let typed = std::fs::read_to_string(&full).unwrap() + "We met.\n";
        std::fs::write(&full, &typed).unwrap();
        assert_eq!(write_agenda(root, p, v1, true).unwrap().0, Outcome::Kept);
        let v2 = v1.replace("None.", "- [ ] Phone home");
        assert_eq!(
            write_agenda(root, p, &v2, false).unwrap().0,
            Outcome::Merged
        );
        assert_eq!(
            std::fs::read_to_string(&full).unwrap(),
            typed,
            "a preview wrote"
        );
        assert_eq!(write_agenda(root, p, &v2, true).unwrap().0, Outcome::Merged);
        let merged = std::fs::read_to_string(&full).unwrap();
        assert!(merged.contains("- [ ] Phone home") && merged.ends_with("We met.\n"));
        assert!(!is_untouched(&merged));
        assert_eq!(std::fs::read_to_string(&base).unwrap(), stamp(&v2));
        assert_eq!(write_agenda(root, p, &v2, true).unwrap().0, Outcome::Kept);
        // an edit made before bases were kept is left alone
        std::fs::remove_file(&base).unwrap();
        let v3 = v2.replace("Phone", "Email");
        assert_eq!(write_agenda(root, p, &v3, true).unwrap().0, Outcome::Kept);
        assert_eq!(std::fs::read_to_string(&full).unwrap(), merged);
    }

    #[test]
    fn write_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = Path::new("plans/a/action-plans/2026-11-24.md");
        write_new(dir.path(), p, "one").unwrap();
        assert!(write_new(dir.path(), p, "two").is_err());
        assert_eq!(std::fs::read_to_string(dir.path().join(p)).unwrap(), "one");
    }

    use proptest::prelude::*;

    proptest! {
        /// Whatever the new text changes, every line a person added or
        /// changed is still in the merged file, with no conflict markers,
        /// and the lines a clash kept are there too.
        #[test]
        fn a_merge_never_loses_a_line_the_person_wrote(
            base in proptest::collection::vec("[a-e]{1,3}", 1..12),
            edits in proptest::collection::vec((0usize..12, 0u8..3, "[A-Z][a-z]{2,6}"), 0..5),
            changes in proptest::collection::vec((0usize..12, 0u8..3, "[0-9]{1,4}"), 0..5),
        ) {
            let apply = |lines: &[String], ops: &[(usize, u8, String)], tag: &str| {
                let mut out: Vec<String> = lines.to_vec();
                for (at, op, text) in ops {
                    let at = at % (out.len() + 1);
                    match op {
                        0 => out.insert(at, format!("{tag}{text}")),
                        1 if at < out.len() => out[at] = format!("{tag}{text}"),
                        2 if at < out.len() && out.len() > 1 => {
                            out.remove(at);
                        }
                        _ => out.insert(at, format!("{tag}{text}")),
                    }
                }
                out
            };
            let base: Vec<String> = base;
            let person = apply(&base, &edits, "typed ");
            let generated = apply(&base, &changes, "gen ");
            let join = |v: &[String]| v.iter().map(|l| format!("{l}\n")).collect::<String>();
            let (merged, conflicts) = merge_keeping_theirs(&join(&base), &join(&person), &join(&generated));
            for line in person.iter().filter(|l| l.starts_with("typed ")) {
                prop_assert!(merged.lines().any(|m| m == line), "lost {line}: {merged}");
            }
            prop_assert!(!merged.contains("<<<<<<<"));
            for c in &conflicts {
                for y in &c.yours {
                    prop_assert!(merged.lines().any(|m| m == y));
                }
            }
        }
    }
}
