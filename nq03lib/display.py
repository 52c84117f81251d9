"""Show tables and findings to people: labels for codes, headers in the reader's language, numbers as printed.

:func:`show` turns any frame of the project (a loaded table, a derivation, the
table behind a chart) into a table for a reader:

* category codes become their labels (``ngoc_hoi`` → "Ngọc Hồi"); a code column
  with a ``<name>_label`` twin is replaced by it;
* headers come from :data:`nq03lib.data.labels.COLUMN_LABELS`;
* numbers are written in the language's notation and rounded half up: counts
  as whole numbers (``29.651``; a ``count``/``*_count`` column even where it holds an
  estimate such as 23.764,7), ``*_pct``/``*_pp`` with two decimals (``15,34``),
  other decimals with two; missing values are "–"; yes/no columns say so;
* long text (quotes) wraps instead of squeezing the other columns;
* a table wider than ``max_columns`` is split into parts that repeat its first column.

The raw frame stays one call away: ``show`` never changes its input. The HTML is
deterministic (no random ids), so stored notebook outputs stay stable.

:func:`findings` writes a list of computed sentences as Markdown, which JupyterLab
renders in its proportional font (printed Vietnamese in the Lab's monospace font
can break stacked diacritics).
"""

from __future__ import annotations

import html
import numbers
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from nq03lib.data.schema import CATEGORIES
from nq03lib.text import LANGS, check_lang, format_number, pick

MISSING = "–"
YES_NO = {"vi": ("có", "không"), "en": ("yes", "no")}
#: Columns holding long text, wrapped at a reading width.
LONG_TEXT = (
    "quote",
    "explanation",
    "description",
    "note",
    "evidence",
    "statement_text",
    "description_en",
    "explanation_vi",
    "explanation_en",
)
PERCENT_SUFFIXES = ("_pct", "_pp")
#: Columns of people or organisations counted: whole numbers even when a value is an estimate
#: (the midpoint of an interval, e.g. members rated = count ÷ share); the bounds sit beside it.
COUNT_COLUMN = re.compile(r"(^|_)count$")


def _column_label(name: object, lang: str) -> str:
    from nq03lib.data import labels

    return labels.label_column(str(name), lang)


def _header(column: str, lang: str) -> str:
    """Return a column's header: its own label, else the label of its code column (``x_label`` → ``x``)."""
    from nq03lib.data.labels import COLUMN_LABELS

    if column in COLUMN_LABELS or not column.endswith("_label"):
        return _column_label(column, lang)
    return _column_label(column.removesuffix("_label"), lang)


def _code_label(value: object, lang: str, categories: str | None) -> object:
    """Return the label of a category code (searched in ``categories`` first, then everywhere)."""
    from nq03lib.data.labels import VALUE_LABELS

    if not isinstance(value, str):
        return value
    if value in VALUE_LABELS:
        return pick(VALUE_LABELS[value], lang)
    if categories and value in CATEGORIES.get(categories, {}):
        return pick(CATEGORIES[categories][value], lang)
    if categories is None and value in CATEGORIES.get(_guess_categories(value) or "", {}):
        return pick(CATEGORIES[_guess_categories(value)][value], lang)
    return value


def _guess_categories(code: str) -> str | None:
    homes = [name for name, codes in CATEGORIES.items() if code in codes]
    return homes[0] if len(homes) == 1 else None


def _categories_of(column: str, series: pd.Series) -> str | None:
    """Return the category set of a column: its own name, or the one all its codes belong to."""
    if column in CATEGORIES:
        return column
    values = {v for v in series.dropna().astype(str)}
    if not values:
        return None
    homes = [name for name, codes in CATEGORIES.items() if values <= set(codes)]
    return homes[0] if homes else None


