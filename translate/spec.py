"""EngineSpec: one frozen, fully resolved description of the engine, built once.

Every surface (CLI, UI, eval, the folder job) builds it with ``EngineSpec.resolve`` from
what the user gave (options, environment, defaults) and hands it to ``Translator.load``;
results echo it (``EngineInfo``) and the folder job's manifest stores its fingerprint,
so the default spelled out, or a model folder spelled another way, is the same engine.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kabar.core.errors import ModelNotFoundError
from kabar.core.hub import hf_cache_snapshot, looks_like_path
from kabar.translate.backends import backend_kind, default_backend
from kabar.translate.backends.base import resolve_threads
from kabar.translate.families import family_of_folder, family_of_hub_id
from kabar.translate.model_source import default_model, model_id
from kabar.translate.options import TranslationOptions

HUB_REVISION = "main"


@dataclass(frozen=True, kw_only=True)
class EngineSpec:
    """What translates, resolved.

    model: an absolute folder path, or a hub id; revision: the hub revision (None for a
        folder). family: the model family when it can be known before loading (from the
        folder's or the cache's config.json, or the hub id), else None until loaded.
    backend, compute_type (that backend's default when not asked for), device (``auto``
    decided), threads (every core this process may use when not asked for), options.
    """

    model: str
    revision: str | None
    family: str | None
    backend: str
    compute_type: str
    device: str
    threads: int
    options: TranslationOptions = field(default_factory=TranslationOptions)

    @classmethod
    def resolve(
        cls,
        model: str | None = None,
        *,
        backend: str | None = None,
        compute_type: str | None = None,
        device: str = "cpu",
        threads: int | None = None,
        options: TranslationOptions | None = None,
        revision: str | None = None,
    ) -> EngineSpec:
        """The spec for these choices (None: ``$KABAR_MODEL``/``$KABAR_BACKEND`` or the
        default; a short name such as ``nllb-600m`` becomes its hub id). Raises
        OptionsError for a backend, compute type, device or thread count that cannot be
        used; loads nothing."""
        kind = backend_kind(backend or default_backend())
        name = model_id(model or default_model())
        folder = Path(name).expanduser()
        local: Path | None = folder
        if folder.is_dir() or looks_like_path(name):
            name, revision = str(folder.resolve()), None
        else:
            revision = revision or HUB_REVISION
            local = hf_cache_snapshot(name)
        return cls(
            model=name,
            revision=revision,
            family=_family(name, local),
            backend=kind.name,
            compute_type=kind.check_compute_type(compute_type),
            device=kind.resolve_device(device),
            threads=resolve_threads(threads),
            options=options or TranslationOptions(),
        )

    def fingerprint(self) -> dict[str, Any]:
        """What decides the translations: the folder job reruns an input when it changes.
        Threads are left out (they change the speed, not the output); the family follows
        from the model."""
        options = asdict(self.options)
        # As JSON has it (the manifest compares with what it read back), and only when
        # given, so that folders translated before glossaries existed are not redone.
        glossary = [list(pair) for pair in options.pop("glossary")]
        return {
            "model": self.model,
            "revision": self.revision,
            "backend": self.backend,
            "compute_type": self.compute_type,
            "device": self.device,
            **options,
            **({"glossary": glossary} if glossary else {}),
        }

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "options": asdict(self.options)}


def _family(model: str, local: Path | None) -> str | None:
    if local is not None and (local / "config.json").is_file():
        try:
            found = family_of_folder(local)
        except ModelNotFoundError:  # a damaged config is reported when the model loads
            return None
        if found is not None:
            return found.name
    family = family_of_hub_id(model)
    return family.name if family is not None else None
