"""One language decision (kabar.core.language) for translate's warning and summarize's
method: a single English line is no longer given the benefit of the doubt; short
Indonesian headlines and lists of names are. Malay and Javanese are named and are not
Indonesian, on the real UDHR texts of tests/data/language."""

from __future__ import annotations

import pytest

from kabar.core.language import INDONESIAN, JAVANESE, MALAY, detect_language, is_other_language
from kabar.translate.backends.base import Backend
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from tests.language_table import udhr

WARNING = "the input does not look like Indonesian; translations may be copies of it"


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("The NATO chief said the alliance would not give up on Ukraine.", True),
        # Javanese written for this test (the table below has the real texts).
        ("Aku arep lunga menyang pasar karo ibuku. Dheweke tuku sayur lan iwak.", True),
        ("Presiden Resmikan Bendungan Mbay", False),  # a headline: no function word
        ("Rutte, Trump, Zelensky.", False),
        ("Presiden tiba di Jakarta pada hari Senin.", False),
    ],
)
def test_is_other_language(text: str, other: bool) -> None:
    assert is_other_language(text) is other


def test_translate_warns_for_a_single_english_line(tiny_backend: Backend) -> None:
    translator = Translator(tiny_backend, TranslationOptions(beam_size=1))
    english = translator.translate_article("The minister said the talks would go on.")
    assert WARNING in english.notices
    indonesian = translator.translate_article("Menteri mengatakan perundingan akan berlanjut.")
    assert WARNING not in indonesian.notices


def test_malay_and_javanese_articles_are_named() -> None:
    # UDHR article 1 in each language: the same content.
    malay, javanese, indonesian = udhr("zlm", 1), udhr("jav", 1), udhr("ind", 1)
    assert detect_language(malay).code == MALAY
    assert detect_language(javanese).code == JAVANESE
    assert detect_language(indonesian).code == INDONESIAN
    assert is_other_language(" ".join(malay)) and is_other_language(" ".join(javanese))
    assert not is_other_language(" ".join(indonesian))


def test_the_indonesian_declaration_stays_indonesian_sentence_by_sentence() -> None:
    sentences = udhr("ind")
    assert len(sentences) == 70
    assert [s for s in sentences if is_other_language(s)] == []
    assert detect_language(sentences).code == INDONESIAN


def test_javanese_snippets_are_javanese() -> None:
    sentences = udhr("jav")
    pairs = [sentences[i : i + 2] for i in range(0, len(sentences) - 1, 2)]
    assert {detect_language(pair).code for pair in pairs} == {JAVANESE}
    assert detect_language(sentences).code == JAVANESE


def test_malay_needs_a_malay_form() -> None:
    # A Malay sentence spelt as Indonesian would spell it is taken for Indonesian (the
    # known gap, measured in docs/web-pages.md); the whole declaration is Malay.
    assert "Setiap orang adalah berhak kepada nyawa, kebebasan dan keselamatan diri." in udhr(
        "zlm", 3
    )
    assert detect_language(udhr("zlm", 3)).code == INDONESIAN
    assert detect_language(udhr("zlm")).code == MALAY


@pytest.mark.parametrize(
    "text",
    [
        # Written for this test: Indonesian that uses words Malay also has.
        "Barang kiriman itu tertahan di bea cukai selama tiga hari.",
        "Ibunya sudah tiada sejak sepuluh tahun yang lalu.",
        "Pertandingan itu dilanjutkan selepas hujan reda.",
        # A Malay form quoted in an Indonesian article: the Indonesian forms outnumber it.
        "Dia mengatakan bahwa ia tidak datang karena hujan, kerana katanya dalam bahasa Melayu.",
    ],
)
def test_indonesian_with_malay_words_stays_indonesian(text: str) -> None:
    assert detect_language([text]).code == INDONESIAN
    assert not is_other_language(text)


def test_translate_warns_for_malay_and_javanese(tiny_backend: Backend) -> None:
    translator = Translator(tiny_backend, TranslationOptions(beam_size=1))
    for language in ("zlm", "jav"):
        article = translator.translate_article(" ".join(udhr(language, 1)))
        assert WARNING in article.notices, language
    indonesian = translator.translate_article(" ".join(udhr("ind", 1)))
    assert WARNING not in indonesian.notices


def test_the_ui_and_its_api_warn_for_malay_and_javanese(tiny_backend: Backend) -> None:
    from kabar.ui.handlers import translate_json

    translator = Translator(tiny_backend, TranslationOptions(beam_size=1))
    for language in ("zlm", "jav"):
        result = translate_json(translator, " ".join(udhr(language, 1)))
        assert WARNING in result["notices"], language
    assert WARNING not in translate_json(translator, " ".join(udhr("ind", 1)))["notices"]
