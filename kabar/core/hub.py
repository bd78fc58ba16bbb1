"""The Hugging Face hub, asked without waiting: whether a name is a folder or a hub id, the
local cache, whether the hub can be reached at all. Resolving here (instead of letting
``from_pretrained`` try) turns "no model, no network" into one clear message at once;
transformers itself would retry the unreachable hub for over a minute."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse


def looks_like_path(model: str) -> bool:
    """A hub id is ``name`` or ``org/name``; anything else is meant as a folder."""
    return model.startswith((".", "/", "~")) or model.count("/") > 1 or "\\" in model


def hf_cache_snapshot(model: str) -> Path | None:
    """The Hugging Face cache's snapshot folder of hub id ``model``, without any network."""
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(model, local_files_only=True))
    except Exception:  # any miss or malformed cache means: not usable offline
        return None


def offline() -> bool:
    """HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) is set."""
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().lower() in {"1", "true", "yes", "on"}


def hub_unreachable_reason(timeout: float = 3.0) -> str | None:
    """None when the hub's host accepts a TCP connection, else why not (fast, no retries)."""
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    parsed = urlparse(endpoint)
    host = parsed.hostname or "huggingface.co"
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as error:
        return f"({host}) cannot be reached: {error.strerror or error}"
