"""The ``numbers`` check: every number of the Indonesian source must come through in the
English with the same value, in any correct English form.

A wrong figure is the error a journalist fears most, and the decoding signals (confidence,
loops, length) do not see it: "3.850 km²" -> "1,850 km" reads fluently. So both sides are
read for their *values*, not their strings:

- Indonesian: ``1.500`` = 1500, ``1,5`` = 1.5, ``1,5 juta`` = 1 500 000 (``ribu``, ``juta``,
  ``miliar``/``milyar``, ``triliun``), ``Rp``/``US$``/``%``/``persen`` around a number do not
  change it, times ``12.00``/``19.30`` (``WIB``/``WITA``/``WIT``) are hours, ``4/12/2025`` is
  three numbers, ``ke-3`` is 3, ``1894-1895`` is two.
- English: ``1,500``, ``1.5``, ``1.5 million``, number words ("twenty-five", "a thousand",
  "three million"), ordinals ("3rd", "third"), times ("7:30 p.m." is 19.30 and "12:00 a.m."
  is midnight), month names next to a number ("December 4, 2025" has 12), short year
  ranges ("2010-11" has 2011).

Only the source's digits are required: Indonesian number words ("dua", "salah satu") are
too often not numbers to demand them. Extra English numbers are never flagged (a reference
may add a conversion, "65 km (40 miles)"). Measured on FLORES, TICO-19 and Tatoeba:
docs/checks.md, ``python -m kabar.eval.measure.checks``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kabar.translate.checks.base import CheckResult
from kabar.translate.checks.number_words import (
    ABBREVIATED,
    EN_SCALES,
    ID_SCALES,
    MONTHS,
    ORDINALS,
    ROMAN_VALUES,
    WORD_VALUES,
)

NAME = "numbers"
DESCRIPTION = "a number of the source is missing or changed in the English"

# A number as written: digits, optionally grouped by "." or "," and with decimals. Letters
# may touch it ("Rp1.000", "H5N1", "COVID-19"), other digits or separators may not.
# "Fig.2" is 2, but "1.5" is one number; ".08" after a space is 0.08.
_DIGITS = r"(?:(?<!\d)(?<!\d[.,])\d+(?:[.,]\d+)*|(?<![^\s(])\.\d+)"
# "2:30", "00:24", a race time "4:41.30": one clock or stopwatch reading, not 2 and 30.
_CLOCK = r"(?P<colon>:\d\d)(?:[.,]\d+)?(?!\d)"
_ID_NUMBER = re.compile(
    rf"(?P<num>{_DIGITS})(?:{_CLOCK})?(?:\s*(?P<scale>{'|'.join(ID_SCALES)})(?![a-z]))?",
    re.IGNORECASE,
)
_EN_SCALE_WORDS = "|".join(EN_SCALES)
_EN_NUMBER = re.compile(
    rf"(?P<num>{_DIGITS})(?:{_CLOCK})?(?:st|nd|rd|th|s)?"
    rf"(?:\s*\+?\s*(?P<scale>{_EN_SCALE_WORDS})(?![a-z])|(?P<abbr>bn|tn|m|k)\b)?"
    r"(?:\s*(?P<half>[ap])\.?\s?m\b\.?)?",
    re.IGNORECASE,
)
_EN_TOKEN = re.compile(r"[a-z]+|[^\sa-z-]")
_SHORT_RANGE = re.compile(r"(?<!\d)(?P<first>\d{4})\s*[-–—/]\s*(?P<second>\d{2})(?!\d)")
# "1200 GMT", "0830 hours": a time without its colon, as wire copy writes it.
# "0719 local time" too: a four-digit number with a leading zero is no count or year.
_MILITARY = re.compile(
    r"(?<![\d.,])(?:(?P<hour>[01]\d|2[0-3])(?P<minutes>[0-5]\d)\s*(?:GMT|UTC|hours|hrs)\b"
    r"|(?P<early>0\d)(?P<early_minutes>[0-5]\d)(?![\d.,]))"
)
# "World War II", "Pope John Paul II": capital Roman numerals of two letters or more
# (a lone "I" is the pronoun).
_ROMAN = re.compile(r"\b[IVXLCDM]{2,}\b")
_NOON = re.compile(r"\b(?:noon|midday)\b", re.IGNORECASE)
_MIDNIGHT = re.compile(r"\bmidnight\b", re.IGNORECASE)


# Subscript digits are digits ("CO₂" is CO2); superscripts are a unit's power ("km²"),
# which the English may spell out ("square kilometres"): not numbers of their own.
_SCRIPTS = str.maketrans(
    {**{chr(0x2080 + d): str(d) for d in range(10)}, **{c: " " for c in "⁰¹²³⁴⁵⁶⁷⁸⁹"}}
)


_RANGE_DASH = re.compile(r"\s*(?:[-–—]|hingga|sampai|to)\s*")
_GLUED_LETTERS = re.compile(r"([^\W\d_]+)-?$")


@dataclass(frozen=True)
class Quantity:
    """A number of the source as written (``text``) and the values it may mean."""

    text: str
    values: frozenset[float]


def _reading(number: str, group: str, decimal: str) -> float | None:
    """``number`` read with ``group`` separating thousands and ``decimal`` before the
    fraction; None when it cannot be read so ("12.00" has no thousands group)."""
    whole, _, fraction = number.partition(decimal)
    if fraction and not fraction.isdigit():  # "1,499.99.5": a second mark after the fraction
        return None
    groups = whole.split(group)
    if any(len(g) != 3 for g in groups[1:]):
        return None
    return float("".join(groups) + (f".{fraction}" if fraction else ""))


def _readings(number: str, *, indonesian: bool) -> list[float]:
    """The values of digits with separators, in the language's own reading when it fits
    (Indonesian ``1.500`` = 1500 and ``1,5`` = 1.5; English ``1,500`` and ``1.5``), else the
    other one ("12.00" in Indonesian, a copied "1.500.000" in English). The own decimal
    mark followed by three digits may be the other language's thousands ("1,500" in an
    Indonesian source written English-style, "3.850" copied into English): both are kept."""
    own, other = ((".", ","), (",", ".")) if indonesian else ((",", "."), (".", ","))
    first, second = _reading(number, *own), _reading(number, *other)
    separators = [c for c in number if c in ".,"]
    ambiguous = separators == [own[1]] and len(number.rsplit(own[1], 1)[1]) == 3
    if first is not None and not ambiguous:
        return [first]
    return [v for v in (first, second) if v is not None]


def _in_a_name(text: str, start: int) -> bool:
    """Whether the digits at ``start`` belong to a code name ("COVID-19", "SARS-CoV-2",
    "N95", "CO2"): letters glued to them, other than a currency ("Rp1.000") or an ordinal's
    "ke-". A name's digits are not a quantity, and the English may call it "it" (TICO-19's
    references do, 6 times in 2100 lines)."""
    glued = _GLUED_LETTERS.search(text, max(0, start - 40), start)
    return glued is not None and glued.group(1).lower() not in ("rp", "ke")


def _normalized(text: str) -> str:
    return text.translate(_SCRIPTS)


def source_quantities(text: str) -> list[Quantity]:
    """The numbers of an Indonesian sentence, in order, with the values they may mean."""
    quantities = []
    text = _normalized(text)
    matches = list(_ID_NUMBER.finditer(text))
    for index, match in enumerate(matches):
        if _in_a_name(text, match.start()):
            continue
        number = match.group("num")
        values = _readings(number, indonesian=True)
        if not values:  # "1,2,3,4", "1.2.3": a list or a version, each part a number
            parts = re.split(r"[.,]", number)
            quantities += [Quantity(p, frozenset({float(p)})) for p in parts if p]
            continue
        if match.group("colon") and number.isdigit():
            values = [int(number) + int(match.group("colon")[1:]) / 100]
        scale = match.group("scale")
        if scale:
            values = [v * ID_SCALES[scale.lower()] for v in values]
        elif shared := _range_scale(text, matches, index):  # "4,2-3,9 juta": both millions
            values += [v * ID_SCALES[shared.lower()] for v in values]
        quantities.append(Quantity(match.group(0), frozenset(_rounded(v) for v in values)))
    return quantities


def _range_scale(text: str, matches: list[re.Match[str]], index: int) -> str | None:
    """The scale word of the range's second number when ``matches[index]`` opens a range."""
    if index + 1 >= len(matches):
        return None
    following = matches[index + 1]
    between = text[matches[index].end() : following.start()]
    return following.group("scale") if _RANGE_DASH.fullmatch(between) else None


