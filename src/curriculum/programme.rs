//! The programme overview (`curriculum/<programme>.md`): the table of
//! contents that gives module order, the way mdBook's `SUMMARY.md` does.

use super::Term;
use super::document::Document;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A module as the overview lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleRef {
    /// The module folder name (last part of the link).
    pub slug: String,
    pub title: String,
    /// The link target as written.
    pub target: String,
    /// From the `## Year N: <Term> term` heading above it.
    pub year: Option<u8>,
    pub term: Option<Term>,
    pub span: Range<usize>,
}

/// A programme and its modules in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    pub id: String,
    pub title: Option<String>,
    pub modules: Vec<ModuleRef>,
}

/// `Year N` or `Year N: Term` at the start of a heading. Read by hand
/// ([`year_term`]); the pattern decides only where a figure past ASCII
/// meets the year's figures (its `\d` is Unicode's).
static YEAR_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^year\s+(\d+)\s*(?::\s*(autumn|spring|summer)\b)?").expect("regex")
});

/// The year's figures and the term's word of a [`YEAR_TERM`] match at the
/// start of `text`, read by hand with the pattern's meanings (Unicode
/// white space, `\b` after Unicode's `\w`, `ſ` read as `s`). Each step
/// has one way on: the figures and spaces run as far as they go, and the
/// term is there only if `:` follows them. Why by hand: the pattern was
/// compiled in every run that read an overview.
fn year_term(text: &str) -> Option<(&str, Option<&str>)> {
    let b = text.as_bytes();
    if !b.get(..4).is_some_and(|w| w.eq_ignore_ascii_case(b"year")) {
        return None;
    }
    let figures = super::ws_end(text, 4);
    if figures == 4 {
        return None;
    }
    let mut end = figures;
    while b.get(end).is_some_and(u8::is_ascii_digit) {
        end += 1;
    }
    if text[end..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii() && c.is_numeric())
    {
        return year_term_by_pattern(text);
    }
    if end == figures {
        return None;
    }
    let colon = super::ws_end(text, end);
    let term = (b.get(colon) == Some(&b':'))
        .then(|| super::ws_end(text, colon + 1))
        .and_then(|at| {
            let len = ["autumn", "spring", "summer"]
                .into_iter()
                .find_map(|w| folded_prefix(&text[at..], w))?;
            let word_ends = !text[at + len..]
                .chars()
                .next()
                .is_some_and(regex_syntax::is_word_character);
            word_ends.then(|| &text[at..at + len])
        });
    Some((&text[figures..end], term))
}

/// How many bytes of `text` spell `word` (ASCII lowercase) from its start
/// in any case, `ſ` standing for `s` as `(?i)` lets it.
fn folded_prefix(text: &str, word: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut at = 0;
    for w in word.bytes() {
        if b.get(at).is_some_and(|x| x.to_ascii_lowercase() == w) {
            at += 1;
        } else if w == b's' && text[at..].starts_with('\u{17F}') {
            at += 2;
        } else {
            return None;
        }
    }
    Some(at)
}

/// [`year_term`] by the pattern.
fn year_term_by_pattern(text: &str) -> Option<(&str, Option<&str>)> {
    YEAR_TERM.captures(text).map(|c| {
        let figures = c.get(1).expect("figures").as_str();
        (figures, c.get(2).map(|m| m.as_str()))
    })
}

impl Programme {
    /// Reads the module list from a parsed overview.
    pub fn from_overview(doc: &Document) -> Programme {
        let id = doc.rel.trim_end_matches(".md").to_string();
        let mut year = None;
        let mut term = None;
        let mut modules = Vec::new();
        for h in &doc.headings {
            if h.level <= 2 {
                match year_term(&h.text) {
                    Some((figures, word)) => {
                        year = figures.parse().ok();
                        term = word.and_then(Term::parse);
                    }
                    None => {
                        year = None;
                        term = None;
                    }
                }
                continue;
            }
            if h.level == 3
                && year.is_some()
                && let Some(target) = h.links.first()
            {
                let slug = target
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string();
                modules.push(ModuleRef {
                    slug,
                    title: h.text.clone(),
                    target: target.clone(),
                    year,
                    term,
                    span: h.span.clone(),
                });
            }
        }
        Programme {
            id,
            title: doc.title().map(str::to_string),
            modules,
        }
    }

