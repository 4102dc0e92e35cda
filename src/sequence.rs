//! A pair's own order of modules (`sequence:` in `pair.yaml`), e.g. chosen
//! by a provider after a diagnostic: the listed modules take, in the order
//! listed, the places the programme overview gives those modules (their
//! programme year and term); modules not listed keep their place.

use crate::curriculum::programme::Programme;
use crate::schedule::ProgrammeSessions;

impl Programme {
    /// The programme with the modules of `sequence` reordered; names not in
    /// the programme are left out (`ect validate` reports them).
    pub fn in_sequence(&self, sequence: &[String]) -> Programme {
        let listed: Vec<&String> = sequence
            .iter()
            .filter(|s| self.modules.iter().any(|m| &m.slug == *s))
            .collect();
        let places: Vec<usize> = self
            .modules
            .iter()
            .enumerate()
            .filter(|(_, m)| listed.contains(&&m.slug))
            .map(|(i, _)| i)
            .collect();
        let mut out = self.clone();
        for (place, slug) in places.iter().zip(listed) {
            let Some(module) = self.modules.iter().find(|m| &m.slug == slug) else {
                continue;
            };
            let slot = &self.modules[*place];
            out.modules[*place] = crate::curriculum::programme::ModuleRef {
                year: slot.year,
                term: slot.term,
                ..module.clone()
            };
        }
        out
    }

    /// The names in `sequence` that are not modules of the programme.
    pub fn unknown_in_sequence<'s>(&self, sequence: &'s [String]) -> Vec<&'s str> {
        sequence
            .iter()
            .filter(|s| !self.modules.iter().any(|m| &m.slug == *s))
            .map(String::as_str)
            .collect()
    }
}

impl ProgrammeSessions {
    /// The programme in the pair's `sequence` (unchanged when it is empty).
    pub fn in_sequence(&self, sequence: &[String]) -> ProgrammeSessions {
        if sequence.is_empty() {
            return self.clone();
        }
        ProgrammeSessions {
            programme: self.programme.in_sequence(sequence),
            modules: self.modules.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::curriculum::Term;
    use crate::curriculum::programme::{ModuleRef, Programme};
    use proptest::prelude::*;

    fn module(slug: &str, year: u8, term: Term) -> ModuleRef {
        ModuleRef {
            slug: slug.into(),
            title: slug.into(),
            target: format!("/p/{slug}"),
            year: Some(year),
            term: Some(term),
            span: 0..1,
        }
    }

    fn programme() -> Programme {
        Programme {
            id: "p".into(),
            title: None,
            modules: vec![
                module("routines", 1, Term::Autumn),
                module("memory", 1, Term::Autumn),
                module("questioning", 1, Term::Spring),
                module("inclusion", 1, Term::Summer),
            ],
        }
    }

    fn order(p: &Programme) -> Vec<(String, u8, Term)> {
        p.modules
            .iter()
            .map(|m| (m.slug.clone(), m.year.unwrap(), m.term.unwrap()))
            .collect()
    }

    #[test]
    fn listed_modules_swap_places_and_keep_the_slots() {
        let p = programme().in_sequence(&["inclusion".into(), "routines".into()]);
        assert_eq!(
            order(&p),
            [
                ("inclusion".into(), 1, Term::Autumn),
                ("memory".into(), 1, Term::Autumn),
                ("questioning".into(), 1, Term::Spring),
                ("routines".into(), 1, Term::Summer),
            ]
        );
        assert_eq!(
            programme().unknown_in_sequence(&["memory".into(), "nope".into()]),
            ["nope"]
        );
    }

    proptest! {
        #[test]
        fn a_sequence_is_a_permutation_keeping_every_slot(
            picks in proptest::collection::vec(0usize..6, 0..6)
        ) {
            let names = ["routines", "memory", "questioning", "inclusion", "x", "y"];
            let mut seq: Vec<String> = Vec::new();
            for i in picks {
                if !seq.contains(&names[i].to_string()) {
                    seq.push(names[i].to_string());
                }
            }
            let before = programme();
            let after = before.in_sequence(&seq);
            // the same modules, each once
            let mut a: Vec<_> = before.modules.iter().map(|m| m.slug.clone()).collect();
            let mut b: Vec<_> = after.modules.iter().map(|m| m.slug.clone()).collect();
            a.sort();
            b.sort();
            prop_assert_eq!(a, b);
            // the slots (year, term) are the overview's
            let slots = |p: &Programme| p.modules.iter().map(|m| (m.year, m.term)).collect::<Vec<_>>();
            prop_assert_eq!(slots(&before), slots(&after));
            // listed modules appear in the listed order
            let known: Vec<&String> = seq.iter().filter(|s| before.modules.iter().any(|m| &&m.slug == s)).collect();
            let seen: Vec<&String> = after.modules.iter().map(|m| &m.slug).filter(|s| known.contains(s)).collect();
            prop_assert_eq!(seen, known);
        }
    }
}
