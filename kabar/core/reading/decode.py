"""Bytes to text: binary data refused, BOMs, UTF-8, else Windows-1252 with a notice, NUL
bytes refused; whole inputs (``decode_text``, which honours a web page's declared
``<meta charset>`` first) or big files streamed in chunks (``detect_file_encoding`` +
``iter_file_text``) under the same rules."""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kabar.core.blank import is_blank
from kabar.core.errors import InputError

DEFAULT_MAX_CHARS = 200_000  # ~30 long news articles; larger inputs belong in a batch job
_SNIFF_BYTES = 65536  # how much of the start is checked for binary content
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")

# A page's declared encoding, looked for where browsers look: in its first 1024 bytes
# (a little more here, for pages that put long comments first).
_META_SNIFF = 4096
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE
)
# As browsers do (WHATWG Encoding): Latin-1 and ASCII labels mean Windows-1252, and a
# UTF-16/32 label on an ASCII-compatible page cannot be right.
_LABELS_AS_CP1252 = frozenset({"latin_1", "iso8859-1", "ascii"})

_BINARY_SIGNATURES = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (e.g. .docx)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Word/Office document",
}
# Compressed files (a saved page.html.gz, a dump.txt.xz): what they hold may well be
# text kabar reads, so the advice is to decompress them, not to export them again.
_COMPRESSED_SIGNATURES = {
    b"\x1f\x8b": ("gzip", "gunzip"),
    b"\xfd7zXZ\x00": ("xz", "unxz"),
    b"\x28\xb5\x2f\xfd": ("zstd", "unzstd"),
}


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
    declared = declared_charset(data[:_META_SNIFF])
    notices: tuple[str, ...] = ()
    if declared is not None and declared != "utf-8":
        # Valid UTF-8 with non-ASCII characters in it is UTF-8 whatever the page says (a
        # template declaring Latin-1 around UTF-8 text is common; the reverse is rare).
        if not data.isascii() and _is_utf8(data):
            notices = (f"{name} declares {declared} but is UTF-8; read it as UTF-8.",)
        else:
            try:
                return data.decode(declared), declared, ()
            except UnicodeDecodeError:
                notices = (f"{name} declares {declared} but is not {declared}.",)
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8-sig"), "utf-8", notices
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _undecodable(name) from None
    return text, "cp1252", (*notices, _cp1252_notice(name))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def declared_charset(head: bytes) -> str | None:
    """The Python codec a page's ``<meta charset>`` (or ``http-equiv`` content type) in
    ``head`` declares; None when it declares none, or one Python does not know."""
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    if codec in _LABELS_AS_CP1252:
        return "cp1252"
    if codec == "utf-8" or codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec


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


def file_chunks(path: Path, *, name: str) -> Iterator[bytes]:
    """The bytes of ``path`` in 64 KiB chunks; InputError (naming ``name``) if unreadable."""
    return _chunks(path, name)


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


ARTICLE_FORMATS = (
    "kabar reads plain text (UTF-8 or Windows-1252), HTML and .docx. Export the article as "
    "plain text (in most editors: Save as, Plain Text .txt) or as .docx, and try again."
)


def refuse_binary(head: bytes, *, name: str, expected: str = ARTICLE_FORMATS) -> None:
    """Raise InputError when ``head`` (a file's first bytes) is a known binary format or
    contains NUL bytes; ``expected`` ends the message: what to give instead."""
    _refuse_binary_signature(head, name, expected)
    _refuse_nul_bytes(head[:_SNIFF_BYTES], name, expected)


def _refuse_binary_signature(data: bytes, name: str, expected: str = ARTICLE_FORMATS) -> None:
    for signature, (method, tool) in _COMPRESSED_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(
                f"{name} is {method}-compressed: decompress it first (`{tool} -k {name}`) "
                "and give kabar the file it holds."
            )
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"{name} is {kind}, not text: {expected}")


def _refuse_nul_bytes(head: bytes, name: str, expected: str = ARTICLE_FORMATS) -> None:
    """NUL bytes: UTF-16 without its byte-order mark, a stray NUL in text, or binary data,
    each said as what it is (the same rule for every surface)."""
    first = head.find(b"\x00")
    if first < 0:
        return
    if _utf16_without_bom(head):
        raise InputError(
            f"{name} looks like UTF-16 text without a byte-order mark. Save it as UTF-8, "
            f"e.g. `iconv -f UTF-16LE -t UTF-8 {name} > article.txt` (UTF-16BE if it is "
            "big-endian)."
        )
    nuls = head.count(b"\x00")
    if nuls * 100 <= len(head) and _decodes_without_nul(head):
        raise InputError(
            f"{name} is text with a stray NUL byte at offset {first:,} ({nuls} in all). "
            f"Remove them, e.g. `tr -d '\\000' < {name} > article.txt`, and try again."
        )
    raise InputError(f"{name} looks binary (it contains NUL bytes), not text: {expected}")


