"""``.docx`` inputs: every paragraph (body, tables and nested tables, in document order,
as ``kabar.core.reading.docx`` finds them behind its zip-bomb guard) translated in place, so
``.en.docx`` keeps the styles, tables and images of the original.

python-docx reads a whole document into memory (there is no streaming reader for the
format); the units it is translated in are still paragraph groups of bounded size. Each
paragraph's English goes into its first text run, which keeps that run's formatting;
the other runs' text, tabs and line breaks are removed (formatting inside a paragraph
cannot follow a translation word for word). Headers, footers, footnotes and text boxes
are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kabar.core.atomic import atomic_write
from kabar.core.errors import InputError
from kabar.core.reading.docx import iter_paragraphs, open_docx, paragraph_text
from kabar.translate.documents.lifecycle import Document, Unit, translations_by_block
from kabar.translate.results import ArticleTranslation

if TYPE_CHECKING:
    from docx.document import Document as DocxFile
    from docx.text.paragraph import Paragraph

PARAGRAPH_BREAK = "\n\n"
_TEXT = "./w:r/w:t | ./w:hyperlink/w:r/w:t"
_LAYOUT = "./w:r/w:tab | ./w:r/w:br | ./w:r/w:cr | ./w:r/w:ptab | ./w:hyperlink/w:r/w:tab"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True)
class DocxUnit(Unit):
    """Paragraphs of the document: ``paragraphs[i]`` is at ``spans[i]`` of ``text``."""

    paragraphs: tuple[Paragraph, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()


class DocxDocument(Document[DocxUnit]):
    """A Word document; ``.en.docx`` is the same document with English paragraphs."""

    kind = "docx"
    suffixes = (".docx",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._docx: DocxFile | None = None

    def units(self) -> Iterator[DocxUnit]:
        self._docx = open_docx(self.source, name=self.name)
        group: list[tuple[Paragraph, str]] = []
        size, offset, count = 0, 0, 0
        for paragraph in iter_paragraphs(self._docx):
            text = paragraph_text(paragraph)
            if not text:
                continue
            group.append((paragraph, text))
            size += len(text) + len(PARAGRAPH_BREAK)
            count += 1
            if size >= self.options.group_chars:
                unit = _unit(group, offset)
                offset += len(unit.text) + len(PARAGRAPH_BREAK)
                group, size = [], 0
                yield unit
        self.details["paragraphs"] = count
        if group:
            yield _unit(group, offset)
        elif not count:
            raise InputError(f"{self.name} has no text to translate.")

    def write(self, unit: DocxUnit, article: ArticleTranslation, seconds: float) -> None:
        englishes = translations_by_block(unit.spans, article)
        for paragraph, english in zip(unit.paragraphs, englishes, strict=True):
            if english:
                _replace_text(paragraph, english)

    def finish(self) -> None:
        if self._docx is None:
            raise InputError(f"{self.name}: nothing was translated.")
        with atomic_write(
            self.path(self.outputs.english), binary=True, sync_folder=False
        ) as handle:
            self._docx.save(handle)
        self._docx = None

    def drop(self) -> None:
        self._docx = None


def _unit(group: list[tuple[Paragraph, str]], offset: int) -> DocxUnit:
    spans, position = [], 0
    for _, text in group:
        spans.append((position, position + len(text)))
        position += len(text) + len(PARAGRAPH_BREAK)
    return DocxUnit(
        PARAGRAPH_BREAK.join(text for _, text in group),
        offset,
        PARAGRAPH_BREAK if offset else "",
        paragraphs=tuple(p for p, _ in group),
        spans=tuple(spans),
    )


def _replace_text(paragraph: Paragraph, english: str) -> None:
    """Put ``english`` in the paragraph's first text node; empty the others."""
    nodes = paragraph._p.xpath(_TEXT)
    if not nodes:
        return
    for element in paragraph._p.xpath(_LAYOUT):
        element.getparent().remove(element)
    nodes[0].text = english
    nodes[0].set(_XML_SPACE, "preserve")
    for node in nodes[1:]:
        node.text = ""


FORMAT = DocxDocument
