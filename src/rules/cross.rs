//! Checks that need the whole curriculum: links that must resolve,
//! pagination chains, overviews against folders, duplicate weeks and unused
//! assets. They work on parsed documents and the list of files; none reads
//! the disk.

use crate::curriculum::Curriculum;
use crate::curriculum::document::{Document, Link, LinkKind};
use crate::curriculum::path::FileKind;
use crate::curriculum::programme::Programme;
use crate::diag::{Diagnostic, Location, Severity};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Runs every cross-file rule.
pub fn check(c: &Curriculum) -> Vec<Diagnostic> {
    // every link of every page resolved once (as `validate` read the page,
    // else here on all cores), beside each file's page: the rules below
    // read both, files and pages named by place, no path hashed again
    let ((to, broken), (page, file_of)) = rayon::join(|| resolve_links(c), || page_index(c));
    let links = Resolution { to, page, file_of };
    // then the rules side by side, each into its own list; the lists are
    // joined in the order the rules are listed here
    let list = |check: fn(&Curriculum, &Resolution<'_>, &mut Vec<Diagnostic>)| {
        let mut found = Vec::new();
        check(c, &links, &mut found);
        found
    };
    let ((linked, paging), (modules, (weeks, (misnamed, sequence)))) = rayon::join(
        || rayon::join(|| linked_files(c, &links), || list(pagination)),
        || {
            rayon::join(
                || list(unlisted_modules),
                || {
                    rayon::join(
                        || list(week_sections),
                        || rayon::join(|| list(misnamed_sessions), || list(week_sequence)),
                    )
                },
            )
        },
    );
    let mut out = broken;
    out.extend(paging);
    out.extend(modules);
    out.extend(weeks);
    out.extend(misnamed);
    unlinked_sessions(c, &links, &linked, &mut out);
    out.extend(sequence);
    for asset in &c.assets {
        let id = c.files.get_index_of(asset.as_str());
        if !id.is_some_and(|id| linked[id]) {
            out.push(at(
                "unreferenced-asset",
                &c.repo_path(asset),
                Location::default_start(),
                format!("asset `{asset}` is not linked from any page"),
                Some("link it from the page it belongs to, or delete it".into()),
            ));
        }
    }
    out
}

/// The files one page's links lead to, by place in `Curriculum::files`:
/// the page's own list, or one made now.
type LinkFiles<'c> = std::borrow::Cow<'c, [Option<u32>]>;

/// Every page's links, resolved once, and the pages by file.
struct Resolution<'c> {
    /// For each page (in `Curriculum::docs` order), the file each of its
    /// links leads to, as its place in `Curriculum::files`, in the page's
    /// link order (`None`: external, nowhere or missing): the page's own
    /// [`Document::link_files`] when `validate` resolved them as it read
    /// the page.
    to: Vec<LinkFiles<'c>>,
    /// Each file's page (its place in `Curriculum::docs`), by the file's
    /// place in `Curriculum::files`; `None` for a file that is no page.
    page: Vec<Option<u32>>,
    /// Each page's place in `Curriculum::files` (`None` for a page that is
    /// not among the files, which only a test makes).
    file_of: Vec<Option<u32>>,
}

impl Resolution<'_> {
    /// The page the file `id` is, if it is one.
    fn page_of(&self, id: Option<u32>) -> Option<usize> {
        self.page
            .get(id? as usize)
            .copied()
            .flatten()
            .map(|p| p as usize)
    }
}

/// Each file's page and each page's file: the page's own place when
/// `validate` found it as it read the page, else its path hashed (on one
/// core while the links are resolved on the other).
fn page_index(c: &Curriculum) -> (Vec<Option<u32>>, Vec<Option<u32>>) {
    let mut page = vec![None; c.files.len()];
    let mut file_of = Vec::with_capacity(c.docs.len());
    for (i, d) in c.docs.iter().enumerate() {
        let id = d.file.or_else(|| own_place(c, d));
        if let Some(id) = id {
            page[id as usize] = Some(place(i));
        }
        file_of.push(id);
    }
    (page, file_of)
}

/// The page `d`'s own place in `c.files`.
fn own_place(c: &Curriculum, d: &Document) -> Option<u32> {
    c.files.get_index_of(d.rel.as_str()).map(place)
}

/// A place in a list of files or pages, which never reaches `u32::MAX`.
fn place(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 4 billion files")
}