def _utf16_without_bom(head: bytes) -> bool:
    """Mostly ASCII text with a NUL in every other byte (little- or big-endian)."""
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 8:
        return False
    for nul_at in (1, 0):
        nul_side, text_side = sample[nul_at::2], sample[1 - nul_at :: 2]
        if nul_side.count(0) >= 0.9 * len(nul_side) and all(
            32 <= b < 127 or b in (9, 10, 13) for b in text_side if b
        ):
            return True
    return False


def _decodes_without_nul(head: bytes) -> bool:
    text = head.replace(b"\x00", b"")
    for cut in range(4):  # the head may end inside a character
        with contextlib.suppress(UnicodeDecodeError):
            text[: len(text) - cut].decode("utf-8")
            return True
    return False


def _undecodable(name: str) -> InputError:
    return InputError(
        f"{name} is neither UTF-8 nor Windows-1252 text. Convert it to UTF-8, e.g. "
        f"`iconv -f YOUR-ENCODING -t UTF-8 {name} > article.txt`."
    )


def _cp1252_notice(name: str) -> str:
    return f"{name} is not UTF-8; read it as Windows-1252 (cp1252)."


def read_file_bytes(path: Path, *, name: str, limit: int | None = None) -> bytes:
    """The bytes of the file ``path`` (at most ``limit``). Raises InputError, saying what
    to do, for a folder, a missing file or one that cannot be read."""
    if path.is_dir():
        raise InputError(f"{name} is a folder; give one article file (or - for stdin).")
    try:
        with path.open("rb") as handle:
            return handle.read(-1 if limit is None else limit)
    except FileNotFoundError:
        raise InputError(f"{name} does not exist.") from None
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}.") from None


class StreamDecoder:
    """``detect_file_encoding``'s rules applied while the bytes stream past once (the
    folder job hashes, checks and counts an input in one read).

    ``text(chunks)`` yields the text under the first candidate codec (UTF-8, or UTF-16
    after its BOM) for as long as that codec holds; ``result()`` then names the codec that
    decodes the whole stream (InputError when none does). ``whole`` says whether the
    yielded text was the whole text under it (False when UTF-8 failed and Windows-1252
    took over); ``blank`` whether that text is only whitespace.
    """

    def __init__(self, *, name: str) -> None:
        self.name = name
        self.whole = True
        self._candidates: list[tuple[FileEncoding, Any, list[bool]]] = []
        self._utf16_head: bytes | None = None

    def text(self, chunks: Iterable[bytes]) -> Iterator[str]:
        first = True
        for chunk in chunks:
            if first:
                first = False
                self._start(chunk[:_SNIFF_BYTES])
            yield from self._feed(chunk, final=False)
        if first:
            self._start(b"")
        yield from self._feed(b"", final=True)

    def _start(self, head: bytes) -> None:
        _refuse_binary_signature(head, self.name)
        if head.startswith(_UTF16_BOMS):
            self._utf16_head = head
            encodings = [FileEncoding("utf-16", "utf-16")]
        else:
            _refuse_nul_bytes(head, self.name)
            encodings = [
                FileEncoding("utf-8", "utf-8-sig"),
                FileEncoding("cp1252", "cp1252", (_cp1252_notice(self.name),)),
            ]
        self._candidates = [
            (encoding, codecs.getincrementaldecoder(encoding.codec)(errors="strict"), [True])
            for encoding in encodings
        ]

    def _feed(self, chunk: bytes, *, final: bool) -> Iterator[str]:
        alive = []
        for index, candidate in enumerate(self._candidates):
            _, decoder, blank = candidate
            try:
                text = decoder.decode(chunk, final=final)
            except UnicodeDecodeError:
                if index == 0:
                    self.whole = False
                continue
            if blank[0] and not is_blank(text):
                blank[0] = False
            alive.append(candidate)
            if index == 0 and self.whole and text:
                yield text
        self._candidates = alive

    def result(self) -> FileEncoding:
        """The codec that decoded everything; InputError when none did."""
        if not self._candidates:
            if self._utf16_head is not None:
                _refuse_nul_bytes(self._utf16_head, self.name)
            raise _undecodable(self.name)
        return self._candidates[0][0]

    @property
    def blank(self) -> bool:
        return bool(self._candidates) and self._candidates[0][2][0]
