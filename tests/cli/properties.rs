//! Property tests for the calendar and the schedule (issue 5): for random
//! term dates, breaks, closures, pauses, starts, meeting days, cadences and
//! programmes, the schedule
//!
//! - never has two meetings in one week, and each meeting is in its week;
//! - never meets on a day that is not a teaching day, or inside a pause;
//! - never skips a mentor session: every session of every programme term the
//!   pair reaches is covered by exactly one meeting, or listed once in
//!   `Schedule::unscheduled`, and no other session appears;
//! - is the same whatever day of the week it is looked at from.
//!
//! And building a schedule never panics, even on a calendar `ect validate`
//! would refuse (terms out of order, breaks outside terms, pauses backwards).
//! `PROPTEST_CASES=N` runs more cases than the default 256.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use ect::calendar::{Calendar, monday_of};
use ect::config::{DateRange, TermDates};
use ect::curriculum::Term;
use ect::curriculum::programme::{ModuleRef, Programme};
use ect::pair::{Cadence, Frequency, Pair};
use ect::schedule::{
    self, ModuleSessions, PROGRAMME_TERMS, ProgrammeSessions, Schedule, SessionRef,
    programme_year_term,
};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 8, 26).unwrap() + chrono::Duration::days(n)
}

/// A term as offsets: start after the previous term, length, breaks inside.
fn term_shape() -> impl Strategy<Value = (i64, i64, Vec<(i64, i64)>)> {
    (
        0i64..40,
        10i64..110,
        prop::collection::vec((0i64..100, 0i64..14), 0..3),
    )
}

/// Terms in order, not overlapping, with breaks inside them (as `ect
/// validate` accepts), and closures on any day of the calendar.
fn calendar_input() -> impl Strategy<Value = (Vec<TermDates>, Vec<NaiveDate>)> {
    (
        prop::collection::vec(term_shape(), 1..8),
        prop::collection::vec(0i64..900, 0..12),
    )
        .prop_map(|(shapes, closures)| {
            let mut terms = Vec::new();
            let mut next = 0;
            for (i, (gap, len, breaks)) in shapes.into_iter().enumerate() {
                let start = next + gap;
                let end = start + len;
                let mut ranges: Vec<DateRange> = Vec::new();
                for (at, blen) in breaks {
                    let bs = start + at % len;
                    let be = (bs + blen).min(end);
                    if ranges.iter().all(|r| day(be) < r.start || r.end < day(bs)) {
                        ranges.push(DateRange {
                            start: day(bs),
                            end: day(be),
                        });
                    }
                }
                terms.push(TermDates {
                    name: Term::ALL[i % 3],
                    start: day(start),
                    end: day(end),
                    breaks: ranges,
                });
                next = end + 1;
            }
            (terms, closures.into_iter().map(day).collect())
        })
}

fn weekday() -> impl Strategy<Value = Weekday> {
    prop::sample::select(vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ])
}

fn frequency() -> impl Strategy<Value = Frequency> {
    prop::sample::select(vec![Frequency::Weekly, Frequency::Fortnightly])
}

/// A pair starting before the first term, or in the first year or so (a
/// start after the last term is possible too), with pauses in order and apart.
fn pair_input() -> impl Strategy<Value = Pair> {
    (
        -30i64..320,
        weekday(),
        frequency(),
        frequency(),
        prop::collection::vec((0i64..120, 0i64..90), 0..4),
    )
        .prop_map(|(start, day_of_week, year1, year2, pauses)| {
            let mut pair = Pair::new("jo-alex", "example", day(start), day_of_week);
            pair.cadence = Cadence { year1, year2 };
            let mut at = start - 20;
            for (gap, len) in pauses {
                let s = at + gap;
                pair.pauses.push(DateRange {
                    start: day(s),
                    end: day(s + len),
                });
                at = s + len + 1;
            }
            pair
        })
}

