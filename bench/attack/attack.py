#!/usr/bin/env python3
"""Attack scenarios against a `precis serve` on loopback, with the server's vital signs.

For each scenario, the attack runs for --duration seconds while a separate process asks GET
/healthz every 20 ms on a fresh connection, and a thread samples the server's RSS and open
descriptors from /proc/PID. One line per scenario: what the attack got back, the server's peak
RSS and descriptors, the share of 503 answers, and /healthz latency (p50/p99/max).

Scenarios (all loopback only, bounded in connections and time):
  body-hold       N connections each declare a 2,000,000-byte body and send it at 256 KB/s
  silent          N connections that never send a byte
  slow-header     N connections sending a request head one byte every 500 ms
  burst           256 closed-loop clients posting the 590-word article (wrk)
  attribute-bomb  C clients posting HTML with 200,000 attribute names on one element
  rate-limit      64 closed-loop clients (wrk) against a second server started with
                  --rate-limit --trust-proxy: half the requests from one heavy client, half each
                  from a new address (the client table must stay bounded); the 429 share shows

After each scenario the driver waits (bounded) until the server is idle again and says how long
that took: work a scenario leaves behind (a summarization outliving its request) shows there.

Standard library only. Run through bench/attack/run.sh, which builds and starts the server.
"""

import argparse
import asyncio
import http.client
import json
import multiprocessing
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time


# --- what we watch -------------------------------------------------------------------------

def probe(port, stop, out):
    """GET /healthz every 20 ms on a new connection until `stop` is set; latencies in ms
    (None for a failure) into `out`. Runs in its own process, so the attack's event loop
    does not delay it."""
    results = []
    while not stop.is_set():
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            conn.close()
            results.append((time.perf_counter() - started) * 1000 if response.status == 200 else None)
        except OSError:
            results.append(None)
        time.sleep(0.02)
    out.put(results)


class Sampler(threading.Thread):
    """Peak RSS (MB) and open descriptors of the server process, sampled every 50 ms."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.rss_mb = 0.0
        self.fds = 0
        self.running = True

    def run(self):
        while self.running:
            try:
                with open(f"/proc/{self.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            self.rss_mb = max(self.rss_mb, int(line.split()[1]) / 1024)
                self.fds = max(self.fds, len(os.listdir(f"/proc/{self.pid}/fd")))
            except OSError:
                pass
            time.sleep(0.05)


def server_gauges(port):
    """(summarizations running, connections open) from /metrics, or None."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/metrics")
        text = conn.getresponse().read().decode()
        conn.close()
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in ("precis_summarizations_running", "precis_connections_open"):
            values[name] = float(value)
    return values.get("precis_summarizations_running", 0), values.get("precis_connections_open", 0)


