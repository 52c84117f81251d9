#!/usr/bin/env python3
"""Measure the notebook tests and the meeting pack against their floors, side by side.

Run with ``python3 dev.py bench`` (or ``.venv/bin/python benchmarks/run.py``);
it is not part of the test command. Each measurement is repeated
(``--repeat``, default 3) in interleaved order so that machine noise hits all
of them alike; the script prints the median and the spread (min–max) of each,
the ratios of medians, and writes everything to
``benchmarks/results/<date>-<host>.json`` with the CPU count and package
versions. Beside the wall-clock time it records the CPU time (user + system)
of the measured processes and the load average before each run: on a machine
shared with other work, wall-clock times of one process swing with the load
while its CPU time stays close to the time it would take alone.

Measurements
------------
setup            ``python3 dev.py setup`` on a fresh clone (an empty ``.venv``; the uv and pip
                 download caches are warm after the first repetition, for both set-ups alike)
pip_setup        a new venv plus plain ``pip install -e .[test]``: the set-up before the lock
test_command     the README's test command (``python3 dev.py test``) on the working tree
test_command_<rev>
                 the test command of commit ``--baseline`` (default 6b349e2, before the lock),
                 checked out in a temporary worktree and run with the same venv and options
                 that commit used (its own ``dev.PYTEST_ARGS``); nq03lib is imported from that
                 worktree through PYTHONPATH
floor            N fresh kernels (N = number of notebooks), each importing pandas,
                 matplotlib and seaborn and nothing else, run exactly as the test
                 command runs notebooks (same pytest/nbval options and parallelism)
notebooks        the test command's notebook part (pytest --nbval on notebooks/), as a rerun:
                 the kernels find data/ validated and the charts' tables kept in build/cache/
notebooks_cold   the same with build/cache/'s validation mark and kept tables removed first,
                 as on a fresh clone or after any edit of data/ or nq03lib
nbconvert        serial ``jupyter nbconvert --to notebook --execute`` of the notebooks
pack             the meeting pack (``python -m nq03lib pack`` into a temp folder; two processes
                 on a machine with two cores, see nq03lib/pack/export.py)
pack_serial      the same pack in one process (``--jobs 1``)
render_floor     the pack's render floor (``benchmarks/render_floor.py``): every registered chart
                 drawn once and saved once as PNG, SVG and PDF, serially in one process, as the
                 default pack draws them (vi, 16:9, 150 dpi); no deck, booklet or data files
import_floor     ``python -c "import pandas, matplotlib.pyplot, seaborn"``
import_nq03lib   ``python -c "import nq03lib"``
import_pandas    ``python -c "import pandas"``
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import importlib.metadata as md
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dev import PYTEST_ARGS  # noqa: E402  (the test command's own options)

PY = sys.executable
ENV = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
ENV["PYTHONHASHSEED"] = "0"

BASELINE = "6b349e2"

TARGETS = {
    "setup / pip_setup": 0.35,
    f"test_command / test_command_{BASELINE}": 0.6,
    "notebooks / floor": 2.5,
    "notebooks_cold / floor": 2.5,
    "notebooks / nbconvert": 0.6,
    "pack / import_floor": 3.0,
    "pack / render_floor": 1.5,
    "pack_serial / render_floor": 1.5,
    "import_nq03lib / import_pandas": 1.1,
}


def _forget_validation() -> None:
    """Remove what the kernels keep in build/cache/ (the validation mark and the kept tables)."""
    from nq03lib import paths

    for path in paths.CACHE_DIR.glob("valid-*"):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def _notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def _floor_notebooks(folder: Path, count: int) -> list[Path]:
    import nbformat

    out = []
    for i in range(count):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell("import pandas, matplotlib.pyplot, seaborn")]
        nb.cells[0]["id"] = "floor"
        path = folder / f"{i:02d}-floor.ipynb"
        nbformat.write(nb, path)
        out.append(path)
    return out


def _time(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        cmd, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(
            f"benchmark command failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr[-2000:]}"
        )
    return elapsed


def _time_setup(folder: Path) -> float:
    """Clone the working tree's HEAD into ``folder`` and time ``python3 dev.py setup`` there."""
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    try:
        return _time([sys.executable, "dev.py", "setup"], cwd=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _time_pip_setup(folder: Path) -> float:
    """Time a new venv plus ``pip install -e .[test]`` (no lock) in a fresh clone."""
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    try:
        venv = folder / ".venv"
        pip = venv / "bin" / "pip"
        start = time.perf_counter()
        _time([sys.executable, "-m", "venv", str(venv)], cwd=folder)
        _time([str(pip), "install", "--quiet", "-e", f"{folder}[test]"], cwd=folder)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _baseline_worktree(rev: str, tmp: Path) -> Path:
    tree = tmp / f"baseline-{rev}"
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(tree), rev], cwd=ROOT, check=True)
    return tree


