"""Loading: typed frames, and a clear error naming file, line and column for bad input."""

import hashlib
import os
import re
import time
import unicodedata

import pandas as pd
import pytest

import nq03lib as nq
from nq03lib import paths
from nq03lib.api import load
from nq03lib.data import schema as metadata
from nq03lib.data.parse import DataError, parse_table


def _copy(tmp_path, name, edit=None, raw=None):
    text = paths.table_path(name).read_text(encoding="utf-8")
    if edit:
        text = edit(text)
    target = tmp_path / f"{name}.csv"
    if raw is not None:
        target.write_bytes(raw(text))
    else:
        target.write_text(text, encoding="utf-8", newline="")
    return target


def _replace_line(text: str, line: int, old: str, new: str) -> str:
    lines = text.split("\n")
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def test_every_table_loads_with_its_declared_types():
    for name, meta in metadata.TABLES.items():
        frame = load(name)
        assert list(frame.columns) == list(meta["columns"])
        for column, m in meta["columns"].items():
            dtype = frame[column].dtype
            if m["type"] == "category":
                assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered
                assert list(dtype.categories) == list(metadata.CATEGORIES[m["categories"]])
            elif m["type"] == "integer":
                assert dtype == "Int64"
            elif m["type"] == "number":
                assert dtype == "Float64"


def test_periods_sort_in_report_order_not_alphabetically():
    ratings = load("ratings_members").sort_values("year")
    assert list(dict.fromkeys(ratings["year"].astype(str))) == ["2016", "2017", "2018", "2019", "2020"]
    order = list(load("rates")["period"].cat.categories)
    assert order.index("2016-08") < order.index("2019-09") < order.index("2021")


# --- bad input: each gives a DataError naming file, line and column -------------------


@pytest.mark.parametrize(
    ("name", "line", "old", "new", "message"),
    [
        (
            "membership",
            2,
            "29651",
            "29.651",
            r"line 2, column 'member_count': '29.651' is written the Vietnamese way.*write 29651",
        ),
        (
            "membership",
            3,
            "31.1",
            '"31,1"',
            r"line 3, column 'share_pct': '31,1' is written the Vietnamese way.*write 31.1",
        ),
        (
            "membership",
            3,
            "9220",
            "chín nghìn",
            r"line 3, column 'member_count': 'chín nghìn' is not a whole number",
        ),
        ("membership", 4, "35.57", "135.57", r"line 4, column 'share_pct': 135.57 is above 100"),
        (
            "discipline",
            3,
            ",26,",
            ",-26,",
            r"line 3, column 'disciplined_count': -26 is below 0; expected a count ≥ 0",
        ),
        (
            "membership",
            3,
            "dtts",
            "kinh",
            r"line 3, column 'group': unknown value 'kinh'; expected one of: tat_ca, dtts",
        ),
        ("ratings_members", 2, "2016", "2015", r"line 2, column 'year': unknown value '2015'"),
        ("membership", 3, "II.4", "II.9", r"line 3, column 'location': unknown location 'II.9'"),
        (
            "membership",
            3,
            "9.220 đồng chí",
            "9.220 người",
            r"line 3, column 'quote': quote not found in bc124-2021 at II.4",
        ),
        (
            "documents",
            2,
            ",104,",
            ",105,",
            r"line 2, column 'document_count': value 105 is not printed in the row's quote",
        ),
        ("membership", 3, "bc124-2021", "bc999", r"line 3, column 'source_id': unknown source 'bc999'"),
        ("membership_age", 2, "41.29", "", r"line 2, column 'mean_age_years': empty cell; expected a value"),
    ],
)
def test_bad_cells_are_reported_with_file_line_and_column(tmp_path, name, line, old, new, message):
    path = _copy(tmp_path, name, lambda t: _replace_line(t, line, old, new))
    with pytest.raises(DataError, match=message) as info:
        load(name, path=path)
    assert str(path) in str(info.value)


