//! `ect`: a command-line tool for mentors of early career teachers (ECTs) in
//! England. It reads a provider's session files (`curriculum/`) and the
//! school's mentor-ECT pairs (`plans/`), validates them, and writes meeting
//! agendas and action plans.
//!
//! [`run`] is the whole program: it parses the command line, runs one
//! command, prints any error in one place and returns the exit code.

#![warn(unreachable_pub)]

pub mod calendar;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod curriculum;
pub mod diag;
pub mod front_matter;
pub mod generate;
pub mod induction;
pub mod init;
pub mod lock;
pub mod pair;
pub mod plans;
pub mod repo;
pub mod roster;
pub mod rules;
pub mod scaffold;
pub mod schedule;
pub mod schema;
pub mod sequence;
pub mod status;
pub mod weekspec;
pub mod write;

use clap::Parser;
use std::ffi::OsString;

/// Exit codes.
pub mod exit {
    /// All went well (warnings allowed).
    pub const OK: i32 = 0;
    /// Problems were found, or some pairs failed.
    pub const PROBLEMS: i32 = 1;
    /// Could not run: bad arguments, an unreadable root, an invalid `ect.yaml`.
    pub const CANNOT_RUN: i32 = 2;
}

/// Output settings every command shares.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub color: bool,
    pub quiet: bool,
}

/// Runs `ect` with `args` (the program name first) and returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    exit::OK
                }
                _ => exit::CANNOT_RUN,
            };
        }
    };
    let out = Output {
        color: use_color(cli.color),
        quiet: cli.quiet,
    };
    match cmd::run(&cli, out) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", format_error(&e, out.color));
            exit::CANNOT_RUN
        }
    }
}

fn format_error(e: &anyhow::Error, color: bool) -> String {
    let mut s = if color {
        format!("\x1b[1;31merror\x1b[0m: {e}")
    } else {
        format!("error: {e}")
    };
    for cause in e.chain().skip(1) {
        s.push_str(&format!("\n  caused by: {cause}"));
    }
    s
}

fn use_color(choice: cli::Color) -> bool {
    use std::io::IsTerminal;
    match choice {
        cli::Color::Always => true,
        cli::Color::Never => false,
        cli::Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Writes to standard output; a closed pipe (`ect validate | head`) is not an
/// error worth a crash.
pub fn print_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
