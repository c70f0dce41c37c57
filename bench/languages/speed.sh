#!/usr/bin/env bash
# Articles/s of `precis batch -j 1` per language (the default algorithm, --language auto, so the
# identification is counted). Articles are generated from the repository's segmentation corpora:
# windows of 12 consecutive sentences of cases.<code>.txt, repeated to 3,000 records per language
# (news-length, but not real news: the figures compare languages with each other, and with
# English texts made the same way). Best of REPEAT (3) runs, wall clock on a shared machine.
#
#   bench/languages/speed.sh              # PRECIS_BIN=path to time another build instead
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

if [[ -n ${PRECIS_BIN:-} ]]; then
  PRECIS=$PRECIS_BIN
else
  build_precis
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpora=$ROOT/crates/precis-core/tests/segmentation
repeat=${REPEAT:-3}

python3 - "$corpora" "$work" <<'PY'
import json, os, re, sys
corpora, work = sys.argv[1:]
for name in sorted(os.listdir(corpora)):
    m = re.fullmatch(r"cases(?:\.(\w+))?\.txt", name)
    if not m:
        continue
    code = m.group(1) or "en"
    lines = []
    for line in open(os.path.join(corpora, name), encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#") or line == "===":
            continue
        while line.startswith("[["):
            line = line.split("]]", 1)[-1].strip()
        if line:
            lines.append(line.replace("\\n", " "))
    texts = [" ".join(lines[i:i + 12]) for i in range(0, max(1, len(lines) - 11))]
    with open(os.path.join(work, code + ".jsonl"), "w", encoding="utf-8") as out:
        for k in range(3000):
            out.write(json.dumps({"id": k, "article": texts[k % len(texts)]}, ensure_ascii=False) + "\n")
PY

printf '%-9s %9s %12s\n' language records articles/s
for f in "$work"/*.jsonl; do
  code=$(basename "$f" .jsonl)
  best=
  for _ in $(seq "$repeat"); do
    start=$(date +%s.%N)
    "$PRECIS" batch --quiet -j 1 --input "$f" --output /dev/null 2>/dev/null || true
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
    best=$(awk -v t="$t" -v b="${best:-1e9}" 'BEGIN {print (t < b) ? t : b}')
  done
  awk -v c="$code" -v n="$(wc -l <"$f")" -v t="$best" 'BEGIN {printf "%-9s %9d %12.0f\n", c, n, n / t}'
done
