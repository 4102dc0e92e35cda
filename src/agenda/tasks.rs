//! Task-list items under a `##` heading: how agreed actions are written,
//! ticked and dropped in an agenda. Every list shape GitHub renders as a task
//! counts (`- [ ]`, `* [x]`, `+ [ ]`, `1. [ ]`, `1) [ ]`, nested or not);
//! nothing inside a code block does. `- [-] text` marks an action dropped.
//! Near misses (`- []`, `- [ x]`, a box with no list marker) are found so
//! `ect validate` can say they will not count.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// One task-list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// Ticked: `[x]` or `[X]`.
    pub done: bool,
    /// Dropped: `[-]`, or the whole text struck through (`~~text~~`).
    pub dropped: bool,
    pub text: String,
    /// 1-based line.
    pub line: usize,
}

impl Task {
    /// Neither ticked nor dropped.
    pub fn is_open(&self) -> bool {
        !self.done && !self.dropped
    }
}

/// The placeholder `ect` writes in an empty "Actions agreed" list; it is
/// never carried forward.
pub const PLACEHOLDER: &str = "(an action: what, by whom, by when)";

/// A line that looks like a task but would not count as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    /// 1-based line.
    pub line: usize,
    /// Byte range in the text.
    pub span: std::ops::Range<usize>,
    pub message: String,
    pub hint: String,
}

/// The task items of every `##` section: `(section heading, task)`, in order.
/// Text before any `##` heading, or after a `#` heading, has section `""`.
/// Placeholders and empty items are left out.
pub fn tasks(text: &str) -> Vec<(String, Task)> {
    tasks_by(text, str::to_string)
}

/// [`tasks`], each with what `section` makes of its heading (made once per
/// heading, not copied for every task).
pub(crate) fn tasks_by<S: Clone>(text: &str, section: impl Fn(&str) -> S) -> Vec<(S, Task)> {
    line_tasks(text, &section).unwrap_or_else(|| {
        scan(text)
            .0
            .into_iter()
            .map(|(s, t)| (section(&s), t))
            .collect()
    })
}

/// Task items under the `##` heading whose text starts with `heading`
/// (case-insensitive), up to the next `#` or `##` heading.
pub fn tasks_under(text: &str, heading: &str) -> Vec<Task> {
    let want = heading.to_lowercase();
    tasks(text)
        .into_iter()
        .filter(|(s, _)| s.to_lowercase().starts_with(&want))
        .map(|(_, t)| t)
        .collect()
}

/// Lines that look like tasks but are not: `- []`, `- [ x]`, `[ ] text`
/// with no list marker, `-[ ] text` with no space after the marker.
pub fn near_misses(text: &str) -> Vec<NearMiss> {
    scan(text).1
}

fn options() -> Options {
    Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

fn scan(text: &str) -> (Vec<(String, Task)>, Vec<NearMiss>) {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset);
    let mut found = Vec::new();
    let mut misses = Vec::new();
    let mut section = String::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut items = 0usize;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, h)) = heading.take() {
                    match level {
                        HeadingLevel::H1 => section.clear(),
                        HeadingLevel::H2 => section = h.trim().to_string(),
                        _ => {}
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Start(Tag::Item) => {
                items += 1;
                let line = first_line(text, range.start);
                match parse_item(line) {
                    Item::Task(done, dropped, body) => {
                        found.extend(counted(&section, done, dropped, body, line_of(range.start)));
                    }
                    Item::NearMiss(box_text) => misses.push(NearMiss {
                        line: line_of(range.start),
                        span: range.start..range.start + line.len(),
                        message: format!("`{box_text}` is not a task box, so this line is not counted as an action"),
                        hint: "write `[ ]` (a space between the brackets) for an open action, `[x]` for a done one, `[-]` for a dropped one, followed by a space and the text".into(),
                    }),
                    Item::Plain => {}
                }
            }
            Event::End(TagEnd::Item) => items = items.saturating_sub(1),
            Event::Start(Tag::Paragraph) if items == 0 => {
                let line = first_line(text, range.start);
                if let Some(message) = stray_box(line) {
                    misses.push(NearMiss {
                        line: line_of(range.start),
                        span: range.start..range.start + line.len(),
                        message,
                        hint: "start the line with `- ` (a dash and a space): `- [ ] what, by whom, by when`".into(),
                    });
                }
            }
            _ => {}
        }
    }
    (found, misses)
}

