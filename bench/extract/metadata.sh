#!/usr/bin/env bash
# Article metadata: precis vs trafilatura on the Article Extraction Benchmark pages.
#
#   bench/extract/metadata.sh [AEB_DIR]   (default: $PRECIS_AEB_DIR or ../shared/data/html/aeb)
#
# precis: `precis extract - --format json` per page. trafilatura (pinned as in run.sh):
# `trafilatura.extract(html, with_metadata=True, output_format="json")`, given the same bytes and
# no URL (precis is given none either). Prints, per field, how often the two agree (both null, or
# equal after light normalisation) and how the rest splits; the disagreements are written to
# bench/out/metadata_disagreements.jsonl for reading.
set -euo pipefail
cd "$(dirname "$0")/../.."

AEB_DIR="${1:-${PRECIS_AEB_DIR:-../shared/data/html/aeb}}"
OUT=bench/out
VENV=bench/.venv
mkdir -p "$OUT"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q --disable-pip-version-check trafilatura==2.3.1 lxml_html_clean 2>&1 \
  | grep -v "does not provide the extra" || true

cargo build -q --release -p precis-cli
"$VENV/bin/python" bench/extract/metadata.py "$AEB_DIR" target/release/precis "$OUT"
