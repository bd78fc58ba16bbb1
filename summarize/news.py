"""Brief selection for news written in Indonesian, on the source sentences (no model).

Each body sentence gets a score from what news briefs are made of: lead position (the
inverted pyramid), coverage of the article's content words (the words the article keeps
coming back to), length, and direct quotes; then sentences are picked greedily, each one
discounted by how many of its content words the brief already has. Furniture
(``kabar.core.furniture``) is never picked. The weights were chosen on the first half of
indosum-dev02-500 and checked on the second (``python -m kabar.eval.measure.rouge_briefs``).

Why not the embedding model: all-MiniLM-L6-v2 was trained on English; on Indonesian its
similarities are compressed (mean 0.50, sd 0.12), so it cannot tell a near-duplicate from
a neighbour. Content-word overlap can.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kabar.core.bounds import bounded, check_bounds
from kabar.core.furniture import SentenceRole

_WORD = re.compile(r"[^\W_]+")
# Function words, attribution verbs and pronouns: they carry no topic.
STOPWORDS = frozenset(
    """yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga atau
    oleh karena sebagai bahwa ada telah sudah saat bisa dapat lebih para ia dia mereka
    kami kita saya kamu anda aku tersebut seperti menjadi namun tetapi tapi jika kalau
    maka setelah sebelum sejak hingga sampai antara lain yakni yaitu bagi tak belum sangat
    secara kepada terhadap sementara selain bahkan begitu tentang menurut agar serta masih
    harus lalu pun nya pula hal sebuah seorang satu the of a an kata ujar ungkap jelas
    tegas tutur imbuh tambah katanya ujarnya mengatakan menyatakan menjelaskan
    mengungkapkan menambahkan menegaskan menuturkan dilansir dikutip mengutip melaporkan
    dilaporkan demikian sebut menyebut menyebutkan yang lebih ia""".split()
)
# Attribution: "kata Stoltenberg", "ujar dia", "menurut …", "seperti dilansir dari TASS".
_ATTRIBUTION = re.compile(
    r"\b(?:kata|ujar|ungkap|jelas|tegas|tutur|imbuh|tambah|tandas|pungkas|papar|terang|"
    r"katanya|ujarnya|tegasnya|jelasnya|ungkapnya|tandasnya|pungkasnya|mengatakan|"
    r"menyatakan|menjelaskan|mengungkapkan|menambahkan|menegaskan|menuturkan|menurut|"
    r"melaporkan|dilaporkan|mengutip|dikutip|dilansir|melansir|menyebut|demikian|said|says|"
    r"told)\b",
    re.IGNORECASE,
)
_OPEN_QUOTES = "“‘«"
_CLOSE_QUOTES = "”’»"
_FINAL = (".", "!", "?", "…")
_CLOSING = "\"'”’»)]"


@dataclass(frozen=True, kw_only=True)
class NewsParams:
    """The news ranking: score = position_weight * exp(-rank / position_decay)
    + coverage_weight * coverage + length_weight * length, minus quote and attribution
    penalties; then greedy picking with redundancy_weight * (share of the sentence's
    content words already in the brief); a sentence sharing at least ``duplicate_share``
    of its content words with one already picked is a repeat and comes last.

    min_words: shorter sentences (and lines without final punctuation) are fragments,
        taken only when nothing else is left.
    The defaults come from a grid search on the first half of indosum-dev02-500 (ROUGE-Lsum);
    duplicate_share is the largest value (0.7 scored 0.1 higher there) at which the seeds'
    briefs have no two lines saying the same thing (tests/test_summarize_news.py).
    """

    position_decay: float = bounded(5.0, above=0)
    position_weight: float = bounded(1.0, at_least=0)
    coverage_weight: float = bounded(0.75, at_least=0)
    length_weight: float = bounded(0.5, at_least=0)
    ideal_words: int = bounded(25, above=0)
    quote_penalty: float = bounded(0.3, at_least=0)
    attribution_penalty: float = bounded(0.1, at_least=0)
    redundancy_weight: float = bounded(0.5, at_least=0)
    duplicate_share: float = bounded(0.65, above=0, at_most=1)
    min_words: int = bounded(6, at_least=0)

    def __post_init__(self) -> None:
        check_bounds(self, what="news ranking parameter(s)")


@dataclass(frozen=True)
class NewsSelection:
    """Chosen sentence positions (article order), every sentence's score, and notices."""

    chosen: tuple[int, ...]
    scores: tuple[float, ...]
    notices: tuple[str, ...]


def content_words(sentence: str) -> list[str]:
    """Lower-cased words and numbers of ``sentence`` without function words, the enclitic
    "-nya" taken off ("pasukan tempurnya" ~ "pasukan tempur")."""
    words = (_without_clitic(w) for w in _WORD.findall(sentence.lower()))
    return [w for w in words if w not in STOPWORDS]


