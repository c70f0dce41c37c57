#!/usr/bin/env bash
# Language identification accuracy per language (what `--language auto` decides), on texts
# generated from the repository's segmentation corpora (every window of N consecutive sentences
# of cases.<code>.txt is a text in that language) and on CNN/DailyMail articles (English, both
# text forms). Prints the texts per language, the share identified right, how many fell back to
# English (too short or unreliable), the wrong answers and the cost of one identification.
#
#   bench/languages/identify.sh            # windows of 2 and 8 sentences, 2,000 articles per form
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

need_data validation_lower.jsonl.gz validation_cased.jsonl.gz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet -p precis-core --example language_id || die "the build failed"
bin=${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/language_id
corpora=$ROOT/crates/precis-core/tests/segmentation

for n in 2 8; do
  echo "== corpus texts of $n sentences"
  "$bin" "$corpora" --sentences "$n"
done
for form in cased lower; do
  zcat "$CNNDM/validation_$form.jsonl.gz" | head -n 2000 >"$work/$form.jsonl"
  echo "== CNN/DailyMail validation_$form, first 2,000 articles (validation_cased has 1,000)"
  # $work holds no corpus (.txt) file: only the articles are identified.
  "$bin" "$work" --jsonl "$work/$form.jsonl" --jsonl-language en
done