/// A programme with 0 to 3 modules in each of its six terms; each module has
/// mentor sessions on some of weeks 1 to 10 (year-2 style gaps included),
/// and may be longer than its last mentor session.
fn programme_input() -> impl Strategy<Value = ProgrammeSessions> {
    prop::collection::vec(
        prop::collection::vec(
            (prop::collection::btree_set(1u32..=10, 0..8), 0u32..3),
            0..4,
        ),
        PROGRAMME_TERMS,
    )
    .prop_map(|terms| {
        let mut modules = Vec::new();
        let mut sessions = BTreeMap::new();
        for (k, list) in terms.into_iter().enumerate() {
            let (year, term) = programme_year_term(k);
            for (i, (weeks, extra)) in list.into_iter().enumerate() {
                let slug = format!("year-{year}-{term}-module-{i}");
                modules.push(ModuleRef {
                    slug: slug.clone(),
                    title: slug.clone(),
                    target: format!("/example/{slug}"),
                    year: Some(year),
                    term: Some(term),
                    span: 0..0,
                });
                let last = weeks.iter().copied().max().unwrap_or(0);
                sessions.insert(
                    slug.clone(),
                    ModuleSessions {
                        weeks: last + extra,
                        sessions: weeks
                            .into_iter()
                            .map(|w| SessionRef {
                                week: w,
                                rel: format!("example/{slug}/{term}-week-{w}-mentor-materials.md"),
                            })
                            .collect(),
                    },
                );
            }
        }
        ProgrammeSessions {
            programme: Programme {
                id: "example".into(),
                title: None,
                modules,
            },
            modules: sessions,
        }
    })
}

/// Every week of the schedule is one calendar week, each once, in order; a
/// meeting lies in its week, on a teaching day outside the pair's pauses.
fn check_meetings(calendar: &Calendar, pair: &Pair, s: &Schedule) -> Result<(), TestCaseError> {
    let mut mondays = BTreeSet::new();
    let mut previous: Option<NaiveDate> = None;
    for w in &s.weeks {
        let monday = w.monday();
        prop_assert_eq!(monday.weekday(), Weekday::Mon);
        prop_assert!(
            mondays.insert(monday),
            "two entries for the week of {}",
            monday
        );
        if let Some(p) = previous {
            prop_assert_eq!(monday, p + Days::new(7), "weeks are consecutive");
        }
        previous = Some(monday);
    }
    let meetings: Vec<_> = s.meetings().collect();
    for (i, m) in meetings.iter().enumerate() {
        prop_assert_eq!(
            monday_of(m.date),
            m.week_monday,
            "{} is not in its week",
            m.date
        );
        prop_assert!(
            calendar.is_teaching_day(m.date),
            "{} is not a teaching day",
            m.date
        );
        prop_assert!(!pair.is_paused(m.date), "{} is inside a pause", m.date);
        prop_assert!(
            m.date >= monday_of(pair.start),
            "{} is before the start",
            m.date
        );
        prop_assert!(m.year == 1 || m.year == 2 || m.module.is_none());
        prop_assert_eq!(m.first, i == 0, "only the first meeting contracts");
        if i > 0 {
            prop_assert!(meetings[i - 1].week_monday < m.week_monday);
        }
    }
    Ok(())
}

/// Every mentor session of every programme term the pair reaches is covered
/// exactly once, by a meeting of its own module or in `unscheduled`.
fn check_sessions(programme: &ProgrammeSessions, s: &Schedule) -> Result<(), TestCaseError> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reached = BTreeSet::new();
    for m in s.meetings() {
        reached.insert((m.year, m.term));
        for rel in &m.sessions {
            *seen.entry(rel.as_str()).or_default() += 1;
            let module = m.module.as_deref().unwrap_or("(none)");
            prop_assert!(
                rel.starts_with(&format!("example/{module}/")),
                "{} covered in a meeting of {}",
                rel,
                module
            );
        }
        prop_assert!(
            !m.consolidation || m.sessions.is_empty(),
            "a consolidation week covers sessions"
        );
    }
    for u in &s.unscheduled {
        prop_assert!(
            reached.contains(&(u.year, u.term)),
            "unscheduled module {} of a term the pair never reaches",
            u.module
        );
        prop_assert!(!u.sessions.is_empty());
        for rel in &u.sessions {
            *seen.entry(rel.as_str()).or_default() += 1;
        }
    }
    let mut wanted: BTreeSet<&str> = BTreeSet::new();
    for m in &programme.programme.modules {
        if reached.contains(&(m.year.unwrap(), m.term.unwrap())) {
            wanted.extend(
                programme.modules[&m.slug]
                    .sessions
                    .iter()
                    .map(|x| x.rel.as_str()),
            );
        }
    }
    for rel in &wanted {
        prop_assert_eq!(seen.get(rel).copied(), Some(1), "session {} covered", rel);
    }
    for rel in seen.keys() {
        prop_assert!(wanted.contains(rel), "{} covered but not due", rel);
    }
    Ok(())
}

