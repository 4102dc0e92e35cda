//! Checks that need one file only. Each takes the parsed document and its
//! text and records what it finds; none reads the disk.

use crate::curriculum::document::{Document, LinkKind, Segment};
use crate::curriculum::path::FileKind;
use crate::diag::FileDiagnostics;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// Runs every single-file rule over `doc`.
pub fn check(doc: &Document, text: &str, d: &mut FileDiagnostics<'_>) {
    caption_mismatch(doc, d);
    links_going_nowhere(doc, d);
    bad_urls(doc, text, d);
    // both rules look for a byte most files never hold: a search of the
    // whole body first spares the line list and a regex per line
    let body = text.as_bytes().get(doc.body_start..).unwrap_or_default();
    let (brace, dollar) = (memchr::memchr(b'{', body), memchr::memchr(b'$', body));
    if brace.is_some() || dollar.is_some() {
        let outside_code = lines_outside_code(doc, text, b'{', b'$');
        if brace.is_some() {
            unbalanced_blocks(&outside_code, d);
        }
        if dollar.is_some() {
            govspeak_leftovers(&outside_code, d);
        }
    }
    stray_html(doc, d);
    timing_budget(doc, d);
    empty_sections(doc, d);
    duplicate_paragraphs(doc, text, d);
}

/// Lowercase, straight apostrophes, white space folded: how titles compare.
fn normalise(s: &str) -> String {
    crate::curriculum::document::fold_space(&s.replace(['’', '‘'], "'")).to_lowercase()
}

/// Whether `a` and `b` are the same once [`normalise`]d: in ASCII text
/// (most titles), word by word in any case, with no copies made.
fn same_normalised(a: &str, b: &str) -> bool {
    if !(a.is_ascii() && b.is_ascii()) {
        return normalise(a) == normalise(b);
    }
    let (mut x, mut y) = (a.split_whitespace(), b.split_whitespace());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {}
            _ => return false,
        }
    }
}

/// Letters and digits only, lowercase: how a title compares with a file
/// name.
fn slug_letters(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

fn caption_mismatch(doc: &Document, d: &mut FileDiagnostics<'_>) {
    if doc.kind != FileKind::Session {
        return;
    }
    let f = &doc.facts;
    let Some(part) = f.part.as_deref() else {
        return;
    };
    if part == "mentor-materials" {
        let (Some(year), Some(term), Some(week)) = (f.year, f.term, f.week) else {
            return;
        };
        let expected = [
            (
                &doc.front.title,
                "title",
                format!("Year {year} {} week {week} mentor materials", term.title()),
            ),
            (
                &doc.front.heading,
                "heading",
                "Mentor materials".to_string(),
            ),
            (
                &doc.front.caption,
                "caption",
                format!("{} week {week}", term.title()),
            ),
        ];
        for (field, key, want) in expected {
            if let Some(field) = field
                && !same_normalised(&field.value, &want)
            {
                d.push(
                    "caption-mismatch",
                    field.span.clone(),
                    format!("`{key}` is `{}` but the path says `{want}`", field.value),
                    Some(format!(
                        "write `{key}: \"{want}\"`, or move the file to the path its {key} names"
                    )),
                );
            }
        }
        return;
    }
    stated_place_agrees(doc, d);
    if let Some(name) = part.strip_prefix("ect-")
        && let Some(title) = &doc.front.title
        && !slug_letters(&title.value).eq(slug_letters(name))
    {
        d.push(
            "caption-mismatch",
            title.span.clone(),
            format!(
                "title `{}` does not match the file name `{part}`",
                title.value
            ),
            Some("rename the file after its title, or retitle the page".into()),
        );
    }
}

/// What a title or caption says of its place, each pattern with a word
/// it cannot match without (see [`may_hold`]).
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\byear\s+(\d{1,2})\b").expect("regex"));
static TERM_WEEK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(autumn|spring|summer)(?:\s+term)?,?\s+week\s+(\d{1,3})\b").expect("regex")
});
static TERM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(autumn|spring|summer)\s+term\b").expect("regex"));
static SESSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\btraining\s+session\s+(\d{1,3})\b").expect("regex"));

/// Any session part (induction-tutor materials, ECT self-study pages, ...):
/// what its `title` and `caption` say of its year, term, week or training
/// session must agree with its path.
fn stated_place_agrees(doc: &Document, d: &mut FileDiagnostics<'_>) {
    let f = &doc.facts;
    let path_session = f
        .part
        .as_deref()
        .and_then(|p| p.strip_prefix("training-session-"))
        .and_then(|n| n.parse::<u32>().ok());
    for (field, key) in [(&doc.front.title, "title"), (&doc.front.caption, "caption")] {
        let Some(field) = field else { continue };
        let v = &field.value;
        let mut wrong: Vec<String> = Vec::new();
        if let (Some([Some(n), _]), Some(year)) = (Place::Year.find(v), f.year)
            && n.parse::<u8>().ok() != Some(year)
        {
            wrong.push(format!("year {year}"));
        }
        if let Some([Some(t), Some(n)]) = Place::TermWeek.find(v) {
            if let (Some(term), Some(week)) = (f.term, f.week)
                && (crate::curriculum::Term::parse(t) != Some(term)
                    || n.parse::<u32>().ok() != Some(week))
            {
                wrong.push(format!("{} week {week}", term.title()));
            }
        } else if let (Some([Some(t), _]), Some(term)) = (Place::Term.find(v), f.term)
            && crate::curriculum::Term::parse(t) != Some(term)
        {
            wrong.push(format!("{} term", term.title()));
        }
        if let (Some([Some(n), _]), Some(k)) = (Place::Session.find(v), path_session)
            && n.parse::<u32>().ok() != Some(k)
        {
            wrong.push(format!("training session {k}"));
        }
        if !wrong.is_empty() {
            let want = wrong.join(", ");
            d.push(
                "caption-mismatch",
                field.span.clone(),
                format!("`{key}` is `{v}` but the path says {want}"),
                Some(format!(
                    "correct the `{key}`, or move the file to the path its {key} names"
                )),
            );
        }
    }
}

/// The place patterns, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Year,
    TermWeek,
    Term,
    Session,
}

impl Place {
    fn pattern(self) -> &'static Regex {
        match self {
            Place::Year => &YEAR,
            Place::TermWeek => &TERM_WEEK,
            Place::Term => &TERM,
            Place::Session => &SESSION,
        }
    }

    /// The word a match cannot do without (see [`may_hold`]).
    fn word(self) -> &'static str {
        match self {
            Place::Year => "year",
            Place::TermWeek => "week",
            Place::Term => "term",
            Place::Session => "session",
        }
    }

    /// The groups of the pattern's first match in `v`, run only when its
    /// word may be there: read by hand in ASCII text (where `\b`, `\s`,
    /// `\d` and `(?i)` mean their ASCII selves), and in ASCII with curly
    /// quotes, dashes or bullets (bytes that are never a letter, figure or
    /// space: a byte past ASCII fails every test below as each mark fails
    /// the pattern's); by the pattern otherwise. Spares compiling four
    /// patterns in every run, half a millisecond.
    fn find(self, v: &str) -> Option<[Option<&str>; 2]> {
        if !may_hold(v, self.word()) {
            return None;
        }
        if !crate::curriculum::ascii_or_marks(v) {
            return self.find_by_pattern(v);
        }
        let b = v.as_bytes();
        (0..b.len()).find_map(|start| {
            let [one, two] = self.at(b, start)?;
            Some([one.map(|r| &v[r]), two.map(|r| &v[r])])
        })
    }

    fn find_by_pattern(self, v: &str) -> Option<[Option<&str>; 2]> {
        let c = self.pattern().captures(v)?;
        Some([c.get(1).map(|m| m.as_str()), c.get(2).map(|m| m.as_str())])
    }

    /// The pattern's groups when it matches at `start` of ASCII `b`.
    fn at(self, b: &[u8], start: usize) -> Option<[Option<Range<usize>>; 2]> {
        if !ascii_boundary(b, start) {
            return None;
        }
        let term = || {
            ["autumn", "spring", "summer"]
                .iter()
                .find_map(|w| ascii_word(b, start, w))
        };
        match self {
            // \byear\s+(\d{1,2})\b
            Place::Year => {
                let i = ascii_spaces(b, ascii_word(b, start, "year")?)?;
                let end = ascii_figures(b, i, 2)?;
                Some([Some(i..end), None])
            }
            // \b(autumn|spring|summer)(?:\s+term)?,?\s+week\s+(\d{1,3})\b
            Place::TermWeek => {
                let t = term()?;
                let with_term = ascii_spaces(b, t).and_then(|i| ascii_word(b, i, "term"));
                with_term.into_iter().chain([t]).find_map(|i| {
                    let comma = (b.get(i) == Some(&b',')).then_some(i + 1);
                    comma.into_iter().chain([i]).find_map(|i| {
                        let i = ascii_spaces(b, i)?;
                        let i = ascii_spaces(b, ascii_word(b, i, "week")?)?;
                        let end = ascii_figures(b, i, 3)?;
                        Some([Some(start..t), Some(i..end)])
                    })
                })
            }
            // \b(autumn|spring|summer)\s+term\b
            Place::Term => {
                let t = term()?;
                let end = ascii_word(b, ascii_spaces(b, t)?, "term")?;
                ascii_boundary(b, end).then_some([Some(start..t), None])
            }
            // \btraining\s+session\s+(\d{1,3})\b
            Place::Session => {
                let i = ascii_spaces(b, ascii_word(b, start, "training")?)?;
                let i = ascii_spaces(b, ascii_word(b, i, "session")?)?;
                let end = ascii_figures(b, i, 3)?;
                Some([Some(i..end), None])
            }
        }
    }
}