/// Every page's links resolved on all cores: where each leads, and the
/// broken ones reported in page order. A page whose links `validate`
/// resolved as it read the page is taken as it is (its broken links were
/// reported then).
fn resolve_links(c: &Curriculum) -> (Vec<LinkFiles<'_>>, Vec<Diagnostic>) {
    let resolved: Vec<_> = c
        .docs
        .par_iter()
        .map(|doc| {
            if doc.link_files.len() == doc.links.len() {
                (
                    std::borrow::Cow::Borrowed(doc.link_files.as_slice()),
                    Vec::new(),
                )
            } else {
                let (to, broken) = resolve_page(c, doc);
                (std::borrow::Cow::Owned(to), broken)
            }
        })
        .collect();
    let mut to = Vec::with_capacity(resolved.len());
    let mut out = Vec::new();
    for (page, broken) in resolved {
        to.push(page);
        out.extend(broken);
    }
    (to, out)
}

/// What `validate` finds of a page as it reads it, with its links at hand
/// (every file is listed by then): the file each link leads to and the
/// page's own place, kept in the page for the checks across files; and a
/// problem for each link that leads to no file.
pub(crate) fn resolve_as_read(c: &Curriculum, doc: &mut Document) -> Vec<Diagnostic> {
    let (to, broken) = resolve_page(c, doc);
    doc.link_files = to;
    doc.file = own_place(c, doc);
    broken
}

/// The file each of `doc`'s links leads to (its place in `c.files`), and
/// a problem for each link that leads to no file.
fn resolve_page(c: &Curriculum, doc: &Document) -> (Vec<Option<u32>>, Vec<Diagnostic>) {
    let mut broken = Vec::new();
    let to = doc
        .links
        .iter()
        .map(|link| match c.locate(&link.target, &doc.rel) {
            Resolved::File(id) => Some(place(id)),
            Resolved::Missing(wanted) => {
                broken.push(broken_link(doc, link, &wanted));
                None
            }
            Resolved::External | Resolved::Nowhere => None,
        })
        .collect();
    (to, broken)
}

/// The files some link leads to, by place in `Curriculum::files`.
fn linked_files(c: &Curriculum, links: &Resolution<'_>) -> Vec<bool> {
    let mut linked = vec![false; c.files.len()];
    for id in links.to.iter().flat_map(|to| to.iter()).flatten() {
        linked[*id as usize] = true;
    }
    linked
}

/// Where a link target leads: to a file named by its path `F` (relative
/// to the curriculum root), or by its place in `Curriculum::files`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<F> {
    /// A file of the curriculum.
    File(F),
    /// An internal target with no file: the path that was looked for.
    Missing(String),
    /// `https:`, `mailto:` and other schemes: not checked here.
    External,
    /// Empty, `about:blank`, a bare anchor: reported by the file rules.
    Nowhere,
}

impl Curriculum {
    /// Resolves `target`, written in the page `from` (relative to the
    /// curriculum root), to a file of the curriculum. Never looks outside it:
    /// a target that climbs above the root is missing.
    pub fn resolve(&self, target: &str, from: &str) -> Resolved<&str> {
        self.named(self.locate(target, from))
    }

    /// `r` with its file named by its path.
    fn named(&self, r: Resolved<usize>) -> Resolved<&str> {
        match r {
            Resolved::File(id) => Resolved::File(self.files[id].as_str()),
            Resolved::Missing(wanted) => Resolved::Missing(wanted),
            Resolved::External => Resolved::External,
            Resolved::Nowhere => Resolved::Nowhere,
        }
    }

