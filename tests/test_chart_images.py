"""The test command compares every stored chart image with a fresh rendering (see conftest.py)."""

import base64
import io
import json
import subprocess
import sys

import pytest

from nq03lib import paths
from nq03lib.nbtools import notebook_paths

ROOT = paths.PROJECT_DIR
CHART_CELL = 'registry.figure("'


def _chart_cells(nb: dict) -> list[int]:
    return [
        i
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and CHART_CELL in "".join(c["source"])
    ]


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_every_chart_cell_stores_exactly_one_png(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i in _chart_cells(nb):
        pngs = [o for o in nb["cells"][i].get("outputs", []) if "image/png" in o.get("data", {})]
        assert len(pngs) == 1, f"{path.name} cell {i}: {len(pngs)} stored PNG outputs"


def _flip_one_pixel(data: str) -> str:
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(data))).convert("RGBA")
    r, g, b, a = image.getpixel((10, 10))
    image.putpixel((10, 10), ((r + 128) % 256, g, b, a))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode("ascii")


def _small_notebook(source: dict, chart_cell: int) -> dict:
    """Keep the parameters cell, the imports and one chart cell (with their stored outputs)."""
    cells = source["cells"]
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    nb = dict(source)
    nb["cells"] = [cells[code[0]], cells[code[1]], cells[chart_cell]]
    return nb


def _run_nbval(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-q",
            str(path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_a_changed_pixel_fails_and_names_the_chart(request):
    if request.config.getoption("--no-chart-images"):
        pytest.skip("chart images not compared (--no-chart-images): other versions draw other pixels")
    notebook = notebook_paths()[1]  # 01-ratings
    source = json.loads(notebook.read_text(encoding="utf-8"))
    chart_cell = _chart_cells(source)[0]
    name = "".join(source["cells"][chart_cell]["source"]).split(CHART_CELL)[1].split('"')[0]
    work = ROOT / "build" / "pixel-test"
    work.mkdir(parents=True, exist_ok=True)

    intact = _small_notebook(source, chart_cell)
    (work / "intact.ipynb").write_text(json.dumps(intact), encoding="utf-8")
    ok = _run_nbval(work / "intact.ipynb")
    assert ok.returncode == 0, ok.stdout[-3000:]

    changed = json.loads(json.dumps(intact))
    output = next(o for o in changed["cells"][2]["outputs"] if "image/png" in o.get("data", {}))
    output["data"]["image/png"] = _flip_one_pixel(output["data"]["image/png"])
    (work / "changed.ipynb").write_text(json.dumps(changed), encoding="utf-8")
    failed = _run_nbval(work / "changed.ipynb")
    assert failed.returncode != 0
    assert f"chart '{name}'" in failed.stdout, failed.stdout[-3000:]
    assert "python3 dev.py execute" in failed.stdout
