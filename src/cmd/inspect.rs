//! `ect inspect FILE`: what `ect` understood of one curriculum file.

use crate::cli::{Cli, InspectArgs, InspectFormat};
use crate::curriculum::document::{self, Document, IntentionGroup, Segment};
use crate::diag::FileDiagnostics;
use crate::repo::{Repo, read_text, rel_path};
use anyhow::{Result, bail};
use serde::Serialize;

#[derive(Serialize)]
struct SectionView<'a> {
    heading: &'a str,
    line: usize,
    minutes: Option<u32>,
    segments: &'a [Segment],
}

#[derive(Serialize)]
struct LinkView<'a> {
    target: &'a str,
    line: usize,
}

/// A minute figure no activity or duration claims.
#[derive(Serialize)]
struct UnclaimedView {
    line: usize,
    /// The figure as written, e.g. `2 minutes`.
    text: String,
}

#[derive(Serialize)]
struct View<'a> {
    path: String,
    programme: Option<&'a str>,
    year: Option<u8>,
    term: Option<crate::curriculum::Term>,
    week: Option<u32>,
    module: Option<&'a str>,
    part: Option<&'a str>,
    title: Option<&'a str>,
    learning_intentions: &'a [String],
    learning_intention_groups: &'a [IntentionGroup],
    sections: Vec<SectionView<'a>>,
    segments: Vec<&'a Segment>,
    total_minutes: Option<u32>,
    /// The high end of the total when some activity is a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    total_minutes_max: Option<u32>,
    /// The session's declared length (`Duration: 60 minutes`), if written.
    declared_minutes: Option<u32>,
    unclaimed_minutes: Vec<UnclaimedView>,
    /// What an agenda shows of the session: its activities (timed, else its
    /// `###` headings) with their parts, materials and questions.
    activities: Vec<crate::curriculum::activity::Activity>,
    links: Vec<LinkView<'a>>,
}

pub(crate) fn run(cli: &Cli, args: &InspectArgs) -> Result<i32> {
    let cwd = super::cwd()?;
    let repo = match Repo::open(&cwd, cli.root.as_deref()) {
        Ok(r) => r,
        Err(crate::repo::OpenError::Config(d)) => {
            bail!("{}:{}: {}", d.path, d.location.line, d.message)
        }
        Err(crate::repo::OpenError::Other(e)) => return Err(e),
    };
    let abs = if args.file.is_absolute() {
        args.file.clone()
    } else {
        cwd.join(&args.file)
    };
    let Ok(abs) = abs.canonicalize() else {
        bail!(
            "`{}` does not exist; give the path of a curriculum file, e.g. `curriculum/<programme>/<module>/autumn-week-1-mentor-materials.md`",
            args.file.display()
        );
    };
    let cur = repo
        .curriculum_dir()
        .canonicalize()
        .unwrap_or(repo.curriculum_dir());
    // a file outside `curriculum/` (another repository's, a download) is
    // read by its place in the DfE layout: its programme and module folders
    let rel = if abs.starts_with(&cur) {
        rel_path(&cur, &abs)
    } else {
        let names: Vec<String> = abs
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        names[names.len().saturating_sub(3)..].join("/")
    };
    let text = read_text(&abs)?;
    let shown = rel_path(&cwd, &abs);
    let mut diags = FileDiagnostics::new(&shown, &text);
    let doc = document::parse(&rel, &text, &mut diags);
    let view = view(&doc, &text, &shown);
    match args.format {
        InspectFormat::Json => crate::outln!("{}", serde_json::to_string_pretty(&view)?)?,
        InspectFormat::Human => crate::print_stdout(&human(&view))?,
    }
    for d in &diags.found {
        crate::out::eprint(&crate::diag::render::human(d, false));
    }
    Ok(crate::exit::OK)
}

