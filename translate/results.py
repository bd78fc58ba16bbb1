"""Frozen result dataclasses: article -> paragraphs -> sentences, each with ``to_dict()``.

The same ``to_dict()`` feeds ``kabar translate --format json``, the eval reports and the UI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from kabar.core.furniture import BODY, sentence_roles
from kabar.translate.checks.base import CheckResult
from kabar.translate.review import ReviewList, sentences_to_check


@dataclass(frozen=True)
class EngineInfo:
    """What translated: reported once per engine and echoed in every result.

    The engine spec as loaded (``kabar.translate.spec.EngineSpec``): model, family, revision,
    backend, device, threads, compute type and every translation option (``options``);
    beam_size and max_input_tokens (the effective input limit: the option or the
    model's own, whichever is lower) are repeated at the top for readers.
    """

    model: str
    backend: str
    device: str
    threads: int
    compute_type: str
    beam_size: int
    max_input_tokens: int
    family: str | None = None
    revision: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    notices: tuple[str, ...] = ()  # what its user must know (a non-commercial licence)

    def to_dict(self) -> dict[str, Any]:
        # JSON has no tuples: the dict equals its own JSON read back (the UI's and the
        # HTTP API's answers compare equal to the engine's), the glossary's pairs included.
        as_json: dict[str, Any] = _as_lists(asdict(self))
        return as_json


def _as_lists(value: Any) -> Any:
    """``value`` with every tuple, at any depth, turned into a list."""
    if isinstance(value, dict):
        return {key: _as_lists(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_lists(item) for item in value]
    return value


@dataclass(frozen=True)
class SentenceTranslation:
    """One source sentence and its translation.

    start, end: the sentence's span in the original text (``text[start:end] == source``).
    confidence: exp(mean token log-probability) of the translation under the model, in
        [0, 1]; for a chunked sentence, the token-weighted mean over its pieces.
    flags: quality warnings, a subset of ``kabar.translate.quality.FLAGS``.
    chunks: how many pieces the sentence was translated in (1 unless flagged ``chunked``).
    role: "body" or the news furniture it is (``kabar.core.furniture.ROLES``: headline, byline,
        caption, read_also, share, promo, dateline), judged on the source. Furniture is
        translated and kept like everything else, only marked.
    dateline: the dateline opening the sentence ("BRUSSELS, KOMPAS.com –"), "" if none.
    checks: what the source/translation checks found wrong (``kabar.translate.checks``:
        a source number missing from the English, a hashtag changed), each also a flag.
    copied: the sentence had nothing to translate (only URLs, e-mail addresses, handles,
        hashtags, numbers, punctuation or emoji: ``kabar.core.copythrough``) and was copied
        through unchanged, never sent to the model.
    """

    source: str
    translation: str
    start: int
    end: int
    confidence: float
    flags: tuple[str, ...]
    chunks: int
    role: str = BODY
    dateline: str = ""
    checks: tuple[CheckResult, ...] = ()
    copied: bool = False

    def to_dict(self) -> dict[str, Any]:
        # Every field, in the fields' order (a new one cannot be left out of the JSON).
        return {
            **asdict(self),
            "confidence": round(self.confidence, 4),
            "flags": list(self.flags),
            "checks": [c.to_dict() for c in self.checks],
        }


@dataclass(frozen=True)
class ParagraphTranslation:
    """A paragraph's span in the original, its sentences, and how it was separated from
    the previous paragraph (1 = a single line break, 2 = a blank line), kept for output."""

    start: int
    end: int
    sentences: tuple[SentenceTranslation, ...]
    newlines_before: int = 0

    @property
    def translation(self) -> str:
        return " ".join(s.translation for s in self.sentences if s.translation)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "newlines_before": self.newlines_before,
            "sentences": [s.to_dict() for s in self.sentences],
        }


@dataclass(frozen=True)
class ArticleTranslation:
    """A whole article: paragraphs in their original order, plus how it was made."""

    engine: EngineInfo
    paragraphs: tuple[ParagraphTranslation, ...]
    seconds: float
    notices: tuple[str, ...] = ()

    @property
    def sentences(self) -> tuple[SentenceTranslation, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)

    @property
    def text(self) -> str:
        """The English article with the original's paragraph breaks (line or blank line)."""
        parts = []
        for index, paragraph in enumerate(self.paragraphs):
            if index:
                parts.append("\n" * min(2, max(1, paragraph.newlines_before)))
            parts.append(paragraph.translation)
        return "".join(parts)

    @property
    def mean_confidence(self) -> float:
        sentences = self.sentences
        return sum(s.confidence for s in sentences) / len(sentences) if sentences else 0.0

    @property
    def worst_confidence(self) -> float:
        return min((s.confidence for s in self.sentences), default=0.0)

    @property
    def to_check(self) -> ReviewList:
        """The flagged sentences, worst first, each with why (``kabar.translate.review``)."""
        return sentences_to_check(self.sentences)

    def to_dict(self) -> dict[str, Any]:
        sentences = self.sentences
        return {
            **article_totals(
                self.engine,
                seconds=self.seconds,
                sentence_count=len(sentences),
                mean_confidence=self.mean_confidence,
                worst_confidence=self.worst_confidence,
                flagged_sentences=sum(1 for s in sentences if s.flags),
                notices=self.notices,
            ),
            "to_check": self.to_check.to_dict(),
            "paragraphs": [p.to_dict() for p in self.paragraphs],
        }


def article_totals(
    engine: EngineInfo | None,
    *,
    seconds: float,
    sentence_count: int,
    mean_confidence: float | None,
    worst_confidence: float | None,
    flagged_sentences: int,
    notices: Sequence[str],
) -> dict[str, Any]:
    """Every key of an article's JSON but its paragraphs: ``ArticleTranslation.to_dict``
    and the folder job's streamed JSON of a document of any size both use it."""
    return {
        "model": engine.model if engine else None,
        "engine": engine.to_dict() if engine else None,
        "seconds": round(seconds, 3),
        "sentence_count": sentence_count,
        "mean_confidence": round_or_none(mean_confidence, 4),
        "worst_confidence": round_or_none(worst_confidence, 4),
        "flagged_sentences": flagged_sentences,
        "notices": list(notices),
    }


def round_or_none(value: float | None, digits: int) -> float | None:
    """``round(value, digits)``, or None for None (a figure that is undefined)."""
    return None if value is None else round(value, digits)


def with_roles(paragraphs: Sequence[ParagraphTranslation]) -> tuple[ParagraphTranslation, ...]:
    """The paragraphs with every sentence's furniture role set from its source."""
    sources = [s.source for p in paragraphs for s in p.sentences]
    numbers = [n for n, p in enumerate(paragraphs) for _ in p.sentences]
    roles = iter(sentence_roles(sources, paragraphs=numbers))
    result = []
    for paragraph in paragraphs:
        sentences = []
        for sentence in paragraph.sentences:
            role = next(roles)
            sentences.append(replace(sentence, role=role.role, dateline=role.dateline))
        result.append(replace(paragraph, sentences=tuple(sentences)))
    return tuple(result)
