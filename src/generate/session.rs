//! The session part of an agenda: a link to the session file, its learning
//! intentions under their lead-ins, and its activities with their minutes,
//! materials and questions; for a session without times, a plan from its
//! structure with a suggested split of the meeting's minutes.
//!
//! Links are written relative to the agenda file, so they work on GitHub, in
//! an editor and from the printed page; the caller resolves them
//! ([`relative_path`], [`relink`]) and this module only writes text.

use crate::curriculum::activity::Activity;
use crate::curriculum::document::IntentionGroup;
use regex::Regex;
use std::fmt::Write;
use std::sync::LazyLock;

/// One programme session the meeting covers.
#[derive(Debug, Clone, Default)]
pub struct SessionBrief {
    /// Repository-relative path of the session file.
    pub path: String,
    /// The session file as a link from the agenda (relative, e.g.
    /// `../../../curriculum/p/m/autumn-week-1-mentor-materials.md`).
    pub link: String,
    pub title: String,
    /// The session's topic (its first `##` heading), if it has one.
    pub topic: Option<String>,
    /// Learning intentions under their lead-ins, links resolved from the agenda.
    pub intentions: Vec<IntentionGroup>,
    /// Activities in order, material links resolved from the agenda.
    pub activities: Vec<Activity>,
    /// The length the session declares (`Duration: 60 minutes`), if any.
    pub declared_minutes: Option<u32>,
}

impl SessionBrief {
    /// Whether the provider timed the session's activities.
    pub fn timed(&self) -> bool {
        self.activities.iter().any(|a| a.minutes.is_some())
    }

    /// The timed activities' minutes added up, as a range (low, high).
    pub fn total_minutes(&self) -> Option<(u32, u32)> {
        self.activities
            .iter()
            .filter_map(|a| a.minutes)
            .fold(None, |acc, (low, high)| {
                let (l, h) = acc.unwrap_or((0, 0));
                Some((l.saturating_add(low), h.saturating_add(high)))
            })
    }
}

/// `10 minutes`, or `5 to 10 minutes` for a range.
pub fn minutes_text((low, high): (u32, u32)) -> String {
    if high > low {
        format!("{low} to {high} minutes")
    } else {
        format!("{low} minutes")
    }
}

/// Shares `total` minutes out over `n` activities in whole five-minute
/// steps (whole minutes when there are too few), the first ones getting
/// any remainder; the shares add up to `total`.
pub fn suggest_split(total: u32, n: usize) -> Vec<u32> {
    if n == 0 {
        return Vec::new();
    }
    let n32 = u32::try_from(n).unwrap_or(u32::MAX);
    let step = if total >= 5 * n32 { 5 } else { 1 };
    let units = total / step;
    let base = units / n32;
    let extra = units % n32;
    let mut shares: Vec<u32> = (0..n32)
        .map(|i| (base + u32::from(i < extra)) * step)
        .collect();
    // what the steps leave over goes to the first activity
    let rest = total - shares.iter().sum::<u32>();
    shares[0] += rest;
    shares
}

/// The path `to` as seen from the folder `from_dir` (both relative to the
/// repository root, `/`-separated), with characters that would end a
/// Markdown link written as `%XX`.
pub fn relative_path(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let to_parts: Vec<&str> = to
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to_parts[common..]);
    link_escape(&parts.join("/"))
}

/// Spaces, brackets and angle brackets as `%XX`, so a path or address stays
/// one Markdown link.
pub fn link_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            _ => out.push(c),
        }
    }
    out
}

/// Rewrites every Markdown link target in `md` with `resolve`; a link
/// `resolve` cannot place keeps its words and loses its target.
pub fn relink(md: &str, resolve: impl Fn(&str) -> Option<String>) -> String {
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(!?)\[([^\]]*)\]\(([^)\s]*)\)").expect("regex"));
    LINK.replace_all(md, |c: &regex::Captures<'_>| match resolve(&c[3]) {
        Some(target) => format!("{}[{}]({target})", &c[1], &c[2]),
        None => c[2].to_string(),
    })
    .into_owned()
}

