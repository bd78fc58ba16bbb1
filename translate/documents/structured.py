"""Documents translated in their own format (``.docx``, ``.html``, ``.md``): the file is
parsed into *blocks* (a paragraph, a heading, a table cell, a title, an ``alt`` text),
each block's text is translated as one paragraph of the article, and each English sentence
is put back where its source was.

A block's text is made of *slots* (a run of a Word paragraph, a text node of a page, a
text token of Markdown), each with its own formatting. A sentence lying wholly inside one
slot takes that slot's formatting (a bold sentence stays bold, a link that is a whole
sentence stays a link); a sentence crossing slots takes the block's default (``None``):
formatting inside a sentence cannot follow a translation word for word. Nothing is lost
or doubled: every sentence of the source is placed exactly once, in order.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import IO, Any, ClassVar

from kabar.core.atomic import atomic_write
from kabar.core.errors import InputError
from kabar.translate.documents.lifecycle import Document, Unit
from kabar.translate.results import ArticleTranslation

PARAGRAPH_BREAK = "\n\n"
_WHITESPACE = re.compile(r"(\s+)")


def collapse(raws: Sequence[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text of slots whose raw texts are ``raws``, each whitespace run one space, no
    space at either end; and each slot's span of that text."""
    text = ""
    spans = []
    for raw in raws:
        start = len(text)
        for part in _WHITESPACE.split(raw):
            if not part:
                continue
            if part.isspace():
                if text and not text.endswith(" "):
                    text += " "
            else:
                text += part
        spans.append((start, len(text)))
    if text.endswith(" "):
        text = text[:-1]
    return text, tuple((min(s, len(text)), min(e, len(text))) for s, e in spans)


@dataclass(frozen=True)
class Placed:
    """English put in a slot (None: the block's default), from ``start:end`` of the
    block's text."""

    slot: int | None
    english: str
    start: int
    end: int


def place(
    spans: Sequence[tuple[int, int]],
    sentences: Sequence[tuple[int, int, str]],
    *,
    join_crossing: bool = True,
) -> list[Placed]:
    """Where each English sentence goes, for ``sentences`` given as ``(start, end,
    english)`` spans of the block's text: the slot the sentence lies wholly inside, or None
    when it crosses slots. Consecutive sentences of the same slot are joined by a space;
    crossing ones too unless not ``join_crossing`` (a page places each by its own inline
    elements)."""
    placed: list[Placed] = []
    for start, end, english in sentences:
        if not english:
            continue
        inside = [i for i, (s, e) in enumerate(spans) if s <= start and end <= e and s < e]
        slot = inside[0] if inside else None
        if placed and placed[-1].slot == slot and (slot is not None or join_crossing):
            last = placed[-1]
            placed[-1] = Placed(slot, last.english + " " + english, last.start, end)
        else:
            placed.append(Placed(slot, english, start, end))
    return placed


class Block:
    """One translatable piece of a document: ``text`` made of slots (``spans``)."""

    # Whether ``put`` takes consecutive crossing sentences joined (``place``).
    join_crossing: ClassVar[bool] = True
    # Whether the document's brief may take its sentences (not a page's <meta> summary).
    in_brief: bool = True

    def __init__(self, raws: Sequence[str]) -> None:
        self.text, self.spans = collapse(raws)

    @abstractmethod
    def put(self, placed: Sequence[Placed]) -> None:
        """Write the English (``place``'s result) into the document."""


@dataclass(frozen=True)
class BlockUnit(Unit):
    """Blocks of the document: ``blocks[i]`` is at ``spans[i]`` of ``text``."""

    blocks: tuple[Block, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()


def block_sentences(
    spans: Sequence[tuple[int, int]], article: ArticleTranslation
) -> list[list[tuple[int, int, str]]]:
    """The sentences of each block (``spans`` of the unit's text, in order), as
    ``(start, end, english)`` relative to the block: every sentence of ``article`` in
    exactly one block, the one its paragraph starts in."""
    out: list[list[tuple[int, int, str]]] = [[] for _ in spans]
    index = 0
    for paragraph in article.paragraphs:
        while index < len(spans) - 1 and paragraph.start >= spans[index + 1][0]:
            index += 1
        base = spans[index][0]
        out[index] += [(s.start - base, s.end - base, s.translation) for s in paragraph.sentences]
    return out


def with_gaps(text: str, sentences: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``sentences`` with the text between them that is not in any sentence (a bullet
    sign, a stray symbol) copied as it is, so that nothing of the block is lost."""
    out: list[tuple[int, int, str]] = []
    position = 0
    for start, end, english in [*sentences, (len(text), len(text), "")]:
        gap = text[position:start]
        if gap.strip():
            lead = len(gap) - len(gap.lstrip())
            out.append((position + lead, position + len(gap.rstrip()), gap.strip()))
        if end > start:
            out.append((start, end, english))
        position = max(position, end)
    return out


class StructuredDocument(Document[BlockUnit]):
    """A document parsed whole (``load``), its blocks translated in groups of about
    ``group_chars`` characters, and saved in its own format (``save``)."""

    count_name: ClassVar[str] = "blocks"  # what the run report counts

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loaded = False

    @abstractmethod
    def load(self) -> list[Block]:
        """Parse the input; its blocks in reading order (InputError when unreadable)."""

    @abstractmethod
    def save(self, handle: IO[bytes]) -> None:
        """Write the translated document."""

    def units(self) -> Iterator[BlockUnit]:
        blocks = [block for block in self.load() if block.text]
        self._loaded = True
        self.details[self.count_name] = len(blocks)
        if not blocks:
            raise InputError(f"{self.name} has no text to translate.")
        group: list[Block] = []
        size, offset = 0, 0
        for block in blocks:
            group.append(block)
            size += len(block.text) + len(PARAGRAPH_BREAK)
            if size >= self.options.group_chars:
                unit = _unit(group, offset)
                offset += len(unit.text) + len(PARAGRAPH_BREAK)
                group, size = [], 0
                yield unit
        if group:
            yield _unit(group, offset)

    def briefed(self, unit: BlockUnit, article: ArticleTranslation) -> ArticleTranslation:
        if all(block.in_brief for block in unit.blocks):
            return article
        index, kept = 0, []
        for paragraph in article.paragraphs:  # each in the block it starts in
            while index < len(unit.spans) - 1 and paragraph.start >= unit.spans[index + 1][0]:
                index += 1
            if unit.blocks[index].in_brief:
                kept.append(paragraph)
        return replace(article, paragraphs=tuple(kept))

    def write(self, unit: BlockUnit, article: ArticleTranslation, seconds: float) -> None:
        for block, sentences in zip(unit.blocks, block_sentences(unit.spans, article), strict=True):
            if sentences:  # else nothing of it was translatable: it stays as it was
                placed = place(
                    block.spans,
                    with_gaps(block.text, sentences),
                    join_crossing=block.join_crossing,
                )
                block.put(placed)

    def finish(self) -> None:
        if not self._loaded:
            raise InputError(f"{self.name}: nothing was translated.")
        with atomic_write(
            self.path(self.outputs.english), binary=True, sync_folder=False
        ) as handle:
            self.save(handle)


def _unit(group: list[Block], offset: int) -> BlockUnit:
    spans, position = [], 0
    for block in group:
        spans.append((position, position + len(block.text)))
        position += len(block.text) + len(PARAGRAPH_BREAK)
    return BlockUnit(
        PARAGRAPH_BREAK.join(block.text for block in group),
        offset,
        PARAGRAPH_BREAK if offset else "",
        blocks=tuple(group),
        spans=tuple(spans),
    )
