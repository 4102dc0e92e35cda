//! Generated agendas pass markdownlint-cli2's default rules except MD013
//! (line length). `.ci/run` installs markdownlint-cli2 under
//! `target/markdownlint`; elsewhere the test says it skipped and why.

use crate::support::Scratch;
use std::path::Path;

fn markdownlint() -> Option<std::path::PathBuf> {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/markdownlint/node_modules/.bin/markdownlint-cli2");
    if bin.is_file() {
        return Some(bin);
    }
    crate::support::skip(
        "markdownlint-cli2 is not installed (run `npm install --prefix target/markdownlint markdownlint-cli2`)",
    );
    None
}

#[test]
fn generated_agendas_pass_markdownlint() {
    let Some(lint) = markdownlint() else { return };
    let s = Scratch::example();
    // every kind of agenda: first meetings, consolidation weeks, carried
    // actions, year 2, the last week of the calendar
    for week in [
        "2026-09-07",
        "2026-09-14",
        "2026-10-19",
        "2026-11-23",
        "2027-01-04",
        "2027-07-19",
    ] {
        s.ect(&["agenda", "--week", week]).code(0);
    }
    let agendas: Vec<_> = walkdir::WalkDir::new(s.path().join("plans"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .collect();
    assert!(agendas.len() >= 12, "only {} agendas", agendas.len());
    assert_agendas_pass(&lint, &s);
}

/// The agendas written from the catalogue of session styles (materials,
/// questions, parts, lead-ins, ranges, untimed plans) pass too.
#[test]
fn agendas_from_every_session_style_pass_markdownlint() {
    let Some(lint) = markdownlint() else { return };
    let s = crate::support::Scratch::of("shapes");
    for week in [
        "2026-09-07",
        "2026-09-14",
        "2026-09-21",
        "2026-09-28",
        "2026-10-05",
        "2026-10-12",
        "2026-11-02",
    ] {
        s.ect(&["agenda", "--week", week]).code(0);
    }
    assert_agendas_pass(&lint, &s);
}

/// Runs markdownlint-cli2 (default rules but MD013, line length) over every
/// Markdown file under the scratch folder's `plans/`, failing with what it
/// found.
fn assert_agendas_pass(lint: &Path, s: &crate::support::Scratch) {
    s.write(
        ".markdownlint-cli2.jsonc",
        "{ \"config\": { \"MD013\": false } }\n",
    );
    let out = std::process::Command::new(lint)
        .current_dir(s.path())
        .arg("plans/**/*.md")
        .output()
        .expect("markdownlint-cli2 runs");
    assert!(
        out.status.success(),
        "markdownlint found problems:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
