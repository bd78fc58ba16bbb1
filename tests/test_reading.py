"""One article-reading path (issue 10, item 4): the CLI, stdin, a UI paste, a UI upload and
translate-dir read an article under the same rules, with the same notices, and
``core/reading`` depends on nothing above it."""

from __future__ import annotations

import ast
import gzip
import io
import json
import lzma
import zipfile
from pathlib import Path
from typing import Any

import docx
import gradio as gr
import pytest

from kabar.cli.main import main
from kabar.core.errors import InputError
from kabar.core.reading import read_article, read_text_input
from kabar.core.reading.archive import ArchiveLimits, check_archive
from kabar.core.reading.html import html_notice
from kabar.core.splitter import segment
from kabar.translate.backends.base import Backend
from kabar.translate.engine import Translator
from kabar.translate.folder.report import REPORT_NAME
from kabar.translate.options import TranslationOptions
from kabar.ui.handlers import load_upload, translate_json, translate_page
from kabar.ui.inputs import PASTE_NAME, read_paste, read_upload
from tests.conftest import seed_files

REPO = Path(__file__).resolve().parents[1]
ABOVE_CORE = {"translate", "summarize", "ui", "eval", "cli", "numpy", "torch"}
# A fragment of a page (no doctype, <html>, <head> or <body>): read by the visible-text
# reducer on every surface (a whole page is read for its article: tests/test_web_pages.py).
PAGE = (
    "<title>Judul situs</title>"
    "<script>var berita = 'Jangan diterjemahkan. Ini kode.';</script>"
    "<nav>Beranda | Politik</nav><h1>Presiden tiba di Jakarta</h1>"
    "<p>Presiden tiba di Jakarta pada hari Senin.</p>"
    "<p>Dia disambut &amp; dijamu oleh gubernur.</p>"
)
VISIBLE = (
    "Presiden tiba di Jakarta\n\nPresiden tiba di Jakarta pada hari Senin.\n\n"
    "Dia disambut & dijamu oleh gubernur."
)


@pytest.fixture(scope="module")
def translator(tiny_backend: Backend) -> Translator:
    return Translator(tiny_backend, TranslationOptions(beam_size=1))


# --- the layer rule -------------------------------------------------------------------


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(top-level module, line, at module level?) of every import in ``path``."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            # kabar's own layers are named by their subpackage: kabar.translate -> translate
            module = parts[1] if parts[0] == "kabar" and len(parts) > 1 else parts[0]
            found.append((module, node.lineno, id(node) in top_level))
    return found


def test_core_imports_nothing_above_it() -> None:
    files = sorted((REPO / "kabar" / "core").rglob("*.py"))
    assert REPO / "kabar" / "core" / "reading" / "decode.py" in files  # the walk is not vacuous
    wrong = [
        f"{path.relative_to(REPO)}:{line} imports {module}"
        for path in files
        for module, line, _ in _imports(path)  # lazy imports inside functions count too
        if module in ABOVE_CORE
    ]
    assert wrong == []
    eager_docx = [
        f"{path.relative_to(REPO)}:{line}"
        for path in files
        for module, line, module_level in _imports(path)
        if module == "docx" and module_level
    ]
    assert eager_docx == []  # python-docx is loaded only when a .docx is read


# --- HTML: the same reduction and notice on every surface -------------------------------


