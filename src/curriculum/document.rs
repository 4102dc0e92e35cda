//! One curriculum file, parsed: front matter split and typed, then the
//! Markdown body read once with pulldown-cmark for everything the rules and
//! generators need (headings, paragraphs, links, HTML, timed activities,
//! learning intentions), each with its byte offset in the file.

use super::Term;
use super::path::{FileKind, PathFacts, classify};
use super::segments::{Timing, recognise, recognise_heading};
use crate::diag::{FileDiagnostics, LineIndex, Location};
use crate::flat_yaml::{self, FlatField};
use crate::front_matter::{self, SplitError};
use crate::yaml_pos::{Positions, ypath};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde::Serialize;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::LazyLock;

/// A front-matter string value and where it is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub value: String,
    pub span: Range<usize>,
}

/// The front-matter keys `ect` understands. Unknown keys are kept by the
/// provider's site and ignored here.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Page title, e.g. "Year 1 Summer week 6 mentor materials".
    pub title: Option<Field>,
    /// Heading shown above the title, e.g. "Mentor materials".
    pub heading: Option<Field>,
    /// Caption shown above the heading, e.g. "Summer week 6".
    pub caption: Option<Field>,
    /// ECT parts: the previous page in the sequence (site-absolute path).
    pub previous_path: Option<Field>,
    pub previous_title: Option<Field>,
    /// ECT parts: the next page in the sequence (site-absolute path).
    pub next_path: Option<Field>,
    pub next_title: Option<Field>,
    /// Span of the whole front matter block, fences included.
    pub span: Range<usize>,
}

/// A heading in the body.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub location: Location,
    pub text: String,
    pub span: Range<usize>,
    /// Link targets written inside the heading (`### [Title](/p/m)`).
    pub links: Vec<String>,
    /// Whether anything (text, a list, a deeper heading) follows it before the
    /// next heading of the same or a higher level.
    pub has_content: bool,
}

/// Where a link came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    Link,
    Image,
    /// `href` or `src` in raw HTML.
    Html,
    /// `next_path` / `previous_path` in front matter.
    FrontMatter,
}

/// A link target and where it is written.
#[derive(Debug, Clone)]
pub struct Link {
    pub location: Location,
    pub target: String,
    pub kind: LinkKind,
    pub span: Range<usize>,
    /// The link's text as read (a Markdown link's words, an image's alt
    /// text; white space not folded); empty for HTML and front-matter links.
    pub text: String,
}

/// Learning intentions under one lead-in (`Your ECT will learn that:`,
/// `Learn how to plan a sequence, by:`), as written. Items are Markdown:
/// their links are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntentionGroup {
    /// The lead-in sentence, empty when the items have none.
    pub lead_in: String,
    pub items: Vec<String>,
}

/// A timed meeting activity.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub label: String,
    /// Minutes, or the low end of a range (`5 to 10 minutes`).
    pub minutes: u32,
    /// The high end of a range, when the provider gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_minutes: Option<u32>,
    /// 1-based line in the file.
    pub line: usize,
    #[serde(skip)]
    pub span: Range<usize>,
    /// The level of the heading this activity is, if it is one.
    #[serde(skip)]
    pub heading_level: Option<u8>,
    /// Timed parts written inside this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Segment>,
}

impl Segment {
    /// Low and high minutes (the same when the provider gave one figure).
    pub fn range(&self) -> (u32, u32) {
        (
            self.minutes,
            self.max_minutes.unwrap_or(self.minutes).max(self.minutes),
        )
    }
}

/// A `##` section, with its declared length and timed activities.
#[derive(Debug, Clone)]
pub struct Section {
    pub heading: String,
    pub span: Range<usize>,
    /// `Duration: N minutes` written in this section.
    pub duration: Option<(u32, Range<usize>)>,
    /// Top-level timed activities of the section, in order.
    pub segments: Vec<Segment>,
}

/// One curriculum file, parsed.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the curriculum root, `/`-separated.
    pub rel: String,
    /// Path relative to the repository root, as diagnostics name it.
    pub path: String,
    /// Where the file starts (for problems with the whole file).
    pub start: Location,
    pub kind: FileKind,
    /// Programme, module, year, term, week and part: from the path, then
    /// overridden by front matter keys of the same names.
    pub facts: PathFacts,
    pub front: FrontMatter,
    /// Where the Markdown body starts.
    pub body_start: usize,
    pub headings: Vec<Heading>,
    /// Top-level paragraph texts (white space folded) and spans; paragraphs
    /// inside lists and quotes are left out.
    pub paragraphs: Vec<(String, Range<usize>)>,
    pub links: Vec<Link>,
    /// The file each link leads to, as its place in [`Curriculum::files`]
    /// (`None`: external, nowhere or missing), in link order: filled as
    /// `validate` reads the page, while its links are at hand; else empty,
    /// and the checks across files resolve the links themselves.
    ///
    /// [`Curriculum::files`]: super::Curriculum::files
    pub link_files: Vec<Option<u32>>,
    /// The page's own place in [`Curriculum::files`], when `validate`
    /// resolved its links as it read it.
    ///
    /// [`Curriculum::files`]: super::Curriculum::files
    pub file: Option<u32>,
    /// Raw HTML fragments.
    pub html: Vec<(String, Range<usize>)>,
    /// Text that holds a `<` the Markdown parser did not take as HTML: the
    /// raw source from the text to the end of its line.
    pub text_with_lt: Vec<(String, Range<usize>)>,
    /// Fenced and indented code: no rule looks inside.
    pub code: Vec<Range<usize>>,
    /// Every learning intention, as plain text (links reduced to their words).
    pub learning_intentions: Vec<String>,
    /// The same intentions under their lead-ins, with links kept.
    pub learning_intention_groups: Vec<IntentionGroup>,
    /// List items of a session at any depth: their own text (without nested
    /// lists) as Markdown, white space not folded.
    pub items: Vec<(String, Range<usize>)>,
    /// Timed activities written before the first `##` heading.
    pub preamble_segments: Vec<Segment>,
    /// `Duration:` written before the first `##` heading: the whole session.
    pub duration: Option<(u32, Range<usize>)>,
    pub sections: Vec<Section>,
}

impl Document {
    /// Every top-level timed activity of the file, in order.
    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.preamble_segments
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.segments.iter()))
    }

    /// Sum of the timed activities, else the declared duration, else none.
    /// For ranges, the low ends: [`Document::total_range`] has both.
    pub fn total_minutes(&self) -> Option<u32> {
        match self.total_range() {
            Some((low, _)) => Some(low),
            None => self.declared_minutes(),
        }
    }

    /// Sum of the timed activities as a range (low ends, high ends), if the
    /// file has any.
    pub fn total_range(&self) -> Option<(u32, u32)> {
        let mut any = false;
        let sum = self.segments().fold((0u32, 0u32), |acc, s| {
            any = true;
            let (low, high) = s.range();
            (acc.0.saturating_add(low), acc.1.saturating_add(high))
        });
        any.then_some(sum)
    }

    /// The session's declared length: `duration:` in front matter, or the
    /// first `Duration: N minutes` written before the first activity (under
    /// any `##` heading).
    pub fn declared_minutes(&self) -> Option<u32> {
        if let Some((m, _)) = &self.duration {
            return Some(*m);
        }
        // an overview's `Duration` lines are its weeks' lengths, not its own
        if self.kind != FileKind::Session {
            return None;
        }
        let first = self
            .segments()
            .map(|s| s.span.start)
            .min()
            .unwrap_or(usize::MAX);
        self.sections
            .iter()
            .filter_map(|s| s.duration.as_ref())
            .find(|(_, span)| span.start < first)
            .map(|(m, _)| *m)
    }

    /// Minute figures in the body that are neither an activity, a part of
    /// one, nor a declared duration: prose such as "give pupils 2 minutes",
    /// or a time `ect` could not tie to an activity. `ect inspect` lists them,
    /// so no figure is dropped in silence.
    pub fn unclaimed_minutes(&self, text: &str) -> Vec<Range<usize>> {
        fn spans<'s>(segments: &'s [Segment], out: &mut Vec<&'s Range<usize>>) {
            for s in segments {
                out.push(&s.span);
                spans(&s.parts, out);
            }
        }
        let mut claimed = Vec::new();
        spans(&self.preamble_segments, &mut claimed);
        for section in &self.sections {
            spans(&section.segments, &mut claimed);
            claimed.extend(section.duration.as_ref().map(|d| &d.1));
        }
        claimed.extend(self.duration.as_ref().map(|d| &d.1));
        let start = self.body_start.min(text.len());
        super::segments::minute_figures(&text[start..])
            .into_iter()
            .map(|r| r.start + start..r.end + start)
            .filter(|r| !self.code.iter().any(|c| c.contains(&r.start)))
            .filter(|r| !claimed.iter().any(|c| c.contains(&r.start)))
            .collect()
    }

    /// Drops what only agendas read (sections and their activities,
    /// learning intentions, questions, code spans, the headings of pages
    /// other than overviews) and the spare room of the rest: what
    /// `validate` keeps of each file for the checks across files.
    pub fn keep_places_only(&mut self) {
        self.sections = Vec::new();
        self.preamble_segments = Vec::new();
        self.learning_intentions = Vec::new();
        self.learning_intention_groups = Vec::new();
        self.paragraphs = Vec::new();
        self.items = Vec::new();
        self.code = Vec::new();
        // only an overview's headings say something across files (the
        // programme's modules, a module's weeks)
        if !matches!(
            self.kind,
            FileKind::ProgrammeOverview | FileKind::ModuleOverview
        ) {
            self.headings = Vec::new();
        }
        self.headings.shrink_to_fit();
        self.links.shrink_to_fit();
    }

    pub fn title(&self) -> Option<&str> {
        self.front.title.as_ref().map(|f| f.value.as_str())
    }
}

/// What a file is read for, and so how much of it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Everything: what agendas and `inspect` use.
    Content,
    /// What the checks read (`ect validate`): no learning intentions, no
    /// list items, the paragraphs' and links' places without their texts
    /// (the one rule that reads a paragraph reads it from the file), and
    /// the timed activities, links and headings without their lines (a
    /// link's or heading's is counted if a problem is found there): what
    /// no rule reads and `validate` drops unread. Every other part of the
    /// document is as [`Reading::Content`] gives it.
    Checks,
}

/// Parses one file. `rel` is its path relative to the curriculum root.
/// Front-matter problems go to `diags` under the `front-matter` rule.
pub fn parse(rel: &str, text: &str, diags: &mut FileDiagnostics<'_>) -> Document {
    parse_for(rel, text, diags, Reading::Content)
}

/// [`parse`], reading what `reading` asks for.
pub fn parse_for(
    rel: &str,
    text: &str,
    diags: &mut FileDiagnostics<'_>,
    reading: Reading,
) -> Document {
    let path = diags.path.to_string();
    parse_named(rel.to_string(), path, text, diags, reading)
}

