"""Write the annotated report: the full text of the report, every stored figure marked where it is printed.

The page is MyST Markdown for Sphinx: the report's four parts are Markdown
headings (so they appear in the page's contents and in the search), the text
is raw HTML. Everything in it comes from the stored text of the report
(``data/source/``): its header, sections, signature and 22 footnotes, with
paragraph breaks where the text has line breaks and a footnote reference where
it has a footnote anchor (a stray line break before punctuation, see
:mod:`nq03lib.data.source`).

Every stored figure is one ``<a class="nq-fig">`` around the number it stands
for (:func:`nq03lib.site.figures.place_figures`), with ``data-table``,
``data-key`` (the row's key, as in ``restatements.csv``) and ``data-column``.
It links to its row on the table's page and is coloured by the most pressing
verdict of the relations that read it. A second printing of a stored figure
(``restatements.csv``) that is not itself a stored figure is an
``<a class="nq-again">`` linking to the first. Without JavaScript the page
reads as a text with links and tooltips; the script adds the pop-ups, from
the JSON the page carries.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass

from nq03lib.data import schema
from nq03lib.data.source import ANCHOR_RE, FOOTNOTE_MARK, load_report, reading_form, source_path
from nq03lib.site import layout
from nq03lib.site.model import VERDICT_CLASSES, VERDICT_ORDER, SiteModel
from nq03lib.site.words import (
    FOLD_TECHNICAL,
    format_value,
    get_table_title,
    get_text,
    label_header,
    label_row,
)
from nq03lib.text import SOURCE_LANG, format_location, pick

#: Short labels of the verdicts for the legend (the chart labels); the full wording is the schema's.
VERDICT_SHORT = {
    "holds": ("Khớp", "Holds"),
    "does not hold as stated": ("Cần làm rõ", "Needs clarifying"),
    "depends on our model": ("Do cách tính của nhóm phân tích", "From our model of the flows"),
    "different bases or dates": ("Khác thời điểm hoặc phạm vi", "Different dates or bases"),
    "derived only": ("Chỉ suy ra được", "Derived only"),
}

INTRO = {
    "vi": (
        "Toàn văn Báo cáo số 124-BC/TU, như lưu trong dự án (`data/source/`). "
        "Mỗi số liệu đã lưu trong `data/` ({count} số) được đánh dấu đúng chỗ báo cáo in nó; "
        "màu cho biết kết luận của các phép kiểm tra có dùng số đó. Bấm vào một số để xem bảng, dòng, "
        "giá trị và các phép kiểm tra; bấm tiếp vào liên kết để mở dòng đó trong bảng."
    ),
    "en": (
        "The full text of report 124-BC/TU as stored in the project (`data/source/`), in Vietnamese "
        "as printed. Every figure stored in `data/` ({count} of them) is marked where the report prints "
        "it; its colour gives the verdict of the checks that use it. Click a figure to see its table, "
        "row, value and checks; follow the link to open the row in its table."
    ),
}

#: Why some printed numbers are not marked (the project's rule, see README "Not data").
UNMARKED_NOTE = {
    "vi": (
        "Các số không được đánh dấu là những số dự án cố ý không lưu vì không phải số liệu: số hiệu văn bản "
        "(03-NQ/TU, 1187-KL/TU…), ngày tháng và năm, nhiệm kỳ (2020-2025), số thứ tự mục và số hiệu biểu "
        "(biểu 01…), và “05 năm”, “03 năm” trong tên gọi các đợt đánh giá. Mọi số khác báo cáo in ra đều "
        "đã được lưu và đánh dấu (một kiểm thử bảo đảm điều này)."
    ),
    "en": (
        "Numbers that are not marked are those the project deliberately does not store, because they are "
        "not data: document numbers (03-NQ/TU, 1187-KL/TU…), dates and years, terms (2020-2025), section "
        "and annex-table numbers (biểu 01…), and the “05 năm”, “03 năm” that name the reviews. Every other "
        "number the report prints is stored and marked (a test makes sure of it)."
    ),
}


@dataclass(frozen=True)
class _Span:
    """Hold where a location's content starts and ends in the report's raw text, and its reading map."""

    start: int
    end: int
    offsets: tuple[int, ...]


def track_reading_form(raw: str, base: int = 0) -> tuple[str, list[int]]:
    """Return the reading form of ``raw`` and, for each of its characters, its index in ``raw`` + ``base``.

    Follows :func:`nq03lib.data.source.reading_form` step by step and checks
    that the result is the same.

    Raises
    ------
    ValueError
        If the text is not in NFC or the result differs from ``reading_form``.

    """
    if unicodedata.normalize("NFC", raw) != raw:
        raise ValueError("the report text must be in NFC")
    chars: list[tuple[str, int]] = []
    for i, ch in enumerate(raw):
        ch = " " if ch == FOOTNOTE_MARK else ch
        if ch.isspace():
            if chars and chars[-1][0] == " ":
                continue
            chars.append((" ", base + i))
        else:
            chars.append((ch, base + i))
    chars = [
        c
        for k, c in enumerate(chars)
        if not (c[0] == " " and k + 1 < len(chars) and chars[k + 1][0] in ".,;:)")
    ]
    chars = [c for k, c in enumerate(chars) if not (c[0] == " " and k > 0 and chars[k - 1][0] == "(")]
    while chars and chars[0][0] == " ":
        chars.pop(0)
    while chars and chars[-1][0] == " ":
        chars.pop()
    text = "".join(c for c, _ in chars)
    if text != reading_form(raw):
        raise ValueError("the tracked reading form differs from nq03lib.data.source.reading_form")
    return text, [i for _, i in chars]


@dataclass
class ReportText:
    """Hold a report's raw text and where each location (section or footnote) stands in it."""

    source_id: str
    text: str
    spans: dict[str, _Span]
    end_body: int
    first_mark: int

    def find_raw_span(self, location: str, start: int, end: int) -> tuple[int, int]:
        """Return the raw span of the reading-text span ``[start, end)`` of ``location``."""
        offsets = self.spans[location].offsets
        return offsets[start], offsets[end - 1] + 1


