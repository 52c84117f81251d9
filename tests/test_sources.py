"""A later report is added as a new source file and new rows, without code changes.

The first tests add a small trial report beside the main one. The rest build
a *full* synthetic second report (``bc-ban-sao``): the main report's text and
every row of every table copied under a second ``source_id``, with a few
figures changed deliberately (:data:`EDITS`, each in the text, in the quotes
and in the rows that store it). Every registered chart, every derivation and
findings list of the analysis modules, and the audit then run on that source;
each is computed from that source's rows alone (loading anything else is
forbidden while it runs), shows the changed figures, and is cited to that
source.
"""

import contextlib
import csv
import hashlib
import importlib
import inspect
import pkgutil
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import nq03lib as nq
import nq03lib.analysis
from nq03lib import api, paths
from nq03lib import audit as relations
from nq03lib.charts import audit as figures_audit
from nq03lib.charts import registry
from nq03lib.data import parse as tables
from nq03lib.data import schema, source
from nq03lib.data.docs import write_docs

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


@pytest.fixture
def data_with_a_second_source(tmp_path, monkeypatch, data_copies):
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
    data_copies.clear_caches()
    yield data
    data_copies.clear_caches()


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


def _add_exception(data, relation_id, difference=1):
    with open(data / "known_exceptions.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [relation_id, difference, "does not hold as stated", "Thử.", "Trial."]
        )


def test_an_exception_of_an_unknown_source_is_refused(data_with_a_second_source):
    _add_exception(data_with_a_second_source, "[bc-thu-2024] share:membership:2021/nu")
    problems = [str(e) for e in nq.validate()]
    assert any(
        "known_exceptions.csv, line 12, column 'relation_id': no source 'bc-thu-2024'" in p
        and "did you mean 'bc-thu-2025'" in p
        for p in problems
    ), problems


def test_an_exception_of_a_later_source_must_name_one_of_its_relations(data_with_a_second_source):
    _add_membership_rows(data_with_a_second_source, 36)
    _add_exception(data_with_a_second_source, "[bc-thu-2025] share:membership:2021/nux")
    problems = [str(e) for e in nq.validate()]
    assert any(
        "no relation '[bc-thu-2025] share:membership:2021/nux' in the audit" in p
        and "did you mean '[bc-thu-2025] share:membership:2021/nu'" in p
        for p in problems
    ), problems
    # auditing that source alone refuses it too; auditing the main report alone does not read it
    with pytest.raises(tables.DataError, match=r"no relation '\[bc-thu-2025\] share:membership:2021/nux'"):
        nq.audit(source="bc-thu-2025")
    assert not nq.audit(source="bc124-2021")["relation_id"].str.startswith("[").any()


# --- a full second report ---------------------------------------------------------------------------

SECOND = "bc-ban-sao"
SECOND_TEXT = "bao-cao-ban-sao-thu.txt"
#: The second source's row of sources.csv: its own number, date and issuer, so its citation differs.
SECOND_RECORD = {
    "source_id": SECOND,
    "file": SECOND_TEXT,
    "number": "125-BC/TU",
    "title": "Bản sao thử nghiệm của Báo cáo 124-BC/TU, có sửa vài số liệu",
    "issuer": "Ban Tổ chức Tỉnh ủy Kon Tum",
    "date": "2021-10-15",
    "title_en": "Trial copy of Report 124-BC/TU with a few figures changed",
    "issuer_en": "Organisation Commission of the Kon Tum Provincial Party Committee",
}


@dataclass(frozen=True)
class Edit:
    """One deliberate change of the second report: its words, and the rows that store them.

    ``old`` (printed once in the report) becomes ``new`` in the text and in
    every quote of the second source that prints it; ``rows`` sets values of
    the one row matching each key (``(table, key, values)``, as in the CSV);
    ``drop`` removes rows (``(table, key)``); ``exceptions`` are the relations
    the change makes fail, or fail by another difference than in the main
    report (``(relation id, difference, verdict or None to keep the main
    report's)``).
    """

    old: str
    new: str
    rows: tuple = ()
    drop: tuple = ()
    exceptions: tuple = ()


