"""Is the input Indonesian? Candidate language identifiers measured on real text.

Sets (from ``../shared/data``): FLORES-200 devtest single lines (1012 Indonesian, 1012
English), 500 two-sentence Indonesian snippets (consecutive FLORES lines of one article),
and the 500 IndoSum articles. Right means "Indonesian" for Indonesian text and anything
else for English.

Candidates: kabar's decision (``kabar.core.language.is_other_language``), its
function-word count (``detect_language``: Indonesian, English or neither), the old
translator check ``quality.looks_indonesian`` (a share of Indonesian function words),
and, when installed, py3langid (BSD-3-Clause; 97 languages including Malay "ms"
and Javanese "jv") and lingua-language-detector (Apache-2.0; Malay and Indonesian, no
Javanese), both offline. Neither library is a kabar dependency: this script decides
whether one should be.

Run ``python -m kabar.eval.measure.language_id [--format json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kabar.core.language import INDONESIAN, detect_language, is_other_language
from kabar.translate.quality import looks_indonesian

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = REPO_ROOT.parent / "shared" / "data"
FLORES = DATA / "testsets" / "flores200-devtest"
INDOSUM = DATA / "summarization" / "indosum-dev02-500.jsonl"
PAIRS = 500

Identify = Callable[[str], str]


def candidates() -> dict[str, Identify]:
    """The identifiers to measure: kabar's two, and the libraries that are installed."""
    found: dict[str, Identify] = {
        # What kabar decides by (translate's warning, summarize's method): the count below.
        "kabar": lambda text: "other" if is_other_language(text) else INDONESIAN,
        "function-words": lambda text: detect_language([text]).code,
        "looks_indonesian": lambda text: INDONESIAN if looks_indonesian(text) else "other",
    }
    try:
        import py3langid
    except ImportError:
        pass
    else:
        found["py3langid"] = lambda text: str(py3langid.classify(text)[0])
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        pass
    else:
        detector = LanguageDetectorBuilder.from_all_languages().build()

        def lingua(text: str) -> str:
            language = detector.detect_language_of(text)
            return INDONESIAN if language == Language.INDONESIAN else str(language)

        found["lingua"] = lingua
    return found


def test_sets() -> dict[str, tuple[list[str], bool]]:
    """name: (texts, whether they are Indonesian)."""
    indonesian = (FLORES.with_suffix(".ind")).read_text("utf-8").splitlines()
    english = (FLORES.with_suffix(".eng")).read_text("utf-8").splitlines()
    pairs = [f"{indonesian[i]} {indonesian[i + 1]}" for i in range(0, 2 * PAIRS, 2)]
    articles = [
        json.loads(line)["article"] for line in INDOSUM.read_text("utf-8").splitlines() if line
    ]
    return {
        "FLORES Indonesian lines": (indonesian, True),
        "FLORES English lines": (english, False),
        "two-sentence Indonesian snippets": (pairs, True),
        "IndoSum articles": (articles, True),
    }


def measure(identify: Identify, sets: dict[str, tuple[list[str], bool]]) -> dict[str, Any]:
    scores: dict[str, Any] = {}
    start = time.perf_counter()
    for name, (texts, indonesian) in sets.items():
        right = sum((identify(text) == INDONESIAN) == indonesian for text in texts)
        scores[name] = {"right": right, "of": len(texts), "share": round(right / len(texts), 4)}
    scores["seconds"] = round(time.perf_counter() - start, 1)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if not FLORES.with_suffix(".ind").is_file():
        print(f"kabar: the test data is not there: {FLORES}.ind (see ../shared/docs/DATA.md)")
        return 1
    sets = test_sets()
    results = {name: measure(identify, sets) for name, identify in candidates().items()}
    if args.format == "json":
        print(json.dumps({"load_average": os.getloadavg()[0], **results}, indent=2))
        return 0
    print(f"load average {os.getloadavg()[0]:.2f}")
    for name, scores in results.items():
        cells = "  ".join(
            f"{set_name} {score['share']:.2%}"
            for set_name, score in scores.items()
            if set_name != "seconds"
        )
        print(f"{name:>17}: {cells}  ({scores['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