def read_report_text(source_id: str) -> ReportText:
    """Read a report's stored text and find every section and footnote of :func:`load_report` in it."""
    report = load_report(source_id)
    raw = source_path(source_id).read_text(encoding="utf-8")
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").lstrip("\ufeff"))
    end_body = text.find("Nơi nhận:")
    first_mark = text.find(FOOTNOTE_MARK)
    body, offsets = track_reading_form(text[:end_body])
    spans: dict[str, _Span] = {}
    cursor = 0
    for location, reading in report.sections.items():
        pos = body.find(reading, cursor)
        if pos < 0:
            raise ValueError(f"{source_id}: section {location} not found in the text")
        own = tuple(offsets[pos : pos + len(reading)])
        spans[location] = _Span(own[0], own[-1] + 1, own)
        cursor = pos + len(reading)
    marks = [m.start() for m in re.finditer(re.escape(FOOTNOTE_MARK), text)]
    for number, (mark, nxt) in enumerate(zip(marks, [*marks[1:], len(text)]), start=1):
        reading, own = track_reading_form(text[mark + 1 : nxt], base=mark + 1)
        if reading != report.footnotes[number]:
            raise ValueError(f"{source_id}: footnote {number} does not match the parsed text")
        spans[f"fn{number}"] = _Span(own[0], own[-1] + 1, tuple(own))
    return ReportText(source_id, text, spans, end_body, first_mark)


# ---------------------------------------------------------------- marks


def _join_title(parts: list[str]) -> str:
    return " · ".join(p for p in parts if p)


