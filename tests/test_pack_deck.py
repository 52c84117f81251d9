"""Test the meeting pack as a cadre opens it: the deck's structure and words, the A4 booklet, the workbook.

One small pack (three charts, both languages) is built once for the module;
the 4:3 deck and the LibreOffice rendering use their own small exports.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.enum.shapes import MSO_SHAPE_TYPE  # noqa: E402

import nq03lib as nq  # noqa: E402
from nq03lib.analysis import inspection, ratings  # noqa: E402
from nq03lib.api import load_all  # noqa: E402
from nq03lib.charts import registry  # noqa: E402
from nq03lib.data import schema  # noqa: E402
from nq03lib.data.labels import COLUMN_LABELS  # noqa: E402
from nq03lib.pack import booklet, common, deck, workbook  # noqa: E402
from nq03lib.pack import export as pack  # noqa: E402

#: A chart of a report section whose English note says "fn13", one of the ratings, one of the audit.
CHARTS = ["06-households-2016-vs-2021", "01-ratings-tccsd-stacked", "08-audit-verdicts"]
MEETING = ["--title", "Hội nghị Ban Thường vụ Tỉnh ủy", "--date", "2021-10-05", "--presenter", "Nguyễn Văn A"]
#: What no slide may show a reader: a footnote code, a file path, "vs", a snake_case code.
JARGON = re.compile(r"\bfn\d|\b[\w-]+/[\w./-]+\.(csv|py|ipynb)\b|\bdata/|\bvs\b|\b[a-z]+_[a-z_]+\b")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("deck")
    args = [*CHARTS, "--out", str(folder), "--lang", "vi,en", "--dpi", "40", "--parts", "deck,booklet,data"]
    assert pack.main([*args, *MEETING, "-q"]) == 0
    return folder


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.name != deck.NUMBER_SHAPE]


def _pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def _deck(folder: Path, lang: str = "vi"):
    return Presentation(str(folder / f"nq03-{lang}.pptx"))


# ---------------------------------------------------------------- the deck's order


def test_deck_opens_with_title_agenda_then_sections_in_report_order(built):
    prs = _deck(built)
    slides = list(prs.slides)
    title = " ".join(_texts(slides[0]))
    assert "Hội nghị Ban Thường vụ Tỉnh ủy" in title
    assert "Ngày 5-10-2021" in title and "Người trình bày: Nguyễn Văn A" in title
    assert "BAN THƯỜNG VỤ TỈNH ỦY KON TUM" in title  # the issuer of sources.csv by default
    assert "124-BC/TU" in title
    agenda = _texts(slides[1])
    assert agenda[0] == "Nội dung"
    # the selection's own order: II.4 (households), II.3 (ratings), then findings and the appendix
    lines = agenda[1].split("\n")
    assert [re.sub(r"^\d+\. ", "", line) for line in lines] == [
        "Rèn luyện, quản lý, phân công đảng viên (mục II.4 của báo cáo)",
        "Sinh hoạt chi bộ và xếp loại chất lượng (mục II.3 của báo cáo)",
        "Những nhận định chính",
        "Phụ lục: Phương pháp và những điểm cần làm rõ",
    ]
    kinds = []
    for slide in slides[2:]:
        texts = _texts(slide)
        if _pictures(slide):
            kinds.append(_pictures(slide)[0].name)
        elif texts[0] == "Những nhận định chính":
            kinds.append("findings")
        else:
            kinds.append(texts[0])
    findings = kinds.count("findings")
    assert findings >= 7  # every topic has at least one slide
    assert kinds == [
        "Mục II.4 của báo cáo",
        CHARTS[0],
        "Mục II.3 của báo cáo",
        CHARTS[1],
        *["findings"] * findings,
        "Phụ lục",
        CHARTS[2],
    ]


def test_a_full_deck_orders_charts_by_report_section_and_never_opens_with_method():
    charts = common.order_charts()
    assert sorted(c.name for c in charts) == sorted(registry.charts())
    places = [common.find_place(c.name) for c in charts]
    assert places[0] != common.APPENDIX_CODE
    assert places.index(common.APPENDIX_CODE) > max(
        i for i, p in enumerate(places) if p != common.APPENDIX_CODE
    )
    sections = [code for code, _, _ in common.SECTIONS]
    report_order = list(common.read_section_headings())
    assert sections == sorted(sections, key=report_order.index)  # the report's own order
    for name in ("08-audit-verdicts", "08-audit-discrepancies", "01-ratings-implied-counts"):
        assert common.find_place(name) == common.APPENDIX_CODE


def test_every_registered_chart_has_its_place():
    placed = [n for _, _, names in common.SECTIONS for n in names] + list(common.APPENDIX)
    assert sorted(placed) == sorted(registry.charts())  # a new chart must be placed, once


def test_list_prints_sections_and_their_charts_in_deck_order(capsys):
    assert pack.main(["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    charts = [line.split()[0] for line in lines if line.startswith("  ")]
    assert charts == [c.name for c in common.order_charts()]
    headings = [line for line in lines if not line.startswith("  ")]
    assert headings[0] == "Mục II.2 của báo cáo · Tổ chức cơ sở đảng, chi bộ và năng lực lãnh đạo"
    assert headings[-1] == "Phụ lục · Phương pháp và những điểm cần làm rõ"
    assert len(headings) == len(common.SECTIONS) + 1


def test_list_and_deck_keep_the_order_of_a_selection(capsys):
    assert pack.main(["--list", "08-audit-verdicts", "04-organisations-by-type"]) == 0
    charts = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert charts == ["08-audit-verdicts", "04-organisations-by-type"]


# ---------------------------------------------------------------- the chart slides


def test_pictures_are_never_cropped_nor_distorted(built):
    for lang in ("vi", "en"):
        prs = _deck(built, lang)
        pictures = [p for slide in prs.slides for p in _pictures(slide)]
        assert [p.name for p in pictures] == CHARTS
        for picture in pictures:
            assert (picture.crop_top, picture.crop_bottom, picture.crop_left, picture.crop_right) == (
                0,
                0,
                0,
                0,
            )
            width_px, height_px = picture.image.size
            assert picture.width / picture.height == pytest.approx(width_px / height_px, rel=0.01)
            assert 0 <= picture.left and picture.left + picture.width <= prs.slide_width
            assert 0 <= picture.top and picture.top + picture.height <= prs.slide_height


def test_chart_slides_show_title_and_takeaway_as_text(built):
    for lang in ("vi", "en"):
        slides = [s for s in _deck(built, lang).slides if _pictures(s)]
        for slide, name in zip(slides, CHARTS):
            texts = _texts(slide)
            assert texts[0] == common.write_for_readers(registry.get(name).title[lang], lang)
            assert texts[1] == common.write_for_readers(registry.takeaway(name, lang), lang)


def test_slot_pictures_have_no_title_but_keep_the_source_note():
    from nq03lib.data.source import citation

    for name in CHARTS:
        fig = registry.figure_for_slot(
            name, "en", (12.4, 5.4), note=lambda t: common.write_for_readers(t, "en")
        )
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert not fig.get_suptitle()
        texts = [t.get_text() for t in fig.texts]
        assert any(citation(None, "en") in t for t in texts)
        assert registry.takeaway(name, "en") not in texts
        assert not any(re.search(r"\bfn\d", t) for t in texts)
        for ax in fig.axes:  # nothing drawn off the picture
            box = ax.get_tightbbox(renderer)
            assert (
                box.x0 >= -1
                and box.y0 >= -1
                and box.x1 <= fig.bbox.width + 1
                and box.y1 <= fig.bbox.height + 1
            )
        matplotlib.pyplot.close(fig)


def test_no_slide_shows_footnote_codes_paths_or_vs(built):
    for lang in ("vi", "en"):
        for number, slide in enumerate(_deck(built, lang).slides, start=1):
            for text in _texts(slide):
                assert not JARGON.search(text), (lang, number, text)


def test_no_slide_tells_the_authors_their_report_is_wrong(built):
    for slide in _deck(built, "vi").slides:
        for text in _texts(slide):
            assert "không khớp" not in text and not re.search(r"\bsai\b", text)


def test_every_chart_slide_has_notes_with_the_quotes_behind_it(built):
    quotes = {q for frame in load_all().values() if "quote" in frame.columns for q in frame["quote"].dropna()}
    for lang in ("vi", "en"):
        for slide in _deck(built, lang).slides:
            if not _pictures(slide):
                continue
            notes = slide.notes_slide.notes_text_frame.text
            assert any(f"“{q}”" in notes for q in quotes), notes[:200]
            assert not re.search(r"\bfn\d", notes)  # locations written for readers
            assert re.search(r"(Mục [IV]+\.\d|Chú thích \d|Section [IV]+\.\d|Footnote \d)", notes)


def test_findings_slides_say_what_the_analysis_modules_compute(built):
    frames = registry.frames()
    for lang in ("vi", "en"):
        shown = []
        for slide in _deck(built, lang).slides:
            texts = _texts(slide)
            if texts and texts[0] == common.TEXT[lang]["findings"]:
                shown += texts[2].split("\n")
        computed = [s for _, _, sentences in common.list_topic_findings(lang) for s in sentences]
        assert shown == computed
        for module in (ratings, inspection):  # the same sentences the notebooks end with
            for sentence in module.list_findings(frames, lang):
                assert sentence in shown


def test_findings_are_spread_so_that_none_overflows():
    for size in ("16:9", "4:3"):
        slides = deck.Deck("vi", size)
        sentences = ["Một nhận định khá dài để thử việc chia trang, có số liệu 29.651 và 15,34%. " * 4] * 9
        pages = slides.plan_findings(sentences)
        assert [s for page in pages for s in page] == sentences
        height = slides.height_in - 1.95 - 0.6
        for page in pages:
            assert 1 <= len(page) <= 4
            lines = sum(
                deck.estimate_lines(s, slides.text_width - 0.4, slides.FINDING_PT[size]) for s in page
            )
            assert lines * slides.FINDING_PT[size] * 1.2 / 72 <= height


def test_size_4_3_makes_a_4_3_presentation(tmp_path):
    args = [
        CHARTS[0],
        "--out",
        str(tmp_path),
        "--parts",
        "deck",
        "--size",
        "4:3",
        "--dpi",
        "40",
        "--no-findings",
    ]
    assert pack.main([*args, "-q"]) == 0
    prs = _deck(tmp_path)
    assert prs.slide_width / prs.slide_height == pytest.approx(4 / 3, rel=1e-3)
    (picture,) = [p for s in prs.slides for p in _pictures(s)]
    assert picture.left + picture.width <= prs.slide_width
    width_px, height_px = picture.image.size
    assert picture.width / picture.height == pytest.approx(width_px / height_px, rel=0.01)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_every_slide(built, tmp_path):
    deck_file = tmp_path / "nq03-vi.pptx"
    shutil.copy(built / "nq03-vi.pptx", deck_file)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck_file)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = (tmp_path / "nq03-vi.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == len(_deck(built).slides)


# ---------------------------------------------------------------- the booklet


def _page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox \[ *0 0 ([\d.]+) ([\d.]+) *\]", pdf)]


def _findings_pages(lang: str) -> int:
    findings = [(heading, sentences) for _, heading, sentences in common.list_topic_findings(lang)]
    return len(booklet.Booklet(lang, [("", CHARTS)], findings=findings).findings_pages)


def test_booklet_pages_are_a4_portrait(built):
    pdf = (built / "nq03-vi.pdf").read_bytes()
    sizes = _page_sizes(pdf)
    assert len(sizes) == 1 + len(CHARTS) + _findings_pages("vi")  # contents, charts, key findings
    for width, height in sizes:
        assert width == pytest.approx(595.28, abs=0.5) and height == pytest.approx(841.89, abs=0.5)


def test_booklet_contents_use_as_few_pages_as_needed_spread_evenly():
    sections = [
        (
            f"Mục {i}",
            [f"Biểu đồ số {i}.{k}: tiêu đề khá dài để thử xuống dòng " * (1 + k % 2) for k in range(6)],
        )
        for i in range(8)
    ]
    book = booklet.Booklet("vi", sections)
    per_page = int((book.size[1] - book.TOP_IN - book.BOTTOM_IN) / book.LINE_IN) + 1
    lines = [sum(len(book.entries[i][1]) for i in page) for page in book.contents_pages]
    assert len(lines) == -(-sum(lines) // per_page)  # as many pages as the lines need, no more
    assert max(lines) - min(lines) <= 4  # spread evenly: never a last page holding one line
    assert all(book.entries[page[-1]][0] == "chart" for page in book.contents_pages)  # no heading left alone
    numbers = []
    for number in range(1, len(book.contents_pages) + 1):
        fig = book.draw_contents(number)
        numbers += [t.get_text() for t in fig.texts if t.get_text().isdigit()]
        matplotlib.pyplot.close(fig)
    assert numbers == [str(len(book.contents_pages) + 1 + i) for i in range(book.chart_count)]


def test_booklet_findings_pages_hold_every_finding_once_in_the_place_the_contents_give():
    topics = [
        (
            f"Chủ đề {t}",
            [f"Nhận định {t}.{k}: " + "một câu khá dài để thử xuống dòng " * (1 + k % 4) for k in range(9)],
        )
        for t in range(4)
    ]
    sections = [(f"Mục {i}", [f"Biểu đồ {i}.{k}" for k in range(3)]) for i in range(3)]
    book = booklet.Booklet("vi", sections, findings=topics, findings_at=2)
    assert len(book.findings_pages) > 1  # the test needs a topic that goes on to another page
    room = book.size[1] - book.FINDINGS_TOP_IN - book.BOTTOM_IN
    assert all(book._measure(lines) <= room + 1e-9 for lines in book.findings_pages)  # nothing overflows
    body = [line for lines in book.findings_pages for line in lines]
    words = " ".join(text for kind, text in body if kind in ("first", "more"))
    for _, sentences in topics:
        for sentence in sentences:
            assert words.count(" ".join(sentence.split())) == 1
    assert all(lines[0][0] == "topic" for lines in book.findings_pages)  # a page opens with its topic
    continued = [text for lines in book.findings_pages[1:] for kind, text in lines[:1] if kind == "topic"]
    assert any(text.endswith("(tiếp theo)") for text in continued)
    # contents: sections 0-1, the findings (each topic at the page it starts on), then section 2
    first = len(book.contents_pages) + 1
    charts_before = 6
    findings_first = first + charts_before
    pages = [lines for lines in book.findings_pages]
    starts = {
        topic: findings_first + next(n for n, lines in enumerate(pages) if ("topic", topic) in lines)
        for topic, _ in topics
    }
    assert [book.page_of[("findings", k)] for k in range(len(topics))] == [starts[t] for t, _ in topics]
    assert book.page_of[("chart", 5)] == first + 5
    assert book.page_of[("chart", 6)] == findings_first + len(book.findings_pages)
    kinds = [kind for kind, _, _ in book.entries]
    headings = [book.entries[i][1][0] for i, kind in enumerate(kinds) if kind == "heading"]
    assert headings == ["Mục 0", "Mục 1", common.TEXT["vi"]["findings"], "Mục 2"]


def test_booklet_pages_carry_title_takeaway_and_source(built):
    pdf = (built / "nq03-vi.pdf").read_bytes()
    assert b"/Type3" not in pdf and b"/FontFile2" in pdf  # text stays text


# ---------------------------------------------------------------- the workbook


def _sheet(path: Path, name: str):
    wb = load_workbook(path)
    return wb, wb[name]


def test_workbook_is_in_vietnamese_by_default_and_english_on_request(built):
    wb, ws = _sheet(built / "nq03-data-vi.xlsx", "Xếp loại TCCSĐ")
    headers = [c.value for c in ws[1]]
    assert COLUMN_LABELS["share_pct"][0] in headers and COLUMN_LABELS["quote"][0] in headers
    assert "share_pct" not in headers
    assert wb.sheetnames[0] == "Danh mục bảng" and "Kiểm tra số học" in wb.sheetnames
    wb, ws = _sheet(built / "nq03-data-en.xlsx", "Ratings of organisations")
    headers = [c.value for c in ws[1]]
    assert COLUMN_LABELS["share_pct"][1] in headers


def test_workbook_keeps_codes_beside_their_labels(built):
    _, ws = _sheet(built / "nq03-data-vi.xlsx", "Xếp loại TCCSĐ")
    headers = [c.value for c in ws[1]]
    rating = COLUMN_LABELS["rating"][0]
    code, label = headers.index(f"{rating} ({workbook.CODE_WORD['vi']})"), headers.index(rating)
    assert label == code + 1
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    frame = load_all()["ratings_organisations"]
    assert [r[code] for r in rows] == list(frame["rating"].astype(str))
    assert {r[label] for r in rows} <= {vi for vi, _ in schema.CATEGORIES["rating"].values()}


def test_workbook_counts_are_numbers_with_thousands_and_shares_keep_their_decimals(built):
    _, ws = _sheet(built / "nq03-data-vi.xlsx", "Đảng viên 2021")
    headers = [c.value for c in ws[1]]
    count, share = (
        headers.index(COLUMN_LABELS["member_count"][0]),
        headers.index(COLUMN_LABELS["share_pct"][0]),
    )
    frame = load_all()["membership"]
    cells = list(ws.iter_rows(min_row=2))
    assert [c[count].value for c in cells] == [
        None if v is None or v != v else int(v) for v in frame["member_count"].astype(object)
    ]
    assert {c[count].number_format for c in cells if c[count].value is not None} == {"#,##0"}
    for cell, printed in zip((c[share] for c in cells), frame["share_pct"].astype(object)):
        if cell.value is not None:
            decimals = len(repr(float(printed)).split(".")[1].rstrip("0"))
            assert cell.number_format == ("#,##0" if decimals == 0 else "#,##0." + "0" * decimals)


def test_workbook_period_and_location_are_readable(built):
    _, ws = _sheet(built / "nq03-data-vi.xlsx", "Xếp loại TCCSĐ")
    headers = [c.value for c in ws[1]]
    location = headers.index(COLUMN_LABELS["location"][0])
    assert {r[location] for r in ws.iter_rows(min_row=2, values_only=True)} == {"chú thích 10"}


def test_workbook_audit_sheet_uses_the_meeting_verdicts(built):
    _, ws = _sheet(built / "nq03-data-vi.xlsx", "Kiểm tra số học")
    headers = [c.value for c in ws[1]]
    verdicts = {r[headers.index("Kết luận")] for r in ws.iter_rows(min_row=2, values_only=True)}
    allowed = {vi for vi, _ in schema.CATEGORIES["verdict"].values()}
    assert verdicts <= allowed and len(verdicts) > 1


def test_workbook_texts_are_in_the_workbooks_language_only(built):
    audit = nq.audit()
    for lang, mine, other in (("vi", 0, 1), ("en", 1, 0)):
        wb = load_workbook(built / f"nq03-data-{lang}.xlsx")
        text = " ".join(
            str(v)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
        columns = (("description_vi", "description_en"), ("explanation_vi", "explanation_en"))
        for pair in columns:
            shown = [t for t in audit[pair[mine]] if t]
            hidden = [t for t, m in zip(audit[pair[other]], audit[pair[mine]]) if t and t != m]
            assert all(t in text for t in shown[:20]), (lang, pair[mine])
            assert not any(t in text for t in hidden[:20]), (lang, pair[other])


def test_workbook_prints_fitted_to_width_with_header_rows(built):
    wb = load_workbook(built / "nq03-data-vi.xlsx")
    for ws in wb.worksheets:
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        last = f"${ws.cell(1, ws.max_column).column_letter}${ws.max_row}"
        assert ws.print_area.endswith(f"$A$1:{last}")  # the data, nothing more
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)


def test_sheet_names_fit_excel():
    for name in [*schema.TABLES, "tables", "data_dictionary", "categories", "abbreviations", "audit"]:
        for lang in ("vi", "en"):
            sheet = workbook.name_sheet(name, lang)
            assert name in workbook.SHEET_NAMES and 0 < len(sheet) <= 31 and not set(sheet) & set("[]:*?/\\")
