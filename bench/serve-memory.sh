#!/usr/bin/env bash
# Memory of `stancemap serve` under load (docs/benchmarks.md §5, "Memory of serve"): builds the load test's store
# of 10,000 documents once (LoadTest, kept in target/bench/load.db), starts ./stancemap serve on it as a user would
# (the launcher's -Xmx1g), sends 2,000 mixed GETs (corpus listing pages, document pages, search, dashboards' data)
# from 16 clients, and samples the server's resident memory every half second.
# Usage: bench/serve-memory.sh [REQUESTS]   Output: target/bench/serve-memory.txt
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
n="${1:-2000}"
db="$out/load.db"
if [ ! -f "$db" ]; then
  ./mvnw -B -ntp -q -pl stancemap-web -am verify -Dtest=LoadTest -Dstancemap.load=true -Dstancemap.load.seconds=1 \
    -Dstancemap.load.db="$(pwd)/$db" -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false \
    -Dit.test=none >/dev/null
fi
port=7391
./stancemap serve --db "$db" --port "$port" >"$out/serve.log" 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 1; done
pid="$(pgrep -f "org.stancemap.cli.StancemapTool serve --db $db" | head -n1)"
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status"; }
start="$(rss)"
ids="$(curl -fs "http://127.0.0.1:$port/api/corpus?limit=200" | python3 -c 'import json,sys; print(" ".join(str(i["id"]) for i in json.load(sys.stdin)["items"]))')"
python3 - "$port" "$n" "$ids" >"$out/serve-urls.txt" <<'PY'
import random, sys
port, n, ids = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
r = random.Random(7)
paths = ["/api/corpus?limit=20&offset={o}", "/api/documents/{id}", "/api/search?q=sanctions&limit=20",
         "/api/search?q=NATO%20provoked%20the%20war&mode=semantic", "/api/dashboards/narratives-over-time",
         "/api/dashboards/positions-by-source", "/"]
for i in range(n):
    p = paths[i % len(paths)].format(o=r.randrange(0, 9980), id=r.choice(ids))
    print(f"http://127.0.0.1:{port}{p}")
PY
( peak=0; while sleep 0.5; do r="$(rss 2>/dev/null || echo 0)"; [ "$r" -gt "$peak" ] && peak=$r; echo "$peak" >"$out/serve-peak"; done ) &
sampler=$!
t0=$(date +%s.%N)
codes="$(xargs -P 16 -n 1 curl -s -o /dev/null -w '%{http_code}\n' <"$out/serve-urls.txt" | sort | uniq -c | tr '\n' ' ')"
t1=$(date +%s.%N)
sleep 1
kill "$sampler" 2>/dev/null || true
hwm="$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$pid/status")"
{
  echo "serve on $db: $n GETs from 16 clients in $(python3 -c "print(round($t1-$t0,1))") s; status codes: $codes"
  echo "RSS: $start MB after start, peak $(cat "$out/serve-peak") MB sampled, VmHWM $hwm MB, $(rss) MB at the end"
} | tee "$out/serve-memory.txt"
