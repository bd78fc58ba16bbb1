"""The UI in a real browser: Debian's Chromium driven by Playwright, tiny random model.

Chromium comes from apt (``apt-get install -y chromium``; `.ci/run` installs it), since
``playwright install`` cannot download browsers here. Without /usr/bin/chromium the test
skips and says so.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kabar.core.splitter import segment
from kabar.translate.backends.base import Backend
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from kabar.translate.quality import FLAG_DESCRIPTIONS
from tests.conftest import seed_files
from tests.ui_server import serving

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
    from kabar.ui.app import build_app
    from kabar.ui.briefs import load_summarizer

    translator = Translator(tiny_backend, TranslationOptions(beam_size=1))
    summarizer, _ = load_summarizer("textrank")  # model-free
    with serving(build_app(translator, summarizer)) as url:
        yield url


@pytest.fixture
def dialogs() -> list[str]:
    """Every alert/confirm/prompt the page opens (recorded and dismissed)."""
    return []


DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}  # an iPhone 12-15 in CSS pixels
# Where the screenshots go: a folder to look at them after a run, else the test's tmp_path.
SCREENSHOTS_ENV = "KABAR_SCREENSHOTS"


@pytest.fixture
def viewport() -> dict[str, int]:
    return DESKTOP


@pytest.fixture
def page(ui_url: str, dialogs: list[str], viewport: dict[str, int]) -> Iterator[Any]:
    from playwright.sync_api import Dialog, sync_playwright

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport=viewport)
            tab.on("dialog", record)
            tab.goto(ui_url)
            tab.wait_for_selector("#kabar-article textarea")
            yield tab
        finally:
            browser.close()


def screenshot(page: Any, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)


def translate_in_page(page: Any, article: str, reference: str = "") -> None:
    page.fill("#kabar-article textarea", article)
    if reference:
        page.fill("#kabar-reference textarea", reference)
    page.click("#kabar-go")
    page.wait_for_selector("#kabar-result tr.kabar-row", timeout=120_000)
    page.wait_for_function("!document.querySelector('#kabar-go').disabled", timeout=120_000)


def test_seed_article_side_by_side_with_scores_and_xss_as_text(
    page: Any, dialogs: list[str], tmp_path: Path
) -> None:
    article = SEED.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + XSS_PROBE
    expected_rows = sum(len(p.sentences) for p in segment(article))
    translate_in_page(page, article)
    screenshot(page, tmp_path, "kabar-ui-desktop.png")

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
    assert not page.get_by_text(headline[:40]).first.is_visible()  # under "Examples", closed
    page.get_by_text("Examples", exact=True).first.click()
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
    # the panel does not go on saying "Translating…" under the error (a new user saw both)
    page.locator("#kabar-result .kabar-progress").wait_for(state="detached", timeout=30_000)


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


@pytest.mark.parametrize("viewport", [PHONE], ids=["390px"])
def test_phone_layout_stacks_each_sentence_readably(page: Any, tmp_path: Path) -> None:
    article = SEED.read_text(encoding="utf-8")
    reference = "The NATO Secretary General said the alliance is ready.\nIt will act."
    translate_in_page(page, article, reference)
    screenshot(page, tmp_path, "kabar-ui-390px.png")

    width = page.evaluate("window.innerWidth")
    assert width == PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    rows = page.locator("#kabar-result tr.kabar-row")
    assert rows.count() == sum(len(p.sentences) for p in segment(article))
    for index in range(rows.count()):
        row = rows.nth(index)
        source = row.locator("td.src").bounding_box()
        english = row.locator("td.tgt").bounding_box()
        score = row.locator("td.score").bounding_box()
        assert source["width"] >= 250 and english["width"] >= 250
        assert source["y"] + source["height"] <= english["y"] + 1  # Indonesian above English
        assert score["y"] + score["height"] <= source["y"] + 1  # score and flags above both
        assert source["x"] + source["width"] <= width and english["x"] + english["width"] <= width
    # Nothing in the result sticks out of its box (a long word wraps instead).
    assert page.evaluate(
        """() => [...document.querySelectorAll(
            '#kabar-result td, #kabar-result li, #kabar-result .kabar-section')]
        .every(box => box.scrollWidth <= box.clientWidth)"""
    )


def test_translate_button_is_disabled_while_a_translation_runs(page: Any) -> None:
    page.evaluate(
        """() => {
        const button = document.querySelector('#kabar-go');
        window.__kabar_disabled = false;
        new MutationObserver(() => { if (button.disabled) window.__kabar_disabled = true; })
            .observe(button, {attributes: true});
    }"""
    )
    translate_in_page(page, SEED.read_text(encoding="utf-8"))
    assert page.evaluate("window.__kabar_disabled") is True
    assert page.locator("#kabar-go").is_enabled()  # and enabled again when it is done


def test_an_error_clears_the_previous_result_and_its_toast_closes(page: Any) -> None:
    translate_in_page(page, SEED.read_text(encoding="utf-8"))
    download = page.get_by_role("button", name="Download .json")
    assert download.is_visible()

    page.fill("#kabar-article textarea", "")
    page.click("#kabar-go")
    message = page.get_by_text("The article is empty")
    message.wait_for(timeout=30_000)
    assert page.locator("#kabar-result tr.kabar-row").count() == 0
    assert not download.is_visible()
    message.wait_for(state="hidden", timeout=30_000)  # the pop-up closes by itself
    assert page.locator("#kabar-go").is_enabled()


def test_the_page_speaks_plain_language(page: Any) -> None:
    reference = "The NATO Secretary General said the alliance is ready."
    translate_in_page(page, SEED.read_text(encoding="utf-8"), reference)
    text = page.locator("body").inner_text()
    assert "exp(" not in text and "log-prob" not in text
    legend = page.locator("#kabar-result .kabar-legend").inner_text()
    assert "green: likely fine" in legend and "red: check this sentence" in legend
    assert "TER" in text and "lower is better" in text
    badges = page.locator("#kabar-result .kabar-legend .kabar-flag")
    assert badges.count() == len(FLAG_DESCRIPTIONS)  # every flag the checks can raise
    for index in range(badges.count()):
        badge = badges.nth(index)
        assert "_" not in badge.inner_text()  # a name, not a snake_case id
        assert len(badge.get_attribute("title") or "") > 15  # the exact definition on hover
    # ... and a tap away, for a touch screen.
    first = badges.nth(0)
    meaning = first.locator(".kabar-flag-meaning")
    assert not meaning.is_visible()
    first.locator("summary").click()
    assert meaning.is_visible() and meaning.inner_text() == first.get_attribute("title")


@pytest.mark.parametrize(
    "viewport", [PHONE, {"width": 1366, "height": 900}], ids=["390px", "1366px"]
)
def test_after_translate_the_result_is_on_the_first_screen(
    page: Any, tmp_path: Path, viewport: dict[str, int]
) -> None:
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    width = viewport["width"]
    page.fill("#kabar-article textarea", SEED.read_text(encoding="utf-8"))
    page.locator("#kabar-go").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / f"kabar-ui-{width}px-before.png"))
    page.click("#kabar-go")
    progress = page.locator("#kabar-result .kabar-progress")
    progress.wait_for(timeout=30_000)  # said at once, where the result will be
    assert "Translating" in progress.inner_text()
    page.wait_for_selector("#kabar-result tr.kabar-row", timeout=120_000)
    page.wait_for_function("!document.querySelector('#kabar-go').disabled", timeout=120_000)
    page.wait_for_function(
        "(() => { const t = document.getElementById('kabar-result').getBoundingClientRect().top;"
        f" return t > -2 && t < {viewport['height']}; }})()",
        timeout=10_000,
    )
    page.screenshot(path=str(folder / f"kabar-ui-{width}px-after.png"))
    top = page.evaluate("document.getElementById('kabar-result').getBoundingClientRect().top")
    # The result's top on the first screen (scrollIntoView may leave it a fraction above).
    assert -2 < top < viewport["height"] / 2
