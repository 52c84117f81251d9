"""Register every chart once, for the notebooks and the meeting pack alike.

A chart is a :class:`Chart`: a name that says what it is (``01-ratings-tccsd-stacked``),
titles and a takeaway in both languages, a ``data(frames, lang)`` function that
returns the tidy table behind the chart (shown in the notebook and compared by
nbval) and a ``draw(data, lang, fig)`` function that draws it on the Figure it is
given, with the helpers of :mod:`nq03lib.charts.theme`.

**Source-aware.** The registry hands ``data`` the tables of one source document
(``frames``: table name → frame, every row of that ``source_id``); a chart never
loads data itself. ``chart_data(name, lang, source=...)`` and ``figure(...,
source=...)`` choose the source (default: the main report, the first row of
``data/source/sources.csv``), and the source line under the chart is built from
that source's row.

**One sentence, two languages.** A takeaway is a :class:`Takeaway`: a
:class:`nq03lib.text.Template` with a Vietnamese and an English sentence, and a
``values(data)`` function that computes the numbers once for both.

Charts live in one module per topic, ``nq03lib/charts/<topic>.py``; each decorates its
functions with :func:`register`. The registry imports those modules on first
use, so adding a chart means writing it once in such a module: it then shows
in its notebook and in the pack.

Example::

    from nq03lib.charts import registry
    registry.list_charts()
    fig = registry.figure("01-ratings-tccsd-stacked", lang="vi")
    table = registry.chart_data("01-ratings-tccsd-stacked", lang="vi")
"""

from __future__ import annotations

import fnmatch
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from nq03lib import paths
from nq03lib.text import LANGS, Template, check_lang, did_you_mean, pick

Text = dict[str, str]


@dataclass(frozen=True)
class Chart:
    """One registered chart.

    Attributes
    ----------
    name : str
        File-name-like identifier, prefixed with the notebook number.
    notebook : str
        Notebook file stem that shows it (e.g. ``"01-ratings"``).
    title : dict
        ``{"vi": ..., "en": ...}``.
    takeaway : Takeaway
        One sentence computed from the data (a template per language and its values).
    data : callable
        ``data(frames, lang) -> DataFrame``: the table behind the chart, from the
        tables of one source.
    draw : callable
        ``draw(data, lang, fig) -> None``: draws on the given Figure (which
        already has the right size); it may add Axes.
    note : dict, optional
        An extra footnote line per language (e.g. "schematic map").

    """

    name: str
    notebook: str
    title: Text
    takeaway: Takeaway | Callable[[pd.DataFrame, str], str]
    data: Callable[..., pd.DataFrame]
    draw: Callable[[pd.DataFrame, str, object], None]
    note: Text | None = None

    def compute(self, frames: dict[str, pd.DataFrame], lang: str) -> pd.DataFrame:
        """Return the table behind the chart from the tables of one source."""
        if len(inspect.signature(self.data).parameters) == 1:  # not yet source-aware: data(lang)
            return self.data(lang)
        return self.data(frames, lang)

    def sentence(self, data: pd.DataFrame, lang: str) -> str:
        """Return the takeaway in ``lang`` computed from the chart's table."""
        if isinstance(self.takeaway, Takeaway):
            return self.takeaway.format(data, lang)
        return self.takeaway(data, lang)


@dataclass(frozen=True)
class Takeaway:
    """A chart's one-sentence takeaway: a template per language and the values that fill it.

    Parameters
    ----------
    template : Template
        The sentence in Vietnamese and English, with fields like ``{share:pct}``.
    values : callable
        ``values(data) -> dict``: the numbers and labels, computed once from the
        chart's table. Values that are text in the reader's language (a unit's
        name) can be given as pairs ``(vi, en)``; they are picked per language.

    """

    template: Template
    values: Callable[[pd.DataFrame], dict]

    def format(self, data: pd.DataFrame, lang: str) -> str:
        """Return the sentence in ``lang``."""
        values = {k: pick(v, lang) if isinstance(v, tuple) else v for k, v in self.values(data).items()}
        return self.template.format(lang, **values)


#: Modules of :mod:`nq03lib.charts` that hold no registered charts; every other module is a topic.
NOT_TOPICS = frozenset({"registry", "theme", "marks"})

