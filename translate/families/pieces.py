"""Token pieces: a model's tokenizer as CTranslate2 takes it, tokens as strings.

CTranslate2 reads and writes tokens, not ids. A family whose tokens can be made without
transformers names its own maker (``ModelFamily.pieces``: Marian's ``MarianPieces``, from
sentencepiece and vocab.json alone, so a one-article run does not import torch); any other
family's are ``FamilyPieces``, over its transformers tokenizer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

# opus-mt's position table; used when a tokenizer does not say how long a source may be.
MARIAN_MAX_POSITIONS = 512


class TokenPieces(Protocol):
    """What the CTranslate2 backend needs of a tokenizer."""

    eos: str
    target_prefix: tuple[str, ...]  # forced first target tokens (NLLB's eng_Latn)
    model_max_length: int

    def encode(self, text: str) -> list[str]:
        """The source tokens of ``text``, the family's prefix first, end-of-sentence last."""

    def decode(self, tokens: Sequence[str]) -> str:
        """The text of output ``tokens`` (special and language tokens dropped)."""


def max_length(limit: int) -> int:
    """A tokenizer's ``model_max_length`` if it is a real one (transformers puts a huge
    number there when the config says nothing), else opus-mt's."""
    return limit if 0 < limit <= 1_000_000 else MARIAN_MAX_POSITIONS


class FamilyPieces:
    """``TokenPieces`` over a family's transformers tokenizer
    (``kabar.translate.families.FamilyTokenizer``), for the families that need it (NLLB,
    M2M100: their language codes and forced target token)."""

    def __init__(self, tokenizer: Any) -> None:
        self.inner = tokenizer
        self.eos = str(tokenizer.eos_token)
        self.target_prefix: tuple[str, ...] = tuple(tokenizer.target_prefix)
        self.model_max_length = max_length(int(tokenizer.model_max_length))

    def encode(self, text: str) -> list[str]:
        # verbose=False: counting an over-long sentence is how we find it needs chunking.
        ids = self.inner([text], add_special_tokens=True, verbose=False)["input_ids"][0]
        return list(self.inner.convert_ids_to_tokens(ids))

    def decode(self, tokens: Sequence[str]) -> str:
        ids = self.inner.convert_tokens_to_ids(list(tokens))
        return str(self.inner.decode(ids, skip_special_tokens=True)).strip()