/// [`parse_for`] with the document's two paths given, to be kept as they
/// are: `rel` relative to the curriculum root, `path` as problems name the
/// file (a walk's paths move into the documents instead of being copied).
pub(crate) fn parse_named(
    rel: String,
    path: String,
    text: &str,
    diags: &mut FileDiagnostics<'_>,
    reading: Reading,
) -> Document {
    let (kind, facts) = classify(&rel);
    let mut doc = Document {
        rel,
        path,
        start: Location::default(),
        kind,
        facts,
        front: FrontMatter::default(),
        body_start: front_matter::bom_len(text),
        headings: Vec::new(),
        paragraphs: Vec::new(),
        links: Vec::new(),
        link_files: Vec::new(),
        file: None,
        html: Vec::new(),
        text_with_lt: Vec::new(),
        code: Vec::new(),
        learning_intentions: Vec::new(),
        learning_intention_groups: Vec::new(),
        items: Vec::new(),
        preamble_segments: Vec::new(),
        duration: None,
        sections: Vec::new(),
    };
    let needs_front_matter = matches!(
        doc.kind,
        FileKind::ProgrammeOverview | FileKind::ModuleOverview | FileKind::Session
    );
    match front_matter::split(text) {
        Ok(split) => {
            doc.body_start = split.body_start;
            doc.front.span = 0..split.body_start;
            read_front_matter(&mut doc, &split, diags, needs_front_matter);
        }
        Err(SplitError::Missing) if needs_front_matter => {
            diags.push(
                "front-matter",
                doc.body_start..doc.body_start,
                "file has no front matter",
                Some("start the file with a `---` line, a `title: \"...\"` line and another `---` line".into()),
            );
        }
        Err(SplitError::Missing) => {}
        Err(SplitError::Unterminated(span)) => {
            diags.push(
                "front-matter",
                span,
                "front matter is never closed",
                Some("add a `---` line after the last front matter key".into()),
            );
            // without a closing fence the whole file is YAML to a renderer;
            // read nothing more from it
            doc.body_start = text.len();
        }
    }
    read_body(&mut doc, text, &diags.index, reading);
    let index = &diags.index;
    doc.start = index.locate_start();
    // places only: the lines are read again for the few that have a problem
    // the checks keep only where each link and heading is: its line is
    // counted if a problem is found there; agendas use headings' lines
    let place = |span: Range<usize>| match reading {
        Reading::Content => index.locate_later(span),
        Reading::Checks => index.keep_place(span),
    };
    for l in &mut doc.links {
        l.location = place(l.span.clone());
    }
    for h in &mut doc.headings {
        h.location = place(h.span.clone());
    }
    doc
}

/// Reads the front matter in its steps: the mapping, the text fields
/// (title, navigation), the overrides of the path's facts, the numbers,
/// and the navigation paths as links to check.
fn read_front_matter(
    doc: &mut Document,
    split: &front_matter::Split<'_>,
    diags: &mut FileDiagnostics<'_>,
    needs_title: bool,
) {
    let Some(fields) = front_fields(split, diags) else {
        return;
    };
    let front = FrontYaml { fields };
    doc.front.title = front.string_field("title", diags);
    doc.front.heading = front.string_field("heading", diags);
    doc.front.caption = front.string_field("caption", diags);
    doc.front.previous_path = front.string_field("previous_path", diags);
    doc.front.previous_title = front.string_field("previous_title", diags);
    doc.front.next_path = front.string_field("next_path", diags);
    doc.front.next_title = front.string_field("next_title", diags);
    if needs_title && doc.front.title.is_none() {
        front.report_no_title(diags);
    }
    front.read_overrides(doc, diags);
    front.read_numbers(doc, diags);
    for f in [&doc.front.previous_path, &doc.front.next_path]
        .into_iter()
        .flatten()
    {
        doc.links.push(Link {
            location: Location::default(),
            target: f.value.clone(),
            kind: LinkKind::FrontMatter,
            span: f.span.clone(),
            text: String::new(),
        });
    }
}

/// The front matter's text-keyed fields with where their values are: read
/// line by line when every line is a plain `key: value` (most front matter),
/// else by the YAML crates; or an error saying it is not YAML or not
/// `key: value` lines.
fn front_fields(
    split: &front_matter::Split<'_>,
    diags: &mut FileDiagnostics<'_>,
) -> Option<Vec<FlatField>> {
    if let Some(fields) = flat_yaml::fields(split.yaml, split.yaml_start) {
        return Some(fields);
    }
    let map = front_mapping(split, diags)?;
    let pos = Positions::new(split.yaml, split.yaml_start);
    Some(
        map.into_iter()
            .filter_map(|(key, value)| {
                let serde_yaml::Value::String(key) = key else {
                    return None;
                };
                let span = pos.value(ypath![key.as_str()]).unwrap_or(0..3);
                Some(FlatField { key, value, span })
            })
            .collect(),
    )
}

/// The front matter's mapping (empty front matter is an empty mapping),
/// or an error saying it is not YAML or not `key: value` lines.
fn front_mapping(
    split: &front_matter::Split<'_>,
    diags: &mut FileDiagnostics<'_>,
) -> Option<serde_yaml::Mapping> {
    let value = match front_matter::parse_yaml(split) {
        Ok(v) => v,
        Err(e) => {
            diags.push(
                "front-matter",
                e.offset..e.offset + 1,
                format!("front matter is not valid YAML: {}", e.message),
                Some("quote values that contain `: ` or start with a special character, e.g. `title: \"Year 1: Autumn\"`".into()),
            );
            return None;
        }
    };
    match value {
        serde_yaml::Value::Mapping(m) => Some(m),
        serde_yaml::Value::Null => Some(serde_yaml::Mapping::new()),
        other => {
            let what = match other {
                serde_yaml::Value::Sequence(_) => "a list",
                _ => "a single value",
            };
            diags.push(
                "front-matter",
                split.yaml_start..split.yaml_start + split.yaml.trim_end().len(),
                format!("front matter is {what}, not `key: value` lines"),
                Some("write one `key: value` per line, starting with `title:`".into()),
            );
            None
        }
    }
}

/// A document's front matter as read: its text-keyed fields and where
/// their values are.
struct FrontYaml {
    fields: Vec<FlatField>,
}

impl FrontYaml {
    fn get(&self, key: &str) -> Option<&serde_yaml::Value> {
        self.fields.iter().find(|f| f.key == key).map(|f| &f.value)
    }

    /// The value's span (the key's when empty); the opening fence when
    /// the key is not there.
    fn locate(&self, key: &str) -> Range<usize> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map_or(0..3, |f| f.span.clone())
    }

    /// A text field (a number is taken as text, except for the titles);
    /// an error for any other type.
    fn string_field(&self, key: &str, diags: &mut FileDiagnostics<'_>) -> Option<Field> {
        let v = self.get(key)?;
        let span = self.locate(key);
        match v {
            serde_yaml::Value::String(s) => Some(Field {
                value: s.clone(),
                span,
            }),
            serde_yaml::Value::Null => None,
            serde_yaml::Value::Number(n) if !matches!(key, "title" | "heading" | "caption") => {
                Some(Field {
                    value: n.to_string(),
                    span,
                })
            }
            _ => {
                diags.push(
                    "front-matter",
                    span,
                    format!("`{key}` must be text"),
                    Some(format!("write `{key}: \"...\"` with the value in quotes")),
                );
                None
            }
        }
    }

    /// Reports a missing or empty `title` (a wrong type is reported by
    /// [`Self::string_field`]).
    fn report_no_title(&self, diags: &mut FileDiagnostics<'_>) {
        match self.get("title") {
            None => diags.push(
                "front-matter",
                0..3,
                "front matter has no `title`",
                Some("add a line `title: \"...\"` between the `---` lines".into()),
            ),
            // `title: ~` or `title:` with nothing after it
            Some(serde_yaml::Value::Null) => diags.push(
                "front-matter",
                self.locate("title"),
                "`title` is empty",
                Some("write the page's title after `title:`, in quotes".into()),
            ),
            Some(_) => {}
        }
    }

    /// Overrides for content laid out differently from the DfE's folders:
    /// `programme`, `module`, `part` and `term`.
    fn read_overrides(&self, doc: &mut Document, diags: &mut FileDiagnostics<'_>) {
        for key in ["programme", "module", "part"] {
            if let Some(f) = self.string_field(key, diags) {
                let slot = match key {
                    "programme" => &mut doc.facts.programme,
                    "module" => &mut doc.facts.module,
                    _ => &mut doc.facts.part,
                };
                *slot = Some(f.value);
            }
        }
        if let Some(f) = self.string_field("term", diags) {
            match Term::parse(&f.value) {
                Some(t) => doc.facts.term = Some(t),
                None => diags.push(
                    "front-matter",
                    f.span,
                    format!("`term` is `{}`, not a term", f.value),
                    Some("use `autumn`, `spring` or `summer`".into()),
                ),
            }
        }
    }

    /// `year`, `week` and `duration`, each within what it can mean:
    /// `year: 257` is not wrapped round to year 1.
    fn read_numbers(&self, doc: &mut Document, diags: &mut FileDiagnostics<'_>) {
        for (key, most, what) in [
            ("year", 9, "a programme year"),
            ("week", 99, "a week of the module"),
            ("duration", 999, "minutes"),
        ] {
            if let Some(v) = self.get(key) {
                let span = self.locate(key);
                match v.as_u64().filter(|n| (1..=most).contains(n)) {
                    Some(n) => match key {
                        "year" => doc.facts.year = u8::try_from(n).ok(),
                        "week" => doc.facts.week = u32::try_from(n).ok(),
                        _ => doc.duration = u32::try_from(n).ok().map(|n| (n, span)),
                    },
                    None => diags.push(
                        "front-matter",
                        span,
                        format!("`{key}` must be a whole number from 1 to {most} ({what})"),
                        Some(format!("write e.g. `{key}: 2`")),
                    ),
                }
            }
        }
    }
}

#[derive(Default)]
struct BodyState {
    /// Learning intentions, list items and the texts of paragraphs and
    /// links are read ([`Reading::Content`]); with `false`, `outcomes`,
    /// `framework` and `items` stay empty and so do those texts.
    content: bool,
    /// Heading being read: level, start, text, links.
    heading: Option<(u8, usize, String, Vec<String>)>,
    /// Indexes into `headings` not yet closed by a same-or-higher heading.
    open: Vec<usize>,
    /// Nesting of lists, block quotes and tables: segments count only at 0.
    container_depth: usize,
    list_depth: usize,
    /// The outcomes heading we are under (its level), and what its section
    /// holds so far.
    outcomes: Option<(u8, Vec<Block>)>,
    /// Framework statements (`learn that ...`) outside outcomes sections.
    framework: Vec<Block>,
    /// A run of outcomes outside a heading is open: after a framework
    /// lead-in (`Your ECT will learn that:`) or an outcomes heading typed as a
    /// paragraph (`Learning intentions`), the lead-ins, the lists and the
    /// item-like paragraphs (`▪ ...`, `8f. ...`) that follow are its items.
    framework_pending: bool,
    /// Items of lists at this depth or deeper go to `framework`.
    framework_depth: Option<usize>,
    /// List items being read, innermost last.
    items: Vec<OpenItem>,
    /// Links and images being read: indexes into `doc.links`.
    links: Vec<usize>,
    /// The heading just finished, while nothing has followed it yet.
    after_heading: Option<usize>,
    /// Timed activities in order, with the level of the heading they are, if
    /// they are one, and the section index.
    flat: Vec<(Segment, Option<u8>, Option<usize>, bool)>,
}

/// What an outcomes section (or a framework statement) holds, in order.
#[derive(Debug)]
enum Block {
    /// A top-level paragraph, as written (links kept).
    Para(String),
    /// A list item: its depth, and its own text as Markdown.
    Item(usize, String),
}

struct OpenItem {
    start: usize,
    depth: usize,
    md: String,
    /// Where the item's block is, when the item is recorded.
    slot: Option<(bool, usize)>,
}

