//! The command line: global flags once, one variant per subcommand.

use crate::diag::render::Format;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `ect`: mentor meetings and action plans for early career teachers, from
/// plain-text files in a git repository.
#[derive(Debug, Parser)]
#[command(
    name = "ect",
    version,
    about,
    max_term_width = 100,
    after_long_help = after_long_help()
)]
pub struct Cli {
    /// The repository's folder (default: the nearest folder with `ect.yaml`
    /// at or above the current one).
    #[arg(long, global = true, value_name = "DIR", help_heading = GLOBAL)]
    pub root: Option<PathBuf>,

    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, help_heading = GLOBAL)]
    pub color: Color,

    /// Print only problems.
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The heading the options every command takes are shown under, once.
const GLOBAL: &str = "Global options";

/// The environment variables `ect` reads: name, what it does. `ect --help`
/// and the man page's ENVIRONMENT section both print this list.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "ECT_TODAY",
        "A date, YYYY-MM-DD, to use as today: for `--week this`, overdue targets, plan dates and the term dates `ect init` writes.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, no colour (unless `--color always`).",
    ),
    (
        "COLUMNS",
        "The width `ect schedule` and `ect status` fit their lines to; without it, the terminal's width, or 80 when the output is not a terminal.",
    ),
    (
        "VISUAL, EDITOR",
        "The editor `ect plan new` opens the new plan in (VISUAL first); without either, none is opened.",
    ),
    (
        "CARGO_HOME, CARGO_INSTALL_ROOT",
        "Where `ect init` looks for cargo's record of how `ect` was installed (`.crates2.json`; CARGO_HOME defaults to `~/.cargo`), so the CI workflow it writes installs the same `ect`; `ect init --ect-source` overrides it.",
    ),
];

/// The exit codes: code, meaning (as in `lib.rs::exit`).
pub const EXIT_STATUS: &[(i32, &str)] = &[
    (crate::exit::OK, "All went well (warnings allowed)."),
    (
        crate::exit::PROBLEMS,
        "Problems were found (`validate` errors, or warnings with `--deny-warnings`; new ones only with `--baseline`), or some pairs or rows failed.",
    ),
    (
        crate::exit::CANNOT_RUN,
        "Could not run: bad arguments, no repository, an invalid `ect.yaml`, a file that cannot be read or written.",
    ),
];

/// The files `ect` reads and writes, relative to the repository unless they
/// say otherwise.
pub const FILES: &[(&str, &str)] = &[
    (
        "ect.yaml",
        "Settings and the school calendar; its folder is the repository's root.",
    ),
    (
        "curriculum/<programme>.md",
        "A programme overview: the order of its modules.",
    ),
    (
        "curriculum/<programme>/<module>/",
        "Session files in the DfE layout, checked by `ect validate`.",
    ),
    ("plans/<pair>/pair.yaml", "One mentor-ECT pair."),
    (
        "plans/<pair>/agendas/<date>.md",
        "Meeting agendas: written by `ect agenda`, then by mentors (never overwritten once edited).",
    ),
    (
        "plans/<pair>/action-plans/<date>.md",
        "Action plans, from `ect plan new`.",
    ),
    (
        "plans/.ect.lock",
        "Held while a command writes agendas, plans or pairs.",
    ),
    (
        "ect-baseline.json",
        "The problems CI accepts, from `ect validate --write-baseline ect-baseline.json`.",
    ),
    (
        ".github/workflows/ect.yml",
        "The CI workflow `ect init` writes: it installs the `ect` version that wrote it, from where that `ect` was installed from.",
    ),
    (
        "$CARGO_HOME/.crates2.json",
        "Outside the repository: cargo's record of what `cargo install` installed, read (never written) by `ect init` to find where `ect` came from.",
    ),
];

