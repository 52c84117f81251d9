"""Charts of notebook 04 (II.2, II.5, fn14): organisations by type, stocks, restructuring since 8-2016."""

from __future__ import annotations

import pandas as pd
from matplotlib.patches import Patch

from nq03lib.analysis.organisations import (
    BEFORE_REORGANISATION,
    build_bridge,
    compare_stocks,
    imply_cells_2021,
    list_flows_by_kind,
)
from nq03lib.api import load
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import register


def organisations_by_type(lang: str = "vi") -> pd.DataFrame:
    """Return the 2021 TCCSĐ by type, largest first, with labels and printed shares."""
    org = load("organisations")
    rows = org[(org["period"] == "2021") & (org["entity"] == "tccsd") & (org["org_type"] != "tat_ca")]
    out = rows[["org_type", "count", "share_pct", "location"]].sort_values("count", ascending=False)
    labels = ch.category_labels("org_type", lang)
    out.insert(1, "org_type_label", out["org_type"].map(labels).astype("string"))
    out["bar_text"] = [
        f"{ch.format_number(c, lang)} ({ch.format_pct(s, lang)})"
        for c, s in zip(out["count"], out["share_pct"])
    ]
    out["colour"] = out["org_type"].map(ch.colour_for)
    return out.reset_index(drop=True)


def _takeaway_by_type(data: pd.DataFrame, lang: str) -> str:
    top = data.iloc[0]
    total = ch.format_number(int(data["count"].sum()), lang)
    if lang == "vi":
        return f"{top['org_type_label']} chiếm nhiều nhất: {ch.format_pct(top['share_pct'], lang)} trong {total} TCCSĐ."
    return (
        f"{top['org_type_label']} are the largest group: {ch.format_pct(top['share_pct'], lang)} of {total}."
    )


