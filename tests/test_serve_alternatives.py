"""LibreTranslate's ``alternatives`` from the engine's n-best hypotheses
(``Translator.translate_alternatives``), and ``format=text`` read as every surface reads
a paste; on the tiny random model, over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from kabar.core.reading import read_article
from kabar.serve.libretranslate import MAX_ALTERNATIVES, plain_text
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from kabar.translate.render import render
from kabar.translate.spec import EngineSpec
from tests.serve_server import TIMEOUT

TEXT = "Polisi menangkap dua orang di Jakarta pada hari Senin.\n\nHarga beras naik di pasar."
OTHER = "Presiden tiba di Surabaya. Warga menyambutnya di bandara."


def post(server: str, **body: object) -> requests.Response:
    return requests.post(
        f"{server}/translate", json={"source": "id", "target": "en", **body}, timeout=TIMEOUT
    )


def test_translator_alternatives_are_whole_texts_from_each_sentences_n_best(
    translator: Translator,
) -> None:
    main = translator.translate_article(TEXT)
    found = translator.translate_alternatives(TEXT, 3)
    assert found, "the tiny model's beam gives other hypotheses"
    assert len(found) <= 3
    assert len(set(found)) == len(found)
    assert main.text not in found
    # Built sentence by sentence: the paragraph break is where the main text has it, and
    # the first alternative changes sentences only.
    assert all(text.count("\n\n") == main.text.count("\n\n") for text in found)
    assert translator.translate_alternatives(TEXT, 3, translation=main) == found
    assert translator.translate_alternatives(TEXT, 0) == ()


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_both_backends_give_alternatives(tiny_model_dir: Path, backend: str) -> None:
    spec = EngineSpec.resolve(
        str(tiny_model_dir), backend=backend, threads=1, options=TranslationOptions(beam_size=1)
    )
    translator = Translator.load(spec)
    main = translator.translate_article(TEXT).text
    found = translator.translate_alternatives(TEXT, 2)
    assert 1 <= len(found) <= 2
    assert main not in found and len(set(found)) == len(found)


def test_alternatives_for_a_string_and_a_list(server: str, translator: Translator) -> None:
    reply = post(server, q=TEXT, alternatives=2)
    assert reply.status_code == 200
    data = reply.json()
    main = plain_text(translator.translate_article(TEXT))
    assert data["translatedText"] == main
    assert data["alternatives"] == list(translator.translate_alternatives(TEXT, 2))
    assert 1 <= len(data["alternatives"]) <= 2
    assert all(isinstance(a, str) and a != main for a in data["alternatives"])

    reply = post(server, q=[TEXT, OTHER, " "], alternatives=1)
    assert reply.status_code == 200
    data = reply.json()
    assert len(data["alternatives"]) == 3
    assert all(isinstance(row, list) and len(row) <= 1 for row in data["alternatives"])
    rows = zip([TEXT, OTHER], data["alternatives"][:2], data["translatedText"][:2], strict=True)
    for text, row, main_text in rows:
        assert row == list(translator.translate_alternatives(text, 1))
        assert main_text not in row
    assert data["alternatives"][2] == []  # a blank item: nothing to offer


def test_no_alternatives_field_unless_asked(server: str) -> None:
    for body in ({}, {"alternatives": 0}, {"alternatives": "0"}, {"alternatives": -2}):
        reply = post(server, q=TEXT, **body)
        assert reply.status_code == 200
        assert "alternatives" not in reply.json()


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (MAX_ALTERNATIVES + 1, f"alternatives parameter must be <= {MAX_ALTERNATIVES}"),
        ("many", "alternatives parameter is not a number"),
        (True, "alternatives parameter is not a number"),
        (1.5, "alternatives parameter is not a number"),
    ],
)
def test_alternatives_bound_refused_as_libretranslate_does(
    server: str, value: object, error: str
) -> None:
    reply = post(server, q=TEXT, alternatives=value)
    assert reply.status_code == 400
    assert error in reply.json()["error"]


def test_html_gets_an_empty_list_as_in_libretranslate(server: str) -> None:
    reply = post(server, q="<p>Harga beras naik di pasar.</p>", format="html", alternatives=2)
    assert reply.status_code == 200
    assert reply.json()["alternatives"] == []


def test_form_body_alternatives_for_mastodon_style_clients(server: str) -> None:
    reply = requests.post(
        f"{server}/translate",
        data={"q": TEXT, "source": "id", "target": "en", "alternatives": "1"},
        timeout=TIMEOUT,
    )
    assert reply.status_code == 200
    assert len(reply.json()["alternatives"]) == 1


def test_format_text_is_read_as_every_surface_reads_a_paste(
    server: str, translator: Translator
) -> None:
    """A hard-wrapped paste has its wraps joined, and a pasted web page is reduced to its
    text, exactly as the UI, the CLI and /v1/translate read them. (The page is the case
    that tells: the engine's splitter already reads a single line break as a space.)"""
    wrapped = (
        "Polisi menangkap dua orang di Jakarta\npada hari Senin setelah\n"
        "penyelidikan panjang oleh tim\nkhusus dari kepolisian daerah\nsetempat."
    )
    page = (
        "<html><head><title>t</title><script>var x = 1;</script></head>"
        "<body><p>Harga beras naik di pasar.</p></body></html>"
    )
    for raw in (wrapped, page):
        read = read_article(raw, name="q", kind="text")
        assert read.text != raw  # the reading path changed it
        reply = post(server, q=raw)
        assert reply.status_code == 200
        assert reply.json()["translatedText"] == plain_text(translator.translate_article(read.text))
        v1 = requests.post(f"{server}/v1/translate", json={"text": raw}, timeout=TIMEOUT)
        assert v1.status_code == 200
        expected = json.loads(render(translator.translate_article(read.text), "json"))
        got = v1.json()
        for data in (got, expected):
            data.pop("seconds")
            data.pop("engine")
            data.pop("model", None)
            data.pop("notices", None)
        assert got == expected  # /v1 translated the same text the LibreTranslate API did


def test_worker_runs_other_engine_work_in_turn(translator: Translator) -> None:
    """``EngineWorker.call``: its result, or its error, reaches the caller, and the engine
    thread goes on translating."""
    from kabar.serve.worker import EngineWorker

    worker = EngineWorker(translator, queue_size=4)
    try:
        assert worker.call(lambda: translator.translate_alternatives(TEXT, 1)).result(60)
        failed = worker.call(lambda: 1 // 0)
        with pytest.raises(ZeroDivisionError):
            failed.result(60)
        (article,) = worker.submit([OTHER]).result(60)
        assert article.text == translator.translate_article(OTHER).text
        assert worker.stats().calls == 3
    finally:
        worker.close()
