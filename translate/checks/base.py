"""What a check says about one sentence: which check, the source text it is about, and
what is wrong, in plain words ("3.850": "not in the English (it has 1,850)")."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class CheckResult:
    """One finding of a check on a sentence.

    check: the check's name, also the sentence's flag (``kabar.translate.checks.CHECKS``).
    source: the part of the source it is about, as written ("3.850", "@kompascom").
    detail: what is wrong with it in the English, in plain words.
    """

    check: str
    source: str
    detail: str

    @property
    def sentence(self) -> str:
        """The finding as one plain sentence, for the UI and the text outputs."""
        return f"{self.source}: {self.detail}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
