"""Build the offline site (``python -m nq03lib site``): two Sphinx projects assembled in a temporary folder.

Nothing is executed: the notebooks are shown with the outputs stored in them
(MyST-NB, ``nb_execution_mode = "off"``), the ones the tests check. The steps:

1. :func:`nq03lib.site.model.collect_model`: load and check the data, run the
   audit, place every stored figure in the report, trace its relations.
2. For each edition (Vietnamese at the root, English in ``en/``), write a
   Sphinx project into a temporary folder: ``conf.py``, the generated pages
   (:mod:`nq03lib.site.pages`, :mod:`nq03lib.site.report`), and a copy of every
   notebook of that edition found in ``notebooks/`` (``notebooks/en/`` for
   English) with its code cells tagged ``hide-input``. No notebook name is
   written down anywhere: the site shows whatever notebooks exist.
3. Run both Sphinx builds (one process each, side by side), copy the CSV
   tables and the workbook into ``tai-ve/``, drop Sphinx's build caches,
   translate the few interface strings Sphinx and the themes leave in English,
   and move the result into place (the previous site is replaced only once
   the new one is complete).

Every page is written in NFC. Two builds give the same bytes (see
:data:`NOT_REPRODUCIBLE` for what Sphinx leaves that a build cannot fix).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nq03lib import paths
from nq03lib.site import layout
from nq03lib.site.words import get_text
from nq03lib.text import LANGS, SOURCE_LANG, other_lang, pick

PACKAGE = Path(__file__).resolve().parent
#: Where ``python3 dev.py site`` writes the site (ignored by git).
SITE_DIR = paths.PROJECT_DIR / "site"
#: Where the trace of the relations is kept between builds.
CACHE_DIR = paths.PROJECT_DIR / "build" / "site-cache"
#: The report's date: every time stamp a tool would write (SOURCE_DATE_EPOCH).
SOURCE_DATE_EPOCH = "1632787200"
#: Files Sphinx writes for its own later runs, not for readers: removed from the site. The pickled
#: doctrees and environment (``.doctrees/``, kept outside the site anyway) hold the temporary
#: folder's absolute paths and file times, so no two builds give them the same bytes; ``.buildinfo``
#: (a hash of the configuration) and ``objects.inv`` (a cross-reference inventory) serve only Sphinx.
BUILD_LEFTOVERS = (".doctrees", ".buildinfo", ".buildinfo.bak", "objects.inv")
#: Jinja templates the themes leave among the static files (macros for their own pages, not pages).
THEME_TEMPLATES = ("webpack-macros.html", "sbt-webpack-macros.html")
#: Files of the site two builds may give different bytes (none: with the leftovers above removed,
#: two builds in different folders, with different hash seeds, give identical files; kept as the
#: place to say so should a Sphinx release change that).
NOT_REPRODUCIBLE: tuple[str, ...] = ()

#: Interface strings Sphinx, the themes and MyST-NB leave in English on Vietnamese pages (their
#: catalogs have no Vietnamese for them), with the Vietnamese the site writes instead.
VI_STRINGS = {
    "Tìm Kiếm": "Tìm kiếm",
    'placeholder="Search..."': 'placeholder="Tìm kiếm…"',
    'aria-label="Toggle hidden content"': 'aria-label="Hiện hoặc ẩn mã nguồn"',
    'title="Color mode"': 'title="Chế độ màu"',
    'aria-label="Color mode"': 'aria-label="Chế độ màu"',
    'title="System Settings"': 'title="Theo hệ thống"',
    "</i>System Settings</button>": "</i>Theo hệ thống</button>",
    'title="Light"': 'title="Sáng"',
    "</i>Light</button>": "</i>Sáng</button>",
    'title="Dark"': 'title="Tối"',
    "</i>Dark</button>": "</i>Tối</button>",
    "Skip to main content": "Chuyển đến nội dung chính",
    "Back to top": "Lên đầu trang",
    'title="next page"': 'title="trang sau"',
    'title="previous page"': 'title="trang trước"',
    'title="Toggle primary sidebar"': 'title="Ẩn hoặc hiện thanh điều hướng"',
    'title="Toggle secondary sidebar"': 'title="Ẩn hoặc hiện mục lục của trang"',
    'aria-label="Site navigation"': 'aria-label="Điều hướng"',
    'aria-label="Main"': 'aria-label="Phần chính"',
    'aria-label="On this page"': 'aria-label="Trên trang này"',
    'aria-label="Page"': 'aria-label="Trang"',
    'aria-label="Version warning"': 'aria-label="Cảnh báo phiên bản"',
    'title="Link to this heading"': 'title="Liên kết đến đề mục này"',
    "Please activate JavaScript to enable the search functionality.": "Hãy bật JavaScript để dùng chức năng tìm kiếm.",
}

#: Messages of Sphinx's search script that its Vietnamese catalog leaves untranslated.
VI_SCRIPT_MESSAGES = {
    "Search Results": "Kết quả tìm kiếm",
    "Searching": "Đang tìm",
    "Preparing search...": "Đang chuẩn bị tìm kiếm…",
    ", in ": ", trong ",
    "Search finished, found one page matching the search query.": [
        "Tìm xong: ${resultCount} trang có đủ các từ đã gõ."
    ],
    "Your search did not match any documents. Please make sure that all words are spelled correctly and "
    "that you've selected enough categories.": "Không tìm thấy trang nào có đủ các từ đã gõ (gõ có dấu hay "
    "không dấu đều được).",
    "Hide Search Matches": "Ẩn các từ tìm thấy",
    "Search": "Tìm kiếm",
    "search": "tìm kiếm",
}

#: Prompts of the code cells hidden by default.
CODE_PROMPTS = {
    "show": ("Hiện mã", "Show code"),
    "hide": ("Ẩn mã", "Hide code"),
}


class SiteBuildError(RuntimeError):
    """Raise when Sphinx fails or the built site is incomplete."""


@dataclass
class BuildResult:
    """Hold what a build made and how long it took.

    Attributes
    ----------
    out : Path
        The site's folder.
    seconds : float
        How long the build took (wall clock).
    pages : list of Path
        Every HTML page of the site.
    warnings : list of str
        What Sphinx printed (warnings and errors), with the temporary folders shortened.
    notebooks : dict of str to list of str
        The notebooks shown in each edition.

    """

    out: Path
    seconds: float
    pages: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notebooks: dict[str, list[str]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Return the site's size in bytes."""
        return sum(p.stat().st_size for p in self.out.rglob("*") if p.is_file())


