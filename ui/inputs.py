"""What the UI accepts as an article: pasted text or an uploaded .txt / .md / .docx file.

The same safety as ``core.reading.decode`` (the CLI's input reader): binary data and unknown
encodings are refused with what to do, empty input is refused, and input over the size
limit is refused, never truncated. Everything here raises ``InputError``; the UI turns it
into a ``gr.Error``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from core.blank import is_blank
from core.errors import InputError
from core.reading.decode import TextInput, decode_text

# The UI translates one request at a time on one model: a limit well above a long news
# article (the seeds are 2-3k characters) keeps one visitor from holding the queue for
# many minutes. `kabar translate` (default 200,000) is the tool for bigger jobs.
DEFAULT_UI_MAX_CHARS = 50_000
# An upload is read into memory before its characters can be counted.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A .docx is a ZIP: refuse archives that would inflate past this (a "zip bomb").
MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md")
UPLOAD_SUFFIXES = (*TEXT_SUFFIXES, ".docx")


def check_article(text: str | None, *, max_chars: int = DEFAULT_UI_MAX_CHARS) -> str:
    """The pasted article, unchanged, or InputError when it is empty or over ``max_chars``."""
    text = text or ""
    if is_blank(text):
        raise InputError("The article is empty: paste an Indonesian article or upload a file.")
    if len(text) > max_chars:
        raise InputError(
            f"The article has {len(text):,} characters, over the limit of {max_chars:,}. "
            "Translate it in parts, or use `kabar translate FILE` for long documents."
        )
    return text


def read_upload(path: str | Path, *, max_chars: int = DEFAULT_UI_MAX_CHARS) -> TextInput:
    """Read an uploaded .txt, .md (UTF-8, UTF-16 with BOM or Windows-1252) or .docx file.

    Raises InputError for another file type, a file over MAX_UPLOAD_BYTES, binary content
    in a text file, a damaged .docx, an empty document, or more than ``max_chars``.
    """
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(
            f"{name}: unsupported file type. Upload one of: {', '.join(UPLOAD_SUFFIXES)}."
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}.") from None
    if size > MAX_UPLOAD_BYTES:
        raise InputError(
            f"{name} is {size / 1024 / 1024:.1f} MB, over the upload limit of "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB."
        )
    notices: tuple[str, ...] = ()
    if suffix == ".docx":
        text, encoding = _read_docx(path), "docx"
    else:
        text, encoding, notices = decode_text(path.read_bytes(), name=name)
    if is_blank(text):
        raise InputError(f"{name} is empty: it has no visible text.")
    if len(text) > max_chars:
        raise InputError(
            f"{name} has {len(text):,} characters, over the limit of {max_chars:,}. "
            "Split it into smaller files, or use `kabar translate FILE` for long documents."
        )
    return TextInput(text=text, name=name, encoding=encoding, notices=notices)


def _read_docx(path: Path) -> str:
    """The document's paragraphs in order, one per line; table cells become paragraphs
    too, so no text is lost."""
    name = path.name
    _check_docx_archive(path)
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = Document(str(path))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines += _table_lines(block)
            else:
                lines.append(block.text)
    # lxml's XMLSyntaxError is a SyntaxError; a part missing from the package is a KeyError.
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError, zipfile.BadZipFile):
        raise InputError(
            f"{name} is not a readable Word document. Open it in Word or LibreOffice and "
            "save it again as .docx, or save the article as plain text (.txt)."
        ) from None
    return "\n".join(line.strip() for line in lines if line.strip())


def _table_lines(table: Any) -> list[str]:
    """Each cell's paragraphs, row by row; a merged cell (repeated by python-docx in
    every row and column it spans) only once."""
    seen: set[Any] = set()  # the cells' XML elements: held here, so lxml reuses them
    lines: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            if cell._tc not in seen:
                seen.add(cell._tc)
                lines += [p.text for p in cell.paragraphs]
    return lines


def _check_docx_archive(path: Path) -> None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InputError(
            f"{name} is not a Word document (.docx is a ZIP package). If it is an old .doc "
            "or another format, save it as .docx or plain text (.txt)."
        ) from None
    if sum(entry.file_size for entry in entries) > MAX_DOCX_UNPACKED_BYTES:
        raise InputError(
            f"{name} unpacks to more than {MAX_DOCX_UNPACKED_BYTES // 1024 // 1024} MB; "
            "save the article as plain text (.txt) instead."
        )
    if not any(entry.filename == "word/document.xml" for entry in entries):
        raise InputError(f"{name} is a ZIP file but not a Word document (no word/document.xml).")
