#!/usr/bin/env python3
"""Checks corpus files against training/GUIDE.md: python3 training/validate.py [FILE...] (default: all of corpus/)."""
import glob, json, os, re, sys, collections
here = os.path.dirname(os.path.abspath(__file__))
cb = open(os.path.join(here, "..", "stancemap-core/src/main/resources/org/stancemap/codebook/ru-ua-left.yaml"), encoding="utf-8").read()
sect = lambda name, nxt: re.findall(r"^  - id: ([a-z0-9-]+)", cb.split(f"\n{name}:\n", 1)[1].split(f"\n{nxt}:\n", 1)[0], re.M)
NARR, TECH = set(sect("narratives", "techniques")), set(sect("techniques", "roles"))
REG = {"tweet", "essay", "statement", "comment", "interview", "headline", "caption"}
CELLS = set("explicit implicit negation double-negation rhetorical-question sarcasm scare-quotes concession reported-endorsed "
            "reported-neutral rebuttal both-sides hedged conditional loaded-report factual comparison whataboutism call-to-action "
            "off-topic robustness".split())
CHANGES = {"negation", "agent-victim-swap", "claims-vs-shows", "scare-quotes", "target-swap", "rebuttal-added", "hedge", "sarcasm", "register", "other"}
ST = {"favor", "against", "none"}
files = sys.argv[1:] or sorted(glob.glob(os.path.join(here, "corpus", "*.jsonl")))
errors = 0; ids = {}; texts = {}; n = 0
def err(f, i, msg):
    global errors; errors += 1; print(f"{os.path.basename(f)}:{i}: {msg}")
for f in files:
    for i, line in enumerate(open(f, encoding="utf-8"), 1):
        if not line.strip(): continue
        try: it = json.loads(line)
        except Exception as e: err(f, i, f"not JSON: {e}"); continue
        n += 1
        for k in ("id", "family", "writer", "register", "cells", "text", "stance", "voice", "narratives", "techniques"):
            if k not in it: err(f, i, f"missing {k}")
        if not re.fullmatch(r"w\d{1,2}-\d{4,5}", str(it.get("id", ""))): err(f, i, f"bad id {it.get('id')}")
        if not re.fullmatch(r"w\d{1,2}-f\d{3,4}", str(it.get("family", ""))): err(f, i, f"bad family {it.get('family')}")
        if it.get("id") in ids: err(f, i, f"duplicate id {it.get('id')}")
        ids[it.get("id")] = it
        t = it.get("text", "")
        if not (4 <= len(t.split()) <= 70): err(f, i, f"text has {len(t.split())} words")
        key = re.sub(r"\W+", " ", t.lower()).strip()
        if key in texts: err(f, i, f"duplicate text of {texts[key]}")
        texts[key] = it.get("id")
        if it.get("register") not in REG: err(f, i, f"bad register {it.get('register')}")
        for c in it.get("cells", []) or ["<none>"]:
            if c not in CELLS: err(f, i, f"bad cell {c}")
        s = it.get("stance", {})
        if set(s) != {"russia", "ukraine", "west"} or any(v not in ST for v in s.values()): err(f, i, f"bad stance {s}")
        v = it.get("voice")
        if v != "author":
            if not isinstance(v, dict) or v.get("kind") != "reported" or v.get("attitude") not in ("endorses", "rebuts", "reports"):
                err(f, i, f"bad voice {v}")
            elif v.get("speaker") is not None and v["speaker"] not in t: err(f, i, f"speaker {v['speaker']!r} not in text")
        for x in it.get("narratives", []):
            if x not in NARR: err(f, i, f"unknown narrative {x}")
        for x in it.get("techniques", []):
            if x not in TECH: err(f, i, f"unknown technique {x}")
        if "pair_of" in it and it.get("change") not in CHANGES: err(f, i, f"bad change {it.get('change')}")
for it in ids.values():
    p = it.get("pair_of")
    if p is not None:
        if p not in ids: print(f"{it['id']}: pair_of {p} not found"); errors += 1
        elif ids[p]["family"] != it["family"]: print(f"{it['id']}: pair_of {p} is in another family"); errors += 1
pairs = sum(1 for it in ids.values() if it.get("pair_of"))
print(f"{n} items, {pairs} minimal pairs, {errors} errors")
sys.exit(1 if errors else 0)
