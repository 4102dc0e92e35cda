//! `ect review new` and `ect observe new`: the induction tutor's records of
//! a progress review or formal assessment (with the evidence the repository
//! holds for its period) and of a lesson observation. Both take the
//! repository lock around their writes and never replace a file.

use crate::Output;
use crate::calendar::Calendar;
use crate::cli::{
    Cli, ObserveArgs, ObserveCommand, ObserveNewArgs, ReviewArgs, ReviewCommand, ReviewNewArgs,
};
use crate::induction::calendar as icalendar;
use crate::induction::evidence::{self, AgendaFacts, Evidence, Scheduled, TargetFacts};
use crate::induction::records;
use crate::pair::Pair;
use crate::plan;
use crate::repo::{Repo, read_checked};
use crate::schedule::{self, ProgrammeSessions};
use crate::{exit, write};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use std::path::Path;

fn date_arg(s: &str) -> Result<NaiveDate> {
    plan::parse_date(s)
        .ok_or_else(|| anyhow::anyhow!("`--date {s}` is not a date; write it as YYYY-MM-DD"))
}

pub(crate) fn review(cli: &Cli, args: &ReviewArgs, out: Output) -> Result<i32> {
    let repo = match super::open_repo(cli, out)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    match &args.command {
        ReviewCommand::New(a) => review_new(&repo, a, out),
    }
}

pub(crate) fn observe(cli: &Cli, args: &ObserveArgs, out: Output) -> Result<i32> {
    let repo = match super::open_repo(cli, out)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    match &args.command {
        ObserveCommand::New(a) => observe_new(&repo, a, out),
    }
}

/// `../` from `plans/<id>/<folder>/` back to the repository root.
fn up_to_root(plans: &str) -> String {
    let depth = plans
        .trim_start_matches("./")
        .trim_end_matches('/')
        .split('/')
        .filter(|c| !c.is_empty())
        .count()
        + 2;
    "../".repeat(depth)
}

fn review_new(repo: &Repo, args: &ReviewNewArgs, out: Output) -> Result<i32> {
    let (pairs, _) = crate::pair::load_pairs(repo);
    let pair = super::plan::choose(repo, &pairs, args.pair.as_deref())?;
    if repo.config.terms.is_empty() {
        bail!(
            "`ect.yaml` has no `terms:`; add the school's term dates to work out the induction terms"
        );
    }
    let lock = crate::lock::acquire(&repo.root, &repo.config.plans, "review new")?;
    let today = super::today()?;
    let date = match &args.date {
        Some(s) => date_arg(s)?,
        None => today,
    };
    let calendar = Calendar::new(&repo.config);
    let (event, last) = induction_term(pair, &calendar, date)?;
    let (term_start, term_end) = event.dates.expect("term_of only returns terms with dates");
    let from = term_start.max(pair.induction_start());
    let to = date.min(term_end);
    let rel = format!(
        "{}/{}/reviews/{}",
        repo.config.plans,
        pair.id,
        records::review_file_name(date, event.kind)
    );
    if std::fs::symlink_metadata(repo.root.join(&rel)).is_ok() {
        crate::errln!(
            "error: `{rel}` exists already; it was not changed. Edit it, or give another `--date`"
        );
        return Ok(exit::PROBLEMS);
    }
    let pair_dir = repo.plans_dir().join(&pair.id);
    let earlier = earlier_records(repo, pair, event.term);
    let evidence = gather(repo, pair, &calendar, from, to);
    let text = records::render_review(&records::NewReview {
        pair: &pair.id,
        kind: event.kind,
        term: event.term,
        from,
        to,
        ect: &pair.ect,
        evidence: &evidence::render(&evidence),
        last,
    });
    write::write_new(&repo.root, Path::new(&rel), &text)?;
    if !out.quiet {
        let due = event
            .due
            .map(|d| format!(", due {}", crate::generate::long_date(d)))
            .unwrap_or_default();
        crate::print_stdout(&format!(
            "created  {rel}\n  {} of induction term {}{due}\n  evidence from {from} to {to}\n",
            event.kind.words(),
            event.term
        ))?;
    }
    for e in &earlier {
        crate::errln!(
            "warning: induction term {} already has a record, `{e}`",
            event.term
        );
    }
    drop(lock);
    let full = repo.root.join(&rel);
    if !args.no_edit && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        super::plan::edit(&full, &rel);
    }
    report_problems(repo, &rel, out, |text| {
        let observations = records::list_observations(&pair_dir);
        records::check_review(&rel, text, &pair.id, event.kind, &|a, b| {
            observations.iter().any(|(d, _)| a <= *d && *d <= b)
        })
    });
    Ok(exit::OK)
}

