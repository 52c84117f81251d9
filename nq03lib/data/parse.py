"""Load the data tables as typed, validated DataFrames.

Every load reads the CSV, checks it cell by cell against the metadata in
:mod:`nq03lib.metadata`, checks each quote against the source report and then
checks the table's own arithmetic relations (:mod:`nq03lib.relations`). Any
problem raises :class:`DataError` naming the file, the line, the column and what
was expected. Loading never writes anything.

Accepted without complaint: a UTF-8 byte-order mark, NFD-decomposed text (it is
normalised to NFC) and CRLF line ends.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from nq03lib import paths
from nq03lib.data import schema as metadata
from nq03lib.data.source import fold, load_report, numbers_in, read_sources, reading_form

_VI_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_VI_DECIMAL = re.compile(r"^-?\d+,\d+$")
_INT_RE = re.compile(r"^-?\d+$")
_NUM_RE = re.compile(r"^-?\d+(\.\d+)?$")


class DataError(ValueError):
    """Raise when a data file does not match its schema or its source.

    The message names the file, the line (1 = header), the column and what was
    expected.
    """


def _where(path: Path, line: int | None = None, column: str | None = None) -> str:
    out = str(path)
    if line is not None:
        out += f", line {line}"
    if column is not None:
        out += f", column '{column}'"
    return out


def _dtype(meta: dict) -> object:
    kind = meta["type"]
    if kind == "category":
        return pd.CategoricalDtype(list(metadata.CATEGORIES[meta["categories"]]), ordered=True)
    return {"integer": "Int64", "number": "Float64", "string": "string"}[kind]


def _parse_cell(raw: str, meta: dict, path: Path, line: int, column: str) -> object:
    """Convert one cell or raise a DataError saying what was expected."""
    where = _where(path, line, column)
    value = raw.strip()
    if value == "":
        if meta.get("required", True):
            raise DataError(f"{where}: empty cell; expected a value ({meta['description']})")
        return None
    kind = meta["type"]
    if kind in ("integer", "number"):
        if _VI_THOUSANDS.match(value) or _VI_DECIMAL.match(value):
            plain = value.replace(".", "").replace(",", ".")
            raise DataError(
                f"{where}: {value!r} is written the Vietnamese way (dot for thousands, comma for "
                f"decimals); data files use plain numbers: write {plain}"
            )
        if kind == "integer" and not _INT_RE.match(value):
            raise DataError(f"{where}: {value!r} is not a whole number; expected an integer count")
        if kind == "number" and not _NUM_RE.match(value):
            raise DataError(f"{where}: {value!r} is not a number; expected e.g. 15.34")
        try:
            number = int(value) if kind == "integer" else float(Decimal(value))
        except (ValueError, InvalidOperation):  # pragma: no cover - regex guards this
            raise DataError(f"{where}: {value!r} is not a number") from None
        low, high = meta.get("min"), meta.get("max")
        if low is not None and number < low:
            what = "a count" if kind == "integer" else "a value"
            raise DataError(f"{where}: {value} is below {low}; expected {what} ≥ {low}")
        if high is not None and number > high:
            raise DataError(
                f"{where}: {value} is above {high}; expected a value ≤ {high} ({meta.get('unit', '')})"
            )
        return number
    if kind == "category":
        codes = metadata.CATEGORIES[meta["categories"]]
        if value not in codes:
            raise DataError(f"{where}: unknown value {value!r}; expected one of: {', '.join(codes)}")
        return value
    return value


def read_csv_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read a CSV file as its header and ``(line number, cells)`` pairs.

    Accepts a UTF-8 byte-order mark, CRLF line ends and NFD text (normalised
    to NFC). Raises :class:`DataError` for a missing, empty or non-UTF-8 file.
    """
    if not path.exists():
        raise DataError(f"{path}: file not found")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise DataError(f"{path}: file is empty; expected a header line and data rows")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        rows.append((reader.line_num, cells))
    return header, rows


def _check_header(path: Path, header: list[str], expected: list[str]) -> None:
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected column(s) {', '.join(extra)}")
        raise DataError(f"{_where(path, 1)}: {'; '.join(parts)}; expected the columns {', '.join(expected)}")


def _check_quote(path: Path, line: int, row: dict, table: str) -> None:
    source_ids = {r["source_id"] for r in read_sources()}
    if row["source_id"] not in source_ids:
        raise DataError(
            f"{_where(path, line, 'source_id')}: unknown source {row['source_id']!r}; "
            f"expected one of {', '.join(sorted(source_ids))} (data/source/sources.csv)"
        )
    report = load_report(row["source_id"])
    try:
        text = report.text_at(row["location"])
    except KeyError:
        raise DataError(
            f"{_where(path, line, 'location')}: unknown location {row['location']!r}; expected a "
            f"section ({', '.join(report.sections)}) or a footnote fn1…fn{len(report.footnotes)}"
        ) from None
    quote = reading_form(row["quote"])
    if not quote:
        raise DataError(f"{_where(path, line, 'quote')}: empty quote; expected the source's words")
    if quote not in text:
        raise DataError(
            f"{_where(path, line, 'quote')}: quote not found in {row['source_id']} at "
            f"{row['location']}: {quote!r}"
        )
    printed = {value for _, value in numbers_in(quote)}
    for column in metadata.value_columns(table):
        value = row.get(column)
        if value is None:
            continue
        if Decimal(str(value)) not in printed:
            raise DataError(
                f"{_where(path, line, column)}: value {value} is not printed in the row's quote "
                f"{quote!r}; expected the quote to contain it in Vietnamese notation"
            )