/// Looked at from any day of a week, the week gives the same answer; `this`
/// names the week itself on a weekday and the coming one at the weekend.
fn check_any_weekday(s: &Schedule, monday: NaiveDate) -> Result<(), TestCaseError> {
    let answer = s.status(monday);
    for offset in 0..7 {
        let d = monday + Days::new(offset);
        prop_assert_eq!(s.status(d), answer, "{}", d);
        let this = ect::weekspec::parse("this", d).unwrap();
        let expected = if offset < 5 {
            monday
        } else {
            monday + Days::new(7)
        };
        prop_assert_eq!(this, expected);
        prop_assert_eq!(
            ect::weekspec::parse(&monday.to_string(), d).unwrap(),
            monday
        );
        let iso = monday.iso_week();
        prop_assert_eq!(
            ect::weekspec::parse(&format!("{}-W{:02}", iso.year(), iso.week()), d).unwrap(),
            monday
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn schedules_keep_their_promises(
        (terms, closures) in calendar_input(),
        pair in pair_input(),
        programme in programme_input(),
        probe in 0i64..700,
    ) {
        let calendar = Calendar::from_terms(terms, closures);
        let s = schedule::build(&calendar, &pair, &programme);
        check_meetings(&calendar, &pair, &s)?;
        check_sessions(&programme, &s)?;
        check_any_weekday(&s, monday_of(day(probe)))?;
        // the same inputs always give the same schedule
        prop_assert_eq!(&schedule::build(&calendar, &pair, &programme), &s);
    }

    #[test]
    fn every_calendar_week_is_a_teaching_week_or_says_why(
        (terms, closures) in calendar_input(),
    ) {
        let calendar = Calendar::from_terms(terms, closures);
        for w in calendar.weeks() {
            let teaching: Vec<NaiveDate> = (0..5)
                .map(|i| w.monday + Days::new(i))
                .filter(|d| calendar.is_teaching_day(*d))
                .collect();
            match w.kind.teaching() {
                Some(t) => {
                    prop_assert_eq!(&t.days, &teaching);
                    prop_assert!(t.half < calendar.halves(t.term).max(1));
                }
                None => prop_assert!(teaching.is_empty(), "week of {} has {:?}", w.monday, teaching),
            }
        }
    }

    #[test]
    fn schedules_never_panic_on_calendars_validate_refuses(
        shapes in prop::collection::vec((0i64..900, -20i64..120, prop::collection::vec((-30i64..150, -10i64..20), 0..4)), 0..6),
        closures in prop::collection::vec(-30i64..950, 0..8),
        start in -60i64..950,
        pauses in prop::collection::vec((-60i64..950, -30i64..90), 0..4),
        day_of_week in weekday(),
        programme in programme_input(),
    ) {
        // terms in any order, overlapping, ending before they start; breaks
        // anywhere; pauses backwards and overlapping
        let terms: Vec<TermDates> = shapes
            .into_iter()
            .enumerate()
            .map(|(i, (s, len, breaks))| TermDates {
                name: Term::ALL[i % 3],
                start: day(s),
                end: day(s + len),
                breaks: breaks
                    .into_iter()
                    .map(|(a, l)| DateRange { start: day(s + a), end: day(s + a + l) })
                    .collect(),
            })
            .collect();
        let calendar = Calendar::from_terms(terms, closures.into_iter().map(day));
        let mut pair = Pair::new("jo-alex", "example", day(start), day_of_week);
        pair.pauses = pauses
            .into_iter()
            .map(|(s, l)| DateRange { start: day(s), end: day(s + l) })
            .collect();
        let s = schedule::build(&calendar, &pair, &programme);
        for m in s.meetings() {
            prop_assert_eq!(monday_of(m.date), m.week_monday);
            prop_assert!(!pair.is_paused(m.date));
            prop_assert!(calendar.is_teaching_day(m.date));
        }
        let _ = s.status(day(start));
        let _ = s.next_meeting_after(day(start));
    }
}

// ---- the parsers on any text ------------------------------------------------

/// Runs every parser the fuzz targets in `fuzz/` run on `text`, with the
/// same checks: never a panic, places inside the text.
fn parse_everything(text: &str) {
    use ect::diag::FileDiagnostics;
    if let Ok(split) = ect::front_matter::split(text) {
        assert!(split.yaml_start <= split.body_start && split.body_start <= text.len());
        if let Err(e) = ect::front_matter::parse_yaml(&split) {
            assert!(e.offset <= text.len(), "{e:?}");
        }
    }
    for rel in [
        "ucl/year-1-m/autumn-week-2-mentor-materials.md",
        "ucl/year-1-m.md",
        "ucl.md",
    ] {
        let mut d = FileDiagnostics::new(rel, text);
        let doc = ect::curriculum::document::parse(rel, text, &mut d);
        ect::rules::file::check(&doc, text, &mut d);
        let _ = doc.total_minutes();
        for found in &d.found {
            let loc = &found.location;
            assert!(loc.line >= 1 && loc.column >= 1, "{found:?}");
            assert!(loc.line_span.end <= loc.source_line.len(), "{found:?}");
        }
        if rel == "ucl.md" {
            let _ = Programme::from_overview(&doc);
        }
    }
    let date = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let (plan, _) = ect::plan::parse(
        "plans/jo-alex/action-plans/2026-11-24.md",
        "jo-alex",
        date,
        text,
    );
    let _ = ect::plan::check_on(&plan, date);
    let _ = ect::plan::carried_sections(text, &plan);
    let _ = ect::plan::close_text(text, "2027-01-05.md");
    let _ = ect::agenda::check_one("plans/jo-alex/agendas/2026-11-24.md", text, "jo-alex", date);
    let _ = ect::agenda::open_actions(text, date);
    let config = match ect::config::Config::parse("ect.yaml", text) {
        Ok((config, _)) => {
            let _ = ect::calendar::check_terms(&config, text, "ect.yaml");
            let calendar = Calendar::new(&config);
            assert!(
                calendar.weeks().len() < 20_000,
                "{} weeks",
                calendar.weeks().len()
            );
            config
        }
        Err(_) => ect::config::Config::default(),
    };
    let _ = ect::pair::parse("jo-alex", "plans/jo-alex/pair.yaml", text, &config);
}

/// `pair import`'s reading of a file, as the `csv` fuzz target runs it.
fn read_spreadsheet(bytes: &[u8]) {
    let (text, _) = ect::pair::roster::decode(bytes);
    let Ok(rows) = ect::pair::roster::read_csv(&text) else {
        return;
    };
    let lines = text.matches('\n').count() + text.matches('\r').count() + 1;
    if let Some((header, data)) = rows.split_first() {
        let (cols, _) = ect::pair::roster::columns(&header.cells);
        for row in data {
            assert!(
                row.line >= 1 && row.line <= lines,
                "row at line {}",
                row.line
            );
            if let Ok(input) = ect::pair::roster::row_input(&cols, &row.cells) {
                let _ = input.check(false);
            }
        }
    }
}

/// Pieces of front matter, YAML, Markdown, Govspeak and HTML that the
/// parsers treat specially, to be shuffled into texts.
const PIECES: &[&str] = &[
    "---\n",
    "...\n",
    "\u{feff}",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "  ",
    "title: ",
    "\"",
    "'",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "<<: ",
    "? ",
    "#",
    "|\n",
    ">-\n",
    "!!str ",
    "2026-02-29",
    "2026-11-24",
    "+262142-12-31",
    "99999999999999999999",
    "-1",
    "0x1F",
    "terms:\n",
    "  - name: autumn\n",
    "    start: 2026-09-02\n",
    "    end: 2026-12-18\n",
    "    breaks:\n",
    "      - {start: 2026-10-26, end: 2026-10-30}\n",
    "closures: [",
    "rules:\n",
    "mentor: Jo\n",
    "ect: Alex\n",
    "start: ",
    "meeting: {day: tuesday, time: \"15:30\"}\n",
    "pauses:\n",
    "cadence: {year1: fortnightly}\n",
    "pair: jo-alex\n",
    "date: 2026-11-24\n",
    "# ",
    "## ",
    "### ",
    "#### ",
    "Review: 10 mins",
    "Theory to Practice (35 mins - Parts A and B)",
    "Part A: 20 mins",
    "Duration: 50 minutes",
    "(999 minutes)",
    "Next Steps 5 mins\n",
    "Learning intentions\n",
    "Your ECT will learn that:\n",
    "- [ ] ",
    "- [x] ",
    "1. ",
    "> ",
    "```\n",
    "    ",
    "| a | b |\n|---|---|\n",
    "[x](",
    "](/p/m/autumn-week-1-mentor-materials)",
    "![i](/assets/x.png)",
    "about:blank",
    "%2e%2e/",
    "%",
    "http://bit.ly/x.",
    "www.x",
    "<br /",
    "<br>",
    "<",
    " < 5",
    "<div>",
    "</div>",
    "</li>",
    "<img alt=x>",
    "<a href=\"/p/m\">",
    "<!--",
    "-->",
    "{details}",
    "{/details}",
    "{Details}",
    "$CTA",
    "$EndCTA",
    "$I",
    "$C",
    "Targets\n",
    "Target 1: ",
    "Standard 4\n",
    "Review date: 2027-01-05\n",
    "status: open\n",
    "Actions agreed\n",
    "_(agreed 2026-11-17)_",
    " _(agreed ",
    "é",
    "’",
    "\u{0}",
    "\u{2028}",
];

fn text_of_pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => "\\PC{0,12}",
        ],
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    /// The bounded stand-in for `cargo fuzz` that runs in every `cargo test`
    /// (the fuzz targets need a nightly-style build, see docs/reliability.md).
    #[test]
    fn the_parsers_survive_any_text(text in text_of_pieces()) {
        parse_everything(&text);
    }
}

