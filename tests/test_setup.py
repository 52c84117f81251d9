"""Setup files agree: pyproject.toml and environment.yml, README and .ci/run."""

import re
import tomllib

from nq03lib import paths

ROOT = paths.PROJECT_DIR
CONDA_ONLY = {"python", "pip"}


def _requirement(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(>=\s*[0-9.]+)?", spec)
    assert m, spec
    return m.group(1).lower().replace("_", "-"), (m.group(2) or "").replace(" ", "")


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["test"]
    return dict(_requirement(s) for s in specs)


def _environment() -> dict[str, str]:
    deps, inside = {}, False
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("dependencies:"):
            inside = True
            continue
        if inside and line.startswith("  - "):
            name, bound = _requirement(line[4:])
            if name not in CONDA_ONLY:
                deps[name] = bound
        elif inside and line and not line.startswith(" "):
            inside = False
    return deps


def test_environment_yml_and_pyproject_list_the_same_packages_and_bounds():
    assert _environment() == _pyproject()


def test_every_dependency_has_a_lower_bound():
    assert all(bound.startswith(">=") for bound in _pyproject().values())


def test_environment_yml_names_env_channel_and_python():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^name: nq03$", text, re.M)
    assert "conda-forge" in text
    assert re.search(r"^  - python>=3\.11$", text, re.M)


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- setup -->\s*```(?:bash|sh)?\n(.*?)```", readme, re.S)
    assert block, "README.md needs a ```bash block after <!-- setup -->"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_setup_is_two_commands_main_job_and_tests():
    commands = _readme_commands()
    assert commands == ["python3 dev.py lab", "python3 dev.py test"]


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line for line in ci.splitlines() if line.strip() and not line.startswith("#")]
    assert lines[-1].strip() == _readme_commands()[1]
