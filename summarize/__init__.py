"""kabar's English briefs: ``Summarizer.load()`` once, then ``.summarize(sentences)``.

Importing this package loads no model, no PyTorch and no numpy: the names below are
imported on first use (PEP 562), so ``import summarize.options`` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarize.engine import Summarizer
    from summarize.options import BriefLength, RankingParams
    from summarize.results import Brief, BriefLine
    from summarize.sentences import split_english

_HOMES = {
    "Summarizer": "summarize.engine",
    "BriefLength": "summarize.options",
    "RankingParams": "summarize.options",
    "Brief": "summarize.results",
    "BriefLine": "summarize.results",
    "split_english": "summarize.sentences",
}

__all__ = ["Brief", "BriefLength", "BriefLine", "RankingParams", "Summarizer", "split_english"]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'summarize' has no attribute {name!r}")
