"""The inputs of the folder job, one reader/writer per kind, all streamed.

A document is read as a sequence of *units*, each translated as one article: a small
file is one unit; a large text file is cut into paragraph groups of about
``group_chars`` characters, so memory stays bounded whatever the file's size; a
``.jsonl`` corpus gives one unit per record. The folder job batches units of many
documents together and hands each result back to its document, in order; the document
writes its outputs incrementally to temporary files and renames them into place only on
``commit()`` (``kabar.core.atomic``).

Kinds and outputs (``berita.txt`` -> ``berita.en.txt``, ``.en`` before the extension):
``.txt``/``.md`` English text, paragraph breaks kept; ``.html``/``.htm`` a simple English
HTML page of the visible text (``kabar.translate.documents.html``); ``.docx`` the same document
with each paragraph's text translated (``kabar.translate.documents.docx``); ``.jsonl`` one line
``{"id", "translation"}`` per record. With ``json=True`` every kind but ``.jsonl`` also gets
``<English name>.json``, the sentence-aligned JSON of ``kabar translate --format json``;
with ``brief=True``, ``<English name>.brief.txt`` and a ``"brief"`` in that JSON. A
``.jsonl`` corpus carries both in its lines instead.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar, Generic, TypeVar

from kabar.core.atomic import AtomicFile, atomic_write
from kabar.core.errors import InputError, OptionsError
from kabar.core.reading.decode import (
    FileEncoding,
    StreamDecoder,
    detect_file_encoding,
    iter_file_text,
)
from kabar.core.splitter import segment
from kabar.translate.briefing import BriefRows, brief_rows
from kabar.translate.results import ArticleTranslation, EngineInfo, article_totals

# The format modules; each declares ``FORMAT``, its Document class, whose ``suffixes`` say
# which files it reads. A new format is one module and one line here.
FORMAT_MODULES = (
    "kabar.translate.documents.text",
    "kabar.translate.documents.html",
    "kabar.translate.documents.docx",
    "kabar.translate.documents.jsonl",
)
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, kw_only=True)
class DocumentOptions:
    """What the documents write and how they cut their input.

    json: also write the sentence-aligned JSON.
    brief: also write an English brief (made by the folder job's ``BriefMaker``).
    text_field, id_field: the keys of a ``.jsonl`` record's text and id.
    group_chars: the size of the paragraph groups a long document is cut into.
    """

    json: bool = False
    brief: bool = False
    text_field: str = "text"
    id_field: str = "id"
    group_chars: int = 16_000

    def __post_init__(self) -> None:
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


def output_names(rel: PurePosixPath, options: DocumentOptions) -> Outputs:
    """The outputs of input ``rel`` (in the same relative folder): ``berita.en.txt``, and
    ``berita.en.txt.json`` / ``berita.en.txt.brief.txt`` when asked for (a ``.jsonl``
    corpus has them in its lines instead)."""
    english = rel.with_name(f"{rel.stem}.en{rel.suffix}")
    document = format_of(rel.name)
    if document is not None and not document.writes_extras:
        return Outputs(english)
    return Outputs(
        english,
        english.with_name(english.name + ".json") if options.json else None,
        english.with_name(english.name + ".brief.txt") if options.brief else None,
    )


@dataclass(frozen=True)
class Unit:
    """A piece of a document translated as one article.

    offset: where ``text`` starts in the document's text (for the JSON's spans).
    separator: what joins this unit's English to the previous unit's (``""`` for the
        first unit; ``"\\n\\n"``/``"\\n"`` at a paragraph break; ``" "`` or ``""`` when an
        over-long paragraph had to be cut).
    """

    text: str
    offset: int = 0
    separator: str = ""


class Tally:
    """Running figures of one document: sentences, confidence, flags, seconds, and the
    sentences to check (``to_check``: ``SentenceToCheck.to_dict()`` with the sentence's
    index in the whole document; ``flags``: how many sentences raised each flag)."""

    def __init__(self) -> None:
        self.sentences = 0
        self.flagged = 0
        self.seconds = 0.0
        self.worst: float | None = None
        self._confidence_sum = 0.0
        self.flags: dict[str, int] = {}
        self.to_check: list[dict[str, Any]] = []

    def add(self, article: ArticleTranslation, seconds: float) -> None:
        for item in article.to_check.sentences:
            self.to_check.append(item.to_dict() | {"sentence": self.sentences + item.index})
        for sentence in article.sentences:
            for flag in sentence.flags:
                self.flags[flag] = self.flags.get(flag, 0) + 1
            self.sentences += 1
            self._confidence_sum += sentence.confidence
            self.flagged += bool(sentence.flags)
            self.worst = (
                sentence.confidence if self.worst is None else min(self.worst, sentence.confidence)
            )
        self.seconds += seconds

    @property
    def mean_confidence(self) -> float | None:
        return self._confidence_sum / self.sentences if self.sentences else None

    def review(self) -> dict[str, Any]:
        """The document's sentences to check, worst first, as ``ReviewList.to_dict()``."""
        ordered = sorted(
            self.to_check, key=lambda s: (s["confidence"], -len(s["flags"]), s["sentence"])
        )
        return {"count": len(ordered), "sentences": ordered}

    def state(self) -> dict[str, Any]:
        """The running figures, for a checkpoint (floats survive JSON exactly)."""
        return {
            "sentences": self.sentences,
            "flagged": self.flagged,
            "seconds": self.seconds,
            "worst": self.worst,
            "confidence_sum": self._confidence_sum,
            "flags": self.flags,
            "to_check": self.to_check,
        }

    def restore(self, state: Mapping[str, Any]) -> None:
        self.sentences = int(state["sentences"])
        self.flagged = int(state["flagged"])
        self.seconds = float(state["seconds"])
        self.worst = None if state["worst"] is None else float(state["worst"])
        self._confidence_sum = float(state["confidence_sum"])
        # A checkpoint of an older kabar has neither: the list starts at the resume point.
        self.flags = {str(k): int(v) for k, v in state.get("flags", {}).items()}
        self.to_check = list(state.get("to_check", []))


