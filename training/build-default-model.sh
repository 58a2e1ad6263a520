#!/usr/bin/env bash
# Rebuilds the shipped default model from the team's corpus (training/corpus/*.jsonl), with fixed seeds:
#   1. splits the corpus by family into train / validation / test (training/split.py -> target/training/);
#   2. fine-tunes all-MiniLM-L6-v2 (fp32) on train, choosing the epoch on validation (stancemap train --fine-tune);
#   3. quantises the tuned weights into the int8 graph and calibrates its activation ranges (ShipEncoder), writing
#      stancemap-model-onnx/src/main/resources/org/stancemap/model/onnx/stancemap-minilm-l6-ft-q.{onnx,ranges.tsv}
#      and the encoder's length, CRC-32 and SHA-256 into ShippedEncoder.java;
#   4. trains the heads on the int8 encoder: the codebook's heads, then the corpus's stance, voice and attitude
#      heads, then the document-position head from training/documents (stancemap train), writing stancemap-core/src/main/resources/org/stancemap/model/default/ru-ua-left.model.json.
# The test split is never used here. Takes about 2 hours on 2 AVX2 cores (110 min on 2026-12-08). Usage: training/build-default-model.sh [EPOCHS]
#        training/build-default-model.sh --heads   (steps 1 and 4 only: the heads on the shipped encoder, minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
heads_only=no
if [ "${1:-}" = "--heads" ]; then heads_only=yes; shift; fi
epochs="${1:-4}"
out=target/training
res=stancemap-model-onnx/src/main/resources/org/stancemap/model/onnx
model=stancemap-core/src/main/resources/org/stancemap/model/default/ru-ua-left.model.json
python3 training/validate.py
python3 training/split.py "$out"
python3 -c 'import json,sys; [print(json.loads(l)["text"].replace("\n"," ")) for l in open(sys.argv[1], encoding="utf-8")]' \
  "$out/train.jsonl" > "$out/train.txt"
export STANCEMAP_CACHE="$PWD/$out/cache"
if [ "$heads_only" = no ]; then
./stancemap train --embedding all-minilm-l6-v2-q --fine-tune --epochs "$epochs" --seed 42 \
  --data "$out/train.jsonl" --validation "$out/validation.jsonl" --out "$out/finetune.model.json" | tee "$out/finetune.log"
source .mvn/wrapper/jdk.sh
stancemap_select_jdk
flags=(-Xlog:disable -Xlog:all=warning:stderr)
[ "$(stancemap_java_major "$JAVA_HOME")" -ge 22 ] && flags+=(--enable-native-access=ALL-UNNAMED)
cp="stancemap-cli/target/stancemap-cli-0.1.0-SNAPSHOT.jar:stancemap-cli/target/lib/*"
line=$("$JAVA_HOME/bin/java" "${flags[@]}" -cp "$cp" org.stancemap.model.onnx.ShipEncoder \
  "$out/finetune.model.encoder.onnx" "$res/stancemap-minilm-l6-ft-q.onnx" "$res/stancemap-minilm-l6-ft-q.ranges.tsv" \
  "$out/train.txt" | tail -1)
echo "$line"
python3 - "$line" <<'PY'
import re, sys
m = re.search(r"\((\d+) bytes, CRC-32 (0x[0-9a-f]+), SHA-256 ([0-9a-f]{64})\)", sys.argv[1])
p = "stancemap-model-onnx/src/main/java/org/stancemap/model/onnx/ShippedEncoder.java"
s = open(p, encoding="utf-8").read()
s = re.sub(r"static final OnnxEmbeddingModel.Known KNOWN = [^;]*;",
           f'static final OnnxEmbeddingModel.Known KNOWN =\n      new OnnxEmbeddingModel.Known({m.group(1)}L, {m.group(2)}L, "{m.group(3)}");', s)
open(p, "w", encoding="utf-8").write(s)
PY
fi
./mvnw -B -ntp -q install -DskipTests
mkdir -p "$(dirname "$model")"
rm -f "$model"
./stancemap train --embedding stancemap-minilm-l6-ft-q --seed 42 --char-ngrams 0 --min-df 2 \
  --data "$out/train.jsonl" --validation "$out/validation.jsonl" --documents training/documents/*.jsonl \
  --out "$model" | tee "$out/heads.log"
./mvnw -B -ntp -q install -DskipTests
ls -l "$res/stancemap-minilm-l6-ft-q.onnx" "$model"
