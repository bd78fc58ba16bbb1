"""The translation options: one frozen, keyword-only dataclass, validated on creation."""

from __future__ import annotations

import math
from dataclasses import dataclass

from kabar.core.bounds import bounded, check_bounds

MAX_BEAM = 32  # wider beams cost memory and time and do not help NMT quality
MIN_INPUT_TOKENS = 8  # shorter pieces would cut sentences into meaningless fragments


@dataclass(frozen=True, kw_only=True)
class TranslationOptions:
    """How the engine translates; every result echoes the options it was made with.

    beam_size: beams per sentence (1 = greedy).
    batch_tokens: token budget of one batch, counted as sentences x longest source, so a
        batch of long sentences holds fewer of them.
    max_batch_sentences: upper bound on sentences per batch, whatever their length.
    max_input_tokens: a sentence with more source tokens than this (or than the model's
        own limit, whichever is lower) is split at clause boundaries and flagged ``chunked``.
        NMT models trained on sentences drop content on very long input, so the default
        stays well below the 512 positions of opus-mt.
    output_ratio, output_slack: the output-length guard: at most
        ``ceil(output_ratio * source_tokens) + output_slack`` output tokens per sentence,
        end-of-sentence included (and never more than the decoder's positions), so a
        degenerate model cannot run on to the model's 512-token maximum. A sentence that
        reaches the guard is flagged ``length_limit``.
    glossary: (Indonesian, English) terms the translation must use
        (``kabar.translate.glossary``); empty English: kept as is.
    """

    beam_size: int = bounded(4, at_least=1, at_most=MAX_BEAM)
    batch_tokens: int = bounded(4096, at_least=1)
    max_batch_sentences: int = bounded(32, at_least=1)
    max_input_tokens: int = bounded(200, at_least=MIN_INPUT_TOKENS)
    output_ratio: float = bounded(2.0, above=0)
    output_slack: int = bounded(10, at_least=1)
    glossary: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        check_bounds(self, what="translation option(s)")

    def max_new_tokens(self, source_tokens: int) -> int:
        """The output-length guard for a source of ``source_tokens`` tokens."""
        # round() first so that 1.1 * 10 = 11.000000000000002 does not become 12.
        return math.ceil(round(self.output_ratio * source_tokens, 9)) + self.output_slack
