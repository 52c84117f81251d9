"""Charts of the audit notebook: what they plot, from the audit itself."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

import nq03lib as nq
from nq03lib.charts import audit as figures_audit
from nq03lib.charts import registry
from nq03lib.data import schema as metadata


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
        figures_audit.EXCEPTION_LABELS[r][0 if lang == "vi" else 1]
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
