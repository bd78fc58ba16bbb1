"""Do the backends translate alike? transformers float32 against CTranslate2 float32 and int8.

Run ``python -m kabar.eval.measure.equivalence [--sentences 200] [--checks greedy,beam,forced,batch]
[--model ID|DIR]``.

By default on the length-realistic full-size opus-mt-id-en (``kabar.eval.measure.bench_model``:
real tokenizer and architecture, random weights whose sentences end about where real
translations do), FLORES-200 devtest sentences are translated by each engine through the
same ``Translator``; a sentence agrees when the two translations are the same string.

- ``greedy``: greedy search, the default output guard (2 × source tokens + 10).
- ``beam``: beam 4 with the default guard: sentences end when the model ends them, so this
  compares the two beam searches' stopping and ranking of finished hypotheses.
- ``forced``: beam 4, every sentence with the same output limit (30 tokens; with
  ``--random-model`` no sentence ends before it).
- ``batch``: CTranslate2 (int8 and float32), greedy, batched against one at a time.

Token-level agreement is the share of output tokens (SentencePiece tokens of the
translations) produced before the two outputs first differ. Where beam translations differ,
the table gives how far apart the two were under the search's own objective: with length
penalty 1 that is the mean log-probability, i.e. log(confidence), so a gap of 1e-4 nats is
a near-tie that float arithmetic can tip either way. int8 changes a choice only where
float32's two best candidates are nearly tied (the greedy check prints those gaps); how
often that happens depends on the weights, so the random-weight figure indicates, it does
not measure, the real model's: ``--model Helsinki-NLP/opus-mt-id-en`` measures that.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kabar.eval.measure.bench_model import length_realistic_model_dir, random_model_dir
from kabar.translate.backends.base import Backend
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from kabar.translate.results import SentenceTranslation

REPO = Path(__file__).resolve().parents[2]
FLORES = REPO.parent / "shared" / "data" / "testsets" / "flores200-devtest.ind"
CHECKS = ("greedy", "beam", "forced", "batch")
FIXED_TOKENS = 30


@dataclass(frozen=True)
class Agreement:
    """How often engine ``b`` gives engine ``a``'s translation."""

    check: str
    a: str
    b: str
    sentences: int
    exact_match: float  # share of sentences with the same translation
    token_agreement: float  # share of a's output tokens produced before the first difference
    same_flags: float
    max_confidence_difference: float
    # On sentences that differ: |log confidence a - log confidence b| (the beam objective).
    median_objective_gap: float
    max_objective_gap: float
    seconds_a: float
    seconds_b: float


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kabar.eval.measure.equivalence", description=__doc__
    )
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--checks", default="greedy,beam,batch", help=f"of {','.join(CHECKS)}")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--model",
        default=None,
        help="hub id or folder (default: the full-size random-weight stand-in); with the "
        "real opus-mt-id-en this measures int8's agreement on trained weights",
    )
    parser.add_argument(
        "--random-model",
        action="store_true",
        help="the plain random-weight stand-in (never ends a sentence) instead",
    )
    parser.add_argument("--flores", type=Path, default=FLORES)
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--show", type=int, default=0, help="print this many disagreements")
    parser.add_argument(
        "--batch-engines",
        default="ctranslate2 int8,ctranslate2 float32",
        help="engines the batch check runs (transformers one by one is slow)",
    )
    args = parser.parse_args(argv)
    checks = [c for c in args.checks.split(",") if c]
    unknown = sorted(set(checks) - set(CHECKS))
    if unknown:
        parser.error(f"unknown check(s) {', '.join(unknown)}; choose from {', '.join(CHECKS)}")
    if not args.flores.is_file():
        print(
            f"kabar.eval.measure.equivalence: FLORES not found: {args.flores} (--flores)",
            file=sys.stderr,
        )
        return 1
    sentences = args.flores.read_text(encoding="utf-8").splitlines()[: args.sentences]
    if args.model:
        model, weights = args.model, "given weights"
    elif args.random_model:
        model, weights = str(random_model_dir()), "random weights"
    else:
        model, weights = str(length_realistic_model_dir()), "length-realistic random weights"
    engines = {
        "transformers float32": Translator.load(
            model, backend="transformers", threads=args.threads
        ).backend,
        "ctranslate2 float32": Translator.load(
            model, backend="ctranslate2", compute_type="float32", threads=args.threads
        ).backend,
        "ctranslate2 int8": Translator.load(
            model, backend="ctranslate2", compute_type="int8", threads=args.threads
        ).backend,
    }
    tokenizer = engines["ctranslate2 int8"].tokenizer  # type: ignore[attr-defined]
    rows: list[dict[str, Any]] = []
    shown: list[dict[str, str]] = []
    began = os.getloadavg()
    for check in checks:
        runs = _translate(check, engines, sentences, args.batch_engines.split(","))
        for a, b in _pairs(check, list(runs)):
            (a_out, a_seconds), (b_out, b_seconds) = runs[a], runs[b]
            rows.append(
                _agreement(check, a, b, a_out, b_out, tokenizer)
                | {"seconds_a": a_seconds, "seconds_b": b_seconds}
            )
            shown += _disagreements(check, b, a_out, b_out, args.show)
    results = [Agreement(**row) for row in rows]
    ties = _near_ties(engines, sentences) if "greedy" in checks else None
    header = {
        "model": f"{model} ({weights})",
        "sentences": len(sentences),
        "threads": args.threads,
        "load_average": [began, os.getloadavg()],
    }
    if args.format == "json":
        payload = header | {"agreements": [asdict(r) for r in results], "near_ties": ties}
        print(json.dumps(payload, indent=2))
    else:
        print(_markdown(header, results))
        if ties:
            print(_near_ties_text(ties))
        for item in shown:
            print(f"\n[{item['check']}] {item['engine']}:\n  a: {item['a']}\n  b: {item['b']}")
    return 0


