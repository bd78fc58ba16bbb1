"""How well the source/translation checks work on real translations.

Runs every check (``kabar.translate.checks``) and the decoding flags
(``kabar.translate.quality``) on:

* the published opus-mt-id-en outputs on FLORES devtest, against the FLORES sources; and
* the human references of FLORES, TICO-19 and Tatoeba as if they were outputs: every flag
  there is a false alarm (or a reference that rewrote the source, which a reader of the
  flag would still want to see, but counts against the check here).

For ``numbers`` on the system outputs, two sets of labels:

* the reference as oracle: a line has a *true error* when a source number's value is in
  the reference and not in the output (the issue's definition, computed with the same
  value reading the check uses, so its recall is 100% by construction: it is printed,
  but it cannot find what the value reading misses);
* hand judgement (``checks_labels.NUMBERS_JUDGED``): every flagged line judged, plus
  every unflagged line whose digits differ from the reference's, read for a missed error.
  This gives the precision and recall reported in docs/checks.md.

Run ``python -m kabar.eval.measure.checks [--data DIR] [--format json]``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from kabar.eval.measure.checks_labels import NUMBERS_JUDGED
from kabar.translate.checks import CHECKS, kept_text, numbers
from kabar.translate.glossary import Glossary, parse_glossary
from kabar.translate.quality import sentence_flags

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"
SYSTEM_OUTPUT = "system-outputs/opus-mt-id-en.flores101-devtest.eng"
TESTSETS = ("flores200-devtest", "tico19-test", "tatoeba-v2021-08-07")
TARGETS = {"recall": 0.95, "precision": 0.85, "reference_rate": 0.005}
# A small house glossary of news terms frequent in FLORES and TICO-19, one English each,
# written by hand (not taken from the references): how often do translators, human or
# machine, use another word, and does the matching (affixes, plurals) hold?
NEWS_GLOSSARY = """Amerika Serikat\tUnited States
presiden\tpresident
pemerintah\tgovernment
rumah sakit\thospital
pasien\tpatient
penelitian\tresearch
polisi\tpolice
perang\twar
ilmuwan\tscientist
dunia\tworld
vaksin\tvaccine
gejala\tsymptom
kota\tcity
sungai\triver
"""


@dataclass(frozen=True)
class FlagRate:
    """How many of ``lines`` lines raised ``flag`` in ``corpus``."""

    corpus: str
    flag: str
    flagged: int
    lines: int

    @property
    def rate(self) -> float:
        return self.flagged / self.lines if self.lines else 0.0


@dataclass(frozen=True)
class NumbersScores:
    """The numbers check on system outputs against both kinds of labels."""

    flagged: int
    oracle_errors: int
    oracle_hits: int  # flagged lines with an oracle true error
    judged_errors: int  # flagged lines judged a real number error
    judged_missed: int  # unflagged lines judged a real number error

    @property
    def oracle_precision(self) -> float:
        return self.oracle_hits / self.flagged if self.flagged else 1.0

    @property
    def oracle_recall(self) -> float:
        return self.oracle_hits / self.oracle_errors if self.oracle_errors else 1.0

    @property
    def judged_precision(self) -> float:
        return self.judged_errors / self.flagged if self.flagged else 1.0

    @property
    def judged_recall(self) -> float:
        found = self.judged_errors + self.judged_missed
        return self.judged_errors / found if found else 1.0


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def true_number_errors(source: str, output: str, reference: str) -> tuple[str, ...]:
    """The source numbers whose value the reference keeps and the output lacks."""
    kept, _ = numbers.english_values(reference)
    present, _ = numbers.english_values(output)
    return tuple(
        q.text
        for q in numbers.source_quantities(source)
        if q.values & kept and not q.values & present
    )


def rates(corpus: str, sources: Sequence[str], outputs: Sequence[str]) -> list[FlagRate]:
    """Every flag's count over aligned sources and outputs (zero counts included)."""
    counts = dict.fromkeys((*_decoding_flags(), *CHECKS), 0)
    for source, output in zip(sources, outputs, strict=True):
        for flag in sentence_flags(" ".join(source.split()), output)[0]:
            counts[flag] += 1
    return [FlagRate(corpus, flag, n, len(sources)) for flag, n in counts.items()]


def _decoding_flags() -> tuple[str, ...]:
    # The pair flags quality_flags can raise (chunked, length_limit, empty need decoding).
    return ("repetition", "untranslated", "length_ratio")


def numbers_scores(
    sources: Sequence[str], outputs: Sequence[str], refs: Sequence[str]
) -> NumbersScores:
    flagged = oracle_errors = oracle_hits = judged_errors = judged_missed = 0
    for line, (source, output, reference) in enumerate(zip(sources, outputs, refs, strict=True), 1):
        flag = bool(numbers.check(" ".join(source.split()), output))
        errors = true_number_errors(source, output, reference)
        flagged += flag
        oracle_errors += bool(errors)
        oracle_hits += flag and bool(errors)
        judged = NUMBERS_JUDGED.get(line)
        if judged is not None and judged[0]:
            judged_errors += flag
            judged_missed += not flag
    return NumbersScores(flagged, oracle_errors, oracle_hits, judged_errors, judged_missed)


@dataclass(frozen=True)
class GlossaryRate:
    """The news glossary on one corpus: lines with a term, lines where the English lacks
    one, and (system outputs) lines where the reference has it and the output does not."""

    corpus: str
    with_term: int
    flagged: int
    reference_has_it: int | None = None


