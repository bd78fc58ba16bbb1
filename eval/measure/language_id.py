"""Is the input Indonesian? Candidate language identifiers measured on real text.

Sets (from ``../shared/data``): FLORES-200 devtest single lines (1012 Indonesian, 1012
English), 500 two-sentence Indonesian snippets (consecutive FLORES lines of one article),
the 500 IndoSum articles, and (to see Indonesian taken for Malay or Javanese) their
sentences (kabar's splitter) and the TICO-19 and Tatoeba Indonesian lines; from
``tests/data/language/udhr.tsv`` (committed, see its README): the Universal Declaration
of Human Rights in Malay, Javanese and Indonesian, as single sentences and as 2- and
3-sentence snippets (consecutive sentences). Right means
"Indonesian" for Indonesian text and anything else for the others; for Malay and Javanese
the table also gives the share *named* so ("ms", "jv").

Candidates: kabar's decision (``kabar.core.language.is_other_language``), its
function-word count (``detect_language``: Indonesian, English, Malay, Javanese or
none of these), the old
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
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from kabar.core.language import (
    INDONESIAN,
    JAVANESE,
    MALAY,
    detect_language,
    is_other_language,
)
from kabar.core.splitter import split_sentences
from kabar.translate.quality import looks_indonesian

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = REPO_ROOT.parent / "shared" / "data"
FLORES = DATA / "testsets" / "flores200-devtest"
INDOSUM = DATA / "summarization" / "indosum-dev02-500.jsonl"
TICO = DATA / "testsets" / "tico19-test.ind"
TATOEBA = DATA / "testsets" / "tatoeba-v2021-08-07.ind"
UDHR = REPO_ROOT / "tests" / "data" / "language" / "udhr.tsv"
PAIRS = 500
# table code: (name, the code an identifier names it by)
UDHR_LANGUAGES = {
    "zlm": ("Malay", MALAY),
    "jav": ("Javanese", JAVANESE),
    "ind": ("Indonesian", INDONESIAN),
}

Identify = Callable[[str], str]


@dataclass(frozen=True)
class TestSet:
    texts: list[str]
    indonesian: bool
    code: str | None = None  # Malay and Javanese: the code that names them right


def candidates() -> dict[str, Identify]:
    """The identifiers to measure: kabar's two, and the libraries that are installed."""
    found: dict[str, Identify] = {
        # What kabar decides by (translate's warning, summarize's method): the count below.
        "kabar": lambda text: (
            detect_language([text]).code if is_other_language(text) else INDONESIAN
        ),
        "function-words": lambda text: detect_language([text]).code,
        "looks_indonesian": lambda text: INDONESIAN if looks_indonesian(text) else "other",
    }
    if find_spec("py3langid") is not None:  # measured only when installed
        import py3langid

        found["py3langid"] = lambda text: str(py3langid.classify(text)[0])
    if find_spec("lingua") is not None:  # measured only when installed
        from lingua import Language, LanguageDetectorBuilder

        detector = LanguageDetectorBuilder.from_all_languages().build()

        def lingua(text: str) -> str:
            language = detector.detect_language_of(text)
            names = {Language.INDONESIAN: INDONESIAN, Language.MALAY: MALAY}
            return names.get(language, str(language)) if language is not None else "none"

        found["lingua"] = lingua
    return found


def test_sets() -> dict[str, TestSet]:
    """name: the texts and what they are."""
    indonesian = (FLORES.with_suffix(".ind")).read_text("utf-8").splitlines()
    english = (FLORES.with_suffix(".eng")).read_text("utf-8").splitlines()
    pairs = [f"{indonesian[i]} {indonesian[i + 1]}" for i in range(0, 2 * PAIRS, 2)]
    articles = [
        json.loads(line)["article"] for line in INDOSUM.read_text("utf-8").splitlines() if line
    ]
    sets = {
        "FLORES Indonesian lines": TestSet(indonesian, True),
        "FLORES English lines": TestSet(english, False),
        "two-sentence Indonesian snippets": TestSet(pairs, True),
        "IndoSum articles": TestSet(articles, True),
    }
    # More Indonesian, to see Indonesian taken for Malay or Javanese: news sentences, lines.
    sets["IndoSum sentences"] = TestSet(
        [text[s.start : s.end] for text in articles for s in split_sentences(text)], True
    )
    for name, path in (("TICO-19", TICO), ("Tatoeba", TATOEBA)):
        if path.is_file():
            sets[f"{name} Indonesian lines"] = TestSet(path.read_text("utf-8").splitlines(), True)
    for table_code, sentences in udhr_sentences().items():
        name, code = UDHR_LANGUAGES[table_code]
        expected = code if code != INDONESIAN else None
        sets[f"UDHR {name} sentences"] = TestSet(sentences, code == INDONESIAN, expected)
        for size in (2, 3):
            snippets = [
                " ".join(sentences[i : i + size]) for i in range(0, len(sentences) - size + 1, size)
            ]
            sets[f"UDHR {name} {size}-sentence snippets"] = TestSet(
                snippets, code == INDONESIAN, expected
            )
    return sets


def udhr_sentences() -> dict[str, list[str]]:
    """The table's sentences by language, in the declaration's order."""
    found: dict[str, list[str]] = {code: [] for code in UDHR_LANGUAGES}
    for line in UDHR.read_text("utf-8").splitlines()[1:]:
        code, _article, _paragraph, text = line.split("\t")
        found[code].append(text)
    return found


def measure(identify: Identify, sets: dict[str, TestSet]) -> dict[str, Any]:
    scores: dict[str, Any] = {}
    start = time.perf_counter()
    for name, test_set in sets.items():
        found = [identify(text) for text in test_set.texts]
        right = sum((code == INDONESIAN) == test_set.indonesian for code in found)
        of = len(found)
        scores[name] = {"right": right, "of": of, "share": round(right / of, 4)}
        if test_set.code is not None:
            named = sum(code == test_set.code for code in found)
            scores[name] |= {"named": named, "named_share": round(named / of, 4)}
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
    print(
        "right: Indonesian for Indonesian text, anything else for the others; (named: as ms / jv)"
    )
    print("| set | " + " | ".join(results) + " |")
    print("|---" * (len(results) + 1) + "|")
    for set_name, test_set in sets.items():
        cells = [_cell(scores[set_name]) for scores in results.values()]
        print(f"| {set_name} ({len(test_set.texts)}) | " + " | ".join(cells) + " |")
    seconds = " | ".join(f"{scores['seconds']} s" for scores in results.values())
    print(f"| seconds | {seconds} |")
    return 0


def _cell(score: dict[str, Any]) -> str:
    cell = f"{score['share']:.2%}"
    return cell if "named" not in score else f"{cell} ({score['named_share']:.0%})"


if __name__ == "__main__":
    raise SystemExit(main())
