"""Split an over-long sentence into pieces the model can take, never cutting text away.

Pieces are spans of the sentence: joined with the whitespace between them they give the
sentence back. Cuts go at the strongest clause boundary nearest the middle (semicolons and
colons, then commas and dashes, then before conjunctions), then at any space, and only as
a last resort inside a run of characters with no space at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kabar.core.splitter import Span

TokenCounter = Callable[[Sequence[str]], list[int]]

# Cut *after* these, strongest first. Each pattern's end is the cut position.
_BOUNDARY_LEVELS: tuple[re.Pattern[str], ...] = (
    re.compile(r"[;:](?=\s)"),
    re.compile(r"[,)\]](?=\s)|\s[–—-]{1,2}(?=\s)"),
    # Before a conjunction that usually opens a clause: the cut is the space before it.
    re.compile(
        r"(?<=\S)(?=\s+(?:dan|tetapi|namun|sedangkan|sehingga|karena|serta|atau|bahwa|"
        r"ketika|setelah|sebelum|sementara|meskipun|walaupun|agar|supaya|yang|untuk|"
        r"dengan|di|ke|dari|pada|dalam)\b)",
        re.IGNORECASE,
    ),
    re.compile(r"(?<=\S)(?=\s)"),
)


def split_long(text: str, count_tokens: TokenCounter, limit: int) -> list[Span]:
    """Split ``text`` into spans of at most ``limit`` tokens each (by ``count_tokens``).

    Returns one span covering the stripped text when it already fits. Spans are ordered,
    non-overlapping, non-empty and separated only by whitespace.
    """
    if limit < 1:
        raise ValueError("limit must be >= 1")
    start, end = _strip(text, 0, len(text))
    if start >= end:
        return []
    return _split(text, start, end, count_tokens, limit)


def _split(text: str, start: int, end: int, count: TokenCounter, limit: int) -> list[Span]:
    if count([text[start:end]])[0] <= limit or end - start <= 1:
        return [Span(start, end)]
    cut = _best_cut(text, start, end)
    left = _strip(text, start, cut)
    right = _strip(text, cut, end)
    pieces: list[Span] = []
    for piece_start, piece_end in (left, right):
        if piece_start < piece_end:
            pieces.extend(_split(text, piece_start, piece_end, count, limit))
    return pieces


def _best_cut(text: str, start: int, end: int) -> int:
    """The cut position inside (start, end): strongest boundary level, nearest the middle."""
    middle = (start + end) / 2
    window = text[start:end]
    for pattern in _BOUNDARY_LEVELS:
        cuts = [start + m.end() for m in pattern.finditer(window)]
        cuts = [c for c in cuts if start < c < end and text[start:c].strip()]
        if cuts:
            return min(cuts, key=lambda c: (abs(c - middle), c))
    # No whitespace at all (a pasted blob): a hard window in the middle.
    return start + (end - start) // 2


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
