//! Mentor-ECT pairs: `plans/<pair-id>/pair.yaml`, read into [`Pair`] and
//! checked with line numbers (rule `pair`).
//!
//! Reading never follows a symbolic link and never leaves the repository: a
//! pair id is a folder name of lowercase letters, digits and hyphens.

pub mod roster;

use crate::config::{Config, DateRange};
use crate::curriculum::Curriculum;
use crate::curriculum::path::FileKind;
use crate::diag::{Diagnostic, FileDiagnostics, Location, Severity, at_file_start};
use crate::repo::{Repo, read_checked};
use crate::yaml_pos::{Positions, Seg, ypath};
use chrono::{NaiveDate, NaiveTime, Weekday};
use rayon::prelude::*;
use serde::{Deserialize, Deserializer};

/// A mentor and their early career teacher, as `pair.yaml` describes them.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct Pair {
    /// The pair's folder name under `plans/`: lowercase letters, digits, hyphens.
    #[serde(skip)]
    pub id: String,
    /// Repository-relative path of the pair's `pair.yaml`.
    #[serde(skip)]
    pub path: String,
    /// The mentor's name.
    pub mentor: String,
    /// The early career teacher's name.
    pub ect: String,
    /// The programme followed: `curriculum/<programme>.md`. When `pair.yaml`
    /// names none, the `programme:` of `ect.yaml`.
    #[serde(default)]
    pub programme: String,
    /// The ECT's first week of the programme: the week holding this date.
    pub start: NaiveDate,
    /// The weekday, time and length of the pair's meetings.
    pub meeting: MeetingSlot,
    /// How often the pair meets in each programme year.
    #[serde(default)]
    pub cadence: Cadence,
    /// Leave, illness: no meetings, and the programme does not advance.
    #[serde(default)]
    pub pauses: Vec<DateRange>,
    /// Where `programme:` is written in `pair.yaml` (`None` when it comes from `ect.yaml`).
    #[serde(skip)]
    pub programme_location: Option<Location>,
    /// The ECT's teacher reference number (seven digits), as registered with the DfE.
    #[serde(default, deserialize_with = "crate::induction::facts::de_trn")]
    #[schemars(schema_with = "crate::induction::facts::trn_schema")]
    pub trn: Option<String>,
    /// The appropriate body quality-assuring the ECT's induction.
    #[serde(default)]
    pub appropriate_body: Option<String>,
    /// The training route: `provider-led` or `school-led`.
    #[serde(default)]
    pub route: Option<crate::induction::facts::Route>,
    /// The working pattern as a fraction of full time, 0.1 to 1.0 (default 1.0):
    /// a part-time ECT's induction lasts longer, pro rata.
    #[serde(default)]
    #[schemars(range(min = 0.1, max = 1.0))]
    pub fte: Option<f64>,
    /// The first day of statutory induction (default: `start`).
    #[serde(default)]
    pub induction_start: Option<NaiveDate>,
    /// School terms added to the induction by the appropriate body (default 0).
    #[serde(default)]
    #[schemars(range(max = 12))]
    pub extension_terms: Option<u32>,
    /// Every mentor the ECT has had, each from a date, oldest first; the last
    /// is the current `mentor`. A change of mentor keeps the pair's id and folder.
    #[serde(default)]
    pub mentors: Vec<crate::induction::facts::MentorSpell>,
    /// The pair's own order of modules (module folder names), e.g. chosen
    /// after a diagnostic; default: the order of the programme overview.
    #[serde(default)]
    pub sequence: Vec<String>,
    /// Where each module of `sequence` is written.
    #[serde(skip)]
    pub sequence_locations: Vec<Location>,
}

/// When a pair meets.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingSlot {
    /// The weekday, `monday` to `friday`.
    #[serde(deserialize_with = "de_weekday")]
    #[schemars(schema_with = "crate::schema::weekday")]
    pub day: Weekday,
    /// The time of day, 24-hour `HH:MM`.
    #[serde(default, deserialize_with = "de_time")]
    #[schemars(schema_with = "crate::schema::time")]
    pub time: Option<NaiveTime>,
    /// How long a meeting lasts, in minutes.
    #[serde(default)]
    pub minutes: Option<u32>,
}

/// How often a pair meets, per programme year.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Cadence {
    /// Year 1: `weekly` unless set.
    pub year1: Frequency,
    /// Year 2: `fortnightly` unless set.
    pub year2: Frequency,
}

/// Every active week, or every other one.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    /// Every active week.
    Weekly,
    /// The 1st, 3rd, 5th... active week of each half-term.
    Fortnightly,
}

