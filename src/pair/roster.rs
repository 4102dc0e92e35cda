//! New pairs from a tutor's list: a pair id from two names, rows read from a
//! spreadsheet's CSV export, and the text of `pair.yaml` (new, or merged into
//! an existing one). Pure: `cmd/pair.rs` does the reading and writing.

use crate::pair::is_valid_id;
use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde_yaml::{Mapping, Value};

/// `Jo Smith` → `jo-smith`: accents folded, apostrophes dropped, anything
/// else that is not a letter or digit a hyphen.
pub fn slug(name: &str) -> String {
    let folded = deunicode::deunicode(name).to_ascii_lowercase();
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        match c {
            '\'' | '`' => {}
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The id of a new pair: `mentor-ect` as slugs, or `None` when a name has
/// no letters or digits to make one from.
pub fn derive_id(mentor: &str, ect: &str) -> Option<String> {
    let (m, e) = (slug(mentor), slug(ect));
    (!m.is_empty() && !e.is_empty()).then(|| format!("{m}-{e}"))
}

/// Reads a date as people and spreadsheets write it: `2026-09-02`,
/// `02/09/2026` (day first, as in the UK), `2 September 2026`,
/// `Wed 2 Sept 2026`, `02-Sep-26`, `September 2, 2026`. Numeric dates with
/// both parts 12 or less are read day first.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    parse_start(s, None).ok()
}

/// The month names, for dates written in words.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `sep`, `Sept.`, `SEPTEMBER` → 9.
fn month_number(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let w = if w == "sept" { "sep".to_string() } else { w };
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(w.as_str()))
        .map(|i| i as u32 + 1)
}

/// A two-digit year is in this century: `26` → 2026.
fn year(digits: &str) -> Option<i32> {
    let y: i32 = digits.parse().ok()?;
    match digits.len() {
        2 => Some(2000 + y),
        4 => Some(y),
        _ => None,
    }
}

/// A numeric date with its first part 12 or less and its second part over
/// 12 (`09/15/2026`): it can only have been written month first, so the file
/// it is in may hold other month-first dates.
pub fn month_first_only(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split(['/', '.', '-']).collect();
    matches!(parts.as_slice(), [a, b, y]
        if y.len() != 1 && a.len() <= 2 && b.len() <= 2
            && a.parse::<u32>().is_ok_and(|a| (1..=12).contains(&a))
            && b.parse::<u32>().is_ok_and(|b| (13..=31).contains(&b)))
}

const DATE_FORMS: &str = "write it as YYYY-MM-DD, DD/MM/YYYY or like 2 September 2026";

/// [`parse_date`] with the reason when it fails (to follow the value:
/// "`x` is not a date; ..."). `month_first` is a date
/// of the same file that can only be month first (see
/// [`month_first_only`]): then a date that reads both ways is refused.
pub fn parse_start(s: &str, month_first: Option<&str>) -> Result<NaiveDate, String> {
    let s = s.trim();
    // a date cell exported with its (midnight) time: `2026-09-02 00:00:00`
    let s = [
        " 00:00:00",
        "T00:00:00",
        " 00:00",
        "T00:00",
        " 0:00:00",
        " 0:00",
    ]
    .iter()
    .find_map(|t| s.strip_suffix(t))
    .map_or(s, str::trim_end);
    let not = || format!("is not a date; {DATE_FORMS}");
    if s.is_empty() {
        return Err(format!("is empty; {DATE_FORMS}"));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let n = |i: usize| parts[i].parse::<u32>().ok();
        // year first: 2026/09/02
        if parts[0].len() == 4 {
            return year(parts[0])
                .zip(n(1).zip(n(2)))
                .and_then(|(y, (m, d))| NaiveDate::from_ymd_opt(y, m, d))
                .ok_or_else(not);
        }
        let (Some(a), Some(b), Some(y)) = (n(0), n(1), year(parts[2])) else {
            return Err(not());
        };
        if parts[0].len() > 2 || parts[1].len() > 2 {
            return Err(not());
        }
        let day_first = NaiveDate::from_ymd_opt(y, b, a);
        let month_first_date = NaiveDate::from_ymd_opt(y, a, b);
        return match (day_first, month_first_date) {
            (Some(d), Some(m)) if d != m => match month_first {
                Some(other) => Err(format!(
                    "could be {} or {}: this file also has `{other}`, which can only be month first; write it as YYYY-MM-DD ({} or {})",
                    d.format("%-d %B %Y"),
                    m.format("%-d %B %Y"),
                    d,
                    m
                )),
                None => Ok(d),
            },
            (Some(d), _) => Ok(d),
            (None, Some(m)) => Ok(m),
            (None, None) => Err(not()),
        };
    }
    words_date(s).unwrap_or_else(|| Err(not()))
}

/// A date with its month in words: `2 September 2026`, `02-Sep-26`,
/// `Wednesday, 2nd Sept 2026`, `September 2, 2026`. `None`: not that shape.
fn words_date(s: &str) -> Option<Result<NaiveDate, String>> {
    let mut weekday = None;
    let mut month = None;
    let mut numbers = Vec::new();
    for token in s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &token[digits.len()..];
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            if !matches!(
                suffix.to_ascii_lowercase().as_str(),
                "" | "st" | "nd" | "rd" | "th"
            ) {
                return None;
            }
            numbers.push(digits);
        } else if let Some(m) = month_number(token).filter(|_| month.is_none()) {
            month = Some(m);
        } else if weekday.is_none()
            && let Some(d) = parse_day_name(token)
        {
            weekday = Some(d);
        } else {
            return None;
        }
    }
    let month = month?;
    let [day, y] = numbers.as_slice() else {
        return None;
    };
    if day.len() > 2 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year(y)?, month, day.parse().ok()?);
    let Some(date) = date else {
        return Some(Err(format!("is not a day of the calendar; {DATE_FORMS}")));
    };
    Some(match weekday {
        Some(w) if w != date.weekday() => Err(format!(
            "names the wrong day: {} is a {}, not a {}; check the date",
            date.format("%-d %B %Y"),
            date.format("%A"),
            weekday_name(w)
        )),
        _ => Ok(date),
    })
}

