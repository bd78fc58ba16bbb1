"""kabar: Indonesian→English news translation and briefing, sentence by sentence.

    from kabar import Summarizer, Translator, translate_and_brief
    translator = Translator.load(beam_size=4)  # opus-mt-id-en (or $KABAR_MODEL, or a folder)
    article, brief = translate_and_brief(translator, Summarizer.load(), text)
    for s in article.sentences:
        print(s.translation, s.confidence, s.flags)

Many articles: ``translator.translate_iter(texts)`` yields each ``ArticleTranslation`` as
its batch finishes; ``read_article(path, name=...)`` reads text, HTML or .docx under the
CLI's rules. docs/python.md has the whole tour.

Importing ``kabar`` does no work: each name below is imported on first use (PEP 562), so
``kabar split`` never loads numpy or torch. Type checkers see the real types.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kabar.core.errors import InputError, KabarError, ModelNotFoundError, OptionsError
    from kabar.core.reading import Article, read_article
    from kabar.summarize.engine import Summarizer
    from kabar.summarize.options import BriefLength
    from kabar.summarize.results import Brief, BriefLine
    from kabar.translate.briefing import BriefedArticle, Briefer, brief_of, translate_and_brief
    from kabar.translate.engine import Translator
    from kabar.translate.options import TranslationOptions
    from kabar.translate.results import (
        ArticleTranslation,
        EngineInfo,
        ParagraphTranslation,
        SentenceTranslation,
    )
    from kabar.translate.spec import EngineSpec

_HOMES = {
    "Translator": "kabar.translate.engine",
    "translate_and_brief": "kabar.translate.briefing",
    "brief_of": "kabar.translate.briefing",
    "BriefedArticle": "kabar.translate.briefing",
    "Briefer": "kabar.translate.briefing",
    "read_article": "kabar.core.reading",
    "Article": "kabar.core.reading",
    "TranslationOptions": "kabar.translate.options",
    "EngineSpec": "kabar.translate.spec",
    "ArticleTranslation": "kabar.translate.results",
    "ParagraphTranslation": "kabar.translate.results",
    "SentenceTranslation": "kabar.translate.results",
    "EngineInfo": "kabar.translate.results",
    "Summarizer": "kabar.summarize.engine",
    "BriefLength": "kabar.summarize.options",
    "Brief": "kabar.summarize.results",
    "BriefLine": "kabar.summarize.results",
    "KabarError": "kabar.core.errors",
    "InputError": "kabar.core.errors",
    "ModelNotFoundError": "kabar.core.errors",
    "OptionsError": "kabar.core.errors",
}

__all__ = [
    "Article",
    "ArticleTranslation",
    "Brief",
    "BriefLength",
    "BriefLine",
    "BriefedArticle",
    "Briefer",
    "EngineInfo",
    "EngineSpec",
    "InputError",
    "KabarError",
    "ModelNotFoundError",
    "OptionsError",
    "ParagraphTranslation",
    "SentenceTranslation",
    "Summarizer",
    "TranslationOptions",
    "Translator",
    "brief_of",
    "read_article",
    "translate_and_brief",
]


def _lazy_names(
    package: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The PEP 562 ``__getattr__`` and ``__dir__`` of ``package``, whose names in ``homes``
    (name -> module) are imported on first use; kabar.translate makes its pair here too."""

    def getattr_(name: str) -> Any:
        if name in homes:
            return getattr(importlib.import_module(homes[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def dir_() -> list[str]:
        return sorted([*vars(sys.modules[package]), *homes])

    return getattr_, dir_


__getattr__, __dir__ = _lazy_names(__name__, _HOMES)
