"""The formats the folder job reads, what it writes for each, and how a file is opened.

Kinds and outputs (``berita.txt`` -> ``berita.en.txt``, ``.en`` before the extension):
``.txt``/``.md`` English text, paragraph breaks kept; ``.html``/``.htm`` a simple English
HTML page of the visible text (``kabar.translate.documents.html``); ``.docx`` the same document
with each paragraph's text translated (``kabar.translate.documents.docx``); ``.jsonl`` one line
``{"id", "translation"}`` per record. With ``json=True`` every kind but ``.jsonl`` also gets
``<English name>.json``, the sentence-aligned JSON of ``kabar translate --format json``;
with ``brief=True``, ``<English name>.brief.txt`` and a ``"brief"`` in that JSON. A
``.jsonl`` corpus carries both in its lines instead. With ``export`` (translate-dir
``--format docx|html|md``) every input but a corpus is written as that kind: in place when
it is of that kind, else as a new document built from the English article
(``kabar.translate.documents.converted``, named ``berita.en.txt.docx``).
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from kabar.core.errors import InputError, OptionsError

if TYPE_CHECKING:
    from kabar.translate.documents.lifecycle import BriefMaker, Document

# The format modules; each declares ``FORMAT``, its Document class, whose ``suffixes`` say
# which files it reads. A new format is one module and one line here.
FORMAT_MODULES = (
    "kabar.translate.documents.text",
    "kabar.translate.documents.markdown",
    "kabar.translate.documents.html",
    "kabar.translate.documents.docx",
    "kabar.translate.documents.jsonl",
)
# Writes an input as another kind (``--format docx|html|md`` in a folder job).
CONVERTER_MODULE = "kabar.translate.documents.converted"
# ``--format`` name of a document kind -> (the Document kind that reads it, its suffix).
EXPORTS = {"docx": ("docx", ".docx"), "html": ("html", ".html"), "md": ("markdown", ".md")}


@dataclass(frozen=True, kw_only=True)
class DocumentOptions:
    """What the documents write and how they cut their input.

    json: also write the sentence-aligned JSON.
    brief: also write an English brief (made by the folder job's ``BriefMaker``).
    text_field, id_field: the keys of a ``.jsonl`` record's text and id.
    group_chars: the size of the paragraph groups a long document is cut into.
    json_in_records: with ``json``, a ``.jsonl`` record also carries the sentence-aligned
        JSON's fields (translate-dir's explicit ``--format json``; its default gives a
        corpus its records and their translations only).
    marks: the English text keeps the role marks ("[caption] ..."), for round trips.
    drop_furniture: the English text leaves news furniture out (all but the headline).
    export: write every input but a ``.jsonl`` corpus as this kind (a key of ``EXPORTS``;
        None: each in its own kind).
    verbose: the ``.brief.txt`` also has the brief's technical notes (the JSON always has).
    whole_page: a whole web page translated in place has all its visible text translated,
        not only its article (``--whole-page``).
    """

    json: bool = False
    brief: bool = False
    text_field: str = "text"
    id_field: str = "id"
    group_chars: int = 16_000
    json_in_records: bool = True
    marks: bool = False
    drop_furniture: bool = False
    verbose: bool = False
    export: str | None = None
    whole_page: bool = False

    def __post_init__(self) -> None:
        if self.export is not None and self.export not in EXPORTS:
            raise OptionsError(f"cannot write {self.export!r}; choose {', '.join(EXPORTS)}.")
        if not self.text_field or not self.id_field:
            raise OptionsError("--text-field and --id-field must not be empty.")
        if self.group_chars < 100:
            raise OptionsError(f"group_chars must be >= 100, not {self.group_chars}.")


@functools.cache
def formats() -> dict[str, type[Document[Any]]]:
    """Suffix (lower case, with the dot) -> the Document class that reads it. The format
    modules are imported on first use, not when this package is."""
    registry: dict[str, type[Document[Any]]] = {}
    for module in FORMAT_MODULES:
        document: type[Document[Any]] = importlib.import_module(module).FORMAT
        for suffix in document.suffixes:
            registry[suffix] = document
    return registry


def input_suffixes() -> tuple[str, ...]:
    """Every suffix the folder job translates, e.g. for help texts."""
    return tuple(formats())


def format_of(name: str) -> type[Document[Any]] | None:
    """The Document class for a file name, or None for files the folder job does not
    translate."""
    return formats().get(PurePosixPath(name).suffix.lower())


def input_kind(name: str) -> str | None:
    """The kind of input a file name denotes (``text``, ``html``, ``docx``, ``jsonl``),
    or None for files the folder job does not translate."""
    document = format_of(name)
    return document.kind if document is not None else None


@dataclass(frozen=True)
class Outputs:
    """A document's output files, relative to the output folder (None: not written)."""

    english: PurePosixPath
    json: PurePosixPath | None = None
    brief: PurePosixPath | None = None

    @property
    def names(self) -> tuple[PurePosixPath, ...]:
        return tuple(n for n in (self.english, self.json, self.brief) if n is not None)


