"""Charts of notebook 07: inspections, supervisions and discipline since 8-2016 (II.6)."""

from __future__ import annotations

import pandas as pd

from nq03lib.analysis.inspection import GAP, TARGETS, split_by_activity, split_by_level, split_discipline
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import Takeaway, register
from nq03lib.data.labels import VALUE_LABELS
from nq03lib.text import Template, pick

NOTEBOOK = "07-inspection-discipline"

#: Colours of the levels (darker = higher), the unitemised gap, the activities and the forms of
#: discipline (darker = heavier), from the shared palette.
LEVEL_COLOURS = {c: ch.COLOURS[c] for c in ("cap_tinh", "cap_huyen", "cap_co_so")} | {
    GAP: ch.COLOURS["khong_phan_cap"]
}
ACTIVITY_COLOURS = {c: ch.COLOURS[c] for c in ("kiem_tra", "giam_sat")}
FORM_COLOURS = {c: ch.COLOURS[c] for c in ("khien_trach", "canh_cao", "cach_chuc", "khai_tru")}
TARGET_SHORT = {
    "to_chuc_dang": ("Tổ chức đảng (lượt)", "Party organisations (times)"),
    "dang_vien": ("Đảng viên", "Party members"),
}
TOTAL = ("Tổng", "Total")
DARK = {"cap_tinh", "cap_huyen", "kiem_tra", "canh_cao", "cach_chuc", "khai_tru"}


def _write_segment_text(count: int, share: float, lang: str) -> str:
    return f"{ch.format_number(count, lang)}\n({ch.format_pct(share, lang, 1)})"


def _write_totals(data: pd.DataFrame, lang: str, ax) -> None:
    """Write each target's stated total at the end of its row and fit the x axis to it."""
    totals = data.groupby("target", observed=True)["total_count"].first()
    for k, target in enumerate(TARGETS):
        total = int(totals[target])
        ax.text(
            total,
            len(TARGETS) - 1 - k,
            f"  {pick(TOTAL, lang)}: {ch.format_number(total, lang)}",
            ha="left",
            va="center",
            fontsize=13,
            fontweight="bold",
        )
    ax.set_xlim(0, float(totals.max()) * 1.18)
    ch.number_axis(ax, lang, axis="x")


def _draw_stacked_rows(
    data: pd.DataFrame,
    *,
    row: str,
    part: str,
    value: str,
    share: str,
    colours: dict[str, str],
    lang: str,
    hatch: dict[str, str] | None = None,
    min_inside_pct: float = 7.0,
    ax=None,
):
    """Draw one horizontal stacked bar per ``row`` (first on top), one segment per ``part``, labelled.

    Segments narrower than ``min_inside_pct`` of their row carry their label
    above the bar. Labels of ``part`` come from ``part + "_label"``; the row
    names from ``row + "_label"``. Returns the Axes.
    """
    rows = list(dict.fromkeys(data[row].astype(str)))
    row_names = [str(data.loc[data[row].astype(str) == r, f"{row}_label"].iloc[0]) for r in rows]
    positions = {r: len(rows) - 1 - k for k, r in enumerate(rows)}
    left = dict.fromkeys(rows, 0.0)
    for code in dict.fromkeys(data[part].astype(str)):
        seg = data[data[part].astype(str) == code]
        ys = [positions[str(r)] for r in seg[row]]
        widths = seg[value].astype(float).tolist()
        lefts = [left[str(r)] for r in seg[row]]
        ax.barh(
            ys,
            widths,
            left=lefts,
            height=0.55,
            color=colours[code],
            edgecolor="white" if not (hatch and code in hatch) else "#8c8c8c",
            hatch=(hatch or {}).get(code),
            linewidth=0.8,
            label=str(seg[f"{part}_label"].iloc[0]),
        )
        for y, x0, w, s in zip(ys, lefts, widths, seg[share].astype(float)):
            text = _write_segment_text(int(w), s, lang)
            if s >= min_inside_pct:
                ax.text(
                    x0 + w / 2,
                    y,
                    text,
                    ha="center",
                    va="center",
                    fontsize=12,
                    color="white" if code in DARK else "black",
                )
            else:
                ax.annotate(
                    text.replace("\n", " "),
                    (x0 + w / 2, y + 0.28),
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="left",
                    va="bottom",
                    fontsize=11,
                    arrowprops={"arrowstyle": "-", "color": ch.TEXT_GREY, "linewidth": 0.8},
                )
        for r, w in zip(seg[row], widths):
            left[str(r)] += w
    ax.set_yticks([positions[r] for r in rows], row_names)
    ax.set_ylim(-0.6, len(rows) - 0.3)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    return ax


