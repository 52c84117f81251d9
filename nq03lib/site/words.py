"""Word the site in both languages: table titles, row and column labels, numbers, and the site's own texts.

Every text is a pair ``(vietnamese, english)``, Vietnamese first, picked with
:func:`nq03lib.text.pick`. Labels of codes come from
:data:`nq03lib.data.schema.CATEGORIES`, column headers from
:data:`nq03lib.data.labels.COLUMN_LABELS`, verdict wording from the audit's
vocabulary; nothing here restates them.
"""

from __future__ import annotations

import math

import pandas as pd

from nq03lib.data import schema
from nq03lib.data.labels import label_column
from nq03lib.text import SEPARATORS, check_lang, format_number, pick

#: The site's own texts.
UI: dict[str, tuple[str, str]] = {
    "site_title": ("nq03 · Báo cáo 124-BC/TU", "nq03 · Report 124-BC/TU"),
    "home": ("Trang chủ", "Home"),
    "report": ("Báo cáo có chú giải", "The annotated report"),
    "notebooks": ("Sổ tay phân tích", "Notebooks"),
    "data": ("Dữ liệu", "Data"),
    "tables": ("Các bảng số liệu", "Data tables"),
    "dictionary": ("Từ điển dữ liệu", "Data dictionary"),
    "audit": ("Kiểm tra số học của báo cáo", "Audit of the report's arithmetic"),
    "other_edition": ("English", "Tiếng Việt"),
    "open": ("Mở", "Open"),
    "footer": (
        "Trang được tạo từ dữ liệu, kết quả kiểm tra và sổ tay đã lưu của dự án nq03; mở được không cần mạng.",
        "Made from the nq03 project's data, audit and stored notebooks; works without a network.",
    ),
    "other_edition_title": ("Bản tiếng Anh của trang này", "Bản tiếng Việt của trang này"),
    "table": ("Bảng", "Table"),
    "row": ("Dòng", "Row"),
    "column": ("Cột", "Column"),
    "value": ("Giá trị", "Value"),
    "location": ("Vị trí trong báo cáo", "Place in the report"),
    "quote": ("Trích dẫn", "Quote"),
    "relations": ("Phép kiểm tra có dùng số này", "Checks that use this figure"),
    "no_relation": ("Không phép kiểm tra nào dùng số này.", "No check uses this figure."),
    "printed": ("Số in", "Printed"),
    "recomputed": ("Số tính lại", "Recomputed"),
    "implied": ("Số suy ra", "Implied"),
    "see_row": ("Xem dòng trong bảng", "See the row in its table"),
    "see_check": ("Xem phép kiểm tra", "See the check"),
    "printed_again": ("Báo cáo in lại số này ở", "The report prints this figure again at"),
    "again_of": ("In lại một số đã lưu ở", "Printed again; stored at"),
    "close": ("Đóng", "Close"),
    "footnotes": ("Chú thích", "Footnotes"),
    "back_to_text": ("Về chỗ dẫn chú thích", "Back to the text"),
    "anchored_in": ("dẫn ở mục", "cited in"),
    "download": ("Tải về", "Download"),
    "csv": ("Bảng CSV (UTF-8)", "CSV table (UTF-8)"),
    "workbook": (
        "Sổ Excel mọi bảng, từ điển và kết quả kiểm tra",
        "Excel workbook: every table, the dictionary and the audit",
    ),
    "columns": ("Các cột", "Columns"),
    "rows": ("Các dòng, kèm trích dẫn", "Rows, with their quotes"),
    "unit": ("Đơn vị", "Unit"),
    "type": ("Kiểu", "Type"),
    "key": ("Thuộc khóa", "Part of the key"),
    "allowed": ("Giá trị cho phép", "Allowed values"),
    "description": ("Mô tả", "Description"),
    "header": ("Tên cột hiển thị", "Header shown"),
    "name": ("Tên cột trong tệp", "Name in the file"),
    "yes": ("có", "yes"),
    "report_section": ("Mục báo cáo", "Report section"),
    "row_count": ("Số dòng", "Rows"),
    "figure_count": ("Số liệu", "Figures"),
    "verdict": ("Kết luận", "Verdict"),
    "kind": ("Loại phép kiểm tra", "Kind of check"),
    "count": ("Số phép kiểm tra", "Checks"),
    "relation": ("Phép kiểm tra", "Check"),
    "difference": ("Chênh lệch", "Difference"),
    "tolerance": ("Sai số cho phép", "Tolerance"),
    "explanation": ("Giải thích", "Explanation"),
    "technical": ("Phép so sánh", "What is compared"),
    "explanation_and_technical": ("Giải thích và phép so sánh", "Explanation and what is compared"),
    "legend": ("Chú giải màu", "Colour key"),
    "no_check": ("Chưa có phép kiểm tra", "No check uses it"),
    "restated": ("Số in lại (đã lưu ở chỗ khác)", "Printed again (stored elsewhere)"),
    "codes": ("{n} mã", "{n} codes"),
    "notebook_missing_en": (
        "Sổ tay này chưa có bản tiếng Anh.",
        "This notebook has no English edition yet; the Vietnamese one is linked.",
    ),
}


#: Whether an audit relation's description (what it compares, written in each language) is folded
#: behind its label: it is shown in both editions, under the explanation.
FOLD_TECHNICAL: tuple[bool, bool] = (False, False)


#: The column types of the schema, in words.
TYPES: dict[str, tuple[str, str]] = {
    "category": ("mã phân loại", "category code"),
    "integer": ("số nguyên", "whole number"),
    "number": ("số thập phân", "decimal number"),
    "string": ("văn bản", "text"),
}


def get_text(name: str, lang: str) -> str:
    """Return the site text ``name`` in ``lang``."""
    return pick(UI[name], lang)


def get_table_title(table: str, lang: str) -> str:
    """Return a table's title in ``lang`` (:data:`nq03lib.data.schema.TABLES`)."""
    return pick(schema.TABLES[table]["title"], lang)


def label_row(table: str, row: pd.Series, lang: str) -> str:
    """Return a row's key in words: the label of each code of the key, ``·`` between them."""
    parts = []
    for column in schema.TABLES[table]["key"]:
        if column == "source_id":
            continue
        meta = schema.TABLES[table]["columns"][column]
        value = row[column]
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        if meta["type"] == "category":
            parts.append(schema.label(meta["categories"], str(value), lang))
        else:
            parts.append(str(value))
    return " · ".join(parts)


def label_header(column: str, lang: str) -> str:
    """Return a column's header in ``lang`` (:data:`nq03lib.data.labels.COLUMN_LABELS`)."""
    return label_column(column, lang)


def format_value(value: object, lang: str, max_decimals: int = 3) -> str:
    """Write a number in the language's notation with at most ``max_decimals`` decimals, zeros trimmed.

    ``None`` and NaN give "–".
    """
    if value is None:
        return "–"
    number = float(value)
    if math.isnan(number):
        return "–"
    if number == round(number):
        return format_number(number, lang, 0)
    text = format_number(number, lang, max_decimals)
    decimal_mark = SEPARATORS[check_lang(lang)][1]
    whole, _, decimals = text.partition(decimal_mark)
    decimals = decimals.rstrip("0")
    return f"{whole}{decimal_mark}{decimals}" if decimals else whole
