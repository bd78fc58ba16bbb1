"""Every ``KABAR_*`` environment variable and every path kabar caches under, in one place.

Each variable is declared once here (name, meaning, default) and read only through
``value``; ``docs/environment.md`` is this table (``python -m kabar.core.settings`` prints
it, and ``tests/test_settings.py`` fails when the two differ or when a module elsewhere
names a ``KABAR_`` variable). Nothing is read at import: the environment is asked on each
call, so a test's ``monkeypatch.setenv`` and a subprocess's environment are both seen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Variable:
    """One environment variable kabar reads: its name, what it sets, and what holds when
    it is unset or blank."""

    name: str
    meaning: str
    default: str


MODEL = Variable(
    "KABAR_MODEL",
    "the translation model when `--model` is not given: a short name (`kabar models`), "
    "a Hugging Face hub id, or a model folder (Hugging Face or CTranslate2)",
    "Helsinki-NLP/opus-mt-id-en",
)
BACKEND = Variable(
    "KABAR_BACKEND",
    "the inference engine when `--backend` is not given: `ctranslate2` or `transformers`",
    "`ctranslate2` when it is installed, else `transformers`",
)
CACHE = Variable(
    "KABAR_CACHE",
    "kabar's cache folder: CTranslate2 conversions of models (`ctranslate2/`) and the "
    "benchmarks' random-weight models (`bench/`)",
    "`$XDG_CACHE_HOME/kabar`, else `~/.cache/kabar`",
)
DATA = Variable(
    "KABAR_DATA",
    "the folder holding evaluation test sets (`NAME.ind`, `NAME.eng`) when `--data-dir` "
    "is not given",
    "none: only the test sets sacrebleu can fetch",
)
VARIABLES = (MODEL, BACKEND, CACHE, DATA)

# The cache's subfolders, by what they hold.
CONVERSIONS = "ctranslate2"
BENCH_MODELS = "bench"


def value(variable: Variable) -> str | None:
    """``variable``'s value with surrounding blanks removed; None when unset or blank."""
    return os.environ.get(variable.name, "").strip() or None


def cache_root() -> Path:
    """kabar's cache folder: ``$KABAR_CACHE``, else ``$XDG_CACHE_HOME/kabar``, else
    ``~/.cache/kabar``."""
    explicit = value(CACHE)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "kabar"


def conversions_cache(cache: Path | None = None) -> Path:
    """Where CTranslate2 conversions of models are kept (in ``cache``, default
    ``cache_root()``)."""
    return (cache or cache_root()) / CONVERSIONS


def bench_models_cache() -> Path:
    """Where the benchmarks keep the random-weight models they build."""
    return cache_root() / BENCH_MODELS


def environment_markdown() -> str:
    """``docs/environment.md``: every variable with its meaning and default."""
    rows = "\n".join(f"| `{v.name}` | {v.meaning} | {v.default} |" for v in VARIABLES)
    return (
        "# Environment variables\n\n"
        "kabar reads these variables; a command-line option, where there is one, wins over "
        "its variable. A blank value counts as unset. This page is printed by "
        "`python -m kabar.core.settings` from `kabar/core/settings.py`, and a test fails "
        "when the two differ.\n\n"
        "| variable | what it sets | when unset |\n"
        "|---|---|---|\n"
        f"{rows}\n\n"
        "Converted models live in `$KABAR_CACHE/ctranslate2/<model>-<family>-<compute "
        "type>-<fingerprint>/`: a new download or a newer CTranslate2 gets a new folder, "
        "and removing the folder only costs a conversion on the next run.\n\n"
        "Hugging Face's own variables (`HF_HUB_OFFLINE`, `HF_HUB_CACHE`, `HF_ENDPOINT`) "
        "choose where models are downloaded from and kept; kabar honours them as the "
        "`huggingface_hub` library does.\n"
    )


if __name__ == "__main__":
    print(environment_markdown(), end="")
