//! `ect pair add` and `ect pair import FILE.csv`: new pairs as
//! `plans/<id>/pair.yaml`, one from flags or many from a spreadsheet. An
//! existing pair is never changed without `--update`, and then only its
//! `pair.yaml` is rewritten, atomically, keeping its pauses.

use crate::Output;
use crate::cli::{Cli, FrequencyArg, PairAddArgs, PairArgs, PairCommand, PairImportArgs};
use crate::diag::Severity;
use crate::pair::roster::{self, Column, NewPair, Often, PairInput};
use crate::repo::Repo;
use crate::write;
use anyhow::{Context, Result, bail};
use std::collections::HashMap;
use std::path::Path;

pub(crate) fn run(cli: &Cli, args: &PairArgs, out: Output) -> Result<i32> {
    let repo = match super::open_repo(cli, out)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    match &args.command {
        PairCommand::Add(a) => add(&repo, a, out),
        PairCommand::Import(a) => import(&repo, a, out),
    }
}

/// What became of one pair.
enum Done {
    Created,
    Updated,
    Unchanged,
    Exists,
}

impl Done {
    fn verb(&self, dry_run: bool) -> &'static str {
        match (self, dry_run) {
            (Done::Created, false) => "created",
            (Done::Created, true) => "would create",
            (Done::Updated, false) => "updated",
            (Done::Updated, true) => "would update",
            (Done::Unchanged, _) => "unchanged",
            (Done::Exists, _) => "exists",
        }
    }
}

fn often(f: Option<FrequencyArg>) -> Option<Often> {
    f.map(|f| match f {
        FrequencyArg::Weekly => Often::Weekly,
        FrequencyArg::Fortnightly => Often::Fortnightly,
    })
}

fn add(repo: &Repo, args: &PairAddArgs, out: Output) -> Result<i32> {
    // one writing run at a time, as for `ect agenda`
    let _lock = if args.dry_run {
        None
    } else {
        crate::lock::acquire(&repo.root, &repo.config.plans, "pair add")?
    };
    let input = PairInput {
        mentor: args.mentor.clone(),
        ect: args.ect.clone(),
        start: args.start.clone(),
        programme: args.programme.clone(),
        day: args.day.clone(),
        time: args.time.clone(),
        minutes: args.minutes,
        year1: often(args.year1),
        year2: often(args.year2),
        id: args.id.clone(),
        month_first: None,
    };
    let pair = input
        .check(true)
        .map_err(|p| problems("cannot add the pair; nothing was written", &p))?;
    let programmes = Programmes::read(repo);
    let rel = pair_path(repo, &pair.id);
    match apply(
        repo,
        &programmes,
        &pair,
        "ect pair add",
        args.update,
        args.dry_run,
    ) {
        Ok(Done::Exists) => {
            crate::errln!(
                "{}: pair `{}` exists: `{rel}` was not changed; edit it, or run again with `--update` to change the values you give",
                super::error_label(out),
                pair.id
            );
            Ok(crate::exit::PROBLEMS)
        }
        Ok(done) => {
            if !out.quiet {
                crate::print_stdout(&format!("{}  {rel}\n", done.verb(args.dry_run)))?;
            }
            Ok(crate::exit::OK)
        }
        Err(p) => Err(problems(
            &format!("cannot write `{rel}`; nothing was written"),
            &p,
        )),
    }
}

fn problems(title: &str, list: &[String]) -> anyhow::Error {
    let mut s = title.to_string();
    for p in list {
        s.push_str("\n  - ");
        s.push_str(p);
    }
    anyhow::anyhow!(s)
}

