"""The LibreTranslate API: the same paths, field names, response shapes and status codes,
so Mastodon, Weblate, Discourse, Nextcloud, libretranslatepy, deep-translator … work
against kabar unchanged. kabar translates Indonesian to English only; any other pair is
a 400 that says so."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from kabar.core.blank import is_blank
from kabar.core.errors import KabarError
from kabar.core.reading import read_article
from kabar.serve.errors import ApiError
from kabar.serve.html_items import read_items, translate_html
from kabar.serve.languages import AUTO, LANGUAGES, NAMES, check_pair, detect, detected_source
from kabar.serve.params import optional_string, read_params, string, text_items
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
        supported = " or ".join(FORMATS)
        raise ApiError(400, f"{fmt} format is not supported: send format {supported}")
    alternatives = alternatives_wanted(params)
    check_pair(source, target)
    chars = sum(len(item) for item in items)
    state.check_chars(chars)
    state.authorize(request, params, chars)
    articles: list[ArticleTranslation | None] = [None for _ in items]
    if fmt == "html":  # as `kabar translate FILE.html --format html` translates a file
        pages = read_items(items, many=many)
        detected = _detected([page.text for page in pages], source)
        translated = await translate_html(state, pages)
    else:  # read as every surface reads a paste (kabar.core.reading)
        items = [read_text(item, state) for item in items]
        detected = _detected(items, source)
        translated, articles = await translate_items(state, items)
    body: dict[str, Any] = {"translatedText": translated if many else translated[0]}
    if detected is not None:
        body["detectedLanguage"] = detected if many else detected[0]
    if alternatives:
        # As LibreTranslate: none for HTML (n-best sentences cannot be put back into the
        # markup as the document puts its translation).
        found = await _alternatives(state, items, articles, alternatives)
        others = [list(row) for row in found]
        body["alternatives"] = others if many else others[0]
    return JSONResponse(body)


def _detected(texts: list[str], source: str) -> list[dict[str, Any]] | None:
    """``source=auto``: each text's detected language (a 400 for one not Indonesian)."""
    return [detected_source(text) for text in texts] if source == AUTO else None


def alternatives_wanted(params: dict[str, Any]) -> int:
    """LibreTranslate's rule: a negative number is 0, not a number is a 400, over the
    limit is a 400 saying the limit."""
    value = params.get("alternatives", 0)
    if isinstance(value, str):
        value = value.strip() or "0"
        try:
            value = int(value)
        except ValueError:
            value = None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ApiError(400, "Invalid request: alternatives parameter is not a number")
    if value > MAX_ALTERNATIVES:
        raise ApiError(
            400, f"Invalid request: alternatives parameter must be <= {MAX_ALTERNATIVES}"
        )
    return max(0, value)


def read_text(item: str, state: ServerState) -> str:
    """A ``format=text`` item as the UI, the CLI and /v1 read a paste: a pasted page reduced
    to its text, hard wraps joined (``read_article``); a blank item stays as it is."""
    if is_blank(item):
        return item
    try:
        return read_article(
            item, name="q", max_chars=state.settings.char_limit, kind="text", whole_page_hint=None
        ).text
    except KabarError as error:
        raise ApiError(400, str(error)) from None


async def _alternatives(
    state: ServerState, items: list[str], articles: list[ArticleTranslation | None], count: int
) -> list[tuple[str, ...]]:
    """Each item's alternatives, as ``_keep_edges`` shapes its translation; none for an
    item without an article (blank, or HTML)."""
    done = [(n, a) for n, a in enumerate(articles) if a is not None]
    found = await state.alternatives([items[n] for n, _ in done], [a for _, a in done], count)
    result: list[tuple[str, ...]] = [() for _ in items]
    for (n, _), others in zip(done, found, strict=True):
        result[n] = tuple(_keep_edges(items[n], other) for other in others)
    return result


@router.post("/detect")
async def detect_language(request: Request) -> JSONResponse:
    """``q``: ``[{"confidence": 0-100, "language": …}]``, most likely first; for a list
    of texts, one such list per text. Each text is read as ``/translate`` reads it."""
    state = state_of(request)
    params = await read_params(request, max_fields=state.settings.max_items + 16)
    items, many = text_items(params, "q", max_items=state.settings.max_items)
    chars = sum(len(item) for item in items)
    state.check_chars(chars)
    state.authorize(request, params, chars)
    # Decided on the text /translate reads (a pasted page's visible text, not its tags'
    # English words: href, class ...), so /detect and source=auto agree.
    found = [detect(read_text(item, state)) for item in items]
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
    """Answered by the event loop while the engine works on its own thread. Beside
    LibreTranslate's ``status``: the engine's state, its queue, and its calls, requests
    and busy seconds since the start (how well requests are batched, how idle it is)."""
    stats = state_of(request).worker.stats()
    return JSONResponse(
        {
            "status": "ok",
            "engine": "busy" if stats.busy else "idle",
            "queued": stats.queued,
            "calls": stats.calls,
            "requests": stats.requests,
            "busy_seconds": round(stats.busy_seconds, 3),
        }
    )


async def translate_items(
    state: ServerState, items: list[str]
) -> tuple[list[str], list[ArticleTranslation | None]]:
    """Each text item's English, all in one request to the engine, and its translation
    (None: a blank item, which comes back as it was)."""
    wanted = [(n, item) for n, item in enumerate(items) if item.strip()]
    results = await state.translate([item for _, item in wanted])
    english = list(items)
    articles: list[ArticleTranslation | None] = [None for _ in items]
    for (n, item), article in zip(wanted, results, strict=True):
        english[n] = _keep_edges(item, plain_text(article) or item)
        articles[n] = article
    return english, articles


def plain_text(article: ArticleTranslation) -> str:
    """The English text, paragraphs as the source had them (a line break or a blank line):
    the article's own ``text``, so the API and every other surface join them alike."""
    return article.text


def _keep_edges(source: str, english: str) -> str:
    """The source's leading and trailing whitespace around ``english``."""
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()) :]
    return lead + english.strip() + trail
