#!/usr/bin/env python3
"""Loopback page server for bench/fetch/run.sh.

Serves GET /p/<n>.html as page n mod N of the AEB pages (gunzipped once, in memory), each after
DELAY_MS milliseconds (a network's latency, so that concurrency matters), and GET /__stats as
JSON: requests served, the most requests in flight at once and the most open connections at once,
both counted on the server side; GET /feed.xml?n=N is an RSS 2.0 feed of N items linking to
/p/0.html … /p/<N-1>.html (for bench/feed/run.sh), served without delay. Binds 127.0.0.1 on an ephemeral port and writes the port to
PORT_FILE; exits by itself after IDLE_S seconds without a request or LIFETIME_S in all.

Usage: server.py AEB_DIR PORT_FILE [DELAY_MS]
"""

import gzip
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

IDLE_S = 60
LIFETIME_S = 1800


class Stats:
    lock = threading.Lock()
    requests = 0
    in_flight = 0
    max_in_flight = 0
    connections = 0
    max_connections = 0
    last = time.monotonic()


def main(aeb_dir, port_file, delay_ms=20):
    pages = []
    pages_dir = os.path.join(aeb_dir, "pages")
    for name in sorted(os.listdir(pages_dir)):
        if name.endswith(".html.gz"):
            with gzip.open(os.path.join(pages_dir, name), "rb") as f:
                pages.append(f.read())
    delay = delay_ms / 1000.0

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            with Stats.lock:
                Stats.connections += 1
                Stats.max_connections = max(Stats.max_connections, Stats.connections)

        def finish(self):
            with Stats.lock:
                Stats.connections -= 1
            super().finish()

        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path == "/__stats":
                body = json.dumps({"requests": Stats.requests,
                                   "max_in_flight": Stats.max_in_flight,
                                   "max_connections": Stats.max_connections}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if self.path.startswith("/feed.xml"):
                n = int(self.path.split("n=", 1)[1]) if "n=" in self.path else 100
                host = self.headers.get("Host", "127.0.0.1")
                items = "".join(
                    f"<item><title>Story {i}</title><link>http://{host}/p/{i}.html</link>"
                    f"<pubDate>Wed, 04 Mar 2026 09:{i % 60:02d}:00 GMT</pubDate></item>"
                    for i in range(n))
                body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                        f"<title>Bench feed</title>{items}</channel></rss>").encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            with Stats.lock:
                Stats.requests += 1
                Stats.in_flight += 1
                Stats.max_in_flight = max(Stats.max_in_flight, Stats.in_flight)
                Stats.last = time.monotonic()
            try:
                time.sleep(delay)
                try:
                    n = int(self.path.rsplit("/", 1)[-1].split(".")[0])
                except ValueError:
                    n = 0
                body = pages[n % len(pages)]
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            finally:
                with Stats.lock:
                    Stats.in_flight -= 1

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    started = time.monotonic()

    def watchdog():
        while True:
            time.sleep(1)
            now = time.monotonic()
            if now - Stats.last > IDLE_S or now - started > LIFETIME_S:
                server.shutdown()
                return

    threading.Thread(target=watchdog, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 20)
