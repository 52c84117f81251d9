"""Build the data files: the Excel workbook (for people) and the CSV copies of every table (for programs).

**The workbook** is in the pack's language (Vietnamese by default): sheet
names (:data:`SHEET_NAMES`), headers (:data:`nq03lib.data.labels.COLUMN_LABELS`)
and, beside every code column (kept, for joins and pivot tables), a column
with the codes' labels (the schema's categories and
:data:`nq03lib.data.labels.VALUE_LABELS`, as :func:`nq03lib.show` labels
them); locations are spelled out beside their codes. Counts are numbers shown
with a thousands separator (number format ``#,##0``, which Excel and
LibreOffice Calc show as 29.651 in a Vietnamese locale and 29,651 in an
English one), shares with the decimals the report prints. Each sheet prints
on A4, fitted to the page's width, with its header row repeated on every page,
landscape when it is wide, the print area being the data.

**The CSV copies** stay machine-readable: the codes and column names of
``data/*.csv``, UTF-8 with a byte-order mark, comma separators, dot decimals.

Text cells that start with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) are never run as formulas: in the workbook they are text cells with
Excel's quote prefix (value unchanged); in the CSV copies they get a leading
apostrophe (the usual guard against formula injection), which makes Excel
read them as text.

Everything is built in memory as reproducible bytes for the exporter to write
atomically.
"""

from __future__ import annotations

import io
import math

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


#: The name of each sheet, ``(vi, en)`` (at most 31 characters, Excel's limit).
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "tables": ("Danh mục bảng", "Tables"),
    "organisations": ("Tổ chức đảng", "Organisations"),
    "restructuring": ("Sắp xếp tổ chức", "Restructuring"),
    "stated_changes": ("Thay đổi, mục tiêu", "Stated changes"),
    "rates": ("Tỉ lệ", "Rates"),
    "documents": ("Văn bản", "Documents"),
    "training_classes": ("Lớp đào tạo", "Training classes"),
    "training_participants": ("Người được đào tạo", "Training participants"),
    "membership": ("Đảng viên 2021", "Membership 2021"),
    "membership_age": ("Tuổi đời", "Membership age"),
    "recruitment": ("Kết nạp", "Recruitment"),
    "ratings_organisations": ("Xếp loại TCCSĐ", "Ratings of organisations"),
    "ratings_members": ("Xếp loại đảng viên", "Ratings of members"),
    "failing_counts": ("Không hoàn thành nhiệm vụ", "Failing counts"),
    "inspections": ("Kiểm tra, giám sát", "Inspections"),
    "discipline": ("Kỷ luật", "Discipline"),
    "unit_mentions": ("Đơn vị được nêu tên", "Unit mentions"),
    "restatements": ("Số liệu nhắc lại", "Restatements"),
    "data_dictionary": ("Từ điển dữ liệu", "Data dictionary"),
    "categories": ("Mã phân loại", "Categories"),
    "abbreviations": ("Chữ viết tắt", "Abbreviations"),
    "audit": ("Kiểm tra số học", "Audit"),
}
#: Headers of the workbook's own columns (before :data:`nq03lib.data.labels.COLUMN_LABELS`, which names
#: ``position`` as a chart's axis position).
EXTRA_HEADERS: dict[str, tuple[str, str]] = {
    "abbreviation": ("Chữ viết tắt", "Abbreviation"),
    "category": ("Nhóm mã", "Category"),
    "code": ("Mã", "Code"),
    "vi": ("Tiếng Việt", "Vietnamese"),
    "en": ("Tiếng Anh", "English"),
    "label_vi": ("Nhãn tiếng Việt", "Vietnamese label"),
    "label_en": ("Nhãn tiếng Anh", "English label"),
    "row_count": ("Số dòng", "Rows"),
    "position": ("Thứ tự", "Order"),
    "sheet": ("Trang tính", "Sheet"),
}
#: Texts the workbook's frames carry in both languages (``title_vi``, ``title_en``): a sheet keeps
#: the one in the workbook's language, under the plain column's header.
BILINGUAL_COLUMNS = ("title", "description", "explanation", "unit")
#: Code columns of the workbook's own sheets (the audit's), labelled like the categories of a table.
CODE_COLUMNS = ("kind", "comparison", "verdict")
#: Headers that say what a column of a sheet holds where its text is not in the sheet's language.
HEADER_OVERRIDES: dict[str, dict[str, tuple[str, str]]] = {
    "audit": {"description": ("Phép so sánh", "What is compared")},
}
#: Columns holding locations in the report (``fn10``, ``II.3``): spelled out beside the codes.
LOCATION_COLUMNS = ("location", "section")
#: Added to the header of a code column whose labels stand beside it.
CODE_WORD = {"vi": "mã", "en": "code"}
#: The widest a text column gets (characters); longer text wraps. Quotes get more room.
TEXT_WIDTH, QUOTE_WIDTH, CODE_WIDTH = 24, 50, 14
#: Headers of the quote columns, in both languages.
QUOTE_HEADERS = ("Trích báo cáo", "Quote from the report")
#: The header row's fill colour.
HEADER_FILL = "DDEBF7"


