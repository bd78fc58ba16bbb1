"""The guard for every ZIP-based input (a .docx is a ZIP package): checked from the
archive's directory before any part is inflated, so a "zip bomb" costs nothing.

python-docx inflates every part into memory, and ``zipfile`` stops inflating an entry at
its declared size, so bounding the declared sizes bounds the memory a document can take.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kabar.core.errors import InputError


@dataclass(frozen=True, kw_only=True)
class ArchiveLimits:
    """max_entries: files in the archive (a Word document has tens, hundreds with images).
    max_unpacked_bytes: their total inflated size.
    max_ratio: inflated / compressed size of one entry of at least ``ratio_from_bytes``
    (XML compresses about 5-20x; a bomb's run of zeros about 1000x)."""

    max_entries: int = 10_000
    max_unpacked_bytes: int = 100 * 1024 * 1024
    max_ratio: float = 200.0
    ratio_from_bytes: int = 1024 * 1024


DEFAULT_LIMITS = ArchiveLimits()


def check_archive(
    path: Path | BinaryIO,
    *,
    name: str,
    kind: str = "Word document",
    required: tuple[str, ...] = (),
    limits: ArchiveLimits | None = None,
) -> None:
    """Raise InputError, saying what to do, when ``path`` (a file or its open bytes) is
    not a ZIP archive, lacks a
    ``required`` entry, or would inflate past ``limits`` (default ``DEFAULT_LIMITS``)."""
    limits = limits or DEFAULT_LIMITS
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise _not_an_archive(path, name, kind) from None
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}.") from None
    if len(entries) > limits.max_entries:
        raise _refused(name, f"holds {len(entries):,} files (over {limits.max_entries:,})")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_unpacked_bytes:
        raise _refused(name, f"unpacks to more than {_size(limits.max_unpacked_bytes)}")
    for entry in entries:
        if entry.file_size < limits.ratio_from_bytes:
            continue
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > limits.max_ratio:
            raise _refused(
                name,
                f"has a part ({entry.filename}) compressed {ratio:,.0f} to 1 "
                f"(over {limits.max_ratio:,.0f}), the mark of a zip bomb",
            )
    names = {entry.filename for entry in entries}
    for part in required:
        if part not in names:
            raise InputError(f"{name} is a ZIP file but not a {kind} (no {part}).")


def _not_an_archive(path: Path | BinaryIO, name: str, kind: str) -> InputError:
    try:
        if isinstance(path, Path):
            with path.open("rb") as handle:
                head = handle.read(4)
        else:
            path.seek(0)
            head = path.read(4)
    except OSError:
        head = b""
    damaged = head == b"PK\x03\x04"
    if damaged:  # a ZIP's signature, then nonsense: a truncated or damaged package
        return InputError(
            f"{name} is not a readable {kind}: the ZIP package is damaged. "
            "Open and save it again in Word or LibreOffice, or save it as plain text (.txt)."
        )
    return InputError(
        f"{name} is not a {kind}: such a file is a ZIP package. If it is an old .doc or "
        "another format, save it as .docx or plain text (.txt)."
    )


def _refused(name: str, reason: str) -> InputError:
    return InputError(f"{name} {reason}; refused. Save the article as plain text (.txt) instead.")


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:g} MB" if count >= 1024 * 1024 else f"{count:,} bytes"