    /// The modules of one programme year and term, in order.
    pub fn modules_in(&self, year: u8, term: Term) -> impl Iterator<Item = &ModuleRef> {
        self.modules
            .iter()
            .filter(move |m| m.year == Some(year) && m.term == Some(term))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileDiagnostics;
    use proptest::strategy::Strategy as _;

    /// Headings from the pattern's pieces and near misses, in any case,
    /// with white space, figures, letters and word characters past ASCII.
    fn headings() -> impl proptest::strategy::Strategy<Value = String> {
        let pick = |v: Vec<&'static str>| proptest::sample::select(v);
        let shaped = (
            pick(vec!["Year", "YEAR", "year", "Yea", "x"]),
            pick(vec![" ", "", "\t", "\u{A0}", "\u{3000}", "  "]),
            pick(vec!["1", "2", "12", "", "٣", "1٣", "½", "x"]),
            pick(vec!["", " ", "\u{2003}"]),
            pick(vec![":", "", " :", ";"]),
            pick(vec![" ", "", "\u{A0}"]),
            pick(vec![
                "Autumn",
                "spring",
                "SUMMER",
                "ſpring",
                "ſummer",
                "autumnal",
                "spring_",
                "summer\u{301}",
                "winter",
                "",
            ]),
            pick(vec!["", " term", "-term", "é", "!"]),
        )
            .prop_map(|(a, b, c, d, e, f, g, h)| [a, b, c, d, e, f, g, h].concat());
        let loose = proptest::collection::vec(
            pick(vec![
                "year", "Year", " ", "1", ":", "spring", "ſ", "\u{A0}", "é", "2",
            ]),
            0..8,
        )
        .prop_map(|parts| parts.concat());
        proptest::prop_oneof![3 => shaped, 1 => loose]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        #[test]
        fn year_and_term_are_read_as_the_pattern_reads_them(text in headings()) {
            proptest::prop_assert_eq!(year_term(&text), year_term_by_pattern(&text), "{:?}", text);
        }
    }

    /// The headings reach every outcome: a year alone, a year and term,
    /// with `ſ` and wide spaces, and a term word that goes on.
    #[test]
    fn generated_headings_reach_every_outcome() {
        use proptest::strategy::ValueTree as _;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let made = headings();
        let (mut year, mut term, mut wide, mut long_s, mut goes_on) = (0, 0, 0, 0, 0);
        for _ in 0..20000 {
            let text = made.new_tree(&mut runner).expect("a heading").current();
            match year_term_by_pattern(&text) {
                Some((_, None)) => {
                    year += 1;
                    goes_on += usize::from(text.contains("autumnal") || text.contains("spring_"));
                }
                Some((_, Some(w))) => {
                    term += 1;
                    long_s += usize::from(w.contains('ſ'));
                    wide += usize::from(!text.is_ascii());
                }
                None => {}
            }
        }
        assert!(
            year >= 500 && term >= 500 && wide >= 100 && long_s >= 50 && goes_on >= 50,
            "{year} years alone, {term} with a term, {wide} past ASCII, {long_s} with ſ, {goes_on} going on"
        );
    }

    #[test]
    fn reads_modules_in_order_with_year_and_term() {
        let text = "---\ntitle: P\n---\n## How it works\n### [Not a module](/p/x)\n## Year 1: Autumn term\n### [Routines](/p/year-1-routines)\nAbout.\n### [Memory](/p/year-1-memory)\n## Year 2: Spring term\n### [Inquiry](/p/year-2-inquiry)\n## Year 2\n### ECTs\n";
        let mut d = FileDiagnostics::new("p.md", text);
        let doc = crate::curriculum::document::parse("p.md", text, &mut d);
        let p = Programme::from_overview(&doc);
        assert_eq!(p.id, "p");
        let got: Vec<_> = p
            .modules
            .iter()
            .map(|m| (m.slug.as_str(), m.year, m.term))
            .collect();
        assert_eq!(
            got,
            [
                ("year-1-routines", Some(1), Some(Term::Autumn)),
                ("year-1-memory", Some(1), Some(Term::Autumn)),
                ("year-2-inquiry", Some(2), Some(Term::Spring)),
            ]
        );
        assert_eq!(p.modules_in(1, Term::Autumn).count(), 2);
    }
}
