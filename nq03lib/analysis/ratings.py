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
:func:`nq03lib.derive.solve_rating_counts`: a reading is possible in a year only
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

import re

import pandas as pd

from nq03lib.analysis import derive
from nq03lib.analysis.frames import raise_if_any
from nq03lib.data.schema import CATEGORIES
from nq03lib.data.source import fold, load_report, printed_decimals

#: Rating codes used here that are not in :data:`nq03lib.data.schema.CATEGORIES`.
EXTRA_RATINGS: dict[str, tuple[str, str]] = {
    "tsvm_rest": ("TSVM còn lại", "Other clean & strong"),
    "tot_tro_len": ("HTTNV trở lên", "Good or better"),
}

#: Which fixed colour (:data:`nq03lib.charts.COLOURS`) each extra code borrows.
EXTRA_COLOUR_CODES: dict[str, str] = {"tsvm_rest": "tsvm", "tot_tro_len": "httnv"}

#: Order of the parts after the split, top tier first (bottom of a stacked bar).
PART_ORDER = ["tsvmtb", "tsvm_rest", "htxsnv", "httnv", "htnv", "yeu_kem", "khong_htnv"]

#: Order of the comparable tiers, top tier first.
TIER_ORDER = ["htxsnv", "tot_tro_len", "httnv", "htnv", "khong_htnv"]

