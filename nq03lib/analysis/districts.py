"""Build the unit × indicator matrix of the district-level units and committees (notebook 03).

The report names some of Kon Tum's 10 district-level units and of the 4 party
committees directly under the provincial committee, as exemplary or for a
shortfall (``unit_mentions``), and prints a few figures for named units
(``rates``, ``stated_changes``, ``training_participants``). This module turns
them into:

* a long table, one row per unit and topic (:func:`build_unit_topic_table`):
  the valence score (+1 exemplary, −1 shortfall, missing when the unit is not
  named) and the figure the report prints for that unit and topic, with
  locations;
* the wide matrix behind the heatmap (:func:`pivot_unit_matrix`);
* the ranking of units by the number of topics they are named for a shortfall
  (:func:`rank_shortfalls`);
* each district figure against the provincial figure and the implied targets
  (:func:`compare_with_province_and_targets`).

Not being named is not a score: the report names only some units, so a blank
cell means "not mentioned", never "doing well".
"""

from __future__ import annotations

import pandas as pd

from nq03lib.analysis import derive
from nq03lib.analysis.frames import raise_if_any
from nq03lib.data.schema import CATEGORIES, UNITS

#: The 10 district-level units in the order of ``CATEGORIES["area"]`` (the
#: order in which the report lists them), then the 4 committees under the
#: provincial committee.
DISTRICTS: list[str] = [
    a for a in CATEGORIES["area"] if a in UNITS and UNITS[a]["kind"] != "dang_uy_truc_thuoc"
]
COMMITTEES: list[str] = [
    a for a in CATEGORIES["area"] if a in UNITS and UNITS[a]["kind"] == "dang_uy_truc_thuoc"
]
UNIT_ORDER: list[str] = DISTRICTS + COMMITTEES

#: Topics in category order.
TOPICS: list[str] = list(CATEGORIES["topic"])

#: Short chart labels of the topics (the metadata labels are too long for an axis).
TOPIC_SHORT: dict[str, tuple[str, str]] = {
    "thon_truong_vuot_muc_tieu": (
        "Thôn trưởng\nlà đảng\nviên: vượt\nmục tiêu",
        "Member\nvillage\nheads:\nabove\ntarget",
    ),
    "thon_truong_chua_dat_muc_tieu": (
        "Thôn trưởng\nlà đảng\nviên: chưa\nđạt mục\ntiêu",
        "Member\nvillage\nheads:\nbelow\ntarget",
    ),
    "bi_thu_kiem_thon_truong_dien_hinh": (
        "Bí thư\nkiêm thôn\ntrưởng:\nđiển hình",
        "Secretary\nvillage\nheads:\nexemplary",
    ),
    "bi_thu_kiem_thon_truong_thap": (
        "Bí thư\nkiêm thôn\ntrưởng:\ntỉ lệ thấp",
        "Secretary\nvillage\nheads:\nlow share",
    ),
    "boi_duong_bi_thu_thon_moi": (
        "Bồi dưỡng\nbí thư\nchi bộ\nthôn mới",
        "Training\nnew\nvillage\nsecretaries",
    ),
    "hoc_tap_lam_theo_hinh_thuc": (
        "Học tập,\nlàm theo\nBác còn\nhình thức",
        "Ho Chi\nMinh study\nformalistic",
    ),
    "to_chuc_dang_khong_htnv": ("Có tổ chức\nđảng\nkhông\nHTNV", "Org.\nrated not\nfulfilled"),
    "lung_tung_noi_dung_chuyen_de": (
        "Lúng túng\nnội dung\nsinh hoạt\nchuyên đề",
        "Unsure of\nthematic-\nmeeting\ncontent",
    ),
    "chua_nghiem_sinh_hoat_chuyen_de": (
        "Chưa\nnghiêm\nsinh hoạt\nchuyên đề",
        "Thematic\nmeetings\nnot as\nrequired",
    ),
}

