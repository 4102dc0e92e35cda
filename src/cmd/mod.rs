//! One file per subcommand: typed arguments in, an exit code out.

mod agenda;
mod explain;
mod induction;
mod init;
mod inspect;
mod new;
mod pair;
mod plan;
mod render;
mod review;
mod schedule;
mod schema;
mod shell;
mod status;
mod validate;

use crate::Output;
use crate::cli::{Cli, Command};
use crate::repo::{OpenError, Repo};
use anyhow::Result;
use chrono::NaiveDate;

/// Runs the command `cli` names.
pub fn run(cli: &Cli, out: Output) -> Result<i32> {
    if needs_school_repository(&cli.command) {
        require_ect_yaml(cli)?;
    }
    match &cli.command {
        Command::Validate(args) => validate::run(cli, args, out),
        Command::Inspect(args) => inspect::run(cli, args),
        Command::Explain(args) => explain::run(args),
        Command::Schedule(args) => schedule::run(cli, args, out),
        Command::Agenda(args) => agenda::run(cli, args, out),
        Command::Plan(args) => plan::run(cli, args, out),
        Command::Status(args) => status::run(cli, args, out),
        Command::Schema(args) => schema::run(cli, args, out),
        Command::Init(args) => init::run(cli, args, out),
        Command::Pair(args) => pair::run(cli, args, out),
        Command::Completions(args) => shell::completions(args),
        Command::Man => shell::man(),
        Command::Render(args) => render::run(cli, args, out),
        Command::Induction(args) => induction::run(cli, args, out),
        Command::Review(args) => review::review(cli, args, out),
        Command::Observe(args) => review::observe(cli, args, out),
        Command::New(args) => new::run(cli, args, out),
    }
}

/// Commands that work on a school's repository (its calendar and pairs), as
/// opposed to checking content (`validate`, `inspect`), which a provider's
/// repository of session files without `ect.yaml` may run too.
fn needs_school_repository(command: &Command) -> bool {
    match command {
        Command::Schedule(_)
        | Command::Agenda(_)
        | Command::Plan(_)
        | Command::Status(_)
        | Command::Pair(_)
        | Command::Induction(_)
        | Command::Review(_)
        | Command::Observe(_) => true,
        // `schemas/` in the repository, unless the person names a folder
        Command::Schema(args) => args.out.is_none(),
        _ => false,
    }
}

/// Stops with what to do when no `ect.yaml` is found (it said "`ect.yaml`
/// lists no terms", as if there were one).
fn require_ect_yaml(cli: &Cli) -> Result<()> {
    let here = cwd()?;
    let found = match cli.root.as_deref() {
        Some(root) => here.join(root).join("ect.yaml").is_file(),
        None => crate::repo::find_root(&here).is_some(),
    };
    if found {
        return Ok(());
    }
    match cli.root.as_deref() {
        Some(root) => anyhow::bail!(
            "no `ect.yaml` in `{}`: `--root` must name a repository's folder (one that `ect init` made)",
            root.display()
        ),
        None => anyhow::bail!(
            "no `ect.yaml` in `{}` or any folder above it: run this inside a school's repository, give `--root DIR`, or start one with `ect init`",
            here.display()
        ),
    }
}

/// `error`, to start a message printed on standard error; red when colour is on
/// (as `lib.rs` prints errors).
pub(crate) fn error_label(out: Output) -> &'static str {
    if out.color {
        "\x1b[1;31merror\x1b[0m"
    } else {
        "error"
    }
}

/// The current folder, with a clear error if it is gone.
pub(crate) fn cwd() -> Result<std::path::PathBuf> {
    std::env::current_dir().map_err(|e| anyhow::anyhow!("cannot read the current folder: {e}"))
}

/// Opens the repository; an unusable `ect.yaml` is printed as a diagnostic
/// and becomes exit code 2.
pub(crate) fn open_repo(cli: &Cli, out: Output) -> Result<std::result::Result<Repo, i32>> {
    match Repo::open(&cwd()?, cli.root.as_deref()) {
        Ok(repo) => Ok(Ok(repo)),
        Err(OpenError::Config(d)) => {
            crate::out::eprint(&crate::diag::render::human(&d, out.color));
            Ok(Err(crate::exit::CANNOT_RUN))
        }
        Err(OpenError::Other(e)) => Err(e),
    }
}

// The clock and the environment are read here, in the shell, and passed
// down: the modules below `cmd/` are pure.

/// Today, or `ECT_TODAY` (YYYY-MM-DD) when it is set.
pub(crate) fn today() -> Result<NaiveDate> {
    match std::env::var("ECT_TODAY") {
        Ok(s) if !s.trim().is_empty() => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| anyhow::anyhow!("`ECT_TODAY={s}` is not a date; write it as YYYY-MM-DD")),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// The width text output should fit: `COLUMNS` when set to a number, else
/// the terminal's width when standard output is one, else 80 (as when piped
/// to a file). Never less than 40.
pub(crate) fn term_width() -> usize {
    use std::io::IsTerminal;
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0);
    let width = from_env.unwrap_or_else(|| {
        if std::io::stdout().is_terminal() {
            terminal_size::terminal_size().map_or(80, |(w, _)| usize::from(w.0))
        } else {
            80
        }
    });
    width.max(40)
}
