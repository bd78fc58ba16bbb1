"""Build a tiny random BART (seq2seq summarizer) with a byte-level BPE trained in seconds.

Random weights write garbage: tests on it assert structure and invariants only.
"""

from __future__ import annotations

from pathlib import Path

from kabar.eval.measure.random_models import Size, seeded_model, sized_config

ENGLISH = """NATO leaders met in Brussels on Thursday to discuss support for Ukraine.
The secretary general said the alliance is ready to defend every member.
Russia denied planning an attack and said its troops were there for exercises.
Ukraine asked for more air defence systems before the winter.
"""


def build_tiny_bart(folder: Path, *, vocab_size: int = 300, max_positions: int = 64) -> Path:
    """Write a complete BART folder (config, weights, tokenizer files) into ``folder``.

    ``max_positions`` is small so that ordinary test articles need chunking.
    """
    from tokenizers import ByteLevelBPETokenizer
    from transformers import BartConfig, BartForConditionalGeneration, BartTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator([ENGLISH] * 4, vocab_size=vocab_size, special_tokens=specials)
    bpe.save_model(str(folder))
    tokenizer = BartTokenizer(str(folder / "vocab.json"), str(folder / "merges.txt"))
    tokenizer.model_max_length = max_positions
    tokenizer.save_pretrained(str(folder))
    config = sized_config(
        BartConfig,
        Size(d_model=16, layers=1, heads=2, ffn=32),
        vocab_size=len(tokenizer),
        max_position_embeddings=max_positions,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        forced_eos_token_id=tokenizer.eos_token_id,
    )
    model = seeded_model(BartForConditionalGeneration, config, seed=0)
    model.generation_config.max_length = 20
    model.generation_config.num_beams = 1
    model.save_pretrained(str(folder))
    return folder
