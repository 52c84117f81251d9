"""Unit × topic matrix of the named units (notebook 03): derived tables and what each chart plots."""

from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

import nq03lib as nq
from nq03lib.analysis import districts
from nq03lib.charts import registry
from nq03lib.charts import theme as ch
from nq03lib.data.schema import CATEGORIES, UNITS
from nq03lib.text import pick


@pytest.fixture(scope="module")
def inputs():
    return {
        name: nq.load(name) for name in ("unit_mentions", "rates", "training_participants", "stated_changes")
    }


@pytest.fixture(scope="module")
def long(inputs):
    return districts.build_unit_topic_table(**inputs)


def _build(inputs, **replace):
    tables = {**inputs, **replace}
    return districts.build_unit_topic_table(
        tables["unit_mentions"], tables["rates"], tables["training_participants"], tables["stated_changes"]
    )


# --- unit order ---------------------------------------------------------------


def test_unit_order_is_ten_districts_then_four_committees():
    assert len(districts.DISTRICTS) == 10 and len(districts.COMMITTEES) == 4
    assert set(districts.UNIT_ORDER) == set(UNITS)
    assert all("tile" in UNITS[a] for a in districts.DISTRICTS)
    assert not any("tile" in UNITS[a] for a in districts.COMMITTEES)
    areas = list(CATEGORIES["area"])
    positions = [areas.index(a) for a in districts.DISTRICTS]
    assert positions == sorted(positions)


# --- long table ---------------------------------------------------------------


def test_long_table_has_one_row_per_unit_and_topic(long):
    assert len(long) == 14 * len(CATEGORIES["topic"])
    assert not long.duplicated(["area", "topic"]).any()
    assert list(long["area"].astype(str).drop_duplicates()) == districts.UNIT_ORDER


def test_scores_follow_the_mentions_and_blank_means_not_named(long, inputs):
    mentions = inputs["unit_mentions"]
    expected = {
        (str(a), str(t)): (1.0 if v == "dien_hinh" else -1.0)
        for a, t, v in zip(mentions["area"], mentions["topic"], mentions["valence"])
    }
    got = {
        (str(a), str(t)): float(s)
        for a, t, s in zip(long["area"], long["topic"], long["score"])
        if pd.notna(s)
    }
    assert got == expected
    assert long["score"].isna().sum() == len(long) - len(expected)


def test_every_unit_figure_sits_in_a_named_cell_of_that_unit(long, inputs):
    rates = inputs["rates"]
    unit_rates = rates[rates["area"] != "toan_tinh"]
    for _, r in unit_rates.iterrows():
        cell = long[(long["area"] == r["area"]) & (long["value"] == r["share_pct"])]
        assert len(cell) == 1, r["area"]
        assert pd.notna(cell["score"].iloc[0])
        assert cell["value_location"].iloc[0] == r["location"]
    training = inputs["training_participants"]
    for _, t in training[training["area"].astype(str).isin(UNITS)].iterrows():
        cell = long[(long["area"] == t["area"]) & (long["topic"] == "boi_duong_bi_thu_thon_moi")]
        assert float(cell["value"].iloc[0]) == float(t["participant_count"])
        assert cell["value_unit"].iloc[0] == "persons"


def test_stated_gap_of_kon_tum_city_is_attached(long, inputs):
    stated = inputs["stated_changes"]
    printed = stated[(stated["area"] == "tp_kon_tum")]
    cell = long[long["stated_vs_target_pct"].notna()]
    assert len(cell) == len(printed) == 1
    assert cell["area"].iloc[0] == "tp_kon_tum"
    assert float(cell["stated_vs_target_pct"].iloc[0]) == float(printed["value_pct"].iloc[0])


def test_organisations_named_in_fn16_are_counted(long, inputs):
    mentions = inputs["unit_mentions"]
    counts = Counter(mentions.loc[mentions["organisation"].notna(), "area"].astype(str))
    cells = long[long["organisation_count"].notna()]
    assert {str(a): int(n) for a, n in zip(cells["area"], cells["organisation_count"])} == dict(counts)


def test_both_exemplary_and_shortfall_on_one_topic_raises(inputs):
    mentions = inputs["unit_mentions"]
    extra = mentions[mentions["topic"] == "thon_truong_vuot_muc_tieu"].head(1).copy()
    extra["valence"] = "han_che"
    extra["organisation"] = "X"
    with pytest.raises(ValueError, match="both exemplary and short"):
        _build(inputs, unit_mentions=pd.concat([mentions, extra], ignore_index=True))


