#!/usr/bin/env bash
# English speed across a refactoring, by instruction counts (exact where the CPU is shared):
# callgrind counts what `precis batch -j 1` executes on every 15th article of validation_lower
# and validation_cased, for the default algorithm, lead and lexrank, with this build and with
# another binary (the one before the change).
#
#   bench/languages/english_cost.sh BASE_BINARY [THIS_BINARY]   # default THIS: a release build here
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

base=${1:-}
[[ -x $base ]] || die "usage: $SCRIPT BASE_BINARY [THIS_BINARY] (release builds of precis from before and after the change)"
command -v valgrind >/dev/null || die "valgrind is missing (apt-get install valgrind)"
need_data validation_lower.jsonl.gz validation_cased.jsonl.gz
if [[ -n ${2:-} ]]; then
  PRECIS=$2
else
  build_precis
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

instructions() { # BINARY ALGORITHM INPUT: total instructions callgrind counted
  valgrind --tool=callgrind --callgrind-out-file="$work/cg" \
    "$1" batch --quiet -a "$2" -j 1 --input "$3" --output /dev/null >/dev/null 2>&1
  awk '/^summary:/ {print $2}' "$work/cg"
}

printf '%-6s %-8s %14s %14s %8s\n' form algorithm base this change
for form in lower cased; do
  zcat "$CNNDM/validation_$form.jsonl.gz" | awk '(NR - 1) % 15 == 0' >"$work/$form.jsonl"
  for a in default lead lexrank; do
    args=$a
    [[ $a == default ]] && args=$("$PRECIS" algorithms | awk '/default/ {print $1; exit}')
    b=$(instructions "$base" "$args" "$work/$form.jsonl")
    t=$(instructions "$PRECIS" "$args" "$work/$form.jsonl")
    awk -v f="$form" -v a="$a" -v b="$b" -v t="$t" \
      'BEGIN {printf "%-6s %-8s %14d %14d %+7.2f%%\n", f, a, b, t, 100 * (t - b) / b}'
  done
done
