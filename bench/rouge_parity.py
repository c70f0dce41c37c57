#!/usr/bin/env python3
"""`precis rouge` against Google's rouge-score 0.1.2 on CNN/DailyMail: same numbers, how fast.

Scores every (highlights, Lead-3) pair of each data file -- reference: the highlights joined by
newlines; candidate: precis's Lead-3 (`precis batch -a lead`) -- with rouge1, rouge2, rougeL and
rougeLsum, stemming on, once with rouge-score and once with `precis rouge`, and prints the
largest absolute difference per metric (over p, r and f of every pair), the mean F1 x 100 of
each, and pairs/s: rouge-score in one process, `precis rouge` with -j 2 and -j 1.

Run it through bench/rouge_parity.sh, which builds precis and sets up bench/.venv:

    bench/rouge_parity.sh
    bench/.venv/bin/python bench/rouge_parity.py --precis target/release/precis \\
        --data ../shared/data/cnndm/validation_cased.jsonl.gz --limit 200

Timing: rouge-score's covers only its scoring loop (pairs already in memory); precis's covers the
whole process (start-up, reading and parsing the pairs, writing JSON), best of --repeat runs. CPU
seconds are user + system time, so they stay meaningful on a shared machine. Files go to bench/out/.
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
TOLERANCE = 1e-9


def dataset_name(path):
    return os.path.basename(path).split(".")[0]


def make_pairs(precis, data, limit, out_dir):
    """Lead-3 of every article by precis, paired with its highlights."""
    name = dataset_name(data)
    lead = os.path.join(out_dir, f"lead3_{name}.jsonl")
    pairs = os.path.join(out_dir, f"rouge_pairs_{name}.jsonl")
    subprocess.run([precis, "batch", "--quiet", "-a", "lead", "--input", data, "--output", lead],
                   check=True, stderr=subprocess.DEVNULL)
    n = 0
    opener = gzip.open if data.endswith(".gz") else open
    with opener(data, "rt", encoding="utf-8") as src, open(lead, encoding="utf-8") as summaries, \
            open(pairs, "w", encoding="utf-8") as dst:
        for line, summary in zip(src, summaries):
            story, summary = json.loads(line), json.loads(summary)
            if "error" in summary:
                sys.exit(f"{lead}: {summary}")
            highlights = story["highlights"]
            reference = "\n".join(highlights) if isinstance(highlights, list) else highlights
            dst.write(json.dumps({"reference": reference, "candidate": summary["summary"]}, ensure_ascii=False))
            dst.write("\n")
            n += 1
            if limit and n >= limit:
                break
    return pairs, n


def run_rouge_score(pairs_path):
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    pairs = [json.loads(line) for line in open(pairs_path, encoding="utf-8")]
    wall, cpu = time.perf_counter(), time.process_time()
    rows = []
    for p in pairs:
        s = scorer.score(p["reference"], p["candidate"])
        rows.append({t: {"p": s[t].precision, "r": s[t].recall, "f": s[t].fmeasure} for t in TYPES})
    return rows, time.perf_counter() - wall, time.process_time() - cpu


def run_precis(precis, pairs_path, threads, out_path):
    """One `precis rouge` process: (rows, wall seconds, user + system seconds)."""
    with open(out_path, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        child = subprocess.Popen([precis, "rouge", "-j", str(threads), "--pairs", pairs_path], stdout=out)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"precis rouge exited with {child.returncode}")
    rows = [json.loads(line) for line in open(out_path, encoding="utf-8")]
    return rows, wall, usage.ru_utime + usage.ru_stime


def compare(py_rows, rs_rows):
    """Largest |difference| per type over p, r, f; values compared; bit-identical; over tolerance."""
    worst = {t: 0.0 for t in TYPES}
    compared = identical = bad = 0
    for i, (a, b) in enumerate(zip(py_rows, rs_rows)):
        if "error" in b:
            sys.exit(f"precis rouge, pair {i + 1}: {b['error']}")
        for t in TYPES:
            for k in "prf":
                d = abs(a[t][k] - b[t][k])
                worst[t] = max(worst[t], d)
                compared += 1
                identical += a[t][k] == b[t][k]
                if d > TOLERANCE:
                    bad += 1
                    if bad <= 5:
                        print(f"  mismatch pair {i + 1}: {t}.{k} rouge-score {a[t][k]!r} precis {b[t][k]!r}")
    return worst, compared, identical, bad


def means(rows):
    return {t: 100 * sum(r[t]["f"] for r in rows) / len(rows) for t in TYPES}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    data_dir = os.path.join(os.environ.get("PRECIS_DATA", os.path.join(ROOT, "..", "shared", "data")), "cnndm")
    ap.add_argument("--precis", default=os.path.join(ROOT, "target", "release", "precis"))
    ap.add_argument("--data", nargs="+", default=[os.path.join(data_dir, f"validation_{f}.jsonl.gz")
                                                  for f in ("lower", "cased")])
    ap.add_argument("--limit", type=int, default=0, help="score only the first N stories of each file (0: all)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each precis timing; the best is kept")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out"))
    args = ap.parse_args()
    try:
        import rouge_score  # noqa: F401
    except ImportError:
        sys.exit("rouge-score is not installed here: run bench/rouge_parity.sh (it sets up bench/.venv)")
    for path in [args.precis] + args.data:
        if not os.path.exists(path):
            sys.exit(f"{path}: no such file")
    os.makedirs(args.out, exist_ok=True)

    print(f"{'data':<20}{'pairs':>7}  {'implementation':<19}" + "".join(f"{t + ' F':>12}" for t in TYPES))
    all_pairs, results = [], []
    total = {"n": 0, "compared": 0, "identical": 0, "bad": 0, "worst": {t: 0.0 for t in TYPES}}
    for data in args.data:
        pairs, n = make_pairs(args.precis, data, args.limit, args.out)
        all_pairs.append(pairs)
        py_rows, _, _ = run_rouge_score(pairs)
        rs_rows, _, _ = run_precis(args.precis, pairs, 0, os.path.join(args.out, f"rouge_precis_{dataset_name(data)}.jsonl"))
        if not len(py_rows) == len(rs_rows) == n:
            sys.exit(f"{pairs}: {n} pairs, rouge-score gave {len(py_rows)} rows, precis {len(rs_rows)}")
        worst, compared, identical, bad = compare(py_rows, rs_rows)
        for label, rows in (("rouge-score 0.1.2", py_rows), ("precis rouge", rs_rows)):
            m = means(rows)
            print(f"{dataset_name(data):<20}{n:>7}  {label:<19}" + "".join(f"{m[t]:>12.4f}" for t in TYPES))
        print(f"{'':<20}{'':>7}  {'max |difference|':<19}" + "".join(f"{worst[t]:>12.3g}" for t in TYPES))
        results.append((dataset_name(data), n, worst, compared, identical, bad))
        total["n"] += n
        total["compared"] += compared
        total["identical"] += identical
        total["bad"] += bad
        for t in TYPES:
            total["worst"][t] = max(total["worst"][t], worst[t])

    # Speed on every pair of every file at once.
    combined = os.path.join(args.out, "rouge_pairs_all.jsonl")
    with open(combined, "w", encoding="utf-8") as out:
        for path in all_pairs:
            with open(path, encoding="utf-8") as src:
                out.writelines(src)
    n = total["n"]
    _, py_wall, py_cpu = run_rouge_score(combined)
    timings = [("rouge-score 0.1.2, 1 process", py_wall, py_cpu)]
    for threads in (2, 1):
        best = min((run_precis(args.precis, combined, threads, os.path.join(args.out, "rouge_precis_all.jsonl"))[1:]
                    for _ in range(max(1, args.repeat))), key=lambda r: r[0])
        timings.append((f"precis rouge -j {threads}", *best))

    print(f"\nspeed on all {n} pairs ({os.cpu_count()} cores)\n")
    print(f"{'implementation':<30}{'wall s':>9}{'pairs/s':>11}{'CPU s':>9}{'pairs/CPU-s':>13}{'speed-up':>10}")
    for label, wall, cpu in timings:
        print(f"{label:<30}{wall:>9.3f}{n / wall:>11.0f}{cpu:>9.3f}{n / cpu:>13.0f}{py_wall / wall:>9.1f}x")
    print(f"\nvalues compared {total['compared']}, bit-identical {total['identical']}, "
          f"over {TOLERANCE:g} apart: {total['bad']}; max |difference| "
          + ", ".join(f"{t} {total['worst'][t]:.3g}" for t in TYPES))
    print("(rouge-score: scoring loop only, pairs in memory; precis: whole process, best of "
          f"{args.repeat}; CPU = user + system)")
    sys.exit(1 if total["bad"] else 0)


if __name__ == "__main__":
    main()
