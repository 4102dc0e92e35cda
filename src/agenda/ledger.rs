//! The pair's actions as a ledger, worked out from all its agendas at each
//! run: every action is known by its text and the meeting it was agreed at,
//! and stays open until it is ticked (`[x]`) or dropped (`[-]`) in any
//! agenda. The answer does not depend on the order in which runs, meetings
//! and edits came.
//!
//! An action is *agreed* in the "Actions agreed" list of the agenda of the
//! meeting it was agreed at; the Review of later agendas lists it again with
//! ` _(agreed DATE)_`, where it is ticked or dropped. A carried item whose
//! first agenda is gone (deleted, or its date cannot be read) still counts.

use super::tasks::tasks_by;
use super::{OpenAction, split_carried, split_carried_owned};
use chrono::NaiveDate;

/// One action of the ledger.
#[derive(Debug, Clone)]
struct Action {
    text: String,
    agreed: NaiveDate,
    /// Dates of the agendas where it was ticked or dropped.
    closed_in: Vec<NaiveDate>,
}

/// What one agenda says about actions.
#[derive(Debug, Clone, Default)]
struct Marks {
    /// (text, closed) of its "Actions agreed".
    agreed: Vec<(String, bool)>,
    /// (text, agreed at, closed) of carried items anywhere else.
    carried: Vec<(String, NaiveDate, bool)>,
}

/// All the actions of one pair.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    agendas: Vec<(NaiveDate, Marks)>,
}

/// The key an action is known by: its text with runs of white space made
/// one space, case ignored, and the meeting it was agreed at.
pub(crate) fn key(text: &str, agreed: NaiveDate) -> (String, NaiveDate) {
    if text.is_ascii() {
        // the words of `split_whitespace` joined by one space, as
        // `fold_space` gives them, lowered in one pass: keys are made for
        // every action of every agenda on each run, and a word at a time
        // cost a tenth of an `agenda` run
        let mut k = crate::curriculum::document::fold_space(text);
        k.make_ascii_lowercase();
        return (k, agreed);
    }
    let mut k = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !k.is_empty() {
            k.push(' ');
        }
        if w.is_ascii() {
            // the same as `to_lowercase`, without a string per word
            let start = k.len();
            k.push_str(w);
            k[start..].make_ascii_lowercase();
        } else {
            k.push_str(&w.to_lowercase());
        }
    }
    (k, agreed)
}

/// What follows `- [ ] ` on each line that starts so (as `lines` gives
/// them: a `\r` before the `\n` left out). The lines are found by a search
/// for the mark after a line break, not line by line: every agenda of
/// every pair is read on each run, and going line by line cost as much as
/// the checksum.
fn open_items(text: &str) -> impl Iterator<Item = &str> {
    const OPEN: &str = "- [ ] ";
    let first = text.starts_with(OPEN).then_some(0);
    let later = memchr::memmem::find_iter(text.as_bytes(), b"\n- [ ] ").map(|at| at + 1);
    first.into_iter().chain(later).map(|start| {
        let rest = &text[start + OPEN.len()..];
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(end) => rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]),
            None => rest,
        }
    })
}

