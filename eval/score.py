"""Corpus BLEU, chrF and TER through sacrebleu's metric objects, with their signatures.

The metrics keep sacrebleu's default settings, the ones the OPUS-MT leaderboard and WMT
report (BLEU: 13a tokens, exp smoothing; chrF2: 6 character n-grams, no word n-grams), so a
kabar score compares to a published one to the decimal. Every number carries sacrebleu's
reproducibility signature. chrF stays on sacrebleu's 0-100 scale (the leaderboard's
``.eval`` files divide it by 100).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kabar.core.errors import KabarError


class LineCountError(KabarError):
    """Files that must be aligned line by line have different numbers of lines."""


@dataclass(frozen=True)
class Signatures:
    """sacrebleu's reproducibility signature of each metric (``nrefs:1|case:mixed|…``)."""

    bleu: str
    chrf: str
    ter: str

    def to_dict(self) -> dict[str, str]:
        return {"bleu": self.bleu, "chrf": self.chrf, "ter": self.ter}


@dataclass(frozen=True)
class CorpusScores:
    """Scores of one system output against its reference(s).

    bleu, chrf, ter: corpus scores on sacrebleu's 0-100 scales.
    bleu_precisions: the 1- to 4-gram precisions; brevity_penalty, hyp_len, ref_len: the
        rest of BLEU's breakdown (lengths in 13a tokens).
    sentence_chrf: chrF of each hypothesis against its own reference(s), in line order.
    formatted: sacrebleu's own one-line reports (``BLEU|nrefs:1|… = 33.35 66.0/…``).
    """

    n: int
    bleu: float
    chrf: float
    ter: float
    signatures: Signatures
    bleu_precisions: tuple[float, ...]
    brevity_penalty: float
    hyp_len: int
    ref_len: int
    sentence_chrf: tuple[float, ...]
    formatted: tuple[str, ...]

    @property
    def length_ratio(self) -> float:
        """Hypothesis length / reference length in 13a tokens (BLEU's ``ratio``)."""
        return self.hyp_len / self.ref_len if self.ref_len else 0.0

    @property
    def mean_sentence_chrf(self) -> float:
        return statistics.fmean(self.sentence_chrf) if self.sentence_chrf else 0.0

    @property
    def median_sentence_chrf(self) -> float:
        return statistics.median(self.sentence_chrf) if self.sentence_chrf else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``kabar score``: full-precision corpus scores, rounded details."""
        return {
            "bleu": self.bleu,
            "chrf": self.chrf,
            "ter": self.ter,
            "signatures": self.signatures.to_dict(),
            "n": self.n,
            "length_ratio": round(self.length_ratio, 4),
            "bleu_detail": {
                "precisions": [round(p, 4) for p in self.bleu_precisions],
                "brevity_penalty": round(self.brevity_penalty, 4),
                "hyp_len": self.hyp_len,
                "ref_len": self.ref_len,
            },
            "sentence_chrf": [round(s, 2) for s in self.sentence_chrf],
        }


def check_aligned(streams: Mapping[str, Sequence[str]]) -> int:
    """Return the common line count of ``streams`` (name -> lines).

    Raises LineCountError naming every stream and its count when they differ, and when
    there are no lines at all (nothing to score).
    """
    counts = {name: len(lines) for name, lines in streams.items()}
    if len(set(counts.values())) > 1:
        listing = ", ".join(f"{name} has {count}" for name, count in counts.items())
        raise LineCountError(
            f"line counts differ: {listing}. Each line must be one segment, aligned "
            "across the files (hypothesis i translates source i, reference i)."
        )
    count = next(iter(counts.values()), 0)
    if count == 0:
        raise LineCountError(f"nothing to score: {', '.join(counts)} have no lines.")
    return count


class Scorer:
    """sacrebleu's BLEU, chrF and TER, configured once with default settings and reused."""

    def __init__(self) -> None:
        from sacrebleu.metrics.bleu import BLEU
        from sacrebleu.metrics.chrf import CHRF
        from sacrebleu.metrics.ter import TER

        self.bleu = BLEU()
        self.chrf = CHRF()
        self.ter = TER()

    def score(self, hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> CorpusScores:
        """Score ``hypotheses`` (one segment each) against one or more reference streams,
        each aligned with the hypotheses. Raises LineCountError when they are not."""
        if not references:
            raise LineCountError("no reference given: scoring needs at least one.")
        streams: dict[str, Sequence[str]] = {"the hypotheses": hypotheses}
        for index, stream in enumerate(references, start=1):
            streams[f"reference {index}" if len(references) > 1 else "the reference"] = stream
        n = check_aligned(streams)
        hyps = list(hypotheses)
        refs = [list(stream) for stream in references]
        bleu = self.bleu.corpus_score(hyps, refs)
        chrf = self.chrf.corpus_score(hyps, refs)
        ter = self.ter.corpus_score(hyps, refs)
        signatures = Signatures(
            bleu=str(self.bleu.get_signature()),
            chrf=str(self.chrf.get_signature()),
            ter=str(self.ter.get_signature()),
        )
        sentence_chrf = tuple(
            self.sentence_chrf(hyp, [stream[i] for stream in refs]) for i, hyp in enumerate(hyps)
        )
        return CorpusScores(
            n=n,
            bleu=float(bleu.score),
            chrf=float(chrf.score),
            ter=float(ter.score),
            signatures=signatures,
            bleu_precisions=tuple(float(p) for p in bleu.precisions),
            brevity_penalty=float(bleu.bp),
            hyp_len=int(bleu.sys_len),
            ref_len=int(bleu.ref_len),
            sentence_chrf=sentence_chrf,
            formatted=(
                bleu.format(signature=signatures.bleu),
                chrf.format(signature=signatures.chrf),
                ter.format(signature=signatures.ter),
            ),
        )

    def sentence_chrf(self, hypothesis: str, references: Sequence[str]) -> float:
        """chrF (0-100) of one hypothesis against its reference(s)."""
        return float(self.chrf.sentence_score(hypothesis, list(references)).score)
