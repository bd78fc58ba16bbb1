"""``.html``/``.htm`` inputs: the visible article text, paragraph by paragraph.

The standard library's ``html.parser`` is fed the file chunk by chunk and reduced by
``kabar.core.reading.html.VisibleText``, the rules every surface reads a page by (block
elements and ``br`` breaks end a paragraph; what a reader does not see is dropped). The
output ``.en.html`` is a plain page with one ``<p>`` (or ``<hN>`` for a heading) per
paragraph; the JSON's spans index the extracted text, paragraphs separated by a blank
line.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kabar.core.atomic import AtomicFile
from kabar.core.errors import InputError
from kabar.core.reading.html import PARAGRAPH_BREAK, VisibleText
from kabar.translate.documents.lifecycle import StreamedTextDocument, Unit, translations_by_block
from kabar.translate.results import ArticleTranslation


@dataclass(frozen=True)
class HtmlUnit(Unit):
    """Paragraphs of the page: ``tags[i]`` is ``p`` or a heading, ``spans[i]`` where
    paragraph i is in ``text``."""

    tags: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()


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