/// Whether a `##` heading starts "Actions agreed", case ignored.
fn is_actions_agreed(section: &str) -> bool {
    const HEADING: &str = "actions agreed";
    if section.is_ascii() {
        // as below, without a lower-cased copy of every heading
        section
            .get(..HEADING.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(HEADING))
    } else {
        section.to_lowercase().starts_with(HEADING)
    }
}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the actions of the agenda of the meeting on `date`; whether it
    /// is exactly as `ect` wrote it (see [`crate::checksum::is_untouched`]),
    /// which this has to know, so that a caller does not hash it again.
    pub fn add(&mut self, date: NaiveDate, text: &str) -> bool {
        let mut marks = Marks::default();
        if crate::checksum::is_untouched(text) {
            // exactly as `ect` wrote it: open carried items and a placeholder,
            // in a shape `ect` knows, so no Markdown parse is needed
            for item in open_items(text) {
                let (body, agreed) = split_carried(item.trim());
                if let Some(at) = agreed {
                    marks.carried.push((body, at, false));
                }
            }
            self.agendas.push((date, marks));
            return true;
        }
        for (agreed_here, t) in tasks_by(text, is_actions_agreed) {
            let closed = !t.is_open();
            let (body, agreed) = split_carried_owned(t.text);
            match agreed {
                Some(at) => marks.carried.push((body, at, closed)),
                None if agreed_here => {
                    marks.agreed.push((body, closed));
                }
                None => {}
            }
        }
        self.agendas.push((date, marks));
        false
    }

    /// The actions open at the meeting on `date`: agreed at an earlier
    /// meeting and not ticked or dropped in any other agenda, oldest first.
    /// (A tick in the agenda of `date` itself is that agenda's own business:
    /// the action is still listed there, as the mentor ticked it.)
    pub fn open_at(&self, date: NaiveDate) -> Vec<OpenAction> {
        let mut order: Vec<NaiveDate> = self.agendas.iter().map(|(d, _)| *d).collect();
        order.sort_unstable();
        // foldhash, not SipHash: every action of every pair is looked up
        let dates: foldhash::HashSet<NaiveDate> = order.iter().copied().collect();
        let mut actions: Vec<Action> = Vec::new();
        let mut index: foldhash::HashMap<(String, NaiveDate), usize> = foldhash::HashMap::default();
        let mut by_date: Vec<&(NaiveDate, Marks)> = self.agendas.iter().collect();
        by_date.sort_by_key(|(d, _)| *d);
        // first every agreed action, in meeting order
        for (d, marks) in &by_date {
            for (text, closed) in &marks.agreed {
                let k = key(text, *d);
                let i = *index.entry(k).or_insert_with(|| {
                    actions.push(Action {
                        text: text.clone(),
                        agreed: *d,
                        closed_in: Vec::new(),
                    });
                    actions.len() - 1
                });
                if *closed {
                    actions[i].closed_in.push(*d);
                }
            }
        }
        // then the carried ones: ticks and drops, and actions whose first
        // agenda is not there any more
        for (d, marks) in &by_date {
            for (text, at, closed) in &marks.carried {
                let k = key(text, *at);
                let i = match index.get(&k) {
                    Some(i) => *i,
                    None if !dates.contains(at) => {
                        actions.push(Action {
                            text: text.clone(),
                            agreed: *at,
                            closed_in: Vec::new(),
                        });
                        index.insert(k, actions.len() - 1);
                        actions.len() - 1
                    }
                    None => continue,
                };
                if *closed {
                    actions[i].closed_in.push(*d);
                }
            }
        }
        let mut open: Vec<OpenAction> = actions
            .into_iter()
            .filter(|a| a.agreed < date && a.closed_in.iter().all(|c| *c == date))
            .map(|a| OpenAction {
                text: a.text,
                agreed: a.agreed,
            })
            .collect();
        open.sort_by_key(|a| a.agreed);
        open
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::carried_suffix;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn texts(open: &[OpenAction]) -> Vec<(String, String)> {
        open.iter()
            .map(|a| (a.text.clone(), a.agreed.to_string()))
            .collect()
    }

    #[test]
    fn actions_stay_open_until_ticked_or_dropped_anywhere() {
        let mut l = Ledger::new();
        l.add(
            d("2026-11-06"),
            "## Actions agreed\n\n- [ ] Phone home\n1. [ ] Seating plan\n* [x] Done at once\n",
        );
        // next week's agenda was written before the meeting: it knows nothing
        l.add(
            d("2026-11-13"),
            "## Review\n\nNo open actions.\n\n## Actions agreed\n\n- [ ] Mark books\n",
        );
        // at the meeting of the 13th, both actions of the 6th are open
        assert_eq!(
            texts(&l.open_at(d("2026-11-13"))),
            [
                ("Phone home".into(), "2026-11-06".into()),
                ("Seating plan".into(), "2026-11-06".into())
            ]
        );
        l.add(
            d("2026-11-20"),
            &format!(
                "## Review\n\n- [x] Phone home{}\n- [-] Seating plan{}\n",
                carried_suffix(d("2026-11-06")),
                carried_suffix(d("2026-11-06"))
            ),
        );
        // closed is closed, whatever the agenda: a later run for the 13th leaves them out
        assert!(l.open_at(d("2026-11-13")).is_empty());
        // the 20th ticked one and dropped the other: only the 13th's is left
        assert_eq!(
            texts(&l.open_at(d("2026-11-27"))),
            [("Mark books".into(), "2026-11-13".into())]
        );
        // the agenda that ticks an action still lists it
        assert_eq!(l.open_at(d("2026-11-20")).len(), 3);
    }

    #[test]
    fn a_carried_action_outlives_its_first_agenda_but_a_reworded_one_is_not_doubled() {
        let mut l = Ledger::new();
        l.add(
            d("2026-11-13"),
            &format!(
                "## Review\n\n- [ ] Lost origin{}\n- [ ] Reworded  text{}\n",
                carried_suffix(d("2026-11-06")),
                carried_suffix(d("2026-10-30"))
            ),
        );
        l.add(
            d("2026-10-30"),
            "## Actions agreed\n\n- [ ] Original text\n",
        );
        assert_eq!(
            texts(&l.open_at(d("2026-11-20"))),
            [
                ("Original text".into(), "2026-10-30".into()),
                ("Lost origin".into(), "2026-11-06".into())
            ]
        );
    }

    #[test]
    fn white_space_and_case_do_not_make_a_new_action() {
        let mut l = Ledger::new();
        l.add(
            d("2026-11-06"),
            "## Actions agreed\n\n- [ ] Call  Sam's   parents\n",
        );
        l.add(
            d("2026-11-13"),
            &format!(
                "## Review\n\n- [X] call sam's parents{}\n",
                carried_suffix(d("2026-11-06"))
            ),
        );
        assert!(l.open_at(d("2026-11-20")).is_empty());
    }

    /// An agenda `ect` wrote and nobody touched adds only its open carried
    /// items; once a person ticks one (the checksum line still there, the
    /// file the same size), the tick counts and the agenda is edited.
    #[test]
    fn a_tick_in_an_agenda_that_still_carries_its_checksum_counts() {
        let agreed = d("2026-11-06");
        let written = crate::checksum::stamp(&format!(
            "---\npair: a-b\ndate: 2026-11-13\n---\n\n## Review\n\n- [ ] Phone home{}\n\n## Actions agreed\n\n- [ ] {}\n",
            carried_suffix(agreed),
            crate::agenda::tasks::PLACEHOLDER
        ));
        let first = "## Actions agreed\n\n- [ ] Phone home\n";
        let mut l = Ledger::new();
        assert!(!l.add(agreed, first));
        assert!(l.add(d("2026-11-13"), &written));
        assert_eq!(
            texts(&l.open_at(d("2026-11-20"))),
            [("Phone home".into(), "2026-11-06".into())]
        );
        let ticked = written.replacen("- [ ] Phone home", "- [x] Phone home", 1);
        assert_eq!(ticked.len(), written.len());
        let mut l = Ledger::new();
        l.add(agreed, first);
        assert!(!l.add(d("2026-11-13"), &ticked));
        assert!(l.open_at(d("2026-11-20")).is_empty());
    }

    #[test]
    fn actions_agreed_is_found_in_any_case() {
        for (heading, is) in [
            ("Actions agreed", true),
            ("ACTIONS AGREED today", true),
            ("actions agreed", true),
            ("Actions", false),
            ("Actions agree", false),
            ("Notes", false),
            ("", false),
            ("ÄCTIONS AGREED", false),
            ("Actions agreed: Ünïcödé", true),
            ("ACTİONS AGREED", false),
        ] {
            assert_eq!(is_actions_agreed(heading), is, "{heading}");
            assert_eq!(
                heading.to_lowercase().starts_with("actions agreed"),
                is,
                "{heading}"
            );
        }
        for text in ["Call  Sam's   PARENTS", "Ünïcödé ΣΑΣ word", "a\tb"] {
            let old: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
            assert_eq!(key(text, d("2026-11-06")).0, old.join(" "));
        }
    }

    use proptest::prelude::*;

    /// [`super::key`]'s text the long way, a word at a time.
    fn key_word_by_word(text: &str) -> String {
        text.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Keys are the lowered words joined by one space, ASCII or not,
        /// whatever white space (U+000B and U+00A0 included) is between.
        #[test]
        fn keys_are_lowered_words_joined_by_a_space(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Phone", "HOME", "seating Plan", " ", "  ", "\t", "\n", "\r\n", "\u{b}",
                    "\u{c}", "\u{a0}", "\u{3000}", "É", "ΟΔΟΣ", "ß", "İ", "x",
                ]),
                0..10,
            ),
        ) {
            let text: String = parts.concat();
            let at = NaiveDate::from_ymd_opt(2026, 11, 6).unwrap();
            prop_assert_eq!(super::key(&text, at), (key_word_by_word(&text), at), "{:?}", text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The open items found by search are those a walk over the lines
        /// finds, whatever the line endings and wherever the marks fall.
        #[test]
        fn open_items_are_found_as_line_by_line(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "- [ ] ", "- [x] ", " - [ ] ", "-  [ ] ", "\n", "\r\n", "\r", "text",
                    "Phone home", " (agreed 2026-11-06)", "\n\n", "é", "- [ ]", "[ ] ",
                ]),
                0..14,
            ),
        ) {
            let text: String = parts.concat();
            let found: Vec<&str> = super::open_items(&text).collect();
            let by_line: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("- [ ] ")).collect();
            prop_assert_eq!(found, by_line, "{:?}", text);
        }
    }

    proptest! {
        /// The open actions do not depend on the order agendas are read in,
        /// and an action is open exactly when no agenda ticks or drops it.
        #[test]
        fn order_does_not_matter(
            agendas in proptest::collection::vec(
                (proptest::collection::vec((0usize..6, 0u8..3), 0..4), proptest::collection::vec((0usize..6, 0usize..5, 0u8..3), 0..4)),
                1..6,
            ),
            seed in any::<u64>(),
        ) {
            let start = d("2026-09-07");
            let date = |i: usize| start + chrono::Days::new(7 * i as u64);
            let texts: Vec<(NaiveDate, String)> = agendas
                .iter()
                .enumerate()
                .map(|(i, (agreed, carried))| {
                    let mut t = String::from("## Review\n\n");
                    for (n, at, st) in carried {
                        let b = ["[ ]", "[x]", "[-]"][*st as usize];
                        t.push_str(&format!("- {b} Action {n}{}\n", carried_suffix(date(*at))));
                    }
                    t.push_str("\n## Actions agreed\n\n");
                    for (n, st) in agreed {
                        let b = ["[ ]", "[x]", "[-]"][*st as usize];
                        t.push_str(&format!("1. {b} Action {n}\n"));
                    }
                    (date(i), t)
                })
                .collect();
            let mut forward = Ledger::new();
            for (d, t) in &texts {
                forward.add(*d, t);
            }
            let mut shuffled = texts.clone();
            let mut x = seed;
            for i in (1..shuffled.len()).rev() {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                shuffled.swap(i, (x >> 33) as usize % (i + 1));
            }
            let mut other = Ledger::new();
            for (d, t) in &shuffled {
                other.add(*d, t);
            }
            let end = date(agendas.len() + 1);
            let a = texts_of(&forward.open_at(end));
            prop_assert_eq!(&a, &texts_of(&other.open_at(end)));
            // every open one was agreed (or carried from a lost agenda) and never closed
            for (text, agreed) in &a {
                let closed = texts.iter().any(|(_, t)| {
                    t.lines().any(|l| {
                        (l.contains("[x]") || l.contains("[-]"))
                            && (l.ends_with(&format!("{text}{}", carried_suffix(NaiveDate::parse_from_str(agreed, "%Y-%m-%d").unwrap())))
                                || (l.ends_with(&format!(" {text}")) && texts.iter().any(|(d, t2)| d.to_string() == *agreed && t2 == t)))
                    })
                });
                prop_assert!(!closed, "{text} agreed {agreed} is closed somewhere but open");
            }
        }
    }

    fn texts_of(open: &[OpenAction]) -> Vec<(String, String)> {
        let mut v = texts(open);
        v.sort();
        v
    }
}
