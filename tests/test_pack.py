"""Test the meeting pack: every chart renders, the deck, booklet, workbook and CSVs, errors and atomicity."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import signal
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from pptx import Presentation  # noqa: E402

from nq03lib import audit as relations
from nq03lib import files
from nq03lib.api import load  # noqa: E402
from nq03lib.charts import registry
from nq03lib.data import schema as metadata  # noqa: E402
from nq03lib.data.source import citation  # noqa: E402
from nq03lib.pack import booklet, common, deck, workbook
from nq03lib.pack import export as pack

#: Two charts that the pack tests export (the worked example and the audit's summary).
CHARTS = ["04-organisations-by-type", "08-audit-verdicts"]
ALL_CHARTS = list(registry.charts())


def _run(args: list[str]) -> int:
    """Run the pack quietly in this process (``--jobs 1`` unless given: the tests' patches stay in it)."""
    return pack.main([*args, "-q", *([] if "--jobs" in args else ["--jobs", "1"])])


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> tuple[Path, Path]:
    """Export the same small pack twice (both languages, every format and part): same bytes.

    The first in one process, the second with the chart files written by a second process.
    """
    out = []
    for name, jobs in (("first", "1"), ("second", "2")):
        folder = tmp_path_factory.mktemp(name)
        assert _run([*CHARTS, "--out", str(folder), "--lang", "vi,en", "--dpi", "40", "--jobs", jobs]) == 0
        out.append(folder)
    return out[0], out[1]


# ---------------------------------------------------------------- every chart


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", ALL_CHARTS)
def test_every_chart_renders_without_missing_glyph(name, lang):
    chart = registry.get(name)
    data = registry.chart_data(name, lang)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = registry.figure(name, lang, "16:9", data=data)
        fig.canvas.draw()
    plt.close(fig)
    glyphs = [str(w.message) for w in caught if "glyph" in str(w.message).lower()]
    assert glyphs == []
    assert fig.get_suptitle() == chart.title[lang]
    assert any(t.get_text().endswith(citation(None, lang)) for t in fig.texts)
    takeaway = chart.sentence(data, lang)  # the deck's one-line takeaway
    assert isinstance(takeaway, str) and takeaway.strip() and "\n" not in takeaway


def test_list_shows_every_chart_with_its_title(capsys):
    assert pack.main(["--list", "--lang", "en"]) == 0
    out = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert sorted(line.split()[0] for line in out) == sorted(ALL_CHARTS)
    for line in out:
        assert line.endswith(registry.get(line.split()[0]).title["en"])


def test_help_explains_every_option(capsys):
    assert pack.main(["--help"]) == 0
    text = capsys.readouterr().out
    for option in ("--out", "--lang", "--formats", "--size", "--dpi", "--parts", "--list", "examples:"):
        assert option in text


# ---------------------------------------------------------------- files


def test_files_are_named_by_chart_language_and_format(packs):
    folder = packs[0]
    expected = {f"charts/{n}.{lang}.{fmt}" for n in CHARTS for lang in ("vi", "en") for fmt in pack.FORMATS}
    expected |= {"nq03-vi.pptx", "nq03-en.pptx", "nq03-vi.pdf", "nq03-en.pdf"}
    expected |= {"nq03-data-vi.xlsx", "nq03-data-en.xlsx"}
    sheets = ["tables", *metadata.TABLES, "data_dictionary", "categories", "abbreviations", "audit"]
    expected |= {f"csv/{name}.csv" for name in sheets}
    assert set(_files(folder)) == expected


def test_two_runs_are_byte_identical(packs):
    first, second = (_files(f) for f in packs)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_document_dates_and_zip_timestamps_are_fixed(packs):
    for name in ("nq03-vi.pptx", "nq03-data-vi.xlsx"):
        with zipfile.ZipFile(packs[0] / name) as archive:
            assert {i.date_time for i in archive.infolist()} == {common.ZIP_DATE}
            core = archive.read("docProps/core.xml").decode()
        dates = re.findall(r"<dcterms:(?:created|modified)\b[^>]*>([^<]*)<", core)
        assert dates == ["2021-09-28T00:00:00Z"] * 2
    booklet = (packs[0] / "nq03-vi.pdf").read_bytes()
    assert re.findall(rb"/(?:CreationDate|ModDate) \(([^)]*)\)", booklet) == [b"D:20210928000000Z"] * 2


def test_normalise_zip_ignores_timestamps():
    def make(date_time):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(zipfile.ZipInfo("a.xml", date_time=date_time), b"<a/>")
            archive.writestr(zipfile.ZipInfo("docProps/core.xml", date_time=date_time), b"<x/>")
        return buffer.getvalue()

    one, two = make((2020, 1, 2, 3, 4, 6)), make((2024, 5, 6, 7, 8, 10))
    assert one != two
    assert common.normalise_zip(one) == common.normalise_zip(two)


def test_svg_and_pdf_keep_vietnamese_text_as_text(packs):
    name = CHARTS[0]
    title = registry.get(name).title["vi"]
    svg = (packs[0] / "charts" / f"{name}.vi.svg").read_text(encoding="utf-8")
    assert "<text" in svg and title in svg
    for pdf in (packs[0] / "charts" / f"{name}.vi.pdf", packs[0] / "nq03-vi.pdf"):
        data = pdf.read_bytes()
        assert b"/FontFile2" in data  # TrueType (Type 42) fonts embedded: text stays text
        assert b"/ToUnicode" in data  # ... and maps back to Unicode: searchable, copyable
        assert b"/Type3" not in data


def test_each_chart_is_drawn_once_for_each_output(tmp_path, monkeypatch):
    drawn = []  # (Figure, kind, chart, lang); holding the Figures keeps their ids unique
    saves: dict[int, list[str]] = {}
    real_figure, real_slot = registry.figure, registry.figure_for_slot
    real_savefig = matplotlib.figure.Figure.savefig

    def count_figure(name, lang="vi", size="notebook", data=None):
        fig = real_figure(name, lang, size, data=data)
        drawn.append((fig, "files", name, lang))
        return fig

    def count_slot(name, lang, size, **kwargs):
        fig = real_slot(name, lang, size, **kwargs)
        drawn.append((fig, "booklet" if "rect" in kwargs else "deck", name, lang))
        return fig

    def count_savefig(self, fname, *args, **kwargs):
        saves.setdefault(id(self), []).append(kwargs.get("format"))
        return real_savefig(self, fname, *args, **kwargs)

    monkeypatch.setattr(registry, "figure", count_figure)
    monkeypatch.setattr(registry, "figure_for_slot", count_slot)
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", count_savefig)
    assert _run([*CHARTS, "--out", str(tmp_path), "--lang", "vi,en", "--dpi", "40", "--no-findings"]) == 0
    expected = sorted(
        (kind, n, lang) for kind in ("files", "deck", "booklet") for n in CHARTS for lang in ("vi", "en")
    )
    assert sorted(d[1:] for d in drawn) == expected
    # the files' Figure is saved in each format; the slide's picture once as PNG; the booklet page as PDF
    formats = {"files": ["png", "svg", "pdf"], "deck": ["png"], "booklet": ["pdf"]}
    assert [saves.get(id(fig)) for fig, kind, *_ in drawn] == [formats[kind] for _, kind, *_ in drawn]


# ---------------------------------------------------------------- deck


def test_deck_uses_one_font_and_fixed_properties(packs):
    for lang in ("vi", "en"):
        prs = Presentation(str(packs[0] / f"nq03-{lang}.pptx"))
        runs = [
            r
            for slide in prs.slides
            for s in slide.shapes
            if s.has_text_frame
            for p in s.text_frame.paragraphs
            for r in p.runs
        ]
        assert {r.font.name for r in runs} == {deck.FONT}
        assert prs.core_properties.created.year == 2021
        pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
        assert [p.name for p in pictures] == CHARTS


# ---------------------------------------------------------------- booklet


def test_booklet_has_contents_then_one_page_per_chart_and_the_key_findings(packs, tmp_path):
    data = (packs[0] / "nq03-vi.pdf").read_bytes()
    assert len(re.findall(rb"/Type /Page\b", data)) > 1 + len(CHARTS)  # the key findings' pages too
    assert _run([*CHARTS, "--out", str(tmp_path), "--parts", "booklet", "--dpi", "40", "--no-findings"]) == 0
    data = (tmp_path / "nq03-vi.pdf").read_bytes()
    assert len(re.findall(rb"/Type /Page\b", data)) == 1 + len(CHARTS)


# ---------------------------------------------------------------- data


def test_workbook_has_every_table_with_its_rows(packs):
    wb = load_workbook(packs[0] / "nq03-data-vi.xlsx", read_only=True)
    for name in metadata.TABLES:
        frame = load(name)
        rows = list(wb[workbook.name_sheet(name, "vi")].values)
        assert len(rows) - 1 == len(frame), name
        assert len(rows[0]) >= len(frame.columns)  # every column, and labels beside the codes
    dictionary = list(wb[workbook.name_sheet("data_dictionary", "vi")].values)
    expected = sum(len(m["columns"]) for m in metadata.TABLES.values())
    assert len(dictionary) - 1 == expected
    audit = pd.DataFrame(list(wb[workbook.name_sheet("audit", "vi")].values)[1:])
    assert len(audit) == len(relations.audit())
    contents = {r[0]: r[-1] for r in list(wb[workbook.name_sheet("tables", "vi")].values)[1:]}
    assert contents == {n: len(load(n)) for n in metadata.TABLES}
    wb.close()


def test_csv_copies_have_a_byte_order_mark_and_vietnamese(packs):
    raw = (packs[0] / "csv" / "organisations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    frame = load("organisations")
    assert len(back) == len(frame)
    assert back["quote"].tolist() == frame["quote"].tolist()


def test_text_that_looks_like_a_formula_is_not_run():
    frame = pd.DataFrame(
        {"text": ["=1+2", "+x", "-y", "@SUM(A1)", "\tz", "ok", None], "number": [-5, 1, 2, 3, 4, 5, 6]}
    ).astype({"text": "string"})
    safe = workbook.guard_formulas(frame)
    assert safe["text"].tolist()[:6] == ["'=1+2", "'+x", "'-y", "'@SUM(A1)", "'\tz", "ok"]
    assert pd.isna(safe["text"].iloc[6])
    assert safe["number"].tolist() == frame["number"].tolist()
    wb = load_workbook(io.BytesIO(workbook.build_workbook({"t": frame})))
    cells = list(wb["t"].iter_rows(min_row=2, max_col=1))
    assert [c.value for (c,) in cells[:4]] == ["=1+2", "+x", "-y", "@SUM(A1)"]  # value unchanged
    assert all(c.data_type == "s" for (c,) in cells[:4])  # a string, not a formula
    assert cells[0][0].quotePrefix


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope-*"], "no chart matches 'nope-*'; known charts: "),
        (["--formats", "gif"], "unknown format 'gif'"),
        (["--lang", "fr"], "unknown language 'fr'"),
        (["--size", "5:4"], "invalid choice: '5:4'"),
        (["--dpi", "0"], "dpi must be between"),
        (["--parts", "slides"], "unknown part 'slides'"),
        (["--jobs", "3"], "argument --jobs: invalid choice: 3 (choose from 1, 2)"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_usage_errors_exit_2_with_message(args, message, tmp_path, capsys):
    assert pack.main([*args, "--out", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_unwritable_folder_exits_1_naming_it(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "pack"
    assert pack.main([CHARTS[0], "--out", str(out), "--parts", "data"]) == 1
    err = capsys.readouterr().err
    assert f"cannot write to folder {out}" in err


def test_a_failing_chart_exits_1_naming_it(tmp_path, capsys, monkeypatch):
    chart = registry.get(CHARTS[0])

    def broken(lang):
        raise ValueError("rows that are wrong: …")

    monkeypatch.setitem(registry._CHARTS, chart.name, dataclasses.replace(chart, data=broken))
    assert pack.main([chart.name, "--out", str(tmp_path), "--parts", "deck", "-q"]) == 1
    assert f"chart '{chart.name}' (vi) failed: ValueError" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_chart_failing_to_draw_exits_1_naming_it(tmp_path, capsys, monkeypatch):
    chart = registry.get(CHARTS[1])

    def broken(data, lang, fig):
        raise RuntimeError("cannot draw")

    monkeypatch.setitem(registry._CHARTS, chart.name, dataclasses.replace(chart, draw=broken))
    args = [
        *CHARTS,
        "--out",
        str(tmp_path),
        "--parts",
        "charts,booklet",
        "--formats",
        "png",
        "-q",
        "--jobs",
        "1",
    ]
    assert pack.main(args) == 1
    assert f"chart '{chart.name}' (vi) failed: RuntimeError: cannot draw" in capsys.readouterr().err
    _no_partial_files(tmp_path)
    assert not (tmp_path / "nq03-vi.pdf").exists()  # no booklet with a page missing
    assert [p.name for p in (tmp_path / "charts").iterdir()] == [f"{CHARTS[0]}.vi.png"]


def test_a_chart_failing_when_saved_exits_1_naming_it(tmp_path, capsys, monkeypatch):
    real_savefig = matplotlib.figure.Figure.savefig

    def savefig_svg_fails(self, fname, *args, **kwargs):
        if kwargs.get("format") == "svg":
            raise ValueError("bad mathtext")  # matplotlib parses text only when it renders
        return real_savefig(self, fname, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", savefig_svg_fails)
    assert pack.main([CHARTS[0], "--out", str(tmp_path), "--dpi", "40", "-q", "--jobs", "1"]) == 1
    assert f"chart '{CHARTS[0]}' (vi) failed: ValueError: bad mathtext" in capsys.readouterr().err
    _no_partial_files(tmp_path)
    assert [p.name for p in (tmp_path / "charts").iterdir()] == [f"{CHARTS[0]}.vi.png"]


def test_progress_names_each_chart_and_what_is_left(tmp_path, capsys):
    assert pack.main([*CHARTS, "--out", str(tmp_path), "--parts", "deck", "--dpi", "40"]) == 0
    err = capsys.readouterr().err
    assert f"[1/2] {CHARTS[0]} (vi) · 1 left" in err
    assert f"[2/2] {CHARTS[1]} (vi) · 0 left" in err


# ---------------------------------------------------------------- interruption


def _no_partial_files(folder: Path) -> None:
    assert [p.name for p in folder.rglob("*.part")] == []


def test_interrupt_between_charts_leaves_no_partial_file(tmp_path, monkeypatch, capsys):
    calls = []
    real_add = booklet.Booklet.add

    def add_then_interrupt(self, fig, index, *args):
        calls.append(index)
        if index == 1:
            raise KeyboardInterrupt
        return real_add(self, fig, index, *args)

    monkeypatch.setattr(booklet.Booklet, "add", add_then_interrupt)
    code = pack.main(
        [*CHARTS, "--out", str(tmp_path), "--formats", "png", "--dpi", "40", "-q", "--jobs", "1"]
    )
    assert code == 130 and "interrupted" in capsys.readouterr().err
    _no_partial_files(tmp_path)
    assert not (tmp_path / "nq03-vi.pdf").exists() and not (tmp_path / "nq03-vi.pptx").exists()
    finished = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert finished == [f"{n}.vi.png" for n in CHARTS]  # written whole before the interrupt


@pytest.mark.skipif(os.name == "nt", reason="sends itself SIGINT")
def test_a_ctrl_c_during_a_weakref_callback_stops_the_pack_without_a_traceback(tmp_path, monkeypatch, capsys):
    import weakref

    real_add = booklet.Booklet.add
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)

    class Collected:
        pass

    def ctrl_c_now(_):
        os.kill(os.getpid(), signal.SIGINT)  # Python's own handler would raise here, and the raise be dropped
        time.sleep(0.5)

    def add_while_a_callback_runs(self, fig, index, *args):
        if index == 0:
            thing = Collected()
            ref = weakref.ref(thing, ctrl_c_now)
            del thing  # the callback runs now
            assert ref() is None
        return real_add(self, fig, index, *args)

    monkeypatch.setattr(booklet.Booklet, "add", add_while_a_callback_runs)
    before = signal.getsignal(signal.SIGINT)
    code = pack.main([*CHARTS, "--out", str(tmp_path), "--parts", "booklet", "--dpi", "40", "-q"])
    err = capsys.readouterr().err
    assert code == 130 and "interrupted" in err and "Traceback" not in err
    assert unraisable == []  # no "Exception ignored in: <function …>" with its traceback
    assert not (tmp_path / "nq03-vi.pdf").exists()
    _no_partial_files(tmp_path)
    assert signal.getsignal(signal.SIGINT) is before  # the pack's own handler is gone


def test_interrupt_while_writing_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "nq03-vi.pptx"
    target.write_bytes(b"previous complete file")

    def write_half_then_interrupt(path, data):
        def write(fh):
            fh.write(data[: len(data) // 2])
            raise KeyboardInterrupt

        return files.write_atomic(path, write)

    monkeypatch.setattr(pack, "write_bytes_atomic", write_half_then_interrupt)
    assert pack.main([CHARTS[0], "--out", str(tmp_path), "--parts", "deck", "--dpi", "40", "-q"]) == 130
    _no_partial_files(tmp_path)
    assert target.read_bytes() == b"previous complete file"


def test_interrupt_while_saving_a_chart_leaves_no_partial_file(tmp_path, monkeypatch):
    real_savefig = matplotlib.figure.Figure.savefig

    def savefig_half(self, fname, *args, **kwargs):
        if kwargs.get("format") == "svg":
            fname.write(b"<svg")
            raise KeyboardInterrupt
        return real_savefig(self, fname, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", savefig_half)
    code = pack.main([CHARTS[0], "--out", str(tmp_path), "--parts", "charts", "--dpi", "40", "-q"])
    assert code == 130
    _no_partial_files(tmp_path)
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [f"{CHARTS[0]}.vi.png"]


def test_stale_temporary_files_of_a_killed_run_are_removed(tmp_path):
    (tmp_path / "charts").mkdir()
    stale = tmp_path / "charts" / ".x.vi.png.abc1f3e9.part"
    stale.write_bytes(b"half")
    not_ours = tmp_path / ".download.part"
    not_ours.write_bytes(b"someone else's")
    assert pack.main([CHARTS[0], "--out", str(tmp_path), "--parts", "charts", "--formats", "png", "-q"]) == 0
    assert not stale.exists() and not_ours.exists()


# ---------------------------------------------------------------- a real Ctrl-C and kill -9

#: The last bytes of a complete file of each kind (a file cut short lacks them).
_COMPLETE_END = {".png": b"IEND\xaeB`\x82", ".svg": b"</svg>\n", ".pdf": b"%%EOF\n"}


def _start_pack(out: Path, wait_for: str) -> subprocess.Popen:
    """Start ``python -m nq03lib pack`` in a child process; return once it prints ``wait_for``.

    The child's SIGINT is reset to the default, since a process started from a
    background job inherits "ignore SIGINT" (Python would then not raise
    KeyboardInterrupt).
    """
    cmd = [
        sys.executable,
        "-m",
        "nq03lib",
        "pack",
        *CHARTS,
        "--out",
        str(out),
        "--lang",
        "vi,en",
        "--dpi",
        "40",
        "--jobs",
        "2",  # the chart files in a second process: it must stop with this one
    ]
    proc = subprocess.Popen(
        cmd,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    for line in proc.stderr:
        if line.startswith(wait_for):
            return proc
    proc.wait()
    raise AssertionError(f"the pack ended (exit {proc.returncode}) before printing {wait_for!r}")


def _running_processes() -> dict[int, tuple[int, str]]:
    """Return every running process as ``{pid: (parent pid, command line)}``, read from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:  # ended meanwhile
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])  # "pid (name) state ppid ..."
            found[int(entry.name)] = (parent, cmdline)
    return found


def _naming(folder: Path) -> list[int]:
    """Return the running processes whose command line names ``folder`` (a pack writing there)."""
    return [pid for pid, (_, cmdline) in _running_processes().items() if str(folder) in cmdline]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sends signals, reads /proc")
@pytest.mark.parametrize("wait_for", ["[1/4]", "[3/4]"])  # first chart; first chart of the second language
def test_ctrl_c_stops_the_pack_with_130_leaving_only_complete_files(tmp_path, wait_for):
    proc = _start_pack(tmp_path, wait_for)
    children = [pid for pid, (parent, _) in _running_processes().items() if parent == proc.pid]
    assert len(children) == 1  # the chart files' process
    proc.send_signal(signal.SIGINT)  # to the pack only, not its process group: it must stop the worker
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.count("interrupted") == 1, err  # said once, by the pack
    assert "Traceback" not in err, err
    assert _naming(tmp_path) == []
    _no_partial_files(tmp_path)
    for path in (p for p in tmp_path.rglob("*") if p.is_file()):
        if path.suffix in _COMPLETE_END:
            assert path.read_bytes().endswith(_COMPLETE_END[path.suffix]), path
        else:
            assert zipfile.ZipFile(path).testzip() is None, path
    if wait_for == "[3/4]":  # the first language was finished before the interrupt
        assert (tmp_path / "nq03-vi.pptx").exists() and (tmp_path / "nq03-vi.pdf").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sends signals, reads /proc")
def test_kill_9_leaves_no_process_behind(tmp_path):
    proc = _start_pack(tmp_path, "[1/4]")
    running = _naming(tmp_path)
    assert proc.pid in running and len(running) == 2  # the pack and the chart files' process
    proc.kill()
    assert proc.wait(timeout=30) == -signal.SIGKILL
    deadline = time.monotonic() + 30  # the worker sees its input close and stops within a drawing
    while _naming(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _naming(tmp_path) == []
    _no_partial_files(tmp_path)  # the worker removed its unfinished file as it stopped


def test_a_chart_file_the_second_process_cannot_write_is_reported_once(tmp_path, capsys):
    blocked = tmp_path / "charts" / f"{CHARTS[0]}.vi.svg"
    blocked.mkdir(parents=True)  # a folder where the file goes: only the chart files' process meets it
    args = [CHARTS[0], "--out", str(tmp_path), "--parts", "charts,data", "--jobs", "2", "-q"]
    assert pack.main(args) == 1
    err = capsys.readouterr().err
    assert err.count("error:") == 1, err  # said by the pack, not again by its worker
    assert err.startswith("error: could not write the pack:") and "(while writing the chart files)" in err
    assert str(blocked) in err
    assert "Traceback" not in err
    _no_partial_files(tmp_path)
