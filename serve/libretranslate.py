"""The LibreTranslate API: the same paths, field names, response shapes and status codes,
so Mastodon, Weblate, Discourse, Nextcloud, libretranslatepy, deep-translator … work
against kabar unchanged. kabar translates Indonesian to English only; any other pair is
a 400 that says so."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from kabar.serve import html_text
from kabar.serve.errors import ApiError
from kabar.serve.languages import AUTO, LANGUAGES, NAMES, check_pair, detect, detected_source
from kabar.serve.params import optional_string, read_params, string, text_items, whole_number
from kabar.serve.settings import FILE_SUFFIXES
from kabar.serve.state import ServerState, state_of
from kabar.translate.results import ArticleTranslation

FORMATS = ("text", "html")
MAX_ALTERNATIVES = 3
router = APIRouter(tags=["LibreTranslate"])


@router.post("/translate")
async def translate(request: Request) -> JSONResponse:
    """``q`` (string or list), ``source`` (id|auto), ``target`` (en), ``format``
    (text|html), ``alternatives``, ``api_key``: ``{"translatedText": …}``."""
    state = state_of(request)
    params = await read_params(request, max_fields=state.settings.max_items + 16)
    items, many = text_items(params, "q", max_items=state.settings.max_items)
    source = string(params, "source")
    target = string(params, "target")
    fmt = optional_string(params, "format") or "text"
    if fmt not in FORMATS:
        raise ApiError(400, f"{fmt} format is not supported")
    alternatives = whole_number(params, "alternatives", 0, at_most=MAX_ALTERNATIVES)
    check_pair(source, target)
    chars = sum(len(item) for item in items)
    state.check_chars(chars)
    state.authorize(request, params, chars)
    detected = [detected_source(_visible(item, fmt)) for item in items] if source == AUTO else None
    translated = await translate_items(state, items, html=fmt == "html")
    body: dict[str, Any] = {"translatedText": translated if many else translated[0]}
    if detected is not None:
        body["detectedLanguage"] = detected if many else detected[0]
    if alternatives:
        # kabar's engine returns its one best translation (no n-best list yet): the field
        # is there, as clients expect, and empty rather than invented.
        body["alternatives"] = [[] for _ in items] if many else []
    return JSONResponse(body)


@router.post("/detect")
async def detect_language(request: Request) -> JSONResponse:
    """``q``: ``[{"confidence": 0-100, "language": …}]``, most likely first; for a list
    of texts, one such list per text."""
    state = state_of(request)
    params = await read_params(request, max_fields=state.settings.max_items + 16)
    items, many = text_items(params, "q", max_items=state.settings.max_items)
    chars = sum(len(item) for item in items)
    state.check_chars(chars)
    state.authorize(request, params, chars)
    found = [detect(item) for item in items]
    return JSONResponse(found if many else found[0])


@router.get("/languages")
async def languages() -> JSONResponse:
    return JSONResponse(LANGUAGES)


@router.get("/frontend/settings")
async def frontend_settings(request: Request) -> JSONResponse:
    state = state_of(request)
    return JSONResponse(
        {
            "charLimit": state.settings.char_limit,
            "frontendTimeout": 500,
            "apiKeys": state.keys is not None,
            "keyRequired": state.settings.require_keys,
            "suggestions": False,
            "filesTranslation": True,
            "supportedFilesFormat": list(FILE_SUFFIXES),
            "language": {
                "source": {"code": AUTO, "name": "Auto Detect"},
                "target": {"code": "en", "name": NAMES["en"]},
            },
        }
    )


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    """Answered by the event loop while the engine works on its own thread."""
    stats = state_of(request).worker.stats()
    return JSONResponse(
        {"status": "ok", "engine": "busy" if stats.busy else "idle", "queued": stats.queued}
    )


async def translate_items(state: ServerState, items: list[str], *, html: bool) -> list[str]:
    """Each item's English: text as is, or an HTML item's text pieces, all in one request
    to the engine; a blank item (or piece) comes back as it was."""
    pages = [html_text.cut(item) if html else [html_text.Piece(item, True)] for item in items]
    wanted = [
        (n, i, piece.value)
        for n, pieces in enumerate(pages)
        for i, piece in enumerate(pieces)
        if piece.text and piece.value.strip()
    ]
    results = await state.translate([text for _, _, text in wanted])
    english: list[dict[int, str]] = [{} for _ in items]
    for (n, i, text), article in zip(wanted, results, strict=True):
        english[n][i] = _keep_edges(text, plain_text(article) or text)
    if html:
        return [html_text.join(pieces, english[n]) for n, pieces in enumerate(pages)]
    return [english[n].get(0, item) for n, item in enumerate(items)]


def plain_text(article: ArticleTranslation) -> str:
    """The English text, paragraphs as the source had them (a line break or a blank line)."""
    parts = []
    for index, paragraph in enumerate(article.paragraphs):
        if index:
            parts.append("\n" * min(2, max(1, paragraph.newlines_before)))
        parts.append(paragraph.translation)
    return "".join(parts)


def _keep_edges(source: str, english: str) -> str:
    """The source's leading and trailing whitespace around ``english`` (an HTML text piece
    such as "Halo " before a link must keep its space)."""
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()) :]
    return lead + english.strip() + trail


def _visible(item: str, fmt: str) -> str:
    if fmt != "html":
        return item
    return " ".join(p.value for p in html_text.cut(item) if p.text)