/// `[words](target)`, with brackets in the words escaped.
fn md_link(text: &str, target: &str) -> String {
    let text = text.replace('[', "\\[").replace(']', "\\]");
    format!("[{text}]({target})")
}

/// `Session: [title](link) (topic).`
pub(crate) fn session_line(s: &mut String, session: &SessionBrief) {
    let title = md_link(&session.title, &session.link);
    match &session.topic {
        Some(topic) => {
            let _ = writeln!(s, "Session: {title} ({topic}).\n");
        }
        None => {
            let _ = writeln!(s, "Session: {title}.\n");
        }
    }
}

pub(crate) fn intentions(s: &mut String, sessions: &[SessionBrief]) {
    s.push_str("## Learning intentions\n\n");
    let groups: Vec<&IntentionGroup> = sessions.iter().flat_map(|x| &x.intentions).collect();
    if groups.iter().all(|g| g.items.is_empty()) {
        s.push_str("The session file lists none: read its introduction together.\n\n");
        return;
    }
    for g in groups {
        if !g.lead_in.is_empty() {
            let _ = writeln!(s, "{}\n", g.lead_in);
        }
        for item in &g.items {
            let _ = writeln!(s, "- {item}");
        }
        s.push('\n');
    }
}

/// The activities of every session, numbered in order; when the meeting
/// has two sessions, each comes under its own heading with its own total.
/// `shares` gives each session the minutes the meeting plan has for it (a
/// split is suggested from them when the session gives no times).
pub(crate) fn activities(s: &mut String, sessions: &[SessionBrief], shares: &[Option<u32>]) {
    s.push_str(
        "## Activities

",
    );
    if sessions.iter().all(|x| x.activities.is_empty()) {
        s.push_str(
            "The session file has no activities to list: follow it in order.

",
        );
        return;
    }
    let several = sessions.len() > 1;
    for (i, session) in sessions.iter().enumerate() {
        if several {
            let _ = writeln!(s, "### {}\n", md_link(&session.title, &session.link));
            if session.activities.is_empty() {
                s.push_str("No activities to list: follow the session file in order.\n\n");
                continue;
            }
        }
        let heading = if several { "####" } else { "###" };
        session_activities(s, session, shares.get(i).copied().flatten(), heading);
        if several && let Some(total) = session.total_minutes() {
            let _ = writeln!(s, "Session total: {}.\n", minutes_text(total));
        }
    }
    if !several && let Some(total) = sessions[0].total_minutes() {
        let _ = writeln!(s, "Total: {}.\n", minutes_text(total));
    }
    declared_mismatches(s, sessions);
}

/// One session's activities, numbered from 1 under `heading`s, each with
/// its time: the provider's, else a share of the `share` minutes the
/// meeting has for the session when none of them has a time.
fn session_activities(s: &mut String, session: &SessionBrief, share: Option<u32>, heading: &str) {
    let untimed = session
        .activities
        .iter()
        .filter(|a| a.minutes.is_none())
        .count();
    let split = match share {
        Some(m) if untimed > 0 && untimed == session.activities.len() => suggest_split(m, untimed),
        _ => Vec::new(),
    };
    if untimed > 0 {
        match (split.is_empty(), share) {
            (false, Some(m)) => {
                let _ = writeln!(
                    s,
                    "The provider gives no times for these. Below are the session's parts in order, with a suggested split of the {m} minutes the meeting has for it: adjust it to what the ECT needs.\n"
                );
            }
            _ => s.push_str(
                "The provider gives no times for some of these: agree how long to spend on each.\n\n",
            ),
        }
    }
    let mut next_split = split.iter();
    for (n, a) in session.activities.iter().enumerate() {
        let time = match (a.minutes, next_split.next()) {
            (Some(m), _) => minutes_text(m),
            (None, Some(share)) => format!("about {share} minutes"),
            (None, None) => "no time given".to_string(),
        };
        let _ = writeln!(s, "{heading} {}. {} ({time})\n", n + 1, a.label);
        activity_body(s, a);
    }
}

