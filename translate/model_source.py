"""Where the model files come from: a local folder, the Hugging Face cache, or the hub.

Resolving here (instead of letting ``from_pretrained`` try) turns "no model, no network"
into one clear message at once; transformers itself would retry the unreachable hub for
over a minute and then fail with a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.errors import ModelNotFoundError
from core.hub import hf_cache_snapshot, hub_unreachable_reason, looks_like_path, offline
from translate.families import ModelFamily, family_named, family_of_folder, family_of_hub_id

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-id-en"
MODEL_ENV = "KABAR_MODEL"


def default_model() -> str:
    """The model to use when none is given: ``$KABAR_MODEL`` or opus-mt-id-en."""
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def model_id(name: str) -> str:
    """The hub id of a short name (``nllb-600m``, see ``kabar models``) unless a folder of
    that name exists here; any other name unchanged."""
    from translate.models_catalog import hub_id_of

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
    return (
        f"the translation model '{model}' is not available: {reason}.\n"
        "Fix it in one of two ways:\n"
        f"  1. Where the internet is reachable, run `kabar download {model} --to DIR`\n"
        "     (or any kabar command once: the model is cached on first use), and bring DIR here.\n"
        "  2. Point kabar at a local copy: `kabar translate --model DIR ARTICLE.txt`\n"
        f"     (or set {MODEL_ENV}=DIR). DIR must hold: "
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
        return folder
    if looks_like_path(model):
        raise ModelNotFoundError(not_found_message(model, f"there is no folder {folder}"))
    cached = cached_model(model)
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
