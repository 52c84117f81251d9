"""The code and notebooks pass ruff's lint and format checks (configured in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nq03lib import paths

TARGETS = ["nq03lib", "tests", "notebooks", "benchmarks", "dev.py", "conftest.py"]


def _ruff() -> list[str]:
    exe = Path(sys.executable).with_name("ruff")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("ruff")
    if not found:
        pytest.skip("ruff is not installed")
    return [found]


@pytest.mark.parametrize("args", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff(args):
    result = subprocess.run(
        [*_ruff(), *args, *TARGETS], cwd=paths.PROJECT_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
