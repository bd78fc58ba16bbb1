"""``.txt`` and ``.md`` inputs: plain text (Markdown is translated as text) in any encoding
``core.reading.decode`` accepts, streamed in paragraph groups; ``berita.en.txt`` keeps the
paragraph breaks."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from core.atomic import AtomicFile
from core.errors import InputError
from core.reading.decode import (
    FileEncoding,
    StreamDecoder,
    detect_file_encoding,
    iter_file_text,
)
from translate.documents.base import LINE_BREAK, Document, Unit, sentence_count
from translate.results import ArticleTranslation

# Where a paragraph group may end, best first: a blank line, a line break, any space.
_CUT_PATTERNS = (re.compile(r"\n[^\S\n]*\n"), re.compile(r"[\r\n]"), re.compile(r"\s"))


class TextDocument(Document[Unit]):
    """Plain text or Markdown in any encoding ``core.reading.decode`` accepts, streamed."""

    kind = "text"
    suffixes = (".txt", ".md")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._out: AtomicFile | None = None
        self._encoding: FileEncoding | None = None

    def scan(self, chunks: Iterable[bytes], *, count_sentences: bool) -> int | None:
        decoder = StreamDecoder(name=self.name)
        texts = decoder.text(chunks)
        sentences = 0
        if count_sentences:
            for unit in text_units(texts, self.options.group_chars):
                sentences += sentence_count(unit.text)
        else:
            deque(texts, maxlen=0)
        self._encoding = decoder.result()
        if decoder.blank:
            raise InputError(f"{self.name} is empty: there is nothing to translate.")
        return sentences if count_sentences and decoder.whole else None

    def units(self) -> Iterator[Unit]:
        encoding = self._encoding or detect_file_encoding(self.source, name=self.name)
        self.details["encoding"] = encoding.name
        for notice in encoding.notices:
            self.note(notice)
        chunks = iter_file_text(self.source, encoding, name=self.name)
        found = False
        for unit in text_units(chunks, self.options.group_chars):
            if found and not LINE_BREAK.search(unit.separator):
                self.note(
                    f"a paragraph longer than {self.options.group_chars:,} characters was "
                    "translated in pieces"
                )
            found = True
            yield unit
        if not found:
            raise InputError(f"{self.name} is empty: there is nothing to translate.")

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
        if not content:
            self.newlines += len(LINE_BREAK.findall(raw))
            self.space = self.space or bool(raw)
            return None
        lead = raw[: len(raw) - len(raw.lstrip())]
        trail = raw[len(raw.rstrip()) :]
        newlines = self.newlines + len(LINE_BREAK.findall(lead))
        if self.first:
            separator = ""
        elif newlines:
            separator = "\n" * min(2, newlines)
        else:
            separator = " " if (self.space or lead) else ""
        self.first = False
        self.newlines = len(LINE_BREAK.findall(trail))
        self.space = bool(trail)
        return Unit(raw, offset, separator)


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


FORMAT = TextDocument