def test_duplicated_key_names_both_lines(tmp_path):
    def dup(text):
        lines = text.split("\n")
        return "\n".join([*lines[:3], lines[2], *lines[3:]])

    path = _copy(tmp_path, "discipline", dup)
    with pytest.raises(DataError, match=r"line 4: duplicated key .*same key is on line 3"):
        load("discipline", path=path)


def test_renamed_column_is_named_in_the_error(tmp_path):
    path = _copy(tmp_path, "discipline", lambda t: t.replace("disciplined_count", "so_luong", 1))
    with pytest.raises(
        DataError, match=r"line 1: missing column\(s\) disciplined_count; unexpected column\(s\) so_luong"
    ):
        load("discipline", path=path)


def test_missing_column_is_named_in_the_error(tmp_path):
    def drop_form(text):
        rows = [line.split(",", 3) for line in text.split("\n") if line]
        return "\n".join(",".join(r[:2] + [r[3]]) for r in rows) + "\n"

    path = _copy(tmp_path, "discipline", drop_form)
    with pytest.raises(DataError, match=r"line 1: missing column\(s\) form"):
        load("discipline", path=path)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "discipline.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"discipline.csv: file is empty; expected a header line"):
        load("discipline", path=path)


def test_header_only_file_is_refused(tmp_path):
    path = _copy(tmp_path, "discipline", lambda t: t.split("\n")[0] + "\n")
    with pytest.raises(DataError, match="no data rows after the header"):
        load("discipline", path=path)


def _correct_the_report(data, old, new):
    """Edit the report text in a data copy and record its new SHA-256, as for a corrected text."""
    text_file = data / "source" / "bao-cao-124-BC-TU-2021-09-28.txt"
    before = hashlib.sha256(text_file.read_bytes()).hexdigest()
    text = text_file.read_text(encoding="utf-8")
    assert old in text
    text_file.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")
    after = hashlib.sha256(text_file.read_bytes()).hexdigest()
    sources = data / "source" / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")


def _edit(data, name, old, new, count=1):
    path = data / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8", newline="")


def test_parts_that_no_longer_add_up_are_reported_on_load_with_their_rows(data_dir):
    # a report whose fn3 said "cao cấp 03 lớp": every row matches its quote, but 3 + 1 + 3 + 40 + 71 ≠ 120
    _correct_the_report(data_dir, "cao cấp 05 lớp", "cao cấp 03 lớp")
    _edit(data_dir, "training_classes", "cao cấp 05 lớp", "cao cấp 03 lớp", count=5)
    _edit(data_dir, "training_classes", "cao_cap,5,", "cao_cap,3,")
    with pytest.raises(
        DataError, match=r"parts:training_classes:2016/2021.*printed 120, recomputed 118"
    ) as info:
        load("training_classes")
    message = str(info.value)
    path = data_dir / "training_classes.csv"
    assert message.startswith(f"{path}: 1 relation(s) do not hold")
    for line, value in [(2, 120), (3, 3), (4, 1), (5, 3), (6, 40), (7, 71)]:
        assert f"{path}, line {line}: column 'class_count' = {value}\n" in message + "\n"
    assert "tolerance 0" in message


def test_a_share_that_disagrees_with_its_counts_is_reported_on_load(data_dir):
    _correct_the_report(data_dir, "373/377 (đạt 98,94%", "377/377 (đạt 98,94%")
    _edit(data_dir, "rates", "373/377 (đạt 98,94%", "377/377 (đạt 98,94%")
    _edit(data_dir, "rates", ",373,377,98.94,", ",377,377,98.94,")
    with pytest.raises(
        DataError, match=r"share:rates:cap_uy_vien_phu_trach_xa/toan_tinh/2021.*printed 98.94, recomputed 100"
    ) as info:
        load("rates")
    assert (
        f"{data_dir / 'rates.csv'}, line 10: column 'numerator_count' = 377, column 'denominator_count' = 377, "
        "column 'share_pct' = 98.94" in str(info.value)
    )
    assert "tolerance 0.005" in str(info.value)


def test_unknown_table_lists_the_known_ones():
    with pytest.raises(KeyError, match="known tables: organisations"):
        load("nope")


# --- harmless variations are accepted ---------------------------------------------------


