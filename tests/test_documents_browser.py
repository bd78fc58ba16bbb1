"""A translated news page in a real browser: Debian's Chromium (``apt-get install -y
chromium``) driven by Playwright opens the saved page and its English copy; the DOM the
browser builds must be the same but for text, in English (``lang="en"``), with the
article's text translated and the page's scripts untouched. Skips without Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_documents_formats import NEWS_PAGE, _echo
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
    assert after["script"] == before["script"]
