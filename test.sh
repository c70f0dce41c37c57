#!/usr/bin/env bash
# The test command: the Rust suite, then the Python package (crates/precis-py) built as a release
# abi3 wheel, installed into a venv and tested with pytest against the CLI.
#
#   ./test.sh            everything
#   PRECIS_VENV=DIR      the venv to use (default .venv; created when missing)
#   PRECIS_REQUIRE_EXTRAS=1   fail, instead of skip, when pyspark/ray/java are missing (CI)
set -euo pipefail
cd "$(dirname "$0")"

echo "== cargo test --workspace"
cargo test --workspace

echo "== Python: build the wheel and run pytest"
VENV=${PRECIS_VENV:-.venv}
if [[ ! -x $VENV/bin/python ]]; then
  python3 -m venv "$VENV"
fi
VENV=$(cd "$VENV" && pwd)
PY=$VENV/bin/python
# maturin finds zig through the `ziglang` module of the `python3` on PATH: the venv's.
export PATH="$VENV/bin:$PATH"
if ! "$PY" -c "import maturin, pytest, ziglang" 2>/dev/null; then
  "$PY" -m pip install --quiet --disable-pip-version-check \
    $(grep -E '^(maturin|pytest|ziglang)==' crates/precis-py/requirements-test.txt)
fi
# The wheel users get: release, abi3 (CPython >= 3.9), linked by zig (ziglang from PyPI) against
# glibc 2.17, and checked by maturin against the manylinux2014 policy (symbol versions, linked
# libraries): the build fails otherwise. A plain build on this Debian would need glibc 2.34.
rm -rf target/wheels/precis-*.whl
"$VENV/bin/maturin" build --release --quiet --manifest-path crates/precis-py/Cargo.toml \
  --zig --compatibility manylinux2014 --out target/wheels
WHEEL=$(ls target/wheels/precis-*-cp39-abi3-manylinux*2014*_x86_64*.whl 2>/dev/null | head -n1 || true)
[[ -n $WHEEL ]] || { echo "test.sh: no abi3 manylinux2014 wheel in target/wheels" >&2; ls target/wheels >&2; exit 1; }
echo "wheel: $WHEEL"
"$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"

# The CLI parity tests run the precis binary that `cargo test` built.
export PRECIS_BIN=${PRECIS_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/debug/precis}
set +e
(cd crates/precis-py/tests && "$PY" -m pytest -q -p no:cacheprovider .)
status=$?
set -e
# pytest's 5 means it collected no test: that is a failure of this script, not a pass.
if [[ $status -eq 5 ]]; then
  echo "test.sh: pytest ran no test" >&2
  exit 1
fi
exit $status
