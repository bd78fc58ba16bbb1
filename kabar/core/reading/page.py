"""A whole web page: read the article out of it, not the menus around it.

A saved news page is mostly not its article: navigation, "Berita Terkait" and popular
lists, share bars, comments, consent banners, footers (measured on Indonesian news pages,
73% of the visible text). ``page_article`` hands the page to trafilatura (Apache-2.0, a
main-content extractor made and measured for this; see docs/web-pages.md for the figures
against today's visible-text reducer and jusText), and turns its result into kabar's
paragraphs: the headline first (from the page's metadata when the text lacks it), then
the body's paragraphs, headings, list items and table cells in order, with the sentences
of the article's own loose text that the extractor dropped next to an ad block put back
(``kabar.core.reading.loose``), and the ad labels and copyright notice it kept left out.

Only whole pages go this way (a doctype, ``<html>``, ``<head>`` or ``<body>``): a pasted
fragment of paragraphs has nothing around its article to leave out, and keeps the
visible-text reducer (``kabar.core.reading.html``), as does ``--whole-page``. A page the
extractor finds no article in is read whole, and the notice says so: never a page unread.

trafilatura is imported on first use: ``kabar split`` and ``--help`` stay light.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kabar.core.furniture import BODY, is_page_chrome, sentence_role
from kabar.core.reading.html import mend_raw_text_end_tags, visible_text
from kabar.core.reading.loose import recover_loose_sentences

# A page, not a fragment: a doctype or a page-level element near the start (a browser's
# "Save as" may put a comment such as "<!-- saved from url=… -->" before them).
_PAGE_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_PAGE_SNIFF = 4000
# The extractor drops <form> with its content: right for a search box or a login form,
# wrong for old ASP.NET sites, which wrap the whole page in one form. A form holding more
# than _PAGE_FORM of the page's markup is such a wrapper, and is unwrapped; the others
# stay forms (unwrapping every form let a login form's prose pass for the article).
_FORM = re.compile(r"<form\b[^>]*>(.*?)</form\s*>", re.I | re.S)
_PAGE_FORM = 0.5
# And it drops <figure>, where a news page puts the photo caption that kabar keeps (marked
# as furniture): renamed.
_FIGURE_TAG = re.compile(r"<(/?)(figure|figcaption)\b", re.I)
_SOFT_HYPHEN = "\u00ad"
# trafilatura leaves comment sections out by their English names ("comment", "disqus");
# Indonesian sites also name them "komentar". Never a box that holds the headline.
_INDONESIAN_COMMENTS = (
    "//*[(self::div or self::section or self::aside or self::ul or self::ol)"
    " and (contains(translate(@class, 'KOMENTAR', 'komentar'), 'komentar')"
    " or contains(translate(@id, 'KOMENTAR', 'komentar'), 'komentar'))"
    " and not(.//h1) and not(.//article)]"
)
_BLOCKS = {"p": "p", "head": "h2", "quote": "p", "code": "p", "item": "p", "cell": "p"}
_CONTAINERS = frozenset({"list", "table", "row", "div", "body", "main", "section"})
# trafilatura's inline elements: their text is part of the line around them.
_INLINE = frozenset({"hi", "ref", "del", "graphic", "span", "a", "b", "i", "em", "strong"})
_WORD = re.compile(r"\w")
_DASH_START = re.compile(r"^[-–—]\s")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")


@dataclass(frozen=True)
class PageArticle:
    """The article read out of a page: ``paragraphs`` as (tag, text) pairs (``h1`` for the
    headline, ``h2`` for a subheading, ``p`` otherwise); ``visible_chars`` the characters
    of the page's whole visible text; ``found`` False when no article was found and
    ``paragraphs`` is that whole visible text."""

    paragraphs: tuple[tuple[str, str], ...]
    visible_chars: int
    found: bool

    @property
    def kept_chars(self) -> int:
        return sum(len(text) for _, text in self.paragraphs)


def is_whole_page(text: str) -> bool:
    """True for a page (doctype, <html>, <head> or <body> near the start), False for a
    fragment of HTML."""
    return _PAGE_START.search(text[:_PAGE_SNIFF]) is not None


def page_article(page: str) -> PageArticle:
    """The article of the web page ``page`` (see the module's description)."""
    whole = [("p", text) for text in visible_text(page)]
    visible = sum(len(text) for _, text in whole)
    prepared = _FIGURE_TAG.sub(_figure_as_block, _unwrap_page_forms(mend_raw_text_end_tags(page)))
    paragraphs = _extract(prepared)
    if not paragraphs:
        return PageArticle(tuple(whole), visible, found=False)
    return PageArticle(tuple(paragraphs), visible, found=True)


# What the command line offers to read a whole page; each surface says its own way.
WHOLE_PAGE_HINT = "kabar translate --whole-page reads them all"


def page_notice(name: str, article: PageArticle, hint: str | None = WHOLE_PAGE_HINT) -> str:
    """What reading ``article`` out of the page ``name`` did; ``hint``: how to read it all
    instead on this surface (None: there is no way)."""
    if not article.found:
        return (
            f"{name} is a web page in which no article was found: reading all its visible "
            f"text ({article.visible_chars:,} characters)."
        )
    if article.kept_chars > article.visible_chars:
        # The extraction read text the visible-text reading leaves out (menus, asides).
        return (
            f"{name}: read the article from a web page: kept {article.kept_chars:,} "
            f"characters, more than the {article.visible_chars:,} of its visible text outside "
            "menus and footers (which is what a whole-page reading reads)."
        )
    told = f" ({hint})" if hint else ""
    return (
        f"{name}: read the article from a web page: kept {article.kept_chars:,} of "
        f"{article.visible_chars:,} visible characters{told}."
    )


def _unwrap_page_forms(page: str) -> str:
    """``page`` with the tags of each form that wraps most of it removed (its content kept)."""

    def unwrap(match: re.Match[str]) -> str:
        if len(match.group(0)) > _PAGE_FORM * len(page):
            return match.group(1)
        return match.group(0)

    return _FORM.sub(unwrap, page)


def _figure_as_block(match: re.Match[str]) -> str:
    return f"<{match.group(1)}{'div' if match.group(2).lower() == 'figure' else 'p'}"


def _extract(page: str) -> list[tuple[str, str]]:
    # Imported here: trafilatura pulls in lxml, dateparser and more (~0.3 s).
    from trafilatura import bare_extraction
    from trafilatura.metadata import extract_title
    from trafilatura.utils import load_html

    tree = load_html(page)
    if tree is None:
        return []
    title = " ".join((_headline(tree) or extract_title(tree) or "").split())
    document = bare_extraction(
        page,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        prune_xpath=_INDONESIAN_COMMENTS,
    )
    body = getattr(document, "body", None)
    if body is None:
        return []
    walked: list[tuple[str, str, bool]] = []
    _walk(body, walked)
    walked = _without_link_lists(walked, tree)
    paragraphs = recover_loose_sentences(tree, _join_split_lines(walked))
    # Ad labels and the copyright footer pass trafilatura when inside the article's box.
    paragraphs = [(tag, text) for tag, text in paragraphs if not is_page_chrome(text)]
    if paragraphs and title and not _has_headline(title, paragraphs):
        paragraphs.insert(0, ("h1", title))
    return paragraphs


def _headline(tree: Any) -> str | None:
    """The page's one ``<h1>``, else its ``og:title`` (the headline without the site's
    name, which ``<title>`` often adds)."""
    headings = tree.findall(".//h1")
    if len(headings) == 1:
        text = " ".join(headings[0].itertext()).strip()
        if text:
            return text
    for content in tree.xpath("//meta[@property='og:title']/@content"):
        if str(content).strip():
            return str(content)
    return None


def _walk(element: Any, out: list[tuple[str, str, bool]]) -> None:
    """Appends the paragraphs of trafilatura's output tree ``element`` to ``out`` as (tag,
    text, loose); a line break (``lb``) inside a paragraph ends a paragraph, as ``<br>``
    lines do on a page. Text the extractor left directly in a container, outside any
    paragraph (a bold dateline before the first one, a "Baca juga" line or the editors'
    initials between ``<br>`` lines), is read too, as loose lines: trafilatura's own text
    output has it."""
    loose: list[str] = [element.text or ""]

    def flush() -> None:
        out.extend(("p", line, True) for line in _split_lines("".join(loose)))
        loose.clear()

    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCKS:
            flush()
            out.extend((_BLOCKS[tag], line, False) for line in _lines(child))
        elif tag in _CONTAINERS or (len(child) and tag not in _INLINE):
            flush()
            _walk(child, out)
        elif tag == "lb":
            loose.append("\n")
        else:
            loose.append("".join(child.itertext()))
        loose.append(child.tail or "")
    flush()


def _without_link_lists(
    paragraphs: list[tuple[str, str, bool]], tree: Any
) -> list[tuple[str, str, bool]]:
    """``paragraphs`` without the loose lines made only of the page's link texts: the
    extractor flattens links, so viva's "Baca Juga" box (a title, then three links) leaves
    the three titles run together as one loose line."""
    lines = [text for _, text, loose in paragraphs if loose]
    if not lines:
        return paragraphs
    anchors = sorted(
        {text for a in tree.iter("a") if (text := " ".join("".join(a.itertext()).split()))},
        key=len,
        reverse=True,
    )
    links_only = set()
    for line in lines:
        rest = line
        for anchor in anchors:
            if anchor in rest:
                rest = rest.replace(anchor, " ")
        if not _WORD.search(rest):
            links_only.add(line)
    return [p for p in paragraphs if not (p[2] and p[1] in links_only)]


def _join_split_lines(paragraphs: list[tuple[str, str, bool]]) -> list[tuple[str, str]]:
    """(tag, text) pairs: a loose line that the extractor cut from the paragraph it opens
    joined back ("TANJUNG BATU", bold on the page, then "- Sekitar 400 nelayan …" is one
    lead sentence with its dateline); the other loose lines kept when ``_kept_loose``."""
    joined: list[tuple[str, str, bool]] = []
    for tag, text, loose in paragraphs:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous[2]
            and _DASH_START.match(text)
            and not _SENTENCE_END.search(previous[1])
        ):
            joined[-1] = (previous[0], f"{previous[1]} {text}", False)
        else:
            joined.append((tag, text, loose))
    return [(tag, text) for tag, text, loose in joined if not loose or _kept_loose(text)]


def _kept_loose(text: str) -> bool:
    """Whether a loose line is read: a sentence, or furniture kabar marks ("Baca juga: …",
    the editors' "(abd)"); a date or "View Comments" left beside the paragraphs is not."""
    return _SENTENCE_END.search(text) is not None or sentence_role(text) != BODY


def _lines(element: Any) -> list[str]:
    parts: list[str] = []

    def collect(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append("\n")
            else:
                collect(child)
            if child.tail:
                parts.append(child.tail)

    collect(element)
    return _split_lines("".join(parts))


def _split_lines(text: str) -> list[str]:
    """``text``'s non-blank lines, spaces collapsed. A soft hyphen is a hyphenation hint,
    invisible on the page ("Mit\xadtel\xadal\xadter"): left in, it splits words for the
    search of a phrase and for the model."""
    text = text.replace(_SOFT_HYPHEN, "")
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _has_headline(title: str, paragraphs: list[tuple[str, str]]) -> bool:
    """Whether the extracted text already opens with (or near) the page's title."""
    wanted = title.casefold()
    return any(wanted in text.casefold() for _, text in paragraphs[:3])
