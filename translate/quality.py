"""Per-sentence quality signals computed from the decoding itself, and their flags.

Thresholds were measured on real data in ../shared (see README, "Quality flags"):
- length ratio: on FLORES-200, TICO-19 and Tatoeba human references, fewer than 0.5% of
  sentences (of 20+ characters) have an English/Indonesian character ratio outside
  [0.5, 1.6]; outside it, a translation has most likely dropped or invented content.
- untranslated: the Indonesian function words below occur in 0% of the FLORES English
  references; two or more of them in an output means Indonesian was copied through.
- glued loops (4+ repeats of a unit over 12+ characters): see ``GLUED_MIN_REPEATS``.
"""

from __future__ import annotations

import math
import re

from kabar.translate import glossary
from kabar.translate.checks import CHECKS, CheckResult, check_flags, run_checks

FLAG_REPETITION = "repetition"
FLAG_UNTRANSLATED = "untranslated"
FLAG_LENGTH_RATIO = "length_ratio"
FLAG_CHUNKED = "chunked"
FLAG_LENGTH_LIMIT = "length_limit"
FLAG_EMPTY = "empty"
FLAGS: tuple[str, ...] = (
    FLAG_REPETITION,
    FLAG_UNTRANSLATED,
    FLAG_LENGTH_RATIO,
    FLAG_CHUNKED,
    FLAG_LENGTH_LIMIT,
    FLAG_EMPTY,
    *CHECKS,  # the source/translation checks (numbers, kept_text): kabar.translate.checks
    glossary.NAME,  # a term of the user's glossary missing: kabar.translate.glossary
)
FLAG_DESCRIPTIONS: dict[str, str] = {
    FLAG_REPETITION: "the output repeats a phrase or word piece in a loop",
    FLAG_UNTRANSLATED: "Indonesian words were left untranslated",
    FLAG_LENGTH_RATIO: "the translation is much shorter or longer than the source",
    FLAG_CHUNKED: "the sentence was too long and was translated in pieces",
    FLAG_LENGTH_LIMIT: "the output hit the length guard and was cut off",
    FLAG_EMPTY: "the source has no visible text: nothing to translate",
    **{check.name: check.description for check in CHECKS.values()},
    glossary.NAME: glossary.DESCRIPTION,
}

MIN_RATIO, MAX_RATIO = 0.5, 1.6
MIN_CHARS_FOR_RATIO = 20

# Frequent Indonesian words that are not English words (no "dan"/"para"-style clashes
# once lower-cased words of proper names are excluded by the caller's casing check).
INDONESIAN_FUNCTION_WORDS = frozenset(
    """yang dan di ke dari untuk dengan ini itu tidak akan pada dalam adalah bahwa juga
    karena atau sudah telah oleh kami mereka kita saya ia dia tersebut bisa dapat harus
    masih lebih sangat sebagai kepada bagi hingga sejak setelah sebelum namun tetapi tapi
    jika agar serta hanya belum pernah sedang lalu kemudian menurut antara tentang seperti
    sementara bahkan yaitu yakni ketika saat selama ada para atas bagaimana apa siapa
    mengapa sebuah seorang banyak beberapa""".split()
)

_WORD = re.compile(r"\w+")  # str patterns match Unicode word characters
# The loop check's words: a well-formed number with thousands separators (up to five
# groups) is one word, so "1,000,000,000,000" or "Rp1.000.000.000" is not "000" four times
# in a row, while "0,0,0,0,0" and "1.1.1.1.1" still are.
_LOOP_WORD = re.compile(
    # The other separator may end it with cents: "Rp1.000.000,00", "1,000,000.50".
    r"[^\W\d_]*\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3}){0,4}(?:(?!(?P=sep))[.,]\d{1,2})?"
    r"(?![.,]?\d)|\w+"
)

# Subword loops glued into one token ("RCRCRCRC...", "secretsecretsecret..."): a unit of
# 1-8 letters or digits (a model's subword piece) repeated back to back 4+ times over 12+
# characters. English words repeat a unit at most twice ("cancan", "tsetse", "Honolulu")
# and the English of FLORES, TICO-19, Tatoeba and the opus-mt outputs never more (one
# letter at most 5 times in a row), so 4 repeats is past any real word; 12 characters
# keeps stretched letters ("Noooooo!", "aaaah") and "hahahaha" below the line.
GLUED_MIN_REPEATS, GLUED_MIN_CHARS, GLUED_MAX_UNIT = 4, 12, 8


def _glued_run(unit_chars: int) -> re.Pattern[str]:
    repeats = max(GLUED_MIN_REPEATS, math.ceil(GLUED_MIN_CHARS / unit_chars))
    return re.compile(rf"([^\W_]{{{unit_chars}}})\1{{{repeats - 1},}}")  # letters/digits


