//! A new action plan: front matter `ect` reads back, a few lines of
//! guidance, the open targets carried from the previous plan as the mentor
//! wrote them, and one empty target whose prompts spell out SMART. Also the
//! default review date: the first meeting after the next half-term begins.

use crate::generate::{long_date, yaml_str};
use crate::schedule::{Schedule, SkipReason, Week};
use chrono::NaiveDate;
use std::fmt::Write;

/// Everything a new plan is made from.
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub pair: String,
    pub mentor: String,
    pub ect: String,
    /// The day the plan is written (its file name).
    pub date: NaiveDate,
    pub review: Option<NaiveDate>,
    /// The session the plan comes from (a repository-relative path).
    pub session: Option<String>,
    /// Sections of open targets carried from the previous plan, as written.
    pub carried: Vec<String>,
    /// The previous plan's file name, when targets were carried from it.
    pub previous: Option<String>,
}

/// The heading prompt of an empty target: `ect` reads a target whose text
/// is in brackets as not written yet.
pub const TARGET_PROMPT: &str = "(specific: what the ECT will do differently, in one sentence)";

/// The plan's text.
pub fn render(p: &PlanInput) -> String {
    let mut s = String::from("---\n");
    let _ = writeln!(s, "pair: {}", p.pair);
    let _ = writeln!(s, "created: {}", p.date);
    match p.review {
        Some(r) => {
            let _ = writeln!(s, "review: {r}");
        }
        None => s.push_str("review:\n"),
    }
    s.push_str("status: active\n");
    if let Some(session) = &p.session {
        let _ = writeln!(s, "session: {}", yaml_str(session));
    }
    s.push_str("---\n\n");
    let _ = writeln!(
        s,
        "# Action plan: {} and {}, {}\n",
        p.mentor,
        p.ect,
        long_date(p.date)
    );
    match p.review {
        Some(r) => {
            let _ = writeln!(
                s,
                "Review: {}. Put it in the diary; change `review:` above if you agree another date.\n",
                long_date(r)
            );
        }
        None => s.push_str(
            "Agree a review date and write it after `review:` above, then put it in the diary.\n\n",
        ),
    }
    s.push_str(
        "Each target is SMART: specific, measurable, achievable, relevant and time-bound. \
         Keep to at most three open targets. A target may name the Teachers' Standard it \
         serves (1 to 8): the plan is for the ECT's development, not a judgement against \
         the standards. At the review, mark each target `met` or `dropped`, or leave it \
         `open` to carry it into the next plan.\n\n",
    );
    if let Some(prev) = &p.previous
        && !p.carried.is_empty()
    {
        let _ = writeln!(
            s,
            "Targets still open in [{}]({prev}) are carried below.\n",
            prev.trim_end_matches(".md")
        );
    }
    for section in &p.carried {
        s.push_str(section.trim_end());
        s.push_str("\n\n");
    }
    let _ = writeln!(
        s,
        "## Target: {TARGET_PROMPT}\n\n\
         - Measure: (measurable: what you will both see or hear when it is met)\n\
         - Standard: (relevant: the Teachers' Standard it serves, 1 to 8)\n\
         - Due: (time-bound: a date, YYYY-MM-DD)\n\
         - Status: open\n\n\
         Action steps (achievable: small steps, each with a date):\n\n\
         - [ ] (a first step, by YYYY-MM-DD)"
    );
    s
}

