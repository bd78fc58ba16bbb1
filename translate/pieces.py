"""Sentences into model-ready pieces, and pieces through the backend in batches.

A sentence is one piece, or several when it is longer than the model's input limit
(chunking); blank and copy-only sentences (a URL, a number, "---") give none and are never
decoded. Pieces are searched in token-budget batches sorted by length (batching), and come
back in input order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kabar.core.blank import is_blank
from kabar.core.chunking import split_long
from kabar.core.copythrough import is_copy_only
from kabar.translate.backends.base import Backend, Decoded, translate_batches
from kabar.translate.batching import plan_batches
from kabar.translate.options import TranslationOptions

# (pieces done, pieces in all), called after each batch.
Progress = Callable[[int, int], None]


def normalize_whitespace(text: str) -> str:
    """One space between words: soft-wrapped lines reach the model as one line."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Piece:
    owner: int  # index of the sentence this piece belongs to
    text: str
    tokens: int


def split_pieces(backend: Backend, sources: list[str], input_limit: int) -> list[Piece]:
    """Model-ready pieces: one per sentence, or several for an over-long sentence."""
    texts = [normalize_whitespace(s) for s in sources]
    counts = backend.count_tokens(texts)
    pieces: list[Piece] = []
    for owner, (text, count) in enumerate(zip(texts, counts, strict=True)):
        if is_blank(text):  # e.g. only zero-width spaces: flagged empty, never decoded
            continue
        if is_copy_only(text):  # a URL, a number, "---", an emoji: copied, not decoded
            continue
        if count <= input_limit:
            pieces.append(Piece(owner, text, count))
            continue
        spans = split_long(text, backend.count_tokens, input_limit)
        parts = [text[s.start : s.end] for s in spans]
        for part, tokens in zip(parts, backend.count_tokens(parts), strict=True):
            pieces.append(Piece(owner, part, tokens))
    return pieces


def decode(
    backend: Backend,
    options: TranslationOptions,
    pieces: list[Piece],
    progress: Progress | None,
) -> list[Decoded]:
    """Each piece's decoded result, in the pieces' order; ``progress`` after each batch."""
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
    searched = translate_batches(backend, requests, beam_size=options.beam_size)
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
