"""Find where the report prints every stored figure, and which audit relations read it.

A *figure* is one non-empty numeric cell of a data table (``restatements`` holds
no figures of its own: it points at second printings). :func:`list_figures`
lists them; there are as many as the loader checks against their quotes.

:func:`place_figures` finds the one printed number each figure stands for: in
the reading text of the row's ``location``, inside the row's ``quote``, the
number whose value is the figure's (the loader's own check, see
:mod:`nq03lib.data.parse`). Two figures never share a printed number: where a
quote prints a value twice (``10/10 huyện``), the figures take the printings
in the order of their columns. Each row of ``restatements.csv`` is placed the
same way and points back at the figure it prints again.

:func:`trace_relations` finds the relations of :func:`nq03lib.audit.audit` that
read each figure, by experiment rather than by reading the code: a relation
reads a figure when changing the figure's value changes the relation's printed
or recomputed value, tolerance, implied value or description. Trying every
figure against every relation would run the generators thousands of times, so
the figures a generator may read are changed in groups, and a group is split
only when the generator's output changed (adaptive group testing); each change
is a distinct prime, so changes cannot cancel out in a sum or a ratio.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from nq03lib.audit import list_relation_generators
from nq03lib.data import schema
from nq03lib.data.source import NUMBER_RE, load_report, parse_vi_number, read_sources, reading_form

Frames = dict[str, pd.DataFrame]
#: Below this size a group that changed something is tested one figure at a time.
SMALL_GROUP = 4


class PlacementError(ValueError):
    """Raise when a stored figure cannot be found where its row says it is printed."""


@dataclass(frozen=True)
class Figure:
    """Hold one stored figure: a numeric cell of a data table with its provenance.

    Attributes
    ----------
    table, column : str
        Where the figure is stored.
    row : int
        Index label of the row in the table's frame (its position for a frame
        read by :func:`nq03lib.data.parse.parse_table`).
    value : Decimal
        The stored value, exactly.
    source_id, location, quote : str
        The row's provenance columns.
    key : str
        The row's key as ``column=value`` pairs joined by ``;`` without
        ``source_id`` (the format of ``restatements.csv``).

    """

    table: str
    row: int
    column: str
    value: Decimal
    source_id: str
    location: str
    quote: str
    key: str

    @property
    def ident(self) -> str:
        """Return the figure's identifier: ``table|key|column``, plus ``|source`` for a later source."""
        base = f"{self.table}|{self.key}|{self.column}"
        return base if self.source_id == read_sources()[0]["source_id"] else f"{base}|{self.source_id}"


@dataclass(frozen=True)
class Placement:
    """Hold where a number is printed: its span in the reading text of one location."""

    source_id: str
    location: str
    start: int
    end: int
    token: str


@dataclass(frozen=True)
class Restatement:
    """Hold a second printing of a stored figure (one row of ``restatements.csv``)."""

    figure: Figure
    placement: Placement
    quote: str


def format_row_key(table: str, row: pd.Series) -> str:
    """Return a row's key as ``column=value`` pairs joined by ``;``, without ``source_id``."""
    columns = [c for c in schema.TABLES[table]["key"] if c != "source_id"]
    return ";".join(f"{c}={'' if pd.isna(row[c]) else row[c]}" for c in columns)


def list_figures(frames: Frames) -> list[Figure]:
    """List every stored figure of ``frames``, table by table, row by row, column by column."""
    figures = []
    for table in schema.TABLES:
        if table == "restatements" or table not in frames:
            continue
        columns = schema.value_columns(table)
        for label, row in frames[table].iterrows():
            key = format_row_key(table, row)
            for column in columns:
                if pd.isna(row[column]):
                    continue
                figures.append(
                    Figure(
                        table=table,
                        row=int(label),
                        column=column,
                        value=Decimal(str(row[column])),
                        source_id=str(row["source_id"]),
                        location=str(row["location"]),
                        quote=str(row["quote"]),
                        key=key,
                    )
                )
    return figures


def _find_spans(text: str, quote: str) -> list[tuple[int, int]]:
    found, start = [], text.find(quote)
    while start >= 0:
        found.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return found


def _find_candidates(text: str, quote: str, value: Decimal) -> list[tuple[int, int, str]]:
    """Return ``(start, end, token)`` of every number printing ``value`` inside ``quote`` in ``text``."""
    tokens = [(m.start(), m.end(), m.group()) for m in NUMBER_RE.finditer(text)]
    out = []
    for qs, qe in _find_spans(text, reading_form(quote)):
        for token in tokens:
            if qs <= token[0] and token[1] <= qe and parse_vi_number(token[2]) == value and token not in out:
                out.append(token)
    return out


