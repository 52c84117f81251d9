"""Load the data tables as typed, validated DataFrames.

Every load reads the CSV strictly (:mod:`nq03lib.data.csvcheck`), checks it cell by
cell against the metadata in :mod:`nq03lib.data.schema`, checks each row against
the source report (the text file's SHA-256, the quote at its location, each
figure beside its own words in the quote, the codes the quote fixes), checks
that no row the report prints was lost, and then checks the table's own
arithmetic relations (:mod:`nq03lib.audit`). Any problem raises
:class:`DataError` naming the file, the line, the column and what was expected.
Loading never writes anything.

Accepted without complaint: a UTF-8 byte-order mark, NFD-decomposed text (it is
normalised to NFC), CRLF line ends and columns in any order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pandas as pd

from nq03lib import paths
from nq03lib.data import schema as metadata
from nq03lib.data.csvcheck import DataError, Lines, file_stamp, locate, read_records
from nq03lib.data.csvcheck import read_csv as _read_csv
from nq03lib.data.source import (
    claim_figures,
    find_labels,
    list_figures,
    load_report,
    numbers_in,
    read_sources,
    reading_form,
)
from nq03lib.text import format_exact

__all__ = ["DataError", "cached", "file_stamp", "parse_table", "stamp_data"]


def _dtype(meta: dict) -> object:
    kind = meta["type"]
    if kind == "category":
        return pd.CategoricalDtype(list(metadata.CATEGORIES[meta["categories"]]), ordered=True)
    return {"integer": "Int64", "number": "Float64", "string": "string"}[kind]


def read_csv_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read a CSV file as its header and ``(line number, cells)`` pairs.

    Accepts a UTF-8 byte-order mark, CRLF line ends and NFD text (normalised
    to NFC). Raises :class:`DataError` for a missing, empty, non-UTF-8 or
    malformed file (see :func:`nq03lib.data.csvcheck.read_csv`).
    """
    return _read_csv(Path(path))


def _write_plain(value: object) -> str:
    d = Decimal(str(value))
    return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")


# --- checks of one row against its quote ---------------------------------------------------------


class _Reports:
    """Fetch source reports once per table parse."""

    def __init__(self) -> None:
        self._reports: dict = {}
        self._ids: set[str] | None = None

    def ids(self) -> set[str]:
        if self._ids is None:
            self._ids = {r["source_id"] for r in read_sources()}
        return self._ids

    def get(self, source_id: str):
        if source_id not in self._reports:
            self._reports[source_id] = load_report(source_id)
        return self._reports[source_id]

    def figures(self, source_id: str, location: str) -> list:
        key = (source_id, location)
        if key not in self._reports:
            self._reports[key] = list_figures(self.get(source_id).text_at(location))
        return self._reports[key]


def _check_quote(path: Path, line: int, row: dict, table: str, reports: _Reports | None = None) -> None:
    """Check a row's source, location and quote, and the codes and names the quote fixes."""
    reports = reports or _Reports()
    source_ids = reports.ids()
    if row["source_id"] not in source_ids:
        import difflib

        close = difflib.get_close_matches(row["source_id"].lower(), sorted(source_ids), n=1, cutoff=0.75)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise DataError(
            f"{locate(path, line, 'source_id')}: unknown source {row['source_id']!r}{hint}; "
            f"expected one of {', '.join(sorted(source_ids))} (data/source/sources.csv)"
        )
    report = reports.get(row["source_id"])
    try:
        text = report.text_at(row["location"])
    except KeyError:
        raise DataError(
            f"{locate(path, line, 'location')}: unknown location {row['location']!r}; expected a "
            f"section ({', '.join(report.sections)}) or a footnote fn1…fn{len(report.footnotes)}"
        ) from None
    quote = reading_form(row["quote"])
    if not quote:
        raise DataError(f"{locate(path, line, 'quote')}: empty quote; expected the source's words")
    if quote not in text:
        raise DataError(
            f"{locate(path, line, 'quote')}: quote not found in {row['source_id']} at "
            f"{row['location']}: {quote!r}; expected the report's words at that location, verbatim"
        )
    printed = {v for _, v in numbers_in(quote)}
    for column in metadata.value_columns(table):
        value = row.get(column)
        if value is None or Decimal(str(value)) in printed:
            continue
        near = [v for v in printed if abs(float(v) - float(value)) < 1e-6 * max(1.0, abs(float(value)))]
        if near:
            raise DataError(
                f"{locate(path, line, column)}: {_write_plain(value)} has spurious digits (a spreadsheet's rounding); "
                f"expected the figure as the quote prints it: write {_write_plain(near[0])}"
            )
        raise DataError(
            f"{locate(path, line, column)}: value {_write_plain(value)} is not printed in the row's "
            f"quote {quote!r}; expected the quote to contain it in Vietnamese notation "
            f"({format_exact(value)})"
        )
    _check_codes(path, line, row, table, quote)


