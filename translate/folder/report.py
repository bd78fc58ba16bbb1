"""What a folder run did: per-file outcomes, totals, the JSON report and the stderr summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kabar.core.language import INDONESIAN, NAMES
from kabar.translate.results import EngineInfo

REPORT_NAME = "kabar-report.json"
TRANSLATED, SKIPPED, FAILED = "translated", "skipped", "failed"
# The skip reason of a finished, unchanged input (the summary counts these, names none).
UNCHANGED = "unchanged since the last run (--force redoes it)"
_LISTED = 15  # failures named on the summary screen (one screen); the report has all


@dataclass(frozen=True)
class FileOutcome:
    """One input path (relative to IN_DIR) and what happened to it.

    status: ``translated``, ``skipped`` (with the reason: unchanged since the last run,
        not an input kind, a symlink loop, the output folder) or ``failed`` (the reason).
    outputs: paths relative to OUT_DIR. sentences .. seconds: this run's figures for a
        translated file; seconds is its share of the batches it was translated in.
    removed_outputs: what an earlier run wrote for this input and this run removed, as
        it no longer writes them (e.g. the JSON or brief of the old translation).
    flags: how many sentences raised each flag; to_check: the sentences to check, worst
        first (``SentenceToCheck.to_dict()``, indices counted over the whole file).
    """

    path: str
    status: str
    reason: str = ""
    kind: str | None = None
    outputs: tuple[str, ...] = ()
    sentences: int = 0
    mean_confidence: float | None = None
    flagged_sentences: int = 0
    seconds: float = 0.0
    notices: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)
    resumed_units: int = 0
    resumed_sentences: int = 0
    removed_outputs: tuple[str, ...] = ()
    flags: Mapping[str, int] = field(default_factory=dict)
    to_check: tuple[Mapping[str, Any], ...] = ()
    to_check_count: int = 0  # all of them; ``to_check`` lists the worst (a long list is cut)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "status": self.status}
        if self.reason:
            data["reason"] = self.reason
        if self.kind is not None:
            data["kind"] = self.kind
        if self.outputs:
            data["outputs"] = list(self.outputs)
        if self.removed_outputs:
            data["removed_outputs"] = list(self.removed_outputs)
        if self.status == TRANSLATED:
            mean = self.mean_confidence
            data |= {
                "sentences": self.sentences,
                "resumed_sentences": self.resumed_sentences,
                "mean_confidence": None if mean is None else round(mean, 4),
                "flagged_sentences": self.flagged_sentences,
                "flags": dict(self.flags),
                "to_check": {
                    "count": max(self.to_check_count, len(self.to_check)),
                    "listed": len(self.to_check),
                    "sentences": list(self.to_check),
                },
                "seconds": round(self.seconds, 3),
            }
            if self.resumed_units:
                data["resumed_units"] = self.resumed_units
                data["resumed_sentences"] = self.resumed_sentences
        if self.notices:
            data["notices"] = list(self.notices)
        return data | dict(self.details)


@dataclass(frozen=True)
class FolderReport:
    """A whole run. ``translation_seconds`` runs from the first batch to the last output
    written (model loading and the scan of the folder excluded); ``seconds`` is all of it.
    ``distributed``: where the work ran, when the translator says (``ReportsWork``).
    """

    in_dir: str
    out_dir: str
    files: tuple[FileOutcome, ...]
    engine: EngineInfo | None
    seconds: float
    translation_seconds: float
    interrupted: bool = False
    removed_temp_files: int = 0
    distributed: Mapping[str, Any] | None = None

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def sentences(self) -> int:
        return sum(f.sentences for f in self.files if f.status == TRANSLATED)

    @property
    def resumed_sentences(self) -> int:
        """Sentences of those files an interrupted run had translated."""
        return sum(f.resumed_sentences for f in self.files if f.status == TRANSLATED)

    @property
    def sentences_per_second(self) -> float:
        """Over the sentences this run translated."""
        done = self.sentences - self.resumed_sentences
        return done / self.translation_seconds if self.translation_seconds else 0.0

    @property
    def removed_outputs(self) -> int:
        """Outdated outputs of re-translated inputs removed by this run."""
        return sum(len(f.removed_outputs) for f in self.files)

    @property
    def mean_confidence(self) -> float | None:
        done = [f for f in self.files if f.status == TRANSLATED and f.mean_confidence is not None]
        weight = sum(f.sentences for f in done)
        if not weight:
            return None
        return sum((f.mean_confidence or 0.0) * f.sentences for f in done) / weight

    @property
    def corpora(self) -> tuple[FileOutcome, ...]:
        """The ``.jsonl`` corpora whose outputs are in OUT_DIR (translated now or before)."""
        return tuple(f for f in self.files if f.status != FAILED and "records" in f.details)

    @property
    def records(self) -> int:
        """Records of those corpora (one output line each)."""
        return sum(int(f.details["records"]) for f in self.corpora)

    @property
    def failed_records(self) -> int:
        """Records of those corpora that could not be translated (an ``"error"`` line)."""
        return sum(int(f.details.get("failed_records", 0)) for f in self.corpora)

    @property
    def exit_code(self) -> int:
        """0 when every file was translated or skipped and every record of every corpus
        translated; 1 when any file or record failed (a rerun keeps saying so while the
        input is unchanged)."""
        return 1 if self.count(FAILED) or self.failed_records else 0

    def to_dict(self) -> dict[str, Any]:
        mean = self.mean_confidence
        return {
            "in_dir": self.in_dir,
            "out_dir": self.out_dir,
            "engine": self.engine.to_dict() if self.engine else None,
            "interrupted": self.interrupted,
            "removed_temp_files": self.removed_temp_files,
            "totals": {
                "files": len(self.files),
                TRANSLATED: self.count(TRANSLATED),
                SKIPPED: self.count(SKIPPED),
                FAILED: self.count(FAILED),
                "sentences": self.sentences,
                "resumed_sentences": self.resumed_sentences,
                "mean_confidence": None if mean is None else round(mean, 4),
                "flagged_sentences": sum(f.flagged_sentences for f in self.files),
                "records": self.records,
                "failed_records": self.failed_records,
                "removed_outputs": self.removed_outputs,
                "seconds": round(self.seconds, 3),
                "translation_seconds": round(self.translation_seconds, 3),
                "sentences_per_second": round(self.sentences_per_second, 2),
            },
            **({"distributed": dict(self.distributed)} if self.distributed is not None else {}),
            "files": [f.to_dict() for f in self.files],
        }


def summary_lines(report: FolderReport, report_path: str) -> list[str]:
    """The one-screen summary: totals, why files were skipped, which failed and why."""
    mean = report.mean_confidence
    lines = [
        f"kabar: {_files(len(report.files))}: {report.count(TRANSLATED)} translated, "
        f"{report.count(SKIPPED)} skipped, {report.count(FAILED)} failed"
        + (" (interrupted)" if report.interrupted else ""),
    ]
    if report.corpora:
        corpora = len(report.corpora)
        failed = report.failed_records
        lines.append(
            f"kabar: {report.records:,} records in {corpora} .jsonl "
            f"{'corpus' if corpora == 1 else 'corpora'}: {report.records - failed:,} translated, "
            f"{failed:,} failed"
        )
    resumed = [f for f in report.files if f.resumed_units]
    if resumed:
        lines.append(
            f"kabar: continued {len(resumed)} interrupted file(s) from their checkpoint "
            f"({report.resumed_sentences:,} sentences not translated again)"
        )
    translated = report.sentences - report.resumed_sentences
    if translated:
        flagged = sum(f.flagged_sentences for f in report.files)
        lines.append(
            f"kabar: {translated:,} sentences in {report.translation_seconds:.1f} s "
            f"({report.sentences_per_second:.1f} sentences/s), mean confidence "
            f"{mean or 0.0:.2f}, {flagged:,} flagged"
        )
        lines += to_check_lines(report)
    if report.distributed and report.distributed.get("summary"):
        lines.append(f"kabar: {report.distributed['summary']}")
    skipped: dict[str, list[str]] = {}
    for f in report.files:
        if f.status == SKIPPED:
            skipped.setdefault(_reason_group(f.reason), []).append(f.path)
    if skipped:
        groups = sorted(skipped.items(), key=lambda item: -len(item[1]))
        # A rerun's unchanged files are the expected case: counted, not named.
        listed = "; ".join(_skip_group(reason, names) for reason, names in groups)
        lines.append(f"kabar: skipped: {listed}")
    lines += failure_lines(report)
    lines += language_lines(report)
    lines += notice_lines(report)
    if report.removed_temp_files:
        lines.append(
            f"kabar: removed {report.removed_temp_files} temporary file(s) of an interrupted run"
        )
    if report.removed_outputs:
        lines.append(
            f"kabar: removed {report.removed_outputs} outdated output(s) of re-translated "
            "files, which this run no longer writes (named in the report)"
        )
    lines.append(f"kabar: report: {report_path}")
    return lines


def _to_check(outcome: FileOutcome) -> int:
    return max(outcome.to_check_count, len(outcome.to_check))


def to_check_lines(report: FolderReport) -> list[str]:
    """How many sentences to check, by flag, and the files with the most (the report and
    each file's JSON list them, worst first)."""
    files = [f for f in report.files if f.status == TRANSLATED and f.to_check]
    if not files:
        return []
    counts: dict[str, int] = {}
    for f in files:
        for flag, n in f.flags.items():
            counts[flag] = counts.get(flag, 0) + n
    total = sum(_to_check(f) for f in files)
    by_flag = ", ".join(f"{flag} {n:,}" for flag, n in sorted(counts.items(), key=lambda i: -i[1]))
    lines = [f"kabar: sentences to check: {total:,} in {_files(len(files))} ({by_flag}):"]
    ranked = sorted(files, key=lambda f: -_to_check(f))
    lines += [f"  {f.path}: {_to_check(f):,}" for f in ranked[:_LISTED]]
    if len(ranked) > _LISTED:
        lines.append(f"  ... and {len(ranked) - _LISTED} more files (named in the report)")
    return lines


def language_lines(report: FolderReport) -> list[str]:
    """The files translated this run whose text does not look Indonesian (the decision
    ``kabar translate`` warns on), with what they look like; the report has them all."""
    others = [
        f
        for f in report.files
        if f.status == TRANSLATED
        and f.details.get("language", NAMES[INDONESIAN]) != NAMES[INDONESIAN]
    ]
    if not others:
        return []
    lines = [
        f"kabar: not Indonesian, translated anyway (--skip-other-languages skips them): "
        f"{_files(len(others))}:"
    ]
    lines += [f"  {f.path}: looks {f.details['language']}" for f in others[:_LISTED]]
    if len(others) > _LISTED:
        lines.append(f"  ... and {len(others) - _LISTED} more (named in the report)")
    return lines


def notice_lines(report: FolderReport) -> list[str]:
    """The notes of the files translated this run (read as Windows-1252, HTML reduced,
    hard-wrapped lines joined ...), the first few; the report has them all."""
    noted = [f for f in report.files if f.status == TRANSLATED and f.notices]
    if not noted:
        return []
    lines = ["kabar: notes:"]
    # A notice that names its file already (a document's own) is not named twice.
    lines += [
        f"  {f.path}: {'; '.join(n.removeprefix(f'{f.path}: ') for n in f.notices)}"
        for f in noted[:_LISTED]
    ]
    if len(noted) > _LISTED:
        lines.append(f"  ... and {len(noted) - _LISTED} more files with notes")
    return lines


def failure_lines(report: FolderReport) -> list[str]:
    """The failed files with their reasons, then the failed records of corpora by line
    (the first few of each; the report names more, the outputs have every one)."""
    lines = []
    failed = [f for f in report.files if f.status == FAILED]
    if failed:
        lines += ["kabar: failed:", *(f"  {f.path}: {f.reason}" for f in failed[:_LISTED])]
        if len(failed) > _LISTED:
            lines.append(f"  ... and {len(failed) - _LISTED} more")
    records = [
        (corpus.path, failure)
        for corpus in report.corpora
        for failure in corpus.details.get("record_failures", ())
    ]
    if records:
        lines.append('kabar: records not translated (an "error" line in the output):')
        shown = records[:_LISTED]
        for path, failure in shown:
            named = f" (id {failure['id']!r})" if "id" in failure else ""
            lines.append(f"  {path} line {failure['line']}{named}: {failure['error']}")
        if report.failed_records > len(shown):
            lines.append(f"  ... and {report.failed_records - len(shown):,} more")
    return lines


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


# Skipped files named on screen, per reason; the report names them all.
_NAMED_SKIPS = 3


def _skip_group(reason: str, names: list[str]) -> str:
    """``3 unchanged … (--force redoes them)`` (counted only), or ``2 <reason>: a, b``."""
    if reason != UNCHANGED:
        return f"{len(names)} {reason}{_some(names)}"
    said = UNCHANGED if len(names) == 1 else UNCHANGED.replace("redoes it", "redoes them")
    return f"{len(names)} {said}"


def _some(names: list[str]) -> str:
    """`` (a.pdf, b.jpg, and 4 more)``: which files, so that nobody has to open the report
    to learn what was passed over."""
    shown = ", ".join(names[:_NAMED_SKIPS])
    more = len(names) - _NAMED_SKIPS
    return f" ({shown}{f', and {more:,} more' if more > 0 else ''})"


def _reason_group(reason: str) -> str:
    """Skip reasons without their file-specific tail, so the summary can count them."""
    return reason.split(":", 1)[0]
