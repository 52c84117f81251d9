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
from nq03lib.analysis.frames import one_row, one_value, raise_if_any, select
from nq03lib.data.labels import VALUE_LABELS
from nq03lib.data.schema import CATEGORIES
from nq03lib.data.source import printed_decimals
from nq03lib.text import LANGS, Template, format_number, pick, round_half_up

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
    return select(rates, indicator=indicator, area="toan_tinh")


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
        printed = select(_province(rates, code), period="2016-08")
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
    rows = select(_province(rates, HOUSEHOLDS), period=["2016-08", "2021"]).sort_values("period")
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
        ``eligible_growth`` of the counts), measured_pct, stated_pct,
        difference_pp (measured − stated), matches (within 0.01 point).

    """
    h = summarise_households(rates).set_index("period")
    s0, s1 = h.loc["2016-08", "recomputed_share_pct"], h.loc["2021", "recomputed_share_pct"]
    x = float(one_value(stated_changes, "value_pct", indicator=HOUSEHOLDS, statement="tang"))
    values = {
        "pp_change": s1 - s0,
        "relative_change": 100 * (s1 / s0 - 1),
        "assigned_growth": 100 * (h.loc["2021", "assigned_count"] / h.loc["2016-08", "assigned_count"] - 1),
        "eligible_growth": 100 * (h.loc["2021", "eligible_count"] / h.loc["2016-08", "eligible_count"] - 1),
    }
    out = pd.DataFrame({"measure": list(values), "measured_pct": [round(v, 4) for v in values.values()]})
    out["stated_pct"] = x
    out["difference_pp"] = (out["measured_pct"] - x).round(4)
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
    floor = one_value(stated_changes, "value_pct", indicator=RESIDENCE, statement="tu_tro_len")
    years = _province(rates, RESIDENCE)
    if years.empty:
        raise ValueError(f"no yearly rates for {RESIDENCE}")
    out = pd.DataFrame(
        {
            "year": years["period"].astype(str).to_numpy(),
            "share_pct": years["share_pct"].astype(float).to_numpy(),
        }
    ).sort_values("year")
    out["floor_pct"] = float(floor)
    out["margin_pp"] = (out["share_pct"] - out["floor_pct"]).round(4)
    out["meets_floor"] = out["margin_pp"] >= 0
    return out.reset_index(drop=True).astype({"year": "string"})


def summarise_classes(training_classes: pd.DataFrame) -> pd.DataFrame:
    """Return the training classes since 2016 by level with their share of the printed total (fn3).

    That the levels add to the printed total is a relation of the table, checked when it is loaded.
    """
    n = int(one_value(training_classes, "class_count", training_level="tat_ca"))
    levels = [c for c in training_classes["training_level"].cat.categories if c != "tat_ca"]
    out = select(training_classes, training_level=levels)[["training_level", "class_count"]].copy()
    out["total_count"] = n
    out["share_pct"] = (100 * out["class_count"].astype(float) / n).round(2)
    return out.astype({"class_count": "int64"}).reset_index(drop=True)


def summarise_participants(training_participants: pd.DataFrame) -> pd.DataFrame:
    """Return the participants of each programme by kind with their share of the programme (II.2).

    The province-wide (or several-units) rows only; the by-district split of
    the new village secretaries (fn4) is left out here. A programme printed
    without parts keeps its total as its only row. That the parts add to each
    programme's total is a relation of the table, checked when it is loaded.
    """
    tp = select(training_participants, area=["toan_tinh", "nhieu_don_vi"])
    rows = []
    for programme, group in tp.groupby("programme", observed=True):
        total = one_row(group, participant_kind="tat_ca")
        n = int(total["participant_count"])
        parts = group[group["participant_kind"] != "tat_ca"]
        for _, r in (parts if len(parts) else total.to_frame().T).iterrows():
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
    k = int(
        one_value(
            training_participants, "participant_count", programme="hoi_thi_bi_thu", participant_kind="tat_ca"
        )
    )
    held = one_row(rates, indicator="cap_uy_to_chuc_hoi_thi", area="toan_tinh")
    m = int(held["numerator_count"])
    if m <= 0:
        raise ValueError("no committee held the contest")
    return pd.DataFrame(
        {
            "contestant_count": [k],
            "committees_held_count": [m],
            "committees_count": [int(held["denominator_count"])],
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


#: Where the two totals of party members are printed: II.4 (membership) and fn2 (the commitments' base).
MEMBER_TOTALS = ("II.4", "fn2")


def fit_member_shares_to_totals(membership: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """Recompute each printed membership share of II.4 over both member totals the report gives.

    II.4 prints the members in 2021 (29.651 in the report); fn2 prints the
    members who wrote a commitment over a total of members (29.589). A share
    fits a total when its count over that total, rounded to the decimals the
    report printed, gives the printed share back.

    Parameters
    ----------
    membership, rates : DataFrame
        Tables ``membership`` (II.4) and ``rates`` (fn2's commitments).

    Returns
    -------
    DataFrame
        One row per group of the membership table: group, member_count,
        share_pct (printed), share_decimals, fits_total_ii4 (over the II.4
        total), fits_total_fn2 (over the fn2 total). The totals are in
        ``attrs["totals"]`` (location → count).

    """
    totals = {
        "II.4": int(one_value(membership, "member_count", period="2021", dimension="tong")),
        "fn2": int(
            one_value(
                rates,
                "denominator_count",
                indicator="dang_vien_xay_dung_cam_ket",
                area="toan_tinh",
                period="2021",
            )
        ),
    }
    stock = select(membership, period="2021")
    groups = stock[stock["dimension"] != "tong"]
    decimals = [printed_decimals(float(v), q) for v, q in zip(groups["share_pct"], groups["quote"])]
    out = pd.DataFrame(
        {
            "group": groups["group"].to_numpy(),
            "member_count": groups["member_count"].astype(int).to_numpy(),
            "share_pct": groups["share_pct"].astype(float).to_numpy(),
            "share_decimals": decimals,
        }
    )
    for where, column in zip(MEMBER_TOTALS, ("fits_total_ii4", "fits_total_fn2")):
        out[column] = [
            float(round_half_up(100 * c / totals[where], d)) == s
            for c, s, d in zip(out["member_count"], out["share_pct"], out["share_decimals"])
        ]
    raise_if_any(out[out["member_count"] > min(totals.values())], "a group larger than a total of members")
    out.attrs["totals"] = totals
    return out


#: How the documents of fn1 are summed up in a sentence.
DOCUMENTS = Template(
    vi="Tổng cộng {total:n} văn bản được xây dựng để triển khai Nghị quyết ({parts}; chú thích 1).",
    en="{total:n} documents in all were drawn up to implement the resolution ({parts}; footnote 1).",
)


def describe_documents(documents: pd.DataFrame, lang: str = "vi") -> str:
    """Return one sentence in ``lang`` with the documents of every level (fn1) and their sum.

    Parameters
    ----------
    documents : DataFrame
        Table ``documents``.
    lang : {"vi", "en"}

    """
    levels = documents.sort_values("doc_level")
    raise_if_any(levels[levels["document_count"] < 0], "a negative count of documents")
    parts = tuple(
        ", ".join(
            f"{pick(CATEGORIES['doc_level'][str(r.doc_level)], code).lower()} {format_number(r.document_count, code)}"
            for r in levels.itertuples()
        )
        for code in LANGS
    )
    return _fill(DOCUMENTS, lang, {"total": int(levels["document_count"].sum()), "parts": parts})


# --- findings ------------------------------------------------------------------------------

#: The findings of notebook 06, one template per sentence (values from :func:`list_findings`).
FINDINGS = {
    "baseline": Template(
        vi="{indicator}: khoảng {pp:pct} tại thời điểm 8-2016 (suy ra, đọc theo điểm phần trăm; {relative:pct} nếu đọc "
        "tương đối) → {now:pct} năm 2021.",
        en="{indicator}: about {pp:pct} in Aug 2016 (implied, percentage-point reading; {relative:pct} if read "
        "as relative) → {now:pct} in 2021.",
    ),
    "households_pp": Template(
        vi="Đảng viên phụ trách hộ, nhóm hộ: chỉ cách đọc theo điểm phần trăm cho lại đúng mức tăng báo cáo "
        "nêu; số được phân công {assigned_before:n} → {assigned_now:n}, số chưa được phân công "
        "{unassigned_before:n} → {unassigned_now:n}.",
        en="Members assigned to households: only the percentage-point reading gives back the stated change; "
        "assigned {assigned_before:n} → {assigned_now:n}, not assigned {unassigned_before:n} → "
        "{unassigned_now:n}.",
    ),
    "households_other": Template(
        vi="Đảng viên phụ trách hộ, nhóm hộ: các cách đo cho lại đúng mức tăng báo cáo nêu: {matching}; số được "
        "phân công {assigned_before:n} → {assigned_now:n}, số chưa được phân công {unassigned_before:n} → "
        "{unassigned_now:n}.",
        en="Members assigned to households: the measures that give back the stated change: {matching}; "
        "assigned {assigned_before:n} → {assigned_now:n}, not assigned {unassigned_before:n} → "
        "{unassigned_now:n}.",
    ),
    "residence": Template(
        vi="Đảng viên được nơi cư trú đánh giá chấp hành tốt: {verdict} mức sàn {floor:pct0} báo cáo nêu; thấp "
        "nhất {lowest:pct} (năm {year}).",
        en="Members rated well at their place of residence: {verdict} the stated floor of {floor:pct0}; lowest "
        "{lowest:pct} ({year}).",
    ),
    "coverage": Template(
        vi="Chỉ tiêu thấp nhất năm 2021: {indicator} ({share:pct}).",
        en="Lowest indicator in 2021: {indicator} ({share:pct}).",
    ),
    "classes": Template(
        vi="{classes:n} lớp đào tạo, bồi dưỡng; {first} và {second} chiếm {share:pct1}.",
        en="{classes:n} training classes; {first} and {second} make up {share:pct1}.",
    ),
    "contest": Template(
        vi="Hội thi bí thư chi bộ giỏi: {contestants:n} lượt thí sinh ở {committees:n} cấp ủy (bình quân "
        "{per_committee:n1} mỗi cấp ủy); đây là người dự thi, không phải người được đào tạo.",
        en="Best-secretary contest: {contestants:n} entrants in {committees:n} committees ({per_committee:n1} "
        "each on average); entrants, not trainees.",
    ),
    "trained": Template(
        vi="Đào tạo, bồi dưỡng: {trained:n} lượt người ({training:n} + {skills:n}); {secretaries:n} bí thư, phó "
        "bí thư chi bộ thôn mới đã nằm trong tổng này (“Trong đó”).",
        en="Trained: {trained:n} person-times ({training:n} + {skills:n}); the {secretaries:n} new village "
        "(deputy) secretaries are inside that total (“Trong đó”).",
    ),
    "communes": Template(
        vi="Cấp ủy viên phụ trách xã, phường, thị trấn: {communes:n}/{base:n}, mà {base:n} chính là số đã được "
        "phân công trong {assigned:n}/{members:n}; cần làm rõ tỉ lệ này phản ánh điều gì.",
        en="Committee members assigned to communes: {communes:n}/{base:n}, and {base:n} is the number already "
        "assigned in {assigned:n}/{members:n}: what this share measures needs clarifying.",
    ),
    "member_base": Template(
        vi="Các tỉ lệ đảng viên ở mục II.4 tính trên {ii4:n} đảng viên ({fit_ii4:n}/{groups:n} tỉ lệ làm tròn "
        "đúng bằng số in); tính trên {fn2:n} đảng viên của chú thích 2 thì chỉ {fit_fn2:n}/{groups:n} khớp, "
        "nên hai tổng số có gốc khác nhau.",
        en="The membership shares of section II.4 are shares of {ii4:n} members ({fit_ii4:n} of {groups:n} "
        "round to the printed share); over the {fn2:n} of footnote 2, only {fit_fn2:n} of {groups:n} do, so "
        "the two totals have different bases.",
    ),
}

#: How the residence verdict reads, by whether every year meets the floor.
RESIDENCE_VERDICTS = {
    True: ("năm nào cũng đạt", "every year at or above"),
    False: ("có năm chưa đạt", "some years below"),
}
NONE_WORDS = ("không có", "none")


def _fill(template: Template, lang: str, values: dict) -> str:
    """Fill ``template`` in ``lang``, picking the language of ``(vi, en)`` pairs."""
    return template.format(
        lang, **{k: pick(v, lang) if isinstance(v, tuple) else v for k, v in values.items()}
    )


def _lower_first(pair: tuple[str, str]) -> tuple[str, ...]:
    """Lower-case the first letter of each language's text, keeping acronyms such as TCCSĐ, LLCT."""
    return tuple(text[:1].lower() + text[1:] for text in pair)


def list_findings(frames: dict[str, pd.DataFrame], lang: str = "vi") -> list[str]:
    """Return the findings of notebook 06 in ``lang``, every number computed from the tables.

    Parameters
    ----------
    frames : dict of DataFrame
        Tables ``rates``, ``stated_changes``, ``training_classes``,
        ``training_participants`` and ``membership`` of one source document.
    lang : {"vi", "en"}

    Returns
    -------
    list of str
        The implied 8-2016 baseline of each indicator, the households test,
        the residence floor, the lowest 2021 indicator, the classes, the
        contest, the person-times trained, the communes' base (only where it
        equals the members already assigned) and the base of the membership shares.

    """
    rates, stated = frames["rates"], frames["stated_changes"]
    lines = []
    for _, r in compare_baselines(stated, rates).iterrows():
        lines.append(
            _fill(
                FINDINGS["baseline"],
                lang,
                {
                    "indicator": CATEGORIES["indicator"][str(r["indicator"])],
                    "pp": float(r["baseline_pp_pct"]),
                    "relative": float(r["baseline_relative_pct"]),
                    "now": float(r["current_pct"]),
                },
            )
        )
    households = summarise_households(rates).set_index("period")
    matching = explain_households_change(rates, stated).query("matches")["measure"].astype(str).tolist()
    lines.append(
        _fill(
            FINDINGS["households_pp" if matching == ["pp_change"] else "households_other"],
            lang,
            {
                "assigned_before": int(households.loc["2016-08", "assigned_count"]),
                "assigned_now": int(households.loc["2021", "assigned_count"]),
                "unassigned_before": int(households.loc["2016-08", "unassigned_count"]),
                "unassigned_now": int(households.loc["2021", "unassigned_count"]),
                "matching": tuple(
                    ", ".join(pick(_lower_first(VALUE_LABELS[m]), code) for m in matching)
                    or pick(NONE_WORDS, code)
                    for code in LANGS
                ),
            },
        )
    )
    floor = check_residence_floor(rates, stated)
    lowest = floor.loc[floor["share_pct"].idxmin()]
    lines.append(
        _fill(
            FINDINGS["residence"],
            lang,
            {
                "verdict": RESIDENCE_VERDICTS[bool(floor["meets_floor"].all())],
                "floor": float(floor["floor_pct"].iloc[0]),
                "lowest": float(lowest["share_pct"]),
                "year": str(lowest["year"]),
            },
        )
    )
    coverage = list_coverage(rates).set_index("indicator")
    low = coverage["share_pct"].astype(float).idxmin()
    lines.append(
        _fill(
            FINDINGS["coverage"],
            lang,
            {
                "indicator": _lower_first(CATEGORIES["indicator"][str(low)]),
                "share": float(coverage.loc[low, "share_pct"]),
            },
        )
    )
    classes = summarise_classes(frames["training_classes"])
    first, second = classes.nlargest(2, "class_count").itertuples()
    lines.append(
        _fill(
            FINDINGS["classes"],
            lang,
            {
                "classes": int(classes["total_count"].iloc[0]),
                "first": _lower_first(CATEGORIES["training_level"][str(first.training_level)]),
                "second": _lower_first(CATEGORIES["training_level"][str(second.training_level)]),
                "share": float(first.share_pct + second.share_pct),
            },
        )
    )
    participants = frames["training_participants"]
    contest = count_contestants_per_committee(participants, rates).iloc[0]
    lines.append(
        _fill(
            FINDINGS["contest"],
            lang,
            {
                "contestants": int(contest["contestant_count"]),
                "committees": int(contest["committees_held_count"]),
                "per_committee": float(contest["contestants_per_committee"]),
            },
        )
    )
    totals = (
        summarise_participants(participants)
        .groupby("programme", observed=True)["programme_total_count"]
        .first()
    )
    lines.append(
        _fill(
            FINDINGS["trained"],
            lang,
            {
                "trained": int(totals["dao_tao_boi_duong"] + totals["nang_cao_nghiep_vu"]),
                "training": int(totals["dao_tao_boi_duong"]),
                "skills": int(totals["nang_cao_nghiep_vu"]),
                "secretaries": int(totals["bi_thu_thon_moi"]),
            },
        )
    )
    communes, tccsd = coverage.loc["cap_uy_vien_phu_trach_xa"], coverage.loc["cap_uy_vien_phu_trach_tccsd"]
    if int(communes["denominator_count"]) == int(tccsd["numerator_count"]):
        lines.append(
            _fill(
                FINDINGS["communes"],
                lang,
                {
                    "communes": int(communes["numerator_count"]),
                    "base": int(communes["denominator_count"]),
                    "assigned": int(tccsd["numerator_count"]),
                    "members": int(tccsd["denominator_count"]),
                },
            )
        )
    base = fit_member_shares_to_totals(frames["membership"], rates)
    lines.append(
        _fill(
            FINDINGS["member_base"],
            lang,
            {
                "ii4": base.attrs["totals"]["II.4"],
                "fn2": base.attrs["totals"]["fn2"],
                "groups": len(base),
                "fit_ii4": int(base["fits_total_ii4"].sum()),
                "fit_fn2": int(base["fits_total_fn2"].sum()),
            },
        )
    )
    return lines
