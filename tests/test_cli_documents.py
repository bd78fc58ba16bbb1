"""``kabar translate`` writing documents: every output says the same things aside (the
language warning, the sentences to check), and ``-o``'s suffix picks the format."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from kabar.translate.assembly import OTHER_LANGUAGE_NOTICE
from tests.conftest import run_cli, tiny_engine_args

ENGLISH = [
    "The police arrested two people in Jakarta on Monday.",
    "They said the investigation would continue for another week.",
]
INDONESIAN = [
    "Polisi menangkap dua orang di Jakarta pada hari Senin.",
    "Mereka mengatakan bahwa penyelidikan akan berlanjut selama satu minggu lagi.",
]


def _html(path: Path, sentences: list[str]) -> Path:
    body = "".join(f"<p>{s}</p>" for s in sentences)
    path.write_text(f"<html><head><title>x</title></head><body>{body}</body></html>", "utf-8")
    return path


def _docx(path: Path, sentences: list[str]) -> Path:
    document = docx.Document()
    for sentence in sentences:
        document.add_paragraph(sentence)
    document.save(str(path))
    return path


def _md(path: Path, sentences: list[str]) -> Path:
    path.write_text("\n\n".join(sentences) + "\n", "utf-8")
    return path


@pytest.mark.parametrize(("fmt", "make"), [("html", _html), ("docx", _docx), ("md", _md)])
def test_an_in_place_document_says_what_a_text_output_says(
    fmt: str, make: object, tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert callable(make)
    source = make(tmp_path / f"page.{fmt}", ENGLISH)
    engine = tiny_engine_args(tiny_model_dir)
    code, _, text_err = run_cli(["translate", str(source), *engine, "--quiet"], capsys)
    assert code == 0, text_err
    argv = ["translate", str(source), "--format", fmt, "-o", str(tmp_path / f"en.{fmt}")]
    code, _, err = run_cli([*argv, *engine, "--quiet"], capsys)
    assert code == 0, err
    assert (tmp_path / f"en.{fmt}").is_file()
    # The text output warns and lists (the random model's noise is flagged): so does this.
    assert OTHER_LANGUAGE_NOTICE in text_err
    assert f"kabar: note: {OTHER_LANGUAGE_NOTICE}" in err
    assert "worst first:" in text_err and "worst first:" in err
    assert "kabar:   sentence 1 (confidence " in err


def test_an_indonesian_document_gets_no_language_warning(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _html(tmp_path / "berita.html", INDONESIAN)
    argv = ["translate", str(source), "--format", "html", *tiny_engine_args(tiny_model_dir)]
    code, _, err = run_cli(argv, capsys)
    assert code == 0, err
    assert OTHER_LANGUAGE_NOTICE not in err
    assert "worst first:" in err


@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (".docx", lambda path: docx.Document(str(path)).paragraphs[0].text.strip() != ""),
        (".json", lambda path: "sentences" in json.dumps(json.loads(path.read_text("utf-8")))),
        (".htm", lambda path: "<p>" in path.read_text("utf-8")),
    ],
)
def test_the_output_suffix_picks_the_format_when_none_is_given(
    suffix: str,
    check: object,
    tmp_path: Path,
    tiny_model_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert callable(check)
    source = _html(tmp_path / "berita.html", INDONESIAN)
    output = tmp_path / f"guess{suffix}"
    argv = ["translate", str(source), "-o", str(output), *tiny_engine_args(tiny_model_dir)]
    code, _, err = run_cli([*argv, "--quiet"], capsys)
    assert code == 0, err
    assert check(output)


def test_an_unknown_output_suffix_is_the_english_text(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _md(tmp_path / "berita.md", INDONESIAN)
    output = tmp_path / "berita.out"
    argv = ["translate", str(source), "-o", str(output), *tiny_engine_args(tiny_model_dir)]
    code, _, err = run_cli([*argv, "--quiet"], capsys)
    assert code == 0, err
    text = output.read_text("utf-8")
    assert text.strip() and not text.lstrip().startswith(("{", "<", "|"))


def test_drop_furniture_says_it_does_not_apply_to_a_document_in_place(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It was ignored without a word: the page came back with its captions and links.
    source = _html(tmp_path / "berita.html", INDONESIAN)
    argv = ["translate", str(source), "--format", "html", "--drop-furniture"]
    code, _, err = run_cli([*argv, *tiny_engine_args(tiny_model_dir)], capsys)
    assert code == 0, err
    assert "--drop-furniture does not apply to a document translated in its own format" in err
