//! `ect completions SHELL` and `ect man`: a completion script and a manual
//! page, both generated from the clap definition in `cli.rs`, so they never
//! drift from the real flags.

use crate::cli::{Cli, CompletionsArgs};
use anyhow::{Context, Result};
use clap::CommandFactory;

pub(crate) fn completions(args: &CompletionsArgs) -> Result<i32> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "ect", &mut buf);
    crate::print_stdout(&String::from_utf8_lossy(&buf))?;
    Ok(crate::exit::OK)
}

pub(crate) fn man() -> Result<i32> {
    crate::print_stdout(&man_page()?)?;
    Ok(crate::exit::OK)
}

/// The manual page in roff: the program and its global options, then one
/// section per command (and per `ect pair` command) with its options, then
/// ENVIRONMENT, EXIT STATUS, FILES and EXAMPLES from the lists in `cli.rs`
/// that `ect --help` prints too.
pub(crate) fn man_page() -> Result<String> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    man.render_title(&mut buf)
        .and_then(|()| man.render_name_section(&mut buf))
        .and_then(|()| man.render_synopsis_section(&mut buf))
        .and_then(|()| man.render_description_section(&mut buf))
        .and_then(|()| man.render_options_section(&mut buf))
        .context("cannot render the manual page")?;
    let mut page = String::from_utf8_lossy(&buf).into_owned();
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        page.push_str(&command_section(sub, "ect")?);
        for inner in sub.get_subcommands().filter(|s| s.get_name() != "help") {
            page.push_str(&command_section(inner, &format!("ect {}", sub.get_name()))?);
        }
    }
    page.push_str(&listing(
        "ENVIRONMENT",
        crate::cli::ENVIRONMENT.iter().copied(),
    ));
    let codes: Vec<(String, &str)> = crate::cli::EXIT_STATUS
        .iter()
        .map(|(code, what)| (code.to_string(), *what))
        .collect();
    page.push_str(&listing(
        "EXIT STATUS",
        codes.iter().map(|(c, w)| (c.as_str(), *w)),
    ));
    page.push_str(&listing("FILES", crate::cli::FILES.iter().copied()));
    page.push_str(&listing("EXAMPLES", crate::cli::EXAMPLES.iter().copied()));
    let mut tail = Vec::new();
    man.render_version_section(&mut tail)
        .context("cannot render the manual page")?;
    page.push_str(&String::from_utf8_lossy(&tail));
    Ok(page)
}

/// A man page section of tagged paragraphs: the tag in bold, then its text.
fn listing<'a>(title: &str, items: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = format!(".SH \"{title}\"\n");
    for (tag, text) in items {
        out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(tag), roff(text)));
    }
    out
}

/// Text safe in roff: backslashes and hyphens escaped, no line starting
/// with a control character.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// `.SH "ECT VALIDATE"`, what it does, its synopsis and options.
fn command_section(sub: &clap::Command, parent: &str) -> Result<String> {
    let name = format!("{parent} {}", sub.get_name());
    let sub = sub
        .clone()
        .display_name(name.clone())
        .bin_name(name.clone());
    let man = clap_mangen::Man::new(sub.clone());
    let mut buf = Vec::new();
    man.render_description_section(&mut buf)
        .and_then(|()| man.render_synopsis_section(&mut buf))
        .and_then(|()| {
            if sub.get_arguments().any(|a| !a.is_hide_set()) {
                man.render_options_section(&mut buf)
            } else {
                Ok(())
            }
        })
        .with_context(|| format!("cannot render the manual page of `{name}`"))?;
    let body = String::from_utf8_lossy(&buf);
    let mut out = format!(".SH \"{}\"\n", name.to_uppercase());
    for line in body.lines() {
        match line.strip_prefix(".SH ") {
            // its own DESCRIPTION heading is the command's heading above
            Some("DESCRIPTION") => {}
            Some(rest) => out.push_str(&format!(".SS {rest}\n")),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    Ok(out)
}
