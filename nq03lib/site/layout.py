"""Name every page of the site and link between them with relative paths (the site opens from a folder).

The Vietnamese edition is the site's root; the English edition is the folder
``en/``. Each edition is its own Sphinx project (so each has its own interface
language and search index); downloads are shared in ``tai-ve/``. A page is
named by its *docname* (its path without ``.html``) within its edition, and
:func:`site_path` gives its path from the site's root.
"""

from __future__ import annotations

import posixpath
import re

from nq03lib.data.source import fold
from nq03lib.text import check_lang

#: The folder of each edition, from the site's root.
EDITION_DIRS = {"vi": "", "en": "en"}
#: The shared folder of downloads (CSV tables and the workbook), from the site's root.
DOWNLOADS_DIR = "tai-ve"
#: The workbook offered for download (the meeting pack's data workbook).
WORKBOOK_NAME = "nq03-data.xlsx"

#: Docnames of the fixed pages of each edition; ``{table}`` and ``{notebook}`` are filled in.
PAGES = {
    "vi": {
        "home": "index",
        "report": "bao-cao",
        "audit": "kiem-tra",
        "data": "du-lieu/index",
        "dictionary": "du-lieu/tu-dien",
        "table": "du-lieu/{table}",
        "notebooks": "so-tay/index",
        "notebook": "so-tay/{notebook}",
        "search": "search",
    },
    "en": {
        "home": "index",
        "report": "report",
        "audit": "audit",
        "data": "data/index",
        "dictionary": "data/dictionary",
        "table": "data/{table}",
        "notebooks": "notebooks/index",
        "notebook": "notebooks/{notebook}",
        "search": "search",
    },
}


def get_docname(page: str, lang: str, **fields: str) -> str:
    """Return the docname of a page (``"table"`` needs ``table=``, ``"notebook"`` needs ``notebook=``)."""
    return PAGES[check_lang(lang)][page].format(**fields)


def get_site_path(page: str, lang: str, **fields: str) -> str:
    """Return the path of a page's HTML file from the site's root, e.g. ``en/data/rates.html``."""
    return posixpath.join(EDITION_DIRS[check_lang(lang)], get_docname(page, lang, **fields) + ".html")


def get_download_path(name: str) -> str:
    """Return the path of a download from the site's root."""
    return posixpath.join(DOWNLOADS_DIR, name)


def make_relative_link(from_path: str, to_path: str) -> str:
    """Return the relative link from one file of the site to another (both given from the root).

    A fragment (``#...``) on ``to_path`` is kept.
    """
    target, _, fragment = to_path.partition("#")
    link = posixpath.relpath(target, posixpath.dirname(from_path) or ".")
    return f"{link}#{fragment}" if fragment else link


def make_slug(text: str) -> str:
    """Return ``text`` as an HTML id part: diacritics folded, runs of other characters as ``-``."""
    return re.sub(r"[^a-z0-9_]+", "-", fold(str(text))).strip("-") or "x"


def make_unique_slugs(texts: list[str], prefix: str) -> dict[str, str]:
    """Map each text to a unique id ``prefix + slug``; a repeated slug gets ``-2``, ``-3`` and so on."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for text in texts:
        base = prefix + make_slug(text)
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        out[text] = candidate
    return out
