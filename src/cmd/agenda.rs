//! `ect agenda`: this week's meeting agenda for every pair, written to
//! `plans/<pair>/agendas/<date>.md`.

use crate::Output;
use crate::agenda::text::{AgendaInput, NextMeeting, SessionBrief, render};
use crate::calendar::Calendar;
use crate::cli::{AgendaArgs, Cli};
use crate::curriculum::Curriculum;
use crate::curriculum::document::{Document, IntentionGroup};
use crate::pair::Pair;
use crate::repo::Repo;
use crate::schedule::{self, Meeting, ProgrammeSessions, Schedule, SkipReason};
use crate::write::{self, Outcome};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// What happened for one pair.
enum PairResult {
    Written(Outcome, String),
    Printed(String),
    Skipped(SkipReason),
    Failed(String),
}

/// What happened for one pair, and to its agendas of the week whose date is
/// no longer a meeting (lines to print).
struct PairRun {
    result: PairResult,
    moved: Vec<String>,
}

pub(crate) fn run(cli: &Cli, args: &AgendaArgs, out: Output) -> Result<i32> {
    let repo = match super::open_repo(cli, out)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    check_plans_folder(&repo)?;
    // one writing run at a time; let go when `run` returns, also on an error
    let _lock = if args.dry_run || args.stdout {
        None
    } else {
        crate::lock::acquire(&repo.root, &repo.config.plans, "agenda")?
    };
    if repo.config.terms.is_empty() {
        bail!(
            "`ect.yaml` lists no terms; add the school's term dates (see the README) to plan meetings"
        );
    }
    let today = super::today()?;
    let monday = crate::weekspec::parse(&args.week, today)?;
    // agendas whose meeting moved are looked for from this week to the run's
    let from = crate::calendar::monday_of(today).min(monday);
    let (curriculum, _) = repo.load_curriculum()?;
    let (pairs, pair_problems) = crate::pair::load_pairs(&repo);
    if pairs.is_empty() && pair_problems.is_empty() {
        crate::errln!(
            "note: no agendas to write: {}",
            crate::pair::describe(&pairs)
        );
    }
    let chosen = choose(&pairs, &args.pairs)?;
    // a pair whose `pair.yaml` has errors (a pause ending before it starts) is
    // reported as failed below; planning it anyway would guess its dates
    let chosen: Vec<&Pair> = chosen
        .into_iter()
        .filter(|p| crate::pair::first_error(p, &pair_problems).is_none())
        .collect();
    let calendar = Calendar::new(&repo.config);
    let runner = Runner {
        repo: &repo,
        curriculum: &curriculum,
        calendar: &calendar,
        programmes: programmes_of(&curriculum, &chosen),
        window: (from, monday),
        args,
    };
    let work = || -> Vec<(&Pair, PairRun)> {
        chosen
            .par_iter()
            .map(|pair| (*pair, runner.pair(pair)))
            .collect()
    };
    // each pair's agenda is flushed to disk before it is renamed into place:
    // the threads mostly wait on those flushes, so more of them than cores
    // lets the file system commit many flushes at once (a run writing 3,333
    // agendas took 2.9 s on two threads; see the README's benchmarks)
    let results = match (args.dry_run || args.stdout, io_pool()) {
        (false, Some(pool)) => pool.install(work),
        _ => work(),
    };
    let mut report = Report {
        text: String::new(),
        failed: 0,
        width: chosen.iter().map(|p| p.id.len()).max().unwrap_or(0),
    };
    report.unreadable(&pair_problems, &args.pairs);
    for (pair, run) in &results {
        report.pair(pair, run, args.dry_run, out.quiet);
    }
    crate::print_stdout(&report.text)?;
    Ok(if report.failed > 0 {
        crate::exit::PROBLEMS
    } else {
        crate::exit::OK
    })
}

