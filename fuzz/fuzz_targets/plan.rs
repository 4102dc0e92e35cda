//! Action plans and agendas (`plan::parse`, the agenda
//! checks and the open actions carried forward) on any text.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let date = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let (plan, _) = ect::plan::parse(
        "plans/jo-alex/action-plans/2026-11-24.md",
        "jo-alex",
        date,
        &text,
    );
    let _ = ect::plan::check_on(&plan, date);
    let _ = ect::plan::carried_sections(&text, &plan);
    let _ = ect::plan::close_text(&text, "2027-01-05.md");
    let _ = ect::agenda::check_one(
        "plans/jo-alex/agendas/2026-11-24.md",
        &text,
        "jo-alex",
        date,
    );
    let _ = ect::agenda::open_actions(&text, date);
});
