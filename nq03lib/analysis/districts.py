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
  (:func:`compare_with_province_and_targets`);
* what the report leaves blank (:func:`count_mentions_by_topic`,
  :func:`summarise_blanks`) and the findings of the notebook, computed in
  either language (:func:`list_findings`).

Labels come from the schema through :func:`nq03lib.text.pick`, so an unknown
language raises; :func:`format_location` writes "fn20" as "chú thích 20"
(Vietnamese) or "footnote 20" (English) for readers.

Not being named is not a score: the report names only some units, so a blank
cell means "not mentioned", never "doing well".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from nq03lib.analysis import derive
from nq03lib.analysis.frames import raise_if_any, select
from nq03lib.data.schema import CATEGORIES, UNITS
from nq03lib.text import Template, check_lang, format_number, format_pct, pick

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


def _list_figures_of(
    rows: pd.DataFrame, table: str, key: str, value: str, unit: str | pd.Series, **columns: pd.Series
) -> pd.DataFrame:
    """Return rows of one table as :func:`list_unit_figures` lists them (``columns``: extra ones)."""
    return pd.DataFrame(
        {
            "area": rows["area"].astype(str),
            "table": table,
            "source_key": rows[key].astype(str),
            **columns,
            "value": rows[value].astype("Float64"),
            "value_unit": unit,
            "value_location": rows["location"].astype(str),
            "quote": rows["quote"],
        }
    )


def list_unit_figures(
    rates: pd.DataFrame, training_participants: pd.DataFrame, stated_changes: pd.DataFrame
) -> pd.DataFrame:
    """List every figure the report prints for a single named unit, one row per figure.

    Parameters
    ----------
    rates, training_participants, stated_changes : DataFrame
        The tables of one source, as loaded.

    Returns
    -------
    DataFrame
        ``area``, ``table`` (the table the figure is stored in), ``source_key``
        (its indicator or programme), ``statement`` and ``reference`` (for a
        stated comparison, else missing), ``value``, ``value_unit`` (``%``,
        ``persons``, or ``% (<statement> <reference>)``), ``value_location``
        and ``quote``.

    """

    def named(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["area"].astype(str).isin(UNITS)]

    stated = named(stated_changes)
    statement, reference = stated["statement"].astype(str), stated["reference"].astype(str)
    parts = [
        _list_figures_of(named(rates), "rates", "indicator", "share_pct", "%"),
        _list_figures_of(
            named(select(training_participants, participant_kind="tat_ca")),
            "training_participants",
            "programme",
            "participant_count",
            "persons",
        ),
        _list_figures_of(
            stated,
            "stated_changes",
            "indicator",
            "value_pct",
            "% (" + statement + " " + reference + ")",
            statement=statement,
            reference=reference,
        ),
    ]
    out = pd.concat(parts, ignore_index=True)
    for col in ("statement", "reference", "quote"):
        out[col] = out[col].astype("string")
    columns = ["area", "table", "source_key", "statement", "reference", "value", "value_unit"]
    return out[[*columns, "value_location", "quote"]]


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

    figures = list_unit_figures(rates, training_participants, stated_changes)
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
                raise_if_any(hit, f"several figures for {row['area']}/{row['topic']}")
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

    village = select(rates, indicator=VILLAGE_INDICATORS, period="2021")
    on_province = select(village, area="toan_tinh")
    province = on_province.set_index(on_province["indicator"].astype(str))
    district = select(village, area=DISTRICTS)
    missing = district[~district["indicator"].astype(str).isin(province.index)]
    raise_if_any(missing, "district figures without a provincial figure")

    stated = select(stated_changes, area=DISTRICTS, statement="vuot")
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
    """Return the unit labels of ``frame[column]`` in ``lang`` as an ordered categorical.

    Raises
    ------
    ValueError
        If ``lang`` is not ``"vi"`` or ``"en"``.

    """
    labels = {code: pick(pair, lang) for code, pair in CATEGORIES["area"].items()}
    mapped = frame[column].astype(str).map(labels)
    return pd.Series(
        pd.Categorical(mapped, categories=[labels[a] for a in UNIT_ORDER], ordered=True),
        index=frame.index,
        name=f"{column}_label",
    )


