"""Alternative translations of a whole text, built sentence by sentence from each
sentence's n-best hypotheses (``Translator.translate_alternatives``; LibreTranslate's
``alternatives``).

The k-th alternative takes, in every sentence, that sentence's k-th hypothesis that
differs from its main translation, where one exists, and the main translation elsewhere;
so each alternative differs from the main text and from the others in at least one
sentence. Copied sentences (URLs, numbers), empty ones and over-long ones (chunked) keep
their main translation; a hypothesis that drops a glossary term the main translation has
is not offered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from kabar.core.copythrough import Protected, protect, restore
from kabar.translate.backends.base import Backend, GivesAlternatives
from kabar.translate.glossary import Glossary
from kabar.translate.options import TranslationOptions
from kabar.translate.results import ArticleTranslation, ParagraphTranslation, SentenceTranslation

# The most alternatives one call searches for: each one widens every sentence's beam.
MAX_ALTERNATIVES = 8


def alternatives_of(
    backend: Backend,
    options: TranslationOptions,
    article: ArticleTranslation,
    count: int,
    terms: Glossary | None = None,
) -> tuple[str, ...]:
    """Up to ``count`` whole-text alternatives of ``article`` (its ``text``'s shape:
    paragraphs as the source had them), best first, each distinct from ``article.text``
    and from each other; none when the backend gives no n-best list."""
    if count < 1 or not isinstance(backend, GivesAlternatives):
        return ()
    count = min(count, MAX_ALTERNATIVES)
    sentences = article.sentences
    wanted = [
        i
        for i, s in enumerate(sentences)
        if s.chunks == 1 and not s.copied and s.translation.strip()
    ]
    protected = [protect(" ".join(sentences[i].source.split())) for i in wanted]
    others: dict[int, list[str]] = {}
    step = max(1, options.max_batch_sentences)
    for start in range(0, len(wanted), step):
        batch = list(range(start, min(start + step, len(wanted))))
        texts = [protected[b].text for b in batch]
        tokens = backend.count_tokens(texts)
        found = backend.translate_alternatives(
            texts,
            beam_size=max(options.beam_size, count + 1),
            max_new_tokens=[options.max_new_tokens(t) for t in tokens],
            count=count + 1,
        )
        for b, hypotheses in zip(batch, found, strict=True):
            sentence = sentences[wanted[b]]
            others[wanted[b]] = _others(
                sentence, protected[b], [h.text for h in hypotheses], count, terms
            )
    results: list[str] = []
    seen = {article.text}
    for k in range(count):
        if not any(len(o) > k for o in others.values()):
            break
        text = _with(article, partial(_pick, others, k)).text
        if text not in seen:
            seen.add(text)
            results.append(text)
    return tuple(results)


def _others(
    sentence: SentenceTranslation,
    protected: Protected,
    hypotheses: list[str],
    count: int,
    terms: Glossary | None,
) -> list[str]:
    """The sentence's hypotheses, restored, that differ from its translation and from each
    other (in the engine's order), without those that lose a glossary term."""
    kept: list[str] = []
    main_missing = terms.missing(protected.text, sentence.translation) if terms else ()
    for raw in hypotheses:
        text = restore(raw, protected).strip()
        if not text or text == sentence.translation or text in kept:
            continue
        if terms is not None and len(terms.missing(protected.text, raw)) > len(main_missing):
            continue
        kept.append(text)
    return kept[:count]


def _pick(
    others: dict[int, list[str]], k: int, index: int, sentence: SentenceTranslation
) -> SentenceTranslation:
    """Sentence ``index``'s k-th differing hypothesis, or the sentence as it is."""
    mine = others.get(index, [])
    return replace(sentence, translation=mine[k]) if len(mine) > k else sentence


def _with(
    article: ArticleTranslation, choose: Callable[[int, SentenceTranslation], SentenceTranslation]
) -> ArticleTranslation:
    """``article`` with each sentence replaced by ``choose(index, sentence)``."""
    index = 0
    paragraphs: list[ParagraphTranslation] = []
    for paragraph in article.paragraphs:
        chosen = []
        for sentence in paragraph.sentences:
            chosen.append(choose(index, sentence))
            index += 1
        paragraphs.append(replace(paragraph, sentences=tuple(chosen)))
    return replace(article, paragraphs=tuple(paragraphs))
