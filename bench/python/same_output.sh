#!/usr/bin/env bash
# precis.summarize_batch vs `precis batch` on both validation files, record for record
# (learned and lexrank). Exits 1 if any record differs.
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
source "$ROOT/bench/python/install.sh"
need_data validation_lower.jsonl.gz validation_cased.jsonl.gz
build_precis
install_precis_py
"$PY" "$ROOT/bench/python/same_output.py" --precis "$PRECIS" \
  "$CNNDM/validation_lower.jsonl.gz" "$CNNDM/validation_cased.jsonl.gz"