def wait_idle(port, limit):
    """Waits (at most `limit` seconds) until no summarization runs and only our /metrics
    connection is open, so one scenario's leftovers do not count against the next; returns
    the seconds waited, or None if the server stayed busy."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        gauges = server_gauges(port)
        if gauges is not None and gauges[0] == 0 and gauges[1] <= 1:
            return time.monotonic() - started
        time.sleep(0.5)
    return None


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# --- the attacks -----------------------------------------------------------------------------

class Tally:
    """Answers the attack got, by status; 'closed' when the server closed without answering."""

    def __init__(self):
        self.counts = {}

    def add(self, key):
        self.counts[key] = self.counts.get(key, 0) + 1

    def share(self, status):
        answered = sum(v for k, v in self.counts.items() if isinstance(k, int))
        return self.counts.get(status, 0) / answered if answered else 0.0

    def share_503(self):
        answered = sum(v for k, v in self.counts.items() if isinstance(k, int))
        return self.counts.get(503, 0) / answered if answered else 0.0

    def __str__(self):
        return " ".join(f"{k}:{v}" for k, v in sorted(self.counts.items(), key=lambda kv: str(kv[0])))


async def read_status(reader, timeout):
    """The status of the answer on `reader`, 'closed' if the server closed first, 'none' if
    nothing came within `timeout`."""
    try:
        line = await asyncio.wait_for(reader.readline(), timeout)
    except (asyncio.TimeoutError, TimeoutError):
        return "none"
    except OSError:
        return "closed"
    parts = line.split()
    if len(parts) >= 2 and parts[1].isdigit():
        return int(parts[1])
    return "closed"


async def open_conn(port):
    return await asyncio.open_connection("127.0.0.1", port)


async def body_hold(port, deadline, tally, _args):
    """Declares a 2,000,000-byte body and sends it at 256 KB/s."""
    try:
        reader, writer = await open_conn(port)
    except OSError:
        tally.add("connect-failed")
        return
    length = 2_000_000
    writer.write(
        b"POST /v1/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {length}\r\n\r\n".encode()
        + b'{"text": "'
    )
    sent = 10
    chunk = b"a" * 65536
    status_task = asyncio.ensure_future(read_status(reader, deadline - time.monotonic() + 5))
    try:
        while sent < length and time.monotonic() < deadline and not status_task.done():
            n = min(len(chunk), length - sent)
            writer.write(chunk[:n])
            sent += n
            try:
                await asyncio.wait_for(writer.drain(), max(0.01, deadline - time.monotonic()))
            except (asyncio.TimeoutError, TimeoutError):
                break
            await asyncio.sleep(0.25)
    except OSError:
        pass
    tally.add(await status_task)
    writer.close()


async def silent(port, deadline, tally, _args):
    """Connects and says nothing."""
    try:
        reader, writer = await open_conn(port)
    except OSError:
        tally.add("connect-failed")
        return
    tally.add(await read_status(reader, deadline - time.monotonic()))
    writer.close()


async def slow_header(port, deadline, tally, _args):
    """Sends a request head one byte every 500 ms, never finishing it."""
    try:
        reader, writer = await open_conn(port)
    except OSError:
        tally.add("connect-failed")
        return
    head = b"POST /v1/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000
    status_task = asyncio.ensure_future(read_status(reader, deadline - time.monotonic() + 1))
    try:
        for b in head:
            if time.monotonic() >= deadline or status_task.done():
                break
            writer.write(bytes([b]))
            await asyncio.sleep(0.5)
    except OSError:
        pass
    tally.add(await status_task)
    writer.close()


def bomb_body(attributes):
    names = " ".join(f"a{i}" for i in range(attributes))
    html = (
        "<html><head><title>Bomb</title></head><body><article><h1>Bomb</h1>"
        + f"<p {names}>The harbour reopened on Monday after repairs.</p>"
        + "<p>Repairs to the outer breakwater took four months.</p></article></body></html>"
    )
    return json.dumps({"html": html}).encode()


async def attribute_bomb(port, deadline, tally, args):
    """Posts the attribute bomb again and again until the deadline."""
    body = args.bomb
    while time.monotonic() < deadline:
        try:
            reader, writer = await open_conn(port)
            writer.write(
                b"POST /v1/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
            tally.add(await read_status(reader, 60))
            writer.close()
        except OSError:
            tally.add("closed")


ATTACKS = {
    "body-hold": body_hold,
    "silent": silent,
    "slow-header": slow_header,
    "attribute-bomb": attribute_bomb,
}


async def run_attack(name, port, count, duration, args):
    tally = Tally()
    deadline = time.monotonic() + duration
    attack = ATTACKS[name]
    tasks = []
    for _ in range(count):
        tasks.append(asyncio.ensure_future(attack(port, deadline, tally, args)))
        await asyncio.sleep(0)  # let connects start in order
    await asyncio.wait(tasks, timeout=duration + 70)
    for t in tasks:
        t.cancel()
    return tally


def run_burst(port, duration, article):
    """256 closed-loop clients with wrk; the tally of answers and wrk's own figures."""
    tally = Tally()
    wrk = shutil.which("wrk")
    if not wrk:
        tally.add("wrk-missing")
        return tally, ""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "serve", "post.lua")
    env = dict(os.environ, ARTICLE=article, ALGORITHM="learned")
    out = subprocess.run(
        [wrk, "-t2", "-c256", f"-d{int(duration)}s", "--timeout", "10s", "-s", script,
         f"http://127.0.0.1:{port}/v1/summarize"],
        env=env, capture_output=True, text=True, timeout=duration + 60,
    ).stdout
    line = next((l for l in out.splitlines() if l.startswith("RESULT ")), "")
    fields = dict(kv.split("=") for kv in line.split()[1:])
    if fields:
        non2xx = int(fields["non2xx"])
        requests = int(fields["requests"])
        tally.counts = {200: requests - non2xx}
        if non2xx:
            tally.counts["non-2xx"] = non2xx
        if int(fields["socket_errors"]):
            tally.counts["socket-errors"] = int(fields["socket_errors"])
        extra = (f"{float(fields['ok_rps']):.0f} ok req/s, p50 {float(fields['p50_ms']):.1f} ms, "
                 f"p99 {float(fields['p99_ms']):.1f} ms, max {float(fields['max_ms']):.1f} ms")
        return tally, extra
    tally.add("wrk-failed")
    return tally, out[-200:]


