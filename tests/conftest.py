"""Shared fixtures: a private copy of data/ that a test may edit."""

import shutil
import types

import pytest

from nq03lib import api, paths
from nq03lib.data import parse as tables
from nq03lib.data import source

# The tests change code at run time (a patched check, a broken chart), which the validation mark's
# hash of the code cannot see: this process validates for itself. The notebooks' kernels keep it.
api.REMEMBER_VALID = False


def clear_caches():
    """Forget every cached parse, load, source list and report."""
    source.read_sources.cache_clear()
    source.load_report.cache_clear()
    tables._CACHE.clear()


def point_nq03lib_at(mp: pytest.MonkeyPatch, data) -> None:
    """Point every path of nq03lib.paths under data/ at the copy ``data`` (through ``mp``) and forget the caches."""
    mp.setattr(paths, "DATA_DIR", data)
    mp.setattr(paths, "SOURCE_DIR", data / "source")
    mp.setattr(paths, "SOURCES_FILE", data / "source" / "sources.csv")
    mp.setattr(paths, "KNOWN_EXCEPTIONS_FILE", data / "known_exceptions.csv")
    mp.setattr(paths, "DATAPACKAGE_FILE", data / "datapackage.json")
    mp.setattr(paths, "DATA_README_FILE", data / "README.md")
    mp.setattr(paths, "DATA_README_EN_FILE", data / "README.en.md")
    clear_caches()


@pytest.fixture(scope="session")
def data_copies():
    """Return the helpers for a fixture of any scope that works on a copy of data/."""
    return types.SimpleNamespace(point_at=point_nq03lib_at, clear_caches=clear_caches)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Point nq03lib at a copy of data/ in a temporary folder and return that folder."""
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    point_nq03lib_at(monkeypatch, data)
    yield data
    clear_caches()
