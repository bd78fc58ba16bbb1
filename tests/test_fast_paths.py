"""The per-sentence checks' shortcuts give what the full scans they skip give.

A 10 MB file runs every check on hundreds of thousands of sentences (test_translate_dir_huge),
so the hot ones take shortcuts: glued_loop_units scans only the long letter/digit tokens,
is_copy_only stops at a plain word. Each is compared here with the former implementation
(kept as the reference) on generated and chosen text.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kabar.core import copythrough
from kabar.core.blank import is_blank
from kabar.translate import quality


def _whole_text_scan(text: str) -> frozenset[str]:
    """The former implementation: every unit pattern over the whole lower-cased text."""
    lowered = text.lower()
    return frozenset(
        quality._canonical_unit(m.group(1))
        for run in quality._GLUED_RUNS
        for m in run.finditer(lowered)
    )


# Pieces that make loops, near-loops and their edges: units of 1-9 characters repeated 1-16
# times, separators that end a token (space, hyphen, underscore, punctuation), digits,
# non-Latin letters and characters whose lower case is longer ("İ" -> "i̇").
_UNITS = st.text(alphabet="abAB12İßçé_日", min_size=1, max_size=9)
_SEPARATORS = st.sampled_from(["", " ", "-", "_", ".", "\n", "’", "İ", "\u0307"])
_PIECE = st.tuples(_UNITS, st.integers(1, 16), _SEPARATORS).map(lambda p: p[0] * p[1] + p[2])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECE, max_size=12).map("".join))
def test_same_units_as_the_whole_text_scan(text: str) -> None:
    assert quality.glued_loop_units(text) == _whole_text_scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Presiden Joko Widodo meresmikan jalan tol pada hari Senin.",
        "RCRCRCRCRCRCRC marries secretsecretsecretsecret",
        "x" * 11 + " " + "y" * 12,  # one short of the length, one at it
        "abcdefghabcdefghabcdefghabcdefgh",  # an 8-character unit four times
        "abcdefghiabcdefghiabcdefghiabcdefghi",  # a 9-character unit: past the longest
        "ab_ab_ab_ab_ab_ab_ab",  # underscores break a token
        "İİİİİİİİİİİİ",  # lower case is twice as long
        "Rp1.000.000.000 dan 0,0,0,0,0 serta 1111111111111111",
        "hahahaha" * 3 + "-" + "ho" * 5,
        "日日日日日日日日日日日日 ٣٣٣٣٣٣٣٣٣٣٣٣",
        "a" * 5000 + "b" + "ab" * 3000,
    ],
)
def test_same_units_on_chosen_text(text: str) -> None:
    assert quality.glued_loop_units(text) == _whole_text_scan(text)


def test_the_chosen_text_finds_loops_at_all() -> None:
    # The comparison above is only worth something if loops are found in the first place.
    assert quality.glued_loop_units("RCRCRCRCRCRCRC marries secretsecretsecretsecret") == {
        "cr",
        "cretse",
    }
    assert quality.glued_loop_units("abcdefghabcdefghabcdefghabcdefgh") == {"abcdefgh"}
    assert quality.glued_loop_units("x" * 11 + " " + "y" * 12) == {"y"}


def _full_copy_scan(text: str) -> bool:
    """The former is_copy_only: remove every copied span, then look for a letter."""
    if is_blank(text):
        return False
    rest = copythrough._COPIED.sub(" ", text)
    return not any(unicodedata.category(char).startswith("L") for char in rest)


# Words, amounts ("Rp 5", "rp.5", "US$3"), addresses, handles, hashtags, numbers, emoji and
# every kind of space, so both the shortcut and the full scan are reached.
_COPY_PIECES = st.sampled_from(
    [
        "Rp",
        "rp",
        "RP",
        "Rp.",
        "US$",
        "$",
        "€",
        "5",
        "45.000",
        "12,5%",
        "2-1",
        "@tempo",
        "#berita",
        "https://kompas.com/a",
        "www.x.id",
        "redaksi@tempo.co.id",
        "a@b",
        "abc",
        "Presiden",
        "di",
        "ke",
        "www",
        "http",
        "é",
        "日本",
        "½",
        "²",
        "😀",
        "-",
        "*",
        ".",
    ]
)
_SPACES = st.sampled_from(["", " ", "  ", "\n", "\t", "\u00a0", "\u200b", "\u3000"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(_COPY_PIECES, _SPACES).map("".join), max_size=8).map("".join))
def test_copy_only_as_the_full_scan(text: str) -> None:
    assert copythrough.is_copy_only(text) == _full_copy_scan(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_copy_only_as_the_full_scan_on_any_text(text: str) -> None:
    assert copythrough.is_copy_only(text) == _full_copy_scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rp 5",  # "Rp" alone is part of the amount: copied
        "rp 5 rp 6",
        "Arp 5",  # three letters: the "A" stays
        "abc Rp 5",
        "www.abc.com abc",
        "https://x.id/abc def",
        "Presiden tiba di Jakarta.",
        "@abc #def",
        "US$3 abc",
        "\u00a0abc\u00a0",
        "½ ² ³",
    ],
)
def test_copy_only_as_the_full_scan_on_chosen_text(text: str) -> None:
    assert copythrough.is_copy_only(text) == _full_copy_scan(text)


def test_the_chosen_text_reaches_both_answers() -> None:
    assert copythrough.is_copy_only("Rp 5") and copythrough.is_copy_only("rp 5 rp 6")
    assert copythrough._PLAIN_WORD.search("Arp 5")  # the shortcut answers
    assert not copythrough.is_copy_only("Arp 5") and not copythrough.is_copy_only("@abc #def x")
