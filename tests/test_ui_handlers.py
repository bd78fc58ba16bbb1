"""The UI's handlers as plain functions over the tiny random model: no server, no browser.

The rendered HTML is read back with Python's HTML parser, so the tests see what a browser
builds from it: the cells' text must equal the article's sentences exactly (escaping is
lossless), and no element or event attribute may come from the article.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from kabar.core.errors import InputError
from kabar.core.splitter import segment
from kabar.summarize import Brief, BriefLine, Summarizer
from kabar.translate.backends.base import Backend
from kabar.translate.engine import Translator
from kabar.translate.model_source import not_found_message
from kabar.translate.options import TranslationOptions
from kabar.translate.render import RENDERERS, render
from kabar.ui.handlers import load_upload, translate_json, translate_page
from kabar.ui.view import FLAG_LABELS
from tests.conftest import seed_files

SEED = seed_files()[4].read_text(encoding="utf-8")
HOSTILE = (
    'Polisi menemukan <img src=x onerror="alert(1)"> di lokasi. '
    "Saksi melihat <script>alert(2)</script> dan ${alert(3)} serta {{value}} di layar."
)
# Every tag and attribute the renderer itself writes; anything else came from the text.
OWN_TAGS = {
    "div",
    "span",
    "b",
    "br",
    "a",
    "ol",
    "li",
    "table",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "details",  # a flag's meaning, a tap away
    "summary",
}


@dataclass
class PickingSummarizer:
    """Test double of summarize.Summarizer: returns a real Brief of the sentences it is told
    to pick, or refuses with ``refusal`` as the real one does, and records what it was given."""

    picks: tuple[int, ...] = ()
    refusal: str | None = None
    received: list[list[str]] = field(default_factory=list)
    shown: list[list[str]] = field(default_factory=list)

    def summarize(
        self,
        sentences: Sequence[str],
        *,
        sentences_out: int | None = 3,
        translations: Sequence[str] | None = None,
        paragraphs: Sequence[int] | None = None,
    ) -> Brief:
        if self.refusal is not None:
            raise InputError(self.refusal)
        self.received.append(list(sentences))
        lines = list(translations if translations is not None else sentences)
        self.shown.append(lines)
        picked = self.picks[: sentences_out or 3]
        return Brief(tuple(BriefLine(lines[i], i, 1.0) for i in picked), "picked by the test", None)


class Page(HTMLParser):
    """The rows of the side-by-side table (cell texts by class) and every tag seen."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[dict[str, Any]] = []
        self._cell: str | None = None
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        classes = (attributes.get("class") or "").split()
        if tag == "tr" and "kabar-row" in classes:
            self.rows.append({"id": attributes["id"], "classes": classes, "cells": {}})
        elif tag == "td" and self.rows:
            self._cell = classes[0] if classes else None
            self.rows[-1]["cells"][self._cell] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self.rows[-1]["cells"][self._cell] += data


@pytest.fixture(scope="module")
def translator(tiny_backend: Backend) -> Translator:
    return Translator(tiny_backend, TranslationOptions(beam_size=1))


def test_page_has_one_row_per_sentence_grouped_by_paragraph(
    translator: Translator, tmp_path: Path
) -> None:
    result = translate_page(translator, None, SEED, "", downloads_dir=tmp_path)
    gold = segment(SEED)
    page = Page(result.html)
    sentences = result.article.sentences
    assert len(page.rows) == len(sentences) == sum(len(p.sentences) for p in gold)
    assert sum(1 for tag, _ in page.tags if tag == "tbody") == len(gold)
    for index, (row, sentence) in enumerate(zip(page.rows, sentences, strict=True)):
        assert row["id"] == f"kabar-s-{index}"
        assert row["cells"]["src"] == sentence.source
        assert row["cells"]["tgt"] == sentence.translation
        assert row["cells"]["score"].startswith(f"{sentence.confidence:.2f}")
        for flag in sentence.flags:  # the readable name, with the flag id as data-flag
            assert FLAG_LABELS[flag] in row["cells"]["score"]
            assert f'data-flag="{flag}"' in result.html
    assert f"{result.article.mean_confidence:.2f}" in result.html
    assert f"{result.article.worst_confidence:.2f}" in result.html


def test_article_text_is_escaped_everywhere(translator: Translator, tmp_path: Path) -> None:
    picks = PickingSummarizer(picks=(0, 1))
    result = translate_page(
        translator, picks, HOSTILE, HOSTILE + "\n" + HOSTILE, downloads_dir=tmp_path
    )
    page = Page(result.html)
    for tag, attributes in page.tags:
        assert tag in OWN_TAGS
        assert not any(name.startswith("on") for name in attributes)
    assert [row["cells"]["src"] for row in page.rows] == [
        s.source for s in result.article.sentences
    ]
    assert '<img src=x onerror="alert(1)">' in page.rows[0]["cells"]["src"]
    # ${...} and {{...}} reach the browser as text too (Gradio's template is only "${value}").
    assert "${alert(3)}" in page.rows[1]["cells"]["src"]


