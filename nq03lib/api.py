"""The public data API: load a table with every check, load all, validate, describe, search, audit.

``load(name)`` = :func:`nq03lib.data.parse.parse_table` (the file read strictly,
cell by cell, each figure tied to its place in its quote) plus the checks that
need other tables or the audit: lost figures, rows and units, restatements, and
every arithmetic relation that reads the table (:mod:`nq03lib.audit`). This
module sits above ``data`` and ``audit``; nothing in either imports it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from nq03lib import audit as audit_module
from nq03lib import paths
from nq03lib.audit import audit
from nq03lib.data import schema as metadata
from nq03lib.data.csvcheck import DataError
from nq03lib.data.parse import (
    _check_restatements,
    _check_unit_mentions,
    _find_coverage_problems,
    _Problem,
    cached,
    file_stamp,
    parse_table,
    stamp_data,
)
from nq03lib.data.source import fold, load_report, read_sources, source_record
from nq03lib.text import LANGS, check_lang, did_you_mean, pick

__all__ = ["DataError", "audit", "describe", "list_tables", "load", "load_all", "search", "validate"]


def _find_problems(frames: dict[str, pd.DataFrame]) -> list[_Problem]:
    """List every problem found across tables: lost figures, rows and units, and the audit."""
    problems = _check_restatements(frames) + _find_coverage_problems(frames) + _check_unit_mentions(frames)
    for concerned, exc in audit_module.list_failures(frames):
        problems.append(_Problem(concerned, lambda first, exc=exc: str(exc)))
    return problems


_DATASET: dict[tuple, list] = {}


def _find_problems_with(name: str, frame: pd.DataFrame, path: Path) -> list[_Problem] | None:
    """Return the cross-table problems with ``frame`` as table ``name``; None if another table is broken."""
    frames = {}
    for table in metadata.TABLES:
        if table == name:
            frames[table] = frame
            continue
        try:
            frames[table] = parse_table(table)
        except DataError:
            return None  # another file is broken: its own load reports it, validate reports everything
    if Path(path) != paths.table_path(name):
        return _find_problems(frames)
    return _find_data_problems(frames)


def _find_data_problems(frames: dict[str, pd.DataFrame]) -> list[_Problem]:
    """Return :func:`_find_problems` of the tables of ``data/`` as they are, once per state of the files.

    :func:`load` and :func:`validate` both ask; the audit behind the answer runs once.
    """
    stamp = stamp_data()
    if stamp not in _DATASET:
        _DATASET.clear()
        _DATASET[stamp] = _find_problems(frames)
    return _DATASET[stamp]


# --- loading ------------------------------------------------------------------------------------------


def load(name: str, *, path: Path | None = None, source: str | None = None) -> pd.DataFrame:
    """Load a data table as a typed DataFrame, validated on the way in.

    Parameters
    ----------
    name : str
        Table name, e.g. ``"ratings_organisations"``; see :func:`list_tables`.
    path : Path, optional
        Read another file with the same schema (for checking a draft): it is
        checked as if it replaced ``data/<name>.csv``.
    source : str, optional
        Only the rows of this source document (a ``source_id`` of
        ``data/source/sources.csv``); the whole table is checked all the same.
        Default: the rows of every source.

    Returns
    -------
    pandas.DataFrame
        Ordered categoricals for periods and categories, nullable ``Int64`` for
        counts and ``Float64`` for percentages, plus the provenance columns
        ``source_id``, ``location`` and ``quote``.

    Raises
    ------
    DataError
        If a cell, a quote, the source text, a lost row or one of the table's
        own relations is wrong; the message names file, line and column.

    """
    if name not in metadata.TABLES:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(metadata.TABLES)}")
    if source is not None:
        source_record(source)  # an unknown source raises, naming the known ones
        return _select_source(load(name, path=path), source)
    path = Path(path) if path is not None else paths.table_path(name)

    def compute() -> pd.DataFrame:
        frame = parse_table(name, path)
        if Path(path) == paths.table_path(name) and _known_valid():
            return frame  # every check of the whole of data/ passed: this table's among them
        problems = _find_problems_with(name, frame, path)
        if problems is None:
            audit_module.raise_for_failures({name: frame}, tables={name})
        else:
            for problem in problems:
                if name in problem.tables:
                    raise problem.error(name)
        return frame

    stamp = (file_stamp(path), *stamp_data())
    return cached(("load", name, str(path)), stamp, compute)


def validate() -> list[DataError]:
    """Check everything in ``data/`` that can be checked without the test suite.

    The source list and texts (SHA-256, encoding, structure), the known
    exceptions, every table cell by cell and against its quotes, every printed
    figure stored and restated rows present, every relation of the audit, and
    that ``data/README.md`` and ``data/datapackage.json`` are current.

    Returns
    -------
    list of DataError
        Every problem found (at most one per file for file-level problems);
        empty when the data are sound.

    """
    errors: list[DataError] = []
    try:
        sources = read_sources()
    except DataError as exc:
        return [exc]
    for record in sources:
        try:
            load_report(record["source_id"])
        except DataError as exc:
            errors.append(exc)
    try:
        audit_module.read_known_exceptions()
    except DataError as exc:
        errors.append(exc)
    frames = {}
    for name in metadata.TABLES:
        try:
            frames[name] = parse_table(name)
        except DataError as exc:
            errors.append(exc)
    if errors:
        return errors
    errors += [p.error() for p in _find_data_problems(frames)]
    if not errors:
        errors += _check_docs()
    return errors


def _check_docs() -> list[DataError]:
    import json

    from nq03lib.data import docs

    out = []
    known = {paths.table_path(n).name for n in metadata.TABLES} | {paths.KNOWN_EXCEPTIONS_FILE.name}
    for extra in sorted(paths.DATA_DIR.glob("*.csv")):
        if extra.name not in known and not extra.name.startswith(("~$", ".")):
            out.append(
                DataError(
                    f"{extra}: not a file nq03lib reads (a copy, or a renamed table?); expected only the "
                    f"tables' files ({', '.join(sorted(known))}) in {paths.DATA_DIR}"
                )
            )
    readmes = {lang: docs.get_readme_path(lang) for lang in LANGS}
    for path in (paths.DATAPACKAGE_FILE, *readmes.values()):
        if not path.is_file():
            out.append(
                DataError(f"{path}: file not found; expected the generated file: run python -m nq03lib docs")
            )
    if out:
        return out
    try:
        on_disk = json.loads(paths.DATAPACKAGE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        on_disk = exc
    if on_disk != docs.build_datapackage():
        out.append(
            DataError(
                f"{paths.DATAPACKAGE_FILE}: not what nq03lib.data.schema and sources.csv give (edited by "
                "hand, or not regenerated); expected the generated file: run python -m nq03lib docs"
            )
        )
    for lang, path in readmes.items():
        try:
            readme = path.read_text(encoding="utf-8")
        except (OSError, ValueError):
            readme = None
        if readme != docs.build_readme(lang):
            out.append(
                DataError(
                    f"{path}: not what nq03lib.data.schema and known_exceptions.csv give (edited by hand, or "
                    "not regenerated); expected the generated file: run python -m nq03lib docs"
                )
            )
    return out


_VALIDATED: dict[tuple, list[DataError]] = {}

#: Keep a mark in ``build/cache/`` when :func:`validate` finds nothing, named by a hash of every
#: file of ``data/``, of nq03lib's code and of the versions that read them; a process that finds
#: the mark (the next notebook's kernel) skips the checks. Off in the test suite's own process,
#: whose tests change code at run time, which the hash cannot see (``tests/conftest.py``).
REMEMBER_VALID = True
#: The package's code that a validation depends on: all of it.
VALIDATION_CODE = (".",)


def _validation_mark(stamp: tuple) -> Path:
    """Return the mark that says ``data/`` as it is (``stamp``) passed :func:`validate` with this code."""
    import platform

    hit = _MARK.get(stamp)
    if hit is None:
        from nq03lib.files import hash_inputs

        versions = f"{platform.python_version()} pandas {pd.__version__}"
        hit = paths.CACHE_DIR / f"valid-{hash_inputs(*VALIDATION_CODE, extra=versions)}.txt"
        _MARK.clear()
        _MARK[stamp] = hit
    return hit


_MARK: dict[tuple, Path] = {}


def _stamp_validated_files() -> tuple:
    """Return the stamps of every file :func:`validate` reads, and the list of CSV files in ``data/``."""
    from nq03lib.data import docs

    return (
        *stamp_data(),
        file_stamp(paths.DATAPACKAGE_FILE),
        *(file_stamp(docs.get_readme_path(lang)) for lang in LANGS),
        tuple(sorted(str(p) for p in paths.DATA_DIR.glob("*.csv"))),
    )


def _validate_once() -> list[DataError]:
    """Return what :func:`validate` finds, checked again only when a file it reads has changed.

    The notebooks and the charts load every table many times in one process
    (each chart's data is computed from :func:`load_all`); the files are
    checked once per state of ``data/``, and once per state of ``data/`` and
    of the code across processes (:data:`REMEMBER_VALID`).
    """
    stamp = _stamp_validated_files()
    if stamp not in _VALIDATED:
        _VALIDATED.clear()
        if REMEMBER_VALID and _validation_mark(stamp).is_file():
            _VALIDATED[stamp] = []
        else:
            _VALIDATED[stamp] = validate()
            if REMEMBER_VALID and not _VALIDATED[stamp]:
                from nq03lib.files import keep_in_cache

                mark = _validation_mark(stamp)
                keep_in_cache(mark, "validate() found nothing for these files and code\n")
                for stale in mark.parent.glob("valid-*"):  # the values kept for older states
                    if stale.is_dir() and stale != mark.with_suffix(""):
                        shutil.rmtree(stale, ignore_errors=True)
    return _VALIDATED[stamp]


def _known_valid() -> bool:
    """Tell whether ``data/`` as it is passed :func:`validate` (here, or in another process with this code)."""
    return REMEMBER_VALID and not _validate_once()


def recall(name: str, compute):
    """Return ``compute()``, kept on disk beside the validation mark for the next process.

    For results that follow from ``data/`` and the code alone (a chart's
    table): while ``data/`` is known valid (:func:`_known_valid`) the value is
    kept as ``build/cache/valid-<hash>/<name>.pickle``; the hash changes with
    any file of ``data/`` or of nq03lib, so a kept value is never stale. Not
    kept when :data:`REMEMBER_VALID` is off or the folder cannot be written.
    """
    import pickle

    if not _known_valid():
        return compute()
    folder = _validation_mark(_stamp_validated_files()).with_suffix("")
    path = folder / f"{name}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass
    value = compute()
    try:
        from nq03lib.files import write_bytes_atomic

        folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
    return value


def _select_source(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Return the rows of ``frame`` from one source document, numbered from 0."""
    return frame[frame["source_id"] == source].reset_index(drop=True)


def load_all(source: str | None = None) -> dict[str, pd.DataFrame]:
    """Load every table and check everything :func:`validate` checks.

    Parameters
    ----------
    source : str, optional
        Only the rows of this source document (a ``source_id`` of
        ``data/source/sources.csv``); everything is checked all the same.
        Default: the rows of every source.

    Raises
    ------
    DataError
        The first problem found (the message says how many more there are).

    """
    errors = _validate_once()
    if errors:
        more = (
            f"\n(and {len(errors) - 1} more problem(s): run python -m nq03lib validate)"
            if len(errors) > 1
            else ""
        )
        raise DataError(f"{errors[0]}{more}")
    if source is not None:
        source_record(source)
        return {name: _select_source(parse_table(name), source) for name in metadata.TABLES}
    return {name: parse_table(name) for name in metadata.TABLES}


def list_tables(lang: str = "vi") -> pd.DataFrame:
    """List the tables with their title, one-line description and report section.

    Parameters
    ----------
    lang : {"vi", "en"}
        Language of the titles and descriptions: Vietnamese (the default) or
        English.

    Returns
    -------
    pandas.DataFrame
        One row per table, in the order of the data dictionary, with the code
        columns ``table``, ``title``, ``description`` and ``section``. The
        headers stay code names, so that code reading the frame does not depend
        on the language; ``nq.show(frame, lang)`` labels them for people.

    Raises
    ------
    ValueError
        If ``lang`` is neither ``"vi"`` nor ``"en"``.

    """
    lang = check_lang(lang)
    rows = [
        {
            "table": n,
            "title": pick(m["title"], lang),
            "description": pick(m["description"], lang),
            "section": m["section"],
        }
        for n, m in metadata.TABLES.items()
    ]
    return pd.DataFrame(rows).astype("string")


def describe(name: str, lang: str = "vi") -> pd.DataFrame:
    """Describe a table's columns: type, unit, key, allowed values and description.

    Parameters
    ----------
    name : str
        Table name, e.g. ``"membership"``; see :func:`list_tables`.
    lang : {"vi", "en"}
        Language of the units and descriptions: Vietnamese (the default) or
        English.

    Returns
    -------
    pandas.DataFrame
        One row per column of the CSV file, in file order, with the code columns
        ``column``, ``type``, ``unit``, ``key``, ``allowed`` and ``description``.
        The headers, the ``type`` codes (``category``, ``integer`` …) and the
        ``key`` marker (``yes``) stay codes, so that code reading the frame does
        not depend on the language; ``nq.show(frame, lang)`` labels them for
        people. ``allowed`` lists category codes (their labels are in the data
        dictionary) or a range.

    Raises
    ------
    KeyError
        If there is no table ``name``; the message suggests the closest name.
    ValueError
        If ``lang`` is neither ``"vi"`` nor ``"en"``.

    """
    lang = check_lang(lang)
    if name not in metadata.TABLES:
        raise KeyError(
            f"unknown table {name!r}{did_you_mean(name, list(metadata.TABLES))}; "
            f"known tables: {', '.join(metadata.TABLES)}"
        )
    meta = metadata.TABLES[name]
    rows = []
    for col, m in meta["columns"].items():
        allowed = ""
        if m["type"] == "category":
            allowed = ", ".join(metadata.CATEGORIES[m["categories"]])
        elif "min" in m or "max" in m:
            allowed = f"{m.get('min', '')}–{m.get('max', '')}"
        rows.append(
            {
                "column": col,
                "type": m["type"],
                "unit": pick(metadata.UNIT_LABELS[m["unit"]], lang) if m.get("unit") else "",
                "key": "yes" if col in meta["key"] else "",
                "allowed": allowed,
                "description": pick(m["description"], lang),
            }
        )
    return pd.DataFrame(rows).astype("string")


def _figure_label(table: str, row: pd.Series) -> str:
    parts = []
    for col, m in metadata.TABLES[table]["columns"].items():
        if m["type"] == "category" and pd.notna(row[col]):
            parts.append(metadata.label(m["categories"], row[col]))
        elif col == "organisation" and pd.notna(row[col]):
            parts.append(str(row[col]))
    return " · ".join(parts)


def search(query: str, tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Find figures whose labels or quote contain every word of ``query``.

    The match ignores case and diacritics: ``"dang vien nu"`` finds
    ``đảng viên nữ``.

    Parameters
    ----------
    query : str
        Words to look for, with or without diacritics.
    tables : dict, optional
        Preloaded tables (default: load them all).

    Returns
    -------
    pandas.DataFrame
        One row per figure: table, figure label, column, value, location, quote.

    """
    words = fold(query).split()
    if not words:
        raise ValueError("search query is empty; give at least one word, e.g. 'dang vien nu'")
    tables = tables if tables is not None else load_all()
    rows = []
    for name, frame in tables.items():
        figure_cols = metadata.value_columns(name)
        for _, row in frame.iterrows():
            label = _figure_label(name, row)
            haystack = fold(label + " " + str(row["quote"]))
            if not all(w in haystack for w in words):
                continue
            for col in figure_cols or [None]:
                if col is not None and pd.isna(row[col]):
                    continue
                rows.append(
                    {
                        "table": name,
                        "figure": label,
                        "column": col or "",
                        "value": float(row[col]) if col else float("nan"),
                        "location": row["location"],
                        "quote": row["quote"],
                    }
                )
    out = pd.DataFrame(rows, columns=["table", "figure", "column", "value", "location", "quote"])
    return out.astype(
        {
            "table": "string",
            "figure": "string",
            "column": "string",
            "value": "Float64",
            "location": "string",
            "quote": "string",
        }
    )
