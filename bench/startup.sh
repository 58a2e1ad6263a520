#!/usr/bin/env bash
# Start-up time of `stancemap analyze`: from starting the launcher to the first document on standard output, and to
# the process's exit, with a warm model cache and start-up cache (the first, untimed run creates both if needed).
# Usage: bench/startup.sh [FILE] [RUNS]   (default: examples/off-topic.txt, 5 runs; prints each run and the median)
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-examples/off-topic.txt}"
runs="${2:-5}"
./stancemap analyze -q --format json "$file" >/dev/null
firsts=()
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  first=""
  while IFS= read -r line; do
    if [ -z "$first" ] && [[ "$line" == *'"id": '* ]]; then first=$(date +%s%N); fi
  done < <(./stancemap analyze -q --format json "$file")
  end=$(date +%s%N)
  [ -n "$first" ] || { echo "run $i: no document in the output" >&2; exit 1; }
  firsts+=($(( (first - start) / 1000000 )))
  echo "run $i: first document after $(( (first - start) / 1000000 )) ms, exit after $(( (end - start) / 1000000 )) ms"
done
sorted=($(printf '%s\n' "${firsts[@]}" | sort -n))
echo "median time to the first document: ${sorted[$(( ${#sorted[@]} / 2 ))]} ms ($runs runs, $file)"
