//! The statutory induction beside the mentoring: each ECT's induction facts
//! (`facts`), the calendar of progress reviews and formal assessments
//! (`calendar`), and the records the induction tutor keeps (`records`).

pub mod calendar;
pub mod evidence;
pub mod facts;
pub mod records;

use chrono::NaiveDate;
use serde::Serialize;

/// A pair's next induction event still without a record, for `ect status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextEvent {
    /// `progress-review` or `formal-assessment`.
    pub kind: &'static str,
    /// The induction term, from 1.
    pub term: u32,
    /// Its last teaching day (`None` when `ect.yaml` does not reach it).
    pub due: Option<NaiveDate>,
    /// Due before the day status counts up to, and no record written.
    pub overdue: bool,
}

impl NextEvent {
    /// `progress review, term 2, due 26 Mar` (dates as `short` writes them).
    pub fn describe(&self, short: impl Fn(NaiveDate) -> String) -> String {
        let kind = calendar::EventKind::parse(self.kind).map_or(self.kind, |k| k.words());
        let due = self.due.map_or_else(
            || "due after the terms in ect.yaml".to_string(),
            |d| format!("due {}", short(d)),
        );
        format!("{kind}, induction term {}, {due}", self.term)
    }
}
