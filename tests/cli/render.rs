//! `ect render --html`: agendas as one printable page. The page is checked as
//! HTML here, and printed to PDF by headless Chromium (Debian's `chromium`,
//! with `pdfinfo`/`pdftotext` from `poppler-utils`, both installed by
//! `.ci/run`; elsewhere the test says it skipped and why).

use crate::support::{Scratch, copy_dir};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The repository's own example, with the agendas of two weeks: the first
/// week's actions typed in by a mentor, so the second week carries them.
fn example_with_agendas() -> (Scratch, Vec<String>) {
    let s = Scratch::example();
    s.ect(&["agenda", "--week", "2026-11-23"]).code(0);
    let first = "plans/priya-shah-tom-okafor/agendas/2026-11-24.md";
    let typed = read(&s, first).replace(
        "- [ ] (an action: what, by whom, by when)",
        "- [ ] Seat 9B in the new plan by Friday\n- [x] Read the marking policy\n- [ ] Try cold calling with 8C every lesson",
    );
    s.write(first, &typed);
    s.ect(&["agenda", "--week", "2026-11-30"]).code(0);
    let mut agendas: Vec<String> = walkdir::WalkDir::new(s.path().join("plans"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        // the agendas only: the example also holds induction records
        .filter(|e| e.path().components().any(|c| c.as_os_str() == "agendas"))
        .map(|e| {
            e.path()
                .strip_prefix(s.path())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    agendas.sort();
    assert_eq!(agendas.len(), 5, "{agendas:?}");
    (s, agendas)
}

fn read(s: &Scratch, rel: &str) -> String {
    std::fs::read_to_string(s.path().join(rel)).unwrap()
}

/// Every tag of a page (text `<` is escaped, so each `<` starts one).
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|rest| &rest[..rest.find('>').expect("a tag closes")])
        .collect()
}

#[test]
fn a_folder_prints_every_agenda_on_one_page_in_path_order() {
    let (s, agendas) = example_with_agendas();
    let run = s.ect(&["render", "plans", "--html"]);
    run.code(0);
    let html = &run.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<article>").count(), agendas.len());
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("article + article { break-before: page;"));
    // in path order, each under its own small table
    let at: Vec<usize> = agendas
        .iter()
        .map(|a| html.find(&format!("<caption>{a}</caption>")).expect(a))
        .collect();
    assert!(at.is_sorted(), "{agendas:?}");
    assert!(html.contains(
        "<tr><th scope=\"row\">Pair</th><td>priya-shah-tom-okafor</td><th scope=\"row\">Mentor</th><td>Priya Shah</td></tr>"
    ));
    assert!(html.contains("<td>Tuesday 24 November 2026</td>"));
    // front matter as a table, not YAML; the agendas' checksums nowhere (the
    // page's own is a comment on its last line)
    for yaml in ["pair: ", "next_meeting:", "\n---\n"] {
        assert!(!html.contains(yaml), "`{yaml}` shown");
    }
    for agenda in &agendas {
        let text = read(&s, agenda);
        let sum = text
            .lines()
            .find_map(|l| l.strip_prefix("checksum: "))
            .unwrap();
        assert!(!html.contains(sum), "the checksum of {agenda} shown");
    }
    assert_eq!(html.matches("checksum").count(), 1);
    assert!(
        html.lines()
            .last()
            .unwrap()
            .starts_with("<!-- ect checksum: ")
    );
    // task lists are drawn boxes, ticked or not
    assert!(html.contains(
        "<li><span class=\"task\" role=\"img\" aria-label=\"not done\"></span>Seat 9B in the new plan by Friday</li>"
    ));
    assert!(html.contains(
        "<li><span class=\"task done\" role=\"img\" aria-label=\"done\"></span>Read the marking policy</li>"
    ));
    assert!(
        !html.contains("[ ]") && !html.contains("[x]"),
        "raw task markers"
    );
    // standalone: nothing fetched, no script
    for tag in tags(html) {
        let name = tag.split_whitespace().next().unwrap_or("");
        assert!(
            !["script", "link", "img", "iframe", "object", "input"].contains(&name),
            "`<{tag}>`"
        );
        assert!(
            !tag.contains("src=") && !tag.contains("http:") && !tag.contains("https:"),
            "`<{tag}>`"
        );
    }
    assert!(!html.contains("url(") && !html.contains("@import"));
    // one folder is no different from its files named one by one
    let named: Vec<&str> = ["render", "--html"]
        .into_iter()
        .chain(agendas.iter().map(String::as_str))
        .collect();
    assert_eq!(s.ect(&named).stdout, run.stdout);
}

#[test]
fn what_a_mentor_typed_is_shown_never_run() {
    let (s, _) = example_with_agendas();
    let rel = "plans/priya-shah-tom-okafor/agendas/2026-12-01.md";
    let typed = read(&s, rel).replace(
        "Write notes from the meeting here.",
        "Tom said <script>alert('hi')</script> & <b>laughed</b>.\n\n<iframe src=\"https://example.org\"></iframe>\n\n![the seating plan](https://example.org/plan.png) and [a link](javascript:alert(1))",
    );
    s.write(rel, &typed);
    let run = s.ect(&["render", rel, "--html"]);
    run.code(0);
    let body = run.stdout.split("<body>").nth(1).unwrap();
    assert!(
        body.contains(
            "Tom said &lt;script&gt;alert('hi')&lt;/script&gt; &amp; &lt;b&gt;laughed&lt;/b&gt;."
        ),
        "{body}"
    );
    assert!(body.contains("&lt;iframe src=\"https://example.org\"&gt;&lt;/iframe&gt;"));
    assert!(body.contains("[picture: the seating plan]"));
    assert!(
        body.contains(" and a link</p>"),
        "the unsafe address is dropped: {body}"
    );
    for raw in ["<script", "<iframe", "<b>", "<img", "javascript:"] {
        assert!(!body.contains(raw), "`{raw}` passed through");
    }
}

#[test]
fn writes_where_it_is_told_and_only_over_its_own_pages() {
    let (s, agendas) = example_with_agendas();
    let run = s.ect(&["render", "plans", "--html", "-o", "print"]);
    run.code(0);
    assert_eq!(run.stdout, "created  print/agendas.html\n");
    let page = read(&s, "print/agendas.html");
    assert_eq!(page.matches("<article>").count(), agendas.len());
    assert!(page.ends_with(" -->\n") && page.contains("\n<!-- ect checksum: "));
    assert_eq!(
        s.ect(&["render", "plans", "--html", "-o", "print"]).stdout,
        "unchanged  print/agendas.html\n"
    );
    // the same page on standard output, its links rebased to the current
    // folder instead of `print/` (the checksum line follows the text)
    let without_sum = |p: &str| p[..p.rfind("<!-- ect checksum: ").unwrap()].to_string();
    let stdout = s.ect(&["render", "plans", "--html"]).stdout;
    assert_eq!(
        without_sum(&stdout).replace("href=\"curriculum/", "href=\"../curriculum/"),
        without_sum(&page)
    );
    // one pair's agendas: the page says whose
    let one = s.ect(&[
        "render",
        "plans/priya-shah-tom-okafor",
        "--html",
        "-o",
        "print",
    ]);
    assert_eq!(
        one.stdout,
        "created  print/priya-shah-tom-okafor-agendas.html\n"
    );
    assert_eq!(
        read(&s, "print/priya-shah-tom-okafor-agendas.html")
            .matches("<article>")
            .count(),
        2
    );
    // one file is named after its pair and date
    let single = s.ect(&[
        "render",
        "plans/helen-carter-sam-adeyemi/agendas/2026-12-03.md",
        "--html",
        "-o",
        "print",
    ]);
    single.code(0);
    assert_eq!(
        single.stdout,
        "created  print/helen-carter-sam-adeyemi-2026-12-03.html\n"
    );
    // a page someone else made, or changed, is never replaced
    s.write("print/agendas.html", "<p>the office's own page</p>\n");
    let before = s.snapshot();
    let refused = s.ect(&["render", "plans", "--html", "-o", "print"]);
    refused.code(2);
    assert!(
        refused
            .stderr
            .contains("agendas.html` exists and was not written by `ect`"),
        "{}",
        refused.stderr
    );
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_folder_named_on_the_command_line_is_honoured_outside_the_repository() {
    let (s, agendas) = example_with_agendas();
    // an absolute folder elsewhere, created if need be
    let desktop = tempfile::tempdir().unwrap();
    let print = desktop.path().join("print");
    let run = s.ect(&["render", "plans", "--html", "-o", print.to_str().unwrap()]);
    run.code(0);
    assert_eq!(
        run.stdout,
        format!("created  {}/agendas.html\n", print.display())
    );
    let page = std::fs::read_to_string(print.join("agendas.html")).unwrap();
    assert_eq!(page.matches("<article>").count(), agendas.len());
    // a relative one, above the repository: run from a folder beside it
    let outer = tempfile::tempdir().unwrap();
    let repo = outer.path().join("school");
    copy_dir(s.path(), &repo);
    let out = assert_cmd::Command::cargo_bin("ect")
        .unwrap()
        .current_dir(repo.join("plans"))
        .args(["render", ".", "--html", "-o", "../../handouts"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "created  ../../handouts/agendas.html\n"
    );
    assert!(outer.path().join("handouts/agendas.html").is_file());
    // a folder that is a symbolic link the person chose is followed, as any
    // program would
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), s.path().join("linked")).unwrap();
        s.ect(&["render", "plans", "--html", "-o", "linked"])
            .code(0);
        assert!(elsewhere.path().join("agendas.html").is_file());
    }
    // a file where the folder should be is refused, and left alone
    s.write("notes.txt", "mine\n");
    let run = s.ect(&["render", "plans", "--html", "-o", "notes.txt"]);
    run.code(2);
    assert!(
        run.stderr.contains("`notes.txt` is a file, not a folder"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&s, "notes.txt"), "mine\n");
}

