"""Scoring translations with sacrebleu: ``kabar score`` and ``kabar eval``."""

from kabar._guard import only_as_kabar

only_as_kabar(__name__)
