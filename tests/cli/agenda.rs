//! `ect agenda`: writes each pair's agenda for a week, carries open actions
//! forward, and never overwrites what a person typed.

use crate::support::Scratch;
use chrono::Datelike;

fn agenda(s: &Scratch, rel: &str) -> String {
    std::fs::read_to_string(s.path().join(rel)).unwrap()
}

#[test]
fn writes_one_agenda_per_meeting_pair_and_says_why_others_skip() {
    let s = Scratch::of("school");
    let run = s.ect(&["agenda", "--week", "2026-11-02"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "ana-ben  created  plans/ana-ben/agendas/2026-11-03.md\ncy-dee   created  plans/cy-dee/agendas/2026-11-06.md\n"
    );
    let first = agenda(&s, "plans/ana-ben/agendas/2026-11-03.md");
    assert!(first.contains("## Contracting"), "first meeting contracts");
    assert!(first.contains("Session: [Year 1 Autumn week 1 mentor materials](../../../curriculum/demo/year-1-routines/autumn-week-1-mentor-materials.md) (Entering the room)."));
    // the link from the agenda reaches the session file
    assert!(
        s.path()
            .join("plans/ana-ben/agendas/../../../curriculum/demo/year-1-routines/autumn-week-1-mentor-materials.md")
            .is_file()
    );
    assert!(first.contains("### 2. Theory to Practice (35 minutes)"));
    assert!(first.contains("Next meeting: Tuesday 10 November 2026."));
    let paused = s.ect(&["agenda", "--week", "2026-11-16"]);
    assert!(
        paused.stdout.contains("cy-dee   skipped: paused"),
        "{}",
        paused.stdout
    );
    let half_term = s.ect(&["agenda", "--week", "2026-10-26"]);
    assert!(
        half_term.stdout.contains("cy-dee   skipped: half-term"),
        "{}",
        half_term.stdout
    );
    assert!(
        half_term.stdout.contains("ana-ben  skipped: not started"),
        "{}",
        half_term.stdout
    );
}

#[test]
fn running_again_is_idempotent_and_edits_are_kept() {
    let s = Scratch::of("school");
    s.ect(&["agenda", "--week", "2026-11-02", "--pair", "ana-ben"])
        .code(0);
    let again = s.ect(&["agenda", "--week", "2026-11-02", "--pair", "ana-ben"]);
    assert_eq!(
        again.stdout,
        "ana-ben  unchanged  plans/ana-ben/agendas/2026-11-03.md\n"
    );
    let path = s.path().join("plans/ana-ben/agendas/2026-11-03.md");
    for edit in [
        |t: &str| {
            t.replace(
                "Write notes from the meeting here.",
                "Ben tried the entry routine.",
            )
        },
        |t: &str| t.replace('\n', "\r\n"),
        |t: &str| format!("\u{feff}{t}"),
        |t: &str| {
            t.replacen("pair: ana-ben\n", "", 1).replacen(
                "ect: \"Ben Shaw\"\n",
                "ect: \"Ben Shaw\"\npair: ana-ben\n",
                1,
            )
        },
    ] {
        s.ect(&["agenda", "--week", "2026-11-02", "--pair", "ana-ben"]);
        let generated = std::fs::read_to_string(&path).unwrap();
        let edited = edit(&generated);
        assert_ne!(edited, generated);
        std::fs::write(&path, &edited).unwrap();
        let run = s.ect(&["agenda", "--week", "2026-11-02", "--pair", "ana-ben"]);
        run.code(0);
        assert_eq!(
            run.stdout,
            "ana-ben  kept (edited by a person)  plans/ana-ben/agendas/2026-11-03.md\n"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            edited,
            "an edit was lost"
        );
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn unticked_actions_are_carried_and_ticked_ones_are_not() {
    let s = Scratch::of("school");
    s.ect(&["agenda", "--week", "2026-11-02", "--pair", "ana-ben"])
        .code(0);
    let path = s.path().join("plans/ana-ben/agendas/2026-11-03.md");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "- [ ] (an action: what, by whom, by when)",
        "- [ ] Teach the entry routine to 8C on Monday\n- [x] Read the behaviour policy\n- [ ] Ask the SENCO about two pupils",
    );
    std::fs::write(&path, text).unwrap();
    s.ect(&["agenda", "--week", "2026-11-09", "--pair", "ana-ben"])
        .code(0);
    let second = agenda(&s, "plans/ana-ben/agendas/2026-11-10.md");
    assert!(second.contains("Actions still open from earlier meetings"));
    assert!(second.contains("- [ ] Teach the entry routine to 8C on Monday _(agreed 2026-11-03)_"));
    assert!(second.contains("- [ ] Ask the SENCO about two pupils _(agreed 2026-11-03)_"));
    assert!(!second.contains("behaviour policy"));
    assert!(!second.contains("## Contracting"));
    // ticking one in the review stops it travelling further
    let path2 = s.path().join("plans/ana-ben/agendas/2026-11-10.md");
    let ticked = std::fs::read_to_string(&path2)
        .unwrap()
        .replace("- [ ] Ask the SENCO", "- [x] Ask the SENCO");
    std::fs::write(&path2, ticked).unwrap();
    s.ect(&["agenda", "--week", "2026-11-16", "--pair", "ana-ben"])
        .code(0);
    let third = agenda(&s, "plans/ana-ben/agendas/2026-11-17.md");
    assert!(third.contains("- [ ] Teach the entry routine to 8C on Monday _(agreed 2026-11-03)_"));
    assert!(!third.contains("SENCO"));
}

#[test]
fn an_unedited_agenda_is_updated_when_its_inputs_change() {
    let s = Scratch::of("school");
    s.ect(&["agenda", "--week", "2026-11-02", "--pair", "ana-ben"])
        .code(0);
    let pair = s.path().join("plans/ana-ben/pair.yaml");
    let text = std::fs::read_to_string(&pair)
        .unwrap()
        .replace("15:30", "16:00");
    std::fs::write(&pair, text).unwrap();
    let run = s.ect(&["agenda", "--week", "2026-11-02", "--pair", "ana-ben"]);
    assert_eq!(
        run.stdout,
        "ana-ben  updated  plans/ana-ben/agendas/2026-11-03.md\n"
    );
    assert!(agenda(&s, "plans/ana-ben/agendas/2026-11-03.md").contains("time: \"16:00\""));
}

#[test]
fn a_closure_moves_the_meeting_and_the_agenda_says_when_next() {
    let s = Scratch::of("school");
    // cy-dee meets on Fridays; 2026-11-27 is an INSET day and they are paused
    // until then, so the week is skipped; the week before half-term says
    // the next meeting comes after it
    let run = s.ect(&[
        "agenda",
        "--week",
        "2026-10-19",
        "--pair",
        "cy-dee",
        "--stdout",
    ]);
    run.code(0);
    assert!(run.stdout.contains("date: 2026-10-23"));
    assert!(
        run.stdout
            .contains("Next meeting: after half-term, Friday 6 November 2026."),
        "{}",
        run.stdout
    );
    assert!(
        !s.path().join("plans/cy-dee/agendas").exists(),
        "--stdout wrote a file"
    );
}

#[test]
fn dry_run_writes_nothing() {
    let s = Scratch::of("school");
    let before = s.snapshot();
    let run = s.ect(&["agenda", "--week", "2026-11-02", "--dry-run"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("ana-ben  would create  plans/ana-ben/agendas/2026-11-03.md")
    );
    assert_eq!(before, s.snapshot());
}

#[test]
fn bad_input_is_refused_with_a_clear_message() {
    let s = Scratch::of("school");
    let before = s.snapshot();
    let unknown = s.ect(&["agenda", "--pair", "nobody"]);
    unknown.code(2);
    assert!(
        unknown.stderr.contains("no pair `nobody`"),
        "{}",
        unknown.stderr
    );
    assert!(
        unknown.stderr.contains("ana-ben, cy-dee"),
        "{}",
        unknown.stderr
    );
    let bad_week = s.ect(&["agenda", "--week", "2027-02-29"]);
    bad_week.code(2);
    assert!(
        bad_week.stderr.contains("is not a week"),
        "{}",
        bad_week.stderr
    );
    let bad_today = assert_cmd::Command::cargo_bin("ect")
        .unwrap()
        .current_dir(s.path())
        .env("ECT_TODAY", "tomorrow")
        .args(["agenda"])
        .output()
        .unwrap();
    assert_eq!(bad_today.status.code(), Some(2));
    assert_eq!(before, s.snapshot());
}

#[test]
fn a_broken_pair_fails_alone() {
    let s = Scratch::of("school");
    s.write(
        "plans/ed-fox/pair.yaml",
        "mentor: Ed\nect: Fox\nstart: 2026-13-01\nmeeting: {day: monday}\n",
    );
    let run = s.ect(&["agenda", "--week", "2026-11-02"]);
    run.code(1);
    assert!(
        run.stdout.contains("plans/ed-fox/pair.yaml:3: failed"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("ana-ben  created"), "{}", run.stdout);
}

#[test]
fn schedule_lists_meetings_as_json() {
    let s = Scratch::of("school");
    let run = s.ect(&["schedule", "--pair", "ana-ben", "--format", "json"]);
    run.code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["pair"], "ana-ben");
    let meetings = v["meetings"].as_array().unwrap();
    let first = &meetings[0];
    assert_eq!(first["date"], "2026-11-03");
    assert_eq!(first["year"], 1);
    assert_eq!(first["term"], "autumn");
    assert_eq!(first["module"], "year-1-routines");
    assert_eq!(first["week"], 1);
    assert_eq!(
        first["sessions"][0],
        "curriculum/demo/year-1-routines/autumn-week-1-mentor-materials.md"
    );
    // no two meetings in one week, none on a closure
    let dates: Vec<&str> = meetings
        .iter()
        .map(|m| m["date"].as_str().unwrap())
        .collect();
    assert!(!dates.contains(&"2026-11-27"));
    let mut weeks: Vec<_> = dates
        .iter()
        .map(|d| {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .unwrap()
                .iso_week()
        })
        .collect();
    weeks.dedup();
    assert_eq!(weeks.len(), dates.len());
}

#[test]
fn generated_agendas_validate_and_reparse() {
    let s = Scratch::of("school");
    s.ect(&["agenda", "--week", "2026-11-02"]).code(0);
    s.ect(&["validate"]).code(0);
    for rel in [
        "plans/ana-ben/agendas/2026-11-03.md",
        "plans/cy-dee/agendas/2026-11-06.md",
    ] {
        let text = agenda(&s, rel);
        let yaml = text.split("---\n").nth(1).unwrap();
        let v: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        assert!(v["date"].as_str().is_some());
        assert!(v["checksum"].as_str().is_some());
    }
}

#[test]
fn the_example_has_agendas_in_every_school_week_of_2026_27() {
    let s = Scratch::example();
    let holidays = [
        "2026-10-26",
        "2026-12-21",
        "2026-12-28",
        "2027-02-15",
        "2027-03-29",
        "2027-04-05",
        "2027-05-31",
    ];
    let mut week = chrono::NaiveDate::from_ymd_opt(2026, 8, 31).unwrap();
    let end = chrono::NaiveDate::from_ymd_opt(2027, 7, 19).unwrap();
    while week <= end {
        let w = week.to_string();
        let run = s.ect(&["agenda", "--week", &w, "--dry-run"]);
        run.code(0);
        let writes = run.stdout.matches("would create").count();
        if holidays.contains(&w.as_str()) {
            assert_eq!(writes, 0, "{w}: {}", run.stdout);
        } else {
            assert!(
                writes >= 1,
                "no agenda in the school week of {w}: {}",
                run.stdout
            );
        }
        week += chrono::Duration::days(7);
    }
}