def converts(document: type[Document[Any]] | None, options: DocumentOptions) -> bool:
    """Whether an input read by ``document`` is written as another kind (``export``)."""
    return (
        document is not None
        and options.export is not None
        and document.kind not in (EXPORTS[options.export][0], "jsonl")
    )


def writer_of(name: str, options: DocumentOptions) -> type[Document[Any]] | None:
    """The Document class that writes the outputs of the file ``name``."""
    document = format_of(name)
    return _converter() if converts(document, options) else document


def output_names(rel: PurePosixPath, options: DocumentOptions) -> Outputs:
    """The outputs of input ``rel`` (in the same relative folder): ``berita.en.txt``, and
    ``berita.en.txt.json`` / ``berita.en.txt.brief.txt`` when asked for (a ``.jsonl``
    corpus has them in its lines instead); ``berita.en.txt.docx`` (and its JSON, brief)
    when written as another kind."""
    english = rel.with_name(f"{rel.stem}.en{rel.suffix}")
    document = format_of(rel.name)
    if options.export is not None and converts(document, options):
        english = english.with_name(english.name + EXPORTS[options.export][1])
    if document is not None and not document.writes_extras:
        return Outputs(english)
    return Outputs(
        english,
        english.with_name(english.name + ".json") if options.json else None,
        english.with_name(english.name + ".brief.txt") if options.brief else None,
    )


def open_document(
    source: Path,
    *,
    name: str,
    out_dir: Path,
    options: DocumentOptions,
    brief: BriefMaker | None = None,
) -> Document[Any]:
    """The reader/writer for ``source`` by its kind; outputs as ``output_names`` says,
    under ``out_dir``. ``brief`` makes the briefs when ``options.brief``."""
    document = format_of(source.name)
    if document is None:
        kinds = ", ".join(input_suffixes())
        raise InputError(f"{name} is not an input kind kabar translates ({kinds}).")
    outputs = output_names(PurePosixPath(name), options)
    if converts(document, options):
        converter: Any = _converter()  # its __init__ also takes the input's kind
        return converter(  # type: ignore[no-any-return]
            source, name, out_dir, outputs, options, brief=brief, source_kind=document.kind
        )
    return document(source, name, out_dir, outputs, options, brief=brief)


def _converter() -> type[Document[Any]]:
    """The Document class writing an input as another kind (by name, as the formats are:
    it is a Document, whose module imports this one)."""
    converter: type[Document[Any]] = importlib.import_module(CONVERTER_MODULE).FORMAT
    return converter


def every_output_name(rel: PurePosixPath) -> tuple[PurePosixPath, ...]:
    """Every name kabar may give an output of ``rel``, whatever the options."""
    names: list[PurePosixPath] = []
    for export in (None, *EXPORTS):
        options = DocumentOptions(json=True, brief=True, export=export)
        names += output_names(rel, options).names
    return tuple(dict.fromkeys(names))
