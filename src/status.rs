//! Where each pair stands in a week, for `ect status`: its programme
//! position, its last agenda and whether anything was written in it,
//! meetings held against meetings so far, open actions, overdue targets and
//! the next review, with the reasons a pair needs attention said in words.
//! Pure functions: `cmd::status` reads the files.

use crate::calendar::monday_of;
use crate::plan::ActionPlan;
use crate::schedule::{Schedule, SkipReason};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One agenda file of a pair, as status needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaFile {
    pub date: NaiveDate,
    /// Repository-relative path.
    pub path: String,
    /// A person wrote in it (it no longer matches what `ect` generated).
    pub written: bool,
}

/// What [`assess`] works from, for one pair.
#[derive(Debug, Clone, Copy)]
pub struct PairFacts<'a> {
    pub id: &'a str,
    pub mentor: &'a str,
    pub ect: &'a str,
    pub schedule: &'a Schedule,
    /// Agendas dated before the end of the week, sorted by date.
    pub agendas: &'a [AgendaFile],
    /// Actions still open, from all those agendas.
    pub open_actions: usize,
    /// How many of them were agreed more than the `older_actions_after`
    /// setting's number of meetings ago.
    pub older_actions: usize,
    /// The plan in force at the end of the week.
    pub plan: Option<&'a ActionPlan>,
}

/// The programme position of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    pub year: u8,
    pub term: &'static str,
    pub module: Option<String>,
    pub week: Option<u32>,
}

/// This week's meeting, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThisWeek {
    pub meeting: Option<NaiveDate>,
    /// `half-term`, `not a meeting week`, `not started`...
    pub skip: Option<&'static str>,
}

/// The latest agenda of a meeting so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastAgenda {
    pub date: NaiveDate,
    pub path: String,
    pub written: bool,
}

/// Meetings so far (dated before the day counted to).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Meetings {
    /// With an agenda a person wrote in.
    pub held: usize,
    pub scheduled: usize,
    /// With no agenda file at all.
    pub without_agenda: usize,
}

/// Targets of the plan in force.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Targets {
    pub open: usize,
    pub overdue: usize,
}

/// One pair's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairStatus {
    pub pair: String,
    pub mentor: Option<String>,
    pub ect: Option<String>,
    pub this_week: ThisWeek,
    /// This week's meeting's position, else the last meeting's before it.
    pub position: Option<Position>,
    pub last_agenda: Option<LastAgenda>,
    pub meetings: Meetings,
    pub open_actions: usize,
    /// Open actions agreed more than `older_actions_after` meetings ago.
    pub older_actions: usize,
    /// Sessions missed in a pause, to catch up at the next meeting.
    pub catch_up: usize,
    pub targets: Targets,
    /// Repository-relative path of the plan in force.
    pub plan: Option<String>,
    pub review: Option<NaiveDate>,
    /// Why the pair needs attention, in words; empty when it is on track.
    pub attention: Vec<String>,
    /// The next progress review or formal assessment without a record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub induction: Option<crate::induction::NextEvent>,
}

impl PairStatus {
    /// A pair that could not be worked out (a broken `pair.yaml`, an unknown programme).
    pub fn failed(id: &str, mentor: Option<&str>, ect: Option<&str>, why: String) -> PairStatus {
        PairStatus {
            pair: id.to_string(),
            mentor: mentor.map(str::to_string),
            ect: ect.map(str::to_string),
            this_week: ThisWeek {
                meeting: None,
                skip: None,
            },
            position: None,
            last_agenda: None,
            meetings: Meetings::default(),
            open_actions: 0,
            older_actions: 0,
            catch_up: 0,
            targets: Targets::default(),
            plan: None,
            review: None,
            attention: vec![why],
            induction: None,
        }
    }

    pub fn needs_attention(&self) -> bool {
        !self.attention.is_empty()
    }
}