def test_byte_order_mark_crlf_and_nfd_are_accepted(tmp_path):
    def excel_mac(text):
        nfd = unicodedata.normalize("NFD", text).replace("\n", "\r\n")
        return b"\xef\xbb\xbf" + nfd.encode("utf-8")

    path = _copy(tmp_path, "membership", raw=excel_mac)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in path.read_bytes()
    frame = load("membership", path=path)
    expected = load("membership")
    pd.testing.assert_frame_equal(frame, expected)
    assert frame["quote"].map(lambda q: unicodedata.is_normalized("NFC", q)).all()


def test_loading_never_writes_to_data(tmp_path):
    def snapshot():
        return {
            p: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(paths.DATA_DIR.rglob("*"))
            if p.is_file()
        }

    before = snapshot()
    nq.load_all()
    nq.search("dang vien")
    nq.audit()
    assert snapshot() == before


# --- the public API ------------------------------------------------------------------------


def test_list_tables_has_a_line_per_table():
    listing = nq.list_tables()
    assert list(listing["table"]) == list(metadata.TABLES)
    assert listing["description"].str.len().gt(10).all()


def test_list_tables_is_vietnamese_by_default_and_english_on_request():
    from nq03lib.nbtools import measure_vietnamese_share

    vi, en = nq.list_tables(), nq.list_tables(lang="en")
    assert vi.equals(nq.list_tables("vi"))
    assert list(vi.columns) == list(en.columns) == ["table", "title", "description", "section"]
    assert list(vi["table"]) == list(en["table"]) and list(vi["section"]) == list(en["section"])
    assert measure_vietnamese_share(" ".join(vi["title"]) + " " + " ".join(vi["description"])) > 0.8
    assert measure_vietnamese_share(" ".join(en["title"]) + " " + " ".join(en["description"])) < 0.15
    assert not (vi["description"] == en["description"]).any()


def test_describe_gives_units_and_allowed_values():
    description = nq.describe("membership").set_index("column")
    assert description.loc["share_pct", "unit"] == "%"
    assert "dtts" in description.loc["group", "allowed"]
    assert description.loc["period", "key"] == "yes"


@pytest.mark.parametrize("table", list(metadata.TABLES))
def test_describe_is_vietnamese_by_default_and_english_on_request(table):
    vi, en = nq.describe(table), nq.describe(table, lang="en")
    assert vi.equals(nq.describe(table, "vi"))
    assert list(vi["column"]) == list(en["column"]) == list(metadata.TABLES[table]["columns"])
    for column in ("type", "key", "allowed"):  # codes, the same in both languages
        assert list(vi[column]) == list(en[column])
    assert (vi["description"] != en["description"]).all()
    assert vi["description"].map(lambda t: unicodedata.is_normalized("NFC", t)).all()
    members = nq.describe("membership").set_index("column")
    assert members.loc["member_count", "unit"] == "người"
    assert nq.describe("membership", "en").set_index("column").loc["member_count", "unit"] == "persons"


def test_describe_labels_its_headers_through_show():
    shown = nq.show(nq.describe("membership"), "vi")
    html = shown.data if hasattr(shown, "data") else str(shown)
    for header in ("Cột", "Giá trị cho phép", "Mô tả"):
        assert header in html


@pytest.mark.parametrize(
    ("name", "suggestion"), [("membershp", "membership"), ("Membership", "membership"), ("rate", "rates")]
)
def test_a_mistyped_table_name_raises_with_a_suggestion(name, suggestion):
    with pytest.raises(KeyError, match=f"unknown table '{name}' \\(did you mean '{suggestion}'\\?\\)"):
        nq.describe(name)


@pytest.mark.parametrize("call", [lambda: nq.describe("membership", "fr"), lambda: nq.list_tables(lang="EN")])
def test_describe_and_list_tables_check_the_language(call):
    with pytest.raises(ValueError, match="lang must be 'vi'"):
        call()


