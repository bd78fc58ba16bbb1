"""The evaluation report: scores with signatures, the engine that translated, the worst
sentences, whether confidence predicts quality, the published figures beside kabar's.

This module holds what a report is (``EvalReport``, ``build_report``) and its JSON; how
it reads is ``report_render`` (terminal, report.md), where it goes ``report_files``
(``--out DIR``: hypotheses.txt, report.json, report.md with its PNG plots)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kabar.eval.correlation import pearson, spearman
from kabar.eval.flag_summary import flags_json
from kabar.eval.score import CorpusScores
from kabar.eval.testsets import TESTSETS
from kabar.translate.checks.base import CheckResult
from kabar.translate.quality import FLAG_EMPTY, sentence_flags
from kabar.translate.results import EngineInfo, SentenceTranslation, round_or_none

WORST_COUNT = 10
HYPOTHESES_FILE = "hypotheses.txt"
REPORT_JSON = "report.json"
REPORT_MD = "report.md"
HISTOGRAM_PNG = "chrf-histogram.png"
SCATTER_PNG = "confidence-vs-chrf.png"

PUBLISHED_MODEL = "Helsinki-NLP/opus-mt-id-en"
PUBLISHED_SOURCE = (
    "OPUS-MT leaderboard of the model's authors "
    "(https://github.com/Helsinki-NLP/OPUS-MT-leaderboard), release opus-2019-12-18"
)
# Every line break a text tool might split on, so one hypothesis stays one line.
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+\s*")


@dataclass(frozen=True)
class PublishedScore:
    """A published corpus score of opus-mt-id-en, BLEU and chrF (0-100) to one decimal."""

    testset: str
    label: str
    bleu: float
    chrf: float


PUBLISHED: tuple[PublishedScore, ...] = (
    PublishedScore("flores200-devtest", "FLORES-101 devtest", 33.4, 61.2),
    PublishedScore("tico19-test", "TICO-19 test", 34.6, 63.1),
    PublishedScore("tatoeba-v2021-08-07", "Tatoeba v2021-08-07", 47.4, 64.8),
)


@dataclass(frozen=True)
class SentenceRecord:
    """One line of the evaluation: its texts, its chrF and, after ``kabar eval``, the
    translator's confidence and flags. ``line`` counts from 1."""

    line: int
    source: str | None
    hypothesis: str
    reference: str
    chrf: float
    confidence: float | None = None
    flags: tuple[str, ...] = ()
    checks: tuple[CheckResult, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        # Every field, in the fields' order (a new one cannot be left out of the JSON).
        return {
            **asdict(self),
            "chrf": round(self.chrf, 2),
            "confidence": round_or_none(self.confidence, 4),
            "flags": list(self.flags),
            "checks": [c.to_dict() for c in self.checks],
        }


@dataclass(frozen=True)
class Correlation:
    """How well confidence predicts sentence chrF over ``n`` sentences (None: undefined,
    e.g. fewer than two sentences or a constant series)."""

    n: int
    pearson: float | None
    spearman: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "pearson": round_or_none(self.pearson, 4),
            "spearman": round_or_none(self.spearman, 4),
        }


