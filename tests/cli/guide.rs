//! Commands that guide: `ect schedule` alone lists the pairs and the ways to
//! call it, `--all` prints every pair, text fits the terminal's width, and
//! `ect status` says which week it describes and what it counts.

use crate::support::Scratch;
use assert_cmd::Command;

const LONG: &str = "year-1-routines-that-give-every-lesson-a-calm-and-purposeful-start";

/// `plans-school` with its module renamed to a very long name.
fn long_module() -> Scratch {
    let s = Scratch::of("plans-school");
    let c = s.path().join("curriculum/demo");
    std::fs::rename(c.join("year-1-routines"), c.join(LONG)).unwrap();
    std::fs::rename(c.join("year-1-routines.md"), c.join(format!("{LONG}.md"))).unwrap();
    for f in walkdir::WalkDir::new(s.path().join("curriculum"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let text = std::fs::read_to_string(f.path()).unwrap();
        std::fs::write(f.path(), text.replace("year-1-routines", LONG)).unwrap();
    }
    s
}

/// `ect ARGS` with `COLUMNS` set.
fn ect_cols(s: &Scratch, columns: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("ect")
        .unwrap()
        .current_dir(s.path())
        .env("ECT_TODAY", "2026-11-24")
        .env("COLUMNS", columns)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn schedule_alone_lists_the_pairs_and_the_ways_to_call_it() {
    let s = Scratch::of("plans-school");
    let run = s.ect(&["schedule"]);
    run.code(2);
    assert_eq!(run.stdout, "");
    for want in [
        "error: which pair? `ect schedule` prints one pair's meetings (`--pair ID`) or every pair's (`--all`)\n",
        "\nthe pairs:\n  ana-ben  ",
        "\n  cy-dee   ",
        "\n  eli-fay  ",
        "\nways to call it:\n  ect schedule --pair ana-ben\n",
        "  ect schedule --pair ana-ben --ics > meetings.ics\n",
        "  ect schedule --all [--format json | --ics]\n",
    ] {
        assert!(run.stderr.contains(want), "{want:?} not in\n{}", run.stderr);
    }
    // and in a repository with no pairs, how to add one
    let empty = Scratch::of("plans-school");
    std::fs::remove_dir_all(empty.path().join("plans")).unwrap();
    let run = empty.ect(&["schedule"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("there are no pairs yet: add one with `ect pair add`"),
        "{}",
        run.stderr
    );
}

#[test]
fn schedule_all_prints_every_pair_as_text_or_json() {
    let s = Scratch::of("plans-school");
    let text = s.ect(&["schedule", "--all"]);
    text.code(0);
    let ids = ["ana-ben", "cy-dee", "eli-fay"];
    for id in ids {
        let one = s.ect(&["schedule", "--pair", id]);
        one.code(0);
        assert!(text.stdout.contains(&one.stdout), "{id} missing from --all");
    }
    let json = s.ect(&["schedule", "--all", "--format", "json"]);
    json.code(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let got: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pair"].as_str().unwrap())
        .collect();
    assert_eq!(got, ids);
    for (i, id) in ids.iter().enumerate() {
        let one: serde_json::Value = serde_json::from_str(
            &s.ect(&["schedule", "--pair", id, "--format", "json"])
                .stdout,
        )
        .unwrap();
        assert_eq!(v[i], one);
    }
    // --ics still gives one calendar
    let ics = s.ect(&["schedule", "--all", "--ics"]);
    ics.code(0);
    assert!(ics.stdout.starts_with("BEGIN:VCALENDAR"));
}

#[test]
fn schedule_fits_the_width_by_shortening_module_names_only() {
    let s = long_module();
    let (code, wide, _) = ect_cols(&s, "250", &["schedule", "--pair", "ana-ben"]);
    assert_eq!(code, 0);
    // the year is its own column: the module shows without `year-1-`
    let full = &LONG["year-1-".len()..];
    assert!(wide.contains(full), "{wide}");
    for columns in [80, 100] {
        let (code, out, _) = ect_cols(&s, &columns.to_string(), &["schedule", "--pair", "ana-ben"]);
        assert_eq!(code, 0);
        assert!(widest(&out) <= columns, "wider than {columns}:\n{out}");
        assert!(!out.contains(full), "{out}");
        assert!(out.contains("routines-that"), "{out}");
        // the key columns are whole on every meeting line
        let meetings: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with(['M', 'T', 'W', 'F']))
            .collect();
        assert!(!meetings.is_empty());
        for (l, w) in meetings
            .iter()
            .zip(wide.lines().filter(|l| l.starts_with(['M', 'T', 'W', 'F'])))
        {
            assert_eq!(&l[..26], &w[..26], "date, year and term kept");
            let week = |x: &str| {
                x.split("  ")
                    .find(|c| c.starts_with("week "))
                    .map(str::to_string)
            };
            assert_eq!(week(l), week(w), "week kept: {l}");
        }
    }
    // not a terminal and no COLUMNS: 80
    let run = s.ect(&["schedule", "--pair", "ana-ben"]);
    assert!(widest(&run.stdout) <= 80, "{}", run.stdout);
}

#[test]
fn status_never_cuts_the_pair_or_its_place_and_follows_columns() {
    let s = long_module();
    let (_, wide, _) = ect_cols(&s, "200", &["status"]);
    assert!(wide.contains("routines-that-give-every-lesson"), "{wide}");
    let (_, narrow, _) = ect_cols(&s, "60", &["status"]);
    for id in ["ana-ben", "cy-dee", "eli-fay"] {
        assert!(narrow.contains(&format!("\n{id} ")), "{narrow}");
    }
    assert!(narrow.contains("Y1 aut w12"), "{narrow}");
    assert!(
        !narrow.contains("routines-that-give-every-lesson"),
        "{narrow}"
    );
    assert!(widest(&narrow) <= widest(&wide));
}

#[test]
fn status_says_which_week_it_describes_and_what_it_counts() {
    let s = Scratch::of("plans-school");
    let (code, out, _) = ect_cols(&s, "80", &["status", "--week", "2026-12-14"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "Where each pair is in the week of Monday 14 December 2026 (in 3 weeks).\nheld counts the meetings before today (Tuesday 24 November 2026); that week's\nhave not happened yet.\n"
        ),
        "{out}"
    );
    assert!(!out.contains("up to 23 November"), "{out}");
    let (_, out, _) = ect_cols(&s, "80", &["status", "--week", "2026-11-09"]);
    assert!(
        out.starts_with(
            "Where each pair is in the week of Monday 9 November 2026 (a past week).\nheld counts the meetings up to the end of that week (Sunday 15 November 2026).\n"
        ),
        "{out}"
    );
}
