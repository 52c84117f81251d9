"""Derive the organisation stocks and restructuring bridges of section II.2, II.5 and fn14.

Section II.2 prints the stock of grassroots party organisations (TCCSĐ) and of
cells under grassroots committees in 8-2016 and in 2021, and the flows in
between (new, dissolved, merged). fn14 prints the villages left (756) and the
net reduction (118), not the number before, and no date: the number before
belongs to the reorganisation of villages (II.5), not to 8-2016. II.3 gives 2.276 cells as the
denominator of thematic meetings, which implies how many cells are
grassroots cells (chi bộ cơ sở) rather than cells under a committee.

Every function takes tables as loaded by :func:`nq03lib.load` (or the frames of
one source, :func:`nq03lib.charts.registry.frames`), returns a tidy DataFrame
and raises ``ValueError`` with the wrong rows when its own result fails its
check. What loading already guarantees is not checked again: the parts of each
flow add to its printed total, and the stated "giảm x%" of both stocks agrees
with their counts (both are relations of :func:`nq03lib.audit`). The flow
reconciliation itself is :func:`nq03lib.analysis.derive.reconcile_flows`;
:func:`build_bridge` lays it out step by step and checks it agrees.
:func:`list_findings` writes the notebook's findings in either language.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from nq03lib.analysis.derive import reconcile_flows
from nq03lib.analysis.frames import one_row, one_value, raise_if_any, select
from nq03lib.data.schema import CATEGORIES
from nq03lib.text import LANGS, Template, check_lang, pick

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
    return int(one_value(organisations, "count", entity=entity, org_type="tat_ca", period=period))


def _flow(restructuring: pd.DataFrame, action: str, kind: str) -> int:
    return int(select(restructuring, action=action, unit_kind=kind)["count"].sum())


def count_by_type(organisations: pd.DataFrame) -> pd.DataFrame:
    """Return the 2021 TCCSĐ of each type with its printed share, largest first.

    Returns
    -------
    DataFrame
        org_type, count, share_pct (as printed), location.

    Raises
    ------
    ValueError
        If a type has no count or no printed share.

    """
    rows = select(organisations, period="2021", entity="tccsd")
    rows = rows[rows["org_type"] != "tat_ca"]
    out = rows[["org_type", "count", "share_pct", "location"]].sort_values("count", ascending=False)
    raise_if_any(
        out[out["count"].isna() | out["share_pct"].isna()], "types of TCCSĐ without a count or share"
    )
    if out.empty:
        raise ValueError("organisations: no 2021 TCCSĐ by type")
    return out.reset_index(drop=True)


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
        If the implied total disagrees with :func:`nq03lib.analysis.derive.reconcile_flows`.

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
    :func:`nq03lib.analysis.village.fit_village_counts` shows that it is a
    whole-number base of the 9-2019 shares, not of the 8-2016 ones.

    Returns
    -------
    DataFrame
        One row per date: period (``truoc_sap_xep_thon`` for before, ``2021``
        after), village_count, source (``implied`` or ``printed``),
        change_count and change_pct (the reduction as a percentage of the
        implied number before).

    Raises
    ------
    LookupError
        If ``restructuring`` has no single row of villages reduced.
    ValueError
        If the implied number before is not positive.

    """
    after = _stock(organisations, "thon", "2021")
    reduced = int(one_value(restructuring, "count", action="giam", unit_kind="thon"))
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
    return out


