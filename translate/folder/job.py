"""``kabar translate-dir``: translate a folder tree, resumably, with cross-file batching.

1. Find the inputs (``discover``): IN_DIR recursively, symlinks followed but loops and
   the output folder never entered, every other file listed as skipped.
2. Plan: hash each input; skip those the manifest says are done with this content and
   settings; read the rest once (sentence count for the progress bar, and bad files
   fail here, before the model is even loaded).
3. Translate: units (whole small files, paragraph groups of big ones, corpus records)
   of many files are sent to ``Translator.translate_articles`` together, about
   ``round_chars`` characters at a time, so small files fill batches as well as one long
   file does. Each file's outputs are written as its units come back and renamed into
   place when its last unit is done; at the end of each round their folders are fsynced
   and the finished files recorded in the manifest.
4. Report: ``OUT_DIR/kabar-report.json`` (also written when interrupted).
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

from core.atomic import atomic_write, fsync_folder, remove_temp_files
from core.errors import InputError, OptionsError
from core.splitter import segment
from translate.documents.base import (
    BriefMaker,
    Document,
    DocumentOptions,
    Unit,
    input_kind,
    open_document,
    output_names,
)
from translate.folder.manifest import MANIFEST_NAME, Manifest, ManifestEntry, hash_file
from translate.folder.report import (
    FAILED,
    REPORT_NAME,
    SKIPPED,
    TRANSLATED,
    FileOutcome,
    FolderReport,
)
from translate.results import EngineInfo

if TYPE_CHECKING:
    from translate.engine import Translator

UNCHANGED = "unchanged since the last run (--force redoes it)"


@dataclass(frozen=True, kw_only=True)
class FolderJobOptions:
    """How a folder is translated.

    documents: what is written per input (JSON too?, brief?, ``.jsonl`` fields, size).
    force: translate every input even if the manifest says it is done.
    settings: what produced the outputs (model, beam ...): recorded in the manifest; a
        rerun with other settings translates again.
    features: settings of the extras (e.g. the brief's length): a rerun asking for
        extras the last run did not make translates again.
    round_chars: characters of source sent to the engine at once. Larger rounds batch
        better; a crash loses at most the round in flight.
    max_round_units: a bound on units per round, whatever their size (empty records).
    """

    documents: DocumentOptions = field(default_factory=DocumentOptions)
    force: bool = False
    settings: Mapping[str, Any] = field(default_factory=dict)
    features: Mapping[str, Any] = field(default_factory=dict)
    round_chars: int = 150_000
    max_round_units: int = 2_000

    def __post_init__(self) -> None:
        if self.round_chars < 1 or self.max_round_units < 1:
            raise OptionsError("round_chars and max_round_units must be >= 1.")


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


def discover(in_dir: Path, *, exclude: Path | None = None) -> Discovery:
    """Every file under ``in_dir`` (sorted, symlinks followed). A folder reached again
    through a symlink (a loop, or a second way in), the folder ``exclude`` and the output
    folders of earlier runs (they hold a manifest) are not entered; files that are not
    inputs are skipped; special files (FIFOs, sockets, devices) and broken links fail
    without being opened."""
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


def translate_folder(
    in_dir: Path,
    out_dir: Path,
    *,
    options: FolderJobOptions,
    load_translator: Callable[[], Translator],
    load_brief_maker: Callable[[], BriefMaker] | None = None,
    progress: IO[str] | None = None,
) -> FolderReport:
    """Translate every input under ``in_dir`` into the mirrored tree under ``out_dir``.

    ``load_translator`` (and ``load_brief_maker``, when ``options.documents.brief``) is
    called once, and only if something needs translating.
    ``progress``: the stream to draw a progress bar over sentences on (None: no bar).
    Raises OptionsError for unusable folders, FolderBusyError when another run holds
    ``out_dir``; per-file problems are outcomes in the report, never exceptions.
    """
    began = time.perf_counter()
    in_dir, out_dir = _check_folders(in_dir, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(out_dir)
    job = _Job(in_dir, out_dir, options, manifest)
    try:
        job.removed = len(remove_temp_files(out_dir))
        found = discover(in_dir, exclude=out_dir)
        job.outcomes.extend(found.others)
        pending = job.plan(found.inputs, count_sentences=progress is not None)
        if pending:
            translator = load_translator()
            job.engine = translator.info
            if options.documents.brief:
                if load_brief_maker is None:
                    raise OptionsError("briefs were asked for, but no summarizer was given")
                job.brief_maker = load_brief_maker()
            job.translate(translator, pending, progress)
    except KeyboardInterrupt:
        job.interrupted = True
        job.write_report(time.perf_counter() - began)
        raise
    finally:
        manifest.close()
    return job.write_report(time.perf_counter() - began)


@dataclass
class _Pending:
    found: Found
    sha256: str
    outputs: tuple[PurePosixPath, ...]
    sentences: int


@dataclass(eq=False)  # identity: one per document, used as a dict key
class _Active:
    """A document being translated: units sent, results received, done reading?"""

    item: _Pending
    document: Document[Any]
    outstanding: int = 0
    read: bool = False
    failed: bool = False
    sentences_done: int = 0


class _Job:
    def __init__(
        self, in_dir: Path, out_dir: Path, options: FolderJobOptions, manifest: Manifest
    ) -> None:
        self.in_dir, self.out_dir = in_dir, out_dir
        self.options = options
        self.manifest = manifest
        self.outcomes: list[FileOutcome] = []
        self.engine: EngineInfo | None = None
        self.removed = 0
        self.interrupted = False
        self.translation_seconds = 0.0
        self._bar: Any = None
        self._bar_base = 0
        self._unrecorded: list[ManifestEntry] = []
        self.brief_maker: BriefMaker | None = None
        documents = options.documents
        self.features = {
            **({"json": True} if documents.json else {}),
            **({"brief": True, **options.features} if documents.brief else {}),
        }
        self._folders: set[Path] = set()

    # --- plan ---------------------------------------------------------------------

    def plan(self, inputs: tuple[Found, ...], *, count_sentences: bool) -> list[_Pending]:
        """Inputs still to translate; the others become outcomes (skipped: done already,
        failed: unreadable or unusable, found by reading each input once).
        ``count_sentences`` (for the progress bar's total) costs one pass of the splitter."""
        pending = []
        for found in inputs:
            outputs = output_names(found.rel, self.options.documents).names
            try:
                sha256 = hash_file(found.path, name=str(found.rel))
                done = None
                if not self.options.force:
                    done = self.manifest.finished(
                        str(found.rel),
                        sha256,
                        self._settings(found),
                        map(str, outputs),
                        self.features,
                    )
                if done is not None:
                    self._outcome(found, SKIPPED, UNCHANGED, outputs=done.outputs)
                    continue
                sentences = self._read_through(found, count_sentences)
            except InputError as error:
                self._outcome(found, FAILED, _reason(error, found))
                continue
            pending.append(_Pending(found, sha256, outputs, sentences))
        return pending

    def _read_through(self, found: Found, count_sentences: bool) -> int:
        """Read the whole input once (InputError if unusable); its sentence count, or 0."""
        units = self._open(found).units()
        if count_sentences:
            return sum(_sentence_count(unit.text) for unit in units)
        deque(units, maxlen=0)  # decode every unit: a bad byte anywhere fails the file now
        return 0

    def _settings(self, found: Found) -> dict[str, Any]:
        settings = dict(self.options.settings)
        if found.kind == "jsonl":
            settings["text_field"] = self.options.documents.text_field
            settings["id_field"] = self.options.documents.id_field
        return settings

    def _open(self, found: Found) -> Document[Any]:
        return open_document(
            found.path,
            name=str(found.rel),
            out_dir=self.out_dir,
            options=self.options.documents,
            brief=self.brief_maker,
        )

    # --- translate ----------------------------------------------------------------

    def translate(
        self, translator: Translator, pending: list[_Pending], progress: IO[str] | None
    ) -> None:
        began = time.perf_counter()
        self._bar = _progress_bar(sum(p.sentences for p in pending), progress)
        round_: list[tuple[_Active, Unit]] = []
        size = 0
        try:
            for item in pending:
                active = _Active(item, self._open(item.found))
                try:
                    for unit in active.document.units():
                        round_.append((active, unit))
                        active.outstanding += 1
                        size += len(unit.text)
                        if size >= self.options.round_chars or (
                            len(round_) >= self.options.max_round_units
                        ):
                            self._translate_round(translator, round_)
                            round_, size = [], 0
                        if active.failed:
                            break
                except InputError as error:
                    self._fail(active, _reason(error, item.found))
                except OSError as error:  # writing an output: a full disk, a lost mount
                    self._fail(active, f"cannot write the output: {error.strerror or error}")
                active.read = True
                self._commit_if_done(active)
            self._translate_round(translator, round_)
        finally:
            self._record()
            self.translation_seconds = time.perf_counter() - began
            if self._bar is not None:
                self._bar.close()

    def _translate_round(self, translator: Translator, round_: list[tuple[_Active, Unit]]) -> None:
        work = [(a, u) for a, u in round_ if not a.failed]
        if not work:
            return
        began = time.perf_counter()

        def show(done: int, total: int) -> None:
            # Pieces, not sentences (a long sentence is several); exact after the round.
            if self._bar is not None:
                self._bar.n = min(self._bar.total, self._bar_base + done)
                self._bar.refresh()

        try:
            articles = translator.translate_articles([u.text for _, u in work], progress=show)
        except Exception:
            # One text broke the batch (the backend raised): retry one by one, so only
            # the file it belongs to fails.
            articles = [self._translate_alone(translator, a, u) for a, u in work]
        seconds = time.perf_counter() - began
        counts = [0 if article is None else len(article.sentences) for article in articles]
        translated = sum(counts)
        self._bar_base += translated
        if self._bar is not None:
            self._bar.n = min(self._bar.total, self._bar_base)
            self._bar.refresh()
        for (active, unit), article, count in zip(work, articles, counts, strict=True):
            if article is None or active.failed:
                continue
            share = seconds * (count / translated if translated else 1 / len(work))
            try:
                active.document.receive(unit, article, share)
            except OSError as error:
                self._fail(active, f"cannot write the output: {error.strerror or error}")
                continue
            active.outstanding -= 1
            active.sentences_done += count
        for active in dict.fromkeys(a for a, _ in work):
            self._commit_if_done(active)
        self._record()

    def _record(self) -> None:
        """Make the renames of the outputs committed since the last call durable, then
        record their inputs in the manifest: one fsync per folder and one for the
        manifest per round, rather than per file."""
        for folder in self._folders:
            fsync_folder(folder)
        self._folders.clear()
        if self._unrecorded:
            self.manifest.record(self._unrecorded)
            self._unrecorded.clear()

    def _translate_alone(self, translator: Translator, active: _Active, unit: Unit) -> Any:
        if active.failed:
            return None
        try:
            return translator.translate_articles([unit.text])[0]
        except Exception as error:
            self._fail(active, f"translation failed: {type(error).__name__}: {error}")
            return None

    def _commit_if_done(self, active: _Active) -> None:
        if active.failed or not active.read or active.outstanding:
            return
        document, item = active.document, active.item
        try:
            document.commit()
        except (InputError, OSError) as error:
            reason = str(error) if isinstance(error, InputError) else error.strerror
            self._fail(active, f"cannot write the output: {reason}")
            return
        tally = document.tally
        outputs = tuple(str(o) for o in item.outputs)
        self._folders.update(self.out_dir / o.parent for o in item.outputs)
        self._unrecorded.append(
            ManifestEntry(
                input=str(item.found.rel),
                sha256=item.sha256,
                settings=self._settings(item.found),
                outputs=outputs,
                features=self.features,
                sentences=tally.sentences,
                mean_confidence=tally.mean_confidence,
                flagged_sentences=tally.flagged,
            )
        )
        self.outcomes.append(
            FileOutcome(
                str(item.found.rel),
                TRANSLATED,
                kind=item.found.kind,
                outputs=outputs,
                sentences=tally.sentences,
                mean_confidence=tally.mean_confidence,
                flagged_sentences=tally.flagged,
                seconds=tally.seconds,
                notices=tuple(document.notices),
                details=dict(document.details),
            )
        )

    def _fail(self, active: _Active, reason: str) -> None:
        if active.failed:
            return
        active.failed = True
        active.document.abort()
        if self._bar is not None:
            self._bar.total -= max(0, active.item.sentences - active.sentences_done)
        self._outcome(active.item.found, FAILED, reason)

    # --- report -------------------------------------------------------------------

    def _outcome(
        self, found: Found, status: str, reason: str, *, outputs: tuple[Any, ...] = ()
    ) -> None:
        self.outcomes.append(
            FileOutcome(
                str(found.rel), status, reason, kind=found.kind, outputs=tuple(map(str, outputs))
            )
        )

    def write_report(self, seconds: float) -> FolderReport:
        report = FolderReport(
            in_dir=str(self.in_dir),
            out_dir=str(self.out_dir),
            files=tuple(sorted(self.outcomes, key=lambda o: o.path)),
            engine=self.engine,
            seconds=seconds,
            translation_seconds=self.translation_seconds,
            interrupted=self.interrupted,
            removed_temp_files=self.removed,
        )
        with atomic_write(self.out_dir / REPORT_NAME) as handle:
            handle.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return report


def _check_folders(in_dir: Path, out_dir: Path) -> tuple[Path, Path]:
    """Absolute folders; OptionsError when IN_DIR is not a folder or the two overlap in a
    way that would mix outputs with inputs."""
    if not in_dir.is_dir():
        problem = "does not exist" if not in_dir.exists() else "is not a folder"
        raise OptionsError(f"IN_DIR {in_dir} {problem}.")
    if out_dir.exists() and not out_dir.is_dir():
        raise OptionsError(f"OUT_DIR {out_dir} exists and is not a folder.")
    real_in, real_out = in_dir.resolve(), out_dir.resolve()
    if real_in == real_out:
        raise OptionsError("OUT_DIR must differ from IN_DIR (a rerun would read the outputs).")
    if real_out in real_in.parents:
        raise OptionsError(
            f"OUT_DIR {out_dir} contains IN_DIR {in_dir}: outputs could land among the inputs. "
            "Choose an output folder outside it (inside IN_DIR is fine)."
        )
    return in_dir.absolute(), out_dir.absolute()


def _progress_bar(total: int, stream: IO[str] | None) -> Any:
    if stream is None:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=" sentences", file=stream, desc="kabar", dynamic_ncols=True)


def _sentence_count(text: str) -> int:
    return sum(len(p.sentences) for p in segment(text))


def _reason(error: InputError, found: Found) -> str:
    """The error message without the file name the report already gives."""
    message = str(error)
    name = str(found.rel)
    for prefix in (f"{name} ", f"{name}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message.replace(f" {name}:", ":").replace(f" {name}", "")


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
