"""Derive the part of the inspection totals that the level breakdown leaves out (II.6).

Section II.6 gives the inspections and supervisions since 8-2016 done by
"cấp ủy, ủy ban kiểm tra các cấp và chi bộ" as a total per target
(organisations, members), split into kiểm tra and giám sát, and then "Trong
đó" by three levels: province, district and grassroots. The three levels do
not add up to the totals; party cells (chi bộ) are in the subject of the
sentence but have no level of their own, so the gap is most likely theirs —
the report does not say so. This module computes the gap once.

``load()`` already checks that kiểm tra and giám sát add up to each total and
that the forms of discipline add up to theirs (audit relations
``parts:inspections:* inspected + supervised`` and ``parts:discipline:*``), so
the splits here do not check it again.
"""

from __future__ import annotations

import re

import pandas as pd

from nq03lib.analysis.frames import one_value, raise_if_any, select
from nq03lib.text import Template

#: The levels itemised in II.6, in display order, and the code for the remainder.
LEVELS = ("cap_tinh", "cap_huyen", "cap_co_so")
GAP = "khong_phan_cap"
TARGETS = ("to_chuc_dang", "dang_vien")
#: The forms of discipline, lightest first.
FORMS = ("khien_trach", "canh_cao", "cach_chuc", "khai_tru")


def compute_level_gap(inspections: pd.DataFrame) -> pd.DataFrame:
    """Return, per target, the stated total, the sum of the three levels and the gap.

    Parameters
    ----------
    inspections : DataFrame
        Table ``inspections`` (one source).

    Returns
    -------
    DataFrame
        target, total_count, levels_sum_count, gap_count (total − levels),
        gap_share_pct (gap as % of the total).

    Raises
    ------
    LookupError
        If a target has no stated total.
    ValueError
        If a target lacks one of the three levels, or its levels add to more
        than its total (then the gap could not be the work of an unlisted level).

    """
    combined = select(inspections, activity="kiem_tra_giam_sat")
    rows = []
    for target in TARGETS:
        total = int(one_value(combined, "inspection_count", target=target, level="tat_ca"))
        levels = select(combined, target=target, level=list(LEVELS))
        levels_sum = int(levels["inspection_count"].sum())
        rows.append(
            {
                "target": target,
                "total_count": total,
                "levels_sum_count": levels_sum,
                "gap_count": total - levels_sum,
                "gap_share_pct": round(100 * (total - levels_sum) / total, 2),
                "levels_found": len(levels),
            }
        )
    out = pd.DataFrame(rows).astype({"target": inspections["target"].dtype})
    raise_if_any(out[out["levels_found"] != len(LEVELS)], f"targets without each of the levels {LEVELS}")
    raise_if_any(out[out["gap_count"] < 0], "levels that add to more than the stated total")
    return out.drop(columns="levels_found")


#: The two relations of II.6's inspection figures that the audit checks, by the end of their id.
AUDIT_CHECKS = {"by level": "level_sum", "inspected + supervised": "activity_sum"}


def tabulate_audit_relations(audit: pd.DataFrame) -> pd.DataFrame:
    """Return the audit's relations of the inspection totals, one row per target and check.

    Parameters
    ----------
    audit : DataFrame
        Output of :func:`nq03lib.audit.audit`.

    Returns
    -------
    DataFrame
        target, relation (``level_sum``: the three levels against the total;
        ``activity_sum``: kiểm tra + giám sát against the total), printed,
        recomputed, difference, verdict, relation_id (to find the row in
        notebook 08).

    Raises
    ------
    ValueError
        If the audit does not have both checks for both targets.

    """
    rows = []
    for target in TARGETS:
        for suffix, relation in AUDIT_CHECKS.items():
            relation_id = f"parts:inspections:{target} {suffix}"
            found = audit[audit["relation_id"] == relation_id]
            if len(found) != 1:
                raise ValueError(f"the audit has {len(found)} rows for {relation_id!r}; expected one")
            row = found.iloc[0]
            rows.append(
                {
                    "target": target,
                    "relation": relation,
                    "printed": row["printed"],
                    "recomputed": row["recomputed"],
                    "difference": row["difference"],
                    "verdict": str(row["verdict"]),
                    "relation_id": relation_id,
                }
            )
    out = pd.DataFrame(rows)
    out["target"] = pd.Categorical(out["target"], categories=list(TARGETS), ordered=True)
    return out.astype({"relation": "string", "verdict": "string", "relation_id": "string"})


