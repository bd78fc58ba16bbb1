"""The CTranslate2 backend: the same model (MarianMT, NLLB-200, M2M100), converted once,
decoded by CTranslate2.

CTranslate2 (https://opennmt.net/CTranslate2) runs Transformer inference in C++ with int8
weights; on a laptop CPU it decodes opus-mt several times faster than PyTorch. Tokenization
is MarianTokenizer's, done with sentencepiece and vocab.json directly (``MarianPieces``):
the same tokens and texts, without importing transformers and torch, which took ~0.8 s of
a one-sentence run's 1.7 s (issue 15).

The Hugging Face model is converted on first use by CTranslate2's own
``TransformersConverter`` into a cache folder keyed by model, compute type and converter
version; the conversion writes a temporary folder and renames it into place, so an
interrupted conversion never leaves a half-written model where the next run would load it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kabar.core.errors import KabarError, ModelNotFoundError, OptionsError
from kabar.core.hub import looks_like_path
from kabar.translate.backends import BACKENDS
from kabar.translate.backends.base import BackendSource, Decoded, check_device, resolve_threads
from kabar.translate.families import WEIGHT_FILES, ModelFamily, family_named
from kabar.translate.model_source import family_for, resolve_model, unloadable_message

if TYPE_CHECKING:
    from kabar.translate.spec import EngineSpec

CACHE_ENV = "KABAR_CACHE"
# What CTranslate2 can run weights in (the registry's list); which ones a device supports
# is asked at load time.
COMPUTE_TYPES = BACKENDS["ctranslate2"].compute_types
# Chosen by measurement (README; `python -m kabar.eval.measure.bench_engines`, `python -m
# eval.measure.equivalence`): int8 is 2.2x faster than float32 at 69% of its memory, and
# gave float32's greedy translation for 97% of 200 FLORES sentences, parting only where
# float32's two best tokens were within 0.006 nats of each other (random weights;
# --compute-type float32 matches transformers).
DEFAULT_COMPUTE_TYPE = "int8"
CT2_MODEL_FILES = ("model.bin", "config.json")
# opus-mt's position table; used when a CTranslate2 folder's tokenizer does not say.
MARIAN_MAX_POSITIONS = 512
# Sentences a worker searches at once, at most. Beam search holds beams x sentences x
# source length x 6 layers of cross-attention keys and values, plus the growing
# self-attention cache and the allocator's cache: measured on opus-mt with 2 workers after
# 200 FLORES lines, parts of 8 peak at ~350 MB, of 16 at ~510 MB. 12 lets an article of up
# to 24 sentences go out as one part per worker (1.18x faster on the seeds than 8-row
# parts) while 32-sentence batches are still cut into parts of 8.
SUB_BATCH = 12
# Batches whose searches are queued ahead of the one being read (``translate_batches``):
# enough to keep both workers busy while Python reads a batch; the queued work is only
# source tokens, so memory does not grow with it.
_AHEAD = 2
# Abandoned temporary folders (a conversion killed mid-way) older than this are removed.
_STALE_SECONDS = 3600.0


class ConversionError(KabarError):
    """The model could not be converted to the CTranslate2 format."""


def cache_root() -> Path:
    """kabar's cache folder: ``$KABAR_CACHE``, else ``$XDG_CACHE_HOME/kabar``, else
    ``~/.cache/kabar``."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "kabar"


def is_ctranslate2_model(folder: Path) -> bool:
    """A folder holding a converted CTranslate2 model (``model.bin`` and its config)."""
    return all((folder / name).is_file() for name in CT2_MODEL_FILES)


def load(spec: EngineSpec) -> CTranslate2Backend:
    """The backend ``spec`` describes (see ``load_ctranslate2_backend``)."""
    return load_ctranslate2_backend(
        spec.model,
        threads=spec.threads,
        device=spec.device,
        compute_type=spec.compute_type,
        family=spec.family,
    )


def resolve_device(device: str) -> str:
    """``device`` with ``auto`` decided; OptionsError when CUDA is asked for and absent."""
    return _resolve_device(device)


