//! Property tests for reading sessions (issue 9): session files generated
//! from random combinations of the shapes authors write (outcomes headings
//! of any name, level and colon, or typed as a bold paragraph, lead-ins or
//! none, items in lists or
//! paragraphs; activities as timed headings with long or bracketed labels,
//! heading-and-separator, `[10 min]`, `(about 5 minutes)`, `(2 hours)`, in
//! bold, a bare time or a `Timing:` line under a heading, timed parts one
//! level deeper,
//! `Label: N mins` paragraphs; ranges; a grouping heading over them; prose
//! between, some of it mentioning minutes). For every file:
//!
//! - no heading ending in a time is lost: every activity is read, in order,
//!   with its label and minutes (and range);
//! - no outcomes section is lost: every item is a learning intention, under
//!   its lead-in;
//! - every minute figure is counted or listed as unclaimed, never both.
//!
//! `PROPTEST_CASES=N` runs more cases than the default 256.

use ect::curriculum::document::{self, Document};
use ect::diag::FileDiagnostics;
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "planning",
    "Pupils",
    "talk",
    "reading",
    "a",
    "sequence",
    "with",
    "school",
    "librarians",
    "(SLs)",
    "visit(s)",
    "feedback",
    "and",
    "rehearsing",
    "the",
    "routine",
    "looking",
    "back",
    "at",
    "modelling",
    "writing",
    "questions",
    "together",
    "so",
    "that",
    "every",
    "pupil",
    "builds",
    "secure",
    "knowledge",
    "before",
    "moving",
    "on",
    "(KS2)",
    "of",
    "lessons",
];

const OUTCOME_HEADINGS: &[&str] = &[
    "Learning intentions",
    "Learning intention",
    "Learning outcomes",
    "Objectives",
    "Objective",
    "Aims",
    "Aim",
    "Goals",
    "What the ECT will learn",
    "What you'll learn",
    "Success criteria",
    "Intended learning outcomes",
    "Learning objectives for this session",
];

const LEAD_INS: &[&str] = &[
    "Your ECT will learn that:",
    "Learn how to plan a sequence, by:",
    "By the end of the meeting the ECT will be able to:",
    "The aims are:",
];

const PROSE: &[&str] = &[
    "Talk through what happened in the lesson.",
    "Give each pair 2 minutes to compare notes.",
    "Note the date of the next meeting.",
    "Keep this short and specific.",
];

/// One activity: its label, minutes, optional upper end, how it is
/// written (0..9), and its timed parts (headings one level deeper).
#[derive(Debug, Clone)]
struct Activity {
    label: String,
    minutes: u32,
    max: Option<u32>,
    shape: u8,
    parts: Vec<(String, u32)>,
}

fn label(max_words: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..=max_words).prop_map(|ws| {
        let mut l = ws.join(" ");
        // labels start with a capital letter, as headings and labels do
        let first = l.remove(0).to_uppercase().to_string();
        format!("{first}{l}")
    })
}

fn activity() -> impl Strategy<Value = Activity> {
    (0u8..9, 1u32..90, prop::option::of(1u32..30)).prop_flat_map(|(shape, minutes, extra)| {
        // a paragraph `Label: N mins` must look like a label: short, plain
        let words = if shape == 4 { 6 } else { 24 };
        let parts = if shape == 0 {
            prop::collection::vec((label(5), 1u32..30), 0..3).boxed()
        } else {
            Just(Vec::new()).boxed()
        };
        (label(words), parts).prop_map(move |(mut l, parts)| {
            if shape == 4 {
                l.retain(|c| c != '(' && c != ')');
            }
            let (minutes, max) = match shape {
                // `(2 hours)`: whole hours, no range
                8 => (minutes.div_ceil(60) * 60, None),
                _ => (minutes, extra.map(|e| minutes + e)),
            };
            Activity {
                label: l,
                minutes,
                max,
                shape,
                parts,
            }
        })
    })
}

fn time(a: &Activity) -> String {
    match a.max {
        Some(max) => format!("{}-{max} minutes", a.minutes),
        None => format!("{} minutes", a.minutes),
    }
}

/// The session file, and what it says is in it.
#[derive(Debug, Clone)]
struct Session {
    text: String,
    activities: Vec<Activity>,
    lead_in: Option<String>,
    items: Vec<String>,
    prose_minutes: usize,
}

