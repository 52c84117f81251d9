"""Charts of notebook 01: quality ratings of organisations and members, 2016–2020 (fn10, fn16, fn17)."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from nq03lib.analysis import derive
from nq03lib.analysis import ratings as rt
from nq03lib.api import load
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import register

NOTEBOOK = "01-ratings"
#: Gap (in bar widths) between the last old-scheme bar and the first new-scheme bar.
BREAK_GAP = 0.6
BREAK_TEXT = {"vi": "Đổi cách xếp loại từ 2018", "en": "Scheme changed in 2018"}
SCHEME_SHORT = {
    "old": ("Cách cũ (2016–2017)", "Old scheme (2016–2017)"),
    "new": ("Cách mới (từ 2018)", "New scheme (from 2018)"),
}
DARK_TEXT = {"tsvm", "tsvmtb", "htxsnv", "yeu_kem", "khong_htnv", "tsvm_rest"}


def _i(lang: str) -> int:
    return 0 if ch.check_lang(lang) == "vi" else 1


def _tsvmtb_base() -> str:
    ratings = load("ratings_organisations")
    return rt.decide_tsvmtb_base(rt.check_tsvmtb_base(ratings, derive.solve_rating_counts(ratings)))


def _year_positions(years: list[int], break_year: int | None) -> list[float]:
    return [
        i + (BREAK_GAP if break_year is not None and y >= break_year else 0.0) for i, y in enumerate(years)
    ]


# --- private drawing helpers (seaborn style: tidy data, keyword columns, ax=None, return Axes) -------------


def stacked_bars_at(
    data: pd.DataFrame,
    *,
    x: str,
    position: str,
    y: str,
    hue: str,
    labels: str | None = None,
    lang: str = "vi",
    min_label_pct: float = 3.0,
    ax: Axes | None = None,
) -> Axes:
    """Draw 100 % stacked bars at numeric positions, stacked in the row order of ``data``.

    ``hue`` holds rating codes (coloured through :func:`nq03lib.ratings.colour_code`);
    segments of at least ``min_label_pct`` carry their value (or the text of
    column ``labels``), and the top segment of each bar, if smaller, is
    written beside the bar's top.
    """
    ax = ch._new_ax(ax)
    for (_label, pos), bar in data.groupby([x, position], sort=False, observed=True):
        bottom = 0.0
        for _, r in bar.iterrows():
            v = float(r[y])
            code = str(r[hue])
            ax.bar(
                pos, v, bottom=bottom, width=0.7, color=ch.colour_for(rt.colour_code(code)), edgecolor="white"
            )
            if v >= min_label_pct:
                text = str(r[labels]) if labels else ch.format_pct(v, lang)
                ax.text(
                    pos,
                    bottom + v / 2,
                    text,
                    ha="center",
                    va="center",
                    fontsize=10 if "\n" in text else 11,
                    color="white" if code in DARK_TEXT else "black",
                )
            bottom += v
        last = bar.iloc[-1]
        if float(last[y]) < min_label_pct:
            ax.text(
                pos + 0.37,
                bottom - 0.5,
                ch.format_pct(float(last[y]), lang),
                ha="left",
                va="top",
                fontsize=10,
                color=ch.colour_for(rt.colour_code(str(last[hue]))),
            )
    ticks = data[[x, position]].drop_duplicates()
    ax.set_xticks(ticks[position].tolist(), ticks[x].astype(str).tolist())
    ax.set_ylim(0, 100)
    ax.set_xlim(float(ticks[position].min()) - 0.6, float(ticks[position].max()) + 0.9)
    ch.percent_axis(ax, lang)
    return ax


def mark_break(ax: Axes, at: float, text: str | None = None) -> Axes:
    """Draw a dashed vertical line at ``at`` (data x) with an optional label along it."""
    ax.axvline(at, color=ch.TEXT_GREY, linestyle="--", linewidth=1.2)
    if text:
        ax.text(
            at,
            0.5,
            text,
            transform=ax.get_xaxis_transform(),
            rotation=90,
            ha="center",
            va="center",
            fontsize=11,
            color=ch.TEXT_GREY,
            backgroundcolor="white",
        )
    return ax


def _legend_handles(data: pd.DataFrame, hue: str, reverse: bool = True) -> list[Patch]:
    pairs = list(dict.fromkeys(zip(data[hue].astype(str), data[f"{hue}_label"].astype(str))))
    handles = [Patch(facecolor=ch.colour_for(rt.colour_code(c)), label=lab) for c, lab in pairs]
    return handles[::-1] if reverse else handles


# --- 01-ratings-tccsd-stacked -------------------------------------------------------------------------------


def tccsd_parts(lang: str = "vi") -> pd.DataFrame:
    """Return the organisation shares per year with TSVM split into TSVMTB and the rest of TSVM."""
    base = _tsvmtb_base()
    parts = rt.split_tsvm(load("ratings_organisations"), base)
    i = _i(lang)
    parts["scheme"] = parts["scheme"].astype(str).map(rt.SCHEMES).astype("string")
    parts["scheme_label"] = parts["scheme"].map(lambda s: SCHEME_SHORT[s][i]).astype("string")
    parts["rating_label"] = (
        parts["rating"].astype(str).map(lambda c: rt.label_rating(c, lang)).astype("string")
    )
    parts["tsvmtb_base"] = base
    years = [int(str(y)) for y in parts["year"].unique()]
    pos = dict(zip(years, _year_positions(years, 2018)))
    parts["position"] = parts["year"].astype(str).map(lambda y: pos[int(y)]).astype(float)
    parts["share_pct"] = parts["share_pct"].round(2)
    tsvm = load("ratings_organisations").query("rating == 'tsvm'")
    tsvm_total = dict(zip(tsvm["year"].astype(str), tsvm["share_pct"].astype(float)))
    parts["bar_text"] = [
        ch.format_pct(v, lang)
        + (f"\nTSVM {ch.format_pct(tsvm_total[str(y)], lang)}" if c == "tsvm_rest" else "")
        for y, c, v in zip(parts["year"], parts["rating"].astype(str), parts["share_pct"])
    ]
    parts["bar_text"] = parts["bar_text"].astype("string")
    cols = ["year", "scheme", "scheme_label", "rating", "rating_label", "share_pct", "printed", "tsvmtb_base"]
    return parts[[*cols, "bar_text", "position"]]


def _takeaway_tccsd_stacked(data: pd.DataFrame, lang: str) -> str:
    fail = data[data["rating"].isin(["yeu_kem", "khong_htnv"])]
    first, last = fail.iloc[0], fail.iloc[-1]
    tb = data[data["rating"] == "tsvmtb"].iloc[-1]
    top = data[data["rating"] == "htxsnv"].iloc[0]
    f = ch.format_pct
    if lang == "vi":
        return (
            f"Yếu kém/không HTNV: {f(first['share_pct'], lang)} ({first['year']}) → {f(last['share_pct'], lang)} "
            f"({last['year']}); bậc cao nhất: TSVMTB {f(tb['share_pct'], lang)} ({tb['year']}), "
            f"HTXSNV {f(top['share_pct'], lang)} ({top['year']})."
        )
    return (
        f"Weak/not fulfilled: {f(first['share_pct'], lang)} ({first['year']}) → {f(last['share_pct'], lang)} "
        f"({last['year']}); top tier: exemplary {f(tb['share_pct'], lang)} ({tb['year']}), "
        f"excellent {f(top['share_pct'], lang)} ({top['year']})."
    )


@register(
    "01-ratings-tccsd-stacked",
    notebook=NOTEBOOK,
    title={
        "vi": "Xếp loại chất lượng TCCSĐ, 2016–2020",
        "en": "Quality ratings of grassroots party organisations, 2016–2020",
    },
    takeaway=_takeaway_tccsd_stacked,
    data=tccsd_parts,
    note={
        "vi": "TSVMTB in trong ngoặc của TSVM là tỉ lệ so với số TSVM; ở đây quy ra % tổng số TCCSĐ.",
        "en": "TSVMTB, printed inside TSVM's parentheses, is a share of TSVM; shown here as % of all.",
    },
)
def draw_tccsd_stacked(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw 100 % stacked bars per year, TSVM split into TSVMTB + rest, old and new schemes apart."""
    ax = fig.add_subplot()
    stacked_bars_at(
        data, x="year", position="position", y="share_pct", hue="rating", labels="bar_text", lang=lang, ax=ax
    )
    old = data[data["scheme"] == "old"]
    new = data[data["scheme"] == "new"]
    mark_break(ax, (old["position"].max() + new["position"].min()) / 2, BREAK_TEXT[lang])
    ax.set_ylabel("% số TCCSĐ được xếp loại" if lang == "vi" else "% of organisations rated")
    headers = [old["scheme_label"].iloc[0], new["scheme_label"].iloc[0]]
    handles = [Patch(alpha=0, label=headers[0]), *_legend_handles(old, "rating")]
    handles += [Patch(alpha=0, label=" "), Patch(alpha=0, label=headers[1]), *_legend_handles(new, "rating")]
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    for text in legend.get_texts():
        if text.get_text() in headers:
            text.set_fontweight("bold")
            text.set_x(-28)