    /// [`Curriculum::resolve`], the file named by its place in
    /// [`Curriculum::files`].
    fn locate(&self, target: &str, from: &str) -> Resolved<usize> {
        // Each step reads bytes: the scheme is the run of scheme characters
        // at the start, and a `:` right after it makes the target external
        // (the first `:` can come no sooner); the query or anchor starts at
        // the first `#` or `?`; the segments end at each `/`. The searches
        // for a set of characters and the splits by a character were about
        // two thirds of resolving a link; `resolve_as_it_was` in the tests
        // is the reference.
        let t = target.trim();
        if t.is_empty() || t.starts_with('#') || t.eq_ignore_ascii_case("about:blank") {
            return Resolved::Nowhere;
        }
        let b = t.as_bytes();
        let scheme = b
            .iter()
            .position(|&x| !(x.is_ascii_alphanumeric() || matches!(x, b'+' | b'-' | b'.')))
            .unwrap_or(b.len());
        if scheme > 0 && b.get(scheme) == Some(&b':') {
            return Resolved::External;
        }
        if t.starts_with("//") || t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) {
            return Resolved::External;
        }
        let t = &t[..memchr::memchr2(b'#', b'?', b).unwrap_or(b.len())];
        // most targets hold no `%`: nothing to decode, nothing to copy
        let decoded = if memchr::memchr(b'%', t.as_bytes()).is_some() {
            std::borrow::Cow::Owned(percent_decode(t))
        } else {
            std::borrow::Cow::Borrowed(t)
        };
        // the path is built in one buffer: the page's folder (`p/m` for the
        // page `p/m/page`, unless the target starts at the root), then each
        // segment, `..` cutting the last
        let mut path = String::with_capacity(from.len() + decoded.len() + 9);
        if !decoded.starts_with('/')
            && let Some(folder) = memchr::memrchr(b'/', from.as_bytes())
        {
            path.push_str(&from[..folder]);
        }
        let d = decoded.as_ref();
        let mut start = 0;
        for end in memchr::memchr_iter(b'/', d.as_bytes()).chain([d.len()]) {
            let seg = &d[start..end];
            start = end + 1;
            match seg {
                "" | "." => {}
                ".." => {
                    if path.is_empty() {
                        return Resolved::Missing(decoded.into_owned());
                    }
                    path.truncate(memchr::memrchr(b'/', path.as_bytes()).unwrap_or(0));
                }
                s => {
                    if !path.is_empty() {
                        path.push('/');
                    }
                    path.push_str(s);
                }
            }
        }
        self.look_up(path)
    }

    /// The file at `path` (built by [`Curriculum::resolve`]), else at
    /// `path.md`, `path` or `path/index.md` for a path with no `.md` outside
    /// `assets/`.
    fn look_up(&self, mut path: String) -> Resolved<usize> {
        if path.ends_with(".md") || path.starts_with("assets/") {
            return match self.files.get_index_of(path.as_str()) {
                Some(found) => Resolved::File(found),
                None => Resolved::Missing(path),
            };
        }
        // `path.md`, `path`, `path/index.md`, tried in one buffer
        let bare = path.len();
        for suffix in [".md", "", "/index.md"] {
            path.truncate(bare);
            path.push_str(suffix);
            if let Some(found) = self.files.get_index_of(path.as_str()) {
                return Resolved::File(found);
            }
        }
        path.truncate(bare);
        path.push_str(".md");
        Resolved::Missing(path)
    }
}

/// Decodes `%XX` escapes (`%20` and the like); leaves malformed ones as
/// written.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

fn at(
    rule: &'static str,
    path: &str,
    location: Location,
    message: String,
    hint: Option<String>,
) -> Diagnostic {
    Diagnostic::new(rule, path, location, message, hint)
}

fn broken_link(doc: &Document, link: &Link, wanted: &str) -> Diagnostic {
    let what = match link.kind {
        LinkKind::Image => "image",
        LinkKind::FrontMatter => "front matter path",
        _ => "link",
    };
    at(
        "broken-link",
        &doc.path,
        link.location.clone(),
        format!("{what} `{}` resolves to no file", link.target),
        Some(format!(
            "no file `{wanted}` in the curriculum; check the spelling, the week and the module folder"
        )),
    )
}

/// The link a page's `next_path` or `previous_path` makes.
fn field_link<'d>(doc: &'d Document, key: &str) -> Option<&'d Link> {
    let field = match key {
        "next_path" => doc.front.next_path.as_ref(),
        _ => doc.front.previous_path.as_ref(),
    }?;
    doc.links
        .iter()
        .find(|l| l.kind == LinkKind::FrontMatter && l.span == field.span)
}

