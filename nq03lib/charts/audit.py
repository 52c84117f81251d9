"""Charts, reading tables and findings of notebook 08: the audit of the report's own arithmetic.

Every chart and takeaway speaks the audit's verdict vocabulary
(:data:`nq03lib.data.schema.CATEGORIES` ``verdict``): a relation the report states
that does not hold *needs clarifying* ("cần làm rõ"); a gap that comes from this
project's model of the flows, or from two figures with different dates or bases,
is shown as such and never as an error of the report.

The audit itself (:mod:`nq03lib.audit`) is computed from the tables of one
source (``frames``); this module only presents it: short labels, numbers at the
precision that shows the point (a share as printed, its recomputed value with
four decimals, the tolerance with three), locations written out ("mục II.4",
"chú thích 14") and the findings in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
from matplotlib.patches import Patch

from nq03lib.analysis.frames import one_row
from nq03lib.audit import audit, split_relation_id
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import Takeaway, register
from nq03lib.data.labels import COLUMN_LABELS
from nq03lib.data.schema import CATEGORIES, EXCEPTION_VERDICTS
from nq03lib.display import MISSING
from nq03lib.text import LANGS, Template, check_lang, format_location, format_number, format_signed, pick

#: Short chart labels of the verdicts (the full wording is schema.CATEGORIES["verdict"]), from data/labels.py.
VERDICT_LABELS = {v: COLUMN_LABELS[v] for v in CATEGORIES["verdict"]}
VERDICT_COLOURS = {v: ch.COLOURS[v] for v in VERDICT_LABELS}

#: Short chart labels of the known exceptions (what the relation compares).
EXCEPTION_LABELS = {
    "parts:inspections:dang_vien by level": (
        "KT-GS đảng viên: tổng và các cấp",
        "Members inspected: total and levels",
    ),
    "parts:inspections:to_chuc_dang by level": (
        "KT-GS tổ chức đảng: tổng và các cấp",
        "Organisations inspected: total and levels",
    ),
    "numbering:source:annex-tables-cited-once": (
        "Số hiệu các biểu được dẫn",
        "Numbers of the annex tables cited",
    ),
    "population:rates:dang_vien_xay_dung_cam_ket-vs-membership": (
        "Tổng số đảng viên: chú thích 2 và mục II.4",
        "Total members: footnote 2 and section II.4",
    ),
    "flows:restructuring:chi_bo_truc_thuoc": (
        "Chi bộ trực thuộc: biến động và tổng",
        "Cells under committees: flows and totals",
    ),
    "flows:restructuring:tccsd": ("TCCSĐ: biến động và tổng", "TCCSĐ: flows and totals"),
    "parts:discipline:to_chuc_dang": (
        "Kỷ luật tổ chức đảng: tổng và các hình thức",
        "Organisations disciplined: total and forms",
    ),
    "parts:discipline:dang_vien": (
        "Kỷ luật đảng viên: tổng và các hình thức",
        "Members disciplined: total and forms",
    ),
    "fit:restructuring:thon-before-reorganisation/2016-08/thon_truong_la_dang_vien": (
        "Số thôn trước sắp xếp và tỉ lệ thôn trưởng 8-2016",
        "Villages before reorganisation, heads' share Aug 2016",
    ),
    "fit:restructuring:thon-before-reorganisation/2016-08/bi_thu_kiem_thon_truong": (
        "Số thôn trước sắp xếp và tỉ lệ bí thư 8-2016",
        "Villages before reorganisation, secretaries' share Aug 2016",
    ),
    "fit:ratings_organisations:2016-vs-tccsd-2016-08": (
        "TCCSĐ 8-2016 và số được xếp loại 2016",
        "Organisations Aug 2016 and rated 2016",
    ),
    "fit:ratings_organisations:2020-vs-tccsd-2021": (
        "TCCSĐ 2021 và số được xếp loại 2020",
        "Organisations 2021 and rated 2020",
    ),
}

#: Axis titles.
RELATIONS_AXIS = {"vi": "Số quan hệ", "en": "Number of relations"}
GAP_AXIS = {
    "vi": "Chênh lệch, % so với số in (nhãn: số in / số tính lại)",
    "en": "Gap, % of the printed figure (labels: printed / recomputed)",
}
#: Bar labels of the discrepancy chart: counts with the gap in %, shares with the gap in points.
BAR_COUNTS = Template(
    vi="{printed:n} / {recomputed:n} ({gap:+pct1})", en="{printed:n} / {recomputed:n} ({gap:+pct1})"
)
BAR_SHARES = Template(
    vi="{printed:pct} / {recomputed:pct} ({gap:+n2} điểm %)",
    en="{printed:pct} / {recomputed:pct} ({gap:+n2} pp)",
)


def label_exception(relation_id: str) -> tuple[str, str]:
    """Return the short (vi, en) label of a known exception, of whichever source it is.

    Raises
    ------
    KeyError
        If the relation has no label in :data:`EXCEPTION_LABELS`.

    """
    return EXCEPTION_LABELS[split_relation_id(relation_id)[1]]


def _has_label(relation_id: str) -> bool:
    return split_relation_id(relation_id)[1] in EXCEPTION_LABELS


def _verdicts_of(table: pd.DataFrame) -> pd.Series:
    return table["verdict"].astype(str)


# --- 08-audit-verdicts -------------------------------------------------------------------------


def summarise_verdicts(frames: Mapping[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Count the audited relations per kind and verdict, with labels in ``lang``.

    Raises
    ------
    ValueError
        If a verdict has no chart label (the audit has failures: a load would raise first).

    """
    table = audit(dict(frames))
    counts = table.groupby(["kind", "verdict"], observed=True).size().rename("relation_count").reset_index()
    counts = counts[counts["relation_count"] > 0]
    missing = set(counts["verdict"].astype(str)) - set(VERDICT_LABELS)
    if missing:
        raise ValueError(f"verdicts without a label (the audit has failures?): {sorted(missing)}")
    kinds = ch.category_labels("relation_kind", lang)
    counts["kind_label"] = counts["kind"].astype(str).map(kinds).astype("string")
    counts["verdict_label"] = (
        counts["verdict"].astype(str).map(lambda v: pick(VERDICT_LABELS[v], lang)).astype("string")
    )
    columns = ["kind", "kind_label", "verdict", "verdict_label", "relation_count"]
    return counts[columns].reset_index(drop=True)


