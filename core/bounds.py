"""Numeric options that carry their own range: ``bounded`` declares a dataclass field with
its default and the values it may take, ``check_bounds`` checks every such field at once.

The rule stands beside the field it governs, so a new option cannot be added without its
check being in sight, and the error message is written from the same rule it enforces.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TypedDict, TypeVar, Unpack

from core.errors import OptionsError

T = TypeVar("T")

BOUNDS_KEY = "kabar.bounds"  # where a field's Bounds sit in its metadata


@dataclass(frozen=True)
class Bounds:
    """Inclusive ``at_least``/``at_most``, exclusive ``above``; None (an unset optional
    value) always passes."""

    at_least: float | None = None
    at_most: float | None = None
    above: float | None = None

    def holds(self, value: float | None) -> bool:
        if value is None:
            return True
        # Written so that NaN fails every bound.
        return (
            (self.at_least is None or value >= self.at_least)
            and (self.at_most is None or value <= self.at_most)
            and (self.above is None or value > self.above)
        )

    def describe(self) -> str:
        if self.above is not None and self.at_most is not None:
            return f"in ({self.above:g}, {self.at_most:g}]"
        if self.at_least is not None and self.at_most is not None:
            return f"{self.at_least:g} to {self.at_most:g}"
        if self.above is not None:
            return f"> {self.above:g}"
        if self.at_least is not None:
            return f">= {self.at_least:g}"
        return f"<= {self.at_most:g}"


class Limits(TypedDict, total=False):
    """The keywords of ``bounded``: Bounds' fields."""

    at_least: float
    at_most: float
    above: float


def bounded(default: T, **limits: Unpack[Limits]) -> T:
    """A dataclass field with ``default`` whose values must lie within the bounds."""
    return field(default=default, metadata={BOUNDS_KEY: Bounds(**limits)})


def check_bounds(
    options: object, *, what: str, also: Mapping[str, tuple[bool, str]] | None = None
) -> None:
    """Raise OptionsError naming every field of ``options`` outside its bounds, with its
    value and its rule. ``also`` adds rules a bound cannot say (field name -> (holds,
    rule)); ``what`` names the options."""
    broken: dict[str, str] = {}
    for spec in fields(options):  # type: ignore[arg-type]
        bounds = spec.metadata.get(BOUNDS_KEY)
        if bounds is not None and not bounds.holds(getattr(options, spec.name)):
            broken[spec.name] = f"{spec.name} must be {bounds.describe()}"
    for name, (holds, rule) in (also or {}).items():
        if not holds:
            broken.setdefault(name, rule)
    if broken:
        values = ", ".join(f"{name}={getattr(options, name)!r}" for name in broken)
        raise OptionsError(f"invalid {what}: {values}. {'; '.join(broken.values())}.")
