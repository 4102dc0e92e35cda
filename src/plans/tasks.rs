//! Task-list items (`- [ ] text`, `- [x] text`) under a `##` heading: how
//! agreed actions are written and ticked in an agenda.

/// One task-list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub done: bool,
    pub text: String,
    /// 1-based line.
    pub line: usize,
}

/// The placeholder `ect` writes in an empty "Actions agreed" list; it is
/// never carried forward.
pub const PLACEHOLDER: &str = "(an action: what, by whom, by when)";

/// Task items under the `##` heading whose text starts with `heading`
/// (case-insensitive), up to the next `#` or `##` heading. Placeholders and
/// empty items are left out.
pub fn tasks_under(text: &str, heading: &str) -> Vec<Task> {
    let mut out = Vec::new();
    let mut inside = false;
    let want = heading.to_lowercase();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        if let Some(h) = trimmed.strip_prefix("## ") {
            inside = h.trim().to_lowercase().starts_with(&want);
            continue;
        }
        if trimmed.starts_with("# ") {
            inside = false;
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(task) = parse_task(trimmed) {
            if task.1.is_empty() || task.1 == PLACEHOLDER {
                continue;
            }
            out.push(Task {
                done: task.0,
                text: task.1,
                line: i + 1,
            });
        }
    }
    out
}

/// `- [ ] text` → (false, "text"); `* [x] text` → (true, "text").
fn parse_task(line: &str) -> Option<(bool, String)> {
    let rest = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("+ "))?
        .trim_start();
    let (done, rest) = if let Some(r) = rest.strip_prefix("[ ]") {
        (false, r)
    } else if let Some(r) = rest
        .strip_prefix("[x]")
        .or_else(|| rest.strip_prefix("[X]"))
    {
        (true, r)
    } else {
        return None;
    };
    Some((done, rest.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ticked_and_open_items_of_one_section() {
        let text = "# A\n\n## Review\n\n- [ ] old\n\n## Actions agreed\r\n\r\n- [ ] Try the starter\r\n- [x] Phone home\n* [X] done too\n- [ ] (an action: what, by whom, by when)\n- [ ]\n- plain item\n\n## Notes\n\n- [ ] not an action\n";
        let t = tasks_under(text, "Actions agreed");
        let got: Vec<_> = t
            .iter()
            .map(|t| (t.done, t.text.as_str(), t.line))
            .collect();
        assert_eq!(
            got,
            [
                (false, "Try the starter", 9),
                (true, "Phone home", 10),
                (true, "done too", 11)
            ]
        );
    }
}
