//! Action plans: `plans/<pair>/action-plans/<YYYY-MM-DD>.md`, Markdown a
//! mentor edits in any editor. Read forgivingly, with line numbers, into
//! [`ActionPlan`]; checked with the rules `plan`, `plan-target` and
//! `plan-dates`. Reading only: a new plan is written by `plan::text`
//! through `write`.
//!
//! The format (documented in `docs/plans.md`):
//!
//! ```text
//! ---
//! pair: jo-alex
//! created: 2026-11-23
//! review: 2027-01-05
//! status: active            # active | closed
//! session: curriculum/...   # optional: the session the plan came from
//! superseded_by: 2027-01-05.md   # when closed by a newer plan
//! ---
//!
//! ## Target: Use cold calling in every lesson with 8C
//!
//! - Measure: every pupil answers at least once a lesson
//! - Standard: 4
//! - Due: 2027-01-15
//! - Status: open            # open | met | dropped
//!
//! - [ ] Script five questions for Monday (2026-11-30)
//! ```
//!
//! Field lines may be bullets or plain lines, in any case, with or without
//! bold (`**Due:**`). A value in brackets, `(like this)`, is a prompt still
//! to be filled in and counts as empty.

pub mod text;

use crate::diag::{Diagnostic, FileDiagnostics, Location, Severity, at_file_start};
use crate::front_matter::{self, SplitError};
use crate::repo::{Repo, read_checked};
use crate::yaml_pos::{Positions, ypath};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The folder of a pair's action plans.
pub const FOLDER: &str = "action-plans";

/// Mentoring guidance: at most this many open targets at a time.
pub const MAX_OPEN_TARGETS: usize = 3;

/// Whether a plan is the pair's current one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum PlanStatus {
    /// The current plan: its targets are being worked on.
    Active,
    /// Replaced by a newer plan, or finished.
    Closed,
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Active => "active",
            PlanStatus::Closed => "closed",
        }
    }
}

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetStatus {
    /// Still being worked on: carried into the next plan.
    Open,
    /// Achieved.
    Met,
    /// Given up or replaced.
    Dropped,
}

impl TargetStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetStatus::Open => "open",
            TargetStatus::Met => "met",
            TargetStatus::Dropped => "dropped",
        }
    }

    /// Reads `open`, `Met`, `achieved`, `in progress`...
    pub fn parse(s: &str) -> Option<TargetStatus> {
        let s = s.trim().trim_end_matches(['.', '!']).trim().to_lowercase();
        Some(match s.as_str() {
            "open" | "in progress" | "ongoing" | "active" | "not met" | "not yet met" => {
                TargetStatus::Open
            }
            "met" | "achieved" | "done" | "complete" | "completed" => TargetStatus::Met,
            "dropped" | "abandoned" | "removed" | "withdrawn" => TargetStatus::Dropped,
            _ => return None,
        })
    }
}

/// An action step: a task-list item under a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub done: bool,
    pub text: String,
    /// The first `YYYY-MM-DD` written in the step, if any.
    pub date: Option<NaiveDate>,
    /// 1-based line.
    pub line: usize,
}

/// One `## Target:` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// What the ECT will do: the heading's text after `Target:`.
    pub text: String,
    /// 1-based line of the heading.
    pub line: usize,
    /// The heading is still the prompt `ect plan new` wrote: not a target yet.
    pub template: bool,
    /// How both will know it is met.
    pub measure: Option<String>,
    /// The Teachers' Standards it serves (1 to 8), as written.
    pub standards: Vec<u8>,
    pub due: Option<NaiveDate>,
    pub status: TargetStatus,
    pub steps: Vec<Step>,
    /// Byte range of the whole section in the file, heading included.
    pub section: Range<usize>,
    /// Byte offset of the first field line (`Measure:` ...), if any.
    first_field: Option<usize>,
    /// The section already says which plan it was carried from.
    carried: bool,
    /// `Was due: DATE`: carried overdue into this plan, with a new due date
    /// still to agree.
    pub was_due: Option<NaiveDate>,
}

impl Target {
    /// Open, and written (not the empty template).
    pub fn is_open(&self) -> bool {
        self.status == TargetStatus::Open && !self.template
    }

    /// Open and past its due date on `day`.
    pub fn is_overdue(&self, day: NaiveDate) -> bool {
        self.is_open() && self.due.is_some_and(|d| d < day)
    }
}

/// One action plan, as far as it could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPlan {
    /// Repository-relative path.
    pub path: String,
    /// The pair's folder name.
    pub pair_id: String,
    /// The date in the file name.
    pub date: NaiveDate,
    /// `pair:` as written.
    pub pair: Option<String>,
    /// `created:`; the file name's date when absent.
    pub created: Option<NaiveDate>,
    pub review: Option<NaiveDate>,
    /// `status:`; `active` when absent.
    pub status: PlanStatus,
    /// The session the plan came from (a repository-relative path).
    pub session: Option<String>,
    /// The file name of the plan that replaced this one.
    pub superseded_by: Option<String>,
    pub targets: Vec<Target>,
    /// Where `review:` is written (else where `status:` is, else line 1).
    pub review_at: Location,
    /// Where `status:` is written (else line 1).
    pub status_at: Location,
}

impl ActionPlan {
    /// The day the plan was written.
    pub fn created_on(&self) -> NaiveDate {
        self.created.unwrap_or(self.date)
    }

    pub fn is_active(&self) -> bool {
        self.status == PlanStatus::Active
    }

    /// Targets still open (templates left out).
    pub fn open_targets(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(|t| t.is_open())
    }

    /// The file name, `2026-11-23.md`.
    pub fn file_name(&self) -> String {
        format!("{}.md", self.date)
    }
}

/// The repository-relative path of `id`'s plan of `date`.
pub fn rel_path(plans: &str, id: &str, date: NaiveDate) -> String {
    let plans = plans.trim_start_matches("./").trim_end_matches('/');
    format!("{plans}/{id}/{FOLDER}/{date}.md")
}

/// Reads a date the way teachers write them: `2027-01-15`, `15/01/2027`,
/// `15 January 2027`, `Friday 15 Jan 2027`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim().trim_end_matches(['.', ',']).trim();
    [
        "%Y-%m-%d",
        "%d/%m/%Y",
        "%d %B %Y",
        "%A %d %B %Y",
        "%A, %d %B %Y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// A value written as `(a prompt)`: still to be filled in.
fn is_prompt(s: &str) -> bool {
    let s = s.trim();
    s.is_empty() || (s.starts_with('(') && s.ends_with(')'))
}

// Its fields are the keys `KEYS` the reader knows (a test keeps the two the
// same); the reader takes them key by key so that each bad value is
// reported at its own line, and dates in other spellings are read.
/// The front matter of an action plan
/// (`plans/<pair>/action-plans/<date>.md`).
#[allow(dead_code)] // the schema's type: schemars reads it, `front` reads key by key
#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct PlanFrontMatter {
    /// The pair's id: the folder the plan is in.
    pub pair: String,
    /// The day the plan was written (default: the file name's date).
    pub created: Option<NaiveDate>,
    /// The meeting at which the targets are reviewed: put it in the diary.
    pub review: Option<NaiveDate>,
    /// `active`: the pair's current plan (the default); `closed`: replaced.
    pub status: Option<PlanStatus>,
    /// The session file the plan came from, if any.
    pub session: Option<String>,
    /// On a closed plan: the file name of the plan that replaced it.
    pub superseded_by: Option<String>,
}

