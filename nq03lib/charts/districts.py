"""Charts of notebook 03: which district-level units and committees the report names, and for what."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from nq03lib.analysis import districts
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import Takeaway, register
from nq03lib.data.schema import UNITS
from nq03lib.text import Template, pick

NOTEBOOK = "03-district-gaps"

#: Colours of the matrix cells: shortfall, exemplary (fixed project colours).
VALENCE_COLOURS = [ch.colour_for("han_che"), ch.colour_for("dien_hinh")]

#: Line styles of the reference lines in the district-vs-target chart.
REFERENCE_STYLES = {"muc_tieu_nq03": "--", "muc_tieu_nq01_2021": ":"}

#: Bars shorter than this (in %) carry their value outside the bar, where it fits.
SHORT_BAR_PCT = 20.0

#: Words drawn on the charts, ``(vi, en)``.
TEXT = {
    "not_named": ("Không được nêu tên", "Not named"),
    "province": ("Toàn tỉnh", "Whole province"),
    "shortfall_axis": (
        "Số chủ đề đơn vị bị nêu hạn chế",
        "Topics for which the unit is named for a shortfall",
    ),
    "shortfall_short": ("Hạn chế", "Shortfalls"),
    "exemplary_short": ("Điển hình", "Exemplary"),
    "north": ("↑ Bắc", "↑ North"),
    "colourbar": ("Số chủ đề bị nêu hạn chế", "Topics named for a shortfall"),
    "committees": (
        "Đảng ủy trực thuộc Tỉnh ủy (không có trên\nbản đồ): số chủ đề bị nêu hạn chế",
        "Committees under the province (not on\nthe map): topics named for a shortfall",
    ),
}


# ---------------------------------------------------------------------------
# 03-district-matrix-heatmap


def tabulate_matrix(frames: Mapping[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the unit × topic cells with labels, score and the text written in each cell."""
    long = districts.build_unit_topics(frames)
    out = pd.DataFrame(
        {
            "area": long["area"],
            "area_label": districts.label_units(long, lang),
            "topic": long["topic"],
            "topic_label": districts.label_topics(long, lang, short=True),
            "valence": long["valence"],
            "valence_label": long["valence"].astype(str).map(ch.category_labels("valence", lang)),
            "score": long["score"],
            "cell_text": districts.format_cell_figures(long, lang),
            "mention_location": long["mention_location"],
            "value_location": long["value_location"],
        }
    )
    out["valence_label"] = out["valence_label"].fillna(pick(TEXT["not_named"], lang)).astype("string")
    return districts.format_locations(out, lang)


def _matrix_values(data: pd.DataFrame) -> dict:
    return {
        "named_units": data.loc[data["score"].notna(), "area"].nunique(),
        "units": data["area"].nunique(),
        "short": int((data["score"] < 0).sum()),
        "good": int((data["score"] > 0).sum()),
        "blank": int(data["score"].isna().sum()),
        "cells": len(data),
    }


@register(
    "03-district-matrix-heatmap",
    notebook=NOTEBOOK,
    title={
        "vi": "Đơn vị được báo cáo nêu tên: điển hình và hạn chế theo chủ đề",
        "en": "Units the report names: exemplary and shortfalls by topic",
    },
    takeaway=Takeaway(
        Template(
            vi="Báo cáo nêu tên {named_units:n}/{units:n} đơn vị: {short:n} ô hạn chế, {good:n} ô điển hình; "
            "{blank:n}/{cells:n} ô để trống vì đơn vị không được nêu tên, mà không được nêu tên thì không có "
            "nghĩa là làm tốt.",
            en="The report names {named_units:n} of {units:n} units: {short:n} shortfall cells, {good:n} exemplary "
            "cells; {blank:n} of {cells:n} cells are blank because the unit is not named (which does not mean it "
            "did well).",
        ),
        _matrix_values,
    ),
    data=tabulate_matrix,
    note={
        "vi": "Ô trống: không được nêu tên, không phải là làm tốt. Báo cáo không nêu tên đảng ủy thứ tư; "
        "nhãn ĐU Quân sự tỉnh là của nhóm phân tích.",
        "en": "Blank: not named, which is not a good mark. The report never names the fourth committee; "
        "the label Provincial Military PC is ours.",
    },
)
def draw_matrix(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw the unit × topic matrix: green exemplary, red shortfall, blank not named, figures in cells."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    ax = fig.add_subplot()
    ch.heatmap(
        data,
        x="topic_label",
        y="area_label",
        value="score",
        text="cell_text",
        cmap=ListedColormap(VALENCE_COLOURS),
        center=0.0,
        linewidths=0.8,
        linecolor="#cccccc",
        ax=ax,
    )
    ax.set_xticks(
        [j + 0.5 for j in range(data["topic_label"].nunique())],
        list(dict.fromkeys(data["topic_label"].astype(str))),
        rotation=0,
        ha="center",
        fontsize=9.5,
    )
    ax.tick_params(axis="both", length=0)
    ax.tick_params(axis="y", rotation=0)
    n_districts = int((data.drop_duplicates("area")["area"].astype(str).isin(districts.DISTRICTS)).sum())
    ax.axhline(n_districts, color=ch.TEXT_GREY, linewidth=2)
    for text in ax.texts:
        text.set_color("white")
        text.set_fontweight("bold")
        text.set_fontsize(10)
    valence = ch.category_labels("valence", lang)
    handles = [
        Patch(facecolor=ch.colour_for("dien_hinh"), label=valence["dien_hinh"]),
        Patch(facecolor=ch.colour_for("han_che"), label=valence["han_che"]),
        Patch(facecolor="white", edgecolor="#999999", label=pick(TEXT["not_named"], lang)),
    ]
    ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=3, fontsize=11)


