# Sourced by bench/*.sh: the repository root, the data, a release build of precis, the Python
# peers in bench/.venv at pinned versions, and a timer. Not meant to be run alone.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DATA=${PRECIS_DATA:-$ROOT/../shared/data}
CNNDM=$DATA/cnndm
OUT=$ROOT/bench/out
VENV=$ROOT/bench/.venv
PY=$VENV/bin/python
# The peers, pinned: results and speeds are only comparable between runs with the same versions.
PEERS=(rouge-score==0.1.2 nltk==3.10.4 sumy==0.13.0 numpy==2.4.6)
SCRIPT=$(basename "$0")
# sumy's LSA numbers its words by iterating a frozenset: with Python's per-process string hash
# the matrix rows, and so the SVD's tie-breaking, change from run to run. Fix the seed.
export PYTHONHASHSEED=0

die() {
  echo "$SCRIPT: $*" >&2
  exit 1
}

# need_data FILE...: each file must exist under $CNNDM.
need_data() {
  local f
  for f in "$@"; do
    [[ -f $CNNDM/$f ]] || die "$CNNDM/$f is missing; set PRECIS_DATA to the folder that holds cnndm/ (default: ../shared/data from the repository root)"
  done
}

# ensure_venv: bench/.venv with the pinned peers (created or completed when needed; other
# packages in it are left alone).
ensure_venv() {
  command -v python3 >/dev/null || die "python3 is missing (apt-get install python3 python3-venv)"
  if [[ ! -x $PY ]]; then
    echo "$SCRIPT: creating $VENV" >&2
    python3 -m venv "$VENV" || die "cannot create $VENV (apt-get install python3-venv)"
  fi
  if ! "$PY" - "${PEERS[@]}" <<'EOF' 2>/dev/null; then
import sys
from importlib.metadata import version
sys.exit(any(version(n) != v for n, v in (p.split("==") for p in sys.argv[1:])))
EOF
    echo "$SCRIPT: installing ${PEERS[*]} into $VENV" >&2
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PEERS[@]}" \
      || die "pip could not install ${PEERS[*]}"
  fi
}

# build_precis: release build; sets PRECIS to the binary.
build_precis() {
  command -v cargo >/dev/null || die "cargo is missing (https://rustup.rs)"
  cargo build --release --quiet -p precis-cli || die "the release build of precis failed"
  PRECIS=${CARGO_TARGET_DIR:-$ROOT/target}/release/precis
}

# timed FILE CMD...: runs CMD, appending one JSON line {"wall","user","sys","rss_kb"} to FILE
# (from GNU time: whole process, start-up included). CMD's stdout and stderr pass through.
timed() {
  local file=$1
  shift
  local raw
  raw=$(mktemp)
  /usr/bin/time -f '{"wall": %e, "user": %U, "sys": %S, "rss_kb": %M}' -o "$raw" "$@" || {
    local rc=$?
    rm -f "$raw"
    return $rc
  }
  tail -n 1 "$raw" >>"$file"
  rm -f "$raw"
}

need_time() {
  [[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
}

mkdir -p "$OUT"
