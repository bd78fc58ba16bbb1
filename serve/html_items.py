"""``POST /translate`` with ``format=html``: each item of ``q`` is translated as
``kabar translate FILE.html --format html`` translates a file (``HtmlDocument``, through
``translate_files``), so an HTML fragment gets the same treatment on every surface: whole
sentences across inline tags (``<a>``, ``<b>``, ``<i>``) go to the engine as one, a link
keeps its ``href`` byte for byte and wraps its own words when the English keeps them,
scripts, styles and code are left as they were, and a fragment comes back a fragment (no
doctype, ``<html>`` or ``<body>`` added). The items' units go to the engine's queue in
one request, within the request timeout, like every other request's.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kabar.core.blank import is_blank
from kabar.core.errors import InputError
from kabar.core.reading.html import visible_text
from kabar.serve.errors import ApiError
from kabar.serve.files import on_document_thread
from kabar.serve.state import ServerState
from kabar.translate.documents.html import HtmlDocument, body_blocks, parse_page
from kabar.translate.documents.single import translate_files

if TYPE_CHECKING:
    from kabar.translate.documents.lifecycle import Document
    from kabar.translate.engine import Translator

# Written before each item: the item is text already, and the document then reads it as
# the UTF-8 it was written in, whatever a <meta charset> in it declares.
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class HtmlItem:
    """One item of ``q``: its HTML, its name in messages, and the text the document will
    translate (``""``: none, the item comes back as it was)."""

    source: str
    name: str
    text: str


def read_items(items: list[str], *, many: bool) -> list[HtmlItem]:
    """Each item parsed as the document parses it, for its text (``source=auto`` detects
    the language of that text); a 400 for an item that has text but cannot be read."""
    return [_read(item, f"q item {n + 1}" if many else "q") for n, item in enumerate(items)]


def _read(item: str, name: str) -> HtmlItem:
    if is_blank(item):
        return HtmlItem(item, name, "")
    try:
        root = parse_page(item, name=name)
    except InputError as error:
        # lxml finds no document in a comment or a stray end tag alone: nothing to say.
        if not any(visible_text(item)):
            return HtmlItem(item, name, "")
        raise ApiError(400, f"Invalid request: {error}") from None
    # The page's title and the text of its body: what the document translates of a
    # fragment (of a whole page, its article: within that text).
    texts = [" ".join((root.findtext(".//head/title") or "").split())]
    texts += [block.text for block in body_blocks(root)]
    return HtmlItem(item, name, "\n\n".join(text for text in texts if text))


async def translate_html(state: ServerState, items: list[HtmlItem]) -> list[str]:
    """Each item's English HTML (an item with no text as it was), on a document thread as
    an upload is translated: the same 400 and 503s (``on_document_thread``)."""
    wanted = [item for item in items if item.text]
    if not wanted:
        return [item.source for item in items]
    english = await on_document_thread(state, lambda engine: _translate(engine, wanted))
    done = dict(zip((id(item) for item in wanted), english, strict=True))
    return [done.get(id(item), item.source) for item in items]


def _translate(translator: Translator, items: list[HtmlItem]) -> list[str]:
    """The items written as ``.html`` files in a private folder and translated together;
    their English read back."""
    with tempfile.TemporaryDirectory(prefix="kabar-serve-html-") as folder:
        files: list[tuple[type[Document[Any]], Path, Path, str]] = []
        for n, item in enumerate(items):
            source, output = Path(folder, f"{n}.html"), Path(folder, f"{n}.en.html")
            source.write_bytes(_UTF8_BOM + item.source.encode("utf-8"))
            files.append((HtmlDocument, source, output, item.name))
        translate_files(translator, files)
        return [output.read_text(encoding="utf-8") for _, _, output, _ in files]