fn view<'a>(doc: &'a Document, text: &str, shown: &str) -> View<'a> {
    let index = crate::diag::LineIndex::new(text);
    let line = |off: usize| index.line_of(off) + 1;
    View {
        path: shown.to_string(),
        programme: doc.facts.programme.as_deref(),
        year: doc.facts.year,
        term: doc.facts.term,
        week: doc.facts.week,
        module: doc.facts.module.as_deref(),
        part: doc.facts.part.as_deref(),
        title: doc.title(),
        learning_intentions: &doc.learning_intentions,
        learning_intention_groups: &doc.learning_intention_groups,
        sections: doc
            .sections
            .iter()
            .map(|s| SectionView {
                heading: &s.heading,
                line: line(s.span.start),
                minutes: s.duration.as_ref().map(|d| d.0),
                segments: &s.segments,
            })
            .collect(),
        segments: doc.segments().collect(),
        total_minutes: doc.total_minutes(),
        total_minutes_max: doc
            .total_range()
            .and_then(|(low, high)| (high > low).then_some(high)),
        declared_minutes: doc.declared_minutes(),
        unclaimed_minutes: doc
            .unclaimed_minutes(text)
            .into_iter()
            .map(|r| UnclaimedView {
                line: line(r.start),
                text: text[r].to_string(),
            })
            .collect(),
        activities: crate::curriculum::activity::activities(doc),
        links: doc
            .links
            .iter()
            .map(|l| LinkView {
                target: &l.target,
                line: l.location.line,
            })
            .collect(),
    }
}

/// The human report, as one text (printed at once).
fn human(v: &View<'_>) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{}", v.path);
    let opt = |o: Option<String>| o.unwrap_or_else(|| "-".into());
    let _ = writeln!(out, "  title:      {}", opt(v.title.map(str::to_string)));
    let _ = writeln!(
        out,
        "  programme:  {}",
        opt(v.programme.map(str::to_string))
    );
    let _ = writeln!(out, "  module:     {}", opt(v.module.map(str::to_string)));
    let _ = writeln!(
        out,
        "  year/term:  {} / {}",
        opt(v.year.map(|y| y.to_string())),
        opt(v.term.map(|t| t.to_string()))
    );
    let _ = writeln!(out, "  week:       {}", opt(v.week.map(|w| w.to_string())));
    let _ = writeln!(out, "  part:       {}", opt(v.part.map(str::to_string)));
    learning_intentions(&mut out, v);
    timings(&mut out, v);
    let total = match (v.total_minutes, v.total_minutes_max) {
        (Some(low), Some(high)) => Some(format!("{low} to {high} minutes")),
        (low, _) => low.map(|m| format!("{m} minutes")),
    };
    let _ = writeln!(out, "  total:      {}", opt(total));
    if let Some(m) = v.declared_minutes {
        let _ = writeln!(out, "  declared:   {m} minutes");
    }
    if !v.unclaimed_minutes.is_empty() {
        let _ = writeln!(
            out,
            "  minutes not counted (prose, or not tied to an activity):"
        );
        for u in &v.unclaimed_minutes {
            let _ = writeln!(out, "    line {}: {}", u.line, u.text);
        }
    }
    if v.segments.is_empty() && !v.activities.is_empty() {
        let _ = writeln!(out, "  no timed activities; an agenda plans these parts:");
        for a in &v.activities {
            let _ = writeln!(out, "    {} (line {})", a.label, a.line);
        }
    }
    let _ = writeln!(out, "  links:      {}", v.links.len());
    out
}

/// The learning intentions, each group under its lead-in.
fn learning_intentions(out: &mut String, v: &View<'_>) {
    use std::fmt::Write;
    if v.learning_intention_groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "  learning intentions:");
    for g in v.learning_intention_groups {
        let indent = if g.lead_in.is_empty() {
            "    "
        } else {
            let _ = writeln!(out, "    {}", g.lead_in);
            "      "
        };
        for li in &g.items {
            let _ = writeln!(out, "{indent}- {li}");
        }
    }
}

/// The timed activities: each section's, then those in no section.
fn timings(out: &mut String, v: &View<'_>) {
    use std::fmt::Write;
    for s in &v.sections {
        let declared = s
            .minutes
            .map(|m| format!(" (Duration: {m} minutes)"))
            .unwrap_or_default();
        let _ = writeln!(out, "  ## {} (line {}){declared}", s.heading, s.line);
        for seg in s.segments {
            segment(out, seg, 4);
        }
    }
    let loose: Vec<_> = v
        .segments
        .iter()
        .filter(|s| {
            !v.sections
                .iter()
                .any(|x| x.segments.iter().any(|y| std::ptr::eq(y, **s)))
        })
        .collect();
    for seg in loose {
        segment(out, seg, 2);
    }
}

fn segment(out: &mut String, s: &Segment, indent: usize) {
    use std::fmt::Write;
    let minutes = match s.max_minutes {
        Some(max) => format!("{}-{max}", s.minutes),
        None => s.minutes.to_string(),
    };
    let _ = writeln!(
        out,
        "{:indent$}{minutes:>3} min  {} (line {})",
        "", s.label, s.line
    );
    for p in &s.parts {
        segment(out, p, indent + 4);
    }
}
