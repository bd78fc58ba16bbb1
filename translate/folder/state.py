"""Where each input the folder job translates stands, as one explicit state.

    PENDING ──▶ RUNNING ──▶ SENT ──▶ COMMITTED
                   │          │
                   └──────────┴──▶ FAILED

PENDING: planned (changed since the last run, or never done), nothing read for
translation yet. RUNNING: its units are being read and sent. SENT: every unit is read
and sent, some answers may be outstanding. COMMITTED: its outputs are renamed into place
(the ledger records it at the end of the round). FAILED: its outputs are dropped and the
reason is in the report. Inputs skipped or failed while planning never become active, so
they have no state here: they are outcomes straight away.

Any other move is a bug in the job, and ``advance`` raises rather than let a file be
committed twice or written after it failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import PurePosixPath
from typing import Any

from kabar.translate.documents.base import Document
from kabar.translate.folder.discovery import Found


class DocumentState(Enum):
    PENDING = "pending"
    RUNNING = "running"
    SENT = "sent"
    COMMITTED = "committed"
    FAILED = "failed"


_NEXT: dict[DocumentState, frozenset[DocumentState]] = {
    DocumentState.PENDING: frozenset({DocumentState.RUNNING}),
    DocumentState.RUNNING: frozenset({DocumentState.SENT, DocumentState.FAILED}),
    DocumentState.SENT: frozenset({DocumentState.COMMITTED, DocumentState.FAILED}),
    DocumentState.COMMITTED: frozenset(),
    DocumentState.FAILED: frozenset(),
}


class TransitionError(RuntimeError):
    """A move the life cycle above does not allow (a bug, never the user's input)."""


@dataclass(eq=False)  # identity: one per document, used as a dict key
class ActiveDocument:
    """An input to translate: its document, its state, units sent and received.

    sentences: counted by the scan before translating, or None (then the job's total
    grows as they come back). units_done counts those a checkpoint restored too;
    resumed_*: done by an earlier run, re-read but not translated again.
    """

    found: Found
    sha256: str
    outputs: tuple[PurePosixPath, ...]
    document: Document[Any]
    sentences: int | None
    state: DocumentState = DocumentState.PENDING
    outstanding: int = 0
    sentences_done: int = 0
    units_done: int = 0
    resumed_units: int = 0
    resumed_sentences: int = 0

    def advance(self, to: DocumentState) -> None:
        if to not in _NEXT[self.state]:
            raise TransitionError(
                f"{self.found.rel}: cannot go from {self.state.value} to {to.value}"
            )
        self.state = to

    @property
    def failed(self) -> bool:
        return self.state is DocumentState.FAILED

    @property
    def ready(self) -> bool:
        """Every unit read and every answer in: its outputs can be committed."""
        return self.state is DocumentState.SENT and not self.outstanding

    @property
    def part_way(self) -> bool:
        """Worth a checkpoint: some units done, neither committed nor failed."""
        in_flight = self.state in (DocumentState.RUNNING, DocumentState.SENT)
        return in_flight and self.document.resumable and self.units_done > 0

    def sent(self) -> None:
        if self.state is not DocumentState.RUNNING:
            raise TransitionError(f"{self.found.rel}: a unit sent while {self.state.value}")
        self.outstanding += 1

    def received(self, sentences: int) -> None:
        if self.state not in (DocumentState.RUNNING, DocumentState.SENT) or not self.outstanding:
            raise TransitionError(
                f"{self.found.rel}: an answer received while {self.state.value} "
                f"with {self.outstanding} outstanding"
            )
        self.outstanding -= 1
        self.units_done += 1
        self.sentences_done += sentences
