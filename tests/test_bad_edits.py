"""Every bad edit of data/ is caught, located (file, line, column) and explained; never a traceback.

Each test edits a private copy of data/ (the ``data_dir`` fixture of conftest.py), the
way an analyst would in Excel or a text editor, and checks that ``load``, ``validate``
and ``audit`` report it as a DataError naming where it is and what was expected.
"""

import csv
import hashlib
import re
import shutil
import unicodedata

import pytest

import nq03lib as nq
from nq03lib import audit as relations
from nq03lib import paths
from nq03lib.__main__ import main
from nq03lib.api import load, validate
from nq03lib.data.csvcheck import DataError

REAL_DATA = paths.DATA_DIR
with open(REAL_DATA / "known_exceptions.csv", encoding="utf-8", newline="") as _fh:
    #: The Vietnamese explanation of the first known exception, as the file stores it.
    _FIRST_EXPLANATION_VI = next(csv.DictReader(_fh))["explanation_vi"]
REPORT = "source/bao-cao-124-BC-TU-2021-09-28.txt"
SHA = "eb845de95678757ff1358782c5bb7e698574b5e72253735d1fd8f17d82438193"


def edit(data, name, old, new, count=1):
    """Replace ``old`` by ``new`` in a file of the data copy (``count`` times)."""
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, (name, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8", newline="")
    return path


def drop_line(data, name, contains):
    """Delete the one line of a file that contains ``contains``."""
    path = data / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if contains not in line]
    assert len(kept) == len(lines) - 1, contains
    path.write_text("".join(kept), encoding="utf-8", newline="")
    return path


def catch(call) -> str:
    """Run ``call`` and return the DataError's message (any other outcome fails the test)."""
    with pytest.raises(DataError) as info:
        call()
    return str(info.value)


def get_validate_message() -> str:
    errors = validate()
    assert errors, "validate accepted a bad edit"
    return str(errors[0])


def assert_located(message: str, path, line=None, column=None) -> None:
    """Assert the message starts with the file, line and column."""
    head = str(path)
    if line is not None:
        head += f", line {line}"
    if column is not None:
        head += f", column '{column}'"
    assert message.startswith(head + ":"), (head, message)


# --- a value moved to another row (or column) of its quote ---------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "column", "expected"),
    [
        # counts: two rows quote "thành lập mới 07 đảng bộ cơ sở, 42 chi bộ cơ sở và 170 chi bộ …"
        (
            "restructuring.csv",
            "dang_bo_co_so,7,",
            "dang_bo_co_so,42,",
            4,
            "count",
            r"beside 'đảng bộ cơ sở': 07; expected 7",
        ),
        (
            "discipline.csv",
            "khien_trach,26,",
            "khien_trach,3,",
            3,
            "disciplined_count",
            r"figure of form canh_cao.*expected 26",
        ),
        ("inspections.csv", ",kiem_tra,2579,", ",kiem_tra,1608,", 3, "inspection_count", r"expected 2579"),
        (
            "inspections.csv",
            "cap_tinh,to_chuc_dang,kiem_tra_giam_sat,239,",
            "cap_tinh,to_chuc_dang,kiem_tra_giam_sat,61,",
            8,
            "inspection_count",
            r"'lượt tổ chức đảng': 239; expected 239",
        ),
        ("training_classes.csv", "dai_hoc,3,", "dai_hoc,1,", 3, "class_count", r"'Đại học': 03; expected 3"),
        (
            "training_participants.csv",
            "sa_thay,36,",
            "sa_thay,14,",
            12,
            "participant_count",
            r"'Sa Thầy có': 36; expected 36",
        ),
        (
            "failing_counts.csv",
            "dang_vien,2016,202,",
            "dang_vien,2016,238,",
            2,
            "failing_count",
            r"'2016:': 202; expected 202",
        ),
        # shares: the four ratings of a year share one quote
        (
            "ratings_organisations.csv",
            "httnv,35.91,",
            "httnv,7.15,",
            4,
            "share_pct",
            r"'HTTNV': 35,91; expected 35.91",
        ),
        ("ratings_members.csv", "2017,htnv,11.26,", "2017,htnv,0.95,", 8, "share_pct", r"expected 11.26"),
        ("rates.csv", "2016,,,99.13,", "2016,,,98.09,", 16, "share_pct", r"'2016:': 99,13; expected 99.13"),
        # columns of one row: numerator and denominator of "2.203/2.276"
        (
            "rates.csv",
            ",2203,2276,",
            ",2276,2276,",
            8,
            "numerator_count",
            r"before '/': 2.203; expected 2203",
        ),
        # a stated change that takes the rate printed beside it
        (
            "stated_changes.csv",
            "2016-08,tang,38.15,",
            "2016-08,tang,77.78,",
            4,
            "value_pct",
            r"expected 38.15",
        ),
    ],
)
def test_a_value_moved_within_its_quote_is_caught(data_dir, name, old, new, line, column, expected):
    path = edit(data_dir, name, old, new)
    message = catch(lambda: load(path.stem))
    assert_located(message, path, line, column)
    assert re.search(expected, message), message
    assert str(validate()[0]) == message


