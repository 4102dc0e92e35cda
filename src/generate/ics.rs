//! iCalendar (RFC 5545) files of pairs' meetings, for Outlook, Google and
//! Apple calendars. Each meeting keeps one UID across runs (pair id and the
//! Monday of its week), so importing a new file updates events rather than
//! adding copies, even when a closure moves a meeting to another day.

use chrono::{Duration, NaiveDate, NaiveTime};
use std::fmt::Write;

/// One meeting as a calendar event.
#[derive(Debug, Clone)]
pub struct Event {
    pub pair: String,
    /// The Monday of the meeting's week: with the pair, the event's identity.
    pub week_monday: NaiveDate,
    pub date: NaiveDate,
    /// Local (Europe/London) start; `None` makes an all-day event.
    pub time: Option<NaiveTime>,
    pub minutes: u32,
    pub summary: String,
    pub description: String,
}

const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r
TZID:Europe/London\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0000\r
TZOFFSETTO:+0100\r
TZNAME:BST\r
DTSTART:19810329T010000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0000\r
TZNAME:GMT\r
DTSTART:19961027T020000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
";

/// A whole calendar. `stamp` is the DTSTAMP of every event (UTC).
pub fn calendar(name: &str, events: &[Event], stamp: NaiveDate) -> String {
    let mut s = head(name);
    for e in events {
        s.push_str(&event(e, stamp));
    }
    s.push_str(&tail());
    s
}

/// The calendar's opening lines, up to its first event: with [`event`] and
/// [`tail`], a large calendar is written a piece at a time.
pub fn head(name: &str) -> String {
    let mut s = String::new();
    line(&mut s, "BEGIN:VCALENDAR");
    line(&mut s, "VERSION:2.0");
    line(&mut s, "PRODID:-//ect//mentor meetings//EN");
    line(&mut s, "CALSCALE:GREGORIAN");
    line(&mut s, "METHOD:PUBLISH");
    line(&mut s, &format!("X-WR-CALNAME:{}", escape(name)));
    line(&mut s, "X-WR-TIMEZONE:Europe/London");
    s.push_str(VTIMEZONE);
    s
}

/// One event, `stamp` its DTSTAMP (UTC).
pub fn event(e: &Event, stamp: NaiveDate) -> String {
    let mut s = String::new();
    line(&mut s, "BEGIN:VEVENT");
    line(
        &mut s,
        &format!("UID:{}-{}@ect", e.pair, e.week_monday.format("%Y%m%d")),
    );
    line(
        &mut s,
        &format!("DTSTAMP:{}T000000Z", stamp.format("%Y%m%d")),
    );
    match e.time {
        Some(t) => {
            let start = e.date.and_time(t);
            let end = start + Duration::minutes(i64::from(e.minutes));
            line(
                &mut s,
                &format!(
                    "DTSTART;TZID=Europe/London:{}",
                    start.format("%Y%m%dT%H%M%S")
                ),
            );
            line(
                &mut s,
                &format!("DTEND;TZID=Europe/London:{}", end.format("%Y%m%dT%H%M%S")),
            );
        }
        None => {
            line(
                &mut s,
                &format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")),
            );
            line(
                &mut s,
                &format!(
                    "DTEND;VALUE=DATE:{}",
                    (e.date + Duration::days(1)).format("%Y%m%d")
                ),
            );
        }
    }
    line(&mut s, &format!("SUMMARY:{}", escape(&e.summary)));
    line(&mut s, &format!("DESCRIPTION:{}", escape(&e.description)));
    line(&mut s, "END:VEVENT");
    s
}

/// The calendar's closing line.
pub fn tail() -> String {
    let mut s = String::new();
    line(&mut s, "END:VCALENDAR");
    s
}

/// TEXT escaping (RFC 5545 3.3.11).
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Appends a content line, folded at 75 octets (never inside a character),
/// ended by CRLF.
fn line(s: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            s.push_str("\r\n ");
            width = 1;
        }
        s.push(c);
        width += n;
    }
    let _ = s.write_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn event() -> Event {
        Event {
            pair: "jo-alex".into(),
            week_monday: d("2026-11-23"),
            date: d("2026-11-24"),
            time: NaiveTime::from_hms_opt(15, 30, 0),
            minutes: 50,
            summary: "Mentor meeting: Jo and Alex, week 4; retrieval".into(),
            description: "A long description ".repeat(10),
        }
    }

    #[test]
    fn events_have_stable_uids_local_times_and_folded_lines() {
        let text = calendar("Jo and Alex", &[event()], d("2026-11-23"));
        assert!(text.contains("UID:jo-alex-20261123@ect\r\n"));
        assert!(text.contains("DTSTART;TZID=Europe/London:20261124T153000\r\n"));
        assert!(text.contains("DTEND;TZID=Europe/London:20261124T162000\r\n"));
        assert!(text.contains("SUMMARY:Mentor meeting: Jo and Alex\\, week 4\\; retrieval\r\n"));
        assert!(text.contains("TZID:Europe/London"));
        for l in text.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn no_time_makes_an_all_day_event() {
        let mut e = event();
        e.time = None;
        let text = calendar("x", &[e], d("2026-11-23"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261124\r\nDTEND;VALUE=DATE:20261125\r\n"));
    }
}
