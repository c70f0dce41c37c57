#!/usr/bin/env bash
# precis on Spark local[2] and on Ray (2 CPUs), 100,000 articles (validation_lower repeated):
# records/s per core for the precis helpers, an identity step (transfer cost), a pandas UDF, and
# sumy LexRank in a pandas UDF on a sample. Needs Java 17. N=... and SUMY=... change the sizes.
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
source "$ROOT/bench/python/install.sh"
need_data validation_lower.jsonl.gz
install_precis_py
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  $(grep -E '^(pandas|numpy|pyarrow|pyspark|ray\[data\])==' "$ROOT/crates/precis-py/requirements-test.txt")
for engine in ${ENGINES:-spark ray}; do
  "$PY" "$ROOT/bench/python/cluster.py" "$engine" --data "$CNNDM/validation_lower.jsonl.gz" \
    --n "${N:-100000}" --sumy "${SUMY:-2000}"
done | tee "$OUT/python_cluster.txt"
