"""``format=html``: the markup is kept byte for byte and only its text is translated.

The page is cut into markup and text pieces; text inside ``<script>``, ``<style>``,
``<code>`` and ``<pre>`` is kept as it is. Text is unescaped for the engine and escaped
again on the way back, so a translation can never add markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from html.parser import HTMLParser

KEPT_AS_IS = frozenset({"script", "style", "code", "pre", "textarea"})


@dataclass(frozen=True)
class Piece:
    """Markup (``text`` False: copied) or text to translate (``text`` True, unescaped)."""

    value: str
    text: bool


class _Cutter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[Piece] = []
        self._kept = 0

    def _markup(self, value: str) -> None:
        self.pieces.append(Piece(value, False))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._markup(self.get_starttag_text() or f"<{tag}>")
        if tag in KEPT_AS_IS:
            self._kept += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._markup(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        self._markup(f"</{tag}>")
        if tag in KEPT_AS_IS and self._kept:
            self._kept -= 1

    def handle_data(self, data: str) -> None:
        if self.cdata_elem is not None:  # <script>, <style>: raw, never unescaped
            self._markup(data)
        elif self._kept or not data.strip():
            self._markup(html.escape(data, quote=False))
        else:
            self.pieces.append(Piece(data, True))

    def handle_comment(self, data: str) -> None:
        self._markup(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._markup(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._markup(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._markup(f"<![{data}]>")


def cut(page: str) -> list[Piece]:
    cutter = _Cutter()
    cutter.feed(page)
    cutter.close()
    return cutter.pieces


def join(pieces: list[Piece], translations: dict[int, str]) -> str:
    """The page again, piece ``i``'s text replaced by ``translations[i]`` (escaped)."""
    return "".join(
        html.escape(translations.get(i, p.value), quote=False) if p.text else p.value
        for i, p in enumerate(pieces)
    )
