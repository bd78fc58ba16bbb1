"""``.html``/``.htm`` inputs: the visible article text, paragraph by paragraph.

The standard library's ``html.parser`` is fed the file chunk by chunk. Block elements
(``p``, ``div``, headings, list items, table cells, ``br`` ...) end a paragraph; the
content of elements a reader does not see as the article (``script``, ``style``, ``nav``,
``aside``, ``footer``, forms, the ``title`` ...) is dropped. The output ``.en.html`` is a
plain page with one ``<p>`` (or ``<hN>`` for a heading) per paragraph; the JSON's spans
index the extracted text, paragraphs separated by a blank line.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from core.atomic import AtomicFile
from core.errors import InputError
from translate.documents.base import StreamedTextDocument, Unit, translations_by_block
from translate.results import ArticleTranslation

HIDDEN_ELEMENTS = frozenset(
    "script style nav noscript template svg math title iframe object canvas "
    "aside footer form button select textarea".split()
)
BLOCK_ELEMENTS = frozenset(
    "address article blockquote br caption dd details dialog div dl dt fieldset "
    "figcaption figure h1 h2 h3 h4 h5 h6 header hr li main ol p pre section summary "
    "table tbody td tfoot th thead tr ul body html".split()
)
HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class HtmlUnit(Unit):
    """Paragraphs of the page: ``tags[i]`` is ``p`` or a heading, ``spans[i]`` where
    paragraph i is in ``text``."""

    tags: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()


class VisibleText(HTMLParser):
    """Collects the visible paragraphs of a page fed in pieces; ``take()`` hands over
    the paragraphs completed so far. A paragraph longer than ``max_chars`` is ended early
    so memory stays bounded."""

    def __init__(self, *, max_chars: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_chars = max_chars
        self._hidden = 0
        self._parts: list[str] = []
        self._size = 0
        self._tag = "p"
        self._done: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        elif tag in BLOCK_ELEMENTS:
            self.end_paragraph()
            if tag in HEADINGS:
                self._tag = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCK_ELEMENTS:
            self.end_paragraph()

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self._parts.append(data)
        self._size += len(data)
        if self._size > self.max_chars:
            self.end_paragraph()

    def end_paragraph(self) -> None:
        text = " ".join("".join(self._parts).split())
        if text:
            self._done.append((self._tag, text))
        self._parts, self._size, self._tag = [], 0, "p"

    def take(self) -> list[tuple[str, str]]:
        done, self._done = self._done, []
        return done


class HtmlDocument(StreamedTextDocument[HtmlUnit]):
    """An HTML page; ``.en.html`` gets its visible text in English."""

    kind = "html"
    suffixes = (".html", ".htm")
    empty_message = "has no visible text to translate."

    def _units_of(self, texts: Iterable[str]) -> Iterator[HtmlUnit]:
        """Paragraph groups of the visible text of the page streamed as ``texts``."""
        parser = VisibleText(max_chars=self.options.group_chars)
        pending: list[tuple[str, str]] = []
        offset = 0
        for chunk in texts:
            parser.feed(chunk)
            pending += parser.take()
            while sum(len(text) for _, text in pending) >= self.options.group_chars:
                unit, pending = self._unit(pending, offset)
                offset += len(unit.text) + len(PARAGRAPH_BREAK)
                yield unit
        parser.close()
        parser.end_paragraph()
        pending += parser.take()
        if pending:
            yield self._unit(pending, offset)[0]

    def _unit(
        self, pending: list[tuple[str, str]], offset: int
    ) -> tuple[HtmlUnit, list[tuple[str, str]]]:
        """A unit of the first paragraphs of ``pending`` (at least one, about
        ``group_chars`` characters), and the paragraphs left over."""
        taken, size = 0, 0
        while taken < len(pending) and (not taken or size < self.options.group_chars):
            size += len(pending[taken][1]) + len(PARAGRAPH_BREAK)
            taken += 1
        spans, position = [], 0
        for _, text in pending[:taken]:
            spans.append((position, position + len(text)))
            position += len(text) + len(PARAGRAPH_BREAK)
        unit = HtmlUnit(
            PARAGRAPH_BREAK.join(text for _, text in pending[:taken]),
            offset,
            PARAGRAPH_BREAK if offset else "",
            tags=tuple(tag for tag, _ in pending[:taken]),
            spans=tuple(spans),
        )
        return unit, pending[taken:]

    def write(self, unit: HtmlUnit, article: ArticleTranslation, seconds: float) -> None:
        if self.out is None:
            self.out = AtomicFile(self.path(self.outputs.english), sync_folder=False)
            title = html.escape(f"{self.source.name} (English)")
            self.out.handle.write(
                '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{title}</title>\n</head>\n<body>\n"
            )
        for tag, english in zip(unit.tags, translations_by_block(unit.spans, article), strict=True):
            self.out.handle.write(f"<{tag}>{html.escape(english, quote=False)}</{tag}>\n")

    def finish(self) -> None:
        if self.out is None:
            raise InputError(f"{self.name}: nothing was translated.")
        self.out.handle.write("</body>\n</html>\n")
        self.out.commit()


FORMAT = HtmlDocument
