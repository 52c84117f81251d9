"""Derive the organisation stocks and restructuring bridges of section II.2, II.5 and fn14.

Section II.2 prints the stock of grassroots party organisations (TCCSĐ) and of
cells under grassroots committees in 8-2016 and in 2021, and the flows in
between (new, dissolved, merged). fn14 prints the villages left (756) and the
net reduction (118), not the number before, and no date: the number before
belongs to the reorganisation of villages (II.5), not to 8-2016. II.3 gives 2.276 cells as the
denominator of thematic meetings, which implies how many cells are
grassroots cells (chi bộ cơ sở) rather than cells under a committee.

Every function takes tables as loaded by :func:`nq03lib.load`, returns a tidy
DataFrame and raises ``ValueError`` with the wrong rows when its own check
fails. The flow reconciliation itself is :func:`nq03lib.derive.reconcile_flows`;
:func:`build_bridge` lays it out step by step and checks it agrees.
"""

from __future__ import annotations

import pandas as pd

from nq03lib.analysis.derive import reconcile_flows
from nq03lib.analysis.frames import raise_if_any

#: Entities that have a restructuring bridge, in display order.
BRIDGE_ENTITIES = ("tccsd", "chi_bo_truc_thuoc")
#: Kinds of unit whose flows make each step of a bridge.
BRIDGE_KINDS = {
    "tccsd": ("dang_bo_co_so", "chi_bo_co_so"),
    "chi_bo_truc_thuoc": ("chi_bo_truc_thuoc",),
}
#: Sign of each flow in a bridge.
FLOW_SIGNS = {"thanh_lap_moi": 1, "giai_the": -1, "sap_nhap": -1}
#: Period code of the villages before the reorganisation (fn14 gives no date).
BEFORE_REORGANISATION = "truoc_sap_xep_thon"
#: Kinds of unit shown in the flows by kind (``tat_ca`` and villages excluded).
FLOW_KINDS = ("dang_bo_co_so", "chi_bo_co_so", "chi_bo_truc_thuoc", "nang_chi_bo_thanh_dang_bo")


def _stock(organisations: pd.DataFrame, entity: str, period: str) -> int:
    rows = organisations[
        (organisations["entity"] == entity)
        & (organisations["org_type"] == "tat_ca")
        & (organisations["period"] == period)
    ]
    if len(rows) != 1:
        raise ValueError(f"expected one all-types stock of {entity} in {period}, found {len(rows)}")
    return int(rows["count"].iloc[0])


def _flow(restructuring: pd.DataFrame, action: str, kind: str) -> int:
    rows = restructuring[(restructuring["action"] == action) & (restructuring["unit_kind"] == kind)]
    return int(rows["count"].sum())


def build_bridge(restructuring: pd.DataFrame, organisations: pd.DataFrame, entity: str) -> pd.DataFrame:
    """Lay out the change of one stock since 8-2016 as bridge steps.

    Steps: the 8-2016 stock, new units, dissolved units, merged units, the
    2021 total these flows imply, and the 2021 total the report states.
    Raising a cell to a committee changes the kind of a TCCSĐ, not their
    number, so it is not a step.

    Parameters
    ----------
    restructuring, organisations : DataFrame
        Tables ``restructuring`` and ``organisations``.
    entity : {"tccsd", "chi_bo_truc_thuoc"}

    Returns
    -------
    DataFrame
        step (start, thanh_lap_moi, giai_the, sap_nhap, implied_end,
        stated_end), kind (``total`` or ``flow``), delta_count (signed flow
        or total), level_count (running level after the step), and
        parts (the unit kinds and counts a flow adds up, e.g.
        ``dang_bo_co_so=7;chi_bo_co_so=42``).

    Raises
    ------
    ValueError
        If the implied total disagrees with :func:`nq03lib.derive.reconcile_flows`.

    """
    if entity not in BRIDGE_KINDS:
        raise ValueError(f"entity must be one of {BRIDGE_ENTITIES}, got {entity!r}")
    start = _stock(organisations, entity, "2016-08")
    rows = [{"step": "start", "kind": "total", "delta_count": start, "level_count": start, "parts": ""}]
    level = start
    for action, sign in FLOW_SIGNS.items():
        counts = {k: _flow(restructuring, action, k) for k in BRIDGE_KINDS[entity]}
        delta = sign * sum(counts.values())
        level += delta
        parts = ";".join(f"{k}={v}" for k, v in counts.items() if v)
        rows.append(
            {"step": action, "kind": "flow", "delta_count": delta, "level_count": level, "parts": parts}
        )
    rows.append(
        {"step": "implied_end", "kind": "total", "delta_count": level, "level_count": level, "parts": ""}
    )
    stated = _stock(organisations, entity, "2021")
    rows.append(
        {"step": "stated_end", "kind": "total", "delta_count": stated, "level_count": stated, "parts": ""}
    )
    out = pd.DataFrame(rows)
    check = reconcile_flows(restructuring, organisations).set_index("entity")
    expected = int(check.loc[entity, "implied_after_count"])
    raise_if_any(
        out[(out["step"] == "implied_end") & (out["level_count"] != expected)],
        f"bridge of {entity} ends at a total other than reconcile_flows' {expected}",
    )
    out["entity"] = entity
    out["gap_count"] = stated - level
    return out[["entity", "step", "kind", "delta_count", "level_count", "parts", "gap_count"]].astype(
        {"entity": "string", "step": "string", "kind": "string", "parts": "string", "delta_count": "int64"}
    )


