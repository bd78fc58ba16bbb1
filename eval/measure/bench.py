"""kabar's speed against its targets, on a model whose sentences end (issue 15).

Run ``python -m kabar.eval.measure.bench [--sentences 200] [--repeats 3] [--threads 2]
[--skip-equivalence] [--format markdown|json]``.

The model is the length-realistic full-size opus-mt-id-en (``kabar.eval.measure.bench_model``):
real architecture and tokenizer, random weights whose end-of-sentence logit ramps with the
output/source ratio, so sentences end about where real translations do and the default
length guard is what it is in real use. Every figure is printed next to its target with the
load average while it was measured. The machine may be shared: figures are medians of
``--repeats`` runs, and kabar and raw CTranslate2 run alternately in one process, so their
ratio holds even when the absolute speed does not.

Figures (CTranslate2 int8, beam 4, 2 threads, model loaded unless said):
- FLORES-200 devtest lines (the first ``--sentences``): sentences/s, output tokens/s, and
  the share of the hardware limit (``hardware_limit``);
- kabar's overhead over raw ``ctranslate2.Translator.translate_batch`` on the same
  sentences and converted model (best of several batch sizes, tokenization included);
- every seed article's translation time;
- a whole ``kabar translate SEED`` process (load included) per seed, its peak memory,
  and a one-sentence process (cold start);
- the peak memory of the loaded engine after all of the above;
- transformers float32 against CTranslate2 float32 at beam 4 (``kabar.eval.measure.equivalence
  --checks beam``): the share of identical translations.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kabar.eval.measure.bench_model import length_realistic_model_dir
from kabar.eval.measure.memory import peak_rss_mb

REPO = Path(__file__).resolve().parents[2]
FLORES = REPO.parent / "shared" / "data" / "testsets" / "flores200-devtest.ind"
SEEDS = REPO / "seeds"


@dataclass(frozen=True)
class Target:
    """A figure's goal; the printed target and the verdict come from the same bound."""

    limit: float
    at_most: bool
    unit: str
    scale: float = 1.0  # 100 prints a share as a percentage

    def text(self) -> str:
        return f"{'<=' if self.at_most else '>='} {self.scale * self.limit:g}{self.unit}"

    def met(self, value: float) -> bool:
        return value <= self.limit if self.at_most else value >= self.limit


