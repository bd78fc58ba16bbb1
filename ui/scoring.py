"""Scoring a translated article against a reference translation the person pastes.

The numbers come from ``kabar.eval.score.Scorer`` (sacrebleu's BLEU, chrF and TER objects with
default settings, each with its signature), so the UI's scores are the ones ``kabar
score`` and the eval reports give. What the UI adds is the alignment: when the reference
has as many sentences as the article, the scores are computed over the aligned sentence
pairs (the usual segment-level set-up) and each sentence also gets its own chrF;
otherwise the article is scored as one segment and no per-sentence column is possible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kabar.core.splitter import segment
from kabar.eval.score import CorpusScores, Scorer

# sacrebleu prints signatures with the metric's name in front ("BLEU|nrefs:1|...").
METRIC_NAMES = ("BLEU", "chrF2", "TER")


@dataclass(frozen=True)
class ReferenceScores:
    """The article's scores against one reference translation.

    scores: the corpus scores over ``scores.n`` segments (the aligned sentence pairs, or
        1 = the whole article).
    hypothesis_sentences, reference_sentences: sentences in the article and in the
        reference (its lines when it has one sentence per line, else the splitter's).
    aligned: whether the sentences were paired one to one.
    """

    scores: CorpusScores
    hypothesis_sentences: int
    reference_sentences: int
    aligned: bool

    @property
    def sentence_chrf(self) -> tuple[float, ...] | None:
        """chrF per article sentence, in article order; None when not aligned."""
        return self.scores.sentence_chrf if self.aligned else None

    @property
    def metrics(self) -> tuple[tuple[str, float, str], ...]:
        """(name, score on 0-100, full signature) of BLEU, chrF2 and TER."""
        s = self.scores
        signatures = (s.signatures.bleu, s.signatures.chrf, s.signatures.ter)
        return tuple(
            (name, value, f"{name}|{signature}")
            for name, value, signature in zip(
                METRIC_NAMES, (s.bleu, s.chrf, s.ter), signatures, strict=True
            )
        )

    @property
    def note(self) -> str:
        if self.aligned:
            return (
                f"scored over {self.scores.n} aligned sentence pairs; chrF of each sentence "
                "in the table"
            )
        return (
            f"the reference has {self.reference_sentences} sentences and the article "
            f"{self.hypothesis_sentences}: scored as one segment, no per-sentence chrF "
            "(give the reference one sentence per line to align it)"
        )

    def to_dict(self) -> dict[str, Any]:
        data = self.scores.to_dict()
        data["sentence_chrf"] = (
            None if self.sentence_chrf is None else [round(c, 2) for c in self.sentence_chrf]
        )
        data.update(
            aligned=self.aligned,
            hypothesis_sentences=self.hypothesis_sentences,
            reference_sentences=self.reference_sentences,
            note=self.note,
        )
        return data


def reference_sentences(reference: str) -> list[str]:
    """The reference's sentences as the splitter finds them."""
    return [reference[s.start : s.end] for p in segment(reference) for s in p.sentences]


def align_reference(reference: str, count: int) -> list[str] | None:
    """``count`` reference sentences to pair with the article's: its non-empty lines when
    there are ``count`` of them (one sentence per line, as in test sets), else its
    sentences by the splitter when they number ``count``, else None."""
    lines = [line.strip() for line in reference.splitlines() if line.strip()]
    if len(lines) == count:
        return lines
    sentences = reference_sentences(reference)
    if len(sentences) == count:
        return sentences
    return None


def score_reference(hypotheses: Sequence[str], reference: str) -> ReferenceScores:
    """Score the article's translated sentences (in article order) against ``reference``
    (non-empty text)."""
    hypotheses = [_one_line(h) for h in hypotheses]
    aligned = align_reference(reference, len(hypotheses))
    if aligned is not None:
        hyps, refs = hypotheses, [_one_line(r) for r in aligned]
        found = len(aligned)
    else:
        hyps, refs = [" ".join(hypotheses)], [_one_line(reference)]
        found = len(reference_sentences(reference))
    return ReferenceScores(
        scores=Scorer().score(hyps, [refs]),
        hypothesis_sentences=len(hypotheses),
        reference_sentences=found,
        aligned=aligned is not None,
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())
