"""Reading user input safely: files or stdin, any encoding we can trust, nothing silent."""

from __future__ import annotations

import codecs
import contextlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from core.blank import is_blank
from core.errors import InputError

DEFAULT_MAX_CHARS = 200_000  # ~30 long news articles; larger inputs belong in a batch job
_SNIFF_BYTES = 65536  # how much of the start is checked for binary content
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")

_BINARY_SIGNATURES = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (e.g. .docx)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Word/Office document",
}


@dataclass(frozen=True)
class TextInput:
    text: str
    name: str
    encoding: str
    notices: tuple[str, ...] = ()


def read_text_input(source: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> TextInput:
    """Read a file path (or ``-`` for stdin) as text.

    Raises InputError, with what to do, for a missing/unreadable file, a folder, binary
    data, an encoding that is neither UTF-8 nor Windows-1252, empty input, or more than
    ``max_chars`` characters (never truncated silently).
    """
    name = "<stdin>" if source == "-" else source
    # A character is at most 4 bytes: reading one byte more than that proves "too large"
    # without loading a runaway file (or /dev/zero) into memory.
    data = _read_bytes(source, limit=4 * max_chars + 1)
    if len(data) > 4 * max_chars:
        raise _too_large(name, f"more than {max_chars:,}", max_chars)
    text, encoding, notices = decode_text(data, name=name)
    if len(text) > max_chars:
        raise _too_large(name, f"{len(text):,}", max_chars)
    text, html_notices = visible_text_if_html(text, name=name)
    if is_blank(text):
        raise InputError(f"{name} is empty: it has no visible text.")
    return TextInput(text=text, name=name, encoding=encoding, notices=notices + html_notices)


def _too_large(name: str, size: str, max_chars: int) -> InputError:
    return InputError(
        f"{name} has {size} characters, over the limit of {max_chars:,}. "
        "Split it into smaller files, or raise the limit with --max-chars."
    )


# A page, not prose: a doctype or <html>/<body> near the start, or prose-like text with
# several paragraph-level tags in it.
_HTML_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_BLOCK_TAG = re.compile(r"</?(p|div|br|h[1-6]|li|article|section|span|a)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """True for an HTML page or fragment pasted as an article (3+ block tags)."""
    return bool(_HTML_START.match(text[:1000])) or len(_BLOCK_TAG.findall(text[:20000])) >= 3


def visible_text_if_html(text: str, *, name: str) -> tuple[str, tuple[str, ...]]:
    """The visible text of ``text`` (paragraphs separated by blank lines) when it is HTML,
    with a notice; otherwise ``text`` unchanged. Tags are never translated as words."""
    if not looks_like_html(text):
        return text, ()
    # Imported here: html_document builds on this module.
    from translate.documents.html import PARAGRAPH_BREAK, VisibleText

    parser = VisibleText(max_chars=len(text) + 1)
    parser.feed(text)
    parser.close()
    parser.end_paragraph()
    paragraphs = [paragraph for _, paragraph in parser.take()]
    notice = f"{name} is HTML: translating its visible text ({len(paragraphs)} paragraphs)."
    return PARAGRAPH_BREAK.join(paragraphs), (notice,)


def decode_text(data: bytes, *, name: str) -> tuple[str, str, tuple[str, ...]]:
    """Decode ``data``: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252
    with a notice. Raises InputError for binary data or undecodable bytes."""
    _refuse_binary_signature(data, name)
    for boms, codec in ((_UTF32_BOMS, "utf-32"), (_UTF16_BOMS, "utf-16")):
        if data.startswith(boms):
            try:
                return data.decode(codec), codec, ()
            except UnicodeDecodeError:
                break
    _refuse_nul_bytes(data[:_SNIFF_BYTES], name)
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8-sig"), "utf-8", ()
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _undecodable(name) from None
    return text, "cp1252", (_cp1252_notice(name),)


@dataclass(frozen=True)
class FileEncoding:
    """How to decode a file: ``name`` as reported, ``codec`` for Python's decoders."""

    name: str
    codec: str
    notices: tuple[str, ...] = ()


def detect_file_encoding(path: Path, *, name: str) -> FileEncoding:
    """``decode_text``'s rules for a file of any size, read in chunks (bounded memory).

    The whole file is checked, so a bad byte near the end is found before any output is
    written. Raises InputError like ``decode_text``, or when the file cannot be read.
    """
    head = b"".join(_chunks(path, name, limit=_SNIFF_BYTES))
    _refuse_binary_signature(head, name)
    if head.startswith(_UTF16_BOMS) and _decodes(path, name, "utf-16"):
        return FileEncoding("utf-16", "utf-16")
    _refuse_nul_bytes(head, name)
    if _decodes(path, name, "utf-8-sig"):
        return FileEncoding("utf-8", "utf-8-sig")
    if _decodes(path, name, "cp1252"):
        return FileEncoding("cp1252", "cp1252", (_cp1252_notice(name),))
    raise _undecodable(name)


def iter_file_text(
    path: Path, encoding: FileEncoding, *, name: str, chunk_bytes: int = 1 << 16
) -> Iterator[str]:
    """The decoded text of ``path``, chunk by chunk (a BOM is dropped); see
    ``detect_file_encoding`` for ``encoding``."""
    decoder = codecs.getincrementaldecoder(encoding.codec)(errors="strict")
    try:
        for chunk in _chunks(path, name, chunk_bytes=chunk_bytes):
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise InputError(
            f"{name} changed while it was read: it is no longer {encoding.name}."
        ) from None
    if tail:
        yield tail


def _decodes(path: Path, name: str, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        for chunk in _chunks(path, name):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _chunks(
    path: Path, name: str, *, chunk_bytes: int = 1 << 16, limit: int | None = None
) -> Iterator[bytes]:
    """The bytes of ``path`` in chunks (at most ``limit`` bytes); InputError if unreadable."""
    try:
        with path.open("rb") as handle:
            remaining = limit
            while remaining is None or remaining > 0:
                size = chunk_bytes if remaining is None else min(chunk_bytes, remaining)
                chunk = handle.read(size)
                if not chunk:
                    return
                if remaining is not None:
                    remaining -= len(chunk)
                yield chunk
    except FileNotFoundError:
        raise InputError(f"cannot read {name}: it does not exist (or is a broken link).") from None
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}.") from None


def refuse_binary(head: bytes, *, name: str) -> None:
    """Raise InputError when ``head`` (a file's first bytes) is a known binary format or
    contains NUL bytes."""
    _refuse_binary_signature(head, name)
    _refuse_nul_bytes(head[:_SNIFF_BYTES], name)


def _refuse_binary_signature(data: bytes, name: str) -> None:
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"{name} is {kind}, not text. Save the article as plain text (.txt).")


def _refuse_nul_bytes(head: bytes, name: str) -> None:
    if b"\x00" in head:
        raise InputError(f"{name} looks binary (it contains NUL bytes), not text. Save it as .txt.")


def _undecodable(name: str) -> InputError:
    return InputError(
        f"{name} is neither UTF-8 nor Windows-1252 text. Convert it to UTF-8, e.g. "
        f"`iconv -f YOUR-ENCODING -t UTF-8 {name} > article.txt`."
    )


def _cp1252_notice(name: str) -> str:
    return f"{name} is not UTF-8; read it as Windows-1252 (cp1252)."


def _read_bytes(source: str, *, limit: int) -> bytes:
    """At most ``limit`` bytes of the file (or stdin)."""
    if source == "-":
        return sys.stdin.buffer.read(limit)
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{source} is a folder; give one article file (or - for stdin).")
    try:
        with path.open("rb") as handle:
            return handle.read(limit)
    except FileNotFoundError:
        raise InputError(f"{source} does not exist.") from None
    except OSError as error:
        raise InputError(f"cannot read {source}: {error.strerror or error}.") from None