def compare_stocks(
    organisations: pd.DataFrame, restructuring: pd.DataFrame, stated_changes: pd.DataFrame
) -> pd.DataFrame:
    """Return the TCCSĐ, cells under committees and villages before and in 2021 with their change.

    The 8-2016 TCCSĐ and cells are printed; the villages before the
    reorganisation are implied and undated (:func:`imply_villages_before`),
    so their "before" row has period ``truoc_sap_xep_thon``, not 8-2016.
    ``change_pct`` is recomputed as (after − before) / before, rounded to two
    decimals; ``stated_change_pct`` is the printed "giảm x%" (negative), where
    the report gives one. That the two agree is a relation of the audit
    (``change:stated_changes:*``), checked when the tables are loaded together.

    Returns
    -------
    DataFrame
        entity, period, count, source, change_pct, stated_change_pct.

    Raises
    ------
    ValueError
        If a stock is not positive.

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
    raise_if_any(out[out["count"] <= 0], "stocks must be positive to compute their change")
    before = out[out["period"] != "2021"].set_index("entity")["count"]
    out["change_pct"] = [
        round(100 * (c - before[e]) / before[e], 2) if p == "2021" else float("nan")
        for e, p, c in zip(out["entity"], out["period"], out["count"])
    ]
    stated = select(stated_changes, statement="giam", area="toan_tinh")
    stated_by_entity = {
        str(ind).removesuffix("_count"): -float(v) for ind, v in zip(stated["indicator"], stated["value_pct"])
    }
    out["stated_change_pct"] = [
        stated_by_entity.get(e, float("nan")) if p == "2021" else float("nan")
        for e, p in zip(out["entity"], out["period"])
    ]
    out = out.astype({"entity": "string", "period": "string", "source": "string", "count": "int64"})
    return out


def compute_stock_change(organisations: pd.DataFrame, entity: str) -> float:
    """Return the change of a printed stock from 8-2016 to 2021, in % of 8-2016 (not rounded).

    The report's "giảm x%" for TCCSĐ and cells under committees (II.2) is
    its negative; :func:`compare_stocks` shows it rounded to two decimals.
    """
    before, after = _stock(organisations, entity, "2016-08"), _stock(organisations, entity, "2021")
    return 100 * (after - before) / before


def count_implied_cells(rates: pd.DataFrame, organisations: pd.DataFrame) -> dict[str, int]:
    """Return the 2021 cells and TCCSĐ, with the grassroots cells and committees they imply.

    Assumes, as :func:`imply_cells_2021` explains, that the 2.276 cells of the
    thematic-meeting rate (II.3) are every party cell. Nothing is checked
    here: the audit tests the implied counts against their wholes.

    Returns
    -------
    dict
        all_cells, chi_bo_truc_thuoc, tccsd (printed), chi_bo_co_so
        (all_cells − chi_bo_truc_thuoc) and dang_bo_co_so (tccsd − chi_bo_co_so).

    Raises
    ------
    ValueError
        If the thematic-meeting rate has no denominator.

    """
    meet = one_row(rates, indicator="chi_bo_sinh_hoat_chuyen_de", area="toan_tinh", period="2021")
    if pd.isna(meet["denominator_count"]):
        raise ValueError("no 2021 denominator of the thematic-meeting rate")
    all_cells = int(meet["denominator_count"])
    under = _stock(organisations, "chi_bo_truc_thuoc", "2021")
    tccsd = _stock(organisations, "tccsd", "2021")
    return {
        "all_cells": all_cells,
        "chi_bo_truc_thuoc": under,
        "tccsd": tccsd,
        "chi_bo_co_so": all_cells - under,
        "dang_bo_co_so": tccsd - (all_cells - under),
    }


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

    Raises
    ------
    ValueError
        If the rate has no denominator, or an implied part falls outside its
        whole or the parts do not add to it.

    """
    cells = count_implied_cells(rates, organisations)
    all_cells, under, tccsd = cells["all_cells"], cells["chi_bo_truc_thuoc"], cells["tccsd"]
    grassroots_cells, committees = cells["chi_bo_co_so"], cells["dang_bo_co_so"]
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
    """Return the flows since 8-2016 per kind of unit and action, with the printed total of each action.

    The report counts raising a cell to a committee in "new" (232 new = 13
    raised + 7 + 42 + 170, …); that each action's parts add to its printed
    all-organisations total is checked when ``restructuring`` is loaded.

    Returns
    -------
    DataFrame
        unit_kind, action, count, signed_count (dissolved and merged
        negative), action_total_count (printed all-organisation total).

    Raises
    ------
    ValueError
        If a flow's action has no printed all-organisation total.

    """
    parts = restructuring[restructuring["unit_kind"].isin(FLOW_KINDS)].copy()
    parts["action"] = parts["action"].astype(str)
    top = select(restructuring, unit_kind="tat_ca")
    totals = dict(zip(top["action"].astype(str), top["count"].astype(int)))
    parts["signed_count"] = [FLOW_SIGNS[a] * int(c) for a, c in zip(parts["action"], parts["count"])]
    parts["action_total_count"] = parts["action"].map(totals).astype("Int64")
    raise_if_any(parts[parts["action_total_count"].isna()], "flows whose action has no printed total")
    parts["unit_kind"] = pd.Categorical(
        parts["unit_kind"].astype(str), categories=list(FLOW_KINDS), ordered=True
    )
    parts["action"] = pd.Categorical(parts["action"], categories=list(FLOW_SIGNS), ordered=True)
    parts = parts.sort_values(["unit_kind", "action"])
    cols = ["unit_kind", "action", "count", "signed_count", "action_total_count"]
    return parts[cols].astype({"count": "int64", "signed_count": "int64"}).reset_index(drop=True)


