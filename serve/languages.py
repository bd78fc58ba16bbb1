"""What kabar translates, said the LibreTranslate way: Indonesian (``id``) to English
(``en``) only, and a cheap language check for ``/detect`` and ``source=auto``.

The check is kabar's own (``quality``: the share of Indonesian function words, ~29% in
Indonesian news, ~0 in English); it tells Indonesian from not-Indonesian, so its two
answers are ``id`` and ``en``.
"""

from __future__ import annotations

from typing import Any

from kabar.serve.errors import ApiError
from kabar.translate.quality import indonesian_word_share, looks_indonesian

SOURCE, TARGET, AUTO = "id", "en", "auto"
NAMES = {SOURCE: "Indonesian", TARGET: "English"}
LANGUAGES: list[dict[str, Any]] = [
    {"code": SOURCE, "name": NAMES[SOURCE], "targets": [TARGET]},
    {"code": TARGET, "name": NAMES[TARGET], "targets": []},
]
# The share of function words at which the check is sure (Indonesian news: ~0.29).
SURE_SHARE = 0.15
WHAT_KABAR_DOES = "kabar translates Indonesian (id) to English (en) only"


def check_pair(source: str, target: str) -> None:
    """400 for any pair but id→en (or auto→en), saying what kabar translates."""
    if target != TARGET:
        raise ApiError(400, f"{target} is not supported: {WHAT_KABAR_DOES}; ask for target en.")
    if source not in (SOURCE, AUTO):
        raise ApiError(
            400, f"{source} is not supported: {WHAT_KABAR_DOES}; send source id or auto."
        )


def detect(text: str) -> list[dict[str, Any]]:
    """``[{"language", "confidence"}]``, most likely first, confidence 0-100."""
    indonesian = indonesian_confidence(text)
    found = [
        {"confidence": indonesian, "language": SOURCE},
        {"confidence": round(100 - indonesian, 1), "language": TARGET},
    ]
    return sorted(found, key=lambda d: -float(d["confidence"]))


def detected_source(text: str) -> dict[str, Any]:
    """``source=auto``: the detected language of a text kabar will translate, or a 400.
    A short text gets the benefit of the doubt, as the CLI gives it."""
    if not looks_indonesian(text):
        best = detect(text)[0]
        raise ApiError(
            400,
            f"{best['language']} is not supported: the text does not look Indonesian; "
            f"{WHAT_KABAR_DOES}. Send source id to translate it anyway.",
        )
    return {"confidence": indonesian_confidence(text), "language": SOURCE}


def indonesian_confidence(text: str) -> float:
    return round(100 * min(1.0, indonesian_word_share(text) / SURE_SHARE), 1)
