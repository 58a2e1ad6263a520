#!/usr/bin/env bash
# Texts in other languages, read through the shipped glossaries (docs/multilingual.md): the team's multilingual test
# set (training/multilingual/, never trained on), each sentence analysed on its own in its language and in the
# writer's English translation, and each document in its language. Prints, per language, the share of texts read
# through a gloss, sentence stance F_avg (favor/against F1 over the three targets)
# for the source and for the English translation (what a perfect translation would give), and document position
# accuracy. Usage: bench/multilingual.sh   (about two minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench/multilingual
rm -rf "$out" && mkdir -p "$out/src" "$out/en" "$out/docs"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
for line in open("training/multilingual/sentences.jsonl", encoding="utf-8"):
    s = json.loads(line)
    open(f"{out}/src/{s['id']}.txt", "w", encoding="utf-8").write(s["text"] + "\n")
    open(f"{out}/en/{s['id']}.txt", "w", encoding="utf-8").write(s["english"] + "\n")
for line in open("training/multilingual/documents.jsonl", encoding="utf-8"):
    d = json.loads(line)
    open(f"{out}/docs/{d['id']}.txt", "w", encoding="utf-8").write(d["text"] + "\n")
PY
for part in src en docs; do
  ./stancemap analyze -q --format json --out "$out/$part.json" "$out/$part"
done
python3 - "$out" <<'PY'
import collections, json, os, sys
out = sys.argv[1]
def load(name):
    return {os.path.basename(d["source"])[:-4]: d for d in json.load(open(f"{out}/{name}.json"))["documents"]}
src, en, docs = load("src"), load("en"), load("docs")
sents = [json.loads(l) for l in open("training/multilingual/sentences.jsonl", encoding="utf-8")]
gold_docs = [json.loads(l) for l in open("training/multilingual/documents.jsonl", encoding="utf-8")]
def f_avg(pairs):
    def f1(c):
        tp = pairs[(c, c)]
        fp = sum(v for (g, p), v in pairs.items() if p == c and g != c)
        fn = sum(v for (g, p), v in pairs.items() if g == c and p != c)
        return 0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    return (f1("favor") + f1("against")) / 2
rows = []
langs = sorted({s["language"] for s in sents})
total = {"src": collections.Counter(), "en": collections.Counter()}
for lang in langs + ["all"]:
    mine = [s for s in sents if lang in ("all", s["language"])]
    pairs = {"src": collections.Counter(), "en": collections.Counter()}
    glossed = 0
    for s in mine:
        glossed += src[s["id"]]["status"] == "analysed-via-gloss"
        for name, res in (("src", src), ("en", en)):
            st = res[s["id"]].get("stance") or {}
            for t, g in s["stance"].items():
                pairs[name][(g, ((st.get(t) or {}).get("label")) or "none")] += 1
    dm = [d for d in gold_docs if lang in ("all", d["language"])]
    right = sum(((docs[d["id"]].get("position") or {}).get("label")) == d["position"] for d in dm)
    dg = sum(docs[d["id"]]["status"] == "analysed-via-gloss" for d in dm)
    rows.append((lang, len(mine), glossed, f_avg(pairs["src"]), f_avg(pairs["en"]), len(dm), dg, right))
print(f"{'language':8} {'sentences':>9} {'glossed':>7} {'F_avg source':>12} {'F_avg English':>13} {'documents':>9} {'glossed':>7} {'position acc':>12}")
for lang, n, g, fs, fe, nd, dg, r in rows:
    print(f"{lang:8} {n:9d} {g:7d} {fs:12.3f} {fe:13.3f} {nd:9d} {dg:7d} {r / max(1, nd):12.3f}")
PY