def find_notebooks(notebooks_dir: Path = paths.NOTEBOOKS_DIR) -> dict[str, list[Path]]:
    """List the notebooks of each edition: ``NN-*.ipynb`` in ``notebooks/`` (vi) and ``notebooks/en/`` (en)."""
    found = {}
    for lang in LANGS:
        folder = Path(notebooks_dir) / layout.EDITION_DIRS[lang]
        found[lang] = sorted(folder.glob("[0-9][0-9]-*.ipynb")) if folder.is_dir() else []
    return found


def _map_counterparts(lang: str, names: dict[str, list[str]]) -> dict[str, str]:
    """Map every docname of edition ``lang`` to the path (from the site's root) of the same page in the other."""
    from nq03lib.data import schema

    other = other_lang(lang)
    out = {}
    for page in layout.PAGES[lang]:
        if page in ("table", "notebook"):
            continue
        out[layout.get_docname(page, lang)] = layout.get_site_path(page, other)
    out["genindex"] = layout.get_site_path("home", other)
    for table in schema.TABLES:
        out[layout.get_docname("table", lang, table=table)] = layout.get_site_path(
            "table", other, table=table
        )
    for name in names[lang]:
        if name in names[other]:
            target = layout.get_site_path("notebook", other, notebook=name)
        else:
            target = layout.get_site_path("notebooks", other)
        out[layout.get_docname("notebook", lang, notebook=name)] = target
    return out


