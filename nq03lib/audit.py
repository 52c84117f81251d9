"""Check every arithmetic relation the report allows, computed from the data.

Each relation compares a *printed* figure with a *recomputed* one (from
counts, parts or another place in the report) within a *tolerance* taken from
the printed rounding: a percentage printed with two decimals may be off by
0.005, a sum of n such percentages by n × 0.005; counts must match exactly.

Where the report itself does not add up, the data stays as printed and the
relation is listed in ``data/known_exceptions.csv`` with its difference, a
verdict and an explanation in each language (``explanation_vi``,
``explanation_en``; the audit's frame carries both). The verdict keeps apart what a meeting must not
confuse: a relation the report itself states that does not hold (``does not
hold as stated``: needs clarifying), a gap that comes from this project's own
model of the flows (``depends on our model``), and two figures that can both be
right because they have different dates or bases (``different bases or
dates``). Any other failing relation raises :class:`~nq03lib.data.csvcheck.DataError`,
and so does a known exception whose difference has changed or that now holds
(so the file cannot go stale).
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import pandas as pd

from nq03lib import paths
from nq03lib.analysis import derive, organisations, training, village
from nq03lib.analysis.frames import half_unit
from nq03lib.data import schema as metadata
from nq03lib.data.parse import read_known_exceptions
from nq03lib.text import LANGS, Template, did_you_mean, format_location

EPS = 1e-9


@dataclass(frozen=True)
class Check:
    """One relation between a printed figure and its recomputed value."""

    relation_id: str
    kind: str
    description: tuple[str, str]  # (vi, en): what is compared, for a reader
    location: str
    printed: float
    recomputed: float
    tolerance: float
    comparison: str = "equal"  # or "at_most" / "at_least": printed ≤ / ≥ recomputed
    implied: float | None = None  # a baseline or target the printed figure implies
    checkable: bool = True  # False: the report gives no second figure to compare with
    rows: tuple = ()  # (table, line) of each data row the relation reads, for error messages
    tables: tuple = ()  # the tables the relation is computed from

    @property
    def difference(self) -> float:
        """Return printed minus recomputed, rounded to 6 decimals."""
        return round(self.printed - self.recomputed, 6)

    @property
    def holds(self) -> bool:
        """Tell whether the relation holds within the tolerance (always true if not checkable)."""
        if not self.checkable:
            return True
        if self.comparison == "at_most":
            return self.printed <= self.recomputed + self.tolerance + EPS
        if self.comparison == "at_least":
            return self.printed >= self.recomputed - self.tolerance - EPS
        return abs(self.difference) <= self.tolerance + EPS


Frames = dict[str, pd.DataFrame]
_GENERATORS: list[tuple[tuple[str, ...], Callable[[Frames], Iterator[Check]]]] = []


def _relation(*tables: str):
    def register(fn):
        _GENERATORS.append((tables, fn))
        return fn

    return register


class MissingRowError(ValueError, LookupError):
    """Raise when a relation cannot find the one row it needs (deleted, duplicated, key changed)."""


#: Rows read while a relation is computed: (rows looked up with _one, rows named by _loc).
_SEEN: tuple[list, list] = ([], [])


def _one(frame: pd.DataFrame, column: str, **where) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for col, val in where.items():
        mask &= frame[col] == val
    rows = frame[mask]
    if len(rows) != 1:
        lines = frame.attrs.get("lines")
        found = "none" if rows.empty else str(len(rows))
        if lines and not rows.empty:
            found += f" (lines {', '.join(str(lines[i]) for i in rows.index if i < len(lines))})"
        key = ", ".join(f"{k}={v}" for k, v in where.items())
        raise MissingRowError(
            f"{frame.attrs.get('path', frame.attrs.get('table'))}: a relation needs exactly one row with "
            f"{key}, found {found}; expected that row (was it deleted, duplicated or its key changed?)"
        )
    _SEEN[0].append(rows.iloc[0])
    return rows.iloc[0]


def _within(
    relation_id: str,
    kind: str,
    description: str,
    location: str,
    value: float,
    bound: float,
    comparison: str = "at_most",
) -> Check:
    """Return the check that a printed figure stays within a bound, exactly (no rounding tolerance).

    ``at_most``: a part within its whole, a share below a target; ``at_least``:
    a share above a floor.
    """
    return Check(relation_id, kind, description, location, float(value), float(bound), 0.0, comparison)


def _loc(*rows: pd.Series) -> str:
    _SEEN[1].extend(rows)
    return ", ".join(dict.fromkeys(str(r["location"]) for r in rows))


Text = tuple[str, str]


def _say(template: Template, **values) -> Text:
    """Return a relation's description in both languages, filled from values computed once."""
    return tuple(template.format(lang, **values) for lang in LANGS)


def _label(category: str, code: object) -> Text:
    """Return the (vi, en) labels of a category code."""
    return tuple(metadata.label(category, str(code), lang) for lang in LANGS)


def _code(table: str, column: str, code: object) -> Text:
    """Return the (vi, en) labels of a code in ``table.column`` (a code of no category as it is)."""
    category = metadata.TABLES[table]["columns"][column].get("categories")
    return _label(category, code) if category else (str(code), str(code))


def _title(table: str) -> Text:
    """Return a data table's title in both languages (one title serves both until it has two)."""
    title = metadata.TABLES[table]["title"]
    return (title, title) if isinstance(title, str) else (title["vi"], title["en"])


def _period(code: object) -> Text:
    """Write a period code as the report does: ``2016-08`` → "8-2016", ``2016/2020`` → "2016–2020"."""
    text = re.sub(r"(\d{4})-(\d{2})", lambda m: f"{int(m[2])}-{m[1]}", str(code)).replace("/", "–")
    return (text, text)


def _place(location: str) -> Text:
    """Return a location written for readers: "chú thích 10", "mục II.2"."""
    return tuple(format_location(location, lang) for lang in LANGS)


def _number(value: float) -> Text:
    """Return a whole number in each language's notation."""
    from nq03lib.text import format_number

    return tuple(format_number(value, lang) for lang in LANGS)


def _column_label(column: str) -> Text:
    """Return the (vi, en) header of a data column."""
    from nq03lib.data.labels import label_column

    return tuple(label_column(column, lang) for lang in LANGS)


def _join(texts: list[Text], sep: str = ", ") -> Text:
    """Join (vi, en) pairs language by language."""
    return tuple(sep.join(t[i] for t in texts) for i in range(len(LANGS)))


