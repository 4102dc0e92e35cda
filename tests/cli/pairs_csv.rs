//! `ect pair add` and `ect pair import`: pairs from flags or a spreadsheet,
//! each checked as `ect validate` would; existing pairs changed only with
//! `--update`, and then only their `pair.yaml`.

use crate::support::Scratch;

/// A repository made by `ect init` (terms 2026-27 and 2027-28, programme
/// `example`), without its example pair.
fn school() -> Scratch {
    let s = Scratch::empty();
    s.ect(&["-q", "init"]).code(0);
    std::fs::remove_dir_all(s.path().join("plans/jo-smith-alex-lee")).unwrap();
    s
}

fn read(s: &Scratch, rel: &str) -> String {
    std::fs::read_to_string(s.path().join(rel)).unwrap()
}

#[test]
fn add_derives_the_id_and_writes_a_pair_that_validates() {
    let s = school();
    let run = s.ect(&[
        "pair",
        "add",
        "--mentor",
        "Zoë O'Brien",
        "--ect",
        "Seán Lee",
        "--start",
        "2026-09-02",
        "--day",
        "Wed",
        "--time",
        "15:30",
        "--minutes",
        "45",
        "--programme",
        "example",
        "--year2",
        "weekly",
    ]);
    run.code(0);
    assert_eq!(run.stdout, "created  plans/zoe-obrien-sean-lee/pair.yaml\n");
    let text = read(&s, "plans/zoe-obrien-sean-lee/pair.yaml");
    let y: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(y["mentor"].as_str(), Some("Zoë O'Brien"));
    assert_eq!(y["ect"].as_str(), Some("Seán Lee"));
    assert_eq!(y["programme"].as_str(), Some("example"));
    assert_eq!(y["start"].as_str(), Some("2026-09-02"));
    assert_eq!(y["meeting"]["day"].as_str(), Some("wednesday"));
    assert_eq!(y["meeting"]["time"].as_str(), Some("15:30"));
    assert_eq!(y["meeting"]["minutes"].as_u64(), Some(45));
    assert_eq!(y["cadence"]["year2"].as_str(), Some("weekly"));
    s.ect(&["validate", "--deny-warnings"]).code(0);
    let schedule = s.ect(&["schedule", "--pair", "zoe-obrien-sean-lee"]);
    schedule.code(0);
    assert!(
        schedule.stdout.starts_with("Zoë O'Brien and Seán Lee (`zoe-obrien-sean-lee`):\n  programme `example`, Wednesdays at 15:30, 45 minutes\n"),
        "{}",
        schedule.stdout
    );
}

#[test]
fn add_with_an_id_and_the_default_programme() {
    let s = school();
    let run = s.ect(&[
        "pair",
        "add",
        "--mentor",
        "Jo Smith",
        "--ect",
        "Alex Lee",
        "--start",
        "04/01/2027",
        "--day",
        "friday",
        "--id",
        "pair-7",
    ]);
    run.code(0);
    let text = read(&s, "plans/pair-7/pair.yaml");
    assert!(!text.contains("programme:"), "{text}");
    assert!(text.contains("start: 2027-01-04"), "{text}");
    s.ect(&["validate", "--deny-warnings"]).code(0);
}

#[test]
fn add_reports_every_bad_flag_and_writes_nothing() {
    let s = school();
    let before = s.snapshot();
    let run = s.ect(&[
        "pair",
        "add",
        "--mentor",
        "Jo",
        "--ect",
        "Al",
        "--start",
        "2026-02-30",
        "--day",
        "saturday",
        "--time",
        "half past",
        "--id",
        "Jo Al",
    ]);
    run.code(2);
    for want in [
        "cannot add the pair; nothing was written",
        "`--start 2026-02-30` is not a date; write it as YYYY-MM-DD",
        "`--day saturday` is not a weekday",
        "`--time half past` is not a time of day; write it like 15:30 or 3:30 pm",
        "`--id Jo Al` is not a pair id",
    ] {
        assert!(run.stderr.contains(want), "{want:?} not in\n{}", run.stderr);
    }
    assert_eq!(s.snapshot(), before);
}

