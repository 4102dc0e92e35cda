//! The meeting agenda a mentor and ECT work through: a Markdown file a
//! teacher is happy to read and type into, with front matter that `ect`
//! reads back.

use crate::agenda::tasks::PLACEHOLDER;
use crate::agenda::{OpenAction, carried_suffix};
use crate::generate::{long_date, yaml_str};
use chrono::NaiveDate;
use std::fmt::Write;

pub use crate::generate::session::SessionBrief;

/// When the next meeting is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextMeeting {
    /// The date, and the break that comes first, if any ("half-term").
    On(NaiveDate, Option<String>),
    /// The calendar in `ect.yaml` ends before another meeting.
    CalendarEnds,
    /// The programme is finished.
    Finished,
}

/// An open target of the pair's action plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenTarget {
    pub text: String,
    pub due: Option<NaiveDate>,
    /// Repository-relative path of the plan.
    pub plan: String,
}

/// Everything an agenda is made from.
#[derive(Debug, Clone)]
pub struct AgendaInput {
    pub pair: String,
    pub mentor: String,
    pub ect: String,
    pub date: NaiveDate,
    /// `15:30`, if the pair set one.
    pub time: Option<String>,
    pub minutes: Option<u32>,
    pub programme: String,
    pub year: u8,
    pub term: crate::curriculum::Term,
    /// Module folder and title.
    pub module: Option<(String, String)>,
    /// Module week.
    pub week: Option<u32>,
    pub sessions: Vec<SessionBrief>,
    /// A week past the module's last session: no programme session.
    pub consolidation: bool,
    /// The pair's first meeting: contracting.
    pub first: bool,
    pub next: NextMeeting,
    /// Open actions from the previous agenda, and the file they came from.
    pub actions: Vec<OpenAction>,
    pub previous_agenda: Option<String>,
    pub targets: Vec<OpenTarget>,
    /// Sessions missed in a pause, to catch up: title and link (relative to
    /// the agenda's folder).
    pub catch_up: Vec<(String, String)>,
    /// How many of `actions` (the first, oldest ones) were agreed more than
    /// `older_after` meetings ago: grouped apart in the Review.
    pub older_actions: usize,
    pub older_after: u32,
}

/// The agenda's text (without the checksum `write` adds).
pub fn render(a: &AgendaInput) -> String {
    let mut s = String::new();
    front_matter(&mut s, a);
    let _ = writeln!(
        s,
        "# Mentor meeting: {} and {}, {}\n",
        a.mentor,
        a.ect,
        long_date(a.date)
    );
    let mut when = Vec::new();
    if let Some(t) = &a.time {
        when.push(format!("at {t}"));
    }
    if let Some(m) = a.minutes {
        when.push(format!("{m} minutes"));
    }
    if !when.is_empty() {
        let _ = writeln!(s, "Meeting {}.\n", when.join(", "));
    }
    let _ = writeln!(
        s,
        "Programme: {}, Year {} {} term{}.\n",
        a.programme,
        a.year,
        a.term.as_str(),
        match (&a.module, a.week) {
            (Some((_, title)), Some(w)) => format!(", {title}, week {w}"),
            (Some((_, title)), None) => format!(", {title}"),
            _ => String::new(),
        }
    );
    if a.consolidation || a.sessions.is_empty() {
        s.push_str(
            "There is no programme session this week: use the time to consolidate, \
             follow up actions and practise the current action step.\n\n",
        );
    } else {
        for session in &a.sessions {
            crate::generate::session::session_line(&mut s, session);
        }
    }
    catch_up(&mut s, a);
    let plan = a.minutes.map(|minutes| meeting_plan(a, minutes));
    if let Some(plan) = &plan {
        s.push_str(&super::meeting_plan::render(plan));
    }
    if a.first {
        contracting(&mut s);
    }
    review(&mut s, a);
    if !a.consolidation && !a.sessions.is_empty() {
        crate::generate::session::intentions(&mut s, &a.sessions);
        // a session that times nothing gets a split of the minutes the
        // meeting plan gives it
        let shares: Vec<Option<u32>> = match &plan {
            Some(p) => p.sessions.iter().map(|(_, m)| Some(*m)).collect(),
            None => vec![None; a.sessions.len()],
        };
        crate::generate::session::activities(&mut s, &a.sessions, &shares);
    }
    coaching(&mut s);
    next_steps(&mut s, a);
    s.push_str("## Notes\n\nWrite notes from the meeting here.\n\n");
    let _ = writeln!(
        s,
        "## Actions agreed\n\nAt most three, each specific: what, by whom, by when. Tick an action when it is done.\n\n- [ ] {PLACEHOLDER}"
    );
    s
}

