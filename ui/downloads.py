"""The result as files to download: the English article (.txt, .docx, .html), the
side-by-side tables (.md) and everything (.json), named after the article
(``president-meets-ministers.en.docx``); and an uploaded .docx, .html or .md back in its
own kind, in English (``in_kind``).

Each file is exactly what ``kabar translate --format NAME`` writes; the brief (first, in
the article files) and the reference scores, when there are any, are rendered by the same
code (under their own JSON keys in the JSON).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from kabar.core.errors import KabarError
from kabar.translate.documents.export import article_slug, export_article
from kabar.translate.documents.registry import format_of
from kabar.translate.documents.single import DOCUMENT_FORMATS
from kabar.translate.render import RENDERERS, BriefView, Section
from kabar.translate.results import ArticleTranslation
from kabar.ui.inputs import DEFAULT_UI_MAX_CHARS, read_upload
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
class InKind:
    """An uploaded document to give back in its own kind: ``fmt`` is its ``--format``."""

    source: Path
    fmt: str

    @property
    def ending(self) -> str:
        return f".en.{self.fmt}"


@dataclass(frozen=True)
class Downloads:
    """Format name (``text``, ``markdown``, ``json`` ...) -> the file written for it;
    ``document``: the uploaded document in English, in its own kind (None without one)."""

    files: dict[str, Path]
    document: Path | None = None

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
    in_kind: InKind | None = None,
) -> Downloads:
    """Write one file per format into a new subfolder of ``folder`` (one per request, so
    simultaneous users never overwrite each other's files). With ``in_kind``, the
    article rebuilt as a document of that kind is left out: the upload itself comes back
    under that name (``document_path``), written by the caller."""
    target = folder / uuid.uuid4().hex
    target.mkdir(parents=True)
    sections = (reference_section(reference),) if reference is not None else ()
    stem = article_slug(article)
    files = {}
    for kind in DOWNLOADS:
        if in_kind is not None and kind.ending == in_kind.ending:
            continue
        path = target / f"{stem}{kind.ending}"
        if kind.name in RENDERERS:
            rendered = RENDERERS[kind.name].render(article, brief=brief, sections=sections)
            path.write_text(rendered, "utf-8")
        else:  # the article as a document of its own
            path.write_bytes(export_article(article, kind.name, brief=brief))
        files[kind.name] = path
    return Downloads(files)


def document_path(downloads: Downloads, article: ArticleTranslation, in_kind: InKind) -> Path:
    """Where the upload in English goes: beside the other downloads, named after the
    article (``president-meets-ministers.en.docx``)."""
    folder = next(iter(downloads.files.values())).parent
    return folder / f"{article_slug(article)}{in_kind.ending}"


def upload_in_kind(
    upload: str | Path | None,
    article_text: str | None,
    *,
    max_chars: int = DEFAULT_UI_MAX_CHARS,
    whole_page: bool = False,
) -> tuple[InKind | None, str | None]:
    """The uploaded document to give back in its own kind, when the article box still
    holds what the upload put there; else None, and a notice when the upload is a
    document the reader would expect back (the box was edited or another article loaded).

    An upload that cannot be read again gives None without a notice: reading it said why
    when it was uploaded, and the box then holds something else.
    """
    if not upload:
        return None, None
    source = Path(upload)
    fmt = _own_format(source)
    if fmt is None:
        return None, None
    try:
        uploaded = read_upload(source, max_chars=max_chars, whole_page=whole_page).text
    except KabarError:
        return None, None
    if " ".join(uploaded.split()) != " ".join((article_text or "").split()):
        return None, (
            f"The article box no longer holds the text of {source.name}, so it is not given "
            f"back as a .{fmt} file; upload it again to get it in English."
        )
    return InKind(source, fmt), None


def _own_format(source: Path) -> str | None:
    """The ``--format`` that writes ``source`` back in its own kind (``docx`` for a .docx,
    ``html`` for a .html or .htm, ``md`` for a .md; by the documents' registry), or None."""
    document = format_of(source.name)
    if document is None:
        return None
    return next((fmt for fmt, kind in DOCUMENT_FORMATS.items() if kind == document.kind), None)