/// `\b` at `i` of ASCII text.
fn ascii_boundary(b: &[u8], i: usize) -> bool {
    let word = |x: &u8| crate::curriculum::word_byte(*x);
    let before = i.checked_sub(1).and_then(|j| b.get(j)).is_some_and(word);
    before != b.get(i).is_some_and(word)
}

/// Past `word` (any case) at `i`.
fn ascii_word(b: &[u8], i: usize, word: &str) -> Option<usize> {
    let end = i + word.len();
    b.get(i..end)?
        .eq_ignore_ascii_case(word.as_bytes())
        .then_some(end)
}

/// `\s+` at `i`: the whole run, as what follows it is a letter or figure.
fn ascii_spaces(b: &[u8], i: usize) -> Option<usize> {
    let n = b[i.min(b.len())..]
        .iter()
        .take_while(|&&x| crate::curriculum::space_byte(x))
        .count();
    (n > 0).then_some(i + n)
}

/// `\d{1,max}\b` at `i`: only the whole run of figures can end a word.
fn ascii_figures(b: &[u8], i: usize, max: usize) -> Option<usize> {
    let n = b[i.min(b.len())..]
        .iter()
        .take_while(|x| x.is_ascii_digit())
        .count();
    (1..=max)
        .contains(&n)
        .then_some(i + n)
        .filter(|&end| ascii_boundary(b, end))
}

/// Whether a pattern that needs `word` (in any case) could match `v`: for
/// ASCII text (curly quotes and dashes allowed), whether the word is in it,
/// a look far cheaper than the pattern; other text always goes to the
/// pattern, whose Unicode case folding (`ſ` for `s`) this look does not
/// know.
fn may_hold(v: &str, word: &str) -> bool {
    !crate::curriculum::ascii_or_marks(v)
        || v.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

fn links_going_nowhere(doc: &Document, d: &mut FileDiagnostics<'_>) {
    for link in &doc.links {
        let t = link.target.trim();
        let what = if t.is_empty() {
            "an empty target".to_string()
        } else if t.eq_ignore_ascii_case("about:blank") || t == "#" {
            format!("`{t}`")
        } else {
            continue;
        };
        let kind = match link.kind {
            LinkKind::Image => "image",
            LinkKind::FrontMatter => "front matter path",
            _ => "link",
        };
        d.push(
            "broken-link",
            link.span.clone(),
            format!("{kind} goes nowhere: {what}"),
            Some("give it the page's path, e.g. `/programme/module/page`, or remove it".into()),
        );
    }
}

/// Security proxies that rewrite the addresses in mail and documents: a
/// host that ends in one of these (after a dot, or is it) is a rewrite.
/// Microsoft Defender for Cloud Apps (`*.mcas.ms`), Proofpoint, Mimecast
/// and Barracuda rewrites.
static PROXY_SUFFIXES: &[&str] = &[
    "mcas.ms",
    "mcas-gov.us",
    "mcas-gov.ms",
    "urldefense.com",
    "urldefense.proofpoint.com",
    "mimecast.com",
    "cudasvc.com",
];

/// The proxy domain that rewrote `host`, if one did: from a `safelinks`
/// label on (`eu.safelinks.protection.outlook.com`, any tenant or cloud), a
/// `protect-*` Mimecast host, or a known proxy domain at the end.
fn proxy_of(host: &str) -> Option<&str> {
    let host = host.trim_end_matches('.');
    let mut offset = 0;
    for label in host.split('.') {
        if label == "safelinks" {
            return Some(&host[offset..]);
        }
        offset += label.len() + 1;
    }
    PROXY_SUFFIXES
        .iter()
        .find(|suffix| {
            host == **suffix
                || host
                    .strip_suffix(*suffix)
                    .is_some_and(|rest| rest.ends_with('.'))
        })
        .filter(|suffix| **suffix != "mimecast.com" || host.starts_with("protect"))
        .map(|suffix| {
            if *suffix == "mimecast.com" {
                host
            } else {
                *suffix
            }
        })
}

/// Whether a host names a staging or pre-production site: a label that is,
/// starts or ends with `staging` (`staging2`, `app-staging`), or a `stage` or
/// `preprod` word in a label.
fn is_staging(host: &str) -> bool {
    host.split('.').any(|label| {
        label.split(['-', '_']).any(|w| {
            let w = w.trim_end_matches(|c: char| c.is_ascii_digit());
            w == "staging" || w == "stage" || w == "preprod" || w == "stg"
        }) || label.starts_with("staging")
            || label.ends_with("staging")
    })
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Addresses a browser would not open as meant: without a scheme, a
/// script, malformed, or with a space, punctuation, a proxy or a staging
/// host in them.
fn bad_urls(doc: &Document, text: &str, d: &mut FileDiagnostics<'_>) {
    for link in &doc.links {
        bad_url(link, d);
    }
    spaced_urls(doc, text, d);
}

/// Whether `t` starts with `prefix` (ASCII, lowercase) in any case.
fn starts_ci(t: &str, prefix: &str) -> bool {
    t.as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// The script scheme (`javascript`, `vbscript`) `t` starts with, in any
/// case and with the tabs, line breaks and control characters browsers
/// drop inside a scheme (`java\tscript:`), and holding a `:`.
fn script_scheme(t: &str) -> Option<&'static str> {
    let scheme = || {
        t.chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
            .take_while(|c| *c != ':' && *c != '/')
            .map(|c| c.to_ascii_lowercase())
    };
    ["javascript", "vbscript"]
        .into_iter()
        .find(|s| scheme().eq(s.chars()))
        .filter(|_| t.contains(':'))
}

/// Checks one link's address. Each link of every file comes here: the
/// tests are made on the address as written, with no lowercase copy.
fn bad_url(link: &crate::curriculum::document::Link, d: &mut FileDiagnostics<'_>) {
    let t = link.target.trim();
    if starts_ci(t, "www.") {
        d.push(
            "bad-url",
            link.span.clone(),
            format!("`{t}` has no `https://`, so it is read as a page of this site"),
            Some(format!("write `https://{t}`")),
        );
        return;
    }
    if let Some(scheme) = script_scheme(t) {
        d.push(
            "bad-url",
            link.span.clone(),
            format!("`{scheme}:` link runs a script instead of opening a page"),
            Some("link to a page (`https://...`) or to a file of the curriculum".into()),
        );
        return;
    }
    if !(starts_ci(t, "http://") || starts_ci(t, "https://")) {
        if starts_ci(t, "http:")
            || starts_ci(t, "https:")
            || starts_ci(t, "htps://")
            || starts_ci(t, "http//")
        {
            d.push(
                "bad-url",
                link.span.clone(),
                format!("`{t}` is not a well-formed address"),
                Some("write the address as `https://host/path`".into()),
            );
        }
        return;
    }
    if let Some(problem) = address_problem(t) {
        d.push(
            "bad-url",
            link.span.clone(),
            format!("address `{t}` {problem}"),
            Some("use the real public address; write spaces as `%20`".into()),
        );
    }
}

/// What is wrong with the web address `t`, if anything.
fn address_problem(t: &str) -> Option<String> {
    let host = host_of(t).unwrap_or("");
    // most hosts are written in lowercase already
    let host = if host.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(host.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(host)
    };
    let without_fragment = t.split('#').next().unwrap_or(t);
    if t.contains(char::is_whitespace) {
        Some("has a space inside".to_string())
    } else if !t.contains('#') && without_fragment.ends_with(['.', ',', ';', ')']) {
        Some("ends with punctuation copied from the sentence around it".to_string())
    } else if host.is_empty() || !host.contains('.') {
        Some("has no host name".to_string())
    } else if let Some(p) = proxy_of(&host) {
        Some(format!(
            "is a `{p}` security-proxy rewrite of the real address"
        ))
    } else if is_staging(&host) {
        Some(format!("points at a staging site (`{host}`)"))
    } else {
        None
    }
}

/// Markdown links whose address has a space: not links at all, as the
/// parser leaves them as text, so found by their shape in the raw text.
fn spaced_urls(doc: &Document, text: &str, d: &mut FileDiagnostics<'_>) {
    let body = &text[doc.body_start.min(text.len())..];
    for m in spaced_links(body) {
        // an address the parser took as a link or image (its white space
        // is past ASCII, which Markdown allows there) is reported by that
        // link's own check: one problem, one report
        let at = doc.body_start + m.start;
        if doc
            .links
            .iter()
            .any(|l| matches!(l.kind, LinkKind::Link | LinkKind::Image) && l.span.contains(&at))
        {
            continue;
        }
        // the address is the match less its `](` and `)`
        let g = m.start + 2..m.end - 1;
        let url = &body[g.clone()];
        // `(url "title")` is a link with a title, not a space in the address
        let first = url.split_whitespace().nth(1).unwrap_or("");
        if first.starts_with('"') || first.starts_with('\'') {
            continue;
        }
        let start = doc.body_start + g.start;
        d.push(
            "bad-url",
            start..start + url.len(),
            format!("address `{url}` has a space inside"),
            Some("write spaces in addresses as `%20`".into()),
        );
    }
}

/// A Markdown link whose address has a space: `](`, `http://` or
/// `https://`, an address that meets white space before any `)`, and the
/// first `)` after. The reference is [`SPACED`].
#[cfg(test)]
static SPACED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\((?:https?://[^)\s]*\s[^)]*)\)").expect("regex"));

/// Where each [`SPACED`] match is in `body`, found by hand (`\s` is
/// Unicode white space, as in the pattern). Each step of the pattern has
/// one way on: its first `)` or white space decides `[^)\s]*\s`, and its
/// first `)` ends `[^)]*\)`. Why by hand: the pattern was compiled in
/// every run, to look for a shape that hardly any file has.
fn spaced_links(body: &str) -> Vec<Range<usize>> {
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(k) = memchr::memmem::find(&b[pos..], b"](") {
        let start = pos + k;
        pos = start + 1;
        let rest = &b[start + 2..];
        let scheme = if rest.starts_with(b"https://") {
            8
        } else if rest.starts_with(b"http://") {
            7
        } else {
            continue;
        };
        let Some(space_end) = space_before_paren(body, start + 2 + scheme) else {
            continue;
        };
        // no `)` after: none after any later `](` either, as none came
        // between (the address scanned had none)
        let Some(close) = memchr::memchr(b')', &b[space_end..]) else {
            break;
        };
        let end = space_end + close + 1;
        out.push(start..end);
        pos = end;
    }
    out
}

/// The end of the first white space at or after byte `j` of `s`, unless a
/// `)` or the end comes first.
fn space_before_paren(s: &str, mut j: usize) -> Option<usize> {
    let b = s.as_bytes();
    loop {
        let x = *b.get(j)?;
        if x == b')' {
            return None;
        }
        if x < 0x80 {
            if crate::curriculum::space_byte(x) {
                return Some(j + 1);
            }
            j += 1;
        } else {
            let c = s[j..].chars().next()?;
            if c.is_whitespace() {
                return Some(j + c.len_utf8());
            }
            j += c.len_utf8();
        }
    }
}

/// The file's body lines outside code holding `a` or `b`, with their byte
/// offsets: found from each `a` or `b` in the body (most lines hold
/// neither, and are never split off).
fn lines_outside_code<'t>(doc: &Document, text: &'t str, a: u8, b: u8) -> Vec<(usize, &'t str)> {
    let mut out: Vec<(usize, &'t str)> = Vec::new();
    let body_start = doc.body_start.min(text.len());
    let bytes = text.as_bytes();
    let mut next_line = body_start;
    for at in memchr::memchr2_iter(a, b, &bytes[body_start..]) {
        let at = body_start + at;
        if at < next_line {
            continue;
        }
        // the line holding it: from after the `\n` before to its own `\n`
        let start = memchr::memrchr(b'\n', &bytes[body_start..at])
            .map_or(body_start, |i| body_start + i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        next_line = end;
        // code ranges are disjoint and in file order
        let in_code = doc
            .code
            .get(doc.code.partition_point(|c| c.end <= start))
            .is_some_and(|c| c.contains(&start));
        if !in_code {
            out.push((start, text[start..end].trim_end_matches(['\n', '\r'])));
        }
    }
    out
}

/// [`lines_outside_code`] as it was written first, line by line: the
/// reference its property test holds it to.
#[cfg(test)]
fn lines_outside_code_by_lines<'t>(
    doc: &Document,
    text: &'t str,
    wanted: impl Fn(&[u8]) -> bool,
) -> Vec<(usize, &'t str)> {
    let mut out = Vec::new();
    let mut offset = doc.body_start.min(text.len());
    // code ranges are disjoint and in file order, like the lines: walk both
    // (a search per line made a file of many code blocks quadratic)
    let mut code = doc.code.iter().peekable();
    for line in text[offset..].split_inclusive('\n') {
        while code.next_if(|c| c.end <= offset).is_some() {}
        if wanted(line.as_bytes()) && !code.peek().is_some_and(|c| c.contains(&offset)) {
            out.push((offset, line.trim_end_matches(['\n', '\r'])));
        }
        offset += line.len();
    }
    out
}

/// A block marker: `{details}`, `{/details}`. The reference for
/// [`block_tokens`].
#[cfg(test)]
static BLOCK_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{(/?)([A-Za-z][A-Za-z0-9_-]*)\}").expect("regex"));

/// One [`BLOCK_TOKEN`] match: its span in the line, whether it closes, and
/// its name's span.
#[derive(Debug, PartialEq, Eq)]
struct BlockToken {
    span: Range<usize>,
    closing: bool,
    name: Range<usize>,
}

/// The [`BLOCK_TOKEN`] matches in `line`, found by hand: the pattern is
/// ASCII throughout and its name runs to the `}`, so each `{` either
/// starts a match or does not. Why by hand: the pattern was compiled in
/// every run that met a `{` in a file.
fn block_tokens(line: &str) -> Vec<BlockToken> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(k) = memchr::memchr(b'{', &b[pos..]) {
        let start = pos + k;
        pos = start + 1;
        let closing = b.get(start + 1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let mut j = name_start + 1;
        while b
            .get(j)
            .is_some_and(|&x| x.is_ascii_alphanumeric() || x == b'_' || x == b'-')
        {
            j += 1;
        }
        if b.get(j) != Some(&b'}') {
            continue;
        }
        out.push(BlockToken {
            span: start..j + 1,
            closing,
            name: name_start..j,
        });
        pos = j + 1;
    }
    out
}

fn unbalanced_blocks(lines: &[(usize, &str)], d: &mut FileDiagnostics<'_>) {
    let mut open: Vec<(String, Range<usize>)> = Vec::new();
    for &(offset, line) in lines.iter().filter(|(_, l)| l.contains('{')) {
        for t in block_tokens(line) {
            let m = t.span.clone();
            // a block marker starts or ends its line; `{x}` mid-sentence is text
            if !line[..m.start].trim().is_empty() && !line[m.end..].trim().is_empty() {
                continue;
            }
            let span = offset + m.start..offset + m.end;
            let name = &line[t.name.clone()];
            let closing = t.closing;
            if name.chars().any(|ch| ch.is_ascii_uppercase()) {
                let lower = name.to_ascii_lowercase();
                d.push(
                    "unbalanced-block",
                    span.clone(),
                    format!(
                        "`{}` is not a block marker: markers are lowercase",
                        &line[m]
                    ),
                    Some(format!(
                        "write `{{{}{lower}}}`",
                        if closing { "/" } else { "" }
                    )),
                );
            }
            let name = name.to_ascii_lowercase();
            if !closing {
                open.push((name, span));
            } else if open.last().is_some_and(|(n, _)| *n == name) {
                open.pop();
            } else if let Some(pos) = open.iter().rposition(|(n, _)| *n == name) {
                for (inner, inner_span) in open.drain(pos + 1..) {
                    d.push(
                        "unbalanced-block",
                        inner_span,
                        format!("`{{{inner}}}` is never closed"),
                        Some(format!("add `{{/{inner}}}` where the block ends")),
                    );
                }
                open.pop();
            } else {
                d.push(
                    "unbalanced-block",
                    span,
                    format!("`{{/{name}}}` closes a block that was never opened"),
                    Some(format!(
                        "add `{{{name}}}` where the block starts, or remove this line"
                    )),
                );
            }
        }
    }
    for (name, span) in open {
        d.push(
            "unbalanced-block",
            span,
            format!("`{{{name}}}` is never closed"),
            Some(format!("add `{{/{name}}}` where the block ends")),
        );
    }
}

// any `$Word` marker, opened or closed (`$CTA`, `$EndCTA`, `$Statistic`,
// `$P`): a capital straight after the `$`, at the start of a word
static GOVSPEAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s(>])(\$[A-Z][A-Za-z]*)(?-u:\b)").expect("regex"));

fn govspeak_leftovers(lines: &[(usize, &str)], d: &mut FileDiagnostics<'_>) {
    for &(offset, line) in lines.iter().filter(|(_, l)| l.contains('$')) {
        for c in GOVSPEAK.captures_iter(line) {
            let m = c.get(1).expect("group");
            d.push(
                "govspeak-leftover",
                offset + m.start()..offset + m.end(),
                format!("Govspeak marker `{}` was not converted", m.as_str()),
                Some("remove the marker; use a `{details}` block or plain text instead".into()),
            );
        }
    }
}

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^<>]*)(>?)").expect("regex"));
// The three patterns below are read by hand (`has_src`, `lone_lt`,
// `truncated_tag`), with their meanings past ASCII (`\b`, `\s`, `(?i)`):
// each was compiled in nearly every run, for a few tags a file. The
// patterns are the reference the readers' property tests hold them to.
#[cfg(test)]
static ATTR_SRC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bsrc\s*=").expect("regex"));
// `<` then something that is not a tag, a comparison (`< 5`, `<5`) or `<=`
#[cfg(test)]
static LONE_LT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<(?:$|[^\sA-Za-z0-9/!=<>?])").expect("regex"));
// a tag that starts but never ends on its line (`<br /`, `<a href="x"`)
#[cfg(test)]
static TRUNCATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*|/)?$").expect("regex"));