/// Refuses a repository without its pairs folder: a repository not set up,
/// not a quiet success.
fn check_plans_folder(repo: &Repo) -> Result<()> {
    let plans = repo.config.plans.trim_end_matches('/');
    match std::fs::symlink_metadata(repo.plans_dir()) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => bail!(
            "`{plans}` is not a folder: pairs live in `{plans}/<id>/pair.yaml`; move the file away and add pairs with `ect pair add`"
        ),
        Err(_) => bail!(
            "no `{plans}/` folder in `{}`: add pairs with `ect pair add` or `ect pair import`, or set `plans:` in `ect.yaml`",
            repo.root.display()
        ),
    }
}

/// The programmes of the `chosen` pairs, each prepared once (`None` when
/// the curriculum has no such programme).
fn programmes_of<'p>(
    curriculum: &Curriculum,
    chosen: &[&'p Pair],
) -> HashMap<&'p str, Option<ProgrammeSessions>> {
    let mut programmes = HashMap::new();
    for p in chosen {
        programmes
            .entry(p.programme.as_str())
            .or_insert_with(|| ProgrammeSessions::from_curriculum(curriculum, &p.programme));
    }
    programmes
}

/// What every pair of a run is planned with.
struct Runner<'a> {
    repo: &'a Repo,
    curriculum: &'a Curriculum,
    calendar: &'a Calendar,
    programmes: HashMap<&'a str, Option<ProgrammeSessions>>,
    /// This week's Monday (or the run's, if earlier) and the run's Monday.
    window: (NaiveDate, NaiveDate),
    args: &'a AgendaArgs,
}

impl Runner<'_> {
    /// Plans (and unless `--stdout` writes) `pair`'s agenda.
    fn pair(&self, pair: &Pair) -> PairRun {
        match self
            .programmes
            .get(pair.programme.as_str())
            .and_then(Option::as_ref)
        {
            None => PairRun {
                result: PairResult::Failed(format!(
                    "no programme `{}`: there is no `{}/{}.md`",
                    pair.programme, self.repo.config.curriculum, pair.programme
                )),
                moved: Vec::new(),
            },
            Some(prog) => one_pair(
                self.repo,
                self.curriculum,
                self.calendar,
                prog,
                pair,
                self.window,
                self.args,
            ),
        }
    }
}

/// The run's report: a line per pair (and per moved agenda).
struct Report {
    text: String,
    /// Pairs that failed.
    failed: usize,
    /// The width of the longest pair id.
    width: usize,
}

impl Report {
    /// Reports, as failed, the pairs whose `pair.yaml` could not be read at
    /// all (those of `wanted`, or all when none are named).
    fn unreadable(&mut self, pair_problems: &[crate::diag::Diagnostic], wanted: &[String]) {
        for d in pair_problems
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
        {
            let shown =
                wanted.is_empty() || wanted.iter().any(|id| d.path.contains(&format!("/{id}/")));
            if shown {
                self.failed += 1;
                self.text.push_str(&format!(
                    "{}:{}: failed: {}\n",
                    d.path, d.location.line, d.message
                ));
            }
        }
    }

    /// Reports what became of `pair`; with `quiet`, only what needs a look.
    fn pair(&mut self, pair: &Pair, run: &PairRun, dry_run: bool, quiet: bool) {
        let width = self.width;
        for line in &run.moved {
            self.text.push_str(&format!("{:width$}  {line}\n", pair.id));
        }
        match &run.result {
            PairResult::Printed(agenda) => {
                self.text.push_str(agenda);
                self.text.push('\n');
            }
            PairResult::Written(outcome, path) => {
                if !quiet || matches!(outcome, Outcome::Kept | Outcome::Merged | Outcome::Conflict)
                {
                    let verb = written_verb(outcome, dry_run);
                    self.text
                        .push_str(&format!("{:width$}  {verb}  {path}\n", pair.id));
                }
            }
            PairResult::Skipped(reason) => {
                if !quiet {
                    self.text
                        .push_str(&format!("{:width$}  skipped: {reason}\n", pair.id));
                }
            }
            PairResult::Failed(why) => {
                self.failed += 1;
                self.text
                    .push_str(&format!("{:width$}  failed: {why}\n", pair.id));
            }
        }
    }
}

