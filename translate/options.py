"""The translation options: one frozen, keyword-only dataclass, validated on creation."""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.errors import check_fields

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
    """

    beam_size: int = 4
    batch_tokens: int = 4096
    max_batch_sentences: int = 32
    max_input_tokens: int = 200
    output_ratio: float = 2.0
    output_slack: int = 10

    def __post_init__(self) -> None:
        checks = {
            "beam_size": 1 <= self.beam_size <= MAX_BEAM,
            "batch_tokens": self.batch_tokens >= 1,
            "max_batch_sentences": self.max_batch_sentences >= 1,
            "max_input_tokens": self.max_input_tokens >= MIN_INPUT_TOKENS,
            "output_ratio": self.output_ratio > 0,
            "output_slack": self.output_slack >= 1,
        }
        check_fields(
            self,
            checks,
            what="translation option(s)",
            rules=f"beam_size must be 1 to {MAX_BEAM}; batch_tokens, max_batch_sentences and "
            f"output_slack >= 1; max_input_tokens >= {MIN_INPUT_TOKENS}; output_ratio > 0.",
        )

    def max_new_tokens(self, source_tokens: int) -> int:
        """The output-length guard for a source of ``source_tokens`` tokens."""
        # round() first so that 1.1 * 10 = 11.000000000000002 does not become 12.
        return math.ceil(round(self.output_ratio * source_tokens, 9)) + self.output_slack