U = TypeVar("U", bound=Unit)
# Makes the brief of an article, chosen on its source and shown as its translations:
# ``Brief.to_dict()``.
BriefMaker = Callable[[BriefRows], Mapping[str, Any]]
MAX_BRIEF_SENTENCES = 5_000  # beyond this a file is an archive, not an article


class Document(ABC, Generic[U]):
    """One input file being translated.

    ``scan(chunks)`` checks the input as its bytes stream past once (the folder job hashes
    the same bytes), ``units()`` reads it for translation (InputError when it cannot be),
    the folder job passes each translated unit to ``receive`` in order, then calls
    ``commit()`` to rename the outputs into place (each fsynced; the caller fsyncs their
    folders, once for many documents), or ``abort()`` to drop them. A ``resumable``
    document can be saved between units (``sync_partials`` and ``checkpoint_state``) and
    continued by a later run (``restore``, then the units after those done).

    A format declares ``kind`` (its name in reports), ``suffixes`` (the files it reads)
    and ``writes_extras`` (whether ``--format json`` and ``--brief`` add files beside
    its output).
    """

    kind: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    writes_extras: ClassVar[bool] = True
    # Streamed to its outputs unit by unit, so that a run killed mid-file can continue
    # it from a checkpoint (``checkpoint_state``/``restore``); the others are redone whole.
    resumable: ClassVar[bool] = False

    @classmethod
    def output_settings(cls, options: DocumentOptions) -> dict[str, Any]:
        """What, beyond the engine, decides this format's output: recorded with the engine
        settings (manifest and checkpoints), so a rerun that would write otherwise
        translates again."""
        return {}

    def __init__(
        self,
        source: Path,
        name: str,
        out_dir: Path,
        outputs: Outputs,
        options: DocumentOptions,
        *,
        brief: BriefMaker | None = None,
    ) -> None:
        self.source = source
        self.name = name
        self.out_dir = out_dir
        self.outputs = outputs
        self.options = options
        self.make_brief = brief
        self.notices: list[str] = []
        self.tally = Tally()
        self.details: dict[str, Any] = {}  # kind-specific figures for the run report
        self.json_stream: JsonArticleStream | None = None
        self._brief_rows: list[list[Any]] | None = [] if outputs.brief else None
        self._paragraphs_seen = 0

    def path(self, name: PurePosixPath) -> Path:
        return self.out_dir / name

    def scan(self, chunks: Iterable[bytes], *, count_sentences: bool) -> int | None:
        """Check the whole input from ``chunks`` (its bytes, read once; every chunk is
        consumed) and remember what ``units()`` can reuse (e.g. the encoding). Returns the
        sentence count when asked for and knowable from the bytes alone, else None.
        Raises InputError for an input that cannot be translated. The default only
        consumes the bytes: the format is checked when ``units()`` reads it."""
        deque(chunks, maxlen=0)
        return None

    @abstractmethod
    def units(self) -> Iterator[U]:
        """The document's units, read lazily; raises InputError for unusable input."""

    @abstractmethod
    def write(self, unit: U, article: ArticleTranslation, seconds: float) -> None:
        """Write one translated unit's outputs (kind-specific)."""

    @abstractmethod
    def finish(self) -> None:
        """Complete and commit the kind-specific outputs."""

    def new_output(self, name: PurePosixPath) -> AtomicFile:
        """An output file being written (a stable temporary name when resumable)."""
        return AtomicFile(self.path(name), sync_folder=False, stable=self.resumable)

    def receive(self, unit: U, article: ArticleTranslation, seconds: float) -> None:
        """Take the translation of ``unit`` (the next one in order); ``seconds`` is its
        share of the batch's time."""
        self.tally.add(article, seconds)
        if self.outputs.json is not None:
            if self.json_stream is None:
                self.json_stream = JsonArticleStream(self.new_output(self.outputs.json))
            self.json_stream.add(unit, article, seconds)
        if self._brief_rows is not None:
            self._brief_rows += brief_rows(article, first_paragraph=self._paragraphs_seen)
            if len(self._brief_rows) > MAX_BRIEF_SENTENCES:
                self._brief_rows = None  # and memory stays bounded
                self.note(f"no brief: over {MAX_BRIEF_SENTENCES:,} sentences, not one article")
        self._paragraphs_seen += len(article.paragraphs)
        self.write(unit, article, seconds)

    def commit(self) -> None:
        """Put every output in place (atomically, one file after the other)."""
        brief = self._brief()
        self.finish()
        if self.json_stream is not None:
            notices = _unique([*self.notices, *self.json_stream.notices])
            self.json_stream.commit(self.tally, notices, brief=brief)
        if self.outputs.brief is not None:
            with atomic_write(self.path(self.outputs.brief), sync_folder=False) as handle:
                handle.write(brief_text(brief))

    def _brief(self) -> Mapping[str, Any] | None:
        if self.outputs.brief is None:
            return None
        if self._brief_rows is None:
            return {"brief": [], "notices": [n for n in self.notices if n.startswith("no brief")]}
        brief = self.brief_of(self._brief_rows)
        self._brief_rows = None
        return brief

    def brief_of(self, rows: BriefRows) -> Mapping[str, Any]:
        """``make_brief(rows)``; a summarizer that fails costs the brief (with a notice),
        never the translation."""
        if self.make_brief is None:
            return {"brief": [], "notices": ["no brief: no summarizer was loaded"]}
        try:
            return self.make_brief(rows)
        except Exception as error:
            notice = f"no brief: the summarizer failed ({type(error).__name__}: {error})"
            self.note(notice)
            return {"brief": [], "notices": [notice]}

    def abort(self) -> None:
        """Drop the outputs written so far; nothing appears in the output folder."""
        if self.json_stream is not None:
            self.json_stream.abort()
        self.drop()

    def drop(self) -> None:
        """Drop kind-specific temporary outputs (default: none)."""

    # --- checkpoints (resumable documents) -----------------------------------------

    def partials(self) -> dict[PurePosixPath, AtomicFile]:
        """The outputs being written, by name (the kind's own and the JSON)."""
        files = self.own_partials()
        if self.json_stream is not None and self.outputs.json is not None:
            files[self.outputs.json] = self.json_stream.file
        return files

    def own_partials(self) -> dict[PurePosixPath, AtomicFile]:
        """The kind-specific outputs being written (default: none)."""
        return {}

    def adopt(self, files: Mapping[PurePosixPath, AtomicFile]) -> None:
        """Continue writing the kind-specific ``files`` (reopened by ``restore``)."""

    def sync_partials(self) -> dict[str, int]:
        """Make every output written so far durable; returns each one's length."""
        return {str(name): file.sync() for name, file in self.partials().items()}

    def checkpoint_state(self) -> dict[str, Any]:
        """What ``restore`` needs, besides the outputs, to continue after the units
        received so far: the running figures, notices, details, the JSON stream's and the
        brief's progress."""
        stream = self.json_stream
        return {
            "tally": self.tally.state(),
            "notices": list(self.notices),
            "details": self.details,
            "json": None if stream is None else stream.state(),
            "brief_rows": self._brief_rows,
            "paragraphs_seen": self._paragraphs_seen,
        }

    def restore(self, state: Mapping[str, Any], lengths: Mapping[str, int]) -> None:
        """Continue from a checkpoint: ``state`` from ``checkpoint_state`` and the
        outputs' temporary files cut back to ``lengths``. Raises OSError, ValueError,
        KeyError or TypeError when they do not fit (the caller then starts afresh)."""
        files: dict[PurePosixPath, AtomicFile] = {}
        try:
            for name, length in lengths.items():
                path = PurePosixPath(name)
                if path not in self.outputs.names:
                    raise ValueError(f"{name} is not an output of {self.name}")
                files[path] = AtomicFile(self.path(path), sync_folder=False, resume_at=length)
        except BaseException:
            for file in files.values():
                file.handle.close()
            raise
        self.tally.restore(state["tally"])
        self.notices = list(state["notices"])
        self.details = dict(state["details"])
        rows = state["brief_rows"]
        self._brief_rows = None if rows is None else [list(row) for row in rows]
        self._paragraphs_seen = int(state["paragraphs_seen"])
        if self.outputs.json is not None and self.outputs.json in files:
            self.json_stream = JsonArticleStream.resumed(
                files.pop(self.outputs.json), state["json"]
            )
        self.adopt(files)

    def note(self, notice: str) -> None:
        if notice not in self.notices:
            self.notices.append(notice)


