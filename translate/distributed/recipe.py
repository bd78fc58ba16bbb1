"""A small, picklable description of an engine that builds it where it is called.

Remote workers receive one of these, not a loaded model: each builds its own Translator
once from the resolved ``EngineSpec`` (the CTranslate2 conversion is cached per machine,
and written atomically, so workers on one machine convert once between them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kabar.translate.engine import Translator
from kabar.translate.spec import EngineSpec


@dataclass(frozen=True)
class TranslatorRecipe:
    """``Translator.load(spec)``, to be called where the translator is to live."""

    spec: EngineSpec

    @classmethod
    def resolve(cls, model: str | None = None, **choices: Any) -> TranslatorRecipe:
        """The recipe of ``EngineSpec.resolve(model, **choices)``."""
        return cls(EngineSpec.resolve(model, **choices))

    def __call__(self) -> Translator:
        return Translator.load(self.spec)