# --- 01-ratings-members-stacked -----------------------------------------------------------------------------


def members_shares(lang: str = "vi") -> pd.DataFrame:
    """Return the member shares per year and rating with labels (same four labels every year)."""
    members = load("ratings_members")
    out = members[["year", "rating", "share_pct"]].copy()
    out["rating_label"] = out["rating"].astype(str).map(lambda c: rt.label_rating(c, lang)).astype("string")
    years = [int(str(y)) for y in out["year"].unique()]
    pos = dict(zip(years, _year_positions(years, None)))
    out["position"] = out["year"].astype(str).map(lambda y: pos[int(y)]).astype(float)
    out["share_pct"] = out["share_pct"].astype(float)
    return out.sort_values(["year", "rating"]).reset_index(drop=True)


def _takeaway_members_stacked(data: pd.DataFrame, lang: str) -> str:
    top = data[data["rating"] == "htxsnv"]
    fail = data[data["rating"] == "khong_htnv"]
    f = ch.format_pct
    a, b = top.iloc[0], top.iloc[-1]
    c, d = fail.iloc[0], fail.iloc[-1]
    if lang == "vi":
        return (
            f"HTXSNV: {f(a['share_pct'], lang)} ({a['year']}) → {f(b['share_pct'], lang)} ({b['year']}); "
            f"không HTNV: {f(c['share_pct'], lang)} → {f(d['share_pct'], lang)}."
        )
    return (
        f"Excellent: {f(a['share_pct'], lang)} ({a['year']}) → {f(b['share_pct'], lang)} ({b['year']}); "
        f"not fulfilled: {f(c['share_pct'], lang)} → {f(d['share_pct'], lang)}."
    )


