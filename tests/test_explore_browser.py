"""The explorer in a real browser: JupyterLab, headless Chromium, a changed dropdown redraws the chart.

Skipped unless Chromium and Playwright are installed (CI installs Debian's
``chromium``). JupyterLab serves a temporary folder holding a copy of the
explorer notebook, so running it in the browser never touches the stored
notebook. ``NQ03_SCREENSHOTS=<folder>`` keeps screenshots of two topics and a
district view there.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nq03lib import explore, nbtools

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Generous bounds for a shared machine; the measured times are printed (run pytest with -s).
START_TIMEOUT_MS = 300_000
REDRAW_TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Start JupyterLab on a copy of the explorer notebook; yield its URL and token."""
    import dev

    root = tmp_path_factory.mktemp("lab")
    dev.write_lab_settings(Path(sys.prefix))  # as `python3 dev.py lab` does: what the analysts see
    notebook = json.loads(nbtools.explorer_path("vi").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    (root / "explore.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(root / "lab.log", "wb")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("JupyterLab did not start:\n" + (root / "lab.log").read_text(errors="replace"))
            time.sleep(0.5)
    yield url, token, root
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def _dropdown(page, label: str):
    """Return the <select> of the explorer's dropdown whose label is ``label``."""
    return page.locator(
        ".nq03-explorer .widget-dropdown", has=page.locator(f"label:text-is('{label}')")
    ).locator("select")


def _picture_src(page) -> str:
    return page.locator(".nq03-explorer img").first.get_attribute("src") or ""


def _wait_for_new_picture(page, old: str) -> float:
    start = time.perf_counter()
    page.wait_for_function(
        """old => { const img = document.querySelector('.nq03-explorer img');
                   return img && img.src && img.src !== old && img.complete && img.naturalWidth > 0; }""",
        arg=old,
        timeout=REDRAW_TIMEOUT_MS,
    )
    return time.perf_counter() - start


def test_the_explorer_renders_and_a_dropdown_redraws_the_chart(lab):
    url, token, _ = lab
    shots = os.environ.get("NQ03_SCREENSHOTS")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        height = 2600 if shots else 1000  # tall enough for a screenshot of the whole explorer
        page = browser.new_page(viewport={"width": 1400, "height": height})
        page.goto(f"{url}/lab/tree/explore.ipynb?token={token}")
        page.wait_for_function(
            "() => window.jupyterapp && document.querySelector('.jp-Notebook')", timeout=START_TIMEOUT_MS
        )
        page.wait_for_function(
            """() => { const w = window.jupyterapp.shell.currentWidget;
                       return w && w.sessionContext && w.sessionContext.session
                              && w.sessionContext.session.kernel
                              && w.sessionContext.session.kernel.status === 'idle'; }""",
            timeout=START_TIMEOUT_MS,
        )
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_selector(".nq03-explorer img", timeout=START_TIMEOUT_MS)
        _wait_for_new_picture(page, "")

        topic, chart = _dropdown(page, "Chủ đề"), _dropdown(page, "Biểu đồ")
        assert topic.count() == 1 and chart.count() == 1, "the topic and chart dropdowns did not render"
        assert len(topic.locator("option").all()) == len(explore.list_topics())
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.locator(".nq03-explorer").screenshot(path=f"{shots}/explorer-first-topic.png")

        before = _picture_src(page)
        second = chart.locator("option").nth(1).get_attribute("value")
        chart.select_option(value=second)
        seconds = _wait_for_new_picture(page, before)
        print(f"\nredraw after changing the chart dropdown: {seconds:.2f} s")

        before = _picture_src(page)
        topic.select_option(index=4)
        seconds = _wait_for_new_picture(page, before)
        print(f"redraw after changing the topic dropdown: {seconds:.2f} s")
        if shots:
            page.locator(".nq03-explorer").screenshot(path=f"{shots}/explorer-fifth-topic.png")
            page.locator(".nq03-explorer .lm-TabBar-tab").nth(1).click()
            page.wait_for_selector(".nq03-explorer h3:has-text('không nói gì')", timeout=REDRAW_TIMEOUT_MS)
            page.locator(".nq03-explorer").screenshot(path=f"{shots}/explorer-district.png")
        assert page.get_by_text("Jupyter news").count() == 0, "JupyterLab asked about fetching its news"
        assert page.locator(".lm-MenuBar-itemLabel", has_text="Tệp").count() == 1, (
            "the menus are not in Vietnamese"
        )
        browser.close()
