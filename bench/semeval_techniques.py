#!/usr/bin/env python3
"""SemEval-2021 Task 6 (subtask 1) persuasion techniques against the codebook's technique ids.

  semeval_techniques.py convert DATA_DIR OUT_DIR   writes train/dev/test JSONL in Stancemap's coded-data format
  semeval_techniques.py score EVAL.json ...        micro-F1 over the mapped techniques from `stancemap eval --format json`

Only the techniques that the codebook defines are used (MAPPING); the others are excluded, because Stancemap
trains heads only for dimensions its codebook knows. Nothing from the data set is written into the project: the
JSONL files go to OUT_DIR (target/bench/).
"""
import json
import os
import sys

# SemEval-2021 Task 6 technique name -> codebook technique id (ru-ua-left).
MAPPING = {
    "Loaded Language": "loaded-language",
    "Name calling/Labeling": "name-calling",
    "Doubt": "doubt",
    "Appeal to authority": "appeal-to-authority",
    "Appeal to fear/prejudice": "appeal-to-fear",
    "Flag-waving": "flag-waving",
    "Whataboutism": "whataboutism",
    "Causal Oversimplification": "causal-oversimplification",
    "Misrepresentation of Someone's Position (Straw Man)": "straw-man",
}
FILES = {"train": "training_set_task1.txt", "dev": "dev_set_task1.txt", "test": "test_set_task1.txt"}


def convert(data_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    train = json.load(open(os.path.join(data_dir, FILES["train"]), encoding="utf-8"))
    # A technique needs positive training examples to get a head; the others are left out and reported.
    usable = sorted(t for t in MAPPING if any(t in x["labels"] for x in train))
    for t in sorted(set(MAPPING) - set(usable)):
        print(f"excluded (no training example): {t}", file=sys.stderr)
    for split, name in FILES.items():
        rows = json.load(open(os.path.join(data_dir, name), encoding="utf-8"))
        with open(os.path.join(out_dir, f"semeval-{split}.jsonl"), "w", encoding="utf-8") as f:
            for x in rows:
                labels = {"technique:" + MAPPING[t]: t in x["labels"] for t in usable}
                f.write(json.dumps({"text": x["text"], "labels": labels}, ensure_ascii=False) + "\n")
    print(" ".join("technique:" + MAPPING[t] for t in usable))


def score(paths):
    for p in paths:
        dims = json.load(open(p, encoding="utf-8"))["dimensions"]
        tp = fp = fn = 0
        for d, m in sorted(dims.items()):
            c = m["confusion"]
            t_t = c.get("true", {}).get("true", 0)
            f_t = c.get("false", {}).get("true", 0)
            t_f = c.get("true", {}).get("false", 0)
            tp, fp, fn = tp + t_t, fp + f_t, fn + t_f
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(f"{p}: micro-F1 {f1:.3f} (precision {prec:.3f}, recall {rec:.3f}; TP {tp}, FP {fp}, FN {fn}; "
              f"{len(dims)} techniques)")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "convert":
        convert(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "score":
        score(sys.argv[2:])
    else:
        sys.exit(__doc__)