/// The default review date of a plan written on `date`: the first meeting
/// after the next half-term (or holiday) begins. `None` when the calendar
/// has no such meeting.
pub fn review_after_break(schedule: &Schedule, date: NaiveDate) -> Option<NaiveDate> {
    let monday = crate::calendar::monday_of(date);
    let brk = schedule.weeks.iter().find(|w| {
        w.monday() > monday
            && matches!(
                w,
                Week::Skip {
                    reason: SkipReason::HalfTerm | SkipReason::Holiday,
                    ..
                }
            )
    })?;
    schedule
        .meetings()
        .find(|m| m.week_monday > brk.monday())
        .map(|m| m.date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{self, TargetStatus};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn input() -> PlanInput {
        PlanInput {
            pair: "jo-alex".into(),
            mentor: "Jo Smith".into(),
            ect: "Alex Lee".into(),
            date: d("2026-11-23"),
            review: Some(d("2027-01-05")),
            session: Some("curriculum/demo/m/autumn-week-2-mentor-materials.md".into()),
            carried: vec![
                "## Target: Greet pupils at the door\n\n- Carried from: [2026-09-14](2026-09-14.md)\n- Measure: every lesson\n- Due: 2026-12-18\n- Status: open\n".into(),
            ],
            previous: Some("2026-09-14.md".into()),
        }
    }

    #[test]
    fn a_new_plan_reads_back_with_its_carried_target_and_a_template() {
        let text = render(&input());
        let (plan, diags) = plan::parse(
            "plans/jo-alex/action-plans/2026-11-23.md",
            "jo-alex",
            d("2026-11-23"),
            &text,
        );
        // only the empty template is reported, as a warning
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].rule, "plan-target");
        assert_eq!(diags[0].severity, crate::diag::Severity::Warning);
        assert_eq!(plan.pair.as_deref(), Some("jo-alex"));
        assert_eq!(plan.created, Some(d("2026-11-23")));
        assert_eq!(plan.review, Some(d("2027-01-05")));
        assert!(plan.is_active());
        assert_eq!(
            plan.session.as_deref(),
            Some("curriculum/demo/m/autumn-week-2-mentor-materials.md")
        );
        assert_eq!(plan.targets.len(), 2);
        assert_eq!(plan.targets[0].text, "Greet pupils at the door");
        assert_eq!(plan.targets[0].status, TargetStatus::Open);
        assert!(plan.targets[1].template);
        assert_eq!(plan.open_targets().count(), 1);
        assert!(
            text.contains("Targets still open in [2026-09-14](2026-09-14.md) are carried below.")
        );
        assert!(text.contains("Review: Tuesday 5 January 2027."));
    }

    #[test]
    fn without_a_review_date_the_plan_says_to_agree_one() {
        let mut p = input();
        p.review = None;
        p.carried.clear();
        p.previous = None;
        let text = render(&p);
        assert!(text.contains("\nreview:\n"));
        assert!(text.contains("Agree a review date"));
        let (plan, diags) = plan::parse("x.md", "jo-alex", p.date, &text);
        assert_eq!(plan.review, None);
        let rules: Vec<_> = diags.iter().map(|d| (d.rule, d.severity)).collect();
        assert_eq!(
            rules,
            [
                ("plan-dates", crate::diag::Severity::Warning),
                ("plan-target", crate::diag::Severity::Warning)
            ]
        );
    }

    #[test]
    fn review_defaults_to_the_first_meeting_after_the_next_break() {
        use crate::calendar::Calendar;
        use crate::config::{Config, DateRange, TermDates};
        use crate::curriculum::Term;
        use crate::curriculum::programme::Programme;
        let config = Config {
            terms: vec![
                TermDates {
                    name: Term::Autumn,
                    start: d("2026-09-02"),
                    end: d("2026-12-18"),
                    breaks: vec![DateRange {
                        start: d("2026-10-26"),
                        end: d("2026-10-30"),
                    }],
                },
                TermDates {
                    name: Term::Spring,
                    start: d("2027-01-04"),
                    end: d("2027-03-26"),
                    breaks: vec![],
                },
            ],
            ..Config::default()
        };
        let calendar = Calendar::new(&config);
        let pair = crate::pair::Pair::new("jo-alex", "demo", d("2026-09-02"), chrono::Weekday::Tue);
        let programme = crate::schedule::ProgrammeSessions {
            programme: Programme {
                id: "demo".into(),
                title: None,
                modules: Vec::new(),
            },
            modules: Default::default(),
        };
        let schedule = crate::schedule::build(&calendar, &pair, &programme);
        // before half-term: the first Tuesday after it
        assert_eq!(
            review_after_break(&schedule, d("2026-10-06")),
            Some(d("2026-11-03"))
        );
        // after half-term: the first meeting after the Christmas holiday
        assert_eq!(
            review_after_break(&schedule, d("2026-11-23")),
            Some(d("2027-01-05"))
        );
        // no break left in the calendar
        assert_eq!(review_after_break(&schedule, d("2027-02-01")), None);
    }
}