def _check_codes(path: Path, line: int, row: dict, table: str, quote: str) -> None:
    """Check the text cells the quote or the schema fixes (see ``metadata.QUOTE_CHECKS``).

    What the quote says is checked first (names, years, words), then what the
    schema fixes (codes that go together), so that the advice points at the
    cell that was changed.
    """
    checks = metadata.QUOTE_CHECKS.get(table, {})
    columns = metadata.TABLES[table]["columns"]
    for column in checks.get("in_quote", []):
        value = row[column]
        if value is not None and reading_form(str(value)) not in quote:
            raise DataError(
                f"{locate(path, line, column)}: {value!r} is not in the row's quote {quote!r}; "
                f"expected the name exactly as the quote prints it"
            )
    for column, meta in columns.items():
        code = row[column]
        if meta["type"] != "category" or code is None:
            continue
        if meta["categories"] == "area":
            _check_unit_named(path, line, column, code, quote, checks.get("units_named"))
        if meta["categories"] == "period" and re.fullmatch(r"\d{4}", code):
            years = set(re.findall(r"(?<!\d)(20\d\d)(?!\d)", quote))
            if years and code not in years:
                raise DataError(
                    f"{locate(path, line, column)}: {code!r} is not a year the quote prints "
                    f"({', '.join(sorted(years))}); expected {' or '.join(sorted(years))}"
                )
    for cue in checks.get("cues", []):
        if cue["side"] != "in_quote":
            continue
        column, code = cue["column"], row[cue["column"]]
        spans = find_labels(quote, cue["labels"])
        present = [c for c, found in spans.items() if found]
        if code in present:
            continue
        if present:
            said = ", ".join(f"'{cue['labels'][c][0]}' ({c})" for c in present)
            raise DataError(
                f"{locate(path, line, column)}: the quote says {said}, not the words of {code!r}"
                f"{_quote_words(cue['labels'].get(code))}; expected {' or '.join(present)}"
            )
        if cue.get("strict", True) and code in cue["labels"]:
            raise DataError(
                f"{locate(path, line, column)}: the quote does not say the words of {code!r}"
                f"{_quote_words(cue['labels'][code])}; expected a {column} that the quote names, or the "
                f"quote of this {column}"
            )
    for column, rule in checks.get("depends", {}).items():
        if rule.get("source") not in (None, row["source_id"]):
            continue
        if "on" in rule:
            allowed = rule["allowed"].get(str(row[rule["on"]]))
            context = f" with {rule['on']} {row[rule['on']]!r}"
        else:
            allowed, context = rule["allowed"], f" in {row['source_id']}"
        if allowed is not None and row[column] not in allowed:
            why = f" ({rule['why']})" if rule.get("why") else ""
            raise DataError(
                f"{locate(path, line, column)}: {row[column]!r} does not go{context}; "
                f"expected {' or '.join(allowed)}{why}"
            )
    for column, rule in checks.get("required_if", {}).items():
        if row[column] is None and row[rule["on"]] in rule["codes"]:
            raise DataError(
                f"{locate(path, line, column)}: empty; expected the {column} the quote names, as "
                f"printed (every row with {rule['on']} {row[rule['on']]!r} names one)"
            )


def _quote_words(labels: list[str] | None) -> str:
    return f" ({' / '.join(repr(w) for w in labels)})" if labels else ""


def _check_unit_named(path, line, column, code, quote, mode) -> None:
    named = [u for u, info in metadata.UNITS.items() if any(name in quote for name in info["printed"])]
    if code in named:
        return
    if mode == "always" and code in metadata.UNITS:
        printed = " or ".join(repr(p) for p in metadata.UNITS[code]["printed"])
        raise DataError(
            f"{locate(path, line, column)}: the quote does not name {code!r} ({printed}); expected "
            + (f"{' or '.join(named)} (the units it names)" if named else "a quote that names the unit")
        )
    if named:
        labels = ", ".join(f"{metadata.UNITS[u]['printed'][0]} ({u})" for u in named)
        raise DataError(
            f"{locate(path, line, column)}: the quote names {labels}, not {code!r}; expected "
            f"{' or '.join(named)}"
        )


