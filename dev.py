#!/usr/bin/env python3
"""Set up the project's virtual environment from the lock and run one of its jobs.

Needs only Python 3.11+ (standard library). Usage::

    python3 dev.py lab        # set up .venv, start JupyterLab (the main job)
    python3 dev.py test       # set up .venv, run the whole test suite (what CI runs)
    python3 dev.py pack [...] # set up .venv, export the meeting pack
    python3 dev.py site [...] # set up .venv, build the offline site into site/
    python3 dev.py execute [notebooks...]  # re-run notebooks and store their outputs
    python3 dev.py lint       # ruff lint and format check (as the tests do)
    python3 dev.py format     # ruff: fix what can be fixed, format everything
    python3 dev.py docs       # regenerate data/README.md and data/datapackage.json
    python3 dev.py audit [--csv FILE]      # print or export the audit
    python3 dev.py validate   # check everything in data/ (exit 1 on a problem)
    python3 dev.py bench [...]             # speed benchmark (not part of the tests)
    python3 dev.py lock       # after editing pyproject.toml: update uv.lock and the files made from it
    python3 dev.py lowest     # run the tests at the lowest allowed versions, in .venv-lowest
    python3 dev.py setup      # only set up .venv

Set-up creates ``.venv`` next to this file, installs the pinned uv into it with
pip and then installs exactly the versions in ``uv.lock`` (``uv sync --locked``,
with the test extras). If uv cannot be installed, it falls back to plain pip
with ``requirements-lock.txt`` (hashes checked), which ``dev.py lock`` makes
from ``uv.lock``. Set-up is skipped while ``pyproject.toml``, ``uv.lock`` and
``requirements-lock.txt`` are unchanged since the last install (a hash is kept
in ``.venv``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOWEST_VENV = ROOT / ".venv-lowest"
STAMP_NAME = ".nq03-installed"
#: The uv release that reads and writes ``uv.lock``; pinned so every machine resolves alike.
UV_VERSION = "0.13.9"
LOCK = ROOT / "uv.lock"
PIP_LOCK = ROOT / "requirements-lock.txt"
ENVIRONMENT_YML = ROOT / "environment.yml"
#: Extras installed by set-up.
EXTRAS = ("test", "site")
#: Files whose content decides whether set-up must run again.
STAMPED = (ROOT / "pyproject.toml", LOCK, PIP_LOCK)
LINT_TARGETS = ["nq03lib", "tests", "notebooks", "benchmarks", "dev.py", "conftest.py"]

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


def bin_dir(env: Path = VENV) -> Path:
    """Return the folder of a virtual environment's executables."""
    return env / ("Scripts" if os.name == "nt" else "bin")


def python_of(env: Path = VENV) -> Path:
    """Return the Python executable of a virtual environment."""
    return bin_dir(env) / ("python.exe" if os.name == "nt" else "python")


PY = python_of()


def fingerprint() -> str:
    """Return a hash of everything that decides what set-up installs."""
    digest = hashlib.sha256(UV_VERSION.encode())
    for path in STAMPED:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def _call(cmd: list[str | Path], **kwargs) -> int:
    return subprocess.call([str(c) for c in cmd], **kwargs)


def _check(cmd: list[str | Path], **kwargs) -> None:
    code = _call(cmd, **kwargs)
    if code != 0:
        sys.exit(f"command failed with exit code {code}: {' '.join(map(str, cmd))}")


def _install_uv(py: Path) -> bool:
    """Pip-install the pinned uv into the venv of ``py``; return whether it worked."""
    code = _call([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"uv=={UV_VERSION}"])
    return code == 0


def _uv_env(env: Path) -> dict[str, str]:
    out = dict(os.environ)
    out["UV_PROJECT_ENVIRONMENT"] = str(env)
    out.pop("VIRTUAL_ENV", None)
    return out


