"""Derive the membership quantities of sections II.4–II.5: density, recruits against the stock, a scenario.

The report prints the 2021 stock of party members by group (II.4), the
grassroots organisations by type (II.2) and the members admitted since the
resolution (8-2016) by group (II.5). From these this module derives

* members per grassroots organisation (TCCSĐ) of each type
  (:func:`count_members_per_tccsd`);
* the recruits-against-stock table with a **representation ratio** per group,
  share among recruits ÷ share among members, computed both from the printed
  shares and from the counts (:func:`compare_recruits_with_members`);
* the length of the recruitment window, read from the report's own words in
  II.5, "Từ khi ban hành Nghị quyết … đến nay" (8-8-2016 to the report's date,
  28-9-2021; :func:`read_recruitment_window`), and the annual pace of
  recruitment (:func:`summarise_recruitment`); fn22's "8-2016 đến 7-2021"
  dates another statement (:func:`read_footnote_window`);
* a **scenario**, not a forecast, of the composition the stock would have after
  *k* more years of recruits at the same pace and composition
  (:func:`project_composition`). Exits (deaths, transfers, removals) are not
  modelled because the report gives no figure for them, and the youth-union
  share of recruits is measured at admission (members leave the youth union
  with age), so the youth-union line of the scenario is an upper bound. A
  representation ratio above 1 says a group is admitted more often than it
  stands in the stock; whether its share of the stock rises also depends on
  exits (and, for the youth union, on ageing out), which the report does not
  give.

Every function checks its own result and raises ``ValueError`` listing the
rows that are wrong. :func:`quote_passage` picks a sentence or a bullet of the
report by a search string, so the notebook quotes the report without typing it.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from nq03lib.analysis.frames import one_value, raise_if_any, select
from nq03lib.data.schema import CATEGORIES
from nq03lib.data.source import default_source_id, fold, load_report, printed_decimals, source_record
from nq03lib.text import LANGS, Template, format_date, format_pct, pick

#: Groups printed both for the 2021 members (II.4) and for the recruits (II.5).
GROUPS: tuple[str, ...] = ("dtts", "nu", "doan_vien", "co_ton_giao")
#: Groups whose membership changes with age (youth-union members leave it), so
#: a share measured at admission overstates the share later in the stock.
AGE_DEPENDENT_GROUPS: tuple[str, ...] = ("doan_vien",)
#: Types of grassroots organisation (the codes shared by membership.group and organisations.org_type).
ORG_TYPES: tuple[str, ...] = tuple(code for code in CATEGORIES["org_type"] if code != "tat_ca")
#: Period code of the recruits since the resolution.
RECRUITMENT_PERIOD = "2016-08/2021"
#: Period code of the recruits since the start of the 2020–2025 term.
TERM_PERIOD = "2020/2021"
#: Years ahead shown by the composition scenario.
SCENARIO_YEARS: tuple[int, ...] = (0, 5, 10, 20)

_WINDOW_RE = re.compile(r"từ tháng (\d{1,2})-(\d{4}) đến tháng (\d{1,2})-(\d{4})")
_RESOLUTION_DATE_RE = re.compile(r"Nghị quyết số 03-NQ/TU, ngày (\d{1,2})-(\d{1,2})-(\d{4})")
#: Where and in which words the report dates the recruits since the resolution.
_WINDOW_LOCATION = "II.5"
_SINCE_WORDS = "Từ khi ban hành Nghị quyết số 03-NQ/TU đến nay"


def read_recruitment_window(source_id: str | None = None) -> dict:
    """Read the window of the recruits since the resolution from the report's own words (II.5).

    II.5 counts the 6.225 recruits "Từ khi ban hành Nghị quyết số 03-NQ/TU đến
    nay": from the day the resolution was issued, which the report prints
    ("Nghị quyết số 03-NQ/TU, ngày 08-8-2016"), to "now", the date of the
    report (28-9-2021, ``data/source/sources.csv``). That is about 61,7
    months. fn22's "từ tháng 8-2016 đến tháng 7-2021" belongs to another
    statement (the district committees that admitted no private-enterprise
    owners or religious dignitaries) and is not the window of the 6.225:
    :func:`read_footnote_window` reads it for comparison.

    Parameters
    ----------
    source_id : str, optional
        The report whose words and date are read (default: the main report).

    Returns
    -------
    dict
        ``start`` and ``end`` (ISO dates), ``days``, ``months`` (days ÷
        365,25/12), ``years``, ``location`` and ``quote`` (the printed words of
        II.5), ``start_location`` (where the resolution's date is printed).

    """
    source_id = source_id or default_source_id()
    report = load_report(source_id)
    text = report.text_at(_WINDOW_LOCATION)
    if _SINCE_WORDS not in text:
        raise ValueError(f"{_WINDOW_LOCATION}: the words {_SINCE_WORDS!r} are not in the text")
    start_location = next(
        (loc for loc in report.locations if _RESOLUTION_DATE_RE.search(report.text_at(loc))), None
    )
    if start_location is None:
        raise ValueError(
            f"{source_id}: no date of Resolution 03-NQ/TU ('Nghị quyết số 03-NQ/TU, ngày d-m-yyyy')"
        )
    day, month, year = (int(g) for g in _RESOLUTION_DATE_RE.search(report.text_at(start_location)).groups())
    start = date(year, month, day)
    end = date.fromisoformat(source_record(source_id)["date"])
    days = (end - start).days
    if days <= 0:
        raise ValueError(f"{source_id}: the report ({end}) is not after the resolution ({start})")
    if not RECRUITMENT_PERIOD.startswith(start.isoformat()[:7]):
        raise ValueError(f"window starts {start}, but the recruits' period is {RECRUITMENT_PERIOD}")
    months = days / (365.25 / 12)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": days,
        "months": round(months, 2),
        "years": months / 12,
        "location": _WINDOW_LOCATION,
        "quote": _SINCE_WORDS,
        "start_location": start_location,
    }


def read_footnote_window(location: str = "fn22", source_id: str | None = None) -> dict:
    """Read a window printed as "từ tháng M-YYYY đến tháng M-YYYY" (fn22), both end months counted.

    fn22 dates another statement than the 6.225 recruits (see
    :func:`read_recruitment_window`); it is read only to show how much the pace
    depends on the window (August 2016 to July 2021 is 60 months).

    Parameters
    ----------
    location : str
        The footnote or section that prints the window.
    source_id : str, optional
        The report to read (default: the main report).

    Returns
    -------
    dict
        ``start`` and ``end`` (``"YYYY-MM"``), ``months``, ``years``,
        ``location`` and ``quote`` (the printed words).

    """
    text = load_report(source_id or default_source_id()).text_at(location)
    match = _WINDOW_RE.search(text)
    if match is None:
        raise ValueError(f"{location}: no 'từ tháng M-YYYY đến tháng M-YYYY' in {text!r}")
    m0, y0, m1, y1 = (int(g) for g in match.groups())
    months = (y1 - y0) * 12 + (m1 - m0) + 1
    if months <= 0 or not 1 <= m0 <= 12 or not 1 <= m1 <= 12:
        raise ValueError(f"{location}: window {match.group(0)!r} is empty or not a valid month range")
    return {
        "start": f"{y0:04d}-{m0:02d}",
        "end": f"{y1:04d}-{m1:02d}",
        "months": months,
        "years": months / 12,
        "location": location,
        "quote": match.group(0),
    }


def count_members_per_tccsd(
    membership: pd.DataFrame, organisations: pd.DataFrame, period: str = "2021"
) -> pd.DataFrame:
    """Divide the members of each type of organisation by the number of TCCSĐ of that type.

    Parameters
    ----------
    membership, organisations : DataFrame
        Tables ``membership`` (II.4) and ``organisations`` (II.2).
    period : str
        Date of both stocks.

    Returns
    -------
    DataFrame
        One row per type in category order, then ``tat_ca`` (all types):
        org_type, member_count, member_share_pct (printed), tccsd_count,
        tccsd_share_pct (printed), members_per_tccsd, vs_average_ratio
        (members per TCCSĐ ÷ the all-types figure).

    """
    mem = select(membership, period=period, dimension="loai_hinh_tccsd")
    org = select(organisations, period=period, entity="tccsd", org_type=list(ORG_TYPES))
    mem_types, org_types = set(mem["group"].astype(str)), set(org["org_type"].astype(str))
    if mem_types != org_types or mem_types != set(ORG_TYPES):
        raise ValueError(
            f"types do not match: membership has {sorted(mem_types)}, organisations has "
            f"{sorted(org_types)}, expected {list(ORG_TYPES)}"
        )
    left = mem[["group", "member_count", "share_pct"]].rename(
        columns={"group": "org_type", "share_pct": "member_share_pct"}
    )
    left["org_type"] = left["org_type"].astype(str)
    right = org[["org_type", "count", "share_pct"]].rename(
        columns={"count": "tccsd_count", "share_pct": "tccsd_share_pct"}
    )
    right["org_type"] = right["org_type"].astype(str)
    out = left.merge(right, on="org_type", how="inner", validate="one_to_one")
    total = pd.DataFrame(
        {
            "org_type": ["tat_ca"],
            "member_count": [one_value(membership, "member_count", period=period, dimension="tong")],
            "member_share_pct": [pd.NA],
            "tccsd_count": [
                one_value(organisations, "count", period=period, entity="tccsd", org_type="tat_ca")
            ],
            "tccsd_share_pct": [pd.NA],
        }
    )
    out = pd.concat([out, total], ignore_index=True)
    out["org_type"] = pd.Categorical(out["org_type"], categories=[*ORG_TYPES, "tat_ca"], ordered=True)
    out = out.sort_values("org_type").reset_index(drop=True)
    out = out.astype(
        {
            "member_count": "Int64",
            "tccsd_count": "Int64",
            "member_share_pct": "Float64",
            "tccsd_share_pct": "Float64",
        }
    )
    raise_if_any(out[out["tccsd_count"] <= 0], "types with no TCCSĐ to divide by")
    out["members_per_tccsd"] = (out["member_count"] / out["tccsd_count"]).astype("Float64")
    average = float(out.loc[out["org_type"] == "tat_ca", "members_per_tccsd"].iloc[0])
    out["vs_average_ratio"] = (out["members_per_tccsd"] / average).astype("Float64")
    back = out["members_per_tccsd"] * out["tccsd_count"]
    raise_if_any(
        out[(back - out["member_count"]).abs() > 1e-6], "members per TCCSĐ does not give back the members"
    )
    return out


def compare_recruits_with_members(membership: pd.DataFrame, recruitment: pd.DataFrame) -> pd.DataFrame:
    """Put each group's share among recruits since 8-2016 beside its share among 2021 members.

    The representation ratio is share among recruits ÷ share among members: above
    1, the group is admitted more often than it stands in the stock, so its share
    of the stock rises *unless exits (or, for the youth union, ageing out) take
    more of the group than of the rest*, which the report cannot tell. It is computed twice, from the printed shares
    (``ratio_printed``) and from the counts (``ratio``); the two must agree within
    what the printed rounding allows.

    The ``earlier_*`` columns compare recruits with the members *not* admitted in
    the window (stock minus recruits). They assume every recruit is still a
    member in 2021 and still in the group; for youth-union members
    (``age_dependent``) that does not hold, so their ``earlier_*`` values are
    left empty.

    Parameters
    ----------
    membership, recruitment : DataFrame
        Tables ``membership`` (II.4) and ``recruitment`` (II.5).

    Returns
    -------
    DataFrame
        One row per group of :data:`GROUPS`: dimension, group, member_count,
        member_total_count, member_share_printed_pct, member_share_pct,
        recruit_count, recruit_total_count, recruit_share_printed_pct,
        recruit_share_pct, member_share_decimals and recruit_share_decimals
        (decimals as printed), ratio_printed, ratio, ratio_tolerance (half the
        range the printed rounding allows for ratio_printed),
        recruits_in_stock_pct (recruits ÷ members of the group),
        earlier_share_pct, ratio_vs_earlier, age_dependent.

    """
    members_total = int(one_value(membership, "member_count", period="2021", dimension="tong"))
    recruits_total = int(one_value(recruitment, "recruit_count", period=RECRUITMENT_PERIOD, dimension="tong"))
    rows = []
    for group in GROUPS:
        mem = select(membership, period="2021", group=group)
        rec = select(recruitment, period=RECRUITMENT_PERIOD, group=group)
        if len(mem) != 1 or len(rec) != 1:
            raise ValueError(
                f"group {group}: expected one member row and one recruit row, got {len(mem)}, {len(rec)}"
            )
        m, r = mem.iloc[0], rec.iloc[0]
        if str(m["dimension"]) != str(r["dimension"]):
            raise ValueError(
                f"group {group}: dimension {m['dimension']} in membership, {r['dimension']} in recruitment"
            )
        dec_m = printed_decimals(float(m["share_pct"]), m["quote"])
        dec_r = printed_decimals(float(r["share_pct"]), r["quote"])
        if dec_m is None or dec_r is None:
            raise ValueError(
                f"group {group}: the quote does not print the stored share ({m['quote']!r}, {r['quote']!r})"
            )
        rows.append(
            {
                "dimension": str(m["dimension"]),
                "group": group,
                "member_count": int(m["member_count"]),
                "member_total_count": members_total,
                "member_share_printed_pct": float(m["share_pct"]),
                "member_share_pct": 100 * int(m["member_count"]) / members_total,
                "recruit_count": int(r["recruit_count"]),
                "recruit_total_count": recruits_total,
                "recruit_share_printed_pct": float(r["share_pct"]),
                "recruit_share_pct": 100 * int(r["recruit_count"]) / recruits_total,
                "member_share_decimals": dec_m,
                "recruit_share_decimals": dec_r,
            }
        )
    out = pd.DataFrame(rows)
    out["ratio_printed"] = out["recruit_share_printed_pct"] / out["member_share_printed_pct"]
    out["ratio"] = out["recruit_share_pct"] / out["member_share_pct"]
    # worst case of the printed rounding on a quotient of two rounded shares
    half_m = 0.5 * 10.0 ** -out["member_share_decimals"]
    half_r = 0.5 * 10.0 ** -out["recruit_share_decimals"]
    hi = (out["recruit_share_printed_pct"] + half_r) / (out["member_share_printed_pct"] - half_m)
    lo = (out["recruit_share_printed_pct"] - half_r) / (out["member_share_printed_pct"] + half_m)
    out["ratio_tolerance"] = (hi - lo) / 2
    raise_if_any(
        out[(out["ratio_printed"] - out["ratio"]).abs() > out["ratio_tolerance"] + 1e-9],
        "ratio from printed shares and ratio from counts disagree beyond the printed rounding",
    )
    out["recruits_in_stock_pct"] = 100 * out["recruit_count"] / out["member_count"]
    out["age_dependent"] = out["group"].isin(AGE_DEPENDENT_GROUPS)
    earlier_count = out["member_count"] - out["recruit_count"]
    earlier_total = out["member_total_count"] - out["recruit_total_count"]
    raise_if_any(
        out[(earlier_count < 0) | (earlier_total <= 0)],
        "more recruits than members: stock minus recruits is negative",
    )
    out["earlier_share_pct"] = (100 * earlier_count / earlier_total).where(~out["age_dependent"])
    out["ratio_vs_earlier"] = out["recruit_share_pct"] / out["earlier_share_pct"]
    # the stock is a mix of earlier members and recruits: its share lies between theirs
    mixed = out[~out["age_dependent"]]
    low = mixed[["earlier_share_pct", "recruit_share_pct"]].min(axis=1) - 1e-9
    high = mixed[["earlier_share_pct", "recruit_share_pct"]].max(axis=1) + 1e-9
    raise_if_any(
        mixed[(mixed["member_share_pct"] < low) | (mixed["member_share_pct"] > high)],
        "stock share outside the range of earlier members and recruits",
    )
    out["dimension"] = pd.Categorical(
        out["dimension"], categories=list(CATEGORIES["dimension"]), ordered=True
    )
    out["group"] = pd.Categorical(out["group"], categories=list(CATEGORIES["group"]), ordered=True)
    return out


def summarise_recruitment(recruitment: pd.DataFrame, membership: pd.DataFrame, window: dict) -> pd.DataFrame:
    """Put the two recruitment totals side by side with the annual pace and their weight in the stock.

    Parameters
    ----------
    recruitment, membership : DataFrame
        Tables ``recruitment`` and ``membership``.
    window : dict
        The recruitment window (:func:`read_recruitment_window`); its length
        gives the annual pace of the recruits since 8-2016. The report gives no
        start date for the 2020–2025 term, so that period has no pace.

    Returns
    -------
    DataFrame
        period, recruit_count, share_of_window_pct (of the recruits since
        8-2016), share_of_2021_members_pct, window_years, recruits_per_year.

    """
    members_total = int(one_value(membership, "member_count", period="2021", dimension="tong"))
    since_2016 = int(one_value(recruitment, "recruit_count", period=RECRUITMENT_PERIOD, dimension="tong"))
    term = int(one_value(recruitment, "recruit_count", period=TERM_PERIOD, dimension="tong"))
    if window["years"] <= 0:
        raise ValueError(f"window of {window['years']} years: cannot compute a pace")
    out = pd.DataFrame(
        {
            "period": pd.Categorical(
                [RECRUITMENT_PERIOD, TERM_PERIOD], categories=list(CATEGORIES["period"]), ordered=True
            ),
            "recruit_count": pd.array([since_2016, term], dtype="Int64"),
            "window_years": pd.array([window["years"], pd.NA], dtype="Float64"),
        }
    )
    out["share_of_window_pct"] = (100 * out["recruit_count"] / since_2016).astype("Float64")
    out["share_of_2021_members_pct"] = (100 * out["recruit_count"] / members_total).astype("Float64")
    out["recruits_per_year"] = (out["recruit_count"] / out["window_years"]).astype("Float64")
    raise_if_any(
        out[out["share_of_window_pct"] > 100], "recruits of the term exceed the recruits since 8-2016"
    )
    raise_if_any(out[out["share_of_2021_members_pct"] > 100], "more recruits than members")
    return out


def project_composition(
    comparison: pd.DataFrame, window_years: float, years_ahead: tuple[int, ...] = SCENARIO_YEARS
) -> pd.DataFrame:
    """Compute the *scenario* share of each group after k more years of recruits like 2016–2021.

    Scenario, not forecast: the 2021 stock is mixed with ``k × recruits per
    year`` new members of the same composition as the recruits since 8-2016,
    where recruits per year = recruits since 8-2016 ÷ ``window_years``. Nobody
    leaves (the report gives no exits), so the total only grows; and the
    youth-union share of recruits is measured at admission, so its scenario
    share is an upper bound. As k grows, every share tends to the group's share
    among recruits; the representation ratio says in which direction it moves.

    Parameters
    ----------
    comparison : DataFrame
        Output of :func:`compare_recruits_with_members`.
    window_years : float
        Length of the recruitment window in years (:func:`read_recruitment_window`).
    years_ahead : tuple of int
        Values of k (0 = the 2021 stock).

    Returns
    -------
    DataFrame
        One row per group and k: dimension, group, years_ahead, member_count
        (scenario, not rounded), member_total_count, share_pct,
        start_share_pct, recruit_share_pct, change_pp, age_dependent.

    """
    if window_years <= 0:
        raise ValueError(f"window_years must be positive, got {window_years}")
    if any(k < 0 for k in years_ahead) or list(years_ahead) != sorted(set(years_ahead)):
        raise ValueError(f"years_ahead must be distinct, increasing and ≥ 0, got {years_ahead}")
    rows = []
    for r in comparison.itertuples():
        per_year, total_per_year = r.recruit_count / window_years, r.recruit_total_count / window_years
        for k in years_ahead:
            count = r.member_count + k * per_year
            total = r.member_total_count + k * total_per_year
            rows.append(
                {
                    "dimension": r.dimension,
                    "group": r.group,
                    "years_ahead": k,
                    "member_count": count,
                    "member_total_count": total,
                    "share_pct": 100 * count / total,
                    "start_share_pct": r.member_share_pct,
                    "recruit_share_pct": r.recruit_share_pct,
                    "age_dependent": r.age_dependent,
                }
            )
    out = pd.DataFrame(rows)
    out["change_pp"] = out["share_pct"] - out["start_share_pct"]
    for col in ("dimension", "group"):
        out[col] = out[col].astype(comparison[col].dtype)
    low = out[["start_share_pct", "recruit_share_pct"]].min(axis=1) - 1e-9
    high = out[["start_share_pct", "recruit_share_pct"]].max(axis=1) + 1e-9
    raise_if_any(
        out[(out["share_pct"] < low) | (out["share_pct"] > high)],
        "scenario share outside the range from the 2021 share to the recruits' share",
    )
    direction = (out["recruit_share_pct"] - out["start_share_pct"]).apply(lambda d: (d > 0) - (d < 0))
    steps = out.groupby("group", observed=True)["share_pct"].diff().fillna(0)
    raise_if_any(out[steps * direction < -1e-9], "scenario share moves away from the recruits' share")
    return out


def _split_keep(text: str, pattern: str, joiner: str) -> list[str]:
    """Split at ``pattern`` only where the next piece starts with a capital letter."""
    pieces = re.split(pattern, text)
    out: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and not piece[0].isupper():
            out[-1] = f"{out[-1]}{joiner}{piece}"
        else:
            out.append(piece)
    return out


def quote_passage(location: str, contains: str, unit: str = "sentence", source_id: str | None = None) -> str:
    """Return the one sentence or bullet of the report at ``location`` that contains ``contains``.

    The search ignores case and diacritics. Bullets are the report's
    "- …" items; sentences end with ``.``, ``!`` or ``?`` followed by a capital,
    or with the end of their bullet.

    Parameters
    ----------
    location : str
        Section or footnote, e.g. ``"III.3"`` or ``"fn22"``.
    contains : str
        Words the passage must contain.
    unit : {"sentence", "bullet"}
        What to return.
    source_id : str, optional
        The report to quote (default: the main report).

    Raises
    ------
    ValueError
        If no passage or more than one contains the words.

    """
    text = load_report(source_id or default_source_id()).text_at(location)
    if unit == "bullet":
        pieces = _split_keep(text, r"\s-\s", " - ")
    elif unit == "sentence":
        pieces = [
            sentence
            for bullet in _split_keep(text, r"\s-\s", " - ")
            for sentence in _split_keep(bullet, r"(?<=[.!?])\s+(?=\S)", " ")
        ]
    else:
        raise ValueError(f"unit must be 'sentence' or 'bullet', got {unit!r}")
    hits = [p for p in pieces if fold(contains) in fold(p)]
    if len(hits) != 1:
        raise ValueError(
            f"{location}: {len(hits)} {unit}s contain {contains!r}; expected exactly one: {hits}"
        )
    return hits[0]


def compare_recruitment_windows(recruitment: pd.DataFrame, windows: list[dict]) -> pd.DataFrame:
    """Set the annual pace of the recruits since 8-2016 against each candidate window.

    Parameters
    ----------
    recruitment : DataFrame
        Table ``recruitment`` (II.5).
    windows : list of dict
        Windows as :func:`read_recruitment_window` and :func:`read_footnote_window` return them.

    Returns
    -------
    DataFrame
        One row per window: location, quote (the printed words), months,
        recruits_per_year (the recruits since 8-2016 ÷ the window in years).

    """
    since_2016 = int(one_value(recruitment, "recruit_count", period=RECRUITMENT_PERIOD, dimension="tong"))
    out = pd.DataFrame(
        {
            "location": pd.array([w["location"] for w in windows], dtype="string"),
            "quote": pd.array([w["quote"] for w in windows], dtype="string"),
            "months": pd.array([float(w["months"]) for w in windows], dtype="Float64"),
            "recruits_per_year": pd.array([since_2016 / w["years"] for w in windows], dtype="Float64"),
        }
    )
    raise_if_any(out[out["months"] <= 0], "a window of no months")
    return out


#: Codes of the rows of :func:`summarise_enterprises_and_religion` (labels in ``nq03lib.data.labels``).
ENTERPRISES, RELIGIOUS = "to_chuc_doanh_nghiep", "dang_vien_co_ton_giao"


def summarise_enterprises_and_religion(per_tccsd: pd.DataFrame, comparison: pd.DataFrame) -> pd.DataFrame:
    """Put what the figures say about enterprise organisations and religious members side by side.

    The report's statements on private enterprises and religious dignitaries
    (III.2, fn22, III.3) have no figures of their own; the nearest figures are
    the enterprise organisations as a whole (II.2, II.4) and the religious
    members as a whole (II.4, II.5). A figure the report does not print (the
    recruits by type of organisation, organisations per religious group) stays
    missing.

    Parameters
    ----------
    per_tccsd : DataFrame
        Output of :func:`count_members_per_tccsd`.
    comparison : DataFrame
        Output of :func:`compare_recruits_with_members`.

    Returns
    -------
    DataFrame
        Two rows, ``what`` = :data:`ENTERPRISES` and :data:`RELIGIOUS`:
        member_count, member_share_printed_pct, recruit_count,
        representation_ratio, members_per_tccsd.

    """
    enterprise = per_tccsd.set_index(per_tccsd["org_type"].astype(str)).loc["doanh_nghiep"]
    religious = comparison.set_index(comparison["group"].astype(str)).loc["co_ton_giao"]
    out = pd.DataFrame(
        {
            "what": pd.array([ENTERPRISES, RELIGIOUS], dtype="string"),
            "member_count": pd.array([enterprise["member_count"], religious["member_count"]], dtype="Int64"),
            "member_share_printed_pct": pd.array(
                [enterprise["member_share_pct"], religious["member_share_printed_pct"]], dtype="Float64"
            ),
            "recruit_count": pd.array([pd.NA, religious["recruit_count"]], dtype="Int64"),
            "representation_ratio": pd.array([pd.NA, religious["ratio"]], dtype="Float64"),
            "members_per_tccsd": pd.array([enterprise["members_per_tccsd"], pd.NA], dtype="Float64"),
        }
    )
    raise_if_any(out[out["member_count"] <= 0], "a row with no members")
    return out


# --- findings ------------------------------------------------------------------------------

#: The findings of notebook 02, one template per sentence (values from :func:`list_findings`).
FINDINGS = {
    "window": Template(
        vi="Từ {start} đến {end} ({months:n1} tháng; mục II.5: “{quote}”) toàn Đảng bộ tỉnh đã kết nạp "
        "{count:n} đảng viên, bình quân {pace:n} đảng viên mỗi năm ({pace_fn22:n} mỗi năm nếu tính theo "
        "{fn22_months:n} tháng của chú thích 22, vốn thuộc một nhận định khác); số kết nạp này bằng "
        "{share:pct1} tổng số đảng viên năm 2021.",
        en="{count:n} members were admitted from {start} to {end} ({months:n1} months; section II.5: "
        "“{quote}”), {pace:n} a year ({pace_fn22:n} a year over the {fn22_months:n} months of footnote 22, "
        "which date another statement); together they equal {share:pct1} of the 2021 membership.",
    ),
    "per_tccsd": Template(
        vi="Số đảng viên bình quân mỗi TCCSĐ: {commune:n1} ở {commune_label}, so với {agency:n1} ở "
        "{agency_label} (toàn tỉnh {province:n1}).",
        en="Members per grassroots organisation: {commune:n1} in {commune_label}, against {agency:n1} in "
        "{agency_label} (province {province:n1}).",
    ),
    "group": Template(
        vi="{group}: {member_share} tổng số đảng viên, {recruit_share} số đảng viên kết nạp, hệ số đại diện "
        "{ratio:n2}; theo kịch bản, sau {years:n} năm là {scenario:pct1}.",
        en="{group}: {member_share} of members, {recruit_share} of recruits, representation ratio "
        "{ratio:n2}; in the scenario, {scenario:pct1} after {years:n} years.",
    ),
    "ranking": Template(
        vi="Với các nhóm không thay đổi theo tuổi, mỗi thước đo cho một thứ tự riêng: theo số điểm phần trăm "
        "tăng thêm trong kịch bản, nhiều nhất là nhóm {pp_top} ({pp_top_value:+n2} điểm %), ít nhất là nhóm "
        "{pp_bottom} ({pp_bottom_value:+n2} điểm %); theo hệ số đại diện, cao nhất là nhóm {ratio_top} "
        "({ratio_top_value:n2}), thấp nhất là nhóm {ratio_bottom} ({ratio_bottom_value:n2}).",
        en="For the groups whose status does not change with age, each metric gives its own order: by "
        "percentage points gained in the scenario, the group {pp_top} gains most ({pp_top_value:+n2} "
        "points) and {pp_bottom} least ({pp_bottom_value:+n2} points); by representation ratio, "
        "{ratio_top} is highest ({ratio_top_value:n2}) and {ratio_bottom} lowest ({ratio_bottom_value:n2}).",
    ),
}


def _fill(template: Template, lang: str, values: dict) -> str:
    """Fill ``template`` in ``lang``, picking the language of ``(vi, en)`` pairs."""
    return template.format(
        lang, **{k: pick(v, lang) if isinstance(v, tuple) else v for k, v in values.items()}
    )


def _pct_as_printed(value: float, decimals: int) -> tuple[str, ...]:
    """Return a percentage with the decimals the report printed, in every language ``(vi, en)``."""
    return tuple(format_pct(value, lang, decimals) for lang in LANGS)


def _lower(pair: tuple[str, str]) -> tuple[str, ...]:
    return tuple(text.lower() for text in pair)


def _group_name(code: str) -> tuple[str, str]:
    """Return a group's name inside a sentence: lower case in Vietnamese, the label in quotes in English."""
    vi, en = CATEGORIES["group"][code]
    return vi.lower(), f"“{en}”"


def identify_source(*frames: pd.DataFrame) -> str:
    """Return the one source document the frames come from, or raise."""
    ids = {str(s) for frame in frames for s in frame["source_id"].dropna()}
    if len(ids) != 1:
        raise ValueError(f"expected the rows of one source document, got {sorted(ids) or 'none'}")
    return ids.pop()


def list_findings(frames: dict[str, pd.DataFrame], lang: str = "vi") -> list[str]:
    """Return the findings of notebook 02 in ``lang``, every number computed from the tables.

    Parameters
    ----------
    frames : dict of DataFrame
        Tables ``membership``, ``recruitment`` and ``organisations`` of one
        source document (the report's words are read from the same source).
    lang : {"vi", "en"}

    Returns
    -------
    list of str
        The recruitment window and pace, members per TCCSĐ, one sentence per
        group of :data:`GROUPS` (shares, ratio, scenario) and how the groups
        rank under each metric.

    """
    membership, recruitment, organisations = (
        frames[n] for n in ("membership", "recruitment", "organisations")
    )
    source_id = identify_source(membership, recruitment, organisations)
    window = read_recruitment_window(source_id)
    fn22 = read_footnote_window("fn22", source_id)
    summary = summarise_recruitment(recruitment, membership, window).set_index("period")
    since_2016 = summary.loc[RECRUITMENT_PERIOD]
    per_tccsd = count_members_per_tccsd(membership, organisations).set_index("org_type")
    comparison = compare_recruits_with_members(membership, recruitment)
    scenario = project_composition(comparison, window["years"])
    years = int(scenario["years_ahead"].max())
    end = scenario[scenario["years_ahead"] == years]
    end = end.set_index(end["group"].astype(str))
    by_group = comparison.set_index(comparison["group"].astype(str))
    lines = [
        _fill(
            FINDINGS["window"],
            lang,
            {
                "start": tuple(format_date(window["start"], code) for code in LANGS),
                "end": tuple(format_date(window["end"], code) for code in LANGS),
                "months": window["months"],
                "quote": window["quote"],
                "count": int(since_2016["recruit_count"]),
                "pace": float(since_2016["recruits_per_year"]),
                "pace_fn22": int(since_2016["recruit_count"]) / fn22["years"],
                "fn22_months": fn22["months"],
                "share": float(since_2016["share_of_2021_members_pct"]),
            },
        ),
        _fill(
            FINDINGS["per_tccsd"],
            lang,
            {
                "commune": float(per_tccsd.loc["xa_phuong_thi_tran", "members_per_tccsd"]),
                "commune_label": _lower(CATEGORIES["org_type"]["xa_phuong_thi_tran"]),
                "agency": float(per_tccsd.loc["co_quan_hanh_chinh", "members_per_tccsd"]),
                "agency_label": _lower(CATEGORIES["org_type"]["co_quan_hanh_chinh"]),
                "province": float(per_tccsd.loc["tat_ca", "members_per_tccsd"]),
            },
        ),
    ]
    for code, r in by_group.iterrows():
        lines.append(
            _fill(
                FINDINGS["group"],
                lang,
                {
                    "group": CATEGORIES["group"][code],
                    "member_share": _pct_as_printed(
                        r["member_share_printed_pct"], r["member_share_decimals"]
                    ),
                    "recruit_share": _pct_as_printed(
                        r["recruit_share_printed_pct"], r["recruit_share_decimals"]
                    ),
                    "ratio": float(r["ratio"]),
                    "years": years,
                    "scenario": float(end.loc[code, "share_pct"]),
                },
            )
        )
    steady = by_group[~by_group["age_dependent"].astype(bool)]
    gained = end.loc[steady.index, "change_pp"].astype(float)
    ratio = steady["ratio"].astype(float)
    lines.append(
        _fill(
            FINDINGS["ranking"],
            lang,
            {
                "pp_top": _group_name(gained.idxmax()),
                "pp_top_value": gained.max(),
                "pp_bottom": _group_name(gained.idxmin()),
                "pp_bottom_value": gained.min(),
                "ratio_top": _group_name(ratio.idxmax()),
                "ratio_top_value": ratio.max(),
                "ratio_bottom": _group_name(ratio.idxmin()),
                "ratio_bottom_value": ratio.min(),
            },
        )
    )
    return lines
