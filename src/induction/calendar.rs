//! The induction calendar: which school terms a pair's statutory induction
//! spans, when its formal assessments and progress reviews fall, and the day
//! each is due. Pure functions of the pair and the school calendar.
//!
//! Induction term 1 is the school term holding `induction_start`, or the
//! first term after it when that day falls in a holiday. The induction lasts
//! T = ceil(6 / fte) + `extension_terms` school terms; formal assessments fall
//! in term ceil(3 / fte) and term T, a progress review in every other term.
//! Each is due on the term's last teaching day.

use crate::calendar::Calendar;
use crate::pair::Pair;
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// What the induction tutor holds in a term.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// A written record of whether the ECT is on track (terms without an assessment).
    ProgressReview,
    /// A judgement against the Teachers' Standards, signed by the ECT, the
    /// tutor and the headteacher.
    FormalAssessment,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::ProgressReview => "progress-review",
            EventKind::FormalAssessment => "formal-assessment",
        }
    }

    /// `progress review`, `formal assessment`: for sentences.
    pub fn words(self) -> &'static str {
        match self {
            EventKind::ProgressReview => "progress review",
            EventKind::FormalAssessment => "formal assessment",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        match s.trim() {
            "progress-review" => Some(EventKind::ProgressReview),
            "formal-assessment" => Some(EventKind::FormalAssessment),
            _ => None,
        }
    }
}

/// One review or assessment of a pair's induction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    /// The induction term, from 1.
    pub term: u32,
    /// The school term's first day and its last (`None` when `ect.yaml` does
    /// not reach that far yet).
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// The last teaching day of the term (`None` as for `dates`, or when the
    /// term has no teaching day).
    pub due: Option<NaiveDate>,
}

/// How many school terms an induction lasts at `fte_per_mille` (1000 = full
/// time) with `extension` terms added: ceil(6 / fte) + extension.
pub fn length_in_terms(fte_per_mille: u32, extension: u32) -> u32 {
    let m = fte_per_mille.clamp(1, 1000);
    6000u32.div_ceil(m) + extension
}

/// The induction terms of the two formal assessments: ceil(3 / fte), and the
/// last term.
pub fn assessment_terms(fte_per_mille: u32, extension: u32) -> (u32, u32) {
    let m = fte_per_mille.clamp(1, 1000);
    (
        3000u32.div_ceil(m),
        length_in_terms(fte_per_mille, extension),
    )
}

/// The last teaching day of school term `index` of `calendar`: its end,
/// moved earlier past weekends, breaks and closures.
pub fn last_teaching_day(calendar: &Calendar, index: usize) -> Option<NaiveDate> {
    let term = calendar.terms().get(index)?;
    let mut day = term.end;
    while day >= term.start {
        if calendar.is_teaching_day(day) {
            return Some(day);
        }
        day = day.checked_sub_days(Days::new(1))?;
    }
    None
}

/// The index (in `calendar.terms()`) of induction term 1 for an induction
/// starting on `start`: the term holding it, else the first after it.
pub fn first_term(calendar: &Calendar, start: NaiveDate) -> Option<usize> {
    calendar.terms().iter().position(|t| t.end >= start)
}

/// Every event of `pair`'s induction, in term order (which is date order).
pub fn events(pair: &Pair, calendar: &Calendar) -> Vec<Event> {
    let ext = pair.extension_terms.unwrap_or(0);
    plan(calendar, pair.induction_start(), pair.fte_per_mille(), ext)
}

/// The events of an induction starting on `start` at `fte_per_mille` with
/// `extension` terms.
pub fn plan(
    calendar: &Calendar,
    start: NaiveDate,
    fte_per_mille: u32,
    extension: u32,
) -> Vec<Event> {
    let total = length_in_terms(fte_per_mille, extension);
    let (first_assessment, last) = assessment_terms(fte_per_mille, extension);
    let first = first_term(calendar, start);
    (1..=total)
        .map(|term| {
            let kind = if term == first_assessment || term == last {
                EventKind::FormalAssessment
            } else {
                EventKind::ProgressReview
            };
            let index = first.map(|f| f + term as usize - 1);
            let dates = index
                .and_then(|i| calendar.terms().get(i))
                .map(|t| (t.start, t.end));
            let due = index.and_then(|i| last_teaching_day(calendar, i));
            Event {
                kind,
                term,
                dates,
                due,
            }
        })
        .collect()
}

