#!/usr/bin/env python3
"""Writes many mentor-ECT pairs, each with a school year of agendas and
action plans, for the `ect status` benchmark.

usage: gen_status.py REPO PAIRS ECT

REPO must already hold `ect.yaml` and `curriculum/`. Makes
REPO/plans/pair-NNNNN/ with a `pair.yaml` (a September 2025 starter, meeting
days cycling Monday to Friday), an agenda for every meeting of 2025-26 (the
meeting dates come from `ECT schedule`, one pair per weekday) up to 12 July 2026,
the day before the benchmark's ECT_TODAY, and three action
plans (September, January, April; the first two closed and linked to the
next). So that `ect status` has something to say, every tenth pair has no
agenda for its last two meetings, every tenth (another) has a last agenda
nobody wrote in, and every seventh has overdue targets. The names and the
text are made up.
"""
import json
import os
import subprocess
import sys

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
YEAR_END = "2026-07-12"  # the day before the benchmark's ECT_TODAY


def fnv1a(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def stamp(text):
    """What `ect` writes: the checksum of the text just before the closing
    `---` of its front matter (see src/write.rs)."""
    lines = text.splitlines(keepends=True)
    line = f"checksum: {fnv1a(text):016x}\n"
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return "".join(lines[:i] + [line] + lines[i:])
    return text + line


def agenda(i, date, week, previous, written):
    head = (
        "---\n"
        f"pair: pair-{i:05d}\n"
        f'mentor: "Mentor {i}"\n'
        f'ect: "Teacher {i}"\n'
        f"date: {date}\n"
        'time: "15:30"\n'
        'programme: "example"\n'
        "year: 1\n"
        "sessions: []\n"
        "---\n\n"
    )
    review = "## Review\n\n"
    if previous:
        review += (
            f"Actions still open from `plans/pair-{i:05d}/agendas/{previous}.md`:\n\n"
            f"- [ ] Try the week {week - 1} routine with one more class _(agreed {previous})_\n\n"
        )
    else:
        review += "No open actions were carried from an earlier meeting.\n\n"
    body = (
        f"# Mentor meeting: Mentor {i} and Teacher {i}, {date}\n\n"
        "Meeting at 15:30, 50 minutes.\n\n"
        + review
        + "For each: what did the ECT do, what was the impact on pupils, and what next?\n\n"
        "## Learning intentions\n\n"
        "- Pupils remember more when they are asked to recall it.\n"
        "- Routines free attention for the lesson itself.\n\n"
        "## Activities\n\n"
        "### 1. Review (10 minutes)\n\nNotes:\n\n"
        "### 2. Theory to Practice (35 minutes)\n\nNotes:\n\n"
        "### 3. Next Steps (5 minutes)\n\nNotes:\n\n"
        "Total: 50 minutes.\n\n"
        "## Coaching\n\n"
        "- Action step: one small, specific change to try next.\n"
        "- Model: how the mentor will show it.\n"
        "- Practice: rehearse it here, with feedback, before taking it to the classroom.\n\n"
        "## Next steps\n\nNext meeting: next week.\n\n"
    )
    if written:
        body += (
            "## Notes\n\n"
            f"Week {week}: the ECT tried the starter with two classes; most pupils were "
            "writing within two minutes. Next, the same with the Year 10 set.\n\n"
            "## Actions agreed\n\n"
            f"- [ ] Try the week {week} routine with one more class\n"
            "- [x] Share the seating plan with the teaching assistant\n"
        )
        return head.replace("---\n\n", "checksum: 0000000000000000\n---\n\n", 1) + body
    body += (
        "## Notes\n\nWrite notes from the meeting here.\n\n"
        "## Actions agreed\n\n"
        "At most three, each specific: what, by whom, by when. Tick an action when it is done.\n\n"
        "- [ ] (an action: what, by whom, by when)\n"
    )
    return stamp(head + body)


def plan(i, created, review, status, successor, overdue):
    if created < "2026-01-01":
        due = "2025-12-12"
    elif created < "2026-04-01":
        due = "2026-03-20"
    else:
        due = "2026-05-01" if overdue else "2026-07-17"
    fm = f"---\npair: pair-{i:05d}\ncreated: {created}\nreview: {review}\nstatus: {status}\n"
    if successor:
        fm += f"superseded_by: {successor}.md\n"
    fm += "---\n\n"
    return fm + (
        f"# Action plan: Mentor {i} and Teacher {i}, {created}\n\n"
        "## Target: Start every lesson with a retrieval starter\n\n"
        "- Measure: pupils writing within two minutes of the bell in three lessons running\n"
        "- Standard: 1, 7\n"
        f"- Due: {due}\n"
        "- Status: open\n\n"
        "- [x] Watch a colleague's start of lesson (2025-10-08)\n"
        "- [ ] Put the starter on the board before pupils arrive\n\n"
        "## Target: Use the school's reward system with one class\n\n"
        "- Measure: two reward points logged per lesson for a fortnight\n"
        "- Standard: 7\n"
        f"- Due: {due}\n"
        "- Status: met\n\n"
        "## Target: Check understanding before independent work\n\n"
        "- Measure: every pupil shows an answer before the task starts\n"
        "- Standard: 6\n"
        "- Due: 2026-07-20\n"
        "- Status: open\n\n"
        "- [ ] Borrow a class set of mini whiteboards\n"
    )


def main():
    repo, target, ect = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    plans = os.path.join(repo, "plans")
    for i in range(1, target + 1):
        d = os.path.join(plans, f"pair-{i:05d}")
        os.makedirs(os.path.join(d, "agendas"), exist_ok=True)
        os.makedirs(os.path.join(d, "action-plans"), exist_ok=True)
        with open(os.path.join(d, "pair.yaml"), "w") as f:
            f.write(
                f"mentor: Mentor {i}\n"
                f"ect: Teacher {i}\n"
                "programme: example\n"
                "start: 2025-09-03\n"
                f'meeting: {{day: {DAYS[i % 5]}, time: "15:30", minutes: 50}}\n'
            )
    # the meeting dates of each weekday's pairs
    dates = {}
    for k in range(5):
        i = k if k > 0 else 5
        out = subprocess.run(
            [ect, "schedule", "--root", repo, "--pair", f"pair-{i:05d}", "--format", "json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        dates[k] = [m["date"] for m in json.loads(out)["meetings"] if m["date"] <= YEAR_END]
    files = 0
    for i in range(1, target + 1):
        d = os.path.join(plans, f"pair-{i:05d}")
        meetings = dates[i % 5]
        if i % 10 == 0:
            meetings = meetings[:-2]  # no agenda for the last two meetings
        previous = None
        for n, date in enumerate(meetings):
            written = not (i % 10 == 1 and n == len(meetings) - 1)
            with open(os.path.join(d, "agendas", f"{date}.md"), "w") as f:
                f.write(agenda(i, date, n + 1, previous, written))
            previous = date
            files += 1
        for created, review, status, successor in [
            ("2025-09-17", "2026-01-14", "closed", "2026-01-14"),
            ("2026-01-14", "2026-04-22", "closed", "2026-04-22"),
            ("2026-04-22", "2026-09-16", "active", None),
        ]:
            with open(os.path.join(d, "action-plans", f"{created}.md"), "w") as f:
                f.write(plan(i, created, review, status, successor, i % 7 == 0))
            files += 1
    print(f"wrote {target} pairs, {files} agendas and plans under {plans}")


if __name__ == "__main__":
    main()
