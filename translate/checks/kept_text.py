"""The ``kept_text`` check: web addresses, e-mail addresses, @handles and #hashtags of the
source must come through the translation unchanged, character for character.

A reader follows them: a translated hashtag or a mangled address points nowhere. The
comparison ignores case (``#PrayForPalu`` and ``#prayforpalu`` reach the same tag) and a
trailing full stop or comma, which belongs to the sentence, not to the address.
"""

from __future__ import annotations

import re

from kabar.translate.checks.base import CheckResult

NAME = "kept_text"
DESCRIPTION = "a web address, e-mail, @handle or #hashtag did not come through unchanged"

# Order matters: an e-mail is taken before its "@domain" could read as a handle, and a URL
# before its "#fragment" could read as a hashtag.
_KEPT = re.compile(
    r"(?P<url>\b(?:https?://|www\.)[^\s<>\"')\]]+)"
    r"|(?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<handle>(?<![\w@/])@\w{2,})"
    r"|(?P<tag>(?<![\w#&/])#\w*[^\W\d_]\w*)",  # "#1" is a rank, not a hashtag
)
_KINDS = {"url": "web address", "email": "e-mail address", "handle": "handle", "tag": "hashtag"}


def kept_items(text: str) -> list[tuple[str, str]]:
    """(kind, text) of every URL, e-mail, @handle and #hashtag in ``text``, in order."""
    items = []
    for match in _KEPT.finditer(text):
        kind = match.lastgroup or "url"
        items.append((kind, match.group(0).rstrip(".,;:!?")))
    return items


def check(source: str, translation: str) -> tuple[CheckResult, ...]:
    """One result per source item that is not in ``translation`` as written."""
    english = translation.casefold()
    return tuple(
        CheckResult(NAME, item, f"the {_KINDS[kind]} is not in the English unchanged")
        for kind, item in dict.fromkeys(kept_items(source))
        if item.casefold() not in english
    )