def imply_villages_before(organisations: pd.DataFrame, restructuring: pd.DataFrame) -> pd.DataFrame:
    """Return the villages before the reorganisation implied by "còn 756, giảm 118" (fn14).

    fn14 gives no date. It is attached to II.5, which says the districts have
    finished reorganising their villages, so the number before is dated only
    as "before the reorganisation" (``truoc_sap_xep_thon``), never 8-2016:
    :func:`nq03lib.village.fit_village_counts` shows that it is a whole-number
    base of the 9-2019 shares, not of the 8-2016 ones.

    Returns
    -------
    DataFrame
        One row per date: period (``truoc_sap_xep_thon`` for before, ``2021``
        after), village_count, source (``implied`` or ``printed``),
        change_count and change_pct (the reduction as a percentage of the
        implied number before).

    """
    after = _stock(organisations, "thon", "2021")
    cut = restructuring[(restructuring["action"] == "giam") & (restructuring["unit_kind"] == "thon")]
    if len(cut) != 1:
        raise ValueError(f"expected one row of villages reduced, found {len(cut)}")
    reduced = int(cut["count"].iloc[0])
    before = after + reduced
    out = pd.DataFrame(
        {
            "period": [BEFORE_REORGANISATION, "2021"],
            "village_count": [before, after],
            "source": ["implied", "printed"],
            "change_count": [pd.NA, -reduced],
            "change_pct": [pd.NA, round(-100 * reduced / before, 2)],
        }
    ).astype({"period": "string", "source": "string", "change_count": "Int64", "change_pct": "Float64"})
    raise_if_any(out[out["village_count"] <= 0], "villages must be positive")
    raise_if_any(
        out[out["village_count"].diff().fillna(-reduced) != -reduced], "before − reduction must equal after"
    )
    return out


def compare_stocks(
    organisations: pd.DataFrame, restructuring: pd.DataFrame, stated_changes: pd.DataFrame
) -> pd.DataFrame:
    """Return the TCCSĐ, cells under committees and villages before and in 2021 with their change.

    The 8-2016 TCCSĐ and cells are printed; the villages before the
    reorganisation are implied and undated (:func:`imply_villages_before`),
    so their "before" row has period ``truoc_sap_xep_thon``, not 8-2016.
    ``change_pct`` is recomputed as (after − before) / before;
    ``stated_change_pct`` is the printed "giảm x%" (negative), where the
    report gives one.

    Returns
    -------
    DataFrame
        entity, period, count, source, change_pct, stated_change_pct.

    """
    rows = []
    for entity in ("tccsd", "chi_bo_truc_thuoc"):
        for period in ("2016-08", "2021"):
            rows.append(
                {
                    "entity": entity,
                    "period": period,
                    "count": _stock(organisations, entity, period),
                    "source": "printed",
                }
            )
    villages = imply_villages_before(organisations, restructuring)
    for _, v in villages.iterrows():
        rows.append(
            {"entity": "thon", "period": v["period"], "count": v["village_count"], "source": v["source"]}
        )
    out = pd.DataFrame(rows)
    before = out[out["period"] != "2021"].set_index("entity")["count"]
    out["change_pct"] = [
        round(100 * (c - before[e]) / before[e], 2) if p == "2021" else float("nan")
        for e, p, c in zip(out["entity"], out["period"], out["count"])
    ]
    stated = stated_changes[(stated_changes["statement"] == "giam") & (stated_changes["area"] == "toan_tinh")]
    stated_by_entity = {
        str(ind).removesuffix("_count"): -float(v) for ind, v in zip(stated["indicator"], stated["value_pct"])
    }
    out["stated_change_pct"] = [
        stated_by_entity.get(e, float("nan")) if p == "2021" else float("nan")
        for e, p in zip(out["entity"], out["period"])
    ]
    out = out.astype({"entity": "string", "period": "string", "source": "string", "count": "int64"})
    gap = (out["change_pct"] - out["stated_change_pct"]).abs()
    raise_if_any(out[gap > 0.005], "recomputed change differs from the stated one beyond rounding")
    return out


