//! `ect status [--week WEEK] [--format json]`: one row per pair, where it is
//! in the programme, its last agenda, meetings held, open actions, overdue
//! targets and the next review; the pairs needing attention first.

use crate::Output;
use crate::calendar::Calendar;
use crate::cli::{Cli, StatusArgs, TableFormat};
use crate::diag::Severity;
use crate::pair::Pair;
use crate::plan;
use crate::repo::Repo;
use crate::schedule::{self, ProgrammeSessions};
use crate::status::{self, AgendaFile, PairFacts, PairStatus};
use anyhow::{Result, bail};
use chrono::{Days, NaiveDate};
use rayon::prelude::*;
use std::collections::HashMap;

pub(crate) fn run(cli: &Cli, args: &StatusArgs, out: Output) -> Result<i32> {
    let repo = match super::open_repo(cli, out)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    if repo.config.terms.is_empty() {
        bail!(
            "`ect.yaml` lists no terms; add the school's term dates (see the README) to work out meetings"
        );
    }
    let today = super::today()?;
    let monday = crate::weekspec::parse(&args.week, today)?;
    let before = status::counted_before(monday, today);
    let (curriculum, _) = repo.load_curriculum()?;
    let (pairs, problems) = crate::pair::load_pairs(&repo);
    let calendar = Calendar::new(&repo.config);
    let mut programmes: HashMap<&str, Option<ProgrammeSessions>> = HashMap::new();
    for p in &pairs {
        programmes
            .entry(p.programme.as_str())
            .or_insert_with(|| ProgrammeSessions::from_curriculum(&curriculum, &p.programme));
    }
    let mut rows: Vec<PairStatus> = pairs
        .par_iter()
        .map(|pair| {
            if let Some(d) = crate::pair::first_error(pair, &problems) {
                // as `agenda` does: not planned from a wrong `pair.yaml`
                return PairStatus::failed(
                    &pair.id,
                    Some(&pair.mentor),
                    Some(&pair.ect),
                    format!("{}:{}: {}", d.path, d.location.line, d.message),
                );
            }
            match programmes
                .get(pair.programme.as_str())
                .and_then(Option::as_ref)
            {
                Some(prog) => one_pair(&repo, &calendar, prog, pair, monday, before),
                None => PairStatus::failed(
                    &pair.id,
                    Some(&pair.mentor),
                    Some(&pair.ect),
                    format!(
                        "programme `{}` is not in the curriculum: run `ect validate`",
                        pair.programme
                    ),
                ),
            }
        })
        .collect();
    rows.extend(unreadable(&repo, &pairs, &problems));
    status::sort(&mut rows);
    let text = match args.format {
        TableFormat::Human => {
            status::table_in(&rows, monday, before, out.quiet, super::term_width())
        }
        TableFormat::Json => format!("{}\n", status::json(&rows, monday, before)),
    };
    crate::print_stdout(&text)?;
    Ok(crate::exit::OK)
}

/// A failed row for each pair folder whose `pair.yaml` could not be read.
fn unreadable(
    repo: &Repo,
    pairs: &[Pair],
    problems: &[crate::diag::Diagnostic],
) -> Vec<PairStatus> {
    let prefix = repo.plans_rel().to_string();
    let mut broken: Vec<&str> = problems
        .iter()
        .filter(|d| d.severity == Severity::Error && d.path.ends_with("/pair.yaml"))
        .filter_map(|d| {
            d.path
                .strip_prefix(&format!("{prefix}/"))?
                .strip_suffix("/pair.yaml")
        })
        .filter(|id| !pairs.iter().any(|p| p.id == *id))
        .collect();
    broken.dedup();
    broken
        .into_iter()
        .map(|id| {
            PairStatus::failed(
                id,
                None,
                None,
                "`pair.yaml` has errors: run `ect validate`".into(),
            )
        })
        .collect()
}

/// One pair's row: reads its agendas up to the end of the week (each once)
/// and the plan in force.
fn one_pair(
    repo: &Repo,
    calendar: &Calendar,
    programme: &ProgrammeSessions,
    pair: &Pair,
    monday: NaiveDate,
    before: NaiveDate,
) -> PairStatus {
    let schedule = schedule::build(calendar, pair, programme);
    let prefix = repo.plans_rel().to_string();
    let pair_dir = repo.plans_dir().join(&pair.id);
    let week_end = monday + Days::new(7);
    let (agendas, ledger) = read_agendas(pair, &prefix, &pair_dir, week_end);
    let open = ledger.open_at(week_end);
    let open_actions = open.len();
    let older_actions = crate::cmd::agenda::older_count(
        &schedule,
        &open,
        week_end,
        repo.config.older_actions_after,
    );
    let plan = plan::in_force(&prefix, &pair_dir, &pair.id, monday + Days::new(6));
    let mut row = status::assess(
        &PairFacts {
            id: &pair.id,
            mentor: &pair.mentor,
            ect: &pair.ect,
            schedule: &schedule,
            agendas: &agendas,
            open_actions,
            older_actions,
            plan: plan.as_ref(),
        },
        monday,
        before,
    );
    add_induction(repo, calendar, pair, before, &mut row);
    row
}

/// The pair's agendas dated before `week_end`, each read once: whether a
/// person wrote in it, and the ledger of the actions they agreed.
fn read_agendas(
    pair: &Pair,
    prefix: &str,
    pair_dir: &std::path::Path,
    week_end: NaiveDate,
) -> (Vec<AgendaFile>, crate::agenda::ledger::Ledger) {
    let files: Vec<_> = crate::agenda::files(pair_dir)
        .into_iter()
        .filter(|f| f.date.is_some_and(|d| d < week_end))
        .collect();
    let mut agendas = Vec::with_capacity(files.len());
    let mut ledger = crate::agenda::ledger::Ledger::new();
    let folder = crate::repo::Folder::open(&pair_dir.join("agendas"));
    let mut buf = Vec::with_capacity(64 * 1024);
    for f in &files {
        let date = f.date.unwrap_or(week_end);
        let text = match &f.text {
            Some(t) => Some(t.as_str()),
            // not readable as text: not text `ect` wrote
            None => crate::agenda::read_listed(&folder, f, &mut buf).ok(),
        };
        let written = match text {
            // the ledger knows whether `ect` wrote it as it is
            Some(text) => !ledger.add(date, text),
            // not text `ect` wrote: a person did
            None => true,
        };
        agendas.push(AgendaFile {
            date,
            path: format!("{prefix}/{}/agendas/{}", pair.id, f.name),
            written,
        });
    }
    (agendas, ledger)
}

/// Adds to `row` the statutory induction's next review or assessment
/// without a record (and attention when it is overdue).
fn add_induction(
    repo: &Repo,
    calendar: &Calendar,
    pair: &Pair,
    before: NaiveDate,
    row: &mut PairStatus,
) {
    let tracked = super::induction::track(repo, calendar, pair);
    if let Some((next, overdue)) = super::induction::next_event(&tracked, before) {
        let event = crate::induction::NextEvent {
            kind: next.event.kind.as_str(),
            term: next.event.term,
            due: next.event.due,
            overdue,
        };
        if overdue {
            row.attention.push(format!(
                "{} overdue",
                event.describe(|d| status::short_date(d, before))
            ));
        }
        row.induction = Some(event);
    }
}
