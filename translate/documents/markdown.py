"""``.md`` inputs: Markdown back as Markdown, parsed with markdown-it-py (CommonMark, with
tables and strikethrough).

Only the inline content of headings, paragraphs, list items, block quotes and table cells
is translated; it is spliced back into the source lines where it was, so every other byte
(list markers, quote marks, table rules, code blocks, HTML blocks, link definitions,
front matter) is kept as written. A sentence wholly inside emphasis or a link keeps it
(the URL as the parser read it); in a sentence that crosses them, inline code and links
are put around their text when the translation kept that text as it was, and are
otherwise copied unchanged after the sentence: code is never translated, a link never
lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from kabar.core.errors import InputError
from kabar.core.reading.decode import decode_text, read_file_bytes
from kabar.translate.documents.structured import Block, Placed, StructuredDocument

# Characters that would start Markdown syntax inside a line, and at the start of a block.
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]<>|~])")
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s)|[-+=](?=\s)|\d+(?=[.)]\s))")
_OPENERS = {"em_open": "em", "strong_open": "strong", "s_open": "s", "link_open": "link"}


def escape(text: str, *, at_start: bool = False) -> str:
    """``text`` as literal Markdown text."""
    text = _INLINE_SYNTAX.sub(r"\\\1", text)
    if at_start:
        match = _BLOCK_START.match(text)
        if match:
            end = match.end()
            text = text[:end] + "\\" + text[end:] if text[:1].isdigit() else "\\" + text
    return text


@dataclass(frozen=True)
class Mark:
    """An inline container: ``kind`` em, strong, s, link or code; its Markdown."""

    kind: str
    markup: str = ""
    href: str = ""
    title: str = ""

    def wrap(self, inner: str) -> str:
        if self.kind == "link":
            title = f' "{self.title}"' if self.title else ""
            return (
                f"[{inner}](<{self.href}>{title})"
                if " " in self.href
                else (f"[{inner}]({self.href}{title})")
            )
        return f"{self.markup}{inner}{self.markup}"


@dataclass(frozen=True)
class Kept:
    """Inline markup kept as it is: code, a link, an image, inline HTML; ``text`` is what
    of it the block's text has (empty for images and HTML), at ``start:end``."""

    source: str
    text: str
    start: int
    end: int
    mark: Mark | None = None


class MarkdownBlock(Block):
    """The inline content of one heading, paragraph or table cell."""

    def __init__(self, token: Any) -> None:
        self.token = token
        self.english: str | None = None
        raws: list[str] = []
        self.chains: list[tuple[Mark, ...]] = []
        stack: list[Mark] = []
        pending: list[tuple[str, int, Mark | None]] = []  # markup not in the text, at slot
        link_slots: list[int] = []
        for child in token.children or ():
            kind = child.type
            if kind in _OPENERS:
                attrs = child.attrs
                stack.append(
                    Mark(
                        _OPENERS[kind],
                        child.markup,
                        str(attrs.get("href", "")),
                        str(attrs.get("title", "")),
                    )
                )
                if kind == "link_open":
                    link_slots.append(len(raws))
            elif kind.endswith("_close") and stack:
                mark = stack.pop()
                if mark.kind == "link" and link_slots:
                    pending.append(("", link_slots.pop(), mark))
            elif kind == "text":
                raws.append(child.content)
                self.chains.append(tuple(stack))
            elif kind == "code_inline":
                raws.append(child.content)
                self.chains.append((*stack, Mark("code", child.markup)))
            elif kind in ("softbreak", "hardbreak"):
                raws.append(" ")
                self.chains.append(())
            else:  # image, html_inline: copied as they are
                pending.append((_source_of(child), len(raws), None))
        super().__init__(raws)
        self.kept = self._kept(pending)

    def _kept(self, pending: list[tuple[str, int, Mark | None]]) -> list[Kept]:
        kept = []
        for index, chain in enumerate(self.chains):
            code = chain[-1] if chain and chain[-1].kind == "code" else None
            if code is not None:
                s, e = self.spans[index]
                kept.append(Kept(code.wrap(self.text[s:e]), self.text[s:e], s, e, code))
        for source, slot, mark in pending:
            if mark is None:
                at = self.spans[slot][0] if slot < len(self.spans) else len(self.text)
                kept.append(Kept(source, "", at, at))
                continue
            # A link: its text is the slots since it opened, up to the next ones.
            starts = [self.spans[i][0] for i in range(slot, len(self.spans))]
            start = starts[0] if starts else len(self.text)
            end = max(
                (self.spans[i][1] for i in range(slot, len(self.spans)) if mark in self.chains[i]),
                default=start,
            )
            text = self.text[start:end]
            kept.append(Kept(mark.wrap(escape(text)), text, start, end, mark))
        return sorted(kept, key=lambda k: (k.start, k.end))

    def put(self, placed: Sequence[Placed]) -> None:
        parts = []
        used: set[int] = set()
        for number, item in enumerate(placed):
            english = escape(item.english, at_start=not number)
            if item.slot is not None:
                chain = self.chains[item.slot]
                if chain and chain[-1].kind == "code":  # code is never translated
                    english = chain[-1].wrap(self.text[item.start : item.end])
                    chain = chain[:-1]
                for mark in reversed(chain):
                    english = mark.wrap(english)
                used.update(i for i, k in enumerate(self.kept) if item.start <= k.start < item.end)
            else:
                english = self._with_kept(english, item, used)
            parts.append(english)
        leftover = [k.source for i, k in enumerate(self.kept) if i not in used]
        self.english = " ".join(parts + leftover)

    def _with_kept(self, english: str, item: Placed, used: set[int]) -> str:
        """A crossing sentence's English with the code and links of its source: around
        their text where the translation kept it, else copied after it."""
        for index, kept in enumerate(self.kept):
            if index in used or not (item.start <= kept.start < item.end):
                continue
            used.add(index)
            found = escape(kept.text) if kept.text else ""
            if found and found in english and kept.mark is not None:
                inner = kept.text if kept.mark.kind == "code" else found
                english = english.replace(found, kept.mark.wrap(inner), 1)
            else:
                english += " " + kept.source
        return english


