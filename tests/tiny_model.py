"""Build a tiny random MarianMT model with a SentencePiece tokenizer trained in seconds.

No network, no ../shared: the tokenizer is trained on the seed articles plus a little
English, so the real MarianTokenizer code path runs end to end. Random weights translate
into garbage; tests assert structure and invariants only.
"""

from __future__ import annotations

import json
from pathlib import Path

from kabar.eval.measure.random_models import (
    Size,
    SpecialIds,
    seeded_model,
    sized_config,
    train_sentencepiece,
)

# Large random weights make the output depend on the input, so order bugs show up.
INIT_STD = 0.5
# The tiny translation models' size (Marian, NLLB-200, M2M100).
TINY = Size(d_model=32, layers=1, heads=2, ffn=64)
# Marian's SentencePiece models hold <unk> only; vocab.json adds </s> and <pad>.
MARIAN_SPM_IDS = SpecialIds(bos=-1, pad=-1, eos=-1, unk=0)

ENGLISH = """The secretary general said the alliance is ready to defend its members.
Russia denied planning an attack and said its troops were there for exercises.
The talks in Brussels gave Ukraine a chance to get more support for air defence.
"""


def seed_corpus(seeds: Path) -> str:
    """The tiny tokenizers' training text: the seed articles and a little English."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    return "\n".join([*texts, ENGLISH])


def build_tiny_marian(folder: Path, seeds: Path, *, vocab_size: int = 400) -> Path:
    """Write a complete MarianMT folder (config, weights, spm models, vocab) into ``folder``."""
    from transformers import MarianConfig, MarianMTModel

    folder.mkdir(parents=True, exist_ok=True)
    pieces = train_sentencepiece(
        seed_corpus(seeds),
        folder / "spm",
        vocab_size=vocab_size,
        model_type="unigram",
        ids=MARIAN_SPM_IDS,
    )
    for side in ("source", "target"):
        (folder / f"{side}.spm").write_bytes((folder / "spm.model").read_bytes())
    (folder / "spm.model").unlink()
    # Marian's layout: </s> = 0, <unk> = 1, the pieces, <pad> last.
    vocab = {"</s>": 0, "<unk>": 1}
    for piece, _ in pieces:
        vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(
        json.dumps({"source_lang": "id", "target_lang": "en", "model_max_length": 512}),
        encoding="utf-8",
    )
    pad = vocab["<pad>"]
    config = sized_config(
        MarianConfig,
        TINY,
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        max_position_embeddings=512,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        bos_token_id=0,
        share_encoder_decoder_embeddings=True,
        init_std=INIT_STD,
    )
    seeded_model(MarianMTModel, config, seed=0).save_pretrained(folder)
    return folder