# --- each figure beside its own words -------------------------------------------------------------


def _check_shared(path: Path, table: str, records: list[dict], lines: list[int]) -> None:
    """Refuse rows that share a quote but differ in a key the quote does not tell apart."""
    if table == "restatements":
        return
    checks = metadata.QUOTE_CHECKS.get(table, {})
    cued = {c["column"] for c in checks.get("cues", []) if c["side"] in ("before", "after")}
    columns = metadata.TABLES[table]["columns"]
    keys = [
        c
        for c in metadata.TABLES[table]["key"]
        if columns[c]["type"] == "category" and columns[c]["categories"] != "area" and c not in cued
    ]
    first: dict[tuple, int] = {}
    for i, row in enumerate(records):
        group = (row["source_id"], row["location"], reading_form(row["quote"]))
        if group not in first:
            first[group] = i
            continue
        other = records[first[group]]
        for column in keys:
            if row[column] != other[column]:
                raise DataError(
                    f"{locate(path, lines[i], column)}: {row[column]!r}, but line {lines[first[group]]}, "
                    f"which has the same quote, has {other[column]!r}; expected the same {column} for rows "
                    f"of one quote (the quote does not tell them apart by {column})"
                )


def _check_figures(path: Path, table: str, records: list[dict], lines: list[int], reports: _Reports) -> None:
    """Tie every figure to its own place in its quote (see ``metadata.QUOTE_CHECKS``).

    Rows sharing one quote must each store the figure that stands beside their
    own words (a rating label, a form of discipline, a unit kind …); a row with
    several figures stores each beside its own cue (a share after "chiếm", a
    numerator before "/"); an empty cell whose figure the quote prints is
    refused; and two rows may not store the same printed figure.
    """
    checks = metadata.QUOTE_CHECKS.get(table, {})
    value_columns = metadata.value_columns(table)
    if not value_columns:
        return
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, row in enumerate(records):
        groups[(row["source_id"], row["location"], reading_form(row["quote"]))].append(i)
    taken: dict[tuple, tuple[int, str]] = {}
    key_columns = metadata.TABLES[table]["key"]
    by_key = {tuple(r[k] for k in key_columns): line for r, line in zip(records, lines)}
    for (source_id, location, quote), members in groups.items():
        text = reports.get(source_id).text_at(location)
        offset = text.find(quote)
        figs = [
            (s - offset, e - offset, token, value)
            for s, e, token, value in reports.figures(source_id, location)
            if offset <= s and e <= offset + len(quote)
        ]
        value_claims = {
            c: claim_figures(quote, figs, {c: cue["labels"]}, cue["side"])[c]
            for c, cue in checks.get("value_cues", {}).items()
        }
        cues = []
        for cue in checks.get("cues", []):
            if cue["side"] not in ("before", "after"):
                continue
            if cue.get("scope") == "shared" and len({records[i][cue["column"]] for i in members}) < 2:
                continue
            cues.append((cue, claim_figures(quote, figs, cue["labels"], cue["side"])))
        chosen: dict[tuple[int, str], set[int]] = {}
        for i in members:
            row, line = records[i], lines[i]
            for column in value_columns:
                allowed, reasons = _narrow_positions(row, column, figs, value_claims, cues)
                value = row[column]
                if value is None:
                    continue
                at = {k for k, f in enumerate(figs) if f[3] == Decimal(str(value))}
                if not at:
                    raise DataError(
                        f"{locate(path, line, column)}: value {_write_plain(value)} is not printed in the "
                        f"row's quote {quote!r}; expected the quote to contain it in Vietnamese "
                        f"notation ({format_exact(value)})"
                    )
                ok = at & allowed
                if not ok:
                    raise DataError(
                        _explain_misplaced(
                            path,
                            line,
                            column,
                            row,
                            value,
                            at,
                            allowed,
                            figs,
                            reasons,
                            checks.get("value_cues", {}),
                            lambda other: by_key.get(tuple(other[k] for k in key_columns)),
                        )
                    )
                chosen[(i, column)] = ok
        for i in members:
            row, line = records[i], lines[i]
            for column in value_columns:
                if row[column] is not None or column not in value_claims:
                    continue
                allowed, _ = _narrow_positions(row, column, figs, value_claims, cues)
                used = set().union(*(v for (j, c), v in chosen.items() if c == column and j != i))
                left = (allowed & value_claims[column]) - used
                if left:
                    token = figs[min(left)][2]
                    raise DataError(
                        f"{locate(path, line, column)}: empty, but the row's quote prints {token} as "
                        f"its {column} ({_describe_cue(checks['value_cues'][column])}); expected "
                        f"{_write_plain(figs[min(left)][3])} (was the figure deleted?)"
                    )
        for (i, column), ok in chosen.items():
            if len(ok) != 1:
                continue
            spot = (source_id, location, offset + figs[next(iter(ok))][0])
            if spot in taken:
                other_line, other_column = taken[spot]
                raise DataError(
                    f"{locate(path, lines[i], column)}: {_write_plain(records[i][column])} is the figure "
                    f"printed at {location} that line {other_line}, column '{other_column}' already "
                    f"stores; expected each printed figure in one row only (a pasted or moved row?)"
                )
            taken[spot] = (lines[i], column)