#: What each kind of relation says, one template per language.
SAY = {
    "share": Template(
        vi="{share:x}% = {part:n}/{whole:n} ({what}, {period})",
        en="{share:x}% = {part:n}/{whole:n} ({what}, {period})",
    ),
    "share_of_whole": Template(
        vi="{share:x}% = {part:n}/{whole:n} ({table}: {what})",
        en="{share:x}% = {part:n}/{whole:n} ({table}: {what})",
    ),
    "recruits_since_2020": Template(
        vi="Số kết nạp từ nhiệm kỳ 2020 ({since:n}) nằm trong tổng số kết nạp từ 8-2016 ({all:n})",
        en="Recruits since the 2020 term ({since:n}) within all recruits since 8-2016 ({all:n})",
    ),
    "parts_sum": Template(
        vi="{what}: tổng {n} thành phần so với tổng số in {total:n}",
        en="{what}: sum of {n} parts against the printed total {total:n}",
    ),
    "shares_sum": Template(
        vi="{what}: các tỉ lệ in cộng lại thành 100%",
        en="{what}: printed shares add to 100%",
    ),
    "tsvmtb": Template(
        vi="{year}: TSVMTB ({sub:x}%) là một phần của TSVM ({sup:x}%)",
        en="{year}: TSVMTB ({sub:x}%) is part of TSVM ({sup:x}%)",
    ),
    "members_rated": Template(
        vi="{year}: số đảng viên được xếp loại suy ra từ {failing:n} không HTNV ở mức {share:x}% "
        "(≈{mid:n}) nằm trong {members:n} đảng viên năm 2021",
        en="{year}: members rated implied by {failing:n} không HTNV at {share:x}% (≈{mid:n}) "
        "within the {members:n} members of 2021",
    ),
    "organisations_failing": Template(
        vi="TCCSĐ xếp loại yếu kém/không HTNV 2016–2020: tổng số in so với tổng các số từng năm "
        "suy ra từ tỉ lệ in{unique}",
        en="TCCSĐ rated yếu kém/không HTNV 2016–2020: printed total against the sum of the yearly "
        "counts implied by the printed shares{unique}",
    ),
    "count_change": Template(
        vi="giảm {change:x}% = ({before:n} − {after:n}) / {before:n}",
        en="giảm {change:x}% = ({before:n} − {after:n}) / {before:n}",
    ),
    "rate_change": Template(
        vi="tăng {change:x} điểm phần trăm = {num:n}/{den:n} − {num0:n}/{den0:n}",
        en="tăng {change:x} percentage points = {num:n}/{den:n} − {num0:n}/{den0:n}",
    ),
    "nq01_two_ways": Template(
        vi="Mục tiêu năm 2021 của Nghị quyết 01 về bí thư chi bộ kiêm thôn trưởng, suy ra từ số toàn tỉnh "
        "(“đạt {prov:x}% so với”) và từ số của thành phố Kon Tum (“vượt {city:x}%”)",
        en="2021 target of Resolution 01 for secretaries who are village heads, implied by the province "
        "('đạt {prov:x}% so với') and by Kon Tum city ('vượt {city:x}%')",
    ),
    "ngoc_hoi_below": Template(
        vi="Ngọc Hồi ({share:x}%), được nêu là chưa đạt mục tiêu, so với {reference} ({target:pct})",
        en="Ngọc Hồi ({share:x}%), named below target, against the {reference} ({target:pct})",
    ),
    "threshold": Template(
        vi="{period}: {share:x}% so với “từ {floor:x}% trở lên”",
        en="{period}: {share:x}% against 'từ {floor:x}% trở lên'",
    ),
    "implied_baseline": Template(
        vi="tăng {change:x} từ {current:x}% cho mốc {baseline:pct} ở thời điểm {reference} "
        "(đọc là điểm phần trăm; nếu đọc là tăng tương đối: {relative:pct})",
        en="tăng {change:x} from {current:x}% implies {baseline:pct} at {reference} "
        "(percentage points; relative reading {relative:pct})",
    ),
    "implied_target": Template(
        vi="{statement} {change:x} từ {current:x}% cho mục tiêu {target:pct} (± {tolerance:n2} do làm tròn)",
        en="{statement} {change:x} from {current:x}% implies a target of {target:pct} "
        "(± {tolerance:n2} from rounding)",
    ),
    "restated": Template(
        vi="{column} ({value:x}, {place}) được in lại ở {again}",
        en="{column} ({value:x}, {place}) printed again at {again}",
    ),
    "member_totals": Template(
        vi="Số đảng viên năm 2021: {commit:n} (xây dựng bản cam kết, {commit_place}) so với {total:n} ({total_place})",
        en="Party members in 2021: {commit:n} (commitments, {commit_place}) against {total:n} ({total_place})",
    ),
    "cells_under": Template(
        vi="{under:n} chi bộ trực thuộc đảng ủy cơ sở nằm trong {cells:n} chi bộ của số liệu sinh hoạt chuyên đề",
        en="{under:n} cells under grassroots committees within the {cells:n} cells of the thematic-meeting figure",
    ),
    "cells_implied": Template(
        vi="Số chi bộ cơ sở suy ra ({cells:n} − {under:n}) nằm trong {tccsd:n} TCCSĐ",
        en="Implied grassroots cells ({cells:n} − {under:n}) within the {tccsd:n} TCCSĐ",
    ),
    "committees_named": Template(
        vi="Các đảng ủy trực thuộc Tỉnh ủy được báo cáo nêu tên ({n}: {names}) nằm trong {contest:n} cấp ủy "
        "trực thuộc Tỉnh ủy (mục II.2) trừ {districts:n} huyện, thành phố (mục II.5), tức {rest}",
        en="Committees under the province the report names ({n}: {names}) within the {contest:n} committees "
        "under the province (section II.2) less the {districts:n} districts (section II.5), i.e. {rest}",
    ),
    "districts_named": Template(
        vi="Số huyện, thành phố được báo cáo nêu tên ({n}) nằm trong {districts:n} huyện, thành phố của mục II.5",
        en="Districts the report names anywhere ({n}) within the {districts:n} districts of section II.5",
    ),
    "examples_vs_below": Template(
        vi="Đơn vị được nêu làm ví dụ vượt mục tiêu thôn trưởng là đảng viên ({above}, chú thích 6, một danh sách "
        "ví dụ) và đơn vị chưa đạt ({below}, chú thích 20): không đơn vị nào ở cả hai phía",
        en="Units named as examples above the village-head target ({above}, footnote 6, a list of examples) "
        "and below it ({below}, footnote 20): none on both sides",
    ),
    "flows": Template(
        vi="{entity}: {before:n} (8-2016) + {added:n} thành lập mới − {removed:n} giải thể, sáp nhập so với "
        "{after:n} được nêu",
        en="{entity}: {before:n} (8-2016) + {added:n} new − {removed:n} dissolved or merged against the "
        "stated {after:n}",
    ),
    "village_fit": Template(
        vi="{baseline:pct} ({indicator}, {reference}, suy ra từ “tăng”, ± {tolerance:n2}) là tỉ lệ trên {villages:n} "
        "thôn trước sắp xếp (756 + 118, chú thích 14): tỉ lệ nguyên gần nhất {nearest:n}/{villages:n} = "
        "{nearest_share:pct4}",
        en="{baseline:pct} ({indicator}, {reference}, implied by 'tăng', ± {tolerance:n2}) as a share of the "
        "{villages:n} villages before the reorganisation (756 + 118, footnote 14): nearest whole share "
        "{nearest:n}/{villages:n} = {nearest_share:pct4}",
    ),
    "rated_vs_stock": Template(
        vi="{stock:n} TCCSĐ ({period}, mục II.2) coi là số được xếp loại năm {year}: tỉ lệ năm {year} "
        "(chú thích 10) chỉ khớp với số nguyên khi có {nearest:n} tổ chức được xếp loại",
        en="The {stock:n} TCCSĐ of {period} (section II.2) as the number rated in {year}: the {year} shares "
        "(footnote 10) fit whole counts only for {nearest:n} organisations rated",
    ),
    "secretaries_within_heads": Template(
        vi="{sec:n} bí thư chi bộ kiêm thôn trưởng nằm trong {heads:n} thôn trưởng là đảng viên "
        "(bí thư chi bộ là đảng viên)",
        en="{sec:n} secretaries who are village heads within the {heads:n} village heads who are party "
        "members (a cell secretary is a party member)",
    ),
    "secretaries_within_heads_implied": Template(
        vi="{reference}: tỉ lệ suy ra bí thư kiêm thôn trưởng ({sec:pct}) nằm trong tỉ lệ suy ra thôn trưởng "
        "là đảng viên ({heads:pct})",
        en="{reference}: implied share of secretaries who are heads ({sec:pct}) within the implied share of "
        "heads who are members ({heads:pct})",
    ),
    "households": Template(
        vi="{hh:n} đảng viên ở xã, phường, thị trấn cần phân công phụ trách hộ (mục II.4) nằm trong "
        "{communes:n} đảng viên của TCCSĐ xã, phường, thị trấn (mục II.4)",
        en="The {hh:n} members of communes, wards and towns due to be assigned to households (section II.4) "
        "within the {communes:n} members of commune-level TCCSĐ (section II.4)",
    ),
    "assignment_base": Template(
        vi="“trong đó … {num:n}/{den:n}”: mẫu số của tỉ lệ ở xã bằng {assigned:n} cấp ủy viên đã được phân công "
        "trong {assigned:n}/{need:n}, nên {share:x}% đọc là tỉ lệ trên số đã phân công, không phải trên nhu cầu "
        "của các xã (cần làm rõ)",
        en="'trong đó … {num:n}/{den:n}': the base of the communes' share equals the {assigned:n} already "
        "assigned of {assigned:n}/{need:n}, so {share:x}% reads as a share of the members assigned, not of "
        "the communes' need (needs clarifying)",
    ),
    "new_secretaries": Template(
        vi="{new:n} bí thư (phó bí thư) chi bộ thôn mới (“Trong đó”, mục II.2) nằm trong {total:n} lượt người "
        "tham gia các lớp đào tạo, bồi dưỡng và nâng cao nghiệp vụ ({parts})",
        en="The {new:n} new village (deputy) secretaries ('Trong đó', section II.2) within the {total:n} "
        "person-times of training and skills courses ({parts})",
    ),
    "named_failing": Template(
        vi="{n} tổ chức được chú thích 16 nêu tên là không HTNV (không ghi năm) nằm trong {counted:n} tổ chức "
        "chú thích 17 đếm cho 2016–2020 ({parts}): danh sách chưa đầy đủ",
        en="The {n} organisations footnote 16 names as không HTNV (no year given) within the {counted:n} "
        "organisations footnote 17 counts over 2016–2020 ({parts}): the list is not complete",
    ),
    "annex": Template(
        vi="“chi tiết tại biểu NN” được dẫn {n} lần cho {numbers} số biểu: {cited}",
        en="'chi tiết tại biểu NN' cited {n} times for {numbers} numbers: {cited}",
    ),
}


# --- percentages against counts ------------------------------------------------------


@_relation("rates")
def _rate_shares(f: Frames) -> Iterator[Check]:
    rates = f["rates"]
    full = rates.dropna(subset=["numerator_count", "denominator_count", "share_pct"])
    for _, r in full.iterrows():
        yield Check(
            f"share:rates:{r['indicator']}/{r['area']}/{r['period']}",
            "share_from_counts",
            _say(
                SAY["share"],
                share=r["share_pct"],
                part=r["numerator_count"],
                whole=r["denominator_count"],
                what=_label("indicator", r["indicator"]),
                period=_period(r["period"]),
            ),
            _loc(r),
            float(r["share_pct"]),
            100 * r["numerator_count"] / r["denominator_count"],
            half_unit(r["share_pct"], r["quote"]),
        )


def _shares_of_whole(table: str, count: str, whole: pd.Series, parts: pd.DataFrame, what: str):
    for _, r in parts.dropna(subset=["share_pct"]).iterrows():
        column = "org_type" if "org_type" in r.index else "group"
        part = r[column]
        yield Check(
            f"share:{table}:{what}/{part}",
            "share_from_counts",
            _say(
                SAY["share_of_whole"],
                share=r["share_pct"],
                part=r[count],
                whole=whole[count],
                table=_title(table),
                what=_code(table, column, part),
            ),
            _loc(r, whole),
            float(r["share_pct"]),
            100 * r[count] / whole[count],
            half_unit(r["share_pct"], r["quote"]),
        )


@_relation("organisations")
def _organisation_shares(f: Frames) -> Iterator[Check]:
    o = f["organisations"]
    whole = _one(o, "count", period="2021", entity="tccsd", org_type="tat_ca")
    parts = o[(o["period"] == "2021") & (o["entity"] == "tccsd") & (o["org_type"] != "tat_ca")]
    yield from _shares_of_whole("organisations", "count", whole, parts, "tccsd-2021")
    said = ("TCCSĐ năm 2021 theo loại hình", "TCCSĐ in 2021 by type")
    yield from _parts_sum("organisations", "tccsd-2021 by type", whole, "count", parts, said)
    yield from _shares_sum("organisations", "tccsd-2021 by type", parts, said)


@_relation("membership")
def _membership_shares(f: Frames) -> Iterator[Check]:
    m = f["membership"]
    whole = _one(m, "member_count", dimension="tong", group="tat_ca")
    parts = m[m["dimension"] != "tong"]
    yield from _shares_of_whole("membership", "member_count", whole, parts, "2021")
    by_type = m[m["dimension"] == "loai_hinh_tccsd"]
    said = ("Đảng viên theo loại hình TCCSĐ", "Members by type of organisation")
    yield from _parts_sum(
        "membership", "members by type of organisation", whole, "member_count", by_type, said
    )
    yield from _shares_sum("membership", "members by type of organisation", by_type, said)


