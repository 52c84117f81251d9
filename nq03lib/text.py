"""Speak two languages one way: the language type, its check, picking a text, templates, numbers.

Every text a user reads exists in Vietnamese (first) and English. The rules:

* :data:`Lang` is the one type of a language code; :func:`check_lang` is the one
  place that checks it, with a clear message.
* A text in both languages is a mapping ``{"vi": ..., "en": ...}`` or a pair
  ``(vi, en)``; :func:`pick` chooses one. Labels of category codes live in the
  schema (:mod:`nq03lib.data.schema`), never in ``if lang == ...`` branches.
* A sentence is one :class:`Template` per language, filled from values computed
  once. Number fields take a format spec: ``{share:pct}`` (a percentage with
  two decimals, ``15,34%`` / ``15.34%``), ``{share:pct1}`` (one decimal),
  ``{count:n}`` (a whole number, ``29.651`` / ``29,651``), ``{x:n2}`` (two
  decimals), ``{d:+n}`` / ``{d:+pct}`` (signed, with a true minus sign).
* Numbers are rounded half up (``0,85`` → ``0,9`` at one decimal), as
  Vietnamese statistical practice does, computed with :class:`decimal.Decimal`
  from the shortest representation of the float, not half to even on the
  binary value.
"""

from __future__ import annotations

import numbers
import re
import string
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, TypeVar

Lang = Literal["vi", "en"]
#: Every language, Vietnamese first (the order of pairs ``(vi, en)``).
LANGS: tuple[Lang, ...] = ("vi", "en")
NAMES = {"vi": "Vietnamese (tiếng Việt)", "en": "English"}
#: The language the report, its quotes and the notebooks' own prose are written in.
SOURCE_LANG: Lang = "vi"

T = TypeVar("T")

#: Thousands and decimal separators per language.
SEPARATORS = {"vi": (".", ","), "en": (",", ".")}
MINUS = "−"  # U+2212, the typographic minus sign