fn front_matter(s: &mut String, a: &AgendaInput) {
    s.push_str("---\n");
    let _ = writeln!(s, "pair: {}", a.pair);
    let _ = writeln!(s, "mentor: {}", yaml_str(&a.mentor));
    let _ = writeln!(s, "ect: {}", yaml_str(&a.ect));
    let _ = writeln!(s, "date: {}", a.date);
    if let Some(t) = &a.time {
        let _ = writeln!(s, "time: {}", yaml_str(t));
    }
    let _ = writeln!(s, "programme: {}", yaml_str(&a.programme));
    let _ = writeln!(s, "year: {}", a.year);
    let _ = writeln!(s, "term: {}", a.term.as_str());
    if let Some((m, _)) = &a.module {
        let _ = writeln!(s, "module: {}", yaml_str(m));
    }
    if let Some(w) = a.week {
        let _ = writeln!(s, "week: {w}");
    }
    if a.sessions.is_empty() {
        s.push_str("sessions: []\n");
    } else {
        s.push_str("sessions:\n");
        for session in &a.sessions {
            let _ = writeln!(s, "  - {}", yaml_str(&session.path));
        }
    }
    match &a.next {
        NextMeeting::On(d, _) => {
            let _ = writeln!(s, "next_meeting: {d}");
        }
        _ => s.push_str("next_meeting: null\n"),
    }
    s.push_str("---\n\n");
}

/// Sessions missed in a pause, each with a link, to catch up.
fn catch_up(s: &mut String, a: &AgendaInput) {
    if a.catch_up.is_empty() {
        return;
    }
    s.push_str("## Catch-up\n\nSessions missed while the meetings were paused: pick up what matters most, today or at a later meeting.\n\n");
    for (title, link) in &a.catch_up {
        let _ = writeln!(s, "- [{title}]({link})");
    }
    s.push('\n');
}

/// The meeting's minutes shared out (see `meeting_plan`): a session counts
/// with the least its timed activities take (0 when it times nothing).
fn meeting_plan(a: &AgendaInput, minutes: u32) -> super::meeting_plan::MeetingPlan {
    use super::meeting_plan::{SessionTime, plan};
    let sessions: Vec<SessionTime> = if a.consolidation {
        Vec::new()
    } else {
        a.sessions
            .iter()
            .map(|x| SessionTime {
                title: x.title.clone(),
                minutes: x.total_minutes().map_or(0, |(low, _)| low),
            })
            .collect()
    };
    plan(minutes, &sessions, a.actions.len() + a.targets.len())
}

fn contracting(s: &mut String) {
    s.push_str(
        "## Contracting\n\n\
         This is your first meeting. Before the session, agree how you will work together:\n\n\
         - How often and where you will meet, and what happens when a meeting has to move.\n\
         - How records are kept and by whom: this file is the record; either of you may type into it.\n\
         - How agenda items are chosen: the programme session, plus anything either of you brings.\n\
         - Wellbeing: workload, who else the ECT can go to, and how to raise a worry early.\n\n",
    );
}

fn review(s: &mut String, a: &AgendaInput) {
    s.push_str("## Review\n\n");
    if a.actions.is_empty() && a.targets.is_empty() {
        s.push_str("No open actions were carried from an earlier meeting.\n\n");
    }
    if !a.actions.is_empty() {
        match &a.previous_agenda {
            Some(p) => {
                let _ = writeln!(s, "Actions still open from `{p}`:\n");
            }
            None => s.push_str(
                "Actions still open from earlier meetings (tick one when it is done, or write `[-]` in its box to drop it):\n\n",
            ),
        }
        let older = a.older_actions.min(a.actions.len());
        for action in &a.actions[older..] {
            let _ = writeln!(s, "- [ ] {}{}", action.text, carried_suffix(action.agreed));
        }
        s.push('\n');
        if older > 0 {
            let _ = writeln!(
                s,
                "Older actions, agreed more than {} meetings ago: tick, drop (`[-]`) or agree a fresh action for each.\n",
                a.older_after
            );
            for action in &a.actions[..older] {
                let _ = writeln!(s, "- [ ] {}{}", action.text, carried_suffix(action.agreed));
            }
            s.push('\n');
        }
    }
    if !a.targets.is_empty() {
        s.push_str("Open targets of the action plan:\n\n");
        for t in &a.targets {
            let due = t.due.map(|d| format!(", due {d}")).unwrap_or_default();
            let _ = writeln!(s, "- [ ] Target: {} (from `{}`{due})", t.text, t.plan);
        }
        s.push('\n');
    }
    s.push_str("For each: what did the ECT do, what was the impact on pupils, and what next?\n\n");
}

