"""Build and execute the project's notebooks reproducibly, in two editions.

``execute_notebook`` runs a notebook top to bottom in a fresh kernel started in
the notebook's folder (as nbval does), stores its outputs, and strips what
changes between runs (cell timing, execution metadata), so re-running an
unchanged notebook rewrites the same bytes.

**Two editions, one source.** ``notebooks/NN-name.ipynb`` is the Vietnamese
edition and the only place code is written. Its English prose lives in the
catalog ``notebooks/i18n/NN-name.en.md``: one entry per Markdown cell, keyed by
the cell's id::

    <!-- cell: question -->
    **Question.** How were …

:func:`write_edition` makes ``notebooks/en/NN-name.ipynb`` from the two: the
same cells in the same order, every Markdown cell from the catalog, every code
cell identical except the parameters cell (``lang = "en"``). Code that prints
text reads ``lang``, so tables, charts and findings follow the edition.
``python -m nq03lib execute`` runs the Vietnamese notebooks, writes the
English editions and runs them too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from nq03lib import paths

#: The output of a widget: it names a model that lives only as long as its kernel.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _strip(nb) -> None:
    """Drop what changes between runs: timing, execution metadata, widget state and widget views.

    A stored widget view names a model (by a random id) that died with the
    kernel: a reader opening the notebook would see "model not found". The
    output keeps its text instead, which says to run the notebook.
    """
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}) and "text/plain" in output["data"]:
                del output["data"][WIDGET_VIEW]


def execute_notebook(path: str | Path, timeout: int = 600) -> Path:
    """Execute a notebook in place in a fresh kernel and strip volatile metadata."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    env_backend = os.environ.pop("MPLBACKEND", None)
    try:
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        if env_backend is not None:
            os.environ["MPLBACKEND"] = env_backend
    _strip(nb)
    nbformat.write(nb, path)
    return path


def notebook_paths(lang: str = "vi") -> list[Path]:
    """List the project's numbered notebooks (``NN-*.ipynb``, one per part of the report) of one edition, in order."""
    from nq03lib.text import check_lang

    folder = paths.NOTEBOOKS_DIR / EDITION_DIRS[check_lang(lang)]
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


#: The interactive explorer's notebook: not numbered, since it is no part of the report.
EXPLORER = "explore.ipynb"


def explorer_path(lang: str = "vi") -> Path:
    """Return the explorer notebook of one edition (``notebooks/explore.ipynb``, ``notebooks/en/explore.ipynb``)."""
    return edition_path(paths.NOTEBOOKS_DIR / EXPLORER, lang)


def executed_paths(lang: str = "vi") -> list[Path]:
    """List every notebook that is run and stored with its outputs: the numbered ones, then the explorer."""
    explorer = explorer_path(lang)
    return notebook_paths(lang) + ([explorer] if explorer_path("vi").exists() else [])


def execute_all(notebooks: list[Path] | None = None, log=print) -> list[Path]:
    """Execute Vietnamese notebooks (all, with the explorer, by default), then write and execute their English editions.

    A path in ``notebooks/en/`` stands for its Vietnamese source: the English
    edition is always made from it, never edited by hand.
    """
    chosen = [edition_path(p, "vi") for p in notebooks] if notebooks else executed_paths("vi")
    done = []
    for path in dict.fromkeys(chosen):
        log(f"executing {path.relative_to(paths.PROJECT_DIR)} …")
        done.append(execute_notebook(path))
        if catalog_path(path, "en").exists():
            log(
                f"writing and executing its English edition {edition_path(path, 'en').relative_to(paths.PROJECT_DIR)} …"
            )
            done.append(write_edition(path, "en"))
    return done


# ---------------------------------------------------------------- editions

#: The language of each edition's folder (Vietnamese at the top, English in ``en/``).
EDITION_DIRS = {"vi": "", "en": "en"}
CATALOG_DIR = "i18n"
_ENTRY = re.compile(r"^<!-- cell: (?P<id>[A-Za-z0-9_.-]+) -->\n", re.M)
_PARAMETERS = re.compile(r'^lang = "vi"', re.M)


