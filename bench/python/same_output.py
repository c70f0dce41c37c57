#!/usr/bin/env python3
"""Checks that precis.summarize_batch gives, record for record, what `precis batch` writes.

    python bench/python/same_output.py --precis BIN FILE... [--algorithm NAME ...]

For each file and algorithm: `precis batch` on the file, and summarize_batch on the "article"
field of each line; every output line without "id" and "line" must equal Summary.to_dict().
Exits 1 and names the first differing records otherwise.
"""

import argparse
import gzip
import json
import subprocess
import sys

import precis


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--precis", required=True)
    p.add_argument("--algorithm", action="append", default=None)
    p.add_argument("files", nargs="+")
    args = p.parse_args()
    failed = False
    for path in args.files:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            texts = [json.loads(line)["article"] for line in f]
        for algorithm in args.algorithm or ["learned", "lexrank"]:
            done = subprocess.run([args.precis, "batch", "--input", path, "--quiet", "--algorithm", algorithm],
                                  capture_output=True, text=True)
            if done.returncode not in (0, 1):
                sys.exit(f"precis batch failed: {done.stderr}")
            cli = [json.loads(line) for line in done.stdout.splitlines()]
            ours = precis.summarize_batch(texts, algorithm=algorithm)
            diffs = []
            if len(cli) != len(ours):
                diffs.append(f"{len(cli)} lines from precis batch, {len(ours)} summaries")
            for n, (c, s) in enumerate(zip(cli, ours), 1):
                c.pop("id", None)
                c.pop("line", None)
                if c != s.to_dict():
                    diffs.append(f"record {n}: {json.dumps(c)[:200]} != {s.to_json()[:200]}")
            status = "identical" if not diffs else f"{len(diffs)} DIFFERENT"
            print(f"{path.rsplit('/', 1)[-1]} {algorithm}: {len(ours)} records, {status}")
            for d in diffs[:5]:
                print("  " + d)
            failed |= bool(diffs)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
