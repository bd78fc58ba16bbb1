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
  translated blocks' text; of the ``without`` (furniture) snippets, how many are;
* written back: pages whose DOM, read back after the page is loaded and written
  (translation changes text only), has the same elements and attributes (those a
  translation changes aside), and the attributes that differ.

Run ``python -m kabar.eval.measure.html_article_map [--limit N] [--show N]``.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

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
from kabar.translate.documents.html import HtmlDocument, body_blocks, head_blocks, parse_page
from kabar.translate.documents.html_article import select_article
from kabar.translate.documents.registry import DocumentOptions, Outputs


@dataclass
class Tally:
    pages: int = 0
    fragments: int = 0
    paragraphs: int = 0
    unmatched: int = 0
    pages_unmatched: int = 0
    pages_unmapped: int = 0
    same_dom: int = 0
    attributes_changed: Counter[str] = field(default_factory=Counter)
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
        head_blocks(root),
        lambda visible: body_blocks(root, visible=visible),
        name="page.html",
    )
    tally.seconds += time.perf_counter() - began
    written_back(tally, page, root)
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


_CHANGED = frozenset({"alt", "title", "lang", "charset", "content"})


def written_back(tally: Tally, page: bytes, root: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page.html"
        source.write_bytes(page)
        outputs = Outputs(PurePosixPath("x"))
        document = HtmlDocument(source, "p", Path(folder), outputs, DocumentOptions())
        document.load()
        written = io.BytesIO()
        document.save(written)
    after = parse_page(written.getvalue().decode("utf-8"), name="page.html")
    changed = set()
    for one, other in zip(root.iter(), after.iter(), strict=False):
        if not isinstance(one.tag, str) or one.tag != other.tag:
            continue
        for name, value in one.attrib.items():
            if name not in _CHANGED and other.get(name) != value:
                changed.add(name)
    shapes = [[e.tag for e in tree.iter() if isinstance(e.tag, str)] for tree in (root, after)]
    tally.same_dom += shapes[0] == shapes[1] and not changed
    tally.attributes_changed.update(changed)


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
    print(
        f"  written back: same elements and attributes on {tally.same_dom} of "
        f"{tally.pages - tally.fragments} pages; attributes that differ (pages): "
        f"{dict(tally.attributes_changed) or 'none'}"
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
