"""The evaluation report as people read it: the terminal summary (``render_text``) and
report.md (``render_markdown``), from an ``EvalReport``."""

from __future__ import annotations

import re

from kabar.eval.flag_summary import flags_markdown, flags_text
from kabar.eval.report import (
    PUBLISHED_MODEL,
    PUBLISHED_SOURCE,
    WORST_COUNT,
    Correlation,
    EvalReport,
    one_line,
)
from kabar.translate.results import EngineInfo


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
    if report.flagged:
        lines.append(flags_text(report.sentences))
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
    if report.flagged:
        out += flags_markdown(report.sentences)
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
