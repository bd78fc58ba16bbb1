"""One language decision (kabar.core.language) for translate's warning and summarize's
method: a single English line is no longer given the benefit of the doubt; short
Indonesian headlines and lists of names are."""

from __future__ import annotations

import pytest

from kabar.core.language import is_other_language
from kabar.translate.backends.base import Backend
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions

WARNING = "the input does not look like Indonesian; translations may be copies of it"


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("The NATO chief said the alliance would not give up on Ukraine.", True),
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
