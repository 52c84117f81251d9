"""Shared fixtures: a private copy of data/ that a test may edit."""

import shutil

import pytest

from nq03lib import paths
from nq03lib.data import parse as tables
from nq03lib.data import source


def clear_caches():
    """Forget every cached parse, load, source list and report."""
    source.read_sources.cache_clear()
    source.load_report.cache_clear()
    tables._CACHE.clear()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Point nq03lib at a copy of data/ in a temporary folder and return that folder."""
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    monkeypatch.setattr(paths, "DATA_DIR", data)
    monkeypatch.setattr(paths, "SOURCE_DIR", data / "source")
    monkeypatch.setattr(paths, "SOURCES_FILE", data / "source" / "sources.csv")
    monkeypatch.setattr(paths, "KNOWN_EXCEPTIONS_FILE", data / "known_exceptions.csv")
    monkeypatch.setattr(paths, "DATAPACKAGE_FILE", data / "datapackage.json")
    monkeypatch.setattr(paths, "DATA_README_FILE", data / "README.md")
    monkeypatch.setattr(paths, "DATA_README_EN_FILE", data / "README.en.md")
    clear_caches()
    yield data
    clear_caches()
