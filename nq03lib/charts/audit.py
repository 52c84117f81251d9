"""Charts of notebook 08: the audit of the report's own arithmetic."""

from __future__ import annotations

import pandas as pd

from nq03lib.audit import audit
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import register
from nq03lib.data.schema import CATEGORIES

VERDICT_LABELS = {
    "holds": ("Khớp", "Holds"),
    "known exception": ("Không khớp (đã ghi nhận)", "Does not hold (recorded)"),
    "derived only": ("Chỉ suy ra được", "Implied only"),
}
VERDICT_COLOURS = {"holds": "#5aae61", "known exception": "#b2182b", "derived only": "#bababa"}

#: Short chart labels of the known exceptions (what the relation compares).
EXCEPTION_LABELS = {
    "parts:inspections:dang_vien by level": (
        "KT-GS đảng viên: tổng vs các cấp",
        "Members inspected: total vs levels",
    ),
    "parts:inspections:to_chuc_dang by level": (
        "KT-GS tổ chức đảng: tổng vs các cấp",
        "Organisations inspected: total vs levels",
    ),
    "population:rates:dang_vien_xay_dung_cam_ket-vs-membership": (
        "Tổng số đảng viên: fn2 vs II.4",
        "Total members: fn2 vs II.4",
    ),
    "flows:restructuring:chi_bo_truc_thuoc": (
        "Chi bộ trực thuộc: biến động vs tổng",
        "Cells under committees: flows vs totals",
    ),
    "flows:restructuring:tccsd": ("TCCSĐ: biến động vs tổng", "TCCSĐ: flows vs totals"),
}


def _lang_index(lang: str) -> int:
    return 0 if ch.check_lang(lang) == "vi" else 1


def summarise_verdicts(lang: str = "vi") -> pd.DataFrame:
    """Count the audited relations per kind and verdict, with labels in ``lang``."""
    table = audit()
    counts = table.groupby(["kind", "verdict"], observed=True).size().rename("relation_count").reset_index()
    counts = counts[counts["relation_count"] > 0]
    i = _lang_index(lang)
    missing = set(counts["verdict"].astype(str)) - set(VERDICT_LABELS)
    if missing:
        raise ValueError(f"verdicts without a label (the audit has failures?): {sorted(missing)}")
    counts["kind_label"] = (
        counts["kind"].astype(str).map(lambda k: CATEGORIES["relation_kind"][k][i]).astype("string")
    )
    counts["verdict_label"] = (
        counts["verdict"].astype(str).map(lambda v: VERDICT_LABELS[v][i]).astype("string")
    )
    return counts.reset_index(drop=True)


def list_discrepancies(lang: str = "vi") -> pd.DataFrame:
    """Return the relations that do not hold, with printed, recomputed and the gap in % of printed."""
    table = audit()
    bad = table[table["verdict"] == "known exception"].copy()
    unlabelled = sorted(set(bad["relation_id"]) - set(EXCEPTION_LABELS))
    if unlabelled:
        raise ValueError(f"known exceptions without a chart label: {unlabelled}")
    i = _lang_index(lang)
    bad["label"] = bad["relation_id"].map(lambda r: EXCEPTION_LABELS[r][i]).astype("string")
    bad["gap_pct_of_printed"] = (100 * bad["difference"] / bad["printed"]).round(2)
    cols = ["relation_id", "label", "location", "printed", "recomputed", "difference", "gap_pct_of_printed"]
    return bad[cols].sort_values("gap_pct_of_printed", key=abs, ascending=False).reset_index(drop=True)


def _takeaway_verdicts(data: pd.DataFrame, lang: str) -> str:
    total = int(data["relation_count"].sum())
    ok = int(data.loc[data["verdict"] == "holds", "relation_count"].sum())
    bad = int(data.loc[data["verdict"] == "known exception", "relation_count"].sum())
    if lang == "vi":
        return f"{ok}/{total} quan hệ số học khớp; {bad} quan hệ không khớp, giữ nguyên số liệu như báo cáo."
    return f"{ok} of {total} arithmetic relations hold; {bad} do not, and the data stay as printed."


@register(
    "08-audit-verdicts",
    notebook="08-audit",
    title={
        "vi": "Kiểm tra số học của báo cáo: kết quả theo loại quan hệ",
        "en": "Audit of the report's arithmetic: verdicts by kind of relation",
    },
    takeaway=_takeaway_verdicts,
    data=summarise_verdicts,
)
def draw_verdicts(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one horizontal stacked bar per kind of relation, split by verdict."""
    ax = fig.add_subplot()
    kinds = list(dict.fromkeys(data["kind_label"]))
    positions = list(range(len(kinds)))[::-1]
    left = [0.0] * len(kinds)
    for verdict in VERDICT_LABELS:
        part = data[data["verdict"] == verdict]
        if part.empty:
            continue
        values = [float(part.loc[part["kind_label"] == k, "relation_count"].sum()) for k in kinds]
        bars = ax.barh(
            positions, values, left=left, color=VERDICT_COLOURS[verdict], label=part["verdict_label"].iloc[0]
        )
        ax.bar_label(bars, labels=[f"{v:.0f}" if v else "" for v in values], label_type="center", fontsize=11)
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(positions, kinds)
    ax.set_xlim(0, max(left) * 1.08)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Số quan hệ" if lang == "vi" else "Number of relations")
    ax.legend(loc="lower right")


def _takeaway_discrepancies(data: pd.DataFrame, lang: str) -> str:
    top = data.iloc[0]
    if lang == "vi":
        return (
            f"Chênh lệch lớn nhất: {top['label']} ({ch.format_number(top['difference'], lang)}, "
            f"{ch.format_pct(abs(top['gap_pct_of_printed']), lang, 1)} số in)."
        )
    return (
        f"Largest gap: {top['label']} ({ch.format_number(top['difference'], lang)}, "
        f"{ch.format_pct(abs(top['gap_pct_of_printed']), lang, 1)} of the printed figure)."
    )


@register(
    "08-audit-discrepancies",
    notebook="08-audit",
    title={
        "vi": "Những chỗ số liệu báo cáo không khớp: số in so với số tính lại",
        "en": "Where the report does not add up: printed against recomputed",
    },
    takeaway=_takeaway_discrepancies,
    data=list_discrepancies,
)
def draw_discrepancies(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw the gap of each inconsistent relation as a % of the printed figure, with both values."""
    ax = fig.add_subplot()
    texts = [
        f"{ch.format_number(p, lang)} / {ch.format_number(r, lang)} ({'+' if g > 0 else '−'}{ch.format_pct(abs(g), lang, 1)})"
        for p, r, g in zip(data["printed"], data["recomputed"], data["gap_pct_of_printed"])
    ]
    frame = data.assign(
        bar_text=texts, colour=[ch.COLOURS["han_che"]] * len(data), gap_abs=data["gap_pct_of_printed"].abs()
    )
    ch.bar_labelled(frame, x="label", y="gap_abs", colour="colour", labels="bar_text", horizontal=True, ax=ax)
    ax.set_xlim(0, float(frame["gap_abs"].max()) * 1.6)
    ch.percent_axis(ax, lang, axis="x")
    ax.set_xlabel(
        "Chênh lệch, % so với số in (nhãn: số in / số tính lại)"
        if lang == "vi"
        else "Gap, % of the printed figure (labels: printed / recomputed)"
    )
