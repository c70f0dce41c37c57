#!/usr/bin/env bash
# Speed and memory (issue 5), in one run, on the articles of validation_lower:
#   - `precis batch` with each algorithm, -j 2 and -j 1: articles/s, CPU time, peak RSS;
#   - sumy 0.13 LexRank, TextRank, Luhn and LSA (one process, fed precis's sentences, 3 each);
#   - plain Python Lead-3, the floor of interpreter cost (read JSONL, take three sentences,
#     write JSONL): once splitting the article with a regex, once on precis's sentence list;
#   - memory: `precis batch` with the default algorithm over a ~2 GB JSONL file made by repeating
#     validation_lower (written to bench/out/, deleted afterwards): peak RSS and articles/s.
# All timings are whole processes under GNU time (/usr/bin/time): wall, user + system CPU, peak
# RSS; the best wall of $REPEAT runs is kept (sumy runs once: minutes per algorithm).
#
#   bench/speed.sh                         # every article: ~10 minutes on 2 shared cores
#   SAMPLE=500 REPEAT=5 BIG_MB=500 bench/speed.sh
#   PROFILE=1 bench/speed.sh               # then profiles of lead, lexrank and the default
#                                          # algorithm (callgrind, perf)
#
# Data: ${PRECIS_DATA:-../shared/data}/cnndm/ (relative to the repository root).
source "$(dirname "$0")/common.sh"

SAMPLE=${SAMPLE:-0}
REPEAT=${REPEAT:-3}
BIG_MB=${BIG_MB:-2000}
PROFILE=${PROFILE:-0}
SUMY_ALGORITHMS=(lexrank textrank luhn lsa)
need_data validation_lower.jsonl.gz
need_time
ensure_venv
build_precis
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

dir=$OUT/speed
big=$dir/big.jsonl
rm -rf "$dir" && mkdir -p "$dir"
trap 'rm -f "$big"' EXIT
RUNS=$dir/runs.jsonl
: >"$RUNS"

# run LABEL ARTICLES CMD...: times CMD once, recording it under LABEL in $RUNS. CMD's stderr
# (precis prints a records/s line) is shown only when CMD fails.
run() {
  local label=$1 articles=$2
  shift 2
  local t=$dir/time.json
  : >"$t"
  timed "$t" "$@" 2>"$dir/stderr.txt" || {
    cat "$dir/stderr.txt" >&2
    die "failed: $*"
  }
  "$PY" -c 'import json, sys; r = json.load(open(sys.argv[1])); r.update(system=sys.argv[2], articles=int(sys.argv[3])); print(json.dumps(r))' \
    "$t" "$label" "$articles" >>"$RUNS"
}

gzip -dc "$CNNDM/validation_lower.jsonl.gz" >"$dir/all.jsonl"
total=$(wc -l <"$dir/all.jsonl")
if [[ $SAMPLE -gt 0 && $SAMPLE -lt $total ]]; then
  k=$(((total + SAMPLE - 1) / SAMPLE))
  awk -v k="$k" '(NR - 1) % k == 0' "$dir/all.jsonl" >"$dir/articles.jsonl"
else
  cp "$dir/all.jsonl" "$dir/articles.jsonl"
fi
articles=$dir/articles.jsonl
n=$(wc -l <"$articles")
"$PRECIS" sentences --jsonl "$articles" >"$dir/sentences.jsonl"
default=$("$PRECIS" batch --help | awk '/--algorithm/ { f = 1 } f && /\[default:/ { sub(/.*\[default: /, ""); sub(/\].*/, ""); print; exit }')
algorithms=$("$PRECIS" algorithms | awk '/^[a-z]/ { print $1 }')
echo "$SCRIPT: $n articles of validation_lower ($total in all); default algorithm: ${default:-?}" >&2

echo "$SCRIPT: precis batch" >&2
for r in $(seq "$REPEAT"); do
  for j in 2 1; do
    run "precis batch (default) -j $j" "$n" "$PRECIS" batch --quiet -j "$j" --input "$articles" --output "$dir/out.jsonl"
    for a in $algorithms; do
      run "precis batch -a $a -j $j" "$n" "$PRECIS" batch --quiet -a "$a" -j "$j" --input "$articles" --output "$dir/out.jsonl"
    done
  done
  run "Python Lead-3, regex split" "$n" "$PY" bench/peers.py lead3-regex "$articles" "$dir/out.jsonl"
  run "Python Lead-3, precis sentences" "$n" "$PY" bench/peers.py lead3-sentences "$dir/sentences.jsonl" "$dir/out.jsonl"
