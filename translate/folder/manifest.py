"""The folder job's memory: which inputs are finished, by content hash and settings.

``OUT_DIR/.kabar-manifest.jsonl`` gets one JSON line per finished input, appended and
fsynced once that input's outputs are durably in place. A rerun skips an input whose
content hash, settings and outputs all match its last line, and translates the rest; a
run killed at any point loses at most the inputs it had not recorded yet. The file is
also the run's lock: one run at a time per output folder.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kabar.core.errors import InputError, KabarError

MANIFEST_NAME = ".kabar-manifest.jsonl"


class FolderBusyError(KabarError):
    """Another run is writing into the same output folder."""


@dataclass(frozen=True)
class ManifestEntry:
    """One finished input: paths are relative (input to IN_DIR, outputs to OUT_DIR).

    settings: what made the outputs (a rerun with other settings redoes the input).
    features: extras the outputs carry (JSON, brief ...): a rerun asking for fewer still
        skips the input, one asking for more redoes it.
    """

    input: str
    sha256: str
    settings: Mapping[str, Any]
    outputs: tuple[str, ...]
    features: Mapping[str, Any] = field(default_factory=dict)
    sentences: int = 0
    mean_confidence: float | None = None
    flagged_sentences: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "sha256": self.sha256,
            "settings": dict(self.settings),
            "outputs": list(self.outputs),
            "features": dict(self.features),
            "sentences": self.sentences,
            "mean_confidence": self.mean_confidence,
            "flagged_sentences": self.flagged_sentences,
            **self.extra,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ManifestEntry:
        known = {"input", "sha256", "settings", "outputs", "features", "sentences"}
        known |= {"mean_confidence", "flagged_sentences"}
        return cls(
            input=str(data["input"]),
            sha256=str(data["sha256"]),
            settings=dict(data["settings"]),
            outputs=tuple(str(o) for o in data["outputs"]),
            features=dict(data.get("features", {})),
            sentences=int(data.get("sentences", 0)),
            mean_confidence=data.get("mean_confidence"),
            flagged_sentences=int(data.get("flagged_sentences", 0)),
            extra={k: v for k, v in data.items() if k not in known},
        )


class Manifest:
    """The manifest of one output folder, open and locked for the length of a run."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / MANIFEST_NAME
        self._handle: IO[str] = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._handle.close()
            raise FolderBusyError(
                f"another kabar run is writing into {out_dir}; wait for it to finish or "
                "choose another output folder."
            ) from None
        self.entries = self._load()

    def _load(self) -> dict[str, ManifestEntry]:
        self._handle.seek(0)
        content = self._handle.read()
        entries: dict[str, ManifestEntry] = {}
        for line in content.splitlines():
            try:
                entry = ManifestEntry.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a line torn by a crash (or edited by hand): that input is redone
            entries[entry.input] = entry
        if content and not content.endswith("\n"):
            self._handle.write("\n")  # so the next record starts on a line of its own
        return entries

    def finished(
        self,
        rel: str,
        sha256: str,
        settings: Mapping[str, Any],
        outputs: Iterable[str],
        features: Mapping[str, Any] | None = None,
    ) -> ManifestEntry | None:
        """The entry saying ``rel`` is done with this content and these settings, with
        these features, and every output it needs still there; None when it must be
        translated."""
        entry = self.entries.get(rel)
        if entry is None or entry.sha256 != sha256 or dict(entry.settings) != dict(settings):
            return None
        if any(entry.features.get(k) != v for k, v in (features or {}).items()):
            return None
        needed = list(outputs)
        if not set(needed) <= set(entry.outputs):
            return None
        if not all((self.out_dir / output).is_file() for output in needed):
            return None
        return entry

    def record(self, entries: Iterable[ManifestEntry]) -> None:
        """Append ``entries`` durably (one write each, then one fsync). Call it only once
        their outputs are durably in place."""
        for entry in entries:
            self._handle.write(json.dumps(entry.to_dict(), ensure_ascii=False) + "\n")
            self.entries[entry.input] = entry
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        """Release the lock."""
        self._handle.close()


def hash_file(path: Path, *, name: str) -> str:
    """SHA-256 of the file's bytes (read in chunks); InputError when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        raise InputError(f"cannot read {name}: it does not exist (or is a broken link).") from None
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}.") from None