def edition_path(path: str | Path, lang: str) -> Path:
    """Return the file of notebook ``path`` (any edition) in the edition ``lang``."""
    from nq03lib.text import check_lang

    name = Path(path).name
    folder = paths.NOTEBOOKS_DIR / EDITION_DIRS[check_lang(lang)]
    return folder / name


def catalog_path(path: str | Path, lang: str = "en") -> Path:
    """Return the catalog file that holds the prose of notebook ``path`` in ``lang``."""
    return paths.NOTEBOOKS_DIR / CATALOG_DIR / f"{Path(path).stem}.{lang}.md"


def read_catalog(path: str | Path) -> dict[str, str]:
    """Read a catalog into ``{cell id: Markdown}``, in file order.

    Raises
    ------
    ValueError
        If the file has text before its first entry or an id twice, naming the file and line.

    """
    path = Path(path)
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    matches = list(_ENTRY.finditer(text))
    if not matches or text[: matches[0].start()].strip():
        raise ValueError(f"{path}, line 1: expected '<!-- cell: ID -->' before any text")
    entries: dict[str, str] = {}
    for m, nxt in zip(matches, [*matches[1:], None]):
        if m["id"] in entries:
            line = text[: m.start()].count("\n") + 1
            raise ValueError(f"{path}, line {line}: cell id {m['id']!r} appears twice")
        entries[m["id"]] = text[m.end() : nxt.start() if nxt else len(text)].strip("\n")
    return entries


def format_catalog(entries: dict[str, str]) -> str:
    """Write ``{cell id: Markdown}`` in the catalog format."""
    return "\n\n".join(f"<!-- cell: {cid} -->\n{body}" for cid, body in entries.items()) + "\n"


def markdown_cells(nb) -> dict[str, str]:
    """Return ``{cell id: source}`` of the Markdown cells of a notebook, in order."""
    return {c["id"]: c.source for c in nb.cells if c.cell_type == "markdown"}


