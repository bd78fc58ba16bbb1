"""The real opus-mt-id-en weights: marked slow, skipped by default (`pytest -m slow` runs them
where the model is cached or the hub is reachable)."""

from __future__ import annotations

import pytest

from kabar.core.errors import ModelNotFoundError
from kabar.translate.engine import Translator
from tests.conftest import seed_files

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real_translator() -> Translator:
    try:
        return Translator.load()
    except ModelNotFoundError as error:
        pytest.skip(f"real model unavailable: {error}")


def test_real_model_translates_a_seed_faithfully(real_translator: Translator) -> None:
    text = seed_files()[0].read_text("utf-8")
    article = real_translator.translate_article(text)
    english = article.text
    for name in ("NATO", "Rutte", "Putin", "Brussels"):
        assert name in english
    assert article.mean_confidence > 0.4
    flagged = [s for s in article.sentences if "untranslated" in s.flags or "repetition" in s.flags]
    assert len(flagged) <= 1


def test_real_model_short_sentence(real_translator: Translator) -> None:
    [result] = real_translator.translate_sentences(["Saya suka makan nasi goreng."])
    assert "fried rice" in result.translation.lower()
    assert result.confidence > 0.5 and not result.flags