/// The day up to which meetings count as "so far" (exclusive) in the week
/// of `monday`: today, or the end of that week if it is over.
pub fn counted_before(monday: NaiveDate, today: NaiveDate) -> NaiveDate {
    today.min(monday + Days::new(7))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Where `f`'s pair stands in the week of `monday`, counting meetings
/// dated before `before`.
pub fn assess(f: &PairFacts<'_>, monday: NaiveDate, before: NaiveDate) -> PairStatus {
    let schedule = f.schedule;
    let (meeting, skip) = match schedule.status(monday) {
        Ok(m) => (Some(m), None),
        Err(r) => (None, Some(r)),
    };
    let position_of = meeting.or_else(|| schedule.previous_meeting_before(monday));
    let position = position_of
        .filter(|_| !matches!(skip, Some(SkipReason::NotStarted)))
        .map(|m| Position {
            year: m.year,
            term: m.term.as_str(),
            module: m.module.clone(),
            week: m.week,
        });
    let so_far = meetings_so_far(f, monday + Days::new(7), before);
    let meetings = Meetings {
        held: so_far.iter().filter(|w| **w == Some(true)).count(),
        scheduled: so_far.len(),
        without_agenda: so_far.iter().filter(|w| w.is_none()).count(),
    };
    let last_agenda = f
        .agendas
        .iter()
        .rfind(|a| a.date < before)
        .map(|a| LastAgenda {
            date: a.date,
            path: a.path.clone(),
            written: a.written,
        });
    let mut attention = Vec::new();
    attention.extend(agenda_gap(&so_far, last_agenda.as_ref(), before));
    moved_agendas(f, monday, before, &mut attention);
    // sessions missed in a pause, caught up at the next meeting from this week
    let next = schedule.meetings().find(|m| m.week_monday >= monday);
    let catch_up = next.map_or(0, |m| m.catch_up.len());
    if let Some(m) = next.filter(|_| catch_up > 0) {
        attention.push(format!(
            "{} missed in a pause to catch up on {}",
            plural(catch_up, "session", "sessions"),
            short_date(m.date, before)
        ));
    }
    if f.older_actions > 0 {
        attention.push(format!(
            "{} open for many meetings",
            plural(f.older_actions, "action", "actions")
        ));
    }
    let (targets, review) = plan_state(f, before, &mut attention);
    PairStatus {
        pair: f.id.to_string(),
        mentor: Some(f.mentor.to_string()),
        ect: Some(f.ect.to_string()),
        this_week: ThisWeek {
            meeting: meeting.map(|m| m.date),
            skip: skip.map(SkipReason::as_str),
        },
        position,
        last_agenda,
        meetings,
        open_actions: f.open_actions,
        older_actions: f.older_actions,
        catch_up,
        targets,
        plan: f.plan.map(|p| p.path.clone()),
        review,
        attention,
        induction: None,
    }
}

/// For each meeting dated before `before`: `None` when its week has no
/// agenda (dated before `week_end`), else whether one was written in.
fn meetings_so_far(f: &PairFacts<'_>, week_end: NaiveDate, before: NaiveDate) -> Vec<Option<bool>> {
    let mut weeks: BTreeMap<NaiveDate, bool> = BTreeMap::new();
    for a in f.agendas.iter().filter(|a| a.date < week_end) {
        *weeks.entry(monday_of(a.date)).or_insert(false) |= a.written;
    }
    f.schedule
        .meetings()
        .take_while(|m| m.date < before)
        .map(|m| weeks.get(&m.week_monday).copied())
        .collect()
}

/// The attention row for the latest meetings (`so_far`) without an agenda,
/// or with nothing written in it.
fn agenda_gap(
    so_far: &[Option<bool>],
    last_agenda: Option<&LastAgenda>,
    before: NaiveDate,
) -> Option<String> {
    let missing = so_far.iter().rev().take_while(|w| w.is_none()).count();
    let blank = so_far
        .iter()
        .rev()
        .take_while(|w| **w == Some(false))
        .count();
    if missing == 1 {
        Some("no agenda for the last meeting".to_string())
    } else if missing > 1 {
        Some(format!("no agenda for the last {missing} meetings"))
    } else if blank == 1 {
        Some(match last_agenda {
            Some(a) => format!(
                "nothing written in the last agenda ({})",
                short_date(a.date, before)
            ),
            None => "nothing written in the last agenda".to_string(),
        })
    } else if blank > 1 {
        Some(format!("nothing written in the last {blank} agendas"))
    } else {
        None
    }
}

/// Adds to `attention` each agenda from the week of `monday` that a person
/// typed into and whose date stopped being a meeting (a closure, a new
/// meeting day): the mentor may open the wrong file.
fn moved_agendas(
    f: &PairFacts<'_>,
    monday: NaiveDate,
    before: NaiveDate,
    attention: &mut Vec<String>,
) {
    let schedule = f.schedule;
    for a in f
        .agendas
        .iter()
        .filter(|a| a.date >= monday && a.written)
        .filter(|a| !schedule.meetings().any(|m| m.date == a.date))
    {
        let now = schedule
            .meeting_in_week(a.date)
            .or_else(|| schedule.next_meeting_after(a.date));
        attention.push(match now {
            Some(m) => format!(
                "agenda of {} moved: the meeting is now on {}",
                short_date(a.date, before),
                short_date(m.date, before)
            ),
            None => format!(
                "agenda of {} is no longer a meeting",
                short_date(a.date, before)
            ),
        });
    }
}

/// The targets of the pair's plan and its review date (when it is active);
/// adds overdue targets and a missed review to `attention`.
fn plan_state(
    f: &PairFacts<'_>,
    before: NaiveDate,
    attention: &mut Vec<String>,
) -> (Targets, Option<NaiveDate>) {
    let mut targets = Targets::default();
    let mut review = None;
    if let Some(plan) = f.plan {
        targets.open = plan.open_targets().count();
        targets.overdue = plan.open_targets().filter(|t| t.is_overdue(before)).count();
        if targets.overdue > 0 {
            attention.push(format!(
                "{} overdue",
                plural(targets.overdue, "target", "targets")
            ));
        }
        if plan.is_active() {
            review = plan.review;
            if let Some(r) = plan.review
                && r < before
            {
                attention.push(format!("review was due on {}", short_date(r, before)));
            }
        }
    }
    (targets, review)
}

/// `19 Nov` near `around`, else `Nov 2025`.
pub fn short_date(d: NaiveDate, around: NaiveDate) -> String {
    if (d - around).num_days().abs() < 180 {
        d.format("%-d %b").to_string()
    } else {
        d.format("%b %Y").to_string()
    }
}

/// Attention rows first, then the rest; each group by pair id.
pub fn sort(rows: &mut [PairStatus]) {
    rows.sort_by(|a, b| (!a.needs_attention(), &a.pair).cmp(&(!b.needs_attention(), &b.pair)));
}

/// What the table describes, said plainly: the week (and when it is, from
/// today), and up to when meetings are counted as held.
pub fn heading(monday: NaiveDate, before: NaiveDate) -> String {
    let week_end = monday + Days::new(7);
    // `before` is today unless the week is over
    let weeks = (monday - monday_of(before)).num_days() / 7;
    let when = match weeks {
        _ if before >= week_end => "a past week".to_string(),
        0 => "this week".to_string(),
        1 => "next week".to_string(),
        n => format!("in {n} weeks"),
    };
    let counted = if before >= week_end {
        format!(
            "held counts the meetings up to the end of that week ({}).",
            crate::generate::long_date(week_end - Days::new(1))
        )
    } else if before < monday {
        format!(
            "held counts the meetings before today ({}); that week's have not happened yet.",
            crate::generate::long_date(before)
        )
    } else {
        format!(
            "held counts the meetings before today ({}).",
            crate::generate::long_date(before)
        )
    };
    format!(
        "Where each pair is in the week of {} ({when}).\n{}\n",
        crate::generate::long_date(monday),
        wrap(&counted, "", WIDTH).trim_end()
    ) + "\n"
}

/// The width the table aims to fit.
pub const WIDTH: usize = 80;

/// `Y1 aut w4` and `classroom-culture`, or why there is no meeting this
/// week: the part always shown, and a tail shown when there is room.
fn where_text(s: &PairStatus) -> (String, String) {
    if let Some(skip) = s.this_week.skip
        && skip != SkipReason::NotMeetingWeek.as_str()
    {
        return (skip.to_string(), String::new());
    }
    let Some(p) = &s.position else {
        return ("-".into(), String::new());
    };
    let mut core = format!("Y{} {}", p.year, &p.term[..3]);
    if let Some(w) = p.week {
        let _ = write!(core, " w{w}");
    }
    let tail = if s.this_week.skip.is_some() {
        "(no meeting)".to_string()
    } else {
        p.module.as_deref().map_or_else(String::new, |m| {
            m.strip_prefix("year-")
                .and_then(|r| r.split_once('-'))
                .map_or(m, |(_, rest)| rest)
                .to_string()
        })
    };
    (core, tail)
}

/// `core tail` in `width` characters: the tail cut short (at least six
/// characters of it) or left out, then the core cut if it must be.
fn fit_where(core: &str, tail: &str, width: usize) -> String {
    let full = if tail.is_empty() {
        core.to_string()
    } else {
        format!("{core} {tail}")
    };
    let n = full.chars().count();
    let c = core.chars().count();
    if n <= width {
        full
    } else if !tail.is_empty() && width >= c + 1 + 6 {
        fit(&full, width)
    } else {
        // the place in the programme is a key: never cut
        core.to_string()
    }
}

/// Cuts `s` to `width` characters, ending in `…` when cut.
fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Words of `text` in lines of at most `width`, each starting with `indent`.
fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for word in text.split(' ') {
        if line.len() > indent.len() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent.chars().count());
        } else if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// The plain table: a heading line, one row per pair (attention rows first,