def _values_verdicts(data: pd.DataFrame) -> dict:
    by = data.groupby("verdict", observed=True)["relation_count"].sum()
    return {
        "total": int(data["relation_count"].sum()),
        "holds": int(by.get("holds", 0)),
        "stated": int(by.get("does not hold as stated", 0)),
        "model": int(by.get("depends on our model", 0)),
        "dates": int(by.get("different bases or dates", 0)),
        "derived": int(by.get("derived only", 0)),
    }


@register(
    "08-audit-verdicts",
    notebook="08-audit",
    title={
        "vi": "Kiểm tra số học của báo cáo: kết luận theo loại quan hệ",
        "en": "Audit of the report's arithmetic: verdicts by kind of relation",
    },
    takeaway=Takeaway(
        Template(
            vi="{holds:n}/{total:n} quan hệ khớp; {stated:n} quan hệ do báo cáo nêu chưa thống nhất, cần làm "
            "rõ; {model:n} chênh lệch do cách tính của nhóm phân tích và {dates:n} do hai số khác thời điểm "
            "hoặc phạm vi; {derived:n} chỉ suy ra được.",
            en="{holds:n} of {total:n} relations hold; {stated:n} the report states do not add up and need "
            "clarifying; {model:n} gaps come from our model of the flows and {dates:n} from figures with "
            "different dates or bases; {derived:n} can only be derived.",
        ),
        _values_verdicts,
    ),
    data=summarise_verdicts,
)
def draw_verdicts(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one horizontal stacked bar per kind of relation, split by verdict."""
    ax = fig.add_subplot()
    kinds = list(dict.fromkeys(data["kind_label"]))
    positions = list(range(len(kinds)))[::-1]
    left = [0.0] * len(kinds)
    for verdict in VERDICT_LABELS:
        part = data[data["verdict"] == verdict]
        if part.empty:
            continue
        values = [float(part.loc[part["kind_label"] == k, "relation_count"].sum()) for k in kinds]
        bars = ax.barh(
            positions, values, left=left, color=VERDICT_COLOURS[verdict], label=part["verdict_label"].iloc[0]
        )
        ax.bar_label(bars, labels=[f"{v:.0f}" if v else "" for v in values], label_type="center", fontsize=11)
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(positions, kinds)
    ax.set_xlim(0, max(left) * 1.08)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(pick(RELATIONS_AXIS, lang))
    ax.legend(loc="lower right")


# --- 08-audit-discrepancies --------------------------------------------------------------------


def list_discrepancies(frames: Mapping[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the relations listed as known exceptions, by verdict, with the gap in % of the printed figure.

    Raises
    ------
    ValueError
        If a known exception has no chart label in :data:`EXCEPTION_LABELS`.

    """
    table = audit(dict(frames))
    bad = table[_verdicts_of(table).isin(EXCEPTION_VERDICTS)].copy()
    unlabelled = sorted(r for r in set(bad["relation_id"]) if not _has_label(r))
    if unlabelled:
        raise ValueError(f"known exceptions without a chart label: {unlabelled}")
    bad["relation_label"] = bad["relation_id"].map(lambda r: pick(label_exception(r), lang)).astype("string")
    bad["verdict"] = bad["verdict"].astype(str)
    bad["verdict_label"] = bad["verdict"].map(lambda v: pick(VERDICT_LABELS[v], lang)).astype("string")
    bad["gap_pct_of_printed"] = (100 * bad["difference"] / bad["printed"]).round(2)
    bad["verdict_rank"] = bad["verdict"].map({v: k for k, v in enumerate(EXCEPTION_VERDICTS)})
    bad["gap_abs"] = bad["gap_pct_of_printed"].abs()
    bad = bad.sort_values(["verdict_rank", "gap_abs"], ascending=[True, False])
    cols = [
        "relation_id",
        "relation_label",
        "verdict",
        "verdict_label",
        "location",
        "printed",
        "recomputed",
        "difference",
        "gap_pct_of_printed",
    ]
    return bad[cols].reset_index(drop=True)


#: The head of the discrepancies takeaway: whether any relation the report states needs clarifying.
STATED_HEAD = {
    True: Template(
        vi="Cần làm rõ {n:n} chỗ báo cáo nêu chưa thống nhất ({named})",
        en="{n:n} relations the report states need clarifying ({named})",
    ),
    False: Template(
        vi="Không có quan hệ báo cáo nêu mà chưa thống nhất",
        en="No relation the report states fails",
    ),
}


def _values_discrepancies(data: pd.DataFrame) -> dict:
    verdicts = data["verdict"].astype(str)
    stated = data.loc[verdicts == "does not hold as stated", "relation_id"].tolist()
    head = STATED_HEAD[bool(stated)]
    named = {lang: "; ".join(pick(label_exception(r), lang) for r in stated) for lang in LANGS}
    return {
        "head": tuple(head.format(lang, n=len(stated), named=named[lang]) for lang in LANGS),
        "model": int((verdicts == "depends on our model").sum()),
        "dates": int((verdicts == "different bases or dates").sum()),
    }


def write_bar_text(printed: float, recomputed: float, gap_pct: float, lang: str) -> str:
    """Write "printed / recomputed (gap)": counts as whole numbers, shares as % with the gap in points."""
    if float(printed).is_integer() and float(recomputed).is_integer():
        return BAR_COUNTS.format(lang, printed=printed, recomputed=recomputed, gap=gap_pct)
    return BAR_SHARES.format(lang, printed=printed, recomputed=recomputed, gap=printed - recomputed)


@register(
    "08-audit-discrepancies",
    notebook="08-audit",
    title={
        "vi": "Các chênh lệch và ý nghĩa của chúng: số in so với số tính lại",
        "en": "The gaps and what they mean: printed against recomputed",
    },
    takeaway=Takeaway(
        Template(
            vi="{head}; {model:n} chênh lệch do cách tính của nhóm phân tích (báo cáo không nêu phép cộng "
            "này), {dates:n} do hai số khác thời điểm hoặc phạm vi (cả hai số đều có thể đúng).",
            en="{head}; {model:n} gaps come from our model of the flows (the report states no such sum) and "
            "{dates:n} from figures with different dates or bases (both can be right).",
        ),
        _values_discrepancies,
    ),
    data=list_discrepancies,
    note={
        "vi": "Đỏ: quan hệ báo cáo tự nêu chưa thống nhất, cần làm rõ; tím, cam: chênh lệch do cách tính "
        "hoặc do khác thời điểm, phạm vi.",
        "en": "Red: a relation the report states does not add up, to clarify; purple, orange: gaps from "
        "our model or from different dates or bases.",
    },
)
def draw_discrepancies(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw the gap of each known exception as a % of the printed figure, coloured by verdict."""
    ax = fig.add_subplot()
    texts = [
        write_bar_text(p, r, g, lang)
        for p, r, g in zip(data["printed"], data["recomputed"], data["gap_pct_of_printed"])
    ]
    frame = data.assign(
        bar_text=texts,
        colour=data["verdict"].map(VERDICT_COLOURS),
        gap_abs=data["gap_pct_of_printed"].abs(),
    )
    ch.bar_labelled(
        frame, x="relation_label", y="gap_abs", colour="colour", labels="bar_text", horizontal=True, ax=ax
    )
    ax.set_xlim(0, float(frame["gap_abs"].max()) * 2.0)
    ch.percent_axis(ax, lang, axis="x")
    ax.set_xlabel(pick(GAP_AXIS, lang))
    present = list(dict.fromkeys(frame["verdict"]))
    handles = [Patch(color=VERDICT_COLOURS[v], label=pick(VERDICT_LABELS[v], lang)) for v in present]
    ax.legend(handles=handles, loc="center right", fontsize=11)


# --- tables and findings of notebook 08 --------------------------------------------------------

#: Columns of the audit written at a precision of their own (see :func:`format_relations`).
NUMBER_COLUMNS = ("printed", "recomputed", "difference", "implied", "tolerance")


def _decimals(value: float, column: str) -> int:
    """Return the decimals to write an audit number with: none for whole numbers, else by column."""
    if float(value).is_integer():
        return 0
    if column == "tolerance":  # 0,005 / 0,05 / 0,5: the shortest form
        return len(repr(round(float(value), 4)).partition(".")[2])
    return {"printed": 2, "implied": 2}.get(column, 4)


def _number_text(value: float, column: str, lang: str, signed: bool = False) -> str:
    if pd.isna(value):
        return MISSING
    decimals = _decimals(value, column)
    return format_signed(value, lang, decimals) if signed else format_number(value, lang, decimals)


def _number_pair(value: float, column: str, signed: bool = False) -> tuple[str, str]:
    return tuple(_number_text(value, column, lang, signed) for lang in LANGS)


def format_relations(frame: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Return audit rows for reading: numbers written at the precision that shows the point, locations spelled out.

    A printed share keeps its two decimals, a recomputed value and a
    difference get four (so a gap inside the rounding stays visible), a
    tolerance its shortest form (``0,005``), a whole number none; missing is
    "–". ``location`` becomes "mục II.2, chú thích 14". Rows that are all
    known exceptions get their short label (``relation_label``) beside the id.
    The row index is dropped (rows of the audit are named by their id). A
    verdict gets its short label (:data:`VERDICT_LABELS`), so that a long
    table stays narrow; the other category codes (``kind``, ``comparison``)
    are left for :func:`nq03lib.display.show` to label.
    """
    check_lang(lang)
    out = frame.reset_index(drop=True)
    known = out["relation_id"].map(_has_label).all() if "relation_id" in out.columns else False
    if known and "relation_label" not in out.columns:
        labels = [pick(label_exception(r), lang) for r in out["relation_id"]]
        out.insert(list(out.columns).index("relation_id") + 1, "relation_label", labels)
    for column in NUMBER_COLUMNS:
        if column in out.columns:
            out[column] = [_number_text(v, column, lang) for v in out[column]]
    if "location" in out.columns:
        out["location"] = out["location"].map(lambda loc: format_location(loc, lang))
    if "verdict" in out.columns:
        out["verdict"] = [pick(VERDICT_LABELS[str(v)], lang) for v in out["verdict"]]
    return out


def tabulate_derived(table: pd.DataFrame, stated_changes: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Return the relations the audit can only derive, as the statement they come from and the value they imply.

    Each ``implied:stated_changes:<indicator>/<area>/<reference>`` relation is
    one stated change or comparison of ``stated_changes``.

    Returns
    -------
    DataFrame
        indicator, area, reference, statement (codes), value_pct (as printed),
        implied_pct (the baseline or target implied, percentage-point reading),
        location (spelled out).

    Raises
    ------
    ValueError
        If a derived relation is not one row of ``stated_changes``.

    """
    derived = table[_verdicts_of(table) == "derived only"]
    rows = []
    for r in derived.itertuples():
        match = re.fullmatch(r"implied:stated_changes:([^/]+)/([^/]+)/([^/]+)", str(r.relation_id))
        if match is None:
            raise ValueError(f"derived relation {r.relation_id!r} is not a statement of stated_changes")
        indicator, area, reference = match.groups()
        statement = one_row(stated_changes, indicator=indicator, area=area, reference=reference)
        rows.append(
            {
                "indicator": indicator,
                "area": area,
                "reference": reference,
                "statement": str(statement["statement"]),
                "value_pct": float(r.printed),
                "implied_pct": float(r.implied),
                "location": format_location(r.location, lang),
            }
        )
    return pd.DataFrame(
        rows, columns=["indicator", "area", "reference", "statement", "value_pct", "implied_pct", "location"]
    )


def tabulate_exceptions(table: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Return the known exceptions with their short label, full verdict wording, location and explanation.

    The explanation is the text of ``data/known_exceptions.csv`` in ``lang``
    (its column ``explanation_vi`` or ``explanation_en``).
    """
    rows = table[_verdicts_of(table).isin(EXCEPTION_VERDICTS)]
    return pd.DataFrame(
        {
            "relation_label": [pick(label_exception(r), lang) for r in rows["relation_id"]],
            "verdict": rows["verdict"].astype(str).tolist(),
            "location": [format_location(loc, lang) for loc in rows["location"]],
            "explanation": pick({"vi": rows["explanation_vi"], "en": rows["explanation_en"]}, lang).tolist(),
        }
    )


def tabulate_text_findings(text_findings: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Return what the lists, footnotes and dates say as printed: where, what (a code), the quote and its meaning."""
    return pd.DataFrame(
        {
            "location": [format_location(loc, lang) for loc in text_findings["location"]],
            "finding": text_findings["finding"].tolist(),
            "quote": text_findings["quote"].tolist(),
            "note": pick({"vi": text_findings["note_vi"], "en": text_findings["note_en"]}, lang).tolist(),
        }
    )


def tabulate_annex_references(references: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Return the citations of annex tables in reading order, the locations spelled out."""
    out = references[["order", "location", "number", "repeated", "quote"]].rename(
        columns={"number": "annex_number"}
    )
    out["location"] = out["location"].map(lambda loc: format_location(loc, lang))
    return out


#: The findings of notebook 08, one template per language.
FINDINGS = {
    "verdicts": Template(
        vi="Đã kiểm tra {total:n} quan hệ — {counts}.", en="{total:n} relations audited — {counts}."
    ),
    "exception": Template(
        vi="{label} — số in {printed}, số tính lại {recomputed}, chênh lệch {difference} ({location}); "
        "kết luận: {verdict}.",
        en="{label} — printed {printed}, recomputed {recomputed}, difference {difference} ({location}); "
        "verdict: {verdict}.",
    ),
    "annex": Template(
        vi="Biểu phụ lục: {cited:n} lần dẫn cho {numbers:n} số hiệu biểu; dẫn lặp lại: {repeated}.",
        en="Annex tables: {cited:n} citations for {numbers:n} numbers; repeated: {repeated}.",
    ),
    "text": Template(vi="{location}: {note}", en="{location}: {note}"),
}
#: An annex table cited again, and the word for none.
ANNEX_REPEATED = Template(vi="biểu {number} ({location})", en="table {number} ({location})")
NONE = ("không có", "none")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: Template, lang: str, values: Mapping[str, object]) -> str:
    return template.format(
        lang, **{k: pick(v, lang) if isinstance(v, tuple) else v for k, v in values.items()}
    )


def list_findings(
    table: pd.DataFrame, annex_references: pd.DataFrame, text_findings: pd.DataFrame, lang: str = "vi"
) -> list[str]:
    """Write the findings of notebook 08 in ``lang``, every number computed.

    Parameters
    ----------
    table : DataFrame
        The audit (:func:`nq03lib.audit.audit`).
    annex_references : DataFrame
        :func:`nq03lib.audit.list_annex_references`.
    text_findings : DataFrame
        :func:`nq03lib.audit.list_text_findings`.
    lang : {"vi", "en"}

    Returns
    -------
    list of str
        One sentence per finding: the verdict counts, each known exception,
        the annex numbering, then each list, footnote or date read as printed.

    """
    check_lang(lang)
    verdicts = _verdicts_of(table)
    counts = {
        code: "; ".join(
            f"{pick(VERDICT_LABELS[v], code).lower()}: {format_number(int((verdicts == v).sum()), code)}"
            for v in CATEGORIES["verdict"]
        )
        for code in LANGS
    }
    lines = [_fill(FINDINGS["verdicts"], lang, {"total": len(table), "counts": pick(counts, lang)})]
    for verdict in EXCEPTION_VERDICTS:
        for r in table[verdicts == verdict].itertuples():
            values = {
                "label": label_exception(r.relation_id),
                "verdict": tuple(v.lower() for v in VERDICT_LABELS[verdict]),
                "printed": _number_pair(r.printed, "printed"),
                "recomputed": _number_pair(r.recomputed, "recomputed"),
                "difference": _number_pair(r.difference, "difference", signed=True),
                "location": tuple(format_location(r.location, code) for code in LANGS),
            }
            lines.append(_fill(FINDINGS["exception"], lang, values))
    repeated = annex_references[annex_references["repeated"]]
    listed = tuple(
        ", ".join(
            ANNEX_REPEATED.format(code, number=r.number, location=format_location(r.location, code))
            for r in repeated.itertuples()
        )
        or pick(NONE, code)
        for code in LANGS
    )
    lines.append(
        _fill(
            FINDINGS["annex"],
            lang,
            {
                "cited": len(annex_references),
                "numbers": int(annex_references["table_number"].nunique()),
                "repeated": listed,
            },
        )
    )
    for r in text_findings.itertuples():
        values = {
            "location": tuple(_capitalise(format_location(r.location, code)) for code in LANGS),
            "note": (str(r.note_vi), str(r.note_en)),
        }
        lines.append(_fill(FINDINGS["text"], lang, values))
    return lines
