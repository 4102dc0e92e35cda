//! The evidence summary of a progress review or formal assessment, built
//! from what the repository already holds for the period: meetings held
//! against meetings scheduled, the sessions covered, the actions agreed and
//! done, the action-plan targets met and open, and the observations. A pure
//! function of facts the command gathers.

use chrono::NaiveDate;
use std::fmt::Write;

/// A scheduled meeting in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    pub date: NaiveDate,
    /// Repository-relative paths of its mentor sessions.
    pub sessions: Vec<String>,
}

/// An agenda file in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaFacts {
    pub date: NaiveDate,
    pub path: String,
    /// Someone wrote in it (not as `ect` generated it).
    pub written: bool,
    /// Actions agreed at the meeting, and how many are ticked.
    pub agreed: usize,
    pub done: usize,
}

/// An action-plan target seen in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetFacts {
    pub text: String,
    pub standards: Vec<u8>,
    /// `open`, `met` or `dropped`.
    pub status: &'static str,
    /// `path:line` of the target.
    pub at: String,
}

/// Everything the summary rests on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub scheduled: Vec<Scheduled>,
    pub agendas: Vec<AgendaFacts>,
    pub targets: Vec<TargetFacts>,
    /// Date and repository-relative path of each observation.
    pub observations: Vec<(NaiveDate, String)>,
    /// Mentor changes in the period: (name, from).
    pub mentor_changes: Vec<(String, NaiveDate)>,
    /// `../` enough times to reach the repository root from the record's folder.
    pub up: String,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The Markdown of the summary.
pub fn render(e: &Evidence) -> String {
    let mut s = String::new();
    if let (Some(from), Some(to)) = (e.from, e.to) {
        let _ = writeln!(s, "From {from} to {to}.\n");
    }
    let held: Vec<&AgendaFacts> = e.agendas.iter().filter(|a| a.written).collect();
    meetings(&mut s, e, &held);
    sessions_covered(&mut s, e, &held);
    // actions
    let agreed: usize = e.agendas.iter().map(|a| a.agreed).sum();
    let done: usize = e.agendas.iter().map(|a| a.done).sum();
    let _ = writeln!(s, "\n### Actions\n");
    let _ = writeln!(
        s,
        "- {} agreed, {done} done",
        plural(agreed, "action", "actions")
    );
    targets(&mut s, e);
    // observations
    let _ = writeln!(s, "\n### Observations\n");
    if e.observations.is_empty() {
        let _ = writeln!(s, "- none in this period");
    }
    for (date, path) in &e.observations {
        let _ = writeln!(s, "- [{date}]({}{path})", e.up);
    }
    s
}

/// The "Mentor meetings" section: meetings held (`held`, the agendas
/// written in), agendas not written in, meetings without one, mentor changes.
fn meetings(s: &mut String, e: &Evidence, held: &[&AgendaFacts]) {
    let _ = writeln!(s, "### Mentor meetings\n");
    let _ = writeln!(
        s,
        "- {} held (an agenda written in) of {} scheduled",
        held.len(),
        e.scheduled.len()
    );
    let unwritten = e.agendas.len() - held.len();
    if unwritten > 0 {
        let _ = writeln!(
            s,
            "- {} generated but not written in",
            plural(unwritten, "agenda", "agendas")
        );
    }
    let without = e
        .scheduled
        .iter()
        .filter(|m| !e.agendas.iter().any(|a| a.date == m.date))
        .count();
    if without > 0 {
        let _ = writeln!(
            s,
            "- {} with no agenda",
            plural(without, "scheduled meeting", "scheduled meetings")
        );
    }
    for (name, from) in &e.mentor_changes {
        let _ = writeln!(s, "- mentor from {from}: {name}");
    }
}

