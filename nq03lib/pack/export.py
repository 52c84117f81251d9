"""Export the meeting pack: every registered chart as files, a slide deck, a PDF booklet and the data.

``python -m nq03lib pack`` (or ``python3 dev.py pack`` / ``make pack``) writes,
by default into ``pack/`` (ignored by git)::

    pack/charts/<chart>.<lang>.png|svg|pdf   one file per chart, language and format
    pack/nq03-<lang>.pptx                    slide deck: a title slide, then one chart a slide
    pack/nq03-<lang>.pdf                     booklet: a contents page, then one chart a page
    pack/nq03-data.xlsx                      every data table, the data dictionary and the audit
    pack/csv/<table>.csv                     the same tables as CSV for Excel (UTF-8 with BOM)

The charts come from :mod:`nq03lib.registry`, the same definitions the
notebooks show: a chart registered once appears in both. Each Figure is drawn
once per language and saved in every format, reused for the deck (its PNG)
and the booklet (its page). With ``--jobs N`` (default: the CPUs, at most 4)
worker processes draw and save the charts while the main process writes the
booklet (drawing each chart a second time for it) and the deck; the bytes
are the same as with ``--jobs 1``.

The data files do not depend on the language: they hold the codes stored in
``data/*.csv`` and the data dictionary gives every code's Vietnamese and
English label. Text cells that start with ``=``, ``+``, ``-``, ``@`` (or a tab
or carriage return) are never run as formulas: in the workbook they are
text cells with Excel's quote prefix (value unchanged); in the CSV copies they
get a leading apostrophe (the usual guard against formula injection), which
makes Excel read them as text.

Every file is written to a temporary ``.<name>.*.part`` file in its folder
and renamed into place, so an interrupted run never leaves a half-written
file; two runs give byte-identical files (metadata dates are fixed to the
report date, zip members get fixed timestamps).

From Python::

    from nq03lib.pack.export import Options, export
    export(Options(langs=("vi", "en"), formats=("png",), charts=("01-*",)))
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import re
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nq03lib import paths
from nq03lib.files import remove_stale_parts, write_bytes_atomic

#: Every date written into file metadata: the report's date, so runs are reproducible.
FIXED_DATE = dt.datetime(2021, 9, 28, 0, 0, 0)
#: Timestamp of every member of the zip files (pptx, xlsx): the earliest a zip can hold.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SOURCE_ID = "bc124-2021"
LANGS = ("vi", "en")
FORMATS = ("png", "svg", "pdf")
PARTS = ("charts", "deck", "booklet", "data")
SIZE_CHOICES = ("16:9", "4:3", "a4")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FONT = "Arial"  # in every PowerPoint/LibreOffice install, covers Vietnamese

_TEXT = {
    "vi": {
        "deck_kicker": "Biểu đồ phục vụ cuộc họp",
        "report": "Báo cáo số {number} ngày {date} của {issuer}",
        "count": "{n} biểu đồ",
        "contents": "Mục lục",
        "page": "Trang {n}",
        "chart_id": "Biểu đồ {name} (notebook {notebook})",
    },
    "en": {
        "deck_kicker": "Charts for the meeting",
        "report": "Report No. {number} of {date}, {issuer}",
        "count": "{n} charts",
        "contents": "Contents",
        "page": "Page {n}",
        "chart_id": "Chart {name} (notebook {notebook})",
    },
}
_MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


class PackError(Exception):
    """Raise when the pack cannot be made; ``code`` is the exit status (2 usage, 1 run failure)."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


@dataclass
class Options:
    """Hold what to export (the parsed command line)."""

    out: Path = paths.PACK_DIR
    langs: tuple[str, ...] = ("vi",)
    formats: tuple[str, ...] = FORMATS
    size: str = "16:9"
    dpi: int = 150
    charts: tuple[str, ...] = ()
    parts: tuple[str, ...] = PARTS
    quiet: bool = False
    jobs: int = 1