def test_a_printed_figure_stored_by_two_rows_is_caught(data_dir):
    # "665 tổ chức cơ sở đảng, 1.810 chi bộ …": the cells' row takes the 665 of the row above
    path = edit(
        data_dir, "organisations.csv", "chi_bo_truc_thuoc,tat_ca,1810,", "chi_bo_truc_thuoc,tat_ca,665,"
    )
    message = catch(lambda: load("organisations"))
    assert_located(message, path, 8, "count")
    assert (
        "that line 2, column 'count' already stores; expected each printed figure in one row only" in message
    )


# --- text cells the quote or the schema fixes -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "column", "expected"),
    [
        (
            "unit_mentions.csv",
            "han_che,Chi bộ Phòng Tư pháp,",
            "han_che,Chi bộ Phòng Tài chính,",
            18,
            "organisation",
            r"not in the row's quote.*expected the name exactly as the quote prints it",
        ),
        (
            "unit_mentions.csv",
            "ngoc_hoi,thon_truong_chua_dat_muc_tieu",
            "dak_to,thon_truong_chua_dat_muc_tieu",
            11,
            "area",
            r"does not name 'dak_to'.*expected ngoc_hoi",
        ),
        (
            "unit_mentions.csv",
            "thon_truong_chua_dat_muc_tieu,han_che",
            "thon_truong_chua_dat_muc_tieu,dien_hinh",
            11,
            "valence",
            r"expected han_che",
        ),
        (
            "unit_mentions.csv",
            "kon_ray,bi_thu_kiem_thon_truong_thap",
            "kon_ray,hoc_tap_lam_theo_hinh_thuc",
            13,
            "topic",
            r"expected bi_thu_kiem_thon_truong_thap",
        ),
        (
            "ratings_organisations.csv",
            "2016,cu_2016_2017,httnv",
            "2016,moi_tu_2018,httnv",
            4,
            "scheme",
            r"'moi_tu_2018' does not go with year '2016'; expected cu_2016_2017",
        ),
        (
            "ratings_organisations.csv",
            "2016,cu_2016_2017,tsvmtb",
            "2016,cu_2016_2017,htxsnv",
            3,
            "rating",
            r"expected tsvm or tsvmtb",
        ),
        (
            "ratings_members.csv",
            "2016,htxsnv",
            "2021,htxsnv",
            2,
            "year",
            r"not a year the quote prints \(2016\); expected 2016",
        ),
        (
            "rates.csv",
            "thon_truong_la_dang_vien,ngoc_hoi",
            "thon_truong_la_dang_vien,dak_to",
            3,
            "area",
            r"names Ngọc Hồi \(ngoc_hoi\), not 'dak_to'; expected ngoc_hoi",
        ),
        (
            "stated_changes.csv",
            "2016-08,tang,38.15",
            "2016-08,vuot,38.15",
            4,
            "statement",
            r"beside 'tăng' \(tang\) and has no 'vượt'; expected tang",
        ),
        (
            "stated_changes.csv",
            "toan_tinh,muc_tieu_nq03,vuot",
            "toan_tinh,muc_tieu_nq01_2021,vuot",
            5,
            "reference",
            r"expected muc_tieu_nq03",
        ),
        (
            "membership.csv",
            "2021,dan_toc,dtts",
            "2021,dan_toc,nu",
            3,
            "group",
            r"'dân tộc thiểu số' \(dtts\), not the words of 'nu'.*expected dtts",
        ),
        ("membership.csv", "2021,dan_toc,dtts", "2021,gioi_tinh,dtts", 3, "dimension", r"expected dan_toc"),
        ("inspections.csv", "cap_tinh,dang_vien", "cap_huyen,dang_vien", 9, "level", r"expected cap_tinh"),
        ("failing_counts.csv", "dang_vien,2016,202", "tccsd,2016,202", 2, "subject", r"expected dang_vien"),
        ("documents.csv", "cap_huyen,104", "cap_xa,104", 2, "doc_level", r"expected cap_huyen"),
        (
            "training_classes.csv",
            "2016/2021,thac_si",
            "2016/2020,thac_si",
            4,
            "period",
            r"expected 2016/2021",
        ),
    ],
)
def test_a_text_cell_the_report_fixes_is_checked(data_dir, name, old, new, line, column, expected):
    path = edit(data_dir, name, old, new)
    message = catch(lambda: load(path.stem))
    assert_located(message, path, line, column)
    assert re.search(expected, message), message


