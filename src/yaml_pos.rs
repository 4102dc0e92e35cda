//! Where things are in a YAML document: the byte range of a key, of its
//! value, and of the node a serde error names, from the events of a real YAML
//! parser (`saphyr-parser`), not from searching the text. `serde_yaml` reads
//! the values; this module only says where they were written, so every
//! reader (`ect.yaml`, `pair.yaml`, action plans, agenda and session front
//! matter) points its diagnostics at the exact line and column whatever the
//! style: plain, quoted, flow or block, after comments, with CRLF line ends,
//! a byte order mark or multi-byte characters before the key.
//!
//! The text is parsed on the first question, at most once. Readers ask only
//! about text `front_matter::parse_yaml_at` accepted, whose guards bound its
//! size, nesting and aliases (this parser has no budgets of its own).

use saphyr_parser::{Event, Parser, Span};
use std::cell::OnceCell;
use std::ops::Range;

/// One step of a path into a document: a mapping key or a sequence index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// The value of this key in a mapping (keys compare by their value, so
    /// `"start"`, `'start'` and `start` are one key).
    Key(&'a str),
    /// The item at this index of a sequence.
    Index(usize),
}

impl<'a> From<&'a str> for Seg<'a> {
    fn from(key: &'a str) -> Self {
        Seg::Key(key)
    }
}

impl From<usize> for Seg<'_> {
    fn from(index: usize) -> Self {
        Seg::Index(index)
    }
}

/// A path into a document: `ypath!["terms", 2, "start"]`.
macro_rules! ypath {
    ($($seg:expr),* $(,)?) => {
        &[$($crate::yaml_pos::Seg::from($seg)),*][..]
    };
}
pub(crate) use ypath;

/// A parsed node with its byte range in the file.
#[derive(Debug)]
struct Node {
    span: Range<usize>,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// A scalar; a key keeps its value (quotes and escapes resolved).
    Scalar(String),
    Map(Vec<(Node, Node)>),
    Seq(Vec<Node>),
    Alias,
}

/// The positions in one YAML document (the first, if there are several).
pub struct Positions<'a> {
    text: &'a str,
    base: usize,
    root: OnceCell<Option<Node>>,
}

impl<'a> Positions<'a> {
    /// Positions in `text`, a YAML document starting at byte `base` of its
    /// file (0 for `ect.yaml`, the front matter's start for a Markdown file).
    /// Spans are bytes of the file. Nothing is parsed until asked.
    pub fn new(text: &'a str, base: usize) -> Self {
        Positions {
            text,
            base,
            root: OnceCell::new(),
        }
    }

    fn root(&self) -> Option<&Node> {
        self.root
            .get_or_init(|| build(self.text, self.base))
            .as_ref()
    }