/// A weekday as spreadsheets and people write it, in any case: `Monday`,
/// `mon`, `Weds`, `Thurs.`, `tu`, `Fridays`. Saturday and Sunday are read
/// too (so the caller can say meetings are on weekdays).
fn parse_day_name(s: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    let w = s.trim().trim_end_matches('.').to_ascii_lowercase();
    let w = match w.as_str() {
        "weds" => "wed",
        "tues" => "tue",
        "thur" | "thurs" | "thr" => "thu",
        other => other
            .strip_suffix('s')
            .filter(|d| d.ends_with("day"))
            .unwrap_or(other),
    };
    if w.len() < 2 {
        return None;
    }
    let mut found = DAYS.iter().filter(|(name, _)| name.starts_with(w));
    match (found.next(), found.next()) {
        (Some((_, d)), None) => Some(*d),
        _ => None,
    }
}

/// A meeting day, monday to friday, as [`parse_day_name`] reads it.
pub fn parse_day(s: &str) -> Option<Weekday> {
    parse_day_name(s).filter(|d| !matches!(d, Weekday::Sat | Weekday::Sun))
}

/// A time of day: 24-hour `15:30` (also `15.30` and, as spreadsheets export
/// it, `15:30:00`) or 12-hour `3:30 PM`, `3.30pm`, `3pm`, `3:30:00 p.m.`.
pub fn parse_meeting_time(s: &str) -> Option<NaiveTime> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
        .replace("a.m.", "am")
        .replace("p.m.", "pm")
        .replace("a.m", "am")
        .replace("p.m", "pm");
    let (body, half) = match (t.strip_suffix("am"), t.strip_suffix("pm")) {
        (Some(b), _) => (b, Some(false)),
        (_, Some(b)) => (b, Some(true)),
        _ => (t.as_str(), None),
    };
    let parts: Vec<&str> = body.split([':', '.']).collect();
    let number = |p: &str, max: u32| {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let (h, m) = match parts.as_slice() {
        [h] if half.is_some() => (number(h, 23)?, 0),
        [h, m] if m.len() == 2 => (number(h, 23)?, number(m, 59)?),
        [h, m, "00"] if m.len() == 2 => (number(h, 23)?, number(m, 59)?),
        _ => return None,
    };
    let h = match half {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(false) => h % 12,
        Some(true) => h % 12 + 12,
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// How often a pair meets, as `pair.yaml` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Often {
    Weekly,
    Fortnightly,
}

impl Often {
    fn as_str(self) -> &'static str {
        match self {
            Often::Weekly => "weekly",
            Often::Fortnightly => "fortnightly",
        }
    }
}

/// What a tutor gives for one pair, as typed (flags or a CSV row).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairInput {
    pub mentor: String,
    pub ect: String,
    pub start: String,
    pub programme: Option<String>,
    pub day: String,
    pub time: Option<String>,
    pub minutes: Option<u32>,
    pub year1: Option<Often>,
    pub year2: Option<Often>,
    pub id: Option<String>,
    /// A date of the same file that can only be month first (`09/15/2026`),
    /// which makes a date that reads both ways ambiguous.
    pub month_first: Option<String>,
}

/// A checked [`PairInput`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPair {
    pub id: String,
    pub mentor: String,
    pub ect: String,
    pub start: NaiveDate,
    pub programme: Option<String>,
    pub day: Weekday,
    pub time: Option<NaiveTime>,
    pub minutes: Option<u32>,
    pub year1: Option<Often>,
    pub year2: Option<Often>,
}