fn session() -> impl Strategy<Value = Session> {
    (
        prop::sample::select(OUTCOME_HEADINGS),
        // 1: the heading typed as a bold paragraph, as converted pages have it
        1u8..=5,
        any::<bool>(),
        prop::option::of(prop::sample::select(LEAD_INS)),
        prop::collection::vec(label(10), 1..5),
        0u8..3,
        prop::collection::vec(activity(), 1..7),
        any::<bool>(),
        prop::collection::vec(prop::option::of(prop::sample::select(PROSE)), 7),
    )
        .prop_map(
            |(heading, level, colon, lead_in, items, item_style, activities, grouped, prose)| {
                let mut t = String::from(
                    "---\ntitle: \"Year 1 Autumn week 1 mentor materials\"\n---\n\n## Topic\n\n",
                );
                let hashes = "#".repeat(usize::from(level));
                let colon = if colon { ":" } else { "" };
                if level == 1 {
                    t.push_str(&format!("**{heading}{colon}**\n\n"));
                } else {
                    t.push_str(&format!("{hashes} {heading}{colon}\n\n"));
                }
                if let Some(l) = lead_in {
                    t.push_str(&format!("{l}\n\n"));
                }
                let items: Vec<String> = items.into_iter().map(|i| format!("{i}.")).collect();
                for i in &items {
                    match item_style {
                        0 => t.push_str(&format!("- {i}\n")),
                        1 => t.push_str(&format!("* {i}\n")),
                        _ => t.push_str(&format!("• {i}\n\n")),
                    }
                }
                t.push('\n');
                // activities sit below the outcomes section's level
                let group_level = level.max(2);
                let act_level = if grouped {
                    group_level + 1
                } else {
                    group_level
                };
                if grouped {
                    t.push_str(&format!(
                        "{} Activities\n\n",
                        "#".repeat(usize::from(group_level))
                    ));
                }
                let h = "#".repeat(usize::from(act_level));
                // parts are headings one level deeper: there is none below 6
                let mut activities = activities;
                if act_level >= 6 {
                    activities.iter_mut().for_each(|a| a.parts.clear());
                }
                let mut prose_minutes = 0;
                for (i, a) in activities.iter().enumerate() {
                    match a.shape {
                        0 => {
                            t.push_str(&format!("{h} {} ({})\n\n", a.label, time(a)));
                            for (label, minutes) in &a.parts {
                                t.push_str(&format!("{h}# {label} ({minutes} mins)\n\nDo it.\n\n"));
                            }
                        }
                        5 => t.push_str(&format!("{h} {} [{}]\n\n", a.label, time(a))),
                        6 => t.push_str(&format!("{h} {} (about {})\n\n", a.label, time(a))),
                        7 => t.push_str(&format!("{h} **{} ({})**\n\n", a.label, time(a))),
                        8 => t.push_str(&format!("{h} {} ({} hours)\n\n", a.label, a.minutes / 60)),
                        1 => t.push_str(&format!("{h} {} – {}\n\n", a.label, time(a))),
                        2 => t.push_str(&format!("{h} {}\n\n({})\n\n", a.label, time(a))),
                        3 => t.push_str(&format!("{h} {}\n\n*Timing: {}*\n\n", a.label, time(a))),
                        _ => {
                            // a label paragraph needs a heading above it that
                            // is not an activity and closes the one before
                            t.push_str(&format!("{h} Step\n\n{}: {}\n\n", a.label, time(a)));
                        }
                    }
                    if let Some(p) = prose[i] {
                        prose_minutes += usize::from(p.contains("minutes"));
                        t.push_str(&format!("{p}\n\n"));
                    }
                }
                Session {
                    text: t,
                    activities,
                    lead_in: lead_in.map(str::to_string),
                    items,
                    prose_minutes,
                }
            },
        )
}

fn parse(text: &str) -> Document {
    let rel = "p/year-1-m/autumn-week-1-mentor-materials.md";
    let mut d = FileDiagnostics::new(rel, text);
    document::parse(rel, text, &mut d)
}

proptest! {
    #[test]
    fn no_timed_heading_and_no_outcomes_section_is_lost(s in session()) {
        let doc = parse(&s.text);
        // every activity, in order, with its label and minutes
        let read: Vec<(String, u32, Option<u32>)> = doc
            .segments()
            .map(|x| (x.label.clone(), x.minutes, x.max_minutes))
            .collect();
        let want: Vec<(String, u32, Option<u32>)> = s
            .activities
            .iter()
            .map(|a| (a.label.clone(), a.minutes, a.max))
            .collect();
        prop_assert_eq!(&read, &want, "{}", s.text);
        // and every timed heading inside one is a part of it
        for (seg, a) in doc.segments().zip(&s.activities) {
            let parts: Vec<(String, u32)> =
                seg.parts.iter().map(|p| (p.label.clone(), p.minutes)).collect();
            prop_assert_eq!(&parts, &a.parts, "{}", s.text);
        }
        let low: u32 = want.iter().map(|w| w.1).sum();
        let high: u32 = want.iter().map(|w| w.2.unwrap_or(w.1)).sum();
        prop_assert_eq!(doc.total_range(), Some((low, high)));
        // every outcome, under its lead-in
        prop_assert_eq!(&doc.learning_intentions, &s.items, "{}", s.text);
        let groups = &doc.learning_intention_groups;
        prop_assert_eq!(groups.len(), 1, "{}", s.text);
        prop_assert_eq!(&groups[0].lead_in, s.lead_in.as_deref().unwrap_or(""));
        // the minutes in prose are listed, and only they
        prop_assert_eq!(doc.unclaimed_minutes(&s.text).len(), s.prose_minutes, "{}", s.text);
    }
}
