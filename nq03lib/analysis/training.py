"""Derive the education, training and meeting quantities of sections II.1–II.4 (fn1–fn4, fn12, fn13).

The report prints the 2021 level of several rates (commitments, thematic
meetings, committee members assigned to communes, members assigned to
households) and says each "tăng x% so với thời điểm ban hành Nghị quyết".
Only for households does it also print the 8-2016 level (fn13), and only the
percentage-point reading reproduces it (see :mod:`nq03lib.derive`). This
module puts each 2021 level beside the baseline it implies under both
readings, checks the households case, the yearly "từ 98% trở lên" floor of
members rated well at their place of residence, and the parts of the
training figures.

Every function takes tables as loaded by :func:`nq03lib.load`, returns a tidy
DataFrame and raises ``ValueError`` listing the wrong rows when its own check
fails.
"""

from __future__ import annotations

import pandas as pd

from nq03lib.analysis.derive import implied_baselines, rate_from_counts
from nq03lib.analysis.frames import raise_if_any

#: Indicators of notebook 06 with a stated change since 8-2016, in display order.
BASELINE_INDICATORS = (
    "dang_vien_xay_dung_cam_ket",
    "chi_bo_sinh_hoat_chuyen_de",
    "cap_uy_vien_phu_trach_xa",
    "dang_vien_phu_trach_ho",
)
#: Indicators of notebook 06 printed as a count over a total, in display order.
COVERAGE_INDICATORS = (
    "dang_vien_xay_dung_cam_ket",
    "chi_bo_sinh_hoat_chuyen_de",
    "cap_uy_vien_phu_trach_tccsd",
    "cap_uy_vien_phu_trach_xa",
    "cap_uy_vien_xa_phu_trach_chi_bo",
    "dang_vien_phu_trach_ho",
    "dang_vien_gioi_thieu_noi_cu_tru",
    "cap_uy_to_chuc_hoi_thi",
)
RESIDENCE = "dang_vien_noi_cu_tru_chap_hanh_tot"
HOUSEHOLDS = "dang_vien_phu_trach_ho"


