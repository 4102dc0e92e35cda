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
    /// The text of `line`, without its line ending; of a line longer than
    /// 1 KiB, only a window around the span.
    pub source_line: String,
    /// Byte range of the span inside `source_line` (clamped to that line);
    /// while `source_pending`, the span's byte range in the whole file.
    pub line_span: std::ops::Range<usize>,
    /// The line's text is still to be read: a link or heading of the
    /// curriculum keeps only its place ([`LineIndex::locate_later`]), since
    /// a copy of every line holding one took more memory than the files
    /// themselves; [`fill_sources`] reads the few files with a problem.
    pub source_pending: bool,
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
    /// Byte offset at which each line starts: found on first use, so a
    /// file read without a problem to place, or a place to keep, never
    /// lists its lines.
    starts: std::cell::OnceCell<Vec<usize>>,
    /// The last offset located and its 1-based column, so that locating
    /// many places along one long line counts its characters once.
    last_column: std::cell::Cell<(usize, usize)>,
}

/// A line longer than this keeps only a window of itself around the span in
/// [`Location::source_line`]: a 1 MB line with thousands of problems must not
/// cost a copy of the line each.
const LONG_LINE: usize = 1024;
/// Bytes kept on each side of the span in a long line's window.
const WINDOW: usize = 400;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: std::cell::OnceCell::new(),
            last_column: std::cell::Cell::new((0, 1)),
        }
    }

    /// Where each line starts, listed on first use.
    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
            starts.push(0);
            // `memchr2` finds the line ends many bytes at a time: a byte
            // loop here was a tenth of `validate`'s time
            for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
                // a lone CR (old Mac line ending) also ends a line
                if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                    starts.push(i + 1);
                }
            }
            starts
        })
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// 0-based line number holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based `line` starts (the text's end for lines past it).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts().get(line).copied().unwrap_or(self.text.len())
    }

    /// The text of 0-based `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_start(line).min(self.text.len());
        let end = self
            .starts()
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The location of byte range `span` (offsets are clamped into the text
    /// and moved back to character boundaries).
    pub fn locate(&self, span: std::ops::Range<usize>) -> Location {
        let (start, end) = self.clamp(span);
        let (line, col, end_line, end_col) = self.place(start, end);
        let line_start = self.line_start(line);
        let mut source_line = self.line_text(line);
        let mut in_line_start = (start - line_start).min(source_line.len());
        let mut in_line_end = if end_line == line {
            (end - line_start).min(source_line.len())
        } else {
            source_line.len()
        }
        .max(in_line_start);
        if source_line.len() > LONG_LINE {
            let from = floor_char(source_line, in_line_start.saturating_sub(WINDOW));
            let to = floor_char(
                source_line,
                (in_line_end.min(in_line_start + WINDOW) + WINDOW).min(source_line.len()),
            )
            .max(in_line_start);
            source_line = &source_line[from..to];
            in_line_start -= from;
            in_line_end = in_line_end.min(to) - from;
        }
        Location {
            line: line + 1,
            column: col,
            end_line: end_line + 1,
            end_column: end_col,
            source_line: source_line.to_string(),
            line_span: in_line_start..in_line_end,
            source_pending: false,
        }
    }

    /// Where `span` is, as [`LineIndex::locate`] says, without a copy of
    /// its line: [`fill_sources`] adds that if a problem is reported there.
    pub fn locate_later(&self, span: std::ops::Range<usize>) -> Location {
        let (start, end) = self.clamp(span);
        let (line, column, end_line, end_column) = self.place(start, end);
        Location {
            line: line + 1,
            column,
            end_line: end_line + 1,
            end_column,
            source_line: String::new(),
            line_span: start..end,
            source_pending: true,
        }
    }

    /// Where `span` is, kept as its byte range only (line 0 until placed):
    /// [`fill_sources`] makes it what [`LineIndex::locate`] says if a
    /// problem is reported there. Most links and headings `validate` reads
    /// never have one, and their files' lines are then never listed.
    pub fn keep_place(&self, span: std::ops::Range<usize>) -> Location {
        let (start, end) = self.clamp(span);
        Location {
            line_span: start..end,
            source_pending: true,
            ..Location::default()
        }
    }

    /// [`LineIndex::locate`] of the text's start, from its first line
    /// alone (the rest of its lines are not listed for it).
    pub fn locate_start(&self) -> Location {
        let b = self.text.as_bytes();
        let end = memchr::memchr2(b'\n', b'\r', b).map_or(b.len(), |i| i + 1);
        LineIndex::new(&self.text[..end]).locate(0..0)
    }

    /// `span` inside the text, on character boundaries.
    fn clamp(&self, span: std::ops::Range<usize>) -> (usize, usize) {
        let start = floor_char(self.text, span.start.min(self.text.len()));
        let end = floor_char(self.text, span.end.clamp(start, self.text.len()));
        (start, end)
    }

    /// 0-based first and last line of `start..end` with their 1-based columns.
    fn place(&self, start: usize, end: usize) -> (usize, usize, usize, usize) {
        let line = self.line_of(start);
        let end_line = self.line_of(end);
        let col = self.column(self.line_start(line), start);
        let end_col = if end_line == line {
            col + self.text[start..end].chars().count()
        } else {
            self.text[self.line_start(end_line)..end].chars().count() + 1
        };
        (line, col, end_line, end_col)
    }

    /// The 1-based column of `offset` on the line starting at `line_start`,
    /// counting on from the last offset located when it is on the way.
    fn column(&self, line_start: usize, offset: usize) -> usize {
        let (at, col) = self.last_column.get();
        let column = if line_start <= at && at <= offset {
            col + self.text[at..offset].chars().count()
        } else {
            self.text[line_start..offset].chars().count() + 1
        };
        self.last_column.set((offset, column));
        column
    }
}