#[test]
fn bad_files_stop_the_run_name_the_file_and_write_nothing() {
    let (s, _) = example_with_agendas();
    s.write("plans/notes.md", "# Notes without front matter\n");
    std::fs::write(
        s.path().join("plans/latin1.md"),
        b"---\nect: Ren\xe9e\n---\n",
    )
    .unwrap();
    let good = "plans/priya-shah-tom-okafor/agendas/2026-11-24.md";
    let before = s.snapshot();
    for (file, message) in [
        (
            "plans/missing.md",
            "error: `plans/missing.md` does not exist; nothing was written\n",
        ),
        (
            "plans/latin1.md",
            "error: `plans/latin1.md`: file is not UTF-8 text (bad byte at offset 12); nothing was written\n",
        ),
        (
            "plans/priya-shah-tom-okafor/pair.yaml",
            "error: `plans/priya-shah-tom-okafor/pair.yaml` is not a Markdown file: `ect render` prints agendas and action plans (`.md` files); nothing was written\n",
        ),
        (
            "plans/notes.md",
            "error: `plans/notes.md`: no front matter (a first line `---`): not an agenda or action plan written by `ect`; nothing was written\n",
        ),
        (
            "curriculum",
            "error: `curriculum` holds no agendas or action plans (`.md` files in `agendas/` or `action-plans/` folders); nothing was written\n",
        ),
    ] {
        let run = s.ect(&["render", good, file, "--html", "-o", "print"]);
        run.code(2);
        assert_eq!(run.stderr, message);
        assert_eq!(run.stdout, "");
    }
    // every bad file is named, not just the first
    let all = s.ect(&[
        "render",
        "plans/missing.md",
        good,
        "plans/notes.md",
        "--html",
    ]);
    all.code(2);
    assert_eq!(all.stdout, "");
    assert!(all.stderr.starts_with("error: cannot render 2 of the files; nothing was written:\n  `plans/missing.md` does not exist\n  `plans/notes.md`: no front matter"), "{}", all.stderr);
    assert_eq!(s.snapshot(), before);
    s.ect(&["render", good]).code(2);
}

