//! `ect status`: one row per pair, the pairs needing attention first with
//! the reasons in words, JSON for scripts.

use crate::support::Scratch;

#[test]
fn the_table_puts_pairs_needing_attention_first() {
    let s = Scratch::of("plans-school");
    let before = s.snapshot();
    let run = s.ect(&["status"]);
    run.code(0);
    run.stdout_matches("plans-school", "status.out");
    for line in run.stdout.lines() {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
    assert_eq!(before, s.snapshot(), "status changed a file");
}

#[test]
fn blank_agendas_and_missing_ones_are_told_apart() {
    let s = Scratch::of("plans-school");
    // cy-dee's agenda for Friday 20 November, generated and never written in
    s.ect(&["agenda", "--week", "2026-11-16", "--pair", "cy-dee"])
        .code(0);
    let run = s.ect(&["status", "--format", "json"]);
    run.code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["week"], "2026-11-23");
    let pairs = v["pairs"].as_array().unwrap();
    let ids: Vec<&str> = pairs.iter().map(|p| p["pair"].as_str().unwrap()).collect();
    assert_eq!(ids, ["ana-ben", "cy-dee", "eli-fay"]);
    let cy = &pairs[1];
    assert_eq!(cy["last_agenda"]["date"], "2026-11-20");
    assert_eq!(cy["last_agenda"]["written"], false);
    assert_eq!(cy["meetings"]["held"], 1);
    assert_eq!(cy["meetings"]["without_agenda"], 9);
    assert_eq!(
        cy["attention"],
        serde_json::json!(["nothing written in the last agenda (20 Nov)"])
    );
    let ana = &pairs[0];
    assert_eq!(ana["position"]["year"], 1);
    assert_eq!(ana["position"]["term"], "autumn");
    assert_eq!(ana["position"]["module"], "year-1-routines");
    assert_eq!(ana["this_week"]["meeting"], "2026-11-24");
    assert_eq!(ana["open_actions"], 2);
    assert_eq!(ana["targets"]["overdue"], 1);
    assert_eq!(ana["review"], "2026-11-03");
    assert_eq!(
        ana["attention"],
        serde_json::json!(["1 target overdue", "review was due on 3 Nov"])
    );
    let eli = &pairs[2];
    assert_eq!(eli["this_week"]["skip"], "not started");
    assert_eq!(eli["attention"], serde_json::json!([]));
}

#[test]
fn a_past_week_counts_meetings_up_to_its_end() {
    let s = Scratch::of("plans-school");
    let run = s.ect(&["status", "--week", "2026-11-09", "--format", "json"]);
    run.code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["counted_before"], "2026-11-16");
    let ana = &v["pairs"][0];
    assert_eq!(ana["pair"], "ana-ben");
    // meetings up to Tuesday 10 November; the agenda of the 17th is not yet
    assert_eq!(ana["last_agenda"]["date"], "2026-11-10");
    assert_eq!(ana["meetings"]["scheduled"], 10);
    assert_eq!(ana["meetings"]["held"], 1);
    // a new plan written on the 23rd is not in force in that week
    s.ect(&["plan", "new", "--pair", "ana-ben", "--no-edit"])
        .code(0);
    let again = s.ect(&["status", "--week", "2026-11-09", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(
        v["pairs"][0]["plan"],
        "plans/ana-ben/action-plans/2026-10-06.md"
    );
    let now = s.ect(&["status", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&now.stdout).unwrap();
    let ana = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pair"] == "ana-ben")
        .unwrap()
        .clone();
    assert_eq!(ana["plan"], "plans/ana-ben/action-plans/2026-11-23.md");
    assert_eq!(ana["review"], "2027-01-05");
}

#[test]
fn a_broken_pair_is_a_row_that_needs_attention() {
    let s = Scratch::of("plans-school");
    s.write(
        "plans/ida-jo/pair.yaml",
        "mentor: Ida\nect: Jo\nstart: 2026-13-01\nmeeting: {day: monday}\n",
    );
    let run = s.ect(&["status", "--quiet"]);
    run.code(0);
    assert!(
        run.stdout.contains("ida-jo   -  ")
            && run
                .stdout
                .contains("! `pair.yaml` has errors: run `ect validate`"),
        "{}",
        run.stdout
    );
    // quiet: only the rows needing attention
    assert!(!run.stdout.contains("eli-fay"), "{}", run.stdout);
    let bad = s.ect(&["status", "--week", "someday"]);
    bad.code(2);
    assert!(bad.stderr.contains("is not a week"), "{}", bad.stderr);
}
