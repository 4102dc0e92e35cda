//! `ect new module` and `ect new session`: scaffold a school-led programme
//! in the layout `ect validate` checks. New files are written with
//! `write_new` (never over a file); the overviews a person edits are
//! changed with `replace_if_unchanged`, keeping every byte they wrote.

use crate::Output;
use crate::cli::{Cli, NewArgs, NewCommand, NewModuleArgs, NewSessionArgs};
use crate::curriculum::Term;
use crate::repo::{Repo, read_checked};
use crate::{scaffold, write};
use anyhow::{Result, bail};
use std::path::Path;

pub(crate) fn run(cli: &Cli, args: &NewArgs, out: Output) -> Result<i32> {
    let repo = match super::open_repo(cli, out)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let mut report = String::new();
    match &args.command {
        NewCommand::Module(a) => module(&repo, a, &mut report)?,
        NewCommand::Session(a) => session(&repo, a, &mut report)?,
    }
    if !out.quiet {
        crate::print_stdout(&report)?;
    }
    Ok(crate::exit::OK)
}

fn programme_of(repo: &Repo, given: Option<&str>) -> Result<String> {
    let Some(p) = given
        .map(str::to_string)
        .or_else(|| repo.config.programme.clone())
    else {
        bail!("say which programme with `--programme NAME`, or set `programme:` in `ect.yaml`");
    };
    if !crate::pair::roster::is_valid_programme(&p) {
        bail!(
            "`{p}` cannot name a programme: use letters, digits and hyphens, e.g. `our-programme`"
        );
    }
    Ok(p)
}

/// Repository-relative path of a file under `curriculum/`.
fn in_curriculum(repo: &Repo, rel: &str) -> String {
    let dir = repo.curriculum_rel();
    if dir.is_empty() {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    }
}

fn exists(repo: &Repo, rel: &str) -> bool {
    std::fs::symlink_metadata(repo.root.join(rel)).is_ok()
}

fn module(repo: &Repo, a: &NewModuleArgs, report: &mut String) -> Result<()> {
    let programme = programme_of(repo, a.programme.as_deref())?;
    let term = Term::parse(&a.term).expect("clap checks the term");
    let title = a.title.trim();
    if title.is_empty() || title.chars().any(char::is_control) {
        bail!("`--title` must be a title on one line");
    }
    let slug = match &a.slug {
        Some(s) => s.clone(),
        None => format!("year-{}-{}", a.year, crate::pair::roster::slug(title)),
    };
    if !crate::pair::is_valid_id(&slug) {
        bail!(
            "`{slug}` cannot name a module folder: use lowercase letters, digits and hyphens (`--slug`)"
        );
    }
    let overview_rel = in_curriculum(repo, &format!("{programme}.md"));
    let module_rel = in_curriculum(repo, &format!("{programme}/{slug}.md"));
    if exists(repo, &module_rel)
        || exists(repo, &in_curriculum(repo, &format!("{programme}/{slug}")))
    {
        bail!("module `{slug}` exists already (`{module_rel}`); nothing was written");
    }
    let existing = if exists(repo, &overview_rel) {
        let text = read_checked(&repo.root.join(&overview_rel))
            .map_err(|e| anyhow::anyhow!("`{overview_rel}`: {e}"))?;
        if text.contains(&format!("](/{programme}/{slug})")) {
            bail!("`{overview_rel}` lists `{slug}` already; nothing was written");
        }
        Some(text)
    } else {
        None
    };
    let _lock = crate::lock::acquire(&repo.root, &repo.config.plans, "new module")?;
    let new = NewModule {
        programme: &programme,
        slug: &slug,
        title,
        year: a.year,
        term,
    };
    write::write_new(
        &repo.root,
        Path::new(&module_rel),
        &scaffold::module_overview(&programme, &slug, title, a.year, term, a.weeks),
    )?;
    report.push_str(&format!("created  {module_rel}\n"));
    for week in 1..=a.weeks {
        let rel = in_curriculum(
            repo,
            &format!(
                "{programme}/{slug}/{}.md",
                scaffold::session_stem(term, week)
            ),
        );
        write::write_new(
            &repo.root,
            Path::new(&rel),
            &scaffold::session(a.year, term, week, &format!("Week {week} topic")),
        )?;
        report.push_str(&format!("created  {rel}\n"));
    }
    list_module(repo, &new, &overview_rel, existing, report)?;
    report.push_str("next: replace the prompts in each file with the school's own text, then run `ect validate`\n");
    Ok(())
}

/// A module `ect new module` adds.
struct NewModule<'a> {
    programme: &'a str,
    slug: &'a str,
    title: &'a str,
    year: u8,
    term: Term,
}

