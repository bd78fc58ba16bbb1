"""The one error type of the HTTP layer: a status, a message for ``{"error": …}``, headers.

Every refusal is raised as an ``ApiError`` and answered by one handler, so no response
ever carries a stack trace or a path of this machine.
"""

from __future__ import annotations

from collections.abc import Mapping


class ApiError(Exception):
    """An HTTP error answered as ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def busy(message: str, retry_after: int) -> ApiError:
    """503 with ``Retry-After``: the engine's queue is full or the request waited too long."""
    return ApiError(503, message, {"Retry-After": str(retry_after)})
