"""Sentence-splitter accuracy: exact-span precision, recall and F1.

A predicted sentence counts as correct only when its (start, end) equals a
gold sentence's.  Two data sets are scored:

* FLORES-200 devtest (Indonesian): all lines are joined with single spaces
  into one long paragraph, so every line boundary has to be found again; each
  line is one gold sentence.
* The seed articles in ``seeds/`` against the hand-made ``tests/gold`` files
  (one sentence per line, an empty line between paragraphs).

Run ``python -m kabar.eval.measure.split_f1 [--flores PATH] [--format json]``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from kabar.core.splitter import Span, segment, split_sentences

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FLORES = REPO_ROOT.parent / "shared" / "data" / "testsets" / "flores200-devtest.ind"
DEFAULT_SEEDS = REPO_ROOT / "seeds"
DEFAULT_GOLD = REPO_ROOT / "tests" / "gold"
FLORES_BREAKS_NAME = "flores200-devtest.ind.breaks"
GOLD_SUFFIX = ".sentences"


@dataclass(frozen=True)
class Scores:
    """Exact-span match counts and the derived precision/recall/F1."""

    name: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Case:
    """A text with its gold sentence spans."""

    name: str
    text: str
    gold: tuple[Span, ...]


def span_scores(name: str, predicted: Iterable[Span], gold: Iterable[Span]) -> Scores:
    """Score *predicted* against *gold* by exact (start, end) match."""
    predicted_set = set(predicted)
    gold_set = set(gold)
    return Scores(name, len(gold_set), len(predicted_set), len(predicted_set & gold_set))


def add_scores(name: str, parts: Iterable[Scores]) -> Scores:
    """Micro-average: sum the counts of several scored cases."""
    items = list(parts)
    return Scores(
        name,
        sum(item.gold for item in items),
        sum(item.predicted for item in items),
        sum(item.correct for item in items),
    )


def predicted_sentences(text: str) -> list[Span]:
    """All sentence spans of *text*, paragraph by paragraph."""
    return [sentence for paragraph in segment(text) for sentence in paragraph.sentences]


# --- FLORES --------------------------------------------------------------------


def read_lines(path: Path) -> list[str]:
    """Lines of a one-segment-per-line file, without their line endings."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def line_spans(lines: Sequence[str]) -> list[Span | None]:
    """Each line's stripped extent in ``" ".join(lines)``; None for blank lines."""
    spans: list[Span | None] = []
    offset = 0
    for line in lines:
        stripped = line.strip()
        start = offset + len(line) - len(line.lstrip())
        spans.append(Span(start, start + len(stripped)) if stripped else None)
        offset += len(line) + 1
    return spans


def joined_lines_case(
    name: str, lines: Sequence[str], breaks: Mapping[int, Sequence[int]] | None = None
) -> Case:
    """Join *lines* with single spaces; each non-blank line is a gold sentence.

    *breaks* maps a 1-based line number to the character offsets (within that line) where
    further sentences start (see :func:`read_breaks`); those lines are split there instead
    of counting as one sentence.
    """
    text = " ".join(lines)
    breaks = breaks or {}
    spans = line_spans(lines)
    unknown = [n for n in breaks if not 1 <= n <= len(spans) or spans[n - 1] is None]
    if unknown:
        raise ValueError(f"breaks refer to missing or blank lines: {sorted(unknown)}")
    gold: list[Span] = []
    line_start = 0
    for number, (line, span) in enumerate(zip(lines, spans, strict=True), start=1):
        if span is not None:
            offsets = [line_start + o for o in breaks.get(number, ())]
            gold.extend(split_span_at(text, span, offsets))
        line_start += len(line) + 1
    return Case(name, text, tuple(gold))


