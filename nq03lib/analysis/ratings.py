"""Read the 2016–2020 quality ratings (fn10) across the 2018 change of scheme.

The report prints the ratings of grassroots party organisations (TCCSĐ) in two
schemes:

* 2016–2017 (old): TSVM, with its exemplary subset TSVMTB printed inside
  TSVM's parentheses, then HTTNV, HTNV, yếu kém;
* 2018–2020 (new): HTXSNV, HTTNV, HTNV, không HTNV.

Members are printed with the new labels in every year, so their series needs
no crosswalk.

What TSVMTB is a share of
-------------------------
The report does not say whether "TSVM 54,18% (TSVMTB 22,34%)" means 22.34 %
of all organisations or 22.34 % of those rated TSVM. :func:`check_tsvmtb_base`
answers it from the whole-number solutions of
:func:`nq03lib.analysis.derive.solve_rating_counts`: a reading is possible in a year only
if some whole number of TSVMTB organisations reproduces the printed share out
of that base. :func:`split_tsvm` then splits TSVM into TSVMTB and the rest of
TSVM (``tsvm_rest``), so TSVMTB is never stacked on top of TSVM.

Crosswalk to comparable tiers
-----------------------------
:data:`CROSSWALKS` maps each old-scheme category (after the split) and each
new-scheme category to a comparable tier. It is an assumption, not something
the report states; the alternatives are there to show how much a conclusion
depends on it.

``primary``
    TSVMTB → HTXSNV (the exemplary few ↔ the excellent few), rest of TSVM →
    HTTNV, old HTTNV → HTTNV, HTNV → HTNV, yếu kém → không HTNV. Under this
    reading both the top tier and the failing tier are "the few at each end".
``tsvm_as_excellent``
    The whole of TSVM → HTXSNV (the top label of each scheme ↔ each other),
    old HTTNV → HTTNV, HTNV → HTNV, yếu kém → không HTNV.
``top_two_merged``
    Coarse: TSVM and old HTTNV, and HTXSNV and HTTNV, both → "HTTNV trở lên"
    (good or better); HTNV → HTNV, yếu kém → không HTNV. Needs no decision
    about the top tier at all.

HTNV and the failing tier map the same way in every crosswalk, so any change
in them across 2018 does not depend on the crosswalk chosen.

The rules changed for members too
---------------------------------
Members carry the same four labels in every year, but the labels are not the
whole story: fn9 (attached to the ratings in II.3) lists the guidance the
ratings followed, and the guidance of 2018 (16-HD/BTCTW of 24-9-2018, 03-HD/TU
of 15-11-2018) and 2019 (21-HD/BTCTW, 05-HD/TU) covers "tổ chức đảng, đảng
viên" alike (:func:`list_rating_guidance`). A step in the members' shares in
2018 may therefore come from new rules rather than from better work; the
report does not say which.
"""

from __future__ import annotations

import itertools
import re

import pandas as pd

from nq03lib.analysis import derive
from nq03lib.analysis.frames import one_row, one_value, raise_if_any, select
from nq03lib.data.labels import VALUE_LABELS
from nq03lib.data.schema import CATEGORIES
from nq03lib.data.source import default_source_id, fold, load_report, printed_decimals
from nq03lib.text import LANGS, Template, format_number, format_pct, pick

#: Rating codes used here that are not in :data:`nq03lib.data.schema.CATEGORIES`
#: (their labels are in :data:`nq03lib.data.labels.VALUE_LABELS`).
EXTRA_RATINGS = ("tsvm_rest", "tot_tro_len")

#: Which fixed colour (:data:`nq03lib.charts.theme.COLOURS`) each extra code borrows.
EXTRA_COLOUR_CODES: dict[str, str] = {"tsvm_rest": "tsvm", "tot_tro_len": "httnv"}

#: Order of the parts after the split, top tier first (bottom of a stacked bar).
PART_ORDER = ["tsvmtb", "tsvm_rest", "htxsnv", "httnv", "htnv", "yeu_kem", "khong_htnv"]

#: Order of the comparable tiers, top tier first.
TIER_ORDER = ["htxsnv", "tot_tro_len", "httnv", "htnv", "khong_htnv"]

#: Crosswalks from each scheme's categories to comparable tiers (see the module docstring);
#: their short labels are in :data:`nq03lib.data.labels.VALUE_LABELS`.
CROSSWALKS: dict[str, dict] = {
    "primary": {
        "old": {
            "tsvmtb": "htxsnv",
            "tsvm_rest": "httnv",
            "httnv": "httnv",
            "htnv": "htnv",
            "yeu_kem": "khong_htnv",
        },
        "new": {"htxsnv": "htxsnv", "httnv": "httnv", "htnv": "htnv", "khong_htnv": "khong_htnv"},
    },
    "tsvm_as_excellent": {
        "old": {
            "tsvmtb": "htxsnv",
            "tsvm_rest": "htxsnv",
            "httnv": "httnv",
            "htnv": "htnv",
            "yeu_kem": "khong_htnv",
        },
        "new": {"htxsnv": "htxsnv", "httnv": "httnv", "htnv": "htnv", "khong_htnv": "khong_htnv"},
    },
    "top_two_merged": {
        "old": {
            "tsvmtb": "tot_tro_len",
            "tsvm_rest": "tot_tro_len",
            "httnv": "tot_tro_len",
            "htnv": "htnv",
            "yeu_kem": "khong_htnv",
        },
        "new": {"htxsnv": "tot_tro_len", "httnv": "tot_tro_len", "htnv": "htnv", "khong_htnv": "khong_htnv"},
    },
}

SCHEMES = {"cu_2016_2017": "old", "moi_tu_2018": "new"}
TSVMTB_BASES = ("all", "tsvm")
#: The first year rated in the new scheme.
BREAK_YEAR = "2018"
#: The failing tier of each scheme.
FAILING = ("yeu_kem", "khong_htnv")