# ---------------------------------------------------------------- writing files


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip archive (pptx, xlsx) so that the same content gives the same bytes.

    Members keep their order; every member gets the timestamp :data:`ZIP_DATE`,
    the same compression and the same file attributes; the document's created
    and modified dates (``docProps/core.xml``) become :data:`FIXED_DATE`, whatever
    the library wrote (openpyxl stamps "modified" with the time of saving).
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


_CORE_DATE_RE = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def _prepare_folder(folder: Path) -> Path:
    """Create ``folder`` and check a file can be written in it; raise PackError naming it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(folder / ".write-test", b"")
        (folder / ".write-test").unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PackError(f"cannot write to folder {folder}: {reason}", code=1) from None
    return folder


# ---------------------------------------------------------------- report text


def _report_lines(lang: str) -> tuple[str, str]:
    """Return the report's title and its "Report No. … of … by …" line in ``lang``."""
    from nq03lib.data.source import source_record

    record = source_record(SOURCE_ID)
    day = dt.date.fromisoformat(record["date"])
    if lang == "vi":
        date = f"{day.day}-{day.month}-{day.year}"
        title, issuer = record["title"], record["issuer"]
    else:
        date = f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
        title = record.get("title_en") or record["title"]
        issuer = record.get("issuer_en") or record["issuer"]
    return title, _TEXT[lang]["report"].format(number=record["number"], date=date, issuer=issuer)


# ---------------------------------------------------------------- slide deck


def _picture_crop(fig, lang: str) -> tuple[float, float]:
    """Return the fractions (top, bottom) of the chart image taken by its title and source line.

    The deck writes the title and the source as slide text, so the picture is
    cropped to the chart (the image itself keeps everything: un-crop to see
    it). Computed from the drawn extents so that nothing else is cut: a
    chart's own note above the source line stays in the picture.
    """
    from nq03lib.data.schema import SOURCE_NOTE

    renderer = fig.canvas.get_renderer()
    height = fig.bbox.height
    title = getattr(fig, "_suptitle", None)
    note = next((t for t in fig.texts if t.get_text().endswith(SOURCE_NOTE[lang])), None)
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
            SOURCE_NOTE[lang], note.get_fontproperties(), ismath=False
        )
        keep_from = min([extent.y0 + line_height + 2, *(b.y0 - pad for b in boxes)])
        bottom = max(0.0, keep_from / height)
    return top, bottom


class Deck:
    """Build a 16:9 slide deck: a title slide, then one slide per chart."""

    WIDTH_IN, HEIGHT_IN = 13.333, 7.5

    def __init__(self, lang: str, chart_count: int):
        from pptx import Presentation
        from pptx.util import Inches

        self.lang = lang
        self.prs = Presentation()
        self.prs.slide_width = Inches(self.WIDTH_IN)
        self.prs.slide_height = Inches(self.HEIGHT_IN)
        self.blank = self.prs.slide_layouts[6]
        title, report = _report_lines(lang)
        slide = self.prs.slides.add_slide(self.blank)
        text = _TEXT[lang]
        self._text(slide, text["deck_kicker"], 0.8, 1.2, 11.7, 0.6, 20, colour="1F78B4", bold=True)
        self._text(slide, title, 0.8, 1.9, 11.7, 2.6, 28, bold=True)
        self._text(slide, report, 0.8, 4.8, 11.7, 0.9, 18, colour="4D4D4D")
        self._text(slide, text["count"].format(n=chart_count), 0.8, 5.8, 11.7, 0.5, 16, colour="4D4D4D")
        props = self.prs.core_properties
        props.title = f"{text['deck_kicker']}: {title}"[:250]
        props.subject = report
        props.author = props.last_modified_by = "nq03lib"
        props.language = "vi-VN" if lang == "vi" else "en-GB"
        props.revision = 1
        props.created = props.modified = FIXED_DATE
        props.last_printed = FIXED_DATE

    def _text(self, slide, text, left, top, width, height, size, colour="000000", bold=False):
        from pptx.dml.color import RGBColor
        from pptx.enum.lang import MSO_LANGUAGE_ID
        from pptx.util import Inches, Pt

        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate(str(text).split("\n")):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = para.add_run()
            run.text = line
            font = run.font
            font.name, font.size, font.bold = FONT, Pt(size), bold
            font.color.rgb = RGBColor.from_string(colour)
            font.language_id = MSO_LANGUAGE_ID.VIETNAMESE if self.lang == "vi" else MSO_LANGUAGE_ID.ENGLISH_UK
        return box

    def add_chart(self, chart, title: str, takeaway: str, picture, crop: tuple[float, float]) -> None:
        """Add a slide: the chart's title, its takeaway, the picture (cropped) and the source.

        ``crop`` gives the fractions (top, bottom) of the picture to hide (see
        :func:`_picture_crop`); the picture is scaled to fit below the takeaway.
        """
        from pptx.util import Inches

        from nq03lib.data.schema import SOURCE_NOTE

        slide = self.prs.slides.add_slide(self.blank)
        self._text(slide, title, 0.45, 0.2, 12.4, 0.75, 24 if len(title) <= 75 else 20, bold=True)
        self._text(slide, takeaway, 0.45, 0.95, 12.4, 0.75, 16, colour="1F4E79")
        self._text(slide, SOURCE_NOTE[self.lang], 0.45, 7.05, 12.4, 0.35, 11, colour="4D4D4D")
        image = slide.shapes.add_picture(picture, 0, 0)
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
        notes.text = _TEXT[self.lang]["chart_id"].format(name=chart.name, notebook=chart.notebook)

    def to_bytes(self) -> bytes:
        """Return the .pptx file as deterministic bytes."""
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return normalise_zip(buffer.getvalue())