/// Examples: the command line, what it does.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("ect init school", "Set up a new repository in `school/`."),
    (
        "ect pair import pairs.csv",
        "Add pairs from a spreadsheet saved as CSV.",
    ),
    (
        "ect agenda --week next",
        "Write next week's agenda for every pair.",
    ),
    (
        "ect status",
        "One row per pair; those needing attention first.",
    ),
    (
        "ect schedule --pair jo-smith-alex-lee --ics > meetings.ics",
        "A pair's meetings as a calendar file.",
    ),
    (
        "ect render plans --html -o ~/Desktop/print",
        "Every agenda and plan as one printable page, in a folder of your choice.",
    ),
    (
        "ect validate --write-baseline ect-baseline.json",
        "Accept today's problems in provider content; then `ect validate --baseline ect-baseline.json` fails only on new ones.",
    ),
];

/// The text after `ect --help`: environment, exit status and examples.
fn after_long_help() -> String {
    let mut s = String::from("Environment:\n");
    for (name, what) in ENVIRONMENT {
        s.push_str(&format!("  {name}\n          {what}\n"));
    }
    s.push_str("\nExit status:\n");
    for (code, what) in EXIT_STATUS {
        s.push_str(&format!("  {code}  {what}\n"));
    }
    s.push_str("\nExamples:\n");
    for (cmd, what) in EXAMPLES {
        s.push_str(&format!("  {cmd}\n          {what}\n"));
    }
    s.push_str("\nThe manual page (`ect man`) also lists the files `ect` reads and writes.");
    s
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
    /// Action plans: write a pair's next plan (`new`), list targets (`list`).
    Plan(PlanArgs),
    /// One row per pair: where it is, its last agenda, meetings held, open
    /// actions, overdue targets, next review; pairs needing attention first.
    Status(StatusArgs),
    /// Write JSON Schemas of `ect.yaml`, `pair.yaml` and agenda, plan and record front matter, for editors.
    Schema(SchemaArgs),
    /// Create a new repository: term dates, an example programme and pair, a CI workflow.
    Init(InitArgs),
    /// Add mentor-ECT pairs, one at a time or from a spreadsheet (CSV).
    Pair(PairArgs),
    /// Print a shell completion script, e.g. `ect completions bash > ~/.ect.bash`.
    Completions(CompletionsArgs),
    /// Print the manual page: `ect man > ect.1`, or `ect man | man -l -`.
    Man,
    /// Agendas and action plans as one printable HTML page (A4, a page each).
    Render(RenderArgs),
    /// The statutory induction: each pair's progress reviews and formal
    /// assessments, when they are due, and the records written.
    Induction(InductionArgs),
    /// Induction records: write a progress review or formal assessment (`new`).
    Review(ReviewArgs),
    /// Observation records: write a lesson observation record (`new`).
    Observe(ObserveArgs),
    /// Scaffold a school-led programme: a module (`new module`) or a week's
    /// mentor materials (`new session`), in the same layout `validate` checks.
    New(NewArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    #[command(subcommand)]
    pub command: NewCommand,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write `curriculum/<programme>/<module>.md` and its week files, and
    /// list the module in the programme overview.
    Module(NewModuleArgs),
    /// Write one week's mentor materials in a module and link it from the
    /// module overview.
    Session(NewSessionArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewModuleArgs {
    /// The module's title, e.g. "Behaviour and routines".
    #[arg(long)]
    pub title: String,
    /// Programme year: 1 or 2.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub year: u8,
    /// The programme term: autumn, spring or summer.
    #[arg(long, value_parser = ["autumn", "spring", "summer"])]
    pub term: String,
    /// The programme (default: `programme:` of `ect.yaml`).
    #[arg(long)]
    pub programme: Option<String>,
    /// The module's folder name (default: `year-<N>-` and the title as a slug).
    #[arg(long)]
    pub slug: Option<String>,
    /// How many weeks of mentor materials to write.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=20))]
    pub weeks: u32,
}

#[derive(Debug, clap::Args)]
pub struct NewSessionArgs {
    /// The module's folder name, as the programme overview links it.
    #[arg(long)]
    pub module: String,
    /// The week number within the module's term.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub week: u32,
    /// The week's topic (the heading of the session).
    #[arg(long)]
    pub topic: Option<String>,
    /// The programme (default: `programme:` of `ect.yaml`).
    #[arg(long)]
    pub programme: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct InductionArgs {
    /// Only this pair.
    #[arg(long, value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub pair: Option<String>,
    /// How to print the calendar.
    #[arg(long, value_enum, default_value_t = InductionFormat::Human)]
    pub format: InductionFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InductionFormat {
    /// one line per review or assessment
    Human,
    /// `{"pairs": [{"pair": ID, "fte": 1.0, "events": [...]}]}`
    Json,
    /// an iCalendar file of the due days
    Ics,
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    #[command(subcommand)]
    pub command: ReviewCommand,
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Write `plans/<pair>/reviews/<date>-progress-review.md` (or, in an
    /// assessment term, `-formal-assessment.md`) with the evidence from the
    /// repository, and open it in $VISUAL or $EDITOR.
    New(ReviewNewArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReviewNewArgs {
    /// The pair (default: the pair whose folder you are in, or the only pair).
    #[arg(long, value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub pair: Option<String>,
    /// The review's date, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Do not open an editor.
    #[arg(long)]
    pub no_edit: bool,
}

#[derive(Debug, clap::Args)]
pub struct ObserveArgs {
    #[command(subcommand)]
    pub command: ObserveCommand,
}

#[derive(Debug, Subcommand)]
pub enum ObserveCommand {
    /// Write `plans/<pair>/observations/<date>.md` and open it in $VISUAL or $EDITOR.
    New(ObserveNewArgs),
}

#[derive(Debug, clap::Args)]
pub struct ObserveNewArgs {
    /// The pair (default: the pair whose folder you are in, or the only pair).
    #[arg(long, value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub pair: Option<String>,
    /// The observation's date, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Who observed (default: the pair's current mentor).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Do not open an editor.
    #[arg(long)]
    pub no_edit: bool,
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
    /// Report only problems not recorded in this baseline file; say how many
    /// known ones remain and which entries are fixed (see `--write-baseline`).
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record every problem found today in FILE (by rule, file and a
    /// fingerprint of the offending text, not line numbers) and exit 0:
    /// `ect validate --write-baseline ect-baseline.json`.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
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
    /// The pair's id: its folder name under `plans/` (leave out to see the
    /// pairs there are).
    #[arg(long, value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub pair: Option<String>,
    /// Every pair, one after another (with `--format json`: an array; with
    /// `--ics`: one calendar holding every pair's meetings).
    #[arg(long, conflicts_with = "pair")]
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
    #[arg(long = "pair", value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub pairs: Vec<String>,
    /// Say what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the agendas instead of writing them.
    #[arg(long)]
    pub stdout: bool,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Folder to write them in, anywhere (relative to the current folder;
    /// created if need be). Default: `schemas` in the repository.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to set up (created if need be; default: the current folder).
    /// Nothing is written if any file `ect init` creates exists there already.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Where the CI workflow installs `ect` from: a git address (at the
    /// release tag of this version, `v` and the version), or `crates.io`.
    /// Default: where this `ect` was installed from, as cargo recorded it in
    /// `.crates2.json` (see CARGO_HOME).
    #[arg(long, value_name = "GIT_URL", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub ect_source: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct PairArgs {
    #[command(subcommand)]
    pub command: PairCommand,
}

#[derive(Debug, Subcommand)]
pub enum PairCommand {
    /// Create `plans/<id>/pair.yaml` for a new mentor-ECT pair.
    Add(PairAddArgs),
    /// Create pairs from a CSV file with a header row: columns mentor, ect,
    /// start and meeting day, and optionally programme (or lead provider),
    /// time, minutes and id. Dates, days and times as spreadsheets write them.
    Import(PairImportArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrequencyArg {
    Weekly,
    Fortnightly,
}

#[derive(Debug, clap::Args)]
pub struct PairAddArgs {
    /// The mentor's name.
    #[arg(long, value_name = "NAME")]
    pub mentor: String,
    /// The early career teacher's name.
    #[arg(long, value_name = "NAME")]
    pub ect: String,
    /// The ECT's first week of the programme: YYYY-MM-DD, DD/MM/YYYY or
    /// `2 September 2026`.
    #[arg(long, value_name = "DATE")]
    pub start: String,
    /// The programme followed, `curriculum/<programme>.md` (default: `programme:` in `ect.yaml`).
    #[arg(long, value_name = "NAME")]
    pub programme: Option<String>,
    /// The meeting day, monday to friday (any case; `mon`, `weds`, `thurs`...).
    #[arg(long, value_name = "DAY")]
    pub day: String,
    /// The meeting time: 15:30 or 3:30pm.
    #[arg(long, value_name = "TIME")]
    pub time: Option<String>,
    /// How long a meeting lasts, in minutes.
    #[arg(long, value_name = "N")]
    pub minutes: Option<u32>,
    /// How often the pair meets in year 1 (default weekly).
    #[arg(long, value_enum, value_name = "HOW_OFTEN")]
    pub year1: Option<FrequencyArg>,
    /// How often the pair meets in year 2 (default fortnightly).
    #[arg(long, value_enum, value_name = "HOW_OFTEN")]
    pub year2: Option<FrequencyArg>,
    /// The pair's folder name (default: from the names, `jo-smith-alex-lee`).
    #[arg(long, value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub id: Option<String>,
    /// Rewrite the pair's `pair.yaml` if the pair exists (its pauses are kept).
    #[arg(long)]
    pub update: bool,
    /// Say what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct PairImportArgs {
    /// The CSV file, e.g. saved from a spreadsheet as "CSV UTF-8".
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// Rewrite the `pair.yaml` of pairs that exist (their pauses are kept);
    /// without it they are skipped.
    #[arg(long)]
    pub update: bool,
    /// Say what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// Agendas or action plans (`.md`); a folder stands for every agenda and
    /// plan in it (files in `agendas/` and `action-plans/` folders), by path.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Render to HTML: one standalone page with print styles (the only
    /// format for now).
    #[arg(long, required = true)]
    pub html: bool,
    /// Write the page into this folder, anywhere (created if need be), instead
    /// of standard output: `<pair>-<date>.html` for one agenda,
    /// `<pair>-action-plan-<date>.html` for one plan, else a name saying what
    /// it holds: `[<pair>-]agendas.html`, `action-plans.html` or
    /// `agendas-and-action-plans.html`.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// a plain table
    Human,
    /// one JSON object, for scripts
    Json,
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub command: PlanCommand,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Write `plans/<pair>/action-plans/<date>.md`, starting from the open
    /// targets of the pair's last plan (which is marked closed), and open it
    /// in $VISUAL or $EDITOR.
    New(PlanNewArgs),
    /// List the targets of each pair's current plan, with due dates and status.
    List(PlanListArgs),
}

#[derive(Debug, clap::Args)]
pub struct PlanNewArgs {
    /// The pair (default: the pair whose folder you are in, or the only pair).
    #[arg(long, value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub pair: Option<String>,
    /// The plan's date, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The review date, YYYY-MM-DD (default: the pair's first meeting after
    /// the next half-term begins).
    #[arg(long, value_name = "DATE")]
    pub review: Option<String>,
    /// Do not open an editor.
    #[arg(long)]
    pub no_edit: bool,
}

#[derive(Debug, clap::Args)]
pub struct PlanListArgs {
    /// Only this pair.
    #[arg(long, value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub pair: Option<String>,
    /// Only open targets.
    #[arg(long, conflicts_with = "overdue")]
    pub open: bool,
    /// Only open targets past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Human)]
    pub format: TableFormat,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// `this` (the default; on a weekend, the coming week), `next`, a date
    /// YYYY-MM-DD (its week) or an ISO week YYYY-Www.
    #[arg(long, value_name = "WEEK", default_value = "this")]
    pub week: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Human)]
    pub format: TableFormat,
}