/// An outcomes heading: "Learning intentions", "Objectives:", "What the ECT
/// will learn", "Success criteria", "Aims of this session", ...
static OUTCOMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:\d+[.)]\s*)?(?:(?:the|our|session|meeting|key|intended|main|this\s+week'?s|today'?s)\s+)*
        (?:
          (?:learning\s+)?(?:intentions?|outcomes?|objectives?|aims?|goals?)
          | success\s+criteria
          | what\s+(?:the\s+|your\s+|our\s+)?(?:ects?|mentees?|early\s+career\s+teachers?|teachers?|you|we)\s*(?:will|'ll|’ll|should|are\s+going\s+to)\s+(?:learn|know|be\s+able\s+to|cover)(?-u:\b).*
          | by\s+the\s+end\s+of\s+(?:this|the|today'?s)\s+(?:session|meeting|week)(?-u:\b).*
        )
        (?:\s+(?:for|of|in)\s+(?:this|the|today'?s)\s+(?:session|meeting|week|module|topic))?\s*:?\s*$",
    )
    .expect("regex")
});

/// Whether [`OUTCOMES`] matches: decided by hand where
/// `outcome_shapes` can read the text, by the pattern otherwise.
fn names_outcomes(text: &str) -> bool {
    super::outcome_shapes::outcomes(text).unwrap_or_else(|| OUTCOMES.is_match(text))
}

/// Whether [`FRAMEWORK`] matches, the same way.
fn states_learning(text: &str) -> bool {
    super::outcome_shapes::framework(text).unwrap_or_else(|| FRAMEWORK.is_match(text))
}

/// A heading that states one intention: `Learning intention: ...`.
static STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:learning\s+)?(?:intentions?|outcomes?|objectives?|aims?|goals?)\s*:\s*(?P<rest>\S.*)$",
    )
    .expect("regex")
});

/// The framework's own statements: `Learn that ...`, `Your ECT will learn
/// how to ..., by:`.
static FRAMEWORK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^[^\p{L}]*(?:(?:your|the|our|each|every|all)\s+)?
        (?:(?:ects?|mentees?|early\s+career\s+teachers?|teachers?|you|they)\s+(?:will|should|are\s+to|can)\s+)?
        learn\s+(?:that|how)(?-u:\b)",
    )
    .expect("regex")
});

/// A lead-in that names the framework's statements mid-sentence: `In this
/// meeting your ECT will learn that:`.
static FRAMEWORK_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)learn\s+(?:that|how(?:\s+to)?)\s*:$").expect("regex")
});

/// Reads a top-level paragraph outside an outcomes section for outcomes
/// written without a heading (see `BodyState::framework_pending`).
fn loose_outcomes(st: &mut BodyState, folded: &str) {
    let bare = folded
        .trim_matches(['*', '_'])
        .trim()
        .trim_end_matches(':')
        .trim_end_matches(['*', '_']);
    let heading_like = bare.len() <= 80 && !bare.is_empty() && names_outcomes(bare);
    if folded.ends_with(':') && (st.framework_pending || heading_like) {
        // a lead-in (`By the end of the meeting the ECT will be able to:`)
        if !st.framework_pending {
            st.framework.push(Block::Para(String::new()));
        }
        st.framework_pending = true;
        st.framework.push(Block::Para(folded.to_string()));
    } else if heading_like {
        // `Learning intentions for this session` typed as a paragraph
        st.framework_pending = true;
        st.framework.push(Block::Para(String::new()));
    } else if st.framework_pending && item_like(folded) {
        st.framework.push(Block::Para(folded.to_string()));
    } else if is_framework(folded) || (folded.ends_with(':') && FRAMEWORK_LEAD.is_match(folded)) {
        st.framework_pending = folded.ends_with(':');
        st.framework.push(Block::Para(folded.to_string()));
    } else {
        st.framework_pending = false;
    }
}

/// A paragraph typed as a list item: a bullet (`▪ `, `• `, `- `) or a
/// reference number (`8f.`, `3)`, `b.`) first.
fn item_like(text: &str) -> bool {
    static NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:[0-9]{1,2}[a-z]?|[a-z])[.)]").expect("regex"));
    text.starts_with(['▪', '•', '◦', '‣', '●', '-', '–', '*']) || NUMBERED.is_match(text)
}

/// A framework statement. The pattern puts `learn` among the first few
/// words, so a cheap look there comes first.
fn is_framework(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(96)];
    memchr::memchr2_iter(b'l', b'L', head).any(|i| {
        // `| 0x20` lowers ASCII letters
        head.len() >= i + 5
            && head[i..i + 5]
                .iter()
                .zip(b"learn")
                .all(|(a, b)| a | 0x20 == *b)
    }) && states_learning(text.trim_start())
}

static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").expect("regex"));

/// Whether a heading names an outcomes section ("Learning intentions",
/// "Objectives:", "What the ECT will learn", ...).
pub fn is_outcomes_heading(text: &str) -> bool {
    names_outcomes(text) || STATED.is_match(text)
}

/// Markdown with links reduced to their words.
pub fn plain_text(md: &str) -> String {
    fold_space(&MD_LINK.replace_all(md, "$1"))
}

/// Reads the body's Markdown events in one pass: each event goes to the
/// step that handles its kind, then the framework statements found
/// outside outcomes sections become groups and the timed activities
/// become segments.
fn read_body(doc: &mut Document, text: &str, index: &LineIndex<'_>, reading: Reading) {
    let base = doc.body_start;
    if base >= text.len() {
        return;
    }
    let body = &text[base..];
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    let mut st = BodyState {
        content: reading == Reading::Content,
        ..BodyState::default()
    };
    // the lists a session fills as it is read, sized for a typical one (a
    // few dozen paragraphs, headings and items): growing them from empty
    // was about 18,000 reallocations on the corpus x5
    let lines = memchr::memchr_iter(b'\n', body.as_bytes()).count();
    doc.paragraphs.reserve(lines / 4);
    doc.items.reserve(lines / 4);
    doc.headings.reserve(lines / 8);
    doc.links.reserve(lines / 8);
    st.flat.reserve(lines / 16);
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        let span = range.start + base..range.end + base;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = heading_level(level);
                close_headings(doc, &mut st, level);
                st.framework_pending = false;
                st.heading = Some((
                    level,
                    span.start,
                    String::with_capacity(span.len().min(1024)),
                    Vec::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, htext, links)) = st.heading.take() {
                    finish_heading(doc, &mut st, level, start..span.end, htext, links, text);
                }
            }
            Event::Start(tag) => start_tag(doc, &mut st, tag, span, text),
            Event::End(tag) => end_tag(doc, &mut st, tag, span),
            Event::Text(t) | Event::Code(t) => body_text(doc, &mut st, &t, span, text),
            Event::SoftBreak | Event::HardBreak => {
                if let Some(item) = st.items.last_mut() {
                    item.md.push(' ');
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if st.heading.is_none() {
                    mark_content(doc, &mut st);
                    st.after_heading = None;
                }
                read_html_links(doc, &h, span.clone());
                doc.html.push((h.to_string(), span));
            }
            Event::Rule | Event::TaskListMarker(_) | Event::FootnoteReference(_) => {}
            _ => {}
        }
    }
    close_headings(doc, &mut st, 0);
    add_framework_groups(doc, std::mem::take(&mut st.framework));
    // the checks read no activity's line: the file's lines are not listed
    // for them
    build_segments(doc, st.flat, st.content.then_some(index));
}

/// The start of a block or inline other than a heading: paragraphs are
/// kept and looked at for outcomes and timings, lists and items opened,
/// code blocks, links and images recorded.
fn start_tag(doc: &mut Document, st: &mut BodyState, tag: Tag<'_>, span: Range<usize>, text: &str) {
    let after_heading = if st.heading.is_none() {
        mark_content(doc, st);
        st.after_heading.take()
    } else {
        None
    };
    match tag {
        Tag::Paragraph => {
            let raw = &text[span.clone()];
            if st.container_depth == 0 {
                let folded = if st.content {
                    let folded = fold_space(raw);
                    if let Some((_, blocks)) = &mut st.outcomes {
                        blocks.push(Block::Para(folded.clone()));
                    } else {
                        loose_outcomes(st, &folded);
                    }
                    folded
                } else {
                    String::new()
                };
                doc.paragraphs.push((folded, span.clone()));
                paragraph_timing(doc, st, raw, span.start, after_heading);
            }
        }
        Tag::List(_) => start_list(st),
        Tag::Item => start_item(st, span.clone()),
        Tag::BlockQuote(_) | Tag::Table(_) | Tag::FootnoteDefinition(_) => st.container_depth += 1,
        Tag::CodeBlock(_) => doc.code.push(span),
        Tag::Link { dest_url, .. } => {
            if let Some(h) = &mut st.heading {
                h.3.push(dest_url.to_string());
            }
            if let Some(item) = st.items.last_mut() {
                item.md.push('[');
            }
            open_link(doc, st, dest_url.to_string(), LinkKind::Link, span);
        }
        Tag::Image { dest_url, .. } => {
            open_link(doc, st, dest_url.to_string(), LinkKind::Image, span)
        }
        _ => {}
    }
}

/// Opens a list; under a framework lead-in (a paragraph, or an item
/// `Learn how to ..., by:`) its items become framework statements.
fn start_list(st: &mut BodyState) {
    st.list_depth += 1;
    st.container_depth += 1;
    if st.outcomes.is_none() && st.framework_depth.is_none() {
        if st.framework_pending && st.list_depth == 1 {
            st.framework_depth = Some(1);
        } else if let Some(parent) = st.items.last_mut()
            && parent.slot.is_none()
            && parent.md.trim_end().ends_with(':')
            && is_framework(&parent.md)
        {
            // `Learn how to ..., by:` with its points below
            st.framework
                .push(Block::Item(parent.depth, fold_space(&parent.md)));
            parent.slot = Some((false, st.framework.len() - 1));
            st.framework_depth = Some(st.list_depth);
        }
    }
}

/// Opens a list item, with a slot kept for it among the outcomes or the
/// framework statements when it is one.
fn start_item(st: &mut BodyState, span: Range<usize>) {
    if !st.content {
        // no item is open: its text is neither gathered nor kept
        return;
    }
    let start = span.start;
    let slot = if let Some((_, blocks)) = &mut st.outcomes {
        blocks.push(Block::Item(st.list_depth, String::new()));
        Some((true, blocks.len() - 1))
    } else if st.framework_depth.is_some_and(|d| st.list_depth >= d) {
        st.framework.push(Block::Item(st.list_depth, String::new()));
        Some((false, st.framework.len() - 1))
    } else {
        None
    };
    st.items.push(OpenItem {
        start,
        depth: st.list_depth,
        // the item's text is at most about as long as its source: room for
        // it at once, not grown event by event
        md: String::with_capacity(span.len().min(4096)),
        slot,
    });
}

/// Records a link or image, open until its end: its text is gathered
/// as it is read.
fn open_link(
    doc: &mut Document,
    st: &mut BodyState,
    target: String,
    kind: LinkKind,
    span: Range<usize>,
) {
    st.links.push(doc.links.len());
    doc.links.push(Link {
        location: Location::default(),
        target,
        kind,
        span,
        text: String::new(),
    })
}

