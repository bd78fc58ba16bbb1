"""The server's limits and switches: one frozen dataclass, built from ``kabar serve``'s
options, read by every part of the server."""

from __future__ import annotations

from dataclasses import dataclass, field

from kabar.core.bounds import bounded, check_bounds

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
# What /translate_file accepts (read by kabar.core.reading like every other surface).
FILE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")


@dataclass(frozen=True, kw_only=True)
class ServeSettings:
    """How ``kabar serve`` limits its clients.

    char_limit: characters of text in one request (all items of a list together); the
        LibreTranslate ``--char-limit``.
    max_items: items in one ``q`` list.
    body_bytes: a request body (JSON or form), refused early by Content-Length and by
        counting the bytes as they arrive.
    upload_bytes: a body that carries a file (``/translate_file``, the UI's uploads).
    request_seconds: how long a request may wait for and use the engine before a 503.
    body_seconds: how long a client may take to send its body (a slowloris gets a 408).
    queue_size: requests waiting for the engine; more get 503 with Retry-After.
    batch_wait_ms: how long the engine's worker waits for more requests to batch together.
    batch_requests: at most this many requests share one engine call (1: one at a time).
    batch_chars: a call takes no more requests once its texts hold this many characters
        (about four seed articles): the engine's next call is then already queued while the
        last one's clients read their answers and send again, so it never idles between
        calls, and a request waits for a few others' sentences, not for all of them.
    requests_per_minute, chars_per_minute: the rate limits of a client without its own
        (per key, or per address without keys); 0 is no limit.
    require_keys: every translation needs a valid ``api_key``.
    cors_origins: origins allowed to call the API from a browser; none by default.
    """

    char_limit: int = bounded(50_000, at_least=1)
    max_items: int = bounded(128, at_least=1)
    body_bytes: int = bounded(1 << 20, at_least=1024)
    upload_bytes: int = bounded(10 << 20, at_least=1024)
    request_seconds: float = bounded(120.0, above=0)
    body_seconds: float = bounded(20.0, above=0)
    queue_size: int = bounded(64, at_least=1)
    batch_wait_ms: float = bounded(5.0, at_least=0)
    batch_requests: int = bounded(64, at_least=1)
    batch_chars: int = bounded(10_000, at_least=1)
    requests_per_minute: int = bounded(600, at_least=0)
    chars_per_minute: int = bounded(500_000, at_least=0)
    require_keys: bool = False
    cors_origins: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        check_bounds(self, what="server setting(s)")
