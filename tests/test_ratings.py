"""Ratings 2016–2020 (fn10, fn16, fn17): TSVMTB base, crosswalks, implied counts and the charts of notebook 01."""

import math
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import nq03lib as nq
from nq03lib.analysis import derive
from nq03lib.analysis import ratings as rt
from nq03lib.charts import registry
from nq03lib.charts import theme as ch

CHARTS = [
    "01-ratings-tccsd-stacked",
    "01-ratings-members-stacked",
    "01-ratings-tccsd-lines",
    "01-ratings-members-lines",
    "01-ratings-implied-counts",
]


@pytest.fixture(scope="module")
def org():
    return nq.load("ratings_organisations")


@pytest.fixture(scope="module")
def members():
    return nq.load("ratings_members")


@pytest.fixture(scope="module")
def solved(org):
    return derive.solve_rating_counts(org)


def _printed(org, year, rating):
    rows = org[(org["year"] == year) & (org["rating"] == rating)]
    return float(rows["share_pct"].iloc[0])


# --- TSVMTB ---------------------------------------------------------------------------------------


def test_tsvmtb_base_from_first_principles(org, solved):
    """Recompute, per year, whether any whole TSVMTB count fits out of N or out of TSVM."""
    check = rt.check_tsvmtb_base(org, solved)
    for year in ("2016", "2017"):
        n = int(solved.loc[solved["year"] == year, "n_rated"].iloc[0])
        tsvm = round(_printed(org, year, "tsvm") * n / 100)
        share = _printed(org, year, "tsvmtb")
        half = 0.05 if year == "2016" else 0.005  # 21,5 has one decimal, 22,34 two
        for base, size in (("all", n), ("tsvm", tsvm)):
            fits = any(abs(100 * k / size - share) <= half + 1e-9 for k in range(size + 1))
            got = check[(check["year"] == year) & (check["tsvmtb_base"] == base)][
                "fits_printed_rounding"
            ].any()
            assert got == fits, (year, base)
    # 2017 only fits the "share of TSVM" reading
    y17 = check[check["year"] == "2017"].set_index("tsvmtb_base")["fits_printed_rounding"]
    assert not y17["all"] and y17["tsvm"]
    assert rt.decide_tsvmtb_base(check) == "tsvm"


def test_decide_tsvmtb_base_refuses_ambiguity(org, solved):
    check = rt.check_tsvmtb_base(org, solved)
    both = check.assign(fits_printed_rounding=True)
    with pytest.raises(ValueError, match="not determined"):
        rt.decide_tsvmtb_base(both)


def test_split_tsvm_never_stacks_tsvmtb_on_top(org):
    parts = rt.split_tsvm(org, "tsvm")
    for year in ("2016", "2017"):
        p = (
            parts[parts["year"] == year]
            .assign(rating=lambda d: d["rating"].astype(str))
            .set_index("rating")["share_pct"]
        )
        tsvm, sub = _printed(org, year, "tsvm"), _printed(org, year, "tsvmtb")
        assert p["tsvmtb"] == pytest.approx(tsvm * sub / 100, abs=1e-4)
        assert p["tsvmtb"] + p["tsvm_rest"] == pytest.approx(tsvm)
    top_level = org[org["rating"] != "tsvmtb"].groupby("year", observed=True)["share_pct"].sum()
    sums = parts.groupby("year", observed=True)["share_pct"].sum()
    assert (sums - top_level.astype(float)).abs().max() < 1e-3
    assert "tsvm" not in set(parts["rating"].astype(str))


def test_split_tsvm_all_reading_takes_the_printed_share(org):
    parts = rt.split_tsvm(org, "all")
    p = (
        parts[parts["year"] == "2017"]
        .assign(rating=lambda d: d["rating"].astype(str))
        .set_index("rating")["share_pct"]
    )
    assert p["tsvmtb"] == _printed(org, "2017", "tsvmtb")
    with pytest.raises(ValueError):
        rt.split_tsvm(org, "half")


