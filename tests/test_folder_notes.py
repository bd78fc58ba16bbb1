"""The folder summary's notes name each file once, whether or not a notice names it."""

from __future__ import annotations

from kabar.translate.folder.report import TRANSLATED, FileOutcome, FolderReport, notice_lines


def test_a_notice_that_names_its_file_is_not_named_twice() -> None:
    outcome = FileOutcome(
        "sub/berita.html",
        TRANSLATED,
        notices=(
            "sub/berita.html: translated the article of a web page in place",
            "read as Windows-1252",
        ),
    )
    report = FolderReport("in", "out", (outcome,), None, 1.0, 1.0)
    assert notice_lines(report) == [
        "kabar: notes:",
        "  sub/berita.html: translated the article of a web page in place; read as Windows-1252",
    ]
