//! `ect validate [PATH...]`: every problem in the repository, like a compiler;
//! with `--baseline FILE`, only those not recorded by `--write-baseline FILE`.

use crate::Output;
use crate::baseline::{self, Baseline};
use crate::cli::{Cli, ValidateArgs};
use crate::diag::Diagnostic;
use crate::diag::render::{self, Format, Summary};
use crate::exit;
use crate::repo::{Repo, rel_path};
use anyhow::Result;
use std::path::Path;

pub(crate) fn run(cli: &Cli, args: &ValidateArgs, out: Output) -> Result<i32> {
    let repo = match super::open_repo(cli, out)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let filters = filters(&repo, &args.paths)?;
    // the whole check runs on one of the pool's threads: each parallel
    // step inside it then starts on the thread already running instead of
    // waking a worker while this thread sleeps, which cost a wake-up or
    // two (tens of microseconds here) at each of the run's half a dozen
    // parallel steps
    let (mut diagnostics, files) = rayon::scope(|_| validate(&repo, &filters))?;
    diagnostics.retain(|d| matches(&filters, &d.path));
    if let Some(file) = &args.write_baseline {
        return write_baseline(file, &diagnostics, out);
    }
    let filtered = match &args.baseline {
        Some(file) => {
            let (shown, f) = against_baseline(file, diagnostics, &filters)?;
            diagnostics = f.new.clone();
            Some((shown, f))
        }
        None => None,
    };
    let summary = Summary::count(files, &diagnostics);
    let filtered = filtered.as_ref().map(|(shown, f)| (shown.as_str(), f));
    let text = match args.format {
        Format::Human => human(&diagnostics, &summary, filtered, out),
        Format::Json => json(&diagnostics, summary, filtered),
        Format::Github => github(&diagnostics, &summary, filtered, out),
    };
    crate::print_stdout(&text)?;
    let failed = summary.errors > 0 || (args.deny_warnings && summary.warnings > 0);
    Ok(if failed { exit::PROBLEMS } else { exit::OK })
}

/// `--baseline FILE`: `diagnostics` sorted into new, known and fixed
/// against the baseline `file`, with the file's name as given.
fn against_baseline(
    file: &Path,
    diagnostics: Vec<Diagnostic>,
    filters: &[String],
) -> Result<(String, baseline::Filtered)> {
    let cwd = super::cwd()?;
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(cwd.join(file)).map_err(|e| {
        anyhow::anyhow!(
            "cannot read the baseline `{shown}`: {e}; write one with `ect validate --write-baseline {shown}`"
        )
    })?;
    let b = Baseline::parse(&text, &shown)?;
    let f = baseline::filter(&b, diagnostics, |p| matches(filters, p));
    Ok((shown, f))
}

/// The baseline named as given, and what it filtered.
type Filtered<'a> = Option<(&'a str, &'a baseline::Filtered)>;

/// `--format human`: each problem, the summary, notes on the baseline.
fn human(
    diagnostics: &[Diagnostic],
    summary: &Summary,
    filtered: Filtered<'_>,
    out: Output,
) -> String {
    let mut text = String::new();
    for d in diagnostics {
        text.push_str(&render::human(d, out.color));
        text.push('\n');
    }
    if !out.quiet || !diagnostics.is_empty() {
        text.push_str(&render::summary_line(summary));
        text.push('\n');
    }
    if let Some((shown, f)) = filtered
        && !out.quiet
    {
        text.push_str(&baseline_notes(shown, f));
    }
    text
}

/// `--format json`: the report, with what the baseline filtered.
fn json(diagnostics: &[Diagnostic], summary: Summary, filtered: Filtered<'_>) -> String {
    let report = render::json(diagnostics, summary);
    let mut text = match filtered {
        None => report,
        Some((shown, f)) => {
            let mut v: serde_json::Value = serde_json::from_str(&report).expect("our own JSON");
            v["baseline"] = serde_json::json!({
                "file": shown,
                "known": f.known,
                "fixed": f.fixed,
            });
            serde_json::to_string_pretty(&v).expect("JSON")
        }
    };
    text.push('\n');
    text
}

/// `--format github`: an annotation per problem and per fixed baseline
/// entry; the summary goes to stderr.
fn github(
    diagnostics: &[Diagnostic],
    summary: &Summary,
    filtered: Filtered<'_>,
    out: Output,
) -> String {
    let mut text = String::new();
    for d in diagnostics {
        text.push_str(&render::github(d));
        text.push('\n');
    }
    if let Some((shown, f)) = filtered {
        for e in &f.fixed {
            text.push_str(&render::github_notice(
                &e.path,
                &format!("fixed: {}", e.rule),
                &format!(
                    "this problem of the baseline `{shown}` is fixed; `ect validate --write-baseline {shown}` drops it: {}",
                    e.message
                ),
            ));
            text.push('\n');
        }
    }
    if !out.quiet {
        crate::errln!("{}", render::summary_line(summary));
        if let Some((shown, f)) = filtered {
            crate::out::eprint(&baseline_notes(shown, f));
        }
    }
    text
}

/// `--write-baseline FILE`: records `diagnostics` and succeeds.
fn write_baseline(file: &Path, diagnostics: &[Diagnostic], out: Output) -> Result<i32> {
    let cwd = super::cwd()?;
    let b = Baseline::of(diagnostics);
    let outcome = crate::write::write_named(&cwd, file, &b.to_text(), Baseline::is_baseline)?;
    if !out.quiet {
        crate::print_stdout(&format!(
            "{}  {}: {} known {} in {} {}; `ect validate --baseline {}` reports only new ones\n",
            outcome.as_str(),
            file.display(),
            diagnostics.len(),
            plural(diagnostics.len(), "problem"),
            b.problems.len(),
            plural(b.problems.len(), "entry"),
            file.display()
        ))?;
    }
    Ok(exit::OK)
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, w) => w.to_string(),
        (_, "entry") => "entries".into(),
        (_, w) => format!("{w}s"),
    }
}

