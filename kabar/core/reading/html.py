"""HTML as an article: is a text a page, and what of it does a reader see.

``VisibleText`` is the one reduction of a page to its paragraphs, used for a pasted or
piped page (``visible_text``) and, fed chunk by chunk, for a streamed ``.html`` file in
translate-dir. Block elements (``p``, ``div``, headings, list items, table cells ...) end
a paragraph, and so do two ``br`` in a row or one before a line that does not go on in
lower case (``…respons langsung<br>terhadap ancaman`` is one sentence). The content of
elements a reader does not see as the article (``script``, ``style``, ``nav``, ``aside``,
``footer``, buttons, the ``title`` ...) is dropped. A ``<form>`` is not: old ASP.NET sites
wrap the whole page in one.

This is the reduction of a page fragment, and of a whole page read with ``--whole-page``;
``kabar.core.reading.page`` reads the article out of a whole page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

HIDDEN_ELEMENTS = frozenset(
    "script style nav noscript template svg math title iframe object canvas "
    "aside footer button select textarea".split()
)
BLOCK_ELEMENTS = frozenset(
    "address article blockquote caption dd details dialog div dl dt fieldset "
    "figcaption figure h1 h2 h3 h4 h5 h6 header hr li main ol p pre section summary "
    "table tbody td tfoot th thead tr ul body html".split()
)
HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
PARAGRAPH_BREAK = "\n\n"
# A script's or style's end tag with junk before its ">" ("</script <p>", "</script\n…>"):
# browsers end the element there, Python's parser would read the rest of the page as script.
_RAW_TEXT_END = re.compile(r"</(script|style)\s[^>]*>", re.I)
_HELD_CHARS = 4096  # at most this much of a chunk's unfinished tag waits for the next one

# A page, not prose: a doctype or <html>/<body> near the start, or prose-like text with
# several paragraph-level tags in it.
_HTML_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_BLOCK_TAG = re.compile(r"</?(p|div|br|h[1-6]|li|article|section|span|a)\b[^>]*>", re.I)


class VisibleText(HTMLParser):
    """Collects the visible paragraphs of a page fed in pieces; ``take()`` hands over
    the paragraphs completed so far. A paragraph longer than ``max_chars`` is ended early
    so memory stays bounded."""

    def __init__(self, *, max_chars: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_chars = max_chars
        self._hidden = 0
        self._parts: list[str] = []
        self._size = 0
        self._tag = "p"
        self._done: list[tuple[str, str]] = []
        self._breaks = 0  # <br> since the last visible text
        self._held = ""  # an unfinished tag at the end of the last chunk

    def feed(self, data: str) -> None:
        # Mending an end tag needs its ">": what follows a chunk's last ">" waits for the
        # next chunk (bounded), so a tag cut in two by the chunking is mended whole.
        data = self._held + data
        last = data.rfind(">")
        start = data.find("<", last + 1)
        if start >= 0 and len(data) - start <= _HELD_CHARS:
            data, self._held = data[:start], data[start:]
        else:
            self._held = ""
        super().feed(mend_raw_text_end_tags(data))

    def close(self) -> None:
        held, self._held = self._held, ""
        super().feed(held)
        super().close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        elif tag == "br":
            self._breaks += 0 if self._hidden else 1
        elif tag in BLOCK_ELEMENTS:
            self.end_paragraph()
            if tag in HEADINGS:
                self._tag = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/> is one element: HTMLParser's default would also call handle_endtag, which
        # counts a stray </br> as a second break.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # a stray </br>: browsers break the line for it too
            self.handle_starttag(tag, [])
        elif tag in HIDDEN_ELEMENTS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCK_ELEMENTS:
            self.end_paragraph()

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        start = data.lstrip()[:1]
        if self._breaks and start:
            # A line break: the sentence goes on when the next line does, in lower case.
            if self._breaks > 1 or not start.islower():
                self.end_paragraph()
            else:
                self._parts.append(" ")
            self._breaks = 0
        self._parts.append(data)
        self._size += len(data)
        if self._size > self.max_chars:
            self.end_paragraph()

    def end_paragraph(self) -> None:
        text = " ".join("".join(self._parts).split())
        if text:
            self._done.append((self._tag, text))
        self._parts, self._size, self._tag, self._breaks = [], 0, "p", 0

    def take(self) -> list[tuple[str, str]]:
        done, self._done = self._done, []
        return done


def mend_raw_text_end_tags(text: str) -> str:
    """``text`` with each malformed script/style end tag ("</script <p>") written as the
    browser reads it ("</script>")."""
    return _RAW_TEXT_END.sub(lambda match: f"</{match.group(1)}>", text)


def looks_like_html(text: str) -> bool:
    """True for an HTML page or fragment pasted as an article (3+ block tags)."""
    return bool(_HTML_START.match(text[:1000])) or len(_BLOCK_TAG.findall(text[:20000])) >= 3


def visible_text(text: str) -> list[str]:
    """The visible paragraphs of the page ``text``, in order."""
    parser = VisibleText(max_chars=len(text) + 1)
    parser.feed(text)
    parser.close()
    parser.end_paragraph()
    return [paragraph for _, paragraph in parser.take()]


def html_notice(name: str, paragraphs: int) -> str:
    # Said by every command that reads an article (split and summarize too): "reading".
    counted = "1 paragraph" if paragraphs == 1 else f"{paragraphs} paragraphs"
    return f"{name} is HTML: reading only its visible text ({counted})."
