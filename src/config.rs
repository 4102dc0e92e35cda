//! `ect.yaml`: the repository's settings and the school calendar. Every key
//! has a default, so a folder with only `curriculum/` needs no `ect.yaml`.

use crate::diag::{Diagnostic, LineIndex, Severity};
use crate::yaml_pos::{Positions, Seg, ypath};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The contents of `ect.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Config {
    /// Folder of the provider's session files, relative to the repository root.
    pub curriculum: String,
    /// Folder of the mentor-ECT pairs, relative to the repository root.
    pub plans: String,
    /// The programme a pair follows when its `pair.yaml` names none.
    pub programme: Option<String>,
    /// Rule severities: `rule-id: error | warning | off`.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Every term from the earliest pair's start to the latest planned meeting.
    pub terms: Vec<TermDates>,
    /// Single non-teaching days: INSET days, bank holidays.
    pub closures: Vec<NaiveDate>,
    /// Open actions agreed more than this many meetings ago are grouped
    /// apart in an agenda's Review, and counted by `ect status`.
    pub older_actions_after: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            curriculum: "curriculum".into(),
            plans: "plans".into(),
            programme: None,
            rules: BTreeMap::new(),
            terms: Vec::new(),
            closures: Vec::new(),
            older_actions_after: 6,
        }
    }
}

/// One term of the school calendar.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TermDates {
    /// `autumn`, `spring` or `summer`.
    pub name: crate::curriculum::Term,
    /// First day of the term.
    pub start: NaiveDate,
    /// Last day of the term.
    pub end: NaiveDate,
    /// Half-term and other breaks of a week or more inside the term.
    #[serde(default)]
    pub breaks: Vec<DateRange>,
}

/// Inclusive range of dates.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateRange {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// What `ect.yaml` may set a rule to.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    #[serde(alias = "warn")]
    Warning,
    Off,
}

/// The years a school calendar's dates may fall in.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2199;

/// Known top-level keys, for the unknown-key warning.
pub(crate) const KEYS: &[&str] = &[
    "curriculum",
    "plans",
    "programme",
    "rules",
    "terms",
    "closures",
    "older_actions_after",
];

/// `ect.yaml` could not be used: the message names the line.
#[derive(Debug)]
pub struct ConfigError(pub Box<Diagnostic>);

fn err(d: Diagnostic) -> ConfigError {
    ConfigError(Box::new(d))
}

impl Config {
    /// Parses `text` (the contents of `path`, repository-relative). Unknown
    /// top-level keys are warnings; anything else wrong is an error.
    pub fn parse(path: &str, text: &str) -> Result<(Config, Vec<Diagnostic>), ConfigError> {
        let text = crate::front_matter::strip_bom(text);
        let file = ConfigFile {
            path,
            index: LineIndex::new(text),
            pos: Positions::new(text, 0),
        };
        let map = file.mapping(text)?;
        let mut warnings = file.unknown_keys(&map);
        let config = file.typed(text, map)?;
        file.check_paths(&config)?;
        file.check_years(&config)?;
        warnings.extend(file.unknown_rules(&config));
        Ok((config, warnings))
    }

    /// The severity of `rule` after `rules:` in `ect.yaml`; `None` when off.
    pub fn severity(&self, rule: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(rule) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::Error) => Some(Severity::Error),
            Some(RuleLevel::Warning) => Some(Severity::Warning),
            None => Some(default),
        }
    }
}

/// The settings `map`, read from `text`, gives, read as values (not as
/// text); `None` where the two readings could differ (a property test
/// looks for differences): read as a value, an empty one (`~`, or nothing
/// after the colon) is an empty list or mapping where the text reading
/// calls it an error, and a tag (`!!int "12"`, which leaves no trace in
/// the value, so any `!` in the text) is taken where the text reading
/// refuses it.
fn from_mapping(text: &str, map: serde_yaml::Mapping) -> Option<Config> {
    if text.contains('!') {
        return None;
    }
    fn could_differ(v: &serde_yaml::Value) -> bool {
        match v {
            serde_yaml::Value::Null => true,
            serde_yaml::Value::Sequence(s) => s.iter().any(could_differ),
            serde_yaml::Value::Mapping(m) => {
                m.iter().any(|(k, v)| could_differ(k) || could_differ(v))
            }
            _ => false,
        }
    }
    let map = serde_yaml::Value::Mapping(map);
    if could_differ(&map) {
        return None;
    }
    serde_yaml::from_value(map).ok()
}

/// `ect.yaml` being read: its path, lines and where its keys are.
struct ConfigFile<'a> {
    path: &'a str,
    index: LineIndex<'a>,
    pos: Positions<'a>,
}

impl ConfigFile<'_> {
    /// A diagnostic at byte `offset`.
    fn diag(
        &self,
        offset: usize,
        message: String,
        hint: Option<String>,
        severity: Severity,
    ) -> Diagnostic {
        Diagnostic {
            rule: "config",
            severity,
            path: self.path.to_string(),
            location: self.index.locate(offset..offset + 1),
            message,
            hint,
        }
    }

    /// An error at byte `offset`.
    fn error(&self, offset: usize, message: String, hint: Option<String>) -> ConfigError {
        err(self.diag(offset, message, hint, Severity::Error))
    }

    /// Where the key at `path` starts (the file's start when not there).
    fn key_offset(&self, path: &[Seg<'_>]) -> usize {
        self.pos.key(path).map_or(0, |s| s.start)
    }

    /// The top-level mapping (an empty file is an empty mapping).
    fn mapping(&self, text: &str) -> Result<serde_yaml::Mapping, ConfigError> {
        let value = crate::front_matter::parse_yaml_at(text, 0).map_err(|e| {
            self.error(
                e.offset,
                format!("`ect.yaml` is not valid YAML: {}", e.message),
                None,
            )
        })?;
        match value {
            serde_yaml::Value::Null => Ok(serde_yaml::Mapping::new()),
            serde_yaml::Value::Mapping(m) => Ok(m),
            _ => Err(self.error(
                0,
                "`ect.yaml` must be `key: value` lines".into(),
                Some("see the README for the keys, e.g. `curriculum: curriculum`".into()),
            )),
        }
    }

    /// A warning for each top-level key that is not one of [`KEYS`].
    fn unknown_keys(&self, map: &serde_yaml::Mapping) -> Vec<Diagnostic> {
        map.keys()
            .map(|k| k.as_str().map_or_else(|| format!("{k:?}"), str::to_string))
            .filter(|k| !KEYS.contains(&k.as_str()))
            .map(|key| {
                self.diag(
                    self.key_offset(ypath![key.as_str()]),
                    format!("unknown key `{key}` in `ect.yaml` is ignored"),
                    Some(format!("known keys: {}", KEYS.join(", "))),
                    Severity::Warning,
                )
            })
            .collect()
    }

    /// The typed [`Config`], or an error at the value serde could not read.
    fn typed(&self, text: &str, map: serde_yaml::Mapping) -> Result<Config, ConfigError> {
        // the mapping already read, taken as the settings: reading the
        // text again was about half of opening a repository, before any
        // file is read. What the mapping cannot give (a value YAML read as
        // another type, which the text can still give as a string) and
        // every error (the text says where) come from the text
        if let Some(config) = from_mapping(text, map) {
            return Ok(config);
        }
        serde_yaml::from_str(text).map_err(|e| {
            let msg = e.to_string();
            let offset = self.pos.of_serde_error(&e).map_or(0, |s| s.start);
            self.error(
                offset,
                format!(
                    "`ect.yaml`: {}",
                    msg.split(" at line ").next().unwrap_or(&msg)
                ),
                Some(
                    "dates are written `YYYY-MM-DD` and must exist; see the README for every key"
                        .into(),
                ),
            )
        })
    }

    /// `curriculum` and `plans` stay inside the repository.
    fn check_paths(&self, config: &Config) -> Result<(), ConfigError> {
        for (key, value) in [("curriculum", &config.curriculum), ("plans", &config.plans)] {
            if !crate::repo::is_inside_path(value) {
                return Err(self.error(
                    self.key_offset(ypath![key]),
                    format!("`{key}: {value}` points outside the repository"),
                    Some(format!(
                        "use a folder inside the repository, e.g. `{key}: {key}`"
                    )),
                ));
            }
        }
        Ok(())
    }

    /// Every date of the calendar is within [`YEARS`]: a year far away is
    /// a typo (`9999`, `2206`), and a calendar of thousands of years would
    /// take minutes to lay out week by week.
    fn check_years(&self, config: &Config) -> Result<(), ConfigError> {
        let dates = config.terms.iter().enumerate().flat_map(|(i, t)| {
            let term = |key, date| (vec![Seg::from("terms"), i.into(), Seg::Key(key)], date);
            [term("start", t.start), term("end", t.end)]
                .into_iter()
                .chain(t.breaks.iter().enumerate().flat_map(move |(j, b)| {
                    let at = |key| {
                        vec![
                            "terms".into(),
                            i.into(),
                            "breaks".into(),
                            j.into(),
                            Seg::Key(key),
                        ]
                    };
                    [(at("start"), b.start), (at("end"), b.end)]
                }))
        });
        let closures = (config.closures.iter().enumerate())
            .map(|(k, d)| (vec![Seg::from("closures"), k.into()], *d));
        match dates
            .chain(closures)
            .find(|(_, d)| !YEARS.contains(&d.year()))
        {
            Some((path, far)) => Err(self.error(
                self.pos.value(&path).map_or(0, |s| s.start),
                format!("`{far}` is too far away for a school calendar"),
                Some(format!(
                    "write dates in the years {} to {}; check the year",
                    YEARS.start(),
                    YEARS.end()
                )),
            )),
            None => Ok(()),
        }
    }

    /// A warning for each name under `rules` that is not a rule.
    fn unknown_rules(&self, config: &Config) -> Vec<Diagnostic> {
        (config.rules.keys())
            .filter(|rule| crate::rules::find(rule).is_none())
            .map(|rule| {
                self.diag(
                    self.key_offset(ypath!["rules", rule.as_str()]),
                    format!("`rules` names `{rule}`, which is not a rule"),
                    Some("`ect explain` lists the rules".into()),
                    Severity::Warning,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings as [`from_mapping`] reads them, when it can, and as the
    /// text gives them (the reference), printed for comparison.
    fn both_readings(text: &str) -> (Option<String>, Result<String, String>) {
        let by_text = serde_yaml::from_str::<Config>(text)
            .map(|c| format!("{c:?}"))
            .map_err(|e| e.to_string());
        let by_map = match crate::front_matter::parse_yaml_at(text, 0) {
            Ok(serde_yaml::Value::Mapping(m)) => from_mapping(text, m).map(|c| format!("{c:?}")),
            _ => None,
        };
        (by_map, by_text)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20000))]
        /// Whatever the values, the settings read from the mapping are the
        /// ones the text gives; where they cannot be, the text is read.
        #[test]
        fn settings_from_the_mapping_are_the_texts(
            lines in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "curriculum", "plans", "programme", "older_actions_after", "rules", "closures", "terms", "colour",
                    ]),
                    proptest::sample::select(vec![
                        "x", "\"2024\"", "2024", "12", "-1", "1.5", "0x1F", "~", "", "true", "yes", "off",
                        "'off'", "warn", "[]", "{}", "2025-09-03", "[2025-09-03]", "{broken-link: off}",
                        "{week-sequence: warn, x: error}", "{1: off}", "[{name: autumn, start: 2025-09-03, end: 2025-12-19}]",
                        "[{name: Autumn, start: 2025-09-03, end: 2025-12-19, breaks: [{start: 2025-10-27, end: 2025-10-31}]}]",
                        "!!str 12", "&a x", "\"caf\\u00e9\"", "[~]", "\"6\"", "6.0", "!!int \"12\"",
                        "{x: false}", "[2025-02-30]", "{broken-link: ~}", "[{name: autumn, start: 2025-09-03}]",
                    ]),
                ),
                0..5,
            ),
        ) {
            let mut seen = std::collections::HashSet::new();
            let text: String = lines
                .iter()
                .filter(|(k, _)| seen.insert(*k))
                .map(|(k, v)| format!("{k}: {v}\n"))
                .collect();
            let (by_map, by_text) = both_readings(&text);
            if let Some(by_map) = by_map {
                proptest::prop_assert_eq!(Ok(by_map), by_text, "{}", text);
            }
        }
    }

    #[test]
    fn settings_the_mapping_cannot_give_come_from_the_text() {
        // a year written bare is a number to YAML, and a programme's name
        // to `ect`
        let (c, _) = Config::parse("ect.yaml", "programme: 2024\n").unwrap();
        assert_eq!(c.programme.as_deref(), Some("2024"));
        assert_eq!(both_readings("programme: 2024\n").0, None);
        // and the settings of a whole calendar come from the mapping
        let text = "programme: x\nrules: {broken-link: warn}\nclosures: [2025-11-14]\nterms:\n  - {name: autumn, start: 2025-09-03, end: 2025-12-19, breaks: [{start: 2025-10-27, end: 2025-10-31}]}\n";
        let (by_map, by_text) = both_readings(text);
        assert_eq!(by_map.as_deref(), by_text.as_deref().ok());
        assert!(by_map.is_some());
    }

    #[test]
    fn a_byte_order_mark_is_not_a_second_document() {
        let (config, found) =
            Config::parse("ect.yaml", "\u{feff}programme: example\nterms: []\n").unwrap();
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(config.programme.as_deref(), Some("example"));
    }

    #[test]
    fn defaults_when_empty() {
        let (c, w) = Config::parse("ect.yaml", "").unwrap();
        assert_eq!(c.curriculum, "curriculum");
        assert_eq!(c.plans, "plans");
        assert!(w.is_empty());
    }

    #[test]
    fn warns_about_unknown_keys_with_their_line() {
        let (_, w) = Config::parse("ect.yaml", "plans: plans\ncolour: blue\n").unwrap();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].location.line, 2);
        assert!(w[0].message.contains("`colour`"));
    }

    #[test]
    fn refuses_dates_that_do_not_exist_with_the_line() {
        let text = "terms:\n  - name: autumn\n    start: 2026-09-02\n    end: 2027-02-29\n";
        let err = Config::parse("ect.yaml", text).unwrap_err().0;
        assert_eq!(err.location.line, 4, "{err:?}");
    }

    #[test]
    fn refuses_years_far_away_with_the_line() {
        for far in ["9999-12-31", "+262142-12-31", "1026-09-02"] {
            let text = format!("terms:\n  - name: autumn\n    start: 2026-09-02\n    end: {far}\n");
            let err = Config::parse("ect.yaml", &text).unwrap_err().0;
            assert_eq!(err.location.line, 4, "{err:?}");
            assert!(err.message.contains("too far away"), "{err:?}");
        }
        let err = Config::parse("ect.yaml", "closures: [2026-11-27, 3026-11-27]\n")
            .unwrap_err()
            .0;
        assert_eq!((err.location.line, err.location.column), (1, 24), "{err:?}");
    }

    #[test]
    fn refuses_folders_outside_the_repository() {
        assert!(Config::parse("ect.yaml", "curriculum: ../elsewhere\n").is_err());
        assert!(Config::parse("ect.yaml", "plans: /etc\n").is_err());
    }

    #[test]
    fn rule_levels_change_severity() {
        let (c, _) = Config::parse(
            "ect.yaml",
            "rules:\n  timing-budget: off\n  empty-section: error\n",
        )
        .unwrap();
        assert_eq!(c.severity("timing-budget", Severity::Warning), None);
        assert_eq!(
            c.severity("empty-section", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(
            c.severity("broken-link", Severity::Error),
            Some(Severity::Error)
        );
    }
}
