"""Inspections and discipline (notebook 07): the level gap, the splits, and the charts."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

import nq03lib as nq
from nq03lib.analysis import inspection
from nq03lib.charts import inspection as figures_inspection
from nq03lib.charts import registry
from nq03lib.data.labels import VALUE_LABELS
from nq03lib.data.source import load_report
from nq03lib.text import format_number, format_pct, pick

INSPECTIONS = nq.load("inspections")
DISCIPLINE = nq.load("discipline")


def _count(level, target, activity="kiem_tra_giam_sat"):
    i = INSPECTIONS
    rows = i[(i["level"] == level) & (i["target"] == target) & (i["activity"] == activity)]
    return int(rows["inspection_count"].iloc[0])


def test_level_gap_is_total_minus_the_three_levels():
    gap = inspection.compute_level_gap(INSPECTIONS).set_index("target")
    for target in ("to_chuc_dang", "dang_vien"):
        levels = sum(_count(lv, target) for lv in ("cap_tinh", "cap_huyen", "cap_co_so"))
        assert gap.loc[target, "gap_count"] == _count("tat_ca", target) - levels
        assert gap.loc[target, "gap_share_pct"] == pytest.approx(
            100 * gap.loc[target, "gap_count"] / _count("tat_ca", target), abs=0.005
        )


def test_level_gap_matches_the_audit_and_the_known_exceptions():
    audit = nq.audit().set_index("relation_id")
    gap = inspection.compute_level_gap(INSPECTIONS).set_index("target")
    for target in ("to_chuc_dang", "dang_vien"):
        row = audit.loc[f"parts:inspections:{target} by level"]
        assert row["verdict"] == "does not hold as stated"  # a relation the report states
        assert row["difference"] == gap.loc[target, "gap_count"]


def test_level_gap_refuses_levels_above_the_total():
    bad = INSPECTIONS.copy()
    row = (bad["level"] == "cap_co_so") & (bad["target"] == "to_chuc_dang")
    bad.loc[row, "inspection_count"] = 5000
    with pytest.raises(ValueError, match="more than the stated total"):
        inspection.compute_level_gap(bad)


def test_split_by_level_adds_up_to_each_total():
    parts = inspection.split_by_level(INSPECTIONS)
    sums = parts.groupby("target", observed=True)["inspection_count"].sum()
    assert sums["to_chuc_dang"] == _count("tat_ca", "to_chuc_dang")
    assert sums["dang_vien"] == _count("tat_ca", "dang_vien")
    assert parts.loc[~parts["printed"], "level"].astype(str).unique().tolist() == [inspection.GAP]


def test_activity_and_discipline_splits_add_up():
    act = inspection.split_by_activity(INSPECTIONS)
    assert act.groupby("target", observed=True)["share_of_total_pct"].sum().round(1).eq(100).all()
    disc = inspection.split_discipline(DISCIPLINE)
    totals = DISCIPLINE[DISCIPLINE["form"] == "tat_ca"].set_index("target")["disciplined_count"]
    for target, group in disc.groupby("target", observed=True):
        assert group["disciplined_count"].sum() == totals[target]
    assert disc.loc[disc["target"] == "dang_vien", "form"].astype(str).tolist() == list(inspection.FORMS)


def test_forms_that_do_not_add_up_are_refused_by_the_checks_load_runs():
    """The splits do not re-check the sums: the table's relations, run by load(), refuse such data."""
    from nq03lib import audit

    bad = DISCIPLINE.copy()
    bad.loc[(bad["target"] == "dang_vien") & (bad["form"] == "khai_tru"), "disciplined_count"] = 64
    with pytest.raises(nq.DataError, match="parts:discipline:dang_vien"):
        audit.raise_for_failures({"discipline": bad}, tables={"discipline"})
    bad = INSPECTIONS.copy()
    bad.loc[(bad["level"] == "tat_ca") & (bad["activity"] == "giam_sat"), "inspection_count"] += 1
    with pytest.raises(nq.DataError, match="inspected \\+ supervised"):
        audit.raise_for_failures({"inspections": bad}, tables={"inspections"})


