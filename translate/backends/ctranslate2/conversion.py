"""The conversion cache: a Hugging Face model converted once into a CTranslate2 model folder.

CTranslate2's own ``TransformersConverter`` converts the model on first use into the cache
(``kabar.core.settings.conversions_cache``), one folder per model, family, compute type and
fingerprint (``_cache_name``); the conversion writes a temporary folder and renames it into
place, so an interrupted conversion never leaves a half-written model where the next run
would load it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from kabar.core import settings
from kabar.core.errors import KabarError, ModelNotFoundError
from kabar.core.hub import looks_like_path
from kabar.translate.families import WEIGHT_FILES, ModelFamily
from kabar.translate.model_source import family_for, unloadable_message

CT2_MODEL_FILES = ("model.bin", "config.json")
# Abandoned temporary folders (a conversion killed mid-way) older than this are removed.
_STALE_SECONDS = 3600.0


class ConversionError(KabarError):
    """The model could not be converted to the CTranslate2 format."""


def is_ctranslate2_model(folder: Path) -> bool:
    """A folder holding a converted CTranslate2 model (``model.bin`` and its config)."""
    return all((folder / name).is_file() for name in CT2_MODEL_FILES)


def converted_model(
    source: Path,
    *,
    model_id: str,
    compute_type: str,
    cache: Path | None = None,
    family: ModelFamily | None = None,
) -> Path:
    """The CTranslate2 conversion of the Hugging Face folder ``source`` (a model of
    ``family``, default: its config's), converting it now if the cache does not hold it
    yet. Returns the converted folder."""
    import ctranslate2

    if family is None:
        try:
            family = family_for(model_id, source)
        except ModelNotFoundError as error:
            # No family reads it, on either backend: name the file, suggest no backend.
            raise ConversionError(unloadable_message(str(source), error)) from None
    name = _cache_name(source, model_id, compute_type, family)
    target = settings.conversions_cache(cache) / name
    if is_ctranslate2_model(target):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_partials(target)
        if target.exists() and not is_ctranslate2_model(target):
            shutil.rmtree(target)  # damaged by hand (files deleted): convert afresh
        partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    except OSError as error:
        raise ConversionError(
            f"cannot write the CTranslate2 cache {target.parent} ({error}); "
            f"set {settings.CACHE.name} to a writable folder"
        ) from None
    try:
        _convert(source, partial / "model", compute_type, ctranslate2, family)
        try:
            os.rename(partial / "model", target)
        except OSError:
            # Another process finished the same conversion first: use its result.
            if not is_ctranslate2_model(target):
                raise
    except OSError as error:
        raise ConversionError(
            f"converting {source} into the CTranslate2 cache {target.parent} failed ({error}); "
            f"set {settings.CACHE.name} to a writable folder with room for the model"
        ) from None
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


def _convert(
    source: Path, output: Path, compute_type: str, ctranslate2: Any, family: ModelFamily
) -> None:
    from transformers.utils import logging as hf_logging

    class FamilyConverter(ctranslate2.converters.TransformersConverter):  # type: ignore[misc]
        # The family's tokenizer: under transformers 5, M2M100's own leaves its language
        # tokens out of the vocabulary, which the converter then finds too small.
        def load_tokenizer(self, tokenizer_class: Any, path: str, **kwargs: Any) -> Any:
            return family.load_tokenizer(Path(path))

    copy = [n for n in family.tokenizer_files() if (source / n).is_file()]
    converter = FamilyConverter(str(source), copy_files=copy)
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # a one-off step
    try:
        converter.convert(str(output), quantization=compute_type, force=True)
    except NotImplementedError as error:  # a model feature CTranslate2 lacks
        raise ConversionError(
            f"CTranslate2 cannot convert the model in {source} ({error}); "
            "use --backend transformers"
        ) from None
    except (ValueError, RuntimeError) as error:
        # A problem of the files, which transformers would read no better: no other backend
        # to suggest; the message names the file when it can.
        raise ConversionError(unloadable_message(str(source), error)) from None
    finally:
        if bars:
            hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]


def _cache_name(
    source: Path, model_id: str, compute_type: str, family: ModelFamily | None = None
) -> str:
    """``<model>-<family>-<compute type>-<fingerprint>``: a new download or a newer
    converter gets a new folder instead of a stale conversion."""
    import ctranslate2

    family = family or family_for(model_id, source)
    # A hub id keeps its organisation; a local folder is named by its last component.
    name = source.name if looks_like_path(model_id) else model_id
    slug = re.sub(r"[^A-Za-z0-9._-]+", "--", name).strip("-.") or "model"
    digest = hashlib.sha256(f"ctranslate2 {ctranslate2.__version__}\n".encode())
    digest.update(str(source.resolve()).encode())
    for name in (*WEIGHT_FILES, "config.json", *family.tokenizer_files()):
        path = source / name
        if path.is_file():
            stat = path.stat()
            digest.update(f"\n{name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return f"{slug[-80:]}-{family.name}-{compute_type}-{digest.hexdigest()[:12]}"


def _remove_stale_partials(target: Path) -> None:
    now = time.time()
    for partial in target.parent.glob(f".{target.name}.partial-*"):
        try:
            if now - partial.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(partial, ignore_errors=True)
        except OSError:
            continue  # removed by another process meanwhile
