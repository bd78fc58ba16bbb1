"""Build a tiny random MarianMT model with a SentencePiece tokenizer trained in seconds.

No network, no ../shared: the tokenizer is trained on the seed articles plus a little
English, so the real MarianTokenizer code path runs end to end. Random weights translate
into garbage; tests assert structure and invariants only.
"""

from __future__ import annotations

import json
from pathlib import Path

# Large random weights make the output depend on the input, so order bugs show up.
INIT_STD = 0.5

ENGLISH = """The secretary general said the alliance is ready to defend its members.
Russia denied planning an attack and said its troops were there for exercises.
The talks in Brussels gave Ukraine a chance to get more support for air defence.
"""


def build_tiny_marian(folder: Path, seeds: Path, *, vocab_size: int = 400) -> Path:
    """Write a complete MarianMT folder (config, weights, spm models, vocab) into ``folder``."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel

    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.txt"
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    corpus.write_text("\n".join([*texts, ENGLISH]), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(folder / "spm"),
        vocab_size=vocab_size,
        character_coverage=1.0,
        model_type="unigram",
        bos_id=-1,
        eos_id=-1,
        pad_id=-1,
        unk_id=0,
        minloglevel=2,
    )
    corpus.unlink()
    for side in ("source", "target"):
        (folder / f"{side}.spm").write_bytes((folder / "spm.model").read_bytes())
    pieces = [
        line.split("\t")[0] for line in (folder / "spm.vocab").read_text("utf-8").splitlines()
    ]
    (folder / "spm.model").unlink()
    (folder / "spm.vocab").unlink()
    # Marian's layout: </s> = 0, <unk> = 1, the pieces, <pad> last.
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(
        json.dumps({"source_lang": "id", "target_lang": "en", "model_max_length": 512}),
        encoding="utf-8",
    )
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=512,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        bos_token_id=0,
        share_encoder_decoder_embeddings=True,
        init_std=INIT_STD,
    )
    torch.manual_seed(0)
    MarianMTModel(config).save_pretrained(folder)
    return folder
