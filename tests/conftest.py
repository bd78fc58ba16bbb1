"""Shared fixtures: the tiny random Marian (built once per session), ../shared paths, the
CLI run on a tiny model, and ``kabar serve`` running on it for the serve tests."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kabar.translate.backends.base import Backend, BackendSource, Decoded, DelegatingBackend
from kabar.translate.results import SentenceTranslation

if TYPE_CHECKING:
    from kabar.translate.engine import Translator

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
REAL_TOKENIZER = SHARED / "data" / "opus-mt-id-en-tokenizer"
TESTSETS = SHARED / "data" / "testsets"
KABAR = (sys.executable, "-m", "kabar")  # the CLI as its own process


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def tiny_engine_args(model: Path) -> list[str]:
    """CLI options that run an engine on a tiny model quickly and the same every time:
    greedy, one thread."""
    return ["--model", str(model), "--beam", "1", "--threads", "1"]


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``kabar`` through ``main(argv)``: the exit code, stdout and stderr."""
    from kabar.cli.main import main

    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_translate_dir(
    in_dir: Path, out_dir: Path, model: Path, *extra: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """``kabar translate-dir`` on a tiny model: the exit code and what it wrote to stderr."""
    argv = ["translate-dir", str(in_dir), str(out_dir), *tiny_engine_args(model), *extra]
    code, _, err = run_cli(argv, capsys)
    return code, err


def assert_same_translations(
    got: Sequence[SentenceTranslation],
    expected: Sequence[SentenceTranslation],
    *,
    abs_tol: float,
) -> None:
    """The same translations and flags, sentence by sentence; confidences equal within
    ``abs_tol`` (another backend or batch sums the same log-probabilities in another order)."""
    assert [s.translation for s in got] == [s.translation for s in expected]
    for a, b in zip(got, expected, strict=True):
        assert a.flags == b.flags
        assert math.isclose(a.confidence, b.confidence, abs_tol=abs_tol)


@pytest.fixture(scope="session", autouse=True)
def private_kabar_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Model conversions made by tests (CTranslate2) go to a session folder, never to the
    user's ~/.cache/kabar; subprocesses inherit it through the environment."""
    cache = tmp_path_factory.mktemp("kabar-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KABAR_CACHE", str(cache))
        yield cache


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.tiny_model import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"), SEEDS)


@pytest.fixture(scope="session")
def tiny_backend(tiny_model_dir: Path) -> Backend:
    from kabar.translate.backends.transformers import TransformersBackend

    return TransformersBackend(
        BackendSource(tiny_model_dir, model_id=str(tiny_model_dir), threads=1)
    )


@pytest.fixture(scope="module")
def translator(tiny_backend: Backend) -> Translator:
    """The tiny random model, greedy (a module may define its own ``translator``: the
    ``server`` fixture then runs that one)."""
    from kabar.translate.engine import Translator
    from kabar.translate.options import TranslationOptions

    return Translator(tiny_backend, TranslationOptions(beam_size=1))


@pytest.fixture(scope="module")
def server(translator: Translator) -> Iterator[str]:
    """``kabar serve`` on ``translator`` without rate limits, one per test module: its URL."""
    from kabar.serve.settings import ServeSettings
    from tests.serve_server import running_server

    settings = ServeSettings(requests_per_minute=0, chars_per_minute=0)
    with running_server(translator, settings) as (url, _):
        yield url


@pytest.fixture
def shared_testsets() -> Path:
    if not (TESTSETS / "flores200-devtest.ind").is_file():
        pytest.skip(f"../shared test sets are absent ({TESTSETS})")
    return TESTSETS


class SpyBackend(DelegatingBackend):
    """Wraps a backend and records every batch it is asked to translate."""

    def __init__(self, inner: Backend) -> None:
        super().__init__(inner)
        self.batches: list[tuple[list[str], list[int]]] = []

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        self.batches.append((list(texts), list(max_new_tokens)))
        return super().translate_batch(texts, beam_size=beam_size, max_new_tokens=max_new_tokens)


@pytest.fixture(scope="session")
def tiny_nllb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.tiny_m2m import build_tiny_nllb

    return build_tiny_nllb(tmp_path_factory.mktemp("tiny-nllb"), SEEDS)


@pytest.fixture(scope="session")
def tiny_m2m100_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.tiny_m2m import build_tiny_m2m100

    return build_tiny_m2m100(tmp_path_factory.mktemp("tiny-m2m100"), SEEDS)
