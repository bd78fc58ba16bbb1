"""How far the folder job got in a file it had not finished, so a rerun continues it.

After each round, every resumable document that is part-way through gets a sidecar next
to its English output, ``.<English name>.kabar-checkpoint``: the input's hash, the
settings, features and document options that made the outputs, the units done, the byte
length of each output's temporary file (written under a stable name and fsynced first)
and the document's running state. A rerun with the same input and settings cuts the
temporary files back to those lengths and translates from the next unit; anything that
does not match starts the file from zero. The sidecar goes once the file is recorded in
the manifest.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kabar.core.atomic import atomic_write, stable_temp

CHECKPOINT_SUFFIX = ".kabar-checkpoint"
VERSION = 1


def checkpoint_path(out_dir: Path, english: PurePosixPath) -> Path:
    """The sidecar of the document whose English output is ``english``."""
    return out_dir / english.parent / f".{english.name}{CHECKPOINT_SUFFIX}"


@dataclass(frozen=True, kw_only=True)
class Checkpoint:
    """One unfinished document. ``lengths``: output (relative to OUT_DIR) -> bytes of its
    temporary file that belong to the ``units`` done."""

    input: str
    sha256: str
    settings: Mapping[str, Any]
    features: Mapping[str, Any]
    documents: Mapping[str, Any]
    outputs: tuple[str, ...]
    units: int
    lengths: Mapping[str, int]
    state: Mapping[str, Any]
    version: int = VERSION

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["outputs"] = list(self.outputs)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Checkpoint:
        return cls(
            input=str(data["input"]),
            sha256=str(data["sha256"]),
            settings=dict(data["settings"]),
            features=dict(data["features"]),
            documents=dict(data["documents"]),
            outputs=tuple(str(o) for o in data["outputs"]),
            units=int(data["units"]),
            lengths={str(k): int(v) for k, v in dict(data["lengths"]).items()},
            state=dict(data["state"]),
            version=int(data["version"]),
        )

    def temp_files(self, out_dir: Path) -> list[Path]:
        return [stable_temp(out_dir / name) for name in self.lengths]

    def usable(self, out_dir: Path) -> bool:
        """Every temporary file is there, at least as long as recorded."""
        try:
            return self.version == VERSION and all(
                stable_temp(out_dir / name).stat().st_size >= length
                for name, length in self.lengths.items()
            )
        except OSError:
            return False

    def write(self, path: Path) -> None:
        """Atomically (its folder is fsynced by the caller, with the round's others)."""
        with atomic_write(path, sync_folder=False) as handle:
            handle.write(json.dumps(self.to_dict(), ensure_ascii=False))


def find_checkpoints(out_dir: Path) -> Iterator[tuple[Path, Checkpoint | None]]:
    """Every sidecar under ``out_dir``, read (None: unreadable, e.g. edited by hand)."""
    for folder, _, files in os.walk(out_dir):
        for name in files:
            if name.startswith(".") and name.endswith(CHECKPOINT_SUFFIX):
                path = Path(folder, name)
                try:
                    yield path, Checkpoint.from_dict(json.loads(path.read_text("utf-8")))
                except (OSError, ValueError, KeyError, TypeError, AttributeError):
                    yield path, None


def discard(path: Path, checkpoint: Checkpoint | None, out_dir: Path) -> None:
    """Remove a sidecar and the temporary files it would have continued."""
    for temp in checkpoint.temp_files(out_dir) if checkpoint is not None else ():
        temp.unlink(missing_ok=True)
    path.unlink(missing_ok=True)