@register(
    "04-organisations-by-type",
    notebook="04-organisations",
    title={
        "vi": "Tổ chức cơ sở đảng theo loại hình, 2021",
        "en": "Grassroots party organisations by type, 2021",
    },
    takeaway=_takeaway_by_type,
    data=organisations_by_type,
)
def draw_organisations_by_type(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw horizontal bars of TCCSĐ per type with count and share."""
    ax = fig.add_subplot()
    ch.bar_labelled(
        data, x="org_type_label", y="count", colour="colour", labels="bar_text", horizontal=True, ax=ax
    )
    ax.set_xlabel("Số TCCSĐ" if lang == "vi" else "Number of organisations")
    ax.set_xlim(0, float(data["count"].max()) * 1.25)
    ch.number_axis(ax, lang, axis="x")


# --- shared ------------------------------------------------------------------------------------

NOTEBOOK = "04-organisations"

#: Colour of each restructuring action, from the shared palette.
ACTION_COLOURS = {c: ch.COLOURS[c] for c in ("thanh_lap_moi", "giai_the", "sap_nhap")}
#: Colours of a stock before and after, and of an implied (not printed) value.
PERIOD_COLOURS = {c: ch.COLOURS[c] for c in ("2016-08", BEFORE_REORGANISATION, "2021")}
IMPLIED_HATCH = "///"
#: Short labels of the dates: the villages' "before" is undated (fn14), so it is not 8-2016.
PERIOD_SHORT = {
    "2016-08": ("8-2016", "Aug 2016"),
    BEFORE_REORGANISATION: (
        "Thôn: trước sắp xếp (không ghi thời điểm)",
        "Villages: before reorganisation (undated)",
    ),
    "2021": ("2021", "2021"),
}
#: Short labels of the stocks.
ENTITY_SHORT = {
    "tccsd": ("TCCSĐ", "Grassroots organisations"),
    "chi_bo_truc_thuoc": ("Chi bộ trực thuộc\nđảng ủy cơ sở", "Cells under\ngrassroots committees"),
    "thon": ("Thôn, tổ dân phố", "Villages and\nresidential groups"),
}
#: Labels of the bridge steps.
STEP_LABELS = {
    "start": ("8-2016", "Aug 2016"),
    "thanh_lap_moi": ("Thành lập mới", "New"),
    "giai_the": ("Giải thể", "Dissolved"),
    "sap_nhap": ("Sáp nhập", "Merged"),
    "implied_end": ("2021 theo cách\ntính của nhóm", "2021 by\nour model"),
    "stated_end": ("2021 theo\nbáo cáo", "2021 as\nstated"),
}
#: Short labels of the unit kinds in bridge parts and flows.
KIND_SHORT = {
    "dang_bo_co_so": ("đảng bộ cơ sở", "grassroots committees"),
    "chi_bo_co_so": ("chi bộ cơ sở", "grassroots cells"),
    "chi_bo_truc_thuoc": ("chi bộ trực thuộc", "cells under committees"),
    "nang_chi_bo_thanh_dang_bo": ("nâng chi bộ thành đảng bộ", "cells raised to committees"),
}
#: Shorter labels of the parts of a TCCSĐ bridge step (tick labels).
BRIDGE_PART_SHORT = {
    "dang_bo_co_so": ("đảng bộ cơ sở", "committees"),
    "chi_bo_co_so": ("chi bộ cơ sở", "cells"),
}
#: Labels of the parts of the 2021 split implied by the thematic-meeting denominator.
WHOLE_LABELS = {
    "all_cells": (
        "Chi bộ (mẫu số sinh hoạt\nchuyên đề, II.3)",
        "Cells (thematic-meeting\ndenominator, II.3)",
    ),
    "tccsd": ("TCCSĐ (II.2)", "Grassroots organisations (II.2)"),
}
PART_COLOURS = {c: ch.COLOURS[c] for c in ("chi_bo_co_so", "chi_bo_truc_thuoc", "dang_bo_co_so")}
MINUS = "−"


def _i(lang: str) -> int:
    return 0 if ch.check_lang(lang) == "vi" else 1


def _signed(value: float, lang: str) -> str:
    return ("+" if value >= 0 else MINUS) + ch.format_number(abs(value), lang)


def _signed_pct(value: float, lang: str) -> str:
    return ("+" if value >= 0 else MINUS) + ch.format_pct(abs(value), lang)


def _inputs() -> dict[str, pd.DataFrame]:
    return {name: load(name) for name in ("organisations", "restructuring", "stated_changes", "rates")}


# --- 04-organisations-stocks ------------------------------------------------------------------


def stocks_before_after(lang: str = "vi") -> pd.DataFrame:
    """Return the TCCSĐ and cells under committees (8-2016, 2021) and villages (before the reorganisation, 2021).

    ``slot`` is ``before`` or ``2021``: the villages' "before" is the undated
    count implied by fn14, drawn in the same slot as 8-2016 but never labelled
    8-2016.
    """
    i = _i(lang)
    t = _inputs()
    out = compare_stocks(t["organisations"], t["restructuring"], t["stated_changes"])
    out.insert(
        1, "entity_label", out["entity"].map(lambda e: ENTITY_SHORT[e][i].replace("\n", " ")).astype("string")
    )
    out.insert(3, "period_label", out["period"].map(lambda p: PERIOD_SHORT[p][i]).astype("string"))
    implied = " (suy ra)" if lang == "vi" else " (implied)"
    texts = []
    for _, r in out.iterrows():
        text = ch.format_number(r["count"], lang)
        if r["source"] == "implied":
            text += implied
        if r["period"] == "2021":
            text += f"\n{_signed_pct(r['change_pct'], lang)}"
        texts.append(text)
    out["bar_text"] = pd.array(texts, dtype="string")
    out["colour"] = out["period"].map(PERIOD_COLOURS).astype("string")
    out["slot"] = pd.array(["2021" if p == "2021" else "before" for p in out["period"]], dtype="string")
    return out


def _takeaway_stocks(data: pd.DataFrame, lang: str) -> str:
    after = data[data["period"] == "2021"].set_index("entity")
    f = _signed_pct
    if lang == "vi":
        return (
            f"Từ 8-2016 đến 2021: TCCSĐ {f(after.loc['tccsd', 'change_pct'], lang)}, chi bộ trực thuộc "
            f"{f(after.loc['chi_bo_truc_thuoc', 'change_pct'], lang)} (đúng như báo cáo nêu); thôn, tổ dân phố "
            f"{f(after.loc['thon', 'change_pct'], lang)} so với số trước sắp xếp thôn (suy ra; báo cáo không "
            "ghi thời điểm, không phải số 8-2016)."
        )
    return (
        f"From Aug 2016 to 2021: grassroots organisations {f(after.loc['tccsd', 'change_pct'], lang)}, cells "
        f"under committees {f(after.loc['chi_bo_truc_thuoc', 'change_pct'], lang)} (as the report states); "
        f"villages {f(after.loc['thon', 'change_pct'], lang)} against the implied number before the "
        "reorganisation (undated in the report, not the Aug 2016 number)."
    )


@register(
    "04-organisations-stocks",
    notebook=NOTEBOOK,
    title={
        "vi": "TCCSĐ, chi bộ trực thuộc (8-2016 và 2021) và thôn (trước sắp xếp và 2021)",
        "en": "Organisations and cells (Aug 2016, 2021), villages (before reorganisation, 2021)",
    },
    takeaway=_takeaway_stocks,
    data=stocks_before_after,
    note={
        "vi": "Gạch chéo: số thôn trước sắp xếp, suy ra từ số còn lại và số giảm (fn14), "
        "không ghi thời điểm; % tính lại từ số đếm.",
        "en": "Hatched: villages before the reorganisation, implied by those left and the reduction "
        "(fn14), undated; % recomputed from counts.",
    },
)
def draw_stocks(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw a pair of bars per stock (before, 2021), the implied undated villages hatched."""
    ax = fig.add_subplot()
    i = _i(lang)
    entities = list(dict.fromkeys(data["entity"]))
    width = 0.38
    for j, slot in enumerate(("before", "2021")):
        part = data[data["slot"] == slot].set_index("entity").loc[entities]
        xs = [k + (j - 0.5) * width for k in range(len(entities))]
        bars = ax.bar(
            xs,
            part["count"].astype(float),
            width=width,
            color=part["colour"].tolist(),
            edgecolor="white",
        )
        for bar, src in zip(bars, part["source"]):
            if src == "implied":
                bar.set_hatch(IMPLIED_HATCH)
                bar.set_edgecolor(ch.TEXT_GREY)
        ax.bar_label(bars, labels=part["bar_text"].tolist(), padding=3, fontsize=12)
    ax.set_xticks(range(len(entities)), [ENTITY_SHORT[e][i] for e in entities])
    ax.set_ylim(0, float(data["count"].max()) * 1.38)
    ch.number_axis(ax, lang)
    ax.set_ylabel("Số đơn vị" if lang == "vi" else "Number of units")
    periods = list(dict.fromkeys(data["period"]))
    order = [p for p in PERIOD_SHORT if p in periods]
    handles = [
        Patch(
            facecolor=PERIOD_COLOURS[p],
            edgecolor=ch.TEXT_GREY if p == BEFORE_REORGANISATION else "white",
            hatch=IMPLIED_HATCH if p == BEFORE_REORGANISATION else None,
            label=PERIOD_SHORT[p][i],
        )
        for p in order
    ]
    ax.legend(handles=handles, loc="upper left", ncols=3, fontsize=11)


# --- 04-restructuring-bridge-* -----------------------------------------------------------------


def _parts_text(parts: str, lang: str) -> str:
    if not parts:
        return ""
    i = _i(lang)
    items = [p.split("=") for p in str(parts).split(";")]
    return "\n+ ".join(f"{ch.format_number(int(v), lang)} {BRIDGE_PART_SHORT[k][i]}" for k, v in items)


def bridge_table(entity: str, lang: str = "vi") -> pd.DataFrame:
    """Return the bridge of ``entity`` since 8-2016 with step labels and value texts."""
    i = _i(lang)
    t = _inputs()
    out = build_bridge(t["restructuring"], t["organisations"], entity)
    labels = []
    for step, parts in zip(out["step"], out["parts"]):
        label = STEP_LABELS[step][i]
        if entity == "tccsd" and parts:
            label += "\n(" + _parts_text(parts, lang) + ")"
        labels.append(label)
    out.insert(2, "step_label", pd.array(labels, dtype="string"))
    return out


def gap_note(data: pd.DataFrame, lang: str, wrap: bool = False) -> str:
    """Write the sentence saying how far our model of the flows misses the stated total.

    ``wrap`` breaks it into two lines for a chart.
    """
    start = data[data["step"] == "start"]["delta_count"].iloc[0]
    flows = data[data["kind"] == "flow"]["delta_count"].tolist()
    implied = data[data["step"] == "implied_end"]["level_count"].iloc[0]
    stated = data[data["step"] == "stated_end"]["level_count"].iloc[0]
    gap = int(data["gap_count"].iloc[0])
    sep = "\n" if wrap else " "
    sums = (
        ch.format_number(start, lang)
        + " "
        + " ".join(f"{'+' if d >= 0 else MINUS} {ch.format_number(abs(d), lang)}" for d in flows)
    )
    if lang == "vi":
        return (
            f"Theo cách tính của nhóm phân tích: {sums} = {ch.format_number(implied, lang)},{sep}"
            f"báo cáo nêu {ch.format_number(stated, lang)} (chênh lệch {_signed(gap, lang)}); "
            "báo cáo không nêu phép cộng này."
        )
    return (
        f"By our model of the flows: {sums} = {ch.format_number(implied, lang)},{sep}"
        f"the report states {ch.format_number(stated, lang)} (gap {_signed(gap, lang)}); "
        "the report states no such sum."
    )


def _takeaway_bridge(data: pd.DataFrame, lang: str) -> str:
    return gap_note(data, lang)


def _draw_bridge(data: pd.DataFrame, lang: str, fig) -> None:
    ax = fig.add_subplot()
    ch.waterfall(data, x="step_label", delta="delta_count", kind="kind", lang=lang, ax=ax)
    steps = data["step"].tolist()
    k_implied, k_stated = steps.index("implied_end"), steps.index("stated_end")
    bar = ax.patches[k_implied]
    bar.set_facecolor("white")
    bar.set_edgecolor(ch.COLOURS["stock"])
    bar.set_hatch(IMPLIED_HATCH)
    for k, step in enumerate(steps):
        if data["kind"].iloc[k] == "flow":
            ax.patches[k].set_facecolor(ACTION_COLOURS[step])
    implied = float(data["level_count"].iloc[k_implied])
    stated = float(data["level_count"].iloc[k_stated])
    top = max(implied, stated, float(data["level_count"].max()))
    # the implied level carried over the stated bar, and an arrow to the stated total
    red = ch.COLOURS["target"]
    ax.plot([k_implied - 0.35, k_stated + 0.5], [implied, implied], linestyle="--", color=red, linewidth=1.4)
    ax.annotate(
        "",
        xy=(k_stated + 0.45, stated),
        xytext=(k_stated + 0.45, implied),
        arrowprops={"arrowstyle": "->", "color": red, "linewidth": 1.8, "shrinkA": 0, "shrinkB": 0},
    )
    gap = int(data["gap_count"].iloc[0])
    ax.text(
        (k_implied + k_stated) / 2,
        max(implied, stated) + 0.08 * top,
        ("Chênh lệch " if lang == "vi" else "Gap ") + _signed(gap, lang),
        ha="center",
        va="bottom",
        fontsize=13,
        fontweight="bold",
        color=red,
    )
    ax.text(
        0.0,
        1.02,
        gap_note(data, lang, wrap=True),
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        fontsize=12,
        color=red,
    )
    ax.set_xlim(-0.6, len(steps) - 0.3)
    ax.set_ylim(0, top * 1.22)
    ax.set_ylabel("Số đơn vị" if lang == "vi" else "Number of units")


_BRIDGE_NOTE = {
    "vi": "Gạch chéo: tổng theo cách tính của nhóm phân tích (mọi đơn vị sáp nhập coi như mất đi), "
    "không phải phép tính của báo cáo.",
    "en": "Hatched: total by our model of the flows (every merged unit counted as gone), not a sum the report makes.",
}


@register(
    "04-restructuring-bridge-tccsd",
    notebook=NOTEBOOK,
    title={
        "vi": "Biến động số TCCSĐ từ 8-2016 đến 2021 (số đơn vị)",
        "en": "Change in grassroots party organisations, Aug 2016 to 2021 (units)",
    },
    takeaway=_takeaway_bridge,
    data=lambda lang="vi": bridge_table("tccsd", lang),
    note=_BRIDGE_NOTE,
)
def draw_bridge_tccsd(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw the TCCSĐ bridge: 8-2016 stock, new, dissolved, merged, implied and stated 2021."""
    _draw_bridge(data, lang, fig)


@register(
    "04-restructuring-bridge-chi-bo",
    notebook=NOTEBOOK,
    title={
        "vi": "Biến động số chi bộ trực thuộc đảng ủy cơ sở từ 8-2016 đến 2021 (số chi bộ)",
        "en": "Change in cells under grassroots committees, Aug 2016 to 2021 (cells)",
    },
    takeaway=_takeaway_bridge,
    data=lambda lang="vi": bridge_table("chi_bo_truc_thuoc", lang),
    note=_BRIDGE_NOTE,
)
def draw_bridge_chi_bo(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw the bridge of cells under committees: 8-2016, new, dissolved, merged, implied and stated 2021."""
    _draw_bridge(data, lang, fig)


# --- 04-restructuring-by-kind ------------------------------------------------------------------


def flows_by_kind(lang: str = "vi") -> pd.DataFrame:
    """Return the flows since 8-2016 per kind of unit and action, with labels and colours."""
    i = _i(lang)
    out = list_flows_by_kind(load("restructuring"))
    out.insert(
        1, "unit_kind_label", out["unit_kind"].astype(str).map(lambda k: KIND_SHORT[k][i]).astype("string")
    )
    actions = ch.category_labels("action", lang)
    out.insert(3, "action_label", out["action"].astype(str).map(actions).astype("string"))
    out["colour"] = out["action"].astype(str).map(ACTION_COLOURS).astype("string")
    return out


def _takeaway_by_kind(data: pd.DataFrame, lang: str) -> str:
    net = data.groupby("unit_kind", observed=True)["signed_count"].sum()
    gross = data.groupby("unit_kind", observed=True)["count"].sum()
    big = gross.idxmax()
    label = data.loc[data["unit_kind"] == big, "unit_kind_label"].iloc[0]
    moved = ch.format_number(int(gross[big]), lang)
    if lang == "vi":
        return (
            f"Phần lớn biến động là {label}: {moved} lượt thành lập, giải thể, sáp nhập, "
            f"thực giảm {ch.format_number(abs(int(net[big])), lang)} theo các số nêu."
        )
    return (
        f"Most of the restructuring concerns {label}: {moved} units created, dissolved or merged, "
        f"a net fall of {ch.format_number(abs(int(net[big])), lang)} by the stated flows."
    )


@register(
    "04-restructuring-by-kind",
    notebook=NOTEBOOK,
    title={
        "vi": "Thành lập mới, giải thể, sáp nhập tổ chức đảng theo loại, 8-2016 đến 2021 (số đơn vị)",
        "en": "Party organisations created, dissolved and merged by kind, Aug 2016 to 2021 (units)",
    },
    takeaway=_takeaway_by_kind,
    data=flows_by_kind,
)
def draw_by_kind(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw grouped horizontal bars: one group per kind of unit, one bar per action."""
    ax = fig.add_subplot()
    kinds = list(dict.fromkeys(data["unit_kind"].astype(str)))
    actions = [a for a in ACTION_COLOURS if a in set(data["action"].astype(str))]
    height = 0.8 / len(actions)
    named = set()
    for g, kind in enumerate(kinds):
        part = data[data["unit_kind"].astype(str) == kind]
        present = [a for a in actions if a in set(part["action"].astype(str))]
        centre = len(kinds) - 1 - g
        for j, action in enumerate(present):
            row = part[part["action"].astype(str) == action].iloc[0]
            y = centre + (len(present) / 2 - j - 0.5) * height
            bars = ax.barh(
                [y],
                [float(row["count"])],
                height=height,
                color=ACTION_COLOURS[action],
                label=None if action in named else row["action_label"],
            )
            named.add(action)
            ax.bar_label(bars, labels=[ch.format_number(row["count"], lang)], padding=3, fontsize=12)
    labels = dict(zip(data["unit_kind"].astype(str), data["unit_kind_label"]))
    ax.set_yticks(range(len(kinds))[::-1], [labels[k][:1].upper() + labels[k][1:] for k in kinds])
    ax.set_xlim(0, float(data["count"].max()) * 1.15)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ch.number_axis(ax, lang, axis="x")
    ax.set_xlabel("Số đơn vị" if lang == "vi" else "Number of units")
    ax.legend(loc="upper right")


# --- 04-cells-2021-implied ---------------------------------------------------------------------


def cells_2021(lang: str = "vi") -> pd.DataFrame:
    """Return the 2021 split of cells and TCCSĐ implied by the thematic-meeting denominator."""
    i = _i(lang)
    t = _inputs()
    out = imply_cells_2021(t["rates"], t["organisations"])
    out.insert(
        1, "whole_label", out["whole"].map(lambda w: WHOLE_LABELS[w][i].replace("\n", " ")).astype("string")
    )
    out.insert(3, "part_label", out["part"].map(lambda k: KIND_SHORT[k][i]).astype("string"))
    implied = " (suy ra)" if lang == "vi" else " (implied)"
    out["bar_text"] = pd.array(
        [
            f"{ch.format_number(c, lang)}{implied if s == 'implied' else ''}"
            for c, s in zip(out["count"], out["source"])
        ],
        dtype="string",
    )
    out["colour"] = out["part"].map(PART_COLOURS).astype("string")
    return out


def _takeaway_cells(data: pd.DataFrame, lang: str) -> str:
    cells = data[(data["whole"] == "tccsd") & (data["part"] == "chi_bo_co_so")].iloc[0]
    comm = data[(data["whole"] == "tccsd") & (data["part"] == "dang_bo_co_so")].iloc[0]
    f = ch.format_number
    if lang == "vi":
        return (
            f"Nếu {f(data['whole_count'].max(), lang)} chi bộ gồm mọi chi bộ, "
            f"khoảng {f(cells['count'], lang)} TCCSĐ là chi bộ cơ sở và {f(comm['count'], lang)} là đảng bộ cơ sở."
        )
    return (
        f"If the {f(data['whole_count'].max(), lang)} cells are all cells, about {f(cells['count'], lang)} "
        f"grassroots organisations are cells and {f(comm['count'], lang)} are committees."
    )


@register(
    "04-cells-2021-implied",
    notebook=NOTEBOOK,
    title={
        "vi": "Chi bộ cơ sở và đảng bộ cơ sở năm 2021, suy ra từ mẫu số sinh hoạt chuyên đề (số đơn vị)",
        "en": "Grassroots cells and committees in 2021, implied by the thematic-meeting denominator (units)",
    },
    takeaway=_takeaway_cells,
    data=cells_2021,
    note={
        "vi": "Gạch chéo: số suy ra, giả định số chi bộ ở mẫu số sinh hoạt chuyên đề (II.3) là toàn bộ chi bộ "
        "(chi bộ cơ sở + chi bộ trực thuộc); báo cáo không nói rõ.",
        "en": "Hatched: implied, assuming the cells in the thematic-meeting denominator (II.3) are all cells "
        "(grassroots cells + cells under committees); the report does not say.",
    },
)
def draw_cells(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one horizontal stacked bar per whole, split into its parts, implied parts hatched."""
    ax = fig.add_subplot()
    wholes = list(dict.fromkeys(data["whole"]))
    seen = set()
    for row, whole in enumerate(wholes):
        y = len(wholes) - 1 - row
        left = 0.0
        for _, r in data[data["whole"] == whole].iterrows():
            bar = ax.barh(
                [y],
                [float(r["count"])],
                left=left,
                color=r["colour"],
                edgecolor="white",
                height=0.6,
                hatch=IMPLIED_HATCH if r["source"] == "implied" else None,
                label=None if r["part"] in seen else r["part_label"][:1].upper() + r["part_label"][1:],
            )
            seen.add(r["part"])
            for text in ax.bar_label(
                bar, labels=[ch.format_number(r["count"], lang)], label_type="center", fontsize=13
            ):
                text.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1.5, "alpha": 0.85})
            left += float(r["count"])
        ax.text(
            left,
            y,
            "  = " + ch.format_number(left, lang),
            va="center",
            ha="left",
            fontsize=13,
            fontweight="bold",
        )
    labels = dict(zip(data["whole"], data["whole"].map(lambda w: WHOLE_LABELS[w][_i(lang)])))
    ax.set_yticks(range(len(wholes))[::-1], [labels[w] for w in wholes])
    ax.set_xlim(0, float(data["whole_count"].max()) * 1.15)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ch.number_axis(ax, lang, axis="x")
    ax.set_xlabel("Số đơn vị" if lang == "vi" else "Number of units")
    ax.legend(loc="lower right")
