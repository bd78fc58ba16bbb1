"""Is an article Indonesian or English? Decided by counting each language's function words.

Function words ("yang", "dan", "di" / "the", "and", "of") make up a third of running text
in either language and almost never occur in the other, so their counts separate the two
on a single sentence and are not fooled by shared names, numbers or loanwords.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

INDONESIAN = "id"
ENGLISH = "en"
NAMES = {INDONESIAN: "Indonesian", ENGLISH: "English"}

_WORD = re.compile(r"[^\W\d_]+")
_INDONESIAN = frozenset(
    """yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga atau
    oleh karena sebagai bahwa ada telah sudah saat bisa dapat lebih para ia dia mereka
    kami kita saya tersebut seperti menjadi namun tetapi jika setelah hingga sejak kata
    ujar belum sangat secara kepada terhadap sementara selain bahkan tentang menurut
    mengatakan agar serta masih harus lalu pun nya""".split()
)
_ENGLISH = frozenset(
    """the and of to in is that was for on with as are by at from it his her has have had
    be been were which who this their an will would said after not but they he she its
    or about than more into also over when there what while""".split()
)


@dataclass(frozen=True)
class LanguageGuess:
    """The language found, and the evidence (function-word hits of each language)."""

    code: str
    indonesian_words: int
    english_words: int

    @property
    def name(self) -> str:
        return NAMES[self.code]


def detect_language(sentences: Sequence[str]) -> LanguageGuess:
    """Indonesian or English, whichever language's function words are more frequent.

    A tie (no function word of either, e.g. a list of names) counts as English, kabar's
    output language: the English path is the one that works on any text.
    """
    indonesian = english = 0
    for sentence in sentences:
        for word in _WORD.findall(sentence.lower()):
            indonesian += word in _INDONESIAN
            english += word in _ENGLISH
    code = INDONESIAN if indonesian > english else ENGLISH
    return LanguageGuess(code, indonesian, english)
