"""Own every path of the project, built from this file's location (never the working directory)."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PROJECT_DIR / "data"
SOURCE_DIR = DATA_DIR / "source"
SOURCES_FILE = SOURCE_DIR / "sources.csv"
KNOWN_EXCEPTIONS_FILE = DATA_DIR / "known_exceptions.csv"
DATAPACKAGE_FILE = DATA_DIR / "datapackage.json"
DATA_README_FILE = DATA_DIR / "README.md"
#: The English edition of the data dictionary (``data/README.md`` is the Vietnamese one).
DATA_README_EN_FILE = DATA_DIR / "README.en.md"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
PACK_DIR = PROJECT_DIR / "pack"
#: Results worth keeping between sessions but never committed (``build/`` is ignored by git).
CACHE_DIR = PROJECT_DIR / "build" / "cache"


def table_path(name: str) -> Path:
    """Return the CSV path of the data table ``name``."""
    return DATA_DIR / f"{name}.csv"
