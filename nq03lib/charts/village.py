"""Charts of notebook 05: village heads who are party members and secretaries who are heads (II.2, III.2)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd

from nq03lib.analysis.districts import format_locations
from nq03lib.analysis.frames import select
from nq03lib.analysis.village import INDICATORS, build_trajectory, collect_targets, compare_readings
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import Takeaway, register
from nq03lib.text import Template, check_lang, pick

NOTEBOOK = "05-village-leadership"

#: Colour of each indicator and of each reading of "tăng x%", from the shared palette.
INDICATOR_COLOURS = {c: ch.COLOURS[c] for c in ("thon_truong_la_dang_vien", "bi_thu_kiem_thon_truong")}
READING_COLOURS = {c: ch.COLOURS[c] for c in ("pp", "relative")}
READING_LABELS = {
    "pp": ("Đọc là điểm phần trăm", "Read as percentage points"),
    "relative": ("Đọc là % tương đối", "Read as relative %"),
}
#: Short chart labels of the targets.
TARGET_LABELS = {
    "muc_tieu_nq03": ("Mục tiêu NQ 03", "Res. 03 target"),
    "muc_tieu_nq01_2021": ("Mục tiêu NQ 01 năm 2021", "Res. 01 target, 2021"),
}
TARGET_STYLES = {"muc_tieu_nq03": ":", "muc_tieu_nq01_2021": "--"}
#: Short labels of the three dates and their position in years (report dated 28-9-2021).
PERIOD_LABELS = {
    "2016-08": ("8-2016\n(ban hành NQ)", "Aug 2016\n(resolution)"),
    "2019-09": ("9-2019\n(sơ kết 3 năm)", "Sep 2019\n(mid-term)"),
    "2021": ("9-2021\n(báo cáo)", "Sep 2021\n(report)"),
}
PERIOD_YEARS = {"2016-08": 2016 + 7 / 12, "2019-09": 2019 + 8 / 12, "2021": 2021 + 8 / 12}
#: Target lines start here: they are end-of-period targets, not a path.
TARGET_FROM_YEAR = 2020.0
SHORT_INDICATOR = {
    "thon_truong_la_dang_vien": ("Thôn trưởng là đảng viên", "Heads who are members"),
    "bi_thu_kiem_thon_truong": ("Bí thư kiêm thôn trưởng", "Secretaries who are heads"),
}
#: The topics of ``unit_mentions`` that name a unit for each indicator.
INDICATOR_TOPICS = {
    "thon_truong_la_dang_vien": ["thon_truong_vuot_muc_tieu", "thon_truong_chua_dat_muc_tieu"],
    "bi_thu_kiem_thon_truong": ["bi_thu_kiem_thon_truong_dien_hinh", "bi_thu_kiem_thon_truong_thap"],
}
#: Words drawn on the charts, ``(vi, en)``.
TEXT = {
    "trajectory_axis": ("Tỉ lệ trên tổng số thôn, tổ dân phố (%)", "Share of villages (%)"),
    "readings_axis": ("Tỉ lệ (%)", "Share (%)"),
    "districts_axis": ("Tỉ lệ năm 2021 (%)", "Share in 2021 (%)"),
    "via": ("theo", "via"),
    "same": (" (như nhau)", " (both)"),
}
#: Characters a line of the note under the heads' panel holds (it stays within the panel).
NOTE_WIDTH = 48
#: The note under the heads' panel about the units named without a rate.
NAMED_WITHOUT_RATE = Template(
    vi="+ {n:n} đơn vị khác được nêu điển hình vượt mục tiêu ({location}), không nêu tỉ lệ",
    en="+ {n:n} other units named as exemplary, above target ({location}); no rate given",
)


def _short_label(labels: dict[str, tuple[str, str]], lang: str) -> dict[str, str]:
    return {code: pick(pair, lang) for code, pair in labels.items()}


# --- 05-village-heads-trajectory -------------------------------------------------------------


def tabulate_trajectory(frames: Mapping[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the 2016 → 2019 → 2021 shares (pp reading) and the implied targets, with labels."""
    check_lang(lang)
    stated, rates = frames["stated_changes"], frames["rates"]
    path = build_trajectory(stated, rates, "pp")
    path = path.assign(series="share", reference=pd.NA)
    targets = collect_targets(stated, rates, "pp")
    tgt = targets.assign(
        series="target",
        period="2021",
        share_pct=targets["target_pct"],
        source="implied",
        change_pct=targets["value_pct"],
    )
    cols = ["indicator", "series", "period", "reference", "share_pct", "source", "change_pct", "location"]
    out = pd.concat(
        [path[cols].astype({"period": "string"}), tgt[cols].astype({"period": "string"})], ignore_index=True
    )
    out["indicator"] = pd.Categorical(out["indicator"].astype(str), categories=list(INDICATORS), ordered=True)
    out.insert(1, "indicator_label", out["indicator"].astype(str).map(_short_label(SHORT_INDICATOR, lang)))
    periods = _short_label(PERIOD_LABELS, lang)
    targets_short = _short_label(TARGET_LABELS, lang)
    out["period_label"] = out["period"].map(lambda p: periods[p].replace("\n", " "))
    out["reference_label"] = out["reference"].map(lambda r: targets_short[r] if isinstance(r, str) else pd.NA)
    out["reference"] = out["reference"].astype("string")
    for col in ("indicator_label", "period_label", "reference_label", "series", "source", "location"):
        out[col] = out[col].astype("string")
    out = out.sort_values(["indicator", "series"], kind="stable").reset_index(drop=True)
    return format_locations(out, lang)


