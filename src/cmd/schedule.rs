//! `ect schedule --pair ID`: the pair's meetings from its start to the last
//! term in `ect.yaml`, and the weeks it skips.

use crate::Output;
use crate::calendar::Calendar;
use crate::cli::{Cli, ScheduleArgs, ScheduleFormat};
use crate::curriculum::{Curriculum, Term};
use crate::diag::Severity;
use crate::pair::{Pair, is_valid_id, load_pairs};
use crate::schedule::{
    Meeting, ProgrammeSessions, Schedule, SkipReason, Week, build, weekday_name,
};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde::Serialize;

pub(crate) fn run(cli: &Cli, args: &ScheduleArgs, out: Output) -> Result<i32> {
    let repo = match super::open_repo(cli, out)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    if args.ics {
        return ics(&repo, args);
    }
    if args.all {
        return all(&repo, args, out);
    }
    let Some(id) = args.pair.as_deref() else {
        crate::out::eprint(&guide(&repo, out));
        return Ok(crate::exit::CANNOT_RUN);
    };
    if !is_valid_id(id) {
        bail!(
            "`{id}` is not a pair id: ids are folder names under `{}/` of lowercase letters, digits and hyphens",
            repo.config.plans
        );
    }
    let (pairs, diagnostics) = load_pairs(&repo);
    let folder = format!("{}/{id}", repo.plans_rel());
    let own: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.path == folder || d.path.starts_with(&format!("{folder}/")))
        .filter(|d| !out.quiet || d.severity == Severity::Error)
        .collect();
    for d in &own {
        crate::out::eprint(&crate::diag::render::human(d, out.color));
    }
    let Some(pair) = pairs.iter().find(|p| p.id == id) else {
        if !own.is_empty() {
            bail!("cannot read pair `{id}`: correct `{folder}/pair.yaml` first");
        }
        bail!(
            "no pair `{id}` in `{}/`; {}",
            repo.config.plans,
            crate::pair::describe(&pairs)
        );
    };
    if crate::pair::first_error(pair, &diagnostics).is_some() {
        // as `agenda` does: no meetings worked out from a wrong `pair.yaml`
        // (the errors are printed above)
        return Ok(crate::exit::PROBLEMS);
    }
    if repo.config.terms.is_empty() {
        bail!("`ect.yaml` has no `terms:`; add the school's term dates to work out meetings");
    }
    let calendar = Calendar::new(&repo.config);
    let (curriculum, _) = repo.load_curriculum()?;
    let schedule = pair_schedule(&calendar, &curriculum, pair)?;
    let text = match args.format {
        ScheduleFormat::Json => json(&[schedule], &curriculum, false)?,
        ScheduleFormat::Human => {
            human(pair, &schedule, &curriculum, out.color, super::term_width())
        }
    };
    crate::print_stdout(&text)?;
    Ok(crate::exit::OK)
}

/// `ect schedule` alone: the pairs there are, and the ways to call it.
fn guide(repo: &crate::repo::Repo, out: Output) -> String {
    let (pairs, _) = load_pairs(repo);
    let mut s = format!(
        "{}: which pair? `ect schedule` prints one pair's meetings (`--pair ID`) or every pair's (`--all`)\n",
        super::error_label(out)
    );
    if pairs.is_empty() {
        s.push_str(&format!(
            "  there are no pairs yet: add one with `ect pair add` (a pair is a folder `{}/<id>/` with a `pair.yaml`)\n",
            repo.config.plans.trim_end_matches('/')
        ));
    } else {
        s.push_str("\nthe pairs:\n");
        let width = pairs.iter().map(|p| p.id.len()).max().unwrap_or(0);
        for p in &pairs {
            s.push_str(&format!("  {:<width$}  {} and {}\n", p.id, p.mentor, p.ect));
        }
    }
    let example = pairs.first().map_or("ID", |p| p.id.as_str());
    let ways = [
        (
            format!("ect schedule --pair {example}"),
            "one pair's meetings, week by week",
        ),
        (
            format!("ect schedule --pair {example} --format json"),
            "the same, for scripts",
        ),
        (
            format!("ect schedule --pair {example} --ics > meetings.ics"),
            "a calendar file for Outlook, Google or Apple",
        ),
        (
            "ect schedule --all [--format json | --ics]".to_string(),
            "every pair's",
        ),
    ];
    s.push_str("\nways to call it:\n");
    for (call, what) in ways {
        s.push_str(&format!("  {call}\n      {what}\n"));
    }
    s
}

