"""Engine comparison with forced output lengths: transformers one sentence at a time,
transformers batched, CTranslate2 float32 and CTranslate2 int8, on the same sentences with
the same output lengths. It compares engines; it is not a picture of real use, which
``python -m kabar.eval.measure.bench`` measures on the length-realistic model.

Run ``python -m kabar.eval.measure.bench_engines [--sentences N] [--new-tokens N] [--beam 4]
[--threads 2]``.

The model is a full-size opus-mt-id-en with random weights (``kabar.eval.measure.bench_model``): the
real architecture and tokenizer, so the speed is the real model's. Random weights almost
never end a sentence, so every sentence is given the same fixed number of output tokens
(default 30, the mean length of FLORES-200 devtest's English references in target tokens):
every engine then produces the same number of tokens and the ratios measure the engine.
Each engine runs in a fresh process, so its peak memory is its own. The machine's load
average is printed beside the figures: other processes on the same cores slow every
engine, so compare figures from one run, or re-run on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kabar.eval.measure.bench_model import random_model_dir
from kabar.eval.measure.memory import peak_rss_mb
from kabar.translate.backends.base import (
    Backend,
    Batch,
    Decoded,
    DelegatingBackend,
    translate_batches,
)
from kabar.translate.options import TranslationOptions

REPO = Path(__file__).resolve().parents[2]
FLORES = REPO.parent / "shared" / "data" / "testsets" / "flores200-devtest.ind"
SEEDS = REPO / "seeds"
# Output tokens every engine produces per sentence: the mean length of the FLORES-200
# devtest English references (29.7 target tokens, end-of-sentence included).
NEW_TOKENS = 30
# Realistic-length seed timings give every sentence of an article the output length a real
# translation has on average: FLORES English/Indonesian token ratio 29.7 / 27.6 = 1.08.
REAL_OUTPUT_RATIO = 1.1


@dataclass(frozen=True)
class Engine:
    name: str
    backend: str
    compute_type: str
    one_by_one: bool = False


ENGINES = (
    Engine("transformers one-by-one", "transformers", "float32", one_by_one=True),
    Engine("transformers batched", "transformers", "float32"),
    Engine("ctranslate2 float32", "ctranslate2", "float32"),
    Engine("ctranslate2 int8", "ctranslate2", "int8"),
)


@dataclass(frozen=True)
class EngineRun:
    """One engine's figures, measured in its own process."""

    engine: str
    backend: str
    compute_type: str
    load_seconds: float  # Translator.load in a fresh process, the model already converted
    seconds: float  # translating the sentences (after a two-sentence warm-up)
    cpu_seconds: float  # CPU time of the process during those seconds
    sentences: int
    output_tokens: int  # end-of-sentence included
    peak_rss_mb: float
    seed_seconds: dict[str, float] = field(default_factory=dict)  # warm, default guard
    seed_real_length_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds

    @property
    def tokens_per_second(self) -> float:
        return self.output_tokens / self.seconds


def add_run_arguments(parser: argparse.ArgumentParser, *, sentences: int) -> None:
    """The options every forced-length benchmark shares (this one and bench_models)."""
    parser.add_argument(
        "--sentences", type=int, default=sentences, help=f"FLORES sentences ({sentences})"
    )
    parser.add_argument("--new-tokens", type=int, default=NEW_TOKENS, help="per sentence")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--flores", type=Path, default=FLORES)


def run_settings(args: argparse.Namespace, *, sentences: int) -> dict[str, Any]:
    """What ``add_run_arguments`` chose, as the benchmark's report echoes it."""
    return {
        "sentences": sentences,
        "new_tokens": args.new_tokens,
        "beam": args.beam,
        "threads": args.threads,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kabar.eval.measure.bench_engines", description=__doc__
    )
    add_run_arguments(parser, sentences=120)
    parser.add_argument("--engines", default=",".join(e.name for e in ENGINES))
    parser.add_argument("--no-cli", action="store_true", help="skip the `kabar translate` runs")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.flores.is_file():
        print(
            f"kabar.eval.measure.bench_engines: FLORES file not found: {args.flores} (--flores)",
            file=sys.stderr,
        )
        return 1
    sentences = args.flores.read_text(encoding="utf-8").splitlines()[: args.sentences]
    model = random_model_dir()
    if args.worker:
        engine = next(e for e in ENGINES if e.name == args.worker)
        run = _measure(engine, model, sentences, args.new_tokens, args.beam, args.threads)
        print(json.dumps(asdict(run)))
        return 0
    chosen = [e for e in ENGINES if e.name in args.engines.split(",")]
    load_before = os.getloadavg()
    _prepare(model, chosen)
    runs = [_in_fresh_process(e, args) for e in chosen]
    cli = {} if args.no_cli else _cli_latencies(model, chosen, args.beam, args.threads)
    load_after = os.getloadavg()
    report = {
        "model": f"{model} (random weights, real tokenizer and architecture)",
        **run_settings(args, sentences=len(sentences)),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "runs": [asdict(r) | _rates(r) for r in runs],
        "cli_seconds": cli,
    }
    if args.format == "json":
        print(json.dumps(report, indent=2))
    else:
        print(_markdown(report, runs, cli))
    return 0


