"""The server's outer wall, as plain ASGI middleware (it sees every request, the UI's too):

- a body over its limit is refused by its Content-Length before a byte is read, and a
  body without one (chunked) is counted as it arrives and cut off at the limit: 413;
- a client that sends its body too slowly (a slowloris) gets 408 when the time is up;
- anything that escapes a handler is answered ``{"error": "internal server error"}``,
  500: no stack trace, no path of this machine.

Headers themselves are bounded by uvicorn (h11), and an idle connection is closed after
its keep-alive timeout; the event loop serves other clients meanwhile.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

# Paths whose bodies carry files: they get the upload limit, everything else the body limit.
UPLOAD_PATHS = ("/translate_file", "/ui/gradio_api/upload", "/ui/upload")
log = logging.getLogger("kabar.serve")


class BodyTooLarge(Exception):
    """The request body passed the body size limit while it was being read."""


class BodyTooSlow(Exception):
    """The request body did not arrive within the time allowed for it."""


class Guard:
    def __init__(
        self, app: App, *, body_bytes: int, upload_bytes: int, body_seconds: float
    ) -> None:
        self.app = app
        self.body_bytes = body_bytes
        self.upload_bytes = upload_bytes
        self.body_seconds = body_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        limit = self.upload_bytes if path.startswith(UPLOAD_PATHS) else self.body_bytes
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _answer(send, 413, _too_large(limit))
            return
        started = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_seconds
        seen = 0

        async def guarded_receive() -> Message:
            nonlocal seen
            try:
                message = await asyncio.wait_for(receive(), max(0.001, deadline - loop.time()))
            except TimeoutError:
                raise BodyTooSlow from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await _answer(send, 413, _too_large(limit))
        except BodyTooSlow:
            if not started:
                await _answer(send, 408, "the request body arrived too slowly; send it again.")
        except Exception:
            log.exception("unhandled error on %s", path)  # the server's log, not the client
            if not started:
                await _answer(send, 500, "internal server error; the server's log says more.")


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _too_large(limit: int) -> str:
    return f"the request body is over the server's limit of {limit:,} bytes."


async def _answer(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status in (408, 413):
        headers.append((b"connection", b"close"))  # the rest of the body is not read
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
