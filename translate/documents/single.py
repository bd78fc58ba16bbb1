"""One document translated in its own format, outside a folder job: ``kabar translate
berita.docx --format docx -o berita.en.docx`` and the UI's document downloads. The same
Document classes as ``translate-dir`` do the work, so a file gets the same treatment on
every surface."""

from __future__ import annotations

import time
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from kabar.core.errors import InputError
from kabar.translate.documents.registry import EXPORTS, DocumentOptions, Outputs, format_of

if TYPE_CHECKING:
    from kabar.translate.documents.lifecycle import BriefMaker, Document
    from kabar.translate.engine import Progress, Translator
    from kabar.translate.glossary import Glossary

# ``--format`` name -> the document kind that writes it.
DOCUMENT_FORMATS = {name: kind for name, (kind, _) in EXPORTS.items()}


def check_format(source: Path, fmt: str, *, name: str) -> type[Document[Any]]:
    """The Document class that translates ``source`` into format ``fmt``; InputError,
    saying what to do, when ``source`` is not a file of that format."""
    document_class = format_of(source.name)
    if document_class is None or document_class.kind != DOCUMENT_FORMATS.get(fmt):
        suffix = Path(source.name).suffix or "(no extension)"
        raise InputError(
            f"--format {fmt} writes a {fmt} file back from a {fmt} file, and {name} is "
            f"{suffix}. Give a .{fmt} file, or use --format text, markdown or json."
        )
    return document_class


def translate_document(
    translator: Translator,
    source: Path,
    output: Path,
    *,
    fmt: str,
    name: str | None = None,
    options: DocumentOptions | None = None,
    progress: Progress | None = None,
    glossary: Glossary | None = None,
) -> Document[Any]:
    """Translate the file ``source`` into ``output``, in its own format ``fmt`` (a key of
    ``DOCUMENT_FORMATS``). Returns the finished document (its ``tally``, ``notices``).
    ``glossary``: this call's terms instead of the translator's (the UI's upload).
    Raises InputError when ``source`` is not of that format or cannot be read; nothing is
    written then."""
    name = name or source.name
    document_class = check_format(source, fmt, name=name)
    return translate_file(
        translator,
        document_class,
        source,
        output,
        name=name,
        options=options,
        progress=progress,
        glossary=glossary,
    )


def translate_file(
    translator: Translator,
    document_class: type[Document[Any]],
    source: Path,
    output: Path,
    *,
    name: str,
    options: DocumentOptions | None = None,
    brief: BriefMaker | None = None,
    progress: Progress | None = None,
    glossary: Glossary | None = None,
) -> Document[Any]:
    """Translate ``source`` with ``document_class`` (its format's reader and writer) into
    ``output`` alone (no JSON or brief file beside it: a ``.jsonl`` corpus carries them
    in its records, made by ``brief`` when ``options.brief``). Returns the finished
    document; nothing is written when it raises. ``glossary``: as translate_document's."""
    document = document_class(
        source,
        name,
        output.parent,
        Outputs(PurePosixPath(output.name)),
        options or DocumentOptions(),
        brief=brief,
    )
    try:
        for unit in document.units():
            began = time.perf_counter()
            article = translator.translate_article(unit.text, progress=progress, glossary=glossary)
            document.receive(unit, article, time.perf_counter() - began)
        document.commit()
    except BaseException:
        document.abort()
        raise
    return document