# --- crosswalks -----------------------------------------------------------------------------------


def test_every_crosswalk_covers_both_schemes():
    parts_old = {"tsvmtb", "tsvm_rest", "httnv", "htnv", "yeu_kem"}
    new = {"htxsnv", "httnv", "htnv", "khong_htnv"}
    for name, spec in rt.CROSSWALKS.items():
        assert set(spec["old"]) == parts_old, name
        assert set(spec["new"]) == new, name
        assert set(spec["old"].values()) <= set(rt.TIER_ORDER)
        assert spec["old"]["yeu_kem"] == spec["new"]["khong_htnv"] == "khong_htnv"


def test_crosswalk_shares_add_up_per_tier(org):
    parts = rt.split_tsvm(org, "tsvm")
    primary = rt.crosswalk_shares(parts, "primary").set_index(["year", "tier"], drop=False)
    tb = _printed(org, "2016", "tsvm") * _printed(org, "2016", "tsvmtb") / 100
    assert primary.loc[("2016", "htxsnv"), "share_pct"] == pytest.approx(tb, abs=1e-3)
    httnv = _printed(org, "2016", "tsvm") - tb + _printed(org, "2016", "httnv")
    assert primary.loc[("2016", "httnv"), "share_pct"] == pytest.approx(httnv, abs=1e-3)
    alt = rt.crosswalk_shares(parts, "tsvm_as_excellent").set_index(["year", "tier"])
    assert alt.loc[("2017", "htxsnv"), "share_pct"] == pytest.approx(_printed(org, "2017", "tsvm"))
    merged = rt.crosswalk_shares(parts, "top_two_merged").set_index(["year", "tier"])
    for year, top in (("2017", ("tsvm", "httnv")), ("2019", ("htxsnv", "httnv"))):
        expected = sum(_printed(org, year, r) for r in top)
        assert merged.loc[(year, "tot_tro_len"), "share_pct"] == pytest.approx(expected)
    with pytest.raises(ValueError, match="split TSVM"):
        rt.crosswalk_shares(org, "primary")
    with pytest.raises(ValueError, match="unknown crosswalk"):
        rt.crosswalk_shares(parts, "nope")


def test_members_need_no_crosswalk(members):
    for name in rt.CROSSWALKS:
        out = rt.crosswalk_shares(members, name)
        if name != "top_two_merged":
            pd.testing.assert_series_equal(
                out["share_pct"].reset_index(drop=True),
                members.sort_values(["year", "rating"])["share_pct"].astype(float).reset_index(drop=True),
                check_names=False,
            )


def test_summarise_changes_flags_what_depends_on_the_crosswalk(org, members):
    changes = rt.summarise_changes(rt.crosswalk_all(org, members, "tsvm"))
    flags = changes.groupby(["subject", "tier"], observed=True)["depends_on_crosswalk"].first()
    assert flags[("tccsd", "htxsnv")] and flags[("tccsd", "httnv")]
    assert not flags[("tccsd", "htnv")] and not flags[("tccsd", "khong_htnv")]
    assert not changes.loc[changes["subject"] == "dang_vien", "depends_on_crosswalk"].any()
    fail = changes[(changes["subject"] == "tccsd") & (changes["tier"] == "khong_htnv")].iloc[0]
    assert fail["2016"] == _printed(org, "2016", "yeu_kem")
    assert fail["break_step_pp"] == pytest.approx(
        _printed(org, "2018", "khong_htnv") - _printed(org, "2017", "yeu_kem")
    )
    assert fail["old_mean_pct"] == pytest.approx(
        round((_printed(org, "2016", "yeu_kem") + _printed(org, "2017", "yeu_kem")) / 2, 2)
    )


# --- implied counts -------------------------------------------------------------------------------


def test_stock_bounds_from_the_flows():
    flows = derive.reconcile_flows(nq.load("restructuring"), nq.load("organisations"))
    r = flows.set_index("entity").loc["tccsd"]
    bounds = rt.bound_organisation_stock(flows)
    assert bounds["high_count"] <= r["before_count"] + r["added_count"]
    assert bounds["low_count"] >= r["before_count"] - r["removed_count"]
    assert bounds["low_count"] <= r["after_count"] <= bounds["high_count"]