EDITS = (
    Edit(  # 2016 organisation ratings: TSVM and HTTNV swap their shares (the sum is unchanged)
        "TSVM 56,35% (TSVMTB 21,5%), HTTNV 35,91%",
        "TSVM 35,91% (TSVMTB 21,5%), HTTNV 56,35%",
        rows=(
            ("ratings_organisations", {"year": "2016", "rating": "tsvm"}, {"share_pct": "35.91"}),
            ("ratings_organisations", {"year": "2016", "rating": "httnv"}, {"share_pct": "56.35"}),
        ),
    ),
    Edit(  # 2016 member ratings: HTXSNV and HTNV swap
        "HTXSNV 11,08%, HTTNV 76,75%, HTNV 11,32%",
        "HTXSNV 11,32%, HTTNV 76,75%, HTNV 11,08%",
        rows=(
            ("ratings_members", {"year": "2016", "rating": "htxsnv"}, {"share_pct": "11.32"}),
            ("ratings_members", {"year": "2016", "rating": "htnv"}, {"share_pct": "11.08"}),
        ),
    ),
    Edit(  # members rated không HTNV in 2017 (fn16)
        "năm 2017: 238 đ/c",
        "năm 2017: 240 đ/c",
        rows=(("failing_counts", {"subject": "dang_vien", "period": "2017"}, {"failing_count": "240"}),),
    ),
    Edit(  # members in the youth union: 4.981 of 29.651 = 16,80%
        "đoàn thanh niên 4.918 đồng chí (chiếm 16,59%)",
        "đoàn thanh niên 4.981 đồng chí (chiếm 16,80%)",
        rows=(
            ("membership", {"dimension": "doan_thanh_nien"}, {"member_count": "4981", "share_pct": "16.80"}),
        ),
    ),
    Edit(  # recruits in the youth union: 3.771 of 6.225 = 60,58%
        "đoàn thanh niên 3.717 đ/c (chiếm 59,71%)",
        "đoàn thanh niên 3.771 đ/c (chiếm 60,58%)",
        rows=(
            (
                "recruitment",
                {"dimension": "doan_thanh_nien"},
                {"recruit_count": "3771", "share_pct": "60.58"},
            ),
        ),
    ),
    Edit(  # Ngọc Hồi's village heads who are members (still below the target)
        "Ngọc Hồi đạt 69,12%",
        "Ngọc Hồi đạt 65,43%",
        rows=(
            ("rates", {"indicator": "thon_truong_la_dang_vien", "area": "ngoc_hoi"}, {"share_pct": "65.43"}),
        ),
    ),
    Edit(  # members rated well where they live, 2017 (still above the floor of 98%)
        "2017: 98,09%",
        "2017: 98,51%",
        rows=(
            (
                "rates",
                {"indicator": "dang_vien_noi_cu_tru_chap_hanh_tot", "period": "2017"},
                {"share_pct": "98.51"},
            ),
        ),
    ),
    Edit(  # cells with thematic meetings: a larger stated rise, so a lower implied baseline
        "tăng 12,12%",
        "tăng 14,12%",
        rows=(("stated_changes", {"indicator": "chi_bo_sinh_hoat_chuyen_de"}, {"value_pct": "14.12"}),),
    ),
    Edit(  # members assigned to households, 2021: more members ...
        "13.356/14.795",
        "13.504/14.795",
        rows=(
            (
                "rates",
                {"indicator": "dang_vien_phu_trach_ho", "period": "2021"},
                {"numerator_count": "13504"},
            ),
        ),
    ),
    Edit(  # ... so a larger share ...
        "đạt 90,27%",
        "đạt 91,27%",
        rows=(("rates", {"indicator": "dang_vien_phu_trach_ho", "period": "2021"}, {"share_pct": "91.27"}),),
    ),
    Edit(  # ... and a larger stated rise from 88% (8-2016, fn13)
        "tăng 2,27%",
        "tăng 3,27%",
        rows=(("stated_changes", {"indicator": "dang_vien_phu_trach_ho"}, {"value_pct": "3.27"}),),
    ),
    Edit(  # village heads who are members against Resolution 03's target: a lower implied target
        "vượt 7,78% so với mục tiêu Nghị quyết",
        "vượt 7,80% so với mục tiêu Nghị quyết",
        rows=(
            (
                "stated_changes",
                {"indicator": "thon_truong_la_dang_vien", "reference": "muc_tieu_nq03"},
                {"value_pct": "7.8"},
            ),
        ),
    ),
    Edit(  # cells with thematic meetings: ten more cells, and ten more that met (2.213/2.286 = 96,81%)
        "2.203/2.276",
        "2.213/2.286",
        rows=(
            (
                "rates",
                {"indicator": "chi_bo_sinh_hoat_chuyen_de"},
                {"numerator_count": "2213", "denominator_count": "2286"},
            ),
        ),
    ),
    Edit(
        "96,79%",
        "96,81%",
        rows=(("rates", {"indicator": "chi_bo_sinh_hoat_chuyen_de"}, {"share_pct": "96.81"}),),
    ),
    Edit(  # fn6 lists one unit fewer
        "Sa Thầy, Ia H’Drai.",
        "Sa Thầy.",
        drop=(("unit_mentions", {"area": "ia_hdrai", "location": "fn6"}),),
    ),
    Edit(  # TCCSĐ by type: public service units and enterprises swap their counts and shares
        "101 TCSSĐ loại hình đơn vị sự nghiệp (chiếm 15,19%)",
        "86 TCSSĐ loại hình đơn vị sự nghiệp (chiếm 12,93%)",
        rows=(
            (
                "organisations",
                {"entity": "tccsd", "org_type": "don_vi_su_nghiep"},
                {"count": "86", "share_pct": "12.93"},
            ),
        ),
    ),
    Edit(
        "86 TCCSĐ loại hình doanh nghiệp (chiếm 12,93%)",
        "101 TCCSĐ loại hình doanh nghiệp (chiếm 15,19%)",
        rows=(
            (
                "organisations",
                {"entity": "tccsd", "org_type": "doanh_nghiep"},
                {"count": "101", "share_pct": "15.19"},
            ),
        ),
    ),
    Edit(  # TCCSĐ in 8-2016: 699, so 699 → 665 is "giảm 4,86%" (the flows and the 2016 ratings move too)
        "từ 698 xuống",
        "từ 699 xuống",
        rows=(("organisations", {"period": "2016-08", "entity": "tccsd"}, {"count": "699"}),),
        exceptions=(("fit:ratings_organisations:2016-vs-tccsd-2016-08", "14", None),),
    ),
    Edit(
        "giảm 4,73%",
        "giảm 4,86%",
        rows=(("stated_changes", {"indicator": "tccsd_count"}, {"value_pct": "4.86"}),),
    ),
    Edit(  # mergers: the cells under grassroots committees and the grassroots cells swap
        "sáp nhập 31 chi bộ cơ sở và 167 chi bộ",
        "sáp nhập 167 chi bộ cơ sở và 31 chi bộ",
        rows=(
            ("restructuring", {"action": "sap_nhap", "unit_kind": "chi_bo_co_so"}, {"count": "167"}),
            ("restructuring", {"action": "sap_nhap", "unit_kind": "chi_bo_truc_thuoc"}, {"count": "31"}),
        ),
        # the flows no longer give the same gaps as in the main report:
        # TCCSĐ 699 + 7 + 42 − 4 − 46 − 167 = 531, printed 665; cells 1.853 + 170 − 175 − 31 = 1.817, printed 1.810
        exceptions=(
            ("flows:restructuring:tccsd", "134", None),
            ("flows:restructuring:chi_bo_truc_thuoc", "-7", None),
        ),
    ),
    Edit(  # training classes: university and master's swap
        "Đại học 03 lớp, thạc sĩ 01 lớp",
        "Đại học 01 lớp, thạc sĩ 03 lớp",
        rows=(
            ("training_classes", {"training_level": "dai_hoc"}, {"class_count": "1"}),
            ("training_classes", {"training_level": "thac_si"}, {"class_count": "3"}),
        ),
    ),
    Edit(  # participants: professional and political training swap
        "chuyên môn: 74 đồng chí; lý luận chính trị: 1.177 đồng chí",
        "chuyên môn: 1.177 đồng chí; lý luận chính trị: 74 đồng chí",
        rows=(
            ("training_participants", {"participant_kind": "chuyen_mon"}, {"participant_count": "1177"}),
            ("training_participants", {"participant_kind": "ly_luan_chinh_tri"}, {"participant_count": "74"}),
        ),
    ),
    Edit(  # inspections of organisations: inspection and supervision swap
        "(kiểm tra 2.579, giám sát 1.608)",
        "(kiểm tra 1.608, giám sát 2.579)",
        rows=(
            (
                "inspections",
                {"level": "tat_ca", "target": "to_chuc_dang", "activity": "kiem_tra"},
                {"inspection_count": "1608"},
            ),
            (
                "inspections",
                {"level": "tat_ca", "target": "to_chuc_dang", "activity": "giam_sat"},
                {"inspection_count": "2579"},
            ),
        ),
    ),
    Edit(  # province-level inspections of organisations: the levels add up to 4.073, 114 short of 4.187
        "giám sát 239 lượt tổ chức đảng",
        "giám sát 293 lượt tổ chức đảng",
        rows=(
            (
                "inspections",
                {"level": "cap_tinh", "target": "to_chuc_dang"},
                {"inspection_count": "293"},
            ),
        ),
        exceptions=(("parts:inspections:to_chuc_dang by level", "114", None),),
    ),
    Edit(  # discipline: one reprimand fewer, so the forms no longer add up to the 29 (1 short)
        "khiển trách: 26, cảnh cáo: 03",
        "khiển trách: 25, cảnh cáo: 03",
        rows=(
            ("discipline", {"target": "to_chuc_dang", "form": "khien_trach"}, {"disciplined_count": "25"}),
        ),
        exceptions=(("parts:discipline:to_chuc_dang", "1", "does not hold as stated"),),
    ),
)


