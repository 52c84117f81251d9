"""The command line: one parser, exit codes, and suggestions for mistyped names."""

import subprocess
import sys

import pytest

from nq03lib.__main__ import main
from nq03lib.charts import registry


def _run(*args):
    return subprocess.run([sys.executable, "-m", "nq03lib", *args], capture_output=True, text=True)


def test_a_mistyped_option_exits_2_and_suggests_the_right_one():
    result = _run("audit", "--cvs", "x.csv")
    assert result.returncode == 2
    assert "did you mean '--csv'?" in result.stderr


def test_a_mistyped_command_exits_2_and_suggests_the_right_one(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["valdiate"])
    assert exc.value.code == 2
    assert "did you mean 'validate'?" in capsys.readouterr().err


def test_validate_and_audit_csv(tmp_path, capsys):
    assert main(["validate"]) == 0
    assert main(["audit", "--csv", str(tmp_path / "audit.csv")]) == 0
    assert (tmp_path / "audit.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_mistyped_chart_name_suggests_the_closest():
    name = next(iter(registry.charts()))
    with pytest.raises(KeyError, match=f"did you mean '{name}'"):
        registry.get(name.replace("-", "_", 1))