done
for a in "${SUMY_ALGORITHMS[@]}"; do
  label=$("$PY" -c 'import sys; print({"lexrank": "LexRank", "textrank": "TextRank", "luhn": "Luhn", "lsa": "LSA"}[sys.argv[1]])' "$a")
  echo "$SCRIPT: sumy $label" >&2
  run "sumy $label" "$n" "$PY" bench/peers.py sumy --algorithm "$a" "$dir/sentences.jsonl" "$dir/out.jsonl"
done

# Memory: ~BIG_MB MB of JSON Lines, validation_lower over and over.
size=$(stat -c %s "$dir/all.jsonl")
copies=$(((BIG_MB * 1000000 + size - 1) / size))
echo "$SCRIPT: writing $copies copies of validation_lower to $big" >&2
for _ in $(seq "$copies"); do cat "$dir/all.jsonl"; done >"$big"
big_n=$((copies * total))
echo "$SCRIPT: precis batch (default) on $(($(stat -c %s "$big") / 1000000)) MB" >&2
run "precis batch (default) -j 2, $(($(stat -c %s "$big") / 1000000)) MB input" "$big_n" \
  "$PRECIS" batch --quiet -j 2 --input "$big" --output /dev/null
rm -f "$big"

echo
echo "speed on $n articles of validation_lower; default algorithm: ${default:-?}; $(getconf _NPROCESSORS_ONLN) cores; $(date -u +%Y-%m-%d)"
echo
"$PY" bench/tables.py speed "$dir"

if [[ $PROFILE == 1 ]]; then
  # Where the time of `precis batch -j 1` goes, per algorithm: callgrind counts the
  # instructions of each function exactly (on every 15th article: ~300), perf samples CPU time
  # (software cpu-clock, which works in VMs without hardware counters) on all the articles.
  awk '(NR - 1) % 15 == 0' "$articles" >"$dir/profile.jsonl"
  perf_ok=0
  command -v perf >/dev/null && perf record -q -e cpu-clock -o /dev/null true 2>/dev/null && perf_ok=1
  command -v valgrind >/dev/null || echo "$SCRIPT: valgrind is missing (apt-get install valgrind): no callgrind profile" >&2
  profiled=(lead lexrank)
  [[ -n $default && $default != lead && $default != lexrank ]] && profiled+=("$default")
  for a in "${profiled[@]}"; do
    if command -v valgrind >/dev/null; then
      echo
      echo "== callgrind: precis batch -a $a -j 1 on $(wc -l <"$dir/profile.jsonl") articles"
      valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.$a" \
        "$PRECIS" batch --quiet -a "$a" -j 1 --input "$dir/profile.jsonl" --output /dev/null 2>/dev/null
      "$PY" bench/tables.py callgrind "$dir/callgrind.$a"
    fi
    if [[ $perf_ok == 1 ]]; then
      echo
      echo "== perf (cpu-clock): precis batch -a $a -j 1 on $n articles; self, then with callees"
      perf record -q -e cpu-clock -F 4000 --call-graph dwarf,16384 -o "$dir/perf.$a" \
        "$PRECIS" batch --quiet -a "$a" -j 1 --input "$articles" --output /dev/null 2>/dev/null
      # awk, not head: head would exit early and perf's SIGPIPE fail the pipeline (pipefail);
      # grep finding nothing must not end the run either.
      perf report -i "$dir/perf.$a" --no-children --stdio --sort symbol -g none 2>/dev/null |
        grep -v -e '^#' -e '^$' | awk 'NR <= 25' | cut -c1-130 | sed -E 's/[ -]+$//' || true
      echo
      perf report -i "$dir/perf.$a" --children --stdio --sort symbol -g none 2>/dev/null |
        grep -E 'precis_(core|batch)::|serde_json::de::from_trait' | grep -v -E '\{closure|\(inlined\)' |
        awk 'NR <= 25' | cut -c1-130 | sed -E 's/[ -]+$//' || true
    fi
  done
fi
