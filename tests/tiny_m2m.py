"""Tiny random NLLB-200 and M2M100 models, their tokenizers trained in seconds.

Both are M2M100 networks (``model_type`` m2m_100) told apart by their tokenizers, as the
real checkpoints are: NLLB's BPE vocabulary (tokenizer.json) with the 202 FLORES-200
language codes (``ind_Latn``, ``eng_Latn``), M2M100's SentencePiece model with ``__id__``,
``__en__``. The SentencePiece model is trained on the seed articles and a little English;
random weights translate into garbage, so tests assert structure and invariants only.
"""

from __future__ import annotations

import json
from pathlib import Path

from kabar.eval.measure.random_models import (
    FAIRSEQ_IDS,
    nllb_tokenizer,
    save_random_m2m100,
    train_sentencepiece,
)
from tests.tiny_model import INIT_STD, TINY, seed_corpus

# Small enough that an ordinary long sentence crosses it: tests see the model's own limit.
MAX_POSITIONS = 64


# Both real checkpoints name their SentencePiece model sentencepiece.bpe.model.
def _train_spm(
    folder: Path, seeds: Path, *, vocab_size: int, model_type: str
) -> list[tuple[str, float]]:
    return train_sentencepiece(
        seed_corpus(seeds),
        folder / "sentencepiece.bpe",
        vocab_size=vocab_size,
        model_type=model_type,
        ids=FAIRSEQ_IDS,
    )


def _save_model(folder: Path, vocab_size: int) -> None:
    save_random_m2m100(
        folder,
        vocab_size=vocab_size,
        size=TINY,
        max_positions=MAX_POSITIONS,
        seed=0,
        init_std=INIT_STD,
    )


def build_tiny_nllb(folder: Path, seeds: Path, *, vocab_size: int = 300) -> Path:
    """A complete NLLB-200 folder: config, weights, tokenizer.json and its config."""
    folder.mkdir(parents=True, exist_ok=True)
    pieces = _train_spm(folder, seeds, vocab_size=vocab_size, model_type="bpe")
    tokenizer = nllb_tokenizer(pieces, model_max_length=MAX_POSITIONS)
    tokenizer.save_pretrained(str(folder))
    _save_model(folder, len(tokenizer))
    return folder


def build_tiny_m2m100(folder: Path, seeds: Path, *, vocab_size: int = 300) -> Path:
    """A complete M2M100 folder: config, weights, vocab.json, the SentencePiece model."""
    from transformers import M2M100Tokenizer

    folder.mkdir(parents=True, exist_ok=True)
    pieces = _train_spm(folder, seeds, vocab_size=vocab_size, model_type="unigram")
    vocab = {piece: index for index, (piece, _) in enumerate(pieces)}
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = M2M100Tokenizer(
        vocab_file=str(folder / "vocab.json"),
        spm_file=str(folder / "sentencepiece.bpe.model"),
        src_lang="id",
        tgt_lang="en",
        model_max_length=MAX_POSITIONS,
    )
    tokenizer.save_pretrained(str(folder))
    # The pieces, then the language tokens, then the "made-up words" (as m2m100_418M's
    # 128,112 rows); len(tokenizer) counts the pieces only.
    languages = max(tokenizer.lang_token_to_id.values()) + 1
    _save_model(folder, languages + tokenizer.num_madeup_words)
    return folder
