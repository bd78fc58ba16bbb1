"""The CTranslate2 backend on the tiny random model: same results as transformers, batch
invariance, per-row output limits, the conversion cache, backend and compute-type choice."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kabar.cli.main import main
from kabar.core.copythrough import is_copy_only
from kabar.core.errors import ModelNotFoundError, OptionsError
from kabar.core.splitter import segment
from kabar.translate.backends.base import Backend
from kabar.translate.backends.ctranslate2 import (
    ConversionError,
    CTranslate2Backend,
    converted_model,
    is_ctranslate2_model,
    load_ctranslate2_backend,
)
from kabar.translate.backends.ctranslate2 import conversion as ct2c
from kabar.translate.backends.ctranslate2 import search as ct2s
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from kabar.translate.pieces import normalize_whitespace
from tests.conftest import SpyBackend, assert_same_translations, seed_files

pytest.importorskip("ctranslate2")

# Short outputs keep the tests fast; random weights run every sentence to its limit.
FAST = {"output_ratio": 0.5, "output_slack": 4}


def seed_sentences() -> list[str]:
    sentences = []
    for path in seed_files():
        text = path.read_text("utf-8")
        sentences += [
            normalize_whitespace(text[s.start : s.end]) for p in segment(text) for s in p.sentences
        ]
    return sentences


@pytest.fixture(scope="module")
def ct2_float32(tiny_model_dir: Path) -> CTranslate2Backend:
    return load_ctranslate2_backend(str(tiny_model_dir), threads=1, compute_type="float32")


@pytest.fixture(scope="module")
def ct2_int8(tiny_model_dir: Path) -> CTranslate2Backend:
    return load_ctranslate2_backend(str(tiny_model_dir), threads=1, compute_type="int8")


def test_greedy_float32_equals_transformers_float32(
    tiny_backend: Backend, ct2_float32: CTranslate2Backend
) -> None:
    sentences = seed_sentences()
    options = TranslationOptions(beam_size=1, **FAST)
    expected = Translator(tiny_backend, options).translate_sentences(sentences)
    got = Translator(ct2_float32, options).translate_sentences(sentences)
    assert len(sentences) > 50
    # Same quantity; CTranslate2 leaves <pad> out of the softmax (Marian has no <pad>).
    assert_same_translations(got, expected, abs_tol=1e-3)


@pytest.mark.parametrize("beam", [2, 4])
def test_beam_search_equals_transformers_at_the_same_limit(
    tiny_backend: Backend, ct2_float32: CTranslate2Backend, beam: int
) -> None:
    sentences = seed_sentences()[:24]
    # Every sentence gets the same limit (12 tokens): both searches run with it exactly.
    options = TranslationOptions(beam_size=beam, output_ratio=1e-9, output_slack=11)
    expected = Translator(tiny_backend, options).translate_sentences(sentences)
    got = Translator(ct2_float32, options).translate_sentences(sentences)
    assert [s.translation for s in got] == [s.translation for s in expected]


@pytest.mark.parametrize("beam", [1, 4])
@pytest.mark.parametrize("long_rows_expected", [False, True])
def test_batch_size_does_not_change_outputs(
    ct2_int8: CTranslate2Backend, beam: int, long_rows_expected: bool
) -> None:
    # Mixed source lengths give every batch rows with different output limits.
    sentences = seed_sentences()[:40]
    one_by_one = Translator(
        ct2_int8, TranslationOptions(beam_size=beam, max_batch_sentences=1, **FAST)
    ).translate_sentences(sentences)
    spy = SpyBackend(ct2_int8)
    ct2_int8._rows_run_long = long_rows_expected  # either search order, same results
    batched = Translator(
        spy, TranslationOptions(beam_size=beam, max_batch_sentences=16, **FAST)
    ).translate_sentences(sentences)
    assert max(len(texts) for texts, _ in spy.batches) == 16
    assert any(len(set(limits)) > 1 for _, limits in spy.batches)
    assert_same_translations(batched, one_by_one, abs_tol=1e-4)


def test_output_limit_is_honoured_per_row(ct2_int8: CTranslate2Backend) -> None:
    texts = seed_sentences()[:6]
    limits = [2, 5, 9, 17, 33, 40]
    for beam in (1, 3):
        decoded = ct2_int8.translate_batch(texts, beam_size=beam, max_new_tokens=limits)
        for d, limit in zip(decoded, limits, strict=True):
            assert d.tokens <= limit
            assert d.hit_limit == (d.tokens >= limit)
            assert -50.0 < d.mean_log_prob < 0.0


# --- the search orchestration, on a scripted search -------------------------------------


@dataclass
class _Result:
    hypotheses: list[list[str]]
    scores: list[float]


@dataclass
class _Async:
    value: _Result

    def result(self) -> _Result:
        return self.value


@dataclass
class _Scored:
    log_probs: list[float]


class ScriptedSearch:
    """Stands in for ctranslate2.Translator with a search whose outcome is known.

    A row (told apart by its source length n) ends its best hypothesis after ``end(n)``
    tokens (end-of-sentence included) and its search ``tail(n)`` steps later. A search that
    reaches its last step before that returns something that depends on the limit, like
    the real search, which then counts every live beam as finished.
    """

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.calls: list[tuple[int, int]] = []  # (rows, max_decoding_length)

    @staticmethod
    def end(n: int) -> int:
        return 3 + (n * 7) % 23

    @staticmethod
    def tail(n: int) -> int:
        return (n * 5) % 9

    def exact(self, n: int, limit: int) -> tuple[list[str], bool]:
        """What a search of this row alone with exactly ``limit`` gives."""
        steps = limit - 1
        last_step = self.end(n) - 1 + self.tail(n)
        if last_step <= steps - 2 or (self.end(n) <= steps and steps % 2 == 0):
            return [self.words[n % len(self.words)]] * (self.end(n) - 1), True
        return [self.words[(n + steps) % len(self.words)]] * steps, False

    def translate_batch(self, source: list[list[str]], **options: Any) -> list[_Async]:
        steps = options["max_decoding_length"]
        self.calls.append((len(source), steps))
        results = []
        for tokens in source:
            n = len(tokens)
            best, ended = self.exact(n, steps + 1)
            if ended:
                finished = min(self.end(n) + self.tail(n), steps)
                others = [[self.words[0]] * (finished - 1) + ["</s>"]]
                results.append(_Result([[*best, "</s>"], *others], [-0.5, -0.9]))
            else:
                results.append(_Result([best, best[:-1]], [-2.0, -2.5]))
        assert options["asynchronous"]
        return [_Async(r) for r in results]

    def score_batch(
        self, source: list[list[str]], target: list[list[str]], **options: Any
    ) -> list[_Scored]:
        return [_Scored([-1.0] * (len(t) + 1)) for t in target]


@pytest.mark.parametrize("beam", [1, 4])
def test_every_row_gets_the_search_with_its_own_limit(tiny_model_dir: Path, beam: int) -> None:
    backend = load_ctranslate2_backend(str(tiny_model_dir), threads=1, compute_type="int8")
    words = [w for w in backend.tokenizer.vocab if w.startswith("▁") and len(w) > 2][:50]
    script = ScriptedSearch(words)
    backend.translator = script
    texts = seed_sentences()[:30]
    lengths = backend.count_tokens(texts)
    limits = [TranslationOptions().max_new_tokens(n) // 3 + 2 for n in lengths]
    for long_rows_expected in (False, True):
        backend._rows_run_long = long_rows_expected  # either search order, same results
        script.calls.clear()
        together = backend.translate_batch(texts, beam_size=beam, max_new_tokens=limits)
        assert len(script.calls) <= len(set(limits)) + 1
    kinds = set()
    for n, limit, result in zip(lengths, limits, together, strict=True):
        if beam == 1:  # greedy search is prefix-stable: cut at the row's own limit
            tokens, ended = script.exact(n, max(limits))
            if not (ended and len(tokens) + 1 <= limit):
                tokens, ended = tokens[: limit - 1], False
        else:
            tokens, ended = script.exact(n, limit)
        kinds.add(ended)
        assert result.text == backend.tokenizer.decode(tokens)
        assert result.tokens == len(tokens) + 1 <= limit
        assert result.hit_limit == (result.tokens == limit)
        assert result.mean_log_prob == (-0.5 if ended else -1.0)  # search's score, or scored
    assert kinds == {True, False}  # the script exercises both kinds of row


def scripted_backend(tiny_model_dir: Path) -> tuple[CTranslate2Backend, ScriptedSearch]:
    backend = load_ctranslate2_backend(str(tiny_model_dir), threads=1, compute_type="int8")
    words = [w for w in backend.tokenizer.vocab if w.startswith("▁") and len(w) > 2][:50]
    script = ScriptedSearch(words)
    backend.translator = script
    return backend, script


def whole_batch_calls(calls: list[tuple[int, int]], *, rows: int, steps: int) -> int:
    """How many leading ``calls`` make up one search of all ``rows`` for ``steps`` (a
    worker's part each); fails unless they do."""
    covered = 0
    for count, (part, longest) in enumerate(calls, 1):
        assert longest == steps and 0 < part <= ct2s.SUB_BATCH
        covered += part
        if covered >= rows:
            assert covered == rows
            return count
    raise AssertionError(f"the calls {calls} do not search all {rows} rows for {steps} steps")


def test_a_few_rows_searched_again_leave_the_next_batch_one_search(
    tiny_model_dir: Path,
) -> None:
    # Issue 15: the rows searched again with their own limits are the ones that ran long,
    # so judging the next batch by them switched it to one search per limit (2.35x slower).
    backend, script = scripted_backend(tiny_model_dir)
    texts = seed_sentences()[:30]
    limits = [4, 5, 6] + [60] * 27  # three rows run into their limits, the rest end
    for _ in range(2):
        script.calls.clear()
        backend.translate_batch(texts, beam_size=4, max_new_tokens=limits)
        whole = whole_batch_calls(script.calls, rows=30, steps=59)
        assert sorted(script.calls[whole:]) == [(1, 3), (1, 4), (1, 5)]
        assert backend._rows_run_long is False


def test_the_search_mode_follows_the_whole_batch_both_ways(tiny_model_dir: Path) -> None:
    backend, script = scripted_backend(tiny_model_dir)
    texts = seed_sentences()[:30]
    short = [4 + i % 5 for i in range(30)]  # most rows run into their (small) limits
    backend.translate_batch(texts, beam_size=4, max_new_tokens=short)
    assert backend._rows_run_long is True
    script.calls.clear()
    backend.translate_batch(texts, beam_size=4, max_new_tokens=[60] * 30)  # all rows end
    # One search per limit: here a single one.
    assert whole_batch_calls(script.calls, rows=30, steps=59) == len(script.calls)
    assert backend._rows_run_long is False  # every row was searched: the whole batch seen
    script.calls.clear()
    backend.translate_batch(texts, beam_size=4, max_new_tokens=[60] * 29 + [59])
    whole_batch_calls(script.calls, rows=30, steps=59)  # back to the whole batch first


@pytest.mark.parametrize("beam", [1, 4])
def test_batches_searched_ahead_give_what_one_at_a_time_gives(
    tiny_model_dir: Path, beam: int
) -> None:
    # Issue 15: the next batches' searches are queued before a batch is read, so the
    # workers never wait for Python between batches; no row may get anything else for it.
    backend, script = scripted_backend(tiny_model_dir)
    texts = seed_sentences()[:30]
    batches = [
        (texts[i : i + 6], [4 + (i + j) % 9 * 7 for j in range(6)]) for i in (0, 6, 12, 18, 24)
    ]
    alone = [backend.translate_batch(t, beam_size=beam, max_new_tokens=m) for t, m in batches]
    backend._rows_run_long = False
    script.calls.clear()
    ahead = backend.translate_batches(iter(batches), beam_size=beam)
    first = next(ahead)
    # Before the first batch is handed back, the next AHEAD batches are already queued.
    assert [rows for rows, _ in script.calls[:3]] == [6, 6, 6]
    assert [first, *ahead] == alone


def test_the_engine_hands_a_searching_ahead_backend_every_batch(tiny_model_dir: Path) -> None:
    translator = Translator.load(
        str(tiny_model_dir),
        backend="ctranslate2",
        threads=2,
        options=TranslationOptions(beam_size=4, max_batch_sentences=4),
    )
    # Sentences the model translates: a line such as '(*)' is copied, never decoded.
    lines = [line for line in seed_sentences() if not is_copy_only(line)][:20]
    one_by_one = [
        translator.backend.translate_batch(
            [line], beam_size=4, max_new_tokens=[translator.options.max_new_tokens(n)]
        )[0].text
        for line, n in zip(lines, translator.backend.count_tokens(lines), strict=True)
    ]
    seen: list[tuple[int, int]] = []
    results = translator.translate_sentences(lines, progress=lambda d, t: seen.append((d, t)))
    assert [r.translation for r in results] == one_by_one
    assert [d for d, _ in seen] == sorted({d for d, _ in seen}) and seen[-1] == (20, 20)
    assert len(seen) == 5  # progress after every batch of 4, as they come back


def test_greedy_cut() -> None:
    ended = ct2s.Hypothesis(["a", "b"], True, -0.3)
    assert ct2s.cut(ended, 3) == ended  # two tokens and end-of-sentence: within 3
    assert ct2s.cut(ended, 2) == ct2s.Hypothesis(["a"], False, None)
    running = ct2s.Hypothesis(["a"] * 20, False, None)
    assert ct2s.cut(running, 8) == ct2s.Hypothesis(["a"] * 7, False, None)


# --- conversion cache --------------------------------------------------------------------


def test_conversion_is_cached_per_compute_type(tiny_model_dir: Path, tmp_path: Path) -> None:
    first = converted_model(tiny_model_dir, model_id="tiny", compute_type="int8", cache=tmp_path)
    again = converted_model(tiny_model_dir, model_id="tiny", compute_type="int8", cache=tmp_path)
    other = converted_model(tiny_model_dir, model_id="tiny", compute_type="float32", cache=tmp_path)
    assert first == again != other
    assert is_ctranslate2_model(first) and is_ctranslate2_model(other)
    assert (first / "source.spm").is_file() and (first / "vocab.json").is_file()
    assert sorted(p.name for p in (tmp_path / "ctranslate2").iterdir()) == sorted(
        [first.name, other.name]
    )


def test_interrupted_conversion_leaves_no_cache(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_written(
        source: Path, output: Path, compute_type: str, module: Any, family: Any
    ) -> None:
        output.mkdir(parents=True)
        (output / "config.json").write_text("{}")
        raise KeyboardInterrupt

    monkeypatch.setattr(ct2c, "_convert", half_written)
    with pytest.raises(KeyboardInterrupt):
        converted_model(tiny_model_dir, model_id="tiny", compute_type="int8", cache=tmp_path)
    assert list((tmp_path / "ctranslate2").iterdir()) == []
    monkeypatch.undo()
    folder = converted_model(tiny_model_dir, model_id="tiny", compute_type="int8", cache=tmp_path)
    assert is_ctranslate2_model(folder)


def test_stale_partial_conversions_are_removed(tiny_model_dir: Path, tmp_path: Path) -> None:
    name = ct2c._cache_name(tiny_model_dir, "tiny", "int8")
    stale = tmp_path / "ctranslate2" / f".{name}.partial-old"
    stale.mkdir(parents=True)
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    converted_model(tiny_model_dir, model_id="tiny", compute_type="int8", cache=tmp_path)
    assert not stale.exists()


def test_a_ctranslate2_folder_is_used_as_is(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = converted_model(tiny_model_dir, model_id="tiny", compute_type="int8", cache=tmp_path)
    entries = sorted((tmp_path / "ctranslate2").iterdir())
    backend = load_ctranslate2_backend(str(folder), threads=1, compute_type="int8")
    assert backend.folder == folder
    assert sorted((tmp_path / "ctranslate2").iterdir()) == entries
    assert backend.translate_batch(["Dia pergi."], beam_size=1, max_new_tokens=[4])[0].tokens


def test_transformers_backend_points_a_ctranslate2_folder_to_its_backend(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    folder = converted_model(tiny_model_dir, model_id="tiny", compute_type="int8", cache=tmp_path)
    with pytest.raises(OptionsError, match="--backend ctranslate2"):
        Translator.load(str(folder), backend="transformers")


def test_a_ctranslate2_folder_without_tokenizer_says_what_to_copy(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    folder = converted_model(tiny_model_dir, model_id="tiny", compute_type="int8", cache=tmp_path)
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        (bare / name).write_bytes((folder / name).read_bytes())
    with pytest.raises(ModelNotFoundError, match="--copy_files"):
        load_ctranslate2_backend(str(bare), compute_type="int8")


def test_unconvertible_model_raises_a_conversion_error(tmp_path: Path) -> None:
    folder = tmp_path / "not-marian"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "no-such-architecture"}))
    # transformers does not know the architecture either: name the file, suggest no backend.
    with pytest.raises(ConversionError, match=r"config\.json is not a valid") as raised:
        converted_model(folder, model_id="x", compute_type="int8", cache=tmp_path)
    assert "--backend" not in str(raised.value)


# --- choosing the backend and compute type -----------------------------------------------


def test_load_reports_backend_and_compute_type(tiny_model_dir: Path) -> None:
    translator = Translator.load(
        str(tiny_model_dir), backend="ctranslate2", compute_type="float32", threads=1
    )
    info = translator.info
    assert (info.backend, info.compute_type, info.threads, info.device) == (
        "ctranslate2",
        "float32",
        1,
        "cpu",
    )
    assert translator.translate_article("Dia pergi.").engine == info


def test_invalid_backend_choices_raise_options_errors(
    tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(
        OptionsError, match=r"not available on cpu; choose one of: int8, int8_float32"
    ):
        Translator.load(str(tiny_model_dir), backend="ctranslate2", compute_type="float16")
    with pytest.raises(OptionsError, match="float32 only"):
        Translator.load(str(tiny_model_dir), backend="transformers", compute_type="int8")
    with pytest.raises(OptionsError, match="choose one of"):
        Translator.load(str(tiny_model_dir), backend="onnx")
    monkeypatch.setenv("KABAR_BACKEND", "onnx")
    with pytest.raises(OptionsError, match="KABAR_BACKEND"):
        Translator.load(str(tiny_model_dir))


def test_kabar_backend_env_sets_the_default(
    tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KABAR_BACKEND", "transformers")
    assert Translator.load(str(tiny_model_dir), threads=1).info.backend == "transformers"
    monkeypatch.delenv("KABAR_BACKEND")
    info = Translator.load(str(tiny_model_dir), threads=1).info
    assert (info.backend, info.compute_type) == ("ctranslate2", "int8")


def run_cli(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_backend_and_compute_type_flags(
    tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = str(seed_files()[0])
    common = ["translate", seed, "--model", str(tiny_model_dir), "--beam", "1", "--threads", "1"]
    code, out, err = run_cli(
        [*common, "--backend", "ctranslate2", "--compute-type", "float32", "--format", "json"],
        capsys,
    )
    assert code == 0, err
    engine = json.loads(out)["engine"]
    assert (engine["backend"], engine["compute_type"]) == ("ctranslate2", "float32")
    assert "ctranslate2" in err and "float32" in err  # the engine report on stderr
    code, _, err = run_cli([*common, "--compute-type", "float99"], capsys)
    assert code == 2 and "float99" in err and "int8" in err
    code, _, err = run_cli([*common, "--backend", "onnx"], capsys)
    assert code == 2 and "ctranslate2" in err


def test_ctranslate2_output_guard_never_exceeds_the_decoder_positions(
    tiny_model_dir: Path,
) -> None:
    from kabar.translate.backends.ctranslate2 import load_ctranslate2_backend
    from kabar.translate.engine import Translator
    from kabar.translate.options import TranslationOptions

    backend = load_ctranslate2_backend(str(tiny_model_dir), threads=1, compute_type="float32")
    sentence = " ".join(f"kata{i % 50} dan" for i in range(50)) + "."
    assert 256 < backend.count_tokens([sentence])[0] <= 450  # the guard would be > 512
    options = TranslationOptions(beam_size=1, max_input_tokens=450)
    [result] = Translator(backend, options).translate_sentences([sentence])
    assert result.chunks == 1 and "length_limit" in result.flags


def test_balanced_parts_share_the_work_and_lose_no_row() -> None:
    lengths = [40, 38, 35, 30, 12, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2, 2]
    indices = [100 + i for i in range(len(lengths))]
    parts = ct2s.balanced_parts(indices, lengths, workers=2)
    assert sorted(i for part in parts for i in part) == indices  # every row, once
    loads = [sum(lengths[i - 100] for i in part) for part in parts]
    assert len(parts) == 2 and max(loads) - min(loads) <= max(lengths[4:])
    # Consecutive length-sorted halves, as CTranslate2 cuts a call, are far apart.
    assert sum(lengths[:8]) - sum(lengths[8:]) > 5 * (max(loads) - min(loads))
    many = ct2s.balanced_parts(list(range(30)), [30 - i for i in range(30)], workers=2)
    assert len(many) == 4 and max(len(p) for p in many) <= ct2s.SUB_BATCH
    assert ct2s.balanced_parts([7], [5], workers=2) == [[7]]
    assert ct2s.balanced_parts([], [], workers=2) == []
