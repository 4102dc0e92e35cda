//! The physical floors the benchmark suite (`benches/suite.sh`) sets `ect`
//! beside: the least work any tool doing the same job must do, written as
//! plainly as possible on one thread.
//!
//! - `floor parse DIR`: walk DIR, read every `.md` file and parse it with
//!   pulldown-cmark (the floor for `ect validate`);
//! - `floor read DIR`: walk DIR and read every file (the floor for an
//!   `ect agenda` or `ect status` run that reads every agenda);
//! - `floor write DIR N`: write N small files atomically, each a temporary
//!   file flushed to disk and renamed (the floor for an `ect agenda` run
//!   that writes N agendas).
//!
//! Built with `cargo build --release --example floor`.

use std::io::Write;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (mode, dir) = match (args.get(1), args.get(2)) {
        (Some(m), Some(d)) => (m.as_str(), Path::new(d)),
        _ => usage(),
    };
    let count = match mode {
        "parse" => walk(dir, true),
        "read" => walk(dir, false),
        "write" => {
            let n: usize = args
                .get(3)
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| usage());
            write(dir, n)
        }
        _ => usage(),
    };
    println!("{count}");
}

fn usage() -> ! {
    eprintln!("usage: floor parse DIR | floor read DIR | floor write DIR N");
    std::process::exit(2)
}

/// Files read (and, with `parse`, Markdown events seen, so the parse is not
/// optimised away).
fn walk(dir: &Path, parse: bool) -> usize {
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let is_md = entry.path().extension().is_some_and(|e| e == "md");
        if parse && !is_md {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        seen += 1;
        if parse {
            seen += pulldown_cmark::Parser::new(&text).count();
        } else {
            seen += text.len() & 1;
        }
    }
    seen
}

/// Writes `n` agenda-sized files into `dir/<i>/` atomically.
fn write(dir: &Path, n: usize) -> usize {
    let text = "---\npair: x\ndate: 2026-11-24\n---\n\n# Meeting\n".repeat(40);
    for i in 0..n {
        let folder = dir.join(format!("pair-{i:05}"));
        std::fs::create_dir_all(&folder).expect("folder");
        let mut tmp = tempfile::Builder::new()
            .prefix(".floor-")
            .tempfile_in(&folder)
            .expect("temporary file");
        tmp.write_all(text.as_bytes()).expect("write");
        tmp.as_file().sync_all().expect("sync");
        tmp.persist(folder.join("2026-11-24.md")).expect("rename");
    }
    n
}
