//! The induction facts a `pair.yaml` may hold (TRN, appropriate body, route,
//! working pattern, induction start, extension, mentor history, sequence),
//! their types, and their checks (rule `pair`, with line numbers).

use crate::config::Config;
use crate::diag::{FileDiagnostics, Severity};
use crate::pair::{Pair, push};
use crate::yaml_pos::{Positions, Seg, ypath};
use chrono::NaiveDate;
use schemars::{Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

/// How an ECT's training is delivered (ITTECF, from September 2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    /// A lead provider's programme (formerly "full induction programme").
    ProviderLed,
    /// The school's own programme, from materials it chose or wrote
    /// (formerly "core induction programme" or "do it yourself").
    SchoolLed,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::ProviderLed => "provider-led",
            Route::SchoolLed => "school-led",
        }
    }
}

/// One mentor of the ECT, from a date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MentorSpell {
    /// The mentor's name.
    pub name: String,
    /// The first day this mentor mentored the ECT.
    pub from: NaiveDate,
}

/// The smallest and largest working pattern `fte` accepts.
pub const MIN_FTE: f64 = 0.1;
pub const MAX_FTE: f64 = 1.0;
/// The most extension terms `pair.yaml` accepts (an appropriate body extends
/// by a term or a few; more is a typing mistake).
pub const MAX_EXTENSION_TERMS: u32 = 12;

/// A TRN written as a number (`trn: 1234567`) or a string.
pub fn de_trn<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<serde_yaml::Value>::deserialize(d)? {
        None | Some(serde_yaml::Value::Null) => Ok(None),
        Some(serde_yaml::Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(serde_yaml::Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(serde::de::Error::custom(
            "`trn` must be the seven digits of the ECT's teacher reference number",
        )),
    }
}

/// The schema of `trn`: seven digits, as a string or a number.
pub fn trn_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "description": "The ECT's teacher reference number: seven digits.",
        "type": ["string", "integer", "null"],
        "pattern": "^[0-9]{7}$"
    })
}

/// Whether `trn` is a teacher reference number: seven digits.
pub fn is_trn(trn: &str) -> bool {
    trn.len() == 7 && trn.bytes().all(|b| b.is_ascii_digit())
}

impl Pair {
    /// The working pattern, 1.0 when `pair.yaml` gives none.
    pub fn fte(&self) -> f64 {
        self.fte.unwrap_or(1.0)
    }

    /// The working pattern in thousandths (1000 = full time), so the
    /// calendar's arithmetic is exact: 0.6 is 600, and 6 / 0.6 is 10.
    pub fn fte_per_mille(&self) -> u32 {
        // fte is checked to be within 0.1..=1.0, so this fits
        ((self.fte().clamp(MIN_FTE, MAX_FTE) * 1000.0).round()) as u32
    }

    /// The first day of statutory induction: `induction_start`, else `start`.
    pub fn induction_start(&self) -> NaiveDate {
        self.induction_start.unwrap_or(self.start)
    }

    /// The mentor on `date`: from the `mentors:` history when there is one,
    /// else `mentor`.
    pub fn mentor_on(&self, date: NaiveDate) -> &str {
        self.mentors
            .iter()
            .rev()
            .find(|m| m.from <= date)
            .map_or(self.mentor.as_str(), |m| m.name.as_str())
    }
}

/// Checks the induction facts of `pair` (`pos`: where its file says what);
/// returns whether an error was found.
pub(crate) fn check(
    pair: &Pair,
    pos: &Positions<'_>,
    config: &Config,
    d: &mut FileDiagnostics<'_>,
) -> bool {
    let values = check_values(pair, pos, config, d);
    let mentors = check_mentors(pair, pos, d);
    let sequence = check_sequence_once(pair, pos, d);
    values || mentors || sequence
}

