"""The Translator: one engine object that owns a backend and turns articles into results.

Article -> paragraphs -> sentences (splitter) -> pieces (chunking, for over-long
sentences) -> token-budget batches sorted by length (batching) -> backend -> results back
in input order, with confidence and flags (quality).

The Translator composes the steps; each lives in its own module: ``pieces`` (sentences
into model-ready pieces, batched decoding), ``glossary_search`` (the n-best re-search for
missed glossary terms), ``assembly`` (pieces back into sentences and paragraphs), and
``kabar.core.copythrough`` (URLs and e-mails as placeholders, copy-only lines).
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, replace

from kabar.core.copythrough import protect
from kabar.core.errors import OptionsError
from kabar.core.splitter import segment
from kabar.translate.alternatives import alternatives_of
from kabar.translate.assembly import assemble, place_article
from kabar.translate.backends import backend_kind
from kabar.translate.backends.base import Backend, Decoded
from kabar.translate.families import families, family_named
from kabar.translate.glossary import Glossary
from kabar.translate.glossary_search import enforce_terms
from kabar.translate.options import TranslationOptions
from kabar.translate.pieces import Piece, decode, normalize_whitespace, split_pieces

# The progress callback is in the Translator's signatures, so callers take it from here.
from kabar.translate.pieces import Progress as Progress
from kabar.translate.results import ArticleTranslation, EngineInfo, SentenceTranslation
from kabar.translate.spec import EngineSpec

# Articles translated together by translate_iter: enough to fill batches with the sentences
# of short articles, few enough that the first results come soon.
DEFAULT_BATCH_ARTICLES = 16


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
        engine = self.info
        return [
            place_article(text, paragraphs, translated, seconds, engine)
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
        pieces = split_pieces(self.backend, [p.text for p in protected], self.input_limit)
        decoded = decode(self.backend, self.options, pieces, progress)
        if terms is not None:
            decoded = enforce_terms(self.backend, self.options, terms, pieces, decoded)
        grouped: list[list[tuple[Piece, Decoded]]] = [[] for _ in sources]
        for piece, result in zip(pieces, decoded, strict=True):
            grouped[piece.owner].append((piece, result))
        return [
            assemble(source, parts, kept, terms)
            for source, parts, kept in zip(sources, grouped, protected, strict=True)
        ]
