"""Model families: what differs between seq2seq translation models of the same engine.

A family is chosen from ``config.json``'s ``model_type`` and owns its tokenizer and model
classes, the files a model folder must hold, and the tokens it adds around a sentence
(a target-language token on the source, a forced first target token) that never reach a
translation. Add a family: one module declaring ``FAMILY`` and one line in
``FAMILY_MODULES``.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import ModelNotFoundError

FAMILY_MODULES = ("translate.families.marian",)
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


@dataclass(frozen=True)
class ModelFamily:
    """One family of translation models.

    model_types: the ``model_type`` values of its ``config.json``.
    hub_patterns: regular expressions of hub ids known to be of this family (so a model
        can be named before its files are on this machine).
    required_files, optional_files: what a model folder holds besides the weights
        (``WEIGHT_FILES``, one of them).
    tokenizer_class, model_class: the transformers classes, by name (imported on load).
    source_prefix: tokens put before every source sentence (e.g. a target-language
        token); target_prefix: tokens the decoder is forced to start with. Neither is
        ever part of a translation or of its confidence.
    """

    name: str
    model_types: tuple[str, ...]
    hub_patterns: tuple[str, ...]
    required_files: tuple[str, ...]
    optional_files: tuple[str, ...]
    tokenizer_class: str
    model_class: str
    source_prefix: tuple[str, ...] = ()
    target_prefix: tuple[str, ...] = ()

    def missing_files(self, folder: Path) -> list[str]:
        """The files ``folder`` lacks to hold a model of this family (empty: complete)."""
        missing = [name for name in self.required_files if not (folder / name).is_file()]
        if not any((folder / name).is_file() for name in WEIGHT_FILES):
            missing.append(" or ".join(WEIGHT_FILES))
        return missing

    def files_hint(self) -> str:
        """The files a folder must hold, for messages."""
        weights = " (or ".join(WEIGHT_FILES) + ")"
        first, *rest = self.required_files
        return ", ".join((first, weights, *rest, *self.optional_files[:1]))

    def download_patterns(self, files: list[str]) -> list[str]:
        """What to fetch from a hub repository holding ``files``: every file the family
        needs, and one weights format (safetensors first)."""
        weights = next((w for w in WEIGHT_FILES if w in files), WEIGHT_FILES[-1])
        return [*self.required_files, *self.optional_files, weights]

    def load_tokenizer(self, folder: Path) -> Any:
        import transformers

        return getattr(transformers, self.tokenizer_class).from_pretrained(str(folder))

    def load_model(self, folder: Path) -> Any:
        import transformers

        return getattr(transformers, self.model_class).from_pretrained(str(folder))


@functools.cache
def families() -> dict[str, ModelFamily]:
    """Family name -> family, from ``FAMILY_MODULES`` (imported on first use)."""
    found: dict[str, ModelFamily] = {}
    for module in FAMILY_MODULES:
        family: ModelFamily = importlib.import_module(module).FAMILY
        found[family.name] = family
    return found


def family_named(name: str) -> ModelFamily:
    try:
        return families()[name]
    except KeyError:
        known = ", ".join(families())
        raise ModelNotFoundError(f"unknown model family {name!r}; kabar knows: {known}") from None


def family_of_folder(folder: Path) -> ModelFamily | None:
    """The family of the model in ``folder``, from its ``config.json`` (None when it names
    no model type). Raises ModelNotFoundError naming the file when it is missing, not
    JSON, or of a model type kabar does not translate with."""
    config = folder / "config.json"
    try:
        model_type = json.loads(config.read_text(encoding="utf-8")).get("model_type")
    except FileNotFoundError:
        raise ModelNotFoundError(f"the model folder {folder} has no config.json") from None
    except (OSError, UnicodeDecodeError, ValueError, AttributeError) as error:
        raise ModelNotFoundError(
            f"the model's {config} is damaged or not JSON ({error}); copy the model folder "
            "again, or download it again with `kabar download`."
        ) from None
    if model_type is None:
        return None
    for family in families().values():
        if model_type in family.model_types:
            return family
    types = ", ".join(t for f in families().values() for t in f.model_types)
    raise ModelNotFoundError(
        f"{config} describes a {model_type!r} model; kabar translates with: {types}."
    )


def family_of_hub_id(model_id: str) -> ModelFamily | None:
    """The family a hub id is known to be of, or None."""
    for family in families().values():
        if any(re.search(pattern, model_id) for pattern in family.hub_patterns):
            return family
    return None
