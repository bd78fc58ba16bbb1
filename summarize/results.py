"""The brief of one article: frozen dataclasses with ``to_dict()`` (CLI JSON, UI, batch job)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BriefLine:
    """One line of a brief.

    text: for the extractive methods, a sentence of the English text, verbatim; for the
        abstractive method, a generated sentence.
    sentence_index: index into the list of sentences given to ``Summarizer.summarize``
        (for ``kabar translate --brief``: the article's sentences in order, so the line
        links to its Indonesian source and its translation). For an abstractive line, the
        given sentence that shares the most words with it.
    score: extractive: the sentence's relevance (position prior + centrality, higher is
        more central); abstractive: the share of the line's words found in that sentence.
    source: when the brief was chosen on source sentences and shows their translations
        (``Summarizer.summarize(..., translations=...)``), the source sentence; else None.
    A leading dateline ("BRUSSELS, KOMPAS.com –") is left out of ``text``.
    """

    text: str
    sentence_index: int
    score: float
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "sentence_index": self.sentence_index,
            "score": round(self.score, 4),
        }
        if self.source is not None:
            data["source"] = self.source
        return data


@dataclass(frozen=True)
class Brief:
    """A brief: its lines in article order, and how it was made.

    method: "extractive" (embeddings), "textrank" (the model-free fallback), "abstractive",
        or "lexical" (Indonesian news: lead position, content-word coverage, length; no
        model, see ``kabar.summarize.news``).
    model: the embedding or seq2seq model, None for TextRank and lexical.
    language: the language the brief was chosen in ("id", "en", "ms" Malay, "jv" Javanese
        or "other"), detected on the sentences given (``kabar.summarize.language``).
    notices: things the reader should know (a fallback was used, a length budget could
        not be met, a long article was summarized in pieces). Never empty when something
        was not done as asked.
    """

    lines: tuple[BriefLine, ...]
    method: str
    model: str | None
    notices: tuple[str, ...] = ()
    language: str = "en"

    @property
    def text(self) -> str:
        """The brief as running text, one line per sentence."""
        return "\n".join(line.text for line in self.lines)

    @property
    def words(self) -> int:
        return sum(len(line.text.split()) for line in self.lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "brief": [line.to_dict() for line in self.lines],
            "method": self.method,
            "model": self.model,
            "language": self.language,
            "words": self.words,
            "notices": list(self.notices),
        }