/// `--all` without `--ics`: every pair's schedule, one after another (or
/// one JSON array). A pair that cannot be scheduled is named on standard
/// error and the others are printed (exit 1).
fn all(repo: &crate::repo::Repo, args: &ScheduleArgs, out: Output) -> Result<i32> {
    if repo.config.terms.is_empty() {
        bail!("`ect.yaml` has no `terms:`; add the school's term dates to work out meetings");
    }
    let (pairs, diagnostics) = load_pairs(repo);
    let mut code = crate::exit::OK;
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        crate::out::eprint(&crate::diag::render::human(d, out.color));
        code = crate::exit::PROBLEMS;
    }
    if pairs.is_empty() {
        bail!("{}", crate::pair::describe(&pairs));
    }
    let calendar = Calendar::new(&repo.config);
    let (curriculum, _) = repo.load_curriculum()?;
    let width = super::term_width();
    let mut schedules = Vec::new();
    let mut texts = Vec::new();
    for pair in &pairs {
        if crate::pair::first_error(pair, &diagnostics).is_some() {
            continue;
        }
        match pair_schedule(&calendar, &curriculum, pair) {
            Ok(schedule) => {
                if args.format == ScheduleFormat::Human {
                    texts.push(human(pair, &schedule, &curriculum, out.color, width));
                }
                schedules.push(schedule);
            }
            Err(e) => {
                crate::errln!("{}: {e}", super::error_label(out));
                code = crate::exit::PROBLEMS;
            }
        }
    }
    let text = match args.format {
        ScheduleFormat::Json => json(&schedules, &curriculum, true)?,
        ScheduleFormat::Human => texts.join("\n"),
    };
    crate::print_stdout(&text)?;
    Ok(code)
}

/// One pair's schedule, warning on standard error about modules it never
/// reaches.
fn pair_schedule(calendar: &Calendar, curriculum: &Curriculum, pair: &Pair) -> Result<Schedule> {
    let Some(programme) = ProgrammeSessions::from_curriculum(curriculum, &pair.programme) else {
        bail!(
            "pair `{}` follows programme `{}`, but there is no `{}`; set `programme:` in its `pair.yaml` to a programme under `curriculum/`, or add that overview",
            pair.id,
            pair.programme,
            curriculum.repo_path(&format!("{}.md", pair.programme))
        );
    };
    let schedule = build(calendar, pair, &programme);
    for u in &schedule.unscheduled {
        let back = schedule
            .meetings()
            .find(|m| u.sessions.first().is_some_and(|s| m.catch_up.contains(s)))
            .map_or_else(
                || "; no later meeting can catch them up".to_string(),
                |m| format!("; they come back to catch up at the meeting of {}", m.date),
            );
        crate::errln!(
            "warning: no meeting falls in the weeks of `{}` (year {} {}), so {} session(s) have no meeting: {}{back}",
            u.module,
            u.year,
            u.term,
            u.sessions.len(),
            u.sessions
                .iter()
                .map(|s| curriculum.repo_path(s))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(schedule)
}

/// `--ics`: one pair's meetings, or every pair's, as an iCalendar file.
fn ics(repo: &crate::repo::Repo, args: &ScheduleArgs) -> Result<i32> {
    if repo.config.terms.is_empty() {
        bail!("`ect.yaml` has no `terms:`; add the school's term dates to work out meetings");
    }
    let (pairs, problems) = load_pairs(repo);
    let chosen: Vec<&Pair> = match &args.pair {
        Some(id) => match pairs.iter().find(|p| &p.id == id) {
            Some(p) => vec![p],
            None => bail!(
                "no pair `{id}` in `{}/`; {}",
                repo.config.plans,
                crate::pair::describe(&pairs)
            ),
        },
        None => pairs.iter().collect(),
    };
    if let Some(d) = chosen
        .iter()
        .find_map(|p| crate::pair::first_error(p, &problems))
    {
        bail!(
            "`{}:{}`: {}; correct it (`ect validate` lists every problem) before exporting meetings",
            d.path,
            d.location.line,
            d.message
        );
    }
    let cal = Calendar::new(&repo.config);
    let (curriculum, _) = repo.load_curriculum()?;
    // every pair's programme is checked before a line is printed: a
    // calendar is never cut short by a pair that cannot be laid out
    let programmes = ics_programmes(&curriculum, &chosen)?;
    let name = match chosen.as_slice() {
        [one] => format!("Mentor meetings: {} and {}", one.mentor, one.ect),
        _ => "Mentor meetings".to_string(),
    };
    let stamp = super::today()?;
    // written a pair at a time: the whole calendar of a large trust is never
    // held in memory
    crate::print_stdout(&crate::generate::ics::head(&name))?;
    for pair in &chosen {
        let programme = &programmes[pair.programme.as_str()];
        let schedule = build(&cal, pair, programme);
        let mut text = String::new();
        for m in schedule.meetings() {
            let event = ics_event(&curriculum, pair, m);
            text.push_str(&crate::generate::ics::event(&event, stamp));
        }
        crate::print_stdout(&text)?;
    }
    crate::print_stdout(&crate::generate::ics::tail())?;
    Ok(crate::exit::OK)
}

/// The programme of each of the `chosen` pairs; an error naming the first
/// pair whose programme has no overview.
fn ics_programmes<'p>(
    curriculum: &Curriculum,
    chosen: &[&'p Pair],
) -> Result<std::collections::HashMap<&'p str, ProgrammeSessions>> {
    let mut programmes = std::collections::HashMap::new();
    for pair in chosen {
        if programmes.contains_key(pair.programme.as_str()) {
            continue;
        }
        let Some(programme) = ProgrammeSessions::from_curriculum(curriculum, &pair.programme)
        else {
            bail!(
                "pair `{}` follows programme `{}`, but there is no `{}`; set `programme:` in its `pair.yaml` to a programme under `curriculum/`, or add that overview",
                pair.id,
                pair.programme,
                curriculum.repo_path(&format!("{}.md", pair.programme))
            );
        };
        programmes.insert(pair.programme.as_str(), programme);
    }
    Ok(programmes)
}

/// The calendar event of `pair`'s meeting `m`: what it covers in its
/// summary, its place in the programme and its sessions in its description.
fn ics_event(
    curriculum: &Curriculum,
    pair: &Pair,
    m: &crate::schedule::Meeting,
) -> crate::generate::ics::Event {
    let doc = m.sessions.first().and_then(|rel| curriculum.doc(rel));
    let topic = doc
        .and_then(|d| d.sections.first().map(|s| s.heading.clone()))
        .or_else(|| doc.and_then(|d| d.title().map(str::to_string)));
    let what = match (m.first, m.consolidation, topic) {
        (true, _, _) => "contracting meeting".to_string(),
        (_, true, _) | (_, _, None) => "consolidation, no programme session".to_string(),
        (_, _, Some(t)) => t,
    };
    let mut description = format!("Year {} {} term", m.year, m.term.as_str());
    if let (Some(module), Some(week)) = (&m.module, m.week) {
        description.push_str(&format!(", {module}, week {week}"));
    }
    for s in &m.sessions {
        description.push_str(&format!("\n{}", curriculum.repo_path(s)));
    }
    crate::generate::ics::Event {
        pair: pair.id.clone(),
        week_monday: m.week_monday,
        date: m.date,
        time: pair.meeting.time,
        minutes: pair.meeting.minutes.unwrap_or(60),
        summary: format!("Mentor meeting, {} and {}: {what}", pair.mentor, pair.ect),
        description,
    }
}

#[derive(Serialize)]
struct JsonSchedule<'a> {
    pair: &'a str,
    meetings: Vec<JsonMeeting<'a>>,
}

