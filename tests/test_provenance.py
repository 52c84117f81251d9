"""Every figure in data/ is where its row says, as printed, and every printed figure is in data/."""

import re
from decimal import Decimal

import pandas as pd
import pytest

from nq03lib.api import load_all
from nq03lib.data import schema as metadata
from nq03lib.data.parse import _find_coverage_problems
from nq03lib.data.source import load_report, numbers_in, reading_form

FRAMES = load_all()

#: Numbers that identify documents, dates, periods or headings: not data (see README).
NON_DATA = metadata.NON_DATA


def _rows():
    for name, frame in FRAMES.items():
        for i, (_, row) in enumerate(frame.iterrows()):
            yield pytest.param(name, row, id=f"{name}:{frame.attrs['lines'][i]}")


@pytest.mark.parametrize(("table", "row"), list(_rows()))
def test_quote_stands_at_its_location_and_prints_the_value(table, row):
    report = load_report(row["source_id"])
    quote = reading_form(row["quote"])
    assert quote in report.text_at(row["location"])
    printed = {value for _, value in numbers_in(quote)}
    for column in metadata.value_columns(table):
        if not pd.isna(row[column]):
            assert Decimal(str(row[column])) in printed, f"{column}={row[column]} not in {quote!r}"


def _stored_by_location() -> dict[str, set[Decimal]]:
    stored: dict[str, set[Decimal]] = {}
    for name, frame in FRAMES.items():
        for _, row in frame.iterrows():
            for column in metadata.value_columns(name):
                if not pd.isna(row[column]):
                    stored.setdefault(row["location"], set()).add(Decimal(str(row[column])))
    for _, row in FRAMES["restatements"].iterrows():
        stored.setdefault(row["location"], set()).update(v for _, v in numbers_in(row["quote"]))
    return stored


def test_every_number_printed_in_the_report_is_stored_at_its_location():
    report = load_report()
    stored = _stored_by_location()
    missing = {}
    for location in report.locations:
        text = report.text_at(location)
        for pattern in NON_DATA:
            text = re.sub(pattern, " ", text)
        left = [token for token, value in numbers_in(text) if value not in stored.get(location, set())]
        if left:
            missing[location] = left
    assert not missing, f"numbers printed in the report but not in data/: {missing}"


def test_the_coverage_check_would_notice_a_missing_row():
    frames = dict(FRAMES)
    docs = frames["documents"]
    kept = docs[docs["doc_level"] != "cap_xa"]
    assert len(kept) == len(docs) - 1
    values = {Decimal(str(v)) for v in kept["document_count"]}
    fn1 = load_report().text_at("fn1")
    assert any(v not in values for _, v in numbers_in(fn1))


def test_a_figure_printed_twice_is_stored_once():
    """No location has a value stored more often than the report prints it there."""
    from collections import Counter

    report = load_report()
    stored: dict[str, Counter] = {}
    for name, frame in FRAMES.items():
        for _, row in frame.iterrows():
            for column in metadata.value_columns(name):
                if not pd.isna(row[column]):
                    stored.setdefault(row["location"], Counter())[Decimal(str(row[column]))] += 1
    too_often = {}
    for location, counts in stored.items():
        printed = Counter(v for _, v in numbers_in(report.text_at(location)))
        extra = {str(v): (n, printed[v]) for v, n in counts.items() if n > printed[v]}
        if extra:
            too_often[location] = extra
    assert not too_often, f"value: (times stored, times printed): {too_often}"


def test_the_library_coverage_check_agrees_and_runs_on_load():
    """The check above also runs in every load and in validate (tests/test_bad_edits.py)."""
    assert [p.error() for p in _find_coverage_problems(FRAMES)] == []
