"""Charts of notebook 06 (II.1–II.4, fn1–fn4, fn12, fn13): education, training, meetings, assignments."""

from __future__ import annotations

import textwrap

import pandas as pd

from nq03lib.analysis.training import (
    check_residence_floor,
    compare_baselines,
    list_coverage,
    summarise_classes,
    summarise_households,
    summarise_participants,
)
from nq03lib.charts import theme as ch
from nq03lib.charts.registry import Takeaway, register
from nq03lib.data.schema import CATEGORIES
from nq03lib.text import LANGS, Template, pick

NOTEBOOK = "06-education-training"

#: Colours of a value before and after, and of the readings of "tăng x%".
PERIOD_COLOURS = {c: ch.COLOURS[c] for c in ("2016-08", "2021")}
READING_COLOURS = {c: ch.COLOURS[c] for c in ("pp", "relative", "printed")}
#: Colour of each kind of participant, from the shared palette.
KIND_COLOURS = {
    c: ch.COLOURS[c]
    for c in (
        "tat_ca",
        "chuyen_mon",
        "ly_luan_chinh_tri",
        "nghiep_vu_cong_tac_dang",
        "nghiep_vu_doan_the",
        "cap_nhat_kien_thuc",
        "ve_dang_uy_xa",
        "ve_co_quan_tham_muu",
    )
}
#: Short labels of the indicators (the metadata labels are long for a chart axis); a no-break space keeps
#: "(mục II.3)" on one line when a label wraps.
SHORT_INDICATOR = {
    "dang_vien_xay_dung_cam_ket": (
        "Đảng viên xây dựng bản cam kết (chú\u00a0thích\u00a02)",
        "Members with a written commitment (fn2)",
    ),
    "chi_bo_sinh_hoat_chuyen_de": (
        "Chi bộ sinh hoạt chuyên đề (mục\u00a0II.3)",
        "Cells holding thematic meetings (II.3)",
    ),
    "cap_uy_vien_phu_trach_tccsd": (
        "Cấp ủy viên cấp huyện phụ trách TCCSĐ (mục\u00a0II.3)",
        "District committee members assigned to grassroots organisations (II.3)",
    ),
    "cap_uy_vien_phu_trach_xa": (
        "Cấp ủy viên cấp huyện phụ trách xã, phường, thị trấn (mục\u00a0II.3)",
        "District committee members assigned to communes (II.3)",
    ),
    "cap_uy_vien_xa_phu_trach_chi_bo": (
        "Cấp ủy viên xã phụ trách chi bộ (mục\u00a0II.3)",
        "Commune committee members assigned to cells (II.3)",
    ),
    "dang_vien_phu_trach_ho": (
        "Đảng viên phụ trách hộ, nhóm hộ (mục\u00a0II.4)",
        "Members assigned to households (II.4)",
    ),
    "dang_vien_gioi_thieu_noi_cu_tru": (
        "Đảng viên được giới thiệu về nơi cư trú (chú\u00a0thích\u00a011)",
        "Members introduced to their place of residence (fn11)",
    ),
    "cap_uy_to_chuc_hoi_thi": (
        "Cấp ủy trực thuộc Tỉnh ủy tổ chức hội thi bí thư chi bộ giỏi (mục\u00a0II.2)",
        "Committees under the province that held the best-secretary contest (II.2)",
    ),
}
PERIOD_SHORT = {"2016-08": ("8-2016", "Aug 2016"), "2021": ("2021", "2021")}
POINTS_UNIT = (" điểm %", " points")
WRAP = 34
MINUS = "−"
#: Added under the households bar of the sensitivity chart, where the report prints the 8-2016 share.
PRINTED_MATCH = (
    "\nsố in (chú thích 13): {pct}, khớp cách đọc điểm %",
    "\nprinted (fn13): {pct}, matches the points reading",
)


def _wrap(text: str, width: int = WRAP) -> str:
    return textwrap.fill(str(text), width)


def _points(value: float, lang: str) -> str:
    sign = "+" if value >= 0 else MINUS
    unit = pick(POINTS_UNIT, lang)
    return f"{sign}{ch.format_number(abs(value), lang, 2)}{unit}"


def _lower_first(text: str) -> str:
    """Lower-case the first letter only, keeping acronyms such as TCCSĐ, LLCT."""
    text = str(text)
    return text[:1].lower() + text[1:]