fn pagination(c: &Curriculum, links: &Resolution<'_>, out: &mut Vec<Diagnostic>) {
    // the file a page's `next_path` or `previous_path` leads to (its place
    // in `c.files`)
    let resolved = |i: usize, key: &str| -> Option<u32> {
        let doc = &c.docs[i];
        let field = match key {
            "next_path" => doc.front.next_path.as_ref(),
            _ => doc.front.previous_path.as_ref(),
        }?;
        let k = doc
            .links
            .iter()
            .position(|l| l.kind == LinkKind::FrontMatter && l.span == field.span)?;
        links.to[i][k]
    };
    let next: Vec<Option<u32>> = (0..c.docs.len())
        .map(|i| resolved(i, "next_path"))
        .collect();
    let previous: Vec<Option<u32>> = (0..c.docs.len())
        .map(|i| resolved(i, "previous_path"))
        .collect();
    // whether the file `to` is the page `i` (a page not among the files is
    // none of them)
    let is_page = |to: Option<u32>, i: usize| to.is_some() && to == links.file_of[i];
    for (i, a) in c.docs.iter().enumerate() {
        // A says B is next: B must say A is previous
        if let Some(j) = links.page_of(next[i]) {
            let b = &c.docs[j];
            match previous[j] {
                back if is_page(back, i) => {
                    title_agrees(a, b, "next_title", out);
                    title_agrees(b, a, "previous_title", out);
                }
                _ => not_reciprocal(a, b, "next_path", "previous_path", out),
            }
        }
        // B says A is previous: A must say B is next
        if let Some(j) = links.page_of(previous[i])
            && !is_page(next[j], i)
        {
            not_reciprocal(a, &c.docs[j], "previous_path", "next_path", out);
        }
    }
}

/// `a`'s `claim` (`next_path` or `previous_path`) names `b`, whose `back`
/// field does not name `a`: reported on both pages, since either may be the
/// wrong one.
fn not_reciprocal(a: &Document, b: &Document, claim: &str, back: &str, out: &mut Vec<Diagnostic>) {
    let a_name = a.rel.trim_end_matches(".md");
    let (loc, said) = match field_link(b, back) {
        Some(l) => (l.location.clone(), format!("names `{}`", l.target)),
        None => (b.start.clone(), "is missing".to_string()),
    };
    out.push(at(
        "pagination",
        &b.path,
        loc,
        format!(
            "`{a_name}` names this page as its {} page, but `{back}` here {said}",
            claim.trim_end_matches("_path")
        ),
        Some(format!("set `{back}: \"/{a_name}\"`")),
    ));
    let here = field_link(a, claim).map_or_else(|| a.start.clone(), |l| l.location.clone());
    out.push(at(
        "pagination",
        &a.path,
        here,
        format!(
            "`{claim}` names `{}`, but that page's `{back}` {said}",
            b.rel.trim_end_matches(".md")
        ),
        Some(format!(
            "correct this `{claim}`, or set `{back}: \"/{a_name}\"` there"
        )),
    ));
}

/// `from`'s `key` (next_title or previous_title) should be `to`'s title.
fn title_agrees(from: &Document, to: &Document, key: &str, out: &mut Vec<Diagnostic>) {
    let field = match key {
        "next_title" => &from.front.next_title,
        _ => &from.front.previous_title,
    };
    let (Some(field), Some(title)) = (field, to.title()) else {
        return;
    };
    let norm =
        |s: &str| crate::curriculum::document::fold_space(&s.replace('’', "'")).to_lowercase();
    if field.value != title && norm(&field.value) != norm(title) {
        let index_loc = from
            .links
            .iter()
            .find(|l| l.kind == LinkKind::FrontMatter)
            .map(|l| l.location.clone())
            .unwrap_or_else(|| from.start.clone());
        out.push(at(
            "pagination",
            &from.path,
            index_loc,
            format!(
                "`{key}` is `{}` but that page is titled `{title}`",
                field.value
            ),
            Some(format!("set `{key}: \"{title}\"`")),
        ));
    }
}

/// Module folders (or overviews) their programme overview does not list.
fn unlisted_modules(c: &Curriculum, _: &Resolution<'_>, out: &mut Vec<Diagnostic>) {
    // modules each programme overview lists
    let mut listed: HashMap<&str, HashSet<String>> = HashMap::new();
    for doc in c
        .docs
        .iter()
        .filter(|d| d.kind == FileKind::ProgrammeOverview)
    {
        let p = Programme::from_overview(doc);
        let id = doc.rel.trim_end_matches(".md");
        listed.insert(id, p.modules.iter().map(|m| m.slug.clone()).collect());
    }
    // every module folder or module overview, once, reported where it starts
    // hashed, then put in order once: a sorted map compared strings at
    // every one of thousands of pages, on one thread
    let mut modules: foldhash::HashMap<(&str, &str), &Document> = foldhash::HashMap::default();
    for doc in &c.docs {
        if let (Some(p), Some(m)) = (&doc.facts.programme, &doc.facts.module)
            && matches!(doc.kind, FileKind::ModuleOverview | FileKind::Session)
        {
            let key = (p.as_str(), m.as_str());
            let slot = modules.entry(key).or_insert(doc);
            if doc.kind == FileKind::ModuleOverview {
                *slot = doc;
            }
        }
    }
    let mut modules: Vec<((&str, &str), &Document)> = modules.into_iter().collect();
    modules.sort_unstable_by_key(|(key, _)| *key);
    for ((programme, module), doc) in &modules {
        if let Some(slugs) = listed.get(programme)
            && !slugs.contains(*module)
        {
            out.push(at(
                "overview",
                &doc.path,
                doc.start.clone(),
                format!("module `{module}` is not listed in the programme overview `{programme}.md`"),
                Some(format!(
                    "add `### [Title](/{programme}/{module})` under its `## Year N: <Term> term` heading"
                )),
            ));
        }
    }
}