def _collect_payload(model: SiteModel, lang: str, page: str) -> tuple[dict, dict, dict]:
    """Return the marks (raw span → HTML), the figures' and the relations' JSON for the pop-ups."""
    marks: dict[tuple[str, int, int], dict] = {}
    figures_json: dict[str, dict] = {}
    verdict_labels = schema.CATEGORIES["verdict"]
    kind_labels = schema.CATEGORIES["relation_kind"]
    audit_page = layout.get_site_path("audit", lang)
    again_by_figure: dict = {}
    for again in model.restatements:
        again_by_figure.setdefault(again.figure, []).append(again.placement.location)
    for n, figure in enumerate(model.figures, start=1):
        placement = model.placements[figure]
        frame = model.frames[figure.table]
        row = frame.loc[figure.row]
        verdict = model.pick_verdict(figure)
        href = layout.make_relative_link(
            page,
            layout.get_site_path("table", lang, table=figure.table)
            + "#"
            + model.row_ids[(figure.table, figure.row)],
        )
        mark_id = f"fig-{n}"
        figures_json[mark_id] = {
            "table": get_table_title(figure.table, lang),
            "code": figure.table,
            "row": label_row(figure.table, row, lang),
            "column": label_header(figure.column, lang),
            "value": placement.token if lang == SOURCE_LANG else format_value(float(figure.value), lang),
            "location": format_location(figure.location, lang),
            "href": href,
            "relations": list(model.relations[figure]),
            "again": again_by_figure.get(figure, []),
        }
        marks[(placement.source_id, placement.start, placement.end, placement.location)] = {
            "id": mark_id,
            "class": f"nq-fig nq-v-{VERDICT_CLASSES[verdict]}",
            "href": href,
            "attrs": {
                "data-table": figure.table,
                "data-key": figure.key,
                "data-column": figure.column,
                "data-source": figure.source_id,
                "data-verdict": verdict or "",
            },
            "title": _join_title(
                [
                    get_table_title(figure.table, lang),
                    label_row(figure.table, row, lang),
                    label_header(figure.column, lang),
                    pick(VERDICT_SHORT[verdict], lang) if verdict else get_text("no_check", lang),
                ]
            ),
            "restates": [],
        }
    first_marks = {f: f"fig-{n}" for n, f in enumerate(model.figures, start=1)}
    for k, again in enumerate(model.restatements, start=1):
        p = again.placement
        place = (p.source_id, p.start, p.end, p.location)
        target = first_marks[again.figure]
        if place in marks:  # one printed number: a stored figure and a second printing of another
            marks[place]["restates"].append(target)
            continue
        figure_json = figures_json[target]
        marks[place] = {
            "id": f"again-{k}",
            "class": "nq-again",
            "href": "#" + target,
            "attrs": {"data-restates": target},
            "title": _join_title(
                [get_text("again_of", lang) + " " + figure_json["location"], figure_json["table"]]
            ),
            "restates": [],
        }
    relations_json = {}
    table = model.audit.set_index(model.audit["relation_id"].astype(str))
    used = {rid for f in model.figures for rid in model.relations[f]}
    for rid in table.index:
        if rid not in used:
            continue
        r = table.loc[rid]
        verdict = str(r["verdict"])
        relations_json[rid] = {
            "kind": pick(kind_labels[str(r["kind"])], lang),
            "verdict": verdict,
            "class": VERDICT_CLASSES.get(verdict, "none"),
            "verdict_short": pick(VERDICT_SHORT[verdict], lang) if verdict in VERDICT_SHORT else verdict,
            "verdict_label": pick(verdict_labels[verdict], lang) if verdict in verdict_labels else verdict,
            "printed": format_value(r["printed"], lang),
            "recomputed": format_value(r["recomputed"], lang),
            "implied": format_value(r["implied"], lang),
            "description": str(r[f"description_{lang}"]),
            "explanation": str(r[f"explanation_{lang}"] or ""),
            "href": layout.make_relative_link(page, audit_page + "#" + model.relation_ids[rid]),
        }
    return marks, figures_json, relations_json


def _open_mark(mark: dict) -> str:
    attrs = dict(mark["attrs"])
    if mark["restates"]:
        attrs["data-restates"] = " ".join(mark["restates"])
    extra = "".join(f' {k}="{html.escape(v)}"' for k, v in attrs.items())
    return (
        f'<a id="{mark["id"]}" class="{mark["class"]}" href="{html.escape(mark["href"])}"'
        f' title="{html.escape(mark["title"])}"{extra}>'
    )