# --- lost data ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "contains", "token"),
    [
        ("restructuring.csv", "chi_bo_co_so,42,", "42"),  # a row of a shared quote
        ("documents.csv", "cap_xa", "405"),  # a row with a quote of its own
        ("rates.csv", "ngoc_hoi,2021", "69,12"),  # the only row of its footnote
        ("ratings_organisations.csv", "2016,cu_2016_2017,tsvmtb", "21,5"),
        ("membership.csv", "doanh_nghiep", "1.855"),
    ],
)
def test_a_deleted_row_is_reported_by_loading_its_table_and_by_validate(data_dir, name, contains, token):
    path = drop_line(data_dir, name, contains)
    message = catch(lambda: load(path.stem))
    assert_located(message, path)
    assert f": {token}, printed in bc124-2021 at " in message
    assert "expected a row that stores it" in message
    assert get_validate_message() == message


def test_a_deleted_second_printing_is_reported_by_restatements(data_dir):
    path = drop_line(data_dir, "restatements.csv", "fn14")
    message = catch(lambda: load("restatements"))
    assert_located(message, path)
    assert "756, printed in bc124-2021 at fn14" in message


def test_a_deleted_row_that_a_restatement_names_is_reported(data_dir):
    drop_line(data_dir, "organisations.csv", "Tổng số thôn (làng)")
    message = catch(lambda: load("organisations"))
    assert_located(message, data_dir / "restatements.csv", 4, "row_key")
    assert (
        f"no row period=2021;entity=thon;org_type=tat_ca of bc124-2021 in {data_dir / 'organisations.csv'}"
        in message
    )


