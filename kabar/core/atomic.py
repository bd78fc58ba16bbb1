"""Atomic file writes: a temporary file in the target's folder, fsync, then ``os.replace``.

A reader (or a rerun after a crash) sees either the old file or the complete new one,
never a half-written one: ``os.replace`` within one folder is atomic on POSIX, and the
fsyncs make the new content and the rename durable before the write is called done.
A crash can leave temporary files behind; they carry ``TEMP_SUFFIX`` so that the next run
can find and remove them (``remove_temp_files``), or, written under a stable name
(``stable_temp``), continue them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Container, Iterator
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

    def __init__(
        self,
        target: Path,
        *,
        binary: bool = False,
        sync_folder: bool = True,
        stable: bool = False,
        resume_at: int | None = None,
    ) -> None:
        """``stable``: the temporary file is ``stable_temp(target)`` (one writer per target
        at a time: the caller's lock), so a later run can find and continue it;
        ``resume_at``: continue that file, cut back to this many bytes (ValueError when it
        is shorter)."""
        self.target = target
        self.sync_folder = sync_folder
        target.parent.mkdir(parents=True, exist_ok=True)
        if resume_at is not None:
            self.temp = stable_temp(target)
            fd = os.open(self.temp, os.O_WRONLY)
            if os.fstat(fd).st_size < resume_at:
                os.close(fd)
                raise ValueError(f"{self.temp} is shorter than {resume_at} bytes")
            os.ftruncate(fd, resume_at)
            os.lseek(fd, 0, os.SEEK_END)
        elif stable:
            self.temp = stable_temp(target)
            fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        else:
            fd, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX
            )
            self.temp = Path(name)
            # mkstemp creates the file 0600; outputs get the permissions any new file would.
            os.fchmod(fd, 0o666 & ~_umask())
        self.handle: IO[Any] = (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        )

    def sync(self) -> int:
        """Make what was written so far durable; returns its length in bytes."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        return os.fstat(self.handle.fileno()).st_size

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


def stable_temp(target: Path) -> Path:
    """The temporary file of ``target`` written with ``AtomicFile(stable=True)``."""
    return target.with_name(f".{target.name}.part{TEMP_SUFFIX}")


def remove_temp_files(root: Path, *, keep: Container[Path] = ()) -> list[Path]:
    """Delete the temporary files an interrupted run left under ``root`` (symlinks to
    folders are not followed), except those in ``keep`` (to be continued); returns what
    was removed."""
    removed = []
    for folder, _, files in os.walk(root):
        for name in files:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                path = Path(folder, name)
                if path in keep:
                    continue
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
