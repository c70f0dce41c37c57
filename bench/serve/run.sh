#!/usr/bin/env bash
# Load benchmark of `precis serve`: builds the release binary, starts it on loopback with
# --max-concurrency $SLOTS, drives POST /v1/summarize with wrk for a bounded time per scenario,
# and prints requests/s, p50 and p99 latency and errors side by side. The server is stopped on
# exit, whatever happens.
#
# Scenarios: each algorithm with as many connections as slots (the server's capacity), then a
# burst of $BURST closed-loop connections on the default algorithm: requests beyond the slots
# wait in the server's queue (--queue, --queue-timeout), so every one must still succeed.
# The server logs warnings only (--log warn): the access log is not what is measured.
#
#   bench/serve/run.sh                      # 20 s per scenario
#   DURATION=10s ALGORITHMS="lead textrank" SLOTS=8 bench/serve/run.sh
#
# Needs wrk (apt-get install wrk) and curl. Client and server share the machine's cores, so the
# figures are a floor for what a dedicated server would do.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-20s}
SLOTS=${SLOTS:-4}
BURST=${BURST:-256}
THREADS=${THREADS:-2}
ALGORITHMS=${ALGORITHMS:-"learned lead lexrank textrank"}
PORT=${PORT:-18181}
ADDR="127.0.0.1:${PORT}"
URL="http://$ADDR/v1/summarize"
ARTICLE=bench/serve/article.txt
export ARTICLE

command -v wrk >/dev/null || { echo "run.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "run.sh: curl is missing (apt-get install curl)" >&2; exit 1; }

cargo build --release --quiet -p precis-cli
BIN=${CARGO_TARGET_DIR:-target}/release/precis
LOG=$(mktemp)

"$BIN" serve --addr "$ADDR" --max-concurrency "$SLOTS" --log warn 2>"$LOG" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -f "$LOG"' EXIT

for _ in $(seq 1 100); do
  curl -sf "http://$ADDR/healthz" >/dev/null && break
  sleep 0.1
done
curl -sf "http://$ADDR/healthz" >/dev/null || { echo "run.sh: the server did not start" >&2; cat "$LOG" >&2; exit 1; }

echo "precis serve --max-concurrency $SLOTS on $ADDR; $(nproc) cores shared with wrk -t$THREADS"
echo "POST /v1/summarize, 3 sentences of a $(wc -w <"$ARTICLE")-word article, $DURATION per scenario"
echo
printf '%-10s %6s %10s %10s %9s %9s %9s %9s %7s\n' \
  algorithm conns requests 'ok req/s' 'p50 ms' 'p99 ms' 'max ms' '503s' errors

scenario() { # algorithm connections
  local line
  # One request first: a bad algorithm name or a broken server fails loudly, not as 0 req/s.
  line=$(ALGORITHM=$1 wrk -t1 -c1 -d1s -s bench/serve/post.lua "$URL" | grep '^RESULT')
  [[ $line == *" non2xx=0" ]] || { echo "run.sh: $1: the server answers errors: $line" >&2; exit 1; }
  line=$(ALGORITHM=$1 wrk -t"$THREADS" -c"$2" -d"$DURATION" --timeout 15s -s bench/serve/post.lua "$URL" |
    grep '^RESULT')
  local requests seconds ok_rps p50_ms p99_ms max_ms socket_errors non2xx
  eval "${line#RESULT }"
  printf '%-10s %6s %10s %10s %9s %9s %9s %9s %7s\n' \
    "$1" "$2" "$requests" "$ok_rps" "$p50_ms" "$p99_ms" "$max_ms" "$non2xx" "$socket_errors"
}

for algorithm in $ALGORITHMS; do
  scenario "$algorithm" "$SLOTS"
done
scenario learned "$BURST"

echo
echo "503s would mean a full queue or a wait over --queue-timeout; errors are socket errors and"
echo "timeouts. Server metrics, requests by status:"
curl -s "http://$ADDR/metrics" | grep -E '^precis_http_requests_total\{route="/v1/summarize"' || true
