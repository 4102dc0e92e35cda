//! Recognising timed meeting activities (`Review: 5 mins`,
//! `### Reflecting on learning (10 minutes)`, `(35 mins - Parts A, B and C)`)
//! and declared session lengths (`Duration: 60 minutes`) in one line of text.
//!
//! Providers write these in many shapes; prose that merely mentions minutes
//! ("The ECT has 60 minutes to...") is not an activity.

use regex::Regex;
use std::sync::LazyLock;

/// What one line says about time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timing {
    /// A timed activity: its label and minutes. `has_parts` is set when the
    /// line says timed parts follow inside it (`- Parts A, B and C`).
    Segment {
        label: String,
        minutes: u32,
        has_parts: bool,
    },
    /// `Duration: N minutes`: the length of the whole session or section.
    Duration(u32),
}

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^duration\s*:?\s*(\d{1,3})\s*(?:mins?|minutes?)\b\.?\s*$").expect("regex")
});

// `Label: 5 mins`, `Label 5 mins`, `Label - 5 mins`, `Label (5 mins)`,
// `Label (35 mins - Parts A and B)`, `Label: 5 mins Tail text`.
static SEGMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        (?P<label>[A-Z][\p{L}\p{N}&/,'’\ \-–]*?)
        \s*(?P<sep>:|[-–]|)\s*
        (?P<open>\()?\s*
        (?P<n>\d{1,3})\s*(?:mins?|minutes?)\b\.?
        \s*(?:[-–:]\s*(?P<inner>[^)]*?))?\s*
        (?P<close>\))?
        \s*(?P<tail>.*)$",
    )
    .expect("regex")
});

// `Any label, even a question? (20 minutes)`: the brackets make it clear.
static PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?P<label>[A-Z][^()]*?)\s*[:\-–]?\s*
        \(\s*(?P<n>\d{1,3})\s*(?:mins?|minutes?|minues)\.?
        \s*(?:[-–:]\s*(?P<inner>[^)]*?))?\s*\)\s*[.:]?\s*$",
    )
    .expect("regex")
});

// `(35 mins - Parts A, B and C)` on a line of its own.
static BARE_PARTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\(\s*(\d{1,3})\s*(?:mins?|minutes?)\s*(?:[-–:]\s*([^)]*))?\)\s*$")
        .expect("regex")
});

/// Words that end prose rather than an activity label ("you have 20 minutes").
const PROSE_ENDINGS: &[&str] = &[
    "a",
    "about",
    "an",
    "and",
    "are",
    "around",
    "be",
    "by",
    "for",
    "has",
    "have",
    "in",
    "is",
    "just",
    "last",
    "lasting",
    "least",
    "of",
    "or",
    "over",
    "spend",
    "spends",
    "take",
    "takes",
    "than",
    "the",
    "to",
    "took",
    "under",
    "up",
    "was",
    "were",
    "with",
    "within",
    "first",
    "next",
    "every",
    "only",
    "roughly",
    "approximately",
];

/// Reads one line (heading marks and emphasis allowed) as a timing, if it is one.
pub fn recognise(line: &str) -> Option<Timing> {
    let text = strip_decoration(line);
    if text.is_empty() || text.len() > 200 {
        return None;
    }
    if let Some(c) = DURATION.captures(&text) {
        return c[1].parse().ok().map(Timing::Duration);
    }
    if let Some(c) = BARE_PARTS.captures(&text) {
        let minutes = c[1].parse().ok()?;
        let inner = c.get(2).map_or("", |m| m.as_str());
        return Some(Timing::Segment {
            label: inner.trim().to_string(),
            minutes,
            has_parts: mentions_parts(inner),
        });
    }
    if let Some(c) = PAREN.captures(&text) {
        let label = c["label"].trim();
        let inner = c.name("inner").map_or("", |m| m.as_str());
        if label.split_whitespace().count() <= 12 {
            return Some(Timing::Segment {
                label: label.to_string(),
                minutes: c["n"].parse().ok()?,
                has_parts: mentions_parts(inner) || mentions_parts(label),
            });
        }
    }
    let c = SEGMENT.captures(&text)?;
    let label = c["label"].trim().trim_end_matches(['-', '–', ',']).trim();
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    // a lowercase small word ends prose ("you have 20 minutes"); `Part A` is a label
    let last = *words.last()?;
    if PROSE_ENDINGS.contains(&last) || label.eq_ignore_ascii_case("duration") {
        return None;
    }
    let open = c.name("open").is_some();
    let close = c.name("close").is_some();
    if open != close {
        return None;
    }
    let tail = c["tail"].trim();
    let sep = &c["sep"];
    // trailing prose is allowed only after a clear `Label: N mins` form
    if !tail.is_empty() && sep != ":" {
        return None;
    }
    let inner = c.name("inner").map_or("", |m| m.as_str());
    Some(Timing::Segment {
        label: label.to_string(),
        minutes: c["n"].parse().ok()?,
        has_parts: mentions_parts(inner) || mentions_parts(label),
    })
}