/// Links in a module overview's `## Week N` section to another week's page
/// of the same module.
fn week_sections(c: &Curriculum, links: &Resolution<'_>, out: &mut Vec<Diagnostic>) {
    // a module overview's `## Week N` section links to week N's pages
    // each overview on any core, the findings kept in file order
    let overviews: Vec<usize> = (0..c.docs.len())
        .filter(|&i| c.docs[i].kind == FileKind::ModuleOverview)
        .collect();
    let found: Vec<Vec<Diagnostic>> = overviews
        .par_iter()
        .map(|&i| week_section_links(c, links, i))
        .collect();
    out.extend(found.into_iter().flatten());
}

/// [`week_sections`] for the module overview `c.docs[i]`.
fn week_section_links(c: &Curriculum, links: &Resolution<'_>, i: usize) -> Vec<Diagnostic> {
    let doc = &c.docs[i];
    let mut out = Vec::new();
    let mut sections = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        if h.level != 2 {
            continue;
        }
        let end = doc.headings[i + 1..]
            .iter()
            .find(|n| n.level <= 2)
            .map_or(usize::MAX, |n| n.span.start);
        if let Some(n) = week_number(&h.text) {
            sections.push((n.parse::<u32>().unwrap_or(0), h.span.start..end));
        }
    }
    for (link, to) in doc.links.iter().zip(links.to[i].iter()) {
        let Some((week, _)) = sections.iter().find(|(_, r)| r.contains(&link.span.start)) else {
            continue;
        };
        // only pages of this overview's own module: a `Week 1` section
        // may point back to an earlier module's pages for revisiting
        if let Some(j) = links.page_of(*to)
            && let target = &c.docs[j]
            && target.facts.programme == doc.facts.programme
            && target.facts.module == doc.facts.module
            && let Some(target_week) = target.facts.week
            && target_week != *week
        {
            out.push(at(
                "overview",
                &doc.path,
                link.location.clone(),
                format!("the `Week {week}` section links to a week {target_week} page"),
                Some(format!(
                    "link to the week {week} page, or move the link to `Week {target_week}`"
                )),
            ));
        }
    }
    out
}

/// A week's section heading (`Week 3`, `week  12: routines`): its figures,
/// as `WEEK` finds them.
static WEEK: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)^week\s+(\d+)\b").expect("regex"));

/// [`WEEK`]'s group in a heading, read by hand in ASCII text with curly
/// quotes and dashes (where `\s`, `\d`, `\b` and `(?i)` mean their ASCII
/// selves), by the pattern otherwise: it is then compiled only for a
/// curriculum that needs it.
fn week_number(heading: &str) -> Option<&str> {
    if !crate::curriculum::ascii_or_marks(heading) {
        return week_number_by_pattern(heading);
    }
    let b = heading.as_bytes();
    if !b.get(..4)?.eq_ignore_ascii_case(b"week") {
        return None;
    }
    let spaces = b[4..]
        .iter()
        .take_while(|&&x| crate::curriculum::space_byte(x))
        .count();
    let at = 4 + spaces;
    let figures = b[at..].iter().take_while(|x| x.is_ascii_digit()).count();
    // the whole run of figures, then no letter, figure or `_`: the bytes of
    // a mark are none of these
    (spaces > 0
        && figures > 0
        && !b
            .get(at + figures)
            .is_some_and(|&x| crate::curriculum::word_byte(x)))
    .then(|| &heading[at..at + figures])
}

/// [`week_number`] by the pattern.
fn week_number_by_pattern(heading: &str) -> Option<&str> {
    WEEK.captures(heading)
        .map(|c| c.get(1).expect("a group").as_str())
}

