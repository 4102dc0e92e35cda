//! Generation: pure functions from the model to the text of a file. Nothing
//! here touches the disk; `write` does that.

pub mod html;
pub mod ics;
pub mod session;

/// `Tuesday 24 November 2026`.
pub fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

/// Quotes a string for YAML when it needs it.
pub fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}