def _describe_cue(cue: dict) -> str:
    words = " or ".join(repr(w) for w in cue["labels"])
    return f"the number {'after' if cue['side'] == 'before' else 'before'} {words}"


def _narrow_positions(row, column, figs, value_claims, cues) -> tuple[set[int], list[dict]]:
    """Return the figure positions a row's column may take, and the cues that narrowed them."""
    allowed = set(range(len(figs)))
    reasons = []
    checks_value = [(None, value_claims)] if column in value_claims else []
    for cue, claims in checks_value + cues:
        if cue is not None and cue.get("values") and column not in cue["values"]:
            continue
        code = column if cue is None else row[cue["column"]]
        own = claims.get(code, set())
        rest = {c: v for c, v in claims.items() if c != code and v}
        allowed = allowed & own if own else allowed - set().union(*rest.values())
        reasons.append({"cue": cue, "code": code, "own": own, "rest": rest})
    return allowed, reasons


def _explain_misplaced(
    path, line, column, row, value, at, allowed, figs, reasons, value_cues, same_as=None
) -> str:
    """Explain why a printed value stands in the wrong place for its row."""
    for reason in reasons:
        cue, code = reason["cue"], reason["code"]
        if cue is None or reason["own"] or code not in cue["labels"]:
            continue
        others = [c for c, spots in reason["rest"].items() if spots & at]
        if others:
            token = figs[min(at)][2]
            said = " or ".join(f"'{cue['labels'][c][0]}' ({c})" for c in others)
            twin = same_as({**row, cue["column"]: others[0]}) if same_as else None
            if twin is not None:
                return (
                    f"{locate(path, line, cue['column'])}: {code!r}, but the quote prints this row's "
                    f"{token} beside {said}, the figure of line {twin}, and has no "
                    f"'{cue['labels'][code][0]}'; expected this row deleted (a pasted copy of line "
                    f"{twin}?) or the quote that prints its own figure"
                )
            return (
                f"{locate(path, line, cue['column'])}: {code!r}, but the quote prints this row's "
                f"{token} beside {said} and has no '{cue['labels'][code][0]}'; expected "
                f"{' or '.join(others)}"
            )
    beside, mine = [], []
    for reason in reasons:
        cue, code, own = reason["cue"], reason["code"], reason["own"]
        for other, spots in reason["rest"].items():
            if spots & at:
                if cue is None:
                    beside.append(f"column {other} ({_describe_cue(value_cues[other])})")
                else:
                    beside.append(f"{cue['column']} {other} ('{cue['labels'][other][0]}')")
        if cue is not None and not own and code in cue["labels"]:
            mine.append(
                f"the quote has no figure beside '{cue['labels'][code][0]}' for its {cue['column']} {code}"
            )
        if own and not own & at:
            figures = ", ".join(figs[k][2] for k in sorted(own))
            if cue is None:
                mine.append(f"this row's {column} is {_describe_cue(value_cues[column])}: {figures}")
            else:
                mine.append(
                    f"this row's {cue['column']} {code} stands beside '{cue['labels'][code][0]}': {figures}"
                )
    expected = sorted({_write_plain(figs[k][3]) for k in allowed}, key=float)
    if any(r["cue"] is not None and not r["own"] and r["code"] in r["cue"]["labels"] for r in reasons):
        expected = []  # the row's own words are not in the quote: its code or its quote is wrong
    text = f"{locate(path, line, column)}: {_write_plain(value)} is printed in the quote"
    if beside:
        text += f", but as the figure of {', '.join(dict.fromkeys(beside))}"
    if mine:
        text += f"; {'; '.join(mine)}"
    if expected:
        text += f"; expected {' or '.join(expected)}"
    else:
        text += "; expected the figure that stands beside this row's words, in a quote that prints them"
    return text + " (a value moved between rows, or between columns, of one quote?)"


