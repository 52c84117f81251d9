"""The audit of the report's arithmetic: computed from data, exceptions listed, never silenced."""

import re

import pandas as pd
import pytest

import nq03lib as nq
from nq03lib import audit as relations
from nq03lib import paths
from nq03lib.data import schema as metadata
from nq03lib.data.parse import DataError, parse_table
from nq03lib.data.source import load_report

AUDIT = nq.audit()


def test_every_relation_holds_or_is_a_known_exception():
    assert set(AUDIT["verdict"].astype(str)) <= {"holds", "derived only", *metadata.EXCEPTION_VERDICTS}
    derived = AUDIT[AUDIT["verdict"] == "derived only"]
    assert derived["implied"].notna().all() and derived["difference"].isna().all()
    assert AUDIT["relation_id"].is_unique


def test_the_audit_covers_every_kind_of_relation():
    kinds = set(AUDIT["kind"].astype(str))
    assert kinds >= {
        "share_from_counts",
        "parts_sum",
        "shares_sum",
        "subset",
        "stated_change",
        "implied_target",
        "threshold",
        "cross_reference",
        "same_population",
        "flow_reconciliation",
    }


def test_each_known_exception_is_in_the_audit_with_its_difference():
    known = relations.read_known_exceptions()
    audited = AUDIT.set_index("relation_id")
    for row in known.itertuples():
        assert row.relation_id in audited.index
        assert audited.loc[row.relation_id, "verdict"] == row.verdict
        assert audited.loc[row.relation_id, "difference"] == pytest.approx(row.difference)
        assert len(row.explanation_vi) > 40 and len(row.explanation_en) > 40


def test_inspections_by_level_do_not_add_up_to_the_totals():
    frame = parse_table("inspections")
    levels = frame[frame["level"] != "tat_ca"].groupby("target", observed=True)["inspection_count"].sum()
    totals = frame[(frame["level"] == "tat_ca") & (frame["activity"] == "kiem_tra_giam_sat")].set_index(
        "target"
    )["inspection_count"]
    audited = AUDIT.set_index("relation_id")
    for target in ("to_chuc_dang", "dang_vien"):
        gap = int(totals[target] - levels[target])
        assert gap > 0
        assert audited.loc[f"parts:inspections:{target} by level", "difference"] == gap


def test_a_known_exception_that_changes_is_reported_as_stale(tmp_path, monkeypatch):
    table = paths.KNOWN_EXCEPTIONS_FILE.read_text(encoding="utf-8").replace(",3616,", ",3615,")
    fake = tmp_path / "known_exceptions.csv"
    fake.write_text(table, encoding="utf-8")
    monkeypatch.setattr(paths, "KNOWN_EXCEPTIONS_FILE", fake)
    frames = {"inspections": parse_table("inspections")}
    with pytest.raises(DataError, match=r"parts:inspections:dang_vien by level.*stale exception"):
        relations.raise_for_failures(frames)


def test_a_relation_missing_from_the_exceptions_fails(tmp_path, monkeypatch):
    lines = paths.KNOWN_EXCEPTIONS_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    fake = tmp_path / "known_exceptions.csv"
    fake.write_text("".join(line for line in lines if "to_chuc_dang by level" not in line), encoding="utf-8")
    monkeypatch.setattr(paths, "KNOWN_EXCEPTIONS_FILE", fake)
    with pytest.raises(DataError, match=r"printed 4187, recomputed 4019, difference 168"):
        relations.raise_for_failures({"inspections": parse_table("inspections")})


def test_tolerance_follows_the_printed_rounding():
    audited = AUDIT.set_index("relation_id")
    # 31,1% is printed with one decimal, 35,57% with two
    assert audited.loc["share:membership:2021/dtts", "tolerance"] == pytest.approx(0.05)
    assert audited.loc["share:membership:2021/nu", "tolerance"] == pytest.approx(0.005)


def test_check_comparisons():
    assert relations.Check("a", "subset", "", "", 3, 5, 0, "at_most").holds
    assert not relations.Check("a", "subset", "", "", 6, 5, 0, "at_most").holds
    assert relations.Check("a", "threshold", "", "", 98.06, 98, 0, "at_least").holds
    assert not relations.Check("a", "parts_sum", "", "", 4187, 4019, 0).holds
    assert relations.Check("a", "share_from_counts", "", "", 15.34, 15.338346, 0.005).holds


def test_audit_export_is_a_flat_table():
    assert list(AUDIT.columns[:5]) == ["relation_id", "kind", "description_vi", "description_en", "location"]
    assert pd.api.types.is_float_dtype(AUDIT["difference"])


def test_the_inspection_levels_are_stated_relations_that_do_not_hold():
    # the report's own "Trong đó" split of II.6 is the one relation it states that fails;
    # the flow sums are ours, and 29.589 against 29.651 can both be right
    verdicts = AUDIT.set_index("relation_id")["verdict"].astype(str)
    stated = set(verdicts[verdicts == "does not hold as stated"].index)
    assert {"parts:inspections:dang_vien by level", "parts:inspections:to_chuc_dang by level"} <= stated
    assert verdicts["flows:restructuring:tccsd"] == "depends on our model"
    assert verdicts["flows:restructuring:chi_bo_truc_thuoc"] == "depends on our model"
    assert verdicts["population:rates:dang_vien_xay_dung_cam_ket-vs-membership"] == "different bases or dates"


def test_every_verdict_has_meeting_wording_without_sai_or_khong_khop():
    for code in metadata.CATEGORIES["verdict"]:
        vi = metadata.label("verdict", code, "vi").lower()
        assert " sai" not in f" {vi}" and "không khớp" not in vi
    assert "cần làm rõ" in metadata.label("verdict", "does not hold as stated", "vi").lower()


