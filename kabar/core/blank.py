"""What counts as "no text": the one rule every surface uses to refuse empty input.

Whitespace alone is not enough: a paste of zero-width spaces, joiners, a BOM or soft
hyphens (Unicode format characters, category Cf) or control characters looks empty on
screen too, and the model would give an empty translation of it.
"""

from __future__ import annotations

import unicodedata

_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc"})


def is_blank(text: str) -> bool:
    """True when ``text`` has no visible character: only whitespace, format characters
    (zero-width space/joiners, BOM, soft hyphen, ...) and control characters."""
    return all(
        char.isspace() or unicodedata.category(char) in _INVISIBLE_CATEGORIES for char in text
    )
