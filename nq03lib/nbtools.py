"""Build and execute the project's notebooks reproducibly.

``execute_notebook`` runs a notebook top to bottom in a fresh kernel started in
the notebook's folder (as nbval does), stores its outputs, and strips what
changes between runs (cell timing, execution metadata), so re-running an
unchanged notebook rewrites the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

from nq03lib import paths


def _strip(nb) -> None:
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)


def execute_notebook(path: str | Path, timeout: int = 600) -> Path:
    """Execute a notebook in place in a fresh kernel and strip volatile metadata."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    env_backend = os.environ.pop("MPLBACKEND", None)
    try:
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        if env_backend is not None:
            os.environ["MPLBACKEND"] = env_backend
    _strip(nb)
    nbformat.write(nb, path)
    return path


def notebook_paths() -> list[Path]:
    """List the project's notebooks in order."""
    return sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