/// The end of a block or inline other than a heading.
fn end_tag(doc: &mut Document, st: &mut BodyState, tag: TagEnd, span: Range<usize>) {
    match tag {
        TagEnd::List(_) => {
            if st.framework_depth == Some(st.list_depth) {
                st.framework_depth = None;
            }
            st.list_depth -= 1;
            st.container_depth -= 1;
        }
        TagEnd::Item => end_item(doc, st, span.end),
        TagEnd::Link | TagEnd::Image => {
            if let Some(i) = st.links.pop() {
                let l = &doc.links[i];
                if tag == TagEnd::Link
                    && let Some(item) = st.items.last_mut()
                {
                    // brackets and spaces escaped: the target stays one link
                    let target = l
                        .target
                        .trim()
                        .replace(' ', "%20")
                        .replace('(', "%28")
                        .replace(')', "%29");
                    let _ = write!(item.md, "]({target})");
                }
            }
        }
        TagEnd::BlockQuote(_) | TagEnd::Table | TagEnd::FootnoteDefinition => {
            st.container_depth -= 1
        }
        _ => {}
    }
}

/// Closes a list item: its text fills its outcome or framework slot (or
/// becomes a framework statement of its own), and a session keeps it.
fn end_item(doc: &mut Document, st: &mut BodyState, end: usize) {
    let Some(item) = st.items.pop() else {
        return;
    };
    match item.slot {
        Some((true, i)) => {
            if let Some((_, blocks)) = &mut st.outcomes {
                blocks[i] = Block::Item(item.depth, fold_space(&item.md));
            }
        }
        Some((false, i)) => st.framework[i] = Block::Item(item.depth, fold_space(&item.md)),
        None if st.outcomes.is_none() && is_framework(&item.md) => st
            .framework
            .push(Block::Item(item.depth, fold_space(&item.md))),
        None => {}
    }
    // only sessions keep their items (questions for agendas), as read:
    // folded when used
    if doc.kind == FileKind::Session && !item.md.trim().is_empty() {
        doc.items.push((item.md, item.start..end));
    }
}

/// Text or inline code: added to the heading, item and links being read;
/// a `<` outside code keeps its raw line for the HTML checks.
fn body_text(doc: &mut Document, st: &mut BodyState, t: &str, span: Range<usize>, text: &str) {
    if let Some(h) = &mut st.heading {
        h.2.push_str(t);
    }
    if let Some(item) = st.items.last_mut() {
        item.md.push_str(t);
    }
    if st.content {
        for &i in &st.links {
            doc.links[i].text.push_str(t);
        }
    }
    // code ranges are disjoint and in order: only the last one can
    // hold this text; a text already inside the raw line kept for
    // an earlier one is covered (both keep a 1 MB line linear)
    if holds_lt(t.as_bytes())
        && !doc.code.last().is_some_and(|c| c.contains(&span.start))
        && !doc
            .text_with_lt
            .last()
            .is_some_and(|(_, kept)| kept.contains(&span.start))
    {
        // keep the raw source from the text to the end of its line,
        // so a tag cut short can be told from a lone `<`
        let line_end = text[span.start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| span.start + i);
        let raw = &text[span.start..line_end.max(span.end.min(line_end))];
        doc.text_with_lt
            .push((raw.to_string(), span.start..line_end));
    }
}

/// Whether `b` holds a `<`. Most texts a parser gives are a few words:
/// for those a look at every byte with no branch and no early stop (which
/// the compiler makes vector instructions of) costs a fifth of a call to
/// `memchr`, which was about 80 instructions a text.
fn holds_lt(b: &[u8]) -> bool {
    if b.len() <= 64 {
        b.iter().fold(false, |any, &x| any | (x == b'<'))
    } else {
        memchr::memchr(b'<', b).is_some()
    }
}

/// Groups the framework statements found outside outcomes sections,
/// adding those not already among the learning intentions.
fn add_framework_groups(doc: &mut Document, framework: Vec<Block>) {
    for group in build_groups(framework, true) {
        let new: Vec<String> = group
            .items
            .into_iter()
            .filter(|i| !doc.learning_intentions.contains(&plain_text(i)))
            .collect();
        if !new.is_empty() {
            add_group(doc, group.lead_in, new);
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Files intentions under a lead-in, next to the group before when both have
/// no lead-in; the flat list follows.
fn add_group(doc: &mut Document, lead_in: String, items: Vec<String>) {
    doc.learning_intentions
        .extend(items.iter().map(|i| plain_text(i)));
    match doc.learning_intention_groups.last_mut() {
        Some(last) if lead_in.is_empty() && last.lead_in.is_empty() => last.items.extend(items),
        _ => doc
            .learning_intention_groups
            .push(IntentionGroup { lead_in, items }),
    }
}

/// Groups what an outcomes section holds under its lead-ins: a paragraph
/// ending in `:` starts a group, and so does a list item ending in `:` with
/// a list inside it; with no list at all, the other paragraphs are the items
/// (some providers type `▪` instead of a list).
fn build_groups(blocks: Vec<Block>, paragraphs_are_items: bool) -> Vec<IntentionGroup> {
    let mut g = Grouping {
        paragraphs_are_items: paragraphs_are_items
            || !blocks.iter().any(|b| matches!(b, Block::Item(..))),
        groups: Vec::new(),
        current: IntentionGroup {
            lead_in: String::new(),
            items: Vec::new(),
        },
        item_depth: None,
        lead_depth: None,
    };
    for (i, block) in blocks.iter().enumerate() {
        match block {
            // a boundary: what follows is a new run
            Block::Para(md) if md.is_empty() => g.start_group(String::new()),
            Block::Para(md) => g.paragraph(md, i > 0 && matches!(blocks[i - 1], Block::Item(..))),
            Block::Item(_, md) if md.is_empty() => {}
            Block::Item(depth, md) => {
                let deeper_next = matches!(blocks.get(i + 1), Some(Block::Item(d, _)) if d > depth);
                g.item(*depth, md, deeper_next);
            }
        }
    }
    g.start_group(String::new());
    g.groups
}

/// The state of [`build_groups`]: the groups made, the one being filled,
/// and the depths of its items and of its lead-in item.
struct Grouping {
    paragraphs_are_items: bool,
    groups: Vec<IntentionGroup>,
    current: IntentionGroup,
    item_depth: Option<usize>,
    lead_depth: Option<usize>,
}

impl Grouping {
    /// Closes the current group (kept when it has items) and starts one
    /// under `lead`.
    fn start_group(&mut self, lead: String) {
        let done = std::mem::replace(
            &mut self.current,
            IntentionGroup {
                lead_in: lead,
                items: Vec::new(),
            },
        );
        if !done.items.is_empty() {
            self.groups.push(done);
        }
        self.item_depth = None;
        self.lead_depth = None;
    }

    /// A paragraph: a lead-in when it ends in `:`, else an item when
    /// paragraphs are items (`after_list`: it follows a list item).
    fn paragraph(&mut self, md: &str, after_list: bool) {
        let t = md.trim();
        if t.ends_with(':') {
            // `Your ECT will learn how to:` then `Build ..., by:`
            let lead = if self.current.items.is_empty() && !self.current.lead_in.is_empty() {
                format!("{} {t}", self.current.lead_in)
            } else {
                t.to_string()
            };
            self.start_group(lead);
        } else if self.paragraphs_are_items {
            if after_list {
                // a statement after a list does not belong to its lead-in
                self.start_group(String::new());
            }
            let t = t.trim_start_matches(['▪', '•', '◦', '‣', '-', '*']).trim();
            if !t.is_empty() {
                self.current.items.push(t.to_string());
            }
        }
    }

    /// A list item at `depth`: a lead-in when it ends in `:` with a deeper
    /// item next, detail when under an item, else an item.
    fn item(&mut self, depth: usize, md: &str, deeper_next: bool) {
        if self.lead_depth.is_some_and(|d| depth <= d) {
            self.start_group(String::new());
        }
        if md.ends_with(':') && deeper_next {
            self.start_group(md.to_string());
            self.lead_depth = Some(depth);
            return;
        }
        match self.item_depth {
            Some(d) if depth > d => {} // detail under an item
            _ => {
                self.item_depth = Some(depth);
                self.current.items.push(md.to_string());
            }
        }
    }
}

/// Closes the open headings a new heading of `level` ends (0 closes all).
fn close_headings(doc: &mut Document, st: &mut BodyState, level: u8) {
    while let Some(&i) = st.open.last() {
        if level == 0 || doc.headings[i].level >= level {
            st.open.pop();
        } else {
            break;
        }
    }
    if let Some((li, _)) = &st.outcomes
        && (level == 0 || level <= *li)
        && let Some((_, blocks)) = st.outcomes.take()
    {
        for group in build_groups(blocks, false) {
            add_group(doc, group.lead_in, group.items);
        }
    }
}

/// Something other than a heading starts: every open heading has content.
fn mark_content(doc: &mut Document, st: &mut BodyState) {
    for &i in &st.open {
        doc.headings[i].has_content = true;
    }
}

fn finish_heading(
    doc: &mut Document,
    st: &mut BodyState,
    level: u8,
    span: Range<usize>,
    htext: String,
    links: Vec<String>,
    text: &str,
) {
    // a deeper heading is content of the headings above it
    mark_content(doc, st);
    let htext = fold_space(&htext);
    if st.content {
        // `is_match` first: it rejects with the fast engine, which captures skip
        if let Some(c) = STATED
            .is_match(&htext)
            .then(|| STATED.captures(&htext))
            .flatten()
        {
            add_group(doc, String::new(), vec![c["rest"].trim().to_string()]);
        } else if (2..=6).contains(&level) && st.outcomes.is_none() && names_outcomes(&htext) {
            st.outcomes = Some((level, Vec::new()));
        } else if let Some((_, blocks)) = &mut st.outcomes {
            // `#### Learn how to` under `### Objectives` leads the items below it
            let lead = if htext.ends_with(':') {
                htext.clone()
            } else {
                format!("{htext}:")
            };
            blocks.push(Block::Para(lead));
        }
    }
    if level == 2 {
        doc.sections.push(Section {
            heading: htext.clone(),
            span: span.clone(),
            duration: None,
            segments: Vec::new(),
        });
    }
    let raw = split_first_line(&text[span.clone()]).0;
    let timing = recognise_heading(raw).filter(|t| match t {
        Timing::Segment { label, .. } => !label.is_empty(),
        Timing::Duration(_) => true,
    });
    record_timing(doc, st, timing, span.clone(), Some(level));
    st.after_heading = Some(doc.headings.len());
    st.open.push(doc.headings.len());
    doc.headings.push(Heading {
        level,
        location: Location::default(),
        text: htext,
        span,
        links,
        has_content: false,
    });
}

fn set_duration(doc: &mut Document, minutes: u32, span: Range<usize>) {
    match doc.sections.last_mut() {
        Some(section) => {
            section.duration.get_or_insert((minutes, span));
        }
        None => {
            doc.duration.get_or_insert((minutes, span));
        }
    }
}

/// Reads a top-level paragraph's first line (and a `(N mins ...)` second
/// line under a bare label) as a timing. A bare time (`(5 minutes)`) right
/// under a heading times that heading.
fn paragraph_timing(
    doc: &mut Document,
    st: &mut BodyState,
    raw: &str,
    start: usize,
    after_heading: Option<usize>,
) {
    // the first two lines as `lines` gives them, found with `memchr` (this
    // runs for every paragraph, most of them one long line)
    let (first, rest) = split_first_line(raw);
    let mut timing = recognise(first);
    let mut len = first.len();
    if timing.is_none()
        && let Some(second) = rest.map(|r| split_first_line(r).0)
        && second.trim_start().starts_with('(')
        && !first.chars().any(|c| c.is_ascii_digit())
        && first.split_whitespace().count() <= 16
    {
        let joined = format!("{} {}", first.trim(), second.trim());
        timing = recognise(&joined);
        if let Some(Timing::Segment { label, .. }) = &mut timing {
            // the label is on the first line
            let head = first.trim().trim_start_matches('#').trim();
            if !label.starts_with(head) {
                *label = head.to_string();
            }
        }
        len = raw.find(second).map_or(len, |i| i + second.len());
    }
    if let Some(Timing::Segment { label, .. }) = &mut timing
        && label.is_empty()
    {
        // `(5 minutes)` alone: the heading above is the activity, unless it
        // is timed itself; anywhere else it is left for `inspect` to list
        let Some(h) = after_heading.map(|i| doc.headings[i].clone()) else {
            return;
        };
        if st.flat.last().is_some_and(|(s, ..)| s.span == h.span) {
            return;
        }
        *label = h.text.clone();
        record_timing(doc, st, timing, h.span.start..start + len, Some(h.level));
        return;
    }
    record_timing(doc, st, timing, start..start + len, None);
}

/// The first line of `s` as [`str::lines`] gives it (without its `\n` or
/// `\r\n`), and what follows it when anything does.
fn split_first_line(s: &str) -> (&str, Option<&str>) {
    match memchr::memchr(b'\n', s.as_bytes()) {
        Some(i) => {
            let line = &s[..i];
            let rest = &s[i + 1..];
            (
                line.strip_suffix('\r').unwrap_or(line),
                (!rest.is_empty()).then_some(rest),
            )
        }
        None => (s, None),
    }
}

/// Files a recognised timing: an activity (with the level of the heading it
/// is, if it is one) or a declared duration.
fn record_timing(
    doc: &mut Document,
    st: &mut BodyState,
    timing: Option<Timing>,
    span: Range<usize>,
    heading_level: Option<u8>,
) {
    match timing {
        Some(Timing::Segment {
            label,
            minutes,
            max,
            has_parts,
        }) => {
            let segment = Segment {
                label,
                minutes,
                max_minutes: max,
                line: 0,
                span,
                heading_level,
                parts: Vec::new(),
            };
            let section = doc.sections.len().checked_sub(1);
            st.flat.push((segment, heading_level, section, has_parts));
        }
        Some(Timing::Duration(n)) => set_duration(doc, n, span),
        None => {}
    }
}

/// Nests timed parts inside their parent activity and files every activity
/// under its `##` section.
fn build_segments(
    doc: &mut Document,
    flat: Vec<(Segment, Option<u8>, Option<usize>, bool)>,
    index: Option<&LineIndex<'_>>,
) {
    let mut items: Vec<(Segment, Option<u8>, Option<usize>, bool)> = flat
        .into_iter()
        .map(|(mut s, l, sec, p)| {
            if let Some(index) = index {
                s.line = index.line_of(s.span.start) + 1;
            }
            (s, l, sec, p)
        })
        .collect();
    items.reverse();
    // borrowed beside the sections it fills (no copy of every heading)
    let headings = &doc.headings;
    while let Some((mut seg, level, section, has_parts)) = items.pop() {
        // scope of a heading activity: up to the next heading of its level or higher
        // (headings are in file order: start after this one, not at the top,
        // or a file of many timed headings is quadratic)
        let scope_end = level.map(|lvl| {
            let after = headings.partition_point(|h| h.span.start <= seg.span.start);
            headings[after..]
                .iter()
                .find(|h| h.level <= lvl)
                .map_or(usize::MAX, |h| h.span.start)
        });
        let mut sum = 0u32;
        while let Some((next, _, next_section, _)) = items.last() {
            let inside_heading = scope_end.is_some_and(|end| next.span.start < end);
            let counted_part = has_parts && sum.saturating_add(next.minutes) <= seg.minutes;
            if next_section != &section || !(inside_heading || counted_part) {
                break;
            }
            let (child, ..) = items.pop().expect("peeked");
            sum = sum.saturating_add(child.minutes);
            seg.parts.push(child);
            if has_parts && !inside_heading && sum >= seg.minutes {
                break;
            }
        }
        match section {
            Some(i) => doc.sections[i].segments.push(seg),
            None => doc.preamble_segments.push(seg),
        }
    }
}

/// `href` and `src` targets in a raw HTML fragment.
fn read_html_links(doc: &mut Document, html: &str, span: Range<usize>) {
    for m in html_targets(html) {
        doc.links.push(Link {
            location: Location::default(),
            target: html[m.clone()].to_string(),
            kind: LinkKind::Html,
            span: span.start + m.start..span.start + m.end,
            text: String::new(),
        });
    }
}

/// An address in HTML: `href="..."`, `src='...'`, `url = "..."`. Read by
/// hand ([`html_targets`]); the pattern is the reference its test holds
/// the reader to.
#[cfg(test)]
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:href|src|url)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("regex")
});