# The targets of issue 15 (warm, int8, beam 4, 2 threads).
SENTENCES_PER_SECOND = Target(15.0, at_most=False, unit=" sentences/s")
SEED_SECONDS = Target(2.0, at_most=True, unit=" s each")
PROCESS_SECONDS = Target(3.5, at_most=True, unit=" s")
PEAK_RSS_MB = Target(400.0, at_most=True, unit=" MB")
OVERHEAD = Target(0.05, at_most=True, unit="%", scale=100)
AGREEMENT = Target(0.98, at_most=False, unit="%", scale=100)
# int8 GEMM throughput of this machine's 2 cores, multiply-adds per second, measured for
# issue 15 with CTranslate2's int8 kernels on opus-mt-sized matrices. Pass --gemm-rate to
# use another machine's figure.
GEMM_MACS_PER_SECOND = 371e9
RAW_BATCH_SIZES = (8, 16, 32)
ONE_SENTENCE = "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin."


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kabar.eval.measure.bench", description=__doc__)
    parser.add_argument("--sentences", type=int, default=200, help="FLORES lines (200)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument("--flores", type=Path, default=FLORES)
    parser.add_argument(
        "--model", type=Path, help="a MarianMT folder (default: the length-realistic stand-in)"
    )
    parser.add_argument("--gemm-rate", type=float, default=GEMM_MACS_PER_SECOND)
    parser.add_argument("--skip-equivalence", action="store_true", help="skip the slow check")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.flores.is_file():
        print(
            f"kabar.eval.measure.bench: FLORES not found: {args.flores} (--flores)", file=sys.stderr
        )
        return 1
    if args.repeats < 1 or args.sentences < 1:
        parser.error("--repeats and --sentences must be 1 or more")
    lines = args.flores.read_text(encoding="utf-8").splitlines()[: args.sentences]
    if args.prepare:
        from kabar.translate.backends.ctranslate2 import converted_model

        model = args.model or length_realistic_model_dir()
        converted_model(model, model_id=str(model), compute_type=args.compute_type)
        print(model)
        return 0
    if args.worker:
        print(json.dumps(_warm(args.model, lines, args)))
        return 0
    # Built and converted in a child: this process must never hold torch, because a child
    # forked from it would start with its peak memory (Linux keeps ru_maxrss across exec).
    command = [sys.executable, "-m", "kabar.eval.measure.bench", "--prepare"]
    command += ["--compute-type", args.compute_type, "--flores", str(args.flores)]
    command += ["--model", str(args.model)] if args.model else []
    print("kabar.eval.measure.bench: building / converting the model ...", file=sys.stderr)
    prepared = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if prepared.returncode != 0:
        print(prepared.stderr[-3000:], file=sys.stderr)
        return 1
    model = args.model = Path(prepared.stdout.strip().splitlines()[-1])
    report: dict[str, Any] = {
        "model": str(model),
        "sentences": len(lines),
        "beam": args.beam,
        "threads": args.threads,
        "compute_type": args.compute_type,
        "repeats": args.repeats,
    }
    report["warm"] = _in_fresh_process(args)
    report["process"] = _processes(model, args)
    if not args.skip_equivalence:
        report["equivalence"] = _equivalence(model, args)
    if args.format == "json":
        print(json.dumps(report, indent=2))
    else:
        print(_markdown(report))
    return 0


def _warm(model: Path, lines: list[str], args: argparse.Namespace) -> dict[str, Any]:
    """The loaded-engine figures, measured in this (fresh) process."""
    from kabar.translate.engine import Translator
    from kabar.translate.options import TranslationOptions

    translator = Translator.load(
        str(model),
        backend="ctranslate2",
        compute_type=args.compute_type,
        threads=args.threads,
        options=TranslationOptions(beam_size=args.beam),
    )
    backend: Any = translator.backend
    translator.translate_sentences(lines[:4])  # warm-up
    seeds = sorted(SEEDS.glob("*.txt"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in seeds}
    # kabar alone first, so that the peak memory is kabar's own (raw batches come later).
    load = [os.getloadavg()[0]]
    seed_runs: dict[str, list[float]] = {name: [] for name in texts}
    for _ in range(args.repeats):
        for name, text in texts.items():
            seed_runs[name].append(translator.translate_article(text).seconds)
    kabar_runs: list[float] = []
    outputs = translator.translate_sentences(lines)  # also the output-token count
    peak_memory = peak_rss_mb()
    load.append(os.getloadavg()[0])
    sources = backend.count_tokens(lines)
    limits = [translator.options.max_new_tokens(n) for n in sources]
    # Side by side: kabar, then raw CTranslate2 at each batch size, repeated.
    raw_runs: dict[int, list[float]] = {size: [] for size in RAW_BATCH_SIZES}
    raw_tokens = 0
    raw_texts: list[str] = []
    for _ in range(args.repeats):
        kabar_runs.append(_timed(lambda: translator.translate_sentences(lines)))
        for size in RAW_BATCH_SIZES:
            seconds, raw_tokens, raw_texts = _raw(backend, lines, size, args.beam, max(limits))
            raw_runs[size].append(seconds)
    load.append(os.getloadavg()[0])
    kabar = statistics.median(kabar_runs)
    raw = {size: statistics.median(runs) for size, runs in raw_runs.items()}
    best_size = min(raw, key=lambda size: raw[size])
    # Output tokens: the model's own (end-of-sentence included); the texts re-tokenized
    # would count differently.
    tokens = _output_tokens(translator, lines)
    return {
        "kabar_seconds": kabar,
        "kabar_runs": kabar_runs,
        "sentences_per_second": len(lines) / kabar,
        "output_tokens": tokens,
        "tokens_per_second": tokens / kabar,
        "source_tokens": sum(sources),
        "at_length_limit": sum("length_limit" in s.flags for s in outputs),
        "raw_seconds": {str(size): seconds for size, seconds in raw.items()},
        "raw_runs": {str(size): runs for size, runs in raw_runs.items()},
        "raw_best_batch": str(best_size),
        "raw_output_tokens": raw_tokens,
        # The same work: the raw search's translations are kabar's (0 rows at the guard).
        "raw_same_translations": sum(
            a == b.translation for a, b in zip(raw_texts, outputs, strict=True)
        ),
        "overhead": kabar / raw[best_size] - 1.0,
        "seed_seconds": {name: statistics.median(runs) for name, runs in seed_runs.items()},
        "peak_rss_mb": peak_memory,
        "macs_per_token": macs_per_output_token(
            model, beam=args.beam, source_per_output=sum(sources) / tokens
        ),
        "gemm_rate": args.gemm_rate,
        "load_average": load,
    }


def _timed(work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def _output_tokens(translator: Any, lines: list[str]) -> int:
    backend = translator.backend
    options = translator.options
    total = 0
    for start in range(0, len(lines), 32):
        part = lines[start : start + 32]
        limits = [options.max_new_tokens(n) for n in backend.count_tokens(part)]
        decoded = backend.translate_batch(part, beam_size=options.beam_size, max_new_tokens=limits)
        total += sum(d.tokens for d in decoded)
    return total


def _raw(
    backend: Any, lines: list[str], batch: int, beam: int, limit: int
) -> tuple[float, int, list[str]]:
    """Plain CTranslate2 on the same translator: tokenize, one translate_batch call (it
    sorts by length and batches itself), detokenize. One limit for all (the largest
    guard): raw CTranslate2 has no per-sentence limit."""
    began = time.perf_counter()
    sources = [backend.tokenizer.encode(line) for line in lines]
    results = backend.translator.translate_batch(
        sources,
        max_batch_size=batch,
        beam_size=beam,
        max_decoding_length=limit - 1,
        max_input_length=0,
    )
    texts = [backend.tokenizer.decode(r.hypotheses[0]) for r in results]
    seconds = time.perf_counter() - began
    assert len(texts) == len(lines)
    return seconds, sum(len(r.hypotheses[0]) + 1 for r in results), texts


def macs_per_output_token(folder: Path, *, beam: int, source_per_output: float) -> dict[str, float]:
    """Multiply-adds the Hugging Face model in ``folder`` needs per output token (a lower
    bound: matrix products only).

    Per output token: ``beam`` decoder steps (self-attention and cross-attention projections,
    feed-forward, and the vocabulary projection), plus the encoder and the cross-attention
    keys and values of the ``source_per_output`` source tokens behind it.
    """
    config = json.loads((folder / "config.json").read_text("utf-8"))
    d = int(config["d_model"])
    ffn = int(config["decoder_ffn_dim"])
    layers_dec = int(config["decoder_layers"])
    layers_enc = int(config["encoder_layers"])
    vocab = int(config["vocab_size"]) - 1  # CTranslate2 drops Marian's <pad>
    decoder_layers = layers_dec * (4 * d * d + 2 * d * d + 2 * d * ffn)
    projection = d * vocab
    encoder = layers_enc * (4 * d * d + 2 * d * ffn) + layers_dec * 2 * d * d
    total = beam * (decoder_layers + projection) + source_per_output * encoder
    return {"total": total, "projection_share": beam * projection / total}


def _in_fresh_process(args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, "-m", "kabar.eval.measure.bench", "--worker"]
    command += ["--sentences", str(args.sentences), "--repeats", str(args.repeats)]
    command += ["--beam", str(args.beam), "--threads", str(args.threads)]
    command += ["--compute-type", args.compute_type, "--flores", str(args.flores)]
    command += ["--gemm-rate", str(args.gemm_rate)]
    command += ["--model", str(args.model)] if args.model else []
    print("kabar.eval.measure.bench: warm figures ...", file=sys.stderr)
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the warm worker failed:\n{done.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def _processes(model: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Wall time and peak memory of whole `kabar translate` processes (caches warm)."""
    command = [sys.executable, "-m", "kabar", "translate", "--model", str(model)]
    command += ["--backend", "ctranslate2", "--compute-type", args.compute_type]
    command += ["--beam", str(args.beam), "--threads", str(args.threads), "--quiet"]
    seeds = sorted(SEEDS.glob("*.txt"))
    print("kabar.eval.measure.bench: whole `kabar translate` processes ...", file=sys.stderr)
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as folder:
        one = Path(folder) / "one.txt"
        one.write_text(ONE_SENTENCE + "\n", encoding="utf-8")
        _run([*command, str(one)])  # first run: file-system caches
        runs: dict[str, list[float]] = {p.name: [] for p in seeds}
        cold: list[float] = []
        peaks: list[float] = []
        for _ in range(args.repeats):
            for path in seeds:
                seconds, peak = _run([*command, str(path)])
                runs[path.name].append(seconds)
                peaks.append(peak)
            cold.append(_run([*command, str(one)])[0])
    load.append(os.getloadavg()[0])
    return {
        "seed_seconds": {name: statistics.median(r) for name, r in runs.items()},
        "one_sentence_seconds": statistics.median(cold),
        "peak_rss_mb": max(peaks),
        "load_average": load,
    }


def _run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    with tempfile.TemporaryFile() as errors:
        began = time.perf_counter()
        child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{errors.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def _equivalence(model: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, "-m", "kabar.eval.measure.equivalence", "--checks", "beam"]
    command += ["--sentences", str(args.sentences), "--threads", str(args.threads)]
    command += ["--model", str(model), "--format", "json", "--flores", str(args.flores)]
    print("kabar.eval.measure.bench: transformers vs CTranslate2 at beam 4 ...", file=sys.stderr)
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the equivalence check failed:\n{done.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def _markdown(report: dict[str, Any]) -> str:
    warm, process = report["warm"], report["process"]
    macs = warm["macs_per_token"]
    limit = warm["gemm_rate"] / macs["total"]
    worst_seed = max(warm["seed_seconds"].items(), key=lambda item: item[1])
    worst_process = max(process["seed_seconds"].items(), key=lambda item: item[1])
    load = _load(warm["load_average"])
    rows = [
        _row(
            f"FLORES {report['sentences']} lines, warm",
            f"{warm['sentences_per_second']:.2f} sentences/s "
            f"({warm['tokens_per_second']:.0f} tokens/s)",
            load,
            (SENTENCES_PER_SECOND, warm["sentences_per_second"]),
        ),
        _row(
            "kabar over raw CTranslate2, same sentences",
            f"{100 * warm['overhead']:+.1f}% ({warm['kabar_seconds']:.2f} s vs "
            f"{warm['raw_seconds'][warm['raw_best_batch']]:.2f} s "
            f"at max_batch_size {warm['raw_best_batch']}; the same translation for "
            f"{warm['raw_same_translations']}/{report['sentences']} lines)",
            load,
            (OVERHEAD, warm["overhead"]),
        ),
        _row(
            "share of the hardware limit",
            f"{100 * warm['tokens_per_second'] / limit:.0f}% of {limit:.0f} tokens/s "
            f"({2 * macs['total'] / 1e6:.0f} MFLOP/token, "
            f"{100 * macs['projection_share']:.0f}% vocabulary projection)",
            load,
        ),
        _row(
            "slowest seed article, warm",
            f"{worst_seed[1]:.2f} s ({worst_seed[0]}); all: "
            + ", ".join(f"{s:.2f}" for s in warm["seed_seconds"].values()),
            load,
            (SEED_SECONDS, worst_seed[1]),
        ),
        _row(
            "whole `kabar translate SEED` process",
            f"slowest {worst_process[1]:.2f} s ({worst_process[0]}); all: "
            + ", ".join(f"{s:.2f}" for s in process["seed_seconds"].values()),
            _load(process["load_average"]),
            (PROCESS_SECONDS, worst_process[1]),
        ),
        _row(
            "whole process, one sentence (cold start)",
            f"{process['one_sentence_seconds']:.2f} s",
            _load(process["load_average"]),
        ),
        _row(
            "peak RSS, loaded engine after FLORES and seeds",
            f"{warm['peak_rss_mb']:.0f} MB (a whole seed process: {process['peak_rss_mb']:.0f} MB)",
            load,
            (PEAK_RSS_MB, warm["peak_rss_mb"]),
        ),
    ]
    if "equivalence" in report:
        for agreement in report["equivalence"]["agreements"]:
            if agreement["b"] != "ctranslate2 float32":
                continue
            rows.append(
                _row(
                    "transformers vs CTranslate2 float32, beam 4, natural endings",
                    f"{100 * agreement['exact_match']:.1f}% identical "
                    f"({100 * agreement['token_agreement']:.1f}% of tokens)",
                    _load(report["equivalence"]["load_average"][0][:1]),
                    (AGREEMENT, agreement["exact_match"]),
                )
            )
    lines = [
        f"{report['model']}; CTranslate2 {report['compute_type']}, beam {report['beam']}, "
        f"{report['threads']} threads; medians of {report['repeats']}. Output/source tokens "
        f"{warm['output_tokens'] / warm['source_tokens']:.2f}; "
        f"{warm['at_length_limit']}/{report['sentences']} sentences at the length guard.",
        "",
        "| figure | measured | target | met | load average |",
        "|---|---|---|---|---|",
    ]
    lines += rows
    raw = ", ".join(f"{size}: {seconds:.2f} s" for size, seconds in warm["raw_seconds"].items())
    lines += ["", f"Raw CTranslate2 by max_batch_size: {raw}."]
    return "\n".join(lines)


def _row(name: str, measured: str, load: str, goal: tuple[Target, float] | None = None) -> str:
    """One line of the figures table: ``goal`` is the target and the value it judges; a
    figure without one is reported only."""
    if goal is None:
        return f"| {name} | {measured} | (reported) | — | {load} |"
    target, value = goal
    verdict = "yes" if target.met(value) else "**no**"
    return f"| {name} | {measured} | {target.text()} | {verdict} | {load} |"


def _load(values: Sequence[float]) -> str:
    return " → ".join(f"{v:.1f}" for v in values)


if __name__ == "__main__":
    raise SystemExit(main())
