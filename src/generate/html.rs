//! A printable page of agendas and action plans: one standalone HTML file
//! (inline CSS, nothing fetched, no script) with A4 print styles, each file
//! one `<article>` starting on a new page, its front matter shown as a small
//! table and its task lists as boxes that print.
//!
//! Everything taken from the files is escaped: raw HTML a person typed is
//! shown as text, pictures are replaced by their description, and links
//! other than `http(s):`, `mailto:` and relative ones lose their address.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::fmt::Write;

/// One agenda or action plan, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintDoc {
    /// Where it came from (shown in small print above its table).
    pub source: String,
    /// The text of its first `#` heading, if any.
    pub title: Option<String>,
    /// Its front matter, in the file's order, without `checksum`.
    pub fields: Vec<Field>,
    /// The body rendered to (escaped) HTML.
    pub body: String,
}

/// One front matter key, as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// `Next meeting` for `next_meeting`.
    pub label: String,
    /// One value, or one per line for a list.
    pub values: Vec<String>,
}

/// Why a file cannot be printed as an agenda or plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPrintable {
    /// The file does not start with a `---` line.
    NoFrontMatter,
    /// The opening `---` is never closed.
    Unterminated,
    /// The front matter is not valid YAML.
    Yaml { line: usize, message: String },
    /// The front matter is a list or a single value, not `key: value` lines.
    NotMapping,
}

impl std::fmt::Display for NotPrintable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotPrintable::NoFrontMatter => write!(
                f,
                "no front matter (a first line `---`): not an agenda or action plan written by `ect`"
            ),
            NotPrintable::Unterminated => write!(
                f,
                "the front matter's opening `---` is never closed: add a `---` line after it"
            ),
            NotPrintable::Yaml { line, message } => {
                write!(
                    f,
                    "line {line}: the front matter is not valid YAML: {message}"
                )
            }
            NotPrintable::NotMapping => write!(
                f,
                "the front matter is not `key: value` lines: not an agenda or action plan"
            ),
        }
    }
}

/// Reads an agenda or action plan: `source` names it, `text` is its content.
/// Its relative links stay as written (see [`document_from`]).
pub fn document(source: &str, text: &str) -> Result<PrintDoc, NotPrintable> {
    document_from(source, text, &|_| None)
}

/// As [`document`], with each relative link (a session file, a handout)
/// given to `rebase`, which may return it as seen from where the page is
/// written, so that it still opens from the printed page.
pub fn document_from(
    source: &str,
    text: &str,
    rebase: &dyn Fn(&str) -> Option<String>,
) -> Result<PrintDoc, NotPrintable> {
    let split = crate::front_matter::split(text).map_err(|e| match e {
        crate::front_matter::SplitError::Missing => NotPrintable::NoFrontMatter,
        crate::front_matter::SplitError::Unterminated(_) => NotPrintable::Unterminated,
    })?;
    let yaml = crate::front_matter::parse_yaml(&split).map_err(|e| NotPrintable::Yaml {
        line: text[..e.offset.min(text.len())].matches('\n').count() + 1,
        message: e.message,
    })?;
    let fields = match yaml {
        serde_yaml::Value::Mapping(m) => m
            .iter()
            .filter_map(|(k, v)| {
                let key = scalar(k)?;
                if key == "checksum" {
                    return None;
                }
                let values = values(v);
                (!values.is_empty()).then(|| Field {
                    label: label(&key),
                    values,
                })
            })
            .collect(),
        serde_yaml::Value::Null => Vec::new(),
        _ => return Err(NotPrintable::NotMapping),
    };
    let (body, title) = body_html(&text[split.body_start..], rebase);
    Ok(PrintDoc {
        source: source.to_string(),
        title,
        fields,
        body,
    })
}