#[test]
fn add_refuses_what_validate_would_reject() {
    let s = school();
    let before = s.snapshot();
    let run = s.ect(&[
        "pair",
        "add",
        "--mentor",
        "Jo",
        "--ect",
        "Al",
        "--start",
        "2025-09-03",
        "--day",
        "monday",
        "--programme",
        "ucl",
    ]);
    run.code(2);
    assert!(
        run.stderr
            .contains("cannot write `plans/jo-al/pair.yaml`; nothing was written"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("start 2025-09-03 is not inside any term of `ect.yaml`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "no programme `ucl`: there is no `curriculum/ucl.md`; the programmes are: `example`"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(s.snapshot(), before);
}

#[test]
fn add_never_changes_a_pair_without_update() {
    let s = school();
    let args = [
        "pair",
        "add",
        "--mentor",
        "Jo Smith",
        "--ect",
        "Alex Lee",
        "--start",
        "2026-09-02",
        "--day",
        "tuesday",
    ];
    s.ect(&args).code(0);
    let path = "plans/jo-smith-alex-lee/pair.yaml";
    let mine = read(&s, path).replace(
        "meeting:",
        "pauses:\n  - {start: 2027-01-04, end: 2027-02-12}   # leave\nmeeting:",
    );
    s.write(path, &mine);
    s.write("plans/jo-smith-alex-lee/notes.md", "notes\n");
    let mut again = args.to_vec();
    let last = again.len() - 1;
    again[last] = "thursday";
    let run = s.ect(&again);
    run.code(1);
    assert!(
        run.stderr.contains("pair `jo-smith-alex-lee` exists: `plans/jo-smith-alex-lee/pair.yaml` was not changed; edit it, or run again with `--update`"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&s, path), mine);

    again.push("--update");
    let run = s.ect(&again);
    run.code(0);
    assert_eq!(run.stdout, "updated  plans/jo-smith-alex-lee/pair.yaml\n");
    let y: serde_yaml::Value = serde_yaml::from_str(&read(&s, path)).unwrap();
    assert_eq!(y["meeting"]["day"].as_str(), Some("thursday"));
    assert_eq!(y["pauses"][0]["end"].as_str(), Some("2027-02-12"));
    assert_eq!(read(&s, "plans/jo-smith-alex-lee/notes.md"), "notes\n");
    let run = s.ect(&again);
    assert_eq!(run.stdout, "unchanged  plans/jo-smith-alex-lee/pair.yaml\n");
    s.ect(&["validate", "--deny-warnings"]).code(0);
}

const SHEET: &str = "\u{feff}Mentor,ECT,Start date,Programme,Meeting day,Time,Notes\r\n\
\"Smith, Jo\",Alex Lee,02/09/2026,example,Tuesday,15:30:00,new in Sept\r\n\
Priya Shah,Tom Okafor,2026-09-02,,wed,,\r\n\
,,,,,,\r\n\
Bad Row,Here,2026-13-01,,sat,3 oclock,\r\n\
\"Ann \"\"Nan\"\" Hill\",\"Lee,\r\nKim\",2026-09-02,example,fri,16:00,two lines\r\n\
Priya Shah,Tom Okafor,2026-09-07,,thursday,,duplicate\r\n\
Out Of,Term,2025-09-03,,monday,,\r\n";

#[test]
fn import_reads_a_spreadsheet_and_reports_each_row() {
    let s = school();
    s.write("pairs.csv", SHEET);
    let run = s.ect(&["pair", "import", "pairs.csv"]);
    run.code(1);
    assert_eq!(
        run.stdout,
        "\
pairs.csv:2  created  plans/smith-jo-alex-lee/pair.yaml
pairs.csv:3  created  plans/priya-shah-tom-okafor/pair.yaml
pairs.csv:5  skipped: start `2026-13-01` is not a date; write it as YYYY-MM-DD, DD/MM/YYYY or like 2 September 2026; meeting day `sat` is not a weekday; meetings are on monday, tuesday, wednesday, thursday or friday; time `3 oclock` is not a time of day; write it like 15:30 or 3:30 pm
pairs.csv:6  created  plans/ann-nan-hill-lee-kim/pair.yaml
pairs.csv:8  skipped: the same pair `priya-shah-tom-okafor` as line 3; remove one of the two rows, or give one an id column
pairs.csv:9  skipped: start 2025-09-03 is not inside any term of `ect.yaml`; `ect.yaml` has terms from 2026-09-02 to 2028-07-21; use a date in term time, or add the term
3 created, 0 updated, 0 unchanged, 3 skipped
"
    );
    assert!(
        run.stderr.contains("not used: column `Notes`"),
        "{}",
        run.stderr
    );
    let y: serde_yaml::Value =
        serde_yaml::from_str(&read(&s, "plans/ann-nan-hill-lee-kim/pair.yaml")).unwrap();
    assert_eq!(y["mentor"].as_str(), Some("Ann \"Nan\" Hill"));
    // a line break inside a cell is a space in a name, never a new line in
    // `pair.yaml` or the agenda
    assert_eq!(y["ect"].as_str(), Some("Lee, Kim"));
    let y: serde_yaml::Value =
        serde_yaml::from_str(&read(&s, "plans/smith-jo-alex-lee/pair.yaml")).unwrap();
    assert_eq!(y["start"].as_str(), Some("2026-09-02"));
    assert_eq!(y["meeting"]["time"].as_str(), Some("15:30"));
    s.ect(&["validate", "--deny-warnings"]).code(0);
    let agendas = s.ect(&["agenda", "--week", "2026-09-07"]);
    agendas.code(0);
    assert_eq!(
        agendas.stdout.matches("created").count(),
        3,
        "{}",
        agendas.stdout
    );
}

#[test]
fn importing_again_changes_nothing_without_update() {
    let s = school();
    s.write(
        "pairs.csv",
        "mentor,ect,start,programme,meeting day\nJo Smith,Alex Lee,2026-09-02,example,tuesday\n",
    );
    s.ect(&["pair", "import", "pairs.csv"]).code(0);
    let before = s.snapshot();
    s.write(
        "pairs.csv",
        "mentor,ect,start,programme,meeting day\nJo Smith,Alex Lee,2026-09-02,example,friday\n",
    );
    let before_sheet = s.snapshot();
    let run = s.ect(&["pair", "import", "pairs.csv"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "pairs.csv:2  skipped: pair `jo-smith-alex-lee` exists (`plans/jo-smith-alex-lee/pair.yaml`); run again with `--update` to change it\n0 created, 0 updated, 0 unchanged, 1 skipped\n"
    );
    assert_eq!(s.snapshot(), before_sheet);
    assert_ne!(before, before_sheet);
}

#[test]
fn import_update_rewrites_only_pair_yaml() {
    let s = school();
    s.write("pairs.csv", "mentor,ect,start,programme,meeting day,time\nJo Smith,Alex Lee,2026-09-02,example,tuesday,15:30\n");
    s.ect(&["pair", "import", "pairs.csv"]).code(0);
    s.ect(&["agenda", "--week", "2026-09-07"]).code(0);
    let agenda = "plans/jo-smith-alex-lee/agendas/2026-09-08.md";
    let agenda_text = read(&s, agenda);
    let pair = "plans/jo-smith-alex-lee/pair.yaml";
    let edited = format!(
        "{}pauses:\n  - {{start: 2027-01-04, end: 2027-02-12}}\n",
        read(&s, pair)
    );
    s.write(pair, &edited);
    s.write(
        "pairs.csv",
        "mentor,ect,start,programme,meeting day\nJo Smith,Alex Lee,2026-09-02,example,thursday\n",
    );

    let dry = s.ect(&["pair", "import", "pairs.csv", "--update", "--dry-run"]);
    dry.code(0);
    assert!(
        dry.stdout
            .starts_with("pairs.csv:2  would update  plans/jo-smith-alex-lee/pair.yaml\n"),
        "{}",
        dry.stdout
    );
    assert_eq!(read(&s, pair), edited);

    let run = s.ect(&["pair", "import", "pairs.csv", "--update"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "pairs.csv:2  updated  plans/jo-smith-alex-lee/pair.yaml\n0 created, 1 updated, 0 unchanged, 0 skipped\n"
    );
    let y: serde_yaml::Value = serde_yaml::from_str(&read(&s, pair)).unwrap();
    assert_eq!(y["meeting"]["day"].as_str(), Some("thursday"));
    assert_eq!(
        y["meeting"]["time"].as_str(),
        Some("15:30"),
        "an empty time keeps the old one"
    );
    assert_eq!(y["pauses"][0]["start"].as_str(), Some("2027-01-04"));
    assert_eq!(read(&s, agenda), agenda_text);
    // written atomically: no temporary file left in the pair's folder
    let mut names: Vec<String> = std::fs::read_dir(s.path().join("plans/jo-smith-alex-lee"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".ect", "agendas", "pair.yaml"]);
    s.ect(&["validate", "--deny-warnings"]).code(0);
    let again = s.ect(&["pair", "import", "pairs.csv", "--update"]);
    assert!(
        again
            .stdout
            .contains("unchanged  plans/jo-smith-alex-lee/pair.yaml"),
        "{}",
        again.stdout
    );
}

#[test]
fn a_sheet_without_the_columns_says_which_are_missing() {
    let s = school();
    s.write("pairs.csv", "Name,ECT,When\nJo,Al,2026-09-02\n");
    let run = s.ect(&["pair", "import", "pairs.csv"]);
    run.code(2);
    assert!(
        run.stderr.contains("`pairs.csv`, line 1: no `mentor`, `start`, `meeting day` column; the first row must name the columns: mentor, ect, start, programme, meeting day and (optionally) time"),
        "{}",
        run.stderr
    );
    let run = s.ect(&["pair", "import", "missing.csv"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("cannot read `missing.csv`; check the file name"),
        "{}",
        run.stderr
    );
    s.write(
        "open.csv",
        "mentor,ect,start,meeting day\n\"Jo,Al,2026-09-02,monday\n",
    );
    let run = s.ect(&["pair", "import", "open.csv"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("`open.csv`, line 2: a quote `\"` opens here and is never closed"),
        "{}",
        run.stderr
    );
}

#[test]
fn semicolons_and_windows_1252_from_older_spreadsheets() {
    let s = school();
    let mut bytes =
        b"Mentor;ECT;Start;Meeting day\r\nZo\xeb Hart;Ren\xe9e Bell;02/09/2026;Monday\r\n".to_vec();
    bytes.extend_from_slice(b"");
    std::fs::write(s.path().join("pairs.csv"), bytes).unwrap();
    let run = s.ect(&["pair", "import", "pairs.csv"]);
    run.code(0);
    assert!(
        run.stdout
            .starts_with("pairs.csv:2  created  plans/zoe-hart-renee-bell/pair.yaml\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("read as Windows-1252"),
        "{}",
        run.stderr
    );
    assert!(read(&s, "plans/zoe-hart-renee-bell/pair.yaml").contains("mentor: \"Zoë Hart\""));
}

#[test]
fn quiet_import_prints_only_the_rows_with_problems() {
    let s = school();
    s.write("pairs.csv", SHEET);
    let run = s.ect(&["pair", "import", "-q", "pairs.csv"]);
    run.code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(
        lines.iter().all(|l| l.contains("skipped:")),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn update_changes_only_the_values_it_sets_and_keeps_the_rest_of_the_file() {
    // `--update` re-serialised `pair.yaml`: every comment but the first line
    // went, and so did misspelt keys
    let s = school();
    let path = "plans/jo-smith-alex-lee/pair.yaml";
    let mine = "# Maths department pair.\n# Sam (tutor) checks this file each half-term.\nmentor: Jo Smith        # head of year 8\nect: Alex Lee\n\nstart: 2026-09-02\nmeeting:\n  day: tuesday          # room B12 is free then\n  time: \"15:30\"\nminuets: 50             # a typo the tutor will fix\npauses:\n  - {start: 2027-01-04, end: 2027-02-12}   # leave\n";
    s.write(path, mine);
    let run = s.ect(&[
        "pair",
        "add",
        "--mentor",
        "Jo Smith",
        "--ect",
        "Alex Lee",
        "--start",
        "2026-09-02",
        "--day",
        "thursday",
        "--update",
    ]);
    run.code(0);
    let now = read(&s, path);
    let want = mine
        .replace(
            "# Sam (tutor) checks this file each half-term.\n",
            "# Sam (tutor) checks this file each half-term.\n# Updated by `ect pair add`.\n",
        )
        .replace("mentor: Jo Smith ", "mentor: \"Jo Smith\" ")
        .replace("ect: Alex Lee", "ect: \"Alex Lee\"")
        .replace("day: tuesday ", "day: thursday ");
    assert_eq!(now, want);
    // validate still names the typo, with its line
    let check = s.ect(&["validate", "--format", "json"]);
    assert!(
        check.stdout.contains("unknown key `minuets`") && check.stdout.contains("\"line\": 11,"),
        "{}",
        check.stdout
    );
}

#[cfg(unix)]
#[test]
fn an_endless_or_huge_file_is_refused_without_filling_the_memory() {
    // `pair import /dev/zero` grew to 24 GB before the kernel killed it
    let s = school();
    let before = s.snapshot();
    let run = s.ect(&["pair", "import", "/dev/zero"]);
    run.code(2);
    assert!(
        run.stderr.contains("`/dev/zero` is larger than 20 MB"),
        "{}",
        run.stderr
    );
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_sheet_saved_as_unicode_text_is_read() {
    // Excel's "Unicode text" is UTF-16 with tabs: it was read as
    // Windows-1252, a NUL between every two letters
    let s = school();
    let sheet = "Mentor\tECT\tStart\tMeeting day\r\nZoë Ó Sé\tRenée Ng\t2026-09-02\tMonday\r\n";
    let bytes: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(sheet.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(s.path().join("pairs.txt"), bytes).unwrap();
    let run = s.ect(&["pair", "import", "pairs.txt"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("created  plans/zoe-o-se-renee-ng/pair.yaml"),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("Windows-1252"), "{}", run.stderr);
    let y: serde_yaml::Value =
        serde_yaml::from_str(&read(&s, "plans/zoe-o-se-renee-ng/pair.yaml")).unwrap();
    assert_eq!(y["mentor"].as_str(), Some("Zoë Ó Sé"));
}

/// A sheet as a school office keeps it: other column names, weekday
/// abbreviations in any case, 12-hour times, dates in words, and the lead
/// provider's name for the programme.
#[test]
fn import_reads_spreadsheets_as_they_are() {
    let s = school();
    // a second programme, named as a provider would be
    s.write(
        "curriculum/north-star-learning.md",
        &read(&s, "curriculum/example.md"),
    );
    s.write(
        "staff.csv",
        "\
Mentor name,Early career teacher,Induction start date,Lead provider,Weekday,Meeting time,Duration\r\n\
Ola Bright,Cal Dunn,2 September 2026,EXAMPLE,Weds,3:30 PM,45\r\n\
Gil Moss,Ivy Reed,02-Sep-26,North Star Learning,THURS,8.15am,\r\n\
Fay Hale,Ned Lowe,07/09/2026,Example,tu,12:05 p.m.,\r\n\
Kit Vane,Rui Sato,Monday 7 Sept 2026,,MONDAY,15:30:00,\r\n\
Dee Park,Max Yoon,2026-09-02 00:00:00,example,fri,4pm,\r\n",
    );
    let run = s.ect(&["pair", "import", "staff.csv"]);
    run.code(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let want: [(&str, &str, &str, &str, &str); 5] = [
        (
            "ola-bright-cal-dunn",
            "2026-09-02",
            "example",
            "wednesday",
            "15:30",
        ),
        (
            "gil-moss-ivy-reed",
            "2026-09-02",
            "north-star-learning",
            "thursday",
            "08:15",
        ),
        (
            "fay-hale-ned-lowe",
            "2026-09-07",
            "example",
            "tuesday",
            "12:05",
        ),
        ("kit-vane-rui-sato", "2026-09-07", "", "monday", "15:30"),
        (
            "dee-park-max-yoon",
            "2026-09-02",
            "example",
            "friday",
            "16:00",
        ),
    ];
    for (id, start, programme, day, time) in want {
        let y: serde_yaml::Value =
            serde_yaml::from_str(&read(&s, &format!("plans/{id}/pair.yaml"))).unwrap();
        assert_eq!(y["start"].as_str(), Some(start), "{id}");
        assert_eq!(y["programme"].as_str().unwrap_or(""), programme, "{id}");
        assert_eq!(y["meeting"]["day"].as_str(), Some(day), "{id}");
        assert_eq!(y["meeting"]["time"].as_str(), Some(time), "{id}");
    }
    let y: serde_yaml::Value =
        serde_yaml::from_str(&read(&s, "plans/ola-bright-cal-dunn/pair.yaml")).unwrap();
    assert_eq!(y["meeting"]["minutes"].as_u64(), Some(45));
    s.ect(&["validate", "--deny-warnings"]).code(0);
}

/// A date that reads both ways in a file that also holds a month-first date
/// is refused, with its row and why; the rest of the file is imported.
#[test]
fn an_ambiguous_date_is_refused_with_its_row_and_reason() {
    let s = school();
    s.write(
        "us.csv",
        "mentor,ect,start,day\n\
Ola Bright,Cal Dunn,09/15/2026,monday\n\
Gil Moss,Ivy Reed,11/09/2026,tuesday\n\
Fay Hale,Ned Lowe,09/09/2026,friday\n",
    );
    let run = s.ect(&["pair", "import", "us.csv"]);
    run.code(1);
    assert!(
        run.stdout.contains(
            "us.csv:3  skipped: start `11/09/2026` could be 11 September 2026 or 9 November 2026: this file also has `09/15/2026`, which can only be month first; write it as YYYY-MM-DD (2026-09-11 or 2026-11-09)\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("us.csv:2  created"), "{}", run.stdout);
    assert!(run.stdout.contains("us.csv:4  created"), "{}", run.stdout);
    assert!(!s.path().join("plans/gil-moss-ivy-reed").exists());
    let y: serde_yaml::Value =
        serde_yaml::from_str(&read(&s, "plans/ola-bright-cal-dunn/pair.yaml")).unwrap();
    assert_eq!(y["start"].as_str(), Some("2026-09-15"));
    // without a month-first date, a UK file reads day first
    s.write(
        "uk.csv",
        "mentor,ect,start,day\nGil Moss,Ivy Reed,11/09/2026,tuesday\n",
    );
    s.ect(&["pair", "import", "uk.csv"]).code(0);
    let y: serde_yaml::Value =
        serde_yaml::from_str(&read(&s, "plans/gil-moss-ivy-reed/pair.yaml")).unwrap();
    assert_eq!(y["start"].as_str(), Some("2026-09-11"));
}

#[test]
fn a_weekday_that_does_not_fit_the_date_is_refused() {
    let s = school();
    s.write(
        "p.csv",
        "mentor,ect,start,day\nOla Bright,Cal Dunn,Tuesday 2 September 2026,monday\n",
    );
    let run = s.ect(&["pair", "import", "p.csv"]);
    run.code(1);
    assert!(
        run.stdout.contains("p.csv:2  skipped: start `Tuesday 2 September 2026` names the wrong day: 2 September 2026 is a Wednesday, not a tuesday; check the date"),
        "{}",
        run.stdout
    );
}

#[test]
fn two_columns_for_one_thing_are_refused() {
    // the last of two `start` columns was used without a word
    let s = school();
    s.write(
        "pairs.csv",
        "Mentor,ECT,Start,Meeting day,Start date\nJo Smith,Alex Lee,2026-09-02,tuesday,2027-01-04\n",
    );
    let before = s.snapshot();
    let run = s.ect(&["pair", "import", "pairs.csv"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("`pairs.csv`, line 1: columns `Start` and `Start date` both give the start"),
        "{}",
        run.stderr
    );
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_huge_ordinary_file_is_refused_and_nothing_changes() {
    // only `/dev/zero` was tried: an export of 30 MB on the disk goes
    // through the same capped read. A sparse file, a real header first.
    let s = school();
    let elsewhere = tempfile::tempdir().unwrap();
    let path = elsewhere.path().join("huge.csv");
    let file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(
        &mut &file,
        b"mentor,ect,start,programme,meeting day\nKim Ode,Lu Ng,2026-09-02,example,monday\n",
    )
    .unwrap();
    file.set_len(30_000_000).unwrap();
    drop(file);
    let before = s.snapshot();
    let shown = path.display().to_string();
    let run = s.ect(&["pair", "import", &shown]);
    run.code(2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "error: `{shown}` is larger than 20 MB, far more than a list of pairs; export only the pairs' rows and columns\n"
        )
    );
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_terminal_code_in_a_name_is_refused_from_flags_and_sheets() {
    // the check was proven only on names typed into `pair.yaml`
    let s = school();
    let before = s.snapshot();
    let add = |mentor: &str| {
        s.ect(&[
            "pair",
            "add",
            "--mentor",
            mentor,
            "--ect",
            "Lu Ng",
            "--start",
            "2026-09-02",
            "--day",
            "monday",
            "--programme",
            "example",
        ])
    };
    for mentor in ["Kim \x1b[31mOde", "Kim\x07Ode", "Kim\x7fOde"] {
        let run = add(mentor);
        run.code(2);
        assert!(
            run.stderr.starts_with(
                "error: cannot add the pair; nothing was written\n  - `--mentor` holds a control character (U+00"
            ) && run.stderr.contains("write the name in plain text"),
            "{mentor:?}: {}",
            run.stderr
        );
        // the code never reaches the terminal raw
        assert!(
            !run.stderr.contains(['\x1b', '\x07', '\x7f']) && !run.stdout.contains('\x1b'),
            "{mentor:?}: {:?}",
            run.stderr
        );
        assert_eq!(s.snapshot(), before, "{mentor:?}");
    }
    // a line break (a cell's Alt+Enter, or a pasted name) is a space
    add("Kim\nOde").code(0);
    let y: serde_yaml::Value =
        serde_yaml::from_str(&read(&s, "plans/kim-ode-lu-ng/pair.yaml")).unwrap();
    assert_eq!(y["mentor"].as_str(), Some("Kim Ode"));

    // in a spreadsheet: that row is skipped, named by its line; the others
    // are written
    let s = school();
    s.write(
        "pairs.csv",
        "mentor,ect,start,programme,meeting day\n\
         Al Bo,Cy Do,2026-09-02,example,monday\n\
         Kim Ode,\"Lu \x1b]0;owned\x07Ng\",2026-09-02,example,tuesday\n",
    );
    let run = s.ect(&["pair", "import", "pairs.csv"]);
    run.code(1);
    assert!(
        run.stdout.contains(
            "pairs.csv:3  skipped: ect holds a control character (U+001B, a terminal code)"
        ),
        "{:?}",
        run.stdout
    );
    assert!(
        !run.stdout.contains(['\x1b', '\x07']) && !run.stderr.contains(['\x1b', '\x07']),
        "{:?} {:?}",
        run.stdout,
        run.stderr
    );
    assert!(s.path().join("plans/al-bo-cy-do/pair.yaml").is_file());
    let pairs: Vec<_> = std::fs::read_dir(s.path().join("plans"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(pairs, ["al-bo-cy-do"]);
    // a sheet whose only row holds a code: named, and nothing is written
    let s = school();
    s.write(
        "pairs.csv",
        "mentor,ect,start,programme,meeting day\nKim \x1b[31mOde,Lu Ng,2026-09-02,example,monday\n",
    );
    let before = s.snapshot();
    let run = s.ect(&["pair", "import", "pairs.csv"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("pairs.csv:2  skipped: mentor holds a control character (U+001B"),
        "{:?}",
        run.stdout
    );
    assert!(!run.stdout.contains('\x1b') && !run.stderr.contains('\x1b'));
    assert_eq!(s.snapshot(), before);
}