def english_values(text: str) -> tuple[frozenset[float], tuple[str, ...]]:
    """Every value the English states (digits, words, times, dates, ranges), and the
    numbers as written (digits only), for saying what the English has instead."""
    values: set[float] = set()
    written: list[str] = []
    text = _normalized(text)
    for match in _EN_NUMBER.finditer(text):
        written.append(match.group(0).strip())
        values.update(_english_number(match))
    for match in _SHORT_RANGE.finditer(text):
        first, second = match.group("first"), match.group("second")
        values.add(float(first[:2] + second))  # "2010-11": 2011
    for match in _MILITARY.finditer(text):
        hour, minutes = (
            match.group("hour", "minutes")
            if match.group("hour")
            else match.group("early", "early_minutes")
        )
        values.add(int(hour) + int(minutes) / 100)
    values.update(_roman(m.group(0)) for m in _ROMAN.finditer(text))
    values.update(_word_numbers(text))
    if _NOON.search(text):
        values.add(12.0)
    if _MIDNIGHT.search(text):
        values.update((0.0, 24.0))
    return frozenset(_rounded(v) for v in values), tuple(written)


def _english_number(match: re.Match[str]) -> set[float]:
    number, colon = match.group("num"), match.group("colon")
    scale, half = match.group("scale"), match.group("half")
    if colon:  # "12:00": an hour and minutes; the minutes alone too ("at :30")
        hour, minutes = float(number) if number.isdigit() else -1.0, int(colon[1:])
        hours = _clock(hour, half) if hour >= 0 else set()
        return {h + minutes / 100 for h in hours} | {float(minutes)}
    values = set(_readings(number, indonesian=False))
    if not values:  # a list or a version: each part
        values = {float(p) for p in re.split(r"[.,]", number) if p}
    abbreviated = match.group("abbr")
    if abbreviated:  # "$1.5bn", "5m" (5 million, or 5 metres: both kept)
        return values | {v * ABBREVIATED[abbreviated.lower()] for v in values}
    if scale:
        return {v * EN_SCALES[scale.lower()] for v in values}
    if half and number.isdigit():
        return _clock(float(number), half)
    return values


