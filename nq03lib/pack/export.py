"""Export the meeting pack: every registered chart as files, a slide deck, a PDF booklet and the data.

``python -m nq03lib pack`` (or ``python3 dev.py pack`` / ``make pack``) writes,
by default into ``pack/`` (ignored by git)::

    pack/charts/<chart>.<lang>.png|svg|pdf   one file per chart, language and format
    pack/nq03-<lang>.pptx                    deck: title, agenda, sections in the report's order
                                             (divider, chart slides), key findings, appendix
    pack/nq03-<lang>.pdf                     booklet on A4: contents, then one chart a page
    pack/nq03-data-<lang>.xlsx               every data table, the dictionary and the audit, for people
    pack/csv/<table>.csv                     the same tables for programs (codes, UTF-8 with BOM)

This module holds the options, the order of work, the progress lines, the
command line and its exit codes; the outputs are built by
:mod:`nq03lib.pack.deck`, :mod:`nq03lib.pack.booklet` and
:mod:`nq03lib.pack.workbook`, and written here through
:mod:`nq03lib.files`, the one atomic writer.

The charts come from :mod:`nq03lib.charts.registry`, the same definitions the
notebooks show: a chart registered once appears in both. Each chart is drawn
once for each output that shows it: for its files (the notebook's drawing,
saved in each format), for its slide (at the picture box's size, without title
or takeaway, which the slide shows as text) and for its A4 booklet page. The
order of the deck and booklet is :func:`nq03lib.pack.common.order_charts`.

Two processes (``--jobs 2``, the default on a machine with two cores or more):
the chart files are the largest piece of work and share nothing with the
deck, booklet and workbook but the chart's table, so a second process (this
command with ``--parts charts``) writes them while this one builds the rest.
The files are the same bytes as with ``--jobs 1`` (a test compares them). The
second process reads its standard input, which only this process holds open:
when this process ends in any way (done, Ctrl-C, an error, ``kill -9``) the
pipe closes and the second process stops at once, removing its unfinished
file, so no worker is left behind. Measured on the two-core machine, the default
pack takes 42 s against 54 s with ``--jobs 1`` (README, "Speed").

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
import io
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from nq03lib import paths
from nq03lib.files import remove_stale_parts, write_bytes_atomic

LANGS = ("vi", "en")
#: The hidden option of the chart files' process of ``--jobs 2`` (see the module docstring).
_WORKER_FLAG = "--worker"
FORMATS = ("png", "svg", "pdf")
PARTS = ("charts", "deck", "booklet", "data")
SIZE_CHOICES = ("16:9", "4:3", "a4")
#: The sizes a deck can have; with ``--size a4`` the chart files are A4 landscape and the deck 16:9.
DECK_SIZES = ("16:9", "4:3")
#: The booklet's charts stand on an A4 page, narrower than a slide: their fonts are this much smaller.
BOOKLET_FONT_SCALE = 0.64


class PackError(Exception):
    """Raise when the pack cannot be made; ``code`` is the exit status (2 usage, 1 run failure)."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


@dataclass
class Options:
    """Hold what to export (the parsed command line).

    Attributes
    ----------
    out : Path
        The output folder.
    langs : tuple of {"vi", "en"}
    formats : tuple of {"png", "svg", "pdf"}
        The chart file formats.
    size : {"16:9", "4:3", "a4"}
        The deck's shape and the chart files' size (``a4``: chart files on A4
        landscape, the deck 16:9). The booklet is always A4 portrait.
    dpi : int
        The resolution of PNG files and slide pictures.
    charts : tuple of str
        Chart names or glob patterns; empty for every chart.
    parts : tuple of {"charts", "deck", "booklet", "data"}
    quiet : bool
        No progress lines.
    title, date, presenter, organisation : str, optional
        What the deck's title slide says (defaults from ``data/source/sources.csv``).
    findings : bool
        Add the key-findings slides.
    jobs : {1, 2}
        With 2, a second process writes the chart files while this one builds
        the deck, booklet and data (see the module docstring).

    """

    out: Path = paths.PACK_DIR
    langs: tuple[str, ...] = ("vi",)
    formats: tuple[str, ...] = FORMATS
    size: str = "16:9"
    dpi: int = 150
    charts: tuple[str, ...] = ()
    parts: tuple[str, ...] = PARTS
    quiet: bool = False
    title: str | None = None
    date: str | None = None
    presenter: str | None = None
    organisation: str | None = None
    findings: bool = True
    jobs: int = 1


