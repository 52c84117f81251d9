"""Derived quantities: baselines, targets, implied counts, flows."""

import math

import pytest

import nq03lib as nq
from nq03lib.analysis import derive

RATES = nq.load("rates")
CHANGES = nq.load("stated_changes")


def _rate(indicator, area="toan_tinh", period="2021"):
    rows = RATES[(RATES["indicator"] == indicator) & (RATES["area"] == area) & (RATES["period"] == period)]
    return float(rows["share_pct"].iloc[0])


def test_households_baseline_under_pp_matches_the_printed_2016_share():
    base = derive.implied_baselines(CHANGES, RATES, "pp").set_index(["indicator", "reference"])
    printed_2016 = _rate("dang_vien_phu_trach_ho", period="2016-08")
    assert base.loc[("dang_vien_phu_trach_ho", "2016-08"), "baseline_pct"] == pytest.approx(
        printed_2016, abs=0.01
    )
    relative = derive.implied_baselines(CHANGES, RATES, "relative").set_index(["indicator", "reference"])
    assert abs(relative.loc[("dang_vien_phu_trach_ho", "2016-08"), "baseline_pct"] - printed_2016) > 0.2


def test_baselines_follow_each_reading():
    pp = derive.implied_baselines(CHANGES, RATES, "pp")
    rel = derive.implied_baselines(CHANGES, RATES, "relative")
    for a, b in zip(pp.itertuples(), rel.itertuples()):
        assert a.baseline_pct == pytest.approx(a.current_pct - a.value_pct, abs=1e-4)
        assert b.baseline_pct * (1 + b.value_pct / 100) == pytest.approx(b.current_pct, abs=1e-3)
    with pytest.raises(ValueError, match="reading must be one of"):
        derive.implied_baselines(CHANGES, RATES, "ratio")


def test_village_head_targets_are_round_numbers_under_pp():
    targets = derive.implied_targets(CHANGES, RATES, "pp").set_index(["indicator", "area", "reference"])
    nq03 = targets.loc[("thon_truong_la_dang_vien", "toan_tinh", "muc_tieu_nq03"), "target_pct"]
    nq01 = targets.loc[("thon_truong_la_dang_vien", "toan_tinh", "muc_tieu_nq01_2021"), "target_pct"]
    assert nq03 == pytest.approx(_rate("thon_truong_la_dang_vien") - 7.78)
    assert nq03 % 5 == pytest.approx(0, abs=1e-6) and nq01 % 5 == pytest.approx(0, abs=1e-6)


def test_two_ways_to_the_secretaries_target_agree_only_under_pp():
    def targets(reading):
        t = derive.implied_targets(CHANGES, RATES, reading)
        sec = t[(t["indicator"] == "bi_thu_kiem_thon_truong")].set_index("area")
        return sec.loc["toan_tinh"], sec.loc["tp_kon_tum"]

    prov, city = targets("pp")
    assert (
        abs(prov["target_pct"] - city["target_pct"])
        <= prov["target_tolerance_pct"] + city["target_tolerance_pct"]
    )
    prov, city = targets("relative")
    assert abs(prov["target_pct"] - city["target_pct"]) > 10


def test_members_rated_interval_contains_every_consistent_whole_number():
    ratings = nq.load("ratings_members")
    failing = nq.load("failing_counts")
    implied = derive.implied_members_rated(ratings, failing)
    assert len(implied) == 5
    for row in implied.itertuples():
        k, p = row.failing_count, row.share_pct
        inside = [
            n
            for n in range(row.single_min_count - 50, row.single_max_count + 50)
            if round(100 * k / n, 2) == p
        ]
        # the không HTNV share alone: every n inside rounds to the printed share, none outside does
        assert inside and min(inside) >= row.single_min_count - 1 and max(inside) <= row.single_max_count + 1
        # all four shares together can only narrow it
        assert row.single_min_count <= row.rated_min_count <= row.rated_max_count <= row.single_max_count


def test_members_rated_uses_all_four_shares_together():
    ratings = nq.load("ratings_members")
    implied = derive.implied_members_rated(ratings, nq.load("failing_counts")).set_index("year")
    shares = ratings[ratings["year"] == "2017"].set_index("rating")["share_pct"].astype(float)
    k = int(implied.loc["2017", "failing_count"])

    def fits(n):
        ranges = [derive.list_whole_counts(shares[r], 0.005, n) for r in ("htxsnv", "httnv", "htnv")]
        return all(ranges) and sum(r[0] for r in ranges) <= n - k <= sum(r[-1] for r in ranges)

    # 2017's shares add to 99.99%: the largest totals the không HTNV share allows fit no whole counts
    top = int(implied.loc["2017", "single_max_count"])
    assert not fits(top) and not fits(top - 1)
    assert implied.loc["2017", "rated_max_count"] < top
    assert fits(int(implied.loc["2017", "rated_max_count"]))
    assert all(implied["solution_count"] > 0)


def test_rating_counts_reproduce_every_printed_share():
    ratings = nq.load("ratings_organisations")
    solved = derive.solve_rating_counts(ratings)
    top = solved[solved["rating"] != "tsvmtb"]
    for (_year, n, _), group in top.groupby(["year", "n_rated", "solution"], observed=True):
        assert group["count"].sum() == n
        for row in group.itertuples():
            assert abs(100 * row.count / n - row.share_pct) <= 0.005 + 1e-9
    # one solution per year in the plausible range
    assert top.groupby("year", observed=True)["solution"].nunique().eq(1).all()


def test_failing_organisations_sum_to_the_printed_27():
    solved = derive.solve_rating_counts(nq.load("ratings_organisations"))
    failing = solved[solved["rating"].isin(["yeu_kem", "khong_htnv"])]
    printed = nq.load("failing_counts")
    total = int(printed.loc[printed["subject"] == "tccsd", "failing_count"].iloc[0])
    assert failing["count"].sum() == total


def test_flows_reconcile_as_printed_arithmetic():
    flows = derive.reconcile_flows(nq.load("restructuring"), nq.load("organisations")).set_index("entity")
    tccsd = flows.loc["tccsd"]
    assert tccsd["implied_after_count"] == 698 + (7 + 42) - (4 + 46 + 31)
    assert math.isclose(flows.loc["chi_bo_truc_thuoc", "implied_after_count"], 1853 + 170 - 175 - 167)
    assert (flows["gap_count"] == flows["after_count"] - flows["implied_after_count"]).all()
