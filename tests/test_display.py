"""Tables and findings for people: labels, headers and numbers in the reader's language."""

import pandas as pd
import pytest

import nq03lib as nq
from nq03lib.display import findings, label_frame, show


@pytest.fixture
def membership():
    return nq.load("membership")


def test_codes_become_labels_and_headers_are_in_the_language(membership):
    vi = label_frame(membership, "vi")
    en = label_frame(membership, "en")
    assert "Dân tộc thiểu số" in set(vi.iloc[:, 2]) and "Ethnic minority" in " ".join(en.iloc[:, 2])
    assert not [h for h in vi.columns if "_" in h], "a snake_case header reached the reader"
    assert list(vi.columns) != list(en.columns)


def test_numbers_use_the_languages_notation_and_missing_is_a_dash(membership):
    vi = label_frame(membership, "vi")
    en = label_frame(membership, "en")
    counts = dict(zip(membership["group"].astype(str), vi.iloc[:, 3]))
    assert counts["tat_ca"] == "29.651"
    assert dict(zip(membership["group"].astype(str), en.iloc[:, 3]))["tat_ca"] == "29,651"
    shares = dict(zip(membership["group"].astype(str), vi.iloc[:, 4]))
    assert shares["dtts"] == "31,10" and shares["tat_ca"] == "–"


def test_named_columns_can_keep_more_decimals():
    frame = pd.DataFrame({"ratio": [1.082314, 3.6], "ratio_tolerance": [0.0019, 0.00032]})
    vi = label_frame(frame, "vi", decimals={"ratio_tolerance": 4})
    assert list(vi.iloc[:, 0]) == ["1,08", "3,60"]  # the default: two decimals
    assert list(vi.iloc[:, 1]) == ["0,0019", "0,0003"]
    assert show(frame, "en", decimals={"ratio": 3}).to_frame().iloc[0, 0] == "1.082"


def test_counts_are_whole_numbers_even_where_a_count_is_an_estimate():
    frame = pd.DataFrame({"count": [698.0, 23764.7], "member_count": [1.5, 2.0], "ratio": [1.5, 2.0]})
    vi = label_frame(frame, "vi")
    assert list(vi.iloc[:, 0]) == ["698", "23.765"]
    assert list(vi.iloc[:, 1]) == ["2", "2"]  # half up
    assert list(vi.iloc[:, 2]) == ["1,50", "2,00"]


def test_row_numbers_left_by_a_filter_are_not_shown_but_a_named_index_is(membership):
    filtered = membership[membership["dimension"] != "loai_hinh_tccsd"].iloc[[0, 2, 4]]
    assert list(label_frame(filtered, "vi").columns) == list(label_frame(membership, "vi").columns)
    by_group = membership.set_index("group")[["member_count"]]
    assert list(label_frame(by_group, "vi").columns) == ["Nhóm", "Số đảng viên"]


def test_a_wide_table_is_split_repeating_its_first_column():
    wide = pd.DataFrame({f"c{i}": [i] for i in range(12)})
    table = show(wide, "vi", max_columns=5)
    assert [len(p.columns) for p in table.parts] == [5, 5, 4]
    assert all(p.columns[0] == table.parts[0].columns[0] for p in table.parts)


def test_the_html_is_deterministic_and_keeps_quotes_readable(membership):
    first = show(membership, "vi")._repr_html_()
    assert first == show(membership, "vi")._repr_html_()
    assert "min-width:24em" in first and "T_" not in first


def test_findings_are_markdown():
    md = findings(["Một", "Hai"], title="Kết quả")
    assert md.data == "**Kết quả**\n\n- Một\n- Hai"


def test_show_refuses_an_unknown_language(membership):
    with pytest.raises(ValueError, match="lang must be"):
        show(membership, "fr")


def test_locations_read_as_footnotes_and_sections():
    from nq03lib.display import format_location

    assert format_location("II.3, fn10", "vi") == "mục II.3, chú thích 10"
    assert format_location("fn2", "en") == "footnote 2"


def test_a_text_in_both_languages_shows_in_the_readers_language_only():
    frame = pd.DataFrame({"kind": ["subset"], "description_vi": ["nằm trong"], "description_en": ["within"]})
    vi, en = label_frame(frame, "vi"), label_frame(frame, "en")
    assert list(vi.iloc[0])[-1] == "nằm trong" and "within" not in vi.to_string()
    assert list(en.iloc[0])[-1] == "within" and "nằm trong" not in en.to_string()
    assert vi.columns[-1] == "Mô tả" and en.columns[-1] == "Description"
    both = pd.DataFrame({"verdict_vi": ["Khớp"], "verdict_en": ["Holds"]})  # a vocabulary side by side
    assert label_frame(both, "vi").shape == (1, 2)
