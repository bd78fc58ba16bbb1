"""The glossary: reading TSV/CSV files, matching terms with Indonesian affixes and English
plurals, the ``glossary`` check, the engine fingerprint, the CLI, and enforcement on the
tiny model through both backends (the best hypothesis that has the term is chosen)."""

from __future__ import annotations

import json
from pathlib import Path

import gradio as gr
import pytest

from kabar.translate.backends.base import Backend, GivesAlternatives
from kabar.translate.engine import Translator
from kabar.translate.folder.report import REPORT_NAME
from kabar.translate.glossary import Glossary, GlossaryError, Term, load_glossary, parse_glossary
from kabar.translate.glossary_search import GLOSSARY_HYPOTHESES
from kabar.translate.options import TranslationOptions
from kabar.translate.spec import EngineSpec
from kabar.ui.handlers import translate_page

from .conftest import run_cli, run_translate_dir, tiny_engine_args

HOUSE = (
    "# house glossary\n"
    "DPR\tHouse of Representatives\n"
    "Polri\tNational Police\n"
    "Komisi Pemberantasan Korupsi\tCorruption Eradication Commission\n"
    "Kompas\t\n"
    "kebijakan\tpolicy\n"
)


def test_tsv_and_csv_read_alike_and_empty_english_keeps_the_term() -> None:
    tsv = parse_glossary(HOUSE)
    csv = parse_glossary(HOUSE.replace("\t", ",").replace("House of", '"House of') + "")
    assert tsv.terms[0] == Term("DPR", "House of Representatives")
    assert tsv.terms[3] == Term("Kompas", "Kompas")  # kept as is
    assert [t.source for t in csv.terms] == [t.source for t in tsv.terms]
    quoted = parse_glossary('"Kota, Jakarta",Jakarta City\n')
    assert quoted.terms == (Term("Kota, Jakarta", "Jakarta City"),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("DPR\tHouse\tof\n", "line 1: 3 columns"),
        ("\tHouse\n", "line 1: no Indonesian term"),
        ("DPR\tHouse\ndpr\tParliament\n", "line 2: 'dpr' is already on line 1"),
    ],
)
def test_malformed_glossaries_say_which_line(text: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        parse_glossary(text)


def test_unreadable_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="no such file"):
        load_glossary(tmp_path / "absent.tsv")
    latin = tmp_path / "latin.tsv"
    latin.write_bytes("Déwan\tCouncil\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match="not UTF-8"):
        load_glossary(latin)


@pytest.mark.parametrize(
    ("source", "required"),
    [
        ("Anggota DPR-nya hadir.", ["DPR"]),  # a clitic on the term
        ("Kebijakannya berubah.", ["kebijakan"]),  # a suffix glued on
        ("Polri-lah yang datang.", ["Polri"]),
        ("Komisi Pemberantasan Korupsi memeriksa.", ["Komisi Pemberantasan Korupsi"]),
        ("KOMPAS melaporkan.", ["Kompas"]),  # case-insensitive
        ("Dia bijak.", []),
        ("Kompasiana menulis.", []),  # another word
    ],
)
def test_source_terms_match_with_indonesian_affixes(source: str, required: list[str]) -> None:
    assert [t.source for t in parse_glossary(HOUSE).required(source)] == required


def test_a_longer_term_wins_over_one_inside_it() -> None:
    glossary = parse_glossary("Korupsi\tcorruption\n" + HOUSE)
    required = glossary.required("Komisi Pemberantasan Korupsi memeriksa.")
    assert [t.source for t in required] == ["Komisi Pemberantasan Korupsi"]


@pytest.mark.parametrize(
    ("english", "missing"),
    [
        ("The house of representatives and National Police met on policies.", []),  # plural
        ("The parliament and National Police met on policy.", ["DPR"]),
        ("The House of Representatives and the police met on policy.", ["Polri"]),
    ],
)
def test_the_glossary_check(english: str, missing: list[str]) -> None:
    glossary = parse_glossary(HOUSE)
    source = "DPR dan Polri membahas kebijakan."
    found = glossary.check(source, english)
    assert [r.source for r in found] == missing
    for result in found:
        assert result.check == "glossary" and "is not in the English" in result.detail


def test_the_glossary_is_part_of_the_engine_fingerprint(tiny_model_dir: Path) -> None:
    plain = EngineSpec.resolve(str(tiny_model_dir), backend="transformers", threads=1)
    pairs = parse_glossary(HOUSE).to_pairs()
    glossed = EngineSpec.resolve(
        str(tiny_model_dir),
        backend="transformers",
        threads=1,
        options=TranslationOptions(glossary=pairs),
    )
    assert "glossary" not in plain.fingerprint()  # older manifests stay valid
    assert glossed.fingerprint()["glossary"][0] == ["DPR", "House of Representatives"]
    assert glossed.fingerprint() != plain.fingerprint()


def test_cli_refuses_a_bad_glossary_before_loading_a_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "g.tsv"
    bad.write_text("a\tb\tc\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Presiden tiba.\n", encoding="utf-8")
    code, _, err = run_cli(
        ["translate", str(article), "--model", str(tmp_path / "no-model"), "--glossary", str(bad)],
        capsys,
    )
    assert code != 0 and "line 1: 3 columns" in err


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_enforcement_takes_the_best_hypothesis_with_the_term(
    tiny_model_dir: Path, backend: str
) -> None:
    """A term whose English only a lower-ranked hypothesis has: that hypothesis becomes the
    translation; a term none has leaves the best translation and is flagged."""
    sentence = "Presiden Joko Widodo tiba di Jakarta pada hari Senin."
    spec = EngineSpec.resolve(
        str(tiny_model_dir),
        backend=backend,
        threads=1,
        options=TranslationOptions(beam_size=2),
    )
    translator = Translator.load(spec)
    assert isinstance(translator.backend, GivesAlternatives)
    best = translator.translate_sentences([sentence])[0]
    tokens = translator.backend.count_tokens([sentence])
    hypotheses = translator.backend.translate_alternatives(
        [sentence],
        beam_size=GLOSSARY_HYPOTHESES,
        max_new_tokens=[translator.options.max_new_tokens(tokens[0])],
        count=GLOSSARY_HYPOTHESES,
    )[0]
    assert len(hypotheses) == GLOSSARY_HYPOTHESES
    words = {w for h in hypotheses[1:] for w in h.text.split() if w.isalpha()}
    only_later = sorted(
        w for w in words if not Term("Presiden", w).in_translation(best.translation)
    )
    if not only_later:
        pytest.skip("the random model's hypotheses share every word with its best one")
    term = Term("Presiden", only_later[0])
    chosen = translator.translate_sentences([sentence], glossary=Glossary((term,)))[0]
    expected = next(h.text for h in hypotheses if term.in_translation(h.text))
    assert chosen.translation == expected
    assert "glossary" not in chosen.flags
    unreachable = Glossary((Term("Presiden", "zyxwvut"),))
    kept = translator.translate_sentences([sentence], glossary=unreachable)[0]
    assert kept.translation == best.translation
    assert "glossary" in kept.flags
    assert any(c.check == "glossary" and c.source == "Presiden" for c in kept.checks)


def test_translate_cli_with_a_glossary_flags_the_missing_term(
    tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text("Presiden,zyxwvut\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Presiden tiba di Jakarta.\n", encoding="utf-8")
    argv = ["translate", str(article), *tiny_engine_args(tiny_model_dir), "--quiet"]
    code, out, _ = run_cli([*argv, "--glossary", str(glossary), "--format", "markdown"], capsys)
    assert code == 0
    assert "glossary: Presiden: the glossary's 'zyxwvut' is not in the English" in out


def test_the_ui_upload_applies_the_glossary_and_a_bad_one_is_a_clear_error(
    tiny_backend: Backend, tmp_path: Path
) -> None:
    translator = Translator(tiny_backend, TranslationOptions(beam_size=1))
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Presiden\tzyxwvut\n", encoding="utf-8")
    page = translate_page(
        translator,
        None,
        "Presiden tiba di Jakarta.",
        "",
        downloads_dir=tmp_path,
        glossary_path=str(glossary),
    )
    assert "glossary" in page.article.sentences[0].flags
    assert "the glossary&#x27;s &#x27;zyxwvut&#x27; is not in the English" in page.html
    glossary.write_text("a\tb\tc\n", encoding="utf-8")
    with pytest.raises(gr.Error, match="3 columns"):
        translate_page(
            translator,
            None,
            "Presiden tiba.",
            "",
            downloads_dir=tmp_path,
            glossary_path=str(glossary),
        )


def test_translate_dir_redoes_a_folder_when_the_glossary_changes(
    tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Presiden tiba di Jakarta.\n", encoding="utf-8")
    out = tmp_path / "out"
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Presiden\tzyxwvut\n", encoding="utf-8")

    def statuses(*extra: str) -> str:
        code, _ = run_translate_dir(src, out, tiny_model_dir, *extra, capsys=capsys)
        assert code == 0
        report = json.loads((out / REPORT_NAME).read_text("utf-8"))
        return str(report["files"][0]["status"])

    assert statuses() == "translated"
    assert statuses() == "skipped"  # unchanged, no glossary
    assert statuses("--glossary", str(glossary)) == "translated"
    assert statuses("--glossary", str(glossary)) == "skipped"
    glossary.write_text("Presiden\tpresident\n", encoding="utf-8")
    assert statuses("--glossary", str(glossary)) == "translated"