#: Where the figure of a topic comes from: (table, indicator or programme).
TOPIC_FIGURES: dict[str, tuple[str, str]] = {
    "thon_truong_vuot_muc_tieu": ("rates", "thon_truong_la_dang_vien"),
    "thon_truong_chua_dat_muc_tieu": ("rates", "thon_truong_la_dang_vien"),
    "bi_thu_kiem_thon_truong_dien_hinh": ("rates", "bi_thu_kiem_thon_truong"),
    "bi_thu_kiem_thon_truong_thap": ("rates", "bi_thu_kiem_thon_truong"),
    "boi_duong_bi_thu_thon_moi": ("training_participants", "bi_thu_thon_moi"),
}

#: The two village-leadership indicators compared with the province and targets.
VILLAGE_INDICATORS: list[str] = ["thon_truong_la_dang_vien", "bi_thu_kiem_thon_truong"]

SCORES = {"dien_hinh": 1.0, "han_che": -1.0}


def unit_kind(area: str) -> str:
    """Return ``"district"`` for a district-level unit, ``"committee"`` for a committee under the province."""
    if area not in UNITS:
        raise ValueError(f"{area!r} is not one of the 14 units in metadata.UNITS")
    return "committee" if UNITS[area]["kind"] == "dang_uy_truc_thuoc" else "district"


def _unit_figures(rates: pd.DataFrame, training: pd.DataFrame, stated: pd.DataFrame) -> pd.DataFrame:
    """Collect every figure the report prints for a single named unit, one row per figure."""
    unit_rates = rates[rates["area"].astype(str).isin(UNITS)]
    r = pd.DataFrame(
        {
            "area": unit_rates["area"].astype(str),
            "table": "rates",
            "source_key": unit_rates["indicator"].astype(str),
            "value": unit_rates["share_pct"].astype("Float64"),
            "value_unit": "%",
            "value_location": unit_rates["location"].astype(str),
        }
    )
    unit_training = training[
        training["area"].astype(str).isin(UNITS) & (training["participant_kind"] == "tat_ca")
    ]
    t = pd.DataFrame(
        {
            "area": unit_training["area"].astype(str),
            "table": "training_participants",
            "source_key": unit_training["programme"].astype(str),
            "value": unit_training["participant_count"].astype("Float64"),
            "value_unit": "persons",
            "value_location": unit_training["location"].astype(str),
        }
    )
    unit_stated = stated[stated["area"].astype(str).isin(UNITS)]
    s = pd.DataFrame(
        {
            "area": unit_stated["area"].astype(str),
            "table": "stated_changes",
            "source_key": unit_stated["indicator"].astype(str),
            "value": unit_stated["value_pct"].astype("Float64"),
            "value_unit": "% ("
            + unit_stated["statement"].astype(str)
            + " "
            + unit_stated["reference"].astype(str)
            + ")",
            "value_location": unit_stated["location"].astype(str),
        }
    )
    return pd.concat([r, t, s], ignore_index=True)