/// Whether `name` can name a programme: `curriculum/<name>.md`, no folders.
pub fn is_valid_programme(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// How problem messages name a field: as a flag (`` `--day someday` ``) or
/// as a CSV column (`` meeting day `someday` ``).
#[derive(Clone, Copy)]
struct Naming {
    flags: bool,
}

impl Naming {
    /// The CSV column of `field`.
    fn column(field: &str) -> String {
        match field {
            "day" => "meeting day".to_string(),
            f => f.to_string(),
        }
    }

    /// `field` given as `value`.
    fn what(self, field: &str, value: &str) -> String {
        if self.flags {
            format!("`--{field} {value}`")
        } else {
            format!("{} `{value}`", Self::column(field))
        }
    }

    /// `field` itself.
    fn name(self, field: &str) -> String {
        if self.flags {
            format!("`--{field}`")
        } else {
            Self::column(field)
        }
    }
}

impl PairInput {
    /// Checks every field, reporting every problem (each says what to do).
    /// Messages name fields as flags (`` `--day someday` ``) when `flags`,
    /// else as CSV columns (`` meeting day `someday` ``).
    pub fn check(&self, flags: bool) -> Result<NewPair, Vec<String>> {
        let naming = Naming { flags };
        let mut problems = Vec::new();
        // a line break typed inside a spreadsheet cell (Alt+Enter) is a space
        // in a name; other control characters are refused by `pair::parse`
        let fold = |n: &str| n.split_whitespace().collect::<Vec<_>>().join(" ");
        let mentor = fold(&self.mentor);
        let ect = fold(&self.ect);
        for (field, value) in [("mentor", &mentor), ("ect", &ect)] {
            if value.is_empty() {
                problems.push(format!(
                    "{} is empty; give the {field}'s name",
                    naming.name(field)
                ));
            }
            // named here, as given (YAML would refuse U+007F as unreadable)
            if let Some(c) = value.chars().find(|c| c.is_control()) {
                problems.push(format!(
                    "{} holds a control character (U+{:04X}, a terminal code); write the name in plain text",
                    naming.name(field),
                    c as u32
                ));
            }
        }
        let id = self.checked_id(&mentor, &ect, naming, &mut problems);
        let start = match parse_start(&self.start, self.month_first.as_deref()) {
            Ok(d) => Some(d),
            Err(why) => {
                problems.push(format!("{} {why}", naming.what("start", self.start.trim())));
                None
            }
        };
        let day = parse_day(&self.day);
        if day.is_none() {
            problems.push(format!(
                "{} is not a weekday; meetings are on monday, tuesday, wednesday, thursday or friday",
                naming.what("day", self.day.trim())
            ));
        }
        let time = self.checked_time(naming, &mut problems);
        let programme = self.checked_programme(naming, &mut problems);
        if self.minutes == Some(0) {
            problems.push(format!("{} must be more than 0", naming.name("minutes")));
        }
        match (id, start, day, problems.is_empty()) {
            (Some(id), Some(start), Some(day), true) => Ok(NewPair {
                id,
                mentor,
                ect,
                start,
                programme,
                day,
                time,
                minutes: self.minutes,
                year1: self.year1,
                year2: self.year2,
            }),
            _ => Err(problems),
        }
    }

    /// The pair id given, else one made from the (folded) `mentor` and
    /// `ect`; a problem added when neither works.
    fn checked_id(
        &self,
        mentor: &str,
        ect: &str,
        naming: Naming,
        problems: &mut Vec<String>,
    ) -> Option<String> {
        match self.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) if is_valid_id(id) => Some(id.to_string()),
            Some(id) => {
                problems.push(format!(
                    "{} is not a pair id; use lowercase letters, digits and hyphens, e.g. `jo-smith-alex-lee`",
                    naming.what("id", id)
                ));
                None
            }
            None if mentor.is_empty() || ect.is_empty() => None,
            None => {
                let id = derive_id(mentor, ect);
                if id.is_none() {
                    problems.push(format!(
                        "cannot make a pair id from `{mentor}` and `{ect}`; give one with {}",
                        naming.name("id")
                    ));
                }
                id
            }
        }
    }

    /// The meeting time, when one is given; a problem added when it is not
    /// a time of day.
    fn checked_time(&self, naming: Naming, problems: &mut Vec<String>) -> Option<NaiveTime> {
        let t = self
            .time
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())?;
        let parsed = parse_meeting_time(t);
        if parsed.is_none() {
            problems.push(format!(
                "{} is not a time of day; write it like 15:30 or 3:30 pm",
                naming.what("time", t)
            ));
        }
        parsed
    }

    /// The programme, when one is given, a provider's name in words made a
    /// slug; a problem added when it cannot be a programme's name.
    fn checked_programme(&self, naming: Naming, problems: &mut Vec<String>) -> Option<String> {
        let programme = self
            .programme
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|p| {
                // a provider's name in words: `North Star Learning` is
                // `north-star-learning` (its case is matched later)
                if p.contains(char::is_whitespace) && !p.contains(['/', '\\', '.']) {
                    slug(p)
                } else {
                    p.to_string()
                }
            });
        if let Some(p) = &programme
            && !is_valid_programme(p)
        {
            problems.push(format!(
                "{} is not a programme name; give the name of a `curriculum/<name>.md`",
                naming.what("programme", p)
            ));
        }
        programme
    }
}

/// A YAML double-quoted string (JSON's escaping is valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

impl NewPair {
    /// The text of a new `pair.yaml`; `by` names the command, for the
    /// comment at the top.
    pub fn render(&self, by: &str) -> String {
        let mut s = format!(
            "# yaml-language-server: $schema=../../schemas/pair.schema.json\n# Added by `{by}`.\n"
        );
        s.push_str(&format!("mentor: {}\n", quoted(&self.mentor)));
        s.push_str(&format!("ect: {}\n", quoted(&self.ect)));
        if let Some(p) = &self.programme {
            s.push_str(&format!("programme: {p}\n"));
        }
        s.push_str(&format!(
            "start: {}           # the ECT's first week of the programme\n",
            self.start
        ));
        s.push_str(&format!("meeting: {}\n", self.meeting(None)));
        if let Some(c) = self.cadence(None) {
            s.push_str(&format!("cadence: {c}\n"));
        }
        s
    }

