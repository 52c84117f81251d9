"""Export the meeting pack: every registered chart as files, a slide deck, a PDF booklet and the data.

``python -m nq03lib pack`` (or ``python3 dev.py pack`` / ``make pack``) writes,
by default into ``pack/`` (ignored by git)::

    pack/charts/<chart>.<lang>.png|svg|pdf   one file per chart, language and format
    pack/nq03-<lang>.pptx                    slide deck: a title slide, then one chart a slide
    pack/nq03-<lang>.pdf                     booklet: a contents page, then one chart a page
    pack/nq03-data.xlsx                      every data table, the data dictionary and the audit
    pack/csv/<table>.csv                     the same tables as CSV for Excel (UTF-8 with BOM)

This module holds the options, the order of work, the progress lines, the
command line and its exit codes; the outputs are built by
:mod:`nq03lib.pack.deck`, :mod:`nq03lib.pack.booklet` and
:mod:`nq03lib.pack.workbook`, and written here through
:mod:`nq03lib.files`, the one atomic writer.

The charts come from :mod:`nq03lib.charts.registry`, the same definitions the
notebooks show: a chart registered once appears in both. Each chart is drawn
once per language, in this one process, and that Figure serves every output:
it is saved in each format, its PNG becomes the deck's picture and the Figure
itself becomes the booklet's page. (Worker processes were measured and
dropped: on a two-core machine shared with other work they saved about a sixth
of the wall time when the cores were free and nothing under load, for a
quarter more CPU time and a second drawing of every chart for the booklet.)

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
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nq03lib import paths
from nq03lib.files import remove_stale_parts, write_bytes_atomic

LANGS = ("vi", "en")
FORMATS = ("png", "svg", "pdf")
PARTS = ("charts", "deck", "booklet", "data")
SIZE_CHOICES = ("16:9", "4:3", "a4")


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
        The chart size preset, also the booklet's page size.
    dpi : int
        The resolution of PNG files and slide pictures.
    charts : tuple of str
        Chart names or glob patterns; empty for every chart.
    parts : tuple of {"charts", "deck", "booklet", "data"}
    quiet : bool
        No progress lines.

    """

    out: Path = paths.PACK_DIR
    langs: tuple[str, ...] = ("vi",)
    formats: tuple[str, ...] = FORMATS
    size: str = "16:9"
    dpi: int = 150
    charts: tuple[str, ...] = ()
    parts: tuple[str, ...] = PARTS
    quiet: bool = False


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


def _log(options: Options, message: str) -> None:
    if not options.quiet:
        print(message, file=sys.stderr, flush=True)


def _chart_failed(name: str, lang: str, exc: BaseException) -> PackError:
    return PackError(f"chart {name!r} ({lang}) failed: {type(exc).__name__}: {exc}")


def _draw_chart(chart, lang: str, size: str):
    """Return chart ``chart`` drawn in ``lang`` at ``size``, and its takeaway; PackError if it fails."""
    from nq03lib.charts import registry

    try:
        data = registry.chart_data(chart.name, lang)
        takeaway = chart.sentence(data, lang)
        fig = registry.figure(chart.name, lang, size, data=data)
    except Exception as exc:
        raise _chart_failed(chart.name, lang, exc) from exc
    return fig, takeaway


def _render_png(fig, dpi: int) -> bytes:
    """Return ``fig`` as PNG bytes, as :func:`nq03lib.charts.theme.save_figure` writes it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _export_language(lang: str, selected: list, options: Options, done: int, total: int) -> list[Path]:
    """Write one language's chart files, deck and booklet; return the files written.

    Each chart is drawn once; its Figure is saved in every format, its PNG
    (the file's bytes when PNG is among the formats) goes into the deck, and
    the Figure becomes the booklet's page. ``done`` and ``total`` count the
    charts for the progress lines.
    """
    import matplotlib.pyplot as plt

    from nq03lib.charts import theme as ch
    from nq03lib.pack.booklet import Booklet
    from nq03lib.pack.deck import Deck, measure_picture_crop

    out = Path(options.out)
    formats = list(options.formats) if "charts" in options.parts else []
    written: list[Path] = []
    deck = Deck(lang, len(selected)) if "deck" in options.parts else None
    booklet = None
    if "booklet" in options.parts:
        booklet = Booklet(lang, [c.title[lang] for c in selected], ch.SIZES[options.size])
    with booklet if booklet is not None else contextlib.nullcontext():
        for index, chart in enumerate(selected):
            done += 1
            _log(options, f"[{done}/{total}] {chart.name} ({lang}) · {total - done} left")
            fig, takeaway = _draw_chart(chart, lang, options.size)
            try:
                # measured before saving, with the renderer that laid the chart out (its text
                # sizes are cached); saving at another dpi would make a new one, measuring anew
                crop = measure_picture_crop(fig, lang) if deck is not None else None
                files = ch.save_figure(
                    fig, out / "charts" / f"{chart.name}.{lang}", formats=formats, dpi=options.dpi
                )
                written += files
                if deck is not None:
                    png = next((p for p in files if p.suffix == ".png"), None)
                    picture = png.read_bytes() if png is not None else _render_png(fig, options.dpi)
                    deck.add_chart(chart, takeaway, picture, crop)
                if booklet is not None:
                    booklet.add(fig, index)
            except OSError:  # a file that cannot be written: reported as such by main()
                raise
            except Exception as exc:  # matplotlib lays out and renders text only when saving
                raise _chart_failed(chart.name, lang, exc) from exc
            finally:
                plt.close(fig)
    if booklet is not None:
        written.append(write_bytes_atomic(out / f"nq03-{lang}.pdf", booklet.to_bytes()))
        _log(options, f"wrote {written[-1]}")
    if deck is not None:
        written.append(write_bytes_atomic(out / f"nq03-{lang}.pptx", deck.to_bytes()))
        _log(options, f"wrote {written[-1]}")
    return written


def _export_data(out: Path, options: Options) -> list[Path]:
    """Write the workbook and the CSV copies of every table; return the files written."""
    from nq03lib.pack.workbook import build_csv, build_workbook, collect_frames

    frames = collect_frames()
    written = [write_bytes_atomic(out / "nq03-data.xlsx", build_workbook(frames))]
    _log(options, f"wrote {written[-1]}")
    csv_dir = out / "csv"
    written += [
        write_bytes_atomic(csv_dir / f"{name}.csv", build_csv(frame)) for name, frame in frames.items()
    ]
    _log(options, f"wrote {len(frames)} CSV files to {csv_dir}")
    return written


def export(options: Options) -> list[Path]:
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

    """
    from nq03lib.charts import registry

    renders = bool({"charts", "deck", "booklet"} & set(options.parts))
    try:
        selected = registry.select(list(options.charts)) if renders or options.charts else []
    except KeyError as exc:
        raise PackError(str(exc.args[0]), code=2) from None

    out = Path(options.out)
    folders = [out]
    if "charts" in options.parts:
        folders.append(out / "charts")
    if "data" in options.parts:
        folders.append(out / "csv")
    for folder in folders:
        _prepare_folder(folder)
    remove_stale_parts(folders)

    written: list[Path] = []
    langs = options.langs if renders else ()
    total = len(langs) * len(selected)
    for i, lang in enumerate(langs):
        written += _export_language(lang, selected, options, i * len(selected), total)
    if "data" in options.parts:
        written += _export_data(out, options)
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