#: The most processes the pack uses: the chart files in one, everything else in the other.
MAX_JOBS = 2


def pick_jobs() -> int:
    """Return the default ``--jobs``: 2 on a machine with two cores or more, else 1."""
    import os

    return min(MAX_JOBS, os.cpu_count() or 1)


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


class _Interrupt:
    """Take a Ctrl-C at the next safe point: the next chart, or before the next file is written.

    Python raises KeyboardInterrupt wherever the main thread is when SIGINT
    arrives; inside a weakref callback or a ``__del__`` it prints "Exception
    ignored" with a traceback and goes on, as if no Ctrl-C had come. So while
    the pack runs, SIGINT only sets a flag, and :meth:`check` raises
    KeyboardInterrupt at each chart, before each file is written and while
    waiting for the chart files' process: the pack stops within about a
    chart's drawing. ``_thread.interrupt_main`` (how that process is told to
    stop) goes through the same handler.
    """

    def __init__(self) -> None:
        self.seen = False
        self._previous = None

    def _handle(self, signum, frame) -> None:
        self.seen = True

    def __enter__(self) -> _Interrupt:
        import signal
        import threading

        self.seen = False
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None

    def check(self) -> None:
        """Raise KeyboardInterrupt if a Ctrl-C came."""
        if self.seen:
            raise KeyboardInterrupt


_INTERRUPT = _Interrupt()


def _write(path: Path, data: bytes) -> Path:
    """Write one file of the pack atomically, unless a Ctrl-C came (see :class:`_Interrupt`)."""
    _INTERRUPT.check()
    return write_bytes_atomic(path, data)


def _log(options: Options, message: str) -> None:
    if not options.quiet:
        print(message, file=sys.stderr, flush=True)


def _chart_failed(name: str, lang: str, exc: BaseException) -> PackError:
    return PackError(f"chart {name!r} ({lang}) failed: {type(exc).__name__}: {exc}")


def _chart_data(chart, lang: str):
    """Return chart ``chart``'s table in ``lang`` and its takeaway; PackError if it fails.

    The table is computed once, by :func:`nq03lib.explore.compute_chart_data`,
    which also records the data tables it reads: the slide's speaker notes
    (:func:`nq03lib.pack.common.list_chart_quotes`) find it there instead of
    computing it again.
    """
    from nq03lib import explore

    try:
        data, _ = explore.compute_chart_data(chart.name, lang)
        return data, chart.sentence(data, lang)
    except Exception as exc:
        raise _chart_failed(chart.name, lang, exc) from exc


def _draw(chart, lang: str, make, *args, **kwargs):
    """Return the Figure ``make(*args, **kwargs)`` draws; PackError naming the chart if it fails."""
    try:
        return make(*args, **kwargs)
    except Exception as exc:
        raise _chart_failed(chart.name, lang, exc) from exc


def _render_png(fig, dpi: int) -> bytes:
    """Return ``fig`` as PNG bytes, as :func:`nq03lib.charts.theme.save_figure` writes it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _notes_for_chart(chart, lang: str) -> str:
    """Return a chart slide's speaker notes: the verbatim quotes and locations of the figures behind it."""
    from nq03lib.pack.common import TEXT, list_chart_quotes, write_for_readers
    from nq03lib.text import format_location

    text = TEXT[lang]
    quotes = list_chart_quotes(chart.name, lang)
    report = describe_report_line(lang)
    if quotes.empty:
        return text["notes_none"]
    lines = [text["notes_quotes"].format(report=report)]
    grouped: dict[tuple[str, str], list[str]] = {}
    for _, row in quotes.iterrows():
        figure = f"{row['figure']}: {row['value']}" if row["value"] else str(row["figure"])
        grouped.setdefault((str(row["location"]), str(row["quote"])), []).append(figure)
    for (location, quote), figures in grouped.items():
        place = format_location(location, lang)
        lines.append(f"• {place[:1].upper()}{place[1:]}: “{quote}”")
        lines.append("   " + text["notes_figures"].format(figures="; ".join(dict.fromkeys(figures))))
    return write_for_readers("\n".join(lines), lang)


