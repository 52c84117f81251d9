"""Two editions, one source: the English notebooks are made from the Vietnamese ones and a catalog."""

import nbformat
import pytest

from nq03lib import nbtools

#: Every Vietnamese notebook with an English edition: the numbered ones and the explorer.
VI = nbtools.executed_paths("vi")


def _synthetic():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 01 · Xếp loại", id="title"),
        nbformat.v4.new_code_cell('lang = "vi"', id="params", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print(lang)", id="code"),
        nbformat.v4.new_markdown_cell("Biểu đồ cho thấy …", id="after-chart"),
    ]
    return nb


def test_a_catalog_round_trips(tmp_path):
    entries = {"title": "# 01 · Ratings", "after-chart": "The chart shows …\n\nTwo paragraphs."}
    path = tmp_path / "x.en.md"
    path.write_text(nbtools.format_catalog(entries), encoding="utf-8")
    assert nbtools.read_catalog(path) == entries


def test_a_catalog_with_a_repeated_id_or_loose_text_is_refused_with_its_line(tmp_path):
    path = tmp_path / "x.en.md"
    path.write_text("<!-- cell: a -->\nA\n\n<!-- cell: a -->\nB\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.en\.md, line 4: cell id 'a' appears twice"):
        nbtools.read_catalog(path)
    path.write_text("stray\n<!-- cell: a -->\nA\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        nbtools.read_catalog(path)


def test_an_edition_keeps_the_code_and_swaps_the_prose_and_the_language():
    vi = _synthetic()
    en = nbtools.build_edition(vi, {"title": "# 01 · Ratings", "after-chart": "The chart shows …"})
    assert [c.source for c in en.cells] == [
        "# 01 · Ratings",
        'lang = "en"',
        "print(lang)",
        "The chart shows …",
    ]
    assert [c["id"] for c in en.cells] == [c["id"] for c in vi.cells]
    assert vi.cells[1].source == 'lang = "vi"'  # the source notebook is untouched


def test_an_edition_refuses_a_catalog_that_does_not_match_the_cells():
    with pytest.raises(ValueError, match=r"missing \['after-chart'\], not in the notebook \['extra'\]"):
        nbtools.build_edition(_synthetic(), {"title": "# t", "extra": "x"})


def test_the_vietnamese_word_share_tells_the_languages_apart():
    assert nbtools.measure_vietnamese_share("Tỉ lệ đảng viên là người dân tộc thiểu số tăng") > 0.9
    assert nbtools.measure_vietnamese_share("The share of members from ethnic minorities (DTTS) rose") < 0.15


@pytest.mark.parametrize("path", VI, ids=lambda p: p.stem)
def test_the_english_edition_is_made_from_the_vietnamese_notebook_and_its_catalog(path):
    catalog = nbtools.catalog_path(path, "en")
    assert catalog.exists(), f"no English catalog {catalog}"
    english = nbtools.edition_path(path, "en")
    assert english.exists(), f"no English edition {english}: run python3 dev.py execute {path}"
    expected = nbtools.build_edition(nbformat.read(path, as_version=4), nbtools.read_catalog(catalog))
    actual = nbformat.read(english, as_version=4)
    assert [(c.cell_type, c["id"], c.source) for c in actual.cells] == [
        (c.cell_type, c["id"], c.source) for c in expected.cells
    ], f"{english} is stale or edited by hand: run python3 dev.py execute {path}"


@pytest.mark.parametrize("path", VI, ids=lambda p: p.stem)
def test_the_prose_is_in_the_editions_language(path):
    vi = "\n".join(nbtools.markdown_cells(nbformat.read(path, as_version=4)).values())
    en = "\n".join(nbtools.read_catalog(nbtools.catalog_path(path, "en")).values())
    assert nbtools.measure_vietnamese_share(vi) >= 0.6, "the Vietnamese notebook's prose is not Vietnamese"
    assert nbtools.measure_vietnamese_share(en) <= 0.2, "the English catalog's prose is not English"
