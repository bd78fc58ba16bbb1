"""Translate, then brief: the one place where a translation meets a summarizer.

The brief of a translated article is chosen on its *source* sentences (which translation
errors cannot mislead) and shown as their translations, with each sentence's paragraph
number (it helps to recognise headlines and captions). ``kabar translate --brief``, the
UI and the folder job all make their briefs here.

This lives in ``translate`` and takes any object with ``Summarizer.summarize``'s shape
(``Briefer``), not ``kabar.summarize`` itself: the two packages are one layer and may not
import each other, and the folder job, which briefs documents of many units, is part of
``translate``. A layer above both could not serve it. ``kabar.summarize.Summarizer`` has
the shape, so ``brief_of(summarizer, article)`` returns a ``Brief`` to a type checker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, Protocol, TypeVar

from kabar.translate.results import ArticleTranslation

if TYPE_CHECKING:
    from kabar.translate.engine import Progress, Translator

# summarize's default length (kabar.summarize.options.DEFAULT_SENTENCES), which this
# layer may not import; tests/test_front_door.py checks the two agree.
BRIEF_SENTENCES = 3

B = TypeVar("B")
B_co = TypeVar("B_co", covariant=True)

# One row per sentence of an article: [source, translation, paragraph number]. Lists, so
# that the folder job's checkpoints store the rows of a half-done document as JSON.
BriefRows = Sequence[Sequence[Any]]


class Briefer(Protocol[B_co]):
    """Anything that briefs an article given as its sentences, like
    ``kabar.summarize.Summarizer``: the brief it returns is ``B_co``."""

    def summarize(
        self,
        sentences: Sequence[str],
        *,
        sentences_out: int | None = ...,
        translations: Sequence[str] | None = ...,
        paragraphs: Sequence[int] | None = ...,
    ) -> B_co: ...


class DictBrief(Protocol):
    """A brief that can be written as JSON (``Brief.to_dict()``)."""

    def to_dict(self) -> dict[str, Any]: ...


class BriefedArticle(NamedTuple, Generic[B]):
    """What ``translate_and_brief`` returns; unpacks as ``article, brief``."""

    article: ArticleTranslation
    brief: B


def brief_rows(article: ArticleTranslation, *, first_paragraph: int = 0) -> list[list[Any]]:
    """The article's ``BriefRows``, its paragraphs numbered from ``first_paragraph`` (the
    folder job numbers a long document's paragraphs on across its units)."""
    return [
        [sentence.source, sentence.translation, first_paragraph + number]
        for number, paragraph in enumerate(article.paragraphs)
        for sentence in paragraph.sentences
    ]


def brief_of_rows(
    summarizer: Briefer[B], rows: BriefRows, *, sentences: int = BRIEF_SENTENCES
) -> B:
    """The brief of an article given as ``BriefRows``: at most ``sentences`` lines, chosen
    on the sources and shown as the translations (``sentence_index`` = row number).
    Raises what the summarizer raises (``kabar.summarize``: KabarError subclasses)."""
    return summarizer.summarize(
        [row[0] for row in rows],
        sentences_out=sentences,
        translations=[row[1] for row in rows],
        paragraphs=[row[2] for row in rows],
    )


def brief_of(
    summarizer: Briefer[B], article: ArticleTranslation, *, sentences: int = BRIEF_SENTENCES
) -> B:
    """The brief of a translated article; each line's ``sentence_index`` points into
    ``article.sentences``. Raises what the summarizer raises."""
    return brief_of_rows(summarizer, brief_rows(article), sentences=sentences)


def brief_maker(
    summarizer: Briefer[DictBrief], *, sentences: int = BRIEF_SENTENCES
) -> Callable[[BriefRows], Mapping[str, Any]]:
    """The folder job's brief maker: the rows of a whole document -> its brief as a dict
    (written into its JSON and, as text, into its ``.brief.txt``)."""

    def make(rows: BriefRows) -> Mapping[str, Any]:
        return brief_of_rows(summarizer, rows, sentences=sentences).to_dict()

    return make


def translate_and_brief(
    translator: Translator,
    summarizer: Briefer[B],
    text: str,
    *,
    sentences: int = BRIEF_SENTENCES,
    progress: Progress | None = None,
) -> BriefedArticle[B]:
    """Translate an article and brief it: ``(article, brief)``.

    ``article`` is ``translator.translate_article(text)``; ``brief`` is
    ``brief_of(summarizer, article, sentences=sentences)``. ``progress(done, total)`` is
    called as the translation's batches finish. Raises what either engine raises.
    """
    article = translator.translate_article(text, progress=progress)
    return BriefedArticle(article, brief_of(summarizer, article, sentences=sentences))