def test_an_exception_with_an_unknown_verdict_is_refused(tmp_path, monkeypatch):
    table = paths.KNOWN_EXCEPTIONS_FILE.read_text(encoding="utf-8").replace(
        ",depends on our model,", ",wrong,", 1
    )
    fake = tmp_path / "known_exceptions.csv"
    fake.write_text(table, encoding="utf-8")
    monkeypatch.setattr(paths, "KNOWN_EXCEPTIONS_FILE", fake)
    with pytest.raises(ValueError, match="column .verdict.: .wrong. is not valid here; expected one of"):
        relations.read_known_exceptions()


def test_unit_counts_come_from_the_report_not_from_our_list_of_units():
    audited = AUDIT.set_index("relation_id")
    rates = nq.load("rates").set_index("indicator")
    committees = rates.loc["cap_uy_to_chuc_hoi_thi", "denominator_count"]
    districts = rates.loc["huyen_hoan_thanh_sap_xep_thon", "denominator_count"]
    row = audited.loc["subset:unit_mentions:committees-named-within-committees-counted"]
    assert row["recomputed"] == committees - districts == 4
    assert row["printed"] == 3  # the report names three of the four committees
    # the fourth committee is not printed anywhere in the report
    assert metadata.UNITS["quan_su"]["printed"] == []
    assert "quan_su" not in set(nq.load("unit_mentions")["area"].astype(str))
    assert not any("len(metadata.UNITS)" in d for d in AUDIT["description_en"])


def test_annex_table_06_is_cited_twice_and_the_audit_says_it_needs_clarifying():
    refs = relations.list_annex_references()
    assert refs["table_number"].value_counts().max() == 2
    twice = refs[refs["table_number"] == refs["table_number"].value_counts().idxmax()]
    assert list(twice["location"]) == ["II.3", "II.4"] and set(twice["number"]) == {"06"}
    row = AUDIT.set_index("relation_id").loc["numbering:source:annex-tables-cited-once"]
    assert (row["printed"], row["recomputed"]) == (len(refs), refs["table_number"].nunique())
    assert row["verdict"] == "does not hold as stated"


def test_text_findings_are_computed_from_the_report():
    findings = relations.list_text_findings().set_index("finding")
    assert set(findings.index) >= {
        "list_of_examples",
        "list_ends_with_separator",
        "share_without_percent_sign",
        "some_places_one_named",
        "undated_figure",
        "window_of_another_statement",
    }
    report = load_report()
    examples = findings.loc[["list_of_examples"]]
    assert set(examples["location"]) == {"fn6", "fn7"}
    assert findings.loc["list_ends_with_separator", "location"] == "fn18"
    assert report.text_at("fn18").rstrip().endswith(",")
    percent = findings.loc[["share_without_percent_sign"]].set_index("location")["quote"]
    assert percent["fn10"].count("HTNV") == 4 and percent["II.5"] == "chiếm 5,37"
    for row in findings.itertuples():
        for vi in (row.note_vi.lower(),):
            assert " sai " not in f" {vi} " and "không khớp" not in vi
    # a quote is the report's words: passages joined by " | ", a footnote named for readers, no code
    reading = " ".join(report.text_at(loc) for loc in report.locations)
    for row in findings.itertuples():
        assert not re.search(r"\bfn\d", row.quote), row.quote
        for passage in row.quote.split(" | "):
            words = re.sub(r"^Chú thích \d+: ", "", passage)
            assert words in reading or all(part in reading for part in words.split("; ")), passage
    assert findings.loc["some_places_one_named", "quote"].split(" | ")[1].startswith("Chú thích 20: ")


def test_fn16_names_fewer_organisations_than_fn17_counts():
    row = AUDIT.set_index("relation_id").loc["subset:unit_mentions:organisations-named-within-fn17"]
    mentions = nq.load("unit_mentions")
    named = mentions[(mentions["location"] == "fn16") & mentions["organisation"].notna()]
    counts = nq.load("failing_counts")
    assert row["printed"] == len(named) == 6
    assert row["recomputed"] == counts.loc[counts["subject"] != "dang_vien", "failing_count"].sum() == 59


def test_every_relation_is_described_for_a_vietnamese_reader():
    import re

    from nq03lib.nbtools import measure_vietnamese_share

    vi, en = AUDIT["description_vi"], AUDIT["description_en"]
    assert vi.str.len().gt(0).all() and en.str.len().gt(0).all()
    codes = vi[vi.str.contains(r"\b[a-z]+_[a-z_]+\b|\bfn\d", regex=True)]
    assert codes.empty, f"codes a reader must decode: {codes.tolist()}"
    assert measure_vietnamese_share(" ".join(vi)) > 0.6
    # numbers in each language's notation: 29.651 in Vietnamese, 29,651 in English
    row = AUDIT[AUDIT["relation_id"] == "population:rates:dang_vien_xay_dung_cam_ket-vs-membership"].iloc[0]
    assert "29.651" in row["description_vi"] and "29,651" in row["description_en"]
    assert not re.search(r"\d,\d{3}\b", " ".join(vi))


def test_the_same_tables_give_the_relations_computed_last_time_and_an_edit_recomputes():
    from nq03lib.api import load_all

    frames = load_all()
    first = relations.compute_checks(frames)
    again = relations.compute_checks({name: frame.copy() for name, frame in frames.items()})
    assert again == first and again is not first  # same content: same relations, a list of one's own
    edited = {name: frame.copy() for name, frame in frames.items()}
    edited["membership"].loc[0, "member_count"] += 1  # the province's 29.651 members
    assert relations.compute_checks(edited) != first
