#!/usr/bin/env bash
# `precis rouge --tokenize unicode` beside the default tokenizer: pairs/s, pairs per CPU-second
# and mean F1 of each set-up on every (highlights, Lead-3) pair of validation_lower and
# validation_cased, then on the same pairs with Latin letters mapped to Cyrillic (all non-ASCII).
# CALLGRIND=N also counts instructions per pair on the first N pairs (exact on a shared machine).
#
#   bench/rouge_unicode.sh                      # all 5,368 pairs, least CPU of 3 runs
#   LIMIT=500 REPEAT=5 CALLGRIND=300 bench/rouge_unicode.sh
#
# Needs python3 (standard library only) and, for CALLGRIND, valgrind.
# Data: ${PRECIS_DATA:-../shared/data}/cnndm/ (relative to the repository root).
source "$(dirname "$0")/common.sh"

need_data validation_lower.jsonl.gz validation_cased.jsonl.gz
command -v python3 >/dev/null || die "python3 is missing"
if [[ ${CALLGRIND:-0} != 0 ]]; then
  command -v valgrind >/dev/null || die "valgrind is missing (apt-get install valgrind)"
fi
build_precis

exec python3 bench/rouge_unicode.py --precis "$PRECIS" --limit "${LIMIT:-0}" --repeat "${REPEAT:-3}" \
  --callgrind "${CALLGRIND:-0}" --out "$OUT" \
  --data "$CNNDM/validation_lower.jsonl.gz" "$CNNDM/validation_cased.jsonl.gz"
