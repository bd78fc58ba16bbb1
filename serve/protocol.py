"""How uvicorn serves kabar: one place for the connection-level limits, used by
``kabar serve`` and the tests alike.

uvicorn closes an idle kept-alive connection, but it waits for a new connection's
request headers forever: a slowloris client dribbling header bytes holds its connection
(and with enough of them, every connection). ``HeaderDeadline`` closes a connection whose
first request headers are not complete within the time a body gets (``body_seconds``).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from kabar.serve.settings import ServeSettings

MAX_CONNECTIONS = 1000  # beyond them uvicorn answers 503 without reading
MAX_HEADER_BYTES = 64 * 1024  # larger request headers: 400
KEEP_ALIVE_SECONDS = 5


class HeaderDeadline(H11Protocol):
    header_seconds = 20.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._header_timer = self.loop.call_later(self.header_seconds, self._headers_too_slow)

    def _headers_too_slow(self) -> None:
        if self.cycle is None and not self.transport.is_closing():
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._header_timer.cancel()
        super().connection_lost(exc)


def server_options(settings: ServeSettings) -> dict[str, Any]:
    """uvicorn's keyword arguments for ``settings``."""
    protocol = type("KabarH11", (HeaderDeadline,), {"header_seconds": settings.body_seconds})
    return {
        "http": protocol,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "limit_concurrency": MAX_CONNECTIONS,
        "log_level": "warning",
    }
