//! A meeting plan that fits the meeting: the pair's minutes shared between
//! the review of actions, each session's activities, coaching and agreeing
//! actions, and how far the sessions run over when they are longer than the
//! meeting. Pure: minutes in, minutes out.

/// One session of the meeting: its title and the minutes of its timed
/// activities (0: the session times nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTime {
    pub title: String,
    pub minutes: u32,
}

/// What the meeting's minutes go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingPlan {
    /// The pair's meeting length.
    pub meeting: u32,
    pub review: u32,
    /// Per session, in order: title and minutes given.
    pub sessions: Vec<(String, u32)>,
    pub coaching: u32,
    pub actions: u32,
    /// The sessions' timed activities together.
    pub sessions_total: u32,
    /// Minutes left for the sessions once review, coaching and actions have theirs.
    pub for_sessions: u32,
    /// By how much the sessions' activities run past `for_sessions`.
    pub over_by: u32,
}

/// Shares `meeting` minutes out. Review, coaching and actions get a
/// floor (review more when there are actions to review); the sessions get
/// their activities' minutes when those fit, and what is left goes back to
/// review and coaching. A session that times nothing gets an equal part of
/// the time the timed ones leave. Sessions too long for the meeting keep
/// their minutes, and `over_by` says by how much they run over.
pub fn plan(meeting: u32, sessions: &[SessionTime], review_items: usize) -> MeetingPlan {
    let (mut review, mut coaching, actions) = if meeting >= 30 {
        (if review_items > 0 { 10 } else { 5 }, 10, 5)
    } else {
        // a short meeting: a fifth each, a tenth to agree actions
        (meeting / 5, meeting / 5, meeting / 10)
    };
    let fixed = review + coaching + actions;
    let for_sessions = meeting.saturating_sub(fixed);
    let timed: u32 = sessions.iter().map(|s| s.minutes).sum();
    let untimed = sessions.iter().filter(|s| s.minutes == 0).count() as u32;
    let spare = for_sessions.saturating_sub(timed);
    let each_untimed = spare.checked_div(untimed).unwrap_or(0);
    let given: Vec<(String, u32)> = sessions
        .iter()
        .map(|s| {
            let m = if s.minutes == 0 {
                each_untimed
            } else {
                s.minutes
            };
            (s.title.clone(), m)
        })
        .collect();
    let used: u32 = given.iter().map(|(_, m)| m).sum();
    let over_by = timed.saturating_sub(for_sessions);
    if used < for_sessions {
        let left = for_sessions - used;
        review += left / 2;
        coaching += left - left / 2;
    }
    MeetingPlan {
        meeting,
        review,
        sessions: given,
        coaching,
        actions,
        sessions_total: timed,
        for_sessions,
        over_by,
    }
}

/// The plan as a short Markdown section.
pub fn render(p: &MeetingPlan) -> String {
    use std::fmt::Write;
    let mut s = format!("## Time\n\nFor a {}-minute meeting:\n\n", p.meeting);
    let _ = writeln!(s, "- Review: {} minutes", p.review);
    for (title, m) in &p.sessions {
        let _ = writeln!(s, "- {title}: {m} minutes");
    }
    let _ = writeln!(s, "- Coaching: {} minutes", p.coaching);
    let _ = writeln!(s, "- Actions agreed: {} minutes", p.actions);
    s.push('\n');
    if p.over_by > 0 {
        let _ = writeln!(
            s,
            "The session{} timed activities add up to {} minutes: {} more than the {} minutes the meeting leaves for {}. \
             Choose what to shorten or to leave for the next meeting.\n",
            if p.sessions.len() == 1 { "'s" } else { "s'" },
            p.sessions_total,
            p.over_by,
            p.for_sessions,
            if p.sessions.len() == 1 { "it" } else { "them" },
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn session(title: &str, minutes: u32) -> SessionTime {
        SessionTime {
            title: title.into(),
            minutes,
        }
    }

    #[test]
    fn a_session_that_fits_leaves_the_rest_to_review_and_coaching() {
        let p = plan(60, &[session("Week 3", 30)], 2);
        assert_eq!(
            (p.review, p.sessions[0].1, p.coaching, p.actions, p.over_by),
            (12, 30, 13, 5, 0)
        );
        assert_eq!(p.review + 30 + p.coaching + p.actions, 60);
    }

    #[test]
    fn two_long_sessions_say_by_how_much_they_run_over() {
        let p = plan(50, &[session("Week 3", 50), session("Week 4", 50)], 3);
        assert_eq!((p.review, p.coaching, p.actions), (10, 10, 5));
        assert_eq!((p.for_sessions, p.sessions_total, p.over_by), (25, 100, 75));
        let text = render(&p);
        assert!(text.contains("- Week 3: 50 minutes\n- Week 4: 50 minutes\n"));
        assert!(text.contains("add up to 100 minutes: 75 more than the 25 minutes"));
    }

    #[test]
    fn an_untimed_session_gets_what_the_meeting_leaves() {
        let p = plan(45, &[session("Untimed", 0)], 0);
        assert_eq!(p.review + p.sessions[0].1 + p.coaching + p.actions, 45);
        assert!(p.sessions[0].1 >= 20, "{p:?}");
        assert_eq!(p.over_by, 0);
    }

    proptest! {
        /// The shares never exceed the meeting unless the sessions' own
        /// minutes do, and then `over_by` is exactly the excess.
        #[test]
        fn shares_add_up(meeting in 1u32..240, minutes in proptest::collection::vec(0u32..120, 0..4), items in 0usize..20) {
            let sessions: Vec<SessionTime> = minutes.iter().enumerate().map(|(i, m)| session(&format!("s{i}"), *m)).collect();
            let p = plan(meeting, &sessions, items);
            let total = p.review + p.coaching + p.actions + p.sessions.iter().map(|(_, m)| m).sum::<u32>();
            if p.over_by == 0 {
                prop_assert!(total <= meeting, "{p:?}");
            } else {
                prop_assert_eq!(total, p.review + p.coaching + p.actions + p.sessions_total);
                prop_assert_eq!(p.over_by, p.sessions_total - p.for_sessions);
            }
            prop_assert!(p.review + p.coaching + p.actions <= meeting);
        }
    }
}
