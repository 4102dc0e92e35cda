//! Reading agendas and merging into them: the ledger of actions
//! (`agenda::ledger`), the task checks, carrying ticks (`carry_marks`) and
//! the three-way merge (`write::merge_keeping_theirs`) on any text. The
//! input is split in three at NUL bytes: a base, a person's file and the
//! new generated text. Never a panic or a blow-up, and a merge never loses
//! a line the person typed that the new text does not also change.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\0');
    let base = parts.next().unwrap_or("");
    let person = parts.next().unwrap_or(base);
    let generated = parts.next().unwrap_or(base);
    let date = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut ledger = ect::agenda::ledger::Ledger::new();
    ledger.add(date, person);
    ledger.add(date.succ_opt().unwrap(), generated);
    let _ = ledger.open_at(date);
    let _ = ect::agenda::open_actions(person, date);
    let _ = ect::agenda::check_tasks("plans/a/agendas/2026-11-24.md", person);
    let _ = ect::agenda::front_matter_date(person);
    let marked = ect::agenda::carry_marks(person, generated);
    let (merged, conflicts) = ect::write::merge_keeping_theirs(base, person, &marked);
    if conflicts.is_empty() && base == generated {
        // nothing new to bring in: the person's file stays as it is
        assert_eq!(merged.trim_start_matches('\u{feff}'), person.trim_start_matches('\u{feff}'));
    }
});
