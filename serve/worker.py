"""The engine's one worker thread: requests queue for it, and the texts of the requests
that arrive together are translated in one ``Translator.translate_articles`` call, whose
token-budget batches then mix sentences of all of them (as the folder job mixes files).

The queue is bounded: a full queue is a 503 at once, never an unbounded wait. The event
loop never runs the engine, so ``/health`` and every refusal answer while it is busy.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from kabar.core.errors import KabarError
from kabar.translate.results import ArticleTranslation, EngineInfo

if TYPE_CHECKING:
    from kabar.translate.engine import Progress, Translator
    from kabar.translate.glossary import Glossary

T = TypeVar("T")

# One call's texts: at most about this many characters (ServeSettings.batch_chars).
MAX_BATCH_CHARS = 10_000


class QueueFull(KabarError):
    """The engine's queue holds ``queue_size`` requests already."""

    def __init__(self) -> None:
        super().__init__(
            "the server is busy: the translation queue is full. Try again in a few seconds."
        )


@dataclass
class _Job:
    texts: list[str]
    glossary: Glossary | None = None  # jobs share an engine call only with the same one
    future: Future[Any] = field(default_factory=Future)
    # Some other work on the engine (n-best alternatives): run alone, in queue order.
    call: Callable[[], Any] | None = None

    @property
    def chars(self) -> int:
        return sum(len(t) for t in self.texts)


@dataclass(frozen=True)
class WorkerStats:
    queued: int
    busy: bool
    calls: int
    requests: int
    busy_seconds: float  # the engine's time in calls since the start, the current one's so far


class EngineWorker:
    """Runs ``translator`` on one thread; ``submit(texts)`` returns a Future of their
    translations (one ``ArticleTranslation`` per text, in order).

    ``batch_wait`` (seconds): after the first request, how long to wait for others to
    join its call; ``batch_requests``: at most this many requests in one call (1 is the
    one-at-a-time baseline)."""

    def __init__(
        self,
        translator: Translator,
        *,
        queue_size: int = 64,
        batch_wait: float = 0.005,
        batch_requests: int = 64,
        max_batch_chars: int = MAX_BATCH_CHARS,
    ) -> None:
        self.translator = translator
        self.batch_wait = batch_wait
        self.batch_requests = batch_requests
        self.max_batch_chars = max_batch_chars
        self._jobs: queue.Queue[_Job | None] = queue.Queue(maxsize=queue_size)
        self._busy = False
        self._calls = 0
        self._requests = 0
        self._busy_seconds = 0.0
        self._began: float | None = None  # when the current call began
        self._held: _Job | None = None  # taken while gathering, for the next call
        self._thread = threading.Thread(target=self._run, name="kabar-engine", daemon=True)
        self._thread.start()

    @property
    def info(self) -> EngineInfo:
        return self.translator.info

    def stats(self) -> WorkerStats:
        began = self._began
        current = 0.0 if began is None else time.perf_counter() - began
        return WorkerStats(
            self._jobs.qsize(),
            self._busy,
            self._calls,
            self._requests,
            self._busy_seconds + current,
        )

    def submit(
        self, texts: Sequence[str], *, glossary: Glossary | None = None
    ) -> Future[list[ArticleTranslation]]:
        job = _Job(list(texts), glossary)
        try:
            self._jobs.put_nowait(job)
        except queue.Full:
            raise QueueFull from None
        return job.future

    def call(self, work: Callable[[], T]) -> Future[T]:
        """``work()`` run on the engine's thread in its turn (alone: it is not batched
        with translations), e.g. ``Translator.translate_alternatives``."""
        job = _Job([], call=work)
        try:
            self._jobs.put_nowait(job)
        except queue.Full:
            raise QueueFull from None
        return job.future

    def close(self) -> None:
        """Stop after the queued requests; waits for the thread."""
        self._jobs.put(None)
        self._thread.join(timeout=60)

    def _run(self) -> None:
        while True:
            first, self._held = self._held or self._jobs.get(), None
            if first is None:
                return
            if first.call is not None:
                if first.future.set_running_or_notify_cancel():
                    self._run_call(first, first.call)
                continue
            jobs = [first, *self._gather(first)]
            stop = None in jobs
            live = [j for j in jobs if j is not None and j.future.set_running_or_notify_cancel()]
            if live:
                self._translate(live)
            if stop:
                return

    def _gather(self, first: _Job) -> list[_Job | None]:
        """The requests that arrive within ``batch_wait`` of the first, up to the budget;
        one with another glossary is held for the next call."""
        more: list[_Job | None] = []
        chars = first.chars
        deadline = time.monotonic() + self.batch_wait
        while chars < self.max_batch_chars and len(more) + 1 < self.batch_requests:
            remaining = deadline - time.monotonic()
            try:
                job = self._jobs.get_nowait() if remaining <= 0 else self._jobs.get(True, remaining)
            except queue.Empty:
                break
            if job is not None and (job.call is not None or job.glossary is not first.glossary):
                self._held = job
                break
            more.append(job)
            if job is None:
                break
            chars += job.chars
        return more

    def _run_call(self, job: _Job, work: Callable[[], Any]) -> None:
        self._busy = True
        self._began = began = time.perf_counter()
        try:
            job.future.set_result(work())
        except Exception as error:  # the request gets it; the thread lives on
            job.future.set_exception(error)
        finally:
            self._busy_seconds += time.perf_counter() - began
            self._began = None
            self._busy = False
            self._calls += 1
            self._requests += 1

    def _translate(self, jobs: list[_Job]) -> None:
        texts = [t for job in jobs for t in job.texts]
        self._busy = True
        self._began = began = time.perf_counter()
        try:
            results = self.translator.translate_articles(texts, glossary=jobs[0].glossary)
        except Exception as error:  # each waiting request gets it; the thread lives on
            for job in jobs:
                job.future.set_exception(error)
            return
        finally:
            self._busy_seconds += time.perf_counter() - began
            self._began = None
            self._busy = False
            self._calls += 1
            self._requests += len(jobs)
        at = 0
        for job in jobs:
            job.future.set_result(results[at : at + len(job.texts)])
            at += len(job.texts)


