//! `ect plan new` and `ect plan list`: a pair's next action plan, written
//! from the open targets of the last one (which is then marked closed), and
//! the targets of every pair's current plan.

use crate::Output;
use crate::calendar::Calendar;
use crate::cli::{Cli, PlanArgs, PlanCommand, PlanListArgs, PlanNewArgs, TableFormat};
use crate::pair::Pair;
use crate::plan::text::{PlanInput, render, review_after_break};
use crate::plan::{self, ActionPlan, PlanStatus};
use crate::repo::{Repo, read_checked};
use crate::schedule::{self, ProgrammeSessions};
use crate::{exit, write};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub(crate) fn run(cli: &Cli, args: &PlanArgs, out: Output) -> Result<i32> {
    let repo = match super::open_repo(cli, out)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    match &args.command {
        PlanCommand::New(a) => new(&repo, a, out),
        PlanCommand::List(a) => list(&repo, a),
    }
}

/// The pair `--pair` names; else the one whose folder holds the current
/// folder; else the only pair.
pub(crate) fn choose<'p>(repo: &Repo, pairs: &'p [Pair], wanted: Option<&str>) -> Result<&'p Pair> {
    let find = |id: &str| -> Result<&'p Pair> {
        pairs.iter().find(|p| p.id == id).ok_or_else(|| {
            let folder = repo.plans_dir().join(id).join("pair.yaml");
            if folder.is_file() {
                anyhow::anyhow!(
                    "cannot read `{}/{id}/pair.yaml`: run `ect validate` to see why",
                    repo.config.plans
                )
            } else {
                anyhow::anyhow!("no pair `{id}`; {}", crate::pair::describe(pairs))
            }
        })
    };
    if let Some(id) = wanted {
        return find(id);
    }
    let cwd = super::cwd()?;
    if let (Ok(cwd), Ok(plans)) = (cwd.canonicalize(), repo.plans_dir().canonicalize())
        && let Ok(rest) = cwd.strip_prefix(&plans)
        && let Some(first) = rest.components().next()
    {
        return find(&first.as_os_str().to_string_lossy());
    }
    match pairs {
        [only] => Ok(only),
        _ => bail!(
            "say which pair with `--pair ID`, or run `ect plan new` inside `{}/<id>/`; {}",
            repo.config.plans,
            crate::pair::describe(pairs)
        ),
    }
}

/// A date given on the command line.
fn date_arg(s: &str, flag: &str) -> Result<NaiveDate> {
    plan::parse_date(s)
        .ok_or_else(|| anyhow::anyhow!("`{flag} {s}` is not a date; write it as YYYY-MM-DD"))
}

