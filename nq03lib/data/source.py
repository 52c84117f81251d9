"""Read a source report: its sections, its footnotes and the numbers it prints.

The report text is kept exactly as received in ``data/source/``. Quotes in the
data tables are compared with a *reading form* of the text (:func:`reading_form`):
NFC, every run of whitespace collapsed to one space, and the footnote anchors
(a stray line break just before punctuation) removed. Nothing else is changed,
so a quote is the report's own wording, typos included.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
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


def list_figures(text: str) -> list[tuple[int, int, str, Decimal]]:
    """List the figures printed in ``text``: ``(start, end, token, value)``, in order.

    Numbers that are not data (:data:`nq03lib.data.schema.NON_DATA`: document
    numbers, dates, years, section numbers …) are left out.
    """
    from nq03lib.data.schema import NON_DATA

    masked = text
    for pattern in NON_DATA:
        masked = re.sub(pattern, lambda m: " " * len(m.group()), masked)
    return [(m.start(), m.end(), m.group(), parse_vi_number(m.group())) for m in NUMBER_RE.finditer(masked)]


def _compile_label(label: str) -> re.Pattern:
    left = r"(?<!\w)" if label[:1].isalnum() else ""
    right = r"(?!\w)" if label[-1:].isalnum() else ""
    return re.compile(left + re.escape(label) + right, re.IGNORECASE)


_GAP = re.compile(r"[\s:()]*")


def find_labels(text: str, labels: dict[str, list[str]]) -> dict[str, list[tuple[int, int]]]:
    """Find where each code's labels stand in ``text`` (case-insensitive, whole words).

    An occurrence inside a longer label of another code is dropped (``HTNV``
    inside ``Không HTNV``, ``TSVM`` inside ``TSVMTB``).
    """
    found = {
        code: [(m.start(), m.end()) for label in names for m in _compile_label(label).finditer(text)]
        for code, names in labels.items()
    }
    kept: dict[str, list[tuple[int, int]]] = {}
    for code, spans in found.items():
        kept[code] = [
            (s, e)
            for s, e in spans
            if not any(
                other != code and s2 <= s and e <= e2 and (e2 - s2) > (e - s)
                for other, spans2 in found.items()
                for s2, e2 in spans2
            )
        ]
    return kept


def claim_figures(
    text: str, figures: list[tuple[int, int, str, Decimal]], labels: dict[str, list[str]], side: str
) -> dict[str, set[int]]:
    """Tell which figure each code's label stands beside: code → indexes into ``figures``.

    ``side="before"``: the label stands just before the figure; ``"after"``:
    just after it. Only spaces and ``:()`` may stand between.
    """
    claims: dict[str, set[int]] = {}
    for code, spans in find_labels(text, labels).items():
        hit: set[int] = set()
        for s, e in spans:
            if side == "before":
                after = [i for i, f in enumerate(figures) if f[0] >= e]
                if after and _GAP.fullmatch(text, e, figures[after[0]][0]):
                    hit.add(after[0])
            else:
                before = [i for i, f in enumerate(figures) if f[1] <= s]
                if before and _GAP.fullmatch(text, figures[before[-1]][1], s):
                    hit.add(before[-1])
        claims[code] = hit
    return claims


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
        missing = "'Nơi nhận:' (the end of the body)" if end_body < 0 else "a footnote mark U+FFFD"
        raise SourceError(
            f"{source_id}: no {missing} found; expected 'Nơi nhận:' and footnotes marked with U+FFFD"
        )
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
            f"but {len(footnotes)} footnotes after U+FFFD marks; expected one footnote (starting with "
            "U+FFFD) per anchor (a line break glued to the word it follows): a footnote mark or an "
            "anchor was deleted or added"
        )
    return Report(
        source_id=source_id,
        sections={k: reading_form(v) for k, v in sections.items()},
        footnotes=footnotes,
        footnote_section=footnote_section,
    )


def _cache_by_content(fn):
    """Cache ``fn(*args)`` until the data files it reads change (content stamps)."""
    store: dict = {}

    def wrapper(*args):
        stamp = _stamp_sources(*args)
        hit = store.get(args)
        if hit is None or hit[0] != stamp:
            hit = (stamp, fn(*args))
            store[args] = hit
        return hit[1]

    wrapper.cache_clear = store.clear
    wrapper.__doc__ = fn.__doc__
    wrapper.__name__ = fn.__name__
    wrapper.__wrapped__ = fn
    return wrapper


def _stamp_sources(*args) -> tuple:
    from nq03lib.data.csvcheck import file_stamp

    stamp = (file_stamp(paths.SOURCES_FILE),)
    if args:
        try:
            record = source_record(args[0])
        except (KeyError, ValueError):
            return stamp
        stamp += (file_stamp(paths.SOURCE_DIR / record["file"]),)
    return stamp


@_cache_by_content
def read_sources() -> tuple[dict[str, str], ...]:
    """Read ``data/source/sources.csv``: one dict per source document (cached by content).

    The file is checked against :data:`nq03lib.data.schema.SOURCES` (columns,
    ids, file names, dates, SHA-256 digests); empty optional cells are ``""``.

    Raises
    ------
    DataError
        Naming the file, line and column of the first problem.

    """
    from nq03lib.data import schema as metadata
    from nq03lib.data.csvcheck import read_records

    records, _ = read_records(paths.SOURCES_FILE, metadata.SOURCES)
    return tuple({k: ("" if v is None else str(v)) for k, v in r.items()} for r in records)


def find_source_line(source_id: str) -> int | None:
    """Return the line of ``data/source/sources.csv`` that describes ``source_id``."""
    from nq03lib.data import schema as metadata
    from nq03lib.data.csvcheck import read_records

    records, lines = read_records(paths.SOURCES_FILE, metadata.SOURCES)
    for record, line in zip(records, lines):
        if record["source_id"] == source_id:
            return line
    return None


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


@_cache_by_content
def load_report(source_id: str = "bc124-2021") -> Report:
    """Read, verify and parse one source document (cached until a file changes).

    The text file must exist in ``data/source/``, be UTF-8, match the SHA-256
    recorded in ``sources.csv`` and have the structure :func:`parse_report`
    expects.

    Raises
    ------
    DataError
        Naming the text file (and its line where there is one) or the line
        and column of ``sources.csv`` at fault, and what was expected.

    """
    from nq03lib.data.csvcheck import DataError, decode_text, locate, read_bytes

    record = source_record(source_id)
    path = paths.SOURCE_DIR / record["file"]
    row = locate(paths.SOURCES_FILE, find_source_line(source_id))
    if not path.is_file() and not path.is_dir():
        present = sorted(p.name for p in paths.SOURCE_DIR.glob("*.txt")) if paths.SOURCE_DIR.is_dir() else []
        raise DataError(
            f"{row}, column 'file': no file {record['file']!r} in {paths.SOURCE_DIR} "
            f"(.txt files there: {', '.join(present) or 'none'}); expected the name of "
            f"{source_id}'s text file"
        )
    data = read_bytes(path, f"the text of {source_id} (named in {paths.SOURCES_FILE})")
    text = decode_text(data, path)
    digest = hashlib.sha256(data).hexdigest()
    # the same text with a byte-order mark, CRLF line ends (Windows, git's autocrlf) or NFD
    # (macOS) is the text as received: compare the digest of its plain UTF-8, LF, NFC form too
    plain = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if record["sha256"] not in (digest, plain):
        raise DataError(
            f"{path}: the report text has changed since it was recorded: its SHA-256 is {digest}, "
            f"but {row}, column 'sha256' records {record['sha256']}; expected the text exactly as "
            f"received: restore the original file (e.g. git checkout -- {path.name}); only if the "
            f"new text is a deliberate correction, record its SHA-256 in sources.csv"
        )
    try:
        return parse_report(text, source_id=source_id)
    except SourceError as exc:
        raise DataError(f"{path}: {exc}") from None