@_relation("recruitment")
def _recruitment_shares(f: Frames) -> Iterator[Check]:
    r = f["recruitment"]
    whole = _one(r, "recruit_count", period="2016-08/2021", dimension="tong")
    parts = r[(r["period"] == "2016-08/2021") & (r["dimension"] != "tong")]
    yield from _shares_of_whole("recruitment", "recruit_count", whole, parts, "2016-08/2021")
    since_2020 = _one(r, "recruit_count", period="2020/2021", dimension="tong")
    yield _within(
        "subset:recruitment:since-2020-within-since-2016",
        "subset",
        _say(SAY["recruits_since_2020"], since=since_2020["recruit_count"], all=whole["recruit_count"]),
        _loc(since_2020, whole),
        since_2020["recruit_count"],
        whole["recruit_count"],
    )


# --- parts against wholes --------------------------------------------------------------


def _parts_sum(table: str, what: str, whole: pd.Series, count: str, parts: pd.DataFrame, said: Text):
    """Yield the check that ``parts`` add to ``whole`` (``what`` keys the relation, ``said`` tells it)."""
    if parts.empty:
        return
    yield Check(
        f"parts:{table}:{what}",
        "parts_sum",
        _say(SAY["parts_sum"], what=said, n=len(parts), total=whole[count]),
        _loc(whole, *[r for _, r in parts.iterrows()]),
        float(whole[count]),
        float(parts[count].sum()),
        0.0,
    )


def _shares_sum(table: str, what: str, parts: pd.DataFrame, said: Text):
    """Yield the check that the printed shares of ``parts`` add to 100%."""
    if parts.empty:
        return
    tol = sum(half_unit(r["share_pct"], r["quote"]) for _, r in parts.iterrows())
    yield Check(
        f"shares:{table}:{what}",
        "shares_sum",
        _say(SAY["shares_sum"], what=said),
        _loc(*[r for _, r in parts.iterrows()]),
        100.0,
        float(parts["share_pct"].sum()),
        tol,
    )