_GLUED_RUNS = tuple(_glued_run(n) for n in range(1, GLUED_MAX_UNIT + 1))
# Every glued run is letters/digits only and GLUED_MIN_CHARS long at least, so it lies
# inside one such token of that length: the eight unit patterns need only scan those.
# The look-behind starts a token only at its first character: without it, each shorter
# word would be tried again from each of its letters.
_GLUED_TOKEN = re.compile(rf"(?<![^\W_])[^\W_]{{{GLUED_MIN_CHARS},}}")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")


def confidence_from_log_prob(mean_log_prob: float) -> float:
    """exp(mean token log-probability): the model's per-token probability, in [0, 1]."""
    if math.isnan(mean_log_prob):
        return 0.0
    return min(1.0, max(0.0, math.exp(mean_log_prob)))


def has_repetition_loop(text: str) -> bool:
    """True when the words run in a loop: one word 4+ times in a row, or an n-gram
    (n = 2..6) repeated back to back over 2n + 1 words or more ("the case of the case of
    the case"). Degenerate decoders loop like this; natural prose almost never does."""
    words = [m.group(0) for m in _LOOP_WORD.finditer(text.lower())]
    for n in range(1, 7):
        needed = 4 if n == 1 else 2 * n + 1
        periodic = 0  # words so far that repeat the word n positions back
        for k in range(n, len(words)):
            periodic = periodic + 1 if words[k] == words[k - n] else 0
            if periodic + n >= needed:
                return True
    return False


def _canonical_unit(unit: str) -> str:
    """One name per loop: the unit's shortest period ("rcrc" -> "rc"), then its first
    rotation in sort order, so "ahahah..." and "hahaha..." are the same loop."""
    period = next(p for p in range(1, len(unit) + 1) if unit == unit[:p] * (len(unit) // p))
    root = unit[:period]
    return min(root[i:] + root[:i] for i in range(len(root)))


def glued_loop_units(text: str) -> frozenset[str]:
    """The units that ``text`` repeats back to back into a glued loop, spaces or not
    ("RCRCRCRCRCRCRC marries" -> {"cr"}); case-insensitive, canonical (``_canonical_unit``)."""
    # Scanning each long token alone finds the same runs as scanning the whole text (no
    # run crosses a token's edge, no pattern looks behind), without the eight passes over
    # the ordinary words of every sentence: 0.075 to 0.009 ms of CPU a seed sentence.
    return frozenset(
        _canonical_unit(m.group(1))
        for token in _GLUED_TOKEN.findall(text.lower())
        for run in _GLUED_RUNS
        for m in run.finditer(token)
    )


def indonesian_word_count(text: str) -> int:
    """How many lower-case Indonesian function words ``text`` contains."""
    return sum(1 for w in _LOWER_WORD.findall(text) if w in INDONESIAN_FUNCTION_WORDS)


def indonesian_word_share(text: str) -> float:
    """Share of Indonesian function words among the words of ``text`` (0 for no words)."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    return sum(1 for w in words if w in INDONESIAN_FUNCTION_WORDS) / len(words)


def looks_indonesian(text: str) -> bool:
    """A cheap language check for whole inputs: Indonesian news has ~29% function words
    (median on FLORES), English almost none. Short texts are given the benefit of doubt."""
    if len(_WORD.findall(text)) < 20:
        return True
    return indonesian_word_share(text) >= 0.05


def quality_flags(source: str, translation: str) -> tuple[str, ...]:
    """The flags that the source/translation pair itself raises (not chunked/length_limit)."""
    flags: list[str] = []
    word_loop = has_repetition_loop(translation) and not has_repetition_loop(source)
    # A run copied from the source (an ID "111111111111", "hahahahahahaha") is not a loop.
    if word_loop or glued_loop_units(translation) - glued_loop_units(source):
        flags.append(FLAG_REPETITION)
    if indonesian_word_count(translation) >= 2:
        flags.append(FLAG_UNTRANSLATED)
    if len(source) >= MIN_CHARS_FOR_RATIO:
        ratio = len(translation) / len(source)
        if not MIN_RATIO <= ratio <= MAX_RATIO:
            flags.append(FLAG_LENGTH_RATIO)
    return tuple(flags)


def sentence_flags(
    source: str, translation: str, terms: glossary.Glossary | None = None
) -> tuple[tuple[str, ...], tuple[CheckResult, ...]]:
    """Every flag the pair raises (``quality_flags``, the checks' and, given ``terms``,
    the glossary's) and the findings: what the engine gives each sentence and ``kabar
    score --src`` each line."""
    checks = run_checks(source, translation)
    flags = (*quality_flags(source, translation), *check_flags(checks))
    missing = terms.check(source, translation) if terms is not None else ()
    if missing:
        flags, checks = (*flags, glossary.NAME), (*checks, *missing)
    return flags, checks
