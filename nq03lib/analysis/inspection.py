"""Derive the part of the inspection totals that the level breakdown leaves out (II.6).

Section II.6 gives the inspections and supervisions since 8-2016 done by
"cấp ủy, ủy ban kiểm tra các cấp và chi bộ" as a total per target
(organisations, members), split into kiểm tra and giám sát, and then "Trong
đó" by three levels: province, district and grassroots. The three levels do
not add up to the totals; party cells (chi bộ) are in the subject of the
sentence but have no level of their own, so the gap is most likely theirs —
the report does not say so. This module computes the gap once.
"""

from __future__ import annotations

import re

import pandas as pd

from nq03lib.analysis.frames import raise_if_any

#: The levels itemised in II.6, in display order, and the code for the remainder.
LEVELS = ("cap_tinh", "cap_huyen", "cap_co_so")
GAP = "khong_phan_cap"
TARGETS = ("to_chuc_dang", "dang_vien")


def _combined(inspections: pd.DataFrame) -> pd.DataFrame:
    return inspections[inspections["activity"] == "kiem_tra_giam_sat"]


def compute_level_gap(inspections: pd.DataFrame) -> pd.DataFrame:
    """Return, per target, the stated total, the sum of the three levels and the gap.

    Parameters
    ----------
    inspections : DataFrame
        Table ``inspections``.

    Returns
    -------
    DataFrame
        target, total_count, levels_sum_count, gap_count (total − levels),
        gap_share_pct (gap as % of the total), level_count (levels summed).

    Raises
    ------
    ValueError
        If a target lacks its total or a level, or the levels exceed the total
        (then the gap could not be work of an unlisted level).

    """
    rows = []
    comb = _combined(inspections)
    for target in TARGETS:
        part = comb[comb["target"] == target]
        total = part.loc[part["level"] == "tat_ca", "inspection_count"]
        levels = part[part["level"].isin(LEVELS)]
        if len(total) != 1 or set(levels["level"].astype(str)) != set(LEVELS):
            raise ValueError(
                f"inspections of {target}: need one total and the levels {LEVELS}:\n{part.to_string()}"
            )
        total_count = int(total.iloc[0])
        levels_sum = int(levels["inspection_count"].sum())
        rows.append(
            {
                "target": target,
                "total_count": total_count,
                "levels_sum_count": levels_sum,
                "gap_count": total_count - levels_sum,
                "gap_share_pct": round(100 * (total_count - levels_sum) / total_count, 2),
                "level_count": len(levels),
            }
        )
    out = pd.DataFrame(rows).astype({"target": inspections["target"].dtype})
    raise_if_any(out[out["gap_count"] < 0], "levels that add to more than the stated total")
    return out


def split_by_level(inspections: pd.DataFrame) -> pd.DataFrame:
    """Return the inspections per target and level, with the unitemised gap as a fourth part.

    Returns
    -------
    DataFrame
        target, level (the three levels, then ``khong_phan_cap``),
        inspection_count, share_of_total_pct, printed (False for the gap).
        The parts of each target add to its stated total.

    """
    comb = _combined(inspections)
    gap = compute_level_gap(inspections).set_index("target")
    rows = []
    for target in TARGETS:
        for level in LEVELS:
            count = int(
                comb.loc[(comb["target"] == target) & (comb["level"] == level), "inspection_count"].iloc[0]
            )
            rows.append((target, level, count, True))
        rows.append((target, GAP, int(gap.loc[target, "gap_count"]), False))
    out = pd.DataFrame(rows, columns=["target", "level", "inspection_count", "printed"])
    totals = out["target"].map(gap["total_count"].to_dict())
    out.insert(3, "share_of_total_pct", (100 * out["inspection_count"] / totals).round(2))
    sums = out.groupby("target")["inspection_count"].sum()
    raise_if_any(
        (sums - gap["total_count"].rename(None).reindex(sums.index))
        .loc[lambda d: d != 0]
        .to_frame("difference"),
        "parts that do not add to the stated total",
    )
    out["target"] = pd.Categorical(out["target"], categories=list(TARGETS), ordered=True)
    out["level"] = pd.Categorical(out["level"], categories=[*LEVELS, GAP], ordered=True)
    return out


def split_by_activity(inspections: pd.DataFrame) -> pd.DataFrame:
    """Return kiểm tra and giám sát per target with their share of the target's total.

    Raises
    ------
    ValueError
        If the two activities do not add to the stated total.

    """
    all_levels = inspections[inspections["level"] == "tat_ca"]
    parts = all_levels[all_levels["activity"].isin(["kiem_tra", "giam_sat"])]
    totals = all_levels[all_levels["activity"] == "kiem_tra_giam_sat"].set_index("target")["inspection_count"]
    out = parts[["target", "activity", "inspection_count", "location"]].copy()
    out["total_count"] = out["target"].map(lambda t: int(totals[t])).astype("Int64")
    out["share_of_total_pct"] = (100 * out["inspection_count"] / out["total_count"]).astype(float).round(2)
    sums = out.groupby("target", observed=True)["inspection_count"].sum()
    bad = sums[sums != totals.reindex(sums.index)]
    raise_if_any(bad.to_frame("sum"), "kiểm tra + giám sát differ from the total")
    return out.sort_values(["target", "activity"]).reset_index(drop=True)


def split_discipline(discipline: pd.DataFrame) -> pd.DataFrame:
    """Return the disciplined organisations and members per form with their share of the total.

    Raises
    ------
    ValueError
        If the forms do not add to the stated total of a target.

    """
    totals = discipline[discipline["form"] == "tat_ca"].set_index("target")["disciplined_count"]
    out = discipline[discipline["form"] != "tat_ca"][
        ["target", "form", "disciplined_count", "location"]
    ].copy()
    out["total_count"] = out["target"].map(lambda t: int(totals[t])).astype("Int64")
    out["share_of_total_pct"] = (100 * out["disciplined_count"] / out["total_count"]).astype(float).round(2)
    sums = out.groupby("target", observed=True)["disciplined_count"].sum()
    bad = sums[sums != totals.reindex(sums.index)]
    raise_if_any(bad.to_frame("sum"), "forms of discipline differ from the total")
    return out.sort_values(["target", "form"]).reset_index(drop=True)


def find_sentences(text: str, *needles: str) -> list[str]:
    """Return the sentences of ``text`` that contain any of ``needles`` (case-sensitive), in order."""
    sentences = re.split(r"(?<=[.;])\s+(?=[A-ZÀ-Ỹ])", text)
    return [s for s in sentences if any(n in s for n in needles)]
