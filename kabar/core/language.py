"""Is an article Indonesian, English or neither? Decided by counting each language's
function words.

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
OTHER = "other"
NAMES = {INDONESIAN: "Indonesian", ENGLISH: "English", OTHER: "neither Indonesian nor English"}
# Running text of this many words without a single function word of either language is
# another language (Javanese "Aku arep lunga menyang pasar karo ibuku", German, ...); a
# shorter run may be a list of names or a headline.
_WORDS_OF_OTHER = 8

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

    No function word of either in ``_WORDS_OF_OTHER`` words or more is another language
    (``OTHER``); any other tie (a list of names) counts as English, kabar's output
    language: the English path is the one that works on any text, and ``OTHER`` takes it
    too. Malay shares Indonesian's function words and is taken for Indonesian.
    """
    indonesian = english = words = 0
    for sentence in sentences:
        for word in _WORD.findall(sentence.lower()):
            words += 1
            indonesian += word in _INDONESIAN
            english += word in _ENGLISH
    if indonesian == english == 0 and words >= _WORDS_OF_OTHER:
        return LanguageGuess(OTHER, 0, 0)
    code = INDONESIAN if indonesian > english else ENGLISH
    return LanguageGuess(code, indonesian, english)


def is_other_language(text: str) -> bool:
    """Whether ``text`` is evidently not Indonesian: English function words outnumber
    Indonesian ones, or a long run has neither. A short text without either (a headline,
    a list of names) gets the benefit of the doubt."""
    guess = detect_language([text])
    return guess.code == OTHER or (guess.code == ENGLISH and guess.english_words > 0)
