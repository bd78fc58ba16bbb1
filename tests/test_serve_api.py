"""``kabar serve``'s APIs over real HTTP on the tiny random model: the LibreTranslate API
(with its real clients, libretranslatepy and deep-translator, unmodified), kabar's /v1
API, the UI mounted on the same server."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kabar.serve.languages import LANGUAGES
from kabar.serve.settings import ServeSettings
from kabar.translate.documents.single import translate_document
from kabar.translate.engine import Translator
from kabar.translate.render import render
from tests.conftest import seed_files
from tests.serve_server import TIMEOUT, post_file, running_server

SENTENCE = "Polisi menangkap dua orang di Jakarta pada hari Senin."


@pytest.fixture(scope="module")
def server(translator: Translator) -> Iterator[str]:
    from kabar.summarize import Summarizer

    settings = ServeSettings(requests_per_minute=0, chars_per_minute=0)
    with running_server(
        translator, settings, summarizer=Summarizer.load(method="textrank"), ui=True
    ) as (url, _):
        yield url


def english(translator: Translator, text: str) -> str:
    from kabar.serve.libretranslate import plain_text

    return plain_text(translator.translate_article(text))


def test_translate_form_body_gives_the_engines_translation(
    server: str, translator: Translator
) -> None:
    reply = requests.post(
        f"{server}/translate", data={"q": SENTENCE, "source": "id", "target": "en"}, timeout=TIMEOUT
    )
    assert reply.status_code == 200
    assert reply.json() == {"translatedText": english(translator, SENTENCE)}


def test_translate_json_list_auto_and_alternatives(server: str, translator: Translator) -> None:
    texts = [SENTENCE, "Harga beras naik di pasar."]
    body = {"q": texts, "source": "auto", "target": "en", "alternatives": 2}
    reply = requests.post(f"{server}/translate", json=body, timeout=TIMEOUT)
    assert reply.status_code == 200
    data = reply.json()
    assert data["translatedText"] == [english(translator, t) for t in texts]
    assert [d["language"] for d in data["detectedLanguage"]] == ["id", "id"]
    assert all(0 <= d["confidence"] <= 100 for d in data["detectedLanguage"])
    assert data["alternatives"] == [list(translator.translate_alternatives(t, 2)) for t in texts]


def test_mastodon_shaped_html_form_keeps_the_markup(
    server: str, translator: Translator, tmp_path: Path
) -> None:
    toot = '<p>Halo <a href="https://x.test/@a" class="mention">@a</a> apa kabar &amp; salam</p>'
    reply = requests.post(
        f"{server}/translate",
        data={"q": toot, "source": "id", "target": "en", "format": "html"},
        timeout=TIMEOUT,
    )
    assert reply.status_code == 200
    out = reply.json()["translatedText"]
    assert out.startswith("<p>") and out.endswith("</p>")
    assert '<a href="https://x.test/@a" class="mention">@a</a>' in out
    # One sentence across the link, as `kabar translate toot.html --format html` has it.
    assert html.escape(english(translator, "Halo @a apa kabar & salam"), quote=False) in out
    source, output = tmp_path / "toot.html", tmp_path / "toot.en.html"
    source.write_text(toot, encoding="utf-8")
    translate_document(translator, source, output, fmt="html")
    assert out == output.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"source": "id", "target": "en"}, 400, "Invalid request: missing q parameter"),
        ({"q": "x", "target": "en"}, 400, "Invalid request: missing source parameter"),
        ({"q": "x", "source": "id", "target": "fr"}, 400, "fr is not supported"),
        ({"q": "x", "source": "de", "target": "en"}, 400, "de is not supported"),
        ({"q": "x", "source": "id", "target": "en", "format": "xml"}, 400, "xml format"),
        ({"q": "x", "source": "id", "target": "en", "alternatives": "abc"}, 400, "not a number"),
        ({"q": 5, "source": "id", "target": "en"}, 400, "must be a string"),
        ({"q": ["a", 3], "source": "id", "target": "en"}, 400, "must be a string"),
        ({"q": [], "source": "id", "target": "en"}, 400, "missing q"),
        ({"q": "x", "source": ["id"], "target": "en"}, 400, "source must be a string"),
        ({"q": "\ud800", "source": "id", "target": "en"}, 400, "invalid character"),
    ],
)
def test_translate_refusals(server: str, body: dict[str, object], status: int, error: str) -> None:
    raw = json.dumps(body)  # ensure_ascii keeps a lone surrogate as \ud800
    reply = requests.post(
        f"{server}/translate",
        data=raw,
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert reply.status_code == status
    assert error in reply.json()["error"]
    assert "what kabar" not in reply.text or "Indonesian (id) to English (en)" in reply.text


@pytest.mark.parametrize("raw", [b"{bad", b"[1, 2]", b"null", b"[" * 100_000 + b"]" * 100_000])
def test_bad_json_is_a_clean_400(server: str, raw: bytes) -> None:
    reply = requests.post(
        f"{server}/translate",
        data=raw,
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert reply.status_code == 400
    assert reply.json() == {"error": "Invalid JSON format"}


def test_ten_thousand_items_are_refused(server: str) -> None:
    body = {"q": ["Halo."] * 10_000, "source": "id", "target": "en"}
    reply = requests.post(f"{server}/translate", json=body, timeout=TIMEOUT)
    assert reply.status_code == 400
    assert "10,000 items" in reply.json()["error"]


def test_detect_languages_settings_health(server: str) -> None:
    news = seed_files()[0].read_text(encoding="utf-8")
    detected = requests.post(f"{server}/detect", data={"q": news}, timeout=TIMEOUT).json()
    assert detected[0] == {"confidence": 100.0, "language": "id"}
    english_text = "The police arrested two people in the city on Monday after a long search."
    detected = requests.post(f"{server}/detect", json={"q": english_text}, timeout=TIMEOUT).json()
    assert detected[0]["language"] == "en"
    both = requests.post(f"{server}/detect", json={"q": [news, english_text]}, timeout=TIMEOUT)
    assert [candidates[0]["language"] for candidates in both.json()] == ["id", "en"]
    assert requests.get(f"{server}/languages", timeout=TIMEOUT).json() == LANGUAGES
    settings = requests.get(f"{server}/frontend/settings", timeout=TIMEOUT).json()
    assert settings["keyRequired"] is False and ".docx" in settings["supportedFilesFormat"]
    assert requests.get(f"{server}/health", timeout=TIMEOUT).json()["status"] == "ok"
    assert requests.get(f"{server}/detect", timeout=TIMEOUT).status_code == 405


def test_auto_refuses_a_text_that_is_not_indonesian(server: str) -> None:
    text = (
        "The police arrested two people in the city on Monday after a long search for them, "
        "and the mayor said that the streets were safe again for everyone."
    )
    reply = requests.post(
        f"{server}/translate", data={"q": text, "source": "auto", "target": "en"}, timeout=TIMEOUT
    )
    assert reply.status_code == 400
    assert "does not look Indonesian" in reply.json()["error"]


def test_translate_file_and_download(server: str, translator: Translator) -> None:
    reply = post_file(server, "berita.txt", SENTENCE.encode())
    assert reply.status_code == 200
    url = reply.json()["translatedFileUrl"]
    assert url.startswith(f"{server}/download_file/")
    download = requests.get(url, timeout=TIMEOUT)
    assert download.status_code == 200
    assert download.text == english(translator, SENTENCE) + "\n"
    for bad in ("..", "x" * 40, "%2e%2e%2fetc%2fpasswd", "..%2F..%2Fetc%2Fpasswd"):
        status, body = raw_get(server, f"/download_file/{bad}")  # not normalised by a client
        assert status in (400, 404) and "error" in json.loads(body)
    status, body = raw_get(server, "/download_file/..")
    assert (status, json.loads(body)) == (400, {"error": "Invalid filename"})


def raw_get(server: str, path: str) -> tuple[int, str]:
    import http.client

    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        reply = connection.getresponse()
        return reply.status, reply.read().decode()
    finally:
        connection.close()


def test_translate_file_refuses_unknown_formats(server: str) -> None:
    reply = post_file(server, "program.exe", b"MZ\x90\x00")
    assert reply.status_code == 400
    assert reply.json() == {"error": "Invalid request: file format not supported"}


def test_v1_translate_is_the_cli_json(server: str, translator: Translator) -> None:
    reply = requests.post(f"{server}/v1/translate", json={"text": SENTENCE}, timeout=TIMEOUT)
    assert reply.status_code == 200
    got = reply.json()
    expected = json.loads(render(translator.translate_article(SENTENCE), "json"))
    for data in (got, expected):
        data.pop("seconds")
        data.pop("engine")
        data.pop("model", None)
    assert got == expected


def test_v1_translate_with_brief_and_summarize(server: str) -> None:
    article = seed_files()[0].read_text(encoding="utf-8")
    body = {"text": article, "brief": True, "brief_sentences": 2}
    got = requests.post(f"{server}/v1/translate", json=body, timeout=TIMEOUT).json()
    assert len(got["brief"]["brief"]) == 2
    rows = [s["translation"] for p in got["paragraphs"] for s in p["sentences"]]
    for line in got["brief"]["brief"]:  # each line is the translation of its sentence
        assert " ".join(line["text"].split()) == " ".join(rows[line["sentence_index"]].split())
    summary = requests.post(
        f"{server}/v1/summarize", json={"text": article, "sentences": 2}, timeout=TIMEOUT
    )
    assert summary.status_code == 200
    assert len(summary.json()["brief"]) == 2


def test_v1_models_and_docs_show_no_paths(server: str, translator: Translator) -> None:
    models = requests.get(f"{server}/v1/models", timeout=TIMEOUT).json()
    assert models["loaded"]["backend"] == translator.info.backend
    assert "/" not in models["loaded"]["model"]
    assert "opus-mt-id-en" in json.dumps(models["known"])
    assert requests.get(f"{server}/docs", timeout=TIMEOUT).status_code == 200
    schema = requests.get(f"{server}/openapi.json", timeout=TIMEOUT).json()
    assert {"/translate", "/detect", "/v1/translate"} <= set(schema["paths"])


def test_libretranslatepy_unmodified(server: str, translator: Translator) -> None:
    from libretranslatepy import LibreTranslateAPI

    client = LibreTranslateAPI(server)
    assert client.translate(SENTENCE, "id", "en") == english(translator, SENTENCE)
    assert client.translate(SENTENCE, "auto", "en") == english(translator, SENTENCE)
    news = seed_files()[0].read_text(encoding="utf-8")
    assert client.detect(news)[0]["language"] == "id"
    assert {"code": "id", "name": "Indonesian", "targets": ["en"]} in client.languages()


def test_deep_translator_unmodified(server: str, translator: Translator) -> None:
    from deep_translator import LibreTranslator

    # deep-translator insists on a key; a server without keys ignores it.
    client = LibreTranslator(source="id", target="en", api_key="any", custom_url=f"{server}/")
    assert client.translate(SENTENCE) == english(translator, SENTENCE)
    texts = [SENTENCE, "Harga beras naik."]
    assert client.translate_batch(texts) == [english(translator, t) for t in texts]


def test_the_ui_is_served_by_the_same_server(server: str, translator: Translator) -> None:
    page = requests.get(f"{server}/ui/", timeout=TIMEOUT)
    assert page.status_code == 200
    assert "gradio" in page.text.lower()
    from gradio_client import Client

    client = Client(f"{server}/ui/", verbose=False)
    data = client.predict(SENTENCE, api_name="/translate")
    data = json.loads(data) if isinstance(data, str) else data
    expected = translator.translate_article(SENTENCE)
    assert [s["translation"] for s in _sentences(data)] == [
        s.translation for s in expected.sentences
    ]


def _sentences(data: dict[str, object]) -> list[dict[str, object]]:
    paragraphs = data["paragraphs"]
    assert isinstance(paragraphs, list)
    return [s for p in paragraphs for s in p["sentences"]]


def test_results_do_not_depend_on_the_batch(translator: Translator) -> None:
    """What the micro-batching relies on: a text's translation is the same alone or
    batched with others (greedy decoding, padding masked)."""
    texts = [SENTENCE, "Harga beras naik di pasar.", seed_files()[0].read_text(encoding="utf-8")]
    together = translator.translate_articles(texts)
    alone = [translator.translate_article(t) for t in texts]
    assert [[s.translation for s in a.sentences] for a in together] == [
        [s.translation for s in a.sentences] for a in alone
    ]