def _totals_by(table: str, frame: pd.DataFrame, part_col: str, within: list[str], count: str):
    """Yield a parts-sum check for every group that has a ``tat_ca`` row and parts."""
    for key, group in frame.groupby(within, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        wholes = group[group[part_col] == "tat_ca"]
        parts = group[group[part_col] != "tat_ca"]
        if len(wholes) == 1 and len(parts):
            said = _join([_title(table), *[_code(table, c, k) for c, k in zip(within, key)]], " · ")
            yield from _parts_sum(table, "/".join(map(str, key)), wholes.iloc[0], count, parts, said)


@_relation("restructuring")
def _restructuring_parts(f: Frames) -> Iterator[Check]:
    yield from _totals_by("restructuring", f["restructuring"], "unit_kind", ["action"], "count")


@_relation("training_classes")
def _training_classes_parts(f: Frames) -> Iterator[Check]:
    yield from _totals_by(
        "training_classes", f["training_classes"], "training_level", ["period"], "class_count"
    )


@_relation("training_participants")
def _training_participant_parts(f: Frames) -> Iterator[Check]:
    t = f["training_participants"]
    yield from _totals_by(
        "training_participants", t, "participant_kind", ["programme", "area"], "participant_count"
    )
    whole = _one(
        t, "participant_count", programme="bi_thu_thon_moi", participant_kind="tat_ca", area="nhieu_don_vi"
    )
    by_area = t[(t["programme"] == "bi_thu_thon_moi") & (t["area"] != "nhieu_don_vi")]
    said = _join(
        [_code("training_participants", "programme", "bi_thu_thon_moi"), ("theo đơn vị", "by unit")], " "
    )
    said = _join([_title("training_participants"), said], " · ")
    yield from _parts_sum(
        "training_participants", "bi_thu_thon_moi by district", whole, "participant_count", by_area, said
    )


@_relation("inspections")
def _inspection_parts(f: Frames) -> Iterator[Check]:
    i = f["inspections"]
    total = i[i["level"] == "tat_ca"]
    yield from _totals_by_activity(total)
    for target in ("to_chuc_dang", "dang_vien"):
        whole = _one(i, "inspection_count", level="tat_ca", target=target, activity="kiem_tra_giam_sat")
        levels = i[(i["level"] != "tat_ca") & (i["target"] == target)]
        said = _join(
            [_title("inspections"), _code("inspections", "target", target), ("theo cấp", "by level")], " · "
        )
        yield from _parts_sum("inspections", f"{target} by level", whole, "inspection_count", levels, said)


def _totals_by_activity(total: pd.DataFrame):
    for target, group in total.groupby("target", observed=True):
        whole = group[group["activity"] == "kiem_tra_giam_sat"].iloc[0]
        parts = group[group["activity"] != "kiem_tra_giam_sat"]
        said = _join([_title("inspections"), _code("inspections", "target", target)], " · ")
        said = _join([said, ("kiểm tra + giám sát", "inspected + supervised")], ": ")
        yield from _parts_sum(
            "inspections", f"{target} inspected + supervised", whole, "inspection_count", parts, said
        )


@_relation("discipline")
def _discipline_parts(f: Frames) -> Iterator[Check]:
    yield from _totals_by("discipline", f["discipline"], "form", ["target"], "disciplined_count")


# --- ratings ---------------------------------------------------------------------------


@_relation("ratings_organisations")
def _organisation_ratings(f: Frames) -> Iterator[Check]:
    r = f["ratings_organisations"]
    for year, group in r.groupby("year", observed=True):
        said = (f"Xếp loại TCCSĐ năm {year}", f"Organisations rated in {year}")
        yield from _shares_sum("ratings_organisations", f"{year}", group[group["rating"] != "tsvmtb"], said)
        if (group["rating"] == "tsvmtb").any():
            sub = _one(group, "share_pct", rating="tsvmtb")
            sup = _one(group, "share_pct", rating="tsvm")
            yield _within(
                f"subset:ratings_organisations:{year}/tsvmtb-within-tsvm",
                "subset",
                _say(SAY["tsvmtb"], year=year, sub=sub["share_pct"], sup=sup["share_pct"]),
                _loc(sub),
                sub["share_pct"],
                sup["share_pct"],
            )


@_relation("ratings_members")
def _member_ratings(f: Frames) -> Iterator[Check]:
    r = f["ratings_members"]
    for year, group in r.groupby("year", observed=True):
        yield from _shares_sum(
            "ratings_members",
            f"{year}",
            group,
            (f"Xếp loại đảng viên năm {year}", f"Members rated in {year}"),
        )


@_relation("ratings_members", "failing_counts", "membership")
def _members_rated(f: Frames) -> Iterator[Check]:
    from nq03lib.analysis.derive import implied_members_rated

    total = _one(f["membership"], "member_count", dimension="tong")
    for _, row in implied_members_rated(f["ratings_members"], f["failing_counts"]).iterrows():
        yield _within(
            f"subset:failing_counts:{row['year']}/members-rated-within-members",
            "subset",
            _say(
                SAY["members_rated"],
                year=row["year"],
                failing=row["failing_count"],
                share=row["share_pct"],
                mid=row["rated_mid_count"],
                members=total["member_count"],
            ),
            "fn10, fn16, II.4",
            row["rated_mid_count"],
            total["member_count"],
        )


@_relation("ratings_organisations", "failing_counts")
def _organisations_failing(f: Frames) -> Iterator[Check]:
    from nq03lib.analysis.derive import solve_rating_counts

    solved = solve_rating_counts(f["ratings_organisations"])
    fail = solved[solved["rating"].isin(["yeu_kem", "khong_htnv"])]
    unique = fail.groupby("year", observed=True)["count"].nunique().eq(1).all()
    printed = _one(f["failing_counts"], "failing_count", subject="tccsd", period="2016/2020")
    yield Check(
        "parts:failing_counts:tccsd-2016-2020-vs-yearly-shares",
        "parts_sum",
        _say(
            SAY["organisations_failing"],
            unique=("", "") if unique else (" (số không duy nhất)", " (counts not unique)"),
        ),
        "fn10, fn17",
        float(printed["failing_count"]),
        float(fail.groupby("year", observed=True)["count"].first().sum()),
        0.0,
    )


# --- stated changes, targets, thresholds ----------------------------------------------------


@_relation("stated_changes", "organisations")
def _count_changes(f: Frames) -> Iterator[Check]:
    """Check each printed "giảm x%" of a stock against the change :mod:`~nq03lib.analysis.organisations` derives."""
    s, o = f["stated_changes"], f["organisations"]
    for indicator, entity in (("tccsd_count", "tccsd"), ("chi_bo_truc_thuoc_count", "chi_bo_truc_thuoc")):
        change = _one(s, "value_pct", indicator=indicator, reference="2016-08")
        before = _one(o, "count", period="2016-08", entity=entity, org_type="tat_ca")
        after = _one(o, "count", period="2021", entity=entity, org_type="tat_ca")
        yield Check(
            f"change:stated_changes:{indicator}",
            "stated_change",
            _say(
                SAY["count_change"], change=change["value_pct"], before=before["count"], after=after["count"]
            ),
            _loc(change, before),
            float(change["value_pct"]),
            -organisations.compute_stock_change(o, entity),
            half_unit(change["value_pct"], change["quote"]),
        )


@_relation("stated_changes", "rates")
def _rate_changes(f: Frames) -> Iterator[Check]:
    """Check each "tăng x%" whose baseline is printed against the change :func:`measure_printed_changes` gives."""
    s, r = f["stated_changes"], f["rates"]
    for _, m in derive.measure_printed_changes(s, r).iterrows():
        change = _one(s, "value_pct", indicator=m["indicator"], area=m["area"], reference="2016-08")
        now = _one(r, "share_pct", indicator=m["indicator"], area=m["area"], period="2021")
        b = _one(r, "share_pct", indicator=m["indicator"], area=m["area"], period="2016-08")
        yield Check(
            f"change:stated_changes:{change['indicator']}/{change['area']}/2016-08",
            "stated_change",
            _say(
                SAY["rate_change"],
                change=change["value_pct"],
                num=now["numerator_count"],
                den=now["denominator_count"],
                num0=b["numerator_count"],
                den0=b["denominator_count"],
            ),
            _loc(change, b),
            float(change["value_pct"]),
            float(m["change_pp"]),
            half_unit(change["value_pct"], change["quote"]),
        )


@_relation("stated_changes", "rates")
def _targets(f: Frames) -> Iterator[Check]:
    two_ways = village.compare_secretaries_targets(f["stated_changes"], f["rates"])
    yield Check(
        "target:stated_changes:bi_thu_kiem_thon_truong/nq01-two-ways",
        "implied_target",
        _say(SAY["nq01_two_ways"], prov=two_ways["province_value_pct"], city=two_ways["city_value_pct"]),
        ", ".join(dict.fromkeys([two_ways["province_location"], two_ways["city_location"]])),
        two_ways["city_target_pct"],
        two_ways["province_target_pct"],
        two_ways["tolerance_pct"],
    )
    t = derive.implied_targets(f["stated_changes"], f["rates"])
    heads = t[t["indicator"] == "thon_truong_la_dang_vien"]
    ngoc_hoi = _one(f["rates"], "share_pct", indicator="thon_truong_la_dang_vien", area="ngoc_hoi")
    for _, target in heads.iterrows():
        yield _within(
            f"target:rates:thon_truong_la_dang_vien/ngoc_hoi-below-{target['reference']}",
            "implied_target",
            _say(
                SAY["ngoc_hoi_below"],
                share=ngoc_hoi["share_pct"],
                reference=_label("reference", target["reference"]),
                target=target["target_pct"],
            ),
            _loc(ngoc_hoi, target),
            ngoc_hoi["share_pct"],
            target["target_pct"],
        )


@_relation("stated_changes", "rates")
def _residence_threshold(f: Frames) -> Iterator[Check]:
    """Check each year against the stated floor, as :func:`~nq03lib.analysis.training.check_residence_floor` sets it."""
    s, r = f["stated_changes"], f["rates"]
    floor = _one(s, "value_pct", indicator=training.RESIDENCE, statement="tu_tro_len")
    for _, year in training.check_residence_floor(r, s).iterrows():
        row = _one(r, "share_pct", indicator=training.RESIDENCE, area="toan_tinh", period=year["year"])
        yield _within(
            f"threshold:rates:{training.RESIDENCE}/{row['period']}",
            "threshold",
            _say(
                SAY["threshold"],
                period=_period(row["period"]),
                share=row["share_pct"],
                floor=floor["value_pct"],
            ),
            _loc(floor, row),
            year["share_pct"],
            year["floor_pct"],
            "at_least",
        )


@_relation("stated_changes", "rates")
def _implied_only(f: Frames) -> Iterator[Check]:
    """List each stated change or comparison whose baseline or target the report does not print."""
    from nq03lib.analysis.derive import implied_baselines, implied_targets

    s, r = f["stated_changes"], f["rates"]
    printed_bases = set(zip(r["indicator"].astype(str), r["area"].astype(str), r["period"].astype(str)))
    for _, b in implied_baselines(s, r, "pp").iterrows():
        if (str(b["indicator"]), str(b["area"]), str(b["reference"])) in printed_bases:
            continue  # checked against the printed baseline in _rate_changes
        rel = implied_baselines(
            s[
                (s["indicator"] == b["indicator"])
                & (s["reference"] == b["reference"])
                & (s["area"] == b["area"])
            ],
            r,
            "relative",
        ).iloc[0]
        yield Check(
            f"implied:stated_changes:{b['indicator']}/{b['area']}/{b['reference']}",
            "stated_change",
            _say(
                SAY["implied_baseline"],
                change=b["value_pct"],
                current=b["current_pct"],
                baseline=b["baseline_pct"],
                reference=_period(b["reference"]),
                relative=rel["baseline_pct"],
            ),
            str(b["location"]),
            float(b["value_pct"]),
            float("nan"),
            0.0,
            implied=float(b["baseline_pct"]),
            checkable=False,
        )
    for _, t in implied_targets(s, r, "pp").iterrows():
        yield Check(
            f"implied:stated_changes:{t['indicator']}/{t['area']}/{t['reference']}",
            "implied_target",
            _say(
                SAY["implied_target"],
                statement=_code("stated_changes", "statement", t["statement"]),
                change=t["value_pct"],
                current=t["current_pct"],
                target=t["target_pct"],
                tolerance=t["target_tolerance_pct"],
            ),
            str(t["location"]),
            float(t["value_pct"]),
            float("nan"),
            0.0,
            implied=float(t["target_pct"]),
            checkable=False,
        )


# --- the same figure twice, two totals for one population, flows -----------------------------


@_relation("restatements", *[t for t in metadata.TABLES if t != "restatements"])
def _restatements(f: Frames) -> Iterator[Check]:
    from nq03lib.data.source import numbers_in

    for _, r in f["restatements"].iterrows():
        where = dict(pair.split("=", 1) for pair in r["row_key"].split(";"))
        stored = _one(f[r["table"]], r["column"], **where)
        value = float(stored[r["column"]])
        printed = [float(v) for _, v in numbers_in(r["quote"])]
        nearest = min(printed, key=lambda v: abs(v - value)) if printed else float("nan")
        yield Check(
            f"xref:{r['table']}:{r['row_key']}/{r['column']}@{r['location']}",
            "cross_reference",
            _say(
                SAY["restated"],
                column=_column_label(r["column"]),
                value=value,
                place=_place(stored["location"]),
                again=_place(r["location"]),
            ),
            _loc(stored, r),
            nearest,
            value,
            0.0,
        )


@_relation("rates", "membership")
def _member_totals(f: Frames) -> Iterator[Check]:
    commit = _one(f["rates"], "denominator_count", indicator="dang_vien_xay_dung_cam_ket")
    total = _one(f["membership"], "member_count", dimension="tong")
    yield Check(
        "population:rates:dang_vien_xay_dung_cam_ket-vs-membership",
        "same_population",
        _say(
            SAY["member_totals"],
            commit=commit["denominator_count"],
            commit_place=_place(commit["location"]),
            total=total["member_count"],
            total_place=_place(total["location"]),
        ),
        _loc(commit, total),
        float(commit["denominator_count"]),
        float(total["member_count"]),
        0.0,
    )


@_relation("rates", "organisations")
def _cell_totals(f: Frames) -> Iterator[Check]:
    cells = _one(f["rates"], "denominator_count", indicator="chi_bo_sinh_hoat_chuyen_de", period="2021")
    under = _one(f["organisations"], "count", period="2021", entity="chi_bo_truc_thuoc")
    tccsd = _one(f["organisations"], "count", period="2021", entity="tccsd", org_type="tat_ca")
    yield _within(
        "subset:rates:chi_bo-under-committees-within-all-chi_bo",
        "subset",
        _say(SAY["cells_under"], under=under["count"], cells=cells["denominator_count"]),
        _loc(under, cells),
        under["count"],
        cells["denominator_count"],
    )
    implied = organisations.count_implied_cells(f["rates"], f["organisations"])
    yield _within(
        "subset:rates:implied-chi_bo_co_so-within-tccsd",
        "subset",
        _say(
            SAY["cells_implied"], cells=cells["denominator_count"], under=under["count"], tccsd=tccsd["count"]
        ),
        _loc(under, cells, tccsd),
        implied["chi_bo_co_so"],
        implied["tccsd"],
    )


@_relation("rates", "unit_mentions")
def _unit_counts(f: Frames) -> Iterator[Check]:
    """Check the named units against the counts the report prints, never against our own list.

    II.2 prints "14/14 cấp ủy trực thuộc Tỉnh ủy" and II.5 "10/10 huyện, thành phố": so
    14 − 10 = 4 committees under the province are not districts. The report names only
    some of them (the fourth is never printed), so the named committees can only be
    checked to stay within 4, and the named districts within 10. fn6 lists examples
    ("Điển hình có các đơn vị"), not every unit above the target, so the only relation
    between fn6 and fn20 is that no unit is named on both sides.
    """
    r = f["rates"]
    m = f["unit_mentions"]
    contest = _one(r, "denominator_count", indicator="cap_uy_to_chuc_hoi_thi")
    districts = _one(r, "denominator_count", indicator="huyen_hoan_thanh_sap_xep_thon")
    kinds = {a: metadata.UNITS[a]["kind"] for a in metadata.UNITS}
    named = set(m["area"].astype(str)) & set(kinds)
    committees = sorted(a for a in named if kinds[a] == "dang_uy_truc_thuoc")
    named_districts = sorted(a for a in named if kinds[a] != "dang_uy_truc_thuoc")
    n_committees = int(contest["denominator_count"]) - int(districts["denominator_count"])
    yield _within(
        "subset:unit_mentions:committees-named-within-committees-counted",
        "subset",
        _say(
            SAY["committees_named"],
            n=len(committees),
            names=_join([_label("area", c) for c in committees]),
            contest=contest["denominator_count"],
            districts=districts["denominator_count"],
            rest=n_committees,
        ),
        _loc(contest, districts),
        len(committees),
        n_committees,
    )
    yield _within(
        "subset:unit_mentions:districts-named-within-districts-counted",
        "subset",
        _say(SAY["districts_named"], n=len(named_districts), districts=districts["denominator_count"]),
        _loc(districts),
        len(named_districts),
        districts["denominator_count"],
    )
    above = set(m.loc[m["topic"] == "thon_truong_vuot_muc_tieu", "area"].astype(str))
    below = set(m.loc[m["topic"] == "thon_truong_chua_dat_muc_tieu", "area"].astype(str))
    yield Check(
        "xref:unit_mentions:village-head-target-examples-vs-below",
        "cross_reference",
        _say(SAY["examples_vs_below"], above=len(above), below=len(below)),
        "fn6, fn20",
        float(len(above & below)),
        0.0,
        0.0,
    )


@_relation("restructuring", "organisations")
def _flows(f: Frames) -> Iterator[Check]:
    from nq03lib.analysis.derive import reconcile_flows

    for _, row in reconcile_flows(f["restructuring"], f["organisations"]).iterrows():
        yield Check(
            f"flows:restructuring:{row['entity']}",
            "flow_reconciliation",
            _say(
                SAY["flows"],
                entity=_label("entity", row["entity"]),
                before=row["before_count"],
                added=row["added_count"],
                removed=row["removed_count"],
                after=row["after_count"],
            ),
            "II.2",
            float(row["after_count"]),
            float(row["implied_after_count"]),
            0.0,
        )


# --- shares printed without their count, against every count the report gives ------------------


@_relation("stated_changes", "rates", "organisations", "restructuring")
def _village_count_fits(f: Frames) -> Iterator[Check]:
    """Test the 8-2016 and 9-2019 village shares against the 874 villages before the reorganisation.

    fn14 gives 756 villages "còn" and "giảm 118", with no date: 874 = 756 + 118
    is the count before the reorganisation. Under the percentage-point reading
    the 9-2019 shares are whole numbers of 874 villages and the 8-2016 shares
    are not, so 874 is not the 8-2016 count (the two have different dates).
    """
    from nq03lib.analysis.village import fit_village_counts

    fits = fit_village_counts(
        f["stated_changes"], f["rates"], f["organisations"], f["restructuring"], readings=("pp",)
    )
    restructured = _one(f["restructuring"], "count", action="giam", unit_kind="thon")
    for _, r in fits[fits["count_period"] != "2021"].iterrows():
        yield Check(
            f"fit:restructuring:thon-before-reorganisation/{r['reference']}/{r['indicator']}",
            "whole_number_fit",
            _say(
                SAY["village_fit"],
                baseline=r["baseline_pct"],
                indicator=_label("indicator", r["indicator"]),
                reference=_period(r["reference"]),
                tolerance=r["tolerance_pct"],
                villages=r["village_count"],
                nearest=r["nearest_count"],
                nearest_share=r["nearest_share_pct"],
            ),
            _loc(pd.Series({"location": r["location"]}), restructured),
            float(r["baseline_pct"]),
            float(r["nearest_share_pct"]),
            float(r["tolerance_pct"]),
        )


@_relation("ratings_organisations", "organisations")
def _rated_against_stocks(f: Frames) -> Iterator[Check]:
    """Test the printed TCCSĐ stocks as the number rated in the nearest rating year."""
    from nq03lib.analysis.derive import solve_rating_counts

    solved = solve_rating_counts(f["ratings_organisations"])
    totals = solved.groupby("year", observed=True)["n_rated"].unique()
    for year, period in (("2016", "2016-08"), ("2020", "2021")):
        if year not in totals.index:
            continue
        stock = _one(f["organisations"], "count", period=period, entity="tccsd", org_type="tat_ca")
        nearest = min((int(n) for n in totals[year]), key=lambda n: abs(n - int(stock["count"])))
        yield Check(
            f"fit:ratings_organisations:{year}-vs-tccsd-{period}",
            "whole_number_fit",
            _say(
                SAY["rated_vs_stock"],
                stock=stock["count"],
                period=_period(period),
                year=year,
                nearest=nearest,
            ),
            "fn10, II.2",
            float(stock["count"]),
            float(nearest),
            0.0,
        )


# --- parts and subsets of one population across places ----------------------------------------


@_relation("rates")
def _village_leadership_subsets(f: Frames) -> Iterator[Check]:
    """Check secretaries who are heads within heads who are members (a cell secretary is a member)."""
    r = f["rates"]
    sec = _one(r, "numerator_count", indicator="bi_thu_kiem_thon_truong", area="toan_tinh", period="2021")
    heads = _one(r, "numerator_count", indicator="thon_truong_la_dang_vien", area="toan_tinh", period="2021")
    yield _within(
        "subset:rates:bi_thu_kiem_thon_truong-within-thon_truong_la_dang_vien/2021",
        "subset",
        _say(SAY["secretaries_within_heads"], sec=sec["numerator_count"], heads=heads["numerator_count"]),
        _loc(sec, heads),
        sec["numerator_count"],
        heads["numerator_count"],
    )


@_relation("rates", "stated_changes")
def _village_leadership_subsets_implied(f: Frames) -> Iterator[Check]:
    """Check the same subset at the two earlier dates, on the implied shares (percentage points)."""
    from nq03lib.analysis.derive import implied_baselines

    base = implied_baselines(f["stated_changes"], f["rates"], "pp")
    base = base[base["area"] == "toan_tinh"].set_index(["indicator", "reference"])
    for reference in ("2016-08", "2019-09"):
        sec = base.loc[("bi_thu_kiem_thon_truong", reference)]
        heads = base.loc[("thon_truong_la_dang_vien", reference)]
        yield Check(
            f"subset:stated_changes:bi_thu_kiem_thon_truong-within-thon_truong_la_dang_vien/{reference}",
            "subset",
            _say(
                SAY["secretaries_within_heads_implied"],
                reference=_period(reference),
                sec=sec["baseline_pct"],
                heads=heads["baseline_pct"],
            ),
            ", ".join(dict.fromkeys([str(sec["location"]), str(heads["location"])])),
            float(sec["baseline_pct"]),
            float(heads["baseline_pct"]),
            float(sec["baseline_tolerance_pct"] + heads["baseline_tolerance_pct"]),
            "at_most",
        )


@_relation("rates", "membership")
def _household_members_within_communes(f: Frames) -> Iterator[Check]:
    """Check the members due to be assigned to households within the commune-level members."""
    hh = _one(f["rates"], "denominator_count", indicator="dang_vien_phu_trach_ho", period="2021")
    communes = _one(f["membership"], "member_count", dimension="loai_hinh_tccsd", group="xa_phuong_thi_tran")
    yield _within(
        "subset:rates:dang_vien_phu_trach_ho-within-commune-members",
        "subset",
        _say(SAY["households"], hh=hh["denominator_count"], communes=communes["member_count"]),
        _loc(hh, communes),
        hh["denominator_count"],
        communes["member_count"],
    )


@_relation("rates")
def _committee_assignment_bases(f: Frames) -> Iterator[Check]:
    """Check that the base of the communes' assignment is the number assigned to all TCCSĐ (II.3)."""
    r = f["rates"]
    all_tccsd = _one(r, "numerator_count", indicator="cap_uy_vien_phu_trach_tccsd", period="2021")
    communes = _one(r, "denominator_count", indicator="cap_uy_vien_phu_trach_xa", period="2021")
    yield Check(
        "xref:rates:cap_uy_vien_phu_trach_xa-base-is-cap_uy_vien_phu_trach_tccsd-assigned",
        "cross_reference",
        _say(
            SAY["assignment_base"],
            num=communes["numerator_count"],
            den=communes["denominator_count"],
            assigned=all_tccsd["numerator_count"],
            need=all_tccsd["denominator_count"],
            share=communes["share_pct"],
        ),
        _loc(all_tccsd, communes),
        float(communes["denominator_count"]),
        float(all_tccsd["numerator_count"]),
        0.0,
    )


@_relation("training_participants")
def _new_secretaries_within_training(f: Frames) -> Iterator[Check]:
    """Check the 50 new village secretaries ("Trong đó") within the trainees: inside, not added."""
    t = f["training_participants"]
    new = _one(
        t, "participant_count", programme="bi_thu_thon_moi", participant_kind="tat_ca", area="nhieu_don_vi"
    )
    courses = t[
        (t["participant_kind"] == "tat_ca") & t["programme"].isin(["dao_tao_boi_duong", "nang_cao_nghiep_vu"])
    ]
    yield _within(
        "subset:training_participants:bi_thu_thon_moi-within-courses",
        "subset",
        _say(
            SAY["new_secretaries"],
            new=new["participant_count"],
            total=courses["participant_count"].sum(),
            parts=_join([_number(c) for c in courses["participant_count"]], " + "),
        ),
        _loc(new, *[row for _, row in courses.iterrows()]),
        new["participant_count"],
        courses["participant_count"].sum(),
    )


@_relation("unit_mentions", "failing_counts")
def _named_failing_organisations(f: Frames) -> Iterator[Check]:
    """Check the organisations fn16 names as không HTNV within the ones fn17 counts over 2016–2020."""
    m = f["unit_mentions"]
    named = m[(m["topic"] == "to_chuc_dang_khong_htnv") & m["organisation"].notna()]
    fc = f["failing_counts"]
    counted = fc[(fc["subject"] != "dang_vien") & (fc["period"] == "2016/2020")]
    yield _within(
        "subset:unit_mentions:organisations-named-within-fn17",
        "subset",
        _say(
            SAY["named_failing"],
            n=len(named),
            counted=counted["failing_count"].sum(),
            parts=_join([_number(c) for c in counted["failing_count"]], " + "),
        ),
        "fn16, fn17",
        len(named),
        counted["failing_count"].sum(),
    )


# --- the report's own numbering -----------------------------------------------------------------

#: A reference to one of the report's annex tables ("chi tiết tại biểu 05").
ANNEX_REF_RE = re.compile(r"chi tiết tại biểu (\d+)")


def _source_of(f: Frames) -> str | None:
    for frame in f.values():
        if len(frame):
            return str(frame["source_id"].iloc[0])
    return None


def list_annex_references(source_id: str | None = None) -> pd.DataFrame:
    """List every "chi tiết tại biểu NN" of the body, in reading order.

    Parameters
    ----------
    source_id : str, optional
        The source document (default: the main report).

    Returns
    -------
    DataFrame
        order, location, number (as printed), table_number (int), quote (the
        sentence's words just before the reference), repeated (the number was
        cited before), expected_number (1, 2, … in order of first citation).

    """
    from nq03lib.data.source import default_source_id, load_report

    report = load_report(source_id or default_source_id())
    rows = []
    for location, text in report.sections.items():
        for m in ANNEX_REF_RE.finditer(text):
            start = max(text.rfind(". ", 0, m.start()) + 2, m.start() - 160, 0)
            rows.append(
                {
                    "location": location,
                    "number": m.group(1),
                    "table_number": int(m.group(1)),
                    "quote": text[start : m.end()].strip(),
                }
            )
    out = pd.DataFrame(rows, columns=["location", "number", "table_number", "quote"])
    out.insert(0, "order", range(1, len(out) + 1))
    out["repeated"] = out["table_number"].duplicated()
    out["expected_number"] = range(1, len(out) + 1)
    return out


@_relation()
def _annex_numbering(f: Frames) -> Iterator[Check]:
    """Check that each annex table the body cites is cited once, numbered 01, 02, … in order."""
    source_id = _source_of(f)
    if source_id is None:
        return
    refs = list_annex_references(source_id)
    if refs.empty:
        return
    cited = _join(
        [tuple(f"{n} ({p})" for p in _place(loc)) for n, loc in zip(refs["number"], refs["location"])]
    )
    yield Check(
        "numbering:source:annex-tables-cited-once",
        "numbering",
        _say(SAY["annex"], n=len(refs), numbers=refs["table_number"].nunique(), cited=cited),
        ", ".join(dict.fromkeys(refs["location"])),
        float(len(refs)),
        float(refs["table_number"].nunique()),
        0.0,
    )


# --- lists, footnotes and dates as printed (not arithmetic) -------------------------------------

_NO_PERCENT_RE = re.compile(r"\b(HTNV|chiếm) (\d+(?:,\d+)?)(?!\d)(?!,\d)(?!\s*%)")
_YEAR_RE = re.compile(r"\b(19|20)\d{2}\b")


def _named_units(text: str) -> list[str]:
    """Return the units of metadata.UNITS whose printed name or label appears in ``text``."""
    from nq03lib.data.source import fold

    folded = fold(text)
    found = []
    for code, unit in metadata.UNITS.items():
        names = [*unit["printed"], metadata.label("area", code, "vi")]
        if any(fold(n) in folded for n in names if n):
            found.append(code)
    return found


def _name_footnote(location: str) -> str:
    """Return how a quote of two passages names its footnote: "Chú thích 20" (the quotes are Vietnamese)."""
    name = format_location(location, "vi")
    return name[:1].upper() + name[1:]


def list_text_findings(source_id: str | None = None) -> pd.DataFrame:
    """List what the report's lists, footnotes and dates say as printed, beyond its arithmetic.

    Each finding is computed from the text: a list of examples ("Điển hình")
    is not a complete list; a list that ends with a comma may be cut off; a
    share printed without "%"; a shortfall "ở một số nơi" whose footnote names
    one unit; a figure without a date; a window printed for another statement.

    Parameters
    ----------
    source_id : str, optional
        The source document (default: the main report).

    Returns
    -------
    DataFrame
        location, finding (a short code), quote (verbatim, reading form; two
        passages are joined by " | ", the second named as "Chú thích 20: …"),
        evidence (what was counted), note_vi and note_en (what it means, in
        meeting wording).

    """
    from nq03lib.analysis.membership import quote_passage, read_footnote_window, read_recruitment_window
    from nq03lib.data.source import default_source_id, load_report
    from nq03lib.text import format_number

    source_id = source_id or default_source_id()
    report = load_report(source_id)
    rows = []
    for n, text in report.footnotes.items():
        loc = f"fn{n}"
        if "Điển hình" in text:
            units = _named_units(text[text.index("Điển hình") :])
            rows.append(
                (
                    loc,
                    "list_of_examples",
                    text[text.index("Điển hình") :],
                    f"'Điển hình' introduces {len(units)} unit(s)",
                    "Danh sách nêu ví dụ điển hình, không phải đầy đủ: không thể suy ra đơn vị không được nêu là "
                    "chưa đạt, trừ khi báo cáo nói rõ.",
                    "A list of examples, not a complete list: a unit not listed cannot be said to miss the "
                    "target unless the report says so.",
                )
            )
        if text.rstrip().endswith((",", ";")):
            units = _named_units(text)
            rows.append(
                (
                    loc,
                    "list_ends_with_separator",
                    text,
                    f"ends with {text.rstrip()[-1]!r} after {len(units)} unit(s)",
                    "Danh sách kết thúc bằng dấu phẩy: có thể còn thiếu tên đơn vị, cần làm rõ.",
                    "The list ends with a comma: a name may be missing; needs clarifying.",
                )
            )
    for loc in report.locations:
        text = report.text_at(loc)
        hits = [f"{m.group(1)} {m.group(2)}" for m in _NO_PERCENT_RE.finditer(text)]
        if hits:
            rows.append(
                (
                    loc,
                    "share_without_percent_sign",
                    "; ".join(hits),
                    f"{len(hits)} share(s) printed without '%' among shares printed with it",
                    "Tỉ lệ in thiếu dấu %; theo ngữ cảnh vẫn đọc là phần trăm (lỗi trình bày).",
                    "Shares printed without '%'; read as percentages from the context (a typesetting slip).",
                )
            )
    below = quote_passage("III.2", "chưa đạt mục tiêu Nghị quyết đề ra", "bullet", source_id)
    fn20 = report.text_at("fn20")
    if "một số nơi" in below:
        units = _named_units(fn20)
        rows.append(
            (
                "III.2, fn20",
                "some_places_one_named",
                f"{below} | {_name_footnote('fn20')}: {fn20}",
                f"'ở một số nơi' in III.2; fn20 names {len(units)} unit(s)",
                "Báo cáo viết “ở một số nơi” chưa đạt mục tiêu nhưng chú thích chỉ nêu một huyện: "
                "cần làm rõ các nơi còn lại (có thể ở cấp xã, thôn).",
                "The report says targets are missed 'ở một số nơi' (in some places) but the footnote names "
                "one district: the other places need clarifying (they may be communes or villages).",
            )
        )
    fn14 = report.text_at("fn14")
    if not _YEAR_RE.search(fn14):
        rows.append(
            (
                "fn14",
                "undated_figure",
                fn14,
                "no year in the footnote; anchored in " + report.footnote_section.get(14, "?"),
                "Số thôn giảm không ghi thời điểm: số trước sắp xếp (còn lại + giảm) không phải số 8-2016.",
                "The reduction of villages is undated: the number before (left + reduced) is not the Aug 2016 one.",
            )
        )
    window, fn22 = read_recruitment_window(source_id), read_footnote_window("fn22", source_id)
    if abs(window["months"] - fn22["months"]) > 0.5:
        rows.append(
            (
                "II.5, fn22",
                "window_of_another_statement",
                f"{window['quote']} | {_name_footnote('fn22')}: {fn22['quote']}",
                f"II.5: {window['start']} to {window['end']} ({window['months']:.1f} months); "
                f"fn22: {fn22['months']} months",
                f"Số kết nạp được tính “từ khi ban hành Nghị quyết đến nay” (khoảng "
                f"{format_number(window['months'], 'vi', 1)} tháng); khoảng {fn22['months']} tháng của "
                "chú thích 22 thuộc một nhận định khác.",
                f"The recruits are counted 'since the resolution to now' (about {window['months']:.1f} months); "
                f"footnote 22's {fn22['months']} months belong to another statement.",
            )
        )
    out = pd.DataFrame(rows, columns=["location", "finding", "quote", "evidence", "note_vi", "note_en"])
    return out.astype("string")


# --- running the checks --------------------------------------------------------------------------


def _source_order(frames: Frames) -> list[str]:
    from nq03lib.data.source import read_sources

    present = set()
    for frame in frames.values():
        present.update(frame["source_id"].dropna().astype(str))
    listed = [r["source_id"] for r in read_sources()]
    return [s for s in listed if s in present] + sorted(present - set(listed))


#: ``[source_id] relation`` : the id of a relation of a later source.
_PREFIXED_ID_RE = re.compile(r"^\[(?P<source>[^\]]+)\] (?P<relation>.+)$")


def format_relation_id(relation_id: str, source_id: str) -> str:
    """Return the audit's id of a relation computed within one source document.

    The id depends on the source alone, never on which other sources are
    audited with it: the main report (the first row of
    ``data/source/sources.csv``) keeps the plain id, any other source gets the
    prefix ``[source_id]``. So ``known_exceptions.csv`` names the same
    relation whether the whole data or one source's frames are audited.
    """
    from nq03lib.data.source import default_source_id

    return relation_id if source_id == default_source_id() else f"[{source_id}] {relation_id}"


def split_relation_id(relation_id: str) -> tuple[str, str]:
    """Return the source document of an audit relation id and the id within that source.

    The inverse of :func:`format_relation_id`: ``"[bc-x] parts:…"`` gives
    ``("bc-x", "parts:…")``, a plain id the main report's id.
    """
    from nq03lib.data.source import default_source_id

    match = _PREFIXED_ID_RE.match(relation_id)
    return (match["source"], match["relation"]) if match else (default_source_id(), relation_id)


#: The relations last computed, by a fingerprint of the tables' contents (see :func:`compute_checks`).
_COMPUTED: dict[tuple, tuple[list[Check], list]] = {}
_COMPUTED_KEEP = 8


def _fingerprint(frames: Frames) -> tuple:
    """Return a digest of every table's content (values, index and dtypes) and of the files behind them."""
    import hashlib

    from nq03lib.data.parse import stamp_data

    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(frames):
        frame = frames[name]
        digest.update(name.encode())
        digest.update(repr(list(zip(frame.columns, map(str, frame.dtypes)))).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=True).values.tobytes())
    return (digest.hexdigest(), stamp_data())


