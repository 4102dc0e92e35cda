//! Front matter written as flat `key: value` lines, read without a YAML
//! parser: the values `serde_yaml` would give and the spans `yaml_pos` would
//! give, or `None` for anything not plainly that shape, which the caller
//! then reads with both crates as before.
//!
//! Why hand-written: session front matter is a handful of short lines, and
//! reading it with the crates meant parsing each one twice (`serde_yaml` for
//! the values, `saphyr-parser` for where they are), about 90,000
//! instructions a file, a seventh of all `ect validate` did on the DfE
//! corpus. This reader takes about a tenth of that. It accepts only lines whose
//! meaning is beyond doubt (an unindented plain key, a colon, then nothing,
//! a plain scalar or a quoted one without escapes, then at most a comment)
//! and hands everything else to the crates: a property test holds the two
//! to the same values and spans over generated front matter.

use std::ops::Range;

/// One `key: value` line.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatField {
    pub key: String,
    /// The value as `serde_yaml` reads it.
    pub value: serde_yaml::Value,
    /// Where the value is in the file, quotes included; the key's span when
    /// the value is empty (as `yaml_pos::Positions::value` says).
    pub span: Range<usize>,
}

/// The fields of `yaml` (front matter starting at byte `base` of its file),
/// or `None` when any line is not plainly a flat `key: value` line.
pub fn fields(yaml: &str, base: usize) -> Option<Vec<FlatField>> {
    // the crates' path refuses what is too large, too deep or full of
    // aliases; leave those to it, with its own messages
    if yaml.len() > crate::front_matter::MAX_YAML_BYTES
        || !all_printable(yaml)
        || yaml.starts_with('\u{feff}')
    {
        return None;
    }
    let mut out: Vec<FlatField> = Vec::new();
    let mut start = 0;
    for line in yaml.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let body = line.strip_suffix('\n').unwrap_or(line);
        let body = body.strip_suffix('\r').unwrap_or(body);
        // a lone `\r` ends a line too: leave such text to the parser
        if body.contains('\r') {
            return None;
        }
        let text = body.trim_end_matches(' ');
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let field = field(text, base + line_start)?;
        if out.iter().any(|f| f.key == field.key) {
            // a duplicate key: the parser's error says so
            return None;
        }
        out.push(field);
    }
    // only comments: the parser says what an empty document is
    (!out.is_empty()).then_some(out)
}

/// One line, trailing spaces removed, starting at byte `at` of the file.
fn field(text: &str, at: usize) -> Option<FlatField> {
    let key_len = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    let key = &text[..key_len];
    if key.is_empty()
        || !key.as_bytes()[0].is_ascii_alphabetic()
        || !matches!(plain(key), Some(serde_yaml::Value::String(_)))
    {
        return None;
    }
    let rest = text[key_len..].strip_prefix(':')?;
    let key_span = at..at + key_len;
    if rest.is_empty() {
        return Some(FlatField {
            key: key.to_string(),
            value: serde_yaml::Value::Null,
            span: key_span,
        });
    }
    // a space must follow the colon (`key:value` is one plain scalar)
    let value = rest.trim_start_matches(' ');
    if value.len() == rest.len() {
        return None;
    }
    let value_at = at + text.len() - value.len();
    let (parsed, len) = match value.as_bytes()[0] {
        q @ (b'"' | b'\'') => {
            let inner = &value[1..];
            let close = inner.find(q as char)?;
            let content = &inner[..close];
            // escapes (`\n`, `''`) are the parser's to read
            if q == b'"' && content.contains('\\') {
                return None;
            }
            // then nothing: not `''` (an escaped quote), and not a comment
            // (which stretches the parser's span of the value: that is the
            // parser's to say)
            if close + 1 < inner.len() {
                return None;
            }
            (serde_yaml::Value::String(content.to_string()), close + 2)
        }
        b'#' => {
            // `key: # note`: an empty value and a comment
            return Some(FlatField {
                key: key.to_string(),
                value: serde_yaml::Value::Null,
                span: key_span,
            });
        }
        _ => {
            let end = value.find(" #").unwrap_or(value.len());
            let scalar = value[..end].trim_end_matches(' ');
            if !plain_scalar_shape(scalar) {
                return None;
            }
            (plain(scalar)?, scalar.len())
        }
    };
    Some(FlatField {
        key: key.to_string(),
        value: parsed,
        span: value_at..value_at + len,
    })
}

