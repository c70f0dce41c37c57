#!/usr/bin/env python3
"""`precis rouge --tokenize unicode` beside the default tokenizer: speed and scores.

Scores every (highlights, Lead-3) pair of the validation files -- the pairs of
bench/rouge_parity.py -- with `precis rouge -j 1 --summary` under each tokenizer set-up, and
prints pairs/s and pairs per CPU-second (the run of least CPU time of --repeat), the mean F1 x 100
of each metric, and, with --callgrind N, instructions per pair on the first N pairs (valgrind;
exact on a shared machine, where wall time is not).

The validation data is English. To see the cost of text that is all non-ASCII, the same pairs
are also scored after mapping every Latin letter to a Cyrillic one (a -> а, b -> б, ...; a
synthetic text with the length and word structure of the original, not Russian).

Run it through bench/rouge_unicode.sh, which builds precis:

    bench/rouge_unicode.sh
    python3 bench/rouge_unicode.py --precis target/release/precis --limit 1000 --callgrind 200
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, ROOT)
sys.dont_write_bytecode = True  # no __pycache__ in the repository for the import below
from rouge_parity import dataset_name, make_pairs  # noqa: E402

SETUPS = [
    ("default (rouge-score)", ["--tokenize", "default"]),
    ("default, no stemmer", ["--tokenize", "default", "--no-stemmer"]),
    ("unicode, no stemmer", ["--tokenize", "unicode"]),
    ("unicode --language en", ["--tokenize", "unicode", "--language", "en"]),
]
CYRILLIC_SETUPS = [
    ("unicode, no stemmer", ["--tokenize", "unicode"]),
    ("unicode --language ru", ["--tokenize", "unicode", "--language", "ru"]),
]
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
CYRILLIC = "абцдефгхийклмнопщрстувшжызАБЦДЕФГХИЙКЛМНОПЩРСТУВШЖЫЗ"


def run_timed(precis, args, pairs):
    """One `precis rouge -j 1 --summary` process: (stdout, wall s, user + system CPU s)."""
    start = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        child = subprocess.Popen([precis, "rouge", "-j", "1", "--summary", "--pairs", pairs, *args],
                                 stdout=subprocess.PIPE, stderr=devnull, text=True)
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"precis rouge {' '.join(args)} failed")
    return out, wall, usage.ru_utime + usage.ru_stime


def mean_f(summary):
    """The four mean F1 x 100 from `precis rouge --summary`'s table."""
    for line in summary.splitlines():
        if line.strip().startswith("mean"):
            return [float(x) for x in line.split()[1:5]]
    sys.exit(f"no mean in {summary!r}")


def instructions(precis, args, pairs):
    """Instructions executed by one `precis rouge -j 1` run under callgrind."""
    out = os.path.join(os.path.dirname(pairs), "callgrind.rouge_unicode.out")
    res = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                          precis, "rouge", "-j", "1", "--summary", "--pairs", pairs, *args],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if res.returncode != 0:
        sys.exit(f"valgrind: {res.stderr[-500:]}")
    m = re.search(r"Collected : (\d+)", res.stderr)
    os.remove(out)
    return int(m.group(1)) if m else None


def head(path, n, out_path):
    with open(path, encoding="utf-8") as src, open(out_path, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return out_path


def table(title, precis, pairs, n, setups, repeat, callgrind, out_dir, base=(None, None)):
    """Prints one table; returns (pairs per CPU-second, instructions/pair) of its first row."""
    print(f"\n{title}: {n} pairs, precis rouge -j 1, least CPU of {repeat} runs")
    cols = f"{'set-up':<24}{'pairs/s':>9}{'pairs/CPU-s':>13}{'vs default':>11}"
    if callgrind:
        cols += f"{'instr/pair':>12}{'vs default':>11}"
    cols += "".join(f"{t:>9}" for t in ("R-1", "R-2", "R-L", "R-Lsum"))
    print(cols)
    small = head(pairs, callgrind, os.path.join(out_dir, "rouge_unicode_head.jsonl")) if callgrind else None
    base, base_instr = base
    first = None
    for label, args in setups:
        best = None
        for _ in range(max(1, repeat)):
            out, wall, cpu = run_timed(precis, args, pairs)
            if best is None or cpu < best[2]:
                best = (out, wall, cpu)
        out, wall, cpu = best
        rate = n / cpu
        base = base or rate
        instr = None
        row = f"{label:<24}{n / wall:>9.0f}{rate:>13.0f}{rate / base:>10.2f}x"
        if callgrind:
            instr = instructions(precis, args, small) / callgrind
            base_instr = base_instr or instr
            row += f"{instr:>12.0f}{instr / base_instr:>10.2f}x"
        row += "".join(f"{f:>9.2f}" for f in mean_f(out))
        print(row, flush=True)
        first = first or (rate, instr)
    return first


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    data_dir = os.path.join(os.environ.get("PRECIS_DATA", os.path.join(ROOT, "..", "..", "shared", "data")), "cnndm")
    ap.add_argument("--precis", default=os.path.join(ROOT, "..", "target", "release", "precis"))
    ap.add_argument("--data", nargs="+", default=[os.path.join(data_dir, f"validation_{f}.jsonl.gz")
                                                  for f in ("lower", "cased")])
    ap.add_argument("--limit", type=int, default=0, help="only the first N stories of each file (0: all)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each set-up; the best is kept")
    ap.add_argument("--callgrind", type=int, default=0, metavar="N",
                    help="also count instructions per pair on the first N pairs (needs valgrind)")
    ap.add_argument("--out", default=os.path.join(ROOT, "out"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    combined = os.path.join(args.out, "rouge_unicode_pairs.jsonl")
    n = 0
    with open(combined, "w", encoding="utf-8") as dst:
        for data in args.data:
            pairs, k = make_pairs(args.precis, data, args.limit, args.out)
            with open(pairs, encoding="utf-8") as src:
                dst.writelines(src)
            n += k
    names = " + ".join(dataset_name(d) for d in args.data)
    default = table(f"English ({names})", args.precis, combined, n, SETUPS, args.repeat, args.callgrind,
                    args.out)

    cyrillic = os.path.join(args.out, "rouge_unicode_pairs_cyrillic.jsonl")
    mapping = str.maketrans(LATIN, CYRILLIC)
    with open(combined, encoding="utf-8") as src, open(cyrillic, "w", encoding="utf-8") as dst:
        for line in src:
            # JSON escapes (\n, \") use ASCII letters: map only the decoded text.
            pair = json.loads(line)
            dst.write(json.dumps({k: v.translate(mapping) for k, v in pair.items()}, ensure_ascii=False))
            dst.write("\n")
    table("The same pairs, Latin letters mapped to Cyrillic (synthetic)", args.precis, cyrillic, n,
          CYRILLIC_SETUPS, args.repeat, args.callgrind, args.out, base=default)
    print("\n(whole processes: start-up, reading, JSON parsing, scoring; CPU = user + system; 'vs "
          "default' compares pairs per CPU-second and instructions with the first row of the English "
          "table: wall time is noise on a shared machine)")


if __name__ == "__main__":
    main()
