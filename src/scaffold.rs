//! The text of a school's own programme, scaffolded (`ect new module`,
//! `ect new session`): a module overview, week files of mentor materials in
//! the same layout as the DfE materials (front matter, learning intentions,
//! timed activities), and the entries that link them from the programme
//! and module overviews. Pure functions; `cmd/new.rs` writes.

use crate::curriculum::Term;
use regex::Regex;
use std::sync::LazyLock;

fn cap(term: Term) -> &'static str {
    match term {
        Term::Autumn => "Autumn",
        Term::Spring => "Spring",
        Term::Summer => "Summer",
    }
}

/// A double-quoted YAML string (a JSON string is one).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The file name of week `week`'s mentor materials: `autumn-week-3-mentor-materials`.
pub fn session_stem(term: Term, week: u32) -> String {
    format!("{}-week-{week}-mentor-materials", term.as_str())
}

/// A module's overview page, linking its first `weeks` weeks.
pub fn module_overview(
    programme: &str,
    slug: &str,
    title: &str,
    year: u8,
    term: Term,
    weeks: u32,
) -> String {
    let mut s = format!(
        "---\ntitle: {}\nheading: {}\ncaption: \"Year {year}\"\n---\n\n\
What this module is for, in a sentence or two for mentors: the part of the \
ITTECF it draws on and what the ECT will be able to do by its end.\n",
        quoted(&format!("Year {year}: {title}")),
        quoted(title),
    );
    for week in 1..=weeks {
        s.push('\n');
        s.push_str(&week_entry(
            programme,
            slug,
            term,
            week,
            &format!("Week {week} topic"),
        ));
    }
    s
}

/// The `## Week N` section of a module overview linking week `week`.
pub fn week_entry(programme: &str, slug: &str, term: Term, week: u32, topic: &str) -> String {
    format!(
        "## Week {week}: {topic}\n\nWhat the meeting covers, in a sentence.\n\n\
[View mentor materials](/{programme}/{slug}/{})\n",
        session_stem(term, week)
    )
}

/// Week `week`'s mentor materials: front matter the layout expects, the
/// learning intentions and the timed activities, with prompts to replace.
pub fn session(year: u8, term: Term, week: u32, topic: &str) -> String {
    format!(
        "---\ntitle: \"Year {year} {} week {week} mentor materials\"\nheading: \"Mentor materials\"\ncaption: \"{} week {week}\"\n---\n\n\
## {topic}\n\n\
### Learning intentions\n\n\
Your ECT will learn that:\n\n\
- the idea from the ITTECF this week rests on, in the school's words\n\n\
Your ECT will learn how to:\n\n\
- the practice they will rehearse in the meeting and use in lessons\n\n\
### Topic introduction\n\n\
Why this matters for your ECT's classes, and what to listen for in the meeting.\n\n\
### Meeting activities\n\n\
Review and Plan: 10 mins\n\n\
Look back at the actions agreed last time and what happened in lessons since.\n\n\
Theory to Practice: 30 mins\n\n\
1. Your ECT explains the idea in their own words.\n\
2. Model the practice with an example from their timetable.\n\
3. Your ECT rehearses it; give feedback on one thing only.\n\n\
Next Steps: 10 mins\n\n\
Agree one action for next week's lessons and when you will see it.\n",
        cap(term),
        cap(term),
    )
}

/// A programme overview for a programme that has none yet.
pub fn programme_overview(title: &str) -> String {
    format!(
        "---\ntitle: {}\n---\n\n## How the programme works\n\n\
How the school's programme runs: who meets when, and the parts of the \
ITTECF each year covers.\n",
        quoted(title)
    )
}

static YEAR_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^##\s+year\s+(\d+)\s*:\s*(autumn|spring|summer)\b.*$").expect("regex")
});

/// `overview` with a `### [title](/programme/slug)` entry at the end of its
/// `## Year Y: Term term` section (the section is added at the end when
/// there is none). Every other byte is kept.
pub fn add_module_entry(
    overview: &str,
    programme: &str,
    slug: &str,
    title: &str,
    year: u8,
    term: Term,
) -> String {
    let entry = format!(
        "### [{title}](/{programme}/{slug})\n\nWhat the module covers, in a sentence for mentors.\n"
    );
    let section = YEAR_TERM
        .captures_iter(overview)
        .find(|c| c[1].parse::<u8>().ok() == Some(year) && Term::parse(&c[2]) == Some(term));
    let mut out = overview.to_string();
    match section {
        Some(c) => {
            let after = c.get(0).expect("match").end();
            // the section ends at the next `#` or `##` heading
            let end = Regex::new(r"(?m)^#{1,2}\s")
                .expect("regex")
                .find_at(overview, after)
                .map_or(overview.len(), |m| m.start());
            let before = overview[..end].trim_end_matches(['\n', '\r']).len();
            out.replace_range(before..end, &format!("\n\n{entry}\n"));
            if end == overview.len() {
                out.truncate(out.trim_end_matches('\n').len());
                out.push('\n');
            }
        }
        None => {
            let kept = out.trim_end_matches(['\n', '\r']).len();
            out.truncate(kept);
            out.push_str(&format!(
                "\n\n## Year {year}: {} term\n\n{entry}",
                cap(term)
            ));
        }
    }
    out
}