# ---------------------------------------------------------------- PDF booklet


class Booklet:
    """Write a PDF booklet: contents page(s), then one page per chart, page numbers in the corner.

    Use as a context manager: the file appears (atomically) only when every
    page has been added without error.
    """

    LINE_IN = 0.3  # height of one contents line, inches
    TOP_IN = 2.0  # baseline of the first contents line, inches from the top

    def __init__(self, target: Path, lang: str, titles: Sequence[str], size: tuple[float, float]):
        self.target, self.lang, self.titles, self.size = Path(target), lang, list(titles), size
        self.report_title, self.report_line = _report_lines(lang)
        wrap = max(40, int((size[0] - 2.4) / 0.105))
        self.entries = [textwrap.wrap(t, wrap) or [""] for t in self.titles]
        per_page = max(1, int((size[1] - self.TOP_IN - 0.6) / self.LINE_IN) + 1)
        self.contents_pages = self._paginate(per_page)
        self.first_chart_page = len(self.contents_pages) + 1
        self._pdf = None
        self._buffer: io.BytesIO | None = None

    def _paginate(self, lines_per_page: int) -> list[list[int]]:
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

        self._buffer = io.BytesIO()
        self._pdf = PdfPages(
            self._buffer,
            metadata={
                "Title": f"{_TEXT[self.lang]['deck_kicker']}: {self.report_title}",
                "Subject": self.report_line,
                "Author": "nq03lib",
                "Creator": "nq03lib",
                "Producer": "nq03lib (matplotlib)",
                "CreationDate": FIXED_DATE,
                "ModDate": FIXED_DATE,
            },
        )
        try:
            for number in range(1, len(self.contents_pages) + 1):
                fig = self.contents_figure(number)
                try:
                    self._pdf.savefig(fig)
                finally:
                    plt.close(fig)
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def contents_figure(self, number: int):
        """Return contents page ``number`` (1-based) as a Figure (the caller closes it)."""
        import matplotlib.pyplot as plt

        from nq03lib.charts import theme as ch

        ch.apply_theme()
        width, height = self.size
        fig = plt.figure(figsize=self.size)
        left, right = 0.6 / width, 1 - 0.6 / width
        fig.text(left, 1 - 0.5 / height, _TEXT[self.lang]["contents"], fontsize=22, weight="bold", va="top")
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
        self._page_number(fig, number)
        ch.add_source_note(fig, self.lang)
        return fig

    def _page_number(self, fig, number: int) -> None:
        from nq03lib.charts import theme as ch

        label = _TEXT[self.lang]["page"].format(n=number)
        fig.text(0.99, 0.01, label, ha="right", va="bottom", fontsize=10, color=ch.TEXT_GREY)

    def add(self, fig, index: int) -> None:
        """Add the chart ``index`` (0-based, in contents order) as a page; stamps its page number."""
        self._page_number(fig, self.first_chart_page + index)
        self._pdf.savefig(fig)

    def __exit__(self, exc_type, exc, tb) -> None:
        self._pdf.close()
        if exc_type is None:
            write_bytes_atomic(self.target, self._buffer.getvalue())


