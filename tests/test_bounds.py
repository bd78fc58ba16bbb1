"""Options that declare their ranges: every bad field is named with its value and its rule,
NaN is out of every range, an unset optional value passes."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import pytest

from kabar.core.bounds import BOUNDS_KEY, Bounds, bounded, check_bounds
from kabar.core.errors import OptionsError
from kabar.summarize.news import NewsParams
from kabar.summarize.options import RankingParams
from kabar.translate.distributed.ray_pool import RayPoolOptions
from kabar.translate.options import MAX_BEAM, TranslationOptions


@dataclass(frozen=True, kw_only=True)
class Knobs:
    count: int = bounded(3, at_least=1, at_most=10)
    rate: float = bounded(0.5, above=0)
    share: float = bounded(0.5, above=0, at_most=1)
    limit: int | None = bounded(None, at_least=0)
    free: float = 7.0

    def __post_init__(self) -> None:
        check_bounds(self, what="knob(s)", also={"free": (self.free != 13, "free must not be 13")})


def test_defaults_pass_and_fields_keep_their_defaults() -> None:
    assert Knobs() == Knobs(count=3, rate=0.5, share=0.5, limit=None, free=7.0)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"count": 0}, "invalid knob(s): count=0. count must be 1 to 10."),
        ({"count": 11}, "invalid knob(s): count=11. count must be 1 to 10."),
        ({"rate": 0.0}, "invalid knob(s): rate=0.0. rate must be > 0."),
        ({"share": 1.01}, "invalid knob(s): share=1.01. share must be in (0, 1]."),
        ({"limit": -1}, "invalid knob(s): limit=-1. limit must be >= 0."),
        ({"free": 13.0}, "invalid knob(s): free=13.0. free must not be 13."),
        (
            {"count": 0, "share": 0.0, "free": 13.0},
            "invalid knob(s): count=0, share=0.0, free=13.0. count must be 1 to 10; "
            "share must be in (0, 1]; free must not be 13.",
        ),
    ],
)
def test_every_bad_field_is_named_with_its_value_and_rule(
    bad: dict[str, float], message: str
) -> None:
    with pytest.raises(OptionsError) as error:
        Knobs(**bad)  # type: ignore[arg-type]
    assert str(error.value) == message


def test_edges_are_inside_and_nan_is_outside() -> None:
    Knobs(count=1, share=1.0, limit=0)
    Knobs(count=10, rate=1e-9)
    for name in ("count", "rate", "share", "limit"):
        with pytest.raises(OptionsError, match=f"{name}=nan"):
            Knobs(**{name: math.nan})  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, math.inf, -math.inf, True, "3"])
def test_only_a_finite_number_passes_a_field_that_needs_one(value: object) -> None:
    with pytest.raises(OptionsError) as error:
        Knobs(rate=value)  # type: ignore[arg-type]
    assert (
        str(error.value) == f"invalid knob(s): rate={value!r}. rate must be a finite number (> 0)."
    )


@pytest.mark.parametrize("value", [2.5, None, math.nan, "3"])
def test_a_count_takes_whole_numbers_only(value: object) -> None:
    with pytest.raises(OptionsError) as error:
        Knobs(count=value)  # type: ignore[arg-type]
    assert (
        str(error.value)
        == f"invalid knob(s): count={value!r}. count must be a whole number (1 to 10)."
    )


def test_a_huge_integer_is_a_number_out_of_range_not_a_crash() -> None:
    with pytest.raises(OptionsError, match="count must be 1 to 10"):
        Knobs(count=10**400)


def test_numpy_numbers_are_numbers() -> None:
    import numpy as np

    assert Knobs(count=np.int64(3), rate=np.float32(0.5)).count == 3


def test_none_passes_only_where_it_is_the_default() -> None:
    assert Knobs(limit=None).limit is None  # the default: an option left unset
    with pytest.raises(OptionsError, match="rate must be a finite number"):
        Knobs(rate=None)  # type: ignore[arg-type]


def test_a_bound_needs_a_limit_and_one_lower_limit() -> None:
    with pytest.raises(ValueError, match="at least one limit"):
        bounded(5)
    with pytest.raises(ValueError, match="not both"):
        bounded(5, at_least=1, above=0)


@pytest.mark.parametrize(
    ("make", "rule"),
    [
        (lambda: TranslationOptions(beam_size=MAX_BEAM + 1), f"beam_size must be 1 to {MAX_BEAM}"),
        (
            lambda: TranslationOptions(output_ratio=math.nan),
            "output_ratio must be a finite number (> 0)",
        ),
        (lambda: TranslationOptions(max_input_tokens=7), "max_input_tokens must be >= 8"),
        (lambda: RankingParams(position_decay=0), "position_decay must be > 0"),
        (lambda: NewsParams(duplicate_share=0), "duplicate_share must be in (0, 1]"),
        (lambda: NewsParams(min_words=-1), "min_words must be >= 0"),
        (lambda: RayPoolOptions(start_timeout=0), "start_timeout must be > 0"),
        (lambda: RayPoolOptions(threads=None), "threads must be a whole number (>= 1)"),  # type: ignore[arg-type]
        (lambda: RayPoolOptions(workers=1.5), "workers must be a whole number (>= 1)"),  # type: ignore[arg-type]
        (lambda: TranslationOptions(beam_size=2.5), "beam_size must be a whole number (1 to 32)"),  # type: ignore[arg-type]
        (lambda: TranslationOptions(output_ratio=math.inf), "output_ratio must be a finite"),
        (lambda: RayPoolOptions(max_unit_chars=0), "max_unit_chars must be >= 1"),
        (
            lambda: RayPoolOptions(min_unit_chars=50, max_unit_chars=40),
            "min_unit_chars (50) must be <= max_unit_chars (40)",
        ),
    ],
)
def test_the_options_classes_say_the_rule_they_enforce(make: object, rule: str) -> None:
    with pytest.raises(OptionsError) as error:
        make()  # type: ignore[operator]
    assert rule in str(error.value)


@pytest.mark.parametrize("options", [TranslationOptions, RankingParams, NewsParams])
def test_every_numeric_option_declares_its_range(options: type) -> None:
    # A new option added without a range would go unchecked: the classes that validate
    # every field must declare bounds on every one.
    numeric = [f for f in fields(options) if "int" in str(f.type) or "float" in str(f.type)]
    assert numeric  # the check is not vacuous
    unbounded = [f.name for f in numeric if not isinstance(f.metadata.get(BOUNDS_KEY), Bounds)]
    assert unbounded == []
