//! What each part of a session holds for the meeting: its activities (the
//! timed ones, or its `###` headings when the provider gives no times), and
//! under each the materials it links and the questions it asks.
//!
//! The part of an activity runs from its line to the next activity, or to
//! the next heading at the level of the heading it sits under (its own
//! level, for an activity that is a heading), whichever comes first.

use super::document::{Document, LinkKind, Segment, plain_text};
use serde::Serialize;
use std::ops::Range;

/// At most this many questions are kept per activity.
pub const MAX_QUESTIONS: usize = 5;

/// A handout, PDF, video or page an activity links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Material {
    /// The link's words, or the file name when it has none.
    pub text: String,
    /// The target as written in the session file.
    pub target: String,
}

/// One activity of a session, ready for an agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub label: String,
    /// Minutes as a range (the same figure twice when the provider gave
    /// one); `None` when the provider gives no times.
    pub minutes: Option<(u32, u32)>,
    /// 1-based line in the session file.
    pub line: usize,
    /// Timed parts written inside it (label and minutes as a range); their
    /// minutes are inside the activity's own.
    pub parts: Vec<(String, (u32, u32))>,
    pub materials: Vec<Material>,
    /// Questions asked in this part, at most [`MAX_QUESTIONS`].
    pub questions: Vec<String>,
}

/// The session's activities in order: the timed ones if it has any, else
/// its `###` headings (its `##` headings when it has no `###`), leaving out
/// the outcomes section, which an agenda shows on its own.
pub fn activities(doc: &Document) -> Vec<Activity> {
    let timed: Vec<&Segment> = doc.segments().collect();
    if !timed.is_empty() {
        let starts: Vec<usize> = timed.iter().map(|s| s.span.start).collect();
        return timed
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let end = scope_end(doc, s.span.start, s.heading_level)
                    .min(starts.get(i + 1).copied().unwrap_or(usize::MAX));
                let (low, high) = s.range();
                let mut a = build(doc, &s.label, Some((low, high)), s.line, s.span.start..end);
                a.parts = s
                    .parts
                    .iter()
                    .map(|p| (p.label.clone(), p.range()))
                    .collect();
                a
            })
            .collect();
    }
    let level = if doc.headings.iter().any(|h| h.level == 3) {
        3
    } else {
        2
    };
    doc.headings
        .iter()
        .filter(|h| h.level == level && !super::document::is_outcomes_heading(&h.text))
        .map(|h| {
            let end = scope_end(doc, h.span.start, Some(h.level));
            build(doc, &h.text, None, h.location.line, h.span.start..end)
        })
        .collect()
}

