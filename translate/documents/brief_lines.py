"""A brief's parts as the English documents show them: its lines, and the technical notes
shown beside them only when asked (``--verbose``). A brief is ``summarize.Brief`` (or
anything with its ``lines`` and ``notices``) or its ``to_dict()``; the folder job holds
the dict. Its own module: ``export`` (the writers) and ``lifecycle`` (``.brief.txt``) both
need it, and ``export`` reaches ``lifecycle`` through the Markdown format."""

from __future__ import annotations


def brief_texts(brief: object | None) -> list[str]:
    """The brief's lines, plain English (``BriefView`` or its dict)."""
    if brief is None:
        return []
    lines = getattr(brief, "lines", None)
    if lines is None and isinstance(brief, dict):
        lines = brief.get("brief", [])
    return [
        " ".join(str(line["text"] if isinstance(line, dict) else line.text).split())
        for line in lines or ()
    ]


def brief_notes(brief: object | None, *, verbose: bool = False) -> list[str]:
    """The brief's technical notes to show beside its lines: all of them with
    ``verbose``, else none, unless the brief has no line (the notes then say why)."""
    if brief is None:
        return []
    notices = getattr(brief, "notices", None)
    if notices is None and isinstance(brief, dict):
        notices = brief.get("notices", [])
    if not verbose and brief_texts(brief):
        return []
    return [" ".join(str(notice).split()) for notice in notices or ()]
