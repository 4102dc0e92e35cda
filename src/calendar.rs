//! The school calendar from `ect.yaml`: teaching days, teaching weeks, the
//! halves of each term, and the checks `ect validate` makes on term dates.
//!
//! The rules (issue 3, documented in the README):
//!
//! - a teaching day is a Monday to Friday inside a term, outside its breaks,
//!   not a closure;
//! - a teaching week is a Monday-to-Sunday week with at least one teaching day;
//! - a term's breaks split it into halves (usually two).

use crate::config::{Config, DateRange, TermDates};
use crate::diag::{Diagnostic, FileDiagnostics, Severity};
use crate::yaml_pos::{Positions, Seg, ypath};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// The Monday of the Monday-to-Sunday week holding `date`.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    // the first days chrono knows have no Monday before them
    date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))
        .unwrap_or(NaiveDate::MIN)
}

/// The school calendar: terms sorted by start, their breaks, closures, and
/// every week from the first term's week to the last term's week.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    terms: Vec<TermDates>,
    closures: BTreeSet<NaiveDate>,
    weeks: Vec<CalendarWeek>,
    /// Number of halves of each term (halves holding at least one teaching day).
    halves: Vec<usize>,
}

/// One Monday-to-Sunday week of the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarWeek {
    pub monday: NaiveDate,
    pub kind: WeekKind,
}

/// Whether a week is a teaching week, and if not, why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeekKind {
    Teaching(TeachingWeek),
    NotTeaching(NoTeaching),
}

/// A week with at least one teaching day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeachingWeek {
    /// Index of the term in [`Calendar::terms`] (that of the week's first teaching day).
    pub term: usize,
    /// 0-based half of the term (that of the week's first teaching day).
    pub half: usize,
    /// The teaching days, Monday first.
    pub days: Vec<NaiveDate>,
}

/// Why a week has no teaching day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoTeaching {
    /// No weekday of the week is inside a term: the holidays between terms
    /// (or before the first term, after the last one).
    Holiday,
    /// Some weekday falls in a break of a term: half-term.
    HalfTerm,
    /// Every weekday inside a term is a closure (INSET days, bank holidays).
    Closure,
}

impl Calendar {
    /// The calendar `ect.yaml` describes.
    pub fn new(config: &Config) -> Calendar {
        Calendar::from_terms(config.terms.clone(), config.closures.iter().copied())
    }

    /// A calendar of `terms` (in any order) and `closures`.
    pub fn from_terms(
        mut terms: Vec<TermDates>,
        closures: impl IntoIterator<Item = NaiveDate>,
    ) -> Calendar {
        terms.sort_by_key(|t| (t.start, t.end));
        for t in &mut terms {
            t.breaks.sort_by_key(|b| (b.start, b.end));
        }
        let mut calendar = Calendar {
            halves: vec![0; terms.len()],
            terms,
            closures: closures.into_iter().collect(),
            weeks: Vec::new(),
        };
        let (Some(first), Some(last)) = (
            calendar.terms.iter().map(|t| t.start).min(),
            calendar.terms.iter().map(|t| t.end).max(),
        ) else {
            return calendar;
        };
        // Halves: a new half starts when a break lies between two teaching days.
        let mut last_day: Vec<Option<NaiveDate>> = vec![None; calendar.terms.len()];
        let mut half = vec![0usize; calendar.terms.len()];
        let mut monday = monday_of(first);
        while monday <= last {
            let mut days = Vec::new();
            let mut in_term = false;
            let mut in_break = false;
            let mut week_term = None;
            for offset in 0..5 {
                let Some(day) = monday.checked_add_days(Days::new(offset)) else {
                    break;
                };
                let Some(ti) = calendar.term_of(day) else {
                    continue;
                };
                in_term = true;
                let term = &calendar.terms[ti];
                if term.breaks.iter().any(|b| b.contains(day)) {
                    in_break = true;
                    continue;
                }
                if calendar.closures.contains(&day) {
                    continue;
                }
                if let Some(prev) = last_day[ti]
                    && term.breaks.iter().any(|b| prev < b.start && b.end < day)
                {
                    half[ti] += 1;
                }
                last_day[ti] = Some(day);
                if week_term.is_none() {
                    week_term = Some((ti, half[ti]));
                }
                days.push(day);
            }
            let kind = match week_term {
                Some((term, half)) => WeekKind::Teaching(TeachingWeek { term, half, days }),
                None if in_break => WeekKind::NotTeaching(NoTeaching::HalfTerm),
                None if in_term => WeekKind::NotTeaching(NoTeaching::Closure),
                None => WeekKind::NotTeaching(NoTeaching::Holiday),
            };
            calendar.weeks.push(CalendarWeek { monday, kind });
            match monday.checked_add_days(Days::new(7)) {
                Some(next) => monday = next,
                None => break,
            }
        }
        for (ti, seen) in last_day.iter().enumerate() {
            calendar.halves[ti] = if seen.is_some() { half[ti] + 1 } else { 0 };
        }
        calendar
    }

