#!/usr/bin/env bash
# Article extraction benchmark: precis vs trafilatura vs full-page text on
# the Article Extraction Benchmark pages. Prints one table (F1/P/R, pages/s).
#
#   bench/extract/run.sh [AEB_DIR]      (default: $PRECIS_AEB_DIR or
#                                         ../shared/data/html/aeb from the repository root)
#
# Each tool writes JSONL predictions to bench/out/; score.py scores them all
# with the same code. Speed: single thread, extraction loop only (pages are
# loaded and gunzipped before the clock starts), best of $PRECIS_REPEAT runs
# (default 3) for every tool. The machine should be otherwise idle: the
# "x trafilatura" column is only fair when both ran under the same load.
set -euo pipefail
cd "$(dirname "$0")/../.."

AEB_DIR="${1:-${PRECIS_AEB_DIR:-../shared/data/html/aeb}}"
OUT=bench/out
VENV=bench/.venv
REPEAT="${PRECIS_REPEAT:-3}"
mkdir -p "$OUT"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
# lxml_html_clean: trafilatura's justext fallback needs it with lxml >= 5.2.
"$VENV/bin/pip" install -q --disable-pip-version-check trafilatura==2.3.1 lxml_html_clean 2>&1 \
  | grep -v "does not provide the extra" || true

cargo build -q --release -p precis-extract --example aeb
AEB=target/release/examples/aeb

"$AEB" --repeat "$REPEAT" "$AEB_DIR" "$OUT/precis.jsonl"
"$AEB" --baseline --repeat "$REPEAT" "$AEB_DIR" "$OUT/baseline.jsonl"
"$VENV/bin/python" bench/extract/run_trafilatura.py --repeat "$REPEAT" "$AEB_DIR" "$OUT/trafilatura.jsonl"

"$VENV/bin/python" bench/extract/score.py "$AEB_DIR/truth.jsonl" \
  "$OUT/precis.jsonl" "$OUT/trafilatura.jsonl" "$OUT/baseline.jsonl"
