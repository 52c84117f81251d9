"""Every notebook follows the conventions, in both editions.

Both editions (``notebooks/NN-*.ipynb`` in Vietnamese, ``notebooks/en/NN-*.ipynb``
in English) are re-run by nbval in the same test command, with their text
outputs and chart images compared; here their structure is checked, and every
registered chart is drawn in English in one process.
"""

import re

import nbformat
import pytest

from nq03lib import nbtools
from nq03lib.charts import registry
from nq03lib.nbtools import explorer_path, notebook_paths

NOTEBOOKS = notebook_paths()
#: The explorer (notebooks/explore.ipynb and its English edition) is no part of the report: it has no
#: number, registers no chart of its own and states no findings, so the title ("# NN · ") and findings
#: conventions of the numbered notebooks do not apply; the others do (see the explorer tests below).
EXPLORERS = [(explorer_path("vi"), "vi"), (explorer_path("en"), "en")]
#: The words that open a notebook's question and its findings, per edition.
HEADINGS = {"vi": ("**Câu hỏi.**", "## Kết luận"), "en": ("**Question.**", "## Findings")}
EDITIONS = [(p, "vi") for p in NOTEBOOKS] + [(p, "en") for p in notebook_paths("en")]


def _read(path):
    return nbformat.read(path, as_version=4)


def test_there_is_a_notebook_per_report_section():
    stems = [p.stem for p in NOTEBOOKS]
    assert stems[0] == "00-data-overview"
    assert len(stems) >= 9
    assert len({s[:2] for s in stems}) == len(stems), "notebook numbers must be unique"


@pytest.mark.parametrize(("path", "lang"), EDITIONS, ids=lambda v: getattr(v, "stem", v))
def test_notebook_shape(path, lang):
    nb = _read(path)
    question, findings = HEADINGS[lang]
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.stem[:2]} · ")
    assert question in first.source, f"the first cell states the question ({question})"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata.get("tags") == ["parameters"]
    assert re.search(f'^lang = "{lang}"', code[0].source, re.M)
    assert any(c.cell_type == "markdown" and c.source.startswith(findings) for c in nb.cells)
    assert all(c.get("execution_count") for c in code), "run the notebook (python3 dev.py execute)"


@pytest.mark.parametrize(("path", "lang"), EXPLORERS, ids=["vi", "en"])
def test_the_explorer_notebook_follows_the_conventions_that_fit_it(path, lang):
    from nq03lib import explore

    nb = _read(path)
    question, _ = HEADINGS[lang]
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert question in nb.cells[0].source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata.get("tags") == ["parameters"]
    assert re.search(f'^lang = "{lang}"', code[0].source, re.M)
    assert all(c.get("execution_count") for c in code), (
        "run it: python -m nq03lib execute notebooks/explore.ipynb"
    )
    outputs = [o for c in code for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type in ("error", "stream")], "no error, warning or print"
    explorer = next(c for c in code if c["id"] == "explorer")
    # a widget's stored output is its text alone (nbtools strips the view, whose model died with the
    # kernel); nbval compares it, so it must be a stable line of ours, never the widget's own repr
    assert [o["data"]["text/plain"] for o in explorer.outputs] == [explore._t("widget_text", lang)]
    assert not [o for o in outputs if nbtools.WIDGET_VIEW in o.get("data", {})]
    assert "widgets" not in nb.metadata, "widget state is stripped from stored notebooks"


@pytest.mark.parametrize("path", [*NOTEBOOKS, explorer_path("vi")], ids=lambda p: p.stem)
def test_no_variable_is_assigned_in_two_cells(path):
    owners = {}
    for i, cell in enumerate(c for c in _read(path).cells if c.cell_type == "code"):
        for name in set(re.findall(r"^([A-Za-z_]\w*)\s*=(?!=)", cell.source, re.M)):
            assert name not in owners, f"{name} assigned in code cells {owners[name]} and {i} (hidden state)"
            owners[name] = i


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_registered_chart_of_the_notebook_is_shown(path):
    source = "\n".join(c.source for c in _read(path).cells if c.cell_type == "code")
    for chart in registry.list_charts(notebook=path.stem)["chart"]:
        assert f'registry.figure("{chart}"' in source, f"{chart} is registered for {path.stem} but not shown"
        assert f'registry.chart_data("{chart}"' in source, f"{chart}: show the table behind the chart"


@pytest.mark.parametrize("name", list(registry.charts()), ids=str)
def test_every_chart_its_data_and_takeaway_work_in_english(name):
    """Cheaper than re-running every notebook in English: the same registered functions, in one process."""
    import matplotlib.pyplot as plt

    chart = registry.get(name)
    english = registry.chart_data(name, "en")
    assert len(english) > 0
    takeaway = registry.takeaway(name, "en")
    assert takeaway and takeaway != registry.takeaway(name, "vi")
    fig = registry.figure(name, "en")
    try:
        texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
        assert chart.title["en"] in texts
        assert any("Report No. 124-BC/TU" in t for t in texts), "the English source note is missing"
    finally:
        plt.close(fig)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_listed_in_both_readmes(path):
    from nq03lib import paths

    for readme in (paths.NOTEBOOKS_DIR / "README.md", paths.PROJECT_DIR / "README.md"):
        assert f"| `{path.stem}` |" in readme.read_text(encoding="utf-8"), readme


def test_the_explorer_is_described_in_both_readmes():
    from nq03lib import paths

    for readme in (paths.NOTEBOOKS_DIR / "README.md", paths.PROJECT_DIR / "README.md"):
        text = readme.read_text(encoding="utf-8")
        assert "explore.ipynb" in text and "nq.explore(" in text, readme


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_prose_names_audit_checks_in_words_not_by_their_ids(lang):
    """A relation id (``parts:discipline:*``) is for the audit's tables; the sentences say what is checked."""
    from nq03lib.audit import audit

    kinds = {rid.split(":", 1)[0] for rid in audit()["relation_id"].str.lstrip("[").str.split("] ").str[-1]}
    code = re.compile(rf"\b(?:{'|'.join(sorted(map(re.escape, kinds)))}):[a-z_]+")
    found = [
        f"{path.name} {cell.get('id')}: {m.group(0)}"
        for path in [*notebook_paths(lang), explorer_path(lang)]
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "markdown"
        for m in code.finditer(cell.source)
    ]
    assert found == []