@pytest.mark.parametrize(
    "query", ["dang vien nu", "ĐẢNG VIÊN NỮ", unicodedata.normalize("NFD", "đảng viên nữ")]
)
def test_search_ignores_accents_and_case(query):
    hits = nq.search(query)
    assert (hits["value"] == 10547).any()
    assert hits["quote"].str.contains("đảng viên nữ").all()


def test_search_finds_footnote_figures_with_their_location():
    hits = nq.search("khong htnv 2020")
    assert set(hits["location"]) >= {"fn10", "fn16"}
    assert ((hits["location"] == "fn16") & (hits["value"] == 271)).any()


def test_empty_search_is_refused():
    with pytest.raises(ValueError, match="query is empty"):
        nq.search("  ")


def test_importing_nq03lib_loads_neither_matplotlib_nor_seaborn():
    import subprocess
    import sys

    code = "import sys, nq03lib; nq03lib.load('membership'); print(sorted(m for m in sys.modules if re.match(r'(matplotlib|seaborn)', m)))"
    out = subprocess.run(
        [sys.executable, "-c", "import re;" + code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_parse_table_keeps_file_lines_for_error_reports():
    frame = parse_table("discipline")
    assert frame.attrs["lines"][0] == 2
    assert re.search(r"discipline\.csv$", frame.attrs["path"])


def test_a_file_stamp_changes_with_every_edit_even_when_its_status_is_reused(tmp_path):
    from nq03lib.data.csvcheck import file_stamp

    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    old = time.time_ns() - 10 * 10**9
    os.utime(path, ns=(old, old))  # an old file: its digest is kept
    first = file_stamp(path)
    assert file_stamp(path) == first
    path.write_text("a,b\n1,3\n", encoding="utf-8")  # same size
    os.utime(path, ns=(old, old))  # same modification time: the change time still moves
    assert file_stamp(path) != first
    path.write_text("a,b\n1,4\n", encoding="utf-8")  # written just now: read again at every stamp
    fresh = file_stamp(path)
    path.write_text("a,b\n1,5\n", encoding="utf-8")
    assert file_stamp(path) != fresh


def test_a_validation_passed_once_is_remembered_for_the_same_files_and_code_only(
    data_dir, tmp_path, monkeypatch
):
    from nq03lib import api

    monkeypatch.setattr(api, "REMEMBER_VALID", True)  # as in a notebook's kernel
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "cache")
    calls = []
    real_validate = api.validate
    monkeypatch.setattr(api, "validate", lambda: calls.append(1) or real_validate())

    def fresh_process():
        api._VALIDATED.clear()
        api._MARK.clear()
        return api._validate_once()

    assert fresh_process() == [] and len(calls) == 1
    assert [p.name[:6] for p in (tmp_path / "cache").iterdir()] == ["valid-"]
    assert fresh_process() == [] and len(calls) == 1  # the mark: not validated again
    kept = api.recall("answer", lambda: pd.DataFrame({"n": [1]}))
    assert api.recall("answer", lambda: pytest.fail("computed again")).equals(kept)

    path = data_dir / "membership.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("29651", "29652", 1), encoding="utf-8")  # an edit: another hash
    errors = fresh_process()
    assert len(calls) == 2 and errors  # validated again, and the edit is found
    assert api.recall("answer", lambda: "computed") == "computed"  # nothing kept for bad data
    path.write_text(text, encoding="utf-8")
    assert fresh_process() == [] and len(calls) == 2  # back as it was: the old mark holds


def test_a_chart_replaced_at_run_time_is_never_read_from_the_disk_cache(monkeypatch, tmp_path):
    import dataclasses

    from nq03lib import api
    from nq03lib.charts import registry

    monkeypatch.setattr(api, "REMEMBER_VALID", True)
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "cache")
    name = "04-organisations-by-type"
    chart = registry.get(name)
    kept = registry._compute_or_recall(chart, "vi", None)
    assert registry._compute_or_recall(chart, "vi", None).equals(kept)
    other = dataclasses.replace(chart, data=lambda frames, lang: pd.DataFrame({"replaced": [1]}))
    monkeypatch.setitem(registry._CHARTS, name, other)
    assert list(registry._compute_or_recall(other, "vi", None).columns) == ["replaced"]