def describe_report_line(lang: str) -> str:
    """Return the report's "Báo cáo số … ngày … của …" line (from ``sources.csv``)."""
    from nq03lib.pack.common import describe_report

    return describe_report(lang)[1]


def _findings_position(runs: list) -> int:
    """Return before which run the key findings go: after the last run of the report's sections."""
    from nq03lib.pack.common import APPENDIX_CODE

    return 1 + max([i for i, (place, _) in enumerate(runs) if place != APPENDIX_CODE], default=-1)


def _agenda_items(runs: list, lang: str, with_findings: bool) -> list[str]:
    """Return the agenda's lines in the deck's order: each section (with its place in the report), the findings, the appendix."""
    from nq03lib.pack.common import APPENDIX_CODE, TEXT, name_place

    items: list[str] = []
    findings_at = _findings_position(runs) if with_findings else -1
    for i, (place, _) in enumerate([*runs, (None, None)]):
        if i == findings_at:
            items.append(TEXT[lang]["findings"])
        if place is None:
            break
        kicker, title = name_place(place, lang)
        item = (
            f"{kicker}: {title}" if place == APPENDIX_CODE else f"{title} ({kicker[:1].lower()}{kicker[1:]})"
        )
        if item not in items:
            items.append(item)
    return items


def _add_findings(deck, topic_findings: list, lang: str) -> None:
    """Add the key-findings slides: each topic's findings (:func:`~nq03lib.pack.common.list_topic_findings`), a few a slide."""
    from nq03lib.pack.common import TEXT

    for notebook, heading, sentences in topic_findings:
        pages = deck.plan_findings(sentences)
        notes = TEXT[lang]["notes_findings"].format(notebook=notebook)
        for k, page in enumerate(pages, start=1):
            deck.add_findings(heading, page, k, len(pages), notes)


