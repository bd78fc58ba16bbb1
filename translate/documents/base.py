"""The inputs of the folder job, one reader/writer per kind, all streamed.

A document is read as a sequence of *units*, each translated as one article: a small
file is one unit; a large text file is cut into paragraph groups of about
``group_chars`` characters, so memory stays bounded whatever the file's size; a
``.jsonl`` corpus gives one unit per record. The folder job batches units of many
documents together and hands each result back to its document, in order; the document
writes its outputs incrementally to temporary files and renames them into place only on
``commit()`` (``core.atomic``).

Kinds and outputs (``berita.txt`` -> ``berita.en.txt``, ``.en`` before the extension):
``.txt``/``.md`` English text, paragraph breaks kept; ``.html``/``.htm`` a simple English
HTML page of the visible text (``translate.documents.html``); ``.docx`` the same document
with each paragraph's text translated (``translate.documents.docx``); ``.jsonl`` one line
``{"id", "translation"}`` per record. With ``json=True`` every kind but ``.jsonl`` also gets
``<English name>.json``, the sentence-aligned JSON of ``kabar translate --format json``;
with ``brief=True``, ``<English name>.brief.txt`` and a ``"brief"`` in that JSON. A
``.jsonl`` corpus carries both in its lines instead.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Generic, TypeVar

from core.atomic import AtomicFile, atomic_write
from core.blank import is_blank
from core.errors import InputError, OptionsError
from core.reading.decode import detect_file_encoding, iter_file_text, refuse_binary
from translate.results import ArticleTranslation, EngineInfo

INPUT_KINDS = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".jsonl": "jsonl",
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Where a paragraph group may end, best first: a blank line, a line break, any space.
_CUT_PATTERNS = (re.compile(r"\n[^\S\n]*\n"), re.compile(r"[\r\n]"), re.compile(r"\s"))


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


def input_kind(name: str) -> str | None:
    """The kind of input a file name denotes (``text``, ``html``, ``docx``, ``jsonl``),
    or None for files the folder job does not translate."""
    return INPUT_KINDS.get(PurePosixPath(name).suffix.lower())


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
    if input_kind(rel.name) == "jsonl":
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
    """Running figures of one document: sentences, confidence, flags, seconds."""

    def __init__(self) -> None:
        self.sentences = 0
        self.flagged = 0
        self.seconds = 0.0
        self.worst: float | None = None
        self._confidence_sum = 0.0

    def add(self, article: ArticleTranslation, seconds: float) -> None:
        for sentence in article.sentences:
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


U = TypeVar("U", bound=Unit)
# Makes the brief of an article given as its English sentences: ``Brief.to_dict()``.
BriefMaker = Callable[[Sequence[str]], Mapping[str, Any]]
MAX_BRIEF_SENTENCES = 5_000  # beyond this a file is an archive, not an article


class Document(ABC, Generic[U]):
    """One input file being translated.

    ``units()`` reads it (again on every call; InputError when it cannot be), the folder
    job passes each translated unit to ``receive`` in order, then calls ``commit()`` to
    rename the outputs into place (each fsynced; the caller fsyncs their folders, once
    for many documents), or ``abort()`` to drop them.
    """

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
        self._english_sentences: list[str] | None = [] if outputs.brief else None

    def path(self, name: PurePosixPath) -> Path:
        return self.out_dir / name

    @abstractmethod
    def units(self) -> Iterator[U]:
        """The document's units, read lazily; raises InputError for unusable input."""

    @abstractmethod
    def write(self, unit: U, article: ArticleTranslation, seconds: float) -> None:
        """Write one translated unit's outputs (kind-specific)."""

    @abstractmethod
    def finish(self) -> None:
        """Complete and commit the kind-specific outputs."""

    def receive(self, unit: U, article: ArticleTranslation, seconds: float) -> None:
        """Take the translation of ``unit`` (the next one in order); ``seconds`` is its
        share of the batch's time."""
        self.tally.add(article, seconds)
        if self.outputs.json is not None:
            if self.json_stream is None:
                self.json_stream = JsonArticleStream(self.path(self.outputs.json))
            self.json_stream.add(unit, article, seconds)
        if self._english_sentences is not None:
            self._english_sentences += [s.translation for s in article.sentences]
            if len(self._english_sentences) > MAX_BRIEF_SENTENCES:
                self._english_sentences = None  # and memory stays bounded
                self.note(f"no brief: over {MAX_BRIEF_SENTENCES:,} sentences, not one article")
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
        if self._english_sentences is None:
            return {"brief": [], "notices": [n for n in self.notices if n.startswith("no brief")]}
        brief = self.brief_of(self._english_sentences)
        self._english_sentences = None
        return brief

    def brief_of(self, sentences: Sequence[str]) -> Mapping[str, Any]:
        """``make_brief(sentences)``; a summarizer that fails costs the brief (with a
        notice), never the translation."""
        if self.make_brief is None:
            return {"brief": [], "notices": ["no brief: no summarizer was loaded"]}
        try:
            return self.make_brief(sentences)
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

    def note(self, notice: str) -> None:
        if notice not in self.notices:
            self.notices.append(notice)


