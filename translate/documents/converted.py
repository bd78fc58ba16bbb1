"""An input written back as *another* kind of document: ``kabar translate-dir --format
docx`` on a folder of ``.txt`` files, ``--format md`` on ``.docx`` files.

The same treatment as ``kabar translate FILE --format docx|html|md`` gives a file of
another kind: the input is read as an article (``kabar.core.reading``: a ``.docx``'s
paragraphs, a page's article text, a ``.txt`` or ``.md`` as text), translated, and the
English article is built from its paragraphs and their roles
(``kabar.translate.documents.export``: the headline as the title, captions as captions,
the brief first under "In brief"). The input's own layout cannot follow into another kind:
an input of the kind asked for is translated in place instead (``open_document``).

The output is named after the input's English name with the kind's extension
(``berita.txt`` -> ``berita.en.txt.docx``), so that ``berita.txt`` and ``berita.md`` in one
folder never write the same file. The input is read whole (a folder job streams only
files written in their own kind).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kabar.core.atomic import atomic_write
from kabar.core.reading.article import read_article
from kabar.translate.documents.brief_lines import brief_notes, brief_texts
from kabar.translate.documents.export import Block, article_blocks
from kabar.translate.documents.lifecycle import Document, Unit
from kabar.translate.documents.registry import DocumentOptions
from kabar.translate.documents.text import text_units
from kabar.translate.results import ArticleTranslation

# How each kind of input is read as an article (``read_article``'s kinds).
_READ_AS = {"docx": "docx", "html": "html"}


class ConvertedDocument(Document[Unit]):
    """An input of kind ``source_kind`` written as a ``options.export`` document."""

    kind = "converted"
    suffixes = ()

    @classmethod
    def output_settings(cls, options: DocumentOptions) -> dict[str, Any]:
        return {"export": options.export, "drop_furniture": options.drop_furniture}

    def __init__(self, *args: Any, source_kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_kind = source_kind
        self._blocks: list[Block] = []

    def units(self) -> Iterator[Unit]:
        article = read_article(
            self.source, name=self.name, max_chars=None, kind=_READ_AS.get(self.source_kind, "text")
        )
        self.details["encoding"] = article.encoding
        for notice in article.notices:
            self.note(notice)
        yield from text_units([article.text], self.options.group_chars)

    def write(self, unit: Unit, article: ArticleTranslation, seconds: float) -> None:
        self._blocks += article_blocks(article, drop_furniture=self.options.drop_furniture)

    def finish(self) -> None:
        from kabar.translate.documents.export import clean_docx, clean_html, clean_markdown

        brief = self.made_brief
        lines = brief_texts(brief)
        notes = brief_notes(brief, verbose=self.options.verbose) if lines else []
        if self.options.export == "docx":
            data = clean_docx(self._blocks, lines, notes)
        elif self.options.export == "html":
            data = clean_html(self._blocks, lines, notes).encode("utf-8")
        else:
            data = clean_markdown(self._blocks, lines, notes).encode("utf-8")
        with atomic_write(
            self.path(self.outputs.english), binary=True, sync_folder=False
        ) as handle:
            handle.write(data)


FORMAT = ConvertedDocument