# --- findings ---------------------------------------------------------------------------------

#: The sentences of notebook 04's findings, one template per language.
FINDINGS = {
    "by_type": Template(
        vi="Năm 2021 toàn Đảng bộ tỉnh có {total:n} TCCSĐ; đông nhất là loại hình {top} ({share:pct}).",
        en="{total:n} grassroots party organisations (TCCSĐ) in 2021; the largest type is {top} ({share:pct}).",
    ),
    "stocks": Template(
        vi="TCCSĐ: {tccsd_before:n} (8-2016) → {tccsd_after:n} (2021), {tccsd_change:+pct}; chi bộ trực "
        "thuộc đảng ủy cơ sở: {cells_before:n} → {cells_after:n}, {cells_change:+pct}; {as_stated}.",
        en="TCCSĐ {tccsd_before:n} (Aug 2016) → {tccsd_after:n} (2021), {tccsd_change:+pct}; cells under "
        "grassroots committees {cells_before:n} → {cells_after:n}, {cells_change:+pct}; {as_stated}.",
    ),
    "villages": Template(
        vi="Thôn, tổ dân phố: {before:n} trước sắp xếp (suy ra từ chú thích 14, không ghi thời điểm) → "
        "{after:n} ({change:+pct}). Xét theo số nguyên thôn: các tỉ lệ thời điểm {fitting} ứng đúng với một số "
        "nguyên thôn trên {before:n} thôn, các tỉ lệ thời điểm {other} thì không.",
        en="Villages: {before:n} before the reorganisation (implied from footnote 14, which gives no date) → "
        "{after:n} ({change:+pct}). As whole numbers of villages, the shares of {fitting} are whole numbers of "
        "the {before:n} villages, those of {other} are not.",
    ),
    "flows": Template(
        vi="{entity}: theo cách tính của nhóm phân tích, số năm 2021 suy ra từ các biến động là {implied:n}, "
        "báo cáo nêu {stated:n} (chênh lệch {gap:+n}; báo cáo không nêu phép cộng này).",
        en="{entity}: our model of the flows implies {implied:n} in 2021, the report states {stated:n} "
        "(gap {gap:+n}; the report states no such sum).",
    ),
    "cells": Template(
        vi="Nếu mẫu số sinh hoạt chuyên đề (mục II.3) gồm mọi chi bộ: {cells:n} chi bộ cơ sở và "
        "{committees:n} đảng bộ cơ sở (số suy ra).",
        en="If the thematic-meeting denominator (section II.3) counts every cell: {cells:n} grassroots cells "
        "and {committees:n} grassroots committees (derived).",
    ),
}
#: Whether the recomputed changes of both stocks are the printed "giảm x%" (within rounding).
AS_STATED = {
    True: ("đúng như mức giảm báo cáo nêu", "as stated"),
    False: ("khác mức giảm báo cáo nêu", "unlike the stated decrease"),
}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _period_list(codes: list[str]) -> tuple[str, str]:
    """Return the labels of period codes joined, as a pair (vi, en)."""
    return tuple(", ".join(pick(CATEGORIES["period"][c], lang) for c in codes) for lang in LANGS)