/// each followed by its reasons), a key, and a count. `quiet` keeps only
/// the rows needing attention.
pub fn table(rows: &[PairStatus], monday: NaiveDate, before: NaiveDate, quiet: bool) -> String {
    table_in(rows, monday, before, quiet, WIDTH)
}

/// [`table`] fitted to `width` characters (the terminal's): only the
/// module names shorten, never the pair or its place in the programme.
pub fn table_in(
    rows: &[PairStatus],
    monday: NaiveDate,
    before: NaiveDate,
    quiet: bool,
    width: usize,
) -> String {
    let shown: Vec<&PairStatus> = rows
        .iter()
        .filter(|r| !quiet || r.needs_attention())
        .collect();
    let attention = rows.iter().filter(|r| r.needs_attention()).count();
    let mut s = String::new();
    if !quiet {
        s.push_str(&heading(monday, before));
    }
    if shown.is_empty() {
        if !quiet {
            s.push_str("No pairs yet: a pair is a folder `plans/<id>/` with a `pair.yaml`.\n");
        }
        return s;
    }
    let mut cells: Vec<[String; 7]> = shown.iter().map(|r| row_cells(r, before)).collect();
    let widths = fit_columns(&mut cells, width);
    s.push_str(&table_line(&HEADS.map(str::to_string), &widths));
    for (r, c) in shown.iter().zip(&cells) {
        s.push_str(&table_line(c, &widths));
        if r.needs_attention() {
            s.push_str(&wrap(
                &format!("! {}", r.attention.join("; ")),
                "    ",
                width,
            ));
        }
        if let Some(next) = r.induction.as_ref().filter(|n| !n.overdue) {
            s.push_str(&wrap(
                &format!("  next: {}", next.describe(|d| short_date(d, before))),
                "    ",
                WIDTH,
            ));
        }
    }
    if !quiet {
        let _ = writeln!(
            s,
            "\n{}, {} needing attention.",
            plural(rows.len(), "pair", "pairs"),
            attention
        );
        s.push_str(&wrap(
            "held: meetings whose agenda someone wrote in, of the meetings so far.",
            "",
            width,
        ));
    }
    if cells.iter().any(|c| c[2].ends_with('*')) {
        s.push_str("*: nothing written in that agenda yet.\n");
    }
    s
}