def name_sheet(name: str, lang: str) -> str:
    """Return the sheet name of table ``name`` in ``lang`` (the table's own name if it has none)."""
    from nq03lib.text import pick

    return pick(SHEET_NAMES[name], lang)[:31] if name in SHEET_NAMES else name[:31]


def _header(column: str, lang: str) -> str:
    from nq03lib.data.labels import COLUMN_LABELS
    from nq03lib.text import pick

    pair = EXTRA_HEADERS.get(column) or COLUMN_LABELS.get(column) or (column, column)
    return pick(pair, lang)


def _label_codes(series, lang: str, categories: str | None):
    """Return the labels of a code column in ``lang``, or None when no code of it has a label."""
    from nq03lib.data.labels import VALUE_LABELS
    from nq03lib.data.schema import CATEGORIES
    from nq03lib.text import pick

    home = CATEGORIES.get(categories or "", {})

    def label(value):
        if value is None or not isinstance(value, str):
            return None
        if value in home:
            return pick(home[value], lang)
        if value in VALUE_LABELS:
            return pick(VALUE_LABELS[value], lang)
        homes = [codes for codes in CATEGORIES.values() if value in codes]
        return pick(homes[0][value], lang) if len(homes) == 1 else None

    values = [_cell_value(v) for v in series.astype(object)]
    labels = [label(v) for v in values]
    if not any(lab is not None and lab != v for lab, v in zip(labels, values)):
        return None
    return [lab if lab is not None else v for lab, v in zip(labels, values)]


def label_frame(frame, lang: str, table: str | None = None, sheet: str | None = None):
    """Return ``frame`` for the workbook in ``lang``: headers labelled, a label column beside each code column.

    A code column keeps its codes (header "… (mã)") and is followed by their
    labels (header "…"); ``location`` is followed by the location spelled out
    ("chú thích 10", "mục II.3"); ``table`` by the sheet's name. Numbers and
    other text are kept as they are.

    Parameters
    ----------
    frame : pandas.DataFrame
    lang : {"vi", "en"}
    table : str, optional
        The data table ``frame`` holds (its schema names the categories of its columns).
    sheet : str, optional
        The workbook's own sheet ``frame`` is (``audit``, ``tables``, …), for its headers.

    Returns
    -------
    pandas.DataFrame

    """
    import pandas as pd

    from nq03lib.data import schema
    from nq03lib.text import check_lang, format_location, pick

    check_lang(lang)
    spec = schema.TABLES.get(table or "", {}).get("columns", {})
    out: dict[str, object] = {}

    def put(header: str, values) -> None:
        while header in out:
            header += " "
        out[header] = list(values)

    overrides = HEADER_OVERRIDES.get(table or sheet or "", {})
    for column in frame.columns:
        header = pick(overrides[column], lang) if column in overrides else _header(str(column), lang)
        series = frame[column]
        labels = None
        if column in LOCATION_COLUMNS:
            labels = [format_location(v, lang) if isinstance(v, str) else v for v in series.astype(object)]
        elif column == "table" and table is None:
            labels = [name_sheet(str(v), lang) for v in series.astype(object)]
        elif (
            str(series.dtype) == "category"
            or column in schema.CATEGORIES
            or column in CODE_COLUMNS
            or "categories" in spec.get(column, {})
        ):
            categories = spec.get(column, {}).get("categories") or (
                column if column in schema.CATEGORIES else None
            )
            labels = _label_codes(series, lang, categories)
        if labels is None:
            put(header, series.astype(object) if series.dtype.kind not in "biufc" else series)
        else:
            put(f"{header} ({CODE_WORD[lang]})", series.astype(object))
            put(header, labels)
    return pd.DataFrame(out)


