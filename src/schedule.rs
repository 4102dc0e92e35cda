//! A pair's meeting schedule: for every week from the pair's start to the end
//! of the calendar, the meeting (date, programme year and term, module, module
//! week, sessions) or why there is none. Pure functions: no I/O.
//!
//! The rules (issue 3, documented in the README):
//!
//! - a pair's active weeks are the teaching weeks from the week holding
//!   `start`, except weeks whose teaching days all fall inside a pause;
//! - the calendar terms holding an active week, in order, are the pair's
//!   programme terms: Year 1 Autumn, Year 1 Spring, Year 1 Summer, Year 2 Autumn...
//! - the programme overview lists each programme term's modules in order: with
//!   as many modules as the term has halves, module i runs in half i; one module
//!   runs through the whole term; otherwise modules run back to back, each as
//!   many active weeks as its highest week number (the last one to the term's end);
//! - the module week of an active week is its position among the pair's active
//!   weeks in the module's span; a week past the module's last week is a
//!   consolidation week;
//! - weekly meets every active week; fortnightly meets on the 1st, 3rd, 5th...
//!   active week of each half;
//! - a meeting covers the module's mentor sessions whose week is after the
//!   previous meeting's week and up to its own; the last meeting in the
//!   module's span also covers the remaining ones; sessions of a module with no
//!   meeting at all are listed in [`Schedule::unscheduled`], never dropped;
//! - the meeting date is the pair's meeting day in that week if the pair can
//!   meet that day (a teaching day outside its pauses), else the next such day
//!   of the week, else the previous one.

use crate::calendar::{Calendar, CalendarWeek, NoTeaching, WeekKind, monday_of};
use crate::curriculum::Curriculum;
use crate::curriculum::Term;
use crate::curriculum::path::FileKind;
use crate::curriculum::programme::Programme;
use crate::pair::{Frequency, Pair};
use chrono::{Datelike, Days, NaiveDate};
use std::collections::BTreeMap;

/// A programme runs for two years of three terms.
pub const PROGRAMME_TERMS: usize = 6;

/// One mentor session of a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRef {
    /// The module week it belongs to.
    pub week: u32,
    /// Curriculum-relative path (`example/year-1-.../autumn-week-1-mentor-materials.md`).
    pub rel: String,
}

/// What the schedule needs of one module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleSessions {
    /// The module's length: the highest week number of any of its session files.
    pub weeks: u32,
    /// Its mentor sessions, in week order.
    pub sessions: Vec<SessionRef>,
}

/// A programme's module order and each module's mentor sessions: prepared
/// once, used for every pair on the programme.
#[derive(Debug, Clone)]
pub struct ProgrammeSessions {
    pub programme: Programme,
    /// By module folder name.
    pub modules: BTreeMap<String, ModuleSessions>,
}

impl ProgrammeSessions {
    /// The programme `id` of `curriculum` (`None` when there is no
    /// `curriculum/<id>.md` overview).
    pub fn from_curriculum(curriculum: &Curriculum, id: &str) -> Option<ProgrammeSessions> {
        let programme = curriculum.programme(id)?;
        let mut modules = BTreeMap::new();
        for m in &programme.modules {
            let prefix = format!("{id}/{}/", m.slug);
            let weeks = curriculum
                .docs
                .iter()
                .filter(|d| d.rel.starts_with(&prefix) && d.kind == FileKind::Session)
                .filter_map(|d| d.facts.week)
                .max()
                .unwrap_or(0);
            let sessions = curriculum
                .mentor_sessions(id, &m.slug)
                .into_iter()
                .filter_map(|d| {
                    Some(SessionRef {
                        week: d.facts.week?,
                        rel: d.rel.clone(),
                    })
                })
                .collect();
            modules.insert(m.slug.clone(), ModuleSessions { weeks, sessions });
        }
        Some(ProgrammeSessions { programme, modules })
    }

    fn module(&self, slug: &str) -> ModuleSessions {
        self.modules.get(slug).cloned().unwrap_or_default()
    }
}

/// A meeting of the pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// The day the pair meets.
    pub date: NaiveDate,
    /// The Monday of the meeting's week.
    pub week_monday: NaiveDate,
    /// Programme year: 1 or 2.
    pub year: u8,
    /// Programme term (not the calendar term: a January starter's first
    /// programme term is autumn).
    pub term: Term,
    /// The module folder name; `None` when the programme lists no module for
    /// this programme term.
    pub module: Option<String>,
    /// The module week (1-based position among the pair's active weeks in the module's span).
    pub week: Option<u32>,
    /// Curriculum-relative paths of the mentor sessions this meeting covers, in week order.
    pub sessions: Vec<String>,
    /// Past the module's last week, with no session to cover.
    pub consolidation: bool,
    /// The pair's first meeting: the contracting meeting.
    pub first: bool,
    /// Sessions of a module no meeting covered (a pause through its weeks),
    /// to catch up at this meeting, the first after them. Curriculum-relative.
    pub catch_up: Vec<String>,
}

/// Why a week has no meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// The holidays between terms.
    Holiday,
    /// A break inside a term.
    HalfTerm,
    /// Every teaching day of the week is a closure.
    Closure,
    /// Every teaching day of the week falls in one of the pair's pauses.
    Paused,
    /// An active week the cadence skips (fortnightly).
    NotMeetingWeek,
    /// Before the pair's start.
    NotStarted,
    /// After the programme's two years.
    Finished,
    /// After (or before) the terms `ect.yaml` lists.
    NoCalendar,
}

