"""The evaluation report: scores with signatures, the engine that translated, the worst
sentences, whether confidence predicts quality, the published figures beside kabar's, and
``--out DIR`` (hypotheses.txt, report.json, report.md with its PNG plots)."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kabar.core.atomic import atomic_path, atomic_write
from kabar.core.errors import KabarError
from kabar.eval.score import CorpusScores
from kabar.eval.testsets import TESTSETS
from kabar.translate.quality import FLAG_EMPTY
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

    def to_dict(self) -> dict[str, Any]:
        # Every field, in the fields' order (a new one cannot be left out of the JSON).
        return {
            **asdict(self),
            "chrf": round(self.chrf, 2),
            "confidence": round_or_none(self.confidence, 4),
            "flags": list(self.flags),
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
            flags=() if translations is None else translations[index].flags,
        )
        for index, hypothesis in enumerate(hypotheses)
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


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when undefined (n < 2 or a constant series)."""
    n = len(xs)
    if n != len(ys):
        raise ValueError(f"pearson needs equal lengths, got {n} and {len(ys)}")
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx, syy = sum(d * d for d in dx), sum(d * d for d in dy)
    if sxx == 0 or syy == 0:
        return None
    return sum(a * b for a, b in zip(dx, dy, strict=True)) / math.sqrt(sxx * syy)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rho: Pearson's r of the ranks (ties share their average rank)."""
    return pearson(_ranks(xs), _ranks(ys))


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        average = (start + end) / 2 + 1
        for position in range(start, end + 1):
            ranks[order[position]] = average
        start = end + 1
    return ranks


# ---------------------------------------------------------------------------- rendering


def render_text(report: EvalReport) -> str:
    """The terminal summary: sacrebleu's score lines, then what else the report found."""
    scores = report.scores
    lines = [f"kabar: {report.title}: {report.segments} segments"]
    if report.engine is not None:
        lines.append(f"engine: {_engine_line(report.engine)}")
    if report.seconds is not None:
        lines.append(f"time: {_time_line(report)}")
    lines.extend(scores.formatted)
    lines.append(f"length ratio (hypothesis/reference, 13a tokens): {scores.length_ratio:.3f}")
    lines.append(
        f"sentence chrF: mean {scores.mean_sentence_chrf:.1f}, median "
        f"{scores.median_sentence_chrf:.1f}; worst lines: "
        + ", ".join(f"{s.line} ({s.chrf:.1f})" for s in report.worst(5))
    )
    if report.correlation is not None:
        lines.append(f"confidence vs sentence chrF: {_correlation_line(report.correlation)}")
    for row in report.published():
        if row["kabar_bleu"] is not None:
            lines.append(
                f"published {PUBLISHED_MODEL} on {row['label']}: BLEU {row['bleu']} / chrF "
                f"{row['chrf']}; this run: BLEU {row['kabar_bleu']} / chrF {row['kabar_chrf']}"
                + ("" if row["comparable"] else f" (on {report.segments} segments only)")
            )
    return "\n".join(lines) + "\n"


