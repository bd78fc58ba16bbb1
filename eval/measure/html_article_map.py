"""How well a page's article, as reading finds it, maps back onto the page's elements.

``kabar translate page.html --format html`` (and translate-dir's ``.en.html``) translates
in place the blocks of the page that hold the paragraphs trafilatura extracted
(``kabar.core.reading.page_map``). For each page of ``../shared/data/webpages`` (300 real
pages) and the Indonesian test pages, this prints:

* paragraphs: extracted paragraphs, and how many of them were *unmatched* (not found in
  the page's blocks, or mostly in blocks not kept: their text is not translated in place),
  by why: code (never translated), not on the page as such, in a block not kept;
* pages with at least one unmatched paragraph, and pages where nothing could be mapped
  (translated whole, with a notice);
* snippets: of the article's ``with`` snippets the text reading finds, how many are in the
  translated blocks' text; of the ``without`` (furniture) snippets, how many are.

Run ``python -m kabar.eval.measure.html_article_map [--limit N] [--show N]``.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kabar.core.errors import InputError
from kabar.core.reading.decode import decode_text
from kabar.core.reading.page import is_whole_page
from kabar.core.reading.page_map import match_key
from kabar.eval.measure.webpages import (
    DEFAULT_FIXTURES,
    DEFAULT_SHARED,
    fixture_pages,
    normalise,
    shared_pages,
)
from kabar.translate.documents.html import body_blocks, parse_page, title_block
from kabar.translate.documents.html_article import select_article


@dataclass
class Tally:
    pages: int = 0
    fragments: int = 0
    paragraphs: int = 0
    unmatched: int = 0
    pages_unmatched: int = 0
    pages_unmapped: int = 0
    with_read: int = 0
    with_translated: int = 0
    without_read: int = 0
    without_translated: int = 0
    seconds: float = 0.0
    why: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


def measure_page(tally: Tally, page: bytes, wanted: list[str], unwanted: list[str]) -> None:
    began = time.perf_counter()
    try:
        text = decode_text(page, name="page.html")[0]
        root = parse_page(text, name="page.html")
    except InputError:
        return
    tally.pages += 1
    if not is_whole_page(text):
        tally.fragments += 1
        return
    selection = select_article(
        text,
        title_block(root),
        lambda visible: body_blocks(root, visible=visible),
        name="page.html",
    )
    tally.seconds += time.perf_counter() - began
    paragraphs = selection.paragraphs
    tally.paragraphs += len(paragraphs)
    tally.unmatched += len(selection.unmatched)
    tally.pages_unmatched += bool(selection.unmatched)
    tally.pages_unmapped += bool(paragraphs) and len(selection.unmatched) == len(paragraphs)
    body = root.find(".//body")
    shown = match_key(body.text_content()) if body is not None else ""
    code = match_key(" ".join(e.text_content() for e in root.iterfind(".//body//pre")))
    code += match_key(" ".join(e.text_content() for e in root.iterfind(".//body//code")))
    for index in selection.unmatched:
        key = match_key(paragraphs[index])
        why = "code" if key in code else "in a block not kept" if key in shown else "not on page"
        tally.why[why] += 1
        tally.examples.append(f"{why}: {paragraphs[index][:100]!r}")
    read = normalise(" ".join(paragraphs))
    translated = normalise(" ".join(block.text for block in selection.blocks))
    for snippet in map(normalise, wanted):
        if snippet in read:
            tally.with_read += 1
            tally.with_translated += snippet in translated
    for snippet in map(normalise, unwanted):
        tally.without_read += snippet in read
        tally.without_translated += snippet in translated


def report(name: str, tally: Tally, show: int) -> None:
    share = tally.unmatched / max(tally.paragraphs, 1)
    print(
        f"{name}: {tally.pages} pages ({tally.fragments} fragments, translated whole); "
        f"{tally.paragraphs} extracted paragraphs, {tally.unmatched} unmatched ({share:.1%}) "
        f"on {tally.pages_unmatched} pages; {tally.pages_unmapped} pages with nothing mapped; "
        f"{1000 * tally.seconds / max(tally.pages, 1):.0f} ms/page"
    )
    print(
        f"  article snippets read {tally.with_read}, of them translated in place "
        f"{tally.with_translated}; furniture snippets read {tally.without_read}, "
        f"translated in place {tally.without_translated}"
    )
    print(
        f"  unmatched: {tally.why['code']} code (in <pre>/<code>, never translated), "
        f"{tally.why['not on page']} not on the page as such (a headline from the page's "
        f"metadata, text the extractor joined), {tally.why['in a block not kept']} in a "
        "block mostly not the article's"
    )
    for example in tally.examples[:show]:
        print(f"  unmatched, {example}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--limit", type=int, default=None, help="first N shared pages only")
    parser.add_argument("--show", type=int, default=10, help="unmatched paragraphs to print")
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f}")
    fixtures = Tally()
    for _, page, gold in fixture_pages(args.fixtures):
        measure_page(fixtures, page, list(gold["article"]), list(gold["without"]))
    report("Indonesian test pages", fixtures, args.show)
    if (args.shared / "snippets.json").is_file():
        shared = Tally()
        for page, wanted, unwanted in shared_pages(args.shared, args.limit):
            measure_page(shared, page, wanted, unwanted)
        report("real pages", shared, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
