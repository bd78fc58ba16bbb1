"""kabar's plain text marks news furniture ("[caption] …") with --marks, on every surface,
and a marked translation read back keeps its furniture out of the brief."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kabar.core.furniture import BODY, FURNITURE, mark, sentence_role
from kabar.core.reading.wrap import unwrap
from kabar.summarize.sentences import split_article
from kabar.translate.folder.manifest import MANIFEST_NAME
from tests.conftest import run_cli, run_translate_dir, tiny_engine_args
from tests.folder_helpers import report_of

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED = SEEDS / "004_f30abc1e6e3deef4.txt"  # three "Baca juga" lines


@pytest.mark.parametrize("role", sorted(FURNITURE))
def test_a_mark_gives_its_role(role: str) -> None:
    line = "The delegates met in Brussels on Monday to discuss the ceasefire proposal."
    assert sentence_role(line) == BODY
    assert sentence_role(mark(role) + line) == role


def test_a_mark_opens_a_sentence_and_nothing_else_does() -> None:
    text = (
        "The minister arrived on Monday. [caption] Photo: AFP/John Doe "
        "[read_also] Read also: talks resume [sic] in Bali [body] stays. "
        "A body sentence without its stop [byline] Reporter: Budi"
    )
    sentences, _ = split_article(text)
    assert sentences == [
        "The minister arrived on Monday.",
        "[caption] Photo: AFP/John Doe",
        "[read_also] Read also: talks resume [sic] in Bali [body] stays.",
        "A body sentence without its stop",
        "[byline] Reporter: Budi",
    ]


def test_a_marked_line_is_never_joined_as_a_hard_wrap() -> None:
    # Lines without final stops look hard-wrapped; a marked line is its own paragraph.
    text = (
        "[headline] Putin warns Europe\nThe talks went on for hours\nBoth sides met again\n"
        "They spoke of peace\n[read_also] Putin threatens Europe again\n"
        "The leaders will meet next week\n[byline] Reporter: Budi\n"
    )
    sentences, _ = split_article(unwrap(text)[0])
    assert "[headline] Putin warns Europe" in sentences
    assert "[read_also] Putin threatens Europe again" in sentences
    assert "[byline] Reporter: Budi" in sentences


@pytest.mark.parametrize("marks", [True, False])
def test_translate_dir_writes_the_text_kabar_translate_prints(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str], marks: bool
) -> None:
    flags = ["--marks"] if marks else []
    argv = ["translate", str(SEED), *tiny_engine_args(tiny_model_dir), *flags]
    code, printed, _ = run_cli(argv, capsys)
    assert code == 0
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SEED, source / SEED.name)
    code, err = run_translate_dir(source, tmp_path / "out", tiny_model_dir, *flags, capsys=capsys)
    assert code == 0, err
    written = (tmp_path / "out" / SEED.with_suffix(".en.txt").name).read_text("utf-8")
    assert written == printed
    # The seed's "Baca juga" lines are marked for a round trip, and only then.
    assert ("[read_also] " in written) is marks


def test_marked_sentences_are_never_brief_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english = tmp_path / "article_en.txt"
    english.write_text(
        "[headline] Ukraine and Russia agree to talks\n\n"
        "Ukraine and Russia agreed on Monday to hold talks on a ceasefire in Geneva. "
        "The talks will start next week, officials of both countries said on Monday. "
        "[read_also] Read also: Ukraine and Russia hold talks on a ceasefire in Geneva.\n\n"
        "European leaders welcomed the talks and offered to host a second round.\n",
        encoding="utf-8",
    )
    argv = ["summarize", str(english), "--method", "textrank", "--format", "json"]
    code, out, err = run_cli([*argv, "--sentences", "10"], capsys)
    assert code == 0, err
    assert [line["text"] for line in json.loads(out)["brief"]] == [
        "Ukraine and Russia agreed on Monday to hold talks on a ceasefire in Geneva.",
        "The talks will start next week, officials of both countries said on Monday.",
        "European leaders welcomed the talks and offered to host a second round.",
    ]


def test_unmarked_text_outputs_of_an_older_kabar_are_translated_again(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SEED, source / "berita.txt")
    (source / "korpus.jsonl").write_text(json.dumps({"id": 1, "text": "Dia pergi."}) + "\n")
    out = tmp_path / "out"
    code, err = run_translate_dir(source, out, tiny_model_dir, capsys=capsys)
    assert code == 0, err
    # What a kabar before marked .en.txt recorded: the same settings, no "text_output".
    manifest = out / MANIFEST_NAME
    entries = [json.loads(line) for line in manifest.read_text("utf-8").splitlines()]
    assert [e["settings"].get("text_output") for e in entries] == [3, None]
    for entry in entries:
        entry["settings"].pop("text_output", None)
    manifest.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    code, err = run_translate_dir(source, out, tiny_model_dir, capsys=capsys)
    assert code == 0, err
    outcomes = {f["path"]: f["status"] for f in report_of(out)["files"]}
    assert outcomes == {"berita.txt": "translated", "korpus.jsonl": "skipped"}


def test_a_brief_of_nothing_but_furniture_shows_it_without_marks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english = tmp_path / "furniture_en.txt"
    english.write_text(
        "[headline] Ukraine and Russia agree to talks\n\n[caption] Photo: AFP/John Doe\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(["summarize", str(english), "--method", "textrank"], capsys)
    assert code == 0, err
    assert out and "[" not in out


@pytest.mark.parametrize(
    "article",
    [
        "Baca juga: Zelensky Yakin Pasukan Korea Utara Dilibatkan\n\nFoto: AFP/John Doe\n",
        "[headline] Ukraine and Russia agree to talks\n\n[caption] Photo: AFP/John Doe\n",
    ],
    ids=["indonesian", "english-marked"],
)
def test_an_article_of_only_furniture_is_briefed_from_it_and_says_so(
    article: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "furniture.txt"
    path.write_text(article, encoding="utf-8")
    argv = ["summarize", str(path), "--method", "textrank", "--format", "json"]
    code, out, err = run_cli(argv, capsys)
    assert code == 0, err
    data = json.loads(out)
    assert len(data["brief"]) == 2 and not any(b["text"].startswith("[") for b in data["brief"])
    assert "the article has only news furniture" in err
