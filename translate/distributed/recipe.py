"""A small, picklable description of an engine that builds it where it is called.

Remote workers receive one of these, not a loaded model: each builds its own Translator
once (the CTranslate2 conversion is cached per machine, and written atomically, so workers
on one machine convert once between them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from translate.engine import Translator
from translate.options import TranslationOptions


@dataclass(frozen=True, kw_only=True)
class TranslatorRecipe:
    """The arguments of ``Translator.load``; calling it loads that Translator."""

    model: str | None = None
    backend: str | None = None
    compute_type: str | None = None
    threads: int | None = None
    device: str = "cpu"
    options: TranslationOptions = field(default_factory=TranslationOptions)

    def __call__(self) -> Translator:
        return Translator.load(
            self.model,
            backend=self.backend,
            compute_type=self.compute_type,
            threads=self.threads,
            device=self.device,
            options=self.options,
        )