# --- restatements ------------------------------------------------------------------------------------


def parse_row_key(table: str, row_key: str) -> dict[str, str]:
    """Parse a restatement's ``row_key`` (``col=value;col=value``) for ``table``.

    Raises
    ------
    ValueError
        Saying what is wrong: a pair without ``=``, a column that is not part of
        the table's key, a missing key column or an unknown code.

    """
    key_columns = [c for c in metadata.TABLES[table]["key"] if c != "source_id"]
    example = ";".join(f"{c}=…" for c in key_columns)
    pairs = {}
    for pair in row_key.split(";"):
        if "=" not in pair:
            raise ValueError(f"{pair!r} is not column=value; expected {example}")
        col, value = (p.strip() for p in pair.split("=", 1))
        if col not in key_columns:
            raise ValueError(f"{col!r} is not a key column of {table}; expected {example}")
        if col in pairs:
            raise ValueError(f"{col!r} is given twice; expected {example}")
        meta = metadata.TABLES[table]["columns"][col]
        if meta["type"] == "category" and value not in metadata.CATEGORIES[meta["categories"]]:
            codes = ", ".join(metadata.CATEGORIES[meta["categories"]])
            raise ValueError(f"unknown {col} {value!r}; expected one of: {codes}")
        pairs[col] = value
    missing = [c for c in key_columns if c not in pairs]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}; expected {example}")
    return pairs


def _check_restatement(path: Path, line: int, row: dict, frames: dict | None = None) -> None:
    table, column = row["table"], row["column"]
    if table not in metadata.TABLES or table == "restatements":
        known = ", ".join(t for t in metadata.TABLES if metadata.value_columns(t))
        raise DataError(f"{locate(path, line, 'table')}: unknown table {table!r}; expected one of: {known}")
    if column not in metadata.value_columns(table):
        raise DataError(
            f"{locate(path, line, 'column')}: {column!r} is not a figure column of {table}; expected "
            f"one of: {', '.join(metadata.value_columns(table))}"
        )
    try:
        key = parse_row_key(table, row["row_key"])
    except ValueError as exc:
        raise DataError(f"{locate(path, line, 'row_key')}: {exc}") from None
    if frames is None or table not in frames:
        return
    frame = frames[table]
    mask = frame["source_id"] == row["source_id"]
    for col, value in key.items():
        mask &= frame[col].astype("string") == value
    found = frame[mask.fillna(False)]
    if len(found) != 1:
        raise DataError(
            f"{locate(path, line, 'row_key')}: no row {row['row_key']} of {row['source_id']} in "
            f"{frame.attrs.get('path', table)}; expected the key of the row whose figure this quote "
            f"prints again (was that row deleted or its key changed?)"
        )
    stored = found.iloc[0]
    value = stored[column]
    if stored["location"] == row["location"]:
        text = load_report(row["source_id"]).text_at(row["location"])
        mine, theirs = reading_form(row["quote"]), reading_form(str(stored["quote"]))
        a, b = text.find(mine), text.find(theirs)
        if a >= 0 and b >= 0 and a < b + len(theirs) and b < a + len(mine):
            raise DataError(
                f"{locate(path, line, 'row_key')}: the row {row['row_key']} of {table} quotes this very "
                f"place; expected the key of a row whose figure is printed elsewhere (a restatement is "
                f"a second printing)"
            )
    if pd.isna(value):
        raise DataError(
            f"{locate(path, line, 'column')}: the row {row['row_key']} of {table} has no {column}; "
            f"expected the column of the figure printed again"
        )
    if Decimal(str(value)) not in {v for _, v in numbers_in(reading_form(row["quote"]))}:
        raise DataError(
            f"{locate(path, line, 'quote')}: the quote does not print {table}.{column} of "
            f"{row['row_key']} ({format_exact(value)}); expected a quote that prints it again"
        )


# --- caching ------------------------------------------------------------------------------------------


_CACHE: dict[tuple, tuple[tuple, pd.DataFrame]] = {}


def stamp_data() -> tuple:
    """Return content stamps of every file under ``data/`` that loading reads."""
    files = [paths.table_path(n) for n in metadata.TABLES]
    files += [paths.KNOWN_EXCEPTIONS_FILE, paths.SOURCES_FILE]
    if paths.SOURCE_DIR.is_dir():
        files += sorted(paths.SOURCE_DIR.glob("*.txt"))
    return tuple(file_stamp(f) for f in files)