def label_rating(code: str, lang: str = "vi") -> str:
    """Return the label of a rating or tier code, including the codes of :data:`EXTRA_RATINGS`."""
    if code in CATEGORIES["rating"]:
        return pick(CATEGORIES["rating"][code], lang)
    if code in EXTRA_RATINGS:
        return pick(VALUE_LABELS[code], lang)
    raise KeyError(f"no rating code {code!r}")


def label_crosswalk(name: str, lang: str = "vi") -> str:
    """Return the short label of a crosswalk of :data:`CROSSWALKS`."""
    if name not in CROSSWALKS:
        raise KeyError(f"unknown crosswalk {name!r}; expected one of {', '.join(CROSSWALKS)}")
    return pick(VALUE_LABELS[name], lang)


def pick_colour_code(code: str) -> str:
    """Return the code whose fixed colour a rating or tier code uses."""
    return EXTRA_COLOUR_CODES.get(code, code)


def _check_unique_solutions(solved: pd.DataFrame) -> pd.DataFrame:
    top = solved[solved["rating"] != "tsvmtb"]
    per_year = top.groupby("year", observed=True)["solution"].nunique()
    raise_if_any(per_year[per_year != 1].to_frame(), "years without exactly one whole-number solution")
    return solved


def check_tsvmtb_base(ratings: pd.DataFrame, solved: pd.DataFrame) -> pd.DataFrame:
    """Test, per year, whether TSVMTB can be a share of all organisations or of TSVM.

    Parameters
    ----------
    ratings : DataFrame
        Table ``ratings_organisations``.
    solved : DataFrame
        Output of :func:`nq03lib.analysis.derive.solve_rating_counts` with one solution per year.

    Returns
    -------
    DataFrame
        year, tsvmtb_base (``all`` or ``tsvm``), base_count, tsvmtb_count (NA if
        no whole number fits), share_pct (printed), printed_decimals,
        recomputed_pct (100 × tsvmtb_count / base_count),
        fits_printed_rounding (a whole number fits the share as printed),
        fits_two_decimals (it also fits if the printed share is read as having
        two decimals with a trailing zero dropped, as the report writes 18,5%
        for a share that computes to 18.50 %).

    """
    _check_unique_solutions(solved)
    rows = []
    for year, group in select(ratings, rating="tsvmtb").groupby("year", observed=True):
        printed = group.iloc[0]
        share = float(printed["share_pct"])
        decimals = printed_decimals(share, printed["quote"])
        sol = select(solved, year=year)
        sizes = {
            "all": int(sol["n_rated"].iloc[0]),
            "tsvm": int(one_value(sol, "count", rating="tsvm", tsvmtb_base="")),
        }
        for base in TSVMTB_BASES:
            tsvmtb = sol[(sol["rating"] == "tsvmtb") & (sol["tsvmtb_base"] == base)]
            found = tsvmtb["count"].tolist() or [None]
            for k in found:
                recomputed = None if k is None else round(100 * k / sizes[base], 4)
                rows.append(
                    {
                        "year": year,
                        "tsvmtb_base": base,
                        "base_count": sizes[base],
                        "tsvmtb_count": k,
                        "share_pct": share,
                        "printed_decimals": decimals,
                        "recomputed_pct": recomputed,
                        "fits_printed_rounding": k is not None,
                        "fits_two_decimals": k is not None and abs(recomputed - share) <= 0.005 + 1e-9,
                    }
                )
    out = pd.DataFrame(rows).astype(
        {
            "year": ratings["year"].dtype,
            "tsvmtb_base": "string",
            "tsvmtb_count": "Int64",
            "recomputed_pct": "Float64",
        }
    )
    bad = out.groupby("year", observed=True)["fits_printed_rounding"].any()
    raise_if_any(bad[~bad].to_frame(), "years where TSVMTB fits neither base")
    return out


def decide_tsvmtb_base(check: pd.DataFrame) -> str:
    """Return the one base of TSVMTB that fits the printed rounding in every year.

    Raises
    ------
    ValueError
        If no base, or more than one, fits every year.

    """
    per_year = check.groupby(["tsvmtb_base", "year"], observed=True)["fits_printed_rounding"].any()
    fits = per_year.groupby(level="tsvmtb_base").all()
    winners = sorted(fits[fits].index)
    if len(winners) != 1:
        raise ValueError(f"TSVMTB base is not determined: bases fitting every year: {winners}\n{check}")
    return winners[0]


def split_tsvm(ratings: pd.DataFrame, base: str = "tsvm") -> pd.DataFrame:
    """Split TSVM into TSVMTB and the rest of TSVM, both as shares of all organisations.

    Parameters
    ----------
    ratings : DataFrame
        Table ``ratings_organisations``.
    base : {"tsvm", "all"}
        What the printed TSVMTB share is a share of: ``"tsvm"`` gives
        TSVMTB = TSVM × TSVMTB / 100 of all organisations; ``"all"`` takes the
        printed TSVMTB as it is.

    Returns
    -------
    DataFrame
        year, scheme, rating (codes of :data:`PART_ORDER`), share_pct, printed
        (False for the two parts computed from TSVM and TSVMTB). The parts of
        each year add to the printed total: ``load()`` checks that the printed
        shares add to 100 % within their rounding and that TSVMTB is within
        TSVM, so neither part can be negative.

    """
    if base not in TSVMTB_BASES:
        raise ValueError(f"base must be one of {TSVMTB_BASES}, got {base!r}")
    rows = []
    for year, group in ratings.groupby("year", observed=True):
        shares = dict(zip(group["rating"].astype(str), group["share_pct"].astype(float)))
        scheme = str(group["scheme"].iloc[0])
        for code, share in shares.items():
            if code == "tsvmtb":
                continue
            if code == "tsvm":
                sub = shares["tsvmtb"] * shares["tsvm"] / 100 if base == "tsvm" else shares["tsvmtb"]
                parts = [("tsvmtb", sub), ("tsvm_rest", share - sub)]
                rows += [
                    {"year": year, "scheme": scheme, "rating": c, "share_pct": round(v, 4), "printed": False}
                    for c, v in parts
                ]
            else:
                rows.append(
                    {"year": year, "scheme": scheme, "rating": code, "share_pct": share, "printed": True}
                )
    out = pd.DataFrame(rows)
    out["rating"] = pd.Categorical(out["rating"], categories=PART_ORDER, ordered=True)
    out = out.astype({"year": ratings["year"].dtype, "scheme": ratings["scheme"].dtype})
    return out.sort_values(["year", "rating"]).reset_index(drop=True)


