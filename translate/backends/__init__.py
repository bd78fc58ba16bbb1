"""Translation backends: each turns batches of model-ready sentences into decoded ones.

The registry names each backend with what can be checked before it loads (its compute
types, its default); ``load(spec)`` of its module builds it. Add a backend: one module
with ``load(spec) -> Backend`` and one entry in ``BACKENDS``.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kabar.core import settings
from kabar.core.errors import KabarError, ModelNotFoundError, OptionsError
from kabar.translate.backends.base import check_device

if TYPE_CHECKING:
    from kabar.translate.backends.base import Backend
    from kabar.translate.spec import EngineSpec


@dataclass(frozen=True)
class BackendKind:
    """A backend as the registry knows it.

    module: imported only to load; it defines ``load(spec) -> Backend``.
    requires: the package that must be installed for it.
    compute_types: the precisions it can run weights in (which of them a device supports
        is checked when it loads); default_compute_type: used when none is asked for.
    wrong_compute_type: what to say when another precision is asked for.
    """

    name: str
    module: str
    requires: str
    compute_types: tuple[str, ...]
    default_compute_type: str
    wrong_compute_type: str

    def installed(self) -> bool:
        return importlib.util.find_spec(self.requires) is not None

    def check_compute_type(self, compute_type: str | None) -> str:
        """``compute_type`` (or the default) if this backend knows it; else OptionsError."""
        chosen = compute_type or self.default_compute_type
        if chosen not in self.compute_types:
            choices = ", ".join(self.compute_types)
            raise OptionsError(self.wrong_compute_type.format(chosen=chosen, choices=choices))
        return chosen

    def resolve_device(self, device: str) -> str:
        """``device`` with ``auto`` decided and CUDA checked (OptionsError when absent)."""
        check_device(device)
        if device == "cpu":
            return device
        resolved: str = importlib.import_module(self.module).resolve_device(device)
        return resolved

    def load(self, spec: EngineSpec) -> Backend:
        """The backend, loaded; ModelNotFoundError (naming the file when it can) when the
        libraries fail on the model's files, which ``resolve_model`` checks only for what
        can be told cheaply (a config naming no model, weights cut short)."""
        module = importlib.import_module(self.module)
        try:
            backend: Backend = module.load(spec)
        except KabarError:
            raise
        except Exception as error:  # torch, safetensors, transformers, CTranslate2 errors
            from kabar.translate.model_source import unloadable_message

            raise ModelNotFoundError(unloadable_message(spec.model, error)) from None
        return backend


BACKENDS: dict[str, BackendKind] = {
    "ctranslate2": BackendKind(
        name="ctranslate2",
        module="kabar.translate.backends.ctranslate2",
        requires="ctranslate2",
        compute_types=(
            "int8",
            "int8_float32",
            "int8_float16",
            "int8_bfloat16",
            "int16",
            "float16",
            "bfloat16",
            "float32",
        ),
        # Chosen by measurement: see DEFAULT_COMPUTE_TYPE in
        # kabar.translate.backends.ctranslate2.devices.
        default_compute_type="int8",
        wrong_compute_type="unknown compute type {chosen!r} for CTranslate2; choose one of: "
        "{choices}",
    ),
    "transformers": BackendKind(
        name="transformers",
        module="kabar.translate.backends.transformers",
        requires="torch",
        compute_types=("float32",),
        default_compute_type="float32",
        wrong_compute_type="the transformers backend computes in float32 only (not "
        "{chosen!r}); use --backend ctranslate2 for int8",
    ),
}


def backend_kind(name: str) -> BackendKind:
    """The registered backend ``name``; OptionsError listing the choices otherwise."""
    try:
        return BACKENDS[name]
    except KeyError:
        raise OptionsError(
            f"unknown backend {name!r}; choose one of: {', '.join(BACKENDS)}"
        ) from None


def default_backend() -> str:
    """``$KABAR_BACKEND``, else CTranslate2 where it is installed (several times faster at
    the same translations, see the README), else transformers."""
    chosen = settings.value(settings.BACKEND)
    if chosen:
        if chosen not in BACKENDS:
            raise OptionsError(
                f"{settings.BACKEND.name}={chosen!r} is not a backend; choose one of: "
                f"{', '.join(BACKENDS)}"
            )
        return chosen
    return "ctranslate2" if BACKENDS["ctranslate2"].installed() else "transformers"
