"""The summarizer's language decision is kabar's one decision (``kabar.core.language``),
the same that ``kabar translate``, the UI and translate-dir warn by."""

from kabar.core.language import (
    ENGLISH,
    INDONESIAN,
    JAVANESE,
    MALAY,
    NAMES,
    OTHER,
    LanguageGuess,
    detect_language,
    is_other_language,
)

__all__ = [
    "ENGLISH",
    "INDONESIAN",
    "JAVANESE",
    "MALAY",
    "NAMES",
    "OTHER",
    "LanguageGuess",
    "detect_language",
    "is_other_language",
]
