"""Charts of the audit notebook: what they plot, from the audit itself."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import nq03lib as nq
from nq03lib import audit as relations
from nq03lib.charts import audit as figures_audit
from nq03lib.charts import registry
from nq03lib.data import schema as metadata
from nq03lib.display import show
from nq03lib.text import format_location, format_number, pick


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_verdict_chart_counts_every_relation_once(lang):
    data = registry.chart_data("08-audit-verdicts", lang)
    assert data["relation_count"].sum() == len(nq.audit())
    fig = registry.figure("08-audit-verdicts", lang)
    widths = sum(p.get_width() for p in fig.axes[0].patches)
    assert widths == pytest.approx(len(nq.audit()))
    colours = {tuple(round(c, 3) for c in p.get_facecolor()[:3]) for p in fig.axes[0].patches}
    assert len(colours) == data["verdict"].nunique()
    plt.close(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_discrepancy_chart_has_a_bar_per_known_exception(lang):
    audit = nq.audit()
    failing = audit[audit["verdict"].astype(str).isin(metadata.EXCEPTION_VERDICTS)]
    fig = registry.figure("08-audit-discrepancies", lang)
    ax = fig.axes[0]
    assert len(ax.patches) == len(failing)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    expected = [
        pick(figures_audit.EXCEPTION_LABELS[r], lang)
        for r in registry.chart_data("08-audit-discrepancies", lang)["relation_id"]
    ]
    assert labels == expected
    # within each verdict, the largest gap is drawn first (top)
    data = registry.chart_data("08-audit-discrepancies", lang)
    for _, part in data.groupby("verdict", sort=False):
        gaps = part["gap_pct_of_printed"].abs().tolist()
        assert gaps == sorted(gaps, reverse=True)
    plt.close(fig)


def test_vietnamese_numbers_on_the_discrepancy_chart():
    fig = registry.figure("08-audit-discrepancies", "vi")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("6.158" in t and "58,7%" in t for t in texts)
    plt.close(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_discrepancy_bars_are_coloured_by_verdict_and_stated_ones_come_first(lang):
    data = registry.chart_data("08-audit-discrepancies", lang)
    ranks = [metadata.EXCEPTION_VERDICTS.index(v) for v in data["verdict"]]
    assert ranks == sorted(ranks)
    fig = registry.figure("08-audit-discrepancies", lang)
    colours = [to_hex(p.get_facecolor()) for p in fig.axes[0].patches]
    assert colours == [figures_audit.VERDICT_COLOURS[v] for v in data["verdict"]]
    plt.close(fig)


@pytest.mark.parametrize("name", ["08-audit-verdicts", "08-audit-discrepancies"])
def test_audit_titles_and_takeaways_use_meeting_wording(name):
    chart = registry.get(name)
    vi = (chart.title["vi"] + " " + registry.takeaway(name, "vi")).lower()
    assert "không khớp" not in vi and " sai " not in f" {vi} "
    if name == "08-audit-discrepancies":
        assert "cần làm rõ" in vi
        stated = registry.chart_data(name, "vi").query("verdict == 'does not hold as stated'")
        assert set(stated["relation_id"]) >= {
            "parts:inspections:dang_vien by level",
            "parts:inspections:to_chuc_dang by level",
        }


def test_locations_are_written_as_a_reader_says_them():
    assert format_location("fn14", "vi") == "chú thích 14"
    assert format_location("II.2, II.3, fn20", "vi") == "mục II.2, II.3, chú thích 20"
    assert format_location("fn15–fn21", "en") == "footnotes 15–21"
    assert format_location("intro", "en") == "introduction" and format_location("annex", "vi") == "annex"


def test_audit_numbers_keep_the_precision_that_shows_the_point():
    audit = nq.audit()
    share = audit[(audit["kind"] == "share_from_counts") & (audit["difference"] != 0)].iloc[[0]]
    count = audit[audit["relation_id"] == "parts:inspections:dang_vien by level"]
    shown = figures_audit.format_relations(pd.concat([share, count]), "vi")
    # a recomputed share keeps four decimals, so a gap inside the rounding stays visible
    assert shown["recomputed"].iloc[0] == format_number(share["recomputed"].iloc[0], "vi", 4)
    assert shown["tolerance"].iloc[0] == format_number(share["tolerance"].iloc[0], "vi", 3)
    assert shown["printed"].iloc[1] == format_number(count["printed"].iloc[0], "vi")
    assert not shown["location"].str.contains("fn").any()


def test_derived_relations_name_their_statement_and_what_it_implies():
    audit = nq.audit()
    derived = figures_audit.tabulate_derived(audit, nq.load("stated_changes"), "vi")
    assert len(derived) == int((audit["verdict"] == "derived only").sum())
    assert set(derived["statement"]) <= set(metadata.CATEGORIES["statement"])
    table = show(derived, "vi").to_frame()
    assert not [h for h in table.columns if "_" in h]
    assert "Toàn tỉnh" in set(table.iloc[:, 1])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_findings_count_every_verdict_and_list_every_known_exception(lang):
    audit = nq.audit()
    refs, texts = relations.list_annex_references(), relations.list_text_findings()
    lines = figures_audit.list_findings(audit, refs, texts, lang)
    assert format_number(len(audit), lang) in lines[0]
    for verdict in metadata.CATEGORIES["verdict"]:
        count = int((audit["verdict"] == verdict).sum())
        assert (
            f"{pick(figures_audit.VERDICT_LABELS[verdict], lang).lower()}: {format_number(count, lang)}"
            in lines[0]
        )
    known = audit[audit["verdict"].astype(str).isin(metadata.EXCEPTION_VERDICTS)]
    for relation_id in known["relation_id"]:
        assert sum(pick(figures_audit.EXCEPTION_LABELS[relation_id], lang) in line for line in lines) >= 1
    assert len(lines) == 1 + len(known) + 1 + len(texts)
    assert not any("fn" in line.split(":")[0] for line in lines)
    assert "không khớp" not in " ".join(lines).lower()
