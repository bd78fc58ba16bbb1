"""The optional abstractive brief: a transformers seq2seq model (e.g. distilbart-cnn).

Long articles are never cut to fit the model: sentences are packed into chunks within the
model's input budget, each chunk is summarized, then the joined chunk summaries are
summarized again (up to ``MAX_LEVELS`` rounds), and the brief's notices say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kabar.core.chunking import TokenCounter, split_long
from kabar.core.errors import ModelNotFoundError
from kabar.summarize.model_files import local_model_folder
from kabar.summarize.sentences import split_english
from kabar.summarize.tfidf import tokens

MAX_LEVELS = 3
# distilbart-cnn's own summary limit; used when a model's generation config sets none.
DEFAULT_MAX_NEW_TOKENS = 142
_BATCH = 8  # chunks generated at once: bounds memory on very long inputs


@dataclass(frozen=True)
class Generated:
    text: str
    hit_limit: bool


class Seq2SeqModel:
    """Owns one transformers seq2seq model and its tokenizer (loaded once)."""

    def __init__(self, model: Any, tokenizer: Any, *, name: str) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.name = name
        config = model.config
        limits = [int(getattr(config, "max_position_embeddings", 0) or 0)]
        tokenizer_limit = int(getattr(tokenizer, "model_max_length", 0) or 0)
        if 0 < tokenizer_limit < 100_000:  # "no limit" is stored as a huge sentinel
            limits.append(tokenizer_limit)
        self.max_input_tokens = min(limit for limit in limits if limit > 0)
        generation_limit = getattr(model.generation_config, "max_length", None)
        self.max_new_tokens = (
            int(generation_limit)
            if generation_limit and int(generation_limit) < self.max_input_tokens
            else DEFAULT_MAX_NEW_TOKENS
        )

    @classmethod
    def load(cls, model: str, *, device: str = "cpu") -> Seq2SeqModel:
        """Load a seq2seq folder or hub id; ModelNotFoundError (with what to do) otherwise."""
        folder = local_model_folder(model)
        if folder is None:
            raise ModelNotFoundError(
                f"the summarization model {model!r} is neither a folder nor in the Hugging "
                "Face cache, and the hub cannot be reached. Where the internet is reachable, "
                f"run `kabar download {model} --to DIR`, then pass --model DIR."
            )
        return cls.from_folder(folder, name=model, device=device)

    @classmethod
    def from_folder(cls, folder: Path, *, name: str, device: str = "cpu") -> Seq2SeqModel:
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(folder))
            model = AutoModelForSeq2SeqLM.from_pretrained(str(folder))
        except (OSError, ValueError) as error:
            raise ModelNotFoundError(
                f"cannot load a seq2seq summarization model from {folder}: {error}"
            ) from None
        return cls(model.to(device).eval(), tokenizer, name=name)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        encoded = self.tokenizer(list(texts), add_special_tokens=True, verbose=False)
        return [len(ids) for ids in encoded["input_ids"]]

    def generate(self, texts: Sequence[str]) -> list[Generated]:
        """Summarize each text (each must fit ``max_input_tokens``: callers chunk first)."""
        import torch

        batch = self.tokenizer(list(texts), return_tensors="pt", padding=True, truncation=False)
        batch = batch.to(self.model.device)
        with torch.inference_mode():
            # max_length=None: the model's own max_length must not compete with the guard.
            output = self.model.generate(
                **batch, max_new_tokens=self.max_new_tokens, max_length=None
            )
        pad = self.tokenizer.pad_token_id
        results = []
        for row in output.tolist():
            generated = row[1:]  # after the decoder start token
            while generated and generated[-1] == pad:
                generated.pop()
            text = self.tokenizer.decode(generated, skip_special_tokens=True).strip()
            # Reaching the guard means the model was stopped (a forced end-of-sequence
            # there does not mean it finished).
            hit_limit = len(generated) >= self.max_new_tokens
            results.append(Generated(" ".join(text.split()), hit_limit=hit_limit))
        return results


def pack_chunks(sentences: Sequence[str], count_tokens: TokenCounter, budget: int) -> list[str]:
    """Consecutive sentences joined into chunks of at most ``budget`` tokens each; a
    sentence longer than the budget alone is split at clause boundaries (nothing dropped).
    """
    pieces: list[str] = []
    for sentence, size in zip(sentences, count_tokens(list(sentences)), strict=True):
        if size <= budget:
            pieces.append(sentence)
        else:
            pieces += [
                sentence[s.start : s.end] for s in split_long(sentence, count_tokens, budget)
            ]
    chunks: list[str] = []
    current: list[str] = []
    for piece in pieces:
        candidate = " ".join([*current, piece])
        if current and count_tokens([candidate])[0] > budget:
            chunks.append(" ".join(current))
            current = [piece]
        else:
            current.append(piece)
    if current:
        chunks.append(" ".join(current))
    return chunks


def summarize_long(sentences: Sequence[str], model: Seq2SeqModel) -> tuple[str, tuple[str, ...]]:
    """The model's summary of the whole text, chunked as needed, with notices."""
    notices: list[str] = []
    texts = list(sentences)
    budget = model.max_input_tokens
    size = sum(model.count_tokens(texts))
    for level in range(1, MAX_LEVELS + 1):
        chunks = pack_chunks(texts, model.count_tokens, budget)
        outputs = [
            output
            for start in range(0, len(chunks), _BATCH)
            for output in model.generate(chunks[start : start + _BATCH])
        ]
        limited = sum(1 for o in outputs if o.hit_limit)
        if limited:
            notices.append(
                f"{limited} of {len(outputs)} summaries reached the {model.max_new_tokens}-token "
                "output limit and may end mid-sentence"
            )
        joined = " ".join(o.text for o in outputs if o.text)
        if len(chunks) == 1:
            return joined, tuple(notices)
        notices.append(
            f"the text exceeds the model's {budget}-token input: summarized in "
            f"{len(chunks)} pieces (round {level}), then the joined summaries"
        )
        texts = split_english(joined) or [joined]
        shorter = sum(model.count_tokens(texts))
        if shorter >= size:
            notices.append(
                "the joined summaries are no shorter than their input; the brief joins them"
            )
            return joined, tuple(notices)
        size = shorter
    notices.append(
        f"after {MAX_LEVELS} rounds the summaries still exceed the model's input; the brief "
        "joins the last round's summaries"
    )
    return joined, tuple(notices)


def best_support(line: str, sentences: Sequence[str]) -> tuple[int, float]:
    """The given sentence sharing the most content words with ``line``, and that share."""
    words = set(tokens(line))
    best, share = 0, 0.0
    if not words:
        return best, share
    for index, sentence in enumerate(sentences):
        overlap = len(words & set(tokens(sentence))) / len(words)
        if overlap > share:
            best, share = index, overlap
    return best, share