/// The standalone page holding `docs` in order.
pub fn page(docs: &[PrintDoc]) -> String {
    let title = match docs {
        [one] => one.title.clone().unwrap_or_else(|| one.source.clone()),
        _ => format!("{} agendas and plans", docs.len()),
    };
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"generator\" content=\"ect\">\n");
    // nothing may be fetched or run, whatever the files hold
    s.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(s, "<title>{}</title>", escape(&title));
    let _ = writeln!(s, "<style>\n{CSS}</style>\n</head>\n<body>");
    for doc in docs {
        s.push_str("<article>\n");
        header(&mut s, doc);
        s.push_str(&doc.body);
        s.push_str("</article>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// `<`, `>`, `&` and quotes as character references.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The front matter as a small table, two short fields to a row; a list or
/// a long value takes a row of its own.
fn header(s: &mut String, doc: &PrintDoc) {
    s.push_str("<table class=\"front-matter\">\n");
    let _ = writeln!(s, "<caption>{}</caption>", escape(&doc.source));
    let cell = |f: &Field| {
        let values: Vec<String> = f.values.iter().map(|v| escape(v)).collect();
        (escape(&f.label), values.join("<br>"))
    };
    let mut pending: Option<&Field> = None;
    for field in &doc.fields {
        let wide = field.values.len() > 1 || field.values.iter().any(|v| v.chars().count() > 36);
        if wide {
            if let Some(p) = pending.take() {
                let (l, v) = cell(p);
                let _ = writeln!(
                    s,
                    "<tr><th scope=\"row\">{l}</th><td colspan=\"3\">{v}</td></tr>"
                );
            }
            let (l, v) = cell(field);
            let _ = writeln!(
                s,
                "<tr><th scope=\"row\">{l}</th><td colspan=\"3\">{v}</td></tr>"
            );
        } else if let Some(p) = pending.take() {
            let ((l1, v1), (l2, v2)) = (cell(p), cell(field));
            let _ = writeln!(
                s,
                "<tr><th scope=\"row\">{l1}</th><td>{v1}</td><th scope=\"row\">{l2}</th><td>{v2}</td></tr>"
            );
        } else {
            pending = Some(field);
        }
    }
    if let Some(p) = pending {
        let (l, v) = cell(p);
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{l}</th><td colspan=\"3\">{v}</td></tr>"
        );
    }
    s.push_str("</table>\n");
}

/// `next_meeting` → `Next meeting`; `ect` → `ECT`.
fn label(key: &str) -> String {
    let words: Vec<String> = key
        .split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.eq_ignore_ascii_case("ect") {
                "ECT".to_string()
            } else {
                w.to_string()
            }
        })
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => key.to_string(),
    }
}

/// A YAML scalar as text; dates as a person writes them.
fn scalar(v: &serde_yaml::Value) -> Option<String> {
    use serde_yaml::Value;
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .filter(|_| s.len() == 10)
                .map_or_else(|| s.clone(), super::long_date),
        ),
        Value::Tagged(t) => scalar(&t.value),
        Value::Sequence(items) => {
            let all: Vec<String> = items.iter().filter_map(scalar).collect();
            (!all.is_empty()).then(|| all.join(", "))
        }
        Value::Mapping(m) => {
            let all: Vec<String> = m
                .iter()
                .filter_map(|(k, v)| Some(format!("{}: {}", scalar(k)?, scalar(v)?)))
                .collect();
            (!all.is_empty()).then(|| all.join("; "))
        }
    }
}

/// A front matter value: a list gives one line per item.
fn values(v: &serde_yaml::Value) -> Vec<String> {
    match v {
        serde_yaml::Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
        serde_yaml::Value::Tagged(t) => values(&t.value),
        other => scalar(other).into_iter().collect(),
    }
}

/// Whether a link's address may stay: web and mail addresses, and relative
/// ones (a page or `#anchor`); `javascript:`, `data:`, `file:` and other
/// schemes may not.
fn safe_link(dest: &str) -> bool {
    let d = dest.trim_start().to_ascii_lowercase();
    if d.starts_with("http://") || d.starts_with("https://") || d.starts_with("mailto:") {
        return true;
    }
    // no scheme: a `:` only after the first `/`, `?` or `#`
    match d.find(':') {
        None => true,
        Some(colon) => d.find(['/', '?', '#']).is_some_and(|cut| cut < colon),
    }
}

/// A link to a file beside the document: no scheme, not site-absolute, not
/// an anchor in the page.
fn is_relative(dest: &str) -> bool {
    let d = dest.trim();
    !d.is_empty()
        && !d.starts_with(['/', '#', '?'])
        && !d.contains("://")
        && safe_link(d)
        && !d.starts_with("mailto:")
}