fn coaching(s: &mut String) {
    s.push_str(
        "## Coaching\n\n\
         - Action step: one small, specific change to try next.\n\
         - Model: how the mentor will show it.\n\
         - Practice: rehearse it here, with feedback, before taking it to the classroom.\n\n",
    );
}

fn next_steps(s: &mut String, a: &AgendaInput) {
    s.push_str("## Next steps\n\n");
    match &a.next {
        NextMeeting::On(d, None) => {
            let _ = writeln!(s, "Next meeting: {}.\n", long_date(*d));
        }
        NextMeeting::On(d, Some(brk)) => {
            let _ = writeln!(s, "Next meeting: after {brk}, {}.\n", long_date(*d));
        }
        NextMeeting::CalendarEnds => s.push_str(
            "The calendar in `ect.yaml` has no more terms: add the next school year's term dates to plan the next meeting.\n\n",
        ),
        NextMeeting::Finished => s.push_str(
            "This is the last meeting of the programme: agree how the ECT will keep developing.\n\n",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::Term;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn activity(label: &str, minutes: u32) -> crate::curriculum::activity::Activity {
        crate::curriculum::activity::Activity {
            label: label.into(),
            minutes: Some((minutes, minutes)),
            line: 1,
            parts: vec![],
            materials: vec![],
            questions: vec![],
        }
    }

    pub(crate) fn sample() -> AgendaInput {
        AgendaInput {
            pair: "jo-alex".into(),
            mentor: "Jo Smith".into(),
            ect: "Alex Lee".into(),
            date: d("2026-11-24"),
            time: Some("15:30".into()),
            minutes: Some(50),
            programme: "example".into(),
            year: 1,
            term: Term::Autumn,
            module: Some(("year-1-m".into(), "Memory".into())),
            week: Some(4),
            sessions: vec![SessionBrief {
                path: "curriculum/example/year-1-m/autumn-week-4-mentor-materials.md".into(),
                title: "Year 1 Autumn week 4 mentor materials".into(),
                topic: Some("Retrieval".into()),
                link: "../../../curriculum/example/year-1-m/autumn-week-4-mentor-materials.md"
                    .into(),
                intentions: vec![crate::curriculum::document::IntentionGroup {
                    lead_in: "Your ECT will learn that:".into(),
                    items: vec![
                        "Recall [strengthens](../../../curriculum/assets/r.pdf) memory.".into(),
                    ],
                }],
                activities: vec![activity("Review", 10), activity("Theory to Practice", 40)],
                declared_minutes: None,
            }],
            consolidation: false,
            first: false,
            next: NextMeeting::On(d("2026-12-01"), None),
            actions: vec![OpenAction {
                text: "Use the starter with 9B".into(),
                agreed: d("2026-11-17"),
            }],
            previous_agenda: Some("plans/jo-alex/agendas/2026-11-17.md".into()),
            targets: vec![],
            catch_up: vec![],
            older_actions: 0,
            older_after: 6,
        }
    }

    #[test]
    fn front_matter_is_valid_yaml_with_the_keys() {
        let text = render(&sample());
        let split = crate::front_matter::split(&text).unwrap();
        let v: serde_yaml::Value = serde_yaml::from_str(split.yaml).unwrap();
        assert_eq!(v["pair"].as_str(), Some("jo-alex"));
        assert_eq!(v["date"].as_str(), Some("2026-11-24"));
        assert_eq!(v["week"].as_u64(), Some(4));
        assert_eq!(v["next_meeting"].as_str(), Some("2026-12-01"));
        assert_eq!(
            v["sessions"][0].as_str(),
            Some("curriculum/example/year-1-m/autumn-week-4-mentor-materials.md")
        );
    }

    #[test]
    fn the_front_matter_written_is_the_schema_type() {
        // stamped as `write` stamps it; every key written must be in the
        // schema, so the schema cannot fall behind what is written
        for input in [sample(), {
            let mut a = sample();
            a.time = None;
            a.week = None;
            a.consolidation = true;
            a.module = None;
            a
        }] {
            let text = crate::checksum::stamp(&render(&input));
            let split = crate::front_matter::split(&text).unwrap();
            let read: crate::agenda::AgendaFrontMatter =
                serde_yaml::from_str(split.yaml).unwrap_or_else(|e| panic!("{e}\n{}", split.yaml));
            assert_eq!(read.date, input.date);
            let schema =
                serde_json::to_value(schemars::schema_for!(crate::agenda::AgendaFrontMatter))
                    .unwrap();
            let written: serde_yaml::Mapping = serde_yaml::from_str(split.yaml).unwrap();
            for key in written.keys() {
                let key = key.as_str().unwrap();
                assert!(
                    schema["properties"].get(key).is_some(),
                    "`{key}` is not in the schema"
                );
            }
        }
    }

    #[test]
    fn carries_actions_and_times_activities() {
        let text = render(&sample());
        assert!(text.contains("# Mentor meeting: Jo Smith and Alex Lee, Tuesday 24 November 2026"));
        assert!(text.contains("- [ ] Use the starter with 9B _(agreed 2026-11-17)_"));
        assert!(text.contains("### 2. Theory to Practice (40 minutes)"));
        assert!(text.contains("Total: 50 minutes."));
        assert!(text.contains("Next meeting: Tuesday 1 December 2026."));
        assert!(!text.contains("## Contracting"));
        // what the agenda leaves open is what the next one carries
        let open = crate::agenda::open_actions(&text, d("2026-11-24"));
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].agreed, d("2026-11-17"));
    }

    #[test]
    fn two_sessions_get_a_heading_each_and_the_time_says_how_far_they_run_over() {
        let mut a = sample();
        let mut second = a.sessions[0].clone();
        second.title = "Year 1 Autumn week 5 mentor materials".into();
        second.path = second.path.replace("week-4", "week-5");
        second.link = second.link.replace("week-4", "week-5");
        a.sessions.push(second);
        let text = render(&a);
        assert!(
            text.contains(
                "### [Year 1 Autumn week 4 mentor materials](../../../curriculum/example/year-1-m/autumn-week-4-mentor-materials.md)\n\n#### 1. Review (10 minutes)"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "### [Year 1 Autumn week 5 mentor materials](../../../curriculum/example/year-1-m/autumn-week-5-mentor-materials.md)\n\n#### 1. Review (10 minutes)"
            ),
            "{text}"
        );
        assert_eq!(text.matches("Session total: 50 minutes.").count(), 2);
        assert!(!text.contains("Total: 100 minutes"));
        assert!(text.contains("## Time\n\nFor a 50-minute meeting:\n\n- Review: 10 minutes\n"));
        assert!(text.contains("add up to 100 minutes: 75 more than the 25 minutes"));
        // one session that fits: no warning
        let mut a = sample();
        a.minutes = Some(90);
        let one = render(&a);
        assert!(one.contains("## Time") && !one.contains("more than the"));
        // no meeting length: no time plan
        let mut a = sample();
        a.minutes = None;
        assert!(!render(&a).contains("## Time"));
    }

    #[test]
    fn older_actions_are_grouped_and_catch_up_sessions_linked() {
        let mut a = sample();
        a.actions.insert(
            0,
            OpenAction {
                text: "Long ago".into(),
                agreed: d("2026-09-15"),
            },
        );
        a.older_actions = 1;
        a.catch_up = vec![(
            "Year 1 Autumn week 2 mentor materials".into(),
            "../../../curriculum/example/year-1-m/autumn-week-2-mentor-materials.md".into(),
        )];
        let text = render(&a);
        let recent = text.find("- [ ] Use the starter with 9B").unwrap();
        let older = text
            .find("Older actions, agreed more than 6 meetings ago")
            .unwrap();
        let long_ago = text.find("- [ ] Long ago _(agreed 2026-09-15)_").unwrap();
        assert!(recent < older && older < long_ago, "{text}");
        assert!(text.contains("## Catch-up\n\n"));
        assert!(text.contains("- [Year 1 Autumn week 2 mentor materials](../../../curriculum/example/year-1-m/autumn-week-2-mentor-materials.md)"));
        // grouped, never lost: both are still read back as open
        let mut l = crate::agenda::ledger::Ledger::new();
        l.add(a.date, &text);
        assert_eq!(l.open_at(d("2026-12-01")).len(), 2);
    }

    #[test]
    fn first_meeting_contracts_and_consolidation_has_no_session() {
        let mut a = sample();
        a.first = true;
        a.actions.clear();
        assert!(render(&a).contains("## Contracting"));
        a.consolidation = true;
        a.sessions.clear();
        a.next = NextMeeting::On(d("2026-11-03"), Some("half-term".into()));
        let text = render(&a);
        assert!(text.contains("no programme session this week"));
        assert!(!text.contains("## Activities"));
        assert!(text.contains("Next meeting: after half-term, Tuesday 3 November 2026."));
        a.next = NextMeeting::CalendarEnds;
        assert!(render(&a).contains("no more terms"));
    }
}