fn new(repo: &Repo, args: &PlanNewArgs, out: Output) -> Result<i32> {
    let (pairs, _) = crate::pair::load_pairs(repo);
    let pair = choose(repo, &pairs, args.pair.as_deref())?;
    // the repository lock covers the look at the pair's plans and both
    // writes (the new plan, the old one closed); not the editor after them
    let lock = crate::lock::acquire(&repo.root, &repo.config.plans, "plan new")?;
    let today = super::today()?;
    let (date, review_arg) = plan_dates(args, today)?;
    let rel = plan::rel_path(&repo.config.plans, &pair.id, date);
    let Some(earlier) = earlier_plans(repo, pair, &rel, date) else {
        return Ok(exit::PROBLEMS);
    };
    let previous = read_previous(repo, pair, earlier.last())?;

    // the schedule gives the default review date and the session
    let (review, session) = match from_schedule(repo, pair, date) {
        Some((default_review, session)) => (review_arg.or(default_review), session),
        None => (review_arg, None),
    };
    let carried = previous
        .as_ref()
        .map(|(plan, text)| plan::carried_sections_on(text, plan, Some(date)))
        .unwrap_or_default();
    let text = render(&PlanInput {
        pair: pair.id.clone(),
        mentor: pair.mentor.clone(),
        ect: pair.ect.clone(),
        date,
        review,
        session,
        carried: carried.clone(),
        previous: previous.as_ref().map(|(p, _)| p.file_name()),
    });
    // never write a plan `ect validate` would reject
    if let Some(why) = rejection(repo, pair, &rel, date, today, &text, previous.as_ref()) {
        crate::out::eprint(&why);
        return Ok(exit::PROBLEMS);
    }
    write::write_new(&repo.root, Path::new(&rel), &text)?;

    let mut report = format!("created  {rel}\n");
    report.push_str(&review_line(review, review_arg.is_some()));
    let mut warnings = Vec::new();
    if let Some((old, old_text)) = &previous {
        if !carried.is_empty() {
            report.push_str(&format!(
                "  carried {} open target{} from `{}`\n",
                carried.len(),
                if carried.len() == 1 { "" } else { "s" },
                old.path
            ));
        }
        close_previous(repo, old, old_text, date, &mut report, &mut warnings);
    }
    if !out.quiet {
        crate::print_stdout(&report)?;
    }
    for w in &warnings {
        crate::errln!("warning: {w}");
    }

    drop(lock);
    let full = repo.root.join(&rel);
    if !args.no_edit && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        edit(&full, &rel);
    }
    // whatever the editor did, the file stays; say what is still wrong with it
    let problems = check_written(repo, pair, &rel, date, today);
    for d in &problems {
        crate::errln!("{}", crate::diag::render::human(d, out.color));
    }
    Ok(exit::OK)
}

/// The new plan's date (`--date`, else `today`) and the review date given
/// with `--review`, which must come after it.
fn plan_dates(args: &PlanNewArgs, today: NaiveDate) -> Result<(NaiveDate, Option<NaiveDate>)> {
    let date = match &args.date {
        Some(s) => date_arg(s, "--date")?,
        None => today,
    };
    let review = match &args.review {
        Some(s) => {
            let r = date_arg(s, "--review")?;
            if r <= date {
                bail!("the review date {r} must come after the plan's date {date}");
            }
            Some(r)
        }
        None => None,
    };
    Ok((date, review))
}

/// The pair's plans before `date`, oldest first, leaving out (with a
/// warning) any dated more than a year ahead; `None`, after saying so, when
/// the new plan `rel` exists or a later plan does.
fn earlier_plans(
    repo: &Repo,
    pair: &Pair,
    rel: &str,
    date: NaiveDate,
) -> Option<Vec<(NaiveDate, PathBuf)>> {
    let plans = repo.config.plans.as_str();
    let existing = plan::list(&repo.plans_dir().join(&pair.id));
    if existing.iter().any(|(d, _)| *d == date)
        || std::fs::symlink_metadata(repo.root.join(rel)).is_ok()
    {
        crate::errln!(
            "error: `{rel}` exists already; it was not changed. Edit it, or give another `--date`"
        );
        return None;
    }
    // a plan named far ahead (`9999-12-31.md`) is a mistake `validate`
    // reports; it must not block every plan after it
    let far = date + chrono::Duration::days(plan::FAR_AHEAD_DAYS);
    for (d, _) in existing.iter().filter(|(d, _)| *d > far) {
        crate::errln!(
            "warning: `{}` is dated {d}, more than a year ahead; it is left out: rename it to the day it was written",
            plan::rel_path(plans, &pair.id, *d)
        );
    }
    let existing: Vec<_> = existing.into_iter().filter(|(d, _)| *d <= far).collect();
    if let Some((later, _)) = existing.iter().find(|(d, _)| *d > date) {
        crate::errln!(
            "error: pair `{}` has a later plan, `{}`; a new plan must be the latest: give a `--date` after {later}",
            pair.id,
            plan::rel_path(plans, &pair.id, *later)
        );
        return None;
    }
    Some(existing)
}

