"""The audit of the report's arithmetic: computed from data, exceptions listed, never silenced."""

import pandas as pd
import pytest

import nq03lib as nq
from nq03lib import audit as relations
from nq03lib import paths
from nq03lib.data.parse import DataError, parse_table

AUDIT = nq.audit()


def test_every_relation_holds_or_is_a_known_exception():
    assert set(AUDIT["verdict"]) <= {"holds", "known exception", "derived only"}
    derived = AUDIT[AUDIT["verdict"] == "derived only"]
    assert derived["implied"].notna().all() and derived["difference"].isna().all()
    assert AUDIT["relation_id"].is_unique


def test_the_audit_covers_every_kind_of_relation():
    kinds = set(AUDIT["kind"].astype(str))
    assert kinds >= {
        "share_from_counts",
        "parts_sum",
        "shares_sum",
        "subset",
        "stated_change",
        "implied_target",
        "threshold",
        "cross_reference",
        "same_population",
        "flow_reconciliation",
    }


def test_each_known_exception_is_in_the_audit_with_its_difference():
    known = relations.read_known_exceptions()
    audited = AUDIT.set_index("relation_id")
    for row in known.itertuples():
        assert row.relation_id in audited.index
        assert audited.loc[row.relation_id, "verdict"] == "known exception"
        assert audited.loc[row.relation_id, "difference"] == pytest.approx(row.difference)
        assert len(row.explanation) > 40


def test_inspections_by_level_do_not_add_up_to_the_totals():
    frame = parse_table("inspections")
    levels = frame[frame["level"] != "tat_ca"].groupby("target", observed=True)["inspection_count"].sum()
    totals = frame[(frame["level"] == "tat_ca") & (frame["activity"] == "kiem_tra_giam_sat")].set_index(
        "target"
    )["inspection_count"]
    audited = AUDIT.set_index("relation_id")
    for target in ("to_chuc_dang", "dang_vien"):
        gap = int(totals[target] - levels[target])
        assert gap > 0
        assert audited.loc[f"parts:inspections:{target} by level", "difference"] == gap


def test_a_known_exception_that_changes_is_reported_as_stale(tmp_path, monkeypatch):
    table = paths.KNOWN_EXCEPTIONS_FILE.read_text(encoding="utf-8").replace(",3616,", ",3615,")
    fake = tmp_path / "known_exceptions.csv"
    fake.write_text(table, encoding="utf-8")
    monkeypatch.setattr(paths, "KNOWN_EXCEPTIONS_FILE", fake)
    frames = {"inspections": parse_table("inspections")}
    with pytest.raises(DataError, match=r"parts:inspections:dang_vien by level.*stale exception"):
        relations.raise_for_failures(frames)


def test_a_relation_missing_from_the_exceptions_fails(tmp_path, monkeypatch):
    lines = paths.KNOWN_EXCEPTIONS_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    fake = tmp_path / "known_exceptions.csv"
    fake.write_text("".join(line for line in lines if "to_chuc_dang by level" not in line), encoding="utf-8")
    monkeypatch.setattr(paths, "KNOWN_EXCEPTIONS_FILE", fake)
    with pytest.raises(DataError, match=r"printed 4187, recomputed 4019, difference 168"):
        relations.raise_for_failures({"inspections": parse_table("inspections")})


def test_tolerance_follows_the_printed_rounding():
    audited = AUDIT.set_index("relation_id")
    # 31,1% is printed with one decimal, 35,57% with two
    assert audited.loc["share:membership:2021/dtts", "tolerance"] == pytest.approx(0.05)
    assert audited.loc["share:membership:2021/nu", "tolerance"] == pytest.approx(0.005)


def test_check_comparisons():
    assert relations.Check("a", "subset", "", "", 3, 5, 0, "at_most").holds
    assert not relations.Check("a", "subset", "", "", 6, 5, 0, "at_most").holds
    assert relations.Check("a", "threshold", "", "", 98.06, 98, 0, "at_least").holds
    assert not relations.Check("a", "parts_sum", "", "", 4187, 4019, 0).holds
    assert relations.Check("a", "share_from_counts", "", "", 15.34, 15.338346, 0.005).holds


def test_audit_export_is_a_flat_table():
    assert list(AUDIT.columns[:4]) == ["relation_id", "kind", "description", "location"]
    assert pd.api.types.is_float_dtype(AUDIT["difference"])
