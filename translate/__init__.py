"""kabar's translation engine: Indonesian article -> sentence-aligned English with scores.

Importing this package loads no model and no PyTorch: ``Translator.load`` does that.
"""

from core.errors import InputError, KabarError, ModelNotFoundError, OptionsError
from translate.engine import Translator
from translate.options import TranslationOptions
from translate.results import (
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
