#!/usr/bin/env bash
# Benchmark: `ect agenda --week 2026-11-30` over a generated repository of 5,000
# pairs (the repository's own ect.yaml and curriculum), first run (agendas
# created) and re-run (agendas unchanged), and `ect validate` over the same
# repository. In that week the January 2027 starters (a third of the pairs)
# have not started, so 3,333 of 5,000 agendas are written. Prints wall time,
# pairs per second, peak memory and what the command reported doing.
# usage: benches/agenda.sh [PAIRS]   (run from the project root)
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
python3 benches/gen_pairs.py "$repo" "$pairs" >/dev/null
export ECT_TODAY=2026-11-20

clear_agendas() { find "$repo/plans" -mindepth 2 -maxdepth 2 -type d -name agendas -exec rm -rf {} +; }

# what `ect agenda` said it did, one count per outcome
agenda_counts() {
  awk '$2 == "created" {c++} $2 == "unchanged" {u++} $2 == "skipped:" {s++} $2 == "updated" {d++} $2 == "kept" {k++}
       END {printf "created %d, unchanged %d, skipped %d", c, u, s; if (d) printf ", updated %d", d; if (k) printf ", kept %d", k}' "$1"
}
validate_summary() { tail -n 1 "$1"; }

# name, then the command. Runs it three times, calling $prepare (if set)
# before each, keeps the best time; $summarize reads the best run's output.
measure() {
  local name=$1; shift
  local best="" mem="" counts=""
  for _ in 1 2 3; do
    if [ -n "${prepare:-}" ]; then $prepare; fi
    rc=0
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || rc=$?
    if [ -s "$work/err" ]; then echo "  ($name: exit $rc, stderr: $(head -c 200 "$work/err"))" >&2; fi
    read -r secs kb < <(tail -n 1 "$work/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then
      best=$secs; mem=$kb
      counts=$($summarize "$work/out")
      cp "$work/out" "$work/out.best"
    fi
  done
  awk -v n="$name" -v p="$pairs" -v s="$best" -v m="$mem" -v c="$counts" \
    'BEGIN{ rate = (s > 0) ? p / s : p / 0.01; printf "%-28s %7d pairs  %6.2f s  %8.0f pairs/s  %6.1f MB peak  %s\n", n, p, s, rate, m/1024, c }'
}

prepare=clear_agendas summarize=agenda_counts measure "agenda, first run" "$ect" agenda --root "$repo" --week 2026-11-30 --color never
# the agendas of the last first run are in place: every pair is unchanged
files=$(find "$repo/plans" -path '*/agendas/*.md' | wc -l)
prepare="" summarize=agenda_counts measure "agenda, re-run" "$ect" agenda --root "$repo" --week 2026-11-30 --color never
echo "  skipped because: $(grep -o 'skipped: .*' "$work/out.best" | sort | uniq -c | sed 's/^ *//' | paste -sd ';' - | sed 's/;/; /g')"
echo "  agenda files on disk: $files"
prepare="" summarize=validate_summary measure "validate ($pairs pairs)" "$ect" validate --root "$repo" --color never
echo "machine: $(nproc) cores; $(date -u +%Y-%m-%d)"
