"""What a folder job is given: its options and what it needs of a translator.

Re-exported by ``kabar.translate.folder.job`` (where callers import them from); kept
apart so the Ray pool and the job's parts can name them without the job itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from kabar.core.errors import OptionsError
from kabar.translate.documents.base import DocumentOptions
from kabar.translate.results import ArticleTranslation, EngineInfo

# (sentences done, sentences in all): the engine's callback shape, over the whole job.
Progress = Callable[[int, int], None]


class ArticleTranslator(Protocol):
    """What the folder job needs of a translator."""

    @property
    def info(self) -> EngineInfo: ...

    def translate_articles(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> list[ArticleTranslation]:
        """Translate each text as one article; results in input order."""


@runtime_checkable
class ReportsWork(Protocol):
    """Optionally, a translator that says where its work ran (a pool of workers): the
    figures go to the report's ``distributed`` entry, a ``summary`` string to stderr."""

    def run_report(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, kw_only=True)
class FolderJobOptions:
    """How a folder is translated.

    documents: what is written per input (JSON too?, brief?, ``.jsonl`` fields, size).
    force: translate every input even if the manifest says it is done.
    settings: what produced the outputs (the engine spec's fingerprint): recorded in the
        manifest; a rerun with other settings translates again.
    features: settings of the extras (e.g. the brief's length): a rerun asking for
        extras the last run did not make translates again.
    round_chars: characters of source sent to the engine at once. Larger rounds batch
        better; a crash loses at most the round in flight.
    max_round_units: a bound on units per round, whatever their size (empty records).
    """

    documents: DocumentOptions = field(default_factory=DocumentOptions)
    force: bool = False
    include_hidden: bool = False  # read lock files, hidden files/folders, editor backups
    skip_other_languages: bool = False  # skip inputs whose text does not look Indonesian
    settings: Mapping[str, Any] = field(default_factory=dict)
    features: Mapping[str, Any] = field(default_factory=dict)
    round_chars: int = 150_000
    max_round_units: int = 2_000

    def __post_init__(self) -> None:
        if self.round_chars < 1:
            raise OptionsError(f"--round-chars must be 1 or more (got {self.round_chars})")
        if self.max_round_units < 1:
            raise OptionsError(f"max_round_units must be 1 or more (got {self.max_round_units})")
