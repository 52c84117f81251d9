"""The explorer's callbacks are plain functions of the control values: tested here without a browser."""

import json

import pandas as pd
import pytest

import nq03lib as nq
from nq03lib import explore, nbtools, paths
from nq03lib.analysis import districts
from nq03lib.audit import format_row_key
from nq03lib.charts import registry
from nq03lib.data.schema import CATEGORIES, TABLES, UNITS
from nq03lib.data.source import load_report, reading_form

#: Charts of different kinds: joined on codes, with a unit filter, years, and an audit chart.
CHARTS = [
    ("05-village-leadership", "05-village-heads-districts"),
    ("01-ratings", "01-ratings-tccsd-stacked"),
    ("07-inspection-discipline", "07-discipline-by-form"),
    ("08-audit", "08-audit-discrepancies"),
]


def _first_heading(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    source = "".join(cells[0]["source"])
    return next(line.lstrip("#").strip() for line in source.splitlines() if line.startswith("#"))


def _quote_stands_at_its_location(location: str, quote: str) -> bool:
    return reading_form(quote) in load_report().text_at(location)


def test_the_topics_are_the_registrys_notebooks_titled_from_the_notebooks():
    topics = explore.list_topics()
    charts = registry.charts()
    assert list(topics) == sorted({c.notebook for c in charts.values()})
    assert sorted(n for t in topics.values() for n in t.charts) == sorted(charts)
    for notebook, topic in topics.items():
        assert topic.title["vi"] == _first_heading(paths.NOTEBOOKS_DIR / f"{notebook}.ipynb")
        catalog = nbtools.read_catalog(nbtools.catalog_path(paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"))
        assert topic.title["en"] in next(iter(catalog.values()))
        assert all(registry.get(n).notebook == notebook for n in topic.charts)


@pytest.mark.parametrize(
    ("topic", "chart"),
    CHARTS,
    ids=[c for _, c in CHARTS],
)
def test_a_view_shows_the_chart_its_table_the_quotes_and_the_relations(topic, chart):
    view = explore.build_view(topic, chart, lang="vi")
    assert view["png"].startswith(b"\x89PNG")
    assert view["title"] == registry.get(chart).title["vi"]
    assert view["takeaway"] == registry.takeaway(chart, "vi")
    pd.testing.assert_frame_equal(view["data"], registry.chart_data(chart, "vi"))
    assert len(view["table"].to_frame()) == len(view["shown"]) == len(view["data"])
    assert len(view["quotes"]) >= len(view["rows"].query("table != 'restatements'")) > 0
    for location, quote in zip(view["quotes"]["location"], view["quotes"]["quote"]):
        assert _quote_stands_at_its_location(location, quote), (location, quote)
    audit = nq.audit().set_index("relation_id")
    assert len(view["relations"]) > 0
    for relation_id, verdict in zip(view["relations"]["relation_id"], view["relations"]["verdict"]):
        assert audit.loc[relation_id, "verdict"] == verdict
    if view["tie"] != "relations":  # an audit chart's figures are the rows its relations read
        assert set(view["rows"]["table"]) <= set(view["tables"]) | {"restatements"}


def test_the_view_of_an_audit_chart_lists_its_relations_and_the_rows_they_read():
    view = explore.build_view("08-audit", "08-audit-discrepancies", lang="en")
    assert view["tie"] == "relations"
    assert list(view["relations"]["relation_id"]) == [
        r for r in nq.audit()["relation_id"] if r in set(view["data"]["relation_id"])
    ]
    links = explore.load_relation_rows()
    read = links[links["relation_id"].isin(view["data"]["relation_id"])]
    assert set(zip(view["rows"]["table"], view["rows"]["row_key"])) == set(
        zip(read["table"], read["row_key"])
    )


def test_a_filter_narrows_the_table_quotes_and_relations_but_not_the_chart():
    whole = explore.build_view("05-village-leadership", "05-village-heads-districts", lang="vi")
    column = whole["filters"]["unit"]
    assert column == "area"
    unit = next(code for _, code in whole["options"]["unit"] if code in UNITS)
    part = explore.build_view("05-village-leadership", "05-village-heads-districts", unit=unit, lang="vi")
    assert part["png"] == whole["png"]
    assert set(part["shown"]["area"].astype(str)) == {unit}
    assert len(part["table"].to_frame()) == len(part["shown"]) < len(whole["shown"])
    assert set(part["quotes"]["quote"]) <= set(whole["quotes"]["quote"])
    assert set(part["relations"]["relation_id"]) <= set(whole["relations"]["relation_id"])
    for table, key in zip(part["rows"]["table"], part["rows"]["row_key"]):
        row = explore.find_row(table, key)
        assert "area" not in row.index or str(row["area"]) in {unit}, (table, key)
    assert part["notes"]["table"], "the reader is told the chart stays whole"


def test_filters_exist_only_where_the_charts_table_has_the_column():
    for name in registry.charts():
        data, _ = explore.compute_chart_data(name, "vi")
        columns = explore.find_filter_columns(data)
        options = explore.list_filter_options(data, "vi")
        for control, column in columns.items():
            codes = [code for _, code in options[control]]
            assert codes[0] == explore.ALL
            if column is None:
                assert codes == [explore.ALL]
            else:
                assert set(codes[1:]) == set(data[column].dropna().astype(str))


def test_every_charts_rows_tie_to_data_rows_it_reads():
    for name in registry.charts():
        data, tables = explore.compute_chart_data(name, "vi")
        if "relation_id" in data.columns or "relation_count" in data.columns:
            continue
        rows, tie, unmatched = explore.tie_rows(data, tables)
        assert tie == "rows", f"{name}: no row of the chart could be joined to the data"
        assert set(rows["table"]) | set(unmatched) == set(tables)
        frames = explore.load_frames()
        for table in set(rows["table"]):
            keys = {format_row_key(table, r) for _, r in frames[table].iterrows()}
            assert set(rows.loc[rows["table"] == table, "row_key"]) <= keys


@pytest.mark.parametrize(
    ("chart", "table", "value"),
    [
        ("02-membership-composition", "membership", "member_count"),
        ("04-organisations-by-type", "organisations", "count"),
        ("07-discipline-by-form", "discipline", "disciplined_count"),
    ],
)
def test_a_chart_with_the_tables_codes_ties_exactly_the_rows_it_shows(chart, table, value):
    data, tables = explore.compute_chart_data(chart, "vi")
    rows, _, _ = explore.tie_rows(data, tables)
    tied = [explore.find_row(table, k) for k in rows.loc[rows["table"] == table, "row_key"]]
    assert sorted(int(r[value]) for r in tied) == sorted(int(v) for v in data[value])


def test_the_relations_rows_follow_from_the_relation_ids():
    """Share relations name their row, cross-references their restated row, independently of the tracing."""
    links = explore.load_relation_rows()
    read = set(zip(links["relation_id"], links["table"], links["row_key"]))
    audit = nq.audit()
    shares = audit[audit["relation_id"].str.startswith("share:rates:")]
    assert len(shares)
    for relation_id in shares["relation_id"]:
        indicator, area, period = relation_id.removeprefix("share:rates:").split("/")
        assert (relation_id, "rates", f"indicator={indicator};area={area};period={period}") in read
    restated = nq.load("restatements")
    for _, r in restated.iterrows():
        relation_id = f"xref:{r['table']}:{r['row_key']}/{r['column']}@{r['location']}"
        assert (relation_id, r["table"], r["row_key"]) in read
        assert (relation_id, "restatements", format_row_key("restatements", r)) in read
    assert set(links["relation_id"]) <= set(audit["relation_id"])


def test_changing_a_row_the_trace_does_not_list_leaves_the_relation_alone():
    from nq03lib import audit as relations

    frames = {name: frame.copy() for name, frame in explore.load_frames().items()}
    links = explore.load_relation_rows()
    relation_id = "parts:discipline:dang_vien"
    read = set(links.loc[links["relation_id"] == relation_id, "row_key"])
    discipline = frames["discipline"]
    other = [i for i, r in discipline.iterrows() if format_row_key("discipline", r) not in read]
    assert other and read
    before = {c.relation_id: c for c in relations.compute_checks(frames)}[relation_id]
    discipline.loc[other, "disciplined_count"] += 1000
    after = {c.relation_id: c for c in relations.compute_checks(frames)}[relation_id]
    assert (before.printed, before.recomputed) == (after.printed, after.recomputed)


@pytest.mark.parametrize("unit", districts.UNIT_ORDER)
def test_the_district_view_says_what_the_report_says_and_what_it_does_not(unit):
    view = explore.build_district_view(unit, "vi")
    mentions = nq.load("unit_mentions").query("area == @unit")
    named_topics = set(mentions["topic"].astype(str))
    assert len(view["topics"]) == len(CATEGORIES["topic"])
    not_named = view["topics"]["status"] == explore._t("not_named", "vi")
    assert int(not_named.sum()) == len(CATEGORIES["topic"]) - len(named_topics)
    assert len(view["shortfalls"]) + len(view["exemplary"]) == len(mentions)
    assert len(view["shortfalls"]) == int((mentions["valence"] == "han_che").sum())
    for frame in (view["shortfalls"], view["exemplary"], view["figures"]):
        for location, quote in zip(frame["location"], frame["quote"]):
            assert _quote_stands_at_its_location(location, quote)
    for table, key in zip(view["rows"]["table"], view["rows"]["row_key"]):
        assert str(explore.find_row(table, key)["area"]) == unit
    unsaid = " ".join(view["unsaid"])
    assert bool(len(named_topics) < len(CATEGORIES["topic"])) == ("Không được nêu tên" in unsaid)
    if not (mentions["valence"] == "han_che").any():
        assert "không có nghĩa là đơn vị không có hạn chế" in unsaid, "not named is not fine"
    if not UNITS[unit]["printed"]:
        assert "không in tên đơn vị này" in unsaid


def test_the_district_view_speaks_english_too():
    vi, en = explore.build_district_view("kon_ray", "vi"), explore.build_district_view("kon_ray", "en")
    assert en["summary"] != vi["summary"] and "Kon Ray" in en["summary"]
    assert list(en["topics_table"].to_frame().columns) != list(vi["topics_table"].to_frame().columns)


def test_search_finds_a_figure_and_jumps_to_a_chart_that_shows_it():
    found = explore.find_figures("dang vien nu", "vi")
    assert len(found) and found["quote"].str.contains("nữ").all()
    table, key = found.loc[0, "table"], found.loc[0, "row_key"]
    where = explore.locate_figure(table, key, "vi")
    view = explore.build_view(lang="vi", **where)
    assert (table, key) in set(zip(view["rows"]["table"], view["rows"]["row_key"]))
    assert len(view["shown"]) < len(view["data"]), "the filters single the figure out"


def test_unknown_control_values_are_refused_with_a_suggestion():
    with pytest.raises(ValueError, match="did you mean '05-village-leadership'"):
        explore.build_view("05-village-leadershp")
    with pytest.raises(ValueError, match="is not in topic"):
        explore.build_view("05-village-leadership", "01-ratings-tccsd-stacked")
    with pytest.raises(ValueError, match="no column for the unit filter"):
        explore.build_view("07-inspection-discipline", "07-discipline-by-form", unit="ngoc_hoi")
    with pytest.raises(ValueError, match="did you mean 'ngoc_hoi'"):
        explore.build_view("05-village-leadership", "05-village-heads-districts", unit="ngoc_hoj")
    with pytest.raises(ValueError, match="unknown unit"):
        explore.build_district_view("toan_tinh")
    with pytest.raises(ValueError, match="lang must be"):
        explore.build_view("05-village-leadership", lang="fr")


def test_the_widget_callbacks_redraw_relabel_and_jump():
    pytest.importorskip("ipywidgets")
    explorer = nq.explore("vi")
    assert explorer._repr_mimebundle_()["text/plain"] == explore._t("widget_text", "vi")
    first = explorer.picture.value
    topics = list(explore.list_topics())
    explorer.topic.value = topics[-2]
    assert [v for _, v in explorer.chart.options] == list(explore.list_topics()[topics[-2]].charts)
    assert explorer.picture.value != first and explorer.last_redraw_seconds > 0
    explorer.language.value = "en"
    assert explorer.topic.description == "Topic" and explorer.tabs.titles[1] == "By unit"
    assert explorer.chart.label == registry.get(explorer.chart.value).title["en"]
    explorer.unit.value = "kon_ray"
    assert "Kon Ray" in explorer.district.value
    explorer.query.value = "dang vien nu"
    assert explorer.topic.value == "02-membership-recruitment"
    assert explorer.filters["indicator"].value == "nu"
    assert "Women" in explorer.status.value


def test_explore_stays_callable_after_its_module_is_imported():
    from nq03lib import explore as module

    assert callable(nq.explore) and callable(module)
    assert module.explore.__doc__.startswith("Open the interactive explorer")


def test_every_table_read_by_a_chart_is_a_data_table():
    for name in list(registry.charts())[:5]:
        _, tables = explore.compute_chart_data(name, "en")
        assert tables and set(tables) <= set(TABLES)


def test_every_figure_is_listed_once_with_a_quote_that_stands_in_the_report():
    figures = explore.list_figures("vi")
    frames = explore.load_frames()
    restated = len(frames["restatements"])
    assert len(figures) == sum(len(f) for t, f in frames.items() if t != "restatements") + restated
    for location, quote in zip(figures["location"], figures["quote"]):
        assert _quote_stands_at_its_location(location, quote)


def test_a_searchable_table_keeps_the_rows_with_every_word_accents_optional():
    pytest.importorskip("ipywidgets")
    figures = explore.list_figures("vi")
    table = explore.make_searchable_table(figures, "vi")
    plain, accented = table.select_rows("ngoc hoi"), table.select_rows("Ngọc Hồi")
    assert len(plain) == len(accented) > 0
    assert len(plain) == sum(
        "Ngọc Hồi" in f or "Ngọc Hồi" in q for f, q in zip(figures["figure"], figures["quote"])
    )
    table.query.value = "dang vien nu"
    assert len(table.select_rows()) == len(table.select_rows("đảng viên nữ")) < len(figures)
    assert table.table.value.count("<tr>") == len(table.select_rows()) + 1
    assert "Bảng" in table._repr_mimebundle_()["text/plain"]


def test_a_cache_file_replaces_the_stale_ones_of_its_kind(tmp_path):
    stale, other = tmp_path / "relation-rows-0000.csv", tmp_path / "chart-rows-0000.csv"
    stale.write_text("old", encoding="utf-8")
    other.write_text("other kind", encoding="utf-8")
    frame = pd.DataFrame({"relation_id": ["a"], "table": ["rates"]})
    fresh = tmp_path / "relation-rows-1111.csv"
    explore._keep_in_cache(fresh, frame)
    pd.testing.assert_frame_equal(pd.read_csv(fresh), frame)
    assert not stale.exists() and other.exists()


def test_the_relation_rows_are_kept_under_the_hash_of_data_and_code():
    explore.load_relation_rows()
    name = f"relation-rows-{explore.hash_inputs(*explore.RELATION_CODE)}.csv"
    assert [p.name for p in paths.CACHE_DIR.glob("relation-rows-*.csv")] == [name]


def test_execute_runs_the_explorer_with_the_numbered_notebooks_and_writes_its_english_edition(monkeypatch):
    done = []
    monkeypatch.setattr(nbtools, "execute_notebook", lambda path: done.append(("run", path.name)) or path)
    monkeypatch.setattr(nbtools, "write_edition", lambda path, lang: done.append((lang, path.name)) or path)
    nbtools.execute_all(log=lambda message: None)
    names = [p.name for p in nbtools.notebook_paths("vi")]
    assert [n for kind, n in done if kind == "run"] == [*names, nbtools.EXPLORER]
    assert ("en", nbtools.EXPLORER) in done
    done.clear()
    nbtools.execute_all([nbtools.explorer_path("en")], log=lambda message: None)
    assert done == [("run", nbtools.EXPLORER), ("en", nbtools.EXPLORER)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_location_as_readers_read_it_gives_back_its_codes(lang):
    from nq03lib.text import format_location

    codes = sorted({str(loc) for f in explore.load_frames().values() for loc in f["location"]})
    for code in codes:
        assert explore.read_locations(format_location(code, lang)) == {code}, code
    pair = ", ".join(codes[:2])
    assert explore.read_locations(format_location(pair, lang)) == set(codes[:2])


def test_a_chart_is_tied_only_to_the_tables_it_reads_even_in_a_fresh_session(monkeypatch):
    from nq03lib.data import parse, schema

    monkeypatch.setattr(explore, "_MEMO", {})  # a fresh kernel: nothing loaded yet
    monkeypatch.setattr(parse, "_CACHE", {})
    _, tables = explore.compute_chart_data("01-ratings-implied-counts", "vi")
    assert "ratings_members" in tables
    assert len(tables) < len(schema.TABLES) / 2, tables


def test_the_checks_panel_explains_in_the_readers_language():
    from nq03lib.data.parse import read_known_exceptions

    known = read_known_exceptions().set_index("relation_id")
    row = known.loc["parts:inspections:dang_vien by level"]
    for lang, mine, other in (
        ("vi", "explanation_vi", "explanation_en"),
        ("en", "explanation_en", "explanation_vi"),
    ):
        view = explore.build_view("07-inspection-discipline", "07-inspections-by-level", lang=lang)
        table = view["relations_table"]
        shown = table.data if hasattr(table, "data") else str(table)
        assert " ".join(row[mine].split()[:6]) in shown, lang
        assert " ".join(row[other].split()[:6]) not in shown, lang
