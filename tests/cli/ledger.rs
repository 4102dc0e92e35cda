//! Actions as a ledger: whatever the order of runs, meetings and edits, every
//! open action reaches every agenda written or refreshed after it was typed,
//! and an agenda a person edited is merged, never frozen or overwritten.

use crate::support::Scratch;

fn read(s: &Scratch, rel: &str) -> String {
    std::fs::read_to_string(s.path().join(rel)).unwrap()
}

const THIS: &str = "plans/cy-dee/agendas/2026-11-06.md";
const NEXT: &str = "plans/cy-dee/agendas/2026-11-13.md";

/// The Friday routine: the tutor runs `agenda` for this week and the next on
/// Friday morning; the meeting is that afternoon.
fn friday_morning(s: &Scratch) {
    s.ect(&["agenda", "--week", "2026-11-02", "--pair", "cy-dee"])
        .code(0);
    s.ect(&["agenda", "--week", "2026-11-09", "--pair", "cy-dee"])
        .code(0);
}

fn type_actions(s: &Scratch) {
    let text = read(s, THIS).replace(
        "- [ ] (an action: what, by whom, by when)",
        "1. [ ] Try cold calling with 7R by Wednesday\n2) [ ] Share the seating plan with the TA\n* [ ] Visit a science lesson",
    );
    s.write(THIS, &text);
}