def test_a_deleted_unit_mention_is_reported(data_dir):
    path = drop_line(data_dir, "unit_mentions.csv", "dak_to,lung_tung")
    message = catch(lambda: load("unit_mentions"))
    assert_located(message, path)
    assert "fn18 names dak_to" in message and "expected a row with area dak_to at fn18" in message


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "column", "expected"),
    [
        (
            "organisations.csv",
            ",15.34,",
            ",,",
            3,
            "share_pct",
            "prints 15,34 as its share_pct (the number after 'chiếm'); expected 15.34",
        ),
        ("membership.csv", ",31.1,", ",,", 3, "share_pct", "expected 31.1"),
        ("recruitment.csv", ",5.37,", ",,", 6, "share_pct", "expected 5.37"),
        ("rates.csv", "2016,,,99.13,", "2016,,,,", 16, "share_pct", "expected 99.13"),
        ("rates.csv", ",2203,2276,", ",,2276,", 8, "numerator_count", "expected 2203"),
    ],
)
def test_an_emptied_figure_that_the_quote_prints_is_reported(
    data_dir, name, old, new, line, column, expected
):
    path = edit(data_dir, name, old, new)
    message = catch(lambda: load(path.stem))
    assert_located(message, path, line, column)
    assert expected in message


# --- the source ---------------------------------------------------------------------------------


def _record_sha(data):
    digest = hashlib.sha256((data / REPORT).read_bytes()).hexdigest()
    edit(data, "source/sources.csv", SHA, digest)


def test_an_edited_report_text_is_refused(data_dir):
    text_file = edit(data_dir, REPORT, "29.651", "29.652")
    message = catch(lambda: load("membership"))
    assert_located(message, text_file)
    assert f"{data_dir / 'source' / 'sources.csv'}, line 2, column 'sha256' records {SHA}" in message
    assert "restore the original file" in message
    assert get_validate_message() == message


@pytest.mark.parametrize("variant", ["byte-order mark", "CRLF", "NFD"])
def test_the_report_text_with_a_byte_order_mark_crlf_or_nfd_is_the_same_text(data_dir, variant):
    text_file = data_dir / REPORT
    data = text_file.read_bytes()
    changed = {
        "byte-order mark": b"\xef\xbb\xbf" + data,
        "CRLF": data.replace(b"\n", b"\r\n"),
        "NFD": unicodedata.normalize("NFD", data.decode("utf-8")).encode("utf-8"),
    }[variant]
    assert changed != data
    text_file.write_bytes(changed)
    assert len(load("membership")) == 10
    assert validate() == []


def test_a_deleted_footnote_mark_is_refused_even_with_its_sha256_recorded(data_dir):
    text_file = edit(data_dir, REPORT, "\ufffd Huyện Kon Rẫy đạt 14,29%.", "Huyện Kon Rẫy đạt 14,29%.")
    assert "has changed since it was recorded" in catch(lambda: load("rates"))
    _record_sha(data_dir)
    message = catch(lambda: load("rates"))
    assert_located(message, text_file)
    assert "22 footnote anchors in the body but 21 footnotes" in message
    assert "expected one footnote (starting with U+FFFD) per anchor" in message


def test_a_report_saved_as_windows_1258_is_refused_with_its_line(data_dir):
    text_file = data_dir / REPORT
    text = text_file.read_text(encoding="utf-8").replace("\ufffd", "*")
    text_file.write_bytes(unicodedata.normalize("NFD", text).encode("cp1258", errors="replace"))
    message = catch(lambda: load("membership"))
    assert_located(message, text_file, 1)
    assert "not UTF-8 text" in message and "Windows-1258" in message


@pytest.mark.parametrize("how", ["wrong name", "missing", "folder"])
def test_a_missing_report_text_is_refused(data_dir, how):
    text_file = data_dir / REPORT
    if how == "wrong name":
        edit(data_dir, "source/sources.csv", "2021-09-28.txt", "2021-09-29.txt")
    else:
        text_file.unlink()
        if how == "folder":
            text_file.mkdir()
    message = catch(lambda: load("membership"))
    if how == "folder":
        assert_located(message, text_file)
        assert "is a folder; expected the text of bc124-2021" in message
    else:
        assert_located(message, data_dir / "source" / "sources.csv", 2, "file")
        assert "expected the name of bc124-2021's text file" in message


