"""``POST /translate_file`` and ``GET /download_file/<name>``: a document in, its English
out under an unguessable name.

Files are read by ``kabar.core.reading.read_article``, the path every surface shares
(binary data refused, HTML reduced to its visible text, .docx paragraphs extracted behind
the zip-bomb guard, over-long input refused, never truncated). The English comes back as
text (``<name>.en.txt``) until documents can be written back in their own format.
Translated files live in a private temporary folder for ``KEEP_SECONDS``.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import tempfile
import time
from pathlib import Path, PurePath

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse

from kabar.core.errors import InputError
from kabar.core.reading import read_article
from kabar.serve.errors import ApiError
from kabar.serve.languages import AUTO, check_pair, detected_source
from kabar.serve.libretranslate import plain_text
from kabar.serve.params import read_params, string, upload
from kabar.serve.settings import FILE_SUFFIXES
from kabar.serve.state import state_of

KEEP_SECONDS = 3600
MAX_FILES = 1000
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_NAME = re.compile(r"^[0-9a-f]{32}\.[A-Za-z0-9._-]{1,120}$")
router = APIRouter(tags=["LibreTranslate"])


class FileStore:
    """Translated files in a private temporary folder, removed after ``KEEP_SECONDS`` (and
    beyond ``MAX_FILES``, oldest first)."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="kabar-serve-")
        self.root = Path(self._folder.name)

    def put(self, stem: str, text: str) -> str:
        self._prune()
        name = f"{secrets.token_hex(16)}.{(_SAFE.sub('_', stem).strip('._') or 'file')[:80]}.en.txt"
        (self.root / name).write_text(text, encoding="utf-8")
        return name

    def get(self, name: str) -> Path:
        if not _NAME.fullmatch(name) or ".." in name:
            raise ApiError(400, "Invalid filename")
        path = self.root / name
        if not path.is_file():
            raise ApiError(404, "file not found: translated files are kept for an hour.")
        return path

    def close(self) -> None:
        self._folder.cleanup()

    def _prune(self) -> None:
        files = sorted(self.root.iterdir(), key=lambda p: p.stat().st_mtime)
        now = time.time()
        for index, path in enumerate(files):
            if now - path.stat().st_mtime > KEEP_SECONDS or len(files) - index >= MAX_FILES:
                path.unlink(missing_ok=True)


@router.post("/translate_file")
async def translate_file(request: Request) -> JSONResponse:
    """``file`` (.txt .md .html .docx), ``source``, ``target``, ``api_key``:
    ``{"translatedFileUrl": …}``."""
    state = state_of(request)
    params = await read_params(request, max_fields=16)
    document = upload(params, "file")
    source, target = string(params, "source"), string(params, "target")
    name = PurePath(document.filename or "file.txt").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise ApiError(400, "Invalid request: file format not supported")
    check_pair(source, target)
    data = await document.read()
    try:
        article = await asyncio.to_thread(
            read_article,
            data,
            name=name,
            max_chars=state.settings.char_limit,
            kind="docx" if suffix == ".docx" else "html" if suffix in (".html", ".htm") else "text",
            too_long_hint="Send it in parts.",
        )
    except InputError as error:
        raise ApiError(400, f"Invalid request: {error}") from None
    if source == AUTO:
        detected_source(article.text)
    state.authorize(request, params, len(article.text))
    (translation,) = await state.translate([article.text])
    stored = state.files.put(PurePath(name).stem, plain_text(translation) + "\n")
    return JSONResponse({"translatedFileUrl": str(request.url_for("download_file", name=stored))})


@router.get("/download_file/{name}", name="download_file")
async def download_file(request: Request, name: str) -> FileResponse:
    path = state_of(request).files.get(name)
    return FileResponse(path, media_type="text/plain; charset=utf-8", filename=name[33:])
