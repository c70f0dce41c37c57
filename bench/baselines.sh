#!/usr/bin/env bash
# ROUGE baselines: Lead-3, every classic precis algorithm (and the default one), the greedy
# oracle, and sumy's LexRank, TextRank, Luhn and LSA beside ours, on validation_lower and
# validation_cased, in one table:
# ROUGE-1/2/L/Lsum F1 x 100 for CNN, Daily Mail and the 0.0951/0.9049 mix (lower), CNN (cased).
#
# precis rows come from `precis eval --format json` (precis-rouge, identical to rouge-score; see
# bench/rouge_parity.sh). sumy is fed precis's own sentences (`precis sentences --jsonl`,
# boilerplate removed) with the same 3-sentence budget, and its summaries are scored with
# rouge-score 0.1.2 itself. A plain Python Lead-3 over the same sentences, also scored with
# rouge-score, must reproduce precis's Lead-3 row: it checks that both paths see the same
# sentences, candidates and references.
#
#   bench/baselines.sh              # every article (sumy takes ~10-15 minutes on 2 cores)
#   SAMPLE=500 bench/baselines.sh   # ~500 articles of each file (every k-th), for every system
#
# Data: ${PRECIS_DATA:-../shared/data}/cnndm/ (relative to the repository root).
source "$(dirname "$0")/common.sh"

SAMPLE=${SAMPLE:-0}
PRECIS_ALGORITHMS=(lead luhn lexrank textrank lsa kl sumbasic centroid)
SUMY_ALGORITHMS=(lexrank textrank luhn lsa)
need_data validation_lower.jsonl.gz validation_cased.jsonl.gz
ensure_venv
build_precis
# sumy's LSA calls numpy's SVD: one BLAS thread keeps it a single-process, single-core peer.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

for form in lower cased; do
  data=$CNNDM/validation_$form.jsonl.gz
  dir=$OUT/baselines/$form
  rm -rf "$dir" && mkdir -p "$dir"
  # The articles every system reads. A sample takes every k-th record (the files are ordered by
  # source, so the first N would all be CNN).
  gzip -dc "$data" >"$dir/data.jsonl"
  total=$(wc -l <"$dir/data.jsonl")
  if [[ $SAMPLE -gt 0 && $SAMPLE -lt $total ]]; then
    k=$(((total + SAMPLE - 1) / SAMPLE))
    awk -v k="$k" '(NR - 1) % k == 0' "$dir/data.jsonl" >"$dir/sample.jsonl"
    mv "$dir/sample.jsonl" "$dir/data.jsonl"
  fi
  echo "$SCRIPT: validation_$form: $(wc -l <"$dir/data.jsonl") of $total articles; precis" >&2

  for a in "${PRECIS_ALGORITHMS[@]}"; do
    "$PRECIS" eval --data "$dir/data.jsonl" -a "$a" --format json >"$dir/precis-$a.json"
  done
  "$PRECIS" eval --data "$dir/data.jsonl" --format json >"$dir/precis-default.json"
  for n in 3 5; do
    "$PRECIS" oracle --data "$dir/data.jsonl" --max-sentences "$n" --format json >"$dir/oracle-$n.json"
  done
  "$PRECIS" sentences --jsonl "$dir/data.jsonl" >"$dir/sentences.jsonl"

  "$PY" bench/peers.py lead3-sentences "$dir/sentences.jsonl" "$dir/python-lead3.summaries.jsonl"
  "$PY" bench/peers.py score "$dir/data.jsonl" "$dir/python-lead3.summaries.jsonl" >"$dir/python-lead3.json"
  for a in "${SUMY_ALGORITHMS[@]}"; do
    echo "$SCRIPT: validation_$form: sumy $a" >&2
    start=$(date +%s)
    "$PY" bench/peers.py sumy --algorithm "$a" "$dir/sentences.jsonl" "$dir/sumy-$a.summaries.jsonl"
    echo "$SCRIPT: validation_$form: sumy $a took $(($(date +%s) - start)) s" >&2
    "$PY" bench/peers.py score "$dir/data.jsonl" "$dir/sumy-$a.summaries.jsonl" >"$dir/sumy-$a.json"
  done
done

"$PY" bench/tables.py baselines "$OUT/baselines"
