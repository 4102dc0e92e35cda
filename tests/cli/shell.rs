//! The shell: completion scripts and the man page from the clap definition,
//! checked with the real bash and man where they are installed; `--color`,
//! `NO_COLOR` and `-q` on every command.

use crate::support::Scratch;
use std::process::Command;

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn completion_scripts_for_every_shell_name_the_commands() {
    let s = Scratch::empty();
    for (shell, marker) in [
        ("bash", "complete -F _ect"),
        ("zsh", "#compdef ect"),
        ("fish", "complete -c ect"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[ect]"),
    ] {
        let run = s.ect(&["completions", shell]);
        run.code(0);
        assert!(run.stdout.contains(marker), "{shell}: no {marker:?}");
        for word in ["validate", "agenda", "init", "import", "update", "color"] {
            assert!(run.stdout.contains(word), "{shell}: no {word}");
        }
    }
    let bad = s.ect(&["completions", "tcsh"]);
    bad.code(2);
    assert!(bad.stderr.contains("possible values"), "{}", bad.stderr);
}

#[test]
fn bash_completes_commands_and_flags() {
    if !installed("bash") {
        crate::support::skip("bash is not installed");
        return;
    }
    let s = Scratch::empty();
    let script = s.ect(&["completions", "bash"]).stdout;
    s.write("ect.bash", &script);
    let complete = |words: &[&str]| -> Vec<String> {
        let line = words.join(" ");
        let program = format!(
            "source ./ect.bash\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT={}\n_ect ect '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(" "),
            words.len() - 1,
            line.len(),
            words[words.len() - 1],
            words[words.len() - 2],
        );
        let out = Command::new("bash")
            .arg("-c")
            .arg(program)
            .current_dir(s.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect()
    };
    let got = complete(&["ect", "pa"]);
    assert_eq!(got, ["pair"]);
    let got = complete(&["ect", "pair", ""]);
    assert!(
        got.contains(&"add".to_string()) && got.contains(&"import".to_string()),
        "{got:?}"
    );
    let got = complete(&["ect", "pair", "add", "--d"]);
    assert!(got.contains(&"--day".to_string()), "{got:?}");
    let got = complete(&["ect", "completions", ""]);
    for shell in ["bash", "zsh", "fish", "powershell"] {
        assert!(got.contains(&shell.to_string()), "{got:?}");
    }
}

#[test]
fn the_man_page_covers_every_command_and_flag() {
    let s = Scratch::empty();
    let run = s.ect(&["man"]);
    run.code(0);
    let page = &run.stdout;
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq") || page.contains(".TH ect 1"),
        "{page}"
    );
    for section in [
        "ECT VALIDATE",
        "ECT AGENDA",
        "ECT INIT",
        "ECT PAIR ADD",
        "ECT PAIR IMPORT",
        "ECT COMPLETIONS",
    ] {
        assert!(page.contains(&format!(".SH \"{section}\"")), "no {section}");
    }
    for flag in [
        "\\-\\-update",
        "\\-\\-mentor",
        "\\-\\-deny\\-warnings",
        "\\-\\-color",
    ] {
        assert!(page.contains(flag), "no {flag}");
    }
    if !installed("man") || !installed("groff") {
        crate::support::skip("man or groff is not installed, so the page is not rendered");
        return;
    }
    s.write("ect.1", page);
    let out = Command::new("man")
        .args(["-l", "ect.1"])
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .current_dir(s.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for want in ["ECT PAIR IMPORT", "--update", "SYNOPSIS", "--mentor <NAME>"] {
        assert!(
            text.contains(want),
            "{want:?} not in the rendered page:\n{text}"
        );
    }
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository to run every command in.
fn school() -> Scratch {
    let s = Scratch::empty();
    s.ect(&["-q", "init"]).code(0);
    s.write(
        "pairs.csv",
        "mentor,ect,start,meeting day\nKim Park,Lee Ross,2026-09-02,monday\n",
    );
    s
}

/// Every command, with arguments that make it run.
const COMMANDS: &[&[&str]] = &[
    &["validate"],
    &[
        "inspect",
        "curriculum/example/year-1-first-weeks/autumn-week-1-mentor-materials.md",
    ],
    &["explain", "broken-link"],
    &["schedule", "--pair", "jo-smith-alex-lee"],
    &["agenda", "--week", "2026-11-23", "--dry-run"],
    &[
        "pair",
        "add",
        "--mentor",
        "A B",
        "--ect",
        "C D",
        "--start",
        "2026-09-02",
        "--day",
        "monday",
        "--dry-run",
    ],
    &["pair", "import", "pairs.csv", "--dry-run"],
    &["completions", "bash"],
    &["man"],
];

#[test]
fn global_flags_work_on_every_command() {
    let s = school();
    for args in COMMANDS {
        for flags in [
            &["--color", "never"][..],
            &["--color", "always"],
            &["--color", "auto"],
            &["-q"],
            &["--quiet", "--color", "never"],
        ] {
            // before the command and after it
            for all in [[flags, args].concat(), [args, flags].concat()] {
                let run = s.ect(&all);
                assert_eq!(run.code, 0, "{all:?}\n{}{}", run.stdout, run.stderr);
                if flags.contains(&"never") || flags.contains(&"auto") {
                    assert!(
                        !run.stdout.contains('\x1b') && !run.stderr.contains('\x1b'),
                        "{all:?} printed colour"
                    );
                }
            }
        }
    }
}

#[test]
fn no_color_and_color_flags_on_errors() {
    let s = school();
    let bad: &[&[&str]] = &[
        &["agenda", "--week", "someday"],
        &["schedule", "--pair", "nobody"],
        &["inspect", "nowhere.md"],
        &[
            "pair", "add", "--mentor", "A", "--ect", "B", "--start", "x", "--day", "monday",
        ],
        &["pair", "import", "missing.csv"],
    ];
    for args in bad {
        let always = s.ect(&[&["--color", "always"][..], args].concat());
        assert_eq!(always.code, 2, "{args:?}: {}", always.stderr);
        assert!(
            always.stderr.contains("\x1b[1;31merror\x1b[0m"),
            "{args:?}: {:?}",
            always.stderr
        );
        let never = s.ect(&[&["--color", "never"][..], args].concat());
        assert!(
            never.stderr.starts_with("error: "),
            "{args:?}: {:?}",
            never.stderr
        );
        assert!(!never.stderr.contains('\x1b'));
        let out = assert_cmd::Command::cargo_bin("ect")
            .unwrap()
            .current_dir(s.path())
            .env("NO_COLOR", "1")
            .env("ECT_TODAY", "2026-11-23")
            .args(*args)
            .output()
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains('\x1b'),
            "{args:?}"
        );
    }
    // refusals (exit 1) colour their `error` the same way
    s.write("taken/ect.yaml", "");
    let pair = [
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
    for args in [&["init", "taken"][..], &pair] {
        let always = s.ect(&[&["--color", "always"][..], args].concat());
        always.code(1);
        assert!(
            always.stderr.starts_with("\x1b[1;31merror\x1b[0m: "),
            "{:?}",
            always.stderr
        );
        let never = s.ect(&[&["--color", "never"][..], args].concat());
        never.code(1);
        assert!(never.stderr.starts_with("error: "), "{:?}", never.stderr);
    }
}

#[test]
fn quiet_silences_reports_but_not_what_was_asked_for() {
    let s = school();
    // commands whose output is the point still print it
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["explain", "broken-link"],
    ] {
        let run = s.ect(&[&["-q"][..], args].concat());
        run.code(0);
        assert!(!run.stdout.is_empty(), "{args:?}");
    }
    // reports of what was done are silenced
    for args in [
        &["agenda", "--week", "2026-11-23"][..],
        &["pair", "import", "pairs.csv"],
        &[
            "pair",
            "add",
            "--mentor",
            "E F",
            "--ect",
            "G H",
            "--start",
            "2026-09-02",
            "--day",
            "monday",
        ],
        &["init", "another", "--ect-source", "https://example.org/ect"],
    ] {
        let run = s.ect(&[&["-q"][..], args].concat());
        run.code(0);
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(run.stderr, "", "{args:?}");
    }
    assert!(s.path().join("plans/e-f-g-h/pair.yaml").is_file());
    assert!(s.path().join("plans/kim-park-lee-ross/pair.yaml").is_file());
}

#[test]
fn errors_name_the_file_and_what_to_do() {
    let s = school();
    s.write(
        "plans/jo-smith-alex-lee/pair.yaml",
        "mentor: Jo\nect: [Al\n",
    );
    let run = s.ect(&["schedule", "--pair", "jo-smith-alex-lee"]);
    run.code(2);
    assert!(
        run.stderr.contains("plans/jo-smith-alex-lee/pair.yaml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("correct"), "{}", run.stderr);
    let run = s.ect(&["pair", "import", "nowhere.csv"]);
    assert!(run.stderr.contains("`nowhere.csv`") && run.stderr.contains("check the file name"));
    let run = s.ect(&["--root", "no-such-folder", "validate"]);
    run.code(2);
    assert!(
        run.stderr.contains("no-such-folder") && run.stderr.contains("give `--root`"),
        "{}",
        run.stderr
    );
}

/// Every environment variable the source reads is documented, in `--help`
/// and in the man page, with the exit codes, files and examples.
#[test]
fn help_and_man_page_document_environment_exit_status_files_and_examples() {
    let s = Scratch::empty();
    let help = s.ect(&["--help"]);
    help.code(0);
    let man = s.ect(&["man"]);
    man.code(0);
    // the variables the code reads, found in the source itself
    let mut read = std::collections::BTreeSet::new();
    let re =
        regex::Regex::new(r#"(?:var|var_os)\("([A-Z_]+)"\)|\["(VISUAL)", "(EDITOR)"\]"#).unwrap();
    for f in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
    {
        let text = std::fs::read_to_string(f.path()).unwrap();
        for c in re.captures_iter(&text) {
            for g in c.iter().skip(1).flatten() {
                read.insert(g.as_str().to_string());
            }
        }
    }
    for var in ["ECT_TODAY", "NO_COLOR", "COLUMNS", "VISUAL", "EDITOR"] {
        assert!(read.contains(var), "{var} is no longer read: {read:?}");
    }
    let section = |page: &str, from: &str, to: &str| -> String {
        let start = page
            .find(from)
            .unwrap_or_else(|| panic!("no {from:?} in\n{page}"));
        let rest = &page[start..];
        rest[..rest.find(to).unwrap_or(rest.len())].to_string()
    };
    let help_env = section(&help.stdout, "\nEnvironment:\n", "\nExit status:\n");
    let man_env = section(&man.stdout, ".SH \"ENVIRONMENT\"", ".SH \"EXIT STATUS\"");
    for var in &read {
        assert!(
            help_env.contains(var.as_str()),
            "{var} not in --help:\n{help_env}"
        );
        assert!(
            man_env.contains(var.as_str()),
            "{var} not in the man page:\n{man_env}"
        );
    }
    let man_exit = section(&man.stdout, ".SH \"EXIT STATUS\"", ".SH \"FILES\"");
    for code in ["0", "1", "2"] {
        assert!(
            man_exit.contains(&format!("\\fB{code}\\fR\n")),
            "{man_exit}"
        );
        assert!(
            help.stdout.contains(&format!("\n  {code}  ")),
            "{}",
            help.stdout
        );
    }
    let files = section(&man.stdout, ".SH \"FILES\"", ".SH \"EXAMPLES\"");
    for f in [
        "ect.yaml",
        "plans/<pair>/pair.yaml",
        "plans/.ect.lock",
        "ect\\-baseline.json",
        "$CARGO_HOME/.crates2.json",
    ] {
        assert!(files.contains(f), "{f} not in\n{files}");
    }
    let examples = section(&man.stdout, ".SH \"EXAMPLES\"", ".SH VERSION");
    assert!(
        examples.contains("ect validate \\-\\-write\\-baseline"),
        "{examples}"
    );
    assert!(
        help.stdout.contains("\nExamples:\n  ect init school\n"),
        "{}",
        help.stdout
    );
}

/// `--root`, `--color` and `-q` are shown once, under their own heading.
#[test]
fn global_options_have_their_own_heading() {
    let s = Scratch::empty();
    for args in [
        &["--help"][..],
        &["validate", "--help"],
        &["pair", "import", "-h"],
    ] {
        let run = s.ect(args);
        run.code(0);
        let (own, global) = run
            .stdout
            .split_once("\nGlobal options:\n")
            .unwrap_or_else(|| panic!("{args:?}: no heading\n{}", run.stdout));
        for flag in ["--root <DIR>", "--color <COLOR>", "-q, --quiet"] {
            assert!(
                !own.contains(flag),
                "{args:?}: {flag} among the command's own"
            );
            assert_eq!(global.matches(flag).count(), 1, "{args:?}: {flag}");
        }
    }
}