impl SkipReason {
    /// Lowercase, as printed: `half-term`, `not a meeting week`.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Holiday => "holiday",
            SkipReason::HalfTerm => "half-term",
            SkipReason::Closure => "closure",
            SkipReason::Paused => "paused",
            SkipReason::NotMeetingWeek => "not a meeting week",
            SkipReason::NotStarted => "not started",
            SkipReason::Finished => "finished",
            SkipReason::NoCalendar => "no term dates",
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<NoTeaching> for SkipReason {
    fn from(n: NoTeaching) -> Self {
        match n {
            NoTeaching::Holiday => SkipReason::Holiday,
            NoTeaching::HalfTerm => SkipReason::HalfTerm,
            NoTeaching::Closure => SkipReason::Closure,
        }
    }
}

/// One calendar week of a pair's schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Week {
    Meeting(Meeting),
    Skip {
        monday: NaiveDate,
        reason: SkipReason,
    },
}

impl Week {
    pub fn monday(&self) -> NaiveDate {
        match self {
            Week::Meeting(m) => m.week_monday,
            Week::Skip { monday, .. } => *monday,
        }
    }

    pub fn meeting(&self) -> Option<&Meeting> {
        match self {
            Week::Meeting(m) => Some(m),
            Week::Skip { .. } => None,
        }
    }
}

/// Sessions of a module that no meeting covers: its span held no meeting
/// (a pause through a whole half, a start in the second half of a term).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unscheduled {
    pub year: u8,
    pub term: Term,
    pub module: String,
    /// Curriculum-relative paths, in week order.
    pub sessions: Vec<String>,
}

/// A pair's schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The pair's id.
    pub pair: String,
    /// The Monday of the pair's start week.
    pub start_monday: NaiveDate,
    /// One entry per calendar week from the pair's start week (or the first
    /// term's week, if later) to the last term's week.
    pub weeks: Vec<Week>,
    /// Sessions no meeting covers.
    pub unscheduled: Vec<Unscheduled>,
    /// The Monday of the pair's last programme week, when the calendar goes past it.
    pub finished_after: Option<NaiveDate>,
}

impl Schedule {
    /// Every meeting, in order.
    pub fn meetings(&self) -> impl Iterator<Item = &Meeting> {
        self.weeks.iter().filter_map(Week::meeting)
    }

    /// The entry of the week holding `date`, if the schedule has it.
    pub fn week(&self, date: NaiveDate) -> Option<&Week> {
        let first = self.weeks.first()?.monday();
        let monday = monday_of(date);
        if monday < first {
            return None;
        }
        self.weeks
            .get(usize::try_from((monday - first).num_days() / 7).ok()?)
    }

    /// The meeting in the week holding `date`, or why there is none
    /// (`NotStarted` before the start, `NoCalendar` past the terms of `ect.yaml`).
    pub fn status(&self, date: NaiveDate) -> Result<&Meeting, SkipReason> {
        let monday = monday_of(date);
        match self.week(date) {
            Some(Week::Meeting(m)) => Ok(m),
            Some(Week::Skip { reason, .. }) => Err(*reason),
            None if monday < self.start_monday => Err(SkipReason::NotStarted),
            None if self.finished_after.is_some_and(|f| monday > f) => Err(SkipReason::Finished),
            None => Err(SkipReason::NoCalendar),
        }
    }

    /// The meeting in the week holding `date`.
    pub fn meeting_in_week(&self, date: NaiveDate) -> Option<&Meeting> {
        self.week(date).and_then(Week::meeting)
    }

    /// The first meeting after `date` (`None`: the calendar has no more).
    pub fn next_meeting_after(&self, date: NaiveDate) -> Option<&Meeting> {
        self.meetings().find(|m| m.date > date)
    }

    /// The last meeting before `date`.
    pub fn previous_meeting_before(&self, date: NaiveDate) -> Option<&Meeting> {
        self.meetings().take_while(|m| m.date < date).last()
    }

    /// What keeps the pair apart between the weeks of `from` and `to` (both
    /// excluded): `Holiday` if a holiday comes between, else `HalfTerm`, else
    /// `Paused`, else `Closure`; `None` when only cadence does. For the agenda's
    /// "next meeting: ... (after half-term)".
    pub fn break_between(&self, from: NaiveDate, to: NaiveDate) -> Option<SkipReason> {
        let (from, to) = (monday_of(from), monday_of(to));
        let found = |reason: SkipReason| {
            self.weeks.iter().any(|w| {
                w.monday() > from
                    && w.monday() < to
                    && matches!(w, Week::Skip { reason: r, .. } if *r == reason)
            })
        };
        [
            SkipReason::Holiday,
            SkipReason::HalfTerm,
            SkipReason::Paused,
            SkipReason::Closure,
        ]
        .into_iter()
        .find(|r| found(*r))
    }
}

/// An active week of the pair, as the schedule is worked out.
struct Slot {
    /// Index into the schedule's weeks.
    week: usize,
    /// Teaching days outside the pair's pauses.
    days: Vec<NaiveDate>,
    half: usize,
    /// Programme term: 0 is Year 1 Autumn.
    programme_term: usize,
    /// Index of the module in its programme term's list.
    module: Option<usize>,
    module_week: u32,
    meets: bool,
}

/// The programme year (1-based) and term of programme term `k` (0-based).
pub fn programme_year_term(k: usize) -> (u8, Term) {
    (u8::try_from(k / 3 + 1).unwrap_or(u8::MAX), Term::ALL[k % 3])
}

/// A programme term's modules, each with its sessions, in order.
type TermModules = Vec<(String, ModuleSessions)>;