    /// The terms, sorted by start.
    pub fn terms(&self) -> &[TermDates] {
        &self.terms
    }

    /// How many halves term `term` has (halves with at least one teaching day).
    pub fn halves(&self, term: usize) -> usize {
        self.halves.get(term).copied().unwrap_or(0)
    }

    /// Every week from the first term's week to the last term's week.
    pub fn weeks(&self) -> &[CalendarWeek] {
        &self.weeks
    }

    /// The index of the term holding `date` (breaks included).
    pub fn term_of(&self, date: NaiveDate) -> Option<usize> {
        self.terms
            .iter()
            .position(|t| t.start <= date && date <= t.end)
    }

    /// A Monday to Friday inside a term, outside its breaks, not a closure.
    pub fn is_teaching_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
            && self
                .term_of(date)
                .is_some_and(|ti| !self.terms[ti].breaks.iter().any(|b| b.contains(date)))
            && !self.closures.contains(&date)
    }

    /// The week holding `date`; `None` before the first term's week or after
    /// the last term's week.
    pub fn week(&self, date: NaiveDate) -> Option<&CalendarWeek> {
        let first = self.weeks.first()?.monday;
        let monday = monday_of(date);
        if monday < first {
            return None;
        }
        let i = usize::try_from((monday - first).num_days() / 7).ok()?;
        self.weeks.get(i)
    }

    /// The teaching weeks in order, with what the calendar says of each.
    pub fn teaching_weeks(&self) -> impl Iterator<Item = (NaiveDate, &TeachingWeek)> {
        self.weeks.iter().filter_map(|w| match &w.kind {
            WeekKind::Teaching(t) => Some((w.monday, t)),
            WeekKind::NotTeaching(_) => None,
        })
    }

    /// The first day of the first term.
    pub fn start(&self) -> Option<NaiveDate> {
        self.terms.iter().map(|t| t.start).min()
    }

    /// The last day of the last term.
    pub fn end(&self) -> Option<NaiveDate> {
        self.terms.iter().map(|t| t.end).max()
    }
}

impl WeekKind {
    pub fn teaching(&self) -> Option<&TeachingWeek> {
        match self {
            WeekKind::Teaching(t) => Some(t),
            WeekKind::NotTeaching(_) => None,
        }
    }
}

/// Checks the term dates of `ect.yaml` (`text`, at repository-relative
/// `path`): terms out of order or overlapping, a term ending before it starts,
/// breaks outside their term, overlapping or ending before they start, and
/// closures outside every term (a warning). Rule `config`.
pub fn check_terms(config: &Config, text: &str, path: &str) -> Vec<Diagnostic> {
    let mut c = TermChecks {
        d: FileDiagnostics::new(path, text),
        pos: Positions::new(text, 0),
    };
    for (i, term) in config.terms.iter().enumerate() {
        if term.end < term.start {
            c.push(
                ypath!["terms", i, "end"],
                Severity::Error,
                format!("{} ends on {}, before it starts", term_name(term), term.end),
                "check the year and the month of `start` and `end`",
            );
        }
        if i > 0 {
            c.after(i, &config.terms[i - 1], term);
        }
        c.breaks(i, term);
    }
    for (k, day) in config.closures.iter().enumerate() {
        if !config
            .terms
            .iter()
            .any(|t| t.start <= *day && *day <= t.end)
        {
            c.push(
                ypath!["closures", k],
                Severity::Warning,
                format!("closure {day} is outside every term, so it changes nothing"),
                "list only closures inside terms: INSET days, bank holidays in term time",
            );
        }
    }
    c.d.found
}

