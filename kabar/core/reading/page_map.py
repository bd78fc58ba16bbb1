"""Which of a page's own text blocks hold the article that ``page_article`` read.

The extractor (trafilatura) gives back the article's text, not the page's elements: its
output is a new tree, so translating a page in place needs the extraction mapped back
onto the page. ``match_blocks`` does it by text: each extracted paragraph is looked for,
in order, in the page's blocks' text (case and whitespace ignored: the extractor and the
page split and space inline text differently), and a block is the article's when at
least half of its text was found so. A paragraph found nowhere, or mostly in blocks that
are not kept, is *unmatched*: its text is not translated in place, and is counted (see
``python -m kabar.eval.measure.html_article_map``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

_SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class PageMatch:
    """``kept[i]``: block ``i`` is part of the article; ``unmatched``: the indexes of the
    paragraphs whose text is not (mostly) in kept blocks."""

    kept: tuple[bool, ...]
    unmatched: tuple[int, ...]


def match_key(text: str) -> str:
    """``text`` as it is compared: case folded, without whitespace or soft hyphens."""
    return "".join(text.replace(_SOFT_HYPHEN, "").split()).casefold()


def match_blocks(blocks: Sequence[str], paragraphs: Sequence[str]) -> PageMatch:
    """Which of ``blocks`` (the page's text blocks, in document order) hold the extracted
    ``paragraphs`` (in reading order); see the module's description."""
    keys = [match_key(text) for text in blocks]
    starts, position = [], 0
    for key in keys:
        starts.append(position)
        position += len(key)
    page = "".join(keys)
    covered = bytearray(len(page))
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for paragraph in paragraphs:
        wanted = match_key(paragraph)
        # In order first: a short paragraph ("ADVERTISEMENT", "Baca juga") may also be in
        # a menu before the article; then anywhere (a headline from the page's metadata
        # is put first, though the page's <h1> may come after a kicker or a date line).
        found = page.find(wanted, cursor) if wanted else -1
        if found < 0 and wanted:
            found = page.find(wanted)
        elif found >= 0:
            cursor = found + len(wanted)
        if found < 0:
            spans.append(None)
            continue
        spans.append((found, found + len(wanted)))
        covered[found : found + len(wanted)] = b"\1" * len(wanted)
    kept = tuple(
        bool(key) and 2 * covered[start : start + len(key)].count(1) >= len(key)
        for key, start in zip(keys, starts, strict=True)
    )
    in_kept = bytearray(len(page))
    for key, start, keep in zip(keys, starts, kept, strict=True):
        if keep:
            in_kept[start : start + len(key)] = b"\1" * len(key)
    unmatched = tuple(
        index
        for index, span in enumerate(spans)
        if match_key(paragraphs[index])
        and (span is None or 2 * in_kept[span[0] : span[1]].count(1) < span[1] - span[0])
    )
    return PageMatch(kept, unmatched)
