"""Model benchmark: opus-mt-id-en next to NLLB-200-distilled-600M, in one run, each in its
own process, both with CTranslate2 int8, beam 4, 2 threads.

Run ``python -m kabar.eval.measure.bench_models [--sentences N] [--new-tokens N] [--beam 4]
[--threads 2]``.

Both models are full size with random weights: opus-mt from the real tokenizer and config
(``kabar.eval.measure.bench_model``); NLLB-200-distilled-600M from its published architecture
(https://huggingface.co/facebook/nllb-200-distilled-600M/blob/main/config.json: d_model
1024, 12 + 12 layers, 16 heads, FFN 4096, 1024 positions, 256,206 tokens) with a BPE
tokenizer of that vocabulary size: 16,000 pieces trained on Indonesian and English news
(../shared summarization data, never the test sentences), the 202 language codes, and
unused filler tokens up to 256,206 rows, so the embedding and output layers, the
conversion and the memory are the real model's. Its pieces are fewer than NLLB's, so
sentences are somewhat longer in tokens than with the real tokenizer (the report gives
the mean): if anything, NLLB is measured slower than it is.

Random weights almost never end a sentence, so (as ``kabar.eval.measure.bench``) every sentence
gets the same fixed number of output tokens (30, FLORES' mean English length), and a seed
article's timing gives every sentence 1.1 x the article's mean source tokens, as a real
model's translations would end. The load average is printed with
the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kabar.core.settings import bench_models_cache
from kabar.eval.measure.bench_engines import (
    REPO,
    SEEDS,
    _real_length,
    add_run_arguments,
    run_settings,
    time_sentences,
)
from kabar.eval.measure.bench_model import random_model_dir
from kabar.eval.measure.memory import peak_rss_mb
from kabar.eval.measure.random_models import (
    FAIRSEQ_IDS,
    NLLB_600M,
    nllb_tokenizer,
    save_random_m2m100,
    train_sentencepiece,
)

SUMMARIZATION = REPO.parent / "shared" / "data" / "summarization"
NLLB_VOCAB = 256_206
SEED = 0
PIECES = 16_000
MODELS = ("opus-mt-id-en", "nllb-200-distilled-600M")
BACKEND, COMPUTE_TYPE = "ctranslate2", "int8"


def nllb_random_model_dir() -> Path:
    """The cached random-weight NLLB-200-distilled-600M folder, built on first use (about
    a minute and 2.5 GB of disk). Raises FileNotFoundError without the ../shared
    summarization data the tokenizer is trained on."""
    target = bench_models_cache() / f"nllb-200-distilled-600M-random-seed{SEED}"
    if (target / "model.safetensors").is_file():
        return target
    corpora = [SUMMARIZATION / "indosum-dev02-500.jsonl", SUMMARIZATION / "cnndm-frank250.jsonl"]
    missing = [str(p) for p in corpora if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"the NLLB benchmark tokenizer is trained on {', '.join(missing)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _build_nllb(building, corpora)
        os.replace(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return target


def _build_nllb(folder: Path, corpora: list[Path]) -> None:
    articles = (
        json.loads(line)["article"]
        for path in corpora
        for line in path.read_text(encoding="utf-8").splitlines()
    )
    pieces = train_sentencepiece(
        "".join(f"{article}\n" for article in articles),
        folder / "spm",
        vocab_size=PIECES,
        model_type="bpe",
        ids=FAIRSEQ_IDS,
    )
    (folder / "spm.model").unlink()  # tokenizer.json holds the pieces and their merges
    nllb_tokenizer(pieces, model_max_length=1024, rows=NLLB_VOCAB).save_pretrained(str(folder))
    save_random_m2m100(
        folder,
        vocab_size=NLLB_VOCAB,
        size=NLLB_600M,
        max_positions=1024,
        seed=SEED,
        activation_function="relu",
        tie_word_embeddings=True,
    )


def model_dir(name: str) -> Path:
    return random_model_dir() if name == MODELS[0] else nllb_random_model_dir()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kabar.eval.measure.bench_models", description=__doc__
    )
    add_run_arguments(parser, sentences=30)
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--worker", choices=MODELS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.flores.is_file():
        print(f"bench_models: FLORES file not found: {args.flores}", file=sys.stderr)
        return 1
    sentences = args.flores.read_text(encoding="utf-8").splitlines()[: args.sentences]
    if args.worker:
        folder = model_dir(args.worker)
        run = _measure(folder, sentences, args.new_tokens, args.beam, args.threads)
        print(json.dumps({**run, **_extra(folder, sentences)}))
        return 0
    from kabar.translate.backends.ctranslate2 import converted_model

    folders = {name: model_dir(name) for name in MODELS}
    for folder in folders.values():  # converted before any timing
        converted_model(folder, model_id=str(folder), compute_type=COMPUTE_TYPE)
    load_before = os.getloadavg()
    runs = {name: _in_fresh_process(name, args) for name in MODELS}
    load_after = os.getloadavg()
    report = {
        "engine": "ctranslate2 int8",
        **run_settings(args, sentences=len(sentences)),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "runs": runs,
    }
    if args.format == "json":
        print(json.dumps(report, indent=2))
    else:
        print(_markdown(report))
    return 0


def _extra(folder: Path, sentences: list[str]) -> dict[str, Any]:
    from kabar.translate.families import family_of_folder

    family = family_of_folder(folder)
    assert family is not None
    tokenizer = family.load_tokenizer(folder)
    counts = [len(ids) for ids in tokenizer(sentences)["input_ids"]]
    from kabar.translate.backends.ctranslate2 import converted_model

    converted = converted_model(folder, model_id=str(folder), compute_type=COMPUTE_TYPE)
    return {
        "family": family.name,
        "mean_source_tokens": sum(counts) / len(counts),
        "converted_mb": sum(p.stat().st_size for p in converted.iterdir()) / 1e6,
    }


def _in_fresh_process(name: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable, "-m", "kabar.eval.measure.bench_models", "--worker", name,
        "--sentences", str(args.sentences), "--new-tokens", str(args.new_tokens),
        "--beam", str(args.beam), "--threads", str(args.threads), "--flores", str(args.flores),
    ]  # fmt: skip
    print(f"bench_models: measuring {name} ...", file=sys.stderr)
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{done.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def _measure(
    folder: Path, sentences: list[str], new_tokens: int, beam: int, threads: int
) -> dict[str, Any]:
    """Load one model and time it in this process (the worker side): load, fixed-length
    sentences, then each seed article warm at a realistic output length."""
    import time

    from kabar.translate.engine import Translator
    from kabar.translate.options import TranslationOptions

    began = time.perf_counter()
    translator = Translator.load(
        str(folder), backend=BACKEND, compute_type=COMPUTE_TYPE, threads=threads
    )
    load_seconds = time.perf_counter() - began
    backend = translator.backend
    fixed = TranslationOptions(beam_size=beam, output_ratio=1e-9, output_slack=new_tokens - 1)
    timed = time_sentences(backend, sentences, fixed)
    seeds = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        real = Translator(backend, _real_length(backend, text, beam))
        seeds[path.name] = real.translate_article(text).seconds
    return {
        "load_seconds": load_seconds,
        "seconds": timed.seconds,
        "cpu_seconds": timed.cpu_seconds,
        "sentences": len(sentences),
        "output_tokens": timed.output_tokens,
        "sentences_per_second": len(sentences) / timed.seconds,
        "tokens_per_second": timed.output_tokens / timed.seconds,
        "seed_seconds": seeds,
        "peak_rss_mb": peak_rss_mb(),
        "load_average": os.getloadavg(),
    }


def _markdown(report: dict[str, Any]) -> str:
    load = " / ".join(f"{v:.2f}" for v in report["load_average_before"])
    after = " / ".join(f"{v:.2f}" for v in report["load_average_after"])
    lines = [
        f"CTranslate2 int8, beam {report['beam']}, {report['threads']} threads; "
        f"{report['sentences']} FLORES-200 devtest sentences, {report['new_tokens']} output "
        f"tokens each; load average {load} before, {after} after.",
        "",
        "| model | sentences/s | tokens/s | CPU s | load | peak RSS | int8 on disk | mean "
        "source tokens | seed articles warm, realistic length (s) | load average after |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in report["runs"].items():
        seeds = ", ".join(f"{r['seed_seconds'][k]:.1f}" for k in sorted(r["seed_seconds"]))
        lines.append(
            f"| {name} | {r['sentences_per_second']:.2f} | {r['tokens_per_second']:.0f} | "
            f"{r['cpu_seconds']:.1f} | {r['load_seconds']:.2f} s | {r['peak_rss_mb']:.0f} MB | "
            f"{r['converted_mb']:.0f} MB | {r['mean_source_tokens']:.1f} | {seeds} | "
            f"{' / '.join(f'{v:.2f}' for v in r['load_average'])} |"
        )
    runs = list(report["runs"].values())
    if len(runs) == 2:
        ratio = runs[0]["sentences_per_second"] / runs[1]["sentences_per_second"]
        lines += ["", f"- {MODELS[0]} / {MODELS[1]}: {ratio:.2f}× the sentences per second"]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
