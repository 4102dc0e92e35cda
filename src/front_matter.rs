//! Splits a Markdown file into its YAML front matter and body, and maps YAML
//! errors back to lines and columns of the file.
//!
//! Tolerates a UTF-8 byte order mark, CRLF or lone-CR line endings and trailing
//! white space on the `---` fences.

use std::ops::Range;

/// A file split at its front-matter fences. All ranges are byte offsets into
/// the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences (may be empty).
    pub yaml: &'a str,
    /// Where `yaml` starts in the file.
    pub yaml_start: usize,
    /// Where the body starts (after the closing fence's line ending).
    pub body_start: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---`; the span is the opening fence.
    Unterminated(Range<usize>),
}

/// Length of a UTF-8 byte order mark at the start of `text`, if any.
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// Lines of `text` from byte `from`: (start, end without line ending, next start).
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        // the line's end found by memchr: a loop over each byte was most of
        // finding a file's front matter
        let mut i = memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map_or(bytes.len(), |n| pos + n);
        let end = i;
        if i < bytes.len() {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 2;
            } else {
                i += 1;
            }
        }
        pos = i;
        Some((start, end, i))
    })
}

/// Splits `text` at its front matter fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = bom_len(text);
    let mut lines = lines_from(text, start);
    let Some((s, e, next)) = lines.next() else {
        return Err(SplitError::Missing);
    };
    if text[s..e].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    for (ls, le, lnext) in lines {
        let line = text[ls..le].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split {
                yaml: &text[next..ls],
                yaml_start: next,
                body_start: lnext,
            });
        }
    }
    Err(SplitError::Unterminated(s..e))
}

/// A YAML problem with its byte offset in the whole file.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub offset: usize,
    pub message: String,
}

/// Parses the YAML of `split` into a value, or says where it went wrong.
///
/// YAML forbids tabs for indentation; serde_yaml's message says so, and we
/// point at the error location it gives.
pub fn parse_yaml(split: &Split<'_>) -> Result<serde_yaml::Value, YamlError> {
    parse_yaml_at(split.yaml, split.yaml_start)
}

/// `text` without a leading UTF-8 byte order mark (Notepad and Excel write
/// one); a YAML parser would take it for a second document.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses a YAML document that starts at byte `base` of its file.
pub fn parse_yaml_at(yaml: &str, base: usize) -> Result<serde_yaml::Value, YamlError> {
    if let Some(rest) = yaml.strip_prefix('\u{feff}') {
        return parse_yaml_at(rest, base + '\u{feff}'.len_utf8());
    }
    if yaml.trim().is_empty() {
        return Ok(serde_yaml::Value::Null);
    }
    // These guards stay although positions now come from saphyr-parser
    // (`yaml_pos`): it enforces no budget of size, depth or aliases, and
    // serde_yaml still reads the values, expanding every alias. Every reader
    // asks `yaml_pos` only about text that passed here.
    //
    // The YAML parser slows down with the square of flow nesting (`[[[[...`)
    // and of size; front matter, `ect.yaml` and `pair.yaml` need neither, so
    // refuse both before parsing (serde_yaml itself stops at 128 levels).
    if yaml.len() > MAX_YAML_BYTES {
        return Err(YamlError {
            offset: base,
            message: format!(
                "YAML is {} KB, more than the {} KB `ect` reads; move long text into the body",
                yaml.len() / 1024,
                MAX_YAML_BYTES / 1024
            ),
        });
    }
    if let Some(off) = too_deep(yaml) {
        return Err(YamlError {
            offset: base + off,
            message: format!(
                "YAML nested more than {MAX_YAML_DEPTH} levels deep (`[[[` or `{{a: {{b: ...`); write it flat"
            ),
        });
    }
    // serde_yaml expands aliases; refuse documents whose aliases could
    // multiply into a huge value ("billion laughs") before parsing.
    if let Some(off) = alias_bomb(yaml) {
        return Err(YamlError {
            offset: base + off,
            message: "too many YAML aliases (`*name`); write the values out instead".into(),
        });
    }
    serde_yaml::from_str::<serde_yaml::Value>(yaml).map_err(|e| {
        let mut message = clean_yaml_message(&e.to_string());
        // a duplicate key comes with the mapping's place, not the key's: it
        // was reported at 1:1
        let duplicate = message
            .contains("duplicate entry with key")
            .then(|| crate::yaml_pos::Positions::new(yaml, 0).duplicate_key())
            .flatten()
            .map(|span| span.start);
        let offset = duplicate
            .or_else(|| e.location().map(|l| l.index()))
            .unwrap_or(0)
            .min(yaml.len());
        // the parser often says "cannot start any token" for a tab
        if yaml.as_bytes().get(offset) == Some(&b'\t') && !message.contains("tab") {
            message = format!("{message}: a tab; indent YAML with spaces, never tabs");
        }
        YamlError {
            offset: base + offset,
            message,
        }
    })
}

/// Largest YAML document `ect` parses: front matter, `ect.yaml`, `pair.yaml`.
pub const MAX_YAML_BYTES: usize = 1024 * 1024;
/// Deepest nesting of flow collections (`[...]`, `{...}`) `ect` parses.
pub const MAX_YAML_DEPTH: usize = 64;

/// Where flow collections first nest deeper than [`MAX_YAML_DEPTH`]. Quoted
/// text and comments are skipped; a bracket inside a plain value may be
/// counted, which only matters for values with dozens of unclosed brackets.
fn too_deep(yaml: &str) -> Option<usize> {
    let bytes = yaml.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_YAML_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            // a quote opens quoted text only where a value starts (an
            // apostrophe inside a plain value must not hide what follows)
            q @ (b'"' | b'\'')
                if matches!(
                    bytes[..i].iter().rev().find(|b| !matches!(b, b' ' | b'\t')),
                    None | Some(b'\n' | b'\r' | b':' | b',' | b'[' | b'{' | b'-' | b'?')
                ) =>
            {
                // to the closing quote (`\"` escapes in double quotes, `''` in single)
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    if q == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Front matter needs no aliases; more than a few is a sign of an alias bomb.
fn alias_bomb(yaml: &str) -> Option<usize> {
    let mut count = 0;
    for (i, w) in yaml.match_indices('*') {
        let next = yaml[i + w.len()..].chars().next();
        let prev = yaml[..i].chars().next_back();
        if next.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && prev.is_none_or(|c| c.is_whitespace() || c == '[' || c == ',' || c == ':')
        {
            count += 1;
            if count > 64 {
                return Some(i);
            }
        }
    }
    None
}

/// serde_yaml appends " at line L column C" to messages; we print our own.
fn clean_yaml_message(message: &str) -> String {
    let cut = message.find(" at line ").unwrap_or(message.len());
    message[..cut].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Lines end at `\n`, `\r\n` or a lone `\r`, from any starting byte,
        /// as a byte-by-byte reading finds them.
        #[test]
        fn lines_end_where_a_byte_by_byte_reading_ends_them(
            parts in proptest::collection::vec(proptest::sample::select(vec!["a", "---", "\n", "\r", "\r\n", " ", "é"]), 0..30),
            from in 0usize..8,
        ) {
            let text = parts.concat();
            let from = (0..=from.min(text.len())).rev().find(|&f| text.is_char_boundary(f)).unwrap_or(0);
            let b = text.as_bytes();
            let mut want = Vec::new();
            let mut pos = from;
            while pos < b.len() {
                let mut i = pos;
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                let end = i;
                if i < b.len() {
                    i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                }
                want.push((pos, end, i));
                pos = i;
            }
            proptest::prop_assert_eq!(lines_from(&text, from).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn splits_lf_crlf_and_bom() {
        for text in [
            "---\ntitle: a\n---\nbody",
            "---\r\ntitle: a\r\n---\r\nbody",
            "\u{feff}---  \ntitle: a\n--- \nbody",
        ] {
            let s = split(text).unwrap();
            assert_eq!(s.yaml.trim(), "title: a");
            assert_eq!(&text[s.body_start..], "body");
        }
    }

    #[test]
    fn reports_missing_and_unterminated() {
        assert_eq!(split("# no front matter"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(
            split("---\ntitle: a\nbody"),
            Err(SplitError::Unterminated(0..3))
        );
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let text = "---\ntitle: a\n  bad: [\n---\n";
        let s = split(text).unwrap();
        let err = parse_yaml(&s).unwrap_err();
        assert!(err.offset >= s.yaml_start, "{err:?}");
        assert!(!err.message.contains(" at line "));
    }

    #[test]
    fn a_duplicate_key_is_reported_where_it_comes_again() {
        let at = |yaml: &str| {
            let err = parse_yaml_at(yaml, 0).unwrap_err();
            assert!(err.message.contains("duplicate entry"), "{err:?}");
            let line = yaml[..err.offset].matches('\n').count() + 1;
            let col = err.offset - yaml[..err.offset].rfind('\n').map_or(0, |n| n + 1) + 1;
            (line, col)
        };
        assert_eq!(at("a: 1\nb: 2\na: 3\n"), (3, 1));
        assert_eq!(at("# note\n'a': 1\n\"a\": 3\n"), (3, 1));
        // the same key in two list items or under two parents is no duplicate
        assert_eq!(
            at("t:\n  - name: x\n    end: 1\n  - name: y\n    name: z\n"),
            (5, 5)
        );
        assert_eq!(at("p:\n  x: 1\nq:\n  x: 2\n  x: 3\n"), (5, 3));
        assert_eq!(at("m: {day: mon, day: tue}\n"), (1, 15));
        assert_eq!(at("title: a\nbody: |\n  title: b\ntitle: c\n"), (4, 1));
    }

    #[test]
    fn refuses_deep_nesting_before_parsing() {
        for deep in [
            format!("a: {}{}\n", "[".repeat(200_000), "]".repeat(200_000)),
            format!("a: {}1{}\n", "{b: ".repeat(100_000), "}".repeat(100_000)),
        ] {
            let started = std::time::Instant::now();
            let err = parse_yaml_at(&deep, 10).unwrap_err();
            assert!(err.message.contains("nested more than 64"), "{err:?}");
            let opening = deep.match_indices(['[', '{']).nth(64).unwrap().0;
            assert_eq!(err.offset, 10 + opening, "{err:?}");
            assert!(started.elapsed().as_secs() < 1);
        }
        // brackets in quotes and comments are text
        let quoted = format!(
            "a: \"{}\"\nb: '{}' # {}\n",
            "[".repeat(100),
            "{".repeat(100),
            "[".repeat(100)
        );
        assert!(parse_yaml_at(&quoted, 0).is_ok());
        // an apostrophe in a plain value opens no quote
        let hidden = format!("a: it's\nb: {}{}\nc: '\n", "[".repeat(100), "]".repeat(100));
        assert!(parse_yaml_at(&hidden, 0).is_err());
        let fine = format!("a: {}{}\n", "[".repeat(64), "]".repeat(64));
        assert!(parse_yaml_at(&fine, 0).is_ok());
    }

    #[test]
    fn refuses_huge_yaml() {
        let big = format!("a: \"{}\"\n", "x".repeat(MAX_YAML_BYTES));
        let err = parse_yaml_at(&big, 4).unwrap_err();
        assert_eq!(err.offset, 4);
        assert!(err.message.contains("more than the 1024 KB"), "{err:?}");
    }

    #[test]
    fn refuses_alias_bombs_quickly() {
        let mut y = String::from("a: &a [x, x]\n");
        for i in 0..20 {
            y.push_str(&format!("b{i}: &b{i} [*a, *a, *a, *a, *a]\n"));
        }
        let err = parse_yaml_at(&y, 0).unwrap_err();
        assert!(err.message.contains("aliases"));
    }
}
