//! One file per subcommand: typed arguments in, an exit code out.

mod agenda;
mod explain;
mod inspect;
mod schedule;
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