def _write_conf(lang: str, names: dict[str, list[str]]) -> str:
    from nq03lib.data import schema
    from nq03lib.data.source import citation, default_source_id

    other = other_lang(lang)
    settings = {
        "project": get_text("site_title", lang),
        "author": "nq03",
        "copyright": "",
        "language": lang,
        "extensions": ["myst_nb", "nq03lib.site.sphinxext"],
        "nb_execution_mode": "off",
        "nb_ipywidgets_js": {},
        "nb_merge_streams": True,
        "nb_code_prompt_show": pick(CODE_PROMPTS["show"], lang),
        "nb_code_prompt_hide": pick(CODE_PROMPTS["hide"], lang),
        "myst_heading_anchors": 0,
        "html_theme": "sphinx_book_theme",
        "html_title": get_text("site_title", lang),
        "html_static_path": ["_static"],
        "html_css_files": ["nq03.css"],
        "html_js_files": ["nq03-report.js"],
        "templates_path": ["_templates"],
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_show_copyright": False,
        "html_show_sphinx": False,
        "html_last_updated_fmt": None,
        "html_use_index": False,
        "html_domain_indices": False,
        "html_search_language": lang,
        # a result's summary is fetched from its page, which browsers refuse on file://
        "html_show_search_summary": False,
        "locale_dirs": ["locale"],
        "html_context": {"default_mode": "light"},
        "html_theme_options": {
            "home_page_in_toc": True,
            "show_navbar_depth": 1,
            "show_toc_level": 2,
            "use_download_button": False,
            "use_fullscreen_button": False,
            "use_repository_button": False,
            "use_source_button": False,
            "use_edit_page_button": False,
            "use_issues_button": False,
            "navigation_with_keys": False,
            "article_header_end": ["nq-lang.html", "article-header-buttons.html"],
            # the wide tables of the data and audit pages get the page's full width
            "secondary_sidebar_items": {
                "**": ["page-toc.html"],
                **{layout.get_docname(page, lang): [] for page in ("audit", "data", "dictionary")},
                **{layout.get_docname("table", lang, table=table): [] for table in schema.TABLES},
            },
            "footer_content_items": ["extra-footer.html"],
            "extra_footer": f'<p class="nq-footer">{citation(default_source_id(), lang)}. '
            f"{get_text('footer', lang)}</p>",
        },
        "exclude_patterns": ["_build", "**.ipynb_checkpoints"],
        # a notebook's heading levels or an output type Sphinx cannot show are not the site's errors
        "suppress_warnings": ["mystnb.unknown_mime_type", "myst.header"],
        "nq_edition_dir": layout.EDITION_DIRS[lang],
        "nq_counterparts": _map_counterparts(lang, names),
        "nq_other_edition": {
            "nq_other_lang": other,
            "nq_other_label": get_text("other_edition", lang),
            "nq_other_title": get_text("other_edition_title", lang),
        },
    }
    lines = [
        '"""Sphinx configuration of one edition of the nq03 site (written by nq03lib.site.build)."""',
        "",
    ]
    lines += [f"{name} = {value!r}" for name, value in settings.items()]
    return "\n".join(lines) + "\n"


