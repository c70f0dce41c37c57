#!/usr/bin/env bash
# Checks that a change meant to be invisible (a speed-up, a refactoring) leaves every output of
# `precis batch` byte for byte as it was: every algorithm, with its own default length, on
# validation_lower and validation_cased, plus a word budget with MMR and the `sentences` listing.
#
#   bench/same_output.sh --record    # before the change: writes bench/out/same_output.sha256
#   bench/same_output.sh             # after it: exits 1 and names each output that differs
#
# Set KEEP=DIR to keep the outputs themselves (to diff two runs). ~1 min on one core.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

record=false
case ${1:-} in
  --record) record=true ;;
  "") ;;
  *) die "usage: $SCRIPT [--record]" ;;
esac
need_data validation_lower.jsonl.gz validation_cased.jsonl.gz
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