#[test]
fn actions_typed_after_the_run_reach_next_week_even_when_it_was_edited() {
    let s = Scratch::of("school");
    friday_morning(&s);
    // the mentor opened next week's agenda early to jot a note
    let note = "Ask how the trip went.";
    let jotted = read(&s, NEXT).replace(
        "Write notes from the meeting here.\n",
        &format!("Write notes from the meeting here.\n\n{note}\n"),
    );
    s.write(NEXT, &jotted);
    // the meeting: three actions, as a numbered list and with other markers
    type_actions(&s);
    let run = s.ect(&["agenda", "--week", "2026-11-09", "--pair", "cy-dee"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        format!("cy-dee  merged (edited by a person)  {NEXT}\n")
    );
    let next = read(&s, NEXT);
    for action in [
        "- [ ] Try cold calling with 7R by Wednesday _(agreed 2026-11-06)_",
        "- [ ] Share the seating plan with the TA _(agreed 2026-11-06)_",
        "- [ ] Visit a science lesson _(agreed 2026-11-06)_",
    ] {
        assert!(next.contains(action), "{action} missing:\n{next}");
    }
    assert!(next.contains(note), "the note was lost:\n{next}");
    assert!(!next.contains("No open actions"));
    // a plain rerun changes nothing
    let before = s.snapshot();
    let again = s.ect(&["agenda", "--week", "2026-11-09", "--pair", "cy-dee"]);
    again.code(0);
    assert_eq!(
        again.stdout,
        format!("cy-dee  kept (edited by a person)  {NEXT}\n")
    );
    assert_eq!(s.snapshot(), before);
    let v = s.ect(&["validate", "plans"]);
    assert!(!v.stdout.contains("agenda-conflict"), "{}", v.stdout);
}

#[test]
fn a_clash_keeps_the_persons_text_says_conflict_and_validate_shows_the_lines() {
    let s = Scratch::of("school");
    friday_morning(&s);
    let mine = "No open actions: we agreed to talk about the trip instead.";
    let edited = read(&s, NEXT).replace(
        "No open actions were carried from an earlier meeting.",
        mine,
    );
    s.write(NEXT, &edited);
    type_actions(&s);
    let run = s.ect(&["agenda", "--week", "2026-11-09", "--pair", "cy-dee"]);
    run.code(0);
    assert!(
        run.stdout.starts_with("cy-dee  conflict") && run.stdout.contains(NEXT),
        "{}",
        run.stdout
    );
    let next = read(&s, NEXT);
    assert!(next.contains(mine), "the person's line was lost:\n{next}");
    assert!(!next.contains("<<<<"), "conflict markers written:\n{next}");
    let line = next.lines().position(|l| l == mine).unwrap() + 1;
    let v = s.ect(&["validate", "plans"]);
    assert!(
        v.stdout.contains(&format!("{NEXT}:{line}:1")),
        "{}",
        v.stdout
    );
    assert!(v.stdout.contains("agenda-conflict"), "{}", v.stdout);
    assert!(
        v.stdout.contains("Try cold calling with 7R by Wednesday"),
        "the lines not applied are shown:\n{}",
        v.stdout
    );
    // the person settles it: the warning goes
    let settled = next.replace(mine, "We talked about the trip.");
    s.write(NEXT, &settled);
    let v = s.ect(&["validate", "plans"]);
    assert!(!v.stdout.contains("agenda-conflict"), "{}", v.stdout);
}

#[test]
fn ticked_or_dropped_anywhere_is_closed_and_near_misses_are_named() {
    let s = Scratch::of("school");
    friday_morning(&s);
    type_actions(&s);
    s.ect(&["agenda", "--week", "2026-11-09", "--pair", "cy-dee"])
        .code(0);
    // at the meeting of the 13th: one done, one dropped, one new badly typed
    let text = read(&s, NEXT)
        .replace("- [ ] Try cold calling", "- [x] Try cold calling")
        .replace("- [ ] Share the seating", "- [-] Share the seating")
        .replace(
            "- [ ] (an action: what, by whom, by when)",
            "- [] Plan the parents' evening notes",
        );
    s.write(NEXT, &text);
    // the pair is paused until the 27th: the next agenda is December's
    s.ect(&["agenda", "--week", "2026-11-30", "--pair", "cy-dee"])
        .code(0);
    let dec = read(&s, "plans/cy-dee/agendas/2026-12-04.md");
    assert!(dec.contains("- [ ] Visit a science lesson _(agreed 2026-11-06)_"));
    assert!(!dec.contains("cold calling"));
    assert!(!dec.contains("seating plan"));
    assert!(!dec.contains("parents' evening"));
    let v = s.ect(&["validate", "plans"]);
    assert!(v.stdout.contains("agenda-task"), "{}", v.stdout);
    assert!(v.stdout.contains("`[]` is not a task box"), "{}", v.stdout);
}

#[test]
fn a_renamed_agenda_keeps_its_actions_and_an_undated_one_is_named() {
    let s = Scratch::of("school");
    s.ect(&["agenda", "--week", "2026-11-02", "--pair", "cy-dee"])
        .code(0);
    type_actions(&s);
    let renamed = "plans/cy-dee/agendas/first meeting with Dee.md";
    std::fs::rename(s.path().join(THIS), s.path().join(renamed)).unwrap();
    s.ect(&["agenda", "--week", "2026-11-09", "--pair", "cy-dee"])
        .code(0);
    assert!(read(&s, NEXT).contains("- [ ] Visit a science lesson _(agreed 2026-11-06)_"));
    let v = s.ect(&["validate", "plans"]);
    assert!(v.stdout.contains("agenda-name"), "{}", v.stdout);
    assert!(
        v.stdout.contains("read as the agenda of 2026-11-06"),
        "{}",
        v.stdout
    );
    // front matter broken and no date in the name: named, as an error
    let text = read(&s, renamed).replacen("date: 2026-11-06\n", "", 1);
    s.write(renamed, &text);
    let v = s.ect(&["validate", "plans"]);
    v.code(1);
    assert!(
        v.stdout
            .contains("cannot tell which meeting `first meeting with Dee.md` is for"),
        "{}",
        v.stdout
    );
    // a date in the name is enough
    let dated = "plans/cy-dee/agendas/2026-11-06 (copy).md";
    std::fs::rename(s.path().join(renamed), s.path().join(dated)).unwrap();
    std::fs::remove_file(s.path().join(NEXT)).unwrap();
    s.ect(&["agenda", "--week", "2026-11-09", "--pair", "cy-dee"])
        .code(0);
    assert!(read(&s, NEXT).contains("Visit a science lesson"));
}

#[test]
fn a_moved_meeting_moves_an_untouched_agenda_and_keeps_an_edited_one() {
    let s = Scratch::of("school");
    let this_week = "plans/ana-ben/agendas/2026-11-24.md";
    let next_week = "plans/ana-ben/agendas/2026-12-01.md";
    s.ect(&["agenda", "--week", "2026-11-23", "--pair", "ana-ben"])
        .code(0);
    s.ect(&["agenda", "--week", "2026-11-30", "--pair", "ana-ben"])
        .code(0);
    let typed = read(&s, this_week) + "\nWe moved the meeting to Thursday.\n";
    s.write(this_week, &typed);
    // the meeting day changes from Tuesday to Thursday
    let pair = read(&s, "plans/ana-ben/pair.yaml").replace("day: tuesday", "day: thursday");
    s.write("plans/ana-ben/pair.yaml", &pair);
    let run = s.ect(&["agenda", "--week", "2026-11-30", "--pair", "ana-ben"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        format!(
            "ana-ben  kept (edited by a person)  {this_week}: 2026-11-24 is no longer a meeting; the meeting is now on 2026-11-26 (see `ect validate`)\n\
             ana-ben  removed  {next_week} (2026-12-01 is no longer a meeting; the meeting is now on 2026-12-03)\n\
             ana-ben  created  plans/ana-ben/agendas/2026-12-03.md\n"
        )
    );
    assert!(!s.path().join(next_week).exists());
    let run = s.ect(&["agenda", "--week", "2026-11-23", "--pair", "ana-ben"]);
    run.code(0);
    assert!(
        run.stdout.starts_with(&format!(
            "ana-ben  kept (edited by a person)  {this_week}: 2026-11-24 is no longer a meeting; the meeting is now on 2026-11-26"
        )),
        "{}",
        run.stdout
    );
    assert_eq!(read(&s, this_week), typed, "the typed agenda changed");
    let v = s.ect(&["validate", "plans"]);
    assert!(
        v.stdout.contains(
            "2026-11-24 is no longer a meeting of `ana-ben`: the meeting is now on 2026-11-26"
        ) && v.stdout.contains("agenda-moved"),
        "{}",
        v.stdout
    );
    let st = s.ect(&["status", "--week", "2026-11-23"]);
    assert!(
        st.stdout.contains("agenda of 24 Nov moved: the meeting is")
            && st.stdout.contains("now on 26 Nov"),
        "{}",
        st.stdout
    );
}

#[test]
fn actions_open_for_many_meetings_are_grouped_and_counted() {
    let s = Scratch::of("school");
    let yaml = read(&s, "ect.yaml") + "older_actions_after: 2\n";
    s.write("ect.yaml", &yaml);
    s.ect(&["agenda", "--week", "2026-11-02", "--pair", "ana-ben"])
        .code(0);
    let first = "plans/ana-ben/agendas/2026-11-03.md";
    let typed = read(&s, first).replace(
        "- [ ] (an action: what, by whom, by when)",
        "- [ ] Film a starter and watch it together",
    );
    s.write(first, &typed);
    for week in ["2026-11-09", "2026-11-16"] {
        s.ect(&["agenda", "--week", week, "--pair", "ana-ben"])
            .code(0);
        let text = read(
            &s,
            &format!("plans/ana-ben/agendas/{}.md", {
                let d = chrono::NaiveDate::parse_from_str(week, "%Y-%m-%d").unwrap();
                d + chrono::Days::new(1)
            }),
        );
        assert!(!text.contains("Older actions"), "{text}");
    }
    s.ect(&["agenda", "--week", "2026-11-23", "--pair", "ana-ben"])
        .code(0);
    let text = read(&s, "plans/ana-ben/agendas/2026-11-24.md");
    assert!(
        text.contains(
            "Older actions, agreed more than 2 meetings ago: tick, drop (`[-]`) or agree a fresh action for each.\n\n- [ ] Film a starter and watch it together _(agreed 2026-11-03)_\n"
        ),
        "{text}"
    );
    let st = s.ect(&["status", "--week", "2026-11-23", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&st.stdout).unwrap();
    let ana = rows
        .as_array()
        .and_then(|r| r.iter().find(|p| p["pair"] == "ana-ben"))
        .or_else(|| {
            rows["pairs"]
                .as_array()
                .and_then(|r| r.iter().find(|p| p["pair"] == "ana-ben"))
        })
        .unwrap_or_else(|| panic!("{}", st.stdout));
    assert_eq!(ana["open_actions"], 1);
    assert_eq!(ana["older_actions"], 1);
}