impl Default for Cadence {
    fn default() -> Self {
        Cadence {
            year1: Frequency::Weekly,
            year2: Frequency::Fortnightly,
        }
    }
}

impl Cadence {
    /// The frequency of programme year `year` (1 or 2; later years as year 2).
    pub fn for_year(&self, year: u8) -> Frequency {
        if year <= 1 { self.year1 } else { self.year2 }
    }
}

impl Pair {
    /// A pair with default cadence and no pauses, for tests and benchmarks.
    pub fn new(id: &str, programme: &str, start: NaiveDate, day: Weekday) -> Pair {
        Pair {
            id: id.to_string(),
            path: format!("plans/{id}/pair.yaml"),
            mentor: "Mentor".into(),
            ect: "ECT".into(),
            programme: programme.to_string(),
            start,
            meeting: MeetingSlot {
                day,
                time: None,
                minutes: None,
            },
            cadence: Cadence::default(),
            pauses: Vec::new(),
            programme_location: None,
            trn: None,
            appropriate_body: None,
            route: None,
            fte: None,
            induction_start: None,
            extension_terms: None,
            mentors: Vec::new(),
            sequence: Vec::new(),
            sequence_locations: Vec::new(),
        }
    }

    /// Whether `date` falls inside one of the pair's pauses.
    pub fn is_paused(&self, date: NaiveDate) -> bool {
        self.pauses.iter().any(|p| p.contains(date))
    }
}

/// The shortest and longest meeting `pair.yaml` accepts, in minutes.
pub const MIN_MEETING_MINUTES: u32 = 5;
pub const MAX_MEETING_MINUTES: u32 = 480;

/// The longest pair id: with the folders and file names below it, a path
/// stays well inside Windows' 260 characters.
pub const MAX_ID_LEN: usize = 80;

/// Whether `id` can name a pair folder on Windows, macOS and Linux alike:
/// lowercase letters, digits and hyphens (so no `.`, `..`, `/`, trailing dot
/// or case-only difference), starting with a letter or digit, at most
/// [`MAX_ID_LEN`] long, and not a name Windows reserves for a device (`con`,
/// `nul`, `aux`, `prn`, `com1`..`com9`, `lpt1`..`lpt9`).
pub fn is_valid_id(id: &str) -> bool {
    id.len() <= MAX_ID_LEN
        && !is_reserved_on_windows(id)
        && id
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// What a pair id may be, for messages.
pub const ID_HINT: &str = "name the folder with lowercase letters, digits and hyphens, at most 80 long, e.g. `jo-smith-alex-lee`; Windows' device names (`con`, `nul`, `aux`, `prn`, `com1`, `lpt1`, ...) cannot name a folder on a school's Windows computers";

/// A device name Windows refuses as a file or folder name, whatever follows
/// a dot (ids hold no dot, so the whole id is compared).
fn is_reserved_on_windows(id: &str) -> bool {
    match id {
        "con" | "prn" | "aux" | "nul" => true,
        _ => match id.as_bytes() {
            [a, b, c, digit] => {
                matches!(&[*a, *b, *c], b"com" | b"lpt") && (b'1'..=b'9').contains(digit)
            }
            _ => false,
        },
    }
}

/// Reads a weekday name: `tuesday`, `Tuesday`, `tue`. Weekends are refused.
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    let day = match s.trim().to_ascii_lowercase().as_str() {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        _ => return None,
    };
    Some(day)
}

/// Reads a 24-hour `HH:MM` time.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

fn de_weekday<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
    let s = String::deserialize(d)?;
    parse_weekday(&s).ok_or_else(|| {
        serde::de::Error::custom(format!("`{s}` is not a weekday from monday to friday"))
    })
}

fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) => parse_time(&s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a time like \"15:30\""))),
    }
}

/// Keys `pair.yaml` knows, at the top and inside `meeting` and `cadence`.
const KEYS: &[&str] = &[
    "mentor",
    "ect",
    "programme",
    "start",
    "meeting",
    "cadence",
    "pauses",
    "trn",
    "appropriate_body",
    "route",
    "fte",
    "induction_start",
    "extension_terms",
    "mentors",
    "sequence",
];
const MEETING_KEYS: &[&str] = &["day", "time", "minutes"];
const CADENCE_KEYS: &[&str] = &["year1", "year2"];

