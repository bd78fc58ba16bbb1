"""Lines with nothing to translate (URLs, e-mail addresses, @handles, #hashtags, numbers,
punctuation, emoji) are copied through unchanged, never sent to the model, and said to be
copied in the JSON."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from kabar.core.copythrough import is_copy_only
from kabar.translate.backends.base import Backend, Decoded, DelegatingBackend
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions

COPY_ONLY = [
    "https://www.kompas.com/read/2025/12/04/14200011/presiden-resmikan-bendungan",
    "www.detik.com/berita",
    "redaksi@tempo.co.id",
    "@kompascom",
    "#BeritaTerkini",
    "@kompascom #banjir https://t.co/AbC123",
    "Rp45.000",
    "US$3,5",
    "12,5%",
    "2-1",
    "04/12/2025 14:20",
    "---",
    "* * *",
    "😀🎉",
    "👍 👍 👍",
]
TO_TRANSLATE = [
    "Presiden tiba di Jakarta.",
    "Informasi di https://kompas.com/a",
    "Rp45.000 per kilogram",
    "Tahun 2025",
    "Hubungi redaksi@tempo.co.id",
    "",
    "   ",
]


@pytest.mark.parametrize("text", COPY_ONLY)
def test_copy_only_lines(text: str) -> None:
    assert is_copy_only(text)


@pytest.mark.parametrize("text", TO_TRANSLATE)
def test_lines_with_words_are_translated(text: str) -> None:
    assert not is_copy_only(text)


class _Counting(DelegatingBackend):
    """Records what the engine asks the model to translate."""

    def __init__(self, inner: Backend) -> None:
        super().__init__(inner)
        self.seen: list[str] = []

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        self.seen += texts
        return super().translate_batch(texts, beam_size=beam_size, max_new_tokens=max_new_tokens)


def test_copied_lines_pass_through_unchanged(tiny_backend: Backend) -> None:
    counting = _Counting(tiny_backend)
    translator = Translator(counting, TranslationOptions(beam_size=1))
    copied = ["https://kompas.com/read/1", "redaksi@kompas.com", "Rp45.000", "---", "😀🎉"]
    article = "Presiden tiba di Jakarta.\n\n" + "\n\n".join(copied) + "\n\nDia disambut."
    result = translator.translate_article(article)
    sentences = [s for p in result.paragraphs for s in p.sentences]
    by_source = {s.source: s for s in sentences}
    for line in copied:
        sentence = by_source[line]
        assert sentence.translation == line
        assert sentence.copied and sentence.flags == ()
        assert sentence.to_dict()["copied"] is True
    assert not by_source["Presiden tiba di Jakarta."].copied
    assert by_source["Presiden tiba di Jakarta."].to_dict()["copied"] is False
    assert not any(line in seen for line in copied for seen in counting.seen)
