"""Select rows by code, strictly; check a derivation's result; the rounding a printed figure allows.

The derivations select rows by category codes (``rating="tsvm"``). A plain
comparison with a mistyped code (``"tsvn"``) returns an empty frame and the
error surfaces far away; :func:`select` raises at once, naming the code and
suggesting the closest valid one. :func:`one_row` and :func:`one_value` insist
on exactly one row. :func:`raise_if_any` is how a derivation reports the rows
that fail its own check.
"""

from __future__ import annotations

import pandas as pd

from nq03lib.data.source import printed_decimals
from nq03lib.text import did_you_mean


def _allowed(frame: pd.DataFrame, column: str) -> list[str]:
    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [str(c) for c in series.cat.categories]
    return sorted({str(v) for v in series.dropna()})


def select(frame: pd.DataFrame, **where) -> pd.DataFrame:
    """Return the rows of ``frame`` whose columns equal the given codes.

    A value may be one code or a list of codes. A code that the column cannot
    hold (not among its categories, or for a plain column not among its
    values) raises, so a typo never gives an empty frame.

    Raises
    ------
    KeyError
        Naming the column, the unknown code and the closest valid code.

    Examples
    --------
    >>> import nq03lib as nq
    >>> len(select(nq.load("ratings_organisations"), year="2016", rating="tsvm"))
    1

    """
    mask = pd.Series(True, index=frame.index)
    for column, wanted in where.items():
        if column not in frame.columns:
            raise KeyError(f"no column {column!r}{did_you_mean(column, list(frame.columns))}")
        codes = [wanted] if isinstance(wanted, str) or not hasattr(wanted, "__iter__") else list(wanted)
        allowed = _allowed(frame, column)
        for code in codes:
            if str(code) not in allowed:
                raise KeyError(
                    f"column {column!r} has no code {code!r}{did_you_mean(str(code), allowed)}; "
                    f"codes: {', '.join(allowed)}"
                )
        mask &= frame[column].astype(str).isin([str(c) for c in codes])
    return frame[mask]


def one_row(frame: pd.DataFrame, **where) -> pd.Series:
    """Return the one row of ``frame`` that matches ``where`` (see :func:`select`); raise if not one."""
    rows = select(frame, **where)
    if len(rows) != 1:
        table = frame.attrs.get("table", "frame")
        raise LookupError(f"{table}: expected one row for {where}, found {len(rows)}")
    return rows.iloc[0]


def one_value(frame: pd.DataFrame, column: str, **where) -> object:
    """Return ``column`` of the one row that matches ``where``."""
    return one_row(frame, **where)[column]


def raise_if_any(bad: pd.DataFrame, message: str) -> None:
    """Raise ValueError with ``message`` and the offending rows if ``bad`` has any."""
    if len(bad):
        raise ValueError(f"{message}:\n{bad.to_string()}")


def half_unit(value: float, quote: str) -> float:
    """Return half a unit of the last decimal printed for ``value`` in ``quote`` (two decimals if unknown)."""
    decimals = printed_decimals(value, quote)
    return 0.5 * 10 ** -(decimals if decimals is not None else 2)