/// Works out `pair`'s schedule on `calendar` for `programme`.
pub fn build(calendar: &Calendar, pair: &Pair, programme: &ProgrammeSessions) -> Schedule {
    // the pair's own order of modules (`sequence:`), when it has one
    let sequenced;
    let programme = if pair.sequence.is_empty() {
        programme
    } else {
        sequenced = programme.in_sequence(&pair.sequence);
        &sequenced
    };
    let start_monday = monday_of(pair.start);
    let cal_weeks: Vec<&CalendarWeek> = calendar
        .weeks()
        .iter()
        .filter(|w| w.monday >= start_monday)
        .collect();
    let (mut slots, programme_terms) = active_slots(&cal_weeks, pair);
    let modules_of = plan_terms(&mut slots, &programme_terms, calendar, pair, programme);
    let coverage = cover_sessions(&slots, &modules_of);
    let catch_up = catch_up_missed(&slots, coverage.missed);
    let finished_after = finished_after(&slots, &cal_weeks);
    let plan = Plan {
        slots: &slots,
        modules_of: &modules_of,
        covered: coverage.covered,
        catch_up,
    };
    let weeks = week_entries(&cal_weeks, pair, plan, finished_after);
    Schedule {
        pair: pair.id.clone(),
        start_monday,
        weeks,
        unscheduled: coverage.unscheduled,
        finished_after,
    }
}

/// The pair's active weeks among `cal_weeks` (teaching weeks with a day
/// outside its pauses), and the calendar terms holding them, in order: the
/// pair's programme terms.
fn active_slots(cal_weeks: &[&CalendarWeek], pair: &Pair) -> (Vec<Slot>, Vec<usize>) {
    let mut slots: Vec<Slot> = Vec::new();
    let mut programme_terms: Vec<usize> = Vec::new();
    for (i, w) in cal_weeks.iter().enumerate() {
        let WeekKind::Teaching(t) = &w.kind else {
            continue;
        };
        let days: Vec<NaiveDate> = t
            .days
            .iter()
            .copied()
            .filter(|d| !pair.is_paused(*d))
            .collect();
        if days.is_empty() {
            continue;
        }
        if programme_terms.last() != Some(&t.term) {
            programme_terms.push(t.term);
        }
        slots.push(Slot {
            week: i,
            days,
            half: t.half,
            programme_term: programme_terms.len() - 1,
            module: None,
            module_week: 0,
            meets: false,
        });
    }
    (slots, programme_terms)
}

/// Gives every slot its module, module week and whether the pair meets, one
/// programme term at a time; returns each programme term's modules.
fn plan_terms(
    slots: &mut [Slot],
    programme_terms: &[usize],
    calendar: &Calendar,
    pair: &Pair,
    programme: &ProgrammeSessions,
) -> Vec<TermModules> {
    let mut modules_of: Vec<TermModules> = Vec::new();
    for (k, &term) in programme_terms.iter().enumerate() {
        let (year, pterm) = programme_year_term(k);
        let modules: TermModules = if k < PROGRAMME_TERMS {
            programme
                .programme
                .modules_in(year, pterm)
                .map(|m| (m.slug.clone(), programme.module(&m.slug)))
                .collect()
        } else {
            Vec::new()
        };
        let in_term: Vec<usize> = (0..slots.len())
            .filter(|&s| slots[s].programme_term == k)
            .collect();
        assign_modules(slots, &in_term, &modules, calendar.halves(term));
        mark_meetings(slots, &in_term, pair.cadence.for_year(year));
        modules_of.push(modules);
    }
    modules_of
}

/// Marks which active weeks of one programme term (`in_term`, in order) the
/// pair meets: every one when weekly, the 1st, 3rd, 5th... of each half when
/// fortnightly.
fn mark_meetings(slots: &mut [Slot], in_term: &[usize], frequency: Frequency) {
    let mut position: BTreeMap<usize, u32> = BTreeMap::new();
    for &s in in_term {
        let n = position.entry(slots[s].half).or_insert(0);
        *n += 1;
        slots[s].meets = match frequency {
            Frequency::Weekly => true,
            Frequency::Fortnightly => *n % 2 == 1,
        };
    }
}

/// Which sessions each meeting covers, and the modules no meeting covers.
struct Coverage {
    /// By slot: the sessions its meeting covers.
    covered: Vec<Vec<String>>,
    /// Modules with sessions but no meeting, for [`Schedule::unscheduled`].
    unscheduled: Vec<Unscheduled>,
    /// The same modules as (programme term, module index, sessions).
    missed: Vec<(usize, usize, Vec<String>)>,
}

/// Shares each module's sessions among its meetings: a meeting covers those
/// after the previous meeting's module week and up to its own, the last one
/// all that remain.
fn cover_sessions(slots: &[Slot], modules_of: &[TermModules]) -> Coverage {
    let mut coverage = Coverage {
        covered: vec![Vec::new(); slots.len()],
        unscheduled: Vec::new(),
        missed: Vec::new(),
    };
    for (k, modules) in modules_of.iter().enumerate() {
        let (year, term) = programme_year_term(k);
        for (m, (slug, content)) in modules.iter().enumerate() {
            let meetings: Vec<usize> = (0..slots.len())
                .filter(|&s| {
                    slots[s].programme_term == k && slots[s].module == Some(m) && slots[s].meets
                })
                .collect();
            if meetings.is_empty() {
                if !content.sessions.is_empty() {
                    let sessions: Vec<String> =
                        content.sessions.iter().map(|s| s.rel.clone()).collect();
                    coverage.missed.push((k, m, sessions.clone()));
                    coverage.unscheduled.push(Unscheduled {
                        year,
                        term,
                        module: slug.clone(),
                        sessions,
                    });
                }
                continue;
            }
            let mut previous = 0;
            for (n, &s) in meetings.iter().enumerate() {
                let last = n + 1 == meetings.len();
                let week = slots[s].module_week;
                coverage.covered[s] = content
                    .sessions
                    .iter()
                    .filter(|x| x.week > previous && (last || x.week <= week))
                    .map(|x| x.rel.clone())
                    .collect();
                previous = week;
            }
        }
    }
    coverage
}

