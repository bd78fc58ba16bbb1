"""A Ray pool's actor (one Translator in a Ray worker process) and the driver's record of
each actor (``kabar.translate.distributed.ray_pool``)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kabar.core.errors import KabarError
from kabar.translate.folder.job import ArticleTranslator
from kabar.translate.results import ArticleTranslation, EngineInfo


@dataclass(frozen=True)
class Hello:
    """What an actor says when it is up: where it runs and what it loaded (or the
    user-facing error that stopped it loading)."""

    pid: int
    node: str
    engine: EngineInfo | None
    error: KabarError | None


@dataclass(frozen=True)
class Done:
    articles: list[ArticleTranslation]
    seconds: float
    cpu_seconds: float  # the actor process's, all its threads


class TranslatorActor:
    """Runs inside a Ray worker process: one Translator, built once from the recipe."""

    def __init__(self, make_translator: Callable[[], ArticleTranslator]) -> None:
        self._translator: ArticleTranslator | None = None
        self._error: KabarError | None = None
        try:
            self._translator = make_translator()
        except KabarError as error:  # the model is missing: say so, do not crash-loop
            self._error = error

    def hello(self) -> Hello:
        import ray

        engine = self._translator.info if self._translator is not None else None
        node = str(ray.get_runtime_context().get_node_id())
        return Hello(os.getpid(), node, engine, self._error)

    def translate(self, texts: list[str]) -> Done:
        if self._translator is None:
            raise self._error or RuntimeError("the translator did not load")
        began, began_cpu = time.perf_counter(), time.process_time()
        articles = self._translator.translate_articles(texts)
        return Done(articles, time.perf_counter() - began, time.process_time() - began_cpu)


@dataclass(eq=False)
class Worker:
    """The driver's view of one actor and its figures for the report."""

    index: int
    actor: Any
    hello: Any | None  # the pending hello() while starting or restarting
    hello_after: float = 0.0  # when to ask again (the actor was unreachable)
    up: bool = False
    dead: bool = False
    node: str = ""
    pids: list[int] = field(default_factory=list)
    outstanding: list[Any] = field(default_factory=list)  # its units' refs, oldest first
    units: int = 0
    articles: int = 0
    sentences: int = 0
    busy_seconds: float = 0.0
    cpu_seconds: float = 0.0
    restarts: int = 0
    lost_units: int = 0

    def to_dict(self) -> dict[str, Any]:
        rate = self.sentences / self.busy_seconds if self.busy_seconds else 0.0
        return {
            "worker": self.index,
            "node": self.node,
            "pids": list(self.pids),
            "units": self.units,
            "articles": self.articles,
            "sentences": self.sentences,
            "busy_seconds": round(self.busy_seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "sentences_per_second": round(rate, 2),
            "restarts": self.restarts,
            "lost_units": self.lost_units,
        }
