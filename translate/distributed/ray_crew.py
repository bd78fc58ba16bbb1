"""A Ray pool's actors and their health: starting them, sending them units, hearing
their hellos, noticing restarts and deaths, stopping them (``kabar.translate.distributed``).

The pool (``ray_pool``) decides what to send and what a lost unit means for the run; the
crew knows only which actors are up and what each holds.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from kabar.translate.distributed.ray_actor import Hello, TranslatorActor, Worker
from kabar.translate.distributed.ray_setup import ClusterError, RayPoolOptions
from kabar.translate.folder.job import ArticleTranslator
from kabar.translate.results import EngineInfo


class Crew:
    """The actors of one pool (``ray`` is the imported Ray module)."""

    def __init__(self, ray: Any, options: RayPoolOptions) -> None:
        self.ray = ray
        self.options = options
        self.workers: list[Worker] = []
        self.engine: EngineInfo | None = None  # what the first actor up loaded
        self.death = ""  # why the first actor that died for good died

    def start(self, make_translator: Callable[[], ArticleTranslator]) -> None:
        """Start the actors; return once one is up and the others have had
        ``join_timeout`` to join. Raises ClusterError when none starts."""
        ray, options = self.ray, self.options
        count = options.workers or max(1, self.cluster_cpus() // options.threads)
        actor_class = ray.remote(TranslatorActor).options(
            num_cpus=options.threads,
            max_restarts=options.max_restarts,
            max_task_retries=0,  # the pool sends lost units again itself, to any actor
            scheduling_strategy="SPREAD",  # across nodes: one node lost costs least
        )
        for index in range(count):
            # The recipe itself, not a reference to it in the object store: a restart
            # needs it again, whatever became of the driver's references.
            actor = actor_class.remote(make_translator)
            self.workers.append(Worker(index, actor, actor.hello.remote()))
        first = time.monotonic() + options.start_timeout
        while not any(w.up for w in self.workers):
            if all(w.dead for w in self.workers) or time.monotonic() > first:
                raise ClusterError(self._no_worker_message())
            self.wait([], timeout=1.0)
        then = time.monotonic() + options.join_timeout
        while any(w.hello is not None for w in self.workers) and time.monotonic() < then:
            self.wait([], timeout=1.0)

    def cluster_cpus(self) -> int:
        return int(self.ray.cluster_resources().get("CPU", 1))

    def _no_worker_message(self) -> str:
        if self.death:
            return f"the Ray workers could not start: {self.death}"
        threads = self.options.threads
        return (
            f"no Ray worker started within {self.options.start_timeout:.0f} s: each asks "
            f"for {threads} CPU(s) (--threads) and the cluster has "
            f"{self.cluster_cpus()}; lower --workers or --threads, or add nodes"
        )

    def stop(self) -> None:
        """Kill every actor not already dead. Safe to call twice."""
        for worker in self.workers:
            if worker.dead:
                continue
            worker.dead, worker.up = True, False
            try:
                self.ray.kill(worker.actor, no_restart=True)
            except Exception:  # already gone with its node: nothing to stop
                continue

    def submit(
        self,
        queue: deque[int],
        units: list[range],
        texts: list[str],
        pending: dict[Any, tuple[Worker, int]],
    ) -> None:
        """Send queued units to the actors that are up, one each in turn, up to
        ``in_flight`` per actor."""
        limit = self.options.in_flight
        while queue:
            ready = [w for w in self.workers if w.up and len(w.outstanding) < limit]
            if not ready:
                return
            for worker in sorted(ready, key=lambda w: len(w.outstanding)):
                if not queue:
                    return
                unit = queue.popleft()
                batch = texts[units[unit].start : units[unit].stop]
                ref = worker.actor.translate.remote(batch)
                pending[ref] = (worker, unit)
                worker.outstanding.append(ref)  # an actor runs its calls in this order

    def lost(self, worker: Worker) -> None:
        """``worker``'s process died: Ray restarts it; ask when it is up again."""
        if worker.up:
            worker.up = False
            worker.restarts += 1
            worker.hello = worker.actor.hello.remote()

    def wait(self, refs: list[Any], *, timeout: float) -> list[Any]:
        """Wait up to ``timeout`` for any of ``refs`` or any actor's hello; handle the
        hellos here, return the refs that are done."""
        ray = self.ray
        now = time.monotonic()
        for worker in self.workers:  # ask again those that were unreachable
            idle = worker.hello is None and not worker.up and not worker.dead
            if idle and now >= worker.hello_after:
                worker.hello = worker.actor.hello.remote()
        hellos = {w.hello: w for w in self.workers if w.hello is not None}
        everything = refs + list(hellos)
        if not everything:
            time.sleep(min(timeout, 0.2))
            return []
        done, _ = ray.wait(everything, num_returns=1, timeout=timeout)
        if done:  # and whatever else is ready by now, without waiting
            done, _ = ray.wait(everything, num_returns=len(everything), timeout=0)
        finished: list[Any] = []
        for ref in done:
            greeted = hellos.get(ref)
            if greeted is None:
                finished.append(ref)
            else:
                self._greet(greeted, ref)
        return finished

    def _greet(self, worker: Worker, ref: Any) -> None:
        ray = self.ray
        worker.hello = None
        try:
            hello: Hello = ray.get(ref)
        except ray.exceptions.ActorDiedError as error:
            # For good: its restarts are used up, it was stopped, or its constructor
            # raised something other than a KabarError (kept for the message).
            worker.dead = True
            self.death = self.death or raised_line(error)
            return
        except ray.exceptions.RayError:  # unreachable for now (restarting): ask again soon
            worker.hello_after = time.monotonic() + 1.0
            return
        if hello.error is not None:
            raise hello.error
        worker.up = True
        worker.node = hello.node
        worker.pids.append(hello.pid)
        if self.engine is None:
            self.engine = hello.engine


def raised_line(error: Exception) -> str:
    """The exception line that ends the remote traceback in Ray's message, else its first
    line (without the ANSI colours Ray adds)."""
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in str(error).splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return type(error).__name__
    raised = [line for line in lines if re.match(r"^[\w.]+(Error|Exception)\b.*:", line)]
    return raised[-1] if raised else lines[0]