/// [`tasks`] read line by line, without the Markdown parse, when every line
/// is of a kind whose meaning does not depend on the lines around it: blank,
/// an ATX heading, a bullet item at the margin (`- `, `* `, `+ `) or a line
/// of text starting with a letter, a digit or a few punctuation marks that
/// start nothing in Markdown, after front matter as the parser reads it.
/// Such a text is what `ect` writes and what most mentors type (agendas are
/// read at every run: the parse was most of the time spent on them).
///
/// `None` as soon as a line could be anything else (indented, a quote, a
/// fence, HTML, a table, a thematic break or setext underline, an ordered
/// list, a link definition, a heading with inline markup, a tab or another
/// control character, CR line ends): the parser then decides, as before.
/// `tests::reading_line_by_line_agrees_with_the_parser` holds the two to the
/// same answer.
fn line_tasks<S: Clone>(text: &str, section_of: impl Fn(&str) -> S) -> Option<Vec<(S, Task)>> {
    // in blocks, each looked at whole, which the compiler can vectorise
    let control = |block: &[u8]| {
        block.iter().fold(false, |seen, &b| {
            seen | ((b < b' ') & (b != b'\n')) | (b == 0x7f)
        })
    };
    if text.as_bytes().chunks(64).any(control) || text.starts_with('\u{feff}') {
        return None;
    }
    let mut lines = split_lines(text).enumerate().peekable();
    // front matter: `---` on the first line, a first line inside that is
    // neither blank nor a closing one, and a closing `---` or `...`
    // (pulldown-cmark's YAML metadata block); an unclosed one is not skipped
    if lines
        .peek()
        .is_some_and(|(_, l)| l.starts_with("---") && l[3..].bytes().all(|b| b == b' '))
    {
        lines.next();
        let closes = |l: &str| matches!(l.trim_end_matches(' '), "---" | "...");
        match lines.next() {
            Some((_, first)) if !first.trim().is_empty() && !closes(first) => {}
            _ => return None,
        }
        lines.find(|(_, l)| closes(l))?;
    }
    let mut found = Vec::new();
    let mut section = section_of("");
    for (i, line) in lines {
        let Some(&first) = line.as_bytes().first() else {
            continue;
        };
        match first {
            b' ' if line.trim_start_matches(' ').is_empty() => {}
            b'#' => {
                let level = line.bytes().take_while(|b| *b == b'#').count();
                let rest = &line[level..];
                if level > 6 || !(rest.is_empty() || rest.starts_with(' ')) {
                    return None;
                }
                match level {
                    1 => section = section_of(""),
                    2 => {
                        // only plain words: no markup, escape or closing `#`
                        if rest.bytes().any(is_markup) {
                            return None;
                        }
                        section = section_of(rest.trim());
                    }
                    _ => {}
                }
            }
            b'-' | b'*' | b'+' => {
                let content = line[1..].strip_prefix(' ')?;
                if !starts_plain(content) {
                    return None;
                }
                if let Item::Task(done, dropped, body) = parse_item(line) {
                    found.extend(counted(&section, done, dropped, body, i + 1));
                }
            }
            _ if starts_plain(line) => {}
            _ => return None,
        }
    }
    Some(found)
}

/// `text.split('\n')`, with the line ends found by `memchr`: every agenda
/// of every pair is read on each run, and `split`'s search, set up again
/// for each short line, cost a tenth of an `agenda` run.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    let mut start = 0;
    ends.map(move |end| {
        let line = &text[start..end];
        start = end + 1;
        line
    })
}

/// A byte that makes a `##` heading more than plain words: markup, an
/// escape or a closing `#`. (A `matches!` is a bit test; `contains` on a
/// list of these bytes was a `memchr` call per byte of every heading.)
fn is_markup(b: u8) -> bool {
    matches!(
        b,
        b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'&' | b'!' | b'~' | b'#' | b'$'
    )
}