def _time_baseline(tree: Path) -> float:
    """Time the test command of the baseline commit with this venv (nq03lib from its worktree)."""
    code = "import sys; sys.path.insert(0, sys.argv[1]); import dev; print(repr(dev.PYTEST_ARGS))"
    args = ast.literal_eval(
        subprocess.run([PY, "-c", code, str(tree)], capture_output=True, text=True, check=True).stdout
    )
    env = {**ENV, "PYTHONPATH": str(tree)}
    return _time([PY, *args, "-q"], cwd=tree, env=env)


def _children_cpu() -> float:
    """Return the CPU seconds (user + system) used so far by this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the ratios; return 0."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each measurement (default 3)")
    parser.add_argument("--skip", nargs="*", default=[], help="measurements to skip, e.g. nbconvert pack")
    parser.add_argument(
        "--only", nargs="*", default=[], help="run only these measurements (their ratios need both sides)"
    )
    parser.add_argument(
        "--baseline", default=BASELINE, help=f"commit whose test command is timed (default {BASELINE})"
    )
    args = parser.parse_args(argv)

    notebooks = _notebooks()
    tmp = Path(tempfile.mkdtemp(prefix="nq03-bench-"))
    floor_dir = tmp / "floor"
    floor_dir.mkdir()
    floor_nbs = _floor_notebooks(floor_dir, len(notebooks))
    pytest_nb = [PY, *PYTEST_ARGS, "-p", "no:cacheprovider", "-q"]
    commands = {
        "floor": (
            [*pytest_nb, "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), *map(str, floor_nbs)],
            ROOT,
        ),
        "notebooks": ([*pytest_nb, *map(str, notebooks)], ROOT),
        "notebooks_cold": ([*pytest_nb, *map(str, notebooks)], ROOT),  # see _forget_validation
        "nbconvert": None,  # a list of commands, see below
        "pack": ([PY, "-m", "nq03lib", "pack", "--out", str(tmp / "pack")], ROOT),
        "pack_serial": ([PY, "-m", "nq03lib", "pack", "--jobs", "1", "--out", str(tmp / "pack1")], ROOT),
        "render_floor": ([PY, str(ROOT / "benchmarks" / "render_floor.py"), str(tmp / "render_floor")], ROOT),
        "import_floor": ([PY, "-c", "import pandas, matplotlib.pyplot, seaborn"], ROOT),
        "import_nq03lib": ([PY, "-c", "import nq03lib"], ROOT),
        "import_pandas": ([PY, "-c", "import pandas"], ROOT),
        "setup": None,  # prepared fresh each repetition, see _time_setup
        "pip_setup": None,
        "test_command": ([PY, "dev.py", "test", "-q"], ROOT),
        f"test_command_{BASELINE}": None,  # see _time_baseline
    }
    nbconvert = [
        [
            PY,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            str(nb),
            "--output-dir",
            str(tmp / "nbconvert"),
            "--ExecutePreprocessor.record_timing=False",
        ]
        for nb in notebooks
    ]
    baseline_key = f"test_command_{BASELINE}"
    if args.baseline != BASELINE:
        commands[f"test_command_{args.baseline}"] = commands.pop(baseline_key)
        baseline_key = f"test_command_{args.baseline}"
    names = [n for n in commands if n not in args.skip and (not args.only or n in args.only)]
    baseline_tree = _baseline_worktree(args.baseline, tmp) if baseline_key in names else None
    times: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    load: dict[str, list[float]] = {n: [] for n in names}
    # one warm-up of the cheap commands so the first repetition is not a cold-cache outlier
    for name in ("import_floor", "import_pandas"):
        if name in names:
            _time(commands[name][0])
    for rep in range(args.repeat):
        for name in names:
            load[name].append(os.getloadavg()[0])
            cpu_before = _children_cpu()
            if name == "nbconvert":
                elapsed = sum(_time(cmd) for cmd in nbconvert)
            elif name == "setup":
                elapsed = _time_setup(tmp / f"setup-{rep}")
            elif name == "pip_setup":
                elapsed = _time_pip_setup(tmp / f"pip-{rep}")
            elif name == baseline_key:
                elapsed = _time_baseline(baseline_tree)
            else:
                if name == "notebooks_cold":
                    _forget_validation()
                cmd, cwd = commands[name]
                elapsed = _time(cmd, cwd)
            times[name].append(elapsed)
            cpu[name].append(_children_cpu() - cpu_before)
            print(
                f"[{rep + 1}/{args.repeat}] {name:15s} {elapsed:7.2f} s  cpu {cpu[name][-1]:7.2f} s  "
                f"load {load[name][-1]:.2f}",
                flush=True,
            )
    if baseline_tree is not None:
        subprocess.run(["git", "worktree", "remove", "--force", str(baseline_tree)], cwd=ROOT, check=False)
    shutil.rmtree(tmp, ignore_errors=True)

    stats = {
        n: {
            "median_s": statistics.median(v),
            "min_s": min(v),
            "max_s": max(v),
            "runs_s": v,
            "cpu_median_s": statistics.median(cpu[n]),
            "cpu_min_s": min(cpu[n]),
            "cpu_max_s": max(cpu[n]),
            "cpu_runs_s": cpu[n],
            "load_before": load[n],
        }
        for n, v in times.items()
    }
    ratios = {}
    for pair, target in TARGETS.items():
        a, b = (s.strip() for s in pair.split("/"))
        if a in stats and b in stats:
            ratios[pair] = {
                "median_ratio": stats[a]["median_s"] / stats[b]["median_s"],
                "spread": [stats[a]["min_s"] / stats[b]["max_s"], stats[a]["max_s"] / stats[b]["min_s"]],
                "cpu_median_ratio": stats[a]["cpu_median_s"] / stats[b]["cpu_median_s"],
                "cpu_spread": [
                    stats[a]["cpu_min_s"] / stats[b]["cpu_max_s"],
                    stats[a]["cpu_max_s"] / stats[b]["cpu_min_s"],
                ],
                "target": target,
            }
    print("\nmedian (min–max) seconds: wall clock, then CPU of the measured processes")
    for n, s in stats.items():
        print(
            f"  {n:15s} {s['median_s']:7.2f} ({s['min_s']:.2f}–{s['max_s']:.2f})"
            f"   cpu {s['cpu_median_s']:7.2f} ({s['cpu_min_s']:.2f}–{s['cpu_max_s']:.2f})"
        )
    print("\nratios of medians (range from the spreads) against targets")
    for pair, r in ratios.items():
        verdict = "ok" if r["median_ratio"] <= r["target"] else "MISSED"
        print(
            f"  {pair:32s} {r['median_ratio']:5.2f} ({r['spread'][0]:.2f}–{r['spread'][1]:.2f})  "
            f"target ≤ {r['target']}  {verdict}   cpu {r['cpu_median_ratio']:5.2f} "
            f"({r['cpu_spread'][0]:.2f}–{r['cpu_spread'][1]:.2f})"
        )

    packages = {}
    for name in [
        "pandas",
        "matplotlib",
        "seaborn",
        "nbval",
        "pytest",
        "pytest-xdist",
        "jupyterlab",
        "ipykernel",
        "nbconvert",
        "python-pptx",
        "openpyxl",
        "numpy",
    ]:
        try:
            packages[name] = md.version(name)
        except md.PackageNotFoundError:
            packages[name] = None
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "notebook_count": len(notebooks),
        "repeat": args.repeat,
        "test_command_options": PYTEST_ARGS,
        "packages": packages,
        "times": stats,
        "ratios": ratios,
    }
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{dt.date.today().isoformat()}-{platform.node() or 'host'}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