def label_topics(frame: pd.DataFrame, lang: str = "vi", short: bool = False) -> pd.Series:
    """Return the topic labels of ``frame["topic"]`` in ``lang`` (short chart labels if ``short``).

    Raises
    ------
    ValueError
        If ``lang`` is not ``"vi"`` or ``"en"``.

    """
    source = TOPIC_SHORT if short else CATEGORIES["topic"]
    labels = {code: pick(source[code], lang) for code in TOPICS}
    mapped = frame["topic"].astype(str).map(labels)
    return pd.Series(
        pd.Categorical(mapped, categories=list(labels.values()), ordered=True),
        index=frame.index,
        name="topic_label",
    )


#: The words after a count written in a cell: people (trainees) and organisations named.
CELL_UNITS = {"persons": ("đ/c", "people"), "organisations": ("tổ chức", "org.")}


def format_cell_figures(long: pd.DataFrame, lang: str = "vi") -> pd.Series:
    """Write the figure of each unit × topic cell: "69,12%", "36 đ/c", "1 tổ chức", or "" if none.

    The figure the report prints for the unit and topic comes first; a cell
    without one shows the number of organisations named inside the unit (fn16).
    """
    check_lang(lang)

    def write(row: pd.Series) -> str:
        if pd.notna(row["value"]):
            if row["value_unit"] == "%":
                return format_pct(float(row["value"]), lang)
            return f"{format_number(float(row['value']), lang)} {pick(CELL_UNITS['persons'], lang)}"
        if pd.notna(row["organisation_count"]):
            return f"{int(row['organisation_count'])} {pick(CELL_UNITS['organisations'], lang)}"
        return ""

    return pd.Series([write(r) for _, r in long.iterrows()], index=long.index, name="figure", dtype="string")


def join_unit_names(areas, lang: str = "vi") -> str:
    """Return the labels of the unit codes ``areas`` in ``lang``, joined by commas, in the order given."""
    return ", ".join(pick(CATEGORIES["area"][str(a)], lang) for a in areas)


#: A stated comparison of a unit with a target, as a figure's name.
STATED_FIGURE = Template(
    vi="{indicator}: {statement} … so với {reference}",
    en="{indicator}: {statement} … against the {reference}",
)