def _read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def _write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _matches(row: dict, key: dict) -> bool:
    return all(str(row[c]) == v for c, v in key.items())


def _build_second_report(data: Path) -> None:
    """Add the second report to the copy of data/ at ``data``: text, sources.csv, rows, exceptions."""
    main = source.source_record(source.default_source_id())
    text = (data / "source" / main["file"]).read_text(encoding="utf-8")
    for edit in EDITS:
        assert text.count(edit.old) == 1, edit.old
        text = text.replace(edit.old, edit.new)
    (data / "source" / SECOND_TEXT).write_text(text, encoding="utf-8", newline="\n")
    fields, sources = _read_csv(data / "source" / "sources.csv")
    digest = hashlib.sha256((data / "source" / SECOND_TEXT).read_bytes()).hexdigest()
    _write_csv(data / "source" / "sources.csv", fields, [*sources, {**SECOND_RECORD, "sha256": digest}])
    for table in schema.TABLES:
        fields, rows = _read_csv(data / f"{table}.csv")
        copies = [{**r, "source_id": SECOND} for r in rows]
        for edit in EDITS:
            for row in copies:
                row["quote"] = row["quote"].replace(edit.old, edit.new)
            for name, key, values in edit.rows:
                hits = [r for r in copies if _matches(r, key)] if name == table else [{}]
                assert len(hits) == 1, (name, key)
                hits[0].update(values)
            for name, key in edit.drop:
                if name == table:
                    copies = [r for r in copies if not _matches(r, key)]
        _write_csv(data / f"{table}.csv", fields, rows + copies)
    # every exception of the main report holds for its copy, except where an edit changes it
    fields, known = _read_csv(data / "known_exceptions.csv")
    copies = {r["relation_id"]: {**r, "relation_id": f"[{SECOND}] {r['relation_id']}"} for r in known}
    for edit in EDITS:
        for relation_id, difference, verdict in edit.exceptions:
            row = copies.setdefault(
                relation_id,
                {
                    "relation_id": f"[{SECOND}] {relation_id}",
                    "explanation_vi": f"Bản sao thử: “{edit.new}”.",
                    "explanation_en": f"Trial copy: “{edit.new}”.",
                },
            )
            row.update({"difference": difference, "verdict": verdict or row["verdict"]})
    _write_csv(data / "known_exceptions.csv", fields, known + list(copies.values()))


