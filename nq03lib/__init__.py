"""Traceable data, checks and charts for report 124-BC/TU (Kon Tum, 28-9-2021).

Quick start::

    import nq03lib as nq
    nq.list_tables()                 # what the data holds
    nq.describe("membership")        # columns, units, allowed values
    df = nq.load("ratings_organisations")   # typed, validated on load
    nq.search("dang vien nu")        # accent-insensitive search of every figure
    nq.audit()                       # every arithmetic relation with its verdict
    nq.explore()                     # in JupyterLab: pick a topic, chart, unit; see quotes and checks

Importing the package is cheap: pandas is imported on first use of a data
function, matplotlib and seaborn only by :mod:`nq03lib.charts`.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "load": "nq03lib.data.parse",
    "load_all": "nq03lib.data.parse",
    "list_tables": "nq03lib.data.parse",
    "describe": "nq03lib.data.parse",
    "search": "nq03lib.data.parse",
    "DataError": "nq03lib.data.parse",
    "audit": "nq03lib.audit",
    "label": "nq03lib.data.schema",
    "citation": "nq03lib.data.source",
    "show": "nq03lib.display",
    "findings": "nq03lib.display",
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