def _fill(template: Template, lang: str, values: Mapping[str, object]) -> str:
    """Fill ``template`` in ``lang``, picking the language of values given as pairs ``(vi, en)``."""
    return template.format(
        lang, **{k: pick(v, lang) if isinstance(v, tuple) else v for k, v in values.items()}
    )


def list_findings(frames: Mapping[str, pd.DataFrame], village_fits: pd.DataFrame, lang: str) -> list[str]:
    """Write the findings of notebook 04 in ``lang``, every number computed from the tables.

    Parameters
    ----------
    frames : mapping
        Tables ``organisations``, ``restructuring``, ``stated_changes`` and
        ``rates`` of one source.
    village_fits : DataFrame
        :func:`nq03lib.analysis.village.fit_village_counts` under the
        percentage-point reading: which dates' shares the implied number of
        villages before the reorganisation is a whole-number base of.
    lang : {"vi", "en"}

    Returns
    -------
    list of str
        One sentence per finding, for :func:`nq03lib.display.findings`.

    Raises
    ------
    ValueError
        If no date's shares fit the villages before the reorganisation, or if
        every date's do (the finding would say nothing).

    """
    check_lang(lang)
    org, res = frames["organisations"], frames["restructuring"]
    by_type = count_by_type(org)
    stocks = compare_stocks(org, res, frames["stated_changes"]).set_index(["entity", "period"])
    villages = imply_villages_before(org, res).set_index("period")
    before_fits = village_fits[village_fits["count_period"] == BEFORE_REORGANISATION]
    fitting = sorted(set(before_fits.loc[before_fits["fits"], "reference"].astype(str)))
    other = sorted(set(before_fits.loc[~before_fits["fits"], "reference"].astype(str)) - set(fitting))
    if not fitting or not other:
        raise ValueError(
            f"village fits: expected dates that fit and dates that do not, got {fitting} / {other}"
        )
    after = stocks.xs("2021", level="period")
    stated = after.loc[["tccsd", "chi_bo_truc_thuoc"]]
    as_stated = bool(((stated["change_pct"] - stated["stated_change_pct"]).abs() <= 0.005).all())
    lines = [
        _fill(
            FINDINGS["by_type"],
            lang,
            {
                "total": int(by_type["count"].sum()),
                "top": tuple(
                    _lower_first(t) for t in CATEGORIES["org_type"][str(by_type["org_type"].iloc[0])]
                ),
                "share": float(by_type["share_pct"].iloc[0]),
            },
        ),
        _fill(
            FINDINGS["stocks"],
            lang,
            {
                "tccsd_before": stocks.loc[("tccsd", "2016-08"), "count"],
                "tccsd_after": stocks.loc[("tccsd", "2021"), "count"],
                "tccsd_change": after.loc["tccsd", "change_pct"],
                "cells_before": stocks.loc[("chi_bo_truc_thuoc", "2016-08"), "count"],
                "cells_after": stocks.loc[("chi_bo_truc_thuoc", "2021"), "count"],
                "cells_change": after.loc["chi_bo_truc_thuoc", "change_pct"],
                "as_stated": AS_STATED[as_stated],
            },
        ),
        _fill(
            FINDINGS["villages"],
            lang,
            {
                "before": int(villages.loc[BEFORE_REORGANISATION, "village_count"]),
                "after": int(villages.loc["2021", "village_count"]),
                "change": float(villages.loc["2021", "change_pct"]),
                "fitting": _period_list(fitting),
                "other": _period_list(other),
            },
        ),
    ]
    for _, r in reconcile_flows(res, org).iterrows():
        lines.append(
            _fill(
                FINDINGS["flows"],
                lang,
                {
                    "entity": CATEGORIES["entity"][str(r["entity"])],
                    "implied": int(r["implied_after_count"]),
                    "stated": int(r["after_count"]),
                    "gap": int(r["gap_count"]),
                },
            )
        )
    cells = imply_cells_2021(frames["rates"], org).set_index(["whole", "part"])["count"]
    lines.append(
        _fill(
            FINDINGS["cells"],
            lang,
            {
                "cells": int(cells[("tccsd", "chi_bo_co_so")]),
                "committees": int(cells[("tccsd", "dang_bo_co_so")]),
            },
        )
    )
    return lines