/// Where each [`ATTR`] match's address is in `html`, read by hand with the
/// pattern's own meanings: `\b` looks at the character before (Unicode's
/// `\w`), `\s` is Unicode white space, and `(?i)` lets `ſ` (U+017F) read
/// as `s` (no other character folds to a letter of the three names). The
/// names start with different letters and each later step has one way on,
/// so the first place a match starts is its only one. Why by hand: the
/// pattern was compiled in nearly every run (on the corpus alone, a
/// hundredth of `validate`'s instructions, and a large table zeroed and
/// touched once).
fn html_targets(html: &str) -> Vec<Range<usize>> {
    let b = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // only these bytes can start a name; each starts a character
        if !matches!(b[i], b'h' | b'H' | b's' | b'S' | b'u' | b'U' | 0xC5) {
            i += 1;
            continue;
        }
        match html_target_at(html, i) {
            Some(m) => {
                // the next search starts after the closing quote
                i = m.end + 1;
                found.push(m);
            }
            None => i += 1,
        }
    }
    found
}

/// The address of an [`ATTR`] match starting at byte `i` of `html` (a
/// character boundary), if one does.
fn html_target_at(html: &str, i: usize) -> Option<Range<usize>> {
    let b = html.as_bytes();
    if html[..i]
        .chars()
        .next_back()
        .is_some_and(regex_syntax::is_word_character)
    {
        return None;
    }
    let rest = &b[i..];
    let ci = |w: &[u8], n: &[u8]| w.eq_ignore_ascii_case(n);
    let after = if rest.get(..4).is_some_and(|w| ci(w, b"href")) {
        i + 4
    } else if rest
        .get(..3)
        .is_some_and(|w| ci(w, b"url") || ci(w, b"src"))
    {
        i + 3
    } else if rest.starts_with("\u{17F}".as_bytes()) && rest.get(2..4).is_some_and(|w| ci(w, b"rc"))
    {
        i + 4
    } else {
        return None;
    };
    let j = super::ws_end(html, after);
    (b.get(j) == Some(&b'=')).then_some(())?;
    let j = super::ws_end(html, j + 1);
    let quote = *b.get(j).filter(|q| matches!(q, b'"' | b'\''))?;
    let close = memchr::memchr(quote, &b[j + 1..])?;
    Some(j + 1..j + 1 + close)
}

/// [`html_targets`] by the pattern: the reference its property test holds
/// it to.
#[cfg(test)]
fn html_targets_by_pattern(html: &str) -> Vec<Range<usize>> {
    ATTR.captures_iter(html)
        .map(|c| c.get(1).or(c.get(2)).expect("one group matches").range())
        .collect()
}

/// Folds runs of white space into single spaces and trims: the words of
/// `split_whitespace`, joined by one space.
pub fn fold_space(s: &str) -> String {
    fold_cow(s).into_owned()
}

/// [`fold_space`], borrowing `s` (trimmed) when it is its own folding.
pub fn fold_cow(s: &str) -> std::borrow::Cow<'_, str> {
    // most paragraphs are one line of single-spaced words already: a copy
    // (white space first or last folds away: `trim` knows the same spaces)
    let s = s.trim();
    match folded_shape(s) {
        Some(false) => std::borrow::Cow::Borrowed(s),
        // a paragraph wrapped over lines: each break becomes the space
        Some(true) => std::borrow::Cow::Owned(s.replace('\n', " ")),
        None => std::borrow::Cow::Owned(fold_runs(s)),
    }
}

