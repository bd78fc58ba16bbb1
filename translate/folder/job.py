"""``kabar translate-dir``: translate a folder tree, resumably, with cross-file batching.

``FolderJob(...).run()`` orchestrates four parts: the ``Intake`` (``inputs.py``: which
inputs to translate, continued from which checkpoint), the ``Ledger`` (``ledger.py``:
what is on disk in OUT_DIR — manifest, checkpoints, fsyncs, report), the
``RoundPlanner`` (``planner.py``: which units travel together) and each input's
``DocumentState`` (``state.py``: pending, running, sent, committed or failed).

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
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kabar.core.errors import InputError, KabarError, OptionsError
from kabar.translate.documents.base import BriefMaker, Unit
from kabar.translate.folder.checkpoint import Checkpoint
from kabar.translate.folder.discovery import discover
from kabar.translate.folder.inputs import Intake, check_folders, features_of, outcome, reason
from kabar.translate.folder.ledger import KEPT, Ledger
from kabar.translate.folder.manifest import ManifestEntry
from kabar.translate.folder.options import (
    ArticleTranslator,
    FolderJobOptions,
    Progress,
    ReportsWork,
)
from kabar.translate.folder.planner import RoundPlanner, SentenceCount, time_shares
from kabar.translate.folder.report import FAILED, TRANSLATED, FileOutcome, FolderReport
from kabar.translate.folder.state import ActiveDocument, DocumentState
from kabar.translate.results import ArticleTranslation, EngineInfo

__all__ = [
    "ArticleTranslator",
    "FolderJob",
    "FolderJobOptions",
    "Progress",
    "ReportsWork",
    "translate_folder",
]

_Sent = tuple[ActiveDocument, Unit]  # a unit in a round, and the input it belongs to


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
        self.in_dir, self.out_dir = check_folders(in_dir, out_dir)
        self.options = options
        self.load_translator = load_translator
        self.load_brief_maker = load_brief_maker
        self.progress = progress
        self.features = features_of(options)
        self._intake = Intake(options, self.features, self.out_dir)
        self.outcomes: list[FileOutcome] = []
        self.engine: EngineInfo | None = None
        self.interrupted = False
        self.translation_seconds = 0.0
        self._translator: ArticleTranslator | None = None
        self._brief_maker: BriefMaker | None = None
        self._count = SentenceCount()
        self._open_ledger: Ledger | None = None

    def run(self) -> FolderReport:
        """Translate every input; returns the report (also written to OUT_DIR).

        Raises OptionsError for unusable folders, FolderBusyError when another run holds
        ``out_dir``; per-file problems are outcomes in the report, never exceptions.
        """
        began = time.perf_counter()
        ledger = self._open_ledger = Ledger(self.out_dir, force=self.options.force)
        try:
            ledger.prepare()
            found = discover(
                self.in_dir, exclude=self.out_dir, include_hidden=self.options.include_hidden
            )
            self.outcomes.extend(found.others)
            pending = self._intake.plan(
                found.inputs, ledger, self.outcomes, count_sentences=self.progress is not None
            )
            ledger.discard_unclaimed()
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
                f"{error.strerror or error}. {KEPT}"
            ) from None
        finally:
            ledger.close()
        return self._write_report(time.perf_counter() - began)

    @property
    def _ledger(self) -> Ledger:
        if self._open_ledger is None:
            raise RuntimeError("the ledger is opened by run()")
        return self._open_ledger

    # --- translate ----------------------------------------------------------------

    def _translate(self, translator: ArticleTranslator, pending: list[ActiveDocument]) -> None:
        began = time.perf_counter()
        self._count = SentenceCount(
            total=sum(a.sentences or 0 for a in pending),
            done=sum(a.resumed_sentences for a in pending),
        )
        self._show()
        options = self.options
        planner = RoundPlanner[_Sent](
            round_chars=options.round_chars, max_units=options.max_round_units
        )
        try:
            for active in pending:
                active.document.make_brief = self._brief_maker
                active.advance(DocumentState.RUNNING)
                try:
                    for index, unit in enumerate(active.document.units()):
                        if index < active.resumed_units:
                            continue  # translated by the run that saved the checkpoint
                        active.sent()
                        full = planner.add((active, unit), len(unit.text))
                        if full is not None:
                            self._translate_round(translator, full)
                        if active.failed:
                            break
                except InputError as error:
                    self._fail(active, reason(error, active.found))
                except OSError as error:  # writing an output: a full disk, a lost mount
                    self._fail(active, f"cannot write the output: {error.strerror or error}")
                if not active.failed:
                    active.advance(DocumentState.SENT)
                self._commit_if_done(active)
            self._translate_round(translator, planner.flush())
        finally:
            self._ledger.record()
            self.translation_seconds = time.perf_counter() - began

    def _translate_round(self, translator: ArticleTranslator, round_: list[_Sent]) -> None:
        work = [(a, u) for a, u in round_ if not a.failed]
        if not work:
            return
        began = time.perf_counter()

        def show(done: int, total: int) -> None:
            # Pieces, not sentences (a long sentence is several); exact after the round.
            self._show(done)

        try:
            articles: list[ArticleTranslation | None] = list(
                translator.translate_articles([u.text for _, u in work], progress=show)
            )
        except Exception:
            # One text broke the batch (the backend raised): retry one by one, so only
            # the file it belongs to fails.
            articles = [self._translate_alone(translator, a, u) for a, u in work]
        counts = [0 if article is None else len(article.sentences) for article in articles]
        shares = time_shares(time.perf_counter() - began, counts)
        for (active, unit), article, count, share in zip(
            work, articles, counts, shares, strict=True
        ):
            if article is None or active.failed:
                continue
            try:
                active.document.receive(unit, article, share)
            except OSError as error:
                self._fail(active, f"cannot write the output: {error.strerror or error}")
                continue
            active.received(count)
            # Not counted beforehand: the total grows.
            self._count.translated(count, counted=active.sentences is not None)
        self._show()
        for active in dict.fromkeys(a for a, _ in work):
            self._commit_if_done(active)
            self._checkpoint(active)
        self._ledger.record()

    def _translate_alone(
        self, translator: ArticleTranslator, active: ActiveDocument, unit: Unit
    ) -> ArticleTranslation | None:
        if active.failed:
            return None
        try:
            return translator.translate_articles([unit.text])[0]
        except Exception as error:
            self._fail(active, f"translation failed: {type(error).__name__}: {error}")
            return None

    def _show(self, in_round: int = 0) -> None:
        if self.progress is not None:
            self.progress(*self._count.shown(in_round))

    def _checkpoint(self, active: ActiveDocument) -> None:
        """Save how far ``active`` got (its outputs fsynced first), if it is part-way."""
        if not active.part_way:
            return
        document = active.document
        try:
            lengths = document.sync_partials()
            checkpoint = Checkpoint(
                **self._intake.identity(active),
                units=active.units_done,
                lengths=lengths,
                state=document.checkpoint_state(),
            )
            self._ledger.save_checkpoint(active.outputs[0], checkpoint)
        except OSError:
            return  # the last checkpoint (if any) still fits: the outputs only grew

    def _commit_if_done(self, active: ActiveDocument) -> None:
        if not active.ready:
            return
        document = active.document
        try:
            document.commit()
        except (InputError, OSError) as error:
            reason = str(error) if isinstance(error, InputError) else error.strerror
            self._fail(active, f"cannot write the output: {reason}")
            return
        active.advance(DocumentState.COMMITTED)
        tally, rel = document.tally, str(active.found.rel)
        outputs = tuple(str(o) for o in active.outputs)
        entry = ManifestEntry(
            input=rel,
            sha256=active.sha256,
            settings=self._intake.settings(active.found),
            outputs=outputs,
            features=self.features,
            sentences=tally.sentences,
            mean_confidence=tally.mean_confidence,
            flagged_sentences=tally.flagged,
            extra=dict(document.details),
        )
        removed, notices = self._ledger.commit(entry, active.outputs)
        self.outcomes.append(
            FileOutcome(
                rel,
                TRANSLATED,
                kind=active.found.kind,
                outputs=outputs,
                sentences=tally.sentences,
                mean_confidence=tally.mean_confidence,
                flagged_sentences=tally.flagged,
                flags=dict(tally.flags),
                to_check=tuple(tally.review()["sentences"]),
                to_check_count=tally.to_check_count,
                seconds=tally.seconds,
                notices=(*document.notices, *notices),
                details=dict(document.details),
                resumed_units=active.resumed_units,
                resumed_sentences=active.resumed_sentences,
                removed_outputs=removed,
            )
        )

    def _fail(self, active: ActiveDocument, why: str) -> None:
        if active.failed:
            return
        active.advance(DocumentState.FAILED)
        active.document.abort()
        self._ledger.drop_checkpoint(active.outputs[0])
        if active.sentences is not None:
            self._count.dropped(active.sentences - active.sentences_done)
        self.outcomes.append(outcome(active.found, FAILED, why))

    # --- report -------------------------------------------------------------------

    def _write_report(self, seconds: float) -> FolderReport:
        report = FolderReport(
            in_dir=str(self.in_dir),
            out_dir=str(self.out_dir),
            files=tuple(sorted(self.outcomes, key=lambda o: o.path)),
            engine=self.engine,
            seconds=seconds,
            translation_seconds=self.translation_seconds,
            interrupted=self.interrupted,
            removed_temp_files=self._ledger.removed_temp_files,
            distributed=(
                self._translator.run_report() if isinstance(self._translator, ReportsWork) else None
            ),
        )
        self._ledger.write_report(report)
        return report


def translate_folder(in_dir: Path, out_dir: Path, **settings: Any) -> FolderReport:
    """``FolderJob(in_dir, out_dir, **settings).run()`` in one call."""
    return FolderJob(in_dir, out_dir, **settings).run()