def cached(key: tuple, stamp: tuple, compute) -> pd.DataFrame:
    """Return a copy of a cached frame, recomputing it when ``stamp`` (file stamps) changed.

    Notebooks and the pack load the same tables many times in one process; the
    files are re-read only when their content changes, and callers get their own copy.
    """
    hit = _CACHE.get(key)
    if hit is None or hit[0] != stamp:
        hit = (stamp, compute())
        _CACHE[key] = hit
    return hit[1].copy(deep=True)


# --- one table ---------------------------------------------------------------------------------------


def parse_table(name: str, path: Path | None = None) -> pd.DataFrame:
    """Read and check one table's CSV without its cross-row relations (cached by file content)."""
    if name not in metadata.TABLES:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(metadata.TABLES)}")
    path = Path(path) if path is not None else paths.table_path(name)
    stamp = (file_stamp(path), *stamp_data())
    return cached(("parse", name, str(path)), stamp, lambda: _parse_table(name, path))


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
    reports = _Reports()

    def check_row(line: int, row: dict) -> None:
        _check_quote(path, line, row, name, reports)
        if name == "restatements":
            _check_restatement(path, line, row)

    value_columns = metadata.value_columns(name)

    def printed(raw: dict, column: str) -> list | None:
        if column not in value_columns:
            return None
        return [v for _, v in numbers_in(reading_form(raw.get("quote", "")))]

    records, lines = read_records(path, meta, metadata.CATEGORIES, printed, row_check=check_row)
    _check_shared(path, name, records, lines)
    _check_figures(path, name, records, lines, reports)
    columns = list(meta["columns"])
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame = frame.astype({c: _dtype(m) for c, m in meta["columns"].items()})
    frame.attrs["table"] = name
    frame.attrs["path"] = str(path)
    frame.attrs["lines"] = Lines(lines)
    return frame


# --- lost rows: every printed figure stored, every restated row present ----------------------------


def list_declared_locations(table: str) -> list[str]:
    """List the report locations a table's metadata ``section`` names (ranges expanded).

    ``"II.2–II.4, fn2, fn5–fn7"`` gives II.2, II.3, II.4, fn2, fn5, fn6, fn7;
    anchors in parentheses (``"fn10 (II.3)"``) are left out.
    """
    text = re.sub(r"\([^)]*\)", "", metadata.TABLES[table]["section"])
    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if "–" in part:
            start, end = (p.strip() for p in part.split("–", 1))
            m1, m2 = re.fullmatch(r"(\D+?)(\d+)", start), re.fullmatch(r"(\D+?)(\d+)", end)
            if m1 and m2 and m1.group(1) == m2.group(1):
                out += [f"{m1.group(1)}{n}" for n in range(int(m1.group(2)), int(m2.group(2)) + 1)]
                continue
        out.append(part)
    return out


class _Problem:
    """A problem found across tables, attributed to the tables whose load reports it."""

    def __init__(self, tables: set[str], message) -> None:
        self.tables = tables
        self.message = message  # callable: first table -> text

    def error(self, first: str | None = None) -> DataError:
        return DataError(self.message(first))


def _iter_rows(frame: pd.DataFrame):
    lines = frame.attrs.get("lines") or list(range(2, len(frame) + 2))
    for line, (_, row) in zip(lines, frame.iterrows()):
        yield line, row


def _get_path(frames: dict, table: str) -> str:
    return str(frames[table].attrs.get("path", paths.table_path(table)))


def _find_restated_value(frames: dict, row) -> Decimal | None:
    """Return the figure a restatement row prints again, or None if its row cannot be found."""
    table = frames.get(str(row["table"]))
    if table is None:
        return None
    try:
        key = parse_row_key(str(row["table"]), str(row["row_key"]))
    except (ValueError, KeyError):
        return None
    mask = table["source_id"] == row["source_id"]
    for col, value in key.items():
        mask &= table[col].astype("string") == value
    found = table[mask.fillna(False)]
    if len(found) != 1 or pd.isna(found.iloc[0][row["column"]]):
        return None
    return Decimal(str(found.iloc[0][row["column"]]))


