#!/usr/bin/env bash
# The learned summarizer (precis's default: sentence model, then the candidate model over whole
# summaries) against the previous default (`learned-v1`: the same sentence ratings picked sentence
# by sentence), Lead-3 and the extractive oracle on CNN/DailyMail validation data, on the tuning
# and held-out parts of each file (every setting was chosen on the tuning parts only), per source,
# with paired bootstrap intervals of each difference, plus one-core throughput of all three in
# the same run.
#
#   bench/learned/run.sh              figures and speed (under a minute on 2 cores)
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
  "$PRECIS" "$@" --data "$data" -f json --output "$TMP/$name.articles.jsonl" > "$TMP/$name.json"
  "$PRECIS" "$@" --data "$data" | tail -n +2
}

for file in validation_lower validation_cased; do
  for part in tuning heldout; do
    data="$TMP/$file.$part.jsonl"
    run "$file.$part.learned" "$data" eval "${MODEL_ARGS[@]}"
    run "$file.$part.learned-v1" "$data" eval -a learned-v1 "${MODEL_ARGS[@]}"
    run "$file.$part.lead3" "$data" eval -a lead -n 3
    run "$file.$part.oracle" "$data" oracle
  done
done

echo
echo "== Summary: F1 ×100 (mix = 0.0951 × CNN + 0.9049 × Daily Mail where both are present)"
python3 - "$TMP" <<'PY'
import json, os, sys
tmp = sys.argv[1]
KEYS = ("rouge1", "rouge2", "rougeL", "rougeLsum")
def headline(r):
    m = r.get("mix")
    if m:
        return [m[k] for k in KEYS], "mix"
    t = r["rouge"]
    return [t[k]["f"] for k in KEYS], "all"
SYSTEMS = ("learned", "learned-v1", "lead3", "oracle")
print(f"{'file':<18} {'part':<8} {'system':<10} {'docs':>5} {'R1':>7} {'R2':>7} {'RL':>7} {'RLsum':>7}  {'R1 95% interval (all)':>22}")
for file in ("validation_lower", "validation_cased"):
    for part in ("tuning", "heldout"):
        reports = {s: json.load(open(os.path.join(tmp, f"{file}.{part}.{s}.json"))) for s in SYSTEMS}
        for system in SYSTEMS:
            r = reports[system]
            f, kind = headline(r)
            ci = r["rouge"]["rouge1"]["ci95"]
            line = f"{file:<18} {part:<8} {system:<10} {r['documents']:>5} " + " ".join(f"{x:>7.2f}" for x in f)
            line += f"  {ci[0]:>10.2f}–{ci[1]:<10.2f} ({kind})"
            print(line)
        base = headline(reports["lead3"])[0]
        for system in ("learned", "learned-v1"):
            f = headline(reports[system])[0]
            print(f"{'':<18} {'':<8} {'Δ ' + system:<10} {'':>5} " + " ".join(f"{a - b:>+7.2f}" for a, b in zip(f, base)))
        # Per source: R1/R2/RLsum F1 and the R1 interval of each system.
        for source in sorted(reports["lead3"].get("by_source", {})):
            cells = []
            for system in SYSTEMS:
                t = reports[system]["by_source"][source]["rouge"]
                ci = t["rouge1"]["ci95"]
                cells.append(f"{system} {t['rouge1']['f']:.2f} [{ci[0]:.2f}–{ci[1]:.2f}] {t['rouge2']['f']:.2f} {t['rougeLsum']['f']:.2f}")
            print(f"{'':<18} {part:<8} {source:<10} " + " | ".join(cells))

# Paired bootstrap of each difference (to Lead-3, and the default to the previous one): the same
# articles resampled for both systems,
# within each source (so the mix keeps its weights), 1,000 times with a fixed seed.
import random
WEIGHTS = {"cnn": 0.0951, "dailymail": 0.9049}
METRICS = ("rouge1", "rouge2", "rougeLsum")
def articles(file, part, system):
    with open(os.path.join(tmp, f"{file}.{part}.{system}.articles.jsonl")) as f:
        return {r["id"]: [r["rouge"][m]["f"] * 100 for m in METRICS] for r in map(json.loads, f)}
def sources(file, part):
    with open(os.path.join(tmp, f"{file}.{part}.jsonl")) as f:
        return {r["id"]: r.get("source", "all") for r in map(json.loads, f)}
def mixed(groups, pick):
    """The mix (or plain mean) of per-article values over `pick`, a list of indices per source."""
    means = {s: [sum(groups[s][i][k] for i in pick[s]) / len(pick[s]) for k in range(3)] for s in groups}
    if set(means) == set(WEIGHTS):
        return [sum(WEIGHTS[s] * means[s][k] for s in means) for k in range(3)]
    n = sum(len(pick[s]) for s in groups)
    return [sum(means[s][k] * len(pick[s]) for s in means) / n for k in range(3)]
print()
print("== Paired bootstrap of each difference (R1 / R2 / RLsum, 95% intervals, 1,000 resamples)")
PAIRS = (("learned", "lead3"), ("learned-v1", "lead3"), ("learned", "learned-v1"))
for file in ("validation_lower", "validation_cased"):
    for part in ("tuning", "heldout"):
        src = sources(file, part)
        for system, base in PAIRS:
            mine, theirs = articles(file, part, system), articles(file, part, base)
            groups = {}
            for id_, s in src.items():
                groups.setdefault(s, []).append([a - b for a, b in zip(mine[id_], theirs[id_])])
            point = mixed(groups, {s: range(len(g)) for s, g in groups.items()})
            rng = random.Random(20261206)
            draws = [mixed(groups, {s: [rng.randrange(len(g)) for _ in g] for s, g in groups.items()})
                     for _ in range(1000)]
            cells = []
            for k in range(3):
                d = sorted(x[k] for x in draws)
                cells.append(f"{point[k]:+.2f} [{d[24]:+.2f}, {d[974]:+.2f}]")
            print(f"{file:<18} {part:<8} {system + ' − ' + base:<22} " + "  ".join(cells))
PY

echo
echo "== Throughput on one core (-j 1) over validation_lower, summaries written to /dev/null"
echo "   (wall-clock depends on other load; docs per CPU-second does not)"
TIMEFORMAT='%R %U %S'
for algorithm in learned learned-v1 lead; do
  args=(batch -i "$DATA/validation_lower.jsonl.gz" -o /dev/null -j 1 --quiet -a "$algorithm")
  [[ $algorithm == learned* ]] && args+=("${MODEL_ARGS[@]}")
  # GNU time (Debian's `time` package) gives the peak RSS; without it the column says "?".
  if [[ -x /usr/bin/time ]]; then
    times=$( /usr/bin/time -f '%e %U %S %M' "$PRECIS" "${args[@]}" 2>&1 > /dev/null | tail -n 1 )
  else
    times="$( { time "$PRECIS" "${args[@]}" > /dev/null 2>&1; } 2>&1 ) ?"
  fi
  python3 - "$algorithm" $times <<'PY'
import sys
name, real, user, system, rss = sys.argv[1], *map(float, sys.argv[2:5]), sys.argv[5]
docs = 4368
rss = f"{int(rss) / 1024:.0f} MB" if rss.isdigit() else "?"
print(f"{name:<10} {docs / max(real, 1e-9):>7.0f} docs/s wall-clock   {docs / max(user + system, 1e-9):>7.0f} docs per CPU-second   peak RSS {rss}")
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
