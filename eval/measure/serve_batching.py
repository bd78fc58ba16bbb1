"""What cross-request batching gains inside the engine, without HTTP: ``kabar serve``'s
worker hands the texts of the requests it gathered to one ``translate_articles`` call;
one at a time (``--batch-requests 1``) it makes one call per article.

``python -m kabar.eval.measure.serve_batching`` loads the length-realistic random-weight
model once (``bench_model``) and translates the same seed articles both ways, in
alternating rounds so that both see the same machine load, printing sentences/s and the
load average of each round and the ratio over all rounds.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from kabar.core.splitter import segment

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="default: length-realistic")
    parser.add_argument("--articles", type=int, default=8, help="seed articles per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--beam", type=int, default=1)
    args = parser.parse_args()
    from kabar.translate.engine import Translator

    if args.model is None:
        from kabar.eval.measure.bench_model import length_realistic_model_dir

        args.model = length_realistic_model_dir()
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts = [seeds[i % len(seeds)] for i in range(args.articles)]
    sentences = sum(len(p.sentences) for text in texts for p in segment(text))
    translator = Translator.load(args.model, backend="ctranslate2", beam_size=args.beam)
    translator.translate_article(seeds[0])  # warm-up
    print(f"{args.articles} articles, {sentences} sentences, beam {args.beam}")
    print("| round | way | sentences/s | load average |\n|---|---|---|---|")
    seconds = {"one call": 0.0, "one article per call": 0.0}
    for number in range(1, args.rounds + 1):
        for way in seconds:
            began = time.perf_counter()
            if way == "one call":
                translator.translate_articles(texts)
            else:
                for text in texts:
                    translator.translate_articles([text])
            took = time.perf_counter() - began
            seconds[way] += took
            load = os.getloadavg()[0]
            print(f"| {number} | {way} | {sentences / took:.2f} | {load:.1f} |", flush=True)
    batched, single = (args.rounds * sentences / s for s in seconds.values())
    print(
        f"\none call / one article per call: {batched:.2f} / {single:.2f} sentences/s "
        f"= {batched / single:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
