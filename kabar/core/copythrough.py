"""Text that must not be translated, only copied.

A line of only web addresses, e-mail addresses, @handles, #hashtags, numbers and amounts
("Rp45.000", "12,5%", "2-1"), punctuation ("---", "* * *") or emoji has nothing for a
translation model to do, and a model may rewrite it anyway (a URL "corrected", a price
reformatted, an emoji dropped). Such a sentence or table cell is copied through unchanged
and said to be copied. Inside a sentence, a URL or e-mail address is sent to the model
as a placeholder and put back exactly as it was (``protect``/``restore``). Pure
functions, no model.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kabar.core.blank import is_blank

_URL = r"(?:https?://|www\.)[^\s<>\"']+"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_HANDLE = r"(?<![\w@])@\w{1,30}"
_HASHTAG = r"(?<![\w#])#\w+"
# An amount: a currency or unit sign glued to a number ("Rp45.000", "US$3", "Rp 1,6").
_AMOUNT = r"(?:Rp\.?|US\$|S\$|\$|€|£|¥)\s?\d[\d.,]*"
_COPIED = re.compile("|".join((_URL, _EMAIL, _AMOUNT, _HANDLE, _HASHTAG)), re.IGNORECASE)
# A word of 3+ ASCII letters between spaces survives _COPIED: an address, handle or hashtag
# has no space and needs ":", ".", "@" or "#", and an amount can take only a final "Rp" of
# it. Most sentences have one near their start, so the full scan (a fifth of a millisecond
# a sentence, most of it the e-mail pattern retried at every letter) is for the rest.
_PLAIN_WORD = re.compile(r"(?<!\S)[A-Za-z]{3,}(?!\S)")


def is_copy_only(text: str) -> bool:
    """True when ``text`` has something in it and nothing to translate: only URLs, e-mail
    addresses, @handles, #hashtags, numbers and amounts, punctuation, symbols or emoji."""
    if is_blank(text) or _PLAIN_WORD.search(text):
        return False  # blank: nothing, flagged empty; a plain word: something to translate
    rest = _COPIED.sub(" ", text)
    return not any(unicodedata.category(char).startswith("L") for char in rest)


# Inside a sentence, each URL and e-mail address goes to the model as a placeholder it
# copies (a bare tag of capitals and a number) and is put back after: a model may
# "correct" or translate the words of an address, never a placeholder's.
_ADDRESS = re.compile(f"{_URL}|{_EMAIL}", re.IGNORECASE)
_TRAILING = ".,;:!?)]}\"'”’"  # sentence punctuation after an address is not part of it
_PLACEHOLDER = re.compile(r"\b(?:URL|EMAIL)\d+\b")


@dataclass(frozen=True)
class Protected:
    """A sentence as the model gets it: ``text`` with each address in ``addresses``
    replaced by its placeholder (``placeholders[i]`` for ``addresses[i]``)."""

    text: str
    placeholders: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()


def protect(text: str) -> Protected:
    """``text`` with its URLs and e-mail addresses replaced by placeholders (unchanged when
    it has none, is copied whole, or already contains a placeholder-like word)."""
    if is_copy_only(text) or _PLACEHOLDER.search(text):
        return Protected(text)
    placeholders: list[str] = []
    addresses: list[str] = []

    def swap(match: re.Match[str]) -> str:
        address = match.group(0)
        kept = address.rstrip(_TRAILING) or address
        kind = "EMAIL" if "@" in kept and "://" not in kept else "URL"
        placeholders.append(f"{kind}{len(placeholders) + 1}")
        addresses.append(kept)
        return placeholders[-1] + address[len(kept) :]

    masked = _ADDRESS.sub(swap, text)
    return Protected(masked, tuple(placeholders), tuple(addresses))


def restore(translation: str, protected: Protected) -> str:
    """The model's ``translation`` with each placeholder given back its address, exactly
    as it was. An address whose placeholder the model dropped or repeated is never lost:
    it is put back once, at the end of the sentence (its placeholders removed)."""
    for placeholder, address in zip(protected.placeholders, protected.addresses, strict=True):
        around = re.split(rf"\b{placeholder}\b", translation)
        if len(around) == 2:
            translation = address.join(around)
        else:
            translation = re.sub(rf"\s*\b{placeholder}\b", "", translation)
            translation = f"{translation.rstrip()} {address}".strip()
    return translation