#[derive(Serialize)]
struct JsonMeeting<'a> {
    date: NaiveDate,
    year: u8,
    term: Term,
    module: Option<&'a str>,
    week: Option<u32>,
    sessions: Vec<String>,
}

/// One pair's `{"pair", "meetings"}`, or with `many` an array of them.
fn json(schedules: &[Schedule], curriculum: &Curriculum, many: bool) -> Result<String> {
    let views: Vec<JsonSchedule> = schedules
        .iter()
        .map(|schedule| JsonSchedule {
            pair: &schedule.pair,
            meetings: schedule
                .meetings()
                .map(|m| JsonMeeting {
                    date: m.date,
                    year: m.year,
                    term: m.term,
                    module: m.module.as_deref(),
                    week: m.week,
                    sessions: m.sessions.iter().map(|s| curriculum.repo_path(s)).collect(),
                })
                .collect(),
        })
        .collect();
    let text = match views.as_slice() {
        [one] if !many => serde_json::to_string_pretty(one)?,
        _ => serde_json::to_string_pretty(&views)?,
    };
    Ok(format!("{text}\n"))
}

/// The text of one pair's schedule, each line fitted to `columns` by
/// shortening the module name and the session's topic (never the date, the
/// programme year and term, or the week).
fn human(
    pair: &Pair,
    schedule: &Schedule,
    curriculum: &Curriculum,
    color: bool,
    columns: usize,
) -> String {
    let who = format!("{} and {} (`{}`)", pair.mentor, pair.ect, pair.id);
    let how = format!(
        "programme `{}`, {}{}{}",
        pair.programme,
        plural_day(pair.meeting.day),
        pair.meeting
            .time
            .map(|t| format!(" at {}", t.format("%H:%M")))
            .unwrap_or_default(),
        pair.meeting
            .minutes
            .map(|m| format!(", {m} minutes"))
            .unwrap_or_default(),
    );
    // on one line when it fits, else the pair and then how it meets
    let mut text = if who.chars().count() + 2 + how.chars().count() <= columns {
        format!("{who}: {how}\n")
    } else {
        format!("{who}:\n  {how}\n")
    };
    let longest = schedule
        .meetings()
        .filter_map(|m| m.module.as_deref())
        .map(|m| short_module(m).chars().count())
        .max()
        .unwrap_or(1);
    // `Wed 2026-09-02  Y1 autumn  ` before the module, `  week 12  ` after
    // it, and room for at least 24 characters of the topic
    let width = longest
        .min(columns.saturating_sub(27 + 11 + 24))
        .max(MODULE_MIN);
    let (dim, plain) = if color {
        ("\x1b[2m", "\x1b[0m")
    } else {
        ("", "")
    };
    let mut weeks = schedule.weeks.iter().peekable();
    while let Some(week) = weeks.next() {
        match week {
            Week::Meeting(m) => text.push_str(&meeting_line(m, curriculum, width, columns)),
            Week::Skip { monday, reason } => {
                let mut run = 1;
                while let Some(Week::Skip { reason: r, .. }) = weeks.peek() {
                    if r != reason {
                        break;
                    }
                    run += 1;
                    weeks.next();
                }
                let count = if run > 1 {
                    format!(" ({run} weeks)")
                } else {
                    String::new()
                };
                text.push_str(&format!(
                    "{dim}    {monday}  -- {}{count}{plain}\n",
                    describe(*reason)
                ));
            }
        }
    }
    let meetings = schedule.meetings().count();
    let last = schedule.weeks.last().map(Week::monday);
    text.push_str(&format!(
        "{meetings} meeting{} up to the last term in `ect.yaml`{}\n",
        if meetings == 1 { "" } else { "s" },
        last.map(|d| format!(" (week of {d})")).unwrap_or_default()
    ));
    text
}