def split_by_level(inspections: pd.DataFrame) -> pd.DataFrame:
    """Return the inspections per target and level, with the unitemised gap as a fourth part.

    Returns
    -------
    DataFrame
        target, level (the three levels, then ``khong_phan_cap``),
        inspection_count, share_of_total_pct, printed (False for the gap).
        The parts of each target add to its stated total.

    """
    combined = select(inspections, activity="kiem_tra_giam_sat")
    gap = compute_level_gap(inspections).set_index("target")
    rows = []
    for target in TARGETS:
        for level in LEVELS:
            rows.append(
                (
                    target,
                    level,
                    int(one_value(combined, "inspection_count", target=target, level=level)),
                    True,
                )
            )
        rows.append((target, GAP, int(gap.loc[target, "gap_count"]), False))
    out = pd.DataFrame(rows, columns=["target", "level", "inspection_count", "printed"])
    totals = out["target"].map(gap["total_count"].to_dict())
    out.insert(3, "share_of_total_pct", (100 * out["inspection_count"] / totals).round(2))
    out["target"] = pd.Categorical(out["target"], categories=list(TARGETS), ordered=True)
    out["level"] = pd.Categorical(out["level"], categories=[*LEVELS, GAP], ordered=True)
    return out


def split_by_activity(inspections: pd.DataFrame) -> pd.DataFrame:
    """Return kiểm tra and giám sát per target with their share of the target's stated total.

    Returns
    -------
    DataFrame
        target, activity, inspection_count, location, total_count,
        share_of_total_pct; sorted by target and activity.

    """
    all_levels = select(inspections, level="tat_ca")
    out = select(all_levels, activity=["kiem_tra", "giam_sat"])[
        ["target", "activity", "inspection_count", "location"]
    ].copy()
    totals = {
        t: int(one_value(all_levels, "inspection_count", target=t, activity="kiem_tra_giam_sat"))
        for t in TARGETS
    }
    out["total_count"] = out["target"].astype(str).map(totals).astype("Int64")
    out["share_of_total_pct"] = (100 * out["inspection_count"] / out["total_count"]).astype(float).round(2)
    return out.sort_values(["target", "activity"]).reset_index(drop=True)


def split_discipline(discipline: pd.DataFrame) -> pd.DataFrame:
    """Return the disciplined organisations and members per form with their share of the stated total.

    Returns
    -------
    DataFrame
        target, form, disciplined_count, location, total_count,
        share_of_total_pct; sorted by target and form (lightest form first).

    """
    totals = {t: int(one_value(discipline, "disciplined_count", target=t, form="tat_ca")) for t in TARGETS}
    out = select(discipline, form=list(FORMS))[["target", "form", "disciplined_count", "location"]].copy()
    out["total_count"] = out["target"].astype(str).map(totals).astype("Int64")
    out["share_of_total_pct"] = (100 * out["disciplined_count"] / out["total_count"]).astype(float).round(2)
    return out.sort_values(["target", "form"]).reset_index(drop=True)


def find_sentences(text: str, *needles: str) -> list[str]:
    """Return the sentences of ``text`` that contain any of ``needles`` (case-sensitive), in order."""
    sentences = re.split(r"(?<=[.;])\s+(?=[A-ZÀ-Ỹ])", text)
    return [s for s in sentences if any(n in s for n in needles)]