def run_flood(port, duration, article):
    """64 closed-loop clients with wrk and flood.lua; the tally of answers by status."""
    tally = Tally()
    wrk = shutil.which("wrk")
    if not wrk:
        tally.add("wrk-missing")
        return tally, ""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "flood.lua")
    out = subprocess.run(
        [wrk, "-t2", "-c64", f"-d{int(duration)}s", "--timeout", "10s", "-s", script,
         f"http://127.0.0.1:{port}/v1/summarize"],
        env=dict(os.environ, ARTICLE=article), capture_output=True, text=True,
        timeout=duration + 60,
    ).stdout
    line = next((l for l in out.splitlines() if l.startswith("RESULT ")), "")
    fields = dict(kv.split("=") for kv in line.split()[1:])
    if not fields:
        tally.add("wrk-failed")
        return tally, out[-200:]
    tally.counts = {200: int(fields["ok"]), 429: int(fields["limited"])}
    if int(fields["other"]):
        tally.counts["other"] = int(fields["other"])
    if int(fields["socket_errors"]):
        tally.counts["socket-errors"] = int(fields["socket_errors"])
    seconds = float(fields["seconds"])
    extra = (f"{int(fields['ok']) / seconds:.0f} ok req/s, {int(fields['limited']) / seconds:.0f} "
             f"429/s, p99 {float(fields['p99_ms']):.1f} ms")
    return tally, extra


# --- the report ------------------------------------------------------------------------------