# --- 07-inspections-by-level ---------------------------------------------------------------------


def _label_targets(targets: pd.Series, lang: str) -> pd.Series:
    return targets.astype(str).map(lambda t: pick(TARGET_SHORT[t], lang)).astype("string")


def tabulate_inspections_by_level(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return inspections per target and level, plus the unitemised gap, with labels and the total."""
    out = split_by_level(frames["inspections"])
    levels = ch.category_labels("level", lang) | {GAP: pick(VALUE_LABELS[GAP], lang)}
    out.insert(1, "target_label", _label_targets(out["target"], lang))
    out.insert(3, "level_label", out["level"].astype(str).map(levels).astype("string"))
    out["total_count"] = out.groupby("target", observed=True)["inspection_count"].transform("sum")
    out["colour"] = out["level"].astype(str).map(LEVEL_COLOURS).astype("string")
    return out


def _compute_by_level(data: pd.DataFrame) -> dict:
    gap = data[data["level"] == GAP].set_index("target")
    members, organisations = gap.loc["dang_vien"], gap.loc["to_chuc_dang"]
    return {
        "levels_share": 100 - members["share_of_total_pct"],
        "gap": members["inspection_count"],
        "total": members["total_count"],
        "org_gap": organisations["inspection_count"],
        "org_gap_share": organisations["share_of_total_pct"],
    }


@register(
    "07-inspections-by-level",
    notebook=NOTEBOOK,
    title={
        "vi": "Kiểm tra, giám sát từ 8-2016 theo cấp thực hiện (số lượt, người)",
        "en": "Inspections and supervisions since Aug 2016 by level (times, persons)",
    },
    takeaway=Takeaway(
        Template(
            vi="Ba cấp chỉ chiếm {levels_share:pct1} số đảng viên được kiểm tra, giám sát: "
            "{gap:n}/{total:n} không phân theo cấp (tổ chức đảng: {org_gap:n}, {org_gap_share:pct1}).",
            en="The three levels account for only {levels_share:pct1} of members inspected or supervised: "
            "{gap:n} of {total:n} are not attributed (organisations: {org_gap:n}, {org_gap_share:pct1}).",
        ),
        _compute_by_level,
    ),
    data=tabulate_inspections_by_level,
    note={
        "vi": "Phần gạch chéo = tổng báo cáo nêu − tổng ba cấp. Tổng do “cấp ủy, ủy ban kiểm tra các cấp và chi bộ” "
        "thực hiện; số của chi bộ không được nêu.",
        "en": "Hatched = stated total − sum of the three levels. The total is by “party committees, inspection "
        "commissions at all levels and cells”; the cells' own figure is not given.",
    },
)
def draw_by_level(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw a stacked bar per target: the three levels, then the hatched gap up to the stated total."""
    ax = fig.add_subplot()
    _draw_stacked_rows(
        data,
        row="target",
        part="level",
        value="inspection_count",
        share="share_of_total_pct",
        colours=LEVEL_COLOURS,
        hatch={GAP: "///"},
        lang=lang,
        ax=ax,
    )
    _write_totals(data, lang, ax)
    ax.set_xlabel(
        pick(
            (
                "Số lượt tổ chức đảng / số đảng viên được kiểm tra, giám sát",
                "Organisations (times) / members inspected or supervised",
            ),
            lang,
        )
    )
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, fontsize=11)


# --- 07-inspection-vs-supervision ----------------------------------------------------------------


def tabulate_inspection_vs_supervision(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return kiểm tra and giám sát per target with shares and labels."""
    out = split_by_activity(frames["inspections"])
    acts = ch.category_labels("activity", lang)
    out.insert(1, "target_label", _label_targets(out["target"], lang))
    out.insert(3, "activity_label", out["activity"].astype(str).map(acts).astype("string"))
    out["colour"] = out["activity"].astype(str).map(ACTIVITY_COLOURS).astype("string")
    return out


def _compute_activity(data: pd.DataFrame) -> dict:
    inspected = data[data["activity"] == "kiem_tra"].set_index("target")["share_of_total_pct"]
    return {"organisations": inspected["to_chuc_dang"], "members": inspected["dang_vien"]}


@register(
    "07-inspection-vs-supervision",
    notebook=NOTEBOOK,
    title={
        "vi": "Kiểm tra và giám sát từ 8-2016 (số lượt, người)",
        "en": "Inspection and supervision since Aug 2016 (times, persons)",
    },
    takeaway=Takeaway(
        Template(
            vi="Kiểm tra chiếm {organisations:pct1} số lượt với tổ chức đảng và "
            "{members:pct1} với đảng viên; phần còn lại là giám sát.",
            en="Inspections make up {organisations:pct1} of the work on organisations and "
            "{members:pct1} on members; the rest is supervision.",
        ),
        _compute_activity,
    ),
    data=tabulate_inspection_vs_supervision,
)
def draw_activity(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw a stacked bar per target split into kiểm tra and giám sát."""
    ax = fig.add_subplot()
    _draw_stacked_rows(
        data,
        row="target",
        part="activity",
        value="inspection_count",
        share="share_of_total_pct",
        colours=ACTIVITY_COLOURS,
        lang=lang,
        ax=ax,
    )
    _write_totals(data, lang, ax)
    ax.set_xlabel(pick(("Số lượt / số người", "Times / persons"), lang))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)


