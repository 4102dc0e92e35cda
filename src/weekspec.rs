//! Which week a command means: `this`, `next`, a date, or an ISO week, seen
//! from a today the command gives (`cmd::today`: the clock, or `ECT_TODAY`).

use anyhow::{Result, bail};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The Monday of `d`'s week.
pub fn monday(d: NaiveDate) -> NaiveDate {
    crate::calendar::monday_of(d)
}

/// The Monday of the week `spec` names, seen from `today`. `this` on a
/// Saturday or Sunday means the coming week.
pub fn parse(spec: &str, today: NaiveDate) -> Result<NaiveDate> {
    let s = spec.trim();
    // at the end of the calendar chrono knows there is no next week
    let later = |d: NaiveDate| {
        d.checked_add_signed(Duration::days(7))
            .ok_or_else(|| anyhow::anyhow!("the week after {d} is past the last date `ect` knows"))
    };
    let this = if matches!(today.weekday(), Weekday::Sat | Weekday::Sun) {
        later(monday(today))?
    } else {
        monday(today)
    };
    match s.to_ascii_lowercase().as_str() {
        "" => bail!(
            "`--week` is empty: use `this`, `next`, a date like 2026-11-24, or an ISO week like 2026-W48"
        ),
        "this" => return Ok(this),
        "next" => return later(this),
        _ => {}
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(monday(d));
    }
    if let Some((y, w)) = s.split_once("-W").or_else(|| s.split_once("-w"))
        && let (Ok(y), Ok(w)) = (y.parse::<i32>(), w.parse::<u32>())
        && let Some(d) = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)
    {
        return Ok(d);
    }
    bail!(
        "`{spec}` is not a week: use `this`, `next`, a date like 2026-11-24, or an ISO week like 2026-W48"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_ends_of_time_are_errors_not_panics() {
        let last = NaiveDate::MAX;
        assert!(parse("next", last).is_err());
        // NaiveDate::MAX is a Monday: the weekend before it still has a
        // coming week; nothing after it has
        assert_eq!(last.weekday(), Weekday::Mon);
        assert_eq!(parse("this", last - Duration::days(2)).unwrap(), last);
        assert!(parse("next", last - Duration::days(2)).is_err());
        assert_eq!(
            monday(NaiveDate::MIN),
            crate::calendar::monday_of(NaiveDate::MIN)
        );
    }

    #[test]
    fn reads_every_form() {
        let mon = d("2026-11-23");
        assert_eq!(parse("this", d("2026-11-25")).unwrap(), mon);
        assert_eq!(parse("next", d("2026-11-25")).unwrap(), d("2026-11-30"));
        // on a weekend, `this` is the coming week
        assert_eq!(parse("this", d("2026-11-22")).unwrap(), mon);
        // an empty `--week ""` (a script's unset variable) is not this week
        for empty in ["", "  "] {
            let e = parse(empty, d("2026-11-25")).unwrap_err().to_string();
            assert!(e.contains("`--week` is empty"), "{e}");
        }
        assert_eq!(parse("this", d("2026-11-21")).unwrap(), mon);
        assert_eq!(parse("next", d("2026-11-21")).unwrap(), d("2026-11-30"));
        assert_eq!(parse("2026-11-26", d("2020-01-01")).unwrap(), mon);
        assert_eq!(parse("2026-W48", d("2020-01-01")).unwrap(), mon);
        assert!(parse("2027-02-29", mon).is_err());
        assert!(parse("2026-W60", mon).is_err());
        assert!(parse("someday", mon).is_err());
    }
}