/// Whether [`ATTR_SRC`] matches `attrs`: `src` in any case (`ſ` reads as
/// `s`) after no word character (Unicode's `\w`), then white space and `=`.
fn has_src(attrs: &str) -> bool {
    let b = attrs.as_bytes();
    let ci = |at: usize| {
        b.get(at..at + 2)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"rc"))
    };
    (0..b.len()).any(|i| {
        let name_end = match b[i] {
            b's' | b'S' if ci(i + 1) => i + 3,
            0xC5 if b.get(i + 1) == Some(&0xBF) && ci(i + 2) => i + 4,
            _ => return false,
        };
        !attrs[..i]
            .chars()
            .next_back()
            .is_some_and(regex_syntax::is_word_character)
            && b.get(crate::curriculum::ws_end(attrs, name_end)) == Some(&b'=')
    })
}

/// Whether [`LONE_LT`] matches `rest` (which starts with `<`): the `<` ends
/// the text, or the character after it is not white space, an ASCII letter
/// or figure, or one of `/!=<>?`.
fn lone_lt(rest: &str) -> bool {
    match rest.get(1..).and_then(|r| r.chars().next()) {
        None => true,
        Some(c) => !(c.is_whitespace() || c.is_ascii_alphanumeric() || "/!=<>?".contains(c)),
    }
}

