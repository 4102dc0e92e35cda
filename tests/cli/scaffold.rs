//! `ect new module` and `ect new session`: a school-led programme written
//! from scratch in the layout `ect validate` checks, and overviews a
//! person edited kept byte for byte.

use crate::support::Scratch;

fn read(s: &Scratch, rel: &str) -> String {
    std::fs::read_to_string(s.path().join(rel)).unwrap()
}

#[test]
fn a_programme_from_nothing_validates_clean() {
    let s = Scratch::empty();
    s.write(
        "ect.yaml",
        "programme: our-school\nterms:\n  - {name: autumn, start: 2026-09-02, end: 2026-12-18}\n  - {name: spring, start: 2027-01-04, end: 2027-03-26}\n",
    );
    let run = s.ect(&[
        "new",
        "module",
        "--title",
        "Routines that stick",
        "--year",
        "1",
        "--term",
        "autumn",
        "--weeks",
        "3",
    ]);
    run.code(0);
    assert!(run.stdout.starts_with(
        "created  curriculum/our-school/year-1-routines-that-stick.md\n\
         created  curriculum/our-school/year-1-routines-that-stick/autumn-week-1-mentor-materials.md\n"
    ), "{}", run.stdout);
    assert!(run.stdout.contains("created  curriculum/our-school.md\n"));
    s.ect(&[
        "new",
        "module",
        "--title",
        "Questions worth asking",
        "--year",
        "1",
        "--term",
        "spring",
        "--weeks",
        "0",
        "--slug",
        "y1-questions",
    ])
    .code(0);
    let run = s.ect(&[
        "new",
        "session",
        "--module",
        "y1-questions",
        "--week",
        "4",
        "--topic",
        "Wait time",
    ]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "created  curriculum/our-school/y1-questions/spring-week-4-mentor-materials.md\n\
         updated  curriculum/our-school/y1-questions.md: week 4 linked\n"
    );
    let session = read(
        &s,
        "curriculum/our-school/y1-questions/spring-week-4-mentor-materials.md",
    );
    assert!(session.starts_with("---\ntitle: \"Year 1 Spring week 4 mentor materials\"\nheading: \"Mentor materials\"\ncaption: \"Spring week 4\"\n---\n\n## Wait time\n"), "{session}");
    assert!(
        session.contains("Review and Plan: 10 mins") && session.contains("### Learning intentions")
    );
    let run = s.ect(&["validate"]);
    run.code(0);
    assert!(
        run.stdout.contains("0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
    // a pair can follow it
    s.write(
        "plans/jo-sam/pair.yaml",
        "mentor: Jo Reed\nect: Sam Hale\nstart: 2026-09-02\nmeeting: {day: tuesday}\nroute: school-led\n",
    );
    let run = s.ect(&["schedule", "--pair", "jo-sam", "--format", "json"]);
    run.code(0);
    assert!(
        run.stdout.contains("\"year-1-routines-that-stick\""),
        "{}",
        run.stdout
    );
}

#[test]
fn overviews_keep_what_a_person_wrote_and_nothing_is_replaced() {
    let s = Scratch::example();
    let before = read(&s, "curriculum/example.md");
    let run = s.ect(&[
        "new",
        "module",
        "--title",
        "Working with families",
        "--year",
        "2",
        "--term",
        "summer",
        "--weeks",
        "1",
    ]);
    run.code(0);
    let after = read(&s, "curriculum/example.md");
    // the new entry at the end of Year 2 summer (the last section); every
    // other byte as it was
    assert_eq!(
        after,
        format!(
            "{}\n\n### [Working with families](/example/year-2-working-with-families)\n\nWhat the module covers, in a sentence for mentors.\n",
            before.trim_end_matches('\n')
        )
    );
    s.ect(&["validate"]).code(0);
    // again: refused, nothing written
    let snapshot = s.snapshot();
    let run = s.ect(&[
        "new",
        "module",
        "--title",
        "Working with families",
        "--year",
        "2",
        "--term",
        "summer",
    ]);
    run.code(2);
    assert!(run.stderr.contains("exists already"), "{}", run.stderr);
    let run = s.ect(&[
        "new",
        "session",
        "--module",
        "year-2-working-with-families",
        "--week",
        "1",
    ]);
    run.code(2);
    assert!(
        run.stderr.contains("exists already; nothing was written"),
        "{}",
        run.stderr
    );
    let run = s.ect(&[
        "new",
        "session",
        "--module",
        "year-3-nothing",
        "--week",
        "1",
    ]);
    run.code(2);
    assert!(
        run.stderr.contains("lists no module `year-3-nothing`"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot, s.snapshot());
}