class JsonArticleStream:
    """``ArticleTranslation.to_dict()`` of a whole document, written unit by unit.

    Spans are shifted by each unit's offset so they index the whole document's text;
    the totals (sentence count, confidence, seconds) are written last.
    """

    def __init__(self, target: Path) -> None:
        self.file = AtomicFile(target, sync_folder=False)
        self.file.handle.write('{"paragraphs": [')
        self.engine: EngineInfo | None = None
        self.notices: list[str] = []
        self._paragraphs = 0

    def add(self, unit: Unit, article: ArticleTranslation, seconds: float) -> None:
        self.engine = article.engine
        self.notices += [n for n in article.notices if n not in self.notices]
        for index, paragraph in enumerate(article.paragraphs):
            data = paragraph.to_dict()
            data["start"] += unit.offset
            data["end"] += unit.offset
            if index == 0 and self._paragraphs:
                data["newlines_before"] = len(_LINE_BREAK.findall(unit.separator))
            for sentence in data["sentences"]:
                sentence["start"] += unit.offset
                sentence["end"] += unit.offset
            prefix = "," if self._paragraphs else ""
            self.file.handle.write(prefix + "\n" + json.dumps(data, ensure_ascii=False))
            self._paragraphs += 1

    def commit(
        self, tally: Tally, notices: list[str], *, brief: Mapping[str, Any] | None = None
    ) -> None:
        mean = tally.mean_confidence
        totals: dict[str, Any] = {
            "model": self.engine.model if self.engine else None,
            "engine": self.engine.to_dict() if self.engine else None,
            "seconds": round(tally.seconds, 3),
            "sentence_count": tally.sentences,
            "mean_confidence": None if mean is None else round(mean, 4),
            "worst_confidence": None if tally.worst is None else round(tally.worst, 4),
            "flagged_sentences": tally.flagged,
            "notices": notices,
        }
        if brief is not None:
            totals["brief"] = brief
        self.file.handle.write("\n], " + json.dumps(totals, ensure_ascii=False)[1:] + "\n")
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


# --- .txt / .md ---------------------------------------------------------------------