def write_script_messages(folder: Path) -> Path:
    """Write ``locale/vi/LC_MESSAGES/sphinx.js``: Sphinx's Vietnamese messages plus :data:`VI_SCRIPT_MESSAGES`.

    Sphinx serves this file as ``_static/translations.js`` in place of its own.
    """
    import sphinx

    own = Path(sphinx.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "sphinx.js"
    text = own.read_text(encoding="utf-8")
    start, end = text.index("(") + 1, text.rindex(")")
    catalog = json.loads(text[start:end])
    catalog["messages"].update(VI_SCRIPT_MESSAGES)
    target = folder / "locale" / "vi" / "LC_MESSAGES" / "sphinx.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps(catalog, ensure_ascii=False, indent=4, sort_keys=True)
    target.write_text(f"Documentation.addTranslations({body});\n", encoding="utf-8")
    return target


def _copy_notebook(source: Path, target: Path) -> None:
    """Copy a notebook with every code cell tagged ``hide-input`` (code hidden, shown on request).

    The notebook is handled as the JSON it is (importing nbformat costs seconds).
    """
    nb = json.loads(source.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            metadata = cell.setdefault("metadata", {})
            tags = list(metadata.get("tags", []))
            if "hide-input" not in tags and "remove-input" not in tags:
                tags.append("hide-input")
            metadata["tags"] = tags
    target.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(unicodedata.normalize("NFC", text), encoding="utf-8")


def write_project(model, lang: str, notebooks: dict[str, list[Path]], folder: Path) -> list[str]:
    """Write the Sphinx project of one edition into ``folder``; return the notebook names it shows."""
    from nq03lib.data import schema
    from nq03lib.site import pages
    from nq03lib.site.report import build_report_page

    names = {k: [p.stem for p in v] for k, v in notebooks.items()}
    shown = notebooks[lang]
    vi_only = lang != SOURCE_LANG and not shown
    infos = [pages.read_notebook(p) for p in shown]
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "conf.py", _write_conf(lang, names))
    if lang == SOURCE_LANG:  # once, with the first edition
        write_script_messages(folder)
    shutil.copytree(PACKAGE / "static", folder / "_static")
    shutil.copytree(PACKAGE / "templates", folder / "_templates")
    _write(folder / f"{layout.get_docname('home', lang)}.md", pages.build_home_page(model, infos, lang))
    _write(folder / f"{layout.get_docname('report', lang)}.md", build_report_page(model, lang))
    _write(folder / f"{layout.get_docname('audit', lang)}.md", pages.build_audit_page(model, lang))
    _write(folder / f"{layout.get_docname('data', lang)}.md", pages.build_data_page(model, lang))
    _write(folder / f"{layout.get_docname('dictionary', lang)}.md", pages.build_dictionary_page(lang))
    for table in schema.TABLES:
        _write(
            folder / f"{layout.get_docname('table', lang, table=table)}.md",
            pages.build_table_page(model, table, lang),
        )
    _write(
        folder / f"{layout.get_docname('notebooks', lang)}.md",
        pages.build_notebooks_page(infos, lang, vi_only),
    )
    for path in shown:
        target = folder / f"{layout.get_docname('notebook', lang, notebook=path.stem)}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_notebook(path, target)
    return [p.stem for p in shown]


def _make_sphinx_env() -> dict[str, str]:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    env["PYTHONHASHSEED"] = "0"
    env.pop("MPLBACKEND", None)
    env["PYTHONPATH"] = os.pathsep.join([str(paths.PROJECT_DIR), *filter(None, [env.get("PYTHONPATH")])])
    return env


def run_sphinx(projects: dict[str, Path], outs: dict[str, Path]) -> list[str]:
    """Build every project with Sphinx, each in its own process, all at once; return the warnings."""
    procs = {}
    for lang, src in projects.items():
        cmd = [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-j",
            "1",
            "-d",
            str(src.parent / f"doctrees-{lang}"),
        ]
        procs[lang] = subprocess.Popen(
            [*cmd, str(src), str(outs[lang])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=src,  # Sphinx looks for the script messages of locale_dirs from the working folder
            text=True,
            encoding="utf-8",
            env=_make_sphinx_env(),
        )
    warnings = []
    failed = []
    for lang, proc in procs.items():
        out, err = proc.communicate()
        lines = [line for line in (out + err).splitlines() if line.strip()]
        warnings += [line.replace(str(projects[lang]), f"<{lang}>") for line in lines]
        if proc.returncode != 0:
            failed.append(lang)
    if failed:
        raise SiteBuildError(f"Sphinx failed for {', '.join(failed)}:\n" + "\n".join(warnings))
    return warnings


def trim_static(edition: Path) -> None:
    """Remove what the themes copy for developers only: source maps, build-time catalogs, template macros.

    The references to the source maps are removed from the scripts and styles
    too, so a browser's developer tools do not ask for the missing files.
    """
    shutil.rmtree(edition / "_static" / "locales", ignore_errors=True)
    for template in THEME_TEMPLATES:
        (edition / "_static" / template).unlink(missing_ok=True)
    for path in sorted((edition / "_static").rglob("*")):
        if path.suffix == ".map":
            path.unlink()
        elif path.suffix in (".js", ".css"):
            text = path.read_text(encoding="utf-8")
            trimmed = re.sub(
                r"\n?(?://# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ ?\*/)\s*$", "\n", text
            )
            if trimmed != text:
                path.write_text(trimmed, encoding="utf-8")
    sources = edition / "_sources"
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()


def finish_pages(site: Path) -> list[Path]:
    """Translate the interface strings left in English on Vietnamese pages, write every page in NFC.

    Returns every page of the site.
    """
    english = site / layout.EDITION_DIRS["en"]
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if english not in page.parents:
            for before, after in VI_STRINGS.items():
                text = text.replace(before, after)
        page.write_text(unicodedata.normalize("NFC", text), encoding="utf-8")
    return pages


def _write_downloads(folder: Path) -> None:
    from nq03lib.data import schema
    from nq03lib.pack.workbook import build_csv, build_workbook, collect_frames

    folder.mkdir(parents=True, exist_ok=True)
    frames = collect_frames()
    for table in schema.TABLES:
        (folder / f"{table}.csv").write_bytes(build_csv(frames[table]))
    (folder / layout.WORKBOOK_NAME).write_bytes(build_workbook(frames))


def build_site(
    out: Path = SITE_DIR,
    *,
    notebooks_dir: Path = paths.NOTEBOOKS_DIR,
    cache_dir: Path | None = CACHE_DIR,
    log: Callable[[str], object] = print,
) -> BuildResult:
    """Build the site into ``out`` (replacing what is there) and return what was made.

    Parameters
    ----------
    out : Path
        The site's folder (default ``site/``).
    notebooks_dir : Path
        Where the notebooks are: ``NN-*.ipynb`` (Vietnamese) and ``en/NN-*.ipynb``.
    cache_dir : Path or None
        Keep the trace of the relations there; ``None`` traces afresh.
    log : callable
        Called with a line of progress.

    Raises
    ------
    SiteBuildError
        If Sphinx fails.

    """
    from nq03lib.site.model import collect_model

    started = time.perf_counter()
    out = Path(out).resolve()
    log("reading the data, the audit and the report …")
    model = collect_model(cache_dir)
    notebooks = find_notebooks(notebooks_dir)
    result = BuildResult(out=out, seconds=0.0)
    with tempfile.TemporaryDirectory(prefix="nq03-site-") as tmp:
        tmp = Path(tmp)
        projects = {}
        for lang in LANGS:
            projects[lang] = tmp / f"src-{lang}"
            result.notebooks[lang] = write_project(model, lang, notebooks, projects[lang])
        log(
            f"building the pages with Sphinx ({len(result.notebooks['vi'])} Vietnamese notebooks, "
            f"{len(result.notebooks['en'])} English) …"
        )
        result.warnings = run_sphinx(projects, {"vi": tmp / "out-vi", "en": tmp / "out-en"})
        site = tmp / "site"
        shutil.move(tmp / "out-vi", site)
        shutil.move(tmp / "out-en", site / layout.EDITION_DIRS["en"])
        for lang in LANGS:
            edition = site / layout.EDITION_DIRS[lang]
            for leftover in BUILD_LEFTOVERS:
                if (edition / leftover).is_dir():
                    shutil.rmtree(edition / leftover)
                else:
                    (edition / leftover).unlink(missing_ok=True)
            trim_static(edition)
        _write_downloads(site / layout.DOWNLOADS_DIR)
        pages = [p.relative_to(site) for p in finish_pages(site)]
        # the new site replaces the old one only when complete
        staging = out.parent / f".{out.name}.building"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            shutil.copytree(site, staging)
            if out.exists():
                shutil.rmtree(out)
            os.replace(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    result.pages = [out / p for p in pages]
    result.seconds = time.perf_counter() - started
    log(f"wrote {out} ({len(result.pages)} pages, {result.size / 1e6:.1f} MB) in {result.seconds:.1f} s")
    return result
