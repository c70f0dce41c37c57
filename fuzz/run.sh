#!/usr/bin/env bash
# Runs every precis fuzz target in turn, each for N seconds (default 600), one at a time and on
# one core. Not part of CI: run it by hand, e.g. `fuzz/run.sh 60` or `fuzz/run.sh 600 html`.
#
# Works on the stable toolchain: cargo-fuzz's -Z flags are accepted with RUSTC_BOOTSTRAP=1.
# Inputs that crash, time out or run out of memory land in fuzz/artifacts/<target>/; keep each one
# as fuzz/regressions/<target>/<name> and `cargo test -p precis-cli --test fuzz_regressions`
# replays it for ever after.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(segment words summarize record rouge html)
# ASan finds little in safe Rust and halves the speed; SANITIZER=address turns it on.
sanitizer="${SANITIZER:-none}"
export RUSTC_BOOTSTRAP=1 CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "== cargo install cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

# Seeds: the segmentation corpus (one case per file), the built-in sample, a few web pages and
# records. fuzz/corpus is not versioned; what the fuzzer learns accumulates there between runs.
seed() {
  local target=$1 dir=corpus/$1
  mkdir -p "$dir"
  [ -z "$(ls -A "$dir")" ] || return 0
  local cases=../crates/precis-core/tests/segmentation/cases.txt
  local sample=../crates/precis-core/src/sample.rs
  case $target in
    segment|words|summarize|rouge)
      # One file per corpus case: its sentences joined by spaces, markers dropped.
      awk -v dir="$dir" '
        /^===$/ { n++; next }
        /^#/ || NF == 0 || n == 0 { next }
        { gsub(/\[\[[a-z=]*\]\] ?/, ""); printf "%s ", $0 > (dir "/case" n) }' "$cases"
      sed -n '/^pub const SAMPLE_ARTICLE/,/^";/p' "$sample" | sed '1d; $d; s/\\$//' > "$dir/sample"
      ;;
    record)
      printf '{"id":1,"article":"The vote passed on Friday. It was close. Mr. Smith said \\"no.\\""}' > "$dir/good"
      printf '{"id":2,"article":"<html><body><article><p>The council met on Monday, and it agreed.</p></article>"}' > "$dir/html"
      printf '{"article":42}' > "$dir/number"
      printf '\x01The vote passed on Friday. It was close.' > "$dir/wrapped"
      ;;
    html)
      printf '<html><head><title>Storm</title></head><body><nav><a href="/">Home</a></nav><article><h1>Storm</h1><p>The storm hit the coast on Monday, the weather service said, and thousands lost power.</p><p>Schools will reopen on Thursday, officials said after a meeting.</p></article><footer>(c) Gazette</footer></body></html>' > "$dir/page"
      printf '<meta charset="shift_jis"><p>\x93\xfa\x96\x7b</p>' > "$dir/sjis"
      printf '<div><div><div><p>Nested text that goes on for a while, with a comma.</p></div></div>' > "$dir/nested"
      ;;
  esac
}

dict_for() {
  case $1 in
    html) echo dict/html.dict ;;
    record) echo dict/json.dict ;;
    *) echo dict/text.dict ;;
  esac
}

max_len_for() {
  case $1 in
    html) echo 65536 ;;
    *) echo 16384 ;;
  esac
}

mkdir -p logs
summary=()
failed=0
for t in "${targets[@]}"; do
  seed "$t"
  echo "== fuzz $t for ${seconds}s (log: fuzz/logs/$t.log)"
  started=$(date +%s)
  status=clean
  if ! cargo fuzz build -s "$sanitizer" "$t" >"logs/$t.log" 2>&1; then
    summary+=("$t: BUILD FAILED, see fuzz/logs/$t.log")
    failed=1
    continue
  fi
  if ! cargo fuzz run -s "$sanitizer" "$t" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
      -max_len="$(max_len_for "$t")" -dict="$(dict_for "$t")" \
      -print_final_stats=1 >>"logs/$t.log" 2>&1; then
    status="FOUND: see fuzz/artifacts/$t/ and the end of fuzz/logs/$t.log"
    failed=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -oE 'cov: [0-9]+' "logs/$t.log" | tail -1 || true)
  summary+=("$t: $status; $(( $(date +%s) - started )) s, $execs runs, $cov")
done
printf '%s\n' "== summary" "${summary[@]}"
exit $failed
