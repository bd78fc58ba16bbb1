"""The flags of an evaluation, counted: which flag fell on how many lines, and which.

``kabar eval`` takes each line's flags from the translator; ``kabar score --src`` computes
them from the source and the hypothesis (``kabar.translate.quality.sentence_flags``), so
any system's output file gets the same checks as kabar's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from kabar.translate.checks.base import CheckResult
from kabar.translate.quality import FLAGS

SHOWN_LINES = 20  # the text report names this many lines per flag; the JSON has them all


class FlaggedLine(Protocol):
    @property
    def line(self) -> int: ...

    @property
    def flags(self) -> tuple[str, ...]: ...

    @property
    def checks(self) -> tuple[CheckResult, ...]: ...


def flag_lines(records: Iterable[FlaggedLine]) -> dict[str, tuple[int, ...]]:
    """Flag -> the lines (from 1) it falls on, for every flag raised, in ``FLAGS`` order."""
    found: dict[str, list[int]] = {}
    for record in records:
        for flag in record.flags:
            found.setdefault(flag, []).append(record.line)
    order = {flag: n for n, flag in enumerate(FLAGS)}
    return {flag: tuple(found[flag]) for flag in sorted(found, key=lambda f: (order.get(f, 99), f))}


def flags_json(records: Sequence[FlaggedLine]) -> dict[str, dict[str, object]]:
    """The report JSON's ``"flags"``: {flag: {"count", "lines"}}."""
    return {
        flag: {"count": len(lines), "lines": list(lines)}
        for flag, lines in flag_lines(records).items()
    }


def flags_text(records: Sequence[FlaggedLine]) -> str:
    """One line for the terminal: "flags: numbers 11 (lines 24, 121, ...)" or "flags: none"."""
    counted = flag_lines(records)
    if not counted:
        return "flags: none"
    return "flags: " + "; ".join(
        f"{flag} {len(lines)} (line{'s' if len(lines) > 1 else ''} {_some(lines)})"
        for flag, lines in counted.items()
    )


def flags_markdown(records: Sequence[FlaggedLine]) -> list[str]:
    """report.md's section: a table of each flag's count and lines, then every check's
    finding by line."""
    counted = flag_lines(records)
    lines = ["## Flags", ""]
    if not counted:
        return [*lines, "No line raised a flag.", ""]
    lines += ["| flag | lines | which |", "|---|---:|---|"]
    lines += [f"| {flag} | {len(at)} | {_some(at)} |" for flag, at in counted.items()]
    findings = [
        f"- line {record.line}: {c.check}: {_escaped(c.sentence)}"
        for record in records
        for c in record.checks
    ]
    if findings:
        lines += ["", "What the checks found:", "", *findings]
    return [*lines, ""]


def _some(lines: Sequence[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:SHOWN_LINES])
    return shown + (f", … ({len(lines) - SHOWN_LINES} more)" if len(lines) > SHOWN_LINES else "")


def _escaped(text: str) -> str:
    out = " ".join(text.split())
    for char in "\\`*_[]<>|#":
        out = out.replace(char, "\\" + char)
    return out