def _check_restatement(path: Path, line: int, row: dict) -> None:
    table, column = row["table"], row["column"]
    if table not in metadata.TABLES or table == "restatements":
        raise DataError(f"{_where(path, line, 'table')}: unknown table {table!r}")
    if column not in metadata.value_columns(table):
        raise DataError(f"{_where(path, line, 'column')}: {column!r} is not a figure column of {table}")


_CACHE: dict[tuple, tuple[tuple, pd.DataFrame]] = {}


def file_stamp(path: Path) -> tuple:
    """Return ``(path, mtime_ns, size)`` of a file, or ``(path, None, None)`` if it is missing."""
    try:
        st = Path(path).stat()
    except FileNotFoundError:
        return (str(path), None, None)
    return (str(Path(path).resolve()), st.st_mtime_ns, st.st_size)


def cached(key: tuple, stamp: tuple, compute) -> pd.DataFrame:
    """Return a copy of a cached frame, recomputing it when ``stamp`` (file stamps) changed.

    Notebooks and the pack load the same tables many times in one process; the
    files are re-read only when they change, and callers get their own copy.
    """
    hit = _CACHE.get(key)
    if hit is None or hit[0] != stamp:
        hit = (stamp, compute())
        _CACHE[key] = hit
    return hit[1].copy(deep=True)


def parse_table(name: str, path: Path | None = None) -> pd.DataFrame:
    """Read and check one table's CSV without its cross-row relations (cached by file stamp)."""
    if name not in metadata.TABLES:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(metadata.TABLES)}")
    path = Path(path) if path is not None else paths.table_path(name)
    return cached(("parse", name, str(path)), file_stamp(path), lambda: _parse_table(name, path))


def _parse_table(name: str, path: Path | None = None) -> pd.DataFrame:
    """Read and check one table's CSV without its cross-row relations.

    Parameters
    ----------
    name : str
        Table name (see :func:`list_tables`).
    path : Path, optional
        Read this file instead of ``data/<name>.csv`` (used by tests and for
        checking a draft file before it replaces the real one).

    Returns
    -------
    pandas.DataFrame
        Typed frame; the attribute ``attrs["lines"]`` maps each row to its
        line in the file.

    """
    if name not in metadata.TABLES:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(metadata.TABLES)}")
    meta = metadata.TABLES[name]
    path = Path(path) if path is not None else paths.table_path(name)
    header, raw_rows = read_csv_rows(path)
    columns = list(meta["columns"])
    _check_header(path, header, columns)
    if not raw_rows:
        raise DataError(f"{path}: no data rows after the header; expected at least one row")
    index = {c: header.index(c) for c in columns}
    records, lines, seen = [], [], {}
    for line, cells in raw_rows:
        if len(cells) != len(header):
            raise DataError(
                f"{_where(path, line)}: {len(cells)} cells; expected {len(header)} "
                f"(one per column: {', '.join(header)})"
            )
        row = {c: _parse_cell(cells[index[c]], meta["columns"][c], path, line, c) for c in columns}
        key = tuple(row[k] for k in meta["key"])
        if key in seen:
            raise DataError(
                f"{_where(path, line)}: duplicated key {dict(zip(meta['key'], key))}; "
                f"the same key is on line {seen[key]}; expected one row per key"
            )
        seen[key] = line
        _check_quote(path, line, row, name)
        if name == "restatements":
            _check_restatement(path, line, row)
        records.append(row)
        lines.append(line)
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame = frame.astype({c: _dtype(m) for c, m in meta["columns"].items()})
    frame.attrs["table"] = name
    frame.attrs["path"] = str(path)
    frame.attrs["lines"] = lines
    return frame


def load(name: str, *, path: Path | None = None) -> pd.DataFrame:
    """Load a data table as a typed DataFrame, validated on the way in.

    Parameters
    ----------
    name : str
        Table name, e.g. ``"ratings_organisations"``; see :func:`list_tables`.
    path : Path, optional
        Read another file with the same schema (for checking a draft).

    Returns
    -------
    pandas.DataFrame
        Ordered categoricals for periods and categories, nullable ``Int64`` for
        counts and ``Float64`` for percentages, plus the provenance columns
        ``source_id``, ``location`` and ``quote``.

    Raises
    ------
    DataError
        If a cell, a quote or one of the table's own relations is wrong; the
        message names file, line and column.

    """
    from nq03lib import audit as relations

    path = Path(path) if path is not None else paths.table_path(name)

    def compute() -> pd.DataFrame:
        frame = parse_table(name, path)
        relations.raise_for_failures({name: frame}, tables={name})
        return frame

    stamp = (file_stamp(path), file_stamp(paths.KNOWN_EXCEPTIONS_FILE))
    return cached(("load", name, str(path)), stamp, compute)


def load_all() -> dict[str, pd.DataFrame]:
    """Load every table and check the relations between tables too."""
    from nq03lib import audit as relations

    frames = {name: parse_table(name) for name in metadata.TABLES}
    relations.raise_for_failures(frames)
    return frames


def list_tables() -> pd.DataFrame:
    """List the tables with their title, one-line description and report section."""
    rows = [
        {"table": n, "title": m["title"], "description": m["description"], "section": m["section"]}
        for n, m in metadata.TABLES.items()
    ]
    return pd.DataFrame(rows).astype("string")


def describe(name: str) -> pd.DataFrame:
    """Describe a table's columns: type, unit, allowed values and description."""
    if name not in metadata.TABLES:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(metadata.TABLES)}")
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
                "unit": m.get("unit", ""),
                "key": "yes" if col in meta["key"] else "",
                "allowed": allowed,
                "description": m["description"],
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