/// Reads the lines of problems located with [`LineIndex::locate_later`]
/// (and places those kept with [`LineIndex::keep_place`]): each file with
/// such a problem is read once, with `read` (its text, or `None` if it
/// cannot be read now, as when it was deleted during the run: the problem
/// keeps its place, or is placed at the file's start when only its bytes
/// were kept, and shows no line).
pub fn fill_sources(diagnostics: &mut [Diagnostic], read: impl Fn(&str) -> Option<String> + Sync) {
    use rayon::prelude::*;
    let mut pending: Vec<usize> = (0..diagnostics.len())
        .filter(|&i| diagnostics[i].location.source_pending)
        .collect();
    pending.sort_by(|&a, &b| diagnostics[a].path.cmp(&diagnostics[b].path));
    let mut groups = Vec::new();
    let mut rest = &pending[..];
    while let Some(&first) = rest.first() {
        let path = &diagnostics[first].path;
        let n = rest.partition_point(|&i| diagnostics[i].path == *path);
        let (group, after) = rest.split_at(n);
        groups.push(group);
        rest = after;
    }
    // each file read and placed on any core (a large curriculum with many
    // problems reads hundreds of files again here, at the end of the run)
    let shared: &[Diagnostic] = diagnostics;
    let placed: Vec<Vec<(usize, Location)>> = groups
        .par_iter()
        .map(|group| {
            let text = read(&shared[group[0]].path);
            let index = text.as_deref().map(LineIndex::new);
            group
                .iter()
                .map(|&i| {
                    let loc = &shared[i].location;
                    let placed = match &index {
                        Some(index) => index.locate(loc.line_span.clone()),
                        None if loc.line == 0 => Location::default_start(),
                        None => Location {
                            source_pending: false,
                            line_span: 0..0,
                            ..loc.clone()
                        },
                    };
                    (i, placed)
                })
                .collect()
        })
        .collect();
    for (i, loc) in placed.into_iter().flatten() {
        diagnostics[i].location = loc;
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

    /// Records a problem of `rule` at `severity` (not the rule's default),
    /// with a hint unless `hint` is empty.
    pub fn push_at(
        &mut self,
        rule: &'static str,
        severity: Severity,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        hint: &str,
    ) {
        self.push(
            rule,
            span,
            message,
            (!hint.is_empty()).then(|| hint.to_string()),
        );
        if let Some(last) = self.found.last_mut() {
            last.severity = severity;
        }
    }
}

impl Diagnostic {
    /// A diagnostic of `rule` at its default severity.
    pub fn new(
        rule: &'static str,
        path: &str,
        location: Location,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity: crate::rules::default_severity(rule),
            path: path.to_string(),
            location,
            message: message.into(),
            hint,
        }
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
    Diagnostic::new(rule, path, Location::default_start(), message, hint)
}

/// `ect` never follows a symbolic link (it could lead out of the
/// repository): the diagnostic for one found at `path`, with what to do.
pub fn symlink_not_followed(path: &str, hint: &str) -> Diagnostic {
    at_file_start(
        "unreadable",
        path,
        "symbolic link is not followed",
        Some(hint.to_string()),
    )
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
        assert_eq!(idx.starts().len(), 4);
        assert_eq!(idx.line_text(0), "a");
        assert_eq!(idx.line_text(1), "b");
        assert_eq!(idx.line_text(2), "c");
    }

    proptest::proptest! {
        /// Line starts agree with a plain count, a byte at a time: `\n`,
        /// `\r\n` and a lone `\r` each end a line, wherever they fall.
        #[test]
        fn line_starts_agree_with_a_plain_count(
            parts in proptest::collection::vec(
                proptest::prop_oneof!["\n", "\r\n", "\r", "\r\r\n", "[a-zé ]{0,12}"], 0..40),
        ) {
            let text: String = parts.concat();
            let mut want = vec![0];
            let b = text.as_bytes();
            for i in 0..b.len() {
                if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                    want.push(i + 1);
                }
            }
            let idx = LineIndex::new(&text);
            proptest::prop_assert_eq!(idx.starts(), &want[..]);
            for (n, &start) in want.iter().enumerate() {
                proptest::prop_assert_eq!(idx.line_of(start), n);
            }
        }
    }

    /// A broken link in `path` at `location`.
    fn diag(location: Location, path: &str) -> Diagnostic {
        Diagnostic {
            rule: "broken-link",
            severity: Severity::Error,
            path: path.into(),
            location,
            message: String::new(),
            hint: None,
        }
    }

    #[test]
    fn a_place_kept_for_later_gets_the_line_locate_gives() {
        let text = "# Week é\n\nSee [the plan](plan.md) and [notes](n.md).\n";
        let idx = LineIndex::new(text);
        let spans = [text.find("[notes]").unwrap()..text.len() - 2, 0..8, 9..10];
        let mut found: Vec<Diagnostic> = spans
            .iter()
            .map(|s| diag(idx.locate_later(s.clone()), "a.md"))
            .chain([diag(idx.locate_later(3..5), "gone.md")])
            .collect();
        let later = found[0].location.clone();
        assert!(later.source_pending && later.source_line.is_empty());
        let reads = std::sync::Mutex::new(Vec::new());
        fill_sources(&mut found, |path| {
            reads.lock().expect("not poisoned").push(path.to_string());
            (path == "a.md").then(|| text.to_string())
        });
        let mut reads = reads.into_inner().expect("not poisoned");
        reads.sort();
        assert_eq!(reads, ["a.md", "gone.md"], "each file is read once");
        for (d, span) in found.iter().zip(&spans) {
            assert_eq!(d.location, LineIndex::new(text).locate(span.clone()));
        }
        assert_eq!(
            (later.line, later.column),
            (found[0].location.line, found[0].location.column)
        );
        let gone = &found[3].location;
        assert!(!gone.source_pending && gone.source_line.is_empty());
        assert_eq!(
            (gone.line, gone.column, gone.line_span.clone()),
            (1, 4, 0..0)
        );
    }

    #[test]
    fn a_place_kept_as_bytes_gets_what_locate_gives() {
        let text = "# Week é\r\n\r\nSee [the plan](plan.md)\rand [notes](n.md).\n";
        let idx = LineIndex::new(text);
        let spans = [text.find("[notes]").unwrap()..text.len() - 2, 0..8, 12..40];
        let mut found: Vec<Diagnostic> = spans
            .iter()
            .map(|s| diag(idx.keep_place(s.clone()), "a.md"))
            .chain([diag(idx.keep_place(3..5), "gone.md")])
            .collect();
        // only the bytes are kept: no line is counted until one is reported
        assert_eq!((found[0].location.line, found[0].location.column), (0, 0));
        fill_sources(&mut found, |path| {
            (path == "a.md").then(|| text.to_string())
        });
        for (d, span) in found.iter().zip(&spans) {
            assert_eq!(d.location, LineIndex::new(text).locate(span.clone()));
        }
        // a file gone by then (deleted during the run): placed at its start
        assert_eq!(found[3].location, Location::default_start());
    }

    proptest::proptest! {
        /// The start of a text is placed from its first line as from all
        /// its lines: every line ending, empty texts and first lines past
        /// the long-line window.
        #[test]
        fn the_start_is_placed_from_the_first_line_alone(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "é", "\n", "\r", "\r\n", " ", "word ",
            ]), 0..12),
            long in 0usize..3,
        ) {
            let text = "x".repeat([0, 1020, 1500][long]) + &parts.concat();
            proptest::prop_assert_eq!(
                LineIndex::new(&text).locate_start(),
                LineIndex::new(&text).locate(0..0)
            );
        }
    }

    #[test]
    fn clamps_spans_past_the_end() {
        let idx = LineIndex::new("abc");
        let loc = idx.locate(10..20);
        assert_eq!((loc.line, loc.column), (1, 4));
    }

    #[test]
    fn long_lines_keep_a_window_and_exact_columns() {
        let line = "é<# ".repeat(100_000);
        let text = format!("first\n{line}\nlast\n");
        let idx = LineIndex::new(&text);
        let base = text.find('\n').unwrap() + 1;
        // many places along the line, in order, as a rule reports them
        for (n, (i, _)) in line.match_indices('<').enumerate().step_by(997) {
            let loc = idx.locate(base + i..base + i + 2);
            assert_eq!(
                (loc.line, loc.column, loc.end_column),
                (2, n * 4 + 2, n * 4 + 4)
            );
            assert!(
                loc.source_line.len() <= 2 * WINDOW + 4,
                "{}",
                loc.source_line.len()
            );
            assert_eq!(&loc.source_line[loc.line_span.clone()], "<#");
        }
        // and out of order
        let loc = idx.locate(base + 2..base + 4);
        assert_eq!(
            (loc.column, &loc.source_line[loc.line_span.clone()]),
            (2, "<#")
        );
    }
}