fn mentions_parts(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("parts"))
}

/// Removes heading marks, emphasis and surrounding white space.
fn strip_decoration(line: &str) -> String {
    let t = line.trim().trim_start_matches('#').trim();
    let t = t.trim_end_matches('#').trim();
    t.replace("**", "").replace("__", "").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(label: &str, minutes: u32) -> Option<Timing> {
        Some(Timing::Segment {
            label: label.into(),
            minutes,
            has_parts: false,
        })
    }

    #[test]
    fn reads_the_shapes_providers_write() {
        assert_eq!(recognise("Review: 5 mins"), seg("Review", 5));
        assert_eq!(recognise("Review 5 mins"), seg("Review", 5));
        assert_eq!(
            recognise("Theory to Practice 40 min"),
            seg("Theory to Practice", 40)
        );
        assert_eq!(
            recognise("### Reflecting on learning (10 minutes)"),
            seg("Reflecting on learning", 10)
        );
        assert_eq!(
            recognise("Review and Plan: 10 mins"),
            seg("Review and Plan", 10)
        );
        assert_eq!(recognise("Review & Plan 5 mins"), seg("Review & Plan", 5));
        assert_eq!(
            recognise("### What is adaptive teaching? (20 minutes)"),
            seg("What is adaptive teaching?", 20)
        );
        assert_eq!(
            recognise("### Welcome and recap (10 minues)"),
            seg("Welcome and recap", 10)
        );
        assert_eq!(
            recognise("Plan/Theory to Practice 25 mins"),
            seg("Plan/Theory to Practice", 25)
        );
        assert_eq!(recognise("**Next Steps (5 mins)**"), seg("Next Steps", 5));
        assert_eq!(
            recognise("Next Steps: 5 mins You will have time later to plan"),
            seg("Next Steps", 5)
        );
        assert_eq!(
            recognise("### Graduated approach - assess (20 minutes) "),
            seg("Graduated approach - assess", 20)
        );
    }

    #[test]
    fn reads_parts_markers() {
        assert_eq!(
            recognise("Theory to Practice (35 mins - Parts A, B and C)"),
            Some(Timing::Segment {
                label: "Theory to Practice".into(),
                minutes: 35,
                has_parts: true
            })
        );
        assert_eq!(
            recognise("(35 mins - Parts A, B and C)"),
            Some(Timing::Segment {
                label: "Parts A, B and C".into(),
                minutes: 35,
                has_parts: true
            })
        );
    }

    #[test]
    fn reads_durations() {
        assert_eq!(
            recognise("Duration: 60 minutes"),
            Some(Timing::Duration(60))
        );
        assert_eq!(
            recognise("Duration: 45 minutes."),
            Some(Timing::Duration(45))
        );
    }

    #[test]
    fn ignores_prose_that_mentions_minutes() {
        for line in [
            "The ECT has 60 minutes from the start of the day",
            "You have 20 minutes",
            "This took just 2 minutes at the end",
            "- focus group conversation (5 min lunchtime conversation)",
            "give each pair 2 minutes to discuss it",
            "Observe a colleague – arrange for your mentee to observe a colleague for 10 minutes as they work",
            "Spend about 10 minutes",
            "Give each group (10 minutes) to discuss and then (5 minutes) to share",
            "",
        ] {
            assert_eq!(recognise(line), None, "{line}");
        }
    }
}
