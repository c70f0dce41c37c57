#!/usr/bin/env bash
# Attack suite for `precis serve`: builds the release binary, starts it on loopback with its
# default limits, runs the scenarios of bench/attack/attack.py one after another (body-hold,
# silent, slow-header, attribute-bomb, burst; rate-limit against a second server started with
# --rate-limit $RATE_LIMIT --rate-limit-clients $RATE_CLIENTS --trust-proxy), then times a SIGTERM with clients still hanging
# on. Prints, per scenario, the server's peak RSS and open descriptors, the share of 503s, and
# /healthz latency (p50/p99/max) measured while the attack runs.
#
#   bench/attack/run.sh                        # about 2 minutes
#   DURATION=5 bench/attack/run.sh silent burst
#   SERVE_ARGS="--max-connections 256" bench/attack/run.sh
#
# Loopback only; every scenario is bounded in connections and seconds and the server is stopped
# on exit, whatever happens. Needs python3 (standard library only), and wrk for the burst
# (apt-get install wrk). Client and server share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10}
PORT=${PORT:-18282}
# The bound the suite holds the server to (MB), documented in bench/README.md.
RSS_BOUND=${RSS_BOUND:-512}
SERVE_ARGS=${SERVE_ARGS:-}
# The rate-limited server of the rate-limit scenario: a small client table, so eviction runs.
RATE_LIMIT=${RATE_LIMIT:-100/s}
RATE_CLIENTS=${RATE_CLIENTS:-4096}

command -v python3 >/dev/null || { echo "run.sh: python3 is missing" >&2; exit 1; }
command -v wrk >/dev/null || echo "run.sh: wrk is missing (apt-get install wrk): the burst scenario will be skipped" >&2

cargo build --release --quiet -p precis-cli
BIN=${CARGO_TARGET_DIR:-target}/release/precis
LOG=$(mktemp)

# shellcheck disable=SC2086 # SERVE_ARGS is a list of flags
"$BIN" serve --addr "127.0.0.1:$PORT" --log warn $SERVE_ARGS 2>"$LOG" &
SERVER=$!
RATE_PORT=$((PORT + 1))
# shellcheck disable=SC2086
"$BIN" serve --addr "127.0.0.1:$RATE_PORT" --log warn $SERVE_ARGS --rate-limit "$RATE_LIMIT" \
  --rate-limit-clients "$RATE_CLIENTS" --trust-proxy 2>>"$LOG" &
RATE_SERVER=$!
cleanup() {
  kill "$SERVER" "$RATE_SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  wait "$RATE_SERVER" 2>/dev/null || true
  rm -f "$LOG"
}
trap cleanup EXIT

for port in "$PORT" "$RATE_PORT"; do
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "run.sh: the server on $port did not start" >&2; cat "$LOG" >&2; exit 1; }
done

echo "precis serve on 127.0.0.1:$PORT (default limits${SERVE_ARGS:+, $SERVE_ARGS}); $(nproc) cores shared with the attackers"
echo "rate-limit scenario: a second server on $RATE_PORT with --rate-limit $RATE_LIMIT --rate-limit-clients $RATE_CLIENTS --trust-proxy"
echo "each scenario ${DURATION} s; hz = GET /healthz every 20 ms on a new connection, in ms; ✗ = probes that failed"
echo
status=0
python3 bench/attack/attack.py --pid "$SERVER" --port "$PORT" --article bench/serve/article.txt \
  --duration "$DURATION" --rss-bound "$RSS_BOUND" --rate-pid "$RATE_SERVER" --rate-port "$RATE_PORT" \
  "$@" || status=$?

# Shutdown with clients hanging on: a half-sent head and a half-sent body.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET /healthz HTTP/1.1\r\nHo' >&3
exec 4<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /v1/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"te' >&4
sleep 0.2
started=$(date +%s.%N)
kill -TERM "$SERVER"
wait "$SERVER" || true
ended=$(date +%s.%N)
exec 3>&- 4>&-
echo
echo "SIGTERM with a half-sent head and a half-sent body open: exited in $(echo "$ended - $started" | bc) s"
echo "server warnings and errors during the suite: $(wc -l <"$LOG") lines"
sed -E 's/^[0-9TZ:.-]+ +//; s/ms=[0-9.]+ //; s/peer=[0-9.:]+//' "$LOG" | cut -c1-160 | sort | uniq -c | sort -rn | head -5 || true
exit "$status"
