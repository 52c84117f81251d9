"""One way to speak two languages: the language check, picking, templates, half-up numbers."""

import re
from decimal import Decimal

import numpy as np
import pytest

from nq03lib import text


@pytest.mark.parametrize(
    ("value", "decimals", "vi", "en"),
    [
        (0.85, 1, "0,9", "0.9"),  # half to even on the binary float would give 0,8
        (12.5, 0, "13", "13"),  # half to even would give 12
        (2.675, 2, "2,68", "2.68"),  # the binary value is below 2.675
        (29651, 0, "29.651", "29,651"),
        (1234567.891, 1, "1.234.567,9", "1,234,567.9"),
        (15.338, 2, "15,34", "15.34"),
        (-3616, 0, "−3.616", "−3,616"),
        (-0.15, 1, "−0,2", "−0.2"),  # half away from zero, as a printed table would
        (np.int64(6158), 0, "6.158", "6,158"),
        (Decimal("88.005"), 2, "88,01", "88.01"),
    ],
)
def test_numbers_round_half_up_in_the_languages_notation(value, decimals, vi, en):
    assert text.format_number(value, "vi", decimals) == vi
    assert text.format_number(value, "en", decimals) == en


def test_percentages_and_signed_numbers():
    assert text.format_pct(35.565, "vi") == "35,57%"
    assert text.format_signed(-168, "vi") == "−168"
    assert text.format_signed(2.27, "en", 2, pct=True) == "+2.27%"
    assert text.format_signed(0.004, "vi", 2) == "±0,00"


@pytest.mark.parametrize("bad", ["fr", "VI", "", None, 1])
def test_a_language_other_than_vi_or_en_is_refused_everywhere(bad):
    with pytest.raises(ValueError, match="lang must be 'vi' .* or 'en'"):
        text.check_lang(bad)
    with pytest.raises(ValueError):
        text.pick({"vi": "a", "en": "b"}, bad)
    with pytest.raises(ValueError):
        text.format_number(1, bad)


def test_pick_takes_mappings_and_pairs_vietnamese_first():
    assert text.pick({"vi": "Nữ", "en": "Women"}, "vi") == "Nữ"
    assert text.pick(("Nữ", "Women"), "en") == "Women"


def test_a_template_fills_both_languages_from_the_same_values():
    t = text.Template(vi="{n:n} đảng viên ({share:pct1}), {d:+n}", en="{n:n} members ({share:pct1}), {d:+n}")
    values = {"n": 29651, "share": 31.05, "d": -62}
    assert t.format("vi", **values) == "29.651 đảng viên (31,1%), −62"
    assert t.format("en", **values) == "29,651 members (31.1%), −62"


def test_a_template_whose_languages_need_different_values_is_refused():
    with pytest.raises(ValueError, match="different fields"):
        text.Template(vi="{a} và {b}", en="{a}")
    with pytest.raises(KeyError, match="needs values for b"):
        text.Template(vi="{a} {b}", en="{b} {a}").format("vi", a=1)


def test_other_lang_gives_the_other_of_the_two_and_checks_its_input():
    from nq03lib.text import LANGS, other_lang

    assert [other_lang(lang) for lang in LANGS] == list(reversed(LANGS))
    with pytest.raises(ValueError, match="got 'fr'"):
        other_lang("fr")


def test_only_the_text_module_compares_a_language_with_a_code():
    """Labels live in the schema and templates, chosen with pick: nowhere else tests `lang == "vi"`."""
    from pathlib import Path

    from nq03lib import paths

    compare = re.compile(r"""\blang\w*\s*[!=]=\s*["'](?:vi|en)["']|["'](?:vi|en)["']\s*[!=]=\s*\w*lang\b""")
    found = [
        f"{path.relative_to(paths.PACKAGE_DIR)}:{number}: {line.strip()}"
        for path in sorted(Path(paths.PACKAGE_DIR).rglob("*.py"))
        if path.name != "text.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if compare.search(line)
    ]
    assert found == []
