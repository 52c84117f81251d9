"""Draw meeting-ready charts: one theme, fixed colours, Vietnamese labels, a source note.

Conventions (seaborn-like):

* a helper takes a tidy DataFrame and keyword column names, draws on ``ax``
  (a new one if ``None``) and returns the Axes;
* a helper that needs several panels makes its own Figure, returns it and says
  so in its name (``*_figure``);
* no helper calls ``plt.show()`` or saves; :func:`save_figure` is the only
  writer.

Numbers on charts follow the language: ``15,34%`` in Vietnamese, ``15.34%``
in English. Colours are fixed per category code (:data:`COLOURS`), so a rating
or a group has the same colour in every chart.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from nq03lib.data.schema import CATEGORIES
from nq03lib.data.source import citation
from nq03lib.files import write_atomic
from nq03lib.text import check_lang, format_number, format_pct, pick  # noqa: F401 - re-exported for chart modules

#: Figure sizes in inches (width, height).
SIZES: dict[str, tuple[float, float]] = {
    "notebook": (11.0, 6.1875),  # 16:9, shown inline
    "16:9": (13.333, 7.5),  # PowerPoint widescreen slide
    "4:3": (10.0, 7.5),  # PowerPoint standard slide
    "a4": (11.69, 8.27),  # A4 landscape page
}

#: A fixed colour for every category code that charts colour by.
COLOURS: dict[str, str] = {
    # ratings: greens for the top tiers, amber for fulfilled, red for failing
    "tsvm": "#1b7837",
    "tsvmtb": "#00441b",
    "htxsnv": "#1b7837",
    "httnv": "#7fbf7b",
    "htnv": "#fdb863",
    "yeu_kem": "#b2182b",
    "khong_htnv": "#b2182b",
    # groups of members
    "tat_ca": "#4d4d4d",
    "dtts": "#8c510a",
    "nu": "#c51b7d",
    "doan_vien": "#2166ac",
    "co_ton_giao": "#762a83",
    # types of organisation
    "xa_phuong_thi_tran": "#1f78b4",
    "co_quan_hanh_chinh": "#33a02c",
    "don_vi_su_nghiep": "#ff7f00",
    "doanh_nghiep": "#6a3d9a",
    "luc_luong_vu_trang": "#b15928",
    # indicators of village leadership
    "thon_truong_la_dang_vien": "#4393c3",
    "bi_thu_kiem_thon_truong": "#762a83",
    # readings of "tăng x%": percentage points (the project's reading) and relative (sensitivity)
    "pp": "#2166ac",
    "relative": "#e08214",
    "printed": "#000000",
    # dates of a before/after comparison
    "2016-08": "#92c5de",
    "truoc_sap_xep_thon": "#d1e5f0",  # villages before the reorganisation (undated)
    "2021": "#4393c3",
    # levels that inspect (darker = higher) and the part not attributed to a level
    "cap_tinh": "#08519c",
    "cap_huyen": "#3182bd",
    "cap_co_so": "#9ecae1",
    "khong_phan_cap": "#e0e0e0",
    "kiem_tra": "#4393c3",
    "giam_sat": "#92c5de",
    # forms of discipline (darker = heavier)
    "khien_trach": "#fdbb84",
    "canh_cao": "#ef6548",
    "cach_chuc": "#b30000",
    "khai_tru": "#4a0000",
    # restructuring actions and kinds of unit
    "thanh_lap_moi": "#5aae61",
    "giai_the": "#d6604d",
    "sap_nhap": "#f4a582",
    "chi_bo_co_so": "#fdb863",
    "chi_bo_truc_thuoc": "#4393c3",
    "dang_bo_co_so": "#8073ac",
    # kinds of training participant
    "chuyen_mon": "#80cdc1",
    "ly_luan_chinh_tri": "#01665e",
    "nghiep_vu_cong_tac_dang": "#8c510a",
    "nghiep_vu_doan_the": "#d8b365",
    "cap_nhat_kien_thuc": "#f6e8c3",
    "ve_dang_uy_xa": "#762a83",
    "ve_co_quan_tham_muu": "#c2a5cf",
    # valence and reference lines
    "dien_hinh": "#1b7837",
    "han_che": "#b2182b",
    "target": "#d6604d",
    "province": "#4d4d4d",
    "neutral": "#92c5de",
    "stock": "#4393c3",
    "increase": "#5aae61",
    "decrease": "#d6604d",
    # verdicts of the audit (metadata.CATEGORIES["verdict"])
    "holds": "#5aae61",
    "does not hold as stated": "#b2182b",
    "depends on our model": "#8073ac",
    "different bases or dates": "#e08214",
    "derived only": "#bababa",
}

TEXT_GREY = "#4d4d4d"

# Byte-identical exports (see shared/notes/toolchain.md).
_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 13,
    "axes.titlesize": 17,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 13,
    "axes.axisbelow": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "legend.frameon": False,
    "legend.fontsize": 12,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "svg.hashsalt": "nq03",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "path.simplify": True,
}


@contextlib.contextmanager
def theme_context():
    """Use the project's style inside the ``with`` block, and restore the analyst's style after it.

    Charts are drawn and saved inside it, so the style never leaks into the
    analyst's own plots in the same session. Unlike :func:`matplotlib.rc_context`,
    only the keys of the theme are restored: the first figure of a Jupyter
    session switches pyplot to the inline backend, which turns on
    ``interactive`` mode, and restoring that key too would stop every later
    figure from being shown inline.
    """
    previous = {key: matplotlib.rcParams[key] for key in _RC}
    matplotlib.rcParams.update(_RC)
    try:
        yield
    finally:
        matplotlib.rcParams.update(previous)


def apply_theme() -> None:
    """Set the project's matplotlib style for the whole process (for command-line exports only)."""
    matplotlib.rcParams.update(_RC)