class StreamedTextDocument(Document[U]):
    """A document read as decoded text, streamed (``.txt``, ``.html``): the encoding is
    found in the scan and reused; ``_units_of`` turns a stream of text into units;
    ``self.out`` is the English output being written."""

    empty_message = "is empty: it has no visible text."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.out: AtomicFile | None = None
        self._encoding: FileEncoding | None = None

    def own_partials(self) -> dict[PurePosixPath, AtomicFile]:
        return {} if self.out is None else {self.outputs.english: self.out}

    def adopt(self, files: Mapping[PurePosixPath, AtomicFile]) -> None:
        self.out = files.get(self.outputs.english)

    @abstractmethod
    def _units_of(self, texts: Iterable[str]) -> Iterator[U]:
        """The units of the document whose text streams past as ``texts``."""

    def scan(self, chunks: Iterable[bytes], *, count_sentences: bool) -> int | None:
        decoder = StreamDecoder(name=self.name)
        texts = decoder.text(chunks)
        sentences, found = 0, False
        if count_sentences:
            for unit in self._units_of(texts):
                found = True
                sentences += sentence_count(unit.text)
        else:
            deque(texts, maxlen=0)
        self._encoding = decoder.result()
        if decoder.blank or (count_sentences and decoder.whole and not found):
            raise InputError(f"{self.name} {self.empty_message}")
        return sentences if count_sentences and decoder.whole else None

    def units(self) -> Iterator[U]:
        encoding = self._encoding or detect_file_encoding(self.source, name=self.name)
        self.details["encoding"] = encoding.name
        for notice in encoding.notices:
            self.note(notice)
        found = False
        for unit in self._units_of(iter_file_text(self.source, encoding, name=self.name)):
            found = True
            yield unit
        if not found:
            raise InputError(f"{self.name} {self.empty_message}")

    def drop(self) -> None:
        if self.out is not None:
            self.out.abort()


