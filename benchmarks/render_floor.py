#!/usr/bin/env python3
"""The pack's render floor: draw every registered chart once and save it once as PNG, SVG and PDF.

This is the least work the default meeting pack can do: the same charts, in
the same language (``vi``), size (``16:9``), resolution (150 dpi) and file
formats, saved by the same function (:func:`nq03lib.charts.theme.save_figure`),
serially in one process; but no deck, booklet, workbook or CSV. The benchmark
(``benchmarks/run.py``, measurement ``render_floor``) times this script as a
whole process, start-up and imports included, as it times the pack.

Usage::

    python benchmarks/render_floor.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path


def render_every_chart(out: Path, lang: str = "vi", size: str = "16:9", dpi: int = 150) -> int:
    """Draw each registered chart once, save it as PNG, SVG and PDF into ``out``; return the count.

    Parameters
    ----------
    out : Path
        Folder for the files (created if missing).
    lang : {"vi", "en"}
    size : {"16:9", "4:3", "a4"}
    dpi : int
        Resolution of the PNG files.

    Returns
    -------
    int
        The number of charts drawn.

    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nq03lib.charts import registry
    from nq03lib.charts import theme as ch

    names = list(registry.charts())
    for name in names:
        fig = registry.figure(name, lang, size)
        try:
            ch.save_figure(fig, out / f"{name}.{lang}", formats=("png", "svg", "pdf"), dpi=dpi)
        finally:
            plt.close(fig)
    return len(names)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    count = render_every_chart(Path(sys.argv[1]))
    print(f"drew and saved {count} charts")
