"""The source report: its hash, its structure and Vietnamese number notation."""

import csv
from decimal import Decimal

import pytest

from nq03lib import paths
from nq03lib.data.source import (
    SourceError,
    load_report,
    numbers_in,
    parse_report,
    parse_vi_number,
    reading_form,
    sha256_of,
)


def test_source_files_match_their_recorded_sha256():
    with open(paths.SOURCES_FILE, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, "sources.csv lists no source"
    for row in rows:
        assert sha256_of(paths.SOURCE_DIR / row["file"]) == row["sha256"], row["file"]


def test_report_has_22_footnotes_each_anchored_in_a_body_section():
    report = load_report()
    assert sorted(report.footnotes) == list(range(1, 23))
    assert set(report.footnote_section) == set(report.footnotes)
    assert set(report.footnote_section.values()) <= set(report.sections)
    # footnotes 6 and 10 run on into a second paragraph without a marker
    assert "Điển hình có các đơn vị" in report.footnotes[6]
    assert "Đối với đảng viên" in report.footnotes[10]
    assert report.footnotes[10].startswith("Đối với TCCSĐ")


def test_report_sections_follow_the_outline():
    sections = list(load_report().sections)
    for name in [
        "I.1",
        "I.2",
        "II.1",
        "II.2",
        "II.3",
        "II.4",
        "II.5",
        "II.6",
        "III.1",
        "III.2",
        "III.3",
        "IV",
    ]:
        assert name in sections
    assert load_report().text_at("II.5").startswith("5. Thành lập")


def test_parser_rejects_a_report_whose_anchors_and_footnotes_disagree():
    text = (paths.SOURCE_DIR / "bao-cao-124-BC-TU-2021-09-28.txt").read_text(encoding="utf-8")
    broken = text.replace("\ufffd Huyện Kon Rẫy đạt 14,29%.", "", 1)
    with pytest.raises(SourceError, match="22 footnote anchors.*21 footnotes"):
        parse_report(broken, "broken")


def test_reading_form_removes_anchor_breaks_and_extra_spaces():
    assert reading_form("Nghị quyết\n, vượt  7,78%\n;") == "Nghị quyết, vượt 7,78%;"
    assert reading_form("120 lớp\n đào tạo") == "120 lớp đào tạo"


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("29.651", "29651"),
        ("15,34", "15.34"),
        ("03", "3"),
        ("1.177", "1177"),
        ("7,20", "7.2"),
        ("100", "100"),
    ],
)
def test_vietnamese_numbers_parse(token, value):
    assert parse_vi_number(token) == Decimal(value)


def test_numbers_in_reads_ratios_and_shares():
    found = numbers_in("có 28.307/29.589 đảng viên, đạt 95,67%")
    assert [v for _, v in found] == [Decimal("28307"), Decimal("29589"), Decimal("95.67")]


def test_not_a_vietnamese_number_is_refused():
    with pytest.raises(ValueError, match="not a number in Vietnamese notation"):
        parse_vi_number("12a")
