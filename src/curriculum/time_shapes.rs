//! The five timing patterns of [`super::segments`] read by hand.
//!
//! Each function here gives, for a line it can read, exactly the groups its
//! pattern's regular expression gives (leftmost-first, lazy labels and all):
//! the patterns stay in `segments.rs` as the reference, and the property
//! tests at the end of this file hold each reader to its pattern group by
//! group. Why by hand: a line that holds a time was read by the regex
//! crate's backtracker, which for these patterns (lazy labels, optional
//! groups, Unicode classes) cost about 12,000 instructions a line, an eighth
//! of `validate`; the five patterns also took about a millisecond to
//! compile in every run. A reader walks each line once or a few times.
//!
//! They read [`readable`] text only: ASCII without `\n`, white space of any
//! kind, and a few punctuation marks that are neither letters, figures nor
//! spaces. There every `\p{L}`, `\p{N}` and `(?i)` of the patterns means
//! its ASCII meaning; other text (an accented label, `ſ`, which `(?i)`
//! folds to `s`) goes to the patterns themselves.
//!
//! What makes it short: each `\s*` in the patterns is followed by something
//! that cannot start with a space (a figure, a bracket, a unit), so only
//! the longest run can lead to a match, and each optional piece either
//! cannot be skipped where it is written or cannot be written where it is
//! skipped. The readers try the few choices left in the patterns' order.

use std::ops::Range;

/// The groups of one match, as byte ranges of the text read (`None` where
/// the pattern's group took no part, or the pattern has no such group).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Groups {
    pub(super) label: Option<Range<usize>>,
    pub(super) sep: Option<Range<usize>>,
    pub(super) open: Option<Range<usize>>,
    pub(super) close: Option<Range<usize>>,
    pub(super) inner: Option<Range<usize>>,
    pub(super) tail: Option<Range<usize>>,
    pub(super) n: Range<usize>,
    pub(super) m: Option<Range<usize>>,
    pub(super) unit: Range<usize>,
}

impl Groups {
    /// The groups of a regular-expression match of one of the patterns.
    pub(super) fn of(c: &regex::Captures<'_>) -> Option<Groups> {
        let r = |name: &str| c.name(name).map(|m| m.range());
        Some(Groups {
            label: r("label"),
            sep: r("sep"),
            open: r("open"),
            close: r("close"),
            inner: r("inner"),
            tail: r("tail"),
            n: r("n")?,
            m: r("m"),
            unit: r("unit")?,
        })
    }

    fn timed(t: &Time) -> Groups {
        Groups {
            n: t.n.clone(),
            m: t.m.clone(),
            unit: t.unit.clone(),
            ..Groups::default()
        }
    }
}

/// Punctuation that is neither a letter, a figure nor a space, and that
/// no case folds to ASCII: such text is read here, not by the patterns.
const OTHER: [char; 11] = ['’', '–', '—', '‘', '“', '”', '…', '•', '▪', '◦', '●'];

/// Whether `s` is ASCII but for the marks of [`OTHER`]: text where a
/// pattern's `\b`, `\s`, `\d` and `(?i)` mean what they mean in ASCII,
/// each byte past ASCII being part of a mark that is no word, figure or
/// space, and that no letter folds to.
pub(crate) fn ascii_or_marks(s: &str) -> bool {
    s.is_ascii() || s.chars().all(|c| c.is_ascii() || OTHER.contains(&c))
}