/// The "Sessions covered" section: the sessions of the meetings held.
fn sessions_covered(s: &mut String, e: &Evidence, held: &[&AgendaFacts]) {
    let _ = writeln!(s, "\n### Sessions covered\n");
    let mut any = false;
    for m in &e.scheduled {
        if !held.iter().any(|a| a.date == m.date) {
            continue;
        }
        for session in &m.sessions {
            any = true;
            let name = session
                .rsplit('/')
                .next()
                .unwrap_or(session)
                .trim_end_matches(".md");
            let _ = writeln!(s, "- {}: [{name}]({}{session})", m.date, e.up);
        }
    }
    if !any {
        let _ = writeln!(s, "- none recorded");
    }
}

/// The "Action-plan targets" section: met, then open, then dropped.
fn targets(s: &mut String, e: &Evidence) {
    let _ = writeln!(s, "\n### Action-plan targets\n");
    if e.targets.is_empty() {
        let _ = writeln!(s, "- none");
    }
    for status in ["met", "open", "dropped"] {
        for t in e.targets.iter().filter(|t| t.status == status) {
            let standards = if t.standards.is_empty() {
                "no standard named".to_string()
            } else {
                let list: Vec<String> = t.standards.iter().map(u8::to_string).collect();
                format!(
                    "Teachers' Standard{} {}",
                    if list.len() == 1 { "" } else { "s" },
                    list.join(", ")
                )
            };
            let _ = writeln!(s, "- {status}: {} ({standards}; `{}`)", t.text, t.at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn counts_meetings_sessions_actions_targets_and_observations() {
        let e = Evidence {
            from: Some(day("2027-01-04")),
            to: Some(day("2027-03-26")),
            scheduled: vec![
                Scheduled {
                    date: day("2027-01-12"),
                    sessions: vec!["curriculum/p/m/week-1.md".into()],
                },
                Scheduled {
                    date: day("2027-01-19"),
                    sessions: vec!["curriculum/p/m/week-2.md".into()],
                },
                Scheduled {
                    date: day("2027-01-26"),
                    sessions: vec![],
                },
            ],
            agendas: vec![
                AgendaFacts {
                    date: day("2027-01-12"),
                    path: "plans/x/agendas/2027-01-12.md".into(),
                    written: true,
                    agreed: 3,
                    done: 2,
                },
                AgendaFacts {
                    date: day("2027-01-19"),
                    path: "plans/x/agendas/2027-01-19.md".into(),
                    written: false,
                    agreed: 0,
                    done: 0,
                },
            ],
            targets: vec![TargetFacts {
                text: "Pace starters".into(),
                standards: vec![4, 7],
                status: "met",
                at: "plans/x/action-plans/2027-01-05.md:9".into(),
            }],
            observations: vec![(
                day("2027-02-02"),
                "plans/x/observations/2027-02-02.md".into(),
            )],
            mentor_changes: vec![],
            up: "../../../".into(),
        };
        let s = render(&e);
        assert!(
            s.contains("- 1 held (an agenda written in) of 3 scheduled"),
            "{s}"
        );
        assert!(s.contains("- 1 agenda generated but not written in"), "{s}");
        assert!(s.contains("- 1 scheduled meeting with no agenda"), "{s}");
        assert!(
            s.contains("[week-1](../../../curriculum/p/m/week-1.md)"),
            "{s}"
        );
        assert!(
            !s.contains("week-2"),
            "a meeting not held covers nothing: {s}"
        );
        assert!(s.contains("- 3 actions agreed, 2 done"), "{s}");
        assert!(
            s.contains("- met: Pace starters (Teachers' Standards 4, 7;"),
            "{s}"
        );
        assert!(
            s.contains("[2027-02-02](../../../plans/x/observations/2027-02-02.md)"),
            "{s}"
        );
    }

    #[test]
    fn an_empty_period_says_so() {
        let s = render(&Evidence::default());
        assert!(s.contains("- 0 held (an agenda written in) of 0 scheduled"));
        assert!(s.contains("- none recorded"));
        assert!(s.contains("- none in this period"));
    }
}
