"""Build the slide deck (pptx) a cadre can present as it is.

The slides, in order: the title slide (meeting, issuing body, date, presenter,
the report it is based on), the agenda, then for each report section a divider
followed by its chart slides, the key-findings slides, and the appendix
(method and audit charts) behind its own divider.

A chart slide shows the chart's title and its one-line takeaway as slide text
and, below them, a picture drawn for that very box (:meth:`Deck.chart_slot`
gives its size): no title and no takeaway in the picture, the source note
kept, never cropped or scaled out of shape. Its speaker notes carry the
verbatim quotes and locations of the figures behind the chart.

Sizes: 16:9 (13.33 × 7.5 in) or 4:3 (10 × 7.5 in); the layout follows the
slide's width. Slide text is spelled out for readers
(:func:`nq03lib.pack.common.write_for_readers`).

The deck is built in memory; :meth:`Deck.to_bytes` returns reproducible bytes
for the exporter to write atomically.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from nq03lib.pack.common import FIXED_DATE, TEXT, describe_report, normalise_zip, write_for_readers
from nq03lib.text import pick

FONT = "Arial"  # in every PowerPoint/LibreOffice install, covers Vietnamese
#: Slide sizes in inches (width, height).
SLIDE_SIZES = {"16:9": (13.333, 7.5), "4:3": (10.0, 7.5)}
MARGIN_IN = 0.45
#: The name of the shape that holds a slide's number (bottom right).
NUMBER_SHAPE = "Slide number"
#: How much larger than its box a chart is drawn (then shown at the box's size): a 4:3 box is
#: narrower than the charts' usual width, so they are drawn as wide as a notebook's and shrunk.
PICTURE_SCALES = {"16:9": 1.0, "4:3": 1.3}
BLUE, DARK_BLUE, GREY, BLACK = "1F78B4", "1F4E79", "4D4D4D", "000000"


def estimate_lines(text: str, width_in: float, size_pt: float, bold: bool = False) -> int:
    """Return how many lines ``text`` takes in a box ``width_in`` wide at ``size_pt`` (Arial, a safe guess).

    Counted word by word with an average character width of 0.52 em (0.56 em
    bold), a little wider than Arial's Vietnamese text measures, so that an
    estimate errs towards one line too many rather than an overflow.
    """
    per_line = max(10, int(width_in * 72 / (size_pt * (0.56 if bold else 0.52))))
    lines = 0
    for paragraph in str(text).split("\n"):
        used, count = 0, 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                count, used = count + 1, len(word)
            else:
                used += len(word) + (1 if used else 0)
        lines += count
    return lines


def _line_height(size_pt: float) -> float:
    return size_pt * 1.2 / 72


@dataclass(frozen=True)
class Meeting:
    """What the title slide says; every field has a default from ``data/source/sources.csv``.

    Attributes
    ----------
    title : str, optional
        The meeting's name (default: the report's title).
    date : str, optional
        The meeting's date as printed (default: the report's date).
    presenter : str, optional
        Who presents (default: no line).
    organisation : str, optional
        The issuing body (default: the report's issuer).

    """

    title: str | None = None
    date: str | None = None
    presenter: str | None = None
    organisation: str | None = None


class Deck:
    """Build the deck slide by slide (title, agenda, dividers, charts, findings).

    Parameters
    ----------
    lang : {"vi", "en"}
        The language of the slide text.
    size : {"16:9", "4:3"}
        The slide's shape.
    meeting : Meeting, optional
        What the title slide says.

    """

    def __init__(self, lang: str, size: str = "16:9", meeting: Meeting | None = None):
        from pptx import Presentation
        from pptx.util import Inches

        self.lang, self.size = lang, size
        self.width_in, self.height_in = SLIDE_SIZES[size]
        self.text_width = self.width_in - 2 * MARGIN_IN
        self.prs = Presentation()
        self.prs.slide_width = Inches(self.width_in)
        self.prs.slide_height = Inches(self.height_in)
        self.blank = self.prs.slide_layouts[6]
        self.picture_scale = PICTURE_SCALES[size]
        self.meeting = meeting or Meeting()
        self.report_title, self.report_line = describe_report(lang)
        self.chart_slides: list[int] = []  # slide indices of the chart slides
        self.finding_slides: list[int] = []
        props = self.prs.core_properties
        props.title = (self.meeting.title or self.report_title)[:250]
        props.subject = self.report_line
        props.author = props.last_modified_by = "nq03lib"
        props.language = pick({"vi": "vi-VN", "en": "en-GB"}, lang)
        props.revision = 1
        props.created = props.modified = FIXED_DATE
        props.last_printed = FIXED_DATE

    # ------------------------------------------------------------ text

    def _add_text(
        self, slide, text, left, top, width, height, size, colour=BLACK, bold=False, bullets=False, space=0
    ):
        """Add a text box (inches, points) with one paragraph per line of ``text``; bullets if asked."""
        from pptx.dml.color import RGBColor
        from pptx.enum.lang import MSO_LANGUAGE_ID
        from pptx.enum.text import MSO_AUTO_SIZE
        from pptx.util import Inches, Pt

        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Inches(0.05)
        frame.margin_top = frame.margin_bottom = Inches(0.03)
        language = pick({"vi": MSO_LANGUAGE_ID.VIETNAMESE, "en": MSO_LANGUAGE_ID.ENGLISH_UK}, self.lang)
        for i, line in enumerate(str(text).split("\n")):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            if space and i:
                para.space_before = Pt(space)
            if bullets:
                self._make_bullet(para, size)
            run = para.add_run()
            run.text = line
            font = run.font
            font.name, font.size, font.bold = FONT, Pt(size), bold
            font.color.rgb = RGBColor.from_string(colour)
            font.language_id = language
        return box

    @staticmethod
    def _make_bullet(para, size: float) -> None:
        """Give a paragraph a round bullet with a hanging indent."""
        from pptx.oxml.ns import qn
        from pptx.util import Pt

        ppr = para._p.get_or_add_pPr()
        indent = int(Pt(size * 1.1))
        ppr.set("marL", str(indent))
        ppr.set("indent", str(-indent))
        for tag in ("a:buNone", "a:buAutoNum", "a:buChar"):
            for old in ppr.findall(qn(tag)):
                ppr.remove(old)
        bullet = ppr.makeelement(qn("a:buChar"), {"char": "•"})
        ppr.append(bullet)

    def _new_slide(self, notes: str | None = None):
        slide = self.prs.slides.add_slide(self.blank)
        number = len(self.prs.slides)
        if number > 1:
            from pptx.enum.text import PP_ALIGN

            box = self._add_text(
                slide, str(number), self.width_in - 1.0, self.height_in - 0.4, 0.7, 0.3, 11, GREY
            )
            box.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
            box.name = NUMBER_SHAPE
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        return slide

    def _heading(self, slide, text: str, size: float = 28) -> float:
        """Write a slide heading at the top; return where the next text may start (inches)."""
        text = write_for_readers(text, self.lang)
        lines = estimate_lines(text, self.text_width, size, bold=True)
        height = lines * _line_height(size) + 0.15
        self._add_text(slide, text, MARGIN_IN, 0.3, self.text_width, height, size, bold=True)
        return 0.3 + height + 0.05

    # ------------------------------------------------------------ slides

    def add_title(self) -> None:
        """Add the title slide: issuing body, kicker, meeting name, date, presenter, the report it uses."""
        record = self.meeting
        text = TEXT[self.lang]
        from nq03lib.data.source import source_record
        from nq03lib.pack.common import SOURCE_ID
        from nq03lib.text import format_date

        row = source_record(SOURCE_ID)
        organisation = record.organisation or pick((row["issuer"], row["issuer_en"]), self.lang)
        date = record.date or format_date(row["date"], self.lang)
        title = write_for_readers(record.title or self.report_title, self.lang)
        slide = self._new_slide(notes=self.report_line)
        width = self.text_width
        self._add_text(slide, organisation.upper(), MARGIN_IN, 0.45, width, 0.5, 16, DARK_BLUE, bold=True)
        self._add_text(slide, text["deck_kicker"], MARGIN_IN, 1.35, width, 0.5, 20, BLUE, bold=True)
        size = 30 if estimate_lines(title, width, 30, bold=True) <= 4 else 24
        lines = estimate_lines(title, width, size, bold=True)
        height = lines * _line_height(size) + 0.2
        self._add_text(slide, title, MARGIN_IN, 1.95, width, height, size, bold=True)
        y = max(1.95 + height + 0.3, 4.6)
        lines_after = [text["date"].format(date=date)]
        if record.presenter:
            lines_after.append(text["presenter"].format(name=record.presenter))
        self._add_text(
            slide, "\n".join(lines_after), MARGIN_IN, y, width, 0.4 * len(lines_after) + 0.1, 18, GREY
        )
        based = text["based_on"].format(report=self.report_line)
        self._add_text(slide, based, MARGIN_IN, self.height_in - 1.1, width, 0.7, 14, GREY)

    def add_agenda(self, items: Sequence[str]) -> None:
        """Add the agenda slide: one numbered line per item (sections, findings, appendix)."""
        slide = self._new_slide()
        top = self._heading(slide, TEXT[self.lang]["agenda"], 32) + 0.2
        size = 22 if len(items) <= 8 else 18
        lines = [f"{i}. {write_for_readers(item, self.lang)}" for i, item in enumerate(items, start=1)]
        height = self.height_in - top - 0.6
        self._add_text(
            slide, "\n".join(lines), MARGIN_IN + 0.2, top, self.text_width - 0.2, height, size, space=10
        )

    def add_divider(self, kicker: str, title: str, notes: str | None = None) -> None:
        """Add a section divider: the section's place in the report and its title."""
        slide = self._new_slide(notes=notes)
        width = self.text_width
        self._add_text(
            slide, write_for_readers(kicker, self.lang), MARGIN_IN, 2.3, width, 0.6, 22, BLUE, bold=True
        )
        title = write_for_readers(title, self.lang)
        lines = estimate_lines(title, width, 36, bold=True)
        self._add_text(slide, title, MARGIN_IN, 3.0, width, lines * _line_height(36) + 0.2, 36, bold=True)

    def chart_slot(self, title: str, takeaway: str) -> tuple[float, float, float, float]:
        """Return the picture box (left, top, width, height in inches) of a chart slide with this text.

        The box starts below the title and the takeaway (their heights
        estimated from their length) and ends above the slide number.
        """
        top = self._text_heights(title, takeaway)[2]
        bottom = self.height_in - 0.4
        return MARGIN_IN, top, self.text_width, bottom - top

    def _text_sizes(self, title: str) -> tuple[float, float]:
        big = 26 if self.size == "16:9" else 24
        title_size = big if estimate_lines(title, self.text_width, big, bold=True) <= 1 else big - 4
        return title_size, 17 if self.size == "16:9" else 16

    def _text_heights(self, title: str, takeaway: str) -> tuple[float, float, float]:
        title_size, take_size = self._text_sizes(title)
        title_h = (
            estimate_lines(title, self.text_width, title_size, bold=True) * _line_height(title_size) + 0.1
        )
        take_h = estimate_lines(takeaway, self.text_width, take_size) * _line_height(take_size) + 0.1
        return title_h, take_h, 0.25 + title_h + take_h + 0.1

    def add_chart(self, chart, title: str, takeaway: str, picture: bytes, notes: str) -> None:
        """Add a chart slide: its title, its takeaway, the picture drawn for its box, speaker notes.

        Parameters
        ----------
        chart : nq03lib.charts.registry.Chart
            The chart (its name names the picture shape).
        title, takeaway : str
            The slide's text (already written for readers).
        picture : bytes
            The chart's PNG, drawn at the size :meth:`chart_slot` gives (times
            :attr:`picture_scale`): same shape as the box, so it is never cropped
            or distorted.
        notes : str
            The speaker notes (quotes and locations of the figures).

        """
        from pptx.util import Inches

        slide = self._new_slide(notes=notes)
        title_size, take_size = self._text_sizes(title)
        title_h, take_h, _ = self._text_heights(title, takeaway)
        self._add_text(slide, title, MARGIN_IN, 0.25, self.text_width, title_h, title_size, bold=True)
        self._add_text(
            slide, takeaway, MARGIN_IN, 0.25 + title_h, self.text_width, take_h, take_size, DARK_BLUE
        )
        left, top, width, height = self.chart_slot(title, takeaway)
        image = slide.shapes.add_picture(
            io.BytesIO(picture), Inches(left), Inches(top), Inches(width), Inches(height)
        )
        image.name = chart.name
        self.chart_slides.append(len(self.prs.slides) - 1)

    def plan_findings(self, sentences: Sequence[str]) -> list[list[str]]:
        """Split one topic's findings into slides: as many as fit the text box, at most four a slide."""
        size = self.FINDING_PT[self.size]
        room = self.height_in - 1.95 - 0.6
        pages: list[list[str]] = [[]]
        used = 0.0
        for sentence in sentences:
            need = (
                estimate_lines(sentence, self.text_width - 0.4, size) * _line_height(size) + size * 0.9 / 72
            )
            if pages[-1] and (used + need > room or len(pages[-1]) == 4):
                pages.append([])
                used = 0.0
            pages[-1].append(sentence)
            used += need
        return pages

    FINDING_PT = {"16:9": 18, "4:3": 17}

    def add_findings(self, topic: str, sentences: Sequence[str], part: int, parts: int, notes: str) -> None:
        """Add a key-findings slide: the heading, the topic, and a few findings as bullets."""
        from nq03lib.data.source import citation

        text = TEXT[self.lang]
        slide = self._new_slide(notes=notes)
        self._add_text(slide, text["findings"], MARGIN_IN, 0.3, self.text_width, 0.6, 28, bold=True)
        subtitle = topic + (f" {text['part'].format(k=part, n=parts)}" if parts > 1 else "")
        sub_lines = estimate_lines(subtitle, self.text_width, 18)
        self._add_text(slide, subtitle, MARGIN_IN, 0.95, self.text_width, 0.35 * sub_lines + 0.1, 18, BLUE)
        size = self.FINDING_PT[self.size]
        body = "\n".join(write_for_readers(s, self.lang) for s in sentences)
        top = 1.0 + 0.35 * sub_lines + 0.25
        height = self.height_in - top - 0.6
        self._add_text(
            slide, body, MARGIN_IN + 0.1, top, self.text_width - 0.1, height, size, bullets=True, space=9
        )
        self._add_text(
            slide,
            citation(None, self.lang),
            MARGIN_IN,
            self.height_in - 0.45,
            self.text_width - 1,
            0.35,
            11,
            GREY,
        )
        self.finding_slides.append(len(self.prs.slides) - 1)

    def to_bytes(self) -> bytes:
        """Return the .pptx file as reproducible bytes."""
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return normalise_zip(buffer.getvalue())
