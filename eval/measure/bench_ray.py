"""What does Ray cost? The folder job on Ray actors against the same job in this process.

    python -m kabar.eval.measure.bench_ray             # 200 articles x 5 sentences, 2 rounds each

The articles are FLORES-200 devtest (../shared), 5 consecutive sentences each, one file
per article (``kabar.eval.measure.bench_dir``); the model is the length-realistic full-size
opus-mt-id-en (``kabar.eval.measure.bench_model``: real architecture and tokenizer, random
weights whose sentences end about where real translations do), CTranslate2 int8, beam 4,
kabar's default length guard.

Modes, alternating (local, ray, ray, local, ...) so that a change in the machine's load
hits both alike:
  local   ``translate_folder`` with one Translator of ``--local-threads`` threads
  ray     ``translate_folder`` on ``--workers`` Ray actors of ``--worker-threads`` each,
          on a Ray started on this machine (127.0.0.1 only)
Throughput is the report's sentences over its translation seconds (model loading and the
start of Ray excluded in both). Also measured: Ray's overhead per work unit (the round
trip of a one-sentence unit minus its time in the translator) and each worker's own rate
(its sentences over its busy seconds: the per-core throughput when it has one thread).
The load average is printed with every run: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kabar.eval.measure.bench_dir import FLORES, build_articles, write_inputs
from kabar.translate.engine import Translator
from kabar.translate.folder.job import ArticleTranslator, FolderJobOptions, translate_folder
from kabar.translate.folder.report import FolderReport
from kabar.translate.options import TranslationOptions


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--per-article", type=int, default=5, help="sentences per article")
    parser.add_argument("--repeats", type=int, default=2, help="runs of each mode")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--local-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-threads", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    if not (FLORES / "flores200-devtest.ind").is_file():
        print(f"bench_ray: needs ../shared test sets ({FLORES})", file=sys.stderr)
        return 2
    from kabar.eval.measure.bench_model import length_realistic_model_dir
    from kabar.translate.distributed.ray_pool import RayPoolOptions, RayTranslatorPool
    from kabar.translate.distributed.recipe import TranslatorRecipe

    model = str(length_realistic_model_dir())
    options = TranslationOptions(beam_size=args.beam)
    local = Translator.load(
        model, backend="ctranslate2", threads=args.local_threads, options=options
    )
    recipe = TranslatorRecipe.resolve(
        model, backend="ctranslate2", threads=args.worker_threads, options=options
    )
    pool = RayTranslatorPool(
        recipe, options=RayPoolOptions(workers=args.workers, threads=args.worker_threads)
    )
    texts = build_articles(args.articles, args.per_article)
    work = Path(tempfile.mkdtemp(prefix="kabar-bench-ray-"))
    runs: dict[str, list[dict[str, Any]]] = {"local": [], "ray": []}
    try:
        folder, _ = write_inputs(work, texts)
        job = FolderJobOptions(force=True)
        translators: dict[str, ArticleTranslator] = {"local": local, "ray": pool}
        # A warm-up of each (first calls allocate), then the measured runs.
        for mode in ("local", "ray"):
            translators[mode].translate_articles(texts[:4])
        modes = ["local", "ray"]
        for repeat in range(args.repeats):
            for mode in modes if repeat % 2 == 0 else modes[::-1]:
                before = _load()
                translator = translators[mode]
                actors_cpu = _actors_cpu(pool)
                began_cpu = time.process_time()
                report = translate_folder(
                    folder,
                    work / f"out-{mode}",
                    options=job,
                    load_translator=lambda: translator,  # noqa: B023 (called at once)
                )
                driver_cpu = time.process_time() - began_cpu
                cpu = driver_cpu + _actors_cpu(pool) - actors_cpu
                runs[mode].append(_run_figures(report, before, len(texts), cpu))
                if mode == "ray":  # what the driver costs: reading, writing, scheduling
                    runs[mode][-1]["driver_cpu_seconds"] = round(driver_cpu, 2)
                print(f"  {mode:5s} run {repeat + 1}: {runs[mode][-1]}", file=sys.stderr)
        trips = pool.round_trips([texts[0].split(". ")[0] + "."], repeats=30)
        overhead = [wall - busy for wall, busy in trips]
        workers = pool.run_report()["workers"]
    finally:
        pool.close()
        shutil.rmtree(work, ignore_errors=True)

    medians = {
        mode: statistics.median(r["sentences_per_second"] for r in figures)
        for mode, figures in runs.items()
    }
    cpu_medians = {
        mode: statistics.median(r["sentences_per_cpu_second"] for r in figures)
        for mode, figures in runs.items()
    }
    summary = {
        "model": "opus-mt-id-en, length-realistic random weights, CTranslate2 int8",
        "beam": args.beam,
        "output_guard": f"{options.output_ratio} x source tokens + {options.output_slack}",
        "articles": args.articles,
        "local": f"1 Translator x {args.local_threads} threads",
        "ray": f"{args.workers} actors x {args.worker_threads} thread(s), local Ray",
        "runs": runs,
        "median_sentences_per_second": {m: round(v, 2) for m, v in medians.items()},
        "median_sentences_per_cpu_second": {m: round(v, 2) for m, v in cpu_medians.items()},
        "ray_over_local": round(medians["ray"] / medians["local"], 3),
        "ray_over_local_cpu": round(cpu_medians["ray"] / cpu_medians["local"], 3),
        "ray_over_local_per_run": [
            round(on_ray["sentences_per_second"] / here["sentences_per_second"], 3)
            for on_ray, here in zip(runs["ray"], runs["local"], strict=True)
        ],
        "per_unit_overhead_ms": {
            "median": round(1000 * statistics.median(overhead), 2),
            "max": round(1000 * max(overhead), 2),
        },
        "per_worker_sentences_per_busy_second": [w["sentences_per_second"] for w in workers],
        "per_worker_sentences_per_cpu_second": [
            round(w["sentences"] / w["cpu_seconds"], 2) for w in workers if w["cpu_seconds"]
        ],
        "load_average_end": _load(),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(summary, indent=2))
    if args.json is not None:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


def _actors_cpu(pool: Any) -> float:
    return float(sum(w["cpu_seconds"] for w in pool.run_report()["workers"]))


def _run_figures(
    report: FolderReport, load_before: str, articles: int, cpu: float
) -> dict[str, Any]:
    if report.count("translated") != articles:
        raise SystemExit("bench_ray: a run did not translate every article")
    figures: dict[str, Any] = {
        "sentences": report.sentences,
        "seconds": round(report.translation_seconds, 2),
        "sentences_per_second": round(report.sentences_per_second, 2),
        # This process's CPU, plus the actors' for --ray: steadier than wall time on a
        # shared machine, blind to idle workers (wall time sees those).
        "cpu_seconds": round(cpu, 2),
        "sentences_per_cpu_second": round(report.sentences / cpu, 2),
        "load_average_before": load_before,
        "load_average_after": _load(),
    }
    return figures


if __name__ == "__main__":
    raise SystemExit(main())