/// The induction term (from 1) a record dated `date` belongs to: the one
/// whose school term holds it, else the last one ended before it (a review
/// held in the holiday after its term). `None` before the induction starts.
pub fn term_of(events: &[Event], date: NaiveDate) -> Option<&Event> {
    events
        .iter()
        .rfind(|e| e.dates.is_some_and(|(start, _)| start <= date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use chrono::Datelike;
    use proptest::prelude::*;

    /// Six years of school terms in the English pattern, with a half-term
    /// break in each and a closure on the last Friday of some.
    fn config(closures_on_last_day: bool) -> Config {
        let mut text = String::from("terms:\n");
        let mut closures = Vec::new();
        for year in 2025..2031 {
            for (name, start, end, brk) in [
                ("autumn", (9, 3), (12, 19), (10, 27)),
                ("spring", (1, 5), (3, 27), (2, 16)),
                ("summer", (4, 13), (7, 22), (5, 25)),
            ] {
                let y = if name == "autumn" { year } else { year + 1 };
                let s = NaiveDate::from_ymd_opt(y, start.0, start.1).unwrap();
                let e = NaiveDate::from_ymd_opt(y, end.0, end.1).unwrap();
                let b = NaiveDate::from_ymd_opt(y, brk.0, brk.1).unwrap();
                text.push_str(&format!(
                    "  - name: {name}\n    start: {s}\n    end: {e}\n    breaks:\n      - {{start: {b}, end: {}}}\n",
                    b + Days::new(4)
                ));
                if closures_on_last_day {
                    // the last weekday of the term is an INSET day
                    let mut c = e;
                    while matches!(c.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) {
                        c = c - Days::new(1);
                    }
                    closures.push(c);
                }
            }
        }
        if !closures.is_empty() {
            text.push_str("closures:\n");
            for c in closures {
                text.push_str(&format!("  - {c}\n"));
            }
        }
        Config::parse("ect.yaml", &text).unwrap().0
    }

    #[test]
    fn full_time_is_six_terms_assessed_in_three_and_six() {
        let cal = Calendar::new(&config(false));
        let start = NaiveDate::from_ymd_opt(2026, 9, 2).unwrap();
        let ev = plan(&cal, start, 1000, 0);
        let kinds: Vec<(u32, EventKind)> = ev.iter().map(|e| (e.term, e.kind)).collect();
        use EventKind::*;
        assert_eq!(
            kinds,
            [
                (1, ProgressReview),
                (2, ProgressReview),
                (3, FormalAssessment),
                (4, ProgressReview),
                (5, ProgressReview),
                (6, FormalAssessment)
            ]
        );
        // the term ends on Saturday 19 December 2026: Friday 18th
        assert_eq!(ev[0].due.unwrap().to_string(), "2026-12-18");
        // 27 March 2027 is a Saturday: moved back to Friday 26th
        assert_eq!(ev[1].due.unwrap().to_string(), "2027-03-26");
    }

    #[test]
    fn part_time_is_pro_rata_and_exact() {
        assert_eq!(length_in_terms(600, 0), 10);
        assert_eq!(assessment_terms(600, 0), (5, 10));
        assert_eq!(length_in_terms(800, 0), 8);
        assert_eq!(assessment_terms(800, 0), (4, 8));
        assert_eq!(length_in_terms(500, 1), 13);
        assert_eq!(length_in_terms(1000, 2), 8);
        assert_eq!(assessment_terms(1000, 2), (3, 8));
    }

    #[test]
    fn a_start_in_a_holiday_counts_from_the_next_term() {
        let cal = Calendar::new(&config(false));
        let start = NaiveDate::from_ymd_opt(2026, 8, 20).unwrap();
        let ev = plan(&cal, start, 1000, 0);
        assert_eq!(ev[0].dates.unwrap().0.to_string(), "2026-09-03");
    }

    #[test]
    fn closures_move_the_due_day_earlier() {
        let cal = Calendar::new(&config(true));
        let start = NaiveDate::from_ymd_opt(2026, 9, 2).unwrap();
        let ev = plan(&cal, start, 1000, 0);
        // the term ends on Saturday 19 December 2026 and Friday 18th is closed: Thursday 17th
        assert_eq!(ev[0].due.unwrap().to_string(), "2026-12-17");
    }

    #[test]
    fn terms_beyond_the_calendar_have_no_due_day() {
        let cal = Calendar::new(&config(false));
        let start = NaiveDate::from_ymd_opt(2030, 9, 3).unwrap();
        let ev = plan(&cal, start, 1000, 0);
        assert_eq!(ev.len(), 6);
        assert!(ev[0].due.is_some());
        assert!(ev[5].due.is_none());
    }

    proptest! {
        #[test]
        fn induction_rules_hold(
            fte in 100u32..=1000,
            extension in 0u32..4,
            offset in 0u64..700,
            closures in any::<bool>(),
        ) {
            let cal = Calendar::new(&config(closures));
            let start = NaiveDate::from_ymd_opt(2025, 8, 1).unwrap() + Days::new(offset);
            let ev = plan(&cal, start, fte, extension);
            let total = length_in_terms(fte, extension);
            prop_assert_eq!(ev.len() as u32, total);
            // exactly two formal assessments, the last in the last term
            let formal: Vec<u32> = ev.iter().filter(|e| e.kind == EventKind::FormalAssessment).map(|e| e.term).collect();
            prop_assert_eq!(formal.len(), 2);
            prop_assert_eq!(formal[1], total);
            // a progress review in every other term, one event per term
            for (i, e) in ev.iter().enumerate() {
                prop_assert_eq!(e.term, i as u32 + 1);
                if !formal.contains(&e.term) {
                    prop_assert_eq!(e.kind, EventKind::ProgressReview);
                }
            }
            // nothing due outside a term, or on a day without teaching; in date order
            let mut last = None;
            for e in &ev {
                if let Some(due) = e.due {
                    prop_assert!(cal.is_teaching_day(due), "{} is not a teaching day", due);
                    let (s, end) = e.dates.unwrap();
                    prop_assert!(s <= due && due <= end);
                    prop_assert!(due >= start || e.term == 1 && cal.term_of(start).is_some());
                    prop_assert!(last < Some(due));
                    last = Some(due);
                }
            }
            // term 1 holds the start, or is the first term after it
            if let Some((s, end)) = ev[0].dates {
                prop_assert!(end >= start);
                if s > start {
                    prop_assert!(cal.term_of(start).is_none());
                }
            }
        }
    }
}
