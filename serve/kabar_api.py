"""kabar's own API, versioned: the full sentence-aligned results over HTTP.

``POST /v1/translate`` answers the JSON of ``kabar translate --format json`` (sentences,
spans, confidence, flags, engine, notices; the brief with ``"brief": true``): the input is
read as the UI reads a paste (a page reduced to its visible text, hard wraps joined, the
same notices) and rendered by ``kabar.translate.render``'s JSON renderer.
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import asdict, replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from kabar.core.errors import KabarError
from kabar.core.reading import read_article
from kabar.serve.errors import ApiError
from kabar.serve.params import flag, read_params, string, whole_number
from kabar.serve.state import ServerState, state_of
from kabar.translate.briefing import brief_of
from kabar.translate.model_source import model_statuses
from kabar.translate.render import render

MAX_BRIEF_SENTENCES = 20
router = APIRouter(prefix="/v1", tags=["kabar"])
# Briefs run beside the engine, one at a time: the CPU is the engine's first.
_briefs = threading.Semaphore(1)


@router.post("/translate")
async def translate(request: Request) -> JSONResponse:
    """``{"text": …, "brief": false, "brief_sentences": 3, "api_key": …}`` → the JSON of
    ``kabar translate --format json``."""
    state = state_of(request)
    params = await read_params(request, max_fields=16)
    text = string(params, "text")
    want_brief = flag(params, "brief")
    sentences = whole_number(params, "brief_sentences", 3, at_most=MAX_BRIEF_SENTENCES)
    if sentences < 1:
        raise ApiError(400, f"Invalid request: brief_sentences must be 1 to {MAX_BRIEF_SENTENCES}")
    state.check_chars(len(text))
    article = _read(text, state)
    state.authorize(request, params, len(article.text))
    (translation,) = await state.translate([article.text])
    engine = replace(translation.engine, model=public_model_name(translation.engine.model))
    translation = replace(translation, engine=engine, notices=article.notices + translation.notices)
    brief = None
    if want_brief:
        summarizer = _summarizer(state)
        brief = await asyncio.to_thread(_brief_of, summarizer, translation, sentences)
    return JSONResponse(json.loads(render(translation, "json", brief=brief)))


@router.post("/summarize")
async def summarize(request: Request) -> JSONResponse:
    """``{"text": English or Indonesian article, "sentences": 3}`` → the brief's JSON
    (``kabar summarize --format json``)."""
    state = state_of(request)
    params = await read_params(request, max_fields=16)
    text = string(params, "text")
    sentences = whole_number(params, "sentences", 3, at_most=MAX_BRIEF_SENTENCES)
    state.check_chars(len(text))
    article = _read(text, state)
    state.authorize(request, params, len(article.text))
    summarizer = _summarizer(state)

    def run() -> dict[str, Any]:
        with _briefs:
            result: dict[str, Any] = summarizer.summarize_text(
                article.text, sentences_out=sentences or None
            ).to_dict()
            return result

    try:
        data = await asyncio.to_thread(run)
    except KabarError as error:
        raise ApiError(400, str(error)) from None
    return JSONResponse(data)


@router.get("/models")
async def models(request: Request) -> JSONResponse:
    """The loaded engine, and the models kabar knows (``kabar models``): no paths."""
    info = state_of(request).worker.info
    known = [
        {**asdict(status.model), "on_this_machine": status.on_this_machine}
        for status in model_statuses()
    ]
    loaded = {**info.to_dict(), "model": public_model_name(info.model)}
    return JSONResponse({"loaded": loaded, "known": known})


def _read(text: str, state: ServerState) -> Any:
    try:
        return read_article(
            text,
            name="The article",
            max_chars=state.settings.char_limit,
            kind="text",
            too_long_hint="Send it in parts.",
            whole_page_hint=None,
        )
    except KabarError as error:
        raise ApiError(400, str(error)) from None


def _summarizer(state: ServerState) -> Any:
    if state.summarizer is None:
        raise ApiError(
            400, f"no brief on this server: {state.summarizer_note or 'no summarizer loaded'}."
        )
    return state.summarizer


def _brief_of(summarizer: Any, translation: Any, sentences: int) -> Any:
    """The brief every surface makes (``kabar.translate.briefing``), one at a time."""
    with _briefs:
        return brief_of(summarizer, translation, sentences=sentences)


def public_model_name(model: str) -> str:
    """A hub id as it is; a local folder by its last part only (no path of this machine)."""
    if model.startswith(("/", ".", "~")) or "\\" in model:
        return model.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return model