def test_rated_totals_list_every_fit_and_only_fits(org):
    bounds = {"low_count": 617, "high_count": 746}
    totals = rt.list_rated_totals(org, bounds)
    y18 = org[(org["year"] == "2018")]
    shares = y18["share_pct"].astype(float).tolist()
    fits = []
    for n in range(1, bounds["high_count"] + 1):
        counts = [round(s * n / 100) for s in shares]
        if sum(counts) == n and all(abs(100 * k / n - s) <= 0.005 + 1e-9 for k, s in zip(counts, shares)):
            fits.append(n)
    assert totals.loc[totals["year"] == "2018", "n_rated"].tolist() == fits
    assert totals.loc[totals["within_stock_bounds"]].groupby("year", observed=True).size().eq(1).all()


def test_failing_organisations_against_fn17(solved):
    failing = nq.load("failing_counts")
    table = rt.compare_failing_organisations(solved, failing)
    assert table["implied_count"].iloc[:-1].sum() == table["implied_count"].iloc[-1]
    printed = int(failing.loc[failing["subject"] == "tccsd", "failing_count"].iloc[0])
    assert table["printed_count"].iloc[-1] == printed
    assert table["difference_count"].iloc[-1] == 0


def test_members_rated_against_membership(members):
    failing = nq.load("failing_counts")
    table = rt.compare_members_rated(derive.implied_members_rated(members, failing), nq.load("membership"))
    total = 29651  # II.4, typed here on purpose as an independent check
    assert (table["members_2021_count"] == total).all()
    k = int(
        failing.loc[
            (failing["subject"] == "dang_vien") & (failing["period"] == "2020"), "failing_count"
        ].iloc[0]
    )
    assert table["rated_max_count"].iloc[-1] == math.floor(100 * k / (0.99 - 0.005))
    assert table["rated_share_of_2021_min_pct"].iloc[0] == pytest.approx(
        100 * table["rated_min_count"].iloc[0] / total, abs=0.01
    )


def test_organisation_counts_on_the_tsvm_base(solved):
    counts = rt.tabulate_organisation_counts(solved, "tsvm").set_index(["year", "rating"])
    assert counts.loc[("2017", "tsvmtb"), "count"] == round(0.2234 * counts.loc[("2017", "tsvm"), "count"])
    with pytest.raises(ValueError, match="several"):
        rt.tabulate_organisation_counts(
            solved.assign(tsvmtb_base=solved["tsvmtb_base"].replace("all", "tsvm")), "tsvm"
        )


# --- charts ---------------------------------------------------------------------------------------


def test_charts_are_registered_for_notebook_01():
    names = registry.list_charts(notebook="01-ratings")["chart"].tolist()
    assert sorted(names) == sorted(CHARTS)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_draws_with_a_takeaway(name, lang):
    fig = registry.figure(name, lang)
    assert fig.axes
    assert registry.takeaway(name, lang)
    plt.close(fig)


