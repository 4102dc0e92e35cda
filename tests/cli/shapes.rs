//! The catalogue of session shapes (`tests/fixtures/shapes`): sessions
//! written in several invented authors' styles (outcomes under other
//! headings and lead-ins, framework statements in prose, timed headings with
//! long labels and brackets, ranges, bare times under headings, grouping
//! headings, untimed sessions). `ect` reads each as written, validates the
//! lot without a diagnostic, and writes agendas that carry the session.

use crate::support::{Scratch, expect_file, fixtures};
use std::path::Path;

const WEEKS: [&str; 8] = [
    "2026-09-07",
    "2026-09-14",
    "2026-09-21",
    "2026-09-28",
    "2026-10-05",
    "2026-10-12",
    "2026-10-19",
    "2026-11-02",
];

#[test]
fn the_catalogue_validates_without_a_diagnostic() {
    let s = Scratch::of("shapes");
    let run = s.ect(&["validate"]);
    run.code(0);
    assert!(
        run.stdout.ends_with("0 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
    // and so do the agendas written from it
    for week in WEEKS {
        s.ect(&["agenda", "--week", week]).code(0);
    }
    let run = s.ect(&["validate"]);
    run.code(0);
    assert!(
        run.stdout.ends_with("0 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

/// What `inspect --format json` understood of each mentor session, one
/// block per file: intentions by lead-in, activities with minutes and
/// parts, totals, and the minute figures it did not count.
#[test]
fn every_style_is_read_as_written() {
    let s = Scratch::of("shapes");
    let mut files: Vec<_> = walkdir::WalkDir::new(s.path().join("curriculum"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.to_string_lossy().ends_with("-mentor-materials.md"))
        .collect();
    files.sort();
    let mut out = String::new();
    for path in files {
        let rel = path
            .strip_prefix(s.path())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let run = s.ect(&["inspect", &rel, "--format", "json"]);
        run.code(0);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        out.push_str(&format!("== {rel}\n"));
        let flat: Vec<&str> = v["learning_intentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        let mut grouped = 0;
        for g in v["learning_intention_groups"].as_array().unwrap() {
            out.push_str(&format!(
                "intentions under {:?}:\n",
                g["lead_in"].as_str().unwrap()
            ));
            for item in g["items"].as_array().unwrap() {
                out.push_str(&format!("  - {}\n", item.as_str().unwrap()));
                grouped += 1;
            }
        }
        // the flat list is the same intentions, links reduced to words
        assert_eq!(flat.len(), grouped, "{rel}");
        fn segments(v: &serde_json::Value, depth: usize, out: &mut String) {
            for seg in v.as_array().unwrap() {
                let minutes = match seg["max_minutes"].as_u64() {
                    Some(max) => format!("{}-{max}", seg["minutes"]),
                    None => seg["minutes"].to_string(),
                };
                out.push_str(&format!(
                    "{:width$}{minutes} min: {} (line {})\n",
                    "",
                    seg["label"].as_str().unwrap(),
                    seg["line"],
                    width = 2 * depth
                ));
                if let Some(parts) = seg.get("parts") {
                    segments(parts, depth + 1, out);
                }
            }
        }
        segments(&v["segments"], 0, &mut out);
        out.push_str(&format!(
            "total {} max {} declared {}\n",
            v["total_minutes"], v["total_minutes_max"], v["declared_minutes"]
        ));
        // what an agenda takes from it
        for a in v["activities"].as_array().unwrap() {
            out.push_str(&format!(
                "agenda: {} {} ({} parts, {} materials, {} questions)\n",
                a["label"].as_str().unwrap(),
                a["minutes"],
                a["parts"].as_array().unwrap().len(),
                a["materials"].as_array().unwrap().len(),
                a["questions"].as_array().unwrap().len()
            ));
        }
        for u in v["unclaimed_minutes"].as_array().unwrap() {
            out.push_str(&format!(
                "not counted: line {} `{}`\n",
                u["line"],
                u["text"].as_str().unwrap()
            ));
        }
    }
    expect_file(&fixtures().join("shapes/inspect.out"), &out);
}

/// Every relative link in `text` (a file in `dir`) names a file that exists.
fn links_resolve(dir: &Path, text: &str) -> usize {
    let re = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut n = 0;
    for c in re.captures_iter(text) {
        let target = &c[1];
        if target.starts_with("https://") {
            continue;
        }
        let decoded = target
            .replace("%20", " ")
            .replace("%28", "(")
            .replace("%29", ")");
        assert!(
            dir.join(&decoded).is_file(),
            "{target} from {}",
            dir.display()
        );
        n += 1;
    }
    n
}

#[test]
fn agendas_carry_link_intentions_activities_materials_and_questions() {
    let s = Scratch::of("shapes");
    for week in WEEKS {
        s.ect(&["agenda", "--week", week]).code(0);
    }
    let dir = s.path().join("plans/kim-lou/agendas");
    let read = |date: &str| std::fs::read_to_string(dir.join(format!("{date}.md"))).unwrap();
    let mut links = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        links += links_resolve(&dir, &text);
    }
    // seven sessions' links, two intention links and four materials in the
    // curriculum (the video is an outside address)
    assert_eq!(links, 7 + 2 + 4);

    let first = read("2026-09-09");
    assert!(first.contains("Session: [Year 1 Autumn week 1 mentor materials](../../../curriculum/styles/year-1-talk/autumn-week-1-mentor-materials.md) (The talk audit)."));
    assert!(first.contains(
        "This week the new teacher will be able to:\n\n- Use the [talk audit](../../../curriculum/assets/styles/talk-audit.pdf) to describe"
    ));
    assert!(first.contains("### 2. Choosing a class (KS3) for the first trial (15 minutes)\n\nMaterials:\n\n- [sentence stems](../../../curriculum/assets/styles/sentence%20stems%20%28KS3%29.pdf)\n"));
    assert!(first.contains("Questions:\n\n- Who spoke most in your last lesson with Year 8?\n- Which pupils did not speak at all?\n- Why might that be?\n"));
    assert!(first.contains("Total: 45 minutes."));

    let ranges = read("2026-09-16");
    assert!(ranges.contains("### 1. Warm-up (5 to 10 minutes)"));
    assert!(ranges.contains("Total: 35 to 45 minutes."));

    // no times at all: the session's parts, and a split of the 25 minutes
    // the 45-minute meeting's plan leaves it after review, coaching and
    // actions
    let untimed = read("2026-09-23");
    assert!(untimed.contains("- Year 1 Autumn week 3 mentor materials: 25 minutes\n"));
    assert!(untimed.contains("The provider gives no times for these. Below are the session's parts in order, with a suggested split of the 25 minutes the meeting has for it"));
    assert!(untimed.contains("### 1. Look at a recording (about 10 minutes)"));
    assert!(
        untimed
            .contains("- [the questioning clip](https://video.example.org/watch/questioning-clip)")
    );
    assert!(untimed.contains("### 3. Script three questions (about 5 minutes)"));
    assert!(!untimed.contains("Total:"));

    // a timed heading's timed sub-headings are its parts
    let parts = read("2026-09-30");
    assert!(parts.contains("### 2. Main task (25 minutes)\n\nParts:\n\n- Part one: watching (10 minutes)\n- Part two: leading (15 minutes)\n"));
    assert!(parts.contains("### 3. Plenary (10 minutes)"));
    assert!(parts.contains("Total: 45 minutes."));

    let framework = read("2026-10-07");
    assert!(
        framework.contains("In this session your ECT will learn that:\n\n- Pupils write better")
    );
    assert!(framework.contains("Learn how to move from talk to writing in one lesson, by:\n\n- Modelling the sentence out loud first.\n- Giving pupils a stem to finish.\n"));
    assert!(framework.contains("### 2. Modelling the move to writing (20 to 25 minutes)"));
}

#[test]
fn a_broken_pagination_pair_is_reported_on_both_pages() {
    let s = Scratch::of("shapes");
    let reflection = "curriculum/styles/year-1-talk/autumn-week-2-ect-reflection.md";
    let text = std::fs::read_to_string(s.path().join(reflection)).unwrap();
    s.write(
        reflection,
        &text.replace(
            "previous_path: \"/styles/year-1-talk/autumn-week-2-ect-reading\"",
            "previous_path: \"/styles/year-1-talk/autumn-week-2-mentor-materials\"",
        ),
    );
    let run = s.ect(&["validate", "--format", "json"]);
    run.code(1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut pages: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "pagination")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    pages.sort();
    // reading says reflection is next, reflection disagrees: both pages; and
    // reflection now names the mentor materials as previous, which do not
    // name it as next: both of those pages too
    assert_eq!(
        pages,
        [
            "curriculum/styles/year-1-talk/autumn-week-2-ect-reading.md",
            "curriculum/styles/year-1-talk/autumn-week-2-ect-reflection.md",
            "curriculum/styles/year-1-talk/autumn-week-2-ect-reflection.md",
            "curriculum/styles/year-1-talk/autumn-week-2-mentor-materials.md"
        ]
    );
}

#[test]
fn an_overview_checks_weeks_only_of_its_own_module() {
    let s = Scratch::of("shapes");
    // the catalogue's second module links back to week 3 of the first from
    // its `Week 1` section: no diagnostic (see the clean validate above); a
    // week 1 section linking to a week 2 page of its own module is one
    let overview = "curriculum/styles/year-1-talk.md";
    let text = std::fs::read_to_string(s.path().join(overview)).unwrap();
    s.write(
        overview,
        &text.replace(
            "## Week 1: the talk audit\n",
            "## Week 1: the talk audit\n\nSee also [paired talk](/styles/year-1-talk/autumn-week-2-mentor-materials).\n",
        ),
    );
    let run = s.ect(&["validate"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("error[overview]: the `Week 1` section links to a week 2 page"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("[overview]").count(),
        1,
        "{}",
        run.stdout
    );
}

/// HTML, links and block markers written in other hands than the corpus's:
/// attribute names in capitals, spaces around `=`, a long s (`ſrc`, which
/// HTML's case rules do not make `src` but the check's pattern, read as
/// written, does), an address with an ideographic space, a marker in
/// capitals. Each is found, and only once where it is one problem.
#[test]
fn html_links_and_markers_in_other_hands_are_read() {
    let s = Scratch::of("shapes");
    let page = "curriculum/styles/year-1-talk/autumn-week-4-mentor-materials.md";
    let text = std::fs::read_to_string(s.path().join(page)).unwrap();
    s.write(
        page,
        &format!(
            "{text}\n<figure><img SRC = \"/assets/chart.png\" alt=\"a chart\"> <img alt=\"nothing to show\"> <img ſrc=\"/assets/map.png\" alt=\"a map\"></figure>\n\n<p>Read <a HREF = 'https://staging.example.org/notes'>the notes</a> first.</p>\n\nSee [the audit sheet](https://example.org/audit\u{3000}sheet) before the meeting.\n\n{{Details}}\nHidden until opened.\n{{/details}}\n"
        ),
    );
    let run = s.ect(&["validate", "--format", "json"]);
    run.code(1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == page)
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        (
            "broken-link",
            "link `/assets/chart.png` resolves to no file",
        ),
        ("stray-html", "`<img>` has no `src`, so it shows nothing"),
        ("broken-link", "link `/assets/map.png` resolves to no file"),
        (
            "bad-url",
            "address `https://staging.example.org/notes` points at a staging site (`staging.example.org`)",
        ),
        (
            "bad-url",
            "address `https://example.org/audit\u{3000}sheet` has a space inside",
        ),
        (
            "unbalanced-block",
            "`{Details}` is not a block marker: markers are lowercase",
        ),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(r, m)| (r.to_string(), m.to_string()))
        .collect();
    assert_eq!(found, want, "{}", run.stdout);
}
