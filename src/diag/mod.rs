//! Diagnostics as data: what every check returns, and where in a file it points.
//!
//! Validators build [`Diagnostic`]s and return them; only [`render`] prints them.

pub mod render;

use serde::Serialize;

/// How bad a problem is. `error` fails `ect validate`; `warning` does not,
/// unless `--deny-warnings` is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a file: 1-based line and column (columns count characters),
/// and the text of the first line so the renderer needs no second read.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The full text of `line`, without its line ending.
    pub source_line: String,
    /// Byte range of the span inside `source_line` (clamped to that line).
    pub line_span: std::ops::Range<usize>,
}

impl Location {
    /// Line 1, column 1, with no source to show: for problems with a whole file.
    pub fn default_start() -> Location {
        Location {
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            ..Location::default()
        }
    }
}

/// One problem found in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule id, such as `broken-link`.
    pub rule: &'static str,
    pub severity: Severity,
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    pub location: Location,
    /// Lowercase, no full stop, names in backticks.
    pub message: String,
    /// What to do about it, when that helps.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn line(&self) -> usize {
        self.location.line
    }
}

/// Maps byte offsets of one file's text to lines and columns.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                // a lone CR (old Mac line ending) also ends a line
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { text, starts }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// 0-based line number holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based `line` starts (the text's end for lines past it).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// The text of 0-based `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_start(line).min(self.text.len());
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The location of byte range `span` (offsets are clamped into the text
    /// and moved back to character boundaries).
    pub fn locate(&self, span: std::ops::Range<usize>) -> Location {
        let start = floor_char(self.text, span.start.min(self.text.len()));
        let end = floor_char(self.text, span.end.clamp(start, self.text.len()));
        let line = self.line_of(start);
        let end_line = self.line_of(end);
        let line_start = self.line_start(line);
        let source_line = self.line_text(line);
        let col = self.text[line_start..start].chars().count() + 1;
        let end_line_start = self.line_start(end_line);
        let end_col = self.text[end_line_start..end].chars().count() + 1;
        let in_line_start = start - line_start;
        let in_line_end = if end_line == line {
            (end - line_start).min(source_line.len())
        } else {
            source_line.len()
        };
        Location {
            line: line + 1,
            column: col,
            end_line: end_line + 1,
            end_column: end_col,
            source_line: source_line.to_string(),
            line_span: in_line_start.min(source_line.len())..in_line_end.max(in_line_start),
        }
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Builds diagnostics for one file, turning byte spans into locations.
pub struct FileDiagnostics<'a> {
    pub path: &'a str,
    pub index: LineIndex<'a>,
    pub found: Vec<Diagnostic>,
}

impl<'a> FileDiagnostics<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        FileDiagnostics {
            path,
            index: LineIndex::new(text),
            found: Vec::new(),
        }
    }

    /// Records a problem at byte range `span` of the file.
    pub fn push(
        &mut self,
        rule: &'static str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let location = self.index.locate(span);
        self.found.push(Diagnostic {
            rule,
            severity: crate::rules::default_severity(rule),
            path: self.path.to_string(),
            location,
            message: message.into(),
            hint,
        });
    }
}

/// A diagnostic for a whole file, or a file that could not be read as text:
/// points at line 1, column 1.
pub fn at_file_start(
    rule: &'static str,
    path: &str,
    message: impl Into<String>,
    hint: Option<String>,
) -> Diagnostic {
    Diagnostic {
        rule,
        severity: crate::rules::default_severity(rule),
        path: path.to_string(),
        location: Location {
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            source_line: String::new(),
            line_span: 0..0,
        },
        message: message.into(),
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let text = "---\ntitle: “x”\n---\nline é <br /\n";
        let idx = LineIndex::new(text);
        let start = text.find("<br").unwrap();
        let loc = idx.locate(start..start + 5);
        assert_eq!((loc.line, loc.column), (4, 8));
        assert_eq!(loc.source_line, "line é <br /");
        assert_eq!(&loc.source_line[loc.line_span.clone()], "<br /");
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let idx = LineIndex::new("a\r\nb\rc\n");
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_text(0), "a");
        assert_eq!(idx.line_text(1), "b");
        assert_eq!(idx.line_text(2), "c");
    }

    #[test]
    fn clamps_spans_past_the_end() {
        let idx = LineIndex::new("abc");
        let loc = idx.locate(10..20);
        assert_eq!((loc.line, loc.column), (1, 4));
    }
}
