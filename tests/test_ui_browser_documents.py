"""The UI in Chromium (as tests/test_ui_browser.py, whose server and page it shares): an
uploaded .docx downloaded back in English, and the leftovers of a new user's trial on a
phone: the glossary's upload box and the list of sentences to check.

Screenshots go to $KABAR_SCREENSHOTS when set (to look at them), else the test's folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from tests import test_ui_browser as browser
from tests.test_documents_formats import newsroom_docx

pytestmark = browser.pytestmark
# The shared server and page (pytest finds fixtures by module attribute).
ui_url = browser.ui_url
dialogs = browser.dialogs
viewport = browser.viewport
page = browser.page

DESKTOP = {"width": 1366, "height": 900}
WIDTHS = pytest.mark.parametrize("viewport", [browser.PHONE, DESKTOP], ids=["390px", "1366px"])


WORDS = ("Drop File Here", "Click to Upload")  # what an empty upload box says


def _text_box(page: Any, selector: str, words: str) -> dict[str, float]:
    """Where ``words`` are drawn inside ``selector`` (a text node's box, not its parent's,
    which spans the whole upload box), once it is drawn."""
    found = page.wait_for_function(
        """([selector, words]) => {
            const root = document.querySelector(selector);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                const at = node.textContent.indexOf(words);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const r = range.getBoundingClientRect();
                if (r.width > 0) return {x: r.x, y: r.y, width: r.width, height: r.height};
            }
            return null;
        }""",
        arg=[selector, words],
        timeout=30_000,
    ).json_value()
    return dict(found)


def _box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return dict(found)


@WIDTHS
def test_the_glossary_box_shows_its_label_and_words_unclipped(
    page: Any, tmp_path: Path, viewport: dict[str, int]
) -> None:
    page.locator("#kabar-glossary").scroll_into_view_if_needed()
    browser.screenshot(page, tmp_path, f"kabar-glossary-{viewport['width']}px.png")
    box = _box(page, "#kabar-glossary")
    label = _box(page, "#kabar-glossary [data-testid=block-label]")
    drop, click = (_text_box(page, "#kabar-glossary", words) for words in WORDS)
    assert label["height"] < 30  # one line, not wrapped over the box's words
    assert label["y"] + label["height"] <= drop["y"] + 1  # the label is above them
    assert click["y"] + click["height"] <= box["y"] + box["height"]  # and none is cut off
    assert "Indonesian term" in page.locator("#kabar-glossary-hint").inner_text()
    glossary = tmp_path / "glosarium.tsv"
    glossary.write_text("presiden\tpresident\n", encoding="utf-8")
    page.set_input_files("#kabar-glossary input[type=file]", str(glossary))
    # The file's row (its name is drawn as stem and extension, apart).
    row = page.locator("#kabar-glossary td.filename[aria-label='glosarium.tsv']")
    row.wait_for(timeout=30_000)
    listed = _box(page, "#kabar-glossary td.filename")
    box = _box(page, "#kabar-glossary")
    assert listed["x"] + listed["width"] <= box["x"] + box["width"]
    assert listed["y"] + listed["height"] <= box["y"] + box["height"]


@WIDTHS
def test_the_sentences_to_check_are_a_few_links_on_a_phone(
    page: Any, tmp_path: Path, viewport: dict[str, int]
) -> None:
    browser.translate_in_page(page, browser.SEED.read_text(encoding="utf-8"))
    section = page.locator("#kabar-result .kabar-to-check")
    section.scroll_into_view_if_needed()
    browser.screenshot(page, tmp_path, f"kabar-to-check-{viewport['width']}px.png")
    links = section.locator("li.kabar-item a")
    assert links.count() >= 1  # the tiny random model's garbage always has some
    why = section.locator(".kabar-why").first
    height = _box(page, "#kabar-result .kabar-to-check")["height"]
    if viewport["width"] == browser.PHONE["width"]:
        assert not why.is_visible()  # each row says why, under its flags
        assert height < viewport["height"] / 2
        shown = sum(1 for i in range(links.count()) if links.nth(i).is_visible())
        assert shown == min(links.count(), 12)
        links.nth(0).click()  # a link still takes the reader to its row
        target = links.nth(0).get_attribute("href") or ""
        top = page.evaluate(f"document.getElementById('{target[1:]}').getBoundingClientRect().top")
        assert 0 <= top < viewport["height"]
    else:
        assert why.is_visible() and "confidence" in why.inner_text()
    # The heading folds the list away, and back.
    section.locator("summary").click()
    assert not links.nth(0).is_visible()
    section.locator("summary").click()
    assert links.nth(0).is_visible()


@pytest.mark.parametrize("viewport", [browser.PHONE], ids=["390px"])
def test_an_uploaded_docx_downloads_back_in_english(page: Any, tmp_path: Path) -> None:
    upload = newsroom_docx(tmp_path / "berita.docx")
    page.set_input_files("#kabar-upload input[type=file]", str(upload))
    page.wait_for_function(
        "document.querySelector('#kabar-article textarea').value.includes('Jakarta')",
        timeout=30_000,
    )
    page.click("#kabar-go")
    button = page.locator("#kabar-document")
    button.wait_for(state="visible", timeout=120_000)
    assert button.inner_text().strip() == "Download .docx (your document in English)"
    # The rebuilt article's Word file gives way to the upload's own; the others stay.
    assert not page.get_by_role("button", name="Download .docx (the English article").is_visible()
    assert page.get_by_role("button", name="Download .json").is_visible()
    browser.screenshot(page, tmp_path, "kabar-docx-download-390px.png")
    with page.expect_download() as caught:
        button.click()
    download = caught.value
    assert download.suggested_filename.endswith(".en.docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(str(saved))
    english, source = docx.Document(str(saved)), docx.Document(str(upload))
    assert english.core_properties.language == "en-US"
    assert [p.style.name for p in english.paragraphs] == [p.style.name for p in source.paragraphs]
    assert len(english.tables) == len(source.tables) and english.tables[0].cell(1, 1).tables
    assert english.paragraphs[0].text != source.paragraphs[0].text
    # Another article in the box: no stale document of the upload, and a word on why.
    page.fill("#kabar-article textarea", browser.SEED.read_text(encoding="utf-8"))
    page.click("#kabar-go")
    page.get_by_text("upload it again").wait_for(timeout=120_000)
    page.wait_for_function("!document.querySelector('#kabar-go').disabled", timeout=120_000)
    assert not button.is_visible()