def compute_checks(frames: Frames, tables: set[str] | None = None, errors: list | None = None) -> list[Check]:
    """Compute every relation whose tables are all in ``frames`` (and in ``tables``), per source.

    The same tables (same content) give the relations computed last time: the
    checks, the charts and the pack ask for them several times in one process.

    Relations hold within one source document. The first source of
    ``data/source/sources.csv`` keeps plain relation ids and must have every
    row a relation needs; relations of a later source get the prefix
    ``[source_id]`` (:func:`format_relation_id`), also when ``frames`` hold
    that source alone, and are skipped where that source lacks the rows they
    need (a later review need not repeat every table).

    A relation that cannot be computed for the first source (a row it needs
    is missing) raises a DataError naming the file; with ``errors`` given, the
    ``(tables, DataError)`` pair is appended to it instead and the other
    relations are still computed.
    """
    key = (None if tables is None else frozenset(tables), _fingerprint(frames))
    hit = _COMPUTED.get(key)
    if hit is None:
        found_errors: list = []
        hit = (_compute_checks(frames, tables, found_errors), found_errors)
        if len(_COMPUTED) >= _COMPUTED_KEEP:
            _COMPUTED.pop(next(iter(_COMPUTED)))
        _COMPUTED[key] = hit
    checks, found_errors = hit
    if found_errors:
        if errors is None:
            raise found_errors[0][1]
        errors.extend(found_errors)
    return list(checks)


