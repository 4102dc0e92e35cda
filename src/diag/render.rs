//! The one place diagnostics become text: human (rustc-style), JSON, or
//! GitHub Actions workflow commands.

use super::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How `ect validate` prints what it found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style, with the source line and a caret under the problem
    Human,
    /// one JSON object on standard output
    Json,
    /// GitHub Actions workflow commands (`::error file=...`)
    Github,
}

/// Counts for the closing summary.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn count(files: usize, diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Summary {
            files,
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

/// Renders one diagnostic the way rustc does. `color` adds ANSI styles.
pub fn human(d: &Diagnostic, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let loc = &d.location;
    let title = level.primary_title(d.message.as_str()).id(d.rule);
    let group = if loc.source_line.is_empty() && loc.line_span.is_empty() {
        // nothing to show but the place
        Group::with_title(title).element(annotate_snippets::Origin::path(d.path.as_str()))
    } else {
        let span = if loc.line_span.is_empty() {
            // point at one character so the caret shows
            let end = loc.source_line[loc.line_span.start..]
                .chars()
                .next()
                .map_or(loc.line_span.start, |c| loc.line_span.start + c.len_utf8());
            loc.line_span.start..end
        } else {
            loc.line_span.clone()
        };
        Group::with_title(title).element(
            Snippet::source(loc.source_line.as_str())
                .line_start(loc.line)
                .path(d.path.as_str())
                .fold(false)
                .annotation(AnnotationKind::Primary.span(span)),
        )
    };
    let group = match &d.hint {
        Some(hint) => group.element(Level::HELP.message(hint.as_str())),
        None => group,
    };
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = renderer.render(&[group]);
    // annotate-snippets names the column of the span start in the source it
    // is given; a long line's source is only a window of it (see
    // `LineIndex::locate`), so put the column the JSON gives in the header
    let shown = loc
        .source_line
        .get(..loc.line_span.start)
        .map_or(loc.column, |before| before.chars().count() + 1);
    if shown != loc.column {
        let wrong = format!("{}:{}:{shown}", d.path, loc.line);
        out = out.replacen(
            &wrong,
            &format!("{}:{}:{}", d.path, loc.line, loc.column),
            1,
        );
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The closing line of human output.
pub fn summary_line(summary: &Summary) -> String {
    fn plural(n: usize, word: &str) -> String {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    }
    format!(
        "checked {}: {}, {}",
        plural(summary.files, "file"),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning")
    )
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

/// The whole report as one JSON object.
pub fn json(diagnostics: &[Diagnostic], summary: Summary) -> String {
    let report = JsonReport {
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                rule: d.rule,
                severity: d.severity,
                path: &d.path,
                line: d.location.line,
                column: d.location.column,
                end_line: d.location.end_line,
                end_column: d.location.end_column,
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect(),
        summary,
    };
    serde_json::to_string_pretty(&report).expect("diagnostics serialize")
}

/// One GitHub Actions workflow command.
pub fn github(d: &Diagnostic) -> String {
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        d.severity.as_str(),
        escape_property(&d.path),
        d.location.line,
        d.location.column,
        d.location.end_line,
        d.location.end_column,
        escape_property(d.rule),
        escape_data(&message)
    )
}

/// A GitHub Actions `::notice` on a file, with no line: for baseline
/// entries that are fixed.
pub fn github_notice(path: &str, title: &str, message: &str) -> String {
    format!(
        "::notice file={},title={}::{}",
        escape_property(path),
        escape_property(title),
        escape_data(message)
    )
}

// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::LineIndex;

    fn sample() -> Diagnostic {
        let text = "---\ntitle: x\n---\nSee [it](about:blank) now\n";
        let start = text.find("[it]").unwrap();
        Diagnostic {
            rule: "broken-link",
            severity: Severity::Error,
            path: "prog/mod/a.md".into(),
            location: LineIndex::new(text).locate(start..start + 17),
            message: "link `about:blank` goes nowhere".into(),
            hint: Some("link to a page or remove the link".into()),
        }
    }

    #[test]
    fn human_output_names_rule_place_and_caret() {
        let out = human(&sample(), false);
        assert!(out.contains("error[broken-link]: link `about:blank` goes nowhere"));
        assert!(out.contains("--> prog/mod/a.md:4:5"), "{out}");
        assert!(out.contains("4 | See [it](about:blank) now"), "{out}");
        assert!(out.contains("^^^^^^^^^^^^^^^^^"), "{out}");
        assert!(out.contains("help: link to a page or remove the link"));
        assert!(!out.contains('\x1b'));
    }

    #[test]
    fn a_long_line_shows_a_window_and_the_true_column() {
        let text = format!("{}<# tail\n", "x".repeat(100_000));
        let d = Diagnostic {
            location: LineIndex::new(&text).locate(100_000..100_002),
            ..sample()
        };
        let out = human(&d, false);
        assert!(out.contains("--> prog/mod/a.md:1:100001\n"), "{out}");
        assert!(out.contains("<# tail"), "{out}");
        assert!(out.len() < 2_000, "{out}");
    }

    #[test]
    fn github_escapes_commas_and_newlines() {
        let mut d = sample();
        d.path = "a,b.md".into();
        let out = github(&d);
        assert!(
            out.starts_with("::error file=a%2Cb.md,line=4,col=5,"),
            "{out}"
        );
        assert!(out.contains("title=broken-link::"));
        assert!(out.contains("%0Ahint: "));
    }

    #[test]
    fn summary_line_uses_plurals() {
        let s = Summary {
            files: 1,
            errors: 2,
            warnings: 0,
        };
        assert_eq!(summary_line(&s), "checked 1 file: 2 errors, 0 warnings");
    }
}
