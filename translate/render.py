"""Output formats of ``kabar translate``: plain English text, side-by-side Markdown, JSON."""

from __future__ import annotations

import json

from core.furniture import BODY
from translate.results import ArticleTranslation, SentenceTranslation

FORMATS = ("text", "markdown", "json")


def render(article: ArticleTranslation, fmt: str) -> str:
    if fmt == "text":
        return marked_text(article) + "\n"
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
    lines += [f"> note: {notice}" for notice in article.notices]
    for number, paragraph in enumerate(article.paragraphs, start=1):
        lines += ["", f"## Paragraph {number}", "", "| # | Indonesian | English | conf. | flags |"]
        lines.append("|---|---|---|---|---|")
        for index, s in enumerate(paragraph.sentences, start=1):
            cells = [str(index), _cell(s.source), _cell(s.translation), f"{s.confidence:.2f}"]
            cells.append(", ".join((*s.flags, *_role_marks(s))))
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def marked_text(article: ArticleTranslation) -> str:
    """``article.text`` with each furniture sentence marked "[caption] …" (news furniture:
    headline, caption, read_also, …), so a reader of the plain text can tell it apart."""
    parts = []
    for index, paragraph in enumerate(article.paragraphs):
        if index:
            parts.append("\n" * min(2, max(1, paragraph.newlines_before)))
        parts.append(
            " ".join(
                f"[{s.role}] {s.translation}" if s.role != BODY else s.translation
                for s in paragraph.sentences
                if s.translation
            )
        )
    return "".join(parts)


def _role_marks(sentence: SentenceTranslation) -> tuple[str, ...]:
    """The Markdown table's furniture marks: the role, and a dateline opening the row."""
    marks = () if sentence.role == BODY else (f"furniture: {sentence.role}",)
    return (*marks, f"dateline: {_cell(sentence.dateline)}") if sentence.dateline else marks


def _cell(text: str) -> str:
    """Table-safe: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")
