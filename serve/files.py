"""``POST /translate_file`` and ``GET /download_file/<name>``: a document in, the same
kind of document out, in English, under an unguessable name.

An upload is first read by ``kabar.core.reading.read_article``, the path every surface
shares, for its refusals and its size (binary data refused, .docx behind the zip-bomb
guard, over ``--char-limit`` refused, never truncated) and for ``source=auto``. It is then
translated by ``translate_file`` with the Document class of its own kind, the path of
``kabar translate FILE --format docx|html|md``: a .docx comes back a .docx (the same
document, its paragraphs in English), an .html page the same page with its text in
English and ``lang="en"``, a .md the same Markdown, a .txt the clean English text (as
``translate-dir`` writes it). Its units go through the engine's queue like
every other request's (``QueuedTranslator``), within the request timeout. Translated
files live in a private temporary folder for ``KEEP_SECONDS``.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, TypeVar, cast

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse

from kabar.core.errors import InputError
from kabar.core.reading import read_article
from kabar.serve.errors import ApiError, busy
from kabar.serve.languages import AUTO, check_pair, detected_source
from kabar.serve.params import read_params, string, upload
from kabar.serve.settings import FILE_SUFFIXES
from kabar.serve.state import RETRY_SECONDS, ServerState, state_of
from kabar.serve.worker import QueuedTranslator, QueueFull, WaitedTooLong
from kabar.translate.documents.registry import format_of
from kabar.translate.documents.single import translate_file as translate_document_file

if TYPE_CHECKING:
    from kabar.translate.engine import Translator

KEEP_SECONDS = 3600
MAX_FILES = 1000
T = TypeVar("T")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_NAME = re.compile(r"^[0-9a-f]{32}\.[A-Za-z0-9._-]{1,120}$")
# Documents translated at once; the others wait for a thread (their time counts against
# the request timeout). Each mostly waits for the engine, which is the real bound.
DOCUMENT_THREADS = 4
THREAD_GRACE_SECONDS = 1.0
MEDIA_TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
router = APIRouter(tags=["LibreTranslate"])


class FileStore:
    """Translated files in a private temporary folder, removed after ``KEEP_SECONDS`` (and
    beyond ``MAX_FILES``, oldest first)."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="kabar-serve-")
        self.root = Path(self._folder.name)
        # Uploads wait here while translated: never served, removed when done.
        self._incoming = tempfile.TemporaryDirectory(prefix="kabar-serve-in-")
        self.threads = ThreadPoolExecutor(DOCUMENT_THREADS, thread_name_prefix="kabar-doc")

    def reserve(self, filename: str) -> tuple[str, Path]:
        """A new unguessable name for the English of ``filename`` (``berita.docx`` ->
        ``<hex>.berita.en.docx``) and its path, not yet written."""
        self._prune()
        path = PurePath(filename)
        stem = (_SAFE.sub("_", path.stem).strip("._") or "file")[:80]
        name = f"{secrets.token_hex(16)}.{stem}.en{path.suffix.lower()}"
        return name, self.root / name

    def incoming(self, data: bytes, suffix: str) -> Path:
        """``data`` in a private file of its own (the caller removes it)."""
        with tempfile.NamedTemporaryFile(
            dir=self._incoming.name, suffix=suffix, delete=False
        ) as handle:
            handle.write(data)
        return Path(handle.name)

    def get(self, name: str) -> Path:
        if not _NAME.fullmatch(name) or ".." in name:
            raise ApiError(400, "Invalid filename")
        path = self.root / name
        if not path.is_file():
            raise ApiError(404, "file not found: translated files are kept for an hour.")
        return path

    def close(self) -> None:
        self.threads.shutdown(wait=True, cancel_futures=True)
        self._folder.cleanup()
        self._incoming.cleanup()

    def _prune(self) -> None:
        files = sorted(
            (p for p in self.root.iterdir() if _NAME.fullmatch(p.name)),
            key=lambda p: p.stat().st_mtime,
        )
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
            whole_page_hint=None,
        )
    except InputError as error:
        raise ApiError(400, f"Invalid request: {error}") from None
    if source == AUTO:
        detected_source(article.text)
    state.authorize(request, params, len(article.text))
    files = state.files
    stored, output = files.reserve(name)
    source_path = files.incoming(data, suffix)
    document_class = format_of(name)  # .txt .md .html .htm .docx: FILE_SUFFIXES
    if document_class is None:
        raise ApiError(400, "Invalid request: file format not supported")
    try:
        await on_document_thread(
            state,
            lambda engine: translate_document_file(
                engine, document_class, source_path, output, name=name
            ),
        )
    finally:
        source_path.unlink(missing_ok=True)
    return JSONResponse({"translatedFileUrl": str(request.url_for("download_file", name=stored))})


async def on_document_thread(state: ServerState, work: Callable[[Translator], T]) -> T:
    """``work(engine)`` on a document thread, ``engine`` the engine's queue seen as a
    translator that waits at most the request timeout: 400 for an InputError, 503 with
    Retry-After when the queue is full or the request waited past the timeout, its wait
    for a thread (all busy with other documents) counted too."""
    seconds = state.settings.request_seconds
    # It needs only translate_article(s), which the queue's view gives.
    engine = cast("Translator", QueuedTranslator(state.worker, seconds=seconds))
    loop = asyncio.get_running_loop()
    running = loop.run_in_executor(state.files.threads, lambda: work(engine))
    try:
        # A little over the engine's own wait, so a document being translated ends with
        # its own error and leaves nothing half-written; this cuts a wait for a thread.
        return await asyncio.wait_for(running, seconds + THREAD_GRACE_SECONDS)
    except InputError as error:
        raise ApiError(400, f"Invalid request: {error}") from None
    except (QueueFull, WaitedTooLong) as error:
        raise busy(str(error), RETRY_SECONDS) from None
    except TimeoutError:
        raise busy(str(WaitedTooLong(seconds)), RETRY_SECONDS) from None


@router.get("/download_file/{name}", name="download_file")
async def download_file(request: Request, name: str) -> FileResponse:
    path = state_of(request).files.get(name)
    media_type = MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return FileResponse(path, media_type=media_type, filename=name[33:])
