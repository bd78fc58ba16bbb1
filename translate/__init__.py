"""kabar's translation engine: Indonesian article -> sentence-aligned English with scores.

Importing this package loads no model, no PyTorch and none of its modules: the names below
are imported on first use (PEP 562), so ``import kabar.translate.results`` does not pay
for the engine, its backends registry and the splitter. ``Translator.load`` loads a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kabar import _HOMES, _lazy_names
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


# kabar's front door names these too: one table of where each lives, kabar's.
__getattr__, __dir__ = _lazy_names(__name__, {name: _HOMES[name] for name in __all__})