/// By slot: the sessions of modules no meeting covered, each given to the
/// first meeting after its module.
fn catch_up_missed(slots: &[Slot], missed: Vec<(usize, usize, Vec<String>)>) -> Vec<Vec<String>> {
    let mut catch_up: Vec<Vec<String>> = vec![Vec::new(); slots.len()];
    for (k, m, sessions) in missed {
        let after = (0..slots.len()).find(|&s| {
            slots[s].meets
                && (slots[s].programme_term > k
                    || (slots[s].programme_term == k && slots[s].module.is_some_and(|x| x > m)))
        });
        if let Some(s) = after {
            catch_up[s].extend(sessions);
        }
    }
    catch_up
}

/// The Monday of the last active week of the programme, when the calendar
/// runs past the programme's end.
fn finished_after(slots: &[Slot], cal_weeks: &[&CalendarWeek]) -> Option<NaiveDate> {
    slots
        .iter()
        .any(|s| s.programme_term >= PROGRAMME_TERMS)
        .then(|| {
            slots
                .iter()
                .rev()
                .find(|s| s.programme_term < PROGRAMME_TERMS)
                .map(|s| cal_weeks[s.week].monday)
        })
        .flatten()
}

/// The worked-out slots with what each meeting covers, ready to become weeks.
struct Plan<'a> {
    slots: &'a [Slot],
    modules_of: &'a [TermModules],
    /// By slot: the sessions its meeting covers.
    covered: Vec<Vec<String>>,
    /// By slot: the sessions it catches up.
    catch_up: Vec<Vec<String>>,
}

/// One entry per calendar week: a meeting or why there is none.
fn week_entries(
    cal_weeks: &[&CalendarWeek],
    pair: &Pair,
    mut plan: Plan<'_>,
    finished_after: Option<NaiveDate>,
) -> Vec<Week> {
    let slots = plan.slots;
    let mut by_week: Vec<Option<usize>> = vec![None; cal_weeks.len()];
    for (s, slot) in slots.iter().enumerate() {
        by_week[slot.week] = Some(s);
    }
    let mut weeks = Vec::with_capacity(cal_weeks.len());
    let mut first = true;
    for (i, w) in cal_weeks.iter().enumerate() {
        let skip = |reason| Week::Skip {
            monday: w.monday,
            reason,
        };
        if finished_after.is_some_and(|f| w.monday > f) {
            weeks.push(skip(SkipReason::Finished));
            continue;
        }
        let entry = match (&w.kind, by_week[i]) {
            (WeekKind::NotTeaching(n), _) => skip((*n).into()),
            (WeekKind::Teaching(_), None) => skip(SkipReason::Paused),
            (WeekKind::Teaching(_), Some(s)) if !slots[s].meets => skip(SkipReason::NotMeetingWeek),
            (WeekKind::Teaching(_), Some(s)) => {
                let meeting = plan.meeting(s, w.monday, pair, first);
                first = false;
                Week::Meeting(meeting)
            }
        };
        weeks.push(entry);
    }
    weeks
}

impl Plan<'_> {
    /// The meeting of slot `s`, in the week of `monday`; takes its sessions.
    fn meeting(&mut self, s: usize, monday: NaiveDate, pair: &Pair, first: bool) -> Meeting {
        let slot = &self.slots[s];
        let (year, term) = programme_year_term(slot.programme_term);
        let module = slot
            .module
            .map(|m| &self.modules_of[slot.programme_term][m]);
        let sessions = std::mem::take(&mut self.covered[s]);
        let consolidation =
            module.is_some_and(|(_, c)| slot.module_week > c.weeks) && sessions.is_empty();
        Meeting {
            date: meeting_date(monday, pair.meeting.day, &slot.days),
            week_monday: monday,
            year,
            term,
            module: module.map(|(slug, _)| slug.clone()),
            week: module.map(|_| slot.module_week),
            sessions,
            consolidation,
            first,
            catch_up: std::mem::take(&mut self.catch_up[s]),
        }
    }
}

/// Gives each active week of one programme term (`in_term`, in order) its
/// module and module week.
fn assign_modules(
    slots: &mut [Slot],
    in_term: &[usize],
    modules: &[(String, ModuleSessions)],
    halves: usize,
) {
    if modules.is_empty() {
        return;
    }
    if modules.len() == 1 || modules.len() == halves {
        for &s in in_term {
            slots[s].module = Some(if modules.len() == 1 { 0 } else { slots[s].half });
        }
    } else {
        // back to back, each as many weeks as its highest week number; the
        // last one runs to the end of the term
        let mut m = 0;
        let mut used = 0;
        for &s in in_term {
            while m + 1 < modules.len() && used >= modules[m].1.weeks {
                m += 1;
                used = 0;
            }
            slots[s].module = Some(m);
            used += 1;
        }
    }
    let mut current = None;
    let mut week = 0;
    for &s in in_term {
        if slots[s].module != current {
            current = slots[s].module;
            week = 0;
        }
        week += 1;
        slots[s].module_week = week;
    }
}

/// The pair's meeting day in the week of `monday` if it is one of `days`,
/// else the next of `days` in that week, else the previous one.
fn meeting_date(monday: NaiveDate, day: chrono::Weekday, days: &[NaiveDate]) -> NaiveDate {
    let wanted = monday + Days::new(u64::from(day.num_days_from_monday()));
    if days.contains(&wanted) {
        return wanted;
    }
    days.iter()
        .find(|d| **d > wanted)
        .or_else(|| days.iter().rev().find(|d| **d < wanted))
        .copied()
        .unwrap_or(wanted)
}

