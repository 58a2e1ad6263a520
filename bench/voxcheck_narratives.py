#!/usr/bin/env python3
"""Narrative recall of Stancemap on the VoxCheck propaganda-diary claims (every row is a pro-Kremlin claim).

  voxcheck_narratives.py split CSV OUT_DIR        writes one text file per claim into OUT_DIR (target/bench/)
  voxcheck_narratives.py score CSV ANALYSIS.json  recall from `stancemap analyze --format json OUT_DIR`

A claim counts as recalled when the analysis finds at least one of the codebook narratives its VoxCheck narrative
maps to (MAPPING, documented in docs/benchmarks.md). "Any" recall counts a claim when any pro-Kremlin narrative of
the codebook is found. The data set has only claims, so this measures recall, not precision.
"""
import csv
import json
import os
import sys

# VoxCheck narrative -> codebook narrative ids (ru-ua-left) that express it.
MAPPING = {
    "Russia is not an agressor towards Ukraine": ["russia-victim", "west-aggressor", "ukraine-aggressor"],
    "The West controls Ukraine and uses it to its advantage": ["ukraine-puppet-of-west"],
    "Ukraine is conducting an aggressive policy": ["ukraine-aggressor"],
    "Maidan in 2014 was a coup d'état": ["ukraine-puppet-of-west", "hidden-plots", "discrediting-ukraine"],
    "Nazis and ultra-nationalists in Ukraine": ["ukraine-nazism"],
    "Russia needs to protect itself": ["russia-victim", "west-aggressor"],
    "Russia is not involved in MH17 crash; Ukraine shot down the plane": ["discrediting-ukraine", "hidden-plots",
                                                                          "distrust-media"],
    "Russians are discriminated in Ukraine": ["ukraine-aggressor", "discrediting-ukraine", "russia-victim"],
    "Ukraine is a failed state": ["discrediting-ukraine"],
    "Nord Stream-2": ["sanctions-backfire", "discrediting-west"],
    "Schismatic Ukrainian Church": ["discrediting-ukraine"],
    "The West is not interested in dealing with Ukraine, moreover, solving its problems.": ["discrediting-west",
                                                                                            "ukraine-puppet-of-west"],
    "Ukraine is an illiberal state": ["discrediting-ukraine"],
}
# Every mapped id plus the other pro-Kremlin narratives of the codebook, for the "any" recall.
PRO_KREMLIN = sorted({n for ns in MAPPING.values() for n in ns}
                     | {"praise-of-russia", "anti-imperialism-defends-russia", "war-fears"})


def rows(path):
    return list(csv.DictReader(open(path, encoding="utf-8")))


def split(path, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for r in rows(path):
        with open(os.path.join(out_dir, f"claim-{int(r['id']):04d}.txt"), "w", encoding="utf-8") as f:
            f.write(r["disinfo_case_en"].strip() + "\n")


def score(path, analysis):
    docs = json.load(open(analysis, encoding="utf-8"))
    docs = docs["documents"] if isinstance(docs, dict) else docs
    found = {}
    for d in docs:
        name = os.path.basename(d["source"])
        found[int(name[6:10])] = {n["id"] for n in d.get("narratives", [])}
    per = {}
    hit = anyhit = total = 0
    for r in rows(path):
        k = int(r["id"])
        if k not in found:
            continue
        total += 1
        want = set(MAPPING[r["narrative"]])
        ok = bool(found[k] & want)
        hit += ok
        anyhit += bool(found[k] & set(PRO_KREMLIN))
        a, b = per.get(r["narrative"], (0, 0))
        per[r["narrative"]] = (a + ok, b + 1)
    print(f"claims {total}: mapped-narrative recall {hit / total:.3f}, any pro-Kremlin narrative {anyhit / total:.3f}")
    for n, (a, b) in sorted(per.items(), key=lambda x: -x[1][1]):
        print(f"  {a / b:.3f}  ({a}/{b})  {n} -> {', '.join(MAPPING[n])}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "split":
        split(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
