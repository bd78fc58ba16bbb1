"""Model families on tiny random NLLB-200 and M2M100 models (and a multi-target Marian):
detection, language tokens, both backends alike, chunking at the model's own limit, batch
invariance, confidence without the forced token, short names, messages, the manifest."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from kabar.cli.main import main
from kabar.core.errors import ModelNotFoundError
from kabar.translate import quality
from kabar.translate.backends.base import Backend, BackendSource
from kabar.translate.backends.ctranslate2 import CTranslate2Backend, load_ctranslate2_backend
from kabar.translate.backends.transformers import TransformersBackend
from kabar.translate.engine import Translator
from kabar.translate.families import family_named, family_of_folder
from kabar.translate.model_source import not_found_message, resolve_model
from kabar.translate.options import TranslationOptions
from kabar.translate.spec import EngineSpec
from tests.conftest import REPO, SpyBackend, assert_same_translations
from tests.test_ctranslate2 import FAST, seed_sentences

pytest.importorskip("ctranslate2")

FAMILIES = ("nllb", "m2m100")


def short_sentences(backend: Backend, count: int) -> list[str]:
    """Seed sentences within the tiny models' 64 positions (a backend is only ever given
    those; the engine chunks longer ones)."""
    sentences = seed_sentences()
    fits = [s for s, n in zip(sentences, backend.count_tokens(sentences), strict=True) if n <= 60]
    return fits[:count]


# Every language token of either vocabulary, as text.
LANGUAGE_TOKEN = re.compile(r"\b[a-z]{3}_[A-Z][a-z]{3}\b|__[a-z]{2,3}__|>>[a-z]+<<")


@pytest.fixture(scope="module")
def folders(tiny_nllb_dir: Path, tiny_m2m100_dir: Path) -> dict[str, Path]:
    return {"nllb": tiny_nllb_dir, "m2m100": tiny_m2m100_dir}


@pytest.fixture(scope="module")
def torch_backends(folders: dict[str, Path]) -> dict[str, TransformersBackend]:
    return {
        name: TransformersBackend(BackendSource(folder, model_id=str(folder), threads=1))
        for name, folder in folders.items()
    }


@pytest.fixture(scope="module")
def ct2_backends(folders: dict[str, Path]) -> dict[str, CTranslate2Backend]:
    return {
        name: load_ctranslate2_backend(str(folder), threads=1, compute_type="float32")
        for name, folder in folders.items()
    }


def test_family_is_told_by_the_tokenizer(folders: dict[str, Path], tmp_path: Path) -> None:
    for name, folder in folders.items():
        assert family_of_folder(folder) == family_named(name)
        # Without a tokenizer class in tokenizer_config.json, the vocabulary tells.
        copy = tmp_path / name
        shutil.copytree(folder, copy)
        config = json.loads((copy / "tokenizer_config.json").read_text("utf-8"))
        del config["tokenizer_class"]
        (copy / "tokenizer_config.json").write_text(json.dumps(config), "utf-8")
        assert family_of_folder(copy) == family_named(name)
    # Neither says: a clear error, not a guess.
    blank = tmp_path / "blank"
    blank.mkdir()
    shutil.copy(folders["nllb"] / "config.json", blank)
    with pytest.raises(ModelNotFoundError, match="nllb or m2m100"):
        family_of_folder(blank)


@pytest.mark.parametrize("name", FAMILIES)
def test_language_tokens_around_the_source_and_target(
    name: str, torch_backends: dict[str, TransformersBackend]
) -> None:
    tokenizer = torch_backends[name].tokenizer
    source, target = {"nllb": ("ind_Latn", "eng_Latn"), "m2m100": ("__id__", "__en__")}[name]
    ids = tokenizer(["Rusia membantah."])["input_ids"][0]
    assert tokenizer.convert_ids_to_tokens(ids)[0] == source
    assert tokenizer.source_prefix == (source,)
    assert tokenizer.target_prefix == (target,)
    # decode never spells a language token, wherever it is.
    with_codes = [*tokenizer.target_prefix_ids, *ids, *tokenizer.target_prefix_ids]
    decoded = tokenizer.decode(with_codes, skip_special_tokens=True)
    assert decoded.strip() == "Rusia membantah."


@pytest.mark.parametrize("name", FAMILIES)
def test_greedy_float32_is_identical_on_both_backends(
    name: str,
    torch_backends: dict[str, TransformersBackend],
    ct2_backends: dict[str, CTranslate2Backend],
) -> None:
    sentences = seed_sentences()[:40]
    options = TranslationOptions(beam_size=1, **FAST)
    expected = Translator(torch_backends[name], options).translate_sentences(sentences)
    got = Translator(ct2_backends[name], options).translate_sentences(sentences)
    assert_same_translations(got, expected, abs_tol=1e-3)
    assert any(s.translation for s in got)


@pytest.mark.parametrize("name", FAMILIES)
@pytest.mark.parametrize("backend_kind", ["transformers", "ctranslate2"])
def test_batched_equals_one_by_one(
    name: str,
    backend_kind: str,
    torch_backends: dict[str, TransformersBackend],
    ct2_backends: dict[str, CTranslate2Backend],
) -> None:
    backend: Backend = (torch_backends if backend_kind == "transformers" else ct2_backends)[name]
    sentences = seed_sentences()[:24]
    for beam in (1, 3):
        one = Translator(
            backend, TranslationOptions(beam_size=beam, max_batch_sentences=1, **FAST)
        ).translate_sentences(sentences)
        spy = SpyBackend(backend)
        batched = Translator(
            spy, TranslationOptions(beam_size=beam, max_batch_sentences=12, **FAST)
        ).translate_sentences(sentences)
        assert max(len(texts) for texts, _ in spy.batches) == 12
        assert_same_translations(batched, one, abs_tol=1e-4)


@pytest.mark.parametrize("name", FAMILIES)
def test_over_long_sentence_is_chunked_at_the_models_own_limit(
    name: str, ct2_backends: dict[str, CTranslate2Backend]
) -> None:
    backend = ct2_backends[name]
    # The tiny models have 64 positions, below the default option of 200 tokens.
    assert backend.max_input_tokens == 64 < TranslationOptions().max_input_tokens
    translator = Translator(backend, TranslationOptions(beam_size=1, **FAST))
    assert translator.input_limit == 64
    long = " ".join(seed_sentences()[:6])
    spy = SpyBackend(backend)
    [result] = Translator(spy, translator.options).translate_sentences([long])
    assert quality.FLAG_CHUNKED in result.flags and result.chunks > 1
    pieces = [text for texts, _ in spy.batches for text in texts]
    assert all(n <= 64 for n in backend.count_tokens(pieces))
    # Counted with the language token: what the model reads.
    assert backend.count_tokens(["Rusia"])[0] == len(
        backend.tokenizer.inner(["Rusia"])["input_ids"][0]
    )


@pytest.mark.parametrize("name", FAMILIES)
def test_no_language_token_in_any_translation(
    name: str,
    torch_backends: dict[str, TransformersBackend],
    ct2_backends: dict[str, CTranslate2Backend],
) -> None:
    for backend in (torch_backends[name], ct2_backends[name]):
        decoded = backend.translate_batch(
            short_sentences(backend, 30), beam_size=2, max_new_tokens=[12] * 30
        )
        for d in decoded:
            assert not LANGUAGE_TOKEN.search(d.text), d.text
    # Not an empty check: these random weights do emit language tokens after the forced one.
    ct2 = ct2_backends[name]
    texts = short_sentences(ct2, 30)
    raw = ct2.translator.translate_batch(
        ct2._source_tokens(texts),
        target_prefix=[list(ct2.target_prefix)] * len(texts),
        beam_size=2,
        max_decoding_length=12,
    )
    emitted = [t for r in raw for t in r.hypotheses[0][1:] if LANGUAGE_TOKEN.fullmatch(t)]
    assert emitted


@pytest.mark.parametrize("name", FAMILIES)
def test_confidence_leaves_the_forced_token_out(
    name: str,
    torch_backends: dict[str, TransformersBackend],
    ct2_backends: dict[str, CTranslate2Backend],
) -> None:
    """Both backends' mean log-probability is that of the model's own tokens: CTranslate2's
    forced scoring of prefix + output, minus the prefix's entry."""
    ct2 = ct2_backends[name]
    texts = short_sentences(ct2, 8)
    limits = [10] * len(texts)
    for backend in (torch_backends[name], ct2):
        decoded = backend.translate_batch(texts, beam_size=1, max_new_tokens=limits)
        ct2_rows = ct2.translate_batch(texts, beam_size=1, max_new_tokens=limits)
        sources = ct2._source_tokens(texts)
        for text_index, (d, row) in enumerate(zip(decoded, ct2_rows, strict=True)):
            assert d.text == row.text
            result = ct2.translator.translate_batch(
                [sources[text_index]],
                target_prefix=[ct2.target_prefix],
                beam_size=1,
                max_decoding_length=10 - 1 + 1,
                return_end_token=True,
            )[0]
            tokens = list(result.hypotheses[0])
            assert tokens[0] == ct2.target_prefix[0]
            scored = ct2.translator.score_batch([sources[text_index]], [tokens])[0]
            log_probs = list(scored.log_probs)
            if tokens[-1] == ct2.eos:
                log_probs = log_probs[:-1]  # score_batch appends end-of-sentence once more
            without = sum(log_probs[1:]) / len(log_probs[1:])
            with_forced = sum(log_probs) / len(log_probs)
            assert math.isclose(d.mean_log_prob, without, abs_tol=2e-3)
            assert not math.isclose(d.mean_log_prob, with_forced, abs_tol=1e-2)