# ---------------------------------------------------------------- data: xlsx and csv


def _is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_safe(frame):
    """Return a copy of ``frame`` whose text cells cannot run as formulas in Excel.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading apostrophe; numbers are left alone.
    """
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind in "biufcmM":
            continue
        values = out[col].astype("object")
        mask = values.map(_is_formula_like).astype(bool)
        if mask.any():
            out[col] = values.where(~mask, "'" + values.astype(str))
    return out


def data_frames() -> dict[str, object]:
    """Return every table to export, by sheet name: the data tables, then the dictionary and the audit."""
    import pandas as pd

    from nq03lib.audit import audit
    from nq03lib.data import schema as metadata
    from nq03lib.data.parse import describe, list_tables, load_all

    frames: dict[str, pd.DataFrame] = dict(load_all())
    dictionary = pd.concat([describe(n).assign(table=n) for n in metadata.TABLES], ignore_index=True)
    dictionary = dictionary[["table", *[c for c in dictionary.columns if c != "table"]]]
    categories = pd.DataFrame(
        [
            {"category": name, "position": i, "code": code, "label_vi": vi, "label_en": en}
            for name, codes in metadata.CATEGORIES.items()
            for i, (code, (vi, en)) in enumerate(codes.items(), start=1)
        ]
    )
    abbreviations = pd.DataFrame(
        [{"abbreviation": a, "vi": vi, "en": en} for a, (vi, en) in metadata.ABBREVIATIONS.items()]
    )
    tables = list_tables()
    tables["row_count"] = [len(frames[n]) for n in tables["table"]]
    frames = {
        "tables": tables,
        **frames,
        "data_dictionary": dictionary,
        "categories": categories,
        "abbreviations": abbreviations,
        "audit": audit(),
    }
    return frames


def _cell_value(value):
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def workbook_bytes(frames: dict) -> bytes:
    """Return an .xlsx workbook, one sheet per frame, as deterministic bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from nq03lib.data.schema import SOURCE_NOTE

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for name, frame in frames.items():
        ws = wb.create_sheet(title=name[:31])
        ws.append([str(c) for c in frame.columns])
        for cell in ws[1]:
            cell.font = bold
        widths = [len(str(c)) for c in frame.columns]
        for row in frame.itertuples(index=False, name=None):
            values = [_cell_value(v) for v in row]
            ws.append(values)
            for j, v in enumerate(values):
                if isinstance(v, str):
                    widths[j] = max(widths[j], len(v))
                    if _is_formula_like(v):
                        cell = ws.cell(row=ws.max_row, column=j + 1)
                        cell.data_type = "s"
                        cell.quotePrefix = True
                else:
                    widths[j] = max(widths[j], len(str(v)) if v is not None else 0)
        wrap = Alignment(wrap_text=True, vertical="top")
        for j, width in enumerate(widths, start=1):
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = min(max(8, width + 2), 70)
            if width > 70:
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.alignment = wrap
        ws.freeze_panes = "A2"
        if len(frame):
            ws.auto_filter.ref = ws.dimensions
    props = wb.properties
    props.creator = props.lastModifiedBy = "nq03lib"
    props.title = "nq03: data of report 124-BC/TU"
    props.description = SOURCE_NOTE["vi"]
    props.created = props.modified = FIXED_DATE
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_zip(buffer.getvalue())


def csv_bytes(frame) -> bytes:
    """Return ``frame`` as CSV for Excel: UTF-8 with a byte-order mark, formula-like text guarded."""
    text = csv_safe(frame).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


# ---------------------------------------------------------------- the export


def _log(options: Options, message: str) -> None:
    if not options.quiet:
        print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Rendered:
    """What drawing one chart produced: its files, and the deck's picture with its crop."""

    files: list[Path]
    picture: bytes | None
    crop: tuple[float, float]