def test_a_figure_for_an_unnamed_unit_raises(inputs):
    rates = inputs["rates"]
    extra = rates[rates["area"] == "kon_ray"].copy()
    extra["area"] = "dak_glei"
    with pytest.raises(ValueError, match="not attached"):
        _build(inputs, rates=pd.concat([rates, extra], ignore_index=True))


def test_a_mention_outside_the_units_raises(inputs):
    mentions = inputs["unit_mentions"].copy()
    mentions.loc[0, "area"] = "toan_tinh"
    with pytest.raises(ValueError, match="outside metadata.UNITS"):
        _build(inputs, unit_mentions=mentions)


# --- matrix and ranking ------------------------------------------------------------


def test_matrix_is_units_by_topics_in_fixed_order(long):
    wide = districts.pivot_unit_matrix(long)
    assert list(wide.index) == districts.UNIT_ORDER
    assert list(wide.columns) == list(CATEGORIES["topic"])
    assert wide.loc["ngoc_hoi", "thon_truong_vuot_muc_tieu"] is pd.NA
    assert int(wide.notna().sum().sum()) == int(long["score"].notna().sum())


def test_ranking_counts_shortfall_topics_per_unit(long, inputs):
    mentions = inputs["unit_mentions"]
    short = mentions[mentions["valence"] == "han_che"]
    expected = Counter(str(a) for a, _ in set(zip(short["area"], short["topic"])))
    rank = districts.rank_shortfalls(long)
    assert len(rank) == 14
    got = dict(zip(rank["area"].astype(str), rank["shortfall_topic_count"]))
    assert got == {a: expected.get(a, 0) for a in districts.UNIT_ORDER}
    counts = rank["shortfall_topic_count"].tolist()
    assert counts == sorted(counts, reverse=True)
    for n, group in rank.groupby("shortfall_topic_count"):
        order = [districts.UNIT_ORDER.index(a) for a in group["area"].astype(str)]
        assert order == sorted(order), f"ties with {n} shortfalls not in unit order"
    assert rank["rank"].iloc[0] == 1
    assert (rank["net_count"] == rank["exemplary_topic_count"] - rank["shortfall_topic_count"]).all()


# --- district vs province vs target ---------------------------------------------


def test_compare_with_province_and_targets(inputs):
    rates, stated = inputs["rates"], inputs["stated_changes"]
    table = districts.compare_with_province_and_targets(rates, stated)
    district_rates = rates[rates["area"] != "toan_tinh"]
    assert set(zip(table["indicator"].astype(str), table["area"].astype(str))) == set(
        zip(district_rates["indicator"].astype(str), district_rates["area"].astype(str))
    )
    for _, row in table.iterrows():
        province = rates[(rates["indicator"] == row["indicator"]) & (rates["area"] == "toan_tinh")]
        assert row["province_pct"] == float(province["share_pct"].iloc[0])
        # the target from first principles: province "vượt x%" read in points, or "đạt x% so với"
        said = stated[
            (stated["indicator"] == row["indicator"])
            & (stated["area"] == "toan_tinh")
            & (stated["reference"] == row["reference"])
        ].iloc[0]
        if said["statement"] == "vuot":
            target = row["province_pct"] - float(said["value_pct"])
        else:
            target = 100 * row["province_pct"] / float(said["value_pct"])
        assert row["target_pct"] == pytest.approx(target, abs=1e-3)
        assert row["meets_target"] == (row["district_pct"] >= target)
    city = table[table["area"] == "tp_kon_tum"].iloc[0]
    assert city["district_minus_target_pp"] == pytest.approx(city["stated_vs_target_pct"], abs=0.03)
    ngoc_hoi = table[table["area"] == "ngoc_hoi"]
    assert set(ngoc_hoi["reference"].astype(str)) == {"muc_tieu_nq03", "muc_tieu_nq01_2021"}
    assert not ngoc_hoi["meets_target"].any()


def test_a_district_gap_that_contradicts_the_target_raises(inputs):
    stated = inputs["stated_changes"].copy()
    city = (stated["area"] == "tp_kon_tum") & (stated["statement"] == "vuot")
    stated.loc[city, "value_pct"] = 30.0
    with pytest.raises(ValueError, match="disagree"):
        districts.compare_with_province_and_targets(inputs["rates"], stated)


