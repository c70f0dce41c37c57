#!/usr/bin/env bash
# Linearity benchmark: time and peak memory of every algorithm, segmentation, redundancy control,
# word budgets, HTML extraction and the oracle on 1, 2, 4 and 8 MiB of realistic and degenerate
# text, each case in its own process. Prints Markdown tables, the last one the growth from the
# smallest to the largest size (×8 for 1 → 8 MiB when linear).
#
#   bench/linearity.sh                                  # everything (several minutes on 2 cores)
#   bench/linearity.sh --sizes 1,2 --ops lexrank,mmr    # a subset
#   bench/linearity.sh --kinds news --timeout 30
#
# Options are those of crates/precis-eval/examples/linearity.rs (see its docs).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p precis-eval --example linearity
target/release/examples/linearity "$@"
# Whole `precis batch` runs on huge and over-long lines (peak RSS must stay flat); skipped when
# only some cases of the table above were asked for.
if [[ $# -eq 0 ]]; then
  echo
  bench/batch_memory.sh
fi
