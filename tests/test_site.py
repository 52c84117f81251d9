"""The offline site: it builds from the stored notebooks, marks every stored figure once, links resolve, no network.

The site is built once for the module (from scratch: the trace of the relations
is not reused), from a copy of the project's notebooks; when the project has no
English edition yet, two English notebooks are made from the Vietnamese ones
and their catalogs (outputs kept), so that both editions are always built.
"""

import dataclasses
import html
import html.parser
import json
import re
import shutil
import unicodedata
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

from nq03lib import nbtools, paths
from nq03lib.api import load_all
from nq03lib.audit import Check
from nq03lib.data import schema
from nq03lib.data.parse import parse_table
from nq03lib.data.source import load_report, parse_vi_number, reading_form
from nq03lib.site import build, figures, layout, pages, report, words

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _stored_figures() -> list[tuple[str, str, str, Decimal, str]]:
    """Every non-empty numeric cell of every table but restatements: (table, key, column, value, location)."""
    out = []
    for table, frame in load_all().items():
        if table == "restatements":
            continue
        key_columns = [c for c in schema.TABLES[table]["key"] if c != "source_id"]
        for _, row in frame.iterrows():
            key = ";".join(f"{c}={row[c]}" for c in key_columns)
            for column in schema.value_columns(table):
                if not pd.isna(row[column]):
                    out.append((table, key, column, Decimal(str(row[column])), row["location"]))
    return out


def _english_editions(source: Path, target: Path, wanted: int = 2) -> list[str]:
    """Make English notebooks from Vietnamese ones and their catalogs, keeping the stored outputs."""
    made = []
    for path in sorted(source.glob("[0-9][0-9]-*.ipynb")):
        catalog_file = nbtools.catalog_path(path, "en")
        if not catalog_file.exists():
            continue
        catalog = nbtools.read_catalog(catalog_file)
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
        if {c.get("id") for c in cells} != set(catalog):
            continue
        for cell in cells:
            cell["source"] = catalog[cell["id"]]
        (target / path.name).write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
        made.append(path.stem)
        if len(made) == wanted:
            break
    return made


@pytest.fixture(scope="module")
def notebooks_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("notebooks")
    for path in sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
        shutil.copy(path, folder / path.name)
    english = folder / "en"
    english.mkdir()
    existing = sorted((paths.NOTEBOOKS_DIR / "en").glob("[0-9][0-9]-*.ipynb"))
    for path in existing:
        shutil.copy(path, english / path.name)
    if not existing and not _english_editions(paths.NOTEBOOKS_DIR, english):
        # no catalog matches its notebook (a translation under way): any notebook shows the edition works
        for path in sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))[:2]:
            shutil.copy(path, english / path.name)
    return folder


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("site-cache")


@pytest.fixture(scope="module")
def site(tmp_path_factory, notebooks_dir, cache_dir) -> build.BuildResult:
    out = tmp_path_factory.mktemp("built") / "site"
    return build.build_site(out, notebooks_dir=notebooks_dir, cache_dir=cache_dir, log=lambda _: None)


class _Page(html.parser.HTMLParser):
    """Collect a page's ids, links, marks (with their enclosing location) and text."""

    LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.marks: list[dict] = []
        self.stack: list[tuple[str, dict]] = []
        self._mark: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in self.LINKING and attrs.get(self.LINKING[tag]):
            self.links.append(attrs[self.LINKING[tag]])
        if tag == "a" and "data-table" in attrs:
            location = next(
                (a["data-location"] for _, a in reversed(self.stack) if "data-location" in a), None
            )
            self._mark = {**attrs, "location": location, "text": ""}
        if tag not in ("br", "img", "meta", "link", "input", "hr", "source", "wbr"):
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            top, _ = self.stack.pop()
            if top == tag:
                break
        if tag == "a" and self._mark is not None:
            self.marks.append(self._mark)
            self._mark = None

    def handle_data(self, data):
        if self._mark is not None:
            self._mark["text"] += data


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


# ---------------------------------------------------------------- the build


