#!/usr/bin/env bash
# The learned summarizer (precis's default) against Lead-3 and the extractive oracle on
# CNN/DailyMail validation data, on the tuning and held-out parts of each file (the model's
# selection policy was tuned on the tuning parts only), plus one-core throughput.
#
#   bench/learned/run.sh              figures and speed (about 2 minutes on 2 cores)
#   bench/learned/run.sh --ablation   also the feature-group ablation (retrains 11 models on a
#                                     15,000-article sample: 10 to 25 minutes on 2 cores)
#
# DATA=dir overrides ../shared/data/cnndm; MODEL=file evaluates another model than the built-in.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${DATA:-$ROOT/../shared/data/cnndm}
PRECIS=$ROOT/target/release/precis
MODEL_ARGS=()
[[ -n "${MODEL:-}" ]] && MODEL_ARGS=(--model "$MODEL")

(cd "$ROOT" && cargo build --release --quiet)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

for file in validation_lower validation_cased; do
  "$PRECIS" train split --data "$DATA/$file.jsonl.gz" --dir "$TMP"
done

run() { # name, data, args... → JSON report in $TMP/name.json, text table on stdout
  local name=$1 data=$2
  shift 2
  echo "== $name"
  "$PRECIS" "$@" --data "$data" -f json > "$TMP/$name.json"
  "$PRECIS" "$@" --data "$data" | tail -n +2
}

for file in validation_lower validation_cased; do
  for part in tuning heldout; do
    data="$TMP/$file.$part.jsonl"
    run "$file.$part.learned" "$data" eval "${MODEL_ARGS[@]}"
    run "$file.$part.lead3" "$data" eval -a lead -n 3
    run "$file.$part.oracle" "$data" oracle
  done
done

echo
echo "== Summary: F1 ×100 (mix = 0.0951 × CNN + 0.9049 × Daily Mail where both are present)"
python3 - "$TMP" <<'PY'
import json, os, sys
tmp = sys.argv[1]
def headline(r):
    m = r.get("mix")
    if m:
        return [m["rouge1"], m["rouge2"], m["rougeL"], m["rougeLsum"]], "mix"
    t = r["rouge"]
    return [t[k]["f"] for k in ("rouge1", "rouge2", "rougeL", "rougeLsum")], "all"
print(f"{'file':<18} {'part':<8} {'system':<8} {'docs':>5} {'R1':>7} {'R2':>7} {'RL':>7} {'RLsum':>7}  {'R1 95% interval (all)':>22}")
for file in ("validation_lower", "validation_cased"):
    for part in ("tuning", "heldout"):
        base = None
        for system in ("learned", "lead3", "oracle"):
            r = json.load(open(os.path.join(tmp, f"{file}.{part}.{system}.json")))
            f, kind = headline(r)
            ci = r["rouge"]["rouge1"]["ci95"]
            line = f"{file:<18} {part:<8} {system:<8} {r['documents']:>5} " + " ".join(f"{x:>7.2f}" for x in f)
            line += f"  {ci[0]:>10.2f}–{ci[1]:<10.2f} ({kind})"
            print(line)
            if system == "lead3":
                base = f
        learned = headline(json.load(open(os.path.join(tmp, f"{file}.{part}.learned.json"))))[0]
        print(f"{'':<18} {'':<8} {'Δ lead':<8} {'':>5} " + " ".join(f"{a - b:>+7.2f}" for a, b in zip(learned, base)))
PY

echo
echo "== Throughput on one core (-j 1) over validation_lower, summaries written to /dev/null"
echo "   (wall-clock depends on other load; docs per CPU-second does not)"
TIMEFORMAT='%R %U %S'
for algorithm in learned lead; do
  args=(batch -i "$DATA/validation_lower.jsonl.gz" -o /dev/null -j 1 --quiet -a "$algorithm")
  [[ $algorithm == learned ]] && args+=("${MODEL_ARGS[@]}")
  times=$( { time "$PRECIS" "${args[@]}" > /dev/null 2>&1; } 2>&1 )
  python3 - "$algorithm" $times <<'PY'
import sys
name, real, user, system = sys.argv[1], *map(float, sys.argv[2:])
docs = 4368
print(f"{name:<8} {docs / real:>7.0f} docs/s wall-clock   {docs / (user + system):>7.0f} docs per CPU-second")
PY
done

if [[ "${1:-}" == --ablation ]]; then
  echo
  echo "== Ablation: each feature group left out (15,000 training articles; tuning parts; the built-in model's policy)"
  "$PRECIS" train ablation --data "$DATA/train_lower.jsonl.gz" --limit 15000 \
    --tune "$DATA/validation_lower.jsonl.gz" --tune "$DATA/validation_cased.jsonl.gz"
else
  echo
  echo "Ablation (10 to 25 minutes): bench/learned/run.sh --ablation"
fi
