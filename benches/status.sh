#!/usr/bin/env bash
# Benchmark: `ect status` over a generated repository of 5,000 pairs (the
# repository's own ect.yaml and curriculum), each with a school year of
# agendas (2025-26, about 37 meetings) and three action plans, seen from
# ECT_TODAY=2026-07-13, near the end of that year, so every agenda of the
# year is read. Also `ect plan list` and `ect validate` over the same
# repository. Prints wall time, pairs per second, peak memory and what
# status reported.
# usage: benches/status.sh [PAIRS]   (run from the project root)
set -euo pipefail
pairs=${1:-5000}
cargo build --release --quiet
ect=$PWD/target/release/ect
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
mkdir -p "$repo"
cp ect.yaml "$repo/"
cp -r curriculum "$repo/curriculum"
python3 benches/gen_status.py "$repo" "$pairs" "$ect"
# let the freshly written files reach the disk before timing anything
sync
export ECT_TODAY=2026-07-13
agendas=$(find "$repo/plans" -path '*/agendas/*.md' | wc -l)
plans=$(find "$repo/plans" -path '*/action-plans/*.md' | wc -l)
bytes=$(du -sb "$repo/plans" | cut -f1)

# name, then the command: three runs (the first also warms the page cache),
# the best time kept.
measure() {
  local name=$1; shift
  local best="" mem=""
  for _ in 1 2 3; do
    rc=0
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || rc=$?
    if [ "$rc" -gt 1 ]; then echo "  ($name: exit $rc: $(head -c 300 "$work/err"))" >&2; fi
    read -r secs kb < <(tail -n 1 "$work/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; mem=$kb; cp "$work/out" "$work/out.best"; fi
  done
  awk -v n="$name" -v p="$pairs" -v s="$best" -v m="$mem" \
    'BEGIN{ rate = (s > 0) ? p / s : p / 0.01; printf "%-26s %6d pairs  %6.2f s  %8.0f pairs/s  %6.1f MB peak\n", n, p, s, rate, m/1024 }'
}

echo "repository: $pairs pairs, $agendas agendas, $plans action plans, $((bytes / 1024 / 1024)) MB under plans/"
measure "status" "$ect" status --root "$repo" --color never
echo "  $(grep 'needing attention' "$work/out.best")"
echo "  reasons: $(grep -o '! .*' "$work/out.best" | tr ';' '\n' | sed 's/^! //; s/^ //; s/ ([0-9].*)//; s/[0-9]\+ /N /g' | sort | uniq -c | sed 's/^ *//' | paste -sd ';' - | sed 's/;/; /g')"
measure "status --format json" "$ect" status --root "$repo" --format json
measure "plan list --overdue" "$ect" plan list --root "$repo" --overdue
echo "  overdue targets listed: $(grep -c '^  overdue' "$work/out.best" || true)"
measure "validate" "$ect" validate --root "$repo" --color never
echo "  $(tail -n 1 "$work/out.best")"
echo "machine: $(nproc) cores; $(date -u +%Y-%m-%d)"