def test_sources_csv_is_checked_like_a_table(data_dir):
    path = edit(data_dir, "source/sources.csv", SHA, SHA[:-1] + "X")
    message = catch(lambda: load("membership"))
    assert_located(message, path, 2, "sha256")
    assert "expected the SHA-256 of the text file: 64 lower-case hexadecimal digits" in message


# --- known_exceptions.csv -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "expected"),
    [
        (",3616,", ',"3,616",', 2, "difference", "write 3616"),
        (",3616,", ",,", 2, "difference", "empty cell; expected a value"),
        (f',"{_FIRST_EXPLANATION_VI}",', ",,", 2, "explanation_vi", "empty cell; expected a value"),
        (
            "verdict,explanation_vi,explanation_en",
            "verdict,explanation,explanation_en",
            1,
            None,
            "missing column(s) explanation_vi; unexpected column(s) explanation",
        ),
        (
            "relation_id,difference",
            "relation,difference",
            1,
            None,
            "missing column(s) relation_id; unexpected column(s) relation",
        ),
        (
            "flows:restructuring:tccsd,",
            "flows:restructuring:tcsd,",
            6,
            "relation_id",
            "did you mean 'flows:restructuring:tccsd'?",
        ),
        (
            "flows:restructuring:tccsd,",
            "flows:nothing:here,",
            6,
            "relation_id",
            "no relation 'flows:nothing:here' in the audit",
        ),
    ],
)
def test_known_exceptions_are_checked_like_a_table(data_dir, old, new, line, column, expected):
    path = edit(data_dir, "known_exceptions.csv", old, new)
    for call in (lambda: load("inspections"), lambda: nq.audit(), get_validate_message):
        message = call() if call is get_validate_message else catch(call)
        assert_located(message, path, line, column)
        assert expected in message


def test_a_duplicated_or_deleted_known_exceptions_file_is_reported(data_dir):
    path = data_dir / "known_exceptions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    message = catch(lambda: load("inspections"))
    assert_located(message, path, len(lines) + 1)
    assert (
        "duplicated key {'relation_id': 'parts:inspections:dang_vien by level'}; the same key is on line 2"
        in message
    )
    path.unlink()
    message = catch(lambda: load("inspections"))
    assert_located(message, path)
    assert "file not found" in message


# --- arithmetic: the rows of a failing relation ----------------------------------------------------


def test_a_failing_relation_names_each_of_its_rows(data_dir):
    drop_line(data_dir, "known_exceptions.csv", "to_chuc_dang by level")
    message = catch(lambda: load("inspections"))
    path = data_dir / "inspections.csv"
    assert_located(message, path)
    assert (
        "parts:inspections:to_chuc_dang by level (II.6): printed 4187, recomputed 4019, difference 168 > tolerance 0"
        in message
    )
    for line, value in [(2, 4187), (8, 239), (10, 1472), (12, 2308)]:
        assert f"{path}, line {line}: column 'inspection_count' = {value}\n" in message + "\n"


def test_a_stale_exception_names_its_line(data_dir):
    edit(data_dir, "known_exceptions.csv", ",3616,", ",3615,")
    message = catch(lambda: load("inspections"))
    assert (
        f"{data_dir / 'known_exceptions.csv'}, line 2, column 'difference': records 3615, but the difference is now 3616"
        in message
    )


# --- never a traceback ---------------------------------------------------------------------------


def _make_folder(data, name):
    (data / name).unlink()
    (data / name).mkdir()


