"""Village leadership (notebook 05): trajectory, targets, the evidence for the pp reading, and its charts."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

import nq03lib as nq
from nq03lib.analysis import village
from nq03lib.charts import registry
from nq03lib.charts import theme as ch

RATES = nq.load("rates")
CHANGES = nq.load("stated_changes")


def _rate(indicator, area="toan_tinh", period="2021"):
    r = RATES[(RATES["indicator"] == indicator) & (RATES["area"] == area) & (RATES["period"] == period)]
    return float(r["share_pct"].iloc[0])


def _change(indicator, reference, area="toan_tinh"):
    c = CHANGES[
        (CHANGES["indicator"] == indicator) & (CHANGES["reference"] == reference) & (CHANGES["area"] == area)
    ]
    return float(c["value_pct"].iloc[0])


@pytest.mark.parametrize("reading", ["pp", "relative"])
def test_trajectory_rebuilds_each_date_from_the_printed_change(reading):
    path = village.build_trajectory(CHANGES, RATES, reading).set_index(["indicator", "period"])
    for indicator in village.INDICATORS:
        now = _rate(indicator)
        assert path.loc[(indicator, "2021"), "share_pct"] == now
        assert path.loc[(indicator, "2021"), "source"] == "printed"
        for ref in ("2016-08", "2019-09"):
            x = _change(indicator, ref)
            expected = now - x if reading == "pp" else now / (1 + x / 100)
            assert path.loc[(indicator, ref), "share_pct"] == pytest.approx(expected, abs=1e-3)
            assert path.loc[(indicator, ref), "source"] == "implied"
    assert len(path) == 6


def test_trajectory_refuses_a_fall_that_the_report_calls_a_rise():
    bad = CHANGES.copy()
    row = (bad["indicator"] == "bi_thu_kiem_thon_truong") & (bad["reference"] == "2019-09")
    bad.loc[row, "value_pct"] = 35.0  # 9-2019 would sit below 8-2016
    with pytest.raises(ValueError, match="do not rise"):
        village.build_trajectory(bad, RATES, "pp")


def test_targets_under_pp_are_current_minus_the_overshoot():
    t = village.collect_targets(CHANGES, RATES, "pp").set_index(["indicator", "reference"])
    heads = _rate("thon_truong_la_dang_vien")
    assert t.loc[("thon_truong_la_dang_vien", "muc_tieu_nq03"), "target_pct"] == pytest.approx(
        heads - _change("thon_truong_la_dang_vien", "muc_tieu_nq03")
    )
    sec = _rate("bi_thu_kiem_thon_truong")
    row = t.loc[("bi_thu_kiem_thon_truong", "muc_tieu_nq01_2021")]
    assert row["target_pct"] == pytest.approx(
        100 * sec / _change("bi_thu_kiem_thon_truong", "muc_tieu_nq01_2021"), abs=1e-3
    )
    assert row["gap_pp"] < 0 and row["attainment_pct"] == pytest.approx(96.2, abs=0.01)
    assert (t.loc[("thon_truong_la_dang_vien", slice(None)), "gap_pp"] > 0).all()


def test_only_the_pp_reading_passes_every_check():
    checks = village.assess_readings(CHANGES, RATES)
    by_reading = checks.groupby("reading")["consistent"].agg(["all", "any"])
    assert by_reading.loc["pp", "all"]
    assert not by_reading.loc["relative", "any"]
    # households: the 8-2016 share from the printed counts 10.064/11.436 (fn13)
    hh = checks[checks["check"] == "households_baseline"].set_index("reading")
    assert hh.loc["pp", "reference_pct"] == pytest.approx(100 * 10064 / 11436, abs=1e-4)
    assert hh.loc["relative", "value_pct"] == pytest.approx(90.27 / 1.0227, abs=1e-3)
    assert set(checks["check"]) == {
        "households_baseline",
        "secretaries_target_two_ways",
        "round_target:muc_tieu_nq03",
        "round_target:muc_tieu_nq01_2021",
    }


def test_compare_readings_has_both_values_and_their_shift():
    table = village.compare_readings(CHANGES, RATES)
    assert len(table) == 8
    assert (table["shift_pp"] == (table["relative_pct"] - table["pp_pct"]).round(4)).all()
    dat = table[table["statement"] == "dat_so_voi"]
    assert (dat["shift_pp"] == 0).all()
    assert (table.loc[table["statement"] != "dat_so_voi", "shift_pp"] > 0).all()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_trajectory_chart_draws_two_lines_and_three_targets(lang):
    data = registry.chart_data("05-village-heads-trajectory", lang)
    fig = registry.figure("05-village-heads-trajectory", lang)
    ax = fig.axes[0]
    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 3]
    assert len(lines) == 2
    for ln, code in zip(lines, village.INDICATORS):
        expected = data[(data["indicator"] == code) & (data["series"] == "share")]["share_pct"].tolist()
        assert list(ln.get_ydata()) == pytest.approx(expected)
    target_lines = [ln for ln in ax.get_lines() if ln.get_linestyle() in ("--", ":")]
    assert len(target_lines) == int((data["series"] == "target").sum()) == 3
    texts = [t.get_text() for t in ax.texts]
    assert ch.format_pct(_rate("thon_truong_la_dang_vien"), lang) in texts
    plt.close(fig)


def test_sensitivity_chart_has_a_dumbbell_per_quantity():
    data = registry.chart_data("05-village-heads-reading-sensitivity", "vi")
    fig = registry.figure("05-village-heads-reading-sensitivity", "vi")
    assert len(fig.axes) == 2
    n_points = sum(len(c.get_offsets()) for ax in fig.axes for c in ax.collections)
    assert n_points == 2 * len(data)
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert labels == data["row_label"].tolist()
    assert any("Kon Tum" in lab for lab in labels)
    plt.close(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_districts_chart_bars_and_colours(lang):
    data = registry.chart_data("05-village-heads-districts", lang)
    fig = registry.figure("05-village-heads-districts", lang)
    heads_ax, sec_ax = fig.axes[:2]
    rates = data[data["kind"] == "rate"]
    for ax, code in zip((heads_ax, sec_ax), village.INDICATORS):
        part = rates[rates["indicator"] == code]
        widths = [p.get_width() for p in ax.patches]
        assert widths == pytest.approx(part["share_pct"].tolist())
        colours = [to_hex(p.get_facecolor()) for p in ax.patches]
        assert colours == part["colour"].tolist()
    # Ngọc Hồi in the shortfall colour, Kon Tum city in the exemplary colour
    assert rates.set_index(["indicator", "area"]).loc[
        ("thon_truong_la_dang_vien", "ngoc_hoi"), "colour"
    ] == ch.colour_for("han_che")
    assert rates.set_index(["indicator", "area"]).loc[
        ("bi_thu_kiem_thon_truong", "tp_kon_tum"), "colour"
    ] == ch.colour_for("dien_hinh")
    assert int((data["kind"] == "named_without_rate").sum()) == 9
    texts = " ".join(t.get_text() for t in heads_ax.texts)
    assert "9" in texts and "fn6" in texts
    plt.close(fig)