def _compute_checks(frames: Frames, tables: set[str] | None, errors: list) -> list[Check]:
    """Compute the relations of :func:`compute_checks`; append each one that fails to ``errors``."""
    from nq03lib.data.source import default_source_id

    allowed = set(frames) if tables is None else set(tables) & set(frames)
    checks: list[Check] = []
    for source in _source_order(frames):
        part = {name: frame[frame["source_id"] == source] for name, frame in frames.items()}
        present = {name for name, frame in part.items() if len(frame)}
        for needs, generate in _GENERATORS:
            if not set(needs) <= allowed & present:
                continue
            try:
                found = [replace(c, tables=tuple(needs)) for c in _run(generate, part, frames)]
            except Exception as exc:  # noqa: BLE001 - a data problem must never end in a traceback
                if source == default_source_id():
                    errors.append((set(needs), _explain_failure(generate, needs, frames, exc)))
                continue
            checks.extend(replace(c, relation_id=format_relation_id(c.relation_id, source)) for c in found)
    ids = [c.relation_id for c in checks]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RuntimeError(f"relation ids are not unique: {sorted(dupes)}")
    return checks


def list_relation_generators() -> list[tuple[tuple[str, ...], Callable[[Frames], Iterator[Check]]]]:
    """List every relation generator with the tables it reads, in the order :func:`compute_checks` runs them.

    A generator takes the frames of one source (as :func:`compute_checks` gives
    them) and yields its :class:`Check` objects with unprefixed relation ids.
    :mod:`nq03lib.site` uses this to find which stored figures each relation reads.
    """
    return list(_GENERATORS)