def _match(options: list[list[tuple[int, int, str]]]) -> list[int]:
    """Assign each item a distinct option (Kuhn's augmenting paths), preferring earlier options.

    Returns the chosen option index per item; raises ValueError if no complete
    assignment exists.
    """
    owner: dict[tuple[int, int, str], int] = {}

    def assign(item: int, seen: set) -> bool:
        for option in options[item]:  # a free printing first, so earlier items keep earlier printings
            if option not in owner:
                owner[option] = item
                return True
        for option in options[item]:  # else move the owner of one to another printing
            if option in seen:
                continue
            seen.add(option)
            if assign(owner[option], seen):
                owner[option] = item
                return True
        return False

    for item in range(len(options)):
        if not assign(item, set()):
            raise ValueError(item)
    chosen = {item: option for option, item in owner.items()}
    return [options[i].index(chosen[i]) for i in range(len(options))]


def place_figures(
    figures: Sequence[Figure], restatements: pd.DataFrame | None = None
) -> tuple[dict[Figure, Placement], list[Restatement]]:
    """Find the printed number of every figure and of every second printing.

    Parameters
    ----------
    figures : sequence of Figure
        From :func:`list_figures`.
    restatements : DataFrame, optional
        The ``restatements`` table; its rows are placed after the figures and
        may share a printed number with a figure (one printing that is both a
        stored figure and the second printing of another).

    Returns
    -------
    dict of Figure to Placement, list of Restatement

    Raises
    ------
    PlacementError
        If a figure's value is not printed inside its quote at its location, or
        if two figures would need the same printed number.

    """
    placed: dict[Figure, Placement] = {}
    by_location: dict[tuple[str, str], list[Figure]] = {}
    for figure in figures:
        by_location.setdefault((figure.source_id, figure.location), []).append(figure)
    for (source_id, location), group in by_location.items():
        text = load_report(source_id).text_at(location)
        options = [_find_candidates(text, f.quote, f.value) for f in group]
        for figure, found in zip(group, options):
            if not found:
                raise PlacementError(
                    f"{figure.table} ({figure.key}), column {figure.column}: {figure.value} is not "
                    f"printed inside its quote at {location}: {figure.quote!r}"
                )
        try:
            chosen = _match(options)
        except ValueError as exc:
            figure = group[exc.args[0]]
            raise PlacementError(
                f"{figure.table} ({figure.key}), column {figure.column}: every printing of "
                f"{figure.value} in its quote at {location} is taken by another figure"
            ) from None
        for figure, found, index in zip(group, options, chosen):
            start, end, token = found[index]
            placed[figure] = Placement(source_id, location, start, end, token)
    again: list[Restatement] = []
    if restatements is None:
        return placed, again
    by_ident = {(f.table, f.key, f.column, f.source_id): f for f in figures}
    for _, row in restatements.iterrows():
        figure = by_ident.get((row["table"], row["row_key"], row["column"], row["source_id"]))
        if figure is None:
            raise PlacementError(
                f"restatements: no stored figure {row['table']} ({row['row_key']}), column {row['column']}"
            )
        text = load_report(row["source_id"]).text_at(row["location"])
        found = _find_candidates(text, row["quote"], figure.value)
        if not found:
            raise PlacementError(
                f"restatements: {figure.value} is not printed in {row['quote']!r} at {row['location']}"
            )
        start, end, token = found[0]
        placement = Placement(str(row["source_id"]), str(row["location"]), start, end, token)
        again.append(Restatement(figure, placement, str(row["quote"])))
    return placed, again


# ---------------------------------------------------------------- relations each figure takes part in


def _summarise_check(check) -> tuple[str, ...]:
    return tuple(
        repr(v)
        for v in (
            check.description,
            check.printed,
            check.recomputed,
            check.implied,
            check.tolerance,
            check.comparison,
            check.checkable,
        )
    )


def _generate_primes() -> Iterator[int]:
    found: list[int] = []
    candidate = 2
    while True:
        if all(candidate % p for p in found if p * p <= candidate):
            found.append(candidate)
            yield candidate
        candidate += 1


