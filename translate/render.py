"""Output formats of a translated article: plain English text, side-by-side Markdown, JSON.

One registry (``RENDERERS``) serves ``kabar translate --format``, the UI's downloads and
anything else that writes an article out; each format also renders the brief (one
rendering per format, wherever it appears) and any extra sections a surface adds (the
UI's reference scores). Add a format: one ``Renderer`` in ``RENDERERS``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kabar.core.furniture import BODY, mark
from kabar.translate.results import ArticleTranslation, SentenceTranslation


class BriefLineView(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def sentence_index(self) -> int: ...


class BriefView(Protocol):
    """What a renderer needs of a brief (``summarize.Brief`` has it)."""

    @property
    def lines(self) -> Sequence[BriefLineView]: ...

    @property
    def notices(self) -> Sequence[str]: ...

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Section:
    """An extra part of a rendering: ``title`` and its ``lines`` (text and Markdown), and
    ``key``/``data`` for JSON."""

    title: str
    lines: tuple[str, ...]
    key: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Renderer:
    """One output format: ``name`` (``--format``), the file ``suffix``, and ``render``."""

    name: str
    suffix: str
    describe: str
    render_article: Callable[[ArticleTranslation, BriefView | None, Sequence[Section]], str]

    def render(
        self,
        article: ArticleTranslation,
        *,
        brief: BriefView | None = None,
        sections: Sequence[Section] = (),
    ) -> str:
        return self.render_article(article, brief, sections)


def _text(article: ArticleTranslation, brief: BriefView | None, sections: Sequence[Section]) -> str:
    return clean_article_text(article, brief, sections)


def clean_article_text(
    article: ArticleTranslation,
    brief: BriefView | None = None,
    sections: Sequence[Section] = (),
    *,
    drop_furniture: bool = False,
    verbose: bool = False,
) -> str:
    """The English article as a reader gets it: the brief first under its heading (its
    technical notes too with ``verbose``), then the article without role marks
    (``kabar.translate.documents.export``), its furniture left out with ``drop_furniture``."""
    from kabar.translate.documents.export import article_text, brief_heading

    out = brief_heading(brief, verbose=verbose)
    out += article_text(article, drop_furniture=drop_furniture) + "\n"
    for section in sections:
        out += f"\n{section.title}:\n" + "".join(f"{line}\n" for line in section.lines)
    return out


def _marked(
    article: ArticleTranslation, brief: BriefView | None, sections: Sequence[Section]
) -> str:
    """The English article with its furniture marked ("[caption] …"), for round trips:
    ``kabar summarize`` reads the marks back and keeps furniture out of a brief."""
    out = marked_text(article) + "\n"
    if brief is not None:
        out += "\nBrief:\n" + "".join(f"- {_one_line(line.text)}\n" for line in brief.lines)
    for section in sections:
        out += f"\n{section.title}:\n" + "".join(f"{line}\n" for line in section.lines)
    return out


def _markdown(
    article: ArticleTranslation, brief: BriefView | None, sections: Sequence[Section]
) -> str:
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
    lines += _to_check_lines(article)
    for number, paragraph in enumerate(article.paragraphs, start=1):
        lines += ["", f"## Paragraph {number}", "", "| # | Indonesian | English | conf. | flags |"]
        lines.append("|---|---|---|---|---|")
        for index, s in enumerate(paragraph.sentences, start=1):
            cells = [str(index), _cell(s.source), _cell(s.translation), f"{s.confidence:.2f}"]
            cells.append(", ".join((*map(_cell, _flag_words(s)), *_role_marks(s))))
            lines.append("| " + " | ".join(cells) + " |")
    if brief is not None:
        lines += ["", "## Brief", ""]
        lines += [
            f"{n}. {markdown_text(line.text)} (sentence {int(line.sentence_index) + 1}"
            + (f": {markdown_text(source)}" if (source := getattr(line, "source", "")) else "")
            + ")"
            for n, line in enumerate(brief.lines, start=1)
        ]
        lines += [f"> note: {markdown_text(notice)}" for notice in brief.notices]
    for section in sections:  # our own Markdown (scores, signatures), not source text
        lines += ["", f"## {section.title}", "", *section.lines]
    return "\n".join(lines) + "\n"


def _json(article: ArticleTranslation, brief: BriefView | None, sections: Sequence[Section]) -> str:
    data = article.to_dict()
    if brief is not None:
        data["brief"] = brief.to_dict()
    for section in sections:
        data[section.key] = dict(section.data)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Renderer] = {
    "text": Renderer("text", ".txt", "the English article", _text),
    "markdown": Renderer("markdown", ".md", "side-by-side tables", _markdown),
    "json": Renderer("json", ".json", "everything, sentence-aligned", _json),
}
FORMATS = tuple(RENDERERS)
# ``--marks``: the text format with the role marks of kabar's round trips.
MARKED = Renderer("text", ".txt", "the English article, role marks kept", _marked)


def render(
    article: ArticleTranslation,
    fmt: str,
    *,
    brief: BriefView | None = None,
    sections: Sequence[Section] = (),
    marks: bool = False,
    drop_furniture: bool = False,
    verbose: bool = False,
) -> str:
    """``article`` (and its brief, and extra sections) in format ``fmt``; for the text
    format, ``marks`` keeps the furniture's role marks, ``drop_furniture`` leaves it out,
    ``verbose`` shows the brief's technical notes (always in the JSON and the Markdown)."""
    if fmt == "text" and (drop_furniture or verbose) and not marks:
        return clean_article_text(
            article, brief, sections, drop_furniture=drop_furniture, verbose=verbose
        )
    try:
        renderer = MARKED if marks and fmt == "text" else RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    return renderer.render(article, brief=brief, sections=sections)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def markdown_text(text: str) -> str:
    """``text`` as one line of literal Markdown text: raw HTML from the source (``<img
    onerror=...>``, ``<script>``) is escaped, so a Markdown viewer shows it instead of
    running it."""
    return html.escape(_one_line(text), quote=False)