/// Lists `module` in the programme overview `overview_rel`: added to its
/// text (`existing`) unless that changed meanwhile, else a new overview.
fn list_module(
    repo: &Repo,
    module: &NewModule<'_>,
    overview_rel: &str,
    existing: Option<String>,
    report: &mut String,
) -> Result<()> {
    let NewModule {
        programme,
        slug,
        title,
        year,
        term,
    } = *module;
    match existing {
        Some(old) => {
            let new = scaffold::add_module_entry(&old, programme, slug, title, year, term);
            if write::replace_if_unchanged(&repo.root, Path::new(overview_rel), &old, &new)? {
                report.push_str(&format!(
                    "updated  {overview_rel}: the module listed under Year {} {}\n",
                    year,
                    term.as_str()
                ));
            } else {
                crate::errln!(
                    "warning: `{overview_rel}` changed while the module was written, so it was left as it is: add `### [{title}](/{programme}/{slug})` under `## Year {}: {} term` by hand",
                    year,
                    term.as_str()
                );
            }
        }
        None => {
            let text = scaffold::add_module_entry(
                &scaffold::programme_overview(&format!("{programme} programme")),
                programme,
                slug,
                title,
                year,
                term,
            );
            write::write_new(&repo.root, Path::new(overview_rel), &text)?;
            report.push_str(&format!("created  {overview_rel}\n"));
        }
    }
    Ok(())
}

fn session(repo: &Repo, a: &NewSessionArgs, report: &mut String) -> Result<()> {
    let programme = programme_of(repo, a.programme.as_deref())?;
    let (curriculum, _) = repo.load_curriculum()?;
    let Some(overview) = curriculum.programme(&programme) else {
        bail!(
            "there is no programme overview `{}`; start with `ect new module`",
            in_curriculum(repo, &format!("{programme}.md"))
        );
    };
    let Some(module) = overview.modules.iter().find(|m| m.slug == a.module) else {
        let names: Vec<&str> = overview.modules.iter().map(|m| m.slug.as_str()).collect();
        bail!(
            "programme `{programme}` lists no module `{}`; its modules are: {}",
            a.module,
            names.join(", ")
        );
    };
    let (Some(year), Some(term)) = (module.year, module.term) else {
        bail!(
            "the overview lists `{}` under no `## Year N: Term term` heading, so its term is unknown",
            a.module
        );
    };
    let module_rel = in_curriculum(repo, &format!("{programme}/{}.md", a.module));
    let session_rel = in_curriculum(
        repo,
        &format!(
            "{programme}/{}/{}.md",
            a.module,
            scaffold::session_stem(term, a.week)
        ),
    );
    if exists(repo, &session_rel) {
        bail!("`{session_rel}` exists already; nothing was written");
    }
    let topic = a
        .topic
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| format!("Week {} topic", a.week), str::to_string);
    if topic.chars().any(char::is_control) {
        bail!("`--topic` must be one line");
    }
    let _lock = crate::lock::acquire(&repo.root, &repo.config.plans, "new session")?;
    write::write_new(
        &repo.root,
        Path::new(&session_rel),
        &scaffold::session(year, term, a.week, &topic),
    )?;
    report.push_str(&format!("created  {session_rel}\n"));
    let new = NewModule {
        programme: &programme,
        slug: &a.module,
        title: &module.title,
        year,
        term,
    };
    link_week(repo, &new, &module_rel, a.week, &topic, report)
}

/// Links week `week` (its `topic`) from the overview `module_rel` of
/// `module`: added to it unless it has that week or changed meanwhile,
/// else a new overview.
fn link_week(
    repo: &Repo,
    module: &NewModule<'_>,
    module_rel: &str,
    week: u32,
    topic: &str,
    report: &mut String,
) -> Result<()> {
    let entry = scaffold::week_entry(module.programme, module.slug, module.term, week, topic);
    if exists(repo, module_rel) {
        let old = read_checked(&repo.root.join(module_rel))
            .map_err(|e| anyhow::anyhow!("`{module_rel}`: {e}"))?;
        if scaffold::has_week(&old, week) {
            crate::errln!(
                "note: `{module_rel}` has a `## Week {}` section already; link the new file from it if it does not",
                week
            );
        } else {
            let new = scaffold::add_week_entry(&old, week, &entry);
            if write::replace_if_unchanged(&repo.root, Path::new(module_rel), &old, &new)? {
                report.push_str(&format!("updated  {module_rel}: week {} linked\n", week));
            } else {
                crate::errln!(
                    "warning: `{module_rel}` changed meanwhile and was left as it is: add a `## Week {}` section linking the new file",
                    week
                );
            }
        }
    } else {
        let text = scaffold::add_week_entry(
            &scaffold::module_overview(
                module.programme,
                module.slug,
                module.title,
                module.year,
                module.term,
                0,
            ),
            week,
            &entry,
        );
        write::write_new(&repo.root, Path::new(module_rel), &text)?;
        report.push_str(&format!("created  {module_rel}\n"));
    }
    Ok(())
}
