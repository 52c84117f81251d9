"""What the deck, the booklet and the workbook share: fixed dates, the pack's own words, the citation.

Every date written into a file's metadata is :data:`FIXED_DATE` (the report's
date) and every zip member gets :data:`ZIP_DATE`, so that two runs give the
same bytes (:func:`normalise_zip`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

#: Every date written into file metadata: the report's date, so runs are reproducible.
FIXED_DATE = dt.datetime(2021, 9, 28, 0, 0, 0)
#: Timestamp of every member of the zip files (pptx, xlsx): the earliest a zip can hold.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: The report the pack presents (a row of ``data/source/sources.csv``).
SOURCE_ID = "bc124-2021"

#: The pack's own words (chart titles, takeaways and the source note come from the charts).
TEXT = {
    "vi": {
        "deck_kicker": "Biểu đồ phục vụ cuộc họp",
        "report": "Báo cáo số {number} ngày {date} của {issuer}",
        "count": "{n} biểu đồ",
        "contents": "Mục lục",
        "page": "Trang {n}",
        "chart_id": "Biểu đồ {name} (notebook {notebook})",
    },
    "en": {
        "deck_kicker": "Charts for the meeting",
        "report": "Report No. {number} of {date}, {issuer}",
        "count": "{n} charts",
        "contents": "Contents",
        "page": "Page {n}",
        "chart_id": "Chart {name} (notebook {notebook})",
    },
}
_MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_CORE_DATE_RE = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def describe_report(lang: str) -> tuple[str, str]:
    """Return the report's title and its "Report No. … of … by …" line in ``lang``.

    Both come from the report's row in ``data/source/sources.csv``.

    Parameters
    ----------
    lang : {"vi", "en"}

    Returns
    -------
    tuple of str
        ``(title, citation line)``.

    """
    from nq03lib.data.source import source_record
    from nq03lib.text import format_date, pick

    record = source_record(SOURCE_ID)
    title = pick((record["title"], record.get("title_en") or record["title"]), lang)
    issuer = pick((record["issuer"], record.get("issuer_en") or record["issuer"]), lang)
    date = format_date(record["date"], lang)
    return title, pick(TEXT, lang)["report"].format(number=record["number"], date=date, issuer=issuer)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip archive (pptx, xlsx) so that the same content gives the same bytes.

    Members keep their order; every member gets the timestamp :data:`ZIP_DATE`,
    the same compression and the same file attributes; the document's created
    and modified dates (``docProps/core.xml``) become :data:`FIXED_DATE`, whatever
    the library wrote (openpyxl stamps "modified" with the time of saving).

    Parameters
    ----------
    data : bytes
        The archive as the library saved it.

    Returns
    -------
    bytes
        The same archive, reproducible.

    """
    out = io.BytesIO()
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATE_RE.sub(rb"\g<1>" + stamp + rb"\g<3>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            dst.writestr(fixed, content, compresslevel=6)
    return out.getvalue()