/// What the report says of an agenda written (or with `dry_run` not) with
/// `outcome`.
fn written_verb(outcome: &Outcome, dry_run: bool) -> &'static str {
    match (outcome, dry_run) {
        (Outcome::Created, true) => "would create",
        (Outcome::Updated, true) => "would update",
        (Outcome::Merged, true) => "would merge (edited by a person)",
        (Outcome::Conflict, true) => "would conflict (edited by a person)",
        (Outcome::Kept, _) => "kept (edited by a person)",
        (Outcome::Merged, false) => "merged (edited by a person)",
        (Outcome::Conflict, false) => {
            "conflict (edited by a person; their text kept, see `ect validate`)"
        }
        (o, _) => o.as_str(),
    }
}

/// Threads for a run that writes: four per core, at most 16 (writing is
/// waiting on the disk far more than computing). `None` if the system will
/// not start them; the run then uses the usual pool.
fn io_pool() -> Option<rayon::ThreadPool> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    rayon::ThreadPoolBuilder::new()
        .num_threads((cores * 4).clamp(4, 16))
        .build()
        .ok()
}

/// The pairs asked for (all when none are named); an unknown id is an error.
fn choose<'p>(pairs: &'p [Pair], wanted: &[String]) -> Result<Vec<&'p Pair>> {
    if wanted.is_empty() {
        return Ok(pairs.iter().collect());
    }
    wanted
        .iter()
        .map(|id| {
            pairs.iter().find(|p| &p.id == id).ok_or_else(|| {
                let known: Vec<&str> = pairs.iter().map(|p| p.id.as_str()).collect();
                anyhow::anyhow!(
                    "no pair `{id}`: a pair is a folder `plans/<id>/` with a `pair.yaml`; the pairs are: {}",
                    if known.is_empty() { "none yet".to_string() } else { known.join(", ") }
                )
            })
        })
        .collect()
}

fn one_pair(
    repo: &Repo,
    curriculum: &Curriculum,
    calendar: &Calendar,
    programme: &ProgrammeSessions,
    pair: &Pair,
    (from, monday): (NaiveDate, NaiveDate),
    args: &AgendaArgs,
) -> PairRun {
    let schedule = schedule::build(calendar, pair, programme);
    let pair_dir = repo.plans_dir().join(&pair.id);
    // every agenda of the pair, each read once
    let (ledger, files) = match crate::agenda::ledger(&pair_dir) {
        Ok(found) => found,
        Err(e) => {
            return PairRun {
                result: PairResult::Failed(format!("{e:#}")),
                moved: Vec::new(),
            };
        }
    };
    let moved = if args.stdout {
        Vec::new()
    } else {
        moved_since(repo, pair, &schedule, &files, (from, monday), args.dry_run)
    };
    let of_pair = OfPair {
        repo,
        curriculum,
        programme,
        pair,
        schedule: &schedule,
        ledger: &ledger,
    };
    let result = match schedule.status(monday) {
        Ok(meeting) => write_meeting(&of_pair, meeting, &files, args),
        Err(reason) => PairResult::Skipped(reason),
    };
    PairRun { result, moved }
}

/// The agendas dated from the Monday `from` (this week) to the end of the
/// week of `monday` (the run's) whose date is no longer a meeting of the
/// pair (a closure, a new meeting day, a pause): removed when `ect` wrote
/// them and nobody typed into them, kept otherwise. One line each.
fn moved_since(
    repo: &Repo,
    pair: &Pair,
    schedule: &Schedule,
    files: &[crate::agenda::AgendaFile],
    (from, monday): (NaiveDate, NaiveDate),
    dry_run: bool,
) -> Vec<String> {
    let sunday = monday + chrono::Days::new(6);
    let mut lines = Vec::new();
    for f in files.iter().filter(|f| f.named_by_date) {
        let Some(date) = f.date else { continue };
        if date < from || date > sunday || schedule.meetings().any(|m| m.date == date) {
            continue;
        }
        let rel = format!("{}/{}/agendas/{}", repo.config.plans, pair.id, f.name);
        let now = match schedule
            .meeting_in_week(date)
            .or_else(|| schedule.next_meeting_after(date))
        {
            Some(m) => format!("the meeting is now on {}", m.date),
            None => "no meeting is planned after it".to_string(),
        };
        match write::remove_if_untouched(&repo.root, std::path::Path::new(&rel), !dry_run) {
            Ok(true) => lines.push(format!(
                "{}  {rel} ({date} is no longer a meeting; {now})",
                if dry_run { "would remove" } else { "removed" }
            )),
            Ok(false) => lines.push(format!(
                "kept (edited by a person)  {rel}: {date} is no longer a meeting; {now} (see `ect validate`)"
            )),
            Err(e) => lines.push(format!("failed: {e:#}")),
        }
    }
    lines
}