/// Where the part starting at `start` ends: the next heading at `level` or
/// higher; for text, the level of the heading it sits under.
fn scope_end(doc: &Document, start: usize, level: Option<u8>) -> usize {
    let after = doc.headings.partition_point(|h| h.span.start <= start);
    let level = level.or_else(|| after.checked_sub(1).map(|i| doc.headings[i].level));
    match level {
        Some(level) => doc.headings[after..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(usize::MAX, |h| h.span.start),
        None => doc.headings.get(after).map_or(usize::MAX, |h| h.span.start),
    }
}

fn build(
    doc: &Document,
    label: &str,
    minutes: Option<(u32, u32)>,
    line: usize,
    part: Range<usize>,
) -> Activity {
    let mut materials: Vec<Material> = Vec::new();
    for link in doc.links.iter().filter(|l| part.contains(&l.span.start)) {
        let target = link.target.trim();
        if link.kind == LinkKind::FrontMatter
            || target.is_empty()
            || target.starts_with('#')
            || target.eq_ignore_ascii_case("about:blank")
            || materials.iter().any(|m| m.target == target)
        {
            continue;
        }
        let text = super::document::fold_space(&link.text);
        let text = if text.is_empty() {
            file_name(target)
        } else {
            text
        };
        materials.push(Material {
            text,
            target: target.to_string(),
        });
    }
    let mut found: Vec<(usize, String)> = Vec::new();
    for (text, span) in doc.paragraphs.iter().chain(doc.items.iter()) {
        if part.contains(&span.start) {
            for q in questions_in(&plain_text(text)) {
                found.push((span.start, q));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    let mut questions: Vec<String> = Vec::new();
    for (_, q) in found {
        if questions.len() == MAX_QUESTIONS {
            break;
        }
        if !questions.contains(&q) {
            questions.push(q);
        }
    }
    Activity {
        label: label.to_string(),
        minutes,
        line,
        parts: Vec::new(),
        materials,
        questions,
    }
}

/// The last part of a path or address, without a query.
fn file_name(target: &str) -> String {
    let t = target.split(['?', '#']).next().unwrap_or(target);
    let t = t.trim_end_matches('/');
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// The sentences of `text` that end in `?`, list markers and emphasis off.
pub fn questions_in(text: &str) -> Vec<String> {
    let text = text.replace('*', "");
    let text = text.as_str();
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next_is_space = chars.get(i + 1).is_none_or(|(_, n)| n.is_whitespace());
        if matches!(c, '.' | '!' | '?') && next_is_space {
            let end = at + c.len_utf8();
            let sentence = text[start..end]
                .trim()
                .trim_start_matches(['-', '•', '▪', ' '])
                .replace('_', "");
            let sentence = sentence.trim();
            if c == '?' && sentence.chars().any(char::is_alphabetic) {
                out.push(sentence.to_string());
            }
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileDiagnostics;

    fn doc(text: &str) -> Document {
        let rel = "p/year-1-m/autumn-week-3-mentor-materials.md";
        let mut d = FileDiagnostics::new(rel, text);
        crate::curriculum::document::parse(rel, text, &mut d)
    }

    #[test]
    fn timed_activities_carry_their_materials_and_questions() {
        let d = doc(
            "---\ntitle: x\n---\n## Quizzing\n\n### Aims\n\n- Know why [quizzes](/assets/q.pdf) work.\n\n### In the meeting\n\nLook back: 5-10 mins\n\nWhat did you try? How did it go?\n\nTry it out: 20 mins\n\nUse the [planning sheet](/assets/plan.docx) and watch [the clip](https://video.example.org/v/42).\n\n- Which pupils struggled? Why do you think so?\n- Note one change.\n\n### Reading\n\nMore [reading](/assets/read.pdf). Is it useful?\n",
        );
        let a = activities(&d);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].label, "Look back");
        assert_eq!(a[0].minutes, Some((5, 10)));
        assert_eq!(a[0].questions, ["What did you try?", "How did it go?"]);
        assert!(a[0].materials.is_empty());
        assert_eq!(
            a[1].materials,
            [
                Material {
                    text: "planning sheet".into(),
                    target: "/assets/plan.docx".into()
                },
                Material {
                    text: "the clip".into(),
                    target: "https://video.example.org/v/42".into()
                }
            ]
        );
        // the `### Reading` section after it is not part of the activity
        assert_eq!(
            a[1].questions,
            ["Which pupils struggled?", "Why do you think so?"]
        );
    }

    #[test]
    fn untimed_sessions_give_their_headings_in_order() {
        let d = doc(
            "---\ntitle: x\n---\n## Routines\n\n### Learning intentions\n\n- Routines save time.\n\n### Choose a focus\n\nWhich routine matters most? Why? When? Where? Who? How often?\n\n### Watch\n\n![A line-up](/assets/line-up.png)\n\n#### Notes\n\nText.\n",
        );
        let a = activities(&d);
        let labels: Vec<_> = a.iter().map(|x| (x.label.as_str(), x.minutes)).collect();
        assert_eq!(labels, [("Choose a focus", None), ("Watch", None)]);
        assert_eq!(a[0].questions.len(), MAX_QUESTIONS);
        assert_eq!(a[1].materials[0].text, "A line-up");
        assert_eq!(a[1].line, 14);
    }

    #[test]
    fn finds_question_sentences() {
        assert_eq!(
            questions_in("Say hello. What went well? e.g. the start. **Why?**"),
            ["What went well?", "Why?"]
        );
        assert!(questions_in("No questions here.").is_empty());
    }
}