/// Pages named like a session but for spaces, capitals or underscores.
fn misnamed_sessions(c: &Curriculum, _: &Resolution<'_>, out: &mut Vec<Diagnostic>) {
    // a page named like a session but for spaces, capitals or underscores
    // (`autumn week 3 mentor materials.md`) is never scheduled: say so
    for doc in c.docs.iter().filter(|d| d.kind == FileKind::Page) {
        let (folder, name) = doc.rel.rsplit_once('/').unwrap_or(("", &doc.rel));
        let slug = name.to_lowercase().replace([' ', '_'], "-");
        if slug != name
            && crate::curriculum::path::classify(&format!("{folder}/{slug}")).0 == FileKind::Session
        {
            let mut d = at(
                "overview",
                &doc.path,
                doc.start.clone(),
                format!("`{name}` is not named like a session file, so no meeting uses it"),
                Some(format!("rename it `{slug}`")),
            );
            d.severity = Severity::Warning;
            out.push(d);
        }
    }
}

/// Session pages nobody links to.
fn unlinked_sessions(
    c: &Curriculum,
    links: &Resolution<'_>,
    linked: &[bool],
    out: &mut Vec<Diagnostic>,
) {
    // session pages nobody links to
    for (i, doc) in c.docs.iter().enumerate() {
        if doc.kind != FileKind::Session {
            continue;
        }
        if !links.file_of[i].is_some_and(|id| linked[id as usize]) {
            let mut d = at(
                "overview",
                &doc.path,
                doc.start.clone(),
                format!(
                    "`{}` is linked from no page",
                    doc.rel.trim_end_matches(".md")
                ),
                Some("link it from its module overview's `## Week N` section".into()),
            );
            d.severity = Severity::Warning;
            out.push(d);
        }
    }
}