def crosswalk_shares(ratings: pd.DataFrame, crosswalk: str) -> pd.DataFrame:
    """Add up the shares of each year on the comparable tiers of one crosswalk.

    Parameters
    ----------
    ratings : DataFrame
        year, rating, share_pct and optionally scheme: the output of
        :func:`split_tsvm`, or table ``ratings_members`` (no scheme column:
        every year is read with the new labels).
    crosswalk : str
        A key of :data:`CROSSWALKS`.

    Returns
    -------
    DataFrame
        year, scheme (``old`` or ``new``), crosswalk, tier, share_pct.

    """
    if crosswalk not in CROSSWALKS:
        raise ValueError(f"unknown crosswalk {crosswalk!r}; expected one of {', '.join(CROSSWALKS)}")
    if (ratings["rating"] == "tsvm").any():
        raise ValueError("split TSVM into TSVMTB and the rest first (split_tsvm)")
    frame = ratings.copy()
    frame["scheme_kind"] = frame["scheme"].astype(str).map(SCHEMES) if "scheme" in frame else "new"
    frame["tier"] = [
        CROSSWALKS[crosswalk][kind].get(str(code))
        for kind, code in zip(frame["scheme_kind"], frame["rating"])
    ]
    raise_if_any(frame[frame["tier"].isna()][["year", "rating"]], f"ratings without a tier in {crosswalk}")
    out = (
        frame.groupby(["year", "scheme_kind", "tier"], observed=True, sort=False)["share_pct"]
        .sum()
        .round(4)
        .reset_index()
        .rename(columns={"scheme_kind": "scheme"})
    )
    out.insert(2, "crosswalk", crosswalk)
    out["tier"] = pd.Categorical(out["tier"], categories=TIER_ORDER, ordered=True)
    out["share_pct"] = out["share_pct"].astype(float)
    return out.sort_values(["year", "tier"]).reset_index(drop=True)


def tabulate_crosswalks(lang: str = "vi") -> pd.DataFrame:
    """Return :data:`CROSSWALKS` as a table: one row per crosswalk and old-scheme category."""
    rows = []
    for name, spec in CROSSWALKS.items():
        for kind in ("old", "new"):
            for code, tier in spec[kind].items():
                rows.append(
                    {
                        "crosswalk": name,
                        "crosswalk_label": label_crosswalk(name, lang),
                        "scheme": kind,
                        "rating": code,
                        "rating_label": label_rating(code, lang),
                        "tier": tier,
                        "tier_label": label_rating(tier, lang),
                    }
                )
    return pd.DataFrame(rows).astype("string")


def pivot_crosswalks(scheme: str = "old") -> pd.DataFrame:
    """Return :data:`CROSSWALKS` as a matrix: one row per category of ``scheme``, one column per crosswalk.

    Parameters
    ----------
    scheme : {"old", "new"}

    Returns
    -------
    DataFrame
        Index ``rating`` (the categories, top tier first), one column per
        crosswalk in the order of :data:`CROSSWALKS`, values the tier codes.

    """
    if scheme not in ("old", "new"):
        raise ValueError(f"scheme must be 'old' or 'new', got {scheme!r}")
    codes = [c for c in PART_ORDER if c in CROSSWALKS["primary"][scheme]]
    out = pd.DataFrame(
        {name: [spec[scheme][c] for c in codes] for name, spec in CROSSWALKS.items()}, index=codes
    )
    out.index.name = "rating"
    return out


def crosswalk_all(
    ratings_organisations: pd.DataFrame, ratings_members: pd.DataFrame, base: str
) -> pd.DataFrame:
    """Return the shares of both subjects on the tiers of every crosswalk.

    Returns
    -------
    DataFrame
        subject (``tccsd`` or ``dang_vien``), year, scheme, crosswalk, tier, share_pct.

    """
    split = split_tsvm(ratings_organisations, base)
    frames = []
    for subject, table in (("tccsd", split), ("dang_vien", ratings_members)):
        for name in CROSSWALKS:
            frames.append(crosswalk_shares(table, name).assign(subject=subject))
    out = pd.concat(frames, ignore_index=True)
    return out[["subject", "year", "scheme", "crosswalk", "tier", "share_pct"]]


#: The summary columns of :func:`summarise_changes` (after the one column per year).
CHANGE_SUMMARY = (
    "old_mean_pct",
    "new_mean_pct",
    "break_step_pp",
    "change_2016_2020_pp",
    "min_pct",
    "max_pct",
)


