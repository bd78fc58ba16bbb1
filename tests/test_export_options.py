"""Issue 23 §2–3: corpora keep their records (with ``translation_checks``, ``brief``) on
both surfaces, the brief's technical notes only with ``--verbose``, no doctype added to a
page, translate-dir ``--format docx|html|md`` for inputs of any kind, and a clean
``.en.txt`` briefed as its marked form is."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from markdown_it import MarkdownIt

from kabar.core.furniture import HEADLINE
from kabar.translate.documents.lifecycle import brief_text
from kabar.translate.documents.registry import DocumentOptions, open_document
from kabar.translate.render import render
from tests.conftest import run_cli, tiny_engine_args
from tests.test_documents_formats import _echo

TEXT = "Hujan turun di Jakarta pada hari Senin. Banjir melanda 3.850 rumah warga."
RECORDS = [
    {"url": "https://kabar.example/1", "judul": "Banjir", "isi": TEXT, "n": 1},
    {"tanggal": "2025-01-02", "isi": "Presiden tiba di Jakarta.", "tags": ["a"]},
]


def _corpus(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "korpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_a_corpus_keeps_its_records_with_their_checks_on_both_surfaces(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path / "in")
    fields = ["--text-field", "isi", "--id-field", "url", *tiny_engine_args(tiny_model_dir)]
    code, out, err = run_cli(["translate", str(corpus), *fields, "--quiet"], capsys)
    assert code == 0, err
    lines = _lines(out)
    assert len(lines) == 2
    for line, record in zip(lines, RECORDS, strict=True):
        # The record, every field in its place, then what kabar adds.
        added = ["translation", "translation_checks"]
        named = [] if "url" in record else ["id", "line"]
        assert list(line) == [*record, *named, *added]
        assert {k: line[k] for k in record} == record
    # translation_checks summarises --format json's checks of the same translation.
    code, out, err = run_cli(["translate", str(corpus), *fields, "--format", "json"], capsys)
    assert code == 0, err
    for compact, full in zip(lines, _lines(out), strict=True):
        checks = compact["translation_checks"]
        sentences = [s for p in full["paragraphs"] for s in p["sentences"]]
        assert checks["sentences"] == len(sentences) == full["sentence_count"]
        assert checks["flagged"] == full["flagged_sentences"]
        assert checks["worst_confidence"] == full["worst_confidence"]
        assert [
            {k: item[k] for k in ("sentence", "confidence", "flags", "reasons")}
            for item in checks["to_check"]
        ] == full["to_check"]["sentences"]
        assert [item["source"] for item in checks["to_check"]] == [
            sentences[item["sentence"]]["source"] for item in checks["to_check"]
        ]
    # translate-dir writes the same lines.
    out_dir = tmp_path / "out"
    code, _, err = run_cli(["translate-dir", str(corpus.parent), str(out_dir), *fields], capsys)
    assert code == 0, err
    assert _lines((out_dir / "korpus.en.jsonl").read_text("utf-8")) == lines
    # A corpus is not a document: a document kind is refused, saying what to use.
    code, _, err = run_cli(["translate", str(corpus), *fields, "--format", "docx"], capsys)
    assert code == 1 and "--format text" in err


def test_a_record_translation_reads_as_its_text_file_would(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "korpus.jsonl"
    text = "Presiden tiba di Jakarta pada hari Senin.\n\nBaca juga: Menteri tiba di Bali"
    corpus.write_text(json.dumps({"id": 1, "text": text}) + "\n", encoding="utf-8")
    engine = [*tiny_engine_args(tiny_model_dir), "--quiet"]
    got = {}
    for option in ("", "--marks", "--drop-furniture"):
        argv = ["translate", str(corpus), *engine, *([option] if option else [])]
        code, out, err = run_cli(argv, capsys)
        assert code == 0, err
        got[option] = _lines(out)[0]["translation"]
    body, furniture = got[""].split("\n\n")
    assert "[read_also]" not in got[""]
    assert got["--marks"] == f"{body}\n\n[read_also] {furniture}"
    assert got["--drop-furniture"] == body


def test_a_corpus_is_checked_before_the_model_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path / "in")  # its article is "isi", not "text"
    argv = ["translate", str(corpus), "--model", str(tmp_path / "no-model"), "--quiet"]
    code, out, err = run_cli(argv, capsys)
    assert code == 1 and out == ""
    assert 'no "text" field (choose the field with --text-field)' in err


def test_a_corpus_record_gets_its_brief_with_brief(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path / "in")
    output = tmp_path / "hasil.jsonl"
    argv = ["translate", str(corpus), "--text-field", "isi", "--brief", "-o", str(output)]
    code, out, err = run_cli([*argv, *tiny_engine_args(tiny_model_dir), "--quiet"], capsys)
    assert code == 0, err
    assert out == ""
    lines = _lines(output.read_text("utf-8"))
    assert [list(line)[-3:] for line in lines] == [
        ["translation", "translation_checks", "brief"]
    ] * 2
    first = lines[0]["brief"]
    assert first["brief"] and first["brief"][0]["text"] in lines[0]["translation"]
    assert first["notices"]  # the JSON keeps the technical notes


class _Line:
    def __init__(self, text: str) -> None:
        self.text, self.sentence_index = text, 0


class _Brief:
    def __init__(self, lines: list[str], notices: list[str]) -> None:
        self.lines = [_Line(text) for text in lines]
        self.notices = notices

    def to_dict(self) -> dict[str, Any]:
        return {"brief": [{"text": line.text} for line in self.lines], "notices": self.notices}


NOTE = "the article is Indonesian (42 Indonesian vs 1 English function words): ..."


def test_the_brief_notes_show_only_with_verbose() -> None:
    brief = _Brief(["EN The line."], [NOTE])
    assert brief_text(brief.to_dict()) == "- EN The line.\n"
    assert brief_text(brief.to_dict(), verbose=True) == f"- EN The line.\nnote: {NOTE}\n"
    # An empty brief says why, verbose or not: the notes are then the result.
    assert brief_text(_Brief([], ["no brief: nothing"]).to_dict()) == "note: no brief: nothing\n"
    article = _echo().translate_article("Presiden tiba di Jakarta. Dia disambut warga.")
    assert "function words" not in render(article, "text", brief=brief)
    shown = render(article, "text", brief=brief, verbose=True)
    assert shown.startswith(f"In brief:\n- EN The line.\nnote: {NOTE}\n\n")


def test_translate_dir_brief_file_keeps_notes_for_verbose(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "berita.txt").write_text(TEXT + "\n\nPresiden tiba di Jakarta.\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = ["translate-dir", str(src), str(out), "--brief", *tiny_engine_args(tiny_model_dir)]
    code, _, err = run_cli([*argv, "--quiet"], capsys)
    assert code == 0, err
    brief_file = out / "berita.en.txt.brief.txt"
    plain = brief_file.read_text("utf-8")
    data = json.loads((out / "berita.en.txt.json").read_text("utf-8"))
    assert data["brief"]["notices"]  # the JSON keeps them
    assert plain.startswith("- ") and "note:" not in plain
    code, _, err = run_cli([*argv, "--quiet", "--verbose"], capsys)
    assert code == 0, err
    verbose = brief_file.read_text("utf-8")
    assert verbose.startswith(plain) and "note: the article is Indonesian" in verbose


# --- HTML: no doctype added ----------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_TRANSLATED_VALUE = re.compile(r'\s(?:title|alt)="[^"]*"')


def _markup(page: str) -> list[str]:
    """The page's tags, doctype and comments in order, with the attribute values that are
    translated blanked and ``lang`` left out: all that may change is text."""
    tags = [_TRANSLATED_VALUE.sub("", tag) for tag in _TAG.findall(page)]
    return [re.sub(r'\slang="[^"]*"', "", tag) for tag in tags]


@pytest.mark.parametrize(
    "page",
    [
        '<p>Presiden tiba di Jakarta.</p>\n<p title="Judul">Dia <b>disambut</b> warga.</p>\n',
        "<html><head><title>Berita hari ini</title></head>\n<body><p>Presiden tiba di "
        'Jakarta.</p><img alt="Foto presiden" src="a.jpg"></body></html>\n',
    ],
    ids=["fragment", "page without doctype"],
)
def test_a_page_without_a_doctype_gets_none(tmp_path: Path, page: str) -> None:
    source = tmp_path / "halaman.html"
    source.write_text(page, encoding="utf-8")
    document = open_document(source, name=source.name, out_dir=tmp_path, options=DocumentOptions())
    translator = _echo()
    for unit in document.units():
        document.receive(unit, translator.translate_article(unit.text), 0.0)
    document.commit()
    english = (tmp_path / "halaman.en.html").read_text("utf-8")
    assert "<!DOCTYPE" not in english.upper()
    assert _markup(english) == _markup(page)
    assert "EN Presiden tiba di Jakarta." in english and english.endswith("\n")


# --- translate-dir --format docx|html|md ---------------------------------------------

ARTICLE = (
    "Presiden bertemu menteri di Jakarta\n\n"
    "JAKARTA, KOMPAS.com - Presiden Joko Widodo bertemu para menteri pada hari Senin. "
    "Rapat membahas anggaran.\n\n"
    "Baca juga: Menteri keuangan umumkan anggaran baru\n\n"
    "Para menteri sepakat menambah dana bantuan banjir.\n"
)


def test_translate_dir_writes_every_article_as_the_kind_asked(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "berita.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "berita.md").write_text(ARTICLE, encoding="utf-8")  # the same stem: no clash
    _corpus(src)
    out = tmp_path / "out"
    engine = tiny_engine_args(tiny_model_dir)
    argv = ["translate-dir", str(src), str(out), "--format", "docx", "--text-field", "isi"]
    code, _, err = run_cli([*argv, *engine, "--quiet"], capsys)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir() if "kabar" not in p.name) == [
        "berita.en.md.docx",
        "berita.en.txt.docx",
        "korpus.en.jsonl",  # a corpus stays JSON lines
    ]
    # The same document as `kabar translate FILE --format docx` builds for that input.
    single = tmp_path / "single.docx"
    argv = ["translate", str(src / "berita.txt"), "--format", "docx", "-o", str(single)]
    code, _, err = run_cli([*argv, *engine, "--quiet"], capsys)
    assert code == 0, err
    converted = docx.Document(str(out / "berita.en.txt.docx"))
    paragraphs = [(p.style.name, p.text) for p in converted.paragraphs]
    assert paragraphs == [(p.style.name, p.text) for p in docx.Document(str(single)).paragraphs]
    assert paragraphs[0][0] == "Title" and len(paragraphs) == 4
    # With ',json' the JSON beside it; md from a .docx.
    (src / "berita.md").unlink()
    (src / "korpus.jsonl").unlink()
    word = docx.Document()
    for paragraph in ARTICLE.strip().split("\n\n"):
        word.add_paragraph(paragraph)
    word.save(str(src / "berita.docx"))
    argv = ["translate-dir", str(src), str(out), "--format", "md,json", *engine, "--quiet"]
    code, _, err = run_cli(argv, capsys)
    assert code == 0, err
    for name in ("berita.en.docx.md", "berita.en.txt.md"):
        tokens = MarkdownIt().parse((out / name).read_text("utf-8"))
        assert tokens[0].type == "heading_open"
        assert (out / f"{name}.json").is_file()
    code, _, err = run_cli(["translate-dir", str(src), str(out), "--format", "docx,md"], capsys)
    assert code == 2 and "one kind of document" in err


# --- summarize on the clean English ---------------------------------------------------

CLEAN = """NATO Secretary General Arrives in Brussels for Defence Talks.