def scenario(name, args):
    count = {"body-hold": args.body_hold, "silent": args.silent, "slow-header": args.slow_header,
             "attribute-bomb": args.bomb_clients, "burst": 256, "rate-limit": 64}[name]
    # The rate-limit scenario has its own server.
    pid, port = (args.rate_pid, args.rate_port) if name == "rate-limit" else (args.pid, args.port)
    stop = multiprocessing.Event()
    out = multiprocessing.Queue()
    prober = multiprocessing.Process(target=probe, args=(port, stop, out))
    sampler = Sampler(pid)
    sampler.start()
    prober.start()
    time.sleep(0.2)
    started = time.monotonic()
    extra = ""
    if name == "burst":
        tally, extra = run_burst(args.port, args.duration, args.article)
    elif name == "rate-limit":
        tally, extra = run_flood(port, args.duration, args.article)
    else:
        tally = asyncio.run(run_attack(name, args.port, count, args.duration, args))
    elapsed = time.monotonic() - started
    stop.set()
    latencies = out.get(timeout=30)
    prober.join(timeout=10)
    sampler.running = False
    sampler.join()
    ok = [l for l in latencies if l is not None]
    failed = len(latencies) - len(ok)
    print(
        f"{name:<15} {count:>6} {elapsed:>6.1f} {sampler.rss_mb:>8.1f} {sampler.fds:>6} "
        f"{100 * tally.share_503():>6.1f}% {100 * tally.share(429):>6.1f}% {percentile(ok, 50):>7.1f} {percentile(ok, 99):>7.1f} "
        f"{max(ok) if ok else float('nan'):>7.1f} {failed:>5}   {tally}",
        flush=True,
    )
    if extra:
        print(f"{'':<15} {extra}", flush=True)
    return {"name": name, "rss_mb": sampler.rss_mb, "fds": sampler.fds, "p99": percentile(ok, 99),
            "max": max(ok) if ok else float("inf"), "failed": failed, "tally": tally.counts}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pid", type=int, required=True, help="the server's process id")
    ap.add_argument("--port", type=int, required=True, help="the server's port on 127.0.0.1")
    ap.add_argument("--article", required=True, help="the article the burst posts")
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per scenario")
    ap.add_argument("--settle", type=float, default=180.0,
                    help="most seconds to wait for the server to be idle after a scenario")
    ap.add_argument("--body-hold", type=int, default=1000, help="connections in body-hold")
    ap.add_argument("--silent", type=int, default=5000, help="connections in silent")
    ap.add_argument("--slow-header", type=int, default=1000, help="connections in slow-header")
    ap.add_argument("--bomb-clients", type=int, default=4, help="clients in attribute-bomb")
    ap.add_argument("--bomb-attributes", type=int, default=200_000)
    ap.add_argument("--rate-pid", type=int, help="the rate-limited server's process id")
    ap.add_argument("--rate-port", type=int, help="the rate-limited server's port")
    ap.add_argument("--rss-bound", type=float, default=512.0, help="MB the server must stay under")
    ap.add_argument("scenarios", nargs="*",
                    default=["body-hold", "silent", "slow-header", "burst", "attribute-bomb",
                             "rate-limit"])
    args = ap.parse_args()
    if "rate-limit" in args.scenarios and not (args.rate_pid and args.rate_port):
        ap.error("the rate-limit scenario needs --rate-pid and --rate-port")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    args.bomb = bomb_body(args.bomb_attributes)

    print(f"{'scenario':<15} {'conns':>6} {'secs':>6} {'RSS MB':>8} {'fds':>6} {'503s':>7} {'429s':>7} "
          f"{'hz p50':>7} {'hz p99':>7} {'hz max':>7} {'hz ✗':>5}   answers the attack got")
    results = []
    for name in args.scenarios:
        results.append(scenario(name, args))
        waited = wait_idle(args.rate_port if name == "rate-limit" else args.port, args.settle)
        if waited is None:
            print(f"{'':<15} the server was still busy {args.settle:.0f} s after the scenario", flush=True)
        elif waited >= 1:
            print(f"{'':<15} {waited:.1f} s until the server was idle again (connections closed, "
                  "summarizations done)", flush=True)

    problems = []
    for r in results:
        if r["failed"] or r["max"] >= 100:
            problems.append(f"{r['name']}: /healthz max {r['max']:.1f} ms, {r['failed']} failed")
        if r["rss_mb"] >= args.rss_bound:
            problems.append(f"{r['name']}: RSS {r['rss_mb']:.0f} MB over {args.rss_bound:.0f} MB")
        if r["name"] == "burst" and set(r["tally"]) != {200}:
            problems.append(f"burst: not every request succeeded: {r['tally']}")
        if r["name"] == "rate-limit" and not set(r["tally"]) <= {200, 429}:
            problems.append(f"rate-limit: answers other than 200 and 429: {r['tally']}")
    print()
    if problems:
        print("NOT MET:\n  " + "\n  ".join(problems))
        return 1
    print(f"met: /healthz under 100 ms throughout, RSS under {args.rss_bound:.0f} MB, every burst request answered 200")
    return 0


if __name__ == "__main__":
    sys.exit(main())