def _without_clitic(word: str) -> str:
    return word[:-3] if len(word) > 5 and word.endswith("nya") else word


def quote_problem(sentence: str) -> str | None:
    """Why a sentence cannot stand alone as a brief line because of a direct quote:
    "unclosed" (a quote opened and not closed: the first half of a split quote, or its
    second half), "speaker-less" (a whole quote with nobody saying it), else None."""
    text = " ".join(sentence.split())
    opens = sum(text.count(q) for q in _OPEN_QUOTES)
    closes = sum(text.count(q) for q in _CLOSE_QUOTES)
    straight = text.count('"')
    if opens != closes or straight % 2:
        return "unclosed"
    if text[:1] in _OPEN_QUOTES + '"' and _ATTRIBUTION.search(_outside_quotes(text)) is None:
        return "speaker-less"
    return None


def is_attribution_only(sentence: str, words: Sequence[str]) -> bool:
    """A line that mostly names its source ("The Washington Post melaporkan hal ini pada
    21 November, mengutip sumber."): an attribution verb and at most 5 content words."""
    return _ATTRIBUTION.search(sentence) is not None and len(set(words)) <= 5


def is_fragment(sentence: str, min_words: int) -> bool:
    text = sentence.strip().rstrip(_CLOSING)
    return len(sentence.split()) < min_words or not text.endswith(_FINAL)


def select_news(
    sentences: Sequence[str],
    roles: Sequence[SentenceRole],
    count: int,
    params: NewsParams,
    *,
    words_budget: int | None = None,
) -> NewsSelection:
    """Pick ``count`` sentences (or up to ``words_budget`` words) for the brief.

    sentences: the article's source sentences in order; roles: their furniture roles
    (``kabar.core.furniture.sentence_roles``). Furniture is never picked; fragments and quote
    problems only when nothing else is left. Returns positions in article order.
    """
    total = len(sentences)
    bags = [content_words(s) for s in sentences]
    sets = [set(b) for b in bags]
    body = [i for i in range(total) if not roles[i].is_furniture and sets[i]]
    frequency: Counter[str] = Counter(w for i in body for w in sets[i])
    scores = [-math.inf] * total
    tier = [3] * total  # 0: good, 1: weak (fragment / quote), 3: never
    for rank, index in enumerate(body):
        text = sentences[index]
        words = len(text.split())
        # Coverage: how many other body sentences share each of its content words.
        covered = sum(frequency[w] - 1 for w in sets[index])
        coverage = covered / (len(body) * math.sqrt(len(sets[index]))) if len(body) > 1 else 0
        length = math.exp(-abs(math.log(max(words, 1) / params.ideal_words)))
        score = (
            params.position_weight * math.exp(-rank / params.position_decay)
            + params.coverage_weight * coverage
            + params.length_weight * length
        )
        if is_attribution_only(text, bags[index]):
            score -= params.attribution_penalty
        problem = quote_problem(text)
        if problem == "speaker-less":
            score -= params.quote_penalty
        scores[index] = score
        tier[index] = 1 if problem == "unclosed" or is_fragment(text, params.min_words) else 0
    chosen: list[int] = []
    in_brief: set[str] = set()
    used = 0
    notices: list[str] = []
    left = set(body)
    while left and (words_budget is not None or len(chosen) < count):
        best = max(
            sorted(left),
            key=lambda i: _value(i, sets, in_brief, chosen, tier[i], scores[i], params),
        )
        left.discard(best)
        size = len(sentences[best].split())
        if words_budget is not None and used + size > words_budget:
            continue
        chosen.append(best)
        in_brief |= sets[best]
        used += size
    if not chosen and body:
        best = max(body, key=lambda i: (-tier[i], scores[i]))
        chosen.append(best)
        notices.append(
            f"no sentence fits in {words_budget} words; the brief is the best sentence, "
            f"{len(sentences[best].split())} words, whole (sentences are never cut)"
        )
    return NewsSelection(tuple(sorted(chosen)), tuple(scores), tuple(notices))


def _value(
    index: int,
    sets: Sequence[set[str]],
    in_brief: set[str],
    chosen: Sequence[int],
    tier: int,
    score: float,
    params: NewsParams,
) -> tuple[int, float]:
    """Sort key of a candidate: its tier (a repeat of a chosen line is last), then its
    score minus the share of its content words the brief already has."""
    words = sets[index]
    share = len(words & in_brief) / len(words)
    repeat = any(
        len(words & sets[j]) >= params.duplicate_share * min(len(words), len(sets[j]))
        for j in chosen
    )
    return (-(tier + 2 * repeat), score - params.redundancy_weight * share)


def _outside_quotes(text: str) -> str:
    return re.sub(r"[“\"‘][^”\"’]*[”\"’]", " ", text)