def test_the_site_has_both_editions_and_every_notebook(site, notebooks_dir):
    out = site.out
    found = build.find_notebooks(notebooks_dir)
    assert found["vi"] and found["en"], "the fixture should give both editions"
    for lang in ("vi", "en"):
        for page in ("home", "report", "audit", "data", "dictionary", "notebooks", "search"):
            assert (out / layout.get_site_path(page, lang)).exists(), (lang, page)
        for path in found[lang]:
            assert (out / layout.get_site_path("notebook", lang, notebook=path.stem)).exists()
        for table in schema.TABLES:
            assert (out / layout.get_site_path("table", lang, table=table)).exists()
    assert site.notebooks == {lang: [p.stem for p in found[lang]] for lang in ("vi", "en")}
    assert (out / layout.get_download_path(layout.WORKBOOK_NAME)).stat().st_size > 10_000
    assert not [w for w in site.warnings if "WARNING" in w or "ERROR" in w], site.warnings


def test_the_site_is_small_and_holds_no_build_leftovers(site):
    assert site.size < 40e6
    assert not list(site.out.rglob("*.map")) and not list(site.out.rglob(".doctrees"))
    assert not list(site.out.rglob(".buildinfo"))


def test_pages_declare_their_language_and_speak_it(site):
    vi = (site.out / "index.html").read_text(encoding="utf-8")
    en = (site.out / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in vi and '<html lang="en"' in en
    assert "Báo cáo có chú giải" in vi and "The annotated report" in en
    english_dir = site.out / layout.EDITION_DIRS["en"]
    for page in site.pages:
        if english_dir in page.parents:
            continue
        text = page.read_text(encoding="utf-8")
        left = [s for s in build.VI_STRINGS if s in text]
        assert not left, f"{page.relative_to(site.out)}: English interface strings {left}"


def test_vietnamese_data_and_audit_pages_have_no_english_description(site):
    """Table pages, the data index, the dictionary and the audit speak the edition's language."""
    import html as html_module

    from nq03lib.data.parse import read_known_exceptions

    def read(page: str, lang: str, **fields) -> str:
        path = site.out / layout.get_site_path(page, lang, **fields)
        return html_module.unescape(path.read_text(encoding="utf-8"))

    for table, meta in schema.TABLES.items():
        vi, en = read("table", "vi", table=table), read("table", "en", table=table)
        assert meta["description"]["vi"] in vi and meta["description"]["en"] not in vi, table
        assert meta["description"]["en"] in en, table
        for column, cmeta in meta["columns"].items():
            assert cmeta["description"]["vi"] in vi and cmeta["description"]["en"] not in vi, (table, column)
    for page in ("data", "dictionary"):
        vi = read(page, "vi")
        for meta in schema.TABLES.values():
            assert meta["description"]["vi"] in vi and meta["description"]["en"] not in vi, page
    vi, en = read("audit", "vi"), read("audit", "en")
    known = read_known_exceptions()
    assert len(known)
    for row in known.itertuples():
        assert row.explanation_vi in vi and row.explanation_en not in vi
        assert row.explanation_en in en and row.explanation_vi not in en
    report_vi = read("report", "vi")
    assert known.iloc[0]["explanation_vi"] in report_vi and known.iloc[0]["explanation_en"] not in report_vi


def test_notebook_code_is_hidden_and_shown_on_request(site):
    name = site.notebooks["vi"][0]
    text = (site.out / layout.get_site_path("notebook", "vi", notebook=name)).read_text(encoding="utf-8")
    assert re.search(r'<details class="[^"]*hide above-input', text)
    assert "Hiện mã" in text
    english = site.notebooks["en"][0]
    text = (site.out / layout.get_site_path("notebook", "en", notebook=english)).read_text(encoding="utf-8")
    assert "Show code" in text


# ---------------------------------------------------------------- the annotated report


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_stored_figure_is_marked_once_where_it_is_printed(site, lang):
    page = _parse(site.out / layout.get_site_path("report", lang))
    stored = _stored_figures()
    assert len(page.marks) == len(stored)  # 205 when this was written
    seen = {(m["data-table"], m["data-key"], m["data-column"]) for m in page.marks}
    assert len(seen) == len(page.marks), "a figure is marked twice"
    by_id = {(t, k, c): (v, loc) for t, k, c, v, loc in stored}
    assert seen == set(by_id)
    for mark in page.marks:
        value, location = by_id[(mark["data-table"], mark["data-key"], mark["data-column"])]
        assert parse_vi_number(mark["text"]) == value, mark
        assert mark["location"] == location, mark


def test_the_report_keeps_its_text_sections_and_footnotes(site):
    text = (site.out / "bao-cao.html").read_text(encoding="utf-8")
    page = _parse(site.out / "bao-cao.html")
    report_ = load_report()
    for location in report_.sections:
        assert f"s-{location}" in page.ids, location
    for n in report_.footnotes:
        assert {f"fn-{n}", f"fnref-{n}"} <= page.ids
        assert f'href="#fn-{n}"' in text and f'href="#fnref-{n}"' in text
    assert report.UNMARKED_NOTE["vi"] in text
    plain = reading_form(html.unescape(re.sub(r"<[^>]+>", "", text)))
    for sentence in ("Toàn Đảng bộ tỉnh có 29.651 đảng viên", "Huyện Kon Rẫy đạt 14,29%"):
        assert sentence in plain


def test_marks_are_coloured_by_their_most_pressing_verdict(site):
    page = _parse(site.out / "bao-cao.html")
    verdict = {(m["data-table"], m["data-key"], m["data-column"]): m for m in page.marks}
    total = verdict[
        (
            "inspections",
            "period=2016-08/2021;level=tat_ca;target=dang_vien;activity=kiem_tra_giam_sat",
            "inspection_count",
        )
    ]
    assert "nq-v-clarify" in total["class"] and total["data-verdict"] == "does not hold as stated"
    classes = {re.search(r"nq-v-(\w+)", m["class"]).group(1) for m in page.marks}
    assert {"holds", "clarify"} <= classes
    legend = (site.out / "bao-cao.html").read_text(encoding="utf-8")
    for verdict_code in ("holds", "does not hold as stated"):
        short = report.VERDICT_SHORT[verdict_code][0]
        assert short in legend
    assert "Cần làm rõ" in legend


def test_the_popup_data_names_every_relation_a_figure_takes_part_in(site):
    from nq03lib.audit import audit

    text = (site.out / "bao-cao.html").read_text(encoding="utf-8")
    data = json.loads(
        re.search(r'<script type="application/json" id="nq-report-data">(.*?)</script>', text, re.S).group(1)
    )
    ids = set(audit()["relation_id"].astype(str))
    assert len(data["figures"]) == len(_stored_figures())
    for figure in data["figures"].values():
        assert set(figure["relations"]) <= ids
        assert set(figure["relations"]) <= set(data["relations"])
    share = next(f for f in data["figures"].values() if f["code"] == "membership" and f["value"] == "35,57")
    assert "share:membership:2021/nu" in share["relations"]


# ---------------------------------------------------------------- links, network, text


def test_every_internal_link_resolves(site):
    parsed = {page: _parse(page) for page in site.pages}
    broken = []
    for page, content in parsed.items():
        for link in content.links:
            parts = urlsplit(link)
            assert not parts.scheme or parts.scheme in ("mailto",), f"{page.relative_to(site.out)}: {link}"
            if link.startswith("#"):
                if link[1:] and unquote(link[1:]) not in content.ids:
                    broken.append((page, link))
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.exists() or site.out.resolve() not in [target, *target.parents]:
                broken.append((page, link))
            elif parts.fragment and target in parsed and unquote(parts.fragment) not in parsed[target].ids:
                broken.append((page, link))
    shown = [f"{p.relative_to(site.out)} → {link}" for p, link in broken[:20]]
    assert not broken, f"{len(broken)} broken links, e.g.:\n" + "\n".join(shown)


def test_no_page_or_style_refers_to_the_network(site):
    external = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
    for path in site.pages:
        found = re.findall(r"https?://\S{0,60}", path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(site.out)}: {found[:3]}"
    for path in site.out.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^)'\"]+)", path.read_text(encoding="utf-8")):
            assert not external.match(url), f"{path.relative_to(site.out)}: {url}"
        assert not re.search(r"@import\s+(?:url\()?['\"]?(?:https?:)?//", path.read_text(encoding="utf-8"))