def _find_coverage_problems(frames: dict[str, pd.DataFrame]) -> list[_Problem]:
    """Find printings that no row stores, and figures stored more often than printed.

    Each figure printed at a location (numbers that are not data left out) must
    be stored as often as it is printed there: by table rows, or by
    ``restatements`` rows for its second printings.
    """
    problems: list[_Problem] = []
    source_ids = [r["source_id"] for r in read_sources()]
    for source_id in source_ids:
        if not any((f["source_id"] == source_id).any() for f in frames.values()):
            continue  # a source listed before any row names it
        report = load_report(source_id)
        covers: dict[str, dict] = defaultdict(lambda: defaultdict(list))  # location → value → rows
        stores: dict[str, dict] = defaultdict(lambda: defaultdict(list))
        quoted: dict[str, list] = defaultdict(list)
        at: dict[str, set] = defaultdict(set)
        for name, frame in frames.items():
            for line, row in _iter_rows(frame):
                if row["source_id"] != source_id:
                    continue
                location = str(row["location"])
                quote = reading_form(str(row["quote"]))
                quoted[location].append((name, line, quote))
                at[location].add(name)
                if name == "restatements":
                    value = _find_restated_value(frames, row)
                    if value is not None:
                        covers[location][value].append((name, line, quote))
                    continue
                for column in metadata.value_columns(name):
                    if pd.notna(row[column]):
                        value = Decimal(str(row[column]))
                        covers[location][value].append((name, line, quote))
                        stores[location][value].append((name, line, column))
        stored_anywhere = {v for values in stores.values() for v in values}
        for location in report.locations:
            text = report.text_at(location)
            candidates = {t for t in at[location] if metadata.value_columns(t) or t == "restatements"}
            if source_id == source_ids[0]:
                candidates |= {
                    t
                    for t in metadata.TABLES
                    if (metadata.value_columns(t) or t == "restatements")
                    and location in list_declared_locations(t)
                }
            candidates &= set(frames)
            printings: dict[Decimal, list] = defaultdict(list)
            for start, end, token, value in list_figures(text):
                printings[value].append((start, end, token))
            for value, spots in printings.items():
                rows = covers[location].get(value, [])
                if len(rows) >= len(spots):
                    continue
                free = [s for s in spots if not any(_contains(text, q, s[0], s[1]) for _, _, q in rows)]
                start, end, token = (free or spots)[-1]
                holders = [
                    (n, ln)
                    for n, ln, q in quoted[location]
                    if _contains(text, q, start, end) and metadata.value_columns(n) and n != "restatements"
                ]
                likely = {n for n, _ in holders} or candidates
                if value in stored_anywhere and "restatements" in frames:
                    likely = likely | {"restatements"}  # perhaps a second printing
                problems.append(
                    _Problem(
                        likely,
                        _describe_missing(
                            frames,
                            source_id,
                            location,
                            text,
                            (start, end, token),
                            len(spots),
                            rows,
                            holders,
                            likely,
                        ),
                    )
                )
            printed = defaultdict(int)
            for _, value in numbers_in(text):
                printed[value] += 1
            for value, entries in stores[location].items():
                if len(entries) > printed[value]:
                    problems.append(
                        _Problem(
                            {n for n, _, _ in entries},
                            _describe_twice(frames, location, value, entries, printed[value]),
                        )
                    )
    return problems


def _contains(text: str, quote: str, start: int, end: int) -> bool:
    i = text.find(quote)
    while i >= 0:
        if i <= start and end <= i + len(quote):
            return True
        i = text.find(quote, i + 1)
    return False


def _describe_missing(frames, source_id, location, text, spot, printed, rows, holders, candidates):
    start, end, token = spot
    context = text[max(0, start - 70) : end + 50].strip()

    def render(first: str | None) -> str:
        names = sorted(candidates, key=lambda t: (t != first, t))
        files = [_get_path(frames, t) for t in names]
        head = files[0] if files else str(paths.DATA_DIR)
        also = f" (or in {', '.join(files[1:])})" if len(files) > 1 else ""
        if rows:
            stored = _format_lines(frames, [(n, ln) for n, ln, _ in rows])
            what = f"is printed {printed} times there but stored {len(rows)} time(s) ({stored})"
        else:
            what = "is stored in no table"
        by = f"; the quote of {_format_lines(frames, holders)} prints it" if holders else ""
        return (
            f"{head}: {token}, printed in {source_id} at {location} ('…{context}…'), {what}{by}; "
            f"expected a row that stores it here{also}, or a restatements.csv row for a second "
            f"printing (was a row deleted or a figure emptied?)"
        )

    return render


def _format_lines(frames: dict, rows: list[tuple[str, int]]) -> str:
    """Write rows as ``"data/x.csv lines 4, 5; data/y.csv line 2"``."""
    by_table: dict[str, list[int]] = defaultdict(list)
    for name, line in rows:
        by_table[name].append(line)
    return "; ".join(
        f"{_get_path(frames, n)} line{'s' if len(ls) > 1 else ''} {', '.join(map(str, ls))}"
        for n, ls in by_table.items()
    )