def _options(check: str) -> TranslationOptions:
    if check == "forced":
        return TranslationOptions(beam_size=4, output_ratio=1e-9, output_slack=FIXED_TOKENS - 1)
    if check == "beam":
        return TranslationOptions(beam_size=4)
    return TranslationOptions(beam_size=1)


def _translate(
    check: str, engines: dict[str, Backend], sentences: list[str], batch_engines: list[str]
) -> dict[str, tuple[list[SentenceTranslation], float]]:
    options = _options(check)
    if check != "batch":
        return {name: _timed(Translator(b, options), sentences) for name, b in engines.items()}
    one = TranslationOptions(beam_size=1, max_batch_sentences=1)
    runs = {}
    for name in batch_engines:
        runs[f"{name} one by one"] = _timed(Translator(engines[name], one), sentences)
        runs[f"{name} batched"] = _timed(Translator(engines[name], options), sentences)
    return runs


def _pairs(check: str, names: list[str]) -> list[tuple[str, str]]:
    """(reference, engine) pairs to compare for ``check``."""
    if check == "batch":
        return [(names[i], names[i + 1]) for i in range(0, len(names), 2)]
    pairs = [("transformers float32", name) for name in names if name != "transformers float32"]
    if check == "greedy":
        pairs.append(("ctranslate2 float32", "ctranslate2 int8"))
    return pairs


def _timed(translator: Translator, sentences: list[str]) -> tuple[list[SentenceTranslation], float]:
    print(
        f"equivalence: {translator.backend.name} {translator.backend.compute_type} "
        f"beam {translator.options.beam_size} ...",
        file=sys.stderr,
    )
    began = time.perf_counter()
    outputs = translator.translate_sentences(sentences)
    return outputs, time.perf_counter() - began


def _agreement(
    check: str,
    a_name: str,
    b_name: str,
    a: list[SentenceTranslation],
    b: list[SentenceTranslation],
    tokenizer: Any,
) -> dict[str, Any]:
    a_tokens = [tokenizer.encode(s.translation) for s in a]
    b_tokens = [tokenizer.encode(s.translation) for s in b]
    gaps = sorted(
        abs(math.log(max(x.confidence, 1e-300)) - math.log(max(y.confidence, 1e-300)))
        for x, y in zip(a, b, strict=True)
        if x.translation != y.translation
    )
    before_difference = sum(_common_prefix(x, y) for x, y in zip(a_tokens, b_tokens, strict=True))
    return {
        "check": check,
        "a": a_name,
        "b": b_name,
        "sentences": len(a),
        "exact_match": sum(x.translation == y.translation for x, y in zip(a, b, strict=True))
        / len(a),
        "token_agreement": before_difference / max(1, sum(len(t) for t in a_tokens)),
        "same_flags": sum(x.flags == y.flags for x, y in zip(a, b, strict=True)) / len(a),
        "max_confidence_difference": max(
            abs(x.confidence - y.confidence) for x, y in zip(a, b, strict=True)
        ),
        "median_objective_gap": statistics.median(gaps) if gaps else 0.0,
        "max_objective_gap": gaps[-1] if gaps else 0.0,
    }