/// The pair's latest plan before the new one (`last`), read and parsed,
/// with its text.
fn read_previous(
    repo: &Repo,
    pair: &Pair,
    last: Option<&(NaiveDate, PathBuf)>,
) -> Result<Option<(ActionPlan, String)>> {
    last.map(|(d, file)| {
        let text = crate::repo::read_text(file)?;
        let (plan, _) = plan::parse(
            &plan::rel_path(&repo.config.plans, &pair.id, *d),
            &pair.id,
            *d,
            &text,
        );
        Ok((plan, text))
    })
    .transpose()
}

/// Why `ect validate` would reject `text`, the new plan `rel`, as the
/// message to print; `None` when it would pass.
fn rejection(
    repo: &Repo,
    pair: &Pair,
    rel: &str,
    date: NaiveDate,
    today: NaiveDate,
    text: &str,
    previous: Option<&(ActionPlan, String)>,
) -> Option<String> {
    let (new_plan, mut problems) = plan::parse(rel, &pair.id, date, text);
    problems.extend(plan::check_on(&new_plan, today));
    let errors: Vec<_> = problems
        .into_iter()
        .filter_map(|mut d| {
            d.severity = repo.config.severity(d.rule, d.severity)?;
            Some(d)
        })
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .collect();
    if errors.is_empty() {
        return None;
    }
    let mut why = format!(
        "error: the new plan `{rel}` would not pass `ect validate`, so nothing was written:\n"
    );
    for d in &errors {
        why.push_str(&format!("  line {}: {}\n", d.location.line, d.message));
    }
    if let Some((old, _)) = previous {
        why.push_str(&format!(
            "fix the targets of `{}` it carries (or mark them met or dropped), then run `ect plan new` again\n",
            old.path
        ));
    }
    Some(why)
}

/// The report's line on the review date: given, from the schedule, or none.
fn review_line(review: Option<NaiveDate>, given: bool) -> String {
    match review {
        Some(r) if given => format!("  review  {}\n", crate::generate::long_date(r)),
        Some(r) => format!(
            "  review  {}, the first meeting after the next break\n",
            crate::generate::long_date(r)
        ),
        None => "  review  none: the calendar has no meeting after the next break; write one after `review:`\n".to_string(),
    }
}

/// Marks the previous plan `old` (its text `old_text`) closed and
/// superseded by the plan of `date`, unless it is already, or changed
/// meanwhile (then a warning says what to do by hand).
fn close_previous(
    repo: &Repo,
    old: &ActionPlan,
    old_text: &str,
    date: NaiveDate,
    report: &mut String,
    warnings: &mut Vec<String>,
) {
    if old.status == PlanStatus::Closed && old.superseded_by.is_some() {
        return;
    }
    let closed = plan::close_text(old_text, &format!("{date}.md"));
    match write::replace_if_unchanged(&repo.root, Path::new(&old.path), old_text, &closed) {
        Ok(true) => report.push_str(&format!("  closed  `{}`\n", old.path)),
        Ok(false) => warnings.push(format!(
            "`{}` changed while the new plan was written, so it was left as it is: mark it `status: closed` and `superseded_by: {date}.md` by hand",
            old.path
        )),
        Err(e) => warnings.push(format!(
            "could not mark `{}` closed: {e:#}; mark it `status: closed` by hand",
            old.path
        )),
    }
}

/// The default review date and the session of the plan's week, from the
/// pair's schedule (`None` when there is no calendar or programme).
fn from_schedule(
    repo: &Repo,
    pair: &Pair,
    date: NaiveDate,
) -> Option<(Option<NaiveDate>, Option<String>)> {
    if repo.config.terms.is_empty() {
        return None;
    }
    let (curriculum, _) = repo.load_curriculum().ok()?;
    let programme = ProgrammeSessions::from_curriculum(&curriculum, &pair.programme)?;
    let schedule = schedule::build(&Calendar::new(&repo.config), pair, &programme);
    let session = schedule
        .meeting_in_week(date)
        .and_then(|m| m.sessions.first())
        .map(|rel| curriculum.repo_path(rel));
    Some((review_after_break(&schedule, date), session))
}

