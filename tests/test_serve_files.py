"""``POST /translate_file`` + ``GET /download_file/<name>`` give a document back in its own
kind (.txt, .md, .html, .docx), exactly what ``kabar translate FILE --format …`` writes
(``translate_document``), over real HTTP on the tiny random model; and the limits that
guard it (queue full, request timeout) answer cleanly."""

from __future__ import annotations

import io
import time
from pathlib import Path

import docx
import lxml.html
import pytest
import requests
from markdown_it import MarkdownIt

from kabar.serve.settings import ServeSettings
from kabar.serve.worker import EngineWorker, QueuedTranslator, WaitedTooLong
from kabar.translate.documents.registry import format_of
from kabar.translate.documents.single import translate_document, translate_file
from kabar.translate.engine import Translator
from tests.serve_server import TIMEOUT, engine_held, post_file, running_server

HEADLINE = "Polisi menangkap dua orang di Jakarta"
BODY = "Polisi menangkap dua orang di Jakarta pada hari Senin. Mereka dibawa ke kantor polisi."
HTML = (
    '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>Berita</title></head>'
    f'<body><article><h1>{HEADLINE}</h1><p class="lead">{BODY}</p>'
    '<p>Harga beras naik di <a href="https://pasar.example/">pasar</a>.</p></article></body></html>'
)
MARKDOWN = f"# {HEADLINE}\n\n{BODY}\n\n## Harga\n\n- Harga beras naik di pasar.\n"
TEXT = f"{HEADLINE}\n\n{BODY}\n"


def word_document() -> bytes:
    document = docx.Document()
    document.core_properties.language = "id-ID"
    document.add_heading(HEADLINE, level=1)
    document.add_paragraph(BODY)
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "Harga beras naik di pasar."
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def round_trip(server: str, name: str, data: bytes) -> requests.Response:
    reply = post_file(server, name, data)
    assert reply.status_code == 200, reply.text
    url = reply.json()["translatedFileUrl"]
    assert url.startswith(f"{server}/download_file/")
    stem, suffix = name.rsplit(".", 1)
    assert url.endswith(f".{stem}.en.{suffix}")
    download = requests.get(url, timeout=TIMEOUT)
    assert download.status_code == 200
    assert download.headers["content-disposition"].endswith(f'"{stem}.en.{suffix}"')
    return download


def local(translator: Translator, tmp_path: Path, name: str, data: bytes, fmt: str) -> bytes:
    """What ``kabar translate FILE --format fmt`` writes for the same file (a .txt: what
    translate-dir writes, the same Document class)."""
    source = tmp_path / name
    source.write_bytes(data)
    output = tmp_path / f"local.en{source.suffix}"
    if fmt == "txt":
        document_class = format_of(name)
        assert document_class is not None
        translate_file(translator, document_class, source, output, name=name)
    else:
        translate_document(translator, source, output, fmt=fmt)
    return output.read_bytes()


@pytest.mark.parametrize(
    ("name", "data", "fmt", "media"),
    [
        ("berita.txt", TEXT.encode(), "txt", "text/plain"),
        ("berita.md", MARKDOWN.encode(), "md", "text/markdown"),
        ("berita.html", HTML.encode(), "html", "text/html"),
    ],
)
def test_a_text_document_comes_back_in_its_kind_as_the_cli_writes_it(
    server: str,
    translator: Translator,
    tmp_path: Path,
    name: str,
    data: bytes,
    fmt: str,
    media: str,
) -> None:
    download = round_trip(server, name, data)
    assert download.headers["content-type"].startswith(media)
    assert download.content == local(translator, tmp_path, name, data, fmt)
    assert HEADLINE not in download.text  # translated, not copied


def test_html_keeps_its_markup_and_says_it_is_english(server: str) -> None:
    page = lxml.html.fromstring(round_trip(server, "berita.html", HTML.encode()).content)
    assert page.get("lang") == "en"
    assert [e.tag for e in page.iter("h1", "p", "a")] == ["h1", "p", "p", "a"]
    assert page.find(".//p").get("class") == "lead"
    assert page.find(".//a").get("href") == "https://pasar.example/"


def test_markdown_keeps_its_headings_and_list(server: str) -> None:
    english = round_trip(server, "berita.md", MARKDOWN.encode()).text
    tokens = [t.type for t in MarkdownIt().parse(english)]
    source = [t.type for t in MarkdownIt().parse(MARKDOWN)]
    assert tokens == source
    assert english.startswith("# ") and "\n## " in english and "\n- " in english


def test_a_docx_comes_back_a_real_english_docx(
    server: str, translator: Translator, tmp_path: Path
) -> None:
    data = word_document()
    download = round_trip(server, "berita.docx", data)
    assert download.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    english = docx.Document(io.BytesIO(download.content))
    expected = docx.Document(io.BytesIO(local(translator, tmp_path, "berita.docx", data, "docx")))
    texts = [p.text for p in english.paragraphs]
    assert texts == [p.text for p in expected.paragraphs]
    assert english.tables[0].rows[0].cells[0].text == expected.tables[0].rows[0].cells[0].text
    assert [p.style.name for p in english.paragraphs] == ["Heading 1", "Normal"]
    assert HEADLINE not in texts and all(texts)
    assert english.core_properties.language == "en-US"


def test_a_document_with_no_text_is_a_clean_400_and_leaves_no_file(server: str) -> None:
    reply = post_file(server, "kosong.md", b"   \n\n")
    assert reply.status_code == 400
    assert reply.json()["error"].startswith("Invalid request: ")


def test_deep_translator_translate_file_against_the_server(
    server: str, translator: Translator, tmp_path: Path
) -> None:
    # deep-translator reads the file itself and posts its text to /translate
    # (libretranslatepy has no file call).
    from deep_translator import LibreTranslator

    from kabar.serve.libretranslate import plain_text

    source = tmp_path / "berita.txt"
    source.write_text(BODY, encoding="utf-8")
    # It insists on a key; this server has none, so any is ignored.
    client = LibreTranslator(source="id", target="en", api_key="-", custom_url=f"{server}/")
    assert client.translate_file(str(source)) == plain_text(translator.translate_article(BODY))


def test_a_document_waiting_past_the_request_timeout_gets_503(translator: Translator) -> None:
    settings = ServeSettings(requests_per_minute=0, chars_per_minute=0, request_seconds=0.5)
    with running_server(translator, settings) as (url, state):
        with engine_held(state.worker):
            reply = post_file(url, "berita.docx", word_document())
        assert reply.status_code == 503
        assert reply.headers["retry-after"]
        assert "not translated within 0.5 s" in reply.json()["error"]
        assert list(state.files.root.iterdir()) == []  # nothing half-written is kept


def test_queued_translator_withdraws_a_call_that_waited_too_long(translator: Translator) -> None:
    worker = EngineWorker(translator)
    try:
        with engine_held(worker):
            queued = QueuedTranslator(worker, seconds=0.2)
            began = time.monotonic()
            with pytest.raises(WaitedTooLong, match=r"within 0\.2 s"):
                queued.translate_article(BODY)
            assert time.monotonic() - began < 5
    finally:
        worker.close()
    assert worker.stats().requests == 1  # the withdrawn call never reached the engine
