"""glued_loop_units scans only the long letter/digit tokens: the same units as the scan of
the whole text it replaced (kept here as the reference), on varied and adversarial text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
