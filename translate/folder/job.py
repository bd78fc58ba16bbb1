"""``kabar translate-dir``: translate a folder tree, resumably, with cross-file batching.

``FolderJob(...).run()``:

1. Find the inputs (``kabar.translate.folder.discovery``).
2. Plan: read each input once, hashing its bytes while its format checks them (and counts
   its sentences for the progress total); skip those the manifest says are done with
   this content and these settings. Bad files fail here, before the model is loaded.
3. Translate (each input's second and last read): units (whole small files, paragraph
   groups of big ones, corpus records) of many files go to the translator together,
   about ``round_chars`` characters at a time, so small files fill batches as well as
   one long file does. Each file's outputs are written as its units come back and
   renamed into place when its last unit is done, and then the outputs the manifest
   recorded for that input earlier but this run does not write (a JSON or brief an
   earlier run asked for) are removed, so none is left stale; at the end of each round
   their folders are fsynced and the finished files recorded in the manifest.
4. Report: ``OUT_DIR/kabar-report.json`` (also written when interrupted).

The job needs only ``ArticleTranslator`` of its translator: the local ``Translator`` has
it, and so can a pool of remote workers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Protocol, runtime_checkable

from kabar.core.atomic import atomic_write, fsync_folder, remove_temp_files
from kabar.core.errors import InputError, KabarError, OptionsError
from kabar.core.reading.decode import file_chunks
from kabar.translate.documents.base import (
    BriefMaker,
    Document,
    DocumentOptions,
    Unit,
    format_of,
    open_document,
    output_names,
)
from kabar.translate.folder.checkpoint import Checkpoint, checkpoint_path, discard, find_checkpoints
from kabar.translate.folder.discovery import Found, discover
from kabar.translate.folder.manifest import Manifest, ManifestEntry
from kabar.translate.folder.report import (
    FAILED,
    REPORT_NAME,
    SKIPPED,
    TRANSLATED,
    UNCHANGED,
    FileOutcome,
    FolderReport,
)
from kabar.translate.results import ArticleTranslation, EngineInfo

_KEPT = (
    "The translations written so far are kept (a rerun skips them); free some space or "
    "fix the folder, then run the same command again."
)
# (sentences done, sentences in all): the engine's callback shape, over the whole job.
Progress = Callable[[int, int], None]


class ArticleTranslator(Protocol):
    """What the folder job needs of a translator."""

    @property
    def info(self) -> EngineInfo: ...

    def translate_articles(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> list[ArticleTranslation]:
        """Translate each text as one article; results in input order."""


@runtime_checkable
class ReportsWork(Protocol):
    """Optionally, a translator that says where its work ran (a pool of workers): the
    figures go to the report's ``distributed`` entry, a ``summary`` string to stderr."""

    def run_report(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, kw_only=True)