def _describe_twice(frames, location, value, entries, printed):
    def render(first: str | None) -> str:
        entries_sorted = sorted(entries, key=lambda e: (e[0] != first, e[0], e[1]))
        name, line, column = entries_sorted[0]
        others = "; ".join(
            f"{_get_path(frames, n)}, line {ln}, column '{c}'" for n, ln, c in entries_sorted[1:]
        )
        return (
            f"{locate(_get_path(frames, name), line, column)}: {format_exact(value)} is stored "
            f"{len(entries)} times at {location} (also {others}) but printed there {printed} "
            f"time(s); expected each printed figure stored once (a pasted row? a second printing "
            f"belongs in restatements.csv)"
        )

    return render


def _check_restatements(frames: dict[str, pd.DataFrame]) -> list[_Problem]:
    """Check that every restatement still finds its row, and that the row is printed elsewhere."""
    restatements = frames.get("restatements")
    if restatements is None:
        return []
    out = []
    rpath = restatements.attrs.get("path", paths.table_path("restatements"))
    for line, row in _iter_rows(restatements):
        if row["table"] not in frames:
            continue
        try:
            _check_restatement(rpath, line, row.to_dict(), {row["table"]: frames[row["table"]]})
        except DataError as exc:
            out.append(_Problem({"restatements", row["table"]}, lambda first, exc=exc: str(exc)))
    return out


def _check_unit_mentions(frames: dict[str, pd.DataFrame]) -> list[_Problem]:
    """Check that every unit named where the report names units has its row in unit_mentions."""
    mentions = frames.get("unit_mentions")
    if mentions is None:
        return []
    rule = metadata.QUOTE_CHECKS["unit_mentions"]
    path = mentions.attrs.get("path", paths.table_path("unit_mentions"))
    out = []
    sources = [r["source_id"] for r in read_sources()]
    for source_id in sources:
        part = [(line, row) for line, row in _iter_rows(mentions) if row["source_id"] == source_id]
        locations = {str(row["location"]) for _, row in part}
        if source_id == sources[0]:
            locations |= set(list_declared_locations("unit_mentions")) - set(rule.get("not_mentions", []))
        if not locations:
            continue
        report = load_report(source_id)
        for location in sorted(locations):
            try:
                text = report.text_at(location)
            except KeyError:
                continue
            listed = {str(row["area"]) for _, row in part if row["location"] == location}
            for unit, info in metadata.UNITS.items():
                name = next((p for p in info["printed"] if p in text), None)
                if name is None or unit in listed:
                    continue
                i = text.find(name)
                context = text[max(0, i - 60) : i + len(name) + 40].strip()
                message = (
                    f"{path}: {location} names {unit} ('…{context}…') but no row of unit_mentions "
                    f"mentions it there; expected a row with area {unit} at {location} (was a row deleted?)"
                )
                out.append(_Problem({"unit_mentions"}, lambda first, message=message: message))
    return out


def read_known_exceptions(checks: list | None = None) -> pd.DataFrame:
    """Read ``data/known_exceptions.csv`` against :data:`nq03lib.data.schema.KNOWN_EXCEPTIONS`.

    Parameters
    ----------
    checks : list of nq03lib.audit.Check, optional
        The computed relations: a difference written another way (``3,616``)
        is then explained with the relation's actual difference.

    Returns
    -------
    pandas.DataFrame
        One row per exception (columns of the schema); ``attrs["lines"]`` maps
        each row to its line in the file.

    Raises
    ------
    DataError
        Naming the file, line and column of the first problem.

    """
    schema = metadata.KNOWN_EXCEPTIONS
    actual = {c.relation_id: c.difference for c in checks or [] if c.checkable}

    def prefer(raw: dict, column: str) -> float | None:
        return actual.get(raw.get("relation_id", "").strip()) if column == "difference" else None

    records, lines = read_records(paths.KNOWN_EXCEPTIONS_FILE, schema, metadata.CATEGORIES, prefer)
    types = {"string": "string", "number": "Float64", "integer": "Int64"}
    frame = pd.DataFrame.from_records(records, columns=list(schema["columns"]))
    frame = frame.astype({c: types[m["type"]] for c, m in schema["columns"].items()})
    frame.attrs["path"] = str(paths.KNOWN_EXCEPTIONS_FILE)
    frame.attrs["lines"] = Lines(lines)
    return frame