/// A term as named in messages.
fn term_name(t: &TermDates) -> String {
    format!("`{}` term starting {}", t.name, t.start)
}

/// The diagnostics of [`check_terms`] and where the values they are about
/// were written.
struct TermChecks<'a> {
    d: FileDiagnostics<'a>,
    pos: Positions<'a>,
}

impl TermChecks<'_> {
    /// A diagnostic at the value at `path`, else the nearest key on the way.
    fn push(&mut self, path: &[Seg<'_>], severity: Severity, message: String, hint: &str) {
        let span = self.pos.value_or_nearest(path);
        self.d.push("config", span, message, Some(hint.to_string()));
        if let Some(last) = self.d.found.last_mut() {
            last.severity = severity;
        }
    }

    /// Term `i` against the one before it: in order, not overlapping, and
    /// the next term by name (a warning).
    fn after(&mut self, i: usize, prev: &TermDates, term: &TermDates) {
        if term.start < prev.start {
            self.push(
                ypath!["terms", i, "start"],
                Severity::Error,
                format!(
                    "terms are out of order: {} comes after the {}",
                    term_name(term),
                    term_name(prev)
                ),
                "list terms in date order, earliest first",
            );
        } else if term.start <= prev.end {
            self.push(
                ypath!["terms", i, "start"],
                Severity::Error,
                format!(
                    "{} overlaps the {}, which ends on {}",
                    term_name(term),
                    term_name(prev),
                    prev.end
                ),
                "a term starts after the previous one ends",
            );
        } else if term.name != prev.name.next().0 {
            self.push(
                ypath!["terms", i, "name"],
                Severity::Warning,
                format!(
                    "{} follows an `{}` term: is the `{}` term missing?",
                    term_name(term),
                    prev.name,
                    prev.name.next().0
                ),
                "list every term in order; pairs count their programme terms from this list",
            );
        }
    }

    /// The breaks of term `i`: each ending after it starts and inside its
    /// term, and no two overlapping.
    fn breaks(&mut self, i: usize, term: &TermDates) {
        for (j, b) in term.breaks.iter().enumerate() {
            if b.end < b.start {
                self.push(
                    ypath!["terms", i, "breaks", j, "end"],
                    Severity::Error,
                    format!(
                        "break starting {} ends on {}, before it starts",
                        b.start, b.end
                    ),
                    "check the dates of the break",
                );
            }
            if b.start < term.start || b.end > term.end {
                let key = if b.start < term.start { "start" } else { "end" };
                self.push(
                    ypath!["terms", i, "breaks", j, key],
                    Severity::Error,
                    format!(
                        "break {} to {} is outside its {} ({} to {})",
                        b.start,
                        b.end,
                        term_name(term),
                        term.start,
                        term.end
                    ),
                    "breaks sit inside their term; holidays between terms need no break",
                );
            }
        }
        let mut sorted: Vec<(usize, &DateRange)> = term.breaks.iter().enumerate().collect();
        sorted.sort_by_key(|(_, b)| (b.start, b.end));
        for pair in sorted.windows(2) {
            let ((_, a), (j, b)) = (pair[0], pair[1]);
            if b.start <= a.end {
                self.push(
                    ypath!["terms", i, "breaks", j, "start"],
                    Severity::Error,
                    format!(
                        "break starting {} overlaps the break {} to {}",
                        b.start, a.start, a.end
                    ),
                    "merge the two breaks into one",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::Term;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn range(a: &str, b: &str) -> DateRange {
        DateRange {
            start: date(a),
            end: date(b),
        }
    }

    fn autumn_2026() -> Calendar {
        Calendar::from_terms(
            vec![TermDates {
                name: Term::Autumn,
                start: date("2026-09-02"),
                end: date("2026-12-18"),
                breaks: vec![range("2026-10-26", "2026-10-30")],
            }],
            [date("2026-11-27")],
        )
    }

    #[test]
    fn teaching_days_skip_weekends_breaks_and_closures() {
        let c = autumn_2026();
        assert!(!c.is_teaching_day(date("2026-09-01")), "before the term");
        assert!(c.is_teaching_day(date("2026-09-02")));
        assert!(!c.is_teaching_day(date("2026-09-05")), "Saturday");
        assert!(!c.is_teaching_day(date("2026-10-28")), "half-term");
        assert!(!c.is_teaching_day(date("2026-11-27")), "closure");
        assert!(c.is_teaching_day(date("2026-12-18")));
        assert!(!c.is_teaching_day(date("2026-12-21")));
    }

    #[test]
    fn weeks_have_a_term_a_half_or_a_reason() {
        let c = autumn_2026();
        let first = c.week(date("2026-09-04")).unwrap();
        assert_eq!(first.monday, date("2026-08-31"));
        let t = first.kind.teaching().unwrap();
        assert_eq!((t.term, t.half), (0, 0));
        assert_eq!(
            t.days,
            [date("2026-09-02"), date("2026-09-03"), date("2026-09-04")]
        );
        assert_eq!(
            c.week(date("2026-10-26")).unwrap().kind,
            WeekKind::NotTeaching(NoTeaching::HalfTerm)
        );
        let after = c.week(date("2026-11-02")).unwrap().kind.teaching().unwrap();
        assert_eq!(after.half, 1);
        assert_eq!(c.halves(0), 2);
        assert_eq!(c.teaching_weeks().count(), 15);
        assert!(c.week(date("2026-12-21")).is_none());
        assert!(c.week(date("2026-08-30")).is_none());
    }

    #[test]
    fn a_week_of_closures_and_a_week_between_terms() {
        let c = Calendar::from_terms(
            vec![
                TermDates {
                    name: Term::Autumn,
                    start: date("2026-09-02"),
                    end: date("2026-09-30"),
                    breaks: vec![],
                },
                TermDates {
                    name: Term::Spring,
                    start: date("2026-10-12"),
                    end: date("2026-10-30"),
                    breaks: vec![],
                },
            ],
            [
                "2026-09-14",
                "2026-09-15",
                "2026-09-16",
                "2026-09-17",
                "2026-09-18",
            ]
            .map(date),
        );
        assert_eq!(
            c.week(date("2026-09-14")).unwrap().kind,
            WeekKind::NotTeaching(NoTeaching::Closure)
        );
        assert_eq!(
            c.week(date("2026-10-05")).unwrap().kind,
            WeekKind::NotTeaching(NoTeaching::Holiday)
        );
        // the teaching weeks skip the closure week and the half term
        let after = |d: &str| {
            let monday = monday_of(date(d));
            c.teaching_weeks().find(|(m, _)| *m > monday)
        };
        let (monday, week) = after("2026-09-30").unwrap();
        assert_eq!(monday, date("2026-10-12"));
        assert_eq!(week.term, 1);
        assert_eq!(after("2026-09-08").unwrap().0, date("2026-09-21"));
        assert!(after("2026-10-26").is_none());
    }

    #[test]
    fn breaks_at_the_edges_of_a_term_add_no_half() {
        let c = Calendar::from_terms(
            vec![TermDates {
                name: Term::Spring,
                start: date("2027-01-04"),
                end: date("2027-03-26"),
                breaks: vec![
                    range("2027-02-15", "2027-02-19"),
                    range("2027-01-04", "2027-01-08"),
                    range("2027-03-22", "2027-03-26"),
                ],
            }],
            [],
        );
        assert_eq!(c.halves(0), 2);
        assert_eq!(
            c.week(date("2027-01-11"))
                .unwrap()
                .kind
                .teaching()
                .unwrap()
                .half,
            0
        );
        assert_eq!(
            c.week(date("2027-03-15"))
                .unwrap()
                .kind
                .teaching()
                .unwrap()
                .half,
            1
        );
    }

    const GOOD: &str = "\
terms:
  - name: autumn
    start: 2026-09-02
    end: 2026-12-18
    breaks:
      - {start: 2026-10-26, end: 2026-10-30}
  - name: spring
    start: 2027-01-04
    end: 2027-03-26
closures: [2026-11-27]
";

    fn check(text: &str) -> Vec<Diagnostic> {
        let (config, _) = Config::parse("ect.yaml", text).unwrap();
        check_terms(&config, text, "ect.yaml")
    }

    fn lines(found: &[Diagnostic]) -> Vec<(usize, Severity)> {
        found
            .iter()
            .map(|d| (d.location.line, d.severity))
            .collect()
    }

    #[test]
    fn good_terms_pass() {
        assert_eq!(check(GOOD), []);
    }

    #[test]
    fn a_term_ending_before_it_starts_points_at_end() {
        let found = check(&GOOD.replace("end: 2027-03-26", "end: 2026-12-26"));
        assert_eq!(lines(&found), [(9, Severity::Error)], "{found:?}");
        assert!(found[0].message.contains("before it starts"));
        assert_eq!(found[0].rule, "config");
    }

    #[test]
    fn overlapping_and_out_of_order_terms() {
        let found = check(&GOOD.replace("start: 2027-01-04", "start: 2026-12-01"));
        assert_eq!(lines(&found), [(8, Severity::Error)], "{found:?}");
        assert!(found[0].message.contains("overlaps"));
        let found = check(&GOOD.replace(
            "start: 2027-01-04\n    end: 2027-03-26",
            "start: 2026-01-05\n    end: 2026-03-27",
        ));
        assert_eq!(lines(&found), [(8, Severity::Error)], "{found:?}");
        assert!(found[0].message.contains("out of order"));
    }

    #[test]
    fn a_missing_term_is_a_warning() {
        let found = check(&GOOD.replace("name: spring", "name: summer"));
        assert_eq!(lines(&found), [(7, Severity::Warning)], "{found:?}");
    }

    #[test]
    fn breaks_outside_their_term_backwards_or_overlapping() {
        let found = check(&GOOD.replace(
            "{start: 2026-10-26, end: 2026-10-30}",
            "{start: 2026-12-14, end: 2026-12-23}",
        ));
        assert_eq!(lines(&found), [(6, Severity::Error)], "{found:?}");
        assert_eq!(
            &found[0].location.source_line[found[0].location.line_span.clone()],
            "2026-12-23"
        );
        let found = check(&GOOD.replace(
            "{start: 2026-10-26, end: 2026-10-30}",
            "{start: 2026-10-26, end: 2026-10-20}",
        ));
        assert_eq!(lines(&found), [(6, Severity::Error)], "{found:?}");
        let found = check(&GOOD.replace(
            "      - {start: 2026-10-26, end: 2026-10-30}\n",
            "      - start: 2026-10-26\n        end: 2026-10-30\n      - start: 2026-10-29\n        end: 2026-11-03\n",
        ));
        assert_eq!(lines(&found), [(8, Severity::Error)], "{found:?}");
        assert!(found[0].message.contains("overlaps"));
    }

    #[test]
    fn closures_outside_terms_are_warnings() {
        let found = check(&GOOD.replace("[2026-11-27]", "[2026-11-27, 2026-12-25]"));
        assert_eq!(lines(&found), [(10, Severity::Warning)], "{found:?}");
        assert_eq!(
            &found[0].location.source_line[found[0].location.line_span.clone()],
            "2026-12-25"
        );
    }

    #[test]
    fn finds_values_in_lists_written_at_column_0() {
        let text = "terms:\n- name: autumn\n  start: 2026-09-02\n  end: 2026-12-18\n  breaks:\n  - start: 2026-10-26\n    end: 2026-10-30\n- name: spring\n  start: 2027-01-04\n  end: 2026-03-26\n";
        let found = check(text);
        assert_eq!(lines(&found), [(10, Severity::Error)], "{found:?}");
        let found = check(&text.replace("end: 2026-10-30", "end: 2026-12-30"));
        assert_eq!(
            lines(&found),
            [(7, Severity::Error), (10, Severity::Error)],
            "{found:?}"
        );
    }
}
