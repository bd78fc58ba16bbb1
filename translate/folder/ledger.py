"""The folder job's ledger: one object owning what a run keeps in OUT_DIR beside the
outputs' own bytes — the manifest and its lock (``manifest.py``), the checkpoints of
unfinished files (``checkpoint.py``), leftover temporary files, the fsyncs that make a
round durable, and the run report.

Order on disk at the end of each round (``record``): the committed outputs' renames and
the new checkpoints are made durable by fsyncing their folders, then the finished inputs
are appended to the manifest (one fsync), then their spent checkpoints are removed. A run
killed at any point loses at most what it had not recorded yet, and a rerun never skips
an input whose outputs are not durably in place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from kabar.core.atomic import atomic_write, fsync_folder, remove_temp_files
from kabar.core.errors import KabarError, OptionsError
from kabar.translate.documents.registry import every_output_name
from kabar.translate.folder.checkpoint import Checkpoint, checkpoint_path, discard, find_checkpoints
from kabar.translate.folder.manifest import Manifest, ManifestEntry
from kabar.translate.folder.report import REPORT_NAME, FolderReport

KEPT = (
    "The translations written so far are kept (a rerun skips them); free some space or "
    "fix the folder, then run the same command again."
)


class Ledger:
    """The on-disk state of one run into ``out_dir``: open (and locked) until ``close``.

    force: the run redoes every input, so no checkpoint is continued (and their
    temporary files are removed with the other leftovers).
    """

    def __init__(self, out_dir: Path, *, force: bool) -> None:
        """OptionsError when OUT_DIR cannot be created or written, FolderBusyError when
        another run holds it."""
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            self.manifest = Manifest(out_dir)
        except OSError as error:
            raise OptionsError(
                f"cannot create or write the output folder {out_dir}: "
                f"{error.strerror or error}. Choose a writable OUT_DIR."
            ) from None
        self.out_dir = out_dir
        self.force = force
        self.removed_temp_files = 0
        self._checkpoints: dict[Path, Checkpoint | None] = {}
        self._unrecorded: list[ManifestEntry] = []
        self._folders: set[Path] = set()  # to fsync at the next ``record``
        self._spent: list[Path] = []  # checkpoints of inputs committed since

    def close(self) -> None:
        """Release the manifest's lock."""
        self.manifest.close()

    def prepare(self) -> None:
        """Before any work: refuse a report target that is not a file (OptionsError), read
        the checkpoints, and remove leftover temporary files but those a checkpoint may
        continue."""
        target = self.out_dir / REPORT_NAME
        if target.exists() and not target.is_file():
            raise OptionsError(
                f"cannot write the run report {target}: it exists and is not a file. "
                "Move it away or choose another OUT_DIR."
            )
        self._checkpoints = dict(find_checkpoints(self.out_dir))
        keep = {
            temp
            for checkpoint in self._checkpoints.values()
            if checkpoint is not None and not self.force
            for temp in checkpoint.temp_files(self.out_dir)
        }
        self.removed_temp_files = len(remove_temp_files(self.out_dir, keep=keep))

    def finished(
        self,
        rel: str,
        sha256: str,
        settings: Mapping[str, Any],
        outputs: Iterable[str],
        features: Mapping[str, Any],
    ) -> ManifestEntry | None:
        """The manifest's entry when ``rel`` is done already (``Manifest.finished``);
        None when it must be translated, always None with ``force``."""
        if self.force:
            return None
        return self.manifest.finished(rel, sha256, settings, outputs, features)

    # --- checkpoints ----------------------------------------------------------------

    def resume_point(
        self, english: PurePosixPath, identity: Mapping[str, Any] | None
    ) -> Checkpoint | None:
        """The checkpoint of the document writing ``english``, when it matches
        ``identity`` (``checkpoint_identity``) and its temporary files are intact; any
        other is discarded. identity None: the document cannot be continued."""
        path = checkpoint_path(self.out_dir, english)
        if path not in self._checkpoints:
            return None
        checkpoint = self._checkpoints.pop(path)
        if (
            checkpoint is None
            or identity is None
            or self.force
            or replace(checkpoint, **identity) != checkpoint  # differs in what it must match
            or not checkpoint.usable(self.out_dir)
        ):
            discard(path, checkpoint, self.out_dir)
            return None
        return checkpoint

    def discard(self, english: PurePosixPath, checkpoint: Checkpoint) -> None:
        """Drop a checkpoint the document could not be restored from."""
        discard(checkpoint_path(self.out_dir, english), checkpoint, self.out_dir)

    def discard_unclaimed(self) -> None:
        """Drop the checkpoints no input of this run continues (the input is gone, done,
        or failed its scan)."""
        for path, checkpoint in self._checkpoints.items():
            discard(path, checkpoint, self.out_dir)
        self._checkpoints.clear()

    def save_checkpoint(self, english: PurePosixPath, checkpoint: Checkpoint) -> None:
        """Write it (durable at the next ``record``); OSError when it cannot be written."""
        path = checkpoint_path(self.out_dir, english)
        checkpoint.write(path)
        self._folders.add(path.parent)

    def drop_checkpoint(self, english: PurePosixPath) -> None:
        """The document failed: nothing of it is to be continued."""
        checkpoint_path(self.out_dir, english).unlink(missing_ok=True)

    # --- committing -----------------------------------------------------------------

    def commit(
        self, entry: ManifestEntry, outputs: tuple[PurePosixPath, ...]
    ) -> tuple[tuple[str, ...], list[str]]:
        """An input's ``outputs`` (English first) are renamed into place: make that
        durable and record ``entry`` at the next ``record``, and remove what an earlier
        run wrote for it that this run did not. Returns (the outputs removed, notices for
        those that could not be)."""
        self._spent.append(checkpoint_path(self.out_dir, outputs[0]))
        self._folders.update(self.out_dir / o.parent for o in outputs)
        removed = self._remove_outdated(PurePosixPath(entry.input), outputs)
        self._unrecorded.append(entry)
        return removed

    def _remove_outdated(
        self, rel: PurePosixPath, outputs: tuple[PurePosixPath, ...]
    ) -> tuple[tuple[str, ...], list[str]]:
        """Remove what an earlier run wrote for ``rel`` and this run did not write again
        (its new outputs are in place now; the manifest is updated after this, so a crash
        in between leaves the old entry, and the rerun that redoes the input removes them).

        Only outputs the manifest recorded for this input, and only names kabar gives this
        input, are candidates: never another file in OUT_DIR, even from an edited manifest.
        """
        earlier = self.manifest.entries.get(str(rel))
        if earlier is None:
            return (), []
        ours = every_output_name(rel)
        candidates = {str(o) for o in ours} - {str(o) for o in outputs}
        removed, notices = [], []
        for name in (o for o in earlier.outputs if o in candidates):
            path = self.out_dir / name
            if path.is_symlink() or not path.is_file():
                continue  # gone already (not an error), or not the file kabar wrote
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                notices.append(f"could not remove the outdated {name}: {error.strerror or error}")
                continue
            removed.append(name)
            self._folders.add(path.parent)  # durable before the manifest forgets it
        return tuple(removed), notices

    def record(self) -> None:
        """Make the renames and checkpoints since the last call durable, then record the
        committed inputs in the manifest: one fsync per folder and one for the manifest
        per round, rather than per file. OSError when OUT_DIR broke."""
        for folder in self._folders:
            fsync_folder(folder)
        self._folders.clear()
        if self._unrecorded:
            self.manifest.record(self._unrecorded)
            self._unrecorded.clear()
        for path in self._spent:  # recorded as done: nothing to continue
            path.unlink(missing_ok=True)
        self._spent.clear()

    def write_report(self, report: FolderReport) -> None:
        """``OUT_DIR/kabar-report.json``, atomically; KabarError when it cannot be."""
        target = self.out_dir / REPORT_NAME
        try:
            with atomic_write(target) as handle:
                handle.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        except OSError as error:
            raise KabarError(
                f"cannot write the run report {target}: {error.strerror or error}. {KEPT}"
            ) from None


def checkpoint_identity(
    *,
    rel: PurePosixPath,
    sha256: str,
    settings: Mapping[str, Any],
    features: Mapping[str, Any],
    documents: Mapping[str, Any],
    outputs: tuple[PurePosixPath, ...],
) -> dict[str, Any]:
    """What a checkpoint must match to be continued: the input, its content, the
    settings, the extras, how the document is cut into units and its outputs."""
    # As a checkpoint read back from JSON has them (lists, not tuples).
    identity: dict[str, Any] = json.loads(
        json.dumps(
            {
                "input": str(rel),
                "sha256": sha256,
                "settings": settings,
                "features": features,
                "documents": documents,
            }
        )
    )
    return identity | {"outputs": tuple(map(str, outputs))}
