//! Recognising timed meeting activities (`Review: 5 mins`,
//! `### Reflecting on learning (10 minutes)`, `(35 mins - Parts A, B and C)`,
//! `Warm-up 5-10 mins`) and declared session lengths (`Duration: 60 minutes`)
//! in one line of text.
//!
//! Providers write these in many shapes; prose that merely mentions minutes
//! ("The ECT has 60 minutes to...") is not an activity. A heading that ends
//! in a time is an activity whatever its label holds (`### Working with
//! school librarians (SLs) (15 minutes)`); a paragraph must look like a
//! label, not a sentence. Ranges (`5 to 10 minutes`) are kept as ranges.

use super::time_shapes::{self, Groups};
use regex::Regex;
use std::sync::LazyLock;

/// What one line says about time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timing {
    /// A timed activity: its label and minutes (`max` when the provider gave
    /// a range, `5 to 10 minutes`). `has_parts` is set when the line says
    /// timed parts follow inside it (`- Parts A, B and C`).
    Segment {
        label: String,
        minutes: u32,
        max: Option<u32>,
        has_parts: bool,
    },
    /// `Duration: N minutes`: the length of the whole session or section.
    Duration(u32),
}

/// A time: `5 mins`, `10 minutes`, `5-10 mins`, `5 to 10 minutes`, `1 hour`.
// up to five digits: an activity of 1000 minutes is a mistake to report
// (`timing-budget`), not a figure to drop in silence
const TIME: &str = r"(?P<n>[0-9]{1,5})(?:\s*(?:-|–|—|to)\s*(?P<m>[0-9]{1,5}))?\s*(?P<unit>mins?|minutes?|minues|hours?|hrs?)(?-u:\b)\.?";

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:session\s+|total\s+|meeting\s+)?(?:duration|length|total\s+time|time\s+needed)\s*:?\s*(?:about\s+|approximately\s+)?{TIME}\s*$"
    ))
    .expect("regex")
});

// `Label: 5 mins`, `Label 5 mins`, `Label - 5 mins`, `Label (5 mins)`,
// `Label (35 mins - Parts A and B)`, `Label: 5 mins Tail text`.
static SEGMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^
        (?P<label>[A-Z][\p{{L}}\p{{N}}&/,'’\ \-–]*?)
        \s*(?P<sep>:|[-–]|)\s*
        (?P<open>\()?\s*
        {TIME}
        \s*(?:[-–:]\s*(?P<inner>[^)]*?))?\s*
        (?P<close>\))?
        \s*(?P<tail>.*)$"
    ))
    .expect("regex")
});

// `Any label, even a question? (20 minutes)`, `Label (with brackets) (5 mins)`:
// the closing brackets at the end make it clear.
static PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^(?P<label>\S.*?)\s*[:\-–—,]?\s*
        \(\s*(?:about\s+|approx\.?\s+|approximately\s+|c\.\s*)?{TIME}
        \s*(?:[-–:;,]\s*(?P<inner>[^)]*?))?\s*\)\s*[.:]?\s*$"
    ))
    .expect("regex")
});

// A heading's time after a separator or in square brackets:
// `### Warm-up – 5 minutes`, `#### Practice | 10 mins`, `### Recap [5 min]`.
static HEADING_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^(?P<label>\S.*?)\s*(?:[:\-–—|,]\s*\[?|\[)\s*(?:about\s+|approx\.?\s+|c\.\s*)?{TIME}\s*\]?\s*[.:]?\s*$"
    ))
    .expect("regex")
});

// `(35 mins - Parts A, B and C)` or `(5 minutes)` on a line of its own; also
// `Time: 10 minutes`, `Suggested timing: 5-10 mins`, `10 minutes`.
static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?xi)^(?:(?:suggested\s+|approximate\s+)?(?:time|timing)\s*:?\s*)?
        (?P<open>\()?\s*(?:about\s+|approx\.?\s+|c\.\s*)?{TIME}
        \s*(?:[-–:]\s*(?P<inner>[^)]*?))?\s*(?P<close>\))?\s*\.?\s*$"
    ))
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

