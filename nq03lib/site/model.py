"""Collect once what every page of the site shows: the tables, the audit, the figures and their relations.

:func:`collect_model` loads every table (checked as :func:`nq03lib.load_all`
does), runs the audit, places every stored figure in the report and traces the
relations that read it (:mod:`nq03lib.site.figures`). The trace takes several
seconds, so it can be kept in a cache folder, keyed by the content of the data
files and of the code that computes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from nq03lib.data import schema
from nq03lib.site.figures import Figure, Placement, Restatement, list_figures, place_figures, trace_relations
from nq03lib.site.layout import make_unique_slugs

#: Verdicts from the most to the least pressing: a figure takes the colour of the first that applies.
VERDICT_ORDER = (
    "does not hold as stated",
    "different bases or dates",
    "depends on our model",
    "derived only",
    "holds",
)
#: CSS class of each verdict (``None``: no relation reads the figure).
VERDICT_CLASSES = {
    "does not hold as stated": "clarify",
    "different bases or dates": "bases",
    "depends on our model": "model",
    "derived only": "derived",
    "holds": "holds",
    None: "none",
}


@dataclass
class SiteModel:
    """Hold everything the pages are made from (see :func:`collect_model`).

    Attributes
    ----------
    frames : dict of str to DataFrame
        Every table, as loaded.
    audit : DataFrame
        :func:`nq03lib.audit.audit` of the frames.
    figures : list of Figure
        Every stored figure, in table, row and column order.
    placements : dict of Figure to Placement
        Where each figure is printed.
    restatements : list of Restatement
        Each second printing of a stored figure.
    relations : dict of Figure to tuple of str
        The ids of the relations that read each figure.
    row_ids : dict of (str, int) to str
        The HTML id of each table row on its table's page.
    relation_ids : dict of str to str
        The HTML id of each relation on the audit page.
    verdicts : dict of str to str
        The verdict of each relation (filled from ``audit``).

    """

    frames: dict[str, pd.DataFrame]
    audit: pd.DataFrame
    figures: list[Figure]
    placements: dict[Figure, Placement]
    restatements: list[Restatement]
    relations: dict[Figure, tuple[str, ...]]
    row_ids: dict[tuple[str, int], str] = field(default_factory=dict)
    relation_ids: dict[str, str] = field(default_factory=dict)

    verdicts: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if not self.verdicts:
            self.verdicts = dict(
                zip(self.audit["relation_id"].astype(str), self.audit["verdict"].astype(str))
            )

    def pick_verdict(self, figure: Figure) -> str | None:
        """Return the most pressing verdict among the relations that read ``figure`` (None: no relation)."""
        verdicts = {self.verdicts[r] for r in self.relations.get(figure, ())}
        return next((v for v in VERDICT_ORDER if v in verdicts), None)


def _assign_row_ids(frames: dict[str, pd.DataFrame]) -> dict[tuple[str, int], str]:
    """Give every row of every table an HTML id made of its key (plus its source, for a later source)."""
    from nq03lib.data.source import default_source_id

    first_source = default_source_id()
    out = {}
    for table, frame in frames.items():
        key = [c for c in schema.TABLES[table]["key"] if c != "source_id"]
        texts = []
        for _, row in frame.iterrows():
            values = [str(row[c]) for c in key]
            if row["source_id"] != first_source:
                values.append(str(row["source_id"]))
            texts.append("--".join(values))
        slugs = make_unique_slugs(texts, "r-")
        for label, text in zip(frame.index, texts):
            out[(table, int(label))] = slugs[text]
    return out


#: Code whose change changes the trace (with the data files, it keys the cache).
TRACE_CODE = ("audit.py", "analysis", "data", "site/figures.py")


def compute_trace_key() -> str:
    """Return a hash of every file the trace depends on: the data, the source texts and the code."""
    from nq03lib.files import hash_inputs

    return hash_inputs(*TRACE_CODE)


def _trace_with_cache(frames, figures: list[Figure], cache_dir: Path | None) -> dict[Figure, tuple[str, ...]]:
    if cache_dir is None:
        return trace_relations(frames, figures)
    from nq03lib.files import keep_in_cache

    cache = Path(cache_dir) / f"relations-{compute_trace_key()}.json"
    if cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if set(stored) == {f.ident for f in figures}:
            return {f: tuple(stored[f.ident]) for f in figures}
    found = trace_relations(frames, figures)
    keep_in_cache(cache, json.dumps({f.ident: list(found[f]) for f in figures}, ensure_ascii=False, indent=1))
    return found


def collect_model(cache_dir: Path | None = None) -> SiteModel:
    """Load the data, run the audit, place the figures and trace their relations.

    Parameters
    ----------
    cache_dir : Path, optional
        Keep the trace of the relations there (``relations-<hash>.json``) and
        reuse it while the data and the code are unchanged.

    Returns
    -------
    SiteModel

    """
    from nq03lib.api import load_all
    from nq03lib.audit import audit

    frames = load_all()
    figures = list_figures(frames)
    placements, restatements = place_figures(figures, frames["restatements"])
    table = audit(frames)
    return SiteModel(
        frames=frames,
        audit=table,
        figures=figures,
        placements=placements,
        restatements=restatements,
        relations=_trace_with_cache(frames, figures, cache_dir),
        row_ids=_assign_row_ids(frames),
        relation_ids=make_unique_slugs(list(table["relation_id"].astype(str)), "rel-"),
    )