/// Keys the front matter knows.
const KEYS: &[&str] = &[
    "pair",
    "created",
    "review",
    "status",
    "session",
    "superseded_by",
];

fn push(
    d: &mut FileDiagnostics<'_>,
    rule: &'static str,
    severity: Severity,
    span: Range<usize>,
    message: String,
    hint: &str,
) {
    d.push_at(rule, severity, span, message, hint);
}

/// Lines of `text[from..to]`: (start, text without line ending, next start).
fn lines(text: &str, from: usize, to: usize) -> impl Iterator<Item = (usize, &str, usize)> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= to {
            return None;
        }
        let start = pos;
        let end = text[start..to].find('\n').map_or(to, |i| start + i + 1);
        pos = end;
        Some((start, text[start..end].trim_end_matches(['\n', '\r']), end))
    })
}

/// Reads the plan `text` at repository-relative `path`, in pair folder
/// `pair_id`, dated `date` by its file name. Returns the plan and every
/// problem that needs no other file and no clock.
pub fn parse(
    path: &str,
    pair_id: &str,
    date: NaiveDate,
    text: &str,
) -> (ActionPlan, Vec<Diagnostic>) {
    let mut d = FileDiagnostics::new(path, text);
    let start = d.index.locate(0..0);
    let mut plan = ActionPlan {
        path: path.to_string(),
        pair_id: pair_id.to_string(),
        date,
        pair: None,
        created: None,
        review: None,
        status: PlanStatus::Active,
        session: None,
        superseded_by: None,
        targets: Vec::new(),
        review_at: start.clone(),
        status_at: start,
    };
    let (body_start, front_ok) = front(text, &mut d, &mut plan);
    body(text, body_start, &mut d, &mut plan);
    checks(text, front_ok, &mut d, &plan);
    d.found
        .sort_by_key(|f| (f.location.line, f.location.column));
    (plan, d.found)
}

const FRONT_HINT: &str = "start the file with a line `---`, then `pair: <id>`, `created: YYYY-MM-DD`, `review: YYYY-MM-DD`, `status: active`, and another `---`";

/// Reads the front matter into `plan`; returns where the body starts and
/// whether the front matter could be read.
fn front(text: &str, d: &mut FileDiagnostics<'_>, plan: &mut ActionPlan) -> (usize, bool) {
    let split = match split_front(text, d) {
        Ok(split) => split,
        Err(body_start) => return (body_start, false),
    };
    let Some(map) = front_mapping(&split, d) else {
        return (split.body_start, false);
    };
    let front = PlanFront {
        pos: Positions::new(split.yaml, split.yaml_start),
        yaml_start: split.yaml_start,
    };
    for (key, value) in &map {
        let Some(key) = key.as_str() else {
            continue;
        };
        if let Some(raw) = front.scalar(key, value, d) {
            front.read_key(key, raw.filter(|s| !s.is_empty()), d, plan);
        }
    }
    if plan.review.is_none() && map.get("review").is_none() {
        plan.review_at = plan.status_at.clone();
    }
    (split.body_start, true)
}

/// The front matter's fences, or an error and where the body starts.
fn split_front<'t>(
    text: &'t str,
    d: &mut FileDiagnostics<'_>,
) -> Result<front_matter::Split<'t>, usize> {
    match front_matter::split(text) {
        Ok(s) => Ok(s),
        Err(SplitError::Missing) => {
            push(
                d,
                "plan",
                Severity::Error,
                0..0,
                "action plan has no front matter".into(),
                FRONT_HINT,
            );
            Err(0)
        }
        Err(SplitError::Unterminated(span)) => {
            push(
                d,
                "plan",
                Severity::Error,
                span.clone(),
                "front matter is never closed".into(),
                "end it with a line `---`",
            );
            Err(span.end)
        }
    }
}

/// The front matter's mapping (empty front matter is an empty mapping),
/// or an error saying it is not YAML or not `key: value` lines.
fn front_mapping(
    split: &front_matter::Split<'_>,
    d: &mut FileDiagnostics<'_>,
) -> Option<serde_yaml::Mapping> {
    use serde_yaml::Value;
    let value = match front_matter::parse_yaml(split) {
        Ok(v) => v,
        Err(e) => {
            push(
                d,
                "plan",
                Severity::Error,
                e.offset..e.offset + 1,
                format!("front matter is not valid YAML: {}", e.message),
                "write one `key: value` per line; quote values containing `: `",
            );
            return None;
        }
    };
    match value {
        Value::Mapping(m) => Some(m),
        Value::Null => Some(serde_yaml::Mapping::new()),
        _ => {
            push(
                d,
                "plan",
                Severity::Error,
                split.yaml_start..split.yaml_start + 1,
                "front matter must be `key: value` lines".into(),
                FRONT_HINT,
            );
            None
        }
    }
}

/// A plan's front matter being read: where its values are.
struct PlanFront<'a> {
    pos: Positions<'a>,
    yaml_start: usize,
}