class JsonArticleStream:
    """``ArticleTranslation.to_dict()`` of a whole document, written unit by unit.

    Spans are shifted by each unit's offset so they index the whole document's text;
    the totals (sentence count, confidence, seconds) are written last.
    """

    def __init__(self, file: AtomicFile, *, begin: bool = True) -> None:
        self.file = file
        if begin:
            self.file.handle.write('{"paragraphs": [')
        self.engine: EngineInfo | None = None
        self.notices: list[str] = []
        self._paragraphs = 0

    def state(self) -> dict[str, Any]:
        return {
            "paragraphs": self._paragraphs,
            "engine": None if self.engine is None else self.engine.to_dict(),
            "notices": self.notices,
        }

    @classmethod
    def resumed(cls, file: AtomicFile, state: Mapping[str, Any]) -> JsonArticleStream:
        """The stream continued in ``file`` (cut back to where ``state`` was saved)."""
        stream = cls(file, begin=False)
        stream._paragraphs = int(state["paragraphs"])
        stream.engine = None if state["engine"] is None else EngineInfo(**state["engine"])
        stream.notices = list(state["notices"])
        return stream

    def add(self, unit: Unit, article: ArticleTranslation, seconds: float) -> None:
        self.engine = article.engine
        self.notices += [n for n in article.notices if n not in self.notices]
        for index, paragraph in enumerate(article.paragraphs):
            data = paragraph.to_dict()
            data["start"] += unit.offset
            data["end"] += unit.offset
            if index == 0 and self._paragraphs:
                data["newlines_before"] = len(LINE_BREAK.findall(unit.separator))
            for sentence in data["sentences"]:
                sentence["start"] += unit.offset
                sentence["end"] += unit.offset
            prefix = "," if self._paragraphs else ""
            self.file.handle.write(prefix + "\n" + json.dumps(data, ensure_ascii=False))
            self._paragraphs += 1

    def commit(
        self, tally: Tally, notices: list[str], *, brief: Mapping[str, Any] | None = None
    ) -> None:
        totals = article_totals(
            self.engine,
            seconds=tally.seconds,
            sentence_count=tally.sentences,
            mean_confidence=tally.mean_confidence,
            worst_confidence=tally.worst,
            flagged_sentences=tally.flagged,
            notices=notices,
        )
        totals["to_check"] = tally.review()
        if brief is not None:
            totals["brief"] = brief
        self.file.handle.write("\n], " + json.dumps(totals, ensure_ascii=False)[1:] + "\n")
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


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
    return document(source, name, out_dir, outputs, options, brief=brief)


def translations_by_block(
    blocks: Sequence[tuple[int, int]], article: ArticleTranslation
) -> list[str]:
    """The English of each block (``(start, end)`` spans of the unit's text, in order, the
    last one running to the end): the translations of the article's paragraphs that start
    inside it, joined by spaces; ``""`` for a block with nothing to translate."""
    parts: list[list[str]] = [[] for _ in blocks]
    index = 0
    for paragraph in article.paragraphs:
        while index < len(blocks) - 1 and paragraph.start >= blocks[index][1]:
            index += 1
        if paragraph.translation:
            parts[index].append(paragraph.translation)
    return [" ".join(p) for p in parts]


def brief_text(brief: Mapping[str, Any] | None) -> str:
    """The ``.brief.txt`` file: one line per brief sentence, then its notes."""
    if brief is None:
        return ""
    lines = [f"- {line['text']}" for line in brief.get("brief", [])]
    lines += [f"note: {notice}" for notice in brief.get("notices", [])]
    return "\n".join(lines) + "\n"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def sentence_count(text: str) -> int:
    """Sentences of ``text`` as the engine will find them (for progress totals)."""
    return sum(len(p.sentences) for p in segment(text))
