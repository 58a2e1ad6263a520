#!/usr/bin/env python3
"""Reliability table and expected calibration error of the document position on a labelled set of the
leftdebate-dev layout (texts/<ID>.txt with a header, '---', the text; INDEX.tsv with file and gold_class):

    python3 bench/position_calibration.py DATA_DIR ANALYSIS.json

ANALYSIS.json is `stancemap analyze --format json` over the texts' bodies, one file per text named like the text
(bench/model.sh makes it). Confidence is the probability the model gives its own label (position.score); a text
labelled `mixed` or `unrelated` counts as wrong with that score."""
import csv, json, os, sys

data, analysis = sys.argv[1], sys.argv[2]
gold = {r["file"]: r["gold_class"] for r in csv.DictReader(open(os.path.join(data, "INDEX.tsv"), encoding="utf-8"),
                                                             delimiter="\t")}
docs = {os.path.basename(d.get("source") or ""): d for d in json.load(open(analysis, encoding="utf-8"))["documents"]}
rows = []
for f, g in gold.items():
    p = (docs.get(f) or {}).get("position") or {}
    rows.append((p.get("score", 0.0), p.get("label") == g, p.get("label")))
bins = [[] for _ in range(10)]
for conf, right, _ in rows:
    bins[min(9, int(conf * 10))].append((conf, right))
ece = 0.0
print("| confidence | texts | mean confidence | accuracy |\n|---|---|---|---|")
for i, b in enumerate(bins):
    if not b:
        continue
    mc = sum(c for c, _ in b) / len(b); acc = sum(r for _, r in b) / len(b)
    ece += len(b) / len(rows) * abs(mc - acc)
    print(f"| {i / 10:.1f}–{(i + 1) / 10:.1f} | {len(b)} | {mc:.3f} | {acc:.3f} |")
print(f"\nexpected calibration error (10 bins): {ece:.3f} over {len(rows)} texts; accuracy "
      f"{sum(r for _, r, _ in rows) / len(rows):.3f}")