/// The fewest characters of a module name shown.
const MODULE_MIN: usize = 10;

/// A module's name without its `year-N-` prefix (the year has its own
/// column): `year-1-enabling-pupil-learning` → `enabling-pupil-learning`.
fn short_module(module: &str) -> &str {
    module
        .strip_prefix("year-")
        .and_then(|r| r.split_once('-'))
        .filter(|(n, rest)| n.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty())
        .map_or(module, |(_, rest)| rest)
}

/// `s` in at most `width` characters, ending in `…` when cut.
fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn meeting_line(m: &Meeting, curriculum: &Curriculum, width: usize, columns: usize) -> String {
    let day = &weekday_name(m.date)[..3];
    let module = cut(m.module.as_deref().map_or("-", short_module), width);
    let week = m
        .week
        .map_or_else(|| "-".to_string(), |w| format!("week {w}"));
    let what = if m.sessions.is_empty() {
        if m.consolidation {
            "consolidation: no programme session".to_string()
        } else {
            "no programme session".to_string()
        }
    } else {
        m.sessions
            .iter()
            .map(|s| session_topic(curriculum, s))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let what = if m.first {
        format!("contracting meeting: {what}")
    } else {
        what
    };
    let line = format!(
        "{day} {}  Y{} {:<6}  {module:<width$}  {week:<7}  ",
        m.date,
        m.year,
        m.term.as_str(),
    );
    let room = columns.saturating_sub(line.chars().count()).max(12);
    format!("{line}{}\n", cut(&what, room))
}

/// What a session is about: its first `##` heading, else its title, else its file name.
fn session_topic(curriculum: &Curriculum, rel: &str) -> String {
    let file = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md");
    let Some(doc) = curriculum.doc(rel) else {
        return file.to_string();
    };
    doc.headings
        .iter()
        .find(|h| h.level == 2 && !h.text.trim().is_empty())
        .map(|h| h.text.trim().to_string())
        .or_else(|| doc.title().map(str::to_string))
        .map_or_else(|| file.to_string(), |t| format!("{t} ({})", week_of(file)))
}

/// `autumn-week-3-mentor-materials` → `autumn week 3`.
fn week_of(file: &str) -> String {
    file.trim_end_matches("-mentor-materials").replace('-', " ")
}

fn describe(reason: SkipReason) -> &'static str {
    match reason {
        SkipReason::Holiday => "holiday",
        SkipReason::HalfTerm => "half-term",
        SkipReason::Closure => "closed all week",
        SkipReason::Paused => "paused",
        SkipReason::NotMeetingWeek => "no meeting (fortnightly)",
        SkipReason::NotStarted => "not started",
        SkipReason::Finished => "programme finished",
        SkipReason::NoCalendar => "no term dates",
    }
}

fn plural_day(day: chrono::Weekday) -> String {
    let monday = NaiveDate::from_isoywd_opt(2026, 1, day).unwrap_or_default();
    format!("{}s", weekday_name(monday))
}