#: Crosswalks from each scheme's categories to comparable tiers (see the module docstring).
CROSSWALKS: dict[str, dict] = {
    "primary": {
        "label": ("Chính: TSVMTB → HTXSNV", "Primary: TSVMTB → HTXSNV"),
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
        "label": ("Khác: cả TSVM → HTXSNV", "Alternative: all TSVM → HTXSNV"),
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
        "label": ("Gộp: HTTNV trở lên", "Merged: good or better"),
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


def _i(lang: str) -> int:
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', got {lang!r}")
    return 0 if lang == "vi" else 1


def label_rating(code: str, lang: str = "vi") -> str:
    """Return the label of a rating or tier code, including the codes of :data:`EXTRA_RATINGS`."""
    labels = {**CATEGORIES["rating"], **EXTRA_RATINGS}
    if code not in labels:
        raise KeyError(f"no rating code {code!r}")
    return labels[code][_i(lang)]


def label_crosswalk(name: str, lang: str = "vi") -> str:
    """Return the short label of a crosswalk of :data:`CROSSWALKS`."""
    return CROSSWALKS[name]["label"][_i(lang)]


def colour_code(code: str) -> str:
    """Return the code whose fixed colour a rating or tier code uses."""
    return EXTRA_COLOUR_CODES.get(code, code)


def _unique_solutions(solved: pd.DataFrame) -> pd.DataFrame:
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
        Output of :func:`nq03lib.derive.solve_rating_counts` with one solution per year.

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
    _unique_solutions(solved)
    rows = []
    for year, group in ratings[ratings["rating"] == "tsvmtb"].groupby("year", observed=True):
        printed = group.iloc[0]
        share = float(printed["share_pct"])
        decimals = printed_decimals(share, printed["quote"])
        sol = solved[solved["year"] == year]
        counts = dict(
            zip(sol.loc[sol["tsvmtb_base"] == "", "rating"], sol.loc[sol["tsvmtb_base"] == "", "count"])
        )
        sizes = {"all": int(sol["n_rated"].iloc[0]), "tsvm": int(counts["tsvm"])}
        for base in TSVMTB_BASES:
            found = sol[(sol["rating"] == "tsvmtb") & (sol["tsvmtb_base"] == base)]["count"].tolist() or [
                None
            ]
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
        each year add to the printed total (100 % within rounding).

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
    out = out.sort_values(["year", "rating"]).reset_index(drop=True)
    raise_if_any(out[out["share_pct"] < 0], "negative parts (TSVMTB larger than TSVM)")
    sums = out.groupby("year", observed=True)["share_pct"].sum()
    raise_if_any(sums[(sums - 100).abs() > 0.05].to_frame(), "parts that do not add to 100 %")
    return out


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
    _unique_solutions(solved)
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
        Output of :func:`nq03lib.derive.reconcile_flows`.

    Returns
    -------
    dict
        ``low_count`` and ``high_count``.

    """
    row = flows[flows["entity"] == "tccsd"]
    if len(row) != 1:
        raise ValueError(f"expected one tccsd row in the flows, got:\n{flows}")
    r = row.iloc[0]
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
    fail = solved[solved["rating"].isin(["yeu_kem", "khong_htnv"])]
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
    _unique_solutions(solved)
    fail = solved[solved["rating"].isin(["yeu_kem", "khong_htnv"])]
    rows = [
        {"period": str(y), "implied_count": int(c), "printed_count": pd.NA}
        for y, c in zip(fail["year"], fail["count"])
    ]
    printed = failing_counts[
        (failing_counts["subject"] == "tccsd") & (failing_counts["period"] == "2016/2020")
    ]
    if len(printed) != 1:
        raise ValueError(f"expected one printed total of failing TCCSĐ for 2016/2020, got:\n{printed}")
    total = sum(r["implied_count"] for r in rows)
    rows.append(
        {
            "period": "2016/2020",
            "implied_count": total,
            "printed_count": int(printed["failing_count"].iloc[0]),
        }
    )
    out = pd.DataFrame(rows).astype({"period": "string", "implied_count": "Int64", "printed_count": "Int64"})
    out["difference_count"] = out["printed_count"] - out["implied_count"]
    return out


def compare_members_rated(members_rated: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """Set the members rated each year (with its interval) against the 2021 membership total.

    Parameters
    ----------
    members_rated : DataFrame
        Output of :func:`nq03lib.derive.implied_members_rated`.
    membership : DataFrame
        Table ``membership``.

    Returns
    -------
    DataFrame
        The columns of ``members_rated`` plus members_2021_count,
        rated_share_of_2021_min_pct and rated_share_of_2021_max_pct.

    """
    total = membership[(membership["dimension"] == "tong") & (membership["group"] == "tat_ca")]
    if len(total) != 1:
        raise ValueError(f"expected one total of members, got:\n{total}")
    n = int(total["member_count"].iloc[0])
    out = members_rated.copy()
    out["members_2021_count"] = n
    out["rated_share_of_2021_min_pct"] = (100 * out["rated_min_count"] / n).round(2)
    out["rated_share_of_2021_max_pct"] = (100 * out["rated_max_count"] / n).round(2)
    raise_if_any(out[out["rated_min_count"] > n], "more members rated than the 2021 membership")
    return out


_GUIDANCE_RE = re.compile(
    r"Hướng dẫn số (?P<number>[\w/-]+), ngày (?P<day>\d{1,2})-(?P<month>\d{1,2})-(?P<year>\d{4}) "
    r"của (?P<issuer>Ban Tổ chức Trung ương|Ban Thường vụ Tỉnh ủy) [\"“](?P<subject>[^\"”]+)[\"”]"
)


def list_rating_guidance(location: str = "fn9", source_id: str = "bc124-2021") -> pd.DataFrame:
    """List the rating guidance documents the report cites, with their dates and whom they cover.

    fn9 is attached to II.3's sentence on rating party organisations and
    members "đúng quy trình, quy định". Each guidance document is read from the
    text: its number, date, issuer and subject, and whether its subject names
    party organisations and members.

    Returns
    -------
    DataFrame
        number, date (ISO), year, issuer, subject (verbatim), covers_organisations,
        covers_members, location; in order of date.

    Raises
    ------
    ValueError
        If the footnote cites no guidance document.

    """
    text = load_report(source_id).text_at(location)
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
                "subject": subject,
                "covers_organisations": "to chuc" in folded,
                "covers_members": "dang vien" in folded,
                "location": location,
            }
        )
    if not rows:
        raise ValueError(f"{location}: no 'Hướng dẫn số …, ngày …' found in {text!r}")
    out = pd.DataFrame(rows).sort_values("date").reset_index(drop=True)
    return out.astype({"number": "string", "date": "string", "issuer": "string", "subject": "string"})