/// Reads one `pair.yaml` (`text`, at repository-relative `path`) of pair `id`.
/// Returns the pair when it could be read, and every problem found; a pair
/// with errors may still be returned (its dates are usable).
pub fn parse(id: &str, path: &str, text: &str, config: &Config) -> (Option<Pair>, Vec<Diagnostic>) {
    // Notepad and Excel may save a byte order mark; it is not part of the
    // YAML (line numbers are unchanged without it)
    let text = crate::front_matter::strip_bom(text);
    let mut d = FileDiagnostics::new(path, text);
    let pair = parse_into(id, text, config, &mut d);
    d.found
        .sort_by_key(|f| (f.location.line, f.location.column));
    (pair, d.found)
}

pub(crate) fn push(
    d: &mut FileDiagnostics<'_>,
    span: std::ops::Range<usize>,
    severity: Severity,
    message: String,
    hint: &str,
) {
    d.push_at("pair", severity, span, message, hint);
}

/// Reads `pair.yaml` in its steps: the YAML mapping, its keys and
/// `meeting`, then the typed [`Pair`] and its values, then the defaults
/// and positions a pair carries. The dates are checked whatever else is
/// wrong, so one run reports every problem.
fn parse_into(id: &str, text: &str, config: &Config, d: &mut FileDiagnostics<'_>) -> Option<Pair> {
    let map = read_mapping(text, d)?;
    let pos = Positions::new(text, 0);
    if check_keys(&map, &pos, config, d) {
        // still check the dates, so one run reports every problem
        if let Ok(dates) = serde_yaml::from_str::<Dates>(text)
            && let Some(start) = dates.start
        {
            check_dates(start, &dates.pauses, &pos, config, d);
        }
        return None;
    }
    let mut pair = read_pair_value(text, &pos, d)?;
    let bad = check_values(&pair, &pos, config, d);
    if bad {
        check_dates(pair.start, &pair.pauses, &pos, config, d);
        return None;
    }
    fill_in(&mut pair, id, &pos, config, d);
    check_dates(pair.start, &pair.pauses, &pos, config, d);
    Some(pair)
}

/// The top-level mapping of `pair.yaml` (an empty file is an empty
/// mapping), or an error saying it is not YAML or not `key: value` lines.
fn read_mapping(text: &str, d: &mut FileDiagnostics<'_>) -> Option<serde_yaml::Mapping> {
    use serde_yaml::Value;
    let value = match crate::front_matter::parse_yaml_at(text, 0) {
        Ok(v) => v,
        Err(e) => {
            push(
                d,
                e.offset..e.offset + 1,
                Severity::Error,
                format!("`pair.yaml` is not valid YAML: {}", e.message),
                "indent with spaces, never tabs; quote values containing `: `",
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
                0..1,
                Severity::Error,
                "`pair.yaml` must be `key: value` lines".into(),
                EXAMPLE_HINT,
            );
            None
        }
    }
}

/// The span of the key at `path`, or the file's first byte.
fn key_span(pos: &Positions<'_>, path: &[Seg<'_>]) -> std::ops::Range<usize> {
    pos.key(path).unwrap_or(0..1)
}

