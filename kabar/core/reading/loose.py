"""Sentences the extractor dropped from the article's own loose text.

Some news sites write the body as loose text separated by ``<br>`` inside one element,
with ad blocks and "Baca juga" tables between the lines (detik: ``text<br><br><div
class="ads">…</div>text``). trafilatura keeps the loose lines before such a block and loses
the line right after it (the block's tail). ``recover_loose_sentences`` puts those lines
back, on evidence from the page itself: a line is recovered only when it is loose text of
an element in which the extractor kept another loose line (so it sits in the article's
own container, between its paragraphs) and it reads as a sentence (it ends as one: an
address, a date line, "Kontakt | …" or a link list does not). Nothing is tuned: measured on
the 300 real pages, it adds one article snippet and no furniture snippet, and recovers the
lost detik paragraph (docs/web-pages.md).
"""

from __future__ import annotations

import re
from typing import Any

# Elements that flow inside a line of text: their text is part of the loose line around them.
_INLINE = frozenset(
    "a abbr b bdi bdo big cite code data del dfn em font i img ins kbd label mark nobr q s "
    "samp small span strike strong sub sup time tt u var wbr".split()
)
# Elements whose text is not the page's visible prose.
_HIDDEN = frozenset(
    "script style noscript template head title select option textarea button".split()
)
_NOT_CONTAINERS = _HIDDEN | _INLINE
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_SOFT_HYPHEN = "\u00ad"


def recover_loose_sentences(tree: Any, paragraphs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``paragraphs`` (kabar's (tag, text) pairs read from the page ``tree``, an lxml
    tree) with the article container's dropped loose sentences put back in place."""
    kept = {text for _, text in paragraphs}
    joined = " ".join(text for _, text in paragraphs)
    out = list(paragraphs)
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_CONTAINERS:
            continue
        lines = [line for line in _loose_lines(element) if line]
        if not any(line in kept for line in lines):
            continue
        previous: str | None = None
        for index, line in enumerate(lines):
            if line in kept:
                previous = line
            elif line not in joined and _SENTENCE_END.search(line):
                following = next((later for later in lines[index + 1 :] if later in kept), None)
                out.insert(_position(out, previous, following), ("p", line))
                kept.add(line)
                previous = line
    return out


def _loose_lines(element: Any) -> list[str]:
    """The lines of text directly in ``element``: its text and its children's tails, with
    inline children's text, split where a block child or a ``<br>`` stands."""
    lines: list[str] = []
    current = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else None
        if tag is None:  # a comment or processing instruction: only its tail shows
            current.append(child.tail or "")
        elif tag in _INLINE:
            current += [child.text_content(), child.tail or ""]
        else:
            lines.append(_clean("".join(current)))
            current = [child.tail or ""]
    lines.append(_clean("".join(current)))
    return lines


def _clean(text: str) -> str:
    return " ".join(text.replace(_SOFT_HYPHEN, "").split())


def _position(out: list[tuple[str, str]], previous: str | None, following: str | None) -> int:
    """Where a recovered line goes: before the container's next kept line (after the ad
    block the line followed), else after its line before it."""
    if following is not None:
        return next(i for i, (_, text) in enumerate(out) if text == following)
    return next(i for i, (_, text) in enumerate(out) if text == previous) + 1
