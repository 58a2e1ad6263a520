#!/usr/bin/env python3
"""Splits the team's corpus (training/corpus/*.jsonl) by family into train / validation / test and writes them in
the coded-data format of `stancemap train` (docs/training.md):

    python3 training/split.py OUT_DIR

A family (an item and its variants) always lands in one split: test if the first byte of SHA-256(family) is below
26 (about 10 %), validation if below 52, otherwise train. Test is for the final figure only.
Each output line: {"text", "labels": {"stance:russia", "stance:ukraine", "stance:west", "voice", ["attitude"]},
"id", "family"}; the split is a pure function of the corpus, so re-running gives the same files."""
import glob, hashlib, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))


def split_of(family):
    b = hashlib.sha256(family.encode("utf-8")).digest()[0]
    return "test" if b < 26 else "validation" if b < 52 else "train"


def coded(item):
    labels = {f"stance:{t}": item["stance"][t] for t in ("russia", "ukraine", "west")}
    v = item["voice"]
    if v == "author":
        labels["voice"] = "author"
    else:
        labels["voice"] = "reported"
        labels["attitude"] = v["attitude"]
    return {"text": item["text"], "labels": labels, "id": item["id"], "family": item["family"]}


def main(out):
    os.makedirs(out, exist_ok=True)
    items = []
    for f in sorted(glob.glob(os.path.join(here, "corpus", "*.jsonl"))):
        for line in open(f, encoding="utf-8"):
            if line.strip():
                items.append(json.loads(line))
    items.sort(key=lambda i: i["id"])
    files = {s: open(os.path.join(out, f"{s}.jsonl"), "w", encoding="utf-8") for s in ("train", "validation", "test")}
    counts = {s: 0 for s in files}
    for it in items:
        s = split_of(it["family"])
        files[s].write(json.dumps(coded(it), ensure_ascii=False, sort_keys=True) + "\n")
        counts[s] += 1
    for f in files.values():
        f.close()
    digest = hashlib.sha256()
    for f in sorted(glob.glob(os.path.join(here, "corpus", "*.jsonl"))):
        digest.update(open(f, "rb").read())
    print(json.dumps({"items": len(items), **counts, "corpus_sha256": digest.hexdigest()}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/training")
