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

static YEAR_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^year\s+(\d+)\s*(?::\s*(autumn|spring|summer)\b)?").expect("regex")
});

impl Programme {
    /// Reads the module list from a parsed overview.
    pub fn from_overview(doc: &Document) -> Programme {
        let id = doc.rel.trim_end_matches(".md").to_string();
        let mut year = None;
        let mut term = None;
        let mut modules = Vec::new();
        for h in &doc.headings {
            if h.level <= 2 {
                match YEAR_TERM.captures(&h.text) {
                    Some(c) => {
                        year = c[1].parse().ok();
                        term = c.get(2).and_then(|m| Term::parse(m.as_str()));
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
