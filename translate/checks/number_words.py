"""The word tables the ``numbers`` check reads numbers with: Indonesian and English
scale words, English number words and ordinals, month names, Roman numeral values."""

from __future__ import annotations

ID_SCALES = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12}
EN_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
ABBREVIATED = {"k": 1e3, "m": 1e6, "bn": 1e9, "tn": 1e12}
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_UNITS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_ORDINAL_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
WORD_VALUES: dict[str, float] = {
    **{w: float(i) for i, w in enumerate(_UNITS)},
    **{w: float(10 * (i + 2)) for i, w in enumerate(_TENS)},
    **{w: float(i) for i, w in enumerate(_ORDINAL_UNITS)},
    **{w: float(10 * (i + 2)) for i, w in enumerate(_ORDINAL_TENS.split())},
    **{w[:-1] + "ies": float(10 * (i + 2)) for i, w in enumerate(_TENS)},  # the nineties
    "dozen": 12.0,
    "hundredth": 100.0,
    "thousandth": 1000.0,
    "millionth": 1e6,
}
ORDINALS = frozenset(
    (*_ORDINAL_UNITS, *_ORDINAL_TENS.split(), "hundredth", "thousandth", "millionth")
)
MONTHS = {
    name: float(number)
    for number, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sept sep",
            "october oct",
            "november nov",
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
