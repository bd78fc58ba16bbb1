"""The abstractive path on a tiny random BART (64-token input, so articles need chunking).

Random weights write garbage: these tests check chunking, limits, notices and structure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kabar.cli.main import main
from kabar.summarize import Summarizer
from kabar.summarize.abstractive import Seq2SeqModel, best_support, pack_chunks
from tests.tiny_bart import ENGLISH

SENTENCES = [line for line in ENGLISH.splitlines() if line]


@pytest.fixture(scope="session")
def tiny_bart_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.tiny_bart import build_tiny_bart

    return build_tiny_bart(tmp_path_factory.mktemp("tiny-bart"))


@pytest.fixture(scope="session")
def tiny_bart(tiny_bart_dir: Path) -> Summarizer:
    return Summarizer.load(method="abstractive", model=str(tiny_bart_dir))


def _count_words(texts: list[str]) -> list[int]:
    return [len(text.split()) + 2 for text in texts]


def test_pack_chunks_respects_the_budget_and_loses_nothing() -> None:
    long_sentence = " ".join(f"word{i}," for i in range(30))
    sentences = [*SENTENCES, long_sentence, "Short one."]
    chunks = pack_chunks(sentences, _count_words, 12)
    assert all(size <= 12 for size in _count_words(chunks))
    assert " ".join(chunks).split() == " ".join(sentences).split()
    assert pack_chunks(SENTENCES, _count_words, 1000) == [" ".join(SENTENCES)]


def test_best_support() -> None:
    index, share = best_support("Russia denied an attack.", SENTENCES)
    assert index == 2 and share == 1.0
    assert best_support("", SENTENCES) == (0, 0.0)


def test_model_limits_come_from_the_model(tiny_bart: Summarizer) -> None:
    model = tiny_bart.seq2seq
    assert isinstance(model, Seq2SeqModel)
    assert model.max_input_tokens == 64 and model.max_new_tokens == 20


def test_short_article_one_pass(tiny_bart: Summarizer) -> None:
    brief = tiny_bart.summarize(SENTENCES[:1], sentences_out=3)
    assert brief.method == "abstractive" and brief.model is not None
    assert not any("pieces" in notice for notice in brief.notices)
    for line in brief.lines:
        assert 0 <= line.sentence_index < 1 and 0.0 <= line.score <= 1.0


def test_long_article_is_chunked_never_truncated(tiny_bart: Summarizer) -> None:
    article = SENTENCES * 6  # ~ 6 x 60 tokens, far over the 64-token input
    brief = tiny_bart.summarize(article)
    assert any("pieces" in notice for notice in brief.notices)
    # Random weights never stop by themselves: the output guard must say so.
    assert any("output limit" in notice for notice in brief.notices)
    assert all(0 <= line.sentence_index < len(article) for line in brief.lines)


def test_blank_input(tiny_bart: Summarizer) -> None:
    assert tiny_bart.summarize(["", "  "]).lines == ()


def test_cli_abstractive_json(
    tiny_bart_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ENGLISH, encoding="utf-8")
    code = main(
        [
            "summarize",
            str(article),
            "--method",
            "abstractive",
            "--model",
            str(tiny_bart_dir),
            "--format",
            "json",
            "--quiet",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["method"] == "abstractive" and data["model"] == str(tiny_bart_dir)


def test_cli_abstractive_missing_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.txt"  # the input is read first, then the model
    article.write_text("The minister opened the meeting. It ended at noon.\n", encoding="utf-8")
    argv = ["summarize", str(article), "--method", "abstractive", "--model", str(tmp_path / "no")]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1 and "kabar download" in err and "Traceback" not in err
