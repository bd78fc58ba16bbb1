"""What kabar translates, said the LibreTranslate way: Indonesian (``id``) to English
(``en``) only, and a cheap language check for ``/detect`` and ``source=auto``.

The decision is the one every surface uses (``kabar.core.language``: function words of
Indonesian, English and Javanese, and the Malay spellings of words the two languages spell
apart), so ``/detect`` names Malay (``ms``) and Javanese (``jv``) too, and ``source=auto``
refuses exactly what ``kabar translate`` warns about. The confidence is the share of
Indonesian function words against how sure the check is (~29% in Indonesian news).
"""

from __future__ import annotations

from typing import Any

from kabar.core.language import JAVANESE, MALAY, detect_language, is_other_language
from kabar.serve.errors import ApiError
from kabar.translate.quality import indonesian_word_share

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
    found: list[dict[str, Any]] = [
        {"confidence": indonesian, "language": SOURCE},
        {"confidence": round(100 - indonesian, 1), "language": TARGET},
    ]
    guess = detect_language([text])
    if guess.code == MALAY:  # the share of the words the two spell apart in Malay form
        share = guess.malay_forms / max(1, guess.malay_forms + guess.indonesian_forms)
    elif guess.code == JAVANESE:  # the share of Javanese among the function words
        words = guess.javanese_words + guess.indonesian_words + guess.english_words
        share = guess.javanese_words / max(1, words)
    else:
        return sorted(found, key=lambda d: -float(d["confidence"]))
    # Indonesian and English are as likely as the other language is not: Malay shares
    # Indonesian's function words, so their share alone would say 100 for both.
    other = round(100 * share, 1)
    rest = [{**d, "confidence": min(d["confidence"], round(100 - other, 1))} for d in found]
    return [{"confidence": other, "language": guess.code}, *rest]


def detected_source(text: str) -> dict[str, Any]:
    """``source=auto``: the detected language of a text kabar will translate, or a 400.
    The CLI's decision: a short text with no function word (a headline) gets the benefit
    of the doubt; Malay, Javanese and English are refused."""
    if is_other_language(text):
        best = detect(text)[0]
        raise ApiError(
            400,
            f"{best['language']} is not supported: the text does not look Indonesian; "
            f"{WHAT_KABAR_DOES}. Send source id to translate it anyway.",
        )
    return {"confidence": indonesian_confidence(text), "language": SOURCE}


def indonesian_confidence(text: str) -> float:
    return round(100 * min(1.0, indonesian_word_share(text) / SURE_SHARE), 1)
