"""Read a source report: its sections, its footnotes and the numbers it prints.

The report text is kept exactly as received in ``data/source/``. Quotes in the
data tables are compared with a *reading form* of the text (:func:`reading_form`):
NFC, every run of whitespace collapsed to one space, and the footnote anchors
(a stray line break just before punctuation) removed. Nothing else is changed,
so a quote is the report's own wording, typos included.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from nq03lib import paths

FOOTNOTE_MARK = "\ufffd"
#: A footnote anchor: a line break glued to the previous word and followed by
#: punctuation, by " (" or by a space and a lower-case word.
ANCHOR_RE = re.compile(r"(?<=\S)\n(?=[.,;)]| \(| [a-zà-ỹđ])")
_TOP_RE = re.compile(r"^(I|II|III|IV)\. \S")
_SUB_RE = re.compile(r"^\s?(\d)\.\s\S")
#: A number as printed in Vietnamese notation: dots group thousands, a comma
#: marks decimals (29.651 = 29651; 15,34 = 15.34).
NUMBER_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])|(?<![\d.,])\d+(?:,\d+)?(?![\d])")


class SourceError(ValueError):
    """Raise when a source file does not have the structure the parser expects."""


@dataclass(frozen=True)
class Report:
    """Hold one report split into locations.

    Attributes
    ----------
    source_id : str
        Identifier of the source (``data/source/sources.csv``).
    sections : dict of str to str
        Reading form of each body section, keyed ``"intro"``, ``"I.1"`` … ``"IV"``.
    footnotes : dict of int to str
        Reading form of each footnote, keyed by its number.
    footnote_section : dict of int to str
        The body section in which each footnote's anchor stands.

    """

    source_id: str
    sections: dict[str, str]
    footnotes: dict[int, str]
    footnote_section: dict[int, str] = field(default_factory=dict)

    def text_at(self, location: str) -> str:
        """Return the reading text of a location such as ``"II.3"`` or ``"fn10"``."""
        if location.startswith("fn") and location[2:].isdigit():
            number = int(location[2:])
            if number in self.footnotes:
                return self.footnotes[number]
        elif location in self.sections:
            return self.sections[location]
        known = ", ".join([*self.sections, *(f"fn{n}" for n in self.footnotes)])
        raise KeyError(f"unknown location {location!r} in {self.source_id}; known: {known}")

    @property
    def locations(self) -> list[str]:
        """List every location, body sections first, then footnotes."""
        return [*self.sections, *(f"fn{n}" for n in self.footnotes)]


def reading_form(text: str) -> str:
    """Return ``text`` in reading form: NFC, anchors removed, whitespace collapsed.

    Parameters
    ----------
    text : str
        Raw report text or a quote.

    Returns
    -------
    str
        The text with every whitespace run as one space, no space before
        ``. , ; : )`` and no space after ``(``.

    """
    text = unicodedata.normalize("NFC", text).replace(FOOTNOTE_MARK, " ")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r" (?=[.,;:)])", "", text)
    text = re.sub(r"\( ", "(", text)
    return text.strip()


def fold(text: str) -> str:
    """Return ``text`` lower-cased without diacritics, for accent-insensitive search.

    ``đ`` folds to ``d``; NFD and NFC input fold alike.
    """
    decomposed = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip()


def parse_vi_number(token: str) -> Decimal:
    """Parse a number printed in Vietnamese notation.

    Examples
    --------
    >>> parse_vi_number("29.651"), parse_vi_number("15,34"), parse_vi_number("03")
    (Decimal('29651'), Decimal('15.34'), Decimal('3'))

    """
    if not NUMBER_RE.fullmatch(token):
        raise ValueError(f"{token!r} is not a number in Vietnamese notation (e.g. 29.651 or 15,34)")
    return Decimal(token.replace(".", "").replace(",", "."))


def numbers_in(text: str) -> list[tuple[str, Decimal]]:
    """List every number printed in ``text`` as ``(token, value)`` pairs, in order."""
    return [(m.group(), parse_vi_number(m.group())) for m in NUMBER_RE.finditer(text)]


def printed_decimals(value: float, quote: str) -> int | None:
    """Return how many decimals the report printed for ``value`` in ``quote``.

    ``None`` when the quote does not print the value.
    """
    target = Decimal(str(value))
    for token, number in numbers_in(quote):
        if number == target:
            return len(token.partition(",")[2])
    return None


def _split_sections(body: str) -> dict[str, str]:
    sections: dict[str, list[str]] = {"intro": []}
    current, top = "intro", None
    for line in body.split("\n"):
        if m := _TOP_RE.match(line):
            top = m.group(1)
            current = top
            sections.setdefault(current, [])
        elif top in ("I", "II", "III") and (m := _SUB_RE.match(line)):
            current = f"{top}.{m.group(1)}"
            if current in sections:
                raise SourceError(f"section {current} starts twice")
            sections[current] = []
        sections[current].append(line)
    return {k: "\n".join(v) for k, v in sections.items() if "".join(v).strip()}


def parse_report(text: str, source_id: str = "?") -> Report:
    """Split a report's text into body sections and footnotes.

    Parameters
    ----------
    text : str
        Raw text of the report as stored in ``data/source/``.
    source_id : str
        Identifier used in error messages.

    Returns
    -------
    Report

    Raises
    ------
    SourceError
        If the signature, the footnote markers or the anchors are not found,
        or if the number of anchors differs from the number of footnotes.

    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").lstrip("\ufeff"))
    end_body = text.find("Nơi nhận:")
    first_mark = text.find(FOOTNOTE_MARK)
    if end_body < 0 or first_mark < 0:
        raise SourceError(f"{source_id}: expected 'Nơi nhận:' and footnotes marked with U+FFFD")
    start_body = text.find("\nI. ")
    body = text[start_body + 1 if start_body >= 0 else 0 : end_body]
    sections = _split_sections(text[:start_body] + "\n" + body if start_body >= 0 else body)

    marked = text[first_mark:].split(FOOTNOTE_MARK)[1:]
    footnotes = {i: reading_form(part) for i, part in enumerate(marked, start=1)}

    footnote_section: dict[int, str] = {}
    anchor_no = 0
    for name, raw in sections.items():
        for _ in ANCHOR_RE.finditer(raw):
            anchor_no += 1
            footnote_section[anchor_no] = name
    if anchor_no != len(footnotes):
        raise SourceError(
            f"{source_id}: found {anchor_no} footnote anchors in the body "
            f"but {len(footnotes)} footnotes after U+FFFD marks"
        )
    return Report(
        source_id=source_id,
        sections={k: reading_form(v) for k, v in sections.items()},
        footnotes=footnotes,
        footnote_section=footnote_section,
    )


@cache
def read_sources() -> tuple[dict[str, str], ...]:
    """Read ``data/source/sources.csv``: one dict per source document."""
    with open(paths.SOURCES_FILE, encoding="utf-8-sig", newline="") as fh:
        return tuple(csv.DictReader(fh))


def source_record(source_id: str) -> dict[str, str]:
    """Return the metadata row of one source document."""
    for row in read_sources():
        if row["source_id"] == source_id:
            return row
    known = ", ".join(r["source_id"] for r in read_sources())
    raise KeyError(f"{paths.SOURCES_FILE}: no source {source_id!r}; known: {known}")


def default_source_id() -> str:
    """Return the id of the project's main report: the first row of ``sources.csv``."""
    return read_sources()[0]["source_id"]


#: How a document number's middle code names the kind of document.
_DOCUMENT_KINDS = {
    "BC": ("Báo cáo", "Report"),
    "NQ": ("Nghị quyết", "Resolution"),
    "KL": ("Kết luận", "Conclusion"),
}


def citation(source_id: str | None = None, lang: str = "vi") -> str:
    """Return the source line of a chart or slide, built from ``sources.csv``.

    Examples: "Nguồn: Báo cáo số 124-BC/TU ngày 28-9-2021 của Ban Thường vụ Tỉnh ủy Kon Tum";
    "Source: Report No. 124-BC/TU of 28 Sep 2021, Standing Committee of the Kon Tum Provincial
    Party Committee".
    """
    from nq03lib.text import CITATION, format_date, pick

    row = source_record(source_id or default_source_id())
    code = row["number"].split("-")[1].split("/")[0] if "-" in row["number"] else ""
    return CITATION.format(
        lang,
        kind=pick(_DOCUMENT_KINDS.get(code, ("Văn bản", "Document")), lang),
        number=row["number"],
        date=format_date(row["date"], lang),
        issuer=pick((row["issuer"], row["issuer_en"]), lang),
    )


def source_path(source_id: str) -> Path:
    """Return the path of a source document's text file."""
    return paths.SOURCE_DIR / source_record(source_id)["file"]


def sha256_of(path: Path) -> str:
    """Return the SHA-256 hex digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def load_report(source_id: str = "bc124-2021") -> Report:
    """Read and parse one source document (cached)."""
    path = source_path(source_id)
    return parse_report(path.read_text(encoding="utf-8"), source_id=source_id)