class WaitedTooLong(KabarError):
    """A ``QueuedTranslator``'s call did not get its translation within its time."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the server is busy: not translated within {seconds:g} s. Try again shortly."
        )
        self.seconds = seconds


class QueuedTranslator:
    """The translator as the UI sees it: its calls go through the worker's queue, so the
    page and the API share one engine, one request at a time, batched together.

    ``seconds``: all its calls together wait at most this long (from its creation) for
    their translations, then WaitedTooLong (a call still queued is withdrawn); None
    waits as long as it takes. A full queue is QueueFull at once."""

    def __init__(self, worker: EngineWorker, *, seconds: float | None = None) -> None:
        self._worker = worker
        self._seconds = seconds
        self._deadline = None if seconds is None else time.monotonic() + seconds

    @property
    def info(self) -> EngineInfo:
        return self._worker.info

    def translate_article(
        self, text: str, *, progress: Progress | None = None, glossary: Glossary | None = None
    ) -> ArticleTranslation:
        return self.translate_articles([text], progress=progress, glossary=glossary)[0]

    def translate_articles(
        self,
        texts: Sequence[str],
        *,
        progress: Progress | None = None,
        glossary: Glossary | None = None,
    ) -> list[ArticleTranslation]:
        future = self._worker.submit(texts, glossary=glossary)
        if self._deadline is None:
            results = future.result()
        else:
            try:
                results = future.result(max(0.0, self._deadline - time.monotonic()))
            except TimeoutError:
                future.cancel()  # still queued: it never reaches the engine
                raise WaitedTooLong(self._seconds or 0.0) from None
        if progress is not None:  # the engine is shared: the page sees the end only
            progress(len(texts), len(texts))
        return results

    def __getattr__(self, name: str) -> Any:
        return getattr(self._worker.translator, name)