/// Warns of each key of `map` (at `within`) not in `known`; `what` names
/// the mapping in the message (empty for the top level).
fn warn_unknown(
    d: &mut FileDiagnostics<'_>,
    pos: &Positions<'_>,
    map: &serde_yaml::Mapping,
    known: &[&str],
    within: &[Seg<'_>],
    what: &str,
) {
    for key in map.keys() {
        let name = key
            .as_str()
            .map_or_else(|| format!("{key:?}"), str::to_string);
        if !known.contains(&name.as_str()) {
            let path = [within, &[Seg::Key(&name)]].concat();
            push(
                d,
                key_span(pos, &path),
                Severity::Warning,
                format!("unknown key `{name}`{what} is ignored"),
                &format!("known keys: {}", known.join(", ")),
            );
        }
    }
}

/// Checks the keys before typing: unknown keys (warnings), missing
/// required keys, and the shape of `meeting`. True when an error was found.
fn check_keys(
    map: &serde_yaml::Mapping,
    pos: &Positions<'_>,
    config: &Config,
    d: &mut FileDiagnostics<'_>,
) -> bool {
    warn_unknown(d, pos, map, KEYS, ypath![], "");
    let get = |key: &str| map.get(key).filter(|v| !v.is_null());
    let mut missing = Vec::new();
    for key in ["mentor", "ect", "start", "meeting"] {
        if get(key).is_none() {
            missing.push(key);
        }
    }
    if get("programme").is_none() && config.programme.is_none() {
        missing.push("programme");
    }
    for key in &missing {
        push(
            d,
            key_span(pos, ypath![*key]),
            Severity::Error,
            format!("`pair.yaml` has no `{key}`"),
            match *key {
                "programme" => {
                    "add `programme: <name>` (a `curriculum/<name>.md`), or a default `programme:` in `ect.yaml`"
                }
                "meeting" => "add `meeting: {day: tuesday, time: \"15:30\"}`",
                "start" => "add `start: YYYY-MM-DD`, the ECT's first week of the programme",
                _ => EXAMPLE_HINT,
            },
        );
    }
    let mut bad = !missing.is_empty();
    if let Some(meeting) = get("meeting") {
        bad |= check_meeting(meeting, pos, d);
    }
    if let Some(serde_yaml::Value::Mapping(cadence)) = get("cadence") {
        warn_unknown(
            d,
            pos,
            cadence,
            CADENCE_KEYS,
            ypath!["cadence"],
            " in `cadence`",
        );
    }
    bad
}

/// Checks `meeting`: a mapping with a weekday `day` and, if given, a time
/// of day. True when an error was found.
fn check_meeting(
    meeting: &serde_yaml::Value,
    pos: &Positions<'_>,
    d: &mut FileDiagnostics<'_>,
) -> bool {
    let Some(m) = meeting.as_mapping() else {
        push(
            d,
            key_span(pos, ypath!["meeting"]),
            Severity::Error,
            "`meeting` must hold `day`, `time` and `minutes`".into(),
            "write `meeting: {day: tuesday, time: \"15:30\", minutes: 50}`",
        );
        return true;
    };
    let mut bad = false;
    warn_unknown(d, pos, m, MEETING_KEYS, ypath!["meeting"], " in `meeting`");
    match m.get("day").filter(|v| !v.is_null()) {
        None => {
            push(
                d,
                key_span(pos, ypath!["meeting"]),
                Severity::Error,
                "`meeting` has no `day`".into(),
                "add `day: tuesday`",
            );
            bad = true;
        }
        Some(day) => {
            let raw = scalar_text(day);
            if day.as_str().and_then(parse_weekday).is_none() {
                push(
                    d,
                    pos.value_or_nearest(ypath!["meeting", "day"]),
                    Severity::Error,
                    format!("`{raw}` is not a weekday"),
                    "meetings are on a school day: monday, tuesday, wednesday, thursday or friday",
                );
                bad = true;
            }
        }
    }
    if let Some(time) = m.get("time").filter(|v| !v.is_null()) {
        let raw = scalar_text(time);
        if time.as_str().and_then(parse_time).is_none() {
            push(
                d,
                pos.value_or_nearest(ypath!["meeting", "time"]),
                Severity::Error,
                format!("`{raw}` is not a time of day"),
                "write a 24-hour time in quotes: `time: \"15:30\"`",
            );
            bad = true;
        }
    }
    bad
}

/// The typed [`Pair`], or an error at the value serde could not read.
fn read_pair_value(text: &str, pos: &Positions<'_>, d: &mut FileDiagnostics<'_>) -> Option<Pair> {
    match serde_yaml::from_str(text) {
        Ok(p) => Some(p),
        Err(e) => {
            let span = pos.of_serde_error(&e).unwrap_or(0..1);
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            push(
                d,
                span,
                Severity::Error,
                format!("`pair.yaml`: {message}"),
                "dates are written `YYYY-MM-DD` and must exist; see the README for every key",
            );
            None
        }
    }
}

/// Checks the typed values: names on one line, a meeting's length, and
/// the induction facts. True when an error was found.
fn check_values(
    pair: &Pair,
    pos: &Positions<'_>,
    config: &Config,
    d: &mut FileDiagnostics<'_>,
) -> bool {
    let mut bad = false;
    for (key, name) in [("mentor", &pair.mentor), ("ect", &pair.ect)] {
        if let Some(c) = name.chars().find(|c| c.is_control()) {
            push(
                d,
                key_span(pos, ypath![key]),
                Severity::Error,
                format!(
                    "`{key}` holds a control character (U+{:04X}: a line break, a tab or a terminal code)",
                    c as u32
                ),
                "write the name on one line, in plain text",
            );
            bad = true;
        }
    }
    if let Some(minutes) = pair.meeting.minutes
        && !(MIN_MEETING_MINUTES..=MAX_MEETING_MINUTES).contains(&minutes)
    {
        push(
            d,
            pos.value_or_nearest(ypath!["meeting", "minutes"]),
            Severity::Error,
            format!("a meeting of {minutes} minutes is not a mentor meeting"),
            &format!(
                "write the meeting's length in minutes, from {MIN_MEETING_MINUTES} to {MAX_MEETING_MINUTES} (e.g. `minutes: 50`)"
            ),
        );
        bad = true;
    }
    bad |= crate::induction::facts::check(pair, pos, config, d);
    bad
}

/// Fills in what a read pair carries beyond its YAML: its id and path,
/// the programme (the default from `ect.yaml` when not given, trimmed)
/// and where the programme and sequence values were written.
fn fill_in(
    pair: &mut Pair,
    id: &str,
    pos: &Positions<'_>,
    config: &Config,
    d: &FileDiagnostics<'_>,
) {
    pair.id = id.to_string();
    pair.path = d.path.to_string();
    if pair.programme.trim().is_empty() {
        pair.programme = config.programme.clone().unwrap_or_default();
    } else if let Some(span) = pos.value(ypath!["programme"]) {
        pair.programme_location = Some(d.index.locate(span));
    }
    pair.programme = pair.programme.trim().to_string();
    pair.sequence_locations = crate::induction::facts::sequence_spans(pair, pos)
        .into_iter()
        .map(|span| d.index.locate(span))
        .collect();
}

const EXAMPLE_HINT: &str =
    "a pair needs `mentor`, `ect`, `start` and `meeting`; see the README for an example";

/// The text of a scalar YAML value, as written (near enough to find it).
fn scalar_text(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// The dates of a `pair.yaml` whose other keys have problems.
#[derive(Deserialize)]
struct Dates {
    start: Option<NaiveDate>,
    #[serde(default)]
    pauses: Vec<DateRange>,
}

/// `start` inside a term; pauses in order and apart.
fn check_dates(
    start: NaiveDate,
    pauses: &[DateRange],
    pos: &Positions<'_>,
    config: &Config,
    d: &mut FileDiagnostics<'_>,
) {
    if !config
        .terms
        .iter()
        .any(|t| t.start <= start && start <= t.end)
    {
        let hint = if config.terms.is_empty() {
            "add the school's term dates to `terms:` in `ect.yaml`".to_string()
        } else {
            let first = config.terms.iter().map(|t| t.start).min().unwrap_or(start);
            let last = config.terms.iter().map(|t| t.end).max().unwrap_or(start);
            format!(
                "`ect.yaml` has terms from {first} to {last}; use a date in term time, or add the term"
            )
        };
        push(
            d,
            pos.value_or_nearest(ypath!["start"]),
            Severity::Error,
            format!("start {start} is not inside any term of `ect.yaml`"),
            &hint,
        );
    }
    for (i, p) in pauses.iter().enumerate() {
        if p.end < p.start {
            push(
                d,
                pos.value_or_nearest(ypath!["pauses", i, "end"]),
                Severity::Error,
                format!(
                    "pause starting {} ends on {}, before it starts",
                    p.start, p.end
                ),
                "check the dates of the pause",
            );
        }
    }
    let mut sorted: Vec<(usize, &DateRange)> = pauses.iter().enumerate().collect();
    sorted.sort_by_key(|(_, p)| (p.start, p.end));
    for w in sorted.windows(2) {
        let ((_, a), (j, b)) = (w[0], w[1]);
        if b.start <= a.end {
            push(
                d,
                pos.value_or_nearest(ypath!["pauses", j, "start"]),
                Severity::Error,
                format!(
                    "pause starting {} overlaps the pause {} to {}",
                    b.start, a.start, a.end
                ),
                "merge the two pauses into one",
            );
        }
    }
}

/// The first error `problems` (from [`load_pairs`]) hold for `pair`'s own
/// `pair.yaml`: such a pair is read (its dates may be usable) but is not
/// planned by any command, which reports this instead.
pub fn first_error<'d>(pair: &Pair, problems: &'d [Diagnostic]) -> Option<&'d Diagnostic> {
    problems
        .iter()
        .find(|d| d.severity == Severity::Error && d.path == pair.path)
}

