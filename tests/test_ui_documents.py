"""The UI gives an uploaded .docx, .html or .md back in its own kind, in English.

Driven through the UI's handler (``translate_page``) over the tiny random model: the
downloaded file is read back (python-docx and the package's XML for .docx, lxml for the
page, markdown-it's tokens for .md) and compared with the upload's structure, and with
what ``kabar translate FILE --format KIND`` writes (the same code, so the same file).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import gradio as gr
import lxml.html
import pytest
from markdown_it import MarkdownIt

from kabar.core.reading import archive
from kabar.translate.backends.base import Backend
from kabar.translate.documents.registry import DocumentOptions
from kabar.translate.documents.single import translate_document
from kabar.translate.engine import Translator
from kabar.translate.glossary import load_glossary
from kabar.translate.options import TranslationOptions
from kabar.ui.handlers import PageResult, load_upload, translate_page
from tests.conftest import SpyBackend
from tests.test_documents_formats import (
    NEWS_PAGE,
    README,
    _paragraphs,
    _shape,
    _structure,
    dropped_formatting,
    newsroom_docx,
)


@pytest.fixture(scope="module")
def translator(tiny_backend: Backend) -> Translator:
    return Translator(tiny_backend, TranslationOptions(beam_size=1))


def _uploaded(
    path: Path, tmp_path: Path, translator: Translator, glossary: Path | None = None
) -> PageResult:
    """What the page does: the upload fills the article box, then Translate."""
    text = load_upload(str(path))
    return translate_page(
        translator,
        None,
        text,
        "",
        downloads_dir=tmp_path / "downloads",
        upload_path=str(path),
        glossary_path=str(glossary) if glossary else None,
    )


def test_a_docx_upload_comes_back_as_the_same_document_in_english(
    translator: Translator, tmp_path: Path
) -> None:
    source = newsroom_docx(tmp_path / "berita.docx")
    glossary = tmp_path / "glosarium.tsv"
    glossary.write_text("presiden\tpresident\n", encoding="utf-8")
    result = _uploaded(source, tmp_path, translator, glossary)
    files = result.downloads
    document = files.document
    assert document is not None and document.parent == files.txt.parent
    slug = files.txt.name.removesuffix(".en.txt")
    assert document.name == f"{slug}.en.docx" and slug != "kabar-translation"
    # The upload takes the .docx name: no second, rebuilt Word file beside it.
    assert "docx" not in files.files and {"text", "json", "markdown", "html"} <= set(files.files)
    assert sorted(p.name for p in document.parent.iterdir()).count(document.name) == 1

    before, after = _paragraphs(source), _paragraphs(document)
    # Every paragraph of every story (body, tables, header, footer, footnote) is still
    # there, in its place, with its own paragraph properties (style, numbering, alignment).
    assert [(part, depth, props) for part, depth, props, _ in after] == [
        (part, depth, props) for part, depth, props, _ in before
    ]
    changed = [a[3] for a, b in zip(after, before, strict=True) if b[3] and a[3] != b[3]]
    assert len(changed) >= len([b for b in before if b[3]]) - 2  # a random model rarely echoes
    read = docx.Document(str(document))
    assert read.core_properties.language == "en-US"
    assert [p.style.name for p in read.paragraphs] == [
        p.style.name for p in docx.Document(str(source)).paragraphs
    ]
    assert read.tables[0].cell(1, 1).tables  # the nested table is still nested
    assert read.sections[0].header.paragraphs[0].text != "Harian Kabar. Edisi pagi."

    # The file holds what the page shows: each paragraph's English as on the page.
    english = {text for _, _, _, text in after}
    for paragraph in result.article.paragraphs:
        assert " ".join(s.translation for s in paragraph.sentences) in english
    # What `kabar translate berita.docx --format docx` writes, glossary included (the
    # same sentences translated alike, whichever batch they were in).
    direct = tmp_path / "direct.en.docx"
    terms = load_glossary(glossary)
    translate_document(translator, source, direct, fmt="docx", glossary=terms)
    assert _paragraphs(direct) == after


def test_the_document_pass_sends_only_what_the_page_did_not_translate(
    tiny_backend: Backend, tmp_path: Path
) -> None:
    spy = SpyBackend(tiny_backend)
    source = newsroom_docx(tmp_path / "berita.docx")
    result = _uploaded(source, tmp_path, Translator(spy, TranslationOptions(beam_size=1)))
    assert result.downloads.document is not None
    sent = [text for texts, _ in spy.batches for text in texts]
    page = [" ".join(s.source.split()) for s in result.article.sentences if not s.copied]
    assert page and all(sent.count(sentence) == 1 for sentence in page)
    # ... and the header, footer and footnote (not on the page) went to the model once.
    for extra in ("Harian Kabar.", "Edisi pagi.", "Catatan kaki tentang sumber."):
        assert extra not in page and sent.count(extra) == 1


@pytest.mark.parametrize("name", ["halaman.html", "HALAMAN.HTM"])
def test_an_html_upload_comes_back_as_the_same_page_in_english(
    translator: Translator, tmp_path: Path, name: str
) -> None:
    source = tmp_path / name
    source.write_bytes(NEWS_PAGE.encode("latin-1"))
    result = _uploaded(source, tmp_path, translator)
    document = result.downloads.document
    assert document is not None and document.name.endswith(".en.html")
    assert "html" not in result.downloads.files
    before = lxml.html.document_fromstring(NEWS_PAGE)
    after = lxml.html.document_fromstring(document.read_text("utf-8"))
    # The same DOM, only its text changed (and bold/italic crossed by a sentence whose
    # words the random English did not keep: dropped, their words in the English).
    dropped_formatting(_structure(before), _structure(after))
    assert after.get("lang") == "en"
    assert after.find(".//script").text == before.find(".//script").text
    assert after.find(".//p/a").get("href") == "https://kabar.example/a?b=1&c=2"
    assert after.findtext(".//h1") != before.findtext(".//h1")
    direct = tmp_path / "direct.en.html"
    translate_document(translator, source, direct, fmt="html")
    assert direct.read_text("utf-8") == document.read_text("utf-8")


def test_a_markdown_upload_comes_back_as_markdown_in_english(
    translator: Translator, tmp_path: Path
) -> None:
    source = tmp_path / "README.md"
    source.write_text(README, encoding="utf-8")
    result = _uploaded(source, tmp_path, translator)
    files = result.downloads
    document = files.document
    assert document is not None and document.name.endswith(".en.md")
    assert files.md.name.endswith(".side-by-side.md")  # the tables stay, under their name
    english = document.read_text("utf-8")
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    assert _shape(parser.parse(english)) == _shape(parser.parse(README))
    assert "kabar translate berita.txt  # jangan diterjemahkan" in english  # code untouched
    assert "](https://kabar.example/pasang" in english  # the link's URL untouched
    direct = tmp_path / "direct.en.md"
    translate_document(translator, source, direct, fmt="md")
    assert direct.read_text("utf-8") == english


def test_an_edited_article_box_gets_no_stale_document_and_says_why(
    translator: Translator, tmp_path: Path
) -> None:
    source = newsroom_docx(tmp_path / "berita.docx")
    text = load_upload(str(source))
    edited = text + "\n\nParagraf tambahan dari editor."
    result = translate_page(
        translator, None, edited, "", downloads_dir=tmp_path, upload_path=str(source)
    )
    assert result.downloads.document is None
    assert "docx" in result.downloads.files  # the article as a Word file, as for a paste
    [notice] = result.notices
    assert "berita.docx" in notice and "upload it again" in notice
    # Whitespace alone (the text box's line endings) is not an edit.
    same = translate_page(
        translator,
        None,
        text.replace("\n", "\r\n") + "\n",
        "",
        downloads_dir=tmp_path,
        upload_path=str(source),
    )
    assert same.downloads.document is not None and not same.notices


def test_a_text_upload_or_a_paste_has_no_document_download(
    translator: Translator, tmp_path: Path
) -> None:
    source = tmp_path / "artikel.txt"
    source.write_text("Presiden membuka rapat di Jakarta.", encoding="utf-8")
    for upload in (str(source), None):
        result = translate_page(
            translator,
            None,
            "Presiden membuka rapat di Jakarta.",
            "",
            downloads_dir=tmp_path,
            upload_path=upload,
        )
        assert result.downloads.document is None and not result.notices
        assert {"text", "docx", "html", "markdown", "json"} == set(result.downloads.files)


def test_bad_uploads_keep_their_messages_and_give_nothing_back(
    translator: Translator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(gr.Error, match="PDF"):
        load_upload(str(pdf))
    fake = tmp_path / "palsu.docx"
    fake.write_bytes(b"Teks biasa, bukan Word.")
    with pytest.raises(gr.Error, match="not a Word document"):
        load_upload(str(fake))
    bomb = tmp_path / "besar.docx"
    docx.Document().save(str(bomb))
    with zipfile.ZipFile(bomb, "a") as package:
        package.writestr("word/padding.xml", "0" * 5000)
    monkeypatch.setattr(archive, "DEFAULT_LIMITS", archive.ArchiveLimits(max_unpacked_bytes=3000))
    with pytest.raises(gr.Error, match="unpacks to more than"):
        load_upload(str(bomb))
    # The box then holds something else; Translate gives that, and no document of the upload.
    for upload in (pdf, fake, bomb):
        result = translate_page(
            translator,
            None,
            "Rapat dimulai pagi.",
            "",
            downloads_dir=tmp_path,
            upload_path=str(upload),
        )
        assert result.downloads.document is None and not result.notices


def test_a_sentence_cut_otherwise_on_its_own_gets_its_unit_translated_whole(
    translator: Translator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kabar.ui.reuse import PageSentences

    page = translator.translate_article("Presiden membuka rapat.")
    reuse = PageSentences(translator, page)
    unit = "Presiden membuka rapat. Menteri hadir di Jakarta."
    real = translator.translate_articles
    # As if the new sentence, alone, were cut in two: its one-sentence article has two.
    monkeypatch.setattr(
        translator,
        "translate_articles",
        lambda texts, **kw: real([t if t == unit else "Satu. Dua." for t in texts], **kw),
    )
    got = reuse.translate_article(unit)
    monkeypatch.undo()
    expected = translator.translate_article(unit)
    assert [s.translation for s in got.sentences] == [s.translation for s in expected.sentences]
    assert [s.source for s in got.sentences] == [s.source for s in expected.sentences]


def test_whole_page_means_the_same_in_the_html_file_as_on_the_page(
    translator: Translator, tmp_path: Path
) -> None:
    # The "Whole page" box: the page shows all the visible text, and the .html file has
    # all of it translated, as kabar translate --whole-page --format html writes it.
    source = Path(__file__).parent / "data" / "webpages" / "detik-banjir.html"
    written = {}
    for whole in (False, True):
        result = translate_page(
            translator,
            None,
            load_upload(str(source), whole_page=whole),
            "",
            downloads_dir=tmp_path / f"downloads-{whole}",
            upload_path=str(source),
            whole_page=whole,
        )
        assert result.downloads.document is not None
        written[whole] = result.downloads.document.read_text("utf-8")
        direct = tmp_path / f"direct-{whole}.en.html"
        options = DocumentOptions(whole_page=whole)
        translate_document(translator, source, direct, fmt="html", options=options)
        assert direct.read_text("utf-8") == written[whole]
    assert written[True] != written[False]
