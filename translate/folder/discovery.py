"""Finding the folder job's inputs: IN_DIR recursively, symlinks followed but loops and
the output folder never entered, every other file listed as skipped.

A newsroom's folder holds more than articles: Word's lock file ``~$artikel.docx`` while a
document is open, hidden files and folders (``.git/``, ``.DS_Store``), editor backups
(``artikel.txt~``, Emacs's ``.#artikel.txt``). They are skipped with their reason (so
counted in the summary and listed in the report) unless ``include_hidden``."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kabar.translate.documents.base import input_kind
from kabar.translate.folder.manifest import MANIFEST_NAME
from kabar.translate.folder.report import FAILED, SKIPPED, FileOutcome


@dataclass(frozen=True)
class Found:
    """An input file: where it is, its path relative to IN_DIR, its kind."""

    path: Path
    rel: PurePosixPath
    kind: str


@dataclass(frozen=True)
class Discovery:
    inputs: tuple[Found, ...]
    others: tuple[FileOutcome, ...]  # skipped or failed without being read


def discover(
    in_dir: Path, *, exclude: Path | None = None, include_hidden: bool = False
) -> Discovery:
    """Every file under ``in_dir`` (sorted, symlinks followed). A folder reached again
    through a symlink (a loop, or a second way in), the folder ``exclude`` and the output
    folders of earlier runs (they hold a manifest) are not entered; files that are not
    inputs are skipped, and so are lock files, hidden files and folders and editor
    backups unless ``include_hidden``; special files (FIFOs, sockets, devices) and broken
    links fail without being opened."""
    inputs: list[Found] = []
    others: list[FileOutcome] = []
    excluded = _identity(exclude) if exclude is not None else None
    root = _identity(in_dir)
    seen: dict[tuple[int, int], PurePosixPath] = {}
    # Depth first in name order, without recursion (any depth); PurePosixPath() / "a" is "a".
    stack: list[tuple[Path, PurePosixPath, tuple[int, int], frozenset[tuple[int, int]]]] = [
        (in_dir, PurePosixPath(), root, frozenset({root}))
    ]
    while stack:
        folder, rel, key, ancestors = stack.pop()
        if key in seen:
            reason = f"already read: same folder as {seen[key]}/"
            others.append(FileOutcome(f"{rel}/", SKIPPED, reason))
            continue
        seen[key] = rel
        if rel.parts and (folder / MANIFEST_NAME).is_file():
            # The output folder of an earlier run (e.g. into IN_DIR/out, then elsewhere).
            others.append(FileOutcome(f"{rel}/", SKIPPED, "a kabar output folder: not read"))
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            others.append(FileOutcome(f"{rel}/", FAILED, f"cannot list: {error.strerror}"))
            continue
        subfolders = []
        for entry in entries:
            path, child = Path(entry.path), rel / entry.name
            unwanted = None if include_hidden else _not_an_article(entry.name)
            if unwanted is not None:
                folder_mark = "/" if _is_dir(entry) else ""
                others.append(FileOutcome(f"{child}{folder_mark}", SKIPPED, unwanted))
                continue
            if _is_dir(entry):
                try:
                    key = _identity(path)
                except OSError as error:
                    others.append(FileOutcome(f"{child}/", FAILED, f"cannot read: {error}"))
                    continue
                if key == excluded:
                    others.append(FileOutcome(f"{child}/", SKIPPED, "the output folder: not read"))
                elif key in ancestors:
                    others.append(FileOutcome(f"{child}/", SKIPPED, "symlink loop: not entered"))
                else:
                    subfolders.append((path, child, key, ancestors | {key}))
                continue
            kind = input_kind(entry.name)
            if entry.name == MANIFEST_NAME:
                others.append(FileOutcome(str(child), SKIPPED, "kabar's manifest: not read"))
            elif kind is None:
                suffix = PurePosixPath(entry.name).suffix.lower() or "no extension"
                others.append(FileOutcome(str(child), SKIPPED, f"not an input kind: {suffix}"))
            elif (problem := _not_a_file(path)) is not None:
                others.append(FileOutcome(str(child), FAILED, problem, kind=kind))
            else:
                inputs.append(Found(path, child, kind))
        stack.extend(reversed(subfolders))
    inputs.sort(key=lambda found: found.rel.parts)
    return Discovery(tuple(inputs), tuple(others))


def _not_an_article(name: str) -> str | None:
    """Why a file or folder named ``name`` is not read by default, or None."""
    if name.startswith("~$"):
        return "an Office lock file: not read"
    if name.startswith(".#") or name.endswith("~"):
        return "an editor's backup or lock file: not read (--include-hidden reads it)"
    if name.startswith("."):
        return "hidden: not read (--include-hidden reads it)"
    return None


def _identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file without opening it, or None."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return "cannot read: a broken symlink (its target does not exist)"
    except OSError as error:
        return f"cannot read: {error.strerror}"
    if not stat.S_ISREG(status.st_mode):
        return "not a regular file (a FIFO, socket or device): not opened"
    return None