BAD_EDITS = {
    "emptied share": ("organisations", lambda d: edit(d, "organisations.csv", ",15.34,", ",,")),
    "emptied required share": ("ratings_members", lambda d: edit(d, "ratings_members.csv", ",11.08,", ",,")),
    "pasted neighbour row": (
        "discipline",
        lambda d: edit(
            d,
            "discipline.csv",
            "2016-08/2021,to_chuc_dang,canh_cao,3,",
            '2016-08/2021,to_chuc_dang,canh_cao,3,bc124-2021,II.6,"Đã thi hành kỷ luật 29 tổ chức đảng '
            '(khiển trách: 26, cảnh cáo: 03)"\n2016-08/2021,to_chuc_dang,cach_chuc,3,',
        ),
    ),
    "pasted row with another key": (
        "membership",
        lambda d: edit(d, "membership.csv", "2021,dan_toc,dtts", "2021,tong,dtts"),
    ),
    "restatement key without '='": (
        "restatements",
        lambda d: edit(d, "restatements.csv", "period=2021;entity=tccsd", "period:2021;entity=tccsd"),
    ),
    "restatement key incomplete": (
        "restatements",
        lambda d: edit(
            d, "restatements.csv", "period=2021;entity=tccsd;org_type=tat_ca", "period=2021;entity=tccsd"
        ),
    ),
    "restatement key of another row": (
        "restatements",
        lambda d: edit(
            d,
            "restatements.csv",
            "period=2021;entity=tccsd;org_type=tat_ca",
            "period=2016-08;entity=tccsd;org_type=tat_ca",
        ),
    ),
    "cell over 128 KB": (
        "discipline",
        lambda d: edit(d, "discipline.csv", "khai trừ: 63)", "khai trừ: 63)" + "x" * 140_000),
    ),
    "folder instead of a table": ("discipline", lambda d: _make_folder(d, "discipline.csv")),
    "folder instead of known_exceptions": ("discipline", lambda d: _make_folder(d, "known_exceptions.csv")),
    "folder instead of sources.csv": ("discipline", lambda d: _make_folder(d, "source/sources.csv")),
    "row the relations need, renamed": (
        "rates",
        lambda d: edit(
            d, "rates.csv", "thon_truong_la_dang_vien,ngoc_hoi", "bi_thu_kiem_thon_truong,ngoc_hoi"
        ),
    ),
    "city of a stated target changed": (
        "stated_changes",
        lambda d: edit(
            d, "stated_changes.csv", "bi_thu_kiem_thon_truong,tp_kon_tum", "bi_thu_kiem_thon_truong,dak_ha"
        ),
    ),
    "all known exceptions removed": (
        "inspections",
        lambda d: (d / "known_exceptions.csv").write_text(
            "relation_id,difference,verdict,explanation_vi,explanation_en\n", encoding="utf-8"
        ),
    ),
    "huge number": ("discipline", lambda d: edit(d, "discipline.csv", ",1090,", "," + "9" * 5000 + ",")),
    "NUL byte": ("membership", lambda d: edit(d, "membership.csv", "29651", "29\x00651")),
    "UTF-16 file": (
        "discipline",
        lambda d: (d / "discipline.csv").write_bytes(
            (d / "discipline.csv").read_text(encoding="utf-8").encode("utf-16")
        ),
    ),
    "empty file": ("discipline", lambda d: (d / "discipline.csv").write_text("", encoding="utf-8")),
}


@pytest.mark.parametrize("case", list(BAD_EDITS))
def test_no_bad_edit_ends_in_a_traceback(data_dir, case):
    table, apply = BAD_EDITS[case]
    apply(data_dir)
    message = catch(lambda: load(table))
    assert message.startswith(str(data_dir)), message  # a file of the data folder comes first
    assert "expected" in message
    assert validate(), "validate accepted it"
    try:
        nq.audit()
    except DataError as exc:
        assert str(exc).startswith(str(data_dir))


# --- files the parser used to misread -------------------------------------------------------------


def test_a_duplicated_column_header_is_refused(data_dir):
    path = edit(data_dir, "discipline.csv", "location,quote\n", "location,quote,quote\n")
    message = catch(lambda: load("discipline"))
    assert_located(message, path, 1, "quote")
    assert "column 'quote' appears twice (columns 7 and 8); expected each column once" in message


def test_a_file_cut_inside_a_quoted_cell_is_refused(data_dir):
    path = data_dir / "discipline.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.rindex("khai trừ")], encoding="utf-8")
    message = catch(lambda: load("discipline"))
    assert_located(message, path, 9, "quote")
    assert "never closed" in message and 'expected a closing "' in message


