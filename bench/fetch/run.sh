#!/usr/bin/env bash
# Fetching benchmark: `precis batch --urls` over 2,000 pages served from loopback.
#
#   bench/fetch/run.sh [AEB_DIR]   (default: $PRECIS_AEB_DIR or ../shared/data/html/aeb)
#
# server.py serves the AEB pages (repeated to 2,000 URLs) on 127.0.0.1 with 20 ms of latency per
# page and counts, on its side, the most requests in flight and the most open connections. Two
# runs: one where the per-host limit binds (--fetch-concurrency 16 --per-host 4), one where the
# overall limit binds (--fetch-concurrency 8 --per-host 64). Prints pages/s, peak memory (maximum
# resident set size from /usr/bin/time) and the server's counts beside the limits.
set -euo pipefail
cd "$(dirname "$0")/../.."

AEB_DIR="${1:-${PRECIS_AEB_DIR:-../shared/data/html/aeb}}"
PAGES="${PRECIS_FETCH_PAGES:-2000}"
OUT=bench/out/fetch
mkdir -p "$OUT"

# PRECIS_BIN: an already built binary (skips the release build).
if [[ -z ${PRECIS_BIN:-} ]]; then
  cargo build -q --release -p precis-cli
fi
PRECIS=${PRECIS_BIN:-target/release/precis}

run_one() {
  local concurrency=$1 per_host=$2
  rm -f "$OUT/port"
  python3 bench/fetch/server.py "$AEB_DIR" "$OUT/port" 20 &
  local server=$!
  for _ in $(seq 100); do [[ -s $OUT/port ]] && break; sleep 0.1; done
  local port
  port=$(cat "$OUT/port")
  seq 0 $((PAGES - 1)) | sed "s|.*|http://127.0.0.1:$port/p/&.html|" > "$OUT/urls.txt"
  /usr/bin/time -f "%e %M" -o "$OUT/time" \
    "$PRECIS" batch --urls "$OUT/urls.txt" -o "$OUT/out.jsonl" --quiet \
      --fetch-concurrency "$concurrency" --per-host "$per_host" 2> "$OUT/stderr" || true
  local stats
  stats=$(python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())" \
    "http://127.0.0.1:$port/__stats")
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  read -r seconds rss_kb < "$OUT/time"
  local lines errors
  lines=$(wc -l < "$OUT/out.jsonl")
  errors=$(grep -c '"error"' "$OUT/out.jsonl" || true)
  python3 - "$PAGES" "$concurrency" "$per_host" "$seconds" "$rss_kb" "$lines" "$errors" "$stats" <<'PY'
import json, sys
pages, conc, per_host, secs, rss_kb, lines, errors, stats = sys.argv[1:]
s = json.loads(stats)
limit = min(int(conc), int(per_host))
print(f"| {conc} | {per_host} | {pages} | {lines} | {errors} | {int(pages) / float(secs):.1f} "
      f"| {int(rss_kb) / 1024:.0f} MB | {s['max_in_flight']} (limit {limit}) | {s['max_connections']} |")
PY
}

echo "precis batch --urls, $PAGES loopback pages (20 ms latency each), $(nproc) cores"
echo
echo "| --fetch-concurrency | --per-host | pages | output lines | errors | pages/s | peak RSS | max in flight (server) | max open connections (server) |"
echo "|---|---|---|---|---|---|---|---|---|"
run_one 16 4
run_one 8 64