def _common_prefix(x: Sequence[int], y: Sequence[int]) -> int:
    length = 0
    for p, q in zip(x, y, strict=False):
        if p != q:
            break
        length += 1
    return length


def _disagreements(
    check: str, name: str, a: list[SentenceTranslation], b: list[SentenceTranslation], limit: int
) -> list[dict[str, str]]:
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x.translation != y.translation]
    return [
        {"check": check, "engine": name, "a": x.translation, "b": y.translation}
        for x, y in pairs[:limit]
    ]


def _near_ties(engines: dict[str, Backend], sentences: list[str]) -> dict[str, Any]:
    """Where greedy int8 and float32 part ways, how close was the float32 model's call?

    For every sentence, float32's log-probability gap between its best and second-best
    token at each step, and, at the first step where int8 chose differently, the gap
    between float32's token and int8's (both after the same prefix).
    """
    import numpy as np

    f32 = engines["ctranslate2 float32"]
    int8 = engines["ctranslate2 int8"]
    options = TranslationOptions(beam_size=1)
    step_gaps: list[float] = []
    split_gaps: list[float] = []
    for start in range(0, len(sentences), 8):
        part = sentences[start : start + 8]
        sources = f32._source_tokens(part)  # type: ignore[attr-defined]
        for source, count in zip(sources, f32.count_tokens(part), strict=True):
            common = {
                "beam_size": 1,
                "max_decoding_length": options.max_new_tokens(count) - 1,
                "min_decoding_length": 0,
                "max_input_length": 0,
            }
            a = f32.translator.translate_batch(  # type: ignore[attr-defined]
                [source], return_logits_vocab=True, **common
            )[0]
            b = int8.translator.translate_batch([source], **common)[0]  # type: ignore[attr-defined]
            chosen, other = a.hypotheses[0], b.hypotheses[0]
            split = next(
                (k for k, (x, y) in enumerate(zip(chosen, other, strict=False)) if x != y), None
            )
            for step, logits in enumerate(a.logits[0]):
                log_probs = _log_softmax(np.asarray(logits))
                top = np.partition(log_probs, -2)[-2:]
                step_gaps.append(float(top[1] - top[0]))
                if step == split:
                    # CTranslate2's vocabulary is the tokenizer's without the final <pad>:
                    # the same ids.
                    vocab = f32.tokenizer.vocab  # type: ignore[attr-defined]
                    mine, theirs = vocab[chosen[step]], vocab[other[step]]
                    split_gaps.append(float(log_probs[mine] - log_probs[theirs]))
    gaps = np.asarray(step_gaps)
    return {
        "steps": len(step_gaps),
        "median_best_vs_second_gap": float(np.median(gaps)),
        "share_of_steps_with_gap_below_0.1": float(np.mean(gaps < 0.1)),
        "disagreements": len(split_gaps),
        "gaps_where_int8_chose_differently": sorted(split_gaps),
    }


def _log_softmax(logits: Any) -> Any:
    import numpy as np

    shifted = logits - logits.max()
    return shifted - np.log(np.exp(shifted).sum())


def _near_ties_text(ties: dict[str, Any]) -> str:
    gaps = ", ".join(f"{g:.3f}" for g in ties["gaps_where_int8_chose_differently"])
    return (
        f"\nGreedy float32: median gap between the best and second-best "
        f"token {ties['median_best_vs_second_gap']:.3f} nats over {ties['steps']} steps; "
        f"{100 * ties['share_of_steps_with_gap_below_0.1']:.1f}% of steps closer than 0.1. "
        f"Where int8 chose another token ({ties['disagreements']} sentences), float32 "
        f"preferred its own by: {gaps or 'n/a'} nats."
    )


def _markdown(header: dict[str, Any], results: list[Agreement]) -> str:
    (before, after) = header["load_average"]
    lines = [
        f"{header['sentences']} FLORES-200 devtest sentences, {header['model']}, "
        f"{header['threads']} threads; load average {before[0]:.2f} before, "
        f"{after[0]:.2f} after.",
        "",
        "| check | reference | engine | exact match | token agreement | same flags | "
        "max Δconfidence | objective gap where different (median / max nats) | "
        "seconds (ref / engine) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.check} | {r.a} | {r.b} | {100 * r.exact_match:.1f}% | "
            f"{100 * r.token_agreement:.1f}% | {100 * r.same_flags:.1f}% | "
            f"{r.max_confidence_difference:.4f} | "
            f"{r.median_objective_gap:.2g} / {r.max_objective_gap:.2g} | "
            f"{r.seconds_a:.1f} / {r.seconds_b:.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
