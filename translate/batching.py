"""Token-budget batching: sort by length, fill batches, let the caller restore order."""

from __future__ import annotations

from collections.abc import Sequence


def plan_batches(lengths: Sequence[int], *, max_tokens: int, max_sentences: int) -> list[list[int]]:
    """Group item indices into batches, longest first.

    A batch's cost is ``len(batch) * longest item`` (what padding makes the model compute);
    it stays within ``max_tokens`` unless a single item alone exceeds it. Sorting by length
    keeps padding small. Every index appears in exactly one batch; callers write results
    back by index, so output order is the input order whatever the batching.
    """
    if max_tokens < 1 or max_sentences < 1:
        raise ValueError("max_tokens and max_sentences must be >= 1")
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for index in order:
        length = max(1, lengths[index])
        # Sorted longest first, so the batch's longest item is its first one.
        cost = (len(current) + 1) * max(longest, length)
        if current and (cost > max_tokens or len(current) >= max_sentences):
            batches.append(current)
            current, longest = [], 0
        current.append(index)
        longest = max(longest, length)
    if current:
        batches.append(current)
    return batches