/// The induction term a record dated `date` belongs to, and whether it is
/// the last; an error before the induction or after its end.
fn induction_term(
    pair: &Pair,
    calendar: &Calendar,
    date: NaiveDate,
) -> Result<(icalendar::Event, bool)> {
    let events = icalendar::events(pair, calendar);
    let Some(event) = icalendar::term_of(&events, date).cloned() else {
        let first = events.first().and_then(|e| e.dates).map(|(s, _)| s);
        bail!(
            "{date} is before pair `{}`'s induction term 1{}; give a `--date` in an induction term (`ect induction --pair {}` lists them)",
            pair.id,
            first
                .map(|s| format!(", which starts on {s}"))
                .unwrap_or_default(),
            pair.id
        );
    };
    let (_, term_end) = event.dates.expect("term_of only returns terms with dates");
    let last = event.term == events.len() as u32;
    // after the last induction term, once the next school term has begun
    if last
        && calendar
            .terms()
            .iter()
            .any(|t| t.start > term_end && t.start <= date)
    {
        bail!(
            "{date} is after pair `{}`'s induction, which ended with term {} on {term_end}; give a `--date` in an induction term, or add `extension_terms:` to `pair.yaml` if the appropriate body extended it",
            pair.id,
            event.term
        );
    }
    Ok((event, last))
}

/// The pair's records already written for induction term `term`,
/// repository-relative.
fn earlier_records(repo: &Repo, pair: &Pair, term: u32) -> Vec<String> {
    let pair_dir = repo.plans_dir().join(&pair.id);
    records::list_reviews(&pair_dir)
        .into_iter()
        .filter(|r| {
            read_checked(&r.path)
                .ok()
                .and_then(|t| records::review_front(&t))
                .and_then(|f| f.term)
                == Some(term)
        })
        .map(|r| {
            format!(
                "{}/{}/reviews/{}",
                repo.config.plans,
                pair.id,
                records::review_file_name(r.date, r.kind)
            )
        })
        .collect()
}

/// Prints what is still wrong with the file just written (after the editor).
fn report_problems(
    repo: &Repo,
    rel: &str,
    out: Output,
    check: impl Fn(&str) -> Vec<crate::diag::Diagnostic>,
) {
    let Ok(text) = read_checked(&repo.root.join(rel)) else {
        crate::errln!("warning: `{rel}` is no longer there, or is not UTF-8 text");
        return;
    };
    for mut d in check(&text) {
        if let Some(severity) = repo.config.severity(d.rule, d.severity) {
            d.severity = severity;
            crate::errln!("{}", crate::diag::render::human(&d, out.color));
        }
    }
}

