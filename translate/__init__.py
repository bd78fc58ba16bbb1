"""kabar's translation engine: Indonesian article -> sentence-aligned English with scores.

Importing this package loads no model, no PyTorch and none of its modules: the names below
are imported on first use (PEP 562), so ``import kabar.translate.results`` does not pay
for the engine, its backends registry and the splitter. ``Translator.load`` loads a model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kabar._guard import only_as_kabar

only_as_kabar(__name__)  # first: a refused bare ``import translate`` does no work

if TYPE_CHECKING:
    from kabar.core.errors import InputError, KabarError, ModelNotFoundError, OptionsError
    from kabar.translate.engine import Translator
    from kabar.translate.options import TranslationOptions
    from kabar.translate.results import (
        ArticleTranslation,
        EngineInfo,
        ParagraphTranslation,
        SentenceTranslation,
    )

_HOMES = {
    "InputError": "kabar.core.errors",
    "KabarError": "kabar.core.errors",
    "ModelNotFoundError": "kabar.core.errors",
    "OptionsError": "kabar.core.errors",
    "Translator": "kabar.translate.engine",
    "TranslationOptions": "kabar.translate.options",
    "ArticleTranslation": "kabar.translate.results",
    "EngineInfo": "kabar.translate.results",
    "ParagraphTranslation": "kabar.translate.results",
    "SentenceTranslation": "kabar.translate.results",
}

__all__ = [
    "ArticleTranslation",
    "EngineInfo",
    "InputError",
    "KabarError",
    "ModelNotFoundError",
    "OptionsError",
    "ParagraphTranslation",
    "SentenceTranslation",
    "TranslationOptions",
    "Translator",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'kabar.translate' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
