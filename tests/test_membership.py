"""Membership and recruitment (II.2, II.4, II.5): derived quantities and the charts of notebook 02."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import nq03lib as nq
from nq03lib.analysis import membership as mb
from nq03lib.charts import registry
from nq03lib.charts import theme as ch
from nq03lib.data.schema import CATEGORIES
from nq03lib.data.source import fold, load_report, source_record

MEM = nq.load("membership")
ORG = nq.load("organisations")
REC = nq.load("recruitment")


def _members(group):
    return int(MEM.loc[MEM["group"] == group, "member_count"].iloc[0])


def _recruits(group, period="2016-08/2021"):
    rows = REC[(REC["group"] == group) & (REC["period"] == period)]
    return int(rows["recruit_count"].iloc[0])


def _tccsd(org_type):
    rows = ORG[(ORG["period"] == "2021") & (ORG["entity"] == "tccsd") & (ORG["org_type"] == org_type)]
    return int(rows["count"].iloc[0])


M_TOTAL = _members("tat_ca")
R_TOTAL = _recruits("tat_ca")


# --- recruitment window ----------------------------------------------------------------------


def test_recruitment_window_is_the_report_s_own_since_the_resolution_to_the_report():
    w = mb.read_recruitment_window()
    report = load_report()
    assert w["quote"] in report.text_at("II.5") and w["location"] == "II.5"
    assert "Nghị quyết số 03-NQ/TU, ngày 08-8-2016" in report.text_at(w["start_location"])
    assert w["start"] == "2016-08-08" and w["end"] == source_record("bc124-2021")["date"]
    days = (pd.Timestamp(w["end"]) - pd.Timestamp(w["start"])).days
    assert w["days"] == days
    assert w["months"] == pytest.approx(61.7, abs=0.05)  # not fn22's 60 months
    assert w["years"] == pytest.approx(days / 365.25)


def test_fn22_window_belongs_to_another_statement_and_is_shorter():
    fn22 = mb.read_footnote_window()
    assert fn22["quote"] in load_report().text_at("fn22")
    months = (pd.Period(fn22["end"], "M") - pd.Period(fn22["start"], "M")).n + 1
    assert fn22["months"] == months == 60
    assert fn22["months"] < mb.read_recruitment_window()["months"]


def test_footnote_window_fails_where_no_window_is_printed():
    with pytest.raises(ValueError, match="no 'từ tháng"):
        mb.read_footnote_window("fn1")


# --- members per TCCSĐ -----------------------------------------------------------------------


def test_members_per_tccsd_divides_members_by_organisations_of_the_same_type():
    out = mb.count_members_per_tccsd(MEM, ORG).set_index("org_type")
    assert list(out.index.astype(str)) == [*[c for c in CATEGORIES["org_type"] if c != "tat_ca"], "tat_ca"]
    for code in mb.ORG_TYPES:
        assert out.loc[code, "members_per_tccsd"] == pytest.approx(_members(code) / _tccsd(code))
    assert out.loc["tat_ca", "members_per_tccsd"] == pytest.approx(M_TOTAL / _tccsd("tat_ca"))
    assert out.loc["tat_ca", "vs_average_ratio"] == pytest.approx(1.0)
    # the types are the whole: their members per organisation, weighted by organisations, give the total
    types = out.drop(index="tat_ca")
    assert float((types["members_per_tccsd"] * types["tccsd_count"]).sum()) == pytest.approx(M_TOTAL)


def test_members_per_tccsd_refuses_types_that_do_not_match():
    with pytest.raises(ValueError, match="types do not match"):
        mb.count_members_per_tccsd(MEM, ORG[ORG["org_type"] != "doanh_nghiep"])


def test_members_per_tccsd_refuses_an_empty_type():
    org = ORG.copy()
    org.loc[(org["entity"] == "tccsd") & (org["org_type"] == "doanh_nghiep"), "count"] = 0
    with pytest.raises(ValueError, match="no TCCSĐ to divide by"):
        mb.count_members_per_tccsd(MEM, org)


# --- recruits against the stock --------------------------------------------------------------


def test_representation_ratio_from_counts_and_from_printed_shares():
    out = mb.compare_recruits_with_members(MEM, REC).set_index("group")
    assert list(out.index.astype(str)) == list(mb.GROUPS)
    for g in mb.GROUPS:
        expected = (_recruits(g) / R_TOTAL) / (_members(g) / M_TOTAL)
        assert out.loc[g, "ratio"] == pytest.approx(expected)
        printed_m = float(MEM.loc[MEM["group"] == g, "share_pct"].iloc[0])
        printed_r = float(REC.loc[REC["group"] == g, "share_pct"].iloc[0])
        assert out.loc[g, "ratio_printed"] == pytest.approx(printed_r / printed_m)
        assert abs(out.loc[g, "ratio"] - out.loc[g, "ratio_printed"]) <= out.loc[g, "ratio_tolerance"]
    # recomputed shares stay within the printed rounding (31,1 has one decimal, 35,57 two)
    assert (out["member_share_pct"] - out["member_share_printed_pct"]).abs().max() <= 0.05
    assert list(out["member_share_decimals"]) == [1, 2, 2, 2]


def test_stock_is_the_mix_of_earlier_members_and_recruits():
    out = mb.compare_recruits_with_members(MEM, REC).set_index("group")
    for g in ("dtts", "nu", "co_ton_giao"):
        mixed = (
            out.loc[g, "earlier_share_pct"] * (M_TOTAL - R_TOTAL) + out.loc[g, "recruit_share_pct"] * R_TOTAL
        ) / M_TOTAL
        assert mixed == pytest.approx(out.loc[g, "member_share_pct"])
    # youth-union status changes with age: no 'earlier members' comparison for it
    assert pd.isna(out.loc["doan_vien", "earlier_share_pct"])
    assert bool(out.loc["doan_vien", "age_dependent"])


def test_comparison_raises_when_printed_shares_and_counts_disagree():
    rec = REC.copy()
    row = rec["group"] == "nu"
    rec.loc[row, "share_pct"] = 50.44
    rec.loc[row, "quote"] = rec.loc[row, "quote"].str.replace("46,44", "50,44")
    with pytest.raises(ValueError, match="disagree beyond the printed rounding"):
        mb.compare_recruits_with_members(MEM, rec)


def test_recruitment_summary_pace_and_weights():
    w = mb.read_recruitment_window()
    out = mb.summarise_recruitment(REC, MEM, w).set_index("period")
    assert out.loc["2016-08/2021", "recruits_per_year"] == pytest.approx(R_TOTAL / w["years"])
    term = _recruits("tat_ca", "2020/2021")
    assert out.loc["2020/2021", "share_of_window_pct"] == pytest.approx(100 * term / R_TOTAL)
    assert out.loc["2016-08/2021", "share_of_2021_members_pct"] == pytest.approx(100 * R_TOTAL / M_TOTAL)
    assert pd.isna(out.loc["2020/2021", "recruits_per_year"])  # the term's start date is not printed


# --- composition scenario --------------------------------------------------------------------


def test_scenario_mixes_the_stock_with_k_years_of_recruits():
    comp = mb.compare_recruits_with_members(MEM, REC)
    out = mb.project_composition(comp, 5.0, (0, 10, 10**7)).set_index(["group", "years_ahead"])
    for g in mb.GROUPS:
        assert out.loc[(g, 0), "share_pct"] == pytest.approx(100 * _members(g) / M_TOTAL)
        by_hand = 100 * (_members(g) + 10 * _recruits(g) / 5) / (M_TOTAL + 10 * R_TOTAL / 5)
        assert out.loc[(g, 10), "share_pct"] == pytest.approx(by_hand)
        # far ahead, the stock looks like the recruits
        assert out.loc[(g, 10**7), "share_pct"] == pytest.approx(100 * _recruits(g) / R_TOTAL, abs=0.01)


def test_scenario_rejects_bad_parameters():
    comp = mb.compare_recruits_with_members(MEM, REC)
    with pytest.raises(ValueError, match="window_years must be positive"):
        mb.project_composition(comp, 0)
    with pytest.raises(ValueError, match="years_ahead"):
        mb.project_composition(comp, 5.0, (10, 5))


def test_recruitment_windows_give_the_pace_of_each_window():
    windows = [mb.read_recruitment_window(), mb.read_footnote_window("fn22")]
    out = mb.compare_recruitment_windows(REC, windows)
    assert list(out["location"]) == ["II.5", "fn22"]
    assert list(out["recruits_per_year"]) == pytest.approx([R_TOTAL / w["years"] for w in windows])
    assert out["recruits_per_year"].iloc[1] > out["recruits_per_year"].iloc[0]  # the shorter window is faster


def test_enterprises_and_religion_keep_missing_what_the_report_does_not_print():
    per = mb.count_members_per_tccsd(MEM, ORG)
    out = mb.summarise_enterprises_and_religion(per, mb.compare_recruits_with_members(MEM, REC))
    out = out.set_index("what")
    assert out.loc[mb.ENTERPRISES, "member_count"] == _members("doanh_nghiep")
    assert out.loc[mb.ENTERPRISES, "members_per_tccsd"] == pytest.approx(
        _members("doanh_nghiep") / _tccsd("doanh_nghiep")
    )
    assert out.loc[mb.RELIGIOUS, "recruit_count"] == _recruits("co_ton_giao")
    assert pd.isna(out.loc[mb.ENTERPRISES, "recruit_count"])  # no recruits by type of organisation
    assert pd.isna(out.loc[mb.RELIGIOUS, "members_per_tccsd"])


# --- findings --------------------------------------------------------------------------------

FRAMES = {"membership": MEM, "recruitment": REC, "organisations": ORG}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_findings_are_computed_in_the_reader_s_language(lang):
    lines = mb.list_findings(FRAMES, lang)
    assert len(lines) == 2 + len(mb.GROUPS) + 1
    assert ch.format_number(R_TOTAL, lang) in lines[0]
    assert ch.format_number(M_TOTAL, lang) not in lines[0]  # the recruits, as a share of the stock
    share = ch.format_pct(100 * R_TOTAL / M_TOTAL, lang, 1)
    assert share in lines[0]
    pace = ch.format_number(R_TOTAL / mb.read_recruitment_window()["years"], lang)
    assert f"{pace} " in lines[0]
    per_commune = ch.format_number(_members("xa_phuong_thi_tran") / _tccsd("xa_phuong_thi_tran"), lang, 1)
    assert per_commune in lines[1]
    for line, g in zip(lines[2:], mb.GROUPS):
        assert line.startswith(nq.label("group", g, lang) + ":")
    assert all("{" not in line and "}" not in line for line in lines)


def test_findings_refuse_frames_of_two_sources():
    other = MEM.copy()
    other["source_id"] = "bc-khac"
    with pytest.raises(ValueError, match="one source document"):
        mb.list_findings({**FRAMES, "membership": pd.concat([MEM, other])}, "vi")


# --- quotes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "words", "unit"),
    [
        ("fn22", "chức sắc", "sentence"),
        ("III.2", "phát triển đảng viên chưa đồng đều", "bullet"),
        ("III.3", "Doanh nghiệp tư nhân", "bullet"),
        ("III.3", "doanh nghiep tu nhan", "sentence"),
    ],
)
def test_quote_passage_returns_the_report_own_words(location, words, unit):
    text = mb.quote_passage(location, words, unit)
    assert text in load_report().text_at(location)
    assert fold(words) in fold(text)
    assert " - " not in text  # one bullet at most


def test_quote_passage_refuses_ambiguous_or_missing_words():
    with pytest.raises(ValueError, match="expected exactly one"):
        mb.quote_passage("III.3", "đảng viên")
    with pytest.raises(ValueError, match="expected exactly one"):
        mb.quote_passage("fn22", "không có câu này")
    with pytest.raises(ValueError, match="unit must be"):
        mb.quote_passage("fn22", "chức sắc", "paragraph")


# --- charts ----------------------------------------------------------------------------------


def _hex(patch):
    return to_hex(patch.get_facecolor())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_composition_chart_has_a_bar_per_group_and_type(lang):
    data = registry.chart_data("02-membership-composition", lang)
    fig = registry.figure("02-membership-composition", lang)
    ax = fig.axes[0]
    codes = [*mb.GROUPS, *mb.ORG_TYPES]
    assert len(ax.patches) == len(codes)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [ch.category_labels("group", lang)[g] for g in codes]
    assert [_hex(p) for p in ax.patches] == [ch.colour_for(g) for g in codes]
    widths = [p.get_width() for p in ax.patches]
    assert widths == pytest.approx([float(MEM.loc[MEM["group"] == g, "share_pct"].iloc[0]) for g in codes])
    assert sum(widths[len(mb.GROUPS) :]) == pytest.approx(100, abs=0.05)  # the types add to 100 %
    assert data["share_pct"].tolist() == pytest.approx(
        [100 * _members(g) / M_TOTAL for g in codes], abs=0.005
    )
    plt.close(fig)


def test_composition_labels_keep_the_printed_decimals():
    fig = registry.figure("02-membership-composition", "vi")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "31,1% (9.220)" in texts and "35,57% (10.547)" in texts
    plt.close(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_members_per_tccsd_chart(lang):
    fig = registry.figure("02-members-per-tccsd-by-type", lang)
    ax = fig.axes[0]
    assert len(ax.patches) == len(mb.ORG_TYPES) + 1
    widths = [p.get_width() for p in ax.patches]
    expected = [_members(c) / _tccsd(c) for c in mb.ORG_TYPES] + [M_TOTAL / _tccsd("tat_ca")]
    assert widths == pytest.approx(expected, abs=0.005)
    assert [_hex(p) for p in ax.patches] == [ch.colour_for(c) for c in [*mb.ORG_TYPES, "tat_ca"]]
    if lang == "vi":
        assert any(t.get_text().startswith("185,3") for t in ax.texts)
    plt.close(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_recruits_vs_members_chart_pairs_the_two_shares(lang):
    fig = registry.figure("02-recruits-vs-members", lang)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * len(mb.GROUPS)
    pairs = [ax.patches[i : i + 2] for i in range(0, len(ax.patches), 2)]
    for g, (members, recruits) in zip(mb.GROUPS, pairs):
        assert members.get_width() == pytest.approx(float(MEM.loc[MEM["group"] == g, "share_pct"].iloc[0]))
        assert recruits.get_width() == pytest.approx(float(REC.loc[REC["group"] == g, "share_pct"].iloc[0]))
        assert _hex(recruits) == ch.colour_for(g)
        assert _hex(members) != ch.colour_for(g)  # the stock is the lighter shade
        assert members.get_y() > recruits.get_y()  # members above recruits
    assert len(ax.get_legend().get_texts()) == 2
    plt.close(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_representation_ratio_chart_has_the_reference_line_at_one(lang):
    fig = registry.figure("02-representation-ratio", lang)
    ax = fig.axes[0]
    widths = [p.get_width() for p in ax.patches]
    expected = [(_recruits(g) / R_TOTAL) / (_members(g) / M_TOTAL) for g in mb.GROUPS]
    assert widths == pytest.approx(expected, abs=1e-4)
    assert any(list(line.get_xdata()) == [1.0, 1.0] for line in ax.lines)
    if lang == "vi":
        assert any(t.get_text().startswith("3,60") for t in ax.texts)
    plt.close(fig)


@pytest.mark.parametrize(("lang", "size"), [("vi", "notebook"), ("en", "notebook"), ("vi", "16:9")])
def test_scenario_chart_has_a_panel_per_group(lang, size):
    data = registry.chart_data("02-composition-scenario", lang)
    fig = registry.figure("02-composition-scenario", lang, size)
    assert len(fig.axes) == len(mb.GROUPS)
    for ax, g in zip(fig.axes, mb.GROUPS):
        path, limit = ax.lines[0], ax.lines[1]
        part = data[data["group"] == g]
        assert list(path.get_ydata()) == pytest.approx(part["share_pct"].tolist())
        assert path.get_color() == ch.colour_for(g)
        assert limit.get_ydata()[0] == pytest.approx(100 * _recruits(g) / R_TOTAL, abs=0.005)
    plt.close(fig)


@pytest.mark.parametrize(
    "name", ["02-recruits-vs-members", "02-representation-ratio", "02-composition-scenario"]
)
def test_youth_union_caveat_is_on_the_chart(name):
    fig = registry.figure(name, "vi")
    notes = " ".join(t.get_text() for t in fig.texts)
    assert "thời điểm kết nạp" in notes
    plt.close(fig)


def test_every_chart_of_the_notebook_has_both_takeaways():
    names = registry.list_charts(notebook="02-membership-recruitment")["chart"].tolist()
    assert {
        "02-membership-composition",
        "02-members-per-tccsd-by-type",
        "02-recruits-vs-members",
        "02-representation-ratio",
        "02-composition-scenario",
    } <= set(names)
    for name in names:
        for lang in ("vi", "en"):
            text = registry.takeaway(name, lang)
            assert text.endswith(".") and "(*)" not in text