    /// `{day: tuesday, time: "15:30", minutes: 50}`, keeping what `old`
    /// (an existing `meeting:`) sets and this pair does not.
    fn meeting(&self, old: Option<&Mapping>) -> String {
        let old_str = |k: &str| {
            old.and_then(|m| m.get(k)).and_then(|v| match v {
                Value::String(s) => Some(quoted(s)),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        let mut parts = vec![format!("day: {}", weekday_name(self.day))];
        if let Some(t) = self
            .time
            .map(|t| quoted(&t.format("%H:%M").to_string()))
            .or_else(|| old_str("time"))
        {
            parts.push(format!("time: {t}"));
        }
        if let Some(m) = self
            .minutes
            .map(|m| m.to_string())
            .or_else(|| old_str("minutes"))
        {
            parts.push(format!("minutes: {m}"));
        }
        format!("{{{}}}", parts.join(", "))
    }

    /// `{year1: weekly, year2: fortnightly}` when set here or in `old`.
    fn cadence(&self, old: Option<&Mapping>) -> Option<String> {
        let old_str = |k: &str| {
            old.and_then(|m| m.get(k))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let y1 = self
            .year1
            .map(|o| o.as_str().to_string())
            .or_else(|| old_str("year1"));
        let y2 = self
            .year2
            .map(|o| o.as_str().to_string())
            .or_else(|| old_str("year2"));
        let parts: Vec<String> = [("year1", y1), ("year2", y2)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}: {v}")))
            .collect();
        (!parts.is_empty()).then(|| format!("{{{}}}", parts.join(", ")))
    }

    /// The text of an existing `pair.yaml` (`old`) with this pair's values
    /// set in place: names, start, programme (when given), the meeting's day
    /// (and time and minutes when given) and the cadence (when given). It is
    /// an edit of the file, not a rewrite: comments, key order, quoting,
    /// blank lines and every other key (pauses, keys `ect` does not know,
    /// misspelt ones) stay as the person wrote them. The comment line
    /// `# Updated by ...` says which command changed it last. `None` when
    /// `old` is not a YAML mapping.
    pub fn merge_into(&self, old: &str, by: &str) -> Option<String> {
        use std::str::FromStr;
        use yaml_edit::{Document, ScalarValue};
        let body = old.strip_prefix('\u{feff}').unwrap_or(old);
        let bom = if body.len() < old.len() {
            "\u{feff}"
        } else {
            ""
        };
        // the YAML must read as a mapping (or nothing) with the parser that
        // checks `pair.yaml`, whatever the editor makes of it
        match crate::front_matter::parse_yaml_at(body, 0).ok()? {
            Value::Mapping(_) | Value::Null => {}
            _ => return None,
        }
        let (header, rest) = split_header(body);
        let doc = if rest.trim().is_empty() {
            Document::new_mapping()
        } else {
            Document::from_str(rest).ok()?
        };
        let map = doc.as_mapping()?;
        let text = |s: &str| ScalarValue::double_quoted(s);
        map.set("mentor", text(&self.mentor));
        map.set("ect", text(&self.ect));
        if let Some(p) = &self.programme {
            if map.get("programme").is_some() {
                map.set("programme", ScalarValue::plain(p.clone()));
            } else {
                map.insert_after("ect", "programme", ScalarValue::plain(p.clone()));
            }
        }
        map.set("start", ScalarValue::plain(self.start.to_string()));
        let time = self.time.map(|t| t.format("%H:%M").to_string());
        match map.get("meeting").and_then(|m| m.as_mapping().cloned()) {
            Some(meeting) => {
                meeting.set("day", ScalarValue::plain(weekday_name(self.day)));
                if let Some(t) = &time {
                    meeting.set("time", text(t));
                }
                if let Some(m) = self.minutes {
                    meeting.set("minutes", m);
                }
            }
            None => {
                map.set("meeting", flow_value(&self.meeting(None))?);
            }
        }
        if self.year1.is_some() || self.year2.is_some() {
            match map.get("cadence").and_then(|c| c.as_mapping().cloned()) {
                Some(cadence) => {
                    for (key, value) in [("year1", self.year1), ("year2", self.year2)] {
                        if let Some(v) = value {
                            cadence.set(key, ScalarValue::plain(v.as_str()));
                        }
                    }
                }
                None => {
                    map.set("cadence", flow_value(&self.cadence(None)?)?);
                }
            }
        }
        let mut edited = doc.to_string();
        if !edited.is_empty() && !edited.ends_with('\n') {
            edited.push('\n');
        }
        Some(format!("{bom}{header}# Updated by `{by}`.\n{edited}"))
    }
}

/// The comment lines at the top of a `pair.yaml` (without an earlier
/// `# Updated by` line, which is replaced), and the rest.
fn split_header(text: &str) -> (String, &str) {
    let mut header = String::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim_start().starts_with('#') {
            break;
        }
        if !line.starts_with("# Updated by `") {
            header.push_str(line);
            if !line.ends_with('\n') {
                header.push('\n');
            }
        }
        at += line.len();
    }
    (header, &text[at..])
}

/// A flow mapping such as `{day: tuesday, time: "15:30"}` as a node to set.
fn flow_value(flow: &str) -> Option<yaml_edit::YamlNode> {
    use std::str::FromStr;
    let doc = yaml_edit::Document::from_str(&format!("x: {flow}\n")).ok()?;
    doc.as_mapping()?.get("x")
}

/// Whether two `pair.yaml` texts say the same (comments and layout aside).
pub fn same_values(a: &str, b: &str) -> bool {
    let read = |t: &str| crate::front_matter::parse_yaml_at(t, 0).ok();
    match (read(a), read(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// One row of a CSV file: its line (1-based, where the row starts) and cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// Reads CSV text as spreadsheets save it: a byte order mark, CRLF or CR
/// line ends, quoted fields holding commas, quotes (`""`) or line breaks.
/// The separator is the first of `,`, `;` or a tab found in the first line
/// (some spreadsheets save "CSV" with semicolons). An unclosed quote is an
/// error naming the line it opened on.
pub fn read_csv(text: &str) -> Result<Vec<Row>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let sep = separator(first_line);
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut row_line = 1;
    let mut quoted = false;
    let mut quote_line = 0;
    let mut chars = text.chars().peekable();
    let end_row = |cells: &mut Vec<String>, cell: &mut String, rows: &mut Vec<Row>, at: usize| {
        cells.push(std::mem::take(cell));
        let row = std::mem::take(cells);
        if !(row.len() == 1 && row[0].is_empty()) {
            rows.push(Row {
                line: at,
                cells: row,
            });
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                    cell.push('\n');
                }
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
                quote_line = line;
            }
            c if c == sep => cells.push(std::mem::take(&mut cell)),
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_row(&mut cells, &mut cell, &mut rows, row_line);
                line += 1;
                row_line = line;
            }
            c => cell.push(c),
        }
    }
    if quoted {
        return Err(format!(
            "line {quote_line}: a quote `\"` opens here and is never closed; close it, or double quotes inside a cell (`\"\"`)"
        ));
    }
    if !cell.is_empty() || !cells.is_empty() {
        end_row(&mut cells, &mut cell, &mut rows, row_line);
    }
    Ok(rows)
}

fn separator(first_line: &str) -> char {
    let mut quoted = false;
    for c in first_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' | ';' | '\t' if !quoted => return c,
            _ => {}
        }
    }
    ','
}

/// Decodes bytes saved by a spreadsheet: UTF-8 or UTF-16 (Excel's "Unicode
/// text") when a byte order mark says so, UTF-16 without one when every
/// other byte is zero, UTF-8 when the bytes are valid UTF-8, else
/// Windows-1252 (what Excel's plain "CSV" saves in England). Returns the
/// text (without a byte order mark) and whether it was Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, bool) {
    use encoding_rs::{UTF_8, WINDOWS_1252};
    let encoding = if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        encoding
    } else if let Some(unmarked) = utf16_without_bom(bytes) {
        unmarked
    } else if std::str::from_utf8(bytes).is_ok() {
        UTF_8
    } else {
        WINDOWS_1252
    };
    // `decode` drops a byte order mark of the encoding it was given
    let (text, _, _) = encoding.decode(bytes);
    (text.into_owned(), encoding == WINDOWS_1252)
}

