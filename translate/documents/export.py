"""The English article as a reader gets it, from any input: plain text, Markdown, an HTML
page, a Word document.

No role marks ("[caption] …": those are for round trips, ``--marks`` and the JSON): the
news furniture is kept as the document's own structure (the headline is the title, a
caption a caption, a "Read also" line its own small paragraph), or left out with
``drop_furniture`` (everything but the headline). The brief, when there is one, comes
first under its own heading, its lines in plain English; its technical notes (how it was
chosen: "the article is Indonesian (42 vs 1 function words) ...") stay in the JSON, and
follow its lines only when asked (``verbose``: ``--verbose``), or when the brief is empty
(then they say why).
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kabar.core.furniture import BODY, CAPTION, HEADLINE
from kabar.translate.documents.brief_lines import brief_notes, brief_texts
from kabar.translate.results import ArticleTranslation

BRIEF_HEADING = "In brief"
ARTICLE_STEM = "kabar-translation"  # a download's name when the article has no words


@dataclass(frozen=True)
class Block:
    """A paragraph of the English article: ``role`` body, headline, caption, ..."""

    role: str
    text: str


def article_blocks(article: ArticleTranslation, *, drop_furniture: bool = False) -> list[Block]:
    """The English paragraphs, each cut where the role of its sentences changes (a
    caption inside a paragraph becomes its own block)."""
    blocks: list[Block] = []
    for paragraph in article.paragraphs:
        current: list[str] = []
        role = ""
        for sentence in paragraph.sentences:
            if not sentence.translation:
                continue
            if drop_furniture and sentence.role not in (BODY, HEADLINE):
                continue
            if current and sentence.role != role:
                blocks.append(Block(role, " ".join(current)))
                current = []
            role = sentence.role
            current.append(" ".join(sentence.translation.split()))
        if current:
            blocks.append(Block(role, " ".join(current)))
    return blocks


def article_text(article: ArticleTranslation, *, drop_furniture: bool = False) -> str:
    """The English article's text without role marks, its paragraph breaks (a line or a
    blank line) as in the source; furniture sentences left out with ``drop_furniture``."""
    parts: list[str] = []
    for paragraph in article.paragraphs:
        kept = [
            s.translation
            for s in paragraph.sentences
            if s.translation and not (drop_furniture and s.role not in (BODY, HEADLINE))
        ]
        if not kept:
            continue
        if parts:
            parts.append("\n" * min(2, max(1, paragraph.newlines_before)))
        parts.append(" ".join(kept))
    return "".join(parts)


def brief_heading(brief: object | None, *, verbose: bool = False) -> str:
    """The brief as the plain text's first lines, under its heading ("" without one),
    its notes after them with ``verbose``."""
    lines = brief_texts(brief)
    if not lines:
        return ""
    notes = brief_notes(brief, verbose=verbose)
    return (
        f"{BRIEF_HEADING}:\n"
        + "".join(f"- {line}\n" for line in lines)
        + "".join(f"note: {note}\n" for note in notes)
        + "\n"
    )


def clean_markdown(
    blocks: Sequence[Block], brief: Sequence[str] = (), notes: Sequence[str] = ()
) -> str:
    from kabar.translate.documents.markdown import escape

    lines: list[str] = []
    if brief:
        lines += [f"## {BRIEF_HEADING}", "", *(f"- {escape(line)}" for line in brief), ""]
        lines += [*(f"> note: {escape(note)}" for note in notes), *([""] if notes else [])]
    for block in blocks:
        text = escape(block.text, at_start=True)
        if block.role == HEADLINE:
            lines += [f"# {escape(block.text)}", ""]
        elif block.role == BODY:
            lines += [text, ""]
        else:
            lines += [f"*{escape(block.text)}*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def clean_html(
    blocks: Sequence[Block], brief: Sequence[str] = (), notes: Sequence[str] = ()
) -> str:
    title = next((b.text for b in blocks if b.role == HEADLINE), blocks[0].text if blocks else "")
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n"
    ]
    if brief:
        items = "".join(f"<li>{html.escape(line)}</li>\n" for line in brief)
        items += "".join(
            f'<li class="note"><small>note: {html.escape(n)}</small></li>\n' for n in notes
        )
        parts.append(
            f'<section class="brief">\n<h2>{BRIEF_HEADING}</h2>\n<ul>\n{items}</ul>\n</section>\n'
        )
    parts.append("<article>\n")
    for block in blocks:
        text = html.escape(block.text)
        if block.role == HEADLINE:
            parts.append(f"<h1>{text}</h1>\n")
        elif block.role == CAPTION:
            parts.append(f"<figure><figcaption>{text}</figcaption></figure>\n")
        elif block.role == BODY:
            parts.append(f"<p>{text}</p>\n")
        else:
            parts.append(f'<p class="{block.role}"><small>{text}</small></p>\n')
    parts.append("</article>\n</body>\n</html>\n")
    return "".join(parts)


# Word's core properties hold at most 255 characters (python-docx raises past that); a
# headline that long (a model repeating itself) is shortened there, never in the text.
_PROPERTY_CHARS = 255


def _property(text: str) -> str:
    return text if len(text) <= _PROPERTY_CHARS else text[: _PROPERTY_CHARS - 1] + "…"


def clean_docx(
    blocks: Sequence[Block], brief: Sequence[str] = (), notes: Sequence[str] = ()
) -> bytes:
    """A Word document: the headline as Title, the brief as a list under a heading, body
    paragraphs Normal, captions Caption, other furniture in small italics; English."""
    import docx
    from docx.shared import Pt

    document = _english_document(docx.Document())
    headline = [b for b in blocks if b.role == HEADLINE][:1]
    document.core_properties.title = _property(headline[0].text if headline else "")
    for block in headline:
        document.add_heading(block.text, level=0)
    if brief:
        document.add_heading(BRIEF_HEADING, level=2)
        for line in brief:
            document.add_paragraph(line, style="List Bullet")
        for note in notes:
            run = document.add_paragraph().add_run(f"note: {note}")
            run.italic = True
            run.font.size = Pt(9)
    for block in blocks:
        if block in headline:
            continue
        if block.role == HEADLINE:
            document.add_heading(block.text, level=1)
        elif block.role == CAPTION:
            document.add_paragraph(block.text, style="Caption")
        elif block.role == BODY:
            document.add_paragraph(block.text)
        else:
            run = document.add_paragraph().add_run(block.text)
            run.italic = True
            run.font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def article_slug(article: ArticleTranslation, *, limit: int = 60) -> str:
    """A file name stem from the English headline (else the first sentence):
    ``president-meets-ministers-in-jakarta``; ``kabar-translation`` when it has no word."""
    sentences = [s for s in article.sentences if s.translation]
    headline = next(
        (s for s in sentences if s.role == HEADLINE), sentences[0] if sentences else None
    )
    if headline is None:
        return ARTICLE_STEM
    ascii_text = unicodedata.normalize("NFKD", headline.translation).encode("ascii", "ignore")
    words = re.findall(r"[a-z0-9]+", ascii_text.decode().lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or ARTICLE_STEM


def export_article(
    article: ArticleTranslation,
    fmt: str,
    *,
    brief: object | None = None,
    drop_furniture: bool = False,
    verbose: bool = False,
) -> bytes:
    """The English article as a ``docx``, ``html`` or ``md`` file's bytes (UTF-8 text for
    the last two); ``verbose`` adds the brief's technical notes after its lines."""
    blocks = article_blocks(article, drop_furniture=drop_furniture)
    lines = brief_texts(brief)
    notes = brief_notes(brief, verbose=verbose) if lines else []
    if fmt == "docx":
        return clean_docx(blocks, lines, notes)
    if fmt == "text":
        text = brief_heading(brief, verbose=verbose)
        text += article_text(article, drop_furniture=drop_furniture)
        return (text + "\n").encode("utf-8")
    writers = {"html": clean_html, "md": clean_markdown}
    try:
        return writers[fmt](blocks, lines, notes).encode("utf-8")
    except KeyError:
        raise ValueError(f"unknown export {fmt!r}; choose docx, html, md or text") from None