def test_search_score_is_rescaled_without_the_prefix(
    ct2_backends: dict[str, CTranslate2Backend],
) -> None:
    """CTranslate2's beam score counts the forced prefix in its length at log-probability
    0; the backend undoes that for a hypothesis that ended."""
    backend = ct2_backends["nllb"]
    result = SimpleNamespace(
        hypotheses=[["eng_Latn", "▁a", "▁b", "</s>"]] * 2, scores=[-0.75, -0.9]
    )
    searched = backend._searched(result, limit=10)
    assert searched.best.tokens == ["▁a", "▁b"] and searched.best.ended
    assert searched.best.mean_log_prob == pytest.approx(-0.75 * 4 / 3)


def test_multi_target_marian_gets_its_english_token(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mul"
    shutil.copytree(tiny_model_dir, folder)
    vocab = json.loads((folder / "vocab.json").read_text("utf-8"))
    # Two of the tiny vocabulary's rows become language tokens (the model keeps its size).
    pieces = [p for p in vocab if p not in ("</s>", "<unk>", "<pad>")]
    vocab[">>eng<<"] = vocab.pop(pieces[-1])
    vocab[">>fra<<"] = vocab.pop(pieces[-2])
    (folder / "vocab.json").write_text(json.dumps(vocab), "utf-8")
    backend = TransformersBackend(BackendSource(folder, model_id=str(folder), threads=1))
    assert backend.tokenizer.source_prefix == (">>eng<<",)
    ids = backend.tokenizer(["Rusia membantah."])["input_ids"][0]
    assert backend.tokenizer.convert_ids_to_tokens(ids)[0] == ">>eng<<"
    [result] = Translator(backend, TranslationOptions(beam_size=1, **FAST)).translate_sentences(
        ["Rusia membantah."]
    )
    assert ">>" not in result.translation
    # A multi-target model without English: said plainly.
    del vocab[">>eng<<"]
    vocab[">>deu<<"] = len(vocab) + 5
    (folder / "vocab.json").write_text(json.dumps(vocab), "utf-8")
    with pytest.raises(ModelNotFoundError, match=">>eng<<"):
        family_named("marian").load_tokenizer(folder)


def test_short_names_resolve_to_hub_ids(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.chdir(tmp_path)
    spec = EngineSpec.resolve("nllb-600m", backend="ctranslate2")
    assert spec.model == "facebook/nllb-200-distilled-600M" and spec.family == "nllb"
    assert EngineSpec.resolve("opus-mt", backend="ctranslate2").family == "marian"
    monkeypatch.setenv("KABAR_MODEL", "nllb-3.3b")
    assert EngineSpec.resolve(None, backend="ctranslate2").model == "facebook/nllb-200-3.3B"
    # A folder of that name here wins over the short name.
    (tmp_path / "nllb-600m").mkdir()
    assert EngineSpec.resolve("nllb-600m", backend="ctranslate2").model == str(
        (tmp_path / "nllb-600m").resolve()
    )


@pytest.mark.parametrize(
    ("model", "files"),
    [
        ("facebook/nllb-200-distilled-600M", ("tokenizer.json", "tokenizer_config.json")),
        ("facebook/m2m100_418M", ("sentencepiece.bpe.model", "vocab.json")),
        ("Helsinki-NLP/opus-mt-id-en", ("source.spm", "target.spm")),
    ],
)
def test_offline_message_names_the_model_and_its_familys_files(
    model: str, files: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    with pytest.raises(ModelNotFoundError) as error:
        resolve_model(model)
    message = str(error.value)
    assert model in message and "kabar download" in message
    assert all(name in message for name in (*files, "config.json"))


def test_incomplete_nllb_folder_names_what_it_lacks(tiny_nllb_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "nllb"
    shutil.copytree(tiny_nllb_dir, folder)
    (folder / "tokenizer.json").unlink()
    with pytest.raises(ModelNotFoundError, match=r"lacks tokenizer\.json"):
        resolve_model(str(folder))
    assert "tokenizer.json" in not_found_message("x", "why", family_named("nllb"))


def test_download_fetches_exactly_the_familys_files() -> None:
    nllb_repo = [
        ".gitattributes",
        "README.md",
        "config.json",
        "generation_config.json",
        "pytorch_model.bin",
        "sentencepiece.bpe.model",
        "special_tokens_map.json",
        "tokenizer.json",
        "tokenizer_config.json",
    ]
    patterns = family_named("nllb").download_patterns(nllb_repo)
    assert sorted(patterns) == sorted(
        [
            "config.json",
            "generation_config.json",
            "pytorch_model.bin",
            "special_tokens_map.json",
            "tokenizer.json",
            "tokenizer_config.json",
        ]
    )
    sharded = ["config.json", "pytorch_model.bin.index.json", "pytorch_model-00001-of-00003.bin"]
    patterns = family_named("nllb").download_patterns(sharded)
    assert "pytorch_model.bin.index.json" in patterns
    assert "pytorch_model-*-of-*.bin" in patterns and "pytorch_model.bin" not in patterns
    m2m = family_named("m2m100").download_patterns(["config.json", "model.safetensors"])
    assert {"vocab.json", "sentencepiece.bpe.model", "model.safetensors"} <= set(m2m)


def test_nllb_is_said_to_be_non_commercial(
    tiny_nllb_dir: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Rusia membantah rencana serangan.", "utf-8")
    common = ["--backend", "ctranslate2", "--beam", "1", "--threads", "1", "--quiet"]
    code = main(
        ["translate", str(article), "--model", str(tiny_nllb_dir), *common, "--format", "json"]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "non-commercial" in captured.err and captured.err.count("non-commercial") == 1
    data = json.loads(captured.out)
    assert any("non-commercial" in n for n in data["engine"]["notices"])
    assert any("non-commercial" in n for n in data["notices"])
    assert data["engine"]["family"] == "nllb"
    assert main(["translate", str(article), "--model", str(tiny_model_dir), *common]) == 0
    assert "non-commercial" not in capsys.readouterr().err


def test_models_lists_every_known_model_and_what_is_here(
    tiny_nllb_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The tiny NLLB placed in the Hugging Face cache under the real 600M's id.
    snapshot = tmp_path / "models--facebook--nllb-200-distilled-600M" / "snapshots" / ("b" * 40)
    shutil.copytree(tiny_nllb_dir, snapshot)
    (snapshot.parents[1] / "refs").mkdir()
    (snapshot.parents[1] / "refs" / "main").write_text("b" * 40)
    # A fresh process: huggingface_hub reads HF_HUB_CACHE when it is imported.
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_HUB_CACHE=str(tmp_path), PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-m", "kabar", "models", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    models = {m["name"]: m for m in json.loads(proc.stdout)["models"]}
    assert {"opus-mt", "nllb-600m", "nllb-1.3b", "nllb-3.3b"} <= set(models)
    here = models["nllb-600m"]
    assert here["on_this_machine"] and here["disk_measured"]
    size = sum(p.stat().st_size for p in tiny_nllb_dir.iterdir())
    assert here["disk_mb"] == round(size / 1e6)
    assert not models["nllb-3.3b"]["on_this_machine"]
    assert not here["commercial_use"] and models["opus-mt"]["commercial_use"]
    assert models["opus-mt"]["flores_bleu"] == 33.4
    table = subprocess.run(
        [sys.executable, "-m", "kabar", "models"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    rows = [line for line in table.splitlines() if line.startswith("| nllb")]
    assert len(rows) == 3 and all("non-commercial" in row for row in rows)
    assert "| yes |" in next(r for r in rows if r.startswith("| nllb-600m"))


def test_download_by_short_name_offline_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert main(["download", "nllb-600m"]) == 1
    err = capsys.readouterr().err
    assert "facebook/nllb-200-distilled-600M" in err and "non-commercial" in err
    assert "tokenizer.json" in err


def test_another_model_is_another_fingerprint(
    tiny_nllb_dir: Path, tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nllb = EngineSpec.resolve(str(tiny_nllb_dir), backend="ctranslate2", threads=1)
    marian = EngineSpec.resolve(str(tiny_model_dir), backend="ctranslate2", threads=1)
    assert nllb.family == "nllb" and marian.family == "marian"
    assert nllb.fingerprint() != marian.fingerprint()
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text("Rusia membantah rencana serangan.\n", "utf-8")
    args = ["translate-dir", str(src), str(out), "--beam", "1", "--threads", "1"]
    assert main([*args, "--model", str(tiny_model_dir), "--backend", "ctranslate2"]) == 0
    first = (out / "a.en.txt").read_text("utf-8")
    capsys.readouterr()
    # The same model again: nothing to redo; another model: translated again.
    assert main([*args, "--model", str(tiny_model_dir), "--backend", "ctranslate2"]) == 0
    again = capsys.readouterr().err
    assert main([*args, "--model", str(tiny_nllb_dir), "--backend", "ctranslate2"]) == 0
    other = capsys.readouterr().err
    assert (out / "a.en.txt").read_text("utf-8") != first
    assert again != other


@pytest.mark.parametrize("name", FAMILIES)
def test_output_guard_counts_the_models_own_tokens(
    name: str,
    torch_backends: dict[str, TransformersBackend],
    ct2_backends: dict[str, CTranslate2Backend],
) -> None:
    """The limit bounds the tokens after the forced language token, per row, the same on
    both backends."""
    limits = [2, 5, 9, 14]
    for beam in (1, 3):
        rows = {}
        for backend in (torch_backends[name], ct2_backends[name]):
            texts = short_sentences(backend, len(limits))
            decoded = backend.translate_batch(texts, beam_size=beam, max_new_tokens=limits)
            for d, limit in zip(decoded, limits, strict=True):
                assert 1 <= d.tokens <= limit
                assert d.hit_limit == (d.tokens >= limit)
            rows[backend.name] = [(d.text, d.tokens) for d in decoded]
        assert rows["transformers"] == rows["ctranslate2"]
