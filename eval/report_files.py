"""``--out DIR``: the evaluation report's files (hypotheses.txt, the PNG plots, report.json,
report.md), each written atomically, and the folder checked before any translation."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from kabar.core.atomic import atomic_path, atomic_write
from kabar.core.errors import KabarError
from kabar.eval.report import (
    HISTOGRAM_PNG,
    HYPOTHESES_FILE,
    REPORT_JSON,
    REPORT_MD,
    SCATTER_PNG,
    EvalReport,
    one_line,
)
from kabar.eval.report_render import render_markdown
from kabar.translate.quality import FLAG_EMPTY


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
