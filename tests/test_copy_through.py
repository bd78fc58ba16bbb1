"""Lines with nothing to translate (URLs, e-mail addresses, @handles, #hashtags, numbers,
punctuation, emoji) are copied through unchanged, never sent to the model, and said to be
copied in the JSON."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from kabar.core.copythrough import is_copy_only, protect, restore
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
    "\u200b\u200c\u2060",  # invisible only: flagged empty, not copied
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


@pytest.mark.parametrize(
    ("sentence", "masked"),
    [
        (
            "Daftar di https://kip-kuliah.kemdikbud.go.id/daftar?id=5, paling lambat Senin.",
            "Daftar di URL1, paling lambat Senin.",
        ),
        ("Kirim ke redaksi@kompas.com atau www.kompas.com.", "Kirim ke EMAIL1 atau URL2."),
        ("Presiden tiba di Jakarta.", "Presiden tiba di Jakarta."),
        ("Rumus URL1 sudah ada di https://x.id.", "Rumus URL1 sudah ada di https://x.id."),
    ],
)
def test_addresses_inside_a_sentence_go_to_the_model_as_placeholders(
    sentence: str, masked: str
) -> None:
    assert protect(sentence).text == masked


def test_an_address_comes_back_exactly_even_when_the_model_drops_it() -> None:
    kept = protect("Kirim ke redaksi@kompas.com atau lihat https://kompas.com/a?b=1.")
    assert restore("Send to EMAIL1 or see URL2.", kept) == (
        "Send to redaksi@kompas.com or see https://kompas.com/a?b=1."
    )
    assert restore("Send it or see URL2 URL2.", kept) == (
        "Send it or see. redaksi@kompas.com https://kompas.com/a?b=1"
    )


def test_a_url_inside_a_sentence_comes_out_as_it_went_in(tiny_backend: Backend) -> None:
    counting = _Counting(tiny_backend)
    translator = Translator(counting, TranslationOptions(beam_size=1))
    url, email = "https://www.antaranews.com/berita/55120/vaksin", "humas@sleman.go.id"
    result = translator.translate_article(f"Baca di {url} atau tanya {email} hari ini.")
    sentence = result.paragraphs[0].sentences[0]
    assert url in sentence.translation and email in sentence.translation
    assert not sentence.copied
    assert not any(url in seen or email in seen for seen in counting.seen)
    assert any("URL1" in seen and "EMAIL2" in seen for seen in counting.seen)