def glossary_rate(
    corpus: str,
    sources: Sequence[str],
    outputs: Sequence[str],
    references: Sequence[str] | None = None,
) -> GlossaryRate:
    terms: Glossary = parse_glossary(NEWS_GLOSSARY)
    with_term = flagged = kept_by_reference = 0
    for index, (source, output) in enumerate(zip(sources, outputs, strict=True)):
        missing = terms.missing(source, output)
        with_term += bool(terms.required(source))
        flagged += bool(missing)
        if references is not None and missing:
            kept_by_reference += any(t.in_translation(references[index]) for t in missing)
    return GlossaryRate(
        corpus, with_term, flagged, None if references is None else kept_by_reference
    )


def kept_text_items(sources: Sequence[str]) -> int:
    """URLs, e-mails, @handles and #hashtags in ``sources``."""
    return sum(len(kept_text.kept_items(s)) for s in sources)


@dataclass(frozen=True)
class Measurement:
    """Flag rates on the system outputs and the human references, and the numbers scores."""

    system: tuple[FlagRate, ...]
    references: tuple[FlagRate, ...]
    numbers: NumbersScores
    glossary: tuple[GlossaryRate, ...] = ()
    kept_text_items: tuple[tuple[str, int], ...] = ()

    @property
    def worst_reference_rate(self) -> float:
        """The ``numbers`` check's highest rate over the human references."""
        return max((r.rate for r in self.references if r.flag == numbers.NAME), default=0.0)

    def to_dict(self) -> dict[str, object]:
        return {
            "system": [asdict(r) | {"rate": r.rate} for r in self.system],
            "references": [asdict(r) | {"rate": r.rate} for r in self.references],
            "glossary": [asdict(g) for g in self.glossary],
            "kept_text_items": dict(self.kept_text_items),
            "numbers": asdict(self.numbers)
            | {
                "oracle_precision": self.numbers.oracle_precision,
                "oracle_recall": self.numbers.oracle_recall,
                "judged_precision": self.numbers.judged_precision,
                "judged_recall": self.numbers.judged_recall,
            },
        }


def measure(data: Path) -> Measurement:
    testsets = data / "testsets"
    sources = read_lines(testsets / "flores200-devtest.ind")
    outputs = read_lines(data / SYSTEM_OUTPUT)
    references = read_lines(testsets / "flores200-devtest.eng")
    human = [
        rate
        for name in TESTSETS
        for rate in rates(
            f"{name} reference",
            read_lines(testsets / f"{name}.ind"),
            read_lines(testsets / f"{name}.eng"),
        )
    ]
    tico = (read_lines(testsets / "tico19-test.ind"), read_lines(testsets / "tico19-test.eng"))
    glossary = (
        glossary_rate("opus-mt-id-en FLORES devtest output", sources, outputs, references),
        glossary_rate("flores200-devtest reference", sources, references),
        glossary_rate("tico19-test reference", *tico),
    )
    items = tuple(
        (name, kept_text_items(read_lines(testsets / f"{name}.ind"))) for name in TESTSETS
    )
    return Measurement(
        tuple(rates("opus-mt-id-en FLORES devtest output", sources, outputs)),
        tuple(human),
        numbers_scores(sources, outputs, references),
        glossary,
        items,
    )


def render(result: Measurement) -> str:
    scores = result.numbers
    lines = ["flag rates (lines flagged / lines):"]
    for rate in (*result.system, *result.references):
        lines.append(
            f"  {rate.corpus:38} {rate.flag:13} {rate.flagged:4} / {rate.lines:5}"
            f" = {100 * rate.rate:.2f}%"
        )
    worst = result.worst_reference_rate
    lines += [
        "numbers on the opus-mt-id-en FLORES devtest outputs:",
        f"  flagged lines {scores.flagged}; lines with a true error (reference as oracle) "
        f"{scores.oracle_errors}",
        f"  oracle labels: precision {100 * scores.oracle_precision:.1f}%, recall "
        f"{100 * scores.oracle_recall:.1f}% (100% by construction)",
        f"  hand-judged labels: precision {100 * scores.judged_precision:.1f}% "
        f"({scores.judged_errors}/{scores.flagged}), recall {100 * scores.judged_recall:.1f}% "
        f"({scores.judged_errors}/{scores.judged_errors + scores.judged_missed})",
        "kept_text items (URLs, e-mails, @handles, #hashtags) in the sources: "
        + ", ".join(f"{name} {n}" for name, n in result.kept_text_items),
        f"news glossary ({len(parse_glossary(NEWS_GLOSSARY).terms)} terms):",
        *(
            f"  {g.corpus:38} lines with a term {g.with_term:4}, English lacks one "
            f"{g.flagged:4} ({100 * g.flagged / max(1, g.with_term):.1f}%)"
            + (
                ""
                if g.reference_has_it is None
                else f", of which the reference has it {g.reference_has_it}"
            )
            for g in result.glossary
        ),
        f"targets: recall >= 95% {_met(scores.judged_recall >= TARGETS['recall'])}; "
        f"precision >= 85% {_met(scores.judged_precision >= TARGETS['precision'])}; "
        f"on each human reference <= 0.5% of lines (worst {100 * worst:.2f}%) "
        f"{_met(worst <= TARGETS['reference_rate'])}",
    ]
    return "\n".join(lines) + "\n"


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure kabar's checks on real translations.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if not (args.data / SYSTEM_OUTPUT).is_file():
        parser.error(
            f"{args.data / SYSTEM_OUTPUT} is missing: give the shared data with --data DIR"
        )
    result = measure(args.data)
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(render(result), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