def percent_axis(ax: Axes, lang: str = "vi", axis: str = "y", decimals: int = 0) -> Axes:
    """Label an axis's ticks as percentages in the language's notation."""
    fmt = FuncFormatter(lambda v, _pos: format_pct(v, lang, decimals))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


def number_axis(ax: Axes, lang: str = "vi", axis: str = "y") -> Axes:
    """Label an axis's ticks as whole numbers with the language's thousands separator."""
    fmt = FuncFormatter(lambda v, _pos: format_number(v, lang, 0))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


def colour_for(code: str) -> str:
    """Return the fixed colour of a category code (grey for codes without one)."""
    return COLOURS.get(str(code), "#969696")


def category_labels(category: str, lang: str = "vi") -> dict[str, str]:
    """Map each code of a category set to its label in ``lang``."""
    return {code: pick(labels, lang) for code, labels in CATEGORIES[category].items()}


def add_source_note(
    fig: Figure, lang: str = "vi", extra: str | None = None, source_id: str | None = None
) -> Figure:
    """Write the source line from ``sources.csv`` (and an optional extra note) at the figure's bottom left."""
    note = citation(source_id, lang)
    if extra:
        note = f"{extra}\n{note}"
    fig.text(0.01, 0.01, note, ha="left", va="bottom", fontsize=10, color=TEXT_GREY)
    return fig


def _new_ax(ax: Axes | None, size: str = "notebook") -> Axes:
    if ax is not None:
        return ax
    with theme_context():
        _, new = plt.subplots(figsize=SIZES[size])
    return new