def _chart_failed(name: str, lang: str, exc: BaseException) -> PackError:
    return PackError(f"chart {name!r} ({lang}) failed: {type(exc).__name__}: {exc}")


def save_chart(
    fig, name: str, lang: str, chart_dir: Path, formats: Sequence[str], dpi: int, picture: bool
) -> Rendered:
    """Save a drawn chart in every format; measure its PNG (bytes and crop) for the deck if asked."""
    from nq03lib.charts import theme as ch

    files = ch.save_figure(fig, chart_dir / f"{name}.{lang}", formats=formats, dpi=dpi)
    if not picture:
        return Rendered(files, None, (0.0, 0.0))
    png = next((p for p in files if p.suffix == ".png"), None)
    if png is not None:
        blob = png.read_bytes()
    else:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        blob = buffer.getvalue()
    return Rendered(files, blob, _picture_crop(fig, lang))


def render_chart(
    name: str, lang: str, size: str, chart_dir: Path, formats: Sequence[str], dpi: int, picture: bool
):
    """Draw chart ``name`` once and save it (what a worker process does with ``--jobs`` > 1)."""
    import matplotlib.pyplot as plt

    from nq03lib.charts import registry

    try:
        fig = registry.figure(name, lang, size)
    except Exception as exc:
        raise _chart_failed(name, lang, exc) from exc
    try:
        return save_chart(fig, name, lang, chart_dir, formats, dpi, picture)
    finally:
        plt.close(fig)


