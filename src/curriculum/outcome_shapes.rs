//! Two patterns of [`super::document`] decided by hand: `OUTCOMES` (is
//! this heading, or short paragraph, an outcomes heading?) and `FRAMEWORK`
//! (does this text state what the ECT will learn?).
//!
//! Only whether each matches is asked, so each is read the way an automaton
//! reads it: every place each piece of the pattern can end at, piece after
//! piece, whatever order the regex crate would try them in. Every piece
//! after white space starts with a letter or an apostrophe, so only the end
//! of a run of white space leads on, and a piece ends at one or two places. The
//! patterns stay in `document.rs` as the reference; the property tests
//! there hold each reader to its pattern. Why by hand: the two took about a
//! millisecond to compile in every run (`[^\p{L}]` and case folding make
//! large automata), a twelfth of `validate` on the corpus alone.
//!
//! Like [`super::time_shapes`], they read [`readable_as`] text only, where
//! `\p{L}` means an ASCII letter and `(?i)` ASCII case; other text goes to
//! the patterns.

use super::time_shapes::{lit, readable_as, ws_end};
use std::iter::once;

/// The places after any of `words` (any case) at `p`.
fn word<'a>(s: &'a str, p: usize, words: &'a [&'a str]) -> impl Iterator<Item = usize> + 'a {
    words.iter().filter_map(move |w| lit(s, p, w, true))
}

/// `\s+` at `p`: the end of the run (see the module's note).
fn spaces(s: &str, p: usize) -> Option<usize> {
    let end = ws_end(s, p);
    (end > p).then_some(end)
}

/// The places after the words `first`, then each of `rest`, with `\s+`
/// between (`early\s+career\s+teachers?`). No list here has more than a
/// word and its plural that can both match at one place, so eight places
/// are more than a phrase can end at.
fn phrase<'a>(
    s: &'a str,
    p: usize,
    first: &'a [&'a str],
    rest: &'a [&'a [&'a str]],
) -> impl Iterator<Item = usize> + 'a {
    let mut at = [0usize; 8];
    let mut n = 0;
    for q in word(s, p, first) {
        at[n] = q;
        n += 1;
    }
    for words in rest {
        let mut next = [0usize; 8];
        let mut m = 0;
        for &q in &at[..n] {
            for r in spaces(s, q).into_iter().flat_map(|r| word(s, r, words)) {
                next[m] = r;
                m += 1;
            }
        }
        (at, n) = (next, m);
    }
    at.into_iter().take(n)
}

/// `(?-u:\b)` after a word: the next byte is no ASCII letter, figure or `_`.
fn word_ends(s: &str, p: usize) -> bool {
    !s.as_bytes().get(p).is_some_and(|&b| super::word_byte(b))
}

/// `\s*:?\s*$` at `p`.
fn ends(s: &str, p: usize) -> bool {
    let mut j = ws_end(s, p);
    if s.as_bytes().get(j) == Some(&b':') {
        j += 1;
    }
    ws_end(s, j) == s.len()
}

const TODAYS: &[&str] = &["todays", "today's"];
const THIS_THE_TODAYS: &[&str] = &["this", "the", "todays", "today's"];

/// The words `OUTCOMES` repeats before a name (`the key outcomes`), less
/// `this week's` and `today's`.
const LEADS: &[&str] = &[
    "the", "our", "session", "meeting", "key", "intended", "main",
];

/// The names of an outcomes section.
const NAMES: &[&str] = &[
    "intention",
    "intentions",
    "outcome",
    "outcomes",
    "objective",
    "objectives",
    "aim",
    "aims",
    "goal",
    "goals",
];

/// Whether the letters at `p` make a word an `OUTCOMES` match can go on
/// with after its number: a lead word, a name, or the first word of the
/// other leads and names.
fn starts_outcomes(s: &str, p: usize) -> bool {
    const OTHERS: &[&str] = &[
        "this", "today", "todays", "learning", "success", "what", "by",
    ];
    let b = &s.as_bytes()[p..];
    let word = &b[..b.iter().take_while(|x| x.is_ascii_alphabetic()).count()];
    LEADS
        .iter()
        .chain(NAMES)
        .chain(OTHERS)
        .any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
}

/// Whether `OUTCOMES` matches `s`; `None` when `s` is not readable here.
pub(super) fn outcomes(s: &str) -> Option<bool> {
    if !readable_as(s, false) {
        return None;
    }
    // (?:\d+[.)]\s*)?
    let figures = s.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = (figures > 0 && matches!(s.as_bytes().get(figures), Some(b'.' | b')')))
        .then(|| ws_end(s, figures + 1));
    // every match goes on with one of these words: most headings and
    // paragraphs start with another, and need no more look
    if !once(0).chain(numbered).any(|p| starts_outcomes(s, p)) {
        return Some(false);
    }
    let mut at: Vec<usize> = once(0).chain(numbered).collect();
    // (?:(?:the|our|...|this\s+week'?s|today'?s)\s+)*
    let mut i = 0;
    while let Some(&p) = at.get(i) {
        i += 1;
        let leads = word(s, p, LEADS)
            .chain(phrase(s, p, &["this"], &[&["weeks", "week's"]]))
            .chain(word(s, p, TODAYS))
            .filter_map(|q| spaces(s, q));
        for q in leads {
            if !at.contains(&q) {
                at.push(q);
            }
        }
    }
    Some(at.iter().any(|&p| outcomes_at(s, p)))
}

