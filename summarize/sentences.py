"""English sentence splitting for ``summarize_text`` and the evaluation.

kabar's splitter (``core.splitter``) is lossless and already knows English forms of
address, initials, "U.S." and "e.g."; English news adds titles it treats as ordinary words
("Gov. Cuomo", "Sen. Warren"), so a sentence ending in one of them is joined to the next.
"""

from __future__ import annotations

import re

from core.splitter import segment

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
    sentences: list[str] = []
    for paragraph in segment(text):
        pending = ""
        for span in paragraph.sentences:
            sentence = _WHITESPACE.sub(" ", text[span.start : span.end])
            pending = f"{pending} {sentence}" if pending else sentence
            if not _ends_with_title(pending):
                sentences.append(pending)
                pending = ""
        if pending:
            sentences.append(pending)
    return sentences


def _ends_with_title(sentence: str) -> bool:
    last = sentence.rsplit(" ", 1)[-1]
    return last.endswith(".") and last[:-1].lower() in _ENGLISH_TITLES
