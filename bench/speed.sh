#!/usr/bin/env bash
# Regenerates every figure of docs/benchmarks.md section 1 ("Analysis speed") on this machine:
#  - throughput of raw ONNX Runtime, of the default analyze pipeline (batched across documents) and of
#    --no-batch-across-documents (one document at a time), their ratios,
#    CPU seconds and peak memory, at 1k, 10k and 100k sentences of the generated corpus (SyntheticCorpus, seed 7);
#  - start-up: time from starting ./stancemap analyze to its first document (warm model and start-up caches).
# Run it on an otherwise idle machine: other processes change the wall-clock figures (see the notes in the doc).
# Output: target/bench/speed-small.json, target/bench/speed-100k.json, target/bench/startup.txt
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
./stancemap analyze -q --format json examples/off-topic.txt >/dev/null   # build, caches, default model
./stancemap bench --sentences 1000,10000 --rounds 2 --format json > "$out/speed-small.json"
./stancemap bench --sentences 100000 --rounds 1 --format json > "$out/speed-100k.json"
bench/startup.sh examples/off-topic.txt 7 | tee "$out/startup.txt"
grep -E '"(sentences|raw_onnx_sentences_per_s|pipeline_sentences_per_s|ratio|ratio_cpu|pipeline_per_document_sentences_per_s|ratio_per_document|ratio_per_document_cpu|peak_heap_mb|peak_rss_mb)"' \
  "$out/speed-small.json" "$out/speed-100k.json"