def split_span_at(text: str, span: Span, starts: Sequence[int]) -> list[Span]:
    """Split *span* so that a sentence starts at each of *starts* (absolute offsets)."""
    pieces: list[Span] = []
    start = span.start
    for found in starts:
        if not (
            start < found < span.end and text[found - 1].isspace() and not text[found].isspace()
        ):
            raise ValueError(f"break at {found} does not start a word inside {span}")
        end = found
        while end > start and text[end - 1].isspace():
            end -= 1
        pieces.append(Span(start, end))
        start = found
    pieces.append(Span(start, span.end))
    return pieces


def read_breaks(path: Path) -> dict[int, list[int]]:
    """Read a breaks file: ``<line number> TAB <character offset>`` rows, # comments."""
    breaks: dict[int, list[int]] = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.strip() and not row.startswith("#"):
            number, offset = row.split("\t", 1)
            breaks.setdefault(int(number), []).append(int(offset))
    return breaks


def boundary_recall(case: Case, predicted: Sequence[Span]) -> tuple[int, int]:
    """(found, total) gold sentence ends, except the last, that end a prediction."""
    predicted_ends = {span.end for span in predicted}
    gold_ends = [span.end for span in case.gold[:-1]]
    return sum(end in predicted_ends for end in gold_ends), len(gold_ends)


@dataclass(frozen=True)
class FloresReport:
    """Strict and hand-split FLORES scores plus line-boundary recall."""

    strict: Scores
    hand_split: Scores | None
    boundaries_found: int
    boundaries_total: int
    errors: list[tuple[str, str]]


def evaluate_flores(path: Path, breaks_path: Path | None = None) -> FloresReport:
    """Score the splitter on FLORES lines joined into one paragraph.

    ``strict`` counts every line as one sentence, as the corpus does;
    ``hand_split`` (when *breaks_path* exists) uses the hand-annotated sentence
    breaks inside multi-sentence lines.  Errors are listed against the most
    precise gold available.
    """
    lines = read_lines(path)
    strict_case = joined_lines_case("flores200-devtest strict", lines)
    predicted = split_sentences(strict_case.text)
    strict = span_scores(strict_case.name, predicted, strict_case.gold)
    found, total = boundary_recall(strict_case, predicted)
    hand_split: Scores | None = None
    error_case = strict_case
    if breaks_path is not None and breaks_path.is_file():
        error_case = joined_lines_case(
            "flores200-devtest hand-split", lines, read_breaks(breaks_path)
        )
        hand_split = span_scores(error_case.name, predicted, error_case.gold)
    return FloresReport(strict, hand_split, found, total, misses(error_case, predicted))


# --- seed articles -------------------------------------------------------------


def render_sentences(text: str) -> str:
    """One sentence per line, an empty line between paragraphs (gold format)."""
    blocks = [
        "\n".join(text[sentence.start : sentence.end] for sentence in paragraph.sentences)
        for paragraph in segment(text)
    ]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def gold_sentences(gold_text: str) -> list[str]:
    """The non-empty lines of a gold file, in order."""
    return [line for line in gold_text.split("\n") if line.strip()]


def locate_sentences(text: str, sentences: Iterable[str]) -> tuple[Span, ...]:
    """Find each sentence verbatim in *text*, in order, after the previous one.

    Raises ValueError when a sentence is missing, or when anything other than
    whitespace lies between consecutive sentences.
    """
    spans: list[Span] = []
    position = 0
    for sentence in sentences:
        start = text.find(sentence, position)
        if start < 0:
            raise ValueError(f"gold sentence not found in order: {sentence[:60]!r}")
        if text[position:start].strip():
            raise ValueError(f"uncovered text before gold sentence: {sentence[:60]!r}")
        spans.append(Span(start, start + len(sentence)))
        position = start + len(sentence)
    if text[position:].strip():
        raise ValueError("uncovered text after the last gold sentence")
    return tuple(spans)


