//! Every reader of YAML points at the exact line and column of a key written
//! in a style a text search misses (quoted, in a flow mapping, or a key
//! name that also appears deeper in the file).

use crate::support::*;

const SESSION: &str =
    "curriculum/example/year-1-adapting-teaching/summer-week-1-mentor-materials.md";
const PAIR: &str = "plans/daniel-brooks-aisha-rahman/pair.yaml";

/// The (line, column) of each diagnostic of `validate --format json` on
/// `path` whose message holds `message`.
fn places(s: &Scratch, path: &str, message: &str) -> Vec<(u64, u64)> {
    let run = s.ect(&["validate", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == path && d["message"].as_str().unwrap().contains(message))
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect()
}

#[test]
fn ect_yaml_a_rule_in_a_flow_mapping_and_closures_under_a_quoted_key() {
    let s = Scratch::example();
    let ok = std::fs::read_to_string(s.path().join("ect.yaml")).unwrap();
    // a rule named in a flow mapping: a warning at the rule's name
    s.write(
        "ect.yaml",
        &format!("{ok}\nrules: {{broken-link: warning, \"no-such-rule\": off}}\n"),
    );
    let line = ok.lines().count() as u64 + 2;
    assert_eq!(
        places(&s, "ect.yaml", "`no-such-rule`"),
        [(line, 31)],
        "the rule's name, inside the braces"
    );
    // a closure outside every term, under a quoted key: a warning at the date
    let quoted = ok.replacen(
        "\nclosures:\n",
        "\n\"closures\":\n  - 2026-08-10   # a day of the summer holiday\n",
        1,
    );
    assert_ne!(quoted, ok);
    s.write("ect.yaml", &quoted);
    let line = ok[..ok.find("\nclosures:").unwrap()].lines().count() as u64 + 2;
    assert_eq!(places(&s, "ect.yaml", "closure 2026-08-10"), [(line, 5)]);
}

#[test]
fn pair_yaml_a_top_level_key_also_written_inside_meeting() {
    let s = Scratch::example();
    // `day` at the top level is unknown; `day` inside `meeting` is fine
    s.write(
        PAIR,
        "mentor: Daniel Brooks\nect: Aisha Rahman\nprogramme: example\nstart: 2026-09-02\nmeeting:\n  day: friday\n  time: \"13:10\"\n# the day we first met\n'day': monday\n",
    );
    assert_eq!(places(&s, PAIR, "unknown key `day`"), [(9, 1)]);
}

#[test]
fn action_plan_a_quoted_status_key() {
    let s = Scratch::example();
    let plan = "plans/daniel-brooks-aisha-rahman/action-plans/2026-11-16.md";
    s.write(
        plan,
        "---\npair: daniel-brooks-aisha-rahman\ncreated: 2026-11-16\nreview: 2026-12-07\n\"status\": paused\n---\n\n## Target: Plan each lesson's opening questions\n\n- [ ] Write three hinge questions for Thursday's lesson\n",
    );
    assert_eq!(places(&s, plan, "not a plan status"), [(5, 11)]);
}

#[test]
fn session_front_matter_a_quoted_key_after_multibyte_text() {
    let s = Scratch::example();
    let ok = std::fs::read_to_string(s.path().join(SESSION)).unwrap();
    let body = ok.splitn(3, "---\n").nth(2).unwrap();
    s.write(
        SESSION,
        &format!(
            "---\ntitle: \"Year 1 Summer week 1 mentor materials\"\nheading: \"Mentor materials — adapting\"\ncaption: \"Summer week 1\"\n'year': 257\n---\n{body}"
        ),
    );
    assert_eq!(
        places(&s, SESSION, "`year` must be a whole number"),
        [(5, 9)]
    );
}
