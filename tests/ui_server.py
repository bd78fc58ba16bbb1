"""Serving a built UI on a free localhost port for the server and browser tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gradio as gr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: gr.Blocks) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (the same launch settings as ``kabar ui``) until the
    block ends; yields its URL."""
    from kabar.ui.app import launch_app

    url = launch_app(app, host="127.0.0.1", port=free_port(), block=False, quiet=True)
    try:
        yield url
    finally:
        app.close()
