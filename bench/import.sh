#!/usr/bin/env bash
# Import rate into SQLite (docs/benchmarks.md section 3): generates N small text files (deterministic, default
# 5000, about 8 sentences each) under target/bench/import-corpus/, imports them into a fresh SQLite database,
# then imports them again (every file unchanged), and prints documents per second for both runs.
# Usage: bench/import.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-5000}"
out=target/bench
corpus="$out/import-corpus-$n"
db="$out/import-$n.db"
mkdir -p "$out"
if [ ! -d "$corpus" ]; then
  awk -v n="$n" -v dir="$corpus" 'BEGIN {
    srand(42)
    split("the war in Ukraine Russia invasion workers union solidarity NATO empire resistance left campist " \
      "sanctions weapons negotiations ceasefire occupation refugees aid Kyiv Moscow strike against for with " \
      "must should never always people government army peace front line", w, " ")
    nw = length(w)
    for (i = 0; i < n; i++) {
      sub_dir = sprintf("%s/%02d", dir, int(i / 500))
      if (i % 500 == 0) system("mkdir -p " sub_dir)
      f = sprintf("%s/doc-%06d.txt", sub_dir, i)
      printf "Report %d.", i > f
      for (s = 0; s < 8; s++) {
        line = ""
        for (k = 0; k < 10 + int(rand() * 15); k++) line = line " " w[1 + int(rand() * nw)]
        printf "%s.", line > f
        if (s == 3) printf "\n\n" > f
      }
      printf "\n" > f
      close(f)
    }
  }'
fi
rm -f "$db" "$db-wal" "$db-shm"
./stancemap import --help >/dev/null # build first, outside the measurement
TIMEFORMAT='%R %U %S'
for label in "first import" "re-import (unchanged)"; do
  t=$( { time ./stancemap import "$corpus" --db "$db" -q >/dev/null; } 2>&1 )
  read -r real user sys <<<"$t"
  awk -v n="$n" -v r="$real" -v u="$user" -v s="$sys" -v l="$label" 'BEGIN {
    printf "%s: %d documents in %.1f s = %.0f documents/s wall (JVM start included); CPU %.1f s = %.2f ms/document\n",
      l, n, r, n / r, u + s, 1000 * (u + s) / n }'
done
./stancemap import-report --db "$db" | head -1