/// Whether a line could hold a time at all: a figure with a unit's first
/// two letters after it (`mi`, `ho`, `hr`, any case), with only white space
/// or emphasis marks between (`5 mins`, `10-**15** minutes`). Every
/// pattern here has one; most lines have none, and no pattern runs on them.
fn mentions_time(text: &str) -> bool {
    let b = text.as_bytes();
    // most lines hold no figure: a look at every byte with no branch and
    // no early stop, which the compiler makes vector instructions of, says
    // so for a third of what the search for the first figure costs
    if !b.iter().fold(false, |any, x| any | x.is_ascii_digit()) {
        return false;
    }
    let mut i = 0;
    while let Some(at) = next_digit(b, i) {
        let mut j = at;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        // white space (any Unicode space, as `\s` in the patterns) and the
        // `*` and `_` that decoration stripping removes
        loop {
            match b.get(j) {
                Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'*' | b'_') => j += 1,
                Some(&x) if x >= 0x80 => match text[j..].chars().next() {
                    Some(c) if c.is_whitespace() => j += c.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        if let Some([x, y]) = b.get(j..j + 2) {
            let (x, y) = (x | 0x20, y | 0x20);
            if (x == b'm' && y == b'i') || (x == b'h' && (y == b'r' || y == b'o')) {
                return true;
            }
        }
        i = j;
    }
    false
}

/// Where the next ASCII digit is in `b` from `from`, looked for eight bytes
/// at a time (most paragraphs hold none, and each is looked at whole): a
/// lane is a digit when adding 0x46 carries it past 0x7F (above `9`) and
/// adding 0x50 does not yet when below `0`; lanes of 0x80 and above never
/// count.
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let mut i = from;
    while let Some(c) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        let low = x & !HIGH;
        // bit 7 set in a lane of `low + 0x50` means the lane is >= 0x30 ('0');
        // clear in `low + 0x46` means it is <= 0x39 ('9')
        let at_least_0 = low + ONES * 0x50;
        let above_9 = low + ONES * 0x46;
        let digits = at_least_0 & !above_9 & !x & HIGH;
        if digits != 0 {
            // the lowest lane is the first byte
            return Some(i + (digits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let i = i.min(b.len());
    b[i..].iter().position(u8::is_ascii_digit).map(|p| i + p)
}

/// Every paragraph shape puts its time after a label of at most a dozen
/// words (or alone): a line with no figure among its first words holds no
/// activity, however long it is.
fn figure_near_start(text: &str) -> bool {
    text.split_whitespace()
        .take(20)
        .any(|w| w.bytes().any(|b| b.is_ascii_digit()))
}

/// A heading's time is at its end (`(5 minutes)`, `– 5 mins`, `[5 min]`).
fn figure_near_end(text: &str) -> bool {
    let mut start = text.len().saturating_sub(48);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    text[start..].bytes().any(|b| b.is_ascii_digit())
}

/// The five patterns above, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Duration,
    Bare,
    Paren,
    HeadingTail,
    Segment,
}

impl Shape {
    fn pattern(self) -> &'static Regex {
        match self {
            Shape::Duration => &DURATION,
            Shape::Bare => &BARE,
            Shape::Paren => &PAREN,
            Shape::HeadingTail => &HEADING_TAIL,
            Shape::Segment => &SEGMENT,
        }
    }

    /// The groups of the pattern's match in `text`: read by hand when
    /// `by_hand` ([`time_shapes::readable`] said the text can be), by the
    /// pattern itself otherwise (compiled only then).
    fn groups(self, text: &str, by_hand: bool) -> Option<Groups> {
        if !by_hand {
            return Groups::of(&self.pattern().captures(text)?);
        }
        match self {
            Shape::Duration => time_shapes::duration(text),
            Shape::Bare => time_shapes::bare(text),
            Shape::Paren => time_shapes::paren(text),
            Shape::HeadingTail => time_shapes::heading_tail(text),
            Shape::Segment => time_shapes::segment(text),
        }
    }
}

/// Minutes and the upper end of a range from a match of [`TIME`].
fn minutes_of(g: &Groups, text: &str) -> Option<(u32, Option<u32>)> {
    let factor = if text[g.unit.clone()].to_ascii_lowercase().starts_with('h') {
        60
    } else {
        1
    };
    let n: u32 = text[g.n.clone()].parse::<u32>().ok()?.checked_mul(factor)?;
    let m = match &g.m {
        Some(m) => Some(text[m.clone()].parse::<u32>().ok()?.checked_mul(factor)?),
        None => None,
    };
    Some(match m {
        Some(m) if m > n => (n, Some(m)),
        Some(m) if m < n => (m, Some(n)),
        _ => (n, None),
    })
}

fn clean_label(label: &str) -> String {
    label
        .trim()
        .trim_end_matches(['-', '–', '—', ',', ':', '|', '['])
        .trim()
        .to_string()
}

fn segment(label: String, g: &Groups, text: &str, extra: &str) -> Option<Timing> {
    let (minutes, max) = minutes_of(g, text)?;
    let inner = g.inner.clone().map_or("", |r| &text[r]);
    // `(35 mins - Parts A and B)` says parts follow; a label that merely
    // holds the word ("which parts describe ...") does not
    let label_names_parts = extra
        .split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("parts"));
    Some(Timing::Segment {
        has_parts: mentions_parts(inner) || label_names_parts,
        label,
        minutes,
        max,
    })
}

fn duration(text: &str, by_hand: bool) -> Option<Timing> {
    let g = Shape::Duration.groups(text, by_hand)?;
    let (n, max) = minutes_of(&g, text)?;
    Some(Timing::Duration(max.unwrap_or(n)))
}

/// Reads one paragraph line (emphasis allowed) as a timing, if it is one.
/// A bare time (`(5 minutes)`, `Time: 10 mins`) comes back with an empty
/// label, or the parts it names: the caller knows the heading above it.
pub fn recognise(line: &str) -> Option<Timing> {
    if !mentions_time(line) || !figure_near_start(line) {
        return None;
    }
    read_timing(line)
}

/// [`recognise`] past its look for a figure and a unit.
fn read_timing(line: &str) -> Option<Timing> {
    let text = strip_decoration(line);
    if text.is_empty() {
        return None;
    }
    let by_hand = time_shapes::readable(&text);
    if let Some(t) = duration(&text, by_hand) {
        return Some(t);
    }
    if let Some(g) = Shape::Bare.groups(&text, by_hand)
        && g.open.is_some() == g.close.is_some()
    {
        let inner = g.inner.clone().map_or("", |r| text[r].trim());
        return segment(inner.to_string(), &g, &text, "");
    }
    if let Some(g) = Shape::Paren.groups(&text, by_hand) {
        let label = clean_label(&text[g.label.clone()?]);
        if label.starts_with(|ch: char| ch.is_uppercase()) && label.split_whitespace().count() <= 12
        {
            return segment(label.clone(), &g, &text, &label);
        }
    }
    let g = Shape::Segment.groups(&text, by_hand)?;
    let label = clean_label(&text[g.label.clone()?]);
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let sep = &text[g.sep.clone()?];
    // a lowercase small word ends prose ("you have 20 minutes"); `Part A` is
    // a label, and so is anything before a colon (`Planning with: 5 mins`)
    let last = *words.last()?;
    if (PROSE_ENDINGS.contains(&last) && sep != ":") || label.eq_ignore_ascii_case("duration") {
        return None;
    }
    if g.open.is_some() != g.close.is_some() {
        return None;
    }
    let tail = text[g.tail.clone()?].trim();
    // trailing prose is allowed only after a clear `Label: N mins` form
    if !tail.is_empty() && sep != ":" {
        return None;
    }
    segment(label.clone(), &g, &text, &label)
}

/// Reads a heading as a timing: a heading that ends in a time is an
/// activity whatever the length of its label and the brackets it holds.
pub fn recognise_heading(line: &str) -> Option<Timing> {
    if !mentions_time(line) {
        return None;
    }
    read_heading_timing(line)
}

/// [`recognise_heading`] past its look for a figure and a unit.
fn read_heading_timing(line: &str) -> Option<Timing> {
    if !figure_near_end(line) {
        return recognise(line);
    }
    let text = strip_decoration(line);
    if text.is_empty() {
        return None;
    }
    let by_hand = time_shapes::readable(&text);
    if let Some(t) = duration(&text, by_hand) {
        return Some(t);
    }
    for shape in [Shape::Paren, Shape::HeadingTail] {
        if let Some(g) = shape.groups(&text, by_hand) {
            let label = clean_label(&text[g.label.clone()?]);
            if label.chars().any(char::is_alphabetic) {
                return segment(label.clone(), &g, &text, &label);
            }
        }
    }
    recognise(line)
}

fn mentions_parts(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("parts"))
}