def _run(generator: Callable, frames: Frames) -> dict[str, tuple[str, ...]] | None:
    try:
        return {c.relation_id: _summarise_check(c) for c in generator(frames)}
    except (LookupError, ValueError, IndexError, ArithmeticError, TypeError):
        return None


def _find_changed(base: dict[str, tuple], result: dict[str, tuple] | None) -> set[str]:
    if result is None:  # the generator failed on the changed values: it read them
        return set(base)
    return {rid for rid, sig in base.items() if result.get(rid) != sig} | (set(result) - set(base))


def _perturb(frames: Frames, group: Sequence[Figure], steps: dict[Figure, int]) -> Frames:
    out = dict(frames)
    copied: set[str] = set()
    for figure in group:
        if figure.table not in copied:
            out[figure.table] = out[figure.table].copy()
            copied.add(figure.table)
        frame = out[figure.table]
        step = steps[figure]
        if pd.api.types.is_integer_dtype(frame[figure.column].dtype):
            frame.loc[figure.row, figure.column] = int(figure.value) + step
        else:
            frame.loc[figure.row, figure.column] = float(figure.value) + step / 1000
    return out


def _strip_attrs(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` without its ``attrs``: pandas deep-copies them on every operation."""
    out = frame.copy()
    out.attrs = {"table": frame.attrs.get("table")}
    return out


def _order_sources(frames: Frames) -> list[str]:
    """Order the sources as :func:`nq03lib.audit.compute_checks` does (its first keeps plain ids)."""
    present = set()
    for frame in frames.values():
        present.update(frame["source_id"].dropna().astype(str))
    listed = [r["source_id"] for r in read_sources()]
    return [s for s in listed if s in present] + sorted(present - set(listed))


def trace_relations(frames: Frames, figures: Sequence[Figure]) -> dict[Figure, tuple[str, ...]]:
    """Return the ids of the audit relations that read each figure (see the module docstring).

    Parameters
    ----------
    frames : dict
        Every table as read by :func:`nq03lib.data.parse.parse_table`.
    figures : sequence of Figure
        From :func:`list_figures` on the same frames.

    Returns
    -------
    dict of Figure to tuple of str
        Relation ids in the order the audit computes them; a figure no
        relation reads maps to an empty tuple.

    """
    primes = _generate_primes()
    steps = {f: next(primes) for f in figures}
    found: dict[Figure, list[str]] = {f: [] for f in figures}
    order: list[str] = []
    for rank, source in enumerate(_order_sources(frames)):
        part = {name: _strip_attrs(frame[frame["source_id"] == source]) for name, frame in frames.items()}
        present = {name for name, frame in part.items() if len(frame)}
        prefix = "" if rank == 0 else f"[{source}] "
        for needs, generator in list_relation_generators():
            if not set(needs) <= present:
                continue
            base = _run(generator, part)
            if base is None:
                continue
            order.extend(prefix + rid for rid in base)
            candidates = [f for f in figures if f.source_id == source and f.table in needs]
            for figure, ids in _split(generator, part, base, candidates, steps).items():
                found[figure].extend(prefix + rid for rid in ids)
    rank_of = {rid: i for i, rid in enumerate(order)}
    return {f: tuple(sorted(dict.fromkeys(ids), key=rank_of.__getitem__)) for f, ids in found.items()}


def _split(
    generator: Callable,
    frames: Frames,
    base: dict[str, tuple],
    candidates: Sequence[Figure],
    steps: dict[Figure, int],
) -> dict[Figure, set[str]]:
    """Find which candidates change which relations of one generator, splitting groups that change any."""
    result: dict[Figure, set[str]] = {}

    def test(group: Sequence[Figure]) -> set[str]:
        return _find_changed(base, _run(generator, _perturb(frames, group, steps)))

    def visit(group: Sequence[Figure], changed: set[str]) -> None:
        if not changed:
            return
        if len(group) == 1:
            result[group[0]] = changed
            return
        if len(group) <= SMALL_GROUP:  # cheaper to try each figure than to split further
            for figure in group:
                visit([figure], test([figure]))
            return
        middle = math.ceil(len(group) / 2)
        halves = [group[:middle], group[middle:]]
        outcomes = [test(h) for h in halves]
        if not (changed <= outcomes[0] | outcomes[1]):
            # a change seen only when both halves change together: test one figure at a time
            for figure in group:
                visit([figure], test([figure]))
            return
        for half, outcome in zip(halves, outcomes):
            visit(half, outcome)

    if candidates:
        visit(list(candidates), test(candidates))
    return result