def render_markdown(report: EvalReport, *, histogram: str | None, scatter: str | None) -> str:
    """report.md; ``histogram`` and ``scatter`` are the PNG file names to embed."""
    scores = report.scores
    out = [f"# kabar evaluation: {report.title}", ""]
    out += ["| | |", "|---|---|", f"| segments | {report.segments} |"]
    for role, path in report.inputs:
        out.append(f"| {role} | `{_cell(path)}` |")
    if report.engine is not None:
        engine = report.engine
        out += [
            f"| model | `{_cell(engine.model)}` |",
            f"| backend | {engine.backend} · {engine.device} · {engine.threads} threads · "
            f"{engine.compute_type} |",
            f"| beam | {engine.beam_size} |",
            f"| max input tokens | {engine.max_input_tokens} |",
        ]
    if report.seconds is not None:
        out.append(f"| time | {_time_line(report)} |")
    out += ["", "## Scores", "", "| metric | score | sacrebleu signature |", "|---|---:|---|"]
    out += [
        f"| BLEU | {scores.bleu:.2f} | `{_cell(scores.signatures.bleu)}` |",
        f"| chrF2 | {scores.chrf:.2f} | `{_cell(scores.signatures.chrf)}` |",
        f"| TER | {scores.ter:.2f} | `{_cell(scores.signatures.ter)}` |",
        "",
        "BLEU n-gram precisions "
        + "/".join(f"{p:.1f}" for p in scores.bleu_precisions)
        + f", brevity penalty {scores.brevity_penalty:.3f}, length ratio "
        f"{scores.length_ratio:.3f} ({scores.hyp_len} / {scores.ref_len} tokens, 13a).",
        "",
        f"## Published {PUBLISHED_MODEL} figures",
        "",
        "| test set | BLEU published | BLEU this run | chrF published | chrF this run |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in report.published():
        out.append(
            f"| {row['label']} (`{row['testset']}`) | {row['bleu']} | {_or_dash(row['kabar_bleu'])}"
            f" | {row['chrf']} | {_or_dash(row['kabar_chrf'])} |"
        )
    model_note = ""
    if report.partial:
        model_note += f" This run scored only {report.segments} segments (--limit): not comparable."
    if report.engine is not None and report.engine.model != PUBLISHED_MODEL:
        model_note += f" This run used `{_cell(report.engine.model)}`, not {PUBLISHED_MODEL}."
    out += [
        "",
        f"Published: {PUBLISHED_SOURCE}; this run's figures are rounded to the same precision."
        + model_note,
        "",
    ]
    out += _figure_section(
        "Sentence chrF",
        f"Mean {scores.mean_sentence_chrf:.1f}, median {scores.median_sentence_chrf:.1f}.",
        image=histogram,
        alt="Histogram of sentence chrF",
    )
    if report.correlation is not None:
        out += _figure_section(
            "Does confidence predict quality?",
            f"Confidence against sentence chrF: {_correlation_line(report.correlation)}.",
            image=scatter,
            alt="Confidence against sentence chrF",
        )
    out += [f"## The {WORST_COUNT} worst sentences by chrF", ""]
    for rank, record in enumerate(report.worst(), start=1):
        heading = f"### {rank}. line {record.line} · chrF {record.chrf:.1f}"
        if record.confidence is not None:
            heading += f" · confidence {record.confidence:.2f}"
        if record.flags:
            heading += f" · flags: {', '.join(record.flags)}"
        out += [heading, ""]
        if record.source is not None:
            out.append(f"- **source:** {_inline(record.source)}")
        out += [
            f"- **hypothesis:** {_inline(record.hypothesis)}",
            f"- **reference:** {_inline(record.reference)}",
            "",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


def _figure_section(heading: str, text: str, *, image: str | None, alt: str) -> list[str]:
    """A section of report.md: its heading, one line of text and, when ``image`` (a PNG's
    file name) was drawn, the figure."""
    lines = [f"## {heading}", "", text, ""]
    if image is not None:
        lines += [f"![{alt}]({image})", ""]
    return lines


class OutputError(KabarError):
    """The report folder cannot be created or written."""


def prepare_out_dir(out_dir: Path) -> Path:
    """Create ``out_dir`` (and parents) and check it is a writable folder; OutputError if not.

    Called before any translation, so a bad ``--out`` fails at once, not after an hour."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"--out {out_dir} exists and is not a folder; give a folder.") from None
    except OSError as error:
        raise OutputError(f"cannot create --out {out_dir}: {error.strerror or error}.") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write into --out {out_dir}: permission denied.")
    return out_dir


def write_report(report: EvalReport, out_dir: Path) -> dict[str, Path]:
    """Write hypotheses.txt, the PNG plots, report.json and report.md into ``out_dir``
    (created if needed; every file written atomically). Returns name -> path.
    Raises OutputError when the folder cannot be written."""
    prepare_out_dir(out_dir)
    try:
        return _write_report_files(report, out_dir)
    except OSError as error:
        raise OutputError(f"cannot write the report into {out_dir}: {error}.") from None


def _write_report_files(report: EvalReport, out_dir: Path) -> dict[str, Path]:
    from kabar.eval import plots

    written: dict[str, Path] = {}
    hypotheses = "".join(one_line(h) + "\n" for h in report.hypotheses)
    written[HYPOTHESES_FILE] = _write_atomic(out_dir / HYPOTHESES_FILE, hypotheses.encode())
    scores = report.scores
    written[HISTOGRAM_PNG] = _render_atomic(
        out_dir / HISTOGRAM_PNG,
        lambda path: plots.chrf_histogram(scores.sentence_chrf, scores.chrf, path),
    )
    scatter = None
    if report.correlation is not None:
        kept = [
            s for s in report.sentences if s.confidence is not None and FLAG_EMPTY not in s.flags
        ]
        correlation = report.correlation
        written[SCATTER_PNG] = _render_atomic(
            out_dir / SCATTER_PNG,
            lambda path: plots.confidence_scatter(
                [s.confidence or 0.0 for s in kept],
                [s.chrf for s in kept],
                path,
                pearson=correlation.pearson,
                spearman=correlation.spearman,
            ),
        )
        scatter = SCATTER_PNG
    data = report.to_dict()
    data["plots"] = [name for name in (HISTOGRAM_PNG, scatter) if name is not None]
    written[REPORT_JSON] = _write_atomic(
        out_dir / REPORT_JSON, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
    )
    markdown = render_markdown(report, histogram=HISTOGRAM_PNG, scatter=scatter)
    written[REPORT_MD] = _write_atomic(out_dir / REPORT_MD, markdown.encode())
    return written


def _write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file, so a reader never sees half."""
    with atomic_write(path, binary=True) as handle:
        handle.write(data)
    return path


def _render_atomic(path: Path, render: Callable[[Path], object]) -> Path:
    """Let ``render`` write a temporary file beside ``path``, then move it into place."""
    with atomic_path(path) as temporary:
        render(temporary)
    return path


def _engine_line(engine: EngineInfo) -> str:
    return (
        f"{engine.model} · {engine.backend} · {engine.device} · {engine.threads} threads · "
        f"{engine.compute_type} · beam {engine.beam_size}"
    )


def _time_line(report: EvalReport) -> str:
    per_second = report.sentences_per_second
    rate = "" if per_second is None else f" · {per_second:.2f} sentences/s"
    return f"{report.seconds:.1f} s{rate}"


def _correlation_line(correlation: Correlation) -> str:
    def show(value: float | None) -> str:
        return "undefined" if value is None else f"{value:.3f}"

    return (
        f"Pearson r = {show(correlation.pearson)}, Spearman ρ = {show(correlation.spearman)} "
        f"(n = {correlation.n})"
    )


def _or_dash(value: float | None) -> str:
    return "–" if value is None else f"**{value}**"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _inline(text: str) -> str:
    """A line of user text safe inside Markdown prose (no HTML, no accidental markup)."""
    flat = one_line(text)
    if not flat:
        return "*(empty)*"
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", flat)
