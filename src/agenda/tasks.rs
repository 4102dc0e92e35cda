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
    scan(text).0
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
                        if !body.is_empty() && body != PLACEHOLDER {
                            found.push((
                                section.clone(),
                                Task {
                                    done,
                                    dropped,
                                    text: body,
                                    line: line_of(range.start),
                                },
                            ));
                        }
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

    use proptest::prelude::*;

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
