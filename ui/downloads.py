"""The result as files to download: .txt (the English article), .md (side by side), .json.

The .txt and the article part of .md and .json are exactly what ``kabar translate
--format text|markdown|json`` prints; the brief and the reference scores, when there are
any, are added after it (.md) or under their own keys (.json).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.render import markdown_text, render
from translate.results import ArticleTranslation
from ui.briefs import BriefLike
from ui.scoring import ReferenceScores

STEM = "kabar-translation"


@dataclass(frozen=True)
class Downloads:
    txt: Path
    md: Path
    json: Path


def result_dict(
    article: ArticleTranslation,
    *,
    brief: BriefLike | None = None,
    reference: ReferenceScores | None = None,
) -> dict[str, Any]:
    """``article.to_dict()`` (the JSON of ``kabar translate``) plus ``brief`` and
    ``reference`` keys when the page has them."""
    data = article.to_dict()
    if brief is not None:
        data["brief"] = brief.to_dict()
    if reference is not None:
        data["reference"] = reference.to_dict()
    return data


def result_markdown(
    article: ArticleTranslation,
    *,
    brief: BriefLike | None = None,
    reference: ReferenceScores | None = None,
) -> str:
    """The side-by-side Markdown of ``kabar translate --format markdown``, then the brief
    and the reference scores."""
    text = render(article, "markdown")
    if brief is not None:
        lines = ["", "## Brief", ""]
        lines += [
            f"{n}. {markdown_text(line.text)} (sentence {int(line.sentence_index) + 1})"
            for n, line in enumerate(brief.lines, start=1)
        ]
        text += "\n".join(lines) + "\n"
    if reference is not None:
        lines = ["", "## Against the reference", "", f"_{reference.note}_", ""]
        lines += [
            f"- {name} {score:.1f} · `{signature}`" for name, score, signature in reference.metrics
        ]
        text += "\n".join(lines) + "\n"
    return text


def write_downloads(
    folder: Path,
    article: ArticleTranslation,
    *,
    brief: BriefLike | None = None,
    reference: ReferenceScores | None = None,
) -> Downloads:
    """Write the three files into a new subfolder of ``folder`` (one per request, so
    simultaneous users never overwrite each other's files)."""
    target = folder / uuid.uuid4().hex
    target.mkdir(parents=True)
    files = Downloads(
        txt=target / f"{STEM}.txt", md=target / f"{STEM}.md", json=target / f"{STEM}.json"
    )
    files.txt.write_text(render(article, "text"), encoding="utf-8")
    files.md.write_text(
        result_markdown(article, brief=brief, reference=reference), encoding="utf-8"
    )
    files.json.write_text(
        json.dumps(
            result_dict(article, brief=brief, reference=reference), ensure_ascii=False, indent=2
        )
        + "\n",
        encoding="utf-8",
    )
    return files
