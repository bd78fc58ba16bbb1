"""Reading a JSONL corpus, one JSON object per line: the rules every command shares
(``kabar translate-dir`` on a ``.jsonl`` file, ``kabar summarize --jsonl``).

A bad line never stops the corpus: it becomes a ``Record`` with an ``error`` and the
lines after it are still read. Memory is bounded whatever the file holds (a line is read
at most ``MAX_RECORD_BYTES`` at a time); a binary file is refused before any record.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kabar.core.errors import InputError
from kabar.core.reading.decode import refuse_binary

MAX_RECORD_BYTES = 1 << 20
HEAD_BYTES = 65536  # checked for binary content
ONE_OBJECT = "give one JSON object per line"
JSONL_FORMAT = "a .jsonl corpus is UTF-8 text, one JSON object per line."
TOO_LONG = "record over 1 MB (give an article that long as its own .txt file)"


@dataclass(frozen=True)
class Record:
    """Line ``line`` of a corpus: its object, or why it has none (``data`` is then {})."""

    line: int
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def key(self, id_field: str) -> dict[str, Any]:
        """How an output line names this record: ``{"id": ...}``, plus ``"line"`` when the
        record has no id of its own (a bad line, one without the field or with a null)."""
        if self.data.get(id_field) is not None:
            return {"id": self.data[id_field]}
        return {"id": None, "line": self.line}


def article_of(record: Record, field: str) -> str | list[str]:
    """The article a record holds in ``field``: its text, or the list of its sentences.
    Raises InputError saying what is wrong with the record (the same words for every
    command that reads corpora)."""
    if record.error is not None:
        raise InputError(record.error)
    if field not in record.data:
        raise InputError(f'no "{field}" field (choose the field with --text-field)')
    value = record.data[field]
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise InputError(f'"{field}" must be text or a list of sentences')


def read_records(handle: io.BufferedReader[Any], *, name: str) -> Iterator[Record]:
    """Every non-blank line of ``handle`` as a Record. Raises InputError now, before any
    record is read, when the head of the stream looks binary, and later if the file
    cannot be read on."""
    # peek: the head is checked without consuming it (the stream may not seek).
    head = handle.peek(HEAD_BYTES)[:HEAD_BYTES]
    refuse_binary(head, name=name, expected=JSONL_FORMAT)
    # Old Mac files end lines with a bare CR; anywhere else a CR is JSON whitespace.
    end = b"\r" if b"\r" in head and b"\n" not in head else b"\n"
    return _records(handle, name, end)


def _records(handle: io.BufferedReader[Any], name: str, end: bytes) -> Iterator[Record]:
    try:
        for number, raw in enumerate(_lines(handle, end), start=1):
            if raw is None:
                yield Record(number, error=TOO_LONG)
            elif raw.strip():
                yield _record(raw, number)
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}.") from None


def _lines(handle: io.BufferedReader[Any], end: bytes) -> Iterator[bytes | None]:
    """The lines of ``handle`` ended by ``end``, read a block at a time; None for a line
    over MAX_RECORD_BYTES (skipped, in bounded memory)."""
    pending = b""
    too_long = False
    # read1: what is there (a pipe's lines as they come), not a full block or EOF.
    while block := handle.read1(1 << 16):
        pending += block
        *lines, pending = pending.split(end)
        for line in lines:
            yield None if too_long or len(line) > MAX_RECORD_BYTES else line
            too_long = False
        if len(pending) > MAX_RECORD_BYTES:
            pending, too_long = b"", True
    if too_long or len(pending) > MAX_RECORD_BYTES:
        yield None
    elif pending:
        yield pending


def _record(raw: bytes, number: int) -> Record:
    try:
        # A BOM can only open the file.
        data = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
    except UnicodeDecodeError:
        return Record(number, error="not UTF-8 text (save the file as UTF-8)")
    except json.JSONDecodeError as error:
        return Record(number, error=f"not JSON ({error.msg}: column {error.colno}); {ONE_OBJECT}")
    except ValueError as error:  # e.g. a number too long to convert
        return Record(number, error=f"not JSON ({error}); {ONE_OBJECT}")
    if not isinstance(data, dict):
        return Record(number, error=f"not a JSON object; {ONE_OBJECT}")
    return Record(number, data)
