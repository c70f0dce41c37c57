#!/usr/bin/env python3
"""Score article-extraction predictions against the AEB truth.

The metric is the one the Article Extraction Benchmark reports, written once
here so every tool is judged by the same code:

* texts are cut into ``\\w+`` Unicode word tokens, then into overlapping
  4-token shingles counted with multiplicity (a text of 1-3 tokens is a single
  shingle, an empty text none);
* per page, TP = shared shingles, FP = extra predicted ones, FN = missing ones,
  and the three counts are divided by their sum, so every page weighs the same;
* precision is the mean of TP/(TP+FP) over pages with a prediction, recall the
  mean of TP/(TP+FN) over pages with a truth, F1 their harmonic mean.

Usage:
    score.py TRUTH.jsonl PRED.jsonl [PRED.jsonl ...]   # one table row per file
    score.py --per-page TRUTH.jsonl PRED.jsonl          # worst pages first

Prediction files are JSONL with ``{"id", "text"}``; a missing id counts as an
empty prediction. A first line ``{"meta": {...}}`` may carry ``name``,
``pages_per_s`` and ``seconds`` for the table.
"""

import json
import re
import sys
from collections import Counter

TOKEN_RE = re.compile(r"\w+", re.UNICODE)
NGRAM = 4


def shingles(text):
    tokens = TOKEN_RE.findall(text or "")
    out = Counter()
    for i in range(max(1, len(tokens) - NGRAM + 1)):
        s = " ".join(tokens[i : i + NGRAM])
        if s:
            out[s] += 1
    return out


def page_counts(truth, pred):
    """Normalised (tp, fp, fn) for one page."""
    t, p = shingles(truth), shingles(pred)
    tp = fp = fn = 0
    for key in t.keys() | p.keys():
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    total = tp + fp + fn
    if total:
        return tp / total, fp / total, fn / total, bool(p), bool(t)
    return 0.0, 0.0, 0.0, bool(p), bool(t)


def load_jsonl(path):
    meta, rows = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            obj = json.loads(line)
            if "meta" in obj:
                meta = obj["meta"]
                continue
            rows[obj["id"]] = obj.get("text") or ""
    return meta, rows


def score(truth, pred):
    """Return (f1, precision, recall, per_page) for dicts id -> text."""
    precisions, recalls, per_page = [], [], []
    for pid, ttext in truth.items():
        tp, fp, fn, has_pred, has_truth = page_counts(ttext, pred.get(pid, ""))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        if has_pred:
            precisions.append(p)
        if has_truth:
            recalls.append(r)
        per_page.append((pid, p if has_pred else None, r))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall, per_page


def main(argv):
    per_page = False
    if argv and argv[0] == "--per-page":
        per_page, argv = True, argv[1:]
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    _, truth = load_jsonl(argv[0])
    if per_page:
        _, pred = load_jsonl(argv[1])
        _, _, _, pages = score(truth, pred)
        pages.sort(key=lambda x: min(x[1] if x[1] is not None else 0.0, x[2]))
        for pid, p, r in pages:
            ps = "  -  " if p is None else f"{p:.3f}"
            print(f"{pid[:12]}  P {ps}  R {r:.3f}")
        return 0
    rows = []
    for path in argv[1:]:
        meta, pred = load_jsonl(path)
        f1, p, r, _ = score(truth, pred)
        rows.append((meta.get("name", path), f1, p, r, meta.get("pages_per_s")))
    # Speed relative to trafilatura, when it is in the table.
    base = next((row[4] for row in rows if row[0] == "trafilatura"), None)
    header = f"{'tool':<14} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>9}"
    print(header + (f" {'x trafilatura':>14}" if base else "") + f"  pages={len(truth)}")
    for name, f1, p, r, pps in rows:
        line = f"{name:<14} {f1:6.3f} {p:6.3f} {r:6.3f} "
        line += f"{pps:9.1f}" if isinstance(pps, (int, float)) else f"{'-':>9}"
        if base and isinstance(pps, (int, float)):
            line += f" {pps / base:14.1f}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