BRUSSELS, KOMPAS.com - NATO Secretary General Mark Rutte arrived in Brussels on Monday to \
lead talks with the alliance's defence ministers about support for Ukraine.

Read also: Zelensky Asks Allies for More Air Defence Systems

The ministers are expected to agree on a new package of air defence systems and \
ammunition worth 3 billion euros.

Rutte said the alliance must increase production of weapons because Russia was producing \
more shells than all NATO members together.
"""


def test_a_clean_english_text_whose_headline_gained_a_period_briefs_as_marked() -> None:
    from kabar.summarize.engine import Summarizer

    summarizer = Summarizer.load(method="textrank")
    marked = "[headline] " + CLEAN.replace("Read also:", "[read_also] Read also:")
    clean_brief = summarizer.summarize_text(CLEAN, sentences_out=2)
    marked_brief = summarizer.summarize_text(marked, sentences_out=2)
    assert [line.text for line in clean_brief.lines] == [line.text for line in marked_brief.lines]
    assert clean_brief.lines[0].text.startswith("NATO Secretary General Mark Rutte arrived")
    # The roles that made it: the headline, and the dateline opening the story.
    from kabar.core.furniture import sentence_roles
    from kabar.summarize.sentences import split_article
    from kabar.summarize.story_start import story_start

    sentences, paragraphs = split_article(CLEAN)
    roles = story_start(sentences, sentence_roles(sentences, paragraphs=paragraphs), paragraphs)
    assert roles[0].role == HEADLINE and roles[1].dateline == "BRUSSELS, KOMPAS.com -"


def test_a_story_without_a_dateline_keeps_its_first_sentence() -> None:
    from kabar.core.furniture import sentence_roles
    from kabar.summarize.sentences import split_article
    from kabar.summarize.story_start import story_start

    for text in (
        "Rain fell in Jakarta on Monday.\n\nFloods reached 3,850 homes in the east.",
        # A tokenized hyphen in a name (IndoSum) is not a dateline opening the story.
        "Bayern Munich mengumumkan transfer Wagner .\n\nKarl - Heinz Rummenigge mengonfirmasi "
        "kesepakatan itu .",
    ):
        sentences, paragraphs = split_article(text)
        roles = sentence_roles(sentences, paragraphs=paragraphs)
        assert story_start(sentences, roles, paragraphs) == roles
