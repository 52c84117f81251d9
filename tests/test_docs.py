"""The data dictionary files are generated from nq03lib.data.schema and current."""

import json
import re
import unicodedata

import pytest

from nq03lib import nbtools, paths
from nq03lib.data import docs
from nq03lib.data import schema as metadata
from nq03lib.data.parse import read_known_exceptions
from nq03lib.text import LANGS


def test_datapackage_json_is_current():
    on_disk = json.loads(paths.DATAPACKAGE_FILE.read_text(encoding="utf-8"))
    assert on_disk == docs.build_datapackage(), "run: python -m nq03lib docs"


@pytest.mark.parametrize("lang", LANGS)
def test_data_readme_is_current(lang):
    path = docs.get_readme_path(lang)
    assert path.read_text(encoding="utf-8") == docs.build_readme(lang), "run: python -m nq03lib docs"


def test_the_data_dictionary_is_vietnamese_with_an_english_edition():
    vi = paths.DATA_README_FILE.read_text(encoding="utf-8")
    en = paths.DATA_README_EN_FILE.read_text(encoding="utf-8")
    assert vi.startswith("# Từ điển dữ liệu\n") and en.startswith("# Data dictionary\n")
    assert "(README.en.md)" in vi and "(README.md)" in en, "each edition links the other"
    assert unicodedata.is_normalized("NFC", vi) and unicodedata.is_normalized("NFC", en)
    # the English labels of codes and abbreviations stand in their own column in both editions
    assert nbtools.measure_vietnamese_share(vi) >= 0.75
    assert nbtools.measure_vietnamese_share(en) <= 0.25
    for name, meta in metadata.TABLES.items():
        assert f"**{meta['title']['vi']}** — {meta['description']['vi']}" in vi, name
        assert f"**{meta['title']['en']}** — {meta['description']['en']}" in en, name
        for column, cmeta in meta["columns"].items():
            assert cmeta["description"]["vi"] in vi, (name, column)
            assert cmeta["description"]["en"] in en, (name, column)
    for row in read_known_exceptions().itertuples():
        assert row.explanation_vi in vi and row.explanation_vi not in en
        assert row.explanation_en in en and row.explanation_en not in vi


def _texts(meta: dict) -> list[tuple[str, dict]]:
    """Return every text of a table's metadata: its title, description and column descriptions."""
    out = [("title", meta["title"]), ("description", meta["description"])]
    out += [(column, cmeta["description"]) for column, cmeta in meta["columns"].items()]
    return out


SCHEMAS = {**metadata.TABLES, "known_exceptions": metadata.KNOWN_EXCEPTIONS, "sources": metadata.SOURCES}


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_title_and_description_is_in_both_languages(name):
    for field, text in _texts(SCHEMAS[name]):
        assert isinstance(text, dict) and set(text) == set(LANGS), (name, field)
        vi, en = text["vi"].strip(), text["en"].strip()
        assert vi and en, (name, field)
        assert vi != en, (name, field, "the Vietnamese text is the English one")
        assert unicodedata.is_normalized("NFC", vi), (name, field)
        share = nbtools.measure_vietnamese_share
        assert share(en) < share(vi), (name, field, "the English text reads as Vietnamese")


def test_the_vietnamese_texts_of_the_schema_are_vietnamese():
    texts = [text["vi"] for meta in SCHEMAS.values() for _, text in _texts(meta)]
    # the measure counts codes (tat_ca, fn10, sources.csv) and Vietnamese words without diacritics
    # ("in", "dung", "nhau") as not Vietnamese: all the Vietnamese texts together measure 0.87
    assert nbtools.measure_vietnamese_share(" ".join(texts)) >= 0.85
    for text in texts:  # none is left in English: a short one may carry a file name or a code
        assert nbtools.measure_vietnamese_share(text) >= 0.5, text


def test_every_unit_has_its_words_in_both_languages():
    units = {m["unit"] for meta in SCHEMAS.values() for m in meta["columns"].values() if m.get("unit")}
    assert units <= set(metadata.UNIT_LABELS), units - set(metadata.UNIT_LABELS)
    for unit in units:
        vi, en = metadata.UNIT_LABELS[unit]
        assert vi and en and unicodedata.is_normalized("NFC", vi)


def test_known_exceptions_are_explained_in_vietnamese_with_the_same_figures():
    number = re.compile(r"\d+(?:[.,]\d+)*")
    known = read_known_exceptions()
    assert len(known)
    for row in known.itertuples():
        vi, en = row.explanation_vi, row.explanation_en
        assert nbtools.measure_vietnamese_share(vi) >= 0.85, row.relation_id
        assert nbtools.measure_vietnamese_share(en) <= 0.35, row.relation_id  # English quoting the report
        assert unicodedata.is_normalized("NFC", vi)
        # the facts are the same: every figure of one edition, as often, in the other
        assert sorted(number.findall(vi)) == sorted(number.findall(en)), row.relation_id
        if row.verdict == "does not hold as stated":
            assert "cần làm rõ" in vi.lower()
        assert " sai " not in f" {vi.lower()} " and "không khớp" not in vi.lower()


def test_datapackage_describes_every_csv_and_column():
    package = docs.build_datapackage()
    names = [r["name"] for r in package["resources"]]
    assert names == list(metadata.TABLES)
    for resource in package["resources"]:
        header = (paths.DATA_DIR / resource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]]
        assert all(f["description"] and f["description_en"] for f in resource["schema"]["fields"])
        assert resource["title"] == metadata.TABLES[resource["name"]]["title"]["vi"]
        assert resource["title_en"] == metadata.TABLES[resource["name"]]["title"]["en"]


@pytest.mark.parametrize("lang", LANGS)
def test_readme_explains_each_abbreviation_in_both_languages(lang):
    text = docs.get_readme_path(lang).read_text(encoding="utf-8")
    for abbreviation in ["TCCSĐ", "DTTS", "HTXSNV", "HTTNV", "HTNV", "TSVM", "TSVMTB"]:
        vi, en = metadata.ABBREVIATIONS[abbreviation]
        assert f"| {abbreviation} | {vi} | {en} |" in text


def test_every_category_code_has_both_labels():
    for name, codes in metadata.CATEGORIES.items():
        for code, (vi, en) in codes.items():
            assert vi and en, (name, code)


def test_the_start_page_is_current_and_links_every_notebook():
    import nbformat

    from nq03lib import nbtools

    page = nbformat.read(paths.PROJECT_DIR / nbtools.START_PAGE, as_version=4)
    assert page.cells[0].source == nbtools.build_start_page().cells[0].source, "run: python3 dev.py docs"
    for path in nbtools.notebook_paths("vi"):
        assert f"(notebooks/{path.name})" in page.cells[0].source
    if nbtools.explorer_path("vi").exists():
        assert "(notebooks/explore.ipynb)" in page.cells[0].source, "the start page opens the explorer"
    for target in ("data/README.md", "notebooks/en/", "README.md"):
        assert f"]({target})" in page.cells[0].source