def _measure(
    engine: Engine, model: Path, sentences: list[str], new_tokens: int, beam: int, threads: int
) -> EngineRun:
    """Load and run one engine in this process (the worker side)."""
    from kabar.translate.engine import Translator

    began = time.perf_counter()
    translator = Translator.load(
        str(model), backend=engine.backend, compute_type=engine.compute_type, threads=threads
    )
    load_seconds = time.perf_counter() - began
    backend = translator.backend
    # Every sentence gets exactly ``new_tokens`` output tokens: limit = ceil(tiny) + slack.
    fixed = TranslationOptions(
        beam_size=beam,
        output_ratio=1e-9,
        output_slack=new_tokens - 1,
        max_batch_sentences=1 if engine.one_by_one else TranslationOptions().max_batch_sentences,
    )
    timed = time_sentences(backend, sentences, fixed)
    seed_seconds: dict[str, float] = {}
    real_seconds: dict[str, float] = {}
    if not engine.one_by_one:
        default = Translator(backend, TranslationOptions(beam_size=beam))
        for path in sorted(SEEDS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            seed_seconds[path.name] = default.translate_article(text).seconds
            real = Translator(backend, _real_length(backend, text, beam))
            real_seconds[path.name] = real.translate_article(text).seconds
    return EngineRun(
        engine=engine.name,
        backend=engine.backend,
        compute_type=engine.compute_type,
        load_seconds=load_seconds,
        seconds=timed.seconds,
        cpu_seconds=timed.cpu_seconds,
        sentences=len(sentences),
        output_tokens=timed.output_tokens,
        peak_rss_mb=peak_rss_mb(),
        seed_seconds=seed_seconds,
        seed_real_length_seconds=real_seconds,
    )


@dataclass(frozen=True)
class SentencesRun:
    """Translating a list of sentences once, after a two-sentence warm-up."""

    seconds: float
    cpu_seconds: float  # CPU time of the process during those seconds
    output_tokens: int  # end-of-sentence included


def time_sentences(
    backend: Backend, sentences: Sequence[str], options: TranslationOptions
) -> SentencesRun:
    """Warm ``backend`` up on two sentences, then time translating ``sentences`` with
    ``options`` (this and bench_models measure alike)."""
    from kabar.translate.engine import Translator

    Translator(backend, options).translate_sentences(sentences[:2])  # warm-up
    spy = _TokenCounter(backend)
    cpu_before = _cpu_seconds()
    began = time.perf_counter()
    Translator(spy, options).translate_sentences(sentences)
    seconds = time.perf_counter() - began
    return SentencesRun(seconds, _cpu_seconds() - cpu_before, spy.output_tokens)


class _TokenCounter(DelegatingBackend):
    """A backend that passes every call on (searching ahead when the inner backend can)
    and counts the output tokens."""

    def __init__(self, inner: Backend) -> None:
        super().__init__(inner)
        self.output_tokens = 0

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        decoded = super().translate_batch(texts, beam_size=beam_size, max_new_tokens=max_new_tokens)
        self.output_tokens += sum(d.tokens for d in decoded)
        return decoded

    def translate_batches(
        self, batches: Iterable[Batch], *, beam_size: int
    ) -> Iterator[list[Decoded]]:
        # Searched ahead when the inner backend can (CTranslate2), as the engine would.
        for decoded in translate_batches(self.inner, batches, beam_size=beam_size):
            self.output_tokens += sum(d.tokens for d in decoded)
            yield decoded


def _real_length(backend: Backend, text: str, beam: int) -> TranslationOptions:
    """Options giving every sentence of ``text`` the output length a real translation of
    the article has on average (random weights never end a sentence themselves)."""
    from kabar.core.splitter import segment

    sentences = [text[s.start : s.end] for p in segment(text) for s in p.sentences]
    counts = backend.count_tokens(sentences)
    tokens = max(2, round(REAL_OUTPUT_RATIO * sum(counts) / max(1, len(counts))))
    return TranslationOptions(beam_size=beam, output_ratio=1e-9, output_slack=tokens - 1)


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def _prepare(model: Path, engines: list[Engine]) -> None:
    """Convert the model for every CTranslate2 compute type before any timing."""
    from kabar.translate.backends.ctranslate2 import converted_model

    for compute_type in sorted({e.compute_type for e in engines if e.backend == "ctranslate2"}):
        converted_model(model, model_id=str(model), compute_type=compute_type)


def _in_fresh_process(engine: Engine, args: argparse.Namespace) -> EngineRun:
    command = [
        sys.executable,
        "-m",
        "kabar.eval.measure.bench_engines",
        "--worker",
        engine.name,
        "--sentences",
        str(args.sentences),
        "--new-tokens",
        str(args.new_tokens),
        "--beam",
        str(args.beam),
        "--threads",
        str(args.threads),
        "--flores",
        str(args.flores),
    ]
    print(f"kabar.eval.measure.bench_engines: measuring {engine.name} ...", file=sys.stderr)
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{engine.name} failed:\n{done.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return EngineRun(**data)


def _cli_latencies(
    model: Path, engines: list[Engine], beam: int, threads: int
) -> dict[str, dict[str, float]]:
    """Wall time of a whole `kabar translate SEED` process per seed (caches warm)."""
    results: dict[str, dict[str, float]] = {}
    for engine in engines:
        if engine.one_by_one:
            continue
        command = [
            sys.executable,
            "-m",
            "kabar",
            "translate",
            "--model",
            str(model),
            "--backend",
            engine.backend,
            "--compute-type",
            engine.compute_type,
            "--beam",
            str(beam),
            "--threads",
            str(threads),
            "--quiet",
        ]
        seeds = sorted(SEEDS.glob("*.txt"))
        print(
            f"kabar.eval.measure.bench_engines: `kabar translate` with {engine.name} ...",
            file=sys.stderr,
        )
        subprocess.run([*command, str(seeds[0])], cwd=REPO, capture_output=True, check=True)
        timings = {}
        for path in seeds:
            began = time.perf_counter()
            subprocess.run([*command, str(path)], cwd=REPO, capture_output=True, check=True)
            timings[path.name] = time.perf_counter() - began
        results[engine.name] = timings
    return results


def _rates(run: EngineRun) -> dict[str, float]:
    return {
        "sentences_per_second": run.sentences_per_second,
        "tokens_per_second": run.tokens_per_second,
    }


def _markdown(
    report: dict[str, Any], runs: list[EngineRun], cli: dict[str, dict[str, float]]
) -> str:
    base = next((r for r in runs if r.engine == "transformers one-by-one"), runs[0])
    lines = [
        f"{report['sentences']} FLORES-200 devtest sentences, {report['new_tokens']} output "
        f"tokens each, beam {report['beam']}, {report['threads']} threads; load average "
        f"{_load(report['load_average_before'])} before, "
        f"{_load(report['load_average_after'])} after.",
        "",
        "| engine | sentences/s | tokens/s | × one-by-one | CPU s | peak RSS | load |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r.engine} | {r.sentences_per_second:.2f} | {r.tokens_per_second:.0f} | "
            f"{r.sentences_per_second / base.sentences_per_second:.1f}× | "
            f"{r.cpu_seconds:.1f} | {r.peak_rss_mb:.0f} MB | {r.load_seconds:.2f} s |"
        )
    lines.append("")
    seeds = sorted({name for r in runs for name in r.seed_seconds})
    if seeds:
        lines += [
            "Seconds per seed article, model loaded: realistic output length (every sentence "
            f"{REAL_OUTPUT_RATIO} × the article's mean source tokens, as a real model's would "
            "end) / default output guard (random weights run every sentence to its own "
            "2 × source + 10 tokens); then a whole `kabar translate` process (default guard).",
            "",
            "| engine | " + " | ".join(seeds) + " |",
            "|---|" + "---|" * len(seeds),
        ]
        for r in runs:
            if not r.seed_seconds:
                continue
            cells = []
            for name in seeds:
                cell = f"{r.seed_real_length_seconds[name]:.2f} / {r.seed_seconds[name]:.2f}"
                if r.engine in cli:
                    cell += f"; CLI {cli[r.engine][name]:.2f}"
                cells.append(cell)
            lines.append(f"| {r.engine} | " + " | ".join(cells) + " |")
        lines.append("")
    ratios = _ratios(runs)
    lines += [f"- {text}" for text in ratios]
    return "\n".join(lines)


def _ratios(runs: list[EngineRun]) -> list[str]:
    by_name = {r.engine: r for r in runs}
    pairs = (
        ("ctranslate2 int8", "transformers one-by-one"),
        ("ctranslate2 int8", "transformers batched"),
        ("ctranslate2 int8", "ctranslate2 float32"),
        ("ctranslate2 float32", "transformers batched"),
        ("transformers batched", "transformers one-by-one"),
    )
    return [
        f"{a} / {b}: {by_name[a].sentences_per_second / by_name[b].sentences_per_second:.2f}× "
        f"(CPU time: {by_name[b].cpu_seconds / by_name[a].cpu_seconds:.2f}×)"
        for a, b in pairs
        if a in by_name and b in by_name
    ]


def _load(values: Sequence[float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    raise SystemExit(main())
