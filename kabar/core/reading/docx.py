"""Word documents as articles: the guarded open and the paragraphs in document order.

Every paragraph counts, wherever it is: the body, table cells, tables nested in cells
(a merged cell once, not once per grid column it spans). Headers, footers, footnotes and
text boxes are not the article. python-docx is imported only when a document is opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from kabar.core.errors import InputError
from kabar.core.reading.archive import check_archive

if TYPE_CHECKING:
    from docx.document import Document as DocxFile
    from docx.table import Table
    from docx.text.paragraph import Paragraph

MAIN_PART = "word/document.xml"


def open_docx(path: Path | BinaryIO, *, name: str) -> DocxFile:
    """The document at ``path`` (a file or its open bytes), after the archive guard.
    Raises InputError, saying what to do, for a file that is not a ZIP package, a zip
    bomb, or a damaged document."""
    check_archive(path, name=name, required=(MAIN_PART,))
    import docx

    try:
        return docx.Document(str(path) if isinstance(path, Path) else path)
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}.") from None
    except Exception as error:  # python-docx and lxml raise many kinds for a damaged package
        raise InputError(
            f"{name} is not a readable Word document ({type(error).__name__}: {error}). "
            "Open and save it again in Word or LibreOffice, or save the article as plain "
            "text (.txt)."
        ) from None


def iter_paragraphs(container: DocxFile | Any) -> Iterator[Paragraph]:
    """Paragraphs of a document (or a table cell) in document order, those in tables and
    nested tables included, a merged cell once."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            yield from _table_paragraphs(item)
        else:
            yield item


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    seen: set[Any] = set()  # the cells' XML elements (kept alive, so identity holds)
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell is listed once per grid column
                continue
            seen.add(cell._tc)
            yield from iter_paragraphs(cell)


def paragraph_text(paragraph: Paragraph) -> str:
    """The paragraph's text, runs of whitespace (tabs, line breaks) as one space."""
    return " ".join(paragraph.text.split())


def docx_paragraphs(path: Path | BinaryIO, *, name: str) -> list[str]:
    """The non-empty paragraphs of the document at ``path`` (see ``open_docx``)."""
    document = open_docx(path, name=name)
    return [text for p in iter_paragraphs(document) if (text := paragraph_text(p))]
