"""Charts of notebook 02: party members in 2021 and the recruits since 8-2016 (II.2, II.4, II.5)."""

from __future__ import annotations

import pandas as pd
from matplotlib.colors import to_hex, to_rgb
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from nq03lib.analysis import membership as mb
from nq03lib.analysis.frames import one_value, select
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import Takeaway, register
from nq03lib.data.schema import CATEGORIES
from nq03lib.data.source import printed_decimals
from nq03lib.text import LANGS, Template, pick

NOTEBOOK = "02-membership-recruitment"

#: How the two populations of the recruits-vs-members chart are named.
POPULATION_LABELS = {
    "members": ("Trong tổng số đảng viên (2021)", "Among all members (2021)"),
    "recruits": ("Trong số đảng viên kết nạp từ 8-2016", "Among members admitted since Aug 2016"),
}
#: Marks the youth-union group, whose share of recruits is measured at admission.
AT_ADMISSION = {"vi": " (*)", "en": " (*)"}
AT_ADMISSION_NOTE = {
    "vi": "(*) Đoàn viên thanh niên: tính tại thời điểm kết nạp; đảng viên ra khỏi Đoàn khi quá tuổi.",
    "en": "(*) Youth union members: counted at admission; members leave the youth union with age.",
}
SCENARIO_NOTE = {
    "vi": "Kịch bản, không phải dự báo: đảng viên năm 2021 cộng thêm mỗi năm số kết nạp bình quân từ khi ban hành\n"
    "Nghị quyết đến nay (8-8-2016 – 28-9-2021, mục II.5), cùng cơ cấu; không tính đảng viên ra khỏi Đảng (báo cáo không nêu).\n"
    + AT_ADMISSION_NOTE["vi"],
    "en": "Scenario, not a forecast: the 2021 stock plus, each year, the average yearly recruits since the resolution\n"
    "(8 Aug 2016 – 28 Sep 2021, II.5), same composition; exits are not modelled (the report gives none).\n"
    + AT_ADMISSION_NOTE["en"],
}


def _lighten(colour: str, amount: float = 0.55) -> str:
    """Mix ``colour`` with white (``amount`` = share of white)."""
    r, g, b = to_rgb(colour)
    return to_hex((r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount))


def _group_label(code: str, lang: str, mark_age: bool = True) -> str:
    text = ch.category_labels("group", lang)[code]
    if mark_age and code in mb.AGE_DEPENDENT_GROUPS:
        text += pick(AT_ADMISSION, lang)
    return text


def _lower(pair: tuple[str, str]) -> tuple[str, ...]:
    """Return a label pair ``(vi, en)`` in lower case, for use inside a sentence."""
    return tuple(text.lower() for text in pair)


# --- 02-membership-composition ------------------------------------------------------------

#: Panels of the composition chart: the four groups, then the types of organisation.
COMPOSITION_PANELS = {
    "nhom_dang_vien": ("Nhóm đảng viên (mỗi nhóm so với tổng số)", "Groups (each against all members)"),
    "loai_hinh_tccsd": ("Theo loại hình TCCSĐ (cộng lại 100%)", "By type of organisation (adds to 100%)"),
}


