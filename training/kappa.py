#!/usr/bin/env python3
"""Cohen's kappa between the corpus labels and a second coder's independent labels of a random sample:
python3 training/kappa.py SECOND.jsonl   (lines: {"id", "stance": {russia, ukraine, west}, "voice", "attitude"})"""
import collections, glob, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
first = {}
for f in glob.glob(os.path.join(here, "corpus", "*.jsonl")):
    for l in open(f, encoding="utf-8"):
        if l.strip():
            i = json.loads(l); first[i["id"]] = i
second = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]


def kappa(pairs):
    n = len(pairs); po = sum(a == b for a, b in pairs) / n
    ca = collections.Counter(a for a, _ in pairs); cb = collections.Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return po, (po - pe) / (1 - pe) if pe < 1 else 1.0


dims = {}
for s in second:
    f = first.get(s["id"])
    if f is None:
        continue  # an item its writer later reworded or removed
    for t in ("russia", "ukraine", "west"):
        dims.setdefault(f"stance:{t}", []).append((f["stance"][t], s["stance"][t]))
    fv = "author" if f["voice"] == "author" else "reported"
    dims.setdefault("voice", []).append((fv, s["voice"]))
    if fv == "reported" and s["voice"] == "reported":
        dims.setdefault("attitude (both reported)", []).append((f["voice"]["attitude"], s["attitude"]))
print("| dimension | items | agreement | Cohen's kappa |\n|---|---|---|---|")
for d, pairs in dims.items():
    po, k = kappa(pairs)
    print(f"| {d} | {len(pairs)} | {po:.3f} | {k:.3f} |")