_CHARTS: dict[str, Chart] = {}
#: The charts as their modules register them (a test or notebook may replace one in ``_CHARTS``).
_REGISTERED: dict[str, Chart] = {}
_LOADED = False


def register(
    name: str,
    *,
    notebook: str,
    title: Text,
    takeaway: Takeaway | Callable[[pd.DataFrame, str], str],
    data: Callable[..., pd.DataFrame],
    note: Text | None = None,
):
    """Register the decorated ``draw(data, lang, fig)`` function as chart ``name``."""

    def decorate(draw):
        if name in _CHARTS and _CHARTS[name].draw.__qualname__ != draw.__qualname__:
            raise ValueError(f"chart {name!r} is registered twice")
        for lang in LANGS:
            if lang not in title:
                raise ValueError(f"chart {name!r}: title needs 'vi' and 'en'")
        _CHARTS[name] = _REGISTERED[name] = Chart(name, notebook, title, takeaway, data, draw, note)
        return draw

    return decorate


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if info.name not in NOT_TOPICS:
            importlib.import_module(f"nq03lib.charts.{info.name}")
    _LOADED = True


def charts() -> dict[str, Chart]:
    """Return every registered chart by name, sorted by name."""
    _load()
    return dict(sorted(_CHARTS.items()))


def get(name: str) -> Chart:
    """Return one chart, or raise KeyError listing the known names."""
    all_charts = charts()
    if name not in all_charts:
        raise KeyError(
            f"unknown chart {name!r}{did_you_mean(name, list(all_charts))}; known charts: {', '.join(all_charts)}"
        )
    return all_charts[name]


def select(patterns: list[str] | None = None, rank: Callable[[str], object] | None = None) -> list[Chart]:
    """Return the charts whose names match any of the glob ``patterns`` (all if none).

    Without ``rank`` the charts come sorted by name. With ``rank`` (a sort key
    of chart names, e.g. the meeting pack's deck order) they come in that
    order, and a selection keeps the order of its patterns. Raises KeyError
    naming a pattern that matches nothing.
    """
    all_charts = charts()
    names = sorted(all_charts, key=rank) if rank else list(all_charts)
    if not patterns:
        return [all_charts[n] for n in names]
    chosen: dict[str, Chart] = {}
    for pattern in patterns:
        hits = [n for n in names if fnmatch.fnmatchcase(n, pattern)]
        if not hits:
            raise KeyError(
                f"no chart matches {pattern!r}{did_you_mean(pattern, list(all_charts))}; "
                f"known charts: {', '.join(all_charts)}"
            )
        chosen.update({n: all_charts[n] for n in hits if n not in chosen})
    return list(chosen.values()) if rank else [chosen[n] for n in sorted(chosen)]


def list_charts(lang: str = "vi", notebook: str | None = None) -> pd.DataFrame:
    """List the charts with their notebook and title."""
    rows = [
        {"chart": c.name, "notebook": c.notebook, "title": pick(c.title, lang)}
        for c in charts().values()
        if notebook is None or c.notebook == notebook
    ]
    return pd.DataFrame(rows, columns=["chart", "notebook", "title"]).astype("string")


def _data_stamp() -> tuple:
    """Return the stamps of every data file, so cached chart data follow edits of ``data/``."""
    from nq03lib.data.parse import file_stamp

    files = sorted(paths.DATA_DIR.glob("*.csv")) + sorted(paths.SOURCE_DIR.glob("*"))
    return tuple(file_stamp(f) for f in files)


def frames(source: str | None = None) -> dict[str, pd.DataFrame]:
    """Return every table restricted to the rows of one source document (default: the main report)."""
    from nq03lib.api import load_all
    from nq03lib.data.source import default_source_id

    return load_all(source or default_source_id())


def chart_data(name: str, lang: str = "vi", source: str | None = None) -> pd.DataFrame:
    """Return the table behind a chart (what the notebook shows and nbval compares).

    The table is computed once per chart, language, source and state of
    ``data/``: the notebook's table, figure and takeaway of a chart share it. A
    copy is returned.
    """
    from nq03lib.data.parse import cached

    chart = get(name)
    check_lang(lang)
    # keyed by the data function too, so a chart replaced at run time (a test, a notebook) is recomputed
    key = ("chart", name, lang, source, chart.data)
    return cached(key, _data_stamp(), lambda: _compute_or_recall(chart, lang, source))


