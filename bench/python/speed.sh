#!/usr/bin/env bash
# precis.summarize_batch vs `precis batch` on all of validation_lower, same run, 2 threads, beside
# sumy LexRank (a sample) and a pure-Python Lead-3: articles/s and peak RSS. Best of 3.
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
source "$ROOT/bench/python/install.sh"
need_data validation_lower.jsonl.gz
need_time
build_precis
install_precis_py
"$PY" "$ROOT/bench/python/speed.py" --data "$CNNDM/validation_lower.jsonl.gz" --precis "$PRECIS" \
  --threads "${THREADS:-2}" --repeat "${REPEAT:-3}" "$@" | tee "$OUT/python_speed.txt"