/// A line for each session that declares another length than its
/// activities add up to.
fn declared_mismatches(s: &mut String, sessions: &[SessionBrief]) {
    for session in sessions {
        if let (Some(declared), Some((low, high))) =
            (session.declared_minutes, session.total_minutes())
            && !(low..=high).contains(&declared)
        {
            let _ = writeln!(
                s,
                "The session file says it takes {declared} minutes; its timed activities add up to {}.\n",
                minutes_text((low, high))
            );
        }
    }
}

/// An activity's parts, materials, questions and a place for notes.
fn activity_body(s: &mut String, a: &Activity) {
    if !a.parts.is_empty() {
        s.push_str("Parts:\n\n");
        for (label, minutes) in &a.parts {
            let _ = writeln!(s, "- {label} ({})", minutes_text(*minutes));
        }
        s.push('\n');
    }
    if !a.materials.is_empty() {
        s.push_str("Materials:\n\n");
        for m in &a.materials {
            let _ = writeln!(s, "- {}", md_link(&m.text, &m.target));
        }
        s.push('\n');
    }
    if !a.questions.is_empty() {
        s.push_str("Questions:\n\n");
        for q in &a.questions {
            let _ = writeln!(s, "- {q}");
        }
        s.push('\n');
    }
    s.push_str("Notes:\n\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paths_are_relative_to_the_agenda() {
        assert_eq!(
            relative_path(
                "plans/jo-alex/agendas",
                "curriculum/p/m/autumn-week-1-mentor-materials.md"
            ),
            "../../../curriculum/p/m/autumn-week-1-mentor-materials.md"
        );
        assert_eq!(
            relative_path("records/pairs/jo/agendas", "records/pairs/x.md"),
            "../../x.md"
        );
        assert_eq!(
            relative_path("plans/a/agendas", "curriculum/assets/Hand out (v2).pdf"),
            "../../../curriculum/assets/Hand%20out%20%28v2%29.pdf"
        );
    }

    #[test]
    fn addresses_stay_one_link() {
        assert_eq!(
            link_escape("https://example.org/wiki/Talk_(teaching) notes"),
            "https://example.org/wiki/Talk_%28teaching%29%20notes"
        );
    }

    #[test]
    fn relinks_markdown_links_and_drops_targets_it_cannot_place() {
        let md = "Use the [audit](/assets/a.pdf), see ![chart](/x.png) and [gone](/nowhere).";
        let out = relink(md, |t| (t != "/nowhere").then(|| format!("../c{t}")));
        assert_eq!(
            out,
            "Use the [audit](../c/assets/a.pdf), see ![chart](../c/x.png) and gone."
        );
    }

    #[test]
    fn says_when_the_declared_length_differs() {
        let mut session = SessionBrief {
            declared_minutes: Some(60),
            activities: vec![Activity {
                label: "Talk".into(),
                minutes: Some((40, 50)),
                line: 3,
                parts: vec![],
                materials: vec![],
                questions: vec![],
            }],
            ..SessionBrief::default()
        };
        let mut s = String::new();
        activities(&mut s, std::slice::from_ref(&session), &[Some(60)]);
        assert!(s.contains("### 1. Talk (40 to 50 minutes)"), "{s}");
        assert!(s.contains("Total: 40 to 50 minutes."), "{s}");
        assert!(
            s.contains("The session file says it takes 60 minutes; its timed activities add up to 40 to 50 minutes."),
            "{s}"
        );
        session.declared_minutes = Some(45);
        let mut s = String::new();
        activities(&mut s, &[session], &[Some(60)]);
        assert!(!s.contains("says it takes"), "{s}");
    }

    proptest! {
        #[test]
        fn a_split_adds_up_to_the_meeting(total in 0u32..600, n in 1usize..20) {
            let shares = suggest_split(total, n);
            prop_assert_eq!(shares.len(), n);
            prop_assert_eq!(shares.iter().sum::<u32>(), total);
            let max = shares.iter().max().unwrap();
            let min = shares.iter().min().unwrap();
            // fair: no share is more than one step (and the leftover) above another
            prop_assert!(max - min <= 5 + 4, "{:?}", shares);
        }
    }
}
