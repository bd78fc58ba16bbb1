"""kabar's English briefs: ``Summarizer.load()`` once, then ``.summarize(sentences)``.

Importing this package loads no model and no PyTorch: ``Summarizer.load`` does that.
"""

from summarize.engine import Summarizer
from summarize.options import BriefLength, RankingParams
from summarize.results import Brief, BriefLine
from summarize.sentences import split_english

__all__ = ["Brief", "BriefLength", "BriefLine", "RankingParams", "Summarizer", "split_english"]