#: The findings of notebook 07, one template per language (filled by :func:`list_findings`).
FINDINGS = (
    Template(
        vi="Từ 8-2016 đến nay, cấp ủy, ủy ban kiểm tra các cấp và chi bộ đã kiểm tra, giám sát "
        "{org_total:n} lượt tổ chức đảng và {member_total:n} đảng viên; kiểm tra chiếm {org_inspected:pct1} "
        "số lượt với tổ chức đảng và {member_inspected:pct1} với đảng viên, phần còn lại là giám sát.",
        en="Since Aug 2016, party committees, inspection commissions at all levels and party cells have "
        "inspected or supervised party organisations {org_total:n} times and {member_total:n} party members; "
        "inspection makes up {org_inspected:pct1} of the work on organisations and {member_inspected:pct1} "
        "of the work on members, the rest is supervision.",
    ),
    Template(
        vi="Ba cấp được nêu (tỉnh, huyện, cơ sở) cộng lại được {org_levels:n} lượt tổ chức đảng "
        "({org_gap:n} lượt, tức {org_gap_share:pct}, không phân theo cấp) và {member_levels:n} lượt đảng viên "
        "({member_gap:n}, tức {member_gap_share:pct}, không phân theo cấp).",
        en="The three levels itemised (province, district, grassroots) add up to {org_levels:n} for "
        "organisations ({org_gap:n}, or {org_gap_share:pct}, not attributed to a level) and {member_levels:n} "
        "for members ({member_gap:n}, or {member_gap_share:pct}, not attributed to a level).",
    ),
    Template(
        vi="Đã thi hành kỷ luật {org_disciplined:n} tổ chức đảng ({org_reprimanded:pct1} là khiển trách) và "
        "{member_disciplined:n} đảng viên ({member_reprimanded:pct1} là khiển trách; {expelled:n} khai trừ, "
        "{dismissed:n} cách chức).",
        en="{org_disciplined:n} party organisations were disciplined ({org_reprimanded:pct1} of them "
        "reprimanded) and {member_disciplined:n} party members ({member_reprimanded:pct1} reprimanded, "
        "{expelled:n} expelled, {dismissed:n} dismissed from their posts).",
    ),
)


def list_findings(tables: dict[str, pd.DataFrame], lang: str = "vi") -> list[str]:
    """Return the findings of notebook 07 in ``lang``, computed from the tables of one source.

    Parameters
    ----------
    tables : dict
        Table name → frame, with at least ``inspections`` and ``discipline``
        (e.g. :func:`nq03lib.charts.registry.frames`).
    lang : {"vi", "en"}

    Returns
    -------
    list of str
        One sentence per finding (see :data:`FINDINGS`).

    """
    gap = compute_level_gap(tables["inspections"]).set_index("target")
    activity = split_by_activity(tables["inspections"]).set_index(["target", "activity"])
    forms = split_discipline(tables["discipline"]).set_index(["target", "form"])
    values = {
        "org_total": gap.loc["to_chuc_dang", "total_count"],
        "member_total": gap.loc["dang_vien", "total_count"],
        "org_inspected": activity.loc[("to_chuc_dang", "kiem_tra"), "share_of_total_pct"],
        "member_inspected": activity.loc[("dang_vien", "kiem_tra"), "share_of_total_pct"],
        "org_levels": gap.loc["to_chuc_dang", "levels_sum_count"],
        "org_gap": gap.loc["to_chuc_dang", "gap_count"],
        "org_gap_share": gap.loc["to_chuc_dang", "gap_share_pct"],
        "member_levels": gap.loc["dang_vien", "levels_sum_count"],
        "member_gap": gap.loc["dang_vien", "gap_count"],
        "member_gap_share": gap.loc["dang_vien", "gap_share_pct"],
        "org_disciplined": forms.loc[("to_chuc_dang", "khien_trach"), "total_count"],
        "org_reprimanded": forms.loc[("to_chuc_dang", "khien_trach"), "share_of_total_pct"],
        "member_disciplined": forms.loc[("dang_vien", "khien_trach"), "total_count"],
        "member_reprimanded": forms.loc[("dang_vien", "khien_trach"), "share_of_total_pct"],
        "expelled": forms.loc[("dang_vien", "khai_tru"), "disciplined_count"],
        "dismissed": forms.loc[("dang_vien", "cach_chuc"), "disciplined_count"],
    }
    return [t.format(lang, **{k: v for k, v in values.items() if k in t.fields}) for t in FINDINGS]