def setup() -> None:
    """Create ``.venv`` and install the locked environment into it unless already current."""
    if sys.version_info < (3, 11):  # noqa: UP036 - a clear message on an old Python
        sys.exit(f"nq03 needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    stamp = VENV / STAMP_NAME
    if not PY.exists():
        print(f"Creating {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if stamp.exists() and stamp.read_text() == fingerprint():
        return
    print("Installing nq03lib and the locked versions of its dependencies into .venv …", flush=True)
    if _install_uv(PY):
        extras = [a for e in EXTRAS for a in ("--extra", e)]
        # --inexact keeps uv itself, which pip installed into the same venv
        _check(
            [PY, "-m", "uv", "sync", "--locked", "--inexact", "--quiet", *extras], cwd=ROOT, env=_uv_env(VENV)
        )
    else:
        print("uv could not be installed; falling back to pip with requirements-lock.txt", flush=True)
        pip = [PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        _check([*pip, "--require-hashes", "--no-deps", "-r", PIP_LOCK])
        _check([*pip, "--no-deps", "-e", ROOT])
    # build matplotlib's font cache now, not inside a notebook kernel where its
    # "building the font cache" warning would become an unexpected output
    _check([PY, "-c", "import matplotlib.font_manager"])
    stamp.write_text(fingerprint())


def environment_yml(lock_text: str) -> str:
    """Return ``environment.yml`` with conda pins of the direct dependencies taken from ``uv.lock``."""
    import tomllib

    lock = tomllib.loads(lock_text)
    versions = {p["name"]: p["version"] for p in lock["package"] if "version" in p}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = [*project["dependencies"], *(s for e in EXTRAS for s in project["optional-dependencies"][e])]
    lines = [
        "# Conda environment for nq03 (Anaconda / Miniconda / Miniforge).",
        "#   conda env create -f environment.yml",
        "#   conda activate nq03",
        "#   pip install -e . --no-deps",
        "# Generated by `python3 dev.py lock` from uv.lock: the direct dependencies are pinned to the",
        "# versions the stored notebook outputs were made with (their lower bounds are in",
        "# pyproject.toml). Do not edit by hand; tests/test_setup.py checks it is current.",
        "name: nq03",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python>={project['requires-python'].removeprefix('>=')}",
    ]
    for spec in specs:
        name = spec.split(">=")[0].strip().lower().replace("_", "-")
        lines.append(f"  - {name}=={versions[name]}")
    lines.append("  - pip")
    return "\n".join(lines) + "\n"


def lock() -> int:
    """Update ``uv.lock`` from ``pyproject.toml`` and regenerate the files made from it."""
    setup_uv = python_of()
    if not setup_uv.exists() or _call([setup_uv, "-m", "uv", "--version"], stdout=subprocess.DEVNULL) != 0:
        setup()
    _check([setup_uv, "-m", "uv", "lock"], cwd=ROOT)
    _check(
        [
            setup_uv,
            "-m",
            "uv",
            "export",
            "--quiet",
            "--locked",
            "--format",
            "requirements.txt",
            *[a for e in EXTRAS for a in ("--extra", e)],
            "--no-emit-project",
            "--output-file",
            PIP_LOCK.name,
        ],
        cwd=ROOT,
    )
    ENVIRONMENT_YML.write_text(environment_yml(LOCK.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {LOCK.name}, {PIP_LOCK.name} and {ENVIRONMENT_YML.name}")
    return 0


def lowest(rest: list[str]) -> int:
    """Install the lowest versions pyproject.toml allows into ``.venv-lowest`` and run the tests.

    The notebooks run with their text outputs compared as usual, but their chart
    images are not compared (``--no-chart-images``): every PNG differs between
    matplotlib releases, and the lock fixes the release they are compared at.
    """
    setup()
    if LOWEST_VENV.exists():
        shutil.rmtree(LOWEST_VENV)
    venv.EnvBuilder(with_pip=True).create(LOWEST_VENV)
    low_py = python_of(LOWEST_VENV)
    uv = [PY, "-m", "uv", "pip", "install", "--quiet", "--python", low_py, "--resolution", "lowest-direct"]
    _check([*uv, "-e", f"{ROOT}[{','.join(EXTRAS)}]"], cwd=ROOT)
    _check([low_py, "-c", "import matplotlib.font_manager"])
    print("Running the tests at the lowest allowed versions (chart images not compared) …", flush=True)
    return run([*PYTEST_ARGS, "--no-chart-images", *rest], py=low_py)


def run(args: list[str | Path], py: Path = PY) -> int:
    """Run a venv's Python with ``args`` from the project folder; return its exit code."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # inline figures must render for nbval
    env.setdefault("PYTHONHASHSEED", "0")
    return _call([py, *args], cwd=ROOT, env=env)


#: JupyterLab's defaults for this project, written to the venv's ``overrides.json``: the Vietnamese
#: interface (about half of it is translated; menus and dialogs the analysts use most are, and
#: Settings → Language switches back to English), Markdown files opened as rendered pages, and no
#: question about fetching Jupyter's news from the web (the machines are often offline; analysts
#: should not be asked about a privacy policy at every first start).
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/translation-extension:plugin": {"locale": "vi_VN"},
    "@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Markdown Preview"}},
}
#: The page JupyterLab opens first: the Vietnamese start page with links to everything.
START_PAGE = "bat-dau.ipynb"


def write_lab_settings(env: Path = VENV) -> Path:
    """Write the project's JupyterLab defaults into the venv (never into the user's own settings)."""
    import json

    target = env / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(LAB_OVERRIDES, indent=2) + "\n", encoding="utf-8")
    return target


def lab_command(rest: list[str]) -> list[str]:
    """Return the arguments that start JupyterLab at the project folder, on the start page."""
    lab = [
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.default_url=/lab/tree/{START_PAGE}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        lab.append("--allow-root")
    return [*lab, *rest]


def _ruff(args: list[str]) -> list[str]:
    return ["-m", "ruff", *args, *LINT_TARGETS]


JOBS = {
    "test": lambda rest: run([*PYTEST_ARGS, *rest]),
    "lab": lambda rest: (write_lab_settings(), run(lab_command(rest)))[1],
    "pack": lambda rest: run(["-m", "nq03lib", "pack", *rest]),
    "site": lambda rest: run(["-m", "nq03lib", "site", *rest]),
    "execute": lambda rest: run(["-m", "nq03lib", "execute", *rest]),
    "docs": lambda rest: run(["-m", "nq03lib", "docs", *rest]),
    "audit": lambda rest: run(["-m", "nq03lib", "audit", *rest]),
    "validate": lambda rest: run(["-m", "nq03lib", "validate", *rest]),
    "bench": lambda rest: run([ROOT / "benchmarks" / "run.py", *rest]),
    "lint": lambda rest: run(_ruff(["check", *rest])) or run(_ruff(["format", "--check"])),
    "format": lambda rest: run(_ruff(["check", "--fix", *rest])) or run(_ruff(["format"])),
    "setup": lambda rest: 0,
}


def main(argv: list[str]) -> int:
    """Dispatch ``argv[0]`` to a job."""
    job, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if job in ("help", "-h", "--help"):
        print(__doc__)
        return 0
    if job == "lock":
        return lock()
    if job == "lowest":
        return lowest(rest)
    if job not in JOBS:
        known = ", ".join([*JOBS, "lock", "lowest"])
        print(f"unknown job {job!r}; expected one of: {known}", file=sys.stderr)
        return 2
    setup()
    return JOBS[job](rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
