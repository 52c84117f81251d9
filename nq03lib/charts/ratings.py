"""Charts of notebook 01: quality ratings of organisations and members, 2016–2020 (fn10, fn16, fn17)."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from nq03lib.analysis import derive
from nq03lib.analysis import ratings as rt
from nq03lib.analysis.frames import one_value, select
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import Takeaway, register
from nq03lib.data.labels import VALUE_LABELS
from nq03lib.text import LANGS, Template, pick

NOTEBOOK = "01-ratings"
#: Gap (in bar widths) between the last old-scheme bar and the first new-scheme bar.
BREAK_GAP = 0.6
BREAK_TEXT = {"vi": "Đổi cách xếp loại từ 2018", "en": "Scheme changed in 2018"}
DARK_TEXT = {"tsvm", "tsvmtb", "htxsnv", "yeu_kem", "khong_htnv", "tsvm_rest"}


def _decide_tsvmtb_base(frames: dict[str, pd.DataFrame]) -> str:
    ratings = frames["ratings_organisations"]
    return rt.decide_tsvmtb_base(rt.check_tsvmtb_base(ratings, derive.solve_rating_counts(ratings)))


def _label_codes(codes: pd.Series, lang: str) -> pd.Series:
    """Return the labels of derived codes (:data:`nq03lib.data.labels.VALUE_LABELS`) as strings."""
    return codes.astype(str).map(lambda c: pick(VALUE_LABELS[c], lang)).astype("string")


def _label_ratings(codes: pd.Series, lang: str) -> pd.Series:
    return codes.astype(str).map(lambda c: rt.label_rating(c, lang)).astype("string")


def _place_years(years: list[int], break_year: int | None) -> list[float]:
    return [
        i + (BREAK_GAP if break_year is not None and y >= break_year else 0.0) for i, y in enumerate(years)
    ]


# --- private drawing helpers (seaborn style: tidy data, keyword columns, ax=None, return Axes) -------------


def draw_stacked_bars(
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

    ``hue`` holds rating codes (coloured through :func:`nq03lib.analysis.ratings.pick_colour_code`);
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
                pos,
                v,
                bottom=bottom,
                width=0.7,
                color=ch.colour_for(rt.pick_colour_code(code)),
                edgecolor="white",
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
                color=ch.colour_for(rt.pick_colour_code(str(last[hue]))),
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


def _make_legend_handles(data: pd.DataFrame, hue: str, reverse: bool = True) -> list[Patch]:
    pairs = list(dict.fromkeys(zip(data[hue].astype(str), data[f"{hue}_label"].astype(str))))
    handles = [Patch(facecolor=ch.colour_for(rt.pick_colour_code(c)), label=lab) for c, lab in pairs]
    return handles[::-1] if reverse else handles


# --- 01-ratings-tccsd-stacked -------------------------------------------------------------------------------


def tabulate_tccsd_parts(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the organisation shares per year with TSVM split into TSVMTB and the rest of TSVM."""
    ratings = frames["ratings_organisations"]
    base = _decide_tsvmtb_base(frames)
    parts = rt.split_tsvm(ratings, base)
    parts["scheme"] = parts["scheme"].astype(str).map(rt.SCHEMES).astype("string")
    parts["scheme_label"] = _label_codes(parts["scheme"], lang)
    parts["rating_label"] = _label_ratings(parts["rating"], lang)
    parts["tsvmtb_base"] = base
    years = [int(str(y)) for y in parts["year"].unique()]
    pos = dict(zip(years, _place_years(years, 2018)))
    parts["position"] = parts["year"].astype(str).map(lambda y: pos[int(y)]).astype(float)
    parts["share_pct"] = parts["share_pct"].round(2)
    tsvm = select(ratings, rating="tsvm")
    tsvm_total = dict(zip(tsvm["year"].astype(str), tsvm["share_pct"].astype(float)))
    # the whole of TSVM is written inside its larger part, on lines narrow enough for the bar
    parts["bar_text"] = [
        ch.format_pct(v, lang)
        + (f"\n(TSVM\n{ch.format_pct(tsvm_total[str(y)], lang)})" if c == "tsvm_rest" else "")
        for y, c, v in zip(parts["year"], parts["rating"].astype(str), parts["share_pct"])
    ]
    parts["bar_text"] = parts["bar_text"].astype("string")
    cols = ["year", "scheme", "scheme_label", "rating", "rating_label", "share_pct", "printed", "tsvmtb_base"]
    return parts[[*cols, "bar_text", "position"]]


