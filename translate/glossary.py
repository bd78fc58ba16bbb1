"""A newsroom glossary: Indonesian terms and the English each must become.

The file is TSV or CSV, one term a line: Indonesian, then English ("DPR<TAB>House of
Representatives"); an empty English means "keep it as it is" (a name: "Kompas"). Lines
starting with ``#`` and blank lines are skipped. The engine enforces the glossary where
the backend can (``kabar.translate.glossary_search``: the best of n hypotheses that has every
required term) and the ``glossary`` check names any term still missing.

Matching is case-insensitive on words. On the Indonesian side a term also matches with
the clitics and suffixes glued to it ("DPR-nya", "kebijakannya", "Polri-lah"; "-an",
"-kan", "-i" only after a hyphen, which would otherwise make other words) and with a
hyphenated prefix ("se-Jakarta"). On the English side a term matches in the plural too
("police officers" for "police officer", "policies" for "policy").
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kabar.core.errors import KabarError
from kabar.translate.checks.base import CheckResult

NAME = "glossary"
DESCRIPTION = "a glossary term did not come out as the glossary says"
MAX_TERMS = 5000  # a house glossary is hundreds of terms; more is a wrong file

_ID_SUFFIXES = r"(?:-?(?:nya|lah|kah|pun|ku|mu)|-(?:an|kan|i))?"
_ID_PREFIXES = r"(?:(?:di|ke|se|pe|ber|ter|me)-)?"


class GlossaryError(KabarError):
    """The glossary file cannot be read or is malformed: the message says where."""


@dataclass(frozen=True)
class Term:
    """One glossary entry: ``source`` (Indonesian) must become ``target`` (English); an
    empty ``target`` in the file means the term is kept as is (``target == source``)."""

    source: str
    target: str

    @cached_property
    def source_pattern(self) -> re.Pattern[str]:
        words = r"\s+".join(re.escape(w) for w in self.source.split())
        return re.compile(rf"(?<![\w-]){_ID_PREFIXES}{words}{_ID_SUFFIXES}(?![\w-])", re.I)

    @cached_property
    def target_pattern(self) -> re.Pattern[str]:
        words = [re.escape(w) for w in self.target.split()]
        last = words[-1]
        if re.search(r"[^aeiou]y$", self.target.split()[-1], re.I):
            last = rf"(?:{last}|{last[:-1]}ies)"
        else:
            last = rf"{last}(?:s|es)?"
        body = r"\s+".join([*words[:-1], last])
        return re.compile(rf"(?<![\w]){body}(?![\w])", re.I)

    def in_source(self, text: str) -> bool:
        return self.source_pattern.search(text) is not None

    def in_translation(self, text: str) -> bool:
        return self.target_pattern.search(text) is not None


@dataclass(frozen=True)
class Glossary:
    """The terms, in file order (a longer term that contains a shorter one is checked
    first, so "Komisi Pemberantasan Korupsi" wins over "Korupsi")."""

    terms: tuple[Term, ...]

    def required(self, source: str) -> tuple[Term, ...]:
        """The terms ``source`` contains: what its English must have."""
        found: list[Term] = []
        covered: list[tuple[int, int]] = []
        for term in sorted(self.terms, key=lambda t: -len(t.source)):
            for match in term.source_pattern.finditer(source):
                span = match.span()
                if not any(a < span[1] and span[0] < b for a, b in covered):
                    found.append(term)
                    covered.append(span)
                    break
        return tuple(t for t in self.terms if t in found)

    def missing(self, source: str, translation: str) -> tuple[Term, ...]:
        """The required terms whose English is not in ``translation``."""
        return tuple(t for t in self.required(source) if not t.in_translation(translation))

    def check(self, source: str, translation: str) -> tuple[CheckResult, ...]:
        """One result per required term missing from ``translation``."""
        return tuple(
            CheckResult(
                NAME,
                term.source,
                f"the glossary's {term.target!r} is not in the English"
                if term.target != term.source
                else "the glossary keeps it as is, but it is not in the English",
            )
            for term in self.missing(source, translation)
        )

    def to_pairs(self) -> tuple[tuple[str, str], ...]:
        """(Indonesian, English) of every term: what the engine's options and fingerprint
        hold, so a changed glossary re-translates a folder."""
        return tuple((t.source, t.target) for t in self.terms)

    @classmethod
    def from_pairs(cls, pairs: tuple[tuple[str, str], ...]) -> Glossary:
        return cls(tuple(Term(s, t or s) for s, t in pairs))


def parse_glossary(text: str, *, name: str = "the glossary") -> Glossary:
    """The glossary in ``text`` (TSV when a line has a tab, else CSV). GlossaryError with
    the line number when a line has no Indonesian term or more than two columns."""
    lines = text.splitlines()
    tabbed = any("\t" in line for line in lines)
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t") if tabbed else next(csv.reader(io.StringIO(line)))
        cells = [c.strip() for c in cells]
        while len(cells) > 2 and not cells[-1]:
            cells.pop()
        if len(cells) > 2:
            raise GlossaryError(
                f"{name} line {number}: {len(cells)} columns; give two: the Indonesian term "
                "and its English (empty to keep it as is)."
            )
        source, target = cells[0], cells[1] if len(cells) == 2 else ""
        if not source:
            raise GlossaryError(f"{name} line {number}: no Indonesian term in the first column.")
        key = source.casefold()
        if key in seen:
            raise GlossaryError(
                f"{name} line {number}: {source!r} is already on line {seen[key]}; keep one."
            )
        seen[key] = number
        terms.append(Term(source, target or source))
    if len(terms) > MAX_TERMS:
        raise GlossaryError(f"{name} has {len(terms)} terms; at most {MAX_TERMS} are read.")
    return Glossary(tuple(terms))


def load_glossary(path: Path) -> Glossary:
    """The glossary file at ``path`` (UTF-8, TSV or CSV); GlossaryError if unreadable."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GlossaryError(f"--glossary {path}: no such file.") from None
    except UnicodeDecodeError:
        raise GlossaryError(f"--glossary {path}: not UTF-8 text; save it as UTF-8.") from None
    except OSError as error:
        raise GlossaryError(f"--glossary {path}: cannot read it ({error.strerror}).") from None
    return parse_glossary(text, name=f"--glossary {path}")
