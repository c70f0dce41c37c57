#!/usr/bin/env bash
# Feed benchmark: `precis feed` over an RSS feed of N entries whose pages are served from loopback.
#
#   bench/feed/run.sh [AEB_DIR]   (default: $PRECIS_AEB_DIR or ../shared/data/html/aeb)
#
# bench/fetch/server.py serves /feed.xml?n=N (an RSS 2.0 feed) and the AEB pages it links to, on
# 127.0.0.1, each page after 20 ms of latency, and counts on its side the most requests in flight.
# All entries are on one host, as in a real feed, so --per-host is the limit that binds; two runs:
# the default (--per-host 4) and --per-host 16. Prints entries/s (wall clock, feed fetch included),
# peak memory (maximum resident set size from /usr/bin/time) and the server's count beside the
# limit. N: $PRECIS_FEED_ENTRIES (default 500).
set -euo pipefail
cd "$(dirname "$0")/../.."

AEB_DIR="${1:-${PRECIS_AEB_DIR:-../shared/data/html/aeb}}"
ENTRIES="${PRECIS_FEED_ENTRIES:-500}"
OUT=bench/out/feed
mkdir -p "$OUT"

# PRECIS_BIN: an already built binary (skips the release build).
if [[ -z ${PRECIS_BIN:-} ]]; then
  cargo build -q --release -p precis-cli
fi
PRECIS=${PRECIS_BIN:-target/release/precis}

run_one() {
  local per_host=$1
  rm -f "$OUT/port"
  python3 bench/fetch/server.py "$AEB_DIR" "$OUT/port" 20 &
  local server=$!
  for _ in $(seq 100); do [[ -s $OUT/port ]] && break; sleep 0.1; done
  local port
  port=$(cat "$OUT/port")
  /usr/bin/time -f "%e %M" -o "$OUT/time" \
    "$PRECIS" feed "http://127.0.0.1:$port/feed.xml?n=$ENTRIES" -o "$OUT/out.jsonl" \
      --per-host "$per_host" 2> "$OUT/stderr" || true
  local stats
  stats=$(python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())" \
    "http://127.0.0.1:$port/__stats")
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  read -r seconds rss_kb < "$OUT/time"
  local lines errors
  lines=$(wc -l < "$OUT/out.jsonl")
  errors=$(grep -c '"error"' "$OUT/out.jsonl" || true)
  python3 - "$ENTRIES" "$per_host" "$seconds" "$rss_kb" "$lines" "$errors" "$stats" <<'PY'
import json, sys
entries, per_host, secs, rss_kb, lines, errors, stats = sys.argv[1:]
s = json.loads(stats)
print(f"| {per_host} | {entries} | {lines} | {errors} | {int(entries) / float(secs):.1f} "
      f"| {int(rss_kb) / 1024:.0f} MB | {s['max_in_flight']} (limit {per_host}) |")
PY
}

echo "precis feed, an RSS feed of $ENTRIES entries on one loopback host (20 ms latency per page), $(nproc) cores"
echo
echo "| --per-host | entries | output lines | errors | entries/s | peak RSS | max in flight (server) |"
echo "|---|---|---|---|---|---|---|"
run_one 4
run_one 16