def _compute_tccsd_stacked(data: pd.DataFrame) -> dict:
    fail = data[data["rating"].isin(rt.FAILING)]
    first, last = fail.iloc[0], fail.iloc[-1]
    exemplary = data[data["rating"] == "tsvmtb"].iloc[-1]
    top = data[data["rating"] == "htxsnv"].iloc[0]
    return {
        "fail_first": first["share_pct"],
        "first_year": str(first["year"]),
        "fail_last": last["share_pct"],
        "last_year": str(last["year"]),
        "exemplary": exemplary["share_pct"],
        "exemplary_year": str(exemplary["year"]),
        "top": top["share_pct"],
        "top_year": str(top["year"]),
    }


@register(
    "01-ratings-tccsd-stacked",
    notebook=NOTEBOOK,
    title={
        "vi": "Xếp loại chất lượng TCCSĐ, 2016–2020",
        "en": "Quality ratings of grassroots party organisations, 2016–2020",
    },
    takeaway=Takeaway(
        Template(
            vi="Yếu kém/không HTNV: {fail_first:pct} ({first_year}) → {fail_last:pct} ({last_year}); "
            "bậc cao nhất: TSVMTB {exemplary:pct} ({exemplary_year}), HTXSNV {top:pct} ({top_year}).",
            en="Weak/not fulfilled: {fail_first:pct} ({first_year}) → {fail_last:pct} ({last_year}); "
            "top tier: exemplary {exemplary:pct} ({exemplary_year}), excellent {top:pct} ({top_year}).",
        ),
        _compute_tccsd_stacked,
    ),
    data=tabulate_tccsd_parts,
    note={
        "vi": "TSVMTB in trong ngoặc của TSVM là tỉ lệ so với số TSVM; ở đây quy ra % tổng số TCCSĐ.",
        "en": "TSVMTB, printed inside TSVM's parentheses, is a share of TSVM; shown here as % of all.",
    },
)
def draw_tccsd_stacked(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw 100 % stacked bars per year, TSVM split into TSVMTB + rest, old and new schemes apart."""
    ax = fig.add_subplot()
    draw_stacked_bars(
        data, x="year", position="position", y="share_pct", hue="rating", labels="bar_text", lang=lang, ax=ax
    )
    old = data[data["scheme"] == "old"]
    new = data[data["scheme"] == "new"]
    mark_break(ax, (old["position"].max() + new["position"].min()) / 2, BREAK_TEXT[lang])
    ax.set_ylabel(pick(("% số TCCSĐ được xếp loại", "% of organisations rated"), lang))
    headers = [old["scheme_label"].iloc[0], new["scheme_label"].iloc[0]]
    handles = [Patch(alpha=0, label=headers[0]), *_make_legend_handles(old, "rating")]
    handles += [
        Patch(alpha=0, label=" "),
        Patch(alpha=0, label=headers[1]),
        *_make_legend_handles(new, "rating"),
    ]
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    for text in legend.get_texts():
        if text.get_text() in headers:
            text.set_fontweight("bold")
            text.set_x(-28)


# --- 01-ratings-members-stacked -----------------------------------------------------------------------------


def tabulate_member_shares(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the member shares per year and rating with labels (same four labels every year)."""
    out = frames["ratings_members"][["year", "rating", "share_pct"]].copy()
    out["rating_label"] = _label_ratings(out["rating"], lang)
    years = [int(str(y)) for y in out["year"].unique()]
    pos = dict(zip(years, _place_years(years, None)))
    out["position"] = out["year"].astype(str).map(lambda y: pos[int(y)]).astype(float)
    out["share_pct"] = out["share_pct"].astype(float)
    return out.sort_values(["year", "rating"]).reset_index(drop=True)


def _compute_members_stacked(data: pd.DataFrame) -> dict:
    top = data[data["rating"] == "htxsnv"]
    fail = data[data["rating"] == "khong_htnv"]
    return {
        "top_first": top["share_pct"].iloc[0],
        "first_year": str(top["year"].iloc[0]),
        "top_last": top["share_pct"].iloc[-1],
        "last_year": str(top["year"].iloc[-1]),
        "fail_first": fail["share_pct"].iloc[0],
        "fail_last": fail["share_pct"].iloc[-1],
    }


@register(
    "01-ratings-members-stacked",
    notebook=NOTEBOOK,
    title={
        "vi": "Xếp loại chất lượng đảng viên, 2016–2020",
        "en": "Quality ratings of party members, 2016–2020",
    },
    takeaway=Takeaway(
        Template(
            vi="HTXSNV: {top_first:pct} ({first_year}) → {top_last:pct} ({last_year}); "
            "không HTNV: {fail_first:pct} → {fail_last:pct}.",
            en="Excellent: {top_first:pct} ({first_year}) → {top_last:pct} ({last_year}); "
            "not fulfilled: {fail_first:pct} → {fail_last:pct}.",
        ),
        _compute_members_stacked,
    ),
    data=tabulate_member_shares,
    note={
        "vi": "Cùng bốn mức cho cả 5 năm, nhưng hướng dẫn xếp loại mới từ 2018 (chú thích 9) áp dụng cho cả "
        "đảng viên.",
        "en": "The same four labels in all five years, but the new rating guidance of 2018 (footnote 9) covers "
        "members too.",
    },
)
def draw_members_stacked(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw 100 % stacked bars of member ratings per year."""
    ax = fig.add_subplot()
    draw_stacked_bars(data, x="year", position="position", y="share_pct", hue="rating", lang=lang, ax=ax)
    ax.set_ylabel(pick(("% số đảng viên được xếp loại", "% of members rated"), lang))
    ax.legend(handles=_make_legend_handles(data, "rating"), loc="upper left", bbox_to_anchor=(1.0, 1.0))


# --- 01-ratings-tccsd-lines ---------------------------------------------------------------------------------

LINE_CROSSWALKS = ("primary", "tsvm_as_excellent")
LINE_STYLES = {"primary": "-", "tsvm_as_excellent": ":"}
PANEL_TIERS = ("htxsnv", "httnv", "htnv", "khong_htnv")


def tabulate_tccsd_tiers(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the organisation shares on the comparable tiers under the primary and an alternative crosswalk."""
    parts = rt.split_tsvm(frames["ratings_organisations"], _decide_tsvmtb_base(frames))
    out = pd.concat([rt.crosswalk_shares(parts, name) for name in LINE_CROSSWALKS], ignore_index=True)
    out["tier_label"] = _label_ratings(out["tier"], lang)
    out["crosswalk_label"] = out["crosswalk"].map(lambda c: rt.label_crosswalk(c, lang)).astype("string")
    out["share_pct"] = out["share_pct"].round(2)
    return out[["tier", "tier_label", "crosswalk", "crosswalk_label", "year", "scheme", "share_pct"]]


def _compute_tccsd_lines(data: pd.DataFrame) -> dict:
    wide = data.pivot_table(index=["tier", "year"], columns="crosswalk", values="share_pct", observed=True)
    same = wide.groupby(level="tier", observed=True).apply(lambda g: bool((g.nunique(axis=1) == 1).all()))
    fixed = [str(t) for t in same.index if same[t]]

    def join_fixed(lang: str) -> str:
        names = [rt.label_rating(code, lang) for code in fixed]
        return f" {pick(rt.AND, lang)} ".join(names[:1] + [n[0].lower() + n[1:] for n in names[1:]])

    top = data[data["tier"] == "htxsnv"]
    before = top[top["year"].astype(str) < rt.BREAK_YEAR]["year"].astype(str).max()
    old = top[top["year"].astype(str) == before].set_index("crosswalk")["share_pct"]
    return {
        "fixed": tuple(join_fixed(lang) for lang in LANGS),
        "before": before,
        "primary": old["primary"],
        "alternative": old["tsvm_as_excellent"],
        "after": rt.BREAK_YEAR,
        "new": float(top.loc[top["year"].astype(str) == rt.BREAK_YEAR, "share_pct"].iloc[0]),
    }


def draw_broken_lines(
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


def _start_pct_axis_at_zero(ax: Axes, values: pd.Series, lang: str) -> None:
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
    takeaway=Takeaway(
        Template(
            vi="{fixed} không phụ thuộc cách quy đổi; HTXSNV thì có: {before} là {primary:pct} (chính) "
            "hoặc {alternative:pct} (khác), {after} là {new:pct}.",
            en="{fixed} do not depend on the crosswalk; excellent does: {before} is {primary:pct} (primary) "
            "or {alternative:pct} (alternative), {after} is {new:pct}.",
        ),
        _compute_tccsd_lines,
    ),
    data=tabulate_tccsd_tiers,
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
        colour = ch.colour_for(rt.pick_colour_code(tier))
        for name in LINE_CROSSWALKS:
            one = part[part["crosswalk"] == name]
            old = one[one["scheme"] == "old"]
            draw_broken_lines(
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
        draw_broken_lines(new, x="year", y="share_pct", segment="scheme", colour=colour, lang=lang, ax=ax)
        ax.set_title(part["tier_label"].iloc[0], fontsize=13, loc="left")
        mark_break(ax, 2017.5)
        _start_pct_axis_at_zero(ax, part["share_pct"], lang)
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
    # below the title's line, so a long title never runs into the legend
    fig.legend(handles, labels, loc="upper right", ncols=2, bbox_to_anchor=(0.99, 0.925))


# --- 01-ratings-members-lines -------------------------------------------------------------------------------


def tabulate_member_lines(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the member shares per year and rating, with the rating guidance for members issued that year (fn9).

    The guidance is read from the text of the frames' source document
    (:func:`nq03lib.analysis.ratings.list_rating_guidance`); a year without
    new guidance has none.
    """
    out = tabulate_member_shares(frames, lang)
    source_id = str(frames["ratings_members"]["source_id"].iloc[0])
    guidance = rt.list_rating_guidance(source_id=source_id)
    for_members = guidance[guidance["covers_members"]]
    issued = for_members.groupby("year")["number"].agg(", ".join)
    out["new_guidance"] = out["year"].astype(str).map({str(y): n for y, n in issued.items()}).astype("string")
    return out


def _compute_members_lines(data: pd.DataFrame) -> dict:
    htnv = data[data["rating"] == "htnv"].set_index(data[data["rating"] == "htnv"]["year"].astype(str))[
        "share_pct"
    ]
    fail = data.loc[data["rating"] == "khong_htnv", "share_pct"]
    before = max(y for y in htnv.index if y < rt.BREAK_YEAR)
    documents = data.loc[data["year"].astype(str) == rt.BREAK_YEAR, "new_guidance"].iloc[0]
    return {
        "htnv_before": htnv[before],
        "before": before,
        "htnv_after": htnv[rt.BREAK_YEAR],
        "after": rt.BREAK_YEAR,
        "documents": documents,
        "fail_min": fail.min(),
        "fail_max": fail.max(),
    }


@register(
    "01-ratings-members-lines",
    notebook=NOTEBOOK,
    title={
        "vi": "Xếp loại đảng viên theo từng mức, 2016–2020",
        "en": "Member ratings by category, 2016–2020",
    },
    takeaway=Takeaway(
        Template(
            vi="HTNV giảm từ {htnv_before:pct} ({before}) xuống {htnv_after:pct} ({after}), năm có hướng dẫn "
            "xếp loại mới cho cả đảng viên ({documents}, chú thích 9): chưa tách được phần do quy định mới; "
            "không HTNV chỉ dao động {fail_min:pct}–{fail_max:pct}.",
            en="Fulfilled fell from {htnv_before:pct} ({before}) to {htnv_after:pct} ({after}), when new rating "
            "guidance covered members too ({documents}, footnote 9), so the step cannot be told apart from the "
            "new rules; not fulfilled stayed within {fail_min:pct}–{fail_max:pct}.",
        ),
        _compute_members_lines,
    ),
    data=tabulate_member_lines,
    note={
        "vi": "Đường đứt: 2018, năm có hướng dẫn xếp loại mới cho cả tổ chức đảng và đảng viên (chú thích 9); "
        "nhãn không đổi.",
        "en": "Dashed: 2018, when new rating guidance covered both organisations and members (footnote 9); "
        "labels unchanged.",
    },
)
def draw_members_lines(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one panel per member rating, each on its own scale, with the 2018 change marked."""
    axes = fig.subplots(2, 2, sharex=True).ravel()
    years = sorted(int(str(y)) for y in data["year"].unique())
    frame = data.assign(segment="all")
    for ax, code in zip(axes, PANEL_TIERS):
        part = frame[frame["rating"] == code]
        draw_broken_lines(
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
        _start_pct_axis_at_zero(ax, part["share_pct"], lang)
        ax.set_xticks(years, [str(y) for y in years])


# --- 01-ratings-implied-counts ------------------------------------------------------------------------------

PERIOD_SHORT = {"2016-08": ("8-2016", "Aug 2016"), "2021": ("2021", "2021")}
SUBJECT_SHORT = {"tccsd": ("TCCSĐ", "Organisations"), "dang_vien": ("Đảng viên", "Party members")}
#: The kinds of point, in legend order (labels in :data:`nq03lib.data.labels.VALUE_LABELS`).
KINDS = ("stock", "rated")
KIND_COLOURS = {"stock": ch.COLOURS["province"], "rated": ch.COLOURS["stock"]}
KIND_MARKERS = {"stock": "D", "rated": "o"}


def tabulate_implied_counts(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the organisations and members rated each year, as the printed shares imply, beside the stocks.

    Organisations: the unique whole-number solution of each year; members:
    the interval that the rounding of the không HTNV share allows, and its
    midpoint. The printed stocks (TCCSĐ in 8-2016 and 2021, members in 2021)
    are rows of kind ``stock``.
    """
    solved = derive.solve_rating_counts(frames["ratings_organisations"])
    org = solved.groupby("year", observed=True)["n_rated"].first()
    members = derive.implied_members_rated(frames["ratings_members"], frames["failing_counts"])
    organisations = frames["organisations"]
    stock = {
        p: int(one_value(organisations, "count", entity="tccsd", org_type="tat_ca", period=p))
        for p in PERIOD_SHORT
    }

    def make_row(subject, period, kind, mid, low, high):
        return {
            "subject": subject,
            "period": str(period),
            "kind": kind,
            "count": float(mid),
            "min_count": int(low),
            "max_count": int(high),
        }

    rows = [make_row("tccsd", "2016-08", "stock", stock["2016-08"], stock["2016-08"], stock["2016-08"])]
    rows += [make_row("tccsd", y, "rated", n, n, n) for y, n in org.items()]
    rows.append(make_row("tccsd", "2021", "stock", stock["2021"], stock["2021"], stock["2021"]))
    rows += [
        make_row("dang_vien", r.year, "rated", r.rated_mid_count, r.rated_min_count, r.rated_max_count)
        for r in members.itertuples()
    ]
    n = rt.count_members(frames["membership"])
    rows.append(make_row("dang_vien", "2021", "stock", n, n, n))
    out = pd.DataFrame(rows)
    out.insert(
        1, "subject_label", out["subject"].map(lambda s: pick(SUBJECT_SHORT[s], lang)).astype("string")
    )
    out.insert(
        3,
        "period_label",
        out["period"].map(lambda p: pick(PERIOD_SHORT.get(p, (p, p)), lang)).astype("string"),
    )
    out.insert(5, "kind_label", _label_codes(out["kind"], lang))
    return out.astype({"period": "string", "kind": "string"})


#: The path of the organisations rated: with a peak between the first and last year, or without.
PATH = {
    True: Template(
        vi="{first:n} ({first_period}), cao nhất {peak:n} ({peak_period}), rồi {last:n} ({last_period})",
        en="{first:n} ({first_period}), a peak of {peak:n} ({peak_period}), then {last:n} ({last_period})",
    ),
    False: Template(
        vi="{first:n} ({first_period}) → {last:n} ({last_period})",
        en="{first:n} ({first_period}) → {last:n} ({last_period})",
    ),
}


def _compute_counts(data: pd.DataFrame) -> dict:
    org = data[(data["subject"] == "tccsd") & (data["kind"] == "rated")]
    mem = data[(data["subject"] == "dang_vien") & (data["kind"] == "rated")]
    members = float(data.loc[(data["subject"] == "dang_vien") & (data["kind"] == "stock"), "count"].iloc[0])
    a, b = org.iloc[0], org.iloc[-1]
    peak = org.loc[org["count"].idxmax()]
    path = {
        "first": a["count"],
        "first_period": a["period"],
        "peak": peak["count"],
        "peak_period": peak["period"],
        "last": b["count"],
        "last_period": b["period"],
    }
    template = PATH[peak["period"] not in (a["period"], b["period"])]
    return {
        "path": tuple(template.format(lang, **{k: path[k] for k in template.fields}) for lang in LANGS),
        "members_first": mem["count"].iloc[0],
        "members_last": mem["count"].iloc[-1],
        "share": 100 * mem["count"].iloc[-1] / members,
    }


def draw_points_with_intervals(
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
    takeaway=Takeaway(
        Template(
            vi="TCCSĐ được xếp loại: {path}; đảng viên: khoảng {members_first:n} → {members_last:n} "
            "(≈{share:pct0} số đảng viên năm 2021).",
            en="Organisations rated: {path}; members: about {members_first:n} → {members_last:n} "
            "(≈{share:pct0} of the 2021 membership).",
        ),
        _compute_counts,
    ),
    data=tabulate_implied_counts,
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
        draw_points_with_intervals(
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
    axes[0].set_ylabel(pick(("Số TCCSĐ", "Organisations"), lang))
    axes[1].set_ylabel(pick(("Số đảng viên", "Members"), lang))
    handles = [axes[0].plot([], [], KIND_MARKERS[k], color=KIND_COLOURS[k], markersize=9)[0] for k in KINDS]
    axes[0].legend(handles, [pick(VALUE_LABELS[k], lang) for k in KINDS], loc="upper right")
