"""Lossless paragraph and sentence segmentation for Indonesian news text.

Every span points into the original string: spans never start or end on
whitespace, never overlap, come in order, and the gaps between them hold only
whitespace.  Joining the spans and the gaps therefore reproduces the input
exactly, which lets callers translate sentence by sentence and re-assemble the
article with its original layout.

Boundaries are only ever placed at whitespace, so a span is always a run of
whole whitespace-separated tokens.  Whether the whitespace after a token ends a
sentence is decided from that token (its final punctuation and the word in
front of it) and from the token that follows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from kabar.core.splitter_words import (
    COMMON_LOWERCASE_WORDS,
    MAY_BE_FINAL,
    NEVER_FINAL,
    SENTENCE_STARTERS,
)


@dataclass(frozen=True)
class Span:
    """A half-open character range ``text[start:end]`` of the original text."""

    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph span together with the sentence spans inside it."""

    span: Span
    sentences: tuple[Span, ...]


# --- character classes -------------------------------------------------------

_TERMINATORS = ".!?…"
_CLOSERS = "\"'”’»›)]}"
_OPENERS = "\"'“‘„«‹([{"
# Punctuation that continues a sentence when it starts the next token
# (" ,", " ...", a spaced ellipsis " . . .").
_CONTINUATION_PUNCTUATION = ",;:.…!?"
_BOUNDARY_TAIL = frozenset(_TERMINATORS + _CLOSERS)

_TOKEN = re.compile(r"\S+")
# str.splitlines() boundaries; "\r\n" first so it counts as one break.
_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
LINE_BREAK = _LINE_BREAK  # public: the engine counts paragraph breaks the same way
_LINE_CONTENT = re.compile(r"\S(?:.*\S)?", re.DOTALL)
# Letter-period-letter abbreviations not listed in splitter_words: "U.S", "a.n", "J.K",
# "M.Kes".  A first part of at most two letters keeps domains such as
# "Kompas.com" out.
_DOTTED_ABBREVIATION = re.compile(r"[^\W\d_]{1,2}(?:\.[^\W\d_]{1,3})+")
_LIST_NUMBER = re.compile(r"\d{1,3}|[^\W\d_]")
# A list number after these is an item marker, not the end of a sentence.
_CLAUSE_ENDINGS = frozenset(_TERMINATORS + ":;")
# A token that is only closing punctuation, e.g. a quote separated by a space.
_LONE_CLOSER = re.compile("[" + re.escape(_CLOSERS) + "]+")


class _Abbreviation(Enum):
    NEVER_FINAL = "never_final"
    MAY_BE_FINAL = "may_be_final"
    INITIAL = "initial"


# --- paragraphs --------------------------------------------------------------


def split_paragraphs(text: str) -> list[Span]:
    """Split *text* into paragraph spans.

    A blank line always separates paragraphs, and so does a single line break,
    because news pages put headlines, captions, datelines and "Baca juga:"
    links on lines of their own.  The exception is hard-wrapped prose: when a
    line does not end in sentence-final punctuation and the next line starts
    with a lower-case letter, the two lines belong to the same paragraph.
    """
    paragraphs: list[Span] = []
    current: Span | None = None
    for line in _content_lines(text):
        if line is None:
            if current is not None:
                paragraphs.append(current)
            current = None
        elif current is not None and _is_soft_wrap(text, current, line):
            current = Span(current.start, line.end)
        else:
            if current is not None:
                paragraphs.append(current)
            current = line
    if current is not None:
        paragraphs.append(current)
    return paragraphs


def _content_lines(text: str) -> Iterator[Span | None]:
    """Yield each line's non-whitespace extent, or None for a blank line."""
    line_start = 0
    for line_break in _LINE_BREAK.finditer(text):
        yield _strip_range(text, line_start, line_break.start())
        line_start = line_break.end()
    yield _strip_range(text, line_start, len(text))


def _strip_range(text: str, start: int, end: int) -> Span | None:
    content = _LINE_CONTENT.search(text, start, end)
    return Span(content.start(), content.end()) if content else None


def _is_soft_wrap(text: str, paragraph: Span, line: Span) -> bool:
    """True when *line* continues the sentence the paragraph left unfinished."""
    if not text[line.start].islower():
        return False
    last = paragraph.end - 1
    while last > paragraph.start and text[last] in _CLOSERS:
        last -= 1
    return text[last] not in _TERMINATORS


