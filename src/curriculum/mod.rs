//! The curriculum model: programmes, modules and sessions, read from the
//! provider's front-matter Markdown as the DfE publishes it.

pub mod activity;
pub mod document;
mod outcome_shapes;
pub mod path;
pub mod programme;
pub mod segments;
mod time_shapes;

pub(crate) use time_shapes::{ascii_or_marks, space_byte, word_byte, ws_end};

use serde::{Deserialize, Serialize};

/// A school term. The programme's year also has three of these.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Term {
    Autumn,
    Spring,
    Summer,
}

impl Term {
    pub const ALL: [Term; 3] = [Term::Autumn, Term::Spring, Term::Summer];

    /// Reads `autumn`, `Spring`, `SUMMER`.
    pub fn parse(s: &str) -> Option<Term> {
        match s.trim().to_ascii_lowercase().as_str() {
            "autumn" => Some(Term::Autumn),
            "spring" => Some(Term::Spring),
            "summer" => Some(Term::Summer),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Term::Autumn => "autumn",
            Term::Spring => "spring",
            Term::Summer => "summer",
        }
    }

    /// `Autumn`, as written in titles.
    pub fn title(self) -> &'static str {
        match self {
            Term::Autumn => "Autumn",
            Term::Spring => "Spring",
            Term::Summer => "Summer",
        }
    }

    /// The term after this one, and whether it starts a new year.
    pub fn next(self) -> (Term, bool) {
        match self {
            Term::Autumn => (Term::Spring, false),
            Term::Spring => (Term::Summer, false),
            Term::Summer => (Term::Autumn, true),
        }
    }
}

impl std::fmt::Display for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

use document::Document;

/// The files of a curriculum, each with its place (see [`Curriculum::files`]).
pub type FileSet = indexmap::IndexSet<String, foldhash::fast::RandomState>;

/// Everything read from `curriculum/`: parsed Markdown files and the list of
/// all files (for link resolution, which never touches the disk).
#[derive(Debug, Default)]
pub struct Curriculum {
    /// The curriculum folder relative to the repository root (`curriculum`).
    pub prefix: String,
    /// Parsed Markdown files, sorted by path.
    pub docs: Vec<Document>,
    /// Every file, relative to the curriculum root. A file's place in the
    /// set is its id: the links `validate` resolves as it reads each page
    /// name their files by it ([`Document::link_files`]).
    pub files: FileSet,
    /// Files under `assets/`, sorted.
    pub assets: Vec<String>,
}

impl Curriculum {
    /// The repository-relative path of a curriculum-relative one.
    pub fn repo_path(&self, rel: &str) -> String {
        if self.prefix.is_empty() || self.prefix == "." {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.prefix)
        }
    }

    /// A parsed file by its curriculum-relative path.
    pub fn doc(&self, rel: &str) -> Option<&Document> {
        self.docs
            .binary_search_by(|d| d.rel.as_str().cmp(rel))
            .ok()
            .map(|i| &self.docs[i])
    }

    /// The programme whose overview is `<id>.md`.
    pub fn programme(&self, id: &str) -> Option<programme::Programme> {
        self.doc(&format!("{id}.md"))
            .filter(|d| d.kind == path::FileKind::ProgrammeOverview)
            .map(programme::Programme::from_overview)
    }

    /// Mentor-material sessions of one module, by week.
    pub fn mentor_sessions(&self, programme: &str, module: &str) -> Vec<&Document> {
        let prefix = format!("{programme}/{module}/");
        let mut found: Vec<&Document> = self
            .docs
            .iter()
            .filter(|d| {
                d.rel.starts_with(&prefix)
                    && d.kind == path::FileKind::Session
                    && d.facts.part.as_deref() == Some("mentor-materials")
                    && d.facts.week.is_some()
            })
            .collect();
        found.sort_by_key(|d| d.facts.week);
        found
    }
}
