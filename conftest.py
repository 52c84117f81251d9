"""Compare the stored chart images of every notebook with a fresh rendering.

nbval compares text outputs strictly but skips ``image/png``. At the locked
versions (``uv.lock``) matplotlib renders the same bytes every run, so here the
PNG of every chart is compared too: a changed pixel fails the notebook cell and
names the chart's registered name. Both images are written to
``build/chart-diffs/`` so they can be opened side by side.

After an intended change, regenerate the stored outputs with
``python3 dev.py execute`` (all notebooks) or ``python3 dev.py execute
notebooks/01-ratings.ipynb``.

``--no-chart-images`` turns the image comparison off (used by ``python3 dev.py
lowest``, where other matplotlib releases draw other pixels).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DIFF_DIR = ROOT / "build" / "chart-diffs"
CHART_CALL = re.compile(r"""registry\.figure\(\s*["']([^"']+)["']""")


def pytest_addoption(parser):
    """Add ``--no-chart-images``."""
    parser.addoption(
        "--no-chart-images",
        action="store_true",
        help="do not compare the stored chart images of notebooks (text outputs are still compared)",
    )


def _chart_names(source: str) -> list[str]:
    return CHART_CALL.findall(source)


def _png_mismatch(cell, reference: list, test: list) -> str | None:
    """Return a message if the PNG outputs of a cell differ, else None."""
    ref = [o["data"]["image/png"] for o in reference if "image/png" in o.get("data", {})]
    new = [o["data"]["image/png"] for o in test if "image/png" in o.get("data", {})]
    if ref == new:
        return None
    names = _chart_names(cell.cell.source) or ["(no registered chart named in this cell)"]
    notebook = Path(str(cell.fspath)).stem
    DIFF_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, images in (("stored", ref), ("fresh", new)):
        for i, data in enumerate(images):
            path = DIFF_DIR / f"{notebook}.cell{cell.cell_num}.{i}.{kind}.png"
            path.write_bytes(base64.b64decode(data))
            written.append(path.relative_to(ROOT).as_posix())
    return (
        f"chart {', '.join(repr(n) for n in names)} in {notebook} (cell {cell.cell_num}) differs from its "
        f"stored image ({len(ref)} stored, {len(new)} fresh PNG outputs).\n"
        f"Look at: {', '.join(written)}\n"
        "If the change is intended, regenerate the stored outputs: python3 dev.py execute "
        f"notebooks/{notebook}.ipynb"
    )


def pytest_collection_modifyitems(config, items):
    """Make every nbval cell also compare its chart images."""
    if config.getoption("--no-chart-images"):
        return
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:  # nbval not installed: nothing to compare
        return
    for item in items:
        if not isinstance(item, IPyNbCell) or getattr(item, "_nq03_images", False):
            continue
        item._nq03_images = True
        original = item.compare_outputs

        def compare(test, ref, skip_compare=None, _item=item, _original=original):
            same_text = _original(test, ref, skip_compare)
            message = _png_mismatch(_item, ref, test)
            if message:
                _item.comparison_traceback = [*getattr(_item, "comparison_traceback", []), message]
                return False
            return same_text

        item.compare_outputs = compare
