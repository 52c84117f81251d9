"""Derive the village-leadership trajectory, targets and the evidence for the reading of "tăng x%".

Section II.2 and footnotes fn5–fn7, fn20, fn21 print the 2021 shares of
village/residential-group heads who are party members and of cell
secretaries who are also heads, and state every earlier value or target only
as a change: "tăng x% so với" 8-2016 or 9-2019, "vượt x% so với mục tiêu",
"đạt x% so với". The baselines and targets come from
:func:`nq03lib.derive.implied_baselines` and :func:`nq03lib.derive.implied_targets`;
this module arranges them for notebook 05, measures how well each reading
(percentage points or relative) fits the places where the report can be
checked against itself, and writes the notebook's findings in either language
(:func:`list_findings`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from nq03lib.analysis.derive import (
    READINGS,
    compute_baseline_tolerance,
    find_fitting_totals,
    implied_baselines,
    implied_targets,
    list_whole_counts,
    nearest_whole_share,
    rate_from_counts,
)
from nq03lib.analysis.districts import format_location, join_unit_names
from nq03lib.analysis.frames import half_unit, one_row, raise_if_any, select
from nq03lib.analysis.organisations import imply_villages_before
from nq03lib.data.schema import CATEGORIES
from nq03lib.text import Template, check_lang, pick

#: The two indicators of notebook 05, in display order.
INDICATORS = ("thon_truong_la_dang_vien", "bi_thu_kiem_thon_truong")
#: The three dates of the trajectory, in order.
PERIODS = ("2016-08", "2019-09", "2021")


def build_trajectory(stated_changes: pd.DataFrame, rates: pd.DataFrame, reading: str = "pp") -> pd.DataFrame:
    """Return the province's share at 8-2016, 9-2019 and 2021 for both indicators.

    The 2021 value is printed (II.2); the two earlier values are the baselines
    implied by "tăng x% so với thời điểm ban hành Nghị quyết" (II.2) and
    "… so với thời điểm sơ kết 03 năm" (fn5, fn7) under ``reading``.

    Parameters
    ----------
    stated_changes, rates : DataFrame
        Tables ``stated_changes`` and ``rates``.
    reading : {"pp", "relative"}
        How "tăng x%" is read (see :mod:`nq03lib.derive`).

    Returns
    -------
    DataFrame
        indicator, period, share_pct, source ("printed" or "implied"),
        change_pct (the printed "tăng" for implied rows), reading, location.

    Raises
    ------
    ValueError
        If an indicator lacks one of the three dates, or the shares do not
        rise from one date to the next (every statement is a "tăng").

    """
    base = implied_baselines(stated_changes, rates, reading)
    base = base[(base["area"] == "toan_tinh") & base["indicator"].isin(INDICATORS)]
    rows = [
        {
            "indicator": b["indicator"],
            "period": b["reference"],
            "share_pct": float(b["baseline_pct"]),
            "source": "implied",
            "change_pct": float(b["value_pct"]),
            "reading": reading,
            "location": b["location"],
        }
        for _, b in base.iterrows()
    ]
    now = select(rates, area="toan_tinh", period="2021", indicator=list(INDICATORS))
    rows += [
        {
            "indicator": r["indicator"],
            "period": "2021",
            "share_pct": float(r["share_pct"]),
            "source": "printed",
            "change_pct": float("nan"),
            "reading": reading,
            "location": r["location"],
        }
        for _, r in now.iterrows()
    ]
    out = pd.DataFrame(rows)
    out["indicator"] = pd.Categorical(out["indicator"], categories=list(INDICATORS), ordered=True)
    out["period"] = pd.Categorical(out["period"], categories=list(PERIODS), ordered=True)
    out = out.sort_values(["indicator", "period"]).reset_index(drop=True)
    counts = out.groupby("indicator", observed=False).size()
    raise_if_any(counts[counts != len(PERIODS)].to_frame("dates"), "indicators without all three dates")
    rises = out.groupby("indicator", observed=True)["share_pct"].diff()
    raise_if_any(out[rises.notna() & (rises <= 0)], "shares that do not rise although the report says 'tăng'")
    return out


def collect_targets(stated_changes: pd.DataFrame, rates: pd.DataFrame, reading: str = "pp") -> pd.DataFrame:
    """Return one implied target per indicator and resolution, with the 2021 share against it.

    Each target is the one implied by the province's own statement ("vượt x%"
    or "đạt x% so với"); Kon Tum city's statement for secretaries is a second
    route to the same target and is compared in :func:`assess_readings`.

    Returns
    -------
    DataFrame
        indicator, reference, statement, value_pct, target_pct,
        target_tolerance_pct, current_pct, gap_pp (current − target),
        attainment_pct (100 × current / target), reading, location.

    Raises
    ------
    ValueError
        If a "vượt" target is not below the current share or a "đạt … so với"
        target not above it.

    """
    t = implied_targets(stated_changes, rates, reading)
    t = t[(t["area"] == "toan_tinh") & t["indicator"].isin(INDICATORS)].copy()
    t["gap_pp"] = (t["current_pct"] - t["target_pct"]).round(4)
    t["attainment_pct"] = (100 * t["current_pct"] / t["target_pct"]).round(2)
    bad = t[
        ((t["statement"] == "vuot") & (t["gap_pp"] <= 0))
        | ((t["statement"] == "dat_so_voi") & (t["gap_pp"] >= 0))
    ]
    raise_if_any(bad, "targets on the wrong side of the current share")
    cols = [
        "indicator",
        "reference",
        "statement",
        "value_pct",
        "target_pct",
        "target_tolerance_pct",
        "current_pct",
        "gap_pp",
        "attainment_pct",
        "reading",
        "location",
    ]
    t["indicator"] = pd.Categorical(t["indicator"].astype(str), categories=list(INDICATORS), ordered=True)
    return t[cols].sort_values(["indicator", "reference"]).reset_index(drop=True)


def compare_secretaries_targets(
    stated_changes: pd.DataFrame, rates: pd.DataFrame, reading: str = "pp"
) -> pd.Series:
    """Return the 2021 target of Resolution 01 for secretaries who are village heads, implied two ways.

    The province's "đạt x% so với" (fn7) and Kon Tum city's "vượt x%" (fn7)
    each imply that target (:func:`nq03lib.analysis.derive.implied_targets`);
    they agree if the city's target lies within the rounding of both.

    Returns
    -------
    Series
        province_value_pct, province_target_pct, province_location,
        city_value_pct, city_target_pct, city_location, tolerance_pct (the
        rounding of both targets), reading.

    """
    t = implied_targets(stated_changes, rates, reading)
    sec = t[(t["indicator"] == "bi_thu_kiem_thon_truong") & (t["reference"] == "muc_tieu_nq01_2021")]
    prov = sec[sec["area"] == "toan_tinh"].iloc[0]
    city = sec[sec["area"] == "tp_kon_tum"].iloc[0]
    return pd.Series(
        {
            "province_value_pct": float(prov["value_pct"]),
            "province_target_pct": float(prov["target_pct"]),
            "province_location": str(prov["location"]),
            "city_value_pct": float(city["value_pct"]),
            "city_target_pct": float(city["target_pct"]),
            "city_location": str(city["location"]),
            "tolerance_pct": float(prov["target_tolerance_pct"] + city["target_tolerance_pct"]),
            "reading": reading,
        },
        dtype=object,
    )


def assess_readings(
    stated_changes: pd.DataFrame,
    rates: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    restructuring: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Test the percentage-point and relative readings where the report can be checked against itself.

    Three checks, each under both readings (a fourth with ``organisations``
    and ``restructuring``):

    * ``households_baseline``: members assigned to households, the one
      "tăng x%" whose baseline the report also prints (fn13, 8-2016): the
      implied baseline against the share computed from the printed counts;
    * ``secretaries_target_two_ways``: the 2021 target of Resolution 01 for
      secretaries, implied by the province ("đạt x% so với", the same under
      both readings) and by Kon Tum city ("vượt x%");
    * ``round_target:<reference>``: each target of the heads, against the
      nearest whole percent (a target set by a resolution is a round number);
    * ``whole_villages:2019-09/<indicator>``: each 9-2019 share against the
      nearest whole number of the villages before the reorganisation (fn14),
      the count the report gives for around that date
      (:func:`fit_village_counts`); independent of the three above.

    Returns
    -------
    DataFrame
        check, reading, value_pct (what the reading gives), reference_pct
        (what it is compared with), difference_pct, tolerance_pct (from the
        printed rounding), consistent (|difference| ≤ tolerance), location.

    """
    rows = []
    # 1. households: the baseline printed as counts (fn13), so its share is exact
    households = select(rates, indicator="dang_vien_phu_trach_ho", area="toan_tinh")
    hh_base = select(households, period="2016-08")
    if hh_base.empty:
        raise ValueError("no printed 8-2016 share of members assigned to households (fn13)")
    printed_base = rate_from_counts(hh_base.iloc[0])
    hh_change = one_row(
        stated_changes, indicator="dang_vien_phu_trach_ho", area="toan_tinh", reference="2016-08"
    )
    hh_now = one_row(households, period="2021")
    for reading in READINGS:
        b = implied_baselines(stated_changes, rates, reading)
        implied = float(
            b.loc[
                (b["indicator"] == "dang_vien_phu_trach_ho") & (b["reference"] == "2016-08"), "baseline_pct"
            ].iloc[0]
        )
        tol = compute_baseline_tolerance(
            float(hh_now["share_pct"]),
            half_unit(float(hh_now["share_pct"]), hh_now["quote"]),
            float(hh_change["value_pct"]),
            half_unit(float(hh_change["value_pct"]), hh_change["quote"]),
            reading,
        )
        rows.append(
            ("households_baseline", reading, implied, printed_base, tol, f"{hh_change['location']}, fn13")
        )
    # 2. and 3. targets
    for reading in READINGS:
        two_ways = compare_secretaries_targets(stated_changes, rates, reading)
        rows.append(
            (
                "secretaries_target_two_ways",
                reading,
                two_ways["city_target_pct"],
                two_ways["province_target_pct"],
                two_ways["tolerance_pct"],
                "fn7",
            )
        )
        t = implied_targets(stated_changes, rates, reading)
        heads = t[(t["indicator"] == "thon_truong_la_dang_vien") & (t["area"] == "toan_tinh")]
        for _, h in heads.iterrows():
            rows.append(
                (
                    f"round_target:{h['reference']}",
                    reading,
                    float(h["target_pct"]),
                    float(round(h["target_pct"])),
                    float(h["target_tolerance_pct"]),
                    h["location"],
                )
            )
    # 4. whole numbers of villages: the 9-2019 shares against the count before the reorganisation
    if organisations is not None and restructuring is not None:
        fits = fit_village_counts(stated_changes, rates, organisations, restructuring)
        fits = fits[(fits["reference"] == "2019-09") & (fits["count_period"] != "2021")]
        for _, f in fits.iterrows():
            rows.append(
                (
                    f"whole_villages:2019-09/{f['indicator']}",
                    str(f["reading"]),
                    float(f["baseline_pct"]),
                    float(f["nearest_share_pct"]),
                    float(f["tolerance_pct"]),
                    f"{f['location']}, fn14",
                )
            )
    out = pd.DataFrame(
        rows, columns=["check", "reading", "value_pct", "reference_pct", "tolerance_pct", "location"]
    )
    out.insert(4, "difference_pct", (out["value_pct"] - out["reference_pct"]).round(4))
    out["value_pct"] = out["value_pct"].round(4)
    out["reference_pct"] = out["reference_pct"].round(4)
    out["tolerance_pct"] = out["tolerance_pct"].round(4)
    out["consistent"] = out["difference_pct"].abs() <= out["tolerance_pct"] + 1e-9
    order = pd.CategoricalDtype(list(dict.fromkeys(out["check"])), ordered=True)
    return out.sort_values(
        ["check", "reading"], key=lambda col: col.astype(order) if col.name == "check" else col
    )[list(out.columns)].reset_index(drop=True)