def _render(
    text: ReportText, start: int, end: int, marks: dict[int, tuple[int, str]], anchors: dict[int, int]
):
    """Return the paragraphs (HTML) of the raw text ``[start, end)``, with marks and footnote references."""
    paragraphs, pieces = [], []
    i = start
    while i < end:
        if i in marks:
            stop, opening = marks[i]
            pieces.append(opening + html.escape(text.text[i:stop]) + "</a>")
            i = stop
            continue
        ch = text.text[i]
        if ch == "\n":
            if i in anchors:
                n = anchors[i]
                pieces.append(f'<sup class="nq-fnref" id="fnref-{n}"><a href="#fn-{n}">{n}</a></sup>')
            else:
                paragraphs.append("".join(pieces))
                pieces = []
        else:
            pieces.append(" " if ch == "\t" else html.escape(ch))
        i += 1
    paragraphs.append("".join(pieces))
    return [re.sub(r" {2,}", " ", p).strip() for p in paragraphs if p.strip()]


def _wrap_raw(block: str) -> str:
    return f"```{{raw}} html\n{block}\n```\n"


def _escape_md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|{}])", r"\\\1", text)


def _write_legend(model: SiteModel, lang: str) -> str:
    counts: dict[str | None, int] = {}
    for figure in model.figures:
        verdict = model.pick_verdict(figure)
        counts[verdict] = counts.get(verdict, 0) + 1
    items = []
    for verdict in (*VERDICT_ORDER, None):
        if verdict is None:
            label, wording = get_text("no_check", lang), ""
        else:
            label = pick(VERDICT_SHORT[verdict], lang)
            wording = pick(schema.CATEGORIES["verdict"][verdict], lang)
        items.append(
            f'<li><span class="nq-swatch nq-v-{VERDICT_CLASSES[verdict]}">12,34</span> '
            f"<strong>{html.escape(label)}</strong> ({counts.get(verdict, 0)})"
            + (
                f'<br><span class="nq-wording">{html.escape(wording)}</span>'
                if wording and wording != label
                else ""
            )
            + "</li>"
        )
    items.append(
        f'<li><span class="nq-swatch nq-again">12,34</span> <strong>{html.escape(get_text("restated", lang))}</strong>'
        f" ({sum(1 for _ in model.restatements)})</li>"
    )
    return (
        f'<div class="nq-legend"><p class="nq-legend-title">{html.escape(get_text("legend", lang))}</p>'
        f"<ul>{''.join(items)}</ul></div>"
    )


def _write_section(location: str, paragraphs: list[str], top: bool) -> str:
    body = []
    for k, p in enumerate(paragraphs):
        if k == 0 and not top and location != "intro":
            plain = re.sub(r"<[^>]+>", "", p)
            body.append(f"<p class='nq-lead'>{p}</p>" if plain.rstrip().endswith(".") else f"<h3>{p}</h3>")
        else:
            body.append(f"<p>{p}</p>")
    label = "" if location == "intro" else f'<span class="nq-loc" aria-hidden="true">{location}</span>'
    return f'<section class="nq-sec" id="s-{location}" data-location="{location}">{label}{"".join(body)}</section>'


