"""Checks of a translation against its source, each a small module in this package.

A check reads the source and the English of one sentence and returns what is wrong
(``CheckResult``: the source text it is about and a plain-words detail); its name is also
the sentence's flag. The decoding's own flags (loops, copied Indonesian, length) stay in
``kabar.translate.quality``. Add a check: one module with ``NAME``, ``DESCRIPTION`` and
``check(source, translation)``, and one line in ``CHECKS``. What each check catches and
how often it cries wolf on human translations: docs/checks.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kabar.translate.checks import kept_text, numbers
from kabar.translate.checks.base import CheckResult


@dataclass(frozen=True)
class Check:
    """A check: its ``name`` (the flag), a ``description`` for legends, and ``run``."""

    name: str
    description: str
    run: Callable[[str, str], tuple[CheckResult, ...]]


CHECKS: dict[str, Check] = {
    module.NAME: Check(module.NAME, module.DESCRIPTION, module.check)
    for module in (numbers, kept_text)
}


def run_checks(source: str, translation: str) -> tuple[CheckResult, ...]:
    """Every registered check's findings on one sentence, in registry order."""
    return tuple(result for c in CHECKS.values() for result in c.run(source, translation))


def check_flags(results: tuple[CheckResult, ...]) -> tuple[str, ...]:
    """The flags ``results`` raise: each failing check's name once, in registry order."""
    failed = {r.check for r in results}
    return tuple(name for name in CHECKS if name in failed)


__all__ = ["CHECKS", "Check", "CheckResult", "check_flags", "run_checks"]
