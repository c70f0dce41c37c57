#!/usr/bin/env bash
# Checks that a change meant to be invisible (a speed-up, a refactoring) leaves every output of
# `precis batch` byte for byte as it was: every algorithm, with its own default length, on
# validation_lower and validation_cased, plus the summary-level strategies (KL-Sum, SumBasic,
# MMR) under sentence and word budgets, the greedy oracle (`precis oracle`: summaries, labels and
# figures), and the `sentences` listing.
#
#   bench/same_output.sh --record    # before the change: writes bench/out/same_output.sha256
#   bench/same_output.sh             # after it: exits 1 and names each output that differs
#
# Set KEEP=DIR to keep the outputs themselves (to diff two runs). ~3 min on one core.
# The outputs named `*-words*` of kl and sumbasic are the ones a change to how those strategies fill
# a word budget may alter on purpose; every other output should stay as it was. (`oracle --words`
# is newer than a6ca533: a record made before it lists it as changed.)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

record=false
case ${1:-} in
  --record) record=true ;;
  "") ;;
  *) die "usage: $SCRIPT [--record]" ;;
esac
need_data validation_lower.jsonl.gz validation_cased.jsonl.gz
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
build_precis

SUMS=$OUT/same_output.sha256
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$work"' EXIT

algorithms=$("$PRECIS" algorithms | awk '/^[a-z]/ {print $1}')
[[ -n $algorithms ]] || die "precis algorithms listed nothing"

run() { # NAME ARGS...: one output file, named NAME
  local name=$1
  shift
  "$PRECIS" "$@" >"$work/$name" 2>/dev/null || {
    local rc=$?
    # exit 1 means some records failed: their error lines are part of the output.
    [[ $rc -eq 1 ]] || die "precis $* exited with $rc"
  }
}

for form in lower cased; do
  input=$CNNDM/validation_$form.jsonl.gz
  for a in $algorithms; do
    run "$form.$a" batch -j 1 --input "$input" --algorithm "$a"
  done
  run "$form.lexrank-words-mmr" batch -j 1 --input "$input" --algorithm lexrank --words 60 --redundancy mmr
  for a in kl sumbasic; do
    for n in 1 5; do
      run "$form.$a-sentences$n" batch -j 1 --input "$input" --algorithm "$a" --sentences "$n"
    done
    run "$form.$a-words60" batch -j 1 --input "$input" --algorithm "$a" --words 60
    run "$form.$a-words20" batch -j 1 --input "$input" --algorithm "$a" --words 20
  done
  run "$form.lexrank-sentences-mmr" batch -j 1 --input "$input" --algorithm lexrank --redundancy mmr
  run "$form.centroid-sentences5-mmr" batch -j 1 --input "$input" --algorithm centroid --sentences 5 --redundancy mmr --lambda 0.3
  run "$form.default-mmr" batch -j 1 --input "$input" --redundancy mmr
  run "$form.default-words-mmr" batch -j 1 --input "$input" --words 60 --redundancy mmr
  for budget in "--max-sentences 3" "--max-sentences 5" "--words 60"; do
    # The oracle's summaries, labels and figures (its timing left out).
    case $budget in
      --max-sentences*) name=$form.oracle${budget#--max-sentences } ;;
      *) name=$form.oracle-words${budget#--words } ;;
    esac
    # shellcheck disable=SC2086 # the budget is an option and its value
    run "$name.report" oracle -j 1 --data "$input" $budget --format json \
      --output "$work/$name.summaries" --labels "$work/$name.labels"
    jq -c 'del(.seconds, .docs_per_second)' "$work/$name.report" >"$work/$name.tmp"
    mv "$work/$name.tmp" "$work/$name.report"
  done
  run "$form.default-j2" batch -j 2 --input "$input"
  run "$form.sentences" sentences --jsonl "$input" --threads 1
done

(cd "$work" && sha256sum -- *) >"$work/.sums"
if $record; then
  cp "$work/.sums" "$SUMS"
  echo "$SCRIPT: recorded $(wc -l <"$SUMS") outputs in $SUMS"
  exit 0
fi
[[ -f $SUMS ]] || die "no $SUMS: run '$SCRIPT --record' before the change"
if diff -q "$SUMS" "$work/.sums" >/dev/null; then
  echo "$SCRIPT: all $(wc -l <"$SUMS") outputs are unchanged"
else
  echo "$SCRIPT: outputs that differ:" >&2
  diff "$SUMS" "$work/.sums" | awk '/^[<>]/ {print "  " $3}' | sort -u >&2
  exit 1
fi
