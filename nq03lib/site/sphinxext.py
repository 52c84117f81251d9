"""A small Sphinx extension for the site: the link to the other edition and a Vietnamese search.

* Each page gets the link to the same page in the other edition (the
  ``nq_counterparts`` of ``conf.py``: docname → path from the site's root),
  shown in the page's header by the template ``nq-lang.html``.
* :class:`SearchVietnamese` makes the offline search ignore diacritics and
  case: ``thon truong`` finds "thôn trưởng", as :func:`nq03lib.data.source.fold`
  does for ``nq.search``. The same folding runs in the browser on the query.
"""

from __future__ import annotations

import posixpath

from sphinx.search import SearchLanguage

from nq03lib.data.source import fold


class SearchVietnamese(SearchLanguage):
    """Index and query words folded: lower case, no diacritics, ``đ`` as ``d``."""

    lang = "vi"
    language_name = "Vietnamese"
    js_stemmer_code = """
var Stemmer = function () {
  this.stemWord = function (w) {
    return w.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  };
};
"""

    def stem(self, word: str) -> str:
        """Return ``word`` folded (see :func:`nq03lib.data.source.fold`)."""
        return fold(word)


def _add_edition_link(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    counterpart = app.config.nq_counterparts.get(pagename)
    if not counterpart:
        return
    here = posixpath.join(app.config.nq_edition_dir, pagename + ".html")
    link = posixpath.relpath(counterpart, posixpath.dirname(here) or ".")
    context["nq_other_edition"] = link
    context.update(app.config.nq_other_edition)


def setup(app) -> dict:
    """Register the config values, the edition link and the Vietnamese search language."""
    from sphinx import search

    app.add_config_value("nq_edition_dir", "", "html")
    app.add_config_value("nq_counterparts", {}, "html")
    app.add_config_value("nq_other_edition", {}, "html")
    app.connect("html-page-context", _add_edition_link)
    search.languages["vi"] = SearchVietnamese
    return {"parallel_read_safe": True, "parallel_write_safe": True}