/// Removes heading marks, emphasis and surrounding white space.
fn strip_decoration(line: &str) -> String {
    let t = line.trim().trim_start_matches('#').trim();
    let t = t.trim_end_matches('#').trim();
    // most lines have no emphasis: no searches set up, one copy
    let t = if memchr::memchr2(b'*', b'_', t.as_bytes()).is_some() {
        t.replace("**", "").replace("__", "")
    } else {
        t.to_string()
    };
    // `*Suggested timing: 5 mins*`, `_Review: 5 mins_`
    let t = t.trim();
    match (t.chars().next(), t.chars().last()) {
        (Some(a @ ('*' | '_')), Some(b)) if a == b && t.len() > 2 => {
            t[1..t.len() - 1].trim().to_string()
        }
        _ => t.to_string(),
    }
}

/// Every minute figure written in `text` (`5 mins`, `10-15 minutes`,
/// `1 hour`), as byte ranges: what `ect inspect` checks against the
/// activities it counted.
pub fn minute_figures(text: &str) -> Vec<std::ops::Range<usize>> {
    static FIGURE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"(?i)(?-u:\b){TIME}")).expect("regex"));
    FIGURE.find_iter(text).map(|m| m.range()).collect()
}

#[cfg(test)]
mod tests {
    /// Lines near the timing shapes: labels, figures, units in any case,
    /// ranges, brackets, emphasis, Unicode spaces and prose.
    fn near_timing() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        let noise = proptest::collection::vec(
            proptest::sample::select(vec![
                "Review",
                "Warm-up",
                "Part A",
                "the ECT has",
                "Duration",
                "Time",
                "Suggested timing",
                "about",
                "approx.",
                "c.",
                ":",
                " ",
                "  ",
                "\u{a0}",
                "\u{3000}",
                "\t",
                "-",
                "–",
                "—",
                "to",
                "(",
                ")",
                "[",
                "]",
                "|",
                ",",
                "*",
                "**",
                "_",
                "__",
                "#",
                "### ",
                "5",
                "10",
                "120",
                "1",
                "mins",
                "min",
                "minutes",
                "Minutes",
                "MINS",
                "minues",
                "hour",
                "hours",
                "Hrs",
                "hr",
                "m",
                "h",
                "mi",
                "ho",
                "in",
                "s",
                ".",
                "Parts A and B",
                "é",
                "x",
            ]),
            0..12,
        )
        .prop_map(|parts| parts.concat());
        // and shaped like a timing, with a piece of noise in each place
        let pick = |v: Vec<&'static str>| proptest::sample::select(v);
        let shaped = (
            pick(vec![
                "",
                "### ",
                "**",
                "_",
                "Review",
                "Warm-up",
                "Part A",
                "Time",
                "the ECT has",
            ]),
            pick(vec!["", ":", " -", " –", " (", ": (", " [", " |"]),
            pick(vec![" ", "", "  ", "\u{a0}", "about ", "c. ", "**"]),
            pick(vec!["5", "10", "1", "120", "07"]),
            pick(vec!["", "-10", " to 15", "–20", "**", "*"]),
            pick(vec![" ", "", "\u{a0}", "\u{3000}", "**", "_ ", " x "]),
            pick(vec![
                "mins", "Minutes", "MIN", "minues", "hour", "hrs", "Hr", "moments", "h",
            ]),
            pick(vec![
                "",
                ")",
                "]",
                ".",
                "**",
                " - Parts A and B)",
                " of talk",
                ":",
            ]),
        )
            .prop_map(|(a, b, c, d, e, f, g, h)| [a, b, c, d, e, f, g, h].concat());
        proptest::prop_oneof![noise, shaped]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The look for a figure and a unit never turns away a line the
        /// patterns would read: it only spares them lines they would not.
        #[test]
        fn the_figure_look_loses_no_timing(line in near_timing()) {
            let unfiltered = if super::figure_near_start(&line) {
                super::read_timing(&line)
            } else {
                None
            };
            proptest::prop_assert_eq!(super::recognise(&line), unfiltered, "{:?}", line);
            proptest::prop_assert_eq!(
                super::recognise_heading(&line),
                super::read_heading_timing(&line),
                "{:?}",
                line
            );
        }
    }

    /// Lines built from the pieces the five patterns are made of, in any
    /// order: words of lead-ins and labels in any case, figures of one to
    /// six digits, range marks, units and near-units, brackets, every kind
    /// of separator, spaces of every width, and marks past ASCII.
    fn timing_pieces() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        proptest::collection::vec(
            proptest::sample::select(vec![
                "Review",
                "Part",
                "A",
                "a",
                "Q3",
                "the",
                "x",
                "_",
                "Parts",
                "parts",
                "Suggested",
                "suggested",
                "SUGGESTED",
                "approximate",
                "Approximate",
                "time",
                "Time",
                "TIME",
                "timing",
                "Timing",
                "session",
                "Session",
                "total",
                "Total",
                "meeting",
                "duration",
                "Duration",
                "length",
                "needed",
                "about",
                "About",
                "approx",
                "approx.",
                "approximately",
                "c.",
                "C.",
                "c",
                "5",
                "10",
                "123456",
                "07",
                "0",
                "99999",
                "-",
                "–",
                "—",
                "to",
                "To",
                "TO",
                "min",
                "mins",
                "minute",
                "minutes",
                "minues",
                "hour",
                "hours",
                "hr",
                "hrs",
                "Mins",
                "MINUTES",
                "Hrs",
                "minsx",
                "mins_",
                "minutess",
                "h",
                "m",
                "(",
                ")",
                "[",
                "]",
                ":",
                ";",
                ",",
                ".",
                "|",
                "&",
                "/",
                "'",
                "’",
                "‘",
                "“",
                "”",
                "…",
                "•",
                "?",
                " ",
                " ",
                " ",
                "  ",
                "\t",
                "\u{a0}",
                "\u{2003}",
                "\u{3000}",
                "\r",
                "\u{85}",
                "\u{2028}",
                "\u{b}",
                "é",
                "ſ",
                "\u{212a}",
                "\n",
            ]),
            0..14,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Lines in the five shapes, each place filled from its own choices
    /// (and sometimes left out or filled wrongly), so most match one
    /// pattern and many come close to another.
    fn timing_lines() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        let pick = |v: Vec<&'static str>| proptest::sample::select(v);
        let space = || pick(vec!["", " ", " ", "  ", "\u{a0}", "\t ", "\u{2003}"]);
        let shaped = (
            (
                pick(vec![
                    "",
                    "Suggested timing",
                    "Time",
                    "timing",
                    "approximate time",
                    "Session duration",
                    "Total time",
                    "Length",
                    "Time needed",
                    "Duration",
                    "total",
                    "Review",
                    "Part A",
                    "Warm-up",
                    "Q&A/plenary",
                    "Ben’s task",
                    "Reflect – discuss",
                    "What is it? Why",
                    "Step 12",
                    "Looking (again)",
                    "the ECT has",
                    "Plan 3",
                ]),
                space(),
                pick(vec!["", ":", "-", "–", "—", "|", ",", "[", ";"]),
                space(),
                pick(vec!["", "(", "["]),
                space(),
                pick(vec![
                    "",
                    "about ",
                    "approx ",
                    "approx. ",
                    "approximately ",
                    "c.",
                    "c. ",
                    "About ",
                ]),
            ),
            (
                pick(vec!["5", "10", "1", "120", "07", "123456", "99999", "1000"]),
                pick(vec![
                    "", "-10", " - 15", "–20", " to 30", "to5", " — 8", "-123456",
                ]),
                space(),
                pick(vec![
                    "mins", "min", "minutes", "minute", "minues", "hours", "hour", "hr", "hrs",
                    "Mins", "HOURS", "minsx", "m",
                ]),
                pick(vec!["", "."]),
                space(),
                pick(vec![
                    "",
                    "- Parts A and B",
                    ": talk",
                    "; notes",
                    ", then",
                    "– the rest",
                    "-",
                    ": (x)",
                ]),
                (
                    space(),
                    pick(vec!["", ")", "]", ")."]),
                    space(),
                    pick(vec!["", ".", ":", "extra words", "Then more."]),
                    space(),
                ),
            ),
        )
            .prop_map(
                |((a, b, c, d, e, f, g), (h, i, j, k, l, m, n, (o, p, q, r, t)))| {
                    [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, t].concat()
                },
            );
        // a declared length, and a time on its own, the two shapes with
        // the fewest places to fill
        let declared = (
            pick(vec![
                "Duration",
                "Session duration",
                "Total time",
                "total \u{a0}time",
                "Length",
                "Meeting length",
                "Time needed",
                "duration",
                "Total Duration",
                "session  time",
            ]),
            space(),
            pick(vec!["", ":", ": ", " :"]),
            pick(vec!["", "about ", "approximately ", "About ", "approx "]),
            pick(vec!["60", "5", "123456", "1"]),
            pick(vec!["", "-90", " to 2"]),
            space(),
            pick(vec!["minutes", "mins", "hour", "Hours", "hrsx"]),
            pick(vec!["", ".", ". x", ")"]),
            space(),
        )
            .prop_map(|(a, b, c, d, e, f, g, h, i, j)| [a, b, c, d, e, f, g, h, i, j].concat());
        let alone = (
            pick(vec![
                "",
                "(",
                "Time: ",
                "Suggested timing: (",
                "TIMING",
                "approximate time:",
                "( ",
            ]),
            pick(vec!["", "about ", "C. ", "approx.\u{a0}"]),
            pick(vec!["35", "5", "10"]),
            pick(vec!["", "-40", " to 45"]),
            space(),
            pick(vec!["mins", "Minutes", "hr"]),
            pick(vec![
                "",
                " - Parts A, B and C",
                ": talk (first)",
                " –",
                "- ) x",
            ]),
            space(),
            pick(vec!["", ")", ") .", "."]),
            space(),
        )
            .prop_map(|(a, b, c, d, e, f, g, h, i, j)| [a, b, c, d, e, f, g, h, i, j].concat());
        proptest::prop_oneof![3 => shaped, 1 => declared, 1 => alone]
    }

    /// Every pattern's groups, by hand and by its regular expression, on a
    /// line the hand readers can read.
    fn same_groups(line: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        if !super::time_shapes::readable(line) {
            return Ok(());
        }
        for shape in [
            super::Shape::Duration,
            super::Shape::Bare,
            super::Shape::Paren,
            super::Shape::HeadingTail,
            super::Shape::Segment,
        ] {
            proptest::prop_assert_eq!(
                shape.groups(line, true),
                shape.groups(line, false),
                "{:?} on {:?}",
                shape,
                line
            );
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        /// The hand readers give exactly the patterns' groups: on lines in
        /// the five shapes, ...
        #[test]
        fn hand_readers_give_the_patterns_groups(line in timing_lines()) {
            same_groups(&line)?;
        }

        /// ... on lines of the patterns' pieces in any order, ...
        #[test]
        fn hand_readers_agree_on_pieces_in_any_order(line in timing_pieces()) {
            same_groups(&line)?;
        }

        /// ... and on the lines near timings the figure look is tested on.
        #[test]
        fn hand_readers_agree_near_timings(line in near_timing()) {
            same_groups(&line)?;
        }
    }

    /// The shapes generated above do reach every pattern: the comparison
    /// is not only of lines no pattern reads.
    #[test]
    fn generated_lines_reach_every_pattern() {
        use proptest::strategy::{Strategy as _, ValueTree as _};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let lines = timing_lines();
        let mut hits = [0usize; 5];
        let mut readable = 0;
        for _ in 0..3000 {
            let line = lines.new_tree(&mut runner).expect("a line").current();
            readable += usize::from(super::time_shapes::readable(&line));
            for (k, shape) in [
                super::Shape::Duration,
                super::Shape::Bare,
                super::Shape::Paren,
                super::Shape::HeadingTail,
                super::Shape::Segment,
            ]
            .into_iter()
            .enumerate()
            {
                hits[k] += usize::from(shape.groups(&line, false).is_some());
            }
        }
        assert!(readable > 2500, "{readable} readable lines of 3000");
        assert!(
            hits.iter().all(|&h| h >= 40),
            "matches per pattern: {hits:?}"
        );
    }

    #[test]
    fn text_past_the_readers_goes_to_the_patterns() {
        // an accented label, `ſ` (which `(?i)` folds to `s`), a line break
        for line in [
            "Révision: 5 mins",
            "Time: 5 minſ",
            "Review:\n5 mins",
            "Review: 5 mins\nmore",
        ] {
            assert!(!super::time_shapes::readable(line), "{line:?}");
        }
        assert_eq!(recognise("Révision: 5 mins"), seg("Révision", 5));
        // `minſ` ends in a letter past ASCII, so `(?-u:\b)` finds no end
        // of a word after it: the unit is `min`, and `ſ` a tail
        assert_eq!(recognise("Time: 5 minſ"), seg("Time", 5));
        for line in [
            "Review: 5 mins",
            "Q&A – Ben’s task\u{a0}(10 mins)",
            "• Review: 5 mins",
        ] {
            assert!(super::time_shapes::readable(line), "{line:?}");
        }
    }

    proptest::proptest! {
        /// The eight-bytes-at-a-time look agrees with a byte-by-byte one.
        #[test]
        fn next_digit_agrees_with_a_plain_search(
            b in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            from in 0usize..48,
        ) {
            let plain = b.get(from..).and_then(|r| r.iter().position(u8::is_ascii_digit)).map(|p| from + p);
            proptest::prop_assert_eq!(super::next_digit(&b, from), plain);
        }

        /// The same on text near the digits' edges (`/`, `:`, `0`, `9`,
        /// bytes past ASCII).
        #[test]
        fn next_digit_agrees_near_the_edges(s in "[/:09a-zé\u{80}-\u{FF}]{0,40}", from in 0usize..48) {
            let b = s.as_bytes();
            let plain = b.get(from..).and_then(|r| r.iter().position(u8::is_ascii_digit)).map(|p| from + p);
            proptest::prop_assert_eq!(super::next_digit(b, from), plain);
        }
    }

    use super::*;

    fn seg(label: &str, minutes: u32) -> Option<Timing> {
        Some(Timing::Segment {
            label: label.into(),
            minutes,
            max: None,
            has_parts: false,
        })
    }

    #[test]
    fn long_activities_are_counted_not_dropped() {
        // four-digit minutes fell outside the pattern: not an activity, not
        // even an unclaimed figure
        assert_eq!(
            recognise("### Warm up (1000 minutes)"),
            seg("Warm up", 1000)
        );
        assert_eq!(minute_figures("give it 1000 minutes").len(), 1);
        // the largest figure is counted too, in minutes without overflow
        assert_eq!(
            recognise("### Forever (99999 hours)"),
            seg("Forever", 99_999 * 60)
        );
        assert_eq!(minute_figures("for 99999 hours").len(), 1);
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

    fn range(label: &str, minutes: u32, max: u32) -> Option<Timing> {
        Some(Timing::Segment {
            label: label.into(),
            minutes,
            max: Some(max),
            has_parts: false,
        })
    }

    #[test]
    fn headings_ending_in_a_time_are_activities_whatever_the_label() {
        let long = "### Sorting a shared reading list into what every pupil meets first and what comes later in the year (25 minutes)";
        assert_eq!(
            recognise_heading(long),
            seg(
                "Sorting a shared reading list into what every pupil meets first and what comes later in the year",
                25
            )
        );
        assert_eq!(
            recognise_heading("### Talking to lab technicians (LTs) (15 minutes)"),
            seg("Talking to lab technicians (LTs)", 15)
        );
        assert_eq!(
            recognise_heading("#### Revisiting trip(s) (20 mins)"),
            seg("Revisiting trip(s)", 20)
        );
        assert_eq!(
            recognise_heading("### Warm-up – 5 minutes"),
            seg("Warm-up", 5)
        );
        assert_eq!(recognise_heading("### Recap [10 min]"), seg("Recap", 10));
        assert_eq!(
            recognise_heading("## 2. rehearsal | 1 hour"),
            seg("2. rehearsal", 60)
        );
        assert_eq!(recognise_heading("### Why 5 minutes matters"), None);
        // the word `parts` in a label does not announce timed parts
        assert_eq!(
            recognise_heading("### Agreeing which parts fit (20 minutes)"),
            seg("Agreeing which parts fit", 20)
        );
        assert_eq!(recognise_heading("### Reading list"), None);
    }

    #[test]
    fn keeps_ranges_as_ranges() {
        assert_eq!(recognise("Warm-up 5-10 mins"), range("Warm-up", 5, 10));
        assert_eq!(
            recognise("Modelling: 10 to 15 minutes"),
            range("Modelling", 10, 15)
        );
        assert_eq!(
            recognise_heading("### Planning together (15–20 minutes)"),
            range("Planning together", 15, 20)
        );
        assert_eq!(recognise("(5 minutes)"), seg("", 5));
        assert_eq!(
            recognise("Suggested timing: 5 to 10 mins"),
            range("", 5, 10)
        );
    }

    #[test]
    fn long_lines_are_read_too() {
        let label = format!("Talking through {} (10 minutes)", "x ".repeat(150));
        assert!(recognise_heading(&format!("### {label}")).is_some());
        assert_eq!(
            minute_figures("a 5 min b, then 10-15 minutes and 1 hour").len(),
            3
        );
    }

    #[test]
    fn reads_parts_markers() {
        assert_eq!(
            recognise("Theory to Practice (35 mins - Parts A, B and C)"),
            Some(Timing::Segment {
                label: "Theory to Practice".into(),
                minutes: 35,
                max: None,
                has_parts: true
            })
        );
        assert_eq!(
            recognise("(35 mins - Parts A, B and C)"),
            Some(Timing::Segment {
                label: "Parts A, B and C".into(),
                minutes: 35,
                max: None,
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
