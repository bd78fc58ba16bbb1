"""The English brief in the UI: the shape the UI needs from a summarizer, and the call.

The UI depends on this shape, not on the ``summarize`` package: ``summarize.Summarizer``
has it (``summarize(sources, sentences_out=3, translations=..., paragraphs=...) -> Brief``
with ``Brief.lines`` of ``BriefLine(text, sentence_index, score, source)``, ``Brief.method``
and ``Brief.notices``), and
tests can pass a small object of the same shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from kabar.core.errors import KabarError
from kabar.translate.render import BriefLineView, BriefView
from kabar.translate.results import ArticleTranslation

BRIEF_SENTENCES = 3


class BriefLineLike(BriefLineView, Protocol):
    """A renderable brief line, with the score the UI shows."""

    @property
    def score(self) -> float: ...


class BriefLike(BriefView, Protocol):
    """A renderable brief (downloads use ``kabar.translate.render``), with its lines' scores and
    the method that made it."""

    @property
    def lines(self) -> Sequence[BriefLineLike]: ...

    @property
    def method(self) -> str: ...


class SummarizerLike(Protocol):
    def summarize(
        self,
        sentences: Sequence[str],
        *,
        sentences_out: int | None = ...,
        translations: Sequence[str] | None = ...,
        paragraphs: Sequence[int] | None = ...,
    ) -> BriefLike: ...


def brief_for(
    summarizer: SummarizerLike, article: ArticleTranslation
) -> tuple[BriefLike | None, str | None]:
    """The brief chosen on the article's source sentences and shown as their translations
    (``sentence_index`` = index in ``article.sentences``), or None and the reason when the
    summarizer refuses."""
    rows = article.sentences
    if not rows:
        return None, "the article has no sentences to summarize"
    try:
        brief = summarizer.summarize(
            [s.source for s in rows],
            sentences_out=BRIEF_SENTENCES,
            translations=[s.translation for s in rows],
            paragraphs=[n for n, p in enumerate(article.paragraphs) for _ in p.sentences],
        )
        return brief, None
    except KabarError as error:
        return None, str(error)


BRIEF_METHODS = ("extractive", "textrank", "none")


def load_summarizer(method: str = "extractive") -> tuple[SummarizerLike | None, str | None]:
    """``summarize.Summarizer.load(method=method)`` when the package provides it, else
    (and for method "none") None and why: the UI then shows translations without a brief."""
    if method == "none":
        return None, "turned off with --brief none"
    try:
        from kabar.summarize import Summarizer
    except ImportError:
        return None, "the summarize package does not provide Summarizer"
    try:
        summarizer: SummarizerLike = Summarizer.load(method=method)
    except KabarError as error:
        return None, str(error)
    return summarizer, None