/// What the repository holds for `pair` from `from` to `to`.
fn gather(
    repo: &Repo,
    pair: &Pair,
    calendar: &Calendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Evidence {
    let plans = repo.config.plans.as_str();
    let pair_dir = repo.plans_dir().join(&pair.id);
    let in_period = |d: NaiveDate| from <= d && d <= to;
    let mut e = Evidence {
        from: Some(from),
        to: Some(to),
        up: up_to_root(plans),
        ..Evidence::default()
    };
    if let Ok((curriculum, _)) = repo.load_curriculum()
        && let Some(programme) = ProgrammeSessions::from_curriculum(&curriculum, &pair.programme)
    {
        let schedule = schedule::build(calendar, pair, &programme);
        e.scheduled = schedule
            .meetings()
            .filter(|m| in_period(m.date))
            .map(|m| Scheduled {
                date: m.date,
                sessions: m.sessions.iter().map(|s| curriculum.repo_path(s)).collect(),
            })
            .collect();
    }
    for (date, path) in crate::agenda::list(&pair_dir) {
        if !in_period(date) {
            continue;
        }
        let text = read_checked(&path).ok();
        let actions = text
            .as_deref()
            .map(|t| crate::agenda::tasks::tasks_under(t, "Actions agreed"))
            .unwrap_or_default();
        e.agendas.push(AgendaFacts {
            date,
            path: format!("{plans}/{}/agendas/{date}.md", pair.id),
            written: text
                .as_deref()
                .is_none_or(|t| !crate::checksum::is_untouched(t)),
            agreed: actions.len(),
            done: actions.iter().filter(|a| a.done).count(),
        });
    }
    // the plan in force when the period starts, and every plan made in it
    let files = plan::list(&pair_dir);
    let first = files.iter().rposition(|(d, _)| *d <= from).unwrap_or(0);
    for (date, file) in files.iter().skip(first).filter(|(d, _)| *d <= to) {
        let Some((plan, _)) = plan::read(plans, &pair.id, *date, file) else {
            continue;
        };
        for t in plan.targets.iter().filter(|t| !t.template) {
            e.targets.push(TargetFacts {
                text: t.text.clone(),
                standards: t.standards.clone(),
                status: t.status.as_str(),
                at: format!("{}:{}", plan.path, t.line),
            });
        }
    }
    e.observations = records::list_observations(&pair_dir)
        .into_iter()
        .filter(|(d, _)| in_period(*d))
        .map(|(d, _)| (d, format!("{plans}/{}/observations/{d}.md", pair.id)))
        .collect();
    e.mentor_changes = pair
        .mentors
        .iter()
        .filter(|m| in_period(m.from))
        .map(|m| (m.name.clone(), m.from))
        .collect();
    e
}

fn observe_new(repo: &Repo, args: &ObserveNewArgs, out: Output) -> Result<i32> {
    let (pairs, _) = crate::pair::load_pairs(repo);
    let pair = super::plan::choose(repo, &pairs, args.pair.as_deref())?;
    if let Some(by) = &args.by
        && (by.trim().is_empty() || by.chars().any(char::is_control))
    {
        bail!("`--by` must be a name on one line");
    }
    let lock = crate::lock::acquire(&repo.root, &repo.config.plans, "observe new")?;
    let today = super::today()?;
    let date = match &args.date {
        Some(s) => date_arg(s)?,
        None => today,
    };
    let rel = format!("{}/{}/observations/{date}.md", repo.config.plans, pair.id);
    if std::fs::symlink_metadata(repo.root.join(&rel)).is_ok() {
        crate::errln!(
            "error: `{rel}` exists already; it was not changed. Edit it, or give another `--date`"
        );
        return Ok(exit::PROBLEMS);
    }
    // a JSON string is a YAML string: any name is written safely
    let by = args
        .by
        .as_deref()
        .map(|b| serde_json::to_string(b.trim()))
        .transpose()?
        .unwrap_or_default();
    let text = records::render_observation(&pair.id, date, &by);
    write::write_new(&repo.root, Path::new(&rel), &text)?;
    if !out.quiet {
        crate::print_stdout(&format!("created  {rel}\n"))?;
    }
    drop(lock);
    if !args.no_edit && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        super::plan::edit(&repo.root.join(&rel), &rel);
    }
    report_problems(repo, &rel, out, |text| {
        records::check_observation(&rel, text, &pair.id, date)
    });
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    #[test]
    fn up_to_root_counts_the_plans_folder() {
        assert_eq!(super::up_to_root("plans"), "../../../");
        assert_eq!(super::up_to_root("./school/plans/"), "../../../../");
    }
}