impl PlanFront<'_> {
    /// The span of the value of `key` (nothing at the file's start when
    /// it cannot be found).
    fn span_of(&self, key: &str) -> Range<usize> {
        self.pos.value(ypath![key]).unwrap_or(0..0)
    }

    /// A scalar value as text (`Some(None)` when empty); `None`, with an
    /// error, for a list or mapping.
    fn scalar(
        &self,
        key: &str,
        value: &serde_yaml::Value,
        d: &mut FileDiagnostics<'_>,
    ) -> Option<Option<String>> {
        use serde_yaml::Value;
        match value {
            Value::Null => Some(None),
            Value::String(s) => Some(Some(s.trim().to_string())),
            Value::Number(n) => Some(Some(n.to_string())),
            Value::Bool(b) => Some(Some(b.to_string())),
            _ => {
                push(
                    d,
                    "plan",
                    Severity::Error,
                    self.span_of(key),
                    format!("`{key}` must be a single value"),
                    FRONT_HINT,
                );
                None
            }
        }
    }

    /// The date `s` written at `key`, or an error saying it is not one.
    fn date(&self, key: &str, s: &str, d: &mut FileDiagnostics<'_>) -> Option<NaiveDate> {
        let parsed = parse_date(s);
        if parsed.is_none() {
            push(
                d,
                "plan-dates",
                Severity::Error,
                self.span_of(key),
                format!("`{key}: {s}` is not a date"),
                "write dates as YYYY-MM-DD, e.g. `2027-01-15`",
            );
        }
        parsed
    }

    /// Reads one key of the front matter into `plan` (`raw`: its value,
    /// `None` when empty); an unknown key is a warning.
    fn read_key(
        &self,
        key: &str,
        raw: Option<String>,
        d: &mut FileDiagnostics<'_>,
        plan: &mut ActionPlan,
    ) {
        match key {
            "pair" => {
                if let Some(p) = &raw
                    && p != &plan.pair_id
                {
                    push(
                        d,
                        "plan",
                        Severity::Error,
                        self.span_of(key),
                        format!(
                            "`pair: {p}` does not match the folder `{}` the plan is in",
                            plan.pair_id
                        ),
                        &format!(
                            "a plan belongs to the pair whose folder holds it: write `pair: {}`, or move the file",
                            plan.pair_id
                        ),
                    );
                }
                plan.pair = raw;
            }
            "created" | "review" => {
                let date = raw.as_deref().and_then(|s| self.date(key, s, d));
                if key == "created" {
                    plan.created = date;
                } else {
                    plan.review = date;
                    plan.review_at = d.index.locate(self.span_of(key));
                }
            }
            "status" => {
                plan.status_at = d.index.locate(self.span_of(key));
                match raw.as_deref().map(|s| s.to_lowercase()) {
                    None => {}
                    Some(s) if s == "active" || s == "open" => plan.status = PlanStatus::Active,
                    Some(s) if s == "closed" => plan.status = PlanStatus::Closed,
                    Some(s) => push(
                        d,
                        "plan",
                        Severity::Error,
                        self.span_of(key),
                        format!("`status: {s}` is not a plan status"),
                        "a plan is `active` (the pair's current plan) or `closed`",
                    ),
                }
            }
            "session" => plan.session = raw,
            "superseded_by" => plan.superseded_by = raw,
            _ => push(
                d,
                "plan",
                Severity::Warning,
                self.pos
                    .key(ypath![key])
                    .unwrap_or(self.yaml_start..self.yaml_start),
                format!("unknown key `{key}` is ignored"),
                &format!("known keys: {}", KEYS.join(", ")),
            ),
        }
    }
}

/// The target text of a heading `## Target: text` (also `## Target 2 - text`,
/// `## target`); `None` for any other heading.
fn target_heading(heading: &str) -> Option<&str> {
    let h = heading.trim();
    if h.len() < 6 || !h.is_char_boundary(6) || !h[..6].eq_ignore_ascii_case("target") {
        return None;
    }
    let rest = &h[6..];
    if rest.starts_with(|c: char| c.is_alphabetic()) {
        return None; // `Targets`, `Targeted...`
    }
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    let rest = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('-'))
        .or_else(|| rest.strip_prefix('\u{2013}'))
        .or_else(|| rest.strip_prefix('.'))
        .unwrap_or(rest);
    Some(rest.trim())
}

/// A field line: (key in lowercase, value, byte offset of the value in `line`).
fn field(line: &str) -> Option<(String, &str, usize)> {
    let t = line.trim_start();
    let t = ["- ", "* ", "+ "]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .unwrap_or(t)
        .trim_start();
    if t.starts_with('[') {
        return None; // a task item
    }
    let colon = t.find(':')?;
    let key: String = t[..colon]
        .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
        .to_lowercase();
    if key.is_empty() || key.len() > 30 {
        return None;
    }
    let after = &t[colon + 1..];
    let after = after
        .strip_prefix("**")
        .or_else(|| after.strip_prefix("__"))
        .unwrap_or(after);
    let lead = after.len() - after.trim_start().len();
    let value = after.trim();
    let offset = line.len() - after.len() + lead;
    Some((key, value, offset))
}

/// `- [ ] text` → (false, text); `* [x] text` → (true, text).
fn task(line: &str) -> Option<(bool, &str)> {
    let t = line.trim_start();
    let rest = ["- ", "* ", "+ "]
        .iter()
        .find_map(|m| t.strip_prefix(m))?
        .trim_start();
    if let Some(r) = rest.strip_prefix("[ ]") {
        Some((false, r.trim()))
    } else {
        rest.strip_prefix("[x]")
            .or_else(|| rest.strip_prefix("[X]"))
            .map(|r| (true, r.trim()))
    }
}

/// The first `YYYY-MM-DD` in `s`.
fn first_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let w = &b[i..i + 10];
        let shape = w.iter().enumerate().all(|(j, c)| {
            if j == 4 || j == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        (shape && before_ok)
            .then(|| NaiveDate::parse_from_str(&s[i..i + 10], "%Y-%m-%d").ok())
            .flatten()
    })
}

/// The Teachers' Standards named in `s` (`4`, `TS4`, `3 and 5`), or why not.
fn standards(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut digits = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !digits.is_empty() {
            match digits.parse::<u32>() {
                Ok(n @ 1..=8) => out.push(n as u8),
                _ => {
                    return Err(format!(
                        "`{digits}` is not one of the Teachers' Standards, which run from 1 to 8"
                    ));
                }
            }
            digits.clear();
        }
    }
    if out.is_empty() {
        return Err(format!(
            "`{s}` names no Teachers' Standard: give its number, 1 to 8"
        ));
    }
    Ok(out)
}

/// Reads the `## Target:` sections of the body, line by line: a level-1
/// or level-2 heading closes the target being read, `## Target:` opens
/// one, and the lines under it are its steps and fields. Fenced code is
/// skipped.
fn body(text: &str, from: usize, d: &mut FileDiagnostics<'_>, plan: &mut ActionPlan) {
    let mut current: Option<Target> = None;
    let mut fence = false;
    for (start, line, next) in lines(text, from, text.len()) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        let level = trimmed.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&level) && trimmed[level..].starts_with([' ', '\t']) {
            if level <= 2 {
                finish_target(current.take(), start, plan);
                if level == 2
                    && let Some(name) = target_heading(&trimmed[level..])
                {
                    current = Some(new_target(name, start..next, d));
                }
            }
            continue;
        }
        if let Some(t) = current.as_mut() {
            let written = plan.created.unwrap_or(plan.date);
            target_line(
                t,
                TargetLine {
                    start,
                    line,
                    written,
                },
                d,
            );
        }
    }
    finish_target(current.take(), text.len(), plan);
}

/// Ends the target being read (if any) at `end` and adds it to `plan`.
fn finish_target(t: Option<Target>, end: usize, plan: &mut ActionPlan) {
    if let Some(mut t) = t {
        t.section.end = end;
        plan.targets.push(t);
    }
}

/// A target opened by its heading `## Target: name` on the line `section`
/// (a prompt left from the template is a target not written yet).
fn new_target(name: &str, section: Range<usize>, d: &FileDiagnostics<'_>) -> Target {
    let template = is_prompt(name);
    Target {
        text: if template {
            String::new()
        } else {
            name.to_string()
        },
        line: d.index.line_of(section.start) + 1,
        template,
        measure: None,
        standards: Vec::new(),
        due: None,
        status: TargetStatus::Open,
        steps: Vec::new(),
        section,
        first_field: None,
        carried: false,
        was_due: None,
    }
}