# --- charts -----------------------------------------------------------------------


def _rgb(colour):
    return tuple(round(c, 3) for c in to_rgba(colour)[:3])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_heatmap_draws_the_matrix(lang, long):
    data = registry.chart_data("03-district-matrix-heatmap", lang)
    fig = registry.figure("03-district-matrix-heatmap", lang)
    ax = fig.axes[0]
    image = ax.collections[0]  # seaborn's QuadMesh
    expected = districts.pivot_unit_matrix(long).astype(float).to_numpy()
    grid = np.ma.getdata(image.get_array()).reshape(expected.shape)
    mask = np.ma.getmaskarray(image.get_array()).reshape(expected.shape)
    assert grid.shape == (14, len(CATEGORIES["topic"]))
    assert (mask == np.isnan(expected)).all()
    assert (grid[~mask] == expected[~mask]).all()
    cmap = image.get_cmap()
    assert _rgb(cmap(image.norm(-1.0))) == _rgb(ch.colour_for("han_che"))
    assert _rgb(cmap(image.norm(1.0))) == _rgb(ch.colour_for("dien_hinh"))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    i = 0 if lang == "vi" else 1
    assert labels == [CATEGORIES["area"][a][i] for a in districts.UNIT_ORDER]
    assert len(ax.get_xticklabels()) == len(CATEGORIES["topic"])
    cell_texts = sorted(t.get_text() for t in ax.texts)
    assert cell_texts == sorted(t for t in data["cell_text"] if t)
    ngoc_hoi = long[(long["area"] == "ngoc_hoi") & long["value"].notna()]
    assert ch.format_pct(float(ngoc_hoi["value"].iloc[0]), lang) in cell_texts
    plt.close(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_ranking_chart_has_a_bar_per_unit(lang):
    data = registry.chart_data("03-district-shortfall-ranking", lang)
    fig = registry.figure("03-district-shortfall-ranking", lang)
    ax = fig.axes[0]
    assert len(ax.patches) == 14
    widths = [p.get_width() for p in sorted(ax.patches, key=lambda p: -p.get_y())]
    assert widths == data["shortfall_topic_count"].tolist()
    ticks = sorted(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())), reverse=True)
    assert [label for _, label in ticks] == data["area_label"].astype(str).tolist()
    assert {_rgb(p.get_facecolor()) for p in ax.patches} == {_rgb(ch.colour_for("han_che"))}
    plt.close(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_versus_chart_lines_are_province_and_targets(lang, inputs):
    data = registry.chart_data("03-district-vs-province-target", lang)
    fig = registry.figure("03-district-vs-province-target", lang)
    axes = fig.axes
    assert len(axes) == data["indicator"].nunique() == 2
    rates = inputs["rates"]
    for ax, indicator in zip(axes, dict.fromkeys(data["indicator"].astype(str))):
        part = data[data["indicator"] == indicator]
        assert len(ax.patches) == part["area"].nunique()
        xs = sorted(line.get_xdata()[0] for line in ax.get_lines())
        province = float(
            rates[(rates["indicator"] == indicator) & (rates["area"] == "toan_tinh")]["share_pct"].iloc[0]
        )
        assert xs == sorted([province, *part.drop_duplicates("reference")["target_pct"]])
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert any(ch.format_pct(province, lang) in t for t in legend)
        bar_colours = [_rgb(p.get_facecolor()) for p in ax.patches]
        assert bar_colours == [_rgb(ch.colour_for(v)) for v in part.drop_duplicates("area")["valence"]]
    plt.close(fig)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_tile_map_places_the_ten_districts_and_says_it_is_schematic(lang):
    everything = registry.chart_data("03-district-tile-map", lang)
    data = everything[everything["unit_kind"] == "district"]
    assert len(data) == 10
    assert set(data["area"].astype(str)) == set(districts.DISTRICTS)
    for _, r in data.iterrows():
        assert (r["tile_row"], r["tile_col"]) == UNITS[str(r["area"])]["tile"]
    committees = everything[everything["unit_kind"] == "committee"]
    assert committees["area"].astype(str).tolist() == districts.COMMITTEES
    assert committees["tile_row"].isna().all()
    fig = registry.figure("03-district-tile-map", lang)
    ax = fig.axes[0]
    assert len(ax.patches) == 10
    corners = {(round(p.get_x() - 0.03), round(-(p.get_y() - 0.03))) for p in ax.patches}
    assert corners == {(c, r) for r, c in zip(data["tile_row"], data["tile_col"])}
    darkest = min(ax.patches, key=lambda p: sum(p.get_facecolor()[:3]))
    top = data.loc[data["shortfall_topic_count"].idxmax()]
    assert (round(darkest.get_x() - 0.03), round(-(darkest.get_y() - 0.03))) == (
        top["tile_col"],
        top["tile_row"],
    )
    note = "Bản đồ ô vuông mang tính sơ đồ" if lang == "vi" else "Schematic tile map"
    assert any(note in t.get_text() for t in fig.texts)
    side = "\n".join(t.get_text() for t in fig.axes[-1].texts)
    for _, r in committees.iterrows():
        assert f"{r['area_label']}: {r['shortfall_topic_count']}" in side
    plt.close(fig)


def test_takeaways_are_computed_from_the_data():
    ranking = registry.chart_data("03-district-shortfall-ranking", "vi")
    top = ranking.iloc[0]
    text = registry.takeaway("03-district-shortfall-ranking", "vi")
    assert text.startswith(str(top["area_label"])) and f"({top['shortfall_topic_count']}/" in text
    versus = registry.chart_data("03-district-vs-province-target", "en")
    worst = versus.loc[versus["district_minus_target_pp"].idxmin()]
    assert ch.format_pct(worst["district_pct"], "en") in registry.takeaway(
        "03-district-vs-province-target", "en"
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_short_bar_carries_its_value_outside_so_it_does_not_cover_the_axis(lang):
    data = registry.chart_data("03-district-vs-province-target", lang)
    fig = registry.figure("03-district-vs-province-target", lang)
    try:
        for ax in fig.axes:
            for patch in ax.patches:
                width = patch.get_width()
                label = next(t for t in ax.texts if t.get_text() == ch.format_pct(width, lang))
                x = label.get_position()[0]
                if width < 20:
                    assert x > width and label.get_ha() == "left"
                else:
                    assert 0 < x < width and label.get_ha() == "right"
        assert (data["district_pct"] < 20).any(), "the data no longer has a short bar to test"
    finally:
        plt.close(fig)


# --- labels, locations and findings ---------------------------------------------


def test_labels_follow_the_language_and_refuse_an_unknown_one(long):
    assert districts.label_units(long, "vi").iloc[0] == CATEGORIES["area"]["tp_kon_tum"][0]
    assert districts.label_units(long, "en").iloc[0] == CATEGORIES["area"]["tp_kon_tum"][1]
    assert list(districts.label_units(long, "vi").cat.categories) == [
        CATEGORIES["area"][a][0] for a in districts.UNIT_ORDER
    ]
    assert (
        districts.label_topics(long, "en", short=True).iloc[0]
        == districts.TOPIC_SHORT[long["topic"].iloc[0]][1]
    )
    for label in (districts.label_units, districts.label_topics):
        with pytest.raises(ValueError, match="lang must be"):
            label(long, "fr")


@pytest.mark.parametrize(
    ("location", "vi", "en"),
    [
        ("fn20", "chú thích 20", "footnote 20"),
        ("II.2", "mục II.2", "section II.2"),
        ("III.2, fn20", "mục III.2, chú thích 20", "section III.2, footnote 20"),
    ],
)
def test_locations_are_written_in_words(location, vi, en):
    assert districts.format_location(location, "vi") == vi
    assert districts.format_location(location, "en") == en


def test_location_columns_are_written_for_readers_and_others_kept(long):
    shown = districts.format_locations(long, "vi")
    named = shown[long["mention_location"].notna()]
    assert not named["mention_location"].str.contains(r"\bfn\d").any()
    assert (shown["area"] == long["area"]).all()


def test_cell_figures_are_rates_trainees_or_organisations(long):
    text = districts.format_cell_figures(long, "vi")
    ngoc_hoi = long[(long["area"] == "ngoc_hoi") & long["value"].notna()].index[0]
    assert text[ngoc_hoi] == ch.format_pct(float(long.loc[ngoc_hoi, "value"]), "vi")
    trainees = long[long["value_unit"] == "persons"].index
    assert all(text[i].endswith(" đ/c") for i in trainees) and len(trainees) == 2
    orgs = long[long["value"].isna() & long["organisation_count"].notna()].index
    assert all(text[i] == f"{int(long.loc[i, 'organisation_count'])} tổ chức" for i in orgs)
    assert (text[long["score"].isna()] == "").all()


def test_counts_by_topic_add_up_to_the_named_cells(long):
    counts = districts.count_mentions_by_topic(long)
    assert counts["topic"].astype(str).tolist() == districts.TOPICS
    assert int(counts["named_count"].sum()) == int(long["score"].notna().sum())
    assert (counts["named_count"] + counts["not_named_count"] == len(districts.UNIT_ORDER)).all()
    heads = counts.set_index(counts["topic"].astype(str))
    assert heads.loc["thon_truong_vuot_muc_tieu", "exemplary_count"] == 9  # fn6 lists nine units


def test_blanks_are_counted_from_the_table(long):
    blanks = districts.summarise_blanks(long)
    assert blanks["cells"] == 14 * 9 and blanks["named_cells"] == int(long["score"].notna().sum())
    assert blanks["blank_share_pct"] == pytest.approx(100 * blanks["blank_cells"] / blanks["cells"])
    assert blanks["districts_named_on_village_heads"] == blanks["districts"] == 10
    assert blanks["units_named"] == 13  # the fourth committee is never named


def test_units_list_the_districts_with_tiles_and_the_committees_without(long):
    units = districts.list_units()
    assert units["area"].astype(str).tolist() == districts.UNIT_ORDER
    assert units.loc[units["unit_kind"] == "district", "tile_row"].notna().all()
    assert units.loc[units["unit_kind"] == "committee", "tile_row"].isna().all()
    assert units.loc[~units["name_printed"], "area"].astype(str).tolist() == ["quan_su"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_findings_are_computed_in_the_language(lang, inputs, long):
    from nq03lib import audit

    lines = districts.list_findings(inputs, lang, text_findings=audit.list_text_findings())
    text = "\n".join(lines)
    blanks = districts.summarise_blanks(long)
    assert ch.format_number(blanks["blank_cells"], lang) in lines[0]
    assert ch.format_pct(blanks["blank_share_pct"], lang, 1) in lines[0]
    top = districts.rank_shortfalls(long).iloc[0]
    name = pick(CATEGORIES["area"][str(top["area"])], lang)
    assert lines[1].startswith(name)
    if lang == "vi":
        assert "Ngọc Hồi" in text and "Ngoc Hoi" not in text
        assert "chú thích 21" in text and "fn21" not in text
        assert "không có nghĩa là đơn vị đó làm tốt" in lines[0]
    else:
        assert "footnote 21" in text and "Ngọc Hồi" not in text
    assert len(lines) == 8


def test_findings_follow_the_data(inputs):
    mentions = inputs["unit_mentions"]
    # Ngọc Hồi keeps only fn20 (below the heads' target): Kon Rẫy and Kon Plông tie for the most shortfalls
    dropped = (
        (mentions["area"] == "ngoc_hoi")
        & (mentions["valence"] == "han_che")
        & (mentions["location"] != "fn20")
    )
    fewer = mentions[~dropped].reset_index(drop=True)
    lines = districts.list_findings({**inputs, "unit_mentions": fewer}, "en")
    assert lines[1].startswith("Kon Ray, Kon Plong are each named for a shortfall on 3 of 9 topics")
    with pytest.raises(ValueError, match="lang must be"):
        districts.list_findings(inputs, "fr")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_unit_figures_are_written_with_their_measure_and_unit(lang, inputs):
    figures = districts.list_unit_figures(
        inputs["rates"], inputs["training_participants"], inputs["stated_changes"]
    )
    described = districts.describe_unit_figures(figures, lang)
    assert len(described) == len(figures) == 6
    trainees = figures["value_unit"] == "persons"
    assert described.loc[trainees, "value"].str.endswith(pick(districts.CELL_UNITS["persons"], lang)).all()
    assert described.loc[~trainees, "value"].str.endswith("%").all()
    stated = figures["table"] == "stated_changes"
    assert described.loc[stated, "figure"].str.contains(pick(CATEGORIES["statement"]["vuot"], lang)).all()
    assert not described["location"].str.contains(r"\bfn\d").any()


def test_relation_labels_name_relations_the_audit_has():
    audit = set(nq.audit()["relation_id"])
    assert set(districts.RELATION_LABELS) <= audit
    labels = districts.label_relations(pd.Series([*districts.RELATION_LABELS, "no:such/relation"]), "vi")
    assert labels.iloc[-1] == "no:such/relation"
    assert not labels.iloc[:-1].str.contains("unit_mentions").any()
