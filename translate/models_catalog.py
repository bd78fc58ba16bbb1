"""The translation models kabar knows by name: what each costs, what it may be used for,
and how well it is published to translate Indonesian into English.

``kabar models`` prints this table; ``--model SHORT_NAME`` (and ``KABAR_MODEL``, the UI,
``kabar download``) resolves a short name to its hub id. Any other Marian, NLLB-200 or
M2M100 model works too, by hub id or folder: this list is what kabar can say more about.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

OPUS_SOURCE = (
    "OPUS-MT leaderboard, FLORES-101 devtest ind-eng, release opus-2019-12-18 "
    "(github.com/Helsinki-NLP/OPUS-MT-leaderboard, scores/ind-eng/flores101-devtest)"
)
NLLB_SOURCE = (
    "NLLB-200's published per-direction figures, FLORES-200 devtest ind_Latn-eng_Latn, as "
    "given to the kabar project (not re-measured here: the weights are not on this machine)"
)
# Peak resident memory translating the seed articles with CTranslate2 int8, beam 4,
# 2 threads, measured on full-size random-weight models (same architecture and vocabulary
# size: the weights' values do not change their memory) with
# `python -m kabar.eval.measure.bench_models` (README, "Choosing a model").
_MEASURED_INT8_MB = {"opus-mt": 342, "nllb-600m": 1676}


@dataclass(frozen=True)
class KnownModel:
    """A model kabar knows by a short name.

    parameters: in millions (as the model's name rounds it; NLLB-600M counted).
    licence, commercial: the weights' licence and whether it allows commercial use.
    flores_bleu / flores_chrf: published id→en figures on FLORES devtest (None: none
        that kabar can cite); scores_source: where they come from.
    """

    name: str
    hub_id: str
    family: str
    parameters: int
    licence: str
    commercial: bool
    flores_bleu: float | None
    flores_chrf: float | None
    scores_source: str

    @property
    def download_mb(self) -> int:
        """The checkpoint's size: its weights are float32, 4 bytes per parameter."""
        return self.parameters * 4

    @property
    def int8_memory_mb(self) -> tuple[int, bool]:
        """(MB, measured): peak memory with CTranslate2 int8, measured where kabar has
        measured it, else estimated as the measured NLLB-600M's overhead plus one byte
        per parameter."""
        measured = _MEASURED_INT8_MB.get(self.name)
        if measured:
            return measured, True
        base = KNOWN_MODELS[1]
        overhead = max(0, _MEASURED_INT8_MB.get(base.name, 0) - base.parameters)
        return self.parameters + overhead, False

    @property
    def usage_notice(self) -> str | None:
        """What a user choosing it must hear (a non-commercial licence)."""
        if self.commercial:
            return None
        return f"{self.name} ({self.hub_id}) is licensed {self.licence}: non-commercial use only"


# One row a model: name, hub id, family, parameters (millions), licence, commercial use.
_MODELS: tuple[tuple[str, str, str, int, str, bool], ...] = (
    ("opus-mt", "Helsinki-NLP/opus-mt-id-en", "marian", 72, "Apache-2.0", True),
    ("nllb-600m", "facebook/nllb-200-distilled-600M", "nllb", 615, "CC-BY-NC-4.0", False),
    ("nllb-1.3b", "facebook/nllb-200-distilled-1.3B", "nllb", 1300, "CC-BY-NC-4.0", False),
    ("nllb-3.3b", "facebook/nllb-200-3.3B", "nllb", 3300, "CC-BY-NC-4.0", False),
    ("m2m100-418m", "facebook/m2m100_418M", "m2m100", 418, "MIT", True),
    ("m2m100-1.2b", "facebook/m2m100_1.2B", "m2m100", 1200, "MIT", True),
)
# Published id→en FLORES devtest (BLEU, chrF, source) by name; a model not listed has no
# figures kabar can cite.
_PUBLISHED_SCORES: dict[str, tuple[float | None, float | None, str]] = {
    "opus-mt": (33.4, 61.2, OPUS_SOURCE),
    "nllb-600m": (40.5, None, NLLB_SOURCE),
    "nllb-3.3b": (44.4, None, NLLB_SOURCE),
}
_NO_PUBLISHED_SCORES: tuple[float | None, float | None, str] = (None, None, "none quoted")

KNOWN_MODELS: tuple[KnownModel, ...] = tuple(
    KnownModel(*row, *_PUBLISHED_SCORES.get(row[0], _NO_PUBLISHED_SCORES)) for row in _MODELS
)


def known_model(name: str) -> KnownModel | None:
    """The known model a short name or hub id names (case-insensitive), or None."""
    wanted = name.strip().lower()
    return next(
        (m for m in KNOWN_MODELS if wanted in (m.name, m.hub_id.lower())),
        None,
    )


def hub_id_of(name: str) -> str:
    """``name`` with a short name replaced by its hub id (anything else unchanged)."""
    found = known_model(name)
    return found.hub_id if found is not None and found.name == name.strip().lower() else name


def usage_notice(model: str) -> str | None:
    """The non-commercial notice of ``model`` (short name or hub id), if it has one."""
    found = known_model(model)
    return found.usage_notice if found is not None else None


@dataclass(frozen=True)
class ModelStatus:
    """A known model and whether (and where, taking how much disk) it is on this machine."""

    model: KnownModel
    folder: Path | None

    @property
    def on_this_machine(self) -> bool:
        return self.folder is not None

    def disk_mb(self) -> tuple[int, bool]:
        """(MB, measured): the files in its folder when present, else the download size."""
        if self.folder is None:
            return self.model.download_mb, False
        size = sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())
        return round(size / 1e6), True

    def to_dict(self) -> dict[str, Any]:
        m = self.model
        disk, disk_measured = self.disk_mb()
        memory, memory_measured = m.int8_memory_mb
        return {
            "name": m.name,
            "hub_id": m.hub_id,
            "family": m.family,
            "parameters_millions": m.parameters,
            "disk_mb": disk,
            "disk_measured": disk_measured,
            "int8_memory_mb": memory,
            "int8_memory_measured": memory_measured,
            "licence": m.licence,
            "commercial_use": m.commercial,
            "flores_bleu": m.flores_bleu,
            "flores_chrf": m.flores_chrf,
            "scores_source": m.scores_source,
            "on_this_machine": self.on_this_machine,
            "folder": str(self.folder) if self.folder else None,
        }
