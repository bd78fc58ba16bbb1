"""The Translator: one engine object that owns a backend and turns articles into results.

Article -> paragraphs -> sentences (splitter) -> pieces (chunking, for over-long
sentences) -> token-budget batches sorted by length (batching) -> backend -> results back
in input order, with confidence and flags (quality).
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace

from kabar.core.blank import is_blank
from kabar.core.chunking import split_long
from kabar.core.copythrough import Protected, is_copy_only, protect, restore
from kabar.core.errors import OptionsError
from kabar.core.language import is_other_language
from kabar.core.splitter import LINE_BREAK, Paragraph, segment
from kabar.translate import quality
from kabar.translate.alternatives import alternatives_of
from kabar.translate.backends import backend_kind
from kabar.translate.backends.base import Backend, Decoded, GivesAlternatives, translate_batches
from kabar.translate.batching import plan_batches
from kabar.translate.families import families, family_named
from kabar.translate.glossary import Glossary
from kabar.translate.options import TranslationOptions
from kabar.translate.results import (
    ArticleTranslation,
    EngineInfo,
    ParagraphTranslation,
    SentenceTranslation,
    with_roles,
)
from kabar.translate.spec import EngineSpec

Progress = Callable[[int, int], None]
# Articles translated together by translate_iter: enough to fill batches with the sentences
# of short articles, few enough that the first results come soon.
DEFAULT_BATCH_ARTICLES = 16
# Hypotheses searched for a sentence whose best translation misses a glossary term: enough
# for the usual alternatives of a term ("the House" / "the House of Representatives"), few
# enough to cost little (docs/checks.md: measured with eval/measure/bench_glossary.py).
GLOSSARY_HYPOTHESES = 8


def normalize_whitespace(text: str) -> str:
    """One space between words: soft-wrapped lines reach the model as one line."""
    return " ".join(text.split())


@dataclass(frozen=True)
class _Piece:
    owner: int  # index of the sentence this piece belongs to
    text: str
    tokens: int


class Translator:
    """Translates Indonesian text to English with one loaded backend.

    Build it with ``Translator.load(...)`` (resolves and loads the model once), or pass any
    object implementing ``kabar.translate.backends.base.Backend``.
    """

    def __init__(
        self,
        backend: Backend,
        options: TranslationOptions | None = None,
        *,
        spec: EngineSpec | None = None,
    ) -> None:
        self.backend = backend
        self.options = spec.options if spec is not None else options or TranslationOptions()
        self.spec = spec
        self.input_limit = min(self.options.max_input_tokens, backend.max_input_tokens)
        pairs = self.options.glossary
        self.glossary = Glossary.from_pairs(pairs) if pairs else None

    @classmethod
    def load(
        cls,
        model: EngineSpec | str | os.PathLike[str] | None = None,
        *,
        backend: str | None = None,
        device: str | None = None,
        compute_type: str | None = None,
        threads: int | None = None,
        beam_size: int | None = None,
        max_input_tokens: int | None = None,
        revision: str | None = None,
        options: TranslationOptions | None = None,
    ) -> Translator:
        """Resolve the engine once and load its model, e.g.
        ``Translator.load("nllb-600m", backend="ctranslate2", compute_type="int8")``.

        model: a model folder (``str`` or ``Path``), a hub id, a short name from
            ``kabar models`` (``nllb-600m``), or None for ``$KABAR_MODEL`` or
            Helsinki-NLP/opus-mt-id-en. An ``EngineSpec`` already resolved is loaded as it
            is, and then no other argument may be given.
        backend: ``transformers`` or ``ctranslate2`` (None: ``$KABAR_BACKEND`` or the
            default); compute_type: that backend's precision (None: its default);
            device: ``cpu``, ``cuda`` or ``auto`` (None: ``cpu``); threads: CPU threads
            (None: every core this process may use); revision: the hub revision of a hub model.
        options: every translation option (``TranslationOptions``); ``beam_size`` and
            ``max_input_tokens``, when given, replace those two of ``options``.

        ``translator.info`` reports what was resolved. Raises ModelNotFoundError, saying
        what to do, when the model cannot be had; OptionsError for a backend, compute
        type, device, thread count or option value that cannot be used; TypeError for an
        ``EngineSpec`` given with other arguments.
        """
        if isinstance(model, EngineSpec):
            given = (backend, device, compute_type, threads, beam_size, max_input_tokens)
            if any(choice is not None for choice in (*given, revision, options)):
                raise TypeError("pass either an EngineSpec or a model and choices, not both")
            spec = model
        else:
            options = options or TranslationOptions()
            if beam_size is not None:
                options = replace(options, beam_size=beam_size)
            if max_input_tokens is not None:
                options = replace(options, max_input_tokens=max_input_tokens)
            spec = EngineSpec.resolve(
                None if model is None else os.fspath(model),
                backend=backend,
                compute_type=compute_type,
                device="cpu" if device is None else device,
                threads=threads,
                options=options,
                revision=revision,
            )
        loaded = backend_kind(spec.backend).load(spec)
        return cls(loaded, spec=spec)

    @property
    def info(self) -> EngineInfo:
        b = self.backend
        spec = self.spec
        family = getattr(b, "family_name", None) or (spec.family if spec else None)
        notice = family_named(family).notice if family in families() else None
        return EngineInfo(
            model=b.model_id,
            backend=b.name,
            device=b.device,
            threads=b.threads,
            compute_type=b.compute_type,
            beam_size=self.options.beam_size,
            max_input_tokens=self.input_limit,
            family=family,
            revision=spec.revision if spec else None,
            options=asdict(self.options),
            notices=(notice,) if notice else (),
        )

    def translate_article(
        self, text: str, *, progress: Progress | None = None, glossary: Glossary | None = None
    ) -> ArticleTranslation:
        """Translate a whole article, keeping its paragraphs; every sentence is a span of it.
        ``glossary``: this call's terms instead of the options' (the UI's upload)."""
        return self.translate_articles([text], progress=progress, glossary=glossary)[0]

    def translate_articles(
        self,
        texts: Sequence[str],
        *,
        progress: Progress | None = None,
        glossary: Glossary | None = None,
    ) -> list[ArticleTranslation]:
        """Translate several articles with their sentences batched together.

        Many short articles then fill batches as well as one long one does. Results are in
        input order; each article's ``seconds`` is the shared wall time of the whole call.
        """
        began = time.perf_counter()
        segmented = [segment(text) for text in texts]
        sources = [
            text[s.start : s.end]
            for text, paragraphs in zip(texts, segmented, strict=True)
            for p in paragraphs
            for s in p.sentences
        ]
        translated = iter(self._translate(sources, progress, glossary or self.glossary))
        seconds = time.perf_counter() - began
        return [
            self._article(text, paragraphs, translated, seconds)
            for text, paragraphs in zip(texts, segmented, strict=True)
        ]

    def translate_alternatives(
        self,
        text: str,
        count: int,
        *,
        translation: ArticleTranslation | None = None,
        glossary: Glossary | None = None,
    ) -> tuple[str, ...]:
        """Up to ``count`` (at most ``MAX_ALTERNATIVES``) other English texts of ``text``,
        best first, each distinct from ``translate_article(text).text`` and from each
        other: the k-th takes each sentence's k-th differing n-best hypothesis where it has
        one (``kabar.translate.alternatives``). None when the backend gives no n-best list.
        ``translation``: ``text``'s translation if already made (not made again)."""
        terms = glossary or self.glossary
        article = translation or self.translate_article(text, glossary=glossary)
        return alternatives_of(self.backend, self.options, article, count, terms)

    def translate_iter(
        self, texts: Iterable[str], *, batch_articles: int = DEFAULT_BATCH_ARTICLES
    ) -> Iterator[ArticleTranslation]:
        """Translate many articles lazily: one ``ArticleTranslation`` per text, in input
        order, each group of ``batch_articles`` yielded as soon as it is translated.

        ``texts`` is read only as far as the next group needs, so a generator over a
        corpus of any size is never held in memory (nor are more than ``batch_articles``
        results). Within a group the sentences of its articles are batched together, as
        in ``translate_articles``; the translations are the same whatever the grouping,
        and each article's ``seconds`` is its group's wall time. Raises, when called
        (not at the first result), TypeError for a single ``str`` (it would be read as one
        article per character) and OptionsError for ``batch_articles`` < 1.
        """
        if isinstance(texts, str):
            raise TypeError(
                "translate_iter takes an iterable of articles; for one, use translate_article"
            )
        if batch_articles < 1:
            raise OptionsError(f"batch_articles must be at least 1, not {batch_articles}.")
        return self._groups(iter(texts), batch_articles)

    def _groups(self, pending: Iterator[str], size: int) -> Iterator[ArticleTranslation]:
        while group := list(itertools.islice(pending, size)):
            yield from self.translate_articles(group)

    def _article(
        self,
        text: str,
        paragraphs: list[Paragraph],
        translated: Iterator[SentenceTranslation],
        seconds: float,
    ) -> ArticleTranslation:
        """Place the next sentences of ``translated`` into ``text``'s paragraphs."""
        results: list[ParagraphTranslation] = []
        previous_end = 0
        for paragraph in paragraphs:
            sentences = tuple(
                _placed(next(translated), span.start, span.end) for span in paragraph.sentences
            )
            gap = text[previous_end : paragraph.span.start]
            previous_end = paragraph.span.end
            results.append(
                ParagraphTranslation(
                    paragraph.span.start,
                    paragraph.span.end,
                    sentences,
                    newlines_before=len(LINE_BREAK.findall(gap)) if results else 0,
                )
            )
        notices = (
            ()
            if not is_other_language(text)
            else ("the input does not look like Indonesian; translations may be copies of it",)
        )
        engine = self.info
        return ArticleTranslation(
            engine=engine,
            paragraphs=with_roles(results),
            seconds=seconds,
            notices=(*engine.notices, *notices),
        )

    def translate_sentences(
        self,
        sentences: Sequence[str],
        *,
        progress: Progress | None = None,
        glossary: Glossary | None = None,
    ) -> list[SentenceTranslation]:
        """Translate each string as one segment (never merged with or split across others,
        except that an over-long one is chunked and flagged). Output order = input order."""
        return self._translate(list(sentences), progress, glossary or self.glossary)

    def _translate(
        self, sources: list[str], progress: Progress | None, terms: Glossary | None
    ) -> list[SentenceTranslation]:
        # URLs and e-mail addresses go to the model as placeholders, and come back as they were.
        protected = [protect(normalize_whitespace(source)) for source in sources]
        pieces = self._pieces([p.text for p in protected])
        decoded = self._decode(pieces, progress)
        if terms is not None:
            decoded = self._enforce(terms, pieces, decoded)
        grouped: list[list[tuple[_Piece, Decoded]]] = [[] for _ in sources]
        for piece, result in zip(pieces, decoded, strict=True):
            grouped[piece.owner].append((piece, result))
        return [
            _assemble(source, parts, kept, terms)
            for source, parts, kept in zip(sources, grouped, protected, strict=True)
        ]

    def _enforce(
        self, terms: Glossary, pieces: list[_Piece], decoded: list[Decoded]
    ) -> list[Decoded]:
        """Each whole sentence whose translation misses a glossary term searched again for
        ``GLOSSARY_HYPOTHESES`` hypotheses, and the best one that has every term taken
        (none: the best translation stays, and the check flags it). Only where the backend
        gives alternatives; a chunked sentence's pieces are left as they are."""
        backend = self.backend
        if not isinstance(backend, GivesAlternatives):
            return decoded
        owners = [p.owner for p in pieces]
        todo = [
            i
            for i, (piece, result) in enumerate(zip(pieces, decoded, strict=True))
            if owners.count(piece.owner) == 1 and terms.missing(piece.text, result.text)
        ]
        chosen = list(decoded)
        step = self.options.max_batch_sentences
        for start in range(0, len(todo), step):
            batch = todo[start : start + step]
            alternatives = backend.translate_alternatives(
                [pieces[i].text for i in batch],
                beam_size=max(self.options.beam_size, GLOSSARY_HYPOTHESES),
                max_new_tokens=[self.options.max_new_tokens(pieces[i].tokens) for i in batch],
                count=GLOSSARY_HYPOTHESES,
            )
            for index, found in zip(batch, alternatives, strict=True):
                text = pieces[index].text
                chosen[index] = next(
                    (a for a in found if not terms.missing(text, a.text)), decoded[index]
                )
        return chosen

    def _pieces(self, sources: list[str]) -> list[_Piece]:
        """Model-ready pieces: one per sentence, or several for an over-long sentence."""
        texts = [normalize_whitespace(s) for s in sources]
        counts = self.backend.count_tokens(texts)
        pieces: list[_Piece] = []
        for owner, (text, count) in enumerate(zip(texts, counts, strict=True)):
            if is_blank(text):  # e.g. only zero-width spaces: flagged empty, never decoded
                continue
            if is_copy_only(text):  # a URL, a number, "---", an emoji: copied, not decoded
                continue
            if count <= self.input_limit:
                pieces.append(_Piece(owner, text, count))
                continue
            spans = split_long(text, self.backend.count_tokens, self.input_limit)
            parts = [text[s.start : s.end] for s in spans]
            for part, tokens in zip(parts, self.backend.count_tokens(parts), strict=True):
                pieces.append(_Piece(owner, part, tokens))
        return pieces

    def _decode(self, pieces: list[_Piece], progress: Progress | None) -> list[Decoded]:
        options = self.options
        batches = plan_batches(
            [p.tokens for p in pieces],
            max_tokens=options.batch_tokens,
            max_sentences=options.max_batch_sentences,
        )
        results: list[Decoded | None] = [None] * len(pieces)
        done = 0
        requests = (
            (
                [pieces[i].text for i in batch],
                [options.max_new_tokens(pieces[i].tokens) for i in batch],
            )
            for batch in batches
        )
        searched = translate_batches(self.backend, requests, beam_size=options.beam_size)
        for batch, outputs in zip(batches, searched, strict=True):
            for index, output in zip(batch, outputs, strict=True):
                results[index] = output
            done += len(batch)
            if progress is not None:
                progress(done, len(pieces))
        missing = [i for i, r in enumerate(results) if r is None]
        if missing:  # plan_batches covers every index; this guards against a broken backend
            raise RuntimeError(f"backend returned no result for pieces {missing[:5]}")
        return [r for r in results if r is not None]


def _assemble(
    source: str,
    parts: list[tuple[_Piece, Decoded]],
    protected: Protected,
    terms: Glossary | None = None,
) -> SentenceTranslation:
    """One sentence's result from its decoded pieces (in order)."""
    if not parts and is_copy_only(normalize_whitespace(source)):
        return SentenceTranslation(
            source=source,
            translation=normalize_whitespace(source),
            start=0,
            end=len(source),
            confidence=1.0,
            flags=(),
            chunks=0,
            copied=True,
        )
    if not parts:
        return SentenceTranslation(
            source=source,
            translation="",
            start=0,
            end=len(source),
            confidence=0.0,
            flags=(quality.FLAG_EMPTY,),
            chunks=0,
        )
    translation = restore(" ".join(d.text for _, d in parts if d.text), protected)
    tokens = sum(d.tokens for _, d in parts)
    mean_log_prob = sum(d.mean_log_prob * d.tokens for _, d in parts) / max(1, tokens)
    pair_flags, checks = quality.sentence_flags(normalize_whitespace(source), translation, terms)
    flags = list(pair_flags)
    if len(parts) > 1:
        flags.append(quality.FLAG_CHUNKED)
    if any(d.hit_limit for _, d in parts):
        flags.append(quality.FLAG_LENGTH_LIMIT)
    return SentenceTranslation(
        source=source,
        translation=translation,
        start=0,
        end=len(source),
        confidence=quality.confidence_from_log_prob(mean_log_prob),
        flags=tuple(flags),
        chunks=len(parts),
        checks=checks,
    )


def _placed(sentence: SentenceTranslation, start: int, end: int) -> SentenceTranslation:
    return replace(sentence, start=start, end=end)
