"""Reading user input safely: files or stdin, any encoding we can trust, nothing silent."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError

DEFAULT_MAX_CHARS = 200_000  # ~30 long news articles; larger inputs belong in a batch job

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
    data = _read_bytes(source)
    text, encoding, notices = decode_text(data, name=name)
    if not text.strip():
        raise InputError(f"{name} is empty: there is nothing to translate.")
    if len(text) > max_chars:
        raise InputError(
            f"{name} has {len(text):,} characters, over the limit of {max_chars:,}. "
            "Split it into smaller files, or raise the limit with --max-chars."
        )
    return TextInput(text=text, name=name, encoding=encoding, notices=notices)


def decode_text(data: bytes, *, name: str) -> tuple[str, str, tuple[str, ...]]:
    """Decode ``data``: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252
    with a notice. Raises InputError for binary data or undecodable bytes."""
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"{name} is {kind}, not text. Save the article as plain text (.txt).")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", ()
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise InputError(f"{name} looks binary (it contains NUL bytes), not text. Save it as .txt.")
    try:
        return data.decode("utf-8-sig"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            f"{name} is neither UTF-8 nor Windows-1252 text. Convert it to UTF-8, e.g. "
            f"`iconv -f YOUR-ENCODING -t UTF-8 {name} > article.txt`."
        ) from None
    return text, "cp1252", (f"{name} is not UTF-8; read it as Windows-1252 (cp1252).",)


def _read_bytes(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{source} is a folder; give one article file (or - for stdin).")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{source} does not exist.") from None
    except OSError as error:
        raise InputError(f"cannot read {source}: {error.strerror or error}.") from None