/// A pattern's `\s` among ASCII bytes (Unicode `White_Space` there).
pub(crate) fn space_byte(x: u8) -> bool {
    matches!(x, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// A pattern's `\w` among ASCII bytes, what `\b` looks at: a letter, a
/// figure or `_`.
pub(crate) fn word_byte(x: u8) -> bool {
    x.is_ascii_alphanumeric() || x == b'_'
}

/// Whether the readers here can read `s` (see the module's note).
pub(super) fn readable(s: &str) -> bool {
    readable_as(s, false)
}

/// [`readable`], or with line breaks too (`breaks`) for a pattern with no
/// `.` and no `$`, where a break is white space like any other.
pub(super) fn readable_as(s: &str, breaks: bool) -> bool {
    let b = s.as_bytes();
    // most lines are ASCII: one branch-free look at every byte
    if !b.iter().fold(false, |any, &x| any | (x >= 0x80)) {
        return breaks || memchr::memchr(b'\n', b).is_none();
    }
    s.chars().all(|c| match c {
        '\n' => breaks,
        c if c.is_ascii() => true,
        c => c.is_whitespace() || OTHER.contains(&c),
    })
}

/// The character at byte `i`, if any.
pub(super) fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

/// Past the run of white space (`\s`: Unicode `White_Space`, as Rust's
/// `char::is_whitespace`) at `i`.
pub(crate) fn ws_end(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while let Some(&x) = b.get(i) {
        if x < 0x80 {
            if !space_byte(x) {
                break;
            }
            i += 1;
        } else {
            match char_at(s, i) {
                Some(c) if c.is_whitespace() => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// `\s+`: past a run of at least one space.
fn ws_plus(s: &str, i: usize) -> Option<usize> {
    let j = ws_end(s, i);
    (j > i).then_some(j)
}

/// Back from `end` over white space, no further than `start`.
fn ws_back(s: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        match s[..end].chars().next_back() {
            Some(c) if c.is_whitespace() => end -= c.len_utf8(),
            _ => break,
        }
    }
    end
}

/// Past the ASCII word `word` at `i` (any case when `ci`).
pub(super) fn lit(s: &str, i: usize, word: &str, ci: bool) -> Option<usize> {
    let b = s.as_bytes().get(i..i + word.len())?;
    let same = if ci {
        b.eq_ignore_ascii_case(word.as_bytes())
    } else {
        b == word.as_bytes()
    };
    same.then_some(i + word.len())
}

/// Whether the character at `i` is one of `set`; past it if so.
fn one_of(s: &str, i: usize, set: &[char]) -> Option<usize> {
    let c = char_at(s, i)?;
    set.contains(&c).then(|| i + c.len_utf8())
}

/// One match of the time, `[0-9]{1,5}(?:\s*(?:-|–|—|to)\s*[0-9]{1,5})?\s*
/// (?:mins?|minutes?|minues|hours?|hrs?)(?-u:\b)\.?`.
#[derive(Debug, Clone)]
struct Time {
    n: Range<usize>,
    m: Option<Range<usize>>,
    unit: Range<usize>,
    end: usize,
}

/// `[0-9]{1,5}` at `i`: only the whole run of figures can be followed by
/// what the pattern puts after it (a space, a dash, `to`, a unit).
fn figures(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut j = i;
    while b.get(j).is_some_and(u8::is_ascii_digit) {
        j += 1;
    }
    (j > i && j - i <= 5).then_some(j)
}

/// The unit at `i`: `(?-u:\b)` after it means the unit is the whole ASCII
/// word there, so at most one of the alternatives can match.
fn unit(s: &str, i: usize, ci: bool) -> Option<usize> {
    const UNITS: [&str; 9] = [
        "mins", "min", "minutes", "minute", "minues", "hours", "hour", "hrs", "hr",
    ];
    let b = s.as_bytes();
    let mut j = i;
    while b.get(j).is_some_and(|&x| word_byte(x)) {
        j += 1;
    }
    let word = &b[i..j];
    UNITS
        .iter()
        .any(|u| {
            if ci {
                word.eq_ignore_ascii_case(u.as_bytes())
            } else {
                word == u.as_bytes()
            }
        })
        .then_some(j)
}

/// The matches of the time at `i`, in the pattern's order: with the range
/// before without it, each with its full stop before without it.
fn time_at(s: &str, i: usize, ci: bool) -> impl Iterator<Item = Time> {
    let mut found: [Option<Time>; 4] = [None, None, None, None];
    if let Some(ne) = figures(s, i) {
        let after_n = ws_end(s, ne);
        let ranged = one_of(s, after_n, &['-', '–', '—'])
            .or_else(|| lit(s, after_n, "to", ci))
            .and_then(|p| {
                let ms = ws_end(s, p);
                figures(s, ms).map(|me| (Some(ms..me), ws_end(s, me)))
            });
        let mut k = 0;
        for (m, at) in [ranged, Some((None, after_n))].into_iter().flatten() {
            if let Some(ue) = unit(s, at, ci) {
                let time = |end| Time {
                    n: i..ne,
                    m: m.clone(),
                    unit: at..ue,
                    end,
                };
                if s.as_bytes().get(ue) == Some(&b'.') {
                    found[k] = Some(time(ue + 1));
                    k += 1;
                }
                found[k] = Some(time(ue));
                k += 1;
            }
        }
    }
    found.into_iter().flatten()
}

/// What may come between an opening bracket or a separator and the time.
#[derive(Clone, Copy)]
enum Lead {
    /// `about\s+`, `approximately\s+`
    Word(&'static str),
    /// `approx\.?\s+`
    Approx,
    /// `c\.\s*`
    Circa,
}

/// The places the time may start at after `leads` at `v`, in the pattern's
/// order: after each lead written there, then at `v` (no lead).
fn after_leads<'a>(
    s: &'a str,
    v: usize,
    leads: &'a [Lead],
    ci: bool,
) -> impl Iterator<Item = usize> + 'a {
    let written = leads.iter().filter_map(move |lead| match *lead {
        Lead::Word(w) => lit(s, v, w, ci).and_then(|j| ws_plus(s, j)),
        Lead::Approx => lit(s, v, "approx", ci).and_then(|j| {
            let dotted = (s.as_bytes().get(j) == Some(&b'.'))
                .then(|| ws_plus(s, j + 1))
                .flatten();
            dotted.or_else(|| ws_plus(s, j))
        }),
        Lead::Circa => lit(s, v, "c.", ci).map(|j| ws_end(s, j)),
    });
    written.chain(std::iter::once(v))
}

/// The end `\s*[.:]?\s*$` (or `\s*\.?\s*$` when `colon` is false) at `i`.
fn ends(s: &str, i: usize, colon: bool) -> bool {
    let mut j = ws_end(s, i);
    if s.as_bytes().get(j) == Some(&b'.') || (colon && s.as_bytes().get(j) == Some(&b':')) {
        j = ws_end(s, j + 1);
    }
    j == s.len()
}

/// `Duration: 60 minutes` (`DURATION` in `segments.rs`).
pub(super) fn duration(s: &str) -> Option<Groups> {
    const FIRST: [&str; 3] = ["session", "total", "meeting"];
    let mut starts: [Option<usize>; 4] = [None; 4];
    for (k, w) in FIRST.iter().enumerate() {
        starts[k] = lit(s, 0, w, true).and_then(|j| ws_plus(s, j));
    }
    starts[3] = Some(0);
    for g in starts.into_iter().flatten() {
        let names = [
            lit(s, g, "duration", true),
            lit(s, g, "length", true),
            lit(s, g, "total", true)
                .and_then(|j| ws_plus(s, j))
                .and_then(|j| lit(s, j, "time", true)),
            lit(s, g, "time", true)
                .and_then(|j| ws_plus(s, j))
                .and_then(|j| lit(s, j, "needed", true)),
        ];
        for a in names.into_iter().flatten() {
            let mut j = ws_end(s, a);
            if s.as_bytes().get(j) == Some(&b':') {
                j += 1;
            }
            let v = ws_end(s, j);
            let leads = [Lead::Word("about"), Lead::Word("approximately")];
            for p in after_leads(s, v, &leads, true) {
                for t in time_at(s, p, true) {
                    if ws_end(s, t.end) == s.len() {
                        return Some(Groups::timed(&t));
                    }
                }
            }
        }
    }
    None
}

/// `(35 mins - Parts A, B and C)`, `Time: 10 minutes`, `10 minutes` alone
/// (`BARE` in `segments.rs`).
pub(super) fn bare(s: &str) -> Option<Groups> {
    // the lead-in `Suggested timing:` and its variants, then none
    let mut starts: [Option<usize>; 7] = [None; 7];
    let mut k = 0;
    for first in [
        lit(s, 0, "suggested", true).and_then(|j| ws_plus(s, j)),
        lit(s, 0, "approximate", true).and_then(|j| ws_plus(s, j)),
        Some(0),
    ]
    .into_iter()
    .flatten()
    {
        for word in ["time", "timing"] {
            if let Some(j) = lit(s, first, word, true) {
                let mut j = ws_end(s, j);
                if s.as_bytes().get(j) == Some(&b':') {
                    j += 1;
                }
                starts[k] = Some(ws_end(s, j));
                k += 1;
            }
        }
    }
    starts[k] = Some(0);
    let leads = [Lead::Word("about"), Lead::Approx, Lead::Circa];
    for start in starts.into_iter().flatten() {
        let opens = if s.as_bytes().get(start) == Some(&b'(') {
            [
                Some((Some(start..start + 1), start + 1)),
                Some((None, start)),
            ]
        } else {
            [Some((None, start)), None]
        };
        for (open, a) in opens.into_iter().flatten() {
            let v = ws_end(s, a);
            for p in after_leads(s, v, &leads, true) {
                for t in time_at(s, p, true) {
                    if let Some((inner, close)) = bare_end(s, t.end) {
                        return Some(Groups {
                            open,
                            inner,
                            close,
                            ..Groups::timed(&t)
                        });
                    }
                }
            }
        }
    }
    None
}

/// What follows `BARE`'s time: `\s*(?:[-–:]\s*(?P<inner>[^)]*?))?\s*
/// (?P<close>\))?\s*\.?\s*$`, as (inner, close).
type Closing = (Option<Range<usize>>, Option<Range<usize>>);

fn bare_end(s: &str, x: usize) -> Option<Closing> {
    let y = ws_end(s, x);
    if let Some(z) = one_of(s, y, &['-', '–', ':']) {
        let z = ws_end(s, z);
        // the inner text is lazy: it ends where what is left is `\s*\)?
        // \s*\.?\s*` (a set of endings closed under taking a suffix, so
        // its first place is found from the end), and holds no `)`
        let mut from = ws_back(s, 0, s.len());
        if from > 0 && s.as_bytes()[from - 1] == b'.' {
            from = ws_back(s, 0, from - 1);
        }
        if from > 0 && s.as_bytes()[from - 1] == b')' {
            from = ws_back(s, 0, from - 1);
        }
        let p = from.max(z);
        if memchr::memchr(b')', &s.as_bytes()[z..p]).is_some() {
            // without the group the separator would have to end the line
            return None;
        }
        let c = ws_end(s, p);
        let close = (s.as_bytes().get(c) == Some(&b')')).then_some(c..c + 1);
        return Some((Some(z..p), close));
    }
    if s.as_bytes().get(y) == Some(&b')') && ends(s, y + 1, false) {
        return Some((None, Some(y..y + 1)));
    }
    ends(s, y, false).then_some((None, None))
}

/// The places a lazy label of any characters after a first that is not
/// white space may end at, shortest first (`\S.*?`).
fn label_ends(s: &str) -> impl Iterator<Item = usize> + '_ {
    let first = char_at(s, 0).filter(|c| !c.is_whitespace());
    let start = first.map_or(s.len() + 1, char::len_utf8);
    // `.` takes any character but `\n`, and readable text has none
    (start..=s.len()).filter(|&e| s.is_char_boundary(e))
}

/// `Label (20 minutes)`, `Label (with brackets) (5 mins - Parts A and B)`
/// (`PAREN` in `segments.rs`).
pub(super) fn paren(s: &str) -> Option<Groups> {
    // every match ends `)`, then at most a `.` or `:`, then spaces: most
    // lines do not, and need no look at each place a label could end
    let mut end = ws_back(s, 0, s.len());
    if end > 0 && matches!(s.as_bytes()[end - 1], b'.' | b':') {
        end = ws_back(s, 0, end - 1);
    }
    if end == 0 || s.as_bytes()[end - 1] != b')' {
        return None;
    }
    let leads = [
        Lead::Word("about"),
        Lead::Approx,
        Lead::Word("approximately"),
        Lead::Circa,
    ];
    for e in label_ends(s) {
        let q = ws_end(s, e);
        let r = one_of(s, q, &[':', '-', '–', '—', ',']).unwrap_or(q);
        let u = ws_end(s, r);
        if s.as_bytes().get(u) != Some(&b'(') {
            continue;
        }
        let v = ws_end(s, u + 1);
        for p in after_leads(s, v, &leads, false) {
            for t in time_at(s, p, false) {
                if let Some(inner) = paren_end(s, t.end) {
                    return Some(Groups {
                        label: Some(0..e),
                        inner,
                        ..Groups::timed(&t)
                    });
                }
            }
        }
    }
    None
}

/// What follows `PAREN`'s time: `\s*(?:[-–:;,]\s*(?P<inner>[^)]*?))?\s*
/// \)\s*[.:]?\s*$`, as the inner group.
fn paren_end(s: &str, x: usize) -> Option<Option<Range<usize>>> {
    let y = ws_end(s, x);
    if let Some(z) = one_of(s, y, &['-', '–', ':', ';', ',']) {
        let z = ws_end(s, z);
        // the inner text holds no `)`, so it ends before the first one,
        // less the spaces before that; without the group the separator
        // would have to be the `)`
        let close = z + memchr::memchr(b')', &s.as_bytes()[z..])?;
        return ends(s, close + 1, true).then(|| Some(z..ws_back(s, z, close)));
    }
    (s.as_bytes().get(y) == Some(&b')') && ends(s, y + 1, true)).then_some(None)
}

/// `### Warm-up – 5 minutes`, `#### Practice | 10 mins`, `### Recap [5 min]`
/// (`HEADING_TAIL` in `segments.rs`).
pub(super) fn heading_tail(s: &str) -> Option<Groups> {
    let leads = [Lead::Word("about"), Lead::Approx, Lead::Circa];
    for e in label_ends(s) {
        let q = ws_end(s, e);
        let r = if let Some(k) = one_of(s, q, &[':', '-', '–', '—', '|', ',']) {
            let k = ws_end(s, k);
            if s.as_bytes().get(k) == Some(&b'[') {
                k + 1
            } else {
                k
            }
        } else if s.as_bytes().get(q) == Some(&b'[') {
            q + 1
        } else {
            continue;
        };
        let v = ws_end(s, r);
        for p in after_leads(s, v, &leads, false) {
            for t in time_at(s, p, false) {
                let mut j = ws_end(s, t.end);
                if s.as_bytes().get(j) == Some(&b']') {
                    j += 1;
                }
                if ends(s, j, true) {
                    return Some(Groups {
                        label: Some(0..e),
                        ..Groups::timed(&t)
                    });
                }
            }
        }
    }
    None
}

/// `Label: 5 mins`, `Label 5 mins`, `Label - 5 mins`, `Label (5 mins)`,
/// `Label: 5 mins Tail text` (`SEGMENT` in `segments.rs`).
pub(super) fn segment(s: &str) -> Option<Groups> {
    if !s.as_bytes().first()?.is_ascii_uppercase() {
        return None;
    }
    let mut e = 1;
    loop {
        if let Some(g) = segment_at(s, e) {
            return Some(g);
        }
        // the lazy label takes one more character of its class, or ends
        // (`\p{L}` and `\p{N}` are ASCII letters and figures in readable
        // text)
        let c = char_at(s, e)?;
        if !(c.is_ascii_alphanumeric()
            || matches!(c, '&' | '/' | ',' | '\'' | '’' | ' ' | '-' | '–'))
        {
            return None;
        }
        e += c.len_utf8();
    }
}

/// `SEGMENT` with its label ending at `e`.
fn segment_at(s: &str, e: usize) -> Option<Groups> {
    let q = ws_end(s, e);
    // `(?P<sep>:|[-–]|)`: an empty separator cannot be followed by a
    // written one, so the one written (if any) is taken
    let r = one_of(s, q, &[':', '-', '–']).unwrap_or(q);
    let u = ws_end(s, r);
    let (open, w) = if s.as_bytes().get(u) == Some(&b'(') {
        (Some(u..u + 1), ws_end(s, u + 1))
    } else {
        (None, u)
    };
    // what follows the time always matches (it ends in `.*$`, and readable
    // text has no `\n`): the first match of the time is the one
    let t = time_at(s, w, false).next()?;
    let y = ws_end(s, t.end);
    let (inner, p) = match one_of(s, y, &['-', '–', ':']) {
        // the inner text is lazy and what follows it always matches: empty
        Some(z) => {
            let z = ws_end(s, z);
            (Some(z..z), z)
        }
        None => (None, y),
    };
    let (close, p) = if s.as_bytes().get(p) == Some(&b')') {
        (Some(p..p + 1), p + 1)
    } else {
        (None, p)
    };
    let p = ws_end(s, p);
    Some(Groups {
        label: Some(0..e),
        sep: Some(q..r),
        open,
        close,
        inner,
        tail: Some(p..s.len()),
        ..Groups::timed(&t)
    })
}
