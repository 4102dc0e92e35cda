//! What `ect init` writes: a ready repository as a list of (path, text),
//! with term dates worked out from the usual pattern of English school
//! terms. Pure: `cmd/init.rs` does the writing.

use crate::config::{DateRange, TermDates};
use crate::curriculum::Term;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
pub use source::EctSource;

pub mod source;

/// The programme `ect init` writes: `curriculum/<EXAMPLE_PROGRAMME>.md`.
pub const EXAMPLE_PROGRAMME: &str = "example";
/// The example pair's folder under `plans/`.
pub const EXAMPLE_PAIR: &str = "jo-smith-alex-lee";
/// What stands in the workflow for `ect`'s git address when `ect init`
/// cannot tell where `ect` came from.
pub const GIT_PLACEHOLDER: &str = "CHANGE-ME";

const MODULE: &str = "year-1-first-weeks";

/// One school year's terms and the bank holidays that fall in term time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolYear {
    /// The calendar year the school year starts in (September).
    pub first: i32,
    pub terms: Vec<TermDates>,
    /// Single days in term time with no teaching, with what they are.
    pub closures: Vec<(NaiveDate, &'static str)>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// The first `day` on or after `from`.
fn on_or_after(from: NaiveDate, day: Weekday) -> NaiveDate {
    let ahead = (7 + day.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Duration::days(i64::from(ahead))
}

/// The last `day` on or before `from`.
fn on_or_before(from: NaiveDate, day: Weekday) -> NaiveDate {
    let back = (7 + from.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    from - Duration::days(i64::from(back))
}

/// A Monday-to-Friday break starting on `monday`.
fn week_from(monday: NaiveDate) -> DateRange {
    DateRange {
        start: monday,
        end: monday + Duration::days(4),
    }
}

/// Easter Sunday (Gregorian calendar; the anonymous algorithm).
pub fn easter(y: i32) -> NaiveDate {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(y, month as u32, day as u32)
}

/// The usual pattern of an English school year starting in September of
/// `first`. Local authorities and trusts publish their own dates, which
/// differ by a few days; these are a starting point to check against them.
///
/// - autumn: the first Wednesday of September to the Friday on or before
///   20 December; half-term the week from the Monday on or after 22 October;
/// - spring: 4 January (the Monday after, if that is a Friday or a weekend)
///   to the week before Easter (Maundy Thursday when Easter is in March);
///   half-term the week from the Monday on or after 12 February;
/// - summer: two weeks after the spring term ends to 22 July (the Friday
///   before, at a weekend); half-term the week of the spring bank holiday
///   (the last Monday of May). The early May bank holiday is a closure.
pub fn school_year(first: i32) -> SchoolYear {
    let next = first + 1;
    let autumn = TermDates {
        name: Term::Autumn,
        start: on_or_after(date(first, 9, 1), Weekday::Wed),
        end: on_or_before(date(first, 12, 20), Weekday::Fri),
        breaks: vec![week_from(on_or_after(date(first, 10, 22), Weekday::Mon))],
    };
    let jan4 = date(next, 1, 4);
    let spring_start = match jan4.weekday() {
        Weekday::Fri | Weekday::Sat | Weekday::Sun => on_or_after(jan4, Weekday::Mon),
        _ => jan4,
    };
    let easter = easter(next);
    let (spring_end, summer_start) = if easter.month() == 3 {
        // the holiday is the fortnight after Easter
        (easter - Duration::days(3), easter + Duration::days(15))
    } else {
        // the week before Easter and the week after
        (easter - Duration::days(9), easter + Duration::days(8))
    };
    let may_bank_holiday = on_or_after(date(next, 5, 1), Weekday::Mon);
    let spring_bank_holiday = on_or_before(date(next, 5, 31), Weekday::Mon);
    let mut closures = Vec::new();
    let summer_start = if summer_start == may_bank_holiday {
        summer_start + Duration::days(1)
    } else {
        if summer_start < may_bank_holiday {
            closures.push((may_bank_holiday, "early May bank holiday"));
        }
        summer_start
    };
    let jul22 = date(next, 7, 22);
    let summer_end = match jul22.weekday() {
        Weekday::Sat | Weekday::Sun => on_or_before(jul22, Weekday::Fri),
        _ => jul22,
    };
    SchoolYear {
        first,
        terms: vec![
            autumn,
            TermDates {
                name: Term::Spring,
                start: spring_start,
                end: spring_end,
                breaks: vec![week_from(on_or_after(date(next, 2, 12), Weekday::Mon))],
            },
            TermDates {
                name: Term::Summer,
                start: summer_start,
                end: summer_end,
                breaks: vec![week_from(spring_bank_holiday)],
            },
        ],
        closures,
    }
}

/// The school year `today` belongs to: from September to the end of the
/// summer term; in the summer holidays, the coming one.
pub fn current_school_year(today: NaiveDate) -> i32 {
    let first = if today.month() >= 8 {
        today.year()
    } else {
        today.year() - 1
    };
    let ends = school_year(first).terms.last().map_or(today, |t| t.end);
    if today > ends { first + 1 } else { first }
}

/// The example pair's start: `today` when it is inside a term, else the
/// first day of the next term (so `ect agenda` has something to show now).
pub fn example_start(today: NaiveDate, years: &[SchoolYear]) -> NaiveDate {
    let terms = || years.iter().flat_map(|y| &y.terms);
    if terms().any(|t| t.start <= today && today <= t.end) {
        return today;
    }
    terms()
        .map(|t| t.start)
        .find(|s| *s > today)
        .unwrap_or(today)
}

/// `ect.yaml` with the terms of `years`, commented.
pub fn ect_yaml(today: NaiveDate, years: &[SchoolYear]) -> String {
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a.first != b.first => {
            format!("the {} and {} school years", label(a.first), label(b.first))
        }
        (Some(a), _) => format!("the {} school year", label(a.first)),
        _ => "no school year".to_string(),
    };
    let mut s = format!(
        "\
# yaml-language-server: $schema=schemas/ect.schema.json
# ect.yaml: the settings of this repository and the school calendar.
# `ect` finds the repository by looking for this file in the current folder
# and the folders above it, the way git finds `.git`.

# The programme a pair follows when its `pair.yaml` names none:
# `curriculum/<programme>.md` is its overview (the list of modules in order).
programme: {EXAMPLE_PROGRAMME}

# Term dates for {span}.
# `ect init` worked them out on {today} from the usual pattern of English
# school terms. They are a starting point, not your school's calendar: CHECK
# EVERY DATE against the term dates your local authority (or trust)
# publishes, and correct them here. Each summer, add the next school year's
# terms at the end.
#
# `name` is autumn, spring or summer; `start` and `end` are the first and last
# days of the term (YYYY-MM-DD). `breaks` are half-terms and other breaks of a
# week or more inside the term. A pair's programme starts in the term holding
# its `start` date, and moves on only in term time.
terms:
"
    );
    for year in years {
        s.push_str(&format!("  # {}\n", label(year.first)));
        for t in &year.terms {
            s.push_str(&format!(
                "  - name: {}\n    start: {}\n    end: {}\n    breaks:\n",
                t.name.as_str(),
                t.start,
                t.end
            ));
            for b in &t.breaks {
                let what = match t.name {
                    Term::Summer => "half-term, with the spring bank holiday",
                    _ => "half-term",
                };
                s.push_str(&format!(
                    "      - {{start: {}, end: {}}}   # {what}\n",
                    b.start, b.end
                ));
            }
        }
    }
    s.push_str(
        "
# Single days in term time with no teaching: bank holidays and INSET
# (training) days. A meeting that falls on one moves to the next teaching day
# of that week (or, at the end of the week, to the previous one). Add your
# school's INSET days, usually five a year, once they are set.
closures:
",
    );
    let mut any = false;
    for year in years {
        for (d, what) in &year.closures {
            s.push_str(&format!("  - {d}   # {what}\n"));
            any = true;
        }
    }
    if !any {
        s = s.replace("closures:\n", "closures: []\n");
    }
    s
}

/// `2026-27`.
fn label(first: i32) -> String {
    format!("{first}-{:02}", (first + 1) % 100)
}

/// Every file `ect init` writes, relative to the new repository's root, as
/// of `today`. `ect` is where the CI workflow installs `ect` from.
pub fn files(today: NaiveDate, ect: &EctSource) -> Vec<(String, String)> {
    let first = current_school_year(today);
    let years = [school_year(first), school_year(first + 1)];
    let start = example_start(today, &years);
    let c = format!("curriculum/{EXAMPLE_PROGRAMME}");
    let m = format!("{c}/{MODULE}");
    let mut files: Vec<(String, String)> = vec![
        ("ect.yaml".into(), ect_yaml(today, &years)),
        (
            format!("{c}.md"),
            include_str!("templates/example.md").into(),
        ),
        (
            format!("{m}.md"),
            include_str!("templates/module.md").into(),
        ),
        (
            format!("{m}/autumn-week-1-mentor-materials.md"),
            include_str!("templates/week-1.md").into(),
        ),
        (
            format!("{m}/autumn-week-2-mentor-materials.md"),
            include_str!("templates/week-2.md").into(),
        ),
        (
            format!("{m}/autumn-week-3-mentor-materials.md"),
            include_str!("templates/week-3.md").into(),
        ),
        (
            "plans/README.md".into(),
            include_str!("templates/plans-README.md").into(),
        ),
        (
            format!("plans/{EXAMPLE_PAIR}/pair.yaml"),
            include_str!("templates/pair.yaml").replace("{{start}}", &start.to_string()),
        ),
        (
            ".github/workflows/ect.yml".into(),
            workflow(ect, env!("CARGO_PKG_VERSION")),
        ),
        (
            ".gitignore".into(),
            include_str!("templates/gitignore").into(),
        ),
    ];
    // JSON Schemas, so editors complete and check `ect.yaml` and `pair.yaml`
    files.extend(
        crate::schema::all()
            .into_iter()
            .map(|(name, text)| (format!("schemas/{name}"), text)),
    );
    files
}

/// The git address of `ect`'s source as the build knows it (`repository` in
/// `Cargo.toml`), if any.
pub fn built_from() -> Option<&'static str> {
    option_env!("CARGO_PKG_REPOSITORY").filter(|r| !r.trim().is_empty())
}

/// A YAML scalar holding `s` exactly (a JSON string is a YAML one).
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// The CI workflow: installs `ect` `version` from `ect`, then validates.
/// Values reach the install script only through `env`, never spliced into
/// the shell text.
pub fn workflow(ect: &EctSource, version: &str) -> String {
    let v = yaml_str(version);
    let (env, install) = match ect {
        EctSource::GitTag { url, tag } if *tag == source::release_tag(version) => (
            format!(
                "  # Where `ect`'s source is, and the version this workflow installs: the\n  \
                 # version of `ect` that wrote it, from its release tag (`v` and the\n  \
                 # version). To move to a newer `ect`, change ECT_VERSION.\n  \
                 ECT_GIT: {}\n  ECT_VERSION: {v}\n",
                yaml_str(url)
            ),
            "cargo install --locked --git \"$ECT_GIT\" --tag \"v$ECT_VERSION\" ect".to_string(),
        ),
        EctSource::GitTag { url, tag } => (
            format!(
                "  # Where `ect`'s source is, and the tag this workflow installs: those\n  \
                 # `ect` {version}, which wrote it, was installed from. To move to a newer\n  \
                 # `ect`, change ECT_TAG (and ECT_VERSION, for the record).\n  \
                 ECT_GIT: {}\n  ECT_TAG: {}\n  ECT_VERSION: {v}\n",
                yaml_str(url),
                yaml_str(tag)
            ),
            "cargo install --locked --git \"$ECT_GIT\" --tag \"$ECT_TAG\" ect".to_string(),
        ),
        EctSource::GitRev { url, rev } => (
            format!(
                "  # Where `ect`'s source is, and the commit this workflow installs: those\n  \
                 # `ect` {version}, which wrote it, was built from. To move to a newer\n  \
                 # `ect`, change ECT_REV (and ECT_VERSION, for the record).\n  \
                 ECT_GIT: {}\n  ECT_REV: {}\n  ECT_VERSION: {v}\n",
                yaml_str(url),
                yaml_str(rev)
            ),
            "cargo install --locked --git \"$ECT_GIT\" --rev \"$ECT_REV\" ect".to_string(),
        ),
        EctSource::CratesIo => (
            "  # The version of `ect` this workflow installs from crates.io: the version\n  \
             # that wrote it. To move to a newer `ect`, change ECT_VERSION.\n  \
             ECT_VERSION: "
                .to_string()
                + &v
                + "\n",
            "cargo install --locked ect --version \"$ECT_VERSION\"".to_string(),
        ),
        EctSource::Unknown => (
            format!(
                "  # Where `ect`'s source is, and the version this workflow installs: the\n  \
                 # version of `ect` that wrote it, from its release tag (`v` and the\n  \
                 # version). `ect init` could not tell where `ect` came from: set\n  \
                 # ECT_GIT to the git address you install `ect` from.\n  \
                 ECT_GIT: {GIT_PLACEHOLDER}\n  ECT_VERSION: {v}\n"
            ),
            format!(
                "if [ \"$ECT_GIT\" = \"{GIT_PLACEHOLDER}\" ]; then\n  \
                 echo \"::error file=.github/workflows/ect.yml::set ECT_GIT in .github/workflows/ect.yml to the git address of ect's source\"\n  \
                 exit 1\n\
                 fi\n\
                 cargo install --locked --git \"$ECT_GIT\" --tag \"v$ECT_VERSION\" ect"
            ),
        ),
    };
    let install: String = install
        .lines()
        .map(|l| format!("          {l}\n"))
        .collect();
    include_str!("templates/workflow.yml")
        .replace("{{env}}\n", &env)
        .replace("{{install}}\n", &install)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn easter_sundays() {
        for (y, e) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter(y), d(e), "{y}");
        }
    }

    #[test]
    fn a_school_year_follows_the_english_pattern() {
        let y = school_year(2026);
        let t = &y.terms;
        assert_eq!((t[0].start, t[0].end), (d("2026-09-02"), d("2026-12-18")));
        assert_eq!(t[0].breaks, [week_from(d("2026-10-26"))]);
        assert_eq!((t[1].start, t[1].end), (d("2027-01-04"), d("2027-03-25")));
        assert_eq!(t[1].breaks, [week_from(d("2027-02-15"))]);
        // Easter 2027 is 28 March: the holiday is the fortnight after it
        assert_eq!((t[2].start, t[2].end), (d("2027-04-12"), d("2027-07-22")));
        assert_eq!(t[2].breaks, [week_from(d("2027-05-31"))]);
        assert_eq!(y.closures, [(d("2027-05-03"), "early May bank holiday")]);
        // Easter 2026 is 5 April: a week either side
        let y = school_year(2025);
        assert_eq!(y.terms[0].start, d("2025-09-03"));
        assert_eq!(y.terms[0].breaks, [week_from(d("2025-10-27"))]);
        assert_eq!(y.terms[1].start, d("2026-01-05"));
        assert_eq!(y.terms[1].breaks, [week_from(d("2026-02-16"))]);
        assert_eq!(y.terms[1].end, d("2026-03-27"));
        assert_eq!(y.terms[2].start, d("2026-04-13"));
        assert_eq!(y.terms[2].breaks, [week_from(d("2026-05-25"))]);
        assert_eq!(y.terms[2].end, d("2026-07-22"));
    }

    #[test]
    fn every_year_is_in_order_on_school_days() {
        for first in 2000..2200 {
            let y = school_year(first);
            let mut last = d("1999-01-01");
            for t in &y.terms {
                assert!(t.start > last && t.start < t.end, "{first} {t:?}");
                for day in [t.start, t.end] {
                    assert!(day.weekday().num_days_from_monday() < 5, "{first} {day}");
                }
                for b in &t.breaks {
                    assert!(t.start < b.start && b.end < t.end, "{first} {t:?}");
                    assert_eq!(b.start.weekday(), Weekday::Mon);
                }
                last = t.end;
            }
            // the spring term ends before Good Friday; summer starts after Easter Monday
            let e = easter(first + 1);
            assert!(y.terms[1].end < e - Duration::days(2), "{first}");
            assert!(y.terms[2].start > e + Duration::days(1), "{first}");
            for (c, _) in &y.closures {
                assert!(y.terms[2].start < *c && *c < y.terms[2].breaks[0].start);
            }
        }
    }

    #[test]
    fn the_current_school_year() {
        assert_eq!(current_school_year(d("2026-11-23")), 2026);
        assert_eq!(current_school_year(d("2027-03-01")), 2026);
        assert_eq!(current_school_year(d("2027-07-22")), 2026);
        assert_eq!(current_school_year(d("2027-07-23")), 2027);
        assert_eq!(current_school_year(d("2027-08-10")), 2027);
    }

    #[test]
    fn ect_yaml_reads_back_as_written() {
        let years = [school_year(2026), school_year(2027)];
        let text = ect_yaml(d("2026-11-23"), &years);
        let (config, warnings) = Config::parse("ect.yaml", &text).unwrap();
        assert_eq!(warnings, []);
        assert_eq!(config.programme.as_deref(), Some(EXAMPLE_PROGRAMME));
        let want: Vec<TermDates> = years.iter().flat_map(|y| y.terms.clone()).collect();
        assert_eq!(config.terms, want);
        assert_eq!(config.closures, [d("2027-05-03"), d("2028-05-01")]);
        assert!(text.contains("CHECK\n# EVERY DATE"));
        assert!(text.contains("local authority"));
        assert!(text.contains("# 2026-27\n") && text.contains("# 2027-28\n"));
    }

    #[test]
    fn the_example_pair_starts_now_or_next_term() {
        let years = [school_year(2026), school_year(2027)];
        assert_eq!(example_start(d("2026-11-23"), &years), d("2026-11-23"));
        assert_eq!(example_start(d("2026-12-28"), &years), d("2027-01-04"));
        assert_eq!(example_start(d("2026-08-10"), &years), d("2026-09-02"));
    }

    #[test]
    fn the_workflow_installs_ect_and_validates_for_github() {
        let ect = EctSource::GitTag {
            url: "https://example.org/ect.git".into(),
            tag: source::release_tag(env!("CARGO_PKG_VERSION")),
        };
        let files = files(d("2026-11-23"), &ect);
        let (_, text) = files
            .iter()
            .find(|(p, _)| p == ".github/workflows/ect.yml")
            .unwrap();
        let y: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        let on = &y["on"];
        assert!(on.get("push").is_some() && on.get("pull_request").is_some());
        assert_eq!(
            y["env"]["ECT_GIT"].as_str(),
            Some("https://example.org/ect.git")
        );
        let runs: Vec<&str> = y["jobs"]["validate"]["steps"]
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(|s| s["run"].as_str())
            .collect();
        assert!(
            runs[0]
                .contains("cargo install --locked --git \"$ECT_GIT\" --tag \"v$ECT_VERSION\" ect")
        );
        assert_eq!(
            y["env"]["ECT_VERSION"].as_str(),
            Some(env!("CARGO_PKG_VERSION"))
        );
        assert!(runs[1].contains(
            "if [ -f ect-baseline.json ]; then\n  ect validate --format github --baseline ect-baseline.json\n"
        ));
        assert!(runs[1].contains("else\n  ect validate --format github\n"));
    }

    /// The install step of the workflow for `ect`, as the shell sees it,
    /// with the `env` block.
    fn install(ect: &EctSource, version: &str) -> (serde_yaml::Value, String) {
        let text = workflow(ect, version);
        let y: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let step = y["jobs"]["validate"]["steps"][1]["run"]
            .as_str()
            .unwrap()
            .to_string();
        (y["env"].clone(), step)
    }

    #[test]
    fn each_source_installs_its_own_way() {
        let url = "https://git.example.net/a b/ect\"; rm -rf /".to_string();
        let (env, run) = install(
            &EctSource::GitTag {
                url: url.clone(),
                tag: "release-7".into(),
            },
            "0.7.0",
        );
        assert_eq!(env["ECT_GIT"].as_str(), Some(url.as_str()));
        assert_eq!(env["ECT_TAG"].as_str(), Some("release-7"));
        assert_eq!(env["ECT_VERSION"].as_str(), Some("0.7.0"));
        assert_eq!(
            run,
            "cargo install --locked --git \"$ECT_GIT\" --tag \"$ECT_TAG\" ect\n"
        );
        let (env, run) = install(
            &EctSource::GitRev {
                url: "https://example.org/e".into(),
                rev: "0a1b2c3d".into(),
            },
            "0.7.0",
        );
        assert_eq!(env["ECT_REV"].as_str(), Some("0a1b2c3d"));
        assert_eq!(
            run,
            "cargo install --locked --git \"$ECT_GIT\" --rev \"$ECT_REV\" ect\n"
        );
        let (env, run) = install(&EctSource::CratesIo, "0.7.0");
        assert_eq!(env["ECT_VERSION"].as_str(), Some("0.7.0"));
        assert!(env.get("ECT_GIT").is_none());
        assert_eq!(
            run,
            "cargo install --locked ect --version \"$ECT_VERSION\"\n"
        );
        let (env, run) = install(&EctSource::Unknown, "0.7.0");
        assert_eq!(env["ECT_GIT"].as_str(), Some(GIT_PLACEHOLDER));
        assert!(run.starts_with("if [ \"$ECT_GIT\" = \"CHANGE-ME\" ]; then\n  echo \"::error "));
        assert!(run.ends_with(
            "fi\ncargo install --locked --git \"$ECT_GIT\" --tag \"v$ECT_VERSION\" ect\n"
        ));
    }
}