def test_ui_paste_of_a_page_is_reduced_like_the_cli(
    tmp_path: Path, translator: Translator, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "halaman.txt"
    page.write_text(PAGE, encoding="utf-8")
    cli = read_text_input(str(page))
    pasted = read_paste(PAGE)
    assert cli.text == pasted.text == VISIBLE
    assert cli.notices == (html_notice(str(page), 3),)
    assert pasted.notices == (html_notice(PASTE_NAME, 3),)

    data = translate_json(translator, PAGE)
    sources = [s["source"] for p in data["paragraphs"] for s in p["sentences"]]
    assert sources == [s.source for s in translator.translate_article(VISIBLE).sentences]
    assert not any("<" in s or "berita =" in s or "Beranda" in s for s in sources)
    assert data["notices"][0] == html_notice(PASTE_NAME, 3)
    result = translate_page(translator, None, PAGE, "", downloads_dir=tmp_path / "dl")
    assert result.article.notices[0] == html_notice(PASTE_NAME, 3)
    assert html_notice(PASTE_NAME, 3) in result.html  # shown on the page
    saved = json.loads(result.downloads.json.read_text("utf-8"))
    assert saved["notices"][0] == html_notice(PASTE_NAME, 3)


@pytest.mark.parametrize("form", ["path", "stream", "bytes", "str"])
def test_every_source_form_reads_the_same(tmp_path: Path, form: str) -> None:
    data = PAGE.encode("cp1252")
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    source = {
        "path": path,
        "stream": io.BytesIO(data),
        "bytes": data,
        "str": PAGE,
    }[form]
    article = read_article(source, name="x.txt")
    assert article.text == VISIBLE
    assert article.notices[-1] == html_notice("x.txt", 3)


def test_an_html_file_is_reduced_even_when_it_looks_like_prose(tmp_path: Path) -> None:
    path = tmp_path / "potongan.html"
    path.write_text("<b>Presiden</b> tiba di Jakarta.", encoding="utf-8")
    assert read_text_input(str(path)).text == "Presiden tiba di Jakarta."


def test_translate_json_carries_the_reading_notices(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "lama.txt"
    page.write_bytes(PAGE.replace("Senin", "Senin “pagi”").encode("cp1252"))
    argv = ["translate", str(page), "--model", str(tiny_model_dir), "--beam", "1"]
    code = main([*argv, "--threads", "1", "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    notices = json.loads(captured.out)["notices"]
    assert notices[:2] == [
        f"{page} is not UTF-8; read it as Windows-1252 (cp1252).",
        html_notice(str(page), 3),
    ]
    for notice in notices:  # and each once on stderr
        assert captured.err.count(f"kabar: note: {notice}") == 1

    code = main([*argv, "--threads", "1", "--format", "json", "--brief"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert json.loads(captured.out)["notices"][:2] == notices[:2]


# --- .docx: body, tables and nested tables, on the CLI, the UI and translate-dir -----------


def _nested_docx(path: Path) -> list[str]:
    """A document with a table inside a table cell; its paragraphs in document order."""
    document = docx.Document()
    document.add_paragraph("Rapat kabinet digelar di Istana.")
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Peserta rapat"
    inner = outer.cell(0, 1).add_table(rows=2, cols=1)
    inner.cell(0, 0).text = "Menteri Keuangan hadir."
    inner.cell(1, 0).text = "Menteri Luar Negeri berhalangan."
    document.add_paragraph("Rapat selesai pukul lima.")
    document.save(str(path))
    return [
        "Rapat kabinet digelar di Istana.",
        "Peserta rapat",
        "Menteri Keuangan hadir.",
        "Menteri Luar Negeri berhalangan.",
        "Rapat selesai pukul lima.",
    ]


def test_nested_table_text_reaches_the_ui_upload_and_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "rapat.docx"
    expected = _nested_docx(path)
    upload = read_upload(path)
    assert upload.text.split("\n\n") == expected
    assert upload.encoding == "docx"
    assert load_upload(str(path)) == upload.text
    assert read_text_input(str(path)).text == upload.text  # `kabar translate rapat.docx`


def _translate_dir(src: Path, out: Path, model: Path, *extra: str) -> int:
    return main(["translate-dir", str(src), str(out), "--model", str(model), "--beam", "1", *extra])


def test_nested_table_text_is_translated_by_translate_dir(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    expected = _nested_docx(src / "rapat.docx")
    code = _translate_dir(src, out, tiny_model_dir, "--threads", "1", "--format", "json")
    assert code == 0, capsys.readouterr().err
    data = json.loads((out / "rapat.en.docx.json").read_text("utf-8"))
    sources = [" ".join(s["source"] for s in p["sentences"]) for p in data["paragraphs"]]
    assert sources == expected == read_upload(src / "rapat.docx").text.split("\n\n")
    report = json.loads((out / REPORT_NAME).read_text("utf-8"))
    assert report["files"][0]["paragraphs"] == len(expected)


# --- the archive guard, wherever a .docx is opened ---------------------------------------


def _zip_bomb(path: Path) -> None:
    """A real Word document with a 60 MB run of zeros added as a part (~60 kB packed)."""
    document = docx.Document()
    document.add_paragraph("Berita yang tampak biasa.")
    document.save(str(path))
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/image1.png", bytes(60 * 1024 * 1024))


def test_zip_bomb_disguised_as_docx_is_refused_by_the_ui(tmp_path: Path) -> None:
    path = tmp_path / "bom.docx"
    _zip_bomb(path)
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(InputError, match=r"word/media/image1\.png.*zip bomb"):
        read_upload(path)
    with pytest.raises(gr.Error, match="zip bomb"):
        load_upload(str(path))


def test_zip_bomb_disguised_as_docx_fails_alone_in_translate_dir(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _zip_bomb(src / "bom.docx")
    _nested_docx(src / "baik.docx")
    (src / "baik.txt").write_text("Presiden tiba di Jakarta.", encoding="utf-8")
    code = _translate_dir(src, out, tiny_model_dir, "--threads", "1", "--quiet")
    err = capsys.readouterr().err
    assert code == 1
    files = {f["path"]: f for f in json.loads((out / REPORT_NAME).read_text("utf-8"))["files"]}
    assert files["bom.docx"]["status"] == "failed"
    assert "zip bomb" in str(files["bom.docx"]["reason"])
    assert "bom.docx" in err
    assert files["baik.docx"]["status"] == files["baik.txt"]["status"] == "translated"
    assert not (out / "bom.en.docx").exists()


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (ArchiveLimits(max_entries=3), r"holds \d+ files \(over 3\)"),
        (ArchiveLimits(max_unpacked_bytes=1000), "unpacks to more than 1,000 bytes"),
    ],
)
def test_archive_limits_each_refuse(tmp_path: Path, limits: ArchiveLimits, message: str) -> None:
    path = tmp_path / "biasa.docx"
    docx.Document().save(str(path))
    check_archive(path, name="biasa.docx", required=("word/document.xml",))  # within defaults
    with pytest.raises(InputError, match=message):
        check_archive(path, name="biasa.docx", limits=limits)


def test_docx_paragraphs_stay_paragraphs_for_the_splitter(tmp_path: Path) -> None:
    from kabar.core.splitter import segment

    document = docx.Document()
    document.add_paragraph("Anggaran pertahanan")  # a caption: no final full stop
    document.add_paragraph("naik 5 persen tahun ini.")
    path = tmp_path / "keterangan.docx"
    document.save(str(path))
    text = read_upload(path).text
    # A single line break here would read as a soft wrap and join the two (as the UI did).
    assert [text[p.span.start : p.span.end] for p in segment(text)] == [
        "Anggaran pertahanan",
        "naik 5 persen tahun ini.",
    ]


def test_hard_wrapped_articles_are_joined_with_a_notice_and_offsets_kept() -> None:
    """Issue 14 item 12: a copy from a PDF or an e-mail (lines broken mid-sentence) gives
    the sentences of the original, with a notice; articles with one paragraph per line
    (every seed) are left alone."""
    import textwrap

    def sentences(text: str) -> list[str]:
        return [" ".join(text[s.start : s.end].split()) for p in segment(text) for s in p.sentences]

    for path in seed_files():
        original = path.read_text("utf-8")
        assert read_article(original, name=path.name, max_chars=10**6).notices == ()
        paragraphs = [line for line in original.split("\n") if line.strip()]
        wrapped = "\n\n".join(textwrap.fill(p, 68, break_on_hyphens=False) for p in paragraphs)
        assert len(segment(wrapped)) > len(paragraphs)  # fragments before the fix
        article = read_article(wrapped, name="salinan.txt", max_chars=10**6)
        assert "looks hard-wrapped" in " ".join(article.notices)
        assert len(article.text) == len(wrapped)  # every offset still indexes the input
        assert len(segment(article.text)) == len(paragraphs)
        assert sentences(article.text) == sentences(original)


@pytest.mark.parametrize(
    ("suffix", "compress", "tool"),
    [
        (".html.gz", gzip.compress, "gunzip"),
        (".txt.xz", lzma.compress, "unxz"),
    ],
)
def test_a_compressed_file_is_told_to_be_decompressed(
    tmp_path: Path, suffix: str, compress: Any, tool: str
) -> None:
    page = tmp_path / f"berita{suffix}"
    page.write_bytes(compress(b"<p>Polisi menangkap dua orang di Jakarta.</p>" * 20))
    for read in (
        lambda: read_text_input(str(page)),
        lambda: read_upload(str(page)),
    ):
        with pytest.raises((InputError, gr.Error)) as refused:
            read()
        message = str(refused.value)
        assert "compressed" in message and tool in message
        assert "Export the article as plain text" not in message
