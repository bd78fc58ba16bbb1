"""Briefs of Indonesian news chosen on the source (summarize.news, summarize.language):
quotes, attribution, redundancy, furniture, datelines, and the seeds' briefs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kabar.cli.main import main
from kabar.core.errors import OptionsError
from kabar.core.furniture import FURNITURE, dateline_length, sentence_roles
from kabar.summarize import Summarizer
from kabar.summarize.language import detect_language
from kabar.summarize.news import (
    NewsParams,
    content_words,
    is_attribution_only,
    quote_problem,
    select_news,
)
from kabar.summarize.sentences import split_article
from tests.conftest import seed_files
from tests.language_table import udhr

# Model-free: Indonesian briefs use no model whatever the method.
SUMMARIZER = Summarizer.load(method="textrank")


@pytest.mark.parametrize(
    ("sentences", "code"),
    [
        (["Sekretaris Jenderal NATO mengatakan bahwa aliansi itu tidak akan menyerah."], "id"),
        (["The NATO chief said the alliance would not give up on Ukraine."], "en"),
        (["Jakarta , CNN Indonesia - - Kepergian SHINee menyisakan duka yang dalam ."], "id"),
        (["Rutte, Trump, Zelensky."], "en"),  # no function words: English, the output side
        # Javanese (written for this test): it used to be called English, then "other".
        (["Aku arep lunga menyang pasar karo ibuku.", "Dheweke tuku sayur lan iwak."], "jv"),
        (udhr("zlm", 1), "ms"),  # UDHR article 1 in Malay: it used to be called Indonesian
        (udhr("ind", 1), "id"),
        (["Der Präsident kam am Montag mit seinen Ministern nach Jakarta."], "other"),
    ],
)
def test_detect_language(sentences: list[str], code: str) -> None:
    assert detect_language(sentences).code == code


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        # seed 000: the first half of a quote whose speaker is in the next sentence.
        ("“Jangan salah, kami siap dan bersedia melakukan apa pun untuk melindungi.", "unclosed"),
        ('" Nanti ada lima lagi yang kami kejar .', "unclosed"),
        (
            "Putin yakin ia bisa bertahan lebih lama dari kami,” tegas Rutte di Brussels.",
            "unclosed",
        ),
        ("“Jaminan yang dapat diandalkan sangat penting.”", "speaker-less"),
        ("“Jaminan yang dapat diandalkan sangat penting,” ujar Zelensky.", None),
        ("Rutte menyebut Trump sebagai “satu-satunya orang yang mampu”.", None),
        ("Sekretaris Jenderal NATO Mark Rutte menyampaikan kesiapan penuh aliansi.", None),
    ],
)
def test_quote_problem(sentence: str, problem: str | None) -> None:
    assert quote_problem(sentence) == problem


def test_attribution_only() -> None:
    line = "The Washington Post melaporkan hal ini pada 21 November, mengutip sumber."  # 001
    assert is_attribution_only(line, content_words(line))
    body = "Rutte berencana meyakinkan Trump agar tidak menyerah pada Rusia, kata pejabat itu."
    assert not is_attribution_only(body, content_words(body))


def test_content_words_drop_function_words_and_nya() -> None:
    assert content_words("Pasukan tempurnya tidak akan dikerahkan di Ukraina.") == [
        "pasukan",
        "tempur",
        "dikerahkan",
        "ukraina",
    ]


ARTICLE = [
    "Sekjen NATO Bakal Gelar Pertemuan dengan Rusia",
    "JAKARTA - Sekretaris Jenderal NATO Jens Stoltenberg memutuskan mengadakan pertemuan "
    "Dewan NATO-Rusia pada 12 Januari di Brussels.",
    "Baca juga: Rusia Tolak Tuntutan NATO soal Ukraina",
    "Pertemuan itu akan membahas perkembangan keamanan di Ukraina dan Eropa timur.",
    "Sekretaris Jenderal NATO Jens Stoltenberg memutuskan mengadakan pertemuan Dewan "
    "NATO-Rusia pada 12 Januari.",
    "Rusia mengatakan siap berdialog tentang jaminan keamanan dengan aliansi tersebut.",
    "Ikuti terus update terkini dan notifikasi penting di Aplikasi Kompas.com.",
]


def test_select_news_skips_furniture_and_repeats() -> None:
    roles = sentence_roles(ARTICLE)
    chosen = select_news(ARTICLE, roles, 3, NewsParams()).chosen
    assert chosen == (1, 3, 5)  # not the headline, the link, the repeat (4) or the promo
    everything = select_news(ARTICLE, roles, 10, NewsParams()).chosen
    assert not {0, 2, 6} & set(everything)  # furniture is never chosen, even when asked
    assert everything == (1, 3, 4, 5)  # the repeat is taken only once nothing else is left


def test_word_budget_never_cuts() -> None:
    roles = sentence_roles(ARTICLE)
    selection = select_news(ARTICLE, roles, 3, NewsParams(), words_budget=3)
    assert len(selection.chosen) == 1 and "never cut" in selection.notices[0]


def test_bad_news_params() -> None:
    with pytest.raises(OptionsError, match="duplicate_share"):
        NewsParams(duplicate_share=0)


def test_indonesian_brief_is_lexical_and_says_so() -> None:
    brief = SUMMARIZER.summarize(ARTICLE)
    assert brief.language == "id" and brief.method == "lexical" and brief.model is None
    assert any("Indonesian" in notice for notice in brief.notices)
    assert brief.lines[0].text.startswith("Sekretaris Jenderal")  # dateline left out


def test_chosen_on_the_source_shown_as_translation() -> None:
    translations = [f"EN {index}: {text}" for index, text in enumerate(ARTICLE)]
    translations[1] = "JAKARTA - NATO Secretary General Jens Stoltenberg decided to meet."
    brief = SUMMARIZER.summarize(ARTICLE, translations=translations)
    assert [line.sentence_index for line in brief.lines] == [1, 3, 5]
    assert brief.lines[0].text == "NATO Secretary General Jens Stoltenberg decided to meet."
    for line in brief.lines:
        assert line.source == ARTICLE[line.sentence_index]
        assert line.to_dict()["source"] == line.source
    with pytest.raises(OptionsError):
        SUMMARIZER.summarize(ARTICLE, translations=translations[:2])


def test_english_brief_skips_furniture_and_datelines() -> None:
    article = [
        "Read more: Ukraine war in maps",
        "LONDON (Reuters) - Britain will send more air defence systems to Ukraine before the "
        "winter, the defence ministry said on Thursday.",
        "The systems will protect power stations from Russian missile and drone strikes.",
        "Photo: AFP",
        "Ukraine's president thanked Britain and said the systems would save many lives.",
    ]
    brief = SUMMARIZER.summarize(article)
    assert brief.language == "en" and brief.method == "textrank"
    assert [line.sentence_index for line in brief.lines] == [1, 2, 4]
    assert brief.lines[0].text.startswith("Britain will send")


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name[:3])
@pytest.mark.parametrize("count", [3, 6])
def test_seed_briefs(path: Path, count: int) -> None:
    """Issue 12's seed targets: no line opens with a dateline, none is a dangling quote
    fragment, a promo or a caption (any furniture), no two lines say the same thing."""
    sentences, paragraphs = split_article(path.read_text("utf-8"))
    roles = sentence_roles(sentences, paragraphs=paragraphs)
    brief = SUMMARIZER.summarize(sentences, sentences_out=count, paragraphs=paragraphs)
    assert brief.language == "id" and len(brief.lines) == count
    words = []
    for line in brief.lines:
        assert dateline_length(line.text) == 0, line.text
        assert quote_problem(line.text) is None, line.text
        assert roles[line.sentence_index].role not in FURNITURE, line.text
        words.append(set(content_words(line.text)))
    for first in range(len(words)):
        for second in range(first + 1, len(words)):
            shared = len(words[first] & words[second])
            assert shared < 0.65 * min(len(words[first]), len(words[second]))


def test_cli_summarize_says_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "id.txt"
    article.write_text(seed_files()[4].read_text("utf-8"), encoding="utf-8")
    assert main(["summarize", str(article), "--method", "textrank", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "input language: Indonesian" in captured.err
    data = json.loads(captured.out)
    assert data["language"] == "id" and data["method"] == "lexical" and len(data["brief"]) == 3
    rows = tmp_path / "rows.jsonl"
    english = "The NATO chief said the alliance was ready. He spoke in Brussels on Thursday."
    rows.write_text(
        json.dumps({"id": "a", "article": article.read_text("utf-8")})
        + "\n"
        + json.dumps({"id": "b", "article": english})
        + "\n",
        encoding="utf-8",
    )
    assert main(["summarize", "--jsonl", str(rows), "--method", "textrank"]) == 0
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert [row["language"] for row in out] == ["id", "en"]
    assert "1 English, 1 Indonesian" in captured.err


def test_cli_summarize_names_malay_and_javanese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The UDHR preamble (tests/data/language): Malay and Javanese are not briefed by the
    # Indonesian news method, and the CLI says which language it found.
    for code, name, language in (("zlm", "Malay", "ms"), ("jav", "Javanese", "jv")):
        article = tmp_path / f"{code}.txt"
        article.write_text("\n\n".join(udhr(code, 0)), encoding="utf-8")
        assert main(["summarize", str(article), "--method", "textrank", "--format", "json"]) == 0
        captured = capsys.readouterr()
        assert f"input language: {name}" in captured.err
        data = json.loads(captured.out)
        assert data["language"] == language and data["method"] == "textrank"
        assert data["brief"]