/// `link` (relative to the folder `from`, both as the file system names
/// them) as seen from the folder `to`: `../../curriculum/x.md` written in
/// `repo/plans/p/agendas` reads `../curriculum/x.md` from `repo/print`.
/// The link's own escaping (`%20`) and its `#anchor` are kept; `None` when
/// it climbs above the root.
pub fn rebase_link(link: &str, from: &std::path::Path, to: &std::path::Path) -> Option<String> {
    use std::path::Component;
    let cut = link.find(['#', '?']).unwrap_or(link.len());
    let (path, rest) = link.split_at(cut);
    let names = |p: &std::path::Path| -> Vec<String> {
        p.components()
            .filter_map(|c| match c {
                Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    // where the link leads: `from`, less a folder per `..`, then the rest
    let mut dir = names(from);
    let mut tail: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." if tail.is_empty() => {
                dir.pop()?;
            }
            ".." => {
                tail.pop();
            }
            seg => tail.push(seg),
        }
    }
    let to = names(to);
    let common = dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<String> = vec!["..".to_string(); to.len() - common];
    out.extend(
        dir[common..]
            .iter()
            .map(|n| crate::generate::session::link_escape(n)),
    );
    out.extend(tail.iter().map(|t| (*t).to_string()));
    Some(format!("{}{rest}", out.join("/")))
}

const OPEN_BOX: &str = "<span class=\"task\" role=\"img\" aria-label=\"not done\"></span>";
const DONE_BOX: &str = "<span class=\"task done\" role=\"img\" aria-label=\"done\"></span>";

/// Ruled lines to write on by hand: under an activity's `Notes:` and at
/// the end of the `Notes` and `Actions agreed` sections of an agenda.
fn ruled(lines: usize) -> String {
    format!(
        "<div class=\"write\" aria-hidden=\"true\">{}</div>\n",
        "<span></span>".repeat(lines)
    )
}

/// Lines under each activity's `Notes:`.
const ACTIVITY_LINES: usize = 2;
/// Lines at the end of `## Notes`.
const NOTES_LINES: usize = 4;
/// Lines at the end of `## Actions agreed`.
const ACTIONS_LINES: usize = 3;

/// How many ruled lines the section headed `heading` ends with, if any.
fn section_lines(heading: &str) -> Option<usize> {
    match heading.trim().to_ascii_lowercase().as_str() {
        "notes" => Some(NOTES_LINES),
        "actions agreed" | "actions" => Some(ACTIONS_LINES),
        _ => None,
    }
}

/// `## Notes` directly followed by `## Actions agreed` (as an agenda ends)
/// print side by side, in two columns, so the page keeps room to write.
fn side_by_side(events: &mut Vec<Event<'_>>, h2s: &[(usize, String)]) {
    let Some(i) = h2s
        .iter()
        .position(|(_, t)| section_lines(t) == Some(NOTES_LINES))
    else {
        return;
    };
    let Some((actions, text)) = h2s.get(i + 1) else {
        return;
    };
    if section_lines(text) != Some(ACTIONS_LINES) {
        return;
    }
    let end = h2s.get(i + 2).map_or(events.len(), |(at, _)| *at);
    let (notes, actions) = (h2s[i].0, *actions);
    events.insert(end, Event::Html("</div></div>\n".into()));
    events.insert(actions, Event::Html("</div><div>\n".into()));
    events.insert(notes, Event::Html("<div class=\"closing\"><div>\n".into()));
}

/// The body as HTML, and the text of its first `#` heading.
fn body_html(markdown: &str, rebase: &dyn Fn(&str) -> Option<String>) -> (String, Option<String>) {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    let mut body = Body {
        rebase,
        events: Vec::new(),
        title: None,
        in_title: false,
        title_text: String::new(),
        dropped_link: false,
        picture: None,
        picture_depth: 0,
        owed: None,
        heading: None,
        paragraph: None,
        h2s: Vec::new(),
    };
    for event in Parser::new_ext(markdown, options) {
        if body.lines_for(&event) {
            // right under it, after the paragraph closes
            body.events.push(event);
            body.events.push(Event::Html(ruled(ACTIVITY_LINES).into()));
            continue;
        }
        if body.in_title
            && let Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) = &event
        {
            body.title_text.push_str(t);
        }
        body.push(event);
    }
    body.finish()
}