def _province(rates: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return rates[(rates["indicator"] == indicator) & (rates["area"] == "toan_tinh")]


def compare_baselines(stated_changes: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """Put each 2021 rate beside the 8-2016 baseline its stated change implies, under both readings.

    Parameters
    ----------
    stated_changes, rates : DataFrame
        Tables ``stated_changes`` and ``rates``.

    Returns
    -------
    DataFrame
        One row per indicator of :data:`BASELINE_INDICATORS`: indicator,
        current_pct (2021, printed), change_pct (printed "tăng x%"),
        baseline_pp_pct, baseline_relative_pct, reading_gap_pp (relative −
        pp), printed_baseline_pct (the 8-2016 rate where the report prints it,
        else missing), counts_baseline_pct (the same recomputed from its
        counts), pp_matches_printed / relative_matches_printed (the implied
        baseline equals counts_baseline_pct within the rounding of the 2021
        share and the change; missing where nothing is printed), location.

    """
    pp = implied_baselines(stated_changes, rates, reading="pp")
    rel = implied_baselines(stated_changes, rates, reading="relative")
    keep = (
        (pp["reference"] == "2016-08")
        & (pp["area"] == "toan_tinh")
        & pp["indicator"].isin(BASELINE_INDICATORS)
    )
    pp = pp[keep].set_index("indicator")
    rel = rel[keep.values].set_index("indicator")
    missing = sorted(set(BASELINE_INDICATORS) - set(pp.index.astype(str)))
    if missing:
        raise ValueError(f"no stated change since 8-2016 for {missing}")
    rows = []
    for code in BASELINE_INDICATORS:
        printed = _province(rates, code)
        printed = printed[printed["period"] == "2016-08"]
        base = float(printed["share_pct"].iloc[0]) if len(printed) else float("nan")
        counts = rate_from_counts(printed.iloc[0]) if len(printed) else float("nan")
        rows.append(
            {
                "indicator": code,
                "current_pct": float(pp.loc[code, "current_pct"]),
                "change_pct": float(pp.loc[code, "value_pct"]),
                "baseline_pp_pct": float(pp.loc[code, "baseline_pct"]),
                "baseline_relative_pct": float(rel.loc[code, "baseline_pct"]),
                "printed_baseline_pct": base,
                "counts_baseline_pct": round(counts, 4),
                "location": pp.loc[code, "location"],
            }
        )
    out = pd.DataFrame(rows)
    out["reading_gap_pp"] = (out["baseline_relative_pct"] - out["baseline_pp_pct"]).round(4)
    # the 2021 share and the change are printed with 2 decimals; the 8-2016 share is
    # compared as recomputed from its counts (fn13 prints it rounded to "88%")
    tolerance = 0.005 + 0.005
    for reading in ("pp", "relative"):
        diff = (out[f"baseline_{reading}_pct"] - out["counts_baseline_pct"]).abs()
        out[f"{reading}_matches_printed"] = pd.array(
            [pd.NA if pd.isna(d) else bool(d <= tolerance) for d in diff], dtype="boolean"
        )
    raise_if_any(
        out[out["baseline_pp_pct"] >= out["current_pct"]], "a 'tăng' whose baseline is not below 2021"
    )
    out["indicator"] = pd.Categorical(out["indicator"], categories=list(BASELINE_INDICATORS), ordered=True)
    cols = [
        "indicator",
        "current_pct",
        "change_pct",
        "baseline_pp_pct",
        "baseline_relative_pct",
        "reading_gap_pp",
        "printed_baseline_pct",
        "counts_baseline_pct",
        "pp_matches_printed",
        "relative_matches_printed",
        "location",
    ]
    return out[cols]


def summarise_households(rates: pd.DataFrame) -> pd.DataFrame:
    """Return the members assigned to households in 8-2016 (fn13) and 2021 (II.4).

    Returns
    -------
    DataFrame
        period, assigned_count, eligible_count, unassigned_count, share_pct
        (printed), recomputed_share_pct.

    """
    rows = _province(rates, HOUSEHOLDS)
    rows = rows[rows["period"].isin(["2016-08", "2021"])].sort_values("period")
    if len(rows) != 2:
        raise ValueError(f"expected the 8-2016 and 2021 households rates, found {len(rows)} rows")
    out = pd.DataFrame(
        {
            "period": rows["period"].astype(str).to_numpy(),
            "assigned_count": rows["numerator_count"].astype(int).to_numpy(),
            "eligible_count": rows["denominator_count"].astype(int).to_numpy(),
            "share_pct": rows["share_pct"].astype(float).to_numpy(),
        }
    )
    out["unassigned_count"] = out["eligible_count"] - out["assigned_count"]
    out["recomputed_share_pct"] = [round(rate_from_counts(r), 4) for _, r in rows.iterrows()]
    raise_if_any(out[out["unassigned_count"] < 0], "more members assigned than eligible")
    raise_if_any(
        out[(out["recomputed_share_pct"] - out["share_pct"]).abs() > 0.5], "printed share far from its counts"
    )
    cols = [
        "period",
        "assigned_count",
        "eligible_count",
        "unassigned_count",
        "share_pct",
        "recomputed_share_pct",
    ]
    return out[cols].astype({"period": "string"})


def explain_households_change(rates: pd.DataFrame, stated_changes: pd.DataFrame) -> pd.DataFrame:
    """Set the stated "tăng x%" for households against the changes the two printed ends give.

    Returns
    -------
    DataFrame
        One row per candidate reading: measure (``pp_change`` of the share,
        ``relative_change`` of the share, ``assigned_growth`` and
        ``eligible_growth`` of the counts), value_pct, stated_pct,
        difference_pp (value − stated), matches (within 0.01 point).

    """
    h = summarise_households(rates).set_index("period")
    s0, s1 = h.loc["2016-08", "recomputed_share_pct"], h.loc["2021", "recomputed_share_pct"]
    stated = stated_changes[
        (stated_changes["indicator"] == HOUSEHOLDS) & (stated_changes["statement"] == "tang")
    ]
    if len(stated) != 1:
        raise ValueError(f"expected one stated change for households, found {len(stated)}")
    x = float(stated["value_pct"].iloc[0])
    values = {
        "pp_change": s1 - s0,
        "relative_change": 100 * (s1 / s0 - 1),
        "assigned_growth": 100 * (h.loc["2021", "assigned_count"] / h.loc["2016-08", "assigned_count"] - 1),
        "eligible_growth": 100 * (h.loc["2021", "eligible_count"] / h.loc["2016-08", "eligible_count"] - 1),
    }
    out = pd.DataFrame({"measure": list(values), "value_pct": [round(v, 4) for v in values.values()]})
    out["stated_pct"] = x
    out["difference_pp"] = (out["value_pct"] - x).round(4)
    out["matches"] = out["difference_pp"].abs() <= 0.01
    return out.astype({"measure": "string"})


def check_residence_floor(rates: pd.DataFrame, stated_changes: pd.DataFrame) -> pd.DataFrame:
    """Set each year's share of members rated well at their residence (fn12) against the stated floor (II.4).

    Returns
    -------
    DataFrame
        year, share_pct, floor_pct, margin_pp (share − floor), meets_floor.
        A year below the floor is kept and flagged, not dropped.

    """
    floor = stated_changes[
        (stated_changes["indicator"] == RESIDENCE) & (stated_changes["statement"] == "tu_tro_len")
    ]
    if len(floor) != 1:
        raise ValueError(f"expected one 'từ … trở lên' floor for {RESIDENCE}, found {len(floor)}")
    years = _province(rates, RESIDENCE)
    if years.empty:
        raise ValueError(f"no yearly rates for {RESIDENCE}")
    out = pd.DataFrame(
        {
            "year": years["period"].astype(str).to_numpy(),
            "share_pct": years["share_pct"].astype(float).to_numpy(),
        }
    ).sort_values("year")
    out["floor_pct"] = float(floor["value_pct"].iloc[0])
    out["margin_pp"] = (out["share_pct"] - out["floor_pct"]).round(4)
    out["meets_floor"] = out["margin_pp"] >= 0
    return out.reset_index(drop=True).astype({"year": "string"})


def summarise_classes(training_classes: pd.DataFrame) -> pd.DataFrame:
    """Return the training classes since 2016 by level with their share of the printed total (fn3).

    Raises
    ------
    ValueError
        If the levels do not add to the printed total.

    """
    total = training_classes[training_classes["training_level"] == "tat_ca"]
    if len(total) != 1:
        raise ValueError(f"expected one all-levels total of classes, found {len(total)}")
    n = int(total["class_count"].iloc[0])
    out = training_classes[training_classes["training_level"] != "tat_ca"][
        ["training_level", "class_count"]
    ].copy()
    raise_if_any(
        pd.DataFrame({"levels_sum": [int(out["class_count"].sum())], "printed_total": [n]}).query(
            "levels_sum != printed_total"
        ),
        "class levels do not add to the printed total",
    )
    out["total_count"] = n
    out["share_pct"] = (100 * out["class_count"].astype(float) / n).round(2)
    return out.astype({"class_count": "int64"}).reset_index(drop=True)


def summarise_participants(training_participants: pd.DataFrame) -> pd.DataFrame:
    """Return the participants of each programme by kind with their share of the programme (II.2).

    The province-wide (or several-units) rows only; the by-district split of
    the new village secretaries (fn4) is left out here. A programme printed
    without parts keeps its total as its only row.

    Raises
    ------
    ValueError
        If a programme's parts do not add to its printed total.

    """
    tp = training_participants[training_participants["area"].isin(["toan_tinh", "nhieu_don_vi"])].copy()
    rows = []
    for programme, group in tp.groupby("programme", observed=True):
        total = group[group["participant_kind"] == "tat_ca"]
        if len(total) != 1:
            raise ValueError(f"{programme}: expected one total, found {len(total)}")
        n = int(total["participant_count"].iloc[0])
        parts = group[group["participant_kind"] != "tat_ca"]
        if len(parts) and int(parts["participant_count"].sum()) != n:
            raise ValueError(
                f"{programme}: parts add to {int(parts['participant_count'].sum())}, printed total {n}"
            )
        for _, r in (parts if len(parts) else total).iterrows():
            rows.append(
                {
                    "programme": str(programme),
                    "participant_kind": str(r["participant_kind"]),
                    "participant_count": int(r["participant_count"]),
                    "programme_total_count": n,
                    "share_pct": round(100 * int(r["participant_count"]) / n, 2),
                    "location": r["location"],
                }
            )
    out = pd.DataFrame(rows)
    for col in ("programme", "participant_kind"):
        out[col] = pd.Categorical(
            out[col], categories=training_participants[col].cat.categories, ordered=True
        )
    return out.sort_values(["programme", "participant_kind"]).reset_index(drop=True)


def count_contestants_per_committee(training_participants: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """Return the contestants of the best-secretary contest per committee that held one (II.2).

    Returns
    -------
    DataFrame
        contestant_count, committees_held_count, committees_count,
        contestants_per_committee (mean over the committees that held one).

    """
    contest = training_participants[
        (training_participants["programme"] == "hoi_thi_bi_thu")
        & (training_participants["participant_kind"] == "tat_ca")
    ]
    held = _province(rates, "cap_uy_to_chuc_hoi_thi")
    if len(contest) != 1 or len(held) != 1:
        raise ValueError("expected one contest total and one count of committees that held it")
    k, m = int(contest["participant_count"].iloc[0]), int(held["numerator_count"].iloc[0])
    if m <= 0:
        raise ValueError("no committee held the contest")
    return pd.DataFrame(
        {
            "contestant_count": [k],
            "committees_held_count": [m],
            "committees_count": [int(held["denominator_count"].iloc[0])],
            "contestants_per_committee": [round(k / m, 2)],
        }
    )


def list_coverage(rates: pd.DataFrame) -> pd.DataFrame:
    """Return the latest province rate of each indicator of :data:`COVERAGE_INDICATORS`.

    Where the report prints counts but no percentage, the share is computed
    from the counts (``share_source`` = ``computed``).

    Returns
    -------
    DataFrame
        indicator, period, numerator_count, denominator_count, share_pct,
        share_source (``printed`` or ``computed``), location.

    """
    rows = []
    for code in COVERAGE_INDICATORS:
        part = _province(rates, code)
        if part.empty:
            raise ValueError(f"no province rate for {code}")
        r = part.sort_values("period").iloc[-1]
        printed = pd.notna(r["share_pct"])
        rows.append(
            {
                "indicator": code,
                "period": str(r["period"]),
                "numerator_count": r["numerator_count"],
                "denominator_count": r["denominator_count"],
                "share_pct": float(r["share_pct"]) if printed else round(rate_from_counts(r), 2),
                "share_source": "printed" if printed else "computed",
                "location": r["location"],
            }
        )
    out = pd.DataFrame(rows).astype(
        {
            "numerator_count": "Int64",
            "denominator_count": "Int64",
            "period": "string",
            "share_source": "string",
        }
    )
    out["indicator"] = pd.Categorical(out["indicator"], categories=list(COVERAGE_INDICATORS), ordered=True)
    raise_if_any(out[(out["share_pct"] < 0) | (out["share_pct"] > 100)], "shares outside 0–100%")
    return out