/// Checks the single-value facts: TRN, appropriate body, working pattern,
/// extension and induction start; returns whether an error was found.
fn check_values(
    pair: &Pair,
    pos: &Positions<'_>,
    config: &Config,
    d: &mut FileDiagnostics<'_>,
) -> bool {
    let mut bad = false;
    let at = |path: &[Seg<'_>]| pos.value_or_nearest(path);
    if let Some(trn) = &pair.trn
        && !is_trn(trn)
    {
        push(
            d,
            at(ypath!["trn"]),
            Severity::Error,
            format!("`{trn}` is not a teacher reference number"),
            "a TRN is seven digits, written in quotes so a leading zero is kept: `trn: \"0123456\"`; leave `trn` out if it is not known yet",
        );
        bad = true;
    }
    if let Some(body) = &pair.appropriate_body
        && (body.trim().is_empty() || body.chars().any(char::is_control))
    {
        push(
            d,
            pos.key(ypath!["appropriate_body"]).unwrap_or(0..1),
            Severity::Error,
            "`appropriate_body` must be a name on one line".into(),
            "write the appropriate body's name, or leave the key out",
        );
        bad = true;
    }
    if let Some(fte) = pair.fte
        && !(MIN_FTE..=MAX_FTE).contains(&fte)
    {
        let raw = fte.to_string();
        push(
            d,
            at(ypath!["fte"]),
            Severity::Error,
            format!("a working pattern of {raw} is outside 0.1 to 1.0"),
            "write the ECT's working pattern as a fraction of full time: `fte: 0.6` for three days a week",
        );
        bad = true;
    }
    if let Some(n) = pair.extension_terms
        && n > MAX_EXTENSION_TERMS
    {
        push(
            d,
            at(ypath!["extension_terms"]),
            Severity::Error,
            format!("an extension of {n} terms is more than {MAX_EXTENSION_TERMS}"),
            "write the number of school terms the appropriate body added, e.g. `extension_terms: 1`",
        );
        bad = true;
    }
    if let Some(start) = pair.induction_start
        && !config.terms.is_empty()
        && !config.terms.iter().any(|t| t.end >= start)
    {
        push(
            d,
            at(ypath!["induction_start"]),
            Severity::Error,
            format!("induction_start {start} is after every term of `ect.yaml`"),
            "add the school's term dates for that year to `terms:` in `ect.yaml`",
        );
        bad = true;
    }
    bad
}

/// Checks the `mentors:` history: names, dates in order, the last one
/// being `mentor`, the first from `start`; returns whether an error was found.
fn check_mentors(pair: &Pair, pos: &Positions<'_>, d: &mut FileDiagnostics<'_>) -> bool {
    let mut bad = false;
    let at = |path: &[Seg<'_>]| pos.value_or_nearest(path);
    if !pair.mentors.is_empty() {
        for (i, m) in pair.mentors.iter().enumerate() {
            if m.name.trim().is_empty() || m.name.chars().any(char::is_control) {
                push(
                    d,
                    at(ypath!["mentors", i, "name"]),
                    Severity::Error,
                    "a mentor's `name` must be a name on one line".into(),
                    "write `- {name: Jo Smith, from: 2026-09-02}`",
                );
                bad = true;
            }
            if i > 0 && m.from <= pair.mentors[i - 1].from {
                push(
                    d,
                    at(ypath!["mentors", i, "from"]),
                    Severity::Error,
                    format!(
                        "mentor `{}` from {} does not come after `{}` from {}",
                        m.name,
                        m.from,
                        pair.mentors[i - 1].name,
                        pair.mentors[i - 1].from
                    ),
                    "list the mentors oldest first, each from a later date",
                );
                bad = true;
            }
        }
        if let Some(last) = pair.mentors.last()
            && last.name.trim() != pair.mentor.trim()
        {
            push(
                d,
                at(ypath!["mentor"]),
                Severity::Error,
                format!(
                    "`mentor` is `{}` but the latest of `mentors` is `{}`",
                    pair.mentor.trim(),
                    last.name.trim()
                ),
                "`mentor` is the current mentor: the last of `mentors`; after a change, add the new mentor to `mentors` with the date and write their name in `mentor`",
            );
            bad = true;
        }
        if let Some(first) = pair.mentors.first()
            && first.from > pair.start
        {
            push(
                d,
                at(ypath!["mentors", 0, "from"]),
                Severity::Warning,
                format!(
                    "the first mentor starts on {}, after the pair's start {}",
                    first.from, pair.start
                ),
                "list every mentor since `start`, the first from `start` or before",
            );
        }
    }
    bad
}

/// Checks that `sequence:` lists each module once; returns whether an
/// error was found.
fn check_sequence_once(pair: &Pair, pos: &Positions<'_>, d: &mut FileDiagnostics<'_>) -> bool {
    let mut bad = false;
    let at = |path: &[Seg<'_>]| pos.value_or_nearest(path);
    for (i, module) in pair.sequence.iter().enumerate() {
        if pair.sequence[..i].contains(module) {
            push(
                d,
                at(ypath!["sequence", i]),
                Severity::Error,
                format!("module `{module}` is listed twice in `sequence`"),
                "list each module once, in the order the pair follows them",
            );
            bad = true;
        }
    }
    bad
}

/// The byte span of each module name of `sequence:`.
pub(crate) fn sequence_spans(pair: &Pair, pos: &Positions<'_>) -> Vec<std::ops::Range<usize>> {
    (0..pair.sequence.len())
        .map(|i| pos.value_or_nearest(ypath!["sequence", i]))
        .collect()
}

/// The modules of `sequence:` the pair's programme does not have (rule
/// `pair`, at the line of each).
pub fn check_sequence(
    pair: &Pair,
    curriculum: &crate::curriculum::Curriculum,
) -> Vec<crate::diag::Diagnostic> {
    let Some(programme) = curriculum.programme(&pair.programme) else {
        return Vec::new();
    };
    let unknown = programme.unknown_in_sequence(&pair.sequence);
    let names: Vec<&str> = programme.modules.iter().map(|m| m.slug.as_str()).collect();
    pair.sequence
        .iter()
        .enumerate()
        .filter(|(_, m)| unknown.contains(&m.as_str()))
        .map(|(i, module)| crate::diag::Diagnostic {
            rule: "pair",
            severity: Severity::Error,
            path: pair.path.clone(),
            location: pair
                .sequence_locations
                .get(i)
                .cloned()
                .unwrap_or_else(crate::diag::Location::default_start),
            message: format!(
                "`sequence` lists `{module}`, which is not a module of programme `{}`",
                pair.programme
            ),
            hint: Some(format!("the modules are: {}", names.join(", "))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::diag::Severity;

    fn config() -> Config {
        let text = "terms:\n  - {name: autumn, start: 2026-09-02, end: 2026-12-18}\n  - {name: spring, start: 2027-01-04, end: 2027-03-26}\n";
        Config::parse("ect.yaml", text).unwrap().0
    }

    fn found(extra: &str) -> Vec<(usize, Severity, String)> {
        let text = format!(
            "mentor: Ruth Owen\nect: Kai Ward\nprogramme: p\nstart: 2026-09-02\nmeeting: {{day: monday}}\n{extra}"
        );
        let (_, d) = crate::pair::parse("x", "plans/x/pair.yaml", &text, &config());
        d.into_iter()
            .map(|d| (d.location.line, d.severity, d.message))
            .collect()
    }

    #[test]
    fn good_facts_are_read() {
        let text = "mentor: Ruth Owen\nect: Kai Ward\nprogramme: p\nstart: 2026-09-02\nmeeting: {day: monday}\ntrn: 1234567\nappropriate_body: North Vale Teaching Hub\nroute: school-led\nfte: 0.6\ninduction_start: 2026-09-07\nextension_terms: 1\nmentors:\n  - {name: Ivy Chen, from: 2026-09-02}\n  - {name: Ruth Owen, from: 2027-01-04}\nsequence: [behaviour, planning]\n";
        let (pair, d) = crate::pair::parse("x", "plans/x/pair.yaml", text, &config());
        assert!(d.is_empty(), "{d:?}");
        let pair = pair.unwrap();
        assert_eq!(pair.trn.as_deref(), Some("1234567"));
        assert_eq!(pair.route, Some(super::Route::SchoolLed));
        assert_eq!(pair.fte_per_mille(), 600);
        assert_eq!(pair.induction_start().to_string(), "2026-09-07");
        assert_eq!(pair.mentor_on("2026-12-01".parse().unwrap()), "Ivy Chen");
        assert_eq!(pair.mentor_on("2027-01-04".parse().unwrap()), "Ruth Owen");
        assert_eq!(pair.sequence, ["behaviour", "planning"]);
    }

    #[test]
    fn defaults_when_absent() {
        let text = "mentor: Ruth Owen\nect: Kai Ward\nprogramme: p\nstart: 2026-09-02\nmeeting: {day: monday}\n";
        let (pair, _) = crate::pair::parse("x", "plans/x/pair.yaml", text, &config());
        let pair = pair.unwrap();
        assert_eq!(pair.fte_per_mille(), 1000);
        assert_eq!(pair.induction_start(), pair.start);
        assert_eq!(pair.mentor_on(pair.start), "Ruth Owen");
    }

    #[test]
    fn bad_facts_point_at_their_lines() {
        let f = found("trn: 12-34\nfte: 1.5\nextension_terms: 40\n");
        let lines: Vec<usize> = f.iter().map(|f| f.0).collect();
        assert_eq!(lines, [6, 7, 8], "{f:?}");
        assert!(f.iter().all(|f| f.1 == Severity::Error));
        assert!(f[1].2.contains("outside 0.1 to 1.0"), "{f:?}");
        let f = found("fte: 0.05\n");
        assert_eq!(f.len(), 1, "{f:?}");
        let f = found("route: hybrid\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 6);
    }

    #[test]
    fn mentor_history_is_checked() {
        // out of order, and the last is not the current mentor
        let f = found(
            "mentors:\n  - {name: Ivy Chen, from: 2027-01-04}\n  - {name: Zed Hall, from: 2026-09-02}\n",
        );
        assert!(
            f.iter()
                .any(|f| f.0 == 8 && f.2.contains("does not come after")),
            "{f:?}"
        );
        assert!(
            f.iter()
                .any(|f| f.0 == 1 && f.2.contains("latest of `mentors` is `Zed Hall`")),
            "{f:?}"
        );
        assert!(found("mentors:\n  - {name: Ruth Owen, from: 2026-09-02}\n").is_empty());
    }

    #[test]
    fn induction_start_after_the_calendar_and_repeated_modules() {
        let f = found("induction_start: 2029-01-01\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 6);
        let f = found("sequence:\n  - planning\n  - planning\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 8);
    }
}
