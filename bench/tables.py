#!/usr/bin/env python3
"""Prints the tables of bench/baselines.sh and bench/speed.sh from the files they leave in bench/out/.

    tables.py baselines bench/out/baselines
    tables.py speed bench/out/speed
    tables.py callgrind bench/out/speed/callgrind.lead     # top functions of a callgrind profile
"""

import json
import os
import re
import subprocess
import sys

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]

# Rows of the baselines table, in order: (file stem, label). Each sumy row sits under ours.
BASELINE_ROWS = [
    ("precis-lead", "Lead-3 (precis lead)"),
    ("python-lead3", "Lead-3 (Python, same sentences) *"),
    ("precis-luhn", "precis luhn"),
    ("sumy-luhn", "sumy Luhn *"),
    ("precis-lexrank", "precis lexrank"),
    ("sumy-lexrank", "sumy LexRank *"),
    ("precis-textrank", "precis textrank"),
    ("sumy-textrank", "sumy TextRank *"),
    ("precis-lsa", "precis lsa"),
    ("sumy-lsa", "sumy LSA *"),
    ("precis-kl", "precis kl"),
    ("precis-sumbasic", "precis sumbasic"),
    ("precis-centroid", "precis centroid"),
    ("precis-default", "precis default ({algorithm})"),
    ("oracle-3", "oracle, <= 3 sentences"),
    ("oracle-5", "oracle, <= 5 sentences"),
]


def load_scores(path):
    """A report of `precis eval`/`oracle --format json` or of `peers.py score`, as
    ({source: (documents, {type: F})}, {type: F} or None)."""
    with open(path, encoding="utf-8") as f:
        r = json.load(f)
    by = {}
    for source, s in r["by_source"].items():
        if source == "all":
            continue
        f1 = s["f"] if "f" in s else {t: s["rouge"][t]["f"] for t in TYPES}
        by[source] = (s["documents"], f1)
    return by, r.get("mix")


def baselines(root):
    groups = [("lower", "cnn", "lower CNN"), ("lower", "dailymail", "lower DM"),
              ("lower", "mix", "lower mix"), ("cased", "cnn", "cased CNN")]
    table = {}
    for stem, _ in BASELINE_ROWS:
        for form in ("lower", "cased"):
            path = os.path.join(root, form, stem + ".json")
            if os.path.exists(path):
                table[stem, form] = load_scores(path)
    counts = {}
    for (stem, form), (by, _) in table.items():
        for source, (n, _) in by.items():
            counts[form, source] = n
    head = ["system"]
    for form, source, label in groups:
        n = counts.get((form, source))
        suffix = f" ({n})" if n else ""
        head += [f"{label}{suffix} R1", "R2", "RL", "RLsum"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for stem, label in BASELINE_ROWS:
        algorithm = "?"
        for form in ("lower", "cased"):
            path = os.path.join(root, form, stem + ".json")
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    algorithm = json.load(f).get("algorithm", algorithm)
        cells = [label.format(algorithm=algorithm)]
        for form, source, _ in groups:
            entry = table.get((stem, form))
            if entry is None:
                values = None
            elif source == "mix":
                values = entry[1]
            else:
                values = entry[0].get(source, (0, None))[1]
            cells += [f"{values[t]:.2f}" if values else "" for t in TYPES]
        print("| " + " | ".join(cells) + " |")
    print("\nF1 x 100. precis rows: `precis eval`/`precis oracle` (precis-rouge); rows marked * are "
          "scored with rouge-score 0.1.2. mix = 0.0951 x CNN + 0.9049 x DM.")


def speed(root):
    with open(os.path.join(root, "runs.jsonl"), encoding="utf-8") as f:
        runs = [json.loads(line) for line in f]
    best = {}
    for r in runs:
        key = r["system"]
        if key not in best or r["wall"] < best[key]["wall"]:
            best[key] = r
    ref = {k: v["articles"] / v["wall"] for k, v in best.items()}
    per_cpu = {k: v["articles"] / max(v["user"] + v["sys"], 1e-9) for k, v in best.items()}
    print("| system | articles | wall s | articles/s | CPU s | articles/CPU-s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for key, r in best.items():
        cpu = r["user"] + r["sys"]
        rate_cpu = f"{r['articles'] / cpu:,.0f}" if cpu > 0 else "n/a"
        print(f"| {key} | {r['articles']:,} | {r['wall']:.2f} | {ref[key]:,.0f} | {cpu:.2f} | "
              f"{rate_cpu} | {r['rss_kb'] / 1024:.0f} |")
    print()
    checks = []
    for ours, theirs, factor in [("precis batch -a lexrank -j 2", "sumy LexRank", 100),
                                 ("precis batch -a lexrank -j 1", "sumy LexRank", 100)]:
        if ours in ref and theirs in ref:
            checks.append((f"{ours} / {theirs}", ref[ours] / ref[theirs], factor))
    floors = [k for k in ref if k.startswith("Python Lead-3")]
    for ours in ("precis batch (default) -j 2", "precis batch (default) -j 1"):
        for floor in floors:
            if ours in ref:
                checks.append((f"{ours} / {floor}", ref[ours] / ref[floor], 1))
    for label, ratio, factor in checks:
        ours, theirs = label.split(" / ")
        cpu_ratio = per_cpu[ours] / per_cpu[theirs]
        verdict = "meets" if ratio >= factor else "MISSES"
        print(f"{label}: {ratio:,.1f}x in articles/s, {cpu_ratio:,.1f}x in articles per CPU-second "
              f"(target >= {factor}x in articles/s: {verdict})")
    print("\nwall and CPU (user + system) seconds and peak RSS from GNU time, whole process; "
          "best wall of the repeats.")


# A function line of callgrind_annotate: "  1,234 ( 5.6%)  file:function [object]".
ANNOTATED = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*?):(.*?)(?:\s+\[[^\]]*\])?\s*$")


def callgrind(path, top=25):
    """Top functions by instructions. With line tables, callgrind splits a function into one entry
    per source file of its inlined code: exclusive costs are summed over the entries, inclusive
    ones take the largest entry (the entry reached by the real call holds its callees)."""
    for inclusive in (True, False):
        out = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}",
                              "--threshold=100", "--auto=no", path], capture_output=True, text=True, check=True).stdout
        total, cost = None, {}
        for line in out.splitlines():
            if "PROGRAM TOTALS" in line:
                total = int(line.split()[0].replace(",", ""))
            elif (m := ANNOTATED.match(line)) and total:
                n = int(m.group(1).replace(",", ""))
                fn = m.group(3)
                cost[fn] = max(cost.get(fn, 0), n) if inclusive else cost.get(fn, 0) + n
        print(f"{'inclusive' if inclusive else 'exclusive'} (of {total:,} instructions)")
        for fn, n in sorted(cost.items(), key=lambda kv: -kv[1])[:top]:
            print(f"  {100 * n / total:5.1f}%  {fn[:120]}")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("baselines", "speed", "callgrind"):
        sys.exit(__doc__)
    {"baselines": baselines, "speed": speed, "callgrind": callgrind}[sys.argv[1]](sys.argv[2])


if __name__ == "__main__":
    main()
