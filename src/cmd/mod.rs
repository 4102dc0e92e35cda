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

/// Runs the command `cli` names.
pub fn run(cli: &Cli, out: Output) -> Result<i32> {
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
            eprint!("{}", crate::diag::render::human(&d, out.color));
            Ok(Err(crate::exit::CANNOT_RUN))
        }
        Err(OpenError::Other(e)) => Err(e),
    }
}