@pytest.fixture(scope="module")
def second_report(tmp_path_factory, data_copies):
    """Point nq03lib at a copy of data/ holding the main report and the full second one."""
    data = tmp_path_factory.mktemp("second-report") / "data"
    shutil.copytree(paths.DATA_DIR, data)
    with pytest.MonkeyPatch.context() as mp:
        data_copies.point_at(mp, data)
        _build_second_report(data)
        write_docs()  # as the README asks after a new source: python -m nq03lib docs
        yield data
    data_copies.clear_caches()


def _edited_main_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return the main report's tables with :data:`EDITS` applied in memory, under the second source's id.

    Built from the main report's rows, independently of the second source's
    files: what the second source's tables must hold.
    """
    out = {}
    for table, frame in frames.items():
        frame = frame.copy()
        frame["source_id"] = pd.array([SECOND] * len(frame), dtype=frame["source_id"].dtype)
        for edit in EDITS:
            frame["quote"] = frame["quote"].str.replace(edit.old, edit.new, regex=False)
            for name, key, values in (r for r in edit.rows if r[0] == table):
                mask = pd.Series(True, index=frame.index)
                for column, value in key.items():
                    mask &= frame[column].astype(str) == value
                assert mask.sum() == 1, (name, key)
                for column, value in values.items():
                    kind = frame[column].dtype
                    frame.loc[mask, column] = int(value) if str(kind) == "Int64" else float(value)
            for _, key in (d for d in edit.drop if d[0] == table):
                mask = pd.Series(True, index=frame.index)
                for column, value in key.items():
                    mask &= frame[column].astype(str) == value
                frame = frame[~mask].reset_index(drop=True)
        out[table] = frame
    return out


@pytest.fixture(scope="module")
def expected_frames(second_report):
    """The second source's tables as the edits of the main report's rows give them."""
    return _edited_main_frames(registry.frames())


@contextlib.contextmanager
def reading_only_the_second_report():
    """Forbid, inside the block, every way of reading data but the frames given and the second text.

    Loading a table (``load``, ``load_all``, ``parse_table``, ``registry.frames``,
    so also ``audit()`` without frames) raises, and so does reading any report
    text but the second source's: a derivation that fetched its own data, or
    the main report's text, fails.
    """

    def refuse(*args, **kwargs):
        raise AssertionError(f"data loaded while computing from the frames of one source: {args} {kwargs}")

    original_report = source.load_report

    def load_second_report(source_id="(default)"):
        assert source_id == SECOND, f"report text of {source_id!r} read while computing for {SECOND!r}"
        return original_report(source_id)

    replaced = [
        (tables.parse_table, refuse),
        (api.load, refuse),
        (api.load_all, refuse),
        (registry.frames, refuse),
        (original_report, load_second_report),
    ]
    with pytest.MonkeyPatch.context() as mp:
        for module in [m for name, m in list(sys.modules.items()) if name.startswith("nq03lib") and m]:
            for attribute, value in list(vars(module).items()):
                for original, replacement in replaced:
                    if value is original:
                        mp.setattr(module, attribute, replacement)
        yield


def test_the_second_report_is_sound_data(second_report):
    assert nq.validate() == []
    main, second = nq.load_all(source="bc124-2021"), nq.load_all(source=SECOND)
    dropped = {}
    for edit in EDITS:
        for table, _ in edit.drop:
            dropped[table] = dropped.get(table, 0) + 1
    for table in schema.TABLES:
        assert len(second[table]) == len(main[table]) - dropped.get(table, 0) > 0
        assert set(second[table]["source_id"]) == {SECOND}
    assert len(nq.load("rates", source=SECOND)) == len(second["rates"])
    with pytest.raises(KeyError, match="no source 'bc-ban-sa'"):
        nq.load("rates", source="bc-ban-sa")


def test_the_audit_of_the_second_report_has_every_relation_with_its_own_exceptions(second_report):
    full = nq.audit()
    main = nq.audit(source="bc124-2021").set_index("relation_id")
    second = nq.audit(source=SECOND).set_index("relation_id")
    prefix = f"[{SECOND}] "
    assert list(second.index) == [prefix + r for r in main.index]
    assert len(full) == len(main) + len(second)
    assert set(full["relation_id"]) == set(main.index) | set(second.index)
    assert not set(second["verdict"].astype(str)) & {"fails", "stale exception"}
    changed = {prefix + rid: verdict for e in EDITS for rid, _, verdict in e.exceptions}
    for relation_id, row in second.iterrows():
        plain = relation_id.removeprefix(prefix)
        if relation_id in changed:
            assert row["difference"] != main.loc[plain, "difference"] or main.loc[plain, "verdict"] == "holds"
            assert row["verdict"] == (changed[relation_id] or main.loc[plain, "verdict"])
            assert row["explanation_vi"] != "" and row["explanation_en"] != ""
        elif row["verdict"] != "derived only":
            assert row["verdict"] == main.loc[plain, "verdict"], relation_id
    # the deliberately broken relation shows up for the second report only
    assert main.loc["parts:discipline:to_chuc_dang", "verdict"] == "holds"
    assert second.loc[prefix + "parts:discipline:to_chuc_dang", "verdict"] == "does not hold as stated"


def test_a_source_audited_alone_keeps_its_relation_ids(second_report):
    # the frames of one source (as the registry hands them to the audit charts): its known exceptions,
    # written "[bc-ban-sao] <id>", must find their relations; the other source's are not read
    alone = relations.audit(registry.frames(SECOND))
    assert alone["relation_id"].str.startswith(f"[{SECOND}] ").all()
    pd.testing.assert_frame_equal(alone, nq.audit(source=SECOND))
    main_alone = relations.audit(registry.frames())
    pd.testing.assert_frame_equal(main_alone, nq.audit(source="bc124-2021"))
    assert relations.format_relation_id("x", SECOND) == f"[{SECOND}] x"
    assert relations.split_relation_id(f"[{SECOND}] x") == (SECOND, "x")
    assert relations.split_relation_id("x") == ("bc124-2021", "x")


CHARTS = sorted(registry.charts())


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_is_drawn_from_the_second_report_only(name, second_report, expected_frames):
    chart = registry.get(name)
    frames = registry.frames(SECOND)
    for lang in ("vi", "en"):
        main = registry.chart_data(name, lang)
        with reading_only_the_second_report():
            data = chart.compute(frames, lang)
            expected = chart.compute(expected_frames, lang)
        pd.testing.assert_frame_equal(data, registry.chart_data(name, lang, source=SECOND))
        pd.testing.assert_frame_equal(data, expected)  # the second source's rows, with their changes
        assert not data.equals(main), f"{name} ({lang}) shows none of the second report's changes"
        fig = registry.figure(name, lang, source=SECOND)
        try:
            texts = "\n".join(t.get_text() for t in fig.findobj(plt.Text))
            assert source.citation(SECOND, lang) in texts
            assert source.citation("bc124-2021", lang) not in texts
        finally:
            plt.close(fig)


def _derivations() -> list:
    """Every public function of :mod:`nq03lib.analysis` that computes from tables alone.

    Those whose required parameters are all table names (``rates``,
    ``stated_changes`` …) or the tables of one source (``frames``, ``tables``).
    """
    found = []
    for info in pkgutil.iter_modules(nq03lib.analysis.__path__):
        module = importlib.import_module(f"nq03lib.analysis.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            parameters = inspect.signature(function).parameters.values()
            if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in parameters):
                continue
            required = [p.name for p in parameters if p.default is inspect.Parameter.empty]
            if required and all(p in schema.TABLES or p in ("frames", "tables") for p in required):
                found.append(pytest.param(function, id=f"{info.name}.{name}"))
    return found


def _call(function, frames: dict[str, pd.DataFrame], lang: str):
    parameters = inspect.signature(function).parameters
    args = {
        p: frames if p in ("frames", "tables") else frames[p]
        for p in parameters
        if p in schema.TABLES or p in ("frames", "tables")
    }
    if "lang" in parameters:
        args["lang"] = lang
    return function(**args)


def _assert_same(result, expected) -> None:
    if isinstance(result, pd.DataFrame):
        pd.testing.assert_frame_equal(result, expected)
    elif isinstance(result, pd.Series):
        pd.testing.assert_series_equal(result, expected)
    else:
        assert result == expected


def _differs(result, other) -> bool:
    if isinstance(result, pd.DataFrame | pd.Series):
        return result.shape != other.shape or not result.equals(other)
    return result != other


DERIVATIONS = _derivations()


def test_every_module_has_derivations_from_tables():
    modules = {p.id.split(".")[0] for p in DERIVATIONS}
    analysis = {i.name for i in pkgutil.iter_modules(nq03lib.analysis.__path__)} - {"frames"}
    assert modules == analysis


@pytest.mark.parametrize("function", DERIVATIONS)
def test_every_derivation_runs_on_the_second_report_only(function, second_report, expected_frames):
    frames = registry.frames(SECOND)
    for lang in ("vi", "en"):
        with reading_only_the_second_report():
            result = _call(function, frames, lang)
            expected = _call(function, expected_frames, lang)
        _assert_same(result, expected)


def test_each_topic_derives_the_second_reports_changes(second_report):
    """In every analysis module, some derivation gives another result for the second report."""
    main, second = registry.frames(), registry.frames(SECOND)
    changed = {
        p.id.split(".")[0]
        for p in DERIVATIONS
        if _differs(_call(p.values[0], second, "vi"), _call(p.values[0], main, "vi"))
    }
    assert changed == {p.id.split(".")[0] for p in DERIVATIONS}


def _list_findings(topic: str, frames: dict[str, pd.DataFrame], lang: str) -> list[str]:
    """Call the topic's ``list_findings`` as its notebook does, on the tables of one source."""
    from nq03lib.analysis import districts, inspection, membership, organisations, ratings, training, village

    if topic == "organisations":
        fits = village.fit_village_counts(
            frames["stated_changes"],
            frames["rates"],
            frames["organisations"],
            frames["restructuring"],
            readings=("pp",),
        )
        return organisations.list_findings(frames, fits, lang)
    if topic == "districts":
        source_id = membership.identify_source(frames["unit_mentions"])
        return districts.list_findings(frames, lang, text_findings=relations.list_text_findings(source_id))
    if topic == "audit":
        source_id = membership.identify_source(frames["rates"])
        return figures_audit.list_findings(
            relations.audit(frames),
            relations.list_annex_references(source_id),
            relations.list_text_findings(source_id),
            lang,
        )
    module = {
        "ratings": ratings,
        "membership": membership,
        "training": training,
        "village": village,
        "inspection": inspection,
    }[topic]
    return module.list_findings(frames, lang)


TOPICS = ["ratings", "membership", "districts", "organisations", "village", "training", "inspection", "audit"]


@pytest.mark.parametrize("topic", TOPICS)
def test_the_findings_of_every_topic_are_those_of_the_second_report(topic, second_report, expected_frames):
    frames = registry.frames(SECOND)
    for lang in ("vi", "en"):
        with reading_only_the_second_report():
            found = _list_findings(topic, frames, lang)
            expected = _list_findings(topic, expected_frames, lang)
        assert found == expected and found and all(isinstance(line, str) and line for line in found)
        assert found != _list_findings(topic, registry.frames(), lang), f"{topic}: the main report's findings"
