//! "Was this file edited by a person?": the checksum `ect` stamps on
//! what it generates (a last front-matter line in Markdown, a last
//! comment in HTML), and the test of it. Pure; `write` uses it before
//! replacing a file, `status` to count edited agendas.

const CHECKSUM_KEY: &str = "checksum: ";

/// FNV-1a, 64 bits: stable across versions and platforms, enough to notice
/// an edit (this is not a security measure).
pub fn fnv1a(text: &str) -> u64 {
    fnv1a_more(FNV_OFFSET, text)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `text` continued from the hash `h`: a text hashed in pieces
/// hashes as a whole.
fn fnv1a_more(mut h: u64, text: &str) -> u64 {
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Adds the checksum line to generated text, just before the closing `---`
/// of its front matter.
pub fn stamp(text: &str) -> String {
    let sum = format!("{CHECKSUM_KEY}{:016x}\n", fnv1a(text));
    let mut lines = text.split_inclusive('\n');
    let mut out = String::with_capacity(text.len() + sum.len());
    if let Some(first) = lines.next() {
        out.push_str(first);
    }
    let mut placed = false;
    for line in lines {
        if !placed && line.trim_end() == "---" {
            out.push_str(&sum);
            placed = true;
        }
        out.push_str(line);
    }
    if !placed {
        out.push_str(&sum);
    }
    out
}

/// Whether `text` is exactly as `ect` generated it (its checksum matches).
///
/// Every agenda of every pair is looked at on each run (the ledger), so the
/// text is hashed in place, leaving out the checksum lines (every line that
/// starts with the key, found by a substring search rather than line by
/// line), rather than copied without them first.
pub fn is_untouched(text: &str) -> bool {
    let mut stored = None;
    let mut h = FNV_OFFSET;
    // the start of what is not hashed yet
    let mut from = 0;
    // `memmem` rather than `match_indices`, whose searcher was set up
    // afresh for each agenda at a cost near the hashing itself
    for at in memchr::memmem::find_iter(text.as_bytes(), CHECKSUM_KEY.as_bytes()) {
        if at < from || (at > 0 && text.as_bytes()[at - 1] != b'\n') {
            continue;
        }
        h = fnv1a_more(h, &text[from..at]);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        stored.get_or_insert(text[at + CHECKSUM_KEY.len()..end].trim());
        from = end;
    }
    h = fnv1a_more(h, &text[from..]);
    stored.is_some_and(|sum| {
        sum.len() == 16
            && sum.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            && u64::from_str_radix(sum, 16) == Ok(h)
    })
}

/// The last line of a page `ect` wrote (HTML, not Markdown): the hash of
/// everything before it, in a comment.
const PAGE_CHECKSUM: &str = "<!-- ect checksum: ";

/// Adds the checksum line to the end of a generated page (HTML).
pub fn stamp_page(text: &str) -> String {
    let mut out = text.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let sum = fnv1a(&out);
    out.push_str(&format!("{PAGE_CHECKSUM}{sum:016x} -->\n"));
    out
}

/// Whether `text` is a page exactly as `ect` generated it.
pub fn page_is_untouched(text: &str) -> bool {
    let Some(body) = text.strip_suffix('\n') else {
        return false;
    };
    let cut = body.rfind('\n').map_or(0, |i| i + 1);
    body[cut..]
        .strip_prefix(PAGE_CHECKSUM)
        .and_then(|rest| rest.strip_suffix(" -->"))
        .is_some_and(|sum| sum == format!("{:016x}", fnv1a(&text[..cut])))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "---\npair: a\n---\n\n# Agenda\n";

    #[test]
    fn stamped_text_is_untouched_until_edited() {
        let s = stamp(TEXT);
        assert!(s.contains("checksum: "));
        assert!(is_untouched(&s));
        assert!(!is_untouched(
            &s.replace("# Agenda", "# Agenda\n\nNotes typed by a mentor")
        ));
        assert!(!is_untouched(&s.replace('\n', "\r\n")));
        assert!(!is_untouched(&format!("\u{feff}{s}")));
        assert!(!is_untouched(TEXT));
    }

    /// The test as it was first written: line by line.
    fn untouched_line_by_line(text: &str) -> bool {
        let mut stored = None;
        let mut h = FNV_OFFSET;
        for line in text.split_inclusive('\n') {
            match line.strip_prefix(CHECKSUM_KEY) {
                Some(sum) => {
                    stored.get_or_insert(sum.trim());
                }
                None => h = fnv1a_more(h, line),
            }
        }
        stored.is_some_and(|sum| {
            sum.len() == 16
                && sum.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
                && u64::from_str_radix(sum, 16) == Ok(h)
        })
    }

    proptest::proptest! {
        /// Stamped texts with lines added, removed, doubled or changed, and
        /// checksum lines anywhere: the same answer as line by line.
        #[test]
        fn the_search_agrees_with_reading_line_by_line(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("checksum: ".to_string()),
                    proptest::strategy::Just("checksum: 0000000000000000".to_string()),
                    proptest::strategy::Just("xchecksum: 1".to_string()),
                    proptest::strategy::Just("checksum: checksum: ".to_string()),
                    "[a-z -]{0,12}",
                ],
                0..10,
            ),
            edit in 0usize..6,
            end in proptest::prop_oneof![proptest::strategy::Just(""), proptest::strategy::Just("\n")],
        ) {
            let text = format!("---\npair: a\n---\n{}{end}", lines.join("\n"));
            let stamped = stamp(&text);
            let edits = [
                stamped.clone(),
                text.clone(),
                stamped.replacen("pair: a", "pair: b", 1),
                format!("{stamped}{stamped}"),
                stamped.replacen('\n', "\ncheckksum: x\n", 1),
                stamped.trim_end().to_string(),
            ];
            let t = &edits[edit];
            proptest::prop_assert_eq!(is_untouched(t), untouched_line_by_line(t), "{:?}", t);
        }
    }

    #[test]
    fn a_page_is_untouched_until_edited() {
        let page = "<!doctype html>\n<p>Agenda</p>\n";
        assert!(page_is_untouched(&stamp_page(page)));
        assert!(!page_is_untouched(page));
        assert!(!page_is_untouched(
            &stamp_page(page).replace("Agenda", "Agenda, notes")
        ));
    }
}