/// Whether [`TRUNCATED`] matches `rest` (which starts with `<`); a match is
/// always the whole of `rest`, as the pattern ends with `$`. The name runs
/// as far as its letters and figures do (a shorter name would leave one
/// where only white space, `/` or the end may come).
fn truncated_tag(rest: &str) -> bool {
    let b = rest.as_bytes();
    let mut j = 1 + usize::from(b.get(1) == Some(&b'/'));
    if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    j += 1;
    while b.get(j).is_some_and(u8::is_ascii_alphanumeric) {
        j += 1;
    }
    match b.get(j) {
        None => true,
        Some(b'/') => j + 1 == b.len(),
        Some(_) => rest[j..]
            .chars()
            .next()
            .is_some_and(|c| c.is_whitespace() && !rest[j + c.len_utf8()..].contains(['<', '>'])),
    }
}

/// Tags whose closing tag may not be left out.
const CONTAINERS: &[&str] = &["ol", "ul", "table", "div", "details", "blockquote"];
/// Tags whose closing tag may be left out, but never written without an opening.
const OPTIONAL_CLOSE: &[&str] = &["li", "p", "td", "tr", "th"];

/// HTML left in the Markdown that would show or break: tags without `>`,
/// an `<img>` without `src`, closing tags without an opening, containers
/// never closed, lone or truncated `<`.
fn stray_html(doc: &Document, d: &mut FileDiagnostics<'_>) {
    html_tags(doc, d);
    lone_angles(doc, d);
}

/// Checks the HTML tags of `doc`: each well formed, each closing tag
/// opened, each container closed.
/// One match of [`TAG`]: `<`, an optional `/`, a name, what follows up to
/// the next `<` or `>`, and the `>` if there is one.
#[derive(Debug, PartialEq, Eq)]
struct TagMatch<'h> {
    span: Range<usize>,
    closing: bool,
    name: &'h str,
    attrs: &'h str,
    ends: bool,
}

/// The matches of [`TAG`] in `html`, found by hand: `None` when a name is
/// followed by a character past ASCII, where only the pattern knows
/// whether a word ends (its `\b` is Unicode's). Why by hand: the pattern's
/// groups sent every HTML fragment of every file through the regex
/// engine's slowest search, a fifth of the single-file rules' work.
fn scan_tags(html: &str) -> Option<Vec<TagMatch<'_>>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(off) = memchr::memchr(b'<', &b[pos..]) {
        let lt = pos + off;
        pos = lt + 1;
        let closing = b.get(lt + 1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let mut j = name_start;
        while b.get(j).is_some_and(u8::is_ascii_alphanumeric) {
            j += 1;
        }
        match b.get(j) {
            // a word goes on (`<b_x`): no shorter name ends a word either
            Some(b'_') => continue,
            Some(c) if *c >= 0x80 => return None,
            _ => {}
        }
        let end = memchr::memchr2(b'<', b'>', &b[j..]).map_or(b.len(), |k| j + k);
        let ends = b.get(end) == Some(&b'>');
        let span_end = end + usize::from(ends);
        out.push(TagMatch {
            span: lt..span_end,
            closing,
            name: &html[name_start..j],
            attrs: &html[j..end],
            ends,
        });
        pos = span_end;
    }
    Some(out)
}

/// The matches of [`TAG`] by the pattern itself.
fn regex_tags(html: &str) -> Vec<TagMatch<'_>> {
    TAG.captures_iter(html)
        .map(|c| {
            let m = c.get(0).expect("match");
            TagMatch {
                span: m.range(),
                closing: !c[1].is_empty(),
                name: c.get(2).expect("name").as_str(),
                attrs: c.get(3).expect("attributes").as_str(),
                ends: !c[4].is_empty(),
            }
        })
        .collect()
}

fn html_tags(doc: &Document, d: &mut FileDiagnostics<'_>) {
    let mut stack: HashMap<String, Vec<Range<usize>>> = HashMap::new();
    let mut optional: HashMap<String, usize> = HashMap::new();
    for (html, span) in &doc.html {
        for tag in scan_tags(html).unwrap_or_else(|| regex_tags(html)) {
            let whole = &html[tag.span.clone()];
            let tag_span = span.start + tag.span.start..span.start + tag.span.end;
            let name = tag.name.to_ascii_lowercase();
            if name == "img" && !tag.closing && !has_src(tag.attrs) {
                d.push(
                    "stray-html",
                    tag_span.clone(),
                    "`<img>` has no `src`, so it shows nothing",
                    Some("write the image as `![description](/assets/file.png)`".into()),
                );
            }
            if !tag.ends {
                d.push(
                    "stray-html",
                    tag_span.clone(),
                    format!("HTML tag `{}` is never closed with `>`", whole.trim_end()),
                    Some("finish the tag with `>`, or remove it".into()),
                );
            }
            if OPTIONAL_CLOSE.contains(&name.as_str()) {
                let opened = optional.entry(name.clone()).or_insert(0usize);
                if !tag.closing {
                    *opened += 1;
                } else if *opened == 0 {
                    d.push(
                        "stray-html",
                        tag_span.clone(),
                        format!("`</{name}>` closes a `<{name}>` that was never opened"),
                        Some("remove it: a Markdown list item needs no closing tag".into()),
                    );
                } else {
                    *opened -= 1;
                }
            }
            if CONTAINERS.contains(&name.as_str()) {
                let opened = stack.entry(name.clone()).or_default();
                if !tag.closing {
                    opened.push(tag_span);
                } else if opened.pop().is_none() {
                    d.push(
                        "stray-html",
                        tag_span,
                        format!("`</{name}>` closes a `<{name}>` that was never opened"),
                        Some("remove it, or add the opening tag".into()),
                    );
                }
            }
        }
    }
    let mut unclosed: Vec<(String, Range<usize>)> = stack
        .into_iter()
        .flat_map(|(name, spans)| spans.into_iter().map(move |s| (name.clone(), s)))
        .collect();
    unclosed.sort_by_key(|(_, s)| s.start);
    for (name, span) in unclosed {
        d.push(
            "stray-html",
            span,
            format!("`<{name}>` is never closed"),
            Some(format!(
                "add `</{name}>` where it ends, or use a Markdown list"
            )),
        );
    }
}

/// A `<` in the text that starts no tag: truncated HTML or a lone `<`.
fn lone_angles(doc: &Document, d: &mut FileDiagnostics<'_>) {
    for (raw, span) in &doc.text_with_lt {
        for (i, _) in raw.match_indices('<') {
            let rest = &raw[i..];
            let start = span.start + i;
            if truncated_tag(rest) {
                d.push(
                    "stray-html",
                    start..start + rest.len(),
                    format!("truncated HTML `{}`", rest.trim_end()),
                    Some("finish the tag with `>`, or remove it".into()),
                );
            } else if lone_lt(rest) {
                d.push(
                    "stray-html",
                    start..start + 1,
                    "a lone `<` is left in the text",
                    Some("remove it, or write `&lt;` if a less-than sign is meant".into()),
                );
            }
        }
    }
}

fn timing_budget(doc: &Document, d: &mut FileDiagnostics<'_>) {
    let mut check = |name: &str, declared: &(u32, Range<usize>), minutes: Vec<u32>| {
        if minutes.is_empty() {
            return;
        }
        // millions of activities in one section must not overflow
        let sum = minutes.iter().fold(0u32, |a, m| a.saturating_add(*m));
        if sum != declared.0 {
            // a pasted-in list of thousands of activities would make one
            // message megabytes long: name the first few and count the rest
            let mut list = minutes
                .iter()
                .take(12)
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(" + ");
            if minutes.len() > 12 {
                list.push_str(&format!(" + ... {} activities in all", minutes.len()));
            }
            d.push(
                "timing-budget",
                declared.1.clone(),
                format!(
                    "{name} says {} minutes but its timed activities add up to {sum} ({list})",
                    declared.0
                ),
                Some("correct the minutes of an activity, or the declared duration".into()),
            );
        }
    };
    let mut section_declared = false;
    for s in &doc.sections {
        if let Some(declared) = &s.duration {
            section_declared = true;
            check(
                &format!("`## {}`", s.heading),
                declared,
                s.segments.iter().map(|x| x.minutes).collect(),
            );
        }
    }
    if let Some(declared) = &doc.duration
        && !section_declared
    {
        check(
            "the session",
            declared,
            doc.segments().map(|x| x.minutes).collect(),
        );
    }
}

fn empty_sections(doc: &Document, d: &mut FileDiagnostics<'_>) {
    // a heading that is a timed activity says what to do and for how long
    fn heading_starts(segments: &[Segment], out: &mut std::collections::HashSet<usize>) {
        for s in segments {
            if s.heading_level.is_some() {
                out.insert(s.span.start);
            }
            heading_starts(&s.parts, out);
        }
    }
    let mut timed = std::collections::HashSet::new();
    heading_starts(&doc.preamble_segments, &mut timed);
    for section in &doc.sections {
        heading_starts(&section.segments, &mut timed);
    }
    // a grouping heading right over timed ones (`### Activities` then
    // `### Warm-up (5 minutes)`) heads them, whatever their level
    let groups = |i: usize| {
        doc.headings
            .get(i + 1)
            .is_some_and(|next| timed.contains(&next.span.start))
    };
    for (_, h) in doc
        .headings
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.has_content && !timed.contains(&h.span.start) && !groups(*i))
    {
        d.push(
            "empty-section",
            h.span.start
                ..h.span.start
                    + d.index
                        .locate(h.span.clone())
                        .source_line
                        .trim_end()
                        .len()
                        .max(1),
            format!("heading `{}` has nothing under it", h.text),
            Some("add the missing text, or remove the heading".into()),
        );
    }
}

/// How many bytes of each end of a paragraph's folded text
/// [`duplicate_paragraphs`] files it by.
const END: usize = 16;