def load_ctranslate2_backend(
    model: str,
    *,
    threads: int | None = None,
    device: str = "cpu",
    compute_type: str | None = None,
    family: str | None = None,
) -> CTranslate2Backend:
    """A CTranslate2 backend for ``model`` (hub id, Hugging Face folder or CTranslate2 folder).

    A folder that already holds a CTranslate2 model (with the tokenizer files beside it) is
    used as is; anything else is resolved like the transformers backend does and converted
    on first use into ``cache_root()/ctranslate2``. Raises OptionsError for a compute type
    or device this machine cannot run, ModelNotFoundError for a missing model,
    ConversionError when the converter fails.
    """
    compute = compute_type or DEFAULT_COMPUTE_TYPE
    resolved_device = _resolve_device(device)
    _check_compute_type(compute, resolved_device)
    folder = Path(model).expanduser()
    if folder.is_dir() and is_ctranslate2_model(folder):
        kind = family_named(family) if family else family_for(model, folder)
        files = kind.tokenizer_files()
        missing = [name for name in kind.required_files if name in files]
        missing = [name for name in missing if not (folder / name).is_file()]
        if missing:
            raise ModelNotFoundError(
                f"the CTranslate2 model folder {folder} lacks the {kind.name} tokenizer files "
                f"{', '.join(missing)}. Convert with `ct2-transformers-converter --model "
                f"MODEL --output_dir {folder} --copy_files {' '.join(files)}`, or copy them "
                "from the Hugging Face model folder."
            )
        converted = folder
    else:
        source = resolve_model(model)
        kind = family_for(model, source)
        converted = converted_model(source, model_id=model, compute_type=compute, family=kind)
    return CTranslate2Backend(
        BackendSource(
            converted, model_id=model, threads=threads, device=resolved_device, family=kind
        ),
        compute_type=compute,
    )


def converted_model(
    source: Path,
    *,
    model_id: str,
    compute_type: str,
    cache: Path | None = None,
    family: ModelFamily | None = None,
) -> Path:
    """The CTranslate2 conversion of the Hugging Face folder ``source`` (a model of
    ``family``, default: its config's), converting it now if the cache does not hold it
    yet. Returns the converted folder."""
    import ctranslate2

    if family is None:
        try:
            family = family_for(model_id, source)
        except ModelNotFoundError as error:
            # No family reads it, on either backend: name the file, suggest no backend.
            raise ConversionError(unloadable_message(str(source), error)) from None
    name = _cache_name(source, model_id, compute_type, family)
    target = (cache or cache_root()) / "ctranslate2" / name
    if is_ctranslate2_model(target):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_partials(target)
        if target.exists() and not is_ctranslate2_model(target):
            shutil.rmtree(target)  # damaged by hand (files deleted): convert afresh
        partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    except OSError as error:
        raise ConversionError(
            f"cannot write the CTranslate2 cache {target.parent} ({error}); "
            f"set {CACHE_ENV} to a writable folder"
        ) from None
    try:
        _convert(source, partial / "model", compute_type, ctranslate2, family)
        try:
            os.rename(partial / "model", target)
        except OSError:
            # Another process finished the same conversion first: use its result.
            if not is_ctranslate2_model(target):
                raise
    except OSError as error:
        raise ConversionError(
            f"converting {source} into the CTranslate2 cache {target.parent} failed ({error}); "
            f"set {CACHE_ENV} to a writable folder with room for the model"
        ) from None
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


def _convert(
    source: Path, output: Path, compute_type: str, ctranslate2: Any, family: ModelFamily
) -> None:
    from transformers.utils import logging as hf_logging

    class FamilyConverter(ctranslate2.converters.TransformersConverter):  # type: ignore[misc]
        # The family's tokenizer: under transformers 5, M2M100's own leaves its language
        # tokens out of the vocabulary, which the converter then finds too small.
        def load_tokenizer(self, tokenizer_class: Any, path: str, **kwargs: Any) -> Any:
            return family.load_tokenizer(Path(path))

    copy = [n for n in family.tokenizer_files() if (source / n).is_file()]
    converter = FamilyConverter(str(source), copy_files=copy)
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # a one-off step
    try:
        converter.convert(str(output), quantization=compute_type, force=True)
    except NotImplementedError as error:  # a model feature CTranslate2 lacks
        raise ConversionError(
            f"CTranslate2 cannot convert the model in {source} ({error}); "
            "use --backend transformers"
        ) from None
    except (ValueError, RuntimeError) as error:
        # A problem of the files, which transformers would read no better: no other backend
        # to suggest; the message names the file when it can.
        raise ConversionError(unloadable_message(str(source), error)) from None
    finally:
        if bars:
            hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]