def imply_cells_2021(rates: pd.DataFrame, organisations: pd.DataFrame) -> pd.DataFrame:
    """Split the 2021 cells and TCCSĐ using the thematic-meeting denominator (II.3).

    Assumes the 2.276 cells of the thematic-meeting rate are every party cell:
    grassroots cells (each a TCCSĐ) plus cells under grassroots committees.
    Then grassroots cells = 2.276 − 1.810 and grassroots committees = 665 −
    grassroots cells. The report does not say so: treat both as derived, with
    that caveat.

    Returns
    -------
    DataFrame
        whole (``all_cells`` or ``tccsd``), part (``chi_bo_co_so``,
        ``chi_bo_truc_thuoc``, ``dang_bo_co_so``), count, source
        (``printed`` or ``implied``), whole_count.

    """
    meet = rates[
        (rates["indicator"] == "chi_bo_sinh_hoat_chuyen_de")
        & (rates["area"] == "toan_tinh")
        & (rates["period"] == "2021")
    ]
    if len(meet) != 1 or pd.isna(meet["denominator_count"].iloc[0]):
        raise ValueError("no 2021 denominator of the thematic-meeting rate")
    all_cells = int(meet["denominator_count"].iloc[0])
    under = _stock(organisations, "chi_bo_truc_thuoc", "2021")
    tccsd = _stock(organisations, "tccsd", "2021")
    grassroots_cells = all_cells - under
    committees = tccsd - grassroots_cells
    out = pd.DataFrame(
        [
            {"whole": "all_cells", "part": "chi_bo_co_so", "count": grassroots_cells, "source": "implied"},
            {"whole": "all_cells", "part": "chi_bo_truc_thuoc", "count": under, "source": "printed"},
            {"whole": "tccsd", "part": "chi_bo_co_so", "count": grassroots_cells, "source": "implied"},
            {"whole": "tccsd", "part": "dang_bo_co_so", "count": committees, "source": "implied"},
        ]
    )
    out["whole_count"] = out["whole"].map({"all_cells": all_cells, "tccsd": tccsd})
    raise_if_any(
        out[(out["count"] < 0) | (out["count"] > out["whole_count"])], "implied part outside its whole"
    )
    sums = out.groupby("whole")["count"].sum()
    wholes = out.groupby("whole")["whole_count"].first()
    raise_if_any(out[out["whole"].map(sums) != out["whole"].map(wholes)], "parts do not add to the whole")
    return out.astype({"whole": "string", "part": "string", "source": "string", "count": "int64"})


def list_flows_by_kind(restructuring: pd.DataFrame) -> pd.DataFrame:
    """Return the flows since 8-2016 per kind of unit and action, with the net change per kind.

    Each action's parts must add to its printed all-organisations total
    (232 new = 13 raised + 7 + 42 + 170, …); raising a cell to a committee is
    counted in "new" by the report.

    Returns
    -------
    DataFrame
        unit_kind, action, count, signed_count (dissolved and merged
        negative), action_total_count (printed all-organisation total).

    """
    parts = restructuring[restructuring["unit_kind"].isin(FLOW_KINDS)].copy()
    parts["action"] = parts["action"].astype(str)
    top = restructuring[restructuring["unit_kind"] == "tat_ca"]
    totals = dict(zip(top["action"].astype(str), top["count"].astype(int)))
    sums = parts.groupby("action")["count"].sum()
    check = pd.DataFrame({"parts": sums, "printed": pd.Series(totals)}).dropna()
    raise_if_any(check[check["parts"] != check["printed"]], "flows by kind do not add to the printed totals")
    parts["signed_count"] = [FLOW_SIGNS[a] * int(c) for a, c in zip(parts["action"], parts["count"])]
    parts["action_total_count"] = parts["action"].map(totals).astype("Int64")
    parts["unit_kind"] = pd.Categorical(
        parts["unit_kind"].astype(str), categories=list(FLOW_KINDS), ordered=True
    )
    parts["action"] = pd.Categorical(parts["action"], categories=list(FLOW_SIGNS), ordered=True)
    parts = parts.sort_values(["unit_kind", "action"])
    cols = ["unit_kind", "action", "count", "signed_count", "action_total_count"]
    return parts[cols].astype({"count": "int64", "signed_count": "int64"}).reset_index(drop=True)
