"""Request parameters the LibreTranslate way: the query string and the body (JSON object,
URL-encoded or multipart form) merged, the body winning, as Flask's ``request.values``
and ``request.json`` give them to LibreTranslate. Every wrong type is a 400 that says
which field and what it should be."""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from kabar.serve.errors import ApiError
from kabar.serve.guard import BodyTooLarge, BodyTooSlow

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def read_params(request: Request, *, max_fields: int) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        raw = await request.body()
        if raw.strip():
            params.update(_json_object(raw))
    elif kind in FORM_TYPES:
        try:
            form = await request.form(max_files=1, max_fields=max_fields)
        except (BodyTooLarge, BodyTooSlow):  # the Guard's refusals: 413, 408
            raise
        except Exception:  # starlette's MultiPartException and malformed bodies alike
            raise ApiError(400, "Invalid request: the form body cannot be read") from None
        for key in form:
            params[key] = form.get(key)
    return params


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise ApiError(400, "Invalid JSON format") from None
    if not isinstance(data, dict):
        raise ApiError(400, "Invalid JSON format")
    return data


def text_items(params: dict[str, Any], name: str, *, max_items: int) -> tuple[list[str], bool]:
    """The texts of field ``name`` (a string, or a list of strings) and whether it was a list."""
    value = params.get(name)
    if value is None or value == "" or value == []:
        raise ApiError(400, f"Invalid request: missing {name} parameter")
    if isinstance(value, str):
        return [_valid_text(value, name)], False
    if not isinstance(value, list):
        raise ApiError(400, f"Invalid request: {name} must be a string or a list of strings")
    if len(value) > max_items:
        raise ApiError(
            400,
            f"Invalid request: {name} has {len(value):,} items, over the limit of "
            f"{max_items:,}; send them in several requests.",
        )
    if not all(isinstance(item, str) for item in value):
        raise ApiError(400, f"Invalid request: every item of {name} must be a string")
    return [_valid_text(item, name) for item in value], True


def _valid_text(text: str, name: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") from JSON
        raise ApiError(400, f"Invalid request: {name} holds an invalid character") from None
    return text


def string(params: dict[str, Any], name: str, default: str | None = None) -> str:
    value = params.get(name, default)
    if value is None:
        raise ApiError(400, f"Invalid request: missing {name} parameter")
    if not isinstance(value, str):
        raise ApiError(400, f"Invalid request: {name} must be a string")
    return value


def optional_string(params: dict[str, Any], name: str) -> str | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ApiError(400, f"Invalid request: {name} must be a string")
    return value


def whole_number(params: dict[str, Any], name: str, default: int, *, at_most: int) -> int:
    value = params.get(name, default)
    if isinstance(value, bool):
        raise ApiError(400, f"Invalid request: {name} parameter is not a number")
    if isinstance(value, str):
        try:
            value = int(value.strip()) if value.strip() else default
        except ValueError:
            raise ApiError(400, f"Invalid request: {name} parameter is not a number") from None
    if not isinstance(value, int):
        raise ApiError(400, f"Invalid request: {name} parameter is not a number")
    if not 0 <= value <= at_most:
        raise ApiError(400, f"Invalid request: {name} must be between 0 and {at_most}")
    return value


def flag(params: dict[str, Any], name: str) -> bool:
    value = params.get(name, False)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "false", "0", "no", ""):
        return value.lower() in ("true", "1", "yes")
    raise ApiError(400, f"Invalid request: {name} must be true or false")


def upload(params: dict[str, Any], name: str) -> UploadFile:
    value = params.get(name)
    if not isinstance(value, UploadFile):
        raise ApiError(400, f"Invalid request: missing {name} parameter")
    return value