def seed_cases(seeds_dir: Path, gold_dir: Path) -> list[Case]:
    """One case per gold file, paired with the seed article of the same name."""
    cases = []
    for gold_path in sorted(gold_dir.glob("*" + GOLD_SUFFIX)):
        seed_path = seeds_dir / (gold_path.name.removesuffix(GOLD_SUFFIX) + ".txt")
        text = seed_path.read_text(encoding="utf-8")
        gold = locate_sentences(text, gold_sentences(gold_path.read_text(encoding="utf-8")))
        cases.append(Case(seed_path.stem, text, gold))
    return cases


def score_article(case: Case) -> Scores:
    return span_scores(case.name, predicted_sentences(case.text), case.gold)


# --- error listing -------------------------------------------------------------


def misses(case: Case, predicted: Sequence[Span]) -> list[tuple[str, str]]:
    """(kind, text) for every gold sentence missed and every spurious prediction."""
    gold_set, predicted_set = set(case.gold), set(predicted)
    missed = [("missed", case.text[s.start : s.end]) for s in case.gold if s not in predicted_set]
    spurious = [("spurious", case.text[s.start : s.end]) for s in predicted if s not in gold_set]
    return missed + spurious


# --- command line --------------------------------------------------------------


def format_table(rows: Sequence[Scores]) -> str:
    header = f"{'dataset':<28} {'gold':>6} {'pred':>6} {'correct':>7} {'P':>7} {'R':>7} {'F1':>7}"
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row.name:<28} {row.gold:>6} {row.predicted:>6} {row.correct:>7} "
            f"{row.precision:>7.4f} {row.recall:>7.4f} {row.f1:>7.4f}"
        )
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kabar.eval.measure.split_f1",
        description="Exact-span sentence segmentation P/R/F1 on FLORES-200 and the seeds.",
    )
    parser.add_argument(
        "--flores",
        type=Path,
        default=DEFAULT_FLORES,
        help="FLORES-200 devtest .ind file (default: %(default)s)",
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        default=DEFAULT_SEEDS,
        help="directory of seed articles (default: %(default)s)",
    )
    parser.add_argument(
        "--gold",
        type=Path,
        default=DEFAULT_GOLD,
        help="directory of *.sentences gold files (default: %(default)s)",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="also list up to N missed/spurious sentences per data set",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    rows: list[Scores] = []
    notes: list[str] = []
    extra: dict[str, object] = {}
    errors: dict[str, list[tuple[str, str]]] = {}

    if args.flores.is_file():
        flores = evaluate_flores(args.flores, args.gold / FLORES_BREAKS_NAME)
        rows.append(flores.strict)
        if flores.hand_split is not None:
            rows.append(flores.hand_split)
        extra["flores_line_boundaries"] = {
            "found": flores.boundaries_found,
            "total": flores.boundaries_total,
        }
        notes.append(
            f"FLORES line boundaries found: {flores.boundaries_found}/{flores.boundaries_total}"
            " (strict: each line is one sentence; hand-split: sentence breaks inside"
            f" lines from {FLORES_BREAKS_NAME})"
        )
        errors["flores200-devtest"] = flores.errors
    else:
        notes.append(f"note: FLORES file not found, skipped: {args.flores}")

    cases = seed_cases(args.seeds, args.gold)
    if cases:
        rows.append(add_scores(f"seeds ({len(cases)} articles)", map(score_article, cases)))
        errors["seeds"] = [
            miss for case in cases for miss in misses(case, predicted_sentences(case.text))
        ]
    else:
        notes.append(f"note: no gold files in {args.gold}, seeds skipped")

    if args.format == "json":
        payload: dict[str, object] = {
            "results": [row.as_dict() for row in rows],
            **extra,
            "notes": notes,
        }
        if args.errors:
            payload["errors"] = {name: items[: args.errors] for name, items in errors.items()}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(format_table(rows))
    for note in notes:
        print(note)
    if args.errors:
        for name, items in errors.items():
            print(f"\n{name}: {len(items)} errors")
            for kind, sentence in items[: args.errors]:
                print(f"  {kind:<8} {sentence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
