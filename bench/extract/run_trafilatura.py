#!/usr/bin/env python3
"""Run trafilatura over the AEB pages and write predictions as JSONL.

Usage: run_trafilatura.py [--repeat N] AEB_DIR OUT.jsonl

All pages are read and gunzipped first; only the extraction loop is timed
(single thread, best of N runs), so Python start-up and I/O are not counted.
trafilatura gets the original bytes and does its own charset detection, as
precis does.
"""

import gzip
import json
import os
import sys
import time

import trafilatura


def main(aeb_dir, out_path, repeat=1):
    ids = []
    with open(os.path.join(aeb_dir, "truth.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                ids.append(json.loads(line)["id"])
    pages = []
    for pid in ids:
        with gzip.open(os.path.join(aeb_dir, "pages", pid + ".html.gz"), "rb") as f:
            pages.append(f.read())

    seconds = float("inf")
    for _ in range(max(1, repeat)):
        texts = []
        start = time.perf_counter()
        for html in pages:
            # Comments are not part of the article text the truth holds.
            texts.append(trafilatura.extract(html, include_comments=False) or "")
        seconds = min(seconds, time.perf_counter() - start)

    with open(out_path, "w", encoding="utf-8") as f:
        meta = {
            "name": "trafilatura",
            "version": trafilatura.__version__,
            "seconds": seconds,
            "pages_per_s": len(pages) / seconds,
        }
        f.write(json.dumps({"meta": meta}) + "\n")
        for pid, text in zip(ids, texts):
            f.write(json.dumps({"id": pid, "text": text}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    args = sys.argv[1:]
    repeat = 1
    if len(args) >= 2 and args[0] == "--repeat":
        repeat, args = int(args[1]), args[2:]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(args[0], args[1], repeat)
