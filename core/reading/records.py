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
from typing import IO, Any

from core.errors import InputError
from core.reading.decode import refuse_binary

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
    refuse_binary(handle.peek(HEAD_BYTES)[:HEAD_BYTES], name=name, expected=JSONL_FORMAT)
    return _records(handle, name)


def _records(handle: io.BufferedReader[Any], name: str) -> Iterator[Record]:
    number = 0
    try:
        while True:
            raw = handle.readline(MAX_RECORD_BYTES + 1)
            if not raw:
                return
            if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
                number += 1
                _skip_rest_of_line(handle)
                yield Record(number, error=TOO_LONG)
                continue
            # Bare CR line ends (old Mac files) end a record too; JSON cannot hold a raw CR.
            for line in raw.splitlines():
                number += 1
                if line.strip():
                    yield _record(line, number)
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}.") from None


def _record(raw: bytes, number: int) -> Record:
    try:
        # A BOM can only open the file.
        data = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
    except UnicodeDecodeError:
        return Record(number, error="not UTF-8 text (save the file as UTF-8)")
    except json.JSONDecodeError as error:
        return Record(number, error=f"not JSON ({error.msg} at column {error.colno}); {ONE_OBJECT}")
    except ValueError as error:  # e.g. a number too long to convert
        return Record(number, error=f"not JSON ({error}); {ONE_OBJECT}")
    if not isinstance(data, dict):
        return Record(number, error=f"not a JSON object; {ONE_OBJECT}")
    return Record(number, data)


def _skip_rest_of_line(handle: IO[bytes]) -> None:
    """Consume the rest of an over-long line a piece at a time (bounded memory)."""
    rest = handle.readline(1 << 16)
    while rest and not rest.endswith(b"\n"):
        rest = handle.readline(1 << 16)