/// The table's column headings.
const HEADS: [&str; 7] = [
    "pair",
    "this week",
    "agenda",
    "held",
    "actions",
    "overdue",
    "review",
];

/// The cells of `r`'s row; the "this week" cell holds its core and its
/// tail (the module name) split by a NUL, for [`fit_columns`] to fit.
fn row_cells(r: &PairStatus, before: NaiveDate) -> [String; 7] {
    let failed =
        r.this_week.meeting.is_none() && r.this_week.skip.is_none() && r.position.is_none();
    [
        r.pair.clone(),
        if failed {
            "-".into()
        } else {
            let (core, tail) = where_text(r);
            if tail.is_empty() {
                core
            } else {
                format!("{core}\u{0}{tail}")
            }
        },
        r.last_agenda.as_ref().map_or_else(
            || "-".into(),
            |a| {
                format!(
                    "{}{}",
                    short_date(a.date, before),
                    if a.written { "" } else { "*" }
                )
            },
        ),
        format!("{}/{}", r.meetings.held, r.meetings.scheduled),
        r.open_actions.to_string(),
        r.targets.overdue.to_string(),
        r.review
            .map_or_else(|| "-".into(), |d| short_date(d, before)),
    ]
}

/// The width of each column, the "this week" cells shortened to what
/// `width` leaves them after the other columns.
fn fit_columns(cells: &mut [[String; 7]], width: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = HEADS.iter().map(|h| h.chars().count()).collect();
    for row in cells.iter() {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let others: usize = widths
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, w)| w)
        .sum();
    let room = width
        .saturating_sub(others + 2 * (HEADS.len() - 1))
        .max(HEADS[1].len());
    for row in cells.iter_mut() {
        let (core, tail) = row[1].split_once('\u{0}').unwrap_or((&row[1], ""));
        row[1] = fit_where(core, tail, room);
    }
    widths[1] = cells
        .iter()
        .map(|c| c[1].chars().count())
        .chain([HEADS[1].len()])
        .max()
        .unwrap_or(0);
    widths
}

