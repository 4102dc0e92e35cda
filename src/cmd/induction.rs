//! `ect induction`: each pair's statutory induction calendar (progress
//! reviews and formal assessments, with their due days and the records
//! written for them), as a table, JSON or an iCalendar file.

use crate::Output;
use crate::calendar::Calendar;
use crate::cli::{Cli, InductionArgs, InductionFormat};
use crate::induction::calendar::{self as icalendar, Event};
use crate::induction::records;
use crate::pair::{Pair, load_pairs};
use crate::repo::Repo;
use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde::Serialize;

/// An induction event and the record written for it, if any.
#[derive(Debug, Clone)]
pub(crate) struct Tracked {
    pub event: Event,
    /// Repository-relative path of the review or assessment record.
    pub record: Option<String>,
}

/// Every event of `pair`'s induction with the records found in its folder:
/// a record belongs to the term its front matter names, else to the term
/// its date falls in.
pub(crate) fn track(repo: &Repo, calendar: &Calendar, pair: &Pair) -> Vec<Tracked> {
    let events = icalendar::events(pair, calendar);
    let dir = repo.plans_dir().join(&pair.id);
    let mut found: Vec<(u32, String)> = Vec::new();
    for r in records::list_reviews(&dir) {
        let term = crate::repo::read_checked(&r.path)
            .ok()
            .and_then(|t| records::review_front(&t))
            .and_then(|f| f.term)
            .or_else(|| icalendar::term_of(&events, r.date).map(|e| e.term));
        if let Some(term) = term {
            found.push((
                term,
                format!(
                    "{}/{}/reviews/{}",
                    repo.config.plans,
                    pair.id,
                    records::review_file_name(r.date, r.kind)
                ),
            ));
        }
    }
    events
        .into_iter()
        .map(|event| {
            let record = found
                .iter()
                .rfind(|(t, _)| *t == event.term)
                .map(|(_, p)| p.clone());
            Tracked { event, record }
        })
        .collect()
}

/// The next event still without a record, and whether it is overdue on `today`.
pub(crate) fn next_event(tracked: &[Tracked], today: NaiveDate) -> Option<(&Tracked, bool)> {
    tracked
        .iter()
        .find(|t| t.record.is_none())
        .map(|t| (t, t.event.due.is_some_and(|d| d < today)))
}

#[derive(Serialize)]
struct JsonOut {
    pairs: Vec<JsonPair>,
}

#[derive(Serialize)]
struct JsonPair {
    pair: String,
    fte: f64,
    events: Vec<JsonEvent>,
}

#[derive(Serialize)]
struct JsonEvent {
    kind: &'static str,
    term: u32,
    due: Option<NaiveDate>,
    record: Option<String>,
}

pub(crate) fn run(cli: &Cli, args: &InductionArgs, out: Output) -> Result<i32> {
    let repo = match super::open_repo(cli, out)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    if repo.config.terms.is_empty() {
        bail!(
            "`ect.yaml` has no `terms:`; add the school's term dates to work out the induction calendar"
        );
    }
    let (pairs, problems) = load_pairs(&repo);
    if args.pair.is_none() {
        warn_left_out(&problems);
    }
    let chosen: Vec<&Pair> = match &args.pair {
        Some(id) => match pairs.iter().find(|p| &p.id == id) {
            Some(p) => vec![p],
            None => bail!(
                "no readable pair `{id}` in `{}/` (`ect validate` says why a pair cannot be read); {}",
                repo.config.plans,
                crate::pair::describe(&pairs)
            ),
        },
        None => pairs.iter().collect(),
    };
    let calendar = Calendar::new(&repo.config);
    let all: Vec<(&Pair, Vec<Tracked>)> = chosen
        .into_iter()
        .map(|p| (p, track(&repo, &calendar, p)))
        .collect();
    let text = match args.format {
        InductionFormat::Json => json(&all)?,
        InductionFormat::Ics => crate::generate::ics::calendar(
            "Induction reviews and assessments",
            &ics_events(&all),
            super::today()?,
        ),
        InductionFormat::Human => human(&all, super::today()?),
    };
    crate::print_stdout(&text)?;
    Ok(crate::exit::OK)
}

