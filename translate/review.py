"""The sentences to check: an article's flagged sentences, worst first, each with why.

An editor does not read every row's confidence: they want "check these 3, and here is
what is wrong with each". The list holds every sentence with a warning (a decoding flag of
``kabar.translate.quality`` or a finding of ``kabar.translate.checks``), ordered by
confidence (lowest first), then by how many flags it has. Confidence alone never puts a
sentence on the list: no threshold was measured on real model outputs (the published
outputs carry no confidence), and kabar does not invent one; the UI tints every row by it.
``empty`` sentences are left out: there is nothing to check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kabar.translate.checks.base import CheckResult
from kabar.translate.quality import FLAG_DESCRIPTIONS, FLAG_EMPTY


class SentenceLike(Protocol):
    """What the list needs of a sentence (``SentenceTranslation`` has it)."""

    @property
    def confidence(self) -> float: ...

    @property
    def flags(self) -> tuple[str, ...]: ...

    @property
    def checks(self) -> tuple[CheckResult, ...]: ...


@dataclass(frozen=True)
class SentenceToCheck:
    """One sentence to check: its ``index`` in the article (from 0), its confidence and
    flags, and ``reasons``: one plain sentence per flag or finding."""

    index: int
    confidence: float
    flags: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def line(self) -> str:
        """ "sentence 4 (confidence 0.41): reason; reason" (numbered from 1)."""
        return f"sentence {self.index + 1} (confidence {self.confidence:.2f}): " + "; ".join(
            self.reasons
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SentenceToCheck:
        """The inverse of ``to_dict`` (a document's tally keeps its list as dicts)."""
        return cls(
            int(data["sentence"]),
            float(data["confidence"]),
            tuple(data["flags"]),
            tuple(data["reasons"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.index,
            "confidence": round(self.confidence, 4),
            "flags": list(self.flags),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class ReviewList:
    """The sentences of an article to check, worst first."""

    sentences: tuple[SentenceToCheck, ...]

    @property
    def count(self) -> int:
        return len(self.sentences)

    @property
    def headline(self) -> str:
        """ "3 sentences to check" / "1 sentence to check" / "no sentence to check"."""
        if not self.sentences:
            return "no sentence to check"
        return f"{self.count} sentence{'s' if self.count != 1 else ''} to check"

    def lines(self) -> tuple[str, ...]:
        return tuple(s.line for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "sentences": [s.to_dict() for s in self.sentences]}


def reasons_of(sentence: SentenceLike) -> tuple[str, ...]:
    """Why ``sentence`` is flagged, in plain words: each check's findings as "what: what
    is wrong", each other flag by its description."""
    reasons: list[str] = []
    checked = {c.check for c in sentence.checks}
    for flag in sentence.flags:
        if flag in checked:
            reasons += [f"{flag}: {c.sentence}" for c in sentence.checks if c.check == flag]
        else:
            reasons.append(f"{flag}: {FLAG_DESCRIPTIONS.get(flag, flag)}")
    return tuple(reasons)


def sentences_to_check(sentences: Sequence[SentenceLike]) -> ReviewList:
    """The flagged sentences of ``sentences`` (an article's, in order), worst first."""
    flagged = [
        (index, s) for index, s in enumerate(sentences) if s.flags and set(s.flags) != {FLAG_EMPTY}
    ]
    flagged.sort(key=lambda pair: (pair[1].confidence, -len(pair[1].flags), pair[0]))
    return ReviewList(
        tuple(SentenceToCheck(index, s.confidence, s.flags, reasons_of(s)) for index, s in flagged)
    )
