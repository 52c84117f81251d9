"""Read hand-edited CSV files strictly and check their cells against a schema.

Analysts edit ``data/*.csv`` in Excel or a text editor. This module turns every
way such a file can go wrong into a :class:`DataError` that names the file, the
line (1 = header) and the column, and says what was expected:

- the file: missing, a folder, unreadable, too large, not UTF-8 (the line and
  column of the first bad byte, and a guess at the encoding Excel used),
  UTF-16, NUL bytes;
- the CSV syntax: a quoted cell never closed (a file cut off), text after a
  closing quote, a cell over :data:`MAX_CELL_CHARS`, a file separated by
  semicolons or tabs, a duplicated or empty column name;
- the cells: numbers written the Vietnamese or English way (the advice gives
  only readings that the column accepts), ranges, categories, patterns, empty
  required cells, duplicated keys.

Accepted without complaint: a UTF-8 byte-order mark, CRLF or CR line ends, NFD
text (normalised to NFC), columns in any order, blank lines. Nothing here writes.

A schema is a plain dict as in :mod:`nq03lib.data.schema`: ``columns`` (name →
column description with ``type``, ``required``, ``min``, ``max``, ``categories``,
``pattern``), ``key`` (column names) and optionally ``allow_empty``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

#: Longest cell accepted, in characters (a quote is a sentence or two of the report).
MAX_CELL_CHARS = 10_000
#: Largest file accepted, in bytes.
MAX_FILE_BYTES = 5_000_000
#: Largest magnitude accepted in a number column (a count fits a nullable Int64).
MAX_MAGNITUDE = 10**15

#: How to save a spreadsheet as the UTF-8, comma-separated CSV the data files use.
SAVE_AS_UTF8_CSV = (
    "save it as UTF-8 CSV with commas: in Excel choose 'CSV UTF-8 (Comma delimited) (*.csv)' "
    "(Excel separates cells with the Windows list separator: if that is ';', set it to ',' under "
    "Region ▸ Additional settings first); in LibreOffice Calc choose 'Text CSV (.csv)', tick "
    "'Edit filter settings', then character set 'Unicode (UTF-8)' and field delimiter ','"
)


class DataError(ValueError):
    """Raise when a data file does not match its schema or its source.

    The message names the file, the line (1 = header), the column and what was
    expected; or the file and line, or the file alone where the problem has no
    line (a missing file, a deleted row).
    """


class Lines(tuple):
    """Hold the file line of each row of a frame (``frame.attrs["lines"]``).

    Immutable, so pandas need not deep-copy it on every operation.
    """

    def __deepcopy__(self, memo: dict) -> Lines:
        return self


def locate(path: Path | str, line: int | None = None, column: str | None = None) -> str:
    """Return ``"path, line N, column 'c'"`` for the parts that are known."""
    out = str(path)
    if line is not None:
        out += f", line {line}"
    if column is not None:
        out += f", column '{column}'"
    return out


# --- files ------------------------------------------------------------------------------------


def read_bytes(path: Path, what: str = "a CSV file") -> bytes:
    """Read a data file's bytes, or raise a DataError for a missing, folder or unreadable path."""
    path = Path(path)
    if path.is_dir():
        raise DataError(f"{path}: is a folder; expected {what}")
    if not path.exists():
        hint = ""
        if path.parent.is_dir():
            import difflib

            names = [p.name for p in path.parent.iterdir() if p.name != path.name]
            close = difflib.get_close_matches(path.name, names, n=2, cutoff=0.6)
            close += [n for n in names if n.lower() == path.name.lower() and n not in close]
            if close:
                hint = f" (the folder has {', '.join(close)}: renamed?)"
        raise DataError(f"{path}: file not found{hint}; expected {what}")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(
                f"{path}: file is {size / 1e6:.1f} MB; expected {what} of at most "
                f"{MAX_FILE_BYTES / 1e6:.0f} MB"
            )
        return path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror or exc}); expected {what}") from None


def _guess_encoding(data: bytes) -> str:
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return "a legacy encoding"
    decomposed = unicodedata.normalize("NFD", text)
    vietnamese = sum(c in "ơưđĐăâêôƠƯĂÂÊÔ" or unicodedata.combining(c) > 0 for c in decomposed)
    if vietnamese:
        return "Windows-1258 (what Excel's plain 'CSV' gives in a Vietnamese locale)"
    return "Windows-1252 or another legacy encoding (what Excel's plain 'CSV' gives)"


