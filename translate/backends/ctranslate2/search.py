"""Search scheduling: how a batch's rows are cut into the workers' jobs, and the queue that
runs the next batches' searches ahead of the one being read.

Pure bookkeeping over CTranslate2's asynchronous results: what a row gets never depends
on how it was scheduled (``tests/test_ctranslate2.py`` checks it against one search per
row).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

# Sentences a worker searches at once, at most. Beam search holds beams x sentences x
# source length x 6 layers of cross-attention keys and values, plus the growing
# self-attention cache and the allocator's cache: measured on opus-mt with 2 workers after
# 200 FLORES lines, parts of 8 peak at ~350 MB, of 16 at ~510 MB. 12 lets an article of up
# to 24 sentences go out as one part per worker (1.18x faster on the seeds than 8-row
# parts) while 32-sentence batches are still cut into parts of 8.
SUB_BATCH = 12
# Batches whose searches are queued ahead of the one being read (``searched_ahead``):
# enough to keep both workers busy while Python reads a batch; the queued work is only
# source tokens, so memory does not grow with it.
AHEAD = 2

Job = TypeVar("Job")
Queued = TypeVar("Queued")
Result = TypeVar("Result")


def searched_ahead(
    jobs: Iterable[Job],
    submit: Callable[[Job], Queued],
    finish: Callable[[Queued], Result],
    ahead: int = AHEAD,
) -> Iterator[Result]:
    """``finish(submit(job))`` of each job, in order, with the next ``ahead`` jobs submitted
    before a job is finished: the workers never wait for Python between batches
    (tokenizing, detokenizing, the engine's bookkeeping): measured 1.13x faster on 200
    FLORES lines (issue 15)."""
    window: deque[Queued] = deque()
    for job in jobs:
        window.append(submit(job))
        if len(window) > ahead:
            yield finish(window.popleft())
    while window:
        yield finish(window.popleft())


@dataclass(frozen=True)
class Hypothesis:
    """One row's translation: output tokens (end-of-sentence excluded) and, when the
    search's own score is the sentence's score, the mean log-probability."""

    tokens: list[str]
    ended: bool  # the model emitted end-of-sentence within the limit
    mean_log_prob: float | None


@dataclass(frozen=True)
class Searched:
    """A row's best hypothesis from one CTranslate2 call, and the step its search ended on."""

    best: Hypothesis
    last_step: int


NOTHING = Hypothesis([], False, None)


@dataclass(frozen=True)
class Call:
    """One queued CTranslate2 search: the batch rows it covers, its limit, its results."""

    indices: list[int]
    limit: int
    results: list[Any]  # ctranslate2.AsyncTranslationResult, one per row


@dataclass
class Pending:
    """A batch whose first search is queued (``CTranslate2Backend._submit``)."""

    sources: list[list[str]]
    limits: list[int]
    beam_size: int
    todo: list[int]  # the rows searched (limit > 1; the others get nothing)
    whole: bool  # one call at the batch's largest limit, else one per limit
    calls: list[Call]


def collect(calls: list[Call], read: Callable[[Any, int], Searched]) -> dict[int, Searched]:
    """Wait for the queued ``calls``; each row's result read by ``read(result, limit)``."""
    searched: dict[int, Searched] = {}
    for call in calls:
        for i, result in zip(call.indices, call.results, strict=True):
            searched[i] = read(result.result(), call.limit)
    return searched


def balanced_parts(indices: list[int], lengths: list[int], workers: int) -> list[list[int]]:
    """``indices`` in parts of at most ``SUB_BATCH``, as many per worker, whose total source
    lengths are as even as a longest-first greedy split makes them.

    One part is one worker's job. CTranslate2 cuts a call into consecutive length-sorted
    sub-batches, which gave one worker all the longest sentences of an article while the
    other went idle; balanced parts made seed articles ~1.3x faster (issue 15). A search
    drops its finished rows at every step, so mixing lengths in a part costs only a little
    encoder padding.
    """
    # A multiple of the workers, so that none is left with one part more than the others.
    count = min(len(indices), workers * -(-len(indices) // (workers * SUB_BATCH)))
    room = -(-len(indices) // count) if indices else 0
    parts: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    for k in sorted(range(len(indices)), key=lambda k: (-lengths[k], k)):
        part = min((j for j in range(count) if len(parts[j]) < room), key=lambda j: loads[j])
        parts[part].append(indices[k])
        loads[part] += lengths[k]
    return [part for part in parts if part]


def by_limit(indices: list[int], limits: list[int]) -> list[tuple[list[int], int]]:
    """``indices`` grouped by their limit: one search per distinct limit."""
    groups: dict[int, list[int]] = {}
    for i in indices:
        groups.setdefault(limits[i], []).append(i)
    return [(group, limit) for limit, group in groups.items()]


def mean_of(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def cut(row: Hypothesis, limit: int) -> Hypothesis:
    """``row`` as the search with ``limit`` gives it when the first tokens are the same: kept
    if it ended within the limit, else its first ``limit - 1`` tokens (to be scored)."""
    if row.ended and len(row.tokens) + 1 <= limit:
        return row
    return Hypothesis(row.tokens[: limit - 1], False, None)
