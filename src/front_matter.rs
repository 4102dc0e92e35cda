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
        let mut i = pos;
        while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
            i += 1;
        }
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

/// Parses a YAML document that starts at byte `base` of its file.
pub fn parse_yaml_at(yaml: &str, base: usize) -> Result<serde_yaml::Value, YamlError> {
    if yaml.trim().is_empty() {
        return Ok(serde_yaml::Value::Null);
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
        let offset = e.location().map_or(0, |l| l.index());
        YamlError {
            offset: base + offset.min(yaml.len()),
            message: clean_yaml_message(&e.to_string()),
        }
    })
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
    fn refuses_alias_bombs_quickly() {
        let mut y = String::from("a: &a [x, x]\n");
        for i in 0..20 {
            y.push_str(&format!("b{i}: &b{i} [*a, *a, *a, *a, *a]\n"));
        }
        let err = parse_yaml_at(&y, 0).unwrap_err();
        assert!(err.message.contains("aliases"));
    }
}
