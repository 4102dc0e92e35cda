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
    let bytes = read_capped(&args.file, MAX_CSV_BYTES).with_context(|| {
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
    let rows = roster::read_csv(&text).map_err(|e| anyhow::anyhow!("`{file}`, {e}"))?;
    let Some((header, data)) = rows.split_first() else {
        bail!(
            "`{file}` is empty; its first row must name the columns: mentor, ect, start, programme, meeting day, time"
        );
    };
    let (cols, unknown) = roster::columns(&header.cells);
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
    // a header and nothing under it: the wrong sheet, or rows not exported
    if data
        .iter()
        .all(|r| r.cells.iter().all(|c| c.trim().is_empty()))
    {
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
    // a date only month-first (`09/15/2026`) makes `03/04/2026` ambiguous
    let month_first = cols
        .iter()
        .position(|c| *c == Some(Column::Start))
        .and_then(|i| {
            data.iter()
                .filter_map(|r| r.cells.get(i))
                .find(|c| roster::month_first_only(c))
        })
        .map(|c| c.trim().to_string());
    let programmes = Programmes::read(repo);
    let by = if args.update {
        "ect pair import --update"
    } else {
        "ect pair import"
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut counts: [usize; 4] = [0; 4]; // created, updated, unchanged, skipped
    let mut bad = 0;
    let mut text = String::new();
    for row in data {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let at = format!("{file}:{}", row.line);
        // cells past the last column were dropped without a word; most often
        // a comma inside a name (`Shah, Priya`) has shifted the row
        if let Some(extra) = row.cells.get(header.cells.len()..)
            && extra.iter().any(|c| !c.trim().is_empty())
        {
            bad += 1;
            counts[3] += 1;
            text.push_str(&format!(
                "{at}  skipped: the row has {} cells but the first row names {} columns; put a name holding a comma in quotes (`\"Shah, Priya\"`), or name the extra column\n",
                row.cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1),
                header.cells.len()
            ));
            continue;
        }
        let checked = roster::row_input(&cols, &row.cells)
            .map_err(|e| vec![e])
            .and_then(|input| {
                PairInput {
                    month_first: month_first.clone(),
                    ..input
                }
                .check(false)
            });
        let pair = match checked {
            Ok(p) => p,
            Err(p) => {
                bad += 1;
                counts[3] += 1;
                text.push_str(&format!("{at}  skipped: {}\n", p.join("; ")));
                continue;
            }
        };
        if let Some(first) = seen.get(&pair.id) {
            bad += 1;
            counts[3] += 1;
            text.push_str(&format!(
                "{at}  skipped: the same pair `{}` as line {first}; remove one of the two rows, or give one an id column\n",
                pair.id
            ));
            continue;
        }
        seen.insert(pair.id.clone(), row.line);
        let rel = pair_path(repo, &pair.id);
        match apply(repo, &programmes, &pair, by, args.update, args.dry_run) {
            Ok(Done::Exists) => {
                counts[3] += 1;
                if !out.quiet {
                    text.push_str(&format!(
                        "{at}  skipped: pair `{}` exists (`{rel}`); run again with `--update` to change it\n",
                        pair.id
                    ));
                }
            }
            Ok(done) => {
                counts[match done {
                    Done::Created => 0,
                    Done::Updated => 1,
                    _ => 2,
                }] += 1;
                if !out.quiet {
                    text.push_str(&format!("{at}  {}  {rel}\n", done.verb(args.dry_run)));
                }
            }
            Err(p) => {
                bad += 1;
                counts[3] += 1;
                text.push_str(&format!("{at}  skipped: {}\n", p.join("; ")));
            }
        }
    }
    if !out.quiet {
        let would = if args.dry_run { "would be " } else { "" };
        text.push_str(&format!(
            "{} {would}created, {} {would}updated, {} unchanged, {} skipped\n",
            counts[0], counts[1], counts[2], counts[3]
        ));
    }
    crate::print_stdout(&text)?;
    Ok(if bad > 0 {
        crate::exit::PROBLEMS
    } else {
        crate::exit::OK
    })
}

/// `plans/<id>/pair.yaml`, repository-relative.
fn pair_path(repo: &Repo, id: &str) -> String {
    format!(
        "{}/{id}/pair.yaml",
        repo.config
            .plans
            .trim_start_matches("./")
            .trim_end_matches('/')
    )
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
            folder: repo
                .config
                .curriculum
                .trim_start_matches("./")
                .trim_end_matches('/')
                .to_string(),
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
    // the programme as the curriculum names it (`UCL` → `ucl`)
    let resolved;
    let pair = match pair
        .programme
        .as_deref()
        .and_then(|p| programmes.resolve(p))
    {
        Some(name) if pair.programme.as_deref() != Some(name) => {
            resolved = NewPair {
                programme: Some(name.to_string()),
                ..pair.clone()
            };
            &resolved
        }
        _ => pair,
    };
    let rel = pair_path(repo, &pair.id);
    let full = repo.root.join(&rel);
    let old = match std::fs::symlink_metadata(&full) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(vec![format!("cannot read `{rel}`: {e}")]),
        Ok(m) if m.file_type().is_symlink() || !m.is_file() => {
            return Err(vec![format!(
                "`{rel}` is not a plain file; replace it with the pair's own `pair.yaml`"
            )]);
        }
        Ok(_) if !update => return Ok(Done::Exists),
        Ok(_) => Some(
            crate::repo::read_checked(&full)
                .map_err(|why| vec![format!("`{rel}`: {why}; correct it by hand")])?,
        ),
    };
    let text = match &old {
        None => pair.render(by),
        Some(old) => pair.merge_into(old, by).ok_or_else(|| {
            vec![format!(
                "`{rel}` is not `key: value` lines, so it cannot be updated; correct it by hand (`ect validate` says where)"
            )]
        })?,
    };
    let mut found = Vec::new();
    let (parsed, diagnostics) = crate::pair::parse(&pair.id, &rel, &text, &repo.config);
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
    if !found.is_empty() {
        return Err(found);
    }
    match old {
        None => {
            if !dry_run {
                write::write_new(&repo.root, Path::new(&rel), &text)
                    .map_err(|e| vec![format!("{e:#}")])?;
            }
            Ok(Done::Created)
        }
        Some(old) => {
            if roster::same_values(&old, &text) {
                return Ok(Done::Unchanged);
            }
            if !dry_run {
                let replaced =
                    write::replace_if_unchanged(&repo.root, Path::new(&rel), &old, &text)
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