/// A line under a target heading, with where it starts and the day the
/// plan was written (a due date cannot be before it).
struct TargetLine<'a> {
    start: usize,
    line: &'a str,
    written: NaiveDate,
}

/// The fields a target's lines may hold (keys in lowercase).
const TARGET_FIELDS: &[&str] = &[
    "measure",
    "measures",
    "success criteria",
    "standard",
    "standards",
    "teachers' standard",
    "teachers’ standard",
    "due",
    "due date",
    "deadline",
    "status",
    "carried from",
    "was due",
];

/// Reads a line under a target: a task is a step, a known `Key: value`
/// a field; other lines are the mentor's own prose.
fn target_line(t: &mut Target, l: TargetLine<'_>, d: &mut FileDiagnostics<'_>) {
    if let Some((done, step)) = task(l.line) {
        if !is_prompt(step) {
            t.steps.push(Step {
                done,
                text: step.to_string(),
                date: first_iso_date(step),
                line: d.index.line_of(l.start) + 1,
            });
        }
        return;
    }
    let Some((key, value, at)) = field(l.line) else {
        return;
    };
    if !TARGET_FIELDS.contains(&key.as_str()) {
        return;
    }
    if t.first_field.is_none() {
        t.first_field = Some(l.start);
    }
    let span = l.start + at..l.start + at + value.len();
    let value = if is_prompt(value) { "" } else { value };
    match key.as_str() {
        "carried from" => t.carried = true,
        "was due" => {
            t.was_due = value.split_whitespace().next().and_then(parse_date);
        }
        "measure" | "measures" | "success criteria" => {
            if t.measure.is_none() && !value.is_empty() {
                t.measure = Some(value.to_string());
            }
        }
        "status" if value.is_empty() => {}
        "status" => match TargetStatus::parse(value) {
            Some(s) => t.status = s,
            None => push(
                d,
                "plan-target",
                Severity::Error,
                span,
                format!("`{value}` is not a target status"),
                "write `Status: open`, `Status: met` or `Status: dropped`",
            ),
        },
        "due" | "due date" | "deadline" => {
            if !value.is_empty() && t.due.is_none() {
                t.due = due_date(value, span, l.written, d);
            }
        }
        _ if value.is_empty() => {}
        // a standard
        _ => match standards(value) {
            Ok(s) => t.standards = s,
            Err(why) => push(
                d,
                "plan-target",
                Severity::Error,
                span,
                why,
                "the Teachers' Standards are numbered 1 to 8, e.g. `Standard: 4` or `Standard: 1, 5`",
            ),
        },
    }
}

/// A target's due date (at `span`): an error when it is not a date or is
/// before the plan was `written`.
fn due_date(
    value: &str,
    span: Range<usize>,
    written: NaiveDate,
    d: &mut FileDiagnostics<'_>,
) -> Option<NaiveDate> {
    let Some(date) = parse_date(value) else {
        push(
            d,
            "plan-dates",
            Severity::Error,
            span,
            format!("`{value}` is not a date"),
            "write dates as YYYY-MM-DD, e.g. `Due: 2027-01-15`",
        );
        return None;
    };
    if date < written {
        push(
            d,
            "plan-dates",
            Severity::Error,
            span,
            format!("due date {date} is before the plan was written ({written})"),
            "give the target a new due date (a target carried from an earlier plan keeps its old one until you change it)",
        );
    }
    Some(date)
}

/// Checks on the plan as a whole: what each target lacks, how many are open,
/// the review date against the creation date.
fn checks(text: &str, front_ok: bool, d: &mut FileDiagnostics<'_>, plan: &ActionPlan) {
    for t in &plan.targets {
        check_target(d, t);
    }
    if let Some(fourth) = plan.open_targets().nth(MAX_OPEN_TARGETS) {
        let open = plan.open_targets().count();
        push(
            d,
            "plan-target",
            Severity::Warning,
            heading_span(d, fourth),
            format!(
                "{open} open targets: mentoring guidance is at most {MAX_OPEN_TARGETS} at a time"
            ),
            "mark one `Status: met` or `Status: dropped`, or merge two",
        );
    }
    if !front_ok {
        return;
    }
    if plan.targets.is_empty() {
        let end = text.len();
        push(
            d,
            "plan-target",
            Severity::Warning,
            end..end,
            "action plan has no targets".into(),
            "write each target under a heading `## Target: <what the ECT will do>`",
        );
    }
    check_review(d, plan);
}

/// The span of a target's heading line.
fn heading_span(d: &FileDiagnostics<'_>, t: &Target) -> Range<usize> {
    let start = d.index.line_start(t.line - 1);
    let line = d.index.line_text(t.line - 1);
    start..start + line.len()
}

/// What a target lacks: its text (a prompt left from the template is
/// only a warning), a measure, a due date.
fn check_target(d: &mut FileDiagnostics<'_>, t: &Target) {
    let span = heading_span(d, t);
    if t.template {
        push(
            d,
            "plan-target",
            Severity::Warning,
            span,
            "target is not written yet: its heading is still the prompt".into(),
            "replace the prompts in brackets with the target, or delete the section",
        );
        return;
    }
    if t.text.is_empty() {
        push(
            d,
            "plan-target",
            Severity::Error,
            span.clone(),
            "target has no text".into(),
            "say what the ECT will do after `## Target:`, in one sentence",
        );
    }
    if t.measure.is_none() {
        push(
            d,
            "plan-target",
            Severity::Error,
            span.clone(),
            "target has no measure".into(),
            "add a line `Measure: ...`: what you will both see or hear when it is met",
        );
    }
    if t.due.is_none()
        && let Some(was) = t.was_due
    {
        push(
            d,
            "plan-target",
            Severity::Warning,
            span,
            format!("target was due on {was} and was carried overdue: agree a new due date"),
            "write the date you agree after `Due:`, e.g. `Due: 2027-02-12`",
        );
    } else if t.due.is_none() {
        push(
            d,
            "plan-target",
            Severity::Error,
            span,
            "target has no due date".into(),
            "add a line `Due: YYYY-MM-DD`",
        );
    }
}

/// The review date (of a plan whose front matter was read): not before
/// the plan was written, and there at all when the plan is active.
fn check_review(d: &mut FileDiagnostics<'_>, plan: &ActionPlan) {
    if let Some(review) = plan.review {
        if review < plan.created_on() {
            let span = value_span_of(d, &plan.review_at);
            push(
                d,
                "plan-dates",
                Severity::Error,
                span,
                format!(
                    "review date {review} is before the plan was written ({})",
                    plan.created_on()
                ),
                "the review comes after the plan: check the year",
            );
        }
    } else if plan.is_active() {
        let span = value_span_of(d, &plan.review_at);
        push(
            d,
            "plan-dates",
            Severity::Warning,
            span,
            "active plan has no review date".into(),
            "add `review: YYYY-MM-DD`, the meeting at which you will review the targets, and put it in the diary",
        );
    }
}

