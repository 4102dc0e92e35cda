//! What a file's place in `curriculum/` says about it: programme, module,
//! year, term, week and part, from the DfE layout
//! `<programme>/<year-N-module>/<term>-week-<N>-<part>.md`.

use super::Term;
use regex::Regex;
use std::sync::LazyLock;

/// The kind of file, from its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// `<programme>.md`: the table of contents.
    ProgrammeOverview,
    /// `<programme>/<module>.md`.
    ModuleOverview,
    /// A session part: mentor materials, an ECT part, a training session.
    Session,
    /// Anything under `assets/`.
    Asset,
    /// A Markdown file elsewhere (checked for links and blocks only).
    Page,
    /// Not Markdown and not an asset: ignored.
    Other,
}

/// Facts read off a path relative to the curriculum root.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathFacts {
    pub programme: Option<String>,
    pub module: Option<String>,
    pub year: Option<u8>,
    pub term: Option<Term>,
    pub week: Option<u32>,
    /// `mentor-materials`, `ect-reading`, `autumn-training-session-1`, ...
    pub part: Option<String>,
}

static SESSION_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:year-(\d+)-)?(autumn|spring|summer)-(?:week-(\d+)-(.+)|(training-session-\d+))$",
    )
    .expect("valid regex")
});
static MODULE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^year-(\d+)(?:-|$)").expect("valid regex"));

/// What a folder walk needs to know of a file before reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    Asset,
    /// A Markdown page of any kind ([`classify`] says which when it is
    /// parsed).
    Markdown,
    Other,
}

/// [`classify`]'s answer as far as a walk needs it, without its patterns:
/// the walk lists every file on one thread, before any is read.
pub fn listed(rel: &str) -> Listed {
    if rel.split('/').next() == Some("assets") {
        Listed::Asset
    } else if rel.ends_with(".md") {
        Listed::Markdown
    } else {
        Listed::Other
    }
}

/// Classifies `rel` (a `/`-separated path relative to the curriculum root).
pub fn classify(rel: &str) -> (FileKind, PathFacts) {
    let parts: Vec<&str> = rel.split('/').collect();
    if parts.first() == Some(&"assets") {
        return (FileKind::Asset, PathFacts::default());
    }
    let Some(stem) = parts.last().and_then(|f| f.strip_suffix(".md")) else {
        return (FileKind::Other, PathFacts::default());
    };
    let mut facts = PathFacts {
        programme: (parts.len() > 1).then(|| parts[0].to_string()),
        ..PathFacts::default()
    };
    match parts.len() {
        1 => {
            facts.programme = Some(stem.to_string());
            (FileKind::ProgrammeOverview, facts)
        }
        2 => {
            if let Some(c) = session_name(stem) {
                // a session page that sits directly in the programme folder,
                // such as `year-2-autumn-training-session-7.md`
                read_session_name(c, &mut facts);
                return (FileKind::Session, facts);
            }
            facts.module = Some(stem.to_string());
            facts.year = module_year(stem);
            (FileKind::ModuleOverview, facts)
        }
        3 => {
            facts.module = Some(parts[1].to_string());
            facts.year = module_year(parts[1]);
            match session_name(stem) {
                Some(c) => {
                    read_session_name(c, &mut facts);
                    (FileKind::Session, facts)
                }
                None => (FileKind::Page, facts),
            }
        }
        _ => (FileKind::Page, facts),
    }
}

/// The groups of [`SESSION_NAME`] in a file name: year, term, week, the
/// part after the week, and `training-session-N`.
type SessionGroups<'s> = [Option<&'s str>; 5];

