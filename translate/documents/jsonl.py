"""``.jsonl`` corpora: one article per line, ``{"<id_field>": ..., "<text_field>": "..."}``;
``korpus.en.jsonl`` gets each record back, in order, every field unchanged and in its
place, with ``"translation"`` and ``"translation_checks"`` added (``translation_checks``),
the sentence-aligned JSON's fields with ``--format json`` and ``"brief"`` with
``--brief``; a record without an id also gets its ``"line"``. A record that cannot be
translated gets an ``"error"`` line instead. The translation is the clean English article a
``.txt`` gets (``--marks``, ``--drop-furniture`` as there)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from kabar.core.atomic import AtomicFile
from kabar.core.errors import InputError
from kabar.core.reading.html import PARAGRAPH_BREAK
from kabar.core.reading.records import HEAD_BYTES, Record, article_of, read_records
from kabar.translate.briefing import brief_rows
from kabar.translate.documents.export import article_text
from kabar.translate.documents.lifecycle import Document, Unit, sentence_count
from kabar.translate.documents.registry import DocumentOptions
from kabar.translate.render import marked_text
from kabar.translate.results import ArticleTranslation

MAX_LISTED_FAILURES = 100  # failed records named in the run report, per corpus


@dataclass(frozen=True)
class RecordUnit(Unit):
    """One record of a corpus: ``error`` says why it cannot be translated (text "")."""

    line: int = 0
    key: dict[str, Any] = field(default_factory=dict)  # Record.key: names its output line
    record: dict[str, Any] = field(default_factory=dict)  # the input record, as it was
    error: str | None = None


class JsonlDocument(Document[RecordUnit]):
    """One article per line, ``{"<id_field>": ..., "<text_field>": "..."}``, UTF-8."""

    kind = "jsonl"
    suffixes = (".jsonl",)
    writes_extras = False  # the JSON and the brief go into the corpus's own lines
    resumable = True

    @classmethod
    def output_settings(cls, options: DocumentOptions) -> dict[str, Any]:
        # records 3: the whole input record with its translation and translation_checks
        # (2: without the checks; 1: only id and translation, before the setting existed;
        # such outputs are made again).
        return {
            "text_field": options.text_field,
            "id_field": options.id_field,
            "records": 3,
            "marks": options.marks,
            "drop_furniture": options.drop_furniture,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._out: AtomicFile | None = None
        self.details.update(records=0, failed_records=0, record_failures=[])
        if self.options.export is not None:
            self.note(
                f"a .jsonl corpus stays JSON lines (--format {self.options.export} writes "
                "articles: .txt, .md, .html and .docx files)"
            )

    def scan(self, chunks: Iterable[bytes], *, count_sentences: bool) -> int | None:
        stream = io.BufferedReader(_ChunkStream(chunks), buffer_size=HEAD_BYTES)
        sentences = 0
        for unit in self._checked(self._records(stream)):
            if count_sentences and unit.error is None:
                sentences += sentence_count(unit.text)
        return sentences if count_sentences else None

    def units(self) -> Iterator[RecordUnit]:
        try:
            with io.BufferedReader(io.FileIO(self.source), HEAD_BYTES) as handle:
                yield from self._checked(self._records(handle))
        except OSError as error:
            raise InputError(f"cannot read {self.name}: {error.strerror or error}.") from None

    def _checked(self, records: Iterator[RecordUnit]) -> Iterator[RecordUnit]:
        """``records``, then InputError if none of them was translatable."""
        good = 0
        first_problem = ""
        for unit in records:
            if unit.error is None:
                good += 1
            elif not first_problem:
                first_problem = f"; line {unit.line}: {unit.error}"
            yield unit
        if not good:
            raise InputError(f"{self.name} has no record that can be translated{first_problem}.")

    def _records(self, handle: io.BufferedReader[Any]) -> Iterator[RecordUnit]:
        for record in read_records(handle, name=self.name):
            yield self._unit(record)

    def _unit(self, record: Record) -> RecordUnit:
        key = record.key(self.options.id_field)
        try:
            article = article_of(record, self.options.text_field)
        except InputError as error:
            return RecordUnit("", line=record.line, key=key, error=str(error))
        # A list of sentences keeps its boundaries: each item is its own paragraph, as
        # summarize --jsonl takes each as one sentence.
        text = article if isinstance(article, str) else PARAGRAPH_BREAK.join(article)
        return RecordUnit(text, line=record.line, key=key, record=record.data)

    def write(self, unit: RecordUnit, article: ArticleTranslation, seconds: float) -> None:
        if self._out is None:
            self._out = self.new_output(self.outputs.english)
        if unit.error is not None:
            line = {**unit.key, "error": unit.error}
            self._failed(unit)
        else:
            # The record as it came, the translation added after its fields.
            # A record without an id is named as every command names it: id null, line.
            named = {k: v for k, v in unit.key.items() if k not in unit.record}
            line = {**unit.record, **(named if "line" in unit.key else {})}
            # The clean English article of a .txt (role marks with --marks, furniture
            # left out with --drop-furniture), so a record reads as its file would.
            if self.options.marks:
                line["translation"] = marked_text(article)
            else:
                line["translation"] = article_text(
                    article, drop_furniture=self.options.drop_furniture
                )
            line["translation_checks"] = translation_checks(article)
            if self.options.json and self.options.json_in_records:
                line |= article.to_dict() | {"seconds": round(seconds, 3)}
            if self.options.brief:
                line["brief"] = self.brief_of(brief_rows(article))
        self._out.handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.details["records"] += 1

    def own_partials(self) -> dict[PurePosixPath, AtomicFile]:
        return {} if self._out is None else {self.outputs.english: self._out}

    def adopt(self, files: Mapping[PurePosixPath, AtomicFile]) -> None:
        self._out = files.get(self.outputs.english)

    def _failed(self, unit: RecordUnit) -> None:
        """Count a record that could not be translated; the first few are named in the
        run report (the output has an ``"error"`` line for every one)."""
        self.details["failed_records"] += 1
        failures: list[dict[str, Any]] = self.details["record_failures"]
        if len(failures) < MAX_LISTED_FAILURES:
            named = {} if "line" in unit.key else unit.key
            failures.append({"line": unit.line, **named, "error": unit.error})

    def finish(self) -> None:
        if self._out is None:
            raise InputError(f"{self.name}: nothing was translated.")
        failed: int = self.details["failed_records"]
        if failed:
            listed = self.details["record_failures"][:10]
            lines = ", ".join(str(f["line"]) for f in listed)
            more = f" and {failed - len(listed)} more" if failed > len(listed) else ""
            self.note(
                f"{failed} record(s) not translated, lines {lines}{more} (the output has an "
                '"error" line for each, saying why)'
            )
        self._out.commit()

    def drop(self) -> None:
        if self._out is not None:
            self._out.abort()


def translation_checks(article: ArticleTranslation) -> dict[str, Any]:
    """What the checks found in one record's translation, compactly: its sentence count,
    how many are flagged, the mean and worst confidence, and the sentences to check,
    worst first (``ArticleTranslation.to_check``), each with its index in the record's
    sentences (from 0), its source, confidence, flags and the plain reasons (a number
    missing from the English, a phrase repeated, ...). The full per-sentence JSON is
    ``--format json``'s."""
    sentences = article.sentences
    return {
        "sentences": len(sentences),
        "flagged": sum(1 for s in sentences if s.flags),
        "mean_confidence": round(article.mean_confidence, 4),
        "worst_confidence": round(article.worst_confidence, 4),
        "to_check": [
            {
                "sentence": item.index,
                "source": sentences[item.index].source,
                "confidence": round(item.confidence, 4),
                "flags": list(item.flags),
                "reasons": list(item.reasons),
            }
            for item in article.to_check.sentences
        ],
    }


class _ChunkStream(io.RawIOBase):
    """A read-only binary stream over an iterator of chunks (the bytes the folder job
    hashes as it reads), so that records can be parsed as they stream past."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._rest:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._rest = chunk
        size = min(len(buffer), len(self._rest))
        buffer[:size] = self._rest[:size]
        self._rest = self._rest[size:]
        return size


FORMAT = JsonlDocument
