#!/usr/bin/env python3
"""Writes many mentor-ECT pairs for the agenda benchmark.

usage: gen_pairs.py OUT_DIR PAIRS

Makes OUT_DIR/plans/pair-00001/pair.yaml ... pair-NNNNN/pair.yaml. Meeting days
cycle through Monday to Friday and start dates through a September 2025
starter (year 2 in 2026-27), a September 2026 starter (year 1) and a January
2027 starter, so every kind of pair is present. The names are made up.
"""
import os
import sys

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
STARTS = ["2025-09-03", "2026-09-02", "2027-01-04"]


def main():
    out, target = sys.argv[1], int(sys.argv[2])
    plans = os.path.join(out, "plans")
    for i in range(1, target + 1):
        d = os.path.join(plans, f"pair-{i:05d}")
        os.makedirs(d, exist_ok=True)
        # day and start cycle with co-prime periods (5 and 3), so every
        # combination of day and start occurs
        day = DAYS[i % len(DAYS)]
        start = STARTS[i % len(STARTS)]
        with open(os.path.join(d, "pair.yaml"), "w") as f:
            f.write(
                f"mentor: Mentor {i}\n"
                f"ect: Teacher {i}\n"
                "programme: example\n"
                f"start: {start}\n"
                f'meeting: {{day: {day}, time: "15:30", minutes: 50}}\n'
            )
    print(f"wrote {target} pairs under {plans}")


if __name__ == "__main__":
    main()