/// [`fold_space`] the long way, for text that is not already folded.
fn fold_runs(s: &str) -> String {
    // one pass over the bytes, copying each run of words that are already
    // single-spaced whole; a non-ASCII byte is decoded only to ask whether
    // it starts a space (U+00A0, U+3000, ...). `split_whitespace` plus a
    // push per word cost half as much again, and this is called for every
    // paragraph and list item
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut word = 0;
    let mut i = 0;
    while i < bytes.len() {
        // words and the single spaces between them: eight bytes at a time
        // while none is a control byte or non-ASCII (the bit trick of "Bit
        // Twiddling Hacks", `hasless`), no two spaces meet, and neither end
        // is a space (so each space has a letter on both sides); then byte
        // by byte
        while let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if (x.wrapping_sub(ONES * 0x20) & !x | x) & HIGH != 0 {
                break;
            }
            let t = x ^ (ONES * 0x20);
            let spaces = !(((t & !HIGH) + !HIGH) | t) & HIGH;
            if spaces & (spaces >> 8) != 0 || spaces & (0x80 | 0x80 << 56) != 0 {
                break;
            }
            i += 8;
        }
        while i < bytes.len() && (bytes[i] > b' ' && bytes[i] < 0x80) {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        // a single space between two printable ASCII characters stays in
        // the word being read: a sentence is copied whole, not word by word
        if bytes[i] == b' ' && i > word && bytes.get(i + 1).is_some_and(|b| *b > b' ' && *b < 0x80)
        {
            i += 1;
            continue;
        }
        let (space, len) = match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => (true, 1),
            b if b < 0x80 => (false, 1),
            _ => {
                let c = s[i..].chars().next().expect("a char starts here");
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if space {
            push_word(&mut out, &s[word..i]);
            word = i + len;
        }
        i += len;
    }
    push_word(&mut out, &s[word..]);
    out
}

/// A byte of 1 in each of a `u64`'s eight lanes.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of each lane.
const HIGH: u64 = ONES * 0x80;

/// Whether `s` is its own folding once each `\n` in it is a space (and
/// then whether it holds any `\n`), or `None`: a space or `\n` first or
/// last, two together, or a tab, `\r`, other control character or other
/// white space (U+00A0, U+2003, U+3000, ...). One pass over the bytes
/// without branches ([`shape_flags`]); a byte that can start white space
/// past ASCII (`C2`, `E1`, `E2`, `E3`: curly quotes and dashes start with
/// `E2` too) is decoded only where it is.
fn folded_shape(s: &str) -> Option<bool> {
    let b = s.as_bytes();
    if matches!(b.first(), Some(b' ' | b'\n')) || matches!(b.last(), Some(b' ' | b'\n')) {
        return None;
    }
    let flags = shape_flags(b);
    if flags & (CONTROL | GAPS) != 0 {
        return None;
    }
    if flags & MAYBE_SPACE != 0 {
        let starts = memchr::memchr3_iter(0xC2, 0xE1, 0xE2, b).chain(memchr::memchr_iter(0xE3, b));
        for i in starts {
            if s[i..].chars().next().is_some_and(char::is_whitespace) {
                return None;
            }
        }
    }
    Some(flags & BREAK != 0)
}

/// [`shape_flags`]: a control byte other than `\n`.
const CONTROL: u8 = 1;
/// Two gaps (space or `\n`) together.
const GAPS: u8 = 2;
/// A `\n`.
const BREAK: u8 = 4;
/// A byte that may start white space past ASCII.
const MAYBE_SPACE: u8 = 8;

/// What `b` holds of [`CONTROL`], [`GAPS`], [`BREAK`] and [`MAYBE_SPACE`].
/// Each byte and the next, with no branch and no early stop: the compiler
/// makes vector instructions of it. The eight-bytes-at-a-time loop this
/// replaced (bit tricks on a `u64`, a branch per step) cost about twice
/// as many instructions.
fn shape_flags(b: &[u8]) -> u8 {
    let control = |x: u8| ((x < 0x20) & (x != b'\n')) as u8;
    let maybe_space = |x: u8| ((x == 0xC2) | (x == 0xE1) | (x == 0xE2) | (x == 0xE3)) as u8;
    let gap = |x: u8| (x == b' ') | (x == b'\n');
    let mut f = [0u8; 4];
    let next = b.get(1..).unwrap_or_default();
    for (&x, &y) in b.iter().zip(next) {
        f[0] |= control(x);
        f[1] |= (gap(x) & gap(y)) as u8;
        f[2] |= (x == b'\n') as u8;
        f[3] |= maybe_space(x);
    }
    // the last byte has no next: it is not a gap (the caller saw to that)
    if let Some(&x) = b.last() {
        f[0] |= control(x);
        f[3] |= maybe_space(x);
    }
    (f[0] * CONTROL) | (f[1] * GAPS) | (f[2] * BREAK) | (f[3] * MAYBE_SPACE)
}

/// Adds a word (nothing if empty) after a space unless it is the first.
fn push_word(out: &mut String, w: &str) {
    if !w.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A `<` is found in texts short and long, wherever it is.
        #[test]
        fn a_lt_is_found_anywhere(
            text in proptest::collection::vec(proptest::sample::select(vec![b'a', b' ', b'<', 0xE2, b'=']), 0..200),
        ) {
            proptest::prop_assert_eq!(holds_lt(&text), text.contains(&b'<'));
        }
    }

    /// Words of the outcomes and framework patterns and their near misses,
    /// in any case, joined by every kind of gap, with marks the readers
    /// leave to the patterns (`é`, `ſ`, a line break) now and then.
    fn outcome_words() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        let word = proptest::sample::select(vec![
            "1",
            "12",
            "3.",
            "4)",
            "the",
            "The",
            "our",
            "session",
            "meeting",
            "key",
            "intended",
            "main",
            "this",
            "This",
            "week's",
            "weeks",
            "week",
            "today's",
            "todays",
            "Today’s",
            "learning",
            "Learning",
            "intention",
            "intentions",
            "outcome",
            "Outcomes",
            "objective",
            "objectives",
            "aim",
            "aims",
            "goal",
            "goals",
            "success",
            "criteria",
            "what",
            "What",
            "your",
            "ECT",
            "ECTs",
            "ects",
            "mentee",
            "mentees",
            "early",
            "career",
            "teacher",
            "teachers",
            "you",
            "we",
            "they",
            "will",
            "'ll",
            "’ll",
            "should",
            "are",
            "going",
            "to",
            "learn",
            "Learn",
            "LEARN",
            "learned",
            "know",
            "be",
            "able",
            "cover",
            "by",
            "end",
            "of",
            "for",
            "in",
            "module",
            "topic",
            "that",
            "how",
            "howl",
            "thatx",
            "each",
            "every",
            "all",
            "can",
            "x",
            "-",
            "*",
            "_",
            "•",
            "é",
            "ſ",
            "\u{212a}",
        ]);
        let gap = proptest::sample::select(vec![
            " ", " ", " ", "", "  ", "\t", "\u{a0}", ":", " :", ": ", ".", ",", "\n",
        ]);
        proptest::collection::vec((word, gap), 0..9).prop_map(|parts| {
            parts
                .into_iter()
                .flat_map(|(w, g)| [w, g])
                .collect::<String>()
        })
    }

    /// Headings and lead-ins in the shapes the two patterns name, so that
    /// many lines match.
    fn outcome_lines() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        let pick = |v: Vec<&'static str>| proptest::sample::select(v);
        (
            pick(vec!["", "1. ", "2)", "▪ ", "**", "12 ", "- "]),
            pick(vec![
                "",
                "the ",
                "our key ",
                "This week's ",
                "today’s main ",
                "Session ",
                "Intended ",
            ]),
            pick(vec![
                "Learning intentions",
                "outcomes",
                "Aims",
                "Success criteria",
                "goal",
                "What the ECT will learn",
                "what you’ll know",
                "What early career teachers are going to cover",
                "By the end of this session",
                "by the end of today's week",
                "Your ECT will learn that",
                "They can learn how",
                "learn that",
                "Every mentee should learn how to",
                "Objectives",
                "what we'll be able to do",
                "Learn thatx",
            ]),
            pick(vec![
                "",
                " for this session",
                " of the module",
                " in today's topic",
                " for the",
            ]),
            pick(vec!["", ":", " :", "  ", ": ", " and more", ".", "\u{a0}"]),
        )
            .prop_map(|(a, b, c, d, e)| [a, b, c, d, e].concat())
    }

    fn same_as_patterns(line: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        if let Some(hand) = crate::curriculum::outcome_shapes::outcomes(line) {
            proptest::prop_assert_eq!(hand, OUTCOMES.is_match(line), "OUTCOMES on {:?}", line);
        }
        if let Some(hand) = crate::curriculum::outcome_shapes::framework(line) {
            proptest::prop_assert_eq!(hand, FRAMEWORK.is_match(line), "FRAMEWORK on {:?}", line);
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        /// The hand readers decide exactly as the patterns do, on words of
        /// the patterns in any order ...
        #[test]
        fn outcome_readers_agree_on_words_in_any_order(line in outcome_words()) {
            same_as_patterns(&line)?;
        }

        /// ... and on lines in the shapes they name.
        #[test]
        fn outcome_readers_agree_on_their_shapes(line in outcome_lines()) {
            same_as_patterns(&line)?;
        }
    }

    /// The shapes generated above match each pattern often: the comparison
    /// is not only of lines neither pattern names.
    #[test]
    fn generated_outcome_lines_match_both_patterns() {
        use proptest::strategy::{Strategy as _, ValueTree as _};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let lines = outcome_lines();
        let (mut outcomes, mut framework, mut readable) = (0, 0, 0);
        for _ in 0..2000 {
            let line = lines.new_tree(&mut runner).expect("a line").current();
            readable += usize::from(crate::curriculum::outcome_shapes::outcomes(&line).is_some());
            outcomes += usize::from(OUTCOMES.is_match(&line));
            framework += usize::from(FRAMEWORK.is_match(&line));
        }
        assert!(readable > 1500, "{readable} of 2000 readable");
        assert!(
            outcomes > 200 && framework > 100,
            "{outcomes} and {framework} of 2000"
        );
    }

    #[test]
    fn outcome_text_past_the_readers_goes_to_the_patterns() {
        // `ſ` folds to `s` under `(?i)`; a line break ends `.*`
        assert_eq!(crate::curriculum::outcome_shapes::outcomes("Aimſ"), None);
        assert!(names_outcomes("Aimſ"));
        assert_eq!(
            crate::curriculum::outcome_shapes::framework("é learn that"),
            None
        );
        assert_eq!(
            crate::curriculum::outcome_shapes::framework("Teacherſ will learn that"),
            None
        );
        assert!(states_learning("Teacherſ will learn that"));
        // past the words, what follows is not looked at
        assert_eq!(
            crate::curriculum::outcome_shapes::framework("Learn that é"),
            Some(true)
        );
        assert_eq!(
            crate::curriculum::outcome_shapes::outcomes("Aims:\nmore"),
            None
        );
        assert!(!names_outcomes("Aims:\nmore"));
        // a break is white space to the framework pattern
        assert_eq!(
            crate::curriculum::outcome_shapes::framework("You will\nlearn that"),
            Some(true)
        );
    }

    proptest::proptest! {
        /// Folding is `split_whitespace` joined by single spaces, whichever
        /// way it is done, for text mixing words with every kind of space.
        #[test]
        fn fold_space_is_words_joined_by_one_space(
            parts in proptest::collection::vec(proptest::prop_oneof![
                "[a-zA-Z’é–]{1,6}", "[a-z0-9.,!]{7,30}", " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{A0}",
                "\u{2003}", "\u{3000}", "\u{85}", "\u{0C}", "\u{2028}", "\u{202F}", "\u{1F}",
            ], 0..20),
        ) {
            let s: String = parts.concat();
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(fold_space(&s), want);
        }
    }

    proptest::proptest! {
        /// The first two lines are those `lines` gives, whatever the line
        /// endings.
        #[test]
        fn first_lines_are_those_lines_gives(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "(5 mins)", " ", "\n", "\r\n", "\r", "\n\n"]),
                0..8,
            ),
        ) {
            let s = parts.concat();
            let mut lines = s.lines();
            let (first, rest) = split_first_line(&s);
            proptest::prop_assert_eq!(first, lines.next().unwrap_or(""));
            proptest::prop_assert_eq!(rest.map(|r| split_first_line(r).0), lines.next());
        }
    }

    /// What [`folded_shape`] says, worked out from the folding itself: with
    /// no control character but `\n`, and each `\n` a space, the text is
    /// its own folding.
    fn shape_the_long_way(s: &str) -> Option<bool> {
        let spaced = s.replace('\n', " ");
        let folded = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
        (folded == spaced && !s.bytes().any(|b| b < 0x20 && b != b'\n')).then(|| s.contains('\n'))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The look that spares folding answers exactly for text that is
        /// its own folding, once its line breaks are spaces: single-spaced
        /// words with quotes, dashes and accents, and every white space
        /// character on either side of an eight-byte edge.
        #[test]
        fn text_already_folded_is_told_exactly(
            parts in proptest::collection::vec(proptest::prop_oneof![
                8 => proptest::sample::select(vec![
                    "a", "word", "Routines", "’", "“q”", "–", "é", "ö", "€", "☃", "x.", "12", " ",
                ]),
                1 => proptest::sample::select(vec![
                    "  ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{A0}", "\u{85}", "\u{1680}",
                    "\u{2000}", "\u{200A}", "\u{200B}", "\u{2028}", "\u{2029}", "\u{202F}",
                    "\u{205F}", "\u{3000}", "\u{3001}", "\u{1F}", "\u{7F}",
                ]),
            ], 0..24),
        ) {
            let s: String = parts.concat();
            proptest::prop_assert_eq!(folded_shape(&s), shape_the_long_way(&s), "{:?}", s);
        }

        /// Folding the long way gives the same words for any text, with
        /// spaces single and doubled on either side of an eight-byte edge.
        #[test]
        fn folding_the_long_way_keeps_the_words(
            parts in proptest::collection::vec(proptest::prop_oneof![
                "[a-z ]{1,12}", " ", "  ", "\n", "\r\n", "\t", "\u{A0}", "\u{3000}", "’", "\u{1F}",
            ], 0..12),
        ) {
            let s: String = parts.concat();
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(fold_runs(&s), want, "{:?}", s);
        }

        /// The same for letters, spaces and line breaks alone: gaps that
        /// meet anywhere, first, last or alone are told.
        #[test]
        fn meeting_spaces_and_breaks_are_told(s in "[a-z \n]{0,40}") {
            proptest::prop_assert_eq!(folded_shape(&s), shape_the_long_way(&s), "{:?}", s);
        }
    }

    fn parse_str(rel: &str, text: &str) -> (Document, Vec<crate::diag::Diagnostic>) {
        let mut d = FileDiagnostics::new(rel, text);
        let doc = parse(rel, text, &mut d);
        (doc, d.found)
    }

    pub(super) const SESSION: &str = "---\ntitle: \"Year 1 Autumn week 2 mentor materials\"\nheading: Mentor materials\ncaption: Autumn week 2\n---\n\n## Routines\n\n### Learning intentions\n\nYour ECT will learn that:\n\n- Routines free attention\n  for learning.\n- Expectations are taught.\n\n### Meeting activities\n\nDuration: 50 minutes.\n\nReview: 10 mins\n\nLook back at [last week](/p/year-1-m/autumn-week-1-mentor-materials).\n\nTheory to Practice (35 mins - Parts A and B)\n\nPart A: 20 mins\n\nPart B: 15 mins\n\nNext Steps: 5 mins\n\nThe ECT has 60 minutes from lunch.\n";

    #[test]
    fn minutes_past_u32_saturate_instead_of_overflowing() {
        // a 50 MB file of `A 999 min` lines adds up past u32::MAX: the debug
        // build panicked with "attempt to add with overflow"
        let (mut doc, _) = parse_str("p/year-1-m/autumn-week-2-mentor-materials.md", SESSION);
        for s in &mut doc.sections[0].segments {
            s.minutes = u32::MAX / 2;
        }
        assert_eq!(doc.total_minutes(), Some(u32::MAX));
        let text = format!("{SESSION}\n{}", "A 999 min\n\nA 998 min\n\n".repeat(10));
        let (doc, _) = parse_str("p/year-1-m/autumn-week-2-mentor-materials.md", &text);
        assert_eq!(doc.total_minutes(), Some(50 + 10 * (999 + 998)));
    }

    #[test]
    fn reads_a_session() {
        let (doc, diags) = parse_str("p/year-1-m/autumn-week-2-mentor-materials.md", SESSION);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.kind, FileKind::Session);
        assert_eq!(doc.title(), Some("Year 1 Autumn week 2 mentor materials"));
        assert_eq!(
            doc.learning_intentions,
            [
                "Routines free attention for learning.",
                "Expectations are taught."
            ]
        );
        let labels: Vec<_> = doc
            .segments()
            .map(|s| (s.label.as_str(), s.minutes))
            .collect();
        assert_eq!(
            labels,
            [
                ("Review", 10),
                ("Theory to Practice", 35),
                ("Next Steps", 5)
            ]
        );
        let t2p = doc.segments().nth(1).unwrap();
        assert_eq!(t2p.parts.len(), 2);
        assert_eq!(doc.sections.len(), 1);
        assert_eq!(doc.sections[0].duration.as_ref().map(|d| d.0), Some(50));
        assert_eq!(doc.total_minutes(), Some(50));
        assert_eq!(doc.links.len(), 1);
        let review = doc.segments().next().unwrap();
        assert_eq!(review.line, 21);
    }

    #[test]
    fn reads_intentions_written_without_a_list() {
        let text = "---\ntitle: x\n---\n### Learning intentions\n\nYour ECT will learn how:\n\n▪ To plan a sequence.\n\n▪ To check recall.\n\n### Next\n\ntext\n";
        let (doc, _) = parse_str("p/m/autumn-week-1-mentor-materials.md", text);
        assert_eq!(
            doc.learning_intentions,
            ["To plan a sequence.", "To check recall."]
        );
    }

    #[test]
    fn marks_empty_headings() {
        let text = "---\ntitle: x\n---\n## A\n### B\ntext\n## C\n## D\nmore\n### E\n";
        let (doc, _) = parse_str("p/m.md", text);
        let empty: Vec<_> = doc
            .headings
            .iter()
            .filter(|h| !h.has_content)
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(empty, ["C", "E"]);
    }

    #[test]
    fn reports_front_matter_problems() {
        let (_, d) = parse_str("p/m.md", "no front matter\n");
        assert_eq!(d[0].message, "file has no front matter");
        let (_, d) = parse_str("p/m.md", "---\ntitle: a: b\n---\n");
        assert!(
            d[0].message.starts_with("front matter is not valid YAML"),
            "{d:?}"
        );
        assert_eq!(d[0].location.line, 2);
        let (_, d) = parse_str("p/m.md", "---\n- a\n- b\n---\n");
        assert_eq!(
            d[0].message,
            "front matter is a list, not `key: value` lines"
        );
        let (_, d) = parse_str("p/m.md", "---\nheading: x\n---\n");
        assert_eq!(d[0].message, "front matter has no `title`");
        let (_, d) = parse_str("p/m.md", "---\ntitle: [1, 2]\n---\n");
        assert_eq!(d[0].message, "`title` must be text");
        assert_eq!(d[0].location.line, 2);
    }

    #[test]
    fn front_matter_overrides_path_facts() {
        let text = "---\ntitle: x\nterm: spring\nweek: 4\nyear: 2\n---\n";
        let (doc, d) = parse_str("p/m/notes-autumn-week-1.md", text);
        assert!(d.is_empty());
        assert_eq!(doc.facts.term, Some(Term::Spring));
        assert_eq!((doc.facts.year, doc.facts.week), (Some(2), Some(4)));
    }

    #[test]
    fn heading_activities_hold_their_sub_activities() {
        let text = "---\ntitle: x\n---\n## S\n### Activities (20 minutes)\n#### Part one (5 minutes)\nx\n#### Part two (15 minutes)\ny\n### Close (5 minutes)\nz\n";
        let (doc, _) = parse_str("p/m/autumn-training-session-1.md", text);
        let top: Vec<_> = doc
            .segments()
            .map(|s| (s.label.as_str(), s.parts.len()))
            .collect();
        assert_eq!(top, [("Activities", 2), ("Close", 0)]);
    }

    fn groups(doc: &Document) -> Vec<(String, Vec<String>)> {
        doc.learning_intention_groups
            .iter()
            .map(|g| (g.lead_in.clone(), g.items.clone()))
            .collect()
    }

    #[test]
    fn outcomes_are_found_by_meaning_with_their_lead_ins() {
        for heading in [
            "## Objectives",
            "### What the ECT will learn",
            "#### Aims of this session:",
            "##### Success criteria",
            "### Learning outcomes for this meeting",
            "## What you'll learn",
        ] {
            let text = format!(
                "---\ntitle: x\n---\n## Topic\n\n{heading}\n\nBy the end, the teacher will know that:\n\n- Pupils remember what they [rehearse](/assets/rehearsal.pdf).\n- Quizzes are for learning.\n\nAnd learn how to:\n\n* Plan a low-stakes quiz.\n\n### Warm-up (5 minutes)\n\nTalk.\n"
            );
            let (doc, _) = parse_str("p/m/autumn-week-1-mentor-materials.md", &text);
            assert_eq!(
                groups(&doc),
                [
                    (
                        "By the end, the teacher will know that:".to_string(),
                        vec![
                            "Pupils remember what they [rehearse](/assets/rehearsal.pdf)."
                                .to_string(),
                            "Quizzes are for learning.".to_string()
                        ]
                    ),
                    (
                        "And learn how to:".to_string(),
                        vec!["Plan a low-stakes quiz.".to_string()]
                    )
                ],
                "{heading}"
            );
            assert_eq!(
                doc.learning_intentions[0], "Pupils remember what they rehearse.",
                "{heading}"
            );
        }
    }

    #[test]
    fn framework_statements_count_wherever_they_are() {
        let text = "---\ntitle: x\n---\n## Feedback that sticks\n\nIn this meeting your ECT will learn that:\n\n- Feedback should move thinking on.\n\n- Learn how to give feedback pupils act on, by:\n  - Naming one next step.\n  - Checking it was taken.\n\n## Activities\n\nLearn that silence after a question helps.\n";
        let (doc, _) = parse_str("p/m/autumn-week-1-mentor-materials.md", text);
        assert_eq!(
            groups(&doc),
            [
                (
                    "In this meeting your ECT will learn that:".to_string(),
                    vec!["Feedback should move thinking on.".to_string()]
                ),
                (
                    "Learn how to give feedback pupils act on, by:".to_string(),
                    vec![
                        "Naming one next step.".to_string(),
                        "Checking it was taken.".to_string()
                    ]
                ),
                (
                    String::new(),
                    vec!["Learn that silence after a question helps.".to_string()]
                )
            ]
        );
    }

    #[test]
    fn a_bare_time_under_a_heading_times_the_heading() {
        let text = "---\ntitle: x\n---\n## Session\n\nDuration: 45 minutes.\n\n### Getting started\n\n(5 minutes)\n\nSay hello.\n\n### Practising the routine\n\n*Suggested timing: 20-30 mins*\n\nRehearse (10 minutes) twice.\n";
        let (doc, _) = parse_str("p/m/autumn-week-1-mentor-materials.md", text);
        let seen: Vec<_> = doc
            .segments()
            .map(|s| (s.label.as_str(), s.range(), s.line))
            .collect();
        assert_eq!(
            seen,
            [
                ("Getting started", (5, 5), 8),
                ("Practising the routine", (20, 30), 14)
            ]
        );
        assert_eq!(doc.total_range(), Some((25, 35)));
        assert_eq!(doc.declared_minutes(), Some(45));
        // under a later `##` heading, still before the first activity
        let later = text.replace(
            "## Session\n\nDuration: 45 minutes.",
            "## About\n\nText.\n\n## Plan\n\nDuration: 40 minutes.",
        );
        let (doc, _) = parse_str("p/m/autumn-week-1-mentor-materials.md", &later);
        assert_eq!(doc.declared_minutes(), Some(40));
        // after the first activity it is a section's length, not the session's
        let after =
            text.replace("Duration: 45 minutes.\n\n", "") + "\n## Extra\n\nDuration: 30 minutes.\n";
        let (doc, _) = parse_str("p/m/autumn-week-1-mentor-materials.md", &after);
        assert_eq!(doc.declared_minutes(), None);
    }

    #[test]
    fn intention_links_stay_one_link() {
        let text =
            "---\ntitle: x\n---\n### Aims\n\n- Read the [guide](</assets/a b (v2).pdf>) first.\n";
        let (doc, _) = parse_str("p/m/autumn-week-1-mentor-materials.md", text);
        assert_eq!(
            doc.learning_intention_groups[0].items,
            ["Read the [guide](/assets/a%20b%20%28v2%29.pdf) first."]
        );
        assert_eq!(doc.learning_intentions, ["Read the guide first."]);
    }

    #[test]
    fn outcomes_typed_as_paragraphs_are_read() {
        // a converted page: the heading and the list are plain paragraphs
        let text = "---\ntitle: x\n---\n## Talk\n\n**Learning intentions for this session**\n\nYour ECT will learn how to:\n\nRun paired talk, by:\n\n4a.Giving each partner a role.\n\n4b. Timing each turn.\n\nIntroduction\n\nSome prose about talk.\n\n- A list that is not an outcome.\n";
        let (doc, _) = parse_str("p/m/autumn-week-1-mentor-materials.md", text);
        assert_eq!(
            groups(&doc),
            [(
                "Your ECT will learn how to: Run paired talk, by:".to_string(),
                vec![
                    "4a.Giving each partner a role.".to_string(),
                    "4b. Timing each turn.".to_string()
                ]
            )]
        );
    }
}

