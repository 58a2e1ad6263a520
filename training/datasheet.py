#!/usr/bin/env python3
"""Prints the counts section of docs/training-data.md from the corpus: python3 training/datasheet.py"""
import collections, glob, hashlib, json, os

here = os.path.dirname(os.path.abspath(__file__))
items = [json.loads(l) for f in sorted(glob.glob(os.path.join(here, "corpus", "*.jsonl")))
         for l in open(f, encoding="utf-8") if l.strip()]


def split_of(family):
    b = hashlib.sha256(family.encode("utf-8")).digest()[0]
    return "test" if b < 26 else "validation" if b < 52 else "train"


REG = ["tweet", "essay", "statement", "comment", "interview", "headline", "caption"]
CELLS = ("explicit implicit negation double-negation rhetorical-question sarcasm scare-quotes concession "
         "reported-endorsed reported-neutral rebuttal both-sides hedged conditional loaded-report factual comparison "
         "whataboutism call-to-action off-topic robustness").split()
print(f"Items: **{len(items)}** in {len({i['family'] for i in items})} families, written by "
      f"{len({i['writer'] for i in items})} writers; minimal pairs (variants with `pair_of`): "
      f"**{sum(1 for i in items if i.get('pair_of'))}**.\n")
sp = collections.Counter(split_of(i["family"]) for i in items)
print("| split | items |\n|---|---|")
for s in ("train", "validation", "test"):
    print(f"| {s} | {sp[s]} |")
print("\n| target | favor | against | none |\n|---|---|---|---|")
for t in ("russia", "ukraine", "west"):
    c = collections.Counter(i["stance"][t] for i in items)
    print(f"| {t} | {c['favor']} | {c['against']} | {c['none']} |")
v = collections.Counter("author" if i["voice"] == "author" else "reported/" + i["voice"]["attitude"] for i in items)
print("\n| voice | items |\n|---|---|")
for k in ("author", "reported/endorses", "reported/rebuts", "reported/reports"):
    print(f"| {k} | {v[k]} |")
ch = collections.Counter(i.get("change") for i in items if i.get("pair_of"))
print("\n| minimal-pair change | pairs |\n|---|---|")
for k, n in ch.most_common():
    print(f"| {k} | {n} |")
print("\nCells by register (an item can have several cells):\n")
print("| cell | " + " | ".join(REG) + " | all |\n|---|" + "---|" * (len(REG) + 1))
for c in CELLS:
    row = collections.Counter(i["register"] for i in items if c in i["cells"])
    print(f"| {c} | " + " | ".join(str(row[r]) for r in REG) + f" | {sum(row.values())} |")
row = collections.Counter(i["register"] for i in items)
print("| **items** | " + " | ".join(str(row[r]) for r in REG) + f" | {len(items)} |")
for dim in ("narratives", "techniques"):
    c = collections.Counter(x for i in items for x in i[dim])
    print(f"\n| {dim[:-1]} | items |\n|---|---|")
    for k, n in sorted(c.items()):
        print(f"| {k} | {n} |")