def marked_text(article: ArticleTranslation) -> str:
    """``article.text`` with each furniture sentence marked "[caption] …" (news furniture:
    headline, caption, read_also, …), so a reader of the plain text can tell it apart."""
    parts = []
    for index, paragraph in enumerate(article.paragraphs):
        if index:
            parts.append("\n" * min(2, max(1, paragraph.newlines_before)))
        parts.append(
            " ".join(mark(s.role) + s.translation for s in paragraph.sentences if s.translation)
        )
    return "".join(parts)


def _to_check_lines(article: ArticleTranslation) -> list[str]:
    """The Markdown's list of sentences to check, worst first, each located by its
    paragraph and row in the tables below."""
    review = article.to_check
    where = [
        (paragraph, row)
        for paragraph, p in enumerate(article.paragraphs, start=1)
        for row in range(1, len(p.sentences) + 1)
    ]
    lines = ["", f"**{review.headline}**" + (":" if review.count else "")]
    if review.count:
        lines.append("")
    for item in review.sentences:
        paragraph, row = where[item.index]
        lines.append(
            f"- paragraph {paragraph}, row {row} (confidence {item.confidence:.2f}): "
            + markdown_text("; ".join(item.reasons))
        )
    return lines


def _flag_words(sentence: SentenceTranslation) -> tuple[str, ...]:
    """The flags, each check's with what it found ("numbers: 3.850 not in the English")."""
    words = []
    for flag in sentence.flags:
        found = [c.sentence for c in sentence.checks if c.check == flag]
        words.append(f"{flag}: {'; '.join(found)}" if found else flag)
    return tuple(words)


def _role_marks(sentence: SentenceTranslation) -> tuple[str, ...]:
    """The Markdown table's furniture marks: the role, and a dateline opening the row."""
    marks = () if sentence.role == BODY else (f"furniture: {sentence.role}",)
    return (*marks, f"dateline: {_cell(sentence.dateline)}") if sentence.dateline else marks


def _cell(text: str) -> str:
    """Table-safe: one line, HTML escaped, pipes escaped."""
    return markdown_text(text).replace("|", "\\|")
