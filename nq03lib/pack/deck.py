"""Build the slide deck (pptx): a title slide, then one slide per chart.

A chart slide shows the chart's title, its one-line takeaway and the source as
slide text, and the chart's own PNG (the file the pack wrote, not a second
rendering) cropped to leave out the title and source line the picture also
carries. :func:`measure_picture_crop` measures that crop on the drawn Figure.

The deck is built in memory; :meth:`Deck.to_bytes` returns reproducible bytes
for the exporter to write atomically.
"""

from __future__ import annotations

import io

from nq03lib.pack.common import FIXED_DATE, TEXT, describe_report, normalise_zip
from nq03lib.text import pick

FONT = "Arial"  # in every PowerPoint/LibreOffice install, covers Vietnamese


def measure_picture_crop(fig, lang: str) -> tuple[float, float]:
    """Return the fractions (top, bottom) of the chart image taken by its title and source line.

    The deck writes the title and the source as slide text, so the picture is
    cropped to the chart (the image itself keeps everything: un-crop to see
    it). Computed from the drawn extents so that nothing else is cut: a
    chart's own note above the source line stays in the picture.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A chart drawn by :func:`nq03lib.charts.registry.figure`.
    lang : {"vi", "en"}
        The language of its source note.

    Returns
    -------
    tuple of float
        ``(top, bottom)``, each a fraction of the picture's height.

    """
    from nq03lib.data.source import citation

    renderer = fig.canvas.get_renderer()
    height = fig.bbox.height
    title = getattr(fig, "_suptitle", None)
    note = next((t for t in fig.texts if t.get_text().endswith(citation(None, lang))), None)
    others = [t for t in fig.texts if t is not title and t is not note and t.get_text()]
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()]
    boxes += [legend.get_window_extent(renderer) for legend in fig.legends]
    boxes += [t.get_window_extent(renderer) for t in others]
    boxes = [b for b in boxes if b is not None]
    pad = 4.0
    top = bottom = 0.0
    if title is not None and title.get_text():
        keep_to = max([title.get_window_extent(renderer).y0 - pad, *(b.y1 + pad for b in boxes)])
        top = max(0.0, 1 - keep_to / height)
    if note is not None:
        extent = note.get_window_extent(renderer)
        _, line_height, _ = renderer.get_text_width_height_descent(
            citation(None, lang), note.get_fontproperties(), ismath=False
        )
        keep_from = min([extent.y0 + line_height + 2, *(b.y0 - pad for b in boxes)])
        bottom = max(0.0, keep_from / height)
    return top, bottom


class Deck:
    """Build a 16:9 slide deck: a title slide, then one slide per chart.

    Parameters
    ----------
    lang : {"vi", "en"}
        The language of the slide text.
    chart_count : int
        How many charts follow (said on the title slide).

    """

    WIDTH_IN, HEIGHT_IN = 13.333, 7.5

    def __init__(self, lang: str, chart_count: int):
        from pptx import Presentation
        from pptx.util import Inches

        self.lang = lang
        self.prs = Presentation()
        self.prs.slide_width = Inches(self.WIDTH_IN)
        self.prs.slide_height = Inches(self.HEIGHT_IN)
        self.blank = self.prs.slide_layouts[6]
        title, report = describe_report(lang)
        slide = self.prs.slides.add_slide(self.blank)
        text = TEXT[lang]
        self._add_text(slide, text["deck_kicker"], 0.8, 1.2, 11.7, 0.6, 20, colour="1F78B4", bold=True)
        self._add_text(slide, title, 0.8, 1.9, 11.7, 2.6, 28, bold=True)
        self._add_text(slide, report, 0.8, 4.8, 11.7, 0.9, 18, colour="4D4D4D")
        count = text["count"].format(n=chart_count)
        self._add_text(slide, count, 0.8, 5.8, 11.7, 0.5, 16, colour="4D4D4D")
        props = self.prs.core_properties
        props.title = f"{text['deck_kicker']}: {title}"[:250]
        props.subject = report
        props.author = props.last_modified_by = "nq03lib"
        props.language = pick({"vi": "vi-VN", "en": "en-GB"}, lang)
        props.revision = 1
        props.created = props.modified = FIXED_DATE
        props.last_printed = FIXED_DATE

    def _add_text(self, slide, text, left, top, width, height, size, colour="000000", bold=False):
        """Add a text box (inches, points) with one paragraph per line of ``text``."""
        from pptx.dml.color import RGBColor
        from pptx.enum.lang import MSO_LANGUAGE_ID
        from pptx.util import Inches, Pt

        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        language = pick({"vi": MSO_LANGUAGE_ID.VIETNAMESE, "en": MSO_LANGUAGE_ID.ENGLISH_UK}, self.lang)
        for i, line in enumerate(str(text).split("\n")):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = para.add_run()
            run.text = line
            font = run.font
            font.name, font.size, font.bold = FONT, Pt(size), bold
            font.color.rgb = RGBColor.from_string(colour)
            font.language_id = language
        return box

    def add_chart(self, chart, takeaway: str, picture: bytes, crop: tuple[float, float]) -> None:
        """Add a slide: the chart's title, its takeaway, the picture (cropped) and the source.

        Parameters
        ----------
        chart : nq03lib.charts.registry.Chart
            The chart (its title and name).
        takeaway : str
            The one-line takeaway computed from the chart's data.
        picture : bytes
            The chart's PNG.
        crop : tuple of float
            The fractions (top, bottom) of the picture to hide (see
            :func:`measure_picture_crop`); the picture is scaled to fit below
            the takeaway.

        """
        from pptx.util import Inches

        from nq03lib.data.source import citation

        title = chart.title[self.lang]
        slide = self.prs.slides.add_slide(self.blank)
        self._add_text(slide, title, 0.45, 0.2, 12.4, 0.75, 24 if len(title) <= 75 else 20, bold=True)
        self._add_text(slide, takeaway, 0.45, 0.95, 12.4, 0.75, 16, colour="1F4E79")
        self._add_text(slide, citation(None, self.lang), 0.45, 7.05, 12.4, 0.35, 11, colour="4D4D4D")
        image = slide.shapes.add_picture(io.BytesIO(picture), 0, 0)
        top, bottom = crop
        aspect = image.image.size[0] / (image.image.size[1] * (1 - top - bottom))
        box_left, box_top, box_w, box_h = 0.45, 1.75, 12.4, 5.25
        width, height = (box_w, box_w / aspect) if box_w / aspect <= box_h else (box_h * aspect, box_h)
        image.left = Inches(box_left + (box_w - width) / 2)
        image.top = Inches(box_top + (box_h - height) / 2)
        image.width, image.height = Inches(width), Inches(height)
        image.crop_top, image.crop_bottom = top, bottom
        image.name = chart.name
        notes = slide.notes_slide.notes_text_frame
        notes.text = TEXT[self.lang]["chart_id"].format(name=chart.name, notebook=chart.notebook)

    def to_bytes(self) -> bytes:
        """Return the .pptx file as reproducible bytes."""
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return normalise_zip(buffer.getvalue())
