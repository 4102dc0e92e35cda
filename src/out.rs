//! Standard output and standard error, with their failures handled as the
//! best command-line tools do (git, ripgrep): a closed pipe on standard
//! output (`ect inspect FILE | head -3`) ends the run quietly; any other
//! write error (a full disk, `> /dev/full`) is an error with exit code 2,
//! never a panic or a truncated file reported as success. Every command
//! prints through here, never with `print!` or `eprint!`.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Standard output was closed by its reader: not an error worth a word.
#[derive(Debug)]
pub struct Closed;

impl std::fmt::Display for Closed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("standard output was closed")
    }
}

impl std::error::Error for Closed {}

/// Set when writing to standard error failed: the run then ends with exit
/// code 2, since nothing else can say so.
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// Writes `text` to standard output and flushes it. A closed pipe is
/// [`Closed`]; any other failure an error that names standard output.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                anyhow::Error::new(Closed)
            } else {
                anyhow::anyhow!("cannot write to standard output: {e}")
            }
        })
}

/// Writes `text` and a line end to standard output (see [`print`]).
pub fn println(text: &str) -> anyhow::Result<()> {
    print(&format!("{text}\n"))
}

/// Writes `text` and a line end to standard error. A failure cannot be
/// reported there, so it is remembered and turns the exit code into 2.
pub fn eprintln(text: &str) {
    let mut err = std::io::stderr().lock();
    if writeln!(err, "{text}").and_then(|()| err.flush()).is_err() {
        STDERR_FAILED.store(true, Ordering::Relaxed);
    }
}

/// Writes `text` to standard error as it is (see [`eprintln`]).
pub fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    if err
        .write_all(text.as_bytes())
        .and_then(|()| err.flush())
        .is_err()
    {
        STDERR_FAILED.store(true, Ordering::Relaxed);
    }
}

/// `println!` for commands: formats, writes to standard output and returns
/// the write's result, to be passed on with `?`.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::out::println(&format!($($arg)*))
    };
}

/// `eprintln!` for commands: never panics (see [`eprintln`]).
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::out::eprintln(&format!($($arg)*))
    };
}

/// Whether a write to standard error failed during this run.
pub fn stderr_failed() -> bool {
    STDERR_FAILED.load(Ordering::Relaxed)
}

/// Whether `e` is (or was caused by) a closed standard output.
pub fn is_closed(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.is::<Closed>())
}
