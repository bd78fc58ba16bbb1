"""Other article extractors, alone and voting with kabar's, on the same pages and scoring.

``python -m kabar.eval.measure.webpages --compare`` prints these beside kabar's figure.
Each library is measured when it is installed (none is a kabar dependency): resiliparse
(Apache-2.0), readability-lxml (Apache-2.0), boilerpy3 (Apache-2.0), goose3 (Apache-2.0),
newspaper4k (MIT), jusText (BSD-2, with trafilatura's stop-word list of all its
languages). The combinations keep kabar's extraction and ask a second extractor:

* ``vote``: a paragraph of kabar's (after its headline) is kept only when the other
  extractor also has at least half of its word 4-grams (a precision vote);
* ``vote-short<N>``: the same, but only paragraphs under N characters can be dropped (the
  furniture that leaks is short lines: "Read more: …", subscription notes);
* ``union<α>``: the other extractor's text replaces kabar's when kabar's is under α × its
  length (recall for pages where kabar kept little).

A combination with a parameter is also scored split-half: the parameter is chosen on one
half of the real pages (by a hash of the file name) and scored on the other half, both
ways, counts pooled: the figure to trust, since the issue's verification uses other pages.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.util import find_spec
from typing import Any

from kabar.core.reading.decode import decode_text
from kabar.core.reading.html import visible_text
from kabar.core.reading.page import page_article

Extractor = Callable[[str], list[str]]
Combine = Callable[[list[str], list[str]], list[str]]
_WORD = re.compile(r"\w+")
_SHINGLE = 4
_SUPPORT = 0.5
_STOPLIST: frozenset[str] | None = None


def extractors() -> dict[str, Extractor]:
    """kabar's extraction and the other libraries that are installed, each from a page's
    decoded text to its article's paragraphs."""
    found: dict[str, Extractor] = {
        "kabar": lambda page: [t for _, t in page_article(page).paragraphs]
    }
    if find_spec("resiliparse") is not None:  # measured only when installed
        from resiliparse.extract.html2text import extract_plain_text

        found["resiliparse"] = lambda page: _lines(
            extract_plain_text(
                page, main_content=True, alt_texts=False, links=False, list_bullets=False
            )
        )
    if find_spec("readability") is not None:  # measured only when installed
        from readability import Document

        found["readability-lxml"] = lambda page: visible_text(
            Document(page).summary(html_partial=True)
        )
    if find_spec("boilerpy3") is not None:  # measured only when installed
        from boilerpy3 import extractors as boilerpipe

        found["boilerpy3"] = lambda page: _lines(
            boilerpipe.ArticleExtractor(raise_on_failure=False).get_content(page)
        )
    if find_spec("goose3") is not None:  # measured only when installed
        from goose3 import Goose

        goose = Goose({"enable_image_fetching": False})
        found["goose3"] = lambda page: _lines(goose.extract(raw_html=page).cleaned_text)
    if find_spec("newspaper") is not None:  # measured only when installed
        from newspaper import Article

        found["newspaper4k"] = lambda page: _newspaper(Article, page)
    found["justext"] = _justext
    return found


def _newspaper(article_class: Any, page: str) -> list[str]:
    # The address is a placeholder: given the page, newspaper4k fetches nothing.
    article = article_class("http://localhost/page.html", fetch_images=False)
    article.download(input_html=page)
    article.parse()
    return _lines(article.text)


def _justext(page: str) -> list[str]:
    # jusText comes with trafilatura (its fallback); the stop words of all its languages,
    # as trafilatura uses them, since a page's language is not known beforehand.
    import justext
    from trafilatura.external import jt_stoplist_init

    global _STOPLIST
    if _STOPLIST is None:  # built once: ~3 s
        _STOPLIST = frozenset(jt_stoplist_init())
    paragraphs = justext.justext(page.encode("utf-8", "replace"), _STOPLIST)
    return [" ".join(p.text.split()) for p in paragraphs if not p.is_boilerplate]


