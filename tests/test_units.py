"""Pure functions around the model: batching, chunking, quality flags, input decoding."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kabar.core.chunking import split_long
from kabar.core.errors import InputError
from kabar.core.reading.decode import decode_text
from kabar.translate import quality
from kabar.translate.batching import plan_batches
from tests.conftest import TESTSETS


def word_counter(texts: Sequence[str]) -> list[int]:
    return [len(t.split()) + 1 for t in texts]  # +1: end-of-sentence, like a tokenizer


# --- batching -----------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    lengths=st.lists(st.integers(min_value=0, max_value=300), max_size=60),
    budget=st.integers(min_value=1, max_value=2000),
    most=st.integers(min_value=1, max_value=16),
)
def test_batches_cover_each_index_once_within_budget(
    lengths: list[int], budget: int, most: int
) -> None:
    batches = plan_batches(lengths, max_tokens=budget, max_sentences=most)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[i] for i in flat] == sorted(lengths, reverse=True)
    for batch in batches:
        assert 1 <= len(batch) <= most
        longest = max(max(1, lengths[i]) for i in batch)
        assert len(batch) == 1 or len(batch) * longest <= budget


def test_batching_rejects_a_zero_budget() -> None:
    with pytest.raises(ValueError):
        plan_batches([1, 2], max_tokens=0, max_sentences=1)


# --- chunking -----------------------------------------------------------------------


def test_short_sentence_is_one_piece() -> None:
    assert [(s.start, s.end) for s in split_long("  Dia pergi.  ", word_counter, 10)] == [(2, 12)]


def test_cuts_at_the_strongest_clause_boundary_first() -> None:
    text = "satu dua tiga, empat lima enam; tujuh delapan, sembilan sepuluh"
    pieces = [text[s.start : s.end] for s in split_long(text, word_counter, 7)]
    assert pieces == ["satu dua tiga, empat lima enam;", "tujuh delapan, sembilan sepuluh"]


def test_falls_back_to_spaces_then_hard_windows() -> None:
    words = " ".join(f"kata{i}" for i in range(40))
    pieces = split_long(words, word_counter, 8)
    assert all(word_counter([words[s.start : s.end]])[0] <= 8 for s in pieces)
    blob = "x" * 100
    chars = split_long(blob, lambda ts: [len(t) for t in ts], 30)
    assert "".join(blob[s.start : s.end] for s in chars) == blob
    assert all(s.end - s.start <= 30 for s in chars)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab ,;:.-\n")), max_size=300),
    limit=st.integers(min_value=2, max_value=12),
)
def test_chunks_are_lossless_and_within_limit(text: str, limit: int) -> None:
    spans = split_long(text, word_counter, limit)
    assert "".join(text.split()) == "".join("".join(text[s.start : s.end].split()) for s in spans)
    position = 0
    for span in spans:
        assert not text[position : span.start].strip()  # only whitespace between pieces
        assert span.start < span.end
        piece = text[span.start : span.end]
        assert word_counter([piece])[0] <= limit or len(piece.split()) == 1
        position = span.end
    assert not text[position:].strip()


# --- quality ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "loop"),
    [
        ("the the the the", True),
        ("he said he said he said it", True),
        ("a teacher is a case of the case of the case, but", True),
        ("very very good", False),
        ("The alliance will defend every member, every time.", False),
        # Digit groups are one number, not "000" four times in a row.
        ("The budget is Rp1,000,000,000,000 this year.", False),
        ("The budget is 1.000.000.000.000 rupiah.", False),
        ("It cost Rp1.000.000.000.000,00 and 1,000,000,000,000.50 dollars.", False),
        ("1,000 1,000 1,000 1,000", True),
        ("0,0,0,0,0,0,0,0,0,0,0,0,0", True),  # digits looping with separators still loop
        ("1.1.1.1.1.1.1.1.1.1.1.1.1.1", True),
        ("Rp1,000,000,000,000,000,000,000,000,000,000,000,000,000,000", True),
    ],
)
def test_repetition_loops(text: str, loop: bool) -> None:
    assert quality.has_repetition_loop(text) is loop


def test_flags_from_the_pair() -> None:
    source = "Pertemuan ini berlangsung di tengah ketegangan global yang meningkat."
    assert quality.quality_flags(source, "The meeting took place amid rising global tension.") == ()
    assert quality.FLAG_UNTRANSLATED in quality.quality_flags(
        source, "The meeting berlangsung di tengah tension yang meningkat."
    )
    assert quality.quality_flags(source, "Meeting.") == (quality.FLAG_LENGTH_RATIO,)
    assert quality.FLAG_REPETITION in quality.quality_flags(source, "the the the the meeting")
    # A loop the source itself has is not the model's fault.
    assert quality.quality_flags("ha ha ha ha", "ha ha ha ha") == ()


@pytest.mark.parametrize(
    "translation",
    [
        "RCRCRCRCRCRCRCRCRCRCRC marries",
        "The secretsecretsecretsecretsecretsecretvit was found.",
        "Zzzzzzzzzzzzzzzzzz",
    ],
)
def test_glued_subword_loops_are_repetition(translation: str) -> None:
    source = "Pertemuan ini berlangsung di tengah ketegangan global yang meningkat."
    assert quality.FLAG_REPETITION in quality.quality_flags(source, translation)


@pytest.mark.parametrize(
    "word",
    [
        "Mississippi",
        "bookkeeper",
        "Honolulu",
        "cancan",
        "tsetse",
        "2020-2020",
        "aaaah",
        "hahahaha",
        "Noooooo!",
        "......................",
    ],
)
def test_words_with_repeated_letters_are_no_loop(word: str) -> None:
    assert quality.glued_loop_units(word) == frozenset()
    assert quality.quality_flags("Dia berkata begitu.", f"He said {word}.") == ()


def test_a_glued_run_copied_from_the_source_is_no_loop() -> None:
    source = "Nomor pelanggan 111111111111 tertawa hahahahahahaha."
    translation = "Customer number 111111111111 laughed ahahahahahahah."
    assert quality.glued_loop_units(translation) == {"1", "ah"}
    assert quality.FLAG_REPETITION not in quality.quality_flags(source, translation)
    # The same source does not excuse a loop on another unit.
    looping = translation + " RCRCRCRCRCRCRC"
    assert quality.FLAG_REPETITION in quality.quality_flags(source, looping)


def test_no_glued_loop_in_flores_english(shared_testsets: object) -> None:
    src = (TESTSETS / "flores200-devtest.ind").read_text("utf-8").splitlines()
    ref = (TESTSETS / "flores200-devtest.eng").read_text("utf-8").splitlines()
    assert len(ref) == 1012
    assert [r for r in ref if quality.glued_loop_units(r)] == []
    flagged = [r for s, r in zip(src, ref, strict=True) if quality.quality_flags(s, r)]
    assert flagged == []


def test_confidence_is_a_probability() -> None:
    assert quality.confidence_from_log_prob(0.0) == 1.0
    assert quality.confidence_from_log_prob(-1e9) == 0.0
    assert quality.confidence_from_log_prob(float("nan")) == 0.0
    assert quality.confidence_from_log_prob(-0.5) == pytest.approx(0.6065, abs=1e-4)


def test_flags_stay_quiet_on_human_translations(shared_testsets: object) -> None:
    """The thresholds' claim (see translate/quality.py), on FLORES-200 devtest references."""
    src = (TESTSETS / "flores200-devtest.ind").read_text("utf-8").splitlines()
    ref = (TESTSETS / "flores200-devtest.eng").read_text("utf-8").splitlines()
    flagged = [r for s, r in zip(src, ref, strict=True) if quality.quality_flags(s, r)]
    assert len(flagged) <= len(src) * 0.005
    assert all(quality.looks_indonesian(" ".join(src[i : i + 5])) for i in range(0, 1000, 5))
    assert not any(quality.looks_indonesian(" ".join(ref[i : i + 5])) for i in range(0, 1000, 5))