def bilingual_docx(
    article: ArticleTranslation, *, flag_names: dict[str, str] | None = None
) -> bytes:
    """What an editor checks a translation with: a Word table, Indonesian | English, one
    row per sentence, each English cell followed by the sentence's flags (and its role
    when it is furniture), a blank row between paragraphs."""
    import docx
    from docx.shared import Pt, RGBColor

    document = _english_document(docx.Document())
    document.core_properties.title = "Translation to check"
    engine = article.engine
    document.add_heading("Translation to check", level=1)
    document.add_paragraph(
        f"{len(article.sentences)} sentences · model {engine.model} · "
        f"{sum(1 for s in article.sentences if s.flags)} flagged"
    )
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text, header[1].text = "Indonesian", "English"
    for cell in header:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for number, paragraph in enumerate(article.paragraphs):
        if number:
            table.add_row()
        for sentence in paragraph.sentences:
            cells = table.add_row().cells
            cells[0].text = " ".join(sentence.source.split())
            cells[1].text = " ".join(sentence.translation.split())
            notes = [(flag_names or {}).get(f, f.replace("_", " ")) for f in sentence.flags]
            if sentence.role != BODY:
                notes.append(sentence.role.replace("_", " "))
            if notes:
                run = cells[1].add_paragraph().add_run("⚑ " + ", ".join(notes))
                run.italic = True
                run.font.size = Pt(8)
                run.font.color.rgb = RGBColor(0xB9, 0x1C, 0x1C)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _english_document(document: Any) -> Any:
    """A new Word document in English whose properties say nothing false: python-docx's
    template names "python-docx" as its author and last editor, which a CMS or a file's
    properties would show."""
    properties = document.core_properties
    properties.language = "en-US"
    properties.author = properties.last_modified_by = ""
    properties.comments = ""
    return document
