"""Decoded pieces back into results: one ``SentenceTranslation`` per sentence (copied,
empty, or joined from its pieces with its placeholders restored and its quality checks),
and sentences placed back into their article's paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from kabar.core.copythrough import Protected, is_copy_only, restore
from kabar.core.language import is_other_language
from kabar.core.splitter import LINE_BREAK, Paragraph
from kabar.translate import quality
from kabar.translate.backends.base import Decoded
from kabar.translate.glossary import Glossary
from kabar.translate.pieces import Piece, normalize_whitespace
from kabar.translate.results import (
    ArticleTranslation,
    EngineInfo,
    ParagraphTranslation,
    SentenceTranslation,
    with_roles,
)

OTHER_LANGUAGE_NOTICE = "the input does not look like Indonesian; translations may be copies of it"


def assemble(
    source: str,
    parts: list[tuple[Piece, Decoded]],
    protected: Protected,
    terms: Glossary | None = None,
) -> SentenceTranslation:
    """One sentence's result from its decoded pieces (in order)."""
    if not parts and is_copy_only(normalize_whitespace(source)):
        return SentenceTranslation(
            source=source,
            translation=normalize_whitespace(source),
            start=0,
            end=len(source),
            confidence=1.0,
            flags=(),
            chunks=0,
            copied=True,
        )
    if not parts:
        return SentenceTranslation(
            source=source,
            translation="",
            start=0,
            end=len(source),
            confidence=0.0,
            flags=(quality.FLAG_EMPTY,),
            chunks=0,
        )
    translation = restore(" ".join(d.text for _, d in parts if d.text), protected)
    tokens = sum(d.tokens for _, d in parts)
    mean_log_prob = sum(d.mean_log_prob * d.tokens for _, d in parts) / max(1, tokens)
    pair_flags, checks = quality.sentence_flags(normalize_whitespace(source), translation, terms)
    flags = list(pair_flags)
    if len(parts) > 1:
        flags.append(quality.FLAG_CHUNKED)
    if any(d.hit_limit for _, d in parts):
        flags.append(quality.FLAG_LENGTH_LIMIT)
    return SentenceTranslation(
        source=source,
        translation=translation,
        start=0,
        end=len(source),
        confidence=quality.confidence_from_log_prob(mean_log_prob),
        flags=tuple(flags),
        chunks=len(parts),
        checks=checks,
    )


def place_article(
    text: str,
    paragraphs: list[Paragraph],
    translated: Iterator[SentenceTranslation],
    seconds: float,
    engine: EngineInfo,
) -> ArticleTranslation:
    """Place the next sentences of ``translated`` into ``text``'s paragraphs."""
    results: list[ParagraphTranslation] = []
    previous_end = 0
    for paragraph in paragraphs:
        sentences = tuple(
            replace(next(translated), start=span.start, end=span.end)
            for span in paragraph.sentences
        )
        gap = text[previous_end : paragraph.span.start]
        previous_end = paragraph.span.end
        results.append(
            ParagraphTranslation(
                paragraph.span.start,
                paragraph.span.end,
                sentences,
                newlines_before=len(LINE_BREAK.findall(gap)) if results else 0,
            )
        )
    notices = (OTHER_LANGUAGE_NOTICE,) if is_other_language(text) else ()
    return ArticleTranslation(
        engine=engine,
        paragraphs=with_roles(results),
        seconds=seconds,
        notices=(*engine.notices, *notices),
    )
