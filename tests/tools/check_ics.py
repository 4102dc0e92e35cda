"""Reads an iCalendar file with the independent `icalendar` package and
prints one JSON line per event, for tests/cli/calendars.rs to check."""
import json
import sys

import icalendar

cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
zones = [str(z["TZID"]) for z in cal.walk("VTIMEZONE")]
for ev in cal.walk("VEVENT"):
    start = ev.decoded("DTSTART")
    end = ev.decoded("DTEND")
    print(json.dumps({
        "uid": str(ev["UID"]),
        "start": start.isoformat(),
        "tz": str(getattr(start, "tzinfo", None)),
        "utcoffset": str(start.utcoffset()) if hasattr(start, "utcoffset") else None,
        "minutes": (end - start).total_seconds() / 60,
        "summary": str(ev["SUMMARY"]),
        "zones": zones,
    }))
