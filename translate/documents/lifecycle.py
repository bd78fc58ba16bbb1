"""The life cycle of one input being translated, all streamed.

A document is read as a sequence of *units*, each translated as one article: a small
file is one unit; a large text file is cut into paragraph groups of about
``group_chars`` characters, so memory stays bounded whatever the file's size; a
``.jsonl`` corpus gives one unit per record. The folder job batches units of many
documents together and hands each result back to its document, in order; the document
writes its outputs incrementally to temporary files and renames them into place only on
``commit()`` (``kabar.core.atomic``). Which class reads which file is
``kabar.translate.documents.registry``; the JSON beside an output is
``kabar.translate.documents.json_stream``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar, Generic, TypeVar

from kabar.core.atomic import AtomicFile, atomic_write
from kabar.core.errors import InputError
from kabar.core.reading.decode import (
    FileEncoding,
    StreamDecoder,
    detect_file_encoding,
    iter_file_text,
)
from kabar.core.splitter import segment
from kabar.translate.briefing import BriefRows, brief_rows
from kabar.translate.documents.brief_lines import brief_notes
from kabar.translate.documents.json_stream import JsonArticleStream, Tally
from kabar.translate.documents.registry import DocumentOptions, Outputs
from kabar.translate.results import ArticleTranslation


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
        self.made_brief: Mapping[str, Any] | None = None  # the brief, once committing
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
        briefed = self.briefed(unit, article)
        if self._brief_rows is not None:
            self._brief_rows += brief_rows(briefed, first_paragraph=self._paragraphs_seen)
            if len(self._brief_rows) > MAX_BRIEF_SENTENCES:
                self._brief_rows = None  # and memory stays bounded
                self.note(f"no brief: over {MAX_BRIEF_SENTENCES:,} sentences, not one article")
        self._paragraphs_seen += len(briefed.paragraphs)
        self.write(unit, article, seconds)

    def briefed(self, unit: U, article: ArticleTranslation) -> ArticleTranslation:
        """What of ``unit``'s translation its brief is made of: all of it, unless the
        document says otherwise (a page's ``<meta>`` description is not a line of its
        article, and placed before its lead it would take the lead's place)."""
        return article

    def commit(self) -> None:
        """Put every output in place (atomically, one file after the other)."""
        brief = self.made_brief = self._brief()
        self.finish()
        if self.json_stream is not None:
            notices = _unique([*self.notices, *self.json_stream.notices])
            self.json_stream.commit(self.tally, notices, brief=brief)
        if self.outputs.brief is not None:
            with atomic_write(self.path(self.outputs.brief), sync_folder=False) as handle:
                handle.write(brief_text(brief, verbose=self.options.verbose))

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


def brief_text(brief: Mapping[str, Any] | None, *, verbose: bool = False) -> str:
    """The ``.brief.txt`` file: one line per brief sentence; its technical notes after
    them only with ``verbose`` (``--verbose``; the JSON always has them), or when there is
    no line (they then say why)."""
    if brief is None:
        return ""
    lines = [f"- {line['text']}" for line in brief.get("brief", [])]
    lines += [f"note: {notice}" for notice in brief_notes(brief, verbose=verbose)]
    return "\n".join(lines) + "\n"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def sentence_count(text: str) -> int:
    """Sentences of ``text`` as the engine will find them (for progress totals)."""
    return sum(len(p.sentences) for p in segment(text))
