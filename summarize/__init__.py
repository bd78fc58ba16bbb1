"""kabar's English briefs: ``Summarizer.load()`` once, then ``.summarize(sentences)``.

Importing this package loads no model, no PyTorch and no numpy: the names below are
imported on first use (PEP 562), so ``import kabar.summarize.options`` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kabar.summarize.engine import Summarizer
    from kabar.summarize.options import BriefLength, RankingParams
    from kabar.summarize.results import Brief, BriefLine
    from kabar.summarize.sentences import split_english

from kabar._guard import only_as_kabar

only_as_kabar(__name__)

_HOMES = {
    "Summarizer": "kabar.summarize.engine",
    "BriefLength": "kabar.summarize.options",
    "RankingParams": "kabar.summarize.options",
    "Brief": "kabar.summarize.results",
    "BriefLine": "kabar.summarize.results",
    "split_english": "kabar.summarize.sentences",
}

__all__ = ["Brief", "BriefLength", "BriefLine", "RankingParams", "Summarizer", "split_english"]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'summarize' has no attribute {name!r}")