def build_unit_topic_table(
    unit_mentions: pd.DataFrame,
    rates: pd.DataFrame,
    training_participants: pd.DataFrame,
    stated_changes: pd.DataFrame,
) -> pd.DataFrame:
    """Build the long unit × topic table: valence score and printed figure per unit and topic.

    Parameters
    ----------
    unit_mentions, rates, training_participants, stated_changes : DataFrame
        The tables as loaded by :func:`nq03lib.load`.

    Returns
    -------
    DataFrame
        One row per unit (14, in :data:`UNIT_ORDER`) and topic (9, in
        category order): ``area``, ``unit_kind`` (district/committee),
        ``topic``, ``valence`` (missing if not named), ``score`` (+1
        exemplary, −1 shortfall, missing if not named), ``mention_location``,
        ``organisation_count`` and ``organisations`` (organisations named
        inside the unit, fn16), ``value`` and ``value_unit`` (the figure the
        report prints for this unit and topic, if any) with
        ``value_location``, and ``stated_vs_target_pct`` with
        ``stated_location`` (a printed "vượt x%" of the unit against a target).

    Raises
    ------
    ValueError
        If a mention names a unit outside :data:`metadata.UNITS`, a unit is
        both exemplary and short on one topic, or a figure printed for a
        unit is not attached to a cell where that unit is named.

    """
    mentions = unit_mentions.assign(
        area=unit_mentions["area"].astype(str), topic=unit_mentions["topic"].astype(str)
    )
    raise_if_any(mentions[~mentions["area"].isin(UNITS)], "mentions of units outside metadata.UNITS")
    per_cell = (
        mentions.groupby(["area", "topic"], sort=False)
        .agg(
            valence=("valence", lambda v: ";".join(sorted(set(map(str, v))))),
            mention_location=("location", lambda v: ", ".join(dict.fromkeys(v))),
            organisation_count=("organisation", lambda v: int(v.notna().sum())),
            organisations=("organisation", lambda v: "; ".join(v.dropna())),
        )
        .reset_index()
    )
    raise_if_any(
        per_cell[per_cell["valence"].str.contains(";")], "units both exemplary and short on one topic"
    )

    grid = pd.MultiIndex.from_product([UNIT_ORDER, TOPICS], names=["area", "topic"]).to_frame(index=False)
    out = grid.merge(per_cell, on=["area", "topic"], how="left", validate="one_to_one")
    out.insert(1, "unit_kind", out["area"].map(unit_kind))
    out["score"] = out["valence"].map(SCORES).astype("Float64")

    figures = _unit_figures(rates, training_participants, stated_changes)
    figures["attached"] = False
    values, units, locations, stated, stated_locations = [], [], [], [], []
    for _, row in out.iterrows():
        value = unit = location = st = st_loc = pd.NA
        if pd.notna(row["valence"]) and row["topic"] in TOPIC_FIGURES:
            table, key = TOPIC_FIGURES[row["topic"]]
            hit = figures[
                (figures["area"] == row["area"])
                & (figures["table"] == table)
                & (figures["source_key"] == key)
            ]
            if len(hit) > 1:
                raise ValueError(f"several figures for {row['area']}/{row['topic']}:\n{hit.to_string()}")
            if len(hit):
                value, unit, location = hit.iloc[0][["value", "value_unit", "value_location"]]
                figures.loc[hit.index, "attached"] = True
            if table == "rates":
                said = figures[
                    (figures["area"] == row["area"])
                    & (figures["table"] == "stated_changes")
                    & (figures["source_key"] == key)
                ]
                if len(said):
                    st, st_loc = said.iloc[0][["value", "value_location"]]
                    figures.loc[said.index, "attached"] = True
        values.append(value)
        units.append(unit)
        locations.append(location)
        stated.append(st)
        stated_locations.append(st_loc)
    out["value"] = pd.array(values, dtype="Float64")
    out["value_unit"] = pd.array(units, dtype="string")
    out["value_location"] = pd.array(locations, dtype="string")
    out["stated_vs_target_pct"] = pd.array(stated, dtype="Float64")
    out["stated_location"] = pd.array(stated_locations, dtype="string")
    raise_if_any(
        figures[~figures["attached"]], "figures printed for a unit but not attached to a mention of it"
    )

    out["area"] = pd.Categorical(out["area"], categories=UNIT_ORDER, ordered=True)
    out["topic"] = pd.Categorical(out["topic"], categories=TOPICS, ordered=True)
    out["valence"] = pd.Categorical(out["valence"], categories=list(CATEGORIES["valence"]), ordered=True)
    out["organisation_count"] = out["organisation_count"].astype("Int64")
    for col in ("mention_location", "organisations"):
        out[col] = out[col].astype("string")
    out.loc[out["organisation_count"] == 0, ["organisation_count", "organisations"]] = pd.NA

    expected = len(UNIT_ORDER) * len(TOPICS)
    if len(out) != expected:
        raise ValueError(f"expected {expected} unit × topic rows, got {len(out)}")
    named = out.dropna(subset=["valence"])
    if len(named) != len(per_cell):
        raise ValueError(f"{len(per_cell)} named unit × topic cells, but {len(named)} in the table")
    return out


def pivot_unit_matrix(long: pd.DataFrame) -> pd.DataFrame:
    """Return the unit × topic matrix of scores (+1, −1, missing), units and topics in fixed order."""
    wide = long.pivot(index="area", columns="topic", values="score").reindex(index=UNIT_ORDER, columns=TOPICS)
    wide.index.name, wide.columns.name = "area", "topic"
    if wide.shape != (len(UNIT_ORDER), len(TOPICS)):
        raise ValueError(f"matrix has shape {wide.shape}, expected {(len(UNIT_ORDER), len(TOPICS))}")
    if int(wide.notna().sum().sum()) != int(long["score"].notna().sum()):
        raise ValueError("the matrix lost or gained named cells")
    return wide


