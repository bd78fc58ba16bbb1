"""The CTranslate2 backend: the same model (MarianMT, NLLB-200, M2M100), converted once,
decoded by CTranslate2.

CTranslate2 (https://opennmt.net/CTranslate2) runs Transformer inference in C++ with int8
weights; on a laptop CPU it decodes opus-mt several times faster than PyTorch. The package
is cut along its seams:

- ``conversion``: the Hugging Face model converted once into a cache folder keyed by
  model, family, compute type and converter version;
- ``devices``: the device and compute type this machine's CTranslate2 can run;
- ``search``: the rows cut into the workers' jobs, the next batches searched ahead;
- ``backend``: ``CTranslate2Backend``, which owns the translator and the tokenizer its
  model family gives (``ModelFamily.load_pieces``: Marian's from sentencepiece and
  vocab.json alone, without importing transformers and torch).

This module is what the registry (``kabar.translate.backends.BACKENDS``) loads:
``load(spec)`` and ``resolve_device(device)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kabar.core.errors import ModelNotFoundError
from kabar.translate.backends.base import BackendSource
from kabar.translate.backends.ctranslate2.backend import CTranslate2Backend
from kabar.translate.backends.ctranslate2.conversion import (
    ConversionError,
    converted_model,
    is_ctranslate2_model,
)
from kabar.translate.backends.ctranslate2.devices import (
    COMPUTE_TYPES,
    DEFAULT_COMPUTE_TYPE,
    check_compute_type,
    resolve_device,
)
from kabar.translate.families import family_named
from kabar.translate.model_source import family_for, resolve_model

if TYPE_CHECKING:
    from kabar.translate.spec import EngineSpec

__all__ = [
    "COMPUTE_TYPES",
    "DEFAULT_COMPUTE_TYPE",
    "CTranslate2Backend",
    "ConversionError",
    "converted_model",
    "is_ctranslate2_model",
    "load",
    "load_ctranslate2_backend",
    "resolve_device",
]


def load(spec: EngineSpec) -> CTranslate2Backend:
    """The backend ``spec`` describes (see ``load_ctranslate2_backend``)."""
    return load_ctranslate2_backend(
        spec.model,
        threads=spec.threads,
        device=spec.device,
        compute_type=spec.compute_type,
        family=spec.family,
    )


def load_ctranslate2_backend(
    model: str,
    *,
    threads: int | None = None,
    device: str = "cpu",
    compute_type: str | None = None,
    family: str | None = None,
) -> CTranslate2Backend:
    """A CTranslate2 backend for ``model`` (hub id, Hugging Face folder or CTranslate2 folder).

    A folder that already holds a CTranslate2 model (with the tokenizer files beside it) is
    used as is; anything else is resolved like the transformers backend does and converted
    on first use into the cache (``kabar.core.settings.conversions_cache``). Raises
    OptionsError for a compute type or device this machine cannot run, ModelNotFoundError
    for a missing model, ConversionError when the converter fails.
    """
    compute = compute_type or DEFAULT_COMPUTE_TYPE
    resolved_device = resolve_device(device)
    check_compute_type(compute, resolved_device)
    folder = Path(model).expanduser()
    if folder.is_dir() and is_ctranslate2_model(folder):
        kind = family_named(family) if family else family_for(model, folder)
        files = kind.tokenizer_files()
        missing = [name for name in kind.required_files if name in files]
        missing = [name for name in missing if not (folder / name).is_file()]
        if missing:
            raise ModelNotFoundError(
                f"the CTranslate2 model folder {folder} lacks the {kind.name} tokenizer files "
                f"{', '.join(missing)}. Convert with `ct2-transformers-converter --model "
                f"MODEL --output_dir {folder} --copy_files {' '.join(files)}`, or copy them "
                "from the Hugging Face model folder."
            )
        converted = folder
    else:
        source = resolve_model(model)
        kind = family_for(model, source)
        converted = converted_model(source, model_id=model, compute_type=compute, family=kind)
    return CTranslate2Backend(
        BackendSource(
            converted, model_id=model, threads=threads, device=resolved_device, family=kind
        ),
        compute_type=compute,
    )