/// What one pair's agendas are made from, whichever meeting.
pub(crate) struct OfPair<'a> {
    pub repo: &'a Repo,
    pub curriculum: &'a Curriculum,
    pub programme: &'a ProgrammeSessions,
    pub pair: &'a Pair,
    pub schedule: &'a Schedule,
    /// The pair's actions, from every agenda it has.
    pub ledger: &'a crate::agenda::ledger::Ledger,
}

fn write_meeting(
    of: &OfPair<'_>,
    meeting: &Meeting,
    files: &[crate::agenda::AgendaFile],
    args: &AgendaArgs,
) -> PairResult {
    let (repo, pair) = (of.repo, of.pair);
    let input = match agenda_input(of, meeting) {
        Ok(i) => i,
        Err(e) => return PairResult::Failed(format!("{e:#}")),
    };
    let text = render(&input);
    if args.stdout {
        return PairResult::Printed(text);
    }
    let named = format!(
        "{}/{}/agendas/{}.md",
        repo.config.plans, pair.id, meeting.date
    );
    // a person renamed this meeting's agenda: it is updated where it is,
    // never doubled by a second file
    let by_date = files
        .iter()
        .any(|f| f.named_by_date && f.date == Some(meeting.date));
    let rel = match files
        .iter()
        .find(|f| !f.named_by_date && f.date == Some(meeting.date))
    {
        Some(renamed) if !by_date => {
            format!("{}/{}/agendas/{}", repo.config.plans, pair.id, renamed.name)
        }
        _ => named.clone(),
    };
    let path = PathBuf::from(&rel);
    match write::write_agenda_as(
        &repo.root,
        &path,
        std::path::Path::new(&named),
        &text,
        !args.dry_run,
    ) {
        Ok((o, _)) => PairResult::Written(o, rel),
        Err(e) => PairResult::Failed(format!("{e:#}")),
    }
}

/// How many of `actions` (oldest first) were agreed more than `after`
/// meetings of the pair before `date`.
pub(crate) fn older_count(
    schedule: &Schedule,
    actions: &[crate::agenda::OpenAction],
    date: NaiveDate,
    after: u32,
) -> usize {
    let dates: Vec<NaiveDate> = schedule
        .meetings()
        .map(|m| m.date)
        .take_while(|d| *d < date)
        .collect();
    actions
        .iter()
        .take_while(|a| {
            let since = dates.len() - dates.partition_point(|d| *d < a.agreed);
            since > after as usize
        })
        .count()
}

/// Everything the agenda of `meeting` is made from.
pub(crate) fn agenda_input(of: &OfPair<'_>, meeting: &Meeting) -> Result<AgendaInput> {
    let OfPair {
        repo,
        curriculum,
        programme,
        pair,
        schedule,
        ledger,
    } = *of;
    let agenda_dir = format!("{}/{}/agendas", repo.config.plans, pair.id);
    let sessions = meeting
        .sessions
        .iter()
        .filter_map(|rel| curriculum.doc(rel))
        .map(|doc| session_brief(curriculum, doc, &agenda_dir))
        .collect();
    let module = meeting
        .module
        .as_ref()
        .map(|slug| (slug.clone(), module_title(programme, slug)));
    let pair_dir = repo.plans_dir().join(&pair.id);
    // the actions open at this meeting, from every agenda of the pair
    let actions = ledger.open_at(meeting.date);
    let older_after = repo.config.older_actions_after;
    let older_actions = older_count(schedule, &actions, meeting.date, older_after);
    let catch_up = meeting
        .catch_up
        .iter()
        .filter_map(|rel| curriculum.doc(rel))
        .map(|doc| {
            (
                doc.title().unwrap_or(&doc.rel).to_string(),
                crate::generate::session::relative_path(&agenda_dir, &doc.path),
            )
        })
        .collect();
    let previous_agenda = None;
    Ok(AgendaInput {
        pair: pair.id.clone(),
        mentor: pair.mentor.clone(),
        ect: pair.ect.clone(),
        date: meeting.date,
        time: pair.meeting.time.map(|t| t.format("%H:%M").to_string()),
        minutes: pair.meeting.minutes,
        programme: pair.programme.clone(),
        year: meeting.year,
        term: meeting.term,
        module,
        week: meeting.week,
        sessions,
        consolidation: meeting.consolidation,
        first: meeting.first,
        next: next_meeting(schedule, meeting.date),
        actions,
        previous_agenda,
        catch_up,
        older_actions,
        older_after,
        targets: open_targets(repo, &pair_dir, pair, meeting.date),
    })
}

