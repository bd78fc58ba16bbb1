"""``build_server``: the one ASGI app of ``kabar serve`` over one loaded engine.

FastAPI serves the LibreTranslate API, kabar's /v1 API and the OpenAPI docs (/docs);
the Gradio UI is mounted at /ui on the same server, its translations queued for the same
engine. The ``Guard`` middleware wraps everything: body and upload limits, slow bodies,
and a clean 500 for anything unexpected.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from kabar.serve.errors import ApiError
from kabar.serve.files import FileStore
from kabar.serve.guard import BodyTooLarge, BodyTooSlow, Guard
from kabar.serve.keys import KeyStore
from kabar.serve.ratelimit import RateLimiter
from kabar.serve.settings import ServeSettings
from kabar.serve.state import ServerState
from kabar.serve.worker import EngineWorker, QueuedTranslator

if TYPE_CHECKING:
    from kabar.summarize.engine import Summarizer
    from kabar.translate.engine import Translator

UI_PATH = "/ui"


def build_server(
    translator: Translator,
    settings: ServeSettings,
    *,
    keys: KeyStore | None = None,
    summarizer: Summarizer | None = None,
    summarizer_note: str | None = None,
    ui: bool = True,
) -> tuple[Any, ServerState]:
    """The ASGI app (FastAPI inside the Guard) and its state; ``state.worker.close()``
    and ``state.files.close()`` when done."""
    from kabar.serve import files, kabar_api, libretranslate

    worker = EngineWorker(
        translator,
        queue_size=settings.queue_size,
        batch_wait=settings.batch_wait_ms / 1000,
        batch_requests=settings.batch_requests,
        max_batch_chars=settings.batch_chars,
    )
    state = ServerState(
        settings=settings,
        worker=worker,
        keys=keys,
        limiter=RateLimiter(),
        files=FileStore(),
        summarizer=summarizer,
        summarizer_note=summarizer_note,
    )
    app = FastAPI(
        title="kabar",
        summary="Indonesian→English news translation: a LibreTranslate-compatible API and "
        "kabar's own sentence-aligned API",
        version="1",
    )
    app.state.kabar = state
    for router in (libretranslate.router, files.router, kabar_api.router):
        app.include_router(router)
    _add_error_handlers(app)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization"],
        )
    if ui:
        _mount_ui(app, state, summarizer)
    guarded = Guard(
        app,
        body_bytes=settings.body_bytes,
        upload_bytes=settings.upload_bytes,
        body_seconds=settings.body_seconds,
    )
    return guarded, state


def _add_error_handlers(app: FastAPI) -> None:
    def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status, headers=headers)

    async def api_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error(exc.status, exc.message, exc.headers)

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "error")
        return error(exc.status_code, message, dict(exc.headers or {}))

    async def invalid(_: Request, exc: Exception) -> Response:
        return error(400, "Invalid request: the parameters do not have the expected types")

    async def too_large(_: Request, exc: Exception) -> Response:
        limit = app.state.kabar.settings
        return error(
            413,
            "the request body is over the server's limit of "
            f"{limit.body_bytes:,} bytes ({limit.upload_bytes:,} for a file).",
            {"Connection": "close"},
        )

    async def too_slow(_: Request, exc: Exception) -> Response:
        return error(
            408, "the request body arrived too slowly; send it again.", {"Connection": "close"}
        )

    async def internal(_: Request, exc: Exception) -> Response:
        return error(500, "internal server error; the server's log says more.")

    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        ApiError: api_error,
        HTTPException: http_error,
        RequestValidationError: invalid,
        BodyTooLarge: too_large,
        BodyTooSlow: too_slow,
        Exception: internal,
    }
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)


def _mount_ui(app: FastAPI, state: ServerState, summarizer: Summarizer | None) -> None:
    import gradio as gr

    from kabar.ui.app import build_app

    engine = cast("Translator", QueuedTranslator(state.worker))  # the UI's calls queue too
    blocks = build_app(engine, summarizer, max_chars=state.settings.char_limit)
    keys = state.keys
    auth = None
    if state.settings.require_keys and keys is not None:
        # Any user name; the password is an API key.
        def auth(_user: str, password: str) -> bool:
            return keys.check(password) is not None

    gr.mount_gradio_app(
        app,
        blocks,
        path=UI_PATH,
        auth=auth,
        auth_message="Sign in with any name and one of this server's API keys.",
        max_file_size=state.settings.upload_bytes,
        show_error=True,
    )

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse(UI_PATH + "/")
