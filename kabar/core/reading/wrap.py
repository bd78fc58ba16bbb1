"""Hard-wrapped text (copied from a PDF or an e-mail: lines broken mid-sentence) found and
joined, so that the splitter sees sentences, not fragments.

A single line break (no blank line on either side) looks like a wrap when the line
before it ends without sentence punctuation. Text counts as hard-wrapped when at least
``MIN_WRAPS`` of its single breaks look so and they are most (``WRAPPED_SHARE``) of them;
an article with one paragraph per line, headlines included, has few. Then paragraphs are
what blank lines separate, and every single break is joined: replaced by spaces of the
same length, so every offset into the text still indexes the input.
"""

from __future__ import annotations

import re

from kabar.core.furniture import opens_with_mark

MIN_WRAPS = 3
WRAPPED_SHARE = 0.6
# A line ends a sentence (or a heading-like line) with one of these, quotes and brackets
# after it allowed.
_ENDS_SENTENCE = re.compile(r"[.!?:;…]['\"”’»)\]]*\s*$")
_BREAK = re.compile(r"\r\n|\r|\n")


def unwrap(text: str) -> tuple[str, int]:
    """``text`` with its wraps joined (when it is hard-wrapped) and how many were."""
    singles: list[re.Match[str]] = []
    wraps = 0
    for match in _BREAK.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        line = text[start : match.start()]
        rest = text[match.end() : match.end() + 200]
        following = rest.split("\n", 1)[0]
        if not line.strip() or not following.strip():
            continue  # a blank line on either side: a paragraph break, not a wrap
        if opens_with_mark(line) or opens_with_mark(following):
            continue  # kabar's text output: a marked line ("[caption] …") is its own
        singles.append(match)
        wraps += not _ENDS_SENTENCE.search(line)
    if wraps < MIN_WRAPS or wraps < WRAPPED_SHARE * len(singles):
        return text, 0
    parts, last = [], 0
    for match in singles:
        parts += [text[last : match.start()], " " * (match.end() - match.start())]
        last = match.end()
    parts.append(text[last:])
    return "".join(parts), len(singles)
