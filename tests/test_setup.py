"""Setup files agree: the lock, pyproject.toml and environment.yml, README and .ci/run, the Makefile."""

import re
import shutil
import subprocess
import sys
import tomllib

import pytest

import dev
from nq03lib import paths

ROOT = paths.PROJECT_DIR


def _name(spec: str) -> str:
    return re.match(r"^\s*([A-Za-z0-9_.\-]+)", spec).group(1).lower().replace("_", "-")


def _bound(spec: str) -> tuple[int, ...]:
    m = re.search(r">=\s*([0-9][0-9a-z.]*)", spec)
    assert m, f"{spec}: every dependency needs a lower bound"
    return _version(m.group(1))


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text)[:4])


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _direct_specs() -> list[str]:
    project = _project()
    return [*project["dependencies"], *(s for e in dev.EXTRAS for s in project["optional-dependencies"][e])]


def _lock() -> dict:
    return tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))


def _locked_versions() -> dict[str, str]:
    return {p["name"]: p["version"] for p in _lock()["package"] if "version" in p}


def _uv() -> list[str]:
    if subprocess.run([sys.executable, "-m", "uv", "--version"], capture_output=True).returncode != 0:
        pytest.skip("uv is not installed (pip fallback set-up)")
    return [sys.executable, "-m", "uv"]


def test_every_dependency_has_a_lower_bound_in_pyproject_and_one_pinned_version_in_the_lock():
    versions = _locked_versions()
    names = [p["name"] for p in _lock()["package"]]
    assert len(names) == len(set(names)), "the lock forks a package into several versions"
    for spec in _direct_specs():
        assert _version(versions[_name(spec)]) >= _bound(spec), spec


def test_the_lock_records_exactly_the_dependencies_of_pyproject():
    project = next(p for p in _lock()["package"] if p["name"] == "nq03lib")
    meta = project["metadata"]
    locked = {(d["name"], d.get("specifier", "")) for d in meta["requires-dist"]}
    wanted = {(_name(s), s[len(_name(s)) :].strip()) for s in _project()["dependencies"]}
    test_extra = {(_name(s), s[len(_name(s)) :].strip()) for s in _project()["optional-dependencies"]["test"]}
    assert {d for d in locked if d[0] in {n for n, _ in wanted}} >= wanted
    assert {(n, s) for n, s in locked} >= test_extra


def test_uv_agrees_that_the_lock_is_current():
    result = subprocess.run([*_uv(), "lock", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + "\nrun: python3 dev.py lock"


def test_requirements_lock_is_exported_from_uv_lock():
    extras = [a for e in dev.EXTRAS for a in ("--extra", e)]
    result = subprocess.run(
        [
            *_uv(),
            "export",
            "--quiet",
            "--locked",
            "--format",
            "requirements.txt",
            *extras,
            "--no-emit-project",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not result.stdout.strip():
        pytest.fail(f"uv export failed: {result.stderr}")

    def body(text: str) -> list[str]:  # the header names the command that wrote the file
        return [line for line in text.strip().splitlines() if not line.startswith("#    uv export")]

    assert body(result.stdout) == body((ROOT / "requirements-lock.txt").read_text(encoding="utf-8"))


def test_requirements_lock_pins_every_locked_package_with_hashes():
    text = (ROOT / "requirements-lock.txt").read_text(encoding="utf-8")
    pins = dict(re.findall(r"^([a-z0-9][a-z0-9._\-]*)==([^ ;\\\n]+)", text, re.M))
    locked = {n: v for n, v in _locked_versions().items() if n != "nq03lib"}
    assert pins == locked
    assert text.count("--hash=sha256:") >= len(pins)


def test_environment_yml_is_generated_from_the_lock():
    expected = dev.environment_yml((ROOT / "uv.lock").read_text(encoding="utf-8"))
    assert (ROOT / "environment.yml").read_text(encoding="utf-8") == expected, "run: python3 dev.py lock"


def test_environment_yml_pins_what_the_lock_pins_and_satisfies_the_lower_bounds():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    pins = dict(re.findall(r"^  - ([a-z0-9\-]+)==([0-9][^\s]*)$", text, re.M))
    versions = _locked_versions()
    specs = {_name(s): s for s in _direct_specs()}
    assert set(pins) == set(specs)
    for name, version in pins.items():
        assert version == versions[name]
        assert _version(version) >= _bound(specs[name])
    assert re.search(r"^  - python>=3\.11$", text, re.M) and "conda-forge" in text


def test_a_build_emits_no_deprecation_warning(tmp_path):
    result = subprocess.run(
        [*_uv(), "build", "--wheel", "--out-dir", str(tmp_path), str(ROOT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert not re.search(r"DeprecationWarning|deprecated", output), output[-3000:]


def test_the_setup_stamp_covers_pyproject_and_both_locks(tmp_path, monkeypatch):
    before = dev.fingerprint()
    for path in dev.STAMPED:
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes() + b"\n# changed\n")
        monkeypatch.setattr(dev, "STAMPED", tuple(copy if p == path else p for p in dev.STAMPED))
        assert dev.fingerprint() != before, f"editing {path.name} must trigger a new set-up"
        monkeypatch.undo()
    assert {p.name for p in dev.STAMPED} == {"pyproject.toml", "uv.lock", "requirements-lock.txt"}


def _readme_commands(name: str = "README.md") -> list[str]:
    readme = (ROOT / name).read_text(encoding="utf-8")
    block = re.search(r"<!-- setup -->\s*```(?:bash|sh)?\n(.*?)```", readme, re.S)
    assert block, "README.md needs a ```bash block after <!-- setup -->"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


@pytest.mark.parametrize("name", ["README.md", "README.vi.md"])
def test_readme_setup_is_two_commands_main_job_and_tests(name):
    commands = _readme_commands(name)
    assert commands == ["python3 dev.py lab", "python3 dev.py test"]


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line for line in ci.splitlines() if line.strip() and not line.startswith("#")]
    assert lines[-1].strip() == _readme_commands()[1]


def test_every_makefile_target_goes_through_dev_py():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z-]+):.*?## .*\n((?:\t.*\n)+)", text, re.M)
    assert len(targets) >= 8
    for name, recipe in targets:
        if name == "help":
            continue
        lines = [line.strip() for line in recipe.splitlines()]
        assert lines == [f"$(PYTHON) dev.py {name}"] or all(" dev.py " in f" {line} " for line in lines), name
        assert name in dev.JOBS or name in ("lock", "lowest"), f"make {name}: dev.py has no such job"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_help_lists_every_target():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True).stdout
    for name in ("lab", "test", "pack", "lint", "lock", "lowest", "execute"):
        assert f"make {name}" in out
