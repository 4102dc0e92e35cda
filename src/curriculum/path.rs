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
            if let Some(c) = SESSION_NAME.captures(stem) {
                // a session page that sits directly in the programme folder,
                // such as `year-2-autumn-training-session-7.md`
                read_session_name(&c, &mut facts);
                return (FileKind::Session, facts);
            }
            facts.module = Some(stem.to_string());
            facts.year = module_year(stem);
            (FileKind::ModuleOverview, facts)
        }
        3 => {
            facts.module = Some(parts[1].to_string());
            facts.year = module_year(parts[1]);
            match SESSION_NAME.captures(stem) {
                Some(c) => {
                    read_session_name(&c, &mut facts);
                    (FileKind::Session, facts)
                }
                None => (FileKind::Page, facts),
            }
        }
        _ => (FileKind::Page, facts),
    }
}

fn read_session_name(c: &regex::Captures<'_>, facts: &mut PathFacts) {
    if let Some(y) = c.get(1).and_then(|m| m.as_str().parse().ok()) {
        facts.year = Some(y);
    }
    facts.term = c.get(2).and_then(|m| Term::parse(m.as_str()));
    facts.week = c.get(3).and_then(|m| m.as_str().parse().ok());
    facts.part = c.get(4).or(c.get(5)).map(|m| m.as_str().to_string());
}

/// The programme year a module slug names (`year-2-...` is 2).
pub fn module_year(slug: &str) -> Option<u8> {
    MODULE_YEAR.captures(slug).and_then(|c| c[1].parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

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
