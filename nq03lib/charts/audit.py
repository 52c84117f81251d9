"""Charts of notebook 08: the audit of the report's own arithmetic.

Every chart and takeaway speaks the audit's verdict vocabulary
(:data:`nq03lib.data.schema.CATEGORIES` ``verdict``): a relation the report states
that does not hold *needs clarifying* ("cần làm rõ"); a gap that comes from this
project's model of the flows, or from two figures with different dates or bases,
is shown as such and never as an error of the report.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.patches import Patch

from nq03lib.audit import audit
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import register
from nq03lib.data.schema import CATEGORIES, EXCEPTION_VERDICTS

#: Short chart labels of the verdicts (the full wording is metadata.CATEGORIES["verdict"]).
VERDICT_LABELS = {
    "holds": ("Khớp", "Holds"),
    "does not hold as stated": (
        "Cần làm rõ (số báo cáo nêu chưa thống nhất)",
        "Needs clarifying (as stated)",
    ),
    "depends on our model": ("Do cách tính của nhóm phân tích", "From our model of the flows"),
    "different bases or dates": ("Khác thời điểm hoặc phạm vi", "Different dates or bases"),
    "derived only": ("Chỉ suy ra được", "Derived only"),
}
VERDICT_COLOURS = {v: ch.COLOURS[v] for v in VERDICT_LABELS}

#: Short chart labels of the known exceptions (what the relation compares).
EXCEPTION_LABELS = {
    "parts:inspections:dang_vien by level": (
        "KT-GS đảng viên: tổng và các cấp",
        "Members inspected: total and levels",
    ),
    "parts:inspections:to_chuc_dang by level": (
        "KT-GS tổ chức đảng: tổng và các cấp",
        "Organisations inspected: total and levels",
    ),
    "numbering:source:annex-tables-cited-once": (
        "Số hiệu các biểu được dẫn",
        "Numbers of the annex tables cited",
    ),
    "population:rates:dang_vien_xay_dung_cam_ket-vs-membership": (
        "Tổng số đảng viên: fn2 và II.4",
        "Total members: fn2 and II.4",
    ),
    "flows:restructuring:chi_bo_truc_thuoc": (
        "Chi bộ trực thuộc: biến động và tổng",
        "Cells under committees: flows and totals",
    ),
    "flows:restructuring:tccsd": ("TCCSĐ: biến động và tổng", "TCCSĐ: flows and totals"),
    "fit:restructuring:thon-before-reorganisation/2016-08/thon_truong_la_dang_vien": (
        "Số thôn trước sắp xếp và tỉ lệ thôn trưởng 8-2016",
        "Villages before reorganisation, heads' share Aug 2016",
    ),
    "fit:restructuring:thon-before-reorganisation/2016-08/bi_thu_kiem_thon_truong": (
        "Số thôn trước sắp xếp và tỉ lệ bí thư 8-2016",
        "Villages before reorganisation, secretaries' share Aug 2016",
    ),
    "fit:ratings_organisations:2016-vs-tccsd-2016-08": (
        "TCCSĐ 8-2016 và số được xếp loại 2016",
        "Organisations Aug 2016 and rated 2016",
    ),
    "fit:ratings_organisations:2020-vs-tccsd-2021": (
        "TCCSĐ 2021 và số được xếp loại 2020",
        "Organisations 2021 and rated 2020",
    ),
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
    """Return the relations listed as known exceptions, by verdict, with the gap in % of the printed figure."""
    table = audit()
    bad = table[table["verdict"].astype(str).isin(EXCEPTION_VERDICTS)].copy()
    unlabelled = sorted(set(bad["relation_id"]) - set(EXCEPTION_LABELS))
    if unlabelled:
        raise ValueError(f"known exceptions without a chart label: {unlabelled}")
    i = _lang_index(lang)
    bad["label"] = bad["relation_id"].map(lambda r: EXCEPTION_LABELS[r][i]).astype("string")
    bad["verdict"] = bad["verdict"].astype(str)
    bad["verdict_label"] = bad["verdict"].map(lambda v: VERDICT_LABELS[v][i]).astype("string")
    bad["gap_pct_of_printed"] = (100 * bad["difference"] / bad["printed"]).round(2)
    bad["verdict_rank"] = bad["verdict"].map({v: k for k, v in enumerate(EXCEPTION_VERDICTS)})
    bad["gap_abs"] = bad["gap_pct_of_printed"].abs()
    bad = bad.sort_values(["verdict_rank", "gap_abs"], ascending=[True, False])
    cols = [
        "relation_id",
        "label",
        "verdict",
        "verdict_label",
        "location",
        "printed",
        "recomputed",
        "difference",
        "gap_pct_of_printed",
    ]
    return bad[cols].reset_index(drop=True)


def _takeaway_verdicts(data: pd.DataFrame, lang: str) -> str:
    total = int(data["relation_count"].sum())
    by = data.groupby("verdict", observed=True)["relation_count"].sum()
    n = {v: int(by.get(v, 0)) for v in VERDICT_LABELS}
    if lang == "vi":
        return (
            f"{n['holds']}/{total} quan hệ khớp; {n['does not hold as stated']} quan hệ do báo cáo nêu chưa thống nhất, "
            f"cần làm rõ; {n['depends on our model']} chênh lệch do cách tính của nhóm phân tích và "
            f"{n['different bases or dates']} do hai số khác thời điểm hoặc phạm vi; {n['derived only']} chỉ suy ra được."
        )
    return (
        f"{n['holds']} of {total} relations hold; {n['does not hold as stated']} the report states do not add up and "
        f"need clarifying; {n['depends on our model']} gaps come from our model of the flows and "
        f"{n['different bases or dates']} from figures with different dates or bases; {n['derived only']} can only be derived."
    )


@register(
    "08-audit-verdicts",
    notebook="08-audit",
    title={
        "vi": "Kiểm tra số học của báo cáo: kết luận theo loại quan hệ",
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
    i = _lang_index(lang)
    counts = data.groupby("verdict", sort=False).size()
    stated = data[data["verdict"] == "does not hold as stated"]
    named = "; ".join(stated["label"]) if len(stated) else ""
    model = int(counts.get("depends on our model", 0))
    dates = int(counts.get("different bases or dates", 0))
    if i == 0:
        head = (
            f"Cần làm rõ {len(stated)} chỗ báo cáo nêu chưa thống nhất ({named})"
            if len(stated)
            else "Không có quan hệ báo cáo nêu mà chưa thống nhất"
        )
        return (
            f"{head}; {model} chênh lệch do cách tính của nhóm phân tích (báo cáo không nêu phép cộng này), "
            f"{dates} do hai số khác thời điểm hoặc phạm vi (cả hai số đều có thể đúng)."
        )
    head = (
        f"{len(stated)} relations the report states need clarifying ({named})"
        if len(stated)
        else "No relation the report states fails"
    )
    return (
        f"{head}; {model} gaps come from our model of the flows (the report states no such sum) and "
        f"{dates} from figures with different dates or bases (both can be right)."
    )


def _bar_text(printed: float, recomputed: float, gap_pct: float, lang: str) -> str:
    """Write "printed / recomputed (gap)": counts as whole numbers, shares as % with the gap in points."""
    sign = "+" if printed - recomputed > 0 else "−"
    if float(printed).is_integer() and float(recomputed).is_integer():
        gap = ch.format_pct(abs(gap_pct), lang, 1)
        return f"{ch.format_number(printed, lang)} / {ch.format_number(recomputed, lang)} ({sign}{gap})"
    points = ch.format_number(abs(printed - recomputed), lang, 2) + (" điểm %" if lang == "vi" else " pp")
    return f"{ch.format_pct(printed, lang, 2)} / {ch.format_pct(recomputed, lang, 2)} ({sign}{points})"


@register(
    "08-audit-discrepancies",
    notebook="08-audit",
    title={
        "vi": "Các chênh lệch và ý nghĩa của chúng: số in so với số tính lại",
        "en": "The gaps and what they mean: printed against recomputed",
    },
    takeaway=_takeaway_discrepancies,
    data=list_discrepancies,
    note={
        "vi": "Đỏ: quan hệ báo cáo tự nêu chưa thống nhất, cần làm rõ; tím, cam: chênh lệch do cách tính "
        "hoặc do khác thời điểm, phạm vi.",
        "en": "Red: a relation the report states does not add up, to clarify; purple, orange: gaps from "
        "our model or from different dates or bases.",
    },
)
def draw_discrepancies(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw the gap of each known exception as a % of the printed figure, coloured by verdict."""
    ax = fig.add_subplot()
    texts = [
        _bar_text(p, r, g, lang)
        for p, r, g in zip(data["printed"], data["recomputed"], data["gap_pct_of_printed"])
    ]
    frame = data.assign(
        bar_text=texts,
        colour=data["verdict"].map(VERDICT_COLOURS),
        gap_abs=data["gap_pct_of_printed"].abs(),
    )
    ch.bar_labelled(frame, x="label", y="gap_abs", colour="colour", labels="bar_text", horizontal=True, ax=ax)
    ax.set_xlim(0, float(frame["gap_abs"].max()) * 2.0)
    ch.percent_axis(ax, lang, axis="x")
    ax.set_xlabel(
        "Chênh lệch, % so với số in (nhãn: số in / số tính lại)"
        if lang == "vi"
        else "Gap, % of the printed figure (labels: printed / recomputed)"
    )
    present = list(dict.fromkeys(frame["verdict"]))
    handles = [Patch(color=VERDICT_COLOURS[v], label=VERDICT_LABELS[v][_lang_index(lang)]) for v in present]
    ax.legend(handles=handles, loc="center right", fontsize=11)
