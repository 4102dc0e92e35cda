#!/usr/bin/env bash
# The benchmark suite: each `ect` job side by side with its physical floor
# (benches/floor.rs) and, for validate, markdownlint-cli2, in hyperfine runs
# that take turns (the short jobs in several rounds), so the ratios hold
# whatever the machine's load. Prints a table of median times and ratios
# (ect / floor) and the peak memory of each ect run.
# `validate` runs on the corpus repeated 1, 5, 20 and 45 times (the last
# about 14,000 files, the size the memory target names).
#
# usage: benches/suite.sh [PAIRS]     (from the project root)
#   PAIRS  pairs for agenda/status/schedule (default 10000), each with a
#          school year of agendas (about 38)
# needs: hyperfine (apt-get install hyperfine), ../shared/corpus/dfe-cip,
# markdownlint-cli2 under target/markdownlint (as .ci/run installs it).
set -euo pipefail
pairs=${1:-10000}
root=$PWD
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
corpus=$root/../shared/corpus/dfe-cip
[ -d "$corpus" ] || { echo "$corpus is needed" >&2; exit 2; }
cargo build --release --quiet
cargo build --release --quiet --example floor
ect=$root/target/release/ect
floor=$root/target/release/examples/floor
lint=$root/target/markdownlint/node_modules/.bin/markdownlint-cli2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv
: >"$results"

# name, then hyperfine's commands (the first is ect's, the second its
# floor, any third another tool); keeps the median of each. The runs are
# made in ROUNDS rounds (default 1), each a hyperfine run of every command
# in turn, and pooled: a machine that slows down for a while slows both
# sides, not the one that happened to run then.
compare() {
  local name=$1; shift
  local rounds=${ROUNDS:-1} r
  for r in $(seq "$rounds"); do
    hyperfine --style none --ignore-failure --warmup 1 --runs "${RUNS:-5}" ${PREPARE:+--prepare "$PREPARE"} \
      --export-json "$work/h-$r.json" "$@" >/dev/null
  done
  python3 - "$name" "$work"/h-*.json >>"$results" <<'PY'
import json, statistics, sys
name, paths = sys.argv[1], sys.argv[2:]
pooled = None
for path in paths:
    times = [r["times"] for r in json.load(open(path))["results"]]
    pooled = times if pooled is None else [a + b for a, b in zip(pooled, times)]
print("\t".join([name] + [f"{statistics.median(t):.4f}" for t in pooled]))
PY
  rm -f "$work"/h-*.json
}

# peak memory (MB) of one run of the command
peak() { /usr/bin/time -f '%M' -o "$work/mem" "$@" >/dev/null 2>&1 || true; tail -n 1 "$work/mem" | awk '{printf "%.0f", $1/1024}'; }

# a repository holding the corpus N times (each copy's links renamed, so
# cross-file checks see N programmes, not N copies of broken links)
corpus_times() {
  local n=$1 out=$work/corpus-$1
  python3 - "$corpus" "$out/curriculum" "$n" <<'PY'
import os, shutil, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
progs = [p[:-3] for p in os.listdir(src) if p.endswith(".md") and os.path.isdir(os.path.join(src, p[:-3]))]
for k in range(1, n + 1):
    suffix = "" if k == 1 else f"-{k}"
    for root, _, files in os.walk(src):
        rel = os.path.relpath(root, src)
        first = rel.split(os.sep)[0]
        target_rel = rel
        if first in progs:
            target_rel = first + suffix + rel[len(first):]
        elif first == "assets" and k > 1:
            continue
        os.makedirs(os.path.join(dst, target_rel), exist_ok=True)
        for f in files:
            name = f
            if rel == "." and f[:-3] in progs:
                name = f[:-3] + suffix + ".md"
            data = open(os.path.join(root, f), "rb").read()
            if f.endswith(".md") and suffix:
                for p in progs:
                    data = data.replace(f"/{p}/".encode(), f"/{p}{suffix}/".encode())
                    data = data.replace(f"/{p})".encode(), f"/{p}{suffix})".encode())
            open(os.path.join(dst, target_rel, name), "wb").write(data)
PY
  echo "$out"
}

