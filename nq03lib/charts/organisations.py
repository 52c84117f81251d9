"""Charts of notebook 04 (II.2, II.5, fn14): organisations by type, stocks, restructuring since 8-2016.

Every ``data`` function takes the tables of one source (``frames``) and the
language; every takeaway is one :class:`~nq03lib.text.Template` per language
filled from values computed once from the chart's table.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.patches import Patch

from nq03lib.analysis.frames import one_row
from nq03lib.analysis.organisations import (
    BEFORE_REORGANISATION,
    build_bridge,
    compare_stocks,
    count_by_type,
    imply_cells_2021,
    list_flows_by_kind,
)
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import Takeaway, register
from nq03lib.data.schema import CATEGORIES
from nq03lib.text import LANGS, MINUS, Template, format_number, format_signed, pick

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
#: Short labels of the stocks (tick labels; a newline where a tick label wraps).
ENTITY_SHORT = {
    "tccsd": ("TCCSĐ", "Grassroots organisations"),
    "chi_bo_truc_thuoc": ("Chi bộ trực thuộc\nđảng ủy cơ sở", "Cells under\ngrassroots committees"),
    "thon": ("Thôn, tổ dân phố", "Villages and\nresidential groups"),
}
#: Labels of the bridge steps: the dates, and the flows as the schema names them ("New" is shorter).
STEP_LABELS = {
    "start": PERIOD_SHORT["2016-08"],
    "thanh_lap_moi": (CATEGORIES["action"]["thanh_lap_moi"][0], "New"),
    "giai_the": CATEGORIES["action"]["giai_the"],
    "sap_nhap": CATEGORIES["action"]["sap_nhap"],
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
#: Shorter labels of the parts of a TCCSĐ bridge step (tick labels): the English drops "grassroots".
BRIDGE_PART_SHORT = {
    "dang_bo_co_so": (KIND_SHORT["dang_bo_co_so"][0], "committees"),
    "chi_bo_co_so": (KIND_SHORT["chi_bo_co_so"][0], "cells"),
}
#: Labels of the wholes of the 2021 split implied by the thematic-meeting denominator.
WHOLE_LABELS = {
    "all_cells": (
        "Chi bộ (mẫu số sinh hoạt\nchuyên đề, mục II.3)",
        "Cells (thematic-meeting\ndenominator, section II.3)",
    ),
    "tccsd": ("TCCSĐ (mục II.2)", "Grassroots organisations (section II.2)"),
}
PART_COLOURS = {c: ch.COLOURS[c] for c in ("chi_bo_co_so", "chi_bo_truc_thuoc", "dang_bo_co_so")}
#: Axis titles.
UNITS_AXIS = {"vi": "Số đơn vị", "en": "Number of units"}
TCCSD_AXIS = {"vi": "Số TCCSĐ", "en": "Number of organisations"}
#: What marks a bar's value as implied rather than printed.
IMPLIED_MARK = {"vi": " (suy ra)", "en": " (implied)"}


def _one_line(pair: tuple[str, str], lang: str) -> str:
    return pick(pair, lang).replace("\n", " ")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- 04-organisations-by-type -----------------------------------------------------------------


def tabulate_by_type(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the 2021 TCCSĐ by type, largest first, with labels and printed shares."""
    out = count_by_type(frames["organisations"])
    labels = ch.category_labels("org_type", lang)
    out.insert(1, "org_type_label", out["org_type"].map(labels).astype("string"))
    out["bar_text"] = [
        f"{ch.format_number(c, lang)} ({ch.format_pct(s, lang)})"
        for c, s in zip(out["count"], out["share_pct"])
    ]
    out["colour"] = out["org_type"].map(ch.colour_for)
    return out


def _values_by_type(data: pd.DataFrame) -> dict:
    top = data.iloc[0]
    return {
        "top": CATEGORIES["org_type"][str(top["org_type"])],
        "share": float(top["share_pct"]),
        "total": int(data["count"].sum()),
    }