def compare_readings(stated_changes: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """Put every implied baseline and target of the two indicators under both readings side by side.

    Returns
    -------
    DataFrame
        indicator, quantity ("baseline" or "target"), reference, area,
        statement, value_pct (printed), pp_pct, relative_pct, shift_pp
        (relative − pp), location. Targets from "đạt x% so với" do not depend on
        the reading (shift 0).

    """
    frames = []
    for reading in READINGS:
        b = implied_baselines(stated_changes, rates, reading)
        b = b.assign(quantity="baseline", statement="tang", value=b["baseline_pct"])
        t = implied_targets(stated_changes, rates, reading)
        t = t.assign(quantity="target", value=t["target_pct"])
        both = pd.concat([b, t], ignore_index=True)
        both = both[both["indicator"].isin(INDICATORS)]
        frames.append(
            both[
                ["indicator", "quantity", "reference", "area", "statement", "value_pct", "location", "value"]
            ]
            .astype({"indicator": "string", "reference": "string", "area": "string", "statement": "string"})
            .assign(reading=reading)
        )
    long = pd.concat(frames, ignore_index=True)
    key = ["indicator", "quantity", "reference", "area", "statement", "value_pct", "location"]
    wide = long.pivot_table(index=key, columns="reading", values="value", sort=False).reset_index()
    wide.columns.name = None
    wide = wide.rename(columns={"pp": "pp_pct", "relative": "relative_pct"})
    wide["shift_pp"] = (wide["relative_pct"] - wide["pp_pct"]).round(4)
    raise_if_any(wide[wide[["pp_pct", "relative_pct"]].isna().any(axis=1)], "quantities missing a reading")
    order = {
        "indicator": {code: i for i, code in enumerate(INDICATORS)},
        "reference": {code: i for i, code in enumerate(CATEGORIES["reference"])},
        "area": {code: i for i, code in enumerate(CATEGORIES["area"])},
    }
    wide = wide.sort_values(
        ["indicator", "quantity", "reference", "area"],
        key=lambda s: s.map(order[s.name]) if s.name in order else s,
    )
    return wide[[*key[:6], "pp_pct", "relative_pct", "shift_pp", "location"]].reset_index(drop=True)


def fit_village_counts(
    stated_changes: pd.DataFrame,
    rates: pd.DataFrame,
    organisations: pd.DataFrame,
    restructuring: pd.DataFrame,
    readings: tuple[str, ...] = READINGS,
) -> pd.DataFrame:
    """Test each implied 8-2016 and 9-2019 share against each village count the report gives.

    The report prints the 2016 and 2019 shares of both indicators only as
    changes ("tăng x%"), and it gives two counts of villages: 756 in 2021
    (II.2, fn14) and, through "còn 756 …, giảm 118" (fn14), 874 before the
    reorganisation of villages, a count fn14 does not date. A share of a count
    of villages is a whole number of villages over that count. For each
    implied share (each reading, with the tolerance its printed rounding
    allows) and each count, this lists the whole numbers of villages that fit.

    Parameters
    ----------
    stated_changes, rates, organisations, restructuring : DataFrame
        The tables as loaded by :func:`nq03lib.load`.
    readings : tuple of str
        Readings of "tăng x%" to test (:data:`nq03lib.derive.READINGS`).

    Returns
    -------
    DataFrame
        indicator, reference (``2016-08``, ``2019-09``), reading, baseline_pct,
        tolerance_pct, count_period (``truoc_sap_xep_thon`` or ``2021``),
        village_count, fitting_counts (the whole numbers that fit, joined by
        ";", empty if none), fits, nearest_count, nearest_share_pct,
        difference_pct (baseline − nearest share), location.

    """
    villages = imply_villages_before(organisations, restructuring)
    counts = list(zip(villages["period"].astype(str), villages["village_count"].astype(int)))
    rows = []
    for reading in readings:
        base = implied_baselines(stated_changes, rates, reading)
        base = base[(base["area"] == "toan_tinh") & base["indicator"].isin(INDICATORS)]
        for _, b in base.iterrows():
            for period, n in counts:
                fitting = list_whole_counts(b["baseline_pct"], b["baseline_tolerance_pct"], n)
                k, share = nearest_whole_share(b["baseline_pct"], n)
                rows.append(
                    {
                        "indicator": str(b["indicator"]),
                        "reference": str(b["reference"]),
                        "reading": reading,
                        "baseline_pct": float(b["baseline_pct"]),
                        "tolerance_pct": float(b["baseline_tolerance_pct"]),
                        "count_period": period,
                        "village_count": n,
                        "fitting_counts": ";".join(map(str, fitting)),
                        "fits": bool(fitting),
                        "nearest_count": k,
                        "nearest_share_pct": round(share, 4),
                        "difference_pct": round(float(b["baseline_pct"]) - share, 4),
                        "location": b["location"],
                    }
                )
    out = pd.DataFrame(rows)
    out["indicator"] = pd.Categorical(out["indicator"], categories=list(INDICATORS), ordered=True)
    out["reference"] = pd.Categorical(out["reference"], categories=list(PERIODS[:2]), ordered=True)
    out["reading"] = pd.Categorical(out["reading"], categories=list(READINGS), ordered=True)
    wrong = out[out["fits"] != (out["difference_pct"].abs() <= out["tolerance_pct"] + 1e-9)]
    raise_if_any(wrong, "a count is listed as fitting although its nearest share is outside the tolerance")
    return out.sort_values(["reading", "reference", "indicator", "village_count"]).reset_index(drop=True)


def list_fitting_village_counts(
    stated_changes: pd.DataFrame,
    rates: pd.DataFrame,
    reference: str,
    reading: str = "pp",
    n_min: int = 756,
    n_max: int = 1000,
) -> pd.DataFrame:
    """List the village counts of which both indicators' implied shares at ``reference`` are whole shares.

    Used to ask what the 8-2016 baselines say about the number of villages at
    that date, which the report does not give.

    Returns
    -------
    DataFrame
        village_count, then one column per indicator of :data:`INDICATORS` with
        the whole number of villages its share gives (the first that fits).

    """
    base = implied_baselines(stated_changes, rates, reading)
    base = base[
        (base["area"] == "toan_tinh") & base["indicator"].isin(INDICATORS) & (base["reference"] == reference)
    ].set_index("indicator")
    if set(base.index.astype(str)) != set(INDICATORS):
        raise ValueError(f"no implied baselines of both indicators at {reference!r}")
    shares = [
        (float(base.loc[i, "baseline_pct"]), float(base.loc[i, "baseline_tolerance_pct"])) for i in INDICATORS
    ]
    totals = find_fitting_totals(shares, n_min, n_max)
    rows = [
        {"village_count": n, **{i: list_whole_counts(p, t, n)[0] for i, (p, t) in zip(INDICATORS, shares)}}
        for n in totals
    ]
    return pd.DataFrame(rows, columns=["village_count", *INDICATORS])


# ---------------------------------------------------------------------------
# Tables and findings of notebook 05


def compare_household_change(rates: pd.DataFrame, stated_changes: pd.DataFrame) -> pd.DataFrame:
    """Put the printed "tăng x%" of members assigned to households against both readings of its two ends.

    The one change of a rate whose two ends the report prints as counts (fn13
    for 8-2016, II.4 for 2021).

    Returns
    -------
    DataFrame
        One row: ``counts_2016_08_pct`` and ``counts_2021_pct`` (the shares
        from the printed counts), ``difference_pp`` (points),
        ``relative_change_pct`` and ``stated_pct`` (the printed "tăng"),
        ``location``.

    """
    households = select(rates, indicator="dang_vien_phu_trach_ho", area="toan_tinh")
    start = rate_from_counts(one_row(households, period="2016-08"))
    end = rate_from_counts(one_row(households, period="2021"))
    stated = one_row(
        stated_changes, indicator="dang_vien_phu_trach_ho", area="toan_tinh", reference="2016-08"
    )
    return pd.DataFrame(
        [
            {
                "counts_2016_08_pct": start,
                "counts_2021_pct": end,
                "difference_pp": end - start,
                "relative_change_pct": 100 * (end / start - 1),
                "stated_pct": float(stated["value_pct"]),
                "location": f"{one_row(households, period='2021')['location']}, "
                f"{one_row(households, period='2016-08')['location']}",
            }
        ]
    )


def summarise_gains(trajectory: pd.DataFrame) -> pd.DataFrame:
    """Return each indicator's share at the three dates and its gain over each interval (points).

    Parameters
    ----------
    trajectory : DataFrame
        :func:`build_trajectory`.

    Returns
    -------
    DataFrame
        ``indicator``, ``share_2016_08_pct``, ``share_2019_09_pct``,
        ``share_2021_pct``, ``gain_2016_2019_pp``, ``gain_2019_2021_pp``.

    """
    levels = trajectory.pivot(index="indicator", columns="period", values="share_pct")
    out = pd.DataFrame(
        {
            "indicator": pd.Categorical(levels.index.astype(str), categories=list(INDICATORS), ordered=True),
            "share_2016_08_pct": levels["2016-08"].to_numpy(),
            "share_2019_09_pct": levels["2019-09"].to_numpy(),
            "share_2021_pct": levels["2021"].to_numpy(),
        }
    )
    out["gain_2016_2019_pp"] = out["share_2019_09_pct"] - out["share_2016_08_pct"]
    out["gain_2019_2021_pp"] = out["share_2021_pct"] - out["share_2019_09_pct"]
    return out.sort_values("indicator").reset_index(drop=True)


def bound_district_villages(rates: pd.DataFrame, n_max: int, shown: int = 4) -> pd.DataFrame:
    """List, for each printed district share, the smallest numbers of villages that reproduce it.

    The report gives no village count by district; a share printed with two
    decimals is a whole number of villages only over some counts, so the
    smallest of them bound what the district must have.

    Parameters
    ----------
    rates : DataFrame
    n_max : int
        The largest count to try (the province's count: a district has fewer).
    shown : int
        How many counts to list.

    Returns
    -------
    DataFrame
        ``indicator``, ``area``, ``share_pct``, ``smallest_village_counts``
        (joined by "; "), ``location``.

    """
    district = select(rates, indicator=list(INDICATORS))
    district = district[district["area"] != "toan_tinh"]
    rows = []
    for _, r in district.iterrows():
        share = float(r["share_pct"])
        counts = find_fitting_totals([(share, half_unit(share, r["quote"]))], 1, n_max)[:shown]
        rows.append(
            {
                "indicator": r["indicator"],
                "area": r["area"],
                "share_pct": share,
                "smallest_village_counts": "; ".join(map(str, counts)),
                "location": r["location"],
            }
        )
    out = pd.DataFrame(rows)
    raise_if_any(out[out["smallest_village_counts"] == ""], "district shares that no count of villages gives")
    return out


#: Labels of the checks of :func:`assess_readings`; ``{reference}`` and ``{indicator}`` are filled in.
CHECK_LABELS = {
    "households_baseline": (
        "Đảng viên phụ trách hộ: mức 8-2016 suy ra so với số đếm (chú thích 13)",
        "Members assigned to households: implied Aug 2016 level against the counts (footnote 13)",
    ),
    "secretaries_target_two_ways": (
        "Mục tiêu Nghị quyết 01 cho bí thư kiêm thôn trưởng, suy ra theo hai cách",
        "The secretaries' Resolution 01 target, implied two ways",
    ),
    "round_target": ("{reference} suy ra là số tròn", "{reference}: the implied target is a round number"),
    "whole_villages": (
        "Số nguyên thôn trước sắp xếp, 9-2019: {indicator}",
        "Whole number of villages before the reorganisation, Sep 2019: {indicator}",
    ),
}


def label_checks(checks: pd.Series, lang: str = "vi") -> pd.Series:
    """Return the label in ``lang`` of each check code of :func:`assess_readings`."""
    check_lang(lang)

    def label(code: str) -> str:
        kind, _, detail = str(code).partition(":")
        text = pick(CHECK_LABELS[kind], lang)
        if kind == "round_target":
            return text.format(reference=pick(CATEGORIES["reference"][detail], lang))
        if kind == "whole_villages":
            return text.format(indicator=pick(CATEGORIES["indicator"][detail.split("/")[1]], lang))
        return text

    return checks.map(label).astype("string").rename("check_label")


#: What each audit relation shown in notebook 05 checks, ``(vi, en)``.
RELATION_LABELS = {
    "change:stated_changes:dang_vien_phu_trach_ho/toan_tinh/2016-08": (
        "Mức “tăng” nêu cho đảng viên phụ trách hộ so với hiệu hai tỉ lệ tính từ số đếm (mục II.4, chú thích 13)",
        "The stated rise of members assigned to households against the difference of the two shares from the "
        "counts (section II.4, footnote 13)",
    ),
    "target:rates:thon_truong_la_dang_vien/ngoc_hoi-below-muc_tieu_nq01_2021": (
        "Ngọc Hồi, được nêu chưa đạt, so với mục tiêu năm 2021 của Nghị quyết 01",
        "Ngoc Hoi, named below target, against the 2021 target of Resolution 01",
    ),
    "target:rates:thon_truong_la_dang_vien/ngoc_hoi-below-muc_tieu_nq03": (
        "Ngọc Hồi, được nêu chưa đạt, so với mục tiêu Nghị quyết 03",
        "Ngoc Hoi, named below target, against the target of Resolution 03",
    ),
    "target:stated_changes:bi_thu_kiem_thon_truong/nq01-two-ways": (
        "Mục tiêu Nghị quyết 01 cho bí thư kiêm thôn trưởng, suy ra từ toàn tỉnh và từ TP. Kon Tum (chú thích 7)",
        "The secretaries' Resolution 01 target, implied by the province and by Kon Tum city (footnote 7)",
    ),
}


#: Findings of notebook 05, one template per sentence (filled by :func:`list_findings`).
FINDINGS = {
    "heads": Template(
        vi="Thôn trưởng, tổ trưởng tổ dân phố là đảng viên: {start:pct} (8-2016, suy ra) → {mid:pct} (9-2019, "
        "suy ra) → {now:pct} (2021); cao hơn {gap_03:n2} điểm phần trăm so với mục tiêu Nghị quyết 03 "
        "({target_03:pct}) và cao hơn {gap_01:n2} điểm phần trăm so với mục tiêu năm 2021 của Nghị quyết 01 "
        "({target_01:pct}).",
        en="Heads who are party members: {start:pct} (Aug 2016, implied) → {mid:pct} (Sep 2019, implied) → "
        "{now:pct} (2021); {gap_03:n2} points above the Resolution 03 target ({target_03:pct}) and {gap_01:n2} "
        "above the 2021 Resolution 01 target ({target_01:pct}).",
    ),
    "secretaries": Template(
        vi="Bí thư chi bộ kiêm thôn trưởng: {start:pct} → {mid:pct} → {now:pct}; đạt {attainment:pct1} so với "
        "mục tiêu năm 2021 của Nghị quyết 01 suy ra ({target:pct}), còn thiếu {short:n2} điểm phần trăm.",
        en="Secretaries who are heads: {start:pct} → {mid:pct} → {now:pct}; {attainment:pct1} of the implied 2021 "
        "Resolution 01 target of {target:pct} ({short:n2} points short).",
    ),
    "districts_heads": Template(
        vi="Cấp huyện, thôn trưởng là đảng viên: {examples:n} đơn vị được nêu làm ví dụ vượt mục tiêu "
        "({examples_location}; đây là danh sách ví dụ, không phải toàn bộ các đơn vị); đơn vị được nêu chưa đạt: "
        "{below} với {below_pct:pct} ({below_location}).",
        en="Districts, heads: {examples:n} units named as examples above the target ({examples_location}; a list "
        "of examples, not of every unit); named below it: {below} at {below_pct:pct} ({below_location}).",
    ),
    "both_sides": Template(
        vi="{units} vừa có trong danh sách ví dụ vượt mục tiêu về thôn trưởng ({examples_location}) vừa là đơn vị "
        "có tỉ lệ bí thư kiêm thôn trưởng thấp ({low_location}).",
        en="{units} is among the examples above the heads' target ({examples_location}) and is also the district "
        "with the low share of secretaries who are heads ({low_location}).",
    ),
    "readings": Template(
        vi="Đọc theo điểm phần trăm: khớp {pp_ok:n}/{pp_checks:n} phép kiểm tra; đọc tương đối: khớp "
        "{relative_ok:n}/{relative_checks:n}.",
        en="Reading: the percentage-point reading passes {pp_ok:n} of {pp_checks:n} checks, the relative reading "
        "{relative_ok:n} of {relative_checks:n}.",
    ),
    "village_fit": Template(
        vi="Tỉ lệ {period} so với {villages:n} thôn trước sắp xếp: {shares}.",
        en="{period} shares against the {villages:n} villages before the reorganisation: {shares}.",
    ),
    "fits": Template(vi="{share:pct} → {count}/{villages:n}", en="{share:pct} → {count}/{villages:n}"),
    "no_fit": Template(
        vi="{share:pct} → không ứng với số nguyên thôn nào (gần nhất {count:n}/{villages:n} = {nearest:pct})",
        en="{share:pct} → no whole number (nearest {count:n}/{villages:n} = {nearest:pct})",
    ),
    "counts_2016": Template(
        vi="Các tỉ lệ 8-2016 ứng với số nguyên thôn khi tổng số thôn là một trong {n_counts:n} số từ {low:n} đến "
        "{high:n} (gần {villages:n} nhất là {nearest:n}); vậy số thôn tháng 8-2016 không phải {villages:n}, và "
        "báo cáo không in số này.",
        en="The Aug 2016 shares are whole numbers of villages for {n_counts:n} counts between {low:n} and "
        "{high:n} (nearest to {villages:n}: {nearest:n}), so the Aug 2016 village count is not {villages:n} and "
        "is not printed.",
    ),
}

#: The village count the report gives before the reorganisation (fn14, undated).
_BEFORE = "truoc_sap_xep_thon"


def list_findings(frames: Mapping[str, pd.DataFrame], lang: str = "vi") -> list[str]:
    """Return the findings of notebook 05 in ``lang``, computed from the tables of one source.

    Parameters
    ----------
    frames : mapping
        Table name → frame of one source (``registry.frames()``); ``rates``,
        ``stated_changes``, ``organisations``, ``restructuring`` and
        ``unit_mentions`` are used.
    lang : {"vi", "en"}

    Returns
    -------
    list of str
        One sentence per finding, every number computed.

    """
    check_lang(lang)
    rates, stated = frames["rates"], frames["stated_changes"]
    path = build_trajectory(stated, rates, "pp").set_index(["indicator", "period"])["share_pct"]
    goal = collect_targets(stated, rates, "pp").set_index(["indicator", "reference"])
    heads, secretaries = INDICATORS

    def levels(indicator: str) -> dict:
        return {
            "start": path[(indicator, "2016-08")],
            "mid": path[(indicator, "2019-09")],
            "now": path[(indicator, "2021")],
        }

    lines = [
        FINDINGS["heads"].format(
            lang,
            **levels(heads),
            target_03=goal.loc[(heads, "muc_tieu_nq03"), "target_pct"],
            gap_03=goal.loc[(heads, "muc_tieu_nq03"), "gap_pp"],
            target_01=goal.loc[(heads, "muc_tieu_nq01_2021"), "target_pct"],
            gap_01=goal.loc[(heads, "muc_tieu_nq01_2021"), "gap_pp"],
        ),
        FINDINGS["secretaries"].format(
            lang,
            **levels(secretaries),
            attainment=goal.loc[(secretaries, "muc_tieu_nq01_2021"), "attainment_pct"],
            target=goal.loc[(secretaries, "muc_tieu_nq01_2021"), "target_pct"],
            short=-goal.loc[(secretaries, "muc_tieu_nq01_2021"), "gap_pp"],
        ),
    ]

    mentions = frames["unit_mentions"]
    examples = select(mentions, topic="thon_truong_vuot_muc_tieu", valence="dien_hinh")
    below = select(mentions, topic="thon_truong_chua_dat_muc_tieu", valence="han_che")
    low = select(mentions, topic="bi_thu_kiem_thon_truong_thap")
    if len(examples) and len(below):
        below_rates = select(rates, indicator=heads, area=list(below["area"].astype(str)))
        for _, r in below_rates.iterrows():
            lines.append(
                FINDINGS["districts_heads"].format(
                    lang,
                    examples=len(examples),
                    examples_location=format_location(", ".join(dict.fromkeys(examples["location"])), lang),
                    below=pick(CATEGORIES["area"][str(r["area"])], lang),
                    below_pct=r["share_pct"],
                    below_location=format_location(r["location"], lang),
                )
            )
    both = [a for a in dict.fromkeys(low["area"].astype(str)) if a in set(examples["area"].astype(str))]
    if both:
        lines.append(
            FINDINGS["both_sides"].format(
                lang,
                units=join_unit_names(both, lang),
                examples_location=format_location(", ".join(dict.fromkeys(examples["location"])), lang),
                low_location=format_location(", ".join(dict.fromkeys(low["location"])), lang),
            )
        )

    evidence = assess_readings(stated, rates, frames["organisations"], frames["restructuring"])
    by_reading = evidence.groupby("reading")["consistent"].agg(["size", "sum"])
    lines.append(
        FINDINGS["readings"].format(
            lang,
            pp_ok=int(by_reading.loc["pp", "sum"]),
            pp_checks=int(by_reading.loc["pp", "size"]),
            relative_ok=int(by_reading.loc["relative", "sum"]),
            relative_checks=int(by_reading.loc["relative", "size"]),
        )
    )

    fits = fit_village_counts(
        stated, rates, frames["organisations"], frames["restructuring"], readings=("pp",)
    )
    fits = fits[fits["count_period"] == _BEFORE]
    villages = int(fits["village_count"].iloc[0])
    for reference, part in fits.groupby("reference", observed=True):
        shares = ", ".join(
            FINDINGS["fits"].format(lang, share=f.baseline_pct, count=f.fitting_counts, villages=villages)
            if f.fits
            else FINDINGS["no_fit"].format(
                lang,
                share=f.baseline_pct,
                count=f.nearest_count,
                villages=villages,
                nearest=f.nearest_share_pct,
            )
            for f in part.itertuples()
        )
        period = pick(CATEGORIES["period"][str(reference)], lang)
        lines.append(FINDINGS["village_fit"].format(lang, period=period, villages=villages, shares=shares))

    counts = list_fitting_village_counts(stated, rates, "2016-08", "pp")["village_count"]
    if len(counts):
        lines.append(
            FINDINGS["counts_2016"].format(
                lang,
                n_counts=len(counts),
                low=int(counts.min()),
                high=int(counts.max()),
                villages=villages,
                nearest=int(counts.iloc[(counts - villages).abs().argsort().iloc[0]]),
            )
        )
    return lines
