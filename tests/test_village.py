"""Village leadership (notebook 05): trajectory, targets, the evidence for the pp reading, and its charts."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

import nq03lib as nq
from nq03lib.analysis import village
from nq03lib.analysis.districts import format_location
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
    assert "9" in texts and format_location("fn6", lang) in texts.replace("\n", " ")
    assert "fn6" not in texts
    plt.close(fig)


# --- the 874 villages before the reorganisation: which date do they fit? -------------------------

ORG = nq.load("organisations")
RES = nq.load("restructuring")


def _fits():
    return village.fit_village_counts(CHANGES, RATES, ORG, RES).set_index(
        ["reading", "reference", "indicator", "village_count"]
    )


def test_874_villages_fit_the_2019_shares_as_whole_numbers_and_not_the_2016_ones():
    fits = _fits()
    before = int(_stock_before())
    assert before == 756 + 118 == 874  # fn14: "còn 756 …, giảm 118"
    for indicator in village.INDICATORS:
        row_2019 = fits.loc[("pp", "2019-09", indicator, before)]
        row_2016 = fits.loc[("pp", "2016-08", indicator, before)]
        assert row_2019["fits"] and not row_2016["fits"]
        # recompute from the data: some k/874 is within the implied share's rounding in 2019, none in 2016
        k = [int(x) for x in row_2019["fitting_counts"].split(";")]
        assert all(
            abs(100 * x / before - row_2019["baseline_pct"]) <= row_2019["tolerance_pct"] + 1e-9 for x in k
        )
        assert not any(
            abs(100 * x / before - row_2016["baseline_pct"]) <= row_2016["tolerance_pct"] + 1e-9
            for x in range(before + 1)
        )
    assert fits.loc[("pp", "2019-09", "thon_truong_la_dang_vien", before), "fitting_counts"] == "473"
    assert fits.loc[("pp", "2019-09", "bi_thu_kiem_thon_truong", before), "fitting_counts"] == "85"


def test_874_fits_the_2019_shares_only_under_the_percentage_point_reading():
    fits = _fits()
    assert not fits.loc[("relative", "2019-09"), "fits"].xs(874, level="village_count").any()
    # and the 2021 count does not fit the 2019 shares under either reading
    assert not fits.xs("2019-09", level="reference").xs(756, level="village_count")["fits"].any()


def test_audit_dates_874_by_the_whole_number_fit():
    audit = nq.audit().set_index("relation_id")
    stem = "fit:restructuring:thon-before-reorganisation"
    for indicator in village.INDICATORS:
        assert audit.loc[f"{stem}/2019-09/{indicator}", "verdict"] == "holds"
        assert audit.loc[f"{stem}/2016-08/{indicator}", "verdict"] == "different bases or dates"


def test_village_counts_fitting_the_2016_shares_exclude_874():
    counts = village.list_fitting_village_counts(CHANGES, RATES, "2016-08")
    assert len(counts) and 874 not in set(counts["village_count"])
    base = village.build_trajectory(CHANGES, RATES, "pp").set_index(["indicator", "period"])["share_pct"]
    for row in counts.itertuples():
        for indicator in village.INDICATORS:
            assert (
                abs(100 * getattr(row, indicator) / row.village_count - base[(indicator, "2016-08")])
                <= 0.01 + 1e-9
            )


def _stock_before():
    from nq03lib.analysis import organisations

    v = organisations.imply_villages_before(ORG, RES).set_index("period")
    return v.loc[organisations.BEFORE_REORGANISATION, "village_count"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_district_takeaway_does_not_call_the_cited_districts_extremes(lang):
    text = registry.takeaway("05-village-heads-districts", lang)
    assert ("không nói đó là mức cao nhất" in text) if lang == "vi" else ("without calling them" in text)
    assert " từ 14,29%" not in text and "range from" not in text


def test_whole_villages_is_a_fourth_check_that_only_the_pp_reading_passes():
    checks = village.assess_readings(CHANGES, RATES, ORG, RES)
    whole = checks[checks["check"].str.startswith("whole_villages:")]
    assert len(whole) == 2 * len(village.INDICATORS)
    by_reading = whole.groupby("reading")["consistent"].agg(["all", "any"])
    assert by_reading.loc["pp", "all"] and not by_reading.loc["relative", "any"]
    # without the organisation tables the check is left out, not faked
    assert not village.assess_readings(CHANGES, RATES)["check"].str.startswith("whole_villages:").any()


# --- tables and findings for people ------------------------------------------------------------

FRAMES = {"rates": RATES, "stated_changes": CHANGES, "organisations": ORG, "restructuring": RES}


def test_the_household_change_equals_the_points_not_the_relative_change():
    row = village.compare_household_change(RATES, CHANGES).iloc[0]
    assert row["counts_2016_08_pct"] == pytest.approx(100 * 10064 / 11436)
    assert round(row["difference_pp"], 2) == row["stated_pct"] == _change("dang_vien_phu_trach_ho", "2016-08")
    assert round(row["relative_change_pct"], 2) != row["stated_pct"]


def test_gains_are_the_differences_of_the_trajectory():
    path = village.build_trajectory(CHANGES, RATES, "pp")
    gains = village.summarise_gains(path).set_index("indicator")
    for indicator in village.INDICATORS:
        levels = path[path["indicator"] == indicator].set_index("period")["share_pct"]
        assert gains.loc[indicator, "gain_2016_2019_pp"] == pytest.approx(
            levels["2019-09"] - levels["2016-08"]
        )
        assert gains.loc[indicator, "share_2021_pct"] == _rate(indicator)


def test_district_shares_are_whole_numbers_of_their_smallest_village_counts():
    bounds = village.bound_district_villages(RATES, 756)
    assert len(bounds) == 3
    for r in bounds.itertuples():
        for n in map(int, r.smallest_village_counts.split("; ")):
            assert any(abs(100 * k / n - r.share_pct) <= 0.005 + 1e-9 for k in range(n + 1))
    assert bounds.set_index("area").loc["kon_ray", "smallest_village_counts"] == "7; 14; 21; 28"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_check_has_a_label_in_the_language(lang):
    checks = village.assess_readings(CHANGES, RATES, ORG, RES)["check"]
    labels = village.label_checks(checks, lang)
    assert labels.notna().all() and not labels.str.contains("_").any()
    assert labels.nunique() == checks.nunique()
    with pytest.raises(ValueError, match="lang must be"):
        village.label_checks(checks, "fr")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_findings_are_computed_and_name_units_in_the_language(lang):
    lines = village.list_findings({**FRAMES, "unit_mentions": nq.load("unit_mentions")}, lang)
    text = "\n".join(lines)
    assert ch.format_pct(_rate("thon_truong_la_dang_vien"), lang) in lines[0]
    assert ch.format_pct(_rate("bi_thu_kiem_thon_truong"), lang) in lines[1]
    ngoc_hoi = ch.category_labels("area", lang)["ngoc_hoi"]
    assert ngoc_hoi in text
    if lang == "vi":
        assert "Ngoc Hoi" not in text and "chú thích 20" in text and "fn20" not in text
    assert "473/874" in text and "85/874" in text
    assert len(lines) == 8


def test_findings_refuse_an_unknown_language():
    with pytest.raises(ValueError, match="lang must be"):
        village.list_findings({**FRAMES, "unit_mentions": nq.load("unit_mentions")}, "fr")


def test_relation_labels_name_relations_the_audit_has():
    assert set(village.RELATION_LABELS) <= set(nq.audit()["relation_id"])