def test_brief_lines_link_to_their_rows(translator: Translator, tmp_path: Path) -> None:
    summarizer = PickingSummarizer(picks=(2, 0))
    result = translate_page(translator, summarizer, SEED, "", downloads_dir=tmp_path)
    sources = [s.source for s in result.article.sentences]
    english = [s.translation for s in result.article.sentences]
    assert summarizer.received == [sources]  # chosen on the source (issue 12)
    assert summarizer.shown == [english]  # and shown as the translation
    page = Page(result.html)
    links = [a.get("href") for tag, a in page.tags if tag == "a" and "data-sentence" in a]
    assert links == ["#kabar-s-2", "#kabar-s-0"]
    in_brief = [row["id"] for row in page.rows if "in-brief" in row["classes"]]
    assert in_brief == ["kabar-s-0", "kabar-s-2"]
    saved = json.loads(result.downloads.json.read_text("utf-8"))
    assert [line["sentence_index"] for line in saved["brief"]["brief"]] == [2, 0]
    assert "## Brief" in result.downloads.md.read_text("utf-8")


def test_the_real_summarizer_fits_the_page(translator: Translator, tmp_path: Path) -> None:
    summarizer = Summarizer.load(method="textrank")  # model-free: fast and offline
    result = translate_page(translator, summarizer, SEED, "", downloads_dir=tmp_path)
    assert result.brief is not None and result.brief.lines
    page = Page(result.html)
    row_ids = {row["id"] for row in page.rows}
    links = [a["href"] for tag, a in page.tags if tag == "a" and "data-sentence" in a]
    assert len(links) == len(result.brief.lines)
    assert all(link is not None and link[1:] in row_ids for link in links)
    # The seed is Indonesian: chosen on the source by the lexical news ranking, each line
    # shown as its row's translation with the original beside it; furniture dimmed.
    assert result.brief.method == "lexical" and "lexical" in result.html
    sentences = result.article.sentences
    for line in result.brief.lines:
        assert line.source == sentences[line.sentence_index].source
        assert sentences[line.sentence_index].role == "body"
    furniture = [row for row in page.rows if "furniture" in row["classes"]]
    assert {row["id"] for row in furniture} == {
        f"kabar-s-{i}" for i, s in enumerate(sentences) if s.role != "body"
    }
    assert furniture  # the seed ends with Kompas.com's promo lines


def test_summarizer_refusal_keeps_the_translation(translator: Translator, tmp_path: Path) -> None:
    refusing = PickingSummarizer(refusal="too few sentences for a brief")
    result = translate_page(translator, refusing, SEED, "", downloads_dir=tmp_path)
    assert result.brief is None
    assert "no brief: too few sentences for a brief" in result.html
    assert len(Page(result.html).rows) == len(result.article.sentences)


def test_reference_adds_scores_and_a_chrf_column_when_sentences_match(
    translator: Translator, tmp_path: Path
) -> None:
    count = sum(len(p.sentences) for p in segment(SEED))
    aligned = "\n".join(f"Reference sentence {i} about NATO." for i in range(count))
    result = translate_page(translator, None, SEED, aligned, downloads_dir=tmp_path)
    assert result.reference is not None and result.reference.aligned
    page = Page(result.html)
    assert all("kabar-ref-chrf" in row["cells"] for row in page.rows)
    for _, score, signature in result.reference.metrics:
        assert f"{score:.1f}" in result.html and signature in result.html
    saved = json.loads(result.downloads.json.read_text("utf-8"))
    assert len(saved["reference"]["sentence_chrf"]) == count

    unaligned = translate_page(translator, None, SEED, "Just one sentence.", downloads_dir=tmp_path)
    assert unaligned.reference is not None and not unaligned.reference.aligned
    assert all("kabar-ref-chrf" not in row["cells"] for row in Page(unaligned.html).rows)
    assert "scored as one segment" in unaligned.html


def test_downloads_are_the_cli_outputs(translator: Translator, tmp_path: Path) -> None:
    result = translate_page(translator, None, SEED, "", downloads_dir=tmp_path)
    files = result.downloads
    assert files.txt.read_text("utf-8") == render(result.article, "text")
    assert files.md.read_text("utf-8") == render(result.article, "markdown")
    assert json.loads(files.json.read_text("utf-8")) == json.loads(render(result.article, "json"))
    again = translate_page(translator, None, SEED, "", downloads_dir=tmp_path)
    assert again.downloads.json.parent != files.json.parent  # one folder per request


def test_progress_is_reported_up_to_the_total(translator: Translator, tmp_path: Path) -> None:
    reports: list[tuple[int, int]] = []
    translate_page(
        translator,
        None,
        SEED,
        "",
        downloads_dir=tmp_path,
        progress=lambda done, total: reports.append((done, total)),
    )
    assert reports and reports[-1][0] == reports[-1][1] > 0
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)


