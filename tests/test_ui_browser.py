"""The UI in a real browser: Debian's Chromium driven by Playwright, tiny random model.

Chromium comes from apt (``apt-get install -y chromium``; `.ci/run` installs it), since
``playwright install`` cannot download browsers here. Without /usr/bin/chromium the test
skips and says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.splitter import segment
from tests.conftest import seed_files
from tests.ui_server import serving
from translate.backends.base import Backend
from translate.engine import Translator
from translate.options import TranslationOptions

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# A paragraph a hostile page could carry: an image whose load error runs code, and a
# script. Each sets a window flag and opens a dialog if it ever runs.
XSS_PROBE = (
    'Polisi menemukan <img src=x onerror="window.__kabar_xss=1;alert(1)"> di lokasi. '
    "Saksi melihat <script>window.__kabar_xss=2;alert(2)</script> di layar."
)
SEED = seed_files()[0]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason=f"{CHROMIUM} is absent: install Debian's browser with `apt-get install -y chromium` "
    "(playwright install cannot download browsers here)",
)


@pytest.fixture(scope="module")
def ui_url(tiny_backend: Backend) -> Iterator[str]:
    from ui.app import build_app
    from ui.briefs import load_summarizer

    translator = Translator(tiny_backend, TranslationOptions(beam_size=1))
    summarizer, _ = load_summarizer("textrank")  # model-free; None without the package
    with serving(build_app(translator, summarizer)) as url:
        yield url


@pytest.fixture
def dialogs() -> list[str]:
    """Every alert/confirm/prompt the page opens (recorded and dismissed)."""
    return []


@pytest.fixture
def page(ui_url: str, dialogs: list[str]) -> Iterator[Any]:
    from playwright.sync_api import Dialog, sync_playwright

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            tab.on("dialog", record)
            tab.goto(ui_url)
            tab.wait_for_selector("#kabar-article textarea")
            yield tab
        finally:
            browser.close()


def test_seed_article_side_by_side_with_scores_and_xss_as_text(
    page: Any, dialogs: list[str], tmp_path: Path
) -> None:
    article = SEED.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + XSS_PROBE
    expected_rows = sum(len(p.sentences) for p in segment(article))
    page.fill("#kabar-article textarea", article)
    page.click("#kabar-go")
    page.wait_for_selector("#kabar-result tr.kabar-row", timeout=120_000)
    page.screenshot(path=str(tmp_path / "kabar-ui.png"), full_page=True)

    rows = page.locator("#kabar-result tr.kabar-row")
    assert rows.count() == expected_rows
    for index in range(expected_rows):
        row = rows.nth(index)
        assert row.locator("td.src").inner_text().strip()
        score = row.locator(".kabar-conf")
        assert score.is_visible()
        assert re.fullmatch(r"[01]\.\d\d", score.inner_text().strip())
    # The article-level cards: mean and worst sentence.
    cards = page.locator("#kabar-result .kabar-card").all_inner_texts()
    assert any("MEAN CONFIDENCE" in card.upper() for card in cards)
    assert any("WORST SENTENCE" in card.upper() for card in cards)

    # The probe is shown as text, and nothing in it ran.
    sources = "\n".join(page.locator("#kabar-result td.src").all_inner_texts())
    assert '<img src=x onerror="window.__kabar_xss=1;alert(1)">' in sources
    assert "<script>window.__kabar_xss=2;alert(2)</script>" in sources
    assert page.locator("#kabar-result img, #kabar-result script").count() == 0
    page.wait_for_timeout(500)  # an image's onerror would fire by now
    assert page.evaluate("window.__kabar_xss") is None
    assert dialogs == []

    # The .json download is the result the page shows.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download .json").click()
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert saved["sentence_count"] == expected_rows

    # With a summarizer, each brief line links to its row, which the link highlights.
    links = page.locator("#kabar-result a.kabar-brief-link")
    for index in range(links.count()):
        link = links.nth(index)
        link.click()
        target = f"kabar-s-{link.get_attribute('data-sentence')}"
        page.wait_for_function(f"location.hash === '#{target}'")
        assert page.evaluate("document.querySelector(':target').id") == target


def test_seed_example_loads_with_one_click(page: Any) -> None:
    seed = SEED.read_text(encoding="utf-8")
    headline = seed.splitlines()[0]
    page.get_by_text(headline[:40]).first.click()
    page.wait_for_function(
        "document.querySelector('#kabar-article textarea').value.length > 0", timeout=30_000
    )
    assert page.input_value("#kabar-article textarea") == seed


def test_empty_article_shows_an_error_message(page: Any) -> None:
    page.click("#kabar-go")
    message = page.get_by_text("The article is empty")
    message.wait_for(timeout=30_000)
    assert message.is_visible()
    assert page.locator("#kabar-result tr.kabar-row").count() == 0


def test_uploaded_docx_fills_the_article_box(page: Any, tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Presiden membuka rapat kabinet di Jakarta.")
    document.add_paragraph("Rapat membahas anggaran pertahanan.")
    upload = tmp_path / "artikel.docx"
    document.save(str(upload))
    page.set_input_files("#kabar-upload input[type=file]", str(upload))
    page.wait_for_function(
        "document.querySelector('#kabar-article textarea').value.includes('anggaran')",
        timeout=30_000,
    )
    assert page.input_value("#kabar-article textarea") == (
        "Presiden membuka rapat kabinet di Jakarta.\n\nRapat membahas anggaran pertahanan."
    )