/// The byte range a location points at (for a second diagnostic there).
fn value_span_of(d: &FileDiagnostics<'_>, at: &Location) -> Range<usize> {
    let start = d.index.line_start(at.line.saturating_sub(1));
    start + at.line_span.start..start + at.line_span.end
}

/// What depends on the day: an active plan whose review date has passed
/// (warning).
pub fn check_on(plan: &ActionPlan, today: NaiveDate) -> Vec<Diagnostic> {
    match plan.review {
        Some(review) if plan.is_active() && review < today && review >= plan.created_on() => {
            vec![Diagnostic {
                rule: "plan-dates",
                severity: Severity::Warning,
                path: plan.path.clone(),
                location: plan.review_at.clone(),
                message: format!("review date {review} has passed and the plan is still active"),
                hint: Some(
                    "hold the review: mark targets met or dropped and run `ect plan new`, or set a later `review:`"
                        .into(),
                ),
            }]
        }
        _ => Vec::new(),
    }
}

/// Checks across one pair's plans (sorted by date): two active plans, and a
/// `superseded_by` naming no plan.
pub fn check_pair(plans: &[ActionPlan]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let active: Vec<&ActionPlan> = plans.iter().filter(|p| p.is_active()).collect();
    if let Some((latest, older)) = active.split_last() {
        for p in older {
            out.push(Diagnostic {
                rule: "plan",
                severity: Severity::Error,
                path: p.path.clone(),
                location: p.status_at.clone(),
                message: format!(
                    "pair `{}` has two active plans: this one and `{}`",
                    p.pair_id,
                    latest.file_name()
                ),
                hint: Some(format!(
                    "a pair has one current plan: write `status: closed` and `superseded_by: {}` here",
                    latest.file_name()
                )),
            });
        }
    }
    for p in plans {
        if let Some(next) = &p.superseded_by {
            let name = next.rsplit('/').next().unwrap_or(next);
            if !plans.iter().any(|q| q.file_name() == name) {
                out.push(Diagnostic {
                    rule: "plan",
                    severity: Severity::Warning,
                    path: p.path.clone(),
                    location: Location::default_start(),
                    message: format!("`superseded_by: {next}` names no plan of the pair"),
                    hint: Some("give the file name of the newer plan in the same folder".into()),
                });
            }
        }
    }
    out
}

/// A pair's plan files (`action-plans/YYYY-MM-DD.md`, plain files only),
/// sorted by date.
pub fn list(pair_dir: &Path) -> Vec<(NaiveDate, PathBuf)> {
    crate::repo::dated_files(&pair_dir.join(FOLDER))
}

/// Reads and parses one plan file of pair `id`; `None` when it cannot be
/// read as text.
pub fn read(plans: &str, id: &str, date: NaiveDate, file: &Path) -> Option<(ActionPlan, String)> {
    let text = read_checked(file).ok()?;
    let (plan, _) = parse(&rel_path(plans, id, date), id, date, &text);
    Some((plan, text))
}

/// The plan in force on `day`: the latest dated on or before it, unless that
/// one was closed with nothing to replace it.
pub fn in_force(plans: &str, pair_dir: &Path, id: &str, day: NaiveDate) -> Option<ActionPlan> {
    let (date, file) = list(pair_dir).into_iter().rfind(|(d, _)| *d <= day)?;
    let (plan, _) = read(plans, id, date, &file)?;
    (plan.is_active() || plan.superseded_by.is_some()).then_some(plan)
}

/// Every plan problem in the repository, for `ect validate`: each plan on
/// its own, each pair's plans together, and the review dates seen from
/// `today`. Symbolic links are reported, never followed.
/// A plan dated further ahead than this (days) is a mistake in its name
/// (`9999-12-31.md`): `validate` says so, and `plan new` does not let it
/// block a new plan.
pub const FAR_AHEAD_DAYS: i64 = 366;

pub fn check_repo(repo: &Repo, today: NaiveDate) -> Vec<Diagnostic> {
    let prefix = repo.plans_rel().to_string();
    let mut pairs: Vec<(String, PathBuf)> = crate::repo::folders(&repo.plans_dir())
        .into_iter()
        .filter(|e| crate::pair::is_valid_id(&e.name))
        .map(|e| (e.name, e.path))
        .collect();
    pairs.sort();
    pairs
        .par_iter()
        .flat_map_iter(|(id, path)| check_folder(&prefix, id, path, today))
        .collect()
}

fn check_folder(prefix: &str, id: &str, pair_dir: &Path, today: NaiveDate) -> Vec<Diagnostic> {
    let folder = format!("{prefix}/{id}/{FOLDER}");
    let dir = pair_dir.join(FOLDER);
    let mut out = Vec::new();
    let entries = match crate::repo::list(&dir) {
        crate::repo::Listing::Entries(e) => e,
        crate::repo::Listing::Link => {
            out.push(crate::diag::symlink_not_followed(
                &folder,
                "make the action plans folder a real folder",
            ));
            return out;
        }
        _ => return out,
    };
    let mut plans = Vec::new();
    for e in entries {
        let name = e.name;
        let rel = format!("{folder}/{name}");
        let kind = e.kind;
        if name.starts_with('.') || !name.to_lowercase().ends_with(".md") {
            continue;
        }
        if kind == crate::repo::Kind::Link {
            out.push(crate::diag::symlink_not_followed(
                &rel,
                "replace the link with the file itself",
            ));
            continue;
        }
        if kind != crate::repo::Kind::File {
            continue;
        }
        let Some(date) = name
            .strip_suffix(".md")
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        else {
            let mut d = at_file_start(
                "plan",
                &rel,
                format!("`{name}` is not named by its date, so `ect` does not read it as a plan"),
                Some("name action plans `YYYY-MM-DD.md`, the day they were written".into()),
            );
            d.severity = Severity::Warning;
            out.push(d);
            continue;
        };
        if date > today + chrono::Duration::days(FAR_AHEAD_DAYS) {
            out.push(at_file_start(
                "plan",
                &rel,
                format!(
                    "`{name}` is dated {date}, more than a year from today: a plan is named by the day it was written"
                ),
                Some("rename it to the date it was written, `YYYY-MM-DD.md`".into()),
            ));
        }
        match read_checked(&e.path) {
            Ok(text) => {
                let (plan, found) = parse(&rel, id, date, &text);
                out.extend(found);
                out.extend(check_on(&plan, today));
                plans.push(plan);
            }
            Err(why) => out.push(at_file_start(
                "unreadable",
                &rel,
                why,
                Some("save the plan as UTF-8 text".into()),
            )),
        }
    }
    out.extend(check_pair(&plans));
    out
}

/// The sections of `plan`'s open targets (read from `text`), to start the
/// next plan with: as the mentor wrote them, line endings made `\n`, each
/// marked with the plan it was first set in (`- Carried from: ...`).
pub fn carried_sections(text: &str, plan: &ActionPlan) -> Vec<String> {
    carried_sections_on(text, plan, None)
}