@register(
    "04-organisations-by-type",
    notebook=NOTEBOOK,
    title={
        "vi": "Tổ chức cơ sở đảng theo loại hình, 2021",
        "en": "Grassroots party organisations by type, 2021",
    },
    takeaway=Takeaway(
        Template(
            vi="{top} chiếm nhiều nhất: {share:pct} trong {total:n} TCCSĐ.",
            en="{top} are the largest group: {share:pct} of {total:n}.",
        ),
        _values_by_type,
    ),
    data=tabulate_by_type,
)
def draw_organisations_by_type(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw horizontal bars of TCCSĐ per type with count and share."""
    ax = fig.add_subplot()
    ch.bar_labelled(
        data, x="org_type_label", y="count", colour="colour", labels="bar_text", horizontal=True, ax=ax
    )
    ax.set_xlabel(pick(TCCSD_AXIS, lang))
    ax.set_xlim(0, float(data["count"].max()) * 1.25)
    ch.number_axis(ax, lang, axis="x")


# --- 04-organisations-stocks ------------------------------------------------------------------


def tabulate_stocks(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the TCCSĐ and cells under committees (8-2016, 2021) and villages (before the reorganisation, 2021).

    The villages' "before" is the undated count implied by fn14: it is drawn
    beside the 2021 bar like 8-2016 is, but never labelled 8-2016.
    """
    out = compare_stocks(frames["organisations"], frames["restructuring"], frames["stated_changes"])
    out.insert(
        1, "entity_label", out["entity"].map(lambda e: _one_line(ENTITY_SHORT[e], lang)).astype("string")
    )
    out.insert(3, "period_label", out["period"].map(lambda p: pick(PERIOD_SHORT[p], lang)).astype("string"))
    texts = []
    for _, r in out.iterrows():
        text = ch.format_number(r["count"], lang)
        if r["source"] == "implied":
            text += pick(IMPLIED_MARK, lang)
        if r["period"] == "2021":
            text += "\n" + format_signed(r["change_pct"], lang, 2, pct=True)
        texts.append(text)
    out["bar_text"] = pd.array(texts, dtype="string")
    out["colour"] = out["period"].map(PERIOD_COLOURS).astype("string")
    return out


def _values_stocks(data: pd.DataFrame) -> dict:
    after = data[data["period"] == "2021"].set_index("entity")["change_pct"]
    return {"tccsd": after["tccsd"], "cells": after["chi_bo_truc_thuoc"], "villages": after["thon"]}


@register(
    "04-organisations-stocks",
    notebook=NOTEBOOK,
    title={
        "vi": "TCCSĐ, chi bộ trực thuộc (8-2016 và 2021) và thôn (trước sắp xếp và 2021)",
        "en": "Organisations and cells (Aug 2016, 2021), villages (before reorganisation, 2021)",
    },
    takeaway=Takeaway(
        Template(
            vi="Từ 8-2016 đến 2021: TCCSĐ {tccsd:+pct}, chi bộ trực thuộc {cells:+pct} (đúng như báo cáo "
            "nêu); thôn, tổ dân phố {villages:+pct} so với số trước sắp xếp thôn (suy ra; báo cáo không ghi "
            "thời điểm, không phải số 8-2016).",
            en="From Aug 2016 to 2021: grassroots organisations {tccsd:+pct}, cells under committees "
            "{cells:+pct} (as the report states); villages {villages:+pct} against the implied number before "
            "the reorganisation (undated in the report, not the Aug 2016 number).",
        ),
        _values_stocks,
    ),
    data=tabulate_stocks,
    note={
        "vi": "Gạch chéo: số thôn trước sắp xếp, suy ra từ số còn lại và số giảm (chú thích 14), "
        "không ghi thời điểm; % tính lại từ số đếm.",
        "en": "Hatched: villages before the reorganisation, implied by those left and the reduction "
        "(footnote 14), undated; % recomputed from counts.",
    },
)
def draw_stocks(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw a pair of bars per stock (before, 2021), the implied undated villages hatched."""
    ax = fig.add_subplot()
    entities = list(dict.fromkeys(data["entity"]))
    width = 0.38
    after = data["period"] == "2021"
    for j, part in enumerate((data[~after], data[after])):
        part = part.set_index("entity").loc[entities]
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
    ax.set_xticks(range(len(entities)), [pick(ENTITY_SHORT[e], lang) for e in entities])
    ax.set_ylim(0, float(data["count"].max()) * 1.38)
    ch.number_axis(ax, lang)
    ax.set_ylabel(pick(UNITS_AXIS, lang))
    periods = list(dict.fromkeys(data["period"]))
    order = [p for p in PERIOD_SHORT if p in periods]
    handles = [
        Patch(
            facecolor=PERIOD_COLOURS[p],
            edgecolor=ch.TEXT_GREY if p == BEFORE_REORGANISATION else "white",
            hatch=IMPLIED_HATCH if p == BEFORE_REORGANISATION else None,
            label=pick(PERIOD_SHORT[p], lang),
        )
        for p in order
    ]
    ax.legend(handles=handles, loc="upper left", ncols=3, fontsize=11)


# --- 04-restructuring-bridge-* -----------------------------------------------------------------

#: The sentence under a bridge: our model's sum against the stated total.
GAP_NOTE = Template(
    vi="Theo cách tính của nhóm phân tích: {sums} = {implied:n},{sep}báo cáo nêu {stated:n} "
    "(chênh lệch {gap:+n}); báo cáo không nêu phép cộng này.",
    en="By our model of the flows: {sums} = {implied:n},{sep}the report states {stated:n} "
    "(gap {gap:+n}); the report states no such sum.",
)
#: The shortest gap, as a share of the chart's height, drawn as an arrow from the implied to the stated total.
MIN_ARROW = 0.02
#: The gap written over the stated bar.
GAP_LABEL = Template(vi="Chênh lệch {gap:+n}", en="Gap {gap:+n}")


def _parts_text(parts: str, lang: str) -> str:
    if not parts:
        return ""
    items = [p.split("=") for p in str(parts).split(";")]
    return "\n+ ".join(
        f"{ch.format_number(int(v), lang)} {pick(BRIDGE_PART_SHORT[k], lang)}" for k, v in items
    )


def tabulate_bridge(frames: dict[str, pd.DataFrame], entity: str, lang: str = "vi") -> pd.DataFrame:
    """Return the bridge of ``entity`` since 8-2016 with step labels.

    The parts of a TCCSĐ step (committees and cells) are spelled out in its
    label, so the code column ``parts`` of :func:`build_bridge` is left out.
    """
    out = build_bridge(frames["restructuring"], frames["organisations"], entity)
    labels = []
    for step, parts in zip(out["step"], out["parts"]):
        label = pick(STEP_LABELS[step], lang)
        if entity == "tccsd" and parts:
            label += "\n(" + _parts_text(parts, lang) + ")"
        labels.append(label)
    out.insert(2, "step_label", pd.array(labels, dtype="string"))
    return out.drop(columns="parts")


def _sum_text(start: int, flows: list[int], lang: str) -> str:
    """Write "698 + 49 − 50 − 31" in the language's number format."""
    signed = " ".join(f"{'+' if d >= 0 else MINUS} {format_number(abs(d), lang)}" for d in flows)
    return f"{format_number(start, lang)} {signed}"


def _values_bridge(data: pd.DataFrame) -> dict:
    start = int(one_row(data, step="start")["delta_count"])
    flows = [int(d) for d in data.loc[data["kind"] == "flow", "delta_count"]]
    return {
        "sums": tuple(_sum_text(start, flows, lang) for lang in LANGS),
        "implied": int(one_row(data, step="implied_end")["level_count"]),
        "stated": int(one_row(data, step="stated_end")["level_count"]),
        "gap": int(data["gap_count"].iloc[0]),
        "sep": " ",
    }


def write_gap_note(data: pd.DataFrame, lang: str, wrap: bool = False) -> str:
    """Write the sentence saying how far our model of the flows misses the stated total.

    ``wrap`` breaks it into two lines for a chart.
    """
    values = {k: pick(v, lang) if isinstance(v, tuple) else v for k, v in _values_bridge(data).items()}
    return GAP_NOTE.format(lang, **{**values, "sep": "\n" if wrap else " "})


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
    if abs(stated - implied) >= MIN_ARROW * top:  # a shorter arrow shows only its head, like a stray letter
        ax.annotate(
            "",
            xy=(k_stated + 0.45, stated),
            xytext=(k_stated + 0.45, implied),
            arrowprops={"arrowstyle": "->", "color": red, "linewidth": 1.8, "shrinkA": 0, "shrinkB": 0},
        )
    ax.text(
        (k_implied + k_stated) / 2,
        max(implied, stated) + 0.08 * top,
        GAP_LABEL.format(lang, gap=int(data["gap_count"].iloc[0])),
        ha="center",
        va="bottom",
        fontsize=13,
        fontweight="bold",
        color=red,
    )
    ax.text(
        0.0,
        1.02,
        write_gap_note(data, lang, wrap=True),
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        fontsize=12,
        color=red,
    )
    ax.set_xlim(-0.6, len(steps) - 0.3)
    ax.set_ylim(0, top * 1.22)
    ax.set_ylabel(pick(UNITS_AXIS, lang))


_BRIDGE_NOTE = {
    "vi": "Gạch chéo: tổng theo cách tính của nhóm phân tích (mọi đơn vị sáp nhập coi như mất đi), "
    "không phải phép tính của báo cáo.",
    "en": "Hatched: total by our model of the flows (every merged unit counted as gone), not a sum the report makes.",
}
_BRIDGE_TAKEAWAY = Takeaway(GAP_NOTE, _values_bridge)


def tabulate_bridge_tccsd(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the TCCSĐ bridge (see :func:`tabulate_bridge`)."""
    return tabulate_bridge(frames, "tccsd", lang)


def tabulate_bridge_chi_bo(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the bridge of cells under committees (see :func:`tabulate_bridge`)."""
    return tabulate_bridge(frames, "chi_bo_truc_thuoc", lang)


@register(
    "04-restructuring-bridge-tccsd",
    notebook=NOTEBOOK,
    title={
        "vi": "Biến động số TCCSĐ từ 8-2016 đến 2021 (số đơn vị)",
        "en": "Change in grassroots party organisations, Aug 2016 to 2021 (units)",
    },
    takeaway=_BRIDGE_TAKEAWAY,
    data=tabulate_bridge_tccsd,
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
    takeaway=_BRIDGE_TAKEAWAY,
    data=tabulate_bridge_chi_bo,
    note=_BRIDGE_NOTE,
)
def draw_bridge_chi_bo(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw the bridge of cells under committees: 8-2016, new, dissolved, merged, implied and stated 2021."""
    _draw_bridge(data, lang, fig)


# --- 04-restructuring-by-kind ------------------------------------------------------------------

#: The direction of the net change of the kind of unit that moved most.
NET_DIRECTION = {
    True: ("thực giảm", "a net fall of"),
    False: ("thực tăng", "a net rise of"),
}


def tabulate_flows_by_kind(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the flows since 8-2016 per kind of unit and action, with labels and colours."""
    out = list_flows_by_kind(frames["restructuring"])
    out.insert(
        1,
        "unit_kind_label",
        out["unit_kind"].astype(str).map(lambda k: _capitalise(pick(KIND_SHORT[k], lang))).astype("string"),
    )
    actions = ch.category_labels("action", lang)
    out.insert(3, "action_label", out["action"].astype(str).map(actions).astype("string"))
    out["colour"] = out["action"].astype(str).map(ACTION_COLOURS).astype("string")
    return out


def _values_by_kind(data: pd.DataFrame) -> dict:
    net = data.groupby("unit_kind", observed=True)["signed_count"].sum()
    gross = data.groupby("unit_kind", observed=True)["count"].sum()
    big = gross.idxmax()
    return {
        "kind": KIND_SHORT[str(big)],
        "moved": int(gross[big]),
        "direction": NET_DIRECTION[bool(net[big] <= 0)],
        "net": abs(int(net[big])),
    }


@register(
    "04-restructuring-by-kind",
    notebook=NOTEBOOK,
    title={
        "vi": "Thành lập mới, giải thể, sáp nhập tổ chức đảng theo loại, 8-2016 đến 2021 (số đơn vị)",
        "en": "Party organisations created, dissolved and merged by kind, Aug 2016 to 2021 (units)",
    },
    takeaway=Takeaway(
        Template(
            vi="Phần lớn biến động là {kind}: {moved:n} lượt thành lập, giải thể, sáp nhập, "
            "{direction} {net:n} theo các số nêu.",
            en="Most of the restructuring concerns {kind}: {moved:n} units created, dissolved or merged, "
            "{direction} {net:n} by the stated flows.",
        ),
        _values_by_kind,
    ),
    data=tabulate_flows_by_kind,
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
    ax.set_yticks(range(len(kinds))[::-1], [_capitalise(labels[k]) for k in kinds])
    ax.set_xlim(0, float(data["count"].max()) * 1.15)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ch.number_axis(ax, lang, axis="x")
    ax.set_xlabel(pick(UNITS_AXIS, lang))
    ax.legend(loc="upper right")


# --- 04-cells-2021-implied ---------------------------------------------------------------------


def tabulate_cells_2021(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the 2021 split of cells and TCCSĐ implied by the thematic-meeting denominator."""
    out = imply_cells_2021(frames["rates"], frames["organisations"])
    out.insert(
        1, "whole_label", out["whole"].map(lambda w: _one_line(WHOLE_LABELS[w], lang)).astype("string")
    )
    out.insert(
        3, "part_label", out["part"].map(lambda k: _capitalise(pick(KIND_SHORT[k], lang))).astype("string")
    )
    mark = pick(IMPLIED_MARK, lang)
    out["bar_text"] = pd.array(
        [
            f"{ch.format_number(c, lang)}{mark if s == 'implied' else ''}"
            for c, s in zip(out["count"], out["source"])
        ],
        dtype="string",
    )
    out["colour"] = out["part"].map(PART_COLOURS).astype("string")
    return out


def _values_cells(data: pd.DataFrame) -> dict:
    return {
        "all_cells": int(data["whole_count"].max()),
        "cells": int(one_row(data, whole="tccsd", part="chi_bo_co_so")["count"]),
        "committees": int(one_row(data, whole="tccsd", part="dang_bo_co_so")["count"]),
    }


@register(
    "04-cells-2021-implied",
    notebook=NOTEBOOK,
    title={
        "vi": "Chi bộ cơ sở và đảng bộ cơ sở năm 2021, suy ra từ mẫu số sinh hoạt chuyên đề (số đơn vị)",
        "en": "Grassroots cells and committees in 2021, implied by the thematic-meeting denominator (units)",
    },
    takeaway=Takeaway(
        Template(
            vi="Nếu {all_cells:n} chi bộ gồm mọi chi bộ, khoảng {cells:n} TCCSĐ là chi bộ cơ sở và "
            "{committees:n} là đảng bộ cơ sở.",
            en="If the {all_cells:n} cells are all cells, about {cells:n} grassroots organisations are cells "
            "and {committees:n} are committees.",
        ),
        _values_cells,
    ),
    data=tabulate_cells_2021,
    note={
        "vi": "Gạch chéo: số suy ra, giả định số chi bộ ở mẫu số sinh hoạt chuyên đề (mục II.3) là toàn bộ chi bộ "
        "(chi bộ cơ sở + chi bộ trực thuộc); báo cáo không nói rõ.",
        "en": "Hatched: implied, assuming the cells in the thematic-meeting denominator (section II.3) are all "
        "cells (grassroots cells + cells under committees); the report does not say.",
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
                label=None if r["part"] in seen else _capitalise(r["part_label"]),
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
    ax.set_yticks(range(len(wholes))[::-1], [pick(WHOLE_LABELS[w], lang) for w in wholes])
    ax.set_xlim(0, float(data["whole_count"].max()) * 1.15)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ch.number_axis(ax, lang, axis="x")
    ax.set_xlabel(pick(UNITS_AXIS, lang))
    ax.legend(loc="lower right")