#: Order of the audit's verdicts: the five of :data:`nq03lib.data.schema.CATEGORIES` ``verdict``,
#: then the two that make a load fail.
VERDICTS: tuple[str, ...] = (*metadata.CATEGORIES["verdict"], "fails", "stale exception")

#: The explanation of a ``derived only`` relation, ``(vietnamese, english)``.
DERIVED_ONLY_NOTE: tuple[str, str] = (
    "Báo cáo không có số thứ hai để đối chiếu.",
    "No second figure in the report to compare with.",
)


def _run(generate, part: Frames, frames: Frames) -> list[Check]:
    """Run one relation generator, attaching to each check the data rows it read."""
    signatures = {tuple(f.columns): name for name, f in frames.items()}
    found = []
    _SEEN[0].clear()
    _SEEN[1].clear()

    def locate(rows: list) -> list[tuple[str, int]]:
        located = []
        for row in rows:
            name = signatures.get(tuple(row.index))
            lines = frames[name].attrs.get("lines") if name else None
            if lines and pd.api.types.is_integer(row.name) and 0 <= row.name < len(lines):
                located.append((name, lines[int(row.name)]))
        return located

    def find_by_value(check: Check) -> list[tuple[str, int]]:
        """Find the rows printing the checked figure, for relations computed from derived frames."""
        out = []
        for name, frame in part.items():
            lines = frames[name].attrs.get("lines") or []
            for column in metadata.value_columns(name):
                for label, value in frame[column].items():
                    if pd.notna(value) and abs(float(value) - check.printed) < 1e-9 and label < len(lines):
                        out.append((name, lines[label]))
        return out if len(out) <= 3 else []

    for check in generate(part):
        located = locate(_SEEN[1]) or locate(_SEEN[0])
        if not located and check.checkable and not check.holds:
            located = find_by_value(check)  # only a failing relation's rows are ever shown
        found.append(replace(check, rows=tuple(dict.fromkeys(located))))
        _SEEN[1].clear()
    _SEEN[0].clear()
    return found


def _explain_failure(generate, needs, frames: Frames, exc: Exception):
    from nq03lib.data.parse import DataError

    if isinstance(exc, DataError | MissingRowError):
        return DataError(f"{exc} [relations of {generate.__name__.strip('_')}]")
    files = ", ".join(str(frames[t].attrs.get("path", paths.table_path(t))) for t in needs if t in frames)
    return DataError(
        f"{files}: the relations of {generate.__name__.strip('_')} cannot be computed "
        f"({type(exc).__name__}: {exc}); expected the rows they need, with their usual keys "
        f"(was a row deleted or a key changed?)"
    )