def _bar_tops(ax):
    tops = {}
    for p in ax.patches:
        x = round(p.get_x() + p.get_width() / 2, 3)
        tops[x] = tops.get(x, 0.0) + p.get_height()
    return tops


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_tccsd_stacked_bars_add_to_100_with_tsvm_split(lang, org):
    data = registry.chart_data("01-ratings-tccsd-stacked", lang)
    fig = registry.figure("01-ratings-tccsd-stacked", lang)
    ax = fig.axes[0]
    # one segment per part: 5 parts in 2016–2017, 4 in 2018–2020
    assert len(ax.patches) == len(data) == 5 * 2 + 4 * 3
    tops = _bar_tops(ax)
    assert len(tops) == 5
    assert all(abs(t - 100) < 0.05 for t in tops.values())
    # TSVMTB + rest of TSVM = printed TSVM, so TSVMTB is inside TSVM
    tsvm_2016 = sum(p.get_height() for p in ax.patches[:2])
    assert tsvm_2016 == pytest.approx(_printed(org, "2016", "tsvm"), abs=0.01)
    colours = [to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours[0] == ch.colour_for("tsvmtb") and colours[1] == ch.colour_for("tsvm")
    assert colours[-1] == ch.colour_for("khong_htnv")
    # a visible gap and a dashed line between the schemes
    xs = sorted(tops)
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    assert gaps[1] > gaps[0]
    assert any(line.get_linestyle() == "--" for line in ax.lines)
    assert any(
        t.get_text() == ("Đổi cách xếp loại từ 2018" if lang == "vi" else "Scheme changed in 2018")
        for t in ax.texts
    )
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert rt.label_rating("tsvmtb", lang) in legend and rt.label_rating("htxsnv", lang) in legend
    plt.close(fig)


def test_vietnamese_decimal_comma_on_the_stacked_bars():
    fig = registry.figure("01-ratings-tccsd-stacked", "vi")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "72,25%" in texts and "0,58%" in texts
    plt.close(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_members_stacked_has_one_bar_per_year(lang, members):
    fig = registry.figure("01-ratings-members-stacked", lang)
    ax = fig.axes[0]
    assert len(ax.patches) == len(members)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2016", "2017", "2018", "2019", "2020"]
    tops = _bar_tops(ax)
    assert all(abs(t - 100) < 0.05 for t in tops.values())
    plt.close(fig)


def test_tccsd_lines_are_broken_at_2018():
    fig = registry.figure("01-ratings-tccsd-lines", "vi")
    assert len(fig.axes) == 4
    for ax, tier in zip(fig.axes, ("htxsnv", "httnv", "htnv", "khong_htnv")):
        drawn = [line for line in ax.lines if len(line.get_xdata()) > 0 and line.get_linestyle() != "--"]
        # two crosswalks on 2016–2017, one series on 2018–2020; no line crosses 2017.5
        assert len(drawn) == 3
        for line in drawn:
            xs = list(line.get_xdata())
            assert max(xs) < 2017.5 or min(xs) > 2017.5
            assert to_hex(line.get_color()) == ch.colour_for(tier)
    top = fig.axes[0]
    old_values = sorted(
        round(float(v), 2) for line in top.lines for v in line.get_ydata() if len(line.get_xdata()) == 2
    )
    assert 54.18 in old_values and 12.1 in old_values
    plt.close(fig)


def test_members_lines_one_panel_per_rating(members):
    fig = registry.figure("01-ratings-members-lines", "en")
    assert [ax.get_title(loc="left") for ax in fig.axes] == [
        "Excellent",
        "Good",
        "Fulfilled",
        "Not fulfilled",
    ]
    htnv = fig.axes[2]
    ys = [float(v) for line in htnv.lines if line.get_linestyle() == "-" for v in line.get_ydata()]
    expected = members[members["rating"] == "htnv"]["share_pct"].astype(float).tolist()
    assert ys == expected
    plt.close(fig)


def test_implied_counts_chart_plots_the_solutions(solved):
    data = registry.chart_data("01-ratings-implied-counts", "vi")
    rated = data[(data["subject"] == "tccsd") & (data["kind"] == "rated")]
    assert (
        rated["count"].tolist()
        == solved.groupby("year", observed=True)["n_rated"].first().astype(float).tolist()
    )
    fig = registry.figure("01-ratings-implied-counts", "vi")
    left, right = fig.axes[:2]
    assert [t.get_text() for t in left.get_xticklabels()] == [
        "8-2016",
        "2016",
        "2017",
        "2018",
        "2019",
        "2020",
        "2021",
    ]
    texts = [t.get_text() for t in right.texts]
    assert any("27.237" in t for t in texts) and "29.651" in texts
    plt.close(fig)


def test_rating_guidance_of_2018_covers_members_too():
    guidance = rt.list_rating_guidance()
    assert guidance["location"].eq("fn9").all()
    new_2018 = guidance[guidance["year"] == 2018]
    assert set(new_2018["number"]) == {"16-HD/BTCTW", "03-HD/TU"}
    assert new_2018["covers_members"].all() and new_2018["covers_organisations"].all()
    for lang in ("vi", "en"):
        text = registry.takeaway("01-ratings-members-lines", lang)
        assert all(number in text for number in new_2018["number"])


def test_implied_counts_takeaway_says_the_number_rated_rose_before_it_fell():
    data = registry.chart_data("01-ratings-implied-counts", "vi")
    org = data[(data["subject"] == "tccsd") & (data["kind"] == "rated")].reset_index(drop=True)
    assert org["count"].iloc[1] > org["count"].iloc[0]  # 2017 above 2016
    peak = org.loc[org["count"].idxmax()]
    assert ch.format_number(peak["count"], "vi") in registry.takeaway("01-ratings-implied-counts", "vi")


# --- labels, findings and the tables the notebook shows --------------------------------------------


def test_labels_of_derived_codes_come_from_the_label_blocks():
    from nq03lib.data.labels import VALUE_LABELS

    for code in rt.EXTRA_RATINGS:
        assert (rt.label_rating(code, "vi"), rt.label_rating(code, "en")) == VALUE_LABELS[code]
    for name in rt.CROSSWALKS:
        assert rt.label_crosswalk(name, "en") == VALUE_LABELS[name][1]
    with pytest.raises(KeyError):
        rt.label_rating("tsvn")
    with pytest.raises(KeyError, match="unknown crosswalk"):
        rt.label_crosswalk("nope")
    with pytest.raises(ValueError, match="lang"):
        rt.label_rating("htnv", "fr")


@pytest.fixture(scope="module")
def tables():
    return registry.frames()


def test_one_decimal_shares_recompute_to_a_trailing_zero(org, solved):
    counts = rt.tabulate_organisation_counts(solved, "tsvm")
    table = rt.list_one_decimal_shares(org, counts)
    assert len(table) >= 1 and table["fits_two_decimals"].all()
    for _, r in table.iterrows():
        base = (
            r["n_rated"]
            if r["rating"] != "tsvmtb"
            else counts.set_index(["year", "rating"]).loc[(r["year"], "tsvm"), "count"]
        )
        assert r["base_count"] == base
        assert round(100 * r["count"] / base, 2) == pytest.approx(float(r["share_pct"]))


def test_only_the_full_size_2018_total_matches_fn17(org, tables):
    bounds = rt.bound_organisation_stock(
        derive.reconcile_flows(tables["restructuring"], tables["organisations"])
    )
    totals = rt.list_rated_totals(org, bounds)
    table = rt.compare_2018_totals_with_fn17(totals, tables["failing_counts"])
    assert table["n_rated_2018"].tolist() == totals.loc[totals["year"] == "2018", "n_rated"].tolist()
    matching = table.loc[table["difference_count"] == 0, "n_rated_2018"].tolist()
    within = totals.loc[(totals["year"] == "2018") & totals["within_stock_bounds"], "n_rated"].tolist()
    assert matching == within and len(matching) == 1


def test_named_failing_organisations_against_fn17(solved, tables):
    failing = tables["failing_counts"]
    table = rt.compare_named_failing(
        tables["unit_mentions"], rt.compare_failing_organisations(solved, failing), failing
    ).iloc[0]
    mentions = tables["unit_mentions"]
    assert table["named_fn16_count"] == len(
        mentions[(mentions["location"] == "fn16") & mentions["organisation"].notna()]
    )
    assert table["failing_fn17_count"] == int(
        failing.loc[failing["subject"] != "dang_vien", "failing_count"].sum()
    )
    assert table["named_fn16_count"] < table["failing_fn17_count"]


def test_top_tier_under_each_reading_of_tsvmtb(org):
    table = rt.compare_top_tier_by_base(org, "tsvm").set_index("tsvmtb_base")
    assert list(table.index) == ["tsvm", "all"]
    assert table.loc["all", "2017"] == _printed(org, "2017", "tsvmtb")
    assert table.loc["tsvm", "2017"] == round(
        _printed(org, "2017", "tsvm") * _printed(org, "2017", "tsvmtb") / 100, 2
    )
    for base in ("tsvm", "all"):
        assert table.loc[base, "break_step_pp"] == pytest.approx(
            table.loc[base, "2018"] - table.loc[base, "2017"]
        )
    # the direction of the step depends on the reading
    assert table.loc["tsvm", "break_step_pp"] > 0 > table.loc["all", "break_step_pp"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_findings_are_computed_from_the_tables(lang, tables, solved):
    lines = rt.list_findings(tables, lang)
    assert len(lines) == len(rt.FINDINGS)
    per_year = solved.groupby("year", observed=True)["n_rated"].first()
    assert all(f"{ch.format_number(n, lang)} ({y})" in lines[1] for y, n in per_year.items())
    members = int(tables["membership"].query("dimension == 'tong'")["member_count"].iloc[0])
    assert ch.format_number(members, lang) in lines[3]
    assert "16-HD/BTCTW" in lines[6]
    changed = dict(tables)
    mentions = tables["unit_mentions"]
    first_named = mentions.index[mentions["location"] == "fn16"][0]
    changed["unit_mentions"] = mentions.drop(index=first_named)  # one organisation fewer named in fn16
    assert rt.list_findings(changed, lang)[7] != lines[7]


def test_vietnamese_findings_and_takeaways_say_chu_thich_not_fn(tables):
    texts = rt.list_findings(tables, "vi") + [registry.takeaway(name, "vi") for name in CHARTS]
    assert not [t for t in texts if re.search(r"\bfn\d", t)]
    assert any("chú thích 9" in t for t in texts)
    assert "tăng từ" in rt.list_findings(tables, "vi")[3]


def test_chart_data_come_from_the_frames_it_is_given(tables):
    members = tables["ratings_members"].copy()
    row = (members["year"] == "2019") & (members["rating"] == "htxsnv")
    members.loc[row, "share_pct"] = 13.5
    data = registry.get("01-ratings-members-stacked").compute({**tables, "ratings_members": members}, "vi")
    assert (
        float(data.loc[(data["year"] == "2019") & (data["rating"] == "htxsnv"), "share_pct"].iloc[0]) == 13.5
    )


def test_members_lines_list_the_guidance_issued_each_year():
    data = registry.chart_data("01-ratings-members-lines", "vi")
    guidance = rt.list_rating_guidance()
    for year, group in data.groupby("year", observed=True):
        issued = guidance.loc[guidance["covers_members"] & (guidance["year"] == int(str(year))), "number"]
        expected = ", ".join(issued) if len(issued) else None
        values = set(group["new_guidance"].dropna())
        assert values == ({expected} if expected else set()), year


def test_members_rated_say_how_much_the_four_shares_narrow(members):
    failing = nq.load("failing_counts")
    table = rt.compare_members_rated(derive.implied_members_rated(members, failing), nq.load("membership"))
    narrowed = table.set_index("year")["narrowed_by_count"]
    widths = table.set_index("year")
    single = widths["single_max_count"] - widths["single_min_count"]
    both = widths["rated_max_count"] - widths["rated_min_count"]
    assert (narrowed == single - both).all() and (narrowed >= 0).all()


def test_the_crosswalk_matrix_follows_the_data():
    matrix = rt.pivot_crosswalks("old")
    assert list(matrix.columns) == list(rt.CROSSWALKS)
    assert list(matrix.index) == [c for c in rt.PART_ORDER if c in rt.CROSSWALKS["primary"]["old"]]
    for name, spec in rt.CROSSWALKS.items():
        assert matrix[name].to_dict() == spec["old"]
    with pytest.raises(ValueError):
        rt.pivot_crosswalks("both")