/// `OUTCOMES` past its number and lead words, at `p`.
fn outcomes_at(s: &str, p: usize) -> bool {
    // `what the ECT will learn ...` and `by the end of this session ...`
    // end in `(?-u:\b).*`, and readable text has no `\n`: reaching the
    // word boundary is a match
    const WHO: &[&str] = &[
        "ect", "ects", "mentee", "mentees", "teacher", "teachers", "you", "we",
    ];
    const EARLY: &[&[&str]] = &[&["career"], &["teacher", "teachers"]];
    let what = word(s, p, &["what"]).filter_map(|q| spaces(s, q));
    let what = what.flat_map(|q| {
        let the = word(s, q, &["the", "your", "our"]).filter_map(|r| spaces(s, r));
        once(q).chain(the)
    });
    let who = what.flat_map(|q| word(s, q, WHO).chain(phrase(s, q, &["early"], EARLY)));
    let will = who.map(|q| ws_end(s, q)).flat_map(|q| {
        word(s, q, &["will", "'ll", "’ll", "should"]).chain(phrase(
            s,
            q,
            &["are"],
            &[&["going"], &["to"]],
        ))
    });
    let learn = will.filter_map(|q| spaces(s, q)).flat_map(|q| {
        word(s, q, &["learn", "know", "cover"]).chain(phrase(s, q, &["be"], &[&["able"], &["to"]]))
    });
    let by_end = phrase(
        s,
        p,
        &["by"],
        &[
            &["the"],
            &["end"],
            &["of"],
            THIS_THE_TODAYS,
            &["session", "meeting", "week"],
        ],
    );
    if learn.chain(by_end).any(|q| word_ends(s, q)) {
        return true;
    }
    // the names of an outcomes section, then perhaps what they are for
    let learning = word(s, p, &["learning"]).filter_map(|q| spaces(s, q));
    let named = once(p)
        .chain(learning)
        .flat_map(|q| word(s, q, NAMES))
        .chain(phrase(s, p, &["success"], &[&["criteria"]]));
    named.into_iter().any(|q| {
        ends(s, q)
            || spaces(s, q).is_some_and(|r| {
                phrase(
                    s,
                    r,
                    &["for", "of", "in"],
                    &[
                        THIS_THE_TODAYS,
                        &["session", "meeting", "week", "module", "topic"],
                    ],
                )
                .any(|t| ends(s, t))
            })
    })
}

/// Whether `FRAMEWORK` matches `s`; `None` when `s` is not readable here.
///
/// This text is often a long paragraph, and the pattern reads only its
/// start, so the whole of it is not looked over: the pattern has no `.`
/// and no `$` (a line break is white space to it), its words hold no `k`,
/// and past the first letter the only character `(?i)` could match where
/// the words here do not is `ſ`, for `s`. Before the first letter, every
/// character must be readable (no letter past ASCII).
pub(super) fn framework(s: &str) -> Option<bool> {
    // ^[^\p{L}]*: anything up to the first letter, and only there, as
    // every piece after it starts with a letter
    let Some(p) = s.bytes().position(|b| b.is_ascii_alphabetic()) else {
        // `learn` needs ASCII letters (it has no `s` or `k`)
        return Some(false);
    };
    if !readable_as(&s[..p], true) || memchr::memmem::find(s.as_bytes(), "ſ".as_bytes()).is_some()
    {
        return None;
    }
    const WHO: &[&str] = &[
        "ect", "ects", "mentee", "mentees", "teacher", "teachers", "you", "they",
    ];
    const EARLY: &[&[&str]] = &[&["career"], &["teacher", "teachers"]];
    let owner =
        word(s, p, &["your", "the", "our", "each", "every", "all"]).filter_map(|q| spaces(s, q));
    Some(once(p).chain(owner).any(|a| {
        let who = word(s, a, WHO).chain(phrase(s, a, &["early"], EARLY));
        let will = who.filter_map(|q| spaces(s, q)).flat_map(|q| {
            word(s, q, &["will", "should", "can"]).chain(phrase(s, q, &["are"], &[&["to"]]))
        });
        once(a)
            .chain(will.filter_map(|q| spaces(s, q)))
            .flat_map(|c| phrase(s, c, &["learn"], &[&["that", "how"]]))
            .any(|q| word_ends(s, q))
    }))
}
