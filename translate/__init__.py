"""kabar's translation engine: Indonesian article -> sentence-aligned English with scores.

Importing this package loads no model and no PyTorch: ``Translator.load`` does that.
"""

from kabar._guard import only_as_kabar
from kabar.core.errors import InputError, KabarError, ModelNotFoundError, OptionsError
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from kabar.translate.results import (
    ArticleTranslation,
    EngineInfo,
    ParagraphTranslation,
    SentenceTranslation,
)

only_as_kabar(__name__)

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
