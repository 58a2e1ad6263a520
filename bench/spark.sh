#!/usr/bin/env bash
# Regenerates docs/benchmarks.md section 8 (the Spark job) on this machine, on one generated corpus
# (SyntheticCorpus, seed 7, N sentences; default 50,000) and the same two cores:
#  1. ./stancemap analyze (the CLI)
#  2. ./stancemap spark analyze --master local[2] (the job in local mode)
#  3. the job jar with spark-submit on a standalone cluster on 127.0.0.1: one worker with one core, then two
#     workers with one core each (master, workers and executors are separate JVMs)
# It prints wall-clock times, sentences/s, the job's own time (from reading to the last table written), the time
# to start (JVM, Spark and the model until the job's first stage), and the peak RSS of every executor JVM.
# Run it on an otherwise idle machine. Output: target/bench/spark/results.txt
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
n="${1:-50000}"
out="$root/target/bench/spark"
rm -rf "$out"
mkdir -p "$out"
source .mvn/wrapper/jdk.sh
stancemap_select_jdk >/dev/null
java="$JAVA_HOME/bin/java"
./stancemap bench --write-corpus "$out/corpus" --sentences "$n" | tee "$out/results.txt"
./stancemap spark --help >/dev/null   # builds the job jar on first use
jobjar="$root/stancemap-spark/target/stancemap-spark-0.1.0-SNAPSHOT-job.jar"
# the flags ./stancemap spark gives its JVM (see the launcher): C1 alone, the parallel collector
flags=(-XX:TieredStopAtLevel=1 -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
  -Dlog4j2.configurationFile="$root/stancemap-spark/src/main/resources/org/stancemap/spark/log4j2-local.properties")
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.util.calendar; do
  flags+=("--add-opens=java.base/$p=ALL-UNNAMED")
done

say() { echo "$*" | tee -a "$out/results.txt"; }

# 1. The CLI, twice (the first run warms the disk cache and the start-up cache); the second is reported.
./stancemap analyze -q --format json "$out/corpus" >/dev/null
/usr/bin/time -f "%e %M" -o "$out/cli.time" ./stancemap analyze -q --format json "$out/corpus" >/dev/null
say "cli: wall $(cut -d' ' -f1 "$out/cli.time") s, peak RSS $(( $(cut -d' ' -f2 "$out/cli.time") / 1024 )) MB"

# 2. Local mode on two cores.
/usr/bin/time -f "%e %M" -o "$out/local.time" ./stancemap spark analyze --master 'local[2]' --input "$out/corpus" \
  --format text --output "$out/local" --no-vectors | tee "$out/local.txt"
say "local[2]: $(tail -n1 "$out/local.txt"); process wall $(cut -d' ' -f1 "$out/local.time") s, peak RSS $(( $(cut -d' ' -f2 "$out/local.time") / 1024 )) MB"

# 3. Standalone clusters.
home="$out/spark-home"
mkdir -p "$home"
echo "Spark for the Stancemap benchmark" > "$home/RELEASE"
ln -sfn "$root/stancemap-spark/target/lib" "$home/jars"
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
pids=()
cleanup() { for p in "${pids[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
cluster() { # cluster WORKERS: runs the job on a fresh standalone cluster of WORKERS one-core workers
  local workers="$1"
  local port=$((7100 + workers)) tag="cluster-$1"
  "$java" -Xmx512m "${flags[@]}" -cp "$home/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
    --port "$port" --webui-port $((8100 + workers)) >"$out/$tag-master.log" 2>&1 &
  pids+=($!)
  sleep 5
  for w in $(seq 1 "$workers"); do
    mkdir -p "$out/$tag-work-$w"
    "$java" -Xmx512m "${flags[@]}" -cp "$home/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
      --cores 1 --memory 2g --work-dir "$out/$tag-work-$w" --webui-port $((8200 + 10 * workers + w)) \
      "spark://127.0.0.1:$port" >"$out/$tag-worker-$w.log" 2>&1 &
    pids+=($!)
  done
  sleep 5
  # peak RSS of the executors, sampled every half second
  ( peak=0; while sleep 0.5; do
      for p in $(pgrep -f CoarseGrainedExecutorBackend || true); do
        r=$(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); [ "${r:-0}" -gt "$peak" ] && peak=$r
      done; echo "$peak" > "$out/$tag-executor-rss"; done ) &
  local sampler=$!
  /usr/bin/time -f "%e" -o "$out/$tag.time" "$java" -Xmx1g "${flags[@]}" -cp "$home/jars/*" \
    org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$port" --class org.stancemap.spark.Job \
    --conf spark.executor.cores=1 --conf spark.executor.memory=1g --conf spark.cores.max="$workers" \
    --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false \
    --conf "spark.executor.extraJavaOptions=${flags[*]}" \
    "$jobjar" analyze --input "$out/corpus" --format text --output "$out/$tag" --no-vectors --partitions $((4 * workers)) \
    | tee "$out/$tag.txt"
  kill "$sampler" 2>/dev/null || true
  say "$tag (one-core workers): $(tail -n1 "$out/$tag.txt"); submit wall $(cat "$out/$tag.time") s, peak executor RSS $(( $(cat "$out/$tag-executor-rss") / 1024 )) MB"
  cleanup
  pids=()
}
cluster 1
cluster 2