/// Reads every `plans/<id>/pair.yaml`, sorted by id, with the problems found.
/// A folder without `pair.yaml` is skipped with a warning; a folder whose name
/// is not a valid id is an error. Hidden folders (`.git`) are ignored.
pub fn load_pairs(repo: &Repo) -> (Vec<Pair>, Vec<Diagnostic>) {
    let prefix = repo.plans_rel().to_string();
    let dir = repo.plans_dir();
    let mut diagnostics = Vec::new();
    use crate::repo::{Kind, Listing};
    let entries = match crate::repo::list(&dir) {
        Listing::Entries(e) => e,
        Listing::Missing | Listing::NotFolder => return (Vec::new(), diagnostics),
        Listing::Link => {
            diagnostics.push(crate::diag::symlink_not_followed(
                &prefix,
                "make the plans folder a real folder inside the repository",
            ));
            return (Vec::new(), diagnostics);
        }
        Listing::Unreadable(why) => {
            diagnostics.push(at_file_start(
                "unreadable",
                &prefix,
                format!("cannot read this folder: {why}"),
                None,
            ));
            return (Vec::new(), diagnostics);
        }
    };
    let mut folders = Vec::new();
    for entry in entries {
        let name = entry.name;
        let kind = entry.kind;
        let folder = format!("{prefix}/{name}");
        if name.starts_with('.') {
            // hidden folders (`.git`) are not pairs; one holding a
            // `pair.yaml` was meant to be, and must not vanish silently
            if kind == Kind::Folder && crate::repo::kind_of(&entry.path.join("pair.yaml")).is_some()
            {
                diagnostics.push(at_file_start(
                    "pair",
                    &folder,
                    format!("`{name}` is not a valid pair id: a name starting with `.` is hidden"),
                    Some(ID_HINT.into()),
                ));
            }
            continue;
        }
        if kind == Kind::Link {
            diagnostics.push(crate::diag::symlink_not_followed(
                &folder,
                "replace the link with the pair's folder itself",
            ));
            continue;
        }
        if kind != Kind::Folder {
            continue;
        }
        if !is_valid_id(&name) {
            diagnostics.push(at_file_start(
                "pair",
                &folder,
                format!("`{name}` is not a valid pair id"),
                Some(ID_HINT.into()),
            ));
            continue;
        }
        folders.push((name, folder, entry.path));
    }
    folders.sort();
    let read: Vec<(Option<Pair>, Vec<Diagnostic>)> = folders
        .par_iter()
        .map(|(id, folder, path)| read_pair(id, folder, &path.join("pair.yaml"), &repo.config))
        .collect();
    let mut pairs = Vec::new();
    for (pair, found) in read {
        pairs.extend(pair);
        diagnostics.extend(found);
    }
    (pairs, diagnostics)
}