def _pool(jobs: int):
    """Return a process pool of ``jobs`` workers that inherit the loaded modules where possible."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork (Linux) starts workers with everything imported; elsewhere spawn, the safe default
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_interrupt)


def _ignore_interrupt() -> None:
    """Ignore Ctrl-C in a worker: the main process cancels what has not started.

    The workers finish (and rename) the files they are writing, so none is left half-written.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_jobs() -> int:
    """Return the default number of worker processes: the CPUs available, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(4, cpus))


def _export_language(
    lang: str, selected: list, options: Options, formats: list[str], futures: dict, done: int, total: int
) -> list[Path]:
    """Write one language's chart files, deck and booklet; return the files written.

    ``futures`` holds the workers' :class:`Rendered` results by (chart, lang)
    when they draw the charts; empty when this process draws them.
    ``done`` and ``total`` count the charts for the progress lines.
    """
    import matplotlib.pyplot as plt

    from nq03lib.charts import registry
    from nq03lib.charts import theme as ch

    out = Path(options.out)
    written: list[Path] = []
    deck = Deck(lang, len(selected)) if "deck" in options.parts else None
    booklet = None
    if "booklet" in options.parts:
        titles = [c.title[lang] for c in selected]
        booklet = Booklet(out / f"nq03-{lang}.pdf", lang, titles, ch.SIZES[options.size])
    with booklet if booklet is not None else contextlib.nullcontext():
        for index, chart in enumerate(selected):
            done += 1
            _log(options, f"[{done}/{total}] {chart.name} ({lang}) · {total - done} left")
            try:
                data = chart.compute(registry.frames(), lang)
                takeaway = chart.sentence(data, lang)
                drawn_here = not futures or booklet is not None
                fig = registry.figure(chart.name, lang, options.size, data=data) if drawn_here else None
            except Exception as exc:
                raise _chart_failed(chart.name, lang, exc) from exc
            try:
                if futures:
                    result = futures[(chart.name, lang)].result()
                else:
                    result = save_chart(
                        fig, chart.name, lang, out / "charts", formats, options.dpi, deck is not None
                    )
                written += result.files
                if deck is not None:
                    deck.add_chart(
                        chart, chart.title[lang], takeaway, io.BytesIO(result.picture), result.crop
                    )
                if booklet is not None:
                    booklet.add(fig, index)
            finally:
                if fig is not None:
                    plt.close(fig)
    if booklet is not None:
        written.append(booklet.target)
        _log(options, f"wrote {booklet.target}")
    if deck is not None:
        written.append(write_bytes_atomic(out / f"nq03-{lang}.pptx", deck.to_bytes()))
        _log(options, f"wrote {written[-1]}")
    return written


def export(options: Options) -> list[Path]:
    """Write the meeting pack described by ``options``; return the files written.

    With ``options.jobs`` > 1, worker processes draw the charts and save their
    files (and the deck's pictures) while this process writes the booklet,
    which needs each chart drawn here too; with 1, each chart is drawn once
    and serves every output. Both give the same bytes.

    Raises
    ------
    PackError
        For an unknown chart (code 2), a folder that cannot be written or a
        chart that fails to draw (code 1).

    """
    from nq03lib.charts import registry

    renders = bool({"charts", "deck", "booklet"} & set(options.parts))
    try:
        selected = registry.select(list(options.charts)) if renders or options.charts else []
    except KeyError as exc:
        raise PackError(str(exc.args[0]), code=2) from None

    out = Path(options.out)
    csv_dir = out / "csv"
    folders = [out]
    if "charts" in options.parts:
        folders.append(out / "charts")
    if "data" in options.parts:
        folders.append(csv_dir)
    for folder in folders:
        _prepare_folder(folder)
    remove_stale_parts(folders)

    written: list[Path] = []
    formats = list(options.formats) if "charts" in options.parts else []
    langs = options.langs if renders else ()
    tasks = [(c, lang) for lang in langs for c in selected]
    parallel = options.jobs > 1 and len(tasks) > 1 and bool(formats or "deck" in options.parts)
    with _pool(min(options.jobs, len(tasks))) if parallel else contextlib.nullcontext() as pool:
        futures = {}
        if pool is not None:
            args = (options.size, out / "charts", formats, options.dpi, "deck" in options.parts)
            futures = {(c.name, lang): pool.submit(render_chart, c.name, lang, *args) for c, lang in tasks}
        try:
            for i, lang in enumerate(langs):
                done = i * len(selected)
                written += _export_language(lang, selected, options, formats, futures, done, len(tasks))
        except BaseException:
            for future in futures.values():
                future.cancel()
            raise
    if "data" in options.parts:
        frames = data_frames()
        written.append(write_bytes_atomic(out / "nq03-data.xlsx", workbook_bytes(frames)))
        _log(options, f"wrote {written[-1]}")
        for name, frame in frames.items():
            written.append(write_bytes_atomic(csv_dir / f"{name}.csv", csv_bytes(frame)))
        _log(options, f"wrote {len(frames)} CSV files to {csv_dir}")
    return written


# ---------------------------------------------------------------- command line

_EPILOG = """\
what it writes (into --out, default pack/ in the project, ignored by git):
  charts/<chart>.<lang>.<fmt>   e.g. charts/04-organisations-by-type.vi.png
  nq03-<lang>.pptx              slide deck: title slide + one chart a slide
                                (title, one-line takeaway, chart, source)
  nq03-<lang>.pdf               booklet: contents page + one chart a page
  nq03-data.xlsx                every data table (one sheet each), the data
                                dictionary, categories and the audit
  csv/<table>.csv               the same tables as CSV (UTF-8 with BOM for Excel)
The data files hold the codes of data/*.csv whatever --lang says; the
dictionary sheet gives each code's Vietnamese and English label.
SVG and PDF keep text as text. Two runs give byte-identical files, and every
file is written atomically (an interrupted run leaves no half-written file).

examples:
  python -m nq03lib pack                          everything, in Vietnamese
  python -m nq03lib pack --list                   list the charts with their titles
  python -m nq03lib pack --lang vi,en             Vietnamese and English
  python -m nq03lib pack '01-*' 04-organisations-by-type --formats png,svg
  python -m nq03lib pack --size a4 --parts booklet --out /tmp/print
  python -m nq03lib pack --parts data             only the Excel workbook and CSVs

exit status: 0 done, 1 the export failed (e.g. folder not writable),
2 bad option or unknown chart, 130 interrupted (Ctrl-C).
"""


def _choices(allowed: Sequence[str], what: str):
    """Return an argparse type that splits ``a,b`` and checks each item is allowed."""

    def parse(text: str) -> list[str]:
        items = [t.strip() for t in text.split(",") if t.strip()]
        for item in items:
            if item not in allowed:
                raise argparse.ArgumentTypeError(f"unknown {what} {item!r}; choose from {', '.join(allowed)}")
        return items

    return parse


def _positive_dpi(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"dpi must be a whole number, got {text!r}") from None
    if not 30 <= value <= 1200:
        raise argparse.ArgumentTypeError(f"dpi must be between 30 and 1200, got {value}")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"jobs must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"jobs must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m nq03lib pack``."""
    parser = argparse.ArgumentParser(
        prog="python -m nq03lib pack",
        description="Export the meeting pack: every chart of the notebooks (drawn by the same nq03lib "
        "functions) as PNG/SVG/PDF files, a PowerPoint deck, a PDF booklet, and the data as Excel and CSV.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "charts",
        nargs="*",
        metavar="CHART",
        help="chart names or glob patterns (e.g. '01-*'); default: every chart. See --list.",
    )
    parser.add_argument("--list", action="store_true", help="list every chart with its title and exit")
    parser.add_argument(
        "--out",
        type=Path,
        default=paths.PACK_DIR,
        metavar="DIR",
        help=f"output folder (default: {paths.PACK_DIR})",
    )
    parser.add_argument(
        "--lang",
        type=_choices(LANGS, "language"),
        action="extend",
        metavar="LANG",
        help="vi (Vietnamese, default) and/or en (English): --lang en, --lang vi,en",
    )
    parser.add_argument(
        "--formats",
        type=_choices(FORMATS, "format"),
        action="extend",
        metavar="FMT",
        help="chart file formats, comma-separated: png, svg, pdf (default: all three), e.g. --formats png,svg",
    )
    parser.add_argument(
        "--size",
        choices=SIZE_CHOICES,
        default="16:9",
        help="chart size preset: 16:9 slide (13.33×7.5 in, default), 4:3 slide (10×7.5 in), "
        "a4 landscape page (11.69×8.27 in); also the booklet's page size",
    )
    parser.add_argument(
        "--dpi",
        type=_positive_dpi,
        default=150,
        help="resolution of PNG files and slide pictures (default 150)",
    )
    parser.add_argument(
        "--parts",
        type=_choices(PARTS, "part"),
        action="extend",
        metavar="PART",
        help="what to write, comma-separated: charts, deck, booklet, data (default: all four), e.g. --parts deck,booklet",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        help=f"worker processes that draw charts in parallel (default: CPUs, at most 4; here {default_jobs()})",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="do not show progress")
    return parser


def _unique(items: Iterable[str] | None, default: Sequence[str]) -> tuple[str, ...]:
    """Drop repeated option values (``--lang vi,vi``), keep their order; ``default`` if none."""
    return tuple(dict.fromkeys(items)) if items else tuple(default)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m nq03lib pack`` with ``argv``; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help (0) or a bad option (2, message already printed)
        return int(exc.code or 0)
    langs = _unique(args.lang, ("vi",))
    if args.list:
        from nq03lib.charts import registry

        table = registry.list_charts(langs[0])
        width = max([len(n) for n in table["chart"]], default=5)
        for name, title in zip(table["chart"], table["title"]):
            print(f"{name:<{width}}  {title}")
        print(f"{len(table)} charts", file=sys.stderr)
        return 0

    import matplotlib

    matplotlib.use("Agg")  # files only: no window, no GUI toolkit to load
    options = Options(
        out=args.out,
        langs=langs,
        formats=_unique(args.formats, FORMATS),
        size=args.size,
        dpi=args.dpi,
        charts=tuple(args.charts),
        parts=_unique(args.parts, PARTS),
        quiet=args.quiet,
        jobs=args.jobs or default_jobs(),
    )
    start = time.perf_counter()
    try:
        files = export(options)
    except PackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("interrupted: no partial file was left; files already finished are complete", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"error: could not write the pack: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    print(f"wrote {len(files)} file{'' if len(files) == 1 else 's'} to {options.out} in {seconds:.1f} s")
    return 0
