#!/usr/bin/env python3
"""precis-rouge against Google's rouge-score 0.1.2 on CNN/DailyMail: same numbers, how fast.

Scores (reference = highlights joined by newlines, candidate = the article's first three
sentences) with rouge1, rouge2, rougeL and rougeLsum, stemming on, once with rouge-score and
once with precis-rouge, then prints both side by side: pairs/s, mean F1 x 100 of each type,
and the largest difference between any two values.

    python3 -m venv bench/.venv && bench/.venv/bin/pip install rouge-score==0.1.2 nltk
    bench/.venv/bin/python bench/rouge_parity.py                       # validation_lower, all
    bench/.venv/bin/python bench/rouge_parity.py --data ../shared/data/cnndm/validation_cased.jsonl.gz --limit 500

The pairs and both score files go to bench/out/ (not committed). precis-rouge runs as the
`score_pairs` example of crates/precis-rouge (release build), single-threaded, like rouge-score.
"""

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
TOLERANCE = 1e-9


def sentences(article):
    """A plain splitter, good enough for a lead-3 workload: the lower-cased files end sentences
    with ' . ' / ' ! ' / ' ? ' tokens (maybe followed by a closing quote token); the cased
    file with '.', '!' or '?' (maybe a closing quote) before a space and a capital or quote."""
    out, start = [], 0
    for m in re.finditer(r"(?:(?<= )[.!?]|[.!?][\"'”’)]?)(?: (?:''|'|\"))?(?= +(?:[A-Z“\"'(`]|[a-z0-9]))", article):
        piece = article[start:m.end()].strip()
        # Cased text: don't end on initials or common abbreviations ("U.S.", "Mr.", "No.").
        if re.search(r"(?:\b[A-Z]|\bMr|\bMrs|\bMs|\bDr|\bSt|\bNo|\bgov|\bsen|\bU\.S)\.$", piece):
            continue
        if piece:
            out.append(piece)
        start = m.end()
    rest = article[start:].strip()
    if rest:
        out.append(rest)
    return out


def make_pairs(path, limit, out_path):
    n = 0
    with gzip.open(path, "rt", encoding="utf-8") as src, open(out_path, "w", encoding="utf-8") as dst:
        for line in src:
            story = json.loads(line)
            reference = "\n".join(story["highlights"])
            candidate = "\n".join(sentences(story["article"])[:3])
            dst.write(json.dumps({"reference": reference, "candidate": candidate}, ensure_ascii=False) + "\n")
            n += 1
            if limit and n >= limit:
                break
    return n


def run_rouge_score(pairs_path, out_path):
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    pairs = [json.loads(line) for line in open(pairs_path, encoding="utf-8")]
    start = time.perf_counter()
    rows = []
    for p in pairs:
        s = scorer.score(p["reference"], p["candidate"])
        rows.append({t: {"p": s[t].precision, "r": s[t].recall, "f": s[t].fmeasure} for t in TYPES})
    secs = time.perf_counter() - start
    with open(out_path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    return rows, secs


def run_precis(pairs_path, out_path):
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "precis-rouge", "--example", "score_pairs"],
                   cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    exe = os.path.join(target, "release", "examples", "score_pairs")
    start = time.perf_counter()
    with open(out_path, "w", encoding="utf-8") as out:
        subprocess.run([exe, pairs_path], stdout=out, stderr=subprocess.DEVNULL, check=True)
    secs = time.perf_counter() - start
    rows = [json.loads(line) for line in open(out_path, encoding="utf-8")]
    return rows, secs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "cnndm", "validation_lower.jsonl.gz"))
    ap.add_argument("--limit", type=int, default=0, help="score only the first N stories (0: all)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out"))
    args = ap.parse_args()
    try:
        import rouge_score  # noqa: F401
    except ImportError:
        sys.exit("rouge-score is not installed here: pip install rouge-score==0.1.2 nltk")
    if not os.path.exists(args.data):
        sys.exit(f"{args.data}: no such file (the CNN/DailyMail files live in ../shared/data/cnndm/)")

    os.makedirs(args.out, exist_ok=True)
    pairs_path = os.path.join(args.out, "rouge_pairs.jsonl")
    n = make_pairs(args.data, args.limit, pairs_path)
    py_rows, py_secs = run_rouge_score(pairs_path, os.path.join(args.out, "rouge_scores_rouge_score.jsonl"))
    rs_rows, rs_secs = run_precis(pairs_path, os.path.join(args.out, "rouge_scores_precis.jsonl"))
    assert len(py_rows) == len(rs_rows) == n, (len(py_rows), len(rs_rows), n)

    max_diff, bad, identical = 0.0, 0, 0
    for i, (a, b) in enumerate(zip(py_rows, rs_rows)):
        for t in TYPES:
            for k in "prf":
                d = abs(a[t][k] - b[t][k])
                max_diff = max(max_diff, d)
                identical += a[t][k] == b[t][k]
                if d > TOLERANCE:
                    bad += 1
                    if bad <= 5:
                        print(f"  mismatch pair {i}: {t}.{k} rouge-score {a[t][k]!r} precis {b[t][k]!r}")

    def means(rows):
        return [100 * sum(r[t]["f"] for r in rows) / len(rows) for t in TYPES]

    print(f"\nROUGE on {os.path.basename(args.data)}: {n} pairs, lead-3 vs highlights, stemming on\n")
    print(f"{'implementation':<22}{'seconds':>9}{'pairs/s':>11}" + "".join(f"{t:>11}" for t in TYPES))
    for name, rows, secs in [("rouge-score 0.1.2", py_rows, py_secs), ("precis-rouge", rs_rows, rs_secs)]:
        print(f"{name:<22}{secs:>9.2f}{n / secs:>11.0f}" + "".join(f"{m:>11.2f}" for m in means(rows)))
    print(f"\nspeed-up {py_secs / rs_secs:.1f}x; values compared {n * 12}, bit-identical {identical}, "
          f"max |diff| {max_diff:.3g}, over {TOLERANCE:g}: {bad}")
    print("(precis-rouge time includes process start, reading and JSON in and out; rouge-score's only scoring)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