/// The first [`END`] bytes of `fold_space(s)` (`s` trimmed), and how many
/// there are, read from the start of `s` only.
fn folded_head(s: &str) -> ([u8; END], usize) {
    let b = s.as_bytes();
    // most paragraphs start with plain words: their folding starts with
    // the same bytes
    if let Some(w) = b.get(..END).filter(|w| plain(w)) {
        return (w.try_into().expect("END bytes"), END);
    }
    let mut out = [0u8; END];
    let (mut n, mut gap, mut i) = (0, false, 0);
    while i < b.len() && n < END {
        let (space, len) = char_at(s, i);
        if space {
            gap = true;
        } else {
            if gap {
                out[n] = b' ';
                n += 1;
                gap = false;
            }
            for &x in &b[i..i + len] {
                if n < END {
                    out[n] = x;
                    n += 1;
                }
            }
        }
        i += len;
    }
    (out, n)
}

/// The last [`END`] bytes of `fold_space(s)` (`s` trimmed), last first,
/// and how many there are, read from the end of `s` only.
fn folded_tail(s: &str) -> ([u8; END], usize) {
    let b = s.as_bytes();
    if let Some(w) = b.get(b.len().wrapping_sub(END)..).filter(|w| plain(w)) {
        let mut out: [u8; END] = w.try_into().expect("END bytes");
        out.reverse();
        return (out, END);
    }
    let mut out = [0u8; END];
    let (mut n, mut gap, mut end) = (0, false, b.len());
    while end > 0 && n < END {
        // the character ending at `end`: back over continuation bytes
        let mut start = end - 1;
        while start > 0 && b[start] & 0xC0 == 0x80 {
            start -= 1;
        }
        let (space, _) = char_at(s, start);
        if space {
            gap = true;
        } else {
            if gap {
                out[n] = b' ';
                n += 1;
                gap = false;
            }
            for &x in b[start..end].iter().rev() {
                if n < END {
                    out[n] = x;
                    n += 1;
                }
            }
        }
        end = start;
    }
    (out, n)
}

/// Whether `w` is printable ASCII with no two spaces together: its own
/// folding, inside a trimmed text. The bytes, then each byte with the
/// next, without a branch or a bounds check, so that the compiler makes
/// vector instructions of both (a loop that looked up each next byte was
/// about 80 instructions for the 16 bytes of each end of a paragraph).
fn plain(w: &[u8]) -> bool {
    let printable = w.iter().fold(true, |ok, &x| ok & (0x20..0x7F).contains(&x));
    let next = w.get(1..).unwrap_or_default();
    let doubled = w
        .iter()
        .zip(next)
        .fold(false, |any, (&x, &y)| any | ((x == b' ') & (y == b' ')));
    printable & !doubled
}

/// Whether the character at byte `i` of `s` is white space, and its length.
fn char_at(s: &str, i: usize) -> (bool, usize) {
    let x = s.as_bytes()[i];
    if x < 0x80 {
        (crate::curriculum::space_byte(x), 1)
    } else {
        let c = s[i..].chars().next().expect("a character starts here");
        (c.is_whitespace(), c.len_utf8())
    }
}

/// A paragraph [`duplicate_paragraphs`] has filed: where it starts, its
/// number, its place in the file, its folded text once worked out, and
/// the next paragraph filed under the same key.
struct Filed<'a> {
    start: usize,
    index: usize,
    span: Range<usize>,
    folded: Option<std::borrow::Cow<'a, str>>,
    next: Option<usize>,
}

/// Whether `text` holds at least 40 letters or digits (the count stops at
/// 40): shorter repeats are usually deliberate.
fn forty_letters(text: &str) -> bool {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .nth(39)
        .is_some()
}

/// Reports the paragraph at `span` as a repeat of the one starting at
/// byte `first`, on the first line of the repeat.
fn report_repeat(d: &mut FileDiagnostics<'_>, span: &std::ops::Range<usize>, first: usize) {
    let first_line = d.index.line_of(first) + 1;
    let end = span.start + d.index.line_text(d.index.line_of(span.start)).len();
    d.push(
        "duplicate-paragraph",
        span.start..end.min(span.end),
        format!("this paragraph is the same as the one at line {first_line}"),
        Some("remove one copy, or reword one if both are meant".into()),
    );
}

