"""The real opus-mt-id-en tokenizer (../shared) with a full-size random-weight model.

Random weights translate into garbage and rarely stop, so outputs are bounded tightly and
only structure is asserted. Skipped when ../shared is absent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kabar.translate import quality
from kabar.translate.backends.base import BackendSource
from kabar.translate.backends.transformers import TransformersBackend
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from tests.conftest import REAL_TOKENIZER, SpyBackend, seed_files

pytestmark = pytest.mark.skipif(
    not (REAL_TOKENIZER / "source.spm").is_file(),
    reason=f"the real tokenizer is absent ({REAL_TOKENIZER}); these tests need ../shared",
)
BOUNDED = TranslationOptions(beam_size=1, output_ratio=0.15, output_slack=2)


@pytest.fixture(scope="module")
def full_size_backend(tmp_path_factory: pytest.TempPathFactory) -> TransformersBackend:
    import torch
    from transformers import MarianConfig, MarianMTModel

    folder: Path = tmp_path_factory.mktemp("opus-mt-id-en-random")
    for item in REAL_TOKENIZER.iterdir():
        shutil.copy(item, folder / item.name)
    torch.manual_seed(0)
    MarianMTModel(MarianConfig.from_pretrained(str(REAL_TOKENIZER))).save_pretrained(folder)
    return TransformersBackend(
        BackendSource(folder, model_id="opus-mt-id-en (random weights)", threads=2)
    )


def test_full_size_model_shape(full_size_backend: TransformersBackend) -> None:
    assert full_size_backend.max_input_tokens == 512
    params = sum(p.numel() for p in full_size_backend.model.parameters())
    assert 70e6 < params < 80e6
    [count] = full_size_backend.count_tokens(["Sekretaris Jenderal NATO Mark Rutte."])
    assert 6 <= count <= 16


def test_seed_article_translates_with_structure(full_size_backend: TransformersBackend) -> None:
    text = seed_files()[3].read_text("utf-8")
    article = Translator(full_size_backend, BOUNDED).translate_article(text)
    assert len(article.paragraphs) == len([line for line in text.splitlines() if line.strip()])
    for s in article.sentences:
        assert s.source == text[s.start : s.end]
        assert s.translation and 0.0 <= s.confidence <= 1.0 and s.chunks == 1


def test_600_word_sentence_is_chunked_within_the_limit(
    full_size_backend: TransformersBackend,
) -> None:
    clause = (
        "pemerintah menyatakan bahwa bantuan militer akan dikirim ke Ukraina pada pekan depan, "
        "sementara para menteri pertahanan membahas jaminan keamanan jangka panjang"
    )
    sentence = "; ".join([clause] * 30) + "."
    assert len(sentence.split()) >= 600
    spy = SpyBackend(full_size_backend)
    translator = Translator(spy, BOUNDED)
    [result] = translator.translate_sentences([sentence])
    pieces = [t for texts, _ in spy.batches for t in texts]
    counts = full_size_backend.count_tokens(pieces)
    assert max(counts) <= translator.input_limit
    whole = full_size_backend.count_tokens([sentence])[0]
    assert whole > translator.input_limit
    assert result.chunks == len(pieces) >= -(-whole // translator.input_limit)
    assert quality.FLAG_CHUNKED in result.flags
    assert "".join(sorted(pieces, key=sentence.index)).replace(" ", "") == sentence.replace(" ", "")


def test_batch_size_invariance_at_full_size(full_size_backend: TransformersBackend) -> None:
    text = seed_files()[0].read_text("utf-8")
    sentences = [line for line in text.splitlines() if line.strip()][:6]
    alone = Translator(
        full_size_backend,
        TranslationOptions(beam_size=2, output_ratio=0.15, output_slack=2, max_batch_sentences=1),
    ).translate_sentences(sentences)
    together = Translator(
        full_size_backend,
        TranslationOptions(beam_size=2, output_ratio=0.15, output_slack=2, max_batch_sentences=6),
    ).translate_sentences(sentences)
    assert [s.translation for s in alone] == [s.translation for s in together]
