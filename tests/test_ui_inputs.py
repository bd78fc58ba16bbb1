"""What the UI accepts: pasted text and .txt / .md / .docx uploads, with the CLI's safety."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kabar.core.errors import InputError
from kabar.core.reading import archive, read_text_input
from kabar.ui import inputs
from kabar.ui.inputs import read_paste, read_upload
from tests.conftest import REPO, seed_files

SEED = seed_files()[1]


def test_pasted_article_passes_unchanged() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert read_paste(text).text == text


@pytest.mark.parametrize("text", [None, "", "  \n\t "])
def test_empty_article_is_refused(text: str | None) -> None:
    with pytest.raises(InputError, match="empty"):
        read_paste(text)


def test_article_over_the_limit_is_refused_and_the_limit_stated() -> None:
    with pytest.raises(InputError, match=r"1,001 characters, over the limit of 1,000"):
        read_paste("a" * 1001, max_chars=1000)
    assert read_paste("a" * 1000, max_chars=1000).text


def test_txt_and_md_uploads_are_read_as_text(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    for name in ("artikel.txt", "ARTIKEL.MD"):
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # with a BOM
        upload = read_upload(path)
        assert upload.text == text
        assert upload.name == name and upload.encoding == "utf-8" and not upload.notices


def test_windows_1252_upload_is_read_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "lama.txt"
    path.write_bytes("Harga naik “tajam” – kata menteri.".encode("cp1252"))
    upload = read_upload(path)
    assert upload.text == "Harga naik “tajam” – kata menteri."
    assert upload.encoding == "cp1252" and "Windows-1252" in upload.notices[0]


def test_docx_upload_keeps_paragraphs_and_table_cells_in_order(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Judul berita hari ini")
    document.add_paragraph("")
    document.add_paragraph("Paragraf pertama artikel.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Sel gabungan"
    table.cell(1, 0).text = "Sel kiri"
    table.cell(1, 1).text = "Sel kanan"
    document.add_paragraph("Paragraf penutup.")
    path = tmp_path / "artikel.docx"
    document.save(str(path))
    upload = read_upload(path)
    assert upload.text.split("\n\n") == [
        "Judul berita hari ini",
        "Paragraf pertama artikel.",
        "Sel gabungan",  # a merged cell once, not once per column it spans
        "Sel kiri",
        "Sel kanan",
        "Paragraf penutup.",
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("artikel.pdf", b"%PDF-1.4", "is a PDF, not text: .*Export the article as plain text"),
        ("artikel.odt", b"teks", "unsupported file type"),
        ("artikel.txt", b"%PDF-1.4 binary", "is a PDF, not text"),
        ("artikel.txt", b"\x00\x01\x02binary", "looks binary"),
        ("artikel.md", b"PK\x03\x04zip", "ZIP archive"),
        ("artikel.docx", b"Teks biasa, bukan Word.", "not a Word document"),
        ("artikel.txt", b"   \n  ", "empty"),
    ],
)
def test_unusable_uploads_are_refused_with_what_to_do(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_upload(path)


def test_zip_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "arsip.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "bukan dokumen")
    with pytest.raises(InputError, match=r"no word/document\.xml"):
        read_upload(path)


def test_damaged_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rusak.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    with pytest.raises(InputError, match="not a readable Word document"):
        read_upload(path)


def test_docx_that_would_inflate_too_far_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx import Document

    path = tmp_path / "besar.docx"
    Document().save(str(path))
    monkeypatch.setattr(archive, "DEFAULT_LIMITS", archive.ArchiveLimits(max_unpacked_bytes=1000))
    with pytest.raises(InputError, match="unpacks to more than"):
        read_upload(path)


def test_upload_over_the_byte_or_character_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "panjang.txt"
    path.write_text("kata " * 300, encoding="utf-8")
    with pytest.raises(InputError, match="1,500 characters, over the limit of 1,000"):
        read_upload(path, max_chars=1000)
    monkeypatch.setattr(inputs, "MAX_UPLOAD_BYTES", 1024)
    with pytest.raises(InputError, match="over the upload limit"):
        read_upload(path)


def test_a_saved_web_page_is_read_like_the_cli_reads_it(tmp_path: Path) -> None:
    source = REPO / "tests" / "data" / "webpages" / "tempo-ekspor.html"
    for suffix in (".html", ".htm"):
        upload = tmp_path / f"halaman{suffix}"
        upload.write_bytes(source.read_bytes())
        article = read_upload(upload)
        assert article.text == read_text_input(str(source)).text
        assert "Berlangganan Tempo Digital" not in article.text
        assert article.notices[-1].startswith(f"halaman{suffix}: read the article from a web")
        # The UI's own way to read it all, not the command line's flag.
        assert article.notices[-1].endswith("(tick Whole page to read them all).")


def test_whole_page_reads_all_the_visible_text_as_the_cli_does(tmp_path: Path) -> None:
    source = REPO / "tests" / "data" / "webpages" / "detik-banjir.html"
    upload = tmp_path / "halaman.html"
    upload.write_bytes(source.read_bytes())
    whole = read_text_input(str(source), whole_page=True).text
    assert "Daftar detikconnect" in whole
    assert read_upload(upload, whole_page=True).text == whole
    assert "Daftar detikconnect" not in read_upload(upload).text
    pasted = source.read_text("utf-8")
    assert read_paste(pasted, whole_page=True).text == whole
    assert "Daftar detikconnect" not in read_paste(pasted).text