/// Opens `file` in `$VISUAL`, else `$EDITOR`: the program and its
/// arguments, split without a shell. Problems are printed, never fatal.
pub(crate) fn edit(file: &Path, rel: &str) {
    let var = ["VISUAL", "EDITOR"]
        .into_iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()));
    let Some(line) = var else {
        crate::errln!(
            "note: set VISUAL or EDITOR to open new plans in your editor; the plan is `{rel}`"
        );
        return;
    };
    let Some((program, args)) = split_command(&line).and_then(|mut words| {
        if words.is_empty() {
            return None;
        }
        let program = words.remove(0);
        Some((program, words))
    }) else {
        crate::errln!(
            "warning: cannot read the editor command `{line}` (an unclosed quote?); the plan is `{rel}`"
        );
        return;
    };
    match std::process::Command::new(&program)
        .args(&args)
        .arg(file)
        .status()
    {
        Ok(s) if s.success() => {}
        Ok(s) => {
            crate::errln!(
                "warning: the editor `{program}` ended with {s}; the plan is kept at `{rel}`"
            )
        }
        Err(e) => {
            crate::errln!("warning: cannot start the editor `{program}`: {e}; the plan is `{rel}`")
        }
    }
}

/// Splits an editor command into words the way a shell would for simple
/// cases: spaces separate words, `'...'` and `"..."` quote them (inside
/// double quotes `\"` and `\\` escape); a backslash elsewhere is kept, so
/// Windows paths work. `None` for an unclosed quote.
pub(crate) fn split_command(s: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\')) => {
                            word.push(chars.next()?);
                        }
                        c => word.push(c),
                    }
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

/// The problems of the new plan, and of the pair's plans together (two
/// active plans), with `ect.yaml`'s rule settings applied.
fn check_written(
    repo: &Repo,
    pair: &Pair,
    rel: &str,
    date: NaiveDate,
    today: NaiveDate,
) -> Vec<crate::diag::Diagnostic> {
    let plans = repo.config.plans.as_str();
    let pair_dir = repo.plans_dir().join(&pair.id);
    let mut found = Vec::new();
    let mut all = Vec::new();
    for (d, file) in plan::list(&pair_dir) {
        let Ok(text) = read_checked(&file) else {
            continue;
        };
        let path = plan::rel_path(plans, &pair.id, d);
        let (plan, diags) = plan::parse(&path, &pair.id, d, &text);
        if d == date {
            found.extend(diags);
            found.extend(plan::check_on(&plan, today));
        }
        all.push(plan);
    }
    if !all.iter().any(|p| p.path == rel) {
        found.push(crate::diag::at_file_start(
            "unreadable",
            rel,
            "the new plan is no longer there, or is not UTF-8 text",
            None,
        ));
    }
    found.extend(plan::check_pair(&all));
    found
        .into_iter()
        .filter_map(|mut d| {
            d.severity = repo.config.severity(d.rule, d.severity)?;
            Some(d)
        })
        .collect()
}

/// One target in `ect plan list --format json`.
#[derive(Debug, Serialize)]
struct TargetRow<'a> {
    pair: &'a str,
    plan: &'a str,
    plan_status: PlanStatus,
    review: Option<NaiveDate>,
    line: usize,
    text: &'a str,
    measure: Option<&'a str>,
    standards: &'a [u8],
    due: Option<NaiveDate>,
    status: plan::TargetStatus,
    overdue: bool,
    steps: Steps,
}

#[derive(Debug, Serialize)]
struct Steps {
    done: usize,
    total: usize,
}

