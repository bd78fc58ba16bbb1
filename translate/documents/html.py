"""``.html``/``.htm`` inputs: the same page back, its article's text in English.

The page is parsed with lxml (a real HTML parser: the DOM a browser builds) and only text
is changed: every element, attribute and link stays where it was, so the page keeps its
layout and the output's DOM equals the input's except for text. What is translated: the
``<title>``, and within the article (the first ``<article>``, else ``<main>``, else the
``<body>`` without its navigation, asides, footer and forms) the text of each block
element, ``alt`` and ``title`` attributes. Scripts, styles, ``<code>``/``<pre>`` and
other non-text elements are never touched. A sentence crossing inline tags (``<b>``,
``<a>``) is put in the first of its text nodes outside them, never as markup: a
translation is always escaped text. The page is written in UTF-8 with ``lang="en"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import IO, Any

from kabar.core.errors import InputError
from kabar.core.reading.decode import decode_text, read_file_bytes
from kabar.core.reading.html import HIDDEN_ELEMENTS, VisibleText
from kabar.translate.documents.structured import Block, Placed, StructuredDocument

__all__ = ["HtmlDocument", "VisibleText"]

# Elements left exactly as they are: those a reader does not see as the article (the
# rules every surface reads a page by: navigation, asides, forms, scripts ...) and code.
SKIPPED = HIDDEN_ELEMENTS | frozenset("code pre kbd samp var head option".split())
INLINE = frozenset(
    "a abbr b bdi bdo cite data dfn em i mark q s small span strong sub sup time u font "
    "del ins label br wbr img big tt".split()
)
TRANSLATED_ATTRIBUTES = ("alt", "title")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class SlotBlock(Block):
    """Text nodes of one block: ``slots[i]`` is (element, "text" | "tail"), read as
    ``element.text`` or ``element.tail``; ``level[i]`` says whether it is outside every
    inline element of the block (where a crossing sentence goes)."""

    def __init__(self, slots: Sequence[tuple[Any, str]], level: Sequence[bool]) -> None:
        self.slots = list(slots)
        self.level = list(level)
        self.raws = [getattr(element, where) or "" for element, where in slots]
        super().__init__(self.raws)

    def put(self, placed: Sequence[Placed]) -> None:
        english: list[list[str]] = [[] for _ in self.slots]
        for item in placed:
            english[self._slot_of(item)].append(item.english)
        for index, (element, where) in enumerate(self.slots):
            raw = self.raws[index]
            lead = " " if raw[:1].isspace() else ""
            trail = " " if raw[-1:].isspace() else ""
            text = " ".join(english[index])
            # A slot whose words went into a sentence placed elsewhere keeps one space, if
            # it had one, so that the words around it stay apart.
            setattr(element, where, lead + text + trail if text else (lead or trail))

    def _slot_of(self, item: Placed) -> int:
        if item.slot is not None:
            return item.slot
        overlapping = [
            i for i, (s, e) in enumerate(self.spans) if s < e and s < item.end and item.start < e
        ]
        outside = [i for i in overlapping if self.level[i]]
        return (outside or overlapping or [0])[0]


class AttributeBlock(Block):
    """One attribute's value (``alt``, ``title``)."""

    def __init__(self, element: Any, name: str) -> None:
        self.element = element
        self.name = name
        super().__init__([element.get(name)])

    def put(self, placed: Sequence[Placed]) -> None:
        self.element.set(self.name, " ".join(item.english for item in placed))


def page_blocks(root: Any) -> list[Block]:
    """The blocks of a page in reading order: its title, then the article's text and
    attributes."""
    blocks: list[Block] = []
    title = root.find(".//head/title")
    if title is not None and (title.text or "").strip():
        blocks.append(SlotBlock([(title, "text")], [True]))
    scope = _article(root)
    if scope is not None:
        blocks += _blocks_of(scope)
    return blocks


def _article(root: Any) -> Any:
    for path in (".//article", ".//main", ".//body"):
        found = root.find(path)
        if found is not None:
            return found
    return root


