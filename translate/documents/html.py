"""``.html``/``.htm`` inputs: the same page back, its article's text in English.

The page is parsed with lxml (a real HTML parser: the DOM a browser builds) and only text
is changed: every element, attribute and link stays where it was, so the page keeps its
layout and the output's DOM equals the input's except for text. What is translated: the
``<title>`` and the ``<meta>`` title and description (``og:``, ``twitter:``), and the
text of each block element of the article that reading the page finds, with the ``alt``
and ``title`` attributes in it (``html_article``; a fragment, or ``--whole-page``: all
the visible text). Scripts, styles, ``<code>``/``<pre>`` and other non-text elements are
never touched. A translation is always escaped text, never markup; a sentence crossing
inline tags (``<strong>``, ``<i>``, ``<a>``) is placed as ``html_inline`` says: a bold
dateline or a link whose words the English keeps still wraps them, other formatting goes
but never its words, a link is never lost. The page is written in UTF-8 with
``lang="en"``.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

from kabar.core.errors import InputError
from kabar.core.reading.decode import decode_text, read_file_bytes
from kabar.core.reading.html import HIDDEN_ELEMENTS, VisibleText
from kabar.translate.documents.html_article import select_article
from kabar.translate.documents.html_inline import SlotBlock
from kabar.translate.documents.structured import Block, Placed, StructuredDocument

__all__ = ["HtmlDocument", "SlotBlock", "VisibleText"]

# Elements left exactly as they are: those a reader does not see as the article (the
# rules every surface reads a page by: navigation, asides, forms, scripts ...) and code.
SKIPPED = HIDDEN_ELEMENTS | frozenset("code pre kbd samp var head option".split())
# Reading a page for its article lets the extractor judge navigation, asides, footers,
# buttons and the rest (a site may put its article in a <nav>, or in <noscript>): only
# what is never prose is left out of the walk then.
NEVER_PROSE = frozenset(
    "script style template svg math title iframe object canvas select textarea "
    "code pre kbd samp var head option".split()
)
INLINE = frozenset(
    "a abbr b bdi bdo cite data dfn em i mark q s small span strong sub sup time u font "
    "del ins label br wbr img big tt".split()
)
# Code inside a sentence: not translated, but part of the text the extractor kept.
SHOWN_CODE = frozenset("code kbd samp var".split())
TRANSLATED_ATTRIBUTES = ("alt", "title")
# The <meta> contents that are the page's title and summary as a link preview, a search
# result or a reader sees them (by ``name`` or ``property``): translated as the <title>
# is, else a shared English page shows an Indonesian headline. Not translated: URLs,
# images, locale, site name (a brand), charset and viewport, and ``keywords`` (a list of
# search terms for Indonesian searches, not sentences: the model would join and reorder
# them).
TRANSLATED_META = frozenset(
    "title description og:title og:description og:image:alt twitter:title "
    "twitter:description twitter:image:alt".split()
)
_URI_ATTRIBUTES = ("href", "src", "action", "name")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class AttributeBlock(Block):
    """One attribute's value (``alt``, ``title``)."""

    def __init__(self, element: Any, name: str, owner: Any = None) -> None:
        self.element = element
        self.name = name
        self.owner = owner  # the block element ``element`` is in (or is)
        super().__init__([element.get(name)])

    def put(self, placed: Sequence[Placed]) -> None:
        self.element.set(self.name, " ".join(item.english for item in placed))


def head_blocks(root: Any) -> list[Block]:
    """The page's own title and summary, in document order: its ``<title>`` (the first,
    when it has text) and the ``content`` of each ``<meta>`` named in TRANSLATED_META."""
    blocks: list[Block] = []
    title = root.find(".//head/title")
    for element in root.iter("title", "meta"):
        if element is title and (title.text or "").strip():
            blocks.append(SlotBlock([(title, "text")], [True], owner=title))
        elif element.tag == "meta" and _translated_meta(element):
            meta = AttributeBlock(element, "content", owner=element)
            meta.in_brief = False  # a summary of the article, not one of its lines
            blocks.append(meta)
    return blocks


def _translated_meta(meta: Any) -> bool:
    names = {(meta.get(key) or "").strip().lower() for key in ("name", "property")}
    return bool(names & TRANSLATED_META) and bool((meta.get("content") or "").strip())


def body_blocks(root: Any, *, visible: bool = True) -> list[Block]:
    """The blocks of the page's body, its text and attributes, in document order:
    ``visible``, without navigation, asides, footers and the rest of SKIPPED (the
    visible-text rules); else all but NEVER_PROSE (for the article's extraction to judge)."""
    body = root.find(".//body")
    return list(_blocks_of(root if body is None else body, SKIPPED if visible else NEVER_PROSE))


def _blocks_of(element: Any, skipped: frozenset[str] = SKIPPED) -> Iterator[Block]:
    """The blocks of a block-level element and its descendants, in document order."""
    slots: list[tuple[Any, str]] = [(element, "text")]
    level = [True]
    shown: list[str] = [element.text or ""]

    def flush() -> Iterator[Block]:
        if any((getattr(e, w) or "").strip() for e, w in slots):
            lines = _link_lines(slots)
            for line in lines:
                yield SlotBlock(line, [_outside(e, w, line[0][0]) for e, w in line], owner=element)
            if not lines:
                yield SlotBlock(slots, level, owner=element, shown=" ".join(shown))
        slots.clear()
        level.clear()
        shown.clear()

    def inline(node: Any, depth: int) -> Iterator[Block]:
        yield from _attributes(node, element)
        slots.append((node, "text"))
        level.append(False)
        shown.append(node.text or "")
        for child in node:
            yield from visit(child, depth + 1)

    def visit(child: Any, depth: int) -> Iterator[Block]:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        # comments, processing instructions and code (``skipped``) are left untouched;
        # only their tail text, after them, is translated
        if tag == "br":
            # A line break ends a line, as reading a page takes it: the words either side
            # never run together ("Palu<br>Warga" was "PaluWarga") nor make one sentence.
            yield from flush()
        elif tag in INLINE:
            yield from inline(child, depth)
        elif tag and tag not in skipped:
            yield from flush()
            yield from _blocks_of(child, skipped)
        elif tag in SHOWN_CODE:
            shown.append(child.text_content())
        slots.append((child, "tail"))
        level.append(depth == 0)
        shown.append(child.tail or "")

    yield from _attributes(element, element)
    for child in element:
        yield from visit(child, 0)
    yield from flush()


