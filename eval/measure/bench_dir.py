"""Does cross-file batching work? A folder of short articles vs one file of the same sentences.

    python -m kabar.eval.measure.bench_dir --beam 1       # 200 articles x 5 sentences, 3 rounds

The articles are FLORES-200 devtest (../shared), 5 consecutive sentences each (its lines
come from the same source articles, 3-5 at a time). The model is full-size opus-mt-id-en
with random weights and the real tokenizer (``kabar.eval.measure.bench_model``): the right
shapes for speed. Random weights never stop on their own, so the output length is bounded tightly
(``--output-ratio``/``--output-slack``); every mode decodes the same sentences under the
same bound, so the comparison is fair.

Modes (``--modes``), each timed ``--repeats`` times in rotating order; the CPU is shared
with other work, so wall and CPU time are both kept and the medians reported:
  folder      ``translate_folder`` on a folder of the 200 article files (cross-file batching)
  one-file    ``translate_folder`` on a folder holding one file with all 200 articles
  engine      ``Translator.translate_article`` on that one text (no files, one call)
  per-file    each article translated by its own call: what batching per file would give
The figure of merit is the throughput (sentences/s) of ``folder`` over ``one-file``.
One thread by default: CPU time is then a steady measure on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kabar.core.splitter import segment
from kabar.translate.engine import Translator
from kabar.translate.folder.job import FolderJobOptions, translate_folder
from kabar.translate.options import TranslationOptions

FLORES = Path(__file__).resolve().parents[3] / "shared" / "data" / "testsets"
MODES = ("folder", "one-file", "engine", "per-file")


def build_articles(articles: int, per_article: int, testsets: Path = FLORES) -> list[str]:
    """``articles`` texts of ``per_article`` consecutive FLORES devtest sentences (one
    paragraph each)."""
    lines = (testsets / "flores200-devtest.ind").read_text("utf-8").splitlines()
    needed = articles * per_article
    if needed > len(lines):
        raise SystemExit(f"FLORES devtest has {len(lines)} sentences; {needed} requested")
    return [
        " ".join(lines[i * per_article : (i + 1) * per_article]) + "\n" for i in range(articles)
    ]


def write_inputs(root: Path, texts: list[str]) -> tuple[Path, Path]:
    """IN-folder (one file per article, in 10 subfolders) and IN-one (all in one file)."""
    folder, single = root / "in-folder", root / "in-one"
    for index, text in enumerate(texts):
        path = folder / f"part{index % 10}" / f"article{index:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    single.mkdir(parents=True)
    (single / "all.txt").write_text("\n".join(texts), encoding="utf-8")
    return folder, single


def timed(run: Callable[[], int]) -> dict[str, float]:
    """Wall time and this process's CPU time (all threads): on a shared machine the CPU
    time is the steadier measure, since waiting for a core does not count."""
    began, began_cpu = time.perf_counter(), time.process_time()
    sentences = run()
    seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "sentences": sentences,
        "per_second": round(sentences / seconds, 3),
        "per_cpu_second": round(sentences / cpu, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--per-article", type=int, default=5, help="sentences per article")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--backend", default=None, help="default: kabar's default backend")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--output-ratio", type=float, default=0.25)
    parser.add_argument("--output-slack", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="default 1: steadier CPU time")
    parser.add_argument(
        "--modes", nargs="+", choices=MODES, default=["folder", "one-file", "engine"]
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)

    if not (FLORES / "flores200-devtest.ind").is_file():
        print(f"bench_dir: needs ../shared test sets ({FLORES})", file=sys.stderr)
        return 2
    from kabar.eval.measure.bench_model import random_model_dir

    options = TranslationOptions(
        beam_size=args.beam, output_ratio=args.output_ratio, output_slack=args.output_slack
    )
    translator = Translator.load(
        str(random_model_dir()), backend=args.backend, threads=args.threads, options=options
    )
    texts = build_articles(args.articles, args.per_article)
    whole = "\n".join(texts)
    total_sentences = sum(len(p.sentences) for p in segment(whole))
    work = Path(tempfile.mkdtemp(prefix="kabar-bench-dir-"))
    try:
        folder, single = write_inputs(work, texts)
        job = FolderJobOptions(force=True)

        def run_folder(source: Path, name: str) -> Callable[[], int]:
            def run() -> int:
                report = translate_folder(
                    source, work / f"out-{name}", options=job, load_translator=lambda: translator
                )
                if report.count("failed") or report.count("translated") != len(
                    list(source.rglob("*.txt"))
                ):
                    raise SystemExit(f"bench_dir: {name} run did not translate every file")
                return report.sentences

            return run

        runs: dict[str, Callable[[], int]] = {
            "folder": run_folder(folder, "folder"),
            "one-file": run_folder(single, "one"),
            "engine": lambda: len(translator.translate_article(whole).sentences),
            "per-file": lambda: sum(len(translator.translate_article(t).sentences) for t in texts),
        }
        results: dict[str, list[dict[str, float]]] = {mode: [] for mode in args.modes}
        for repeat in range(args.repeats):
            order = args.modes[repeat % len(args.modes) :] + args.modes[: repeat % len(args.modes)]
            for mode in order:
                results[mode].append(timed(runs[mode]))
                print(f"  {mode:9s} run {repeat + 1}: {results[mode][-1]}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    summary = _summary(results, translator, args, total_sentences)
    print(json.dumps(summary, indent=2))
    if args.json is not None:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


def _summary(
    results: dict[str, list[dict[str, float]]],
    translator: Translator,
    args: argparse.Namespace,
    total_sentences: int,
) -> dict[str, Any]:
    medians = {
        mode: statistics.median(r["per_second"] for r in runs) for mode, runs in results.items()
    }
    cpu_medians = {
        mode: statistics.median(r["per_cpu_second"] for r in runs) for mode, runs in results.items()
    }
    summary: dict[str, Any] = {
        "engine": translator.info.to_dict(),
        "options": {"output_ratio": args.output_ratio, "output_slack": args.output_slack},
        "articles": args.articles,
        "sentences": total_sentences,
        "repeats": args.repeats,
        "median_sentences_per_second": {m: round(v, 2) for m, v in medians.items()},
        "median_sentences_per_cpu_second": {m: round(v, 2) for m, v in cpu_medians.items()},
        "runs": results,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    for other in ("one-file", "engine", "per-file"):
        if "folder" in medians and other in medians:
            summary[f"folder_over_{other}"] = {
                "wall": round(medians["folder"] / medians[other], 3),
                "cpu": round(cpu_medians["folder"] / cpu_medians[other], 3),
            }
    return summary


if __name__ == "__main__":
    raise SystemExit(main())
