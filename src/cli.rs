//! The command line: global flags once, one variant per subcommand.

use crate::diag::render::Format;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `ect`: mentor meetings and action plans for early career teachers, from
/// plain-text files in a git repository.
#[derive(Debug, Parser)]
#[command(name = "ect", version, about, max_term_width = 100)]
pub struct Cli {
    /// The repository's folder (default: the nearest folder with `ect.yaml`
    /// at or above the current one).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Print only problems.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every curriculum file, plan and setting; report problems like a compiler.
    Validate(ValidateArgs),
    /// Show what `ect` understood of one curriculum file.
    Inspect(InspectArgs),
    /// Explain a validation rule (or list them all).
    Explain(ExplainArgs),
    /// Print a pair's meetings from its start to the last term in `ect.yaml`.
    Schedule(ScheduleArgs),
    /// Write this week's meeting agenda for every pair (or the pairs named).
    Agenda(AgendaArgs),
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files or folders to report on (default: the whole repository).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InspectFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// A curriculum file.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = InspectFormat::Human)]
    pub format: InspectFormat,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A rule id such as `broken-link`; leave out to list every rule.
    pub rule: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScheduleFormat {
    /// one line per week
    Human,
    /// `{"pair": ID, "meetings": [...]}`
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ScheduleArgs {
    /// The pair's id: its folder name under `plans/`.
    #[arg(long, value_name = "ID", required_unless_present = "all")]
    pub pair: Option<String>,
    /// Every pair (with `--ics`: one calendar holding every pair's meetings).
    #[arg(long, requires = "ics", conflicts_with = "pair")]
    pub all: bool,
    /// Print an iCalendar (.ics) file of the meetings instead, for Outlook,
    /// Google or Apple calendars: `ect schedule --pair ID --ics > meetings.ics`.
    #[arg(long)]
    pub ics: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScheduleFormat::Human)]
    pub format: ScheduleFormat,
}

#[derive(Debug, clap::Args)]
pub struct AgendaArgs {
    /// `this` (the default; on a weekend, the coming week), `next`, a date
    /// YYYY-MM-DD (its week) or an ISO week YYYY-Www.
    #[arg(long, value_name = "WEEK", num_args = 0..=1, default_value = "this", default_missing_value = "this")]
    pub week: String,
    /// Only this pair (repeat for more).
    #[arg(long = "pair", value_name = "ID")]
    pub pairs: Vec<String>,
    /// Say what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the agendas instead of writing them.
    #[arg(long)]
    pub stdout: bool,
}
