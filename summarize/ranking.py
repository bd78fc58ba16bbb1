"""Extractive ranking as plain functions over a sentence-similarity matrix (no model).

relevance = news-lead position prior + weighted centrality (- a small penalty for direct
quotes); sentences are then picked by MMR (maximal marginal relevance) so that a brief does
not say the same thing twice, and returned in article order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kabar.summarize.options import BriefLength, RankingParams

Matrix = npt.NDArray[np.float64]
Vector = npt.NDArray[np.float64]

# A sentence that opens or closes a quotation, or attributes one ("…,' said Locke").
_QUOTE = re.compile(r"^[\"“‘']|[\"”’']$|[\"”’'],? (?:said|says|added|told)\b")


_FINAL = (".", "!", "?", "…")
_CLOSING = "\"'”’»)]"
# Cosine similarity above which a sentence repeats one already in the brief.
DUPLICATE_SIMILARITY = 0.95


@dataclass(frozen=True)
class Selection:
    """Chosen positions (in article order), every sentence's relevance, and notices."""

    chosen: tuple[int, ...]
    relevance: Vector
    notices: tuple[str, ...]


def cosine_similarity(vectors: npt.ArrayLike) -> Matrix:
    """Pairwise cosine similarity of the rows (zero rows are similar to nothing)."""
    matrix = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit = matrix / np.where(norms > 0, norms, 1.0)
    return np.asarray(unit @ unit.T, dtype=np.float64)


def forward_centrality(similarity: Matrix) -> Vector:
    """Each sentence's mean similarity to the sentences *after* it, scaled to [0, 1].

    Directed, as in PACSUM (Zheng & Lapata 2019, https://arxiv.org/abs/1906.03508): a
    news sentence that anticipates what the rest of the article says is a summary of it;
    one that merely echoes what came before is not. The last sentence scores 0.
    """
    count = similarity.shape[0]
    if count < 2:
        return np.zeros(count)
    later = np.triu(similarity, 1).sum(axis=1)
    following = np.arange(count - 1, -1, -1, dtype=np.float64)
    return _unit_range(np.divide(later, following, out=np.zeros(count), where=following > 0))


def pagerank_centrality(similarity: Matrix, *, damping: float = 0.85, steps: int = 100) -> Vector:
    """TextRank (Mihalcea & Tarau 2004): PageRank over the similarity graph, in [0, 1]."""
    count = similarity.shape[0]
    if count < 2:
        return np.zeros(count)
    weights = np.clip(similarity, 0.0, None)
    np.fill_diagonal(weights, 0.0)
    out = weights.sum(axis=1, keepdims=True)
    # A sentence sharing nothing with the others links to every sentence equally.
    transition = np.where(out > 0, weights / np.where(out > 0, out, 1.0), 1.0 / count)
    rank = np.full(count, 1.0 / count)
    for _ in range(steps):
        updated = (1 - damping) / count + damping * (transition.T @ rank)
        if np.abs(updated - rank).sum() < 1e-9:
            rank = updated
            break
        rank = updated
    return _unit_range(rank)


def position_prior(count: int, decay: float) -> Vector:
    """exp(-position / decay): news puts what matters first (the inverted pyramid)."""
    return np.exp(-np.arange(count, dtype=np.float64) / decay)


def is_quote(sentence: str) -> bool:
    """True for a sentence that is (part of) a direct quotation."""
    return bool(_QUOTE.search(sentence.strip()))


def is_fragment(sentence: str, min_words: int) -> bool:
    """True for what a brief should not quote: under ``min_words`` words, or a line with no
    sentence-final punctuation (a headline, a photo credit, a caption)."""
    text = sentence.strip().rstrip(_CLOSING)
    return len(sentence.split()) < min_words or not text.endswith(_FINAL)


def relevance(sentences: Sequence[str], centrality: Vector, params: RankingParams) -> Vector:
    """Position prior + weighted centrality - quote penalty, one value per sentence."""
    quotes = np.array([is_quote(s) for s in sentences], dtype=np.float64)
    prior = position_prior(len(sentences), params.position_decay)
    return prior + params.centrality_weight * centrality - params.quote_penalty * quotes


def select(
    sentences: Sequence[str],
    similarity: Matrix,
    scores: Vector,
    length: BriefLength,
    *,
    redundancy_weight: float,
    min_words: int = 0,
) -> Selection:
    """Pick sentences by MMR until the length is reached; return them in article order.

    Fragments (``is_fragment``) come after every full sentence, and repeats of a chosen
    sentence after everything else. With a word budget,
    a sentence that would overflow it is skipped for a shorter one; when not even one
    sentence fits, the best one is taken whole and a notice says so (never cut).
    """
    count = len(sentences)
    words = np.array([len(s.split()) for s in sentences])
    fragment = np.array([is_fragment(s, min_words) for s in sentences], dtype=np.float64)
    # Demote fragments below every full sentence, keeping their order among themselves.
    ranked = scores - fragment * (np.ptp(scores) + 2.0 + redundancy_weight)
    chosen: list[int] = []
    budget = length.words
    used = 0
    notices: list[str] = []
    available = np.ones(count, dtype=bool)
    best_overall: int | None = None
    while available.any():
        if budget is None and len(chosen) >= (length.sentences or count):
            break
        redundancy = similarity[:, chosen].max(axis=1) if chosen else np.zeros(count)
        # A repeat (a headline printed twice) comes after everything else.
        repeat = (redundancy >= DUPLICATE_SIMILARITY) * (np.ptp(ranked) + 2.0)
        value = np.where(available, ranked - redundancy_weight * redundancy - repeat, -np.inf)
        best = int(np.argmax(value))
        available[best] = False
        if best_overall is None:
            best_overall = best
        if budget is not None and used + words[best] > budget:
            continue  # too long for what is left of the budget: try a shorter one
        chosen.append(best)
        used += int(words[best])
    if not chosen and best_overall is not None:
        chosen.append(best_overall)
        notices.append(
            f"no sentence fits in {budget} words; the brief is the best sentence, "
            f"{words[best_overall]} words, whole (sentences are never cut)"
        )
    return Selection(tuple(sorted(chosen)), np.asarray(scores, dtype=np.float64), tuple(notices))


def _unit_range(values: Vector) -> Vector:
    low, high = float(values.min()), float(values.max())
    if high - low <= 1e-12:
        return np.zeros_like(values)
    return (values - low) / (high - low)