def _roman(numeral: str) -> float:
    """The value of a Roman numeral ("XIV" = 14); malformed ones still get a value, which
    at worst lets one source number pass."""
    values = [ROMAN_VALUES[c] for c in numeral]
    return float(
        sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    )


def _clock(hour: float, half: str | None) -> set[float]:
    """The 24-hour readings of an hour: "7 p.m." = 19 (or 7, for "pukul 7 malam"),
    "12 a.m." = midnight (0 or 24); with no a.m./p.m., the hour or twelve later."""
    if half is None:
        return {hour, hour + 12} if hour < 12 else {hour}
    if half.lower() == "a":
        return {0.0, 24.0} if hour == 12 else {hour}
    return {12.0} if hour == 12 else {hour, hour + 12}


def _word_numbers(text: str) -> set[float]:
    """Values of English number words ("twenty-five", "a thousand", "two hundred and
    five", "third"), each word's own value too, and month names next to a number. Any
    token but a space, a hyphen or "and" ends a number ("third, twenty" is 3 and 20)."""
    reader = _WordNumber()
    words = [m.group(0) for m in _EN_TOKEN.finditer(text.lower())]
    for index, word in enumerate(words):
        reader.read(word, article=index > 0 and words[index - 1] in ("a", "an"))
    reader.flush()
    return reader.values | _month_numbers(text)


class _WordNumber:
    """A left-to-right reader of number words, collecting every value it completes."""

    def __init__(self) -> None:
        self.values: set[float] = set()
        self.total, self.current, self.last = 0.0, 0.0, ""  # last: "", unit, tens, scale

    def flush(self) -> None:
        if self.last:
            self.values.add(self.total + self.current)
        self.total, self.current, self.last = 0.0, 0.0, ""

    def read(self, word: str, *, article: bool) -> None:
        if word not in WORD_VALUES and word.endswith("s") and word[:-1] in ORDINALS:
            word = word[:-1]  # "two-thirds": a fraction's denominator is its ordinal
        if word in WORD_VALUES:
            value = WORD_VALUES[word]
            kind = "tens" if 20 <= value < 100 and value % 10 == 0 else "unit"
            if not (self.last == "scale" or (self.last == "tens" and value < 10)):
                self.flush()
            self.current += value
            self.values.add(value)
            self.last = kind
            if word in ORDINALS:
                self.flush()  # an ordinal ends the number: "third, twenty" is 3 and 20
        elif word in EN_SCALES and (self.last or article):
            scale = EN_SCALES[word]
            self.current = max(self.current, 1.0) * scale
            if scale >= 1e3:
                self.total, self.current = self.total + self.current, 0.0
            self.last = "scale"
        elif not (word == "and" and self.last):
            self.flush()


def _article_before(words: list[str], index: int) -> bool:
    return index > 0 and words[index - 1] in ("a", "an", "one")


_MONTH_NEAR_NUMBER = re.compile(
    rf"\b(?P<month>{'|'.join(MONTHS)})\b\.?(?=\s+\d)|(?<=\d\s)(?P<after>{'|'.join(MONTHS)})\b",
    re.IGNORECASE,
)


def _month_numbers(text: str) -> set[float]:
    """The month of a date written with its name ("December 4", "4 December 2025")."""
    return {
        MONTHS[(m.group("month") or m.group("after")).lower()]
        for m in _MONTH_NEAR_NUMBER.finditer(text)
    }


def _rounded(value: float) -> float:
    """One float per value, whatever the arithmetic that made it (1.5 * 1e6, 1500000)."""
    return float(f"{value:.9g}")


def check(source: str, translation: str) -> tuple[CheckResult, ...]:
    """One result per source number whose value is not in ``translation``."""
    quantities = source_quantities(source)
    if not quantities:
        return ()
    values, written = english_values(translation)
    kept_written = {w for w in written for q in quantities if english_values(w)[0] & q.values}
    others = [w for w in dict.fromkeys(written) if w not in kept_written]
    results = []
    for quantity in quantities:
        if quantity.values & values:
            continue
        instead = f" (it has {', '.join(others)})" if others else ""
        results.append(CheckResult(NAME, quantity.text, f"not in the English{instead}"))
    return tuple(results)
