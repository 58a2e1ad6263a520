#!/usr/bin/env bash
# The figures of the shipped default model (docs/benchmarks.md, section 0): the corpus's held-out test split, the
# behavioural suite, RUW (never trained on), RUW with heads trained on its train split over the shipped encoder,
# the left-debate dev set (position, sentence stance, voice, calibration) and SemEval-2021 techniques. Public data
# is read from ../shared/data and never copied; converted data and models go to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${STANCEMAP_SHARED:-../shared}/data"
out=target/bench
mkdir -p "$out"
python3 training/split.py target/training > /dev/null

echo "== corpus test split (families never seen in training)"
./stancemap eval -q --data target/training/test.jsonl | grep -E '^(model|stance|voice|attitude)'

echo "== behavioural suite (checklist/suite.jsonl)"
./stancemap checklist --format json > "$out/checklist.json"
./stancemap checklist

ruw="$data/ruw"
cols=(--text-column Tweet --label-column "Stance 1=stance:russia" --label-column "Stance 2=stance:ukraine")
echo "== RUW test, shipped default model (never trained on RUW)"
./stancemap eval -q --data "$ruw/raw_test_Russia_Ukraine.utf8.csv" "${cols[@]}" | grep -E '^(model|stance)'
echo "== RUW: heads trained on RUW train over the shipped encoder, chosen on val, tested on test"
./stancemap train -q --data "$ruw/raw_train_Russia_Ukraine.utf8.csv" --validation "$ruw/raw_val_Russia_Ukraine.utf8.csv" \
  "${cols[@]}" --out "$out/ruw.model.json" > /dev/null
./stancemap eval -q --model "$out/ruw.model.json" --data "$ruw/raw_test_Russia_Ukraine.utf8.csv" "${cols[@]}" \
  | grep -E '^(model|stance)'

echo "== left-debate dev set (../shared/tools/leftdebate-score)"
../shared/tools/leftdebate-score
ld="$data/leftdebate-dev"
rm -rf "$out/leftdebate" && mkdir -p "$out/leftdebate"
python3 -c '
import os, sys
src, dst = sys.argv[1], sys.argv[2]
for f in sorted(os.listdir(src)):
    open(os.path.join(dst, f), "w", encoding="utf-8").write(open(os.path.join(src, f), encoding="utf-8").read().split("\n---\n", 1)[1])
' "$ld/texts" "$out/leftdebate"
./stancemap analyze -q --format json --out "$out/leftdebate.json" "$out/leftdebate"
python3 bench/position_calibration.py "$ld" "$out/leftdebate.json"

echo "== SemEval-2021 Task 6 techniques, shipped default model"
python3 bench/semeval_techniques.py convert "$data/semeval2021_task6" "$out"
./stancemap eval -q --format json --data "$out/semeval-test.jsonl" > "$out/semeval-default.json"
python3 bench/semeval_techniques.py score "$out/semeval-default.json"
echo "== SemEval-2021 Task 6 techniques: heads trained on train over the shipped encoder, tuned on dev, tested on test"
./stancemap train -q --data "$out/semeval-train.jsonl" --validation "$out/semeval-dev.jsonl" \
  --out "$out/semeval.model.json" > /dev/null
./stancemap eval -q --format json --model "$out/semeval.model.json" --data "$out/semeval-test.jsonl" \
  > "$out/semeval-trained.json"
python3 bench/semeval_techniques.py score "$out/semeval-trained.json"