def _blocks_of(element: Any) -> Iterator[Block]:
    """The blocks of a block-level element and its descendants, in document order."""
    slots: list[tuple[Any, str]] = [(element, "text")]
    level = [True]

    def flush() -> Iterator[Block]:
        if any((getattr(e, w) or "").strip() for e, w in slots):
            yield SlotBlock(slots, level)
        slots.clear()
        level.clear()

    def inline(node: Any, depth: int) -> Iterator[Block]:
        yield from _attributes(node)
        slots.append((node, "text"))
        level.append(False)
        for child in node:
            yield from visit(child, depth + 1)

    def visit(child: Any, depth: int) -> Iterator[Block]:
        tag = child.tag if isinstance(child.tag, str) else ""
        # comments, processing instructions and code (SKIPPED) are left untouched;
        # only their tail text, after them, is translated
        if tag and tag.lower() in INLINE:
            yield from inline(child, depth)
        elif tag and tag.lower() not in SKIPPED:
            yield from flush()
            yield from _blocks_of(child)
        slots.append((child, "tail"))
        level.append(depth == 0)

    yield from _attributes(element)
    for child in element:
        yield from visit(child, 0)
    yield from flush()


def _attributes(element: Any) -> Iterator[Block]:
    for name in TRANSLATED_ATTRIBUTES:
        if (element.get(name) or "").strip():
            yield AttributeBlock(element, name)


class HtmlDocument(StructuredDocument):
    """An HTML page; ``.en.html`` is the same page with its article in English."""

    kind = "html"
    suffixes = (".html", ".htm")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._root: Any = None
        self._doctype = ""
        self._fragment = False
        self._trailing = ""

    def load(self) -> list[Block]:
        import lxml.html

        text, encoding, notices = decode_text(
            read_file_bytes(self.source, name=self.name), name=self.name
        )
        self.details["encoding"] = encoding
        for notice in notices:
            self.note(notice)
        if not text.strip():
            raise InputError(f"{self.name} has no visible text to translate.")
        # lxml refuses a str that declares its encoding (an XHTML page's <?xml ...?>);
        # the text is decoded already, so the declaration has nothing left to say.
        text = _XML_DECLARATION.sub("", text, count=1)
        try:
            self._root = lxml.html.document_fromstring(text)
        except Exception as error:  # lxml's several parser errors
            raise InputError(f"{self.name} is not a readable HTML page ({error}).") from None
        self._doctype, self._fragment, self._trailing = _shape_of(text, self._root)
        blocks = page_blocks(self._root)
        if not any(block.text for block in blocks):
            raise InputError(f"{self.name} has no visible text to translate.")
        return blocks

    def save(self, handle: IO[bytes]) -> None:
        import lxml.html

        root = self._root
        root.set("lang", "en")
        for meta in root.iterfind(".//meta"):
            if meta.get("charset") is not None:
                meta.set("charset", "utf-8")
            elif (meta.get("http-equiv") or "").lower() == "content-type":
                meta.set("content", "text/html; charset=utf-8")
        if self._fragment:
            page = _inner_html(root)
        else:
            page = lxml.html.tostring(
                root, encoding="unicode", method="html", doctype=self._doctype or None
            )
        if not page.endswith(self._trailing):
            page += self._trailing
        handle.write(page.encode("utf-8"))


# A doctype opens a page, after whitespace and comments only.
_DOCTYPE = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<!doctype\b", re.IGNORECASE | re.DOTALL)
_PAGE_TAG = re.compile(r"<(?:html|body)[\s>/]", re.IGNORECASE)


def _shape_of(text: str, root: Any) -> tuple[str, bool, str]:
    """What the written page keeps of the input's shape: its doctype ("" when it had
    none: lxml's parser invents an HTML 4.0 one), whether it was a fragment (no
    ``<html>``/``<body>``: written back without the wrapper lxml adds) and the whitespace
    it ended with."""
    doctype = (root.getroottree().docinfo.doctype or "") if _DOCTYPE.match(text) else ""
    return doctype, _PAGE_TAG.search(text) is None, text[len(text.rstrip()) :]


def _inner_html(root: Any) -> str:
    """A fragment as it came: the elements lxml put in its ``<head>`` and ``<body>``."""
    import html

    import lxml.html

    parts: list[str] = []
    for part in (root.find("head"), root.find("body")):
        if part is None:
            continue
        parts.append(html.escape(part.text or "", quote=False))
        parts += [lxml.html.tostring(child, encoding="unicode") for child in part]
    return "".join(parts)


FORMAT = HtmlDocument
