#!/usr/bin/env bash
# ROUGE parity and speed: `precis rouge` against rouge-score 0.1.2 on every (highlights, Lead-3)
# pair of validation_lower and validation_cased. Prints the mean F of both, the largest absolute
# difference per metric, and pairs/s (rouge-score in one process; precis rouge -j 2 and -j 1).
# Exits 1 if any value differs by more than 1e-9.
#
#   bench/rouge_parity.sh                 # all 5,368 pairs
#   LIMIT=500 REPEAT=5 bench/rouge_parity.sh
#
# Data: ${PRECIS_DATA:-../shared/data}/cnndm/ (relative to the repository root).
source "$(dirname "$0")/common.sh"

need_data validation_lower.jsonl.gz validation_cased.jsonl.gz
ensure_venv
build_precis

exec "$PY" bench/rouge_parity.py --precis "$PRECIS" --limit "${LIMIT:-0}" --repeat "${REPEAT:-3}" \
  --data "$CNNDM/validation_lower.jsonl.gz" "$CNNDM/validation_cased.jsonl.gz"