def _lines(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").split("\n") if line.strip()]


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = [word.casefold() for word in _WORD.findall(text)]
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def _supported(paragraph: str, other: set[tuple[str, ...]], other_text: str) -> bool:
    mine = _shingles(paragraph)
    if not mine:  # under four words: the words themselves
        return " ".join(paragraph.split()).casefold() in other_text
    return len(mine & other) >= _SUPPORT * len(mine)


def vote(max_chars: int | None) -> Combine:
    def combine(mine: list[str], other: list[str]) -> list[str]:
        if not other:  # the other extractor found nothing: no vote
            return mine
        shingles, text = _shingles("\n".join(other)), " ".join(" ".join(other).split()).casefold()
        return [
            paragraph
            for index, paragraph in enumerate(mine)
            if index == 0
            or (max_chars is not None and len(paragraph) >= max_chars)
            or _supported(paragraph, shingles, text)
        ]

    return combine


def union(alpha: float) -> Combine:
    def combine(mine: list[str], other: list[str]) -> list[str]:
        return other if sum(map(len, mine)) < alpha * sum(map(len, other)) else mine

    return combine


# name -> {parameter: combination}; one parameter means nothing is tuned.
COMBINATIONS: dict[str, dict[str, Combine]] = {
    "vote": {"": vote(None)},
    "vote-short": {str(n): vote(n) for n in (60, 100, 200)},
    "union": {str(a): union(a) for a in (0.2, 0.35, 0.5)},
}
# The second extractor of the combinations: the fastest, and the best of the three voters.
SECOND = "resiliparse"


@dataclass(frozen=True)
class Counts:
    found: int = 0
    missed: int = 0
    junk: int = 0
    unread: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, int, int, int]:
        return (self.found, self.missed, self.junk, self.unread)

    def f1(self) -> float:
        precision = self.found / (self.found + self.junk) if self.found + self.junk else 0.0
        recall = self.found / (self.found + self.missed) if self.found + self.missed else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def page_counts(paragraphs: list[str], wanted: list[str], unwanted: list[str]) -> Counts:
    text = " ".join(" ".join(paragraphs).split())
    hits = sum(" ".join(s.split()) in text for s in wanted)
    junk = sum(" ".join(s.split()) in text for s in unwanted)
    return Counts(hits, len(wanted) - hits, junk, int(not text))


def half(name: str) -> int:
    return int(hashlib.md5(name.encode()).hexdigest(), 16) % 2


def compare(pages: Iterator[tuple[str, bytes, list[str], list[str]]]) -> dict[str, Any]:
    """Per candidate: pooled counts, F1, ms/page; per tuned combination: split-half F1."""
    import time

    readers = extractors()
    per_page: dict[str, dict[str, Counts]] = {}
    seconds: dict[str, float] = dict.fromkeys(readers, 0.0)
    halves: dict[str, int] = {}
    for name, data, wanted, unwanted in pages:
        page = decode_text(data, name="page.html")[0]
        halves[name] = half(name)
        outputs: dict[str, list[str]] = {}
        for reader, extract in readers.items():
            start = time.perf_counter()
            try:
                outputs[reader] = extract(page)
            except Exception:  # a library that fails on a page reads nothing of it
                outputs[reader] = []
            seconds[reader] += time.perf_counter() - start
            per_page.setdefault(reader, {})[name] = page_counts(outputs[reader], wanted, unwanted)
        if SECOND in outputs:
            for family, options in COMBINATIONS.items():
                for parameter, combine in options.items():
                    key = f"kabar+{SECOND} {family}{parameter}"
                    paragraphs = combine(outputs["kabar"], outputs[SECOND])
                    per_page.setdefault(key, {})[name] = page_counts(paragraphs, wanted, unwanted)
    count = max(len(halves), 1)
    rows: dict[str, Any] = {}
    for key, pages_counts in per_page.items():
        total = sum(pages_counts.values(), Counts())
        rows[key] = {
            "found": total.found,
            "missed": total.missed,
            "junk": total.junk,
            "unread": total.unread,
            "f1": round(total.f1(), 4),
            "ms_per_page": round(1000 * seconds[key] / count, 1) if key in seconds else None,
        }
    for family, options in COMBINATIONS.items():
        if len(options) > 1 and f"kabar+{SECOND} {family}{next(iter(options))}" in per_page:
            rows[f"kabar+{SECOND} {family} (split-half)"] = split_half(
                family, options, per_page, halves
            )
    return rows


def split_half(
    family: str,
    options: dict[str, Combine],
    per_page: dict[str, dict[str, Counts]],
    halves: dict[str, int],
) -> dict[str, Any]:
    """Tune the parameter on one half, score it on the other, both ways, counts pooled."""
    held_out = Counts()
    chosen: list[str] = []
    for tune in (0, 1):

        def pooled(parameter: str, side: int) -> Counts:
            counts = per_page[f"kabar+{SECOND} {family}{parameter}"]
            return sum((c for name, c in counts.items() if halves[name] == side), Counts())

        best = max(options, key=lambda parameter: pooled(parameter, tune).f1())
        chosen.append(best)
        held_out += pooled(best, 1 - tune)
    baseline = sum(per_page["kabar"].values(), Counts())
    return {"f1": round(held_out.f1(), 4), "kabar_f1": round(baseline.f1(), 4), "chosen": chosen}
