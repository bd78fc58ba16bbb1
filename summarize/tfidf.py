"""Model-free sentence vectors: TF-IDF over the article's own sentences (for TextRank)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# Function words carry no topic; dropping them keeps "the"/"said" from linking everything.
_STOPWORDS = frozenset(
    """a about after against all also an and any are as at be been before being between both
    but by can could did do does during each for from had has have he her hers him his how i
    if in into is it its itself just may me more most my no nor not of off on once only or
    other our out over own said same says she should so some such than that the their them
    then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your""".split()
)


def tokens(sentence: str) -> list[str]:
    """Lower-cased content words, with a crude plural/possessive fold ("talks" ~ "talk")."""
    words = (w.lower().replace("’", "'") for w in _WORD.findall(sentence))
    return [_fold(w) for w in words if w not in _STOPWORDS]


def tfidf_vectors(sentences: Sequence[str]) -> npt.NDArray[np.float64]:
    """One row per sentence: log-scaled term frequency x smoothed inverse sentence frequency."""
    counts = [Counter(tokens(s)) for s in sentences]
    vocabulary = sorted({term for c in counts for term in c})
    column = {term: index for index, term in enumerate(vocabulary)}
    frequency = Counter(term for c in counts for term in c)
    total = len(sentences)
    matrix = np.zeros((total, len(vocabulary)))
    for row, sentence_counts in enumerate(counts):
        for term, count in sentence_counts.items():
            idf = math.log((1 + total) / (1 + frequency[term])) + 1.0
            matrix[row, column[term]] = (1.0 + math.log(count)) * idf
    return matrix


def _fold(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word