def rank_shortfalls(long: pd.DataFrame) -> pd.DataFrame:
    """Rank the units by the number of topics for which the report names them for a shortfall.

    Every unit is listed, those never named with 0. Ties keep :data:`UNIT_ORDER`.

    Returns
    -------
    DataFrame
        ``area``, ``unit_kind``, ``shortfall_topic_count``,
        ``exemplary_topic_count``, ``net_count`` (exemplary − shortfall),
        ``shortfall_topics`` (codes joined by ", ") and ``rank`` (1 = most
        shortfalls; tied units share a rank).

    """
    frame = long.assign(area=long["area"].astype(str), valence=long["valence"].astype("string"))
    rows = []
    for area in UNIT_ORDER:
        part = frame[frame["area"] == area]
        short = part[part["valence"] == "han_che"]
        rows.append(
            {
                "area": area,
                "unit_kind": unit_kind(area),
                "shortfall_topic_count": len(short),
                "exemplary_topic_count": int((part["valence"] == "dien_hinh").sum()),
                "shortfall_topics": ", ".join(short["topic"].astype(str)),
            }
        )
    out = pd.DataFrame(rows)
    out["net_count"] = out["exemplary_topic_count"] - out["shortfall_topic_count"]
    out["unit_position"] = range(len(out))
    out = out.sort_values(["shortfall_topic_count", "unit_position"], ascending=[False, True]).reset_index(
        drop=True
    )
    out["rank"] = out["shortfall_topic_count"].rank(method="min", ascending=False).astype(int)
    out = out.drop(columns="unit_position")
    out["area"] = pd.Categorical(out["area"], categories=UNIT_ORDER, ordered=True)
    if int(out["shortfall_topic_count"].sum()) != int((frame["valence"] == "han_che").sum()):
        raise ValueError("shortfall counts do not add up to the shortfall cells of the table")
    raise_if_any(out[out["shortfall_topic_count"] > len(TOPICS)], "more shortfall topics than topics")
    return out[
        [
            "rank",
            "area",
            "unit_kind",
            "shortfall_topic_count",
            "exemplary_topic_count",
            "net_count",
            "shortfall_topics",
        ]
    ]


