"""English sentence splitting for ``summarize_text`` and the evaluation.

kabar's splitter (``kabar.core.splitter``) is lossless and already knows English forms of
address, initials, "U.S." and "e.g."; English news adds titles it treats as ordinary words
("Gov. Cuomo", "Sen. Warren"), so a sentence ending in one of them is joined to the next.
"""

from __future__ import annotations

import re

from kabar.core.furniture import MARK_START
from kabar.core.splitter import segment

# Titles and short forms that precede a name or number in English news.
_ENGLISH_TITLES = frozenset(
    {
        "gov",
        "sen",
        "rep",
        "gen",
        "col",
        "maj",
        "adm",
        "rev",
        "pres",
        "supt",
        "det",
        "insp",
        "cpl",
        "pvt",
        "cmdr",
        "mt",
        "ft",
        "atty",
        "hon",
        "prof",
        "dept",
        "approx",
    }
)
_WHITESPACE = re.compile(r"\s+")


def split_english(text: str) -> list[str]:
    """The sentences of ``text`` in order, each on one line (inner whitespace collapsed).

    Paragraph breaks always end a sentence. Returns [] for blank text.
    """
    return split_article(text)[0]


def _ends_with_title(sentence: str) -> bool:
    last = sentence.rsplit(" ", 1)[-1]
    return last.endswith(".") and last[:-1].lower() in _ENGLISH_TITLES


def split_article(text: str) -> tuple[list[str], list[int]]:
    """``split_english``'s sentences with each one's paragraph number (for
    ``kabar.core.furniture``: a one-line paragraph without final punctuation is a headline)."""
    sentences: list[str] = []
    paragraphs: list[int] = []
    for number, paragraph in enumerate(segment(text)):
        pending = ""
        for span in paragraph.sentences:
            sentence = _WHITESPACE.sub(" ", text[span.start : span.end])
            pending = f"{pending} {sentence}" if pending else sentence
            if not _ends_with_title(pending):
                # A furniture mark of kabar's text output ("[caption] …") opens a sentence.
                parts = MARK_START.split(pending)
                sentences += parts
                paragraphs += [number] * len(parts)
                pending = ""
        if pending:
            sentences.append(pending)
            paragraphs.append(number)
    return sentences, paragraphs
