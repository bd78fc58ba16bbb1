"""Where the story starts, when a plain text no longer says: the sentences before a
dateline are its headline.

kabar's clean English article (``.en.txt``, ``kabar translate`` without ``--marks``) has no
role marks, and a translated headline often gains a final period ("NATO Chief Arrives in
Brussels."), so ``sentence_roles`` takes it for the story's first sentence, and the
dateline of the real first sentence ("BRUSSELS, KOMPAS.com – …"), looked for on the first
body sentence only, stays in the brief. A news story opens with its dateline: short
one-sentence paragraphs before the paragraph it opens are headlines, whatever their
punctuation, and the dateline is the story's.
"""

from __future__ import annotations

from collections.abc import Sequence

from kabar.core.furniture import BODY, CLEAR_DATELINE, HEADLINE, SentenceRole, dateline_length

_WORDS_OF_A_HEADLINE = 25  # as kabar.core.furniture: longer is body text
_LEAD_SENTENCES = 4  # a dateline further in is a quoted place, not the story's start


def story_start(
    sentences: Sequence[str],
    roles: Sequence[SentenceRole],
    paragraphs: Sequence[int] | None,
) -> tuple[SentenceRole, ...]:
    """``roles`` with the sentences before the story's dateline made headlines, when every
    body sentence before it is a short paragraph of its own; the dateline is the one the
    roles found, else one opening one of the first paragraphs."""
    result = tuple(roles)
    if paragraphs is None:
        return result
    groups = list(paragraphs)
    dated = next((i for i, role in enumerate(roles) if role.dateline), None)
    if dated is not None:
        # The dateline was found (on one of the first body sentences): short paragraphs
        # before it are the headline, period or not.
        before = [i for i in range(dated) if roles[i].role == BODY]
        if before and all(_headline_like(sentences, groups, i) for i in before):
            return tuple(SentenceRole(HEADLINE) if i in before else r for i, r in enumerate(result))
        return result
    for index in range(1, min(len(sentences), _LEAD_SENTENCES)):
        if groups[index] == groups[index - 1]:
            continue  # not the first sentence of its paragraph
        line = " ".join(sentences[index].split())
        cut = dateline_length(line)
        if not cut or not CLEAR_DATELINE.search(line[:cut]):
            continue
        before = [i for i in range(index) if roles[i].role == BODY]
        if not before or not all(_headline_like(sentences, groups, i) for i in before):
            return result
        changed = list(result)
        for i in before:
            changed[i] = SentenceRole(HEADLINE)
        changed[index] = SentenceRole(BODY, line[:cut].strip())
        return tuple(changed)
    return result


def _headline_like(sentences: Sequence[str], groups: Sequence[int], index: int) -> bool:
    """A sentence alone in its paragraph, and short."""
    alone = groups.count(groups[index]) == 1
    return alone and len(sentences[index].split()) <= _WORDS_OF_A_HEADLINE