/// The lines after the summary: how many known problems were not shown,
/// and which baseline entries are fixed.
fn baseline_notes(shown: &str, f: &baseline::Filtered) -> String {
    let mut s = format!(
        "baseline `{shown}`: {} known {} not shown\n",
        f.known,
        plural(f.known, "problem")
    );
    if !f.fixed.is_empty() {
        let n: usize = f.fixed.iter().map(|e| e.count).sum();
        s.push_str(&format!(
            "baseline `{shown}`: {n} {} fixed and can be dropped (`ect validate --write-baseline {shown}` rewrites it):\n",
            plural(n, "problem"),
        ));
        for e in &f.fixed {
            let times = if e.count > 1 {
                format!(" (x{})", e.count)
            } else {
                String::new()
            };
            s.push_str(&format!("  {}: {}{times}: {}\n", e.path, e.rule, e.message));
        }
    }
    s
}

/// Validates the whole repository: every diagnostic, sorted by file and
/// place, with `ect.yaml`'s rule settings applied; and how many of the
/// files checked are under `filters` (all of them when it is empty).
pub(crate) fn validate(repo: &Repo, filters: &[String]) -> Result<(Vec<Diagnostic>, usize)> {
    let (curriculum, mut diagnostics) = repo.load_curriculum_for_checks()?;
    diagnostics.extend(crate::rules::cross::check(&curriculum));
    diagnostics.extend(repo.config_warnings.iter().cloned());
    if repo.has_config {
        diagnostics.extend(crate::calendar::check_terms(
            &repo.config,
            &repo.config_text,
            "ect.yaml",
        ));
    }
    let pair_diagnostics = crate::pair::check(repo, &curriculum);
    diagnostics.extend(pair_diagnostics);
    diagnostics.extend(crate::plan::check_repo(repo, super::today()?));
    diagnostics.extend(crate::agenda::check(repo, &curriculum, super::today()?));
    diagnostics.extend(crate::induction::records::check_repo(repo));
    // the files checked are only counted: no list of them is made
    let counted = |path: &str| matches(filters, path);
    let files = curriculum.docs.iter().filter(|d| counted(&d.path)).count()
        + curriculum
            .assets
            .iter()
            .filter(|a| counted(&curriculum.repo_path(a)))
            .count()
        + usize::from(repo.has_config && counted("ect.yaml"))
        + plan_files(repo).iter().filter(|p| counted(p)).count();
    // the lines of links and headings with a problem, read again only now
    crate::diag::fill_sources(&mut diagnostics, |path| {
        crate::repo::read_checked(&repo.root.join(path)).ok()
    });
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter_map(|mut d| {
            d.severity = repo.config.severity(d.rule, d.severity)?;
            Some(d)
        })
        .collect();
    kept.sort_by(|a, b| {
        (&a.path, a.location.line, a.location.column, a.rule).cmp(&(
            &b.path,
            b.location.line,
            b.location.column,
            b.rule,
        ))
    });
    kept.dedup();
    // the run ends with the report: freeing every document one by one,
    // on the one thread the report waits for, would only delay it (the
    // operating system takes the memory back at exit)
    std::mem::forget(curriculum);
    Ok((kept, files))
}

/// Repository-relative prefixes the user asked about (empty: everything).
fn filters(repo: &Repo, paths: &[std::path::PathBuf]) -> Result<Vec<String>> {
    let cwd = super::cwd()?;
    let root = repo.root.canonicalize().unwrap_or(repo.root.clone());
    paths
        .iter()
        .map(|p| {
            let abs = if p.is_absolute() {
                p.clone()
            } else {
                cwd.join(p)
            };
            let abs = abs.canonicalize().map_err(|_| {
                anyhow::anyhow!(
                    "`{}` does not exist; give a file or folder of the repository",
                    p.display()
                )
            })?;
            if !abs.starts_with(&root) {
                anyhow::bail!(
                    "`{}` is outside the repository `{}`; give a file or folder inside it, or `--root` another repository",
                    p.display(),
                    root.display()
                );
            }
            Ok(rel_path(&root, &abs))
        })
        .collect()
}

fn matches(filters: &[String], path: &str) -> bool {
    filters.is_empty()
        || filters
            .iter()
            .any(|f| f.is_empty() || path == f || path.starts_with(&format!("{f}/")))
}

/// The files of `plans/` that `ect validate` reads: every `pair.yaml`, agenda
/// and action plan, repository-relative.
fn plan_files(repo: &Repo) -> Vec<String> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(repo.plans_dir()) else {
        return files;
    };
    for e in entries.flatten() {
        if !e.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let pair = e.file_name().to_string_lossy().into_owned();
        if e.path().join("pair.yaml").is_file() {
            files.push(format!("{}/{pair}/pair.yaml", repo.config.plans));
        }
        for sub in ["agendas", "action-plans", "reviews", "observations"] {
            let Ok(inner) = std::fs::read_dir(e.path().join(sub)) else {
                continue;
            };
            for f in inner.flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                if name.ends_with(".md") && f.file_type().is_ok_and(|t| t.is_file()) {
                    files.push(format!("{}/{pair}/{sub}/{name}", repo.config.plans));
                }
            }
        }
    }
    files
}