/// One line of the table: `cols` padded to `widths`, the numbers
/// right-aligned, no trailing spaces.
fn table_line(cols: &[String], widths: &[usize]) -> String {
    let mut l = String::new();
    for (i, (c, w)) in cols.iter().zip(widths).enumerate() {
        let pad = w.saturating_sub(c.chars().count());
        // numbers right-aligned
        if (3..=5).contains(&i) {
            l.push_str(&" ".repeat(pad));
            l.push_str(c);
        } else {
            l.push_str(c);
            if i + 1 < cols.len() {
                l.push_str(&" ".repeat(pad));
            }
        }
        if i + 1 < cols.len() {
            l.push_str("  ");
        }
    }
    format!("{}\n", l.trim_end())
}

/// `{"week", "counted_before", "pairs": [...]}`.
pub fn json(rows: &[PairStatus], monday: NaiveDate, before: NaiveDate) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        week: NaiveDate,
        counted_before: NaiveDate,
        pairs: &'a [PairStatus],
    }
    serde_json::to_string_pretty(&Out {
        week: monday,
        counted_before: before,
        pairs: rows,
    })
    .expect("status serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;
    use crate::config::{Config, DateRange, TermDates};
    use crate::curriculum::Term;
    use crate::curriculum::programme::Programme;
    use crate::schedule::ProgrammeSessions;

    #[test]
    fn table_line_right_aligns_the_numbers_and_trims_the_end() {
        let cols: Vec<String> = ["ab", "x", "-", "1/2", "3", "0", "-"]
            .map(str::to_string)
            .to_vec();
        let widths = [4, 3, 6, 5, 7, 7, 6];
        assert_eq!(
            table_line(&cols, &widths),
            "ab    x    -         1/2        3        0  -\n"
        );
    }

    #[test]
    fn agenda_gap_names_missing_agendas_before_blank_ones() {
        let before = d("2026-11-20");
        assert_eq!(agenda_gap(&[Some(true)], None, before), None);
        assert_eq!(
            agenda_gap(&[Some(false), None, None], None, before).as_deref(),
            Some("no agenda for the last 2 meetings")
        );
        assert_eq!(
            agenda_gap(&[None, Some(false), Some(false)], None, before).as_deref(),
            Some("nothing written in the last 2 agendas")
        );
        assert_eq!(
            agenda_gap(&[Some(true), Some(false)], None, before).as_deref(),
            Some("nothing written in the last agenda")
        );
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn schedule() -> Schedule {
        let config = Config {
            terms: vec![TermDates {
                name: Term::Autumn,
                start: d("2026-09-02"),
                end: d("2026-12-18"),
                breaks: vec![DateRange {
                    start: d("2026-10-26"),
                    end: d("2026-10-30"),
                }],
            }],
            ..Config::default()
        };
        let pair = crate::pair::Pair::new("jo-alex", "demo", d("2026-11-02"), chrono::Weekday::Tue);
        let programme = ProgrammeSessions {
            programme: Programme {
                id: "demo".into(),
                title: None,
                modules: Vec::new(),
            },
            modules: Default::default(),
        };
        crate::schedule::build(&Calendar::new(&config), &pair, &programme)
    }

    fn agenda(date: &str, written: bool) -> AgendaFile {
        AgendaFile {
            date: d(date),
            path: format!("plans/jo-alex/agendas/{date}.md"),
            written,
        }
    }

    fn facts<'a>(
        s: &'a Schedule,
        agendas: &'a [AgendaFile],
        plan: Option<&'a ActionPlan>,
    ) -> PairFacts<'a> {
        PairFacts {
            id: "jo-alex",
            mentor: "Jo",
            ect: "Alex",
            schedule: s,
            agendas,
            open_actions: 2,
            older_actions: 0,
            plan,
        }
    }

    #[test]
    fn the_module_is_cut_or_left_out_before_the_position() {
        assert_eq!(fit_where("Y1 aut w4", "routines", 30), "Y1 aut w4 routines");
        assert_eq!(
            fit_where("Y1 aut w4", "classroom-culture", 17),
            "Y1 aut w4 classr…"
        );
        assert_eq!(fit_where("Y1 aut w4", "classroom-culture", 15), "Y1 aut w4");
        // the place is a key column: never cut, even when it is too wide
        assert_eq!(fit_where("not started", "", 9), "not started");
        assert_eq!(fit_where("Y2 spr w12", "a-module", 5), "Y2 spr w12");
    }

    #[test]
    fn the_heading_says_which_week_and_what_is_counted() {
        let h = |week: &str, today: &str| heading(d(week), counted_before(d(week), d(today)));
        assert_eq!(
            h("2026-12-14", "2026-11-24"),
            "Where each pair is in the week of Monday 14 December 2026 (in 3 weeks).\nheld counts the meetings before today (Tuesday 24 November 2026); that week's\nhave not happened yet.\n\n"
        );
        assert!(!h("2026-12-14", "2026-11-24").contains("23 November"));
        assert_eq!(
            h("2026-11-23", "2026-11-24"),
            "Where each pair is in the week of Monday 23 November 2026 (this week).\nheld counts the meetings before today (Tuesday 24 November 2026).\n\n"
        );
        assert!(h("2026-11-30", "2026-11-24").contains("(next week)"));
        assert_eq!(
            h("2026-11-16", "2026-11-24"),
            "Where each pair is in the week of Monday 16 November 2026 (a past week).\nheld counts the meetings up to the end of that week (Sunday 22 November 2026).\n\n"
        );
    }

    #[test]
    fn counts_sessions_to_catch_up_and_old_actions() {
        let mut s = schedule();
        for w in &mut s.weeks {
            if let crate::schedule::Week::Meeting(m) = w
                && m.date == d("2026-11-24")
            {
                m.catch_up = vec!["demo/m/autumn-week-1-mentor-materials.md".into(); 2];
            }
        }
        let agendas = [agenda("2026-11-17", true)];
        let mut f = facts(&s, &agendas, None);
        f.older_actions = 3;
        let st = assess(&f, d("2026-11-23"), d("2026-11-23"));
        assert_eq!((st.catch_up, st.older_actions), (2, 3));
        assert!(
            st.attention
                .contains(&"2 sessions missed in a pause to catch up on 24 Nov".to_string()),
            "{:?}",
            st.attention
        );
        assert!(
            st.attention
                .contains(&"3 actions open for many meetings".to_string())
        );
        // the week after, nothing is left to catch up
        let st = assess(&facts(&s, &agendas, None), d("2026-11-30"), d("2026-11-30"));
        assert_eq!(st.catch_up, 0);
    }

    #[test]
    fn counts_meetings_held_and_names_missing_agendas() {
        let s = schedule();
        // meetings on 3, 10, 17 Nov before Monday 23 Nov; the 17th has no agenda
        let agendas = [agenda("2026-11-03", true), agenda("2026-11-10", true)];
        let st = assess(&facts(&s, &agendas, None), d("2026-11-23"), d("2026-11-23"));
        assert_eq!(st.this_week.meeting, Some(d("2026-11-24")));
        assert_eq!(st.position.as_ref().unwrap().year, 1);
        assert_eq!(
            st.meetings,
            Meetings {
                held: 2,
                scheduled: 3,
                without_agenda: 1
            }
        );
        assert_eq!(st.last_agenda.as_ref().unwrap().date, d("2026-11-10"));
        assert_eq!(st.attention, ["no agenda for the last meeting"]);
        let none: [AgendaFile; 0] = [];
        let st = assess(&facts(&s, &none, None), d("2026-11-23"), d("2026-11-23"));
        assert_eq!(st.attention, ["no agenda for the last 3 meetings"]);
    }

    #[test]
    fn blank_agendas_and_overdue_targets_and_past_reviews() {
        let s = schedule();
        let agendas = [
            agenda("2026-11-03", true),
            agenda("2026-11-10", false),
            agenda("2026-11-17", false),
            // next week's, generated ahead: not "the last agenda"
            agenda("2026-11-24", false),
        ];
        let text = "---\npair: jo-alex\nreview: 2026-11-20\n---\n\n## Target: A\nMeasure: a\nDue: 2026-11-16\n\n## Target: B\nMeasure: b\nDue: 2026-11-18\n\n## Target: C\nMeasure: c\nDue: 2026-11-19\nStatus: met\n";
        let (plan, _) = crate::plan::parse(
            "plans/jo-alex/action-plans/2026-11-02.md",
            "jo-alex",
            d("2026-11-02"),
            text,
        );
        let st = assess(
            &facts(&s, &agendas, Some(&plan)),
            d("2026-11-23"),
            d("2026-11-23"),
        );
        assert_eq!(st.meetings.held, 1);
        assert_eq!(st.last_agenda.as_ref().unwrap().date, d("2026-11-17"));
        assert!(!st.last_agenda.as_ref().unwrap().written);
        assert_eq!(
            st.targets,
            Targets {
                open: 2,
                overdue: 2
            }
        );
        assert_eq!(
            st.attention,
            [
                "nothing written in the last 2 agendas",
                "2 targets overdue",
                "review was due on 20 Nov"
            ]
        );
    }

    #[test]
    fn the_table_fits_80_columns_and_puts_attention_first() {
        let s = schedule();
        let agendas = [
            agenda("2026-11-03", true),
            agenda("2026-11-10", true),
            agenda("2026-11-17", true),
        ];
        let mut fine = assess(&facts(&s, &agendas, None), d("2026-11-23"), d("2026-11-23"));
        fine.pair = "daniel-brooks-aisha-rahman".into();
        let p = fine.position.as_mut().unwrap();
        p.module = Some("year-1-a-module-with-a-long-name".into());
        p.week = Some(4);
        let behind = assess(&facts(&s, &[], None), d("2026-11-23"), d("2026-11-23"));
        let mut rows = vec![fine, behind];
        sort(&mut rows);
        assert_eq!(rows[0].pair, "jo-alex");
        let t = table(&rows, d("2026-11-23"), d("2026-11-23"), false);
        for line in t.lines() {
            assert!(line.chars().count() <= WIDTH, "too wide: {line:?}\n{t}");
        }
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[0],
            "Where each pair is in the week of Monday 23 November 2026 (this week)."
        );
        assert!(lines[3].starts_with("pair "), "{t}");
        assert!(lines[4].starts_with("jo-alex "), "{t}");
        assert_eq!(lines[5], "    ! no agenda for the last 3 meetings");
        assert!(
            lines[6].starts_with("daniel-brooks-aisha-rahman  Y1 aut w4  17 Nov"),
            "{t}"
        );
        // with a short id the module shows
        rows[1].pair = "jo-sam".into();
        let t = table(&rows, d("2026-11-23"), d("2026-11-23"), false);
        assert!(
            t.contains("\njo-sam   Y1 aut w4 a-module-with-a-long…  17 Nov"),
            "{t}"
        );
        let quiet = table(&rows, d("2026-11-23"), d("2026-11-23"), true);
        assert!(!quiet.contains("daniel"), "{quiet}");
        let v: serde_json::Value =
            serde_json::from_str(&json(&rows, d("2026-11-23"), d("2026-11-23"))).unwrap();
        assert_eq!(v["pairs"][0]["meetings"]["scheduled"], 3);
        assert_eq!(v["pairs"][0]["this_week"]["meeting"], "2026-11-24");
    }
}