/// Warns of each `pair.yaml` with errors, which is left out.
fn warn_left_out(problems: &[crate::diag::Diagnostic]) {
    let mut broken: Vec<&str> = problems
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error && d.path.ends_with("/pair.yaml"))
        .map(|d| d.path.as_str())
        .collect();
    broken.dedup();
    for path in broken {
        crate::errln!("warning: `{path}` has errors and is left out: run `ect validate`");
    }
}

/// `--format json`: each pair's reviews and assessments in date order.
fn json(all: &[(&Pair, Vec<Tracked>)]) -> Result<String> {
    let json = JsonOut {
        pairs: all
            .iter()
            .map(|(p, tracked)| {
                let mut events: Vec<JsonEvent> = tracked
                    .iter()
                    .map(|t| JsonEvent {
                        kind: t.event.kind.as_str(),
                        term: t.event.term,
                        due: t.event.due,
                        record: t.record.clone(),
                    })
                    .collect();
                // date order; terms beyond the calendar last
                events.sort_by_key(|e| (e.due.is_none(), e.due, e.term));
                JsonPair {
                    pair: p.id.clone(),
                    fte: p.fte(),
                    events,
                }
            })
            .collect(),
    };
    Ok(serde_json::to_string_pretty(&json)? + "\n")
}

/// `--format ics`: an event on the due date of each review and assessment.
fn ics_events(all: &[(&Pair, Vec<Tracked>)]) -> Vec<crate::generate::ics::Event> {
    let mut events = Vec::new();
    for (p, tracked) in all {
        for t in tracked {
            let Some(due) = t.event.due else { continue };
            events.push(crate::generate::ics::Event {
                pair: format!("{}-induction", p.id),
                week_monday: crate::calendar::monday_of(due),
                date: due,
                time: None,
                minutes: 0,
                summary: format!(
                    "{}: {} (induction term {})",
                    p.ect,
                    t.event.kind.words(),
                    t.event.term
                ),
                description: format!(
                    "Due by the last teaching day of induction term {}. Record: {}",
                    t.event.term,
                    t.record
                        .as_deref()
                        .unwrap_or("not written yet (`ect review new`)")
                ),
            });
        }
    }
    events
}

fn human(all: &[(&Pair, Vec<Tracked>)], today: NaiveDate) -> String {
    let mut s = String::new();
    for (i, (p, tracked)) in all.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let terms = tracked.len();
        let mut facts = vec![format!("{terms} terms")];
        if p.fte() < 1.0 {
            facts.push(format!("part-time, fte {}", p.fte()));
        }
        if let Some(n) = p.extension_terms.filter(|n| *n > 0) {
            facts.push(format!(
                "extended by {n} term{}",
                if n == 1 { "" } else { "s" }
            ));
        }
        if let Some(route) = p.route {
            facts.push(route.as_str().to_string());
        }
        s.push_str(&format!(
            "{}  (ECT {}; induction from {}; {})\n",
            p.id,
            p.ect,
            p.induction_start(),
            facts.join(", ")
        ));
        for t in tracked {
            let due = t.event.due.map_or_else(
                || "not in ect.yaml yet".to_string(),
                |d| d.format("%a %-d %b %Y").to_string(),
            );
            let state = match (&t.record, t.event.due) {
                (Some(r), _) => r.clone(),
                (None, Some(d)) if d < today => "OVERDUE: no record".to_string(),
                (None, _) => "-".to_string(),
            };
            s.push_str(&format!(
                "  term {:>2}  {:<17}  due {:<15}  {state}\n",
                t.event.term,
                t.event.kind.words(),
                due
            ));
        }
    }
    if all.is_empty() {
        s.push_str("no pairs\n");
    }
    s
}
