"""The package's layers import one way: data → analysis → audit → api → charts → pack, with no cycle.

Every import is counted, including those inside functions (a lazy import is
still a dependency). The layers, lowest first:

* ``paths``, ``text``, ``files``: imported by anything, import nothing of the package
  but each other;
* ``data/``: imports nothing from ``analysis``, ``audit``, ``api``, ``charts`` or ``pack``;
* ``analysis/``: imports nothing from ``audit``, ``api``, ``charts`` or ``pack``;
* ``audit``: imports nothing from ``api``, ``charts`` or ``pack``;
* ``charts/``: imports nothing from ``pack``.
"""

import ast
from pathlib import Path

import pytest

from nq03lib import paths

PACKAGE = paths.PACKAGE_DIR
FORBIDDEN = {
    "base": {"data", "analysis", "audit", "api", "charts", "pack", "display", "nbtools"},
    "data": {"analysis", "audit", "api", "charts", "pack", "display", "nbtools"},
    "analysis": {"audit", "api", "charts", "pack", "nbtools"},
    "audit": {"api", "charts", "pack", "nbtools"},
    "charts": {"pack", "nbtools"},
}
BASE = {"paths", "text", "files"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("nq03lib"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nq03lib"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None
    top = parts[1]
    if top in BASE:
        return "base"
    return top if top in FORBIDDEN else None


def _top(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


@pytest.mark.parametrize("module", [m for m in MODULES if _layer(m)], ids=str)
def test_a_module_imports_nothing_from_a_higher_layer(module):
    layer = _layer(module)
    bad = sorted(i for i in _imports(MODULES[module]) if _top(i) in FORBIDDEN[layer])
    assert not bad, f"{module} (layer {layer}) imports {bad}"


def test_the_folders_show_the_layers():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert {"data", "analysis", "charts", "pack"} <= folders
    assert {"api.py", "audit.py", "text.py", "paths.py", "files.py"} <= {p.name for p in PACKAGE.glob("*.py")}


def test_there_is_no_import_cycle():
    graph = {}
    for module, path in MODULES.items():
        graph[module] = {i for i in _imports(path) if i in MODULES and i != module}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_every_topic_has_its_analysis_chart_and_test_module():
    analysis = {p.stem for p in (PACKAGE / "analysis").glob("*.py")} - {"__init__", "derive", "frames"}
    charts = {p.stem for p in (PACKAGE / "charts").glob("*.py")} - {"__init__", "registry", "theme", "marks"}
    assert charts - {"audit"} <= analysis, "a chart module without its analysis module"
    tests = {p.stem.removeprefix("test_") for p in (PACKAGE.parent / "tests").glob("test_*.py")}
    assert analysis <= tests, f"topics without tests/test_<topic>.py: {sorted(analysis - tests)}"
