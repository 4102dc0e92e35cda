//! The statutory induction: induction facts in `pair.yaml`, `ect induction`
//! (the calendar of progress reviews and formal assessments), `ect review
//! new` and `ect observe new`, their checks in `ect validate`, and the next
//! event in `ect status`. Records hold personal data: `validate` never
//! prints what they say.

use crate::support::Scratch;

fn read(s: &Scratch, rel: &str) -> String {
    std::fs::read_to_string(s.path().join(rel)).unwrap()
}

/// Three school years of terms (2025-26 to 2027-28), with half-terms and
/// an INSET day on the last Friday of the autumn 2026 term.
const LONG_CALENDAR: &str = "\
programme: demo
terms:
  - {name: autumn, start: 2025-09-03, end: 2025-12-19, breaks: [{start: 2025-10-27, end: 2025-10-31}]}
  - {name: spring, start: 2026-01-05, end: 2026-03-27, breaks: [{start: 2026-02-16, end: 2026-02-20}]}
  - {name: summer, start: 2026-04-13, end: 2026-07-22, breaks: [{start: 2026-05-25, end: 2026-05-29}]}
  - {name: autumn, start: 2026-09-02, end: 2026-12-18, breaks: [{start: 2026-10-26, end: 2026-10-30}]}
  - {name: spring, start: 2027-01-04, end: 2027-03-26, breaks: [{start: 2027-02-15, end: 2027-02-19}]}
  - {name: summer, start: 2027-04-12, end: 2027-07-21, breaks: [{start: 2027-05-31, end: 2027-06-04}]}
  - {name: autumn, start: 2027-09-01, end: 2027-12-17, breaks: [{start: 2027-10-25, end: 2027-10-29}]}
  - {name: spring, start: 2028-01-04, end: 2028-03-31, breaks: [{start: 2028-02-14, end: 2028-02-18}]}
  - {name: summer, start: 2028-04-18, end: 2028-07-21, breaks: [{start: 2028-05-29, end: 2028-06-02}]}
closures: [2026-11-27, 2026-12-18, 2027-01-04]
";

fn school() -> Scratch {
    let s = Scratch::of("plans-school");
    s.write("ect.yaml", LONG_CALENDAR);
    s
}

fn json(s: &Scratch, args: &[&str]) -> serde_json::Value {
    let run = s.ect(args);
    run.code(0);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[test]
fn the_calendar_as_json_follows_the_issue_shape() {
    let s = school();
    s.write(
        "plans/cy-dee/pair.yaml",
        "mentor: Cy Moss\nect: Dee Hart\nstart: 2026-09-02\nmeeting: {day: friday}\nfte: 0.8\n",
    );
    let v = json(&s, &["induction", "--format", "json"]);
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3);
    let ana = &pairs[0];
    assert_eq!(ana["pair"], "ana-ben");
    assert_eq!(ana["fte"], 1.0);
    let events = ana["events"].as_array().unwrap();
    let summary: Vec<(String, u64, String)> = events
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["term"].as_u64().unwrap(),
                e["due"].as_str().unwrap_or("null").to_string(),
            )
        })
        .collect();
    let want = [
        // Friday 18 December 2026 is an INSET day: Thursday 17th
        ("progress-review", 1, "2026-12-17"),
        ("progress-review", 2, "2027-03-26"),
        ("formal-assessment", 3, "2027-07-21"),
        ("progress-review", 4, "2027-12-17"),
        ("progress-review", 5, "2028-03-31"),
        // 21 July 2028 is a Friday
        ("formal-assessment", 6, "2028-07-21"),
    ];
    let want: Vec<(String, u64, String)> = want
        .iter()
        .map(|(k, t, d)| (k.to_string(), *t, d.to_string()))
        .collect();
    assert_eq!(summary, want);
    assert!(events.iter().all(|e| e["record"].is_null()));
    // part-time at 0.8: ceil(6 / 0.8) = 8 terms, assessed in terms 4 and 8;
    // terms 7 and 8 are past the calendar: no due day yet
    let cy = &pairs[1];
    assert_eq!(cy["fte"], 0.8);
    let kinds: Vec<(&str, Option<&str>)> = cy["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["due"].as_str()))
        .collect();
    assert_eq!(kinds.len(), 8);
    assert_eq!(kinds[3].0, "formal-assessment");
    assert_eq!(kinds[7], ("formal-assessment", None));
    assert_eq!(
        kinds.iter().filter(|k| k.0 == "formal-assessment").count(),
        2
    );
}

