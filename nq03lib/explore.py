"""Explore the report interactively: a topic, a chart, a unit, an indicator, a period.

``nq.explore(lang="vi")`` shows JupyterLab widgets; every callback is a plain
function of the control values, so tests drive the same code without a browser:

* :func:`build_view` ``(topic, chart, unit, indicator, period, lang)`` returns
  the chart (PNG bytes), the table behind it labelled for people
  (:func:`nq03lib.display.show`), the verbatim quotes and locations of the
  figures shown, and the audit relations those figures take part in, with
  their verdicts;
* :func:`build_district_view` ``(unit, lang)`` returns everything the report
  says about one of the 10 district-level units or 4 committees (figures, named
  shortfalls, exemplary mentions, quotes) and what it does not say: "not
  named" is not "fine";
* :func:`find_figures` searches every figure accent-insensitively
  (:func:`nq03lib.search`) and :func:`locate_figure` names the chart (and the
  filter values) that shows it.

**Topics** are the notebooks, as the registry assigns charts to them
(:attr:`nq03lib.charts.registry.Chart.notebook`), titled from each notebook's
first heading (Vietnamese notebook, English catalog), never typed here.

**From a chart to its figures.** A chart's table is computed from the data
tables it reads (recorded while it is computed). Its rows are joined to the
rows of those tables on the category codes they share (``area``,
``indicator``, ``period``, ``rating``, …, also under another column name when
the codes are of the same category), narrowed by location and value where the
chart keeps them. Where a chart's table carries no such codes, every row of the
tables it reads is shown, and the view says so (``tie == "tables"``). The audit
charts list relations: their figures are the rows those relations read.

**From figures to the audit.** :func:`nq03lib.audit.trace_relation_rows` finds
the rows each relation reads by changing them one at a time; it takes some
seconds, so its result is kept in ``build/cache/`` (keyed by a hash of
``data/`` and of the package's code) and in memory.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import re
import sys
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from nq03lib import paths
from nq03lib.files import hash_inputs
from nq03lib.text import (
    LANGS,
    SOURCE_LANG,
    Template,
    check_lang,
    did_you_mean,
    format_location,
    format_number,
    pick,
)

#: The value of a filter that keeps every row.
ALL = ""
#: The filters, in the order of the controls.
FILTERS = ("unit", "indicator", "period")
#: The columns a filter reads; the first one a chart's table has wins.
FILTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("area",),
    "indicator": (
        "indicator",
        "topic",
        "rating",
        "tier",
        "group",
        "org_type",
        "entity",
        "programme",
        "participant_kind",
        "training_level",
        "unit_kind",
        "action",
        "form",
        "level",
        "activity",
        "target",
        "subject",
        "dimension",
        "kind",
        "verdict",
        "relation_id",
    ),
    "period": ("period", "year"),
}
#: Dots per inch of the chart picture (the notebook size is 11 × 6.2 inches).
DPI = 100
#: Let a wide table scroll inside its box instead of widening the explorer past the notebook's edge
#: (a flex item grows to its content's width unless its minimum width is 0).
EXPLORER_CSS = ".nq03-explorer .widget-html-content { min-width: 0; }"
#: Pause between two charts drawn ahead while the kernel is idle (see ``Explorer._prepare_next``).
PREPARE_PAUSE_SECONDS = 0.3
#: How many seconds the explorer waits for a browser to show it before it stops drawing ahead.
PREPARE_WAIT_FOR_VIEW = 30

_TEXT: dict[str, tuple[str, str]] = {
    "title": ("Khám phá báo cáo 124-BC/TU", "Explore report 124-BC/TU"),
    "intro": (
        "Chọn chủ đề và biểu đồ; lọc theo đơn vị, chỉ tiêu, thời điểm; xem bảng số liệu, trích dẫn nguyên văn "
        "và kết quả kiểm tra. Thẻ “Theo đơn vị” cho biết báo cáo nói gì và không nói gì về từng đơn vị.",
        "Pick a topic and a chart; filter by unit, indicator, period; see the table, the verbatim quotes and "
        "the checks. The “By unit” tab says what the report says, and does not say, about each unit.",
    ),
    "language": ("Ngôn ngữ", "Language"),
    "search": ("Tìm số liệu", "Find a figure"),
    "search_placeholder": ("ví dụ: dang vien nu, Ngọc Hồi", "e.g. dang vien nu, Ngoc Hoi"),
    "search_button": ("Tìm", "Search"),
    "results": ("Kết quả", "Results"),
    "no_results": ("Không tìm thấy số liệu nào chứa “{query}”.", "No figure matches “{query}”."),
    "found": (
        "{count} số liệu khớp. Đang xem: {figure} ({location}).",
        "{count} figures match. Showing: {figure} ({location}).",
    ),
    "not_on_chart": (
        "{figure} ({location}) không có trên biểu đồ nào; trích dẫn: “{quote}”",
        "{figure} ({location}) is on no chart; quote: “{quote}”",
    ),
    "indexing": (
        "Đang lập chỉ mục các biểu đồ (chỉ lần đầu, vài giây)…",
        "Indexing the charts (first time only, a few seconds)…",
    ),
    "tab_topic": ("Theo chủ đề", "By topic"),
    "tab_unit": ("Theo đơn vị", "By unit"),
    "topic": ("Chủ đề", "Topic"),
    "chart": ("Biểu đồ", "Chart"),
    "unit": ("Đơn vị", "Unit"),
    "district_unit": ("Chọn đơn vị", "Choose a unit"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "period": ("Thời điểm", "Period"),
    "all": ("(tất cả)", "(all)"),
    "filters_note": (
        "Bộ lọc áp dụng cho bảng, trích dẫn và kiểm tra bên dưới; biểu đồ luôn vẽ đủ.",
        "The filters apply to the table, quotes and checks below; the chart is always drawn whole.",
    ),
    "table_heading": ("Bảng số liệu của biểu đồ", "The table behind the chart"),
    "quotes_heading": ("Trích dẫn nguyên văn các số liệu", "Verbatim quotes of the figures shown"),
    "relations_heading": (
        "Các quan hệ kiểm tra số học có dùng các số liệu này",
        "Audit relations these figures take part in",
    ),
    "tie_tables": (
        "Bảng của biểu đồ không mang mã để nối với từng dòng dữ liệu: dưới đây là mọi dòng của các bảng "
        "biểu đồ đọc ({tables}).",
        "The chart's table carries no codes to join to single data rows: below are all rows of the tables "
        "it reads ({tables}).",
    ),
    "tie_relations": (
        "Biểu đồ này trình bày các quan hệ kiểm tra: số liệu bên dưới là các dòng dữ liệu mà các quan hệ "
        "đó dùng.",
        "This chart shows audit relations: the figures below are the data rows those relations read.",
    ),
    "tie_unmatched": (
        "Biểu đồ còn đọc bảng {tables}, nhưng không nối được dòng nào của bảng đó với bảng số liệu của biểu đồ.",
        "The chart also reads {tables}, but no row of it could be joined to the chart's table.",
    ),
    "no_rows": ("Không có dòng nào khớp bộ lọc.", "No row matches the filters."),
    "no_relations": (
        "Không có quan hệ kiểm tra nào dùng các số liệu này.",
        "No audit relation uses these figures.",
    ),
    "restated": ("nhắc lại", "restated"),
    "error": ("Lỗi", "Error"),
    "not_named": ("Không được nêu tên", "Not named"),
    "district_heading": (
        "{unit}: báo cáo nói gì, và không nói gì",
        "{unit}: what the report says, and what it does not",
    ),
    "district_topics": ("Từng chủ đề báo cáo nêu tên đơn vị", "Topic by topic"),
    "district_figures": ("Số liệu báo cáo in riêng cho đơn vị", "Figures the report prints for the unit"),
    "district_shortfalls": ("Hạn chế được nêu tên", "Named shortfalls"),
    "district_exemplary": ("Được nêu là điển hình", "Named as exemplary"),
    "district_relations": ("Kiểm tra số học liên quan", "Audit relations involving the unit's figures"),
    "district_unsaid": (
        "Báo cáo KHÔNG nói gì về đơn vị này",
        "What the report does NOT say about this unit",
    ),
    "none": ("Không có.", "None."),
    "filter": ("Lọc các dòng", "Filter the rows"),
    "filter_placeholder": ("gõ vài từ, có dấu hay không dấu", "type a few words, accents optional"),
    "rows_shown": (
        "Hiện {shown} trong {count} dòng khớp; cả bảng có {total} dòng.",
        "Showing {shown} of {count} matching rows; {total} rows in all.",
    ),
    "searchable_text": (
        "Bảng {count} dòng có ô lọc: chạy sổ tay trong JupyterLab để dùng.",
        "A table of {count} rows with a filter box: run the notebook in JupyterLab to use it.",
    ),
    "widget_text": (
        "Trình khám phá nq03: chạy sổ tay trong JupyterLab để hiện các điều khiển.",
        "nq03 explorer: run the notebook in JupyterLab to show the controls.",
    ),
}

#: The sections of the "by unit" tab after what the report does not say: (part of the view, text if empty).
DISTRICT_SECTIONS = (
    ("topics", "none"),
    ("shortfalls", "none"),
    ("exemplary", "none"),
    ("figures", "none"),
    ("relations", "no_relations"),
)

_SUMMARY = Template(
    vi="Báo cáo nêu tên {unit} ở {named:n}/{topics:n} chủ đề: {exemplary:n} chủ đề là điển hình, "
    "{shortfall:n} chủ đề vì hạn chế; báo cáo in {figures:n} số liệu riêng cho đơn vị này.",
    en="The report names {unit} on {named:n} of {topics:n} topics: {exemplary:n} as exemplary, "
    "{shortfall:n} for a shortfall; figures it prints for this unit: {figures:n}.",
)
_UNSAID_TOPICS = Template(
    vi="Không được nêu tên ở {count:n} chủ đề: {topics}. Không được nêu tên không có nghĩa là làm tốt: "
    "báo cáo chỉ nêu một số đơn vị để minh họa.",
    en="Not named on {count:n} topics: {topics}. Not named does not mean doing well: the report names "
    "only some units, to illustrate a point.",
)
_UNSAID_SHORTFALL = Template(
    vi="Báo cáo không nêu hạn chế nào của {unit}; điều đó không có nghĩa là đơn vị không có hạn chế.",
    en="The report names no shortfall of {unit}; that does not mean it has none.",
)
_UNSAID_EXEMPLARY = Template(
    vi="Báo cáo không nêu {unit} là điển hình ở chủ đề nào.",
    en="The report does not cite {unit} as exemplary on any topic.",
)
_UNSAID_INDICATORS = Template(
    vi="Báo cáo in {count:n} chỉ tiêu cho toàn tỉnh nhưng không in số riêng của {unit}: {indicators}.",
    en="The report prints {count:n} indicators for the whole province but no figure of {unit} for them: "
    "{indicators}.",
)
_UNSAID_FIGURES = Template(
    vi="Báo cáo không in số liệu riêng nào cho {unit}.",
    en="The report prints no figure of its own for {unit}.",
)
_UNSAID_NAME = Template(
    vi="Báo cáo không in tên đơn vị này (chỉ nêu số cấp ủy trực thuộc Tỉnh ủy); tên gọi ở đây là của nhóm "
    "phân tích, không phải của báo cáo.",
    en="The report never prints this unit's name (it only counts the committees under the province); the "
    "label here is the project's, not the report's.",
)


#: How the unit × topic table's units are written after a number.
_UNITS = {"%": ("%", "%"), "persons": (" lượt người", " person-times")}


def _t(key: str, lang: str) -> str:
    return pick(_TEXT[key], lang)


# ---------------------------------------------------------------- topics


@dataclass(frozen=True)
class Topic:
    """One topic of the explorer: a notebook and the registered charts it shows.

    Attributes
    ----------
    notebook : str
        Notebook file stem, e.g. ``"03-district-gaps"``.
    title : dict
        ``{"vi": ..., "en": ...}``, each notebook's first heading.
    charts : tuple of str
        Names of the registered charts of the notebook, in name order.

    """

    notebook: str
    title: dict[str, str]
    charts: tuple[str, ...]


def _read_heading(markdown: str) -> str | None:
    for line in markdown.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return None


def read_notebook_title(notebook: str, lang: str = "vi") -> str:
    """Return a notebook's title in ``lang``: the first heading of its first cell.

    Vietnamese comes from ``notebooks/<notebook>.ipynb``, English from its
    catalog ``notebooks/i18n/<notebook>.en.md`` (where the English prose is
    written). Without either, the notebook's file stem.
    """
    from nq03lib import nbtools

    lang = check_lang(lang)
    path = paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"
    if lang != SOURCE_LANG:  # the English prose lives in the catalog
        catalog = nbtools.catalog_path(path, lang)
        if catalog.exists():
            entries = nbtools.read_catalog(catalog)
            title = _read_heading(next(iter(entries.values()), ""))
            if title:
                return title
    if path.exists():
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        if cells:
            source = cells[0].get("source", "")
            title = _read_heading("".join(source) if isinstance(source, list) else source)
            if title:
                return title
    return notebook


def list_topics() -> dict[str, Topic]:
    """Return the topics by notebook stem, in notebook order, each with its charts."""
    from nq03lib.charts import registry
    from nq03lib.data.parse import file_stamp

    by_notebook: dict[str, list[str]] = {}
    for chart in registry.charts().values():
        by_notebook.setdefault(chart.notebook, []).append(chart.name)
    sources = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")) + sorted(paths.NOTEBOOKS_DIR.glob("i18n/*.md"))
    stamp = (tuple(sorted(by_notebook)), tuple(file_stamp(f) for f in sources))
    if _TOPICS.get("stamp") != stamp:
        _TOPICS["stamp"] = stamp
        _TOPICS["topics"] = {
            nb: Topic(nb, {lang: read_notebook_title(nb, lang) for lang in LANGS}, tuple(names))
            for nb, names in sorted(by_notebook.items())
        }
    return dict(_TOPICS["topics"])


_TOPICS: dict = {}


def _check_topic_and_chart(topic: str, chart: str | None) -> tuple[Topic, str]:
    topics = list_topics()
    if topic not in topics:
        raise ValueError(
            f"unknown topic {topic!r}{did_you_mean(topic, list(topics))}; topics: {', '.join(topics)}"
        )
    found = topics[topic]
    if chart is None:
        return found, found.charts[0]
    if chart not in found.charts:
        raise ValueError(
            f"chart {chart!r} is not in topic {topic!r}{did_you_mean(chart, list(found.charts))}; "
            f"its charts: {', '.join(found.charts)}"
        )
    return found, chart


# ---------------------------------------------------------------- data, with the tables each chart reads

_MEMO: dict[tuple, tuple[tuple, object]] = {}
#: How long a look at the files of ``data/`` is trusted: one view asks many times within a second.
STAMP_SECONDS = 1.0
_STAMP: list = [float("-inf"), ()]


def _read_data_stamp() -> tuple:
    """Return the stamps of the files of ``data/``, looked up at most once per :data:`STAMP_SECONDS`."""
    from nq03lib.data.parse import file_stamp

    now = time.monotonic()
    if now - _STAMP[0] > STAMP_SECONDS:
        files = sorted(paths.DATA_DIR.glob("*.csv")) + sorted(paths.SOURCE_DIR.glob("*"))
        _STAMP[:] = [now, tuple(file_stamp(f) for f in files)]
    return _STAMP[1]


def _remember(key: tuple, compute):
    """Return ``compute()``, computed once per state of ``data/`` (results are not copied: do not change them)."""
    stamp = _read_data_stamp()
    hit = _MEMO.get(key)
    if hit is None or hit[0] != stamp:
        hit = (stamp, compute())
        _MEMO[key] = hit
    return hit[1]


def load_frames() -> dict[str, pd.DataFrame]:
    """Return every table (parsed and checked row by row) restricted to the main report's rows."""
    from nq03lib.charts import registry

    return _remember(("frames",), registry.frames)


