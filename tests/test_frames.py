"""Strict row selection: a mistyped code raises instead of returning an empty frame."""

import pandas as pd
import pytest

import nq03lib as nq
from nq03lib.analysis import frames


@pytest.fixture
def ratings():
    return nq.load("ratings_organisations")


def test_select_finds_rows_by_code_and_by_list_of_codes(ratings):
    assert len(frames.select(ratings, year="2016", rating="tsvm")) == 1
    assert len(frames.select(ratings, year=["2016", "2017"], rating="tsvm")) == 2


def test_a_mistyped_code_raises_and_suggests(ratings):
    with pytest.raises(KeyError, match="no code 'tsvn'.*did you mean 'tsvm'"):
        frames.select(ratings, rating="tsvn")
    with pytest.raises(KeyError, match="no column 'ratng'.*did you mean 'rating'"):
        frames.select(ratings, ratng="tsvm")


def test_a_code_of_the_category_that_no_row_has_gives_an_empty_frame_not_an_error(ratings):
    # "khong_htnv" is a rating code; 2016 uses the old scheme, so no 2016 row has it
    assert frames.select(ratings, year="2016", rating="khong_htnv").empty


def test_one_row_insists_on_exactly_one(ratings):
    assert frames.one_value(ratings, "share_pct", year="2016", rating="tsvm") > 0
    with pytest.raises(LookupError, match="expected one row"):
        frames.one_row(ratings, rating="tsvm")


def test_raise_if_any_names_the_rows():
    bad = pd.DataFrame({"area": ["ngoc_hoi"], "gap_pp": [-0.88]})
    with pytest.raises(ValueError, match="ngoc_hoi"):
        frames.raise_if_any(bad, "below target")
    frames.raise_if_any(bad.iloc[0:0], "never raised")
