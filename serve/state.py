"""What every route shares: the settings, the engine's worker, the keys, the rate limits;
and the two steps every translating route takes: ``authorize`` then ``translate``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.requests import Request

from kabar.serve.errors import ApiError, busy
from kabar.serve.keys import KeyStore
from kabar.serve.ratelimit import Limits, RateLimiter
from kabar.serve.settings import ServeSettings
from kabar.serve.worker import EngineWorker, QueueFull
from kabar.translate.results import ArticleTranslation

if TYPE_CHECKING:
    from kabar.serve.files import FileStore
    from kabar.summarize.engine import Summarizer

RETRY_SECONDS = 5
T = TypeVar("T")


@dataclass(frozen=True)
class Client:
    """Who is asking: a key's id, or the address of a client without a key."""

    id: str
    limits: Limits


@dataclass
class ServerState:
    settings: ServeSettings
    worker: EngineWorker
    keys: KeyStore | None
    limiter: RateLimiter
    files: FileStore
    summarizer: Summarizer | None = None
    summarizer_note: str | None = None

    def authorize(self, request: Request, params: dict[str, Any], chars: int) -> Client:
        """The client of this request, counted against its rate limits: 403 for a missing
        or unknown key where keys are required (or any unknown key), 429 over a limit."""
        client = self._client(request, params)
        wait = self.limiter.take(client.id, chars, client.limits)
        if wait is not None:
            raise ApiError(
                429,
                f"Too many requests: over the limit of {client.limits.requests} requests or "
                f"{client.limits.chars:,} characters a minute; try again in {wait:.0f} s.",
                {"Retry-After": str(round(wait))},
            )
        return client

    def _client(self, request: Request, params: dict[str, Any]) -> Client:
        settings = self.settings
        key = params.get("api_key") or _bearer(request)
        if self.keys is not None and isinstance(key, str) and key:
            found = self.keys.check(key)
            if found is None:
                raise ApiError(403, "Invalid API key")
            return Client(
                f"key:{found.id}",
                Limits(
                    requests=_or(found.requests_per_minute, settings.requests_per_minute),
                    chars=_or(found.chars_per_minute, settings.chars_per_minute),
                ),
            )
        if settings.require_keys:
            raise ApiError(
                403, "Invalid API key: this server needs an api_key; ask its operator for one."
            )
        address = request.client.host if request.client else "unknown"
        return Client(
            f"addr:{address}", Limits(settings.requests_per_minute, settings.chars_per_minute)
        )

    def check_chars(self, chars: int) -> None:
        limit = self.settings.char_limit
        if chars > limit:
            raise ApiError(
                400,
                f"Invalid request: request ({chars:,}) exceeds text limit ({limit:,}); "
                "send it in parts.",
            )

    async def translate(self, texts: list[str]) -> list[ArticleTranslation]:
        """The engine's translations of ``texts``, batched with other requests': 503 with
        Retry-After when the queue is full or the wait exceeds the request timeout."""
        if not texts:
            return []
        return await self._wait(lambda: self.worker.submit(texts))

    async def alternatives(
        self, texts: list[str], translations: list[ArticleTranslation], count: int
    ) -> list[tuple[str, ...]]:
        """Up to ``count`` alternatives of each text (``Translator.translate_alternatives``
        given its translation), run in the engine's turn, with the same 503s."""
        if not texts or count < 1:
            return [() for _ in texts]
        engine = self.worker.translator

        def work() -> list[tuple[str, ...]]:
            return [
                engine.translate_alternatives(text, count, translation=article)
                for text, article in zip(texts, translations, strict=True)
            ]

        return await self._wait(lambda: self.worker.call(work))

    async def _wait(self, submit: Callable[[], Future[T]]) -> T:
        try:
            future = submit()
        except QueueFull:
            raise busy(
                "the server is busy: the translation queue is full. Try again shortly.",
                RETRY_SECONDS,
            ) from None
        seconds = self.settings.request_seconds
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), seconds)
        except TimeoutError:
            future.cancel()  # still queued: it never reaches the engine
            raise busy(
                f"the server is busy: not translated within {seconds:g} s. Try again shortly.",
                RETRY_SECONDS,
            ) from None


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def state_of(request: Request) -> ServerState:
    state: ServerState = request.app.state.kabar
    return state