// --- printed by a real browser

/// `chromium`, `pdfinfo` and `pdftotext`, or why the test cannot run.
fn printing_tools() -> Option<()> {
    let missing: Vec<&str> = ["chromium", "pdfinfo", "pdftotext"]
        .into_iter()
        .filter(|tool| {
            Command::new(tool)
                .arg(if *tool == "chromium" {
                    "--version"
                } else {
                    "-v"
                })
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_err()
        })
        .collect();
    if missing.is_empty() {
        return Some(());
    }
    crate::support::skip(&format!(
        "{} not installed (`apt-get install chromium poppler-utils`)",
        missing.join(", ")
    ));
    None
}

/// Runs `cmd` to its end, killing it after `limit`.
fn run_for(mut cmd: Command, limit: Duration) -> std::process::Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tool starts");
    let id = child.id();
    let start = Instant::now();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    loop {
        if let Ok(out) = rx.recv_timeout(Duration::from_millis(200)) {
            return out.expect("the tool ran");
        }
        if start.elapsed() > limit {
            let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
            panic!("{cmd:?} took more than {limit:?}");
        }
    }
}

fn print_to_pdf(html: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("chromium");
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .arg(format!("--print-to-pdf={}", pdf.display()))
    .arg("--no-pdf-header-footer")
    .arg(format!("file://{}", html.display()));
    let out = run_for(cmd, Duration::from_secs(120));
    assert!(
        out.status.success() && pdf.is_file(),
        "chromium failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let mut cmd = Command::new(name);
    cmd.args(args).arg(pdf);
    if name == "pdftotext" {
        cmd.arg("-");
    }
    let out = run_for(cmd, Duration::from_secs(60));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs of white space as one space: the PDF's lines wrap anywhere.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn headless_chromium_prints_each_agenda_from_a_new_a4_page() {
    if printing_tools().is_none() {
        return;
    }
    let (s, agendas) = example_with_agendas();
    s.ect(&["render", "plans", "--html", "-o", "print"]).code(0);
    let html: PathBuf = s.path().join("print/agendas.html");
    let pdf = s.path().join("print/agendas.pdf");
    print_to_pdf(&html, &pdf);

    let info = tool("pdfinfo", &[], &pdf);
    let field = |key: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no `{key}` in\n{info}"))
            .to_string()
    };
    let pages: usize = field("Pages:").parse().unwrap();
    // ruled space and all, an agenda takes one A4 page where it fits and
    // never more than two (the session's intentions, activities, materials
    // and questions make most of these run onto a second)
    assert!(
        pages >= agendas.len() && pages <= 2 * agendas.len(),
        "{pages} pages for {} agendas",
        agendas.len()
    );
    assert!(field("Page size:").contains("(A4)"), "{info}");

    // each agenda starts a page of its own, in order
    let mut starts = Vec::new();
    for page in 1..=pages {
        let n = page.to_string();
        let text = tool("pdftotext", &["-f", &n, "-l", &n, "-layout"], &pdf);
        if let Some(i) = agendas
            .iter()
            .position(|a| text.trim_start().starts_with(a.as_str()))
        {
            starts.push(i);
        }
    }
    assert_eq!(
        starts,
        (0..agendas.len()).collect::<Vec<_>>(),
        "agendas starting a page"
    );

    let text = words(&tool("pdftotext", &[], &pdf));
    for expected in [
        // names, dates, the programme position
        "Mentor meeting: Priya Shah and Tom Okafor, Tuesday 24 November 2026",
        "Mentor meeting: Priya Shah and Tom Okafor, Tuesday 1 December 2026",
        "Mentor meeting: Daniel Brooks and Aisha Rahman, Thursday 26 November 2026",
        "Helen Carter",
        "Sam Adeyemi",
        "Next meeting: Tuesday 8 December 2026.",
        // the actions a mentor typed, and the same ones carried a week on
        "Seat 9B in the new plan by Friday",
        "Seat 9B in the new plan by Friday (agreed 2026-11-24)",
        "Try cold calling with 8C every lesson (agreed 2026-11-24)",
        "Read the marking policy",
        "Actions agreed",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` is not in the PDF:\n{text}"
        );
    }
    assert!(!text.contains("checksum"), "the checksum was printed");
    // Notes and Actions agreed side by side, on every page
    let layout = tool("pdftotext", &["-layout"], &pdf);
    let side_by_side = layout
        .lines()
        .filter(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            w == ["Notes", "Actions", "agreed"]
        })
        .count();
    assert_eq!(side_by_side, agendas.len(), "{layout}");
}

#[test]
fn action_plans_print_with_the_agendas() {
    let (s, _) = example_with_agendas();
    let plan = "plans/priya-shah-tom-okafor/action-plans/2026-11-24.md";
    s.write(
        plan,
        "---\npair: priya-shah-tom-okafor\ncreated: 2026-11-24\nreview: 2027-01-12\nstatus: active\n---\n\n\
         # Action plan: Priya Shah and Tom Okafor, Tuesday 24 November 2026\n\n\
         ## Target: Tom starts every Year 9 lesson with a silent retrieval task\n\n\
         - Measure: pupils are working within two minutes of arriving\n- Standard: 7\n- Due: 2026-12-18\n- Status: open\n\n\
         Action steps:\n\n- [x] Write five starters for 9B, by 2026-11-27\n- [ ] Film one lesson start, by 2026-12-04\n",
    );
    let run = s.ect(&["render", "plans/priya-shah-tom-okafor", "--html"]);
    run.code(0);
    let html = &run.stdout;
    // by path: the plan's folder sorts before the agendas'
    let captions: Vec<&str> = html
        .match_indices("<caption>")
        .map(|(i, _)| &html[i + 9..i + html[i..].find("</caption>").unwrap()])
        .collect();
    assert_eq!(
        captions,
        [
            plan,
            "plans/priya-shah-tom-okafor/agendas/2026-11-24.md",
            "plans/priya-shah-tom-okafor/agendas/2026-12-01.md"
        ]
    );
    assert!(html.contains(
        "<th scope=\"row\">Review</th><td>Tuesday 12 January 2027</td><th scope=\"row\">Status</th><td>active</td>"
    ), "{html}");
    assert!(
        html.contains(
            "<h2>Target: Tom starts every Year 9 lesson with a silent retrieval task</h2>"
        )
    );
    assert!(html.contains("<li><span class=\"task done\" role=\"img\" aria-label=\"done\"></span>Write five starters for 9B, by 2026-11-27</li>"));
    let one = s.ect(&["render", plan, "--html", "-o", "print"]);
    assert_eq!(
        one.stdout,
        "created  print/priya-shah-tom-okafor-action-plan-2026-11-24.html\n"
    );
}

#[test]
fn links_open_from_the_printed_page_wherever_it_is_written() {
    // the agenda's links are relative to its folder: on a page written
    // elsewhere they led nowhere
    let (s, _) = example_with_agendas();
    let outside = tempfile::tempdir().unwrap();
    for (args, dir) in [
        (
            vec!["render", "plans", "--html", "-o", "print"],
            s.path().join("print"),
        ),
        (
            vec![
                "render",
                "plans",
                "--html",
                "-o",
                outside.path().to_str().unwrap(),
            ],
            outside.path().to_path_buf(),
        ),
    ] {
        s.ect(&args).code(0);
        let page = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.path().extension().is_some_and(|x| x == "html"))
            .expect("a page");
        let html = std::fs::read_to_string(page.path()).unwrap();
        let mut checked = 0;
        for href in html
            .split("href=\"")
            .skip(1)
            .filter_map(|h| h.split('"').next())
        {
            if href.contains("://") || href.starts_with('#') {
                continue;
            }
            let path = href.split('#').next().unwrap().replace("%20", " ");
            assert!(
                dir.join(&path).exists(),
                "`{href}` on the page in {} leads nowhere",
                dir.display()
            );
            checked += 1;
        }
        assert!(checked >= 3, "only {checked} links checked");
    }
}