/// The title of module `slug` in the programme overview (the slug itself
/// when the overview does not list it).
fn module_title(programme: &ProgrammeSessions, slug: &str) -> String {
    programme
        .programme
        .modules
        .iter()
        .find(|m| m.slug == slug)
        .map_or_else(|| slug.to_string(), |m| m.title.clone())
}

/// The pair's next meeting after `date`, with the break before it, or why
/// there is none.
fn next_meeting(schedule: &Schedule, date: NaiveDate) -> NextMeeting {
    match schedule.next_meeting_after(date) {
        Some(n) => NextMeeting::On(
            n.date,
            schedule.break_between(date, n.date).and_then(|r| match r {
                SkipReason::HalfTerm => Some("half-term".to_string()),
                SkipReason::Holiday => Some("the holidays".to_string()),
                SkipReason::Paused => Some("the pause".to_string()),
                _ => None,
            }),
        ),
        None => match schedule.finished_after {
            Some(_) => NextMeeting::Finished,
            None => NextMeeting::CalendarEnds,
        },
    }
}

/// The open targets of the action plan in force on `date`.
fn open_targets(
    repo: &Repo,
    pair_dir: &std::path::Path,
    pair: &Pair,
    date: NaiveDate,
) -> Vec<crate::agenda::text::OpenTarget> {
    crate::plan::in_force(&repo.config.plans, pair_dir, &pair.id, date)
        .map(|plan| {
            plan.open_targets()
                .map(|t| crate::agenda::text::OpenTarget {
                    text: t.text.clone(),
                    due: t.due,
                    plan: plan.path.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What the agenda shows of one session file, every link rewritten to work
/// from the agenda's folder `agenda_dir` (repository-relative).
pub(crate) fn session_brief(
    curriculum: &Curriculum,
    doc: &Document,
    agenda_dir: &str,
) -> SessionBrief {
    use crate::generate::session::{link_escape, relative_path, relink};
    use crate::rules::cross::Resolved;
    let resolve = |target: &str| -> Option<String> {
        match curriculum.resolve(target, &doc.rel) {
            Resolved::File(rel) => Some(relative_path(agenda_dir, &curriculum.repo_path(rel))),
            Resolved::External => Some(link_escape(target.trim())),
            Resolved::Missing(_) | Resolved::Nowhere => None,
        }
    };
    let intentions = doc
        .learning_intention_groups
        .iter()
        .map(|g| IntentionGroup {
            lead_in: relink(&g.lead_in, resolve),
            items: g.items.iter().map(|i| relink(i, resolve)).collect(),
        })
        .collect();
    let mut activities = crate::curriculum::activity::activities(doc);
    for a in &mut activities {
        a.materials.retain_mut(|m| match resolve(&m.target) {
            Some(t) => {
                m.target = t;
                true
            }
            None => false,
        });
    }
    SessionBrief {
        path: doc.path.clone(),
        link: relative_path(agenda_dir, &doc.path),
        title: doc.title().unwrap_or(&doc.rel).to_string(),
        topic: doc.sections.first().map(|s| s.heading.clone()),
        intentions,
        activities,
        declared_minutes: doc.declared_minutes(),
    }
}
