#!/usr/bin/env bash
# Speed of the summary-level strategies across a change, by instruction counts (exact where the
# CPU is shared): callgrind counts what `precis batch -j 1` executes over all of validation_lower
# for KL-Sum, SumBasic, MMR (over LexRank), KL-Sum with a word budget, the learned default and
# learned-v1, and what `precis oracle -j 1` executes, with this build and with another binary (the
# one before the change).
#
#   bench/strategy_cost.sh BASE_BINARY [THIS_BINARY]   # default THIS: a release build here
#
# About 8 minutes (14 runs under callgrind).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

base=${1:-}
[[ -x $base ]] || die "usage: $SCRIPT BASE_BINARY [THIS_BINARY] (release builds of precis from before and after the change)"
command -v valgrind >/dev/null || die "valgrind is missing (apt-get install valgrind)"
need_data validation_lower.jsonl.gz
if [[ -n ${2:-} ]]; then
  PRECIS=$2
else
  build_precis
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input=$CNNDM/validation_lower.jsonl.gz

instructions() { # BINARY ARGS...: total instructions callgrind counted
  local binary=$1
  shift
  valgrind --tool=callgrind --callgrind-out-file="$work/cg" "$binary" "$@" >/dev/null 2>&1 || {
    local rc=$?
    # batch exits 1 when some records failed: their error lines are output like any other.
    [[ $rc -eq 1 ]] || die "precis $* exited with $rc under callgrind"
  }
  awk '/^summary:/ {print $2}' "$work/cg"
}

printf '%-34s %14s %14s %8s\n' run base this change
while IFS='|' read -r name args; do
  read -ra argv <<<"$args"
  b=$(instructions "$base" "${argv[@]}")
  t=$(instructions "$PRECIS" "${argv[@]}")
  awk -v n="$name" -v b="$b" -v t="$t" \
    'BEGIN {printf "%-34s %14.0f %14.0f %+7.2f%%\n", n, b, t, 100 * (t - b) / b}'
done <<EOF2
batch -a kl|batch -j 1 --input $input -a kl
batch -a sumbasic|batch -j 1 --input $input -a sumbasic
batch -a lexrank --redundancy mmr|batch -j 1 --input $input -a lexrank --redundancy mmr
batch -a kl --words 60|batch -j 1 --input $input -a kl --words 60
batch (learned)|batch -j 1 --input $input
batch -a learned-v1|batch -j 1 --input $input -a learned-v1
oracle|oracle -j 1 --data $input
EOF2