def _in_sentence(pair: tuple[str, str]) -> tuple[str, ...]:
    """Return a label pair ``(vi, en)`` as it reads inside a sentence: first letter lower-cased."""
    return tuple(_lower_first(text) for text in pair)


def _indicator_name(code: str) -> tuple[str, ...]:
    """Return an indicator's short label without its location, as it reads inside a sentence, ``(vi, en)``."""
    return tuple(_lower_first(text.split(" (")[0]) for text in SHORT_INDICATOR[code])


def _indicator_labels(frame: pd.DataFrame, lang: str) -> pd.Series:
    return frame["indicator"].astype(str).map(lambda c: pick(SHORT_INDICATOR[c], lang)).astype("string")


# --- 06-indicators-baseline-vs-2021 -------------------------------------------------------------


def baselines_vs_2021(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return each indicator's 2021 rate and its implied 8-2016 baseline under both readings."""
    out = compare_baselines(frames["stated_changes"], frames["rates"])
    out.insert(1, "indicator_label", _indicator_labels(out, lang))
    return out


def _baselines_values(data: pd.DataFrame) -> dict:
    gain = data["current_pct"] - data["baseline_pp_pct"]
    top = data.loc[gain.idxmax()]
    low = data.loc[gain.idxmin()]
    return {
        "top": _indicator_name(str(top["indicator"])),
        "top_before": float(top["baseline_pp_pct"]),
        "top_now": float(top["current_pct"]),
        "low": _indicator_name(str(low["indicator"])),
        "low_before": float(low["baseline_pp_pct"]),
        "low_now": float(low["current_pct"]),
    }


@register(
    "06-indicators-baseline-vs-2021",
    notebook=NOTEBOOK,
    title={
        "vi": "Mức 8-2016 suy ra và mức 2021 của các chỉ tiêu có nêu “tăng … so với thời điểm ban hành” (%)",
        "en": "Implied Aug 2016 level and 2021 level of the indicators stated as “up … since issuance” (%)",
    },
    takeaway=Takeaway(
        Template(
            vi="Tăng mạnh nhất: {top}, từ khoảng {top_before:pct} (suy ra) lên {top_now:pct}; ít nhất: {low} "
            "({low_before:pct} → {low_now:pct}).",
            en="Largest rise: {top}, from about {top_before:pct} (implied) to {top_now:pct}; smallest: {low} "
            "({low_before:pct} → {low_now:pct}).",
        ),
        _baselines_values,
    ),
    data=baselines_vs_2021,
    note={
        "vi": "Điểm rỗng: mức 8-2016 suy ra, đọc “tăng x%” là điểm phần trăm; điểm màu cam: đọc là % tương đối; "
        "hình thoi: số in trong báo cáo (chú thích 13).",
        "en": "Hollow: Aug 2016 level implied, reading “tăng x%” as percentage points; orange: read as relative %; "
        "diamond: printed in the report (fn13).",
    },
)
def draw_baselines(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw a dumbbell per indicator: implied 8-2016 baseline (pp) to the 2021 rate."""
    ax = fig.add_subplot()
    ys = list(range(len(data)))[::-1]
    for y, (_, r) in zip(ys, data.iterrows()):
        base, now, rel = (
            float(r["baseline_pp_pct"]),
            float(r["current_pct"]),
            float(r["baseline_relative_pct"]),
        )
        ax.plot([base, now], [y, y], color="#bbbbbb", linewidth=3, zorder=1)
        ax.scatter(
            [rel], [y], s=60, color=READING_COLOURS["relative"], zorder=2, label="rel" if y == ys[0] else None
        )
        ax.scatter(
            [base],
            [y],
            s=110,
            facecolor="white",
            edgecolor=PERIOD_COLOURS["2021"],
            linewidth=2,
            zorder=3,
            label="pp" if y == ys[0] else None,
        )
        ax.scatter(
            [now], [y], s=110, color=PERIOD_COLOURS["2021"], zorder=3, label="now" if y == ys[0] else None
        )
        if pd.notna(r["printed_baseline_pct"]):
            ax.scatter(
                [float(r["counts_baseline_pct"])],
                [y],
                s=40,
                marker="D",
                color=READING_COLOURS["printed"],
                zorder=4,
                label="printed",
            )
        ax.annotate(
            ch.format_pct(base, lang),
            (base, y),
            xytext=(-10, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=12,
            color=PERIOD_COLOURS["2021"],
        )
        ax.annotate(
            ch.format_pct(now, lang),
            (now, y),
            xytext=(10, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=12,
            fontweight="bold",
            color=PERIOD_COLOURS["2021"],
        )
        ax.annotate(
            _points(now - base, lang),
            ((base + now) / 2, y),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=11,
            color=ch.TEXT_GREY,
        )
        if abs(rel - base) > 1.5:
            ax.annotate(
                ch.format_pct(rel, lang),
                (rel, y),
                xytext=(0, -11),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=10,
                color="#999999",
            )
    ax.set_yticks(ys, [_wrap(t) for t in data["indicator_label"]])
    ax.set_xlim(40, 108)
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.spines["bottom"].set_bounds(40, 100)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ch.percent_axis(ax, lang, axis="x")
    ax.set_xlabel(pick(("Tỉ lệ (%)", "Share (%)"), lang))
    names = {
        "pp": ("8-2016, suy ra (điểm %)", "Aug 2016, implied (points)"),
        "rel": ("8-2016, suy ra (% tương đối)", "Aug 2016, implied (relative %)"),
        "now": ("2021 (số in)", "2021 (printed)"),
        "printed": ("8-2016, số in (chú thích 13)", "Aug 2016, printed (fn13)"),
    }
    handles, keys = ax.get_legend_handles_labels()
    order = [k for k in ("pp", "rel", "printed", "now") if k in keys]
    ax.legend(
        [handles[keys.index(k)] for k in order], [pick(names[k], lang) for k in order], loc="lower left"
    )


# --- 06-baselines-sensitivity ------------------------------------------------------------------


def baselines_sensitivity(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the implied 8-2016 baselines under both readings and their gap, per indicator."""
    out = baselines_vs_2021(frames, lang)
    cols = [
        "indicator",
        "indicator_label",
        "change_pct",
        "baseline_pp_pct",
        "baseline_relative_pct",
        "reading_gap_pp",
        "counts_baseline_pct",
        "pp_matches_printed",
        "relative_matches_printed",
    ]
    return out[cols]


def _sensitivity_values(data: pd.DataFrame) -> dict:
    top = data.loc[data["reading_gap_pp"].abs().idxmax()]
    check = data[data["counts_baseline_pct"].notna()].iloc[0]
    return {
        "name": _indicator_name(str(top["indicator"])),
        "pp": float(top["baseline_pp_pct"]),
        "relative": float(top["baseline_relative_pct"]),
        "printed": float(check["counts_baseline_pct"]),
    }


@register(
    "06-baselines-sensitivity",
    notebook=NOTEBOOK,
    title={
        "vi": "Mức 8-2016 suy ra theo hai cách đọc “tăng x%”: chênh lệch (điểm %)",
        "en": "Aug 2016 levels implied by the two readings of “tăng x%”: difference (points)",
    },
    takeaway=Takeaway(
        Template(
            vi="Cách đọc quan trọng nhất với {name}: {pp:pct} (điểm %) hay {relative:pct} (% tương đối); chỉ cách "
            "đọc điểm % khớp số in năm 2016 của hộ, nhóm hộ ({printed:pct}).",
            en="The reading matters most for {name}: {pp:pct} (points) or {relative:pct} (relative); only the "
            "points reading matches the printed 2016 households share ({printed:pct}).",
        ),
        _sensitivity_values,
    ),
    data=baselines_sensitivity,
)
def draw_sensitivity(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one bar per indicator: how much higher the baseline is under the relative reading."""
    ax = fig.add_subplot()
    ys = list(range(len(data)))[::-1]
    gaps = data["reading_gap_pp"].astype(float).tolist()
    bars = ax.barh(ys, gaps, color=READING_COLOURS["pp"], height=0.6)
    texts = []
    for _, r in data.iterrows():
        text = (
            f"{ch.format_pct(r['baseline_pp_pct'], lang)} → {ch.format_pct(r['baseline_relative_pct'], lang)}"
            f"  ({_points(r['reading_gap_pp'], lang)})"
        )
        if pd.notna(r["counts_baseline_pct"]):
            pct = ch.format_pct(r["counts_baseline_pct"], lang)
            text += pick(PRINTED_MATCH, lang).format(pct=pct)
        texts.append(text)
    ax.bar_label(bars, labels=texts, padding=6, fontsize=12)
    ax.set_yticks(ys, [_wrap(t) for t in data["indicator_label"]])
    ax.set_xlim(0, max(gaps) * 2.0)
    ch.number_axis(ax, lang, axis="x")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(
        pick(
            (
                "Mức gốc đọc % tương đối trừ mức gốc đọc điểm % (điểm %)",
                "Baseline read as relative % minus baseline read as points (points)",
            ),
            lang,
        )
    )


# --- 06-coverage-2021 ---------------------------------------------------------------------------


def coverage_2021(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the latest province rate of each assignment, meeting and commitment indicator."""
    out = list_coverage(frames["rates"])
    out.insert(1, "indicator_label", _indicator_labels(out, lang))
    texts = []
    for _, r in out.iterrows():
        pct = ch.format_pct(r["share_pct"], lang)
        if pd.notna(r["numerator_count"]):
            counts = f"{ch.format_number(r['numerator_count'], lang)}/{ch.format_number(r['denominator_count'], lang)}"
            pct = f"{counts} ({pct}{'*' if r['share_source'] == 'computed' else ''})"
        texts.append(pct)
    out["bar_text"] = pd.array(texts, dtype="string")
    return out


def _coverage_values(data: pd.DataFrame) -> dict:
    low = data.loc[data["share_pct"].idxmin()]
    return {
        "full": int((data["share_pct"] >= 100).sum()),
        "indicators": len(data),
        "name": _indicator_name(str(low["indicator"])),
        "share": float(low["share_pct"]),
    }


@register(
    "06-coverage-2021",
    notebook=NOTEBOOK,
    title={
        "vi": "Cam kết, sinh hoạt chuyên đề, phân công phụ trách: mức đạt đến năm 2021 (%)",
        "en": "Commitments, thematic meetings, assignments: level reached by 2021 (%)",
    },
    takeaway=Takeaway(
        Template(
            vi="{full:n}/{indicators:n} chỉ tiêu đạt 100%; thấp nhất là {name}: {share:pct}.",
            en="{full:n} of {indicators:n} indicators are at 100%; the lowest is {name}: {share:pct}.",
        ),
        _coverage_values,
    ),
    data=coverage_2021,
    note={
        "vi": "* Tỉ lệ tính từ số đếm (báo cáo chỉ in số đếm). Phụ trách xã, phường, thị trấn: mẫu số là số cấp ủy "
        "viên đã được phân công (mục II.3), cần làm rõ.",
        "en": "* Share computed from the counts (the report prints only the counts). Communes: the base is the "
        "committee members already assigned (II.3), to clarify.",
    },
)
def draw_coverage(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one horizontal bar per indicator with its count over total and share."""
    ax = fig.add_subplot()
    frame = data.assign(label=[_wrap(t, 44) for t in data["indicator_label"]])
    ch.bar_labelled(frame, x="label", y="share_pct", labels="bar_text", horizontal=True, ax=ax)
    ax.set_xlim(0, 130)
    ax.set_xticks(range(0, 101, 20))
    ax.spines["bottom"].set_bounds(0, 100)
    ch.percent_axis(ax, lang, axis="x")
    ax.set_xlabel(pick(("Tỉ lệ đạt (%)", "Share reached (%)"), lang))
    ax.tick_params(axis="y", labelsize=11)


# --- 06-training-classes-by-level ---------------------------------------------------------------


def classes_by_level(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the training classes since 2016 by level, with labels and texts."""
    out = summarise_classes(frames["training_classes"])
    labels = ch.category_labels("training_level", lang)
    out.insert(1, "training_level_label", out["training_level"].astype(str).map(labels).astype("string"))
    unit = pick((" lớp", " classes"), lang)
    out["bar_text"] = pd.array(
        [
            f"{ch.format_number(c, lang)}{unit} ({ch.format_pct(s, lang, 1)})"
            for c, s in zip(out["class_count"], out["share_pct"])
        ],
        dtype="string",
    )
    return out


def _classes_values(data: pd.DataFrame) -> dict:
    top = data.loc[data["class_count"].idxmax()]
    second = data.drop(index=top.name).loc[lambda d: d["class_count"].idxmax()]
    return {
        "classes": int(data["total_count"].iloc[0]),
        "first": _in_sentence(CATEGORIES["training_level"][str(top["training_level"])]),
        "second": _in_sentence(CATEGORIES["training_level"][str(second["training_level"])]),
        "share": float(top["share_pct"] + second["share_pct"]),
    }


@register(
    "06-training-classes-by-level",
    notebook=NOTEBOOK,
    title={
        "vi": "Lớp đào tạo, bồi dưỡng từ năm 2016 đến nay theo trình độ (số lớp)",
        "en": "Training classes since 2016 by level (classes)",
    },
    takeaway=Takeaway(
        Template(
            vi="Trong {classes:n} lớp, {first} và {second} chiếm {share:pct1}.",
            en="Of {classes:n} classes, {first} and {second} make up {share:pct1}.",
        ),
        _classes_values,
    ),
    data=classes_by_level,
)
def draw_classes(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one horizontal bar per level, in category order, with count and share."""
    ax = fig.add_subplot()
    ch.bar_labelled(
        data, x="training_level_label", y="class_count", labels="bar_text", horizontal=True, ax=ax
    )
    ax.set_xlim(0, float(data["class_count"].max()) * 1.3)
    ch.number_axis(ax, lang, axis="x")
    ax.set_xlabel(pick(("Số lớp", "Number of classes"), lang))


# --- 06-training-participants-by-kind ----------------------------------------------------------


def participants_by_kind(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the participants of each programme by kind, with labels, texts and colours."""
    out = summarise_participants(frames["training_participants"])
    programmes = ch.category_labels("programme", lang)
    kinds = ch.category_labels("participant_kind", lang)
    out.insert(1, "programme_label", out["programme"].astype(str).map(programmes).astype("string"))
    out.insert(3, "participant_kind_label", out["participant_kind"].astype(str).map(kinds).astype("string"))
    out["bar_text"] = pd.array(
        [
            ch.format_number(c, lang) + ("" if s >= 100 else f" ({ch.format_pct(s, lang, 1)})")
            for c, s in zip(out["participant_count"], out["share_pct"])
        ],
        dtype="string",
    )
    out["colour"] = out["participant_kind"].astype(str).map(KIND_COLOURS).astype("string")
    return out


#: Programmes whose person-times are training courses; the new village secretaries follow
#: "Trong đó" and are inside them, and the contest counts entrants, not trainees.
COURSE_PROGRAMMES = ("dao_tao_boi_duong", "nang_cao_nghiep_vu")


def _participants_values(data: pd.DataFrame) -> dict:
    totals = data.groupby("programme", observed=True)["programme_total_count"].first()
    courses = totals[[p for p in COURSE_PROGRAMMES if p in totals.index]]
    big = data[data["programme"] == courses.idxmax()]
    top = big.loc[big["participant_count"].idxmax()]
    return {
        "trained": int(courses.sum()),
        "parts": tuple(" + ".join(ch.format_number(int(v), lang) for v in courses) for lang in LANGS),
        "inside": int(totals.get("bi_thu_thon_moi", 0)),
        "kind": _in_sentence(CATEGORIES["participant_kind"][str(top["participant_kind"])]),
        "share": float(top["share_pct"]),
        "programme": _in_sentence(CATEGORIES["programme"][str(top["programme"])]),
        "contest": int(totals.get("hoi_thi_bi_thu", 0)),
    }


@register(
    "06-training-participants-by-kind",
    notebook=NOTEBOOK,
    title={
        "vi": "Đào tạo, bồi dưỡng và hội thi từ năm 2016, theo loại (lượt người)",
        "en": "Training, skills courses and the contest since 2016, by kind (person-times)",
    },
    takeaway=Takeaway(
        Template(
            vi="{trained:n} lượt người được đào tạo, bồi dưỡng ({parts}; {inside:n} bí thư, phó bí thư chi bộ thôn "
            "mới đã nằm trong số này), nhiều nhất là {kind} ({share:pct1} của {programme}); riêng hội thi có "
            "{contest:n} lượt thí sinh.",
            en="{trained:n} person-times of training ({parts}; the {inside:n} new village (deputy) secretaries are "
            "among them), the largest kind {kind} ({share:pct1} of {programme}); the contest had {contest:n} "
            "entrants besides.",
        ),
        _participants_values,
    ),
    data=participants_by_kind,
    note={
        "vi": "Mỗi ô một thang đo riêng. Bí thư thôn mới: “Trong đó”, đã tính trong số đào tạo, bồi dưỡng; "
        "hội thi: lượt thí sinh, không phải người được đào tạo.",
        "en": "Each panel has its own scale. New village secretaries: “Trong đó”, already inside the training "
        "figures; contest: entrants, not trainees.",
    },
)
def draw_participants(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw one panel per programme, one horizontal bar per kind of participant."""
    programmes = list(dict.fromkeys(data["programme"].astype(str)))
    axes = fig.subplots(2, 2).ravel()
    for ax, code in zip(axes, programmes):
        part = data[data["programme"].astype(str) == code]
        frame = part.assign(label=[_wrap(t, 22) for t in part["participant_kind_label"]])
        ch.bar_labelled(
            frame,
            x="label",
            y="participant_count",
            colour="colour",
            labels="bar_text",
            horizontal=True,
            ax=ax,
        )
        total = ch.format_number(int(part["programme_total_count"].iloc[0]), lang)
        ax.set_title(f"{part['programme_label'].iloc[0]}: {total}", fontsize=13, loc="left")
        ax.set_xlim(0, float(part["participant_count"].max()) * 1.45)
        ax.set_ylim(-1.0, max(len(part), 2) - 0.5)
        ch.number_axis(ax, lang, axis="x")
        ax.tick_params(axis="both", labelsize=11)
    for ax in axes[len(programmes) :]:
        ax.set_visible(False)


# --- 06-residence-rating-2016-2020 -------------------------------------------------------------


def residence_rating(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the yearly share of members rated well at their residence and the stated floor."""
    out = check_residence_floor(frames["rates"], frames["stated_changes"])
    out["series_label"] = pd.array([pick(("Chấp hành tốt", "Rated well"), lang)] * len(out), dtype="string")
    return out


#: How the residence takeaway judges the floor, by whether every year meets it.
RESIDENCE_VERDICTS = {
    True: ("đúng như báo cáo nêu", "as the report says"),
    False: ("có năm dưới mức báo cáo nêu", "though some year falls below it"),
}


def _residence_values(data: pd.DataFrame) -> dict:
    low = data.loc[data["share_pct"].idxmin()]
    return {
        "floor": float(data["floor_pct"].iloc[0]),
        "verdict": RESIDENCE_VERDICTS[bool(data["meets_floor"].all())],
        "year": str(low["year"]),
        "lowest": float(low["share_pct"]),
        "margin": float(low["margin_pp"]),
    }


@register(
    "06-residence-rating-2016-2020",
    notebook=NOTEBOOK,
    title={
        "vi": "Đảng viên được nơi cư trú đánh giá chấp hành tốt, 2016–2020 (%)",
        "en": "Party members rated well by their place of residence, 2016–2020 (%)",
    },
    takeaway=Takeaway(
        Template(
            vi="Năm nào cũng từ {floor:pct0} trở lên ({verdict}); thấp nhất năm {year} ({lowest:pct}, cao hơn mức "
            "sàn {margin:n2} điểm %).",
            en="Every year at or above {floor:pct0} ({verdict}); the lowest is {year} ({lowest:pct}, {margin:n2} "
            "points above the floor).",
        ),
        _residence_values,
    ),
    data=residence_rating,
    note={
        "vi": "Trục tung không bắt đầu từ 0. Mức sàn: “hằng năm có từ … đảng viên trở lên” (mục II.4).",
        "en": "The vertical axis does not start at 0. Floor: “each year at least … of members” (II.4).",
    },
)
def draw_residence(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw the yearly share as a line with its values and the stated floor as a dashed line."""
    ax = fig.add_subplot()
    colour = ch.COLOURS["stock"]
    xs = data["year"].astype(str).tolist()
    ys = data["share_pct"].astype(float).tolist()
    ax.plot(xs, ys, marker="o", color=colour, linewidth=2.4, markersize=8, label=data["series_label"].iloc[0])
    for x, y in zip(xs, ys):
        ax.annotate(
            ch.format_pct(y, lang),
            (x, y),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=12,
            color=colour,
        )
    floor = float(data["floor_pct"].iloc[0])
    label = pick(("Mức sàn báo cáo nêu: ", "Floor stated in the report: "), lang) + ch.format_pct(
        floor, lang, 0
    )
    ax.axhline(floor, color=ch.COLOURS["target"], linestyle="--", linewidth=1.6, label=label)
    ax.set_ylim(floor - 1.0, 100)
    ch.percent_axis(ax, lang, decimals=1)
    ax.set_ylabel(pick(("Tỉ lệ đảng viên (%)", "Share of members (%)"), lang))
    ax.set_xlabel(pick(("Năm đánh giá", "Year rated"), lang))
    ax.legend(loc="upper right")


# --- 06-households-2016-vs-2021 ----------------------------------------------------------------


def households(frames: dict[str, pd.DataFrame], lang: str = "vi") -> pd.DataFrame:
    """Return the members assigned to households and those eligible, 8-2016 and 2021, with labels."""
    out = summarise_households(frames["rates"])
    out.insert(1, "period_label", out["period"].map(lambda p: pick(PERIOD_SHORT[p], lang)).astype("string"))
    return out


def _households_values(data: pd.DataFrame) -> dict:
    d = data.set_index("period")
    return {
        "more": int(d.loc["2021", "assigned_count"] - d.loc["2016-08", "assigned_count"]),
        "gap": float(d.loc["2021", "recomputed_share_pct"] - d.loc["2016-08", "recomputed_share_pct"]),
        "before": float(d.loc["2016-08", "share_pct"]),
        "now": float(d.loc["2021", "share_pct"]),
    }


@register(
    "06-households-2016-vs-2021",
    notebook=NOTEBOOK,
    title={
        "vi": "Đảng viên phụ trách hộ, nhóm hộ: 8-2016 và 2021 (người, %)",
        "en": "Members assigned to households: Aug 2016 and 2021 (persons, %)",
    },
    takeaway=Takeaway(
        Template(
            vi="Thêm {more:n} đảng viên được phân công phụ trách hộ, nhưng số thuộc diện phân công cũng tăng, nên "
            "tỉ lệ chỉ tăng {gap:n2} điểm % ({before:pct} → {now:pct}).",
            en="{more:n} more members are assigned to households, but the members eligible grew too, so the share "
            "rose only {gap:n2} points ({before:pct} → {now:pct}).",
        ),
        _households_values,
    ),
    data=households,
    note={
        "vi": "8-2016: chú thích 13; 2021: mục II.4. Tỉ lệ trên số đảng viên ở xã, phường, thị trấn thuộc diện được phân công.",
        "en": "Aug 2016: fn13; 2021: II.4. Share of the members in communes who are due to be assigned.",
    },
)
def draw_households(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw two panels: assigned and unassigned members stacked per date; the share per date."""
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    xs = data["period_label"].tolist()
    assigned = data["assigned_count"].astype(float).tolist()
    unassigned = data["unassigned_count"].astype(float).tolist()
    colours = [PERIOD_COLOURS[p] for p in data["period"]]
    bars = left.bar(xs, assigned, color=colours, width=0.55, label=pick(("Được phân công", "Assigned"), lang))
    left.bar_label(
        bars, labels=[ch.format_number(v, lang) for v in assigned], label_type="center", fontsize=12
    )
    rest = left.bar(
        xs,
        unassigned,
        bottom=assigned,
        color="#dddddd",
        width=0.55,
        label=pick(("Chưa phân công", "Not assigned"), lang),
    )
    left.bar_label(
        rest, labels=[ch.format_number(v, lang) for v in unassigned], label_type="center", fontsize=11
    )
    eligible = data["eligible_count"].astype(float).tolist()
    for x, e in zip(xs, eligible):
        left.annotate(
            pick(("Thuộc diện: ", "Eligible: "), lang) + ch.format_number(e, lang),
            (x, e),
            xytext=(0, 5),
            textcoords="offset points",
            ha="center",
            fontsize=12,
            fontweight="bold",
        )
    left.set_ylim(0, max(eligible) * 1.15)
    ch.number_axis(left, lang)
    left.set_ylabel(pick(("Số đảng viên", "Party members"), lang))
    left.legend(loc="upper left")
    shares = data["share_pct"].astype(float).tolist()
    sb = right.bar(xs, shares, color=colours, width=0.55)
    right.bar_label(sb, labels=[ch.format_pct(v, lang) for v in shares], padding=3, fontsize=12)
    gap = float(data["recomputed_share_pct"].iloc[-1] - data["recomputed_share_pct"].iloc[0])
    right.annotate(
        _points(gap, lang),
        (0.5, max(shares) + 8),
        ha="center",
        fontsize=13,
        fontweight="bold",
        color=ch.COLOURS["increase"],
    )
    right.set_ylim(0, 110)
    right.set_yticks(range(0, 101, 20))
    ch.percent_axis(right, lang)
    right.set_ylabel(pick(("Tỉ lệ được phân công (%)", "Share assigned (%)"), lang))