class FolderJobOptions:
    """How a folder is translated.

    documents: what is written per input (JSON too?, brief?, ``.jsonl`` fields, size).
    force: translate every input even if the manifest says it is done.
    settings: what produced the outputs (the engine spec's fingerprint): recorded in the
        manifest; a rerun with other settings translates again.
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
        if self.round_chars < 1:
            raise OptionsError(f"--round-chars must be 1 or more (got {self.round_chars})")
        if self.max_round_units < 1:
            raise OptionsError(f"max_round_units must be 1 or more (got {self.max_round_units})")


@dataclass(eq=False)  # identity: one per document, used as a dict key
class _Active:
    """An input to translate: its document, units sent and received, done reading?"""

    found: Found
    sha256: str
    outputs: tuple[PurePosixPath, ...]
    document: Document[Any]
    sentences: int | None  # known before translating, or None
    outstanding: int = 0
    read: bool = False
    failed: bool = False
    committed: bool = False
    sentences_done: int = 0
    units_done: int = 0  # received, including those a checkpoint restored
    resumed_units: int = 0  # done by an earlier run: re-read, not re-translated
    resumed_sentences: int = 0


class FolderJob:
    """One run of the folder job over ``in_dir`` into ``out_dir``.

    ``load_translator`` (and ``load_brief_maker``, when ``options.documents.brief``) is
    called once, and only if something needs translating. ``progress`` is called with
    (sentences done, sentences in all) as the engine reports them (None: no reports).
    """

    def __init__(
        self,
        in_dir: Path,
        out_dir: Path,
        *,
        options: FolderJobOptions,
        load_translator: Callable[[], ArticleTranslator],
        load_brief_maker: Callable[[], BriefMaker] | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.in_dir, self.out_dir = _check_folders(in_dir, out_dir)
        self.options = options
        self.load_translator = load_translator
        self.load_brief_maker = load_brief_maker
        self.progress = progress
        documents = options.documents
        self.features = {
            **({"json": True} if documents.json else {}),
            **({"brief": True, **options.features} if documents.brief else {}),
        }
        self.outcomes: list[FileOutcome] = []
        self.engine: EngineInfo | None = None
        self.removed = 0
        self.interrupted = False
        self.translation_seconds = 0.0
        self._brief_maker: BriefMaker | None = None
        self._translator: ArticleTranslator | None = None
        self._manifest: Manifest | None = None
        self._unrecorded: list[ManifestEntry] = []
        self._folders: set[Path] = set()
        self._done_sentences = 0
        self._total_sentences = 0
        self._checkpoints: dict[Path, Checkpoint | None] = {}
        self._spent_checkpoints: list[Path] = []

    def run(self) -> FolderReport:
        """Translate every input; returns the report (also written to OUT_DIR).

        Raises OptionsError for unusable folders, FolderBusyError when another run holds
        ``out_dir``; per-file problems are outcomes in the report, never exceptions.
        """
        began = time.perf_counter()
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._manifest = Manifest(self.out_dir)
        except OSError as error:
            raise OptionsError(
                f"cannot create or write the output folder {self.out_dir}: "
                f"{error.strerror or error}. Choose a writable OUT_DIR."
            ) from None
        try:
            self._check_report_target()
            self._checkpoints = dict(find_checkpoints(self.out_dir))
            keep = {
                temp
                for checkpoint in self._checkpoints.values()
                if checkpoint is not None and not self.options.force
                for temp in checkpoint.temp_files(self.out_dir)
            }
            self.removed = len(remove_temp_files(self.out_dir, keep=keep))
            found = discover(self.in_dir, exclude=self.out_dir)
            self.outcomes.extend(found.others)
            pending = self._plan(found.inputs)
            for path, checkpoint in self._checkpoints.items():  # of no input to continue
                discard(path, checkpoint, self.out_dir)
            self._checkpoints.clear()
            if pending:
                translator = self._translator = self.load_translator()
                self.engine = translator.info
                if self.options.documents.brief:
                    if self.load_brief_maker is None:
                        raise OptionsError("briefs were asked for, but no summarizer was given")
                    self._brief_maker = self.load_brief_maker()
                self._translate(translator, pending)
        except KeyboardInterrupt:
            self.interrupted = True
            with contextlib.suppress(KabarError):  # the interrupt is what to report
                self._write_report(time.perf_counter() - began)
            raise
        except OSError as error:  # the manifest, a folder's fsync: OUT_DIR broke mid-run
            raise KabarError(
                f"cannot write into the output folder {self.out_dir}: "
                f"{error.strerror or error}. {_KEPT}"
            ) from None
        finally:
            self._manifest.close()
        return self._write_report(time.perf_counter() - began)

    def _check_report_target(self) -> None:
        """OptionsError now, before any work, when the report could not be put in place
        at the end (its name is taken by a folder or another non-file)."""
        target = self.out_dir / REPORT_NAME
        if target.exists() and not target.is_file():
            raise OptionsError(
                f"cannot write the run report {target}: it exists and is not a file. "
                "Move it away or choose another OUT_DIR."
            )

    def _open_manifest(self) -> Manifest:
        if self._manifest is None:
            raise RuntimeError("the manifest is opened by run()")
        return self._manifest

    # --- plan ---------------------------------------------------------------------

    def _plan(self, inputs: Sequence[Found]) -> list[_Active]:
        """Inputs still to translate; the others become outcomes (skipped: done already,
        failed: unreadable or unusable)."""
        manifest = self._open_manifest()
        count = self.progress is not None
        pending = []
        for found in inputs:
            outputs = output_names(found.rel, self.options.documents).names
            document = self._open(found)
            hasher = hashlib.sha256()
            try:
                # Hash while the format checks: one read, whatever the outcome.
                sentences = document.scan(_hashed(found, hasher), count_sentences=count)
                sha256 = hasher.hexdigest()
            except InputError as error:
                self._outcome(found, FAILED, _reason(error, found))
                continue
            done = None
            if not self.options.force:
                done = manifest.finished(
                    str(found.rel), sha256, self._settings(found), map(str, outputs), self.features
                )
            if done is not None:
                # What the outputs hold (e.g. a corpus's failed records) still counts.
                self._outcome(found, SKIPPED, UNCHANGED, outputs=done.outputs, details=done.extra)
                continue
            active = _Active(found, sha256, outputs, document, sentences)
            self._resume(active)
            pending.append(active)
        return pending

    def _resume(self, active: _Active) -> None:
        """Continue ``active`` from its checkpoint when one matches its input and these
        settings (and its temporary files are intact); else it starts from zero."""
        path = checkpoint_path(self.out_dir, active.outputs[0])
        if path not in self._checkpoints:
            return
        checkpoint = self._checkpoints.pop(path)
        if (
            checkpoint is None
            or self.options.force
            or not active.document.resumable
            or checkpoint != replace(checkpoint, **self._identity(active))
            or not checkpoint.usable(self.out_dir)
        ):
            discard(path, checkpoint, self.out_dir)
            return
        try:
            active.document.restore(checkpoint.state, checkpoint.lengths)
        except (OSError, ValueError, KeyError, TypeError):
            discard(path, checkpoint, self.out_dir)
            return
        active.units_done = active.resumed_units = checkpoint.units
        active.resumed_sentences = active.sentences_done = active.document.tally.sentences

    def _identity(self, active: _Active) -> dict[str, Any]:
        """What a checkpoint must match to be continued: the input, its content, the
        settings, the extras and how the document is cut into units."""
        # As a checkpoint read back from JSON has them (lists, not tuples).
        identity: dict[str, Any] = json.loads(
            json.dumps(
                {
                    "input": str(active.found.rel),
                    "sha256": active.sha256,
                    "settings": self._settings(active.found),
                    "features": self.features,
                    "documents": asdict(self.options.documents),
                }
            )
        )
        return identity | {"outputs": tuple(map(str, active.outputs))}

    def _checkpoint(self, active: _Active) -> None:
        """Save how far ``active`` got (its outputs fsynced first), if it is part-way."""
        document = active.document
        if not document.resumable or active.failed or active.committed or not active.units_done:
            return
        path = checkpoint_path(self.out_dir, active.outputs[0])
        try:
            lengths = document.sync_partials()
            Checkpoint(
                **self._identity(active),
                units=active.units_done,
                lengths=lengths,
                state=document.checkpoint_state(),
            ).write(path)
        except OSError:
            return  # the last checkpoint (if any) still fits: the outputs only grew
        self._folders.add(path.parent)

    def _settings(self, found: Found) -> dict[str, Any]:
        document = format_of(found.rel.name)
        extra = document.output_settings(self.options.documents) if document else {}
        return {**self.options.settings, **extra}

    def _open(self, found: Found) -> Document[Any]:
        return open_document(
            found.path, name=str(found.rel), out_dir=self.out_dir, options=self.options.documents
        )

    # --- translate ----------------------------------------------------------------

    def _translate(self, translator: ArticleTranslator, pending: list[_Active]) -> None:
        began = time.perf_counter()
        self._total_sentences = sum(a.sentences or 0 for a in pending)
        self._done_sentences = sum(a.resumed_sentences for a in pending)
        self._report_progress(0)
        round_: list[tuple[_Active, Unit]] = []
        size = 0
        try:
            for active in pending:
                active.document.make_brief = self._brief_maker
                try:
                    for index, unit in enumerate(active.document.units()):
                        if index < active.resumed_units:
                            continue  # translated by the run that saved the checkpoint
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
                    self._fail(active, _reason(error, active.found))
                except OSError as error:  # writing an output: a full disk, a lost mount
                    self._fail(active, f"cannot write the output: {error.strerror or error}")
                active.read = True
                self._commit_if_done(active)
            self._translate_round(translator, round_)
        finally:
            self._record()
            self.translation_seconds = time.perf_counter() - began

    def _translate_round(
        self, translator: ArticleTranslator, round_: list[tuple[_Active, Unit]]
    ) -> None:
        work = [(a, u) for a, u in round_ if not a.failed]
        if not work:
            return
        began = time.perf_counter()

        def show(done: int, total: int) -> None:
            # Pieces, not sentences (a long sentence is several); exact after the round.
            self._report_progress(done)

        try:
            articles: list[ArticleTranslation | None] = list(
                translator.translate_articles([u.text for _, u in work], progress=show)
            )
        except Exception:
            # One text broke the batch (the backend raised): retry one by one, so only
            # the file it belongs to fails.
            articles = [self._translate_alone(translator, a, u) for a, u in work]
        seconds = time.perf_counter() - began
        counts = [0 if article is None else len(article.sentences) for article in articles]
        translated = sum(counts)
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
            active.units_done += 1
            active.sentences_done += count
            self._done_sentences += count
            if active.sentences is None:  # not counted beforehand: the total grows
                self._total_sentences += count
        self._report_progress(0)
        for active in dict.fromkeys(a for a, _ in work):
            self._commit_if_done(active)
            self._checkpoint(active)
        self._record()

    def _report_progress(self, in_round: int) -> None:
        if self.progress is not None:
            total = self._total_sentences
            self.progress(min(total, self._done_sentences + in_round), total)

    def _record(self) -> None:
        """Make the renames of the outputs committed since the last call durable, then
        record their inputs in the manifest: one fsync per folder and one for the
        manifest per round, rather than per file."""
        for folder in self._folders:
            fsync_folder(folder)
        self._folders.clear()
        if self._unrecorded:
            self._open_manifest().record(self._unrecorded)
            self._unrecorded.clear()
        for path in self._spent_checkpoints:  # recorded as done: nothing to continue
            path.unlink(missing_ok=True)
        self._spent_checkpoints.clear()

    def _translate_alone(
        self, translator: ArticleTranslator, active: _Active, unit: Unit
    ) -> ArticleTranslation | None:
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
        document = active.document
        try:
            document.commit()
        except (InputError, OSError) as error:
            reason = str(error) if isinstance(error, InputError) else error.strerror
            self._fail(active, f"cannot write the output: {reason}")
            return
        active.committed = True
        self._spent_checkpoints.append(checkpoint_path(self.out_dir, active.outputs[0]))
        tally = document.tally
        outputs = tuple(str(o) for o in active.outputs)
        self._folders.update(self.out_dir / o.parent for o in active.outputs)
        removed, notices = self._remove_outdated(active)
        self._unrecorded.append(
            ManifestEntry(
                input=str(active.found.rel),
                sha256=active.sha256,
                settings=self._settings(active.found),
                outputs=outputs,
                features=self.features,
                sentences=tally.sentences,
                mean_confidence=tally.mean_confidence,
                flagged_sentences=tally.flagged,
                extra=dict(document.details),
            )
        )
        self.outcomes.append(
            FileOutcome(
                str(active.found.rel),
                TRANSLATED,
                kind=active.found.kind,
                outputs=outputs,
                sentences=tally.sentences,
                mean_confidence=tally.mean_confidence,
                flagged_sentences=tally.flagged,
                seconds=tally.seconds,
                notices=(*document.notices, *notices),
                details=dict(document.details),
                resumed_units=active.resumed_units,
                resumed_sentences=active.resumed_sentences,
                removed_outputs=removed,
            )
        )

    def _remove_outdated(self, active: _Active) -> tuple[tuple[str, ...], list[str]]:
        """Remove what an earlier run wrote for ``active`` and this run did not write again
        (its new outputs are in place now; the manifest is updated after this, so a crash
        in between leaves the old entry, and the rerun that redoes the input removes them).

        Only outputs the manifest recorded for this input, and only names kabar gives this
        input, are candidates: never another file in OUT_DIR, even from an edited manifest.
        Returns (the outputs removed, notices for those that could not be).
        """
        earlier = self._open_manifest().entries.get(str(active.found.rel))
        if earlier is None:
            return (), []
        ours = output_names(active.found.rel, DocumentOptions(json=True, brief=True)).names
        candidates = {str(o) for o in ours} - {str(o) for o in active.outputs}
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

    def _fail(self, active: _Active, reason: str) -> None:
        if active.failed:
            return
        active.failed = True
        active.document.abort()
        checkpoint_path(self.out_dir, active.outputs[0]).unlink(missing_ok=True)
        if active.sentences is not None:
            self._total_sentences -= max(0, active.sentences - active.sentences_done)
        self._outcome(active.found, FAILED, reason)

    # --- report -------------------------------------------------------------------

    def _outcome(
        self,
        found: Found,
        status: str,
        reason: str,
        *,
        outputs: tuple[Any, ...] = (),
        details: Mapping[str, Any] | None = None,
    ) -> None:
        self.outcomes.append(
            FileOutcome(
                str(found.rel),
                status,
                reason,
                kind=found.kind,
                outputs=tuple(map(str, outputs)),
                details=dict(details or {}),
            )
        )

    def _write_report(self, seconds: float) -> FolderReport:
        report = FolderReport(
            in_dir=str(self.in_dir),
            out_dir=str(self.out_dir),
            files=tuple(sorted(self.outcomes, key=lambda o: o.path)),
            engine=self.engine,
            seconds=seconds,
            translation_seconds=self.translation_seconds,
            interrupted=self.interrupted,
            removed_temp_files=self.removed,
            distributed=(
                self._translator.run_report() if isinstance(self._translator, ReportsWork) else None
            ),
        )
        target = self.out_dir / REPORT_NAME
        try:
            with atomic_write(target) as handle:
                handle.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        except OSError as error:
            raise KabarError(
                f"cannot write the run report {target}: {error.strerror or error}. {_KEPT}"
            ) from None
        return report


def translate_folder(in_dir: Path, out_dir: Path, **settings: Any) -> FolderReport:
    """``FolderJob(in_dir, out_dir, **settings).run()`` in one call."""
    return FolderJob(in_dir, out_dir, **settings).run()


def _hashed(found: Found, hasher: Any) -> Iterator[bytes]:
    """The bytes of ``found`` in chunks, each also fed to ``hasher``."""
    for chunk in file_chunks(found.path, name=str(found.rel)):
        hasher.update(chunk)
        yield chunk


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


def _reason(error: InputError, found: Found) -> str:
    """The error message without the file name the report already gives."""
    message = str(error)
    name = str(found.rel)
    for prefix in (f"{name} ", f"{name}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message.replace(f" {name}:", ":").replace(f" {name}", "")
