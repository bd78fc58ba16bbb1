"""Atomic file writes: a temporary file in the target's folder, fsync, then ``os.replace``.

A reader (or a rerun after a crash) sees either the old file or the complete new one,
never a half-written one: ``os.replace`` within one folder is atomic on POSIX, and the
fsyncs make the new content and the rename durable before the write is called done.
A crash can leave temporary files behind; they carry ``TEMP_SUFFIX`` so that the next run
can find and remove them (``remove_temp_files``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

TEMP_SUFFIX = ".kabar-tmp"


class AtomicFile:
    """A file being written under a temporary name; ``commit()`` puts it in place.

    ``handle`` is a text handle (UTF-8, ``\\n`` newlines) or, with ``binary=True``, a
    binary one. ``abort()`` (or a crash) leaves ``target`` as it was. With
    ``sync_folder=False`` the caller makes the rename durable (``fsync_folder``), e.g.
    once for many files.
    """

    def __init__(self, target: Path, *, binary: bool = False, sync_folder: bool = True) -> None:
        self.target = target
        self.sync_folder = sync_folder
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX
        )
        self.temp = Path(name)
        # mkstemp creates the file 0600; outputs get the permissions any new file would.
        os.fchmod(fd, 0o666 & ~_umask())
        self.handle: IO[Any] = (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        )

    def commit(self) -> Path:
        """Flush, fsync, rename over ``target``, fsync the folder; returns ``target``."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.temp, self.target)
        if self.sync_folder:
            fsync_folder(self.target.parent)
        return self.target

    def abort(self) -> None:
        """Drop the temporary file; ``target`` is untouched."""
        self.handle.close()
        self.temp.unlink(missing_ok=True)


@contextmanager
def atomic_write(
    target: Path, *, binary: bool = False, sync_folder: bool = True
) -> Iterator[IO[Any]]:
    """``with atomic_write(path) as f: f.write(...)``: committed on success, dropped on error."""
    file = AtomicFile(target, binary=binary, sync_folder=sync_folder)
    try:
        yield file.handle
    except BaseException:
        file.abort()
        raise
    try:
        file.commit()
    except BaseException:
        file.abort()  # e.g. the target is a folder: no temporary file left behind
        raise


def remove_temp_files(root: Path) -> list[Path]:
    """Delete the temporary files an interrupted run left under ``root`` (symlinks to
    folders are not followed); returns what was removed."""
    removed = []
    for folder, _, files in os.walk(root):
        for name in files:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                path = Path(folder, name)
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def fsync_folder(folder: Path) -> None:
    """Make the renames and new files in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """``with atomic_path(path) as temporary: render_to(temporary)``: for writers that take
    a path (a plot library); the result is fsynced and moved into place on success, and
    dropped on error."""
    file = AtomicFile(target, binary=True)
    file.handle.close()
    try:
        yield file.temp
        fd = os.open(file.temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(file.temp, target)
        fsync_folder(target.parent)
    finally:
        file.temp.unlink(missing_ok=True)