fn import(repo: &Repo, args: &PairImportArgs, out: Output) -> Result<i32> {
    let _lock = if args.dry_run {
        None
    } else {
        crate::lock::acquire(&repo.root, &repo.config.plans, "pair import")?
    };
    let file = args.file.display().to_string();
    let text = read_roster(&args.file, &file, out)?;
    let rows = roster::read_csv(&text).map_err(|e| anyhow::anyhow!("`{file}`, {e}"))?;
    let Some((header, data)) = rows.split_first() else {
        bail!(
            "`{file}` is empty; its first row must name the columns: mentor, ect, start, programme, meeting day, time"
        );
    };
    let (cols, unknown) = roster::columns(&header.cells);
    check_columns(&file, header, &cols)?;
    // a header and nothing under it: the wrong sheet, or rows not exported
    if data.iter().all(is_blank) {
        bail!(
            "`{file}` has only its first row (line {}), the column names: no pairs to import; export the rows of the pairs too",
            header.line
        );
    }
    if !unknown.is_empty() && !out.quiet {
        crate::errln!(
            "note: `{file}`: not used: {} (the columns read are mentor, ect, start, programme, meeting day, time, minutes, id)",
            unknown
                .iter()
                .map(|u| format!("column `{u}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut import = Import {
        repo,
        programmes: Programmes::read(repo),
        args,
        quiet: out.quiet,
        file: &file,
        header,
        cols: &cols,
        month_first: month_first_date(&cols, data),
        seen: HashMap::new(),
        counts: [0; 4],
        bad: 0,
        text: String::new(),
    };
    for row in data.iter().filter(|r| !is_blank(r)) {
        import.row(row);
    }
    import.finish()
}

/// Whether every cell of `row` is empty.
fn is_blank(row: &roster::Row) -> bool {
    row.cells.iter().all(|c| c.trim().is_empty())
}

/// The text of the spreadsheet at `path` (named `file` in messages), decoded
/// from UTF-8 or else Windows-1252 (with a note unless quiet).
fn read_roster(path: &Path, file: &str, out: Output) -> Result<String> {
    let bytes = read_capped(path, MAX_CSV_BYTES).with_context(|| {
        format!("cannot read `{file}`; check the file name (it is read from the current folder)")
    })?;
    let Some(bytes) = bytes else {
        bail!(
            "`{file}` is larger than {} MB, far more than a list of pairs; export only the pairs' rows and columns",
            MAX_CSV_BYTES / 1_000_000
        );
    };
    let (text, legacy) = roster::decode(&bytes);
    if legacy && !out.quiet {
        crate::errln!(
            "note: `{file}` is not UTF-8; it was read as Windows-1252. If names look wrong, save it as \"CSV UTF-8\""
        );
    }
    Ok(text)
}

/// Refuses a header row with two columns for one thing or without a column
/// every pair needs.
fn check_columns(file: &str, header: &roster::Row, cols: &[Option<Column>]) -> Result<()> {
    // two columns for one thing (`Start` and `Start date`): the last one
    // silently won. `programme` is the exception: a sheet may have both
    // `Programme` and `Lead provider`, and the first filled in is read
    for (i, c) in cols.iter().enumerate() {
        if let Some(c) = c
            && *c != Column::Programme
            && let Some(j) = cols[i + 1..].iter().position(|d| d.as_ref() == Some(c))
        {
            bail!(
                "`{file}`, line {}: columns `{}` and `{}` both give the {}; remove or rename one, and nothing was imported",
                header.line,
                header.cells[i].trim(),
                header.cells[i + 1 + j].trim(),
                c.name()
            );
        }
    }
    let missing: Vec<&str> = [Column::Mentor, Column::Ect, Column::Start, Column::Day]
        .into_iter()
        .filter(|c| !cols.contains(&Some(*c)))
        .map(Column::name)
        .collect();
    if !missing.is_empty() {
        bail!(
            "`{file}`, line {}: no {} column; the first row must name the columns: mentor, ect, start, programme, meeting day and (optionally) time",
            header.line,
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

/// A start date that can only be month-first (`09/15/2026`), which makes
/// `03/04/2026` in the same sheet ambiguous.
fn month_first_date(cols: &[Option<Column>], data: &[roster::Row]) -> Option<String> {
    cols.iter()
        .position(|c| *c == Some(Column::Start))
        .and_then(|i| {
            data.iter()
                .filter_map(|r| r.cells.get(i))
                .find(|c| roster::month_first_only(c))
        })
        .map(|c| c.trim().to_string())
}

/// An import under way: what it reads with, and its report so far.
struct Import<'a> {
    repo: &'a Repo,
    programmes: Programmes,
    args: &'a PairImportArgs,
    quiet: bool,
    /// The spreadsheet as named in messages.
    file: &'a str,
    header: &'a roster::Row,
    cols: &'a [Option<Column>],
    month_first: Option<String>,
    /// Pair id to the line that first gave it.
    seen: HashMap<String, usize>,
    /// Created, updated, unchanged, skipped.
    counts: [usize; 4],
    /// Rows skipped for a problem (not for an existing pair).
    bad: usize,
    /// The report, a line per row.
    text: String,
}

impl Import<'_> {
    /// Imports one (non-blank) row and reports it.
    fn row(&mut self, row: &roster::Row) {
        let at = format!("{}:{}", self.file, row.line);
        // cells past the last column were dropped without a word; most often
        // a comma inside a name (`Shah, Priya`) has shifted the row
        let width = self.header.cells.len();
        if let Some(extra) = row.cells.get(width..)
            && extra.iter().any(|c| !c.trim().is_empty())
        {
            self.skip(&format!(
                "{at}  skipped: the row has {} cells but the first row names {} columns; put a name holding a comma in quotes (`\"Shah, Priya\"`), or name the extra column\n",
                row.cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1),
                width
            ));
            return;
        }
        let checked = roster::row_input(self.cols, &row.cells)
            .map_err(|e| vec![e])
            .and_then(|input| {
                PairInput {
                    month_first: self.month_first.clone(),
                    ..input
                }
                .check(false)
            });
        let pair = match checked {
            Ok(p) => p,
            Err(p) => {
                self.skip(&format!("{at}  skipped: {}\n", p.join("; ")));
                return;
            }
        };
        if let Some(first) = self.seen.get(&pair.id) {
            self.skip(&format!(
                "{at}  skipped: the same pair `{}` as line {first}; remove one of the two rows, or give one an id column\n",
                pair.id
            ));
            return;
        }
        self.seen.insert(pair.id.clone(), row.line);
        self.write(&pair, &at);
    }

    /// Writes (or with `--dry-run` checks) one checked pair and reports it.
    fn write(&mut self, pair: &NewPair, at: &str) {
        let by = if self.args.update {
            "ect pair import --update"
        } else {
            "ect pair import"
        };
        let rel = pair_path(self.repo, &pair.id);
        let dry_run = self.args.dry_run;
        match apply(
            self.repo,
            &self.programmes,
            pair,
            by,
            self.args.update,
            dry_run,
        ) {
            Ok(Done::Exists) => {
                self.counts[3] += 1;
                if !self.quiet {
                    self.text.push_str(&format!(
                        "{at}  skipped: pair `{}` exists (`{rel}`); run again with `--update` to change it\n",
                        pair.id
                    ));
                }
            }
            Ok(done) => {
                self.counts[match done {
                    Done::Created => 0,
                    Done::Updated => 1,
                    _ => 2,
                }] += 1;
                if !self.quiet {
                    self.text
                        .push_str(&format!("{at}  {}  {rel}\n", done.verb(dry_run)));
                }
            }
            Err(p) => self.skip(&format!("{at}  skipped: {}\n", p.join("; "))),
        }
    }

    /// Counts a row skipped for a problem, reported by `line`.
    fn skip(&mut self, line: &str) {
        self.bad += 1;
        self.counts[3] += 1;
        self.text.push_str(line);
    }

    /// Prints the report with its totals; the exit code.
    fn finish(mut self) -> Result<i32> {
        if !self.quiet {
            let would = if self.args.dry_run { "would be " } else { "" };
            let [created, updated, unchanged, skipped] = self.counts;
            self.text.push_str(&format!(
                "{created} {would}created, {updated} {would}updated, {unchanged} unchanged, {skipped} skipped\n"
            ));
        }
        crate::print_stdout(&self.text)?;
        Ok(if self.bad > 0 {
            crate::exit::PROBLEMS
        } else {
            crate::exit::OK
        })
    }
}

/// `plans/<id>/pair.yaml`, repository-relative.
fn pair_path(repo: &Repo, id: &str) -> String {
    format!("{}/{id}/pair.yaml", repo.plans_rel())
}

/// The programmes of the curriculum: its `curriculum/<name>.md` files.
struct Programmes {
    folder: String,
    names: Vec<String>,
}

/// The largest spreadsheet `pair import` reads: a trust's thousand pairs
/// take well under a megabyte.
const MAX_CSV_BYTES: u64 = 20_000_000;

/// The bytes of `path`, or `None` when there are more than `cap` (read no
/// further: `/dev/zero` or a huge export must not fill the memory).
fn read_capped(path: &std::path::Path, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(cap + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= cap).then_some(bytes))
}

impl Programmes {
    fn read(repo: &Repo) -> Programmes {
        let mut names: Vec<String> = std::fs::read_dir(repo.curriculum_dir())
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .filter_map(|e| {
                        e.file_name()
                            .to_str()
                            .and_then(|n| n.strip_suffix(".md"))
                            .map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        Programmes {
            folder: repo.curriculum_rel().to_string(),
            names,
        }
    }

    /// The programme a spreadsheet means: its name in any case, or written
    /// as words (`Ambition Institute` for `ambition-institute`).
    fn resolve(&self, given: &str) -> Option<&str> {
        let slug = roster::slug(given);
        self.names
            .iter()
            .find(|n| n.as_str() == given)
            .or_else(|| self.names.iter().find(|n| n.eq_ignore_ascii_case(given)))
            .or_else(|| self.names.iter().find(|n| roster::slug(n) == slug))
            .map(String::as_str)
    }

    /// An unknown programme, with what to do about it.
    fn check(&self, programme: &str, from_default: bool) -> Option<String> {
        if self.names.iter().any(|n| n == programme) {
            return None;
        }
        let whose = if from_default {
            " (the default `programme:` of `ect.yaml`)"
        } else {
            ""
        };
        let known = if self.names.is_empty() {
            format!("`{}/` has no programme yet", self.folder)
        } else {
            format!(
                "the programmes are: {}",
                self.names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        Some(format!(
            "no programme `{programme}`{whose}: there is no `{}/{programme}.md`; {known}",
            self.folder
        ))
    }
}

/// Creates the pair's `pair.yaml`, or with `update` rewrites it; checks the
/// text first exactly as `ect validate` does, and writes nothing it would
/// reject. `Err` holds every problem, each saying what to do.
fn apply(
    repo: &Repo,
    programmes: &Programmes,
    pair: &NewPair,
    by: &str,
    update: bool,
    dry_run: bool,
) -> Result<Done, Vec<String>> {
    let pair = &programmes.named(pair);
    let rel = pair_path(repo, &pair.id);
    let old = match current(&repo.root.join(&rel), &rel, update)? {
        Current::Missing => None,
        Current::Kept => return Ok(Done::Exists),
        Current::Text(old) => Some(old),
    };
    let text = match &old {
        None => pair.render(by),
        Some(old) => pair.merge_into(old, by).ok_or_else(|| {
            vec![format!(
                "`{rel}` is not `key: value` lines, so it cannot be updated; correct it by hand (`ect validate` says where)"
            )]
        })?,
    };
    let found = problems_in(repo, programmes, &pair.id, &rel, &text);
    if !found.is_empty() {
        return Err(found);
    }
    write_pair(repo, &rel, old, &text, dry_run)
}

impl Programmes {
    /// `pair` with its programme as the curriculum names it (`UCL` → `ucl`).
    fn named<'p>(&self, pair: &'p NewPair) -> std::borrow::Cow<'p, NewPair> {
        match pair.programme.as_deref().and_then(|p| self.resolve(p)) {
            Some(name) if pair.programme.as_deref() != Some(name) => {
                std::borrow::Cow::Owned(NewPair {
                    programme: Some(name.to_string()),
                    ..pair.clone()
                })
            }
            _ => std::borrow::Cow::Borrowed(pair),
        }
    }
}

/// A pair's `pair.yaml` as `apply` finds it.
enum Current {
    /// There is none yet.
    Missing,
    /// There is one, and it is to be left alone (no `--update`).
    Kept,
    /// Its text, to update.
    Text(String),
}

/// Reads the `pair.yaml` at `full` (`rel` in messages) when `update` asks
/// for it; refuses anything but a plain file.
fn current(full: &Path, rel: &str, update: bool) -> Result<Current, Vec<String>> {
    match std::fs::symlink_metadata(full) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Current::Missing),
        Err(e) => Err(vec![format!("cannot read `{rel}`: {e}")]),
        Ok(m) if m.file_type().is_symlink() || !m.is_file() => Err(vec![format!(
            "`{rel}` is not a plain file; replace it with the pair's own `pair.yaml`"
        )]),
        Ok(_) if !update => Ok(Current::Kept),
        Ok(_) => crate::repo::read_checked(full)
            .map(Current::Text)
            .map_err(|why| vec![format!("`{rel}`: {why}; correct it by hand")]),
    }
}

/// What `ect validate` would reject in `text`, the pair `id`'s new
/// `pair.yaml`: its errors and an unknown programme.
fn problems_in(
    repo: &Repo,
    programmes: &Programmes,
    id: &str,
    rel: &str,
    text: &str,
) -> Vec<String> {
    let mut found = Vec::new();
    let (parsed, diagnostics) = crate::pair::parse(id, rel, text, &repo.config);
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        found.push(match &d.hint {
            Some(h) => format!("{}; {h}", d.message),
            None => d.message.clone(),
        });
    }
    if let Some(p) = parsed
        && !p.programme.is_empty()
        && let Some(problem) = programmes.check(&p.programme, p.programme_location.is_none())
    {
        found.push(problem);
    }
    found
}

/// Writes `text` as `rel`: a new file when there was none (`old`), else in
/// place of `old` unless it changed meanwhile; with `dry_run` writes nothing.
fn write_pair(
    repo: &Repo,
    rel: &str,
    old: Option<String>,
    text: &str,
    dry_run: bool,
) -> Result<Done, Vec<String>> {
    match old {
        None => {
            if !dry_run {
                write::write_new(&repo.root, Path::new(rel), text)
                    .map_err(|e| vec![format!("{e:#}")])?;
            }
            Ok(Done::Created)
        }
        Some(old) => {
            if roster::same_values(&old, text) {
                return Ok(Done::Unchanged);
            }
            if !dry_run {
                let replaced = write::replace_if_unchanged(&repo.root, Path::new(rel), &old, text)
                    .map_err(|e| vec![format!("{e:#}")])?;
                if !replaced {
                    return Err(vec![format!(
                        "`{rel}` changed while `ect` was reading it and was left alone; run again"
                    )]);
                }
            }
            Ok(Done::Updated)
        }
    }
}
