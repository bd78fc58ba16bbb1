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

from tests.tiny_model import ENGLISH, INIT_STD

# Small enough that an ordinary long sentence crosses it: tests see the model's own limit.
MAX_POSITIONS = 64


def _train_spm(
    folder: Path, seeds: Path, *, vocab_size: int, model_type: str
) -> list[tuple[str, float]]:
    import sentencepiece as spm

    corpus = folder / "corpus.txt"
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    corpus.write_text("\n".join([*texts, ENGLISH]), encoding="utf-8")
    # fairseq's layout, which both real vocabularies keep: <s> 0, <pad> 1, </s> 2, <unk> 3.
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(folder / "sentencepiece.bpe"),
        vocab_size=vocab_size,
        character_coverage=1.0,
        model_type=model_type,
        bos_id=0,
        pad_id=1,
        eos_id=2,
        unk_id=3,
        minloglevel=2,
    )
    corpus.unlink()
    vocab_file = folder / "sentencepiece.bpe.vocab"
    rows = [line.split("\t") for line in vocab_file.read_text("utf-8").splitlines()]
    vocab_file.unlink()
    return [(piece, float(score)) for piece, score in rows]


def _save_model(folder: Path, vocab_size: int) -> None:
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    config = M2M100Config(
        vocab_size=vocab_size,
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=MAX_POSITIONS,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        scale_embedding=True,
        init_std=INIT_STD,
    )
    torch.manual_seed(0)
    M2M100ForConditionalGeneration(config).save_pretrained(folder)


def build_tiny_nllb(folder: Path, seeds: Path, *, vocab_size: int = 300) -> Path:
    """A complete NLLB-200 folder: config, weights, tokenizer.json and its config."""
    from transformers import NllbTokenizer
    from transformers.tokenization_utils_base import generate_merges

    folder.mkdir(parents=True, exist_ok=True)
    pieces = _train_spm(folder, seeds, vocab_size=vocab_size, model_type="bpe")
    vocab = {piece: index for index, (piece, _) in enumerate(pieces)}
    # The BPE merges follow from the pieces and their scores (what transformers derives
    # from a SentencePiece model, without the protobuf package).
    merges = generate_merges(vocab, dict(pieces))
    tokenizer = NllbTokenizer(
        vocab=vocab,
        merges=merges,
        src_lang="ind_Latn",
        tgt_lang="eng_Latn",
        model_max_length=MAX_POSITIONS,
    )
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
