"""The model choice the UI offers when more than one model is on this machine.

The process starts with one Translator; the others are loaded the first time someone
chooses them, then kept (one engine object per model, never one per request).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kabar.translate.model_source import model_statuses
from kabar.translate.models_catalog import known_model

if TYPE_CHECKING:
    from kabar.translate.engine import Translator


def model_label(model: str) -> str:
    """How the choice reads: the short name and hub id, and "non-commercial" where the
    licence says so."""
    known = known_model(model)
    if known is None:
        return model
    label = f"{known.name} — {known.hub_id}"
    return label if known.commercial else f"{label} (non-commercial: {known.licence})"


def models_on_this_machine(current: str) -> list[str]:
    """``current`` first, then every known model whose files are on this machine."""
    here = [s.model.hub_id for s in model_statuses() if s.on_this_machine]
    return [current, *(m for m in here if m != current)]


class ModelChooser:
    """The models offered (model id, in order) and their translators, loaded on demand
    by ``load`` (which raises KabarError with what to do when a model cannot be had)."""

    def __init__(
        self,
        first: Translator,
        models: Sequence[str],
        load: Callable[[str], Translator],
    ) -> None:
        self.models = list(models)
        self.default = first.info.model
        self._load = load
        self._loaded: dict[str, Translator] = {self.default: first}

    @property
    def offered(self) -> bool:
        return len(self.models) > 1

    def choices(self) -> list[tuple[str, str]]:
        """(label, model) pairs for a dropdown."""
        return [(model_label(m), m) for m in self.models]

    def translator(self, model: str | None) -> Translator:
        """The translator of ``model`` (the first one for None or an unknown choice)."""
        if not model or model not in self.models:
            model = self.default
        if model not in self._loaded:
            self._loaded[model] = self._load(model)
        return self._loaded[model]