def _export_language(lang: str, selected: list, options: Options, done: int, total: int) -> list[Path]:
    """Write one language's chart files, deck and booklet; return the files written.

    Each chart is drawn for each output that shows it: once for its files
    (saved in every format), once for its slide's picture box (no title, no
    takeaway: the slide shows them) and once for its A4 booklet page. ``done``
    and ``total`` count the charts for the progress lines.
    """
    import matplotlib.pyplot as plt

    from nq03lib.charts import registry
    from nq03lib.charts import theme as ch
    from nq03lib.pack.booklet import Booklet
    from nq03lib.pack.common import (
        group_by_place,
        list_topic_findings,
        name_place,
        read_section_headings,
        write_for_readers,
    )
    from nq03lib.pack.deck import Deck, Meeting

    out = Path(options.out)
    formats = list(options.formats) if "charts" in options.parts else []
    written: list[Path] = []
    runs = group_by_place(selected)
    deck = booklet = None
    if "deck" in options.parts:
        meeting = Meeting(options.title, options.date, options.presenter, options.organisation)
        deck = Deck(lang, options.size if options.size in DECK_SIZES else "16:9", meeting)
        deck.add_title()
        deck.add_agenda(_agenda_items(runs, lang, options.findings))
    # the findings follow the last section of the report's content, before what is left of the appendix
    findings_at = _findings_position(runs)
    topic_findings = (
        list_topic_findings(lang) if options.findings and {"deck", "booklet"} & set(options.parts) else []
    )
    if "booklet" in options.parts:
        contents = [
            (" · ".join(name_place(place, lang)), [c.title[lang] for c in charts]) for place, charts in runs
        ]
        booklet = Booklet(
            lang,
            contents,
            findings=[(heading, sentences) for _, heading, sentences in topic_findings],
            findings_at=findings_at,
        )
    headings = read_section_headings()
    readable = lambda text: write_for_readers(text, lang)  # noqa: E731 - a chart note for readers
    index = 0
    with_findings = options.findings and deck is not None
    with booklet if booklet is not None else contextlib.nullcontext():
        for run, (place, charts) in enumerate(runs):
            kicker, section_title = name_place(place, lang)
            if booklet is not None and run == findings_at:
                booklet.add_findings()
            if deck is not None:
                if with_findings and run == findings_at:
                    _add_findings(deck, topic_findings, lang)
                deck.add_divider(kicker, section_title, pick_notes_heading(headings.get(place, ""), lang))
            for chart in charts:
                done += 1
                _INTERRUPT.check()
                _log(options, f"[{done}/{total}] {chart.name} ({lang}) · {total - done} left")
                data, takeaway = _chart_data(chart, lang)
                title = readable(chart.title[lang])
                takeaway = readable(takeaway)
                try:
                    if formats:
                        fig = _draw(chart, lang, registry.figure, chart.name, lang, options.size, data=data)
                        try:
                            written += ch.save_figure(
                                fig, out / "charts" / f"{chart.name}.{lang}", formats=formats, dpi=options.dpi
                            )
                        finally:
                            plt.close(fig)
                    if deck is not None:
                        _, _, width, height = deck.chart_slot(title, takeaway)
                        scale = deck.picture_scale  # drawn larger, shown at the box's size: room for labels
                        width, height = width * scale, height * scale
                        fig = _draw(
                            chart,
                            lang,
                            registry.figure_for_slot,
                            chart.name,
                            lang,
                            (width, height),
                            data=data,
                            note=readable,
                        )
                        try:
                            picture = _render_png(fig, options.dpi)
                        finally:
                            plt.close(fig)
                        deck.add_chart(chart, title, takeaway, picture, _notes_for_chart(chart, lang))
                    if booklet is not None:
                        section = f"{kicker} · {section_title}"
                        rect = booklet.chart_rect(section, title, takeaway)
                        fig = _draw(
                            chart,
                            lang,
                            registry.figure_for_slot,
                            chart.name,
                            lang,
                            booklet.size,
                            rect=rect,
                            data=data,
                            note=readable,
                            font_scale=BOOKLET_FONT_SCALE,
                        )
                        try:
                            booklet.add(fig, index, section, title, takeaway)
                        finally:
                            plt.close(fig)
                except OSError:  # a file that cannot be written: reported as such by main()
                    raise
                except PackError:
                    raise
                except Exception as exc:  # matplotlib lays out and renders text only when saving
                    raise _chart_failed(chart.name, lang, exc) from exc
                index += 1
        if booklet is not None and findings_at == len(runs):
            booklet.add_findings()
        if with_findings and findings_at == len(runs):
            _add_findings(deck, topic_findings, lang)
    if booklet is not None:
        written.append(_write(out / f"nq03-{lang}.pdf", booklet.to_bytes()))
        _log(options, f"wrote {written[-1]}")
    if deck is not None:
        written.append(_write(out / f"nq03-{lang}.pptx", deck.to_bytes()))
        _log(options, f"wrote {written[-1]}")
    return written


def pick_notes_heading(heading: str, lang: str) -> str | None:
    """Return a divider's speaker notes: the section's heading as the report prints it."""
    from nq03lib.pack.common import TEXT

    return TEXT[lang]["notes_heading"].format(heading=heading) if heading else None


def _export_data(out: Path, options: Options) -> list[Path]:
    """Write the workbook (one per language) and the CSV copies of every table; return the files written."""
    from nq03lib.pack.workbook import build_csv, build_workbook, collect_frames

    frames = collect_frames()
    written = []
    for lang in options.langs:
        written.append(_write(out / f"nq03-data-{lang}.xlsx", build_workbook(frames, lang)))
        _log(options, f"wrote {written[-1]}")
    csv_dir = out / "csv"
    written += [_write(csv_dir / f"{name}.csv", build_csv(frame)) for name, frame in frames.items()]
    _log(options, f"wrote {len(frames)} CSV files to {csv_dir}")
    return written


def _splits(options: Options, selected: list) -> bool:
    """Tell whether the chart files go to a second process: two jobs, charts and something else to do."""
    others = {"deck", "booklet", "data"} & set(options.parts)
    return options.jobs > 1 and bool(selected) and "charts" in options.parts and bool(others)


def _start_chart_files(selected: list, options: Options):
    """Start the process that writes the chart files (``pack --parts charts``); return its Popen.

    Its standard input is a pipe this process never writes to: see the module docstring.
    """
    import subprocess

    cmd = [
        sys.executable,
        "-m",
        "nq03lib",
        "pack",
        *[chart.name for chart in selected],
        "--out",
        str(options.out),
        "--lang",
        ",".join(options.langs),
        "--formats",
        ",".join(options.formats),
        "--size",
        options.size,
        "--dpi",
        str(options.dpi),
        "--parts",
        "charts",
        "--jobs",
        "1",
        "--quiet",
        _WORKER_FLAG,
    ]
    errors = tempfile.TemporaryFile()  # its message, if it fails, is said by this process: once
    try:
        worker = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
    except BaseException:
        errors.close()
        raise
    worker.errors = errors
    return worker


