"""The UI through ``kabar serve``'s one server (mounted at /ui), in a real browser: the
page translates with the same engine as the API, and an upload goes through the server's
upload limit. Debian's Chromium via Playwright, tiny random model; skips without it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from kabar.core.splitter import segment
from kabar.serve.settings import ServeSettings
from kabar.translate.backends.base import Backend
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from tests.conftest import seed_files
from tests.serve_server import running_server
from tests.test_ui_browser import CHROMIUM, CHROMIUM_ARGS, translate_in_page

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason=f"{CHROMIUM} is absent: install Debian's browser with `apt-get install -y chromium`",
)


@pytest.fixture(scope="module")
def served(tiny_backend: Backend) -> Iterator[tuple[str, Translator]]:
    translator = Translator(tiny_backend, TranslationOptions(beam_size=1))
    settings = ServeSettings(requests_per_minute=0, chars_per_minute=0)
    with running_server(translator, settings, ui=True) as (url, _):
        yield url, translator


@pytest.fixture
def page(served: tuple[str, Translator]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    url, _ = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            tab.goto(f"{url}/")  # the root sends the browser to /ui/
            tab.wait_for_selector("#kabar-article textarea", timeout=60_000)
            yield tab
        finally:
            browser.close()


def test_the_page_translates_through_the_server(page: Any, served: tuple[str, Translator]) -> None:
    url, translator = served
    article = seed_files()[0].read_text(encoding="utf-8")
    translate_in_page(page, article)
    assert page.url.startswith(f"{url}/ui")
    rows = page.locator("#kabar-result tr.kabar-row")
    assert rows.count() == sum(len(p.sentences) for p in segment(article))
    shown = [t.strip() for t in page.locator("#kabar-result td.tgt").all_inner_texts()]
    expected = [s.translation for s in translator.translate_article(article).sentences]
    assert [" ".join(t.split()) for t in shown] == [" ".join(t.split()) for t in expected]
    # The API on the same server says the same.
    api = requests.post(f"{url}/v1/translate", json={"text": article}, timeout=60).json()
    assert [s["translation"] for p in api["paragraphs"] for s in p["sentences"]] == expected


def test_an_upload_through_the_server(page: Any, tmp_path: Path) -> None:
    upload = tmp_path / "artikel.txt"
    upload.write_text("Presiden membuka rapat kabinet di Jakarta.", encoding="utf-8")
    page.set_input_files("#kabar-upload input[type=file]", str(upload))
    page.wait_for_function(
        "document.querySelector('#kabar-article textarea').value.includes('kabinet')",
        timeout=30_000,
    )
