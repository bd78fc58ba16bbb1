"""The glossary's n-best re-search: a sentence whose best translation misses a term is
searched again, and the best hypothesis that has every term is taken.

Only where the backend gives alternatives (``GivesAlternatives``); otherwise, and when no
hypothesis has every term, the best translation stays and the glossary check flags it.
"""

from __future__ import annotations

from kabar.translate.backends.base import Backend, Decoded, GivesAlternatives
from kabar.translate.glossary import Glossary
from kabar.translate.options import TranslationOptions
from kabar.translate.pieces import Piece

# Hypotheses searched for a sentence whose best translation misses a glossary term: enough
# for the usual alternatives of a term ("the House" / "the House of Representatives"), few
# enough to cost little (docs/checks.md: measured with eval/measure/bench_glossary.py).
GLOSSARY_HYPOTHESES = 8


def enforce_terms(
    backend: Backend,
    options: TranslationOptions,
    terms: Glossary,
    pieces: list[Piece],
    decoded: list[Decoded],
) -> list[Decoded]:
    """Each whole sentence whose translation misses a glossary term searched again for
    ``GLOSSARY_HYPOTHESES`` hypotheses, and the best one that has every term taken
    (none: the best translation stays, and the check flags it). Only where the backend
    gives alternatives; a chunked sentence's pieces are left as they are."""
    if not isinstance(backend, GivesAlternatives):
        return decoded
    owners = [p.owner for p in pieces]
    todo = [
        i
        for i, (piece, result) in enumerate(zip(pieces, decoded, strict=True))
        if owners.count(piece.owner) == 1 and terms.missing(piece.text, result.text)
    ]
    chosen = list(decoded)
    step = options.max_batch_sentences
    for start in range(0, len(todo), step):
        batch = todo[start : start + step]
        alternatives = backend.translate_alternatives(
            [pieces[i].text for i in batch],
            beam_size=max(options.beam_size, GLOSSARY_HYPOTHESES),
            max_new_tokens=[options.max_new_tokens(pieces[i].tokens) for i in batch],
            count=GLOSSARY_HYPOTHESES,
        )
        for index, found in zip(batch, alternatives, strict=True):
            text = pieces[index].text
            chosen[index] = next(
                (a for a in found if not terms.missing(text, a.text)), decoded[index]
            )
    return chosen
