#!/usr/bin/env python3
"""How the default model's pro-Kremlin narratives trade recall for false alarms as the label threshold moves.

  narrative_curve.py split-ruw CSV OUT_DIR
      writes one text file per RUW tweet into OUT_DIR (target/bench/), named by its row number
  narrative_curve.py score VOX_CSV VOX_ANALYSIS RUW_CSV RUW_ANALYSIS
      VOX_ANALYSIS and RUW_ANALYSIS come from `stancemap analyze --format json --label-threshold 0.05` over the
      split folders; a narrative is reported at threshold t when its score is at least t (the same as analysing
      with --label-threshold t, since a narrative's score is its best sentence's probability)

Per threshold it prints:
  - VoxCheck recall: the share of the 611 pro-Kremlin claims in which a mapped narrative (MAPPING in
    voxcheck_narratives.py), or any pro-Kremlin narrative of the codebook, is reported;
  - on RUW, the share of tweets with any pro-Kremlin narrative among the pro-Ukraine tweets (coded against Russia
    and in favour of Ukraine: a false alarm) and among the pro-Russia tweets (in favour of Russia and against
    Ukraine).
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import voxcheck_narratives as vox  # noqa: E402

THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6]


def split_ruw(path, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(path, encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            with open(os.path.join(out_dir, f"tweet-{i:05d}.txt"), "w", encoding="utf-8") as t:
                t.write(r["Tweet"].strip() + "\n")


def scores(analysis):
    """File name -> {narrative id: score}."""
    docs = json.load(open(analysis, encoding="utf-8"))["documents"]
    return {os.path.basename(d["source"]): {n["id"]: n["score"] for n in d.get("narratives", [])} for d in docs}


def reported(found, threshold, ids):
    return any(s >= threshold for n, s in found.items() if n in ids)


def score(vox_csv, vox_analysis, ruw_csv, ruw_analysis):
    claims = vox.rows(vox_csv)
    v = scores(vox_analysis)
    r = scores(ruw_analysis)
    with open(ruw_csv, encoding="utf-8") as f:
        tweets = list(csv.DictReader(f))
    side = {"pro-Ukraine": ("AGAINST", "FAVOR"), "pro-Russia": ("FAVOR", "AGAINST")}
    groups = {name: [f"tweet-{i:05d}.txt" for i, t in enumerate(tweets)
                     if (t["Stance 1"], t["Stance 2"]) == pair and f"tweet-{i:05d}.txt" in r]
              for name, pair in side.items()}
    kremlin = set(vox.PRO_KREMLIN)
    print(f"VoxCheck claims: {len(claims)}; RUW tweets: " + ", ".join(f"{k} {len(g)}" for k, g in groups.items()))
    print("threshold | VoxCheck mapped recall | VoxCheck any pro-Kremlin | RUW pro-Ukraine with any (false alarm)"
          " | RUW pro-Russia with any")
    for t in THRESHOLDS:
        mapped = sum(reported(v[f"claim-{int(c['id']):04d}.txt"], t, set(vox.MAPPING[c["narrative"]]))
                     for c in claims) / len(claims)
        anyv = sum(reported(v[f"claim-{int(c['id']):04d}.txt"], t, kremlin) for c in claims) / len(claims)
        rates = [sum(reported(r[k], t, kremlin) for k in g) / len(g) for g in groups.values()]
        print(f"{t:.2f} | {mapped:.3f} | {anyv:.3f} | {rates[0]:.3f} | {rates[1]:.3f}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "split-ruw":
        split_ruw(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 6 and sys.argv[1] == "score":
        score(*sys.argv[2:])
    else:
        sys.exit(__doc__)
