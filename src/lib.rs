//! `ect`: a command-line tool for mentors of early career teachers (ECTs) in
//! England. It reads a provider's session files (`curriculum/`) and the
//! school's mentor-ECT pairs (`plans/`), validates them, and writes meeting
//! agendas and action plans.
//!
//! [`run`] is the whole program: it parses the command line, runs one
//! command, prints any error in one place and returns the exit code.

#![warn(unreachable_pub)]
// every command prints through `out` (a closed pipe or a full disk is handled
// there), never with the panicking `print!` family
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod agenda;
pub mod baseline;
pub mod calendar;
pub mod checksum;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod curriculum;
pub mod diag;
pub mod flat_yaml;
pub mod front_matter;
pub mod generate;
pub mod induction;
pub mod init;
pub mod lock;
pub mod out;
pub mod pair;
pub mod plan;
pub mod repo;
pub mod rules;
pub mod scaffold;
pub mod schedule;
pub mod schema;
pub mod sequence;
pub mod status;
pub mod weekspec;
pub mod write;
pub mod yaml_pos;

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
    let code = match cmd::run(&cli, out) {
        Ok(code) => code,
        // `ect ... | head`: the reader has all it wanted
        Err(e) if out::is_closed(&e) => exit::OK,
        Err(e) => {
            out::eprintln(&format_error(&e, out.color));
            exit::CANNOT_RUN
        }
    };
    if out::stderr_failed() {
        exit::CANNOT_RUN
    } else {
        code
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

/// Writes to standard output (see [`out::print`]): a closed pipe ends the
/// run quietly, any other failure is an error.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    out::print(text)
}
