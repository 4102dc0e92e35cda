#!/usr/bin/env bash
# Benchmark: `ect validate` over the real corpus and a generated repository
# of 20,000 session files. Prints wall time, files per second and peak memory.
# usage: benches/validate.sh [SESSIONS]   (run from the project root)
set -euo pipefail
sessions=${1:-20000}
cargo build --release --quiet
ect=$PWD/target/release/ect
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # name root
  local name=$1 root=$2 files
  files=$( ("$ect" validate --root "$root" --format json || true) | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["files"])')
  # warm the page cache once, then time three runs and keep the best
  local best="" mem=""
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$work/time" "$ect" validate --root "$root" --quiet >/dev/null || true
    read -r secs kb < <(tail -n 1 "$work/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; mem=$kb; fi
  done
  awk -v n="$name" -v f="$files" -v s="$best" -v m="$mem" \
    'BEGIN{ rate = (s > 0) ? f / s : f / 0.01; printf "%-28s %7d files  %6.2f s  %8.0f files/s  %6.1f MB peak\n", n, f, s, rate, m/1024 }'
}

if [ -d ../shared/corpus/dfe-cip ]; then
  mkdir -p "$work/corpus"
  cp -r ../shared/corpus/dfe-cip "$work/corpus/curriculum"
  measure "dfe-cip corpus" "$work/corpus"
else
  echo "dfe-cip corpus: skipped (../shared is not here)"
fi
python3 benches/gen_curriculum.py "$work/large" "$sessions" >/dev/null
measure "generated ($sessions sessions)" "$work/large"
echo "machine: $(nproc) cores; $(date -u +%Y-%m-%d)"
