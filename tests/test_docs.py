"""The data dictionary files are generated from nq03lib.data.schema and current."""

import json

from nq03lib import paths
from nq03lib.data import docs
from nq03lib.data import schema as metadata


def test_datapackage_json_is_current():
    on_disk = json.loads(paths.DATAPACKAGE_FILE.read_text(encoding="utf-8"))
    assert on_disk == docs.build_datapackage(), "run: python -m nq03lib docs"


def test_data_readme_is_current():
    assert paths.DATA_README_FILE.read_text(encoding="utf-8") == docs.build_readme(), (
        "run: python -m nq03lib docs"
    )


def test_datapackage_describes_every_csv_and_column():
    package = docs.build_datapackage()
    names = [r["name"] for r in package["resources"]]
    assert names == list(metadata.TABLES)
    for resource in package["resources"]:
        header = (paths.DATA_DIR / resource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]]
        assert all(f["description"] for f in resource["schema"]["fields"])


def test_readme_explains_each_abbreviation_in_both_languages():
    text = paths.DATA_README_FILE.read_text(encoding="utf-8")
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
