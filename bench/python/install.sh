# Sourced after bench/common.sh: installs the precis Python package (a release wheel built by
# maturin) into bench/.venv beside the pinned peers.
install_precis_py() {
  ensure_venv
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    $(grep -E "^(maturin|ziglang)==" "$ROOT/crates/precis-py/requirements-test.txt")
  # maturin finds zig through the `ziglang` module of the `python3` on PATH: the venv's.
  PATH="$VENV/bin:$PATH" "$VENV/bin/maturin" build --release --quiet --manifest-path "$ROOT/crates/precis-py/Cargo.toml" \
    --zig --compatibility manylinux2014 --out "$OUT/wheels" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps \
    "$(ls -t "$OUT"/wheels/precis-*.whl | head -n1)"
}
