"""What this machine's CTranslate2 can run: the device (``auto`` decided, CUDA checked) and
the compute type, both asked of CTranslate2 when a model loads."""

from __future__ import annotations

from kabar.core.errors import OptionsError
from kabar.translate.backends import BACKENDS
from kabar.translate.backends.base import check_device

# What CTranslate2 can run weights in (the registry's list); which ones a device supports
# is asked at load time.
COMPUTE_TYPES = BACKENDS["ctranslate2"].compute_types
# Chosen by measurement (README; `python -m kabar.eval.measure.bench_engines`, `python -m
# kabar.eval.measure.equivalence`): int8 is 2.2x faster than float32 at 69% of its memory, and
# gave float32's greedy translation for 97% of 200 FLORES sentences, parting only where
# float32's two best tokens were within 0.006 nats of each other (random weights;
# --compute-type float32 matches transformers).
DEFAULT_COMPUTE_TYPE = "int8"


def resolve_device(device: str) -> str:
    """``device`` with ``auto`` decided; OptionsError when CUDA is asked for and absent."""
    import ctranslate2

    check_device(device)
    cuda = ctranslate2.get_cuda_device_count() > 0
    if device == "auto":
        return "cuda" if cuda else "cpu"
    if device.startswith("cuda") and not cuda:
        raise OptionsError(f"device {device!r} requested but CUDA is not available; use cpu")
    return device


def check_compute_type(compute_type: str, device: str) -> None:
    """OptionsError listing the choices when ``device`` cannot compute in ``compute_type``."""
    import ctranslate2

    supported = sorted(ctranslate2.get_supported_compute_types(device.split(":")[0]))
    if compute_type not in COMPUTE_TYPES or compute_type not in supported:
        raise OptionsError(
            f"compute type {compute_type!r} is not available on {device}; "
            f"choose one of: {', '.join(t for t in COMPUTE_TYPES if t in supported)}"
        )