@dataclass(frozen=True)
class EvalReport:
    """Everything ``kabar score`` / ``kabar eval`` report.

    testset: the NAME evaluated, or None for files given directly.
    inputs: (role, path) of the files read: source, reference(s), hypotheses.
    engine, seconds: the translator and its translation wall time (``kabar eval`` only).
    total_lines: the size of the whole input when only its first ``scores.n`` lines were
        evaluated (``--limit``); such scores are not comparable with published ones.
    """

    testset: str | None
    inputs: tuple[tuple[str, str], ...]
    scores: CorpusScores
    sentences: tuple[SentenceRecord, ...]
    engine: EngineInfo | None = None
    seconds: float | None = None
    correlation: Correlation | None = None
    total_lines: int | None = None

    @property
    def partial(self) -> bool:
        return self.total_lines is not None and self.total_lines > self.scores.n

    @property
    def comparable(self) -> bool:
        """Whether this run's scores can stand beside the published ones: the whole test set
        (every line) and, for ``kabar eval``, the published model itself."""
        known = TESTSETS.get(self.testset or "")
        if known is None or self.partial or self.scores.n != known.segments:
            return False
        if self.engine is None:  # kabar score: the hypotheses' origin is the user's claim
            return True
        return (
            self.engine.model == PUBLISHED_MODEL
            or Path(self.engine.model).name == (PUBLISHED_MODEL.split("/")[1])
        )

    @property
    def segments(self) -> str:
        """ "1012", or "100 of 1012" after --limit."""
        n = self.scores.n
        return f"{n} of {self.total_lines}" if self.partial else str(n)

    @property
    def title(self) -> str:
        """ "HYPOTHESES against TESTSET-or-REFERENCE" (file names), or the test set alone."""
        names = {role: Path(path).name for role, path in self.inputs}
        against = self.testset or names.get("reference", "the reference")
        return f"{names['hypotheses']} against {against}" if "hypotheses" in names else against

    @property
    def sentences_per_second(self) -> float | None:
        if self.seconds is None:
            return None
        # None, not infinity, for a run too fast to time: JSON has no Infinity.
        return self.scores.n / self.seconds if self.seconds > 0 else None

    @property
    def flagged(self) -> bool:
        """Whether flags were looked for: the lines have their sources or translator."""
        return self.engine is not None or any(s.source is not None for s in self.sentences)

    @property
    def hypotheses(self) -> list[str]:
        return [s.hypothesis for s in self.sentences]

    def worst(self, count: int = WORST_COUNT) -> tuple[SentenceRecord, ...]:
        """The ``count`` lowest-chrF sentences, worst first (ties: earlier line first)."""
        return tuple(sorted(self.sentences, key=lambda s: (s.chrf, s.line))[:count])

    def published(self) -> list[dict[str, Any]]:
        """The published figures, with kabar's beside the one for this test set, rounded
        to the published precision."""
        rows = []
        for figure in PUBLISHED:
            mine = figure.testset == self.testset
            rows.append(
                {
                    "testset": figure.testset,
                    "label": figure.label,
                    "bleu": figure.bleu,
                    "chrf": figure.chrf,
                    "kabar_bleu": round(self.scores.bleu, 1) if mine else None,
                    "kabar_chrf": round(self.scores.chrf, 1) if mine else None,
                    "comparable": mine and self.comparable,
                }
            )
        return rows

    def to_dict(self) -> dict[str, Any]:
        """report.json and ``--format json``: the scores of ``kabar score`` plus the rest."""
        data = self.scores.to_dict()
        data.update(
            {
                "testset": self.testset,
                "total_lines": self.total_lines if self.partial else self.scores.n,
                "inputs": [{"role": role, "path": path} for role, path in self.inputs],
                "mean_sentence_chrf": round(self.scores.mean_sentence_chrf, 2),
                "median_sentence_chrf": round(self.scores.median_sentence_chrf, 2),
            }
        )
        if self.engine is not None:
            data["model"] = self.engine.model
            data["engine"] = self.engine.to_dict()
        if self.seconds is not None:
            data["seconds"] = round(self.seconds, 3)
            data["sentences_per_second"] = round_or_none(self.sentences_per_second, 3)
        data["confidence_vs_chrf"] = (
            None if self.correlation is None else self.correlation.to_dict()
        )
        data["published"] = {
            "model": PUBLISHED_MODEL,
            "source": PUBLISHED_SOURCE,
            "figures": self.published(),
        }
        data["flags"] = flags_json(self.sentences)
        data["worst"] = [s.to_dict() for s in self.worst()]
        data["sentences"] = [s.to_dict() for s in self.sentences]
        return data


def one_line(text: str) -> str:
    """``text`` on a single line: any line break (and the spaces around it) becomes one
    space, so hypotheses.txt keeps exactly one line per source line."""
    return _LINE_BREAKS.sub(" ", text).strip()


def build_report(
    *,
    scores: CorpusScores,
    hypotheses: Sequence[str],
    references: Sequence[str],
    sources: Sequence[str] | None = None,
    translations: Sequence[SentenceTranslation] | None = None,
    testset: str | None = None,
    inputs: Sequence[tuple[str, str]] = (),
    engine: EngineInfo | None = None,
    seconds: float | None = None,
    total_lines: int | None = None,
) -> EvalReport:
    """Assemble a report from aligned lines (``references``: the first reference stream)
    and, after translating, the translator's per-sentence results."""
    records = tuple(
        SentenceRecord(
            line=index + 1,
            source=None if sources is None else sources[index],
            hypothesis=hypothesis,
            reference=references[index],
            chrf=scores.sentence_chrf[index],
            confidence=None if translations is None else translations[index].confidence,
            flags=flags,
            checks=checks,
        )
        for index, hypothesis in enumerate(hypotheses)
        for flags, checks in [_line_flags(index, hypothesis, sources, translations)]
    )
    correlation = None
    if translations is not None:
        # Empty source lines have nothing to be confident about; they would only add
        # (0, chrF-of-nothing) points.
        kept = [r for r in records if FLAG_EMPTY not in r.flags and r.confidence is not None]
        confidence = [r.confidence for r in kept if r.confidence is not None]
        chrf = [r.chrf for r in kept]
        correlation = Correlation(len(kept), pearson(confidence, chrf), spearman(confidence, chrf))
    return EvalReport(
        testset=testset,
        inputs=tuple(inputs),
        scores=scores,
        sentences=records,
        engine=engine,
        seconds=seconds,
        correlation=correlation,
        total_lines=total_lines,
    )


def _line_flags(
    index: int,
    hypothesis: str,
    sources: Sequence[str] | None,
    translations: Sequence[SentenceTranslation] | None,
) -> tuple[tuple[str, ...], tuple[CheckResult, ...]]:
    """A line's flags and findings: the translator's, or computed from its source (none
    without one: the checks compare source and translation)."""
    if translations is not None:
        return translations[index].flags, translations[index].checks
    if sources is None:
        return (), ()
    return sentence_flags(" ".join(sources[index].split()), hypothesis)