def _finish_chart_files(worker, selected: list, options: Options) -> list[Path]:
    """Wait for the chart files' process; return its files, or raise as it ended."""
    import subprocess

    while True:
        _INTERRUPT.check()
        try:
            code = worker.wait(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            continue
    _INTERRUPT.check()
    if code == 130:
        raise KeyboardInterrupt
    if code != 0:
        worker.errors.seek(0)
        said = worker.errors.read().decode("utf-8", "replace").strip().splitlines()
        message = said[-1].removeprefix("error: ") if said else f"ended with status {code}"
        raise PackError(f"{message} (while writing the chart files)", code=code if code in (1, 2) else 1)
    folder = Path(options.out) / "charts"
    return [
        folder / f"{chart.name}.{lang}.{fmt}"
        for lang in options.langs
        for chart in selected
        for fmt in options.formats
    ]


def _stop_chart_files(worker) -> None:
    """Make the chart files' process stop (it is told by its closed input) and wait for it."""
    import subprocess

    with contextlib.suppress(OSError):
        worker.stdin.close()
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:  # stuck in a long drawing: stop it hard
        worker.kill()
        worker.wait()
    finally:
        worker.errors.close()


def _stop_with_parent() -> None:
    """Raise KeyboardInterrupt in the main thread when standard input closes (the pack that started us ended)."""
    import _thread
    import os
    import threading

    def watch() -> None:
        # the file descriptor, not sys.stdin: a buffered reader's lock held by a daemon thread
        # makes the interpreter abort at exit
        with contextlib.suppress(OSError, ValueError):
            while os.read(0, 4096):
                pass
        _thread.interrupt_main()

    threading.Thread(target=watch, name="stop-with-parent", daemon=True).start()


def export(options: Options, *, prepare: bool = True) -> list[Path]:
    """Write the meeting pack described by ``options``; return the files written.

    Each chart is drawn once per language and serves every output (see the
    module docstring).

    Parameters
    ----------
    options : Options

    Returns
    -------
    list of Path
        The files written, in the order written.

    Raises
    ------
    PackError
        For an unknown chart (code 2), a folder that cannot be written or a
        chart that fails to draw (code 1).

    Notes
    -----
    ``prepare=False`` (the chart files' process of ``jobs=2``) leaves the
    folders as they are: the pack that started it has created them and
    removed what a killed run left, and it may be writing there already.

    """
    from nq03lib.pack.common import order_charts

    renders = bool({"charts", "deck", "booklet"} & set(options.parts))
    try:
        selected = order_charts(list(options.charts)) if renders or options.charts else []
    except KeyError as exc:
        raise PackError(str(exc.args[0]), code=2) from None

    out = Path(options.out)
    folders = [out]
    if "charts" in options.parts:
        folders.append(out / "charts")
    if "data" in options.parts:
        folders.append(out / "csv")
    if prepare:
        for folder in folders:
            _prepare_folder(folder)
        remove_stale_parts(folders)

    written: list[Path] = []
    langs = options.langs if renders else ()
    total = len(langs) * len(selected)
    worker = _start_chart_files(selected, options) if _splits(options, selected) else None
    here = (
        options
        if worker is None
        else replace(options, parts=tuple(p for p in options.parts if p != "charts"))
    )
    try:
        for i, lang in enumerate(langs if {"charts", "deck", "booklet"} & set(here.parts) else ()):
            written += _export_language(lang, selected, here, i * len(selected), total)
        if "data" in options.parts:
            written += _export_data(out, options)
        if worker is not None:
            written += _finish_chart_files(worker, selected, options)
    finally:
        if worker is not None:
            _stop_chart_files(worker)
    return written


# ---------------------------------------------------------------- command line

_EPILOG = """\
what it writes (into --out, default pack/ in the project, ignored by git):
  charts/<chart>.<lang>.<fmt>   e.g. charts/04-organisations-by-type.vi.png
  nq03-<lang>.pptx              deck: title slide, agenda, for each report section
                                (in the report's order) a divider and its chart
                                slides (title, takeaway, chart, speaker notes with
                                the quotes), key findings, appendix (method, audit)
  nq03-<lang>.pdf               booklet, A4 portrait: contents + one chart a page
  nq03-data-<lang>.xlsx         every data table (one sheet each), the dictionary,
                                categories and the audit, in --lang: labels beside
                                codes, numbers formatted (open this one in Excel)
  csv/<table>.csv               the same tables for programs: codes, UTF-8 with
                                BOM, comma-separated, dot decimals
SVG and PDF keep text as text. Two runs give byte-identical files, and every
file is written atomically (an interrupted run leaves no half-written file).

examples:
  python -m nq03lib pack                          everything, in Vietnamese
  python -m nq03lib pack --list                   the deck's order: sections, charts
  python -m nq03lib pack --title "Hội nghị …" --date 2021-10-05 --presenter "…"
  python -m nq03lib pack --lang vi,en             Vietnamese and English
  python -m nq03lib pack '01-*' 04-organisations-by-type --formats png,svg
  python -m nq03lib pack --size 4:3 --parts deck     a 4:3 deck
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
        help="the deck's shape and the chart files' size: 16:9 (13.33×7.5 in, default), 4:3 (10×7.5 in), "
        "a4 (chart files on A4 landscape, deck 16:9); the booklet is always A4 portrait",
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
    meeting = parser.add_argument_group("the deck's title slide (defaults from data/source/sources.csv)")
    meeting.add_argument("--title", metavar="TEXT", help="the meeting's name (default: the report's title)")
    meeting.add_argument(
        "--date",
        metavar="DATE",
        help="the meeting's date, e.g. 2021-10-05 or as printed (default: the report's)",
    )
    meeting.add_argument("--presenter", metavar="NAME", help="who presents (default: no line)")
    meeting.add_argument(
        "--organisation", metavar="TEXT", help="the issuing body (default: the report's issuer)"
    )
    parser.add_argument(
        "--no-findings", action="store_true", help="leave the key-findings slides out of the deck"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        choices=range(1, MAX_JOBS + 1),
        default=None,
        metavar="N",
        help="1, or 2: a second process writes the chart files while this one builds the deck, booklet "
        f"and data (default: {MAX_JOBS} on a machine with two cores or more, else 1)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="do not show progress")
    parser.add_argument(_WORKER_FLAG, action="store_true", help=argparse.SUPPRESS)
    return parser


def _read_date(text: str | None, langs: Sequence[str]) -> str | None:
    """Return ``--date`` as the slides print it: an ISO date in the report's style (5-10-2021), else as given."""
    import re

    from nq03lib.text import format_date

    if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        return format_date(text.strip(), langs[0])
    return text


def _print_order(patterns: list[str], lang: str) -> int:
    """Print the deck's order (sections, then their charts) and return the exit status."""
    from nq03lib.pack.common import group_by_place, name_place, order_charts

    try:
        charts = order_charts(patterns)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    width = max([len(c.name) for c in charts], default=5)
    for place, run in group_by_place(charts):
        print(" · ".join(name_place(place, lang)))
        for chart in run:
            print(f"  {chart.name:<{width}}  {chart.title[lang]}")
    print(f"{len(charts)} charts", file=sys.stderr)
    return 0


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
        return _print_order(list(args.charts), langs[0])

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
        title=args.title,
        date=_read_date(args.date, langs),
        presenter=args.presenter,
        organisation=args.organisation,
        findings=not args.no_findings,
        jobs=args.jobs or pick_jobs(),
    )
    start = time.perf_counter()
    if args.worker:
        _stop_with_parent()
    try:
        with _INTERRUPT:
            files = export(options, prepare=not args.worker)
            _INTERRUPT.check()
    except PackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        if not args.worker:  # the pack that started the worker says it once
            print(
                "interrupted: no partial file was left; files already finished are complete", file=sys.stderr
            )
        return 130
    except OSError as exc:
        print(f"error: could not write the pack: {exc}", file=sys.stderr)
        return 1
    if args.worker:
        return 0
    seconds = time.perf_counter() - start
    print(f"wrote {len(files)} file{'' if len(files) == 1 else 's'} to {options.out} in {seconds:.1f} s")
    return 0