@pytest.mark.parametrize("encoding", ["cp1258", "cp1252"])
def test_a_file_saved_in_a_windows_encoding_is_refused_with_line_and_column(data_dir, encoding):
    path = data_dir / "discipline.csv"
    text = path.read_text(encoding="utf-8")
    if encoding == "cp1258":
        text = unicodedata.normalize("NFD", text)
    path.write_bytes(text.encode(encoding, errors="replace"))
    message = catch(lambda: load("discipline"))
    assert_located(message, path, 2, "quote")
    assert "not UTF-8 text" in message and "Windows-125" in message
    assert "CSV UTF-8 (Comma delimited)" in message
    # the advice: save it again as UTF-8
    path.write_text(text, encoding="utf-8")
    assert len(load("discipline")) == 8


@pytest.mark.parametrize(("sep", "what"), [(";", "semicolons (;)"), ("\t", "tabs")])
def test_a_semicolon_or_tab_separated_file_is_refused_with_advice(data_dir, sep, what):
    import csv
    import io

    path = data_dir / "discipline.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    message = catch(lambda: load("discipline"))
    assert_located(message, path, 1)
    assert f"cells are separated by {what}, not commas" in message
    assert "save it as UTF-8 CSV with commas" in message and "field delimiter ','" in message
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)  # the advice, applied
    path.write_text(out.getvalue(), encoding="utf-8")
    assert len(load("discipline")) == 8


# --- advice that, applied, gives a file that loads -------------------------------------------------


ADVICE = [
    ("membership.csv", ",29651,", ',"29,651",', r"write (\S+)$"),
    ("membership.csv", ",29651,", ",29.651,", r"write (\S+)$"),
    ("membership.csv", ",31.1,", ',"31,1",', r"write (\S+)$"),
    ("organisations.csv", ",15.34,", ",15.34%,", r"write (\S+)$"),
    ("discipline.csv", ",1090,", ",1.09E+03,", r"write (\S+)$"),
    ("discipline.csv", ",1090,", ",1090.0,", r"write (\S+)$"),
    ("known_exceptions.csv", ",3616,", ',"3,616",', r"write (\S+)$"),
    ("organisations.csv", ",15.34,", ",15.340000000000002,", r"write (\S+)$"),
    ("membership.csv", "2021,dan_toc,dtts", "2021,dan_toc,dtss", r"did you mean '(\w+)'"),
    ("ratings_organisations.csv", "2016,cu_2016_2017,httnv", "2016,moi_tu_2018,httnv", r"expected (\w+) \("),
    ("restructuring.csv", "dang_bo_co_so,7,", "dang_bo_co_so,42,", r"expected (\d+) \("),
    ("organisations.csv", ",15.34,", ",,", r"expected ([\d.]+) \("),
    ("stated_changes.csv", "2016-08,tang,38.15", "2016-08,vuot,38.15", r"expected (\w+)$"),
    (
        "unit_mentions.csv",
        "ngoc_hoi,thon_truong_chua_dat_muc_tieu",
        "dak_to,thon_truong_chua_dat_muc_tieu",
        r"expected (\w+) \(",
    ),
    ("membership.csv", "2021,dan_toc,dtts", "2021,dan_toc,nu", r"expected (\w+)$"),
]


@pytest.mark.parametrize(("name", "old", "new", "advice"), ADVICE)
def test_advice_applied_gives_a_file_that_loads(data_dir, name, old, new, advice):
    path = edit(data_dir, name, old, new)
    table = "inspections" if path.stem == "known_exceptions" else path.stem
    message = catch(lambda: load(table))
    match = re.search(advice, message)
    assert match, message
    advised = match.group(1)
    # the advice replaces the one cell the message names: the bad text, or the cell's whole value
    line = int(re.search(r", line (\d+)", message).group(1))
    column = re.search(r", column '(\w+)'", message).group(1)
    _set_cell(path, line, column, advised)
    assert len(load(table)) > 0
    assert validate() == []