/// Whether a line (or an item's text after its marker) starts plain text,
/// which no Markdown block begins with: a letter, a character beyond ASCII,
/// a number not followed by `.` or `)` (an ordered list), a few punctuation
/// marks, a task box, or a link `[...](`; not a link definition `[...]:`.
fn starts_plain(s: &str) -> bool {
    let b = s.as_bytes();
    match b.first() {
        Some(c) if c.is_ascii_alphabetic() || *c >= 0x80 => true,
        Some(c) if c.is_ascii_digit() => !matches!(
            b.iter().find(|c| !c.is_ascii_digit()),
            Some(b'.' | b')') | None
        ),
        Some(b'(' | b'"' | b'\'' | b',' | b';' | b'?' | b'!' | b'@' | b'%' | b'/' | b'&') => true,
        Some(b'[') => {
            let boxed = ["[ ]", "[x]", "[X]", "[-]"]
                .iter()
                .any(|x| s.starts_with(x) && matches!(b.get(3), None | Some(b' ')));
            boxed
                || s.find(']').is_some_and(|close| {
                    b.get(close + 1) == Some(&b'(') && !s[..close].contains('\\')
                })
        }
        _ => false,
    }
}

/// The rest of the line that starts at `offset`, without its line ending.
fn first_line(text: &str, offset: usize) -> &str {
    let rest = &text[offset..];
    rest[..rest.find('\n').unwrap_or(rest.len())].trim_end_matches('\r')
}

enum Item {
    /// done, dropped, text
    Task(bool, bool, String),
    /// a box that is not one, as written
    NearMiss(String),
    Plain,
}

/// The list marker at the start of `line`: `-`, `*`, `+`, `1.` or `1)`,
/// followed by at least one space or tab; the rest after it.
fn strip_marker(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let rest = if let Some(r) = line
        .strip_prefix('-')
        .or_else(|| line.strip_prefix('*'))
        .or_else(|| line.strip_prefix('+'))
    {
        r
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        line[digits..]
            .strip_prefix('.')
            .or_else(|| line[digits..].strip_prefix(')'))?
    };
    if rest.is_empty() {
        return Some(rest);
    }
    rest.starts_with([' ', '\t']).then(|| rest.trim_start())
}

/// A bracket of up to three characters at the start: `[ ]`, `[]`, `[ x]`.
fn leading_box(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix('[')?;
    let close = rest.find(']')?;
    (close <= 3
        && rest[..close]
            .chars()
            .all(|c| matches!(c, ' ' | 'x' | 'X' | '-')))
    .then(|| &rest[..close])
}

/// A task under its section, if it counts as an action: not empty, and
/// not the placeholder `ect` writes for one to be typed.
fn counted<S: Clone>(
    section: &S,
    done: bool,
    dropped: bool,
    body: String,
    line: usize,
) -> Option<(S, Task)> {
    (!body.is_empty() && body != PLACEHOLDER).then(|| {
        (
            section.clone(),
            Task {
                done,
                dropped,
                text: body,
                line,
            },
        )
    })
}

fn parse_item(line: &str) -> Item {
    let Some(rest) = strip_marker(line) else {
        return Item::Plain;
    };
    let Some(inside) = leading_box(rest) else {
        return Item::Plain;
    };
    let after = &rest[inside.len() + 2..];
    let (done, dropped) = match inside {
        " " => (false, false),
        "x" | "X" => (true, false),
        "-" => (false, true),
        _ => return Item::NearMiss(format!("[{inside}]")),
    };
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return Item::NearMiss(format!("[{inside}]{}", after.chars().next().unwrap_or(' ')));
    }
    let mut body = after.trim().to_string();
    let mut dropped = dropped;
    if body.len() > 4
        && let Some(inner) = body.strip_prefix("~~").and_then(|b| b.strip_suffix("~~"))
        && !inner.contains("~~")
    {
        body = inner.trim().to_string();
        dropped = true;
    }
    Item::Task(done, dropped, body)
}

