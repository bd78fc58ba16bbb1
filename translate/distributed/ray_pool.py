"""The folder job's translator on a Ray cluster: a pool of actors, one Translator each.

``RayTranslatorPool`` is an ``ArticleTranslator`` (``kabar.translate.folder.job``): the driver
keeps discovery, the manifest, skipping, the writes and the report; only article texts go
to the cluster and only their translations come back, so inputs and outputs stay on the
driver's disk and the workers need no shared filesystem (only kabar and the model).

Each worker is a Ray actor that builds one Translator from a picklable recipe when it
starts (the model is loaded once per actor). A call's texts are cut into work units of
whole articles, large first and smaller towards the end (so no worker is left with a
long unit while the others idle), and streamed to the actors with at most ``in_flight``
units queued per actor. Results are put back in input order. The backend's result for a
sentence does not depend on what else is in its batch (``kabar.translate.backends``), so the
outputs are those of a local run with the same settings.

Faults: an actor whose process dies (killed, out of memory, its node gone) is restarted
by Ray (``max_restarts``) and rejoins when its model is loaded again; its units are sent
again at once to whichever actor is up. A unit is only taken from a reply, so each is
used exactly once however often it was sent. A unit whose every attempt kills its actor
(``max_attempts``) raises, so that the folder job retries its texts one by one and only
the file at fault fails. Errors raised by the translator itself (not by Ray) are raised
as they are, as a local Translator would raise them.

The actors themselves (starting them, their hellos, restarts and deaths, stopping them)
are kept by ``ray_crew.Crew``; this module schedules the units over them and reports.

Ray is imported only when a pool is made: ``pip install 'kabar[ray]'``.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from kabar.translate.distributed.ray_actor import Done, Worker
from kabar.translate.distributed.ray_crew import Crew
from kabar.translate.distributed.ray_setup import (
    INSTALL_HINT,
    ClusterError,
    RayPoolOptions,
    RayUnavailableError,
    connect,
    import_ray,
    plan_units,
)
from kabar.translate.folder.job import ArticleTranslator, Progress
from kabar.translate.results import ArticleTranslation, EngineInfo

# The pool's options, errors and plan live in ray_setup; callers import them from here.
__all__ = [
    "INSTALL_HINT",
    "ClusterError",
    "RayPoolOptions",
    "RayTranslatorPool",
    "RayUnavailableError",
    "import_ray",
    "plan_units",
]


class RayTranslatorPool:
    """An ``ArticleTranslator`` whose work runs on Ray actors (see the module docstring).

    ``make_translator`` is sent to every actor and called there once: a picklable
    callable returning an ArticleTranslator (``TranslatorRecipe``). Raises
    RayUnavailableError without Ray, ClusterError when the cluster cannot be reached or
    no actor starts, and the actors' own KabarError (e.g. ModelNotFoundError) when the
    translator cannot be loaded. Close it (or use ``with``) to stop the actors.
    """

    def __init__(
        self, make_translator: Callable[[], ArticleTranslator], *, options: RayPoolOptions
    ) -> None:
        self.options = options
        self._ray = ray = import_ray(loopback=options.address is None)
        self._owns_ray = False
        self._crew = Crew(ray, options)
        self._broken: ClusterError | None = None
        self.units = 0
        self.retries = 0
        self.wall_seconds = 0.0
        if not ray.is_initialized():
            self.address = connect(ray, options)
            self._owns_ray = True
        else:
            self.address = str(ray.get_runtime_context().gcs_address)
        try:
            self._crew.start(make_translator)
        except BaseException:
            self.close()
            raise

    # --- start and stop ----------------------------------------------------------

    def close(self) -> None:
        """Stop the actors (and the Ray this pool started). Safe to call twice."""
        ray = self._ray
        self._crew.stop()
        if self._owns_ray and ray.is_initialized():
            ray.shutdown()
        self._owns_ray = False

    def __enter__(self) -> RayTranslatorPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the ArticleTranslator protocol -------------------------------------------

    @property
    def info(self) -> EngineInfo:
        if self._crew.engine is None:
            raise ClusterError("no Ray worker is up")
        return self._crew.engine

    def translate_articles(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> list[ArticleTranslation]:
        """Translate each text as one article on the actors; results in input order."""
        if self._broken is not None:
            raise self._broken
        began = time.perf_counter()
        try:
            return self._run(list(texts), progress)
        finally:
            self.wall_seconds += time.perf_counter() - began

    def run_report(self) -> dict[str, Any]:
        """Where the work ran: per-worker throughput, restarts and retries (for
        ``kabar-report.json``)."""
        nodes = {w.node for w in self._crew.workers if w.node}
        workers = [w.to_dict() for w in self._crew.workers]
        rates = ", ".join(f"{w['sentences_per_second']:.1f}" for w in workers)
        restarts = sum(w.restarts for w in self._crew.workers)
        return {
            "engine": "ray",
            "address": self.address,
            "nodes": len(nodes),
            "threads_per_worker": self.options.threads,
            "units": self.units,
            "retries": self.retries,
            "wall_seconds": round(self.wall_seconds, 3),
            "workers": workers,
            "summary": (
                f"Ray at {self.address}: {len(workers)} worker(s) on {len(nodes)} node(s), "
                f"{self.units} units, {self.retries} sent again after "
                f"{restarts} worker restart(s); sentences/s per worker: {rates}"
            ),
        }

    def round_trips(self, texts: Sequence[str], *, repeats: int) -> list[tuple[float, float]]:
        """Send ``texts`` as one unit to the first actor ``repeats`` times, one at a time:
        (seconds at the driver, seconds in the translator) each, so their difference is
        what Ray adds per unit (measurement, ``kabar.eval.measure.bench_ray``)."""
        worker = next(w for w in self._crew.workers if w.up)
        trips = []
        for _ in range(repeats):
            began = time.perf_counter()
            done: Done = self._ray.get(worker.actor.translate.remote(list(texts)))
            trips.append((time.perf_counter() - began, done.seconds))
        return trips

    @property
    def worker_pids(self) -> list[int]:
        """The current process of each actor that is up (tests kill them)."""
        return [w.pids[-1] for w in self._crew.workers if w.up and w.pids]

    # --- scheduling ----------------------------------------------------------------

    def _run(self, texts: list[str], progress: Progress | None) -> list[ArticleTranslation]:
        ray, options = self._ray, self.options
        units = plan_units(
            [len(t) for t in texts],
            workers=len(self._crew.workers),
            min_chars=options.min_unit_chars,
            max_chars=options.max_unit_chars,
        )
        queue = deque(range(len(units)))
        attempts = [0] * len(units)
        results: list[list[ArticleTranslation] | None] = [None] * len(units)
        pending: dict[Any, tuple[Worker, int]] = {}
        failure: BaseException | None = None
        sentences = finished = 0
        nobody_since: float | None = None
        while pending or (queue and failure is None):
            if failure is None:
                self._crew.submit(queue, units, texts, pending)
            if pending:
                nobody_since = None
            else:  # units wait and no actor is up: wait for one to come back, for a while
                now = time.monotonic()
                nobody_since = nobody_since or now
                if all(w.dead for w in self._crew.workers) or (
                    now - nobody_since > options.start_timeout
                ):
                    self._broken = ClusterError(
                        f"every Ray worker was lost ({self.retries} unit(s) sent again); "
                        "rerun to resume: the finished files are kept"
                    )
                    raise self._broken
            for ref in self._crew.wait(list(pending), timeout=1.0):
                if ref not in pending:  # its worker was lost: sent again already
                    continue
                worker, unit = pending[ref]
                try:
                    done: Done = ray.get(ref)
                except ray.exceptions.RayTaskError as error:
                    # The translator raised: stop sending, let the others finish, raise it
                    # as a local translator would (the folder job retries text by text).
                    del pending[ref]
                    worker.outstanding.remove(ref)
                    cause = getattr(error, "cause", None)
                    failure = failure or (cause if isinstance(cause, Exception) else error)
                    continue
                except ray.exceptions.RayError:
                    # Its process or node died: every unit it held goes back to the front
                    # of the queue; only the one it was decoding counts as an attempt.
                    lost = [pending.pop(r)[1] for r in worker.outstanding]
                    attempts[lost[0]] += 1
                    worker.outstanding.clear()
                    worker.lost_units += len(lost)
                    self._crew.lost(worker)
                    if attempts[lost[0]] >= options.max_attempts:
                        failure = failure or RuntimeError(
                            f"its Ray worker died {attempts[lost[0]]} time(s) translating "
                            f"a work unit of {len(units[lost[0]])} article(s)"
                        )
                    self.retries += len(lost)
                    queue.extendleft(reversed(lost))
                    continue
                del pending[ref]
                worker.outstanding.remove(ref)
                results[unit] = done.articles
                count = sum(len(a.sentences) for a in done.articles)
                worker.units += 1
                worker.articles += len(done.articles)
                worker.sentences += count
                worker.busy_seconds += done.seconds
                worker.cpu_seconds += done.cpu_seconds
                self.units += 1
                finished += 1
                sentences += count
                if progress is not None:  # the total is an estimate until the last unit
                    progress(sentences, round(sentences * len(units) / finished))
        if failure is not None:
            raise failure
        return [article for unit in results for article in unit or ()]