def test_api_handler_returns_the_cli_json(translator: Translator) -> None:
    data = translate_json(translator, SEED)
    expected = translator.translate_article(SEED).to_dict()
    data.pop("seconds"), expected.pop("seconds")
    assert data == expected


@pytest.mark.parametrize("text", ["", "   \n"])
def test_empty_article_is_a_clear_error(translator: Translator, tmp_path: Path, text: str) -> None:
    with pytest.raises(gr.Error) as page_error:
        translate_page(translator, None, text, "", downloads_dir=tmp_path)
    assert "The article is empty" in page_error.value.message
    with pytest.raises(gr.Error) as api_error:
        translate_json(translator, text)
    assert "The article is empty" in api_error.value.message


def test_article_over_the_limit_states_the_limit(translator: Translator, tmp_path: Path) -> None:
    with pytest.raises(gr.Error) as error:
        translate_page(translator, None, SEED, "", downloads_dir=tmp_path, max_chars=1000)
    assert f"{len(SEED):,} characters, over the limit of 1,000" in error.value.message
    with pytest.raises(gr.Error, match="reference"):
        translate_page(
            translator, None, "Satu.", "x" * 1001, downloads_dir=tmp_path, max_chars=1000
        )


def test_missing_model_gives_the_clis_message(tmp_path: Path) -> None:
    message = not_found_message(str(tmp_path / "model"), "there is no folder")
    with pytest.raises(gr.Error) as page_error:
        translate_page(None, None, SEED, "", downloads_dir=tmp_path, model_error=message)
    assert page_error.value.message == message.replace("\n", "<br>")
    assert "kabar download" in page_error.value.message
    with pytest.raises(gr.Error) as api_error:
        translate_json(None, SEED, model_error=message)
    assert api_error.value.message == message


def test_error_messages_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "<img src=x onerror=alert(1)>.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(gr.Error) as error:
        load_upload(str(path))
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in error.value.message
    assert "<img" not in error.value.message


def test_upload_handler_fills_the_article_box(tmp_path: Path) -> None:
    path = tmp_path / "artikel.txt"
    path.write_text(SEED, encoding="utf-8")
    assert load_upload(str(path)) == SEED
    binary = tmp_path / "foto.txt"
    binary.write_bytes(b"\x89PNG\r\n")
    with pytest.raises(gr.Error, match="PNG image"):
        load_upload(str(binary))
    with pytest.raises(gr.Error, match="No file"):
        load_upload(None)


def test_the_brief_renders_the_same_in_the_cli_and_the_downloads(
    translator: Translator, tmp_path: Path
) -> None:
    from kabar.ui.downloads import write_downloads

    article = translator.translate_article(SEED)
    brief = Brief((BriefLine("Line one.", 0, 0.9), BriefLine("Line two.", 2, 0.5)), "x", None)
    files = write_downloads(tmp_path, article, brief=brief)
    for name, path in files.files.items():
        if name in RENDERERS:  # the .docx and .html are the same article as documents
            assert path.read_text("utf-8") == render(article, name, brief=brief), name
    assert "Line one." in files.files["html"].read_text("utf-8")
    assert "1. Line one. (sentence 1)" in files.md.read_text("utf-8")


def test_the_whole_page_checkbox_reads_all_of_a_page(
    translator: Translator, tmp_path: Path
) -> None:
    from kabar.ui.app import build_app
    from tests.conftest import REPO

    source = REPO / "tests" / "data" / "webpages" / "detik-banjir.html"
    page = source.read_text("utf-8")
    article = translate_page(translator, None, page, "", downloads_dir=tmp_path)
    whole = translate_page(translator, None, page, "", downloads_dir=tmp_path, whole_page=True)
    sources = [" ".join(s.source for s in r.article.sentences) for r in (article, whole)]
    assert "Daftar detikconnect" not in sources[0]
    assert "Daftar detikconnect" in sources[1]
    assert "reading only its visible text" in whole.article.notices[0]
    assert "Daftar detikconnect" in load_upload(str(source), whole_page=True)
    assert "Daftar detikconnect" not in load_upload(str(source))
    # The page's checkbox feeds the translation and the upload (and re-reads an upload).
    config = build_app(translator, None, seeds_dir=tmp_path).config
    [box] = [
        c["id"] for c in config["components"] if c["props"].get("elem_id") == "kabar-whole-page"
    ]
    users = [d for d in config["dependencies"] if box in d["inputs"]]
    assert len(users) == 3


def test_the_sentence_card_counts_one_paragraph_in_the_singular(translator: Translator) -> None:
    from kabar.ui.view import render_result

    html = render_result(translator.translate_article("Presiden tiba di Jakarta."))
    assert "in 1 paragraph<" in html and "1 paragraphs" not in html
