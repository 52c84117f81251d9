"""The shared chart helpers: what they draw, number formats, the source note, saving."""

import hashlib
import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from nq03lib.charts import theme as ch
from nq03lib.data.source import citation


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "text"),
    [
        (29651, "vi", 0, "29.651"),
        (29651, "en", 0, "29,651"),
        (15.338, "vi", 2, "15,34"),
        (1234.5, "en", 1, "1,234.5"),
    ],
)
def test_format_number_follows_the_language(value, lang, decimals, text):
    assert ch.format_number(value, lang, decimals) == text


def test_format_pct_and_bad_language():
    assert ch.format_pct(35.57, "vi") == "35,57%"
    with pytest.raises(ValueError, match="lang must be 'vi'"):
        ch.format_pct(1, "fr")


def test_bar_labelled_draws_one_bar_per_row_in_order_with_colours_and_labels():
    data = pd.DataFrame(
        {
            "name": ["Nữ", "Dân tộc thiểu số"],
            "value": [35.57, 31.1],
            "code": ["nu", "dtts"],
            "text": ["35,57%", "31,1%"],
        }
    )
    data["colour"] = data["code"].map(ch.colour_for)
    ax = ch.bar_labelled(data, x="name", y="value", colour="colour", labels="text", horizontal=True)
    assert len(ax.patches) == 2
    assert [p.get_width() for p in ax.patches] == [35.57, 31.1]
    # the first row is drawn at the top
    assert ax.patches[0].get_y() > ax.patches[1].get_y()
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == [ch.COLOURS["nu"], ch.COLOURS["dtts"]]
    assert [t.get_text() for t in ax.texts] == ["35,57%", "31,1%"]
    ticks = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels()}
    assert ticks["Nữ"] > ticks["Dân tộc thiểu số"]


def test_bar_labelled_draws_on_the_given_axes():
    fig, ax = plt.subplots()
    out = ch.bar_labelled(pd.DataFrame({"x": ["a"], "y": [1]}), x="x", y="y", ax=ax)
    assert out is ax and len(fig.axes) == 1


def test_heatmap_keeps_row_and_column_order_and_writes_cell_text():
    data = pd.DataFrame(
        {"row": ["B", "B", "A"], "col": ["x", "y", "x"], "value": [1.0, -1.0, None], "text": ["+", "−", None]}
    )
    ax = ch.heatmap(data, x="col", y="row", value="value", text="text", cmap="RdYlGn")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["B", "A"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "y"]
    assert sorted(t.get_text() for t in ax.texts) == ["+", "−"]
    mesh = ax.collections[0].get_array()  # seaborn's QuadMesh, row-major
    assert np.ma.getmaskarray(mesh).tolist() == [[False, False], [True, True]]
    assert np.ma.getdata(mesh)[0].tolist() == [1.0, -1.0]


def test_tile_map_puts_each_unit_at_its_tile():
    data = pd.DataFrame(
        {"row": [0, 1], "col": [1, 0], "value": [1.0, None], "name": ["Đăk Glei", "Ngọc Hồi"]}
    )
    ax = ch.tile_map(data, row="row", col="col", value="value", name="name")
    assert len(ax.patches) == 2
    corners = [(round(p.get_x()), round(p.get_y())) for p in ax.patches]
    assert corners == [(1, 0), (0, -1)]
    assert to_hex(ax.patches[1].get_facecolor()) == "#eeeeee"  # no value: grey
    assert [t.get_text() for t in ax.texts] == ["Đăk Glei", "Ngọc Hồi"]


def test_waterfall_steps_from_the_running_level():
    data = pd.DataFrame(
        {
            "step": ["8-2016", "mới", "giải thể", "2021"],
            "delta": [698, 49, -81, 666],
            "kind": ["total", "flow", "flow", "total"],
        }
    )
    ax = ch.waterfall(data, x="step", delta="delta", kind="kind", lang="vi")
    bars = ax.patches
    assert bars[1].get_y() == 698 and bars[1].get_height() == 49
    assert bars[2].get_y() == 698 + 49 - 81 and bars[2].get_height() == 81
    assert [t.get_text() for t in ax.texts] == ["698", "+49", "−81", "666"]
    assert to_hex(bars[1].get_facecolor()) == ch.COLOURS["increase"]
    assert to_hex(bars[2].get_facecolor()) == ch.COLOURS["decrease"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_finish_adds_title_and_source_note(lang):
    fig, ax = plt.subplots(figsize=ch.SIZES["notebook"])
    ch.finish(fig, "Tiêu đề", lang, note="Ghi chú")
    texts = [t.get_text() for t in fig.texts]
    assert any(citation(None, lang) in t and "Ghi chú" in t for t in texts)
    assert fig._suptitle.get_text() == "Tiêu đề"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_save_figure_is_byte_identical_and_leaves_no_temporary_file(tmp_path):
    def draw():
        fig, ax = plt.subplots(figsize=ch.SIZES["notebook"])
        ch.bar_labelled(pd.DataFrame({"x": ["Kon Rẫy"], "y": [14.29]}), x="x", y="y", ax=ax)
        return ch.finish(fig, "Bí thư chi bộ kiêm thôn trưởng", "vi")

    first = ch.save_figure(draw(), tmp_path / "a" / "chart", formats=["png", "svg", "pdf"])
    second = ch.save_figure(draw(), tmp_path / "b" / "chart", formats=["png", "svg", "pdf"])
    assert [p.name for p in first] == ["chart.png", "chart.svg", "chart.pdf"]
    assert [_digest(p) for p in first] == [_digest(p) for p in second]
    assert not list(tmp_path.rglob("*.part"))
    svg = (tmp_path / "a" / "chart.svg").read_text(encoding="utf-8")
    assert "Bí thư chi bộ kiêm thôn trưởng" in svg  # text stays text
    mode = os.stat(first[0]).st_mode & 0o777
    assert mode & 0o044  # readable by others, not mkstemp's 0600


def test_save_figure_interrupted_keeps_no_partial_file(tmp_path, monkeypatch):
    fig, _ = plt.subplots(figsize=ch.SIZES["notebook"])

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fig, "savefig", boom)
    with pytest.raises(KeyboardInterrupt):
        ch.save_figure(fig, tmp_path / "chart", formats=["png"])
    assert list(tmp_path.iterdir()) == []


def test_save_figure_refuses_an_unknown_format(tmp_path):
    fig, _ = plt.subplots(figsize=ch.SIZES["notebook"])
    with pytest.raises(ValueError, match="unknown format 'gif'"):
        ch.save_figure(fig, tmp_path / "chart", formats=["gif"])


def test_drawing_a_chart_leaves_the_analysts_matplotlib_style_alone():
    import matplotlib

    from nq03lib.charts import registry

    before = dict(matplotlib.rcParams)
    fig = registry.figure(next(iter(registry.charts())), "vi")
    ch.save_figure(fig, Path(tempfile.mkdtemp()) / "chart", formats=["png"])
    after = dict(matplotlib.rcParams)
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}
    # the figure itself carries the theme
    assert fig.axes[0].spines["top"].get_visible() is False
