#!/bin/bash
# bench/rss.sh PAPER_DIR [LOG]: builds the paper in PAPER_DIR (its content/ into its dist/, with
# its .cache/) with `--verbose`, sampling every 0.5 s the resident memory of the build process
# (worker threads included) and the sum over Pagefind processes, which --verbose cannot see.
# Prints the build's own report, then both peaks. docs/memory.md has the numbers it gave.
set -euo pipefail
dir=$1
log=${2:-$(mktemp)}
bin="$(cd "$(dirname "$0")/.." && pwd)/bin/build-paper.js"
cd "$dir"
: > "$log"
start=$(date +%s%N)
node "$bin" --verbose > "$log.out" 2>&1 &
pid=$!
while kill -0 $pid 2>/dev/null; do
  t=$(( ($(date +%s%N) - start) / 1000000 ))
  node_kib=$(ps -o rss= -p $pid 2>/dev/null | tr -d ' ' || true)
  pagefind_kib=$(ps -eo rss,comm | awk '/pagefind_ext/ {s+=$1} END {print s+0}')
  echo "$t ${node_kib:-0} $pagefind_kib" >> "$log"
  sleep 0.5
done
wait $pid || { cat "$log.out"; exit 1; }
grep -v -E '^(parse|render|search|write|related|load|images) [0-9]' "$log.out"
awk '{ if ($2 > n) { n = $2; nt = $1 } if ($3 > p) { p = $3; pt = $1 } } END { printf "peak RSS of the build: %d MiB at %.0f s; of Pagefind (all processes): %d MiB at %.0f s\n", n / 1024, nt / 1000, p / 1024, pt / 1000 }' "$log"
echo "samples (ms, build KiB, Pagefind KiB): $log"