def audit(
    frames: Frames | None = None,
    tables: set[str] | None = None,
    *,
    checks: list[Check] | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Tabulate every relation with printed, recomputed, difference, tolerance and verdict.

    Parameters
    ----------
    frames : dict, optional
        Tables as parsed by :func:`nq03lib.data.parse.parse_table` (default: all).
    tables : set of str, optional
        Only relations among these tables.
    checks : list of Check, optional
        The relations already computed from ``frames`` (saves computing them again).
    source : str, optional
        Only the relations of this source document (a ``source_id`` of
        ``data/source/sources.csv``); their ids are those of the whole audit
        (:func:`format_relation_id`). Default: every source in ``frames``.

    Returns
    -------
    pandas.DataFrame
        One row per relation; ``verdict`` is ``holds``; for a relation listed in
        ``data/known_exceptions.csv``, the verdict recorded there: ``does not
        hold as stated`` (the report's own relation does not add up: needs
        clarifying), ``depends on our model`` (the gap comes from how this
        project models the flows) or ``different bases or dates`` (both figures
        can be right); ``derived only`` (a stated change or comparison whose
        baseline or target the report does not print: ``implied`` gives it);
        ``fails`` or ``stale exception`` (listed as an exception but now
        different). Labels for a meeting: ``metadata.label("verdict", v, lang)``.
        ``explanation_vi`` and ``explanation_en`` say why a relation is an
        exception or derived only (empty otherwise); pick one with
        ``text.pick({"vi": row["explanation_vi"], "en": row["explanation_en"]}, lang)``.

    """
    from nq03lib.data.parse import cached, parse_table, stamp_data
    from nq03lib.data.source import source_record

    if source is not None:
        source_record(source)  # an unknown source raises, naming the known ones
    if frames is None:
        key = ("audit", tuple(sorted(tables)) if tables else None, source)
        return cached(
            key,
            stamp_data(),
            lambda: audit({n: parse_table(n) for n in metadata.TABLES}, tables, source=source),
        )
    if source is not None:
        frames = {name: frame[frame["source_id"] == source] for name, frame in frames.items()}
    checks = compute_checks(frames, tables) if checks is None else checks
    known_frame = read_known_exceptions(checks)
    if tables is None and set(metadata.TABLES) <= set(frames):
        _check_exception_ids(known_frame, checks, _source_order(frames))
    known = known_frame.set_index("relation_id")
    rows = []
    for c in checks:
        if c.relation_id in known.index:
            expected = float(known.loc[c.relation_id, "difference"])
            ok = (not c.holds) and abs(expected - c.difference) < 1e-6
            verdict = str(known.loc[c.relation_id, "verdict"]) if ok else "stale exception"
            note = (
                str(known.loc[c.relation_id, "explanation_vi"]),
                str(known.loc[c.relation_id, "explanation_en"]),
            )
        elif not c.checkable:
            verdict, note = "derived only", DERIVED_ONLY_NOTE
        else:
            verdict, note = ("holds" if c.holds else "fails"), ("", "")
        rows.append(
            {
                "relation_id": c.relation_id,
                "kind": c.kind,
                "description_vi": c.description[0],
                "description_en": c.description[1],
                "location": c.location,
                "printed": c.printed,
                "recomputed": round(c.recomputed, 6),
                "difference": c.difference if c.checkable else float("nan"),
                "implied": c.implied if c.implied is not None else float("nan"),
                "tolerance": round(c.tolerance, 6),
                "comparison": c.comparison,
                "verdict": verdict,
                "explanation_vi": note[0],
                "explanation_en": note[1],
            }
        )
    columns = [
        "relation_id",
        "kind",
        "description_vi",
        "description_en",
        "location",
        "printed",
        "recomputed",
        "difference",
        "implied",
        "tolerance",
        "comparison",
        "verdict",
        "explanation_vi",
        "explanation_en",
    ]
    out = pd.DataFrame(rows, columns=columns)
    kinds = pd.CategoricalDtype(list(metadata.CATEGORIES["relation_kind"]), ordered=True)
    verdicts = pd.CategoricalDtype(list(VERDICTS), ordered=True)
    return out.astype({"kind": kinds, "verdict": verdicts}).sort_values(
        ["kind", "relation_id"], ignore_index=True
    )


def _check_exception_ids(known: pd.DataFrame, checks: list[Check], sources: list[str]) -> None:
    """Refuse a known exception that names no relation of the audit.

    Parameters
    ----------
    known : DataFrame
        :func:`nq03lib.data.parse.read_known_exceptions`.
    checks : list of Check
        The relations computed.
    sources : list of str
        The source documents audited: an exception of another source (its id's
        ``[source_id]`` prefix, :func:`split_relation_id`) is not checked
        here, but one naming a source that ``sources.csv`` does not list is
        refused.

    """
    import difflib

    from nq03lib.data.parse import DataError, locate
    from nq03lib.data.source import read_sources

    ids = [c.relation_id for c in checks]
    listed = [r["source_id"] for r in read_sources()]
    for line, relation_id in zip(known.attrs["lines"], known["relation_id"]):
        source, _ = split_relation_id(str(relation_id))
        if source not in listed:
            raise DataError(
                f"{locate(paths.KNOWN_EXCEPTIONS_FILE, line, 'relation_id')}: no source {source!r} in "
                f"{paths.SOURCES_FILE}{did_you_mean(source, listed)}; expected '[source_id] ' before the "
                f"relation id of a later source, one of: {', '.join(listed[1:]) or '(none listed)'}"
            )
        if source not in sources:
            continue  # a relation of a source not audited here
        if relation_id not in ids:
            close = difflib.get_close_matches(str(relation_id), ids, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise DataError(
                f"{locate(paths.KNOWN_EXCEPTIONS_FILE, line, 'relation_id')}: no relation "
                f"{relation_id!r} in the audit; expected the id of a relation that does not hold, as "
                f"python -m nq03lib audit lists it{hint}"
            )


def _describe_rows(frames: Frames, rows: tuple) -> list[str]:
    from nq03lib.data.parse import locate

    out = []
    for table, line in rows:
        frame = frames[table]
        lines = frame.attrs.get("lines") or []
        values = ""
        if line in lines:
            row = frame.iloc[lines.index(line)]
            values = ", ".join(
                f"column '{c}' = {row[c]:g}" for c in metadata.value_columns(table) if pd.notna(row[c])
            )
        out.append(f"    {locate(frame.attrs.get('path', paths.table_path(table)), line)}: {values}")
    return out


def _describe_failure(frames: Frames, row, rows: tuple, known: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Describe one failing relation: the message lines and the files it names."""
    from nq03lib.data.parse import locate

    lines = [
        f"- {row.relation_id} ({row.location}): printed {row.printed:g}, recomputed {row.recomputed:g}, "
        f"difference {row.difference:g} > tolerance {row.tolerance:g} [{row.verdict}]"
    ]
    lines += _describe_rows(frames, rows)
    files = [str(frames[t].attrs.get("path", paths.table_path(t))) for t, _ in rows]
    if row.verdict == "stale exception":
        known_lines = dict(zip(known["relation_id"], known.attrs["lines"]))
        recorded = known.set_index("relation_id").loc[row.relation_id, "difference"]
        now = (
            "the relation now holds: remove the line if the data are right"
            if abs(row.difference) <= row.tolerance
            else f"the difference is now {row.difference:g}: fix the data, or write {row.difference:g} "
            "if the report itself differs by that"
        )
        lines.append(
            f"    {locate(paths.KNOWN_EXCEPTIONS_FILE, known_lines.get(row.relation_id), 'difference')}: "
            f"records {recorded:g}, but {now}"
        )
        files.append(str(paths.KNOWN_EXCEPTIONS_FILE))
    return lines, files


def _build_failure_error(frames: Frames, bad: pd.DataFrame, checks: list[Check], tables=None):
    from nq03lib.data.parse import DataError

    rows_of = {c.relation_id: c.rows for c in checks}
    known = read_known_exceptions()
    lines, files = [], []
    for r in bad.itertuples():
        more_lines, more_files = _describe_failure(frames, r, rows_of.get(r.relation_id, ()), known)
        lines += more_lines
        files += more_files
    if not files:
        files = [str(frames[t].attrs.get("path", t)) for t in frames if tables is None or t in tables]
    head = ", ".join(dict.fromkeys(files))
    return DataError(
        f"{head}: {len(bad)} relation(s) do not hold (expected the printed and recomputed values to "
        f"agree within the tolerance); fix the data or, if the report itself is inconsistent, list "
        f"them in {paths.KNOWN_EXCEPTIONS_FILE} with their difference:\n" + "\n".join(lines)
    )


def raise_for_failures(frames: Frames, tables: set[str] | None = None) -> pd.DataFrame:
    """Run :func:`audit` and raise a DataError listing every failing relation.

    The message names, for each failing relation, the file, line and figure
    columns of every row it reads, the printed and recomputed values and the
    tolerance; for a stale exception, also its line in ``known_exceptions.csv``.
    """
    result = audit(frames, tables)
    bad = result[result["verdict"].isin(["fails", "stale exception"])]
    if len(bad):
        raise _build_failure_error(frames, bad, compute_checks(frames, tables), tables)
    return result


def list_failures(frames: Frames) -> list[tuple[set[str], Exception]]:
    """List every problem of the audit over all of ``frames``, each with the tables it concerns.

    A relation that cannot be computed, a known exception naming no relation,
    and each failing or stale relation give one ``(tables, DataError)`` pair;
    the tables are those the relation is computed from, so that loading any of
    them reports it.
    """
    from nq03lib.data.parse import DataError
    from nq03lib.data.source import read_sources

    errors: list = []
    checks = compute_checks(frames, errors=errors)
    try:
        known = read_known_exceptions(checks)
        if set(metadata.TABLES) <= set(frames):  # the whole data: every listed source is audited
            listed = [r["source_id"] for r in read_sources()]
            _check_exception_ids(known, checks, [*listed, *_source_order(frames)])
        result = audit(frames, checks=checks) if not errors else None
    except DataError as exc:
        return [*errors, (set(frames), exc)]
    if result is None:
        return errors
    by_id = {c.relation_id: c for c in checks}
    for r in result[result["verdict"].isin(["fails", "stale exception"])].itertuples():
        check = by_id[r.relation_id]
        concerned = set(check.tables) | {t for t, _ in check.rows}
        errors.append(
            (concerned, _build_failure_error(frames, result[result["relation_id"] == r.relation_id], checks))
        )
    return errors


# --- which rows of data/ each relation reads ---------------------------------------------------


def format_row_key(table: str, row: pd.Series) -> str:
    """Return the key of a data row as ``column=value`` pairs joined by ``;`` (as in ``restatements``).

    The key columns are those of :data:`nq03lib.data.schema.TABLES` without
    ``source_id``; a missing value is written empty (``organisation=``).
    """
    columns = [c for c in metadata.TABLES[table]["key"] if c != "source_id"]
    return ";".join(f"{c}={'' if pd.isna(row[c]) else row[c]}" for c in columns)


def _compute_outputs(generate: Callable[[Frames], Iterator[Check]], frames: Frames) -> dict | None:
    """Return ``{relation id: its numbers}`` of one generator, or None if it cannot run on ``frames``."""
    try:
        return {c.relation_id: (c.printed, c.recomputed, c.implied, c.tolerance) for c in generate(frames)}
    except (LookupError, ValueError, IndexError, ZeroDivisionError, TypeError, ArithmeticError):
        return None


def _find_changed(base: dict, after: dict | None) -> set[str]:
    """Return the relations of ``base`` that changed (all of them if the generator could not run)."""
    if after is None:
        return set(base)

    def agree(a: tuple | None, b: tuple | None) -> bool:
        if a is None or b is None:
            return a is b
        return all(x == y or (pd.isna(x) and pd.isna(y)) for x, y in zip(a, b))

    return {rid for rid in set(base) | set(after) if not agree(base.get(rid), after.get(rid))}


def _perturb(frame: pd.DataFrame, table: str, rows: list, strong: bool) -> pd.DataFrame:
    """Return ``frame`` with the figures of ``rows`` changed (or the rows removed, for a table without figures).

    Each row gets its own change, so two perturbed rows never cancel out in a
    difference. ``strong`` changes are large (a derivation that fits whole
    numbers to the shares notices them, usually by failing); weak ones are small.
    """
    values = metadata.value_columns(table)
    if not values:
        return frame.drop(index=rows)
    out = frame.copy()
    for j, index in enumerate(rows):
        for column in values:
            value = out.at[index, column]
            if pd.isna(value):
                continue
            if pd.api.types.is_integer_dtype(out[column]):
                out.at[index, column] = value * 2 + 7 + j if strong else value + 1 + j
            else:
                out.at[index, column] = (
                    value * 1.37 + 0.7 + 0.1 * j if strong else value + 0.001 * (1 + 0.618 * j)
                )
    return out


def _find_rows_read(
    generate: Callable[[Frames], Iterator[Check]], frames: Frames, table: str, base: dict
) -> Iterator[tuple[object, set[str]]]:
    """Yield ``(row index, relations moved)`` for each row of ``table`` that moves a relation of ``generate``.

    Rows are tried in groups first (the whole table, then groups of about the
    square root of its length) with large changes, so the many rows a
    derivation never reads cost one run per group, not one per row. A row whose
    large change makes the derivation fail is tried again with a small change,
    which names the relations it moves more precisely.
    """
    import math

    frame = frames[table]

    def moved(rows: list, strong: bool) -> tuple[set[str], bool]:
        after = _compute_outputs(generate, {**frames, table: _perturb(frame, table, rows, strong)})
        return _find_changed(base, after), after is None

    rows = list(frame.index)
    if not rows or not moved(rows, True)[0]:
        return
    size = max(1, math.isqrt(len(rows)))
    for start in range(0, len(rows), size):
        group = rows[start : start + size]
        if len(group) > 1 and not moved(group, True)[0]:
            continue
        for index in group:
            relations, failed = moved([index], True)
            if failed and len(base) > 1:  # with one relation, failing already names it
                precise, _ = moved([index], False)
                relations = precise or relations
            if relations:
                yield index, relations


def trace_relation_rows(frames: Frames | None = None) -> pd.DataFrame:
    """List, for every relation of the audit, the data rows whose figures it reads.

    Relations are computed by code, not declared row by row, so the rows are
    found by trying: every figure of a row is changed (a row without figures,
    such as a unit mention, is removed) and the relations whose printed,
    recomputed or implied value or tolerance move, or that can no longer be
    computed, read that row. A small change is tried first; where it moves
    nothing (a derivation that fits whole numbers absorbs it), a large one.
    A relation that can no longer be computed after a change counts every
    relation of the same derivation as reading the row: the list may then be
    wider than the exact reading, never narrower.

    Parameters
    ----------
    frames : dict, optional
        Tables as parsed by :func:`nq03lib.data.parse.parse_table` (default: all).

    Returns
    -------
    DataFrame
        ``relation_id``, ``table``, ``source_id`` and ``row_key`` (see
        :func:`format_row_key`), one row per relation and data row, in the
        order of the relations and then of the tables' rows.

    """
    from nq03lib.data.parse import parse_table

    frames = frames if frames is not None else {n: parse_table(n) for n in metadata.TABLES}
    links: list[tuple[str, str, str, str]] = []
    for source in _source_order(frames):
        part = {name: frame[frame["source_id"] == source] for name, frame in frames.items()}
        present = {name for name, frame in part.items() if len(frame)}
        for needs, generate in _GENERATORS:
            if not set(needs) <= present:
                continue
            base = _compute_outputs(generate, part)
            if not base:
                continue
            for table in needs:
                for index, moved in _find_rows_read(generate, part, table, base):
                    key = format_row_key(table, part[table].loc[index])
                    links.extend(
                        (format_relation_id(rid, source), table, source, key) for rid in moved if rid in base
                    )
    order = {rid: i for i, rid in enumerate(c.relation_id for c in compute_checks(frames))}
    out = pd.DataFrame(links, columns=["relation_id", "table", "source_id", "row_key"]).drop_duplicates()
    out = out.sort_values("relation_id", key=lambda s: s.map(order), kind="stable", ignore_index=True)
    return out.astype("string")


class _CallableModule(types.ModuleType):
    """Keep ``nq.audit()`` callable.

    Importing this module binds the attribute ``nq03lib.audit`` to the module,
    which would hide the lazy public function of the same name; calling the
    module calls :func:`audit`.
    """

    def __call__(self, *args, **kwargs):
        return audit(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
