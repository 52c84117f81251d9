"""Write the generated pages of one edition as MyST Markdown: home, notebooks index, data, tables, dictionary, audit.

Every page is text made from the project's own sources: the schema (titles,
columns, units, categories), the labels, the loaded tables and the audit.
Tables meant for people are raw HTML so that each row has an id (a mark of
the annotated report links to its row; the audit page has one id per
relation), with cells written by :func:`nq03lib.display.label_frame` (labels
for codes, numbers as printed in the language's notation).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from nq03lib.data import schema
from nq03lib.display import label_frame
from nq03lib.site import layout
from nq03lib.site.model import VERDICT_CLASSES, VERDICT_ORDER, SiteModel
from nq03lib.site.report import VERDICT_SHORT
from nq03lib.site.words import FOLD_TECHNICAL, TYPES, format_value, get_table_title, get_text, label_header
from nq03lib.text import format_location, pick

#: A location in the report: a section (``II.2``) or a footnote (``fn10``).
LOCATION_RE = re.compile(r"\b(fn\d{1,2}|I{1,3}V?\.\d|IV|I{1,3})\b")


@dataclass(frozen=True)
class Notebook:
    """Hold what the site needs to know about one notebook file."""

    path: Path
    name: str
    title: str
    question: str


def read_notebook(path: Path) -> Notebook:
    """Read a notebook's title (its first heading) and question (the paragraph after "Câu hỏi."/"Question.").

    The notebook is read as JSON (nbformat's import alone costs seconds).
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = next(("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"), "")
    heading = next((line for line in first.splitlines() if line.startswith("#")), path.stem)
    title = heading.lstrip("#").strip()
    match = re.search(r"\*\*(?:Câu hỏi|Question)\.\*\*\s*(.+)", first)
    question = match.group(1).strip() if match else ""
    return Notebook(path, path.stem, _normalise(title), _normalise(question))


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _wrap_raw(block: str) -> str:
    return f"```{{raw}} html\n{block}\n```\n"


def _escape(text: object) -> str:
    return html.escape(str(text))


def _link_locations(text: str, page: str, lang: str) -> str:
    """Return ``text`` (HTML-escaped) with every report location linked to the annotated report."""
    report = layout.get_site_path("report", lang)

    def link(m: re.Match) -> str:
        location = m.group(1)
        target = f"fn-{location[2:]}" if location.startswith("fn") else f"s-{location}"
        shown = format_location(location, lang)  # "chú thích 2", "mục II.6": no codes on a page
        return f'<a href="{layout.make_relative_link(page, report + "#" + target)}">{shown}</a>'

    return LOCATION_RE.sub(link, _escape(text))


def _write_table(headers: list[str], rows: list[tuple[str, list[str]]], classes: str = "") -> str:
    """Return an HTML table; ``rows`` are ``(row id or "", cells as HTML)``."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join(
        (f'<tr id="{rid}">' if rid else "<tr>") + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        for rid, cells in rows
    )
    return (
        f'<div class="nq-table-wrap"><table class="nq-table {classes}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


# ---------------------------------------------------------------- home and indexes


HOME_INTRO = {
    "vi": (
        "Báo cáo số 124-BC/TU ngày 28-9-2021 của Ban Thường vụ Tỉnh ủy Kon Tum đánh giá 05 năm thực hiện "
        "Nghị quyết số 03-NQ/TU về nâng cao chất lượng hoạt động của tổ chức cơ sở đảng (TCCSĐ) và tổ chức "
        "đảng trực thuộc đảng ủy cơ sở. Dự án nq03 chuyển báo cáo thành dữ liệu có nguồn gốc rõ ràng: mỗi con "
        "số ghi rõ vị trí trong báo cáo và trích nguyên văn; các phép tính của báo cáo được kiểm tra lại. "
        "Trang này mở được từ một thư mục hay USB, không cần mạng, không cần cài đặt."
    ),
    "en": (
        "Report 124-BC/TU of 28 Sep 2021 of the Standing Committee of the Kon Tum Provincial Party Committee "
        "evaluates five years of Resolution 03-NQ/TU on the quality of grassroots party organisations (TCCSĐ) "
        "and of party organisations under grassroots committees. The nq03 project turns the report into "
        "traceable data: every figure says where the report prints it and quotes it verbatim, and the "
        "report's arithmetic is checked. This site opens from a folder or a USB stick, with no network and "
        "nothing to install."
    ),
}

HOME_SECTIONS = {
    "report": (
        "Toàn văn báo cáo, mỗi số liệu được đánh dấu đúng chỗ in và tô màu theo kết luận kiểm tra.",
        "The report's full text, every stored figure marked where it is printed and coloured by its checks.",
    ),
    "notebooks": (
        "Các sổ tay phân tích theo thứ tự của báo cáo: mỗi sổ tay trả lời một câu hỏi, có bảng và biểu đồ.",
        "The analysis notebooks in the report's order: each answers one question, with tables and charts.",
    ),
    "data": (
        "Mỗi bảng số liệu: mô tả, các cột và đơn vị, các dòng kèm trích dẫn; tải về CSV và Excel.",
        "Every data table: description, columns with units, rows with their quotes; CSV and Excel downloads.",
    ),
    "audit": (
        "Mọi phép kiểm tra số học: số in, số tính lại, sai số cho phép và kết luận.",
        "Every arithmetic check: printed, recomputed, tolerance and verdict.",
    ),
}


def build_home_page(model: SiteModel, notebooks: list[Notebook], lang: str) -> str:
    """Return the home page of one edition (with the hidden toctree of the edition)."""
    here = layout.get_docname("home", lang)
    lines = [f"# {get_text('site_title', lang)}\n", pick(HOME_INTRO, lang) + "\n"]
    for name in ("report", "notebooks", "data", "audit"):
        lines.append(f"## {get_text(name, lang)}\n")
        link = f"[{get_text('open', lang)} {get_text(name, lang).lower()} →]({_link_doc(here, layout.get_docname(name, lang))})"
        lines.append(pick(HOME_SECTIONS[name], lang) + f" **{link}**\n")
        if name == "notebooks":
            for nb in notebooks:
                target = layout.get_docname("notebook", lang, notebook=nb.name)
                lines.append(f"- [{nb.title}]({_link_doc(here, target, '.ipynb')})")
            lines.append("")
    counts = model.audit["verdict"].astype(str).value_counts()
    facts = {
        "vi": f"{len(model.figures)} số liệu trong {len(model.frames) - 1} bảng; {len(model.audit)} phép kiểm tra, "
        f"trong đó {counts.get('does not hold as stated', 0)} cần làm rõ.",
        "en": f"{len(model.figures)} figures in {len(model.frames) - 1} tables; {len(model.audit)} checks, "
        f"{counts.get('does not hold as stated', 0)} of which need clarifying.",
    }
    lines.append(pick(facts, lang) + "\n")
    lines.append(
        _write_toctree(here, [layout.get_docname(n, lang) for n in ("report", "notebooks", "data", "audit")])
    )
    return _normalise("\n".join(lines))


def _link_doc(here: str, target: str, suffix: str = ".md") -> str:
    """Return a Markdown link from document ``here`` to the source file of document ``target``."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".") + suffix


def _write_toctree(here: str, targets: list[str]) -> str:
    """Return a hidden toctree of ``targets`` (docnames) for the document ``here``."""
    entries = [posixpath.relpath(t, posixpath.dirname(here) or ".") for t in targets]
    return "```{toctree}\n:hidden:\n:maxdepth: 2\n\n" + "\n".join(entries) + "\n```\n"


def build_notebooks_page(notebooks: list[Notebook], lang: str, vi_only: bool) -> str:
    """Return the notebooks' index page of one edition: each notebook with its question."""
    here = layout.get_docname("notebooks", lang)
    lines = [f"# {get_text('notebooks', lang)}\n"]
    intro = {
        "vi": "Mỗi sổ tay đọc dữ liệu qua `nq03lib`, trả lời một câu hỏi và kết thúc bằng các phát hiện. "
        "Mã nguồn được ẩn; bấm “Hiện mã” để xem. Kết quả là kết quả đã lưu và đã được kiểm thử.",
        "en": "Every notebook reads the data through `nq03lib`, answers one question and ends with its findings. "
        "Code is hidden; click “Show code” to see it. The outputs are the stored, tested ones.",
    }
    lines.append(pick(intro, lang) + "\n")
    if vi_only:
        lines.append(get_text("notebook_missing_en", lang) + "\n")
    targets = [layout.get_docname("notebook", lang, notebook=nb.name) for nb in notebooks]
    for nb, target in zip(notebooks, targets):
        lines.append(f"## [{nb.title}]({_link_doc(here, target, '.ipynb')})\n")
        if nb.question:
            lines.append(nb.question + "\n")
    if notebooks:
        lines.append(_write_toctree(here, targets))
    return _normalise("\n".join(lines))


# ---------------------------------------------------------------- data


def build_data_page(model: SiteModel, lang: str) -> str:
    """Return the data index page: every table with its title, description, section and counts."""
    page = layout.get_site_path("data", lang)
    lines = [f"# {get_text('tables', lang)}\n"]
    intro = {
        "vi": "Mỗi dòng của mỗi bảng ghi văn bản nguồn, vị trí trong báo cáo (mục như II.3 hoặc chú thích "
        "như fn10) và trích nguyên văn câu in số liệu. Số trong tệp CSV viết kiểu thường (29651, 15.34); "
        "trích dẫn giữ cách viết của báo cáo (29.651; 15,34).",
        "en": "Every row of every table names its source document, its place in the report (a section such as "
        "II.3 or a footnote such as fn10) and quotes the sentence that prints it. Numbers in the CSV files are "
        "plain (29651, 15.34); the quotes keep the report's notation (29.651; 15,34).",
    }
    lines.append(pick(intro, lang) + "\n")
    figures_by_table: dict[str, int] = {}
    for f in model.figures:
        figures_by_table[f.table] = figures_by_table.get(f.table, 0) + 1
    rows = []
    for table, meta in schema.TABLES.items():
        href = layout.make_relative_link(page, layout.get_site_path("table", lang, table=table))
        rows.append(
            (
                "",
                [
                    f'<a href="{href}">{_escape(get_table_title(table, lang))}</a><br><code>{table}</code>',
                    _escape(pick(meta["description"], lang)),
                    _link_locations(meta["section"], page, lang),
                    str(len(model.frames[table])),
                    str(figures_by_table.get(table, 0)),
                ],
            )
        )
    headers = [
        get_text(h, lang) for h in ("table", "description", "report_section", "row_count", "figure_count")
    ]
    lines.append(_wrap_raw(_write_table(headers, rows)))
    lines.append(f"## {get_text('download', lang)}\n")
    lines.append(_wrap_raw(_list_downloads(page, lang, None)))
    docs = [
        layout.get_docname("dictionary", lang),
        *(layout.get_docname("table", lang, table=t) for t in schema.TABLES),
    ]
    lines.append(_write_toctree(layout.get_docname("data", lang), docs))
    return _normalise("\n".join(lines))


def _list_downloads(page: str, lang: str, table: str | None) -> str:
    items = []
    if table is not None:
        href = layout.make_relative_link(page, layout.get_download_path(f"{table}.csv"))
        items.append(f'<li><a href="{href}" download>{_escape(get_text("csv", lang))}: {table}.csv</a></li>')
    else:
        for name in schema.TABLES:
            href = layout.make_relative_link(page, layout.get_download_path(f"{name}.csv"))
            items.append(f'<li><a href="{href}" download>{name}.csv</a></li>')
    href = layout.make_relative_link(page, layout.get_download_path(layout.WORKBOOK_NAME))
    items.append(
        f'<li><a href="{href}" download>{_escape(get_text("workbook", lang))}: {layout.WORKBOOK_NAME}</a></li>'
    )
    return f'<ul class="nq-downloads">{"".join(items)}</ul>'


#: A category with more codes than this lists them folded (``<details>``).
FOLD_CODES = 4


def _describe_allowed(meta: dict, lang: str) -> str:
    if meta["type"] == "category":
        codes = schema.CATEGORIES[meta["categories"]]
        items = "".join(
            f"<li><code>{_escape(c)}</code> {_escape(pick(labels, lang))}</li>" for c, labels in codes.items()
        )
        listing = f'<ul class="nq-codes">{items}</ul>'
        if len(codes) <= FOLD_CODES:
            return listing
        return f"<details><summary>{_escape(get_text('codes', lang).format(n=len(codes)))}</summary>{listing}</details>"
    low, high = meta.get("min"), meta.get("max")
    if low is None and high is None:
        return ""
    return _escape(f"{'' if low is None else low}–{'' if high is None else high}")


def build_table_page(model: SiteModel, table: str, lang: str) -> str:
    """Return a table's page: description, columns with units, rows with quotes (one id per row), downloads."""
    page = layout.get_site_path("table", lang, table=table)
    meta = schema.TABLES[table]
    frame = model.frames[table]
    title = get_table_title(table, lang)
    lines = [f"# {title}\n"]
    # the English edition also gives the Vietnamese title, the report's own words
    subtitle = {"vi": f"`{table}`\n", "en": f"*{meta['title']['vi']}* (`{table}`)\n"}
    lines.append(pick(subtitle, lang))
    lines.append(_wrap_raw(f"<p>{_escape(pick(meta['description'], lang))}</p>"))
    lines.append(
        _wrap_raw(
            f"<p>{_escape(get_text('report_section', lang))}: {_link_locations(meta['section'], page, lang)}</p>"
        )
    )
    lines.append(_wrap_raw(_list_downloads(page, lang, table)))
    lines.append(f"## {get_text('columns', lang)}\n")
    column_rows = []
    for column, cmeta in meta["columns"].items():
        key = (
            f' <span class="nq-note">({_escape(get_text("key", lang))})</span>'
            if column in meta["key"]
            else ""
        )
        unit = f" · {_escape(pick(schema.UNIT_LABELS[cmeta['unit']], lang))}" if cmeta.get("unit") else ""
        column_rows.append(
            (
                "",
                [
                    f"<code>{_escape(column)}</code>{key}<br>{_escape(label_header(column, lang))}",
                    _escape(pick(TYPES[cmeta["type"]], lang)) + unit,
                    _describe_allowed(cmeta, lang),
                    _escape(pick(cmeta["description"], lang)),
                ],
            )
        )
    headers = [get_text(h, lang) for h in ("column", "type", "allowed", "description")]
    lines.append(_wrap_raw(_write_table(headers, column_rows, "nq-columns")))
    sources = sorted(frame["source_id"].astype(str).unique())
    if len(sources) == 1:
        from nq03lib.data.source import citation

        lines.append(f"*{citation(sources[0], lang)}.*\n")
    lines.append(f"## {get_text('rows', lang)}\n")
    lines.append(_wrap_raw(_write_rows_table(model, table, frame, page, lang)))
    return _normalise("\n".join(lines))


def _write_rows_table(model: SiteModel, table: str, frame: pd.DataFrame, page: str, lang: str) -> str:
    if frame["source_id"].nunique() == 1:  # one source: named once above the table, not on every row
        frame = frame.drop(columns=["source_id"])
    labelled = label_frame(frame, lang)
    if len(labelled.columns) != len(frame.columns):
        raise ValueError(f"{table}: label_frame dropped columns; the site needs one header per column")
    report = layout.get_site_path("report", lang)
    marks = {(f.table, f.row, f.column): f"fig-{n}" for n, f in enumerate(model.figures, start=1)}
    values = set(schema.value_columns(table))
    rows = []
    for position, label in enumerate(frame.index):
        cells = []
        for column, text in zip(frame.columns, labelled.iloc[position]):
            mark = marks.get((table, int(label), column))
            if column == "location":
                cells.append(_link_locations(str(text), page, lang))
            elif mark and column in values:
                href = layout.make_relative_link(page, report + "#" + mark)
                cells.append(f'<a class="nq-num" href="{href}">{_escape(text)}</a>')
            elif column in values:
                cells.append(f'<span class="nq-num">{_escape(text)}</span>')
            elif column == "quote":
                cells.append(f'<span class="nq-quote">{_escape(text)}</span>')
            else:
                cells.append(_escape(text))
        rows.append((model.row_ids[(table, int(label))], cells))
    return _write_table([_escape(c) for c in labelled.columns], rows, "nq-rows")


def build_dictionary_page(lang: str) -> str:
    """Return the data dictionary: abbreviations, the tables and every category with its labels."""
    page = layout.get_site_path("dictionary", lang)
    lines = [f"# {get_text('dictionary', lang)}\n"]
    intro = {
        "vi": "Chữ viết tắt của báo cáo, các bảng và các mã phân loại dùng trong tệp CSV, kèm nhãn tiếng Việt "
        "và tiếng Anh. Các cột của từng bảng có trong trang của bảng đó.",
        "en": "The report's abbreviations, the tables and the category codes used in the CSV files, with their "
        "Vietnamese and English labels. Each table's columns are on the table's page.",
    }
    lines.append(pick(intro, lang) + "\n")
    words = {
        "vi": ("Chữ viết tắt", "Tiếng Việt", "Tiếng Anh", "Mã"),
        "en": ("Abbreviation", "Vietnamese", "English", "Code"),
    }
    abbr, vi, en, code = pick(words, lang)
    lines.append(f"## {abbr}\n")
    rows = [
        ("", [f"<strong>{_escape(a)}</strong>", _escape(v), _escape(e)])
        for a, (v, e) in schema.ABBREVIATIONS.items()
    ]
    lines.append(_wrap_raw(_write_table([abbr, vi, en], rows)))
    lines.append(f"## {get_text('tables', lang)}\n")
    rows = []
    for table, meta in schema.TABLES.items():
        href = layout.make_relative_link(page, layout.get_site_path("table", lang, table=table))
        rows.append(
            (
                "",
                [
                    f'<a href="{href}"><code>{table}</code></a>',
                    _escape(get_table_title(table, lang)),
                    _escape(pick(meta["description"], lang)),
                ],
            )
        )
    lines.append(
        _wrap_raw(_write_table([code, get_text("table", lang), get_text("description", lang)], rows))
    )
    categories = {"vi": "Mã phân loại", "en": "Category codes"}
    lines.append(f"## {pick(categories, lang)}\n")
    for name, codes in schema.CATEGORIES.items():
        lines.append(f"### `{name}`\n")
        rows = [("", [f"<code>{_escape(c)}</code>", _escape(v), _escape(e)]) for c, (v, e) in codes.items()]
        lines.append(_wrap_raw(_write_table([code, vi, en], rows)))
    return _normalise("\n".join(lines))


# ---------------------------------------------------------------- audit


def _write_relation_text(explanation: str, technical: str, lang: str) -> str:
    """Return a relation's explanation in ``lang``, then its technical description (folded where it is a detail)."""
    out = f"<p>{_escape(explanation)}</p>" if explanation else ""
    label = _escape(get_text("technical", lang))
    if pick(FOLD_TECHNICAL, lang):
        return out + f'<details class="nq-technical"><summary>{label}</summary>{_escape(technical)}</details>'
    return out + f'<span class="nq-note">{label}: {_escape(technical)}</span>'


def build_audit_page(model: SiteModel, lang: str) -> str:
    """Return the audit page: every relation with its id, numbers and verdict, most pressing first."""
    page = layout.get_site_path("audit", lang)
    audit = model.audit
    lines = [f"# {get_text('audit', lang)}\n"]
    intro = {
        "vi": "Mỗi phép kiểm tra so một số báo cáo in với số tính lại từ các số khác của báo cáo, trong sai số "
        "do làm tròn. Khi một quan hệ do chính báo cáo nêu chưa thống nhất, kết luận là “cần làm rõ”, không phải “sai”; "
        "chênh lệch do cách tính của nhóm phân tích, hay do hai số khác thời điểm hoặc phạm vi, được ghi đúng "
        "như vậy. Dữ liệu luôn giữ nguyên như báo cáo in.",
        "en": "Every check compares a figure the report prints with one recomputed from its other figures, within "
        "the rounding tolerance. Where a relation the report states does not hold, the verdict is “needs "
        "clarifying”, never “wrong”; a gap that comes from this project's model, or from two figures with "
        "different dates or bases, is labelled as such. The data always stay as printed.",
    }
    lines.append(pick(intro, lang) + "\n")
    counts = audit["verdict"].astype(str).value_counts()
    summary = [
        (
            "",
            [
                f'<span class="nq-badge nq-v-{VERDICT_CLASSES[v]}">{_escape(pick(VERDICT_SHORT[v], lang))}</span>',
                _escape(pick(schema.CATEGORIES["verdict"][v], lang)),
                str(int(counts.get(v, 0))),
            ],
        )
        for v in VERDICT_ORDER
    ]
    lines.append(
        _wrap_raw(
            _write_table(
                [get_text("verdict", lang), get_text("description", lang), get_text("count", lang)], summary
            )
        )
    )
    rank = {v: i for i, v in enumerate(VERDICT_ORDER)}
    ordered = audit.assign(_rank=audit["verdict"].astype(str).map(lambda v: rank.get(v, -1))).sort_values(
        ["_rank", "kind", "relation_id"], kind="stable"
    )
    rows = []
    for _, r in ordered.iterrows():
        verdict = str(r["verdict"])
        rid = str(r["relation_id"])
        note = str(pick({"vi": r["explanation_vi"], "en": r["explanation_en"]}, lang) or "")
        label = pick(VERDICT_SHORT[verdict], lang) if verdict in VERDICT_SHORT else verdict
        numbers = [
            (get_text("printed", lang), r["printed"], 3),
            (get_text("recomputed", lang), r["recomputed"], 3),
        ]
        numbers += [
            (get_text("implied", lang), r["implied"], 3),
            (get_text("difference", lang), r["difference"], 3),
        ]
        numbers += [(get_text("tolerance", lang), r["tolerance"], 4)]
        shown = "<br>".join(
            f"{_escape(name)}: <span class='nq-num'>{_escape(format_value(v, lang, d))}</span>"
            for name, v, d in numbers
            if format_value(v, lang, d) != "–"
        )
        rows.append(
            (
                model.relation_ids[rid],
                [
                    f'<span class="nq-badge nq-v-{VERDICT_CLASSES.get(verdict, "none")}">{_escape(label)}</span><br>'
                    f"{_escape(pick(schema.CATEGORIES['relation_kind'][str(r['kind'])], lang))}<br>"
                    f'<code class="nq-id">{_escape(rid)}</code>',
                    _link_locations(str(r["location"]), page, lang),
                    shown,
                    _write_relation_text(note, str(r[f"description_{lang}"]), lang),
                ],
            )
        )
    headers = [get_text(h, lang) for h in ("relation", "location", "value", "explanation_and_technical")]
    lines.append(_wrap_raw(_write_table(headers, rows, "nq-audit")))
    return _normalise("\n".join(lines))