def _decimals_for(column: str, series: pd.Series) -> int | None:
    """Return the decimals to write a numeric column with, or None for a non-numeric column."""
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return 0
    if pd.api.types.is_float_dtype(series):
        finite = series.dropna()
        if str(column).endswith(PERCENT_SUFFIXES):
            return 2
        if COUNT_COLUMN.search(str(column)):
            return 0
        if len(finite) and (finite == finite.round()).all():
            return 0
        return 2
    return None


_PLACE = re.compile(r"\bfn(\d+)\b")
PLACE_WORDS = {"vi": ("chú thích", "mục"), "en": ("footnote", "section")}


def format_location(text: str, lang: str) -> str:
    """Write a location code for a reader: ``fn10`` → "chú thích 10", ``II.3`` → "mục II.3"."""
    footnote, section = pick(PLACE_WORDS, lang)
    parts = []
    for part in str(text).split(", "):
        part = _PLACE.sub(lambda m: f"{footnote} {m.group(1)}", part)
        if re.fullmatch(r"[IVX]+(\.\d+)?", part):
            part = f"{section} {part}"
        parts.append(part)
    return ", ".join(parts)


def _format_cell(value: object, lang: str, decimals: int | None) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return MISSING
    if isinstance(value, bool) or (hasattr(value, "dtype") and str(getattr(value, "dtype", "")) == "bool"):
        return pick(YES_NO, lang)[0 if value else 1]
    if decimals is not None and isinstance(value, numbers.Number):
        return format_number(value, lang, decimals)
    return " ".join(str(value).replace("\\n", "\n").split())


#: Texts a frame may carry in both languages (``description_vi``, ``description_en``): a reader sees
#: the one in their language. Other ``_vi``/``_en`` pairs (a vocabulary shown side by side) stay.
BILINGUAL_TEXT = ("description", "explanation", "note")


def _keep_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return ``frame`` with each ``<name>_vi``/``<name>_en`` text pair reduced to ``lang``'s, named ``<name>``."""
    suffix = f"_{lang}"
    renames, drops = {}, []
    for column in map(str, frame.columns):
        if column.endswith(suffix) and column[: -len(suffix)] in BILINGUAL_TEXT:
            base = column[: -len(suffix)]
            others = [f"{base}_{other}" for other in LANGS if other != lang]
            if all(o in frame.columns for o in others) and base not in frame.columns:
                renames[column] = base
                drops += others
    return frame.drop(columns=drops).rename(columns=renames, errors="raise")


def label_frame(
    frame: pd.DataFrame, lang: str = "vi", decimals: Mapping[str, int] | None = None
) -> pd.DataFrame:
    """Return a copy of ``frame`` for reading: labels for codes, formatted numbers, headers in ``lang``.

    Every cell of the result is text. Code columns that have a ``<name>_label``
    twin are dropped in favour of the twin; a text of :data:`BILINGUAL_TEXT` given in
    both languages (``description_vi`` and ``description_en``) shows in ``lang`` only. ``decimals`` overrides the decimals
    of the numeric columns it names (e.g. a ratio compared at four decimals).
    """
    lang = check_lang(lang)
    data = frame.copy()
    unnamed_rows = data.index.name is None and pd.api.types.is_integer_dtype(data.index.dtype)
    if not isinstance(data.index, pd.RangeIndex) and not unnamed_rows:  # row numbers of a filter mean nothing
        data = data.reset_index()
    from nq03lib.data.labels import TECHNICAL_COLUMNS, VALUE_LABELS

    twins = [c for c in data.columns if f"{c}_label" in data.columns]
    data = data.drop(columns=[*twins, *(c for c in data.columns if c in TECHNICAL_COLUMNS)])
    # a text written in both languages (``description_vi``, ``description_en``) shows in the reader's
    # language only, under the header of its base name
    data = _keep_language(data, lang)
    out = {}
    for column in data.columns:
        series = data[column]
        places = _decimals_for(str(column), series)
        if places is not None and decimals and column in decimals:
            places = decimals[column]
        if places is None and not pd.api.types.is_bool_dtype(series):
            home = _categories_of(str(column), series)
            if home or series.astype(str).isin(list(VALUE_LABELS)).any():
                series = series.astype(object).map(lambda v, h=home: _code_label(v, lang, h))
        if str(column) == "location" or str(column).endswith("_location"):
            series = series.astype(object).map(
                lambda v: format_location(v, lang) if isinstance(v, str) else v
            )
        header = _header(str(column), lang)
        if header in out:
            header = f"{header} ({column})"
        out[header] = [_format_cell(v, lang, places) for v in series.astype(object)]
    return pd.DataFrame(out, columns=list(out))


