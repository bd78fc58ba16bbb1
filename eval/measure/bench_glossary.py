"""What glossary enforcement costs in speed.

A sentence whose translation misses a glossary term is searched again for
``GLOSSARY_HYPOTHESES`` hypotheses (``kabar.translate.glossary_search.enforce_terms``),
so the cost is that second search, paid only by the sentences that miss a term. This
script measures the worst case: a glossary whose term every sentence has and no
translation uses (random weights never produce the English term), so every sentence is
searched twice. The cost of a real glossary is this overhead times the share of
sentences that miss a term.

The model is the length-realistic full-size opus-mt-id-en stand-in
(``kabar.eval.measure.bench_model``): real architecture and tokenizer, realistic output
lengths. The machine's load average is printed beside the figures.

Run ``python -m kabar.eval.measure.bench_glossary [--sentences 20] [--backend ctranslate2]
[--beam 4] [--threads 2]``.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from pathlib import Path

from kabar.eval.measure.bench_model import length_realistic_model_dir
from kabar.translate.engine import Translator
from kabar.translate.glossary import Glossary, Term
from kabar.translate.glossary_search import GLOSSARY_HYPOTHESES
from kabar.translate.options import TranslationOptions
from kabar.translate.spec import EngineSpec

REPO = Path(__file__).resolve().parents[2]
FLORES = REPO.parent / "shared" / "data" / "testsets" / "flores200-devtest.ind"
# An English term no random-weight output contains: every sentence misses it.
UNREACHABLE = "zyxwvut"


def worst_case_glossary(sentences: Sequence[str]) -> Glossary:
    """One term per sentence (its first word of 4+ letters), each to be translated as a
    word no output has: every sentence misses a term."""
    terms: dict[str, Term] = {}
    for sentence in sentences:
        word = next((w.strip(".,\"'()") for w in sentence.split() if len(w) >= 4), None)
        if word and word.casefold() not in terms:
            terms[word.casefold()] = Term(word, UNREACHABLE)
    return Glossary(tuple(terms.values()))


def timed(translator: Translator, sentences: list[str], glossary: Glossary | None) -> float:
    began = time.perf_counter()
    translator.translate_sentences(sentences, glossary=glossary)
    return time.perf_counter() - began


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure what glossary enforcement costs.")
    parser.add_argument("--sentences", type=int, default=20)
    parser.add_argument("--backend", default="ctranslate2")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--flores", type=Path, default=FLORES)
    args = parser.parse_args(argv)
    sentences = args.flores.read_text(encoding="utf-8").splitlines()[: args.sentences]
    model = args.model or length_realistic_model_dir()
    spec = EngineSpec.resolve(
        str(model),
        backend=args.backend,
        threads=args.threads,
        options=TranslationOptions(beam_size=args.beam),
    )
    translator = Translator.load(spec)
    glossary = worst_case_glossary(sentences)
    missing = sum(1 for s in sentences if glossary.required(s))
    load_before = os.getloadavg()[0]
    timed(translator, sentences[:2], None)  # warm-up
    plain = timed(translator, sentences, None)
    enforced = timed(translator, sentences, glossary)
    load_after = os.getloadavg()[0]
    extra = enforced - plain
    print(
        f"{args.backend} · beam {args.beam} · {args.threads} threads · {len(sentences)} FLORES "
        f"sentences · {GLOSSARY_HYPOTHESES} hypotheses for each sentence missing a term"
    )
    print(f"without glossary: {plain:.2f} s ({len(sentences) / plain:.2f} sentences/s)")
    print(
        f"with a glossary every sentence misses ({missing} searched again): {enforced:.2f} s "
        f"({len(sentences) / enforced:.2f} sentences/s), x{enforced / plain:.2f}"
    )
    print(f"cost per sentence searched again: {extra / max(1, missing):.3f} s")
    print(f"load average: {load_before:.2f} before, {load_after:.2f} after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
