"""The result as files to download: the English article (.txt, .docx, .html), the
side-by-side tables (.md) and everything (.json), named after the article
(``president-meets-ministers.en.docx``).

Each file is exactly what ``kabar translate --format NAME`` writes; the brief (first, in
the article files) and the reference scores, when there are any, are rendered by the same
code (under their own JSON keys in the JSON).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from kabar.translate.documents.export import article_slug, export_article
from kabar.translate.render import RENDERERS, BriefView, Section
from kabar.translate.results import ArticleTranslation
from kabar.ui.scoring import ReferenceScores


@dataclass(frozen=True)
class DownloadKind:
    """One download: ``name`` (a ``kabar translate --format``), its file name's ending
    after the article's slug, and the button's words."""

    name: str
    ending: str
    label: str


# In the order of the buttons: what a reader wants first.
DOWNLOADS = (
    DownloadKind("text", ".en.txt", "Download .txt (the English article)"),
    DownloadKind("docx", ".en.docx", "Download .docx (the English article, Word)"),
    DownloadKind("html", ".en.html", "Download .html (the English article, web page)"),
    DownloadKind("markdown", ".side-by-side.md", "Download .md (side-by-side tables)"),
    DownloadKind("json", ".en.json", "Download .json (everything, sentence-aligned)"),
)


@dataclass(frozen=True)
class Downloads:
    """Format name (``text``, ``markdown``, ``json`` ...) -> the file written for it."""

    files: dict[str, Path]

    @property
    def txt(self) -> Path:
        return self.files["text"]

    @property
    def md(self) -> Path:
        return self.files["markdown"]

    @property
    def json(self) -> Path:
        return self.files["json"]


def reference_section(reference: ReferenceScores) -> Section:
    """The reference scores as a section every renderer can place."""
    lines = [f"_{reference.note}_", ""]
    lines += [
        f"- {name} {score:.1f} · `{signature}`" for name, score, signature in reference.metrics
    ]
    return Section("Against the reference", tuple(lines), "reference", reference.to_dict())


def write_downloads(
    folder: Path,
    article: ArticleTranslation,
    *,
    brief: BriefView | None = None,
    reference: ReferenceScores | None = None,
) -> Downloads:
    """Write one file per format into a new subfolder of ``folder`` (one per request, so
    simultaneous users never overwrite each other's files)."""
    target = folder / uuid.uuid4().hex
    target.mkdir(parents=True)
    sections = (reference_section(reference),) if reference is not None else ()
    stem = article_slug(article)
    files = {}
    for kind in DOWNLOADS:
        path = target / f"{stem}{kind.ending}"
        if kind.name in RENDERERS:
            rendered = RENDERERS[kind.name].render(article, brief=brief, sections=sections)
            path.write_text(rendered, "utf-8")
        else:  # the article as a document of its own
            path.write_bytes(export_article(article, kind.name, brief=brief))
        files[kind.name] = path
    return Downloads(files)