def check_lang(lang: object) -> Lang:
    """Return ``lang`` if it is a language code of :data:`LANGS`, else raise ValueError.

    Raises
    ------
    ValueError
        Naming the value given and the codes allowed.

    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'vi' (Vietnamese) or 'en' (English), got {lang!r}")
    return lang  # type: ignore[return-value]


def other_lang(lang: object) -> Lang:
    """Return the other language of the two (``"vi"`` gives ``"en"``)."""
    lang = check_lang(lang)
    return next(other for other in LANGS if other != lang)


def pick(texts: Mapping[str, T] | Sequence[T], lang: object) -> T:
    """Return the text of ``lang`` from ``{"vi": ..., "en": ...}`` or a pair ``(vi, en)``."""
    code = check_lang(lang)
    if isinstance(texts, Mapping):
        return texts[code]
    return texts[LANGS.index(code)]


def round_half_up(value: float | int | Decimal, decimals: int = 0) -> Decimal:
    """Round ``value`` half up to ``decimals`` places, from its shortest decimal form."""
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, numbers.Integral):  # int, bool and numpy's integers
        d = Decimal(int(value))
    else:
        d = Decimal(repr(float(value)))
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: float | int | Decimal, lang: object = "vi", decimals: int = 0) -> str:
    """Write a number in the language's notation: ``1.234,5`` (vi) or ``1,234.5`` (en).

    Rounds half up (``12,5`` → ``13``); a negative number gets a true minus sign.
    """
    thousands, point = SEPARATORS[check_lang(lang)]
    d = round_half_up(value, decimals)
    sign = MINUS if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups = re.sub(r"(?<=\d)(?=(\d{3})+$)", thousands, whole)
    return sign + groups + (point + frac if decimals > 0 else "")


def format_exact(value: float | int | Decimal, lang: object = "vi") -> str:
    """Write a number in its shortest exact form in the language's notation (``15.34`` → ``15,34``).

    For messages that quote a stored value back to the analyst as the report would print it.
    """
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    d = d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()
    decimals = max(0, -d.as_tuple().exponent)
    return format_number(d, lang, decimals).replace(MINUS, "-")


def format_pct(value: float | int | Decimal, lang: object = "vi", decimals: int = 2) -> str:
    """Write a percentage: ``15,34%`` (vi) or ``15.34%`` (en)."""
    return format_number(value, lang, decimals) + "%"


def format_signed(
    value: float | int | Decimal, lang: object = "vi", decimals: int = 0, pct: bool = False
) -> str:
    """Write a number with its sign: ``+3``, ``−1``, ``±0`` (percentages with ``pct``)."""
    d = round_half_up(value, decimals)
    body = format_number(abs(d), lang, decimals) + ("%" if pct else "")
    return ("±" if d == 0 else "+" if d > 0 else MINUS) + body


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(iso: str, lang: object = "vi") -> str:
    """Write an ISO date ``2021-09-28`` as ``28-9-2021`` (vi, as the report does) or ``28 Sep 2021`` (en)."""
    year, month, day = (int(x) for x in str(iso).split("-"))
    if check_lang(lang) == "vi":
        return f"{day}-{month}-{year}"
    return f"{day} {_MONTHS_EN[month - 1]} {year}"


_FOOTNOTES = re.compile(r"fn(?P<first>\d+)(?:[–-]fn(?P<last>\d+))?")
_SECTIONS = re.compile(r"[IVX]+(?:\.\d+)?(?:[–-][IVX]+(?:\.\d+)?)?")
_PLACES = {
    "footnote": ("chú thích {n}", "footnote {n}"),
    "footnotes": ("chú thích {n}", "footnotes {n}"),
    "section": ("mục {n}", "section {n}"),
    "sections": ("mục {n}", "sections {n}"),
    "intro": ("phần mở đầu", "introduction"),
}


def format_location(location: str, lang: object = "vi") -> str:
    """Write a location code of the report as a reader says it: ``fn14`` → "chú thích 14", ``II.3`` → "mục II.3".

    A list (``"II.2, fn14"``) and ranges (``fn15–fn21``, ``II.2–II.4``) are
    written part by part, naming the kind once for a run of the same kind
    (``"II.2, II.3"`` → "mục II.2, II.3"), and a part in brackets on its own
    (``"fn10 (II.3)"`` → "chú thích 10 (mục II.3)"); anything else is kept as it is.
    """
    code = check_lang(lang)
    if m := re.fullmatch(r"(?P<main>.+?) \((?P<inner>[^()]+)\)", str(location).strip()):
        return f"{format_location(m['main'], code)} ({format_location(m['inner'], code)})"
    runs: list[tuple[str | None, list[str]]] = []
    for token in str(location).split(","):
        token = token.strip()
        if m := _FOOTNOTES.fullmatch(token):
            kind, n = ("footnote", f"{m['first']}–{m['last']}") if m["last"] else ("footnote", m["first"])
        elif _SECTIONS.fullmatch(token):
            kind, n = "section", token
        else:
            kind, n = None, pick(_PLACES["intro"], code) if token == "intro" else token
        if runs and kind is not None and runs[-1][0] == kind:
            runs[-1][1].append(n)
        else:
            runs.append((kind, [n]))
    parts = []
    for kind, items in runs:
        if kind is None:
            parts.extend(items)
            continue
        plural = len(items) > 1 or "–" in items[0]
        template = pick(_PLACES[f"{kind}s" if plural else kind], code)
        parts.append(template.format(n=", ".join(items)))
    return ", ".join(parts)


_SPEC = re.compile(r"(?P<sign>\+)?(?P<kind>pct|n|x)(?P<decimals>\d)?")


class _Formatter(string.Formatter):
    def __init__(self, lang: Lang):
        super().__init__()
        self.lang = lang

    def format_field(self, value, format_spec):
        if isinstance(value, tuple) and len(value) == len(LANGS):  # a (vi, en) pair of texts
            value = pick(value, self.lang)
        m = _SPEC.fullmatch(format_spec)
        if m is None:
            return super().format_field(value, format_spec)
        if m["kind"] == "x":
            return format_exact(value, self.lang)
        pct = m["kind"] == "pct"
        decimals = int(m["decimals"]) if m["decimals"] else (2 if pct else 0)
        if m["sign"]:
            return format_signed(value, self.lang, decimals, pct=pct)
        return format_pct(value, self.lang, decimals) if pct else format_number(value, self.lang, decimals)


class Template:
    """One sentence in both languages, filled from one set of values.

    Examples
    --------
    >>> t = Template(vi="{n:n} đảng viên, chiếm {share:pct}", en="{n:n} members, {share:pct}")
    >>> t.format("vi", n=29651, share=15.338)
    '29.651 đảng viên, chiếm 15,34%'
    >>> t.format("en", n=29651, share=15.338)
    '29,651 members, 15.34%'

    ``{x:x}`` writes a number exactly as stored (``31.1`` → "31,1"), and a
    ``(vi, en)`` pair of texts is filled in the template's language:

    >>> Template(vi="{share:x}% ({what})", en="{share:x}% ({what})").format("vi", share=31.1, what=("nữ", "women"))
    '31,1% (nữ)'

    """

    def __init__(self, vi: str, en: str):
        self.texts = {"vi": vi, "en": en}
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in (vi, en)]
        if fields[0] != fields[1]:
            raise ValueError(f"the two languages of a template use different fields: {fields[0] ^ fields[1]}")
        self.fields = frozenset(fields[0])

    def format(self, lang: object, /, **values) -> str:
        """Return the sentence in ``lang`` with ``values`` filled in."""
        code = check_lang(lang)
        missing = self.fields - set(values)
        if missing:
            raise KeyError(f"template needs values for {', '.join(sorted(missing))}")
        return _Formatter(code).format(self.texts[code], **values)

    def __repr__(self) -> str:
        return f"Template(vi={self.texts['vi']!r}, en={self.texts['en']!r})"


def did_you_mean(value: str, choices: Sequence[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the choice closest to ``value``, or ``""`` if none is close."""
    import difflib

    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


#: The source line under every chart and slide (filled by :func:`nq03lib.data.source.citation`).
CITATION = Template(
    vi="Nguồn: {kind} số {number} ngày {date} của {issuer}",
    en="Source: {kind} No. {number} of {date}, {issuer}",
)
