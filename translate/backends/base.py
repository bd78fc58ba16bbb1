"""The interface every translation backend implements (transformers now, CTranslate2 next).

A backend only tokenizes and decodes batches it is given. Splitting, chunking, batching,
ordering and quality flags live in ``kabar.translate.engine`` (and the ``pieces`` and
``assembly`` modules it composes), identical for every backend.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import KW_ONLY, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from kabar.core.cpus import available_cpus
from kabar.core.errors import OptionsError

if TYPE_CHECKING:
    from kabar.translate.families import ModelFamily

_DEVICE = re.compile(r"cpu|auto|cuda(:\d+)?")


@dataclass(frozen=True)
class Decoded:
    """One decoded sentence.

    tokens: output tokens the model produced, end-of-sentence included.
    mean_log_prob: mean natural-log probability of those tokens under the model.
    hit_limit: the output-length guard stopped the decoder (no end-of-sentence of its own).
    """

    text: str
    tokens: int
    mean_log_prob: float
    hit_limit: bool


@dataclass(frozen=True)
class BackendSource:
    """What a backend is built from, the same for every backend.

    folder: the model in the form the backend reads (a Hugging Face folder for
        transformers, a converted one for CTranslate2); model_id: the name results report.
    threads: None for every core this process may use. device: cpu, auto, cuda or cuda:N.
    family: None lets the backend decide.
    """

    folder: Path
    _: KW_ONLY
    model_id: str
    threads: int | None = None
    device: str = "cpu"
    family: ModelFamily | None = None


class Backend(Protocol):
    """What ``Translator`` needs from a model runtime."""

    name: str
    model_id: str
    device: str
    threads: int
    compute_type: str
    max_input_tokens: int  # the model's own limit on source tokens (end-of-sentence included)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source tokens of each text, end-of-sentence included."""

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        """Translate ``texts`` (each within ``max_input_tokens``) in one batch.

        ``max_new_tokens[i]`` bounds the output of ``texts[i]`` alone, so that the result for
        a sentence does not depend on what else is in its batch.
        """


class DelegatingBackend:
    """A backend that passes every call on to ``inner`` and reports what ``inner`` is:
    subclass it to watch what the engine asks of a backend (tests, benchmarks), overriding
    ``translate_batch`` and calling ``super()``. It does not search ahead, so the engine
    hands it one batch at a time, whatever ``inner`` can do."""

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.name = inner.name
        self.model_id = inner.model_id
        self.device = inner.device
        self.threads = inner.threads
        self.compute_type = inner.compute_type
        self.max_input_tokens = inner.max_input_tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(texts)

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        return self.inner.translate_batch(texts, beam_size=beam_size, max_new_tokens=max_new_tokens)


Batch = tuple[Sequence[str], Sequence[int]]  # texts and each one's max_new_tokens


@runtime_checkable
class SearchesAhead(Protocol):
    """A backend that can start the next batches before the current one is read
    (CTranslate2's queued workers); the engine then hands it all batches at once."""

    def translate_batches(
        self, batches: Iterable[Batch], *, beam_size: int
    ) -> Iterator[list[Decoded]]:
        """``translate_batch`` of each batch, yielded in order."""


@runtime_checkable
class GivesAlternatives(Protocol):
    """A backend that returns the n best hypotheses of a beam search, best first (the
    engine picks the best one that has every glossary term)."""

    def translate_alternatives(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        count: int,
    ) -> list[list[Decoded]]:
        """``count`` hypotheses of each text (at most ``beam_size``), best first."""


def translate_batches(
    backend: Backend, batches: Iterable[Batch], *, beam_size: int
) -> Iterator[list[Decoded]]:
    """Each batch's results in order: searched ahead when ``backend`` can, else one
    ``translate_batch`` at a time. The results are the same either way."""
    if isinstance(backend, SearchesAhead):
        yield from backend.translate_batches(batches, beam_size=beam_size)
        return
    for texts, limits in batches:
        yield backend.translate_batch(texts, beam_size=beam_size, max_new_tokens=limits)


def count_source_tokens(tokenizer: Any, texts: Sequence[str]) -> list[int]:
    """Source tokens of each text under a MarianTokenizer, end-of-sentence included (both
    backends tokenize with it, so they count alike)."""
    if not texts:
        return []
    # verbose=False: counting an over-long sentence is how we find it needs chunking.
    encoded = tokenizer(list(texts), add_special_tokens=True, verbose=False)
    return [len(ids) for ids in encoded["input_ids"]]


def resolve_threads(threads: int | None) -> int:
    """Threads to use: the given number, or every core this process may run on."""
    if threads is not None:
        if threads < 1:
            raise OptionsError(f"--threads must be 1 or more (got {threads})")
        return threads
    return available_cpus()


def check_device(device: str) -> str:
    """``device`` if it is spelled ``cpu``, ``auto``, ``cuda`` or ``cuda:N``; else
    OptionsError. Whether CUDA is actually there is the backend's to check."""
    if not _DEVICE.fullmatch(device):
        raise OptionsError(f"unknown device {device!r}; use cpu, auto, cuda or cuda:N")
    return device