def _trajectory_values(data: pd.DataFrame) -> dict:
    share = data[data["series"] == "share"].set_index(["indicator", "period"])["share_pct"]
    sec_target = data[(data["series"] == "target") & (data["indicator"] == "bi_thu_kiem_thon_truong")].iloc[0]
    return {
        "heads_start": share[("thon_truong_la_dang_vien", "2016-08")],
        "heads_now": share[("thon_truong_la_dang_vien", "2021")],
        "sec_start": share[("bi_thu_kiem_thon_truong", "2016-08")],
        "sec_now": share[("bi_thu_kiem_thon_truong", "2021")],
        "sec_target": sec_target["share_pct"],
    }


@register(
    "05-village-heads-trajectory",
    notebook=NOTEBOOK,
    title={
        "vi": "Thôn trưởng là đảng viên và bí thư chi bộ kiêm thôn trưởng, 2016–2021 (%)",
        "en": "Village heads who are party members and secretaries who are heads, 2016–2021 (%)",
    },
    takeaway=Takeaway(
        Template(
            vi="Thôn trưởng là đảng viên: {heads_start:pct} → {heads_now:pct}, vượt cả hai mục tiêu; bí thư kiêm "
            "thôn trưởng: {sec_start:pct} → {sec_now:pct}, chưa đạt mục tiêu {sec_target:pct}.",
            en="Heads who are members: {heads_start:pct} → {heads_now:pct}, above both targets; secretaries who "
            "are heads: {sec_start:pct} → {sec_now:pct}, short of the {sec_target:pct} target.",
        ),
        _trajectory_values,
    ),
    data=tabulate_trajectory,
    note={
        "vi": "Điểm rỗng: suy ra từ “tăng x%”, đọc là điểm phần trăm; mục tiêu suy ra từ “vượt”, “đạt … so với”.",
        "en": "Hollow points: implied by “tăng x%” read as percentage points; targets implied by “vượt”, “đạt … so với”.",
    },
)
def draw_trajectory(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one line per indicator over the three dates, implied points hollow, with target lines."""
    ax = fig.add_subplot()
    x_end = PERIOD_YEARS["2021"]
    for code in INDICATORS:
        colour = INDICATOR_COLOURS[code]
        part = data[(data["indicator"] == code) & (data["series"] == "share")]
        xs = [PERIOD_YEARS[p] for p in part["period"]]
        ys = part["share_pct"].astype(float).tolist()
        ax.plot(xs, ys, color=colour, linewidth=2.4, label=str(part["indicator_label"].iloc[0]))
        for x, y, src in zip(xs, ys, part["source"]):
            ax.plot(
                [x],
                [y],
                marker="o",
                markersize=9,
                color=colour,
                markerfacecolor="white" if src == "implied" else colour,
            )
            ax.annotate(
                ch.format_pct(y, lang),
                (x, y),
                textcoords="offset points",
                xytext=(0, 9),
                ha="center",
                fontsize=12,
                color=colour,
            )
        for _, t in data[(data["indicator"] == code) & (data["series"] == "target")].iterrows():
            ref = str(t["reference"])
            y = float(t["share_pct"])
            ax.plot(
                [TARGET_FROM_YEAR, x_end + 0.25],
                [y, y],
                linestyle=TARGET_STYLES[ref],
                color=ch.COLOURS["target"],
                linewidth=1.4,
            )
            ax.text(
                x_end + 0.3,
                y,
                f"{t['reference_label']}: {ch.format_pct(y, lang, 1 if round(y, 1) != round(y) else 0)}",
                va="center",
                ha="left",
                fontsize=11,
                color=ch.COLOURS["target"],
            )
    ax.set_xticks(
        [PERIOD_YEARS[p] for p in PERIOD_YEARS], [pick(PERIOD_LABELS[p], lang) for p in PERIOD_YEARS]
    )
    ax.set_xlim(PERIOD_YEARS["2016-08"] - 0.3, x_end + 2.3)
    ax.set_ylim(0, 100)
    ax.spines["bottom"].set_bounds(PERIOD_YEARS["2016-08"] - 0.3, x_end + 0.3)
    ch.percent_axis(ax, lang)
    ax.set_ylabel(pick(TEXT["trajectory_axis"], lang))
    ax.legend(loc="upper left")


# --- 05-village-heads-reading-sensitivity ----------------------------------------------------


def tabulate_readings(frames: Mapping[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return every implied baseline and target under both readings, with a short row label."""
    table = compare_readings(frames["stated_changes"], frames["rates"])
    areas = ch.category_labels("area", lang)

    def row_label(r: pd.Series) -> str:
        if r["quantity"] == "baseline":
            return pick(PERIOD_LABELS[r["reference"]], lang).split("\n")[0]
        name = pick(TARGET_LABELS[r["reference"]], lang)
        if r["area"] != "toan_tinh":
            name += f" ({pick(TEXT['via'], lang)} {areas[r['area']]})"
        return name

    table.insert(
        1, "indicator_label", table["indicator"].map(_short_label(SHORT_INDICATOR, lang)).astype("string")
    )
    table.insert(2, "row_label", table.apply(row_label, axis=1).astype("string"))
    return format_locations(table, lang)


def _readings_values(data: pd.DataFrame) -> dict:
    base = data[data["quantity"] == "baseline"]
    widest = base.loc[base["shift_pp"].abs().idxmax()]
    city = data[(data["quantity"] == "target") & (data["area"] != "toan_tinh")].iloc[0]
    prov = data[
        (data["quantity"] == "target")
        & (data["area"] == "toan_tinh")
        & (data["indicator"] == city["indicator"])
        & (data["reference"] == city["reference"])
    ].iloc[0]
    return {
        "quantity": str(widest["indicator_label"]).lower(),
        "relative": widest["relative_pct"],
        "pp": widest["pp_pct"],
        "via_unit": city["relative_pct"],
        "via_province": prov["relative_pct"],
    }


@register(
    "05-village-heads-reading-sensitivity",
    notebook=NOTEBOOK,
    title={
        "vi": "“Tăng x%” đọc theo hai cách: mức gốc và mục tiêu suy ra (%)",
        "en": "“Tăng x%” read two ways: implied baselines and targets (%)",
    },
    takeaway=Takeaway(
        Template(
            vi="Nếu đọc là % tương đối, mức 8-2016 của “{quantity}” thành {relative:pct} thay vì {pp:pct}, và hai "
            "cách suy ra mục tiêu Nghị quyết 01 cho bí thư cho hai kết quả khác nhau ({via_unit:pct} và "
            "{via_province:pct}).",
            en="Read as relative %, the Aug 2016 level of “{quantity}” becomes {relative:pct} instead of {pp:pct}, "
            "and the two routes to the secretaries' Res. 01 target no longer agree ({via_unit:pct} vs "
            "{via_province:pct}).",
        ),
        _readings_values,
    ),
    data=tabulate_readings,
)
def draw_readings(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw a dumbbell per implied quantity: percentage-point reading against relative reading."""
    heights = [int((data["indicator"] == code).sum()) for code in INDICATORS]
    axes = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": heights})
    for ax, code in zip(axes, INDICATORS):
        part = data[data["indicator"] == code].reset_index(drop=True)
        ys = list(range(len(part)))[::-1]
        for y, (_, r) in zip(ys, part.iterrows()):
            a, b = float(r["pp_pct"]), float(r["relative_pct"])
            ax.plot([a, b], [y, y], color="#bbbbbb", linewidth=2.5, zorder=1)
            same = abs(a - b) < 0.5
            for reading, v, side in (("pp", a, -1 if a <= b else 1), ("relative", b, 1 if a <= b else -1)):
                ax.scatter(
                    [v],
                    [y],
                    s=90,
                    color=READING_COLOURS[reading],
                    zorder=3,
                    label=pick(READING_LABELS[reading], lang) if y == ys[0] else None,
                )
                if same and reading == "relative":
                    continue
                ax.annotate(
                    ch.format_pct(v, lang, 1) + (pick(TEXT["same"], lang) if same else ""),
                    (v, y),
                    textcoords="offset points",
                    xytext=(10, 0) if same else (9 * side, 0),
                    ha="left" if same or side > 0 else "right",
                    va="center",
                    fontsize=12,
                    color=ch.TEXT_GREY if same else READING_COLOURS[reading],
                )
        ax.set_yticks(ys, part["row_label"].tolist())
        ax.set_title(str(part["indicator_label"].iloc[0]), fontsize=14, loc="left")
        ax.set_xlim(-12, 100)
        ax.set_xticks(range(0, 101, 10))
        ax.set_ylim(-0.6, len(part) - 0.4)
        ax.spines["bottom"].set_bounds(0, 100)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ch.percent_axis(ax, lang, axis="x")
    axes[-1].set_xlabel(pick(TEXT["readings_axis"], lang))
    handles, labels = axes[0].get_legend_handles_labels()
    axes[1].legend(handles, labels, loc="upper right")


# --- 05-village-heads-districts ----------------------------------------------------------------


def tabulate_districts(frames: Mapping[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the named districts' 2021 shares, the province's, the units named without a rate, and the targets."""
    stated, rates, mentions = frames["stated_changes"], frames["rates"], frames["unit_mentions"]
    areas = ch.category_labels("area", lang)
    targets_short = _short_label(TARGET_LABELS, lang)
    rows = []
    for _, r in select(rates, indicator=list(INDICATORS), period="2021").iterrows():
        code = str(r["area"])
        valence = "province"
        if code != "toan_tinh":
            named = select(mentions, area=code, topic=INDICATOR_TOPICS[str(r["indicator"])])
            if named.empty:
                raise ValueError(f"{code}: a rate for {r['indicator']} but no mention in unit_mentions")
            valence = str(named["valence"].iloc[0])
        rows.append(
            {
                "indicator": str(r["indicator"]),
                "kind": "rate",
                "area": code,
                "reference": pd.NA,
                "share_pct": float(r["share_pct"]),
                "valence": valence,
                "location": r["location"],
            }
        )
    with_rate = {(row["indicator"], row["area"]) for row in rows}
    for _, m in select(mentions, topic="thon_truong_vuot_muc_tieu").iterrows():
        if ("thon_truong_la_dang_vien", str(m["area"])) in with_rate:
            continue
        rows.append(
            {
                "indicator": "thon_truong_la_dang_vien",
                "kind": "named_without_rate",
                "area": str(m["area"]),
                "reference": pd.NA,
                "share_pct": float("nan"),
                "valence": str(m["valence"]),
                "location": m["location"],
            }
        )
    for _, t in collect_targets(stated, rates, "pp").iterrows():
        rows.append(
            {
                "indicator": str(t["indicator"]),
                "kind": "target",
                "area": pd.NA,
                "reference": str(t["reference"]),
                "share_pct": float(t["target_pct"]),
                "valence": "target",
                "location": t["location"],
            }
        )
    out = pd.DataFrame(rows)
    out["indicator"] = pd.Categorical(out["indicator"], categories=list(INDICATORS), ordered=True)
    out["kind"] = pd.Categorical(
        out["kind"], categories=["rate", "target", "named_without_rate"], ordered=True
    )
    out = out.sort_values(["indicator", "kind", "share_pct"], ascending=[True, True, False], kind="stable")
    out.insert(1, "indicator_label", out["indicator"].astype(str).map(_short_label(SHORT_INDICATOR, lang)))
    out["label"] = [
        areas[a] if isinstance(a, str) else targets_short[r] for a, r in zip(out["area"], out["reference"])
    ]
    out["colour"] = [
        ch.COLOURS["province"]
        if v == "province"
        else ch.COLOURS["target"]
        if v == "target"
        else ch.colour_for(v)
        for v in out["valence"]
    ]
    for col in ("indicator_label", "area", "reference", "valence", "location", "label", "colour"):
        out[col] = out[col].astype("string")
    return format_locations(out.reset_index(drop=True), lang)


def _districts_values(data: pd.DataFrame) -> dict:
    rates = data[(data["kind"] == "rate") & (data["area"] != "toan_tinh")]
    heads = rates[rates["indicator"] == "thon_truong_la_dang_vien"].iloc[0]
    sec = rates[rates["indicator"] == "bi_thu_kiem_thon_truong"]
    good = sec[sec["valence"] == "dien_hinh"].iloc[0]
    low = sec[sec["valence"] == "han_che"].iloc[0]
    return {
        "heads": heads["label"],
        "heads_pct": heads["share_pct"],
        "others": int((data["kind"] == "named_without_rate").sum()),
        "good": good["label"],
        "good_pct": good["share_pct"],
        "low": low["label"],
        "low_pct": low["share_pct"],
    }


@register(
    "05-village-heads-districts",
    notebook=NOTEBOOK,
    title={
        "vi": "Các đơn vị được nêu tên so với toàn tỉnh và mục tiêu, 2021 (%)",
        "en": "Named districts against the province and the targets, 2021 (%)",
    },
    takeaway=Takeaway(
        Template(
            vi="{heads} ({heads_pct:pct}) là đơn vị duy nhất được nêu dưới mục tiêu về thôn trưởng ({others:n} đơn "
            "vị khác được nêu làm ví dụ điển hình); về bí thư kiêm thôn trưởng, báo cáo nêu {good} {good_pct:pct} "
            "(điển hình) và {low} {low_pct:pct} (“có huyện mới đạt”), không nói đó là mức cao nhất, thấp nhất.",
            en="{heads} ({heads_pct:pct}) is the only unit named below the heads' target ({others:n} others named "
            "as examples above it); for secretaries who are heads the report cites {good} at {good_pct:pct} "
            "(exemplary) and {low} at {low_pct:pct} (“có huyện mới đạt”), without calling them the highest or "
            "lowest.",
        ),
        _districts_values,
    ),
    data=tabulate_districts,
)
def draw_districts(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw, per indicator, bars for the province and the named units with the target lines."""
    axes = fig.subplots(1, 2, sharex=True)
    for ax, code in zip(axes, INDICATORS):
        part = data[data["indicator"] == code]
        bars = part[part["kind"] == "rate"].reset_index(drop=True).assign(bar_text="")
        ch.bar_labelled(
            bars, x="label", y="share_pct", colour="colour", labels="bar_text", horizontal=True, ax=ax
        )
        top = len(bars) - 0.5
        targets = part[part["kind"] == "target"]
        lines = targets["share_pct"].astype(float).tolist()
        for y, v in zip(range(len(bars) - 1, -1, -1), bars["share_pct"].astype(float)):
            # outside the bar unless a target line runs just to its right
            inside = any(v <= t <= v + 12 for t in lines)
            ax.text(
                v - 1.5 if inside else v + 1.5,
                y,
                ch.format_pct(v, lang),
                ha="right" if inside else "left",
                va="center",
                fontsize=13,
                color="white" if inside else "black",
            )
        for _, t in targets.iterrows():
            x = float(t["share_pct"])
            ref = str(t["reference"])
            ax.plot(
                [x, x], [-0.5, top], linestyle=TARGET_STYLES[ref], color=ch.COLOURS["target"], linewidth=1.8
            )
            # two targets: the lower one labelled to its left, the higher one to its right
            side = 0 if len(targets) == 1 else (1 if x == targets["share_pct"].max() else -1)
            ax.text(
                x + side,
                top + 0.05,
                f"{pick(TARGET_LABELS[ref], lang)}: {ch.format_pct(x, lang, 1 if round(x, 1) != round(x) else 0)}",
                ha={0: "center", 1: "left", -1: "right"}[side],
                va="bottom",
                fontsize=11,
                color=ch.COLOURS["target"],
            )
        ax.set_ylim(-0.5, top + 0.45)
        ax.set_xlim(0, 100)
        ax.set_title(str(part["indicator_label"].iloc[0]), fontsize=14, loc="left", pad=10)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ch.percent_axis(ax, lang, axis="x")
        ax.set_xlabel(pick(TEXT["districts_axis"], lang))
        extra = part[part["kind"] == "named_without_rate"]
        if len(extra):
            ax.text(
                0.0,
                -0.2,
                textwrap.fill(
                    NAMED_WITHOUT_RATE.format(lang, n=len(extra), location=str(extra["location"].iloc[0])),
                    NOTE_WIDTH,
                ),
                transform=ax.transAxes,
                fontsize=11,
                color=ch.colour_for("dien_hinh"),
                ha="left",
                va="top",
            )
