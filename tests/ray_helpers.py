"""Shared by the Ray tests: a corpus, the folder job run locally or on a pool, reports made
comparable, translators that break on purpose (imported by the actors too, so nothing here
may need pytest). Outputs, reports and manifests are read back with tests.folder_helpers."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kabar.translate.documents.base import DocumentOptions
from kabar.translate.folder.job import (
    ArticleTranslator,
    FolderJobOptions,
    Progress,
    translate_folder,
)
from kabar.translate.folder.report import FolderReport
from kabar.translate.results import ArticleTranslation, EngineInfo
from tests.conftest import seed_files

BROKEN = "RUSAK-DI-SINI"  # a text holding this breaks the translator (BreaksOn)
KILLER = "MATIKAN-PROSES"  # a text holding this kills its process (KillsOn)
SETTINGS = {"model": "tiny", "beam": 4}


def start_local_ray(num_cpus: int) -> Any:
    """A Ray on this machine only (127.0.0.1), as ``--ray`` without an address starts it."""
    from kabar.translate.distributed.ray_pool import import_ray

    ray = import_ray(loopback=True)
    ray.init(
        address="local",
        num_cpus=num_cpus,
        include_dashboard=False,
        object_store_memory=256 * 2**20,
        log_to_driver=False,
        logging_level=logging.ERROR,
    )
    return ray


def write_corpus(root: Path, articles: int) -> dict[str, str]:
    """``articles`` seed articles in two folders, a .jsonl of records, an HTML page and
    an undecodable file; returns {relative path: text} of the good ones."""
    seeds = [p.read_text("utf-8") for p in seed_files()]
    files = {f"hari{i % 2}/berita{i:03d}.txt": seeds[i % len(seeds)] for i in range(articles)}
    records = [{"id": f"r{i}", "text": seeds[(i + 3) % len(seeds)][:600]} for i in range(6)]
    files["korpus/rekaman.jsonl"] = "".join(json.dumps(r) + "\n" for r in records)
    paragraphs = "".join(f"<p>{p}</p>" for p in seeds[1].split("\n\n") if p.strip())
    files["web/halaman.html"] = f"<html><body><article>{paragraphs}</article></body></html>"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "rusak.txt").write_bytes(b"Kata \x81\x8d\x8f\x90\x9d tak terbaca.\n")
    return files


def run_job(
    src: Path,
    out: Path,
    load: Callable[[], ArticleTranslator],
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> FolderReport:
    options = FolderJobOptions(
        documents=DocumentOptions(json=True), settings=SETTINGS, force=force, round_chars=20_000
    )
    return translate_folder(src, out, options=options, load_translator=load, progress=progress)


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """A report without what differs between any two runs (timings, folders) and without
    the distributed entry."""
    data = {k: v for k, v in report.items() if k not in ("in_dir", "out_dir", "distributed")}
    timing = ("seconds", "translation_seconds", "sentences_per_second")
    data["totals"] = {k: v for k, v in report["totals"].items() if k not in timing}
    data["files"] = [{k: v for k, v in f.items() if k != "seconds"} for f in report["files"]]
    return data


class _Wrapped:
    """A translator that does something bad when a text holds ``marker``."""

    def __init__(self, inner: ArticleTranslator, marker: str, kill: bool) -> None:
        self.inner, self.marker, self.kill = inner, marker, kill

    @property
    def info(self) -> EngineInfo:
        return self.inner.info

    def translate_articles(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> list[ArticleTranslation]:
        if any(self.marker in t for t in texts):
            if self.kill:
                os._exit(3)  # as a segfault or the OOM killer would end it
            raise RuntimeError("the backend broke")
        return self.inner.translate_articles(texts, progress=progress)


@dataclass(frozen=True)
class BreaksOn:
    """A recipe: ``recipe``'s translator, raising on texts holding ``marker``."""

    recipe: Callable[[], ArticleTranslator]
    marker: str = BROKEN

    def __call__(self) -> ArticleTranslator:
        return _Wrapped(self.recipe(), self.marker, kill=False)


@dataclass(frozen=True)
class KillsOn:
    """A recipe: ``recipe``'s translator, whose process dies on texts holding ``marker``."""

    recipe: Callable[[], ArticleTranslator]
    marker: str = KILLER

    def __call__(self) -> ArticleTranslator:
        return _Wrapped(self.recipe(), self.marker, kill=True)