static WEEK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?im)^##\s+week\s+(\d+)\b").expect("regex"));

/// `overview` with `entry` placed before the first `## Week M` with M
/// greater than `week`, else at the end.
pub fn add_week_entry(overview: &str, week: u32, entry: &str) -> String {
    let later = WEEK
        .captures_iter(overview)
        .find(|c| c[1].parse::<u32>().is_ok_and(|m| m > week))
        .map(|c| c.get(0).expect("match").start());
    match later {
        Some(at) => format!("{}{entry}\n{}", &overview[..at], &overview[at..]),
        None => {
            let kept = overview.trim_end_matches(['\n', '\r']);
            format!("{kept}\n\n{entry}")
        }
    }
}

/// Whether the module overview already links week `week`.
pub fn has_week(overview: &str, week: u32) -> bool {
    WEEK.captures_iter(overview)
        .any(|c| c[1].parse::<u32>().ok() == Some(week))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const OVERVIEW: &str = "---\ntitle: \"P\"\n---\n\n## How it works\n\nText.\n\n## Year 1: Autumn term\n\n### [A](/p/a)\n\nAbout A.\n\n## Year 1: Spring term\n\n### [B](/p/b)\n\nAbout B.\n";

    #[test]
    fn a_module_goes_at_the_end_of_its_term() {
        let out = add_module_entry(OVERVIEW, "p", "c", "C", 1, Term::Autumn);
        assert!(
            out.contains("About A.\n\n### [C](/p/c)\n\nWhat the module covers"),
            "{out}"
        );
        assert!(
            out.contains("in a sentence for mentors.\n\n## Year 1: Spring term"),
            "{out}"
        );
        // every other byte kept
        assert_eq!(
            out.replace(
                "### [C](/p/c)\n\nWhat the module covers, in a sentence for mentors.\n\n",
                ""
            ),
            OVERVIEW
        );
        let out = add_module_entry(OVERVIEW, "p", "d", "D", 2, Term::Summer);
        assert!(out.ends_with("About B.\n\n## Year 2: Summer term\n\n### [D](/p/d)\n\nWhat the module covers, in a sentence for mentors.\n"), "{out}");
        let out = add_module_entry(OVERVIEW, "p", "e", "E", 1, Term::Spring);
        assert!(
            out.ends_with(
                "About B.\n\n### [E](/p/e)\n\nWhat the module covers, in a sentence for mentors.\n"
            ),
            "{out:?}"
        );
    }

    #[test]
    fn weeks_go_in_order() {
        let m = module_overview("p", "m", "M", 1, Term::Spring, 1);
        let m = add_week_entry(&m, 3, &week_entry("p", "m", Term::Spring, 3, "Three"));
        let m = add_week_entry(&m, 2, &week_entry("p", "m", Term::Spring, 2, "Two"));
        let at = |w: &str| m.find(w).unwrap();
        assert!(
            at("## Week 1") < at("## Week 2: Two") && at("## Week 2") < at("## Week 3: Three"),
            "{m}"
        );
        assert!(m.contains("[View mentor materials](/p/m/spring-week-2-mentor-materials)"));
        assert!(has_week(&m, 3) && !has_week(&m, 4));
    }

    proptest! {
        #[test]
        fn module_entries_keep_the_overview(
            year in 1u8..=2,
            term in 0usize..3,
            title in "[A-Za-z][A-Za-z ]{0,20}",
            trailing in "\n{0,3}",
        ) {
            let term = [Term::Autumn, Term::Spring, Term::Summer][term];
            let overview = format!("{}{trailing}", OVERVIEW.trim_end());
            let out = add_module_entry(&overview, "p", "new", &title, year, term);
            let entry = format!("### [{title}](/p/new)");
            prop_assert_eq!(out.matches(&entry).count(), 1);
            // the entry sits under its own term's heading
            let heading = format!("## Year {year}: {} term", cap(term));
            let h = out.find(&heading);
            prop_assert!(h.is_some());
            let e = out.find(&entry).unwrap();
            prop_assert!(h.unwrap() < e);
            prop_assert!(!out[h.unwrap()..e].contains("\n## Year") || out[h.unwrap()..e].matches("\n## ").count() == 0);
            // nothing of the old text is lost
            for line in overview.lines().filter(|l| !l.is_empty()) {
                prop_assert!(out.contains(line));
            }
        }
    }
}
