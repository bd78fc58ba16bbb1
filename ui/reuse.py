"""The page's translations, reused when the upload is written back in its own kind.

An uploaded .docx is translated twice over otherwise: once as the article on the page,
once as a document (``kabar.translate.documents.single``). ``PageSentences`` stands in
for the engine in that second pass: a sentence the page already shows comes back exactly
as the page shows it (so the file holds what the reader checked on the page), and only
the others (a header, a footer, a footnote, a table cell the article did not have) go to
the model.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from kabar.core.splitter import segment
from kabar.translate.assembly import place_article
from kabar.translate.results import ArticleTranslation, EngineInfo, SentenceTranslation

if TYPE_CHECKING:
    from kabar.translate.engine import Progress, Translator
    from kabar.translate.glossary import Glossary


def _key(source: str) -> str:
    return " ".join(source.split())


class PageSentences:
    """``translate_article`` over ``engine``, the sentences of ``page`` already known."""

    def __init__(self, engine: Translator, page: ArticleTranslation) -> None:
        self.engine = engine
        self.known: dict[str, SentenceTranslation] = {_key(s.source): s for s in page.sentences}

    @property
    def info(self) -> EngineInfo:
        return self.engine.info

    def translate_article(
        self, text: str, *, progress: Progress | None = None, glossary: Glossary | None = None
    ) -> ArticleTranslation:
        began = time.perf_counter()
        paragraphs = segment(text)
        sources = [text[s.start : s.end] for p in paragraphs for s in p.sentences]
        missing = list(dict.fromkeys(k for k in map(_key, sources) if k not in self.known))
        if missing:
            # Each new sentence is its own one-sentence article, batched together.
            fresh = self.engine.translate_articles(missing, progress=progress, glossary=glossary)
            if any(len(article.sentences) != 1 for article in fresh):
                # A sentence cut otherwise on its own: translate the unit as it is.
                return self.engine.translate_article(text, progress=progress, glossary=glossary)
            for key, article in zip(missing, fresh, strict=True):
                self.known[key] = article.sentences[0]
        translated = (replace(self.known[_key(source)], source=source) for source in sources)
        return place_article(
            text, paragraphs, translated, time.perf_counter() - began, self.engine.info
        )