fn duplicate_paragraphs(doc: &Document, source: &str, d: &mut FileDiagnostics<'_>) {
    // Repeats under different headings are usually deliberate (a module
    // overview restates a week's summary for mentors), and so are short
    // restatements (a standard quoted in two case studies, a stage direction
    // in a transcript). A paragraph pasted twice in a row, or a long one
    // repeated between the same two headings, is a slip.
    // headings are in file order: count those before `offset` by bisection
    // (a count per paragraph made a 50 MB file take half a minute)
    let section_of = |offset: usize| doc.headings.partition_point(|h| h.span.start < offset);
    // Each paragraph is filed by its section and the first and last bytes
    // of its folded text, read from its two ends: folding cannot change
    // them, and paragraphs that differ nearly always differ there. Only
    // paragraphs filed under the same key are folded whole and compared.
    // (Folding every paragraph whole to file it by its text was about 7%
    // of `validate`'s instructions on the corpus.)
    type Key = (usize, [u8; END], usize, [u8; END], usize);
    let mut first_of: foldhash::HashMap<Key, usize> =
        foldhash::HashMap::with_capacity_and_hasher(doc.paragraphs.len(), Default::default());
    let mut filed: Vec<Filed<'_>> = Vec::with_capacity(doc.paragraphs.len());
    for (i, (_, span)) in doc.paragraphs.iter().enumerate() {
        // read from the file (a document read for the checks keeps only
        // each paragraph's place); folding never lengthens a paragraph, so
        // fewer than 40 bytes cannot hold 40 letters or digits
        let raw = source[span.clone()].trim();
        if raw.len() < 40 {
            continue;
        }
        let (head, head_len) = folded_head(raw);
        let (tail, tail_len) = folded_tail(raw);
        let key = (section_of(span.start), head, head_len, tail, tail_len);
        let new = filed.len();
        let mut at = match first_of.entry(key) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(new);
                None
            }
            std::collections::hash_map::Entry::Occupied(o) => Some(*o.get()),
        };
        let mut text: Option<std::borrow::Cow<'_, str>> = None;
        let mut last = None;
        let mut repeat = None;
        while let Some(j) = at {
            let this = text.get_or_insert_with(|| crate::curriculum::document::fold_cow(raw));
            let other_raw = &source[filed[j].span.clone()];
            let other = filed[j]
                .folded
                .get_or_insert_with(|| crate::curriculum::document::fold_cow(other_raw));
            if other == this {
                repeat = Some(j);
                break;
            }
            last = Some(j);
            at = filed[j].next;
        }
        match repeat {
            // a repeat of a paragraph too short to count (the same text)
            // is too short as well
            Some(j) => {
                let text = text.as_deref().expect("folded to compare");
                let first = &filed[j];
                if text.len() >= 40
                    && (i == first.index + 1 || text.len() >= 160)
                    && forty_letters(text)
                {
                    report_repeat(d, span, first.start);
                }
            }
            None => {
                if let Some(last) = last {
                    filed[last].next = Some(new);
                }
                filed.push(Filed {
                    start: span.start,
                    index: i,
                    span: span.clone(),
                    folded: text,
                    next: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// Titles and captions built from the place patterns' words and their
    /// near misses, in any case, with every ASCII gap.
    fn place_words() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        let word = proptest::sample::select(vec![
            "year",
            "Year",
            "YEAR",
            "years",
            "xyear",
            "1",
            "2",
            "12",
            "123",
            "1234",
            "07",
            "autumn",
            "Autumn",
            "SPRING",
            "summer",
            "summers",
            "term",
            "Term",
            "terms",
            "week",
            "Week",
            "weeks",
            "training",
            "Training",
            "session",
            "Session",
            "sessions",
            "x",
            "_",
            "a1",
            "-",
            ":",
            "(",
            ")",
            "Module",
            "é",
            "ſ",
            "’s",
            "“",
            "”",
            "…",
            "•",
            "▪",
            "\u{212A}",
            "wee\u{212A}",
        ]);
        let gap = proptest::sample::select(vec![
            " ", " ", "", "  ", "\t", "\n", ",", ", ", " ,", "-", "_", "–", " – ", "—", "’",
            "\u{A0}", "‘",
        ]);
        let loose = proptest::collection::vec((word, gap), 0..10).prop_map(|parts| {
            parts
                .into_iter()
                .flat_map(|(w, g)| [w, g])
                .collect::<String>()
        });
        // and shaped like each pattern, each place filled from its choices
        let pick = |v: Vec<&'static str>| proptest::sample::select(v);
        let shaped = (
            pick(vec![
                "",
                "Year 1 ",
                "x",
                "The ",
                "_",
                "Module: ",
                "“",
                "Year 2 – ",
                "é",
            ]),
            pick(vec![
                "autumn", "Spring", "SUMMER", "training", "Training", "year", "autumns",
            ]),
            pick(vec![
                "", " term", "  Term", "term", ",", " term,", "\tterm ,",
            ]),
            pick(vec![" ", "", "  ", "\n", " , "]),
            pick(vec![
                "week", "Week", "session", "SESSION", "session", "weeks", "term",
            ]),
            pick(vec![" ", "", "\t"]),
            pick(vec!["1", "12", "123", "1234", "3a", "4_", "5."]),
            pick(vec!["", " ", ": more", "x", ")", "’", "–1", "…", "é", "٣"]),
        )
            .prop_map(|(a, b, c, d, e, f, g, h)| [a, b, c, d, e, f, g, h].concat());
        proptest::prop_oneof![loose, shaped]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        /// The hand readers (in ASCII text with curly quotes, dashes and
        /// bullets) and the patterns (in any other) find exactly the groups
        /// the place patterns find.
        #[test]
        fn place_readers_find_the_patterns_groups(v in place_words()) {
            for place in [super::Place::Year, super::Place::TermWeek, super::Place::Term, super::Place::Session] {
                proptest::prop_assert_eq!(place.find(&v), place.find_by_pattern(&v), "{:?} in {:?}", place, v);
            }
        }
    }

    #[test]
    fn place_words_reach_every_pattern() {
        use proptest::strategy::{Strategy as _, ValueTree as _};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let lines = place_words();
        let mut hits = [0usize; 4];
        // matches in text past ASCII that the hand readers read
        let mut marked = [0usize; 4];
        for _ in 0..40000 {
            let v = lines.new_tree(&mut runner).expect("a title").current();
            let read_by_hand = !v.is_ascii() && crate::curriculum::ascii_or_marks(&v);
            for (k, place) in [
                super::Place::Year,
                super::Place::TermWeek,
                super::Place::Term,
                super::Place::Session,
            ]
            .into_iter()
            .enumerate()
            {
                let hit = place.find_by_pattern(&v).is_some();
                hits[k] += usize::from(hit);
                marked[k] += usize::from(hit && read_by_hand);
            }
        }
        assert!(
            hits.iter().all(|&h| h >= 20),
            "matches per pattern: {hits:?}"
        );
        assert!(
            marked.iter().all(|&h| h >= 20),
            "matches per pattern in text with marks: {marked:?}"
        );
    }

    use crate::diag::FileDiagnostics;

    /// [`super::bad_url`] as it was, on a lowercase copy of the address and
    /// its scheme: the reference its property test holds it to.
    fn bad_url_as_it_was(t: &str) -> Option<String> {
        let t = t.trim();
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("www.") {
            return Some(format!(
                "`{t}` has no `https://`, so it is read as a page of this site"
            ));
        }
        let scheme: String = lower
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
            .take_while(|c| *c != ':' && *c != '/')
            .collect();
        if ["javascript", "vbscript"].contains(&scheme.as_str()) && lower.contains(':') {
            return Some(format!(
                "`{scheme}:` link runs a script instead of opening a page"
            ));
        }
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return (lower.starts_with("http:")
                || lower.starts_with("https:")
                || lower.starts_with("htps://")
                || lower.starts_with("http//"))
            .then(|| format!("`{t}` is not a well-formed address"));
        }
        let host = super::host_of(t).unwrap_or("").to_ascii_lowercase();
        let without_fragment = t.split('#').next().unwrap_or(t);
        let staging = || {
            host.split('.').any(|label| {
                let words: Vec<&str> = label.split(['-', '_']).collect();
                words.iter().any(|w| {
                    let w = w.trim_end_matches(|c: char| c.is_ascii_digit());
                    w == "staging" || w == "stage" || w == "preprod" || w == "stg"
                }) || label.starts_with("staging")
                    || label.ends_with("staging")
            })
        };
        let problem = if t.contains(char::is_whitespace) {
            "has a space inside".to_string()
        } else if !t.contains('#') && without_fragment.ends_with(['.', ',', ';', ')']) {
            "ends with punctuation copied from the sentence around it".to_string()
        } else if host.is_empty() || !host.contains('.') {
            "has no host name".to_string()
        } else if let Some(p) = super::proxy_of(&host) {
            format!("is a `{p}` security-proxy rewrite of the real address")
        } else if staging() {
            format!("points at a staging site (`{host}`)")
        } else {
            return None;
        };
        Some(format!("address `{t}` {problem}"))
    }

    /// Link addresses built from schemes in any case, with tabs and
    /// controls inside, hosts in any case (staging, proxy), paths, spaces
    /// and punctuation.
    fn addresses() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        let pick = |v: Vec<&'static str>| proptest::sample::select(v);
        (
            pick(vec!["", " ", "\t"]),
            pick(vec![
                "https://",
                "HTTP://",
                "http:",
                "Https:",
                "htps://",
                "http//",
                "www.",
                "WWW.",
                "javascript:",
                "Java\tScript:",
                "vb\u{1}script:",
                "VBSCRIPT",
                "mailto:",
                "/p/m",
                "",
                "ftp://",
                "jav\u{e9}script:",
            ]),
            pick(vec![
                "",
                "example.org",
                "Example.ORG",
                "staging.example.org",
                "x-stage2.org",
                "pre_preprod.org",
                "mystaging.org",
                "eur01.safelinks.protection.outlook.com",
                "localhost",
                "EXAMPLE.ORG.",
                "Staging.Example.org",
                "EUR01.SafeLinks.Protection.Outlook.com",
            ]),
            pick(vec!["", "/a", "/a b", "/a.", "/a#b.", "?q=1", "/x)", "/é"]),
            pick(vec!["", " ", "\n"]),
        )
            .prop_map(|(a, b, c, d, e)| [a, b, c, d, e].concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Every address gets the message it got from the lowercase copy.
        #[test]
        fn bad_url_says_what_it_said_on_a_lowercase_copy(t in addresses()) {
            let link = crate::curriculum::document::Link {
                location: Default::default(),
                target: t.clone(),
                kind: crate::curriculum::document::LinkKind::Link,
                span: 0..1,
                text: String::new(),
            };
            let mut d = FileDiagnostics::new("p.md", "x\n");
            super::bad_url(&link, &mut d);
            let said = d.found.first().map(|x| x.message.clone());
            proptest::prop_assert_eq!(said, bad_url_as_it_was(&t), "{:?}", t);
        }
    }

    /// Titles as the caption rule compares them: words in any case, with
    /// every ASCII space, curly quotes, and letters whose lowercase is
    /// not ASCII's (`Σ`, `İ`, the Kelvin sign).
    fn titles() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        let word = proptest::sample::select(vec![
            "Year",
            "year",
            "YEAR",
            "1",
            "Autumn",
            "autumn",
            "week",
            "Week",
            "mentor",
            "Mentor",
            "materials",
            "MATERIALS",
            "ECT’s",
            "ECT's",
            "ECT‘s",
            "Σ",
            "σ",
            "ς",
            "İ",
            "i",
            "\u{212A}",
            "k",
            "é",
            "É",
            "",
        ]);
        let gap = proptest::sample::select(vec![
            " ", " ", "  ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{A0}", "",
        ]);
        proptest::collection::vec((gap.clone(), word), 0..6).prop_map(|parts| {
            parts
                .into_iter()
                .flat_map(|(g, w)| [g, w])
                .collect::<String>()
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Titles compare the same whether or not they are copied first.
        #[test]
        fn titles_compare_as_their_normal_forms(a in titles(), b in titles()) {
            proptest::prop_assert_eq!(
                super::same_normalised(&a, &b),
                super::normalise(&a) == super::normalise(&b),
                "{:?} {:?}", a, b
            );
            // each against a respelling of itself: equal far more often
            let respelt = a.to_uppercase().replace(' ', "\t ");
            proptest::prop_assert_eq!(
                super::same_normalised(&a, &respelt),
                super::normalise(&a) == super::normalise(&respelt),
                "{:?} {:?}", a, respelt
            );
        }
    }

    #[test]
    fn address_problem_names_what_is_wrong_with_an_address() {
        use super::address_problem;
        assert_eq!(address_problem("https://example.org/a-page"), None);
        assert_eq!(address_problem("https://example.org/a-page#part."), None);
        let problem = |t| address_problem(t).unwrap_or_default();
        assert!(problem("https://example.org/a page").contains("space"));
        assert!(problem("https://example.org/a-page.").contains("punctuation"));
        assert!(problem("https://intranet/a-page").contains("no host"));
        assert!(problem("https://staging.example.org/x").contains("staging"));
    }

    fn timing(text: &str, minutes: Option<u32>) -> Vec<String> {
        let rel = "p/year-1-m/autumn-week-1-mentor-materials.md";
        let mut d = FileDiagnostics::new(rel, text);
        let mut doc = crate::curriculum::document::parse(rel, text, &mut d);
        if let Some(m) = minutes {
            for s in &mut doc.sections[0].segments {
                s.minutes = m;
            }
        }
        super::check(&doc, text, &mut d);
        d.found
            .into_iter()
            .filter(|f| f.rule == "timing-budget")
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn timing_budget_neither_overflows_nor_lists_thousands() {
        let text = format!(
            "---\ntitle: x\n---\n\n## Meeting\n\nDuration: 50 minutes\n\n{}",
            "Review: 5 mins\n\n".repeat(20)
        );
        assert_eq!(
            timing(&text, None),
            [
                "`## Meeting` says 50 minutes but its timed activities add up to 100 (5 + 5 + 5 + 5 + 5 + 5 + 5 + 5 + 5 + 5 + 5 + 5 + ... 20 activities in all)"
            ]
        );
        let found = timing(&text, Some(u32::MAX / 4));
        assert!(found[0].contains("add up to 4294967295 ("), "{found:?}");
    }

    fn found(rel: &str, text: &str, rule: &str) -> Vec<String> {
        let mut d = FileDiagnostics::new(rel, text);
        let doc = crate::curriculum::document::parse(rel, text, &mut d);
        super::check(&doc, text, &mut d);
        d.found
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.message)
            .collect()
    }

    const MENTOR: &str = "p/year-1-m/autumn-week-1-mentor-materials.md";

    /// [`super::duplicate_paragraphs`] as it was: every paragraph's letters
    /// counted before it is filed.
    fn duplicates_counting_first(doc: &super::Document, d: &mut FileDiagnostics<'_>) {
        let section_of = |offset: usize| doc.headings.partition_point(|h| h.span.start < offset);
        let mut seen = std::collections::HashMap::new();
        for (i, (text, span)) in doc.paragraphs.iter().enumerate() {
            if text.len() < 40 || !super::forty_letters(text) {
                continue;
            }
            let key = (section_of(span.start), text.as_str());
            match seen.get(&key) {
                Some(&(first, first_index)) if i == first_index + 1 || text.len() >= 160 => {
                    super::report_repeat(d, span, first);
                }
                Some(_) => {}
                None => {
                    seen.insert(key, (span.start, i));
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1500))]
        /// Counting letters only for a repeat reports what counting every
        /// paragraph's did: paragraphs long and short, with few letters or
        /// many, repeated in a row, apart, and under other headings.
        #[test]
        fn repeats_are_found_as_when_every_paragraph_was_counted(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "## A heading\n\n",
                    "Short one.\n\n",
                    "- - - - - - - - - - - - - - - - - - - - - - - - - (40 bytes, few letters)\n\n",
                    "Exactly forty letters: abcdefghij klmnopqrst uvwxyzabcd efghijklmn\n\n",
                    "Thirty-nine: abcdefghij klmnopqrst uvwxyzabc ........\n\n",
                    "Éèàù çñöü ßøåæ — accented words count as letters here, twelve of them more.\n\n",
                    "A long paragraph that goes on past one hundred and sixty bytes so that a repeat of it anywhere under the same heading is reported, not only a repeat that follows it at once.\n\n",
                    "Wrapped over\ntwo lines with enough letters to count for the rule here.\n\n",
                    "Wrapped over two lines with enough letters to count for the rule here.\n\n",
                    "> A quote with enough letters to count for the rule, inside a block.\n\n",
                    "1. a list item with enough letters to count for the rule as well\n\n",
                    "The same first words; the middle part A differs; the same last words.\n\n",
                    "The same first words; the middle part B differs; the same last words.\n\n",
                    "Spaced  out  words  start this paragraph, which has letters enough to count.\n\n",
                    "Spaced out words start this paragraph, which has letters enough to count.\n\n",
                    "Non\u{A0}breaking space near the start, with enough letters to count here.\n\n",
                    "Non breaking space near the start, with enough letters to count here.\n\n",
                    "A tab near the end of this paragraph, with letters enough to count,\tend.\n\n",
                    "A tab near the end of this paragraph, with letters enough to count, end.\n\n",
                    "Wide words end this paragraph with enough letters: ＷＯＲＤＳ　ａｒｅ　ｗｉｄｅ\n\n",
                    "Wide words end this paragraph with enough letters: ＷＯＲＤＳ ａｒｅ ｗｉｄｅ\n\n",
                    "Ünïcödé stärts this paragraph, and it has letters enough to count: àéîõü\n\n",
                ]),
                0..16,
            ),
        ) {
            let body: String = parts.concat();
            let text = format!("---\ntitle: x\n---\n\n{body}");
            let mut d = FileDiagnostics::new(MENTOR, &text);
            let doc = crate::curriculum::document::parse(MENTOR, &text, &mut d);
            // the rule reads the paragraphs from the file: the same on a
            // document read for the checks, which keeps no paragraph text
            let checks = crate::curriculum::document::parse_for(
                MENTOR, &text, &mut d, crate::curriculum::document::Reading::Checks,
            );
            let (mut now, mut then) = (FileDiagnostics::new(MENTOR, &text), FileDiagnostics::new(MENTOR, &text));
            let mut on_checks = FileDiagnostics::new(MENTOR, &text);
            super::duplicate_paragraphs(&doc, &text, &mut now);
            super::duplicate_paragraphs(&checks, &text, &mut on_checks);
            duplicates_counting_first(&doc, &mut then);
            proptest::prop_assert_eq!(&now.found, &then.found, "{:?}", text);
            proptest::prop_assert_eq!(&on_checks.found, &then.found, "{:?}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        /// The ends of a paragraph's folding, read from its ends, are the
        /// ends of folding it whole: plain words, runs of spaces, tabs and
        /// breaks, white space and letters of two, three and four bytes.
        #[test]
        fn folded_ends_are_the_ends_of_the_folding(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "word", "a", "Ab.", " ", " ", "  ", "\t", "\n", "\r\n", "\u{A0}", "\u{3000}",
                    "\u{2028}", "é", "ＷＯ", "𝔸", "’", "-", "0123456789abcdef",
                ]),
                1..14,
            ),
        ) {
            let joined: String = parts.concat();
            let s = joined.trim();
            let folded = crate::curriculum::document::fold_space(s);
            let f = folded.as_bytes();
            let head = &f[..f.len().min(super::END)];
            let mut tail = f[f.len().saturating_sub(super::END)..].to_vec();
            tail.reverse();
            let (h, hn) = super::folded_head(s);
            let (t, tn) = super::folded_tail(s);
            proptest::prop_assert_eq!(&h[..hn], head, "{:?}", s);
            proptest::prop_assert_eq!(&t[..tn], &tail[..], "{:?}", s);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Tags found by hand are the pattern's matches, or the hand
        /// leaves the fragment to the pattern; it does so only past ASCII.
        #[test]
        fn tags_found_by_hand_are_the_patterns(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "<", ">", "</", "/", "p", "div", "img", "h2", "b_", "_", "x1", " ", "src=\"a\"",
                    "='b'", "\n", "<br/>", "</li>", "<!-- c -->", "<?x", "é", "<pé", "<p\u{a0}", "9",
                    "<<", ">>", "<a href=\"/x\">", "text",
                ]),
                0..14,
            ),
        ) {
            let html: String = parts.concat();
            match super::scan_tags(&html) {
                Some(found) => proptest::prop_assert_eq!(found, super::regex_tags(&html), "{:?}", html),
                None => proptest::prop_assert!(!html.is_ascii(), "{:?}", html),
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// The cheap look for a pattern's word never turns away a title the
        /// pattern matches, in any case, spacing or script.
        #[test]
        fn the_word_look_turns_away_no_match(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Year", "YEAR", "yeaR", "Autumn term", "spring TERM", "SUMMER", "Autumn, week",
                    "summer Week", "Training Session", "training seſſion", "TRAINING ſESSION",
                    "training seſſion 4", "Summer wee\u{212a} 2", "\u{212a}", " ", " ", " ", "\u{a0}",
                    ",", "1", "2", "12", "١", "-", "é",
                ]),
                0..6,
            ),
        ) {
            let v: String = parts.concat();
            for (re, word) in [
                (&*super::YEAR, "year"),
                (&*super::TERM_WEEK, "week"),
                (&*super::TERM, "term"),
                (&*super::SESSION, "session"),
            ] {
                proptest::prop_assert!(super::may_hold(&v, word) || !re.is_match(&v), "{:?} {}", v, word);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The lines found from each `{` and `$` are the lines a walk over
        /// every line finds, in and out of fenced, indented and inline code,
        /// with either line ending and with front matter or none.
        #[test]
        fn lines_with_a_brace_or_dollar_are_found_from_the_bytes(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "text ", "{", "}", "$", "$CTA", "{/x}", "\n", "\r\n", "\r", "\n\n", "```\n",
                    "~~~\n", "    code {x}\n", "`{x}`", "- item $y\n", "> quote {z}\n", "é", "# H\n",
                ]),
                0..30,
            ),
            front in proptest::bool::ANY,
        ) {
            let body: String = parts.concat();
            let text = if front { format!("---\ntitle: \"a\"\n---\n{body}") } else { body };
            let mut d = FileDiagnostics::new(MENTOR, &text);
            let doc = crate::curriculum::document::parse(MENTOR, &text, &mut d);
            proptest::prop_assert_eq!(
                super::lines_outside_code(&doc, &text, b'{', b'$'),
                super::lines_outside_code_by_lines(&doc, &text, |l| memchr::memchr2(b'{', b'$', l).is_some())
            );
        }
    }

    #[test]
    fn govspeak_markers_are_found_by_pattern() {
        let text = "---\ntitle: x\n---\n## A\n\n$Statistic\n42 pupils\n$EndStatistic\n\nText ($Legend) and a price of $5 and $x.\n";
        assert_eq!(
            found(MENTOR, text, "govspeak-leftover"),
            [
                "Govspeak marker `$Statistic` was not converted",
                "Govspeak marker `$EndStatistic` was not converted",
                "Govspeak marker `$Legend` was not converted"
            ]
        );
    }

    #[test]
    fn proxies_and_staging_sites_are_found_by_pattern() {
        let links = [
            (
                "https://gbr01.safelinks.protection.outlook.com/?url=a",
                true,
            ),
            (
                "https://nam12.safelinks.protection.office365.us/?url=a",
                true,
            ),
            ("https://www.example.org.mcas.ms/page", true),
            ("https://protect-au.mimecast.com/s/abc", true),
            ("https://staging2.example.org/page", true),
            ("https://resources-staging.example.org/page", true),
            ("https://example.org/safelinks-explained", false),
            ("https://www.mimecast.com/blog", false),
            ("https://backstage.example.org/", false),
        ];
        for (url, bad) in links {
            let text = format!("---\ntitle: x\n---\n## A\n\nSee [this]({url}).\n");
            let f = found(MENTOR, &text, "bad-url");
            assert_eq!(!f.is_empty(), bad, "{url}: {f:?}");
        }
    }

    #[test]
    fn links_that_run_a_script_are_reported_in_any_case_or_spacing() {
        for (url, bad) in [
            ("javascript:alert(1)", true),
            ("JavaScript:void(0)", true),
            ("java%09script:alert(1)", false),
            ("vbscript:msgbox", true),
            ("/p/javascript-basics", false),
            ("mailto:office@example.org", false),
        ] {
            let text = format!("---\ntitle: x\n---\n## A\n\nSee [this]({url}).\n");
            let f = found(MENTOR, &text, "bad-url");
            assert_eq!(!f.is_empty(), bad, "{url}: {f:?}");
        }
    }

    #[test]
    fn a_grouping_heading_and_a_timed_heading_are_not_empty() {
        let text = "---\ntitle: x\n---\n## Session\n\n### Activities\n\n#### Warm-up (5 minutes)\n\n#### Main task (20 minutes)\n\nDo it.\n\n### In the meeting\n\n### Review 5 mins\n\nLook back.\n\n### Nothing here\n\n### End\n\nBye.\n";
        assert_eq!(
            found(MENTOR, text, "empty-section"),
            ["heading `Nothing here` has nothing under it"]
        );
    }

    #[test]
    fn every_session_part_must_agree_with_its_path() {
        let tutor = "p/year-2-m/spring-training-session-4.md";
        let ok = "---\ntitle: \"Year 2: Spring term\"\nheading: Induction tutor materials\ncaption: \"Training session 4 - Feedback\"\n---\nText.\n";
        assert!(found(tutor, ok, "caption-mismatch").is_empty());
        let wrong = "---\ntitle: \"Year 1: Summer term\"\ncaption: \"Training session 5 - Feedback\"\n---\nText.\n";
        assert_eq!(
            found(tutor, wrong, "caption-mismatch"),
            [
                "`title` is `Year 1: Summer term` but the path says year 2, Spring term",
                "`caption` is `Training session 5 - Feedback` but the path says training session 4"
            ]
        );
        let ect = "p/year-1-m/autumn-week-3-ect-self-study.md";
        let page = "---\ntitle: \"Self study\"\ncaption: \"Autumn week 4\"\n---\nText.\n";
        assert_eq!(
            found(ect, page, "caption-mismatch"),
            ["`caption` is `Autumn week 4` but the path says Autumn week 3"]
        );
    }
}

