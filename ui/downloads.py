"""The result as files to download, one per output format of ``kabar.translate.render``.

The article part of each file is exactly what ``kabar translate --format NAME`` prints;
the brief and the reference scores, when there are any, are rendered by the same
renderer (after the article, or under their own JSON keys).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from kabar.translate.render import RENDERERS, BriefView, Section
from kabar.translate.results import ArticleTranslation
from kabar.ui.scoring import ReferenceScores

STEM = "kabar-translation"


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
    files = {}
    for name, renderer in RENDERERS.items():
        path = target / f"{STEM}{renderer.suffix}"
        path.write_text(renderer.render(article, brief=brief, sections=sections), "utf-8")
        files[name] = path
    return Downloads(files)