# ---------------------------------------------------------------------------
# 03-district-shortfall-ranking


def tabulate_ranking(frames: Mapping[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return every unit with the number of topics it is named for a shortfall, most first."""
    rank = districts.rank_shortfalls(districts.build_unit_topics(frames))
    topics = ch.category_labels("topic", lang)
    out = rank.copy()
    out.insert(2, "area_label", districts.label_units(rank, lang))
    out["shortfall_topics"] = [
        "; ".join(topics[t] for t in codes.split(", ")) if codes else pd.NA
        for codes in rank["shortfall_topics"]
    ]
    out["shortfall_topics"] = out["shortfall_topics"].astype("string")
    out["bar_text"] = out["shortfall_topic_count"].map(lambda n: ch.format_number(n, lang)).astype("string")
    out["colour"] = ch.colour_for("han_che")
    return out


def _ranking_values(data: pd.DataFrame) -> dict:
    top = data.iloc[0]
    return {
        "top": str(top["area_label"]),
        "top_count": int(top["shortfall_topic_count"]),
        "topics": len(districts.TOPICS),
        "zero": int((data["shortfall_topic_count"] == 0).sum()),
        "units": len(data),
    }


@register(
    "03-district-shortfall-ranking",
    notebook=NOTEBOOK,
    title={
        "vi": "Số chủ đề mỗi đơn vị bị báo cáo nêu tên vì hạn chế",
        "en": "Number of topics for which the report names each unit for a shortfall",
    },
    takeaway=Takeaway(
        Template(
            vi="{top} bị nêu hạn chế ở nhiều chủ đề nhất ({top_count:n}/{topics:n}); {zero:n}/{units:n} đơn vị "
            "không bị nêu hạn chế nào, nhưng điều đó không chứng tỏ các đơn vị này không có hạn chế.",
            en="{top} is named for a shortfall on the most topics ({top_count:n} of {topics:n}); {zero:n} of "
            "{units:n} units are never named for one, which does not show they have none.",
        ),
        _ranking_values,
    ),
    data=tabulate_ranking,
    note={
        "vi": "0: báo cáo không nêu đơn vị vì hạn chế nào, không có nghĩa là đơn vị không có hạn chế; "
        "ĐU Quân sự tỉnh không được nêu tên.",
        "en": "0 means the report names the unit for no shortfall, not that it has none; the Provincial "
        "Military PC is not named anywhere.",
    },
)
def draw_ranking(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one horizontal bar per unit (most shortfalls at the top), zero-count units included."""
    from matplotlib.ticker import MaxNLocator

    ax = fig.add_subplot()
    ch.bar_labelled(
        data,
        x="area_label",
        y="shortfall_topic_count",
        colour="colour",
        labels="bar_text",
        horizontal=True,
        ax=ax,
    )
    ax.set_xlabel(pick(TEXT["shortfall_axis"], lang))
    ax.set_xlim(0, float(data["shortfall_topic_count"].max()) + 1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


# ---------------------------------------------------------------------------
# 03-district-vs-province-target


def tabulate_versus(frames: Mapping[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return each district figure of the two village-leadership indicators with the province and targets."""
    table = districts.compare_with_province_and_targets(frames["rates"], frames["stated_changes"])
    long = districts.build_unit_topics(frames)
    valence = {}
    for _, r in long.dropna(subset=["value"]).iterrows():
        source = districts.TOPIC_FIGURES.get(str(r["topic"]))
        if source and source[0] == "rates":
            valence[(source[1], str(r["area"]))] = str(r["valence"])
    out = table.copy()
    out.insert(1, "indicator_label", out["indicator"].astype(str).map(ch.category_labels("indicator", lang)))
    out.insert(3, "area_label", districts.label_units(out, lang))
    out.insert(6, "reference_label", out["reference"].astype(str).map(ch.category_labels("reference", lang)))
    out["valence"] = [valence[(str(i), str(a))] for i, a in zip(out["indicator"], out["area"])]
    for col in ("indicator_label", "reference_label", "valence"):
        out[col] = out[col].astype("string")
    return districts.format_locations(out, lang)


def _versus_values(data: pd.DataFrame) -> dict:
    met = data.groupby(["indicator", "area"], observed=True)["meets_target"].any()
    worst = data.loc[data["district_minus_target_pp"].idxmin()]
    return {
        "figures": len(data.drop_duplicates(["indicator", "area"])),
        "below": int((~met).sum()),
        "unit": str(worst["area_label"]),
        "district": float(worst["district_pct"]),
        "target": float(worst["target_pct"]),
        "gap": abs(float(worst["district_minus_target_pp"])),
    }


@register(
    "03-district-vs-province-target",
    notebook=NOTEBOOK,
    title={
        "vi": "Số liệu cấp huyện so với toàn tỉnh và mục tiêu, 2021 (%)",
        "en": "District figures against the province and the targets, 2021 (%)",
    },
    takeaway=Takeaway(
        Template(
            vi="Trong {figures:n} số liệu cấp huyện báo cáo nêu, {below:n} số chưa đạt mục tiêu; xa mục tiêu nhất "
            "là {unit} ({district:pct}), thấp hơn mục tiêu {target:pct} là {gap:n2} điểm phần trăm.",
            en="{below:n} of the {figures:n} district figures the report prints miss their targets; of these, the "
            "furthest is {unit} ({district:pct}), {gap:n2} percentage points below the {target:pct} target.",
        ),
        _versus_values,
    ),
    data=tabulate_versus,
    note={
        "vi": "Mục tiêu suy ra từ “vượt …%” / “đạt …% so với” (đọc là điểm phần trăm), báo cáo không in trực tiếp.",
        "en": "Targets implied by “vượt …%” / “đạt …% so với” (read as percentage points); the report does not print them.",
    },
)
def draw_versus(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one panel per indicator: a bar per district, a line for the province and one per target.

    A bar's value is written inside its end in white; a bar too short to hold
    it (under :data:`SHORT_BAR_PCT`) carries it just outside, in black.
    """
    indicators = list(dict.fromkeys(data["indicator"].astype(str)))
    sizes = [data.loc[data["indicator"] == i, "area"].nunique() for i in indicators]
    axes = fig.subplots(len(indicators), 1, sharex=True, gridspec_kw={"height_ratios": sizes})
    axes = [axes] if len(indicators) == 1 else list(axes)
    for ax, indicator in zip(axes, indicators):
        part = data[data["indicator"] == indicator]
        bars = part.drop_duplicates("area")
        positions = list(range(len(bars)))[::-1]
        ax.barh(
            positions,
            bars["district_pct"].astype(float),
            color=[ch.colour_for(v) for v in bars["valence"]],
            height=0.6,
        )
        ax.set_yticks(positions, bars["area_label"].astype(str).tolist())
        for pos, value in zip(positions, bars["district_pct"].astype(float)):
            inside = value >= SHORT_BAR_PCT
            ax.text(
                value - 1 if inside else value + 1,
                pos,
                ch.format_pct(value, lang),
                ha="right" if inside else "left",
                va="center",
                color="white" if inside else "black",
                fontsize=12,
                fontweight="bold",
            )
        province = float(part["province_pct"].iloc[0])
        ax.axvline(
            province,
            color=ch.colour_for("province"),
            linewidth=2,
            label=f"{pick(TEXT['province'], lang)}: {ch.format_pct(province, lang)}",
        )
        for _, t in part.drop_duplicates("reference").iterrows():
            ax.axvline(
                float(t["target_pct"]),
                color=ch.colour_for("target"),
                linewidth=2,
                linestyle=REFERENCE_STYLES.get(str(t["reference"]), "--"),
                label=f"{t['reference_label']}: {ch.format_pct(float(t['target_pct']), lang)}",
            )
        ax.set_title(str(part["indicator_label"].iloc[0]), fontsize=13, loc="left")
        ax.set_ylim(-0.6, len(bars) - 0.4)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=11)
    axes[-1].set_xlim(0, 100)
    ch.percent_axis(axes[-1], lang, axis="x")


# ---------------------------------------------------------------------------
# 03-district-tile-map


def tabulate_tile_map(frames: Mapping[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return every unit with its shortfall and exemplary counts: the 10 districts with their tile, then the committees.

    The committees have no territory and no tile; the chart lists them beside the map.
    """
    rank = tabulate_ranking(frames, lang)
    tiles_of = [UNITS[str(a)].get("tile", (None, None)) for a in rank["area"]]
    rank["tile_row"] = pd.array([row for row, _ in tiles_of], "Int64")
    rank["tile_col"] = pd.array([col for _, col in tiles_of], "Int64")
    cols = [
        "area",
        "area_label",
        "unit_kind",
        "tile_row",
        "tile_col",
        "shortfall_topic_count",
        "exemplary_topic_count",
        "net_count",
    ]
    tiles = rank[rank["unit_kind"] == "district"].sort_values(["tile_row", "tile_col"])
    committees = rank[rank["unit_kind"] == "committee"].set_index("area", drop=False)
    committees = committees.loc[[a for a in districts.COMMITTEES if a in committees.index]]
    return pd.concat([tiles[cols], committees[cols]], ignore_index=True)


def _tile_map_values(data: pd.DataFrame) -> dict:
    tiles = data[data["unit_kind"] == "district"]
    most = tiles["shortfall_topic_count"].max()
    return {
        "names": ", ".join(tiles.loc[tiles["shortfall_topic_count"] == most, "area_label"].astype(str)),
        "count": int(most),
        "zero": ", ".join(tiles.loc[tiles["shortfall_topic_count"] == 0, "area_label"].astype(str)),
    }


@register(
    "03-district-tile-map",
    notebook=NOTEBOOK,
    title={
        "vi": "Số chủ đề mỗi huyện, thành phố bị nêu hạn chế (bản đồ ô vuông)",
        "en": "Topics for which each district is named for a shortfall (tile map)",
    },
    takeaway=Takeaway(
        Template(
            vi="Trong các huyện, thành phố, {names} bị nêu hạn chế ở nhiều chủ đề nhất ({count:n}); không bị nêu "
            "hạn chế ở chủ đề nào: {zero} (không bị nêu không có nghĩa là không có hạn chế).",
            en="Among the districts, {names} is named for a shortfall on the most topics ({count:n}); never named "
            "for one: {zero} (which does not mean they have none).",
        ),
        _tile_map_values,
    ),
    data=tabulate_tile_map,
    note={
        "vi": "Bản đồ ô vuông mang tính sơ đồ, vị trí gần đúng",
        "en": "Schematic tile map; positions approximate",
    },
)
def draw_tile_map(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw the schematic tile map coloured by shortfall count, with the committees listed beside it."""
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import BoundaryNorm

    vmax = int(data["shortfall_topic_count"].max())
    tiles = data[data["unit_kind"] == "district"].astype({"tile_row": int, "tile_col": int})
    tiles = tiles.assign(
        tile_text=[
            f"{pick(TEXT['shortfall_short'], lang)}: {s}\n{pick(TEXT['exemplary_short'], lang)}: {e}"
            for s, e in zip(tiles["shortfall_topic_count"], tiles["exemplary_topic_count"])
        ]
    )
    grid = fig.add_gridspec(1, 2, width_ratios=[3.4, 2.0])
    ax = fig.add_subplot(grid[0, 0])
    ch.tile_map(
        tiles,
        row="tile_row",
        col="tile_col",
        value="shortfall_topic_count",
        name="area_label",
        text="tile_text",
        cmap="Reds",
        vmin=0,
        vmax=vmax,
        ax=ax,
    )
    # scale the tile labels with the figure so they stay inside the tiles at notebook size
    scale = min(1.0, fig.get_figheight() / ch.SIZES["16:9"][1])
    for text in ax.texts:
        text.set_fontsize(12 * scale)
    ax.text(
        0.0,
        1.0,
        pick(TEXT["north"], lang),
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=12,
        color=ch.TEXT_GREY,
    )
    # one colour band per whole count, the same colours the tiles get (count / vmax of the map)
    bounds = [b - 0.5 for b in range(vmax + 2)]
    mappable = ScalarMappable(norm=BoundaryNorm(bounds, 256), cmap=colormaps["Reds"])
    bar = fig.colorbar(mappable, ax=ax, ticks=list(range(vmax + 1)), shrink=0.7, pad=0.04)
    bar.set_label(pick(TEXT["colourbar"], lang))
    bar.ax.tick_params(length=0)
    side = fig.add_subplot(grid[0, 1])
    side.axis("off")
    committees = data[data["unit_kind"] == "committee"]
    lines = [f"{r['area_label']}: {r['shortfall_topic_count']}" for _, r in committees.iterrows()]
    side.text(
        0.05,
        0.95,
        pick(TEXT["committees"], lang),
        fontsize=12,
        fontweight="bold",
        va="top",
        transform=side.transAxes,
    )
    side.text(0.05, 0.8, "\n".join(lines), fontsize=12, va="top", linespacing=1.6, transform=side.transAxes)