/// The shapes `validate` reads by hand in links, block markers and HTML,
/// held to the patterns they stand in for, past ASCII too.
#[cfg(test)]
mod hand_pattern_tests {
    use super::*;

    proptest::proptest! {
        /// The vector-friendly look at a paragraph's end says what a byte
        /// by byte look says: printable ASCII, no two spaces together.
        #[test]
        fn plain_ends_are_told_as_byte_by_byte(
            w in proptest::collection::vec(proptest::sample::select(vec![b'a', b' ', b'\t', 0x7F, 0x1F, 0xC3, b'~']), 0..40),
        ) {
            let by_byte = w.iter().enumerate().all(|(i, &x)| {
                (0x20..0x7F).contains(&x) && !(x == b' ' && w.get(i + 1) == Some(&b' '))
            });
            proptest::prop_assert_eq!(plain(&w), by_byte);
        }
    }
    use proptest::strategy::Strategy as _;

    /// Text joined from `pieces`, up to `n` of them.
    fn joined(
        pieces: Vec<&'static str>,
        n: usize,
    ) -> impl proptest::strategy::Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(pieces), 0..n)
            .prop_map(|parts| parts.concat())
    }

    /// Links with and without spaces in their addresses, titles, line
    /// breaks, white space of two and three bytes, and near misses.
    fn link_text() -> impl proptest::strategy::Strategy<Value = String> {
        let pick = |v: Vec<&'static str>| proptest::sample::select(v);
        // one link-shaped run, each place filled from its choices
        let link = (
            pick(vec!["](", "](", "](", "]", "("]),
            pick(vec!["https://", "http://", "htt", "http:/", "ftp://"]),
            pick(vec!["e.org/a", "", "é/x", "a)b"]),
            pick(vec![
                " ", "\t", "\n", "\u{A0}", "\u{3000}", "\u{2028}", "", ")",
            ]),
            pick(vec!["b", "\"t\"", "'t'", "", "x\ny", "é"]),
            pick(vec![")", ")", "", " )"]),
        )
            .prop_map(|(a, b, c, d, e, f)| [a, b, c, d, e, f].concat());
        let loose = joined(
            vec![
                "](", "](", "]", "(", ")", "http://", "https://", "htt", "http:/", "ftp://",
                "e.org/a", "x", " ", " ", "\t", "\n", "\u{A0}", "\u{3000}", "\u{2028}", "é", "’",
                "\"t\"", "'t'", "[", "a b",
            ],
            4,
        );
        proptest::collection::vec(proptest::prop_oneof![link, loose], 0..5)
            .prop_map(|parts| parts.concat())
    }

    /// Block markers in every case, with names of every allowed byte,
    /// and near misses (`{ x}`, `{x`, `{é}`).
    fn marker_text() -> impl proptest::strategy::Strategy<Value = String> {
        joined(
            vec![
                "{", "{", "}", "}", "/", "details", "Ab", "z", "9", "_", "-", " ", "é", "{/", "x}",
                "{}",
            ],
            12,
        )
    }

    /// Attributes of a tag around `src`: the name in any case, with `ſ`,
    /// inside words of both kinds (a letter, a combining mark, a figure
    /// past ASCII; `½` and `→`, which end a word), and every kind of space.
    fn attribute_text() -> impl proptest::strategy::Strategy<Value = String> {
        joined(
            vec![
                "src", "SRC", "Src", "ſrc", "ſRC", "sr", "rc", "=", "=", " ", "\t", "\n", "\u{A0}",
                "\u{2003}", "\u{85}", "x", "_", "é", "\u{301}", "٣", "½", "→", "\"a\"", "-",
            ],
            8,
        )
    }

    /// What follows a `<` in text: tag names, closing slashes, spaces of
    /// every width, the characters that make a `<` no tag, and `<` or `>`
    /// later on.
    fn after_lt() -> impl proptest::strategy::Strategy<Value = String> {
        joined(
            vec![
                "/", "a", "B", "br", "h1", "1", " ", "\t", "\u{A0}", "\u{3000}", "!", "=", "<",
                ">", "?", "é", "x", "\n", "\"", "-", "'",
            ],
            7,
        )
        .prop_map(|rest| format!("<{rest}"))
    }

    fn spaced_by_pattern(s: &str) -> Vec<Range<usize>> {
        SPACED.find_iter(s).map(|m| m.range()).collect()
    }

    fn blocks_by_pattern(s: &str) -> Vec<BlockToken> {
        BLOCK_TOKEN
            .captures_iter(s)
            .map(|c| BlockToken {
                span: c.get(0).expect("match").range(),
                closing: !c[1].is_empty(),
                name: c.get(2).expect("name").range(),
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        #[test]
        fn spaced_links_are_found_as_the_pattern_finds_them(s in link_text()) {
            proptest::prop_assert_eq!(spaced_links(&s), spaced_by_pattern(&s), "{:?}", s);
        }

        #[test]
        fn block_markers_are_found_as_the_pattern_finds_them(s in marker_text()) {
            proptest::prop_assert_eq!(block_tokens(&s), blocks_by_pattern(&s), "{:?}", s);
        }

        #[test]
        fn src_is_found_as_the_pattern_finds_it(s in attribute_text()) {
            proptest::prop_assert_eq!(has_src(&s), ATTR_SRC.is_match(&s), "{:?}", s);
        }

        #[test]
        fn lone_and_truncated_angles_are_read_as_the_patterns_read_them(s in after_lt()) {
            proptest::prop_assert_eq!(lone_lt(&s), LONE_LT.is_match(&s), "{:?}", s);
            // a truncated tag is the whole of what follows its `<`
            proptest::prop_assert_eq!(
                truncated_tag(&s).then_some(s.len()),
                TRUNCATED.find(&s).map(|m| m.end()),
                "{:?}", s
            );
        }
    }

    /// How often each generator's text matches its pattern, and how often
    /// past ASCII: every reader meets matches and misses of every kind.
    #[test]
    fn generated_text_reaches_every_pattern() {
        use proptest::strategy::ValueTree as _;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut count = |made: &dyn Fn(&mut proptest::test_runner::TestRunner) -> String,
                         hit: &dyn Fn(&str) -> bool| {
            let (mut all, mut wide) = (0, 0);
            for _ in 0..20000 {
                let s = made(&mut runner);
                if hit(&s) {
                    all += 1;
                    wide += usize::from(!s.is_ascii());
                }
            }
            (all, wide)
        };
        let spaced = count(
            &|r| link_text().new_tree(r).expect("text").current(),
            &|s| SPACED.find_iter(s).count() >= 1,
        );
        let two_spaced = count(
            &|r| link_text().new_tree(r).expect("text").current(),
            &|s| SPACED.find_iter(s).count() >= 2,
        );
        let blocks = count(
            &|r| marker_text().new_tree(r).expect("text").current(),
            &|s| BLOCK_TOKEN.find_iter(s).count() >= 2,
        );
        let src = count(
            &|r| attribute_text().new_tree(r).expect("text").current(),
            &|s| ATTR_SRC.is_match(s),
        );
        let src_after_mark = count(
            &|r| attribute_text().new_tree(r).expect("text").current(),
            &|s| s.contains("\u{301}src") && !ATTR_SRC.is_match(s),
        );
        let lone = count(&|r| after_lt().new_tree(r).expect("text").current(), &|s| {
            LONE_LT.is_match(s)
        });
        let truncated = count(&|r| after_lt().new_tree(r).expect("text").current(), &|s| {
            TRUNCATED.is_match(s) && s.len() > 4
        });
        for (name, (all, wide)) in [
            ("spaced", spaced),
            ("two spaced", two_spaced),
            ("blocks", blocks),
            ("src", src),
            ("src after a mark", src_after_mark),
            ("lone", lone),
            ("truncated", truncated),
        ] {
            assert!(
                all >= 50 && wide >= 10,
                "{name}: {all} matches, {wide} past ASCII"
            );
        }
    }

    #[test]
    fn shapes_past_ascii_are_read_as_the_patterns_read_them() {
        let link = "see ](https://e.org/a\u{3000}b) and ](http://x)";
        let found: Vec<&str> = spaced_links(link).into_iter().map(|r| &link[r]).collect();
        assert_eq!(found, ["](https://e.org/a\u{3000}b)"]);
        assert!(has_src(" ſRC\u{A0}= \"a\""));
        assert!(!has_src(" é\u{301}src=\"a\""));
        assert!(has_src(" ½src=\"a\""));
        assert!(truncated_tag("<a\u{3000}href=\"x\""));
        assert!(!truncated_tag("<a href=\"x\">"));
        assert!(lone_lt("<é"));
        assert!(!lone_lt("<\u{A0}5"));
        let line = "{Details} {/details";
        assert_eq!(block_tokens(line), blocks_by_pattern(line));
    }
}