/// The body being turned into HTML events, one Markdown event at a time.
struct Body<'m, 'r> {
    /// Rewrites a relative link's target.
    rebase: &'r dyn Fn(&str) -> Option<String>,
    events: Vec<Event<'m>>,
    title: Option<String>,
    in_title: bool,
    title_text: String,
    /// Inside a link that was left out (not safe): its end is left out too.
    dropped_link: bool,
    /// Where the current picture's replacement starts, and how deep we are.
    picture: Option<usize>,
    picture_depth: usize,
    /// Ruled lines owed at the end of the current section.
    owed: Option<usize>,
    /// The text of the heading being read, and of the paragraph being read.
    heading: Option<String>,
    paragraph: Option<String>,
    /// Where each `##` heading starts among `events`, and its text.
    h2s: Vec<(usize, String)>,
}

impl<'m> Body<'m, '_> {
    /// Notes what `event` means for the ruled lines to write in: the lines
    /// owed at a section's end, the `##` headings. True when `event` ends a
    /// `Notes:` paragraph, which lines follow at once.
    fn lines_for(&mut self, event: &Event<'m>) -> bool {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if let Some(n) = self.owed.take() {
                    self.events.push(Event::Html(ruled(n).into()));
                }
                if *level == HeadingLevel::H2 {
                    self.h2s.push((self.events.len(), String::new()));
                }
                self.heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(text) = self.heading.take()
                    && *level == HeadingLevel::H2
                {
                    self.owed = section_lines(&text);
                    if let Some(last) = self.h2s.last_mut() {
                        last.1 = text;
                    }
                }
            }
            Event::Start(Tag::Paragraph) => self.paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) => {
                return self
                    .paragraph
                    .take()
                    .is_some_and(|p| p.trim().eq_ignore_ascii_case("notes:"));
            }
            Event::Text(t) | Event::Code(t) => {
                for open in [&mut self.heading, &mut self.paragraph]
                    .into_iter()
                    .flatten()
                {
                    open.push_str(t);
                }
            }
            _ => {}
        }
        false
    }

    /// Adds `event` as it is printed: raw HTML as text, tick boxes drawn,
    /// pictures as their description, unsafe links left out, relative ones
    /// rebased.
    fn push(&mut self, event: Event<'m>) {
        let events = &mut self.events;
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Start(Tag::HtmlBlock) => events.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => events.push(Event::End(TagEnd::Paragraph)),
            Event::TaskListMarker(done) => {
                events.push(Event::InlineHtml(
                    if done { DONE_BOX } else { OPEN_BOX }.into(),
                ));
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if self.title.is_none() && !self.in_title => {
                self.in_title = true;
                events.push(event);
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if self.in_title => {
                self.in_title = false;
                self.title = Some(self.title_text.trim().to_string());
                events.push(event);
            }
            Event::Start(Tag::Image { .. }) => {
                self.picture_depth += 1;
                if self.picture_depth == 1 {
                    events.push(Event::InlineHtml("<span class=\"picture\">".into()));
                    self.picture = Some(events.len());
                    events.push(Event::Text("[picture: ".into()));
                }
            }
            Event::End(TagEnd::Image) => {
                self.picture_depth = self.picture_depth.saturating_sub(1);
                if self.picture_depth == 0 {
                    if let Some(start) = self.picture.take()
                        && events.len() == start + 1
                    {
                        events[start] = Event::Text("[picture".into());
                    }
                    events.push(Event::Text("]".into()));
                    events.push(Event::InlineHtml("</span>".into()));
                }
            }
            Event::Start(Tag::Link { ref dest_url, .. }) if !safe_link(dest_url) => {
                self.dropped_link = true;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if is_relative(&dest_url) => {
                let dest_url = (self.rebase)(&dest_url).map_or(dest_url, Into::into);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) if self.dropped_link => self.dropped_link = false,
            other => events.push(other),
        }
    }

    /// The HTML, with the lines still owed and the closing sections side by
    /// side, and the title.
    fn finish(mut self) -> (String, Option<String>) {
        if let Some(n) = self.owed {
            self.events.push(Event::Html(ruled(n).into()));
        }
        side_by_side(&mut self.events, &self.h2s);
        if self.in_title {
            self.title = Some(self.title_text.trim().to_string());
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        (html, self.title.filter(|t| !t.is_empty()))
    }
}

/// Print first: A4, a new page per file, boxes drawn with borders (no fonts
/// or pictures needed), black on white.
const CSS: &str = r#"@page { size: A4; margin: 10mm 13mm 10mm; }
html { color: #000; background: #fff; font-family: "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 9pt; line-height: 1.28; }
body { max-width: 182mm; margin: 0 auto; padding: 10mm 4mm; }
article + article { break-before: page; page-break-before: always; }
h1 { font-size: 12pt; line-height: 1.2; margin: 0 0 1.5mm; }
h2 { font-size: 10.5pt; margin: 2.2mm 0 0.8mm; padding-bottom: 0.5mm; border-bottom: 0.6pt solid #777; }
h3 { font-size: 9pt; margin: 1.5mm 0 0.3mm; }
h4, h5, h6 { font-size: 9pt; margin: 2mm 0 0.5mm; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 1mm; }
ul, ol { margin: 0 0 1.5mm; padding-left: 7mm; }
li, tr, blockquote, pre { break-inside: avoid; page-break-inside: avoid; }
li { margin: 0.1mm 0; }
li:has(> .task), li:has(> p:first-child > .task) { list-style: none; }
.task { display: inline-block; box-sizing: border-box; position: relative; width: 3.4mm; height: 3.4mm; margin: 0 2mm 0 -5.4mm; vertical-align: -0.5mm; border: 0.9pt solid #000; border-radius: 0.5mm; background: #fff; }
.task.done::after { content: ""; position: absolute; left: 0.9mm; top: -0.1mm; width: 1mm; height: 2.1mm; border: solid #000; border-width: 0 1.3pt 1.3pt 0; transform: rotate(45deg); }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace; font-size: 0.88em; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; border-left: 0.6pt solid #999; padding-left: 3mm; }
blockquote { margin: 0 0 2.5mm; padding-left: 3mm; border-left: 1.5pt solid #999; }
table { border-collapse: collapse; margin: 0 0 3mm; }
th, td { text-align: left; vertical-align: top; border: 0.5pt solid #999; padding: 0.8mm 2mm; }
table.front-matter { font-size: 7.5pt; line-height: 1.15; margin: 0 0 2mm; width: 100%; break-inside: avoid; page-break-inside: avoid; }
table.front-matter caption { caption-side: top; text-align: left; color: #555; padding-bottom: 0.8mm; overflow-wrap: anywhere; }
table.front-matter th { width: 22mm; white-space: nowrap; font-weight: 600; border: none; border-top: 0.4pt solid #ccc; padding: 0.2mm 3mm 0.2mm 0; }
table.front-matter td { border: none; border-top: 0.4pt solid #ccc; padding: 0.2mm 0; overflow-wrap: anywhere; }
.picture { color: #555; font-style: italic; }
.closing { display: grid; grid-template-columns: 1fr 1fr; gap: 0 6mm; break-inside: avoid; page-break-inside: avoid; }
p:has(+ .write) { float: left; margin: 1.6mm 2mm 0 0; }
.write { clear: none; margin: 0 0 1mm; break-inside: avoid; page-break-inside: avoid; }
.write span { display: block; height: 5.6mm; border-bottom: 0.5pt solid #888; }
a { color: inherit; }
@media screen { article + article { margin-top: 12mm; padding-top: 10mm; border-top: 1px dashed #999; } }
@media print { body { max-width: none; margin: 0; padding: 0; } a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; overflow-wrap: anywhere; } }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    const AGENDA: &str = "---\npair: jo-alex\nmentor: \"Jo Smith\"\nect: \"Alex Lee\"\ndate: 2026-11-24\nsessions:\n  - curriculum/a.md\n  - curriculum/b.md\nnext_meeting: null\nchecksum: 0123456789abcdef\n---\n\n# Mentor meeting: Jo Smith and Alex Lee\n\n## Actions agreed\n\n- [ ] Teach the routine\n- [x] Read the policy\n";

    /// Every tag in `html` (all text `<` are escaped, so each `<` starts one).
    fn tags(html: &str) -> Vec<&str> {
        html.split('<')
            .skip(1)
            .map(|rest| &rest[..rest.find('>').expect("a tag closes")])
            .collect()
    }

    /// The tags and attributes `ect` itself writes: nothing else may appear.
    fn assert_only_our_markup(html: &str) {
        const TAGS: &[&str] = &[
            "!DOCTYPE",
            "html",
            "head",
            "meta",
            "title",
            "style",
            "body",
            "article",
            "table",
            "caption",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "h1",
            "h2",
            "h3",
            "h4",
            "p",
            "ul",
            "ol",
            "li",
            "span",
            "a",
            "code",
            "pre",
            "em",
            "strong",
            "del",
            "blockquote",
            "hr",
            "br",
            "div",
        ];
        const ATTRIBUTES: &[&str] = &[
            "lang",
            "charset",
            "name",
            "content",
            "http-equiv",
            "class",
            "role",
            "aria-label",
            "scope",
            "href",
            "title",
            "start",
            "html",
            "colspan",
            "aria-hidden",
        ];
        for tag in tags(html) {
            let tag = tag.trim_start_matches('/');
            let mut words = tag.split_whitespace();
            let name = words.next().unwrap_or("");
            assert!(TAGS.contains(&name), "tag `{tag}`");
            for attr in tag[name.len()..].split('"').step_by(2) {
                let attr = attr.trim().trim_end_matches('=').trim_end_matches('/');
                if !attr.is_empty() {
                    assert!(ATTRIBUTES.contains(&attr), "attribute `{attr}` in `{tag}`");
                }
            }
        }
    }

    #[test]
    fn links_are_rebased_to_where_the_page_is() {
        use std::path::Path;
        let from = Path::new("/s/repo/plans/jo/agendas");
        assert_eq!(
            rebase_link(
                "../../../curriculum/p/m/w1.md#plan",
                from,
                Path::new("/s/repo/print")
            )
            .as_deref(),
            Some("../curriculum/p/m/w1.md#plan")
        );
        assert_eq!(
            rebase_link(
                "../../../curriculum/a/Hand%20out.pdf",
                from,
                Path::new("/elsewhere/desk")
            )
            .as_deref(),
            Some("../../s/repo/curriculum/a/Hand%20out.pdf")
        );
        assert_eq!(
            rebase_link("2026-11-17.md", from, from).as_deref(),
            Some("2026-11-17.md")
        );
        assert_eq!(rebase_link("../../../../../../x", from, from), None);
        let doc = document_from(
            "a.md",
            "---\npair: x\n---\n\nSee [the session](../s.md) and [a site](https://example.org/).\n",
            &|l| Some(format!("moved/{l}")),
        )
        .unwrap();
        assert!(doc.body.contains("href=\"moved/../s.md\""), "{}", doc.body);
        assert!(
            doc.body.contains("href=\"https://example.org/\""),
            "{}",
            doc.body
        );
    }

    #[test]
    fn ruled_space_to_write_under_activities_notes_and_actions() {
        let agenda = "---\npair: a-b\n---\n\n# Mentor meeting\n\n## Activities\n\n### 1. Review (5 minutes)\n\nNotes:\n\n### 2. Plan (10 minutes)\n\nnotes:\n\nTom typed this.\n\nTotal: 15 minutes.\n\n## Next steps\n\nNext meeting: soon.\n\n## Notes\n\nWrite notes from the meeting here.\n\n## Actions agreed\n\n- [ ] (an action)\n";
        let html = one(agenda);
        assert_only_our_markup(&html);
        let lines = |n: usize| {
            format!(
                "<div class=\"write\" aria-hidden=\"true\">{}</div>",
                "<span></span>".repeat(n)
            )
        };
        // right under each activity's `Notes:`, before what was typed
        assert_eq!(
            html.matches(&format!("<p>Notes:</p>\n{}", lines(ACTIVITY_LINES)))
                .count(),
            1,
            "{html}"
        );
        assert!(
            html.contains(&format!(
                "<p>notes:</p>\n{}\n<p>Tom typed this.</p>",
                lines(ACTIVITY_LINES)
            )),
            "{html}"
        );
        // at the end of Notes and of Actions agreed, side by side
        let closing = html
            .split("<div class=\"closing\"><div>\n")
            .nth(1)
            .expect("two columns");
        let (notes, actions) = closing.split_once("</div><div>\n").unwrap();
        assert!(notes.starts_with("<h2>Notes</h2>"), "{notes}");
        assert!(
            notes.ends_with(&format!("{}\n", lines(NOTES_LINES))),
            "{notes}"
        );
        assert!(actions.starts_with("<h2>Actions agreed</h2>"), "{actions}");
        assert!(
            actions.contains(&format!("</ul>\n{}\n</div></div>", lines(ACTIONS_LINES))),
            "{actions}"
        );
        // nowhere else
        assert_eq!(html.matches("class=\"write\"").count(), 4, "{html}");
        // a plan or a file without those sections gets none
        let plan = one("---\npair: a-b\n---\n\n# Action plan\n\n## Target\n\nNotes on it.\n");
        assert!(
            !plan.contains("class=\"write\"") && !plan.contains("class=\"closing\""),
            "{plan}"
        );
        // Notes alone is not put in columns
        let alone =
            one("---\npair: a-b\n---\n\n# Agenda\n\n## Notes\n\nSome.\n\n## Coaching\n\nMore.\n");
        assert!(!alone.contains("class=\"closing\""), "{alone}");
        assert!(
            alone.contains(&format!(
                "<p>Some.</p>\n{}\n<h2>Coaching</h2>",
                lines(NOTES_LINES)
            )),
            "{alone}"
        );
    }

    fn one(text: &str) -> String {
        page(&[document("plans/jo-alex/agendas/2026-11-24.md", text).unwrap()])
    }

    #[test]
    fn front_matter_is_a_table_without_the_checksum() {
        let doc = document("a.md", AGENDA).unwrap();
        let labels: Vec<&str> = doc.fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["Pair", "Mentor", "ECT", "Date", "Sessions"]);
        assert_eq!(doc.fields[3].values, ["Tuesday 24 November 2026"]);
        assert_eq!(doc.fields[4].values, ["curriculum/a.md", "curriculum/b.md"]);
        assert_eq!(
            doc.title.as_deref(),
            Some("Mentor meeting: Jo Smith and Alex Lee")
        );
        let html = one(AGENDA);
        assert!(html.contains(
            "<tr><th scope=\"row\">Pair</th><td>jo-alex</td><th scope=\"row\">Mentor</th><td>Jo Smith</td></tr>"
        ), "{html}");
        assert!(html.contains(
            "<tr><th scope=\"row\">Sessions</th><td colspan=\"3\">curriculum/a.md<br>curriculum/b.md</td></tr>"
        ));
        assert!(!html.contains("checksum"), "{html}");
        assert!(!html.contains("0123456789abcdef"));
        assert!(!html.contains("pair: jo-alex"), "raw YAML shown");
        assert!(html.contains("<title>Mentor meeting: Jo Smith and Alex Lee</title>"));
    }

    #[test]
    fn task_lists_are_boxes_that_print() {
        let html = one(AGENDA);
        assert!(
            html.contains(&format!("<li>{OPEN_BOX}Teach the routine</li>")),
            "{html}"
        );
        assert!(html.contains(&format!("<li>{DONE_BOX}Read the policy</li>")));
        assert!(!html.contains("<input"), "no form controls");
        assert!(html.contains(".task.done::after"));
        // loose lists put the box inside a paragraph
        let loose = one("---\na: 1\n---\n- [ ] one\n\n- [x] two\n");
        assert!(
            loose.contains(&format!("<li>\n<p>{OPEN_BOX}one</p>")),
            "{loose}"
        );
    }

    #[test]
    fn everything_from_the_file_is_escaped() {
        let text = "---\nmentor: \"<b>Jo</b> & co\"\n\"<i>key</i>\": x\n---\n\n# <script>alert(1)</script> title\n\nText with <img src=x onerror=alert(1)> inline.\n\n<div onclick=\"x()\">\nblock\n</div>\n\n<!-- a comment -->\n\n`<code>` and [a](javascript:alert(1)) and [b](https://example.org/?a=\"b\")\n";
        let html = one(text);
        let body = html.split("<body>").nth(1).unwrap();
        for bad in [
            "<script",
            "<img",
            "<div",
            "<b>",
            "<i>",
            "<!--",
            "<code><code>",
            "javascript:",
        ] {
            assert!(!body.contains(bad), "`{bad}` passed through:\n{body}");
        }
        assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt; title"));
        assert!(body.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(body.contains("<p>&lt;div onclick=\"x()\"&gt;"), "{body}");
        assert!(body.contains("&lt;!-- a comment --&gt;"));
        assert!(
            body.contains("<td>&lt;b&gt;Jo&lt;/b&gt; &amp; co</td>"),
            "{body}"
        );
        assert!(body.contains("<th scope=\"row\">&lt;i&gt;key&lt;/i&gt;</th>"));
        assert!(
            body.contains("and a and"),
            "unsafe link kept as text: {body}"
        );
        assert!(body.contains("<a href=\"https://example.org/?a=%22b%22\">b</a>"));
        assert!(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; title</title>"));
        assert_only_our_markup(&html);
    }

    #[test]
    fn nothing_is_fetched() {
        let text = "---\na: 1\n---\n![a pupil's work](https://example.org/work.png)\n![](http://x/y.png)\n<img src=\"http://x/z.png\">\n";
        let html = one(text);
        assert!(html.contains("[picture: a pupil's work]"), "{html}");
        assert!(html.contains("[picture]"));
        assert!(
            html.contains("&lt;img src=\"http://x/z.png\"&gt;"),
            "shown as text"
        );
        for tag in tags(&html) {
            assert!(!tag.contains("src="), "`{tag}`");
            assert!(
                !tag.contains("http:") && !tag.contains("https:"),
                "an address in `{tag}`"
            );
        }
        for fetch in ["@import", "url(", "@font-face"] {
            assert!(!html.contains(fetch), "`{fetch}` in\n{html}");
        }
        assert!(html.contains("default-src 'none'"));
        assert_only_our_markup(&html);
    }

    #[test]
    fn each_file_is_an_article_and_later_ones_start_a_page() {
        let docs = [
            document("a.md", AGENDA).unwrap(),
            document("b.md", &AGENDA.replace("2026-11-24", "2026-12-01")).unwrap(),
            document("c.md", "---\nkind: plan\n---\n# Plan\n").unwrap(),
        ];
        let html = page(&docs);
        assert_eq!(html.matches("<article>").count(), 3);
        assert_eq!(html.matches("</article>").count(), 3);
        assert!(html.contains("article + article { break-before: page;"));
        assert!(html.contains("@page { size: A4;"));
        assert!(html.contains("<title>3 agendas and plans</title>"));
        let order: Vec<usize> = ["<caption>a.md", "<caption>b.md", "<caption>c.md"]
            .iter()
            .map(|c| html.find(c).unwrap())
            .collect();
        assert!(order.is_sorted());
    }

    #[test]
    fn files_that_are_not_agendas_are_refused() {
        assert_eq!(
            document("x.md", "# Notes\n"),
            Err(NotPrintable::NoFrontMatter)
        );
        assert_eq!(
            document("x.md", "---\na: 1\n"),
            Err(NotPrintable::Unterminated)
        );
        assert_eq!(
            document("x.md", "---\n- a\n---\n"),
            Err(NotPrintable::NotMapping)
        );
        let Err(NotPrintable::Yaml { line, .. }) = document("x.md", "---\na: 1\nb: [\n---\n")
        else {
            panic!("bad YAML accepted");
        };
        assert!(line >= 3, "{line}");
    }

    #[test]
    fn links_keep_safe_addresses_only() {
        for ok in [
            "https://a.b/c",
            "HTTP://a",
            "mailto:x@y",
            "#notes",
            "../x.md",
            "x.md?a=b:c",
        ] {
            assert!(safe_link(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "vbscript:x",
        ] {
            assert!(!safe_link(bad), "{bad}");
        }
    }
}