/// As [`carried_sections`], for a plan written on `on`: an open target due
/// before `on` is carried marked overdue, its old due date kept as
/// `Was due: DATE (overdue when carried on ON)` and its `Due:` a prompt for
/// the new date to agree, so the new plan never starts with a due date in
/// its past (which `ect validate` rejects).
pub fn carried_sections_on(text: &str, plan: &ActionPlan, on: Option<NaiveDate>) -> Vec<String> {
    let sections = plan
        .targets
        .iter()
        .filter(|t| t.is_open())
        .map(|t| (t.due.zip(on).is_some_and(|(due, on)| due < on), t));
    let plain = carried_plain(text, plan);
    plain
        .into_iter()
        .zip(sections)
        .map(|(section, (overdue, t))| match (overdue, t.due, on) {
            (true, Some(due), Some(on)) => mark_overdue(&section, due, on),
            _ => section,
        })
        .collect()
}

/// A carried section with its `Due:` line made `Was due:` and a prompt.
fn mark_overdue(section: &str, due: NaiveDate, on: NaiveDate) -> String {
    let mut out = String::with_capacity(section.len() + 80);
    let mut done = false;
    for line in section.split_inclusive('\n') {
        if !done
            && let Some((key, _, _)) = field(line)
            && matches!(key.as_str(), "due" | "due date" | "deadline")
        {
            let t = line.trim_start();
            let indent = &line[..line.len() - t.len()];
            let marker = ["- ", "* ", "+ "]
                .into_iter()
                .find(|m| t.starts_with(m))
                .unwrap_or("");
            out.push_str(&format!(
                "{indent}{marker}Was due: {due} (overdue when carried on {on})\n\
                 {indent}{marker}Due: (a new date to agree, YYYY-MM-DD)\n"
            ));
            done = true;
            continue;
        }
        out.push_str(line);
    }
    out
}

fn carried_plain(text: &str, plan: &ActionPlan) -> Vec<String> {
    plan.targets
        .iter()
        .filter(|t| t.is_open())
        .map(|t| {
            let mut s = text[t.section.clone()].to_string();
            if !t.carried {
                let name = plan.file_name();
                let link = format!("Carried from: [{}]({name})", plan.date);
                match t.first_field {
                    Some(at) => {
                        let line = &text[at..];
                        let indent = &line[..line.len() - line.trim_start().len()];
                        let marker = ["- ", "* ", "+ "]
                            .into_iter()
                            .find(|m| line.trim_start().starts_with(m))
                            .unwrap_or("");
                        s.insert_str(at - t.section.start, &format!("{indent}{marker}{link}\n"));
                    }
                    None => {
                        let heading_end = s.find('\n').map_or(s.len(), |i| i + 1);
                        s.insert_str(heading_end, &format!("\n- {link}\n"));
                    }
                }
            }
            let s = s.replace("\r\n", "\n");
            format!("{}\n", s.trim_end())
        })
        .collect()
}

