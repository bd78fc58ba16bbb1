"""Running ``kabar serve``'s app on a free loopback port for the serve tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests

from kabar.serve.app import build_server
from kabar.serve.keys import KeyStore
from kabar.serve.protocol import server_options
from kabar.serve.settings import ServeSettings
from kabar.serve.state import ServerState
from kabar.serve.worker import EngineWorker
from kabar.translate.engine import Translator
from tests.ui_server import free_port

TIMEOUT = 60  # seconds a test waits for an answer over HTTP


@contextmanager
def running_server(
    translator: Translator,
    settings: ServeSettings | None = None,
    *,
    keys: KeyStore | None = None,
    summarizer: Any = None,
    ui: bool = False,
) -> Iterator[tuple[str, ServerState]]:
    """The server on 127.0.0.1 in a thread until the block ends: (its URL, its state)."""
    import uvicorn

    settings = settings or ServeSettings()
    app, state = build_server(translator, settings, keys=keys, summarizer=summarizer, ui=ui)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, **server_options(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", state
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        state.worker.close()
        state.files.close()


@contextmanager
def engine_held(worker: EngineWorker) -> Iterator[None]:
    """The engine busy with other work until the block ends: requests queue behind it."""
    release = threading.Event()
    blocker = worker.call(lambda: release.wait(30))
    try:
        yield
    finally:
        release.set()
        blocker.result(timeout=30)


def post_file(url: str, name: str, data: bytes) -> requests.Response:
    """``POST /translate_file`` of ``data`` as the file ``name``, Indonesian to English."""
    return requests.post(
        f"{url}/translate_file",
        files={"file": (name, data)},
        data={"source": "id", "target": "en"},
        timeout=TIMEOUT,
    )