#[test]
fn human_and_ics_formats_name_each_review() {
    let s = school();
    let run = s.ect(&["induction", "--pair", "eli-fay"]);
    run.code(0);
    assert!(
        run.stdout.starts_with(
            "eli-fay  (ECT Fay Osei; induction from 2027-01-04; 6 terms)\n\
         \x20 term  1  progress review    due Fri 26 Mar 2027  -\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("term  3  formal assessment  due Fri 17 Dec 2027"),
        "{}",
        run.stdout
    );
    let run = s.ect(&["induction", "--pair", "eli-fay", "--format", "ics"]);
    run.code(0);
    assert_eq!(
        run.stdout.matches("BEGIN:VEVENT").count(),
        5,
        "terms 1 to 5 are in the calendar"
    );
    assert!(run.stdout.contains("UID:eli-fay-induction-20270322@ect"));
    assert!(run.stdout.contains("DTSTART;VALUE=DATE:20270326"));
    let run = s.ect(&["induction", "--pair", "nobody"]);
    run.code(2);
    assert!(
        run.stderr.contains("no readable pair `nobody`"),
        "{}",
        run.stderr
    );
}

#[test]
fn induction_facts_are_checked_with_line_numbers() {
    let s = school();
    s.write(
        "plans/ana-ben/pair.yaml",
        "mentor: Ana Price\nect: Ben Shaw\nstart: 2026-09-02\nmeeting: {day: tuesday}\n\
         trn: 98765\nroute: full-induction\nfte: 0\n",
    );
    s.write(
        "plans/cy-dee/pair.yaml",
        "mentor: Cy Moss\nect: Dee Hart\nstart: 2026-09-02\nmeeting: {day: friday}\n\
         mentors:\n  - {name: Gil Ray, from: 2026-09-02}\n  - {name: Cy Moss, from: 2026-09-01}\n",
    );
    let run = s.ect(&["validate"]);
    run.code(1);
    let out = &run.stdout;
    assert!(out.contains("plans/ana-ben/pair.yaml:6:"), "{out}");
    assert!(out.contains("unknown variant `full-induction`"), "{out}");
    assert!(out.contains("plans/cy-dee/pair.yaml:7:"), "{out}");
    assert!(
        out.contains(
            "mentor `Cy Moss` from 2026-09-01 does not come after `Gil Ray` from 2026-09-02"
        ),
        "{out}"
    );
    // the other problems of the first file, once the route is right
    s.write(
        "plans/ana-ben/pair.yaml",
        "mentor: Ana Price\nect: Ben Shaw\nstart: 2026-09-02\nmeeting: {day: tuesday}\n\
         trn: 98765\nroute: provider-led\nfte: 0\n",
    );
    let run = s.ect(&["validate"]);
    assert!(
        run.stdout.contains("plans/ana-ben/pair.yaml:5:6"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("`98765` is not a teacher reference number"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("plans/ana-ben/pair.yaml:7:6"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_mentor_change_keeps_the_pair_and_its_history() {
    let s = school();
    let before = s.snapshot();
    s.write(
        "plans/ana-ben/pair.yaml",
        "mentor: Rhys Vale\nect: Ben Shaw\nstart: 2026-09-02\nmeeting: {day: tuesday, time: \"15:30\", minutes: 50}\n\
         mentors:\n  - {name: Ana Price, from: 2026-09-02}\n  - {name: Rhys Vale, from: 2026-11-16}\n",
    );
    let run = s.ect(&["validate"]);
    run.code(0);
    // the same id and folder: the agendas and plans are still the pair's
    let v = json(&s, &["status", "--format", "json"]);
    let ana = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pair"] == "ana-ben")
        .unwrap();
    assert_eq!(ana["mentor"], "Rhys Vale");
    assert_eq!(ana["meetings"]["held"], 2);
    assert!(before.len() <= s.snapshot().len());
    // the review's evidence names the change
    review_new(&s, "ana-ben", "2026-12-15").code(0);
    let text = read(&s, "plans/ana-ben/reviews/2026-12-15-progress-review.md");
    assert!(
        text.contains("- mentor from 2026-11-16: Rhys Vale\n"),
        "{text}"
    );
}

#[test]
fn a_progress_review_gathers_the_evidence_and_validates() {
    let s = school();
    s.write(
        "plans/ana-ben/observations/2026-11-05.md",
        "---\npair: ana-ben\nby: Lou Park\nfocus: [4]\nstatus: draft\n---\n\n## Focus\n\nQuestioning.\n",
    );
    // the week 2 meeting was held: its session was covered
    s.write(
        "plans/ana-ben/agendas/2026-09-08.md",
        "---\npair: ana-ben\ndate: 2026-09-08\n---\n\n## Notes\n\nWe met.\n\n## Actions agreed\n\n- [x] Seat 9B alphabetically\n",
    );
    let run = review_new(&s, "ana-ben", "2026-12-15");
    run.code(0);
    assert_eq!(
        run.stdout,
        "created  plans/ana-ben/reviews/2026-12-15-progress-review.md\n\
         \x20 progress review of induction term 1, due Thursday 17 December 2026\n\
         \x20 evidence from 2026-09-02 to 2026-12-15\n"
    );
    let text = read(&s, "plans/ana-ben/reviews/2026-12-15-progress-review.md");
    assert!(
        text.starts_with("---\npair: ana-ben\nkind: progress-review\nterm: 1"),
        "{text}"
    );
    assert!(
        text.contains("period: {from: 2026-09-02, to: 2026-12-15}\nstatus: draft"),
        "{text}"
    );
    // two agendas written in, of the meetings scheduled up to the review
    assert!(text.contains("- 3 held (an agenda written in) of 15 scheduled\n- 12 scheduled meetings with no agenda\n"), "{text}");
    assert!(text.contains("- 4 actions agreed, 2 done\n"), "{text}");
    assert!(text.contains("- met: Use the school's reward system with 8C (Teachers' Standard 7; `plans/ana-ben/action-plans/2026-10-06.md:"), "{text}");
    assert!(text.contains("- open: Start every Year 9 lesson with a silent retrieval starter (Teachers' Standards 1, 7;"), "{text}");
    assert!(
        text.contains("- [2026-11-05](../../../plans/ana-ben/observations/2026-11-05.md)"),
        "{text}"
    );
    assert!(text.contains("- 2026-09-08: [autumn-week-2-mentor-materials](../../../curriculum/demo/year-1-routines/autumn-week-2-mentor-materials.md)\n"), "{text}");
    assert!(text.contains("On track: \n"));
    assert!(
        !text.contains("Headteacher"),
        "a progress review is signed by the ECT and the tutor"
    );
    // a draft is valid as it is
    let run = s.ect(&["validate"]);
    run.code(0);
    // nothing is replaced: the same date again is refused
    let before = read(&s, "plans/ana-ben/reviews/2026-12-15-progress-review.md");
    let run = review_new(&s, "ana-ben", "2026-12-15");
    run.code(1);
    assert!(
        run.stderr.contains("exists already; it was not changed"),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(&s, "plans/ana-ben/reviews/2026-12-15-progress-review.md"),
        before
    );
    // the record is found for its term
    let v = json(&s, &["induction", "--pair", "ana-ben", "--format", "json"]);
    assert_eq!(
        v["pairs"][0]["events"][0]["record"],
        "plans/ana-ben/reviews/2026-12-15-progress-review.md"
    );
}

#[test]
fn signed_records_must_be_complete_and_validate_never_quotes_them() {
    let s = school();
    review_new(&s, "ana-ben", "2026-12-15").code(0);
    let rel = "plans/ana-ben/reviews/2026-12-15-progress-review.md";
    let text = read(&s, rel)
        .replace("status: draft", "status: signed")
        .replace(
            "- Standard : \n\n## Areas",
            "- Standard 9: CONFIDENTIAL-STRENGTH\n\n## Areas",
        )
        .replace("- ECT: \n", "- ECT: Ben Shaw, 2026-12-15\n")
        .replace(
            "- Induction tutor: \n",
            "- Induction tutor: CONFIDENTIAL-TUTOR\n",
        );
    s.write(rel, &text);
    let line_of = |needle: &str| text.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    let run = s.ect(&["validate"]);
    run.code(1);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains(&format!("{rel}:{}:", line_of("On track:"))),
        "{out}"
    );
    assert!(
        out.contains("the record is signed but `On track:` is empty"),
        "{out}"
    );
    assert!(
        out.contains(&format!("{rel}:{}:", line_of("- Standard 9"))),
        "{out}"
    );
    assert!(out.contains("there is no Teachers' Standard 9"), "{out}");
    assert!(
        out.contains(&format!("{rel}:{}:", line_of("- Induction tutor:"))),
        "{out}"
    );
    assert!(
        out.contains("the Induction tutor signature has no date"),
        "{out}"
    );
    // the GitHub format too: paths, lines and rule ids, never what was written
    let gh = s.ect(&["validate", "--format", "github"]);
    let all = format!("{}{}{}", out, gh.stdout, gh.stderr);
    assert!(!all.contains("CONFIDENTIAL"), "{all}");
    assert!(gh.stdout.contains("induction-record") || gh.stderr.contains("induction-record"));
    // filled in, it is clean
    let text = text
        .replace("On track: \n", "On track: yes\n")
        .replace("Standard 9", "Standard 5")
        .replace("CONFIDENTIAL-TUTOR", "Jo Lamb, 2026-12-16");
    s.write(rel, &text);
    s.ect(&["validate"]).code(0);
}

#[test]
fn a_formal_assessment_wants_an_observation_in_its_period() {
    let s = school();
    // Sam started in September 2025: term 3 (summer 2026) is an assessment term
    s.write(
        "plans/eli-fay/pair.yaml",
        "mentor: Eli Grant\nect: Fay Osei\nstart: 2025-09-03\nmeeting: {day: wednesday}\n",
    );
    let run = review_new(&s, "eli-fay", "2026-07-15");
    run.code(0);
    let rel = "plans/eli-fay/reviews/2026-07-15-formal-assessment.md";
    let text = read(&s, rel);
    assert!(text.contains("kind: formal-assessment\nterm: 3"), "{text}");
    assert!(
        text.contains("Progress: \n") && text.contains("- Headteacher: \n"),
        "{text}"
    );
    // said at once, and by validate
    assert!(
        run.stderr
            .contains("no observation of the ECT from 2026-04-13 to 2026-07-15"),
        "{}",
        run.stderr
    );
    let run = s.ect(&["validate"]);
    run.code(0);
    assert!(
        run.stdout.contains("warning[induction-record]"),
        "{}",
        run.stdout
    );
    s.ect(&[
        "observe",
        "new",
        "--pair",
        "eli-fay",
        "--date",
        "2026-06-10",
        "--by",
        "Kit \"KJ\" Moor",
        "--no-edit",
    ])
    .code(0);
    let obs = read(&s, "plans/eli-fay/observations/2026-06-10.md");
    assert!(obs.contains("by: \"Kit \\\"KJ\\\" Moor\"\n"), "{obs}");
    let run = s.ect(&["validate"]);
    run.code(0);
    assert!(!run.stdout.contains("induction-record"), "{}", run.stdout);
    // the final assessment, after the extension, recommends
    s.write(
        "plans/eli-fay/pair.yaml",
        "mentor: Eli Grant\nect: Fay Osei\nstart: 2025-09-03\nmeeting: {day: wednesday}\nextension_terms: 1\n",
    );
    review_new(&s, "eli-fay", "2027-12-10").code(0);
    let text = read(&s, "plans/eli-fay/reviews/2027-12-10-formal-assessment.md");
    assert!(
        text.contains("term: 7") && text.contains("Recommendation: \n"),
        "{text}"
    );
}

#[test]
fn observation_records_are_checked() {
    let s = school();
    s.write(
        "plans/ana-ben/observations/2026-11-05.md",
        "---\npair: cy-dee\ndate: 2026-11-06\nby: Lou Park\nfocus: [2, 11]\nstatus: signed\n---\n\n## Follow-up meeting\n\nDate: \n",
    );
    let run = s.ect(&["validate"]);
    run.code(1);
    let e = &run.stdout;
    let rel = "plans/ana-ben/observations/2026-11-05.md";
    assert!(
        e.contains(&format!("{rel}:2:")) && e.contains("must name its pair: `pair: ana-ben`"),
        "{e}"
    );
    assert!(
        e.contains(&format!("{rel}:3:")) && e.contains("disagrees with the file name's date"),
        "{e}"
    );
    assert!(
        e.contains(&format!("{rel}:5:")) && e.contains("outside 1 to 8"),
        "{e}"
    );
    assert!(
        e.contains(&format!("{rel}:11:")) && e.contains("`Date:` is empty"),
        "{e}"
    );
}

#[test]
fn a_review_before_the_induction_is_refused() {
    let s = school();
    let run = review_new(&s, "eli-fay", "2026-12-01");
    run.code(2);
    assert!(
        run.stderr
            .contains("before pair `eli-fay`'s induction term 1, which starts on 2027-01-04"),
        "{}",
        run.stderr
    );
    assert!(!s.path().join("plans/eli-fay/reviews").exists());
    // and after it: a September 2025 starter's six terms end in July 2027
    s.write(
        "plans/eli-fay/pair.yaml",
        "mentor: Eli Grant\nect: Fay Osei\nstart: 2025-09-03\nmeeting: {day: wednesday}\n",
    );
    let run = review_new(&s, "eli-fay", "2027-07-30");
    run.code(0);
    assert!(
        run.stdout.contains("formal assessment of induction term 6"),
        "{}",
        run.stdout
    );
    let run = review_new(&s, "eli-fay", "2027-10-05");
    run.code(2);
    assert!(
        run.stderr
            .contains("after pair `eli-fay`'s induction, which ended with term 6 on 2027-07-21"),
        "{}",
        run.stderr
    );
}

#[test]
fn status_shows_the_next_event_and_flags_overdue_ones() {
    let s = school();
    s.write(
        "plans/eli-fay/pair.yaml",
        "mentor: Eli Grant\nect: Fay Osei\nstart: 2025-09-03\nmeeting: {day: wednesday}\nfte: 0.5\n",
    );
    let run = s.ect(&["status"]);
    run.code(0);
    // Fay's terms 1 to 3 are past with no record: the first is overdue
    let words = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("progress review, induction term 1, due Dec 2025 overdue"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("next: progress review, induction term 1, due 17 Dec"),
        "{}",
        run.stdout
    );
    let v = json(&s, &["status", "--format", "json"]);
    let fay = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pair"] == "eli-fay")
        .unwrap();
    assert_eq!(fay["induction"]["overdue"], true);
    assert_eq!(fay["induction"]["kind"], "progress-review");
}

#[test]
fn a_personal_sequence_reorders_modules_in_schedule_agenda_and_status() {
    let s = Scratch::example();
    let rel = "plans/priya-shah-tom-okafor/pair.yaml";
    let first_module = |s: &Scratch| {
        let v = json(
            s,
            &[
                "schedule",
                "--pair",
                "priya-shah-tom-okafor",
                "--format",
                "json",
            ],
        );
        v["meetings"][0]["module"].as_str().unwrap().to_string()
    };
    assert_eq!(first_module(&s), "year-1-classroom-culture");
    let text = read(&s, rel);
    s.write(
        rel,
        &format!("{text}sequence:\n  - year-1-how-pupils-learn   # after the diagnostic\n  - year-1-classroom-culture\n"),
    );
    s.ect(&["validate"]).code(0);
    assert_eq!(first_module(&s), "year-1-how-pupils-learn");
    let v = json(
        &s,
        &[
            "schedule",
            "--pair",
            "priya-shah-tom-okafor",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        v["meetings"][0]["sessions"][0],
        "curriculum/example/year-1-how-pupils-learn/autumn-week-1-mentor-materials.md"
    );
    // status and agenda follow the same order
    let v = json(&s, &["status", "--week", "2026-09-07", "--format", "json"]);
    let tom = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pair"] == "priya-shah-tom-okafor")
        .unwrap();
    assert_eq!(tom["position"]["module"], "year-1-how-pupils-learn");
    let run = s.ect(&[
        "agenda",
        "--week",
        "2026-09-07",
        "--pair",
        "priya-shah-tom-okafor",
    ]);
    run.code(0);
    let agenda = read(&s, "plans/priya-shah-tom-okafor/agendas/2026-09-08.md");
    assert!(
        agenda.contains("year-1-how-pupils-learn/autumn-week-2-mentor-materials"),
        "{agenda}"
    );
    // a module that is not there is an error at its line
    s.write(
        rel,
        &format!("{text}sequence: [year-1-how-pupils-learn, year-1-hidden-curriculum]\n"),
    );
    let run = s.ect(&["validate"]);
    run.code(1);
    let line = text.lines().count() + 1;
    assert!(
        run.stdout.contains(&format!("{rel}:{line}:37")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("`sequence` lists `year-1-hidden-curriculum`, which is not a module of programme `example`"), "{}", run.stdout);
}

#[test]
fn records_print_for_signature_without_the_guidance_comments() {
    let s = school();
    s.write(
        "plans/eli-fay/pair.yaml",
        "mentor: Eli Grant\nect: Fay Osei\nstart: 2025-09-03\nmeeting: {day: wednesday}\n",
    );
    review_new(&s, "eli-fay", "2026-07-15").code(0);
    s.ect(&[
        "observe",
        "new",
        "--pair",
        "eli-fay",
        "--date",
        "2026-06-10",
        "--no-edit",
    ])
    .code(0);
    // a pair's folder prints its agendas and plans, not its records
    let run = s.ect(&["render", "--html", "plans/eli-fay"]);
    run.code(2);
    let run = s.ect(&[
        "render",
        "--html",
        "plans/eli-fay/observations/2026-06-10.md",
        "plans/eli-fay/reviews",
    ]);
    run.code(0);
    let page = &run.stdout;
    assert_eq!(page.matches("<article>").count(), 2, "{page}");
    assert!(page.contains("<h1>Observation, 2026-06-10</h1>"), "{page}");
    assert!(
        page.contains("<h1>Formal assessment (first), induction term 3: Fay Osei</h1>"),
        "{page}"
    );
    assert!(page.contains("<li>Headteacher:</li>"), "{page}");
    assert!(
        !page.contains("&lt;!--") && !page.contains("<p></p>"),
        "{page}"
    );
}

#[test]
fn a_pair_that_cannot_be_read_is_named_not_dropped_silently() {
    let s = school();
    s.write(
        "plans/cy-dee/pair.yaml",
        "mentor: Cy Moss\nect: Dee Hart\nstart: 2026-09-02\nmeeting: {day: friday}\nfte: 2\n",
    );
    let run = s.ect(&["induction", "--format", "json"]);
    run.code(0);
    assert!(
        run.stderr.contains(
            "warning: `plans/cy-dee/pair.yaml` has errors and is left out: run `ect validate`"
        ),
        "{}",
        run.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pair"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ana-ben", "eli-fay"]);
    // misnamed records are pointed out, not skipped silently
    s.write("plans/ana-ben/reviews/autumn.md", "notes\n");
    let run = s.ect(&["validate"]);
    assert!(
        run.stdout.contains(
            "warning[induction-record]: `autumn.md` is not named as a record, so it is not read"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn validate_counts_records_and_takes_a_folder_of_them() {
    let s = school();
    s.ect(&[
        "observe",
        "new",
        "--pair",
        "ana-ben",
        "--date",
        "2026-11-05",
        "--no-edit",
    ])
    .code(0);
    s.write(
        "plans/ana-ben/observations/2026-11-19.md",
        "---\npair: ana-ben\nfocus: [9]\n---\n",
    );
    let run = s.ect(&["validate", "plans/ana-ben/observations"]);
    run.code(1);
    assert!(
        run.stdout
            .ends_with("checked 2 files: 1 error, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

/// `ect review new --pair PAIR --date DATE --no-edit` in `s`.
fn review_new(s: &Scratch, pair: &str, date: &str) -> crate::support::Run {
    s.ect(&["review", "new", "--pair", pair, "--date", date, "--no-edit"])
}

#[test]
fn review_and_observe_new_never_write_while_another_run_holds_the_lock() {
    let s = school();
    s.write(
        "plans/eli-fay/pair.yaml",
        "mentor: Eli Grant\nect: Fay Osei\nstart: 2025-09-03\nmeeting: {day: wednesday}\n",
    );
    let lock = s.path().join("plans/.ect.lock");
    let holder = crate::support::hold_lock(&lock);
    let before = s.snapshot();
    let observe = [
        "observe",
        "new",
        "--pair",
        "eli-fay",
        "--date",
        "2026-06-10",
        "--no-edit",
    ];
    for run in [review_new(&s, "eli-fay", "2026-07-15"), s.ect(&observe)] {
        run.code(2);
        assert_eq!(run.stdout, "");
        // the holder `support::hold_lock` wrote, and what to do
        assert!(
            run.stderr
                .contains("`ect agenda` (process 4242, started 2026-11-23 09:00:00)")
                && run.stderr.contains("holds `plans/.ect.lock`")
                && run.stderr.contains("wait for it to finish"),
            "{}",
            run.stderr
        );
        assert_eq!(s.snapshot(), before, "a refused run changed a file");
    }
    assert!(!s.path().join("plans/eli-fay/reviews").exists());
    assert!(!s.path().join("plans/eli-fay/observations").exists());
    // let go: both write, and leave no lock behind
    drop(holder);
    std::fs::remove_file(&lock).unwrap();
    review_new(&s, "eli-fay", "2026-07-15").code(0);
    s.ect(&observe).code(0);
    assert!(
        s.path()
            .join("plans/eli-fay/reviews/2026-07-15-formal-assessment.md")
            .is_file()
    );
    assert!(
        s.path()
            .join("plans/eli-fay/observations/2026-06-10.md")
            .is_file()
    );
    assert!(!lock.exists(), "the lock is let go after the writes");
}
