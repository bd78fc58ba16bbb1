"""What of a saved web page is translated in place: its article, as reading it found it.

A whole page (``kabar.core.reading.page.is_whole_page``) is read for its article the way
every surface reads it (``page_article``, trafilatura's main-content extraction), and the
extraction is mapped back onto the page's own blocks (``match_blocks``): the blocks that
hold the article's paragraphs (its headline among them), the ``<title>`` and the
``<meta>`` title and description (the page's metadata is the article's), and the ``alt``
and ``title`` attributes inside those blocks are translated; every other element is left
as it was. A fragment (no page structure), ``--whole-page``, and a page in which no
article was found (or none of it could be mapped back) have all their visible text
translated, as reading them as text does. The notice says how much was translated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kabar.core.reading.page import PageArticle, is_whole_page, page_article
from kabar.core.reading.page_map import match_blocks
from kabar.translate.documents.structured import Block


@dataclass(frozen=True)
class ArticleSelection:
    """The blocks to translate, in document order, and what to tell the user (None: a
    fragment, said nothing about, as reading one says nothing)."""

    blocks: tuple[Block, ...]
    notice: str | None
    # The article's paragraphs as reading found them (none for a fragment or with
    # --whole-page), and the indexes of those whose text is not in the blocks translated.
    paragraphs: tuple[str, ...] = ()
    unmatched: tuple[int, ...] = ()


def select_article(
    page: str,
    head: Sequence[Block],
    body: Callable[[bool], Sequence[Block]],
    *,
    name: str,
    whole_page: bool = False,
) -> ArticleSelection:
    """Which of the page's ``head`` blocks (its title and metadata, ``head_blocks``: the
    article's, so always translated) and body blocks to translate (see the module);
    ``body(True)`` walks the page's visible text only (its navigation, asides, footers
    left out, as the visible-text reader does), ``body(False)`` all its prose."""
    head = list(head)
    if not is_whole_page(page):
        return ArticleSelection((*head, *body(True)), None)
    article = None if whole_page else page_article(page)
    if article is None or not article.found:
        return _whole(head, body(True), name, article)
    paragraphs = [text for _, text in article.paragraphs]
    blocks = body(False)
    texts = [block for block in blocks if _shown(block) is not None]
    match = match_blocks([_shown(block) or "" for block in texts], paragraphs)
    if not any(match.kept):
        return _whole(head, body(True), name, article)
    visible = article.visible_chars  # as reading the page says it
    kept_ids = {id(block) for block, keep in zip(texts, match.kept, strict=True) if keep}
    owners = _article_owners([block for block in texts if id(block) in kept_ids])
    chosen = [
        block
        for block in blocks
        if id(block) in kept_ids or (_shown(block) is None and _owner(block) in owners)
    ]
    kept = sum(len(block.text) for block in chosen if id(block) in kept_ids)
    missing = ""
    if match.unmatched:
        count = len(match.unmatched)
        missing = (
            f"; {count} of its {len(paragraphs)} paragraphs could not be found on the page "
            "and were left as they were"
        )
    return ArticleSelection(
        (*head, *chosen),
        f"{name}: translated the article of a web page in place: {kept:,} of {visible:,} "
        f"visible characters, the rest left as it was{missing} (`kabar translate "
        "--whole-page` and the UI's Whole page box translate it all).",
        tuple(paragraphs),
        match.unmatched,
    )


def _whole(
    head: list[Block], body: Sequence[Block], name: str, article: PageArticle | None
) -> ArticleSelection:
    """All the visible text of the page: asked for (``article`` None), or no article was
    found or mapped onto the page."""
    visible = sum(len(block.text) for block in body if _shown(block) is not None)
    if article is None:
        notice = (
            f"{name}: translating all the visible text of a web page ({visible:,} "
            "characters), as --whole-page asks."
        )
        return ArticleSelection((*head, *body), notice)
    notice = (
        f"{name} is a web page in which no article was found: translating all its "
        f"visible text ({visible:,} characters)."
    )
    paragraphs = tuple(text for _, text in article.paragraphs) if article.found else ()
    return ArticleSelection((*head, *body), notice, paragraphs, tuple(range(len(paragraphs))))


def _shown(block: Block) -> str | None:
    """The text a reader sees of a block of text (None for an attribute's block)."""
    shown = getattr(block, "shown", None)
    return shown if isinstance(shown, str) else None


def _owner(block: Block) -> Any:
    return getattr(block, "owner", None)


def _article_owners(kept: Sequence[Block]) -> set[Any]:
    """The block elements whose ``alt``/``title`` attributes are the article's: those of a
    kept block and their parents (a ``<figure>``'s image, whose caption was kept)."""
    owners: set[Any] = set()
    for block in kept:
        owner = _owner(block)
        if owner is not None:
            owners.add(owner)
            parent = owner.getparent()
            if parent is not None and parent.tag not in ("body", "html"):
                owners.add(parent)
    return owners
