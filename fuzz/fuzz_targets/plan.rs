//! Action plans and agendas (`plans::action_plan::parse`, the agenda
//! checks and the open actions carried forward) on any text.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let date = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let (plan, _) = ect::plans::action_plan::parse(
        "plans/jo-alex/action-plans/2026-11-24.md",
        "jo-alex",
        date,
        &text,
    );
    let _ = ect::plans::action_plan::check_on(&plan, date);
    let _ = ect::plans::action_plan::carried_sections(&text, &plan);
    let _ = ect::plans::action_plan::close_text(&text, "2027-01-05.md");
    let _ = ect::plans::agenda::check_one(
        "plans/jo-alex/agendas/2026-11-24.md",
        &text,
        "jo-alex",
        date,
    );
    let _ = ect::plans::agenda::open_actions(&text, date);
});
