"""Building blocks of random-weight models: a SentencePiece vocabulary trained on a corpus,
an NLLB-200 tokenizer made from it, and a seeded network of a given size.

The full-size benchmark models (``bench_model``, ``bench_models`` in ``kabar.eval.measure``)
and the tests' tiny fixtures (``tests/tiny_*.py``) are built from these, so a benchmark
model and its tiny stand-in differ only in their numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

C = TypeVar("C")
M = TypeVar("M")

# NLLB-200's tokenizer adds these to its vocabulary: the 202 FLORES-200 codes and <mask>.
NLLB_ADDED_TOKENS = 203


@dataclass(frozen=True)
class SpecialIds:
    """Where SentencePiece puts its special pieces (-1: not in the vocabulary)."""

    bos: int
    pad: int
    eos: int
    unk: int


# fairseq's layout, which the NLLB-200 and M2M100 vocabularies keep.
FAIRSEQ_IDS = SpecialIds(bos=0, pad=1, eos=2, unk=3)


@dataclass(frozen=True)
class Size:
    """An encoder-decoder's size, the same on both sides (as in every model kabar runs)."""

    d_model: int
    layers: int
    heads: int
    ffn: int


# https://huggingface.co/facebook/nllb-200-distilled-600M/blob/main/config.json
NLLB_600M = Size(d_model=1024, layers=12, heads=16, ffn=4096)


def train_sentencepiece(
    corpus: str, model_prefix: Path, *, vocab_size: int, model_type: str, ids: SpecialIds
) -> list[tuple[str, float]]:
    """Train ``<model_prefix>.model`` on ``corpus`` and return its pieces with their scores,
    in id order. The corpus file (``corpus.txt`` beside the model) and the ``.vocab`` file
    the pieces are read from are removed; the ``.model`` stays for the caller."""
    import sentencepiece as spm

    corpus_file = model_prefix.parent / "corpus.txt"
    corpus_file.write_text(corpus, encoding="utf-8")
    try:
        spm.SentencePieceTrainer.train(
            input=str(corpus_file),
            model_prefix=str(model_prefix),
            vocab_size=vocab_size,
            character_coverage=1.0,
            model_type=model_type,
            bos_id=ids.bos,
            pad_id=ids.pad,
            eos_id=ids.eos,
            unk_id=ids.unk,
            minloglevel=2,
        )
    finally:  # not left in the caller's folder when training fails
        corpus_file.unlink()
    vocab_file = model_prefix.with_name(f"{model_prefix.name}.vocab")
    rows = [line.split("\t") for line in vocab_file.read_text("utf-8").splitlines()]
    vocab_file.unlink()
    return [(piece, float(score)) for piece, score in rows]


def nllb_tokenizer(
    pieces: Sequence[tuple[str, float]], *, model_max_length: int, rows: int | None = None
) -> Any:
    """An NllbTokenizer (Indonesian to English) over BPE ``pieces`` (``train_sentencepiece``).

    With ``rows``, unused filler tokens pad the vocabulary to exactly ``rows`` tokens (a
    real checkpoint's embedding size); RuntimeError if that does not come out.
    """
    from transformers import NllbTokenizer
    from transformers.tokenization_utils_base import generate_merges

    vocab = {piece: index for index, (piece, _) in enumerate(pieces)}
    # The BPE merges follow from the pieces and their scores (what transformers derives
    # from a SentencePiece model, without the protobuf package); fillers merge nothing.
    merges = generate_merges(vocab, dict(pieces))
    if rows is not None:
        for index in range(rows - NLLB_ADDED_TOKENS - len(vocab)):
            vocab[f"<filler{index}>"] = len(vocab)
    tokenizer = NllbTokenizer(
        vocab=vocab,
        merges=merges,
        src_lang="ind_Latn",
        tgt_lang="eng_Latn",
        model_max_length=model_max_length,
    )
    if rows is not None and len(tokenizer) != rows:
        raise RuntimeError(f"tokenizer has {len(tokenizer)} tokens, not {rows}")
    return tokenizer


def sized_config(config_class: Callable[..., C], size: Size, **options: Any) -> C:
    """``config_class`` (an encoder-decoder config: Marian, M2M100, BART) of ``size``."""
    per_side = {"layers": size.layers, "attention_heads": size.heads, "ffn_dim": size.ffn}
    # The encoder and the decoder alike, as in opus-mt, NLLB-200, M2M100 and BART.
    sides = {f"{side}_{name}": n for side in ("encoder", "decoder") for name, n in per_side.items()}
    return config_class(d_model=size.d_model, **sides, **options)


def seeded_model(model_class: Callable[[C], M], config: C, *, seed: int) -> M:
    """``model_class(config)`` with weights drawn right after ``torch.manual_seed(seed)``, so
    every run and every machine builds the same network."""
    import torch

    torch.manual_seed(seed)
    return model_class(config)


def save_random_m2m100(
    folder: Path, *, vocab_size: int, size: Size, max_positions: int, seed: int, **options: Any
) -> None:
    """Save a seeded random M2M100 network (NLLB-200's and M2M100's) into ``folder``, with
    fairseq's special ids and scaled embeddings as both real families have them."""
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    config = sized_config(
        M2M100Config,
        size,
        vocab_size=vocab_size,
        max_position_embeddings=max_positions,
        pad_token_id=FAIRSEQ_IDS.pad,
        bos_token_id=FAIRSEQ_IDS.bos,
        eos_token_id=FAIRSEQ_IDS.eos,
        decoder_start_token_id=FAIRSEQ_IDS.eos,
        scale_embedding=True,
        **options,
    )
    seeded_model(M2M100ForConditionalGeneration, config, seed=seed).save_pretrained(folder)
