"""The report's PNG plots, drawn with matplotlib's Agg renderer (no display needed).

matplotlib is imported inside the functions, so importing kabar costs nothing; figures
are built with ``matplotlib.figure.Figure`` on an Agg canvas, never through pyplot's
global state, so plotting is safe in a server process (the Gradio UI) too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

HISTOGRAM_BINS = 20  # 5 chrF points per bin over 0-100
_SIZE = (6.4, 4.0)
_DPI = 110


def _figure() -> tuple[Any, Any]:
    """A new figure on an Agg canvas, and its one axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=_SIZE, dpi=_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def chrf_histogram(sentence_chrf: Sequence[float], corpus_chrf: float, path: Path) -> Path:
    """Histogram of sentence chrF (0-100) with the corpus chrF marked; writes a PNG."""
    figure, axes = _figure()
    axes.hist(
        list(sentence_chrf),
        bins=HISTOGRAM_BINS,
        range=(0, 100),
        color="#4c72b0",
        edgecolor="white",
    )
    axes.axvline(
        corpus_chrf, color="#c44e52", linestyle="--", label=f"corpus chrF {corpus_chrf:.1f}"
    )
    axes.set_xlim(0, 100)
    axes.set_xlabel("sentence chrF")
    axes.set_ylabel("sentences")
    axes.set_title(f"Sentence chrF ({len(sentence_chrf)} sentences)")
    axes.legend(loc="upper right")
    figure.savefig(path, format="png")
    return path


def confidence_scatter(
    confidence: Sequence[float],
    sentence_chrf: Sequence[float],
    path: Path,
    *,
    pearson: float | None,
    spearman: float | None,
) -> Path:
    """Scatter of the translator's confidence (0-1) against sentence chrF; writes a PNG."""
    figure, axes = _figure()
    axes.scatter(list(confidence), list(sentence_chrf), s=10, alpha=0.5, color="#4c72b0")
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 100)
    axes.set_xlabel("confidence (exp mean token log-probability)")
    axes.set_ylabel("sentence chrF")
    axes.set_title(f"Confidence vs chrF: Pearson {_r(pearson)}, Spearman {_r(spearman)}")
    figure.savefig(path, format="png")
    return path


def _r(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"