fn list(repo: &Repo, args: &PlanListArgs) -> Result<i32> {
    let (pairs, _) = crate::pair::load_pairs(repo);
    let today = super::today()?;
    let chosen: Vec<&Pair> = match &args.pair {
        Some(id) => vec![choose(repo, &pairs, Some(id))?],
        None => pairs.iter().collect(),
    };
    let plans = repo.config.plans.as_str();
    // each pair's latest plan
    let latest: Vec<ActionPlan> = chosen
        .iter()
        .filter_map(|p| {
            let (d, file) = plan::list(&repo.plans_dir().join(&p.id)).pop()?;
            Some(plan::read(plans, &p.id, d, &file)?.0)
        })
        .collect();
    let rows: Vec<TargetRow<'_>> = latest
        .iter()
        .flat_map(|plan| {
            plan.targets
                .iter()
                .filter(|t| !t.template)
                .filter(|t| {
                    if args.overdue {
                        plan.is_active() && t.is_overdue(today)
                    } else if args.open {
                        plan.is_active() && t.is_open()
                    } else {
                        true
                    }
                })
                .map(move |t| TargetRow {
                    pair: &plan.pair_id,
                    plan: &plan.path,
                    plan_status: plan.status,
                    review: plan.review,
                    line: t.line,
                    text: &t.text,
                    measure: t.measure.as_deref(),
                    standards: &t.standards,
                    due: t.due,
                    status: t.status,
                    overdue: plan.is_active() && t.is_overdue(today),
                    steps: Steps {
                        done: t.steps.iter().filter(|s| s.done).count(),
                        total: t.steps.len(),
                    },
                })
        })
        .collect();
    let text = match args.format {
        TableFormat::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                targets: &'a [TargetRow<'a>],
            }
            format!(
                "{}\n",
                serde_json::to_string_pretty(&Out { targets: &rows })?
            )
        }
        TableFormat::Human => human_list(&rows, args),
    };
    crate::print_stdout(&text)?;
    Ok(exit::OK)
}

/// Grouped by pair: the plan, then one line per target.
fn human_list(rows: &[TargetRow<'_>], args: &PlanListArgs) -> String {
    if rows.is_empty() {
        let what = if args.overdue {
            "no overdue targets"
        } else if args.open {
            "no open targets"
        } else {
            "no targets: write a plan with `ect plan new`"
        };
        return format!("{what}\n");
    }
    let mut s = String::new();
    let mut current = "";
    for r in rows {
        if r.plan != current {
            if !current.is_empty() {
                s.push('\n');
            }
            current = r.plan;
            let review = r
                .review
                .map_or_else(|| "no review date".to_string(), |d| format!("review {d}"));
            s.push_str(&format!(
                "{}  `{}` ({}, {review})\n",
                r.pair,
                r.plan,
                r.plan_status.as_str()
            ));
        }
        let status = if r.overdue {
            "overdue"
        } else {
            r.status.as_str()
        };
        let due = r
            .due
            .map_or_else(|| "no due date".to_string(), |d| format!("due {d}"));
        let standards = if r.standards.is_empty() {
            String::new()
        } else {
            format!(
                "TS{}",
                r.standards
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            )
        };
        s.push_str(&format!(
            "  {status:<7}  {due:<14}  {standards:<5}  {}\n",
            r.text
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::split_command;

    #[test]
    fn editor_commands_split_without_a_shell() {
        let split = |s: &str| split_command(s).unwrap();
        assert_eq!(split("vim"), ["vim"]);
        assert_eq!(split("  code --wait "), ["code", "--wait"]);
        assert_eq!(
            split(r#""C:\Program Files\Notepad++\notepad++.exe" -multiInst"#),
            [r"C:\Program Files\Notepad++\notepad++.exe", "-multiInst"]
        );
        assert_eq!(split("emacs -nw 'a b'"), ["emacs", "-nw", "a b"]);
        assert_eq!(split(r#"ed "say \"hi\"""#), ["ed", r#"say "hi""#]);
        // no shell: these are plain words
        assert_eq!(split("vi; rm -rf x"), ["vi;", "rm", "-rf", "x"]);
        assert_eq!(split("nano $HOME"), ["nano", "$HOME"]);
        assert_eq!(split_command("vim 'oops"), None);
        assert_eq!(split(""), Vec::<String>::new());
    }
}