fn read_pair(
    id: &str,
    folder: &str,
    file: &std::path::Path,
    config: &Config,
) -> (Option<Pair>, Vec<Diagnostic>) {
    let path = format!("{folder}/pair.yaml");
    match crate::repo::kind_of(file) {
        None => {
            let mut d = at_file_start(
                "pair",
                folder,
                format!("folder `{id}` has no `pair.yaml` and is skipped"),
                Some("add a `pair.yaml` naming the mentor, the ECT, the start date and the meeting day".into()),
            );
            d.severity = Severity::Warning;
            return (None, vec![d]);
        }
        Some(crate::repo::Kind::Link) => {
            return (
                None,
                vec![crate::diag::symlink_not_followed(
                    &path,
                    "replace the link with the file itself",
                )],
            );
        }
        Some(_) => {}
    }
    match read_checked(file) {
        Ok(text) => parse(id, &path, &text, config),
        Err(why) => (
            None,
            vec![at_file_start(
                "unreadable",
                &path,
                why,
                Some("save `pair.yaml` as UTF-8 text".into()),
            )],
        ),
    }
}

/// Every problem with the pairs for `ect validate`: those [`load_pairs`]
/// finds, and programmes the curriculum does not have.
pub fn check(repo: &Repo, curriculum: &Curriculum) -> Vec<Diagnostic> {
    let (pairs, mut diagnostics) = load_pairs(repo);
    let known: Vec<&str> = curriculum
        .docs
        .iter()
        .filter(|d| d.kind == FileKind::ProgrammeOverview)
        .map(|d| d.rel.trim_end_matches(".md"))
        .collect();
    for pair in &pairs {
        if known.contains(&pair.programme.as_str()) {
            diagnostics.extend(crate::induction::facts::check_sequence(pair, curriculum));
            continue;
        }
        let location = pair
            .programme_location
            .clone()
            .unwrap_or_else(Location::default_start);
        let from = if pair.programme_location.is_some() {
            ""
        } else {
            " (the default from `ect.yaml`)"
        };
        diagnostics.push(Diagnostic {
            rule: "pair",
            severity: Severity::Error,
            path: pair.path.clone(),
            location,
            message: format!(
                "unknown programme `{}`{from}: there is no `{}`",
                pair.programme,
                curriculum.repo_path(&format!("{}.md", pair.programme))
            ),
            hint: Some(if known.is_empty() {
                "the curriculum has no programme overview yet".into()
            } else {
                format!("programmes: {}", known.join(", "))
            }),
        });
    }
    diagnostics
}