/// A plain scalar whose extent is beyond doubt on one line: no indicator
/// first, no `: ` or final `:` (a mapping inside), no brackets or
/// braces (flow collections, and what the nesting guard counts), no `*`
/// or `&` (aliases and anchors, and what the alias guard counts).
fn plain_scalar_shape(s: &str) -> bool {
    let Some(first) = s.bytes().next() else {
        return false;
    };
    !matches!(
        first,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    ) && !s.contains(": ")
        && !s.ends_with(':')
        && !s.contains(['[', ']', '{', '}', '*', '&'])
}

/// What `serde_yaml` makes of a plain scalar, when that is plain to see:
/// null, a boolean, a decimal whole number or text. Anything that might be
/// another number (a sign, a leading zero, `0x`, a point, an exponent)
/// is `None`.
fn plain(s: &str) -> Option<serde_yaml::Value> {
    use serde_yaml::Value;
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if first.is_ascii_digit() {
        let whole = s.bytes().all(|b| b.is_ascii_digit()) && (s.len() == 1 || first != b'0');
        if !whole || s.len() > 18 {
            return None;
        }
        return s.parse::<u64>().ok().map(|n| Value::Number(n.into()));
    }
    if matches!(first, b'+' | b'-' | b'.') {
        return None;
    }
    // text that Rust would read as a number (`inf`, `NaN`, `infinity`) is
    // not finite, so `serde_yaml` keeps it as text too
    Some(Value::String(s.to_string()))
}

/// Whether every character of `yaml` is [`printable`]. Front matter is
/// nearly always ASCII: its bytes are checked without stopping, which the
/// compiler does many at a time, and only other text is read character by
/// character (that was most of this module's time).
fn all_printable(yaml: &str) -> bool {
    let plain_ascii = yaml
        .bytes()
        .fold(true, |ok, b| ok & matches!(b, b'\n' | b'\r' | b' '..=b'~'));
    plain_ascii || yaml.chars().all(printable)
}

