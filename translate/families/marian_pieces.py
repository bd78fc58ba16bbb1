"""Marian's tokens for CTranslate2, from its ``source.spm`` and ``vocab.json`` alone.

The same tokens and texts as MarianTokenizer without importing transformers and torch,
which took ~0.8 s of a one-sentence run's 1.7 s (issue 15). The Marian family names it as
its ``pieces`` (``kabar.translate.families.marian``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kabar.core.errors import ModelNotFoundError
from kabar.translate.families.pieces import MARIAN_MAX_POSITIONS, max_length

if TYPE_CHECKING:
    from kabar.translate.families import ModelFamily


class MarianPieces:
    """MarianTokenizer's tokens and texts for a model with one shared vocabulary, from its
    ``source.spm`` and ``vocab.json`` alone (transformers 5 decodes shared-vocabulary
    models with the source model too).

    Mirrors ``MarianTokenizer`` (transformers 5): special tokens written in the text are
    kept whole, a leading ``>>lang<<`` code is one token, a piece outside vocab.json is
    ``<unk>``, ``</s>`` ends every source; decoding drops special tokens, joins pieces with
    sentencepiece and applies ``clean_up_tokenization``, as tokenizer_config.json asks.
    ``tests/test_ctranslate2.py`` and ``tests/test_real_tokenizer.py`` check it token for
    token and text for text against MarianTokenizer.
    """

    target_prefix: tuple[str, ...] = ()  # Marian's decoder starts from its pad token alone

    def __init__(self, folder: Path, family: ModelFamily | None = None) -> None:
        import sentencepiece

        self.spm = sentencepiece.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        self.vocab: dict[str, int] = json.loads((folder / "vocab.json").read_text("utf-8"))
        config = _read_json(folder / "tokenizer_config.json")
        special = _read_json(folder / "special_tokens_map.json")

        def token(name: str, default: str) -> str:
            value = config.get(name, special.get(name, default))
            return str(value["content"] if isinstance(value, dict) else value)

        self.eos = token("eos_token", "</s>")
        self.unk = token("unk_token", "<unk>")
        self.pad = token("pad_token", "<pad>")
        if self.unk not in self.vocab:
            raise ModelNotFoundError(f"{folder / 'vocab.json'} lacks the {self.unk} token")
        self.special = {self.eos, self.unk, self.pad}
        self._special_re = re.compile("|".join(re.escape(t) for t in sorted(self.special)))
        self.clean_up = bool(config.get("clean_up_tokenization_spaces", False))
        self.model_max_length = max_length(
            int(config.get("model_max_length", MARIAN_MAX_POSITIONS))
        )
        # A multi-target model (>>xxx<< tokens in its vocabulary) is told to write English
        # by the token before the source, as the family's transformers tokenizer does.
        self.text_prefix = ""
        if family is not None and family.language_pattern and family.target_tokens:
            pattern = re.compile(family.language_pattern)
            if any(pattern.fullmatch(token) for token in self.vocab):
                chosen = next((t for t in family.target_tokens if t in self.vocab), None)
                if chosen is None:
                    raise ModelNotFoundError(
                        f"the multi-target model in {folder} has no English target token "
                        f"({' or '.join(family.target_tokens)}); choose another model"
                    )
                self.text_prefix = chosen + " "

    def encode(self, text: str) -> list[str]:
        """The source tokens of ``text`` (after the target-language token of a
        multi-target model), ``</s>`` last."""
        text = self.text_prefix + text
        tokens: list[str] = []
        start = 0
        for match in self._special_re.finditer(text):
            tokens += self._pieces(text[start : match.start()])
            tokens.append(match.group())
            start = match.end()
        tokens += self._pieces(text[start:])
        tokens.append(self.eos)
        return tokens

    def _pieces(self, text: str) -> list[str]:
        code: list[str] = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:
            code, text = [text[: end + 2]], text[end + 2 :]
        pieces = code + list(self.spm.encode(text, out_type=str)) if text or code else []
        return [p if p in self.vocab else self.unk for p in pieces]

    def decode(self, tokens: Sequence[str]) -> str:
        """The text of output ``tokens`` (special tokens dropped)."""
        pieces = [t for t in tokens if t not in self.special]
        text = str(self.spm.decode_pieces(pieces)).replace("\u2581", " ").strip()
        if self.clean_up:
            for spaced, joined in _CLEAN_UP:
                text = text.replace(spaced, joined)
        return text


# transformers' clean_up_tokenization, in its order.
_CLEAN_UP = (
    (" .", "."),
    (" ?", "?"),
    (" !", "!"),
    (" ,", ","),
    (" ' ", "'"),
    (" n't", "n't"),
    (" 'm", "'m"),
    (" 's", "'s"),
    (" 've", "'ve"),
    (" 're", "'re"),
)


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return data if isinstance(data, dict) else {}
