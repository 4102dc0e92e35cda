#!/usr/bin/env python3
"""Writes a large synthetic curriculum for the validation benchmark.

usage: gen_curriculum.py OUT_DIR SESSIONS

Makes programmes of 12 modules (two per term over two years), each module with
mentor materials and two ECT parts per week, until SESSIONS session files exist.
The text is generated, not taken from any provider.
"""
import os
import sys

TERMS = ["autumn", "spring", "summer"]


def session(year, term, week, topic):
    return f"""---
title: "Year {year} {term.title()} week {week} mentor materials"
heading: "Mentor materials"
caption: "{term.title()} week {week}"
---

## {topic} (week {week})

Duration: 50 minutes.

### Learning intentions

Your ECT will learn that:

- Idea {week} about {topic.lower()} matters for pupils in every key stage.
- Practising a routine {week} times makes it automatic.

### Meeting activities

Review: 10 mins

Look back at the actions agreed last week and what pupils did differently.

Theory to Practice: 35 mins

1. Model the step for {topic.lower()} in week {week}.
2. Rehearse it twice, with feedback between.

Next Steps: 5 mins

Agree one action and note the date of the next meeting.
"""


def ect_part(title, prev_path, next_path):
    lines = ["---", f'title: "{title}"']
    if prev_path:
        lines += [f'previous_title: "Previous"', f'previous_path: "{prev_path}"']
    if next_path:
        lines += [f'next_title: "Next"', f'next_path: "{next_path}"']
    lines += ["---", "", f"Self-study text for {title.lower()}.", ""]
    return "\n".join(lines)


def main():
    out, target = sys.argv[1], int(sys.argv[2])
    cur = os.path.join(out, "curriculum")
    os.makedirs(cur, exist_ok=True)
    written = 0
    p = 0
    while written < target:
        prog = f"prog{p}"
        overview = [f'---\ntitle: "Programme {p}"\n---\n']
        for year in (1, 2):
            for term in TERMS:
                overview.append(f"## Year {year}: {term.title()} term\n")
                for half in (1, 2):
                    slug = f"year-{year}-{term}-half-{half}"
                    overview.append(f"### [Module {slug}](/{prog}/{slug})\n\nAbout this module.\n")
                    mod_dir = os.path.join(cur, prog, slug)
                    os.makedirs(mod_dir, exist_ok=True)
                    mod = [f'---\ntitle: "Year {year}: {slug}"\nheading: "{slug}"\ncaption: "Year {year}"\n---\n\nModule intro.\n']
                    for week in range(1, 7):
                        base = f"/{prog}/{slug}/{term}-week-{week}"
                        with open(os.path.join(mod_dir, f"{term}-week-{week}-mentor-materials.md"), "w") as f:
                            f.write(session(year, term, week, f"Topic {slug}"))
                        with open(os.path.join(mod_dir, f"{term}-week-{week}-ect-reading.md"), "w") as f:
                            f.write(ect_part("Reading", None, f"{base}-ect-practice"))
                        with open(os.path.join(mod_dir, f"{term}-week-{week}-ect-practice.md"), "w") as f:
                            f.write(ect_part("Practice", f"{base}-ect-reading", None))
                        mod.append(
                            f"## Week {week}: topic {week}\n\n1. [Reading]({base}-ect-reading)\n2. [Practice]({base}-ect-practice)\n\n[View mentor materials]({base}-mentor-materials)\n"
                        )
                        written += 3
                    with open(os.path.join(cur, prog, f"{slug}.md"), "w") as f:
                        f.write("\n".join(mod))
        with open(os.path.join(cur, f"{prog}.md"), "w") as f:
            f.write("\n".join(overview))
        p += 1
    print(f"wrote {written} session files in {p} programmes under {cur}")


if __name__ == "__main__":
    main()