/// A character YAML allows in a document, less the tab (the crates say
/// where a tab is wrong) and the byte order mark.
fn printable(c: char) -> bool {
    matches!(c, '\n' | '\r' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        // U+2028 and U+2029 end a line to the YAML 1.1 parser
        && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml_pos::{Positions, ypath};

    /// What the crates make of `yaml`: its text-keyed fields with the
    /// spans `yaml_pos` gives, or `None` if it is not a mapping.
    fn by_the_crates(yaml: &str, base: usize) -> Option<Vec<FlatField>> {
        let value = crate::front_matter::parse_yaml_at(yaml, base).ok()?;
        let serde_yaml::Value::Mapping(map) = value else {
            return None;
        };
        let pos = Positions::new(yaml, base);
        Some(
            map.into_iter()
                .filter_map(|(k, value)| {
                    let serde_yaml::Value::String(key) = k else {
                        return None;
                    };
                    let span = pos.value(ypath![key.as_str()])?;
                    Some(FlatField { key, value, span })
                })
                .collect(),
        )
    }

    #[test]
    fn reads_the_usual_shapes() {
        let yaml = "title: \"Week 3: Routines\"\nweek: 3\n# a note\nprogramme: Early roles  # who\nnext_path: 'year-1/week-4.md'\ncaption:\nyear: 1\r\n";
        let got = fields(yaml, 4).expect("flat");
        assert_eq!(Some(got.clone()), by_the_crates(yaml, 4));
        assert_eq!(got.len(), 6);
        assert_eq!(
            got[0].value,
            serde_yaml::Value::String("Week 3: Routines".into())
        );
        assert_eq!(
            &yaml[got[0].span.start - 4..got[0].span.end - 4],
            "\"Week 3: Routines\""
        );
        assert_eq!(
            got[2].value,
            serde_yaml::Value::String("Early roles".into())
        );
        assert_eq!(got[4].value, serde_yaml::Value::Null);
    }

    #[test]
    fn leaves_what_is_not_plainly_flat_to_the_crates() {
        for yaml in [
            "title: a\n  more: b\n",
            "title: \"a\\tb\"\n",
            "title: 'it''s'\n",
            "title: a: b\n",
            "title: [a, b]\n",
            "week: 03\n",
            "week: 0x1F\n",
            "week: 1.5\n",
            "week: -2\n",
            "title: a\ntitle: b\n",
            "'title': a\n",
            "title:\ta\n",
            "title: &x a\n",
            "title: |\n  a\n",
            "- a\n",
            "true: a\n",
            "# only a comment\n",
            "title: a\rweek: 1\n",
        ] {
            assert_eq!(fields(yaml, 0), None, "{yaml:?}");
        }
    }

    /// A piece of a line: mostly ones the reader takes, some it must not.
    fn piece(
        good: &'static [&'static str],
        risky: &'static [&'static str],
    ) -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::prop_oneof![
            8 => proptest::sample::select(good),
            1 => proptest::sample::select(risky),
        ]
    }

    /// Text near YAML's printable edges: ASCII, control bytes, DEL, the
    /// BOM, line separators, the edges of the surrogates, and any character.
    fn edge_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        let piece = proptest::prop_oneof![
            proptest::sample::select(vec![
                "title: x", "\n", "\r\n", "\t", "\u{7f}", "\u{1}", "\u{85}", "\u{a0}", "\u{feff}",
                "\u{2028}", "\u{d7ff}", "\u{e000}", "\u{fffe}", "é", "~", " ",
            ])
            .prop_map(str::to_string),
            proptest::char::any().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The byte look and the character look agree on any text.
        #[test]
        fn printable_text_is_found_alike_by_bytes_and_characters(text in edge_text()) {
            proptest::prop_assert_eq!(all_printable(&text), text.chars().all(printable), "{:?}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        /// Whenever the flat reader answers, the crates give the same
        /// fields, values and spans.
        #[test]
        fn agrees_with_the_crates(
            lines in proptest::collection::vec(
                (
                    piece(
                        &["title", "week", "year", "my-key", "a_b", "Title", "x1", "no", "on", "y", "inf"],
                        &["null", "True", "1", "\"title\"", " title", "-", "?", "a b", "é"],
                    ),
                    piece(&[": ", ":  ", ":"], &[":\t", " :", "", "::"]),
                    piece(
                        &[
                            "", "a", "Week 3", "Week 3: Routines", "a:b", "a #b", "a# b", "it's",
                            "\"q\"", "'q'", "\"a 'b' c\"", "'a \"b\" c'", "\"a # b\"", "\"\"", "''",
                            "~", "null", "Null", "NULL", "true", "False", "yes", "no", "on", "off",
                            "0", "7", "12", "Café au lait", "a\u{a0}b", "a, b", "a ", "# c", "#c",
                            "a  # c", "\"x\" # c", "'x'  #c", "x%y", "x@y", "a'b'c", "a\"b",
                            "inf", "NaN", "infinity", "e3",
                        ],
                        &[
                            ":a", "a:", "a :b", "'x' y", "\"x\" y", "\"x\"#y", "\"a\\\"b\"", "'a''b'",
                            "007", "0x1F", "0o7", "0b1", "1.5", "1e3", "-3", "+3", ".5", ".inf",
                            "-.inf", ".nan", "1_000", "99999999999999999999", "12 weeks", "a\u{85}b",
                            "[a, b]", "{a: b}", "*x", "&x a", "!tag a", "|", ">", "%x", "@x", "`x`",
                            "a]", "a}", "- a", "-a", "?a", "a\t", "x\u{1}y", "\u{feff}x", "a\u{2028}b",
                        ],
                    ),
                    piece(&["\n", "\r\n", "\n\n", "\n# note\n", "\n   \n"], &["\r", "\n  ", "\n\t"]),
                ),
                1..6,
            ),
            base in 0usize..40,
        ) {
            let yaml: String = lines
                .iter()
                .enumerate()
                // mostly distinct keys: a duplicate is one case, not most
                .map(|(i, (k, sep, v, end))| {
                    let n = if i % 3 == 2 { String::new() } else { i.to_string() };
                    format!("{k}{n}{sep}{v}{end}")
                })
                .collect();
            if let Some(flat) = fields(&yaml, base) {
                let crates = by_the_crates(&yaml, base);
                proptest::prop_assert_eq!(Some(flat), crates, "{:?}", yaml);
            }
        }
    }
}
