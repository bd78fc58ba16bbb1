"""The folder job's round planner: which units travel to the translator together.

Pure bookkeeping, no I/O and no clock, so each rule is tested on its own
(tests/test_folder_parts.py). The job feeds the planner units in reading order, many
files' units into one round, and sends a round when the planner says it is full: about
``round_chars`` characters (small files fill batches as well as one long file does; a
crash loses at most the round in flight), or ``max_units`` units whatever their size
(a corpus of empty records). The planner also splits a round's seconds among its units
and keeps the job-wide sentence count the progress callback shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class RoundPlanner(Generic[T]):
    """Collects units into rounds: ``add`` returns a round once it is full, ``flush`` the
    rest at the end. ``T`` is whatever the caller sends (here: a document and a unit)."""

    def __init__(self, *, round_chars: int, max_units: int) -> None:
        if round_chars < 1 or max_units < 1:
            raise ValueError(
                f"round_chars and max_units must be 1 or more ({round_chars}, {max_units})"
            )
        self.round_chars = round_chars
        self.max_units = max_units
        self._items: list[T] = []
        self._chars = 0

    def add(self, item: T, chars: int) -> list[T] | None:
        """Put ``item`` (of ``chars`` characters) in the round being filled; the round,
        ``item`` last, when it is now full (and a new one starts), else None."""
        self._items.append(item)
        self._chars += chars
        if self._chars >= self.round_chars or len(self._items) >= self.max_units:
            return self.flush()
        return None

    def flush(self) -> list[T]:
        """The round being filled, whatever its size (empty when nothing is waiting)."""
        items, self._items, self._chars = self._items, [], 0
        return items

    @property
    def waiting(self) -> int:
        """Units added and not yet returned in a round."""
        return len(self._items)


def time_shares(seconds: float, sentences: Sequence[int]) -> list[float]:
    """A round's ``seconds`` split among its units by their sentences (a file's figures
    are the sum of its units' shares); evenly when the round had no sentence at all."""
    if not sentences:
        return []
    total = sum(sentences)
    if not total:
        return [seconds / len(sentences)] * len(sentences)
    return [seconds * count / total for count in sentences]


class SentenceCount:
    """Sentences done and in all, over the whole job, for the progress callback.

    The total is known beforehand for inputs the scan counted; the others add their
    sentences as they come back. A failed input takes its untranslated rest out.
    """

    def __init__(self, *, total: int = 0, done: int = 0) -> None:
        self.total = total
        self.done = done

    def translated(self, sentences: int, *, counted: bool) -> None:
        """``sentences`` came back; ``counted``: already in the total (from the scan)."""
        self.done += sentences
        if not counted:
            self.total += sentences

    def dropped(self, sentences: int) -> None:
        """An input failed with ``sentences`` of its counted total still untranslated."""
        self.total -= max(0, sentences)

    def shown(self, in_round: int = 0) -> tuple[int, int]:
        """(done, in all) as shown while a round is in flight: ``in_round`` is what the
        engine reports of it (pieces, not sentences, so capped at the total)."""
        return min(self.total, self.done + in_round), self.total
