//! `ect schedule --ics`: an iCalendar file any calendar imports, checked with
//! an independent parser (Python's `icalendar`, installed by `.ci/run` under
//! `target/pyenv`; elsewhere the test says it skipped and why).

use crate::support::Scratch;
use std::path::Path;

fn python_with_icalendar() -> Option<std::path::PathBuf> {
    let py = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pyenv/bin/python");
    if py.is_file() {
        return Some(py);
    }
    crate::support::skip(
        "no target/pyenv with icalendar (run `python3 -m venv target/pyenv && target/pyenv/bin/pip install icalendar`)",
    );
    None
}

/// The events of an iCalendar file as Python's `icalendar` reads them
/// (`tests/tools/check_ics.py`: one JSON object per event), failing the test
/// if it cannot.
fn parsed_events(py: &Path, ics: &Path) -> Vec<serde_json::Value> {
    crate::support::tool_lines(
        std::process::Command::new(py)
            .arg(crate::support::project().join("tests/tools/check_ics.py"))
            .arg(ics),
    )
    .iter()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect()
}

#[test]
fn every_meeting_is_an_event_an_independent_parser_reads() {
    let Some(py) = python_with_icalendar() else {
        return;
    };
    let s = Scratch::example();
    let pair = "priya-shah-tom-okafor";
    let ics = s.ect(&["schedule", "--pair", pair, "--ics"]);
    ics.code(0);
    s.write("meetings.ics", &ics.stdout);
    let json = s.ect(&["schedule", "--pair", pair, "--format", "json"]);
    let meetings: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let meetings = meetings["meetings"].as_array().unwrap();
    let events = parsed_events(&py, &s.path().join("meetings.ics"));
    assert_eq!(events.len(), meetings.len());
    let mut uids = std::collections::HashSet::new();
    for (e, m) in events.iter().zip(meetings) {
        assert!(
            uids.insert(e["uid"].as_str().unwrap().to_string()),
            "duplicate UID"
        );
        let date = m["date"].as_str().unwrap();
        assert_eq!(
            e["start"].as_str().unwrap(),
            &format!(
                "{date}T15:30:00{}",
                e["start"].as_str().unwrap().get(19..).unwrap_or("")
            )
        );
        assert!(e["tz"].as_str().unwrap().contains("London"), "{e}");
        // British Summer Time from the last Sunday of March to the last
        // Sunday of October
        let bst = [
            ("2026-03-29", "2026-10-25"),
            ("2027-03-28", "2027-10-31"),
            ("2028-03-26", "2028-10-29"),
        ];
        let offset = if bst.iter().any(|(from, to)| *from <= date && date < *to) {
            "1:00:00"
        } else {
            "0:00:00"
        };
        assert_eq!(e["utcoffset"], offset, "{e}");
        assert_eq!(e["minutes"], 50.0);
        assert!(
            e["summary"]
                .as_str()
                .unwrap()
                .contains("Priya Shah and Tom Okafor")
        );
        assert_eq!(e["zones"][0], "Europe/London");
    }
}

#[test]
fn uids_stay_the_same_when_a_closure_moves_a_meeting() {
    let s = Scratch::example();
    let pair = "daniel-brooks-aisha-rahman";
    let before = s.ect(&["schedule", "--pair", pair, "--ics"]).stdout;
    // Friday 2026-11-27 is an INSET day: the meeting is on Thursday the 26th
    assert!(before.contains("UID:daniel-brooks-aisha-rahman-20261123@ect\r\nDTSTAMP:20261123T000000Z\r\nDTSTART;TZID=Europe/London:20261126T131000"));
    let yaml = std::fs::read_to_string(s.path().join("ect.yaml")).unwrap();
    s.write(
        "ect.yaml",
        &yaml.replace("  - 2026-11-27   # INSET day\n", ""),
    );
    let after = s.ect(&["schedule", "--pair", pair, "--ics"]).stdout;
    assert!(after.contains("UID:daniel-brooks-aisha-rahman-20261123@ect\r\nDTSTAMP:20261123T000000Z\r\nDTSTART;TZID=Europe/London:20261127T131000"));
    let uids = |t: &str| t.lines().filter(|l| l.starts_with("UID:")).count();
    assert_eq!(uids(&before), uids(&after));
}

#[test]
fn all_pairs_in_one_calendar() {
    let s = Scratch::example();
    let run = s.ect(&["schedule", "--all", "--ics"]);
    run.code(0);
    for id in [
        "priya-shah-tom-okafor",
        "gareth-evans-mei-lin",
        "helen-carter-sam-adeyemi",
        "daniel-brooks-aisha-rahman",
    ] {
        assert!(run.stdout.contains(&format!("UID:{id}-")), "{id}");
    }
    // without --ics, every pair's schedule as text
    let text = s.ect(&["schedule", "--all"]);
    text.code(0);
    assert!(!text.stdout.contains("BEGIN:VCALENDAR"));
}

#[test]
fn induction_due_days_are_all_day_events_an_independent_parser_reads() {
    let Some(py) = python_with_icalendar() else {
        return;
    };
    let s = Scratch::example();
    let ics = s.ect(&["induction", "--format", "ics"]);
    ics.code(0);
    s.write("induction.ics", &ics.stdout);
    let json = s.ect(&["induction", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let mut due: Vec<String> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["events"].as_array().unwrap().clone())
        .filter_map(|e| e["due"].as_str().map(str::to_string))
        .collect();
    due.sort();
    let events = parsed_events(&py, &s.path().join("induction.ics"));
    let mut starts: Vec<String> = events
        .iter()
        .map(|e| e["start"].as_str().unwrap().to_string())
        .collect();
    starts.sort();
    assert_eq!(starts, due);
    let uids: std::collections::HashSet<&str> =
        events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    assert_eq!(uids.len(), events.len(), "duplicate UID");
    assert!(
        events.iter().all(|e| e["minutes"] == 1440.0),
        "all-day events"
    );
    assert!(
        events
            .iter()
            .any(|e| e["summary"] == "Sam Adeyemi: formal assessment (induction term 3)"),
        "{events:?}"
    );
}