@register(
    "01-ratings-members-stacked",
    notebook=NOTEBOOK,
    title={
        "vi": "Xếp loại chất lượng đảng viên, 2016–2020",
        "en": "Quality ratings of party members, 2016–2020",
    },
    takeaway=_takeaway_members_stacked,
    data=members_shares,
    note={
        "vi": "Cùng bốn mức cho cả 5 năm, nhưng hướng dẫn xếp loại mới từ 2018 (fn9) áp dụng cho cả đảng viên.",
        "en": "The same four labels in all five years, but the new rating guidance of 2018 (fn9) covers members too.",
    },
)
def draw_members_stacked(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw 100 % stacked bars of member ratings per year."""
    ax = fig.add_subplot()
    stacked_bars_at(data, x="year", position="position", y="share_pct", hue="rating", lang=lang, ax=ax)
    ax.set_ylabel("% số đảng viên được xếp loại" if lang == "vi" else "% of members rated")
    ax.legend(handles=_legend_handles(data, "rating"), loc="upper left", bbox_to_anchor=(1.0, 1.0))


# --- 01-ratings-tccsd-lines ---------------------------------------------------------------------------------

LINE_CROSSWALKS = ("primary", "tsvm_as_excellent")
LINE_STYLES = {"primary": "-", "tsvm_as_excellent": ":"}
PANEL_TIERS = ("htxsnv", "httnv", "htnv", "khong_htnv")


def tccsd_tiers(lang: str = "vi") -> pd.DataFrame:
    """Return the organisation shares on the comparable tiers under the primary and an alternative crosswalk."""
    parts = rt.split_tsvm(load("ratings_organisations"), _tsvmtb_base())
    out = pd.concat([rt.crosswalk_shares(parts, name) for name in LINE_CROSSWALKS], ignore_index=True)
    out["tier_label"] = out["tier"].astype(str).map(lambda c: rt.label_rating(c, lang)).astype("string")
    out["crosswalk_label"] = out["crosswalk"].map(lambda c: rt.label_crosswalk(c, lang)).astype("string")
    out["share_pct"] = out["share_pct"].round(2)
    return out[["tier", "tier_label", "crosswalk", "crosswalk_label", "year", "scheme", "share_pct"]]


def _takeaway_tccsd_lines(data: pd.DataFrame, lang: str) -> str:
    wide = data.pivot_table(index=["tier", "year"], columns="crosswalk", values="share_pct", observed=True)
    same = wide.groupby(level="tier", observed=True).apply(lambda g: bool((g.nunique(axis=1) == 1).all()))
    alike = " và ".join if lang == "vi" else " and ".join
    names = [rt.label_rating(str(t), lang) for t in same.index if same[t]]
    fixed = alike(names[:1] + [n[0].lower() + n[1:] for n in names[1:]])
    top = data[data["tier"] == "htxsnv"]
    y17 = top[top["year"].astype(str) == "2017"].set_index("crosswalk")["share_pct"]
    y18 = float(top.loc[top["year"].astype(str) == "2018", "share_pct"].iloc[0])
    f = ch.format_pct
    if lang == "vi":
        return (
            f"{fixed} không phụ thuộc cách quy đổi; HTXSNV thì có: 2017 là "
            f"{f(y17['primary'], lang)} (chính) hoặc {f(y17['tsvm_as_excellent'], lang)} (khác), "
            f"2018 là {f(y18, lang)}."
        )
    return (
        f"{fixed} do not depend on the crosswalk; excellent does: 2017 is "
        f"{f(y17['primary'], lang)} (primary) or {f(y17['tsvm_as_excellent'], lang)} (alternative), "
        f"2018 is {f(y18, lang)}."
    )


def lines_broken(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    segment: str,
    colour: str,
    style: str = "-",
    lang: str = "vi",
    decimals: int = 2,
    label: str | None = None,
    write_values: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw one line per ``segment`` (not joined across segments), values written at the points."""
    ax = ch._new_ax(ax)
    for i, (_, part) in enumerate(data.groupby(segment, sort=False, observed=True)):
        xs = part[x].astype(str).astype(int).tolist()
        ys = part[y].astype(float).tolist()
        ax.plot(
            xs, ys, linestyle=style, marker="o", color=colour, linewidth=2.2, label=label if i == 0 else None
        )
        if write_values:
            for xi, yi in zip(xs, ys):
                ax.annotate(
                    ch.format_number(yi, lang, decimals),
                    (xi, yi),
                    textcoords="offset points",
                    xytext=(0, 7),
                    ha="center",
                    fontsize=10,
                    color=colour,
                )
    return ax


def _zero_based_pct_axis(ax: Axes, values: pd.Series, lang: str) -> None:
    """Start a panel's percent axis at zero, with room above for the value labels."""
    hi = float(values.max())
    ax.set_ylim(0, hi * 1.3)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    ch.percent_axis(ax, lang, decimals=1 if hi < 5 else 0)


@register(
    "01-ratings-tccsd-lines",
    notebook=NOTEBOOK,
    title={
        "vi": "Xếp loại TCCSĐ quy về bậc mới: hai cách quy đổi",
        "en": "Organisation ratings on the new tiers: two crosswalks",
    },
    takeaway=_takeaway_tccsd_lines,
    data=tccsd_tiers,
    note={
        "vi": "Đường liền: TSVMTB → HTXSNV, phần còn lại của TSVM → HTTNV; chấm: cả TSVM → HTXSNV.",
        "en": "Solid: exemplary → excellent, rest of TSVM → good; dotted: all of TSVM → excellent.",
    },
)
def draw_tccsd_lines(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one panel per tier, a line per crosswalk, the series broken at 2018."""
    axes = fig.subplots(2, 2, sharex=True).ravel()
    years = sorted(int(str(y)) for y in data["year"].unique())
    for ax, tier in zip(axes, PANEL_TIERS):
        part = data[data["tier"] == tier]
        colour = ch.colour_for(rt.colour_code(tier))
        for name in LINE_CROSSWALKS:
            one = part[part["crosswalk"] == name]
            old = one[one["scheme"] == "old"]
            lines_broken(
                old,
                x="year",
                y="share_pct",
                segment="scheme",
                colour=colour,
                style=LINE_STYLES[name],
                lang=lang,
                label=one["crosswalk_label"].iloc[0],
                ax=ax,
            )
        new = part[(part["scheme"] == "new") & (part["crosswalk"] == LINE_CROSSWALKS[0])]
        lines_broken(new, x="year", y="share_pct", segment="scheme", colour=colour, lang=lang, ax=ax)
        ax.set_title(part["tier_label"].iloc[0], fontsize=13, loc="left")
        mark_break(ax, 2017.5)
        _zero_based_pct_axis(ax, part["share_pct"], lang)
        ax.set_xticks(years, [str(y) for y in years])
    axes[0].text(
        2017.55,
        0.97,
        BREAK_TEXT[lang],
        transform=axes[0].get_xaxis_transform(),
        fontsize=10,
        color=ch.TEXT_GREY,
        va="top",
    )
    handles = [
        axes[0].plot([], [], color=ch.TEXT_GREY, linestyle=LINE_STYLES[n], marker="o", linewidth=2.2)[0]
        for n in LINE_CROSSWALKS
    ]
    labels = [rt.label_crosswalk(n, lang) for n in LINE_CROSSWALKS]
    fig.legend(handles, labels, loc="upper right", ncols=2, bbox_to_anchor=(0.99, 0.965))


# --- 01-ratings-members-lines -------------------------------------------------------------------------------


def _takeaway_members_lines(data: pd.DataFrame, lang: str) -> str:
    htnv = data[data["rating"] == "htnv"].set_index(data[data["rating"] == "htnv"]["year"].astype(str))[
        "share_pct"
    ]
    fail = data.loc[data["rating"] == "khong_htnv", "share_pct"]
    guidance = rt.list_rating_guidance()
    new_rules = guidance[(guidance["year"] == 2018) & guidance["covers_members"]]
    f = ch.format_pct
    lo, hi = f(fail.min(), lang), f(fail.max(), lang)
    docs = ", ".join(new_rules["number"])
    if lang == "vi":
        return (
            f"HTNV giảm từ {f(htnv['2017'], lang)} (2017) xuống {f(htnv['2018'], lang)} (2018), năm có hướng dẫn "
            f"xếp loại mới cho cả đảng viên ({docs}, fn9): chưa tách được phần do quy định mới; "
            f"không HTNV chỉ dao động {lo}–{hi}."
        )
    return (
        f"Fulfilled fell from {f(htnv['2017'], lang)} (2017) to {f(htnv['2018'], lang)} (2018), when new rating "
        f"guidance covered members too ({docs}, fn9), so the step cannot be told apart from the new rules; "
        f"not fulfilled stayed within {lo}–{hi}."
    )


@register(
    "01-ratings-members-lines",
    notebook=NOTEBOOK,
    title={
        "vi": "Xếp loại đảng viên theo từng mức, 2016–2020",
        "en": "Member ratings by category, 2016–2020",
    },
    takeaway=_takeaway_members_lines,
    data=members_shares,
    note={
        "vi": "Đường đứt: 2018, năm có hướng dẫn xếp loại mới cho cả tổ chức đảng và đảng viên (fn9); nhãn không đổi.",
        "en": "Dashed: 2018, when new rating guidance covered both organisations and members (fn9); labels unchanged.",
    },
)
def draw_members_lines(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one panel per member rating, each on its own scale, with the 2018 change marked."""
    axes = fig.subplots(2, 2, sharex=True).ravel()
    years = sorted(int(str(y)) for y in data["year"].unique())
    frame = data.assign(segment="all")
    for ax, code in zip(axes, PANEL_TIERS):
        part = frame[frame["rating"] == code]
        lines_broken(
            part,
            x="year",
            y="share_pct",
            segment="segment",
            colour=ch.colour_for(code),
            lang=lang,
            ax=ax,
        )
        ax.set_title(part["rating_label"].iloc[0], fontsize=13, loc="left")
        mark_break(ax, 2017.5)
        _zero_based_pct_axis(ax, part["share_pct"], lang)
        ax.set_xticks(years, [str(y) for y in years])


# --- 01-ratings-implied-counts ------------------------------------------------------------------------------

PERIOD_SHORT = {"2016-08": ("8-2016", "Aug 2016"), "2021": ("2021", "2021")}
KIND_LABELS = {
    "stock": ("Số hiện có (báo cáo in)", "Stock (printed)"),
    "rated": ("Số được xếp loại (suy ra)", "Rated (implied)"),
}
KIND_COLOURS = {"stock": ch.COLOURS["province"], "rated": ch.COLOURS["stock"]}
KIND_MARKERS = {"stock": "D", "rated": "o"}


def implied_counts(lang: str = "vi") -> pd.DataFrame:
    """Return the organisations and members rated each year, as the printed shares imply, beside the stocks.

    Organisations: the unique whole-number solution of each year; members:
    the interval that the rounding of the không HTNV share allows, and its
    midpoint. The printed stocks (TCCSĐ in 8-2016 and 2021, members in 2021)
    are rows of kind ``stock``.
    """
    solved = derive.solve_rating_counts(load("ratings_organisations"))
    org = solved.groupby("year", observed=True)["n_rated"].first()
    members = derive.implied_members_rated(load("ratings_members"), load("failing_counts"))
    stock = load("organisations")
    stock = stock[(stock["entity"] == "tccsd") & (stock["org_type"] == "tat_ca")].set_index("period")["count"]
    membership = load("membership")
    total = membership[(membership["dimension"] == "tong") & (membership["group"] == "tat_ca")]
    i = _i(lang)

    def row(subject, period, kind, mid, low, high):
        return {
            "subject": subject,
            "period": str(period),
            "kind": kind,
            "count": float(mid),
            "min_count": int(low),
            "max_count": int(high),
        }

    rows = [row("tccsd", "2016-08", "stock", stock["2016-08"], stock["2016-08"], stock["2016-08"])]
    rows += [row("tccsd", y, "rated", n, n, n) for y, n in org.items()]
    rows.append(row("tccsd", "2021", "stock", stock["2021"], stock["2021"], stock["2021"]))
    rows += [
        row("dang_vien", r.year, "rated", r.rated_mid_count, r.rated_min_count, r.rated_max_count)
        for r in members.itertuples()
    ]
    n = int(total["member_count"].iloc[0])
    rows.append(row("dang_vien", "2021", "stock", n, n, n))
    out = pd.DataFrame(rows)
    labels = {"tccsd": ("TCCSĐ", "Organisations"), "dang_vien": ("Đảng viên", "Party members")}
    out.insert(1, "subject_label", out["subject"].map(lambda s: labels[s][i]).astype("string"))
    out.insert(
        3, "period_label", out["period"].map(lambda p: PERIOD_SHORT.get(p, (p, p))[i]).astype("string")
    )
    out.insert(5, "kind_label", out["kind"].map(lambda k: KIND_LABELS[k][i]).astype("string"))
    return out.astype({"period": "string", "kind": "string"})


def _takeaway_counts(data: pd.DataFrame, lang: str) -> str:
    org = data[(data["subject"] == "tccsd") & (data["kind"] == "rated")]
    mem = data[(data["subject"] == "dang_vien") & (data["kind"] == "rated")]
    members = float(data.loc[(data["subject"] == "dang_vien") & (data["kind"] == "stock"), "count"].iloc[0])
    n = ch.format_number
    a, b = org.iloc[0], org.iloc[-1]
    peak = org.loc[org["count"].idxmax()]
    c, d = mem.iloc[0], mem.iloc[-1]
    share = ch.format_pct(100 * d["count"] / members, lang, 0)
    rose = peak["period"] not in (a["period"], b["period"])
    if lang == "vi":
        path = (
            f"{n(a['count'], lang)} ({a['period']}), cao nhất {n(peak['count'], lang)} ({peak['period']}), "
            f"rồi {n(b['count'], lang)} ({b['period']})"
            if rose
            else f"{n(a['count'], lang)} ({a['period']}) → {n(b['count'], lang)} ({b['period']})"
        )
        return (
            f"TCCSĐ được xếp loại: {path}; đảng viên: khoảng {n(c['count'], lang)} → {n(d['count'], lang)} "
            f"(≈{share} số đảng viên năm 2021)."
        )
    path = (
        f"{n(a['count'], lang)} ({a['period']}), a peak of {n(peak['count'], lang)} ({peak['period']}), "
        f"then {n(b['count'], lang)} ({b['period']})"
        if rose
        else f"{n(a['count'], lang)} ({a['period']}) → {n(b['count'], lang)} ({b['period']})"
    )
    return (
        f"Organisations rated: {path}; members: about {n(c['count'], lang)} → {n(d['count'], lang)} "
        f"(≈{share} of the 2021 membership)."
    )


def points_with_intervals(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    low: str,
    high: str,
    kind: str,
    lang: str = "vi",
    ax: Axes | None = None,
) -> Axes:
    """Draw one point per row (marker and colour by ``kind``), a whisker from ``low`` to ``high``, and its value.

    The value is written above the point, or ``low–high`` beside it when the
    interval has width.
    """
    ax = ch._new_ax(ax)
    xs = list(range(len(data)))
    for xi, (_, r) in zip(xs, data.iterrows()):
        k = str(r[kind])
        mid, lo, hi = float(r[y]), float(r[low]), float(r[high])
        ax.errorbar(
            [xi],
            [mid],
            yerr=[[mid - lo], [hi - mid]],
            fmt=KIND_MARKERS[k],
            color=KIND_COLOURS[k],
            capsize=6,
            markersize=9,
            linewidth=2,
        )
        if hi > lo:
            text = f"{ch.format_number(lo, lang)}–\n{ch.format_number(hi, lang)}"
            ax.annotate(
                text,
                (xi, hi),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                va="bottom",
                fontsize=10,
            )
        else:
            ax.annotate(
                ch.format_number(mid, lang),
                (xi, mid),
                textcoords="offset points",
                xytext=(0, 9),
                ha="center",
                va="bottom",
                fontsize=11,
                color=KIND_COLOURS[k],
            )
    ax.set_xticks(xs, data[x].astype(str).tolist())
    ax.set_xlim(-0.6, len(data) - 0.4)
    ch.number_axis(ax, lang)
    return ax


@register(
    "01-ratings-implied-counts",
    notebook=NOTEBOOK,
    title={
        "vi": "Số TCCSĐ và đảng viên được xếp loại mỗi năm (suy ra từ tỉ lệ)",
        "en": "Organisations and members rated each year (implied by the shares)",
    },
    takeaway=_takeaway_counts,
    data=implied_counts,
    note={
        "vi": "TCCSĐ: nghiệm nguyên duy nhất khớp mọi tỉ lệ in; đảng viên: số không HTNV ÷ tỉ lệ, "
        "vạch = các tổng nguyên khớp cả bốn tỉ lệ. Trục không bắt đầu từ 0.",
        "en": "Organisations: the one whole-number solution; members: không HTNV count ÷ share, "
        "whiskers = whole totals that fit all four shares. Axes do not start at 0.",
    },
)
def draw_implied_counts(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw organisations and members rated per year as points, beside the printed stocks."""
    axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": [7, 6]})
    for ax, subject in zip(axes, ("tccsd", "dang_vien")):
        part = data[data["subject"] == subject].reset_index(drop=True)
        points_with_intervals(
            part,
            x="period_label",
            y="count",
            low="min_count",
            high="max_count",
            kind="kind",
            lang=lang,
            ax=ax,
        )
        lo, hi = float(part["min_count"].min()), float(part["max_count"].max())
        ax.set_ylim(lo - 0.25 * (hi - lo), hi + 0.3 * (hi - lo))
        ax.set_title(part["subject_label"].iloc[0], fontsize=13, loc="left")
    axes[0].set_ylabel("Số TCCSĐ" if lang == "vi" else "Organisations")
    axes[1].set_ylabel("Số đảng viên" if lang == "vi" else "Members")
    handles = [
        axes[0].plot([], [], KIND_MARKERS[k], color=KIND_COLOURS[k], markersize=9)[0] for k in KIND_LABELS
    ]
    axes[0].legend(handles, [KIND_LABELS[k][_i(lang)] for k in KIND_LABELS], loc="upper right")