/// The addresses in HTML, read by hand, held to the pattern.
#[cfg(test)]
mod html_target_tests {
    use super::*;
    use proptest::strategy::Strategy as _;

    /// HTML fragments from the pattern's pieces and near misses: names in
    /// any case and inside words, every ASCII space, both quotes, unclosed
    /// quotes, curly quotes and dashes, and what `\b`, `\s` and `(?i)` mean
    /// past ASCII: `ſ` for `s`, spaces of two and three bytes, and
    /// characters before a name that are (a letter, a combining mark, a
    /// figure, a joining `‿`) or are not (`½`, `→`) word characters.
    fn fragments() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec![
                "<a ",
                "<img ",
                "href",
                "HREF",
                "Href",
                "src",
                "SRC",
                "url",
                "xhref",
                "_src",
                "hrefs",
                "=",
                " = ",
                " ",
                "\t",
                "\n",
                "\r",
                "\"",
                "'",
                "/p/m/x",
                "https://e.org/a b",
                ">",
                "</a>",
                "’",
                "–",
                "é",
                "ſrc",
                "ſRC",
                "\u{A0}",
                "\u{3000}",
                "\u{2028}",
                "\u{85}",
                "\u{301}",
                "٣",
                "‿",
                "½",
                "→",
                "K",
                "(",
                ":",
                "url(",
            ]),
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Fragments of one to three attributes shaped like the pattern, each
    /// place filled from its choices (near misses among them).
    fn attributes() -> impl proptest::strategy::Strategy<Value = String> {
        let pick = |v: Vec<&'static str>| proptest::sample::select(v);
        let one = (
            pick(vec![
                "<a ", " ", "", "x", "_", "’", "(", "<img\n", "é", "\u{301}", "½", "\u{3000}",
            ]),
            pick(vec![
                "href", "HREF", "src", "Src", "url", "hre", "ſrc", "ſRc", "srcs",
            ]),
            pick(vec!["", " ", "\t", "\n ", "\u{A0}", "\u{2003}", "\u{85}"]),
            pick(vec!["=", "=", "=", ":", "=="]),
            pick(vec!["", " ", "\r\n"]),
            pick(vec!["\"", "'", "\"", "'", "“", ""]),
            pick(vec![
                "/p/m/x",
                "",
                "https://e.org/a b",
                "a'b",
                "a\"b",
                "é",
                "–",
            ]),
            pick(vec!["\"", "'", "", "\">", "'/>"]),
        )
            .prop_map(|(a, b, c, d, e, f, g, h)| [a, b, c, d, e, f, g, h].concat());
        proptest::collection::vec(one, 1..4).prop_map(|parts| parts.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        #[test]
        fn html_addresses_are_found_as_the_pattern_finds_them(
            html in proptest::prop_oneof![fragments(), attributes()],
        ) {
            proptest::prop_assert_eq!(html_targets(&html), html_targets_by_pattern(&html), "{:?}", html);
        }
    }

    /// The fragments reach the pattern many times, some with two
    /// addresses, some past ASCII (an `ſ` name, a wide space), and some
    /// where a word character past ASCII before a name stops a match.
    #[test]
    fn generated_fragments_reach_the_pattern() {
        use proptest::strategy::ValueTree as _;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let made = attributes();
        let (mut one, mut two, mut wide, mut stopped) = (0, 0, 0, 0);
        for _ in 0..20000 {
            let html = made.new_tree(&mut runner).expect("a fragment").current();
            let n = html_targets_by_pattern(&html).len();
            one += usize::from(n >= 1);
            two += usize::from(n >= 2);
            wide += usize::from(n >= 1 && (html.contains('ſ') || html.contains('\u{2003}')));
            // the same fragment after a plain space would match once more
            let freed = html.replacen("\u{301}", " ", 1);
            stopped += usize::from(html_targets_by_pattern(&freed).len() > n);
        }
        assert!(
            one >= 100 && two >= 10 && wide >= 20 && stopped >= 10,
            "{one} with an address, {two} with two, {wide} past ASCII, {stopped} stopped by a mark"
        );
    }

    #[test]
    fn addresses_past_ascii_are_found() {
        let html = "<img ſrc=\u{3000}\"/a.png\"> é href='/b' ühref=\"/c\" ½url=\"/d\"";
        let found: Vec<&str> = html_targets(html).into_iter().map(|r| &html[r]).collect();
        assert_eq!(found, ["/a.png", "/b", "/d"]);
        assert_eq!(html_targets(html), html_targets_by_pattern(html));
    }
}