def compare_with_province_and_targets(
    rates: pd.DataFrame, stated_changes: pd.DataFrame, reading: str = "pp"
) -> pd.DataFrame:
    """Put each district figure of the village-leadership indicators against the province and the targets.

    The targets are those the report implies
    (:func:`nq03lib.derive.implied_targets`); where two statements imply the
    same target (the province and Kon Tum city both imply the 2021 target of
    Resolution 01 for secretaries), they must agree within their printed
    rounding, and the province's is used.

    Returns
    -------
    DataFrame
        One row per district figure and target: ``indicator``, ``area``,
        ``district_pct``, ``province_pct``, ``reference`` (the target),
        ``target_pct``, ``target_tolerance_pct``, ``district_minus_target_pp``,
        ``district_minus_province_pp``, ``meets_target``,
        ``stated_vs_target_pct`` (what the report itself says, if anything),
        ``district_location``, ``province_location``, ``target_location``.

    Raises
    ------
    ValueError
        If implied targets disagree, a district figure has no provincial
        figure, or a printed "vượt x%" of a district does not match its gap.

    """
    targets = derive.implied_targets(stated_changes, rates, reading=reading)
    targets = targets[targets["indicator"].astype(str).isin(VILLAGE_INDICATORS)]
    merged_targets = []
    for (indicator, reference), group in targets.groupby(
        ["indicator", "reference"], observed=True, sort=False
    ):
        spread = group["target_pct"].max() - group["target_pct"].min()
        allowed = group["target_tolerance_pct"].nlargest(2).sum()
        if spread > allowed + 1e-9:
            raise ValueError(f"implied targets disagree for {indicator}/{reference}:\n{group.to_string()}")
        province = group[group["area"] == "toan_tinh"]
        chosen = province.iloc[0] if len(province) else group.iloc[0]
        merged_targets.append(
            {
                "indicator": str(indicator),
                "reference": str(reference),
                "target_pct": float(chosen["target_pct"]),
                "target_tolerance_pct": float(chosen["target_tolerance_pct"]),
                "target_location": ", ".join(dict.fromkeys(group["location"])),
            }
        )
    target_table = pd.DataFrame(merged_targets)

    village = rates[rates["indicator"].astype(str).isin(VILLAGE_INDICATORS) & (rates["period"] == "2021")]
    province = village[village["area"] == "toan_tinh"].set_index(
        village.loc[village["area"] == "toan_tinh", "indicator"].astype(str)
    )
    district = village[village["area"].astype(str).isin(DISTRICTS)]
    missing = district[~district["indicator"].astype(str).isin(province.index)]
    raise_if_any(missing, "district figures without a provincial figure")

    stated = stated_changes[
        stated_changes["area"].astype(str).isin(DISTRICTS) & (stated_changes["statement"] == "vuot")
    ]
    rows = []
    for _, d in district.iterrows():
        indicator = str(d["indicator"])
        p = province.loc[indicator]
        for _, t in target_table[target_table["indicator"] == indicator].iterrows():
            said = stated[
                (stated["indicator"] == indicator)
                & (stated["area"] == d["area"])
                & (stated["reference"] == t["reference"])
            ]
            rows.append(
                {
                    "indicator": indicator,
                    "area": str(d["area"]),
                    "district_pct": float(d["share_pct"]),
                    "province_pct": float(p["share_pct"]),
                    "reference": t["reference"],
                    "target_pct": t["target_pct"],
                    "target_tolerance_pct": t["target_tolerance_pct"],
                    "district_minus_target_pp": round(float(d["share_pct"]) - t["target_pct"], 2),
                    "district_minus_province_pp": round(float(d["share_pct"]) - float(p["share_pct"]), 2),
                    "meets_target": bool(float(d["share_pct"]) >= t["target_pct"]),
                    "stated_vs_target_pct": float(said.iloc[0]["value_pct"]) if len(said) else float("nan"),
                    "district_location": d["location"],
                    "province_location": p["location"],
                    "target_location": t["target_location"],
                }
            )
    out = pd.DataFrame(rows)
    out["indicator"] = pd.Categorical(
        out["indicator"], categories=list(CATEGORIES["indicator"]), ordered=True
    )
    out["area"] = pd.Categorical(out["area"], categories=UNIT_ORDER, ordered=True)
    out["reference"] = pd.Categorical(
        out["reference"], categories=list(CATEGORIES["reference"]), ordered=True
    )
    out = out.sort_values(["indicator", "area", "reference"]).reset_index(drop=True)
    gap = (out["district_minus_target_pp"] - out["stated_vs_target_pct"]).abs()
    raise_if_any(
        out[out["stated_vs_target_pct"].notna() & (gap > out["target_tolerance_pct"] + 0.01)],
        "a printed 'vượt x%' of a district does not match its gap to the target",
    )
    if len(district) and out.empty:
        raise ValueError("no targets found for the district figures")
    return out


def label_units(frame: pd.DataFrame, lang: str = "vi", column: str = "area") -> pd.Series:
    """Return the unit labels of ``frame[column]`` in ``lang`` as an ordered categorical."""
    i = 0 if lang == "vi" else 1
    labels = [CATEGORIES["area"][a][i] for a in UNIT_ORDER]
    mapped = frame[column].astype(str).map(lambda a: CATEGORIES["area"][a][i])
    return pd.Series(
        pd.Categorical(mapped, categories=labels, ordered=True), index=frame.index, name=f"{column}_label"
    )


def label_topics(frame: pd.DataFrame, lang: str = "vi", short: bool = False) -> pd.Series:
    """Return the topic labels of ``frame["topic"]`` in ``lang`` (short chart labels if ``short``)."""
    i = 0 if lang == "vi" else 1
    source = TOPIC_SHORT if short else CATEGORIES["topic"]
    labels = [source[t][i] for t in TOPICS]
    mapped = frame["topic"].astype(str).map(lambda t: source[t][i])
    return pd.Series(
        pd.Categorical(mapped, categories=labels, ordered=True), index=frame.index, name="topic_label"
    )
