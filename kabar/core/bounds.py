"""Numeric options that carry their own range: ``bounded`` declares a dataclass field with
its default and the values it may take, ``check_bounds`` checks every such field at once.

The rule stands beside the field it governs, so a new option cannot be added without its
check being in sight, and the error message is written from the same rule it enforces.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, Unpack

from kabar.core.errors import OptionsError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T")

BOUNDS_KEY = "kabar.bounds"  # where a field's Bounds sit in its metadata


@dataclass(frozen=True)
class Bounds:
    """Inclusive ``at_least``/``at_most``, exclusive ``above``; at least one of them, and
    not ``at_least`` with ``above``. ``optional``: None (unset) is allowed too; ``whole``:
    only whole numbers (a count)."""

    at_least: float | None = None
    at_most: float | None = None
    above: float | None = None
    optional: bool = False
    whole: bool = False

    def __post_init__(self) -> None:
        if self.at_least is None and self.at_most is None and self.above is None:
            raise ValueError("a bounded field needs at least one limit")
        if self.at_least is not None and self.above is not None:
            raise ValueError("give at_least or above, not both")

    def holds(self, value: Any) -> bool:
        if value is None:
            return self.optional
        return (
            self.kind_holds(value)
            and (self.at_least is None or value >= self.at_least)
            and (self.at_most is None or value <= self.at_most)
            and (self.above is None or value > self.above)
        )

    def kind_holds(self, value: Any) -> bool:
        """A finite number, and a whole one where the field counts."""
        return finite_number(value) and (not self.whole or isinstance(value, numbers.Integral))

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
    """The keywords of ``bounded``: Bounds' limits."""

    at_least: float
    at_most: float
    above: float
    whole: bool


def bounded(default: T, **limits: Unpack[Limits]) -> T:
    """A dataclass field with ``default`` whose values must lie within the bounds; None
    is allowed only when it is the default (an option left unset), and a field whose
    default is an int takes whole numbers only (``whole=True`` says so for a None one)."""
    bounds = Bounds(
        at_least=limits.get("at_least"),
        at_most=limits.get("at_most"),
        above=limits.get("above"),
        optional=default is None,
        whole=limits.get("whole", isinstance(default, int) and not isinstance(default, bool)),
    )
    return field(default=default, metadata={BOUNDS_KEY: bounds})


def check_bounds(
    options: DataclassInstance, *, what: str, also: Mapping[str, tuple[bool, str]] | None = None
) -> None:
    """Raise OptionsError naming every field of ``options`` outside its bounds, with its
    value and its rule. ``also`` adds rules a bound cannot say (field name -> (holds,
    rule)); ``what`` names the options."""
    broken: dict[str, str] = {}
    for spec in fields(options):
        bounds = spec.metadata.get(BOUNDS_KEY)
        value = getattr(options, spec.name)
        if bounds is None or bounds.holds(value):
            continue
        if bounds.kind_holds(value):
            broken[spec.name] = f"{spec.name} must be {bounds.describe()}"
        else:  # None where a value is needed, NaN, infinity, a string, 2.5 beams
            kind = "a whole number" if bounds.whole else "a finite number"
            broken[spec.name] = f"{spec.name} must be {kind} ({bounds.describe()})"
    for name, (holds, rule) in (also or {}).items():
        if not holds:
            broken.setdefault(name, rule)
    if broken:
        values = ", ".join(f"{name}={getattr(options, name)!r}" for name in broken)
        raise OptionsError(f"invalid {what}: {values}. {'; '.join(broken.values())}.")


def finite_number(value: Any) -> bool:
    """A real number (int, float, numpy's too) neither NaN nor infinite; a bool is not
    one here."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    # Any integer is finite (math.isfinite overflows on 10**400).
    return isinstance(value, numbers.Integral) or math.isfinite(value)
