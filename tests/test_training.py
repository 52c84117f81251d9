"""Notebook 06: implied baselines, households, residence floor, training figures, and their charts."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import nq03lib as nq
from nq03lib.analysis import training as tr
from nq03lib.charts import registry
from nq03lib.charts import theme as ch
from nq03lib.charts import training as ft

RATES = nq.load("rates")
CHANGES = nq.load("stated_changes")
CLASSES = nq.load("training_classes")
PARTS = nq.load("training_participants")


def _rate(indicator, period="2021", column="share_pct"):
    rows = RATES[
        (RATES["indicator"] == indicator) & (RATES["area"] == "toan_tinh") & (RATES["period"] == period)
    ]
    return rows[column].iloc[0]


def _change(indicator):
    return float(
        CHANGES.loc[(CHANGES["indicator"] == indicator) & (CHANGES["statement"] == "tang"), "value_pct"].iloc[
            0
        ]
    )


def test_baselines_follow_both_readings_from_first_principles():
    b = tr.compare_baselines(CHANGES, RATES).set_index("indicator")
    assert list(b.index) == list(tr.BASELINE_INDICATORS)
    for code in tr.BASELINE_INDICATORS:
        now, x = float(_rate(code)), _change(code)
        assert b.loc[code, "baseline_pp_pct"] == pytest.approx(now - x, abs=1e-4)
        assert b.loc[code, "baseline_relative_pct"] == pytest.approx(now / (1 + x / 100), abs=1e-3)
        assert b.loc[code, "reading_gap_pp"] > 0  # relative baseline is always higher for a rise


def test_only_the_pp_reading_matches_the_printed_households_baseline():
    b = tr.compare_baselines(CHANGES, RATES).set_index("indicator")
    counts = (
        100
        * _rate("dang_vien_phu_trach_ho", "2016-08", "numerator_count")
        / _rate("dang_vien_phu_trach_ho", "2016-08", "denominator_count")
    )
    assert b.loc["dang_vien_phu_trach_ho", "counts_baseline_pct"] == pytest.approx(counts, abs=1e-4)
    assert bool(b.loc["dang_vien_phu_trach_ho", "pp_matches_printed"]) is True
    assert bool(b.loc["dang_vien_phu_trach_ho", "relative_matches_printed"]) is False
    assert b["pp_matches_printed"].isna().sum() == len(b) - 1


def test_households_change_is_a_difference_of_shares():
    e = tr.explain_households_change(RATES, CHANGES).set_index("measure")
    assert e.loc["pp_change", "matches"] and not e.loc["relative_change", "matches"]
    assert not e.loc["assigned_growth", "matches"] and not e.loc["eligible_growth", "matches"]
    h = tr.summarise_households(RATES).set_index("period")
    assert h.loc["2021", "unassigned_count"] == _rate(
        "dang_vien_phu_trach_ho", "2021", "denominator_count"
    ) - _rate("dang_vien_phu_trach_ho", "2021", "numerator_count")


def test_residence_floor_flags_a_year_below_without_dropping_it():
    ok = tr.check_residence_floor(RATES, CHANGES)
    assert ok["meets_floor"].all() and len(ok) == 5
    assert ok["margin_pp"].min() == pytest.approx(ok["share_pct"].min() - 98)
    low = RATES.copy()
    low["share_pct"] = low["share_pct"].astype(float)
    low.loc[(low["indicator"] == tr.RESIDENCE) & (low["period"] == "2018"), "share_pct"] = 97.5
    flagged = tr.check_residence_floor(low, CHANGES).set_index("year")
    assert not flagged.loc["2018", "meets_floor"] and len(flagged) == 5


def test_classes_are_shares_of_the_printed_total():
    # that the levels add to the total is checked on load (a relation of the table)
    c = tr.summarise_classes(CLASSES)
    total = int(CLASSES.loc[CLASSES["training_level"] == "tat_ca", "class_count"].iloc[0])
    assert "tat_ca" not in set(c["training_level"].astype(str))
    assert c["class_count"].sum() == total
    assert c["share_pct"].sum() == pytest.approx(100, abs=0.05)
    assert list(c["share_pct"]) == pytest.approx([round(100 * n / total, 2) for n in c["class_count"]])


def test_participants_parts_add_to_each_programme():
    p = tr.summarise_participants(PARTS)
    for programme, group in p.groupby("programme", observed=True):
        printed = PARTS[(PARTS["programme"] == programme) & (PARTS["participant_kind"] == "tat_ca")]
        printed = printed[printed["area"].isin(["toan_tinh", "nhieu_don_vi"])]
        assert group["participant_count"].sum() == int(printed["participant_count"].iloc[0])
    assert "sa_thay" not in set(p.get("area", pd.Series(dtype=str)))
    # a programme printed without parts keeps its total as its only row
    contest = p[p["programme"] == "hoi_thi_bi_thu"]
    assert list(contest["participant_kind"].astype(str)) == ["tat_ca"]
    assert contest["share_pct"].tolist() == [100.0]


def test_contestants_per_committee():
    c = tr.count_contestants_per_committee(PARTS, RATES).iloc[0]
    assert c["contestants_per_committee"] == pytest.approx(
        c["contestant_count"] / c["committees_held_count"], abs=0.01
    )


def test_coverage_computes_a_share_only_where_none_is_printed():
    cov = tr.list_coverage(RATES).set_index("indicator")
    assert cov.loc["cap_uy_to_chuc_hoi_thi", "share_source"] == "computed"
    assert (cov.drop(index="cap_uy_to_chuc_hoi_thi")["share_source"] == "printed").all()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dumbbell_draws_each_indicator_with_both_readings(lang):
    data = registry.chart_data("06-indicators-baseline-vs-2021", lang)
    fig = registry.figure("06-indicators-baseline-vs-2021", lang)
    ax = fig.axes[0]
    points = [tuple(c.get_offsets()[0]) for c in ax.collections]
    xs = sorted(round(float(x), 4) for x, _ in points)
    expected = list(data["current_pct"]) + list(data["baseline_pp_pct"]) + list(data["baseline_relative_pct"])
    expected += list(data["counts_baseline_pct"].dropna())
    assert xs == sorted(round(float(v), 4) for v in expected)
    assert len(ax.get_yticklabels()) == len(data)
    assert ch.format_pct(data["baseline_pp_pct"].iloc[0], lang) in [t.get_text() for t in ax.texts]
    plt.close(fig)


def test_sensitivity_bars_are_the_reading_gaps():
    data = registry.chart_data("06-baselines-sensitivity", "vi")
    fig = registry.figure("06-baselines-sensitivity", "vi")
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert widths == pytest.approx(list(data["reading_gap_pp"]))
    plt.close(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_classes_chart_in_category_order(lang):
    data = registry.chart_data("06-training-classes-by-level", lang)
    fig = registry.figure("06-training-classes-by-level", lang)
    ax = fig.axes[0]
    ticks = sorted(zip(ax.get_yticks(), ax.get_yticklabels()), key=lambda t: -t[0])
    labels = [t.get_text() for _, t in ticks]  # top to bottom
    order = [
        ch.category_labels("training_level", lang)[c]
        for c in nq.load("training_classes")["training_level"].cat.categories
        if c != "tat_ca"
    ]
    assert labels == order
    assert sorted(p.get_width() for p in ax.patches) == sorted(data["class_count"].astype(float))
    plt.close(fig)


def test_participants_chart_has_a_panel_per_programme_and_kind_colours():
    data = registry.chart_data("06-training-participants-by-kind", "vi")
    fig = registry.figure("06-training-participants-by-kind", "vi")
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == data["programme"].nunique()
    bars = [p for ax in visible for p in ax.patches]
    assert len(bars) == len(data)
    from matplotlib.colors import to_rgb

    assert {to_rgb(p.get_facecolor()) for p in bars} == {
        to_rgb(ft.KIND_COLOURS[k]) for k in data["participant_kind"].astype(str)
    }
    plt.close(fig)


def test_residence_chart_draws_the_floor():
    data = registry.chart_data("06-residence-rating-2016-2020", "en")
    fig = registry.figure("06-residence-rating-2016-2020", "en")
    ax = fig.axes[0]
    line, floor = ax.lines[0], ax.lines[1]
    assert list(line.get_ydata()) == pytest.approx(list(data["share_pct"]))
    assert set(floor.get_ydata()) == {98.0}
    plt.close(fig)


def test_households_chart_counts_and_shares():
    data = registry.chart_data("06-households-2016-vs-2021", "vi")
    fig = registry.figure("06-households-2016-vs-2021", "vi")
    left, right = fig.axes[:2]
    tops = [p.get_y() + p.get_height() for p in left.patches[2:]]
    assert tops == pytest.approx(list(data["eligible_count"].astype(float)))
    assert [p.get_height() for p in right.patches] == pytest.approx(list(data["share_pct"]))
    assert [p.get_facecolor()[:3] for p in right.patches] == [
        ch.matplotlib.colors.to_rgb(ft.PERIOD_COLOURS[p]) for p in data["period"]
    ]
    plt.close(fig)


def test_training_takeaway_adds_only_the_courses_not_the_secretaries_inside_them_nor_the_contest():
    data = registry.chart_data("06-training-participants-by-kind", "vi")
    totals = data.groupby("programme", observed=True)["programme_total_count"].first()
    courses = int(totals["dao_tao_boi_duong"] + totals["nang_cao_nghiep_vu"])
    everything = int(totals.sum())
    text = registry.takeaway("06-training-participants-by-kind", "vi")
    assert ch.format_number(courses, "vi") in text
    assert ch.format_number(everything, "vi") not in text
    # the 50 follow "Trong đó" and stay within the courses: the audit checks it
    audit = nq.audit().set_index("relation_id")
    assert audit.loc["subset:training_participants:bi_thu_thon_moi-within-courses", "recomputed"] == courses
    assert audit.loc["subset:training_participants:bi_thu_thon_moi-within-courses", "verdict"] == "holds"


def test_membership_shares_fit_the_ii4_total_not_fn2s():
    base = tr.fit_member_shares_to_totals(nq.load("membership"), RATES)
    totals = base.attrs["totals"]
    assert totals["fn2"] == _rate("dang_vien_xay_dung_cam_ket", column="denominator_count")
    assert totals["II.4"] != totals["fn2"]
    assert base["fits_total_ii4"].all()
    assert 0 < base["fits_total_fn2"].sum() < len(base)
    # by hand for one group: 31,1% has one decimal
    dtts = base.set_index("group").loc["dtts"]
    assert dtts["share_decimals"] == 1
    assert bool(dtts["fits_total_fn2"]) == bool(round(100 * dtts["member_count"] / totals["fn2"], 1) == 31.1)


FRAMES = {
    "rates": RATES,
    "stated_changes": CHANGES,
    "training_classes": CLASSES,
    "training_participants": PARTS,
    "membership": nq.load("membership"),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_findings_are_computed_in_the_reader_s_language(lang):
    lines = tr.list_findings(FRAMES, lang)
    b = tr.compare_baselines(CHANGES, RATES)
    for line, (_, r) in zip(lines, b.iterrows()):
        assert line.startswith(nq.label("indicator", str(r["indicator"]), lang) + ":")
        assert (
            ch.format_pct(r["baseline_pp_pct"], lang) in line
            and ch.format_pct(r["current_pct"], lang) in line
        )
    text = "\n".join(lines)
    total = int(CLASSES.loc[CLASSES["training_level"] == "tat_ca", "class_count"].iloc[0])
    assert ch.format_number(total, lang) in text
    assert ch.format_number(_rate("dang_vien_xay_dung_cam_ket", column="denominator_count"), lang) in text
    assert "{" not in text and "_" not in text  # no template field and no code left


def test_findings_say_when_a_reading_other_than_points_fits():
    changes = CHANGES.copy()
    changes["value_pct"] = changes["value_pct"].astype(float)
    households = (changes["indicator"] == tr.HOUSEHOLDS) & (changes["statement"] == "tang")
    e = tr.explain_households_change(RATES, CHANGES).set_index("measure")
    changes.loc[households, "value_pct"] = round(float(e.loc["relative_change", "measured_pct"]), 2)
    lines = tr.list_findings({**FRAMES, "stated_changes": changes}, "en")
    assert any("relative change of the share (%)" in line for line in lines)
    assert not any("only the percentage-point reading" in line for line in lines)