# --- 07-discipline-by-form -----------------------------------------------------------------------

#: The x-axis label of each panel of the discipline chart.
DISCIPLINE_AXIS = {
    "to_chuc_dang": ("Số tổ chức đảng", "Organisations"),
    "dang_vien": ("Số đảng viên", "Members"),
}


def tabulate_discipline_by_form(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the disciplined organisations and members per form, lightest form first, with labels."""
    out = split_discipline(frames["discipline"])
    forms = ch.category_labels("form", lang)
    targets = ch.category_labels("target", lang)
    out.insert(1, "target_label", out["target"].astype(str).map(targets).astype("string"))
    out.insert(3, "form_label", out["form"].astype(str).map(forms).astype("string"))
    out["bar_text"] = [
        f"{ch.format_number(c, lang)} ({ch.format_pct(s, lang, 1)})"
        for c, s in zip(out["disciplined_count"], out["share_of_total_pct"])
    ]
    out["colour"] = out["form"].astype(str).map(FORM_COLOURS).astype("string")
    return out


def _compute_discipline(data: pd.DataFrame) -> dict:
    light = data[data["form"] == "khien_trach"].set_index("target")
    members = data[data["target"] == "dang_vien"]
    heavy = int(members.loc[members["form"].isin(["cach_chuc", "khai_tru"]), "disciplined_count"].sum())
    total_members = int(members["total_count"].iloc[0])
    return {
        "org_share": light.loc["to_chuc_dang", "share_of_total_pct"],
        "org_total": int(light.loc["to_chuc_dang", "total_count"]),
        "member_share": light.loc["dang_vien", "share_of_total_pct"],
        "member_total": total_members,
        "heavy": heavy,
        "heavy_share": 100 * heavy / total_members,
    }


@register(
    "07-discipline-by-form",
    notebook=NOTEBOOK,
    title={
        "vi": "Thi hành kỷ luật từ 8-2016 theo hình thức (số tổ chức, số người)",
        "en": "Discipline since Aug 2016 by form (organisations, persons)",
    },
    takeaway=Takeaway(
        Template(
            vi="Khiển trách là hình thức chủ yếu: {org_share:pct1} trong số {org_total:n} tổ chức đảng và "
            "{member_share:pct1} trong số {member_total:n} đảng viên; cách chức, khai trừ: {heavy:n} "
            "đảng viên ({heavy_share:pct1}).",
            en="Reprimand is the main form: {org_share:pct1} of {org_total:n} organisations and "
            "{member_share:pct1} of {member_total:n} members; dismissal or expulsion: {heavy:n} "
            "members ({heavy_share:pct1}).",
        ),
        _compute_discipline,
    ),
    data=tabulate_discipline_by_form,
)
def draw_discipline(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw two panels, organisations and members, with a bar per form of discipline."""
    counts = [int((data["target"] == t).sum()) for t in TARGETS]
    axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.25]})
    for ax, target, n in zip(axes, TARGETS, counts):
        part = data[data["target"] == target].reset_index(drop=True)
        ch.bar_labelled(
            part,
            x="form_label",
            y="disciplined_count",
            colour="colour",
            labels="bar_text",
            horizontal=True,
            ax=ax,
        )
        total = int(part["total_count"].iloc[0])
        ax.set_title(
            f"{part['target_label'].iloc[0]}: {ch.format_number(total, lang)}",
            fontsize=14,
            loc="left",
        )
        ax.set_xlim(0, float(part["disciplined_count"].max()) * 1.45)
        # same bar thickness in both panels, bars aligned at the top
        ax.set_ylim(-0.6 - (max(counts) - n), n - 0.4)
        ch.number_axis(ax, lang, axis="x")
        ax.set_xlabel(pick(DISCIPLINE_AXIS[target], lang))