/// [`SESSION_NAME`]'s groups in `stem`, read by hand in ASCII names (where
/// `\d` is an ASCII figure; each choice the pattern has is decided by the
/// next character, so the first that fits is its match), by the pattern
/// otherwise. Spares compiling it in every run.
fn session_name(stem: &str) -> Option<SessionGroups<'_>> {
    if !stem.is_ascii() {
        return session_name_by_pattern(stem);
    }
    // `year-N-`, if there: a name starting `year-` without it cannot match
    let (year, at) = match stem.strip_prefix("year-") {
        Some(rest) => {
            let n = ascii_figures(rest);
            if n == 0 || rest.as_bytes().get(n) != Some(&b'-') {
                return None;
            }
            (Some(&rest[..n]), 5 + n + 1)
        }
        None => (None, 0),
    };
    let term = ["autumn", "spring", "summer"]
        .into_iter()
        .find(|t| stem[at..].starts_with(t) && stem.as_bytes().get(at + t.len()) == Some(&b'-'))?;
    let term_at = at..at + term.len();
    let rest = &stem[term_at.end + 1..];
    if let Some(r) = rest.strip_prefix("week-") {
        let n = ascii_figures(r);
        // `(.+)$`: one character or more, none a line break
        if n > 0
            && r.as_bytes().get(n) == Some(&b'-')
            && r.len() > n + 1
            && !r[n + 1..].contains('\n')
        {
            return Some([
                year,
                Some(&stem[term_at]),
                Some(&r[..n]),
                Some(&r[n + 1..]),
                None,
            ]);
        }
    }
    let r = rest.strip_prefix("training-session-")?;
    let n = ascii_figures(r);
    (n > 0 && n == r.len()).then_some([year, Some(&stem[term_at]), None, None, Some(rest)])
}

/// How many ASCII figures `s` starts with.
fn ascii_figures(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

/// [`session_name`] by the pattern.
fn session_name_by_pattern(stem: &str) -> Option<SessionGroups<'_>> {
    let c = SESSION_NAME.captures(stem)?;
    Some(std::array::from_fn(|i| c.get(i + 1).map(|m| m.as_str())))
}

fn read_session_name(c: SessionGroups<'_>, facts: &mut PathFacts) {
    let [year, term, week, part, session] = c;
    if let Some(y) = year.and_then(|m| m.parse().ok()) {
        facts.year = Some(y);
    }
    facts.term = term.and_then(Term::parse);
    facts.week = week.and_then(|m| m.parse().ok());
    facts.part = part.or(session).map(str::to_string);
}

/// The programme year a module slug names (`year-2-...` is 2): read by
/// hand in an ASCII slug, by [`MODULE_YEAR`] otherwise.
pub fn module_year(slug: &str) -> Option<u8> {
    module_year_figures(slug).and_then(|n| n.parse().ok())
}

