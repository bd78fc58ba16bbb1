"""What becomes of bold, italic and other inline formatting that a sentence crosses when a
page is translated in place (``kabar.translate.documents.html_inline``).

Every visible block of each page (``../shared/data/webpages``: 300 real pages, and the
Indonesian test pages) is given two stand-ins for a translation — not translations, but
the two cases that matter: *verbatim* (each sentence as it is: every word kept, as the
English keeps a dateline, a name or a number) and *reordered* (each sentence's words in
reverse order: an element of one word is still kept, one of several words is not). For
each, it prints how many inline formatting elements have their words inside a longer
sentence (with no other element inside them); how many of them still wrap their words
afterwards, were dropped (their words in the sentence), were left empty (an ``id``,
``<time>``, ``<data>``) or hold the whole sentence's English (no text node outside them to
put it in); and on how many pages any character of the page's text went missing (words
are never lost: must be 0) or was added (verbatim: must be 0, nothing is doubled;
reordered: a link whose words the English does not keep repeats them after the sentence).

Run ``python -m kabar.eval.measure.html_inline_formatting [--limit N]``.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kabar.core.errors import InputError
from kabar.core.reading.decode import decode_text
from kabar.core.splitter import segment
from kabar.eval.measure.webpages import DEFAULT_FIXTURES, DEFAULT_SHARED, named_pages
from kabar.translate.documents.html import INLINE, SlotBlock, body_blocks, parse_page
from kabar.translate.documents.html_inline import SOFT_HYPHEN
from kabar.translate.documents.structured import place, with_gaps

FORMATTING = INLINE - {"a", "br", "wbr", "img"}
MODES = ("verbatim", "reordered")


def pages(shared: Path, fixtures: Path, limit: int | None) -> Iterator[bytes]:
    if (shared / "snippets.json").is_file():
        for _, page, _, _ in named_pages(shared, limit):
            yield page
    for path in sorted(fixtures.glob("*.html")):
        yield path.read_bytes()


def _characters(body: Any) -> Counter[str]:
    """The page's characters but whitespace and soft hyphens (which reading drops too)."""
    return Counter("".join("".join(body.itertext()).replace(SOFT_HYPHEN, "").split()))


def measure(page: bytes, mode: str, tally: Counter[str]) -> None:
    try:
        root = parse_page(decode_text(page, name="page.html")[0], name="page.html")
    except InputError:
        return
    body = root.find(".//body")
    if body is None:
        return
    tally["pages"] += 1
    before = _characters(body)
    crossed: list[tuple[Any, str]] = []
    for block in body_blocks(root):
        if not isinstance(block, SlotBlock):
            continue
        sentences = [(s.start, s.end) for p in segment(block.text) for s in p.sentences]
        for index, (element, where) in enumerate(block.slots):
            start, end = block.spans[index]
            tag = element.tag.lower() if isinstance(element.tag, str) else ""
            if where != "text" or tag not in FORMATTING or len(element) or start == end:
                continue
            words = block.text[start:end].strip()
            start = block.text.index(words, start)
            end = start + len(words)
            # Its words inside one sentence that is more than they are.
            if any(s <= start and end <= e and e - s > len(words) for s, e in sentences):
                crossed.append((element, words))
        english = [
            (s, e, text if mode == "verbatim" else " ".join(reversed(text.split())))
            for s, e in sentences
            for text in [block.text[s:e]]
        ]
        block.put(
            place(block.spans, with_gaps(block.text, english), join_crossing=block.join_crossing)
        )
    tally["crossed"] += len(crossed)
    for element, words in crossed:
        if element.getparent() is None:
            tally["dropped"] += 1
        elif " ".join((element.text or "").split()) == words:
            tally["kept"] += 1
        elif (element.text or "").strip():
            tally["holding"] += 1
        else:
            tally["empty"] += 1
    after = _characters(body)
    tally["pages losing text"] += any(after[c] < n for c, n in before.items())
    tally["pages gaining text"] += any(after[c] > before[c] for c in after)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--limit", type=int, default=None, help="first N shared pages only")
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f}")
    for mode in MODES:
        tally: Counter[str] = Counter()
        for page in pages(args.shared, args.fixtures, args.limit):
            measure(page, mode, tally)
        print(
            f"{mode}: {tally['pages']} pages; {tally['crossed']} formatting elements crossed "
            f"by a sentence: {tally['kept']} wrap their words, {tally['dropped']} dropped, "
            f"{tally['empty']} left empty (an id, <time>, <data>), {tally['holding']} holding "
            f"the sentence's English; pages losing text: {tally['pages losing text']}, "
            f"gaining text: {tally['pages gaining text']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