/// Inputs that once made a parser crash, hang or blow up, kept from fuzzing
/// (`fuzz/regressions/<target>/`) and from the catalogue.
#[test]
fn inputs_that_once_broke_a_parser() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.file_name() == "README.md" {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let started = std::time::Instant::now();
        parse_everything(&String::from_utf8_lossy(&bytes));
        read_spreadsheet(&bytes);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{} took {:?}",
            entry.path().display(),
            started.elapsed()
        );
        count += 1;
    }
    assert!(count > 0, "no inputs under {}", dir.display());
}

// The statutory induction (issue 13): for random term dates, breaks and
// closures, working patterns from 0.1 to 1.0, extensions and starts (in a
// term, in a holiday, before or after the calendar), the induction calendar
//
// - lasts ceil(6 / fte) + extension terms, one event per term, in order;
// - has exactly two formal assessments, in term ceil(3 / fte) and the last;
// - has a progress review in every other term;
// - never falls due outside its term, or on a day without teaching, and its
//   due days come in date order;
// - starts in the term holding the start, else the first term after it.
proptest! {
    #[test]
    fn the_induction_calendar_keeps_the_statutory_rules(
        (terms, closures) in calendar_input(),
        fte in 100u32..=1000,
        extension in 0u32..4,
        start in -40i64..900,
    ) {
        use ect::induction::calendar::{EventKind, assessment_terms, length_in_terms, plan};
        let calendar = Calendar::from_terms(terms, closures);
        let start = day(start);
        let events = plan(&calendar, start, fte, extension);
        let total = length_in_terms(fte, extension);
        prop_assert_eq!(total, 6000u32.div_ceil(fte) + extension);
        prop_assert_eq!(events.len() as u32, total);
        let formal: Vec<u32> = events
            .iter()
            .filter(|e| e.kind == EventKind::FormalAssessment)
            .map(|e| e.term)
            .collect();
        prop_assert_eq!(formal, vec![3000u32.div_ceil(fte), total]);
        prop_assert_eq!(assessment_terms(fte, extension), (3000u32.div_ceil(fte), total));
        let mut previous: Option<NaiveDate> = None;
        for (i, e) in events.iter().enumerate() {
            prop_assert_eq!(e.term as usize, i + 1);
            if e.term != 3000u32.div_ceil(fte) && e.term != total {
                prop_assert_eq!(e.kind, EventKind::ProgressReview);
            }
            if let Some(due) = e.due {
                let (s, end) = e.dates.expect("a due day has a term");
                prop_assert!(s <= due && due <= end, "{} outside {}..{}", due, s, end);
                prop_assert!(calendar.is_teaching_day(due), "{} is not a teaching day", due);
                prop_assert!(previous.is_none_or(|p| p < due));
                previous = Some(due);
            }
        }
        match events[0].dates {
            Some((s, end)) => {
                prop_assert!(end >= start);
                // no earlier term could hold the start
                prop_assert!(calendar.terms().iter().filter(|t| t.end >= start).all(|t| t.start >= s));
            }
            None => prop_assert!(calendar.terms().iter().all(|t| t.end < start)),
        }
    }
}
