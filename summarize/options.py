"""How long a brief is, and the ranking's hyper-parameters: frozen, validated dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

from kabar.core.bounds import bounded, check_bounds
from kabar.core.errors import OptionsError

METHODS = ("extractive", "abstractive", "textrank")
DEFAULT_SENTENCES = 3


@dataclass(frozen=True, kw_only=True)
class BriefLength:
    """At most ``sentences`` sentences, or, when ``words`` is set, at most ``words`` words
    (then ``sentences`` is ignored). Sentences are never cut: a budget too small for any
    whole sentence still gives one sentence, with a notice."""

    sentences: int | None = DEFAULT_SENTENCES
    words: int | None = None

    def __post_init__(self) -> None:
        if self.words is None and self.sentences is None:
            raise OptionsError("give a brief length: a number of sentences or of words.")
        if self.words is not None and self.words < 1:
            raise OptionsError(f"words must be >= 1 (got {self.words}).")
        if self.words is None and self.sentences is not None and self.sentences < 1:
            raise OptionsError(f"sentences must be >= 1 (got {self.sentences}).")


@dataclass(frozen=True, kw_only=True)
class RankingParams:
    """The extractive ranking: relevance = prior + centrality_weight * centrality
    - quote_penalty * is_quote, then MMR: pick the most relevant sentence minus
    redundancy_weight * its highest similarity to a sentence already picked.

    position_decay: the news-lead prior exp(-position / position_decay).
    min_words: sentences shorter than this (datelines, "Scroll down for video"), like lines
        without final punctuation (headlines, photo credits), are taken only when no full
        sentence is left.
    The defaults were chosen on the first half of cnndm-frank250 (see eval/rouge_briefs.py
    and the README): a coordinate search over a small grid, then checked on the second half.
    """

    position_decay: float = bounded(5.0, above=0)
    centrality_weight: float = bounded(0.3, at_least=0)
    redundancy_weight: float = bounded(0.3, at_least=0)
    quote_penalty: float = bounded(0.05, at_least=0)
    min_words: int = bounded(10, at_least=0)

    def __post_init__(self) -> None:
        check_bounds(self, what="ranking parameter(s)")


def check_method(method: str) -> str:
    if method not in METHODS:
        raise OptionsError(
            f"unknown summary method {method!r}; choose one of: {', '.join(METHODS)}"
        )
    return method
