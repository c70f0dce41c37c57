import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _binary():
    """The precis binary: $PRECIS_BIN, or the workspace's release or debug build."""
    if os.environ.get("PRECIS_BIN"):
        return Path(os.environ["PRECIS_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("release", "debug"):
        p = target / profile / "precis"
        if p.exists():
            return p
    return None


@pytest.fixture(scope="session")
def precis_bin():
    p = _binary()
    if p is None:
        pytest.fail("no precis binary: build it (cargo build) or set PRECIS_BIN")
    return p


@pytest.fixture(scope="session")
def run_cli(precis_bin):
    def run(*args, input=None, check=True):
        done = subprocess.run(
            [str(precis_bin), *args],
            input=input,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=None if input is not None else subprocess.DEVNULL,
            timeout=120,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"precis {' '.join(args)} exited {done.returncode}: {done.stderr.decode()}")
        return done

    return run


def require_extra(module):
    """Skips when an optional dependency is missing, unless PRECIS_REQUIRE_EXTRAS=1 (CI)."""
    try:
        return __import__(module)
    except ImportError:
        if os.environ.get("PRECIS_REQUIRE_EXTRAS") == "1":
            pytest.fail(f"{module} is not installed (PRECIS_REQUIRE_EXTRAS=1)")
        pytest.skip(f"{module} is not installed")


def require_java():
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("PRECIS_REQUIRE_EXTRAS") == "1":
            pytest.fail("java is missing (PRECIS_REQUIRE_EXTRAS=1)")
        pytest.skip("java is missing")