def summarise_changes(crosswalked: pd.DataFrame) -> pd.DataFrame:
    """Summarise each subject's tier shares over 2016–2020 and across the 2018 break.

    A tier whose series is the same under every crosswalk that has it gets one
    row with ``crosswalk = "any"``; a tier that depends on the crosswalk gets
    one row per crosswalk.

    Parameters
    ----------
    crosswalked : DataFrame
        Output of :func:`crosswalk_all`.

    Returns
    -------
    DataFrame
        subject, tier, crosswalk, depends_on_crosswalk, one column per year
        (share, %), old_mean_pct (2016–2017), new_mean_pct (2018–2020),
        break_step_pp (2018 − 2017), change_2016_2020_pp, min_pct, max_pct.

    """
    wide = crosswalked.pivot_table(
        index=["subject", "tier", "crosswalk"], columns="year", values="share_pct", observed=True
    )
    wide.columns = [str(c) for c in wide.columns]
    rows = []
    for (subject, tier), group in wide.groupby(level=["subject", "tier"], observed=True, sort=False):
        distinct = group.round(4).drop_duplicates()
        depends = len(distinct) > 1
        keep = group if depends else group.iloc[[0]]
        for (_, _, name), values in keep.iterrows():
            row = {"subject": subject, "tier": tier, "crosswalk": name if depends else "any"}
            row["depends_on_crosswalk"] = depends
            row.update(values.to_dict())
            rows.append(row)
    out = pd.DataFrame(rows)
    years = [c for c in out.columns if c.isdigit()]
    old = [y for y in years if int(y) < 2018]
    new = [y for y in years if int(y) >= 2018]
    out["old_mean_pct"] = out[old].mean(axis=1).round(2)
    out["new_mean_pct"] = out[new].mean(axis=1).round(2)
    out["break_step_pp"] = (out[min(new)] - out[max(old)]).round(2)
    out["change_2016_2020_pp"] = (out[max(years)] - out[min(years)]).round(2)
    out["min_pct"] = out[years].min(axis=1).round(2)
    out["max_pct"] = out[years].max(axis=1).round(2)
    out[years] = out[years].round(2)
    out["subject"] = pd.Categorical(out["subject"], categories=["tccsd", "dang_vien"], ordered=True)
    out["tier"] = pd.Categorical(out["tier"].astype(str), categories=TIER_ORDER, ordered=True)
    out["crosswalk"] = pd.Categorical(out["crosswalk"], categories=["any", *CROSSWALKS], ordered=True)
    return out.sort_values(["subject", "tier", "crosswalk"]).reset_index(drop=True)


def tabulate_organisation_counts(solved: pd.DataFrame, base: str) -> pd.DataFrame:
    """Return the whole-number counts per year and rating, TSVMTB on the given base.

    Returns
    -------
    DataFrame
        year, n_rated, rating, count, share_pct (printed), recomputed_pct
        (100 × count / n_rated, for TSVMTB also of all organisations).

    """
    _check_unique_solutions(solved)
    keep = solved[(solved["tsvmtb_base"] == "") | (solved["tsvmtb_base"] == base)]
    dup = keep[keep.duplicated(["year", "rating"], keep=False)]
    raise_if_any(dup, f"several TSVMTB counts on base {base}")
    out = keep[["year", "n_rated", "rating", "count", "share_pct"]].copy()
    out["recomputed_pct"] = (100 * out["count"] / out["n_rated"]).round(2)
    return out.reset_index(drop=True)


def bound_organisation_stock(flows: pd.DataFrame) -> dict[str, int]:
    """Bound the number of TCCSĐ that existed at any time between 8-2016 and 2021.

    The stock can never have been above the 8-2016 stock plus every new
    organisation (nor the 2021 stock plus every one removed), nor below the
    8-2016 stock minus every one removed (nor the 2021 stock minus every new
    one).

    Parameters
    ----------
    flows : DataFrame
        Output of :func:`nq03lib.analysis.derive.reconcile_flows`.

    Returns
    -------
    dict
        ``low_count`` and ``high_count``.

    """
    r = one_row(flows, entity="tccsd")
    low = max(int(r["before_count"] - r["removed_count"]), int(r["after_count"] - r["added_count"]))
    high = min(int(r["before_count"] + r["added_count"]), int(r["after_count"] + r["removed_count"]))
    if low > high:
        raise ValueError(f"stock bounds cross: low {low} > high {high}")
    return {"low_count": low, "high_count": high}


def list_rated_totals(ratings: pd.DataFrame, bounds: dict[str, int]) -> pd.DataFrame:
    """List every number of organisations rated, up to the highest possible stock, that fits the shares.

    Parameters
    ----------
    ratings : DataFrame
        Table ``ratings_organisations``.
    bounds : dict
        Output of :func:`bound_organisation_stock`.

    Returns
    -------
    DataFrame
        year, n_rated, failing_count (yếu kém or không HTNV in that solution),
        within_stock_bounds (n_rated at least the lowest possible stock).

    """
    solved = derive.solve_rating_counts(ratings, n_min=1, n_max=bounds["high_count"])
    fail = select(solved, rating=list(FAILING))
    out = fail[["year", "n_rated", "count"]].rename(columns={"count": "failing_count"})
    out = out.drop_duplicates().sort_values(["year", "n_rated"]).reset_index(drop=True)
    out["within_stock_bounds"] = out["n_rated"] >= bounds["low_count"]
    return out


def compare_failing_organisations(solved: pd.DataFrame, failing_counts: pd.DataFrame) -> pd.DataFrame:
    """Set the yearly yếu kém/không HTNV counts implied by the shares against fn17's total.

    Returns
    -------
    DataFrame
        period (each year, then ``2016/2020``), implied_count, printed_count
        (fn17's total on the last row only), difference_count.

    """
    _check_unique_solutions(solved)
    fail = select(solved, rating=list(FAILING))
    rows = [
        {"period": str(y), "implied_count": int(c), "printed_count": pd.NA}
        for y, c in zip(fail["year"], fail["count"])
    ]
    printed = one_value(failing_counts, "failing_count", subject="tccsd", period="2016/2020")
    total = sum(r["implied_count"] for r in rows)
    rows.append({"period": "2016/2020", "implied_count": total, "printed_count": int(printed)})
    out = pd.DataFrame(rows).astype({"period": "string", "implied_count": "Int64", "printed_count": "Int64"})
    out["difference_count"] = out["printed_count"] - out["implied_count"]
    return out