echo "== validate: ect, the single-thread parse floor, markdownlint-cli2"
# the shorter the run, the more runs: five runs of 10 ms vary by a third,
# so the corpus alone gets eight rounds of five runs (each round five runs
# of ect, then five of the floor). The longer runs take turns more often
# instead: on a machine whose speed moves from one second to the next
# (seen here: the floor at x45 took 0.34 s in one run and 0.55 s in the
# next), x5 gets six rounds of three runs, x20 and x45 eight of one.
for n in 1 5 20 45; do
  repo=$(corpus_times "$n")
  files=$(find "$repo/curriculum" -name '*.md' | wc -l)
  rounds=$(( n == 1 ? 8 : n == 5 ? 6 : 8 ))
  runs=$(( n == 1 ? 5 : n == 5 ? 3 : 1 ))
  ROUNDS=$rounds RUNS=${RUNS:-$runs} compare "validate, corpus x$n ($files files)" \
    "$ect validate --root $repo --format json" \
    "$floor parse $repo/curriculum"
  if [ "$n" = 1 ] && [ -x "$lint" ]; then
    # markdownlint-cli2 takes seconds a run: its own few runs, their
    # median added to the same row of the table
    (cd "$repo" && hyperfine --style none --ignore-failure --warmup 1 --runs "${RUNS:-5}" \
      --export-json "$work/lint.json" "$lint 'curriculum/**/*.md'" >/dev/null)
    median=$(python3 - "$work/lint.json" <<'PY'
import json, sys
print(f"{json.load(open(sys.argv[1]))['results'][0]['median']:.4f}")
PY
)
    sed -i '$ s/$/\t'"$median"'/' "$results"
  fi
  echo "validate x$n peak MB: $(peak "$ect" validate --root "$repo" --format json)" >>"$work/memory"
done

echo "== agenda, status, schedule on $pairs pairs, each with a school year of agendas"
# September 2025 starters with a school year of agendas (gen_status.py:
# every meeting of 2025-26 up to 12 July 2026, three action plans each)
repo=$work/school
mkdir -p "$repo"
cp ect.yaml "$repo/"
cp -r curriculum "$repo/curriculum"
python3 benches/gen_status.py "$repo" "$pairs" "$ect" >/dev/null
export ECT_TODAY=2026-07-13
week=2026-07-13
"$ect" --root "$repo" agenda --week "$week" >/dev/null || true
new="$repo/plans/*/agendas/2026-07-1[3-7].md"
written=$(ls $new 2>/dev/null | wc -l)
history=$(find "$repo/plans" -name '*.md' -path '*/agendas/*' | wc -l)
compare "agenda, nothing changed ($pairs pairs, $history agendas)" \
  "$ect --root $repo agenda --week $week" \
  "$floor read $repo/plans"
PREPARE="rm -f $new; rm -rf $work/floor-out" \
  compare "agenda, $written agendas written" \
  "$ect --root $repo agenda --week $week" \
  "$floor write $work/floor-out $written"
compare "status ($pairs pairs)" "$ect --root $repo status" "$floor read $repo/plans"
compare "schedule --all --ics ($pairs pairs)" "$ect --root $repo schedule --all --ics" "$floor read $repo/plans"
{
  echo "agenda peak MB: $(peak "$ect" --root "$repo" agenda --week "$week")"
  echo "status peak MB: $(peak "$ect" --root "$repo" status)"
  echo "schedule --all --ics peak MB: $(peak "$ect" --root "$repo" schedule --all --ics)"
} >>"$work/memory"

echo
python3 - "$results" <<'PY'
import sys
print("| job | ect | floor | ect / floor | other tool | other / ect |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for line in open(sys.argv[1]):
    name, *medians = line.rstrip("\n").split("\t")
    e, f = float(medians[0]), float(medians[1])
    other = f"{float(medians[2]):.3f} s | {float(medians[2]) / e:.0f}x" if len(medians) > 2 else " | "
    print(f"| {name} | {e:.3f} s | {f:.3f} s | {e / f:.2f} | {other} |")
PY
echo
cat "$work/memory"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; $(date -u +%Y-%m-%d)"
