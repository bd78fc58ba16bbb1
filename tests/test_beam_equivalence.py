"""Both backends run the same beam search and the same tokenizer (issue 15).

A tiny model that ends its sentences (the benchmark's EOS read-out, fitted on other seed
sentences) makes the beam searches stop and rank finished hypotheses on their own, which
forced lengths never exercise. The CTranslate2 backend's sentencepiece tokenizer must give
MarianTokenizer's tokens and texts exactly, on the tiny model and on the real opus-mt one.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kabar.translate.backends.base import BackendSource
from kabar.translate.backends.ctranslate2 import converted_model, load_ctranslate2_backend
from kabar.translate.backends.transformers import TransformersBackend
from kabar.translate.engine import Translator
from kabar.translate.families.marian_pieces import MarianPieces
from kabar.translate.options import TranslationOptions
from tests.conftest import REAL_TOKENIZER, REPO, TESTSETS
from tests.test_ctranslate2 import seed_sentences

pytest.importorskip("ctranslate2")

TRICKY = [
    "",
    " ",
    "a </s> b",
    "<unk>x<pad>",
    ">>eng<< halo dunia",
    "x >>eng<< y",
    "emoji 😀 漢字 ÿ ﬁ",
    "  spasi   ganda  ",
    "tab\tdan\nbaris",
    "</s>",
    'Harga naik 3,5% (Rp 12.000/kg) — "katanya".',
]


@pytest.fixture(scope="module")
def ending_model_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from transformers import MarianMTModel, MarianTokenizer

    from kabar.eval.measure.bench_model import add_eos_readout

    folder = tmp_path_factory.mktemp("tiny-ending")
    shutil.copytree(tiny_model_dir, folder, dirs_exist_ok=True)
    model = MarianMTModel.from_pretrained(str(tiny_model_dir)).eval()  # type: ignore[no-untyped-call]
    tokenizer = MarianTokenizer.from_pretrained(str(tiny_model_dir))
    # The tiny model's logits are larger than opus-mt's, hence its own bias: measured, about
    # two thirds of the test sentences then end before the length guard.
    add_eos_readout(model, tokenizer, seed_sentences()[40:], alpha=40.0, bias=5.0)
    model.save_pretrained(str(folder))
    return folder


@pytest.mark.parametrize("beam", [2, 4])
def test_beam_search_is_the_same_when_sentences_end(ending_model_dir: Path, beam: int) -> None:
    sentences = seed_sentences()[:40]  # not the ones the read-out was fitted on
    options = TranslationOptions(beam_size=beam)
    reference = TransformersBackend(
        BackendSource(ending_model_dir, model_id="tiny-ending", threads=1)
    )
    ct2 = load_ctranslate2_backend(str(ending_model_dir), threads=1, compute_type="float32")
    expected = Translator(reference, options).translate_sentences(sentences)
    got = Translator(ct2, options).translate_sentences(sentences)
    ended = sum("length_limit" not in s.flags for s in expected)
    assert ended >= len(sentences) // 2  # the searches stop on their own, not at the guard
    assert [s.translation for s in got] == [s.translation for s in expected]
    assert [s.flags for s in got] == [s.flags for s in expected]
    for a, b in zip(got, expected, strict=True):
        assert a.confidence == pytest.approx(b.confidence, abs=1e-3)


def test_batching_does_not_change_results_when_sentences_end(ending_model_dir: Path) -> None:
    ct2 = load_ctranslate2_backend(str(ending_model_dir), threads=2, compute_type="int8")
    sentences = seed_sentences()
    alone = TranslationOptions(beam_size=4, max_batch_sentences=1)
    together = TranslationOptions(beam_size=4, max_batch_sentences=32)
    one = Translator(ct2, alone).translate_sentences(sentences)
    many = Translator(ct2, together).translate_sentences(sentences)
    assert [s.translation for s in many] == [s.translation for s in one]
    assert [s.confidence for s in many] == pytest.approx([s.confidence for s in one], abs=1e-4)


def assert_same_tokenizer(folder: Path, texts: list[str]) -> None:
    from transformers import MarianTokenizer

    marian = MarianTokenizer.from_pretrained(str(folder))
    pieces = MarianPieces(folder)
    for text in texts:
        ids = marian(text, add_special_tokens=True, verbose=False)["input_ids"]
        assert pieces.encode(text) == marian.convert_ids_to_tokens(ids), text
    rng = random.Random(0)
    vocab = list(pieces.vocab)
    samples = [[rng.choice(vocab) for _ in range(rng.randint(0, 30))] for _ in range(500)]
    samples += [pieces.encode(text) for text in texts]
    for tokens in samples:
        ids = marian.convert_tokens_to_ids(tokens)
        assert pieces.decode(tokens) == marian.decode(ids, skip_special_tokens=True).strip()


def test_sentencepiece_tokenizer_is_marians_on_the_tiny_model(tiny_model_dir: Path) -> None:
    assert_same_tokenizer(tiny_model_dir, seed_sentences() + TRICKY)


def test_sentencepiece_tokenizer_is_marians_on_opus_mt() -> None:
    flores = TESTSETS / "flores200-devtest.ind"
    if not (REAL_TOKENIZER / "vocab.json").is_file() or not flores.is_file():
        pytest.skip("../shared (the real tokenizer and FLORES) is absent")
    texts = flores.read_text("utf-8").splitlines() + TRICKY
    assert_same_tokenizer(REAL_TOKENIZER, texts)


def test_ctranslate2_backend_loads_neither_torch_nor_transformers(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    # Importing them cost ~0.8 s of a one-sentence run's 1.7 s (issue 15).
    folder = converted_model(tiny_model_dir, model_id="tiny", compute_type="int8", cache=tmp_path)
    code = (
        "import sys\n"
        "from kabar.translate.engine import Translator\n"
        f"t = Translator.load({str(folder)!r}, backend='ctranslate2', threads=1)\n"
        "assert t.translate_article('Dia pergi ke pasar.').paragraphs\n"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