/// UTF-16 saved without a byte order mark: ASCII text in it has a zero in
/// every other byte (the high byte), which no UTF-8 or Windows-1252 text
/// has.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 4 {
        return None;
    }
    let zeros = |start: usize| {
        sample
            .iter()
            .skip(start)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let pairs = sample.len() / 2;
    if zeros(1) * 10 >= pairs * 9 && zeros(0) == 0 {
        Some(encoding_rs::UTF_16LE)
    } else if zeros(0) * 10 >= pairs * 9 && zeros(1) == 0 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// A column of the import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Mentor,
    Ect,
    Start,
    Programme,
    Day,
    Time,
    Minutes,
    Id,
}

impl Column {
    /// Reads a header cell: `Mentor`, `ECT`, `Start date`, `Meeting day`...
    pub fn from_header(cell: &str) -> Option<Column> {
        let key: String = cell
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        Some(match key.as_str() {
            "mentor" | "mentorname" | "mentorfullname" => Column::Mentor,
            "ect" | "ectname" | "ectfullname" | "earlycareerteacher" | "earlycareerteachername" => {
                Column::Ect
            }
            "start" | "startdate" | "programmestart" | "programmestartdate" | "inductionstart"
            | "inductionstartdate" => Column::Start,
            "programme" | "program" | "programmename" | "leadprovider" | "provider"
            | "leadprovidername" | "providername" => Column::Programme,
            "meetingday" | "day" | "weekday" | "meetingweekday" => Column::Day,
            "time" | "meetingtime" | "starttime" | "meetingstarttime" => Column::Time,
            "minutes" | "meetingminutes" | "meetinglength" | "length" | "duration"
            | "meetingduration" | "mins" | "lengthminutes" | "durationminutes" => Column::Minutes,
            "id" | "pairid" => Column::Id,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Column::Mentor => "mentor",
            Column::Ect => "ect",
            Column::Start => "start",
            Column::Programme => "programme",
            Column::Day => "meeting day",
            Column::Time => "time",
            Column::Minutes => "minutes",
            Column::Id => "id",
        }
    }
}

/// The columns of a header row, and the header cells not understood.
pub fn columns(header: &[String]) -> (Vec<Option<Column>>, Vec<String>) {
    let mut unknown = Vec::new();
    let cols = header
        .iter()
        .map(|h| {
            let c = Column::from_header(h);
            if c.is_none() && !h.trim().is_empty() {
                unknown.push(h.trim().to_string());
            }
            c
        })
        .collect();
    (cols, unknown)
}

/// A data row as [`PairInput`]; `Err` when `minutes` is not a number.
pub fn row_input(cols: &[Option<Column>], cells: &[String]) -> Result<PairInput, String> {
    let mut p = PairInput::default();
    for (col, cell) in cols.iter().zip(cells) {
        let v = cell.trim().to_string();
        let opt = (!v.is_empty()).then(|| v.clone());
        match col {
            Some(Column::Mentor) => p.mentor = v,
            Some(Column::Ect) => p.ect = v,
            Some(Column::Start) => p.start = v,
            // the first of `Programme` and `Lead provider` that is filled in
            Some(Column::Programme) => p.programme = p.programme.take().or(opt),
            Some(Column::Day) => p.day = v,
            Some(Column::Time) => p.time = opt,
            Some(Column::Id) => p.id = opt,
            Some(Column::Minutes) => {
                if let Some(m) = opt {
                    p.minutes =
                        Some(m.parse().map_err(|_| {
                            format!("minutes `{m}` is not a whole number of minutes")
                        })?);
                }
            }
            None => {}
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pair::parse_time;

    #[test]
    fn ids_from_names() {
        assert_eq!(
            derive_id("Jo Smith", "Alex Lee").unwrap(),
            "jo-smith-alex-lee"
        );
        assert_eq!(
            derive_id("Zoë Brontë-Ćwik", "Seán O'Brien").unwrap(),
            "zoe-bronte-cwik-sean-obrien"
        );
        assert_eq!(
            derive_id("  Mary  Ann ", "D’Arcy").unwrap(),
            "mary-ann-darcy"
        );
        assert_eq!(
            derive_id("Łukasz", "Jürgen Weiß").unwrap(),
            "lukasz-jurgen-weiss"
        );
        assert_eq!(derive_id("Dr. A. N. Other", "B").unwrap(), "dr-a-n-other-b");
        assert!(derive_id("???", "Alex").is_none());
        for (m, e) in [
            ("Jo Smith", "Alex Lee"),
            ("Élodie", "Nguyễn Văn An"),
            ("李雷", "Ann"),
        ] {
            let id = derive_id(m, e).unwrap();
            assert!(is_valid_id(&id), "{id}");
        }
    }

    #[test]
    fn dates_and_times() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(parse_date("2026-09-02"), Some(d("2026-09-02")));
        assert_eq!(parse_date("02/09/2026"), Some(d("2026-09-02")));
        assert_eq!(parse_date("2/9/2026"), Some(d("2026-09-02")));
        assert_eq!(parse_date("31/09/2026"), None);
        assert_eq!(parse_date("2026-9-2x"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_meeting_time("15:30:00"), parse_time("15:30"));
        assert_eq!(parse_meeting_time("9:05"), parse_time("09:05"));
        assert_eq!(parse_meeting_time("3.30pm"), parse_time("15:30"));
    }

    #[test]
    fn dates_in_every_form_spreadsheets_and_people_write() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        for s in [
            "2026-09-02",
            "02/09/2026",
            "2/9/26",
            "02.09.2026",
            "02-09-2026",
            "2026/09/02",
            "2 September 2026",
            "2 SEPTEMBER 2026",
            "2nd September 2026",
            "Wednesday 2 September 2026",
            "Wed, 2 Sept 2026",
            "02-Sep-26",
            "2-sep-2026",
            "September 2, 2026",
            "Sep 2 2026",
            "2026-09-02 00:00:00",
            "2026-09-02T00:00:00",
            "02/09/2026 00:00",
            "2/9/2026 0:00",
        ] {
            assert_eq!(parse_start(s, None), Ok(d("2026-09-02")), "{s}");
        }
        for s in [
            "",
            "next week",
            "31/09/2026",
            "2 Septober 2026",
            "2 Sep",
            "123/4/2026",
            "2026-09-02 15:30",
        ] {
            assert!(parse_start(s, None).is_err(), "{s}");
        }
        // a weekday that does not fit the date is caught
        let err = parse_start("Tuesday 2 September 2026", None).unwrap_err();
        assert!(
            err.contains("2 September 2026 is a Wednesday, not a tuesday"),
            "{err}"
        );
        // only month first can be read one way; both ways, day first, unless
        // the file shows it is month first
        assert_eq!(parse_start("09/15/2026", None), Ok(d("2026-09-15")));
        assert!(month_first_only("09/15/2026") && !month_first_only("15/09/2026"));
        assert!(!month_first_only("03/04/2026") && !month_first_only("2026-09-15"));
        assert_eq!(parse_start("03/04/2026", None), Ok(d("2026-04-03")));
        let err = parse_start("03/04/2026", Some("09/15/2026")).unwrap_err();
        assert!(
            err.contains("could be 3 April 2026 or 4 March 2026: this file also has `09/15/2026`"),
            "{err}"
        );
        assert_eq!(
            parse_start("04/04/2026", Some("09/15/2026")),
            Ok(d("2026-04-04"))
        );
        assert_eq!(
            parse_start("15/09/2026", Some("09/15/2026")),
            Ok(d("2026-09-15"))
        );
    }

    #[test]
    fn weekdays_and_times_in_every_form() {
        for (s, want) in [
            ("Monday", Weekday::Mon),
            ("mon", Weekday::Mon),
            ("TUES", Weekday::Tue),
            ("tu", Weekday::Tue),
            ("Weds", Weekday::Wed),
            ("wed.", Weekday::Wed),
            ("wEdNeSdAy", Weekday::Wed),
            ("Thurs", Weekday::Thu),
            ("th", Weekday::Thu),
            ("Fridays", Weekday::Fri),
        ] {
            assert_eq!(parse_day(s), Some(want), "{s}");
        }
        for s in ["t", "saturday", "Sun", "someday", "", "mondayz"] {
            assert_eq!(parse_day(s), None, "{s}");
        }
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        for (s, want) in [
            ("15:30", t(15, 30)),
            ("15.30", t(15, 30)),
            ("15:30:00", t(15, 30)),
            ("9:05", t(9, 5)),
            ("3:30 PM", t(15, 30)),
            ("3:30pm", t(15, 30)),
            ("3.30 p.m.", t(15, 30)),
            ("3pm", t(15, 0)),
            ("3:30:00 PM", t(15, 30)),
            ("12:15 pm", t(12, 15)),
            ("12:15 AM", t(0, 15)),
            ("8 am", t(8, 0)),
        ] {
            assert_eq!(parse_meeting_time(s), want, "{s}");
        }
        for s in [
            "13:30 pm",
            "0 am",
            "25:00",
            "3",
            "3:3",
            "15:30:15",
            "half three",
        ] {
            assert_eq!(parse_meeting_time(s), None, "{s}");
        }
    }

    proptest::proptest! {
        /// Every date of the coming years, in every written form, reads back.
        #[test]
        fn every_date_form_reads_back(days in 0i64..3650, form in 0usize..8) {
            let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(days);
            let text = match form {
                0 => date.format("%Y-%m-%d").to_string(),
                1 => date.format("%d/%m/%Y").to_string(),
                2 => date.format("%-d %B %Y").to_string(),
                3 => date.format("%d-%b-%y").to_string(),
                4 => date.format("%A %-d %b %Y").to_string().to_uppercase(),
                5 => date.format("%B %-d, %Y").to_string(),
                6 => date.format("%-d.%-m.%y").to_string(),
                _ => date.format("%a, %-d %b %Y").to_string().to_lowercase(),
            };
            proptest::prop_assert_eq!(parse_start(&text, None), Ok(date), "{}", text);
        }

        /// Every minute of the day, as a 12-hour and a 24-hour clock write it.
        #[test]
        fn every_time_form_reads_back(h in 0u32..24, m in 0u32..60, spaced in proptest::bool::ANY) {
            let want = NaiveTime::from_hms_opt(h, m, 0);
            let twelve = format!("{}:{m:02}{}{}", if h % 12 == 0 { 12 } else { h % 12 }, if spaced { " " } else { "" }, if h < 12 { "AM" } else { "pm" });
            proptest::prop_assert_eq!(parse_meeting_time(&twelve), want, "{}", twelve);
            let day = format!("{h:02}:{m:02}:00");
            proptest::prop_assert_eq!(parse_meeting_time(&day), want);
        }
    }

    #[test]
    fn csv_as_spreadsheets_write_it() {
        let text = "\u{feff}Mentor,ECT,Start\r\n\"Smith, Jo\",\"Alex \"\"AJ\"\" Lee\",2026-09-02\r\n,,\r\n\"two\r\nlines\",b,c\r\nlast,row,here";
        let rows = read_csv(text).unwrap();
        let cells: Vec<(usize, Vec<&str>)> = rows
            .iter()
            .map(|r| (r.line, r.cells.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            cells,
            [
                (1, vec!["Mentor", "ECT", "Start"]),
                (2, vec!["Smith, Jo", "Alex \"AJ\" Lee", "2026-09-02"]),
                (3, vec!["", "", ""]),
                (4, vec!["two\nlines", "b", "c"]),
                (6, vec!["last", "row", "here"]),
            ]
        );
        let semi = read_csv("mentor;ect\nA;B\n").unwrap();
        assert_eq!(semi[1].cells, ["A", "B"]);
        let err = read_csv("a,b\n\"open,c\nd\n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
        assert_eq!(read_csv("").unwrap(), []);
    }

    #[test]
    fn windows_1252_is_read() {
        let (text, legacy) = decode(b"Zo\xeb,Ren\xe9e \x96 \x92x\x92");
        assert!(legacy);
        assert_eq!(text, "Zoë,Renée – ’x’");
        assert_eq!(decode("Zoë".as_bytes()), ("Zoë".to_string(), false));
    }

    #[test]
    fn utf16_as_excel_saves_unicode_text() {
        // Excel's "Unicode text": UTF-16 little-endian with a byte order
        // mark, tab-separated; it was read as Windows-1252 (every other
        // character a NUL)
        let sheet = "Mentor\tECT\r\nZoë Ó Sé\tRenée Ng\r\n";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(sheet.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(sheet.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let bare: Vec<u8> = sheet.encode_utf16().flat_map(u16::to_le_bytes).collect();
        for bytes in [le, be, bare] {
            assert_eq!(decode(&bytes), (sheet.to_string(), false));
            let rows = read_csv(&decode(&bytes).0).unwrap();
            assert_eq!(rows[1].cells, ["Zoë Ó Sé", "Renée Ng"]);
        }
        // UTF-8 with a byte order mark loses only the mark
        let marked = [&[0xef, 0xbb, 0xbf][..], sheet.as_bytes()].concat();
        assert_eq!(decode(&marked), (sheet.to_string(), false));
    }

    #[test]
    fn headers() {
        let header: Vec<String> = [
            "Mentor",
            "ECT",
            "Start date",
            "Programme",
            "Meeting day",
            "Time",
            "Notes",
        ]
        .map(String::from)
        .to_vec();
        let (cols, unknown) = columns(&header);
        assert_eq!(
            cols,
            [
                Some(Column::Mentor),
                Some(Column::Ect),
                Some(Column::Start),
                Some(Column::Programme),
                Some(Column::Day),
                Some(Column::Time),
                None
            ]
        );
        assert_eq!(unknown, ["Notes"]);
        // the names school offices give the same columns
        for (cells, want) in [
            ("Lead provider", Column::Programme),
            ("PROVIDER", Column::Programme),
            ("Lead Provider Name", Column::Programme),
            ("Induction start date", Column::Start),
            ("Weekday", Column::Day),
            ("Meeting Time", Column::Time),
            ("Duration", Column::Minutes),
            ("Pair ID", Column::Id),
            ("Early Career Teacher", Column::Ect),
            ("Mentor name", Column::Mentor),
        ] {
            assert_eq!(Column::from_header(cells), Some(want), "{cells}");
        }
        // with both a programme and a provider column, the first filled in wins
        let cols = [Some(Column::Programme), Some(Column::Programme)];
        let row = |a: &str, b: &str| row_input(&cols, &[a.to_string(), b.to_string()]).unwrap();
        assert_eq!(row("ucl", "Ambition").programme.as_deref(), Some("ucl"));
        assert_eq!(row("", "Ambition").programme.as_deref(), Some("Ambition"));
    }

    fn input() -> PairInput {
        PairInput {
            mentor: "Jo Smith".into(),
            ect: "Alex Lee".into(),
            start: "02/09/2026".into(),
            programme: Some("example".into()),
            day: "Tue".into(),
            time: Some("15:30".into()),
            minutes: Some(50),
            ..PairInput::default()
        }
    }

    #[test]
    fn checks_every_field_and_renders() {
        let p = input().check(true).unwrap();
        assert_eq!(p.id, "jo-smith-alex-lee");
        let text = p.render("ect pair add");
        assert_eq!(
            text,
            "# yaml-language-server: $schema=../../schemas/pair.schema.json\n# Added by `ect pair add`.\nmentor: \"Jo Smith\"\nect: \"Alex Lee\"\nprogramme: example\nstart: 2026-09-02           # the ECT's first week of the programme\nmeeting: {day: tuesday, time: \"15:30\", minutes: 50}\n"
        );
        let bad = PairInput {
            start: "next week".into(),
            day: "saturday".into(),
            time: Some("half three".into()),
            id: Some("Jo Alex".into()),
            programme: Some("../x".into()),
            ..input()
        };
        let problems = bad.check(true).unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(
            problems.iter().all(|p| p.starts_with("`--")),
            "{problems:?}"
        );
        let names = PairInput {
            mentor: "Nia \"Ace\" Ó Sé".into(),
            ect: "Pat: Jones # x".into(),
            ..input()
        };
        let p = names.check(false).unwrap();
        let csv = PairInput {
            day: "sat".into(),
            ..input()
        };
        assert_eq!(
            csv.check(false).unwrap_err(),
            [
                "meeting day `sat` is not a weekday; meetings are on monday, tuesday, wednesday, thursday or friday"
            ]
        );
        let text = p.render("ect pair import");
        let v: Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(v["mentor"].as_str(), Some("Nia \"Ace\" Ó Sé"));
        assert_eq!(v["ect"].as_str(), Some("Pat: Jones # x"));
        assert_eq!(p.id, "nia-ace-o-se-pat-jones-x");
    }

    #[test]
    fn merging_keeps_pauses_comments_and_what_is_not_given() {
        let old = "# Started in September.\nmentor: Jo\nect: Alex\nprogramme: ucl\nstart: 2026-09-02\nmeeting: {day: monday, time: \"15:00\", minutes: 45}\ncadence: {year2: weekly}\npauses:\n  - {start: 2027-01-04, end: 2027-02-12}   # leave\nroom: B12\n";
        let p = PairInput {
            programme: None,
            time: None,
            minutes: None,
            ..input()
        }
        .check(false)
        .unwrap();
        let merged = p.merge_into(old, "ect pair import --update").unwrap();
        assert!(
            merged
                .starts_with("# Started in September.\n# Updated by `ect pair import --update`.\n"),
            "{merged}"
        );
        let v: Value = serde_yaml::from_str(&merged).unwrap();
        assert_eq!(v["mentor"].as_str(), Some("Jo Smith"));
        assert_eq!(v["programme"].as_str(), Some("ucl"));
        assert_eq!(v["start"].as_str(), Some("2026-09-02"));
        assert_eq!(v["meeting"]["day"].as_str(), Some("tuesday"));
        assert_eq!(v["meeting"]["time"].as_str(), Some("15:00"));
        assert_eq!(v["meeting"]["minutes"].as_u64(), Some(45));
        assert_eq!(v["cadence"]["year2"].as_str(), Some("weekly"));
        assert_eq!(v["pauses"][0]["end"].as_str(), Some("2027-02-12"));
        assert_eq!(v["room"].as_str(), Some("B12"));
        // merging again changes nothing but the comment
        let again = p.merge_into(&merged, "ect pair import --update").unwrap();
        assert_eq!(again, merged);
        assert!(same_values(&merged, &again));
        assert!(!same_values(old, &merged));
        assert!(p.merge_into("- a list\n", "x").is_none());
    }

    #[test]
    fn an_update_is_an_edit_that_keeps_the_persons_file() {
        // comments on any line, a block `meeting`, quoting, blank lines, a
        // misspelt key and keys `ect` does not know: all kept; only the
        // values set change (`pair add --update` re-serialised the file and
        // dropped every comment but the first line, and misspelt keys)
        let old = "# Pair for the maths department.\n# Ask Sam before changing.\nmentor: 'Jo Smith'   # head of maths\nect: Alex Lee\n\n# September starter\nstart: 2026-09-02\nmeeting:\n  day: monday    # after the staff briefing\n  time: \"15:00\"\nrom: B12\npauses:\n  - {start: 2027-01-04, end: 2027-02-12}   # leave\nnotes: |\n  Prefers email.\n";
        let p = PairInput {
            programme: None,
            minutes: None,
            ..input()
        }
        .check(false)
        .unwrap();
        let merged = p.merge_into(old, "ect pair add --update").unwrap();
        for kept in [
            "# Pair for the maths department.\n# Ask Sam before changing.\n# Updated by `ect pair add --update`.\n",
            "   # head of maths\n",
            "\n\n# September starter\n",
            "  day: tuesday    # after the staff briefing\n",
            "rom: B12\n",
            "  - {start: 2027-01-04, end: 2027-02-12}   # leave\n",
            "notes: |\n  Prefers email.\n",
        ] {
            assert!(merged.contains(kept), "lost {kept:?} in\n{merged}");
        }
        let v: Value = serde_yaml::from_str(&merged).unwrap();
        assert_eq!(v["mentor"].as_str(), Some("Jo Smith"));
        assert_eq!(v["meeting"]["time"].as_str(), Some("15:30"));
        assert!(v["meeting"].get("minutes").is_none());
        // key order as the person had it
        let order: Vec<&str> = merged
            .lines()
            .filter_map(|l| l.split_once(':').map(|(k, _)| k))
            .filter(|k| !k.starts_with(['#', ' ', '-']))
            .collect();
        assert_eq!(
            order,
            [
                "mentor", "ect", "start", "meeting", "rom", "pauses", "notes"
            ]
        );
        // a second identical update changes nothing
        assert_eq!(
            p.merge_into(&merged, "ect pair add --update").unwrap(),
            merged
        );
    }

    proptest::proptest! {
        /// Whatever shape a person gave `pair.yaml` (flow or block meeting,
        /// comments, quoting, blank lines, extra keys, a byte order mark),
        /// an update sets exactly the given values, keeps every comment and
        /// every other key's line, and is stable when run again.
        #[test]
        fn updates_keep_every_line_they_do_not_set(
            bom in proptest::bool::ANY,
            quote in 0usize..3,
            block_meeting in proptest::bool::ANY,
            comments in proptest::collection::vec(proptest::bool::ANY, 6),
            blank in proptest::bool::ANY,
            extra in proptest::collection::vec("[a-z]{3,8}", 0..3),
            new_time in proptest::option::of(0u32..24),
            day in 0usize..5,
        ) {
            let names = ["Jo Smith", "'Jo Smith'", "\"Jo Smith\""];
            let c = |i: usize, t: &str| if comments[i] { format!("  # {t}") } else { String::new() };
            let mut old = String::new();
            if bom { old.push('\u{feff}'); }
            if comments[0] { old.push_str("# top note\n"); }
            old.push_str(&format!("mentor: {}{}\n", names[quote], c(1, "mentor note")));
            old.push_str(&format!("ect: Alex Lee{}\n", c(2, "ect note")));
            if blank { old.push('\n'); }
            old.push_str("start: 2026-09-02\n");
            if block_meeting {
                old.push_str(&format!("meeting:{}\n  day: monday\n  minutes: 40\n", c(3, "meeting note")));
            } else {
                old.push_str(&format!("meeting: {{day: monday, minutes: 40}}{}\n", c(3, "meeting note")));
            }
            for (i, key) in extra.iter().enumerate() {
                old.push_str(&format!("x{key}{i}: value {i}{}\n", c(4, "extra")));
            }
            old.push_str(&format!("pauses: []{}\n", c(5, "pauses")));
            let days = ["Mon", "Tue", "Wed", "Thu", "Fri"];
            let p = PairInput {
                programme: None,
                minutes: None,
                day: days[day].into(),
                time: new_time.map(|h| format!("{h:02}:15")),
                ..input()
            }
            .check(false)
            .unwrap();
            let merged = p.merge_into(&old, "ect pair add --update").unwrap();
            let v: Value = serde_yaml::from_str(merged.trim_start_matches('\u{feff}')).unwrap();
            proptest::prop_assert_eq!(v["mentor"].as_str(), Some("Jo Smith"));
            proptest::prop_assert_eq!(v["ect"].as_str(), Some("Alex Lee"));
            proptest::prop_assert_eq!(
                v["meeting"]["day"].as_str(),
                Some(["monday", "tuesday", "wednesday", "thursday", "friday"][day])
            );
            proptest::prop_assert_eq!(v["meeting"]["minutes"].as_u64(), Some(40));
            let want_time = new_time.map(|h| format!("{h:02}:15"));
            proptest::prop_assert_eq!(v["meeting"]["time"].as_str(), want_time.as_deref());
            for line in old.trim_start_matches('\u{feff}').lines() {
                let unset = ["mentor:", "ect:", "meeting:", "  day:"].iter().all(|k| !line.starts_with(k));
                if unset {
                    proptest::prop_assert!(merged.contains(line), "lost {:?} in\n{}", line, merged);
                }
                if let Some((_, note)) = line.split_once("  # ") {
                    proptest::prop_assert!(merged.contains(note), "lost comment {:?} in\n{}", note, merged);
                }
            }
            proptest::prop_assert_eq!(merged.starts_with('\u{feff}'), bom);
            proptest::prop_assert_eq!(p.merge_into(&merged, "ect pair add --update").unwrap(), merged);
        }
    }
}