/// Reading for the checks ([`Reading::Checks`]) leaves out what only
/// agendas use and nothing else: held to a full reading over generated
/// files of every kind.
#[cfg(test)]
mod reading_tests {
    use super::*;

    /// Pieces of Markdown a file is built from: outcomes headings and
    /// stated intentions, framework lead-ins and statements, item-like
    /// paragraphs, lists with lead-in items, timings, links, HTML, quotes,
    /// tables and code.
    const PIECES: &[&str] = &[
        "## Session goals\n",
        "### Learning intentions\n",
        "#### Objectives:\n",
        "### What your mentee will learn\n",
        "### Success criteria\n",
        "## Intended outcome: noticing when a routine slips\n",
        "## Warm-up (10 mins)\n",
        "### Practice [15 minutes]\n",
        "# Module title\n",
        "By the close of the session the teacher will be able to:\n",
        "Your ECT will learn that:\n",
        "Learn how to pace a starter, by:\n",
        "Learn that feedback lands better when it is specific.\n",
        "Learning intentions\n",
        "▪ Rehearse the opening minute\n",
        "4b. Model the worked example\n",
        "Recap: 5 mins\n",
        "Role play (20 minutes)\n",
        "Duration: 45 minutes\n",
        "Plain words about the week, with a [link](/p/year-1-m/autumn-week-2-mentor-materials).\n",
        "What will you try first?\n",
        "A paragraph long enough to be a repeat, wrapped\nover two lines  with a double space.\n",
        "An aside with <span>inline HTML</span> and a lone a < b.\n",
        "<div>block html</div>\n",
        "- Spot the cue\n- Name the habit\n",
        "- Learn how to settle a class, by:\n  - greeting at the door\n  - a task ready on the desk\n",
        "1. First step?\n2. Second [step](/assets/sheet.pdf)\n",
        "- [ ] a task\n- [x] done\n",
        "> a quoted line (5 mins)\n",
        "| Part | Time |\n| --- | --- |\n| Review | 5 mins |\n",
        "```\nReview: 5 mins\n```\n",
        "    indented code\n",
        "![picture](/assets/pic.png)\n",
    ];

    /// Paths of each kind a file can be.
    const PATHS: &[&str] = &[
        "p/year-1-m/autumn-week-2-mentor-materials.md",
        "p/year-1-m.md",
        "p.md",
        "p/year-1-m/notes.md",
    ];

    /// A file with front matter, built from the pieces `picks` names
    /// (each taken modulo the number of pieces), a blank line apart.
    fn file_of(picks: &[usize]) -> String {
        let mut text = String::from("---\ntitle: \"Year 1 Autumn week 2\"\n---\n\n");
        for p in picks {
            text.push_str(PIECES[p % PIECES.len()]);
            text.push('\n');
        }
        text
    }

    /// Both readings of `text` at `rel`, with the rules' findings on each.
    fn both(rel: &str, text: &str) -> [(Document, Vec<crate::diag::Diagnostic>); 2] {
        [Reading::Content, Reading::Checks].map(|reading| {
            let mut d = FileDiagnostics::new(rel, text);
            let doc = parse_for(rel, text, &mut d, reading);
            crate::rules::file::check(&doc, text, &mut d);
            (doc, d.found)
        })
    }

    /// Whether the checks' reading of `text` at `rel` is the full one
    /// without intentions, items, paragraphs' and links' texts and the
    /// activities' lines, and the rules find the same.
    fn agrees(rel: &str, text: &str) -> Result<(), String> {
        let [(mut full, full_found), (checks, checks_found)] = both(rel, text);
        if !checks.learning_intentions.is_empty()
            || !checks.learning_intention_groups.is_empty()
            || !checks.items.is_empty()
            || checks.paragraphs.iter().any(|(p, _)| !p.is_empty())
            || checks.links.iter().any(|l| !l.text.is_empty())
        {
            return Err("the checks' reading kept intentions, items or texts".into());
        }
        full.learning_intentions.clear();
        full.learning_intention_groups.clear();
        full.items.clear();
        for (p, _) in &mut full.paragraphs {
            p.clear();
        }
        for l in &mut full.links {
            l.text.clear();
        }
        // nor the lines of its timed activities, links and headings
        for l in &mut full.links {
            l.location = LineIndex::new("").keep_place(0..0);
            l.location.line_span = l.span.clone();
        }
        for h in &mut full.headings {
            h.location = LineIndex::new("").keep_place(0..0);
            h.location.line_span = h.span.clone();
        }
        fn no_lines(segments: &mut [Segment]) {
            for s in segments {
                s.line = 0;
                no_lines(&mut s.parts);
            }
        }
        no_lines(&mut full.preamble_segments);
        for section in &mut full.sections {
            no_lines(&mut section.segments);
        }
        if format!("{full:?}") != format!("{checks:?}") {
            return Err(format!("documents differ:\n{full:?}\n{checks:?}"));
        }
        if full_found != checks_found {
            return Err(format!(
                "findings differ:\n{full_found:?}\n{checks_found:?}"
            ));
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        #[test]
        fn checks_reading_is_the_full_one_less_intentions(
            path in 0..PATHS.len(),
            picks in proptest::collection::vec(0..PIECES.len(), 0..14),
        ) {
            let text = file_of(&picks);
            if let Err(why) = agrees(PATHS[path], &text) {
                proptest::prop_assert!(false, "{}\n{}", why, text);
            }
        }
    }

    /// The generated files do reach what the checks' reading leaves out:
    /// many have intentions and kept items when read in full, and the
    /// readings agree on every one of them.
    #[test]
    fn generated_files_reach_intentions_and_items() {
        // a fixed pseudo-random walk over the pieces (no seed to vary)
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let (mut with_intentions, mut with_items, mut with_link_text) = (0, 0, 0);
        let mut repeats = 0;
        for n in 0..300 {
            let picks: Vec<usize> = (0..(n % 12 + 2))
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x % 1000) as usize
                })
                .collect();
            let text = file_of(&picks);
            let rel = PATHS[n % PATHS.len()];
            agrees(rel, &text).unwrap_or_else(|why| panic!("{why}\n{text}"));
            let [(full, found), _] = both(rel, &text);
            repeats += usize::from(found.iter().any(|d| d.rule == "duplicate-paragraph"));
            with_intentions += usize::from(!full.learning_intention_groups.is_empty());
            with_items += usize::from(!full.items.is_empty());
            with_link_text += usize::from(full.links.iter().any(|l| !l.text.is_empty()));
        }
        assert!(
            with_intentions > 100,
            "{with_intentions} files with intentions"
        );
        assert!(with_items > 30, "{with_items} files with items");
        assert!(
            with_link_text > 30,
            "{with_link_text} files with link texts"
        );
        assert!(repeats >= 5, "{repeats} files with a repeated paragraph");
    }

    /// The example session of the tests above, read both ways.
    #[test]
    fn a_session_read_for_the_checks_has_no_intentions() {
        let rel = "p/year-1-m/autumn-week-2-mentor-materials.md";
        let [(full, _), (checks, _)] = both(rel, super::tests::SESSION);
        assert_eq!(full.learning_intentions.len(), 2);
        assert!(checks.learning_intentions.is_empty());
        assert_eq!(full.segments().count(), checks.segments().count());
        agrees(rel, super::tests::SESSION).unwrap();
    }
}