def decode_text(data: bytes, path: Path, header: list[str] | None = None) -> str:
    """Decode UTF-8 (a byte-order mark allowed) to NFC text with LF line ends.

    A file in another encoding is refused with the line and, for a CSV file,
    the column of the first byte that is not UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            f"{path}: the file is UTF-16 text (Excel's 'Unicode Text'); expected UTF-8: {SAVE_AS_UTF8_CSV}"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = None
        if header is not None or path.suffix == ".csv":
            start = data.rfind(b"\n", 0, exc.start) + 1
            before = data[start : exc.start].decode("cp1252", errors="replace")
            names = header
            if names is None:
                first = data.split(b"\n", 1)[0].decode("cp1252", errors="replace")
                names = [c.strip().strip('"') for c in first.split(",")]
            index = _count_cells_before(before)
            if line > 1 and index < len(names):
                column = names[index]
        raise DataError(
            f"{locate(path, line, column)}: not UTF-8 text (byte 0x{data[exc.start]:02x}); the file "
            f"looks saved as {_guess_encoding(data)}; expected UTF-8: {SAVE_AS_UTF8_CSV}"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DataError(
            f"{locate(path, line)}: contains a NUL character (is it a spreadsheet or UTF-16 file?); "
            f"expected UTF-8 text: {SAVE_AS_UTF8_CSV}"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _count_cells_before(line_text: str) -> int:
    """Count the commas outside quotes in the start of a line (the index of the cell reached)."""
    quoted, count = False, 0
    for ch in line_text:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            count += 1
    return count


def read_text(path: Path, what: str = "a CSV file") -> str:
    """Read a data file as NFC text with LF line ends (see :func:`decode_text`)."""
    path = Path(path)
    return decode_text(read_bytes(path, what), path)


#: A file whose last change is at least this recent is read again at every stamp: a clock tick is
#: coarser than two quick edits, so its status could not tell them apart (git's "racily clean" rule).
RACY_NS = 2_000_000_000
_STAMPS: dict[str, tuple[tuple, tuple]] = {}


def file_stamp(path: Path | str) -> tuple:
    """Return a stamp of a file's content: ``(path, size, digest)``; it changes with any edit.

    A missing file gives ``(path, None, None)``, a folder ``(path, "folder", None)``.
    The digest of a file whose status (change times, size, inode) is what it
    was last time, and older than :data:`RACY_NS`, is not computed again:
    loading stamps every file of ``data/`` each time it answers from its cache.
    """
    import hashlib
    import stat
    import time

    path = Path(path)
    try:
        status = path.stat()
    except OSError:
        return (str(path), None, None)
    if stat.S_ISDIR(status.st_mode):
        return (str(path), "folder", None)
    seen = (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino, status.st_dev)
    hit = _STAMPS.get(str(path))
    if hit is not None and hit[0] == seen:
        return hit[1]
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        return (str(path), "folder", None)
    except OSError:
        return (str(path), None, None)
    stamp = (str(path.resolve()), len(data), hashlib.blake2b(data, digest_size=16).hexdigest())
    if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > RACY_NS and len(data) == status.st_size:
        _STAMPS[str(path)] = (seen, stamp)
    return stamp


# --- CSV syntax -------------------------------------------------------------------------------

_UNQUOTED = re.compile(r"[^,\n]*")


def split_csv(text: str, path: Path) -> list[tuple[int, list[str]]]:
    """Split CSV text into ``(line of the record's start, cells)``, strictly.

    RFC 4180 quoting: a cell starting with ``"`` runs to the next lone ``"``
    (``""`` is a quote character) and may span lines. Raises DataError for a
    quoted cell never closed (naming the line it opened on), for text after a
    closing quote and for a cell over :data:`MAX_CELL_CHARS`. Blank lines are
    skipped.
    """
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    i, n, line = 0, len(text), 1
    while i < n:
        start_line = line
        cells: list[str] = []
        while True:
            column = _find_column_name(header, len(cells))
            if i < n and text[i] == '"':
                parts, j = [], i + 1
                while True:
                    k = text.find('"', j)
                    if k < 0:
                        raise DataError(
                            f"{locate(path, line, column)}: a quoted cell opens here and is never "
                            'closed: the file ends inside it (cut off, or a stray " in the cell); '
                            'expected a closing " (write a " inside a quoted cell as "")'
                        )
                    parts.append(text[j:k])
                    line += text.count("\n", j, k)
                    if text.startswith('"', k + 1):
                        parts.append('"')
                        j = k + 2
                        continue
                    i = k + 1
                    break
                cell = "".join(parts)
                trailing = _UNQUOTED.match(text, i).group()
                if trailing.strip():
                    raise DataError(
                        f"{locate(path, line, column)}: text {trailing.strip()[:40]!r} after the "
                        "closing quote of a quoted cell; expected a comma or the end of the line "
                        '(write a " inside a quoted cell as "")'
                    )
                i += len(trailing)
            else:
                cell = _UNQUOTED.match(text, i).group()
                i += len(cell)
            if len(cell) > MAX_CELL_CHARS:
                raise DataError(
                    f"{locate(path, line, column)}: the cell has {len(cell)} characters; expected "
                    f"at most {MAX_CELL_CHARS} (a figure, a code or a quote of a sentence or two)"
                )
            cells.append(cell)
            if i < n and text[i] == ",":
                i += 1
                if i >= n:
                    cells.append("")
                continue
            if i < n:  # a line end
                i += 1
                line += 1
            break
        if any(c.strip() for c in cells):
            records.append((start_line, cells))
            if header is None:
                header = [c.strip() for c in cells]
    return records


def _find_column_name(header: list[str] | None, index: int) -> str | None:
    if header is None:
        return None
    return header[index] if index < len(header) else None


def read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read a CSV file as its header and ``(line number, cells)`` pairs.

    Raises DataError for every problem of the file or its syntax (see the
    module docstring); the header is checked for empty and duplicated names
    and for semicolon or tab separators.
    """
    path = Path(path)
    text = read_text(path)
    if not text.strip():
        raise DataError(f"{path}: file is empty; expected a header line and data rows")
    records = split_csv(text, path)
    (header_line, header), rows = records[0], records[1:]
    header = [h.strip() for h in header]
    if len(header) == 1:
        for sep, name in ((";", "semicolons (;)"), ("\t", "tabs")):
            if header[0].count(sep) >= 1:
                raise DataError(
                    f"{locate(path, header_line)}: cells are separated by {name}, not commas "
                    f"(found {header[0][:60]!r}); expected commas: {SAVE_AS_UTF8_CSV}"
                )
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if not name:
            raise DataError(
                f"{locate(path, header_line)}: column {number} has no name (a stray comma at the end "
                f"of the header?); expected a name for every column"
            )
        if name in seen:
            raise DataError(
                f"{locate(path, header_line, name)}: column '{name}' appears twice (columns "
                f"{seen[name]} and {number}); expected each column once"
            )
        seen[name] = number
    return header, rows


# --- cells ------------------------------------------------------------------------------------

_PLAIN_INT = re.compile(r"-?[0-9]+")
_PLAIN_NUM = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_VI_NUM = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?|-?[0-9]+,[0-9]+")
_EN_NUM = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_SPACED = re.compile(r"-?[0-9]{1,3}([ \u00a0\u202f][0-9]{3})+([.,][0-9]+)?")
_SCI = re.compile(r"-?[0-9]+(\.[0-9]+)?[eE][-+]?[0-9]+")


def _write_plain(value: Decimal) -> str:
    """Write a Decimal as a plain data-file number: ``29651``, ``15.34``."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def list_readings(text: str) -> list[tuple[Decimal, str]]:
    """List the numbers a cell written another way may mean, with how each reads it.

    ``"29.651"`` → 29651 (dot groups thousands, the Vietnamese way);
    ``"15,34"`` → 15.34 (comma for decimals); ``"29,651"`` → 29.651 and 29651;
    ``"1 234"`` → 1234; ``"1.5E+03"`` → 1500; a trailing ``%`` is dropped.
    """
    text = text.strip()
    pct = text.endswith("%")
    if pct:
        text = text[:-1].strip()
    if text.startswith("+"):
        text = text[1:]
    found: list[tuple[Decimal, str]] = []
    if _VI_NUM.fullmatch(text):
        vi = Decimal(text.replace(".", "").replace(",", "."))
        found.append((vi, "the Vietnamese way (dot for thousands, comma for decimals)"))
    if _EN_NUM.fullmatch(text):
        found.append((Decimal(text.replace(",", "")), "with a comma grouping thousands"))
    if _SPACED.fullmatch(text):
        plain = re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
        found.append((Decimal(plain), "with spaces grouping thousands"))
    if _SCI.fullmatch(text):
        found.append((Decimal(text), "in scientific notation"))
    if _PLAIN_NUM.fullmatch(text):
        found.append((Decimal(text), "with a decimal point" if "." in text else "as a plain number"))
    seen, unique = set(), []
    for value, how in found:
        if value not in seen:
            seen.add(value)
            unique.append((value, how + (" and a % sign" if pct else "")))
    return unique


def _explain_misfit(value: Decimal, meta: dict) -> str | None:
    """Return why ``value`` does not fit the column, or None if it fits."""
    if meta["type"] == "integer":
        if value != value.to_integral_value():
            return "is not a whole number"
    if abs(value) > MAX_MAGNITUDE:
        return f"is larger than {MAX_MAGNITUDE}"
    low, high = meta.get("min"), meta.get("max")
    if low is not None and value < low:
        return f"is below {low}"
    if high is not None and value > high:
        return f"is above {high}"
    return None


def describe_expected_number(meta: dict) -> str:
    """Describe the numbers a column accepts, e.g. ``"a whole number ≥ 0"``."""
    kind = "a count (whole number)" if meta["type"] == "integer" else "a number"
    low, high = meta.get("min"), meta.get("max")
    if low is not None and high is not None:
        kind += f" from {low} to {high}"
    elif low is not None:
        kind += f" ≥ {low}"
    elif high is not None:
        kind += f" ≤ {high}"
    if meta.get("unit"):
        kind += f" ({meta['unit']})"
    return kind


def _parse_number(value: str, meta: dict, loc: str, prefer: float | None) -> int | float:
    kind = meta["type"]
    plain_ok = (_PLAIN_INT if kind == "integer" else _PLAIN_NUM).fullmatch(value)
    if plain_ok:
        number = Decimal(value)
        why = _explain_misfit(number, meta)
        if why is None:
            return int(number) if kind == "integer" else float(number)
        if why.startswith("is below") and meta.get("min") == 0 and kind == "integer":
            raise DataError(f"{loc}: {value} {why}; expected a count ≥ 0")
        raise DataError(f"{loc}: {value} {why}; expected {describe_expected_number(meta)}")
    options = []
    rejected = []
    for number, how in list_readings(value):
        why = _explain_misfit(number, meta)
        text = _write_plain(number)
        if why is None and text != value:
            options.append((number, text, how))
        elif why is not None:
            rejected.append(f"read {how} it is {text}, which {why}")
    if prefer is not None and options:
        wanted = [Decimal(str(p)) for p in (prefer if isinstance(prefer, list | tuple | set) else [prefer])]
        chosen = [o for o in options if any(abs(o[0] - w) < Decimal("1e-6") for w in wanted)]
        if chosen:
            options = chosen
        elif wanted and isinstance(prefer, list | tuple | set):
            read = ", ".join(text for _, text, _ in options)
            printed = ", ".join(_write_plain(w) for w in wanted)
            raise DataError(
                f"{loc}: {value!r} is not written as data files write numbers (digits, a dot for "
                f"decimals, no thousands separator), and read as {read} it is not a figure the row's "
                f"quote prints ({printed}); expected {describe_expected_number(meta)} that the quote prints"
            )
    if len(options) == 1:
        _, text, how = options[0]
        raise DataError(
            f"{loc}: {value!r} is written {how}; data files use plain numbers (digits, a dot for "
            f"decimals, no thousands separator): write {text}"
        )
    if options:
        choices = " or ".join(f"write {text} if it is meant {how}" for _, text, how in options)
        raise DataError(
            f"{loc}: {value!r} is ambiguous; data files use plain numbers (digits, a dot for "
            f"decimals, no thousands separator): {choices}"
        )
    what = "is not a whole number" if kind == "integer" else "is not a number"
    detail = f" ({'; '.join(rejected)})" if rejected else ""
    example = "e.g. 29651" if kind == "integer" else "e.g. 15.34"
    raise DataError(f"{loc}: {value!r} {what}{detail}; expected {describe_expected_number(meta)}, {example}")


def parse_cell(
    raw: str,
    meta: dict,
    path: Path,
    line: int,
    column: str,
    categories: dict | None = None,
    prefer: float | None = None,
) -> object:
    """Convert one cell to its typed value or raise a DataError saying what was expected.

    Parameters
    ----------
    raw : str
        The cell as read.
    meta : dict
        The column's description (``type``, ``required``, ``min``, ``max``,
        ``categories``, ``pattern``, ``example``).
    path, line, column
        Where the cell is, for the message.
    categories : dict, optional
        Category sets (code → labels), for category columns.
    prefer : float or list of float, optional
        The value the cell most likely means (a single value), or the values it
        may mean (a list: the figures of the row's quote); a cell written
        another way is then advised only a reading among them.

    Returns
    -------
    object
        ``int``, ``float`` or ``str``; ``None`` for an empty optional cell.

    """
    loc = locate(path, line, column)
    value = raw.strip()
    if value == "":
        if meta.get("required", True):
            raise DataError(f"{loc}: empty cell; expected a value ({meta['description']['en']})")
        return None
    kind = meta["type"]
    if kind in ("integer", "number"):
        return _parse_number(value, meta, loc, prefer)
    if kind == "category":
        codes = (categories or {})[meta["categories"]]
        if value not in codes:
            import difflib

            close = difflib.get_close_matches(value.lower().replace(" ", "_"), list(codes), n=1, cutoff=0.75)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise DataError(f"{loc}: unknown value {value!r}{hint}; expected one of: {', '.join(codes)}")
        return value
    pattern = meta.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        raise DataError(f"{loc}: {value!r} is not valid here; expected {meta['expected']}")
    return value


def check_header(path: Path, header: list[str], expected: list[str]) -> None:
    """Raise a DataError naming missing and unexpected columns."""
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected column(s) {', '.join(extra)}")
        raise DataError(f"{locate(path, 1)}: {'; '.join(parts)}; expected the columns {', '.join(expected)}")


def read_records(
    path: Path,
    schema: dict,
    categories: dict | None = None,
    prefer=None,
    row_check=None,
) -> tuple[list[dict], list[int]]:
    """Read a CSV file against a schema: typed records and their line numbers.

    Parameters
    ----------
    path : Path
        The file.
    schema : dict
        ``columns``, ``key`` and optionally ``allow_empty``.
    categories : dict, optional
        Category sets for category columns.
    prefer : callable, optional
        ``prefer(raw_cells_by_column, column)`` gives the value a badly written
        number most likely means (see :func:`parse_cell`).
    row_check : callable, optional
        ``row_check(line, row)`` runs on each typed row, in file order, after
        its cells and key are checked.

    Raises
    ------
    DataError
        The first problem found, with its file, line and column.

    """
    path = Path(path)
    header, raw_rows = read_csv(path)
    columns = list(schema["columns"])
    check_header(path, header, columns)
    if not raw_rows and not schema.get("allow_empty"):
        raise DataError(f"{path}: no data rows after the header; expected at least one row")
    index = {c: header.index(c) for c in columns}
    records, lines, seen = [], [], {}
    for line, cells in raw_rows:
        if len(cells) != len(header):
            hint = ""
            if len(cells) == 1 and (";" in cells[0] or "\t" in cells[0]):
                hint = " (this line separates its cells with ';' or tabs, not commas)"
            raise DataError(
                f"{locate(path, line)}: {len(cells)} cells{hint}; expected {len(header)} "
                f"(one per column: {', '.join(header)})"
            )
        raw = {c: cells[index[c]] for c in columns}
        row = {}
        for c in columns:
            hint = prefer(raw, c) if prefer is not None else None
            row[c] = parse_cell(raw[c], schema["columns"][c], path, line, c, categories, hint)
        key = tuple(row[k] for k in schema["key"])
        if key in seen:
            raise DataError(
                f"{locate(path, line)}: duplicated key {dict(zip(schema['key'], key))}; "
                f"the same key is on line {seen[key]}; expected one row per key"
            )
        seen[key] = line
        if row_check is not None:
            row_check(line, row)
        records.append(row)
        lines.append(line)
    return records, lines
