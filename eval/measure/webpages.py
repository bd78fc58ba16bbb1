"""Reading the article out of a web page: precision, recall and F1 of the article body.

Two sets, each read through ``kabar.core.reading.read_article`` (the path every surface
takes, decoding and charset rules included), by kabar's article extraction, by the same
with its furniture left out as ``--drop-furniture`` leaves it, and, for comparison, by the
visible-text reducer (``--whole-page``):

* ``../shared/data/webpages`` (real pages, trafilatura's evaluation format): for each
  page, snippets that must appear in the article (``with``) and page furniture that must
  not (``without``); whitespace-normalised substring tests, precision and recall from the
  counts pooled over all pages (true positive: a ``with`` snippet found; false positive:
  a ``without`` snippet found; false negative: a ``with`` snippet missing).
* ``tests/data/webpages`` (Indonesian news pages written for kabar's tests, layouts in
  the style of kompas, detik, tempo, antaranews, cnnindonesia, liputan6, merdeka,
  okezone, suara, tribunnews, viva, republika, sindonews, kumparan): the whole gold
  article body of each page, scored with the ScrapingHub article-extraction benchmark's
  metric (precision/recall of word 4-gram shingles, averaged over pages), and the same
  snippet counts for their ``without`` lines.

"Unread" counts pages that came out empty or refused. Run
``python -m kabar.eval.measure.webpages [--limit N] [--format json] [--compare]``;
``--compare`` also scores other extractors and combinations with kabar's on the real pages
(``kabar.eval.measure.webpage_candidates``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kabar.core.errors import InputError
from kabar.core.furniture import BODY, HEADLINE, sentence_roles
from kabar.core.reading import read_article
from kabar.core.splitter import segment
from kabar.eval.measure.webpage_candidates import compare

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO_ROOT.parent / "shared" / "data" / "webpages"
DEFAULT_FIXTURES = REPO_ROOT / "tests" / "data" / "webpages"
SHINGLE = 4
_WORD = re.compile(r"\w+")

Reader = Callable[[bytes], str]


def read_with_kabar(page: bytes) -> str:
    return read_article(page, name="page.html", kind="html", max_chars=None).text


def read_whole_page(page: bytes) -> str:
    return read_article(page, name="page.html", kind="html", max_chars=None, whole_page=True).text


def read_without_furniture(page: bytes) -> str:
    """The article as ``kabar translate --drop-furniture`` keeps it: kabar's reading with
    the sentences marked as furniture (captions, "Baca juga", bylines, promos) left out,
    headlines kept; roles judged on the source, as translating judges them."""
    text = read_with_kabar(page)
    spans = [(n, span) for n, paragraph in enumerate(segment(text)) for span in paragraph.sentences]
    sentences = [text[span.start : span.end] for _, span in spans]
    roles = sentence_roles(sentences, paragraphs=[n for n, _ in spans])
    kept: dict[int, list[str]] = {}
    for (number, _), sentence, role in zip(spans, sentences, roles, strict=True):
        if role.role in (BODY, HEADLINE):
            kept.setdefault(number, []).append(sentence)
    return "\n\n".join(" ".join(paragraph) for paragraph in kept.values())


READERS: dict[str, Reader] = {
    "kabar": read_with_kabar,
    "drop-furniture": read_without_furniture,
    "whole-page": read_whole_page,
}


@dataclass(frozen=True)
class SnippetScores:
    """Pooled snippet counts over a set of pages."""

    found: int
    missed: int
    junk: int
    pages: int
    unread: int
    seconds: float

    @property
    def precision(self) -> float:
        return self.found / (self.found + self.junk) if self.found + self.junk else 0.0

    @property
    def recall(self) -> float:
        return self.found / (self.found + self.missed) if self.found + self.missed else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def normalise(text: str) -> str:
    return " ".join(text.split())


def _read(reader: Reader, page: bytes) -> str:
    try:
        return reader(page)
    except InputError:
        return ""


def snippet_scores(
    reader: Reader, pages: Iterator[tuple[bytes, list[str], list[str]]]
) -> SnippetScores:
    found = missed = junk = count = unread = 0
    seconds = 0.0
    for page, wanted, unwanted in pages:
        start = time.perf_counter()
        text = normalise(_read(reader, page))
        seconds += time.perf_counter() - start
        count += 1
        unread += not text
        hits = sum(normalise(snippet) in text for snippet in wanted)
        found += hits
        missed += len(wanted) - hits
        junk += sum(normalise(snippet) in text for snippet in unwanted)
    return SnippetScores(found, missed, junk, count, unread, seconds)


def shared_pages(folder: Path, limit: int | None) -> Iterator[tuple[bytes, list[str], list[str]]]:
    for _, page, wanted, unwanted in named_pages(folder, limit):
        yield page, wanted, unwanted


def named_pages(
    folder: Path, limit: int | None
) -> Iterator[tuple[str, bytes, list[str], list[str]]]:
    snippets = json.loads((folder / "snippets.json").read_text("utf-8"))
    for index, entry in enumerate(snippets.values()):
        if limit is not None and index >= limit:
            return
        page = gzip.decompress((folder / "pages" / entry["file"]).read_bytes())
        yield entry["file"], page, list(entry["with"]), list(entry["without"])


def fixture_pages(folder: Path) -> list[tuple[str, bytes, dict[str, list[str]]]]:
    """(name, page bytes, gold) for each ``NAME.html`` with its ``NAME.json`` (``article``:
    the body's paragraphs, ``without``: furniture lines that must not be read)."""
    return [
        (page.stem, page.read_bytes(), json.loads(page.with_suffix(".json").read_text("utf-8")))
        for page in sorted(folder.glob("*.html"))
    ]


def shingles(text: str) -> Counter[tuple[str, ...]]:
    words = [word.casefold() for word in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def shingle_scores(predicted: str, gold: str) -> tuple[float, float]:
    """ScrapingHub's article-body precision and recall for one page (an empty prediction
    has precision 0 here: nothing read is not a precise reading)."""
    guess, truth = shingles(predicted), shingles(gold)
    common = sum((guess & truth).values())
    precision = common / sum(guess.values()) if guess else 0.0
    recall = common / sum(truth.values()) if truth else 1.0
    return precision, recall


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def fixture_report(reader: Reader, folder: Path) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for name, page, gold in fixture_pages(folder):
        text = _read(reader, page)
        precision, recall = shingle_scores(text, "\n".join(gold["article"]))
        junk = [line for line in gold["without"] if normalise(line) in normalise(text)]
        rows.append({"page": name, "precision": precision, "recall": recall, "junk": junk})
    pages = len(rows) or 1
    precision = sum(row["precision"] for row in rows) / pages
    recall = sum(row["recall"] for row in rows) / pages
    return {
        "pages": len(rows),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(_f1(precision, recall), 3),
        "junk_lines_read": sum(len(row["junk"]) for row in rows),
        "by_page": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--limit", type=int, default=None, help="first N shared pages only")
    parser.add_argument("--reader", choices=sorted(READERS), action="append", default=None)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--compare", action="store_true", help="also score other extractors and combinations"
    )
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"load_average": os.getloadavg()[0]}
    for name in args.reader or list(READERS):
        reader = READERS[name]
        entry: dict[str, Any] = {"fixtures": fixture_report(reader, args.fixtures)}
        if (args.shared / "snippets.json").is_file():
            scores = snippet_scores(reader, shared_pages(args.shared, args.limit))
            entry["shared"] = {
                "pages": scores.pages,
                "unread": scores.unread,
                "precision": round(scores.precision, 3),
                "recall": round(scores.recall, 3),
                "f1": round(scores.f1, 3),
                "ms_per_page": round(1000 * scores.seconds / max(scores.pages, 1), 1),
            }
        results[name] = entry
    if args.compare and (args.shared / "snippets.json").is_file():
        results["compare"] = compare(named_pages(args.shared, args.limit))
    if args.format == "json":
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    print(f"load average {results['load_average']:.2f}")
    for name in args.reader or list(READERS):
        entry = results[name]
        shared = entry.get("shared")
        if shared is not None:
            print(
                f"{name:>14}  real pages ({shared['pages']}, snippets, pooled): "
                f"P {shared['precision']:.3f} R {shared['recall']:.3f} F1 {shared['f1']:.3f} "
                f"unread {shared['unread']}  {shared['ms_per_page']} ms/page"
            )
        fixtures = entry["fixtures"]
        print(
            f"{name:>14}  Indonesian test pages ({fixtures['pages']}, 4-gram shingles): "
            f"P {fixtures['precision']:.3f} R {fixtures['recall']:.3f} F1 {fixtures['f1']:.3f} "
            f"furniture lines read {fixtures['junk_lines_read']}"
        )
    if "compare" in results:
        print_comparison(results["compare"])
    return 0


def print_comparison(rows: dict[str, Any]) -> None:
    print("candidates on the real pages (snippets, pooled):")
    for name, row in rows.items():
        if "chosen" in row:
            print(
                f"  {name:<40} held-out F1 {row['f1']:.4f} (kabar {row['kabar_f1']:.4f}; "
                f"parameter chosen on each half: {', '.join(row['chosen'])})"
            )
            continue
        speed = f"  {row['ms_per_page']} ms/page" if row["ms_per_page"] is not None else ""
        print(
            f"  {name:<40} found {row['found']} missed {row['missed']} junk {row['junk']} "
            f"F1 {row['f1']:.4f} unread {row['unread']}{speed}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
