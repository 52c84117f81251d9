"""Traceable data, checks and charts for report 124-BC/TU (Kon Tum, 28-9-2021).

Quick start::

    import nq03lib as nq
    nq.list_tables()                 # what the data holds
    nq.describe("membership")        # columns, units, allowed values
    df = nq.load("ratings_organisations")   # typed, validated on load
    nq.search("dang vien nu")        # accent-insensitive search of every figure
    nq.audit()                       # every arithmetic relation with its verdict
    nq.validate()                    # every problem of data/ (an empty list when sound)
    nq.explore()                     # in JupyterLab: pick a topic, chart, unit; see quotes and checks

Importing the package is cheap: pandas is imported on first use of a data
function, matplotlib and seaborn only by :mod:`nq03lib.charts`.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "load": "nq03lib.api",
    "load_all": "nq03lib.api",
    "list_tables": "nq03lib.api",
    "describe": "nq03lib.api",
    "search": "nq03lib.api",
    "DataError": "nq03lib.data.csvcheck",
    "audit": "nq03lib.api",
    "label": "nq03lib.data.schema",
    "citation": "nq03lib.data.source",
    "show": "nq03lib.display",
    "findings": "nq03lib.display",
    "validate": "nq03lib.api",
    "explore": "nq03lib.explore",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    """Import the public API on first use, so ``import nq03lib`` stays light."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'nq03lib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