/// `text` with its front matter saying `status: closed` and
/// `superseded_by: <successor>`; everything else as it was (line endings,
/// byte order mark, other keys, the body).
pub fn close_text(text: &str, successor: &str) -> String {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let status = format!("status: closed{nl}");
    let by = format!("superseded_by: {successor}{nl}");
    let Ok(split) = front_matter::split(text) else {
        let bom = front_matter::bom_len(text);
        return format!(
            "{}---{nl}{status}{by}---{nl}{nl}{}",
            &text[..bom],
            &text[bom..]
        );
    };
    let end = split.yaml_start + split.yaml.len();
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..split.yaml_start]);
    let (mut has_status, mut has_by) = (false, false);
    for (start, line, next) in lines(text, split.yaml_start, end) {
        let key = line.split(':').next().unwrap_or("").trim_end();
        let ending = &text[start + line.len()..next];
        if key == "status" && !has_status {
            has_status = true;
            out.push_str(&format!("status: closed{ending}"));
        } else if key == "superseded_by" && !has_by {
            has_by = true;
            out.push_str(&format!("superseded_by: {successor}{ending}"));
        } else {
            out.push_str(&text[start..next]);
        }
    }
    if !has_status {
        out.push_str(&status);
    }
    if !has_by {
        out.push_str(&by);
    }
    out.push_str(&text[end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_due_date_is_a_date_on_or_after_the_plan() {
        let text = "Due: whenever\n";
        let written = NaiveDate::from_ymd_opt(2027, 1, 10).unwrap();
        let mut d = FileDiagnostics::new("plans/p/a.md", text);
        assert_eq!(due_date("whenever", 5..13, written, &mut d), None);
        assert_eq!(d.found.len(), 1);
        assert!(d.found[0].message.contains("is not a date"));
        let mut d = FileDiagnostics::new("plans/p/a.md", text);
        let early = NaiveDate::from_ymd_opt(2027, 1, 9);
        assert_eq!(due_date("2027-01-09", 5..13, written, &mut d), early);
        assert!(d.found[0].message.contains("before the plan was written"));
        let mut d = FileDiagnostics::new("plans/p/a.md", text);
        assert_eq!(
            due_date("2027-01-10", 5..13, written, &mut d),
            Some(written)
        );
        assert!(d.found.is_empty());
    }

    #[test]
    fn lines_under_a_target_are_steps_fields_or_prose() {
        let lines = [
            "## Target: Pace the starter",
            "Notes: a free-form remark",
            "- [x] Time the starter on 2027-01-12",
            "**Measure:** the class starts within three minutes",
            "Measure: a second measure is not kept",
            "Standard: 4 and 7",
            "Status: met",
            "Ask the ECT: what went well?",
        ];
        let text = lines.join("\n");
        let written = NaiveDate::from_ymd_opt(2027, 1, 10).unwrap();
        let mut d = FileDiagnostics::new("plans/p/a.md", &text);
        let mut t = new_target("Pace the starter", 0..lines[0].len() + 1, &d);
        let mut start = lines[0].len() + 1;
        let mut starts = Vec::new();
        for line in &lines[1..] {
            starts.push(start);
            target_line(
                &mut t,
                TargetLine {
                    start,
                    line,
                    written,
                },
                &mut d,
            );
            start += line.len() + 1;
        }
        assert!(d.found.is_empty(), "{:?}", d.found);
        assert_eq!(t.first_field, Some(starts[2]));
        assert_eq!(t.steps.len(), 1);
        assert!(t.steps[0].done);
        assert_eq!(t.steps[0].line, 3);
        assert_eq!(t.steps[0].date, NaiveDate::from_ymd_opt(2027, 1, 12));
        assert_eq!(
            t.measure.as_deref(),
            Some("the class starts within three minutes")
        );
        assert_eq!(t.standards, [4, 7]);
        assert_eq!(t.status, TargetStatus::Met);
    }

    #[test]
    fn the_schema_type_has_the_keys_the_reader_knows() {
        let schema = serde_json::to_value(schemars::schema_for!(PlanFrontMatter)).unwrap();
        let mut props: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut keys = KEYS.to_vec();
        props.sort_unstable();
        keys.sort_unstable();
        assert_eq!(props, keys);
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn overdue_targets_are_carried_marked_in_every_field_style() {
        for (due_line, marker) in [
            ("- Due: 2026-11-13", "- "),
            ("Due: 13/11/2026", ""),
            ("* **Due:** 13 November 2026", "* "),
            ("+ Deadline: 2026-11-13", "+ "),
        ] {
            let text = format!(
                "---\npair: a-b\ncreated: 2026-10-01\nreview: 2026-12-01\nstatus: active\n---\n\n## Target: Wait three seconds after a question\n\n- Measure: counted in two lessons\n{due_line}\n- Status: open\n"
            );
            let (plan, _) = parse(
                "plans/a-b/action-plans/2026-10-01.md",
                "a-b",
                d("2026-10-01"),
                &text,
            );
            let on = d("2026-11-23");
            let carried = carried_sections_on(&text, &plan, Some(on));
            assert_eq!(carried.len(), 1);
            assert!(
                carried[0].contains(&format!(
                    "{marker}Was due: 2026-11-13 (overdue when carried on 2026-11-23)\n{marker}Due: (a new date to agree, YYYY-MM-DD)\n"
                )),
                "{}",
                carried[0]
            );
            // read back in a new plan: no due date yet, the old one kept, no error
            let new = format!(
                "---\npair: a-b\ncreated: 2026-11-23\nreview: 2027-01-05\nstatus: active\n---\n\n{}",
                carried[0]
            );
            let (again, diags) = parse("plans/a-b/action-plans/2026-11-23.md", "a-b", on, &new);
            assert_eq!(again.targets[0].was_due, Some(d("2026-11-13")));
            assert_eq!(again.targets[0].due, None);
            assert!(
                diags.iter().all(|x| x.severity != Severity::Error),
                "{diags:?}"
            );
            assert!(diags.iter().any(|x| x.message.contains("carried overdue")));
            // not yet overdue: carried as written
            let later = carried_sections_on(&text, &plan, Some(d("2026-11-01")));
            assert!(later[0].contains(due_line), "{}", later[0]);
        }
    }

    const PLAN: &str = "\
---
pair: jo-alex
created: 2026-11-23
review: 2027-01-05
status: active
---

# Action plan

Some words about the plan.

## Target: Use cold calling in every lesson with 8C

- Measure: every pupil answers at least once a lesson
- Standard: 4
- Due: 2027-01-15
- Status: open

Action steps:

- [x] Watch a colleague's Year 8 lesson
- [ ] Script five questions for Monday (2026-11-30)

## Target 2: Plan the seating for 9B

**Measure:** a seating plan in use
**Due:** 15 December 2026
**Status:** Met

## Target: Mark books within a week

Measure: books marked within seven days
Due: 2027-02-01
Standard: TS6 and 8

## Notes

Not a target.
";

    fn read(text: &str) -> (ActionPlan, Vec<Diagnostic>) {
        parse(
            "plans/jo-alex/action-plans/2026-11-23.md",
            "jo-alex",
            d("2026-11-23"),
            text,
        )
    }

    fn found(text: &str) -> Vec<(&'static str, Severity, usize, String)> {
        read(text)
            .1
            .into_iter()
            .map(|x| (x.rule, x.severity, x.location.line, x.message))
            .collect()
    }

    #[test]
    fn reads_front_matter_targets_fields_and_steps() {
        let (plan, diags) = read(PLAN);
        assert_eq!(diags, []);
        assert_eq!(plan.pair.as_deref(), Some("jo-alex"));
        assert_eq!(plan.created, Some(d("2026-11-23")));
        assert_eq!(plan.review, Some(d("2027-01-05")));
        assert_eq!(plan.review_at.line, 4);
        assert!(plan.is_active());
        let t: Vec<_> = plan
            .targets
            .iter()
            .map(|t| {
                (
                    t.text.as_str(),
                    t.line,
                    t.status,
                    t.due,
                    t.standards.clone(),
                )
            })
            .collect();
        assert_eq!(
            t,
            [
                (
                    "Use cold calling in every lesson with 8C",
                    12,
                    TargetStatus::Open,
                    Some(d("2027-01-15")),
                    vec![4]
                ),
                (
                    "Plan the seating for 9B",
                    24,
                    TargetStatus::Met,
                    Some(d("2026-12-15")),
                    vec![]
                ),
                (
                    "Mark books within a week",
                    30,
                    TargetStatus::Open,
                    Some(d("2027-02-01")),
                    vec![6, 8]
                ),
            ]
        );
        let first = &plan.targets[0];
        assert_eq!(
            first.measure.as_deref(),
            Some("every pupil answers at least once a lesson")
        );
        assert_eq!(first.steps.len(), 2);
        assert!(first.steps[0].done);
        assert_eq!(first.steps[1].date, Some(d("2026-11-30")));
        assert_eq!(first.steps[1].line, 22);
        assert_eq!(plan.open_targets().count(), 2);
        // the last target's section stops at `## Notes`
        assert!(!PLAN[plan.targets[2].section.clone()].contains("Not a target"));
    }

    #[test]
    fn forgiving_about_line_endings_case_and_bom() {
        let text = format!("\u{feff}{}", PLAN.replace('\n', "\r\n"))
            .replace("- Status: open", "- STATUS: In progress");
        let (plan, diags) = read(&text);
        assert_eq!(diags, []);
        assert_eq!(plan.targets.len(), 3);
        assert_eq!(plan.targets[0].status, TargetStatus::Open);
        assert_eq!(plan.targets[0].due, Some(d("2027-01-15")));
    }

    #[test]
    fn missing_measure_and_due_and_bad_values_point_at_the_line() {
        let text = PLAN
            .replace(
                "- Measure: every pupil answers at least once a lesson\n",
                "",
            )
            .replace("Due: 2027-02-01", "Due: next week")
            .replace("Standard: TS6 and 8", "Standard: 9")
            .replace("**Status:** Met", "**Status:** sort of");
        let got = found(&text);
        let brief: Vec<_> = got.iter().map(|(r, s, l, _)| (*r, *s, *l)).collect();
        assert_eq!(
            brief,
            [
                ("plan-target", Severity::Error, 12),
                ("plan-target", Severity::Error, 27),
                ("plan-target", Severity::Error, 29),
                ("plan-dates", Severity::Error, 32),
                ("plan-target", Severity::Error, 33),
            ],
            "{got:?}"
        );
        assert_eq!(got[0].3, "target has no measure");
        assert!(got[1].3.contains("`sort of` is not a target status"));
        assert_eq!(got[2].3, "target has no due date");
        assert!(got[3].3.contains("`next week` is not a date"));
        assert!(
            got[4]
                .3
                .contains("`9` is not one of the Teachers' Standards")
        );
        // a due date of `next week` is also "no due date"
        let (plan, _) = read(&text);
        assert_eq!(plan.targets[2].due, None);
    }

    #[test]
    fn dates_and_pair_and_status_are_checked() {
        let text = PLAN
            .replace("pair: jo-alex", "pair: jo-sam")
            .replace("review: 2027-01-05", "review: 2026-11-01")
            .replace("Due: 2027-01-15", "Due: 2026-10-01")
            .replace("status: active", "status: finished");
        let got = found(&text);
        let brief: Vec<_> = got.iter().map(|(r, s, l, _)| (*r, *s, *l)).collect();
        assert_eq!(
            brief,
            [
                ("plan", Severity::Error, 2),
                ("plan-dates", Severity::Error, 4),
                ("plan", Severity::Error, 5),
                ("plan-dates", Severity::Error, 16),
            ],
            "{got:?}"
        );
        assert!(got[0].3.contains("does not match the folder `jo-alex`"));
        assert!(
            got[3]
                .3
                .contains("before the plan was written (2026-11-23)")
        );
    }

    #[test]
    fn review_in_the_past_is_a_warning_for_active_plans_only() {
        let (plan, _) = read(PLAN);
        assert_eq!(check_on(&plan, d("2027-01-05")), []);
        let late = check_on(&plan, d("2027-01-06"));
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].severity, Severity::Warning);
        assert_eq!(late[0].location.line, 4);
        let (closed, _) = read(&PLAN.replace("status: active", "status: closed"));
        assert_eq!(check_on(&closed, d("2027-06-01")), []);
    }

    #[test]
    fn more_than_three_open_targets_warn_once() {
        let extra = "\n## Target: A\n\nMeasure: a\nDue: 2027-01-01\n\n## Target: B\n\nMeasure: b\nDue: 2027-01-01\n";
        let text = PLAN.replace("## Notes", &format!("{extra}\n## Notes"));
        let got = found(&text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, Severity::Warning);
        assert!(got[0].3.starts_with("4 open targets"));
    }

    #[test]
    fn template_targets_warn_and_are_not_open() {
        let text = format!(
            "{PLAN}\n## Target: (specific: what the ECT will do)\n\n- Measure: (measurable)\n- Due: (YYYY-MM-DD)\n- Status: open\n\n- [ ] (a first step)\n"
        );
        let (plan, diags) = read(&text);
        assert_eq!(plan.targets.len(), 4);
        assert!(plan.targets[3].template);
        assert!(plan.targets[3].steps.is_empty());
        assert_eq!(plan.open_targets().count(), 2);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].rule, "plan-target");
        assert_eq!(diags[0].severity, Severity::Warning);
    }

    #[test]
    fn front_matter_problems() {
        let got = found("## Target: x\n\nMeasure: y\nDue: 2027-01-01\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].2), ("plan", 1));
        let got = found(
            "---\npair: jo-alex\nreview: [\n---\n\n## Target: x\nMeasure: y\nDue: 2027-01-01\n",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].3.contains("not valid YAML"));
        let got = found(
            "---\npair: jo-alex\nreviewer: Sam\nstatus: closed\n---\n\n## Target: x\nMeasure: y\nDue: 2027-01-01\n",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].1, got[0].2), (Severity::Warning, 3));
        let got = found("---\npair: jo-alex\n---\n\n## Goals\n");
        let rules: Vec<_> = got.iter().map(|g| (g.0, g.3.as_str())).collect();
        assert_eq!(
            rules,
            [
                ("plan-dates", "active plan has no review date"),
                ("plan-target", "action plan has no targets")
            ]
        );
    }

    #[test]
    fn two_active_plans_and_a_dangling_successor() {
        let (a, _) = read(PLAN);
        let (mut b, _) = parse(
            "plans/jo-alex/action-plans/2027-01-05.md",
            "jo-alex",
            d("2027-01-05"),
            PLAN,
        );
        let got = check_pair(&[a.clone(), b.clone()]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "plans/jo-alex/action-plans/2026-11-23.md");
        assert_eq!(got[0].location.line, 5);
        assert!(got[0].message.contains("two active plans"));
        b.status = PlanStatus::Closed;
        b.superseded_by = Some("2027-09-01.md".into());
        let got = check_pair(&[a, b]);
        assert_eq!(got.len(), 1);
        assert!(got[0].message.contains("names no plan"));
    }

    #[test]
    fn carries_open_targets_as_written_and_marks_their_origin() {
        let (plan, _) = read(PLAN);
        let carried = carried_sections(PLAN, &plan);
        assert_eq!(carried.len(), 2);
        assert!(carried[0].starts_with(
            "## Target: Use cold calling in every lesson with 8C\n\n- Carried from: [2026-11-23](2026-11-23.md)\n- Measure:"
        ));
        assert!(carried[0].contains("- [x] Watch a colleague's Year 8 lesson\n"));
        assert!(carried[1].contains("\nCarried from: [2026-11-23](2026-11-23.md)\nMeasure:"));
        assert!(!carried[1].contains("## Notes"));
        // carried again, the origin stays the first plan
        let again = format!(
            "---\npair: jo-alex\nreview: 2027-03-01\n---\n\n{}",
            carried[0]
        );
        let (next, diags) = parse(
            "plans/jo-alex/action-plans/2027-01-05.md",
            "jo-alex",
            d("2027-01-05"),
            &again,
        );
        assert_eq!(diags.len(), 0, "{diags:?}");
        let twice = carried_sections(&again, &next);
        assert_eq!(twice[0], carried[0]);
    }

    #[test]
    fn closing_changes_only_the_front_matter() {
        let closed = close_text(PLAN, "2027-01-05.md");
        assert_eq!(
            closed,
            PLAN.replace(
                "status: active\n",
                "status: closed\nsuperseded_by: 2027-01-05.md\n"
            )
        );
        let crlf =
            format!("\u{feff}{}", PLAN.replace('\n', "\r\n")).replace("status: active\r\n", "");
        let closed = close_text(&crlf, "2027-01-05.md");
        assert!(closed.starts_with("\u{feff}---\r\n"));
        assert!(closed.contains(
            "review: 2027-01-05\r\nstatus: closed\r\nsuperseded_by: 2027-01-05.md\r\n---\r\n"
        ));
        let (plan, diags) = read(&closed);
        assert_eq!(diags, []);
        assert_eq!(plan.status, PlanStatus::Closed);
        assert_eq!(plan.targets.len(), 3);
        let bare = close_text("## Target: x\n", "b.md");
        assert_eq!(
            bare,
            "---\nstatus: closed\nsuperseded_by: b.md\n---\n\n## Target: x\n"
        );
    }

    #[test]
    fn dates_in_the_shapes_teachers_write() {
        for s in [
            "2027-01-15",
            "15/01/2027",
            "15 January 2027",
            "15 Jan 2027",
            "Friday 15 January 2027",
        ] {
            assert_eq!(parse_date(s), Some(d("2027-01-15")), "{s}");
        }
        assert_eq!(parse_date("2027-02-30"), None);
        assert_eq!(
            first_iso_date("by 2026-12-01, then 2027-01-01"),
            Some(d("2026-12-01"))
        );
        assert_eq!(first_iso_date("room 12026-12-01"), None);
    }
}
