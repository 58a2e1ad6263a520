#!/usr/bin/env bash
# Regenerates the static int8 quantisation tables of the catalogued embedding models
# (stancemap-model-onnx/src/main/resources/org/stancemap/model/onnx/<model>.ranges.tsv; see StaticQuantization):
# each text of the built-in codebook (exemplars and near misses) runs alone through the shipped int8 graph and every
# quantised activation's range is recorded. A new table changes every vector, so the golden files, the default
# heads and the accuracy figures must be regenerated after it (docs/examples.md, docs/benchmarks.md).
# Usage: bench/calibrate.sh [MODEL-ID...]   (default: every catalogued model)
set -euo pipefail
cd "$(dirname "$0")/.."
./stancemap --version >/dev/null # builds the jars when needed
source .mvn/wrapper/jdk.sh
stancemap_select_jdk
flags=(-Xlog:disable -Xlog:all=warning:stderr)
[ "$(stancemap_java_major "$JAVA_HOME")" -ge 22 ] && flags+=(--enable-native-access=ALL-UNNAMED)
cp="stancemap-cli/target/stancemap-cli-0.1.0-SNAPSHOT.jar:stancemap-cli/target/lib/*"
out=stancemap-model-onnx/src/main/resources/org/stancemap/model/onnx
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(all-minilm-l6-v2-q bge-small-en-v15-q)
mkdir -p "$out"
for m in "${models[@]}"; do
  "$JAVA_HOME/bin/java" "${flags[@]}" -cp "$cp" org.stancemap.model.onnx.Calibration "$m" "$out/$m.ranges.tsv"
done
