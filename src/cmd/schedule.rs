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
    let id = args.pair.as_deref().unwrap_or_default();
    if !is_valid_id(id) {
        bail!(
            "`{id}` is not a pair id: ids are folder names under `{}/` of lowercase letters, digits and hyphens",
            repo.config.plans
        );
    }
    let (pairs, diagnostics) = load_pairs(&repo);
    let folder = format!(
        "{}/{id}",
        repo.config
            .plans
            .trim_start_matches("./")
            .trim_end_matches('/')
    );
    let own: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.path == folder || d.path.starts_with(&format!("{folder}/")))
        .filter(|d| !out.quiet || d.severity == Severity::Error)
        .collect();
    for d in &own {
        eprint!("{}", crate::diag::render::human(d, out.color));
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
    if repo.config.terms.is_empty() {
        bail!("`ect.yaml` has no `terms:`; add the school's term dates to work out meetings");
    }
    let calendar = Calendar::new(&repo.config);
    let (curriculum, _) = repo.load_curriculum()?;
    let Some(programme) = ProgrammeSessions::from_curriculum(&curriculum, &pair.programme) else {
        bail!(
            "pair `{id}` follows programme `{}`, but there is no `{}`; set `programme:` in its `pair.yaml` to a programme under `curriculum/`, or add that overview",
            pair.programme,
            curriculum.repo_path(&format!("{}.md", pair.programme))
        );
    };
    let schedule = build(&calendar, pair, &programme);
    for u in &schedule.unscheduled {
        let back = schedule
            .meetings()
            .find(|m| u.sessions.first().is_some_and(|s| m.catch_up.contains(s)))
            .map_or_else(
                || "; no later meeting can catch them up".to_string(),
                |m| format!("; they come back to catch up at the meeting of {}", m.date),
            );
        eprintln!(
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
    let text = match args.format {
        ScheduleFormat::Json => json(&schedule, &curriculum)?,
        ScheduleFormat::Human => human(pair, &schedule, &curriculum, out.color),
    };
    crate::print_stdout(&text);
    Ok(crate::exit::OK)
}

/// `--ics`: one pair's meetings, or every pair's, as an iCalendar file.
fn ics(repo: &crate::repo::Repo, args: &ScheduleArgs) -> Result<i32> {
    use crate::generate::ics::{Event, calendar};
    if repo.config.terms.is_empty() {
        bail!("`ect.yaml` has no `terms:`; add the school's term dates to work out meetings");
    }
    let (pairs, _) = load_pairs(repo);
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
    let cal = Calendar::new(&repo.config);
    let (curriculum, _) = repo.load_curriculum()?;
    let mut events = Vec::new();
    for pair in &chosen {
        let Some(programme) = ProgrammeSessions::from_curriculum(&curriculum, &pair.programme)
        else {
            bail!(
                "pair `{}` follows programme `{}`, but there is no `{}`; set `programme:` in its `pair.yaml` to a programme under `curriculum/`, or add that overview",
                pair.id,
                pair.programme,
                curriculum.repo_path(&format!("{}.md", pair.programme))
            );
        };
        let schedule = build(&cal, pair, &programme);
        for m in schedule.meetings() {
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
            events.push(Event {
                pair: pair.id.clone(),
                week_monday: m.week_monday,
                date: m.date,
                time: pair.meeting.time,
                minutes: pair.meeting.minutes.unwrap_or(60),
                summary: format!("Mentor meeting, {} and {}: {what}", pair.mentor, pair.ect),
                description,
            });
        }
    }
    let name = match chosen.as_slice() {
        [one] => format!("Mentor meetings: {} and {}", one.mentor, one.ect),
        _ => "Mentor meetings".to_string(),
    };
    crate::print_stdout(&calendar(&name, &events, crate::weekspec::today()?));
    Ok(crate::exit::OK)
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

fn json(schedule: &Schedule, curriculum: &Curriculum) -> Result<String> {
    let view = JsonSchedule {
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
    };
    Ok(format!("{}\n", serde_json::to_string_pretty(&view)?))
}

fn human(pair: &Pair, schedule: &Schedule, curriculum: &Curriculum, color: bool) -> String {
    let mut text = format!(
        "{} and {} (`{}`): programme `{}`, {}{}{}\n",
        pair.mentor,
        pair.ect,
        pair.id,
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
    let width = schedule
        .meetings()
        .filter_map(|m| m.module.as_deref())
        .map(str::len)
        .max()
        .unwrap_or(1);
    let (dim, plain) = if color {
        ("\x1b[2m", "\x1b[0m")
    } else {
        ("", "")
    };
    let mut weeks = schedule.weeks.iter().peekable();
    while let Some(week) = weeks.next() {
        match week {
            Week::Meeting(m) => text.push_str(&meeting_line(m, curriculum, width)),
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

fn meeting_line(m: &Meeting, curriculum: &Curriculum, width: usize) -> String {
    let day = &weekday_name(m.date)[..3];
    let module = m.module.as_deref().unwrap_or("-");
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
    let first = if m.first {
        " [contracting meeting]"
    } else {
        ""
    };
    format!(
        "{day} {}  Y{} {:<6}  {module:<width$}  {week:<7}  {what}{first}\n",
        m.date,
        m.year,
        m.term.as_str(),
    )
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
