"""Per-client rate limits: requests and characters in the last minute, a sliding window."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

WINDOW_SECONDS = 60.0


@dataclass(frozen=True)
class Limits:
    """Per minute; 0 is no limit."""

    requests: int
    chars: int


class RateLimiter:
    """``take(client, chars, limits)``: None when the request fits the client's limits
    (and is counted), else the seconds to wait before it would."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[str, deque[tuple[float, int]]] = {}

    def take(self, client: str, chars: int, limits: Limits) -> float | None:
        now = self._clock()
        with self._lock:
            seen = self._seen.setdefault(client, deque())
            while seen and seen[0][0] <= now - WINDOW_SECONDS:
                seen.popleft()
            too_many = limits.requests and len(seen) + 1 > limits.requests
            used = sum(c for _, c in seen)
            too_much = limits.chars and used + chars > limits.chars
            if too_many or too_much:
                oldest = seen[0][0] if seen else now
                return max(1.0, oldest + WINDOW_SECONDS - now)
            seen.append((now, chars))
            if len(self._seen) > 10_000:  # forget idle clients: memory stays bounded
                self._forget_idle(now)
            return None

    def _forget_idle(self, now: float) -> None:
        for client in [c for c, s in self._seen.items() if not s or s[-1][0] <= now - 60]:
            del self._seen[client]