class _RecordingFrames(dict):
    """A dict of tables that records which ones are read."""

    def __init__(self, frames: dict, read: list[str]):
        super().__init__(frames)
        self.read = read

    def __getitem__(self, name):
        self.read.append(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        """Return a table, recording the read."""
        self.read.append(name)
        return super().get(name, default)

    def items(self):
        """Return every table with its name, recording that all are read."""
        self.read.extend(super().keys())
        return super().items()

    def values(self):
        """Return every table, recording that all are read."""
        self.read.extend(super().keys())
        return super().values()

    def __iter__(self):
        self.read.extend(super().keys())
        return super().__iter__()


@contextlib.contextmanager
def record_table_reads() -> Iterator[list[str]]:
    """Record the data tables opened inside the ``with`` block (every load goes through ``paths.table_path``)."""
    read: list[str] = []
    original = paths.table_path

    def record(name: str):
        read.append(name)
        return original(name)

    paths.table_path = record
    try:
        yield read
    finally:
        paths.table_path = original


def compute_chart_data(name: str, lang: str = "vi") -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Return a chart's table and the data tables it reads (in the order of the schema).

    The table is what :func:`nq03lib.charts.registry.chart_data` returns,
    computed once per chart, language and state of ``data/``.
    """
    import inspect

    from nq03lib.charts import registry
    from nq03lib.data import schema

    chart = registry.get(name)
    lang = check_lang(lang)

    def compute():
        frames = load_frames()  # before recording: loading every table is not the chart reading it
        with record_table_reads() as read:
            if len(inspect.signature(chart.data).parameters) == 1:
                data = chart.compute({}, lang)
            else:
                data = chart.compute(_RecordingFrames(frames, read), lang)
        tables = tuple(t for t in schema.TABLES if t in set(read))
        return data, tables

    # keyed by the data function too, so a chart replaced at run time (a test, a notebook) is recomputed
    data, tables = _remember(("chart", name, lang, chart.data), compute)
    return data.copy(), tables


def render_chart(name: str, lang: str = "vi") -> bytes:
    """Return the registered chart as PNG bytes (drawn once per chart, language and state of ``data/``)."""
    from nq03lib.charts import registry

    def compute():
        import matplotlib.pyplot as plt

        data, _ = compute_chart_data(name, lang)
        fig = registry.figure(name, lang, data=data)
        try:
            buffer = io.BytesIO()
            # as a notebook shows it (the inline backend crops to the drawing, labels past the
            # axes included); light compression: the picture only travels to the browser here
            fig.savefig(
                buffer,
                format="png",
                dpi=DPI,
                bbox_inches="tight",
                metadata={"Software": None},
                pil_kwargs={"compress_level": 1},
            )
        finally:
            plt.close(fig)
        return buffer.getvalue()

    return _remember(("png", name, lang), compute)


# ---------------------------------------------------------------- filters


def find_filter_columns(data: pd.DataFrame) -> dict[str, str | None]:
    """Return, per filter, the column of ``data`` it reads (None where the chart has no such column)."""
    out: dict[str, str | None] = {}
    for name in FILTERS:
        out[name] = next(
            (
                c
                for c in FILTER_COLUMNS[name]
                if c in data.columns and data[c].notna().any() and c not in out.values()
            ),
            None,
        )
    return out


def _label_values(data: pd.DataFrame, column: str, lang: str) -> dict[str, str]:
    """Return ``{code: label}`` of a column, in order of appearance (labels of its ``_label`` twin if any)."""
    from nq03lib.display import label_frame

    codes = [str(v) for v in dict.fromkeys(data[column].dropna().astype(str))]
    twin = f"{column}_label"
    if twin in data.columns:
        pairs = data[[column, twin]].dropna().astype(str).drop_duplicates(column)
        labels = dict(zip(pairs[column], pairs[twin]))
    else:
        labelled = label_frame(pd.DataFrame({column: pd.Series(codes, dtype="string")}), lang)
        labels = dict(zip(codes, labelled.iloc[:, 0]))
    return {c: " ".join(labels.get(c, c).split()) for c in codes}


def list_filter_options(data: pd.DataFrame, lang: str = "vi") -> dict[str, list[tuple[str, str]]]:
    """Return, per filter, its choices ``(label, code)``: "(all)" first, then the codes of the chart's table."""
    lang = check_lang(lang)
    columns = find_filter_columns(data)
    options = {}
    for name, column in columns.items():
        choices = [(_t("all", lang), ALL)]
        if column is not None:
            choices += [(label, code) for code, label in _label_values(data, column, lang).items()]
        options[name] = choices
    return options


def _apply_filters(data: pd.DataFrame, columns: dict, values: dict) -> pd.DataFrame:
    shown = data
    for name, value in values.items():
        if value == ALL or value is None:
            continue
        column = columns[name]
        if column is None:
            raise ValueError(f"this chart's table has no column for the {name} filter; use ALL ('')")
        codes = set(shown[column].dropna().astype(str)) | set(data[column].dropna().astype(str))
        if str(value) not in codes:
            raise ValueError(
                f"{name} {value!r} is not in the chart's column {column!r}{did_you_mean(str(value), sorted(codes))}"
            )
        shown = shown[shown[column].astype(str) == str(value)]
    return shown.reset_index(drop=True)


# ---------------------------------------------------------------- from a chart's rows to data rows

#: Columns of the tied rows (see :func:`tie_rows`).
TIE_COLUMNS = ["table", "source_id", "row_key"]


def _list_category_columns(table: str) -> dict[str, str]:
    """Return ``{column: category set}`` of a table's category columns."""
    from nq03lib.data import schema

    return {c: m["categories"] for c, m in schema.TABLES[table]["columns"].items() if m["type"] == "category"}


def _find_join_pairs(data: pd.DataFrame, table: str, frame: pd.DataFrame) -> list[tuple[str, str]]:
    """Return the (table column, chart column) pairs that carry the same codes.

    A chart column of the same name pairs if some of its values are codes in
    the table's column; a column of another name pairs if at least half of its
    values are codes of the table column's category and some are in the table
    (``year`` and ``period``, ``org_type`` and ``group``, a waterfall's
    ``step`` and ``action``).
    """
    from nq03lib.data.schema import CATEGORIES

    pairs, used = [], set()
    columns = _list_category_columns(table)
    if table == "unit_mentions":
        columns["organisation"] = ""
    for column in columns:
        present = set(frame[column].dropna().astype(str))
        if column in data.columns and set(data[column].dropna().astype(str)) & present:
            pairs.append((column, column))
            used.add(column)
    for column, category in columns.items():
        if column in used or not category:
            continue
        codes = set(CATEGORIES[category])
        present = set(frame[column].dropna().astype(str))
        for candidate in data.columns:
            if candidate in used or candidate in columns or not _is_text(data[candidate]):
                continue
            values = set(data[candidate].dropna().astype(str))
            if values and 2 * len(values & codes) >= len(values) and values & present:
                pairs.append((column, candidate))
                used.add(candidate)
                break
    return pairs


def _is_text(series: pd.Series) -> bool:
    return (
        isinstance(series.dtype, pd.CategoricalDtype)
        or pd.api.types.is_string_dtype(series)
        or series.dtype == object
    )


#: The words a reader's location starts with (:func:`nq03lib.text.format_location`), and the kind they name.
_PLACE_WORDS = (
    ("chú thích", "fn"),
    ("footnotes", "fn"),
    ("footnote", "fn"),
    ("mục", ""),
    ("sections", ""),
    ("section", ""),
)


def read_locations(text: str) -> set[str]:
    """Return the location codes in a location as the data write it (``fn20``) or as a reader reads it.

    ``"chú thích 6, 7"`` and ``"footnotes 6, 7"`` → ``{"fn6", "fn7"}``;
    ``"mục II.2, fn14"`` → ``{"II.2", "fn14"}`` (the inverse of
    :func:`nq03lib.text.format_location` for lists; a range stays as written).
    """
    codes, prefix = set(), ""
    for token in (t.strip() for t in re.split(r"[,(]", text.replace(")", ""))):
        for word, kind in _PLACE_WORDS:
            if token.lower().startswith(word):
                token, prefix = token[len(word) :].strip(), kind
                break
        else:
            if re.fullmatch(r"fn\d+.*|[IVX]+(\.\d+)*.*", token):
                prefix = "fn" if token.startswith("fn") else ""
                codes.add(token)
                continue
        if token:
            codes.add(prefix + token if prefix and not token.startswith(prefix) else token)
    return codes


def _list_numbers(row: pd.Series) -> list[float]:
    """Return the numbers of a chart row that can name a figure, as magnitudes (not small whole numbers)."""
    out = []
    for value in row.values:
        if isinstance(value, bool) or not isinstance(value, int | float) or pd.isna(value):
            continue
        if float(value).is_integer() and abs(value) < 10:
            continue  # 0, 1, 2 … are everywhere: they would tie rows by chance
        out.append(abs(float(value)))
    return out


@dataclass
class _Arrays:
    """One table as plain arrays, so matching a chart row costs a few vector operations."""

    codes: dict  # column -> array of the codes as text ("" where missing)
    values: object  # rows × figure columns, float, NaN where missing
    locations: object  # array of the rows' locations

    @classmethod
    def build(cls, table: str, frame: pd.DataFrame, columns) -> _Arrays:
        import numpy as np

        from nq03lib.data import schema

        figures = schema.value_columns(table)
        values = (
            frame[figures].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            if figures
            else np.empty((len(frame), 0))
        )
        codes = {c: frame[c].astype("string").fillna("").to_numpy(dtype=object) for c in columns}
        return cls(codes, values, frame["location"].astype(str).to_numpy(dtype=object))

    def find_same_value(self, numbers: list[float]):
        """Return which rows print one of ``numbers`` (as magnitudes)."""
        import numpy as np

        if not numbers or not self.values.size:
            return np.zeros(len(self.locations), dtype=bool)
        close = np.abs(np.abs(self.values)[:, :, None] - np.asarray(numbers)[None, None, :]) < 1e-9
        return close.any(axis=(1, 2))


#: A join on codes that keeps more than this share of a table's rows is weak: it needs a shared value.
WEAK_JOIN_SHARE = 0.5


@dataclass
class _Named:
    """The rows of one table that one chart row names (see :func:`_match_row`)."""

    codes: int  # how many of the chart row's codes the join used
    selective: bool  # the codes keep at most WEAK_JOIN_SHARE of the table
    by_codes: object  # boolean array: rows with the chart row's codes (and location, where given)
    by_value: object  # boolean array: those of them that print one of the chart row's values


def _match_row(row: pd.Series, data_columns, arrays: _Arrays, pairs: list) -> _Named:
    """Return the rows of a table that share one chart row's codes, location and values."""
    import numpy as np

    size = len(arrays.locations)
    mask = np.ones(size, dtype=bool)
    used = 0
    for column, candidate in pairs:
        value = row[candidate]
        if pd.isna(value):
            continue
        mask &= arrays.codes[column] == str(value)
        used += 1
    same = arrays.find_same_value(_list_numbers(row))
    if not used:
        return _Named(0, False, np.zeros(size, dtype=bool), same)
    if mask.any() and "location" in data_columns and pd.notna(row["location"]):
        near = mask & np.isin(arrays.locations, sorted(read_locations(str(row["location"]))))
        mask = near if near.any() else mask
    return _Named(used, bool(mask.sum() <= WEAK_JOIN_SHARE * size), mask, mask & same)


def _choose(named: dict[str, _Named]) -> dict:
    """Return, per table, the rows one chart row names, from the joins of every table it reads.

    A selective join on codes counts with its shared values if it has some,
    else on codes alone, provided it used as many of the row's codes as the
    best join of any table (a join on the year alone does not name rows when
    another table matched the year and the entity). A join that is not
    selective, or used fewer codes, counts only through shared values, and
    only if no selective join found one. Without codes to join on, shared
    values name rows.
    """
    with_codes = [n.codes for n in named.values() if n.codes and n.by_codes.any()]
    best = max(with_codes, default=0)
    sure = any(n.selective and n.codes == best and n.by_value.any() for n in named.values())
    out = {}
    for table, n in named.items():
        if not n.codes:
            out[table] = n.by_value
        elif n.selective and n.codes == best:
            out[table] = n.by_value if n.by_value.any() else n.by_codes
        else:
            out[table] = n.by_value & (not sure)
    return out


def tie_rows(
    data: pd.DataFrame, tables: tuple[str, ...], frames: dict[str, pd.DataFrame] | None = None
) -> tuple[pd.DataFrame, str, tuple[str, ...]]:
    """Return the data rows behind the rows of a chart's table, and how they were found.

    Each row of the chart names the rows of every table it reads that share its
    codes (and, among those, its location and its values); without shared
    codes, the rows that print one of its values. :func:`_choose` weighs the
    joins of the tables against each other.

    Parameters
    ----------
    data : DataFrame
        The chart's table (or the part of it shown).
    tables : tuple of str
        The data tables the chart reads (:func:`compute_chart_data`).
    frames : dict, optional
        The tables (default: :func:`load_frames`).

    Returns
    -------
    rows : DataFrame
        ``table``, ``source_id``, ``row_key`` (:func:`nq03lib.audit.format_row_key`).
    tie : {"rows", "tables"}
        ``"rows"`` if rows of the chart were joined to data rows; ``"tables"``
        if none could be, so every row of the tables the chart reads is listed.
    unmatched : tuple of str
        Tables the chart reads of which no row could be joined (with
        ``"rows"``, their rows are not listed).

    """
    import numpy as np

    from nq03lib.audit import format_row_key

    frames = frames if frames is not None else load_frames()
    pairs = {t: _find_join_pairs(data, t, frames[t]) for t in tables}
    arrays = {t: _Arrays.build(t, frames[t], [c for c, _ in pairs[t]]) for t in tables}
    found = {t: np.zeros(len(frames[t]), dtype=bool) for t in tables}
    for _, row in data.iterrows():
        named = {t: _match_row(row, data.columns, arrays[t], pairs[t]) for t in tables}
        for table, mask in _choose(named).items():
            found[table] |= mask
    unmatched = tuple(t for t in tables if not found[t].any())
    tie = "tables" if len(unmatched) == len(tables) else "rows"
    if tie == "tables":
        found = {t: np.ones(len(frames[t]), dtype=bool) for t in tables}
        unmatched = ()
    out = [
        (table, str(r["source_id"]), format_row_key(table, r))
        for table, hit in found.items()
        for _, r in frames[table][hit].iterrows()
    ]
    return pd.DataFrame(out, columns=TIE_COLUMNS, dtype="string"), tie, unmatched


def _restrict_to_filters(rows: pd.DataFrame, values: dict, columns: dict, frames: dict) -> pd.DataFrame:
    """Keep the listed rows of whole tables that agree with the filters, where the table has the column."""
    keep = []
    for _, r in rows.iterrows():
        row = find_row(r["table"], r["row_key"], frames)
        ok = True
        for name, value in values.items():
            column = columns.get(name)
            if value == ALL or column is None:
                continue
            if column in row.index and pd.notna(row[column]) and str(row[column]) != str(value):
                ok = False
        keep.append(ok)
    return rows[keep].reset_index(drop=True)


def _index_rows(frames: dict[str, pd.DataFrame]) -> dict[tuple[str, str], pd.Series]:
    from nq03lib.audit import format_row_key

    return {(t, format_row_key(t, r)): r for t, f in frames.items() for _, r in f.iterrows()}


def find_row(table: str, row_key: str, frames: dict[str, pd.DataFrame] | None = None) -> pd.Series:
    """Return the data row of ``table`` with key ``row_key`` (:func:`nq03lib.audit.format_row_key`).

    Raises
    ------
    KeyError
        If no row of the table has that key.

    """
    if frames is None or frames is load_frames():
        index = _remember(("row index",), lambda: _index_rows(load_frames()))
    else:
        index = _index_rows({table: frames[table]})
    try:
        return index[(table, row_key)]
    except KeyError:
        raise KeyError(f"no row of {table!r} has the key {row_key!r}") from None


# ---------------------------------------------------------------- quotes and relations


def _label_figure(table: str, row: pd.Series, lang: str) -> str:
    from nq03lib.data.schema import CATEGORIES

    parts = []
    for column, category in _list_category_columns(table).items():
        value = row[column]
        if pd.notna(value) and str(value) in CATEGORIES[category]:
            parts.append(pick(CATEGORIES[category][str(value)], lang))
    if "organisation" in row.index and pd.notna(row["organisation"]):
        parts.append(str(row["organisation"]))
    return " · ".join(parts)


def _count_decimals(value: float) -> int:
    text = repr(float(value))
    if "e" in text or float(value).is_integer():
        return 0
    return min(2, len(text.split(".")[1]))


def _format_figure_values(table: str, row: pd.Series, lang: str) -> str:
    from nq03lib.data import labels, schema

    parts = []
    for column in schema.value_columns(table):
        value = row[column]
        if pd.isna(value):
            continue
        decimals = 0 if pd.api.types.is_integer(value) else _count_decimals(value)
        parts.append(f"{labels.label_column(column, lang)}: {format_number(value, lang, decimals)}")
    return "; ".join(parts)


def list_quotes(rows: pd.DataFrame, lang: str = "vi", frames: dict | None = None) -> pd.DataFrame:
    """Return the figure, its values, location and verbatim quote of each data row, then where it is restated.

    Parameters
    ----------
    rows : DataFrame
        ``table``, ``source_id``, ``row_key`` (as :func:`tie_rows` returns).
    lang : {"vi", "en"}
    frames : dict, optional
        The tables (default: :func:`load_frames`).

    Returns
    -------
    DataFrame
        ``figure`` (labels of the row's codes), ``value`` (its figures as the
        data store them, written in ``lang``), ``location``, ``quote``; a row
        printed again elsewhere (``restatements``) is followed by that place.

    """
    lang = check_lang(lang)
    frames = frames if frames is not None else load_frames()
    restated = frames["restatements"]
    out = []
    for _, r in rows.drop_duplicates().iterrows():
        row = find_row(r["table"], r["row_key"], frames)
        figure = _label_figure(r["table"], row, lang)
        if r["table"] == "restatements":
            continue  # listed below the figure it restates
        out.append((figure, _format_figure_values(r["table"], row, lang), row["location"], row["quote"]))
        again = restated[(restated["table"] == r["table"]) & (restated["row_key"] == r["row_key"])]
        for _, a in again.iterrows():
            out.append((f"{figure} ({_t('restated', lang)})", "", a["location"], a["quote"]))
    return pd.DataFrame(out, columns=["figure", "value", "location", "quote"], dtype="string")


def load_relation_rows() -> pd.DataFrame:
    """Return :func:`nq03lib.audit.trace_relation_rows`, kept in ``build/cache/`` between sessions.

    The cache file is named by a hash of every file of ``data/`` and of the
    code the relations depend on (:data:`RELATION_CODE`), so any change
    recomputes it; a cache that cannot be
    written (a read-only folder) is simply not kept.
    """

    def compute():
        from nq03lib.audit import trace_relation_rows

        path = paths.CACHE_DIR / f"relation-rows-{hash_inputs(*RELATION_CODE)}.csv"
        return _read_or_keep(path, trace_relation_rows)

    return _remember(("relation rows",), compute)


def _read_or_keep(path, compute) -> pd.DataFrame:
    """Return the cached frame at ``path``, or ``compute()`` it and keep it there (see :func:`_keep_in_cache`)."""
    if path.exists():
        _keep_in_cache(path, None)
        return pd.read_csv(path, dtype="string", keep_default_na=False)
    frame = compute()
    _keep_in_cache(path, frame)
    return frame


def _keep_in_cache(path, frame: pd.DataFrame | None) -> None:
    """Write ``frame`` (if given) as CSV to the cache file ``path``; see :func:`nq03lib.files.keep_in_cache`."""
    from nq03lib.files import keep_in_cache

    keep_in_cache(path, None if frame is None else frame.to_csv(index=False))


#: The code the relations' rows depend on (the audit, the derivations, the loader).
RELATION_CODE = ("audit.py", "analysis", "data")
#: The code the charts' rows depend on.
CHART_CODE = (*RELATION_CODE, "charts", "explore.py")


def _load_audit() -> pd.DataFrame:
    from nq03lib.audit import audit

    return _remember(("audit",), audit)


#: Columns of the relations table shown under a chart.
RELATION_COLUMNS = [
    "kind",
    "location",
    "printed",
    "recomputed",
    "difference",
    "verdict",
    "description_vi",
    "description_en",
    "explanation_vi",
    "explanation_en",
    "relation_id",
]


def list_relations(rows: pd.DataFrame | None = None, relation_ids=None) -> pd.DataFrame:
    """Return the audit relations that read any of ``rows`` (or those of ``relation_ids``), with verdicts.

    Returns
    -------
    DataFrame
        The audit's columns ``kind``, ``location``, ``printed``,
        ``recomputed``, ``difference``, ``verdict``, ``relation_id``, its
        description and explanation in both languages (``description_vi``,
        ``description_en``, ``explanation_vi``, ``explanation_en``), in the
        audit's order.

    """
    audit = _load_audit()
    ids: set[str] = set(map(str, relation_ids)) if relation_ids is not None else set()
    if rows is not None and len(rows):
        links = load_relation_rows()
        keys = set(zip(rows["table"], rows["row_key"]))
        ids |= {
            rid for rid, t, k in zip(links["relation_id"], links["table"], links["row_key"]) if (t, k) in keys
        }
    chosen = audit[audit["relation_id"].isin(ids)]
    return chosen[RELATION_COLUMNS].reset_index(drop=True)


def _name_table(table: str, lang: str) -> str:
    """Return how a reader knows a data table: its Vietnamese title, or its file for English readers."""
    from nq03lib.data.schema import TABLES

    return pick({"vi": f"“{TABLES[table]['title']['vi']}”", "en": f"data/{table}.csv"}, lang)


def _localise_relations(relations: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the relations for a reader of ``lang``: one ``explanation`` in that language, left out if empty."""
    explanation = pick({"vi": relations["explanation_vi"], "en": relations["explanation_en"]}, lang)
    at = relations.columns.get_loc("explanation_vi")
    out = relations.drop(columns=["explanation_vi", "explanation_en"])
    out.insert(at, "explanation", explanation)
    return _drop_empty(out, "explanation")


def _drop_empty(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Leave out a text column with nothing in it (no relation of the table is a known exception)."""
    if column in frame.columns and frame[column].fillna("").astype(str).str.strip().eq("").all():
        return frame.drop(columns=column)
    return frame


def list_relation_rows(relation_ids) -> pd.DataFrame:
    """Return the data rows (``table``, ``source_id``, ``row_key``) the given relations read."""
    links = load_relation_rows()
    chosen = links[links["relation_id"].isin(set(map(str, relation_ids)))]
    return chosen[TIE_COLUMNS].drop_duplicates().reset_index(drop=True)


# ---------------------------------------------------------------- the view of one chart


def build_view(
    topic: str,
    chart: str | None = None,
    unit: str = ALL,
    indicator: str = ALL,
    period: str = ALL,
    lang: str = "vi",
) -> dict:
    """Return everything the explorer shows for one set of control values.

    Parameters
    ----------
    topic : str
        A notebook stem of :func:`list_topics`, e.g. ``"05-village-leadership"``.
    chart : str, optional
        A registered chart of that topic (default: its first).
    unit, indicator, period : str
        A code of the chart table's unit, indicator or period column
        (:func:`find_filter_columns`), or :data:`ALL`.
    lang : {"vi", "en"}

    Returns
    -------
    dict
        ``topic``, ``topic_title``, ``chart``, ``lang``, ``title``,
        ``takeaway``, ``png`` (the chart, PNG bytes), ``data`` (the chart's
        whole table), ``shown`` (the rows left by the filters), ``table``
        (``shown`` for people), ``filters`` (filter → column), ``options``
        (filter → choices), ``values`` (filter → value), ``rows`` (the data
        rows behind the rows shown), ``tie`` (``"rows"``, ``"tables"`` or
        ``"relations"``, see :func:`tie_rows`), ``tables`` (data tables the
        chart reads), ``quotes`` and ``quotes_table``, ``relations`` and
        ``relations_table``, ``notes`` (sentences for the reader under the
        ``"table"`` and the ``"quotes"``). A view is computed once per set of
        values and state of ``data/``: do not change its frames.

    Raises
    ------
    ValueError
        For an unknown topic, a chart outside the topic, a filter the chart
        has no column for, or a code not in that column.

    """
    lang = check_lang(lang)
    _, chart = _check_topic_and_chart(topic, chart)
    key = ("view", topic, chart, unit or ALL, indicator or ALL, period or ALL, lang)
    view = _remember(
        key, lambda: _compute_view(topic, chart, unit or ALL, indicator or ALL, period or ALL, lang)
    )
    return dict(view)


def _compute_view(topic: str, chart: str, unit: str, indicator: str, period: str, lang: str) -> dict:
    """Compute the view of :func:`build_view` (not memoised) from its checked values."""
    from nq03lib.charts import registry
    from nq03lib.display import show

    found, chart = _check_topic_and_chart(topic, chart)
    data, tables = compute_chart_data(chart, lang)
    columns = find_filter_columns(data)
    values = {"unit": unit, "indicator": indicator, "period": period}
    shown = _apply_filters(data, columns, values)
    frames = load_frames()
    notes: dict[str, list[str]] = {"table": [], "quotes": []}
    if any(v != ALL for v in values.values()):
        notes["table"].append(_t("filters_note", lang))
    if "relation_id" in data.columns or {"kind", "verdict", "relation_count"} <= set(data.columns):
        if "relation_id" in shown.columns:
            ids = list(shown["relation_id"].astype(str))
        else:
            pairs = set(zip(shown["kind"].astype(str), shown["verdict"].astype(str)))
            audit = _load_audit()
            ids = [
                r
                for r, k, v in zip(
                    audit["relation_id"], audit["kind"].astype(str), audit["verdict"].astype(str)
                )
                if (k, v) in pairs
            ]
        rows, tie = list_relation_rows(ids), "relations"
        relations = list_relations(relation_ids=ids)
        notes["quotes"].append(_t("tie_relations", lang))
    else:
        if len(shown):
            rows, tie, unmatched = tie_rows(shown, tables, frames)
        else:
            rows, tie, unmatched = pd.DataFrame(columns=TIE_COLUMNS, dtype="string"), "rows", ()
        if unmatched and not any(v != ALL for v in values.values()):  # about the whole chart, not a filter
            names = [_name_table(t, lang) for t in unmatched]
            notes["quotes"].append(_t("tie_unmatched", lang).format(tables=", ".join(names)))
        if tie == "tables":
            rows = _restrict_to_filters(rows, values, columns, frames)
            notes["quotes"].append(
                _t("tie_tables", lang).format(tables=", ".join(_name_table(t, lang) for t in tables))
            )
        relations = list_relations(rows)
    quotes = list_quotes(rows, lang, frames)
    chart_obj = registry.get(chart)
    return {
        "topic": topic,
        "topic_title": found.title[lang],
        "chart": chart,
        "lang": lang,
        "title": pick(chart_obj.title, lang),
        "takeaway": chart_obj.sentence(data, lang),
        "png": render_chart(chart, lang),
        "data": data,
        "shown": shown,
        "table": show(shown, lang),
        "filters": columns,
        "options": list_filter_options(data, lang),
        "values": values,
        "rows": rows,
        "tie": tie,
        "tables": tables,
        "quotes": quotes,
        "quotes_table": show(quotes, lang),
        "relations": relations,
        "relations_table": show(_localise_relations(relations, lang), lang),
        "notes": notes,
    }


# ---------------------------------------------------------------- the view of one unit


def list_units(lang: str = "vi") -> list[tuple[str, str]]:
    """Return the 10 district-level units and the 4 committees as ``(label, code)``, in the report's order."""
    from nq03lib.analysis.districts import UNIT_ORDER
    from nq03lib.data.schema import label

    return [(label("area", a, check_lang(lang)), a) for a in UNIT_ORDER]


def build_district_view(unit: str, lang: str = "vi") -> dict:
    """Return what the report says about one unit, and what it does not.

    Parameters
    ----------
    unit : str
        One of the 14 codes of :func:`list_units`, e.g. ``"ngoc_hoi"``.
    lang : {"vi", "en"}

    Returns
    -------
    dict
        ``unit``, ``lang``, ``title``, ``summary`` (one sentence), ``topics``
        (each of the 9 topics: exemplary, shortfall or not named, with the
        figure and location) and ``topics_table``, ``figures`` (every figure
        the report prints for the unit, with quotes) and ``figures_table``,
        ``shortfalls`` and ``exemplary`` (the mentions, with quotes) with their
        tables, ``relations`` (audit relations reading the unit's rows) and
        ``relations_table``, ``unsaid`` (sentences: what the report does not
        say about the unit), ``rows`` (the data rows about the unit).

    Raises
    ------
    ValueError
        If ``unit`` is not one of the 14 units.

    """
    from nq03lib.analysis import districts
    from nq03lib.audit import format_row_key, list_text_findings
    from nq03lib.data.schema import CATEGORIES, UNITS, label
    from nq03lib.display import show

    lang = check_lang(lang)
    if unit not in districts.UNIT_ORDER:
        raise ValueError(
            f"unknown unit {unit!r}{did_you_mean(unit, districts.UNIT_ORDER)}; units: {', '.join(districts.UNIT_ORDER)}"
        )
    frames = load_frames()
    name = label("area", unit, lang)
    long = _remember(
        ("unit topics",),
        lambda: districts.build_unit_topic_table(
            frames["unit_mentions"],
            frames["rates"],
            frames["training_participants"],
            frames["stated_changes"],
        ),
    )
    mine = long[long["area"].astype(str) == unit]
    status = (
        mine["valence"]
        .astype(object)
        .map(lambda v: _t("not_named", lang) if pd.isna(v) else pick(CATEGORIES["valence"][v], lang))
    )
    topics = pd.DataFrame(
        {
            "topic": mine["topic"].astype(str).map(lambda t: pick(CATEGORIES["topic"][t], lang)),
            "status": status,
            "value": [
                ""
                if pd.isna(v)
                else format_number(v, lang, _count_decimals(v)) + pick(_UNITS.get(str(u), ("", "")), lang)
                for v, u in zip(mine["value"], mine["value_unit"])
            ],
            "organisations": mine["organisations"].fillna(""),
            "location": mine["mention_location"].fillna(""),
        }
    ).reset_index(drop=True)

    rows = []
    for table, frame in frames.items():
        if "area" in frame.columns and table != "unit_mentions":
            for _, r in frame[frame["area"].astype(str) == unit].iterrows():
                rows.append((table, str(r["source_id"]), format_row_key(table, r)))
    figure_rows = pd.DataFrame(rows, columns=TIE_COLUMNS, dtype="string")
    mentions = frames["unit_mentions"][frames["unit_mentions"]["area"].astype(str) == unit]
    mention_rows = pd.DataFrame(
        [
            ("unit_mentions", str(r["source_id"]), format_row_key("unit_mentions", r))
            for _, r in mentions.iterrows()
        ],
        columns=TIE_COLUMNS,
        dtype="string",
    )

    def tabulate_mentions(valence: str) -> pd.DataFrame:
        part = mentions[mentions["valence"] == valence]
        return pd.DataFrame(
            {
                "topic": part["topic"].astype(str).map(lambda t: pick(CATEGORIES["topic"][t], lang)),
                "organisation": part["organisation"].fillna(""),
                "location": part["location"],
                "quote": part["quote"],
            }
        ).reset_index(drop=True)

    shortfalls, exemplary = tabulate_mentions("han_che"), tabulate_mentions("dien_hinh")
    figures = list_quotes(figure_rows, lang, frames)
    all_rows = pd.concat([figure_rows, mention_rows], ignore_index=True)
    relations = list_relations(all_rows)

    unsaid = []
    silent = [t for t, v in zip(mine["topic"].astype(str), mine["valence"]) if pd.isna(v)]
    if silent:
        listed = "; ".join(pick(CATEGORIES["topic"][t], lang) for t in silent)
        unsaid.append(_UNSAID_TOPICS.format(lang, count=len(silent), topics=listed))
    if shortfalls.empty:
        unsaid.append(_UNSAID_SHORTFALL.format(lang, unit=name))
    if exemplary.empty:
        unsaid.append(_UNSAID_EXEMPLARY.format(lang, unit=name))
    if figure_rows.empty:
        unsaid.append(_UNSAID_FIGURES.format(lang, unit=name))
    rates = frames["rates"]
    provincial = list(dict.fromkeys(rates.loc[rates["area"] == "toan_tinh", "indicator"].astype(str)))
    own = set(rates.loc[rates["area"].astype(str) == unit, "indicator"].astype(str))
    missing = [i for i in provincial if i not in own]
    if missing and districts.unit_kind(unit) == "district":  # a committee has no villages or communes
        listed = "; ".join(pick(CATEGORIES["indicator"][i], lang) for i in missing)
        unsaid.append(_UNSAID_INDICATORS.format(lang, count=len(missing), unit=name, indicators=listed))
    if not UNITS[unit]["printed"]:
        unsaid.append(_UNSAID_NAME.format(lang))
    where = set(mentions["location"].astype(str))
    findings = _remember(("text findings",), list_text_findings)
    for _, f in findings.iterrows():
        if where & {s.strip() for s in str(f["location"]).split(",")}:
            place = format_location(f["location"], lang)  # it opens a bullet: "Chú thích 18: …"
            unsaid.append(f"{place[:1].upper()}{place[1:]}: {f[f'note_{lang}']}")

    summary = _SUMMARY.format(
        lang,
        unit=name,
        named=int(mine["valence"].notna().sum()),
        topics=len(mine),
        exemplary=int((mine["valence"] == "dien_hinh").sum()),
        shortfall=int((mine["valence"] == "han_che").sum()),
        figures=len(figure_rows),
    )
    return {
        "unit": unit,
        "lang": lang,
        "title": _t("district_heading", lang).format(unit=name),
        "summary": summary,
        "topics": topics,
        "topics_table": show(topics, lang),
        "figures": figures,
        "figures_table": show(figures, lang),
        "shortfalls": shortfalls,
        "shortfalls_table": show(shortfalls, lang),
        "exemplary": exemplary,
        "exemplary_table": show(exemplary, lang),
        "relations": relations,
        "relations_table": show(_localise_relations(relations, lang), lang),
        "unsaid": unsaid,
        "rows": all_rows,
    }


# ---------------------------------------------------------------- search


def find_figures(query: str, lang: str = "vi") -> pd.DataFrame:
    """Find figures whose labels or quote contain every word of ``query``, accent-insensitively.

    Returns
    -------
    DataFrame
        The columns of :func:`nq03lib.search` (``table``, ``figure``,
        ``column``, ``value``, ``location``, ``quote``) with ``figure``
        labelled in ``lang``, and ``row_key`` of the data row.

    """
    from nq03lib.api import search
    from nq03lib.audit import format_row_key

    lang = check_lang(lang)
    frames = load_frames()
    hits = search(query, tables=frames)
    keys, labels = [], []
    for _, hit in hits.iterrows():
        frame = frames[hit["table"]]
        same = frame[(frame["location"] == hit["location"]) & (frame["quote"] == hit["quote"])]
        if hit["column"]:
            same = same[(same[hit["column"]].astype("Float64") - hit["value"]).abs().lt(1e-9).fillna(False)]
        row = same.iloc[0]
        keys.append(format_row_key(hit["table"], row))
        labels.append(_label_figure(hit["table"], row, lang))
    out = hits.assign(figure=pd.array(labels, dtype="string"), row_key=pd.array(keys, dtype="string"))
    return out.drop_duplicates(["table", "row_key"]).reset_index(drop=True)


def index_charts() -> pd.DataFrame:
    """Return, for every chart, the data rows behind its table (``chart``, ``tie``, ``table``, ``row_key``).

    Kept in memory and in ``build/cache/`` like :func:`load_relation_rows`.
    """

    def compute():
        path = paths.CACHE_DIR / f"chart-rows-{hash_inputs(*CHART_CODE)}.csv"
        return _read_or_keep(path, index)

    def index() -> pd.DataFrame:
        from nq03lib.charts import registry

        parts = []
        for name in registry.charts():
            data, tables = compute_chart_data(name, "vi")
            if "relation_id" in data.columns or "relation_count" in data.columns:
                continue  # the audit charts: their rows are relations, found through the relations
            rows, tie, _ = tie_rows(data, tables)
            parts.append(rows.assign(chart=name, tie=tie))
        return pd.concat(parts, ignore_index=True)[["chart", "tie", *TIE_COLUMNS]].astype("string")

    return _remember(("chart index",), compute)


def _find_filters_for(chart: str, row: pd.Series, lang: str) -> tuple[dict[str, str], int]:
    """Return the filter values that single out a data row on a chart, and how many chart rows they leave."""
    data, _ = compute_chart_data(chart, lang)
    columns = find_filter_columns(data)
    values = {}
    for name, column in columns.items():
        value = ALL
        if column is not None and column in row.index and pd.notna(row[column]):
            if str(row[column]) in set(data[column].dropna().astype(str)):
                value = str(row[column])
        values[name] = value
    return values, len(_apply_filters(data, columns, values))


def _shows_value(chart: str, table: str, row: pd.Series, lang: str) -> bool:
    """Tell whether a chart's table holds one of the figures of a data row (its printed value itself)."""
    from nq03lib.data import schema

    figures = [float(row[c]) for c in schema.value_columns(table) if pd.notna(row[c])]
    data, _ = compute_chart_data(chart, lang)
    numbers = {round(n, 9) for _, r in data.iterrows() for n in _list_numbers(r)}
    return any(round(abs(f), 9) in numbers for f in figures)


def locate_figure(table: str, row_key: str, lang: str = "vi") -> dict | None:
    """Return the control values that show one data row, or None if no chart shows it.

    Among the charts that show the row, one whose rows were joined to it is
    preferred to one that only reads its table; then one whose table holds
    the row's printed value; then the one whose filters,
    set to the row's unit, indicator and period, leave the fewest rows (the
    most specific view); then the first by name.

    Returns
    -------
    dict or None
        ``topic``, ``chart``, ``unit``, ``indicator``, ``period`` (the
        arguments of :func:`build_view`).

    """
    from nq03lib.charts import registry

    index = index_charts()
    hits = index[(index["table"] == table) & (index["row_key"] == row_key)]
    if hits.empty:
        return None
    row = find_row(table, row_key)
    ranked = []
    for chart, tie in dict.fromkeys(zip(hits["chart"].astype(str), hits["tie"].astype(str))):
        values, left = _find_filters_for(chart, row, lang)
        ranked.append(
            ((tie != "rows", not _shows_value(chart, table, row, lang), left, chart), chart, values)
        )
    _, chart, values = min(ranked, key=lambda r: r[0])
    return {"topic": registry.get(chart).notebook, "chart": chart, **values}


def list_figures(lang: str = "vi") -> pd.DataFrame:
    """Return every figure of the main report with its values, location and verbatim quote (see :func:`list_quotes`)."""
    from nq03lib.audit import format_row_key

    frames = load_frames()
    rows = pd.DataFrame(
        [
            (table, str(r["source_id"]), format_row_key(table, r))
            for table, frame in frames.items()
            if table != "restatements"
            for _, r in frame.iterrows()
        ],
        columns=TIE_COLUMNS,
        dtype="string",
    )
    return list_quotes(rows, lang, frames)


# ---------------------------------------------------------------- the widget


def _format_section(heading: str, body: str, notes: list[str] | None = None, scroll: bool = True) -> str:
    import html

    note = "".join(f'<p style="margin:0.2em 0;color:#555">{html.escape(n)}</p>' for n in notes or [])
    style = "max-height:26em;overflow:auto;" if scroll else "overflow-x:auto;"
    return (
        f'<h3 style="margin:0.8em 0 0.3em">{html.escape(heading)}</h3>{note}<div style="{style}">{body}</div>'
    )


def _render_table(table, lang: str, empty_key: str = "no_rows") -> str:
    import html

    if not table.parts or table.parts[0].empty:
        return f"<p>{html.escape(_t(empty_key, lang))}</p>"
    return table._repr_html_()


class Explorer:
    """The explorer's widgets; ``nq.explore()`` returns one, and JupyterLab shows it.

    Every control calls :func:`build_view` or :func:`build_district_view` with
    the current control values. ``last_redraw_seconds`` holds the time the
    last view took (computing, drawing and handing it to the widgets), and
    ``last_redraw_cpu_seconds`` the processor time it used (on a shared
    machine the first can be several times the second).
    """

    def __init__(self, lang: str = "vi", topic: str | None = None, unit: str = "ngoc_hoi"):
        import ipywidgets as w

        self.lang = check_lang(lang)
        self.topics = list_topics()
        self._quiet = False
        self._generation = 0
        self.last_redraw_seconds = self.last_redraw_cpu_seconds = float("nan")

        def make_layout() -> w.Layout:  # one Layout per widget: a shared one would hide them all at once
            return w.Layout(width="auto", min_width="22em")

        style = {"description_width": "initial"}

        self.heading = w.HTML()
        self.language = w.ToggleButtons(options=[("Tiếng Việt", "vi"), ("English", "en")], value=self.lang)
        self.query = w.Text(layout=w.Layout(width="30em"), style=style, continuous_update=False)
        self.search_button = w.Button(icon="search")
        self.results = w.Dropdown(options=[], layout=make_layout(), style=style)
        self.status = w.HTML(layout=w.Layout(width="100%"))
        self.topic = w.Dropdown(layout=w.Layout(width="auto", min_width="28em"), style=style)
        self.chart = w.Dropdown(layout=w.Layout(width="auto", min_width="36em"), style=style)
        self.filters = {name: w.Dropdown(layout=make_layout(), style=style) for name in FILTERS}
        self.picture = w.Image(format="png", layout=w.Layout(width="100%", max_width="1100px"))
        self.takeaway = w.HTML(layout=w.Layout(width="100%"))
        self.details = w.HTML(layout=w.Layout(width="100%"))
        self.unit = w.Dropdown(layout=w.Layout(width="30em"), style=style)
        self.district = w.HTML(layout=w.Layout(width="100%"))

        topic_tab = w.VBox(
            [
                w.HBox([self.topic, self.chart], layout=w.Layout(flex_flow="row wrap")),
                w.HBox(list(self.filters.values()), layout=w.Layout(flex_flow="row wrap")),
                self.picture,
                self.takeaway,
                self.details,
            ]
        )
        self.tabs = w.Tab(children=[topic_tab, w.VBox([self.unit, self.district])])
        self.results.layout.display = "none"  # shown once a search found something
        self.widget = w.VBox(
            [
                self.heading,
                w.HBox(
                    [self.language, self.query, self.search_button, self.results],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.status,
                self.tabs,
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("nq03-explorer")
        self.widget._view_count = 0  # count the browser's views of it (see _prepare_next)

        with self._hold_quiet():
            self._label_controls()
            self.topic.value = topic if topic in self.topics else next(iter(self.topics))
            self._set_chart_options()
            self.unit.value = unit
        self.refresh()
        self.refresh_district()

        self.language.observe(self._on_language, "value")
        self.topic.observe(self._on_topic, "value")
        self.chart.observe(self._on_chart, "value")
        for control in self.filters.values():
            control.observe(self._on_filter, "value")
        self.unit.observe(lambda change: self._guard(self.refresh_district), "value")
        self.query.observe(lambda change: self._guard(self.search), "value")
        self.search_button.on_click(lambda button: self._guard(self.search))
        self.results.observe(self._on_result, "value")

    # -- display

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = _t("widget_text", self.lang)  # stable: the widget's own repr is long
        return bundle

    # -- plumbing

    @contextlib.contextmanager
    def _hold_quiet(self):
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def _guard(self, action) -> None:
        """Run ``action``; show an error in the status line instead of losing it in the browser's log."""
        import html

        try:
            action()
        except Exception as exc:  # noqa: BLE001 - shown to the reader, then re-raised for the log
            self.status.value = f'<p style="color:#b00">{_t("error", self.lang)}: {html.escape(str(exc))}</p>'
            raise

    def _label_controls(self) -> None:
        lang = self.lang
        self.heading.value = (
            f"<style>{EXPLORER_CSS}</style>"
            f"<h2 style='margin:0.2em 0'>{_t('title', lang)}</h2><p>{_t('intro', lang)}</p>"
        )
        self.query.placeholder = _t("search_placeholder", lang)
        self.query.description = _t("search", lang)
        self.search_button.description = _t("search_button", lang)
        self.results.description = _t("results", lang)
        self.topic.description = _t("topic", lang)
        self.chart.description = _t("chart", lang)
        self.unit.description = _t("district_unit", lang)
        self.tabs.titles = (_t("tab_topic", lang), _t("tab_unit", lang))
        topic = self.topic.value
        self.topic.options = [(t.title[lang], nb) for nb, t in self.topics.items()]
        if topic is not None:
            self.topic.value = topic
        unit = self.unit.value
        self.unit.options = list_units(lang)
        if unit is not None:
            self.unit.value = unit

    def _set_chart_options(self, chart: str | None = None) -> None:
        from nq03lib.charts import registry

        names = self.topics[self.topic.value].charts
        self.chart.options = [(pick(registry.get(n).title, self.lang), n) for n in names]
        self.chart.value = chart if chart in names else names[0]

    # -- callbacks

    def _on_language(self, change) -> None:
        if self._quiet:
            return
        self.lang = change["new"]
        with self._hold_quiet():
            self._label_controls()
            self._set_chart_options(self.chart.value)
        self._guard(self.refresh)
        self._guard(self.refresh_district)

    def _on_topic(self, change) -> None:
        if self._quiet:
            return
        with self._hold_quiet():
            self._set_chart_options()
        self._guard(lambda: self.refresh(reset_filters=True))

    def _on_chart(self, change) -> None:
        if not self._quiet:
            self._guard(lambda: self.refresh(reset_filters=True))

    def _on_filter(self, change) -> None:
        if not self._quiet:
            self._guard(self.refresh)

    def _on_result(self, change) -> None:
        if self._quiet or not change["new"]:
            return
        self._guard(lambda: self.jump(*change["new"]))

    # -- actions

    def refresh(self, reset_filters: bool = False) -> dict:
        """Build the view of the current control values and show it; return the view."""
        start, cpu = time.perf_counter(), time.process_time()
        values = {n: ALL if reset_filters else (c.value or ALL) for n, c in self.filters.items()}
        view = build_view(self.topic.value, self.chart.value, lang=self.lang, **values)
        self._show_view(view)
        self.last_redraw_seconds = time.perf_counter() - start
        self.last_redraw_cpu_seconds = time.process_time() - cpu
        self._prepare_next()
        return view

    def _prepare_next(self) -> None:
        """Draw, while the kernel is idle, the charts the reader is likely to pick next.

        The other charts of the topic and the first chart of every other
        topic, taken in turn, a short step per turn of the kernel's event loop
        (the chart's table, its picture, the rest of its view), so a click
        waits for at most one step. Only while a browser shows the explorer (its view
        count is above 0; it waits up to :data:`PREPARE_WAIT_FOR_VIEW` seconds
        for one): without one (nbclient, tests) nothing is drawn ahead. A
        newer view cancels the queue.
        """
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop: not in a kernel
            return
        self._generation += 1
        generation, lang = self._generation, self.lang
        current = self.topics[self.topic.value]
        same = [(current.notebook, c) for c in current.charts if c != self.chart.value]
        other = [(nb, t.charts[0]) for nb, t in self.topics.items() if nb != current.notebook]
        charts = [v for pair in itertools.zip_longest(same, other) for v in pair if v is not None]
        # each chart in three short steps, so a click waits for at most one of them
        queue = [
            (work, topic, chart)
            for topic, chart in charts
            for work in (
                lambda t, c: compute_chart_data(c, lang),
                lambda t, c: render_chart(c, lang),
                lambda t, c: build_view(t, c, lang=lang),
            )
        ]

        waits = [PREPARE_WAIT_FOR_VIEW]

        def step() -> None:
            if generation != self._generation or not queue:
                return
            if not self.widget._view_count:  # not (yet) shown by a browser: look again a little later
                waits[0] -= 1
                if waits[0] > 0:
                    loop.call_later(1.0, step)
                return
            work, topic, chart = queue.pop(0)
            try:
                work(topic, chart)
            except Exception:  # noqa: BLE001 - drawing ahead is only a shortcut; the view shows any error
                return
            loop.call_later(PREPARE_PAUSE_SECONDS, step)

        loop.call_later(PREPARE_PAUSE_SECONDS, step)

    def _show_view(self, view: dict) -> None:
        import html

        lang = self.lang
        with self._hold_quiet():
            for name, control in self.filters.items():
                column = view["filters"][name]
                control.options = view["options"][name]
                control.value = view["values"][name]
                control.disabled = column is None
                control.layout.display = "none" if column is None else "flex"
                label = _t(name, lang)
                if name == "indicator" and column is not None and column != "indicator":
                    from nq03lib.data.labels import label_column

                    label = label_column(column, lang)
                control.description = label
        self.picture.value = view["png"]
        self.takeaway.value = f"<p style='font-size:1.05em'><b>{html.escape(view['takeaway'])}</b></p>"
        self.details.value = "".join(
            [
                _format_section(
                    _t("table_heading", lang), _render_table(view["table"], lang), view["notes"]["table"]
                ),
                _format_section(
                    _t("quotes_heading", lang),
                    _render_table(view["quotes_table"], lang),
                    view["notes"]["quotes"],
                ),
                _format_section(
                    _t("relations_heading", lang),
                    _render_table(view["relations_table"], lang, "no_relations"),
                ),
            ]
        )

    def refresh_district(self) -> dict:
        """Build the view of the unit chosen in the "by unit" tab and show it; return the view."""
        import html

        lang = self.lang
        view = build_district_view(self.unit.value, lang)
        unsaid = (
            "".join(f"<li>{html.escape(s)}</li>" for s in view["unsaid"]) or f"<li>{_t('none', lang)}</li>"
        )
        self.district.value = "".join(
            [
                f"<h3 style='margin:0.8em 0 0.3em'>{html.escape(view['title'])}</h3>",
                f"<p>{html.escape(view['summary'])}</p>",
                _format_section(_t("district_unsaid", lang), f"<ul>{unsaid}</ul>", scroll=False),
                *(
                    _format_section(
                        _t(f"district_{part}", lang), _render_table(view[f"{part}_table"], lang, empty)
                    )
                    for part, empty in DISTRICT_SECTIONS
                ),
            ]
        )
        return view

    def search(self) -> pd.DataFrame | None:
        """Search the query box's words and jump to the chart of the first figure found."""
        import html

        query = self.query.value.strip()
        if not query:
            return None
        hits = find_figures(query, self.lang)
        with self._hold_quiet():
            self.results.options = [
                (f"{h['figure']} · {format_location(h['location'], self.lang)}", (h["table"], h["row_key"]))
                for _, h in hits.iterrows()
            ]
            self.results.layout.display = "flex" if len(hits) else "none"
        if hits.empty:
            self.status.value = f"<p>{html.escape(_t('no_results', self.lang).format(query=query))}</p>"
            return hits
        self.status.value = f"<p>{html.escape(_t('indexing', self.lang))}</p>"
        first = hits.iloc[0]
        with self._hold_quiet():
            self.results.value = (first["table"], first["row_key"])
        self.jump(first["table"], first["row_key"], count=len(hits))
        return hits

    def jump(self, table: str, row_key: str, count: int | None = None) -> dict | None:
        """Show the chart of one data row with the filters set to it; return the control values used."""
        import html

        lang = self.lang
        row = find_row(table, row_key)
        figure = _label_figure(table, row, lang)
        where = locate_figure(table, row_key, lang)
        count = count if count is not None else len(self.results.options)
        if where is None:
            self.status.value = (
                "<p>"
                + html.escape(
                    _t("not_on_chart", lang).format(
                        figure=figure, location=format_location(row["location"], lang), quote=row["quote"]
                    )
                )
                + "</p>"
            )
            return None
        self.tabs.selected_index = 0
        with self._hold_quiet():
            self.topic.value = where["topic"]
            self._set_chart_options(where["chart"])
        view = build_view(lang=lang, **where)
        self._show_view(view)
        self.status.value = (
            "<p>"
            + html.escape(
                _t("found", lang).format(
                    count=count, figure=figure, location=format_location(row["location"], lang)
                )
            )
            + "</p>"
        )
        return where


class SearchableTable:
    """A table for people with a box that keeps the rows containing every word typed (accents optional).

    An offline equivalent of a searchable data table: the rows are filtered in
    the kernel, the table is :func:`nq03lib.display.show`'s, and the stored
    output is the widget view (which nbval skips) and one stable line of text.
    """

    def __init__(self, frame: pd.DataFrame, lang: str = "vi", max_rows: int = 300):
        import ipywidgets as w

        from nq03lib.data.source import fold
        from nq03lib.display import label_frame

        self.frame = frame.reset_index(drop=True)
        self.lang = check_lang(lang)
        self.max_rows = max_rows
        labelled = label_frame(self.frame, self.lang)
        self._haystack = [fold(" ".join(map(str, r))) for r in labelled.itertuples(index=False)]
        self.query = w.Text(
            placeholder=_t("filter_placeholder", self.lang),
            description=_t("filter", self.lang),
            style={"description_width": "initial"},
            layout=w.Layout(width="30em"),
        )
        self.count = w.HTML()
        self.table = w.HTML(layout=w.Layout(width="100%"))
        self.widget = w.VBox([w.HBox([self.query, self.count]), self.table], layout=w.Layout(width="100%"))
        self.query.observe(lambda change: self.refresh(), "value")
        self.refresh()

    def select_rows(self, query: str | None = None) -> pd.DataFrame:
        """Return the rows whose labelled text contains every word of ``query`` (all rows if empty)."""
        from nq03lib.data.source import fold

        words = fold(self.query.value if query is None else query).split()
        keep = [i for i, text in enumerate(self._haystack) if all(word in text for word in words)]
        return self.frame.iloc[keep]

    def refresh(self) -> None:
        """Show the rows matching the box."""
        from nq03lib.display import show

        rows = self.select_rows()
        self.count.value = _t("rows_shown", self.lang).format(
            shown=format_number(min(len(rows), self.max_rows), self.lang),
            count=format_number(len(rows), self.lang),
            total=format_number(len(self.frame), self.lang),
        )
        body = _render_table(show(rows.head(self.max_rows), self.lang), self.lang)
        self.table.value = f'<div style="max-height:32em;overflow:auto">{body}</div>'

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = _t("searchable_text", self.lang).format(count=len(self.frame))
        return bundle


def make_searchable_table(frame: pd.DataFrame, lang: str = "vi", max_rows: int = 300) -> SearchableTable:
    """Return ``frame`` as a table for people with a search box (see :class:`SearchableTable`).

    Parameters
    ----------
    frame : DataFrame
        Any frame; codes become labels and numbers are written in ``lang``.
    lang : {"vi", "en"}
    max_rows : int
        At most this many matching rows are shown (the count says how many match).

    """
    return SearchableTable(frame, lang, max_rows)


def explore(lang: str = "vi") -> Explorer:
    """Open the interactive explorer in a notebook (JupyterLab with ipywidgets).

    Parameters
    ----------
    lang : {"vi", "en"}
        The language the explorer starts in (a control switches it).

    Returns
    -------
    Explorer
        Displays as the widgets; its functions :func:`build_view` and
        :func:`build_district_view` give the same content without a browser.

    """
    return Explorer(check_lang(lang))


class _CallableModule(types.ModuleType):
    """Keep ``nq.explore()`` callable.

    Importing this module (``from nq03lib import explore``) binds the attribute
    ``nq03lib.explore`` to the module, which would hide the lazy public function
    of the same name; calling the module calls :func:`explore`, as
    :mod:`nq03lib.audit` does for ``nq.audit()``.
    """

    def __call__(self, *args, **kwargs):
        return explore(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
