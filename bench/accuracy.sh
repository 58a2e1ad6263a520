#!/usr/bin/env bash
# Regenerates every accuracy figure in docs/benchmarks.md (section 2) from the public data in ../shared/data.
# Nothing from ../shared/data is copied into the project; converted data and trained benchmark models go to
# target/bench/. Needs python3 (standard library only) for the SemEval conversion and the scoring of VoxCheck.
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

if [ -n "${STANCEMAP_EMULATED:-}" ]; then
  echo "== RUW val and test, default model, AVX2 kernels under emulation (bench/emulated.sh; about 30 min)"
  for split in val test; do
    bench/emulated.sh eval -q --format json --data "$ruw/raw_${split}_Russia_Ukraine.utf8.csv" "${cols[@]}" \
      > "$out/ruw-default-avx2-$split.json"
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sys.argv[2], {k: round(v['f_avg'], 3) for k, v in d['dimensions'].items()})" \
      "$out/ruw-default-avx2-$split.json" "$split"
  done
fi

echo "== RUW: train on train, choose hyper-parameters and bias offsets on val, test on test"
./stancemap train -q --data "$ruw/raw_train_Russia_Ukraine.utf8.csv" --validation "$ruw/raw_val_Russia_Ukraine.utf8.csv" \
  "${cols[@]}" --out "$out/ruw.model.json"
./stancemap eval -q --format json --model "$out/ruw.model.json" --data "$ruw/raw_test_Russia_Ukraine.utf8.csv" \
  "${cols[@]}" > "$out/ruw-trained.json"
./stancemap eval -q --model "$out/ruw.model.json" --data "$ruw/raw_test_Russia_Ukraine.utf8.csv" "${cols[@]}" \
  | grep -E '^(model|stance)'

echo "== RUW: fine-tuned encoder (train --fine-tune: epoch chosen on val), then the same heads; test on test (~25 min)"
./stancemap train -q --fine-tune --data "$ruw/raw_train_Russia_Ukraine.utf8.csv" \
  --validation "$ruw/raw_val_Russia_Ukraine.utf8.csv" "${cols[@]}" --out "$out/ruw-ft.model.json"
./stancemap eval -q --format json --model "$out/ruw-ft.model.json" --data "$ruw/raw_test_Russia_Ukraine.utf8.csv" \
  "${cols[@]}" > "$out/ruw-ft.json"
./stancemap eval -q --model "$out/ruw-ft.model.json" --data "$ruw/raw_test_Russia_Ukraine.utf8.csv" "${cols[@]}" \
  | grep -E '^(model|stance)'

echo "== SemEval-2021 Task 6: persuasion techniques mapped to the codebook's ids (train on train, tune on dev, test)"
sem="$data/semeval2021_task6"
python3 bench/semeval_techniques.py convert "$sem" "$out"
./stancemap train -q --data "$out/semeval-train.jsonl" --validation "$out/semeval-dev.jsonl" --out "$out/semeval.model.json"
./stancemap eval -q --format json --model "$out/semeval.model.json" --data "$out/semeval-test.jsonl" \
  > "$out/semeval-trained.json"
./stancemap eval -q --format json --data "$out/semeval-test.jsonl" > "$out/semeval-default.json"
python3 bench/semeval_techniques.py score "$out/semeval-trained.json" "$out/semeval-default.json"
./stancemap train -q --fine-tune --data "$out/semeval-train.jsonl" --validation "$out/semeval-dev.jsonl" \
  --out "$out/semeval-ft.model.json"
./stancemap eval -q --format json --model "$out/semeval-ft.model.json" --data "$out/semeval-test.jsonl" \
  > "$out/semeval-ft.json"
python3 bench/semeval_techniques.py score "$out/semeval-ft.json"

echo "== VoxCheck propaganda diary: narrative recall of the default model (one document per claim)"
vox="$data/voxcheck_propaganda_diary/propaganda_diary_en.csv"
rm -rf "$out/voxcheck"
python3 bench/voxcheck_narratives.py split "$vox" "$out/voxcheck"
./stancemap analyze -q --format json --out "$out/voxcheck-analysis.json" "$out/voxcheck"
python3 bench/voxcheck_narratives.py score "$vox" "$out/voxcheck-analysis.json"

echo "== Pro-Kremlin narratives: recall on VoxCheck against false alarms on pro-Ukraine RUW test tweets, by threshold"
rm -rf "$out/ruw-test-tweets"
python3 bench/narrative_curve.py split-ruw "$ruw/raw_test_Russia_Ukraine.utf8.csv" "$out/ruw-test-tweets"
./stancemap analyze -q --format json --label-threshold 0.05 --out "$out/voxcheck-low.json" "$out/voxcheck"
./stancemap analyze -q --format json --label-threshold 0.05 --out "$out/ruw-test-low.json" "$out/ruw-test-tweets"
python3 bench/narrative_curve.py score "$vox" "$out/voxcheck-low.json" "$ruw/raw_test_Russia_Ukraine.utf8.csv" \
  "$out/ruw-test-low.json"