class Table:
    """A table for people: renders as HTML in a notebook and as aligned text elsewhere."""

    def __init__(self, parts: Sequence[pd.DataFrame], long_columns: Sequence[str], caption: str | None):
        self.parts = list(parts)
        self.long_columns = set(long_columns)
        self.caption = caption

    def _repr_html_(self) -> str:
        html_parts = []
        for part in self.parts:
            head = "".join(f'<th style="text-align:left">{html.escape(str(c))}</th>' for c in part.columns)
            rows = []
            for _, row in part.iterrows():
                cells = []
                for c, v in row.items():
                    style = (
                        "text-align:left;white-space:normal;min-width:24em;max-width:48em"
                        if c in self.long_columns
                        else "text-align:right;white-space:nowrap"
                        if _looks_numeric(v)
                        else "text-align:left"
                    )
                    cells.append(f'<td style="{style}">{html.escape(str(v))}</td>')
                rows.append("<tr>" + "".join(cells) + "</tr>")
            caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
            html_parts.append(
                f'<table class="nq03-table">{caption}<thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>"
            )
        return "\n".join(html_parts)

    def __repr__(self) -> str:
        texts = [part.to_string(index=False) for part in self.parts]
        return (f"{self.caption}\n" if self.caption else "") + "\n\n".join(texts)

    def to_frame(self) -> pd.DataFrame:
        """Return the labelled table as one frame of text (all parts side by side)."""
        if len(self.parts) == 1:
            return self.parts[0]
        first = self.parts[0].columns[0]
        return pd.concat([self.parts[0], *[p.drop(columns=first) for p in self.parts[1:]]], axis=1)


def _looks_numeric(value: str) -> bool:
    text = str(value).replace(".", "").replace(",", "").replace("−", "").replace("%", "").strip()
    return text.isdigit()


def show(
    frame: pd.DataFrame,
    lang: str = "vi",
    *,
    max_columns: int = 8,
    caption: str | None = None,
    decimals: Mapping[str, int] | None = None,
) -> Table:
    """Return ``frame`` as a table for people in ``lang`` (see the module docstring).

    Parameters
    ----------
    frame : DataFrame
        Any frame; it is not changed.
    lang : {"vi", "en"}
    max_columns : int
        Split wider tables into parts of at most this many columns, each
        repeating the first column.
    caption : str, optional
        A caption above the table.
    decimals : mapping of str to int, optional
        Decimals of the named numeric columns, instead of the default (two for
        decimals, none for whole numbers).

    Returns
    -------
    Table
        Displays as HTML in a notebook; ``.to_frame()`` gives the labelled text.

    """
    labelled = label_frame(frame, lang, decimals)
    long_columns = [_column_label(c, lang) for c in LONG_TEXT]
    columns = list(labelled.columns)
    if len(columns) <= max_columns:
        return Table([labelled], long_columns, caption)
    first, rest = columns[0], columns[1:]
    step = max_columns - 1
    parts = [labelled[[first, *rest[i : i + step]]] for i in range(0, len(rest), step)]
    return Table(parts, long_columns, caption)


def findings(lines: Sequence[str], title: str | None = None):
    """Return computed sentences as a Markdown list (rendered by JupyterLab, not printed)."""
    from IPython.display import Markdown

    body = "\n".join(f"- {line}" for line in lines)
    return Markdown((f"**{title}**\n\n" if title else "") + body)
