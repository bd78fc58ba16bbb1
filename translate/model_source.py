"""Where the model files come from: a local folder, the Hugging Face cache, or the hub.

Resolving here (instead of letting ``from_pretrained`` try) turns "no model, no network"
into one clear message at once; transformers itself would retry the unreachable hub for
over a minute and then fail with a traceback.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

from core.errors import ModelNotFoundError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-id-en"
MODEL_ENV = "KABAR_MODEL"

# What a MarianMT folder must hold; weights in either format.
REQUIRED_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
OPTIONAL_FILES = ("tokenizer_config.json", "generation_config.json", "special_tokens_map.json")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


def default_model() -> str:
    """The model to use when none is given: ``$KABAR_MODEL`` or opus-mt-id-en."""
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def missing_files(folder: Path) -> list[str]:
    """The required files a model folder lacks (empty when it is complete)."""
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if not any((folder / name).is_file() for name in WEIGHT_FILES):
        missing.append(" or ".join(WEIGHT_FILES))
    return missing


def files_hint() -> str:
    weights = " (or ".join(WEIGHT_FILES) + ")"
    return ", ".join((*REQUIRED_FILES[:1], weights, *REQUIRED_FILES[1:], OPTIONAL_FILES[0]))


def not_found_message(model: str, reason: str) -> str:
    return (
        f"the translation model '{model}' is not available: {reason}.\n"
        "Fix it in one of two ways:\n"
        f"  1. Where the internet is reachable, run `kabar download {model} --to DIR`\n"
        "     (or any kabar command once: the model is cached on first use), and bring DIR here.\n"
        "  2. Point kabar at a local copy: `kabar translate --model DIR ARTICLE.txt`\n"
        f"     (or set {MODEL_ENV}=DIR). DIR must hold: {files_hint()}."
    )


def looks_like_path(model: str) -> bool:
    """A hub id is ``name`` or ``org/name``; anything else is meant as a folder."""
    return model.startswith((".", "/", "~")) or model.count("/") > 1 or "\\" in model


def resolve_model(model: str) -> Path:
    """A local folder holding the model's files, downloading them if needed and possible.

    Raises ModelNotFoundError (with what to do) when the folder is incomplete, or the model
    is neither cached nor downloadable.
    """
    folder = Path(model).expanduser()
    if folder.is_dir():
        lacking = missing_files(folder)
        if lacking:
            raise ModelNotFoundError(
                not_found_message(model, f"the folder {folder} lacks {', '.join(lacking)}")
            )
        return folder
    if looks_like_path(model):
        raise ModelNotFoundError(not_found_message(model, f"there is no folder {folder}"))
    cached = _cached_snapshot(model)
    if cached is not None:
        return cached
    if offline():
        raise ModelNotFoundError(
            not_found_message(
                model, "it is not in the Hugging Face cache and HF_HUB_OFFLINE is set"
            )
        )
    problem = hub_unreachable_reason()
    if problem:
        raise ModelNotFoundError(
            not_found_message(model, f"it is not cached and the Hugging Face hub {problem}")
        )
    return download(model)


def download(model: str, to: Path | None = None) -> Path:
    """Fetch ``model`` from the hub into the cache (or into ``to``); returns the folder."""
    if offline():
        raise ModelNotFoundError(not_found_message(model, "HF_HUB_OFFLINE is set"))
    problem = hub_unreachable_reason()
    if problem:
        raise ModelNotFoundError(not_found_message(model, f"the Hugging Face hub {problem}"))
    from huggingface_hub import HfApi, snapshot_download

    try:
        files = HfApi().list_repo_files(model)
        patterns = _download_patterns(files)
        path = snapshot_download(
            model, local_dir=str(to) if to is not None else None, allow_patterns=patterns
        )
    # The hub client raises its own HTTP errors, its transport's (httpx) and OSError; at
    # this edge every one of them means the same thing to the user: no model.
    except Exception as error:
        reason = f"the download failed ({type(error).__name__}: {error})"
        raise ModelNotFoundError(not_found_message(model, reason)) from None
    return Path(path)


def _download_patterns(files: list[str]) -> list[str]:
    """Every file a MarianMT folder needs, with one weights format (safetensors first)."""
    weights = next((w for w in WEIGHT_FILES if w in files), WEIGHT_FILES[-1])
    return [*REQUIRED_FILES, *OPTIONAL_FILES, weights]


def hf_cache_snapshot(model: str) -> Path | None:
    """The Hugging Face cache's snapshot folder of hub id ``model``, without any network."""
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(model, local_files_only=True))
    except Exception:  # any miss or malformed cache means: not usable offline
        return None


def _cached_snapshot(model: str) -> Path | None:
    path = hf_cache_snapshot(model)
    return path if path is not None and not missing_files(path) else None


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
