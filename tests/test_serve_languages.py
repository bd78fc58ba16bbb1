"""``/detect`` and ``source=auto`` take the decision every other surface takes
(``kabar.core.language``): Malay and Javanese are named, and refused for ``auto`` as
``kabar translate`` warns about them."""

from __future__ import annotations

import pytest
import requests

from kabar.core.language import is_other_language
from kabar.serve.errors import ApiError
from kabar.serve.languages import detect, detected_source
from tests.language_table import udhr
from tests.serve_server import TIMEOUT


@pytest.mark.parametrize(("language", "code"), [("zlm", "ms"), ("jav", "jv")])
def test_malay_and_javanese_are_named_and_refused_for_auto(language: str, code: str) -> None:
    text = " ".join(udhr(language, article=0))  # the preamble: eight sentences
    assert is_other_language(text)
    found = detect(text)
    assert found[0]["language"] == code
    assert 0 < found[0]["confidence"] <= 100
    indonesian = next(d for d in found if d["language"] == "id")
    assert indonesian["confidence"] <= 100 - found[0]["confidence"]  # not both sure
    with pytest.raises(ApiError) as refused:
        detected_source(text)
    assert refused.value.status == 400
    assert refused.value.message.startswith(f"{code} is not supported")


def test_the_indonesian_preamble_is_indonesian() -> None:
    text = " ".join(udhr("ind", article=0))
    assert detect(text)[0] == {"confidence": 100.0, "language": "id"}
    assert detected_source(text)["language"] == "id"


PAGE = '<p>Polisi menangkap dua orang di <a href="https://x.id/a">Jakarta</a>.</p>'


@pytest.mark.parametrize("q", [PAGE, [PAGE, "Harga beras naik di pasar."]])
def test_detect_decides_on_the_text_translate_reads(server: str, q: object) -> None:
    detected = requests.post(f"{server}/detect", json={"q": q}, timeout=TIMEOUT).json()
    body = {"q": q, "source": "auto", "target": "en"}
    reply = requests.post(f"{server}/translate", json=body, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text
    auto = reply.json()["detectedLanguage"]
    tops = [found[0] for found in detected] if isinstance(q, list) else [detected[0]]
    assert tops == (auto if isinstance(q, list) else [auto])
    assert tops[0] == {"confidence": 100.0, "language": "id"}


def test_an_unsupported_format_names_the_supported_ones(server: str) -> None:
    body = {"q": "# Judul", "source": "id", "target": "en", "format": "markdown"}
    reply = requests.post(f"{server}/translate", json=body, timeout=TIMEOUT)
    assert reply.status_code == 400  # as LibreTranslate
    error = reply.json()["error"]
    assert error.startswith("markdown format is not supported")
    assert "text" in error.split("not supported", 1)[1] and "html" in error