def _source_of(token: Any) -> str:
    if token.type == "image":
        alt = "".join(c.content for c in token.children or ())
        title = token.attrs.get("title")
        return f"![{alt}]({token.attrs.get('src', '')}" + (f' "{title}")' if title else ")")
    return str(token.content)


class MarkdownDocument(StructuredDocument):
    """A Markdown file; ``.en.md`` is the same file with its text in English."""

    kind = "markdown"
    suffixes = (".md", ".markdown")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._source = ""
        self._blocks: list[MarkdownBlock] = []

    def load(self) -> list[Block]:
        from markdown_it import MarkdownIt

        self._source, encoding, notices = decode_text(
            read_file_bytes(self.source, name=self.name), name=self.name
        )
        self.details["encoding"] = encoding
        for notice in notices:
            self.note(notice)
        if not self._source.strip():
            raise InputError(f"{self.name} is empty: it has no visible text.")
        parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        self._blocks = [
            MarkdownBlock(token)
            for token in parser.parse(self._source)
            if token.type == "inline" and token.map is not None
        ]
        return list(self._blocks)

    def save(self, handle: IO[bytes]) -> None:
        text, missed = splice(self._source, self._blocks)
        if missed:
            self.note(f"{missed} Markdown block(s) could not be put back and stay in Indonesian")
        handle.write(text.encode("utf-8"))


def splice(source: str, blocks: Sequence[MarkdownBlock]) -> tuple[str, int]:
    """``source`` with each translated block's inline content replaced by its English,
    in the lines it was read from; and how many blocks could not be found there."""
    newline = "\r\n" if "\r\n" in source else "\n"
    lines = source.replace("\r\n", "\n").split("\n")
    edits: list[tuple[int, int, int, int, str]] = []
    cursor: dict[int, int] = {}
    missed = 0
    for block in blocks:
        if block.english is None:
            continue
        first_line = block.token.map[0]
        content = block.token.content.split("\n")
        last_line = first_line + len(content) - 1
        if last_line >= len(lines):
            missed += 1
            continue
        start = lines[first_line].find(content[0], cursor.get(first_line, 0))
        end = lines[last_line].find(content[-1]) if last_line > first_line else start
        if start < 0 or end < 0:
            missed += 1
            continue
        end += len(content[-1])
        cursor[first_line] = end if last_line == first_line else len(lines[first_line])
        edits.append((first_line, start, last_line, end, block.english))
    for first_line, start, last_line, end, english in reversed(edits):
        lines[first_line] = lines[first_line][:start] + english + lines[last_line][end:]
        del lines[first_line + 1 : last_line + 1]
    return newline.join(lines), missed


FORMAT = MarkdownDocument
