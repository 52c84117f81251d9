#!/usr/bin/env python3
"""Set up the project's virtual environment and run one of its jobs.

Needs only Python 3.11+ (standard library). Usage::

    python3 dev.py lab        # set up .venv, start JupyterLab (the main job)
    python3 dev.py test       # set up .venv, run the whole test suite
    python3 dev.py pack [...] # set up .venv, export the meeting pack
    python3 dev.py bench      # set up .venv, run the speed benchmark
    python3 dev.py setup      # only set up .venv

Set-up creates ``.venv`` next to this file and installs the project with its
test extras (``pip install -e .[test]``). It is skipped when ``pyproject.toml``
has not changed since the last install (a hash is kept in ``.venv``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".nq03-installed"

#: The notebook and unit test suite: what CI runs (via `python3 dev.py test`).
PYTEST_ARGS = [
    "-m",
    "pytest",
    "--nbval",
    "--nbval-sanitize-with",
    str(ROOT / "tests" / "nbval_sanitize.cfg"),
    "--nbval-current-env",
    # notebooks run in parallel, one worker per core; a notebook's cells stay on one worker
    "-n",
    "auto",
    "--dist",
    "loadfile",
]


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def setup() -> None:
    """Create ``.venv`` and install the project into it unless already current."""
    if sys.version_info < (3, 11):  # noqa: UP036 - a clear message on an old Python
        sys.exit(f"nq03 needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        print(f"Creating {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    print("Installing nq03lib and its dependencies into .venv (about a minute) …", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
    # build matplotlib's font cache now, not inside a notebook kernel where its
    # "building the font cache" warning would become an unexpected output
    subprocess.run([str(PY), "-c", "import matplotlib.font_manager"], check=True)
    STAMP.write_text(_fingerprint())


def run(args: list[str]) -> int:
    """Run the venv's Python with ``args`` from the project folder; return its exit code."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # inline figures must render for nbval
    env.setdefault("PYTHONHASHSEED", "0")
    return subprocess.call([str(PY), *args], cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    """Dispatch ``argv[0]`` to a job."""
    job, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if job in ("help", "-h", "--help"):
        print(__doc__)
        return 0
    setup()
    if job == "setup":
        return 0
    if job == "test":
        return run([*PYTEST_ARGS, *rest])
    if job == "lab":
        lab = [
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--notebook-dir={ROOT / 'notebooks'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            lab.append("--allow-root")
        return run([*lab, *rest])
    if job == "pack":
        return run(["-m", "nq03lib", "pack", *rest])
    if job == "bench":
        return run([str(ROOT / "benchmarks" / "run.py"), *rest])
    print(f"unknown job {job!r}; expected one of: lab, test, pack, bench, setup", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
