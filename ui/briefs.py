"""The English brief in the UI: the shape the UI needs from a summarizer, and the call.

The UI depends on this shape, not on the ``summarize`` package: ``summarize.Summarizer``
has it (``summarize(sources, sentences_out=3, translations=..., paragraphs=...) -> Brief``
with ``Brief.lines`` of ``BriefLine(text, sentence_index, score, source)``, ``Brief.method``
and ``Brief.notices``), and tests can pass a small object of the same shape. The brief is
made as on every surface, by ``kabar.translate.briefing``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeAlias

from kabar.core.errors import KabarError
from kabar.translate.briefing import BRIEF_SENTENCES, Briefer, brief_of
from kabar.translate.render import BriefLineView, BriefView
from kabar.translate.results import ArticleTranslation


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


# What the UI needs of a summarizer: ``kabar.translate.briefing``'s shape, making briefs
# the UI can render.
SummarizerLike: TypeAlias = Briefer[BriefLike]


def brief_for(
    summarizer: SummarizerLike, article: ArticleTranslation
) -> tuple[BriefLike | None, str | None]:
    """The brief of the article as every surface makes it (``briefing.brief_of``: chosen
    on the source sentences, shown as their translations; ``sentence_index`` = index in
    ``article.sentences``), or None and the reason when the summarizer refuses."""
    if not article.sentences:
        return None, "the article has no sentences to summarize"
    try:
        return brief_of(summarizer, article, sentences=BRIEF_SENTENCES), None
    except KabarError as error:
        return None, str(error)


BRIEF_METHODS = ("extractive", "textrank", "none")


def load_summarizer(method: str = "extractive") -> tuple[SummarizerLike | None, str | None]:
    """``summarize.Summarizer.load(method=method)``, or None and why (method "none", or a
    summarizer that cannot load): the UI then shows translations without a brief."""
    if method == "none":
        return None, "turned off with --brief none"
    from kabar.summarize import Summarizer

    try:
        summarizer: SummarizerLike = Summarizer.load(method=method)
    except KabarError as error:
        return None, str(error)
    return summarizer, None
