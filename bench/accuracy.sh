#!/usr/bin/env bash
# Regenerates every accuracy figure in docs/benchmarks.md from the public data in ../shared/data.
# Nothing from ../shared/data is copied into the project; trained benchmark models go to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${STANCEMAP_SHARED:-../shared}/data"
out=target/bench
mkdir -p "$out"
ruw="$data/ruw"
cols=(--text-column Tweet --label-column "Stance 1=stance:russia" --label-column "Stance 2=stance:ukraine")

echo "== RUW test, shipped default model (trained only on the codebook's exemplars)"
./stancemap eval -q --format json --data "$ruw/raw_test_Russia_Ukraine.utf8.csv" "${cols[@]}" > "$out/ruw-default.json"
./stancemap eval -q --data "$ruw/raw_test_Russia_Ukraine.utf8.csv" "${cols[@]}" | grep -E '^(model|stance)'

echo "== RUW: train on train, choose hyper-parameters on val, test on test"
./stancemap train -q --data "$ruw/raw_train_Russia_Ukraine.utf8.csv" --validation "$ruw/raw_val_Russia_Ukraine.utf8.csv" \
  "${cols[@]}" --out "$out/ruw.model.json"
./stancemap eval -q --format json --model "$out/ruw.model.json" --data "$ruw/raw_test_Russia_Ukraine.utf8.csv" \
  "${cols[@]}" > "$out/ruw-trained.json"
./stancemap eval -q --model "$out/ruw.model.json" --data "$ruw/raw_test_Russia_Ukraine.utf8.csv" "${cols[@]}" \
  | grep -E '^(model|stance)'
