"""Output formats of ``kabar translate``: plain English text, side-by-side Markdown, JSON."""

from __future__ import annotations

import html
import json

from translate.results import ArticleTranslation

FORMATS = ("text", "markdown", "json")


def render(article: ArticleTranslation, fmt: str) -> str:
    if fmt == "text":
        return article.text + "\n"
    if fmt == "markdown":
        return to_markdown(article)
    if fmt == "json":
        return json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def to_markdown(article: ArticleTranslation) -> str:
    """A side-by-side table per paragraph: Indonesian | English | confidence | flags."""
    engine = article.engine
    lines = [
        "# kabar translation",
        "",
        f"Model `{engine.model}` · backend {engine.backend} · beam {engine.beam_size} · "
        f"{len(article.sentences)} sentences · mean confidence {article.mean_confidence:.2f} · "
        f"worst {article.worst_confidence:.2f}",
    ]
    lines += [f"> note: {markdown_text(notice)}" for notice in article.notices]
    for number, paragraph in enumerate(article.paragraphs, start=1):
        lines += ["", f"## Paragraph {number}", "", "| # | Indonesian | English | conf. | flags |"]
        lines.append("|---|---|---|---|---|")
        for index, s in enumerate(paragraph.sentences, start=1):
            cells = [str(index), _cell(s.source), _cell(s.translation), f"{s.confidence:.2f}"]
            cells.append(", ".join(s.flags))
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def markdown_text(text: str) -> str:
    """``text`` as one line of literal Markdown text: raw HTML from the source (``<img
    onerror=...>``, ``<script>``) is escaped, so a Markdown viewer shows it instead of
    running it."""
    return html.escape(" ".join(text.split()), quote=False)


def _cell(text: str) -> str:
    """Table-safe: one line, HTML escaped, pipes escaped."""
    return markdown_text(text).replace("|", "\\|")
