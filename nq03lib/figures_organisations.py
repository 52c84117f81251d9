"""Charts of section II.2: grassroots organisations by type, restructuring since 8-2016."""

from __future__ import annotations

import pandas as pd

from nq03lib import charts as ch
from nq03lib.registry import register
from nq03lib.tables import load


def organisations_by_type(lang: str = "vi") -> pd.DataFrame:
    """Return the 2021 TCCSĐ by type, largest first, with labels and printed shares."""
    org = load("organisations")
    rows = org[(org["period"] == "2021") & (org["entity"] == "tccsd") & (org["org_type"] != "tat_ca")]
    out = rows[["org_type", "count", "share_pct", "location"]].sort_values("count", ascending=False)
    labels = ch.category_labels("org_type", lang)
    out.insert(1, "org_type_label", out["org_type"].map(labels).astype("string"))
    out["bar_text"] = [
        f"{ch.format_number(c, lang)} ({ch.format_pct(s, lang)})" for c, s in zip(out["count"], out["share_pct"])
    ]
    out["colour"] = out["org_type"].map(ch.colour_for)
    return out.reset_index(drop=True)


def _takeaway_by_type(data: pd.DataFrame, lang: str) -> str:
    top = data.iloc[0]
    total = ch.format_number(int(data["count"].sum()), lang)
    if lang == "vi":
        return f"{top['org_type_label']} chiếm nhiều nhất: {ch.format_pct(top['share_pct'], lang)} trong {total} TCCSĐ."
    return f"{top['org_type_label']} are the largest group: {ch.format_pct(top['share_pct'], lang)} of {total}."


@register(
    "04-organisations-by-type",
    notebook="04-organisations",
    title={"vi": "Tổ chức cơ sở đảng theo loại hình, 2021", "en": "Grassroots party organisations by type, 2021"},
    takeaway=_takeaway_by_type,
    data=organisations_by_type,
)
def draw_organisations_by_type(data: pd.DataFrame, lang: str, fig) -> None:
    """Draw horizontal bars of TCCSĐ per type with count and share."""
    ax = fig.add_subplot()
    ch.bar_labelled(data, x="org_type_label", y="count", colour="colour", labels="bar_text", horizontal=True, ax=ax)
    ax.set_xlabel("Số TCCSĐ" if lang == "vi" else "Number of organisations")
    ax.set_xlim(0, float(data["count"].max()) * 1.25)
    ch.number_axis(ax, lang, axis="x")