def membership_composition(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the 2021 members per group and per type of organisation, printed and recomputed shares."""
    mem = frames["membership"]
    total = int(one_value(mem, "member_count", period="2021", dimension="tong"))
    rows = select(mem, period="2021", dimension=[d for d in CATEGORIES["dimension"] if d != "tong"]).copy()
    rows["panel"] = [
        "loai_hinh_tccsd" if d == "loai_hinh_tccsd" else "nhom_dang_vien"
        for d in rows["dimension"].astype(str)
    ]
    rows = rows.sort_values("group")  # category order: the four groups, then the types of organisation
    rows["share_decimals"] = [printed_decimals(float(v), q) for v, q in zip(rows["share_pct"], rows["quote"])]
    out = rows[["panel", "dimension", "group", "member_count", "share_pct", "share_decimals"]].rename(
        columns={"share_pct": "share_printed_pct"}
    )
    out.insert(3, "group_label", [_group_label(g, lang, mark_age=False) for g in out["group"].astype(str)])
    out["group_label"] = out["group_label"].astype("string")
    out["share_pct"] = (100 * out["member_count"] / total).round(2).astype("Float64")
    out["bar_text"] = [
        f"{ch.format_pct(s, lang, d)} ({ch.format_number(c, lang)})"
        for s, d, c in zip(out["share_printed_pct"], out["share_decimals"], out["member_count"])
    ]
    out["colour"] = out["group"].astype(str).map(ch.colour_for)
    return out.reset_index(drop=True)


def _composition_values(data: pd.DataFrame) -> dict:
    groups = data[data["panel"] == "nhom_dang_vien"]
    types = data[data["panel"] == "loai_hinh_tccsd"].sort_values("share_printed_pct", ascending=False)
    top = types.iloc[0]
    parts = tuple(
        ", ".join(
            f"{pick(CATEGORIES['group'][str(r.group)], lang)} {ch.format_pct(r.share_printed_pct, lang, r.share_decimals)}"
            for r in groups.itertuples()
        ).lower()
        for lang in LANGS
    )
    return {
        "parts": parts,
        "top_share": float(top["share_printed_pct"]),
        "top_type": _lower(CATEGORIES["group"][str(top["group"])]),
    }


@register(
    "02-membership-composition",
    notebook=NOTEBOOK,
    title={
        "vi": "Cơ cấu đảng viên toàn tỉnh năm 2021",
        "en": "Party members by group and by type of organisation, 2021",
    },
    takeaway=Takeaway(
        Template(
            vi="Năm 2021: {parts} trong tổng số đảng viên; {top_share:pct} đảng viên thuộc TCCSĐ {top_type}.",
            en="In 2021: {parts} of all members; {top_share:pct} belong to organisations of {top_type}.",
        ),
        _composition_values,
    ),
    data=membership_composition,
)
def draw_membership_composition(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one bar per group (share of all members), then, below a rule, one bar per type of organisation."""
    ax = fig.add_subplot()
    rows, ticks, labels = [], [], []
    pos = 0.0
    for panel, heading in COMPOSITION_PANELS.items():
        part = data[data["panel"] == panel]
        ax.text(0, -pos, pick(heading, lang), ha="left", va="center", fontsize=13, fontweight="bold")
        pos += 1
        for r in part.itertuples():
            rows.append(r)
            ticks.append(-pos)
            labels.append(r.group_label)
            pos += 1
        pos += 0.4
    bars = ax.barh(
        ticks, [float(r.share_printed_pct) for r in rows], color=[r.colour for r in rows], height=0.75
    )
    ax.bar_label(bars, labels=[r.bar_text for r in rows], padding=3, fontsize=12)
    ax.set_yticks(ticks, labels)
    ax.set_ylim(-pos + 0.4, 0.6)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlim(0, float(data["share_printed_pct"].max()) * 1.3)
    ch.percent_axis(ax, lang, axis="x")
    ax.set_xlabel(pick(("% tổng số đảng viên", "% of all members"), lang))


# --- 02-members-per-tccsd-by-type ---------------------------------------------------------

#: Label of the all-types row of the members-per-TCCSĐ chart.
PROVINCE_LABEL = ("Toàn tỉnh (mọi loại hình)", "Province (all types)")
#: Units of the bar texts: members, organisations.
PER_TCCSD_UNITS = (("ĐV", "TCCSĐ"), ("members", "orgs"))


def members_per_tccsd(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return members per TCCSĐ of each type in 2021, then the all-types figure (``tat_ca``)."""
    out = mb.count_members_per_tccsd(frames["membership"], frames["organisations"])
    labels = ch.category_labels("org_type", lang) | {"tat_ca": pick(PROVINCE_LABEL, lang)}
    out.insert(1, "org_type_label", out["org_type"].astype(str).map(labels).astype("string"))
    out["members_per_tccsd"] = out["members_per_tccsd"].round(2)
    out["vs_average_ratio"] = out["vs_average_ratio"].round(3)
    unit = pick(PER_TCCSD_UNITS, lang)
    out["bar_text"] = [
        f"{ch.format_number(v, lang, 1)}  ({ch.format_number(m, lang)} {unit[0]} / {ch.format_number(t, lang)} {unit[1]})"
        for v, m, t in zip(out["members_per_tccsd"], out["member_count"], out["tccsd_count"])
    ]
    out["colour"] = out["org_type"].astype(str).map(ch.colour_for)
    return out.reset_index(drop=True)


def _per_tccsd_values(data: pd.DataFrame) -> dict:
    types = data[data["org_type"] != "tat_ca"]
    hi = types.loc[types["members_per_tccsd"].idxmax()]
    lo = types.loc[types["members_per_tccsd"].idxmin()]
    return {
        "average": float(one_value(data, "members_per_tccsd", org_type="tat_ca")),
        "top": _lower(CATEGORIES["org_type"][str(hi["org_type"])]),
        "top_value": float(hi["members_per_tccsd"]),
        "top_ratio": float(hi["vs_average_ratio"]),
        "bottom": _lower(CATEGORIES["org_type"][str(lo["org_type"])]),
        "bottom_value": float(lo["members_per_tccsd"]),
    }


@register(
    "02-members-per-tccsd-by-type",
    notebook=NOTEBOOK,
    title={
        "vi": "Số đảng viên bình quân mỗi TCCSĐ theo loại hình, 2021",
        "en": "Members per grassroots party organisation by type, 2021",
    },
    takeaway=Takeaway(
        Template(
            vi="Bình quân toàn tỉnh {average:n1} đảng viên/TCCSĐ; cao nhất {top} ({top_value:n1}, gấp "
            "{top_ratio:n1} lần), thấp nhất {bottom} ({bottom_value:n1}).",
            en="{average:n1} members per organisation on average; most in {top} ({top_value:n1}, "
            "{top_ratio:n1}× the average), fewest in {bottom} ({bottom_value:n1}).",
        ),
        _per_tccsd_values,
    ),
    data=members_per_tccsd,
)
def draw_members_per_tccsd(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw horizontal bars of members per TCCSĐ with the counts behind each, the all-types bar last in grey."""
    ax = fig.add_subplot()
    ch.bar_labelled(
        data,
        x="org_type_label",
        y="members_per_tccsd",
        colour="colour",
        labels="bar_text",
        horizontal=True,
        ax=ax,
    )
    ax.set_xlim(0, float(data["members_per_tccsd"].max()) * 1.6)
    ch.number_axis(ax, lang, axis="x")
    ax.set_xlabel(pick(("Đảng viên / TCCSĐ (người)", "Members per organisation (persons)"), lang))


# --- 02-recruits-vs-members ---------------------------------------------------------------


def _comparison(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return mb.compare_recruits_with_members(frames["membership"], frames["recruitment"])


def recruits_vs_members(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return each group's printed share among 2021 members and among recruits since 8-2016 (long form)."""
    comp = _comparison(frames)
    rows = []
    for r in comp.itertuples():
        for pop, count, total, printed, decimals, recomputed in (
            (
                "members",
                r.member_count,
                r.member_total_count,
                r.member_share_printed_pct,
                r.member_share_decimals,
                r.member_share_pct,
            ),
            (
                "recruits",
                r.recruit_count,
                r.recruit_total_count,
                r.recruit_share_printed_pct,
                r.recruit_share_decimals,
                r.recruit_share_pct,
            ),
        ):
            rows.append(
                {
                    "group": r.group,
                    "group_label": _group_label(str(r.group), lang),
                    "population": pop,
                    "population_label": pick(POPULATION_LABELS[pop], lang),
                    "count": count,
                    "total_count": total,
                    "share_printed_pct": printed,
                    "share_decimals": decimals,
                    "share_pct": round(recomputed, 2),
                    "bar_text": f"{ch.format_pct(printed, lang, decimals)} ({ch.format_number(count, lang)})",
                    "colour": ch.colour_for(str(r.group))
                    if pop == "recruits"
                    else _lighten(ch.colour_for(str(r.group))),
                }
            )
    out = pd.DataFrame(rows)
    out["group"] = out["group"].astype(comp["group"].dtype).cat.remove_unused_categories()
    out["population"] = pd.Categorical(out["population"], categories=list(POPULATION_LABELS), ordered=True)
    for col in ("group_label", "population_label", "bar_text", "colour"):
        out[col] = out[col].astype("string")
    return out


#: Said after a youth-union share, which is measured at admission.
AT_ADMISSION_WORDS = (" (tính lúc kết nạp)", " (counted at admission)")


def _recruits_values(data: pd.DataFrame) -> dict:
    wide = data.pivot(index="group", columns="population", values="share_printed_pct")
    gap = (wide["recruits"] - wide["members"]).sort_values(ascending=False)
    code = gap.index[0]
    return {
        "up": int((gap > 0).sum()),
        "groups": len(gap),
        "group": _lower(CATEGORIES["group"][str(code)]),
        "recruits": float(wide.loc[code, "recruits"]),
        "members": float(wide.loc[code, "members"]),
        "note": AT_ADMISSION_WORDS if str(code) in mb.AGE_DEPENDENT_GROUPS else ("", ""),
    }


@register(
    "02-recruits-vs-members",
    notebook=NOTEBOOK,
    title={
        "vi": "Kết nạp từ 8-2016 so với tổng số đảng viên: tỉ lệ từng nhóm",
        "en": "Recruits since Aug 2016 against all members: share of each group",
    },
    takeaway=Takeaway(
        Template(
            vi="{up:n}/{groups:n} nhóm chiếm tỉ lệ cao hơn trong số kết nạp so với trong tổng số đảng viên; "
            "chênh nhiều nhất là {group}: {recruits:pct} so với {members:pct}{note}.",
            en="{up:n} of {groups:n} groups have a larger share among recruits than among members; the largest "
            "gap is {group}: {recruits:pct} against {members:pct}{note}.",
        ),
        _recruits_values,
    ),
    data=recruits_vs_members,
    note=AT_ADMISSION_NOTE,
)
def draw_recruits_vs_members(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw a pair of horizontal bars per group: share among members (light) and among recruits (dark)."""
    ax = fig.add_subplot()
    groups = list(dict.fromkeys(data["group"].astype(str)))
    height = 0.38
    for pos, code in zip(range(len(groups))[::-1], groups):
        part = data[data["group"].astype(str) == code].sort_values("population")
        offsets = (height / 2, -height / 2)  # members above, recruits below
        bars = ax.barh(
            [pos + o for o in offsets],
            part["share_printed_pct"].astype(float),
            height=height,
            color=part["colour"],
        )
        ax.bar_label(bars, labels=part["bar_text"].tolist(), padding=3, fontsize=11)
    ax.set_yticks(
        range(len(groups))[::-1], [data.loc[data["group"] == g, "group_label"].iloc[0] for g in groups]
    )
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlim(0, float(data["share_printed_pct"].max()) * 1.3)
    ch.percent_axis(ax, lang, axis="x")
    ax.set_xlabel(pick(("% của từng tổng số", "% of each total"), lang))
    grey = ch.COLOURS["tat_ca"]
    pops = data.drop_duplicates("population").sort_values("population")
    handles = [
        Patch(color=_lighten(grey) if p == "members" else grey, label=lab)
        for p, lab in zip(pops["population"], pops["population_label"])
    ]
    ax.legend(handles=handles, loc="lower right")


# --- 02-representation-ratio --------------------------------------------------------------


def representation_ratio(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the representation ratio per group (share among recruits ÷ share among members), both ways."""
    comp = _comparison(frames)
    out = comp[
        [
            "group",
            "member_share_printed_pct",
            "recruit_share_printed_pct",
            "member_share_decimals",
            "recruit_share_decimals",
            "ratio_printed",
            "member_share_pct",
            "recruit_share_pct",
            "ratio",
            "ratio_tolerance",
            "age_dependent",
        ]
    ].copy()
    out["group"] = out["group"].cat.remove_unused_categories()
    out.insert(1, "group_label", [_group_label(str(g), lang) for g in out["group"]])
    out["group_label"] = out["group_label"].astype("string")
    for col in ("member_share_pct", "recruit_share_pct"):
        out[col] = out[col].round(4)
    for col in ("ratio_printed", "ratio", "ratio_tolerance"):
        out[col] = out[col].round(4)
    out["bar_text"] = [
        f"{ch.format_number(r, lang, 2)}  ({ch.format_pct(a, lang, da)} ÷ {ch.format_pct(b, lang, db)})"
        for r, a, da, b, db in zip(
            out["ratio"],
            out["recruit_share_printed_pct"],
            out["recruit_share_decimals"],
            out["member_share_printed_pct"],
            out["member_share_decimals"],
        )
    ]
    out["colour"] = out["group"].astype(str).map(ch.colour_for)
    return out.reset_index(drop=True)


def _ratio_values(data: pd.DataFrame) -> dict:
    steady = data[~data["age_dependent"].astype(bool)]
    hi = steady.loc[steady["ratio"].idxmax()]
    lo = steady.loc[steady["ratio"].idxmin()]
    return {
        "above": int((data["ratio"] > 1).sum()),
        "groups": len(data),
        "top": _lower(CATEGORIES["group"][str(hi["group"])]),
        "top_ratio": float(hi["ratio"]),
        "bottom": _lower(CATEGORIES["group"][str(lo["group"])]),
        "bottom_ratio": float(lo["ratio"]),
    }


@register(
    "02-representation-ratio",
    notebook=NOTEBOOK,
    title={
        "vi": "Hệ số đại diện: tỉ lệ trong số kết nạp ÷ tỉ lệ trong tổng số đảng viên",
        "en": "Representation ratio: share among recruits ÷ share among members",
    },
    takeaway=Takeaway(
        Template(
            vi="{above:n}/{groups:n} nhóm được kết nạp với tỉ lệ cao hơn tỉ lệ trong tổng số đảng viên (hệ số > 1); "
            "không kể đoàn viên, cao nhất là nhóm {top} {top_ratio:n2}, thấp nhất là nhóm {bottom} "
            "{bottom_ratio:n2}. Tỉ lệ trong đảng viên có tăng hay không còn tùy số ra khỏi Đảng (và số hết "
            "tuổi đoàn), báo cáo không nêu.",
            en="{above:n} of {groups:n} groups are admitted above their share of members (ratio > 1); leaving "
            "out the youth union, highest: {top} {top_ratio:n2}, lowest: {bottom} {bottom_ratio:n2}. Whether "
            "their share of members rises also depends on exits (and ageing out of the youth union), which "
            "the report does not give.",
        ),
        _ratio_values,
    ),
    data=representation_ratio,
    note=AT_ADMISSION_NOTE,
)
def draw_representation_ratio(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one horizontal bar per group with its ratio and a reference line at 1."""
    ax = fig.add_subplot()
    ch.bar_labelled(
        data, x="group_label", y="ratio", colour="colour", labels="bar_text", horizontal=True, ax=ax
    )
    ax.axvline(1.0, color=ch.COLOURS["province"], linestyle="--", linewidth=1.5)
    ax.text(
        1.0,
        len(data) - 0.45,
        pick((" = 1: kết nạp đúng bằng tỉ lệ hiện có", " = 1: admitted in proportion to the stock"), lang),
        ha="left",
        va="bottom",
        fontsize=11,
        color=ch.COLOURS["province"],
    )
    ax.set_ylim(-0.6, len(data) - 0.1)
    ax.set_xlim(0, float(data["ratio"].max()) * 1.45)
    ax.set_xlabel(
        pick(
            (
                "Hệ số (lần; > 1: nhóm được kết nạp với tỉ lệ cao hơn tỉ lệ hiện có)",
                "Ratio (times; > 1: the group is admitted above its share of members)",
            ),
            lang,
        )
    )
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: ch.format_number(v, lang, 1)))


# --- 02-composition-scenario --------------------------------------------------------------


def composition_scenario(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the scenario share of each group after 0, 5, 10 and 20 more years of recruits like 2016–2021."""
    window = mb.read_recruitment_window(mb.identify_source(frames["membership"], frames["recruitment"]))
    scen = mb.project_composition(_comparison(frames), window["years"])
    out = scen[
        ["group", "years_ahead", "share_pct", "start_share_pct", "recruit_share_pct", "age_dependent"]
    ].copy()
    out["group"] = out["group"].cat.remove_unused_categories()
    out.insert(1, "group_label", [_group_label(str(g), lang) for g in out["group"]])
    out["group_label"] = out["group_label"].astype("string")
    out["year_label"] = ["2021" if k == 0 else f"+{k}" for k in out["years_ahead"]]
    out["year_label"] = out["year_label"].astype("string")
    for col in ("share_pct", "start_share_pct", "recruit_share_pct"):
        out[col] = out[col].round(2)
    out["window_years"] = window["years"]
    return out


def _scenario_values(data: pd.DataFrame) -> dict:
    last = data[(data["years_ahead"] == data["years_ahead"].max()) & ~data["age_dependent"]]
    top = last.loc[(last["share_pct"] - last["start_share_pct"]).idxmax()]
    return {
        "years": int(top["years_ahead"]),
        "group": _lower(CATEGORIES["group"][str(top["group"])]),
        "start": float(top["start_share_pct"]),
        "end": float(top["share_pct"]),
        "recruits": float(top["recruit_share_pct"]),
    }


@register(
    "02-composition-scenario",
    notebook=NOTEBOOK,
    title={
        "vi": "Kịch bản: cơ cấu đảng viên nếu tiếp tục kết nạp như từ 8-2016 đến nay",
        "en": "Scenario: composition if recruitment continues as since Aug 2016",
    },
    takeaway=Takeaway(
        Template(
            vi="Theo kịch bản (không tính số ra khỏi Đảng), sau {years:n} năm tỉ lệ {group} tăng từ {start:pct} "
            "lên {end:pct}, tiến dần về {recruits:pct} (tỉ lệ trong số kết nạp).",
            en="In the scenario (no exits), after {years:n} years the share of {group} rises from {start:pct} to "
            "{end:pct}, moving towards {recruits:pct} (their share among recruits).",
        ),
        _scenario_values,
    ),
    data=composition_scenario,
    note=SCENARIO_NOTE,
)
def draw_composition_scenario(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one panel per group: the scenario share over the years and the recruits' share it tends to."""
    groups = list(dict.fromkeys(data["group"].astype(str)))
    width = fig.get_size_inches()[0]
    ncols = len(groups) if width >= 13 else 2  # one row on a widescreen slide, else a 2 × 2 grid
    axes = fig.subplots((len(groups) + ncols - 1) // ncols, ncols, squeeze=False).ravel()
    for ax, code in zip(axes, groups):
        part = data[data["group"].astype(str) == code].sort_values("years_ahead")
        colour = ch.colour_for(code)
        xs = list(range(len(part)))
        ax.plot(xs, part["share_pct"].astype(float), marker="o", color=colour, linewidth=2.2)
        for x, y in zip(xs, part["share_pct"].astype(float)):
            ax.annotate(
                ch.format_pct(y, lang, 1),
                (x, y),
                textcoords="offset points",
                xytext=(0, -16),
                ha="center",
                fontsize=10,
                color=colour,
            )
        limit = float(part["recruit_share_pct"].iloc[0])
        ax.axhline(limit, color=colour, linestyle=":", linewidth=1.6)
        ax.text(
            xs[0],
            limit,
            pick(("Trong số kết nạp: ", "Among recruits: "), lang) + ch.format_pct(limit, lang, 1),
            ha="left",
            va="bottom",
            fontsize=10,
            color=colour,
        )
        ax.set_ylim(0, limit * 1.25)
        ax.set_xlim(-0.4, len(xs) - 0.6)
        ax.set_xticks(xs, part["year_label"].tolist())
        ax.set_xlabel(pick(("Số năm sau 2021", "Years after 2021"), lang), fontsize=11)
        ax.set_title(part["group_label"].iloc[0], fontsize=13, loc="left")
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
        ch.percent_axis(ax, lang)
    for ax in axes[::ncols]:
        ax.set_ylabel(pick(("% tổng số đảng viên", "% of all members"), lang))