# --- sentences ---------------------------------------------------------------


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split ``text[start:end]`` into sentence spans with absolute offsets.

    The range is treated as one block of running text (a paragraph): line
    breaks inside it are ordinary whitespace.  Use :func:`segment` for whole
    articles.  Out-of-range offsets are clamped instead of raising.
    """
    start, end = _clamp_range(len(text), start, end)
    tokens = [match.span() for match in _TOKEN.finditer(text, start, end)]
    sentences: list[Span] = []
    first = 0
    for index in range(len(tokens) - 1):
        if _ends_sentence(text, tokens, index, first):
            sentences.append(Span(tokens[first][0], tokens[index][1]))
            first = index + 1
    if tokens:
        sentences.append(Span(tokens[first][0], tokens[-1][1]))
    return sentences


def segment(text: str) -> list[Paragraph]:
    """Split *text* into paragraphs, each carrying its sentence spans."""
    return [
        Paragraph(span, tuple(split_sentences(text, span.start, span.end)))
        for span in split_paragraphs(text)
    ]


def _clamp_range(length: int, start: int, end: int | None) -> tuple[int, int]:
    start = min(max(start, 0), length)
    end = length if end is None else min(max(end, start), length)
    return start, end


_Tokens = list[tuple[int, int]]


def _token(text: str, tokens: _Tokens, index: int) -> str:
    start, end = tokens[index]
    return text[start:end]


def _ends_sentence(text: str, tokens: _Tokens, index: int, first: int) -> bool:
    """Decide whether a sentence ends after token *index* (not the last one).

    *first* is the index of the first token of the current sentence.
    """
    # Cheap pre-check: only tokens ending in a terminator or closer qualify.
    if text[tokens[index][1] - 1] not in _BOUNDARY_TAIL:
        return False
    if _is_lone_closer(text, tokens, index + 1):
        return False  # the stray closer belongs to this sentence; decide after it
    following = _following_word(text, tokens, index + 1)
    # A stray closer ("... selesai. \"") is judged by the punctuation before it.
    judged = index
    while judged > first and _is_lone_closer(text, tokens, judged):
        judged -= 1
    core = _token(text, tokens, judged).rstrip(_CLOSERS)
    if not core or core[-1] not in _TERMINATORS:
        return False
    word = core.rstrip(_TERMINATORS)
    marks = core[len(word) :]
    if "?" in marks or "!" in marks:
        return not _starts_in_lowercase(following)
    if "…" in marks or len(marks) > 1:
        return _ellipsis_ends_sentence(word, following)
    return _period_ends_sentence(text, tokens, judged, word, following)


def _is_lone_closer(text: str, tokens: _Tokens, index: int) -> bool:
    """True for a token made only of closing quotes/brackets.

    Opening quotes are written against the word they open, so a quote with
    whitespace on both sides is taken to close the text before it.
    """
    return index < len(tokens) and bool(_LONE_CLOSER.fullmatch(_token(text, tokens, index)))


def _following_word(text: str, tokens: _Tokens, index: int) -> str:
    """The next token without opening quotes/brackets (skipping bare openers)."""
    for position in range(index, min(index + 3, len(tokens))):
        word = _token(text, tokens, position).lstrip(_OPENERS)
        if word:
            return word
    return ""


def _starts_in_lowercase(word: str) -> bool:
    return bool(word) and word[0].islower()


def _starts_capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].istitle())


def _ellipsis_ends_sentence(word: str, following: str) -> bool:
    # "[...]" and "(...)" mark an elision inside a quotation.
    if word.endswith(("[", "(")):
        return False
    return _starts_capitalised(following)


def _period_ends_sentence(
    text: str, tokens: _Tokens, index: int, word: str, following: str
) -> bool:
    """Decide a single period after *word* (the token minus its final '.')."""
    if not following or following[0].islower() or following[0] in _CONTINUATION_PUNCTUATION:
        return False
    if word.endswith(tuple(_CLOSERS)):
        # "(1300 M)." or "kebuntuan”.": an abbreviation's period follows it
        # directly, so a period after a closer always ends the sentence.
        return True
    bare_word = word.lstrip(_OPENERS)
    if _is_list_marker(text, tokens, index, bare_word):
        return False
    kind = _abbreviation_kind(bare_word)
    if kind is _Abbreviation.NEVER_FINAL:
        return False
    if kind is _Abbreviation.MAY_BE_FINAL:
        return _starts_capitalised(following) and not _is_abbreviation_token(following)
    if kind is _Abbreviation.INITIAL:
        return _is_sentence_starter(following)
    return True


def _abbreviation_kind(word: str) -> _Abbreviation | None:
    key = word.lower()
    if word.islower() and key in COMMON_LOWERCASE_WORDS:
        return None
    if key in NEVER_FINAL:
        return _Abbreviation.NEVER_FINAL
    if key in MAY_BE_FINAL:
        return _Abbreviation.MAY_BE_FINAL
    if len(word) == 1 and word.isupper():
        return _Abbreviation.INITIAL
    if _DOTTED_ABBREVIATION.fullmatch(word) and not _is_domain(word):
        return _Abbreviation.INITIAL
    return None


def _is_domain(word: str) -> bool:
    """True for host names like "ui.ac.id" (lower-case abbreviations end in one letter)."""
    return word.islower() and len(word.rsplit(".", 1)[-1]) > 1


def _is_abbreviation_token(token: str) -> bool:
    """True for tokens like "Dr.", "H.", "M.Si.," that cannot start a sentence."""
    token = token.rstrip(",;:" + _CLOSERS)
    return token.endswith(".") and _abbreviation_kind(token[:-1]) is not None


def _is_sentence_starter(word: str) -> bool:
    bare = word.rstrip(_TERMINATORS + _CLOSERS + ",;:").lower()
    return _starts_capitalised(word) and bare in SENTENCE_STARTERS


def _is_list_marker(text: str, tokens: _Tokens, index: int, word: str) -> bool:
    """True for "1." or "a." opening the block or following a finished clause."""
    if not _LIST_NUMBER.fullmatch(word):
        return False
    if index == 0:
        return True
    previous = _token(text, tokens, index - 1).rstrip(_CLOSERS)
    return previous[-1:] in _CLAUSE_ENDINGS
