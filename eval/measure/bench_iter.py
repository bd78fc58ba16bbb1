"""How soon ``Translator.translate_iter`` gives its first result, and what it costs overall.

Translates the seed articles (repeated ``--repeat`` times) three ways on one loaded model:
``translate_iter`` (time to the first result, how much of the input it had read by then,
time to the last), and ``translate_articles`` on the whole list. Prints one line of
figures with the load average (the machine is shared: read them with it).

    python -m kabar.eval.measure.bench_iter --model DIR [--batch-articles 4] [--repeat 4]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from kabar.translate.engine import Translator

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kabar.eval.measure.bench_iter")
    parser.add_argument("--model", required=True, help="a model folder or hub id")
    parser.add_argument("--batch-articles", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=4, help="times the seeds are repeated")
    parser.add_argument("--beam", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] * args.repeat
    translator = Translator.load(args.model, beam_size=args.beam, threads=args.threads)
    translator.translate_article(texts[0])  # warm-up: first-call costs are not the iterator's
    read = 0

    def articles() -> Iterator[str]:
        nonlocal read
        for text in texts:
            read += 1
            yield text

    began = time.perf_counter()
    results = translator.translate_iter(articles(), batch_articles=args.batch_articles)
    next(results)
    first, read_at_first = time.perf_counter() - began, read
    count = 1 + sum(1 for _ in results)
    lazy = time.perf_counter() - began
    began = time.perf_counter()
    translator.translate_articles(texts)
    whole = time.perf_counter() - began
    print(
        f"{count} articles, batch_articles={args.batch_articles}: translate_iter's first "
        f"result after {first:.2f} s with {read_at_first} of {len(texts)} inputs read, the "
        f"last after {lazy:.2f} s; translate_articles: {whole:.2f} s "
        f"(load average {os.getloadavg()[0]:.2f}, {args.threads} thread(s), beam {args.beam})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