def _number_format(value, integer_column: bool) -> str | None:
    """Return the Excel number format of a number: thousands for whole counts, the stored decimals for shares."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if integer_column or isinstance(value, int):
        return "#,##0"
    text = repr(float(value))
    decimals = 0 if "e" in text else len(text.split(".")[1].rstrip("0")) if "." in text else 0
    decimals = min(decimals, 4)
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals


def build_workbook(frames: dict, lang: str = "vi") -> bytes:
    """Return an .xlsx workbook in ``lang``, one sheet per frame, as reproducible bytes.

    Each sheet has a labelled, bold header row (frozen, filtered, repeated on
    every printed page), a label column beside each code column
    (:func:`label_frame`), numbers with a thousands separator and their
    decimals, column widths fitted to the content (long text wrapped), and a
    print set-up for A4: the data as print area, fitted to the page's width,
    landscape when wide.

    Parameters
    ----------
    frames : dict of str to pandas.DataFrame
        The sheets by table name (:func:`collect_frames`).
    lang : {"vi", "en"}
        The language of sheet names, headers and labels.

    Returns
    -------
    bytes

    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    from nq03lib.data import schema
    from nq03lib.data.source import citation
    from nq03lib.display import keep_language
    from nq03lib.text import pick

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(name="Calibri", bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for name, raw in frames.items():
        raw = keep_language(raw, lang, BILINGUAL_COLUMNS)
        frame = label_frame(raw, lang, name if name in schema.TABLES else None, sheet=name)
        integer_columns = [str(raw_dtype).lower().startswith(("int", "uint")) for raw_dtype in frame.dtypes]
        ws = wb.create_sheet(title=name_sheet(name, lang))
        ws.append([str(c).rstrip() for c in frame.columns])
        for cell in ws[1]:
            cell.font, cell.fill, cell.alignment = bold, fill, wrap
        widths = [min(len(str(c)), 30) for c in frame.columns]
        for row in frame.itertuples(index=False, name=None):
            values = [_cell_value(v) for v in row]
            ws.append(values)
            for j, v in enumerate(values):
                cell = ws.cell(row=ws.max_row, column=j + 1)
                cell.alignment = top
                if isinstance(v, str):
                    widths[j] = max(widths[j], len(v))
                    if _is_formula_like(v):
                        cell.data_type = "s"
                        cell.quotePrefix = True
                elif v is not None:
                    fmt = _number_format(v, integer_columns[j])
                    if fmt:
                        cell.number_format = fmt
                    widths[j] = max(widths[j], len(str(v)) + 2)
        code_suffix = f"({CODE_WORD[lang]})"
        caps = [
            QUOTE_WIDTH
            if str(c).startswith(QUOTE_HEADERS)
            else CODE_WIDTH
            if str(c).rstrip().endswith(code_suffix)
            else TEXT_WIDTH
            for c in frame.columns
        ]
        final = [min(max(8, w + 2), cap) for w, cap in zip(widths, caps)]
        for j, width in enumerate(final, start=1):
            ws.column_dimensions[get_column_letter(j)].width = width
        for r, row in enumerate(
            ws.iter_rows(min_row=1), start=1
        ):  # wrapped text: rows as tall as their lines
            lines = 1
            for cell, width in zip(row, final):
                if isinstance(cell.value, str) and len(cell.value) > width - 2:
                    cell.alignment = wrap
                    lines = max(lines, math.ceil(len(cell.value) * 0.95 / (width - 1)))
            if lines > 1:
                ws.row_dimensions[r].height = 15 * lines
        ws.freeze_panes = "A2"
        if len(frame):
            ws.auto_filter.ref = ws.dimensions
        ws.print_area = ws.dimensions
        ws.print_title_rows = "1:1"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if sum(final) > 100 else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.gridLines = True
    props = wb.properties
    props.creator = props.lastModifiedBy = "nq03lib"
    props.title = describe_workbook(lang)
    props.description = citation(None, lang)
    props.language = pick({"vi": "vi-VN", "en": "en-GB"}, lang)
    props.created = props.modified = FIXED_DATE
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_zip(buffer.getvalue())


def describe_workbook(lang: str) -> str:
    """Return the workbook's title in ``lang``: "nq03: Báo cáo số … ngày … của …" (from ``sources.csv``)."""
    from nq03lib.pack.common import describe_report

    return f"nq03: {describe_report(lang)[1]}"


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
