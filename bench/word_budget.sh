#!/usr/bin/env bash
# ROUGE under a word budget (`precis eval --words N`) of the summary-level strategies KL-Sum and
# SumBasic, with Lead for reference, on validation_lower and validation_cased, per source and the
# official mix. Each run leaves a table in bench/out/word_budget.<commit>.tsv; give the table of an
# earlier run as BEFORE=FILE to print the change beside each figure.
#
#   bench/word_budget.sh                                   # --words 60
#   WORDS=40 ALGORITHMS="kl sumbasic" bench/word_budget.sh
#   BEFORE=bench/out/word_budget.a6ca533.tsv bench/word_budget.sh
#
# About 2 minutes on 2 cores.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

WORDS=${WORDS:-60}
ALGORITHMS=${ALGORITHMS:-lead kl sumbasic}
need_data validation_lower.jsonl.gz validation_cased.jsonl.gz
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
build_precis

rev=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- crates || rev="$rev-dirty"
table=$OUT/word_budget.$rev.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf 'file\talgorithm\tsource\tdocs\tR1\tR2\tRLsum\n' >"$table"
for form in lower cased; do
  for a in $ALGORITHMS; do
    "$PRECIS" eval --data "$CNNDM/validation_$form.jsonl.gz" -a "$a" --words "$WORDS" \
      --format json >"$tmp/report.json" || die "precis eval -a $a failed"
    jq -r --arg file "$form" --arg a "$a" '
      (.by_source | to_entries[] | [$file, $a, .key, .value.documents,
        .value.rouge.rouge1.f, .value.rouge.rouge2.f, .value.rouge.rougeLsum.f]),
      (select(.mix) | [$file, $a, "mix", .documents, .mix.rouge1, .mix.rouge2, .mix.rougeLsum])
      | @tsv' "$tmp/report.json" >>"$table"
  done
done

echo "ROUGE F1 ×100 with --words $WORDS ($rev)${BEFORE:+, change against $BEFORE}"
python3 - "$table" "${BEFORE:-}" <<'PY'
import csv, sys
def load(path):
    with open(path) as f:
        return {(r["file"], r["algorithm"], r["source"]): r for r in csv.DictReader(f, delimiter="\t")}
now = load(sys.argv[1])
before = load(sys.argv[2]) if sys.argv[2] else {}
print(f"{'file':<6} {'algorithm':<10} {'source':<10} {'docs':>6} " + " ".join(f"{m:>15}" for m in ("R1", "R2", "RLsum")))
for key, r in now.items():
    cells = []
    for m in ("R1", "R2", "RLsum"):
        v = float(r[m])
        b = before.get(key)
        cells.append(f"{v:7.2f} ({v - float(b[m]):+5.2f})" if b else f"{v:15.2f}")
    print(f"{key[0]:<6} {key[1]:<10} {key[2]:<10} {r['docs']:>6} " + " ".join(cells))
PY
