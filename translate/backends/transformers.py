"""The transformers backend: MarianMTModel + MarianTokenizer on PyTorch."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from transformers import LogitsProcessor, LogitsProcessorList, MarianMTModel, MarianTokenizer
from transformers.utils.logging import disable_progress_bar

from core.errors import OptionsError
from translate.backends.base import Decoded, check_device, count_source_tokens, resolve_threads

# Rows scored at once when measuring log-probabilities: the logits of one row are
# output_length x 54,796 floats, so scoring a whole batch at once could take gigabytes.
_SCORE_ROWS = 4


class TransformersBackend:
    """Owns one MarianMT model and its tokenizer; thread count and device fixed at load."""

    name = "transformers"

    def __init__(
        self, folder: Path, *, model_id: str, threads: int | None = None, device: str = "cpu"
    ) -> None:
        self.model_id = model_id
        self.threads = resolve_threads(threads)
        self.device = _resolve_device(check_device(device))
        # Process-wide in PyTorch: set once here, by the one object that owns the model.
        torch.set_num_threads(self.threads)
        self.compute_type = "float32"
        # The per-tensor "Loading weights" bar is noise on a CLI's stderr.
        disable_progress_bar()  # type: ignore[no-untyped-call]
        self.tokenizer = MarianTokenizer.from_pretrained(str(folder))
        model = MarianMTModel.from_pretrained(str(folder))
        # transformers' decorator on .to() confuses mypy about the argument; it is a device.
        self.model = model.to(self.device).eval()  # type: ignore[arg-type]
        # opus-mt's generation config sets max_length 512; kabar bounds every sentence with
        # max_new_tokens instead, and transformers warns on every batch when both are set.
        self.model.generation_config.max_length = None
        config = self.model.config
        self.max_input_tokens = int(config.max_position_embeddings)
        # The decoder has as many positions as the encoder; one goes to the start token.
        self.max_output_tokens = int(config.max_position_embeddings) - 1
        self.eos_id = int(config.eos_token_id)
        self.pad_id = int(config.pad_token_id)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return count_source_tokens(self.tokenizer, texts)

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        if not texts:
            return []
        # However generous the guard, the decoder cannot run past its positions.
        limits = [min(limit, self.max_output_tokens) for limit in max_new_tokens]
        batch = self.tokenizer(list(texts), return_tensors="pt", padding=True).to(self.device)
        guard = _PerRowLengthGuard(limits, beams=beam_size, eos_id=self.eos_id)
        # CTranslate2's beam search, so that both backends give the same translation: a
        # sentence's search ends once ``beam_size`` hypotheses have finished (patience 1),
        # each scored by its summed log-probability over its length, end-of-sentence
        # included. transformers' default (early_stopping=False) searches on and can pick a
        # later, longer hypothesis: on the length-realistic model only 61/200 beam-4
        # translations agreed (issue 15). Greedy search takes neither setting.
        beam_search = {"early_stopping": True, "length_penalty": 1.0} if beam_size > 1 else {}
        with torch.inference_mode():
            sequences = self.model.generate(
                **batch,
                num_beams=beam_size,
                do_sample=False,
                max_new_tokens=max(limits),
                logits_processor=LogitsProcessorList([guard]),
                **beam_search,
            )
            log_probs = self._token_log_probs(batch, sequences)
        return [
            self._decoded(row[1:], row_log_probs, limit)
            for row, row_log_probs, limit in zip(sequences, log_probs, limits, strict=True)
        ]

    def _token_log_probs(self, batch: Any, sequences: torch.Tensor) -> torch.Tensor:
        """log p(token) of every generated token under the model, by one forced pass.

        Measured from the model's raw distribution (not the beam search's processed
        scores), so the confidence means the same for every backend and beam size.
        """
        decoder_input, labels = sequences[:, :-1], sequences[:, 1:]
        rows = []
        for start in range(0, sequences.shape[0], _SCORE_ROWS):
            part = slice(start, start + _SCORE_ROWS)
            logits = self.model(
                input_ids=batch["input_ids"][part],
                attention_mask=batch["attention_mask"][part],
                decoder_input_ids=decoder_input[part],
            ).logits
            log_probs = torch.log_softmax(logits.float(), dim=-1)
            rows.append(log_probs.gather(-1, labels[part].unsqueeze(-1)).squeeze(-1))
        return torch.cat(rows)

    def _decoded(self, tokens: torch.Tensor, log_probs: torch.Tensor, limit: int) -> Decoded:
        ids = tokens.tolist()
        length = ids.index(self.eos_id) + 1 if self.eos_id in ids else len(ids)
        length = max(1, length)
        kept = [i for i in ids[:length] if i not in (self.eos_id, self.pad_id)]
        text = self.tokenizer.decode(kept, skip_special_tokens=True).strip()
        mean = float(log_probs[:length].mean())
        return Decoded(text=text, tokens=length, mean_log_prob=mean, hit_limit=length >= limit)


class _PerRowLengthGuard(LogitsProcessor):
    """Forces end-of-sentence once a row has produced its own ``limit - 1`` tokens.

    ``generate`` only takes one ``max_new_tokens`` per batch; bounding each sentence by its
    own source length keeps its output independent of the batch it lands in.
    """

    def __init__(self, limits: list[int], *, beams: int, eos_id: int) -> None:
        self.limits = torch.tensor(limits).repeat_interleave(beams)
        self.eos_id = eos_id

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        generated = input_ids.shape[1] - 1  # minus the decoder start token
        done = self.limits.to(scores.device) <= generated + 1
        if bool(done.any()):
            forced = torch.full_like(scores[done], float("-inf"))
            forced[:, self.eos_id] = 0.0
            scores[done] = forced
        return scores


def _resolve_device(device: str) -> str:
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise OptionsError(f"device {device!r} requested but CUDA is not available; use cpu")
    return device