def _link_lines(slots: Sequence[tuple[Any, str]]) -> list[list[tuple[Any, str]]]:
    """The slots of each link, when a block's text is two links or more and nothing
    else (a "Baca juga" box, a list of tags): each is a line of its own, its English
    inside it. Read as one sentence, the titles (no full stop between them) had their
    English before the links and their Indonesian kept in the links."""
    links = [e for e, w in slots if w == "text" and _is_link(e) and not _in_link(e)]
    lines = [[(e, w) for e, w in slots if _within(e, w, link)] for link in links]
    lines = [line for line in lines if any((getattr(e, w) or "").strip() for e, w in line)]
    inside = {(id(e), w) for line in lines for e, w in line}
    rest = [(e, w) for e, w in slots if (id(e), w) not in inside]
    if len(lines) < 2 or any((getattr(e, w) or "").strip() for e, w in rest):
        return []
    return lines


def _is_link(element: Any) -> bool:
    return isinstance(element.tag, str) and element.tag.lower() == "a"


def _in_link(element: Any) -> bool:
    return any(_is_link(node) for node in element.iterancestors())


def _within(element: Any, where: str, link: Any) -> bool:
    """Whether a slot is text of ``link``: its own text, or any text of its descendants."""
    if element is link:
        return where == "text"
    return any(node is link for node in element.iterancestors())


def _outside(element: Any, where: str, link: Any) -> bool:
    """Whether a slot of a link's line is outside every inline element inside the link."""
    return element is link if where == "text" else element.getparent() is link


def _attributes(element: Any, owner: Any) -> Iterator[Block]:
    for name in TRANSLATED_ATTRIBUTES:
        if (element.get(name) or "").strip():
            yield AttributeBlock(element, name, owner)


def parse_page(text: str, *, name: str) -> Any:
    """The DOM of the decoded page ``text``; InputError when lxml cannot read it."""
    import lxml.html

    # lxml refuses a str that declares its encoding (an XHTML page's <?xml ...?>); the
    # text is decoded already, so the declaration has nothing left to say.
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        return lxml.html.document_fromstring(text)
    except Exception as error:  # lxml's several parser errors
        raise InputError(f"{name} is not a readable HTML page ({error}).") from None


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
        self._root = root = parse_page(text, name=self.name)
        self._doctype, self._fragment, self._trailing = _shape_of(text, root)
        selection = select_article(
            text,
            head_blocks(root),
            lambda visible: body_blocks(root, visible=visible),
            name=self.name,
            whole_page=self.options.whole_page,
        )
        if selection.notice:
            self.note(selection.notice)
        if selection.unmatched:  # the article's paragraphs left untranslated (the notice)
            self.details["unmatched_paragraphs"] = len(selection.unmatched)
        blocks = list(selection.blocks)
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
        with _uris_kept(root) as restore:
            if self._fragment:
                page = _inner_html(root)
            else:
                # include_meta_content_type: lxml drops a page's <meta http-equiv=
                # "Content-Type"> by default, and a browser opening the UTF-8 page would
                # have to guess its charset.
                page = lxml.html.tostring(
                    root,
                    encoding="unicode",
                    method="html",
                    doctype=self._doctype or None,
                    include_meta_content_type=True,
                )
        page = restore(page)
        if not page.endswith(self._trailing):
            page += self._trailing
        handle.write(page.encode("utf-8"))


@contextmanager
def _uris_kept(root: Any) -> Iterator[Callable[[str], str]]:
    """libxml2's HTML writer percent-escapes ``href``, ``src``, ``action`` and ``name``
    ("/vorträge/" -> "/vortr%C3%A4ge/", a space -> "%20", a newline in a ``src`` -> "%0A",
    which a browser would no longer strip): within this block those values are ASCII
    placeholders, and the function yielded puts the values back, as they were, into the
    written page."""
    token = f"kabar-uri-{uuid.uuid4().hex}-"
    originals: list[tuple[Any, str, str]] = []
    for element in root.iter():
        if isinstance(element.tag, str):
            for name in _URI_ATTRIBUTES:
                value = element.get(name)
                if value is not None:
                    element.set(name, f"{token}{len(originals)}-")
                    originals.append((element, name, value))
    pattern = re.compile(re.escape(token) + r"(\d+)-")

    def restore(page: str) -> str:
        return pattern.sub(lambda m: html.escape(originals[int(m.group(1))][2]), page)

    try:
        yield restore
    finally:
        for element, name, value in originals:
            element.set(name, value)


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
    # A comment before the fragment's first element is parsed as the page's sibling.
    before = root.getprevious()
    while before is not None:
        parts.insert(0, lxml.html.tostring(before, encoding="unicode"))
        before = before.getprevious()
    for part in (root.find("head"), root.find("body")):
        if part is None:
            continue
        parts.append(html.escape(part.text or "", quote=False))
        parts += [lxml.html.tostring(child, encoding="unicode") for child in part]
    return "".join(parts)


FORMAT = HtmlDocument