    fn node(&self, path: &[Seg<'_>]) -> Option<(Option<&Node>, &Node)> {
        let mut key = None;
        let mut node = self.root()?;
        for seg in path {
            match (seg, &node.kind) {
                (Seg::Key(k), Kind::Map(entries)) => {
                    let (kn, vn) = entries
                        .iter()
                        .find(|(kn, _)| matches!(&kn.kind, Kind::Scalar(s) if s == k))?;
                    key = Some(kn);
                    node = vn;
                }
                (Seg::Index(i), Kind::Seq(items)) => {
                    key = None;
                    node = items.get(*i)?;
                }
                _ => return None,
            }
        }
        Some((key, node))
    }

    /// The span of the key at the end of `path` (`["terms", 2, "start"]`:
    /// the `start` of the third term), quotes included; `None` when the
    /// path is not in the document or does not end with a key.
    pub fn key(&self, path: &[Seg<'_>]) -> Option<Range<usize>> {
        Some(self.node(path)?.0?.span.clone())
    }

    /// The span of the value at `path`, quotes included (a block scalar from
    /// its first line of text); the key's span when the value is empty
    /// (`review:` with nothing after it).
    pub fn value(&self, path: &[Seg<'_>]) -> Option<Range<usize>> {
        let (key, node) = self.node(path)?;
        match key {
            Some(k) if node.span.is_empty() => Some(k.span.clone()),
            _ => Some(node.span.clone()),
        }
    }

    /// The value's span at `path`, else the key's span at the longest part
    /// of `path` that is written, else an empty span at the document's start.
    pub fn value_or_nearest(&self, path: &[Seg<'_>]) -> Range<usize> {
        if let Some(span) = self.value(path) {
            return span;
        }
        (1..path.len())
            .rev()
            .find_map(|n| self.key(&path[..n]))
            .unwrap_or(self.base..self.base)
    }

    /// The keys of the mapping at `path`, in the order written, with their
    /// spans.
    pub fn keys(&self, path: &[Seg<'_>]) -> Vec<(&str, Range<usize>)> {
        match self.node(path).map(|(_, n)| &n.kind) {
            Some(Kind::Map(entries)) => entries
                .iter()
                .filter_map(|(k, _)| match &k.kind {
                    Kind::Scalar(s) => Some((s.as_str(), k.span.clone())),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The span of the first key written a second time in one mapping
    /// (serde reports a duplicate key at its mapping, not at the key).
    pub fn duplicate_key(&self) -> Option<Range<usize>> {
        fn walk(node: &Node) -> Option<Range<usize>> {
            match &node.kind {
                Kind::Map(entries) => {
                    for (i, (k, v)) in entries.iter().enumerate() {
                        if let Kind::Scalar(name) = &k.kind
                            && entries[..i]
                                .iter()
                                .any(|(e, _)| matches!(&e.kind, Kind::Scalar(n) if n == name))
                        {
                            return Some(k.span.clone());
                        }
                        if let Some(found) = walk(v) {
                            return Some(found);
                        }
                    }
                    None
                }
                Kind::Seq(items) => items.iter().find_map(walk),
                _ => None,
            }
        }
        walk(self.root()?)
    }

    /// The span of the node a serde error names: the innermost node that
    /// starts at the error's location when it has one (serde_yaml gives one
    /// for every error met while reading), else the key (or value) at the
    /// path its message starts with (`terms[0].start: input is out of
    /// range`).
    pub fn of_serde_error(&self, error: &serde_yaml::Error) -> Option<Range<usize>> {
        if let Some(at) = error.location() {
            let offset = self.base + at.index();
            let inner = self.root().and_then(|r| innermost_at(r, offset));
            return Some(inner.unwrap_or(offset..offset));
        }
        let message = error.to_string();
        let path = message.split_once(": ")?.0;
        let segs = serde_path(path)?;
        Some(
            self.key(&segs)
                .unwrap_or_else(|| self.value_or_nearest(&segs)),
        )
    }
}

/// The path serde writes before its message (`terms[0].start`, `meeting.day`).
fn serde_path(path: &str) -> Option<Vec<Seg<'_>>> {
    if path.is_empty() || path.contains(' ') {
        return None;
    }
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            segs.push(Seg::Key(name));
        }
        while let Some((index, after)) = rest.split_once(']') {
            segs.push(Seg::Index(index.parse().ok()?));
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    Some(segs)
}

/// The span of the innermost node starting at `offset`.
fn innermost_at(node: &Node, offset: usize) -> Option<Range<usize>> {
    let children: Vec<&Node> = match &node.kind {
        Kind::Map(entries) => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
        Kind::Seq(items) => items.iter().collect(),
        _ => Vec::new(),
    };
    children
        .into_iter()
        .find(|c| c.span.start <= offset && offset <= c.span.end.max(c.span.start))
        .and_then(|c| innermost_at(c, offset))
        .or_else(|| (node.span.start == offset).then(|| node.span.clone()))
}

/// Parses the first document of `text` into nodes with byte spans (offset by
/// `base`). A document the parser stops on keeps what came before the error.
fn build(text: &str, base: usize) -> Option<Node> {
    let spans = ByteSpans::new(text, base);
    // open collections: the node and, for a mapping, a key waiting for its value
    let mut stack: Vec<(Node, Option<Node>)> = Vec::new();
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else {
            break;
        };
        let span_of = spans.range(&span);
        let node = match event {
            Event::Scalar(value, ..) => Node {
                span: span_of,
                // only a key's text is ever compared: a value's is not kept
                kind: Kind::Scalar(if awaits_key(&stack) {
                    value.into_owned()
                } else {
                    String::new()
                }),
            },
            Event::Alias(_) => Node {
                span: span_of,
                kind: Kind::Alias,
            },
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let kind = if matches!(event, Event::MappingStart(..)) {
                    Kind::Map(Vec::new())
                } else {
                    Kind::Seq(Vec::new())
                };
                stack.push((
                    Node {
                        span: span_of,
                        kind,
                    },
                    None,
                ));
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some((node, _)) = stack.pop() else {
                    break;
                };
                closed(node, span_of.end)
            }
            Event::DocumentEnd => break,
            _ => continue,
        };
        let Some((parent, pending)) = stack.last_mut() else {
            return Some(node);
        };
        match &mut parent.kind {
            Kind::Map(entries) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => entries.push((key, node)),
            },
            Kind::Seq(items) => items.push(node),
            _ => {}
        }
    }
    close_open(stack)
}

/// Byte offsets of the parser's spans: the parser counts characters, files
/// are indexed in bytes.
struct ByteSpans {
    base: usize,
    len: usize,
    /// The byte offset of each character (and the end), when not all ASCII.
    bytes_at: Option<Vec<usize>>,
}

impl ByteSpans {
    fn new(text: &str, base: usize) -> Self {
        let bytes_at = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect()
        });
        ByteSpans {
            base,
            len: text.len(),
            bytes_at,
        }
    }

    /// The byte offset (plus `base`) of character `chars`.
    fn byte(&self, chars: usize) -> usize {
        self.base
            + self
                .bytes_at
                .as_ref()
                .map_or(chars, |b| b.get(chars).copied().unwrap_or(self.len))
    }

    /// The byte range of a parser span.
    fn range(&self, s: &Span) -> Range<usize> {
        self.byte(s.start.index())..self.byte(s.end.index())
    }
}

/// Whether the innermost open collection is a mapping waiting for a key.
fn awaits_key(stack: &[(Node, Option<Node>)]) -> bool {
    matches!(
        stack.last(),
        Some((
            Node {
                kind: Kind::Map(_),
                ..
            },
            None
        ))
    )
}

/// A collection at its end event (ending at `end`): a block collection
/// ends where its last item does; a flow one at its closing bracket (its
/// start has a width: `{`).
fn closed(mut node: Node, end: usize) -> Node {
    let last = match &node.kind {
        Kind::Map(e) => e.last().map(|(_, v)| v.span.end),
        Kind::Seq(i) => i.last().map(|n| n.span.end),
        _ => None,
    };
    let end = if node.span.is_empty() {
        last.unwrap_or(node.span.end)
    } else {
        end
    };
    node.span.end = end.max(node.span.start);
    node
}

/// After a parse error part-way: the collections opened so far, each in
/// its parent (a key without its value is dropped), the outermost returned.
fn close_open(mut stack: Vec<(Node, Option<Node>)>) -> Option<Node> {
    let mut root = None;
    while let Some((node, _)) = stack.pop() {
        match stack.last_mut() {
            None => root = Some(node),
            Some((parent, pending)) => match &mut parent.kind {
                Kind::Map(entries) => {
                    if let Some(key) = pending.take() {
                        entries.push((key, node));
                    }
                }
                Kind::Seq(items) => items.push(node),
                _ => {}
            },
        }
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_key_is_found_where_it_comes_again_in_any_style() {
        let line_col = |text: &str| {
            let at = Positions::new(text, 0)
                .duplicate_key()
                .expect("found")
                .start;
            let line = text[..at].matches('\n').count() + 1;
            let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
            (line, col)
        };
        assert_eq!(line_col("a: 1\nb: 2\na: 3\n"), (3, 1));
        assert_eq!(line_col("a: 1\n\"a\": 2\n"), (2, 1));
        assert_eq!(line_col("m: {day: mon, 'day': tue}\n"), (1, 15));
        assert_eq!(line_col("terms:\n  - name: x\n    name: y\n"), (3, 5));
        // the same key in two list items, or at two depths, is no duplicate
        let fine = "terms:\n  - name: x\n  - name: y\nname: z\n";
        assert_eq!(Positions::new(fine, 0).duplicate_key(), None);
    }

    fn key<'t>(text: &'t str, path: &[Seg<'_>]) -> &'t str {
        let p = Positions::new(text, 0);
        &text[p.key(path).expect("key found")]
    }

    fn value<'t>(text: &'t str, path: &[Seg<'_>]) -> &'t str {
        let p = Positions::new(text, 0);
        &text[p.value(path).expect("value found")]
    }

    #[test]
    fn keys_in_every_style() {
        let text = "plain: 1\n'single': 2\n\"double\": 3\nflow: {a: 1, \"b\": [x, 'y']}\n";
        assert_eq!(key(text, ypath!["plain"]), "plain");
        assert_eq!(key(text, ypath!["single"]), "'single'");
        assert_eq!(key(text, ypath!["double"]), "\"double\"");
        assert_eq!(key(text, ypath!["flow", "a"]), "a");
        assert_eq!(key(text, ypath!["flow", "b"]), "\"b\"");
        assert_eq!(value(text, ypath!["flow", "b", 1]), "'y'");
        assert_eq!(value(text, ypath!["flow", "b"]), "[x, 'y']");
        assert_eq!(value(text, ypath!["flow"]), "{a: 1, \"b\": [x, 'y']}");
        assert_eq!(value(text, ypath!["double"]), "3");
    }

    #[test]
    fn block_sequences_of_mappings_and_a_key_at_other_depths() {
        let text = "start: 2026-01-01\nterms:\n  - name: autumn\n    start: 2026-09-02\n  -   name: spring\n      \"start\": 2027-01-04 # a comment\n";
        let p = Positions::new(text, 0);
        let at = |r: Range<usize>| &text[r];
        assert_eq!(at(p.key(ypath!["terms", 1, "start"]).unwrap()), "\"start\"");
        assert_eq!(
            at(p.value(ypath!["terms", 1, "start"]).unwrap()),
            "2027-01-04"
        );
        assert_eq!(p.key(ypath!["terms", 1, "start"]).unwrap().start, 89);
        assert_eq!(p.key(ypath!["start"]).unwrap(), 0..5);
        assert_eq!(
            at(p.value(ypath!["terms", 0, "start"]).unwrap()),
            "2026-09-02"
        );
        assert_eq!(p.value(ypath!["terms", 2]), None);
        assert_eq!(p.key(ypath!["terms", 0]), None, "an index is not a key");
        assert!(at(p.value(ypath!["terms"]).unwrap()).ends_with("2027-01-04"));
    }

    #[test]
    fn keys_after_comments_multibyte_text_crlf_and_a_bom() {
        let text = "\u{feff}# Ménage à trois: not a key\r\nnom: \"Zoë Ærø\"\r\n'clé': 1\r\n";
        assert_eq!(key(text, ypath!["clé"]), "'clé'");
        assert_eq!(value(text, ypath!["nom"]), "\"Zoë Ærø\"");
        let p = Positions::new(text, 0);
        assert_eq!(
            p.key(ypath!["nom"]).unwrap().start,
            text.find("nom").unwrap()
        );
    }

    #[test]
    fn a_base_offsets_every_span() {
        let file = "---\ntitle: x\n---\nbody\n";
        let p = Positions::new(&file[4..13], 4);
        assert_eq!(&file[p.key(ypath!["title"]).unwrap()], "title");
        assert_eq!(&file[p.value(ypath!["title"]).unwrap()], "x");
    }

    #[test]
    fn block_scalars_hide_their_text_and_anchors_are_values() {
        let text = "notes: |\n  start: not a key\n  more\nfold: >\n  start: neither\nstart: &d 2026-09-01\nagain: *d\n";
        let p = Positions::new(text, 0);
        assert_eq!(&text[p.key(ypath!["start"]).unwrap()], "start");
        assert_eq!(
            p.key(ypath!["start"]).unwrap().start,
            text.rfind("start:").unwrap()
        );
        assert_eq!(&text[p.value(ypath!["start"]).unwrap()], "&d 2026-09-01");
        assert_eq!(&text[p.value(ypath!["again"]).unwrap()], "*d");
        assert_eq!(p.key(ypath!["notes", "start"]), None);
        assert!(text[p.value(ypath!["notes"]).unwrap()].starts_with("start: not a key"));
    }

    #[test]
    fn an_empty_value_is_its_key_and_keys_are_listed_in_order() {
        let text = "review:\nstatus: active\nextra: [1]\n";
        let p = Positions::new(text, 0);
        assert_eq!(&text[p.value(ypath!["review"]).unwrap()], "review");
        let keys: Vec<&str> = p.keys(ypath![]).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["review", "status", "extra"]);
        assert_eq!(p.value_or_nearest(ypath!["extra", 3]), 23..28);
        assert_eq!(p.value_or_nearest(ypath!["nothing"]), 0..0);
    }

    #[test]
    fn a_broken_document_keeps_what_came_before() {
        let text = "a: 1\nb: [2\nc: 3\n";
        let p = Positions::new(text, 0);
        assert_eq!(p.key(ypath!["a"]), Some(0..1));
    }

    #[test]
    fn byte_spans_count_characters_as_bytes_from_the_base() {
        // `é` is two bytes: the characters after it move on by one
        let spans = ByteSpans::new("aé b", 10);
        let bytes: Vec<usize> = (0..=4).map(|c| spans.byte(c)).collect();
        assert_eq!(bytes, [10, 11, 13, 14, 15]);
        // past the end: the end
        assert_eq!(spans.byte(99), 15);
        let ascii = ByteSpans::new("ab c", 3);
        assert_eq!(ascii.byte(3), 6);
    }

    #[test]
    fn a_closed_block_collection_ends_at_its_last_item_a_flow_one_at_its_bracket() {
        let scalar = |span: Range<usize>| Node {
            span,
            kind: Kind::Scalar(String::new()),
        };
        let entries = || vec![(scalar(2..3), scalar(5..9))];
        let block = Node {
            span: 2..2,
            kind: Kind::Map(entries()),
        };
        assert_eq!(closed(block, 40).span, 2..9);
        let flow = Node {
            span: 1..2,
            kind: Kind::Map(entries()),
        };
        assert_eq!(closed(flow, 12).span, 1..12);
        let empty = Node {
            span: 7..7,
            kind: Kind::Seq(Vec::new()),
        };
        assert_eq!(closed(empty, 3).span, 7..7);
    }

    #[test]
    fn open_collections_close_into_their_parents_and_a_lone_key_is_dropped() {
        let scalar = |span: Range<usize>, key: &str| Node {
            span,
            kind: Kind::Scalar(key.to_string()),
        };
        let outer = Node {
            span: 0..0,
            kind: Kind::Map(Vec::new()),
        };
        let inner = Node {
            span: 3..3,
            kind: Kind::Seq(vec![scalar(4..5, "")]),
        };
        let waiting = Node {
            span: 8..8,
            kind: Kind::Map(Vec::new()),
        };
        let stack = vec![
            (outer, Some(scalar(0..1, "a"))),
            (inner, None),
            (waiting, Some(scalar(8..9, "lone"))),
        ];
        let root = close_open(stack).expect("a root");
        let Kind::Map(entries) = root.kind else {
            panic!("the outer mapping is the root");
        };
        assert_eq!(entries.len(), 1);
        let Kind::Seq(items) = &entries[0].1.kind else {
            panic!("the sequence is the value of `a`");
        };
        // the sequence's item, then the mapping whose key had no value
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[1].kind, Kind::Map(e) if e.is_empty()));
        assert_eq!(close_open(Vec::new()).map(|n| n.span), None);
    }

    #[test]
    fn serde_errors_point_at_their_node() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            terms: Vec<std::collections::BTreeMap<String, chrono::NaiveDate>>,
        }
        let text = "terms:\n  - start: 2026-09-01\n  - 'start': 2027-02-30\n";
        let e = serde_yaml::from_str::<T>(text).unwrap_err();
        let span = Positions::new(text, 0).of_serde_error(&e).unwrap();
        assert_eq!(&text[span], "2027-02-30", "{e}");
        assert_eq!(
            serde_path("terms[0].breaks[1][2]"),
            Some(ypath!["terms", 0, "breaks", 1, 2].to_vec())
        );
        assert_eq!(serde_path("invalid type"), None);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A key or value and the ways it may be written.
        fn word() -> impl Strategy<Value = String> {
            "[a-zé_][a-z0-9é_ ]{0,6}[a-z0-9é]".prop_filter("not a YAML null or boolean", |s| {
                !matches!(
                    s.as_str(),
                    "null" | "true" | "false" | "yes" | "no" | "on" | "off"
                )
            })
        }

        fn written(s: &str, style: u8) -> String {
            match style % 3 {
                0 => s.to_string(),
                1 => format!("'{s}'"),
                _ => format!("\"{s}\""),
            }
        }

        proptest! {
            /// Mappings in mixed styles (block or flow, keys and values
            /// plain or quoted, some values a flow mapping of their own),
            /// at the top, under a key or in a block sequence; with or
            /// without a byte order mark, CRLF and a comment first.
            #[test]
            fn located_keys_are_the_keys_and_values_read_back(
                entries in proptest::collection::btree_map(
                    word(),
                    (word(), 0u8..3, 0u8..3, any::<bool>()),
                    1..6,
                ),
                flow in any::<bool>(),
                crlf in any::<bool>(),
                place in 0u8..3,
                comment in any::<bool>(),
                bom in any::<bool>(),
            ) {
                let nl = if crlf { "\r\n" } else { "\n" };
                let mut text = String::new();
                if bom {
                    text.push('\u{feff}');
                }
                if comment {
                    text.push_str(&format!("# a: b, é: [c]{nl}"));
                }
                let (first, indent) = match place {
                    0 => ("", ""),
                    1 => ("  ", "  "),
                    _ => ("  - ", "    "),
                };
                if place > 0 {
                    text.push_str(&format!("outer:{nl}"));
                }
                let parts: Vec<String> = entries
                    .iter()
                    .map(|(k, (v, ks, vs, wrap))| {
                        let value = written(v, *vs);
                        let value = if *wrap { format!("{{inner: {value}}}") } else { value };
                        format!("{}: {value}", written(k, *ks))
                    })
                    .collect();
                if flow {
                    text.push_str(&format!("{first}{{{}}}{nl}", parts.join(", ")));
                } else {
                    for (i, p) in parts.iter().enumerate() {
                        text.push_str(&format!("{}{p}{nl}", if i == 0 { first } else { indent }));
                    }
                }
                let p = Positions::new(&text, 0);
                for (k, (v, _, _, wrap)) in &entries {
                    let mut path: Vec<Seg<'_>> = match place {
                        0 => vec![],
                        1 => vec!["outer".into()],
                        _ => vec!["outer".into(), 0.into()],
                    };
                    path.push(k.as_str().into());
                    let ks = p.key(&path).expect("key located");
                    let read: String = serde_yaml::from_str(&text[ks]).unwrap();
                    prop_assert_eq!(&read, k);
                    if *wrap {
                        path.push("inner".into());
                    }
                    let vs = p.value(&path).expect("value located");
                    let read: String = serde_yaml::from_str(&text[vs]).unwrap();
                    prop_assert_eq!(&read, v);
                }
            }
        }
    }
}
