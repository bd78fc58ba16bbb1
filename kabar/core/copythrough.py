"""Text that must not be translated, only copied.

A line of only web addresses, e-mail addresses, @handles, #hashtags, numbers and amounts
("Rp45.000", "12,5%", "2-1"), punctuation ("---", "* * *") or emoji has nothing for a
translation model to do, and a model may rewrite it anyway (a URL "corrected", a price
reformatted, an emoji dropped). Such a sentence or table cell is copied through unchanged
and said to be copied. Pure functions, no model.
"""

from __future__ import annotations

import re
import unicodedata

_URL = r"(?:https?://|www\.)[^\s<>\"']+"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_HANDLE = r"(?<![\w@])@\w{1,30}"
_HASHTAG = r"(?<![\w#])#\w+"
# An amount: a currency or unit sign glued to a number ("Rp45.000", "US$3", "Rp 1,6").
_AMOUNT = r"(?:Rp\.?|US\$|S\$|\$|€|£|¥)\s?\d[\d.,]*"
_COPIED = re.compile("|".join((_URL, _EMAIL, _AMOUNT, _HANDLE, _HASHTAG)), re.IGNORECASE)


def is_copy_only(text: str) -> bool:
    """True when ``text`` has something in it and nothing to translate: only URLs, e-mail
    addresses, @handles, #hashtags, numbers and amounts, punctuation, symbols or emoji."""
    rest = _COPIED.sub(" ", text)
    if not text.strip():
        return False
    return not any(unicodedata.category(char).startswith("L") for char in rest)