class TextDocument(Document[Unit]):
    """Plain text or Markdown in any encoding ``core.reading.decode`` accepts, streamed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._out: AtomicFile | None = None

    def units(self) -> Iterator[Unit]:
        encoding = detect_file_encoding(self.source, name=self.name)
        self.details["encoding"] = encoding.name
        for notice in encoding.notices:
            self.note(notice)
        chunks = iter_file_text(self.source, encoding, name=self.name)
        found = False
        for unit in text_units(chunks, self.options.group_chars):
            if found and not _LINE_BREAK.search(unit.separator):
                self.note(
                    f"a paragraph longer than {self.options.group_chars:,} characters was "
                    "translated in pieces"
                )
            found = True
            yield unit
        if not found:
            raise InputError(f"{self.name} is empty: it has no visible text.")

    def write(self, unit: Unit, article: ArticleTranslation, seconds: float) -> None:
        if self._out is None:
            self._out = AtomicFile(self.path(self.outputs.english), sync_folder=False)
        else:
            self._out.handle.write(unit.separator)
        self._out.handle.write(article.text)

    def finish(self) -> None:
        if self._out is None:
            raise InputError(f"{self.name}: nothing was translated.")
        self._out.handle.write("\n")
        self._out.commit()

    def drop(self) -> None:
        if self._out is not None:
            self._out.abort()


def text_units(chunks: Iterable[str], group_chars: int) -> Iterator[Unit]:
    """Cut a stream of text into units of at most ``group_chars`` characters, at the last
    blank line of each window if there is one, else the last line break, else the last
    space, else anywhere. Whitespace-only stretches yield no unit; offsets index the
    whole text."""
    buffer = ""
    offset = 0
    gap = _Gap()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) > group_chars:
            cut = _cut_point(buffer, group_chars)
            unit = gap.unit(buffer[:cut], offset)
            if unit is not None:
                yield unit
            offset += cut
            buffer = buffer[cut:]
    unit = gap.unit(buffer, offset)
    if unit is not None:
        yield unit


class _Gap:
    """Tracks the whitespace between units, to join their translations the same way."""

    def __init__(self) -> None:
        self.first = True
        self.newlines = 0
        self.space = False

    def unit(self, raw: str, offset: int) -> Unit | None:
        content = raw.strip()
        if is_blank(content):
            self.newlines += len(_LINE_BREAK.findall(raw))
            self.space = self.space or bool(raw)
            return None
        lead = raw[: len(raw) - len(raw.lstrip())]
        trail = raw[len(raw.rstrip()) :]
        newlines = self.newlines + len(_LINE_BREAK.findall(lead))
        if self.first:
            separator = ""
        elif newlines:
            separator = "\n" * min(2, newlines)
        else:
            separator = " " if (self.space or lead) else ""
        self.first = False
        self.newlines = len(_LINE_BREAK.findall(trail))
        self.space = bool(trail)
        return Unit(raw, offset, separator)


def _skip_rest_of_line(handle: BinaryIO) -> None:
    """Consume the rest of an over-long line a piece at a time (bounded memory)."""
    rest = handle.readline(1 << 16)
    while rest and not rest.endswith(b"\n"):
        rest = handle.readline(1 << 16)


def _cut_point(buffer: str, limit: int) -> int:
    window = buffer[:limit]
    for pattern in _CUT_PATTERNS:
        matches = list(pattern.finditer(window, 1))
        last = matches[-1] if matches else None
        if last is not None:
            # Cut before the whitespace run, so the next unit carries the whole gap.
            cut = len(window[: last.start()].rstrip())
            return cut if cut > 0 else last.end()
    return limit


# --- .jsonl corpora -----------------------------------------------------------------

MAX_RECORD_BYTES = 1 << 20


@dataclass(frozen=True)
class RecordUnit(Unit):
    """One record of a corpus: ``error`` says why it cannot be translated (text "")."""

    line: int = 0
    record_id: Any = None
    has_id: bool = False
    error: str | None = None


class JsonlDocument(Document[RecordUnit]):
    """One article per line, ``{"<id_field>": ..., "<text_field>": "..."}``, UTF-8."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._out: AtomicFile | None = None
        self._bad: list[RecordUnit] = []

    def units(self) -> Iterator[RecordUnit]:
        good = 0
        first_problem = ""
        for unit in self._records():
            if unit.error is None:
                good += 1
            elif not first_problem:
                first_problem = f" (line {unit.line}: {unit.error})"
            yield unit
        if not good:
            raise InputError(
                f"{self.name} has no record with a string {self.options.text_field!r} field"
                f"{first_problem}; choose the fields with --text-field / --id-field."
            )

    def _records(self) -> Iterator[RecordUnit]:
        try:
            with self.source.open("rb") as handle:
                refuse_binary(handle.read(65536), name=self.name)
                handle.seek(0)
                number = 0
                while True:
                    raw = handle.readline(MAX_RECORD_BYTES + 1)
                    if not raw:
                        return
                    number += 1
                    if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
                        _skip_rest_of_line(handle)
                        yield RecordUnit("", line=number, error="record over 1 MB")
                        continue
                    if raw.strip():
                        yield self._record(raw, number)
        except OSError as error:
            raise InputError(f"cannot read {self.name}: {error.strerror or error}.") from None

    def _record(self, raw: bytes, number: int) -> RecordUnit:
        try:
            data = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            return RecordUnit("", line=number, error="not UTF-8")
        except ValueError as error:
            return RecordUnit("", line=number, error=f"not JSON ({error})")
        if not isinstance(data, dict):
            return RecordUnit("", line=number, error="not a JSON object")
        has_id = self.options.id_field in data
        record_id = data.get(self.options.id_field)
        text = data.get(self.options.text_field)
        if not isinstance(text, str):
            problem = "missing" if text is None else "not a string"
            reason = f"field {self.options.text_field!r} is {problem}"
            return RecordUnit("", line=number, record_id=record_id, has_id=has_id, error=reason)
        return RecordUnit(text, line=number, record_id=record_id, has_id=has_id)

    def write(self, unit: RecordUnit, article: ArticleTranslation, seconds: float) -> None:
        if self._out is None:
            self._out = AtomicFile(self.path(self.outputs.english), sync_folder=False)
        line: dict[str, Any] = {"id": unit.record_id}
        if not unit.has_id:
            line["line"] = unit.line
        if unit.error is not None:
            line["error"] = unit.error
            self._bad.append(unit)
        else:
            line["translation"] = article.text
            if self.options.json:
                line |= article.to_dict() | {"seconds": round(seconds, 3)}
            if self.options.brief:
                line["brief"] = self.brief_of([s.translation for s in article.sentences])
        self._out.handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.details["records"] = self.details.get("records", 0) + 1

    def finish(self) -> None:
        if self._out is None:
            raise InputError(f"{self.name}: nothing was translated.")
        self.details["failed_records"] = len(self._bad)
        if self._bad:
            lines = ", ".join(str(u.line) for u in self._bad[:10])
            more = f" and {len(self._bad) - 10} more" if len(self._bad) > 10 else ""
            self.note(
                f"{len(self._bad)} record(s) not translated (lines {lines}{more}; the output "
                f'has an "error" for each): {self._bad[0].error}'
            )
        self._out.commit()

    def drop(self) -> None:
        if self._out is not None:
            self._out.abort()


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
    kind = input_kind(source.name)
    outputs = output_names(PurePosixPath(name), options)
    args = (source, name, out_dir, outputs, options)
    if kind == "text":
        return TextDocument(*args, brief=brief)
    if kind == "jsonl":
        return JsonlDocument(*args, brief=brief)
    if kind == "html":
        from translate.documents.html import HtmlDocument

        return HtmlDocument(*args, brief=brief)
    if kind == "docx":
        from translate.documents.docx import DocxDocument

        return DocxDocument(*args, brief=brief)
    raise InputError(f"{name} is not an input kind kabar translates ({', '.join(INPUT_KINDS)}).")


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
