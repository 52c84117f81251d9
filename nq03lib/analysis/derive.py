"""Derive the quantities the report implies but does not print.

Every function here takes tables as loaded by :func:`nq03lib.load`, returns a
tidy DataFrame, checks its own result and raises ``ValueError`` listing the
rows that are wrong. Notebooks call these; none of them is written twice.

Reading of "tăng x%" on a rate
------------------------------
The report writes changes of percentages as "tăng x%" and "vượt x%". We read
them as **percentage points** (``reading="pp"``), because the one change whose
baseline the report also prints agrees only with that reading: members
assigned to households were 10.064/11.436 = 88.00 % in 8-2016 (fn13) and
13.356/14.795 = 90.27 % in 2021, and the report says "tăng 2,27%"
(90.27 − 88.00 = 2.27 points; a relative change would be 2.58 %). The
targets support it too: "vượt 7,78%" from 77.78 % gives a round 70 % target,
and the 2021 target for secretaries implied by the province ("đạt 96,2% so
với" → 38.50 %) equals the one implied by Kon Tum city read in points
(76.68 − 38.18 = 38.50 %). ``reading="relative"`` gives the other reading
as a sensitivity.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd

from nq03lib.analysis.frames import half_unit, raise_if_any

READINGS = ("pp", "relative")


def rate_from_counts(row: pd.Series) -> float:
    """Return ``100 × numerator / denominator`` of a ``rates`` row."""
    num, den = row["numerator_count"], row["denominator_count"]
    if pd.isna(num) or pd.isna(den) or den == 0:
        raise ValueError(f"rates row has no counts to compute a share from: {dict(row)}")
    return 100.0 * float(num) / float(den)


def measure_printed_changes(stated_changes: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """Return each stated "tăng x%" since 8-2016 whose baseline the report also prints, with its two ends.

    For members assigned to households, the report prints both ends as counts
    (fn13 for 8-2016, II.4 for 2021): the change they give is the one measure
    of how the report reads "tăng x%" (see the module docstring).

    Returns
    -------
    DataFrame
        indicator, area, reference, value_pct (the printed "tăng"), start_pct
        and end_pct (the shares from the printed counts), change_pp (end −
        start, in points), relative_change_pct; in the order of
        ``stated_changes``.

    Raises
    ------
    ValueError
        If a baseline or the 2021 rate has no counts to compute a share from.

    """
    rows = []
    changes = stated_changes[
        (stated_changes["statement"] == "tang") & (stated_changes["reference"] == "2016-08")
    ]
    for _, change in changes.iterrows():
        base = rates[
            (rates["indicator"] == change["indicator"])
            & (rates["area"] == change["area"])
            & (rates["period"] == "2016-08")
        ]
        if base.empty:
            continue  # the baseline is not printed: implied_baselines gives it
        start, end = rate_from_counts(base.iloc[0]), rate_from_counts(_rate_2021(rates, change))
        rows.append(
            {
                "indicator": str(change["indicator"]),
                "area": str(change["area"]),
                "reference": "2016-08",
                "value_pct": float(change["value_pct"]),
                "start_pct": start,
                "end_pct": end,
                "change_pp": end - start,
                "relative_change_pct": 100 * (end / start - 1),
            }
        )
    columns = ["indicator", "area", "reference", "value_pct", "start_pct", "end_pct", "change_pp"]
    out = pd.DataFrame(rows, columns=[*columns, "relative_change_pct"])
    return out.astype({"indicator": "string", "area": "string", "reference": "string"})


def _rate_2021(rates: pd.DataFrame, change: pd.Series) -> pd.Series:
    """Return the 2021 ``rates`` row that a stated change or comparison is about."""
    now = rates[
        (rates["indicator"] == change["indicator"])
        & (rates["area"] == change["area"])
        & (rates["period"] == "2021")
    ]
    if now.empty:
        raise ValueError(
            f"no 2021 rate for the stated {change['statement']} {change['indicator']}/{change['area']}"
        )
    return now.iloc[0]


def compute_baseline_tolerance(
    current: float, d_current: float, change: float, d_change: float, reading: str
) -> float:
    """Return the widest shift of an implied baseline that the printed rounding allows.

    Parameters
    ----------
    current, change : float
        The printed 2021 rate and the printed "tăng x%".
    d_current, d_change : float
        Half a unit of their last printed decimal.
    reading : {"pp", "relative"}

    """

    def base(c: float, x: float) -> float:
        return c - x if reading == "pp" else c / (1 + x / 100)

    centre = base(current, change)
    return max(
        abs(base(current + s1 * d_current, change + s2 * d_change) - centre)
        for s1 in (-1, 1)
        for s2 in (-1, 1)
    )


def implied_baselines(stated_changes: pd.DataFrame, rates: pd.DataFrame, reading: str = "pp") -> pd.DataFrame:
    """Turn each "tăng x%" on a rate into the baseline it implies.

    Parameters
    ----------
    stated_changes, rates : DataFrame
        Tables ``stated_changes`` and ``rates``.
    reading : {"pp", "relative"}
        ``"pp"``: baseline = current − x (percentage points, the reading this
        project uses, see the module docstring); ``"relative"``: baseline =
        current / (1 + x/100).

    Returns
    -------
    DataFrame
        indicator, area, reference (the baseline's date), value_pct (the
        printed change), current_pct, baseline_pct, baseline_tolerance_pct (the
        widest shift the printed rounding of both figures allows), reading,
        location.

    """
    if reading not in READINGS:
        raise ValueError(f"reading must be one of {READINGS}, got {reading!r}")
    ups = stated_changes[stated_changes["statement"] == "tang"]
    rows = []
    for _, ch in ups.iterrows():
        now = _rate_2021(rates, ch)
        current = float(now["share_pct"])
        x = float(ch["value_pct"])
        base = current - x if reading == "pp" else current / (1 + x / 100)
        tol = compute_baseline_tolerance(
            current, half_unit(current, now["quote"]), x, half_unit(x, ch["quote"]), reading
        )
        rows.append(
            {
                "indicator": ch["indicator"],
                "area": ch["area"],
                "reference": ch["reference"],
                "value_pct": x,
                "current_pct": current,
                "baseline_pct": round(base, 4),
                "baseline_tolerance_pct": round(tol, 6),
                "reading": reading,
                "location": ch["location"],
            }
        )
    out = pd.DataFrame(rows)
    out = out.astype(
        {
            "indicator": stated_changes["indicator"].dtype,
            "area": stated_changes["area"].dtype,
            "reference": stated_changes["reference"].dtype,
        }
    )
    raise_if_any(out[(out["baseline_pct"] < 0) | (out["baseline_pct"] > 100)], "baselines outside 0–100%")
    return out


def implied_targets(stated_changes: pd.DataFrame, rates: pd.DataFrame, reading: str = "pp") -> pd.DataFrame:
    """Turn each "vượt x%" and "đạt x% so với" a target into the target it implies.

    "vượt x%" from a current rate c gives c − x (points) or c / (1 + x/100)
    (relative); "đạt x% so với" gives c / (x/100) under both readings. The
    tolerance is the widest shift the printed rounding of c and x allows.

    Returns
    -------
    DataFrame
        indicator, area, reference, statement, value_pct, current_pct,
        target_pct, target_tolerance_pct, reading.

    """
    if reading not in READINGS:
        raise ValueError(f"reading must be one of {READINGS}, got {reading!r}")
    sel = stated_changes[stated_changes["statement"].isin(["vuot", "dat_so_voi"])]
    rows = []
    for _, ch in sel.iterrows():
        now = _rate_2021(rates, ch)
        c, x = float(now["share_pct"]), float(ch["value_pct"])
        dc = half_unit(c, now["quote"])
        dx = half_unit(x, ch["quote"])
        if ch["statement"] == "dat_so_voi":
            target = 100 * c / x
            tol = max(abs(100 * (c + s1 * dc) / (x + s2 * dx) - target) for s1 in (-1, 1) for s2 in (-1, 1))
        elif reading == "pp":
            target, tol = c - x, dc + dx
        else:
            target = c / (1 + x / 100)
            tol = max(
                abs((c + s1 * dc) / (1 + (x + s2 * dx) / 100) - target) for s1 in (-1, 1) for s2 in (-1, 1)
            )
        rows.append(
            {
                "indicator": ch["indicator"],
                "area": ch["area"],
                "reference": ch["reference"],
                "statement": ch["statement"],
                "value_pct": x,
                "current_pct": c,
                "target_pct": round(target, 4),
                "target_tolerance_pct": round(tol, 4),
                "reading": reading,
                "location": ch["location"],
            }
        )
    out = pd.DataFrame(rows)
    out = out.astype(
        {
            "indicator": stated_changes["indicator"].dtype,
            "area": stated_changes["area"].dtype,
            "reference": stated_changes["reference"].dtype,
            "statement": stated_changes["statement"].dtype,
        }
    )
    raise_if_any(out[(out["target_pct"] <= 0) | (out["target_pct"] > 100)], "targets outside 0–100%")
    return out


def implied_members_rated(ratings_members: pd.DataFrame, failing_counts: pd.DataFrame) -> pd.DataFrame:
    """Recover the number of members rated each year from the không HTNV count and all four shares.

    The không HTNV share is printed with two decimals, so on its own the
    number rated N satisfies ``count / N`` within ``share ± 0.005`` points:
    N lies in ``[count / (share + 0.005)%, count / (share − 0.005)%]`` (the
    ``single_*`` columns). All four shares must fit together: N is kept only
    if whole counts of the other three ratings, each within its own printed
    rounding, add up to N − count (the ``rated_*`` columns, which can only be
    narrower).

    Returns
    -------
    DataFrame
        year, failing_count, share_pct, rated_min_count, rated_max_count
        (whole-number solutions of all four shares), rated_mid_count (count ÷
        share), single_min_count, single_max_count (from the không HTNV share
        alone), solution_count (how many totals fit all four shares).

    """
    fail = failing_counts[failing_counts["subject"] == "dang_vien"]
    rows = []
    for _, f in fail.iterrows():
        year_shares = ratings_members[ratings_members["year"] == f["period"]]
        s = year_shares[year_shares["rating"] == "khong_htnv"]
        if s.empty:
            raise ValueError(f"no không HTNV share for members in {f['period']}")
        p = float(s.iloc[0]["share_pct"])
        half = half_unit(p, s.iloc[0]["quote"])
        k = int(f["failing_count"])
        low, high = math.ceil(100 * k / (p + half)), math.floor(100 * k / (p - half))
        others = [
            (float(r["share_pct"]), half_unit(float(r["share_pct"]), r["quote"]))
            for _, r in year_shares[year_shares["rating"] != "khong_htnv"].iterrows()
        ]
        joint = []
        for n in range(low, high + 1):
            ranges = [_candidates(v, h, n) for v, h in others]
            if all(ranges) and sum(r[0] for r in ranges) <= n - k <= sum(r[-1] for r in ranges):
                joint.append(n)
        rows.append(
            {
                "year": f["period"],
                "failing_count": k,
                "share_pct": p,
                "rated_min_count": min(joint) if joint else pd.NA,
                "rated_max_count": max(joint) if joint else pd.NA,
                "rated_mid_count": round(100 * k / p, 1),
                "single_min_count": low,
                "single_max_count": high,
                "solution_count": len(joint),
            }
        )
    out = pd.DataFrame(rows).astype(
        {"year": failing_counts["period"].dtype, "rated_min_count": "Int64", "rated_max_count": "Int64"}
    )
    raise_if_any(out[out["solution_count"] == 0], "no whole number of members fits all four shares")
    return out


def _candidates(share: float, half: float, n: int) -> list[int]:
    lo = math.ceil((share - half) * n / 100 - 1e-9)
    hi = math.floor((share + half) * n / 100 + 1e-9)
    return list(range(max(lo, 0), min(hi, n) + 1))


def list_whole_counts(share_pct: float, tolerance_pct: float, total: int) -> list[int]:
    """List every whole count k of ``total`` units whose share 100 k / total is within tolerance.

    A share printed (or implied) without its count can be tested against every
    count the report gives for that population: if no whole number of units
    reproduces it within its rounding, it is not a share of that count.

    Examples
    --------
    >>> list_whole_counts(54.12, 0.01, 874), list_whole_counts(39.63, 0.01, 874)
    ([473], [])

    """
    if total <= 0:
        raise ValueError(f"total must be positive, got {total}")
    return _candidates(float(share_pct), float(tolerance_pct), int(total))


def find_fitting_totals(shares: list[tuple[float, float]], n_min: int, n_max: int) -> list[int]:
    """List every total in ``[n_min, n_max]`` of which every ``(share_pct, tolerance_pct)`` is a whole share.

    Examples
    --------
    >>> find_fitting_totals([(14.29, 0.005)], 1, 30)
    [7, 14, 21, 28]

    """
    if n_min < 1 or n_max < n_min:
        raise ValueError(f"need 1 ≤ n_min ≤ n_max, got {n_min}, {n_max}")
    return [n for n in range(n_min, n_max + 1) if all(list_whole_counts(p, t, n) for p, t in shares)]


def nearest_whole_share(share_pct: float, total: int) -> tuple[int, float]:
    """Return the whole count of ``total`` nearest to ``share_pct`` and its share in %."""
    k = min(max(round(float(share_pct) * total / 100), 0), total)
    return k, 100 * k / total


def solve_rating_counts(ratings: pd.DataFrame, n_min: int = 600, n_max: int = 760) -> pd.DataFrame:
    """Find every whole number of organisations rated, and counts per rating, that fit the shares.

    For each year and each candidate total N in ``[n_min, n_max]`` (the report
    gives 698 TCCSĐ in 8-2016 and 665 in 2021), look for whole counts, one per
    top-level rating, that add to N and reproduce every printed share within
    its printed rounding. TSVMTB is solved separately both as a share of all
    organisations and as a share of TSVM (``tsvmtb_base`` column), because the
    report does not say which.

    Returns
    -------
    DataFrame
        year, n_rated, rating, count, share_pct, solution (one number per
        solution); TSVMTB rows carry ``tsvmtb_base`` = ``all`` or ``tsvm``.

    Raises
    ------
    ValueError
        If a year has no solution.

    """
    rows = []
    for year, group in ratings.groupby("year", observed=True):
        top = group[group["rating"] != "tsvmtb"]
        halves = [half_unit(v, q) for v, q in zip(top["share_pct"], top["quote"])]
        solution = 0
        for n in range(n_min, n_max + 1):
            options = [_candidates(float(v), h, n) for v, h in zip(top["share_pct"], halves)]
            for combo in itertools.product(*options):
                if sum(combo) != n:
                    continue
                solution += 1
                for (_, r), k in zip(top.iterrows(), combo):
                    rows.append(
                        {
                            "year": year,
                            "n_rated": n,
                            "rating": r["rating"],
                            "count": k,
                            "share_pct": float(r["share_pct"]),
                            "solution": solution,
                            "tsvmtb_base": "",
                        }
                    )
                sub = group[group["rating"] == "tsvmtb"]
                if len(sub):
                    s = sub.iloc[0]
                    tsvm = dict(zip(top["rating"], combo))["tsvm"]
                    h = half_unit(s["share_pct"], s["quote"])
                    for base, size in (("all", n), ("tsvm", tsvm)):
                        for k in _candidates(float(s["share_pct"]), h, size):
                            rows.append(
                                {
                                    "year": year,
                                    "n_rated": n,
                                    "rating": "tsvmtb",
                                    "count": k,
                                    "share_pct": float(s["share_pct"]),
                                    "solution": solution,
                                    "tsvmtb_base": base,
                                }
                            )
        if solution == 0:
            raise ValueError(
                f"ratings of {year}: no whole counts with a total in {n_min}–{n_max} fit the shares"
            )
    out = pd.DataFrame(rows)
    return out.astype(
        {"year": ratings["year"].dtype, "rating": ratings["rating"].dtype, "tsvmtb_base": "string"}
    )


def reconcile_flows(restructuring: pd.DataFrame, organisations: pd.DataFrame) -> pd.DataFrame:
    """Rebuild the 2021 totals from the 8-2016 totals and the stated flows.

    TCCSĐ: + new grassroots committees and cells − dissolved ones − merged
    grassroots cells; raising a cell to a committee (13) changes the kind, not
    the number. Cells under grassroots committees: + new − dissolved − merged.

    Returns
    -------
    DataFrame
        entity, before_count, added_count, removed_count, implied_after_count,
        after_count, gap_count (stated − implied).

    """

    def flow(action: str, kind: str) -> int:
        rows = restructuring[(restructuring["action"] == action) & (restructuring["unit_kind"] == kind)]
        return int(rows["count"].sum())

    spec = {
        "tccsd": (
            flow("thanh_lap_moi", "dang_bo_co_so") + flow("thanh_lap_moi", "chi_bo_co_so"),
            flow("giai_the", "dang_bo_co_so")
            + flow("giai_the", "chi_bo_co_so")
            + flow("sap_nhap", "chi_bo_co_so"),
        ),
        "chi_bo_truc_thuoc": (
            flow("thanh_lap_moi", "chi_bo_truc_thuoc"),
            flow("giai_the", "chi_bo_truc_thuoc") + flow("sap_nhap", "chi_bo_truc_thuoc"),
        ),
    }
    rows = []
    for entity, (added, removed) in spec.items():
        stock = organisations[(organisations["entity"] == entity) & (organisations["org_type"] == "tat_ca")]
        before = int(stock.loc[stock["period"] == "2016-08", "count"].iloc[0])
        after = int(stock.loc[stock["period"] == "2021", "count"].iloc[0])
        implied = before + added - removed
        rows.append(
            {
                "entity": entity,
                "before_count": before,
                "added_count": added,
                "removed_count": removed,
                "implied_after_count": implied,
                "after_count": after,
                "gap_count": after - implied,
            }
        )
    return pd.DataFrame(rows).astype({"entity": organisations["entity"].dtype})