#: Columns of :func:`compare_members_rated`: the members rated set against the 2021 membership ...
RATED_AGAINST_MEMBERSHIP = (
    "year",
    "failing_count",
    "share_pct",
    "rated_min_count",
    "rated_max_count",
    "rated_mid_count",
    "members_2021_count",
    "rated_share_of_2021_min_pct",
    "rated_share_of_2021_max_pct",
)
#: ... and the intervals, from the không HTNV share alone and from all four shares.
RATED_INTERVALS = (
    "year",
    "single_min_count",
    "single_max_count",
    "rated_min_count",
    "rated_max_count",
    "solution_count",
    "narrowed_by_count",
)


def count_members(membership: pd.DataFrame) -> int:
    """Return the total number of party members printed in table ``membership`` (II.4)."""
    return int(one_value(membership, "member_count", dimension="tong", group="tat_ca"))


def compare_members_rated(members_rated: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """Set the members rated each year (with its interval) against the 2021 membership total.

    Parameters
    ----------
    members_rated : DataFrame
        Output of :func:`nq03lib.analysis.derive.implied_members_rated`.
    membership : DataFrame
        Table ``membership``.

    Returns
    -------
    DataFrame
        The columns of ``members_rated`` plus narrowed_by_count (how many
        totals the four shares together rule out of the interval the không
        HTNV share alone allows), members_2021_count,
        rated_share_of_2021_min_pct and rated_share_of_2021_max_pct.

    """
    n = count_members(membership)
    out = members_rated.copy()
    out["narrowed_by_count"] = (
        out["single_max_count"] - out["rated_max_count"] + out["rated_min_count"] - out["single_min_count"]
    )
    raise_if_any(out[out["narrowed_by_count"] < 0], "intervals that the four shares widen instead of narrow")
    out["members_2021_count"] = n
    out["rated_share_of_2021_min_pct"] = (100 * out["rated_min_count"] / n).round(2)
    out["rated_share_of_2021_max_pct"] = (100 * out["rated_max_count"] / n).round(2)
    raise_if_any(out[out["rated_min_count"] > n], "more members rated than the 2021 membership")
    return out


_GUIDANCE_RE = re.compile(
    r"Hướng dẫn số (?P<number>[\w/-]+), ngày (?P<day>\d{1,2})-(?P<month>\d{1,2})-(?P<year>\d{4}) "
    r"của (?P<issuer>Ban Tổ chức Trung ương|Ban Thường vụ Tỉnh ủy) [\"“](?P<subject>[^\"”]+)[\"”]"
)


def list_rating_guidance(location: str = "fn9", source_id: str | None = None) -> pd.DataFrame:
    """List the rating guidance documents the report cites, with their dates and whom they cover.

    fn9 is attached to II.3's sentence on rating party organisations and
    members "đúng quy trình, quy định". Each guidance document is read from the
    text: its number, date, issuer and subject, and whether its subject names
    party organisations and members.

    Returns
    -------
    DataFrame
        number, date (ISO), year, issuer, document_subject (verbatim),
        covers_organisations, covers_members, location; in order of date.

    Raises
    ------
    ValueError
        If the footnote cites no guidance document.

    """
    text = load_report(source_id or default_source_id()).text_at(location)
    rows = []
    for m in _GUIDANCE_RE.finditer(text):
        subject = m.group("subject").strip()
        folded = fold(subject)
        rows.append(
            {
                "number": m.group("number"),
                "date": f"{int(m.group('year')):04d}-{int(m.group('month')):02d}-{int(m.group('day')):02d}",
                "year": int(m.group("year")),
                "issuer": m.group("issuer"),
                "document_subject": subject,
                "covers_organisations": "to chuc" in folded,
                "covers_members": "dang vien" in folded,
                "location": location,
            }
        )
    if not rows:
        raise ValueError(f"{location}: no 'Hướng dẫn số …, ngày …' found in {text!r}")
    out = pd.DataFrame(rows).sort_values("date").reset_index(drop=True)
    return out.astype(
        {"number": "string", "date": "string", "issuer": "string", "document_subject": "string"}
    )


def list_one_decimal_shares(ratings: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """List the organisation shares printed with one decimal, recomputed from the whole-number counts.

    The report drops a trailing zero (it prints 18,5% for a share that
    computes to 18.50 %). Each share printed with one decimal is recomputed
    out of its own base: the organisations rated, or for TSVMTB those rated
    TSVM.

    Parameters
    ----------
    ratings : DataFrame
        Table ``ratings_organisations``.
    counts : DataFrame
        Output of :func:`tabulate_organisation_counts`.

    Returns
    -------
    DataFrame
        The columns of ``counts`` for those shares, plus base_count,
        recomputed_of_base_pct and fits_two_decimals (the recomputed share
        equals the printed one to two decimals, i.e. the dropped digit is 0).

    """
    quote_of = dict(zip(zip(ratings["year"].astype(str), ratings["rating"].astype(str)), ratings["quote"]))
    one_decimal = counts[
        [
            printed_decimals(s, quote_of[(str(y), str(r))]) == 1
            for y, r, s in zip(counts["year"], counts["rating"], counts["share_pct"])
        ]
    ].copy()
    one_decimal["base_count"] = [
        n if str(r) != "tsvmtb" else int(one_value(counts, "count", year=y, rating="tsvm"))
        for y, r, n in zip(one_decimal["year"], one_decimal["rating"], one_decimal["n_rated"])
    ]
    one_decimal["recomputed_of_base_pct"] = (100 * one_decimal["count"] / one_decimal["base_count"]).round(2)
    one_decimal["fits_two_decimals"] = (
        one_decimal["recomputed_of_base_pct"] - one_decimal["share_pct"]
    ).abs() < 1e-9
    return one_decimal


def compare_2018_totals_with_fn17(rated_totals: pd.DataFrame, failing_counts: pd.DataFrame) -> pd.DataFrame:
    """Add up the yearly failing organisations for each candidate total of 2018, against fn17.

    Parameters
    ----------
    rated_totals : DataFrame
        Output of :func:`list_rated_totals` (several candidates in 2018, one in
        each other year).
    failing_counts : DataFrame
        Table ``failing_counts``.

    Returns
    -------
    DataFrame
        n_rated_2018 (the candidate), sum_failing_2016_2020 (the yếu kém/không
        HTNV counts of every year added up with that candidate),
        printed_fn17 (fn17's total of TCCSĐ rated không HTNV), difference_count
        (printed − sum).

    """
    printed = int(one_value(failing_counts, "failing_count", subject="tccsd", period="2016/2020"))
    per_year = [group.to_dict("records") for _, group in rated_totals.groupby("year", observed=True)]
    rows = []
    for combo in itertools.product(*per_year):
        total = sum(int(r["failing_count"]) for r in combo)
        n_2018 = next(int(r["n_rated"]) for r in combo if str(r["year"]) == BREAK_YEAR)
        rows.append(
            {
                "n_rated_2018": n_2018,
                "sum_failing_2016_2020": total,
                "printed_fn17": printed,
                "difference_count": printed - total,
            }
        )
    return pd.DataFrame(rows)


def compare_named_failing(
    unit_mentions: pd.DataFrame, failing_organisations: pd.DataFrame, failing_counts: pd.DataFrame
) -> pd.DataFrame:
    """Set the organisations fn16 names as không HTNV against fn17's count and the yearly counts.

    Parameters
    ----------
    unit_mentions : DataFrame
        Table ``unit_mentions``.
    failing_organisations : DataFrame
        Output of :func:`compare_failing_organisations`.
    failing_counts : DataFrame
        Table ``failing_counts``.

    Returns
    -------
    DataFrame
        One row: named_fn16_count (organisations named in fn16, which gives no
        year), failing_fn17_count (TCCSĐ and chi bộ trực thuộc rated không
        HTNV over 2016–2020, fn17), years_equal_to_list (the years whose
        implied count of failing TCCSĐ equals the list's length).

    """
    named = unit_mentions[(unit_mentions["location"] == "fn16") & unit_mentions["organisation"].notna()]
    counted = select(failing_counts, subject=["tccsd", "chi_bo_truc_thuoc"], period="2016/2020")
    yearly = failing_organisations[failing_organisations["period"] != "2016/2020"]
    years = yearly.loc[yearly["implied_count"] == len(named), "period"].astype(str).tolist()
    return pd.DataFrame(
        {
            "named_fn16_count": [len(named)],
            "failing_fn17_count": [int(counted["failing_count"].sum())],
            "years_equal_to_list": [", ".join(years)],
        }
    ).astype({"years_equal_to_list": "string"})


def compare_top_tier_by_base(ratings: pd.DataFrame, base: str) -> pd.DataFrame:
    """Return the top tier of the primary crosswalk under each reading of TSVMTB, and its step across 2018.

    Parameters
    ----------
    ratings : DataFrame
        Table ``ratings_organisations``.
    base : str
        The reading the printed figures allow (:func:`decide_tsvmtb_base`); its row comes first.

    Returns
    -------
    DataFrame
        tsvmtb_base, one column per year (share of the top tier, %), and
        break_step_pp (2018 − 2017, percentage points).

    """
    rows = []
    for reading in (base, *(b for b in TSVMTB_BASES if b != base)):
        tiers = crosswalk_shares(split_tsvm(ratings, reading), "primary")
        top = select(tiers, tier="htxsnv").set_index("year")["share_pct"].round(2)
        row = {"tsvmtb_base": reading, **{str(y): float(v) for y, v in top.items()}}
        years = [str(y) for y in top.index]
        before = max(y for y in years if y < BREAK_YEAR)
        row["break_step_pp"] = round(row[BREAK_YEAR] - row[before], 2)
        rows.append(row)
    return pd.DataFrame(rows).astype({"tsvmtb_base": "string"})


# --- findings ----------------------------------------------------------------------------------

#: Words that join the last two items of a list, per language.
AND = ("và", "and")


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {pick(AND, lang)} {items[-1]}"


def _make_per_language(make) -> tuple[str, str]:
    """Return ``(make("vi"), make("en"))``: a text value of a template, once per language."""
    return tuple(make(lang) for lang in LANGS)


#: The findings of notebook 01, one template per language (filled by :func:`list_findings`).
FINDINGS = {
    "tsvmtb": Template(
        vi="TSVMTB là tỉ lệ so với {base}: năm {years_other} không có số nguyên nào khớp với cách đọc "
        "còn lại (tỉ lệ so với {other}). Quy ra tổng số TCCSĐ được xếp loại, TSVMTB chiếm {old_top}.",
        en="TSVMTB is a share of {base}: in {years_other} no whole number fits the other reading "
        "(a share of {other}). As a share of all organisations rated, TSVMTB was {old_top}.",
    ),
    "organisations_rated": Template(
        vi="Số TCCSĐ được xếp loại hằng năm: {per_year} (cao nhất năm {peak_year}); số TCCSĐ hiện có "
        "trong cả giai đoạn luôn nằm trong khoảng {low:n}–{high:n}.",
        en="Organisations rated each year: {per_year} (highest in {peak_year}); the number of "
        "organisations in existence stayed within {low:n}–{high:n} throughout.",
    ),
    "failing_total": Template(
        vi="Số TCCSĐ yếu kém/không HTNV suy ra từ tỉ lệ từng năm cộng lại được {implied:n} trong "
        "2016–2020, so với {printed:n} in ở chú thích 17 (chênh lệch {difference:n}).",
        en="The organisations rated yếu kém/không HTNV implied by each year's shares add up to {implied:n} "
        "over 2016–2020, against {printed:n} printed in footnote 17 (difference {difference:n}).",
    ),
    "members_rated": Template(
        vi="Số đảng viên được xếp loại {direction} từ {first_min:n}–{first_max:n} ({first_year}) {to} "
        "{last_min:n}–{last_max:n} ({last_year}), tức từ {first_min_share:pct}–{first_max_share:pct} "
        "{to} {last_min_share:pct}–{last_max_share:pct} so với {members:n} đảng viên năm 2021.",
        en="Members rated {direction} from {first_min:n}–{first_max:n} ({first_year}) {to} "
        "{last_min:n}–{last_max:n} ({last_year}), i.e. from {first_min_share:pct}–{first_max_share:pct} "
        "{to} {last_min_share:pct}–{last_max_share:pct} of the {members:n} members of 2021.",
    ),
    "unchanged": Template(
        vi="Không thay đổi đáng kể: tỉ lệ TCCSĐ yếu kém/không HTNV chỉ dao động trong khoảng "
        "{fail_min:pct}–{fail_max:pct} ({fail_count_min:n}–{fail_count_max:n} tổ chức mỗi năm), của "
        "đảng viên không HTNV trong khoảng {member_fail_min:pct}–{member_fail_max:pct}; tỉ lệ TCCSĐ từ "
        "HTTNV trở lên trong khoảng {good_min:pct}–{good_max:pct}; TCCSĐ HTNV trong khoảng "
        "{htnv_min:pct}–{htnv_max:pct}. Các nhận định này không phụ thuộc cách quy đổi.",
        en="Did not change: the failing share of organisations stayed within {fail_min:pct}–{fail_max:pct} "
        "({fail_count_min:n}–{fail_count_max:n} organisations a year) and of members within "
        "{member_fail_min:pct}–{member_fail_max:pct}; organisations rated HTTNV or better stayed within "
        "{good_min:pct}–{good_max:pct}; organisations rated HTNV within {htnv_min:pct}–{htnv_max:pct}. "
        "None of these depends on the crosswalk.",
    ),
    "top_tier": Template(
        vi="Thay đổi: bậc cao nhất của TCCSĐ qua năm 2018 phụ thuộc hoàn toàn vào cách quy đổi: "
        "{primary_before:pct} → {primary_after:pct} (cách chính, {primary_step:+n2} điểm phần trăm) hoặc "
        "{alt_before:pct} → {alt_after:pct} (cách khác, {alt_step:+n2} điểm phần trăm).",
        en="Changed: the organisations' top tier across 2018 depends entirely on the crosswalk: "
        "{primary_before:pct} → {primary_after:pct} (primary, {primary_step:+n2} pp) or "
        "{alt_before:pct} → {alt_after:pct} (alternative, {alt_step:+n2} pp).",
    ),
    "members_changed": Template(
        vi="Với đảng viên, nhãn xếp loại không đổi nhưng từ năm 2018 áp dụng hướng dẫn mới {documents} "
        "(chú thích 9): HTNV {htnv_before:pct} → {htnv_after:pct} qua năm 2018 và {htnv_last:pct} năm "
        "{last_year}; từ HTTNV trở lên {good_first:pct} → {good_last:pct}; HTXSNV {top_first:pct} → "
        "{top_last:pct}. Báo cáo không nêu bước chuyển năm 2018 có bao nhiêu phần do quy định mới.",
        en="Changed for members, on the same labels but under the guidance of {documents} (2018, "
        "footnote 9): HTNV {htnv_before:pct} → {htnv_after:pct} across 2018 and {htnv_last:pct} in "
        "{last_year}; HTTNV or better {good_first:pct} → {good_last:pct}; HTXSNV {top_first:pct} → "
        "{top_last:pct}. How much of the 2018 step the new rules account for is not stated.",
    ),
    "named": Template(
        vi="Chú thích 16 nêu tên {named:n} tổ chức đảng xếp loại không HTNV, không ghi năm; chú thích 17 "
        "đếm {counted:n} tổ chức (TCCSĐ và chi bộ trực thuộc) trong 2016–2020, nên danh sách chưa đầy đủ.",
        en="Footnote 16 names {named:n} organisations rated không HTNV, with no year; footnote 17 counts "
        "{counted:n} (TCCSĐ and cells under grassroots committees) over 2016–2020, so the list is not complete.",
    ),
}

#: The reading of TSVMTB that the printed figures allow, as a sentence (see :func:`state_tsvmtb_base`).
BASE_SENTENCE = Template(
    vi="Cách đọc khớp với số liệu của mọi năm: TSVMTB là tỉ lệ so với {base}.",
    en="The reading that fits every year: TSVMTB is a share of {base}.",
)


def state_tsvmtb_base(base: str, lang: str = "vi") -> str:
    """Return the sentence that states which base of TSVMTB fits (``base`` from :func:`decide_tsvmtb_base`)."""
    return BASE_SENTENCE.format(lang, base=pick(BASE_WORDS[base], lang))


#: How each reading of TSVMTB is named in the findings.
BASE_WORDS = {
    "tsvm": ("số TCCSĐ đạt TSVM", "the organisations rated TSVM"),
    "all": ("tổng số TCCSĐ được xếp loại", "all organisations rated"),
}
#: A change up or down, and the word before its end point.
DIRECTION = {True: (("tăng", "rose"), ("lên", "to")), False: (("giảm", "fell"), ("xuống", "to"))}


def _compute_finding_values(tables: dict[str, pd.DataFrame]) -> dict[str, dict]:
    """Compute the values of every finding of :data:`FINDINGS` once, for both languages."""
    org, members = tables["ratings_organisations"], tables["ratings_members"]
    failing = tables["failing_counts"]
    solved = derive.solve_rating_counts(org)
    check = check_tsvmtb_base(org, solved)
    base = decide_tsvmtb_base(check)
    other = next(b for b in TSVMTB_BASES if b != base)
    fits = check.groupby(["tsvmtb_base", "year"], observed=True)["fits_printed_rounding"].any()
    years_other = [str(y) for (b, y), ok in fits.items() if b == other and not ok]
    counts = tabulate_organisation_counts(solved, base)
    per_year = counts.groupby("year", observed=True)["n_rated"].first()
    bounds = bound_organisation_stock(
        derive.reconcile_flows(tables["restructuring"], tables["organisations"])
    )
    failing_orgs = compare_failing_organisations(solved, failing)
    rated = compare_members_rated(derive.implied_members_rated(members, failing), tables["membership"])
    changes = summarise_changes(crosswalk_all(org, members, base))
    years = [c for c in changes.columns if c.isdigit()]
    before = max(y for y in years if y < BREAK_YEAR)

    def pick_row(subject: str, tier: str, crosswalk: str = "any") -> pd.Series:
        return one_row(changes, subject=subject, tier=tier, crosswalk=crosswalk)

    top, alt = pick_row("tccsd", "htxsnv", "primary"), pick_row("tccsd", "htxsnv", "tsvm_as_excellent")
    fail_org, fail_mem = pick_row("tccsd", "khong_htnv"), pick_row("dang_vien", "khong_htnv")
    good_org, good_mem = pick_row("tccsd", "tot_tro_len"), pick_row("dang_vien", "tot_tro_len")
    htnv_org, htnv_mem, top_mem = (
        pick_row("tccsd", "htnv"),
        pick_row("dang_vien", "htnv"),
        pick_row("dang_vien", "htxsnv"),
    )
    yearly_fail = failing_orgs["implied_count"].iloc[:-1]
    guidance = list_rating_guidance(source_id=str(org["source_id"].iloc[0]))
    new_rules = guidance[guidance["covers_members"] & (guidance["year"] == int(BREAK_YEAR))]
    named = compare_named_failing(tables["unit_mentions"], failing_orgs, failing).iloc[0]
    first, last = rated.iloc[0], rated.iloc[-1]
    old_years = [y for y in years if y < BREAK_YEAR]
    return {
        "tsvmtb": {
            "base": BASE_WORDS[base],
            "other": BASE_WORDS[other],
            "years_other": _make_per_language(lambda lang: _join(years_other, lang)),
            "old_top": _make_per_language(
                lambda lang: _join([f"{format_pct(top[y], lang)} ({y})" for y in old_years], lang)
            ),
        },
        "organisations_rated": {
            "per_year": _make_per_language(
                lambda lang: ", ".join(f"{format_number(n, lang)} ({y})" for y, n in per_year.items())
            ),
            "peak_year": str(per_year.idxmax()),
            "low": bounds["low_count"],
            "high": bounds["high_count"],
        },
        "failing_total": {
            "implied": int(failing_orgs["implied_count"].iloc[-1]),
            "printed": int(failing_orgs["printed_count"].iloc[-1]),
            "difference": int(failing_orgs["difference_count"].iloc[-1]),
        },
        "members_rated": {
            "direction": DIRECTION[bool(last["rated_mid_count"] > first["rated_mid_count"])][0],
            "to": DIRECTION[bool(last["rated_mid_count"] > first["rated_mid_count"])][1],
            "first_year": str(first["year"]),
            "last_year": str(last["year"]),
            "first_min": first["rated_min_count"],
            "first_max": first["rated_max_count"],
            "last_min": last["rated_min_count"],
            "last_max": last["rated_max_count"],
            "first_min_share": first["rated_share_of_2021_min_pct"],
            "first_max_share": first["rated_share_of_2021_max_pct"],
            "last_min_share": last["rated_share_of_2021_min_pct"],
            "last_max_share": last["rated_share_of_2021_max_pct"],
            "members": first["members_2021_count"],
        },
        "unchanged": {
            "fail_min": fail_org["min_pct"],
            "fail_max": fail_org["max_pct"],
            "fail_count_min": yearly_fail.min(),
            "fail_count_max": yearly_fail.max(),
            "member_fail_min": fail_mem["min_pct"],
            "member_fail_max": fail_mem["max_pct"],
            "good_min": good_org["min_pct"],
            "good_max": good_org["max_pct"],
            "htnv_min": htnv_org["min_pct"],
            "htnv_max": htnv_org["max_pct"],
        },
        "top_tier": {
            "primary_before": top[before],
            "primary_after": top[BREAK_YEAR],
            "primary_step": top["break_step_pp"],
            "alt_before": alt[before],
            "alt_after": alt[BREAK_YEAR],
            "alt_step": alt["break_step_pp"],
        },
        "members_changed": {
            "documents": ", ".join(new_rules["number"]),
            "htnv_before": htnv_mem[before],
            "htnv_after": htnv_mem[BREAK_YEAR],
            "htnv_last": htnv_mem[years[-1]],
            "last_year": years[-1],
            "good_first": good_mem[years[0]],
            "good_last": good_mem[years[-1]],
            "top_first": top_mem[years[0]],
            "top_last": top_mem[years[-1]],
        },
        "named": {"named": named["named_fn16_count"], "counted": named["failing_fn17_count"]},
    }


def list_findings(tables: dict[str, pd.DataFrame], lang: str = "vi") -> list[str]:
    """Return the findings of notebook 01 in ``lang``, computed from the tables of one source.

    Parameters
    ----------
    tables : dict
        Table name → frame (e.g. :func:`nq03lib.charts.registry.frames`), with
        ``ratings_organisations``, ``ratings_members``, ``failing_counts``,
        ``membership``, ``organisations``, ``restructuring`` and ``unit_mentions``.
    lang : {"vi", "en"}

    Returns
    -------
    list of str
        One sentence per finding of :data:`FINDINGS`, in that order.

    """
    values = _compute_finding_values(tables)
    return [
        template.format(
            lang, **{k: pick(v, lang) if isinstance(v, tuple) else v for k, v in values[key].items()}
        )
        for key, template in FINDINGS.items()
    ]