def build_edition(vi_nb, catalog: dict[str, str], lang: str = "en"):
    """Return the notebook of edition ``lang`` made from the Vietnamese notebook and a catalog.

    Raises
    ------
    ValueError
        If a Markdown cell has no catalog entry, an entry names no cell, or the
        notebook has no ``lang = "vi"`` parameters cell.

    """
    import copy

    cells = markdown_cells(vi_nb)
    missing = [cid for cid in cells if cid not in catalog]
    orphans = [cid for cid in catalog if cid not in cells]
    if missing or orphans:
        raise ValueError(
            f"the {lang} catalog does not match the notebook's Markdown cells: "
            f"missing {missing or 'none'}, not in the notebook {orphans or 'none'}"
        )
    nb = copy.deepcopy(vi_nb)
    params = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    if len(params) != 1 or not _PARAMETERS.search(params[0].source):
        raise ValueError('the notebook needs one cell tagged "parameters" with lang = "vi"')
    params[0].source = _PARAMETERS.sub(f'lang = "{lang}"', params[0].source)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = catalog[cell["id"]]
        elif cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def write_edition(vi_path: str | Path, lang: str = "en", execute: bool = True) -> Path:
    """Write (and by default execute) the ``lang`` edition of a Vietnamese notebook; return its path."""
    import nbformat

    vi_nb = nbformat.read(vi_path, as_version=4)
    nb = build_edition(vi_nb, read_catalog(catalog_path(vi_path, lang)), lang)
    target = edition_path(vi_path, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    if execute:
        execute_notebook(target)
    return target


def extract_catalog(path: str | Path, lang: str = "en") -> Path:
    """Write the catalog of a notebook from its current Markdown cells (to start a translation)."""
    import nbformat

    from nq03lib.files import write_text_atomic

    target = catalog_path(path, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, format_catalog(markdown_cells(nbformat.read(path, as_version=4))))
    return target


VIETNAMESE_LETTERS = re.compile(
    r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I
)
#: Common Vietnamese words written without diacritics (so they are not counted as English).
VIETNAMESE_PLAIN_WORDS = frozenset(
    "cho trong theo tin thi kinh khi chi bao gian nam hai ba bon sau tinh xa thanh "
    "cao cu dan lai lam tu nhu nay hon huyen tong toan".split()
)


def measure_vietnamese_share(markdown: str) -> float:
    """Return the share of the prose's words that are Vietnamese (0–1), ignoring code and links."""
    prose = re.sub(r"`[^`]*`|\(http[^)]*\)|<[^>]+>", " ", markdown)
    words = re.findall(r"[^\W\d_]+", prose)
    if not words:
        return 0.0
    vi = sum(1 for w in words if VIETNAMESE_LETTERS.search(w) or w.lower() in VIETNAMESE_PLAIN_WORDS)
    return vi / len(words)


# ---------------------------------------------------------------- the start page

START_PAGE = "bat-dau.ipynb"


def _title_and_question(path: Path, question_word: str) -> tuple[str, str]:
    import nbformat

    first = nbformat.read(path, as_version=4).cells[0].source
    title = first.splitlines()[0].lstrip("# ").strip()
    match = re.search(re.escape(question_word) + r"\s*(.+)", first)
    return title, (match.group(1).strip() if match else "")


def build_start_page():
    """Return the Vietnamese start page: every notebook with its question, the data, the pack, the English edition."""
    import nbformat

    rows = []
    for path in notebook_paths("vi"):
        title, question = _title_and_question(path, "**Câu hỏi.**")
        rows.append(f"| [{title}](notebooks/{path.name}) | {question} |")
    explore = (
        f"## Khám phá tương tác\n\n[Trình khám phá](notebooks/{EXPLORER}): chọn chủ đề, biểu đồ, đơn vị, "
        "chỉ tiêu, không cần viết mã; xem bảng số liệu, trích dẫn nguyên văn và kết quả kiểm tra; xem báo cáo "
        "nói gì, và không nói gì, về từng huyện, thành phố và đảng ủy trực thuộc Tỉnh ủy.\n"
        if explorer_path("vi").exists()
        else ""
    )
    source = "\n".join(
        [
            "# nq03 · Bắt đầu",
            "",
            "Báo cáo số 124-BC/TU ngày 28-9-2021 của Ban Thường vụ Tỉnh ủy Kon Tum (đánh giá 05 năm thực hiện "
            "Nghị quyết số 03-NQ/TU) được chuyển thành dữ liệu có nguồn gốc rõ ràng, các sổ tay phân tích "
            "(notebook) và tài liệu phục vụ hội nghị. Mỗi con số trong `data/` ghi rõ vị trí trong báo cáo và "
            "trích nguyên văn.",
            "",
            *([explore] if explore else []),
            "## Sổ tay phân tích, theo thứ tự của báo cáo",
            "",
            "| Sổ tay | Câu hỏi |",
            "|---|---|",
            *rows,
            "",
            "## Dữ liệu",
            "",
            "- [Từ điển dữ liệu](data/README.md): các bảng, cột, đơn vị, mã phân loại, chữ viết tắt và các "
            "ngoại lệ của phần kiểm tra (bản tiếng Anh: [data/README.en.md](data/README.en.md)).",
            "- [Thư mục `data/`](data/): các bảng CSV (UTF-8), mỗi dòng có vị trí và trích dẫn báo cáo.",
            "",
            "## Tài liệu họp",
            "",
            "Lệnh `python3 dev.py pack` (trong cửa sổ dòng lệnh, tại thư mục dự án) tạo thư mục `pack/`: "
            "bài trình chiếu (pptx), tập tài liệu in A4 (pdf), sổ số liệu Excel (xlsx) và từng biểu đồ. "
            "Mở [thư mục `pack/`](pack/) sau khi tạo.",
            "",
            "## English",
            "",
            "The English edition of every notebook is in [notebooks/en/](notebooks/en/)"
            + (f", the explorer's in [notebooks/en/{EXPLORER}](notebooks/en/{EXPLORER})" if explore else "")
            + "; the project is described in [README.md](README.md).",
        ]
    )
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    cell = nbformat.v4.new_markdown_cell(source)
    cell["id"] = "start"
    nb.cells = [cell]
    return nb


def write_start_page() -> Path:
    """Write ``bat-dau.ipynb`` at the project folder (the page ``python3 dev.py lab`` opens)."""
    import nbformat

    from nq03lib.files import write_text_atomic

    target = paths.PROJECT_DIR / START_PAGE
    write_text_atomic(target, nbformat.writes(build_start_page()) + "\n")
    return target