def test_every_page_is_nfc_and_keeps_vietnamese_diacritics(site):
    for path in [*site.pages, *site.out.rglob("searchindex.js")]:
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path.relative_to(site.out)
    text = (site.out / "bao-cao.html").read_text(encoding="utf-8")
    assert "Ban Thường vụ Tỉnh ủy" in text and "Đăk Tô" in text


def test_the_search_is_offline_and_ignores_diacritics(site):
    from nq03lib.site.sphinxext import SearchVietnamese

    assert SearchVietnamese({}).stem("Trưởng") == "truong"
    index = (site.out / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1 : index.rindex(")")])["terms"]
    assert "thon" in terms and "truong" in terms and "thôn" not in terms
    assert "stemWord" in (site.out / "_static" / "language_data.js").read_text(encoding="utf-8")


def test_two_builds_give_the_same_files(site, tmp_path, notebooks_dir, cache_dir):
    again = build.build_site(
        tmp_path / "site", notebooks_dir=notebooks_dir, cache_dir=cache_dir, log=lambda _: None
    )
    first = {p.relative_to(site.out): p for p in site.out.rglob("*") if p.is_file()}
    second = {p.relative_to(again.out): p for p in again.out.rglob("*") if p.is_file()}
    assert set(first) == set(second)
    differ = sorted(str(k) for k in first if first[k].read_bytes() != second[k].read_bytes())
    assert [d for d in differ if d not in build.NOT_REPRODUCIBLE] == []