def _compute_or_recall(chart: Chart, lang: str, source: str | None) -> pd.DataFrame:
    """Return the chart's table; a registered chart's is kept on disk for the next process (:func:`nq03lib.api.recall`)."""
    from nq03lib.api import recall

    if _REGISTERED.get(chart.name) is not chart:  # replaced at run time: its code is not what the hash saw
        return chart.compute(frames(source), lang)
    return recall(f"chart-{chart.name}-{lang}-{source or ''}", lambda: chart.compute(frames(source), lang))


def takeaway(name: str, lang: str = "vi", source: str | None = None) -> str:
    """Return the chart's one-line takeaway, computed from its data."""
    return get(name).sentence(chart_data(name, lang, source), lang)


def figure(
    name: str,
    lang: str = "vi",
    size: str = "notebook",
    data: pd.DataFrame | None = None,
    source: str | None = None,
):
    """Draw a registered chart on a new Figure with title, source note and layout.

    Parameters
    ----------
    name : str
        Chart name (see :func:`list_charts`).
    lang : {"vi", "en"}
    size : {"notebook", "16:9", "4:3", "a4"}
    data : DataFrame, optional
        The chart's data if already computed (saves recomputing it).
    source : str, optional
        The source document whose figures are drawn and cited (default: the main report).

    Returns
    -------
    matplotlib.figure.Figure

    """
    from nq03lib.charts import theme as ch

    chart = get(name)
    check_lang(lang)
    if size not in ch.SIZES:
        raise ValueError(f"unknown size {size!r}; expected one of {', '.join(ch.SIZES)}")
    table = chart_data(name, lang, source) if data is None else data
    import matplotlib.pyplot as plt

    with ch.theme_context():  # the style applies to this chart only, never to the analyst's session
        fig = plt.figure(figsize=ch.SIZES[size])
        chart.draw(table, lang, fig)
        note = pick(chart.note, lang) if chart.note else None
        return ch.finish(fig, pick(chart.title, lang), lang, note=note, source_id=source)


def figure_for_slot(
    name: str,
    lang: str,
    size: tuple[float, float],
    *,
    rect: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0),
    data: pd.DataFrame | None = None,
    source: str | None = None,
    note: Callable[[str], str] | None = None,
    font_scale: float = 1.0,
):
    """Draw a registered chart for a slot: no title, no takeaway, the source note kept.

    The meeting pack places the result in a slide's picture box or on a
    booklet page, which show the title and the takeaway as text. The chart is
    drawn at the slot's own size, so that it is never scaled out of shape or
    cropped; the notebooks' charts (:func:`figure`) are not affected.

    Parameters
    ----------
    name : str
        Chart name (see :func:`list_charts`).
    lang : {"vi", "en"}
    size : tuple of float
        The figure's size in inches (width, height).
    rect : tuple of float
        ``(left, bottom, right, top)``, in figure fractions, where the chart
        and its source note go (the rest is left blank for the page's text).
    data : DataFrame, optional
        The chart's data if already computed.
    source : str, optional
        The source document whose figures are drawn and cited.
    note : callable, optional
        Rewrites the chart's own note for its readers (e.g. "fn13" spelled out).
    font_scale : float
        Scales every text of the drawn chart, tick labels included (e.g. 0.75
        for a chart on an A4 page, narrower than a slide).

    Returns
    -------
    matplotlib.figure.Figure

    """
    from nq03lib.charts import theme as ch

    chart = get(name)
    check_lang(lang)
    table = chart_data(name, lang, source) if data is None else data
    import matplotlib.pyplot as plt

    with ch.theme_context():
        fig = plt.figure(figsize=size)
        chart.draw(table, lang, fig)
        if font_scale != 1.0:
            _scale_fonts(fig, font_scale)
        text = pick(chart.note, lang) if chart.note else None
        if text and note is not None:
            text = note(text)
        return ch.finish_for_slot(fig, lang, text, rect=rect, source_id=source)


def _scale_fonts(fig, factor: float) -> None:
    """Multiply the size of every text of ``fig`` by ``factor``, tick labels drawn later included."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_fontsize(text.get_fontsize() * factor)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = axis.get_ticklabels()
            if labels:
                axis.set_tick_params(which="major", labelsize=labels[0].get_fontsize())
