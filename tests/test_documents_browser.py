"""A translated news page in a real browser: Debian's Chromium (``apt-get install -y
chromium``) driven by Playwright opens the saved page and its English copy; the DOM the
browser builds must be the same but for text, in English (``lang="en"``), with the
article's text translated and the page's scripts untouched. Skips without Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kabar.translate.backends.base import Backend
from tests.test_documents_formats import NEWS_PAGE, _echo, dropped_formatting
from tests.test_ui_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason=f"{CHROMIUM} is absent: install it with `apt-get install -y chromium`",
)

# The DOM as the browser built it: every element's tag and attributes, except those a
# translation changes; and what the reader sees.
_DOM = """() => {
  const skip = new Set(["alt", "title", "lang", "charset"]);
  const shape = [...document.querySelectorAll("*")].map(e =>
    [e.tagName, [...e.attributes].filter(a => !skip.has(a.name)).map(a => a.name + "=" + a.value)]);
  return {shape, lang: document.documentElement.lang, title: document.title,
          h1: document.querySelector("h1").innerText,
          bold: document.querySelector("h1 b").textContent,
          script: document.querySelector("script").textContent,
          links: [...document.links].map(a => a.href)};
}"""


def test_the_english_page_has_the_same_dom_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from kabar.translate.documents.single import translate_document

    source = tmp_path / "halaman.html"
    source.write_bytes(NEWS_PAGE.encode("latin-1"))
    output = tmp_path / "halaman.en.html"
    translate_document(_echo(), source, output, fmt="html")
    seen: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for name, path in (("before", source), ("after", output)):
                page.goto(path.as_uri())
                seen[name] = page.evaluate(_DOM)
        finally:
            browser.close()
    before, after = seen["before"], seen["after"]
    assert after["shape"] == before["shape"]
    assert after["links"] == before["links"]
    assert after["lang"] == "en" and after["title"] == "EN Presiden bertemu menteri"
    assert after["h1"] == "EN Presiden bertemu menteri di Jakarta"
    assert after["bold"] == "menteri"  # the English keeps the word: its bold wraps it
    assert after["script"] == before["script"]


# The shape and text of each news page as Chromium builds it (scripts' text aside); links
# as written (resolved, "#" would name the page's own file, which the copy is not).
_PAGE = """() => {
  const skip = new Set(["alt", "title", "lang", "charset", "content"]);
  const shape = [...document.querySelectorAll("*")].map(e =>
    [e.tagName, [...e.attributes].filter(a => !skip.has(a.name)).map(a => a.name + "=" + a.value)]);
  return {shape, text: document.body.innerText,
          links: [...document.links].map(a => a.getAttribute("href")),
          scripts: [...document.scripts].map(s => s.textContent)};
}"""


def _elements(shape: list[Any]) -> list[tuple[str, dict[str, str]]]:
    """The browser's shape as ``_structure`` gives it: (tag, attributes)."""
    return [(tag.lower(), dict(a.split("=", 1) for a in attributes)) for tag, attributes in shape]


def test_saved_news_pages_keep_their_dom_and_furniture_in_chromium(
    tmp_path: Path, tiny_backend: Backend
) -> None:
    """Each Indonesian test page translated in place by the tiny model (its article, as
    reading it finds it): Chromium builds the same elements and attributes, the page's
    furniture (menus, consent banner, related lists, comments, footer) reads as it did,
    the article's paragraphs do not."""
    from playwright.sync_api import sync_playwright

    from kabar.translate.documents.single import translate_document
    from tests.test_html_article import PAGES, _flat, _gold, _tiny

    seen: dict[tuple[str, str], Any] = {}
    for page in PAGES:
        translate_document(_tiny(tiny_backend), page, tmp_path / page.name, fmt="html")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            for page in PAGES:
                for name, path in (("before", page), ("after", tmp_path / page.name)):
                    tab.goto(path.as_uri())
                    seen[page.name, name] = tab.evaluate(_PAGE)
        finally:
            browser.close()
    for page in PAGES:
        before, after = seen[page.name, "before"], seen[page.name, "after"]
        # The same elements but bold/italic a sentence crossed whose words the (random)
        # English did not keep: dropped, their words in the English.
        dropped_formatting(_elements(before["shape"]), _elements(after["shape"]))
        assert after["links"] == before["links"] and after["scripts"] == before["scripts"]
        shown, gold = _flat(after["text"]), _gold(page)
        furniture = [line for line in gold["without"] if _flat(line) in _flat(before["text"])]
        assert furniture, page.name  # the page does show furniture
        for line in furniture:
            assert _flat(line) in shown, (page.name, line)
        for paragraph in gold["article"]:
            assert _flat(paragraph) not in shown, (page.name, paragraph)
