"""Build the PDF booklet to print: contents, then one A4 page per chart, page numbers in the corner.

A4 portrait (595 × 842 pt) by default. The contents list the report sections
and, under each, its charts with their page numbers, on as few pages as the
entries need, the entries spread evenly over them (never a last page holding
one line). Each chart page carries the section it belongs to, the chart's
title and takeaway as text, the chart drawn for the page's width
(:func:`nq03lib.charts.registry.figure_for_slot`) and its source note. The key
findings (the sentences the notebooks end with) follow the report's sections,
before the appendix, as in the deck: each topic's heading and its findings as
bullets, on as many pages as they need, each topic listed in the contents.

Pages are drawn under :func:`nq03lib.charts.theme.theme_context`, never by
changing the process's style. The PDF is built in memory;
:meth:`Booklet.to_bytes` returns it for the exporter to write atomically.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence

from nq03lib.pack.common import FIXED_DATE, TEXT, describe_report

#: Page sizes in inches (width, height).
PAGE_SIZES = {"a4": (210 / 25.4, 297 / 25.4), "a4-landscape": (297 / 25.4, 210 / 25.4)}  # 595 × 842 pt
MARGIN_IN = 0.6


def wrap_text(text: str, width_in: float, size_pt: float, bold: bool = False) -> list[str]:
    """Return ``text`` wrapped for a line ``width_in`` wide at ``size_pt`` (DejaVu Sans, a safe guess)."""
    per_line = max(20, int(width_in * 72 / (size_pt * (0.62 if bold else 0.56))))
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        lines += textwrap.wrap(paragraph, per_line) or [""]
    return lines


class Booklet:
    """Collect the booklet's pages; use as a context manager around the chart pages.

    Entering writes the contents pages; leaving without an error finishes the
    PDF (fonts embedded once for all pages), and :meth:`to_bytes` then returns
    it. Leaving with an error drops the unfinished PDF.

    Parameters
    ----------
    lang : {"vi", "en"}
        The language of the contents and page labels.
    sections : sequence of (str, sequence of str)
        The contents: each section's heading and its chart titles, in page order.
    size : tuple of float
        The page size in inches (width, height); A4 portrait by default.
    findings : sequence of (str, sequence of str), optional
        The key findings: each topic's heading and its sentences.
    findings_at : int, optional
        Before which section the findings pages go (default: after the last).

    """

    LINE_IN = 0.27  # height of one contents line, inches
    TOP_IN = 1.9  # baseline of the first contents line, inches from the top
    BOTTOM_IN = 0.9  # no contents line below this, inches from the bottom

    def __init__(
        self,
        lang: str,
        sections: Sequence[tuple[str, Sequence[str]]],
        size: tuple[float, float] = PAGE_SIZES["a4"],
        findings: Sequence[tuple[str, Sequence[str]]] = (),
        findings_at: int | None = None,
    ):
        self.lang, self.size = lang, size
        self.report_title, self.report_line = describe_report(lang)
        width = size[0] - 2 * MARGIN_IN - 0.5
        findings = [(heading, list(sentences)) for heading, sentences in findings if sentences]
        findings_at = len(sections) if findings_at is None else findings_at
        # (kind, lines, page key): a section heading, or an entry with its page number:
        # ("chart", index) for a chart, ("findings", k) for the k-th topic of the findings
        self.entries: list[tuple[str, list[str], tuple | None]] = []
        body: list[tuple] = []  # the pages after the contents, in order
        index = 0
        for position, (heading, titles) in enumerate([*sections, ("", [])]):
            if findings and position == findings_at:
                self.findings_pages, starts = self._plan_findings(findings)
                self.entries.append(
                    ("heading", wrap_text(TEXT[lang]["findings"], width, 12, bold=True), None)
                )
                for k, (topic, _) in enumerate(findings):
                    self.entries.append(("chart", wrap_text(topic, width - 0.3, 11), ("findings", k)))
                first = len(body)
                body += [("findings page", n) for n in range(len(self.findings_pages))]
                topic_pages = {("findings", k): first + start for k, start in enumerate(starts)}
            if heading:
                self.entries.append(("heading", wrap_text(heading, width, 12, bold=True), None))
            for title in titles:
                self.entries.append(("chart", wrap_text(title, width - 0.3, 11), ("chart", index)))
                body.append(("chart", index))
                index += 1
        self.chart_count = index
        per_page = max(1, int((size[1] - self.TOP_IN - self.BOTTOM_IN) / self.LINE_IN) + 1)
        self.contents_pages = self._paginate(per_page)
        first_page = len(self.contents_pages) + 1
        self.page_of = {key: first_page + i for i, key in enumerate(body)}
        if findings:
            self.page_of.update({key: first_page + i for key, i in topic_pages.items()})
        else:
            self.findings_pages = []
        self._pdf = None
        self._buffer = io.BytesIO()
        self._finished = False

    FINDING_PT = 11  # the findings' size on the page
    LINE_STEP_IN = FINDING_PT * 1.35 / 72  # a findings line, inches
    FINDING_TOPIC_PT = 13

    def _plan_findings(self, findings: list[tuple[str, list[str]]]) -> tuple[list[list[tuple]], list[int]]:
        """Lay the findings out in lines, page by page; return the pages and each topic's first page.

        A line is ``(kind, text)``: ``"topic"``, ``"first"`` (a finding's first
        line, with its bullet), ``"more"`` (its next lines) or ``"gap"``. A topic
        heading never ends a page and a finding is never split over two pages.
        """
        width = self.size[0] - 2 * MARGIN_IN
        room = self.size[1] - self.FINDINGS_TOP_IN - self.BOTTOM_IN
        pages: list[list[tuple]] = [[]]
        used, starts = 0.0, []
        for topic, sentences in findings:
            blocks = [[("topic", line) for line in wrap_text(topic, width, self.FINDING_TOPIC_PT, bold=True)]]
            for sentence in sentences:
                lines = wrap_text(sentence, width - 0.25, self.FINDING_PT)
                blocks.append([("first", lines[0]), *[("more", line) for line in lines[1:]], ("gap", "")])
            blocks[0] += blocks.pop(1) if len(blocks) > 1 else []  # the heading stays with a finding
            if pages[-1]:
                blocks[0].insert(0, ("gap", ""))
            for k, block in enumerate(blocks):
                need = self._measure(block)
                if pages[-1] and used + need > room:
                    pages.append([])
                    used = 0.0
                    while block and block[0][0] == "gap":  # no blank line opens a page
                        block = block[1:]
                    if k > 0:  # the topic goes on: its heading again, marked as continued
                        again = f"{topic} {TEXT[self.lang]['continued']}"
                        block = [
                            ("topic", line) for line in wrap_text(again, width, self.FINDING_TOPIC_PT, True)
                        ] + block
                if k == 0:
                    starts.append(len(pages) - 1)
                pages[-1] += block
                used += self._measure(block)
        return pages, starts

    def _measure(self, lines: list[tuple]) -> float:
        """Return the height in inches of findings lines."""
        return sum(self._height(kind) for kind, _ in lines)

    def _height(self, kind: str) -> float:
        """Return the height in inches of one findings line of ``kind`` (a gap is half a line)."""
        return self.LINE_STEP_IN * (0.5 if kind == "gap" else 1)

    FINDINGS_TOP_IN = 1.5  # the findings' first line, inches from the top

    def _paginate(self, lines_per_page: int) -> list[list[int]]:
        """Return the entry indices on each contents page, spread evenly; an entry stays on one page.

        A section heading is never the last line of a page.
        """
        total = sum(len(lines) for _, lines, _ in self.entries)
        pages_needed = max(1, math.ceil(total / lines_per_page))
        while True:
            target = math.ceil(total / pages_needed)
            pages: list[list[int]] = [[]]
            used = 0
            for i, (kind, lines, _) in enumerate(self.entries):
                next_lines = (
                    len(self.entries[i + 1][1]) if kind == "heading" and i + 1 < len(self.entries) else 0
                )
                if pages[-1] and used + len(lines) + next_lines > target:
                    pages.append([])
                    used = 0
                pages[-1].append(i)
                used += len(lines)
            if len(pages) <= pages_needed or target >= lines_per_page:
                return pages
            pages_needed += 1

    def __enter__(self) -> Booklet:
        import matplotlib.pyplot as plt
        from matplotlib.backends.backend_pdf import PdfPages

        self._pdf = PdfPages(
            self._buffer,
            metadata={
                "Title": f"{TEXT[self.lang]['deck_kicker']}: {self.report_title}",
                "Subject": self.report_line,
                "Author": "nq03lib",
                "Creator": "nq03lib",
                "Producer": "nq03lib (matplotlib)",
                "CreationDate": FIXED_DATE,
                "ModDate": FIXED_DATE,
            },
        )
        for number in range(1, len(self.contents_pages) + 1):
            fig = self.draw_contents(number)
            try:
                self._save(fig)
            finally:
                plt.close(fig)
        return self

    def _save(self, fig) -> None:
        from nq03lib.charts import theme as ch

        with ch.theme_context():
            self._pdf.savefig(fig)

    def draw_contents(self, number: int):
        """Return contents page ``number`` (1-based) as a Figure (the caller closes it)."""
        import matplotlib.pyplot as plt

        from nq03lib.charts import theme as ch

        width, height = self.size
        with ch.theme_context():
            fig = plt.figure(figsize=self.size)
            left, right = MARGIN_IN / width, 1 - MARGIN_IN / width
            fig.text(
                left, 1 - 0.55 / height, TEXT[self.lang]["contents"], fontsize=20, weight="bold", va="top"
            )
            head = "\n".join(wrap_text(self.report_title, width - 2 * MARGIN_IN, 10))
            fig.text(left, 1 - 1.0 / height, head, fontsize=10, color=ch.TEXT_GREY, va="top")
            y = height - self.TOP_IN
            for i in self.contents_pages[number - 1]:
                kind, lines, index = self.entries[i]
                if kind == "heading" and i != self.contents_pages[number - 1][0]:
                    y -= 0.08
                for k, line in enumerate(lines):
                    if kind == "heading":
                        fig.text(left, y / height, line, fontsize=12, weight="bold", va="baseline")
                    else:
                        fig.text(left + 0.3 / width, y / height, line, fontsize=11, va="baseline")
                        if k == 0:
                            page = str(self.page_of[index])
                            fig.text(right, y / height, page, fontsize=11, ha="right", va="baseline")
                    y -= self.LINE_IN
            self._stamp_page_number(fig, number)
            self._stamp_source(fig)
        return fig

    def _stamp_source(self, fig) -> None:
        """Write the source line at the bottom left of a text page, wrapped clear of the page number."""
        from nq03lib.charts import theme as ch
        from nq03lib.data.source import citation

        width, height = self.size
        lines = wrap_text(citation(None, self.lang), width - MARGIN_IN - 1.2, 9)
        fig.text(0.01, 0.01, "\n".join(lines), ha="left", va="bottom", fontsize=9, color=ch.TEXT_GREY)

    def _stamp_page_number(self, fig, number: int) -> None:
        from nq03lib.charts import theme as ch

        label = TEXT[self.lang]["page"].format(n=number)
        fig.text(0.99, 0.01, label, ha="right", va="bottom", fontsize=10, color=ch.TEXT_GREY)

    def chart_rect(self, section: str, title: str, takeaway: str) -> tuple[float, float, float, float]:
        """Return the chart's area on its page (left, bottom, right, top as page fractions), below its text."""
        width, height = self.size
        text_in = self._text_block(section, title, takeaway)[1]
        top_in = text_in + 0.15
        chart_h = min(height - top_in - 0.7, (width - 2 * MARGIN_IN) * 0.95)
        left = (MARGIN_IN - 0.1) / width
        return left, 1 - (top_in + chart_h) / height, 1 - left, 1 - top_in / height

    def _text_block(self, section: str, title: str, takeaway: str) -> tuple[list, float]:
        """Return the page's text lines as (text, size, bold, colour, top in inches) and where they end."""
        from nq03lib.charts import theme as ch

        width = self.size[0] - 2 * MARGIN_IN
        items, y = [], 0.5
        for text, size, bold, colour, gap in (
            (section, 10, False, ch.TEXT_GREY, 0.12),
            (title, 15, True, "black", 0.12),
            (takeaway, 12, False, "#1f4e79", 0.0),
        ):
            if not text:
                continue
            lines = wrap_text(text, width, size, bold)
            items.append(("\n".join(lines), size, bold, colour, y))
            y += len(lines) * size * 1.3 / 72 + gap
        return items, y

    def add(self, fig, index: int, section: str = "", title: str = "", takeaway: str = "") -> None:
        """Add chart ``index`` (0-based, in contents order) as a page: its text, then ``fig`` as drawn.

        ``fig`` is the chart drawn on a page-sized Figure in :meth:`chart_rect`;
        the section, title, takeaway and page number are written on it here.
        """
        width, height = self.size
        items, _ = self._text_block(section, title, takeaway)
        for text, size, bold, colour, top in items:
            fig.text(
                MARGIN_IN / width,
                1 - top / height,
                text,
                fontsize=size,
                weight="bold" if bold else "normal",
                color=colour,
                va="top",
                linespacing=1.3,
            )
        self._stamp_page_number(fig, self.page_of[("chart", index)])
        self._save(fig)

    def add_findings(self) -> None:
        """Add the key-findings pages (at their place: after the charts of the sections before them)."""
        import matplotlib.pyplot as plt

        from nq03lib.charts import theme as ch

        width, height = self.size
        left = MARGIN_IN / width
        for n, lines in enumerate(self.findings_pages):
            with ch.theme_context():
                fig = plt.figure(figsize=self.size)
                fig.text(
                    left, 1 - 0.55 / height, TEXT[self.lang]["findings"], fontsize=20, weight="bold", va="top"
                )
                y = height - self.FINDINGS_TOP_IN
                for kind, text in lines:
                    if kind == "topic":
                        fig.text(
                            left,
                            y / height,
                            text,
                            fontsize=self.FINDING_TOPIC_PT,
                            weight="bold",
                            color="#1f4e79",
                            va="baseline",
                        )
                    elif kind in ("first", "more"):
                        if kind == "first":
                            fig.text(
                                left + 0.05 / width, y / height, "•", fontsize=self.FINDING_PT, va="baseline"
                            )
                        fig.text(
                            left + 0.25 / width, y / height, text, fontsize=self.FINDING_PT, va="baseline"
                        )
                    y -= self._height(kind)
                self._stamp_page_number(fig, self.page_of[("findings page", n)])
                self._stamp_source(fig)
            try:
                self._save(fig)
            finally:
                plt.close(fig)

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            from nq03lib.charts import theme as ch

            with ch.theme_context():  # the fonts are written now, as the theme says (TrueType, not Type 3)
                self._pdf.close()
            self._finished = True
        self._pdf = None

    def to_bytes(self) -> bytes:
        """Return the finished PDF; raise RuntimeError if the ``with`` block has not ended well."""
        if not self._finished:
            raise RuntimeError("the booklet is not finished: add its pages inside 'with booklet:'")
        return self._buffer.getvalue()
