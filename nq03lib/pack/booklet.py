"""Build the PDF booklet: contents page(s), then one page per chart, page numbers in the corner.

The booklet does not draw charts: the exporter hands it each Figure it has
already drawn and saved (:meth:`Booklet.add`), so every chart is drawn once
per language and size. The PDF is built in memory; :meth:`Booklet.to_bytes`
returns it for the exporter to write atomically.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from nq03lib.pack.common import FIXED_DATE, TEXT, describe_report


class Booklet:
    """Collect the booklet's pages; use as a context manager around the chart pages.

    Entering writes the contents pages; leaving without an error finishes the
    PDF (fonts embedded once for all pages), and :meth:`to_bytes` then returns
    it. Leaving with an error drops the unfinished PDF.

    Parameters
    ----------
    lang : {"vi", "en"}
        The language of the contents and page labels.
    titles : sequence of str
        The chart titles, in page order.
    size : tuple of float
        The page size in inches (width, height): the charts' size.

    """

    LINE_IN = 0.3  # height of one contents line, inches
    TOP_IN = 2.0  # baseline of the first contents line, inches from the top

    def __init__(self, lang: str, titles: Sequence[str], size: tuple[float, float]):
        self.lang, self.titles, self.size = lang, list(titles), size
        self.report_title, self.report_line = describe_report(lang)
        wrap = max(40, int((size[0] - 2.4) / 0.105))
        self.entries = [textwrap.wrap(t, wrap) or [""] for t in self.titles]
        per_page = max(1, int((size[1] - self.TOP_IN - 0.6) / self.LINE_IN) + 1)
        self.contents_pages = self._paginate(per_page)
        self.first_chart_page = len(self.contents_pages) + 1
        self._pdf = None
        self._buffer = io.BytesIO()
        self._finished = False

    def _paginate(self, lines_per_page: int) -> list[list[int]]:
        """Return the entry indices on each contents page; an entry's lines stay on one page."""
        pages: list[list[int]] = [[]]
        used = 0
        for i, lines in enumerate(self.entries):
            if used + len(lines) > lines_per_page and pages[-1]:
                pages.append([])
                used = 0
            pages[-1].append(i)
            used += len(lines)
        return pages

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
                self._pdf.savefig(fig)
            finally:
                plt.close(fig)
        return self

    def draw_contents(self, number: int):
        """Return contents page ``number`` (1-based) as a Figure (the caller closes it)."""
        import matplotlib.pyplot as plt

        from nq03lib.charts import theme as ch

        ch.apply_theme()
        width, height = self.size
        fig = plt.figure(figsize=self.size)
        left, right = 0.6 / width, 1 - 0.6 / width
        fig.text(left, 1 - 0.5 / height, TEXT[self.lang]["contents"], fontsize=22, weight="bold", va="top")
        head = textwrap.fill(self.report_title, max(40, int((width - 1.2) / 0.09)))
        fig.text(left, 1 - 1.05 / height, head, fontsize=11, color=ch.TEXT_GREY, va="top")
        y = height - self.TOP_IN
        for i in self.contents_pages[number - 1]:
            page = self.first_chart_page + i
            for k, line in enumerate(self.entries[i]):
                fig.text(left, y / height, line, fontsize=13, va="baseline")
                if k == 0:
                    fig.text(right, y / height, str(page), fontsize=13, ha="right", va="baseline")
                y -= self.LINE_IN
        self._stamp_page_number(fig, number)
        ch.add_source_note(fig, self.lang)
        return fig

    def _stamp_page_number(self, fig, number: int) -> None:
        from nq03lib.charts import theme as ch

        label = TEXT[self.lang]["page"].format(n=number)
        fig.text(0.99, 0.01, label, ha="right", va="bottom", fontsize=10, color=ch.TEXT_GREY)

    def add(self, fig, index: int) -> None:
        """Add chart ``index`` (0-based, in contents order) as a page; stamps its page number on ``fig``.

        Call it after the chart's own files are saved: the page number stays on the Figure.
        """
        self._stamp_page_number(fig, self.first_chart_page + index)
        self._pdf.savefig(fig)

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self._pdf.close()
            self._finished = True
        self._pdf = None

    def to_bytes(self) -> bytes:
        """Return the finished PDF; raise RuntimeError if the ``with`` block has not ended well."""
        if not self._finished:
            raise RuntimeError("the booklet is not finished: add its pages inside 'with booklet:'")
        return self._buffer.getvalue()