/// A paragraph line that is a task box without a list marker (`[ ] text`),
/// or with no space after the marker (`-[ ] text`): what is wrong with it.
fn stray_box(line: &str) -> Option<String> {
    let t = line.trim_start();
    if let Some(inside) = leading_box(t)
        && t.len() > inside.len() + 2
    {
        return Some(format!(
            "`[{inside}]` has no list marker before it, so this line is not counted as an action"
        ));
    }
    let marker = t
        .bytes()
        .position(|b| !(b.is_ascii_digit() || matches!(b, b'-' | b'*' | b'+' | b'.' | b')')))?;
    if marker > 0 && marker <= 3 && leading_box(&t[marker..]).is_some() {
        return Some(format!(
            "`{}` needs a space after the list marker to be counted as an action",
            &t[..marker + 1]
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn got(text: &str, heading: &str) -> Vec<(bool, bool, String, usize)> {
        tasks_under(text, heading)
            .into_iter()
            .map(|t| (t.done, t.dropped, t.text, t.line))
            .collect()
    }

    #[test]
    fn reads_ticked_and_open_items_of_one_section() {
        let text = "# A\n\n## Review\n\n- [ ] old\n\n## Actions agreed\r\n\r\n- [ ] Try the starter\r\n- [x] Phone home\n* [X] done too\n- [ ] (an action: what, by whom, by when)\n- [ ]\n- plain item\n\n## Notes\n\n- [ ] not an action\n";
        assert_eq!(
            got(text, "Actions agreed"),
            [
                (false, false, "Try the starter".into(), 9),
                (true, false, "Phone home".into(), 10),
                (true, false, "done too".into(), 11)
            ]
        );
    }

    #[test]
    fn every_list_shape_counts_and_code_does_not() {
        let text = "---\npair: a\ndate: 2026-01-05\n---\n\n## Actions agreed\n\n1. [ ] numbered\n2) [x] paren\n+ [ ] plus\n    * [-] nested and dropped\n- [ ] ~~struck out~~\n\n```\n- [ ] in a fence\n```\n\n~~~md\n* [ ] tilde fence\n~~~\n\n> - [ ] quoted\n";
        assert_eq!(
            got(text, "actions"),
            [
                (false, false, "numbered".into(), 8),
                (true, false, "paren".into(), 9),
                (false, false, "plus".into(), 10),
                (false, true, "nested and dropped".into(), 11),
                (false, true, "struck out".into(), 12),
                (false, false, "quoted".into(), 22),
            ]
        );
        // front matter is not a heading: nothing before `##` is a section
        assert!(tasks(text).iter().all(|(s, _)| s == "Actions agreed"));
    }

    #[test]
    fn near_misses_are_found_and_do_not_count() {
        let text = "## Actions agreed\n\n- [] no space\n- [ x] space before\n1. [x]glued\n\n[ ] no marker at all\n\n-[ ] no space after dash\n\n```\n- []\n```\n- [ ] fine\n";
        let m: Vec<(usize, String)> = near_misses(text)
            .into_iter()
            .map(|m| (m.line, m.message))
            .collect();
        let lines: Vec<usize> = m.iter().map(|x| x.0).collect();
        assert_eq!(lines, [3, 4, 5, 7, 9], "{m:?}");
        assert!(m[0].1.starts_with("`[]` is not a task box"));
        assert!(m[3].1.contains("no list marker"));
        assert!(m[4].1.contains("`-[`"));
        assert_eq!(got(text, "actions"), [(false, false, "fine".into(), 14)]);
    }

    /// Lines of every kind the line-by-line reading takes, and of the kinds
    /// it must leave to the parser.
    const LINES: &[&str] = &[
        "",
        "   ",
        "Notes typed by a mentor.",
        "Week 3: the ECT tried it; 2 pupils were late",
        "12 pupils, 3 groups",
        "(an aside) with `code` and <b>html</b> and <!-- a comment",
        "-->",
        "[a link](../x.md) and *emphasis*",
        "![a picture](x.png)",
        "&amp; \"quoted\" 'single' @name 50% a/b, c; d? e!",
        "Ünïcödé text",
        "# Mentor meeting",
        "#",
        "## Actions agreed",
        "## actions agreed at the meeting",
        "##  Actions   agreed  ",
        "##",
        "## Review",
        "## Notes (week 3)",
        "### 1. Review (10 minutes)",
        "#### Actions agreed",
        "## Actions *agreed*",
        "## Actions agreed ##",
        "## Actions \\agreed",
        "## A & B",
        "#NoSpace",
        "####### seven",
        "- [ ] Phone home",
        "* [x] Seating plan",
        "+ [-] Dropped one",
        "- [X] ~~struck~~",
        "- [ ] ~~struck out~~",
        "- [ ] Carried _(agreed 2026-01-05)_",
        "- [x] Carried _(agreed 2026-01-05)_",
        "* [-] Other  carried _(agreed 2026-01-12)_",
        "- [ ] (an action: what, by whom, by when)",
        "- [ ]",
        "- [ ] ",
        "- plain item",
        "- Review: 20 minutes",
        "- [a link](x.md)",
        "- [] near miss",
        "- [ x] near miss",
        "- [x]glued",
        "-  [ ] two spaces",
        "- - nested",
        "- * [ ] nested task",
        "- 1. [ ] nested ordered",
        "- > [ ] quoted",
        "- # heading in an item",
        "- ```",
        "- <div>",
        "-",
        "- ",
        "*",
        "- [foo]: /url",
        "- [foo]",
        "---",
        "...",
        "***",
        "===",
        "- - -",
        "* * *",
        "_ _ _",
        "```",
        "~~~",
        "    - [ ] indented",
        "  - [ ] nested by two",
        "   # heading indented",
        "> - [ ] quoted",
        "<div>",
        "</div>",
        "<!--",
        "| a | b |",
        "|---|---|",
        "a | b",
        "--- | ---",
        ":-- | --:",
        "1. [ ] numbered",
        "2) [x] paren",
        "1.5 hours",
        "[ ] stray box",
        "[x]: /url 'title",
        "[ref]: /url",
        "'title'",
        "\t- [ ] tab",
        "- [ ] tab\tinside",
        "- [ ] crlf\r",
        "Text with a break\\",
        "$$",
        "\u{feff}- [ ] bom",
        "pair: a-b",
    ];

    /// Front matter as written, and shapes the parser does not take for it.
    const HEADS: &[&str] = &[
        "",
        "---\npair: a-b\ndate: 2026-01-05\n---\n",
        "---\npair: a-b\n- [ ] in front matter\n...\n",
        "---  \npair: a-b\n---  \n",
        "---\n\npair: a-b\n---\n",
        "---\n---\n",
        "---\npair: a-b\n",
        "----\npair: a-b\n----\n",
        "--- x\npair: a-b\n---\n",
        "\n---\npair: a-b\n---\n",
        " ---\npair: a-b\n---\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Whenever a text is read line by line, the tasks are the parser's:
        /// the same items, sections, states, text and lines.
        #[test]
        fn reading_line_by_line_agrees_with_the_parser(
            head in 0..HEADS.len(),
            lines in proptest::collection::vec(0..LINES.len(), 0..24),
            end in prop_oneof![Just(""), Just("\n"), Just("\n\n")],
        ) {
            let body: Vec<&str> = lines.iter().map(|i| LINES[*i]).collect();
            let text = format!("{}{}{end}", HEADS[head], body.join("\n"));
            if let Some(fast) = line_tasks(&text, str::to_string) {
                prop_assert_eq!(fast, scan(&text).0, "{:?}", text);
            }
        }

        /// The same on texts of any characters Markdown gives a meaning to.
        #[test]
        fn reading_any_text_line_by_line_agrees_with_the_parser(
            text in "(---\n[a-z: ]{1,8}\n(---|\\.\\.\\.)\n)?[-*+#>0-9a-zA-Z \\[\\]()x!&<`~|=_:.\\\\\n]{0,300}",
        ) {
            if let Some(fast) = line_tasks(&text, str::to_string) {
                prop_assert_eq!(fast, scan(&text).0, "{:?}", text);
            }
        }
    }

    /// What `ect` writes, with what mentors type into it, is read without
    /// the parse (and with the parser's answer).
    #[test]
    fn agendas_as_written_and_typed_are_read_line_by_line() {
        let text = "---\npair: ana-ben\nmentor: \"Ana Price\"\ndate: 2026-11-17\nsessions:\n  - \"curriculum/demo/x.md\"\nchecksum: fc8b73dbe84c1278\n---\n\n# Mentor meeting: Ana Price and Ben Shaw, Tuesday 17 November 2026\n\nMeeting at 15:30, 50 minutes.\n\n## Time\n\nFor a 50-minute meeting:\n\n- Review: 20 minutes\n- Coaching: 25 minutes\n\n## Review\n\nActions still open from `plans/ana-ben/agendas/2026-11-10.md`:\n\n- [x] Try the routine _(agreed 2026-11-10)_\n- [ ] Phone home _(agreed 2026-11-03)_\n\nFor each: what did the ECT do, what was the impact on pupils, and what next?\n\n## Session\n\n- [Routines, week 3](../../../curriculum/demo/year-1-routines/week-3.md)\n\n### 1. Review (10 minutes)\n\nNotes:\n\n## Notes\n\nWeek 3: most pupils were writing within two minutes.\n\n## Actions agreed\n\nAt most three, each specific: what, by whom, by when. Tick an action when it is done.\n\n- [ ] Share the seating plan\n- [-] Observe Sam\n";
        let fast = line_tasks(text, str::to_string).expect("read line by line");
        assert_eq!(fast, scan(text).0);
        assert_eq!(fast.len(), 4);
    }

    #[test]
    fn markup_bytes_are_the_listed_ones() {
        for b in 0..=u8::MAX {
            assert_eq!(super::is_markup(b), b"\\`*_[]<>&!~#$".contains(&b), "{b}");
        }
    }

    use proptest::prelude::*;

    proptest! {
        /// Lines split at each `memchr` hit are `split('\n')`'s, empty
        /// ones, a last one without a break and `\r` included.
        #[test]
        fn lines_split_as_split_does(text in "[a\n\r é-]{0,24}") {
            let found: Vec<&str> = super::split_lines(&text).collect();
            let want: Vec<&str> = text.split('\n').collect();
            prop_assert_eq!(found, want);
        }
    }

    fn marker() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("-".to_string()),
            Just("*".to_string()),
            Just("+".to_string()),
            (1u32..30).prop_map(|n| format!("{n}.")),
            (1u32..30).prop_map(|n| format!("{n})")),
        ]
    }

    fn state() -> impl Strategy<Value = (&'static str, bool, bool)> {
        prop_oneof![
            Just(("[ ]", false, false)),
            Just(("[x]", true, false)),
            Just(("[X]", true, false)),
            Just(("[-]", false, true)),
        ]
    }

    proptest! {
        /// Every task line in any shape is read, with its state and line,
        /// and the same lines inside a fence are not.
        #[test]
        fn any_list_shape_is_a_task_and_fenced_ones_are_not(
            items in proptest::collection::vec((marker(), state(), "[A-Za-z][A-Za-z0-9 ,']{0,30}[A-Za-z0-9]", 1usize..3), 1..8),
            fence in prop_oneof![Just("```"), Just("~~~")],
            crlf in any::<bool>(),
        ) {
            let mut text = String::from("## Actions agreed\n\n");
            let mut want = Vec::new();
            for (m, (b, done, dropped), body, spaces) in &items {
                want.push((*done, *dropped, body.trim().to_string(), text.lines().count() + 1));
                text.push_str(&format!("{m}{}{b} {body}\n", " ".repeat(*spaces)));
                // a blank line between items: a new list whatever the marker
                text.push('\n');
            }
            text.push_str(&format!("{fence}\n"));
            for (m, (b, _, _), body, _) in &items {
                text.push_str(&format!("{m} {b} {body}\n"));
            }
            text.push_str(&format!("{fence}\n"));
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let got: Vec<(bool, bool, String, usize)> = tasks_under(&text, "actions agreed")
                .into_iter()
                .map(|t| (t.done, t.dropped, t.text, t.line))
                .collect();
            prop_assert_eq!(got, want);
            prop_assert!(near_misses(&text).is_empty());
        }

        /// A box that is not one is named, never counted.
        #[test]
        fn near_misses_never_count(
            m in marker(),
            inside in prop_oneof![Just(""), Just(" x"), Just("x "), Just("  "), Just(" -")],
            body in "[A-Za-z]{1,20}",
        ) {
            let text = format!("## Actions agreed\n\n{m} [{inside}] {body}\n\n[ ] {body}\n");
            prop_assert!(tasks(&text).is_empty());
            let lines: Vec<usize> = near_misses(&text).iter().map(|x| x.line).collect();
            prop_assert_eq!(lines, vec![3, 5]);
        }
    }
}