/// The weekday name of `date`, in English: `Tuesday`.
pub fn weekday_name(date: NaiveDate) -> &'static str {
    match date.weekday() {
        chrono::Weekday::Mon => "Monday",
        chrono::Weekday::Tue => "Tuesday",
        chrono::Weekday::Wed => "Wednesday",
        chrono::Weekday::Thu => "Thursday",
        chrono::Weekday::Fri => "Friday",
        chrono::Weekday::Sat => "Saturday",
        chrono::Weekday::Sun => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{DateRange, TermDates};
    use crate::curriculum::programme::ModuleRef;
    use chrono::Weekday;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Active weeks in halves `halves` (in order), as `plan_terms` sees them.
    fn slots_in(halves: &[usize]) -> Vec<Slot> {
        halves
            .iter()
            .enumerate()
            .map(|(i, &half)| Slot {
                week: i,
                days: Vec::new(),
                half,
                programme_term: 0,
                module: None,
                module_week: 0,
                meets: false,
            })
            .collect()
    }

    #[test]
    fn fortnightly_meets_on_the_odd_active_weeks_of_each_half() {
        let mut slots = slots_in(&[0, 0, 0, 1, 1, 1, 1]);
        let in_term: Vec<usize> = (0..slots.len()).collect();
        mark_meetings(&mut slots, &in_term, Frequency::Fortnightly);
        let meets: Vec<bool> = slots.iter().map(|s| s.meets).collect();
        assert_eq!(meets, [true, false, true, true, false, true, false]);
        mark_meetings(&mut slots, &in_term, Frequency::Weekly);
        assert!(slots.iter().all(|s| s.meets));
    }

    #[test]
    fn a_module_no_meeting_covers_is_caught_up_at_the_next_meeting_after_it() {
        let mut slots = slots_in(&[0, 0, 0]);
        for (s, (module, meets)) in slots.iter_mut().zip([(0, false), (1, true), (1, true)]) {
            s.module = Some(module);
            s.meets = meets;
        }
        let caught = catch_up_missed(&slots, vec![(0, 0, vec!["a.md".to_string()])]);
        assert_eq!(caught, [vec![], vec!["a.md".to_string()], vec![]]);
    }

    fn term(name: Term, start: &str, end: &str, half_term: Option<(&str, &str)>) -> TermDates {
        TermDates {
            name,
            start: d(start),
            end: d(end),
            breaks: half_term
                .map(|(s, e)| DateRange {
                    start: d(s),
                    end: d(e),
                })
                .into_iter()
                .collect(),
        }
    }

    /// The example repository's calendar: 2025-26 and 2026-27.
    fn calendar() -> Calendar {
        use Term::*;
        Calendar::from_terms(
            vec![
                term(
                    Autumn,
                    "2025-09-03",
                    "2025-12-19",
                    Some(("2025-10-27", "2025-10-31")),
                ),
                term(
                    Spring,
                    "2026-01-05",
                    "2026-03-27",
                    Some(("2026-02-16", "2026-02-20")),
                ),
                term(
                    Summer,
                    "2026-04-13",
                    "2026-07-22",
                    Some(("2026-05-25", "2026-05-29")),
                ),
                term(
                    Autumn,
                    "2026-09-02",
                    "2026-12-18",
                    Some(("2026-10-26", "2026-10-30")),
                ),
                term(
                    Spring,
                    "2027-01-04",
                    "2027-03-26",
                    Some(("2027-02-15", "2027-02-19")),
                ),
                term(
                    Summer,
                    "2027-04-12",
                    "2027-07-21",
                    Some(("2027-05-31", "2027-06-04")),
                ),
            ],
            [
                "2026-01-05",
                "2026-05-04",
                "2026-11-27",
                "2027-01-04",
                "2027-03-26",
                "2027-05-03",
            ]
            .map(d),
        )
    }

    fn module(slug: &str, year: u8, term: Term) -> ModuleRef {
        ModuleRef {
            slug: slug.into(),
            title: slug.into(),
            target: format!("/example/{slug}"),
            year: Some(year),
            term: Some(term),
            span: 0..0,
        }
    }

    /// A programme shaped like `curriculum/example.md`; `weeks` lists each
    /// module's mentor-session weeks.
    fn programme(modules: &[(&str, u8, Term, &[u32])]) -> ProgrammeSessions {
        let mut map = BTreeMap::new();
        for (slug, _, term, weeks) in modules {
            map.insert(
                slug.to_string(),
                ModuleSessions {
                    weeks: weeks.iter().copied().max().unwrap_or(0),
                    sessions: weeks
                        .iter()
                        .map(|w| SessionRef {
                            week: *w,
                            rel: format!("example/{slug}/{term}-week-{w}-mentor-materials.md"),
                        })
                        .collect(),
                },
            );
        }
        ProgrammeSessions {
            programme: Programme {
                id: "example".into(),
                title: None,
                modules: modules
                    .iter()
                    .map(|(s, y, t, _)| module(s, *y, *t))
                    .collect(),
            },
            modules: map,
        }
    }

    fn example() -> ProgrammeSessions {
        use Term::*;
        programme(&[
            (
                "year-1-classroom-culture",
                1,
                Autumn,
                &[1, 2, 3, 4, 5, 6, 7, 8],
            ),
            ("year-1-how-pupils-learn", 1, Autumn, &[1, 2, 3, 4, 5, 6, 7]),
            ("year-1-explaining-and-modelling", 1, Spring, &[1, 2, 3, 4]),
            ("year-1-questioning-and-feedback", 1, Spring, &[1, 2, 3, 4]),
            ("year-1-adapting-teaching", 1, Summer, &[1, 2, 3, 4, 5]),
            ("year-2-inquiry-into-behaviour", 2, Autumn, &[1, 3, 5, 7]),
            ("year-2-inquiry-into-assessment", 2, Autumn, &[1, 3, 5, 7]),
            ("year-2-inquiry-into-planning", 2, Spring, &[1, 3, 5]),
            ("year-2-professional-growth", 2, Summer, &[1, 3, 5]),
        ])
    }

    fn pair(start: &str, day: Weekday) -> Pair {
        Pair::new("jo-alex", "example", d(start), day)
    }

    /// (date, year, term, module, week, session weeks) of the meeting in the week of `date`.
    fn at(s: &Schedule, date: &str) -> (NaiveDate, u8, Term, String, u32, Vec<u32>) {
        let m = s
            .meeting_in_week(d(date))
            .unwrap_or_else(|| panic!("no meeting in the week of {date}: {:?}", s.status(d(date))));
        let weeks = m
            .sessions
            .iter()
            .map(|p| {
                p.split("-week-")
                    .nth(1)
                    .unwrap()
                    .split('-')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            })
            .collect();
        (
            m.date,
            m.year,
            m.term,
            m.module.clone().unwrap_or_default(),
            m.week.unwrap_or(0),
            weeks,
        )
    }

    fn row(
        date: &str,
        year: u8,
        term: Term,
        module: &str,
        week: u32,
        sessions: &[u32],
    ) -> (NaiveDate, u8, Term, String, u32, Vec<u32>) {
        (
            d(date),
            year,
            term,
            format!("year-{year}-{module}"),
            week,
            sessions.to_vec(),
        )
    }

    #[test]
    fn a_september_starter_begins_with_the_contracting_meeting() {
        let s = build(&calendar(), &pair("2026-09-02", Weekday::Tue), &example());
        assert_eq!(s.weeks[0].monday(), d("2026-08-31"));
        // Tuesday 1 September is before the term: the next teaching day
        assert_eq!(
            at(&s, "2026-09-01"),
            row("2026-09-02", 1, Term::Autumn, "classroom-culture", 1, &[1])
        );
        assert!(s.meeting_in_week(d("2026-09-02")).unwrap().first);
        assert_eq!(
            at(&s, "2026-09-08"),
            row("2026-09-08", 1, Term::Autumn, "classroom-culture", 2, &[2])
        );
        assert!(!s.meeting_in_week(d("2026-09-08")).unwrap().first);
        assert_eq!(
            at(&s, "2026-10-20"),
            row("2026-10-20", 1, Term::Autumn, "classroom-culture", 8, &[8])
        );
        assert_eq!(s.status(d("2026-10-27")), Err(SkipReason::HalfTerm));
        assert_eq!(
            at(&s, "2026-11-03"),
            row("2026-11-03", 1, Term::Autumn, "how-pupils-learn", 1, &[1])
        );
        assert_eq!(
            at(&s, "2026-12-15"),
            row("2026-12-15", 1, Term::Autumn, "how-pupils-learn", 7, &[7])
        );
        assert_eq!(s.status(d("2026-12-22")), Err(SkipReason::Holiday));
        // Monday 4 January is an INSET day; the pair meets on Tuesdays anyway
        assert_eq!(
            at(&s, "2027-01-05"),
            row(
                "2027-01-05",
                1,
                Term::Spring,
                "explaining-and-modelling",
                1,
                &[1]
            )
        );
        assert_eq!(s.status(d("2026-08-20")), Err(SkipReason::NotStarted));
        assert_eq!(s.status(d("2027-08-02")), Err(SkipReason::NoCalendar));
        assert!(s.unscheduled.is_empty());
        assert_eq!(s.weeks.last().unwrap().monday(), d("2027-07-19"));
    }

    #[test]
    fn a_january_starter_does_year_1_autumn_in_the_spring_term() {
        let s = build(&calendar(), &pair("2027-01-04", Weekday::Mon), &example());
        assert_eq!(s.status(d("2026-12-14")), Err(SkipReason::NotStarted));
        // Monday 4 January is an INSET day: Tuesday instead
        assert_eq!(
            at(&s, "2027-01-04"),
            row("2027-01-05", 1, Term::Autumn, "classroom-culture", 1, &[1])
        );
        assert!(s.meeting_in_week(d("2027-01-04")).unwrap().first);
        assert_eq!(
            at(&s, "2027-01-11"),
            row("2027-01-11", 1, Term::Autumn, "classroom-culture", 2, &[2])
        );
        // six weeks in the half: the last meeting also covers weeks 7 and 8
        assert_eq!(
            at(&s, "2027-02-08"),
            row(
                "2027-02-08",
                1,
                Term::Autumn,
                "classroom-culture",
                6,
                &[6, 7, 8]
            )
        );
        assert_eq!(s.status(d("2027-02-15")), Err(SkipReason::HalfTerm));
        assert_eq!(
            at(&s, "2027-02-22"),
            row("2027-02-22", 1, Term::Autumn, "how-pupils-learn", 1, &[1])
        );
        assert_eq!(
            at(&s, "2027-03-22"),
            row(
                "2027-03-22",
                1,
                Term::Autumn,
                "how-pupils-learn",
                5,
                &[5, 6, 7]
            )
        );
        assert_eq!(
            at(&s, "2027-04-12"),
            row(
                "2027-04-12",
                1,
                Term::Spring,
                "explaining-and-modelling",
                1,
                &[1]
            )
        );
        // early May bank holiday on the meeting day
        assert_eq!(
            at(&s, "2027-05-03"),
            row(
                "2027-05-04",
                1,
                Term::Spring,
                "explaining-and-modelling",
                4,
                &[4]
            )
        );
        assert!(s.unscheduled.is_empty());
    }

    #[test]
    fn a_pause_through_a_whole_term_shifts_the_programme() {
        let mut p = pair("2026-09-02", Weekday::Tue);
        p.pauses = vec![DateRange {
            start: d("2026-12-21"),
            end: d("2027-04-02"),
        }];
        let s = build(&calendar(), &p, &example());
        assert_eq!(s.status(d("2027-01-05")), Err(SkipReason::Paused));
        assert_eq!(s.status(d("2027-03-23")), Err(SkipReason::Paused));
        assert_eq!(s.status(d("2027-02-16")), Err(SkipReason::HalfTerm));
        assert_eq!(
            at(&s, "2027-04-13"),
            row(
                "2027-04-13",
                1,
                Term::Spring,
                "explaining-and-modelling",
                1,
                &[1]
            )
        );
        assert_eq!(
            at(&s, "2027-06-08"),
            row(
                "2027-06-08",
                1,
                Term::Spring,
                "questioning-and-feedback",
                1,
                &[1]
            )
        );
        assert_eq!(
            s.break_between(d("2026-12-15"), d("2027-04-13")),
            Some(SkipReason::Holiday)
        );
    }

    #[test]
    fn a_pause_through_a_whole_half_leaves_its_module_unscheduled_not_dropped() {
        let mut p = pair("2026-09-02", Weekday::Tue);
        p.pauses = vec![DateRange {
            start: d("2026-09-01"),
            end: d("2026-10-23"),
        }];
        let s = build(&calendar(), &p, &example());
        assert_eq!(s.status(d("2026-09-08")), Err(SkipReason::Paused));
        let first = s.meetings().next().unwrap();
        assert!(first.first);
        assert_eq!(
            at(&s, "2026-11-03"),
            row("2026-11-03", 1, Term::Autumn, "how-pupils-learn", 1, &[1])
        );
        assert_eq!(s.unscheduled.len(), 1);
        assert_eq!(s.unscheduled[0].module, "year-1-classroom-culture");
        assert_eq!(s.unscheduled[0].sessions.len(), 8);
        // they come back, to catch up, at the first meeting after the pause
        assert_eq!(first.date, d("2026-11-03"));
        assert_eq!(first.catch_up, s.unscheduled[0].sessions);
        assert!(s.meetings().skip(1).all(|m| m.catch_up.is_empty()));
    }

    #[test]
    fn year_2_meets_on_the_1st_3rd_5th_and_7th_active_week_of_each_half() {
        let s = build(&calendar(), &pair("2025-09-03", Weekday::Tue), &example());
        assert_eq!(
            at(&s, "2025-09-03"),
            row("2025-09-03", 1, Term::Autumn, "classroom-culture", 1, &[1])
        );
        let autumn: Vec<_> = s
            .meetings()
            .filter(|m| m.year == 2 && m.term == Term::Autumn)
            .map(|m| {
                (
                    m.date,
                    m.module.clone().unwrap(),
                    m.week.unwrap(),
                    m.sessions.len(),
                )
            })
            .collect();
        let behaviour = "year-2-inquiry-into-behaviour".to_string();
        let assessment = "year-2-inquiry-into-assessment".to_string();
        assert_eq!(
            autumn,
            [
                (d("2026-09-02"), behaviour.clone(), 1, 1),
                (d("2026-09-15"), behaviour.clone(), 3, 1),
                (d("2026-09-29"), behaviour.clone(), 5, 1),
                (d("2026-10-13"), behaviour, 7, 1),
                (d("2026-11-03"), assessment.clone(), 1, 1),
                (d("2026-11-17"), assessment.clone(), 3, 1),
                (d("2026-12-01"), assessment.clone(), 5, 1),
                (d("2026-12-15"), assessment, 7, 1),
            ]
        );
        assert_eq!(s.status(d("2026-09-08")), Err(SkipReason::NotMeetingWeek));
        assert_eq!(s.status(d("2026-10-20")), Err(SkipReason::NotMeetingWeek));
        // spring: one module through the term; the count restarts after half-term
        assert_eq!(
            at(&s, "2027-01-05"),
            row(
                "2027-01-05",
                2,
                Term::Spring,
                "inquiry-into-planning",
                1,
                &[1]
            )
        );
        assert_eq!(
            at(&s, "2027-02-02"),
            row(
                "2027-02-02",
                2,
                Term::Spring,
                "inquiry-into-planning",
                5,
                &[5]
            )
        );
        assert_eq!(s.status(d("2027-02-09")), Err(SkipReason::NotMeetingWeek));
        let after = s.meeting_in_week(d("2027-02-23")).unwrap();
        assert_eq!((after.week, after.consolidation), (Some(7), true));
        assert_eq!(
            s.next_meeting_after(d("2027-02-02")).unwrap().date,
            d("2027-02-23")
        );
        assert_eq!(
            s.break_between(d("2027-02-02"), d("2027-02-23")),
            Some(SkipReason::HalfTerm)
        );
        // the calendar ends with year 2 summer: nothing is past the programme
        assert_eq!(s.finished_after, None);
        assert_eq!(at(&s, "2027-07-20").1, 2);
    }

    #[test]
    fn a_fortnightly_cadence_covers_the_weeks_it_skips() {
        let mut p = pair("2026-09-02", Weekday::Tue);
        p.cadence.year1 = Frequency::Fortnightly;
        let s = build(&calendar(), &p, &example());
        assert_eq!(
            at(&s, "2026-09-02"),
            row("2026-09-02", 1, Term::Autumn, "classroom-culture", 1, &[1])
        );
        assert_eq!(
            at(&s, "2026-09-15"),
            row(
                "2026-09-15",
                1,
                Term::Autumn,
                "classroom-culture",
                3,
                &[2, 3]
            )
        );
        assert_eq!(
            at(&s, "2026-09-29"),
            row(
                "2026-09-29",
                1,
                Term::Autumn,
                "classroom-culture",
                5,
                &[4, 5]
            )
        );
        // the last meeting of the half also covers week 8
        assert_eq!(
            at(&s, "2026-10-13"),
            row(
                "2026-10-13",
                1,
                Term::Autumn,
                "classroom-culture",
                7,
                &[6, 7, 8]
            )
        );
        assert_eq!(
            at(&s, "2026-12-15"),
            row(
                "2026-12-15",
                1,
                Term::Autumn,
                "how-pupils-learn",
                7,
                &[6, 7]
            )
        );
        let all: usize = s.meetings().map(|m| m.sessions.len()).sum();
        assert_eq!(all, 8 + 7 + 4 + 4 + 5, "every session of year 1, once");
    }

    #[test]
    fn a_closure_on_the_meeting_day_moves_the_meeting_within_the_week() {
        // Friday 27 November 2026 is an INSET day: the meeting moves back to Thursday
        let s = build(&calendar(), &pair("2026-09-02", Weekday::Fri), &example());
        assert_eq!(
            s.meeting_in_week(d("2026-11-23")).unwrap().date,
            d("2026-11-26")
        );
        assert_eq!(
            s.meeting_in_week(d("2026-11-30")).unwrap().date,
            d("2026-12-04")
        );
        // Good Friday 2027 closes the last day of the spring term
        assert_eq!(
            s.meeting_in_week(d("2027-03-22")).unwrap().date,
            d("2027-03-25")
        );
        // Monday 3 May 2027 is a bank holiday: the meeting moves on to Tuesday
        let s = build(&calendar(), &pair("2026-09-02", Weekday::Mon), &example());
        assert_eq!(
            s.meeting_in_week(d("2027-05-03")).unwrap().date,
            d("2027-05-04")
        );
        assert_eq!(
            s.meeting_in_week(d("2027-05-10")).unwrap().date,
            d("2027-05-10")
        );
    }

    #[test]
    fn weeks_past_a_module_are_consolidation_weeks() {
        let s = build(&calendar(), &pair("2026-09-02", Weekday::Tue), &example());
        // summer 2027: one five-week module through the whole term
        assert_eq!(
            at(&s, "2027-05-11"),
            row("2027-05-11", 1, Term::Summer, "adapting-teaching", 5, &[5])
        );
        let m = s.meeting_in_week(d("2027-05-17")).unwrap();
        assert_eq!(
            (m.date, m.week, m.consolidation, m.sessions.len()),
            (d("2027-05-18"), Some(6), true, 0)
        );
        assert_eq!(s.status(d("2027-06-01")), Err(SkipReason::HalfTerm));
        let last = s.meetings().last().unwrap();
        assert_eq!(
            (last.date, last.week, last.consolidation),
            (d("2027-07-20"), Some(14), true)
        );
        assert!(!s.meeting_in_week(d("2027-05-11")).unwrap().consolidation);
    }

    #[test]
    fn modules_run_back_to_back_when_they_do_not_match_the_halves() {
        let calendar = Calendar::from_terms(
            vec![term(Term::Autumn, "2026-09-07", "2026-10-16", None)],
            [],
        );
        let p = programme(&[
            ("year-1-a", 1, Term::Autumn, &[1, 2, 3]),
            ("year-1-b", 1, Term::Autumn, &[1, 2]),
            ("year-1-c", 1, Term::Autumn, &[2]),
        ]);
        let s = build(&calendar, &pair("2026-09-07", Weekday::Wed), &p);
        let got: Vec<_> = s
            .meetings()
            .map(|m| {
                (
                    m.module.clone().unwrap(),
                    m.week.unwrap(),
                    m.sessions.len(),
                    m.consolidation,
                )
            })
            .collect();
        let m = |s: &str, w, n, c| (s.to_string(), w, n, c);
        assert_eq!(
            got,
            [
                m("year-1-a", 1, 1, false),
                m("year-1-a", 2, 1, false),
                m("year-1-a", 3, 1, false),
                m("year-1-b", 1, 1, false),
                m("year-1-b", 2, 1, false),
                m("year-1-c", 1, 1, false),
            ]
        );
        assert_eq!(s.meetings().last().unwrap().date, d("2026-10-14"));
    }

    #[test]
    fn neighbours_of_a_meeting() {
        let s = build(&calendar(), &pair("2026-09-02", Weekday::Tue), &example());
        assert_eq!(
            s.next_meeting_after(d("2026-10-20")).unwrap().date,
            d("2026-11-03")
        );
        assert_eq!(
            s.previous_meeting_before(d("2026-11-03")).unwrap().date,
            d("2026-10-20")
        );
        assert_eq!(
            s.break_between(d("2026-10-20"), d("2026-11-03")),
            Some(SkipReason::HalfTerm)
        );
        assert_eq!(s.break_between(d("2026-11-03"), d("2026-11-10")), None);
        assert_eq!(
            s.break_between(d("2026-12-15"), d("2027-01-05")),
            Some(SkipReason::Holiday)
        );
        assert!(s.next_meeting_after(d("2027-07-20")).is_none());
        assert!(s.previous_meeting_before(d("2026-09-02")).is_none());
    }

    #[test]
    fn terms_past_the_second_year_are_finished() {
        let mut cal = calendar().terms().to_vec();
        cal.push(term(Term::Autumn, "2027-09-01", "2027-12-17", None));
        let s = build(
            &Calendar::from_terms(cal, []),
            &pair("2025-09-03", Weekday::Tue),
            &example(),
        );
        assert_eq!(s.finished_after, Some(d("2027-07-19")));
        assert_eq!(s.status(d("2027-08-02")), Err(SkipReason::Finished));
        assert_eq!(s.status(d("2027-09-07")), Err(SkipReason::Finished));
        assert_eq!(s.status(d("2028-01-04")), Err(SkipReason::Finished));
    }
}
