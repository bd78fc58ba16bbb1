"""The sentences to check and the checks' findings on every surface: JSON, Markdown, the
text output's stderr, the UI, and the reports of ``kabar score --src`` / ``kabar eval``.

The articles here are built from real-looking source/English pairs (a changed figure, a
dropped hashtag) so the checks have something to find; the engine's own wiring is tested
on the tiny model, where the CLI's stderr list must match its JSON."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kabar.eval.report import build_report
from kabar.eval.report_render import render_markdown, render_text
from kabar.eval.score import Scorer
from kabar.translate.quality import sentence_flags
from kabar.translate.render import render
from kabar.translate.results import (
    ArticleTranslation,
    EngineInfo,
    ParagraphTranslation,
    SentenceTranslation,
)
from kabar.ui.view import render_result

from .conftest import run_cli, tiny_engine_args

PAIRS = [  # (source, English, confidence)
    ("Luasnya 3.850 km².", "It covers 1,850 km.", 0.8),
    ("Ikuti #PrayForPalu dan <b>kami</b>.", "Follow PrayForPalu and <b>us</b>.", 0.4),
    ("Cuaca cerah.", "The weather is clear.", 0.3),
    ("Harga naik 1,5 persen.", "Prices rose 1.5 percent.", 0.9),
]


def sentence(source: str, english: str, confidence: float) -> SentenceTranslation:
    flags, checks = sentence_flags(source, english)
    return SentenceTranslation(source, english, 0, len(source), confidence, flags, 1, checks=checks)


def article(pairs: list[tuple[str, str, float]] = PAIRS) -> ArticleTranslation:
    sentences = tuple(sentence(*pair) for pair in pairs)
    engine = EngineInfo("tiny", "transformers", "cpu", 1, "float32", 1, 200)
    return ArticleTranslation(
        engine,
        (ParagraphTranslation(0, 10, sentences[:2]), ParagraphTranslation(11, 20, sentences[2:])),
        0.1,
    )


def test_the_list_is_flagged_sentences_worst_confidence_first() -> None:
    review = article().to_check
    assert [s.index for s in review.sentences] == [1, 0]  # 0.4 before 0.8; 2 and 3 are fine
    assert review.headline == "2 sentences to check"
    assert review.sentences[0].reasons == (
        "kept_text: #PrayForPalu: the hashtag is not in the English unchanged",
    )
    assert review.lines()[1] == (
        "sentence 1 (confidence 0.80): numbers: 3.850: not in the English (it has 1,850)"
    )


def test_ties_in_confidence_put_more_flags_first() -> None:
    pairs = [
        ("Ada 3 orang.", "There are people.", 0.5),
        ("Ada 3 orang #banjir.", "There are people.", 0.5),
    ]
    assert [s.index for s in article(pairs).to_check.sentences] == [1, 0]


def test_json_carries_checks_and_the_list() -> None:
    data = json.loads(render(article(), "json"))
    first = data["paragraphs"][0]["sentences"][0]
    assert first["flags"] == ["numbers"]
    assert first["checks"] == [
        {"check": "numbers", "source": "3.850", "detail": "not in the English (it has 1,850)"}
    ]
    assert data["to_check"]["count"] == 2
    assert [s["sentence"] for s in data["to_check"]["sentences"]] == [1, 0]
    assert data["flagged_sentences"] == 2


def test_markdown_names_the_finding_and_lists_the_sentences_to_check() -> None:
    markdown = render(article(), "markdown")
    assert "**2 sentences to check**:" in markdown
    assert "- paragraph 1, row 2 (confidence 0.40): kept_text: #PrayForPalu" in markdown
    assert "numbers: 3.850: not in the English (it has 1,850)" in markdown
    assert "<b>" not in markdown  # source text stays escaped


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []
        self.notes: list[str] = []
        self._in_note = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "a" and attr.get("href", "").startswith("#kabar-s-"):
            self.links.append(str(attr["href"])[1:])
        if attr.get("id"):
            self.ids.append(str(attr["id"]))
        self._in_note = "kabar-check-note" in (attr.get("class") or "")

    def handle_data(self, data: str) -> None:
        if self._in_note:
            self.notes.append(data)
            self._in_note = False


def test_the_ui_lists_the_sentences_to_check_as_links_and_explains_each_row() -> None:
    page = render_result(article())
    parsed = _Links()
    parsed.feed(page)
    assert "2 sentences to check, worst first" in page
    listed = _Links()
    listed.feed(page[page.index("kabar-to-check") : page.index("kabar-legend")])
    # Worst first, each a link to an existing row.
    assert listed.links == ["kabar-s-1", "kabar-s-0"]
    assert set(parsed.links) <= set(parsed.ids)
    assert parsed.notes == [
        "3.850: not in the English (it has 1,850)",
        "#PrayForPalu: the hashtag is not in the English unchanged",
    ]
    assert "<b>kami</b>" not in page


def test_the_ui_says_when_there_is_nothing_to_check() -> None:
    page = render_result(article(PAIRS[2:]))
    assert "No sentence to check" in page


def test_score_with_source_counts_each_flag_and_its_lines() -> None:
    sources = [p[0] for p in PAIRS]
    hypotheses = [p[1] for p in PAIRS]
    references = ["It covers 3,850 km².", "Follow #PrayForPalu and us.", "Clear.", "Up 1.5%."]
    report = build_report(
        scores=Scorer().score(hypotheses, [references]),
        hypotheses=hypotheses,
        references=references,
        sources=sources,
        inputs=[("source", "s"), ("hypotheses", "h"), ("reference", "r")],
    )
    data = report.to_dict()
    assert data["flags"]["numbers"] == {"count": 1, "lines": [1]}
    assert data["flags"]["kept_text"] == {"count": 1, "lines": [2]}
    assert data["sentences"][0]["checks"][0]["source"] == "3.850"
    text = render_text(report)
    assert "numbers 1 (line 1)" in text and "kept_text 1 (line 2)" in text
    markdown = render_markdown(report, histogram=None, scatter=None)
    assert "| numbers | 1 | 1 |" in markdown
    assert "- line 1: numbers: 3.850: not in the English (it has 1,850)" in markdown


def test_score_without_source_has_no_flags() -> None:
    report = build_report(
        scores=Scorer().score(["It is 1,850."], [["It is 3,850."]]),
        hypotheses=["It is 1,850."],
        references=["It is 3,850."],
    )
    assert report.to_dict()["flags"] == {}
    assert "flags:" not in render_text(report)


def test_translate_prints_the_list_on_stderr_as_the_json_has_it(
    tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "berita.txt"
    source.write_text(
        "Pada 2025 ada 3.850 korban dan 12 kota. Tagar #banjir ramai.\n\n"
        "Harga naik 1,5 persen pada 4/12/2025.\n",
        encoding="utf-8",
    )
    args = ["translate", str(source), *tiny_engine_args(tiny_model_dir), "--quiet"]
    code, out, _ = run_cli([*args, "--format", "json"], capsys)
    assert code == 0
    expected = json.loads(out)["to_check"]
    assert expected["count"] > 0  # the random model keeps no number or hashtag
    code, out, err = run_cli(args, capsys)
    assert code == 0 and out.strip()
    listed = [line for line in err.splitlines() if line.startswith("kabar:   sentence ")]
    assert len(listed) == expected["count"]
    assert f"kabar: {expected['count']} sentence" in err
    first = expected["sentences"][0]
    assert listed[0].startswith(f"kabar:   sentence {first['sentence'] + 1} ")
    assert "; ".join(first["reasons"]) in listed[0]


def test_eval_reports_take_the_translators_flags_and_findings() -> None:
    translations = [sentence(*pair) for pair in PAIRS]
    hypotheses = [t.translation for t in translations]
    report = build_report(
        scores=Scorer().score(hypotheses, [hypotheses]),
        hypotheses=hypotheses,
        references=hypotheses,
        sources=[t.source for t in translations],
        translations=translations,
    )
    data = report.to_dict()
    assert data["flags"] == {
        "numbers": {"count": 1, "lines": [1]},
        "kept_text": {"count": 1, "lines": [2]},
    }
    assert data["sentences"][1]["checks"] == [c.to_dict() for c in translations[1].checks]