def bar_labelled(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    colour: str | None = None,
    labels: str | None = None,
    horizontal: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Draw one bar per row with its value written on it.

    Parameters
    ----------
    data : DataFrame
        One row per bar, in the order to draw.
    x : str
        Column with the bar labels (category text).
    y : str
        Column with the bar values.
    colour : str, optional
        Column with a colour per row (default: one neutral colour).
    labels : str, optional
        Column with the text written on each bar (default: the value).
    horizontal : bool
        Draw horizontal bars (first row at the top).
    ax : Axes, optional
        Axes to draw on.

    """
    ax = _new_ax(ax)
    names = data[x].astype(str).tolist()
    values = data[y].astype(float).tolist()
    colours = data[colour].tolist() if colour else [COLOURS["stock"]] * len(data)
    texts = data[labels].astype(str).tolist() if labels else [f"{v:g}" for v in values]
    if horizontal:
        positions = list(range(len(names)))[::-1]
        bars = ax.barh(positions, values, color=colours)
        ax.set_yticks(positions, names)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
    else:
        positions = list(range(len(names)))
        bars = ax.bar(positions, values, color=colours)
        ax.set_xticks(positions, names)
    ax.bar_label(bars, labels=texts, padding=3, fontsize=12)
    return ax


def heatmap(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    text: str | None = None,
    center: float = 0.0,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Draw a ``y`` × ``x`` matrix coloured by ``value`` with :func:`seaborn.heatmap`.

    Parameters
    ----------
    data : DataFrame
        Tidy: one row per cell. Row and column order follow their first
        appearance in ``data`` (pass ordered data).
    x, y : str
        Columns with the column and row labels.
    value : str
        Column with the number that colours a cell; cells without one stay blank.
    text : str, optional
        Column with the text written in each cell.
    center : float
        The value at the middle of the colour map; the colour range is symmetric around it.
    ax : Axes, optional
    **kwargs
        Passed to :func:`seaborn.heatmap` (e.g. ``cmap``).

    Returns
    -------
    Axes
        Cell ``(i, j)`` spans ``[j, j+1] × [i, i+1]`` (seaborn's coordinates).

    """
    import numpy as np
    import seaborn as sns

    ax = _new_ax(ax)
    rows = list(dict.fromkeys(data[y].astype(str)))
    cols = list(dict.fromkeys(data[x].astype(str)))
    keyed = data.assign(_row=data[y].astype(str), _col=data[x].astype(str))
    grid = (
        keyed.pivot(index="_row", columns="_col", values=value)
        .reindex(index=rows, columns=cols)
        .astype(float)
    )
    annot = None
    if text is not None:
        annot = (
            keyed.pivot(index="_row", columns="_col", values=text)
            .reindex(index=rows, columns=cols)
            .astype(object)
            .where(lambda t: t.notna(), "")
            .astype(str)
            .to_numpy()
        )
    finite = grid.to_numpy()[np.isfinite(grid.to_numpy())]
    limit = max(1.0, float(np.abs(finite - center).max())) if finite.size else 1.0
    options = {"vmin": center - limit, "vmax": center + limit, "cbar": False, "annot_kws": {"fontsize": 11}}
    options.update(kwargs)
    sns.heatmap(grid, annot=annot, fmt="", mask=grid.isna(), ax=ax, **options)
    for empty in [t for t in ax.texts if not t.get_text()]:
        empty.remove()
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.grid(False)
    return ax


def tile_map(
    data: pd.DataFrame,
    *,
    row: str,
    col: str,
    value: str,
    name: str,
    text: str | None = None,
    cmap: str = "YlGn",
    vmin: float | None = None,
    vmax: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a schematic tile map: one square per unit at (row, col), coloured by ``value``.

    The layout is schematic (rough geography, north at top), not a true map.
    Units without a value are drawn in light grey.
    """
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.patches import Rectangle

    ax = _new_ax(ax)
    values = data[value].astype(float)
    norm = Normalize(vmin=values.min() if vmin is None else vmin, vmax=values.max() if vmax is None else vmax)
    colormap = colormaps[cmap]
    for _, r in data.iterrows():
        v = r[value]
        face = "#eeeeee" if pd.isna(v) else colormap(norm(float(v)))
        x0, y0 = float(r[col]), -float(r[row])
        ax.add_patch(Rectangle((x0 + 0.03, y0 + 0.03), 0.94, 0.94, facecolor=face, edgecolor="white"))
        dark = pd.notna(v) and norm(float(v)) > 0.6
        label = str(r[name]) + (f"\n{r[text]}" if text and pd.notna(r[text]) else "")
        ax.text(
            x0 + 0.5,
            y0 + 0.5,
            label,
            ha="center",
            va="center",
            fontsize=12,
            color="white" if dark else "black",
        )
    ax.set_xlim(-0.05, data[col].max() + 1.05)
    ax.set_ylim(-data[row].max() - 0.05, 1.05)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def waterfall(
    data: pd.DataFrame,
    *,
    x: str,
    delta: str,
    kind: str,
    lang: str = "vi",
    ax: Axes | None = None,
) -> Axes:
    """Draw a bridge chart: ``kind`` is ``"total"`` (a bar from zero) or ``"flow"`` (a step).

    Flows are coloured by sign; each bar carries its value.
    """
    ax = _new_ax(ax)
    level = 0.0
    for i, (_, r) in enumerate(data.iterrows()):
        d = float(r[delta])
        if r[kind] == "total":
            bottom, height, colour = 0.0, d, COLOURS["stock"]
            level = d
            text = format_number(d, lang)
        else:
            bottom, height = (level, d) if d >= 0 else (level + d, -d)
            colour = COLOURS["increase"] if d >= 0 else COLOURS["decrease"]
            level += d
            text = ("+" if d >= 0 else "−") + format_number(abs(d), lang)
        ax.bar(i, height, bottom=bottom, color=colour, width=0.7)
        ax.text(i, bottom + height, text, ha="center", va="bottom", fontsize=12)
    ax.set_xticks(range(len(data)), data[x].astype(str).tolist(), rotation=0)
    number_axis(ax, lang)
    return ax


def finish(
    fig: Figure,
    title: str,
    lang: str = "vi",
    note: str | None = None,
    subtitle: str | None = None,
    source_id: str | None = None,
) -> Figure:
    """Give a figure its title (and subtitle), the source note, and a tight layout."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=17, fontweight="bold")
    if subtitle:
        fig.text(0.01, 0.925, subtitle, ha="left", va="top", fontsize=12, color=TEXT_GREY)
    add_source_note(fig, lang, note, source_id=source_id)
    bottom = 0.08 + (0.03 * note.count("\n") + 0.03 if note else 0)
    fig.tight_layout(rect=(0, bottom, 1, 0.9 if subtitle else 0.94))
    freeze_tick_sizes(fig)
    return fig


def finish_for_slot(
    fig: Figure,
    lang: str = "vi",
    note: str | None = None,
    rect: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0),
    source_id: str | None = None,
) -> Figure:
    """Lay a chart out inside ``rect`` of its figure, with its source note but no title.

    For a picture made for a slot (a slide's picture box, a booklet page's
    chart area): the slot's page already shows the title and the takeaway, so
    the figure carries neither. The source line (and the chart's note above
    it) stands at the bottom left of ``rect``; figure legends move to its top
    right, above the Axes, so that nothing is cut or overlapped.

    Parameters
    ----------
    fig : Figure
        A chart drawn by its ``draw`` function, not yet laid out.
    lang : {"vi", "en"}
    note : str, optional
        The chart's own note, written above the source line.
    rect : tuple of float
        ``(left, bottom, right, top)`` of the chart's area, in figure fractions.
    source_id : str, optional
        The source cited (default: the main report).

    Returns
    -------
    Figure

    """
    left, bottom, right, top = rect
    width, height = fig.get_size_inches()
    import textwrap

    text = citation(source_id, lang)
    if note:
        text = f"{note}\n{text}"
    per_line = int((right - left) * width * 72 / (10 * 0.56))  # DejaVu Sans at 10 pt, a safe guess
    text = "\n".join(
        wrapped for line in text.split("\n") for wrapped in textwrap.wrap(line, per_line) or [""]
    )
    lines = text.count("\n") + 1
    pad = 0.06 / height  # inches → figure fraction
    fig.text(left + 0.08 / width, bottom + pad, text, ha="left", va="bottom", fontsize=10, color=TEXT_GREY)
    bottom += pad + lines * 0.19 / height + 0.08 / height
    if fig.legends:
        renderer = fig.canvas.get_renderer()
        tallest = 0.0
        for legend in fig.legends:
            legend.set_bbox_to_anchor((right - 0.05 / width, top - pad), transform=fig.transFigure)
            legend.set_loc("upper right")
            tallest = max(tallest, legend.get_window_extent(renderer).height / fig.dpi)
        top -= tallest / height + 2 * pad
    fig.tight_layout(rect=(left, bottom, right, top))
    freeze_tick_sizes(fig)
    return fig


def freeze_tick_sizes(fig: Figure) -> Figure:
    """Store the theme's tick label sizes in every Axes of ``fig``.

    Tick locators choose how many ticks fit from the tick label size, read from
    ``rcParams`` each time the figure is drawn. Jupyter draws a figure after the
    cell, outside :func:`theme_context`; with the sizes stored in the Axes, the
    inline picture and the exported files show the same ticks.
    """
    for ax in fig.axes:
        for axis, name in ((ax.xaxis, "xtick"), (ax.yaxis, "ytick")):
            # keep a size the chart set itself (tick_params or per-label), else the theme's
            if "labelsize" not in axis._major_tick_kw:
                labels = axis.get_ticklabels()
                size = labels[0].get_fontsize() if labels else matplotlib.rcParams[f"{name}.labelsize"]
                axis.set_tick_params(which="major", labelsize=size)
    return fig


def save_figure(
    fig: Figure, path: str | Path, *, formats: Sequence[str] = ("png",), dpi: int = 150
) -> list[Path]:
    """Save ``fig`` once per format, atomically and byte-identically across runs.

    Each file is written to a temporary file in the same folder and renamed into
    place, so an interrupted export never leaves a partial file. Dates and
    other volatile metadata are fixed.

    Parameters
    ----------
    fig : Figure
    path : path
        File name without or with extension; the extension is replaced per format.
    formats : sequence of {"png", "svg", "pdf"}
    dpi : int
        Resolution for PNG.

    Returns
    -------
    list of Path
        The files written.

    """
    out = []
    base = Path(path)
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }
    for fmt in formats:
        if fmt not in metadata:
            raise ValueError(f"unknown format {fmt!r}; expected png, svg or pdf")
        target = (
            base.with_suffix(f".{fmt}")
            if base.suffix in (".png", ".svg", ".pdf", "")
            else Path(f"{base}.{fmt}")
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        with theme_context():
            write_atomic(target, lambda fh, f=fmt: fig.savefig(fh, format=f, dpi=dpi, metadata=metadata[f]))
        out.append(target)
    return out