def _set_cell(path, line, column, value):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


# --- what keeps working -------------------------------------------------------------------------


def test_benign_variations_are_accepted(data_dir):
    import csv
    import io

    path = data_dir / "discipline.csv"
    expected = load("discipline")
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r").writerows([r[::-1] for r in rows])
    path.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", out.getvalue()).encode("utf-8"))
    frame = load("discipline")
    assert frame.equals(expected)
    edit(data_dir, "organisations.csv", ",15.34,", ",15.340,")  # the same number, a trailing zero
    assert load("organisations")["share_pct"].iloc[1] == 15.34


def test_a_read_only_data_folder_loads_and_nothing_is_written(data_dir):
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    for p in [data_dir, *data_dir.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        assert validate() == []
        nq.load_all()
        nq.audit()
    finally:
        for p in [data_dir, *data_dir.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
    assert {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()} == before


# --- validate ----------------------------------------------------------------------------------


def test_validate_exits_non_zero_and_prints_each_problem(data_dir, capsys):
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: 17 tables")
    edit(data_dir, "membership.csv", ",29651,", ',"29,651",')
    drop_line(data_dir, "documents.csv", "cap_xa")
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert f"error: {data_dir / 'membership.csv'}, line 2, column 'member_count'" in err
    assert f"error: {data_dir / 'documents.csv'}" not in err  # lost rows are checked once the files parse
    assert err.rstrip().endswith("1 problem(s) in data/")


def test_the_audit_and_docs_commands_report_a_bad_edit_without_a_traceback(data_dir, capsys):
    edit(data_dir, "known_exceptions.csv", ",3616,", ',"3,616",')
    for command in ("audit", "docs"):
        assert main([command]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"error: {data_dir / 'known_exceptions.csv'}, line 2, column 'difference'")


def test_validate_checks_what_only_the_tests_checked_before(data_dir):
    drop_line(data_dir, "documents.csv", "cap_xa")  # lost data: every printed number stored
    assert "405, printed in bc124-2021 at fn1" in get_validate_message()
    shutil.copy(REAL_DATA / "documents.csv", data_dir / "documents.csv")
    edit(data_dir, REPORT, "29.651", "29.652")  # the source's SHA-256
    assert "has changed since it was recorded" in get_validate_message()
    shutil.copy(REAL_DATA / REPORT, data_dir / REPORT)
    edit(data_dir, "README.md", "# Từ điển dữ liệu", "# Từ điển")  # the generated dictionary
    assert get_validate_message().startswith(f"{data_dir / 'README.md'}: not what nq03lib.data.schema")
    shutil.copy(REAL_DATA / "README.md", data_dir / "README.md")
    edit(data_dir, "README.en.md", "# Data dictionary", "# Data dict")  # and its English edition
    assert get_validate_message().startswith(f"{data_dir / 'README.en.md'}: not what nq03lib.data.schema")


def test_relations_module_reads_known_exceptions_through_the_schema():
    known = relations.read_known_exceptions()
    assert list(known.columns) == ["relation_id", "difference", "verdict", "explanation_vi", "explanation_en"]
    assert known.attrs["lines"][0] == 2


def test_a_renamed_or_copied_table_file_is_reported(data_dir):
    (data_dir / "discipline.csv").rename(data_dir / "Discipline.csv")
    message = catch(lambda: load("discipline"))
    assert_located(message, data_dir / "discipline.csv")
    assert "file not found (the folder has Discipline.csv: renamed?)" in message
    (data_dir / "Discipline.csv").rename(data_dir / "discipline.csv")
    shutil.copy(data_dir / "discipline.csv", data_dir / "discipline (1).csv")
    message = get_validate_message()
    assert_located(message, data_dir / "discipline (1).csv")
    assert "not a file nq03lib reads" in message
