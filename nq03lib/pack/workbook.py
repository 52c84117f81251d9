"""Build the data files: the Excel workbook and the CSV copies of every table.

The data do not depend on the language: they hold the codes stored in
``data/*.csv`` and the data dictionary gives every code's Vietnamese and
English label. Text cells that start with ``=``, ``+``, ``-``, ``@`` (or a tab
or carriage return) are never run as formulas: in the workbook they are text
cells with Excel's quote prefix (value unchanged); in the CSV copies they get
a leading apostrophe (the usual guard against formula injection), which makes
Excel read them as text.

Everything is built in memory as reproducible bytes for the exporter to write
atomically.
"""

from __future__ import annotations

import io

from nq03lib.pack.common import FIXED_DATE, normalise_zip

#: The first characters that make Excel or LibreOffice read a text cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def guard_formulas(frame):
    """Return a copy of ``frame`` whose text cells cannot run as formulas in Excel.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading apostrophe; numbers are left alone.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame

    """
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind in "biufcmM":
            continue
        values = out[col].astype("object")
        mask = values.map(_is_formula_like).astype(bool)
        if mask.any():
            out[col] = values.where(~mask, "'" + values.astype(str))
    return out


def collect_frames() -> dict[str, object]:
    """Return every table to export, by sheet name: the contents, the data tables, the dictionary and the audit.

    Returns
    -------
    dict of str to pandas.DataFrame
        In sheet order: ``tables`` (one row per table with its row count),
        every data table, ``data_dictionary``, ``categories``,
        ``abbreviations`` and ``audit``.

    """
    import pandas as pd

    from nq03lib.api import describe, list_tables, load_all
    from nq03lib.audit import audit
    from nq03lib.data import schema as metadata

    frames: dict[str, pd.DataFrame] = dict(load_all())
    # the workbook serves both languages: its texts in Vietnamese and English side by side
    dictionary = pd.concat(
        [
            describe(n, "vi")
            .rename(columns={"unit": "unit_vi", "description": "description_vi"})
            .assign(
                table=n, unit_en=describe(n, "en")["unit"], description_en=describe(n, "en")["description"]
            )
            for n in metadata.TABLES
        ],
        ignore_index=True,
    )
    dictionary = dictionary[
        [
            "table",
            "column",
            "type",
            "unit_vi",
            "unit_en",
            "key",
            "allowed",
            "description_vi",
            "description_en",
        ]
    ]
    categories = pd.DataFrame(
        [
            {"category": name, "position": i, "code": code, "label_vi": vi, "label_en": en}
            for name, codes in metadata.CATEGORIES.items()
            for i, (code, (vi, en)) in enumerate(codes.items(), start=1)
        ]
    )
    abbreviations = pd.DataFrame(
        [{"abbreviation": a, "vi": vi, "en": en} for a, (vi, en) in metadata.ABBREVIATIONS.items()]
    )
    english = list_tables("en")
    tables = list_tables("vi").rename(columns={"title": "title_vi", "description": "description_vi"})
    tables.insert(2, "title_en", english["title"])
    tables.insert(4, "description_en", english["description"])
    tables["row_count"] = [len(frames[n]) for n in tables["table"]]
    return {
        "tables": tables,
        **frames,
        "data_dictionary": dictionary,
        "categories": categories,
        "abbreviations": abbreviations,
        "audit": audit(),
    }


def _cell_value(value):
    """Return ``value`` as openpyxl stores it: None for missing, Python scalars for numpy ones."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def build_workbook(frames: dict) -> bytes:
    """Return an .xlsx workbook, one sheet per frame, as reproducible bytes.

    Each sheet has a bold header row, frozen panes, an autofilter and column
    widths fitted to the content (long text wrapped).

    Parameters
    ----------
    frames : dict of str to pandas.DataFrame
        The sheets by name (names are cut to Excel's 31 characters).

    Returns
    -------
    bytes

    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from nq03lib.data.source import citation

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for name, frame in frames.items():
        ws = wb.create_sheet(title=name[:31])
        ws.append([str(c) for c in frame.columns])
        for cell in ws[1]:
            cell.font = bold
        widths = [len(str(c)) for c in frame.columns]
        for row in frame.itertuples(index=False, name=None):
            values = [_cell_value(v) for v in row]
            ws.append(values)
            for j, v in enumerate(values):
                if isinstance(v, str):
                    widths[j] = max(widths[j], len(v))
                    if _is_formula_like(v):
                        cell = ws.cell(row=ws.max_row, column=j + 1)
                        cell.data_type = "s"
                        cell.quotePrefix = True
                else:
                    widths[j] = max(widths[j], len(str(v)) if v is not None else 0)
        wrap = Alignment(wrap_text=True, vertical="top")
        for j, width in enumerate(widths, start=1):
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = min(max(8, width + 2), 70)
            if width > 70:
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.alignment = wrap
        ws.freeze_panes = "A2"
        if len(frame):
            ws.auto_filter.ref = ws.dimensions
    props = wb.properties
    props.creator = props.lastModifiedBy = "nq03lib"
    props.title = "nq03: data of report 124-BC/TU"
    props.description = citation(None, "vi")
    props.created = props.modified = FIXED_DATE
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_zip(buffer.getvalue())


def build_csv(frame) -> bytes:
    """Return ``frame`` as CSV for Excel: UTF-8 with a byte-order mark, CRLF, formula-like text guarded.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    bytes

    """
    text = guard_formulas(frame).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")
