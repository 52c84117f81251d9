"""A later report is added as a new source file and new rows, without code changes."""

import csv
import hashlib
import shutil

import pytest

import nq03lib as nq
from nq03lib import paths
from nq03lib.data import parse as tables
from nq03lib.data import source

REPORT_2025 = """TỈNH ỦY KON TUM
BÁO CÁO (thử nghiệm)
I. KẾT QUẢ
1. Đảng viên
Toàn Đảng bộ tỉnh có 30.000 đảng viên, trong đó đảng viên nữ là 10.800 đồng chí (chiếm 36%)
.
Nơi nhận:
- Lưu.
\ufffd Số liệu thử nghiệm.
"""


def _clear_caches():
    source.read_sources.cache_clear()
    source.load_report.cache_clear()
    tables._CACHE.clear()


@pytest.fixture
def data_with_a_second_source(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    text_file = data / "source" / "bao-cao-thu-2025.txt"
    text_file.write_text(REPORT_2025, encoding="utf-8")
    digest = hashlib.sha256(text_file.read_bytes()).hexdigest()
    with open(data / "source" / "sources.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [
                "bc-thu-2025",
                text_file.name,
                "1-BC/TU",
                "Báo cáo thử",
                "Ban Thường vụ Tỉnh ủy Kon Tum",
                "2025-01-01",
                digest,
                "Trial report",
                "Standing Committee of the Kon Tum Provincial Party Committee",
            ]
        )
    monkeypatch.setattr(paths, "DATA_DIR", data)
    monkeypatch.setattr(paths, "SOURCE_DIR", data / "source")
    monkeypatch.setattr(paths, "SOURCES_FILE", data / "source" / "sources.csv")
    monkeypatch.setattr(paths, "KNOWN_EXCEPTIONS_FILE", data / "known_exceptions.csv")
    _clear_caches()
    yield data
    _clear_caches()


def _add_membership_rows(data, share):
    with open(data / "membership.csv", "a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            [
                "2021",
                "tong",
                "tat_ca",
                30000,
                "",
                "bc-thu-2025",
                "I.1",
                "Toàn Đảng bộ tỉnh có 30.000 đảng viên",
            ]
        )
        writer.writerow(
            [
                "2021",
                "gioi_tinh",
                "nu",
                10800,
                share,
                "bc-thu-2025",
                "I.1",
                "đảng viên nữ là 10.800 đồng chí (chiếm 36%)",
            ]
        )


def test_rows_of_a_new_source_load_beside_the_first_one(data_with_a_second_source):
    _add_membership_rows(data_with_a_second_source, 36)
    membership = nq.load("membership")
    assert set(membership["source_id"]) == {"bc124-2021", "bc-thu-2025"}
    # the same key (2021, tong, tat_ca) is printed by both sources
    totals = membership[membership["dimension"] == "tong"].set_index("source_id")["member_count"]
    assert totals["bc-thu-2025"] == 30000 and totals["bc124-2021"] != 30000


def test_relations_are_checked_within_each_source(data_with_a_second_source):
    _add_membership_rows(data_with_a_second_source, 36)
    audit = nq.audit().set_index("relation_id")
    assert audit.loc["[bc-thu-2025] share:membership:2021/nu", "verdict"] == "holds"
    assert audit.loc["share:membership:2021/nu", "verdict"] == "holds"  # the first source is unchanged
    assert not audit.index.str.startswith("[bc-thu-2025] parts:").any()  # no parts printed: nothing to add up


def test_an_inconsistent_new_report_is_reported_with_its_source(data_with_a_second_source):
    report = data_with_a_second_source / "source" / "bao-cao-thu-2025.txt"
    old_digest = hashlib.sha256(report.read_bytes()).hexdigest()
    report.write_text(REPORT_2025.replace("(chiếm 36%)", "(chiếm 38%)"), encoding="utf-8")
    # a corrected text is recorded with its new SHA-256, as the load's message advises
    sources = data_with_a_second_source / "source" / "sources.csv"
    new_digest = hashlib.sha256(report.read_bytes()).hexdigest()
    sources.write_text(sources.read_text(encoding="utf-8").replace(old_digest, new_digest), encoding="utf-8")
    _add_membership_rows(data_with_a_second_source, 38)
    text = (data_with_a_second_source / "membership.csv").read_text(encoding="utf-8")
    (data_with_a_second_source / "membership.csv").write_text(
        text.replace("(chiếm 36%)", "(chiếm 38%)"), encoding="utf-8"
    )
    with pytest.raises(
        tables.DataError, match=r"\[bc-thu-2025\] share:membership:2021/nu .*printed 38, recomputed 36"
    ):
        nq.load("membership")