/// "the pairs are: `a`, `b`" (at most ten named), for messages about a pair
/// that is not there.
pub fn describe(pairs: &[Pair]) -> String {
    if pairs.is_empty() {
        return "there are no pairs yet: a pair is a folder `plans/<id>/` with a `pair.yaml`"
            .into();
    }
    let mut names: Vec<String> = pairs
        .iter()
        .take(10)
        .map(|p| format!("`{}`", p.id))
        .collect();
    if pairs.len() > 10 {
        names.push(format!("and {} more", pairs.len() - 10));
    }
    format!("the pairs are: {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
mentor: Jo Smith
ect: Alex Lee
programme: example
start: 2026-09-02
meeting: {day: tuesday, time: \"15:30\", minutes: 50}
pauses:
  - {start: 2027-01-04, end: 2027-02-12}
";

    fn config() -> Config {
        let text = "terms:\n  - name: autumn\n    start: 2026-09-02\n    end: 2026-12-18\n  - name: spring\n    start: 2027-01-04\n    end: 2027-03-26\n";
        Config::parse("ect.yaml", text).unwrap().0
    }

    fn read(text: &str) -> (Option<Pair>, Vec<Diagnostic>) {
        parse("jo-alex", "plans/jo-alex/pair.yaml", text, &config())
    }

    fn found(text: &str) -> Vec<(usize, Severity, String)> {
        read(text)
            .1
            .into_iter()
            .map(|d| (d.location.line, d.severity, d.message))
            .collect()
    }

    #[test]
    fn reads_a_good_pair() {
        let (pair, diags) = read(GOOD);
        assert_eq!(diags, []);
        let pair = pair.unwrap();
        assert_eq!(pair.id, "jo-alex");
        assert_eq!(pair.path, "plans/jo-alex/pair.yaml");
        assert_eq!(pair.meeting.day, Weekday::Tue);
        assert_eq!(pair.meeting.time, NaiveTime::from_hms_opt(15, 30, 0));
        assert_eq!(pair.meeting.minutes, Some(50));
        assert_eq!(pair.cadence, Cadence::default());
        assert_eq!(pair.pauses.len(), 1);
        assert!(pair.is_paused("2027-01-20".parse().unwrap()));
        assert_eq!(pair.programme_location.unwrap().line, 3);
    }

    #[test]
    fn programme_defaults_to_ect_yaml() {
        let mut c = config();
        c.programme = Some("example".into());
        let (pair, diags) = parse(
            "a",
            "plans/a/pair.yaml",
            &GOOD.replace("programme: example\n", ""),
            &c,
        );
        assert_eq!(diags, []);
        let pair = pair.unwrap();
        assert_eq!(pair.programme, "example");
        assert!(pair.programme_location.is_none());
    }

    #[test]
    fn missing_keys_are_errors_and_unknown_keys_warnings() {
        let got = found(
            "mentor: Jo\nprogramme: example\nroom: B12\nmeeting:\n  day: monday\n  place: library\n",
        );
        assert_eq!(
            got.iter().map(|(l, s, _)| (*l, *s)).collect::<Vec<_>>(),
            [
                (1, Severity::Error),
                (1, Severity::Error),
                (3, Severity::Warning),
                (6, Severity::Warning)
            ],
            "{got:?}"
        );
        assert!(got[0].2.contains("`ect`"), "{got:?}");
        assert!(got[1].2.contains("`start`"), "{got:?}");
    }

    #[test]
    fn bad_weekday_and_time_point_at_the_value() {
        let got = found(&GOOD.replace("tuesday", "tusday"));
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].1), (5, Severity::Error));
        assert!(got[0].2.contains("`tusday`"));
        let got = found(&GOOD.replace("tuesday", "saturday"));
        assert_eq!(got.len(), 1, "{got:?}");
        let got = found(&GOOD.replace(
            "meeting: {day: tuesday, time: \"15:30\", minutes: 50}",
            "meeting:\n  day: Tuesday\n  time: 3.30pm",
        ));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 7);
        assert!(got[0].2.contains("`3.30pm`"));
    }

    #[test]
    fn bad_yaml_points_at_its_line() {
        let got = found("mentor: Jo\nect: [Alex\nstart: 2026-09-02\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0 >= 2, "{got:?}");
        assert!(got[0].2.contains("not valid YAML"));
    }

    #[test]
    fn a_date_that_does_not_exist_is_an_error() {
        let got = found(&GOOD.replace("start: 2026-09-02", "start: 2026-09-31"));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 4, "{got:?}");
    }

    #[test]
    fn start_outside_terms_and_pause_order() {
        let got = found(&GOOD.replace("start: 2026-09-02", "start: 2026-08-20"));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 4);
        assert!(got[0].2.contains("not inside any term"));
        let got = found(&GOOD.replace("end: 2027-02-12", "end: 2026-12-12"));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 7);
        assert!(got[0].2.contains("before it starts"));
        let got = found(&format!(
            "{GOOD}  - start: 2027-02-01\n    end: 2027-02-26\n"
        ));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 8);
        assert!(got[0].2.contains("overlaps"));
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("jo-smith-alex-lee"));
        assert!(is_valid_id("pair-2"));
        for bad in [
            "",
            ".",
            "..",
            ".hidden",
            "-x",
            "Jo",
            "jo smith",
            "jo_smith",
            "a/b",
            "é",
            "con",
            "nul",
            "aux",
            "prn",
            "com1",
            "lpt9",
            "x.",
            "jo\nsmith",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        // near the reserved names, and the length limit
        for good in ["com", "com10", "lpt0", "cons", "nul-pair", "console"] {
            assert!(is_valid_id(good), "{good}");
        }
        assert!(is_valid_id(&"a".repeat(MAX_ID_LEN)));
        assert!(!is_valid_id(&"a".repeat(MAX_ID_LEN + 1)));
    }

    #[test]
    fn a_byte_order_mark_is_not_a_second_document() {
        let (pair, found) = read(&format!("\u{feff}{GOOD}"));
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(pair.unwrap().mentor, "Jo Smith");
    }

    #[test]
    fn names_with_control_characters_are_refused() {
        for name in [
            "\"Jo\\nchecksum: 0\"",
            "\"Jo\\u001b[31mSmith\"",
            "\"Jo\\0\"",
        ] {
            let text = GOOD.replace("Jo Smith", name);
            let found = found(&text);
            assert!(
                found.iter().any(|(line, sev, m)| *line == 1
                    && *sev == Severity::Error
                    && m.contains("control character")),
                "{name}: {found:?}"
            );
            assert!(read(&text).0.is_none());
        }
    }

    #[test]
    fn meeting_minutes_out_of_range_are_refused_at_the_value() {
        for minutes in ["0", "4", "481", "4294967295"] {
            let text = GOOD.replace("minutes: 50", &format!("minutes: {minutes}"));
            let found = found(&text);
            assert!(
                found
                    .iter()
                    .any(|(line, _, m)| *line == 5 && m.contains("not a mentor meeting")),
                "{minutes}: {found:?}"
            );
        }
        let text = GOOD.replace("minutes: 50", "minutes: 480");
        assert!(found(&text).is_empty());
    }

    #[test]
    fn loads_pairs_from_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("ect.yaml"), "programme: example\nterms:\n  - name: autumn\n    start: 2026-09-02\n    end: 2026-12-18\n").unwrap();
        for (id, text) in [("b-pair", GOOD), ("a-pair", GOOD)] {
            std::fs::create_dir_all(root.join("plans").join(id)).unwrap();
            std::fs::write(root.join("plans").join(id).join("pair.yaml"), text).unwrap();
        }
        std::fs::create_dir_all(root.join("plans/empty")).unwrap();
        std::fs::create_dir_all(root.join("plans/Bad Id")).unwrap();
        std::fs::create_dir_all(root.join("plans/.git")).unwrap();
        std::fs::write(root.join("plans/README.md"), "pairs").unwrap();
        let repo = Repo::open(root, Some(root)).unwrap();
        let (pairs, diags) = load_pairs(&repo);
        assert_eq!(
            pairs.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            ["a-pair", "b-pair"]
        );
        let mut got: Vec<_> = diags
            .iter()
            .map(|d| (d.path.as_str(), d.severity))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("plans/Bad Id", Severity::Error),
                ("plans/empty", Severity::Warning)
            ]
        );
    }

    #[test]
    fn dates_are_checked_even_when_the_meeting_is_wrong() {
        let got = found(
            &GOOD
                .replace("tuesday", "someday")
                .replace("start: 2026-09-02", "start: 2026-08-20"),
        );
        assert_eq!(
            got.iter().map(|g| g.0).collect::<Vec<_>>(),
            [4, 5],
            "{got:?}"
        );
    }
}