# --- decoding input -----------------------------------------------------------------


def test_decode_utf8_bom_and_utf16() -> None:
    assert decode_text("\ufeffHalo".encode(), name="x")[0] == "Halo"
    assert decode_text("Halo dunia".encode("utf-16"), name="x")[:2] == ("Halo dunia", "utf-16")


def test_decode_undecodable_bytes_fail_clearly() -> None:
    with pytest.raises(InputError, match="neither UTF-8 nor Windows-1252"):
        decode_text(b"caf\x81 \x8d\x8f\x90\x9d", name="x")


def test_utf32_with_bom_is_text_not_nul_characters() -> None:
    text, encoding, _ = decode_text("Dia pergi.".encode("utf-32"), name="x")
    assert (text, encoding) == ("Dia pergi.", "utf-32")


def test_pasted_html_is_reduced_to_its_visible_text(tmp_path: Path) -> None:
    from kabar.core.reading import read_text_input

    page = tmp_path / "page.txt"
    page.write_text(
        "<html><head><title>Judul</title><script>var x = 'a. B';</script></head><body>"
        "<p>Presiden tiba di Jakarta.</p><p>Dia disambut &amp; dijamu.</p></body></html>",
        encoding="utf-8",
    )
    result = read_text_input(str(page))
    # A whole page: its article, headed by the page's title (docs/web-pages.md).
    assert result.text == "Judul\n\nPresiden tiba di Jakarta.\n\nDia disambut & dijamu."
    assert any("read the article from a web page" in n for n in result.notices)
    whole = read_text_input(str(page), whole_page=True)
    assert whole.text == "Presiden tiba di Jakarta.\n\nDia disambut & dijamu."
    assert any("HTML" in n for n in whole.notices)
    plain = tmp_path / "plain.txt"
    plain.write_text("Harga naik <5%> kata dia. Dia pergi.", encoding="utf-8")
    assert read_text_input(str(plain)).text == "Harga naik <5%> kata dia. Dia pergi."


def test_huge_input_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    from kabar.core.reading import read_text_input

    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 50_000)
    with pytest.raises(
        InputError, match="is 50,000 bytes: more than the limit of 1,000 characters"
    ):
        read_text_input(str(big), max_chars=1000)