def _cache_name(
    source: Path, model_id: str, compute_type: str, family: ModelFamily | None = None
) -> str:
    """``<model>-<family>-<compute type>-<fingerprint>``: a new download or a newer
    converter gets a new folder instead of a stale conversion."""
    import ctranslate2

    family = family or family_for(model_id, source)
    # A hub id keeps its organisation; a local folder is named by its last component.
    name = source.name if looks_like_path(model_id) else model_id
    slug = re.sub(r"[^A-Za-z0-9._-]+", "--", name).strip("-.") or "model"
    digest = hashlib.sha256(f"ctranslate2 {ctranslate2.__version__}\n".encode())
    digest.update(str(source.resolve()).encode())
    for name in (*WEIGHT_FILES, "config.json", *family.tokenizer_files()):
        path = source / name
        if path.is_file():
            stat = path.stat()
            digest.update(f"\n{name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return f"{slug[-80:]}-{family.name}-{compute_type}-{digest.hexdigest()[:12]}"


def _remove_stale_partials(target: Path) -> None:
    now = time.time()
    for partial in target.parent.glob(f".{target.name}.partial-*"):
        try:
            if now - partial.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(partial, ignore_errors=True)
        except OSError:
            continue  # removed by another process meanwhile


def _resolve_device(device: str) -> str:
    import ctranslate2

    check_device(device)
    cuda = ctranslate2.get_cuda_device_count() > 0
    if device == "auto":
        return "cuda" if cuda else "cpu"
    if device.startswith("cuda") and not cuda:
        raise OptionsError(f"device {device!r} requested but CUDA is not available; use cpu")
    return device


def _check_compute_type(compute_type: str, device: str) -> None:
    import ctranslate2

    supported = sorted(ctranslate2.get_supported_compute_types(device.split(":")[0]))
    if compute_type not in COMPUTE_TYPES or compute_type not in supported:
        raise OptionsError(
            f"compute type {compute_type!r} is not available on {device}; "
            f"choose one of: {', '.join(t for t in COMPUTE_TYPES if t in supported)}"
        )


@dataclass(frozen=True)
class _Hypothesis:
    """One row's translation: output tokens (end-of-sentence excluded) and, when the
    search's own score is the sentence's score, the mean log-probability."""

    tokens: list[str]
    ended: bool  # the model emitted end-of-sentence within the limit
    mean_log_prob: float | None


@dataclass(frozen=True)
class _Searched:
    """A row's best hypothesis from one CTranslate2 call, and the step its search ended on."""

    best: _Hypothesis
    last_step: int


_NOTHING = _Hypothesis([], False, None)


@dataclass(frozen=True)
class _Call:
    """One queued CTranslate2 search: the batch rows it covers, its limit, its results."""

    indices: list[int]
    limit: int
    results: list[Any]  # ctranslate2.AsyncTranslationResult, one per row


@dataclass
class _Pending:
    """A batch whose first search is queued (``CTranslate2Backend._submit``)."""

    sources: list[list[str]]
    limits: list[int]
    beam_size: int
    todo: list[int]  # the rows searched (limit > 1; the others get nothing)
    whole: bool  # one call at the batch's largest limit, else one per limit
    calls: list[_Call]


def _collect(calls: list[_Call], read: Callable[[Any, int], _Searched]) -> dict[int, _Searched]:
    """Wait for the queued ``calls``; each row's result read by ``read(result, limit)``."""
    searched: dict[int, _Searched] = {}
    for call in calls:
        for i, result in zip(call.indices, call.results, strict=True):
            searched[i] = read(result.result(), call.limit)
    return searched


def balanced_parts(indices: list[int], lengths: list[int], workers: int) -> list[list[int]]:
    """``indices`` in parts of at most ``SUB_BATCH``, as many per worker, whose total source
    lengths are as even as a longest-first greedy split makes them.

    One part is one worker's job. CTranslate2 cuts a call into consecutive length-sorted
    sub-batches, which gave one worker all the longest sentences of an article while the
    other went idle; balanced parts made seed articles ~1.3x faster (issue 15). A search
    drops its finished rows at every step, so mixing lengths in a part costs only a little
    encoder padding.
    """
    # A multiple of the workers, so that none is left with one part more than the others.
    count = min(len(indices), workers * -(-len(indices) // (workers * SUB_BATCH)))
    room = -(-len(indices) // count) if indices else 0
    parts: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    for k in sorted(range(len(indices)), key=lambda k: (-lengths[k], k)):
        part = min((j for j in range(count) if len(parts[j]) < room), key=lambda j: loads[j])
        parts[part].append(indices[k])
        loads[part] += lengths[k]
    return [part for part in parts if part]


def _by_limit(indices: list[int], limits: list[int]) -> list[tuple[list[int], int]]:
    """``indices`` grouped by their limit: one search per distinct limit."""
    groups: dict[int, list[int]] = {}
    for i in indices:
        groups.setdefault(limits[i], []).append(i)
    return [(group, limit) for limit, group in groups.items()]


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
        limit = int(config.get("model_max_length", MARIAN_MAX_POSITIONS))
        self.model_max_length = limit if 0 < limit <= 1_000_000 else MARIAN_MAX_POSITIONS
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


class FamilyPieces:
    """The ``MarianPieces`` interface over a family's transformers tokenizer
    (``kabar.translate.families.FamilyTokenizer``), for the families that need it (NLLB, M2M100:
    their language codes and forced target token)."""

    def __init__(self, tokenizer: Any) -> None:
        self.inner = tokenizer
        self.eos = str(tokenizer.eos_token)
        self.target_prefix: tuple[str, ...] = tuple(tokenizer.target_prefix)
        limit = int(tokenizer.model_max_length)
        self.model_max_length = limit if 0 < limit <= 1_000_000 else MARIAN_MAX_POSITIONS

    def encode(self, text: str) -> list[str]:
        # verbose=False: counting an over-long sentence is how we find it needs chunking.
        ids = self.inner([text], add_special_tokens=True, verbose=False)["input_ids"][0]
        return list(self.inner.convert_ids_to_tokens(ids))

    def decode(self, tokens: Sequence[str]) -> str:
        ids = self.inner.convert_tokens_to_ids(list(tokens))
        return str(self.inner.decode(ids, skip_special_tokens=True)).strip()


def _load_pieces(folder: Path, family: ModelFamily) -> MarianPieces | FamilyPieces:
    """The tokenizer of the CTranslate2 path: Marian's from sentencepiece and vocab.json
    alone (no transformers import: a one-article run starts ~30-40% sooner, issue 15), any
    other family's through its transformers tokenizer."""
    if family.name == "marian":
        return MarianPieces(folder, family)
    return FamilyPieces(family.load_tokenizer(folder))


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return data if isinstance(data, dict) else {}


class CTranslate2Backend:
    """Owns one CTranslate2 translator and the model's tokenizer."""

    name = "ctranslate2"

    def __init__(self, source: BackendSource, *, compute_type: str = DEFAULT_COMPUTE_TYPE) -> None:
        import ctranslate2

        folder, device = source.folder, source.device
        family = source.family or family_named("marian")
        self.family_name = family.name
        self.model_id = source.model_id
        self.folder = folder
        self.threads = resolve_threads(source.threads)
        self.device = device
        self.compute_type = compute_type
        self.tokenizer = _load_pieces(folder, family)
        # One single-threaded worker per thread, fed sub-batches in parallel: measured on
        # 2 cores, as fast as one 2-thread worker on big batches and 2.5x faster on the
        # small ones that rows with different limits need (no thread synchronisation in
        # every layer of every step). The workers share the model's weights.
        self.translator = ctranslate2.Translator(
            str(folder),
            device=device.split(":")[0],
            device_index=int(device.split(":")[1]) if ":" in device else 0,
            compute_type=compute_type,
            inter_threads=self.threads,
            intra_threads=1,
        )
        self.max_input_tokens = self.tokenizer.model_max_length
        # The family's forced first target tokens (NLLB's eng_Latn): CTranslate2's
        # target_prefix, stripped from every hypothesis, never in a length or confidence.
        self.target_prefix = list(self.tokenizer.target_prefix)
        # One decoder position goes to the start token, as in the transformers backend.
        self.max_output_tokens = self.max_input_tokens - 1 - len(self.target_prefix)
        self.eos = self.tokenizer.eos
        # Whether most rows of the last batch ran into their limits. It only chooses how
        # the next batch is searched (one call first, or one per limit), never what it gives.
        self._rows_run_long = False

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(tokens) for tokens in self._source_tokens(texts)]

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        """Translate ``texts`` in one batch; ``max_new_tokens[i]`` bounds row i alone.

        The limit means what it means for the transformers backend: at most ``limit``
        output tokens, end-of-sentence included (forced as token number ``limit``). Each
        row gets exactly what a search of it alone with its own limit gives, although
        CTranslate2 takes one length limit per call: greedy search is cut per row;
        beam search keeps every row whose search was over before its limit mattered and
        searches the others again, grouped by limit (``_submit``, ``_finish``).

        mean_log_prob is the mean log-probability of the output tokens (end-of-sentence
        included) under the model: the search's own score when the model ended the
        sentence, else one forced-decoding pass (``score_batch``), the same quantity the
        transformers backend measures.
        """
        return next(iter(self.translate_batches([(texts, max_new_tokens)], beam_size=beam_size)))

    def translate_batches(
        self, batches: Iterable[tuple[Sequence[str], Sequence[int]]], *, beam_size: int
    ) -> Iterator[list[Decoded]]:
        """``translate_batch`` of each ``(texts, max_new_tokens)``, yielded in order.

        The searches of the next ``_AHEAD`` batches are queued before a batch's results are
        read, so the workers never wait for Python between batches (tokenizing, detokenizing,
        the engine's bookkeeping): measured 1.13x faster on 200 FLORES lines (issue 15).
        What a row gets does not depend on it.
        """
        window: deque[_Pending] = deque()
        for texts, max_new_tokens in batches:
            window.append(self._submit(texts, max_new_tokens, beam_size))
            if len(window) > _AHEAD:
                yield self._finish(window.popleft())
        while window:
            yield self._finish(window.popleft())

    def _source_tokens(self, texts: Sequence[str]) -> list[list[str]]:
        return [self.tokenizer.encode(text) for text in texts]

    def _submit(
        self, texts: Sequence[str], max_new_tokens: Sequence[int], beam_size: int
    ) -> _Pending:
        """Queue the first search of a batch (see ``_finish`` for the rest)."""
        # However generous the guard, the decoder cannot run past its positions.
        limits = [max(1, min(n, self.max_output_tokens)) for n in max_new_tokens]
        if len(limits) != len(texts):
            raise ValueError("max_new_tokens needs one limit per text")
        sources = self._source_tokens(texts)
        todo = [i for i, limit in enumerate(limits) if limit > 1]
        pending = _Pending(sources, limits, beam_size, todo, whole=True, calls=[])
        if not todo:
            return pending
        top = max(limits[i] for i in todo)
        if beam_size == 1 or not self._rows_run_long:
            # Greedy search is prefix-stable: a row's first tokens never depend on the
            # limit, so one call at the largest limit, each row cut at its own, is exact.
            # Beam search: one call for the whole batch at its largest limit settles every
            # row whose search was over before its own limit mattered (exactly the
            # per-limit result, see ``_start``): with a real model, almost every row.
            pending.calls = self._start(sources, [(todo, top)], beam_size)
        else:
            pending.whole = False
            pending.calls = self._start(sources, _by_limit(todo, limits), beam_size)
        return pending

    def _finish(self, pending: _Pending) -> list[Decoded]:
        """The batch's rows: its first search read, the rows it did not settle searched
        again with their own limits, the rows that did not end scored."""
        limits, todo, beam_size = pending.limits, pending.todo, pending.beam_size
        rows: list[_Hypothesis] = [_NOTHING for _ in limits]
        searched = _collect(pending.calls, self._searched)
        if beam_size == 1:
            for i, found in searched.items():
                rows[i] = _cut(found.best, limits[i])
        elif pending.whole:
            top = max((limits[i] for i in todo), default=0)
            left = []
            for i, found in searched.items():
                if limits[i] == top or found.last_step <= limits[i] - 3:
                    rows[i] = found.best
                else:
                    left.append(i)
            again = _collect(
                self._start(pending.sources, _by_limit(left, limits), beam_size), self._searched
            )
            for i, found in again.items():
                rows[i] = found.best
            # Decided on the whole batch only: the rows searched again are the ones that ran
            # long, so counting them would nearly always switch the next batch to one search
            # per limit (issue 15: 2.35x slower on the next article).
            if todo:
                self._rows_run_long = 2 * len(left) > len(todo)
        else:
            for i, found in searched.items():
                rows[i] = found.best
            # Every row was searched with its own limit: again a view of the whole batch.
            ran_long = sum(s.last_step > limits[i] - 3 for i, s in searched.items())
            self._rows_run_long = 2 * ran_long > len(todo)
        self._score_unended(pending.sources, rows)
        return [self._decoded(row, limit) for row, limit in zip(rows, limits, strict=True)]

    def _score_unended(self, sources: list[list[str]], rows: list[_Hypothesis]) -> None:
        """Give the rows the model did not end their mean log-probability, by one
        forced-decoding pass."""
        unscored = [i for i, row in enumerate(rows) if row.mean_log_prob is None]
        if not unscored:
            return
        scored = self.translator.score_batch(
            [sources[i] for i in unscored],
            [self.target_prefix + rows[i].tokens for i in unscored],
            max_input_length=0,
            # One sentence at a time: scoring holds its length x 54,796 logits at once.
            max_batch_size=1,
        )
        forced = len(self.target_prefix)
        for i, result in zip(unscored, scored, strict=True):
            # End-of-sentence appended by CTranslate2; the forced tokens left out.
            log_probs = list(result.log_probs)[forced:]
            rows[i] = _Hypothesis(rows[i].tokens, rows[i].ended, _mean(log_probs))

    def _start(
        self, sources: list[list[str]], groups: list[tuple[list[int], int]], beam_size: int
    ) -> list[_Call]:
        """Queue the search of every ``(indices, limit)`` group, each with its own limit
        (>= 2), all at once so that the workers run them in parallel.

        last_step: CTranslate2 ends a row's beam search once ``beam_size`` hypotheses have
        finished (patience 1 and length penalty 1: no early exit), and returns them best
        first; at least one of them finished on the row's last step (before it, fewer than
        ``beam_size`` had), so the longest returned hypothesis tells that step. A search
        with a smaller limit L runs the very same steps up to its last one, L - 2, where it
        counts every live beam as finished; so a row whose search was over by step L - 3
        gets the same result with L.

        """
        pending: list[_Call] = []
        for group, limit in groups:
            for indices in balanced_parts(group, [len(sources[i]) for i in group], self.threads):
                pending.append(
                    _Call(indices, limit, self._queue(sources, indices, limit, beam_size))
                )
        return pending

    def _queue(
        self, sources: list[list[str]], indices: list[int], limit: int, beam_size: int
    ) -> list[Any]:
        """One asynchronous CTranslate2 search of the rows ``indices``: one worker's job."""
        return list(
            self.translator.translate_batch(
                [sources[i] for i in indices],
                asynchronous=True,
                max_batch_size=len(indices),
                beam_size=beam_size,
                num_hypotheses=beam_size,
                length_penalty=1.0,
                patience=1.0,
                # The transformers backend forces end-of-sentence as token number
                # ``limit``; CTranslate2 produces at most ``limit - 1`` and we append it.
                # Its length counts the target prefix.
                max_decoding_length=limit - 1 + len(self.target_prefix),
                target_prefix=[self.target_prefix] * len(indices) if self.target_prefix else None,
                min_decoding_length=0,  # like transformers: end-of-sentence allowed at once
                max_input_length=0,  # never truncate silently; the engine bounds the input
                return_scores=True,
                return_end_token=True,
            )
        )

    def _searched(self, result: Any, limit: int) -> _Searched:
        forced = len(self.target_prefix)
        hypotheses = [list(h)[forced:] for h in result.hypotheses]
        best = hypotheses[0]
        ended = bool(best) and best[-1] == self.eos
        # With length penalty 1 and end-of-sentence in the hypothesis, the score is the mean
        # log-probability of the output tokens under the model; the forced prefix counts in
        # its length at log-probability 0 (as in transformers' beam scores), so undo that.
        mean = float(result.scores[0]) * (len(best) + forced) / len(best) if ended else None
        if all(h and h[-1] == self.eos for h in hypotheses):
            last_step = max(len(h) for h in hypotheses) - 1
        else:
            last_step = limit  # this call's own limit cut the search
        return _Searched(_Hypothesis(best[:-1] if ended else best, ended, mean), last_step)

    def _decoded(self, row: _Hypothesis, limit: int) -> Decoded:
        text = self.tokenizer.decode(row.tokens)
        length = len(row.tokens) + 1  # end-of-sentence: the model's own, or forced
        mean = row.mean_log_prob if row.mean_log_prob is not None else 0.0
        return Decoded(text=text, tokens=length, mean_log_prob=mean, hit_limit=length >= limit)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _cut(row: _Hypothesis, limit: int) -> _Hypothesis:
    """``row`` as the search with ``limit`` gives it when the first tokens are the same: kept
    if it ended within the limit, else its first ``limit - 1`` tokens (to be scored)."""
    if row.ended and len(row.tokens) + 1 <= limit:
        return row
    return _Hypothesis(row.tokens[: limit - 1], False, None)
