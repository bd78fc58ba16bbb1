"""The Python front door: ``from kabar import ...``, ``Translator.load``'s typed keywords,
the lazy ``translate_iter``, the one translate-and-brief composition, and docs/python.md
run as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import kabar
from kabar.core.errors import OptionsError
from kabar.summarize.engine import Summarizer
from kabar.summarize.options import DEFAULT_SENTENCES
from kabar.translate.backends.base import Backend
from kabar.translate.briefing import (
    BRIEF_SENTENCES,
    brief_maker,
    brief_of,
    brief_rows,
    translate_and_brief,
)
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from kabar.translate.spec import EngineSpec
from tests.conftest import REPO, assert_same_translations, seed_files

HEAVY = ("numpy", "torch", "transformers", "gradio", "ctranslate2", "sentence_transformers")
DOC = REPO / "docs" / "python.md"


def test_import_kabar_does_no_work() -> None:
    code = (
        "import sys, kabar\n"
        f"print('HEAVY', sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
        "print('OWN', sorted(m for m in sys.modules if m.startswith('kabar.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert "HEAVY []" in result.stdout, result.stderr[-2000:]
    assert "OWN []" in result.stdout  # not even kabar's own modules


def test_every_public_name_is_the_object_at_its_home() -> None:
    import importlib

    assert sorted(kabar.__all__) == sorted(kabar._HOMES)
    for name, home in kabar._HOMES.items():
        assert getattr(kabar, name) is getattr(importlib.import_module(home), name), name
    assert set(kabar.__all__) <= set(dir(kabar))
    with pytest.raises(AttributeError, match="no attribute 'Translater'"):
        _ = kabar.Translater  # type: ignore[attr-defined]


def test_load_takes_typed_keywords(tiny_model_dir: Path) -> None:
    translator = Translator.load(
        tiny_model_dir,  # a Path, not only a str
        backend="transformers",
        threads=1,
        beam_size=2,
        max_input_tokens=40,
        options=TranslationOptions(max_batch_sentences=7, beam_size=5),
    )
    info = translator.info
    assert info.model == str(tiny_model_dir.resolve())
    assert (info.backend, info.threads, info.beam_size, info.max_input_tokens) == (
        "transformers",
        1,
        2,  # beam_size replaces the option's 5
        40,
    )
    assert info.options["max_batch_sentences"] == 7  # the other options are kept
    with pytest.raises(OptionsError, match="beam_size"):
        Translator.load(tiny_model_dir, beam_size=0)


def test_load_takes_a_spec_alone(tiny_model_dir: Path) -> None:
    spec = EngineSpec.resolve(str(tiny_model_dir), threads=1)
    assert Translator.load(spec).spec == spec
    # Even a choice equal to the default: the spec says it, not the caller.
    for choice in ({"beam_size": 1}, {"threads": 1}, {"device": "auto"}, {"device": "cpu"}):
        with pytest.raises(TypeError, match="not both"):
            Translator.load(spec, **choice)  # type: ignore[arg-type]


def test_translate_iter_yields_before_reading_all_its_input(tiny_backend: Backend) -> None:
    translator = Translator(tiny_backend, TranslationOptions(beam_size=1))
    texts = [path.read_text(encoding="utf-8") for path in seed_files()[:5]]
    read: list[int] = []

    def articles() -> Iterator[str]:
        for number, text in enumerate(texts):
            read.append(number)
            yield text

    results = translator.translate_iter(articles(), batch_articles=2)
    first = next(results)
    assert read == [0, 1]  # one group read, the rest of the input not yet
    rest = list(results)
    assert read == [0, 1, 2, 3, 4]
    expected = translator.translate_articles(texts)
    got = [first, *rest]
    assert len(got) == len(expected)
    for article, whole in zip(got, expected, strict=True):
        assert article.text == whole.text
        assert [s.start for s in article.sentences] == [s.start for s in whole.sentences]
        assert_same_translations(article.sentences, whole.sentences, abs_tol=1e-4)


def test_translate_iter_refuses_a_string_and_an_empty_group(tiny_backend: Backend) -> None:
    translator = Translator(tiny_backend)
    # Refused when called, before any result is asked for.
    with pytest.raises(TypeError, match="iterable of articles"):
        translator.translate_iter("Banjir di Jakarta.")
    with pytest.raises(OptionsError, match="batch_articles must be at least 1"):
        translator.translate_iter(["Banjir."], batch_articles=0)
    assert list(translator.translate_iter([])) == []


def test_the_one_brief_composition(tiny_backend: Backend) -> None:
    """Chosen on the sources, shown as the translations, paragraphs numbered: the brief
    every surface makes."""
    assert BRIEF_SENTENCES == DEFAULT_SENTENCES
    translator = Translator(tiny_backend, TranslationOptions(beam_size=1))
    summarizer = Summarizer.load(method="textrank")
    text = seed_files()[0].read_text(encoding="utf-8")
    article, brief = translate_and_brief(translator, summarizer, text, sentences=2)
    assert article.text == translator.translate_article(text).text
    assert 1 <= len(brief.lines) <= 2
    for line in brief.lines:
        sentence = article.sentences[line.sentence_index]
        assert line.source == sentence.source
        # Shown as its translation (a leading dateline may be left out, spaces evened).
        assert " ".join(line.text.split()) in " ".join(sentence.translation.split())
    assert brief == brief_of(summarizer, article, sentences=2)
    rows = brief_rows(article, first_paragraph=10)
    assert [row[:2] for row in rows] == [[s.source, s.translation] for s in article.sentences]
    assert rows[0][2] == 10 and rows[-1][2] == 10 + len(article.paragraphs) - 1
    assert brief_maker(summarizer, sentences=2)(brief_rows(article)) == brief.to_dict()


def _python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.M | re.S)


def test_the_docs_page_has_the_five_line_example_first() -> None:
    first = _python_blocks()[0]
    assert len([line for line in first.splitlines() if line.strip()]) == 5
    assert "translate_and_brief" in first


@pytest.mark.parametrize("number", range(4))
def test_the_python_examples_run_as_written(
    number: int, tiny_model_dir: Path, tmp_path: Path
) -> None:
    """Each block of docs/python.md, run as a user would, with ``$KABAR_MODEL`` pointing
    at the tiny random model (so its English is gibberish, but every call is real)."""
    blocks = _python_blocks()
    assert len(blocks) == 4  # a new block gets a parameter here
    # One article per line, as a corpus of single-line articles is.
    corpus = "\n".join(" ".join(p.read_text(encoding="utf-8").split()) for p in seed_files()[:4])
    (tmp_path / "corpus.txt").write_text(corpus + "\n", encoding="utf-8")
    env = {**os.environ, "KABAR_MODEL": str(tiny_model_dir), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", blocks[number]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip(), result.stderr[-3000:]
    if number == 0:
        assert "Brief:" in result.stdout
    if number == 2:  # one line per corpus line, numbered in input order
        numbers = [line.split()[0] for line in result.stdout.splitlines()]
        assert numbers == ["0", "1", "2", "3"]


def test_mypy_strict_sees_kabars_real_types(tmp_path: Path) -> None:
    """From the repository, with its mypy settings: a wrong option type fails, the same
    call done right passes (kabar's names are not ``Any``)."""
    bad = tmp_path / "probe_bad.py"
    good = tmp_path / "probe_good.py"
    bad.write_text('from kabar import TranslationOptions\nTranslationOptions(beam_size="wide")\n')
    good.write_text(
        "from kabar import Summarizer, TranslationOptions, Translator, translate_and_brief\n"
        "TranslationOptions(beam_size=4)\n"
        "def load() -> Translator:\n"
        "    return Translator.load(beam_size=4, threads=1)\n"
        # --strict refuses to return Any as str: the brief's type flows through.
        "def brief(translator: Translator, text: str) -> str:\n"
        "    return translate_and_brief(translator, Summarizer.load(), text).brief.text\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(bad), str(good)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 1, result.stdout + result.stderr
    assert len(errors) == 1, result.stdout
    # By name only: mypy's cache may recall an earlier run's folder for the same module.
    assert 'probe_bad.py:2: error: Argument "beam_size" to "TranslationOptions"' in errors[0]
    assert 'incompatible type "str"; expected "int"' in errors[0]