def build_report_page(model: SiteModel, lang: str, source_id: str | None = None) -> str:
    """Return the annotated report page (MyST Markdown) of one edition.

    Parameters
    ----------
    model : SiteModel
        From :func:`nq03lib.site.model.collect_model`.
    lang : {"vi", "en"}
        The edition: the report stays in Vietnamese, the page's words and
        pop-ups follow ``lang``.
    source_id : str, optional
        The report (default: the project's main report).

    """
    from nq03lib.data.source import citation, default_source_id

    source_id = source_id or default_source_id()
    page = layout.get_site_path("report", lang)
    text = read_report_text(source_id)
    report = load_report(source_id)
    marks, figures_json, relations_json = _collect_payload(model, lang, page)
    by_location: dict[str, dict[int, tuple[int, str]]] = {}
    for (src, start, end, location), mark in marks.items():
        if src != source_id:
            continue
        raw_start, raw_end = text.find_raw_span(location, start, end)
        by_location.setdefault(location, {})[raw_start] = (raw_end, _open_mark(mark))
    anchor_no = 0
    anchors: dict[int, int] = {}
    for location in report.sections:
        span = text.spans[location]
        for m in ANCHOR_RE.finditer(text.text, span.start, span.end):
            anchor_no += 1
            anchors[m.start()] = anchor_no
    if anchor_no != len(report.footnotes):
        raise ValueError(f"{source_id}: {anchor_no} footnote anchors for {len(report.footnotes)} footnotes")

    count = sum(1 for f in model.figures if f.source_id == source_id)
    title = get_text("report", lang)
    out = [
        f"# {title}\n",
        pick(INTRO, lang).format(count=f"{count}") + "\n",
        _wrap_raw(_write_legend(model, lang)),
        f"{pick(UNMARKED_NOTE, lang)}\n",
        f"*{citation(source_id, lang)}.*\n",
    ]
    for location in report.sections:
        span = text.spans[location]
        paragraphs = _render(text, span.start, span.end, by_location.get(location, {}), anchors)
        top = "." not in location and location != "intro"
        if location == "intro":
            head, _, rest = _split_header(paragraphs)
            out.append(
                _wrap_raw(
                    f'<div class="nq-report"><header class="nq-header">{"".join(f"<p>{p}</p>" for p in head)}</header>'
                    + _write_section("intro", rest, False)
                    + "</div>"
                )
            )
            continue
        if top:
            out.append(f"## {_escape_md(re.sub(r'<[^>]+>', '', paragraphs[0]))}\n")
            paragraphs = paragraphs[1:]
            if not paragraphs:
                out.append(_wrap_raw(f'<span id="s-{location}"></span>'))
                continue
            out.append(
                _wrap_raw(f'<div class="nq-report">{_write_section(location, paragraphs, True)}</div>')
            )
        else:
            out.append(
                _wrap_raw(f'<div class="nq-report">{_write_section(location, paragraphs, False)}</div>')
            )
    out.append(_wrap_raw(_write_signature(text)))
    out.append(f"## {get_text('footnotes', lang)}\n")
    out.append(_wrap_raw(_write_footnotes(text, report, by_location, lang)))
    payload = {"figures": figures_json, "relations": relations_json, "words": _collect_popup_words(lang)}
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    out.append(_wrap_raw(f'<script type="application/json" id="nq-report-data">{data}</script>'))
    return unicodedata.normalize("NFC", "\n".join(out))


def _split_header(paragraphs: list[str]) -> tuple[list[str], str, list[str]]:
    """Split the intro at the report's rule line (``-----``): the header above, the text below."""
    for k, p in enumerate(paragraphs):
        if set(p) == {"-"}:
            return paragraphs[:k], p, paragraphs[k + 1 :]
    return [], "", paragraphs


def _write_signature(text: ReportText) -> str:
    block = text.text[text.end_body : text.first_mark]
    lines = [html.escape(" ".join(line.split())) for line in block.split("\n")]
    lines = [line for line in lines if line]
    return '<div class="nq-report nq-signature">' + "".join(f"<p>{line}</p>" for line in lines) + "</div>"


def _write_footnotes(text: ReportText, report, by_location: dict, lang: str) -> str:
    items = []
    for number in report.footnotes:
        location = f"fn{number}"
        span = text.spans[location]
        paragraphs = _render(text, span.start, span.end, by_location.get(location, {}), {})
        section = report.footnote_section.get(number, "")
        back = (
            f' <a class="nq-back" href="#fnref-{number}" title="{html.escape(get_text("back_to_text", lang))}">↩ '
            f"{html.escape(get_text('anchored_in', lang))} {section}</a>"
        )
        items.append(
            f'<li id="fn-{number}" value="{number}" data-location="{location}">'
            + " ".join(paragraphs)
            + back
            + "</li>"
        )
    return f'<div class="nq-report"><ol class="nq-footnotes">{"".join(items)}</ol></div>'


def _collect_popup_words(lang: str) -> dict:
    names = (
        "table",
        "row",
        "column",
        "value",
        "location",
        "relations",
        "no_relation",
        "printed",
        "recomputed",
        "implied",
        "see_row",
        "see_check",
        "printed_again",
        "again_of",
        "close",
        "technical",
    )
    words: dict = {name: get_text(name, lang) for name in names}
    words["fold_technical"] = pick(FOLD_TECHNICAL, lang)
    return words