/// [`MODULE_YEAR`]'s group in `slug`.
fn module_year_figures(slug: &str) -> Option<&str> {
    if !slug.is_ascii() {
        return MODULE_YEAR
            .captures(slug)
            .map(|c| c.get(1).expect("a group").as_str());
    }
    let rest = slug.strip_prefix("year-")?;
    let n = ascii_figures(rest);
    (n > 0 && matches!(rest.as_bytes().get(n), None | Some(b'-'))).then(|| &rest[..n])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// File names built from the session pattern's pieces and near misses:
    /// years and weeks of any length, every term, `week-` and
    /// `training-session-` in any order, capitals, line breaks, other
    /// figures (`٣`) and letters past ASCII.
    fn names() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        proptest::collection::vec(
            proptest::sample::select(vec![
                "year-",
                "year",
                "-",
                "1",
                "12",
                "007",
                "autumn",
                "Autumn",
                "spring",
                "summer",
                "summers",
                "week-",
                "week",
                "training-session-",
                "training-session",
                "mentor",
                "materials",
                "x",
                "\n",
                "\r",
                "é",
                "٣",
                "",
            ]),
            0..9,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Names shaped like sessions, each place filled from its choices.
    fn session_shaped() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        let pick = |v: Vec<&'static str>| proptest::sample::select(v);
        (
            pick(vec![
                "", "", "year-1-", "year-12-", "year-3-", "year--", "year-x-", "year-2", "yea-1-",
            ]),
            pick(vec![
                "autumn", "spring", "summer", "autumn", "summer", "Spring", "autum", "winter",
            ]),
            pick(vec!["-", "-", "-", "", "--"]),
            pick(vec![
                "week-",
                "week-",
                "training-session-",
                "training-session-",
                "week",
                "week-week-",
                "",
            ]),
            pick(vec!["1", "12", "3", "", "x", "٣"]),
            pick(vec![
                "",
                "",
                "-",
                "-mentor-materials",
                "-x",
                "-materials",
                "-\n",
                "-a\nb",
                "x",
                "-é",
            ]),
        )
            .prop_map(|(a, b, c, d, e, f)| [a, b, c, d, e, f].concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The hand reader finds exactly the pattern's groups.
        #[test]
        fn session_names_are_read_as_the_pattern_reads_them(
            stem in proptest::prop_oneof![names(), session_shaped()],
        ) {
            proptest::prop_assert_eq!(session_name(&stem), session_name_by_pattern(&stem), "{:?}", stem);
            let by_pattern = MODULE_YEAR.captures(&stem).map(|c| c.get(1).expect("a group").as_str());
            proptest::prop_assert_eq!(module_year_figures(&stem), by_pattern, "{:?}", stem);
        }
    }

    /// The generated names reach every branch of both patterns, read by
    /// hand: weeks with parts, training sessions, with and without a year.
    #[test]
    fn generated_names_reach_both_patterns() {
        use proptest::strategy::{Strategy as _, ValueTree as _};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let names = session_shaped();
        let (mut weeks, mut sessions, mut years, mut modules) = (0, 0, 0, 0);
        for _ in 0..10000 {
            let stem = names.new_tree(&mut runner).expect("a name").current();
            if let Some(g) = session_name_by_pattern(&stem).filter(|_| stem.is_ascii()) {
                weeks += usize::from(g[2].is_some());
                sessions += usize::from(g[4].is_some());
                years += usize::from(g[0].is_some());
            }
            modules += usize::from(stem.is_ascii() && MODULE_YEAR.is_match(&stem));
        }
        assert!(
            weeks >= 20 && sessions >= 20 && years >= 20 && modules >= 20,
            "{weeks} weeks, {sessions} sessions, {years} with a year, {modules} module years"
        );
    }

    #[test]
    fn a_walk_lists_files_as_classify_would() {
        for rel in [
            "assets/a.pdf",
            "assets/notes.md",
            "assets",
            "p.md",
            "p/m.md",
            "p/year-1-m/autumn-week-1-mentor-materials.md",
            "p/m/page.md",
            "p/m/x/y/deep.md",
            "p/m/readme.txt",
            "p/assets/a.png",
            "p/m/file.MD",
            ".md",
            "p/m/a.md.bak",
        ] {
            let want = match classify(rel).0 {
                FileKind::Asset => Listed::Asset,
                FileKind::Other => Listed::Other,
                _ => Listed::Markdown,
            };
            assert_eq!(listed(rel), want, "{rel}");
        }
    }

    #[test]
    fn reads_mentor_materials() {
        let (kind, f) = classify("ucl/year-1-enabling/summer-week-6-mentor-materials.md");
        assert_eq!(kind, FileKind::Session);
        assert_eq!(f.programme.as_deref(), Some("ucl"));
        assert_eq!(f.module.as_deref(), Some("year-1-enabling"));
        assert_eq!(f.year, Some(1));
        assert_eq!(f.term, Some(Term::Summer));
        assert_eq!(f.week, Some(6));
        assert_eq!(f.part.as_deref(), Some("mentor-materials"));
    }

    #[test]
    fn reads_ect_parts_with_apostrophes() {
        let (kind, f) = classify("ucl/year-1-x/autumn-week-2-ect-what-you'll-learn.md");
        assert_eq!(kind, FileKind::Session);
        assert_eq!(f.part.as_deref(), Some("ect-what-you'll-learn"));
    }

    #[test]
    fn reads_training_sessions_at_both_depths() {
        let (kind, f) = classify("amb/year-2-autumn-training-session-7.md");
        assert_eq!(kind, FileKind::Session);
        assert_eq!(
            (f.year, f.term, f.week),
            (Some(2), Some(Term::Autumn), None)
        );
        assert_eq!(f.part.as_deref(), Some("training-session-7"));
        assert_eq!(f.module, None);
        let (kind, f) = classify("amb/year-1-behaviour/autumn-training-session-1.md");
        assert_eq!(kind, FileKind::Session);
        assert_eq!(f.year, Some(1));
    }

    #[test]
    fn tells_overviews_assets_and_others_apart() {
        assert_eq!(classify("ucl.md").0, FileKind::ProgrammeOverview);
        assert_eq!(classify("ucl/year-1-x.md").0, FileKind::ModuleOverview);
        assert_eq!(classify("assets/materials/a.pdf").0, FileKind::Asset);
        assert_eq!(classify("ucl/year-1-x/notes.md").0, FileKind::Page);
        assert_eq!(classify("ucl/readme.txt").0, FileKind::Other);
    }
}