def test_a_mistyped_level_is_refused_not_silently_empty():
    bad = INSPECTIONS.assign(level=INSPECTIONS["level"].astype(str).replace("cap_huyen", "cap_huyn"))
    with pytest.raises(KeyError, match="cap_huyen"):
        inspection.compute_level_gap(bad)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_findings_are_computed_from_the_tables(lang):
    tables = {"inspections": INSPECTIONS, "discipline": DISCIPLINE}
    lines = inspection.list_findings(tables, lang)
    assert len(lines) == len(inspection.FINDINGS)
    gap = inspection.compute_level_gap(INSPECTIONS).set_index("target")
    members_gap = gap.loc["dang_vien", "gap_count"]
    assert format_number(members_gap, lang) in lines[1]
    assert format_pct(gap.loc["dang_vien", "gap_share_pct"], lang) in lines[1]
    assert format_number(_count("tat_ca", "dang_vien"), lang) in lines[0]
    # other numbers give other findings: nothing is typed in
    fewer = DISCIPLINE.copy()
    fewer.loc[(fewer["target"] == "dang_vien") & (fewer["form"] == "khai_tru"), "disciplined_count"] = 62
    fewer.loc[(fewer["target"] == "dang_vien") & (fewer["form"] == "tat_ca"), "disciplined_count"] = 1089
    changed = inspection.list_findings({"inspections": INSPECTIONS, "discipline": fewer}, lang)
    assert changed[2] != lines[2] and format_number(1089, lang) in changed[2]


def test_vietnamese_findings_use_vietnamese_number_format():
    lines = inspection.list_findings({"inspections": INSPECTIONS, "discipline": DISCIPLINE}, "vi")
    assert "6.158" in lines[0] and "58,72%" in lines[1]
    assert not any("6,158" in line for line in lines)


def test_find_sentences_quotes_the_report():
    text = load_report().text_at("II.6")
    found = inspection.find_sentences(text, "các cấp và chi bộ")
    assert len(found) == 1 and found[0] in text and "4.187" in found[0]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_by_level_chart_stacks_levels_and_a_hatched_gap(lang):
    data = registry.chart_data("07-inspections-by-level", lang)
    fig = registry.figure("07-inspections-by-level", lang)
    patches = fig.axes[0].patches
    assert len(patches) == len(data) == 8
    # each row of bars ends exactly at the stated total
    ends = {}
    for p in patches:
        y = round(p.get_y() + p.get_height() / 2)
        ends[y] = max(ends.get(y, 0), p.get_x() + p.get_width())
    assert sorted(ends.values()) == [_count("tat_ca", "to_chuc_dang"), _count("tat_ca", "dang_vien")]
    hatched = [p for p in patches if p.get_hatch()]
    assert len(hatched) == 2
    assert {to_hex(p.get_facecolor()) for p in hatched} == {figures_inspection.LEVEL_COLOURS[inspection.GAP]}
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[-1] == pick(VALUE_LABELS[inspection.GAP], lang)
    plt.close(fig)


def test_vietnamese_numbers_on_the_level_chart():
    fig = registry.figure("07-inspections-by-level", "vi")
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "3.616" in texts and "58,7%" in texts and "6.158" in texts
    plt.close(fig)


def test_activity_chart_segments():
    data = registry.chart_data("07-inspection-vs-supervision", "en")
    fig = registry.figure("07-inspection-vs-supervision", "en")
    widths = sorted(p.get_width() for p in fig.axes[0].patches)
    assert widths == sorted(data["inspection_count"].astype(float).tolist())
    plt.close(fig)


def test_discipline_chart_has_two_panels_in_form_order():
    data = registry.chart_data("07-discipline-by-form", "vi")
    fig = registry.figure("07-discipline-by-form", "vi")
    assert len(fig.axes) == 2
    for ax, target in zip(fig.axes, ("to_chuc_dang", "dang_vien")):
        part = data[data["target"] == target]
        assert [t.get_text() for t in ax.get_yticklabels()] == part["form_label"].tolist()
        assert [p.get_width() for p in ax.patches] == part["disciplined_count"].astype(float).tolist()
        assert [to_hex(p.get_facecolor()) for p in ax.patches] == [
            figures_inspection.FORM_COLOURS[f] for f in part["form"].astype(str)
        ]
    assert data[data["target"] == "dang_vien"]["form"].astype(str).tolist() == [
        "khien_trach",
        "canh_cao",
        "cach_chuc",
        "khai_tru",
    ]
    plt.close(fig)


def test_audit_relations_of_the_inspection_totals():
    table = inspection.tabulate_audit_relations(nq.audit())
    assert len(table) == 4
    gap = inspection.compute_level_gap(INSPECTIONS).set_index("target")
    by_level = table[table["relation"] == "level_sum"].set_index("target")
    for target in inspection.TARGETS:
        assert by_level.loc[target, "difference"] == gap.loc[target, "gap_count"]
        assert by_level.loc[target, "verdict"] == "does not hold as stated"
    assert (table.loc[table["relation"] == "activity_sum", "verdict"] == "holds").all()
    with pytest.raises(ValueError, match="expected one"):
        inspection.tabulate_audit_relations(nq.audit().iloc[:0])
