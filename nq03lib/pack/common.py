"""What the deck, the booklet and the workbook share: the order, the pack's own words, fixed dates.

* :data:`SECTIONS` and :data:`APPENDIX` place every chart: in the report's
  section it presents (in the report's order), or in the appendix (method and
  audit charts); :func:`order_charts` applies them.
* :func:`list_topic_findings` computes the findings each notebook ends with,
  from the analysis modules; :func:`list_chart_quotes` the quotes and
  locations behind a chart (for the speaker notes).
* :func:`write_for_readers` spells out the codes a reader should not meet
  ("fn13", "II.4", "vs").

Every date written into a file's metadata is :data:`FIXED_DATE` (the report's
date) and every zip member gets :data:`ZIP_DATE`, so that two runs give the
same bytes (:func:`normalise_zip`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

#: Every date written into file metadata: the report's date, so runs are reproducible.
FIXED_DATE = dt.datetime(2021, 9, 28, 0, 0, 0)
#: Timestamp of every member of the zip files (pptx, xlsx): the earliest a zip can hold.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: The report the pack presents (a row of ``data/source/sources.csv``).
SOURCE_ID = "bc124-2021"

#: The pack's own words (chart titles, takeaways and the source note come from the charts).
TEXT = {
    "vi": {
        "deck_kicker": "Tài liệu phục vụ cuộc họp",
        "report": "Báo cáo số {number} ngày {date} của {issuer}",
        "based_on": "Căn cứ: {report}",
        "date": "Ngày {date}",
        "presenter": "Người trình bày: {name}",
        "agenda": "Nội dung",
        "section": "Mục {code} của báo cáo",
        "findings": "Những nhận định chính",
        "findings_intro": "Tính từ số liệu của báo cáo, như phần kết của các sổ tay phân tích",
        "appendix": "Phụ lục",
        "appendix_title": "Phương pháp và những điểm cần làm rõ",
        "part": "({k}/{n})",
        "continued": "(tiếp theo)",
        "notes_quotes": "Số liệu trên trang này lấy từ {report}:",
        "notes_none": "Biểu đồ này không đọc trực tiếp số liệu nào của báo cáo.",
        "notes_figures": "Số liệu: {figures}",
        "notes_heading": "Tiêu đề mục trong báo cáo: “{heading}”",
        "notes_findings": "Các nhận định được tính từ số liệu; trích dẫn và vị trí của từng số có trong sổ tay {notebook}.",
        "count": "{n} biểu đồ",
        "contents": "Mục lục",
        "page": "Trang {n}",
    },
    "en": {
        "deck_kicker": "Material for the meeting",
        "report": "Report No. {number} of {date}, {issuer}",
        "based_on": "Based on: {report}",
        "date": "{date}",
        "presenter": "Presented by: {name}",
        "agenda": "Agenda",
        "section": "Section {code} of the report",
        "findings": "Key findings",
        "findings_intro": "Computed from the report's figures, as the analysis notebooks end",
        "appendix": "Appendix",
        "appendix_title": "Method and points to clarify",
        "part": "({k}/{n})",
        "continued": "(continued)",
        "notes_quotes": "The figures on this slide come from {report}:",
        "notes_none": "This chart reads no figure of the report directly.",
        "notes_figures": "Figures: {figures}",
        "notes_heading": "The section's heading in the report: “{heading}”",
        "notes_findings": "The findings are computed from the figures; notebook {notebook} gives each figure's quote and location.",
        "count": "{n} charts",
        "contents": "Contents",
        "page": "Page {n}",
    },
}
_MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_CORE_DATE_RE = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def describe_report(lang: str) -> tuple[str, str]:
    """Return the report's title and its "Report No. … of … by …" line in ``lang``.

    Both come from the report's row in ``data/source/sources.csv``.

    Parameters
    ----------
    lang : {"vi", "en"}

    Returns
    -------
    tuple of str
        ``(title, citation line)``.

    """
    from nq03lib.data.source import source_record
    from nq03lib.text import format_date, pick

    record = source_record(SOURCE_ID)
    title = pick((record["title"], record.get("title_en") or record["title"]), lang)
    issuer = pick((record["issuer"], record.get("issuer_en") or record["issuer"]), lang)
    date = format_date(record["date"], lang)
    return title, pick(TEXT, lang)["report"].format(number=record["number"], date=date, issuer=issuer)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip archive (pptx, xlsx) so that the same content gives the same bytes.

    Members keep their order; every member gets the timestamp :data:`ZIP_DATE`,
    the same compression and the same file attributes; the document's created
    and modified dates (``docProps/core.xml``) become :data:`FIXED_DATE`, whatever
    the library wrote (openpyxl stamps "modified" with the time of saving).

    Parameters
    ----------
    data : bytes
        The archive as the library saved it.

    Returns
    -------
    bytes
        The same archive, reproducible.

    """
    out = io.BytesIO()
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATE_RE.sub(rb"\g<1>" + stamp + rb"\g<3>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            dst.writestr(fixed, content, compresslevel=6)
    return out.getvalue()


# ---------------------------------------------------------------- the order of the deck and booklet

#: The report's sections that charts present, in the report's order: location, short title
#: ``(vi, en)`` and the charts, in the order shown.
SECTIONS: tuple[tuple[str, tuple[str, str], tuple[str, ...]], ...] = (
    (
        "II.2",
        ("Tổ chức cơ sở đảng, chi bộ và năng lực lãnh đạo", "Party organisations, cells and leadership"),
        (
            "04-organisations-by-type",
            "04-organisations-stocks",
            "04-restructuring-by-kind",
            "04-restructuring-bridge-tccsd",
            "04-restructuring-bridge-chi-bo",
            "06-training-classes-by-level",
            "06-training-participants-by-kind",
            "05-village-heads-trajectory",
            "05-village-heads-districts",
        ),
    ),
    (
        "II.3",
        ("Sinh hoạt chi bộ và xếp loại chất lượng", "Cell meetings and quality ratings"),
        (
            "01-ratings-tccsd-stacked",
            "01-ratings-members-stacked",
            "01-ratings-members-lines",
            "06-coverage-2021",
            "06-indicators-baseline-vs-2021",
        ),
    ),
    (
        "II.4",
        ("Rèn luyện, quản lý, phân công đảng viên", "Training, managing and assigning members"),
        (
            "02-membership-composition",
            "02-members-per-tccsd-by-type",
            "06-households-2016-vs-2021",
            "06-residence-rating-2016-2020",
        ),
    ),
    (
        "II.5",
        ("Tổ chức đảng ở thôn và kết nạp đảng viên", "Party cells in villages and recruitment"),
        ("02-recruits-vs-members", "02-representation-ratio"),
    ),
    (
        "II.6",
        ("Kiểm tra, giám sát và kỷ luật", "Inspection, supervision and discipline"),
        ("07-inspection-vs-supervision", "07-inspections-by-level", "07-discipline-by-form"),
    ),
    (
        "III.2",
        ("Khuyết điểm, hạn chế: các đơn vị được nêu tên", "Shortcomings: the units the report names"),
        (
            "03-district-matrix-heatmap",
            "03-district-shortfall-ranking",
            "03-district-tile-map",
            "03-district-vs-province-target",
        ),
    ),
)
#: The appendix: charts of method (readings, implied figures, scenarios) and of the audit, in order.
APPENDIX: tuple[str, ...] = (
    "01-ratings-tccsd-lines",
    "01-ratings-implied-counts",
    "02-composition-scenario",
    "04-cells-2021-implied",
    "05-village-heads-reading-sensitivity",
    "06-baselines-sensitivity",
    "08-audit-verdicts",
    "08-audit-discrepancies",
)
APPENDIX_CODE = "appendix"
#: The analysis modules whose ``list_findings`` give the key-findings slides, with their notebook.
FINDING_MODULES: tuple[tuple[str, str], ...] = (
    ("organisations", "04-organisations"),
    ("village", "05-village-leadership"),
    ("training", "06-education-training"),
    ("ratings", "01-ratings"),
    ("membership", "02-membership-recruitment"),
    ("inspection", "07-inspection-discipline"),
    ("districts", "03-district-gaps"),
)


def find_place(name: str) -> str:
    """Return where chart ``name`` goes: its report section's location, or ``"appendix"``.

    A chart placed nowhere (a new chart) goes to the appendix, after the others.
    """
    for code, _, names in SECTIONS:
        if name in names:
            return code
    return APPENDIX_CODE


def _rank(name: str) -> tuple[int, int, str]:
    """Return the sort key of a chart in the deck: section, position, name."""
    for i, (_, _, names) in enumerate(SECTIONS):
        if name in names:
            return (i, names.index(name), name)
    if name in APPENDIX:
        return (len(SECTIONS), APPENDIX.index(name), name)
    return (len(SECTIONS), len(APPENDIX), name)


def order_charts(patterns: list[str] | None = None) -> list:
    """Return the charts in the deck's order, or those ``patterns`` name, in the order given.

    Without patterns: every chart, by report section (:data:`SECTIONS`), then
    the appendix. With patterns: each pattern's charts in turn (a glob's charts
    in the deck's order), a chart named twice shown once.

    Raises
    ------
    KeyError
        Naming a pattern that matches no chart, with the closest name.

    """
    from nq03lib.charts import registry

    return registry.select(patterns, rank=_rank)


def name_place(code: str, lang: str) -> tuple[str, str]:
    """Return a place's kicker and title in ``lang``: ("Mục II.2 của báo cáo", "Tổ chức …") or the appendix's."""
    from nq03lib.text import pick

    text = pick(TEXT, lang)
    if code == APPENDIX_CODE:
        return text["appendix"], text["appendix_title"]
    title = next(pick(t, lang) for c, t, _ in SECTIONS if c == code)
    return text["section"].format(code=code), title


def group_by_place(charts: list) -> list[tuple[str, list]]:
    """Split charts, in their order, into runs of the same place: ``[(place, [chart, …]), …]``."""
    runs: list[tuple[str, list]] = []
    for chart in charts:
        place = find_place(chart.name)
        if runs and runs[-1][0] == place:
            runs[-1][1].append(chart)
        else:
            runs.append((place, [chart]))
    return runs


# ---------------------------------------------------------------- findings and quotes


def list_topic_findings(lang: str) -> list[tuple[str, str, list[str]]]:
    """Return the findings of each analysis topic: ``[(notebook, heading, sentences), …]``.

    The same sentences the notebooks end with, computed by the analysis
    modules' ``list_findings`` from the tables of the main report; the heading
    is the notebook's own title (without its number).
    """
    import importlib

    from nq03lib.audit import list_text_findings
    from nq03lib.charts import registry
    from nq03lib.explore import read_notebook_title

    frames = registry.frames()
    out = []
    for module_name, notebook in FINDING_MODULES:
        module = importlib.import_module(f"nq03lib.analysis.{module_name}")
        if module_name == "organisations":
            from nq03lib.analysis.village import fit_village_counts

            fits = fit_village_counts(
                frames["stated_changes"],
                frames["rates"],
                frames["organisations"],
                frames["restructuring"],
                readings=("pp",),
            )
            sentences = module.list_findings(frames, fits, lang)
        elif module_name == "districts":
            sentences = module.list_findings(frames, lang, text_findings=list_text_findings())
        else:
            sentences = module.list_findings(frames, lang)
        heading = read_notebook_title(notebook, lang).split(" · ", 1)[-1]
        out.append((notebook, heading, list(sentences)))
    return out


def list_chart_quotes(name: str, lang: str):
    """Return the figures behind chart ``name`` with their location and verbatim quote.

    The chart's table is joined to the data rows it reads, as the explorer does
    (:mod:`nq03lib.explore`); an audit chart's figures are the rows its
    relations read.

    Returns
    -------
    pandas.DataFrame
        ``figure``, ``value``, ``location`` (a code such as ``fn10``), ``quote``.

    """
    from nq03lib import explore

    data, tables = explore.compute_chart_data(name, lang)
    frames = explore.load_frames()
    if "relation_id" in data.columns or {"kind", "verdict", "relation_count"} <= set(data.columns):
        if "relation_id" in data.columns:
            ids = list(data["relation_id"].astype(str))
        else:
            pairs = set(zip(data["kind"].astype(str), data["verdict"].astype(str)))
            audit = explore._load_audit()
            ids = [
                r
                for r, k, v in zip(
                    audit["relation_id"], audit["kind"].astype(str), audit["verdict"].astype(str)
                )
                if (k, v) in pairs and v != "holds"
            ]
        rows = explore.list_relation_rows(ids)
    else:
        index = explore.index_charts()
        rows = index[(index["chart"] == name) & index["table"].isin(list(tables))]  # the tables it reads
        rows = rows[list(explore.TIE_COLUMNS)]
    return explore.list_quotes(rows, lang, frames)


_FOOTNOTE_RE = re.compile(r"\bfn(\d+)(?:[–-]fn(\d+))?\b")
_SECTION_RE = re.compile(r"(?<![\w.])(?<!mục )(?<!Mục )(?<!section )(?<!Section )([IV]+\.\d+)(?!\w|\.\d)")
_VS_RE = re.compile(r"\bvs\b\.?")
_READER_WORDS = {
    "vi": ("chú thích {n} của báo cáo", "mục {code}", "so với"),
    "en": ("footnote {n} of the report", "section {code}", "against"),
}


def write_for_readers(text: str, lang: str) -> str:
    """Spell out the codes of ``text`` for a reader: "fn13" → "chú thích 13 của báo cáo", "II.4" → "mục II.4", "vs" → "so với".

    Parameters
    ----------
    text : str
    lang : {"vi", "en"}

    Returns
    -------
    str

    """
    from nq03lib.text import pick

    footnote, section, versus = pick(_READER_WORDS, lang)
    text = _FOOTNOTE_RE.sub(
        lambda m: footnote.format(n=f"{m.group(1)}–{m.group(2)}" if m.group(2) else m.group(1)), text
    )
    text = _SECTION_RE.sub(lambda m: section.format(code=m.group(1)), text)
    return _VS_RE.sub(versus, text)


def read_section_headings() -> dict[str, str]:
    """Return each numbered section's heading as the report prints it: ``{"II.2": "Nâng cao …", …}``.

    Read from the report's text (``data/source/``), the heading being the
    section's first line without its number.
    """
    import unicodedata

    from nq03lib.data.source import source_path

    text = source_path(SOURCE_ID).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    text = unicodedata.normalize("NFC", text)
    headings, top = {}, None
    for line in text.split("\n"):
        if m := re.match(r"^(I|II|III|IV)\. (\S.*)", line):
            top = m.group(1)
            headings[top] = m.group(2).strip()
        elif top in ("I", "II", "III") and (m := re.match(r"^\s?(\d)\.\s(\S.*)", line)):
            headings.setdefault(f"{top}.{m.group(1)}", m.group(2).split(":")[0].strip())
    return headings