fn week_sequence(c: &Curriculum, _: &Resolution<'_>, out: &mut Vec<Diagnostic>) {
    // foldhash, not the default SipHash: this runs on one thread over
    // every session, after the parallel part
    let mut seen: foldhash::HashMap<(&str, &str, &str, u32, &str), &Document> =
        foldhash::HashMap::default();
    for doc in c.docs.iter().filter(|d| d.kind == FileKind::Session) {
        let f = &doc.facts;
        let (Some(p), Some(t), Some(w), Some(part)) = (&f.programme, f.term, f.week, &f.part)
        else {
            continue;
        };
        let key = (
            p.as_str(),
            f.module.as_deref().unwrap_or(""),
            t.as_str(),
            w,
            part.as_str(),
        );
        match seen.get(&key) {
            Some(first) => out.push(at(
                "week-sequence",
                &doc.path,
                doc.start.clone(),
                format!(
                    "a second `{part}` for {} week {w}: `{}` has it already",
                    t.title(),
                    first.path
                ),
                Some("renumber the week of one of them, or remove the duplicate".into()),
            )),
            None => {
                seen.insert(key, doc);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Week headings are read by hand as the pattern reads them: any
        /// case (the Kelvin sign too), every space, figures of any length
        /// and kind, and what follows them.
        #[test]
        fn week_headings_are_read_as_the_pattern_reads_them(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "week", "Week", "WEEK", "wee\u{212A}", "weeks", "x", " ", "  ", "\t", "\n",
                "\u{A0}", "1", "12", "٣", "_", ":", "’", "–", "a", "é", "-",
            ]), 0..6),
        ) {
            let h = parts.concat();
            proptest::prop_assert_eq!(week_number(&h), week_number_by_pattern(&h), "{:?}", h);
        }
    }

    #[test]
    fn week_headings_generated_reach_the_pattern() {
        let mut hits = 0;
        for w in ["week", "Week", "WEEK"] {
            for gap in [" ", "\t", "  "] {
                for n in ["1", "12", "3"] {
                    for tail in ["", ":", " x", "’", "–1"] {
                        let h = format!("{w}{gap}{n}{tail}");
                        assert_eq!(week_number(&h), week_number_by_pattern(&h), "{h:?}");
                        hits += usize::from(week_number(&h).is_some());
                    }
                }
            }
        }
        assert_eq!(hits, 3 * 3 * 3 * 5);
    }

    fn curriculum(files: &[&str]) -> Curriculum {
        Curriculum {
            prefix: "curriculum".into(),
            docs: Vec::new(),
            files: files.iter().map(|f| f.to_string()).collect(),
            assets: Vec::new(),
        }
    }

    /// The path `resolve` builds, as it was first written (the folder's
    /// segments in a list, joined at the end): the reference its property
    /// test holds it to.
    fn joined_path(target: &str, from: &str) -> Result<String, String> {
        let t = target.split(['#', '?']).next().unwrap_or("");
        let decoded = super::percent_decode(t);
        let mut parts: Vec<&str> = if decoded.starts_with('/') {
            Vec::new()
        } else {
            let mut parts: Vec<&str> = from.split('/').collect();
            parts.pop();
            parts
        };
        for seg in decoded.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err(decoded.clone());
                    }
                }
                s => parts.push(s),
            }
        }
        Ok(parts.join("/"))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Relative, rooted, climbing and escaped targets from pages at
        /// any depth resolve as the list-and-join way did.
        #[test]
        fn targets_resolve_as_the_plain_way_does(
            target in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "b.md", "index.md", "x y", "x%20y", "%2e%2e", "%zz", "é", "p", "m", "assets",
                    "pic.png", ".", "..", "", "/", "#top", "?q=1", "%2F",
                ]),
                0..6,
            ),
            rooted in proptest::bool::ANY,
            from in proptest::sample::select(vec!["p.md", "p/m/z.md", "p/m/w/z.md", "a/b.md", "assets/x.md"]),
        ) {
            let target = format!("{}{}", if rooted { "/" } else { "" }, target.join("/"));
            let files = ["p/m/a.md", "p/m/b.md", "p.md", "p/m/index.md", "assets/pic.png", "a.md", "x y.md", "p/m/é.md"];
            let c = curriculum(&files);
            let want = match joined_path(&target, from) {
                Err(missing) => Resolved::Missing(missing),
                Ok(path) if path.ends_with(".md") || path.starts_with("assets/") => {
                    match files.iter().find(|f| **f == path) {
                        Some(f) => Resolved::File(*f),
                        None => Resolved::Missing(path),
                    }
                }
                Ok(path) => [".md", "", "/index.md"]
                    .iter()
                    .find_map(|s| files.iter().find(|f| **f == format!("{path}{s}")))
                    .map_or(Resolved::Missing(format!("{path}.md")), |f| Resolved::File(*f)),
            };
            let got = c.resolve(&target, from);
            // targets that are no path at all never reach the join
            if !matches!(got, Resolved::Nowhere | Resolved::External) {
                proptest::prop_assert_eq!(got, want, "{:?} from {}", target, from);
            }
        }
    }

    /// [`Curriculum::resolve`] as it was, with a search for a set of
    /// characters and splits by a character: the reference its property
    /// test holds it to.
    fn resolve_as_it_was<'c>(c: &'c Curriculum, target: &str, from: &str) -> Resolved<&'c str> {
        let t = target.trim();
        if t.is_empty() || t.starts_with('#') || t.eq_ignore_ascii_case("about:blank") {
            return Resolved::Nowhere;
        }
        if let Some((scheme, _)) = t.split_once(':')
            && !scheme.is_empty()
            && scheme
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '+' | '-' | '.'))
        {
            return Resolved::External;
        }
        if t.starts_with("//") || t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) {
            return Resolved::External;
        }
        let t = t.split(['#', '?']).next().unwrap_or("");
        // most targets hold no `%`: nothing to decode, nothing to copy
        let decoded = if t.contains('%') {
            std::borrow::Cow::Owned(percent_decode(t))
        } else {
            std::borrow::Cow::Borrowed(t)
        };
        // the path is built in one buffer: the page's folder (`p/m` for the
        // page `p/m/page`, unless the target starts at the root), then each
        // segment, `..` cutting the last
        let mut path = String::with_capacity(from.len() + decoded.len() + 9);
        if !decoded.starts_with('/')
            && let Some(folder) = from.rfind('/')
        {
            path.push_str(&from[..folder]);
        }
        for seg in decoded.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if path.is_empty() {
                        return Resolved::Missing(decoded.into_owned());
                    }
                    path.truncate(path.rfind('/').unwrap_or(0));
                }
                s => {
                    if !path.is_empty() {
                        path.push('/');
                    }
                    path.push_str(s);
                }
            }
        }
        // the look-up that follows is the one `resolve` still makes
        c.named(c.look_up(path))
    }

    /// Link targets from the pieces resolution reads: schemes and near
    /// misses, `//` and `www.`, anchors and queries, `%` escapes, `.` and
    /// `..`, doubled slashes, spaces at either end, and characters past
    /// ASCII.
    fn targets() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        proptest::collection::vec(
            proptest::sample::select(vec![
                "/",
                "/",
                "p",
                "m",
                "a",
                ".md",
                "..",
                ".",
                "#top",
                "?x=1",
                "%20",
                "%",
                "https:",
                "mailto:",
                "http",
                ":",
                "x+y.z-1:",
                "//",
                "www.",
                "WWW.",
                " ",
                "\t",
                "é",
                "é:",
                "assets/",
                "index.md",
                "b'c",
                "about:blank",
                "#",
                "?",
            ]),
            0..9,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        /// Resolution by bytes leads where it led, from pages at the root
        /// and in folders.
        #[test]
        fn targets_resolve_as_they_did(
            target in targets(),
            from in proptest::sample::select(vec!["p.md", "p/m/z.md", "p/m/a.md", "assets/x.md", "q/é/r.md"]),
        ) {
            let c = curriculum(&["p/m/a.md", "p/m/index.md", "p.md", "assets/x y.pdf", "p/m/.md", "a.md", "m/a.md"]);
            proptest::prop_assert_eq!(
                c.resolve(&target, from),
                resolve_as_it_was(&c, &target, from),
                "{:?} from {:?}", target, from
            );
        }
    }

    /// The generated targets reach every outcome of resolution, files
    /// found with and without `.md`, missing ones and ones climbing out.
    #[test]
    fn generated_targets_reach_every_outcome() {
        use proptest::strategy::{Strategy as _, ValueTree as _};
        let c = curriculum(&[
            "p/m/a.md",
            "p/m/index.md",
            "p.md",
            "assets/x y.pdf",
            "a.md",
            "m/a.md",
        ]);
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let made = targets();
        let mut seen = std::collections::HashMap::new();
        for _ in 0..20000 {
            let t = made.new_tree(&mut runner).expect("a target").current();
            let kind = match resolve_as_it_was(&c, &t, "p/m/z.md") {
                Resolved::File(f) => format!("file {f}"),
                Resolved::Missing(_) => "missing".to_string(),
                Resolved::External => "external".to_string(),
                Resolved::Nowhere => "nowhere".to_string(),
            };
            *seen.entry(kind).or_insert(0) += 1;
        }
        for kind in [
            "file p/m/a.md",
            "file p.md",
            "file p/m/index.md",
            "file a.md",
            "missing",
            "external",
            "nowhere",
        ] {
            assert!(seen.get(kind).is_some_and(|&n| n >= 10), "{kind}: {seen:?}");
        }
    }

    #[test]
    fn resolves_site_absolute_relative_and_asset_links() {
        let c = curriculum(&["p/m/a.md", "p/m/b'c.md", "assets/x y.pdf", "p.md"]);
        assert_eq!(c.resolve("/p/m/a", "p/m/z.md"), Resolved::File("p/m/a.md"));
        assert_eq!(c.resolve("/p/m/a#top", "p.md"), Resolved::File("p/m/a.md"));
        assert_eq!(
            c.resolve("/p/m/b'c 'Title'", "p.md"),
            Resolved::Missing("p/m/b'c 'Title'.md".into())
        );
        assert_eq!(c.resolve("a", "p/m/z.md"), Resolved::File("p/m/a.md"));
        assert_eq!(
            c.resolve("/assets/x%20y.pdf", "p.md"),
            Resolved::File("assets/x y.pdf")
        );
        assert_eq!(c.resolve("/p", "p/m/a.md"), Resolved::File("p.md"));
        assert_eq!(c.resolve("https://x.org/a", "p.md"), Resolved::External);
        assert_eq!(c.resolve("mailto:a@b.c", "p.md"), Resolved::External);
        assert_eq!(c.resolve("about:blank", "p.md"), Resolved::Nowhere);
        assert_eq!(c.resolve("", "p.md"), Resolved::Nowhere);
    }

    #[test]
    fn never_climbs_out_of_the_curriculum() {
        let c = curriculum(&["p/m/a.md"]);
        assert!(matches!(
            c.resolve("../../../etc/passwd", "p/m/a.md"),
            Resolved::Missing(_)
        ));
        assert!(matches!(
            c.resolve("/../p/m/a", "p.md"),
            Resolved::Missing(_)
        ));
    }
}