# ---------------------------------------------------------------- the browser


def _browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    return sync_api


def test_the_report_and_two_notebooks_work_in_a_browser(site):
    sync_api = _browser()
    pages = [
        site.out / layout.get_site_path("report", "vi"),
        site.out / layout.get_site_path("notebook", "vi", notebook=site.notebooks["vi"][0]),
        site.out / layout.get_site_path("notebook", "en", notebook=site.notebooks["en"][0]),
    ]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            errors, requests = [], []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(pages[0].as_uri())
            stored = len(_stored_figures())
            marks = page.locator("a.nq-fig[data-table]")
            assert marks.count() == stored
            pop = page.locator("#nq-pop")
            assert pop.is_hidden()
            mark = page.locator('a.nq-fig[data-table="membership"][data-column="member_count"]').first
            mark.scroll_into_view_if_needed()
            mark.click()
            assert pop.is_visible()
            assert "Đảng viên năm 2021" in pop.inner_text()
            assert pop.locator("a", has_text="Xem dòng trong bảng").count() == 1
            page.keyboard.press("Escape")
            assert pop.is_hidden()
            for notebook in pages[1:]:
                page.goto(notebook.as_uri())
                assert page.locator("details.hide").count() > 0
                assert page.locator("img").count() + page.locator("table").count() > 0
            page.goto((site.out / "search.html").as_uri() + "?q=thon+truong")
            # wait for Sphinx's "search finished" line (in Vietnamese): every page has been scored
            page.wait_for_function(
                "document.getElementById('search-results').innerText.includes('Tìm xong')", timeout=30_000
            )
            # an accent-free query finds the Vietnamese village-leadership notebook
            assert "Thôn trưởng" in page.locator("#search-results").inner_text()
            assert errors == []
            outside = [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
            assert outside == [], outside[:5]
            plain = browser.new_context(java_script_enabled=False).new_page()
            plain.goto(pages[0].as_uri())
            assert plain.locator("a.nq-fig[data-table]").count() == stored
            assert plain.locator("#nq-pop").count() == 0
            href = plain.locator("a.nq-fig[data-table]").first.get_attribute("href")
            plain.locator("a.nq-fig[data-table]").first.click()
            assert plain.url.endswith(href.split("/")[-1])
        finally:
            browser.close()


# ---------------------------------------------------------------- the parts, without building


@pytest.fixture(scope="module")
def frames():
    return {name: parse_table(name) for name in schema.TABLES}


def test_a_figure_not_printed_in_its_quote_cannot_be_placed(frames):
    found = figures.list_figures(frames)
    figures.place_figures(found, frames["restatements"])
    wrong = dataclasses.replace(found[0], value=found[0].value + 1)
    with pytest.raises(figures.PlacementError, match="not printed inside its quote"):
        figures.place_figures([wrong, *found[1:]])


def test_two_figures_printed_alike_take_the_printings_in_column_order(frames):
    found = [f for f in figures.list_figures(frames) if f.quote.startswith("Có 10/10 huyện")]
    assert [f.column for f in found] == ["numerator_count", "denominator_count"]
    placed, _ = figures.place_figures(found)
    assert placed[found[0]].start < placed[found[1]].start


def test_a_second_printing_shares_a_number_with_a_stored_figure(frames):
    found = figures.list_figures(frames)
    placed, again = figures.place_figures(found, frames["restatements"])
    assert len(again) == len(frames["restatements"])
    shared = [r for r in again if r.placement in set(placed.values())]
    assert shared and all(r.figure.value == parse_vi_number(r.placement.token) for r in again)


def test_the_trace_finds_the_relations_that_read_a_figure(frames):
    members = [f for f in figures.list_figures(frames) if f.table in ("membership", "membership_age")]
    traced = figures.trace_relations(frames, members)
    women = next(f for f in members if f.key.endswith("group=nu") and f.column == "member_count")
    assert "share:membership:2021/nu" in traced[women]
    age = next(f for f in members if f.table == "membership_age")
    assert traced[age] == ()


def test_the_trace_splits_groups_down_to_the_figures_a_generator_reads(frames, monkeypatch):
    found = [f for f in figures.list_figures(frames) if f.table == "rates"]
    a, b = found[3], found[17]

    def generator(f):
        rates = f["rates"]
        yield Check(
            "fake:sum",
            "parts_sum",
            "a + b",
            "x",
            float(rates.loc[a.row, a.column] + rates.loc[b.row, b.column]),
            0.0,
            0.0,
        )

    monkeypatch.setattr(figures, "list_relation_generators", lambda: [(("rates",), generator)])
    traced = figures.trace_relations(frames, found)
    assert {f for f, ids in traced.items() if ids} == {a, b}


def test_the_reading_map_follows_reading_form():
    raw = "Có 665\nTCCSĐ ( chiếm 15,34%\n) và\n, tiếp  theo"
    text, offsets = report.track_reading_form(raw)
    assert text == reading_form(raw)
    assert all(raw[i] == c or raw[i].isspace() for c, i in zip(text, offsets))
    with pytest.raises(ValueError, match="NFC"):
        report.track_reading_form(unicodedata.normalize("NFD", "Đảng"))


def test_every_location_of_the_report_is_found_in_its_text():
    text = report.read_report_text("bc124-2021")
    report_ = load_report()
    for location in report_.locations:
        reading = report_.text_at(location)
        start, end = text.find_raw_span(location, 0, len(reading))
        assert reading_form(text.text[start:end]) == reading, location


def test_without_english_notebooks_the_english_pages_say_so():
    names = {"vi": ["01-a", "02-b"], "en": []}
    counterparts = build._map_counterparts("vi", names)
    assert counterparts["so-tay/01-a"] == layout.get_site_path("notebooks", "en")
    assert build._map_counterparts("en", names)["report"] == "bao-cao.html"
    page = pages.build_notebooks_page([], "en", vi_only=True)
    assert words.get_text("notebook_missing_en", "en") in page


def test_the_site_command_is_wired(capsys):
    import dev
    from nq03lib.__main__ import main

    assert "site" in dev.JOBS
    with pytest.raises(SystemExit) as exc:
        main(["site", "--help"])
    assert exc.value.code == 0
    assert "--no-cache" in capsys.readouterr().out
    assert "/site/" in (paths.PROJECT_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()
