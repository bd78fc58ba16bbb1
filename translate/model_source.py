"""Where the model files come from: a local folder, the Hugging Face cache, or the hub.

Resolving here (instead of letting ``from_pretrained`` try) turns "no model, no network"
into one clear message at once; transformers itself would retry the unreachable hub for
over a minute and then fail with a traceback.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import IO

from kabar.core import settings
from kabar.core.errors import ModelNotFoundError
from kabar.core.hub import hf_cache_snapshot, hub_unreachable_reason, looks_like_path, offline
from kabar.translate.families import (
    WEIGHT_FILES,
    ModelFamily,
    family_named,
    family_of_folder,
    family_of_hub_id,
)

# The catalog is a table; finding its models on this machine is this module's job, so the
# import points one way (the catalog imports nothing of kabar's).
from kabar.translate.models_catalog import KNOWN_MODELS, ModelStatus, hub_id_of

DEFAULT_MODEL = settings.MODEL.default


def default_model() -> str:
    """The model to use when none is given: ``$KABAR_MODEL`` or opus-mt-id-en."""
    return settings.value(settings.MODEL) or DEFAULT_MODEL


def model_id(name: str) -> str:
    """The hub id of a short name (``nllb-600m``, see ``kabar models``) unless a folder of
    that name exists here; any other name unchanged."""
    return name if Path(name).expanduser().is_dir() else hub_id_of(name)


def family_for(model: str, folder: Path | None = None) -> ModelFamily:
    """The family of ``model``: from ``folder``'s config.json when it has one, else the
    family its hub id is known by, else Marian (the default model's)."""
    found = None
    if folder is not None and (folder / "config.json").is_file():
        found = family_of_folder(folder)
    return found or family_of_hub_id(model) or family_named("marian")


def missing_files(folder: Path) -> list[str]:
    """The files a model folder lacks for its family (empty when it is complete)."""
    return family_for(str(folder), folder).missing_files(folder)


def not_found_message(model: str, reason: str, family: ModelFamily | None = None) -> str:
    # A folder is no hub id: `kabar download /some/folder` would make no sense.
    hub_id = f"MODEL (e.g. {DEFAULT_MODEL})" if _is_folder(model) else model
    return (
        f"the translation model '{model}' is not available: {reason}.\n"
        "Fix it in one of two ways:\n"
        f"  1. Where the internet is reachable, run `kabar download {hub_id} --to DIR`\n"
        "     (or any kabar command once: the model is cached on first use), and bring DIR here.\n"
        "  2. Point kabar at a local copy: `kabar translate --model DIR ARTICLE.txt`\n"
        f"     (or set {settings.MODEL.name}=DIR). DIR must hold: "
        f"{(family or family_for(model)).files_hint()}."
    )


def resolve_model(model: str) -> Path:
    """A local folder holding the model's files, downloading them if needed and possible.

    Raises ModelNotFoundError (with what to do) when the folder is incomplete, or the model
    is neither cached nor downloadable.
    """
    folder = Path(model).expanduser()
    if folder.is_dir():
        family = family_for(model, folder)
        lacking = family.missing_files(folder)
        if lacking:
            reason = f"the folder {folder} lacks {', '.join(lacking)}"
            raise ModelNotFoundError(not_found_message(model, reason, family))
        check_model_files(folder, model)
        return folder
    if looks_like_path(model):
        # A path, not a hub id: downloading it means nothing; the path is what to check.
        raise ModelNotFoundError(
            f"the translation model '{model}' is not available: there is no folder {folder}. "
            "Check the path; --model takes a model folder or a hub id such as "
            "Helsinki-NLP/opus-mt-id-en (`kabar models` lists the known ones)."
        )
    cached = cached_model(model)
    if cached is not None:
        check_model_files(cached, model)
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
        patterns = _download_patterns(files, model)
        path = snapshot_download(
            model, local_dir=str(to) if to is not None else None, allow_patterns=patterns
        )
    # The hub client raises its own HTTP errors, its transport's (httpx) and OSError; at
    # this edge every one of them means the same thing to the user: no model.
    except Exception as error:
        reason = f"the download failed ({type(error).__name__}: {error})"
        raise ModelNotFoundError(not_found_message(model, reason)) from None
    return Path(path)


def _download_patterns(files: list[str], model: str = "") -> list[str]:
    """Every file the model's family needs, with one weights format."""
    return family_for(model).download_patterns(files)


def cached_model(model: str) -> Path | None:
    """The complete copy of hub id ``model`` in the Hugging Face cache, or None (no
    network)."""
    path = hf_cache_snapshot(model)
    return path if path is not None and not missing_files(path) else None


def model_statuses() -> list[ModelStatus]:
    """Every known model (``models_catalog``), with its complete copy in the Hugging Face
    cache if there is one (looked up without any network)."""
    return [ModelStatus(m, cached_model(m.hub_id)) for m in KNOWN_MODELS]


def check_model_files(folder: Path, model: str) -> None:
    """ModelNotFoundError naming the file when a complete-looking Hugging Face model folder
    holds a file that cannot be what it claims: a ``config.json`` naming no model type, a
    weights file cut short (a copy by hand or a download that stopped). Reads only the
    files' heads and sizes; the libraries would fail later with a traceback instead."""
    config = folder / "config.json"
    family_of_folder(folder)  # raises, naming the file, for a config that is not JSON
    if "model_type" not in _read_config(config):
        raise ModelNotFoundError(
            f"the model's {config} names no model_type (a Hugging Face model's config.json "
            'says e.g. "model_type": "marian"): it is damaged or not this model\'s. '
            f"{_copy_again(model)}"
        )
    for name in WEIGHT_FILES:
        path = folder / name
        problem = _weights_problem(path) if path.is_file() else None
        if problem:
            raise ModelNotFoundError(
                f"the model file {path} is damaged or incomplete ({problem}). {_copy_again(model)}"
            )


def unloadable_message(model: str, error: Exception) -> str:
    """What to say when a backend's libraries fail on a model folder that passed
    ``check_model_files``: which file is at fault when it can be told, and never a switch
    of backend (both read the same files)."""
    folder = Path(model).expanduser()
    local = folder if folder.is_dir() else hf_cache_snapshot(model)
    detail = f"{type(error).__name__}: {' '.join(str(error).split())[:300]}"
    config_problem = _config_problem(local) if local is not None else None
    if config_problem is not None:
        return (
            f"the model's {local / 'config.json' if local else 'config.json'} is not a valid "
            f"model configuration ({config_problem}). {_copy_again(model)}"
        )
    where = f"the model in {local}" if local is not None else f"the model {model!r}"
    return (
        f"{where} cannot be loaded ({detail}): its config.json does not fit its weights, or "
        f"one of its files is damaged. {_copy_again(model)}"
    )


def _is_folder(model: str) -> bool:
    return looks_like_path(model) or Path(model).expanduser().is_dir()


def _copy_again(model: str) -> str:
    if _is_folder(model):
        return (
            "Copy the model folder again from where it came from, or download it again with "
            "`kabar download MODEL --to DIR`."
        )
    return f"Download it again: `kabar download {model}` (after deleting the cached copy)."


def _weights_problem(path: Path) -> str | None:
    """Why the weights file at ``path`` cannot be whole, or None when its size fits what
    its own header promises (safetensors) or its archive directory is readable (a
    PyTorch zip ``.bin``)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
            if path.suffix == ".safetensors":
                return _safetensors_problem(handle, head, size)
            if head.startswith(b"PK\x03\x04"):
                try:
                    with zipfile.ZipFile(handle):
                        return None
                except zipfile.BadZipFile:
                    return f"{size:,} bytes, and the archive's directory at its end is missing"
            return None if size else "it is empty"
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"


def _safetensors_problem(handle: IO[bytes], head: bytes, size: int) -> str | None:
    # The format: an 8-byte little-endian header length, a JSON header giving each
    # tensor's byte range, then the data, which must end exactly at the end of the file.
    if len(head) < 8:
        return f"{size:,} bytes: not even a header"
    length = int.from_bytes(head, "little")
    if length > size - 8:
        return f"{size:,} bytes, but its header alone claims {length + 8:,}"
    try:
        header = json.loads(handle.read(length))
        end = max(
            (int(t["data_offsets"][1]) for k, t in header.items() if k != "__metadata__"),
            default=0,
        )
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return "its header is not readable"
    expected = 8 + length + end
    if expected != size:
        return f"{size:,} bytes where its header promises {expected:,}"
    return None


def _config_problem(folder: Path) -> str | None:
    """The transformers configuration class's complaint about ``folder/config.json``, or
    None when it accepts the file."""
    try:
        import transformers

        transformers.AutoConfig.from_pretrained(str(folder))
    except ImportError:
        return None
    except Exception as error:  # the library's own validation errors, of many types
        return " ".join(str(error).split())[:300]
    return None


def _read_config(config: Path) -> dict[str, object]:
    """``config.json`` as a dict ({} when it is missing or not an object)."""
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
