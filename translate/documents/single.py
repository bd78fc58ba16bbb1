"""One document translated in its own format, outside a folder job: ``kabar translate
berita.docx --format docx -o berita.en.docx`` and the UI's document downloads. The same
Document classes as ``translate-dir`` do the work, so a file gets the same treatment on
every surface."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from kabar.core.errors import InputError
from kabar.core.language import is_other_language
from kabar.translate.assembly import OTHER_LANGUAGE_NOTICE
from kabar.translate.documents.registry import EXPORTS, DocumentOptions, Outputs, format_of

if TYPE_CHECKING:
    from kabar.translate.documents.lifecycle import BriefMaker, Document
    from kabar.translate.engine import Progress, Translator
    from kabar.translate.glossary import Glossary

# ``--format`` name -> the document kind that writes it.
DOCUMENT_FORMATS = {name: kind for name, (kind, _) in EXPORTS.items()}
# How much of a document's text decides whether it looks Indonesian (the folder job's
# sample too): enough for the check, bounded for a long file.
LANGUAGE_SAMPLE_CHARS = 20_000


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
    document = _open(document_class, source, output, name, options, brief)
    sample: list[str] = []
    sampled = 0
    try:
        for unit in document.units():
            if sampled < LANGUAGE_SAMPLE_CHARS:
                sample.append(unit.text)
                sampled += len(unit.text)
            began = time.perf_counter()
            article = translator.translate_article(unit.text, progress=progress, glossary=glossary)
            document.receive(unit, article, time.perf_counter() - began)
        document.commit()
    except BaseException:
        document.abort()
        raise
    # Decided once on the document's text, as `kabar translate` decides on a text input
    # (a unit alone, a heading or an English quote, would say little of the whole).
    if is_other_language("\n\n".join(sample)):
        document.note(OTHER_LANGUAGE_NOTICE)
    return document


def translate_files(
    translator: Translator,
    files: Sequence[tuple[type[Document[Any]], Path, Path, str]],
    *,
    options: DocumentOptions | None = None,
) -> list[Document[Any]]:
    """Several files, each ``(document_class, source, output, name)``, translated as
    ``translate_file`` translates one, but with the units of all of them in one
    ``translate_articles`` call, so that the engine batches their sentences together (the
    API's list of HTML items). Returns the finished documents; when it raises, none is
    left half-written."""
    documents = [_open(*file, options, None) for file in files]
    try:
        units = [(document, unit) for document in documents for unit in document.units()]
        began = time.perf_counter()
        articles = translator.translate_articles([unit.text for _, unit in units])
        seconds = (time.perf_counter() - began) / max(1, len(units))
        for (document, unit), article in zip(units, articles, strict=True):
            document.receive(unit, article, seconds)
        for document in documents:
            document.commit()
    except BaseException:
        for document in documents:
            document.abort()
        raise
    return documents


def _open(
    document_class: type[Document[Any]],
    source: Path,
    output: Path,
    name: str,
    options: DocumentOptions | None,
    brief: BriefMaker | None,
) -> Document[Any]:
    """The document that reads ``source`` and writes ``output`` alone."""
    return document_class(
        source,
        name,
        output.parent,
        Outputs(PurePosixPath(output.name)),
        options or DocumentOptions(),
        brief=brief,
    )
