"""Issue 14 item 18: raw HTML in the source never reaches a Markdown file as HTML, in
``kabar translate --format markdown`` and in the UI's .md download alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from kabar.cli.main import main
from kabar.summarize.results import Brief, BriefLine
from kabar.translate.render import render
from kabar.translate.results import (
    ArticleTranslation,
    EngineInfo,
    ParagraphTranslation,
    SentenceTranslation,
)
from kabar.ui.downloads import write_downloads

PAYLOAD = '<img src=x onerror="alert(1)">'
SOURCE = f"Gambar {PAYLOAD} dimuat di situs & <script>alert(2)</script> juga."


def article_with_html() -> ArticleTranslation:
    translation = f"Picture {PAYLOAD} loaded | <b>bold</b> & more."
    sentence = SentenceTranslation(SOURCE, translation, 0, len(SOURCE), 0.5, (), 1)
    engine = EngineInfo("tiny", "transformers", "cpu", 1, "float32", 1, 200)
    paragraph = ParagraphTranslation(0, len(SOURCE), (sentence,))
    return ArticleTranslation(engine, (paragraph,), 0.1, notices=(f"note about {PAYLOAD}",))


def assert_escaped(markdown: str) -> None:
    for raw in ("<img", "<script", "<b>", "</script>"):
        assert raw not in markdown
    assert '&lt;img src=x onerror="alert(1)"&gt;' in markdown
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in markdown
    assert "&amp; more" in markdown  # a bare ampersand cannot start an entity either
    assert "loaded \\| &lt;b&gt;bold" in markdown  # table pipes are still escaped


def test_markdown_renderer_escapes_html() -> None:
    assert_escaped(render(article_with_html(), "markdown"))


def test_text_and_json_keep_the_source_verbatim() -> None:
    article = article_with_html()
    assert PAYLOAD in render(article, "text")
    assert "<img src=x onerror=" in render(
        article, "json"
    )  # JSON is data: escaping is the reader's job


def test_ui_markdown_download_escapes_html_in_the_article_and_the_brief(tmp_path: Path) -> None:
    brief = Brief(lines=(BriefLine(f"Brief {PAYLOAD}", 0, 1.0),), method="textrank", model=None)
    files = write_downloads(tmp_path, article_with_html(), brief=brief)
    markdown = files.md.read_text("utf-8")
    assert_escaped(markdown)
    assert "Brief &lt;img" in markdown


def test_kabar_translate_markdown_escapes_the_source_column(
    tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "artikel.txt"
    article.write_text(SOURCE + "\n", encoding="utf-8")
    argv = ["translate", str(article), "--model", str(tiny_model_dir), "--format", "markdown"]
    code = main([*argv, "--beam", "1", "--threads", "1", "--backend", "transformers", "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert "<img" not in out and "<script" not in out
    assert "&lt;img src=x onerror=" in out
