"""Model families: what differs between seq2seq translation models of the same engine.

A family is chosen from ``config.json``'s ``model_type`` (and, where families share one,
from the tokenizer) and owns its tokenizer and model classes, the files a model folder
must hold, and the language tokens it puts around a sentence (a target-language token on
the source, a source-language token, a forced first target token) that never reach a
translation or its confidence. Add a family: one module declaring ``FAMILY`` and one line
in ``FAMILY_MODULES``.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kabar.core.errors import ModelNotFoundError
from kabar.translate.families.pieces import FamilyPieces, TokenPieces

# NLLB before M2M100: both are ``m2m_100`` models and the first whose tokenizer matches wins.
FAMILY_MODULES = (
    "kabar.translate.families.marian",
    "kabar.translate.families.nllb",
    "kabar.translate.families.m2m100",
)
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
# Large checkpoints (nllb-200-3.3B) come in shards listed by an index file.
SHARDED_WEIGHTS = {
    "model.safetensors.index.json": "model-*-of-*.safetensors",
    "pytorch_model.bin.index.json": "pytorch_model-*-of-*.bin",
}
# Written by the model's trainer, not read by a tokenizer: never copied next to a conversion.
_MODEL_ONLY_FILES = ("config.json", "generation_config.json")


@dataclass(frozen=True)
class ModelFamily:
    """One family of translation models.

    model_types: the ``model_type`` values of its ``config.json``.
    hub_patterns: regular expressions of hub ids known to be of this family (so a model
        can be named before its files are on this machine).
    required_files, optional_files: what a model folder holds besides the weights
        (``WEIGHT_FILES``, one of them).
    tokenizer_class, model_class: the transformers classes, by name (imported on load).
    tokenizer_classes: ``tokenizer_config.json``'s ``tokenizer_class`` values that tell
        this family from another of the same model type; vocabulary_marker: a token only
        this family's vocabulary files hold, asked when the tokenizer config does not say
        (None: the family's tokenizer files being there tell).
    source_language, target_language: the codes given to the tokenizer as ``src_lang``
        and ``tgt_lang`` (it then starts every source with the source language's token);
        the target language's token (``language_token`` formatted) is forced as the first
        output token.
    target_tokens: for models that choose their target language from a token before the
        source (multi-target OPUS-MT): the first of these the vocabulary holds is put there.
    language_pattern: the vocabulary's language tokens; none is ever part of a translation.
    notice: what a user must be told wherever they choose a model of this family (the
        licence, when it restricts use).
    pieces: makes the tokenizer CTranslate2 is fed with (tokens as strings) from a model
        folder without transformers (Marian's); None: ``FamilyPieces`` over the
        transformers tokenizer. The backend asks ``load_pieces`` and never which family.
    """

    name: str
    model_types: tuple[str, ...]
    hub_patterns: tuple[str, ...]
    required_files: tuple[str, ...]
    optional_files: tuple[str, ...]
    tokenizer_class: str
    model_class: str
    tokenizer_classes: tuple[str, ...] = ()
    vocabulary_marker: str | None = None
    source_language: str | None = None
    target_language: str | None = None
    language_token: str = "{}"
    target_tokens: tuple[str, ...] = ()
    language_pattern: str = r"(?!)"
    notice: str | None = None
    pieces: Callable[[Path, ModelFamily], TokenPieces] | None = None

    def missing_files(self, folder: Path) -> list[str]:
        """The files ``folder`` lacks to hold a model of this family (empty: complete)."""
        missing = [name for name in self.required_files if not (folder / name).is_file()]
        if not any((folder / name).is_file() for name in (*WEIGHT_FILES, *SHARDED_WEIGHTS)):
            missing.append(" or ".join(WEIGHT_FILES))
        return missing

    def files_hint(self) -> str:
        """The files a folder must hold, for messages."""
        weights = " (or ".join(WEIGHT_FILES) + ")"
        first, *rest = self.required_files
        return ", ".join((first, weights, *rest, *self.optional_files[:1]))

    def download_patterns(self, files: list[str]) -> list[str]:
        """What to fetch from a hub repository holding ``files``: every file the family
        needs, and one weights format (safetensors first; a sharded checkpoint's index
        and shards when it has no single weights file)."""
        weights = [next((w for w in WEIGHT_FILES if w in files), "")]
        if not weights[0]:
            index = next((i for i in SHARDED_WEIGHTS if i in files), None)
            weights = [index, SHARDED_WEIGHTS[index]] if index else [WEIGHT_FILES[-1]]
        return [*self.required_files, *self.optional_files, *weights]

    def tokenizer_files(self) -> tuple[str, ...]:
        """The files the tokenizer reads (copied beside a CTranslate2 conversion)."""
        names = (*self.required_files, *self.optional_files)
        return tuple(n for n in names if n not in _MODEL_ONLY_FILES)

    def matches(self, folder: Path) -> bool:
        """Whether the tokenizer in ``folder`` is this family's: by the tokenizer class its
        ``tokenizer_config.json`` names, else by ``vocabulary_marker`` in its vocabulary."""
        try:
            named = json.loads((folder / "tokenizer_config.json").read_text("utf-8"))
            tokenizer_class = named.get("tokenizer_class")
        except (OSError, UnicodeDecodeError, ValueError, AttributeError):
            tokenizer_class = None
        if tokenizer_class:
            return str(tokenizer_class) in self.tokenizer_classes
        if self.vocabulary_marker is None:  # then its tokenizer's own files tell
            files = [n for n in self.required_files if n in self.tokenizer_files()]
            return bool(files) and all((folder / n).is_file() for n in files)
        marker = json.dumps(self.vocabulary_marker)
        for name in ("tokenizer.json", "vocab.json"):
            try:
                if marker in (folder / name).read_text("utf-8"):
                    return True
            except (OSError, UnicodeDecodeError):
                continue
        return False

    def load_tokenizer(self, folder: Path) -> FamilyTokenizer:
        """The model's tokenizer, set up for Indonesian into English (ModelNotFoundError
        when its vocabulary has no token for either)."""
        import transformers

        languages = {}
        if self.source_language:
            languages["src_lang"] = self.source_language
        if self.target_language:
            languages["tgt_lang"] = self.target_language
        tokenizer = getattr(transformers, self.tokenizer_class).from_pretrained(
            str(folder), **languages
        )
        return FamilyTokenizer(tokenizer, self, folder)

    def load_pieces(self, folder: Path) -> TokenPieces:
        """The tokenizer of the CTranslate2 path: the family's own ``pieces`` where it has
        them (Marian's, from sentencepiece and vocab.json: a one-article run starts ~30-40%
        sooner without importing transformers, issue 15), else its transformers
        tokenizer's."""
        if self.pieces is not None:
            return self.pieces(folder, self)
        return FamilyPieces(self.load_tokenizer(folder))

    def load_model(self, folder: Path) -> Any:
        import transformers

        return getattr(transformers, self.model_class).from_pretrained(str(folder))


class FamilyTokenizer:
    """A model's transformers tokenizer as its family uses it.

    Encoding (calling it) puts the family's source tokens before every sentence, so both
    backends and the token counter that decides chunking see exactly what the model reads;
    ``decode`` drops every language token. ``target_prefix`` is what the decoder must be
    forced to start with. Everything else is the wrapped tokenizer's.

    A wrapper rather than arguments at every call: each backend tokenizes in several
    places (counting, encoding, decoding), and every one of them must agree.
    """

    def __init__(self, inner: Any, family: ModelFamily, folder: Path) -> None:
        self.inner = inner
        self.family_name = family.name
        self._text_prefix = ""
        vocab: dict[str, int] = dict(inner.get_vocab())
        # M2M100's tokenizer keeps its language tokens out of get_vocab().
        vocab.update(getattr(inner, "lang_token_to_id", None) or {})
        wanted = [
            family.language_token.format(code)
            for code in (family.source_language, family.target_language)
            if code
        ]
        absent = [token for token in wanted if token not in vocab]
        if absent:
            raise ModelNotFoundError(
                f"the {family.name} model in {folder} has no {' or '.join(absent)} token: "
                "it does not translate Indonesian into English; choose another model"
            )
        self.target_prefix: tuple[str, ...] = (
            (family.language_token.format(family.target_language),)
            if family.target_language
            else ()
        )
        pattern = re.compile(family.language_pattern)
        codes = [token for token in vocab if pattern.fullmatch(token)]
        if family.target_tokens and codes:
            # A multi-target model: it translates into whatever language this token names.
            chosen = next((t for t in family.target_tokens if t in vocab), None)
            if chosen is None:
                raise ModelNotFoundError(
                    f"the multi-target {family.name} model in {folder} has no English target "
                    f"token ({' or '.join(family.target_tokens)}) among its "
                    f"{len(codes)} language tokens; choose another model"
                )
            self._text_prefix = chosen + " "
        self._vocab = vocab
        self.language_ids = frozenset(vocab[token] for token in codes)
        self.target_prefix_ids = tuple(vocab[token] for token in self.target_prefix)

    def get_vocab(self) -> dict[str, int]:
        """Every token and its id, language tokens included (CTranslate2's converter builds
        the converted model's vocabulary from it)."""
        return dict(self._vocab)

    @property
    def source_prefix(self) -> tuple[str, ...]:
        """The tokens every encoded source starts with (what the family puts there)."""
        first = self(["x"], add_special_tokens=True)["input_ids"][0]
        tokens = self.inner.convert_ids_to_tokens(first)
        return tuple(t for t in tokens if self.inner.convert_tokens_to_ids(t) in self.language_ids)

    def __call__(self, texts: str | Sequence[str], **kwargs: Any) -> Any:
        if isinstance(texts, str):
            return self.inner(self._text_prefix + texts, **kwargs)
        return self.inner([self._text_prefix + text for text in texts], **kwargs)

    def decode(self, ids: Sequence[int], **kwargs: Any) -> str:
        text: str = self.inner.decode([i for i in ids if i not in self.language_ids], **kwargs)
        return text

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@functools.cache
def families() -> dict[str, ModelFamily]:
    """Family name -> family, from ``FAMILY_MODULES`` (imported on first use)."""
    found: dict[str, ModelFamily] = {}
    for module in FAMILY_MODULES:
        family: ModelFamily = importlib.import_module(module).FAMILY
        found[family.name] = family
    return found


def family_named(name: str) -> ModelFamily:
    try:
        return families()[name]
    except KeyError:
        known = ", ".join(families())
        raise ModelNotFoundError(f"unknown model family {name!r}; kabar knows: {known}") from None


def family_of_folder(folder: Path) -> ModelFamily | None:
    """The family of the model in ``folder``, from its ``config.json`` (and its tokenizer
    where families share a model type, or where the config names no model type, as a
    CTranslate2 conversion's does); None when nothing tells. Raises ModelNotFoundError
    naming the file when it is missing, not JSON, or of a model type kabar does not
    translate with."""
    config = folder / "config.json"
    try:
        model_type = json.loads(config.read_text(encoding="utf-8")).get("model_type")
    except FileNotFoundError:
        raise ModelNotFoundError(f"the model folder {folder} has no config.json") from None
    except (OSError, UnicodeDecodeError, ValueError, AttributeError) as error:
        raise ModelNotFoundError(
            f"the model's {config} is damaged or not JSON ({error}); copy the model folder "
            "again, or download it again with `kabar download`."
        ) from None
    if model_type is None:
        return next(
            (f for f in families().values() if f.tokenizer_classes and f.matches(folder)), None
        )
    candidates = [f for f in families().values() if model_type in f.model_types]
    if not candidates:
        types = ", ".join(sorted({t for f in families().values() for t in f.model_types}))
        raise ModelNotFoundError(
            f"{config} describes a {model_type!r} model; kabar translates with: {types}."
        )
    if len(candidates) == 1:
        return candidates[0]
    found = next((f for f in candidates if f.matches(folder)), None)
    if found is None:
        names = " or ".join(f.name for f in candidates)
        raise ModelNotFoundError(
            f"{folder} holds a {model_type!r} model, but neither its tokenizer_config.json "
            f"nor its vocabulary tells whether it is {names}; add tokenizer_config.json "
            "from the model's hub repository."
        )
    return found


def family_of_hub_id(model_id: str) -> ModelFamily | None:
    """The family a hub id is known to be of, or None."""
    for family in families().values():
        if any(re.search(pattern, model_id) for pattern in family.hub_patterns):
            return family
    return None
