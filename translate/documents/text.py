"""``.txt`` inputs: plain text in any encoding ``kabar.core.reading.decode`` accepts,
streamed in paragraph groups; ``berita.en.txt`` keeps the paragraph breaks and is the
clean English article ``kabar translate`` prints (role marks with ``--marks``, furniture
left out with ``--drop-furniture``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from kabar.core.blank import is_blank
from kabar.core.errors import InputError
from kabar.translate.documents.export import article_text
from kabar.translate.documents.json_stream import LINE_BREAK
from kabar.translate.documents.lifecycle import StreamedTextDocument, Unit
from kabar.translate.documents.registry import DocumentOptions
from kabar.translate.render import marked_text
from kabar.translate.results import ArticleTranslation

# Where a paragraph group may end, best first: a blank line, a line break, any space.
_CUT_PATTERNS = (re.compile(r"\n[^\S\n]*\n"), re.compile(r"[\r\n]"), re.compile(r"\s"))


class TextDocument(StreamedTextDocument[Unit]):
    """Plain text in any encoding ``kabar.core.reading.decode`` accepts, streamed."""

    kind = "text"
    suffixes = (".txt",)
    resumable = True
    # 3: the clean English article (marks only with --marks, furniture left out with
    # --drop-furniture); 2: furniture always marked ("[caption] …"); 1: unmarked, before
    # the key existed. Outputs of another version are translated again, not kept or resumed.
    TEXT_OUTPUT: ClassVar[int] = 3

    @classmethod
    def output_settings(cls, options: DocumentOptions) -> dict[str, Any]:
        return {
            "text_output": cls.TEXT_OUTPUT,
            "marks": options.marks,
            "drop_furniture": options.drop_furniture,
        }

    def _units_of(self, texts: Iterable[str]) -> Iterator[Unit]:
        found = False
        for unit in text_units(texts, self.options.group_chars):
            if found and not LINE_BREAK.search(unit.separator):
                self.note(
                    f"a paragraph longer than {self.options.group_chars:,} characters was "
                    "translated in pieces"
                )
            found = True
            yield unit

    def write(self, unit: Unit, article: ArticleTranslation, seconds: float) -> None:
        if self.out is None:
            self.out = self.new_output(self.outputs.english)
        else:
            self.out.handle.write(unit.separator)
        # The article text of `kabar translate` and the UI's .txt download (with the same
        # --marks / --drop-furniture), so the same article reads the same everywhere.
        if self.options.marks:
            self.out.handle.write(marked_text(article))
        else:
            english = article_text(article, drop_furniture=self.options.drop_furniture)
            self.out.handle.write(english)

    def finish(self) -> None:
        if self.out is None:
            raise InputError(f"{self.name}: nothing was translated.")
        self.out.handle.write("\n")
        self.out.commit()


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
