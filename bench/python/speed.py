#!/usr/bin/env python3
"""summarize_batch vs `precis batch` on the same file, in the same run, beside sumy LexRank and a
pure-Python Lead-3 called from Python: articles/s and peak RSS, each in its own process.

    python bench/python/speed.py --data FILE --precis BIN [--threads 2] [--repeat 3] [--sumy 300]

Each measurement runs --repeat times; the best (shortest) wall time is kept, since the machine
may be shared and other load only ever slows a run down. Prints a table and one JSON line.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def child(args):
    """Runs one measurement in this process; prints {"n", "seconds", "load_seconds", "rss_mb"}."""
    sys.path.insert(0, HERE)
    import common

    t0 = time.perf_counter()
    texts = common.read_articles(args.data)
    if args.limit:
        texts = texts[: args.limit]
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    if args.child == "summarize_batch":
        import precis

        out = precis.summarize_batch(texts, threads=args.threads)
        assert len(out) == len(texts)
    elif args.child == "lead3":
        out = [common.lead3(t) for t in texts]
    elif args.child == "sumy":
        out = [common.sumy_lexrank(t) for t in texts]
    seconds = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"n": len(texts), "seconds": seconds, "load_seconds": load, "rss_mb": rss_mb}))


def run_child(args, kind, limit=0):
    cmd = [sys.executable, __file__, "--child", kind, "--data", args.data, "--threads", str(args.threads),
           "--limit", str(limit)]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def run_cli(args):
    """`precis batch` from the gzip file to /dev/null, timed by GNU time (whole process)."""
    fmt = '{"wall": %e, "rss_kb": %M}'
    done = subprocess.run(
        ["/usr/bin/time", "-f", fmt, args.precis, "batch", "--input", args.data, "--output", "/dev/null",
         "--quiet", "--threads", str(args.threads)],
        capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"precis batch failed: {done.stderr}")
    t = json.loads(done.stderr.strip().splitlines()[-1])
    records = int(done.stderr.split("precis: ")[1].split(" records")[0])
    return {"n": records, "seconds": t["wall"], "load_seconds": 0.0, "rss_mb": t["rss_kb"] / 1024}


def best(runs):
    return min(runs, key=lambda r: r["seconds"])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--precis", help="the precis binary")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--sumy", type=int, default=300, help="articles for sumy LexRank (it is slow)")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        return child(args)

    results = {}
    for _ in range(args.repeat):
        for name, run in [
            ("precis batch (CLI)", lambda: run_cli(args)),
            ("precis.summarize_batch", lambda: run_child(args, "summarize_batch")),
            ("pure-Python Lead-3", lambda: run_child(args, "lead3")),
        ]:
            results.setdefault(name, []).append(run())
    results["sumy LexRank (sample)"] = [run_child(args, "sumy", args.sumy)]
    cli = best(results["precis batch (CLI)"])
    rate_cli = cli["n"] / cli["seconds"]
    print(f"{os.path.basename(args.data)}, {args.threads} threads, best of {args.repeat} "
          f"(spread = slowest/fastest wall, a measure of the machine's noise)")
    print(f"{'':26} {'articles':>8} {'seconds':>8} {'articles/s':>11} {'vs CLI':>7} {'peak RSS MB':>11} {'spread':>7}")
    summary = {}
    for name, runs in results.items():
        r = best(runs)
        rate = r["n"] / r["seconds"]
        spread = max(x["seconds"] for x in runs) / r["seconds"]
        print(f"{name:26} {r['n']:8d} {r['seconds']:8.2f} {rate:11.0f} {rate / rate_cli:7.2f} {r['rss_mb']:11.0f} {spread:7.2f}")
        summary[name] = {"articles_per_s": rate, "rss_mb": r["rss_mb"], "seconds": r["seconds"], "spread": spread}
    sb = best(results["precis.summarize_batch"])
    e2e = sb["n"] / (sb["seconds"] + sb["load_seconds"])
    print(f"summarize_batch counting the Python read of the file too: {e2e:.0f} articles/s "
          f"({e2e / rate_cli:.2f}x the CLI, which reads, parses and writes JSON in its time)")
    summary["summarize_batch_with_read"] = e2e
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
