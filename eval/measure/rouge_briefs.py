"""ROUGE of kabar's briefs against human highlights, with LEAD-3 and TextRank, in one run.

Data: ``../shared/data/summarization/cnndm-frank250.jsonl`` (250 CNN/DailyMail test
articles with reference highlights, from FRANK). Every system sees the same sentences
(``summarize.split_english`` of the article) and gives 3 sentences:

* kabar, extractive: the default brief (all-MiniLM-L6-v2 embeddings, forward centrality,
  news-lead position prior, MMR);
* kabar, TF-IDF fallback: the same ranking over TF-IDF vectors with PageRank centrality,
  what kabar does when no embedding model is available;
* LEAD-3: the first three sentences;
* TextRank: classic TextRank (PageRank over TF-IDF cosine similarity), no position prior.

Scores: ROUGE-1/2/Lsum F1 x 100 with Google's ``rouge-score`` (Porter stemming on), brief
and reference both one sentence per line for Lsum (the reference highlights are split at
their PTB " . " ends). The first and second halves are reported too: the ranking's
hyper-parameters were chosen on the first half only. The last column is a paired
bootstrap 95% interval of (system - LEAD-3) on ROUGE-1/2/Lsum over the articles.

Run ``python -m eval.measure.rouge_briefs [--data PATH] [--limit N] [--format json]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from summarize import Summarizer, split_english
from summarize.ranking import cosine_similarity, pagerank_centrality
from summarize.tfidf import tfidf_vectors

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "summarization" / "cnndm-frank250.jsonl"
METRICS = ("rouge1", "rouge2", "rougeLsum")
BRIEF_SENTENCES = 3
BOOTSTRAP_SAMPLES = 1000
# A highlight ends with a PTB-tokenized " ." (or " !" / " ?") before the next one.
_HIGHLIGHT_END = re.compile(r"(?<=\s[.!?])\s+")

System = Callable[[list[str]], list[str]]


@dataclass(frozen=True)
class Article:
    id: str
    sentences: list[str]
    reference: list[str]


@dataclass(frozen=True)
class SystemScores:
    """Per-article F1 (articles x 3 metrics) of one system."""

    name: str
    f1: np.ndarray[Any, np.dtype[np.float64]]

    def mean(self, part: slice = slice(None)) -> list[float]:
        return [round(100 * float(v), 2) for v in self.f1[part].mean(axis=0)]


def load_articles(path: Path, limit: int | None = None) -> list[Article]:
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            reference = [h for h in _HIGHLIGHT_END.split(row["reference"].strip()) if h]
            articles.append(Article(row["id"], split_english(row["article"]), reference))
            if limit is not None and len(articles) >= limit:
                break
    return articles


def lead(sentences: list[str]) -> list[str]:
    return sentences[:BRIEF_SENTENCES]


def classic_textrank(sentences: list[str]) -> list[str]:
    """Top sentences by PageRank over TF-IDF cosine similarity, in article order."""
    rank = pagerank_centrality(cosine_similarity(tfidf_vectors(sentences)))
    top = sorted(np.argsort(-rank, kind="stable")[:BRIEF_SENTENCES])
    return [sentences[i] for i in top]


def kabar_system(summarizer: Summarizer) -> System:
    def brief(sentences: list[str]) -> list[str]:
        return [
            line.text
            for line in summarizer.summarize(sentences, sentences_out=BRIEF_SENTENCES).lines
        ]

    return brief


def score(name: str, system: System, articles: Sequence[Article]) -> SystemScores:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    rows = []
    for article in articles:
        result = scorer.score("\n".join(article.reference), "\n".join(system(article.sentences)))
        rows.append([result[m].fmeasure for m in METRICS])
    return SystemScores(name, np.array(rows))


def bootstrap_interval(
    system: SystemScores, baseline: SystemScores, *, seed: int = 0
) -> list[tuple[float, float]]:
    """Paired bootstrap 95% interval of the mean difference, per metric, x 100."""
    difference = system.f1 - baseline.f1
    generator = np.random.default_rng(seed)
    samples = generator.integers(0, len(difference), size=(BOOTSTRAP_SAMPLES, len(difference)))
    means = difference[samples].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5], axis=0)
    return [
        (round(100 * float(a), 2), round(100 * float(b), 2)) for a, b in zip(low, high, strict=True)
    ]


def evaluate(articles: Sequence[Article]) -> dict[str, Any]:
    """Score every system; the report as a dict (also what --format json prints)."""
    default = Summarizer.load()
    if default.method != "extractive":
        print(f"rouge_briefs: warning: {'; '.join(default.notices)}", file=sys.stderr)
    fallback = Summarizer.load(method="textrank")
    systems = [
        score(
            f"kabar {default.method} ({default.model or 'no model'})",
            kabar_system(default),
            articles,
        ),
        score("kabar TF-IDF fallback", kabar_system(fallback), articles),
        score("LEAD-3", lead, articles),
        score("TextRank (TF-IDF, no prior)", classic_textrank, articles),
    ]
    baseline = systems[2]
    half = len(articles) // 2
    return {
        "data": "cnndm-frank250",
        "articles": len(articles),
        "metrics": "ROUGE-1/2/Lsum F1 x100, rouge-score, stemming, one sentence per line",
        "systems": [
            {
                "name": s.name,
                "all": s.mean(),
                "first_half": s.mean(slice(None, half)),
                "second_half": s.mean(slice(half, None)),
                "vs_lead3_95ci": None if s is baseline else bootstrap_interval(s, baseline),
            }
            for s in systems
        ],
    }


def markdown(report: dict[str, Any]) -> str:
    def cell(values: list[float]) -> str:
        return " / ".join(f"{v:.2f}" for v in values)

    lines = [
        f"{report['articles']} articles of {report['data']}; {report['metrics']}.",
        "",
        "| system | all | first half (tuning) | second half | Δ vs LEAD-3, 95% CI |",
        "|---|---|---|---|---|",
    ]
    for s in report["systems"]:
        interval = s["vs_lead3_95ci"]
        ci = " / ".join(f"[{a:+.2f}, {b:+.2f}]" for a, b in interval) if interval else "—"
        lines.append(
            f"| {s['name']} | {cell(s['all'])} | {cell(s['first_half'])} | "
            f"{cell(s['second_half'])} | {ci} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.measure.rouge_briefs", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the jsonl file")
    parser.add_argument("--limit", type=int, default=None, help="score the first N articles only")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(
            f"rouge_briefs: error: {args.data} does not exist (it lives in ../shared)",
            file=sys.stderr,
        )
        return 1
    report = evaluate(load_articles(args.data, args.limit))
    if args.format == "json":
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        sys.stdout.write(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