def describe_unit_figures(figures: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Write each figure of :func:`list_unit_figures` for a reader: what it measures and its value.

    Returns
    -------
    DataFrame
        ``area``, ``figure`` (the indicator or programme, with the wording
        and target of a stated comparison), ``value`` ("69,12%", "36 đ/c"),
        ``location`` and ``quote``.

    """
    check_lang(lang)

    def name(row: pd.Series) -> str:
        if row["table"] == "training_participants":
            return pick(CATEGORIES["programme"][row["source_key"]], lang)
        text = pick(CATEGORIES["indicator"][row["source_key"]], lang)
        if pd.notna(row["statement"]):
            reference = pick(CATEGORIES["reference"][row["reference"]], lang)
            text = STATED_FIGURE.format(
                lang,
                indicator=text,
                statement=pick(CATEGORIES["statement"][row["statement"]], lang),
                reference=reference[:1].lower() + reference[1:],
            )
        return text

    def value(row: pd.Series) -> str:
        if row["value_unit"] == "persons":
            return f"{format_number(float(row['value']), lang)} {pick(CELL_UNITS['persons'], lang)}"
        return format_pct(float(row["value"]), lang)

    return pd.DataFrame(
        {
            "area": figures["area"],
            "figure": [name(r) for _, r in figures.iterrows()],
            "value": [value(r) for _, r in figures.iterrows()],
            "location": [format_location(v, lang) for v in figures["value_location"]],
            "quote": figures["quote"],
        }
    ).astype({"figure": "string", "value": "string", "location": "string"})


#: What each audit relation about the named units checks (notebook 03), ``(vi, en)``.
RELATION_LABELS = {
    "subset:unit_mentions:committees-named-within-committees-counted": (
        "Số đảng ủy trực thuộc được nêu tên không vượt số đảng ủy trực thuộc Tỉnh ủy (mục II.2) trừ số huyện, "
        "thành phố (mục II.5)",
        "Committees named, at most the committees under the province (section II.2) less the districts "
        "(section II.5)",
    ),
    "subset:unit_mentions:districts-named-within-districts-counted": (
        "Số huyện, thành phố được nêu tên không vượt số huyện, thành phố (mục II.5)",
        "Districts named, at most the districts (section II.5)",
    ),
    "subset:unit_mentions:organisations-named-within-fn17": (
        "Số tổ chức đảng không HTNV được nêu tên (chú thích 16) không vượt số chú thích 17 đếm cho 2016–2020",
        "Organisations rated not fulfilled that are named (footnote 16), at most the number footnote 17 "
        "counts over 2016–2020",
    ),
    "xref:unit_mentions:village-head-target-examples-vs-below": (
        "Không đơn vị nào vừa được nêu vượt (chú thích 6) vừa được nêu chưa đạt (chú thích 20) mục tiêu về "
        "thôn trưởng",
        "No unit is named both above (footnote 6) and below (footnote 20) the village-heads target",
    ),
}


def label_relations(
    relation_ids: pd.Series, lang: str = "vi", labels: Mapping[str, tuple[str, str]] | None = None
) -> pd.Series:
    """Return what each audit relation checks, in ``lang`` (the id itself for a relation without a label)."""
    check_lang(lang)
    labels = RELATION_LABELS if labels is None else labels
    return (
        relation_ids.astype(str)
        .map(lambda r: pick(labels[r], lang) if r in labels else r)
        .astype("string")
        .rename("check_label")
    )


# ---------------------------------------------------------------------------
# Locations for readers

_LOCATION_WORDS = {"footnote": ("chú thích", "footnote"), "section": ("mục", "section")}


def format_location(location: str, lang: str = "vi") -> str:
    """Write a location of the report for a reader: ``"III.2, fn20"`` → "mục III.2, chú thích 20".

    English: "section III.2, footnote 20". A part that is neither a footnote
    (``fnN``) nor a section number is kept as it is.
    """
    check_lang(lang)
    parts = []
    for part in str(location).split(","):
        part = part.strip()
        footnote = re.fullmatch(r"fn(\d+)", part)
        if footnote:
            parts.append(f"{pick(_LOCATION_WORDS['footnote'], lang)} {footnote[1]}")
        elif re.fullmatch(r"[IVX]+(\.\d+)*", part):
            parts.append(f"{pick(_LOCATION_WORDS['section'], lang)} {part}")
        else:
            parts.append(part)
    return ", ".join(parts)


def format_locations(frame: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Return a copy of ``frame`` with every ``location``/``*_location`` column written for a reader."""
    out = frame.copy()
    for column in out.columns:
        if str(column) == "location" or str(column).endswith("_location"):
            out[column] = (
                out[column]
                .astype(object)
                .map(lambda v: format_location(v, lang) if isinstance(v, str) and v else v)
                .astype("string")
            )
    return out


# ---------------------------------------------------------------------------
# Tables and findings of notebook 03


def build_unit_topics(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Build the long unit × topic table (:func:`build_unit_topic_table`) from the tables of one source."""
    return build_unit_topic_table(
        frames["unit_mentions"], frames["rates"], frames["training_participants"], frames["stated_changes"]
    )


def list_units() -> pd.DataFrame:
    """List the 14 units in :data:`UNIT_ORDER` with their kind, whether the report prints the name, and the tile.

    Returns
    -------
    DataFrame
        ``area``, ``unit_kind`` (``district`` or ``committee``),
        ``name_printed`` (the report prints the unit's name somewhere),
        ``tile_row`` and ``tile_col`` (the schematic tile of a district;
        missing for a committee).

    """
    out = pd.DataFrame(
        {
            "area": pd.Categorical(UNIT_ORDER, categories=UNIT_ORDER, ordered=True),
            "unit_kind": [unit_kind(a) for a in UNIT_ORDER],
            "name_printed": [bool(UNITS[a]["printed"]) for a in UNIT_ORDER],
            "tile_row": pd.array(
                [UNITS[a]["tile"][0] if "tile" in UNITS[a] else None for a in UNIT_ORDER], "Int64"
            ),
            "tile_col": pd.array(
                [UNITS[a]["tile"][1] if "tile" in UNITS[a] else None for a in UNIT_ORDER], "Int64"
            ),
        }
    )
    raise_if_any(
        out[(out["unit_kind"] == "district") != out["tile_row"].notna()],
        "a district without a tile or a committee with one",
    )
    return out


def count_mentions_by_topic(long: pd.DataFrame) -> pd.DataFrame:
    """Count, per topic, the units named as exemplary, for a shortfall, at all, and not at all.

    Returns
    -------
    DataFrame
        ``topic`` (in category order), ``exemplary_count``,
        ``shortfall_count``, ``named_count``, ``districts_named_count`` (of
        the 10 district-level units) and ``not_named_count``.

    """
    frame = long.assign(
        exemplary=long["score"] > 0,
        shortfall=long["score"] < 0,
        named=long["score"].notna(),
        district_named=long["score"].notna() & (long["unit_kind"] == "district"),
    )
    out = (
        frame.groupby("topic", observed=True, sort=True)
        .agg(
            exemplary_count=("exemplary", "sum"),
            shortfall_count=("shortfall", "sum"),
            named_count=("named", "sum"),
            districts_named_count=("district_named", "sum"),
        )
        .astype(int)
        .reset_index()
    )
    out["not_named_count"] = len(UNIT_ORDER) - out["named_count"]
    raise_if_any(
        out[out["exemplary_count"] + out["shortfall_count"] != out["named_count"]],
        "topics whose exemplary and shortfall units do not add up to the units named",
    )
    return out


def summarise_blanks(long: pd.DataFrame) -> dict[str, float]:
    """Count what the unit × topic table leaves blank.

    Returns
    -------
    dict
        ``cells``, ``named_cells``, ``blank_cells``, ``shortfall_cells``,
        ``exemplary_cells``, ``units``, ``units_named`` (named at least once),
        ``blank_share_pct``, ``districts``, ``districts_named_on_village_heads``
        (district-level units named above or below the village-heads target).

    """
    named = long["score"].notna()
    heads = long["topic"].astype(str).isin(["thon_truong_vuot_muc_tieu", "thon_truong_chua_dat_muc_tieu"])
    out = {
        "cells": len(long),
        "named_cells": int(named.sum()),
        "blank_cells": int((~named).sum()),
        "shortfall_cells": int((long["score"] < 0).sum()),
        "exemplary_cells": int((long["score"] > 0).sum()),
        "units": int(long["area"].nunique()),
        "units_named": int(long.loc[named, "area"].nunique()),
        "blank_share_pct": 100 * float((~named).mean()),
        "districts": len(DISTRICTS),
        "districts_named_on_village_heads": int(
            long.loc[named & heads & (long["unit_kind"] == "district"), "area"].nunique()
        ),
    }
    if out["named_cells"] + out["blank_cells"] != out["cells"] or (
        out["shortfall_cells"] + out["exemplary_cells"] != out["named_cells"]
    ):
        raise ValueError(f"the cells of the unit × topic table do not add up: {out}")
    return out


#: Findings of notebook 03, one template per sentence (filled by :func:`list_findings`).
FINDINGS = {
    "blanks": Template(
        vi="Báo cáo nêu tên {units_named:n}/{units:n} đơn vị ít nhất một lần; chỉ {named_cells:n}/{cells:n} ô "
        "đơn vị × chủ đề có nội dung ({shortfall_cells:n} ô hạn chế, {exemplary_cells:n} ô điển hình), "
        "còn {blank_cells:n} ô ({blank_share_pct:pct1}) để trống. Ô trống là báo cáo không nêu tên đơn vị, "
        "không có nghĩa là đơn vị đó làm tốt.",
        en="The report names {units_named:n} of {units:n} units at least once; only {named_cells:n} of "
        "{cells:n} unit × topic cells are filled ({shortfall_cells:n} shortfalls, {exemplary_cells:n} "
        "exemplary), and {blank_cells:n} ({blank_share_pct:pct1}) are blank. A blank means the report does "
        "not name the unit, not that the unit did well.",
    ),
    "most_shortfalls": Template(
        vi="{top} bị nêu hạn chế ở {top_count:n}/{topics:n} chủ đề, nhiều hơn mọi đơn vị khác; "
        "không bị nêu hạn chế ở chủ đề nào: {never_short} (không bị nêu không có nghĩa là không có hạn chế).",
        en="{top} is named for a shortfall on {top_count:n} of {topics:n} topics, more than any other unit; "
        "never named for a shortfall: {never_short} (which does not mean they have none).",
    ),
    "most_shortfalls_tied": Template(
        vi="{top} cùng bị nêu hạn chế ở {top_count:n}/{topics:n} chủ đề, nhiều nhất trong các đơn vị; "
        "không bị nêu hạn chế ở chủ đề nào: {never_short} (không bị nêu không có nghĩa là không có hạn chế).",
        en="{top} are each named for a shortfall on {top_count:n} of {topics:n} topics, the most of any unit; "
        "never named for a shortfall: {never_short} (which does not mean they have none).",
    ),
    "heads_below": Template(
        vi="{unit}: tỉ lệ thôn trưởng là đảng viên {district_pct:pct}, thấp hơn {below_target:n2} điểm phần trăm "
        "so với mục tiêu Nghị quyết 03 suy ra ({target_pct:pct}) và thấp hơn {below_province:n2} điểm phần trăm "
        "so với toàn tỉnh ({province_pct:pct}).",
        en="{unit}: village heads who are party members {district_pct:pct}, {below_target:n2} percentage "
        "points short of the implied Resolution 03 target ({target_pct:pct}) and {below_province:n2} points "
        "below the province ({province_pct:pct}).",
    ),
    "secretaries_cited": Template(
        vi="Bí thư chi bộ kiêm thôn trưởng, hai huyện báo cáo nêu: {example} {example_pct:pct} (ví dụ điển hình, "
        "{example_location}) và {low} {low_pct:pct} (“có huyện mới đạt”, {low_location}); toàn tỉnh "
        "{province_pct:pct}, mục tiêu năm 2021 suy ra {target_pct:pct}. Báo cáo không nói đây là mức cao nhất "
        "và thấp nhất.",
        en="Secretaries who are also village heads, the two districts the report cites: {example} "
        "{example_pct:pct} (an example, {example_location}) and {low} {low_pct:pct} (“có huyện mới đạt”, "
        "{low_location}); province {province_pct:pct}, implied 2021 target {target_pct:pct}. The report does "
        "not say they are the highest and lowest.",
    ),
    "below_every_target": Template(
        vi="{below:n}/{figures:n} số liệu cấp huyện thấp hơn tất cả các mục tiêu có thể đối chiếu.",
        en="{below:n} of {figures:n} district figures are below every target they can be compared with.",
    ),
    "both_ways": Template(
        vi="Đơn vị vừa được nêu điển hình vừa bị nêu hạn chế: {units}.",
        en="Units named both as exemplary and for a shortfall: {units}.",
    ),
    "never_named_unprinted": Template(
        vi="Đơn vị không được nêu tên ở chủ đề nào: {units}; báo cáo không in tên đơn vị này, nhãn là của "
        "nhóm phân tích.",
        en="Units never named at all: {units}; the report never prints its name, so the label is ours.",
    ),
    "never_named": Template(
        vi="Đơn vị không được nêu tên ở chủ đề nào: {units}.",
        en="Units never named at all: {units}.",
    ),
    "lists": Template(
        vi="Các danh sách cần đọc thận trọng: {lists}.",
        en="Lists to read with care: {lists}.",
    ),
}

#: How each finding of :func:`nq03lib.audit.list_text_findings` about a list is written.
LIST_FINDINGS = {
    "list_of_examples": ("danh sách ví dụ, không đầy đủ", "a list of examples, not a complete list"),
    "list_ends_with_separator": (
        "danh sách kết thúc bằng dấu phẩy, có thể thiếu tên",
        "the list ends with a comma, a name may be missing",
    ),
    "some_places_one_named": (
        "viết “ở một số nơi” nhưng chỉ nêu một đơn vị",
        "says “ở một số nơi” but names one unit",
    ),
}


def list_findings(
    frames: Mapping[str, pd.DataFrame], lang: str = "vi", text_findings: pd.DataFrame | None = None
) -> list[str]:
    """Return the findings of notebook 03 in ``lang``, computed from the tables of one source.

    Parameters
    ----------
    frames : mapping
        Table name → frame, the tables of one source (``registry.frames()``);
        ``unit_mentions``, ``rates``, ``training_participants`` and
        ``stated_changes`` are used.
    lang : {"vi", "en"}
    text_findings : DataFrame, optional
        :func:`nq03lib.audit.list_text_findings` of the same source; with it,
        a last finding lists the report's lists that need care.

    Returns
    -------
    list of str
        One sentence per finding, every number computed.

    """
    check_lang(lang)
    long = build_unit_topics(frames)
    blanks = summarise_blanks(long)
    ranking = rank_shortfalls(long)
    versus = compare_with_province_and_targets(frames["rates"], frames["stated_changes"])
    lines = [FINDINGS["blanks"].format(lang, **blanks)]

    top = ranking[ranking["shortfall_topic_count"] == ranking["shortfall_topic_count"].max()]
    never_short = ranking.loc[ranking["shortfall_topic_count"] == 0, "area"]
    lines.append(
        FINDINGS["most_shortfalls" if len(top) == 1 else "most_shortfalls_tied"].format(
            lang,
            top=join_unit_names(top["area"], lang),
            top_count=int(top["shortfall_topic_count"].iloc[0]),
            topics=len(TOPICS),
            never_short=join_unit_names(never_short, lang),
        )
    )

    heads = versus[
        (versus["indicator"] == "thon_truong_la_dang_vien") & (versus["reference"] == "muc_tieu_nq03")
    ]
    for _, h in heads[~heads["meets_target"]].iterrows():
        lines.append(
            FINDINGS["heads_below"].format(
                lang,
                unit=pick(CATEGORIES["area"][str(h["area"])], lang),
                district_pct=h["district_pct"],
                target_pct=h["target_pct"],
                below_target=-h["district_minus_target_pp"],
                province_pct=h["province_pct"],
                below_province=-h["district_minus_province_pp"],
            )
        )

    cited = long[
        long["topic"].astype(str).isin(["bi_thu_kiem_thon_truong_dien_hinh", "bi_thu_kiem_thon_truong_thap"])
    ]
    cited = cited[cited["value"].notna()]
    secretaries = versus[versus["indicator"] == "bi_thu_kiem_thon_truong"].drop_duplicates("area")
    example = cited[cited["score"] > 0]
    low = cited[cited["score"] < 0]
    if len(example) == 1 and len(low) == 1 and len(secretaries):
        e, w, s = example.iloc[0], low.iloc[0], secretaries.iloc[0]
        lines.append(
            FINDINGS["secretaries_cited"].format(
                lang,
                example=pick(CATEGORIES["area"][str(e["area"])], lang),
                example_pct=e["value"],
                example_location=format_location(e["value_location"], lang),
                low=pick(CATEGORIES["area"][str(w["area"])], lang),
                low_pct=w["value"],
                low_location=format_location(w["value_location"], lang),
                province_pct=s["province_pct"],
                target_pct=s["target_pct"],
            )
        )

    meets_any = versus.groupby(["indicator", "area"], observed=True)["meets_target"].any()
    lines.append(
        FINDINGS["below_every_target"].format(lang, below=int((~meets_any).sum()), figures=len(meets_any))
    )

    both = ranking[(ranking["shortfall_topic_count"] > 0) & (ranking["exemplary_topic_count"] > 0)]
    if len(both):
        lines.append(FINDINGS["both_ways"].format(lang, units=join_unit_names(both["area"], lang)))

    never = [a for a in UNIT_ORDER if not long.loc[long["area"] == a, "score"].notna().any()]
    if never:
        unprinted = all(not UNITS[a]["printed"] for a in never)
        lines.append(
            FINDINGS["never_named_unprinted" if unprinted else "never_named"].format(
                lang, units=join_unit_names(never, lang)
            )
        )

    if text_findings is not None:
        lists = text_findings[text_findings["finding"].isin(list(LIST_FINDINGS))]
        if len(lists):
            lines.append(
                FINDINGS["lists"].format(
                    lang,
                    lists="; ".join(
                        f"{format_location(r.location, lang)}: {pick(LIST_FINDINGS[r.finding], lang)}"
                        for r in lists.itertuples()
                    ),
                )
            )
    return lines
