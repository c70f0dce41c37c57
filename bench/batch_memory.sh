#!/usr/bin/env bash
# Batch memory benchmark: peak RSS and time of `precis batch -j 2` on 300 lines of 15 MB (under
# --max-record-bytes), 300 lines of 20 MB (over it), one 10 GB line from a ~10 MB gzip, and
# ordinary records for comparison. Inputs are generated and piped (nothing is written to disk).
# Prints a Markdown table; peak RSS must stay flat whatever the input size.
#
#   bench/batch_memory.sh                                  # every case (~2 min on 2 cores)
#   bench/batch_memory.sh --cases over-limit --scale 0.1   # a subset, smaller
#
# Options are those of crates/precis-batch/examples/batch_memory.rs (see its docs).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p precis-cli
cargo build --release --quiet -p precis-batch --example batch_memory
exec target/release/examples/batch_memory --precis target/release/precis "$@"
