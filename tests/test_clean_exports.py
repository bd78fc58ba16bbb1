"""Clean exports (issue 23): the English article as a reader gets it — no role marks unless
asked (``--marks``), furniture kept as the document's own structure or left out
(``--drop-furniture``), the brief first under a heading, downloads named after the
article. The engine is the test double that tags each sentence ``EN``."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import lxml.html
from markdown_it import MarkdownIt

from kabar.core.furniture import BODY, FURNITURE, HEADLINE, MARK_START
from kabar.translate.documents.export import (
    Block,
    article_slug,
    article_text,
    clean_docx,
    export_article,
)
from kabar.translate.render import render
from kabar.translate.results import ArticleTranslation
from kabar.ui.downloads import DOWNLOADS, write_downloads
from tests.test_documents_formats import _echo

SEED = Path(__file__).resolve().parents[1] / "seeds" / "004_f30abc1e6e3deef4.txt"


class _Line:
    def __init__(self, text: str, index: int) -> None:
        self.text = text
        self.sentence_index = index


class _Brief:
    """A brief as the renderers see it (``summarize.Brief`` has the same shape)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = [_Line(text, i) for i, text in enumerate(lines)]
        self.notices = ["the article is Indonesian (42 vs 1 function words): a note"]

    def to_dict(self) -> dict[str, object]:
        return {"brief": [{"text": line.text} for line in self.lines], "notices": self.notices}


def _article() -> ArticleTranslation:
    article = _echo().translate_article(SEED.read_text("utf-8"))
    assert {s.role for s in article.sentences} & FURNITURE  # the seed has "Baca juga" lines
    return article


def test_the_english_text_has_no_marks_and_its_brief_first() -> None:
    article = _article()
    brief = _Brief(["EN The first line.", "EN The second line."])
    text = render(article, "text", brief=brief)
    assert text.startswith("In brief:\n- EN The first line.\n- EN The second line.\n\n")
    assert not MARK_START.search(" " + text) and "[read_also]" not in text
    assert "function words" not in text  # technical notes stay in the JSON
    assert text.endswith(article.text + "\n")
    marked = render(article, "text", brief=brief, marks=True)
    assert "[read_also] " in marked


def test_drop_furniture_leaves_out_everything_but_the_headline_and_body() -> None:
    article = _article()
    kept = article_text(article, drop_furniture=True)
    for sentence in article.sentences:
        if sentence.role in FURNITURE - {"headline"}:
            assert sentence.translation not in kept
        elif sentence.role == BODY:
            assert sentence.translation in kept
    assert render(article, "text", drop_furniture=True) == kept + "\n"


def test_the_article_as_docx_html_and_markdown() -> None:
    article = _article()
    brief = _Brief(["EN The first line."])
    body = [s.translation for s in article.sentences if s.role == BODY]
    word = docx.Document(io.BytesIO(export_article(article, "docx", brief=brief)))
    texts = [p.text for p in word.paragraphs]
    assert word.core_properties.language == "en-US"
    # Its properties say nothing false: no "python-docx" author; the headline as title.
    properties = word.core_properties
    assert "python-docx" not in (properties.author, properties.comments)
    assert properties.title == ""  # this article has no headline
    titled = docx.Document(
        io.BytesIO(clean_docx([Block(HEADLINE, "EN Floods"), Block(BODY, "EN A.")]))
    )
    assert titled.core_properties.title == "EN Floods" and titled.core_properties.author == ""
    assert texts[texts.index("In brief") + 1] == "EN The first line."
    assert all(any(s in t for t in texts) for s in body)
    assert not any("[read_also]" in t for t in texts)
    page = lxml.html.document_fromstring(export_article(article, "html", brief=brief))
    assert page.get("lang") == "en" and page.findtext(".//h2") == "In brief"
    assert page.find(".//article") is not None and not page.findall(".//script")
    markdown = export_article(article, "md", brief=brief).decode("utf-8")
    tokens = MarkdownIt("commonmark").parse(markdown)
    assert tokens[0].tag == "h2" and tokens[1].content == "In brief"
    assert "[read\\_also]" not in markdown and "[read_also]" not in markdown


def test_downloads_are_named_after_the_article(tmp_path: Path) -> None:
    article = _echo().translate_article("Presiden bertemu menteri di Jakarta.\n\nIsi berita.")
    slug = article_slug(article)
    assert slug == "en-presiden-bertemu-menteri-di-jakarta"
    files = write_downloads(tmp_path, article).files
    assert [files[kind.name].name for kind in DOWNLOADS] == [
        f"{slug}.en.txt",
        f"{slug}.en.docx",
        f"{slug}.en.html",
        f"{slug}.side-by-side.md",
        f"{slug}.en.json",
    ]
    assert docx.Document(str(files["docx"])).paragraphs[0].text.startswith("EN Presiden")


def test_the_bilingual_table_has_one_row_per_sentence_with_its_flags() -> None:
    from kabar.translate.documents.export import bilingual_docx

    article = _article()
    table = docx.Document(io.BytesIO(bilingual_docx(article))).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Indonesian", "English"]
    filled = [row for row in rows[1:] if row[0]]
    assert len(filled) == len(article.sentences)
    for (source, english), sentence in zip(filled, article.sentences, strict=True):
        assert source == " ".join(sentence.source.split())
        assert english.splitlines()[0] == " ".join(sentence.translation.split())
        assert ("⚑" in english) == bool(sentence.flags or sentence.role != BODY)
    assert len(rows) - 1 - len(filled) == len(article.paragraphs) - 1  # a gap per paragraph


def test_a_headline_longer_than_words_title_property_is_shortened_there_only() -> None:
    # A repeating model's 300-character headline crashed every .docx build (python-docx
    # refuses a core property over 255 characters): the CLI, translate-dir, the UI.
    headline = "Men " * 80
    word = docx.Document(
        io.BytesIO(clean_docx([Block(HEADLINE, headline.strip()), Block(BODY, "EN A.")]))
    )
    title = word.core_properties.title
    assert len(title) == 255 and title.endswith("…") and headline.startswith(title[:-1])
    assert word.paragraphs[0].text == headline.strip()  # the document keeps it whole
